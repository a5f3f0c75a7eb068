//! The bundled typeface (DejaVu Sans Condensed, regular and bold) and its
//! metrics, parsed once per process and shared by every render.
//!
//! DejaVu's licence (Bitstream Vera + public domain changes) allows
//! embedding; the font files come from the `dejavu` crate, so no system
//! font lookup is ever made. krilla subsets them per document, from a copy
//! without the licence text in the `name` table (see [`sfnt`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::format::{NBSP, NNBSP};
use crate::{Error, sfnt};

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// One face: the krilla font plus a char -> (glyph, advance in em) table.
pub(crate) struct Face {
    pub(crate) font: Font,
    ascii: [Option<(u32, f32)>; 128],
    other: HashMap<char, (u32, f32)>,
}

impl Face {
    fn parse(data: &'static [u8], name: &'static str) -> Result<Face, Error> {
        let bad = || Error::Font { name };
        let data: krilla::Data = match sfnt::without_license_text(data) {
            Cow::Borrowed(original) => original.into(),
            Cow::Owned(slim) => slim.into(),
        };
        let font = Font::new(data.clone(), 0).ok_or_else(bad)?;
        let face = skrifa::FontRef::new(data.as_ref()).map_err(|_| bad())?;
        let upem = f32::from(
            face.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        if upem <= 0.0 {
            return Err(bad());
        }
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let mut ascii = [None; 128];
        let mut other = HashMap::new();
        for (cp, gid) in face.charmap().mappings() {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let advance = metrics.advance_width(gid).unwrap_or(0.0) / upem;
            let entry = (gid.to_u32(), advance);
            match ascii.get_mut(cp as usize) {
                Some(slot) => *slot = Some(entry),
                None => {
                    other.insert(c, entry);
                }
            }
        }
        Ok(Face { font, ascii, other })
    }

    fn lookup(&self, c: char) -> Option<(u32, f32)> {
        match self.ascii.get(c as usize) {
            Some(slot) => *slot,
            None => self.other.get(&c).copied(),
        }
    }

    fn has(&self, c: char) -> bool {
        self.lookup(c).is_some_and(|(gid, _)| gid != 0)
    }

    /// Replaces what the face cannot draw: control characters become spaces,
    /// a missing narrow no-break space falls back to a no-break space, any
    /// other missing character to `?` (PDF/A forbids the .notdef glyph).
    pub(crate) fn sanitize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.chars().all(|c| !c.is_control() && self.has(c)) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            let r = if c.is_control() {
                ' '
            } else if self.has(c) {
                c
            } else if (c == NNBSP || c == '\u{2009}') && self.has(NBSP) {
                NBSP
            } else if c.is_whitespace() {
                ' '
            } else {
                '?'
            };
            out.push(r);
        }
        Cow::Owned(out)
    }

    /// Width of already sanitised text at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.lookup(c).map_or(0.0, |(_, a)| a))
            .sum::<f32>()
            * size
    }

    /// One glyph per character (no shaping: Latin text needs none beyond
    /// kerning, which invoices can do without).
    pub(crate) fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (gid, advance) = self.lookup(c).unwrap_or((0, 0.0));
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

/// Regular and bold faces.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();

/// The shared faces, parsed on first use.
pub(crate) fn fonts() -> Result<&'static Fonts, Error> {
    FONTS
        .get_or_init(|| {
            let regular = Face::parse(dejavu::sans_condensed::regular(), "DejaVuSansCondensed");
            let bold = Face::parse(dejavu::sans_condensed::bold(), "DejaVuSansCondensed-Bold");
            Some(Fonts {
                regular: regular.ok()?,
                bold: bold.ok()?,
            })
        })
        .as_ref()
        .ok_or(Error::Font {
            name: "DejaVuSansCondensed",
        })
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
    fn french_text_and_separators_are_covered() {
        let f = fonts().unwrap();
        for c in "àâçéèêëîïôûùüÿœæÀÉ€£°²³«»’–—".chars() {
            assert!(f.regular.has(c), "regular lacks {c:?}");
            assert!(f.bold.has(c), "bold lacks {c:?}");
        }
        assert!(f.regular.has(NBSP));
    }

    #[test]
    fn sanitize_replaces_missing_and_control_characters() {
        let f = fonts().unwrap();
        assert_eq!(f.regular.sanitize("a\tb\u{E000}"), "a b?");
        assert!(matches!(f.regular.sanitize("Été"), Cow::Borrowed(_)));
    }

    #[test]
    fn bold_text_is_wider_than_regular() {
        let f = fonts().unwrap();
        let r = f.regular.width("Montant HT", 10.0);
        let b = f.bold.width("Montant HT", 10.0);
        assert!(r > 30.0 && b > r, "regular {r}, bold {b}");
    }
}
