//! Document-level rules: framework, type, number, date, currency (CPRO-05 to CPRO-10).

use facturx_model::{Date, Invoice};

use super::{Findings, path};

/// The French reform's framework codes (BR-FR-08 in BR-FR-Flux2 v1.4.0).
pub(crate) const REFORM_CODES: &[&str] = &[
    "B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7", "B8", "S8",
    "M8", "B9", "S9", "M9",
];

/// BT-3 codes Chorus Pro accepts (FXNET).
const TYPE_CODES: &[&str] = &["380", "381", "384", "386", "389"];

/// True for `A1` to `A25`.
pub(crate) fn is_chorus_framework(code: &str) -> bool {
    code.strip_prefix('A')
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=25).contains(&n))
}

pub(super) fn check(invoice: &Invoice, today: Date, out: &mut Findings) {
    cpro_05(invoice, out);
    cpro_06(invoice, out);
    cpro_07(invoice, out);
    cpro_08(invoice, out);
    cpro_09(invoice, today, out);
    cpro_10(invoice, out);
}

fn framework(invoice: &Invoice) -> Option<&str> {
    invoice
        .business_process
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// CPRO-05: BT-23 is one of Chorus Pro's A-codes; absent, A1 applies.
fn cpro_05(invoice: &Invoice, out: &mut Findings) {
    match framework(invoice) {
        None => out.warning(
            "CPRO-05",
            path::CONTEXT,
            "the framework (cadre de facturation, BT-23) is absent: Chorus Pro applies A1 \
             (supplier invoice); write A1 explicitly"
                .to_string(),
        ),
        Some(code) if is_chorus_framework(code) => {}
        Some(code) if REFORM_CODES.contains(&code) => out.fatal(
            "CPRO-05",
            path::BT_23,
            format!(
                "BT-23 {code:?} is a French reform framework code (B/S/M, BR-FR-08), not a \
                 Chorus Pro code A1..A25; this file was checked for Chorus Pro, the reform \
                 regime is checked by --rules fr"
            ),
        ),
        Some(code) => out.fatal(
            "CPRO-05",
            path::BT_23,
            format!("BT-23 {code:?} is not a Chorus Pro framework code (A1..A25)"),
        ),
    }
}

/// CPRO-06: A2 (already paid) needs amount due 0 and a payment date, BT-9.
fn cpro_06(invoice: &Invoice, out: &mut Findings) {
    if framework(invoice) != Some("A2") {
        return;
    }
    match &invoice.totals {
        Some(t) if t.due_payable.value().is_zero() => {}
        Some(t) => out.fatal(
            "CPRO-06",
            path::BT_115,
            format!(
                "framework A2 (invoice already paid) requires the amount due for payment \
                 (BT-115) to be 0, found {}",
                t.due_payable
            ),
        ),
        None => out.fatal(
            "CPRO-06",
            path::BT_115,
            "framework A2 (invoice already paid) requires the amount due for payment (BT-115) \
             to be 0; the invoice has no totals"
                .to_string(),
        ),
    }
    if invoice.due_date.is_none() {
        out.fatal(
            "CPRO-06",
            path::BT_9,
            "framework A2 (invoice already paid) requires the payment date, given in BT-9 \
             (payment due date) as for the reform's B2/S2/M2 (BR-FR-CO-09)"
                .to_string(),
        );
    }
}

/// CPRO-07: BT-3 among the codes Chorus Pro accepts.
fn cpro_07(invoice: &Invoice, out: &mut Findings) {
    let code = invoice.type_code.trim();
    if !TYPE_CODES.contains(&code) {
        out.fatal(
            "CPRO-07",
            path::BT_3,
            format!(
                "document type BT-3 {code:?} is not accepted by Chorus Pro (accepted: 380, \
                 381, 384, 386, 389)"
            ),
        );
    }
}

/// CPRO-08: BT-1 at most 20 characters.
fn cpro_08(invoice: &Invoice, out: &mut Findings) {
    let len = invoice.number.chars().count();
    if len > 20 {
        out.fatal(
            "CPRO-08",
            path::BT_1,
            format!(
                "invoice number BT-1 {:?} has {len} characters, Chorus Pro accepts at most 20",
                invoice.number
            ),
        );
    }
}

/// CPRO-09: BT-2 not after the deposit date.
fn cpro_09(invoice: &Invoice, today: Date, out: &mut Findings) {
    if invoice.issue_date > today {
        out.fatal(
            "CPRO-09",
            path::BT_2,
            format!(
                "issue date BT-2 {} is after the deposit date {today}",
                invoice.issue_date
            ),
        );
    }
}

/// CPRO-10: one currency (BT-6, when present, equals BT-5).
fn cpro_10(invoice: &Invoice, out: &mut Findings) {
    if let Some(tax) = &invoice.tax_currency {
        if tax != &invoice.currency {
            out.fatal(
                "CPRO-10",
                path::BT_6,
                format!(
                    "Chorus Pro takes single-currency invoices: VAT accounting currency BT-6 \
                     {tax} differs from invoice currency BT-5 {}",
                    invoice.currency
                ),
            );
        }
    }
}
