//! Deposit packages and the ledger: batches, duplicates, forcing, and a
//! packager killed mid-way.
//!
//! The 1,000 invoices are generated from the Chorus-shaped fixture
//! (`fixtures/chorus/deposit-a1.json`), each written as EN 16931 CII by
//! `facturx-cii` (deterministic: the same invoice gives the same bytes).
//! `package_documents` takes model + bytes pairs, so the checks run on the
//! model without re-reading; `package` with [`facturx_chorus::FileReader`]
//! is exercised on the official PDFs in `tests/fnfe.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use facturx_chorus::package::{BatchFormat, Document, Options, Syntax, package, package_documents};
use facturx_chorus::rules::{CheckOptions, FileFacts};
use facturx_chorus::{InvoiceKey, Ledger};
use facturx_model::{Date, Invoice};

fn template() -> Invoice {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/chorus/deposit-a1.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn cii(invoice: &Invoice) -> Vec<u8> {
    facturx_cii::to_vec(invoice, facturx_model::Profile::En16931).unwrap()
}

/// The CII bytes of the template numbered `number`.
fn xml_for(number: &str) -> Vec<u8> {
    let mut inv = template();
    inv.number = number.to_string();
    cii(&inv)
}

/// `count` invoices numbered FA-2026-0001...; `bad` (1-based) gets BT-3 751.
fn batch(count: usize, bad: Option<usize>) -> Vec<Document> {
    let base = template();
    (1..=count)
        .map(|i| {
            let mut inv = base.clone();
            inv.number = format!("FA-2026-{i:04}");
            if Some(i) == bad {
                inv.type_code = "751".to_string();
            }
            Document {
                source: format!("in/{}.xml", inv.number),
                file_name: format!("{}.xml", inv.number),
                bytes: cii(&inv),
                invoice: Ok(inv),
                facts: FileFacts::default(),
            }
        })
        .collect()
}

fn options(ledger: &Path, batch: BatchFormat) -> Options<'static> {
    let mut o = Options::new(CheckOptions::new(today()));
    o.ledger_path = Some(ledger.to_path_buf());
    o.batch = batch;
    o
}

fn tar_members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let gz = flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap());
    let mut archive = tar::Archive::new(gz);
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn one_bad_invoice_among_1000() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let out = dir.path().join("out");
    let summary = package_documents(
        batch(1000, Some(500)),
        &out,
        &options(&ledger, BatchFormat::TarGz),
    )
    .unwrap();

    assert_eq!(summary.rejected.len(), 1);
    let r = &summary.rejected[0];
    assert_eq!(r.number.as_deref(), Some("FA-2026-0500"));
    assert_eq!(r.reasons.len(), 1);
    assert_eq!(r.reasons[0].rule, "CPRO-07");
    assert!(r.reasons[0].message.contains("\"751\" is not accepted"));

    // 999 invoices in two batches of at most 500, one syntax each.
    let files: Vec<&str> = summary.deposits.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(
        files,
        ["chorus-batch-cii-001.tar.gz", "chorus-batch-cii-002.tar.gz"]
    );
    assert_eq!(summary.deposits[0].invoices.len(), 500);
    assert_eq!(summary.deposits[1].invoices.len(), 499);
    assert!(summary.deposits.iter().all(|d| d.syntax == Syntax::Cii));
    let mut names: Vec<String> = summary
        .deposits
        .iter()
        .flat_map(|d| tar_members(&out.join(&d.file)))
        .map(|(name, bytes)| {
            assert!(
                bytes == xml_for(name.trim_end_matches(".xml")),
                "{name} differs"
            );
            name
        })
        .collect();
    assert_eq!(names.len(), 999);
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 999);
    assert!(!names.contains(&"FA-2026-0500.xml".to_string()));

    // The manifest says the same.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["deposits"][0]["syntaxeFlux"], "IN_DP_E1_CII_16B");
    assert_eq!(
        manifest["deposits"][1]["invoices"]
            .as_array()
            .unwrap()
            .len(),
        499
    );
    assert_eq!(manifest["rejected"][0]["reasons"][0]["rule"], "CPRO-07");
    let sha = manifest["deposits"][0]["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);

    // The ledger holds the 999, and a second run rejects them all.
    let ledger_rows = Ledger::open(&ledger).unwrap().list().unwrap();
    assert_eq!(ledger_rows.len(), 999);
    assert!(ledger_rows.iter().all(|e| e.deposit_sha256.len() == 64));
    let again = package_documents(
        batch(1000, Some(500)),
        &dir.path().join("out2"),
        &options(&ledger, BatchFormat::TarGz),
    )
    .unwrap();
    assert!(again.deposits.is_empty());
    assert_eq!(again.rejected.len(), 1000);
    let dup = &again.rejected[0].reasons[0];
    assert_eq!(dup.rule, "CPRO-19");
    assert!(dup.message.contains("already packaged"), "{}", dup.message);
    assert!(dup.message.contains("chorus-batch-cii-001.tar.gz"));
}

#[test]
fn duplicates_within_a_batch_and_forget() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let mut docs = batch(3, None);
    let mut copy = docs[1].clone();
    copy.source = "other/FA-2026-0002.xml".to_string();
    copy.file_name = "copy.xml".to_string();
    docs.push(copy);
    let s = package_documents(
        docs,
        &dir.path().join("a"),
        &options(&ledger, BatchFormat::Single),
    )
    .unwrap();
    assert_eq!(s.deposits.len(), 3);
    assert_eq!(s.rejected.len(), 1);
    assert_eq!(s.rejected[0].reasons[0].rule, "CPRO-19");
    assert!(
        s.rejected[0].reasons[0]
            .message
            .contains("in/FA-2026-0002.xml in this batch")
    );
    for d in &s.deposits {
        let written = std::fs::read(dir.path().join("a").join(&d.file)).unwrap();
        assert!(
            written == xml_for(d.file.trim_end_matches(".xml")),
            "{} differs",
            d.file
        );
    }

    // After a rejection on the portal, forgetting the number lets it through again.
    let key = InvoiceKey {
        supplier: "123456782".into(),
        year: 2026,
        number: "FA-2026-0002".into(),
    };
    assert!(Ledger::open(&ledger).unwrap().forget(&key).unwrap());
    let s = package_documents(
        batch(3, None),
        &dir.path().join("b"),
        &options(&ledger, BatchFormat::Single),
    )
    .unwrap();
    let packaged: Vec<&str> = s.deposits.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(packaged, ["FA-2026-0002.xml"]);
    assert_eq!(s.rejected.len(), 2);
}

#[test]
fn force_overrides_rules_but_not_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let mut o = options(&ledger, BatchFormat::Zip);
    o.force = true;
    let mut docs = batch(2, Some(2));
    docs[0].invoice.as_mut().unwrap().business_process = None;
    let s = package_documents(docs, &dir.path().join("a"), &o).unwrap();
    assert!(s.rejected.is_empty());
    assert_eq!(s.deposits[0].invoices[0].warnings[0].rule, "CPRO-05");
    assert!(s.deposits[0].invoices[0].forced.is_empty());
    assert_eq!(s.deposits.len(), 1);
    assert_eq!(s.deposits[0].file, "chorus-batch-cii-001.zip");
    assert_eq!(s.deposits[0].invoices[1].forced[0].rule, "CPRO-07");
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(dir.path().join("a/chorus-batch-cii-001.zip")).unwrap(),
    )
    .unwrap();
    assert_eq!(zip.len(), 2);
    let mut content = Vec::new();
    zip.by_name("FA-2026-0002.xml")
        .unwrap()
        .read_to_end(&mut content)
        .unwrap();
    assert!(
        content == batch(2, Some(2))[1].bytes,
        "the forced invoice is packaged as given"
    );

    let s = package_documents(batch(2, None), &dir.path().join("b"), &o).unwrap();
    assert!(s.deposits.is_empty());
    assert!(s.rejected.iter().all(|r| r.reasons[0].rule == "CPRO-19"));
}

#[test]
fn package_reads_files_through_the_reader_seam() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let pdf = inputs.join("FA-2026-0001.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n% test\n").unwrap();
    let xml = inputs.join("FA-2026-0002.xml");
    std::fs::write(&xml, xml_for("FA-2026-0002")).unwrap();
    let junk = inputs.join("notes.txt");
    std::fs::write(&junk, b"hello").unwrap();
    let broken = inputs.join("broken.xml");
    std::fs::write(&broken, b"<oops").unwrap();
    let reader = |name: &str, _bytes: &[u8]| {
        if name == "broken.xml" {
            return Err("not a CII document".to_string());
        }
        let mut inv = template();
        inv.number = name.split('.').next().unwrap().to_string();
        Ok((inv, Vec::new()))
    };
    let files = vec![pdf, xml, junk, broken, inputs.join("missing.pdf")];
    let s = package(
        &files,
        &dir.path().join("out"),
        &options(&dir.path().join("l.sqlite"), BatchFormat::Single),
        &reader,
    )
    .unwrap();
    let syntaxes: Vec<(&str, Syntax)> = s
        .deposits
        .iter()
        .map(|d| (d.file.as_str(), d.syntax))
        .collect();
    assert_eq!(
        syntaxes,
        [
            ("FA-2026-0001.pdf", Syntax::FacturX),
            ("FA-2026-0002.xml", Syntax::Cii)
        ]
    );
    let reasons: Vec<String> = s
        .rejected
        .iter()
        .map(|r| r.reasons[0].message.to_string())
        .collect();
    assert_eq!(reasons.len(), 3);
    assert!(
        reasons[0].contains("neither a PDF nor an XML"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("not a CII document"));
    assert!(reasons[2].contains("cannot read"));
}

const CHILD_ENV: &str = "FACTURX_CHORUS_CRASH_CHILD";

/// Packages 1,000 invoices (one bad) as single files into the folder named
/// by the environment; the crash test runs it in a child process and kills
/// it. Run directly, it packages into a temporary folder and checks the result.
#[test]
fn crash_child_packager() {
    let (root, _keep) = match std::env::var_os(CHILD_ENV) {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let t = tempfile::tempdir().unwrap();
            (t.path().to_path_buf(), Some(t))
        }
    };
    let s = package_documents(
        batch(1000, Some(500)),
        &root.join("out"),
        &options(&root.join("ledger.sqlite"), BatchFormat::Single),
    )
    .unwrap();
    assert_eq!((s.deposits.len(), s.rejected.len()), (999, 1));
}

#[test]
fn killed_mid_way_then_rerun_records_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child_packager", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written some files but (very likely) not all.
    let start = Instant::now();
    loop {
        let written = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        if written >= 50 || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().ok(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    let ledger_path = dir.path().join("ledger.sqlite");
    let before = Ledger::open(&ledger_path).unwrap().list().unwrap().len();
    // All or nothing: the transaction commits the whole package or none of it.
    assert!(
        before == 0 || before == 999,
        "ledger holds {before} entries after the kill ({status:?})"
    );
    let killed_mid_way = before == 0;

    // Re-run: no duplicates, nothing missing.
    let rerun = package_documents(
        batch(1000, Some(500)),
        &out,
        &options(&ledger_path, BatchFormat::Single),
    );
    let entries = Ledger::open(&ledger_path).unwrap().list().unwrap();
    assert_eq!(entries.len(), 999);
    if killed_mid_way {
        let s = rerun.unwrap();
        assert_eq!(s.deposits.len(), 999);
        assert_eq!(s.rejected.len(), 1);
    } else {
        // The child finished: the folder holds a committed package.
        assert!(matches!(
            rerun,
            Err(facturx_chorus::Error::OutputInUse { .. })
        ));
    }
    for e in &entries {
        let bytes = std::fs::read(out.join(&e.deposit_file)).unwrap();
        assert!(
            bytes == xml_for(&e.key.number),
            "{} differs",
            e.deposit_file
        );
    }
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".facturx-tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("killed mid-way: {killed_mid_way}");
}

#[test]
fn interrupted_after_files_before_commit() {
    // The state a crash leaves between the file writes and the commit:
    // complete files and a temporary one in the folder, nothing in the ledger.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("chorus-batch-cii-001.tar.gz"), b"stale").unwrap();
    std::fs::write(out.join("chorus-batch-cii-009.tar.gz"), b"stale").unwrap();
    std::fs::write(
        out.join(".facturx-tmp-1-chorus-batch-cii-002.tar.gz"),
        b"part",
    )
    .unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let s =
        package_documents(batch(10, None), &out, &options(&ledger, BatchFormat::TarGz)).unwrap();
    assert_eq!(s.deposits.len(), 1);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chorus-batch-cii-001.tar.gz", "manifest.json"]);
    assert_eq!(
        tar_members(&out.join("chorus-batch-cii-001.tar.gz")).len(),
        10
    );
    assert_eq!(Ledger::open(&ledger).unwrap().list().unwrap().len(), 10);
}

#[test]
fn reserved_names_are_refused_in_single_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = batch(2, None);
    docs[0].file_name = "manifest.json".to_string();
    docs[1].file_name = "chorus-batch-cii-001.tar.gz".to_string();
    let s = package_documents(
        docs,
        &dir.path().join("out"),
        &options(&dir.path().join("l.sqlite"), BatchFormat::Single),
    )
    .unwrap();
    assert!(s.deposits.is_empty());
    assert!(
        s.rejected
            .iter()
            .all(|r| r.reasons[0].message.contains("reserved by the package"))
    );
}

#[test]
fn a_committed_package_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let out = dir.path().join("out");
    package_documents(batch(3, None), &out, &options(&ledger, BatchFormat::TarGz)).unwrap();
    let first = std::fs::read(out.join("chorus-batch-cii-001.tar.gz")).unwrap();

    // Other invoices into the same folder would replace the first archive.
    let mut other = batch(6, None);
    other.drain(..3);
    let err =
        package_documents(other.clone(), &out, &options(&ledger, BatchFormat::TarGz)).unwrap_err();
    assert!(
        matches!(err, facturx_chorus::Error::OutputInUse { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("new folder"));
    assert_eq!(
        std::fs::read(out.join("chorus-batch-cii-001.tar.gz")).unwrap(),
        first
    );
    assert_eq!(Ledger::open(&ledger).unwrap().list().unwrap().len(), 3);

    // Single files would remove it as a stale batch: refused too.
    let err =
        package_documents(other.clone(), &out, &options(&ledger, BatchFormat::Single)).unwrap_err();
    assert!(
        matches!(err, facturx_chorus::Error::OutputInUse { .. }),
        "{err:?}"
    );
    // Even when every invoice is a duplicate, the manifest is kept.
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    let err =
        package_documents(batch(3, None), &out, &options(&ledger, BatchFormat::Zip)).unwrap_err();
    assert!(
        matches!(err, facturx_chorus::Error::OutputInUse { .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);

    // A new folder works.
    let s = package_documents(
        other,
        &dir.path().join("out2"),
        &options(&ledger, BatchFormat::TarGz),
    )
    .unwrap();
    assert_eq!(s.deposits[0].invoices.len(), 3);
    assert_eq!(Ledger::open(&ledger).unwrap().list().unwrap().len(), 6);
}

#[test]
fn clashing_file_names_are_refused_in_batches_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = batch(2, None);
    docs[1].file_name = docs[0].file_name.clone();
    let s = package_documents(
        docs,
        &dir.path().join("out"),
        &options(&dir.path().join("l.sqlite"), BatchFormat::TarGz),
    )
    .unwrap();
    assert_eq!(s.deposits[0].invoices.len(), 1);
    assert_eq!(s.rejected.len(), 1);
    assert!(
        s.rejected[0].reasons[0]
            .message
            .contains("is also used by in/FA-2026-0001.xml"),
        "{:?}",
        s.rejected[0].reasons
    );
}
