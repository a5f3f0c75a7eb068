//! Shared helpers of the facturx-cii integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use facturx_model::Profile;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The 55 official Factur-X samples (FNFE), `(profile dir, path)`, sorted.
pub fn official_samples() -> Vec<PathBuf> {
    let base = Path::new("/work/shared/standards/examples/facturx-official-fnfe");
    let mut out = Vec::new();
    for dir in ["MINIMUM", "BASIC-WL", "BASIC", "EN16931", "EXTENDED"] {
        let d = base.join(dir);
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (official samples missing: see /work/shared/standards/MANIFEST.md)",
                d.display()
            )
        });
        for e in entries {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".factur-x.xml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// XSD findings of `xml` against `profile`'s Factur-X 1.09.2 schema, as text.
pub fn xsd_errors(xml: &[u8], profile: Profile) -> Vec<String> {
    let v = facturx_xsd::Validator::for_profile(profile)
        .expect("facturx-xsd has no embedded schemas: run schemas/fetch.sh");
    v.validate(xml)
        .expect("XSD validation could not run")
        .iter()
        .map(|f| format!("{}: {}", f.location, f.message))
        .collect()
}

/// The artefacts directory (`schemas/artefacts`), populated by `schemas/fetch.sh`.
pub fn artefacts() -> PathBuf {
    let p = root().join("schemas/artefacts");
    assert!(
        p.join("facturx-1.09.2").is_dir(),
        "{} is missing: run schemas/fetch.sh",
        p.display()
    );
    p
}

/// One failed assert of a schematron run: (file, id, flag, location, text).
#[derive(Debug, Clone)]
pub struct Failure {
    pub file: String,
    pub id: String,
    pub flag: String,
    pub location: String,
    pub text: String,
}

/// Runs the official compiled schematron `stylesheet` on `files` in one Saxon
/// call (tests/oracle/run_xslt.py) and returns the failed asserts flagged
/// `fatal` or not flagged at all (errors; `warning` ones are left out).
pub fn schematron_fatal(stylesheet: &Path, files: &[PathBuf]) -> Vec<Failure> {
    assert!(
        stylesheet.is_file(),
        "{} is missing: run schemas/fetch.sh",
        stylesheet.display()
    );
    let list = tempfile::NamedTempFile::new().unwrap();
    let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    std::fs::write(list.path(), text).unwrap();
    let out = Command::new("python3")
        .arg(root().join("tests/oracle/run_xslt.py"))
        .arg(stylesheet)
        .arg("--list")
        .arg(list.path())
        .output()
        .expect("python3 is needed for the schematron oracle (scripts/setup.sh installs saxonche)");
    assert!(
        out.status.success(),
        "schematron oracle failed (run scripts/setup.sh to install saxonche): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut fatal = Vec::new();
    let mut seen = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        seen += 1;
        let file = v["file"].as_str().unwrap().to_string();
        assert!(
            v.get("error").is_none(),
            "{file}: transformation failed: {}",
            v["error"]
        );
        for r in v["results"].as_array().unwrap() {
            let r: Vec<String> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap_or("").to_string())
                .collect();
            // Failed asserts without a flag are errors too (the Factur-X schematrons set none).
            if (r[1] == "fatal" || r[1].is_empty()) && r[2] == "assert" {
                fatal.push(Failure {
                    file: file.clone(),
                    id: r[0].clone(),
                    flag: r[1].clone(),
                    location: r[3].clone(),
                    text: r[4].clone(),
                });
            }
        }
    }
    assert_eq!(seen, files.len(), "the oracle must report every file");
    fatal
}
