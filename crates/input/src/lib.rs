//! Invoices from billing systems into the EN 16931 model: JSON now, CSV with
//! a mapping later.
//!
//! - [`from_json`]: one invoice in the documented JSON format
//!   ([wire format](json)); errors name the source, the JSON pointer and the field.
//! - [`Error`]: one clear message per problem, never a panic.
//!
//! ```
//! let json = br#"{"number": "F1", "issue_date": "2026-11-23", "currency": "EUR",
//!   "seller": {"name": "ACME"}, "buyer": {"name": "Client"},
//!   "totals": {"tax_basis_total": "10.001", "grand_total": "12", "due_payable": "12"}}"#;
//! let err = facturx_input::from_json(json, "invoice.json").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "invoice.json: /totals/tax_basis_total: 10.001: 3 decimals, at most 2 allowed"
//! );
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod csv;
mod error;
pub mod json;

pub use error::Error;
pub use json::from_json;
