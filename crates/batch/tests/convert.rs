#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! End-to-end conversion of the exports in `fixtures/csv/`.

use std::fs;
use std::path::{Path, PathBuf};

use facturx_batch::{ConvertOptions, Summary, Validation, convert};
use sha2::Digest;

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

fn rejects(out: &Path) -> Vec<serde_json::Value> {
    json(&out.join("rejects.json")).as_array().unwrap().clone()
}

fn files(out: &Path) -> Vec<serde_json::Value> {
    json(&out.join("manifest.json"))["files"]
        .as_array()
        .unwrap()
        .clone()
}

fn assert_adds_up(s: &Summary, out: &Path) {
    assert_eq!(s.read, s.written + s.rejected, "{s}");
    assert_eq!(files(out).len() as u64, s.written);
    assert_eq!(rejects(out).len() as u64, s.rejected);
    let xml_files = fs::read_dir(out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "xml")
        })
        .count() as u64;
    assert_eq!(xml_files, s.written);
    // No temporary file is left behind.
    for e in fs::read_dir(out).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}

#[test]
fn bom_and_crlf_give_the_same_outputs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(&fixture("export-fr.csv"), "mapping-fr.toml", a.path());
    let s = run(&fixture("export-fr-bom.csv"), "mapping-fr.toml", b.path());
    assert_eq!((s.written, s.rejected), (4, 0));
    assert_adds_up(&s, b.path());
    // The multi-line description keeps its line break as written (CRLF here),
    // so only compare the invoices without it.
    for name in [
        "FR32123456782_F2026-0002.xml",
        "FR32123456782_F2026-0004.xml",
    ] {
        assert_eq!(
            fs::read(a.path().join(name)).unwrap(),
            fs::read(b.path().join(name)).unwrap()
        );
    }
}

#[test]
fn windows_1252_names_with_accents_are_decoded() {
    let out = tempfile::tempdir().unwrap();
    let s = run(
        &fixture("export-fr-cp1252.csv"),
        "mapping-fr-cp1252.toml",
        out.path(),
    );
    assert_eq!((s.written, s.rejected), (4, 0), "{:?}", rejects(out.path()));
    let f = files(out.path());
    assert_eq!(f[0]["buyer"], "Boulangerie Lefèvre");
    let xml = fs::read_to_string(out.path().join("FR32123456782_F2026-0002.xml")).unwrap();
    assert!(
        xml.contains("<ram:Name>Formation sécurité</ram:Name>"),
        "{xml}"
    );
    // Read as UTF-8, the accented column names do not match: the job stops, naming them.
    let out2 = tempfile::tempdir().unwrap();
    let mut options = ConvertOptions::new(fixture("export-fr-cp1252.csv"), out2.path());
    options.mapping = Some(fixture("mapping-fr.toml"));
    let err = convert(&options, &|_| {}).unwrap_err().to_string();
    assert!(err.contains("not in the header row"), "{err}");
}

#[test]
fn broken_amount_rejects_its_invoice_only_with_its_row() {
    let out = tempfile::tempdir().unwrap();
    let s = run(&fixture("broken-amount.csv"), "mapping-fr.toml", out.path());
    assert_eq!((s.read, s.written, s.rejected), (4, 3, 1));
    assert_adds_up(&s, out.path());
    let r = &rejects(out.path())[0];
    assert_eq!(r["invoice_number"], "F2026-0002");
    assert_eq!(r["rows"], serde_json::json!([5, 6]));
    let p = &r["problems"][0];
    assert_eq!(p["rule"], "CSV-NUMBER");
    assert_eq!(p["line"], 6);
    assert_eq!(p["column"], "Prix unitaire HT");
    assert!(
        p["message"]
            .as_str()
            .unwrap()
            .contains("\"2,5O\" is not a number")
    );
    let csv = fs::read_to_string(out.path().join("rejects.csv")).unwrap();
    assert!(csv.contains("F2026-0002"), "{csv}");
    assert!(
        csv.contains("row 6, column \"\"Prix unitaire HT\"\", CSV-NUMBER"),
        "{csv}"
    );
}

#[test]
fn missing_mandatory_field_is_rejected() {
    let out = tempfile::tempdir().unwrap();
    let s = run(&fixture("missing-field.csv"), "mapping-fr.toml", out.path());
    assert_eq!((s.read, s.written, s.rejected), (4, 3, 1));
    assert_adds_up(&s, out.path());
    let r = &rejects(out.path())[0];
    assert_eq!(r["invoice_number"], "F2026-0003");
    assert_eq!(r["problems"][0]["rule"], "CSV-MISSING");
    assert_eq!(r["problems"][0]["line"], 7);
    assert_eq!(r["problems"][0]["column"], "Client");
}

#[test]
fn duplicate_invoice_number_rejects_the_later_one() {
    let out = tempfile::tempdir().unwrap();
    let s = run(&fixture("duplicates.csv"), "mapping-fr.toml", out.path());
    assert_eq!((s.read, s.written, s.rejected), (5, 4, 1));
    assert_adds_up(&s, out.path());
    let r = &rejects(out.path())[0];
    assert_eq!(r["invoice_number"], "F2026-0001");
    assert_eq!(r["rows"], serde_json::json!([9]));
    assert_eq!(r["problems"][0]["rule"], "CSV-DUPLICATE");
    let m = r["problems"][0]["message"].as_str().unwrap();
    assert!(m.contains("row 2"), "{m}");
    // The first F2026-0001 is intact (two lines).
    let first = files(out.path())
        .into_iter()
        .find(|f| f["invoice_number"] == "F2026-0001")
        .unwrap();
    assert_eq!(first["rows"], serde_json::json!([2, 3]));
    assert_eq!(first["grand_total"], "15120.00");
}

#[test]
fn interleaved_rows_give_the_same_invoices() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(&fixture("export-fr.csv"), "mapping-fr.toml", a.path());
    let s = run(&fixture("interleaved.csv"), "mapping-fr.toml", b.path());
    assert_eq!((s.read, s.written, s.rejected), (4, 4, 0));
    assert_adds_up(&s, b.path());
    for f in files(a.path()) {
        let name = f["file"].as_str().unwrap();
        assert_eq!(
            fs::read(a.path().join(name)).unwrap(),
            fs::read(b.path().join(name)).unwrap(),
            "{name}"
        );
    }
    let f1 = files(b.path())
        .into_iter()
        .find(|f| f["invoice_number"] == "F2026-0001")
        .unwrap();
    assert_eq!(f1["rows"], serde_json::json!([3, 5]));
}

#[test]
fn empty_and_header_only_files_convert_to_nothing() {
    for name in ["empty.csv", "header-only.csv"] {
        let out = tempfile::tempdir().unwrap();
        let s = run(&fixture(name), "mapping-fr.toml", out.path());
        assert_eq!((s.read, s.written, s.rejected), (0, 0, 0), "{name}");
        assert_adds_up(&s, out.path());
        assert_eq!(s.to_string(), "0 read, 0 written, 0 rejected");
    }
}

#[test]
fn rerun_skips_identical_and_refuses_different_outputs() {
    let out = tempfile::tempdir().unwrap();
    run(&fixture("export-fr.csv"), "mapping-fr.toml", out.path());
    let again = run(&fixture("export-fr.csv"), "mapping-fr.toml", out.path());
    assert_eq!((again.written, again.unchanged, again.rejected), (4, 4, 0));
    assert_eq!(
        again.to_string(),
        "4 read, 4 written, 0 rejected (4 already up to date)"
    );
    assert!(files(out.path()).iter().all(|f| f["status"] == "unchanged"));
    // Change one output by hand: a re-run keeps it and rejects that invoice.
    let target = out.path().join("FR32123456782_F2026-0003.xml");
    fs::write(&target, b"edited").unwrap();
    let s = run(&fixture("export-fr.csv"), "mapping-fr.toml", out.path());
    assert_eq!((s.written, s.rejected), (3, 1));
    assert_eq!(fs::read(&target).unwrap(), b"edited");
    let r = &rejects(out.path())[0];
    assert_eq!(r["problems"][0]["rule"], "BATCH-EXISTS");
    // With overwrite it is replaced.
    let mut options = ConvertOptions::new(fixture("export-fr.csv"), out.path());
    options.mapping = Some(fixture("mapping-fr.toml"));
    options.overwrite = true;
    let s = convert(&options, &|_| {}).unwrap();
    assert_eq!((s.written, s.unchanged, s.rejected), (4, 3, 0));
    assert_ne!(fs::read(&target).unwrap(), b"edited");
}

#[test]
fn progress_is_reported_and_ends_complete() {
    let out = tempfile::tempdir().unwrap();
    let mut options = ConvertOptions::new(fixture("broken-amount.csv"), out.path());
    options.mapping = Some(fixture("mapping-fr.toml"));
    let seen = std::cell::RefCell::new(Vec::new());
    convert(&options, &|p| seen.borrow_mut().push(p)).unwrap();
    let last = *seen.borrow().last().unwrap();
    assert_eq!((last.read, last.written, last.rejected), (4, 3, 1));
    assert_eq!(last.bytes_read, last.bytes_total);
    assert!(last.bytes_total > 0);
}

#[test]
fn outputs_pass_the_xsd() {
    let out = tempfile::tempdir().unwrap();
    run(&fixture("export-fr.csv"), "mapping-fr.toml", out.path());
    let validator = facturx_xsd::Validator::for_profile(facturx_model::Profile::En16931).unwrap();
    for f in files(out.path()) {
        let xml = fs::read(out.path().join(f["file"].as_str().unwrap())).unwrap();
        assert!(validator.validate(&xml).unwrap().is_empty());
        let digest = sha2::Sha256::digest(&xml);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(f["sha256"], hex);
    }
}

#[test]
fn two_file_export_joins_lines_and_accounts_for_orphans() {
    let out = tempfile::tempdir().unwrap();
    let mut options = ConvertOptions::new(fixture("split/invoices.csv"), out.path());
    options.lines = Some(fixture("split/lines.csv"));
    options.mapping = Some(fixture("split/mapping.toml"));
    let s = convert(&options, &|_| {}).unwrap();
    let r = rejects(out.path());
    // INV-1001..1003 written; INV-1004 has no lines; INV-9999 has no invoice row.
    assert_eq!((s.read, s.written, s.rejected), (5, 3, 2), "{r:?}");
    assert_adds_up(&s, out.path());
    let f = files(out.path());
    assert_eq!(f[0]["invoice_number"], "INV-1001");
    assert_eq!(f[0]["grand_total"], "1230.00");
    assert_eq!(f[0]["rows"], serde_json::json!([2]));
    assert_eq!(f[0]["lines_rows"], serde_json::json!([2, 3]));
    assert_eq!(f[2]["tax_total"], "0.00");
    let no_lines = r
        .iter()
        .find(|x| x["invoice_number"] == "INV-1004")
        .unwrap();
    assert_eq!(no_lines["problems"][0]["rule"], "CSV-NO-LINES");
    assert_eq!(no_lines["rows"], serde_json::json!([5]));
    let orphan = r
        .iter()
        .find(|x| x["invoice_number"] == "INV-9999")
        .unwrap();
    assert_eq!(orphan["problems"][0]["rule"], "CSV-ORPHAN-LINES");
    assert_eq!(orphan["lines_rows"], serde_json::json!([6]));
    assert!(
        orphan["lines_source"]
            .as_str()
            .unwrap()
            .ends_with("lines.csv")
    );
}

#[test]
fn business_rules_reject_what_the_xsd_accepts() {
    // Without an exemption reason, the exempt invoice F2026-0004 is XSD-valid
    // but breaks BR-E-10; the default validation (rules) rejects it.
    let out = tempfile::tempdir().unwrap();
    let s = run(
        &fixture("export-fr.csv"),
        "mapping-fr-no-exemption-reason.toml",
        out.path(),
    );
    assert_eq!((s.read, s.written, s.rejected), (4, 3, 1));
    assert_adds_up(&s, out.path());
    let r = &rejects(out.path())[0];
    assert_eq!(r["invoice_number"], "F2026-0004");
    let rules: Vec<&str> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"BR-E-10"), "{rules:?}");
    // With the XSD only, it is written.
    let out = tempfile::tempdir().unwrap();
    let mut options = ConvertOptions::new(fixture("export-fr.csv"), out.path());
    options.mapping = Some(fixture("mapping-fr-no-exemption-reason.toml"));
    options.validation = Validation::Xsd;
    let s = convert(&options, &|_| {}).unwrap();
    assert_eq!((s.written, s.rejected), (4, 0));
}

#[test]
fn pdf_output_embeds_the_validated_xml() {
    let out = tempfile::tempdir().unwrap();
    let mut options = ConvertOptions::new(fixture("export-fr.csv"), out.path());
    options.mapping = Some(fixture("mapping-fr.toml"));
    options.format = facturx_batch::Format::Pdf;
    options.validation = Validation::Xsd;
    let s = convert(&options, &|_| {}).unwrap();
    assert_eq!((s.written, s.rejected), (4, 0), "{:?}", rejects(out.path()));
    for f in files(out.path()) {
        let name = f["file"].as_str().unwrap();
        assert!(name.ends_with(".pdf"), "{name}");
        let pdf = fs::read(out.path().join(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let digest = sha2::Sha256::digest(&pdf);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(f["sha256"], hex);
    }
}
