//! Why an XSD validation could not run.

use crate::Schema;

/// An XSD validation that could not run. A document that runs but does not
/// conform is not an error: it yields [`Finding`](facturx_report::Finding)s.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`Limits::max_input_bytes`](crate::Limits::max_input_bytes).
    #[error("input of {size} bytes exceeds the limit of {limit} bytes")]
    InputTooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The embedded schema files could not be written to the private
    /// temporary folder libxml2 compiles them from.
    #[error("cannot stage the {schema} XSD for compilation: {source}")]
    SchemaStaging {
        /// The schema being prepared.
        schema: Schema,
        /// The I/O error.
        source: std::io::Error,
    },
    /// libxml2 rejected an embedded schema (a build or artefact defect).
    #[error("libxml2 cannot compile the {schema} XSD: {message}")]
    SchemaCompile {
        /// The schema that failed.
        schema: Schema,
        /// libxml2's messages, joined.
        message: String,
    },
    /// libxml2 could not start parsing (no memory, or input beyond its 2 GiB limit).
    #[error("libxml2 cannot parse the input: {0}")]
    Parser(String),
    /// BT-24 is missing or names no Factur-X profile, so the schema to use is unknown.
    #[error("cannot choose a profile XSD: {}", match found {
        Some(id) => format!("BT-24 (GuidelineSpecifiedDocumentContextParameter/ID) {id:?} names no Factur-X profile"),
        None => "no BT-24 (GuidelineSpecifiedDocumentContextParameter/ID) found".to_string(),
    })]
    UnknownProfile {
        /// The BT-24 value found, if any.
        found: Option<String>,
    },
    /// An internal invariant did not hold (a bug).
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}
