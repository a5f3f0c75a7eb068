//! `ram:ApplicableHeaderTradeAgreement`: BT-10 to BT-18, the seller, buyer
//! and tax representative, BG-24.

use std::io::{self, Write};

use facturx_model::{Invoice, Profile};

use super::Out;
use super::party::{self, Role};

pub(super) fn write<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    let en = out.at_least(Profile::En16931);
    out.start("ram:ApplicableHeaderTradeAgreement")?;
    out.opt_leaf("ram:BuyerReference", inv.buyer_reference.as_deref())?;
    party::write(out, "ram:SellerTradeParty", &inv.seller, Role::Seller)?;
    party::write(out, "ram:BuyerTradeParty", &inv.buyer, Role::Buyer)?;
    if out.at_least(Profile::BasicWl)
        && let Some(rep) = &inv.tax_representative
    {
        party::write(
            out,
            "ram:SellerTaxRepresentativeTradeParty",
            rep,
            Role::Other,
        )?;
    }
    if en && let Some(r) = &inv.sales_order_reference {
        out.wrapped(
            "ram:SellerOrderReferencedDocument",
            "ram:IssuerAssignedID",
            r,
        )?;
    }
    if let Some(r) = &inv.purchase_order_reference {
        out.wrapped(
            "ram:BuyerOrderReferencedDocument",
            "ram:IssuerAssignedID",
            r,
        )?;
    }
    if out.at_least(Profile::BasicWl)
        && let Some(r) = &inv.contract_reference
    {
        out.wrapped("ram:ContractReferencedDocument", "ram:IssuerAssignedID", r)?;
    }
    if en {
        for doc in &inv.additional_documents {
            out.start("ram:AdditionalReferencedDocument")?;
            out.leaf("ram:IssuerAssignedID", &doc.id)?;
            out.opt_leaf("ram:URIID", doc.uri.as_deref())?;
            out.leaf("ram:TypeCode", doc.type_code.as_deref().unwrap_or("916"))?;
            out.opt_leaf("ram:Name", doc.description.as_deref())?;
            if let Some(a) = &doc.attachment {
                out.leaf_with(
                    "ram:AttachmentBinaryObject",
                    &[("mimeCode", &a.mime_code), ("filename", &a.filename)],
                    &a.content_base64,
                )?;
            }
            out.end("ram:AdditionalReferencedDocument")?;
        }
        if let Some(t) = &inv.tender_reference {
            out.start("ram:AdditionalReferencedDocument")?;
            out.leaf("ram:IssuerAssignedID", t)?;
            out.leaf("ram:TypeCode", "50")?;
            out.end("ram:AdditionalReferencedDocument")?;
        }
        if let Some(o) = &inv.invoiced_object {
            out.start("ram:AdditionalReferencedDocument")?;
            out.leaf("ram:IssuerAssignedID", &o.id)?;
            out.leaf("ram:TypeCode", "130")?;
            out.opt_leaf("ram:ReferenceTypeCode", o.scheme.as_deref())?;
            out.end("ram:AdditionalReferencedDocument")?;
        }
        if let Some(p) = &inv.project {
            out.start("ram:SpecifiedProcuringProject")?;
            out.leaf("ram:ID", &p.id)?;
            out.leaf("ram:Name", &p.name)?;
            out.end("ram:SpecifiedProcuringProject")?;
        }
    }
    out.end("ram:ApplicableHeaderTradeAgreement")
}
