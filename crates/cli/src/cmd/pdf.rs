//! `facturx embed`, `facturx extract` and `facturx inspect`: the PDF side.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use facturx::Profile;
use facturx::pdf::{self, AfRelationship, Attachment, EmbedOptions};

use crate::io::{read_input, write_output};

/// `/AFRelationship` choices for the invoice XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Relationship {
    /// `/Data` (the default for MINIMUM and BASIC WL).
    Data,
    /// `/Source` (the default for BASIC, EN 16931 and EXTENDED).
    Source,
    /// `/Alternative` (German practice).
    Alternative,
}

/// Arguments of `facturx embed`.
#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// The PDF to turn into a Factur-X PDF/A-3 (`-` for standard input).
    pub pdf: PathBuf,
    /// The CII XML invoice to embed.
    pub xml: PathBuf,
    /// Output PDF (`-` or absent: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Expected profile; embedding fails if the XML declares another.
    #[arg(long)]
    pub profile: Option<Profile>,
    /// Relationship of the XML to the PDF (default by profile).
    #[arg(long, value_enum)]
    pub relationship: Option<Relationship>,
    /// Extra supporting documents, attached as /Supplement.
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// Write the output even when the input cannot be made PDF/A-3, listing what remains.
    #[arg(long)]
    pub force: bool,
}

/// Runs `facturx embed`.
pub fn embed(args: &EmbedArgs) -> Result<i32> {
    let input = read_input(&args.pdf)?;
    let xml = read_input(&args.xml)?;
    let mut options = EmbedOptions {
        profile: args.profile,
        relationship: args.relationship.map(|r| match r {
            Relationship::Data => AfRelationship::Data,
            Relationship::Source => AfRelationship::Source,
            Relationship::Alternative => AfRelationship::Alternative,
        }),
        force: args.force,
        ..EmbedOptions::default()
    };
    for path in &args.attachments {
        options.attachments.push(Attachment {
            name: file_name(path)?,
            mime: mime_for(path).to_string(),
            description: None,
            data: read_input(path)?,
        });
    }
    let embedded = match pdf::embed(&input, &xml, &options) {
        Ok(e) => e,
        Err(pdf::Error::NotConvertible { problems }) => {
            return Err(not_convertible(&args.pdf, &problems, args.force));
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "embedding {} into {}",
                args.xml.display(),
                args.pdf.display()
            )));
        }
    };
    for w in &embedded.warnings {
        eprintln!("facturx: warning: {w}");
    }
    for p in &embedded.remaining {
        eprintln!("facturx: not PDF/A-3 conformant (--force): {p}");
    }
    write_output(args.output.as_deref(), &embedded.pdf)?;
    Ok(0)
}

/// One line per problem, each with what to do: a refusal lists producer
/// defects the user has to fix upstream, so the message must say which and how.
fn not_convertible(pdf: &Path, problems: &[pdf::Problem], forced: bool) -> anyhow::Error {
    let mut msg = format!(
        "{} cannot become PDF/A-3 without changing its content ({} problem(s)):",
        pdf.display(),
        problems.len()
    );
    for p in problems {
        msg.push_str(&format!("\n  - {p}: {}", p.kind.hint()));
    }
    if !forced {
        msg.push_str("\n  (--force writes the file anyway, not PDF/A-3 conformant)");
    }
    anyhow::anyhow!(msg)
}

fn file_name(path: &Path) -> Result<String> {
    match path.file_name() {
        Some(n) => Ok(n.to_string_lossy().into_owned()),
        None => bail!("{}: not a file name", path.display()),
    }
}

/// MIME type from the file extension, for the attachments PDF/A-3 requires
/// to declare one.
fn mime_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "text/xml",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// Arguments of `facturx extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The Factur-X / ZUGFeRD PDF (`-` for standard input).
    pub pdf: PathBuf,
    /// Output file for the XML (`-` or absent: standard output); with
    /// `--all`, the directory to write every attachment into.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Extract every attachment, not only the invoice.
    #[arg(long)]
    pub all: bool,
}

/// Runs `facturx extract`.
pub fn extract(args: &ExtractArgs) -> Result<i32> {
    let input = read_input(&args.pdf)?;
    if !args.all {
        let found = pdf::extract(&input)
            .with_context(|| format!("extracting from {}", args.pdf.display()))?;
        write_output(args.output.as_deref(), &found.xml)?;
        return Ok(0);
    }
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for file in pdf::extract_all(&input)? {
        // Attachment names come from an untrusted file: keep the last path
        // component only, so nothing is written outside the directory.
        let name = Path::new(&file.info.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty() && n != "." && n != "..")
            .unwrap_or_else(|| "attachment.bin".to_string());
        let target = dir.join(&name);
        write_output(Some(&target), &file.data)?;
        eprintln!("{}", target.display());
    }
    Ok(0)
}

/// Output format of `facturx inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// Indented JSON.
    Json,
    /// A short human summary.
    Text,
}

/// Arguments of `facturx inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The PDF (`-` for standard input).
    pub pdf: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: InspectFormat,
}

/// Runs `facturx inspect`.
pub fn inspect(args: &InspectArgs) -> Result<i32> {
    let input = read_input(&args.pdf)?;
    let inspection =
        pdf::inspect(&input).with_context(|| format!("inspecting {}", args.pdf.display()))?;
    let json = serde_json::to_value(&inspection)?;
    match args.format {
        InspectFormat::Json => println!("{}", serde_json::to_string_pretty(&json)?),
        InspectFormat::Text => print_tree(&json, 0),
    }
    Ok(0)
}

fn print_tree(v: &serde_json::Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if v.is_object() || v.is_array() {
                    println!("{pad}{k}:");
                    print_tree(v, depth + 1);
                } else {
                    println!("{pad}{k}: {}", scalar(v));
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                println!("{pad}-");
                print_tree(item, depth + 1);
            }
        }
        other => println!("{pad}{}", scalar(other)),
    }
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "-".to_string(),
        other => other.to_string(),
    }
}
