//! The official FNFE Factur-X samples under `--rules chorus`.
//!
//! Source: `shared/standards/examples/facturx-official-fnfe/` (FNFE-MPE
//! sample set, 11 invoices × 5 profiles, see its `EXPECTED_RESULTS.md`).
//!
//! Each sample is read twice, through the project's own readers: the PDF
//! with [`read_file`] (`facturx-pdf` extraction, then `facturx-cii`; the
//! other embedded files become attachment facts), and the extracted
//! `.factur-x.xml` with `facturx-cii` alone. Both must give the same findings.
//!
//! Expected: the B2G samples (F2022xxxx, BT-23 `A1`) use test identifiers:
//! the buyer has only a SIREN, 987654321, whose Luhn key is wrong, so they
//! get exactly CPRO-01 (no buyer SIRET) and CPRO-02 (bad key) and nothing
//! else; in EXTENDED, F20220023 and F20220031 add a buyer SIRET
//! 98765432100029 (scheme 0009) built on the same SIREN, so they get CPRO-02
//! twice instead. The reform samples (UC1_*, BT-23 `S1`) get CPRO-05 (reform code
//! under the Chorus regime), plus CPRO-07 for UC1_2023020_AFF (BT-3 393),
//! plus CPRO-01 in MINIMUM, whose buyer carries no GlobalID and so only the
//! SIREN 200000008.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use facturx_chorus::read_file;
use facturx_chorus::rules::{CheckOptions, FileFacts, REGIME, check};
use facturx_model::{Date, Identifier};
use facturx_report::{Finding, Layer, Severity};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe")
}

#[test]
fn fnfe_samples_get_exactly_the_expected_chorus_findings() {
    let dir = samples_dir();
    let today = Date::new(2026, 11, 23).unwrap();
    let mut seen = 0;
    for profile in ["MINIMUM", "BASIC-WL", "BASIC", "EN16931", "EXTENDED"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(profile))
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; the FNFE samples live in shared/standards",
                    dir.display()
                )
            })
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".factur-x.xml"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 11, "{profile}");
        for xml_path in files {
            // Through the PDF: extraction, CII reader, attachment facts.
            let pdf =
                std::fs::read(xml_path.to_string_lossy().replace(".factur-x.xml", ".pdf")).unwrap();
            let (invoice, attachments) = read_file(&pdf).unwrap();
            if invoice.number == "F20220023" || invoice.number == "F20220031" {
                let names: Vec<(&str, u64)> = attachments
                    .iter()
                    .map(|a| (a.name.as_str(), a.size))
                    .collect();
                assert_eq!(
                    names,
                    [("Bon_de_livraison.pdf", 30_382), ("JFE2024.png", 195_542)]
                );
            } else {
                assert!(attachments.is_empty());
            }
            let facts = FileFacts {
                file_size: Some(pdf.len() as u64),
                attachments,
            };
            let findings = check(&invoice, &facts, &CheckOptions::new(today));
            // Through the extracted XML alone: the same findings.
            let xml_only = facturx_cii::read(&std::fs::read(&xml_path).unwrap())
                .unwrap()
                .invoice;
            let again: Vec<Finding> =
                check(&xml_only, &FileFacts::default(), &CheckOptions::new(today));
            assert_eq!(findings, again, "{}", xml_path.display());
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_ref()).collect();
            let expected: &[&str] = match invoice.number.as_str() {
                // EXTENDED F20220023/31 also carry a buyer SIRET 98765432100029
                // (BT-46 scheme 0009): present, so no CPRO-01, but its SIREN
                // part has the same bad key.
                "F20220023" | "F20220031" if profile == "EXTENDED" => &["CPRO-02", "CPRO-02"],
                n if n.starts_with("F2022") => &["CPRO-01", "CPRO-02"],
                // MINIMUM has no buyer GlobalID: only the SIREN is left.
                "UC1_2023020_AFF" if profile == "MINIMUM" => &["CPRO-01", "CPRO-05", "CPRO-07"],
                "UC1_2023025_F" if profile == "MINIMUM" => &["CPRO-01", "CPRO-05"],
                "UC1_2023020_AFF" => &["CPRO-05", "CPRO-07"],
                "UC1_2023025_F" => &["CPRO-05"],
                other => panic!("unexpected sample {other}"),
            };
            assert_eq!(rules, expected, "{}: {findings:#?}", xml_path.display());
            for f in &findings {
                assert_eq!((f.layer, f.severity), (Layer::Chorus, Severity::Fatal));
                assert!(f.message.starts_with(REGIME));
            }
            if rules == ["CPRO-02", "CPRO-02"] {
                assert!(
                    findings[0]
                        .message
                        .contains("SIREN \"987654321\" (BT-47) fails its check key")
                );
                assert!(
                    findings[1]
                        .message
                        .contains("SIRET \"98765432100029\" (BT-46) fails its check key")
                );
            } else if invoice.number.starts_with("F2022") {
                assert!(
                    findings[0]
                        .message
                        .contains("found only SIREN 987654321 (BT-47)")
                );
                assert!(
                    findings[1]
                        .message
                        .contains("\"987654321\" (BT-47) fails its check key")
                );
            } else {
                let cpro_05 = findings.iter().find(|f| f.rule == "CPRO-05").unwrap();
                assert!(
                    cpro_05
                        .message
                        .contains("\"S1\" is a French reform framework code")
                );
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 55);
}

/// The same B2G sample with the test identifiers replaced by a real-shaped
/// buyer SIRET passes: the two findings come from the identifiers only.
#[test]
fn fnfe_sample_with_a_valid_buyer_siret_passes() {
    let path = samples_dir()
        .join("EN16931/Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml");
    let mut invoice = facturx_cii::read(&std::fs::read(path).unwrap())
        .unwrap()
        .invoice;
    assert_eq!(invoice.business_process.as_deref(), Some("A1"));
    invoice.buyer.legal_registration = Some(Identifier::new("20000000800025"));
    let findings = check(
        &invoice,
        &FileFacts::default(),
        &CheckOptions::new(Date::new(2026, 11, 23).unwrap()),
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The Chorus-shaped fixture, written as CII by `facturx-cii` and read back,
/// passes with and without the directory: the rules see what a real file
/// carries, not only the JSON model.
#[test]
fn fixture_round_trips_through_cii_and_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/chorus");
    let model: facturx_model::Invoice =
        serde_json::from_str(&std::fs::read_to_string(root.join("deposit-a1.json")).unwrap())
            .unwrap();
    let xml = facturx_cii::to_vec(&model, facturx_model::Profile::En16931).unwrap();
    let (invoice, attachments) = read_file(&xml).unwrap();
    assert!(attachments.is_empty());
    assert_eq!(invoice.business_process.as_deref(), Some("A1"));
    assert_eq!(invoice.buyer_reference.as_deref(), Some("SERVEXEC"));
    assert_eq!(
        invoice.purchase_order_reference.as_deref(),
        Some("EJ-2026-0042")
    );
    let directory = facturx_chorus::Directory::load(&root.join("directory.csv")).unwrap();
    let today = Date::new(2026, 11, 23).unwrap();
    let facts = FileFacts {
        file_size: Some(xml.len() as u64),
        attachments,
    };
    for options in [
        CheckOptions::new(today),
        CheckOptions::new(today).with_directory(&directory),
    ] {
        let findings = check(&invoice, &facts, &options);
        assert!(findings.is_empty(), "{findings:#?}");
    }
}

/// `package` with the project's reader on the official PDFs: every sample
/// is refused for its test identifiers or its reform framework; with
/// `force` they all go into one Factur-X batch.
#[test]
fn packaging_the_official_pdfs() {
    use facturx_chorus::FileReader;
    use facturx_chorus::package::{BatchFormat, Options, Syntax, package};
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(samples_dir().join("EN16931"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), 11);
    let dir = tempfile::tempdir().unwrap();
    let mut options = Options::new(CheckOptions::new(Date::new(2026, 11, 23).unwrap()));
    options.ledger_path = Some(dir.path().join("ledger.sqlite"));
    options.batch = BatchFormat::TarGz;
    let s = package(&pdfs, &dir.path().join("strict"), &options, &FileReader).unwrap();
    assert!(s.deposits.is_empty());
    assert_eq!(s.rejected.len(), 11);
    for r in &s.rejected {
        let rules: Vec<&str> = r.reasons.iter().map(|f| f.rule.as_ref()).collect();
        let expected: &[&str] = if r.number.as_deref().unwrap().starts_with("F2022") {
            &["CPRO-01", "CPRO-02"]
        } else if r.number.as_deref() == Some("UC1_2023020_AFF") {
            &["CPRO-05", "CPRO-07"]
        } else {
            &["CPRO-05"]
        };
        assert_eq!(rules, expected, "{}", r.source);
    }

    options.force = true;
    let s = package(&pdfs, &dir.path().join("forced"), &options, &FileReader).unwrap();
    assert!(s.rejected.is_empty(), "{:#?}", s.rejected);
    assert_eq!(s.deposits.len(), 1);
    assert_eq!(s.deposits[0].syntax, Syntax::FacturX);
    assert_eq!(s.deposits[0].invoices.len(), 11);
}
