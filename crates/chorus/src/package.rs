//! Deposit packages: what the portal takes in one go, plus a manifest.
//!
//! [`package`] reads files through an [`InvoiceReader`] (the seam to the
//! CII reader and PDF extractor, which live in other crates);
//! [`package_documents`] takes already-read [`Document`]s (model + bytes),
//! which is what tests and callers without the reader use.
//!
//! Each document is checked with the Chorus rules ([`crate::rules`]) and
//! against duplicates (CPRO-19: the same supplier, year and number earlier in
//! the batch or in the [`Ledger`]). Failing documents are rejected with
//! their reasons; with `force` the rule findings are overridden, duplicates
//! never are (use `ledger forget` after a Chorus Pro rejection). Accepted
//! documents are written as single files or as `.zip` / `.tar.gz` batches of
//! one syntax each, within [`Options::max_batch_files`] and
//! [`Options::max_batch_bytes`], then `manifest.json`.
//!
//! # Crash consistency
//!
//! The ledger transaction is opened (`BEGIN IMMEDIATE`, taking SQLite's
//! write lock) before anything is checked against the ledger, and committed
//! only after every output file and the manifest are written: each written to
//! a temporary name in the output folder, `fsync`ed, renamed into place, and
//! the folder `fsync`ed. So:
//! - killed before the commit: SQLite rolls the transaction back when the
//!   ledger is next opened, nothing is recorded; complete files may sit in
//!   the output folder (never partial ones: only temporary names can be
//!   partial, and the next run removes them). Re-running the same command
//!   rewrites the same file names and records everything once.
//! - killed after the commit: the package is complete and recorded; a
//!   re-run into the same folder stops with [`Error::OutputInUse`], and
//!   into another folder rejects every invoice as already recorded (CPRO-19).
//!
//! A folder holds one package. Re-running into it after an interruption
//! removes batch archives of ours (`chorus-batch-*`) that the new run does
//! not write and rewrites the manifest; a file or manifest that belongs to a
//! committed package (its SHA-256 is in the ledger) is never replaced nor
//! removed ([`Error::OutputInUse`]).
//!
//! # Wire format of `manifest.json`
//!
//! ```json
//! {
//!   "format": "facturx-chorus-manifest/1",
//!   "created_at": 1795425600,
//!   "deposits": [{
//!     "file": "chorus-batch-cii-001.tar.gz",
//!     "syntaxeFlux": "IN_DP_E1_CII_16B",
//!     "size": 48213,
//!     "sha256": "3f0c…",
//!     "invoices": [{
//!       "source": "in/FA-2026-0001.xml", "file_name": "FA-2026-0001.xml",
//!       "number": "FA-2026-0001", "supplier": "123456782", "year": 2026
//!     }]
//!   }],
//!   "rejected": [{
//!     "source": "in/FA-2026-0500.xml", "number": "FA-2026-0500",
//!     "reasons": [{"rule": "CPRO-07", "severity": "fatal", "layer": "chorus",
//!                  "location": {"path": "/rsm:CrossIndustryInvoice/…/ram:TypeCode"},
//!                  "message": "Chorus Pro regime (framework A1-A25): …"}]
//!   }]
//! }
//! ```
//!
//! `created_at` is seconds since 1970 (UTC); `forced` and `warnings` are
//! omitted when empty; `reasons`, `forced` and `warnings` hold
//! [`Finding`]s as every report format serialises them. `syntaxeFlux` is
//! what [`crate::api::deposit_file`] sends for the file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use facturx_model::Invoice;
use facturx_report::{Finding, Layer, Location, Severity};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Error;
use crate::ledger::{Entry, InvoiceKey, Ledger, LedgerTx, now_unix};
use crate::rules::{AttachmentFact, CheckOptions, FileFacts, REGIME, check};

/// The Chorus Pro `syntaxeFlux` of a deposited file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Syntax {
    /// A Factur-X PDF: flux E2 "mixte", `IN_DP_E2_CII_FACTURX`.
    #[serde(rename = "IN_DP_E2_CII_FACTURX")]
    FacturX,
    /// A bare CII XML: `IN_DP_E1_CII_16B`.
    #[serde(rename = "IN_DP_E1_CII_16B")]
    Cii,
}

impl Syntax {
    /// The `syntaxeFlux` code.
    pub fn code(self) -> &'static str {
        match self {
            Syntax::FacturX => "IN_DP_E2_CII_FACTURX",
            Syntax::Cii => "IN_DP_E1_CII_16B",
        }
    }

    /// Recognises a PDF (`%PDF-`) or an XML document (`<` after an optional
    /// BOM and blanks).
    pub fn sniff(bytes: &[u8]) -> Option<Syntax> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Syntax::FacturX);
        }
        let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first = rest.iter().find(|b| !b.is_ascii_whitespace());
        (first == Some(&b'<')).then_some(Syntax::Cii)
    }

    fn short(self) -> &'static str {
        match self {
            Syntax::FacturX => "facturx",
            Syntax::Cii => "cii",
        }
    }
}

/// How accepted documents are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchFormat {
    /// One deposit file per invoice, copied as is.
    #[default]
    Single,
    /// `.zip` batches.
    Zip,
    /// `.tar.gz` batches (the form OCA deposits several invoices in).
    TarGz,
}

/// Packaging options.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// Package documents that fail the Chorus rules (never duplicates).
    pub force: bool,
    /// The ledger file; `None` uses [`Ledger::default_path`].
    pub ledger_path: Option<PathBuf>,
    /// Single files or batches.
    pub batch: BatchFormat,
    /// Most invoices per batch: 500, the limit of a structured flux E1 as a
    /// third-party help page gives it (UNCONFIRMED in the digest).
    pub max_batch_files: usize,
    /// Most bytes per batch, counted before compression: 120 MB, the only
    /// confirmed size limit of a deposit.
    pub max_batch_bytes: u64,
    /// Rule options (deposit date, directory).
    pub check: CheckOptions<'a>,
}

impl<'a> Options<'a> {
    /// Defaults: no force, default ledger, single files, 500 files and
    /// 120 MB per batch.
    pub fn new(check: CheckOptions<'a>) -> Self {
        Options {
            force: false,
            ledger_path: None,
            batch: BatchFormat::Single,
            max_batch_files: 500,
            max_batch_bytes: crate::rules::MAX_TOTAL_BYTES,
            check,
        }
    }
}

/// One input: the file's bytes and the invoice read from it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The input as the user named it (a path), for messages and the ledger.
    pub source: String,
    /// The file name to deposit under.
    pub file_name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The invoice, or why it could not be read.
    pub invoice: Result<Invoice, String>,
    /// Embedded files other than the invoice XML (`file_size` is filled
    /// from `bytes` when absent).
    pub facts: FileFacts,
}

/// Reads an invoice from a file's bytes: the seam to the CII reader and the
/// PDF extractor. Returns the invoice and the PDF's other embedded files.
pub trait InvoiceReader {
    /// Reads `bytes` (the content of `file_name`).
    fn read(&self, file_name: &str, bytes: &[u8])
    -> Result<(Invoice, Vec<AttachmentFact>), String>;
}

impl<F> InvoiceReader for F
where
    F: Fn(&str, &[u8]) -> Result<(Invoice, Vec<AttachmentFact>), String>,
{
    fn read(
        &self,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(Invoice, Vec<AttachmentFact>), String> {
        self(file_name, bytes)
    }
}

/// What a package run did.
#[derive(Debug, Clone, Serialize)]
pub struct PackageSummary {
    /// Files written, ready to deposit.
    pub deposits: Vec<DepositFile>,
    /// Inputs refused, with their reasons.
    pub rejected: Vec<Rejection>,
    /// The manifest written.
    pub manifest: PathBuf,
    /// The ledger used.
    pub ledger: PathBuf,
}

/// One file to deposit.
#[derive(Debug, Clone, Serialize)]
pub struct DepositFile {
    /// The file's name in the output folder.
    pub file: String,
    /// `syntaxeFlux` for `deposer/flux`.
    #[serde(rename = "syntaxeFlux")]
    pub syntax: Syntax,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// The invoices it carries.
    pub invoices: Vec<PackagedInvoice>,
}

/// One invoice inside a deposit file.
#[derive(Debug, Clone, Serialize)]
pub struct PackagedInvoice {
    /// The input it came from.
    pub source: String,
    /// Its name inside the deposit file.
    pub file_name: String,
    /// BT-1.
    pub number: String,
    /// The ledger's supplier key.
    pub supplier: String,
    /// BT-2's year.
    pub year: u16,
    /// Fatal findings overridden by `force`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<Finding>,
    /// Warnings (CPRO-05 when BT-23 is absent), which never block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Finding>,
}

/// One refused input.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    /// The input.
    pub source: String,
    /// BT-1 when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Why: the fatal findings (CPRO-19 for duplicates, `INPUT` for
    /// unreadable files).
    pub reasons: Vec<Finding>,
}

/// Reads `files`, then packages them as [`package_documents`] does.
/// A file that cannot be read or parsed is rejected, not an error.
pub fn package(
    files: &[PathBuf],
    out_dir: &Path,
    options: &Options<'_>,
    reader: &dyn InvoiceReader,
) -> Result<PackageSummary, Error> {
    let mut docs = Vec::with_capacity(files.len());
    for path in files {
        let source = path.display().to_string();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.clone());
        let (bytes, invoice, attachments) = match std::fs::read(path) {
            Ok(bytes) => match reader.read(&file_name, &bytes) {
                Ok((inv, att)) => (bytes, Ok(inv), att),
                Err(e) => (bytes, Err(e), Vec::new()),
            },
            Err(e) => (Vec::new(), Err(format!("cannot read: {e}")), Vec::new()),
        };
        docs.push(Document {
            source,
            file_name,
            bytes,
            invoice,
            facts: FileFacts {
                file_size: None,
                attachments,
            },
        });
    }
    package_documents(docs, out_dir, options)
}

fn reason(rule: &'static str, path: &str, message: String) -> Finding {
    Finding::new(
        rule,
        Severity::Fatal,
        Layer::Chorus,
        Location::xpath(path),
        format!("{REGIME}: {message}"),
    )
}

struct Accepted {
    doc: Document,
    syntax: Syntax,
    key: InvoiceKey,
    forced: Vec<Finding>,
    warnings: Vec<Finding>,
}

/// Checks `docs`, writes the accepted ones to `out_dir` with a manifest, and
/// records them in the ledger (see the module docs for the order of steps).
pub fn package_documents(
    docs: Vec<Document>,
    out_dir: &Path,
    options: &Options<'_>,
) -> Result<PackageSummary, Error> {
    let ledger_path = match &options.ledger_path {
        Some(p) => p.clone(),
        None => Ledger::default_path()?,
    };
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut ledger = Ledger::open(&ledger_path)?;
    let tx = ledger.begin()?;

    let mut accepted: Vec<Accepted> = Vec::new();
    let mut rejected = Vec::new();
    let mut seen: HashMap<InvoiceKey, String> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for mut doc in docs {
        let invoice = match &doc.invoice {
            Ok(inv) => inv,
            Err(e) => {
                rejected.push(Rejection {
                    source: doc.source.clone(),
                    number: None,
                    reasons: vec![reason("INPUT", "", format!("cannot read the invoice: {e}"))],
                });
                continue;
            }
        };
        let number = Some(invoice.number.clone());
        let Some(syntax) = Syntax::sniff(&doc.bytes) else {
            rejected.push(Rejection {
                source: doc.source.clone(),
                number,
                reasons: vec![reason(
                    "INPUT",
                    "",
                    "the file is neither a PDF nor an XML document".to_string(),
                )],
            });
            continue;
        };
        if doc.facts.file_size.is_none() {
            doc.facts.file_size = Some(doc.bytes.len() as u64);
        }
        let findings = check(invoice, &doc.facts, &options.check);
        let (fatal, warnings): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .partition(|f| f.severity == Severity::Fatal);
        let key = InvoiceKey::of(invoice);
        let mut dup = Vec::new();
        if let Some(first) = seen.get(&key) {
            dup.push(reason(
                "CPRO-19",
                crate::rules::path::BT_1,
                format!("duplicate invoice number ({key}): {first} in this batch has it too"),
            ));
        } else if let Some(entry) = tx.get(&key)? {
            dup.push(reason(
                "CPRO-19",
                crate::rules::path::BT_1,
                format!(
                    "invoice number already packaged ({key}): {} in {}{}; after a Chorus Pro \
                     rejection, remove it with `facturx ledger forget`",
                    entry.source,
                    entry.deposit_file,
                    entry
                        .deposit_number
                        .map(|n| format!(", deposit {n}"))
                        .unwrap_or_default()
                ),
            ));
        } else if options.batch == BatchFormat::Single && reserved_name(&doc.file_name) {
            dup.push(reason(
                "INPUT",
                "",
                format!("file name {} is reserved by the package", doc.file_name),
            ));
        } else {
            // Single files share the folder, batch members an archive: names
            // must be unique either way.
            if let Some(other) = names.get(&doc.file_name) {
                dup.push(reason(
                    "INPUT",
                    "",
                    format!(
                        "file name {} is also used by {other} in this batch",
                        doc.file_name
                    ),
                ));
            }
        }
        if !dup.is_empty() || (!fatal.is_empty() && !options.force) {
            let mut reasons = fatal;
            reasons.extend(dup);
            rejected.push(Rejection {
                source: doc.source.clone(),
                number,
                reasons,
            });
            continue;
        }
        seen.insert(key.clone(), doc.source.clone());
        names.insert(doc.file_name.clone(), doc.source.clone());
        accepted.push(Accepted {
            doc,
            syntax,
            key,
            forced: fatal,
            warnings,
        });
    }

    guard_manifest(out_dir, &tx)?;
    let deposits = write_package(&accepted, out_dir, options, &tx)?;
    let manifest = out_dir.join("manifest.json");
    let summary = PackageSummary {
        deposits,
        rejected,
        manifest: manifest.clone(),
        ledger: ledger_path,
    };
    let json = serde_json::to_vec_pretty(&Manifest::from(&summary)).map_err(|e| Error::Io {
        path: manifest.clone(),
        source: std::io::Error::other(e),
    })?;
    write_atomic(out_dir, "manifest.json", &json)?;
    sync_dir(out_dir)?;
    record(&tx, &summary)?;
    tx.commit()?;
    Ok(summary)
}

fn record(tx: &LedgerTx<'_>, summary: &PackageSummary) -> Result<(), Error> {
    let now = now_unix();
    for dep in &summary.deposits {
        for inv in &dep.invoices {
            tx.insert(&Entry {
                key: InvoiceKey {
                    supplier: inv.supplier.clone(),
                    year: inv.year,
                    number: inv.number.clone(),
                },
                source: inv.source.clone(),
                deposit_file: dep.file.clone(),
                deposit_sha256: dep.sha256.clone(),
                recorded_at: now,
                deposit_number: None,
            })?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    created_at: i64,
    deposits: &'a [DepositFile],
    rejected: &'a [Rejection],
}

impl<'a> From<&'a PackageSummary> for Manifest<'a> {
    fn from(s: &'a PackageSummary) -> Self {
        Manifest {
            format: "facturx-chorus-manifest/1",
            created_at: now_unix(),
            deposits: &s.deposits,
            rejected: &s.rejected,
        }
    }
}

const TMP_PREFIX: &str = ".facturx-tmp-";
const BATCH_PREFIX: &str = "chorus-batch-";

/// Names the package writes itself; an input named so would be overwritten.
fn reserved_name(name: &str) -> bool {
    name == "manifest.json" || name.starts_with(TMP_PREFIX) || name.starts_with(BATCH_PREFIX)
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `dir/name` through a temporary file, `fsync`, rename.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Error> {
    let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
    f.write_all(bytes).map_err(io_err(&tmp))?;
    f.sync_all().map_err(io_err(&tmp))?;
    drop(f);
    let dest = dir.join(name);
    std::fs::rename(&tmp, &dest).map_err(io_err(&dest))
}

fn sync_dir(dir: &Path) -> Result<(), Error> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

/// SHA-256 of `bytes`, lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn packaged(a: &Accepted) -> PackagedInvoice {
    PackagedInvoice {
        source: a.doc.source.clone(),
        file_name: a.doc.file_name.clone(),
        number: a.key.number.clone(),
        supplier: a.key.supplier.clone(),
        year: a.key.year,
        forced: a.forced.clone(),
        warnings: a.warnings.clone(),
    }
}

/// Removes leftovers of an earlier, interrupted run: temporary files, and
/// batch archives of ours this run does not write.
fn clean_leftovers(out_dir: &Path, keep: &[String], tx: &LedgerTx<'_>) -> Result<(), Error> {
    let entries = std::fs::read_dir(out_dir).map_err(io_err(out_dir))?;
    for entry in entries {
        let entry = entry.map_err(io_err(out_dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with(TMP_PREFIX)
            || (name.starts_with(BATCH_PREFIX) && !keep.contains(&name));
        if ours {
            let path = entry.path();
            if !name.starts_with(TMP_PREFIX) {
                guard_committed(&path, None, tx)?;
            }
            std::fs::remove_file(&path).map_err(io_err(&path))?;
        }
    }
    Ok(())
}

/// Refuses to replace (or, with `new_bytes` `None`, remove) a file that a
/// committed package wrote: the ledger names its content as a deposit file,
/// so its invoices would be recorded but lost. An interrupted run's files
/// are not in the ledger and may be replaced.
fn guard_committed(path: &Path, new_bytes: Option<&[u8]>, tx: &LedgerTx<'_>) -> Result<(), Error> {
    let Ok(existing) = std::fs::read(path) else {
        return Ok(());
    };
    if new_bytes == Some(existing.as_slice()) {
        return Ok(());
    }
    if tx.has_deposit_sha(&sha256_hex(&existing))? {
        return Err(Error::OutputInUse {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Refuses a folder whose `manifest.json` lists a deposit file the ledger
/// recorded: it holds a committed package, and a new manifest would hide it.
fn guard_manifest(out_dir: &Path, tx: &LedgerTx<'_>) -> Result<(), Error> {
    let path = out_dir.join("manifest.json");
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(());
    };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Ok(());
    };
    let shas = json
        .get("deposits")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("sha256").and_then(|s| s.as_str()));
    for sha in shas {
        if tx.has_deposit_sha(sha)? {
            return Err(Error::OutputInUse { path });
        }
    }
    Ok(())
}

fn write_package(
    accepted: &[Accepted],
    out_dir: &Path,
    options: &Options<'_>,
    tx: &LedgerTx<'_>,
) -> Result<Vec<DepositFile>, Error> {
    let mut out = Vec::new();
    if options.batch == BatchFormat::Single {
        clean_leftovers(out_dir, &[], tx)?;
        for a in accepted {
            guard_committed(&out_dir.join(&a.doc.file_name), Some(&a.doc.bytes), tx)?;
        }
        for a in accepted {
            write_atomic(out_dir, &a.doc.file_name, &a.doc.bytes)?;
            out.push(DepositFile {
                file: a.doc.file_name.clone(),
                syntax: a.syntax,
                size: a.doc.bytes.len() as u64,
                sha256: sha256_hex(&a.doc.bytes),
                invoices: vec![packaged(a)],
            });
        }
        return Ok(out);
    }
    // Batches hold one syntax each: the deposit names one syntaxeFlux.
    let mut groups: Vec<(Syntax, Vec<&Accepted>)> = Vec::new();
    for syntax in [Syntax::FacturX, Syntax::Cii] {
        let mut current: Vec<&Accepted> = Vec::new();
        let mut bytes = 0u64;
        for a in accepted.iter().filter(|a| a.syntax == syntax) {
            let size = a.doc.bytes.len() as u64;
            let full = current.len() >= options.max_batch_files.max(1)
                || (!current.is_empty() && bytes + size > options.max_batch_bytes);
            if full {
                groups.push((syntax, std::mem::take(&mut current)));
                bytes = 0;
            }
            bytes += size;
            current.push(a);
        }
        if !current.is_empty() {
            groups.push((syntax, current));
        }
    }
    let ext = if options.batch == BatchFormat::Zip {
        "zip"
    } else {
        "tar.gz"
    };
    let names: Vec<String> = {
        let mut counters: HashMap<Syntax, usize> = HashMap::new();
        groups
            .iter()
            .map(|(syntax, _)| {
                let n = counters.entry(*syntax).or_insert(0);
                *n += 1;
                format!("{BATCH_PREFIX}{}-{:03}.{ext}", syntax.short(), n)
            })
            .collect()
    };
    clean_leftovers(out_dir, &names, tx)?;
    // Checked before writing anything: a committed archive under a name this
    // run uses means the folder holds another package. (Identical content is
    // impossible here: its invoices would have been rejected as duplicates.)
    for name in &names {
        guard_committed(&out_dir.join(name), None, tx)?;
    }
    for ((syntax, members), name) in groups.iter().zip(names) {
        let bytes = match options.batch {
            BatchFormat::Zip => zip_bytes(members).map_err(io_err(out_dir))?,
            _ => tar_gz_bytes(members).map_err(io_err(out_dir))?,
        };
        write_atomic(out_dir, &name, &bytes)?;
        out.push(DepositFile {
            file: name,
            syntax: *syntax,
            size: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            invoices: members.iter().map(|a| packaged(a)).collect(),
        });
    }
    Ok(out)
}

fn tar_gz_bytes(members: &[&Accepted]) -> std::io::Result<Vec<u8>> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for a in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(a.doc.bytes.len() as u64);
        header.set_mode(0o644);
        // A fixed date keeps archives byte-identical across re-runs.
        header.set_mtime(0);
        header.set_cksum();
        tar.append_data(&mut header, &a.doc.file_name, a.doc.bytes.as_slice())?;
    }
    tar.into_inner()?.finish()
}

fn zip_bytes(members: &[&Accepted]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for a in members {
        zip.start_file(a.doc.file_name.as_str(), opts)
            .map_err(std::io::Error::other)?;
        zip.write_all(&a.doc.bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}
