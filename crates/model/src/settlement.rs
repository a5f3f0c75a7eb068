//! Settlement: allowances and charges, VAT breakdown, totals, payment.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Amount, Date, VatCategory};

/// An allowance (BG-20, BG-27) or a charge (BG-21, BG-28). Whether it is an
/// allowance or a charge is given by the list that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowanceCharge {
    /// BT-92 / BT-99 / BT-136 / BT-141 amount. Computed by [`crate::calc`] from
    /// `base_amount` × `percentage` / 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// BT-93 / BT-100 / BT-137 / BT-142 base amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_amount: Option<Amount>,
    /// BT-94 / BT-101 / BT-138 / BT-143 percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub percentage: Option<Decimal>,
    /// BT-95 / BT-102 VAT category code (document level only, mandatory there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_category: Option<VatCategory>,
    /// BT-96 / BT-103 VAT rate (document level only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub vat_rate: Option<Decimal>,
    /// BT-97 / BT-104 / BT-139 / BT-144 reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// BT-98 / BT-105 / BT-140 / BT-145 reason code (UNCL 5189 for allowances, UNCL 7161 for charges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// BG-14 Invoicing period, BG-26 Invoice line period.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// BT-73 / BT-134 start date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// BT-74 / BT-135 end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

/// BG-23 VAT breakdown, one per VAT category and rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VatBreakdown {
    /// BT-116 VAT category taxable amount.
    pub taxable_amount: Amount,
    /// BT-117 VAT category tax amount.
    pub tax_amount: Amount,
    /// BT-118 VAT category code.
    pub category: VatCategory,
    /// BT-119 VAT category rate, in percent (absent for category O).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub rate: Option<Decimal>,
    /// BT-120 VAT exemption reason text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason: Option<String>,
    /// BT-121 VAT exemption reason code (CEF VATEX, e.g. `VATEX-EU-AE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_reason_code: Option<String>,
}

/// BG-22 Document totals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// BT-106 Sum of Invoice line net amount (absent in MINIMUM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_total: Option<Amount>,
    /// BT-107 Sum of allowances on document level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowance_total: Option<Amount>,
    /// BT-108 Sum of charges on document level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_total: Option<Amount>,
    /// BT-109 Invoice total amount without VAT.
    pub tax_basis_total: Amount,
    /// BT-110 Invoice total VAT amount, in the invoice currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_total: Option<Amount>,
    /// BT-111 Invoice total VAT amount in accounting currency (BT-6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_total_accounting: Option<Amount>,
    /// BT-112 Invoice total amount with VAT.
    pub grand_total: Amount,
    /// BT-113 Paid amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepaid: Option<Amount>,
    /// BT-114 Rounding amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Amount>,
    /// BT-115 Amount due for payment.
    pub due_payable: Amount,
}

/// BG-16 Payment instructions: one entry per CII `SpecifiedTradeSettlementPaymentMeans`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentMeans {
    /// BT-81 Payment means type code (UNTDID 4461: `30` credit transfer, `58` SEPA
    /// credit transfer, `59` SEPA direct debit, `48` card, `10` cash ...).
    pub type_code: String,
    /// BT-82 Payment means text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information: Option<String>,
    /// BG-17 Credit transfer: BT-84 Payment account identifier (IBAN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// BG-17 Credit transfer: BT-84 Payment account identifier, when not an IBAN (proprietary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// BT-85 Payment account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// BT-86 Payment service provider identifier (BIC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// BG-18 Payment card: BT-87 Payment card primary account number (masked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// BT-88 Payment card holder name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_holder: Option<String>,
    /// BG-19 Direct debit: BT-91 Debited account identifier (IBAN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debited_iban: Option<String>,
}

/// BG-1 Invoice note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// BT-22 Invoice note text.
    pub text: String,
    /// BT-21 Invoice note subject code (UNTDID 4451, e.g. `AAB`, `PMT`, `PMD`, `REG`, `BAR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_code: Option<String>,
}

/// BG-3 Preceding invoice reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrecedingInvoice {
    /// BT-25 Preceding Invoice reference.
    pub number: String,
    /// BT-26 Preceding Invoice issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Date>,
}

/// BG-24 Additional supporting document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdditionalDocument {
    /// BT-122 Supporting document reference.
    pub id: String,
    /// CII `TypeCode` of the referenced document: `916` supporting document
    /// (default), `50` tender or lot (BT-17), `130` invoiced object (BT-18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_code: Option<String>,
    /// BT-123 Supporting document description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// BT-124 External document location (URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// BT-125 Attached document, base64 in JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
}

/// BT-125 Attached document (binary object) with its MIME code and file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The content, base64-encoded, as CII carries it.
    pub content_base64: String,
    /// BT-125-1 Attached document MIME code (`application/pdf`, `image/png` ...).
    pub mime_code: String,
    /// BT-125-2 Attached document file name.
    pub filename: String,
}
