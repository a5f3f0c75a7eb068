//! `ram:IncludedSupplyChainTradeLineItem`: BG-25 and its parts (BASIC and richer).

use std::io::{self, Write};

use facturx_model::{Item, Line, Profile};

use super::Out;
use super::settlement::{allowance_charge, period};

pub(super) fn write<W: Write>(out: &mut Out<'_, W>, line: &Line) -> io::Result<()> {
    let en = out.at_least(Profile::En16931);
    out.start("ram:IncludedSupplyChainTradeLineItem")?;

    out.start("ram:AssociatedDocumentLineDocument")?;
    out.leaf("ram:LineID", &line.id)?;
    if let Some(note) = &line.note {
        out.wrapped("ram:IncludedNote", "ram:Content", note)?;
    }
    out.end("ram:AssociatedDocumentLineDocument")?;

    product(out, &line.item)?;

    out.start("ram:SpecifiedLineTradeAgreement")?;
    if en && let Some(r) = &line.order_line_reference {
        out.wrapped("ram:BuyerOrderReferencedDocument", "ram:LineID", r)?;
    }
    let price = &line.price;
    if let Some(gross) = price.gross {
        out.start("ram:GrossPriceProductTradePrice")?;
        out.decimal("ram:ChargeAmount", gross)?;
        if let Some(q) = price.base_quantity {
            out.quantity("ram:BasisQuantity", q, price.base_quantity_unit.as_deref())?;
        }
        if let Some(discount) = price.discount {
            out.start("ram:AppliedTradeAllowanceCharge")?;
            out.indicator("ram:ChargeIndicator", false)?;
            out.decimal("ram:ActualAmount", discount)?;
            out.end("ram:AppliedTradeAllowanceCharge")?;
        }
        out.end("ram:GrossPriceProductTradePrice")?;
    }
    out.start("ram:NetPriceProductTradePrice")?;
    out.decimal("ram:ChargeAmount", price.net)?;
    if let Some(q) = price.base_quantity {
        out.quantity("ram:BasisQuantity", q, price.base_quantity_unit.as_deref())?;
    }
    out.end("ram:NetPriceProductTradePrice")?;
    out.end("ram:SpecifiedLineTradeAgreement")?;

    out.start("ram:SpecifiedLineTradeDelivery")?;
    out.quantity("ram:BilledQuantity", line.quantity, Some(&line.unit_code))?;
    out.end("ram:SpecifiedLineTradeDelivery")?;

    out.start("ram:SpecifiedLineTradeSettlement")?;
    out.start("ram:ApplicableTradeTax")?;
    out.leaf("ram:TypeCode", "VAT")?;
    out.leaf("ram:CategoryCode", line.vat.category.code())?;
    out.opt_decimal("ram:RateApplicablePercent", line.vat.rate)?;
    out.end("ram:ApplicableTradeTax")?;
    if let Some(p) = &line.period {
        period(out, p)?;
    }
    for a in &line.allowances {
        allowance_charge(out, a, false, false)?;
    }
    for c in &line.charges {
        allowance_charge(out, c, true, false)?;
    }
    out.start("ram:SpecifiedTradeSettlementLineMonetarySummation")?;
    out.opt_amount("ram:LineTotalAmount", line.net_amount)?;
    out.end("ram:SpecifiedTradeSettlementLineMonetarySummation")?;
    if en {
        if let Some(o) = &line.object_identifier {
            out.start("ram:AdditionalReferencedDocument")?;
            out.leaf("ram:IssuerAssignedID", &o.id)?;
            out.leaf("ram:TypeCode", "130")?;
            out.opt_leaf("ram:ReferenceTypeCode", o.scheme.as_deref())?;
            out.end("ram:AdditionalReferencedDocument")?;
        }
        if let Some(acc) = &line.accounting_reference {
            out.wrapped(
                "ram:ReceivableSpecifiedTradeAccountingAccount",
                "ram:ID",
                acc,
            )?;
        }
    }
    out.end("ram:SpecifiedLineTradeSettlement")?;
    out.end("ram:IncludedSupplyChainTradeLineItem")
}

fn product<W: Write>(out: &mut Out<'_, W>, item: &Item) -> io::Result<()> {
    let en = out.at_least(Profile::En16931);
    out.start("ram:SpecifiedTradeProduct")?;
    if let Some(id) = &item.standard_id {
        out.id("ram:GlobalID", id)?;
    }
    if en {
        out.opt_leaf("ram:SellerAssignedID", item.seller_id.as_deref())?;
        out.opt_leaf("ram:BuyerAssignedID", item.buyer_id.as_deref())?;
    }
    out.leaf("ram:Name", &item.name)?;
    if en {
        out.opt_leaf("ram:Description", item.description.as_deref())?;
        for a in &item.attributes {
            out.start("ram:ApplicableProductCharacteristic")?;
            out.leaf("ram:Description", &a.name)?;
            out.leaf("ram:Value", &a.value)?;
            out.end("ram:ApplicableProductCharacteristic")?;
        }
        for c in &item.classifications {
            out.start("ram:DesignatedProductClassification")?;
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            if let Some(l) = &c.list_id {
                attrs.push(("listID", l));
            }
            if let Some(v) = &c.list_version {
                attrs.push(("listVersionID", v));
            }
            out.leaf_with("ram:ClassCode", &attrs, &c.code)?;
            out.end("ram:DesignatedProductClassification")?;
        }
        if let Some(c) = &item.origin_country {
            out.wrapped("ram:OriginTradeCountry", "ram:ID", c.as_str())?;
        }
    }
    out.end("ram:SpecifiedTradeProduct")
}
