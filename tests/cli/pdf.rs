//! `facturx embed`, `extract` and `inspect` on PDFs made here.

use crate::util::*;

#[test]
fn embed_extract_inspect_validate_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let printed = ghostscript_pdfa(dir.path());
    let xml = repo("fixtures/smoke/minimum.xml");
    let out = facturx(
        dir.path(),
        &[
            "embed",
            printed.to_str().unwrap(),
            xml.to_str().unwrap(),
            "-o",
            "fx.pdf",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = facturx(dir.path(), &["extract", "fx.pdf"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        out.stdout,
        std::fs::read(&xml).unwrap(),
        "extract(embed(xml)) must be byte-identical"
    );

    let out = facturx(dir.path(), &["inspect", "fx.pdf", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = v.to_string();
    assert!(
        text.contains("factur-x.xml") && text.contains("MINIMUM"),
        "{text}"
    );

    let out = facturx(dir.path(), &["validate", "--format", "json", "fx.pdf"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn embed_refuses_unembedded_fonts_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    // Ghostscript without PDF/A keeps the standard-14 font unembedded.
    let ps = dir.path().join("p.ps");
    std::fs::write(
        &ps,
        "/Helvetica findfont 12 scalefont setfont 72 720 moveto (x) show showpage\n",
    )
    .unwrap();
    let status = std::process::Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-dEmbedAllFonts=false",
        ])
        .arg(format!(
            "-sOutputFile={}",
            dir.path().join("plain.pdf").display()
        ))
        .arg(&ps)
        .status()
        .expect("gs missing: run scripts/setup.sh");
    assert!(status.success());
    let xml = repo("fixtures/smoke/minimum.xml");
    let out = facturx(
        dir.path(),
        &["embed", "plain.pdf", xml.to_str().unwrap(), "-o", "o.pdf"],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("not embedded"), "{err}");
    // One line per problem, with what to do about it.
    assert!(
        err.contains("\n  - font Helvetica not embedded in object")
            && err.contains("have the producer embed every font")
            && err.contains("--force"),
        "{err}"
    );
    assert!(!dir.path().join("o.pdf").exists(), "no output on refusal");
    let out = facturx(
        dir.path(),
        &[
            "embed",
            "--force",
            "plain.pdf",
            xml.to_str().unwrap(),
            "-o",
            "o.pdf",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = facturx(dir.path(), &["validate", "o.pdf"]);
    assert_eq!(code(&out), 1, "a forced output still fails the PDF checks");
}
