#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use facturx_model::{AdditionalDocument, Attachment, Date, Identifier, Invoice};
use facturx_report::{Layer, Severity};

use super::*;
use crate::Directory;

const FIXTURE: &str = include_str!("../../../../fixtures/chorus/deposit-a1.json");
const DIRECTORY_CSV: &str = include_str!("../../../../fixtures/chorus/directory.csv");
const DIRECTORY_JSON: &str = include_str!("../../../../fixtures/chorus/directory.json");

fn base() -> Invoice {
    serde_json::from_str(FIXTURE).unwrap()
}

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn run(invoice: &Invoice) -> Vec<Finding> {
    check(invoice, &FileFacts::default(), &CheckOptions::new(today()))
}

fn run_dir(invoice: &Invoice) -> Vec<Finding> {
    let dir = Directory::from_csv(DIRECTORY_CSV).unwrap();
    check(
        invoice,
        &FileFacts::default(),
        &CheckOptions::new(today()).with_directory(&dir),
    )
}

fn ids(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_ref()).collect()
}

/// Asserts the findings are exactly `rules`, all Chorus, all naming the regime.
#[track_caller]
fn assert_rules(findings: &[Finding], rules: &[&str]) {
    assert_eq!(ids(findings), rules, "{findings:#?}");
    for f in findings {
        assert_eq!(f.layer, Layer::Chorus);
        assert!(f.message.starts_with(REGIME), "{}", f.message);
    }
}

#[test]
fn fixture_passes_without_and_with_directory() {
    assert_rules(&run(&base()), &[]);
    assert_rules(&run_dir(&base()), &[]);
    let dir = Directory::from_json(DIRECTORY_JSON).unwrap();
    let f = check(
        &base(),
        &FileFacts::default(),
        &CheckOptions::new(today()).with_directory(&dir),
    );
    assert_rules(&f, &[]);
}

#[test]
fn cpro_01_buyer_siret() {
    let mut inv = base();
    inv.buyer.legal_registration = Some(Identifier::with_scheme("200000008", "0002"));
    let f = run(&inv);
    assert_rules(&f, &["CPRO-01"]);
    assert!(
        f[0].message.contains("found only SIREN 200000008 (BT-47)"),
        "{}",
        f[0].message
    );

    // Reform style: SIRET in BT-46 with scheme 0009 passes.
    inv.buyer.identifiers = vec![Identifier::with_scheme("20000000800025", "0009")];
    assert_rules(&run(&inv), &[]);

    inv.buyer.identifiers.clear();
    inv.buyer.legal_registration = None;
    let f = run(&inv);
    assert_rules(&f, &["CPRO-01"]);
    assert!(f[0].message.contains("none found"));
}

#[test]
fn cpro_02_buyer_keys() {
    let mut inv = base();
    inv.buyer.legal_registration = Some(Identifier::new("20000000800026"));
    let f = run(&inv);
    assert_rules(&f, &["CPRO-02"]);
    assert!(
        f[0].message.contains("fails its check key"),
        "{}",
        f[0].message
    );

    inv.buyer.legal_registration = Some(Identifier::with_scheme("2000000080002", "0009"));
    let f = run(&inv);
    assert_rules(&f, &["CPRO-02"]);
    assert!(f[0].message.contains("13 characters, 14 digits expected"));

    // La Poste: digit-sum key accepted, Luhn would refuse it.
    inv.buyer.legal_registration = Some(Identifier::new("35600000000141"));
    assert_rules(&run(&inv), &[]);
    inv.buyer.legal_registration = Some(Identifier::new("35600000000142"));
    assert_rules(&run(&inv), &["CPRO-02"]);
}

#[test]
fn cpro_03_supplier_present() {
    let mut inv = base();
    inv.seller.identifiers.clear();
    inv.seller.legal_registration = None;
    assert_rules(&run(&inv), &["CPRO-03"]);
    // A foreign supplier is not required to have one.
    inv.seller.address.as_mut().unwrap().country = "DE".parse().unwrap();
    assert_rules(&run(&inv), &[]);
    // SIREN only is enough.
    let mut inv = base();
    inv.seller.identifiers.clear();
    assert_rules(&run(&inv), &[]);
}

#[test]
fn cpro_04_supplier_keys() {
    let mut inv = base();
    inv.seller.identifiers = vec![Identifier::with_scheme("12345678200078", "0009")];
    inv.seller.legal_registration = Some(Identifier::with_scheme("12345678X", "0002"));
    let f = run(&inv);
    assert_rules(&f, &["CPRO-04", "CPRO-04"]);
    assert!(
        f[0].message
            .contains("SIREN \"12345678X\" (BT-30) contains characters")
    );
    assert!(
        f[1].message
            .contains("SIRET \"12345678200078\" (BT-29) fails")
    );
}

#[test]
fn cpro_05_framework() {
    let mut inv = base();
    for ok in ["A1", "A2", "A9", "A25"] {
        inv.business_process = Some(ok.to_string());
        inv.totals.as_mut().unwrap().due_payable = "0".parse().unwrap();
        assert!(!ids(&run(&inv)).contains(&"CPRO-05"), "{ok}");
    }
    let mut inv = base();
    inv.business_process = None;
    let f = run(&inv);
    assert_rules(&f, &["CPRO-05"]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("applies A1"));

    inv.business_process = Some("S1".to_string());
    let f = run(&inv);
    assert_rules(&f, &["CPRO-05"]);
    assert_eq!(f[0].severity, Severity::Fatal);
    assert!(
        f[0].message.contains("French reform framework code"),
        "{}",
        f[0].message
    );
    assert!(f[0].message.contains("--rules fr"));

    for bad in ["A0", "A26", "A01", "a1", "Z9"] {
        inv.business_process = Some(bad.to_string());
        assert_rules(&run(&inv), &["CPRO-05"]);
    }
}

#[test]
fn cpro_06_already_paid() {
    let mut inv = base();
    inv.business_process = Some("A2".to_string());
    let f = run(&inv);
    assert_rules(&f, &["CPRO-06"]);
    assert!(f[0].message.contains("found 1200.00"));

    inv.totals.as_mut().unwrap().due_payable = "0.00".parse().unwrap();
    inv.totals.as_mut().unwrap().prepaid = Some("1200.00".parse().unwrap());
    assert_rules(&run(&inv), &[]);

    inv.due_date = None;
    let f = run(&inv);
    assert_rules(&f, &["CPRO-06"]);
    assert!(f[0].message.contains("BT-9"));
}

#[test]
fn cpro_07_type_code() {
    let mut inv = base();
    for ok in ["380", "381", "384", "386", "389"] {
        inv.type_code = ok.to_string();
        assert_rules(&run(&inv), &[]);
    }
    for bad in ["261", "751", "393"] {
        inv.type_code = bad.to_string();
        assert_rules(&run(&inv), &["CPRO-07"]);
    }
}

#[test]
fn cpro_08_number_length() {
    let mut inv = base();
    inv.number = "X".repeat(20);
    assert_rules(&run(&inv), &[]);
    inv.number = "É".repeat(21);
    assert_rules(&run(&inv), &["CPRO-08"]);
}

#[test]
fn cpro_09_issue_date() {
    let mut inv = base();
    inv.issue_date = today();
    assert_rules(&run(&inv), &[]);
    inv.issue_date = Date::new(2026, 11, 24).unwrap();
    let f = run(&inv);
    assert_rules(&f, &["CPRO-09"]);
    assert!(
        f[0].message
            .contains("2026-11-24 is after the deposit date 2026-11-23")
    );
}

#[test]
fn cpro_10_single_currency() {
    let mut inv = base();
    inv.tax_currency = Some("EUR".parse().unwrap());
    assert_rules(&run(&inv), &[]);
    inv.tax_currency = Some("USD".parse().unwrap());
    assert_rules(&run(&inv), &["CPRO-10"]);
}

#[test]
fn cpro_11_buyer_in_directory() {
    let mut inv = base();
    inv.buyer.legal_registration = Some(Identifier::new("20000000800033"));
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-11"]);
    assert!(
        f[0].message
            .contains("20000000800033 is not a public structure")
    );

    inv.buyer.legal_registration = Some(Identifier::new("13000000300017"));
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-11"]);
    assert!(f[0].message.contains("inactive"));
    // No directory: not checked.
    assert_rules(&run(&inv), &[]);
}

#[test]
fn cpro_12_service_code() {
    let mut inv = base();
    inv.buyer_reference = Some("COMPTA".to_string());
    assert_rules(&run_dir(&inv), &[]);

    inv.buyer_reference = None;
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-12"]);
    assert!(f[0].message.contains("requires a service code"));
    assert!(
        f[0].message.contains("active services: COMPTA, SERVEXEC"),
        "{}",
        f[0].message
    );

    inv.buyer_reference = Some("ANCIEN".to_string());
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-12"]);
    assert!(f[0].message.contains("\"ANCIEN\" is inactive"));

    inv.buyer_reference = Some("NOPE".to_string());
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-12"]);
    assert!(f[0].message.contains("\"NOPE\" is unknown"));
}

#[test]
fn cpro_13_engagement() {
    let mut inv = base();
    inv.purchase_order_reference = None;
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-13"]);
    assert!(f[0].message.contains("requires an engagement number"));

    // "Either" structure: one of the two suffices.
    let mut inv = base();
    inv.buyer.legal_registration = Some(Identifier::new("21000000600010"));
    inv.buyer_reference = None;
    assert_rules(&run_dir(&inv), &[]);
    inv.purchase_order_reference = None;
    let f = run_dir(&inv);
    assert_rules(&f, &["CPRO-13"]);
    assert!(f[0].message.contains("neither is given"));
}

#[test]
fn cpro_14_engagement_length() {
    let mut inv = base();
    inv.purchase_order_reference = Some("E".repeat(50));
    assert_rules(&run(&inv), &[]);
    inv.purchase_order_reference = Some("E".repeat(51));
    assert_rules(&run(&inv), &["CPRO-14"]);
}

fn with_attachment(name: &str, size: u64) -> FileFacts {
    FileFacts {
        file_size: Some(200_000),
        attachments: vec![AttachmentFact {
            name: name.to_string(),
            size,
            location: "PDF /EmbeddedFiles".to_string(),
        }],
    }
}

fn run_facts(facts: &FileFacts) -> Vec<Finding> {
    check(&base(), facts, &CheckOptions::new(today()))
}

#[test]
fn cpro_15_attachment_size() {
    assert_rules(
        &run_facts(&with_attachment("a.pdf", 10 * 1024 * 1024 - 1)),
        &[],
    );
    let f = run_facts(&with_attachment("a.pdf", 10 * 1024 * 1024));
    assert_rules(&f, &["CPRO-15"]);
    assert_eq!(f[0].location.path, "PDF /EmbeddedFiles");
}

#[test]
fn cpro_16_total_size() {
    let mut facts = FileFacts {
        file_size: Some(120 * 1024 * 1024 - 1),
        ..FileFacts::default()
    };
    assert_rules(&run_facts(&facts), &[]);
    facts.file_size = Some(120 * 1024 * 1024);
    assert_rules(&run_facts(&facts), &["CPRO-16"]);
    // Without the file size, the attachments add up.
    let facts = FileFacts {
        file_size: None,
        attachments: (0..13)
            .map(|i| AttachmentFact {
                name: format!("annexe-{i}.pdf"),
                size: 10 * 1024 * 1024 - 1,
                location: String::new(),
            })
            .collect(),
    };
    assert_rules(&run_facts(&facts), &["CPRO-16"]);
}

#[test]
fn cpro_17_attachment_name_length() {
    let ok = format!("{}.pdf", "n".repeat(46));
    assert_rules(&run_facts(&with_attachment(&ok, 10)), &[]);
    let long = format!("{}.pdf", "n".repeat(47));
    assert_rules(&run_facts(&with_attachment(&long, 10)), &["CPRO-17"]);
}

#[test]
fn cpro_18_attachment_extension() {
    for ok in ["a.PDF", "b.xlsx", "c.tar.gz", "d.p7s"] {
        assert_rules(&run_facts(&with_attachment(ok, 10)), &[]);
    }
    let f = run_facts(&with_attachment("script.exe", 10));
    assert_rules(&f, &["CPRO-18"]);
    assert!(f[0].message.contains("extension .exe"));
    assert_rules(&run_facts(&with_attachment("README", 10)), &["CPRO-18"]);
}

#[test]
fn bg_24_attachments_are_read_from_the_model() {
    let mut inv = base();
    inv.additional_documents.push(AdditionalDocument {
        id: "X".to_string(),
        attachment: Some(Attachment {
            content_base64: "QUJD".to_string(),
            mime_code: "application/octet-stream".to_string(),
            filename: "payload.bin".to_string(),
        }),
        ..AdditionalDocument::default()
    });
    let f = run(&inv);
    assert_rules(&f, &["CPRO-18"]);
    assert!(
        f[0].location
            .path
            .ends_with("AdditionalReferencedDocument[2]/ram:AttachmentBinaryObject")
    );
}

#[test]
fn rules_md_documents_every_rule() {
    let doc = include_str!("../../RULES.md");
    for rule in RULES {
        assert!(
            doc.contains(&format!("| {} |", rule.id)),
            "{} missing from RULES.md",
            rule.id
        );
    }
    let documented = doc.matches("| CPRO-").count();
    assert_eq!(
        documented,
        RULES.len(),
        "RULES.md lists rules the registry does not"
    );
}

#[test]
fn regime_detection() {
    let mut inv = base();
    assert_eq!(Regime::of(&inv), Regime::ChorusPro);
    inv.business_process = None;
    assert_eq!(Regime::of(&inv), Regime::ChorusPro);
    inv.business_process = Some("M8".to_string());
    assert_eq!(Regime::of(&inv), Regime::Reform);
    inv.business_process = Some("X".to_string());
    assert_eq!(Regime::of(&inv), Regime::Unknown);
}
