//! Defects that common producers leave in ordinary PDFs and that `embed`
//! can fix without touching what a page shows (see [`RepairKind`]).
//!
//! Found on real producers' output (veraPDF rule in brackets):
//! ghostscript, LibreOffice, WeasyPrint, wkhtmltopdf and reportlab write link
//! annotations without `/F` (6.3.2-1); WeasyPrint sets `/Interpolate true` on
//! images (6.2.8-3); cairo omits `/CIDToGIDMap` from TrueType CIDFonts
//! (6.2.11.3.2-1); pdf-lib and reportlab give check boxes a `/D` (down)
//! appearance (6.3.3-2); LibreOffice forms set `/NeedAppearances true`
//! (6.4.1-3); Apache FOP writes a `/CIDSet` that lists the glyphs of the
//! whole font, not of the embedded subset (6.2.11.4.2-2).
//!
//! [`repair`] fixes them in place and says what it did, so that `check`
//! (which runs it on its own copy) and `embed` agree by construction.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::objects::{self, get_name};

mod subset_lists;

/// Annotation flag bits (ISO 32000-1 12.5.3, Table 165).
const INVISIBLE: i64 = 1;
const HIDDEN: i64 = 2;
const PRINT: i64 = 4;
const NO_VIEW: i64 = 32;
const TOGGLE_NO_VIEW: i64 = 256;

/// Annotation subtypes of ISO 32000-1 12.5.6 (and 2.0 additions): a
/// dictionary with `/Rect` and one of these is an annotation even without
/// `/Type /Annot`, which is optional.
const ANNOTATION_SUBTYPES: [&[u8]; 28] = [
    b"Text",
    b"Link",
    b"FreeText",
    b"Line",
    b"Square",
    b"Circle",
    b"Polygon",
    b"PolyLine",
    b"Highlight",
    b"Underline",
    b"Squiggly",
    b"StrikeOut",
    b"Stamp",
    b"Caret",
    b"Ink",
    b"Popup",
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Widget",
    b"Screen",
    b"PrinterMark",
    b"TrapNet",
    b"Watermark",
    b"3D",
    b"Redact",
    b"RichMedia",
    b"Projection",
];

/// A defect [`repair`] fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum RepairKind {
    /// An annotation without `/F`, or without the Print flag: the flag is
    /// set (ISO 19005-3 6.3.2). Hidden annotations are not touched: making
    /// them visible would change the page, so `scan` refuses them.
    AnnotationNotPrinted,
    /// An appearance dictionary with `/D` or `/R` beside `/N`: only `/N`
    /// is kept, the one used to print (6.3.3).
    ExtraAppearances,
    /// An image with `/Interpolate true`: set to false, a rendering hint
    /// only (6.2.8).
    ImageInterpolated,
    /// A TrueType CIDFont without `/CIDToGIDMap`: `/Identity` is written,
    /// which is what its absence means (ISO 32000-1 9.7.4.2; 6.2.11.3.2).
    MissingCidToGidMap,
    /// The form says `/NeedAppearances true` while every widget has its
    /// appearance: the flag is removed (6.4.1).
    NeedAppearances,
    /// A `/CIDSet` that misses glyphs of the embedded TrueType program: it is
    /// removed (6.2.11.4.2). PDF/A-2 and -3 make it optional.
    IncompleteCidSet,
}

impl RepairKind {
    /// The ISO 19005-3 clause the defect breaks.
    pub(crate) fn clause(self) -> &'static str {
        match self {
            RepairKind::AnnotationNotPrinted => "6.3.2",
            RepairKind::ExtraAppearances => "6.3.3",
            RepairKind::ImageInterpolated => "6.2.8",
            RepairKind::MissingCidToGidMap => "6.2.11.3.2",
            RepairKind::NeedAppearances => "6.4.1",
            RepairKind::IncompleteCidSet => "6.2.11.4.2",
        }
    }

    /// Stable warning code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            RepairKind::AnnotationNotPrinted => "annotation-print-flag-set",
            RepairKind::ExtraAppearances => "appearance-states-dropped",
            RepairKind::ImageInterpolated => "image-interpolation-off",
            RepairKind::MissingCidToGidMap => "cidtogidmap-added",
            RepairKind::NeedAppearances => "need-appearances-removed",
            RepairKind::IncompleteCidSet => "cidset-removed",
        }
    }

    /// What was wrong, lowercase.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            RepairKind::AnnotationNotPrinted => "annotation without the print flag (/F)",
            RepairKind::ExtraAppearances => {
                "appearance dictionary with /D or /R besides /N (down or rollover appearance)"
            }
            RepairKind::ImageInterpolated => "image with /Interpolate true",
            RepairKind::MissingCidToGidMap => "TrueType CIDFont without /CIDToGIDMap",
            RepairKind::NeedAppearances => "interactive form with /NeedAppearances true",
            RepairKind::IncompleteCidSet => {
                "font descriptor whose /CIDSet misses glyphs of the embedded font"
            }
        }
    }

    /// What `embed` does about it.
    pub(crate) fn remedy(self) -> &'static str {
        match self {
            RepairKind::AnnotationNotPrinted => "set the print flag",
            RepairKind::ExtraAppearances => "kept the normal appearance /N only",
            RepairKind::ImageInterpolated => "set /Interpolate false",
            RepairKind::MissingCidToGidMap => "set /CIDToGIDMap /Identity (its default)",
            RepairKind::NeedAppearances => "removed the flag (every widget has an appearance)",
            RepairKind::IncompleteCidSet => "removed the /CIDSet (optional in PDF/A-3)",
        }
    }
}

/// One kind of defect and the objects it was fixed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repaired {
    pub kind: RepairKind,
    /// Indirect objects holding it (the enclosing object for direct ones).
    pub objects: Vec<u32>,
}

/// Fixes every [`RepairKind`] among the objects reachable from the
/// trailer; returns what was fixed, grouped by kind, in kind order.
pub(crate) fn repair(doc: &mut Document, max_stream_size: usize) -> Vec<Repaired> {
    let mut fixed: BTreeSet<(RepairKind, u32)> = BTreeSet::new();
    let mut appearance_refs: BTreeSet<ObjectId> = BTreeSet::new();
    for id in objects::reachable(doc) {
        // Taken out of the map so that it can be changed while `doc` still
        // resolves the references the decisions need.
        let Some(mut obj) = doc.objects.remove(&id) else {
            continue;
        };
        let mut stack: Vec<&mut Object> = vec![&mut obj];
        while let Some(o) = stack.pop() {
            let dict = match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &mut s.dict,
                Object::Array(items) => {
                    stack.extend(items.iter_mut());
                    continue;
                }
                _ => continue,
            };
            for kind in fix_dict(doc, dict, &mut appearance_refs, max_stream_size) {
                fixed.insert((kind, id.0));
            }
            stack.extend(dict.iter_mut().map(|(_, v)| v));
        }
        doc.objects.insert(id, obj);
    }
    // Appearance dictionaries held as indirect objects.
    for id in appearance_refs {
        if let Some(Object::Dictionary(ap)) = doc.objects.get_mut(&id) {
            if keep_normal_appearance(ap) {
                fixed.insert((RepairKind::ExtraAppearances, id.0));
            }
        }
    }
    if remove_need_appearances(doc) {
        let at = objects::catalog_id(doc).map(|id| id.0).unwrap_or(0);
        fixed.insert((RepairKind::NeedAppearances, at));
    }
    let mut out: Vec<Repaired> = Vec::new();
    for (kind, object) in fixed {
        match out.last_mut() {
            Some(last) if last.kind == kind => last.objects.push(object),
            _ => out.push(Repaired {
                kind,
                objects: vec![object],
            }),
        }
    }
    out
}

/// Whether `d` is an annotation dictionary.
pub(crate) fn is_annotation(doc: &Document, d: &Dictionary) -> bool {
    match get_name(doc, d, b"Type") {
        Some(b"Annot") => true,
        Some(_) => false,
        None => {
            d.has(b"Rect")
                && get_name(doc, d, b"Subtype").is_some_and(|s| ANNOTATION_SUBTYPES.contains(&s))
        }
    }
}

/// The annotation flags that hide an annotation (6.3.2 wants them clear).
pub(crate) fn hidden_flags(flags: i64) -> bool {
    flags & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW) != 0
}

/// `/F` of an annotation, 0 when absent or not an integer.
pub(crate) fn annotation_flags(doc: &Document, d: &Dictionary) -> i64 {
    objects::get(doc, d, b"F")
        .and_then(|f| f.as_i64().ok())
        .unwrap_or(0)
}

fn fix_dict(
    doc: &Document,
    d: &mut Dictionary,
    appearance_refs: &mut BTreeSet<ObjectId>,
    max_stream_size: usize,
) -> Vec<RepairKind> {
    let mut out = Vec::new();
    if is_annotation(doc, d) {
        let popup = get_name(doc, d, b"Subtype") == Some(b"Popup".as_slice());
        let flags = annotation_flags(doc, d);
        // Popups are exempt from 6.3.2; hidden annotations are refused by `scan`.
        if !popup && !hidden_flags(flags) && flags & PRINT == 0 {
            d.set("F", Object::Integer(flags | PRINT));
            out.push(RepairKind::AnnotationNotPrinted);
        }
        let dropped = match d.get_mut(b"AP") {
            Ok(Object::Dictionary(ap)) => keep_normal_appearance(ap),
            Ok(Object::Reference(id)) => {
                appearance_refs.insert(*id);
                false
            }
            _ => false,
        };
        if dropped {
            out.push(RepairKind::ExtraAppearances);
        }
    }
    let is_image = get_name(doc, d, b"Subtype") == Some(b"Image".as_slice());
    if is_image
        && matches!(
            objects::get(doc, d, b"Interpolate"),
            Some(Object::Boolean(true))
        )
    {
        d.set("Interpolate", Object::Boolean(false));
        out.push(RepairKind::ImageInterpolated);
    }
    if get_name(doc, d, b"Subtype") == Some(b"CIDFontType2".as_slice())
        && d.has(b"FontDescriptor")
        && !d.has(b"CIDToGIDMap")
    {
        d.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        out.push(RepairKind::MissingCidToGidMap);
    }
    if get_name(doc, d, b"Type") == Some(b"FontDescriptor".as_slice()) {
        if let Some(kind) = subset_lists::fix(doc, d, max_stream_size) {
            out.push(kind);
        }
    }
    out
}

/// Drops every entry but `/N` from an appearance dictionary that has `/N`;
/// true when something was dropped. Without `/N` nothing is touched: the
/// annotation lacks a normal appearance, which `scan` reports.
fn keep_normal_appearance(ap: &mut Dictionary) -> bool {
    if !ap.has(b"N") || ap.len() == 1 {
        return false;
    }
    let n = ap.get(b"N").cloned().unwrap_or(Object::Null);
    *ap = Dictionary::from_iter([("N", n)]);
    true
}

/// Removes `/NeedAppearances true` from the form when every widget has a
/// normal appearance; true when removed.
fn remove_need_appearances(doc: &mut Document) -> bool {
    let Ok(catalog) = objects::catalog(doc) else {
        return false;
    };
    let Some(form_obj) = catalog.get(b"AcroForm").ok().cloned() else {
        return false;
    };
    let Some(form) = objects::dict_of(doc, &form_obj) else {
        return false;
    };
    if !matches!(
        objects::get(doc, form, b"NeedAppearances"),
        Some(Object::Boolean(true))
    ) {
        return false;
    }
    if !widgets_have_appearances(doc) {
        return false;
    }
    let target = match form_obj {
        Object::Reference(id) => doc.objects.get_mut(&id),
        _ => objects::catalog_id(doc)
            .ok()
            .and_then(|id| doc.objects.get_mut(&id))
            .and_then(|c| c.as_dict_mut().ok())
            .and_then(|c| c.get_mut(b"AcroForm").ok()),
    };
    match target {
        Some(Object::Dictionary(form)) => {
            form.remove(b"NeedAppearances");
            true
        }
        _ => false,
    }
}

/// Whether every reachable widget annotation has `/AP` with `/N`.
fn widgets_have_appearances(doc: &Document) -> bool {
    missing_appearances(doc).is_empty()
}

/// Objects holding an annotation that needs an appearance (6.3.3: all but
/// Popup and Link, and those with a zero-area `/Rect`) and has no `/AP /N`.
pub(crate) fn missing_appearances(doc: &Document) -> Vec<u32> {
    let mut out = Vec::new();
    for id in objects::reachable(doc) {
        let Some(obj) = doc.objects.get(&id) else {
            continue;
        };
        let mut stack: Vec<&Object> = vec![obj];
        while let Some(o) = stack.pop() {
            let d = match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                Object::Array(items) => {
                    stack.extend(items.iter());
                    continue;
                }
                _ => continue,
            };
            if is_annotation(doc, d) && needs_appearance(doc, d) && !has_normal_appearance(doc, d) {
                out.push(id.0);
            }
            stack.extend(d.iter().map(|(_, v)| v));
        }
    }
    out.dedup();
    out
}

fn needs_appearance(doc: &Document, d: &Dictionary) -> bool {
    if matches!(get_name(doc, d, b"Subtype"), Some(b"Popup" | b"Link")) {
        return false;
    }
    let rect: Vec<f64> = objects::get(doc, d, b"Rect")
        .and_then(|r| r.as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|v| objects::resolve(doc, v)?.as_float().ok())
                .map(f64::from)
                .collect()
        })
        .unwrap_or_default();
    // A zero-area rectangle is exempt.
    !matches!(rect.as_slice(), [x1, y1, x2, y2] if x1 == x2 && y1 == y2)
}

fn has_normal_appearance(doc: &Document, d: &Dictionary) -> bool {
    objects::get(doc, d, b"AP")
        .and_then(|ap| match ap {
            Object::Dictionary(ap) => Some(ap),
            _ => None,
        })
        .is_some_and(|ap| ap.has(b"N"))
}
