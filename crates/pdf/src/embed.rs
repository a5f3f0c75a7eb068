//! Turns a PDF plus CII XML into a Factur-X PDF/A-3 file.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use md5::{Digest, Md5};

use crate::date::{Timestamp, pdf_date_to_xmp};
use crate::error::Error;
use crate::files::{self, Found};
use crate::invoice;
use crate::limits;
use crate::objects::{self, dict_of, encode_text, get_array, get_dict, get_name, get_text};
use crate::options::{AfRelationship, Conformance, EmbedOptions, Embedded, Warning};
use crate::problem::ProblemKind;
use crate::repair;
use crate::scan;
use crate::xmp::{self, XmpFields};

/// The file name Factur-X 1.x prescribes for the invoice XML.
pub const FACTURX_FILE_NAME: &str = "factur-x.xml";

/// The sRGB ICC profile of the output intent (see `build.rs`).
const SRGB_ICC: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sRGB2014.icc"));

/// Embeds `xml` into `pdf` as a Factur-X PDF/A-3 file.
///
/// The profile comes from the XML's BT-24. Safe fixes are made silently
/// (metadata, output intent, `/ID`, name tree, missing `/AFRelationship` on
/// other attachments), or with a warning when they touch the producer's
/// objects (annotation print flags, appearance states, image interpolation,
/// `/CIDToGIDMap`, `/NeedAppearances`: see `RULES.md`); anything else that prevents PDF/A-3 is refused with
/// [`Error::NotConvertible`] listing every problem, unless
/// [`EmbedOptions::force`] is set.
///
/// The XMP packet is written anew from the Info dictionary (title, author,
/// subject, keywords, creator, producer, dates) plus the PDF/A and Factur-X
/// schemas: other XMP properties of the input are not carried over.
/// Objects no longer reachable (an old invoice XML, an old metadata stream,
/// objects superseded by incremental updates) are dropped, and the file is
/// written whole with a classic cross-reference table, header `%PDF-1.7`.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pdf = std::fs::read("invoice.pdf")?;
/// let xml = std::fs::read("factur-x.xml")?;
/// let out = facturx_pdf::embed(&pdf, &xml, &facturx_pdf::EmbedOptions::default())?;
/// for warning in &out.warnings {
///     eprintln!("{warning}");
/// }
/// assert_eq!(facturx_pdf::extract(&out.pdf)?.xml, xml);
/// # Ok(()) }
/// ```
pub fn embed(pdf: &[u8], xml: &[u8], options: &EmbedOptions) -> Result<Embedded, Error> {
    let profile = invoice::profile_of(xml, options.profile)?;
    let relationship = options
        .relationship
        .unwrap_or_else(|| AfRelationship::default_for(profile));
    if !matches!(
        relationship,
        AfRelationship::Data | AfRelationship::Source | AfRelationship::Alternative
    ) {
        return Err(Error::InvalidOption(format!(
            "the invoice xml's relationship must be Data, Source or Alternative, not {relationship}"
        )));
    }
    check_attachments(options)?;
    let date = options.date.unwrap_or_else(Timestamp::now);
    let mut doc = limits::load(pdf, &options.limits)?;
    let mut warnings = Vec::new();

    let found = scan::scan(&doc, options.limits.max_stream_size);
    let mut remaining = found.problems;
    if let Some(p) = remaining.iter().find(|p| p.kind == ProblemKind::Encrypted) {
        // Even with force: lopdf hands back decrypted objects under the old
        // /Encrypt dictionary, and rewriting that yields an unreadable file.
        return Err(Error::NotConvertible {
            problems: vec![p.clone()],
        });
    }
    if !remaining.is_empty() && !options.force {
        return Err(Error::NotConvertible {
            problems: remaining,
        });
    }
    let conformance = match options.conformance {
        Conformance::U if found.fonts_without_unicode > 0 => {
            warnings.push(Warning {
                code: "conformance-downgraded",
                message: format!(
                    "{} font(s) lack a /ToUnicode map or standard encoding: wrote PDF/A-3B instead of 3U",
                    found.fonts_without_unicode
                ),
            });
            "B"
        }
        Conformance::U => "U",
        Conformance::B => "B",
    };
    if doc.version.as_str() > "1.7" {
        warnings.push(Warning {
            code: "version-changed",
            message: format!(
                "header version {} rewritten as 1.7 (PDF/A-3 is based on PDF 1.7)",
                doc.version
            ),
        });
    }

    for r in repair::repair(&mut doc, options.limits.max_stream_size) {
        warnings.push(Warning {
            code: r.kind.code(),
            message: format!(
                "{} in {} (ISO 19005-3 {}): {}",
                r.kind.describe(),
                object_list(&r.objects),
                r.kind.clause(),
                r.kind.remedy()
            ),
        });
    }

    if options.compress_streams {
        compress_unfiltered(&mut doc);
    }

    let catalog_id = objects::catalog_id(&doc)?;
    let existing = files::find_files(&doc, &options.limits)?;
    let mut catalog = objects::catalog(&doc)?.clone();

    // Existing attachments: drop older invoice XMLs, complete the others.
    let mut removed: BTreeSet<ObjectId> = BTreeSet::new();
    let mut kept: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut af: Vec<Object> = get_array(&doc, &catalog, b"AF")
        .cloned()
        .unwrap_or_default();
    for f in &existing {
        if files::is_invoice_name(&f.info.name)
            || f.info.key.as_deref().is_some_and(files::is_invoice_name)
        {
            warnings.push(Warning {
                code: "replaced-invoice",
                message: format!(
                    "replaced the embedded {:?} by {FACTURX_FILE_NAME}",
                    f.info.name
                ),
            });
            if let Some(id) = f.filespec_id {
                removed.insert(id);
            }
            continue;
        }
        let spec_ref = complete_attachment(&mut doc, f, &mut warnings);
        if !f.info.in_af {
            af.push(spec_ref.clone());
        }
        if let Some(key) = &f.info.key {
            kept.push((encode_key(key), spec_ref));
        }
    }
    af.retain(|o| {
        o.as_reference()
            .map(|id| !removed.contains(&id))
            .unwrap_or(true)
    });
    // Direct (or dangling) /AF entries that pointed at a removed invoice are
    // dropped by name as well.
    af.retain(|o| {
        dict_of(&doc, o)
            .and_then(|d| get_text(&doc, d, b"UF").or_else(|| get_text(&doc, d, b"F")))
            .map(|n| !files::is_invoice_name(&n))
            .unwrap_or(true)
    });

    // The invoice XML and the supplements.
    let pdf_date = date.to_pdf();
    let description = options
        .description
        .clone()
        .unwrap_or_else(|| "Factur-X invoice".into());
    let xml_md5 = Md5::digest(xml).to_vec();
    let invoice_spec = add_file(
        &mut doc,
        FACTURX_FILE_NAME,
        "text/xml",
        xml,
        &description,
        relationship,
        &pdf_date,
        xml_md5.clone(),
    );
    af.push(Object::Reference(invoice_spec));
    kept.push((
        FACTURX_FILE_NAME.as_bytes().to_vec(),
        Object::Reference(invoice_spec),
    ));
    for a in &options.attachments {
        let desc = a.description.clone().unwrap_or_else(|| a.name.clone());
        let spec = add_file(
            &mut doc,
            &a.name,
            &a.mime,
            &a.data,
            &desc,
            AfRelationship::Supplement,
            &pdf_date,
            Md5::digest(&a.data).to_vec(),
        );
        af.push(Object::Reference(spec));
        kept.push((encode_key(&a.name), Object::Reference(spec)));
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept.dedup_by(|later, earlier| later.0 == earlier.0);

    // Catalog: /AF, /Names /EmbeddedFiles (flat, sorted), /Metadata, /OutputIntents.
    catalog.set("AF", Object::Array(af));
    let mut names_dict = get_dict(&doc, &catalog, b"Names")
        .cloned()
        .unwrap_or_default();
    let tree: Vec<Object> = kept
        .into_iter()
        .flat_map(|(k, v)| [Object::String(k, StringFormat::Literal), v])
        .collect();
    names_dict.set(
        "EmbeddedFiles",
        Object::Dictionary(Dictionary::from_iter([("Names", Object::Array(tree))])),
    );
    match catalog.get(b"Names") {
        Ok(Object::Reference(id)) if doc.objects.contains_key(id) => {
            let id = *id;
            doc.objects.insert(id, Object::Dictionary(names_dict));
        }
        _ => catalog.set("Names", Object::Dictionary(names_dict)),
    }

    let info = update_info(&mut doc, options, &pdf_date)?;
    let fields = XmpFields {
        title: get_text(&doc, &info, b"Title"),
        author: get_text(&doc, &info, b"Author"),
        subject: get_text(&doc, &info, b"Subject"),
        keywords: get_text(&doc, &info, b"Keywords"),
        creator_tool: get_text(&doc, &info, b"Creator"),
        producer: get_text(&doc, &info, b"Producer"),
        create_date: get_text(&doc, &info, b"CreationDate").and_then(|d| pdf_date_to_xmp(&d)),
        modify_date: date.to_xmp(),
        conformance,
        level: profile.xmp_name(),
        file_name: FACTURX_FILE_NAME.into(),
    };
    let packet = xmp::write_packet(&fields);
    let metadata = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        packet.into_bytes(),
    )
    .with_compression(false);
    let metadata_id = doc.add_object(metadata);
    catalog.set("Metadata", Object::Reference(metadata_id));

    if !has_pdfa_output_intent(&doc, &catalog) {
        add_output_intent(&mut doc, &mut catalog);
    }
    doc.objects.insert(catalog_id, Object::Dictionary(catalog));

    set_id(&mut doc, pdf, &xml_md5, &pdf_date);
    doc.version = "1.7".to_string();
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    // A fresh trailer: entries of a cross-reference stream (/Type /XRef,
    // /W, /Index, /Filter), /Prev, /XRefStm or /Encrypt must not survive
    // into a classic trailer.
    let kept_keys = [b"Root".as_slice(), b"Info", b"ID"];
    let trailer = std::mem::take(&mut doc.trailer);
    doc.trailer = trailer
        .into_iter()
        .filter(|(k, _)| kept_keys.contains(&k.as_slice()))
        .collect();
    drop_unreachable(&mut doc);

    let mut out = Vec::with_capacity(pdf.len() + xml.len() + SRGB_ICC.len() + 8192);
    doc.save_to(&mut out).map_err(Error::Write)?;
    if !options.force {
        remaining.clear();
    }
    Ok(Embedded {
        pdf: out,
        profile,
        warnings,
        remaining,
    })
}

/// "object 12", "objects 12, 15, 19 and 4 more".
fn object_list(objects: &[u32]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = objects.iter().take(SHOWN).map(u32::to_string).collect();
    let more = objects.len().saturating_sub(SHOWN);
    match (objects.len(), more) {
        (1, _) => format!("object {}", shown.join("")),
        (_, 0) => format!("objects {}", shown.join(", ")),
        _ => format!("objects {} and {more} more", shown.join(", ")),
    }
}

fn check_attachments(options: &EmbedOptions) -> Result<(), Error> {
    let mut names = BTreeSet::new();
    for a in &options.attachments {
        if a.name.trim().is_empty() {
            return Err(Error::InvalidOption(
                "an attachment has an empty name".into(),
            ));
        }
        if files::is_invoice_name(&a.name) {
            return Err(Error::InvalidOption(format!(
                "attachment {:?} would clash with the invoice xml",
                a.name
            )));
        }
        if !names.insert(a.name.as_str()) {
            return Err(Error::InvalidOption(format!(
                "attachment {:?} given twice",
                a.name
            )));
        }
        if !a.mime.contains('/') {
            return Err(Error::InvalidOption(format!(
                "attachment {:?}: MIME type {:?} is not type/subtype",
                a.name, a.mime
            )));
        }
    }
    Ok(())
}

fn encode_key(name: &str) -> Vec<u8> {
    match encode_text(name) {
        Object::String(bytes, _) => bytes,
        _ => name.as_bytes().to_vec(),
    }
}

/// Flate at the fastest level: on invoice XML it keeps most of the gain of
/// level 9 (which lopdf's `Stream::compress` uses) at a fraction of the cost;
/// compression dominated the embedding profile. The compressor (about 300 KB
/// of tables) is kept per thread and reset between files, because allocating
/// and zeroing it cost as much as compressing a 40 KB invoice. `None` when
/// compression does not pay or fails: the file then goes in uncompressed.
fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), true));
    }
    COMPRESSOR.with(|cell| {
        let mut z = cell.try_borrow_mut().ok()?;
        z.reset();
        // Deflate's worst case is the input plus a few bytes per 16 KB block.
        let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
        match z.compress_vec(data, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => {}
            _ => return None,
        }
        (out.len() + 32 < data.len()).then_some(out)
    })
}

/// Deflates the streams that have no filter (see
/// [`EmbedOptions::compress_streams`]). XMP stays unfiltered so that tools
/// which read metadata without a PDF parser still find it; a stream with
/// `/DecodeParms` but no filter is left alone rather than guessed at.
fn compress_unfiltered(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let dict = &stream.dict;
        let is_metadata = dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|t| t == b"Metadata");
        if dict.has(b"Filter") || dict.has(b"DecodeParms") || is_metadata {
            continue;
        }
        if let Some(packed) = deflate(&stream.content) {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
}

/// Adds an embedded file stream and its file specification; returns the
/// file specification's id.
#[allow(clippy::too_many_arguments)] // one call per attachment kind; a struct would only rename them
fn add_file(
    doc: &mut Document,
    name: &str,
    mime: &str,
    data: &[u8],
    description: &str,
    relationship: AfRelationship,
    pdf_date: &str,
    checksum: Vec<u8>,
) -> ObjectId {
    let params = Dictionary::from_iter([
        (
            "Size",
            Object::Integer(i64::try_from(data.len()).unwrap_or(i64::MAX)),
        ),
        (
            "CheckSum",
            Object::String(checksum, StringFormat::Hexadecimal),
        ),
        ("CreationDate", Object::string_literal(pdf_date)),
        ("ModDate", Object::string_literal(pdf_date)),
    ]);
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"EmbeddedFile".to_vec())),
        ("Subtype", Object::Name(mime.as_bytes().to_vec())),
        ("Params", Object::Dictionary(params)),
    ]);
    let stream = match deflate(data) {
        Some(packed) => {
            let mut dict = dict;
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, packed)
        }
        None => Stream::new(dict, data.to_vec()),
    }
    .with_compression(false);
    let stream_id = doc.add_object(stream);
    let spec = Dictionary::from_iter([
        ("Type", Object::Name(b"Filespec".to_vec())),
        ("F", encode_text(name)),
        ("UF", encode_text(name)),
        ("Desc", encode_text(description)),
        (
            "AFRelationship",
            Object::Name(relationship.as_name().as_bytes().to_vec()),
        ),
        (
            "EF",
            Object::Dictionary(Dictionary::from_iter([
                ("F", Object::Reference(stream_id)),
                ("UF", Object::Reference(stream_id)),
            ])),
        ),
    ]);
    doc.add_object(spec)
}

/// Gives an existing attachment what PDF/A-3 needs (6.8): an indirect file
/// specification with `/UF` and `/AFRelationship`, a MIME `/Subtype`.
fn complete_attachment(doc: &mut Document, f: &Found, warnings: &mut Vec<Warning>) -> Object {
    let mut spec = f.spec.clone();
    if f.info.relationship.is_none() {
        spec.set("AFRelationship", Object::Name(b"Unspecified".to_vec()));
        warnings.push(Warning {
            code: "relationship-added",
            message: format!(
                "attachment {:?} had no /AFRelationship: set /Unspecified",
                f.info.name
            ),
        });
    }
    if !spec.has(b"UF") {
        spec.set("UF", encode_text(&f.info.name));
    }
    if !spec.has(b"F") {
        spec.set("F", encode_text(&f.info.name));
    }
    if f.info.mime.is_none() {
        if let Some(sid) = f.stream_id {
            if let Some(Object::Stream(s)) = doc.objects.get_mut(&sid) {
                s.dict.set(
                    "Subtype",
                    Object::Name(b"application/octet-stream".to_vec()),
                );
                warnings.push(Warning {
                    code: "mime-added",
                    message: format!(
                        "attachment {:?} had no MIME type: set application/octet-stream",
                        f.info.name
                    ),
                });
            }
        }
    }
    match f.filespec_id {
        Some(id) => {
            doc.objects.insert(id, Object::Dictionary(spec));
            Object::Reference(id)
        }
        None => Object::Reference(doc.add_object(spec)),
    }
}

/// Updates (or creates) the Info dictionary; returns its final content.
fn update_info(
    doc: &mut Document,
    options: &EmbedOptions,
    pdf_date: &str,
) -> Result<Dictionary, Error> {
    let info_ref = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| o.as_reference().ok());
    let mut info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| dict_of(doc, o))
        .cloned()
        .unwrap_or_default();
    for (key, value) in [
        (b"Title".as_slice(), &options.title),
        (b"Author", &options.author),
        (b"Subject", &options.subject),
    ] {
        if let Some(v) = value {
            info.set(key.to_vec(), encode_text(v));
        }
    }
    if !info.has(b"Creator") {
        let creator = options
            .creator_tool
            .clone()
            .unwrap_or_else(|| "facturx-rs".into());
        info.set("Creator", encode_text(&creator));
    }
    let producer = options
        .producer
        .clone()
        .unwrap_or_else(|| format!("facturx-rs {}", env!("CARGO_PKG_VERSION")));
    info.set("Producer", encode_text(&producer));
    let creation_ok = get_text(doc, &info, b"CreationDate")
        .and_then(|d| pdf_date_to_xmp(&d))
        .is_some();
    if !creation_ok {
        info.set("CreationDate", Object::string_literal(pdf_date));
    }
    info.set("ModDate", Object::string_literal(pdf_date));
    // pdf:Trapped would have to mirror it; nothing needs it in an invoice.
    info.remove(b"Trapped");
    // Text entries that are not strings cannot be mirrored in XMP.
    for key in [
        b"Title".as_slice(),
        b"Author",
        b"Subject",
        b"Keywords",
        b"Creator",
    ] {
        if info.has(key) && get_text(doc, &info, key).is_none() {
            info.remove(key);
        }
    }
    match info_ref {
        Some(id) if doc.objects.contains_key(&id) => {
            doc.objects.insert(id, Object::Dictionary(info.clone()));
        }
        _ => {
            let id = doc.add_object(Object::Dictionary(info.clone()));
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    Ok(info)
}

/// Adds a `GTS_PDFA1` output intent. ISO 19005-3 6.2.3 wants every output
/// intent to share one profile, so an existing intent's profile (a PDF/X
/// CMYK one, say) is reused; the sRGB profile is added only when the input
/// has none. A `GTS_PDFA1` entry without a profile is dropped.
fn add_output_intent(doc: &mut Document, catalog: &mut Dictionary) {
    let mut intents = get_array(doc, catalog, b"OutputIntents")
        .cloned()
        .unwrap_or_default();
    intents.retain(|i| {
        dict_of(doc, i).is_none_or(|d| get_name(doc, d, b"S") != Some(b"GTS_PDFA1".as_slice()))
    });
    let reused = intents.iter().find_map(|i| {
        let d = dict_of(doc, i)?;
        let profile = d.get(b"DestOutputProfile").ok()?;
        objects::resolve(doc, profile)?.as_stream().ok()?;
        let condition = d.get(b"OutputConditionIdentifier").ok().cloned();
        Some((profile.clone(), condition))
    });
    let (profile, condition, info) = match reused {
        Some((profile, condition)) => (
            profile,
            condition.unwrap_or_else(|| Object::string_literal("Custom")),
            None,
        ),
        None => {
            let icc = Stream::new(
                Dictionary::from_iter([("N", Object::Integer(3))]),
                SRGB_ICC.to_vec(),
            )
            // Compressing a 3 KB profile costs more than it saves in a hot path.
            .with_compression(false);
            (
                Object::Reference(doc.add_object(icc)),
                Object::string_literal("sRGB"),
                Some(Object::string_literal("sRGB IEC61966-2.1")),
            )
        }
    };
    let mut intent = Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", condition),
        ("DestOutputProfile", profile),
    ]);
    if let Some(info) = info {
        intent.set("Info", info);
    }
    intents.push(Object::Reference(doc.add_object(intent)));
    catalog.set("OutputIntents", Object::Array(intents));
}

fn has_pdfa_output_intent(doc: &Document, catalog: &Dictionary) -> bool {
    get_array(doc, catalog, b"OutputIntents").is_some_and(|intents| {
        intents.iter().any(|i| {
            dict_of(doc, i).is_some_and(|d| {
                get_name(doc, d, b"S") == Some(b"GTS_PDFA1".as_slice())
                    && d.has(b"DestOutputProfile")
            })
        })
    })
}

/// Keeps the first `/ID` element (the document's permanent identity) and
/// derives the second from the content, so a fixed date gives fixed output.
/// The input is hashed only when it has no `/ID` to keep (hashing cost grows
/// with the PDF).
fn set_id(doc: &mut Document, pdf: &[u8], xml_md5: &[u8], pdf_date: &str) {
    let existing = match doc.trailer.get(b"ID") {
        Ok(Object::Array(a)) => match a.first() {
            Some(Object::String(s, _)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        },
        _ => None,
    };
    let mut hasher = Md5::new();
    match &existing {
        Some(first) => hasher.update(first),
        None => hasher.update(Md5::digest(pdf)),
    }
    hasher.update(xml_md5);
    hasher.update(pdf_date.as_bytes());
    let fresh = hasher.finalize().to_vec();
    let first = existing.unwrap_or_else(|| fresh.clone());
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(first, StringFormat::Hexadecimal),
            Object::String(fresh, StringFormat::Hexadecimal),
        ]),
    );
}

fn drop_unreachable(doc: &mut Document) {
    let keep = objects::reachable(doc);
    doc.objects.retain(|id, _| keep.contains(id));
}
