//! Findings and reports: what every validation layer of facturx-rs returns.
//!
//! A [`Finding`] is one failed check (an XSD error, a failed schematron
//! assert, a PDF/A embedding defect). A [`Report`] gathers the findings for
//! one file and says whether it is valid. Findings are data, not errors: a
//! layer returns `Err` only when it could not run at all.
//!
//! ```
//! use facturx_report::{Finding, Layer, Location, Report, Severity};
//!
//! let mut report = Report::new("invoice.xml");
//! report.push(Finding::new(
//!     "BR-CO-10",
//!     Severity::Fatal,
//!     Layer::En16931,
//!     Location::xpath("/rsm:CrossIndustryInvoice").with_line(12, 5),
//!     "Sum of Invoice line net amount = Σ Invoice line net amount.",
//! ));
//! assert!(!report.is_valid());
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod finding;
mod format;

pub use finding::{Finding, Layer, Location, Severity};
pub use format::{write_json, write_junit, write_svrl, write_text};

use serde::Serialize;

/// The findings of every layer run on one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// The file as the user named it (`-` for standard input).
    pub file: String,
    /// The Factur-X profile detected from BT-24, as its XMP name
    /// (`"EN 16931"`), when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Every finding, in document order then rule ID once [`Report::sort`] ran.
    pub findings: Vec<Finding>,
}

impl Report {
    /// An empty report for `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Report {
            file: file.into(),
            profile: None,
            findings: Vec::new(),
        }
    }

    /// Adds one finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Adds many findings.
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.findings.extend(findings);
    }

    /// True when no finding is fatal.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Fatal)
    }

    /// True when no finding is fatal and, with `strict`, none is a warning.
    pub fn passes(&self, strict: bool) -> bool {
        if strict {
            self.findings.is_empty()
        } else {
            self.is_valid()
        }
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Sorts findings by document position (line, column), then layer, then
    /// rule ID, so that reports are stable whatever order the layers ran in.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            let pos = |f: &Finding| (f.location.line.unwrap_or(0), f.location.column.unwrap_or(0));
            pos(a)
                .cmp(&pos(b))
                .then(a.layer.cmp(&b.layer))
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.location.path.cmp(&b.location.path))
        });
    }
}
