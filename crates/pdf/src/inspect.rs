//! A summary of the Factur-X side of a PDF, for `facturx inspect`.

use facturx_model::Profile;
use serde::Serialize;

use crate::error::Error;
use crate::files::{self, FileInfo};
use crate::invoice;
use crate::limits::{self, Limits};
use crate::objects::{self, dict_of, get_array, get_name};
use crate::xmp::{self, XmpInfo};

/// What [`inspect`] reports. Serialises to JSON for `--format json`.
///
/// # Wire format
///
/// One object; field names as below, absent values as `null`:
///
/// ```json
/// {
///   "pdf_version": "1.7", "encrypted": false, "pages": 1, "pdfa": "3B",
///   "xmp": { "pdfa_part": "3", "pdfa_conformance": "B",
///            "fx": { "namespace": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
///                    "document_type": "INVOICE", "document_file_name": "factur-x.xml",
///                    "version": "1.0", "conformance_level": "EN 16931" },
///            "extension_schemas": [ { "namespace_uri": "…", "prefix": "fx", "schema": "…",
///                                     "properties": [ { "name": "DocumentFileName",
///                                       "value_type": "Text", "category": "external",
///                                       "description": "…" } ] } ],
///            "producer": "…", "creator_tool": "…" },
///   "xmp_error": null, "output_intents": ["GTS_PDFA1"], "has_id": true,
///   "files": [ { "name": "factur-x.xml", "key": "factur-x.xml", "relationship": "Source",
///                "mime": "text/xml", "description": "…", "declared_size": 42152,
///                "in_af": true, "in_name_tree": true, "filespec_object": 13,
///                "stream_object": 12, "size": 42152, "is_invoice": true,
///                "guideline_id": "urn:cen.eu:en16931:2017", "profile": "EN 16931" } ]
/// }
/// ```
///
/// `tests/snapshots/extract__inspect_minimum.snap` holds a complete example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inspection {
    /// Header version (`1.7`).
    pub pdf_version: String,
    /// Whether the trailer has `/Encrypt`.
    pub encrypted: bool,
    /// Number of pages.
    pub pages: usize,
    /// The PDF/A claim from XMP (`3B`), when any.
    pub pdfa: Option<String>,
    /// Values read from the XMP packet, when present and parseable.
    pub xmp: Option<XmpInfo>,
    /// Why the XMP packet could not be read, when it could not.
    pub xmp_error: Option<String>,
    /// `/S` of each output intent (`GTS_PDFA1`).
    pub output_intents: Vec<String>,
    /// Whether the trailer has `/ID`.
    pub has_id: bool,
    /// Every embedded file.
    pub files: Vec<InspectedFile>,
}

/// One embedded file in an [`Inspection`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectedFile {
    /// What the PDF says about it.
    #[serde(flatten)]
    pub info: FileInfo,
    /// Decoded size, or `None` when the stream could not be decoded.
    pub size: Option<usize>,
    /// Whether this is the hybrid-invoice XML (by name).
    pub is_invoice: bool,
    /// BT-24 read from the file, for the invoice XML.
    pub guideline_id: Option<String>,
    /// The profile BT-24 names, when it is a Factur-X one.
    pub profile: Option<Profile>,
}

/// Inspects `pdf` under the default [`Limits`].
pub fn inspect(pdf: &[u8]) -> Result<Inspection, Error> {
    inspect_with_limits(pdf, &Limits::default())
}

/// [`inspect`] with explicit limits.
pub fn inspect_with_limits(pdf: &[u8], limits: &Limits) -> Result<Inspection, Error> {
    let doc = limits::load(pdf, limits)?;
    let catalog = objects::catalog(&doc)?;
    let (xmp, xmp_error) = match read_xmp(&doc, limits) {
        Some(Ok(x)) => (Some(x), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let pdfa = xmp.as_ref().and_then(|x| {
        x.pdfa_part
            .as_ref()
            .map(|p| format!("{p}{}", x.pdfa_conformance.as_deref().unwrap_or("")))
    });
    let output_intents = get_array(&doc, catalog, b"OutputIntents")
        .map(|a| {
            a.iter()
                .filter_map(|i| dict_of(&doc, i).and_then(|d| get_name(&doc, d, b"S")))
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for f in files::find_files(&doc, limits)? {
        let data = files::file_data(&doc, &f, limits).ok();
        let is_invoice = files::is_invoice_name(&f.info.name);
        let guideline_id = if is_invoice {
            data.as_deref()
                .and_then(|d| invoice::read_head(d).ok())
                .map(|h| h.guideline_id)
        } else {
            None
        };
        let profile = guideline_id.as_deref().and_then(Profile::from_guideline_id);
        out.push(InspectedFile {
            size: data.as_ref().map(Vec::len),
            info: f.info,
            is_invoice,
            guideline_id,
            profile,
        });
    }
    Ok(Inspection {
        pdf_version: doc.version.clone(),
        encrypted: doc.trailer.has(b"Encrypt") || doc.was_encrypted(),
        pages: doc.get_pages().len(),
        pdfa,
        xmp,
        xmp_error,
        output_intents,
        has_id: doc.trailer.has(b"ID"),
        files: out,
    })
}

/// The catalog's XMP packet: `None` when absent, `Some(Err)` when unreadable.
pub(crate) fn read_xmp(doc: &lopdf::Document, limits: &Limits) -> Option<Result<XmpInfo, String>> {
    let catalog = objects::catalog(doc).ok()?;
    let entry = catalog.get(b"Metadata").ok()?;
    let object = entry.as_reference().map(|id| id.0).unwrap_or(0);
    let stream = match objects::resolve(doc, entry) {
        Some(lopdf::Object::Stream(s)) => s,
        _ => return Some(Err("catalog /Metadata is not a stream".into())),
    };
    Some(
        objects::stream_data(stream, object, limits.max_stream_size)
            .map_err(|e| e.to_string())
            .and_then(|bytes| xmp::read_packet(&bytes)),
    )
}
