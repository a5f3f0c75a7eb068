//! `facturx generate`: invoice JSON in, CII XML or Factur-X PDF out.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use facturx::pdf::{self, EmbedOptions};
use facturx::render::{self, Lang, RenderOptions, Template};
use facturx::report;
use facturx::{GenerateOptions, Profile, ValidateOptions};

use crate::io::{read_input, write_output};

/// Output kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Bare CII XML.
    Xml,
    /// Factur-X PDF/A-3: the invoice drawn from the data, or `--pdf`'s PDF,
    /// with the XML embedded.
    Pdf,
}

/// Languages of the drawn invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    /// French labels, `1 234,56 €`, `22/11/2026`.
    Fr,
    /// English labels.
    En,
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
    /// A PDF of the invoice to embed the XML into, instead of drawing one.
    #[arg(long, value_name = "PDF")]
    pub pdf: Option<PathBuf>,
    /// Language of the drawn invoice.
    #[arg(long, value_enum, default_value = "fr")]
    pub lang: Language,
    /// Template for the drawn invoice (TOML or JSON: accent colour, logo, footer).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
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
            let pdf = match &args.pdf {
                Some(pdf_path) => {
                    let printed = read_input(pdf_path)?;
                    let options = EmbedOptions {
                        profile: Some(generated.profile),
                        force: args.force,
                        ..EmbedOptions::default()
                    };
                    pdf::embed(&printed, &generated.xml, &options)
                        .with_context(|| format!("embedding into {}", pdf_path.display()))?
                        .pdf
                }
                None => {
                    let lang = match args.lang {
                        Language::Fr => Lang::Fr,
                        Language::En => Lang::En,
                    };
                    let options = match &args.template {
                        Some(t) => Template::load(t, lang)?,
                        None => RenderOptions::new(lang),
                    };
                    render::facturx(&generated.invoice, generated.profile, &options)
                        .with_context(|| format!("drawing {name}"))?
                        .pdf
                }
            };
            report.extend(pdf::check(&pdf)?);
            pdf
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
