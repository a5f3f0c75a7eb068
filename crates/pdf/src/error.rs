//! The one error type of this crate.

use facturx_model::Profile;

use crate::problem::Problem;

/// Why a PDF could not be embedded into, extracted from, inspected or checked.
///
/// Non-conformities found by [`crate::check`] are findings, not errors; an
/// `Error` means the operation could not run (or, for [`crate::embed`], that
/// the input cannot become PDF/A-3 and `force` was not set).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`crate::Limits::max_input_size`].
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    InputTooLarge {
        /// Size of the input.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// lopdf could not parse the PDF (broken header, cross-reference or objects).
    #[error("cannot read pdf: {0}")]
    Parse(#[source] lopdf::Error),
    /// The PDF parsed but lacks a structure this operation needs.
    #[error("malformed pdf: {what}{}", object_suffix(*.object))]
    Malformed {
        /// What is missing or wrong.
        what: String,
        /// The object number, when the problem sits in one object.
        object: Option<u32>,
    },
    /// A stream would decompress to more than [`crate::Limits::max_stream_size`].
    #[error("stream in object {object} decompresses to more than {limit} bytes")]
    StreamTooLarge {
        /// The object number of the stream.
        object: u32,
        /// The limit in force.
        limit: usize,
    },
    /// The invoice XML is not well-formed or is not a CII invoice.
    #[error("invoice xml: {0}")]
    Xml(String),
    /// The invoice XML has no BT-24 (`GuidelineSpecifiedDocumentContextParameter/ID`).
    #[error(
        "invoice xml has no BT-24 specification identifier (GuidelineSpecifiedDocumentContextParameter/ID)"
    )]
    MissingGuidelineId,
    /// BT-24 is not one of the Factur-X profile identifiers.
    #[error(
        "BT-24 {found:?} is not a Factur-X profile identifier{}",
        xml_only_hint(found)
    )]
    UnknownGuidelineId {
        /// The BT-24 value found in the XML.
        found: String,
    },
    /// The caller asked for a profile that the XML's BT-24 contradicts.
    #[error("profile mismatch: the caller asked for {expected} but the XML's BT-24 says {found}")]
    ProfileMismatch {
        /// The profile the caller gave.
        expected: Profile,
        /// The profile read from the XML.
        found: Profile,
    },
    /// An option is not acceptable (relationship, attachment name...).
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The input cannot become PDF/A-3; every problem is listed.
    #[error("the pdf cannot become PDF/A-3 ({} problem(s)): {}", .problems.len(), list(.problems))]
    NotConvertible {
        /// Every problem found, each with its object number.
        problems: Vec<Problem>,
    },
    /// No embedded Factur-X / ZUGFeRD / XRechnung / Order-X XML was found.
    #[error(
        "no embedded invoice xml (factur-x.xml, zugferd-invoice.xml, xrechnung.xml, order-x.xml) found"
    )]
    NoInvoiceAttachment,
    /// Writing the output PDF failed.
    #[error("cannot write pdf: {0}")]
    Write(#[source] std::io::Error),
    /// A path that should not be reachable was reached.
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}

fn object_suffix(object: Option<u32>) -> String {
    match object {
        Some(n) => format!(" (object {n})"),
        None => String::new(),
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// EXTENDED-CTC-FR is an XML-only profile: say how to make a PDF of it.
fn xml_only_hint(found: &str) -> &'static str {
    if found.trim().ends_with(":extended-ctc-fr") {
        ": EXTENDED-CTC-FR is an XML-only profile (no Factur-X PDF level); a PDF needs the \
         Factur-X EXTENDED identifier urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended, \
         whose schema contains EXTENDED-CTC-FR"
    } else {
        ""
    }
}
