//! Reading embedded files: the `/EmbeddedFiles` name tree and the catalog
//! `/AF` array, merged.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use crate::error::Error;
use crate::limits::Limits;
use crate::objects::{self, dict_of, get, get_array, get_dict, get_name, get_text};

/// File names of an embedded hybrid-invoice XML, in order of preference
/// (spec digest §3.1). Matched case-insensitively.
pub const INVOICE_FILE_NAMES: [&str; 5] = [
    "factur-x.xml",
    "zugferd-invoice.xml",
    "ZUGFeRD-invoice.xml",
    "xrechnung.xml",
    "order-x.xml",
];

/// One embedded file as the PDF describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    /// `/UF`, else `/F`, else the name-tree key.
    pub name: String,
    /// The name-tree key, when the file is in `/EmbeddedFiles`.
    pub key: Option<String>,
    /// `/AFRelationship` (`Data`, `Source`, `Alternative`, `Supplement`...).
    pub relationship: Option<String>,
    /// MIME type from the embedded file stream's `/Subtype`.
    pub mime: Option<String>,
    /// `/Desc`.
    pub description: Option<String>,
    /// `/Params /Size`, when declared.
    pub declared_size: Option<i64>,
    /// Whether the catalog `/AF` lists the file specification.
    pub in_af: bool,
    /// Whether the `/EmbeddedFiles` name tree lists it.
    pub in_name_tree: bool,
    /// Object number of the file specification, when indirect.
    pub filespec_object: Option<u32>,
    /// Object number of the embedded file stream.
    pub stream_object: Option<u32>,
}

/// A file specification found in the document, with where it was found.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub info: FileInfo,
    pub filespec_id: Option<ObjectId>,
    pub stream_id: Option<ObjectId>,
    /// A copy of the file specification dictionary.
    pub spec: Dictionary,
}

/// Flattens a name tree into its (key, value) pairs, following `/Kids`
/// with a visited set and a depth bound.
pub(crate) fn name_tree_entries(
    doc: &Document,
    root: &Object,
    limits: &Limits,
) -> Result<Vec<(Vec<u8>, Object)>, Error> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<ObjectId> = BTreeSet::new();
    let mut stack: Vec<(&Object, usize)> = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limits.max_depth {
            return Err(Error::Malformed {
                what: format!("name tree deeper than {} levels", limits.max_depth),
                object: node.as_reference().ok().map(|id| id.0),
            });
        }
        if let Object::Reference(id) = node {
            if !seen.insert(*id) {
                continue; // a loop or a shared kid: each node once
            }
        }
        let Some(dict) = dict_of(doc, node) else {
            continue;
        };
        if let Some(names) = get_array(doc, dict, b"Names") {
            for pair in names.chunks(2) {
                if let [key, value] = pair {
                    if let Some(Object::String(k, _)) = objects::resolve(doc, key) {
                        out.push((k.clone(), value.clone()));
                    }
                }
            }
        }
        if let Some(kids) = get_array(doc, dict, b"Kids") {
            stack.extend(kids.iter().rev().map(|k| (k, depth + 1)));
        }
    }
    Ok(out)
}

/// Every embedded file of the document: name-tree entries first (in tree
/// order), then `/AF` entries not already listed.
pub(crate) fn find_files(doc: &Document, limits: &Limits) -> Result<Vec<Found>, Error> {
    let catalog = objects::catalog(doc)?;
    let af: Vec<Object> = get_array(doc, catalog, b"AF").cloned().unwrap_or_default();
    let af_ids: BTreeSet<ObjectId> = af.iter().filter_map(|o| o.as_reference().ok()).collect();
    let mut found: Vec<Found> = Vec::new();
    if let Some(tree) = get_dict(doc, catalog, b"Names").and_then(|n| n.get(b"EmbeddedFiles").ok())
    {
        for (key, value) in name_tree_entries(doc, tree, limits)? {
            let filespec_id = value.as_reference().ok();
            let Some(spec) = dict_of(doc, &value) else {
                continue;
            };
            let key = objects::decode_text(&key);
            let mut f = describe(doc, spec, filespec_id, Some(key));
            f.info.in_name_tree = true;
            f.info.in_af = filespec_id.is_some_and(|id| af_ids.contains(&id));
            found.push(f);
        }
    }
    for entry in &af {
        let filespec_id = entry.as_reference().ok();
        if filespec_id.is_some() && found.iter().any(|f| f.filespec_id == filespec_id) {
            continue;
        }
        let Some(spec) = dict_of(doc, entry) else {
            continue;
        };
        if spec.get(b"EF").is_err() {
            continue; // an associated file that is not embedded
        }
        let mut f = describe(doc, spec, filespec_id, None);
        f.info.in_af = true;
        found.push(f);
    }
    Ok(found)
}

fn describe(
    doc: &Document,
    spec: &Dictionary,
    filespec_id: Option<ObjectId>,
    key: Option<String>,
) -> Found {
    let name = get_text(doc, spec, b"UF")
        .or_else(|| get_text(doc, spec, b"F"))
        .or_else(|| key.clone())
        .unwrap_or_default();
    let ef = get_dict(doc, spec, b"EF");
    let stream_ref = ef.and_then(|ef| ef.get(b"UF").ok().or_else(|| ef.get(b"F").ok()));
    let stream_id = stream_ref.and_then(|r| r.as_reference().ok());
    let stream_dict = stream_ref.and_then(|r| dict_of(doc, r));
    let mime = stream_dict
        .and_then(|d| get_name(doc, d, b"Subtype"))
        .map(|m| String::from_utf8_lossy(m).into_owned());
    let declared_size = stream_dict
        .and_then(|d| get_dict(doc, d, b"Params"))
        .and_then(|p| get(doc, p, b"Size"))
        .and_then(|s| s.as_i64().ok());
    Found {
        info: FileInfo {
            name,
            key,
            relationship: get_name(doc, spec, b"AFRelationship")
                .map(|r| String::from_utf8_lossy(r).into_owned()),
            mime,
            description: get_text(doc, spec, b"Desc"),
            declared_size,
            in_af: false,
            in_name_tree: false,
            filespec_object: filespec_id.map(|id| id.0),
            stream_object: stream_id.map(|id| id.0),
        },
        filespec_id,
        stream_id,
        spec: spec.clone(),
    }
}

/// The decoded bytes of a found file, bounded by the stream limit.
pub(crate) fn file_data(doc: &Document, found: &Found, limits: &Limits) -> Result<Vec<u8>, Error> {
    let object = found
        .stream_id
        .map(|id| id.0)
        .or(found.info.filespec_object)
        .unwrap_or(0);
    let stream = found
        .stream_id
        .and_then(|id| doc.objects.get(&id))
        .and_then(|o| objects::resolve(doc, o))
        .and_then(|o| o.as_stream().ok())
        .ok_or_else(|| Error::Malformed {
            what: format!("embedded file {:?} has no /EF stream", found.info.name),
            object: Some(object),
        })?;
    objects::stream_data(stream, object, limits.max_stream_size)
}

/// True when `name` is one of [`INVOICE_FILE_NAMES`] (case-insensitive).
pub(crate) fn is_invoice_name(name: &str) -> bool {
    INVOICE_FILE_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// Rank of an invoice file name in [`INVOICE_FILE_NAMES`] (0 is preferred).
pub(crate) fn invoice_rank(name: &str) -> Option<usize> {
    INVOICE_FILE_NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
}
