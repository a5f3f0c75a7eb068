//! End-to-end render tests: the PDF's text (poppler's `pdftotext`), its
//! structure (`qpdf --check`) and its PDF/A-3b conformance (veraPDF, set up
//! by `tests/tools/verapdf/install.sh`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use facturx_model::{Invoice, Profile, calc};
use facturx_render::{Formatter, Lang, Logo, RenderOptions, Template, facturx, render};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf (Debian qpdf) must be installed");
    assert!(
        out.status.success(),
        "qpdf --check failed on {}:\n{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Whitespace-insensitive containment: pdftotext may break lines and may
/// turn spaces into other spaces.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The invoices every end-to-end test covers: the JSON fixtures of
/// `fixtures/invoices/` plus the ones built in `common`.
fn all_invoices() -> Vec<(String, Invoice)> {
    let mut out = vec![
        ("short".to_string(), common::short()),
        ("multi-rate".to_string(), common::multi_rate()),
        ("three-pages".to_string(), common::three_pages()),
        ("intra-community".to_string(), common::intra_community()),
        ("credit-note".to_string(), common::credit_note()),
    ];
    let dir = workspace().join("fixtures/invoices");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            let inv: Invoice =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((p.file_stem().unwrap().to_string_lossy().into_owned(), inv));
        }
    }
    out
}

fn check_text(name: &str, inv: &Invoice, lang: Lang, text: &str) {
    let mut inv = inv.clone();
    if inv.totals.is_none() || inv.lines.iter().any(|l| l.net_amount.is_none()) {
        calc::compute(&mut inv).unwrap();
    }
    let t = squash(text);
    assert!(
        t.contains(&squash(&inv.number)),
        "{name}: number {} missing",
        inv.number
    );
    for l in &inv.lines {
        assert!(
            t.contains(&squash(&l.item.name)),
            "{name}: line name {:?} missing",
            l.item.name
        );
        if let Some(d) = &l.item.description {
            assert!(t.contains(&squash(d)), "{name}: description {d:?} missing");
        }
    }
    let f = Formatter::new(lang);
    let totals = inv.totals.as_ref().unwrap();
    for amount in [
        totals.tax_basis_total,
        totals.grand_total,
        totals.due_payable,
    ]
    .into_iter()
    .chain(totals.tax_total)
    {
        let printed = f.amount(amount, &inv.currency);
        assert!(
            t.contains(&squash(&printed)),
            "{name}: amount {printed:?} missing"
        );
    }
}

#[test]
fn every_invoice_renders_with_its_number_lines_and_totals_and_passes_qpdf() {
    let dir = tempfile::tempdir().unwrap();
    for (name, inv) in all_invoices() {
        for lang in [Lang::Fr, Lang::En] {
            let pdf = render(&inv, &RenderOptions::new(lang)).unwrap();
            let path = dir.path().join(format!("{name}-{lang:?}.pdf"));
            std::fs::write(&path, &pdf).unwrap();
            qpdf_check(&path);
            check_text(&name, &inv, lang, &pdftotext(&path));
        }
    }
}

#[test]
fn french_amounts_and_dates_are_printed_in_french_style() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.pdf");
    std::fs::write(
        &path,
        render(&common::short(), &RenderOptions::default()).unwrap(),
    )
    .unwrap();
    // pdftotext prints the narrow and plain no-break spaces as spaces.
    let text = pdftotext(&path).replace(['\u{202F}', '\u{A0}'], " ");
    // 3 × 850 + 12 × 189.90 + 1250 = 6078.80 HT; TVA 1215.76; TTC 7294.56.
    assert!(text.contains("6 078,80 €"), "{text}");
    assert!(text.contains("7 294,56 €"), "{text}");
    assert!(text.contains("22/11/2026"), "{text}");
    assert!(text.contains("FACTURE"), "{text}");
    assert!(text.contains("FR76 3000 6000 0112 3456 7890 189"), "{text}");
    assert!(text.contains("SIREN : 123456789"), "{text}");
    assert!(text.contains("EJ-2026-000815"), "{text}");
    assert!(text.contains("40 €"), "{text}");
    assert!(text.contains("D441-5"), "{text}");
}

#[test]
fn english_labels_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.pdf");
    let pdf = render(&common::intra_community(), &RenderOptions::new(Lang::En)).unwrap();
    std::fs::write(&path, pdf).unwrap();
    let text = pdftotext(&path);
    assert!(text.contains("INVOICE"), "{text}");
    assert!(text.contains("€29,000.00"), "{text}");
    assert!(text.contains("intra-community supply"), "{text}");
}

#[test]
fn credit_notes_are_titled_avoir_and_reverse_charge_wording_is_french() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cn.pdf");
    std::fs::write(
        &path,
        render(&common::credit_note(), &RenderOptions::default()).unwrap(),
    )
    .unwrap();
    let text = pdftotext(&path);
    assert!(text.contains("AVOIR"), "{text}");
    assert!(text.contains("F2026-0042"), "{text}");

    let path = dir.path().join("k.pdf");
    std::fs::write(
        &path,
        render(&common::intra_community(), &RenderOptions::default()).unwrap(),
    )
    .unwrap();
    let text = pdftotext(&path);
    assert!(text.contains("article 262 ter I du CGI"), "{text}");
}

#[test]
fn a_long_invoice_numbers_its_pages_one_of_three_to_three_of_three() {
    let inv = common::three_pages();
    let opts = RenderOptions::default();
    assert_eq!(facturx_render::page_count(&inv, &opts).unwrap(), 3);
    assert!(inv.lines.len() > 40, "{} lines", inv.lines.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, render(&inv, &opts).unwrap()).unwrap();
    let text = pdftotext(&path);
    for p in ["Page 1/3", "Page 2/3", "Page 3/3"] {
        assert!(text.contains(p), "{p} missing");
    }
    assert!(!text.contains("Page 4/"), "too many pages");
    // The table header is repeated on every page.
    assert_eq!(text.matches("Désignation").count(), 3);
}

#[test]
fn ten_thousand_lines_render() {
    let inv = common::long(10_000);
    let pdf = render(&inv, &RenderOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("10k.pdf");
    std::fs::write(&path, &pdf).unwrap();
    qpdf_check(&path);
    let text = pdftotext(&path);
    assert!(text.contains("Prestation n° 10000 – maintenance préventive"));
    let pages = facturx_render::page_count(&inv, &RenderOptions::default()).unwrap();
    assert!(pages > 200, "{pages} pages");
    assert!(text.contains(&format!("Page {pages}/{pages}")));
}

#[test]
fn a_one_page_invoice_stays_under_60_kb() {
    let pdf = render(&common::short(), &RenderOptions::default()).unwrap();
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
    // The packaged file too: its content streams leave krilla unfiltered and
    // must be deflated by the packaging step, not shipped raw.
    let packaged = facturx(
        &common::short(),
        Profile::En16931,
        &RenderOptions::default(),
    )
    .unwrap();
    assert!(packaged.pdf.len() < 60_000, "{} bytes", packaged.pdf.len());
    let text = String::from_utf8_lossy(&packaged.pdf);
    assert!(
        !text.contains(" Tf "),
        "a content stream was left unfiltered"
    );
}

#[test]
fn logo_and_letterhead_colour_come_from_the_template() {
    // A 2x1 red PNG, written by hand: signature, IHDR, IDAT, IEND.
    let png = tiny_png();
    let logo = Logo::from_bytes(png).unwrap();
    assert_eq!(logo.size(), (2, 1));
    let opts = RenderOptions {
        lang: Lang::Fr,
        template: Template::from_toml_str("accent_color = \"#8B1E3F\"").unwrap(),
        logo: Some(logo),
    };
    let pdf = render(&common::short(), &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.pdf");
    std::fs::write(&path, &pdf).unwrap();
    qpdf_check(&path);
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.lines().count() >= 3, "no image in the pdf:\n{list}");
}

fn tiny_png() -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn adler(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &d in data {
            a = (a + u32::from(d)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend(data);
        out.extend(&c);
        out.extend(crc(&c).to_be_bytes());
    }
    let raw = [0u8, 0xC0, 0x10, 0x20, 0xC0, 0x10, 0x20]; // filter 0, two RGB pixels
    let mut z = vec![
        0x78,
        0x01,
        0x01,
        raw.len() as u8,
        0,
        !(raw.len() as u8),
        0xFF,
    ];
    z.extend(raw);
    z.extend(adler(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(2u32.to_be_bytes());
    ihdr.extend(1u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn verapdf_passes_every_rendered_pdf_as_pdfa_3b() {
    let script = workspace().join("tests/tools/verapdf/pdfa-check.sh");
    assert!(
        script.exists(),
        "veraPDF oracle missing: run tests/tools/verapdf/install.sh (see its README)"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, inv) in all_invoices() {
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, render(&inv, &RenderOptions::default()).unwrap()).unwrap();
        files.push(path);
    }
    // The packaged Factur-X files too: the embedding must keep PDF/A-3b.
    for (name, inv) in all_invoices() {
        let profile = inv.profile.unwrap_or(Profile::En16931);
        let out = facturx(&inv, profile, &RenderOptions::default()).unwrap();
        let path = dir.path().join(format!("{name}.factur-x.pdf"));
        std::fs::write(&path, &out.pdf).unwrap();
        files.push(path);
    }
    let logo = RenderOptions {
        logo: Some(Logo::from_bytes(tiny_png()).unwrap()),
        ..RenderOptions::new(Lang::En)
    };
    let path = dir.path().join("logo-en.pdf");
    std::fs::write(&path, render(&common::multi_rate(), &logo).unwrap()).unwrap();
    files.push(path);
    let out = Command::new("bash")
        .arg(&script)
        .args(["--flavour", "3b"])
        .args(&files)
        .output()
        .expect("bash must run");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "veraPDF 3b failed (setup: tests/tools/verapdf/install.sh):\n{report}"
    );
    assert_eq!(report.matches("PASS").count(), files.len(), "{report}");
}

#[test]
fn every_invoice_packages_as_a_factur_x_pdf_that_passes_the_pdf_checks() {
    for (name, inv) in all_invoices() {
        let profile = inv.profile.unwrap_or(Profile::En16931);
        let out = facturx(&inv, profile, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out.profile, profile, "{name}");
        let extracted = facturx_pdf::extract(&out.pdf).unwrap();
        assert_eq!(extracted.name, "factur-x.xml", "{name}");
        assert_eq!(extracted.xml, out.xml, "{name}");
        let findings = facturx_pdf::check(&out.pdf).unwrap();
        assert!(findings.is_empty(), "{name}: {findings:#?}");
        // Same invoice, same bytes.
        let again = facturx(&inv, profile, &RenderOptions::default()).unwrap();
        assert!(again.pdf == out.pdf, "{name}: output is not deterministic");
    }
}
