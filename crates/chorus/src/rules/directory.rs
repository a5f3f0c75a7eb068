//! Buyer requirements from the directory, and the engagement length
//! (CPRO-11 to CPRO-14).

use facturx_model::Invoice;

use super::routing::buyer_siret;
use super::{Findings, path};
use crate::Directory;

fn non_empty(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

pub(super) fn check(invoice: &Invoice, dir: &Directory, out: &mut Findings) {
    // Without a valid buyer SIRET CPRO-01/02 already fired; nothing to look up.
    let Some(siret) = buyer_siret(invoice) else {
        return;
    };
    // CPRO-11: the structure exists and is active.
    let Some(structure) = dir.get(siret) else {
        out.fatal(
            "CPRO-11",
            path::BUYER,
            format!("buyer SIRET {siret} is not a public structure of the Chorus Pro directory"),
        );
        return;
    };
    if !structure.active {
        out.fatal(
            "CPRO-11",
            path::BUYER,
            format!(
                "buyer SIRET {siret} ({}) is inactive in the Chorus Pro directory",
                structure.name
            ),
        );
        // A closed structure takes no invoice: its services are moot.
        return;
    }
    let service = non_empty(invoice.buyer_reference.as_ref());
    let engagement = non_empty(invoice.purchase_order_reference.as_ref());

    // CPRO-12: the service code.
    match service {
        None if structure.service_code_required => out.fatal(
            "CPRO-12",
            path::AGREEMENT,
            format!(
                "buyer {siret} ({}) requires a service code in BT-10 (BuyerReference); \
                 active services: {}",
                structure.name,
                active_services(structure)
            ),
        ),
        None => {}
        Some(code) => match structure.services.get(code) {
            Some(s) if s.active => {}
            Some(_) => out.fatal(
                "CPRO-12",
                path::BT_10,
                format!(
                    "service code BT-10 {code:?} is inactive for buyer {siret} ({}); active \
                     services: {}",
                    structure.name,
                    active_services(structure)
                ),
            ),
            None => out.fatal(
                "CPRO-12",
                path::BT_10,
                format!(
                    "service code BT-10 {code:?} is unknown for buyer {siret} ({}); active \
                     services: {}",
                    structure.name,
                    active_services(structure)
                ),
            ),
        },
    }

    // CPRO-13: the engagement number.
    if engagement.is_none() && structure.engagement_required {
        out.fatal(
            "CPRO-13",
            path::AGREEMENT,
            format!(
                "buyer {siret} ({}) requires an engagement number (numéro d'engagement) in \
                 BT-13 (BuyerOrderReferencedDocument)",
                structure.name
            ),
        );
    } else if engagement.is_none() && service.is_none() && structure.service_or_engagement_required
    {
        out.fatal(
            "CPRO-13",
            path::AGREEMENT,
            format!(
                "buyer {siret} ({}) requires a service code (BT-10) or an engagement number \
                 (BT-13); neither is given",
                structure.name
            ),
        );
    }
}

fn active_services(structure: &crate::Structure) -> String {
    let list: Vec<&str> = structure
        .services
        .values()
        .filter(|s| s.active)
        .map(|s| s.code.as_str())
        .collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

/// CPRO-14: BT-13 at most 50 characters (checked with or without directory).
pub(super) fn cpro_14(invoice: &Invoice, out: &mut Findings) {
    if let Some(ej) = non_empty(invoice.purchase_order_reference.as_ref()) {
        let len = ej.chars().count();
        if len > 50 {
            out.fatal(
                "CPRO-14",
                path::BT_13,
                format!(
                    "engagement number BT-13 has {len} characters, Chorus Pro accepts at most 50"
                ),
            );
        }
    }
}
