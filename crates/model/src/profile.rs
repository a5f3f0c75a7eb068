//! Factur-X profiles and their identifiers (BT-24, XMP conformance level).

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Factur-X 1.09.2 profile, from the smallest to the richest.
///
/// Profiles are ordered: `Minimum < BasicWl < Basic < En16931 < Extended`,
/// and each allows a superset of the elements of the previous one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Profile {
    /// MINIMUM: header data only; not an invoice under French law after the reform.
    #[serde(rename = "MINIMUM", alias = "minimum")]
    Minimum,
    /// BASIC WL: header and totals without lines.
    #[serde(
        rename = "BASIC WL",
        alias = "basicwl",
        alias = "basic-wl",
        alias = "BASIC-WL"
    )]
    BasicWl,
    /// BASIC: a subset of EN 16931 with lines.
    #[serde(rename = "BASIC", alias = "basic")]
    Basic,
    /// EN 16931 (also called COMFORT): the full European core invoice.
    #[serde(
        rename = "EN 16931",
        alias = "en16931",
        alias = "EN16931",
        alias = "comfort"
    )]
    En16931,
    /// EXTENDED: EN 16931 plus the Factur-X extensions.
    #[serde(rename = "EXTENDED", alias = "extended")]
    Extended,
}

impl Profile {
    /// Every profile, smallest first.
    pub const ALL: [Profile; 5] = [
        Profile::Minimum,
        Profile::BasicWl,
        Profile::Basic,
        Profile::En16931,
        Profile::Extended,
    ];

    /// The BT-24 specification identifier to write for this profile.
    ///
    /// Source: code list `cl id="1"` of each profile's
    /// `FACTUR-X_<P>_codedb.xml` (Factur-X 1.09.2).
    pub fn guideline_id(self) -> &'static str {
        match self {
            Profile::Minimum => "urn:factur-x.eu:1p0:minimum",
            Profile::BasicWl => "urn:factur-x.eu:1p0:basicwl",
            Profile::Basic => "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            Profile::En16931 => "urn:cen.eu:en16931:2017",
            Profile::Extended => "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        }
    }

    /// Reads a BT-24 value, accepting the Factur-X and ZUGFeRD 2.x forms.
    /// Surrounding white space is ignored. XRechnung and EXTENDED-CTC-FR
    /// identifiers are not Factur-X profiles: `None` (the validator knows
    /// EXTENDED-CTC-FR through `facturx_xsd::detect_schema`).
    pub fn from_guideline_id(id: &str) -> Option<Profile> {
        let id = id.trim();
        Some(match id {
            "urn:factur-x.eu:1p0:minimum" | "urn:zugferd.de:2p0:minimum" => Profile::Minimum,
            "urn:factur-x.eu:1p0:basicwl" | "urn:zugferd.de:2p0:basicwl" => Profile::BasicWl,
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"
            | "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic" => Profile::Basic,
            "urn:cen.eu:en16931:2017" => Profile::En16931,
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"
            | "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended" => Profile::Extended,
            _ => return None,
        })
    }

    /// The value of `fx:ConformanceLevel` in the XMP metadata.
    pub fn xmp_name(self) -> &'static str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC WL",
            Profile::Basic => "BASIC",
            Profile::En16931 => "EN 16931",
            Profile::Extended => "EXTENDED",
        }
    }

    /// The folder name used for this profile's artefacts
    /// (`schemas/artefacts/facturx-1.09.2/xsd/<dir>/`).
    pub fn dir_name(self) -> &'static str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC-WL",
            Profile::Basic => "BASIC",
            Profile::En16931 => "EN16931",
            Profile::Extended => "EXTENDED",
        }
    }

    /// The lowercase CLI name (`minimum`, `basicwl`, `basic`, `en16931`, `extended`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Profile::Minimum => "minimum",
            Profile::BasicWl => "basicwl",
            Profile::Basic => "basic",
            Profile::En16931 => "en16931",
            Profile::Extended => "extended",
        }
    }

    /// True for the profiles that carry invoice lines (BASIC and above).
    pub fn has_lines(self) -> bool {
        self >= Profile::Basic
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.xmp_name())
    }
}

/// A profile name that is not one of the five.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile {0:?}: expected one of minimum, basicwl, basic, en16931, extended")]
pub struct UnknownProfile(pub String);

impl FromStr for Profile {
    type Err = UnknownProfile;

    /// Accepts CLI names, XMP names and BT-24 identifiers, case-insensitively
    /// for names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(p) = Profile::from_guideline_id(s) {
            return Ok(p);
        }
        let norm: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        Ok(match norm.as_str() {
            "minimum" => Profile::Minimum,
            "basicwl" => Profile::BasicWl,
            "basic" => Profile::Basic,
            "en16931" | "comfort" => Profile::En16931,
            "extended" => Profile::Extended,
            _ => return Err(UnknownProfile(s.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn guideline_ids_round_trip() {
        for p in Profile::ALL {
            assert_eq!(Profile::from_guideline_id(p.guideline_id()), Some(p));
            assert_eq!(p.cli_name().parse::<Profile>().unwrap(), p);
            assert_eq!(p.xmp_name().parse::<Profile>().unwrap(), p);
        }
    }

    #[test]
    fn zugferd_ids_are_accepted() {
        assert_eq!(
            Profile::from_guideline_id("urn:zugferd.de:2p0:basicwl"),
            Some(Profile::BasicWl)
        );
        assert!("gold".parse::<Profile>().is_err());
    }
}
