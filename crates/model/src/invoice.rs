//! The invoice (EN 16931 root) and its header groups.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    AdditionalDocument, AllowanceCharge, CurrencyCode, Date, Identifier, Line, Note, Party,
    PaymentMeans, Period, PrecedingInvoice, Profile, Totals, VatBreakdown,
};

/// An invoice or credit note, following the EN 16931 semantic model.
///
/// Field names follow the standard's terms; each doc comment names the BT
/// or BG. Optional groups are `Option`, repeatable ones `Vec`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// The Factur-X profile to write (BT-24 is derived from it). A caller's
    /// explicit choice overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// BT-1 Invoice number.
    pub number: String,
    /// BT-3 Invoice type code (UNTDID 1001: `380` commercial invoice, `381`
    /// credit note, `384` corrected invoice, `386` prepayment invoice, `389` self-billed ...).
    #[serde(default = "default_type_code")]
    pub type_code: String,
    /// BT-2 Invoice issue date.
    pub issue_date: Date,
    /// BT-5 Invoice currency code.
    pub currency: CurrencyCode,
    /// BT-6 VAT accounting currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_currency: Option<CurrencyCode>,
    /// BT-7 Value added tax point date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_point_date: Option<Date>,
    /// BT-8 Value added tax point date code (UNTDID 2005: `5` invoice date, `29` delivery date, `72` paid to date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_point_date_code: Option<String>,
    /// BT-9 Payment due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<Date>,
    /// BT-10 Buyer reference (Chorus Pro: service code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<String>,
    /// BT-11 Project reference, with its name (CII requires one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectReference>,
    /// BT-12 Contract reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_reference: Option<String>,
    /// BT-13 Purchase order reference (Chorus Pro: engagement number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order_reference: Option<String>,
    /// BT-14 Sales order reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_order_reference: Option<String>,
    /// BT-15 Receiving advice reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiving_advice_reference: Option<String>,
    /// BT-16 Despatch advice reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub despatch_advice_reference: Option<String>,
    /// BT-17 Tender or lot reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender_reference: Option<String>,
    /// BT-18 Invoiced object identifier (scheme: UNTDID 1153).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoiced_object: Option<Identifier>,
    /// BT-19 Buyer accounting reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_accounting_reference: Option<String>,
    /// BT-20 Payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<String>,
    /// BG-1 Invoice notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// BT-23 Business process type (Chorus Pro framework `A1`..., French reform `S1`, `B1` ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_process: Option<String>,
    /// BG-3 Preceding invoice references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preceding_invoices: Vec<PrecedingInvoice>,
    /// BG-4 Seller.
    pub seller: Party,
    /// BG-7 Buyer.
    pub buyer: Party,
    /// BG-10 Payee, when different from the seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<Party>,
    /// BG-11 Seller tax representative party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_representative: Option<Party>,
    /// BG-13 Delivery information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// BG-14 Invoicing period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoicing_period: Option<Period>,
    /// BT-83 Remittance information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remittance_information: Option<String>,
    /// BG-16 Payment instructions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment_means: Vec<PaymentMeans>,
    /// BT-89 Mandate reference identifier (direct debit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    /// BT-90 Bank assigned creditor identifier (direct debit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_reference: Option<String>,
    /// BG-20 Document level allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// BG-21 Document level charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// BG-23 VAT breakdown. Computed by [`crate::calc`]; exemption reasons
    /// given here are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vat_breakdown: Vec<VatBreakdown>,
    /// BG-22 Document totals. Computed by [`crate::calc`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// BG-24 Additional supporting documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_documents: Vec<AdditionalDocument>,
    /// BG-25 Invoice lines (none in MINIMUM and BASIC WL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
}

fn default_type_code() -> String {
    "380".to_string()
}

/// BT-11 Project reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectReference {
    /// BT-11 Project reference identifier.
    pub id: String,
    /// Project name (CII `ram:Name`, mandatory in CII).
    pub name: String,
}

/// BG-13 Delivery information.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// BT-70 Deliver to party name, BT-71 Deliver to location identifier,
    /// BG-15 Deliver to address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Party>,
    /// BT-72 Actual delivery date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_delivery_date: Option<Date>,
}

impl Invoice {
    /// True for credit notes (UNTDID 1001 codes 381, 261, 262, 396, 502, 503, 532).
    pub fn is_credit_note(&self) -> bool {
        matches!(
            self.type_code.as_str(),
            "381" | "261" | "262" | "396" | "502" | "503" | "532"
        )
    }
}
