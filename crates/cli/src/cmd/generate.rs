//! `facturx generate`: invoice JSON in, CII XML or Factur-X PDF out.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use facturx::pdf::{self, EmbedOptions};
use facturx::report;
use facturx::{GenerateOptions, Profile, ValidateOptions};

use crate::io::{read_input, write_output};

/// Output kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Bare CII XML.
    Xml,
    /// Factur-X PDF/A-3 (needs `--pdf` with the PDF to embed into).
    Pdf,
}

/// Arguments of `facturx generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Invoice data as JSON (schemas/invoice.schema.json; `-` for standard input).
    pub invoice: PathBuf,
    /// Profile: minimum, basicwl, basic, en16931, extended (default: the
    /// invoice's own `profile`, else en16931).
    #[arg(long)]
    pub profile: Option<Profile>,
    /// Output file (`-` or absent: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format (default: from the output file's extension, else xml).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// A PDF of the invoice to embed the XML into (a Factur-X PDF/A-3 results).
    #[arg(long, value_name = "PDF")]
    pub pdf: Option<PathBuf>,
    /// Write the amounts as given instead of computing totals and VAT breakdown.
    #[arg(long)]
    pub no_compute: bool,
    /// Write the output even when validation finds fatal errors.
    #[arg(long)]
    pub force: bool,
}

impl GenerateArgs {
    fn format(&self) -> OutputFormat {
        self.format.unwrap_or_else(|| {
            let pdf_out = self
                .output
                .as_ref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if pdf_out {
                OutputFormat::Pdf
            } else {
                OutputFormat::Xml
            }
        })
    }
}

/// Runs `facturx generate`: 0 written, 1 invalid (nothing written), 2 error.
pub fn run(args: &GenerateArgs) -> Result<i32> {
    let name = args.invoice.display().to_string();
    let bytes = read_input(&args.invoice)?;
    let invoice = facturx::input::from_json(&bytes, &name)?;
    let options = GenerateOptions::default()
        .with_profile(args.profile)
        .with_compute_totals(!args.no_compute);
    let generated = facturx::generate_xml(invoice, &options)
        .with_context(|| format!("generating from {name}"))?;

    // Nothing invalid leaves the tool silently: the output is checked by the
    // same layers `facturx validate` runs.
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let mut report = facturx::validate(&out_name, &generated.xml, &ValidateOptions::default())?;
    let output = match args.format() {
        OutputFormat::Xml => generated.xml,
        OutputFormat::Pdf => {
            let Some(pdf_path) = &args.pdf else {
                bail!(
                    "PDF output needs --pdf PRINTED.pdf (the invoice as printed) to embed the XML into"
                );
            };
            let printed = read_input(pdf_path)?;
            let options = EmbedOptions {
                profile: Some(generated.profile),
                force: args.force,
                ..EmbedOptions::default()
            };
            let embedded = pdf::embed(&printed, &generated.xml, &options)
                .with_context(|| format!("embedding into {}", pdf_path.display()))?;
            report.extend(pdf::check(&embedded.pdf)?);
            embedded.pdf
        }
    };
    if !report.findings.is_empty() {
        let color = io::stderr().is_terminal();
        report.sort();
        report::write_text(io::stderr().lock(), &[report.clone()], color)?;
    }
    if !report.is_valid() && !args.force {
        eprintln!(
            "facturx: nothing written: the generated invoice is invalid (use --force to write it anyway)"
        );
        return Ok(1);
    }
    write_output(args.output.as_deref(), &output)?;
    Ok(0)
}
