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
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"BR-CO-09"), "{rules:?}");
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
