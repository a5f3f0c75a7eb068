//! Finds what stops a PDF from becoming PDF/A-3 (see [`ProblemKind`]).
//!
//! Only objects reachable from the trailer are examined: an orphan left by an
//! incremental update is dropped on save and cannot matter.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::content::Use;
use crate::objects::{self, get_dict, get_name};
use crate::problem::{Problem, ProblemKind};
use crate::repair;

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

/// Scans every object reachable from the trailer. Content streams are
/// decoded (each bounded by `max_stream_size`) to find device colours.
pub(crate) fn scan(doc: &Document, max_stream_size: usize) -> Scan {
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
    let mut colours = Colours::default();
    // Content streams, in units that share one graphics state: a page's
    // `/Contents` array is one unit (its streams may split an operation or
    // set the font one of the next ones uses), a form or glyph another.
    let mut content_streams: BTreeSet<Vec<ObjectId>> = BTreeSet::new();
    let mut fonts = FontUse::default();
    for id in objects::reachable(doc) {
        let Some(obj) = doc.objects.get(&id) else {
            continue;
        };
        // Direct nesting is walked with an explicit stack: no recursion depth
        // to exhaust. The flag says whether the item is the object itself.
        let mut stack: Vec<(&Object, bool)> = vec![(obj, true)];
        while let Some((o, top)) = stack.pop() {
            let dict = match o {
                Object::Dictionary(d) => Some((d, false)),
                Object::Stream(s) => Some((&s.dict, true)),
                Object::Array(items) => {
                    stack.extend(items.iter().map(|v| (v, false)));
                    None
                }
                Object::Name(n) => {
                    colours.note(n, id.0);
                    None
                }
                _ => None,
            };
            let Some((d, is_stream)) = dict else { continue };
            let ctx = Context {
                doc,
                id,
                top,
                is_stream,
            };
            examine(&ctx, d, &mut found, &mut fonts, &mut fonts_without_unicode);
            match get_name(doc, d, b"Type") {
                Some(b"Page") => {
                    content_streams.insert(page_contents(doc, d));
                }
                _ if is_stream && get_name(doc, d, b"Subtype") == Some(b"Form".as_slice()) => {
                    content_streams.insert(vec![id]);
                }
                // A tiling pattern's stream is a content stream too.
                _ if is_stream
                    && objects::get(doc, d, b"PatternType").and_then(|p| p.as_i64().ok())
                        == Some(1) =>
                {
                    content_streams.insert(vec![id]);
                }
                _ => {}
            }
            content_streams.extend(
                glyph_and_appearance_streams(doc, d)
                    .into_iter()
                    .map(|s| vec![s]),
            );
            stack.extend(values_for_colour(d).map(|v| (v, false)));
        }
    }
    for unit in content_streams {
        let Some(first) = unit.first() else {
            continue;
        };
        let mut bytes = Vec::new();
        for id in &unit {
            let Some(Object::Stream(s)) = doc.objects.get(id) else {
                continue;
            };
            // An undecodable content stream is a rendering problem, not a
            // PDF/A blocker this scan can name; but the fonts it may use are
            // then unknown, so every font counts as used.
            match objects::stream_data(s, id.0, max_stream_size) {
                Ok(data) => bytes.extend_from_slice(&data),
                Err(_) => fonts.unknown_content = true,
            }
            // Streams of one page are separated as if by white space.
            bytes.push(b'\n');
        }
        crate::content::operators(&bytes, |u| match u {
            Use::Colour(name) => colours.note(name, first.0),
            Use::Font(name) => {
                fonts.selected.insert(name.to_vec());
            }
            Use::InheritedFont => fonts.unknown_content = true,
            Use::CodeZero(name) => {
                fonts.code_zero.insert(name.to_vec());
            }
        });
    }
    for (at, kind) in fonts.unembedded_in_use() {
        found.insert((Some(at), kind));
    }
    for (at, kind) in fonts.drawing_notdef(doc) {
        found.insert((Some(at), kind));
    }
    // With no PDF/A intent, `embed` adds the sRGB one: three components.
    let components = pdfa_intent_components(doc).unwrap_or(3);
    if let (Some(at), true) = (colours.cmyk, components != 4) {
        found.insert((
            Some(at),
            ProblemKind::DeviceColour {
                space: "DeviceCMYK".into(),
            },
        ));
    }
    if let (Some(at), true) = (colours.rgb, components != 3) {
        found.insert((
            Some(at),
            ProblemKind::DeviceColour {
                space: "DeviceRGB".into(),
            },
        ));
    }
    for at in repair::missing_appearances(doc) {
        found.insert((Some(at), ProblemKind::MissingAppearance));
    }
    Scan {
        problems: found
            .into_iter()
            .map(|(object, kind)| Problem { kind, object })
            .collect(),
        fonts_without_unicode,
    }
}

/// Which fonts content selects, to report only unembedded fonts that are
/// used: 6.2.11.4.1 asks for the programs of "fonts used for rendering", and
/// reportlab, for one, lists Helvetica in every page's resources and selects
/// it with `Tf` at the top of every page whether or not any text is drawn
/// with it (veraPDF passes such a file).
#[derive(Debug, Default)]
struct FontUse {
    /// Unembedded fonts: (object holding it, the problem, whether the font
    /// dictionary is that object itself rather than nested in it).
    unembedded: Vec<(ObjectId, ProblemKind, bool)>,
    /// (resource name, font object) of every `/Font` resource entry.
    resources: Vec<(Vec<u8>, ObjectId)>,
    /// Fonts named in an ExtGState `/Font` entry (selected by `gs`).
    by_graphics_state: BTreeSet<ObjectId>,
    /// (Type0 font, descendant CIDFont).
    descendants: Vec<(ObjectId, ObjectId)>,
    /// Resource names of the fonts text is shown with, in any content stream.
    selected: BTreeSet<Vec<u8>>,
    /// A content stream could not be decoded, or shows text in a font set
    /// by its caller: every font then counts as used.
    unknown_content: bool,
    /// Resource names of fonts some text draws a two-byte code 0 with.
    code_zero: BTreeSet<Vec<u8>>,
}

impl FontUse {
    /// The unembedded fonts that some content may select. Matching is by
    /// resource name across the whole file, which can only over-count.
    fn unembedded_in_use(&self) -> Vec<(u32, ProblemKind)> {
        let mut used: BTreeSet<ObjectId> = self
            .resources
            .iter()
            .filter(|(name, _)| self.selected.contains(name))
            .map(|(_, id)| *id)
            .collect();
        used.extend(self.by_graphics_state.iter().copied());
        let descendants: Vec<ObjectId> = self
            .descendants
            .iter()
            .filter(|(parent, _)| used.contains(parent))
            .map(|(_, child)| *child)
            .collect();
        used.extend(descendants);
        self.unembedded
            .iter()
            .filter(|(id, _, top)| self.unknown_content || !*top || used.contains(id))
            .map(|(id, kind, _)| (id.0, kind.clone()))
            .collect()
    }
}

impl FontUse {
    /// Type0 fonts with an Identity encoding that text draws code 0 with:
    /// CID 0, which is `.notdef` by convention whatever `/CIDToGIDMap` says
    /// (6.2.11.8; veraPDF judges so). matplotlib's Type 42 output gives CID
    /// 0 to a real character and maps it to that glyph.
    fn drawing_notdef(&self, doc: &Document) -> Vec<(u32, ProblemKind)> {
        let mut out = Vec::new();
        for (name, id) in &self.resources {
            if !self.code_zero.contains(name) {
                continue;
            }
            let Some(font) = doc.objects.get(id).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            let identity = matches!(
                get_name(doc, font, b"Encoding"),
                Some(b"Identity-H" | b"Identity-V")
            );
            if get_name(doc, font, b"Subtype") == Some(b"Type0".as_slice()) && identity {
                let base =
                    objects::get_text(doc, font, b"BaseFont").unwrap_or_else(|| "(unnamed)".into());
                out.push((id.0, ProblemKind::NotdefGlyph { font: base }));
            }
        }
        out
    }
}

/// Streams a dictionary points at that are content streams without saying
/// so: a Type3 font's glyph procedures, an annotation's appearances (which
/// may lack `/Subtype /Form`).
fn glyph_and_appearance_streams(doc: &Document, d: &Dictionary) -> Vec<ObjectId> {
    let mut out = Vec::new();
    let mut refs_in = |o: &Object| {
        let mut stack = vec![o];
        while let Some(o) = stack.pop() {
            match o {
                Object::Reference(id) => match doc.objects.get(id) {
                    Some(Object::Stream(_)) => out.push(*id),
                    Some(Object::Dictionary(states)) => {
                        stack.extend(states.iter().map(|(_, v)| v).filter(|v| {
                            v.as_reference().is_ok_and(|r| {
                                matches!(doc.objects.get(&r), Some(Object::Stream(_)))
                            })
                        }));
                    }
                    _ => {}
                },
                Object::Dictionary(inner) => stack.extend(inner.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    };
    if get_name(doc, d, b"Subtype") == Some(b"Type3".as_slice()) {
        if let Ok(procs) = d.get(b"CharProcs") {
            refs_in(procs);
        }
    }
    if let Ok(ap) = d.get(b"AP") {
        refs_in(ap);
    }
    out
}

/// Where [`examine`] looks.
struct Context<'a> {
    doc: &'a Document,
    /// The indirect object being walked.
    id: ObjectId,
    /// The dictionary is that object itself, not nested in it.
    top: bool,
    /// The dictionary is a stream's.
    is_stream: bool,
}

/// First objects using each device colour space.
#[derive(Debug, Default)]
struct Colours {
    cmyk: Option<u32>,
    rgb: Option<u32>,
}

impl Colours {
    fn note(&mut self, name: &[u8], object: u32) {
        match name {
            b"DeviceCMYK" => {
                self.cmyk.get_or_insert(object);
            }
            b"DeviceRGB" => {
                self.rgb.get_or_insert(object);
            }
            _ => {}
        }
    }
}

/// A dictionary's values, minus the ICC `/Alternate` (a fallback that PDF/A
/// does not count as device colour use).
fn values_for_colour(d: &Dictionary) -> impl Iterator<Item = &Object> {
    d.iter()
        .filter(|(k, _)| k.as_slice() != b"Alternate")
        .map(|(_, v)| v)
}

fn page_contents(doc: &Document, page: &Dictionary) -> Vec<ObjectId> {
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.objects.get(id) {
            Some(Object::Array(items)) => {
                items.iter().filter_map(|o| o.as_reference().ok()).collect()
            }
            _ => vec![*id],
        },
        Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// `/N` of the ICC profile the PDF/A output intent has, or will have: that
/// of the `GTS_PDFA1` intent, else that of any intent (`embed` reuses it).
fn pdfa_intent_components(doc: &Document) -> Option<i64> {
    let catalog = objects::catalog(doc).ok()?;
    let intents = objects::get_array(doc, catalog, b"OutputIntents")?;
    let components = |pdfa_only: bool| {
        intents.iter().find_map(|i| {
            let d = objects::dict_of(doc, i)?;
            if pdfa_only && get_name(doc, d, b"S") != Some(b"GTS_PDFA1".as_slice()) {
                return None;
            }
            let profile = objects::dict_of(doc, d.get(b"DestOutputProfile").ok()?)?;
            objects::get(doc, profile, b"N")?.as_i64().ok()
        })
    };
    components(true).or_else(|| components(false))
}

fn examine(
    ctx: &Context<'_>,
    d: &Dictionary,
    found: &mut BTreeSet<(Option<u32>, ProblemKind)>,
    fonts: &mut FontUse,
    fonts_without_unicode: &mut usize,
) {
    let Context {
        doc,
        id,
        top,
        is_stream,
    } = *ctx;
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
                    let kind = ProblemKind::FontNotEmbedded {
                        font: objects::get_text(doc, d, b"BaseFont")
                            .unwrap_or_else(|| "(unnamed)".into()),
                    };
                    fonts.unembedded.push((id, kind, top));
                }
            }
            if sub == b"Type0" {
                let children = objects::get_array(doc, d, b"DescendantFonts");
                for child in children.into_iter().flatten() {
                    if let Ok(child) = child.as_reference() {
                        fonts.descendants.push((id, child));
                    }
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
    if repair::is_annotation(doc, d)
        && subtype != Some(b"Popup".as_slice())
        && repair::hidden_flags(repair::annotation_flags(doc, d))
    {
        add(ProblemKind::HiddenAnnotation);
    }
    // Font resources, to tell used fonts from listed ones.
    if let Some(map) = get_dict(doc, d, b"Font") {
        if type_name != Some(b"ExtGState".as_slice()) {
            for (name, font) in map.iter() {
                if let Ok(font) = font.as_reference() {
                    fonts.resources.push((name.clone(), font));
                }
            }
        }
    }
    if type_name == Some(b"ExtGState".as_slice()) || d.has(b"Font") {
        if let Some(Object::Array(pair)) = objects::get(doc, d, b"Font") {
            if let Some(Ok(font)) = pair.first().map(Object::as_reference) {
                fonts.by_graphics_state.insert(font);
            }
        }
    }
}

fn is_lzw(name: &[u8]) -> bool {
    name == b"LZWDecode" || name == b"LZW"
}
