//! Checked accessors over lopdf objects: bounded dereferencing, reachability
//! with a visited set, bounded stream decoding, text strings.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::error::Error;

/// Longest reference chain followed (`1 0 R` pointing at `2 0 R` ...).
const MAX_REF_CHAIN: usize = 32;

/// Follows references until a direct object; `None` when dangling or looping.
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_REF_CHAIN {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

/// The dictionary of a dictionary or stream object, after dereferencing.
pub(crate) fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// `dict[key]`, dereferenced.
pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a dictionary.
pub(crate) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    dict_of(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a name.
pub(crate) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// `dict[key]` as an array.
pub(crate) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// `dict[key]` as a decoded text string.
pub(crate) fn get_text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match get(doc, dict, key)? {
        Object::String(bytes, _) => Some(decode_text(bytes)),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// The catalog dictionary.
pub(crate) fn catalog(doc: &Document) -> Result<&Dictionary, Error> {
    doc.trailer
        .get(b"Root")
        .ok()
        .and_then(|r| dict_of(doc, r))
        .ok_or_else(|| Error::Malformed {
            what: "trailer has no /Root catalog dictionary".into(),
            object: None,
        })
}

/// The object id of the catalog.
pub(crate) fn catalog_id(doc: &Document) -> Result<ObjectId, Error> {
    match doc.trailer.get(b"Root") {
        Ok(Object::Reference(id)) if doc.objects.contains_key(id) => Ok(*id),
        _ => Err(Error::Malformed {
            what: "trailer /Root is not a reference to an object".into(),
            object: None,
        }),
    }
}

/// Decodes a stream's data, bounded by `limit` bytes.
pub(crate) fn stream_data(stream: &Stream, object: u32, limit: usize) -> Result<Vec<u8>, Error> {
    let filtered = stream.filters().map(|f| !f.is_empty()).unwrap_or(false);
    if !filtered {
        if stream.content.len() > limit {
            return Err(Error::StreamTooLarge { object, limit });
        }
        return Ok(stream.content.clone());
    }
    stream
        .decompressed_content_with_limit(limit)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                Error::StreamTooLarge { object, limit }
            }
            other => Error::Malformed {
                what: format!("cannot decode stream: {other}"),
                object: Some(object),
            },
        })
}

/// Decodes a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or
/// PDFDocEncoding (read as Latin-1, which agrees on the printable range).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Encodes a text string: plain bytes when ASCII, else UTF-16BE with BOM.
pub(crate) fn encode_text(text: &str) -> Object {
    if text.is_ascii() {
        Object::string_literal(text.as_bytes().to_vec())
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// Every object reachable from the trailer, found with an explicit stack and
/// a visited set, so reference loops and deep nesting cannot hang or
/// overflow the stack.
pub(crate) fn reachable(doc: &Document) -> BTreeSet<ObjectId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    while let Some(obj) = stack.pop() {
        match obj {
            Object::Reference(id) if seen.insert(*id) => stack.extend(doc.objects.get(id)),
            Object::Array(items) => stack.extend(items.iter()),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    seen.retain(|id| doc.objects.contains_key(id));
    seen
}
