//! `facturx validate`: every layer that applies, on many files in parallel.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use facturx::chorus::Directory;
use facturx::report::{self, Finding, Layer, Location, Report, Severity};
use facturx::{ChorusOptions, Profile, SetName, ValidateOptions};
use rayon::prelude::*;

use crate::io::read_input;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text, coloured on a terminal.
    Text,
    /// The JSON report (see schemas/report.schema.json).
    Json,
    /// JUnit XML, one testcase per file.
    Junit,
    /// SVRL, the schematron report language (one file only).
    Svrl,
}

/// A rule set name: one of the official sets, or `chorus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSet {
    /// An official schematron set.
    Official(SetName),
    /// The Chorus Pro deposit rules.
    Chorus,
}

fn parse_rule_set(s: &str) -> Result<RuleSet, String> {
    if s.trim().eq_ignore_ascii_case("chorus") {
        return Ok(RuleSet::Chorus);
    }
    s.parse::<SetName>().map(RuleSet::Official).map_err(|_| {
        format!(
            "unknown rule set {s:?}: expected en16931, facturx, fr, fr-warning, ctc-fr or chorus"
        )
    })
}

/// Arguments of `facturx validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// CII XML files or Factur-X PDFs (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Validate against this profile instead of the one BT-24 declares.
    #[arg(long)]
    pub profile: Option<Profile>,
    /// Rule sets to run, comma-separated: en16931, facturx, fr, fr-warning,
    /// ctc-fr, chorus. Default: facturx (the document's profile) plus
    /// en16931 for BASIC and above; ctc-fr plus fr for an EXTENDED-CTC-FR
    /// document (its BT-24 is the French reform's).
    #[arg(long, value_delimiter = ',', value_parser = parse_rule_set)]
    pub rules: Option<Vec<RuleSet>>,
    /// Chorus Pro directory export (CSV or JSON) for the service-code and
    /// engagement checks of `--rules chorus`.
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
    /// Deposit date for the Chorus Pro issue-date check (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<facturx::model::Date>,
    /// Warnings fail too.
    #[arg(long)]
    pub strict: bool,
    /// Never colour the text report.
    #[arg(long)]
    pub no_color: bool,
}

/// Runs the command; returns the exit code: 0 all valid, 1 some invalid,
/// 2 some file could not be read or checked (it is still reported).
pub fn run(args: &ValidateArgs) -> Result<i32> {
    let official = args.rules.as_ref().map(|sets| {
        sets.iter()
            .filter_map(|s| match s {
                RuleSet::Official(name) => Some(*name),
                RuleSet::Chorus => None,
            })
            .collect::<Vec<_>>()
    });
    let wants_chorus = args
        .rules
        .as_ref()
        .is_some_and(|s| s.contains(&RuleSet::Chorus));
    if args.directory.is_some() && !wants_chorus {
        bail!("--directory is for the Chorus Pro rules: add --rules chorus");
    }
    let chorus = if wants_chorus {
        let directory = match &args.directory {
            Some(path) => Some(Arc::new(Directory::load(path)?)),
            None => None,
        };
        let today = match args.today {
            Some(d) => d,
            None => facturx::chorus::clock::today_utc()?,
        };
        Some(ChorusOptions { today, directory })
    } else {
        None
    };
    let options = ValidateOptions::default()
        .with_profile(args.profile)
        .with_rules(official)
        .with_chorus(chorus);
    let results: Vec<(Report, bool)> = args
        .files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            match read_input(path).and_then(|bytes| Ok(facturx::validate(&name, &bytes, &options)?))
            {
                Ok(r) => (r, true),
                Err(e) => (unreadable(&name, &e), false),
            }
        })
        .collect();
    let all_checked = results.iter().all(|(_, checked)| *checked);
    let reports: Vec<Report> = results.into_iter().map(|(r, _)| r).collect();
    let out = io::stdout().lock();
    match args.format {
        Format::Text => {
            let color = !args.no_color && io::stdout().is_terminal();
            report::write_text(out, &reports, color)?;
            if reports.len() > 1 {
                let bad = reports.iter().filter(|r| !r.passes(args.strict)).count();
                println!(
                    "{} files, {} valid, {} invalid",
                    reports.len(),
                    reports.len() - bad,
                    bad
                );
            }
        }
        Format::Json => report::write_json(out, &reports)?,
        Format::Junit => report::write_junit(out, &reports, args.strict)?,
        Format::Svrl => {
            for r in &reports {
                report::write_svrl(io::stdout().lock(), r)?;
            }
        }
    }
    Ok(if !all_checked {
        2
    } else if reports.iter().all(|r| r.passes(args.strict)) {
        0
    } else {
        1
    })
}

/// A file that could not be read or checked is reported, not skipped, so
/// that a batch never loses a file.
fn unreadable(name: &str, err: &anyhow::Error) -> Report {
    let mut r = Report::new(name);
    r.push(Finding::new(
        "FX-READ",
        Severity::Fatal,
        Layer::Input,
        Location::xpath(name),
        format!("{err:#}"),
    ));
    r
}
