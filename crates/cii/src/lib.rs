//! Factur-X 1.09.2 CII XML for the EN 16931 model: a streaming writer for
//! the five profiles and a tolerant reader that keeps positions.
//!
//! - [`write`](fn@write) / [`to_vec`]: [`Invoice`](facturx_model::Invoice) to CII, with
//!   only the elements the chosen [`Profile`](facturx_model::Profile)'s XSD
//!   allows, in XSD order, deterministically.
//! - [`read`]: any Factur-X 1.0x / ZUGFeRD 2.x CII document into the model;
//!   elements the model does not hold are reported as [`Warning`]s.
//!
//! ```
//! use facturx_model::{calc, Invoice, Profile};
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
//! let xml = facturx_cii::to_vec(&invoice, Profile::En16931)?;
//! let back = facturx_cii::read(&xml)?;
//! assert_eq!(back.profile, Some(Profile::En16931));
//! assert_eq!(back.invoice.lines.len(), 1);
//! assert!(back.warnings.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod encoding;
mod error;
pub mod ns;
mod reader;
mod writer;

pub use encoding::{EncodingError, decode_xml};
pub use error::Error;
pub use reader::{Limits, Read, Warning, read, read_with};
pub use writer::{to_vec, write};
