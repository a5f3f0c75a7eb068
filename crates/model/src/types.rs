//! Checked value types: amounts, dates, codes and identifiers.
//!
//! Each type has a checked constructor and (de)serialises through it, so a
//! bad value in JSON fails with a message naming the problem.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// A monetary amount with at most two decimals (BR-DEC-01 to BR-DEC-28).
///
/// Serialised as a decimal string (`"1234.50"`); deserialised from a string
/// or a JSON number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Amount(Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Checks that `value` has at most two decimals (trailing zeros ignored).
    pub fn new(value: Decimal) -> Result<Amount, Error> {
        let scale = value.normalize().scale();
        if scale > 2 {
            return Err(Error::TooManyDecimals {
                value: value.to_string(),
                decimals: scale,
                max: 2,
            });
        }
        Ok(Amount(value))
    }

    /// Rounds any decimal to an amount, as [`crate::calc::round2`] does.
    pub fn rounded(value: Decimal) -> Amount {
        Amount(crate::calc::round2(value))
    }

    /// The decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Amount {
    type Error = Error;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Amount::new(value)
    }
}

impl From<Amount> for Decimal {
    fn from(a: Amount) -> Decimal {
        a.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Amount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d =
            Decimal::from_str_exact(s.trim()).map_err(|_| Error::InvalidDecimal(s.to_string()))?;
        Amount::new(d)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Monetary amount, at most 2 decimals. A string is preferred (exact); a JSON number is accepted.",
            "type": ["string", "number"],
            "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$"
        })
    }
}

/// A calendar date, written `YYYY-MM-DD` in JSON and `YYYYMMDD` (format 102) in CII.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The civil date `days` days after 1970-01-01 (proleptic Gregorian);
    /// `None` outside years 1 to 9999.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's days-to-civil algorithm: eras of 400 years start in March.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    /// A checked date (years 1..=9999, real month lengths, leap years).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, Error> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if year == 0 || day == 0 || day > days {
            return Err(Error::InvalidDate(format!("{year:04}-{month:02}-{day:02}")));
        }
        Ok(Date { year, month, day })
    }

    /// Year.
    pub fn year(self) -> u16 {
        self.year
    }
    /// Month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses the CII format 102 (`YYYYMMDD`).
    pub fn from_yyyymmdd(s: &str) -> Result<Date, Error> {
        let s = s.trim();
        let bad = || Error::InvalidDate(s.to_string());
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r).and_then(|p| p.parse::<u16>().ok()).ok_or_else(bad)
        };
        Date::new(num(0..4)?, num(4..6)? as u8, num(6..8)? as u8)
    }

    /// Formats as CII format 102 (`YYYYMMDD`).
    pub fn to_yyyymmdd(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Error;
    /// Parses `YYYY-MM-DD` (ISO 8601) or `YYYYMMDD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.len() == 8 {
            return Date::from_yyyymmdd(t);
        }
        let bad = || Error::InvalidDate(s.to_string());
        let mut parts = t.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let p = |x: &str| x.parse::<u16>().map_err(|_| bad());
        Date::new(p(y)?, p(m)? as u8, p(d)? as u8)
    }
}

impl TryFrom<String> for Date {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Calendar date, YYYY-MM-DD (YYYYMMDD also accepted).",
            "type": "string",
            "pattern": "^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$"
        })
    }
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $len:expr, $what:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks the code's shape (uppercase ASCII letters, exact length).
            pub fn new(code: &str) -> Result<Self, Error> {
                let c = code.trim();
                if c.len() == $len && c.bytes().all(|b| b.is_ascii_uppercase()) {
                    Ok($name(c.to_string()))
                } else {
                    Err(Error::InvalidCode { kind: $what, value: code.to_string() })
                }
            }
            /// The code.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::new(&s)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::new(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $what,
                    "type": "string",
                    "pattern": format!("^[A-Z]{{{}}}$", $len)
                })
            }
        }
    };
}

code_type!(
    /// ISO 4217 alpha-3 currency code (BT-5, BT-6).
    CurrencyCode,
    3,
    "ISO 4217 currency code"
);
code_type!(
    /// ISO 3166-1 alpha-2 country code (BT-40, BT-55, BT-159 ...).
    CountryCode,
    2,
    "ISO 3166-1 alpha-2 country code"
);

/// VAT category code (UNCL 5305 subset used by EN 16931, BT-95/102/118/151).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum VatCategory {
    /// Standard rate.
    #[serde(rename = "S")]
    Standard,
    /// Zero rated goods.
    #[serde(rename = "Z")]
    ZeroRated,
    /// Exempt from VAT.
    #[serde(rename = "E")]
    Exempt,
    /// VAT reverse charge.
    #[serde(rename = "AE")]
    ReverseCharge,
    /// VAT exempt for EEA intra-community supply of goods and services.
    #[serde(rename = "K")]
    IntraCommunity,
    /// Free export item, tax not charged.
    #[serde(rename = "G")]
    Export,
    /// Services outside scope of tax.
    #[serde(rename = "O")]
    OutsideScope,
    /// Canary Islands general indirect tax (IGIC).
    #[serde(rename = "L")]
    Igic,
    /// Tax for production, services and importation in Ceuta and Melilla (IPSI).
    #[serde(rename = "M")]
    Ipsi,
    /// Transferred (VAT), Italy (split payment).
    #[serde(rename = "B")]
    SplitPayment,
}

impl VatCategory {
    /// The UNCL 5305 code.
    pub fn code(self) -> &'static str {
        match self {
            VatCategory::Standard => "S",
            VatCategory::ZeroRated => "Z",
            VatCategory::Exempt => "E",
            VatCategory::ReverseCharge => "AE",
            VatCategory::IntraCommunity => "K",
            VatCategory::Export => "G",
            VatCategory::OutsideScope => "O",
            VatCategory::Igic => "L",
            VatCategory::Ipsi => "M",
            VatCategory::SplitPayment => "B",
        }
    }

    /// Reads a UNCL 5305 code.
    pub fn from_code(code: &str) -> Option<VatCategory> {
        Some(match code.trim() {
            "S" => VatCategory::Standard,
            "Z" => VatCategory::ZeroRated,
            "E" => VatCategory::Exempt,
            "AE" => VatCategory::ReverseCharge,
            "K" => VatCategory::IntraCommunity,
            "G" => VatCategory::Export,
            "O" => VatCategory::OutsideScope,
            "L" => VatCategory::Igic,
            "M" => VatCategory::Ipsi,
            "B" => VatCategory::SplitPayment,
            _ => return None,
        })
    }

    /// True when the category carries a rate that may differ from zero, so
    /// that each rate needs its own VAT breakdown (BR-S-08, BR-AF-08, BR-AG-08).
    pub fn has_rate(self) -> bool {
        matches!(
            self,
            VatCategory::Standard
                | VatCategory::Igic
                | VatCategory::Ipsi
                | VatCategory::SplitPayment
        )
    }

    /// True when the category must carry no VAT rate at all (BR-O-05 and its
    /// siblings: "not subject to VAT" has no rate).
    pub fn forbids_rate(self) -> bool {
        matches!(self, VatCategory::OutsideScope)
    }

    /// True when an exemption reason (BT-120 or BT-121) is required (BR-E-10,
    /// BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
    pub fn needs_exemption_reason(self) -> bool {
        matches!(
            self,
            VatCategory::Exempt
                | VatCategory::ReverseCharge
                | VatCategory::IntraCommunity
                | VatCategory::Export
                | VatCategory::OutsideScope
        )
    }
}

impl fmt::Display for VatCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An identifier with an optional scheme (ISO 6523 ICD, EAS, UNTDID 1153 ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Identifier {
    /// The identifier value.
    pub id: String,
    /// The scheme identifier (`schemeID`), e.g. `0009` for SIRET, `0002` for SIREN, `EM` for e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

impl Identifier {
    /// An identifier without scheme.
    pub fn new(id: impl Into<String>) -> Self {
        Identifier {
            id: id.into(),
            scheme: None,
        }
    }

    /// An identifier with a scheme.
    pub fn with_scheme(id: impl Into<String>, scheme: impl Into<String>) -> Self {
        Identifier {
            id: id.into(),
            scheme: Some(scheme.into()),
        }
    }
}
