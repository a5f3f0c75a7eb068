//! Writing into the output directory: atomic files and the job's reports
//! (`manifest.json`, `rejects.json`, `rejects.csv`), streamed as the job goes.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Error;
use crate::csv::Problem;

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Written {
    /// Written (new, or replaced with `overwrite`).
    New,
    /// Already there with the same content: left alone.
    Unchanged,
}

/// Writes `bytes` to `dir/name` atomically: a temporary file in the same
/// directory, renamed over the target, so a reader never sees half a file.
///
/// An existing file with the same bytes is left alone ([`Written::Unchanged`]);
/// one with different bytes is kept and `Ok(None)` returned unless `overwrite`.
pub fn write_atomic(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    overwrite: bool,
) -> Result<Option<Written>, Error> {
    let path = dir.join(name);
    match fs::read(&path) {
        Ok(existing) if existing == bytes => return Ok(Some(Written::Unchanged)),
        Ok(_) if !overwrite => return Ok(None),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(path, e)),
    }
    // The temporary name derives from the target name, unique within a job,
    // and the process id, unique among concurrent jobs; `create` (not
    // `create_new`) so that a leftover from a crashed run is simply replaced.
    // The file gets the usual permissions (umask), unlike a `tempfile` one.
    let tmp = temporary_path(dir, name);
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, &path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(Some(Written::New))
}

/// Removes temporaries left in `dir` by a run that was killed before its
/// renames (see [`temporary_path`]).
///
/// Only files whose process is gone are removed, so a concurrent job's
/// files in flight are left alone. Returns how many were removed.
pub fn remove_stale_temporaries(dir: &Path) -> Result<usize, Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_owner) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        match fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(entry.path(), e)),
        }
    }
    Ok(removed)
}

/// Where `name` is written before its rename: `.NAME.PID.tmp` in the same
/// directory (hidden, unique among concurrent jobs, owner readable back).
fn temporary_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// The process id in a temporary's name `.NAME.PID.tmp`, if it is one.
fn temporary_owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = stem.rsplit_once('.')?;
    if target.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process with this id runs now; where that cannot be told,
/// assume it does (keeping a stray file is safer than deleting live work).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// One output in `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestEntry {
    /// File name in the output directory.
    pub file: String,
    /// `new` or `unchanged`.
    pub status: Written,
    /// BT-1.
    pub invoice_number: String,
    /// BT-2, `YYYY-MM-DD`.
    pub issue_date: String,
    /// BT-27.
    pub seller: String,
    /// BT-44.
    pub buyer: String,
    /// BT-48 when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_vat_id: Option<String>,
    /// BT-5.
    pub currency: String,
    /// BT-109.
    pub tax_basis_total: String,
    /// BT-110.
    pub tax_total: String,
    /// BT-112.
    pub grand_total: String,
    /// BT-115.
    pub due_payable: String,
    /// The Factur-X profile (BT-24 name).
    pub profile: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// Source rows (physical line numbers) in the export.
    pub rows: Vec<u64>,
    /// Rows of the lines file, for two-file exports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines_rows: Vec<u64>,
}

/// One rejected invoice in `rejects.json` and `rejects.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Reject {
    /// The export file the invoice comes from.
    pub source: String,
    /// Its rows (physical line numbers) there.
    pub rows: Vec<u64>,
    /// The lines file of a two-file export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines_source: Option<String>,
    /// Its rows in the lines file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines_rows: Vec<u64>,
    /// BT-1 as written in the export (may be empty).
    pub invoice_number: String,
    /// Every problem, in the order found.
    pub problems: Vec<Problem>,
}

/// A report being written under a temporary name, renamed when complete.
struct Pending {
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    fn create(dir: &Path, name: &str) -> io::Result<(Pending, BufWriter<fs::File>)> {
        let path = dir.join(name);
        let tmp = temporary_path(dir, name);
        let file = fs::File::create(&tmp)?;
        Ok((Pending { tmp, path }, BufWriter::new(file)))
    }

    fn finish(self, out: BufWriter<fs::File>) -> io::Result<()> {
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        drop(file);
        fs::rename(&self.tmp, &self.path)
    }
}

/// A JSON array written one element at a time.
struct JsonArray {
    pending: Pending,
    out: BufWriter<fs::File>,
    count: u64,
}

impl JsonArray {
    fn new(dir: &Path, name: &str, open: &str) -> io::Result<JsonArray> {
        let (pending, mut out) = Pending::create(dir, name)?;
        out.write_all(open.as_bytes())?;
        Ok(JsonArray {
            pending,
            out,
            count: 0,
        })
    }

    fn push<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut self.out, item)?;
        self.count += 1;
        Ok(())
    }

    fn finish(mut self, close: &str) -> io::Result<()> {
        if self.count > 0 {
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(close.as_bytes())?;
        self.pending.finish(self.out)
    }
}

/// The three reports of a job, written as outcomes arrive and moved into
/// place when the job ends.
pub struct Reports {
    dir: PathBuf,
    manifest: JsonArray,
    rejects: JsonArray,
    rejects_csv: csv::Writer<BufWriter<fs::File>>,
    rejects_csv_pending: Pending,
}

impl Reports {
    /// Starts the reports in `dir`; `delimiter` is used for `rejects.csv`.
    pub fn new(dir: &Path, delimiter: u8) -> Result<Reports, Error> {
        let io = |e| Error::io(dir, e);
        let (rejects_csv_pending, mut out) = Pending::create(dir, "rejects.csv").map_err(io)?;
        // A BOM so that spreadsheet programs read the accents right.
        out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        let mut rejects_csv = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(out);
        rejects_csv
            .write_record([
                "source",
                "rows",
                "invoice_number",
                "rules",
                "messages",
                "lines_source",
                "lines_rows",
            ])
            .map_err(|e| Error::io(dir, e.into()))?;
        Ok(Reports {
            dir: dir.to_path_buf(),
            manifest: JsonArray::new(dir, "manifest.json", "{\"files\": [").map_err(io)?,
            rejects: JsonArray::new(dir, "rejects.json", "[").map_err(io)?,
            rejects_csv,
            rejects_csv_pending,
        })
    }

    /// Records an output.
    pub fn written(&mut self, entry: &ManifestEntry) -> Result<(), Error> {
        self.manifest
            .push(entry)
            .map_err(|e| Error::io(self.dir.join("manifest.json"), e))
    }

    /// Records a rejected invoice.
    pub fn rejected(&mut self, reject: &Reject) -> Result<(), Error> {
        self.rejects
            .push(reject)
            .map_err(|e| Error::io(self.dir.join("rejects.json"), e))?;
        let join = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        let mut rules: Vec<&str> = reject.problems.iter().map(|p| p.rule.as_str()).collect();
        rules.dedup();
        let messages: Vec<String> = reject.problems.iter().map(Problem::to_string).collect();
        self.rejects_csv
            .write_record([
                reject.source.as_str(),
                &join(&reject.rows),
                &reject.invoice_number,
                &rules.join(" "),
                &messages.join("\n"),
                reject.lines_source.as_deref().unwrap_or(""),
                &join(&reject.lines_rows),
            ])
            .map_err(|e| Error::io(self.dir.join("rejects.csv"), e.into()))
    }

    /// Closes the reports (with the summary in `manifest.json`) and moves them into place.
    pub fn finish<S: Serialize>(self, summary: &S) -> Result<(), Error> {
        let dir = self.dir;
        let summary = serde_json::to_string(summary)
            .map_err(|e| Error::io(dir.join("manifest.json"), e.into()))?;
        let close = format!("],\n\"summary\": {summary}\n}}\n");
        let path = dir.join("manifest.json");
        self.manifest
            .finish(&close)
            .map_err(|e| Error::io(path, e))?;
        let path = dir.join("rejects.json");
        self.rejects.finish("]\n").map_err(|e| Error::io(path, e))?;
        let path = dir.join("rejects.csv");
        let out = self
            .rejects_csv
            .into_inner()
            .map_err(|e| Error::io(&path, io::Error::other(e.to_string())))?;
        self.rejects_csv_pending
            .finish(out)
            .map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod temporaries {
    use super::*;

    #[test]
    fn owner_is_read_from_the_name() {
        assert_eq!(temporary_owner(".F1.xml.4242.tmp"), Some(4242));
        assert_eq!(temporary_owner(".rejects.csv.7.tmp"), Some(7));
        assert_eq!(temporary_owner("F1.xml"), None);
        assert_eq!(temporary_owner(".F1.xml.tmp"), None);
        assert_eq!(temporary_owner("..1.tmp"), None);
    }

    #[test]
    fn only_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids are below 2^22 on Linux: this one cannot be running.
        let dead = dir.path().join(".F1.xml.4294967295.tmp");
        let ours = dir
            .path()
            .join(format!(".F2.xml.{}.tmp", std::process::id()));
        let output = dir.path().join("F3.xml");
        for path in [&dead, &ours, &output] {
            fs::write(path, b"x").unwrap();
        }
        let removed = remove_stale_temporaries(dir.path()).unwrap();
        assert_eq!(removed, usize::from(cfg!(target_os = "linux")));
        assert_eq!(dead.exists(), !cfg!(target_os = "linux"));
        assert!(ours.exists() && output.exists());
    }
}
