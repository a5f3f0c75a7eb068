//! `ram:ApplicableHeaderTradeSettlement`.

use facturx_model::{
    AllowanceCharge, Amount, CurrencyCode, Invoice, PaymentMeans, Period, PrecedingInvoice, Totals,
    VatBreakdown, VatCategory,
};
use roxmltree::Node;

use super::party::party;
use super::values::{amount, code, date, decimal, indicator, only, text};
use super::{Builder, Cx, kids, line, xpath};
use crate::Error;

pub(super) fn read(cx: &mut Cx, n: Node, b: &mut Builder) -> Result<(), Error> {
    for c in kids(n) {
        let inv = &mut b.inv;
        match c.tag_name().name() {
            "CreditorReferenceID" => cx.set(c, &mut inv.creditor_reference, code(c)),
            "PaymentReference" => cx.set(c, &mut inv.remittance_information, text(c)),
            "TaxCurrencyCode" => {
                let cur = currency(c)?;
                cx.set(c, &mut inv.tax_currency, cur);
            }
            "InvoiceCurrencyCode" => b.currency = Some(currency(c)?),
            "PayeeTradeParty" => {
                let p = party(cx, c)?;
                cx.set(c, &mut inv.payee, p);
            }
            "SpecifiedTradeSettlementPaymentMeans" => {
                let pm = payment_means(cx, c);
                inv.payment_means.push(pm);
            }
            "ApplicableTradeTax" => {
                let vb = breakdown(cx, c, inv)?;
                inv.vat_breakdown.push(vb);
            }
            "BillingSpecifiedPeriod" => {
                let p = period(cx, c)?;
                cx.set(c, &mut inv.invoicing_period, p);
            }
            "SpecifiedTradeAllowanceCharge" => {
                let (is_charge, ac) = allowance_charge(cx, c)?;
                if is_charge {
                    inv.charges.push(ac);
                } else {
                    inv.allowances.push(ac);
                }
            }
            "SpecifiedTradePaymentTerms" => payment_terms(cx, c, inv)?,
            "SpecifiedTradeSettlementHeaderMonetarySummation" => {
                let currency = b.currency.clone();
                let t = totals(cx, c, currency.as_ref(), b.inv.tax_currency.as_ref())?;
                cx.set(c, &mut b.inv.totals, t);
            }
            "InvoiceReferencedDocument" => {
                let mut pre = PrecedingInvoice {
                    number: String::new(),
                    issue_date: None,
                };
                for k in kids(c) {
                    match k.tag_name().name() {
                        "IssuerAssignedID" => pre.number = code(k),
                        "FormattedIssueDateTime" => pre.issue_date = date(cx, k)?,
                        _ => cx.unmodeled(k),
                    }
                }
                inv.preceding_invoices.push(pre);
            }
            "ReceivableSpecifiedTradeAccountingAccount" => {
                if let Some(id) = only(cx, c, "ID") {
                    cx.set(c, &mut inv.buyer_accounting_reference, id);
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

fn invalid(n: Node, message: String) -> Error {
    Error::InvalidValue {
        xpath: xpath(n),
        line: line(n),
        message,
    }
}

fn missing(n: Node, what: &'static str) -> Error {
    Error::MissingElement {
        xpath: xpath(n),
        line: line(n),
        what,
    }
}

fn currency(n: Node) -> Result<CurrencyCode, Error> {
    CurrencyCode::new(&code(n)).map_err(|e| invalid(n, e.to_string()))
}

/// A VAT category code (BT-95, BT-102, BT-118, BT-151).
pub(super) fn category(n: Node) -> Result<VatCategory, Error> {
    let c = code(n);
    VatCategory::from_code(&c)
        .ok_or_else(|| invalid(n, format!("{c:?} is not a VAT category code (UNCL 5305)")))
}

fn payment_means(cx: &mut Cx, n: Node) -> PaymentMeans {
    let mut pm = PaymentMeans::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "TypeCode" => pm.type_code = code(c),
            "Information" => cx.set(c, &mut pm.information, text(c)),
            "ApplicableTradeSettlementFinancialCard" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "ID" => pm.card_number = Some(code(k)),
                        "CardholderName" => pm.card_holder = Some(text(k)),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "PayerPartyDebtorFinancialAccount" => pm.debited_iban = only(cx, c, "IBANID"),
            "PayeePartyCreditorFinancialAccount" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "IBANID" => pm.iban = Some(code(k)),
                        "AccountName" => pm.account_name = Some(text(k)),
                        "ProprietaryID" => pm.account_id = Some(code(k)),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "PayeeSpecifiedCreditorFinancialInstitution" => pm.bic = only(cx, c, "BICID"),
            _ => cx.unmodeled(c),
        }
    }
    pm
}

fn breakdown(cx: &mut Cx, n: Node, inv: &mut Invoice) -> Result<VatBreakdown, Error> {
    let mut tax = None;
    let mut basis = None;
    let mut cat = None;
    let mut vb_rate = None;
    let mut reason = None;
    let mut reason_code = None;
    for c in kids(n) {
        match c.tag_name().name() {
            "CalculatedAmount" => tax = Some(amount(c)?),
            "TypeCode" => {}
            "ExemptionReason" => reason = Some(text(c)),
            "BasisAmount" => basis = Some(amount(c)?),
            "CategoryCode" => cat = Some(category(c)?),
            "ExemptionReasonCode" => reason_code = Some(code(c)),
            "TaxPointDate" => {
                if let Some(d) = date(cx, c)? {
                    if inv.tax_point_date.is_some_and(|t| t != d) {
                        cx.unmodeled(c);
                    } else {
                        inv.tax_point_date = Some(d);
                    }
                }
            }
            "DueDateTypeCode" => {
                let v = code(c);
                if inv.tax_point_date_code.as_ref().is_some_and(|t| *t != v) {
                    cx.unmodeled(c);
                } else {
                    inv.tax_point_date_code = Some(v);
                }
            }
            "RateApplicablePercent" => vb_rate = Some(decimal(c)?),
            _ => cx.unmodeled(c),
        }
    }
    Ok(VatBreakdown {
        taxable_amount: basis.ok_or_else(|| missing(n, "ram:BasisAmount"))?,
        tax_amount: tax.ok_or_else(|| missing(n, "ram:CalculatedAmount"))?,
        category: cat.ok_or_else(|| missing(n, "ram:CategoryCode"))?,
        rate: vb_rate,
        exemption_reason: reason,
        exemption_reason_code: reason_code,
    })
}

/// `ram:BillingSpecifiedPeriod` (BG-14, BG-26).
pub(super) fn period(cx: &mut Cx, n: Node) -> Result<Period, Error> {
    let mut p = Period::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "StartDateTime" => p.start = date(cx, c)?,
            "EndDateTime" => p.end = date(cx, c)?,
            _ => cx.unmodeled(c),
        }
    }
    Ok(p)
}

/// `ram:SpecifiedTradeAllowanceCharge`: (is it a charge, the allowance or charge).
pub(super) fn allowance_charge(cx: &mut Cx, n: Node) -> Result<(bool, AllowanceCharge), Error> {
    let mut is_charge = None;
    let mut ac = AllowanceCharge {
        amount: None,
        base_amount: None,
        percentage: None,
        vat_category: None,
        vat_rate: None,
        reason: None,
        reason_code: None,
    };
    for c in kids(n) {
        match c.tag_name().name() {
            "ChargeIndicator" => is_charge = Some(indicator(c)?),
            "CalculationPercent" => ac.percentage = Some(decimal(c)?),
            "BasisAmount" => ac.base_amount = Some(amount(c)?),
            "ActualAmount" => ac.amount = Some(amount(c)?),
            "ReasonCode" => ac.reason_code = Some(code(c)),
            "Reason" => ac.reason = Some(text(c)),
            "CategoryTradeTax" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "TypeCode" => {}
                        "CategoryCode" => ac.vat_category = Some(category(k)?),
                        "RateApplicablePercent" => ac.vat_rate = Some(decimal(k)?),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    let is_charge = is_charge.ok_or_else(|| missing(n, "ram:ChargeIndicator"))?;
    Ok((is_charge, ac))
}

fn payment_terms(cx: &mut Cx, n: Node, inv: &mut Invoice) -> Result<(), Error> {
    // The model holds one set of terms (EN 16931); EXTENDED repetitions are reported.
    let first =
        inv.payment_terms.is_none() && inv.due_date.is_none() && inv.mandate_reference.is_none();
    if !first {
        cx.unmodeled(n);
        return Ok(());
    }
    for c in kids(n) {
        match c.tag_name().name() {
            "Description" => inv.payment_terms = Some(text(c)),
            "DueDateDateTime" => inv.due_date = date(cx, c)?,
            "DirectDebitMandateID" => inv.mandate_reference = Some(code(c)),
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

fn totals(
    cx: &mut Cx,
    n: Node,
    currency: Option<&CurrencyCode>,
    tax_currency: Option<&CurrencyCode>,
) -> Result<Totals, Error> {
    let mut basis: Option<Amount> = None;
    let mut grand: Option<Amount> = None;
    let mut due: Option<Amount> = None;
    let mut t = Totals::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "LineTotalAmount" => t.line_total = Some(amount(c)?),
            "ChargeTotalAmount" => t.charge_total = Some(amount(c)?),
            "AllowanceTotalAmount" => t.allowance_total = Some(amount(c)?),
            "TaxBasisTotalAmount" => basis = Some(amount(c)?),
            "TaxTotalAmount" => {
                let a = amount(c)?;
                let cur = c.attribute("currencyID");
                let is_accounting = tax_currency.is_some_and(|tc| Some(tc.as_str()) == cur)
                    && (currency.map(CurrencyCode::as_str) != cur || t.tax_total.is_some());
                if is_accounting && t.tax_total_accounting.is_none() {
                    t.tax_total_accounting = Some(a);
                } else if t.tax_total.is_none() {
                    t.tax_total = Some(a);
                } else {
                    cx.unmodeled(c);
                }
            }
            "RoundingAmount" => t.rounding = Some(amount(c)?),
            "GrandTotalAmount" => grand = Some(amount(c)?),
            "TotalPrepaidAmount" => t.prepaid = Some(amount(c)?),
            "DuePayableAmount" => due = Some(amount(c)?),
            _ => cx.unmodeled(c),
        }
    }
    t.tax_basis_total = basis.ok_or_else(|| missing(n, "ram:TaxBasisTotalAmount"))?;
    t.grand_total = grand.ok_or_else(|| missing(n, "ram:GrandTotalAmount"))?;
    t.due_payable = due.ok_or_else(|| missing(n, "ram:DuePayableAmount"))?;
    Ok(t)
}
