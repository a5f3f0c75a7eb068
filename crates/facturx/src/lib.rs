//! facturx-rs: build, embed and validate Factur-X e-invoices.
//!
//! This facade re-exports every stage of the pipeline
//! (input → [`model`] → CII XML → PDF/A-3 → [`report`]) and adds the calls a
//! billing system needs most: [`validate`] any CII XML or Factur-X PDF.
//!
//! ```
//! let xml = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/smoke/minimum.xml"))?;
//! let report = facturx::validate("minimum.xml", &xml, &facturx::ValidateOptions::default())?;
//! assert!(report.is_valid(), "{:?}", report.findings);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod generate;
mod validate;

pub use error::Error;
pub use facturx_batch as batch;
pub use facturx_chorus as chorus;
pub use facturx_cii as cii;
pub use facturx_input as input;
pub use facturx_model as model;
pub use facturx_model::{Invoice, Profile};
pub use facturx_pdf as pdf;
pub use facturx_render as render;
pub use facturx_report as report;
pub use facturx_report::{Finding, Layer, Report, Severity};
pub use facturx_rules as rules;
pub use facturx_rules::SetName;
pub use facturx_xsd as xsd;
pub use generate::{GenerateOptions, Generated, generate_xml, resolve_profile};
pub use validate::{ChorusOptions, ValidateOptions, is_pdf, validate};
