//! The EN 16931 invoice model used by every stage of facturx-rs.
//!
//! [`Invoice`] holds one invoice or credit note with every business term
//! (BT) and group (BG) of EN 16931, plus the Factur-X [`Profile`] to write.
//! Money is exact ([`Amount`], at most two decimals; prices and quantities are
//! [`rust_decimal::Decimal`]). [`calc::compute`] fills in line net amounts,
//! the VAT breakdown and the totals the way the official rules check them.
//!
//! The model (de)serialises to JSON with serde; the JSON Schema is published
//! in `schemas/invoice.schema.json`.
//!
//! ```
//! use facturx_model::{calc, Invoice};
//!
//! let json = r#"{
//!   "number": "F2026-001", "issue_date": "2026-11-23", "currency": "EUR",
//!   "seller": {"name": "ACME SAS", "vat_identifier": "FR32123456789",
//!              "address": {"country": "FR"}},
//!   "buyer": {"name": "Client SA", "address": {"country": "FR"}},
//!   "lines": [{"id": "1", "quantity": "3", "unit_code": "C62",
//!              "price": {"net": "10.00"}, "vat": {"category": "S", "rate": "20"},
//!              "item": {"name": "Widget"}}]
//! }"#;
//! let mut invoice: Invoice = serde_json::from_str(json)?;
//! calc::compute(&mut invoice)?;
//! let totals = invoice.totals.as_ref().expect("computed");
//! assert_eq!(totals.grand_total.to_string(), "36.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod calc;
mod error;
mod invoice;
mod line;
pub mod manual;
mod party;
mod profile;
mod settlement;
mod types;

pub use error::Error;
pub use invoice::{Delivery, Invoice, ProjectReference};
pub use line::{Classification, Item, ItemAttribute, Line, LineVat, Price};
pub use party::{Address, Contact, Party};
pub use profile::{Profile, UnknownProfile};
pub use rust_decimal::Decimal;
pub use settlement::{
    AdditionalDocument, AllowanceCharge, Attachment, Note, PaymentMeans, Period, PrecedingInvoice,
    Totals, VatBreakdown,
};
pub use types::{Amount, CountryCode, CurrencyCode, Date, Identifier, VatCategory};
