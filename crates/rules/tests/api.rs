//! The public API: profile detection, default sets, set names, findings
//! with locations, and the JSON report against `schemas/report.schema.json`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/oracle.rs"]
mod oracle;

use facturx_report::{Layer, Severity, write_json};
use facturx_rules::{Options, SetName, validate};

fn sample(profile_dir: &str, name: &str) -> Vec<u8> {
    std::fs::read(
        oracle::standards()
            .join("examples/facturx-official-fnfe")
            .join(profile_dir)
            .join(name),
    )
    .unwrap()
}

const F23: &str = "Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml";

#[test]
fn default_sets_detect_the_profile_and_report_official_ids() {
    let xml = sample("EN16931", F23);
    let opts = Options {
        file: "f23.xml".into(),
        ..Options::default()
    };
    let report = validate(&xml, &opts).unwrap();
    assert_eq!(report.profile.as_deref(), Some("EN 16931"));
    // EXPECTED_RESULTS.md: CII-SR-465, -466, -470 in the Factur-X set, CEN warnings.
    let fx: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.layer == Layer::FacturX)
        .map(|f| f.rule.as_ref())
        .collect();
    for id in ["CII-SR-465", "CII-SR-466", "CII-SR-470"] {
        assert!(fx.contains(&id), "{id} missing from {fx:?}");
    }
    assert!(!report.is_valid());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.layer == Layer::En16931 && f.severity == Severity::Warning)
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "CII-SR-470")
        .unwrap();
    assert!(
        f.location.path.starts_with("/rsm:CrossIndustryInvoice/"),
        "{}",
        f.location.path
    );
    assert!(f.location.line.unwrap() > 1);
    assert!(f.message.contains("CII-SR-470"), "{}", f.message);
    // Sorted by position.
    let pos: Vec<_> = report.findings.iter().map(|f| f.location.line).collect();
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted);
}

#[test]
fn chosen_sets_by_name() {
    let xml = sample("EN16931", F23);
    let names: Vec<SetName> = "fr,fr-warning"
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    let opts = Options {
        sets: Some(names),
        ..Options::default()
    };
    let report = validate(&xml, &opts).unwrap();
    assert!(report.findings.iter().all(|f| f.layer == Layer::Fr));
    // BT-23 = "A1" is not a reform billing framework: fatal and warning variants both fire.
    let hits: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "BR-FR-08_BT-23")
        .collect();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().any(|f| f.severity == Severity::Fatal));
    assert!(hits.iter().any(|f| f.severity == Severity::Warning));
    assert!("nope".parse::<SetName>().is_err());
}

#[test]
fn minimum_profile_runs_only_its_own_set() {
    let xml = sample(
        "MINIMUM",
        "Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_MINIMUM.factur-x.xml",
    );
    let report = validate(&xml, &Options::default()).unwrap();
    assert_eq!(report.profile.as_deref(), Some("MINIMUM"));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn malformed_xml_is_an_error_not_a_finding() {
    assert!(validate(b"<a><b></a>", &Options::default()).is_err());
}

#[test]
fn json_report_matches_the_published_schema() {
    let xml = sample("EN16931", F23);
    let report = validate(&xml, &Options::default()).unwrap();
    let mut out = Vec::new();
    write_json(&mut out, &[report]).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(oracle::repo_root().join("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    check_object(&json, &schema["$defs"]["report"], &schema);
    assert!(!json["findings"].as_array().unwrap().is_empty());
    for f in json["findings"].as_array().unwrap() {
        check_object(f, &schema["$defs"]["finding"], &schema);
    }
}

/// A small structural check: required keys present, no unknown keys,
/// JSON types and enums as declared.
fn check_object(v: &serde_json::Value, def: &serde_json::Value, _root: &serde_json::Value) {
    let obj = v.as_object().unwrap();
    let props = def["properties"].as_object().unwrap();
    for r in def["required"].as_array().unwrap() {
        assert!(obj.contains_key(r.as_str().unwrap()), "missing {r} in {v}");
    }
    for (k, val) in obj {
        let p = props.get(k).unwrap_or_else(|| panic!("unknown key {k}"));
        match p["type"].as_str() {
            Some("string") => assert!(val.is_string(), "{k} not a string"),
            Some("boolean") => assert!(val.is_boolean(), "{k} not a boolean"),
            Some("integer") => assert!(val.is_u64(), "{k} not an integer"),
            Some("array") => assert!(val.is_array(), "{k} not an array"),
            _ => {}
        }
        if let Some(e) = p.get("enum") {
            assert!(e.as_array().unwrap().contains(val), "{k}={val} not in {e}");
        }
    }
}

/// Sets run together in one walk share answers (see `driver.rs`); that
/// must not change any verdict: each set says together what it says alone.
#[test]
fn sets_run_together_say_what_they_say_alone() {
    use facturx_model::Profile;
    use facturx_rules::{Document, RuleSet, RuleSetId, Variant};

    let sets: Vec<&RuleSet> = [
        RuleSetId::En16931,
        RuleSetId::FacturX(Profile::En16931),
        RuleSetId::BrFr(Variant::Fatal),
        RuleSetId::BrFr(Variant::Warning),
        RuleSetId::ExtendedCtcFr,
        RuleSetId::FacturX(Profile::Extended),
    ]
    .into_iter()
    .map(|id| RuleSet::get(id).unwrap())
    .collect();
    let dir = oracle::standards().join("en16931-cii-1.3.16/examples");
    let mut files = oracle::files(&dir, ".xml");
    files.push(
        oracle::standards()
            .join("examples/facturx-official-fnfe/EN16931")
            .join(F23),
    );
    let verdicts = |hits: &[facturx_rules::Hit<'_>]| {
        let mut v: Vec<String> = hits
            .iter()
            .map(|h| {
                format!(
                    "{} {} {}",
                    h.check.id,
                    facturx_rules::xpath_of(h.node),
                    h.message
                )
            })
            .collect();
        v.sort();
        v
    };
    let mut fired = 0;
    for f in &files {
        let xml = std::fs::read(f).unwrap();
        let doc = Document::parse_bytes(&xml).unwrap();
        let together = RuleSet::hits_together(&sets, &doc).unwrap();
        assert_eq!(together.len(), sets.len());
        for (set, hits) in sets.iter().zip(&together) {
            let alone = verdicts(&set.hits(&doc).unwrap());
            fired += alone.len();
            assert_eq!(verdicts(hits), alone, "{} {}", f.display(), set.id().name());
        }
    }
    assert!(fired > 100, "the samples should make rules fire ({fired})");
}

/// The same invoice in ISO-8859-1 and UTF-16 (both well-formed XML that
/// Saxon reads) gives the findings of its UTF-8 original.
#[test]
fn latin1_and_utf16_inputs_validate_like_utf8() {
    let xml = String::from_utf8(sample("EN16931", F23)).unwrap();
    assert!(!xml.is_ascii(), "the sample has accents");
    let body = xml.split_once("?>").map_or(xml.as_str(), |(_, rest)| rest);
    let findings = |bytes: &[u8]| {
        let report = validate(bytes, &Options::default()).unwrap();
        let found: Vec<(String, String)> = report
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.message.to_string()))
            .collect();
        found
    };
    let expected = findings(xml.as_bytes());
    assert!(!expected.is_empty());

    let latin1_text = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>{body}");
    // Characters beyond Latin-1 (the sample has a few) as references.
    let latin1: Vec<u8> = latin1_text
        .chars()
        .flat_map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) => vec![b],
            Err(_) => format!("&#x{:X};", u32::from(c)).into_bytes(),
        })
        .collect();
    assert!(std::str::from_utf8(&latin1).is_err(), "really not UTF-8");
    assert_eq!(findings(&latin1), expected);

    let utf16_text = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>{body}");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(utf16_text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(findings(&utf16), expected);

    // Declared UTF-8 but written in Latin-1: an error naming line and cause.
    let lying = [
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        &latin1[latin1_text.find("?>").unwrap() + 2..],
    ]
    .concat();
    let err = validate(&lying, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("declared encoding=\"UTF-8\""), "{err}");
    assert!(err.contains("line "), "{err}");
}
