//! Credit notes written as negative invoices.
//!
//! EN 16931 credit notes (type 381) carry positive amounts: the type says
//! the money goes back. Many ERPs export an "avoir" as a row of negative
//! amounts instead, with or without a type column. A 381 with a negative
//! total would credit a negative sum, i.e. charge the buyer: it is never
//! written as is. With `csv.negative_credit_notes` the signs are turned
//! into a 381 with positive amounts; without it, the contradiction rejects
//! the invoice and the message names the option.

use facturx_model::{Amount, Decimal, Invoice};

use super::field::Field;

/// Type codes of credit notes (UNTDID 1001) that Factur-X allows.
const CREDIT_NOTES: &[&str] = &[
    "381", "261", "262", "296", "308", "396", "420", "458", "532",
];

/// What to do with an invoice whose totals are computed.
pub(crate) enum Sign {
    /// Write it as it is.
    Keep,
    /// Negative total: rewrite as a credit note with positive amounts.
    Flip,
    /// A credit note with a negative total, or a negative price, and no
    /// option to flip it: the message.
    Contradiction(String),
}

pub(crate) fn sign(invoice: &Invoice, negative_credit_notes: bool) -> Sign {
    let negative = invoice
        .totals
        .as_ref()
        .is_some_and(|t| t.grand_total.value() < Decimal::ZERO);
    let credit_note = CREDIT_NOTES.contains(&invoice.type_code.as_str());
    let negative_price = invoice.lines.iter().any(|l| l.price.net < Decimal::ZERO);
    match (negative, credit_note, negative_credit_notes) {
        (false, ..) => Sign::Keep,
        (true, _, true) if invoice.type_code == "380" || credit_note => Sign::Flip,
        (true, true, false) => Sign::Contradiction(format!(
            "credit note (type {}) with a negative total: credit notes carry positive amounts; if the export writes credit notes as negative amounts, set csv.negative_credit_notes = true",
            invoice.type_code
        )),
        // BR-27 would reject it anyway; say why and what to do.
        (true, false, false) if negative_price => Sign::Contradiction(
            "negative total with a negative price (BR-27 forbids negative prices): if the export writes credit notes as negative amounts, set csv.negative_credit_notes = true".to_string(),
        ),
        _ => Sign::Keep,
    }
}

/// The invoice before totals, as a credit note with every line negated: a
/// negative price becomes positive (BR-27 forbids negative prices), else
/// the quantity changes sign.
pub(crate) fn flipped(mut invoice: Invoice) -> Invoice {
    if invoice.type_code == "380" {
        invoice.type_code = "381".to_string();
    }
    for line in &mut invoice.lines {
        if line.price.net < Decimal::ZERO {
            line.price.net = -line.price.net;
            line.price.gross = line.price.gross.map(|g| -g);
            line.price.discount = line.price.discount.map(|d| -d);
        } else {
            line.quantity = -line.quantity;
        }
    }
    invoice
}

/// The export's control figures, negated to match a flipped invoice.
pub(crate) fn negate_checks(
    lines: &mut [(u64, Option<(String, Amount)>)],
    header: &mut [(Field, String, Amount)],
) {
    for (_, given) in lines.iter_mut() {
        if let Some((_, a)) = given {
            *a = negate(*a);
        }
    }
    for (_, _, a) in header.iter_mut() {
        *a = negate(*a);
    }
}

fn negate(a: Amount) -> Amount {
    Amount::new(-a.value()).unwrap_or(a)
}
