//! `facturx validate`: verdicts, formats and exit codes.

use crate::util::*;

#[test]
fn valid_minimum_exits_0_with_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let file = repo("fixtures/smoke/minimum.xml");
    let out = facturx(
        dir.path(),
        &["validate", "--format", "json", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["profile"], "MINIMUM");
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn schema_violation_is_fatal_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(repo("fixtures/smoke/minimum.xml")).unwrap();
    // An element MINIMUM does not allow, where the XSD does not expect it.
    let broken = xml.replace(
        "<ram:BuyerReference>",
        "<ram:Unknown>x</ram:Unknown><ram:BuyerReference>",
    );
    std::fs::write(dir.path().join("broken.xml"), broken).unwrap();
    let out = facturx(dir.path(), &["validate", "--format", "json", "broken.xml"]);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let xsd = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "XSD")
        .expect("an XSD finding");
    assert_eq!(xsd["severity"], "fatal");
    assert_eq!(xsd["layer"], "xsd");
    assert!(xsd["line"].as_u64().unwrap() > 1);
}

/// The rule IDs of a JSON report's findings, in order.
fn rule_ids(report: &serde_json::Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn business_rule_violation_names_the_official_rule() {
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(repo("fixtures/smoke/minimum.xml")).unwrap();
    // BR-CO-09: a VAT identifier must start with an ISO 3166-1 country code.
    let broken = xml.replace(">FR40732829320<", ">XX40732829320<");
    std::fs::write(dir.path().join("total.xml"), broken).unwrap();
    let out = facturx(dir.path(), &["validate", "--format", "json", "total.xml"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = rule_ids(&v);
    assert!(rules.contains(&"BR-CO-09"), "{rules:?}");
}

/// A UTF-16 document (no ASCII bytes for BT-24) and a Latin-1 one with a
/// broken VAT identifier: the profile is found and the same rule fires.
#[test]
fn utf16_and_latin1_documents_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(repo("fixtures/smoke/minimum.xml")).unwrap();
    let body = xml.split_once("?>").unwrap().1;
    let broken = body.replace(">FR40732829320<", ">XX40732829320<");
    let utf16: Vec<u8> = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>{broken}")
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    std::fs::write(
        dir.path().join("utf16.xml"),
        [&[0xFE, 0xFF][..], &utf16].concat(),
    )
    .unwrap();
    let latin1 = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>{broken}")
        .replace("</ram:Name>", "\u{e9}</ram:Name>");
    let latin1: Vec<u8> = latin1
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(dir.path().join("latin1.xml"), latin1).unwrap();
    for file in ["utf16.xml", "latin1.xml"] {
        let out = facturx(dir.path(), &["validate", "--format", "json", file]);
        assert_eq!(code(&out), 1, "{file}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["profile"], "MINIMUM", "{file}");
        assert_eq!(rule_ids(&v), ["BR-CO-09"], "{file}");
    }
}

/// An EXTENDED-CTC-FR document (the French reform's BT-24) is not refused
/// for want of a Factur-X profile: D22B XSD, EXTENDED-CTC-FR and BR-FR rules.
#[test]
fn extended_ctc_fr_document_gets_the_reform_rules() {
    let dir = tempfile::tempdir().unwrap();
    let sample = shared(
        "examples/facturx-official-fnfe/EXTENDED/Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EXTENDED.factur-x.xml",
    );
    let xml = std::fs::read_to_string(sample).unwrap();
    let ctc = xml.replacen(
        "#conformant#urn:factur-x.eu:1p0:extended<",
        "#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr<",
        1,
    );
    assert_ne!(ctc, xml);
    std::fs::write(dir.path().join("ctc.xml"), ctc).unwrap();
    let out = facturx(dir.path(), &["validate", "--format", "json", "ctc.xml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["profile"], "EXTENDED-CTC-FR", "{v}");
    let layers: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["layer"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["fr"].into(), "{v}");
    // The sample's framework code A1 is not a reform billing mode (BR-FR-08).
    assert!(rule_ids(&v).contains(&"BR-FR-08_BT-23"), "{v}");
    assert_eq!(code(&out), 1);
}

/// A BT-24 that is no Factur-X profile is one fatal finding that says what
/// the identifier is and what to do; an XRechnung one is named as such.
#[test]
fn foreign_bt24_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(repo("fixtures/smoke/minimum.xml")).unwrap();
    let cases = [
        (
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
            "XRechnung identifier",
        ),
        (
            "urn:example:other",
            "names no Factur-X or EXTENDED-CTC-FR profile",
        ),
    ];
    for (id, expected) in cases {
        let other = xml.replacen("urn:factur-x.eu:1p0:minimum", id, 1);
        assert_ne!(other, xml);
        std::fs::write(dir.path().join("other.xml"), other).unwrap();
        let out = facturx(dir.path(), &["validate", "--format", "json", "other.xml"]);
        assert_eq!(code(&out), 1, "{id}");
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(rule_ids(&v), ["FX-PROFILE"], "{id}");
        let message = v["findings"][0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains(id), "{message}");
        assert!(message.contains("--profile"), "{message}");
    }
}

#[test]
fn junit_has_one_testcase_per_file_and_missing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = repo("fixtures/smoke/minimum.xml");
    let out = facturx(
        dir.path(),
        &[
            "validate",
            "--format",
            "junit",
            good.to_str().unwrap(),
            "missing.xml",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let s = stdout(&out);
    assert_eq!(s.matches("<testcase ").count(), 2, "{s}");
    assert!(s.contains("FX-READ"), "{s}");
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = facturx(dir.path(), &["validate", "--profile", "gold", "x.xml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown profile"), "{}", stderr(&out));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = facturx(dir.path(), &["--help"]);
    assert_eq!(code(&out), 0);
    let s = stdout(&out);
    assert!(s.contains("Examples:") && s.contains("Exit codes"), "{s}");
}

#[test]
fn official_samples_match_the_published_verdicts() {
    // EXPECTED_RESULTS.md of the official sample set: F20220025 is clean in
    // every profile, F20220031 EN 16931 fails CII-SR-465/466/470.
    let dir = tempfile::tempdir().unwrap();
    let clean = shared(
        "examples/facturx-official-fnfe/EN16931/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.pdf",
    );
    let dirty = shared(
        "examples/facturx-official-fnfe/EN16931/Facture_F20220031-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.pdf",
    );
    if !clean.exists() {
        panic!(
            "official samples not found beside the repository ({}); CI provides ../shared",
            clean.display()
        );
    }
    let out = facturx(
        dir.path(),
        &[
            "validate",
            "--format",
            "json",
            clean.to_str().unwrap(),
            dirty.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["valid"], true, "{}", v[0]);
    let mut fatal: Vec<&str> = v[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "fatal")
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    fatal.sort();
    assert_eq!(fatal, ["CII-SR-465", "CII-SR-466", "CII-SR-470"]);
}
