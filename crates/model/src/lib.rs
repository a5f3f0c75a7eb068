//! The EN 16931 invoice model used by every stage of facturx-rs.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod profile;

pub use profile::{Profile, UnknownProfile};
