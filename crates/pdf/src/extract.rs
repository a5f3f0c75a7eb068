//! Getting the invoice XML (and other attachments) back out of a PDF.

use facturx_model::Profile;
use serde::Serialize;

use crate::error::Error;
use crate::files::{self, FileInfo};
use crate::invoice;
use crate::limits::{self, Limits};

/// The embedded invoice XML of a hybrid PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The file name as embedded (`factur-x.xml`, `ZUGFeRD-invoice.xml`...).
    pub name: String,
    /// The XML, byte for byte.
    pub xml: Vec<u8>,
    /// `/AFRelationship` of its file specification.
    pub relationship: Option<String>,
    /// MIME type of the embedded file stream.
    pub mime: Option<String>,
    /// The profile read from the XML's BT-24, when it is a Factur-X one.
    pub profile: Option<Profile>,
}

/// One attachment with its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attached {
    /// What the PDF says about the file.
    #[serde(flatten)]
    pub info: FileInfo,
    /// The decoded bytes.
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// Extracts the invoice XML under the default [`Limits`].
///
/// Looks for `factur-x.xml`, `zugferd-invoice.xml`, `ZUGFeRD-invoice.xml`,
/// `xrechnung.xml` and `order-x.xml` (case-insensitive, in that order of
/// preference) in the `/EmbeddedFiles` name tree and in the catalog `/AF`.
pub fn extract(pdf: &[u8]) -> Result<Extracted, Error> {
    extract_with_limits(pdf, &Limits::default())
}

/// [`extract`] with explicit limits.
pub fn extract_with_limits(pdf: &[u8], limits: &Limits) -> Result<Extracted, Error> {
    let doc = limits::load(pdf, limits)?;
    let found = files::find_files(&doc, limits)?;
    let best = found
        .iter()
        .filter_map(|f| files::invoice_rank(&f.info.name).map(|r| (r, f)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, f)| f)
        .ok_or(Error::NoInvoiceAttachment)?;
    let xml = files::file_data(&doc, best, limits)?;
    let profile = invoice::profile_of(&xml, None).ok();
    Ok(Extracted {
        name: best.info.name.clone(),
        xml,
        relationship: best.info.relationship.clone(),
        mime: best.info.mime.clone(),
        profile,
    })
}

/// Every embedded file (name tree and `/AF`), with its bytes.
///
/// A file whose stream cannot be decoded fails the whole call: the caller
/// asked for all of them.
pub fn extract_all(pdf: &[u8]) -> Result<Vec<Attached>, Error> {
    extract_all_with_limits(pdf, &Limits::default())
}

/// [`extract_all`] with explicit limits.
pub fn extract_all_with_limits(pdf: &[u8], limits: &Limits) -> Result<Vec<Attached>, Error> {
    let doc = limits::load(pdf, limits)?;
    files::find_files(&doc, limits)?
        .into_iter()
        .map(|f| {
            let data = files::file_data(&doc, &f, limits)?;
            Ok(Attached { info: f.info, data })
        })
        .collect()
}
