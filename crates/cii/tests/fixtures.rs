//! Every fixture in `fixtures/invoices/` (index: `fixtures/invoices/README.md`)
//! generates CII that is valid against its profile's XSD, passes the official
//! Factur-X 1.09.2 schematron of that profile with no fatal finding, and (BASIC,
//! EN 16931 and EXTENDED) the CEN EN 16931 CII 1.3.16 schematron too. The
//! schematrons run with Saxon through `tests/oracle/run_xslt.py`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use facturx_model::{Invoice, Profile, calc};

fn fixtures() -> Vec<PathBuf> {
    let dir = common::root().join("fixtures/invoices");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

/// Reads a fixture, computes its totals and writes it with its profile.
fn generate(path: &PathBuf) -> (Invoice, Profile, Vec<u8>) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut inv = facturx_input::from_json(&std::fs::read(path).unwrap(), &name).unwrap();
    let profile = inv
        .profile
        .unwrap_or_else(|| panic!("{name}: fixtures must name their profile"));
    calc::compute(&mut inv).unwrap_or_else(|e| panic!("{name}: {e}"));
    let xml = facturx_cii::to_vec(&inv, profile).unwrap_or_else(|e| panic!("{name}: {e}"));
    (inv, profile, xml)
}

#[test]
fn readme_lists_every_fixture() {
    let readme =
        std::fs::read_to_string(common::root().join("fixtures/invoices/README.md")).unwrap();
    for f in fixtures() {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            readme.contains(&format!("`{name}`")),
            "fixtures/invoices/README.md lacks `{name}`"
        );
    }
}

#[test]
fn every_profile_has_a_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for p in Profile::ALL {
        assert!(
            names.contains(&format!("{}.json", p.cli_name())),
            "no fixture {}.json",
            p.cli_name()
        );
    }
}

#[test]
fn fixtures_are_xsd_valid_and_pass_the_official_schematrons() {
    let out = tempfile::tempdir().unwrap();
    let mut by_profile: BTreeMap<Profile, Vec<PathBuf>> = BTreeMap::new();
    let mut cen = Vec::new();
    let mut problems = Vec::new();
    for f in fixtures() {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let (_, profile, xml) = generate(&f);
        let errors = common::xsd_errors(&xml, profile);
        if !errors.is_empty() {
            problems.push(format!("{name}: XSD: {errors:#?}"));
        }
        // Same input, same bytes.
        assert_eq!(generate(&f).2, xml, "{name}: output is not deterministic");
        let target = out.path().join(name.replace(".json", ".xml"));
        std::fs::write(&target, &xml).unwrap();
        if profile >= Profile::Basic {
            cen.push(target.clone());
        }
        by_profile.entry(profile).or_default().push(target);
    }
    let art = common::artefacts();
    for (profile, files) in &by_profile {
        let dir = profile.dir_name();
        let xslt = art.join(format!("facturx-1.09.2/xslt/{dir}/FACTUR-X_{dir}.xslt"));
        for f in common::schematron_fatal(&xslt, files) {
            problems.push(format!(
                "Factur-X {dir}: {} {} at {}: {}",
                f.file, f.id, f.location, f.text
            ));
        }
    }
    let xslt = art.join("en16931-cii-1.3.16/xslt/EN16931-CII-validation.xslt");
    for f in common::schematron_fatal(&xslt, &cen) {
        problems.push(format!(
            "CEN: {} {} at {}: {}",
            f.file, f.id, f.location, f.text
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn profile_fixture_snapshots() {
    for p in Profile::ALL {
        let path = common::root().join(format!("fixtures/invoices/{}.json", p.cli_name()));
        let (_, profile, xml) = generate(&path);
        assert_eq!(profile, p);
        insta::assert_snapshot!(
            format!("fixture_{}", p.cli_name()),
            String::from_utf8(xml).unwrap()
        );
    }
}

#[test]
fn fixtures_read_back_to_the_same_model() {
    for f in fixtures() {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let (inv, _, xml) = generate(&f);
        let back = facturx_cii::read(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.warnings.is_empty(), "{name}: {:?}", back.warnings);
        assert_eq!(
            back.invoice, inv,
            "{name}: the written XML reads back differently"
        );
    }
}
