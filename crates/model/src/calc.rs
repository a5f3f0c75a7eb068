//! Totals calculator: line net amounts, document totals (BG-22) and the VAT
//! breakdown (BG-23), exactly as EN 16931 and its CII schematron check them.
//!
//! See [`crate::manual::rounding`] for the rounding rule and why.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::{AllowanceCharge, Amount, Error, Invoice, Totals, VatBreakdown, VatCategory};

/// Rounds to two decimals the way the CEN schematron's `round(x * 100) div 100`
/// does: half toward positive infinity (`2.345 -> 2.35`, `-2.345 -> -2.34`).
pub fn round2(x: Decimal) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let mut r = ((x * hundred) + Decimal::new(5, 1)).floor() / hundred;
    r.rescale(2);
    r
}

/// Fills in everything that follows from the lines and allowances/charges:
/// missing allowance/charge amounts (base × percentage / 100), missing line
/// net amounts (BT-131), the VAT breakdown (BG-23) and the totals (BG-22).
///
/// Values given by the caller for BT-111 (tax total in accounting
/// currency), BT-113 (paid amount), BT-114 (rounding amount) and the
/// exemption reasons (BT-120/121) are kept.
///
/// An invoice without lines (MINIMUM, BASIC WL) keeps its VAT breakdown and
/// gets totals derived from it; with neither lines nor breakdown, the totals
/// given are kept as they are.
pub fn compute(invoice: &mut Invoice) -> Result<(), Error> {
    for (i, line) in invoice.lines.iter_mut().enumerate() {
        let field = |what: &str| format!("lines[{i}].{what}");
        fill_amounts(&mut line.allowances, &field("allowances"))?;
        fill_amounts(&mut line.charges, &field("charges"))?;
        if line.net_amount.is_none() {
            let base = line.price.base_quantity.unwrap_or(Decimal::ONE);
            if base.is_zero() {
                return Err(Error::Calculation(format!(
                    "{}: base quantity must not be zero",
                    field("price.base_quantity")
                )));
            }
            let gross = round2(line.quantity * line.price.net / base);
            let net = gross + sum(&line.charges) - sum(&line.allowances);
            line.net_amount = Some(Amount::rounded(net));
        }
    }
    fill_amounts(&mut invoice.allowances, "allowances")?;
    fill_amounts(&mut invoice.charges, "charges")?;

    let given = invoice.totals.take().unwrap_or_default();
    if invoice.lines.is_empty() {
        if invoice.vat_breakdown.is_empty() {
            invoice.totals = Some(given);
            return Ok(());
        }
        invoice.totals = Some(totals_from_breakdown(invoice, given));
        return Ok(());
    }

    invoice.vat_breakdown = breakdown(invoice)?;
    let line_total: Decimal = invoice
        .lines
        .iter()
        .filter_map(|l| l.net_amount.map(Amount::value))
        .sum();
    invoice.totals = Some(finish_totals(invoice, round2(line_total), given));
    Ok(())
}

fn sum(items: &[AllowanceCharge]) -> Decimal {
    items
        .iter()
        .filter_map(|a| a.amount.map(Amount::value))
        .sum()
}

fn fill_amounts(items: &mut [AllowanceCharge], field: &str) -> Result<(), Error> {
    for (i, item) in items.iter_mut().enumerate() {
        if item.amount.is_some() {
            continue;
        }
        match (item.base_amount, item.percentage) {
            (Some(base), Some(pct)) => {
                item.amount = Some(Amount::rounded(base.value() * pct / Decimal::ONE_HUNDRED));
            }
            _ => {
                return Err(Error::Calculation(format!(
                    "{field}[{i}].amount: missing, and base_amount and percentage are not both given"
                )));
            }
        }
    }
    Ok(())
}

/// The rate a category is keyed and written with: the given rate for rated
/// categories, none for O (BR-O-05), zero for the other exempt ones (BR-Z-05 ...).
fn normalized_rate(category: VatCategory, rate: Option<Decimal>) -> Option<Decimal> {
    if category.forbids_rate() {
        None
    } else if category.has_rate() {
        Some(rate.unwrap_or_default().normalize())
    } else {
        Some(Decimal::ZERO)
    }
}

#[derive(Default)]
struct Group {
    lines: Decimal,
    charges: Decimal,
    allowances: Decimal,
}

fn breakdown(invoice: &Invoice) -> Result<Vec<VatBreakdown>, Error> {
    let mut groups: BTreeMap<(VatCategory, Option<Decimal>), Group> = BTreeMap::new();
    for line in &invoice.lines {
        let key = (
            line.vat.category,
            normalized_rate(line.vat.category, line.vat.rate),
        );
        groups.entry(key).or_default().lines +=
            line.net_amount.map(Amount::value).unwrap_or_default();
    }
    for (list, is_charge, name) in [
        (&invoice.allowances, false, "allowances"),
        (&invoice.charges, true, "charges"),
    ] {
        for (i, ac) in list.iter().enumerate() {
            let Some(category) = ac.vat_category else {
                return Err(Error::Calculation(format!(
                    "{name}[{i}].vat_category: missing (BR-32 / BR-37: every document level allowance and charge needs a VAT category)"
                )));
            };
            let g = groups
                .entry((category, normalized_rate(category, ac.vat_rate)))
                .or_default();
            let amount = ac.amount.map(Amount::value).unwrap_or_default();
            if is_charge {
                g.charges += amount;
            } else {
                g.allowances += amount;
            }
        }
    }
    Ok(groups
        .into_iter()
        .map(|((category, rate), g)| {
            // BR-S-08 and siblings: each sum is rounded on its own.
            let taxable = round2(g.lines) + round2(g.charges) - round2(g.allowances);
            let tax = match rate {
                Some(r) if category.has_rate() => round2(taxable * r / Decimal::ONE_HUNDRED),
                _ => Decimal::ZERO,
            };
            let previous = invoice
                .vat_breakdown
                .iter()
                .find(|b| b.category == category && normalized_rate(b.category, b.rate) == rate);
            let (reason, code) = match previous {
                Some(p) if p.exemption_reason.is_some() || p.exemption_reason_code.is_some() => {
                    (p.exemption_reason.clone(), p.exemption_reason_code.clone())
                }
                _ => default_exemption(category),
            };
            VatBreakdown {
                taxable_amount: Amount::rounded(taxable),
                tax_amount: Amount::rounded(tax),
                category,
                rate: rate.map(|r| {
                    let mut r = r;
                    r.rescale(r.scale().max(2));
                    r
                }),
                exemption_reason: reason,
                exemption_reason_code: code,
            }
        })
        .collect())
}

/// VATEX codes and texts for categories whose exemption has one obvious
/// reason (BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). `E` has many possible
/// legal grounds, so the caller must give it.
fn default_exemption(category: VatCategory) -> (Option<String>, Option<String>) {
    let (text, code) = match category {
        VatCategory::ReverseCharge => ("Reverse charge", "VATEX-EU-AE"),
        VatCategory::IntraCommunity => ("Intra-Community supply", "VATEX-EU-IC"),
        VatCategory::Export => ("Export outside the EU", "VATEX-EU-G"),
        VatCategory::OutsideScope => ("Not subject to VAT", "VATEX-EU-O"),
        _ => return (None, None),
    };
    (Some(text.to_string()), Some(code.to_string()))
}

fn totals_from_breakdown(invoice: &Invoice, given: Totals) -> Totals {
    let taxable: Decimal = invoice
        .vat_breakdown
        .iter()
        .map(|b| b.taxable_amount.value())
        .sum();
    let line_total = given
        .line_total
        .map(Amount::value)
        .unwrap_or_else(|| taxable + sum(&invoice.allowances) - sum(&invoice.charges));
    finish_totals(invoice, line_total, given)
}

fn finish_totals(invoice: &Invoice, line_total: Decimal, given: Totals) -> Totals {
    let allowances = (!invoice.allowances.is_empty()).then(|| round2(sum(&invoice.allowances)));
    let charges = (!invoice.charges.is_empty()).then(|| round2(sum(&invoice.charges)));
    let tax_basis =
        round2(line_total - allowances.unwrap_or_default() + charges.unwrap_or_default());
    let tax_total = round2(
        invoice
            .vat_breakdown
            .iter()
            .map(|b| b.tax_amount.value())
            .sum(),
    );
    let grand_total = round2(tax_basis + tax_total);
    let prepaid = given.prepaid.map(Amount::value).unwrap_or_default();
    let rounding = given.rounding.map(Amount::value).unwrap_or_default();
    Totals {
        line_total: Some(Amount::rounded(line_total)),
        allowance_total: allowances.map(Amount::rounded),
        charge_total: charges.map(Amount::rounded),
        tax_basis_total: Amount::rounded(tax_basis),
        tax_total: Some(Amount::rounded(tax_total)),
        tax_total_accounting: given.tax_total_accounting,
        grand_total: Amount::rounded(grand_total),
        prepaid: given.prepaid,
        rounding: given.rounding,
        due_payable: Amount::rounded(grand_total - prepaid + rounding),
    }
}

#[cfg(test)]
mod tests;
