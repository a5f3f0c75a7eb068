//! Parties: seller (BG-4), buyer (BG-7), payee (BG-10), tax representative
//! (BG-11) and the ship-to party of the delivery (BG-13).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{CountryCode, Identifier};

/// A trade party. One shape serves every role; the CII writer writes the
/// parts each role and profile allows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// BT-27 Seller name, BT-44 Buyer name, BT-59 Payee name, BT-62 Tax representative name, BT-70 Deliver to party name.
    pub name: String,
    /// BT-28 Seller trading name, BT-45 Buyer trading name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<String>,
    /// BT-29 Seller identifier, BT-46 Buyer identifier, BT-60 Payee identifier, BT-71 Deliver to location identifier.
    /// Without scheme: `ram:ID`; with a scheme: `ram:GlobalID`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// BT-30 Seller legal registration identifier, BT-47 Buyer legal registration identifier,
    /// BT-61 Payee legal registration identifier (SIREN: scheme `0002`, SIRET: `0009`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_registration: Option<Identifier>,
    /// BT-33 Seller additional legal information (capital, RCS ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_information: Option<String>,
    /// BT-31 Seller VAT identifier, BT-48 Buyer VAT identifier, BT-63 Tax representative VAT identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_identifier: Option<String>,
    /// BT-32 Seller tax registration identifier (local, scheme `FC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_registration: Option<String>,
    /// BT-34 Seller electronic address, BT-49 Buyer electronic address (scheme: EAS code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic_address: Option<Identifier>,
    /// BG-5 Seller postal address, BG-8 Buyer postal address, BG-12 Tax representative
    /// postal address, BG-15 Deliver to address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// BG-6 Seller contact, BG-9 Buyer contact. EN 16931 allows one; EXTENDED several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

/// A postal address (BG-5, BG-8, BG-12, BG-15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// BT-35 / BT-50 / BT-64 / BT-75 Address line 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// BT-36 / BT-51 / BT-65 / BT-76 Address line 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// BT-162 / BT-163 / BT-164 / BT-165 Address line 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line3: Option<String>,
    /// BT-37 / BT-52 / BT-66 / BT-77 City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// BT-38 / BT-53 / BT-67 / BT-78 Post code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// BT-39 / BT-54 / BT-68 / BT-79 Country subdivision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    /// BT-40 / BT-55 / BT-69 / BT-80 Country code.
    pub country: CountryCode,
}

/// A contact (BG-6, BG-9).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// BT-41 / BT-56 Contact point (person name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Department name (CII `ram:DepartmentName`; BT-41 when no person name is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// BT-42 / BT-57 Contact telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// BT-43 / BT-58 Contact email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}
