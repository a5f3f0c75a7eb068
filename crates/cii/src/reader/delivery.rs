//! `ram:ApplicableHeaderTradeDelivery`.

use facturx_model::{Delivery, Invoice};
use roxmltree::Node;

use super::party::party;
use super::values::{date, only};
use super::{Cx, kids};
use crate::Error;

pub(super) fn read(cx: &mut Cx, n: Node, inv: &mut Invoice) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "ShipToTradeParty" => {
                let p = party(cx, c)?;
                let d = inv.delivery.get_or_insert_with(Delivery::default);
                cx.set(c, &mut d.ship_to, p);
            }
            "ActualDeliverySupplyChainEvent" => {
                let mut when = None;
                for k in kids(c) {
                    match k.tag_name().name() {
                        "OccurrenceDateTime" => when = date(cx, k)?,
                        _ => cx.unmodeled(k),
                    }
                }
                if let Some(when) = when {
                    let d = inv.delivery.get_or_insert_with(Delivery::default);
                    cx.set(c, &mut d.actual_delivery_date, when);
                }
            }
            "DespatchAdviceReferencedDocument" => {
                if let Some(id) = only(cx, c, "IssuerAssignedID") {
                    cx.set(c, &mut inv.despatch_advice_reference, id);
                }
            }
            "ReceivingAdviceReferencedDocument" => {
                if let Some(id) = only(cx, c, "IssuerAssignedID") {
                    cx.set(c, &mut inv.receiving_advice_reference, id);
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}
