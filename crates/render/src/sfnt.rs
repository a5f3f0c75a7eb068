//! The copy of a bundled face that is handed to krilla for embedding: the
//! same TrueType file without the long licence text in its `name` table.
//!
//! krilla's subsetter copies the `name` table into every embedded subset,
//! and DejaVu's carries the whole Bitstream Vera licence (name ID 13,
//! about 9.5 KB in UTF-16): more than half of each subset, deflated again
//! for every PDF. The copyright (ID 0), the names, the version and the
//! licence URL (ID 14) stay, as font subsetters usually keep them; glyphs,
//! metrics and every other table are copied byte for byte.
//!
//! Any file this module does not fully understand is returned unchanged.

use std::borrow::Cow;

/// `name` ID of the licence description, the one record dropped.
const LICENSE_DESCRIPTION: u16 = 13;

/// `font` with name ID 13 removed, or `font` itself if it has none or is
/// not a plain (non-collection) sfnt with a format 0 `name` table.
pub(crate) fn without_license_text(font: &[u8]) -> Cow<'_, [u8]> {
    match rewrite(font) {
        Some(slim) => Cow::Owned(slim),
        None => Cow::Borrowed(font),
    }
}

/// One table record of the sfnt directory.
struct Table<'a> {
    tag: [u8; 4],
    data: Cow<'a, [u8]>,
}

fn rewrite(font: &[u8]) -> Option<Vec<u8>> {
    let version = read_u32(font, 0)?;
    // TrueType outlines ('\0\1\0\0' or 'true') or CFF ('OTTO'); not 'ttcf'.
    if !matches!(version, 0x0001_0000 | 0x7472_7565 | 0x4F54_544F) {
        return None;
    }
    let count = usize::from(read_u16(font, 4)?);
    let mut tables = Vec::with_capacity(count);
    let mut changed = false;
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(read_u32(font, record + 8)?).ok()?;
        let length = usize::try_from(read_u32(font, record + 12)?).ok()?;
        let data = font.get(offset..offset.checked_add(length)?)?;
        let data = if &tag == b"name" {
            let slim = slim_name_table(data)?;
            changed |= slim.len() != data.len();
            Cow::Owned(slim)
        } else {
            Cow::Borrowed(data)
        };
        tables.push(Table { tag, data });
    }
    changed.then(|| assemble(version, &mut tables))
}

/// A format 0 `name` table without the licence description records.
fn slim_name_table(table: &[u8]) -> Option<Vec<u8>> {
    if read_u16(table, 0)? != 0 {
        return None;
    }
    let count = usize::from(read_u16(table, 2)?);
    let storage = usize::from(read_u16(table, 4)?);
    let mut kept = Vec::with_capacity(count);
    for i in 0..count {
        let record = table.get(6 + 12 * i..18 + 12 * i)?;
        if read_u16(record, 6)? == LICENSE_DESCRIPTION {
            continue;
        }
        let length = usize::from(read_u16(record, 8)?);
        let offset = storage + usize::from(read_u16(record, 10)?);
        let text = table.get(offset..offset + length)?;
        kept.push((record, text));
    }
    let header = 6 + 12 * kept.len();
    let mut out = Vec::with_capacity(table.len());
    push_u16(&mut out, 0);
    push_u16(&mut out, u16::try_from(kept.len()).ok()?);
    push_u16(&mut out, u16::try_from(header).ok()?);
    let mut strings: Vec<u8> = Vec::new();
    for (record, text) in &kept {
        out.extend_from_slice(record.get(..8)?);
        push_u16(&mut out, u16::try_from(text.len()).ok()?);
        push_u16(&mut out, u16::try_from(strings.len()).ok()?);
        strings.extend_from_slice(text);
    }
    out.extend_from_slice(&strings);
    Some(out)
}

/// Writes the sfnt: directory sorted by tag, tables 4-byte aligned, table
/// checksums and `head.checkSumAdjustment` recomputed.
fn assemble(version: u32, tables: &mut [Table<'_>]) -> Vec<u8> {
    tables.sort_by_key(|t| t.tag);
    let count = tables.len();
    // searchRange etc. are derived from the largest power of two <= count.
    let mut power = 1usize;
    let mut log = 0u16;
    while power * 2 <= count {
        power *= 2;
        log += 1;
    }
    let search_range = power * 16;
    let mut out = Vec::new();
    push_u32(&mut out, version);
    push_u16(&mut out, count as u16);
    push_u16(&mut out, search_range as u16);
    push_u16(&mut out, log);
    push_u16(&mut out, (count * 16 - search_range) as u16);
    let mut offset = 12 + 16 * count;
    let mut head_at = None;
    for t in tables.iter_mut() {
        if &t.tag == b"head" {
            // The adjustment is summed as zero, then set for the whole file.
            if let Some(slot) = t.data.to_mut().get_mut(8..12) {
                slot.fill(0);
                head_at = Some(offset + 8);
            }
        }
        out.extend_from_slice(&t.tag);
        push_u32(&mut out, checksum(&t.data));
        push_u32(&mut out, offset as u32);
        push_u32(&mut out, t.data.len() as u32);
        offset += t.data.len().next_multiple_of(4);
    }
    for t in tables.iter() {
        out.extend_from_slice(&t.data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        if let Some(slot) = out.get_mut(at..at + 4) {
            slot.copy_from_slice(&adjustment.to_be_bytes());
        }
    }
    out
}

/// The OpenType table checksum: big-endian u32 words, zero-padded, summed.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        if let Some(w) = word.get_mut(..chunk.len()) {
            w.copy_from_slice(chunk);
        }
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn push_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn push_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
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
    use skrifa::MetadataProvider;
    use skrifa::raw::TableProvider;
    use skrifa::string::StringId;

    fn names(font: &[u8]) -> Vec<u16> {
        let f = skrifa::FontRef::new(font).unwrap();
        let name = f.name().unwrap();
        name.name_record()
            .iter()
            .map(|r| r.name_id().to_u16())
            .collect()
    }

    #[test]
    fn only_the_license_text_goes() {
        for original in [
            dejavu::sans_condensed::regular(),
            dejavu::sans_condensed::bold(),
        ] {
            let slim = without_license_text(original);
            assert!(matches!(slim, Cow::Owned(_)));
            assert!(original.len() - slim.len() > 9_000, "{}", slim.len());
            let before = names(original);
            let after = names(&slim);
            assert!(before.contains(&LICENSE_DESCRIPTION));
            assert!(!after.contains(&LICENSE_DESCRIPTION));
            let expected: Vec<u16> = before
                .into_iter()
                .filter(|&id| id != LICENSE_DESCRIPTION)
                .collect();
            assert_eq!(after, expected);
            let f = skrifa::FontRef::new(&slim).unwrap();
            let url: String = f
                .localized_strings(StringId::LICENSE_URL)
                .english_or_first()
                .unwrap()
                .chars()
                .collect();
            assert!(url.contains("dejavu"), "{url}");
        }
    }

    #[test]
    fn other_tables_are_copied_byte_for_byte() {
        let original = dejavu::sans_condensed::regular();
        let slim = without_license_text(original);
        let a = skrifa::FontRef::new(original).unwrap();
        let b = skrifa::FontRef::new(&slim).unwrap();
        let tags: Vec<_> = a
            .table_directory
            .table_records()
            .iter()
            .map(|r| r.tag())
            .collect();
        assert!(tags.len() > 10);
        for tag in tags {
            if tag == skrifa::Tag::new(b"name") {
                continue;
            }
            let (x, y) = (a.table_data(tag).unwrap(), b.table_data(tag).unwrap());
            if tag == skrifa::Tag::new(b"head") {
                // Only checkSumAdjustment (bytes 8..12) may differ.
                assert_eq!(x.as_bytes()[..8], y.as_bytes()[..8]);
                assert_eq!(x.as_bytes()[12..], y.as_bytes()[12..]);
            } else {
                assert_eq!(x.as_bytes(), y.as_bytes(), "{tag}");
            }
        }
    }

    #[test]
    fn checksums_are_consistent() {
        let slim = without_license_text(dejavu::sans_condensed::regular());
        // The whole file, head adjustment included, sums to the magic value.
        assert_eq!(checksum(&slim), 0xB1B0_AFBA);
        let count = usize::from(read_u16(&slim, 4).unwrap());
        for i in 0..count {
            let r = 12 + 16 * i;
            let tag = &slim[r..r + 4];
            let sum = read_u32(&slim, r + 4).unwrap();
            let offset = read_u32(&slim, r + 8).unwrap() as usize;
            let length = read_u32(&slim, r + 12).unwrap() as usize;
            let mut data = slim[offset..offset + length].to_vec();
            if tag == b"head" {
                data[8..12].fill(0);
            }
            assert_eq!(checksum(&data), sum, "{}", String::from_utf8_lossy(tag));
        }
    }

    #[test]
    fn what_it_does_not_understand_is_left_alone() {
        assert!(matches!(
            without_license_text(b"ttcf...."),
            Cow::Borrowed(_)
        ));
        assert!(matches!(without_license_text(b""), Cow::Borrowed(_)));
        let mut truncated = dejavu::sans_condensed::regular().to_vec();
        truncated.truncate(400);
        assert!(matches!(without_license_text(&truncated), Cow::Borrowed(_)));
    }
}
