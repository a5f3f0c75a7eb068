//! `facturx convert`: an ERP's CSV export to one Factur-X file per invoice.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use facturx::Profile;
use facturx::batch::{self, ConvertOptions, Format, Progress, Validation};
use indicatif::{ProgressBar, ProgressStyle};

/// Output kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// CII XML files.
    Xml,
    /// Factur-X PDF/A-3 files.
    Pdf,
}

/// How each output is checked before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateWith {
    /// The profile's XSD, then the official EN 16931 and Factur-X rules.
    Rules,
    /// The profile's XSD only (about 5 times less CPU per invoice; no BR-* rules).
    Xsd,
}

/// Arguments of `facturx convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The CSV export (one row per invoice line), or the invoices file of a
    /// two-file export (with --lines). See docs/csv-format.md.
    pub export: PathBuf,
    /// The lines file of a two-file export, joined by invoice number.
    #[arg(long)]
    pub lines: Option<PathBuf>,
    /// Output directory (created if missing); also receives manifest.json,
    /// rejects.csv and rejects.json.
    #[arg(short, long, required_unless_present = "init_mapping")]
    pub output: Option<PathBuf>,
    /// Check every output before writing it: the full official rules, or
    /// the XSD alone for very large batches. Failing invoices are rejected.
    #[arg(long, value_enum, default_value = "rules")]
    pub validate: ValidateWith,
    /// Output format.
    #[arg(long, value_enum, default_value = "xml")]
    pub format: OutputFormat,
    /// Profile to write.
    #[arg(long, default_value = "en16931")]
    pub profile: Profile,
    /// Mapping file (TOML) from the export's columns to invoice fields.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Print a starting mapping guessed from the export's header row, and stop.
    #[arg(long)]
    pub init_mapping: bool,
    /// Replace existing outputs whose content differs.
    #[arg(long)]
    pub overwrite: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// No progress output, only the summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `facturx convert`: 0 all converted, 1 some rejected, 2 the job failed.
pub fn run(args: &ConvertArgs) -> Result<i32> {
    if args.init_mapping {
        let sample = read_head(&args.export)?;
        let guess = batch::csv::guess_mapping(&sample);
        print!("{}", guess.toml);
        // The notes are in the mapping's comments too; on stderr they are
        // seen even when stdout goes to a file.
        if !args.quiet {
            for note in &guess.notes {
                eprintln!("facturx: detected {note}");
            }
        }
        return Ok(0);
    }
    let Some(outdir) = &args.output else {
        bail!("-o OUTDIR is required");
    };
    let options = ConvertOptions {
        lines: args.lines.clone(),
        format: match args.format {
            OutputFormat::Xml => Format::Xml,
            OutputFormat::Pdf => Format::Pdf,
        },
        profile: args.profile,
        mapping: args.mapping.clone(),
        overwrite: args.overwrite,
        jobs: args.jobs,
        validation: match args.validate {
            ValidateWith::Rules => Validation::Rules,
            ValidateWith::Xsd => Validation::Xsd,
        },
        ..ConvertOptions::new(&args.export, outdir)
    };
    let reporter = Reporter::new(args.quiet);
    let summary = batch::convert(&options, &|p| reporter.update(p))
        .with_context(|| format!("converting {}", args.export.display()))?;
    reporter.finish();
    println!("{summary}");
    if summary.rejected > 0 {
        eprintln!(
            "facturx: {} invoice(s) rejected: see {}",
            summary.rejected,
            outdir.join("rejects.csv").display()
        );
        return Ok(1);
    }
    Ok(0)
}

/// The header row and a few lines are enough to guess a mapping.
fn read_head(path: &PathBuf) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .with_context(|| format!("reading {}", path.display()))?
        .take(64 * 1024)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// A bar on a terminal, a line every few seconds otherwise (logs, CI).
struct Reporter {
    bar: Option<ProgressBar>,
    quiet: bool,
    last_line: Mutex<Instant>,
}

impl Reporter {
    fn new(quiet: bool) -> Reporter {
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Reporter {
            bar,
            quiet,
            last_line: Mutex::new(Instant::now()),
        }
    }

    fn update(&self, p: Progress) {
        let msg = format!(
            "{} read, {} written, {} rejected",
            p.read, p.written, p.rejected
        );
        if let Some(bar) = &self.bar {
            bar.set_length(p.bytes_total);
            bar.set_position(p.bytes_read);
            bar.set_message(msg);
            return;
        }
        if self.quiet {
            return;
        }
        let Ok(mut last) = self.last_line.lock() else {
            return;
        };
        if last.elapsed() >= Duration::from_secs(5) {
            *last = Instant::now();
            eprintln!("facturx: {msg}");
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
