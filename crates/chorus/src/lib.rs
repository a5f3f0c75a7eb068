//! Chorus Pro readiness for Factur-X invoices: routing checks, duplicate
//! guard, deposit packages and the deposit API client.
//!
//! - [`rules::check`] runs the Chorus Pro rule set (`CPRO-01`...; see
//!   `RULES.md`) on an [`Invoice`](facturx_model::Invoice), with an optional
//!   [`Directory`] of public structures; [`rules::Regime`] tells a Chorus
//!   (A-code) invoice from a reform (B/S/M) one.
//! - [`siret`] checks SIRET/SIREN keys, La Poste's exception included.
//! - [`Ledger`] keeps invoice numbers unique per supplier and year across
//!   runs (SQLite file, default `$XDG_DATA_HOME/facturx/ledger.sqlite`).
//! - [`package()`] / [`package_documents`] write what the portal takes
//!   (single files or `.zip` / `.tar.gz` batches, plus `manifest.json`) and
//!   record the invoices in the ledger, crash-consistently.
//! - [`FileReader`] reads PDFs (`facturx-pdf`) and CII XML (`facturx-cii`)
//!   for [`package()`].
//! - [`api::Client`] deposits files (`deposer/flux`) and reads their status
//!   through the PISTE gateway.
//!
//! The command line the `facturx` binary builds on this crate is proposed
//! in `crates/chorus/CLI.md`.
//!
//! ```
//! use facturx_chorus::rules::{check, CheckOptions, FileFacts};
//! use facturx_model::{Date, Invoice};
//!
//! let invoice: Invoice = serde_json::from_str(r#"{
//!   "number": "F2026-001", "issue_date": "2026-11-02", "currency": "EUR",
//!   "business_process": "A1", "buyer_reference": "SERVEXEC",
//!   "purchase_order_reference": "EJ-2026-0042",
//!   "seller": {"name": "ACME SAS", "legal_registration": {"id": "12345678200077", "scheme": "0009"},
//!              "address": {"country": "FR"}},
//!   "buyer": {"name": "Mairie", "legal_registration": {"id": "20000000800025"},
//!             "address": {"country": "FR"}}
//! }"#)?;
//! let today = Date::new(2026, 11, 23)?;
//! let findings = check(&invoice, &FileFacts::default(), &CheckOptions::new(today));
//! assert!(findings.is_empty(), "{findings:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod clock;
mod directory;
mod error;
pub mod ledger;
pub mod package;
pub mod reader;
pub mod rules;
pub mod siret;

pub use directory::{Directory, Service, Structure};
pub use error::Error;
pub use ledger::{Entry, InvoiceKey, Ledger};
pub use package::{
    BatchFormat, Document, InvoiceReader, Options, PackageSummary, Syntax, package,
    package_documents,
};
pub use reader::{FileReader, read_file};
