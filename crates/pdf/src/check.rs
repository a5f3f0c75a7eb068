//! PDF-side checks of a Factur-X file, reported as findings of layer `pdf`.
//!
//! Every rule is listed, with its clause, in `crates/pdf/RULES.md`.

use facturx_model::Profile;
use facturx_report::{Finding, Layer, Location, Severity};

use crate::error::Error;
use crate::files::{self, Found};
use crate::inspect::read_xmp;
use crate::invoice;
use crate::limits::{self, Limits};
use crate::objects::{self, dict_of, get_array, get_name};
use crate::problem::ProblemKind;
use crate::repair::{self, RepairKind};
use crate::scan;
use crate::xmp::{FX_PROPERTIES, NS_FACTURX, XmpInfo};

/// `fx:Version` values validators accept (spec digest §3.2, Mustang `PDFValidator`).
const ACCEPTED_VERSIONS: [&str; 10] = [
    "1.0", "1p0", "2p0", "3p0", "1.2", "2.0", "2.1", "2.2", "2.3", "3.0",
];

/// Runs every PDF rule on `pdf` under the default [`Limits`].
///
/// Returns the findings (empty when the file passes). `Err` only when the
/// PDF cannot be parsed at all.
pub fn check(pdf: &[u8]) -> Result<Vec<Finding>, Error> {
    check_with_limits(pdf, &Limits::default())
}

/// [`check`] with explicit limits.
pub fn check_with_limits(pdf: &[u8], limits: &Limits) -> Result<Vec<Finding>, Error> {
    let mut doc = limits::load(pdf, limits)?;
    let mut out = Findings(Vec::new());
    // What `embed` would fix is still a non-conformity of this file.
    for r in repair::repair(&mut doc, limits.max_stream_size) {
        let rule = match r.kind {
            RepairKind::AnnotationNotPrinted => "PDF-ANN-02",
            RepairKind::ExtraAppearances => "PDF-ANN-03",
            RepairKind::ImageInterpolated => "PDF-IMG-01",
            RepairKind::MissingCidToGidMap => "PDF-FONT-02",
            RepairKind::NeedAppearances => "PDF-FORM-01",
            RepairKind::IncompleteCidSet => "PDF-FONT-03",
        };
        for n in r.objects {
            out.fatal(
                rule,
                &format!("object {n}"),
                &format!(
                    "{} (ISO 19005-3 {}); facturx embed fixes it",
                    r.kind.describe(),
                    r.kind.clause()
                ),
            );
        }
    }
    let doc = doc;
    let catalog = objects::catalog(&doc)?;

    // Trailer.
    if !matches!(doc.trailer.get(b"ID"), Ok(lopdf::Object::Array(a)) if a.len() == 2) {
        out.fatal(
            "PDF-ID-01",
            "trailer /ID",
            "the trailer has no /ID array of two strings",
        );
    }

    // Blocking constructs (the same scan embed refuses on).
    for p in scan::scan(&doc, limits.max_stream_size).problems {
        let rule = match p.kind {
            ProblemKind::Encrypted => "PDF-ENC-01",
            ProblemKind::JavaScript => "PDF-JS-01",
            ProblemKind::ForbiddenAction { .. } | ProblemKind::AdditionalActions => "PDF-ACT-01",
            ProblemKind::FontNotEmbedded { .. } => "PDF-FONT-01",
            ProblemKind::NotdefGlyph { .. } => "PDF-FONT-04",
            ProblemKind::LzwFilter | ProblemKind::ExternalStream => "PDF-STM-01",
            ProblemKind::PostScriptXObject => "PDF-XOBJ-01",
            ProblemKind::ForbiddenAnnotation { .. } => "PDF-ANN-01",
            ProblemKind::HiddenAnnotation => "PDF-ANN-02",
            ProblemKind::MissingAppearance => "PDF-ANN-03",
            ProblemKind::DeviceColour { .. } => "PDF-OI-02",
        };
        let at = p
            .object
            .map_or_else(|| "trailer".to_string(), |n| format!("object {n}"));
        out.fatal(
            rule,
            &at,
            &format!("{} (ISO 19005-3 {})", p.kind, p.kind.clause()),
        );
    }

    // Output intent.
    let has_intent = get_array(&doc, catalog, b"OutputIntents").is_some_and(|a| {
        a.iter().any(|i| {
            dict_of(&doc, i).is_some_and(|d| {
                get_name(&doc, d, b"S") == Some(b"GTS_PDFA1".as_slice())
                    && d.get(b"DestOutputProfile")
                        .ok()
                        .and_then(|o| objects::resolve(&doc, o))
                        .is_some_and(|o| o.as_stream().is_ok())
            })
        })
    });
    if !has_intent {
        out.fatal(
            "PDF-OI-01",
            "catalog /OutputIntents",
            "no GTS_PDFA1 output intent with an ICC DestOutputProfile",
        );
    }

    let profiles: std::collections::BTreeSet<_> = get_array(&doc, catalog, b"OutputIntents")
        .into_iter()
        .flatten()
        .filter_map(|i| dict_of(&doc, i))
        .filter_map(|d| d.get(b"DestOutputProfile").ok()?.as_reference().ok())
        .collect();
    if profiles.len() > 1 {
        out.fatal(
            "PDF-OI-03",
            "catalog /OutputIntents",
            &format!("output intents use {} different DestOutputProfile streams; ISO 19005-3 6.2.3 allows one", profiles.len()),
        );
    }

    // Embedded files.
    let found = files::find_files(&doc, limits)?;
    for f in &found {
        check_any_file(&mut out, f);
    }
    let invoice = found
        .iter()
        .filter_map(|f| files::invoice_rank(&f.info.name).map(|r| (r, f)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, f)| f);
    let profile = match invoice {
        None => {
            out.fatal(
                "PDF-AF-01",
                "catalog /Names /EmbeddedFiles",
                "no embedded factur-x.xml",
            );
            None
        }
        Some(f) => check_invoice_file(&mut out, &doc, f, limits),
    };

    // XMP.
    match read_xmp(&doc, limits) {
        None => out.fatal(
            "PDF-XMP-01",
            "catalog /Metadata",
            "the catalog has no XMP metadata stream",
        ),
        Some(Err(e)) => out.fatal(
            "PDF-XMP-01",
            "catalog /Metadata",
            &format!("the XMP metadata cannot be read: {e}"),
        ),
        Some(Ok(x)) => check_xmp(&mut out, &x, invoice.map(|f| f.info.name.as_str()), profile),
    }
    Ok(out.0)
}

struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, severity: Severity, rule: &'static str, at: &str, message: &str) {
        self.0.push(Finding::new(
            rule,
            severity,
            Layer::Pdf,
            Location::xpath(at),
            message.to_string(),
        ));
    }
    fn fatal(&mut self, rule: &'static str, at: &str, message: &str) {
        self.push(Severity::Fatal, rule, at, message);
    }
    fn warning(&mut self, rule: &'static str, at: &str, message: &str) {
        self.push(Severity::Warning, rule, at, message);
    }
}

fn at_file(f: &Found) -> String {
    match f.info.filespec_object {
        Some(n) => format!("file specification {:?} (object {n})", f.info.name),
        None => format!("file specification {:?}", f.info.name),
    }
}

/// PDF-AF-05, PDF-AF-06: what ISO 19005-3 6.8 asks of every embedded file.
fn check_any_file(out: &mut Findings, f: &Found) {
    let at = at_file(f);
    if f.info.relationship.is_none() {
        out.fatal("PDF-AF-05", &at, "embedded file has no /AFRelationship");
    }
    if f.info.mime.is_none() {
        out.fatal(
            "PDF-AF-05",
            &at,
            "embedded file stream has no MIME /Subtype",
        );
    }
    if !f.info.in_af {
        out.fatal(
            "PDF-AF-04",
            &at,
            "embedded file is not listed in the catalog /AF array",
        );
    }
    if !(f.spec.has(b"F") && f.spec.has(b"UF")) {
        out.fatal("PDF-AF-06", &at, "file specification lacks /F or /UF");
    }
}

/// PDF-AF-01..03: the invoice XML itself. Returns the profile its BT-24 names.
fn check_invoice_file(
    out: &mut Findings,
    doc: &lopdf::Document,
    f: &Found,
    limits: &Limits,
) -> Option<Profile> {
    let at = at_file(f);
    if f.info.name != "factur-x.xml" {
        out.warning(
            "PDF-AF-01",
            &at,
            &format!(
                "the invoice xml is named {:?}; Factur-X 1.x names it factur-x.xml",
                f.info.name
            ),
        );
    }
    if f.info.mime.as_deref().is_some_and(|m| m != "text/xml") {
        out.fatal(
            "PDF-AF-03",
            &at,
            &format!(
                "the invoice xml has MIME type {:?}, expected text/xml",
                f.info.mime.as_deref().unwrap_or("")
            ),
        );
    }
    let data = match files::file_data(doc, f, limits) {
        Ok(d) => d,
        Err(e) => {
            out.fatal(
                "PDF-AF-01",
                &at,
                &format!("the invoice xml cannot be read: {e}"),
            );
            return None;
        }
    };
    let profile = match invoice::profile_of(&data, None) {
        Ok(p) => Some(p),
        Err(e) => {
            out.fatal(
                "PDF-AF-07",
                &at,
                &format!("the invoice xml has no Factur-X profile: {e}"),
            );
            None
        }
    };
    match f.info.relationship.as_deref() {
        Some("Data" | "Source" | "Alternative") => {
            let expect_data = matches!(profile, Some(Profile::Minimum | Profile::BasicWl));
            if expect_data && f.info.relationship.as_deref() != Some("Data") {
                out.warning(
                    "PDF-AF-02",
                    &at,
                    "MINIMUM and BASIC WL invoices should use /AFRelationship /Data",
                );
            }
        }
        Some(other) => out.fatal(
            "PDF-AF-02",
            &at,
            &format!(
                "the invoice xml has /AFRelationship /{other}; expected Data, Source or Alternative"
            ),
        ),
        None => {} // PDF-AF-05 already says so.
    }
    profile
}

/// PDF-XMP-02/03, PDF-FX-01..05, PDF-EXT-01/02.
fn check_xmp(
    out: &mut Findings,
    x: &XmpInfo,
    invoice_name: Option<&str>,
    profile: Option<Profile>,
) {
    let at = "catalog /Metadata";
    match x.pdfa_part.as_deref() {
        None => out.fatal("PDF-XMP-02", at, "XMP has no pdfaid:part"),
        Some("3") => {}
        Some(p) => out.fatal(
            "PDF-XMP-02",
            at,
            &format!("XMP claims pdfaid:part {p}, expected 3"),
        ),
    }
    match x.pdfa_conformance.as_deref() {
        Some("A" | "B" | "U") => {}
        other => out.fatal(
            "PDF-XMP-03",
            at,
            &format!(
                "pdfaid:conformance is {:?}, expected A, B or U",
                other.unwrap_or("missing")
            ),
        ),
    }
    let Some(fx) = &x.fx else {
        out.fatal("PDF-FX-01", at, "XMP has no Factur-X (fx) schema");
        return;
    };
    if fx.namespace != NS_FACTURX {
        out.warning(
            "PDF-FX-01",
            at,
            &format!(
                "XMP uses the legacy hybrid schema {}; Factur-X uses {NS_FACTURX}",
                fx.namespace
            ),
        );
    }
    if fx.document_type.as_deref() != Some("INVOICE") {
        out.fatal(
            "PDF-FX-02",
            at,
            &format!(
                "fx:DocumentType is {:?}, expected INVOICE",
                fx.document_type.as_deref().unwrap_or("missing")
            ),
        );
    }
    match (fx.document_file_name.as_deref(), invoice_name) {
        (None, _) => out.fatal("PDF-FX-03", at, "fx:DocumentFileName is missing"),
        (Some(n), Some(emb)) if n != emb => out.fatal(
            "PDF-FX-03",
            at,
            &format!("fx:DocumentFileName is {n:?} but the embedded file is {emb:?}"),
        ),
        _ => {}
    }
    if !fx
        .version
        .as_deref()
        .is_some_and(|v| ACCEPTED_VERSIONS.contains(&v))
    {
        out.fatal(
            "PDF-FX-04",
            at,
            &format!(
                "fx:Version is {:?}, expected 1.0",
                fx.version.as_deref().unwrap_or("missing")
            ),
        );
    }
    match (fx.conformance_level.as_deref(), profile) {
        (None, _) => out.fatal("PDF-FX-05", at, "fx:ConformanceLevel is missing"),
        (Some(level), Some(p)) if level != p.xmp_name() => out.fatal(
            "PDF-FX-05",
            at,
            &format!(
                "fx:ConformanceLevel is {level:?} but the xml's BT-24 says {:?}",
                p.xmp_name()
            ),
        ),
        _ => {}
    }
    let Some(schema) = x
        .extension_schemas
        .iter()
        .find(|s| s.namespace_uri == fx.namespace)
    else {
        out.fatal(
            "PDF-EXT-01",
            at,
            &format!(
                "no pdfaExtension schema description for {} (ISO 19005-3 6.6.2.3.1)",
                fx.namespace
            ),
        );
        return;
    };
    let mut gaps = Vec::new();
    if schema.prefix.as_deref().is_none_or(str::is_empty) {
        gaps.push("pdfaSchema:prefix missing".to_string());
    }
    if schema.schema.is_none() {
        gaps.push("pdfaSchema:schema missing".to_string());
    }
    for name in FX_PROPERTIES {
        match schema.properties.iter().find(|p| p.name == name) {
            None => gaps.push(format!("property {name} not described")),
            Some(p) => {
                if p.value_type.as_deref() != Some("Text") {
                    gaps.push(format!("{name}: valueType is not Text"));
                }
                if !matches!(p.category.as_deref(), Some("external" | "internal")) {
                    gaps.push(format!("{name}: category missing"));
                }
                if p.description.is_none() {
                    gaps.push(format!("{name}: description missing"));
                }
            }
        }
    }
    if !gaps.is_empty() {
        out.fatal(
            "PDF-EXT-02",
            at,
            &format!(
                "incomplete extension schema description: {}",
                gaps.join(", ")
            ),
        );
    }
}
