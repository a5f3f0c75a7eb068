//! What stops a PDF from becoming PDF/A-3.

use std::fmt;

use serde::Serialize;

/// One reason a PDF cannot become PDF/A-3 by safe fixes alone.
///
/// Clause numbers refer to ISO 19005-3 (which reuses the clauses of
/// ISO 19005-2); see `crates/pdf/RULES.md`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The trailer has `/Encrypt` (clause 6.1.3).
    Encrypted,
    /// A JavaScript action, a `/JS` entry or a `/JavaScript` name tree (6.6.1).
    JavaScript,
    /// An action type that PDF/A forbids, such as Launch or ImportData (6.6.1).
    ForbiddenAction {
        /// The action type (`/S`), or `Named:<name>` for a forbidden named action.
        action: String,
    },
    /// An `/AA` additional-actions entry (6.6.2).
    AdditionalActions,
    /// A font program is not embedded, standard-14 fonts included (6.2.11.4.1).
    FontNotEmbedded {
        /// The font's `/BaseFont`.
        font: String,
    },
    /// Text draws the `.notdef` glyph: code 0 of a Type0 font with an
    /// Identity encoding, a character the font lacks (6.2.11.8).
    NotdefGlyph {
        /// The font's `/BaseFont`.
        font: String,
    },
    /// A stream uses the LZW filter (6.1.7.2).
    LzwFilter,
    /// A stream's data lives in an external file (`/F` in a stream dictionary, 6.1.7.1).
    ExternalStream,
    /// A PostScript XObject (6.2.9).
    PostScriptXObject,
    /// A forbidden annotation type: Sound, Movie, Screen, 3D, RichMedia (6.3.1).
    ForbiddenAnnotation {
        /// The annotation `/Subtype`.
        subtype: String,
    },
    /// An annotation hidden by its flags (Invisible, Hidden, NoView or
    /// ToggleNoView, 6.3.2): showing it would change the page.
    HiddenAnnotation,
    /// An annotation other than Popup or Link without a normal appearance
    /// (`/AP /N`), such as a text note or a form field left for the viewer
    /// to draw (6.3.3).
    MissingAppearance,
    /// A device colour space that the PDF/A output intent cannot cover: CMYK
    /// content with an RGB intent (the sRGB one `embed` adds), or RGB content
    /// with a CMYK intent (6.2.4.3).
    DeviceColour {
        /// `DeviceCMYK` or `DeviceRGB`.
        space: String,
    },
}

/// A [`ProblemKind`] and the object it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Problem {
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ProblemKind,
    /// The indirect object number holding it; `None` for the trailer.
    pub object: Option<u32>,
}

impl ProblemKind {
    /// What the user can do about it, lowercase: these are the problems
    /// `embed` does not fix because fixing them would change the content.
    pub fn hint(&self) -> &'static str {
        match self {
            ProblemKind::Encrypted => "remove the encryption first (qpdf --decrypt)",
            ProblemKind::JavaScript
            | ProblemKind::ForbiddenAction { .. }
            | ProblemKind::AdditionalActions => {
                "produce the PDF without scripts or actions (or flatten its form)"
            }
            ProblemKind::FontNotEmbedded { .. } => {
                "have the producer embed every font it draws text with (its PDF/A or \"embed fonts\" option; a TrueType font instead of a built-in one such as Helvetica)"
            }
            ProblemKind::NotdefGlyph { .. } => {
                "CID 0 is reserved for .notdef: a character the font lacks, or a producer that gives CID 0 to a character (matplotlib with pdf.fonttype 42); produce the PDF with another font or font setting"
            }
            ProblemKind::LzwFilter => "re-save the PDF with Flate compression",
            ProblemKind::ExternalStream => "include the external data in the file",
            ProblemKind::PostScriptXObject => "produce the PDF without PostScript passthrough",
            ProblemKind::ForbiddenAnnotation { .. } => "remove the multimedia annotation",
            ProblemKind::HiddenAnnotation => "remove the hidden annotation or make it visible",
            ProblemKind::MissingAppearance => {
                "flatten the form fields and comments, or have the producer write their appearances"
            }
            ProblemKind::DeviceColour { space } if space == "DeviceCMYK" => {
                "convert the colours to RGB, or start from a PDF with a CMYK (PDF/X) output intent"
            }
            ProblemKind::DeviceColour { .. } => {
                "the output intent is CMYK: convert the RGB colours to CMYK"
            }
        }
    }

    /// The ISO 19005-2/-3 clause that forbids it.
    pub fn clause(&self) -> &'static str {
        match self {
            ProblemKind::Encrypted => "6.1.3",
            ProblemKind::JavaScript | ProblemKind::ForbiddenAction { .. } => "6.6.1",
            ProblemKind::AdditionalActions => "6.6.2",
            ProblemKind::FontNotEmbedded { .. } => "6.2.11.4.1",
            ProblemKind::NotdefGlyph { .. } => "6.2.11.8",
            ProblemKind::LzwFilter => "6.1.7.2",
            ProblemKind::ExternalStream => "6.1.7.1",
            ProblemKind::PostScriptXObject => "6.2.9",
            ProblemKind::ForbiddenAnnotation { .. } => "6.3.1",
            ProblemKind::HiddenAnnotation => "6.3.2",
            ProblemKind::MissingAppearance => "6.3.3",
            ProblemKind::DeviceColour { .. } => "6.2.4.3",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Encrypted => f.write_str("encrypted"),
            ProblemKind::JavaScript => f.write_str("javascript"),
            ProblemKind::ForbiddenAction { action } => write!(f, "forbidden action {action}"),
            ProblemKind::AdditionalActions => f.write_str("additional actions (/AA)"),
            ProblemKind::FontNotEmbedded { font } => write!(f, "font {font} not embedded"),
            ProblemKind::NotdefGlyph { font } => {
                write!(
                    f,
                    "text drawn with the .notdef glyph (code 0) of font {font}"
                )
            }
            ProblemKind::LzwFilter => f.write_str("LZW filter"),
            ProblemKind::ExternalStream => f.write_str("external stream (/F)"),
            ProblemKind::PostScriptXObject => f.write_str("PostScript XObject"),
            ProblemKind::ForbiddenAnnotation { subtype } => {
                write!(f, "forbidden {subtype} annotation")
            }
            ProblemKind::HiddenAnnotation => f.write_str("hidden annotation"),
            ProblemKind::MissingAppearance => {
                f.write_str("annotation without an appearance stream (/AP /N)")
            }
            ProblemKind::DeviceColour { space } => {
                write!(f, "{space} used without a matching output intent")
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.object {
            Some(n) => write!(
                f,
                "{} in object {n} (ISO 19005-3 {})",
                self.kind,
                self.kind.clause()
            ),
            None => write!(
                f,
                "{} in trailer (ISO 19005-3 {})",
                self.kind,
                self.kind.clause()
            ),
        }
    }
}
