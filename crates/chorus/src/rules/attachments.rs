//! Attachments: sizes, names and extensions (CPRO-15 to CPRO-18).

use facturx_model::Invoice;

use super::{AttachmentFact, FileFacts, Findings, path};

/// Each attachment must stay under 10 MB (OCA).
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// The invoice with its attachments must stay under 120 MB (OCA).
pub const MAX_TOTAL_BYTES: u64 = 120 * 1024 * 1024;
/// Attachment names: at most 50 characters, extension included (OCA).
pub const MAX_NAME_CHARS: usize = 50;

/// Extensions Chorus Pro accepts for attachments (OCA, citing the Chorus Pro
/// community), compared case-insensitively.
pub const ALLOWED_EXTENSIONS: &[&str] = &[
    "bmp", "gif", "fax", "odt", "ppt", "tiff", "xls", "bz2", "gz", "jpeg", "p7s", "rtf", "txt",
    "xml", "csv", "gzip", "jpg", "pdf", "svg", "xhtml", "xlsx", "doc", "htm", "odp", "png", "tgz",
    "xlc", "zip", "docx", "html", "ods", "pps", "tif", "xlm", "pptx",
];

/// The decoded size of base64 text (whitespace and padding ignored).
fn base64_decoded_len(text: &str) -> u64 {
    let chars = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count() as u64;
    chars * 3 / 4
}

/// Every attachment of the file: BG-24 binary objects and `facts.attachments`.
pub fn attachments_of(invoice: &Invoice, facts: &FileFacts) -> Vec<AttachmentFact> {
    let mut out: Vec<AttachmentFact> = invoice
        .additional_documents
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            doc.attachment.as_ref().map(|a| AttachmentFact {
                name: a.filename.clone(),
                size: base64_decoded_len(&a.content_base64),
                location: format!("{}[{}]/ram:AttachmentBinaryObject", path::BG_24, i + 1),
            })
        })
        .collect();
    out.extend(facts.attachments.iter().cloned());
    out
}

pub(super) fn check(invoice: &Invoice, facts: &FileFacts, out: &mut Findings) {
    let all = attachments_of(invoice, facts);
    for a in &all {
        if a.size >= MAX_ATTACHMENT_BYTES {
            out.fatal(
                "CPRO-15",
                &a.location,
                format!(
                    "attachment {:?} is {} bytes; each attachment must be under 10 MB ({} bytes)",
                    a.name, a.size, MAX_ATTACHMENT_BYTES
                ),
            );
        }
        let chars = a.name.chars().count();
        if chars > MAX_NAME_CHARS {
            out.fatal(
                "CPRO-17",
                &a.location,
                format!(
                    "attachment name {:?} has {chars} characters, at most {MAX_NAME_CHARS} \
                     (extension included)",
                    a.name
                ),
            );
        }
        let ext = a.name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if !ext
            .as_deref()
            .is_some_and(|e| ALLOWED_EXTENSIONS.contains(&e))
        {
            out.fatal(
                "CPRO-18",
                &a.location,
                format!(
                    "attachment {:?} has {}; Chorus Pro accepts {}",
                    a.name,
                    ext.map_or("no extension".to_string(), |e| format!("extension .{e}")),
                    ALLOWED_EXTENSIONS.join(", ")
                ),
            );
        }
    }
    // A PDF's size already includes its embedded files, and an XML's its
    // base64 attachments, so the file size is the total when known; the sum of
    // the attachments is a floor otherwise.
    let sum: u64 = all.iter().map(|a| a.size).sum();
    let total = facts.file_size.unwrap_or(0).max(sum);
    if total >= MAX_TOTAL_BYTES {
        out.fatal(
            "CPRO-16",
            path::ROOT,
            format!(
                "the invoice with its attachments is {total} bytes; Chorus Pro takes under 120 MB \
                 ({MAX_TOTAL_BYTES} bytes)"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn base64_len() {
        assert_eq!(base64_decoded_len(""), 0);
        assert_eq!(base64_decoded_len("QQ=="), 1);
        assert_eq!(base64_decoded_len("QUI="), 2);
        assert_eq!(base64_decoded_len("QUJD"), 3);
        assert_eq!(base64_decoded_len("QUJD\nREVG"), 6);
        assert_eq!(base64_decoded_len("QUJDRA"), 4);
        assert_eq!(base64_decoded_len("=="), 0);
    }
}
