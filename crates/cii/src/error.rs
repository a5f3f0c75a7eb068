//! Errors of the CII writer and reader.

use facturx_model::Profile;

/// Why a document could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The profile requires a value that the invoice lacks.
    #[error("{field}: missing, required by the {profile} profile")]
    Missing {
        /// The model field, e.g. `lines[3].item.name`.
        field: String,
        /// The profile being written.
        profile: Profile,
    },
    /// Writing failed.
    #[error("cannot write CII XML: {0}")]
    Io(#[from] std::io::Error),
    /// The input is not well-formed XML (or is refused: DTD, too large, too deep).
    #[error("line {line}:{column}: malformed XML: {message}")]
    Xml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the parser reported.
        message: String,
    },
    /// The root element is not a CII invoice.
    #[error("line {line}: root element {found} is not rsm:CrossIndustryInvoice")]
    NotCii {
        /// The root element found, as `{namespace}name`.
        found: String,
        /// Its line.
        line: u32,
    },
    /// A value that cannot be read into the model (an unparsable amount, a bad date ...).
    #[error("{xpath} (line {line}): {message}")]
    InvalidValue {
        /// Where, as an XPath with positions.
        xpath: String,
        /// 1-based line.
        line: u32,
        /// What is wrong.
        message: String,
    },
    /// A mandatory element is absent, so the model cannot be filled.
    #[error("{xpath} (line {line}): missing {what}")]
    MissingElement {
        /// The parent element, as an XPath with positions.
        xpath: String,
        /// 1-based line of the parent.
        line: u32,
        /// The missing child, e.g. `ram:IssueDateTime`.
        what: &'static str,
    },
    /// The input exceeds the configured size limit.
    #[error("input is {size} bytes, more than the {limit} bytes allowed")]
    TooLarge {
        /// Input size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A state the code rules out; reaching it is a bug in facturx-cii.
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}
