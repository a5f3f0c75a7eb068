//! The `convert` job: read, group, convert in parallel, write, account.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use facturx_model::{Invoice, Profile};

use crate::Error;
use crate::csv::{self, Export, Mapping, Plan, Problem, RawInvoice};
use crate::name::{file_name, seller_key};
use crate::output::{ManifestEntry, Reject, Reports, Written, write_atomic};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// CII XML files (`.xml`).
    #[default]
    Xml,
    /// Factur-X PDF/A-3 files with the XML embedded (`.pdf`).
    Pdf,
}

/// How each output is checked before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validation {
    /// The profile's XSD, then the official schematron rules (EN 16931 and
    /// the Factur-X profile set) run by `facturx-rules`: the full verdict,
    /// about 5 times the CPU of the XSD alone.
    #[default]
    Rules,
    /// The profile's XSD only: structure, types and code formats, not the
    /// business rules (BR-*). Totals and VAT breakdown are still computed by
    /// `facturx_model::calc`, which follows those rules by construction.
    Xsd,
}

/// What to convert and how.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// The export: the only file, or the invoices file of a two-file export.
    pub input: PathBuf,
    /// The lines file of a two-file export.
    pub lines: Option<PathBuf>,
    /// The output directory (created if missing).
    pub outdir: PathBuf,
    /// XML or PDF.
    pub format: Format,
    /// The Factur-X profile to write.
    pub profile: Profile,
    /// The mapping file; `None` uses the mapping `init_mapping` guesses
    /// from the export, which works for exports whose columns it recognises.
    pub mapping: Option<PathBuf>,
    /// Replace existing outputs whose content differs.
    pub overwrite: bool,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// The checks every output passes before it is written.
    pub validation: Validation,
}

impl ConvertOptions {
    /// XML output in EN 16931, no overwrite, one thread per core.
    pub fn new(input: impl Into<PathBuf>, outdir: impl Into<PathBuf>) -> ConvertOptions {
        ConvertOptions {
            input: input.into(),
            lines: None,
            outdir: outdir.into(),
            format: Format::Xml,
            profile: Profile::En16931,
            mapping: None,
            overwrite: false,
            jobs: None,
            validation: Validation::default(),
        }
    }
}

/// Counters reported while the job runs (after each chunk of invoices).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Invoices read from the export so far.
    pub read: u64,
    /// Invoices whose file is in the output directory (new or unchanged).
    pub written: u64,
    /// Of `written`: files that were already there, identical.
    pub unchanged: u64,
    /// Invoices rejected.
    pub rejected: u64,
    /// Bytes of the export(s) read so far.
    pub bytes_read: u64,
    /// Size of the export(s) in bytes.
    pub bytes_total: u64,
}

/// The result of a job: `read == written + rejected`, always.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Invoices read.
    pub read: u64,
    /// Invoices with a file in the output directory (including `unchanged`).
    pub written: u64,
    /// Of `written`: identical files already there from an earlier run.
    pub unchanged: u64,
    /// Invoices in `rejects.csv` / `rejects.json`.
    pub rejected: u64,
    /// Wall time.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} read, {} written, {} rejected",
            self.read, self.written, self.rejected
        )?;
        if self.unchanged > 0 {
            write!(f, " ({} already up to date)", self.unchanged)?;
        }
        Ok(())
    }
}

/// Invoices handed to the workers at a time; output order follows input order.
const CHUNK: usize = 1024;

/// Converts an export into one file per invoice in `options.outdir`, plus
/// `manifest.json`, `rejects.json` and `rejects.csv`.
///
/// Every invoice read ends either as a file that passed validation or as a
/// reject, so `read == written + rejected`. `progress` is called from the
/// calling thread after each chunk of invoices. `Err` means the job could
/// not run or finish (unreadable export or mapping, I/O error on the output
/// directory); outputs already written stay, and are skipped by a re-run.
pub fn convert(options: &ConvertOptions, progress: &dyn Fn(Progress)) -> Result<Summary, Error> {
    let start = Instant::now();
    let mapping = load_mapping(options)?;
    let open = |p: &Path| -> Result<Box<dyn Read + Send>, Error> {
        let f = File::open(p).map_err(|e| Error::io(p, e))?;
        Ok(Box::new(std::io::BufReader::with_capacity(256 * 1024, f)))
    };
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let bytes_total = size(&options.input) + options.lines.as_deref().map_or(0, size);
    let lines = options.lines.as_deref().map(open).transpose()?;
    let mut export =
        Export::open(&mapping, open(&options.input)?, lines).map_err(|err| Error::Input {
            path: options.input.clone(),
            err,
        })?;
    fs::create_dir_all(&options.outdir).map_err(|e| Error::io(&options.outdir, e))?;
    // A killed run leaves only temporaries behind, never a half output.
    crate::output::remove_stale_temporaries(&options.outdir)?;
    let mut reports = Reports::new(&options.outdir, mapping.delimiter().unwrap_or(b','))?;
    let validator = facturx_xsd::Validator::for_profile(options.profile)
        .map_err(|e| Error::Validator(e.to_string()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Threads {
            jobs: options.jobs.unwrap_or(0),
            message: e.to_string(),
        })?;
    let job = Job {
        plan: export.plan().cloned(),
        profile: options.profile,
        outdir: &options.outdir,
        overwrite: options.overwrite,
        validator,
        validation: options.validation,
        format: options.format,
        source: display_name(&options.input),
        lines_source: options.lines.as_deref().map(display_name),
    };
    let mut counts = Progress {
        bytes_total,
        ..Progress::default()
    };

    std::thread::scope(|scope| -> Result<(), Error> {
        // Reading runs on its own thread, a chunk ahead of the workers.
        let (tx, rx) = mpsc::sync_channel::<Result<(Vec<RawInvoice>, u64), Error>>(2);
        let input = options.input.clone();
        scope.spawn(move || {
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                let mut failed = None;
                while chunk.len() < CHUNK {
                    match export.next_invoice() {
                        Ok(Some(raw)) => chunk.push(raw),
                        Ok(None) => break,
                        Err(err) => {
                            failed = Some(Error::Input {
                                path: input.clone(),
                                err,
                            });
                            break;
                        }
                    }
                }
                let last = chunk.len() < CHUNK;
                if !chunk.is_empty() && tx.send(Ok((chunk, export.bytes_read()))).is_err() {
                    return;
                }
                if let Some(e) = failed {
                    let _ = tx.send(Err(e));
                    return;
                }
                if last {
                    return;
                }
            }
        });
        for message in rx {
            let (chunk, bytes_read) = message?;
            let outcomes: Vec<Outcome> =
                pool.install(|| chunk.par_iter().map(|raw| job.convert_one(raw)).collect());
            for outcome in outcomes {
                counts.read += 1;
                match outcome {
                    Outcome::Written(entry) => {
                        counts.written += 1;
                        if entry.status == Written::Unchanged {
                            counts.unchanged += 1;
                        }
                        reports.written(&entry)?;
                    }
                    Outcome::Rejected(reject) => {
                        counts.rejected += 1;
                        reports.rejected(&reject)?;
                    }
                    Outcome::Failed(e) => return Err(e),
                }
            }
            counts.bytes_read = bytes_read;
            progress(counts);
        }
        Ok(())
    })?;

    counts.bytes_read = bytes_total;
    progress(counts);
    let summary = Summary {
        read: counts.read,
        written: counts.written,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
        elapsed: start.elapsed(),
    };
    reports.finish(&summary)?;
    Ok(summary)
}

fn display_name(p: &Path) -> String {
    p.display().to_string()
}

fn load_mapping(options: &ConvertOptions) -> Result<Mapping, Error> {
    let (path, text) = match &options.mapping {
        Some(path) => (
            path.clone(),
            fs::read_to_string(path).map_err(|e| Error::io(path, e))?,
        ),
        None => {
            let mut sample = Vec::with_capacity(64 * 1024);
            File::open(&options.input)
                .and_then(|f| f.take(64 * 1024).read_to_end(&mut sample))
                .map_err(|e| Error::io(&options.input, e))?;
            (options.input.clone(), csv::init_mapping(&sample))
        }
    };
    Mapping::from_toml(&text).map_err(|err| Error::Input { path, err })
}

enum Outcome {
    Written(Box<ManifestEntry>),
    Rejected(Box<Reject>),
    Failed(Error),
}

struct Job<'a> {
    plan: Option<Plan>,
    profile: Profile,
    outdir: &'a Path,
    overwrite: bool,
    validator: facturx_xsd::Validator,
    validation: Validation,
    format: Format,
    source: String,
    lines_source: Option<String>,
}

impl Job<'_> {
    fn convert_one(&self, raw: &RawInvoice) -> Outcome {
        let result = self.try_convert(raw).map(|r| {
            r.map_err(|mut problems| {
                // Rule sets can report one violation twice (EN 16931 and the
                // Factur-X set share rules): keep the first of each.
                let mut seen = std::collections::HashSet::new();
                problems.retain(|p| seen.insert((p.rule.clone(), p.line, p.message.clone())));
                problems
            })
        });
        match result {
            Ok(Ok(entry)) => Outcome::Written(Box::new(entry)),
            Ok(Err(problems)) => Outcome::Rejected(Box::new(Reject {
                source: self.source.clone(),
                rows: raw.header_lines(),
                lines_source: self.lines_source.clone(),
                lines_rows: raw.line_file_lines(),
                invoice_number: raw.number.clone(),
                problems,
            })),
            Err(e) => Outcome::Failed(e),
        }
    }

    fn try_convert(&self, raw: &RawInvoice) -> Result<Result<ManifestEntry, Vec<Problem>>, Error> {
        let Some(plan) = &self.plan else {
            return Err(Error::Unreachable(
                "an invoice from an export without header",
            ));
        };
        let invoice = match csv::build_invoice(raw, plan, self.profile) {
            Ok(i) => i,
            Err(problems) => return Ok(Err(problems)),
        };
        // For PDF output the XML validated is the one embedded in the PDF.
        let (xml, pdf) = match self.format {
            Format::Xml => match facturx_cii::to_vec(&invoice, self.profile) {
                Ok(x) => (x, None),
                Err(e) => return Ok(Err(vec![Problem::invoice("CII-WRITE", e.to_string())])),
            },
            Format::Pdf => {
                let options = facturx_render::RenderOptions::default();
                match facturx_render::facturx(&invoice, self.profile, &options) {
                    Ok(out) => (out.xml, Some(out.pdf)),
                    Err(e) => return Ok(Err(vec![Problem::invoice("PDF-RENDER", e.to_string())])),
                }
            }
        };
        let findings = match self.validator.validate(&xml) {
            Ok(f) => f,
            Err(e) => return Ok(Err(vec![Problem::invoice("XSD", e.to_string())])),
        };
        let fatal: Vec<Problem> = findings
            .iter()
            .filter(|f| f.severity == facturx_report::Severity::Fatal)
            .map(|f| Problem::invoice(&f.rule, format!("{} ({})", f.message, f.location)))
            .collect();
        if !fatal.is_empty() {
            return Ok(Err(fatal));
        }
        let extension = match self.format {
            Format::Xml => "xml",
            Format::Pdf => "pdf",
        };
        let name = file_name(seller_key(&invoice), &invoice.number, extension);
        if self.validation == Validation::Rules {
            let options = facturx_rules::Options {
                file: name.clone(),
                profile: Some(self.profile),
                ..facturx_rules::Options::default()
            };
            let report = match facturx_rules::validate(&xml, &options) {
                Ok(r) => r,
                Err(e) => return Ok(Err(vec![Problem::invoice("RULES", e.to_string())])),
            };
            let fatal: Vec<Problem> = report
                .findings
                .iter()
                .filter(|f| f.severity == facturx_report::Severity::Fatal)
                .map(|f| Problem::invoice(&f.rule, format!("{} ({})", f.message, f.location)))
                .collect();
            if !fatal.is_empty() {
                return Ok(Err(fatal));
            }
        }
        let bytes = pdf.as_deref().unwrap_or(&xml);
        let status = match write_atomic(self.outdir, &name, bytes, self.overwrite)? {
            Some(s) => s,
            None => {
                return Ok(Err(vec![Problem::invoice(
                    "BATCH-EXISTS",
                    format!(
                        "{name} already exists with a different content; use --overwrite to replace it"
                    ),
                )]));
            }
        };
        Ok(Ok(manifest_entry(
            &invoice,
            raw,
            name,
            status,
            bytes,
            self.profile,
        )))
    }
}

fn manifest_entry(
    invoice: &Invoice,
    raw: &RawInvoice,
    file: String,
    status: Written,
    bytes: &[u8],
    profile: Profile,
) -> ManifestEntry {
    let totals = invoice.totals.clone().unwrap_or_default();
    let digest = Sha256::digest(bytes);
    let mut sha256 = String::with_capacity(64);
    for b in digest {
        sha256.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        sha256.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    ManifestEntry {
        file,
        status,
        invoice_number: invoice.number.clone(),
        issue_date: invoice.issue_date.to_string(),
        seller: invoice.seller.name.clone(),
        buyer: invoice.buyer.name.clone(),
        buyer_vat_id: invoice.buyer.vat_identifier.clone(),
        currency: invoice.currency.to_string(),
        tax_basis_total: totals.tax_basis_total.to_string(),
        tax_total: totals.tax_total.unwrap_or_default().to_string(),
        grand_total: totals.grand_total.to_string(),
        due_payable: totals.due_payable.to_string(),
        profile: profile.to_string(),
        sha256,
        rows: raw.header_lines(),
        lines_rows: raw.line_file_lines(),
    }
}
