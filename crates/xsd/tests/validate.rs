//! XSD validation against the official Factur-X samples and hostile inputs.
//!
//! Test vectors: `shared/standards/examples/facturx-official-fnfe/<P>/*.factur-x.xml`
//! (FNFE-MPE Factur-X sample set; the shared MANIFEST gives the source), which
//! `EXPECTED_RESULTS.md` there records as XSD-valid for their own profile
//! (checked with xmllint, libxml2 2.9.14).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use facturx_model::Profile;
use facturx_report::{Layer, Severity};
use facturx_xsd::{
    EXTENDED_CTC_FR_GUIDELINE_ID, Error, Limits, Schema, Validator, detect_profile, detect_schema,
    validate_detected,
};

fn samples_dir(profile: Profile) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe")
        .join(profile.dir_name())
}

fn samples(profile: Profile) -> Vec<(String, Vec<u8>)> {
    let dir = samples_dir(profile);
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; the shared standards folder must sit beside the repository",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".factur-x.xml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn first_sample(profile: Profile) -> Vec<u8> {
    samples(profile).into_iter().next().unwrap().1
}

const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

#[test]
fn every_official_sample_is_valid_for_its_profile() {
    let mut checked = 0;
    for profile in Profile::ALL {
        let files = samples(profile);
        assert_eq!(
            files.len(),
            11,
            "{profile}: expected the 11 official samples"
        );
        let validator = Validator::for_profile(profile).unwrap();
        for (name, xml) in files {
            let findings = validator.validate(&xml).unwrap();
            assert!(findings.is_empty(), "{profile} {name}: {findings:#?}");
            assert_eq!(detect_profile(&xml), Some(profile), "{name}: BT-24");
            let (detected, findings) = validate_detected(&xml).unwrap();
            assert_eq!(detected, profile);
            assert!(findings.is_empty());
            checked += 1;
        }
    }
    assert_eq!(checked, 55);
}

#[test]
fn extended_document_fails_minimum_schema() {
    let xml = first_sample(Profile::Extended);
    assert!(
        Validator::for_profile(Profile::Extended)
            .unwrap()
            .validate(&xml)
            .unwrap()
            .is_empty()
    );
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(&xml)
        .unwrap();
    assert!(!findings.is_empty());
    for f in &findings {
        assert_eq!(f.rule, "XSD");
        assert_eq!(f.severity, Severity::Fatal);
        assert_eq!(f.layer, Layer::Xsd);
        assert!(f.location.line.is_some(), "{f}");
    }
}

#[test]
fn extended_only_element_in_minimum_document_is_reported_with_its_path() {
    // ram:LanguageID (ExchangedDocument, after IssueDateTime) exists only in EXTENDED.
    let xml = String::from_utf8(first_sample(Profile::Minimum)).unwrap();
    let at = xml
        .find("</rsm:ExchangedDocument>")
        .expect("MINIMUM sample has rsm:ExchangedDocument");
    let line_of_insert = xml[..at].matches('\n').count() as u32 + 1;
    let mut broken = xml.clone();
    broken.insert_str(at, "<ram:LanguageID>fr</ram:LanguageID>");
    let ext = Validator::for_profile(Profile::Extended)
        .unwrap()
        .validate(broken.as_bytes())
        .unwrap();
    assert!(
        !ext.iter().any(|f| f.message.contains("LanguageID")),
        "LanguageID should be allowed by EXTENDED: {ext:#?}"
    );
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(broken.as_bytes())
        .unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert!(f.message.contains("LanguageID"), "{f}");
    assert_eq!(
        (f.rule.as_ref(), f.severity, f.layer),
        ("XSD", Severity::Fatal, Layer::Xsd)
    );
    assert_eq!(f.location.line, Some(line_of_insert));
    assert_eq!(
        f.location.path,
        "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:LanguageID"
    );
}

#[test]
fn simple_typed_element_with_child_is_reported_at_its_line() {
    let xml = String::from_utf8(first_sample(Profile::En16931)).unwrap();
    let at = xml.find("<ram:TypeCode>").unwrap();
    let line = xml[..at].matches('\n').count() as u32 + 1;
    let broken = xml.replacen("<ram:TypeCode>", "<ram:TypeCode><ram:Bad/>", 1);
    let findings = Validator::for_profile(Profile::En16931)
        .unwrap()
        .validate(broken.as_bytes())
        .unwrap();
    assert!(!findings.is_empty());
    let f = &findings[0];
    assert_eq!(f.location.line, Some(line), "{findings:#?}");
    assert!(
        f.location.path.ends_with("/ram:TypeCode"),
        "{}",
        f.location.path
    );
}

#[test]
fn malformed_document_gives_a_finding_with_its_line() {
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"{RSM}\">\n  <a>\n  </b>\n</rsm:CrossIndustryInvoice>\n"
    );
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(xml.as_bytes())
        .unwrap();
    assert!(!findings.is_empty());
    let f = &findings[0];
    assert_eq!(f.rule, "XML");
    assert_eq!(f.layer, Layer::Input);
    assert_eq!(f.severity, Severity::Fatal);
    assert_eq!(f.location.line, Some(4), "{findings:#?}");
    assert!(
        f.message.to_lowercase().contains("mismatch"),
        "{}",
        f.message
    );
}

#[test]
fn truncated_document_is_a_finding_not_an_error() {
    let xml = first_sample(Profile::Basic);
    let cut = &xml[..xml.len() / 2];
    let findings = Validator::for_profile(Profile::Basic)
        .unwrap()
        .validate(cut)
        .unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f.location.line.is_some()));
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let xml = first_sample(Profile::Minimum);
    let v = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .with_limits(Limits::default().with_max_input_bytes(xml.len() - 1));
    match v.validate(&xml) {
        Err(Error::InputTooLarge { size, limit }) => {
            assert_eq!(size, xml.len());
            assert_eq!(limit, xml.len() - 1);
        }
        other => panic!("expected InputTooLarge, got {other:?}"),
    }
    let v = v.with_limits(Limits::default().with_max_input_bytes(xml.len()));
    assert!(v.validate(&xml).unwrap().is_empty());
    assert_eq!(Limits::default().max_input_bytes, 64 * 1024 * 1024);
}

#[test]
fn excessive_depth_is_rejected() {
    let depth = 300;
    let mut xml = String::new();
    for _ in 0..depth {
        xml.push_str("<a>");
    }
    for _ in 0..depth {
        xml.push_str("</a>");
    }
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(xml.as_bytes())
        .unwrap();
    assert!(!findings.is_empty());
    assert_eq!(findings[0].rule, "XML");
    assert!(
        findings[0].message.to_lowercase().contains("depth"),
        "{}",
        findings[0].message
    );
}

fn xxe_document() -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rsm:CrossIndustryInvoice [\n  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n\
         <rsm:CrossIndustryInvoice xmlns:rsm=\"{RSM}\">&xxe;</rsm:CrossIndustryInvoice>\n"
    )
}

#[test]
fn doctype_is_refused_by_default() {
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(xxe_document().as_bytes())
        .unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, "XML");
    assert!(findings[0].message.contains("DOCTYPE"));
}

#[test]
fn external_entity_is_not_read_even_when_doctype_is_allowed() {
    let passwd = fs::read_to_string("/etc/passwd").unwrap();
    let first_line = passwd.lines().next().unwrap().to_string();
    assert!(
        first_line.contains("root"),
        "test needs a recognisable /etc/passwd"
    );
    let v = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .with_limits(Limits::default().with_allow_doctype(true));
    let findings = v.validate(xxe_document().as_bytes()).unwrap();
    // The document is schema-invalid (empty root) but what matters is that no
    // message shows file content: libxml2 neither substitutes nor loads it.
    assert!(!findings.is_empty());
    for f in &findings {
        assert!(!f.message.contains("root:"), "leaked /etc/passwd: {f}");
        assert!(!f.message.contains(&first_line), "leaked /etc/passwd: {f}");
    }
    // A text-only element typed by the schema would echo a substituted value;
    // ram:ID in a minimal skeleton shows that &xxe; stays an unexpanded reference.
    let leaky = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
         <rsm:CrossIndustryInvoice xmlns:rsm=\"{RSM}\"><rsm:ExchangedDocumentContext>&xxe;</rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>"
    );
    for f in v.validate(leaky.as_bytes()).unwrap() {
        assert!(!f.message.contains("root:"), "leaked /etc/passwd: {f}");
    }
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..=10 {
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&lol{};", i - 1).repeat(10)
        ));
    }
    doc.push_str(&format!(
        "]>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"{RSM}\">&lol10;</rsm:CrossIndustryInvoice>\n"
    ));
    // Refused by default…
    let strict = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(doc.as_bytes())
        .unwrap();
    assert_eq!(strict.len(), 1);
    assert!(strict[0].message.contains("DOCTYPE"));
    // …and harmless when allowed: 10^10 expansions would take minutes and GiBs.
    let v = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .with_limits(Limits::default().with_allow_doctype(true));
    let started = std::time::Instant::now();
    let findings = v.validate(doc.as_bytes()).unwrap();
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f.message.len() < 10_000));
}

#[test]
fn unknown_profile_is_an_error() {
    let xml = first_sample(Profile::En16931);
    let text = String::from_utf8(xml)
        .unwrap()
        .replace("urn:cen.eu:en16931:2017", "urn:example:gold");
    match validate_detected(text.as_bytes()) {
        Err(Error::UnknownProfile { found }) => {
            assert_eq!(found.as_deref(), Some("urn:example:gold"))
        }
        other => panic!("expected UnknownProfile, got {other:?}"),
    }
    match validate_detected(b"<a/>") {
        Err(Error::UnknownProfile { found: None }) => {}
        other => panic!("expected UnknownProfile(None), got {other:?}"),
    }
}

#[test]
fn validators_work_in_parallel() {
    use rayon::prelude::*;
    let docs: Vec<(Profile, Vec<u8>)> = Profile::ALL
        .into_iter()
        .flat_map(|p| samples(p).into_iter().map(move |(_, x)| (p, x)))
        .collect();
    let validators: Vec<Validator> = Profile::ALL
        .into_iter()
        .map(|p| Validator::for_profile(p).unwrap())
        .collect();
    let total: usize = (0..8)
        .into_par_iter()
        .flat_map(|_| docs.par_iter())
        .map(|(p, xml)| {
            let v = validators.iter().find(|v| v.profile() == *p).unwrap();
            // Also the wrong profile half of the time, to exercise failing runs.
            let wrong = Validator::for_profile(Profile::Minimum).unwrap();
            let bad = if *p == Profile::Minimum {
                0
            } else {
                usize::from(!wrong.validate(xml).unwrap().is_empty())
            };
            assert!(v.validate(xml).unwrap().is_empty());
            1 + bad
        })
        .sum();
    assert_eq!(total, 8 * 55 + 8 * 44);
}

#[test]
fn validator_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
}

#[test]
fn embedded_schema_sets_are_complete() {
    for p in Profile::ALL {
        let set = facturx_xsd::schema_set(p);
        assert_eq!(set.files.len(), 4, "{p}");
        assert!(set.files.iter().any(|(name, _)| *name == set.entry));
        assert!(set.entry.starts_with("Factur-X_") && set.entry.ends_with(".xsd"));
    }
}

/// The EN16931 sample with its lines replaced by `n` copies of the first one.
fn en16931_with_lines(n: usize) -> String {
    let xml = String::from_utf8(first_sample(Profile::En16931)).unwrap();
    let open = "<ram:IncludedSupplyChainTradeLineItem>";
    let close = "</ram:IncludedSupplyChainTradeLineItem>";
    let first = xml.find(open).unwrap();
    let first_end = xml[first..].find(close).unwrap() + first + close.len();
    let last_end = xml.rfind(close).unwrap() + close.len();
    let mut out = xml[..first].to_string();
    for _ in 0..n {
        out.push_str(&xml[first..first_end]);
        out.push('\n');
    }
    out.push_str(&xml[last_end..]);
    out
}

#[test]
fn errors_beyond_line_65535_keep_their_real_line() {
    // libxml2 2.9 clamps node lines to 65535; the locator recovers the real one.
    let xml = en16931_with_lines(600);
    assert!(
        xml.matches('\n').count() > 70_000,
        "test needs a long document"
    );
    let v = Validator::for_profile(Profile::En16931).unwrap();
    assert!(v.validate(xml.as_bytes()).unwrap().is_empty());
    let at = xml
        .rfind("</ram:IncludedSupplyChainTradeLineItem>")
        .unwrap();
    let line = xml[..at].matches('\n').count() as u32 + 1;
    let mut broken = xml.clone();
    broken.insert_str(at, "<ram:Unexpected/>");
    let findings = v.validate(broken.as_bytes()).unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].location.line, Some(line));
    assert!(
        findings[0]
            .location
            .path
            .ends_with("/ram:IncludedSupplyChainTradeLineItem[600]/ram:Unexpected"),
        "{}",
        findings[0].location.path
    );
}

#[test]
fn embedded_bytes_match_the_lock() {
    use sha2::{Digest, Sha256};
    let lock = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas/artefacts.lock"),
    )
    .unwrap();
    // path -> sha256 of the group "xsd" entries.
    let mut locked = std::collections::HashMap::new();
    let mut path = String::new();
    for line in lock.lines() {
        if let Some(v) = line.strip_prefix("path = ") {
            path = v.trim_matches('"').to_string();
        } else if let Some(v) = line.strip_prefix("sha256 = ") {
            if path.starts_with("facturx-1.09.2/xsd/")
                || path.starts_with("fr-ctc-1.4.0/xsd-cii-d22b-uncoupled/")
            {
                locked.insert(path.clone(), v.trim_matches('"').to_string());
            }
        }
    }
    assert_eq!(locked.len(), 20 + 65);
    let mut seen = 0;
    let sets = Profile::ALL
        .map(|p| {
            (
                format!("facturx-1.09.2/xsd/{}", p.dir_name()),
                Schema::FacturX(p),
            )
        })
        .into_iter()
        .chain([(
            "fr-ctc-1.4.0/xsd-cii-d22b-uncoupled".to_string(),
            Schema::ExtendedCtcFr,
        )]);
    for (dir, schema) in sets {
        for (name, bytes) in schema.files().files {
            let key = format!("{dir}/{name}");
            let hex: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(locked.get(&key), Some(&hex), "{key}");
            seen += 1;
        }
    }
    assert_eq!(seen, 20 + 65);
}

/// An EXTENDED sample declared EXTENDED-CTC-FR: detected as such, valid
/// against the CII D22B XSD, and an element D22B does not know is caught
/// with its line.
#[test]
fn extended_ctc_fr_documents_get_the_d22b_schema() {
    let xml = String::from_utf8(first_sample(Profile::Extended)).unwrap();
    let ctc = xml.replacen(
        "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        EXTENDED_CTC_FR_GUIDELINE_ID,
        1,
    );
    assert_ne!(ctc, xml);
    assert_eq!(detect_schema(ctc.as_bytes()), Some(Schema::ExtendedCtcFr));
    let validator = Validator::for_schema(Schema::ExtendedCtcFr).unwrap();
    assert_eq!(validator.schema(), Schema::ExtendedCtcFr);
    assert_eq!(validator.validate(ctc.as_bytes()).unwrap(), vec![]);

    let broken = ctc.replacen(
        "<ram:BuyerReference>",
        "<ram:NotInD22B>x</ram:NotInD22B><ram:BuyerReference>",
        1,
    );
    assert_ne!(broken, ctc, "the sample has a BuyerReference");
    let findings = validator.validate(broken.as_bytes()).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "XSD");
    assert!(findings[0].message.contains("NotInD22B"), "{findings:?}");
    let line = 1 + broken[..broken.find("<ram:NotInD22B>").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(findings[0].location.line, Some(line as u32));
}

#[test]
fn schema_location_hints_in_the_instance_are_ignored() {
    // libxml2 assembles schemas from xsi:schemaLocation only when validating
    // without a compiled schema; ours is always given, so a hostile hint
    // (network or file) is neither fetched nor able to change the verdict.
    let xml = String::from_utf8(first_sample(Profile::Minimum)).unwrap();
    let hinted = xml.replacen(
        "<rsm:CrossIndustryInvoice ",
        "<rsm:CrossIndustryInvoice xmlns:hint=\"http://www.w3.org/2001/XMLSchema-instance\" \
         hint:schemaLocation=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 \
         http://127.0.0.1:9/evil.xsd\" ",
        1,
    );
    assert_ne!(hinted, xml, "sample root not found");
    let started = std::time::Instant::now();
    let findings = Validator::for_profile(Profile::Minimum)
        .unwrap()
        .validate(hinted.as_bytes())
        .unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn empty_and_non_xml_inputs_are_findings() {
    let v = Validator::for_profile(Profile::En16931).unwrap();
    for input in [&b""[..], b"   ", b"%PDF-1.7\n", b"\xff\xfe\x00<"] {
        let findings = v.validate(input).unwrap();
        assert!(!findings.is_empty(), "{input:?} accepted");
        assert!(findings.iter().all(|f| f.severity == Severity::Fatal));
    }
}
