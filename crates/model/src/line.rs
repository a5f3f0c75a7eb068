//! Invoice lines (BG-25) and their parts.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{AllowanceCharge, Amount, CountryCode, Identifier, Period, VatCategory};

/// BG-25 Invoice line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// BT-126 Invoice line identifier.
    pub id: String,
    /// BT-127 Invoice line note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// BT-128 Invoice line object identifier (scheme: UNTDID 1153).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_identifier: Option<Identifier>,
    /// BT-129 Invoiced quantity.
    #[schemars(with = "String")]
    pub quantity: Decimal,
    /// BT-130 Invoiced quantity unit of measure code (UN/ECE Rec 20/21, e.g. `C62`, `HUR`, `KGM`).
    pub unit_code: String,
    /// BT-131 Invoice line net amount. Computed by [`crate::calc`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_amount: Option<Amount>,
    /// BT-132 Referenced purchase order line reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_line_reference: Option<String>,
    /// BT-133 Invoice line Buyer accounting reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounting_reference: Option<String>,
    /// BG-26 Invoice line period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// BG-27 Invoice line allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceCharge>,
    /// BG-28 Invoice line charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<AllowanceCharge>,
    /// BG-29 Price details.
    pub price: Price,
    /// BG-30 Line VAT information.
    pub vat: LineVat,
    /// BG-31 Item information.
    pub item: Item,
}

/// BG-29 Price details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// BT-146 Item net price (excluding VAT, after price discount). Any number of decimals.
    #[schemars(with = "String")]
    pub net: Decimal,
    /// BT-147 Item price discount (gross minus net).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub discount: Option<Decimal>,
    /// BT-148 Item gross price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub gross: Option<Decimal>,
    /// BT-149 Item price base quantity (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub base_quantity: Option<Decimal>,
    /// BT-150 Item price base quantity unit of measure code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_quantity_unit: Option<String>,
}

/// BG-30 Line VAT information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineVat {
    /// BT-151 Invoiced item VAT category code.
    pub category: VatCategory,
    /// BT-152 Invoiced item VAT rate, in percent (absent for category O).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub rate: Option<Decimal>,
}

/// BG-31 Item information.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// BT-153 Item name.
    pub name: String,
    /// BT-154 Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// BT-155 Item Seller's identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_id: Option<String>,
    /// BT-156 Item Buyer's identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_id: Option<String>,
    /// BT-157 Item standard identifier (scheme: ISO 6523 ICD, e.g. `0160` GTIN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_id: Option<Identifier>,
    /// BT-158 Item classification identifiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<Classification>,
    /// BT-159 Item country of origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CountryCode>,
    /// BG-32 Item attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<ItemAttribute>,
}

/// BT-158 Item classification identifier with its list (UNTDID 7143).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// BT-158 the code.
    pub code: String,
    /// BT-158-1 Scheme identifier (`listID`, UNTDID 7143, e.g. `TST`, `CV`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_id: Option<String>,
    /// BT-158-2 Scheme version identifier (`listVersionID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_version: Option<String>,
}

/// BG-32 Item attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemAttribute {
    /// BT-160 Item attribute name.
    pub name: String,
    /// BT-161 Item attribute value.
    pub value: String,
}
