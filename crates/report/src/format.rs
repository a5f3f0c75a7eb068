//! Report writers: human text, JSON, JUnit XML and SVRL.
//!
//! # JSON wire format
//!
//! `write_json` writes one object per report (an array when given several):
//!
//! ```json
//! {"file": "invoice.xml", "valid": false, "profile": "EN 16931",
//!  "fatal": 1, "warnings": 0,
//!  "findings": [{"rule": "BR-CO-10", "severity": "fatal", "layer": "en16931",
//!                "location": "/rsm:CrossIndustryInvoice/...", "line": 12, "column": 5,
//!                "message": "..."}]}
//! ```
//!
//! `line` and `column` are omitted when unknown. The schema is published in
//! `schemas/report.schema.json`; any change to it is a breaking change.

use std::io::{self, Write};

use serde::Serialize;

use crate::{Finding, Report, Severity};

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    layer: crate::Layer,
    location: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    fatal: usize,
    warnings: usize,
    findings: Vec<JsonFinding<'a>>,
}

fn json_report(r: &Report) -> JsonReport<'_> {
    JsonReport {
        file: &r.file,
        valid: r.is_valid(),
        profile: r.profile.as_deref(),
        fatal: r.count(Severity::Fatal),
        warnings: r.count(Severity::Warning),
        findings: r
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: &f.rule,
                severity: f.severity,
                layer: f.layer,
                location: &f.location.path,
                line: f.location.line,
                column: f.location.column,
                message: &f.message,
            })
            .collect(),
    }
}

/// Writes reports as JSON: one object for one report, an array for several.
pub fn write_json<W: Write>(mut out: W, reports: &[Report]) -> io::Result<()> {
    let result = match reports {
        [one] => serde_json::to_writer_pretty(&mut out, &json_report(one)),
        many => {
            let all: Vec<_> = many.iter().map(json_report).collect();
            serde_json::to_writer_pretty(&mut out, &all)
        }
    };
    result.map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes reports as human-readable text, grouped by file, with ANSI colours
/// when `color` is true.
pub fn write_text<W: Write>(mut out: W, reports: &[Report], color: bool) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for r in reports {
        let verdict = if r.is_valid() {
            paint("32", "valid")
        } else {
            paint("31", "invalid")
        };
        let profile = r.profile.as_deref().unwrap_or("unknown profile");
        writeln!(
            out,
            "{}: {} ({}; {} fatal, {} warnings)",
            r.file,
            verdict,
            profile,
            r.count(Severity::Fatal),
            r.count(Severity::Warning)
        )?;
        for f in &r.findings {
            let sev = match f.severity {
                Severity::Fatal => paint("31", "fatal"),
                Severity::Warning => paint("33", "warning"),
            };
            writeln!(out, "  {sev} {} [{}] {}", f.rule, f.layer, f.location)?;
            writeln!(out, "      {}", f.message.trim())?;
        }
    }
    Ok(())
}

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// Writes reports as JUnit XML: one testcase per file, a failure listing the
/// fatal findings when the file is invalid (and warnings too when `strict`).
pub fn write_junit<W: Write>(mut out: W, reports: &[Report], strict: bool) -> io::Result<()> {
    let failures = reports.iter().filter(|r| !r.passes(strict)).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="facturx validate" tests="{}" failures="{}">"#,
        reports.len(),
        failures
    )?;
    writeln!(
        out,
        r#"  <testsuite name="facturx validate" tests="{}" failures="{}">"#,
        reports.len(),
        failures
    )?;
    for r in reports {
        write!(
            out,
            r#"    <testcase classname="facturx" name="{}""#,
            esc(&r.file)
        )?;
        if r.passes(strict) && r.findings.is_empty() {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        let listed = |f: &&Finding| strict || f.severity == Severity::Fatal;
        if !r.passes(strict) {
            let body: Vec<String> = r
                .findings
                .iter()
                .filter(listed)
                .map(|f| f.to_string())
                .collect();
            writeln!(
                out,
                r#"      <failure message="{} finding(s)" type="invalid">{}</failure>"#,
                body.len(),
                esc(&body.join("\n"))
            )?;
        }
        let warnings: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.to_string())
            .collect();
        if !warnings.is_empty() {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                esc(&warnings.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Writes one report as SVRL (ISO Schematron Validation Report Language):
/// a `failed-assert` per finding, with `id`, `flag` and `location`.
pub fn write_svrl<W: Write>(mut out: W, report: &Report) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl" title="facturx validate {}">"#,
        esc(&report.file)
    )?;
    for f in &report.findings {
        writeln!(
            out,
            r#"  <svrl:failed-assert id="{}" flag="{}" location="{}">"#,
            esc(&f.rule),
            f.severity,
            esc(&f.location.path)
        )?;
        writeln!(out, "    <svrl:text>{}</svrl:text>", esc(&f.message))?;
        writeln!(out, "  </svrl:failed-assert>")?;
    }
    writeln!(out, "</svrl:schematron-output>")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{Layer, Location};

    fn sample() -> Report {
        let mut r = Report::new("a&b.xml");
        r.profile = Some("EN 16931".into());
        r.push(Finding::new(
            "BR-CO-10",
            Severity::Fatal,
            Layer::En16931,
            Location::xpath("/rsm:CrossIndustryInvoice").with_line(3, 1),
            "sum <mismatch>",
        ));
        r.push(Finding::new(
            "CII-SR-470",
            Severity::Warning,
            Layer::FacturX,
            Location::xpath("/x"),
            "w",
        ));
        r
    }

    #[test]
    fn json_has_contract_fields() {
        let mut buf = Vec::new();
        write_json(&mut buf, &[sample()]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["profile"], "EN 16931");
        assert_eq!(v["findings"][0]["rule"], "BR-CO-10");
        assert_eq!(v["findings"][0]["severity"], "fatal");
        assert_eq!(v["findings"][0]["layer"], "en16931");
        assert_eq!(v["findings"][0]["line"], 3);
        assert!(v["findings"][1].get("line").is_none());
    }

    #[test]
    fn junit_escapes_and_counts() {
        let mut buf = Vec::new();
        write_junit(&mut buf, &[sample()], false).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(s.contains(r#"name="a&amp;b.xml""#));
        assert!(s.contains(r#"failures="1""#));
        assert!(s.contains("sum &lt;mismatch&gt;"));
    }

    #[test]
    fn warnings_fail_only_when_strict() {
        let mut r = sample();
        r.findings.remove(0);
        assert!(r.passes(false));
        assert!(!r.passes(true));
    }

    #[test]
    fn svrl_lists_failed_asserts() {
        let mut buf = Vec::new();
        write_svrl(&mut buf, &sample()).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s.matches("<svrl:failed-assert").count(), 2);
        assert!(s.contains(r#"flag="warning""#));
    }
}
