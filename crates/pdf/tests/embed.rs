//! Embedding into PDFs the tests make themselves, checked by qpdf, pypdf,
//! veraPDF and our own extract/check.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use facturx_model::Profile;
use facturx_pdf::{
    AfRelationship, Attachment, Conformance, EmbedOptions, Error, ProblemKind, check, embed,
    extract, extract_all, inspect,
};
use lopdf::{Object, Stream, dictionary};

const PROFILE_DIRS: [(&str, Profile, &str); 5] = [
    ("MINIMUM", Profile::Minimum, "/Data"),
    ("BASIC-WL", Profile::BasicWl, "/Data"),
    ("BASIC", Profile::Basic, "/Source"),
    ("EN16931", Profile::En16931, "/Source"),
    ("EXTENDED", Profile::Extended, "/Source"),
];

/// The main acceptance path: ghostscript PDF/A inputs (1, 2 and 3), qpdf
/// object streams, an incremental update, a legacy ZUGFeRD attachment; every
/// output passes qpdf, pypdf, our check and veraPDF 3b, and gives the XML back.
#[test]
fn varied_inputs_become_valid_factur_x() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let mut outputs = Vec::new();
    let mut cases: Vec<(String, Vec<u8>, &str, Profile, &str)> = PROFILE_DIRS
        .iter()
        .map(|(d, p, rel)| (format!("gs3-{d}"), gs3.clone(), *d, *p, *rel))
        .collect();
    cases.push((
        "gs1".into(),
        gs_pdf(dir.path(), 1),
        "EN16931",
        Profile::En16931,
        "/Source",
    ));
    cases.push((
        "gs2".into(),
        gs_pdf(dir.path(), 2),
        "BASIC-WL",
        Profile::BasicWl,
        "/Data",
    ));
    let objstm = qpdf(dir.path(), &gs3, &["--object-streams=generate"], "objstm");
    assert!(
        String::from_utf8_lossy(&objstm).contains("/ObjStm"),
        "qpdf made no object stream"
    );
    cases.push((
        "objstm".into(),
        objstm,
        "EXTENDED",
        Profile::Extended,
        "/Source",
    ));
    cases.push((
        "incremental".into(),
        incremental_update(&gs3),
        "BASIC",
        Profile::Basic,
        "/Source",
    ));
    let legacy = attach_legacy(
        &gs3,
        &[("ZUGFeRD-invoice.xml", b"<old/>"), ("notes.txt", b"hello")],
    );
    cases.push((
        "legacy".into(),
        legacy,
        "EN16931",
        Profile::En16931,
        "/Source",
    ));

    for (name, input, profile_dir, profile, relationship) in &cases {
        let xml = sample_xml(profile_dir);
        let out = embed(input, &xml, &fixed()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out.profile, *profile, "{name}");
        assert!(out.remaining.is_empty());
        qpdf_check(dir.path(), &out.pdf, name);
        let seen = probe(dir.path(), &out.pdf, name);
        let att = &seen["attachments"]["factur-x.xml"];
        assert_eq!(att["relationship"], *relationship, "{name}: {seen}");
        assert_eq!(att["mime"], "/text/xml", "{name}");
        assert_eq!(att["size"], xml.len(), "{name}");
        assert!(
            seen["af"]
                .as_array()
                .unwrap()
                .contains(&"factur-x.xml".into()),
            "{name}: {seen}"
        );
        assert_eq!(seen["xmp"]["pdfaid_part"], "3", "{name}");
        assert_eq!(seen["xmp"]["pdfaid_conformance"], "B", "{name}");
        assert_eq!(
            seen["xmp"]["filter"],
            serde_json::Value::Null,
            "{name}: metadata must be uncompressed"
        );
        assert_eq!(
            seen["xmp"]["fx_ConformanceLevel"],
            profile.xmp_name(),
            "{name}"
        );
        assert_eq!(seen["xmp"]["fx_DocumentFileName"], "factur-x.xml", "{name}");
        assert_eq!(seen["xmp"]["fx_DocumentType"], "INVOICE", "{name}");
        assert_eq!(seen["xmp"]["fx_Version"], "1.0", "{name}");
        assert_eq!(
            seen["output_intents"],
            serde_json::json!(["/GTS_PDFA1"]),
            "{name}"
        );
        assert_eq!(
            extract(&out.pdf).unwrap().xml,
            xml,
            "{name}: extract(embed(x)) != x"
        );
        assert_eq!(check(&out.pdf).unwrap(), vec![], "{name}");
        assert!(out.pdf.starts_with(b"%PDF-1.7"), "{name}");
        if name == "legacy" {
            assert!(
                out.warnings.iter().any(|w| w.code == "replaced-invoice"),
                "{:?}",
                out.warnings
            );
            assert!(
                out.warnings.iter().any(|w| w.code == "relationship-added"),
                "{:?}",
                out.warnings
            );
            let all = extract_all(&out.pdf).unwrap();
            let names: Vec<_> = all.iter().map(|a| a.info.name.as_str()).collect();
            assert_eq!(
                names,
                ["factur-x.xml", "notes.txt"],
                "old invoice must be gone, notes kept"
            );
            assert_eq!(
                seen["attachments"]["notes.txt"]["relationship"],
                "/Unspecified"
            );
        }
        let path = dir.path().join(format!("{name}.out.pdf"));
        std::fs::write(&path, &out.pdf).unwrap();
        outputs.push(path);
    }
    let (ok, report) = verapdf(&outputs);
    assert!(ok, "veraPDF 3b:\n{report}");
    assert_eq!(report.matches("PASS").count(), outputs.len(), "{report}");
}

#[test]
fn output_is_deterministic_with_a_fixed_date() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let xml = sample_xml("EN16931");
    let a = embed(&gs3, &xml, &fixed()).unwrap().pdf;
    let b = embed(&gs3, &xml, &fixed()).unwrap().pdf;
    assert_eq!(a, b);
    let later = EmbedOptions {
        date: facturx_pdf::Timestamp::new(2026, 1, 1, 0, 0, 0),
        ..fixed()
    };
    assert_ne!(a, embed(&gs3, &xml, &later).unwrap().pdf);
}

/// `compress_streams`: the unfiltered streams of a brought PDF come out
/// Flate-compressed with the same decoded bytes, the XMP stays unfiltered,
/// and the file is still PDF/A-3b; without the option they stay as they came.
#[test]
fn compress_streams_deflates_unfiltered_streams_only() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let plain = qpdf(dir.path(), &gs3, &["--stream-data=uncompress"], "plain");
    // ghostscript's page is a few hundred bytes, too close to where deflate
    // stops paying; comment lines make it clearly compressible.
    let plain = {
        let mut doc = lopdf::Document::load_mem(&plain).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let id = doc.get_page_contents(page)[0];
        let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        assert!(!stream.dict.has(b"Filter"));
        let mut content = stream.content.clone();
        content.extend(b"\n% filler line that deflate squeezes".repeat(60));
        stream.set_content(content);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    let xml = sample_xml("EN16931");
    // (unfiltered streams other than XMP, the pages' decoded contents,
    // whether every page content stream is filtered)
    let unfiltered = |pdf: &[u8]| {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let mut raw = 0;
        for object in doc.objects.values() {
            let Object::Stream(s) = object else { continue };
            let is_metadata =
                s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata");
            if is_metadata {
                assert!(!s.dict.has(b"Filter"), "XMP must stay unfiltered");
            } else if !s.dict.has(b"Filter") {
                raw += 1;
            }
        }
        let mut contents: Vec<Vec<u8>> = Vec::new();
        let mut all_filtered = true;
        for page in doc.get_pages().values() {
            contents.push(doc.get_page_content(*page));
            for id in doc.get_page_contents(*page) {
                let stream = doc.get_object(id).unwrap().as_stream().unwrap();
                all_filtered &= stream.dict.has(b"Filter");
            }
        }
        (raw, contents, all_filtered)
    };
    let (raw_in, contents_in, filtered_in) = unfiltered(&plain);
    assert!(raw_in > 0 && !filtered_in, "qpdf left no unfiltered stream");

    // Embedding adds streams of its own, so compare the pages' contents.
    let kept = embed(&plain, &xml, &fixed()).unwrap().pdf;
    let (raw_kept, contents_kept, filtered_kept) = unfiltered(&kept);
    assert!(
        raw_kept >= raw_in && !filtered_kept,
        "{raw_kept} < {raw_in}"
    );
    assert_eq!(contents_kept, contents_in);

    let options = EmbedOptions {
        compress_streams: true,
        ..fixed()
    };
    let out = embed(&plain, &xml, &options).unwrap().pdf;
    let (_, contents_out, filtered_out) = unfiltered(&out);
    assert!(filtered_out, "a page content stream is still unfiltered");
    assert_eq!(contents_out, contents_in);
    assert!(out.len() < kept.len(), "{} >= {}", out.len(), kept.len());
    assert_eq!(extract(&out).unwrap().xml, xml);
    assert_eq!(check(&out).unwrap(), vec![]);
    let path = dir.path().join("compressed.pdf");
    std::fs::write(&path, &out).unwrap();
    let (ok, report) = verapdf(&[path]);
    assert!(ok, "{report}");
}

#[test]
fn unembedded_standard_font_is_refused_then_forced() {
    let pdf = lopdf_pdf(|_, _| {});
    let xml = sample_xml("EN16931");
    let err = refusal(embed(&pdf, &xml, &fixed()));
    let Error::NotConvertible { problems } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].kind,
        ProblemKind::FontNotEmbedded {
            font: "Helvetica".into()
        }
    );
    assert!(problems[0].object.is_some());
    assert!(
        err.to_string()
            .contains("font Helvetica not embedded in object"),
        "{err}"
    );

    let forced = embed(
        &pdf,
        &xml,
        &EmbedOptions {
            force: true,
            ..fixed()
        },
    )
    .unwrap();
    assert_eq!(forced.remaining, problems.clone());
    let findings = check(&forced.pdf).unwrap();
    let rules: Vec<_> = findings.iter().map(|f| f.rule.as_ref()).collect();
    assert_eq!(rules, ["PDF-FONT-01"], "{findings:?}");
    assert_eq!(extract(&forced.pdf).unwrap().xml, xml);
}

#[test]
fn every_blocking_problem_is_listed_in_one_refusal() {
    let pdf = lopdf_pdf(|doc, catalog| {
        let js = doc.add_object(
            dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") },
        );
        catalog.set("OpenAction", js);
        let launch = doc.add_object(dictionary! { "Type" => "Action", "S" => "Launch", "F" => Object::string_literal("calc.exe") });
        catalog.set("AA", dictionary! { "WC" => launch });
        let mut lzw = Stream::new(
            dictionary! { "Filter" => "LZWDecode" },
            vec![0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01],
        );
        lzw.allows_compression = false;
        let lzw_id = doc.add_object(lzw);
        let external = doc.add_object(Stream::new(
            dictionary! { "F" => Object::string_literal("data.bin") },
            vec![],
        ));
        let ps = doc.add_object(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "PS" },
            b"0 0 moveto".to_vec(),
        ));
        let sound = doc.add_object(dictionary! { "Type" => "Annot", "Subtype" => "Sound", "Rect" => vec![0.into(), 0.into(), 1.into(), 1.into()] });
        catalog.set(
            "Extra",
            vec![lzw_id.into(), external.into(), ps.into(), sound.into()],
        );
    });
    let err = refusal(embed(&pdf, &sample_xml("BASIC"), &fixed()));
    let Error::NotConvertible { problems } = &err else {
        panic!("{err}")
    };
    let kinds: Vec<_> = problems.iter().map(|p| p.kind.clone()).collect();
    for expected in [
        ProblemKind::JavaScript,
        ProblemKind::ForbiddenAction {
            action: "Launch".into(),
        },
        ProblemKind::AdditionalActions,
        ProblemKind::LzwFilter,
        ProblemKind::ExternalStream,
        ProblemKind::PostScriptXObject,
        ProblemKind::ForbiddenAnnotation {
            subtype: "Sound".into(),
        },
        ProblemKind::FontNotEmbedded {
            font: "Helvetica".into(),
        },
    ] {
        assert!(
            kinds.contains(&expected),
            "{expected:?} missing from {kinds:?}"
        );
    }
    assert!(problems.iter().all(|p| p.object.is_some()));

    // Forced, the same problems come back from `check` under their rule IDs.
    let forced = embed(
        &pdf,
        &sample_xml("BASIC"),
        &EmbedOptions {
            force: true,
            ..fixed()
        },
    )
    .unwrap();
    assert_eq!(&forced.remaining, problems);
    let mut rules: Vec<_> = check(&forced.pdf)
        .unwrap()
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect();
    rules.sort();
    rules.dedup();
    assert_eq!(
        rules,
        [
            "PDF-ACT-01",
            "PDF-ANN-01",
            // The Sound annotation has no appearance either (6.3.3).
            "PDF-ANN-03",
            "PDF-FONT-01",
            "PDF-JS-01",
            "PDF-STM-01",
            "PDF-XOBJ-01"
        ]
    );
}

#[test]
fn encrypted_input_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let enc = qpdf(
        dir.path(),
        &gs_pdf(dir.path(), 3),
        &["--encrypt", "", "owner", "256", "--"],
        "enc",
    );
    for force in [false, true] {
        let err = embed(
            &enc,
            &sample_xml("EN16931"),
            &EmbedOptions { force, ..fixed() },
        )
        .unwrap_err();
        let Error::NotConvertible { problems } = &err else {
            panic!("{err}")
        };
        assert_eq!(problems[0].kind, ProblemKind::Encrypted, "{problems:?}");
    }
}

#[test]
fn profile_comes_from_the_xml() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let xml = sample_xml("BASIC-WL");
    let err = embed(
        &gs3,
        &xml,
        &EmbedOptions {
            profile: Some(Profile::En16931),
            ..fixed()
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::ProfileMismatch {
            expected: Profile::En16931,
            found: Profile::BasicWl
        }
    ));
    assert!(err.to_string().contains("BASIC WL"), "{err}");
    let ok = embed(
        &gs3,
        &xml,
        &EmbedOptions {
            profile: Some(Profile::BasicWl),
            ..fixed()
        },
    )
    .unwrap();
    assert_eq!(ok.profile, Profile::BasicWl);
    assert!(matches!(
        embed(&gs3, b"<Invoice/>", &fixed()),
        Err(Error::Xml(_))
    ));
}

#[test]
fn alternative_relationship_supplements_and_level_u() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let xml = sample_xml("EXTENDED");
    let options = EmbedOptions {
        relationship: Some(AfRelationship::Alternative),
        conformance: Conformance::U,
        attachments: vec![
            Attachment {
                name: "timesheet.csv".into(),
                mime: "text/csv".into(),
                description: None,
                data: b"a;b\n1;2\n".to_vec(),
            },
            Attachment {
                name: "b\u{e9}bord.pdf".into(),
                mime: "application/pdf".into(),
                description: Some("delivery note".into()),
                data: gs3.clone(),
            },
        ],
        title: Some("Facture \u{e9}t\u{e9} 2025".into()),
        ..fixed()
    };
    let out = embed(&gs3, &xml, &options).unwrap();
    qpdf_check(dir.path(), &out.pdf, "alt");
    let seen = probe(dir.path(), &out.pdf, "alt");
    assert_eq!(
        seen["attachments"]["factur-x.xml"]["relationship"],
        "/Alternative"
    );
    assert_eq!(
        seen["attachments"]["timesheet.csv"]["relationship"],
        "/Supplement"
    );
    assert_eq!(seen["attachments"]["timesheet.csv"]["mime"], "/text/csv");
    assert_eq!(
        seen["attachments"]["bébord.pdf"]["mime"],
        "/application/pdf"
    );
    assert_eq!(seen["af"].as_array().unwrap().len(), 3);
    assert_eq!(seen["xmp"]["pdfaid_conformance"], "U", "{:?}", out.warnings);
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
    let all = extract_all(&out.pdf).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|a| a.data == gs3));
    let report = inspect(&out.pdf).unwrap();
    assert_eq!(report.pdfa.as_deref(), Some("3U"));
    let path = dir.path().join("alt.pdf");
    std::fs::write(&path, &out.pdf).unwrap();
    let (ok, text) = verapdf_flavour("3u", &[path]);
    assert!(ok, "{text}");
    assert!(text.contains("PASS 3u"), "{text}");
    let bad = EmbedOptions {
        relationship: Some(AfRelationship::Supplement),
        ..fixed()
    };
    assert!(matches!(
        embed(&gs3, &xml, &bad),
        Err(Error::InvalidOption(_))
    ));
}

#[test]
fn level_u_falls_back_to_b_without_unicode_maps() {
    let pdf = lopdf_pdf(|doc, _| {
        // A symbolic font without /ToUnicode, embedded so embedding proceeds.
        let file = doc.add_object(Stream::new(dictionary! {}, vec![0; 16]));
        let fd = doc.add_object(
            dictionary! { "Type" => "FontDescriptor", "FontName" => "Sym", "FontFile2" => file },
        );
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Sym", "FontDescriptor" => fd });
    });
    // Helvetica is still unembedded: force, and look at the conformance only.
    let out = embed(
        &pdf,
        &sample_xml("MINIMUM"),
        &EmbedOptions {
            conformance: Conformance::U,
            force: true,
            ..fixed()
        },
    )
    .unwrap();
    assert!(
        out.warnings
            .iter()
            .any(|w| w.code == "conformance-downgraded"),
        "{:?}",
        out.warnings
    );
    assert_eq!(inspect(&out.pdf).unwrap().pdfa.as_deref(), Some("3B"));
}

#[test]
fn pdf_versions_1_3_to_2_0_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let xml = sample_xml("EN16931");
    for version in ["1.3", "1.4", "1.6", "2.0"] {
        let pdf = lopdf_pdf_custom(
            version,
            "BT /F1 12 Tf 72 720 Td (x) Tj ET 0.5 g 10 10 50 50 re f",
            |doc, _| embed_font_program(doc),
        );
        assert!(pdf.starts_with(format!("%PDF-{version}").as_bytes()));
        let out = embed(&pdf, &xml, &fixed()).unwrap_or_else(|e| panic!("{version}: {e}"));
        assert!(out.pdf.starts_with(b"%PDF-1.7"));
        assert_eq!(
            out.warnings.iter().any(|w| w.code == "version-changed"),
            version == "2.0"
        );
        qpdf_check(dir.path(), &out.pdf, version);
        assert_eq!(check(&out.pdf).unwrap(), vec![], "{version}");
    }
}

#[test]
fn device_cmyk_without_cmyk_intent_is_refused() {
    let xml = sample_xml("EN16931");
    let cmyk = lopdf_pdf_custom(
        "1.4",
        "0 0 0 1 k BT /F1 12 Tf 72 720 Td (x) Tj ET",
        |doc, _| embed_font_program(doc),
    );
    let err = refusal(embed(&cmyk, &xml, &fixed()));
    let Error::NotConvertible { problems } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].kind,
        ProblemKind::DeviceColour {
            space: "DeviceCMYK".into()
        }
    );
    assert!(err.to_string().contains("6.2.4.3"), "{err}");
    let forced = embed(
        &cmyk,
        &xml,
        &EmbedOptions {
            force: true,
            ..fixed()
        },
    )
    .unwrap();
    let rules: Vec<_> = check(&forced.pdf)
        .unwrap()
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, ["PDF-OI-02"]);
    // RGB and gray content is covered by the sRGB intent.
    let rgb = lopdf_pdf_custom("1.4", "1 0 0 rg 0.5 g 10 10 5 5 re f", |doc, _| {
        embed_font_program(doc)
    });
    assert!(embed(&rgb, &xml, &fixed()).is_ok());
}

#[test]
fn an_existing_cmyk_output_intent_is_reused_for_pdfa() {
    let xml = sample_xml("EN16931");
    let cmyk = lopdf_pdf_custom(
        "1.6",
        "0 0 0 1 k BT /F1 12 Tf 72 720 Td (x) Tj ET",
        |doc, catalog| {
            embed_font_program(doc);
            // A PDF/X-style intent; the profile bytes are a stand-in, only /N matters here.
            let profile = doc.add_object(Stream::new(dictionary! { "N" => 4 }, vec![0; 128]));
            let intent = doc.add_object(dictionary! {
                "Type" => "OutputIntent", "S" => "GTS_PDFX",
                "OutputConditionIdentifier" => Object::string_literal("FOGRA39"),
                "DestOutputProfile" => profile,
            });
            catalog.set("OutputIntents", vec![intent.into()]);
        },
    );
    let out = embed(&cmyk, &xml, &fixed()).unwrap();
    let doc = lopdf::Document::load_mem(&out.pdf).unwrap();
    let intents = doc
        .catalog()
        .unwrap()
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(intents.len(), 2);
    let profile_of = |o: &Object| {
        let d = doc.get_dictionary(o.as_reference().unwrap()).unwrap();
        (
            d.get(b"S").unwrap().as_name().unwrap().to_vec(),
            d.get(b"DestOutputProfile").unwrap().as_reference().unwrap(),
        )
    };
    let (s0, p0) = profile_of(&intents[0]);
    let (s1, p1) = profile_of(&intents[1]);
    assert_eq!(
        (s0.as_slice(), s1.as_slice()),
        (b"GTS_PDFX".as_slice(), b"GTS_PDFA1".as_slice())
    );
    assert_eq!(p0, p1, "one profile for every intent (6.2.3)");
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
}
