//! The `facturx` command.

// The binary reports errors through anyhow and exits with a code; it may
// unwrap what clap has already checked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cmd;
mod io;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  facturx generate invoice.json --profile en16931 -o invoice.xml
  facturx generate invoice.json -o invoice.pdf           JSON -> Factur-X PDF/A-3, drawn here
  facturx generate invoice.json --pdf printed.pdf -o invoice.pdf
  facturx validate invoice.xml                 check XML or a Factur-X PDF
  facturx validate --format junit fixtures/*.xml > report.xml
  facturx embed printed.pdf factur-x.xml -o invoice.pdf   PDF + XML -> Factur-X PDF/A-3
  facturx extract invoice.pdf -o factur-x.xml
  facturx convert export.csv --mapping erp.toml -o out/   CSV export -> one file per invoice
  facturx inspect invoice.pdf --format json

Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.";

/// Build, embed and validate Factur-X e-invoices.
#[derive(Debug, Parser)]
#[command(name = "facturx", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate CII XML (or a Factur-X PDF) from invoice data in JSON.
    Generate(cmd::generate::GenerateArgs),
    /// Convert an ERP's CSV export into one Factur-X file per invoice.
    Convert(cmd::convert::ConvertArgs),
    /// Validate CII XML files or Factur-X PDFs: XSD, official rules, PDF checks.
    Validate(cmd::validate::ValidateArgs),
    /// Embed a CII XML invoice into a PDF, making it a Factur-X PDF/A-3.
    Embed(cmd::pdf::EmbedArgs),
    /// Extract the invoice XML (or every attachment) from a Factur-X / ZUGFeRD PDF.
    Extract(cmd::pdf::ExtractArgs),
    /// Show a PDF's version, PDF/A claim, Factur-X metadata and attachments.
    Inspect(cmd::pdf::InspectArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match &cli.command {
        Command::Generate(args) => cmd::generate::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Convert(args) => cmd::convert::run(args),
        Command::Embed(args) => cmd::pdf::embed(args),
        Command::Extract(args) => cmd::pdf::extract(args),
        Command::Inspect(args) => cmd::pdf::inspect(args),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("facturx: error: {}", error_chain(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, `: `-separated, each cause once: library
/// errors that quote their source in their own message (`path: cause`)
/// would otherwise print it twice.
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}
