//! `ram:IncludedSupplyChainTradeLineItem` into [`Line`].

use facturx_model::{
    Classification, CountryCode, Decimal, Identifier, Item, ItemAttribute, Line, LineVat, Price,
};
use roxmltree::Node;

use super::settlement::{allowance_charge, category, period};
use super::values::{amount, code, decimal, identifier, only, text};
use super::{Cx, kids, line as line_no, xpath};
use crate::Error;

fn missing(n: Node, what: &'static str) -> Error {
    Error::MissingElement {
        xpath: xpath(n),
        line: line_no(n),
        what,
    }
}

/// Net price, gross price and the price parts, gathered before [`Price`] is built.
#[derive(Default)]
struct PriceParts {
    net: Option<Decimal>,
    net_base: Option<(Decimal, Option<String>)>,
    gross: Option<Decimal>,
    gross_base: Option<(Decimal, Option<String>)>,
    discount: Option<Decimal>,
}

pub(super) fn line(cx: &mut Cx, n: Node) -> Result<Line, Error> {
    let mut id = String::new();
    let mut note = None;
    let mut item = Item::default();
    let mut order_line_reference = None;
    let mut price = PriceParts::default();
    let mut quantity = None;
    let mut vat = None;
    let mut l = LineParts::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "AssociatedDocumentLineDocument" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "LineID" => id = code(k),
                        "IncludedNote" if note.is_none() => {
                            for m in kids(k) {
                                match m.tag_name().name() {
                                    "Content" => note = Some(text(m)),
                                    _ => cx.unmodeled(m),
                                }
                            }
                        }
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "SpecifiedTradeProduct" => item = product(cx, c)?,
            "SpecifiedLineTradeAgreement" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "BuyerOrderReferencedDocument" => {
                            order_line_reference = only(cx, k, "LineID")
                        }
                        "GrossPriceProductTradePrice" => trade_price(cx, k, &mut price, true)?,
                        "NetPriceProductTradePrice" => trade_price(cx, k, &mut price, false)?,
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "SpecifiedLineTradeDelivery" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "BilledQuantity" if quantity.is_none() => {
                            quantity = Some((
                                decimal(k)?,
                                k.attribute("unitCode").unwrap_or("").to_string(),
                            ));
                        }
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "SpecifiedLineTradeSettlement" => settlement(cx, c, &mut vat, &mut l)?,
            _ => cx.unmodeled(c),
        }
    }
    let (quantity, unit_code) =
        quantity.ok_or_else(|| missing(n, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"))?;
    let net = price
        .net
        .ok_or_else(|| missing(n, "ram:NetPriceProductTradePrice/ram:ChargeAmount"))?;
    let (base_quantity, base_quantity_unit) = match price.net_base.or(price.gross_base) {
        Some((q, u)) => (Some(q), u),
        None => (None, None),
    };
    Ok(Line {
        id,
        note,
        object_identifier: l.object_identifier,
        quantity,
        unit_code,
        net_amount: l.net_amount,
        order_line_reference,
        accounting_reference: l.accounting_reference,
        period: l.period,
        allowances: l.allowances,
        charges: l.charges,
        price: Price {
            net,
            discount: price.discount,
            gross: price.gross,
            base_quantity,
            base_quantity_unit,
        },
        vat: vat
            .ok_or_else(|| missing(n, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax"))?,
        item,
    })
}

fn trade_price(cx: &mut Cx, n: Node, price: &mut PriceParts, gross: bool) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "ChargeAmount" => {
                let v = decimal(c)?;
                if gross {
                    price.gross = Some(v)
                } else {
                    price.net = Some(v)
                }
            }
            "BasisQuantity" => {
                let q = (decimal(c)?, c.attribute("unitCode").map(str::to_string));
                if gross {
                    price.gross_base = Some(q)
                } else {
                    price.net_base = Some(q)
                }
            }
            "AppliedTradeAllowanceCharge" if gross && price.discount.is_none() => {
                let mut is_charge = false;
                for k in kids(c) {
                    match k.tag_name().name() {
                        "ChargeIndicator" => is_charge = super::values::indicator(k)?,
                        "ActualAmount" if !is_charge => price.discount = Some(decimal(k)?),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

/// The parts of the line settlement, gathered before [`Line`] is built.
#[derive(Default)]
struct LineParts {
    net_amount: Option<facturx_model::Amount>,
    object_identifier: Option<Identifier>,
    accounting_reference: Option<String>,
    period: Option<facturx_model::Period>,
    allowances: Vec<facturx_model::AllowanceCharge>,
    charges: Vec<facturx_model::AllowanceCharge>,
}

fn settlement(
    cx: &mut Cx,
    n: Node,
    vat: &mut Option<LineVat>,
    l: &mut LineParts,
) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "ApplicableTradeTax" if vat.is_none() => {
                let mut cat = None;
                let mut rate = None;
                for k in kids(c) {
                    match k.tag_name().name() {
                        "TypeCode" => {}
                        "CategoryCode" => cat = Some(category(k)?),
                        "RateApplicablePercent" => rate = Some(decimal(k)?),
                        _ => cx.unmodeled(k),
                    }
                }
                let category = cat.ok_or_else(|| missing(c, "ram:CategoryCode"))?;
                *vat = Some(LineVat { category, rate });
            }
            "BillingSpecifiedPeriod" => {
                let p = period(cx, c)?;
                cx.set(c, &mut l.period, p);
            }
            "SpecifiedTradeAllowanceCharge" => {
                let (is_charge, ac) = allowance_charge(cx, c)?;
                if is_charge {
                    l.charges.push(ac)
                } else {
                    l.allowances.push(ac)
                }
            }
            "SpecifiedTradeSettlementLineMonetarySummation" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "LineTotalAmount" => l.net_amount = Some(amount(k)?),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "AdditionalReferencedDocument" if l.object_identifier.is_none() => {
                let mut obj = Identifier::new("");
                for k in kids(c) {
                    match k.tag_name().name() {
                        "IssuerAssignedID" => obj.id = code(k),
                        "ReferenceTypeCode" => obj.scheme = Some(code(k)),
                        "TypeCode" if code(k) == "130" => {}
                        _ => cx.unmodeled(k),
                    }
                }
                l.object_identifier = Some(obj);
            }
            "ReceivableSpecifiedTradeAccountingAccount" => {
                if let Some(id) = only(cx, c, "ID") {
                    cx.set(c, &mut l.accounting_reference, id);
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

fn product(cx: &mut Cx, n: Node) -> Result<Item, Error> {
    let mut item = Item::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "GlobalID" => cx.set(c, &mut item.standard_id, identifier(c)),
            "SellerAssignedID" => cx.set(c, &mut item.seller_id, code(c)),
            "BuyerAssignedID" => cx.set(c, &mut item.buyer_id, code(c)),
            "Name" => item.name = text(c),
            "Description" => cx.set(c, &mut item.description, text(c)),
            "ApplicableProductCharacteristic" => {
                let mut name = None;
                let mut value = None;
                for k in kids(c) {
                    match k.tag_name().name() {
                        "Description" => name = Some(text(k)),
                        "Value" => value = Some(text(k)),
                        _ => cx.unmodeled(k),
                    }
                }
                match (name, value) {
                    (Some(name), Some(value)) => {
                        item.attributes.push(ItemAttribute { name, value })
                    }
                    _ => cx.unmodeled(c),
                }
            }
            "DesignatedProductClassification" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "ClassCode" => item.classifications.push(Classification {
                            code: code(k),
                            list_id: k.attribute("listID").map(str::to_string),
                            list_version: k.attribute("listVersionID").map(str::to_string),
                        }),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "OriginTradeCountry" => {
                if let Some(id) = only(cx, c, "ID") {
                    let country = CountryCode::new(&id).map_err(|e| Error::InvalidValue {
                        xpath: xpath(c),
                        line: line_no(c),
                        message: e.to_string(),
                    })?;
                    cx.set(c, &mut item.origin_country, country);
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(item)
}
