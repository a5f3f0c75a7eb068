//! Reading deposit files into the model: the default [`InvoiceReader`].
//!
//! A PDF goes through `facturx-pdf` (every embedded file; the one named
//! `factur-x.xml` or another Factur-X/ZUGFeRD invoice name is the invoice,
//! the others become [`AttachmentFact`]s for CPRO-15 to CPRO-18); an XML
//! goes straight to the `facturx-cii` reader. Reading is tolerant: elements
//! the model does not carry are ignored, as the reader reports them as
//! warnings and not as errors.

use facturx_model::Invoice;

use crate::package::{InvoiceReader, Syntax};
use crate::rules::AttachmentFact;

/// Reads Factur-X PDFs and CII XML files with the project's own readers.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileReader;

fn is_invoice_name(name: &str) -> bool {
    facturx_pdf::INVOICE_FILE_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// Reads one file: the invoice and the PDF's other embedded files.
pub fn read_file(bytes: &[u8]) -> Result<(Invoice, Vec<AttachmentFact>), String> {
    match Syntax::sniff(bytes) {
        Some(Syntax::FacturX) => {
            let files = facturx_pdf::extract_all(bytes).map_err(|e| format!("pdf: {e}"))?;
            let mut xml = None;
            let mut attachments = Vec::new();
            for f in files {
                if xml.is_none() && is_invoice_name(&f.info.name) {
                    xml = Some(f.data);
                } else {
                    attachments.push(AttachmentFact {
                        location: format!(
                            "PDF /EmbeddedFiles {}{}",
                            f.info.name,
                            f.info
                                .filespec_object
                                .map(|o| format!(" (object {o})"))
                                .unwrap_or_default()
                        ),
                        size: f.data.len() as u64,
                        name: f.info.name,
                    });
                }
            }
            let xml = xml.ok_or("pdf: no factur-x.xml (nor other invoice XML) embedded")?;
            let read = facturx_cii::read(&xml).map_err(|e| format!("embedded xml: {e}"))?;
            Ok((read.invoice, attachments))
        }
        Some(Syntax::Cii) => {
            let read = facturx_cii::read(bytes).map_err(|e| format!("xml: {e}"))?;
            Ok((read.invoice, Vec::new()))
        }
        None => Err("neither a PDF nor an XML document".to_string()),
    }
}

impl InvoiceReader for FileReader {
    fn read(
        &self,
        _file_name: &str,
        bytes: &[u8],
    ) -> Result<(Invoice, Vec<AttachmentFact>), String> {
        read_file(bytes)
    }
}
