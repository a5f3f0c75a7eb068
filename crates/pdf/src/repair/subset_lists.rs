//! `/CIDSet` and `/CharSet`: the glyph lists of a font subset.
//!
//! PDF/A-1 required them; PDF/A-2 and -3 only require that, when present,
//! they list every glyph of the embedded program (6.2.11.4.2). Apache FOP
//! writes a `/CIDSet` for the glyph numbers of the whole font while it embeds
//! a renumbered subset, and only the font program can tell. So `embed` drops
//! both lists: nothing in PDF/A-3 needs them and nothing draws with them.
//! The drop is reported when the list is provably wrong (a TrueType program
//! whose glyphs the `/CIDSet` misses, read as CID = glyph index, the
//! `/Identity` map every producer seen uses), and silent otherwise.

use lopdf::{Dictionary, Document, Object};

use super::RepairKind;
use crate::objects;

/// Removes `/CIDSet` and `/CharSet` from a font descriptor; returns
/// [`RepairKind::IncompleteCidSet`] when the `/CIDSet` was provably wrong.
pub(super) fn fix(
    doc: &Document,
    d: &mut Dictionary,
    max_stream_size: usize,
) -> Option<RepairKind> {
    let wrong = d.has(b"CIDSet") && cidset_misses_glyphs(doc, d, max_stream_size);
    d.remove(b"CIDSet");
    d.remove(b"CharSet");
    wrong.then_some(RepairKind::IncompleteCidSet)
}

/// Whether the `/CIDSet` lacks a bit for some glyph of the `/FontFile2`
/// program; false when either cannot be read.
fn cidset_misses_glyphs(doc: &Document, d: &Dictionary, max_stream_size: usize) -> bool {
    let stream_of = |key: &[u8]| {
        let (id, obj) = match d.get(key).ok()? {
            Object::Reference(id) => (*id, doc.objects.get(id)?),
            _ => return None,
        };
        objects::stream_data(obj.as_stream().ok()?, id.0, max_stream_size).ok()
    };
    let (Some(set), Some(program)) = (stream_of(b"CIDSet"), stream_of(b"FontFile2")) else {
        return false;
    };
    let Some(glyphs) = truetype_glyph_count(&program) else {
        return false;
    };
    // Bit i, most significant first, stands for CID i.
    (0..usize::from(glyphs)).any(|cid| {
        set.get(cid / 8)
            .is_none_or(|byte| byte & (0x80 >> (cid % 8)) == 0)
    })
}

/// `numGlyphs` of the `maxp` table of a TrueType program.
fn truetype_glyph_count(font: &[u8]) -> Option<u16> {
    let u16_at = |at: usize| Some(u16::from_be_bytes([*font.get(at)?, *font.get(at + 1)?]));
    let u32_at = |at: usize| {
        Some(u32::from_be_bytes([
            *font.get(at)?,
            *font.get(at + 1)?,
            *font.get(at + 2)?,
            *font.get(at + 3)?,
        ]))
    };
    let tables = u16_at(4)?;
    (0..usize::from(tables)).find_map(|i| {
        let record = 12 + 16 * i;
        if font.get(record..record + 4)? != b"maxp" {
            return None;
        }
        let offset = usize::try_from(u32_at(record + 8)?).ok()?;
        u16_at(offset.checked_add(4)?)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::truetype_glyph_count;

    #[test]
    fn glyph_count_from_maxp() {
        // Offset table with two records: 'head' (ignored), 'maxp' at 44.
        let mut font = vec![0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        font.extend_from_slice(b"head\0\0\0\0\0\0\0\0\0\0\0\0");
        font.extend_from_slice(b"maxp\0\0\0\0\0\0\0\x2c\0\0\0\x06");
        font.extend_from_slice(&[0, 0, 0x50, 0, 0, 28]);
        assert_eq!(truetype_glyph_count(&font), Some(28));
        assert_eq!(truetype_glyph_count(&font[..40]), None);
        assert_eq!(truetype_glyph_count(b""), None);
    }
}
