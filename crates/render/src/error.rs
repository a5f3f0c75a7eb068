//! The renderer's error type.

use std::path::PathBuf;

/// Why an invoice could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The totals or VAT breakdown could not be computed from the lines.
    #[error("could not compute the invoice totals: {0}")]
    Calculation(#[from] facturx_model::Error),
    /// The CII XML could not be written (e.g. data the profile requires is missing).
    #[error("could not write the cii xml: {0}")]
    Xml(#[from] facturx_cii::Error),
    /// The rendered PDF could not be packaged as Factur-X.
    #[error("could not embed the xml into the pdf: {0}")]
    Embed(#[from] facturx_pdf::Error),
    /// The bundled font could not be read (a packaging problem, not an input one).
    #[error("the bundled font {name} could not be read")]
    Font {
        /// Which face failed.
        name: &'static str,
    },
    /// krilla refused to write the document, typically a PDF/A-3b violation.
    #[error("the pdf writer refused the document: {reason}")]
    Pdf {
        /// krilla's error, as text.
        reason: String,
    },
    /// The logo is neither a PNG nor a JPEG image, or it could not be decoded.
    #[error("invalid logo: {reason}")]
    InvalidLogo {
        /// What is wrong with it.
        reason: String,
    },
    /// A colour in the template is not `#RRGGBB`.
    #[error("invalid colour {value:?}: expected \"#RRGGBB\"")]
    InvalidColor {
        /// The value found.
        value: String,
    },
    /// A template file could not be parsed.
    #[error("template {}: {reason}", path.display())]
    Template {
        /// The template file.
        path: PathBuf,
        /// The parser's message.
        reason: String,
    },
    /// A file could not be read.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        err: std::io::Error,
    },
    /// A state the renderer believes impossible.
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}
