//! One finding and its parts.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// How bad a finding is, as flagged by the rule's publisher.
///
/// Factur-X schematron asserts without a `flag` attribute and CEN asserts
/// flagged `fatal` are [`Severity::Fatal`]; `flag="warning"` is
/// [`Severity::Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file does not conform.
    Fatal,
    /// The file conforms but something deserves attention.
    Warning,
}

impl Severity {
    /// The lowercase name used in every report format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which validation layer produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Input reading (JSON, CSV, XML well-formedness).
    Input,
    /// XML schema validation against the profile XSD.
    Xsd,
    /// CEN EN 16931 CII schematron.
    En16931,
    /// Factur-X profile schematron.
    FacturX,
    /// French reform rules (BR-FR-Flux2, EXTENDED-CTC-FR).
    Fr,
    /// Chorus Pro deposit rules.
    Chorus,
    /// PDF/A-3 and Factur-X embedding checks.
    Pdf,
}

impl Layer {
    /// The lowercase name used in every report format.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Input => "input",
            Layer::Xsd => "xsd",
            Layer::En16931 => "en16931",
            Layer::FacturX => "facturx",
            Layer::Fr => "fr",
            Layer::Chorus => "chorus",
            Layer::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points: an XPath-like path and, when known, a line and
/// column in the source file (or a CSV row, JSON pointer or PDF object).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// XPath-like path (`/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID`),
    /// JSON pointer, or PDF object description.
    pub path: String,
    /// 1-based line in the source, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the source, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Location {
    /// A location given by an XPath or other path only.
    pub fn xpath(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// Adds a 1-based line and column.
    pub fn with_line(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{} {}", l, c, self.path),
            (Some(l), None) => write!(f, "{} {}", l, self.path),
            _ => f.write_str(&self.path),
        }
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// Rule ID exactly as published (`BR-CO-10`, `CII-SR-470`, `BR-FR-08_BT-23`),
    /// or one of ours (`XSD`, `PDF-XMP-01`).
    pub rule: Cow<'static, str>,
    /// Fatal or warning, as flagged upstream.
    pub severity: Severity,
    /// The layer that produced it.
    pub layer: Layer,
    /// Where it points.
    pub location: Location,
    /// The message, verbatim from the official artefact where there is one.
    pub message: Cow<'static, str>,
}

impl Finding {
    /// A finding from its parts.
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        layer: Layer,
        location: Location,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            layer,
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {} at {}: {}",
            self.severity, self.layer, self.rule, self.location, self.message
        )
    }
}
