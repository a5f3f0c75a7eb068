//! Routing: buyer and supplier SIRET/SIREN (CPRO-01 to CPRO-04).

use facturx_model::{Invoice, Party};

use super::{Findings, path};
use crate::siret::{check_siren, check_siret};

/// A SIRET or SIREN found on a party, with the BT it came from.
pub(crate) struct FoundId<'a> {
    pub value: &'a str,
    pub kind: IdKind,
    pub term: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    Siret,
    Siren,
}

impl IdKind {
    fn name(self) -> &'static str {
        match self {
            IdKind::Siret => "SIRET",
            IdKind::Siren => "SIREN",
        }
    }
}

/// The SIRETs and SIRENs of a party.
///
/// Scheme `0009` is a SIRET and `0002` a SIREN (ISO 6523 ICD). A legal
/// registration (BT-30/BT-47) without scheme is, in pre-reform Chorus
/// practice, "always a SIRET" (FXNET); one of exactly 9 digits is read as a
/// SIREN. Identifiers (BT-29/BT-46) count only with one of those schemes.
pub(crate) fn french_ids<'a>(
    party: &'a Party,
    legal_term: &'static str,
    id_term: &'static str,
) -> Vec<FoundId<'a>> {
    let mut out = Vec::new();
    if let Some(reg) = &party.legal_registration {
        let value = reg.id.trim();
        let kind = match reg.scheme.as_deref().map(str::trim) {
            Some("0009") => Some(IdKind::Siret),
            Some("0002") => Some(IdKind::Siren),
            None | Some("") if value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit()) => {
                Some(IdKind::Siren)
            }
            None | Some("") => Some(IdKind::Siret),
            Some(_) => None,
        };
        if let Some(kind) = kind {
            out.push(FoundId {
                value,
                kind,
                term: legal_term,
            });
        }
    }
    for ident in &party.identifiers {
        let kind = match ident.scheme.as_deref().map(str::trim) {
            Some("0009") => IdKind::Siret,
            Some("0002") => IdKind::Siren,
            _ => continue,
        };
        out.push(FoundId {
            value: ident.id.trim(),
            kind,
            term: id_term,
        });
    }
    out
}

/// The buyer's first SIRET with a valid key: the routing key of the deposit.
pub(crate) fn buyer_siret(invoice: &Invoice) -> Option<&str> {
    french_ids(&invoice.buyer, "BT-47", "BT-46")
        .into_iter()
        .find(|f| f.kind == IdKind::Siret && check_siret(f.value).is_ok())
        .map(|f| f.value)
}

pub(super) fn check(invoice: &Invoice, out: &mut Findings) {
    let buyer = french_ids(&invoice.buyer, "BT-47", "BT-46");
    if !buyer.iter().any(|f| f.kind == IdKind::Siret) {
        let found: Vec<String> = buyer
            .iter()
            .map(|f| format!("{} {} ({})", f.kind.name(), f.value, f.term))
            .collect();
        let found = if found.is_empty() {
            "none found".to_string()
        } else {
            format!("found only {}", found.join(", "))
        };
        out.fatal(
            "CPRO-01",
            path::BUYER,
            format!(
                "the buyer's SIRET is missing: Chorus Pro routes the invoice to the public \
                 structure by its 14-digit SIRET in BT-47 (legal registration) or BT-46 with \
                 scheme 0009; {found}"
            ),
        );
    }
    validate_ids(&buyer, "buyer", "CPRO-02", path::BUYER, out);

    let seller = french_ids(&invoice.seller, "BT-30", "BT-29");
    if seller.is_empty() && is_french(&invoice.seller) {
        out.fatal(
            "CPRO-03",
            path::SELLER,
            "the supplier's SIRET or SIREN is missing: a French supplier is identified on \
             Chorus Pro by its SIRET (BT-29 scheme 0009 or BT-30) or at least its SIREN \
             (BT-30 scheme 0002)"
                .to_string(),
        );
    }
    validate_ids(&seller, "supplier", "CPRO-04", path::SELLER, out);
}

fn validate_ids(ids: &[FoundId<'_>], role: &str, rule: &'static str, at: &str, out: &mut Findings) {
    for f in ids {
        let result = match f.kind {
            IdKind::Siret => check_siret(f.value),
            IdKind::Siren => check_siren(f.value),
        };
        if let Err(problem) = result {
            out.fatal(
                rule,
                at,
                format!(
                    "the {role}'s {} {:?} ({}) {problem}",
                    f.kind.name(),
                    f.value,
                    f.term
                ),
            );
        }
    }
}

/// A supplier counts as French when its address (BT-40), or failing that its
/// VAT identifier (BT-31), says FR; without either we assume French, the
/// common case on Chorus Pro.
fn is_french(party: &Party) -> bool {
    match (&party.address, &party.vat_identifier) {
        (Some(a), _) => a.country.as_str() == "FR",
        (None, Some(vat)) => vat.trim().starts_with("FR"),
        (None, None) => true,
    }
}
