//! What each profile requires that the model may lack, checked before any
//! byte is written.

use facturx_model::{AllowanceCharge, Invoice, Profile};

use crate::Error;

/// Fails on the first value the profile's XSD (or EN 16931 for the line
/// net amount and the document allowance VAT category) requires and the
/// invoice lacks, naming the model field.
pub(super) fn required(inv: &Invoice, profile: Profile) -> Result<(), Error> {
    let missing = |field: String| Err(Error::Missing { field, profile });
    if inv.number.trim().is_empty() {
        return missing("number".into());
    }
    if inv.seller.name.trim().is_empty() {
        return missing("seller.name".into());
    }
    if inv.buyer.name.trim().is_empty() {
        return missing("buyer.name".into());
    }
    let Some(totals) = &inv.totals else {
        return missing("totals".into());
    };
    if profile >= Profile::BasicWl {
        if inv.vat_breakdown.is_empty() {
            return missing("vat_breakdown".into());
        }
        if totals.line_total.is_none() {
            return missing("totals.line_total".into());
        }
        allowances_charges(&inv.allowances, "allowances", true, profile)?;
        allowances_charges(&inv.charges, "charges", true, profile)?;
    }
    if profile.has_lines() {
        if inv.lines.is_empty() {
            return missing("lines".into());
        }
        for (i, line) in inv.lines.iter().enumerate() {
            if line.item.name.trim().is_empty() {
                return missing(format!("lines[{i}].item.name"));
            }
            if line.net_amount.is_none() {
                return missing(format!("lines[{i}].net_amount"));
            }
            allowances_charges(
                &line.allowances,
                &format!("lines[{i}].allowances"),
                false,
                profile,
            )?;
            allowances_charges(
                &line.charges,
                &format!("lines[{i}].charges"),
                false,
                profile,
            )?;
        }
    }
    Ok(())
}

fn allowances_charges(
    items: &[AllowanceCharge],
    field: &str,
    document_level: bool,
    profile: Profile,
) -> Result<(), Error> {
    for (i, ac) in items.iter().enumerate() {
        if ac.amount.is_none() {
            return Err(Error::Missing {
                field: format!("{field}[{i}].amount"),
                profile,
            });
        }
        if document_level && ac.vat_category.is_none() {
            return Err(Error::Missing {
                field: format!("{field}[{i}].vat_category"),
                profile,
            });
        }
    }
    Ok(())
}
