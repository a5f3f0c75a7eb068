//! The PDF side of Factur-X: embed a CII invoice into a PDF as PDF/A-3,
//! extract it back, inspect a hybrid file, and check its PDF/A-3 and
//! Factur-X container rules.
//!
//! Main entry points:
//! - [`embed`] with [`EmbedOptions`] returns an [`Embedded`] PDF, or an
//!   itemised [`Error::NotConvertible`] refusal;
//! - [`extract`] / [`extract_all`] return the invoice XML / every attachment;
//! - [`inspect`] returns a serialisable [`Inspection`];
//! - [`check`] returns [`facturx_report::Finding`]s of layer `pdf`, with
//!   the rule IDs of `crates/pdf/RULES.md`.
//!
//! Every function reads untrusted bytes under [`Limits`] (input size,
//! decompressed size per stream, tree depth) and never panics on input.
//!
//! ```no_run
//! use facturx_pdf::{EmbedOptions, embed, extract, check};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pdf = std::fs::read("printed-invoice.pdf")?;
//! let xml = std::fs::read("factur-x.xml")?;
//! let out = embed(&pdf, &xml, &EmbedOptions::default())?;
//! assert_eq!(extract(&out.pdf)?.xml, xml);
//! assert!(check(&out.pdf)?.is_empty());
//! std::fs::write("factur-x.pdf", &out.pdf)?;
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
mod content;
mod date;
mod embed;
mod error;
mod extract;
mod files;
mod inspect;
mod invoice;
mod limits;
mod objects;
mod options;
mod problem;
mod repair;
mod scan;
pub mod xmp;

pub use check::{check, check_with_limits};
pub use date::{InvalidTimestamp, Timestamp};
pub use embed::{FACTURX_FILE_NAME, embed};
pub use error::Error;
pub use extract::{
    Attached, Extracted, extract, extract_all, extract_all_with_limits, extract_with_limits,
};
pub use files::{FileInfo, INVOICE_FILE_NAMES};
pub use inspect::{InspectedFile, Inspection, inspect, inspect_with_limits};
pub use limits::Limits;
pub use options::{AfRelationship, Attachment, Conformance, EmbedOptions, Embedded, Warning};
pub use problem::{Problem, ProblemKind};
