//! `ram:ApplicableHeaderTradeSettlement`: payment (BG-16 to BG-19), VAT
//! breakdown (BG-23), invoicing period (BG-14), document allowances and
//! charges (BG-20, BG-21), payment terms, totals (BG-22), BG-3, BT-19.

use std::io::{self, Write};

use facturx_model::{AllowanceCharge, Invoice, PaymentMeans, Period, Profile, VatBreakdown};

use super::Out;
use super::party::{self, Role};

pub(super) fn write<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    let wl = out.at_least(Profile::BasicWl);
    out.start("ram:ApplicableHeaderTradeSettlement")?;
    if wl {
        out.opt_leaf("ram:CreditorReferenceID", inv.creditor_reference.as_deref())?;
        out.opt_leaf(
            "ram:PaymentReference",
            inv.remittance_information.as_deref(),
        )?;
        if let Some(c) = &inv.tax_currency {
            out.leaf("ram:TaxCurrencyCode", c.as_str())?;
        }
    }
    out.leaf("ram:InvoiceCurrencyCode", inv.currency.as_str())?;
    if wl {
        if let Some(payee) = &inv.payee {
            party::write(out, "ram:PayeeTradeParty", payee, Role::Other)?;
        }
        for pm in &inv.payment_means {
            payment_means(out, pm)?;
        }
        for vb in &inv.vat_breakdown {
            vat_breakdown(out, inv, vb)?;
        }
        if let Some(p) = &inv.invoicing_period {
            period(out, p)?;
        }
        for a in &inv.allowances {
            allowance_charge(out, a, false, true)?;
        }
        for c in &inv.charges {
            allowance_charge(out, c, true, true)?;
        }
        payment_terms(out, inv)?;
    }
    totals(out, inv)?;
    if wl {
        for pre in &inv.preceding_invoices {
            out.start("ram:InvoiceReferencedDocument")?;
            out.leaf("ram:IssuerAssignedID", &pre.number)?;
            if let Some(d) = pre.issue_date {
                out.date_in("ram:FormattedIssueDateTime", "qdt:DateTimeString", d)?;
            }
            out.end("ram:InvoiceReferencedDocument")?;
        }
        if let Some(acc) = &inv.buyer_accounting_reference {
            out.wrapped(
                "ram:ReceivableSpecifiedTradeAccountingAccount",
                "ram:ID",
                acc,
            )?;
        }
    }
    out.end("ram:ApplicableHeaderTradeSettlement")
}

fn payment_means<W: Write>(out: &mut Out<'_, W>, pm: &PaymentMeans) -> io::Result<()> {
    let en = out.at_least(Profile::En16931);
    out.start("ram:SpecifiedTradeSettlementPaymentMeans")?;
    out.leaf("ram:TypeCode", &pm.type_code)?;
    if en {
        out.opt_leaf("ram:Information", pm.information.as_deref())?;
        if let Some(card) = &pm.card_number {
            out.start("ram:ApplicableTradeSettlementFinancialCard")?;
            out.leaf("ram:ID", card)?;
            out.opt_leaf("ram:CardholderName", pm.card_holder.as_deref())?;
            out.end("ram:ApplicableTradeSettlementFinancialCard")?;
        }
    }
    if let Some(iban) = &pm.debited_iban {
        out.wrapped("ram:PayerPartyDebtorFinancialAccount", "ram:IBANID", iban)?;
    }
    let name = pm.account_name.as_deref().filter(|_| en);
    if pm.iban.is_some() || pm.account_id.is_some() || name.is_some() {
        out.start("ram:PayeePartyCreditorFinancialAccount")?;
        out.opt_leaf("ram:IBANID", pm.iban.as_deref())?;
        out.opt_leaf("ram:AccountName", name)?;
        out.opt_leaf("ram:ProprietaryID", pm.account_id.as_deref())?;
        out.end("ram:PayeePartyCreditorFinancialAccount")?;
    }
    if en && let Some(bic) = &pm.bic {
        out.wrapped(
            "ram:PayeeSpecifiedCreditorFinancialInstitution",
            "ram:BICID",
            bic,
        )?;
    }
    out.end("ram:SpecifiedTradeSettlementPaymentMeans")
}

fn vat_breakdown<W: Write>(
    out: &mut Out<'_, W>,
    inv: &Invoice,
    vb: &VatBreakdown,
) -> io::Result<()> {
    out.start("ram:ApplicableTradeTax")?;
    out.amount("ram:CalculatedAmount", vb.tax_amount)?;
    out.leaf("ram:TypeCode", "VAT")?;
    out.opt_leaf("ram:ExemptionReason", vb.exemption_reason.as_deref())?;
    out.amount("ram:BasisAmount", vb.taxable_amount)?;
    out.leaf("ram:CategoryCode", vb.category.code())?;
    out.opt_leaf(
        "ram:ExemptionReasonCode",
        vb.exemption_reason_code.as_deref(),
    )?;
    if out.at_least(Profile::En16931)
        && let Some(d) = inv.tax_point_date
    {
        out.date_in("ram:TaxPointDate", "udt:DateString", d)?;
    }
    out.opt_leaf("ram:DueDateTypeCode", inv.tax_point_date_code.as_deref())?;
    out.opt_decimal("ram:RateApplicablePercent", vb.rate)?;
    out.end("ram:ApplicableTradeTax")
}

/// `ram:BillingSpecifiedPeriod` (BG-14, BG-26).
pub(super) fn period<W: Write>(out: &mut Out<'_, W>, p: &Period) -> io::Result<()> {
    out.start("ram:BillingSpecifiedPeriod")?;
    if let Some(d) = p.start {
        out.date_time("ram:StartDateTime", d)?;
    }
    if let Some(d) = p.end {
        out.date_time("ram:EndDateTime", d)?;
    }
    out.end("ram:BillingSpecifiedPeriod")
}

/// `ram:SpecifiedTradeAllowanceCharge`, at document level (with its VAT
/// category, BT-95/BT-102) or at line level.
pub(super) fn allowance_charge<W: Write>(
    out: &mut Out<'_, W>,
    ac: &AllowanceCharge,
    charge: bool,
    document_level: bool,
) -> io::Result<()> {
    out.start("ram:SpecifiedTradeAllowanceCharge")?;
    out.indicator("ram:ChargeIndicator", charge)?;
    out.opt_decimal("ram:CalculationPercent", ac.percentage)?;
    out.opt_amount("ram:BasisAmount", ac.base_amount)?;
    out.opt_amount("ram:ActualAmount", ac.amount)?;
    out.opt_leaf("ram:ReasonCode", ac.reason_code.as_deref())?;
    out.opt_leaf("ram:Reason", ac.reason.as_deref())?;
    if document_level && let Some(cat) = ac.vat_category {
        out.start("ram:CategoryTradeTax")?;
        out.leaf("ram:TypeCode", "VAT")?;
        out.leaf("ram:CategoryCode", cat.code())?;
        out.opt_decimal("ram:RateApplicablePercent", ac.vat_rate)?;
        out.end("ram:CategoryTradeTax")?;
    }
    out.end("ram:SpecifiedTradeAllowanceCharge")
}

fn payment_terms<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    if inv.payment_terms.is_none() && inv.due_date.is_none() && inv.mandate_reference.is_none() {
        return Ok(());
    }
    out.start("ram:SpecifiedTradePaymentTerms")?;
    out.opt_leaf("ram:Description", inv.payment_terms.as_deref())?;
    if let Some(d) = inv.due_date {
        out.date_time("ram:DueDateDateTime", d)?;
    }
    out.opt_leaf("ram:DirectDebitMandateID", inv.mandate_reference.as_deref())?;
    out.end("ram:SpecifiedTradePaymentTerms")
}

fn totals<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    // check::required guarantees the totals are present.
    let Some(t) = &inv.totals else {
        return Ok(());
    };
    let wl = out.at_least(Profile::BasicWl);
    out.start("ram:SpecifiedTradeSettlementHeaderMonetarySummation")?;
    if wl {
        out.opt_amount("ram:LineTotalAmount", t.line_total)?;
        out.opt_amount("ram:ChargeTotalAmount", t.charge_total)?;
        out.opt_amount("ram:AllowanceTotalAmount", t.allowance_total)?;
    }
    out.amount("ram:TaxBasisTotalAmount", t.tax_basis_total)?;
    if let Some(tax) = t.tax_total {
        out.amount_in("ram:TaxTotalAmount", tax, out.currency)?;
    }
    if let (Some(tax), Some(cur)) = (t.tax_total_accounting, &inv.tax_currency) {
        out.amount_in("ram:TaxTotalAmount", tax, cur.as_str())?;
    }
    if out.at_least(Profile::En16931) {
        out.opt_amount("ram:RoundingAmount", t.rounding)?;
    }
    out.amount("ram:GrandTotalAmount", t.grand_total)?;
    if wl {
        out.opt_amount("ram:TotalPrepaidAmount", t.prepaid)?;
    }
    out.amount("ram:DuePayableAmount", t.due_payable)?;
    out.end("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
}
