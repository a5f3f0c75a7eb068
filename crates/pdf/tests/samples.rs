//! The 55 official FNFE Factur-X samples (test vectors; source:
//! shared/standards/MANIFEST.md, `examples/facturx-official-fnfe/`): every
//! PDF passes our PDF checks, and its extracted XML equals the
//! `*.factur-x.xml` published beside it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use facturx_pdf::{check, embed, extract, extract_all, inspect};

#[test]
fn official_samples_pass_checks_and_extract_byte_identical() {
    let root = common::samples_dir();
    let mut pdfs = Vec::new();
    for dir in ["MINIMUM", "BASIC-WL", "BASIC", "EN16931", "EXTENDED"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "pdf") {
                pdfs.push((dir, path));
            }
        }
    }
    assert_eq!(pdfs.len(), 55, "expected the 55 official samples");
    let mut failures = Vec::new();
    for (dir, path) in &pdfs {
        let pdf = std::fs::read(path).unwrap();
        let findings = check(&pdf).unwrap();
        if !findings.is_empty() {
            failures.push(format!("{}: {findings:#?}", path.display()));
        }
        let extracted = extract(&pdf).unwrap();
        let beside = path.with_extension("factur-x.xml");
        assert_eq!(
            extracted.xml,
            std::fs::read(&beside).unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(extracted.name, "factur-x.xml");
        let expected_rel = if matches!(*dir, "MINIMUM" | "BASIC-WL") {
            "Data"
        } else {
            "Source"
        };
        // The French samples write /Source for BASIC and up and /Data below (spec digest §3.1).
        assert_eq!(
            extracted.relationship.as_deref(),
            Some(expected_rel),
            "{}",
            path.display()
        );
        let info = inspect(&pdf).unwrap();
        let fx = info.xmp.as_ref().and_then(|x| x.fx.as_ref()).unwrap();
        assert_eq!(
            fx.conformance_level.as_deref(),
            extracted.profile.map(|p| p.xmp_name())
        );
        assert_eq!(info.pdfa.as_deref(), Some("3B"));
    }
    assert!(
        failures.is_empty(),
        "{} sample(s) fail our checks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Re-embedding into an official sample (PDF/A-3 already, with two other
/// attachments) replaces its factur-x.xml, keeps the others, and stays clean.
#[test]
fn re_embedding_into_an_official_sample_keeps_other_attachments() {
    let dir = common::samples_dir().join("EN16931");
    let pdf_path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .find(|p| extract_all(&std::fs::read(p).unwrap()).unwrap().len() > 1)
        .expect("an EN16931 sample with supplementary attachments");
    let pdf = std::fs::read(&pdf_path).unwrap();
    let before: Vec<_> = extract_all(&pdf)
        .unwrap()
        .into_iter()
        .map(|a| (a.info.name, a.data))
        .collect();
    let xml = common::sample_xml("EXTENDED");
    let out = embed(&pdf, &xml, &common::fixed()).unwrap();
    assert!(
        out.warnings.iter().any(|w| w.code == "replaced-invoice"),
        "{:?}",
        out.warnings
    );
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
    let after: Vec<_> = extract_all(&out.pdf)
        .unwrap()
        .into_iter()
        .map(|a| (a.info.name, a.data))
        .collect();
    assert_eq!(after.len(), before.len());
    for (name, data) in &before {
        let now = after
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} lost"));
        if name == "factur-x.xml" {
            assert_eq!(now.1, xml);
        } else {
            assert_eq!(&now.1, data, "{name} changed");
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    common::qpdf_check(tmp.path(), &out.pdf, "re-embedded");
    let path = tmp.path().join("re-embedded.pdf");
    std::fs::write(&path, &out.pdf).unwrap();
    let (ok, report) = common::verapdf(&[path]);
    assert!(ok, "{report}");
}
