//! Options and results of [`crate::embed`].

use std::fmt;

use facturx_model::Profile;
use serde::Serialize;

use crate::date::Timestamp;
use crate::limits::Limits;
use crate::problem::Problem;

/// The `/AFRelationship` of an associated file (ISO 32000-2 Table 43).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AfRelationship {
    /// The file is the source of the PDF's content (French samples' choice).
    Source,
    /// The file holds data the PDF shows (MINIMUM, BASIC WL).
    Data,
    /// The file is an alternative representation (German practice).
    Alternative,
    /// The file supplements the PDF (extra attachments).
    Supplement,
    /// No stated relationship.
    Unspecified,
}

impl AfRelationship {
    /// The PDF name, without the slash.
    pub fn as_name(self) -> &'static str {
        match self {
            AfRelationship::Source => "Source",
            AfRelationship::Data => "Data",
            AfRelationship::Alternative => "Alternative",
            AfRelationship::Supplement => "Supplement",
            AfRelationship::Unspecified => "Unspecified",
        }
    }

    /// The relationship Factur-X prescribes for the invoice XML of `profile`:
    /// `Data` for MINIMUM and BASIC WL, `Source` otherwise (spec digest §3.1).
    pub fn default_for(profile: Profile) -> Self {
        match profile {
            Profile::Minimum | Profile::BasicWl => AfRelationship::Data,
            _ => AfRelationship::Source,
        }
    }
}

impl fmt::Display for AfRelationship {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_name())
    }
}

/// PDF/A conformance level written to `pdfaid:conformance`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Conformance {
    /// Level B (basic, visual appearance). The default.
    #[default]
    B,
    /// Level U (B plus Unicode text). Written only when every font maps to
    /// Unicode; otherwise B is written with a warning.
    U,
}

/// A supplementary file (BG-24 supporting document) attached with
/// `/AFRelationship /Supplement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name (`/F`, `/UF` and name-tree key).
    pub name: String,
    /// MIME type, e.g. `application/pdf`.
    pub mime: String,
    /// `/Desc`, when given.
    pub description: Option<String>,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// How [`crate::embed`] builds the Factur-X PDF.
#[derive(Debug, Clone, Default)]
pub struct EmbedOptions {
    /// The profile the caller expects. The XML's BT-24 decides; when this is
    /// set and differs, embedding fails with [`crate::Error::ProfileMismatch`].
    pub profile: Option<Profile>,
    /// Relationship of the invoice XML: `Data`, `Source` or `Alternative`.
    /// Default: [`AfRelationship::default_for`] the profile.
    pub relationship: Option<AfRelationship>,
    /// PDF/A conformance level (B by default).
    pub conformance: Conformance,
    /// Extra files, attached as `/Supplement`.
    pub attachments: Vec<Attachment>,
    /// Date written everywhere (Info, XMP, `/Params`). `None` = now. Fix it
    /// for byte-identical output.
    pub date: Option<Timestamp>,
    /// Document title (Info `/Title`, `dc:title`); keeps the input's when `None`.
    pub title: Option<String>,
    /// Author (Info `/Author`, `dc:creator`); keeps the input's when `None`.
    pub author: Option<String>,
    /// Subject (Info `/Subject`, `dc:description`); keeps the input's when `None`.
    pub subject: Option<String>,
    /// Creating tool (Info `/Creator`, `xmp:CreatorTool`) when the input has none.
    pub creator_tool: Option<String>,
    /// Producer (Info `/Producer`, `pdf:Producer`). Default `facturx-rs <version>`.
    pub producer: Option<String>,
    /// `/Desc` of the invoice file specification. Default `Factur-X invoice`.
    pub description: Option<String>,
    /// Write the output even when the input has problems that prevent
    /// PDF/A-3; they are returned in [`Embedded::remaining`]. Encryption is
    /// refused even then.
    pub force: bool,
    /// Flate-compress, at the fast level, every stream that has no filter
    /// (page contents, form XObjects, CMaps), except XMP metadata. Off by
    /// default: a brought PDF keeps its streams as they came. The renderer
    /// turns it on and has krilla write its content streams unfiltered, so
    /// the scan reads them without inflating and they are deflated once.
    pub compress_streams: bool,
    /// Input bounds.
    pub limits: Limits,
}

/// Something [`crate::embed`] changed or could not do, without failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable short code (`replaced-invoice`, `relationship-added`...).
    pub code: &'static str,
    /// Lowercase message with context.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The result of [`crate::embed`].
#[derive(Debug, Clone)]
pub struct Embedded {
    /// The Factur-X PDF.
    pub pdf: Vec<u8>,
    /// The profile read from the XML.
    pub profile: Profile,
    /// What was fixed or replaced on the way.
    pub warnings: Vec<Warning>,
    /// With `force`, the problems that still prevent PDF/A-3 (empty otherwise).
    pub remaining: Vec<Problem>,
}
