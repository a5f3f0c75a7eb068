//! The official FNFE Factur-X samples under `--rules chorus`.
//!
//! Source: `shared/standards/examples/facturx-official-fnfe/` (FNFE-MPE
//! sample set, 11 invoices × 5 profiles, see its `EXPECTED_RESULTS.md`).
//!
//! Seam: the CII reader (`facturx-cii`) is not available yet, so
//! [`mirror`] reads the terms the Chorus rules use straight from the XML
//! with roxmltree into an [`Invoice`]. When the reader lands, replace
//! `mirror` with it; the expectations below stay.
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

use facturx_chorus::rules::{AttachmentFact, CheckOptions, FileFacts, REGIME, check};
use facturx_model::{
    AdditionalDocument, Address, Attachment, Date, Identifier, Invoice, Party, Totals,
};
use facturx_report::{Layer, Severity};
use roxmltree::Node;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe")
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn at<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |n, p| child(n, p))
}

fn text(node: Node<'_, '_>, path: &[&str]) -> Option<String> {
    at(node, path)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
}

fn party(node: Node<'_, '_>) -> Party {
    let mut identifiers: Vec<Identifier> = children(node, "ID")
        .map(|n| Identifier::new(n.text().unwrap_or_default().trim()))
        .collect();
    identifiers.extend(children(node, "GlobalID").map(|n| {
        Identifier::with_scheme(
            n.text().unwrap_or_default().trim(),
            n.attribute("schemeID").unwrap_or_default(),
        )
    }));
    let legal_registration = at(node, &["SpecifiedLegalOrganization", "ID"]).map(|n| Identifier {
        id: n.text().unwrap_or_default().trim().to_string(),
        scheme: n.attribute("schemeID").map(str::to_string),
    });
    let address = text(node, &["PostalTradeAddress", "CountryID"]).map(|c| Address {
        line1: None,
        line2: None,
        line3: None,
        city: None,
        postcode: None,
        subdivision: None,
        country: c.parse().unwrap(),
    });
    let vat_identifier = children(node, "SpecifiedTaxRegistration")
        .filter_map(|n| child(n, "ID"))
        .find(|n| n.attribute("schemeID") == Some("VA"))
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string());
    Party {
        name: text(node, &["Name"]).unwrap_or_default(),
        identifiers,
        legal_registration,
        vat_identifier,
        address,
        ..Party::default()
    }
}

/// Reads the terms the Chorus rules use from a CII file (see the module docs).
fn mirror(xml: &str) -> Invoice {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    let tx = child(root, "SupplyChainTradeTransaction").unwrap();
    let agreement = child(tx, "ApplicableHeaderTradeAgreement").unwrap();
    let settlement = child(tx, "ApplicableHeaderTradeSettlement").unwrap();
    let sums = child(
        settlement,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
    )
    .unwrap();
    let amount = |name: &str| text(sums, &[name]).map(|t| t.parse().unwrap());
    let additional_documents = children(agreement, "AdditionalReferencedDocument")
        .map(|d| AdditionalDocument {
            id: text(d, &["IssuerAssignedID"]).unwrap_or_default(),
            type_code: text(d, &["TypeCode"]),
            attachment: child(d, "AttachmentBinaryObject").map(|b| Attachment {
                content_base64: b.text().unwrap_or_default().to_string(),
                mime_code: b.attribute("mimeCode").unwrap_or_default().to_string(),
                filename: b.attribute("filename").unwrap_or_default().to_string(),
            }),
            ..AdditionalDocument::default()
        })
        .collect();
    let json = serde_json::json!({
        "number": text(root, &["ExchangedDocument", "ID"]).unwrap(),
        "type_code": text(root, &["ExchangedDocument", "TypeCode"]).unwrap(),
        "issue_date": text(root, &["ExchangedDocument", "IssueDateTime", "DateTimeString"]).unwrap(),
        "currency": text(settlement, &["InvoiceCurrencyCode"]).unwrap(),
        "seller": {"name": ""}, "buyer": {"name": ""},
    });
    let mut inv: Invoice = serde_json::from_value(json).unwrap();
    inv.tax_currency = text(settlement, &["TaxCurrencyCode"]).map(|c| c.parse().unwrap());
    inv.due_date = text(
        settlement,
        &[
            "SpecifiedTradePaymentTerms",
            "DueDateDateTime",
            "DateTimeString",
        ],
    )
    .map(|d| Date::from_yyyymmdd(&d).unwrap());
    inv.business_process = text(
        root,
        &[
            "ExchangedDocumentContext",
            "BusinessProcessSpecifiedDocumentContextParameter",
            "ID",
        ],
    );
    inv.buyer_reference = text(agreement, &["BuyerReference"]);
    inv.purchase_order_reference = text(
        agreement,
        &["BuyerOrderReferencedDocument", "IssuerAssignedID"],
    );
    inv.seller = party(child(agreement, "SellerTradeParty").unwrap());
    inv.buyer = party(child(agreement, "BuyerTradeParty").unwrap());
    inv.totals = Some(Totals {
        tax_basis_total: amount("TaxBasisTotalAmount").unwrap(),
        grand_total: amount("GrandTotalAmount").unwrap(),
        due_payable: amount("DuePayableAmount").unwrap(),
        ..Totals::default()
    });
    inv.additional_documents = additional_documents;
    inv
}

/// Embedded files other than `factur-x.xml`, as pypdf lists them in the
/// F20220023 and F20220031 PDFs (the only samples that carry any).
fn pdf_attachments(number: &str) -> Vec<AttachmentFact> {
    if number != "F20220023" && number != "F20220031" {
        return Vec::new();
    }
    [("Bon_de_livraison.pdf", 30_382), ("JFE2024.png", 195_542)]
        .into_iter()
        .map(|(name, size)| AttachmentFact {
            name: name.to_string(),
            size,
            location: format!("PDF /EmbeddedFiles {name}"),
        })
        .collect()
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
            let xml = std::fs::read_to_string(&xml_path).unwrap();
            let invoice = mirror(xml.trim_start_matches('\u{feff}'));
            let pdf = xml_path.to_string_lossy().replace(".factur-x.xml", ".pdf");
            let facts = FileFacts {
                file_size: Some(std::fs::metadata(&pdf).unwrap().len()),
                attachments: pdf_attachments(&invoice.number),
            };
            let findings = check(&invoice, &facts, &CheckOptions::new(today));
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
    let xml = std::fs::read_to_string(path).unwrap();
    let mut invoice = mirror(xml.trim_start_matches('\u{feff}'));
    assert_eq!(invoice.business_process.as_deref(), Some("A1"));
    invoice.buyer.legal_registration = Some(Identifier::new("20000000800025"));
    let findings = check(
        &invoice,
        &FileFacts::default(),
        &CheckOptions::new(Date::new(2026, 11, 23).unwrap()),
    );
    assert!(findings.is_empty(), "{findings:#?}");
}
