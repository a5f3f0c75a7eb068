//! Rendering options: language, template (letterhead colour, logo).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The language of labels, numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French: `FACTURE`, `1 234,56 €`, `22/11/2026`.
    #[default]
    Fr,
    /// English: `INVOICE`, `€1,234.56`, `2026-11-22`.
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "fr-fr" | "french" => Ok(Lang::Fr),
            "en" | "en-gb" | "en-us" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}: expected fr or en")),
        }
    }
}

impl Lang {
    /// The BCP 47 tag written as the document language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr-FR",
            Lang::En => "en",
        }
    }
}

/// An sRGB colour, written `"#RRGGBB"` in templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB` (the `#` is optional).
    pub fn parse(value: &str) -> Result<Rgb, Error> {
        let bad = || Error::InvalidColor {
            value: value.to_string(),
        };
        let hex = value.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(bad());
        }
        let byte = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(bad)
        };
        Ok(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// Mixes the colour with white; `amount` 0 keeps it, 255 gives white.
    pub(crate) fn tint(self, amount: u8) -> Rgb {
        let mix = |c: u8| {
            let c = u16::from(c);
            let a = u16::from(amount);
            // (c * (255 - a) + 255 * a) / 255 stays within 0..=255.
            u8::try_from((c * (255 - a) + 255 * a) / 255).unwrap_or(255)
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

impl TryFrom<String> for Rgb {
    type Error = Error;
    fn try_from(s: String) -> Result<Rgb, Error> {
        Rgb::parse(&s)
    }
}

impl From<Rgb> for String {
    fn from(c: Rgb) -> String {
        c.to_string()
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// The letterhead: accent colour, optional logo and footer line.
///
/// Loadable from TOML or JSON:
///
/// ```toml
/// accent_color = "#1F4E79"
/// logo = "logo.png"          # relative to the template file
/// footer = "ACME SAS, capital 10 000 €, RCS Paris 123 456 789"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Template {
    /// Colour of the title, the table header and the amount due.
    pub accent_color: Rgb,
    /// PNG or JPEG logo drawn at the top left, relative to the template file.
    pub logo: Option<PathBuf>,
    /// An extra line printed in every page's footer.
    pub footer: Option<String>,
}

impl Default for Template {
    fn default() -> Template {
        Template {
            accent_color: Rgb(0x1F, 0x3A, 0x5F),
            logo: None,
            footer: None,
        }
    }
}

impl Template {
    /// Parses a TOML template.
    pub fn from_toml_str(text: &str) -> Result<Template, Error> {
        toml::from_str(text).map_err(|e| Error::Template {
            path: PathBuf::from("<toml>"),
            reason: e.to_string(),
        })
    }

    /// Parses a JSON template.
    pub fn from_json_str(text: &str) -> Result<Template, Error> {
        serde_json::from_str(text).map_err(|e| Error::Template {
            path: PathBuf::from("<json>"),
            reason: e.to_string(),
        })
    }

    /// Reads a template file (`.json` is JSON, anything else TOML) and the
    /// logo it names, and returns the options to render with.
    pub fn load(path: &Path, lang: Lang) -> Result<RenderOptions, Error> {
        let text = std::fs::read_to_string(path).map_err(|err| Error::Io {
            path: path.to_path_buf(),
            err,
        })?;
        let parsed = if path.extension().is_some_and(|e| e == "json") {
            Template::from_json_str(&text)
        } else {
            Template::from_toml_str(&text)
        };
        let template = parsed.map_err(|e| match e {
            Error::Template { reason, .. } => Error::Template {
                path: path.to_path_buf(),
                reason,
            },
            other => other,
        })?;
        let logo = match &template.logo {
            Some(rel) => {
                let full = path.parent().unwrap_or(Path::new(".")).join(rel);
                let data = std::fs::read(&full).map_err(|err| Error::Io { path: full, err })?;
                Some(Logo::from_bytes(data)?)
            }
            None => None,
        };
        Ok(RenderOptions {
            lang,
            template,
            logo,
        })
    }
}

/// The image format of a [`Logo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

/// A PNG or JPEG logo, checked when created.
#[derive(Clone)]
pub struct Logo {
    pub(crate) image: krilla::image::Image,
    format: LogoFormat,
}

impl fmt::Debug for Logo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, h) = self.image.size();
        write!(f, "Logo({:?}, {w}x{h})", self.format)
    }
}

impl Logo {
    /// Decodes a PNG or JPEG (recognised by its signature).
    pub fn from_bytes(data: Vec<u8>) -> Result<Logo, Error> {
        let format = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            LogoFormat::Png
        } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
            LogoFormat::Jpeg
        } else {
            return Err(Error::InvalidLogo {
                reason: "not a png or jpeg file".to_string(),
            });
        };
        // Interpolation is forbidden in PDF/A.
        let image = match format {
            LogoFormat::Png => krilla::image::Image::from_png(data.into(), false),
            LogoFormat::Jpeg => krilla::image::Image::from_jpeg(data.into(), false),
        }
        .map_err(|reason| Error::InvalidLogo { reason })?;
        let (w, h) = image.size();
        if w == 0 || h == 0 {
            return Err(Error::InvalidLogo {
                reason: "empty image".to_string(),
            });
        }
        Ok(Logo { image, format })
    }

    /// The image format.
    pub fn format(&self) -> LogoFormat {
        self.format
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        self.image.size()
    }
}

/// How to render: language, template and logo.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Labels, numbers and dates.
    pub lang: Lang,
    /// Letterhead colour and footer.
    pub template: Template,
    /// The decoded logo, if any ([`Template::load`] reads the template's).
    pub logo: Option<Logo>,
}

impl RenderOptions {
    /// Default options in `lang`.
    pub fn new(lang: Lang) -> RenderOptions {
        RenderOptions {
            lang,
            ..RenderOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn templates_load_from_toml_and_json() {
        let t =
            Template::from_toml_str("accent_color = \"#a01020\"\nfooter = \"RCS Lyon\"\n").unwrap();
        assert_eq!(t.accent_color, Rgb(0xA0, 0x10, 0x20));
        assert_eq!(t.footer.as_deref(), Some("RCS Lyon"));
        let j = Template::from_json_str(r##"{"accent_color": "#000000"}"##).unwrap();
        assert_eq!(j.accent_color, Rgb(0, 0, 0));
        assert!(Template::from_toml_str("accent_color = \"red\"").is_err());
        assert!(Template::from_toml_str("colour = \"#000000\"").is_err());
    }

    #[test]
    fn load_reads_the_template_and_its_logo_relative_to_it() {
        let dir = tempfile::tempdir().unwrap();
        // A 1x1 grey JPEG would need an encoder; a logo that is not an image
        // must fail with the logo's reason, a missing one with its path.
        std::fs::write(dir.path().join("t.toml"), "logo = \"missing.png\"\n").unwrap();
        let err = Template::load(&dir.path().join("t.toml"), Lang::Fr).unwrap_err();
        assert!(err.to_string().contains("missing.png"), "{err}");
        std::fs::write(dir.path().join("bad.png"), b"not an image").unwrap();
        std::fs::write(
            dir.path().join("t.json"),
            r#"{"logo": "bad.png", "footer": "x"}"#,
        )
        .unwrap();
        let err = Template::load(&dir.path().join("t.json"), Lang::En).unwrap_err();
        assert!(matches!(err, Error::InvalidLogo { .. }), "{err}");
        std::fs::write(dir.path().join("ok.toml"), "accent_color = \"#102030\"\n").unwrap();
        let opts = Template::load(&dir.path().join("ok.toml"), Lang::En).unwrap();
        assert_eq!(opts.template.accent_color, Rgb(0x10, 0x20, 0x30));
        assert_eq!(opts.lang, Lang::En);
        assert!(opts.logo.is_none());
        std::fs::write(dir.path().join("broken.toml"), "accent_color = ").unwrap();
        let err = Template::load(&dir.path().join("broken.toml"), Lang::En).unwrap_err();
        assert!(err.to_string().contains("broken.toml"), "{err}");
    }

    #[test]
    fn logos_must_be_png_or_jpeg() {
        let err = Logo::from_bytes(b"GIF89a....".to_vec()).unwrap_err();
        assert!(err.to_string().contains("not a png or jpeg"), "{err}");
    }

    #[test]
    fn languages_parse_from_cli_words() {
        assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
        assert!("de".parse::<Lang>().is_err());
    }

    #[test]
    fn tints_move_towards_white() {
        assert_eq!(Rgb(0, 100, 255).tint(255), Rgb(255, 255, 255));
        assert_eq!(Rgb(0, 100, 255).tint(0), Rgb(0, 100, 255));
    }
}
