//! The whole Factur-X file in one call: the rendered page, the CII XML
//! (`facturx-cii`) and the PDF/A-3 packaging (`facturx-pdf`, the one place
//! that writes the Factur-X XMP, the `/AF` attachment and its relationship).

use facturx_model::{Invoice, Profile};
use facturx_pdf::{EmbedOptions, Timestamp};

use crate::paint::Streams;
use crate::{Error, RenderOptions, computed, render_computed};

/// A Factur-X PDF and the parts it was made of.
#[derive(Debug, Clone)]
pub struct FacturX {
    /// The hybrid PDF/A-3 file.
    pub pdf: Vec<u8>,
    /// The CII XML embedded in it as `factur-x.xml`.
    pub xml: Vec<u8>,
    /// The profile written (BT-24 and `fx:ConformanceLevel`).
    pub profile: Profile,
    /// What the packaging step changed or noted, without failing.
    pub warnings: Vec<facturx_pdf::Warning>,
}

/// Renders `invoice`, writes its CII XML for `profile` and embeds it.
///
/// Every date in the file (PDF Info, XMP, the attachment's `/Params`) is
/// the invoice issue date at midnight UTC, so the same invoice always gives
/// the same bytes.
///
/// ```
/// use facturx_model::{Invoice, Profile};
/// use facturx_render::{facturx, RenderOptions};
///
/// let json = r#"{
///   "number": "F2026-001", "issue_date": "2026-11-23", "currency": "EUR",
///   "seller": {"name": "ACME SAS", "vat_identifier": "FR32123456789",
///              "address": {"country": "FR"}},
///   "buyer": {"name": "Client SA", "address": {"country": "FR"}},
///   "payment_means": [{"type_code": "58", "iban": "FR7630006000011234567890189"}],
///   "lines": [{"id": "1", "quantity": "3", "unit_code": "C62",
///              "price": {"net": "10.00"}, "vat": {"category": "S", "rate": "20"},
///              "item": {"name": "Widget"}}]
/// }"#;
/// let invoice: Invoice = serde_json::from_str(json)?;
/// let out = facturx(&invoice, Profile::En16931, &RenderOptions::default())?;
/// assert_eq!(facturx_pdf::extract(&out.pdf)?.xml, out.xml);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn facturx(
    invoice: &Invoice,
    profile: Profile,
    options: &RenderOptions,
) -> Result<FacturX, Error> {
    let invoice = computed(invoice)?;
    let xml = facturx_cii::to_vec(&invoice, profile)?;
    // Content streams come unfiltered and are deflated once, by `embed`.
    let (pdf, title) = render_computed(&invoice, options, Streams::Unfiltered)?;
    let d = invoice.issue_date;
    let embed = EmbedOptions {
        profile: Some(profile),
        date: Timestamp::new(d.year(), d.month(), d.day(), 0, 0, 0),
        title: Some(title),
        author: Some(invoice.seller.name.clone()),
        creator_tool: Some("facturx-rs".to_string()),
        compress_streams: true,
        ..EmbedOptions::default()
    };
    let out = facturx_pdf::embed(&pdf, &xml, &embed)?;
    Ok(FacturX {
        pdf: out.pdf,
        xml,
        profile: out.profile,
        warnings: out.warnings,
    })
}
