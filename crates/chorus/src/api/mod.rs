//! The Chorus Pro API: deposit a file (`factures/v1/deposer/flux`) and read
//! a deposit's status (`transverses/v1/consulterCR`) through the PISTE
//! gateway.
//!
//! Authentication: an OAuth2 client-credentials token from the PISTE gateway
//! (`Authorization: Bearer`), plus the technical account in the
//! `cpro-account` header (base64 of `login:password`). Secrets come from
//! environment variables or a config file only its owner can read
//! ([`Settings`]); they are never logged, and `Debug` redacts them.
//!
//! Transport errors, 5xx and 429 answers are retried with exponential backoff
//! ([`RetryPolicy`]); a 401 renews the token once; any other 4xx is an
//! [`Error::Rejected`](crate::Error::Rejected) carrying the portal's message.
//!
//! Assumption (digest §6 names `deposer/flux` only): the status operation is
//! `transverses/v1/consulterCR` with `{"numeroFluxDepot": ...}`, answering
//! `etatCourantFlux` and friends, as public client libraries of the Chorus
//! Pro API call it.

mod client;
mod settings;

pub use client::{Client, DepositReceipt, DepositStatus, RetryPolicy, deposit_file};
pub use settings::{Credentials, ENV_VARS, Endpoints, Environment, Settings};
