//! Finds what stops a PDF from becoming PDF/A-3 (see [`ProblemKind`]).
//!
//! Only objects reachable from the trailer are examined: an orphan left by an
//! incremental update is dropped on save and cannot matter.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::objects::{self, get_dict, get_name};
use crate::problem::{Problem, ProblemKind};

/// Action types ISO 19005-2/-3 6.6.1 forbids (JavaScript is reported apart).
const FORBIDDEN_ACTIONS: [&[u8]; 10] = [
    b"Launch",
    b"Sound",
    b"Movie",
    b"ResetForm",
    b"ImportData",
    b"Hide",
    b"SetOCGState",
    b"Rendition",
    b"Trans",
    b"GoTo3DView",
];
/// The only named actions 6.6.1 allows.
const ALLOWED_NAMED: [&[u8]; 4] = [b"NextPage", b"PrevPage", b"FirstPage", b"LastPage"];
/// Annotation types 6.3.1 forbids.
const FORBIDDEN_ANNOTATIONS: [&[u8]; 5] = [b"Sound", b"Movie", b"Screen", b"3D", b"RichMedia"];
/// Font subtypes whose program must be embedded (6.2.11.4.1); Type0 fonts are
/// checked through their descendant, Type3 glyphs are content streams.
const EMBEDDABLE_FONTS: [&[u8]; 5] = [
    b"Type1",
    b"MMType1",
    b"TrueType",
    b"CIDFontType0",
    b"CIDFontType2",
];

/// What [`scan`] found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Every blocking problem, deduplicated, in object order.
    pub problems: Vec<Problem>,
    /// Fonts lacking what PDF/A level U needs (a `/ToUnicode` map or a
    /// standard encoding).
    pub fonts_without_unicode: usize,
}

/// Scans every object reachable from the trailer.
pub(crate) fn scan(doc: &Document) -> Scan {
    let mut found: BTreeSet<(Option<u32>, ProblemKind)> = BTreeSet::new();
    let mut fonts_without_unicode = 0;
    // lopdf decrypts on load and drops /Encrypt from the trailer; it remembers
    // the fact in `encryption_state`.
    if doc.trailer.has(b"Encrypt") || doc.was_encrypted() {
        found.insert((None, ProblemKind::Encrypted));
    }
    if let Ok(catalog) = objects::catalog(doc) {
        if let Some(names) = get_dict(doc, catalog, b"Names") {
            if names.has(b"JavaScript") {
                let at = objects::catalog_id(doc).ok().map(|id| id.0);
                found.insert((at, ProblemKind::JavaScript));
            }
        }
    }
    for id in objects::reachable(doc) {
        let Some(obj) = doc.objects.get(&id) else {
            continue;
        };
        // Direct nesting is walked with an explicit stack: no recursion depth to exhaust.
        let mut stack: Vec<(&Object, bool)> = vec![(obj, false)];
        while let Some((o, in_stream)) = stack.pop() {
            match o {
                Object::Dictionary(d) => {
                    examine(
                        doc,
                        id,
                        d,
                        in_stream,
                        &mut found,
                        &mut fonts_without_unicode,
                    );
                    stack.extend(d.iter().map(|(_, v)| (v, false)));
                }
                Object::Stream(s) => {
                    examine(
                        doc,
                        id,
                        &s.dict,
                        true,
                        &mut found,
                        &mut fonts_without_unicode,
                    );
                    stack.extend(s.dict.iter().map(|(_, v)| (v, false)));
                }
                Object::Array(items) => stack.extend(items.iter().map(|v| (v, false))),
                _ => {}
            }
        }
    }
    Scan {
        problems: found
            .into_iter()
            .map(|(object, kind)| Problem { kind, object })
            .collect(),
        fonts_without_unicode,
    }
}

fn examine(
    doc: &Document,
    id: ObjectId,
    d: &Dictionary,
    is_stream: bool,
    found: &mut BTreeSet<(Option<u32>, ProblemKind)>,
    fonts_without_unicode: &mut usize,
) {
    let at = Some(id.0);
    let mut add = |kind| {
        found.insert((at, kind));
    };
    let type_name = get_name(doc, d, b"Type");
    let subtype = get_name(doc, d, b"Subtype");
    if d.has(b"JS") {
        add(ProblemKind::JavaScript);
    }
    if d.has(b"AA") {
        add(ProblemKind::AdditionalActions);
    }
    if type_name.is_none() || type_name == Some(b"Action".as_slice()) {
        match get_name(doc, d, b"S") {
            Some(b"JavaScript") => add(ProblemKind::JavaScript),
            Some(s) if FORBIDDEN_ACTIONS.contains(&s) => add(ProblemKind::ForbiddenAction {
                action: String::from_utf8_lossy(s).into_owned(),
            }),
            Some(b"Named") => {
                if let Some(n) = get_name(doc, d, b"N") {
                    if !ALLOWED_NAMED.contains(&n) {
                        add(ProblemKind::ForbiddenAction {
                            action: format!("Named:{}", String::from_utf8_lossy(n)),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let is_font =
        type_name == Some(b"Font".as_slice()) || (d.has(b"BaseFont") && subtype.is_some());
    if is_font {
        if let Some(sub) = subtype {
            if EMBEDDABLE_FONTS.contains(&sub) {
                let embedded = get_dict(doc, d, b"FontDescriptor").is_some_and(|fd| {
                    fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3")
                });
                if !embedded {
                    add(ProblemKind::FontNotEmbedded {
                        font: objects::get_text(doc, d, b"BaseFont")
                            .unwrap_or_else(|| "(unnamed)".into()),
                    });
                }
            }
            let standard_encoding = matches!(
                get_name(doc, d, b"Encoding"),
                Some(b"WinAnsiEncoding" | b"MacRomanEncoding" | b"StandardEncoding")
            );
            let is_cid = matches!(sub, b"CIDFontType0" | b"CIDFontType2");
            if !is_cid && !d.has(b"ToUnicode") && !standard_encoding {
                *fonts_without_unicode += 1;
            }
        }
    }
    if is_stream {
        if d.has(b"F") || d.has(b"FFilter") {
            add(ProblemKind::ExternalStream);
        }
        let uses_lzw = match d.get(b"Filter").ok().and_then(|f| objects::resolve(doc, f)) {
            Some(Object::Name(n)) => is_lzw(n),
            Some(Object::Array(a)) => a.iter().any(|f| matches!(f, Object::Name(n) if is_lzw(n))),
            _ => false,
        };
        if uses_lzw {
            add(ProblemKind::LzwFilter);
        }
        if subtype == Some(b"PS".as_slice())
            || get_name(doc, d, b"Subtype2") == Some(b"PS".as_slice())
        {
            add(ProblemKind::PostScriptXObject);
        }
    }
    if let Some(sub) = subtype {
        let is_annotation = type_name == Some(b"Annot".as_slice()) || d.has(b"Rect");
        if is_annotation && FORBIDDEN_ANNOTATIONS.contains(&sub) {
            add(ProblemKind::ForbiddenAnnotation {
                subtype: String::from_utf8_lossy(sub).into_owned(),
            });
        }
    }
}

fn is_lzw(name: &[u8]) -> bool {
    name == b"LZWDecode" || name == b"LZW"
}
