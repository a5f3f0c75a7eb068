//! The official EN 16931, Factur-X and French rules, run natively from the
//! pinned official rule files, under their official IDs.
//!
//! The rules are not ported by hand: each [`RuleSet`] is the official
//! compiled schematron (XSLT 2.0, ISO skeleton) embedded at build time and
//! executed by the `facturx-xpath` engine with the same template semantics
//! as an XSLT processor. The conformance tests compare every verdict with
//! Saxon running the same files.
//!
//! - [`validate`]: detect the profile (BT-24), run the applicable sets,
//!   return a sorted [`facturx_report::Report`].
//! - [`RuleSet`]: one set (`RuleSet::en16931()`, `RuleSet::facturx(p)`,
//!   `RuleSet::br_fr(v)`, `RuleSet::extended_ctc_fr()`), compiled once.
//! - [`SetName`]: the names the CLI accepts (`en16931`, `facturx`, `fr`,
//!   `fr-warning`, `ctc-fr`).
//!
//! ```no_run
//! use facturx_rules::{validate, Options};
//!
//! let xml = std::fs::read("invoice.xml")?;
//! let report = validate(&xml, &Options::default())?;
//! for f in &report.findings {
//!     println!("{f}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod codedb;
mod document;
mod driver;
mod error;
mod location;
mod memo;
mod pattern;
mod plan_cache;
mod schema;
mod sets;
mod xslt_loader;

use std::str::FromStr;

pub use document::Document;
pub use driver::Hit;
pub use error::Error;
pub use facturx_cii::{EncodingError, decode_xml};
pub use location::{Locator, location_of, xpath_of};
pub use sets::{RuleSet, RuleSetId, Variant, severity};

use facturx_model::Profile;
use facturx_report::Report;

/// A rule-set family as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetName {
    /// `en16931`: CEN EN 16931 CII.
    En16931,
    /// `facturx`: the Factur-X schematron of the document's profile.
    FacturX,
    /// `fr`: BR-FR-Flux2, fatal variant.
    Fr,
    /// `fr-warning`: BR-FR-Flux2, warning variant.
    FrWarning,
    /// `ctc-fr`: EXTENDED-CTC-FR.
    CtcFr,
}

impl SetName {
    /// Every name, in the order reports list them.
    pub const ALL: [SetName; 5] = [
        SetName::En16931,
        SetName::FacturX,
        SetName::Fr,
        SetName::FrWarning,
        SetName::CtcFr,
    ];

    /// The command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            SetName::En16931 => "en16931",
            SetName::FacturX => "facturx",
            SetName::Fr => "fr",
            SetName::FrWarning => "fr-warning",
            SetName::CtcFr => "ctc-fr",
        }
    }

    /// The concrete set for a document of `profile`.
    pub fn resolve(self, profile: Option<Profile>) -> Result<RuleSetId, Error> {
        Ok(match self {
            SetName::En16931 => RuleSetId::En16931,
            SetName::FacturX => RuleSetId::FacturX(profile.ok_or(Error::UnknownProfile(None))?),
            SetName::Fr => RuleSetId::BrFr(Variant::Fatal),
            SetName::FrWarning => RuleSetId::BrFr(Variant::Warning),
            SetName::CtcFr => RuleSetId::ExtendedCtcFr,
        })
    }
}

impl FromStr for SetName {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SetName::ALL
            .into_iter()
            .find(|n| n.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownRuleSet(s.to_string()))
    }
}

/// What [`validate`] runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The file name to put in the report.
    pub file: String,
    /// The sets to run; `None` runs the defaults: the Factur-X set of the
    /// profile, plus EN 16931 for BASIC, EN 16931 and EXTENDED (and when the
    /// profile is unknown).
    pub sets: Option<Vec<SetName>>,
    /// Overrides the profile read from BT-24.
    pub profile: Option<Profile>,
}

/// The default sets for a profile.
pub fn default_sets(profile: Option<Profile>) -> Vec<SetName> {
    match profile {
        Some(p) if p >= Profile::Basic => vec![SetName::En16931, SetName::FacturX],
        Some(_) => vec![SetName::FacturX],
        None => vec![SetName::En16931],
    }
}

/// Validates one CII document against the applicable rule sets.
///
/// Returns `Err` only when the check could not run: the XML is not
/// well-formed (or its bytes do not fit its encoding), a set could not be compiled, or a rule raised a dynamic
/// error (the official XSLT processor stops on those too).
pub fn validate(xml: &[u8], opts: &Options) -> Result<Report, Error> {
    let text = document::join_line_ends(decode_xml(xml)?);
    let doc = Document::parse(&text)?;
    validate_document(&doc, opts)
}

/// [`validate`] on an already parsed document.
pub fn validate_document(doc: &Document<'_>, opts: &Options) -> Result<Report, Error> {
    let profile = opts
        .profile
        .or_else(|| doc.guideline_id().and_then(Profile::from_guideline_id));
    let mut report = Report::new(opts.file.clone());
    report.profile = profile.map(|p| p.xmp_name().to_string());
    let names = opts.sets.clone().unwrap_or_else(|| default_sets(profile));
    let mut sets = Vec::with_capacity(names.len());
    for name in names {
        let id = match name.resolve(profile) {
            Ok(id) => id,
            Err(Error::UnknownProfile(_)) => {
                return Err(Error::UnknownProfile(
                    doc.guideline_id().map(str::to_string),
                ));
            }
            Err(e) => return Err(e),
        };
        sets.push(RuleSet::get(id)?);
    }
    report.extend(RuleSet::validate_together(&sets, doc)?);
    report.sort();
    Ok(report)
}
