//! Errors of the input stage: each names the source, where in it, and the field.

/// Why an input could not become an [`Invoice`](facturx_model::Invoice).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not JSON (or is cut short).
    #[error("{source_name}: line {line}, column {column}: malformed JSON: {message}")]
    Syntax {
        /// File name or `-` for stdin.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser reported.
        message: String,
    },
    /// Well-formed JSON whose content does not fit the invoice format: a
    /// missing mandatory field, an unknown field or profile, an amount with
    /// three decimals ...
    #[error("{source_name}: {pointer}: {message}")]
    Field {
        /// File name or `-` for stdin.
        source_name: String,
        /// JSON pointer (RFC 6901) of the offending value, or of the object
        /// lacking a mandatory field; `/` for the root.
        pointer: String,
        /// What is wrong.
        message: String,
        /// Line of the problem in the input.
        line: usize,
    },
}
