//! Structures that other producers write and that broke PDF/A-3 after
//! `embed`, each reproduced on a ghostscript PDF/A (so veraPDF judges only
//! the structure) or, for fonts, in a small lopdf file.
//!
//! Found by embedding into PDFs from Chromium, LibreOffice, WeasyPrint,
//! wkhtmltopdf, cairo, reportlab, fpdf2, pdf-lib, PDFKit, mupdf, img2pdf,
//! matplotlib and ghostscript without PDF/A (see `crates/pdf/RULES.md`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use facturx_pdf::{Error, ProblemKind, check, embed, extract};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// Loads `pdf`, lets `edit` change its first page, saves.
fn edit_first_page(pdf: &[u8], edit: impl FnOnce(&mut Document, ObjectId)) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    edit(&mut doc, page);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn page_dict(doc: &mut Document, page: ObjectId) -> &mut Dictionary {
    doc.get_object_mut(page).unwrap().as_dict_mut().unwrap()
}

/// Adds `annots` to the page's `/Annots`.
fn add_annotations(doc: &mut Document, page: ObjectId, annots: Vec<Object>) {
    page_dict(doc, page).set("Annots", annots);
}

/// Appends a content stream to the page, and `resources` entries of `kind`.
fn append_content(
    doc: &mut Document,
    page: ObjectId,
    content: &str,
    kind: &str,
    resources: Vec<(&str, Object)>,
) {
    let stream = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let old = page_dict(doc, page).get(b"Contents").unwrap().clone();
    let mut contents = match old {
        Object::Array(a) => a,
        other => vec![other],
    };
    contents.push(stream.into());
    // Resources may be inherited or indirect: give the page its own copy.
    let res = match page_dict(doc, page).get(b"Resources").cloned() {
        Ok(Object::Reference(id)) => doc.get_dictionary(id).unwrap().clone(),
        Ok(Object::Dictionary(d)) => d,
        _ => Dictionary::new(),
    };
    let mut res = res;
    let mut sub = match res.get(kind.as_bytes()).cloned() {
        Ok(Object::Reference(id)) => doc.get_dictionary(id).unwrap().clone(),
        Ok(Object::Dictionary(d)) => d,
        _ => Dictionary::new(),
    };
    for (k, v) in resources {
        sub.set(k, v);
    }
    res.set(kind, sub);
    let page = page_dict(doc, page);
    page.set("Contents", contents);
    page.set("Resources", res);
}

fn rect() -> Vec<Object> {
    vec![72.into(), 600.into(), 200.into(), 620.into()]
}

/// A form XObject to serve as an appearance stream.
fn appearance(doc: &mut Document, content: &str) -> ObjectId {
    doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 128.into(), 20.into()],
        },
        content.as_bytes().to_vec(),
    ))
}

fn warning_codes(out: &facturx_pdf::Embedded) -> Vec<&'static str> {
    out.warnings.iter().map(|w| w.code).collect()
}

fn rules(pdf: &[u8]) -> Vec<String> {
    let mut r: Vec<_> = check(pdf)
        .unwrap()
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect();
    r.sort();
    r.dedup();
    r
}

struct Case<'a>(&'a str, &'a [u8], &'a [&'a str], &'a [&'a str]);

/// The fixes `embed` makes, each on the structure of the producer that
/// showed it; veraPDF 3b passes every output.
#[test]
fn producer_defects_are_fixed_and_pass_verapdf() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let xml = sample_xml("EN16931");
    let mut outputs = Vec::new();

    // ghostscript (non-PDF/A), LibreOffice, WeasyPrint, wkhtmltopdf: link
    // annotations without /F; a note with /F 0 (veraPDF 6.3.2-1, -2).
    let links = edit_first_page(&gs3, |doc, page| {
        let uri =
            dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.com") };
        let link = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link", "Rect" => rect(),
            "Border" => vec![0.into(), 0.into(), 0.into()], "A" => uri,
        });
        let ap = appearance(doc, "1 1 0 rg 0 0 20 20 re f");
        // Direct, without /Type, as some producers write it.
        let note = dictionary! {
            "Subtype" => "Square", "Rect" => rect(), "F" => 0,
            "AP" => dictionary! { "N" => ap },
        };
        add_annotations(doc, page, vec![link.into(), Object::Dictionary(note)]);
    });

    // WeasyPrint: images with /Interpolate true (6.2.8-3).
    let interpolated = edit_first_page(&gs3, |doc, page| {
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Interpolate" => true,
            },
            vec![200, 30, 30],
        ));
        append_content(
            doc,
            page,
            "q 50 0 0 50 400 700 cm /Logo Do Q",
            "XObject",
            vec![("Logo", image.into())],
        );
    });

    // pdf-lib and reportlab check boxes: /D (down) appearances beside /N,
    // direct and indirect (6.3.3-2); LibreOffice forms: /NeedAppearances
    // true while every widget has its appearance (6.4.1-3).
    let form = edit_first_page(&gs3, |doc, page| {
        let on = appearance(doc, "0 g 2 2 16 16 re f");
        let off = appearance(doc, "");
        let states = || dictionary! { "Yes" => on, "Off" => off };
        let check_box = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "Rect" => vec![72.into(), 560.into(), 92.into(), 580.into()],
            "FT" => "Btn", "T" => Object::string_literal("ok"), "V" => "Yes", "AS" => "Yes", "F" => 4,
            "AP" => dictionary! { "N" => states(), "D" => states() },
        });
        let text_ap = appearance(doc, "0.9 g 0 0 128 20 re f");
        let ap_dict = doc.add_object(dictionary! { "N" => text_ap, "R" => text_ap });
        let text = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "Rect" => rect(),
            "FT" => "Tx", "T" => Object::string_literal("name"), "F" => 4, "AP" => ap_dict,
        });
        add_annotations(doc, page, vec![check_box.into(), text.into()]);
        let acro = doc.add_object(dictionary! {
            "Fields" => vec![check_box.into(), text.into()], "NeedAppearances" => true,
        });
        set_in_catalog(doc, "AcroForm", acro);
    });

    // reportlab: unembedded Helvetica in the resources, selected by `Tf` at
    // the top of the page, never drawn with (veraPDF: not "used for
    // rendering", 6.2.11.4.1). It used to be refused.
    let unused_font = edit_first_page(&gs3, |doc, page| {
        let helvetica = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        append_content(
            doc,
            page,
            "BT /F1 12 Tf 14.4 TL ET",
            "Font",
            vec![("F1", helvetica.into())],
        );
    });

    // (case, input, warning codes of `embed`, rules `check` finds in the input)
    let cases = [
        Case(
            "links",
            &links,
            &["annotation-print-flag-set"],
            &["PDF-ANN-02"],
        ),
        Case(
            "interpolated",
            &interpolated,
            &["image-interpolation-off"],
            &["PDF-IMG-01"],
        ),
        Case(
            "form",
            &form,
            &["appearance-states-dropped", "need-appearances-removed"],
            &["PDF-ANN-03", "PDF-FORM-01"],
        ),
        Case("unused-font", &unused_font, &[], &[]),
    ];
    for Case(name, input, codes, input_rules) in cases {
        // `check` names the defects of the input under their own rules...
        let before = rules(input);
        for r in input_rules {
            assert!(before.contains(&r.to_string()), "{name}: {before:?}");
        }
        assert!(
            !before.contains(&"PDF-FONT-01".to_string()),
            "{name}: {before:?}"
        );
        // ...and `embed` fixes them, saying so.
        let out = embed(input, &xml, &fixed()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = warning_codes(&out);
        for c in codes {
            assert!(got.contains(c), "{name}: {got:?}");
        }
        for w in &out.warnings {
            assert!(w.message.contains("ISO 19005-3"), "{name}: {w}");
        }
        assert_eq!(check(&out.pdf).unwrap(), vec![], "{name}");
        assert_eq!(extract(&out.pdf).unwrap().xml, xml, "{name}");
        qpdf_check(dir.path(), &out.pdf, name);
        let path = dir.path().join(format!("{name}.out.pdf"));
        std::fs::write(&path, &out.pdf).unwrap();
        outputs.push(path);
    }

    // What the fixes wrote.
    let doc = Document::load_mem(&embed(&links, &xml, &fixed()).unwrap().pdf).unwrap();
    let flags: Vec<i64> = annotations(&doc)
        .iter()
        .map(|a| a.get(b"F").unwrap().as_i64().unwrap())
        .collect();
    assert_eq!(flags, [4, 4]);
    let doc = Document::load_mem(&embed(&form, &xml, &fixed()).unwrap().pdf).unwrap();
    for a in annotations(&doc) {
        let ap = match a.get(b"AP").unwrap() {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            Object::Dictionary(d) => d,
            other => panic!("{other:?}"),
        };
        let keys: Vec<_> = ap.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, [b"N".to_vec()]);
    }
    let form_dict = doc.catalog().unwrap().get(b"AcroForm").unwrap();
    let form_dict = doc
        .get_dictionary(form_dict.as_reference().unwrap())
        .unwrap();
    assert!(!form_dict.has(b"NeedAppearances"));

    let (ok, report) = verapdf(&outputs);
    assert!(ok, "veraPDF 3b:\n{report}");
    assert_eq!(report.matches("PASS").count(), outputs.len(), "{report}");
}

fn annotations(doc: &Document) -> Vec<Dictionary> {
    let page = *doc.get_pages().values().next().unwrap();
    let annots = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap();
    annots
        .iter()
        .map(|a| match a {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap().clone(),
            Object::Dictionary(d) => d.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// What `embed` cannot fix without changing the page is refused, named,
/// with the clause veraPDF reports: fpdf2's text notes without appearance
/// (6.3.3-1), a form field left for the viewer to draw (6.3.3-1, and
/// `/NeedAppearances` stays), a hidden annotation (6.3.2-2).
#[test]
fn annotations_without_appearance_or_hidden_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let gs3 = gs_pdf(dir.path(), 3);
    let xml = sample_xml("EN16931");
    let note = edit_first_page(&gs3, |doc, page| {
        let note = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Text", "Rect" => rect(),
            "Contents" => Object::string_literal("commentaire interne"),
        });
        add_annotations(doc, page, vec![note.into()]);
    });
    let field = edit_first_page(&gs3, |doc, page| {
        let text = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "Rect" => rect(), "F" => 4,
            "FT" => "Tx", "T" => Object::string_literal("name"), "V" => Object::string_literal("Jean"),
        });
        add_annotations(doc, page, vec![text.into()]);
        let acro = dictionary! { "Fields" => vec![text.into()], "NeedAppearances" => true };
        set_in_catalog(doc, "AcroForm", acro);
    });
    let hidden = edit_first_page(&gs3, |doc, page| {
        let ap = appearance(doc, "0 g 0 0 10 10 re f");
        let stamp = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Stamp", "Rect" => rect(), "F" => 4 | 2,
            "AP" => dictionary! { "N" => ap },
        });
        add_annotations(doc, page, vec![stamp.into()]);
    });
    for (name, input, kind, clause, rule) in [
        (
            "note",
            &note,
            ProblemKind::MissingAppearance,
            "6.3.3",
            "PDF-ANN-03",
        ),
        (
            "field",
            &field,
            ProblemKind::MissingAppearance,
            "6.3.3",
            "PDF-ANN-03",
        ),
        (
            "hidden",
            &hidden,
            ProblemKind::HiddenAnnotation,
            "6.3.2",
            "PDF-ANN-02",
        ),
    ] {
        let err = refusal(embed(input, &xml, &fixed()));
        let Error::NotConvertible { problems } = &err else {
            panic!("{name}: {err}")
        };
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].kind, kind, "{name}");
        assert!(problems[0].object.is_some(), "{name}");
        assert!(err.to_string().contains(clause), "{name}: {err}");
        assert!(rules(input).contains(&rule.to_string()), "{name}");
        // The refusal is right: forced, veraPDF fails the same clause.
        let forced = embed(
            input,
            &xml,
            &facturx_pdf::EmbedOptions {
                force: true,
                ..fixed()
            },
        )
        .unwrap();
        assert_eq!(&forced.remaining, problems, "{name}");
        let path = dir.path().join(format!("{name}.forced.pdf"));
        std::fs::write(&path, &forced.pdf).unwrap();
        let (ok, report) = verapdf(&[path]);
        assert!(!ok, "{name}: {report}");
        assert!(report.contains(&format!("{clause}-")), "{name}: {report}");
    }
}

/// cairo (pdftocairo, and so every poppler/cairo printing path) writes
/// TrueType CIDFonts without `/CIDToGIDMap` (veraPDF 6.2.11.3.2-1): `embed`
/// writes `/Identity`, the meaning of its absence. The font program is a
/// stand-in, so this is checked with our own reader, not veraPDF (the
/// corpus run in the commit message used real cairo output).
#[test]
fn cairo_cidfont_gets_an_identity_cidtogidmap() {
    let pdf = lopdf_pdf_custom("1.5", "BT /F1 12 Tf <0001> Tj ET", |doc, _| {
        let program = doc.add_object(Stream::new(dictionary! {}, vec![0; 64]));
        let fd = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "ABCDEF+DejaVuSans", "Flags" => 4,
            "FontFile2" => program,
        });
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+DejaVuSans",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0,
            },
            "FontDescriptor" => fd,
        });
        // Replace the page's Helvetica by the Type0 font.
        let font = first_font(doc);
        *font = Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+DejaVuSans",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
        });
    });
    assert!(rules(&pdf).contains(&"PDF-FONT-02".to_string()));
    let out = embed(&pdf, &sample_xml("EN16931"), &fixed()).unwrap();
    assert_eq!(warning_codes(&out), ["cidtogidmap-added"]);
    assert!(out.warnings[0].message.contains("6.2.11.3.2"));
    let doc = Document::load_mem(&out.pdf).unwrap();
    let cid = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType2"))
        .unwrap();
    assert_eq!(
        cid.get(b"CIDToGIDMap").unwrap().as_name().unwrap(),
        b"Identity"
    );
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
}

/// Apache FOP's `/CIDSet` lists the glyph numbers of the whole font while
/// it embeds a renumbered subset (veraPDF 6.2.11.4.2-2 on real FOP output):
/// `check` proves it wrong from the TrueType `maxp` table, `embed` drops it.
#[test]
fn fop_cidset_that_misses_subset_glyphs_is_removed() {
    // The smallest TrueType program `maxp` can be read from: three glyphs.
    let mut program = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    program.extend_from_slice(b"maxp\0\0\0\0\0\0\0\x1c\0\0\0\x06");
    program.extend_from_slice(&[0, 0, 0x50, 0, 0, 3]);
    let with_cidset = |set: u8| {
        let program = program.clone();
        lopdf_pdf_custom("1.4", "BT /F1 12 Tf <0001> Tj ET", move |doc, _| {
            let file = doc.add_object(Stream::new(dictionary! {}, program));
            let cidset = doc.add_object(Stream::new(dictionary! {}, vec![set]));
            let fd = doc.add_object(dictionary! {
                "Type" => "FontDescriptor", "FontName" => "EAAAAA+DejaVuSans", "Flags" => 32,
                "FontFile2" => file, "CIDSet" => cidset,
            });
            let cid = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "EAAAAA+DejaVuSans",
                "CIDToGIDMap" => "Identity", "FontDescriptor" => fd,
            });
            let font = first_font(doc);
            *font = Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "EAAAAA+DejaVuSans",
                "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
            });
        })
    };
    let xml = sample_xml("EN16931");
    // FOP's: CIDs 0 and 3 of the full font, while the subset has glyphs 0-2.
    let fop = with_cidset(0b1001_0000);
    assert!(rules(&fop).contains(&"PDF-FONT-03".to_string()));
    let out = embed(&fop, &xml, &fixed()).unwrap();
    assert_eq!(warning_codes(&out), ["cidset-removed"]);
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
    let doc = Document::load_mem(&out.pdf).unwrap();
    assert!(
        doc.objects
            .values()
            .all(|o| o.as_dict().map_or(true, |d| !d.has(b"CIDSet")))
    );
    // A complete one (ghostscript's PDF/A-1 kind) is no finding, and goes
    // silently: PDF/A-3 does not need it.
    let complete = with_cidset(0b1110_0000);
    assert!(!rules(&complete).contains(&"PDF-FONT-03".to_string()));
    let out = embed(&complete, &xml, &fixed()).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(check(&out.pdf).unwrap(), vec![]);
}

/// matplotlib's Type 42 output gives CID 0, `.notdef` by convention, to a
/// real character (veraPDF 6.2.11.8-1 on real matplotlib output, where
/// `embed` said OK): drawn with an Identity-encoded Type0 font, code 0 is
/// refused; other codes, and code 0 at an odd offset, are not.
#[test]
fn matplotlib_code_zero_in_an_identity_font_is_refused() {
    let type0 = |content: &'static str| {
        lopdf_pdf_custom("1.4", content, |doc, _| {
            let program = doc.add_object(Stream::new(dictionary! {}, vec![0; 64]));
            let fd = doc.add_object(dictionary! {
                "Type" => "FontDescriptor", "FontName" => "HAJSMO+DejaVuSans", "Flags" => 32,
                "FontFile2" => program,
            });
            let map = doc.add_object(Stream::new(dictionary! {}, vec![0, 4]));
            let cid = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "HAJSMO+DejaVuSans",
                "CIDToGIDMap" => map, "FontDescriptor" => fd,
            });
            let font = first_font(doc);
            *font = Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "HAJSMO+DejaVuSans",
                "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
            });
        })
    };
    let xml = sample_xml("EN16931");
    let bad = type0("BT /F1 12 Tf [ 0.16 (\u{0}\u{0}) ] TJ ET");
    let err = refusal(embed(&bad, &xml, &fixed()));
    let Error::NotConvertible { problems } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        problems.iter().map(|p| p.kind.clone()).collect::<Vec<_>>(),
        [ProblemKind::NotdefGlyph {
            font: "HAJSMO+DejaVuSans".into()
        }]
    );
    assert!(err.to_string().contains("6.2.11.8"), "{err}");
    assert!(rules(&bad).contains(&"PDF-FONT-04".to_string()));
    for fine in [
        "BT /F1 12 Tf <00410042> Tj ET",
        "BT /F1 12 Tf <410000 41> Tj ET",
    ] {
        let pdf = type0(fine);
        assert!(embed(&pdf, &xml, &fixed()).is_ok(), "{fine}");
    }
}

/// Sets `key` in the document catalog.
fn set_in_catalog(doc: &mut Document, key: &str, value: impl Into<Object>) {
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_object_mut(root)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set(key, value);
}
