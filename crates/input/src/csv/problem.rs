//! Why an invoice of an export cannot be converted.

use serde::Serialize;

/// One problem found while reading an invoice from CSV, or while converting
/// or validating it. Rule IDs: `CSV-*` for reading (see `docs/csv-format.md`),
/// otherwise the validation rule as published (`XSD`, `BR-CO-10` ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Rule ID.
    pub rule: String,
    /// Physical line of the CSV row concerned, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column header concerned, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong, lowercase.
    pub message: String,
    /// True when `line` is a row of the lines file of a two-file export.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lines_file: bool,
}

impl Problem {
    /// A problem on a row.
    pub fn new(rule: &str, line: u64, column: Option<String>, message: String) -> Problem {
        Problem {
            rule: rule.to_string(),
            line: Some(line),
            column,
            message,
            lines_file: false,
        }
    }

    /// A problem of the whole invoice.
    pub fn invoice(rule: &str, message: impl Into<String>) -> Problem {
        Problem {
            rule: rule.to_string(),
            line: None,
            column: None,
            message: message.into(),
            lines_file: false,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            let file = if self.lines_file {
                " of the lines file"
            } else {
                ""
            };
            write!(f, "row {line}{file}, ")?;
        }
        if let Some(column) = &self.column {
            write!(f, "column {column:?}, ")?;
        }
        write!(f, "{}: {}", self.rule, self.message)
    }
}
