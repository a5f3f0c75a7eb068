//! `ram:ApplicableHeaderTradeAgreement`.

use facturx_model::{AdditionalDocument, Attachment, Identifier, Invoice, ProjectReference};
use roxmltree::Node;

use super::party::party;
use super::values::{code, only, text};
use super::{Cx, kids};
use crate::Error;

pub(super) fn read(cx: &mut Cx, n: Node, inv: &mut Invoice) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "BuyerReference" => cx.set(c, &mut inv.buyer_reference, text(c)),
            "SellerTradeParty" => inv.seller = party(cx, c)?,
            "BuyerTradeParty" => inv.buyer = party(cx, c)?,
            "SellerTaxRepresentativeTradeParty" => {
                let p = party(cx, c)?;
                cx.set(c, &mut inv.tax_representative, p);
            }
            "SellerOrderReferencedDocument" => {
                if let Some(id) = only(cx, c, "IssuerAssignedID") {
                    cx.set(c, &mut inv.sales_order_reference, id);
                }
            }
            "BuyerOrderReferencedDocument" => {
                if let Some(id) = only(cx, c, "IssuerAssignedID") {
                    cx.set(c, &mut inv.purchase_order_reference, id);
                }
            }
            "ContractReferencedDocument" => {
                if let Some(id) = only(cx, c, "IssuerAssignedID") {
                    cx.set(c, &mut inv.contract_reference, id);
                }
            }
            "AdditionalReferencedDocument" => additional(cx, c, inv),
            "SpecifiedProcuringProject" => {
                let mut p = ProjectReference {
                    id: String::new(),
                    name: String::new(),
                };
                for k in kids(c) {
                    match k.tag_name().name() {
                        "ID" => p.id = code(k),
                        "Name" => p.name = text(k),
                        _ => cx.unmodeled(k),
                    }
                }
                cx.set(c, &mut inv.project, p);
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

/// BG-24, BT-17 (type code 50) or BT-18 (type code 130).
fn additional(cx: &mut Cx, n: Node, inv: &mut Invoice) {
    let type_code = kids(n)
        .find(|k| k.tag_name().name() == "TypeCode")
        .map(code);
    match type_code.as_deref() {
        Some("50") if inv.tender_reference.is_none() => {
            let mut id = None;
            for k in kids(n) {
                match k.tag_name().name() {
                    "IssuerAssignedID" => id = Some(code(k)),
                    "TypeCode" => {}
                    _ => cx.unmodeled(k),
                }
            }
            inv.tender_reference = id;
        }
        Some("130") if inv.invoiced_object.is_none() => {
            let mut obj = Identifier::new("");
            for k in kids(n) {
                match k.tag_name().name() {
                    "IssuerAssignedID" => obj.id = code(k),
                    "ReferenceTypeCode" => obj.scheme = Some(code(k)),
                    "TypeCode" => {}
                    _ => cx.unmodeled(k),
                }
            }
            inv.invoiced_object = Some(obj);
        }
        _ => {
            let mut doc = AdditionalDocument::default();
            for k in kids(n) {
                match k.tag_name().name() {
                    "IssuerAssignedID" => doc.id = code(k),
                    "URIID" => doc.uri = Some(code(k)),
                    // 916 is what the writer writes when none is given.
                    "TypeCode" => doc.type_code = Some(code(k)).filter(|c| c != "916"),
                    "Name" => doc.description = Some(text(k)),
                    "AttachmentBinaryObject" => {
                        doc.attachment = Some(Attachment {
                            content_base64: code(k),
                            mime_code: k.attribute("mimeCode").unwrap_or("").to_string(),
                            filename: k.attribute("filename").unwrap_or("").to_string(),
                        });
                    }
                    _ => cx.unmodeled(k),
                }
            }
            inv.additional_documents.push(doc);
        }
    }
}
