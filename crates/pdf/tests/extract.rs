//! Extraction paths (name tree, `/AF` only, legacy names) and a text
//! snapshot of what `inspect` reports for a reproducible embed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use facturx_pdf::{Error, check, embed, extract, extract_all, inspect};
use lopdf::{Document, Object};

/// A one-page PDF from our own lopdf writer whose only font carries a
/// (stand-in) embedded program, so `embed` accepts it.
fn embedded_font_pdf() -> Vec<u8> {
    common::lopdf_pdf(|doc, _| common::embed_font_program(doc))
}

fn without_name_tree(pdf: &[u8]) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_object_mut(root)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .remove(b"Names");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn extract_finds_the_xml_through_af_when_the_name_tree_is_gone() {
    let xml = common::sample_xml("EXTENDED");
    let out = embed(&embedded_font_pdf(), &xml, &common::fixed()).unwrap();
    let stripped = without_name_tree(&out.pdf);
    let got = extract(&stripped).unwrap();
    assert_eq!(got.xml, xml);
    assert_eq!(got.relationship.as_deref(), Some("Source"));
    assert_eq!(got.mime.as_deref(), Some("text/xml"));
    let files = inspect(&stripped).unwrap().files;
    assert_eq!(files.len(), 1);
    assert!(files[0].info.in_af && !files[0].info.in_name_tree);
    // Re-embedding repairs the missing name tree.
    let again = embed(&stripped, &xml, &common::fixed()).unwrap();
    assert_eq!(check(&again.pdf).unwrap(), vec![]);
    assert!(inspect(&again.pdf).unwrap().files[0].info.in_name_tree);
}

#[test]
fn legacy_names_are_found_case_insensitively() {
    let xml = common::sample_xml("BASIC");
    for name in [
        "ZUGFeRD-invoice.xml",
        "zugferd-invoice.xml",
        "XRECHNUNG.XML",
        "Factur-X.xml",
        "order-x.xml",
    ] {
        let pdf =
            common::attach_legacy(&embedded_font_pdf(), &[("readme.txt", b"hi"), (name, &xml)]);
        let got = extract(&pdf).unwrap();
        assert_eq!(got.name, name);
        assert_eq!(got.xml, xml);
        assert_eq!(got.relationship, None);
        assert_eq!(extract_all(&pdf).unwrap().len(), 2);
    }
    let none = common::attach_legacy(&embedded_font_pdf(), &[("invoice.xml", &xml)]);
    assert!(matches!(extract(&none), Err(Error::NoInvoiceAttachment)));
    assert!(matches!(
        extract(&embedded_font_pdf()),
        Err(Error::NoInvoiceAttachment)
    ));
}

#[test]
fn check_reports_what_a_plain_pdf_lacks() {
    let findings = check(&embedded_font_pdf()).unwrap();
    let mut rules: Vec<_> = findings.iter().map(|f| f.rule.to_string()).collect();
    rules.sort();
    assert_eq!(
        rules,
        ["PDF-AF-01", "PDF-ID-01", "PDF-OI-01", "PDF-XMP-01"],
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .all(|f| f.layer == facturx_report::Layer::Pdf)
    );
}

#[test]
fn check_catches_a_tampered_conformance_level_and_extension_schema() {
    let xml = common::sample_xml("EN16931");
    let out = embed(&embedded_font_pdf(), &xml, &common::fixed()).unwrap();
    let mut doc = Document::load_mem(&out.pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let md = doc
        .get_object(root)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let Object::Stream(s) = doc.get_object_mut(md).unwrap() else {
        panic!()
    };
    let text = String::from_utf8(s.content.clone()).unwrap();
    let start = text
        .find("  <rdf:Description rdf:about=\"\" xmlns:pdfaExtension")
        .unwrap();
    let end =
        start + text[start..].find("</rdf:Description>\n").unwrap() + "</rdf:Description>\n".len();
    let tampered =
        format!("{}{}", &text[..start], &text[end..]).replace(">EN 16931<", ">EXTENDED<");
    s.set_plain_content(tampered.into_bytes());
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let findings = check(&bytes).unwrap();
    let rules: Vec<_> = findings.iter().map(|f| f.rule.as_ref()).collect();
    assert_eq!(rules, ["PDF-FX-05", "PDF-EXT-01"], "{findings:#?}");
}

#[test]
fn inspect_snapshot_of_a_reproducible_embed() {
    let xml = common::sample_xml("MINIMUM");
    let options = facturx_pdf::EmbedOptions {
        title: Some("Invoice F20220023".into()),
        // Fixed, so that a version bump does not change the snapshot.
        producer: Some("facturx-rs (snapshot)".into()),
        attachments: vec![facturx_pdf::Attachment {
            name: "note.txt".into(),
            mime: "text/plain".into(),
            description: Some("a note".into()),
            data: b"hello".to_vec(),
        }],
        ..common::fixed()
    };
    let out = embed(&embedded_font_pdf(), &xml, &options).unwrap();
    insta::assert_json_snapshot!("inspect_minimum", inspect(&out.pdf).unwrap());
    let doc = Document::load_mem(&out.pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let md = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc
        .get_object(md)
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    insta::assert_snapshot!("xmp_minimum", String::from_utf8(xmp).unwrap());
}

#[test]
fn check_flags_output_intents_with_different_profiles() {
    let xml = common::sample_xml("EN16931");
    let out = embed(&embedded_font_pdf(), &xml, &common::fixed()).unwrap();
    let mut doc = Document::load_mem(&out.pdf).unwrap();
    let other = doc.add_object(lopdf::Stream::new(
        lopdf::dictionary! { "N" => 4 },
        vec![0; 16],
    ));
    let intent = doc.add_object(lopdf::dictionary! { "Type" => "OutputIntent", "S" => "GTS_PDFX", "DestOutputProfile" => other });
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
    catalog
        .get_mut(b"OutputIntents")
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(intent.into());
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let rules: Vec<_> = check(&bytes).unwrap().into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["PDF-OI-03"]);
}
