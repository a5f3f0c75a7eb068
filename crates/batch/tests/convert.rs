#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! End-to-end conversion of the exports in `fixtures/csv/`.

use std::fs;
use std::path::{Path, PathBuf};

use facturx_batch::{ConvertOptions, Summary, convert};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/csv")
        .join(name)
}

fn run(input: &Path, mapping: &str, out: &Path) -> Summary {
    let mut options = ConvertOptions::new(input, out);
    options.mapping = Some(fixture(mapping));
    convert(&options, &|_| {}).unwrap()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn french_export_converts_every_invoice() {
    let out = tempfile::tempdir().unwrap();
    let summary = run(&fixture("export-fr.csv"), "mapping-fr.toml", out.path());
    let rejects = fs::read_to_string(out.path().join("rejects.json")).unwrap();
    assert_eq!(
        (summary.read, summary.written, summary.rejected),
        (4, 4, 0),
        "{rejects}"
    );
    let manifest = json(&out.path().join("manifest.json"));
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    assert_eq!(files[0]["file"], "FR32123456782_F2026-0001.xml");
    assert_eq!(files[0]["grand_total"], "15120.00");
    assert_eq!(files[0]["rows"], serde_json::json!([2, 3]));
    assert_eq!(files[1]["grand_total"], "1651.65");
    let xml = fs::read(out.path().join("FR32123456782_F2026-0001.xml")).unwrap();
    let text = String::from_utf8(xml).unwrap();
    assert!(text.contains("Pose, raccordement\net mise en service"));
    assert!(text.contains("Boulangerie Lefèvre"));
}
