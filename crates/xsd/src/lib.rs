//! XSD validation of Factur-X CII documents with libxml2, hardened, against
//! the Factur-X 1.09.2 profile schemas embedded at build time.
//!
//! - [`Validator`]: validates against one profile's XSD (or the CII D22B
//!   XSD of EXTENDED-CTC-FR, [`Schema::ExtendedCtcFr`]); returns
//!   [`Finding`](facturx_report::Finding)s (rule `XSD`, layer `xsd`, fatal).
//! - [`detect_profile`] / [`validate_detected`]: use the profile declared by BT-24.
//! - [`Limits`]: input size cap (64 MiB by default) and DOCTYPE policy.
//!
//! The binary needs no file beside it: `build.rs` embeds the five XSD sets
//! and the CII D22B set from `schemas/artefacts/` (populated by `schemas/fetch.sh`, hashes checked
//! against `schemas/artefacts.lock`).
//!
//! Hardening: documents are parsed from memory with `XML_PARSE_NONET`, without
//! `XML_PARSE_NOENT` (entities are not substituted) or `XML_PARSE_DTDLOAD`
//! (no external DTD is read), without `XML_PARSE_HUGE` (libxml2's depth limit
//! of 256 and its entity amplification checks stay on), and a DOCTYPE is
//! refused by default.
//!
//! ```
//! use facturx_model::Profile;
//! use facturx_xsd::Validator;
//!
//! let validator = Validator::for_profile(Profile::Minimum)?;
//! let findings = validator.validate(b"<Invoice/>")?;
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "XSD");
//! assert_eq!(findings[0].location.line, Some(1));
//! # Ok::<(), facturx_xsd::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod detect;
mod error;
mod locate;
mod schema;
mod validator;

pub use detect::{
    EXTENDED_CTC_FR_GUIDELINE_ID, detect_guideline_id, detect_profile, detect_schema,
};
pub use error::Error;
pub use schema::{Schema, SchemaSet, schema_set};
pub use validator::{
    DEFAULT_MAX_INPUT_BYTES, Limits, RULE_XML, RULE_XSD, Validator, validate_detected,
};
