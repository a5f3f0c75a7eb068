//! `ram:ApplicableHeaderTradeDelivery`: BG-13, BT-15, BT-16 (empty in MINIMUM).

use std::io::{self, Write};

use facturx_model::{Invoice, Profile};

use super::Out;
use super::party::{self, Role};

pub(super) fn write<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    const NAME: &str = "ram:ApplicableHeaderTradeDelivery";
    let en = out.at_least(Profile::En16931);
    let has_content = inv
        .delivery
        .as_ref()
        .is_some_and(|d| d.ship_to.is_some() || d.actual_delivery_date.is_some())
        || inv.despatch_advice_reference.is_some()
        || (en && inv.receiving_advice_reference.is_some());
    if !out.at_least(Profile::BasicWl) || !has_content {
        // MINIMUM declares this element with empty content: no white space either.
        return out.empty(NAME);
    }
    out.start(NAME)?;
    {
        if let Some(d) = &inv.delivery {
            if let Some(ship_to) = &d.ship_to {
                party::write(out, "ram:ShipToTradeParty", ship_to, Role::Other)?;
            }
            if let Some(date) = d.actual_delivery_date {
                out.start("ram:ActualDeliverySupplyChainEvent")?;
                out.date_time("ram:OccurrenceDateTime", date)?;
                out.end("ram:ActualDeliverySupplyChainEvent")?;
            }
        }
        if let Some(r) = &inv.despatch_advice_reference {
            out.wrapped(
                "ram:DespatchAdviceReferencedDocument",
                "ram:IssuerAssignedID",
                r,
            )?;
        }
        if en && let Some(r) = &inv.receiving_advice_reference {
            out.wrapped(
                "ram:ReceivingAdviceReferencedDocument",
                "ram:IssuerAssignedID",
                r,
            )?;
        }
    }
    out.end(NAME)
}
