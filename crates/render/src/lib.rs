//! Draws the human-readable page of a Factur-X invoice: an A4 PDF/A-3b
//! rendered from the [`facturx_model::Invoice`], in French or English.
//!
//! [`render`] lays out the seller and buyer blocks, references, the line
//! table (over as many pages as needed, with repeated headers and `1/3`
//! page numbers), allowances and charges, the VAT breakdown, totals, payment
//! details and the French mandatory mentions, then writes them with
//! [krilla](https://docs.rs/krilla) under its PDF/A-3b validator, which
//! refuses any non-conforming content. The bundled DejaVu Sans Condensed
//! faces are embedded and subset; colours are sRGB with an sRGB output
//! intent. [`RenderOptions`] selects the [`Lang`] and a [`Template`]
//! (letterhead colour, logo, footer).
//!
//! [`render`] writes no Factur-X XML: [`facturx()`] renders, writes the CII
//! XML with `facturx_cii::to_vec` and hands both to `facturx_pdf::embed`,
//! the one place that writes the attachment, its `/AF` relationship and the
//! Factur-X XMP.
//!
//! ```
//! use facturx_model::Invoice;
//! use facturx_render::{render, Lang, RenderOptions};
//!
//! let json = r#"{
//!   "number": "F2026-001", "issue_date": "2026-11-23", "currency": "EUR",
//!   "seller": {"name": "ACME SAS", "vat_identifier": "FR32123456789",
//!              "address": {"country": "FR"}},
//!   "buyer": {"name": "Client SA", "address": {"country": "FR"}},
//!   "lines": [{"id": "1", "quantity": "3", "unit_code": "C62",
//!              "price": {"net": "10.00"}, "vat": {"category": "S", "rate": "20"},
//!              "item": {"name": "Widget"}}]
//! }"#;
//! let invoice: Invoice = serde_json::from_str(json)?;
//! let pdf = render(&invoice, &RenderOptions::new(Lang::Fr))?;
//! assert!(pdf.starts_with(b"%PDF-1.7"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod facturx;
mod fonts;
mod format;
mod labels;
mod layout;
mod options;
mod paint;
mod sfnt;
mod sheet;

use std::borrow::Cow;

use facturx_model::{Invoice, calc};

pub use error::Error;
pub use facturx::{FacturX, facturx};
pub use format::Formatter;
pub use options::{Lang, Logo, LogoFormat, RenderOptions, Rgb, Template};

/// Renders `invoice` as a PDF/A-3b document.
///
/// Totals, line net amounts and the VAT breakdown are computed with
/// [`facturx_model::calc::compute`] when the invoice lacks them; given ones
/// are printed as they are.
pub fn render(invoice: &Invoice, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    let invoice = computed(invoice)?;
    Ok(render_computed(&invoice, options, paint::Streams::Compressed)?.0)
}

/// Renders an invoice whose totals are computed; returns the PDF and its title.
fn render_computed(
    invoice: &Invoice,
    options: &RenderOptions,
    streams: paint::Streams,
) -> Result<(Vec<u8>, String), Error> {
    let fonts = fonts::fonts()?;
    let laid = layout::lay_out(invoice, options, sheet::Sheet::new(fonts));
    let title = laid.title.clone();
    let info = paint::DocInfo {
        lang: options.lang.tag(),
        author: &invoice.seller.name,
        date: invoice.issue_date,
    };
    Ok((paint::paint(laid, fonts, options, info, streams)?, title))
}

/// The number of pages `invoice` takes, without writing the PDF.
pub fn page_count(invoice: &Invoice, options: &RenderOptions) -> Result<usize, Error> {
    let invoice = computed(invoice)?;
    let fonts = fonts::fonts()?;
    let laid = layout::lay_out(&invoice, options, sheet::Sheet::new(fonts));
    Ok(laid.sheet.pages.len())
}

fn computed(invoice: &Invoice) -> Result<Cow<'_, Invoice>, Error> {
    let missing = invoice.totals.is_none() || invoice.lines.iter().any(|l| l.net_amount.is_none());
    if !missing {
        return Ok(Cow::Borrowed(invoice));
    }
    let mut owned = invoice.clone();
    calc::compute(&mut owned)?;
    Ok(Cow::Owned(owned))
}
