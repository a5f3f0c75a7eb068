//! Macro bench: embed an official EN 16931 sample XML into a one-page PDF
//! made by our own lopdf writer with an embedded font stand-in.
//!
//! Inputs:
//! - `official-42k`: `EN16931/Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml`,
//!   from the official FNFE samples (shared/standards/examples): 42 KB, 3
//!   lines, the largest EN 16931 sample;
//! - `lines-10`: `EN16931/Facture_F20220025-…_EN_16931.factur-x.xml` (18 KB,
//!   3 lines) with its first line repeated to make 10 lines (no official
//!   sample has 10);
//! - a one-page PDF built below (one Type1 font with a FontFile3 stream).
//!
//! Run: `cargo bench -p facturx-pdf --bench embed`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_pdf::{EmbedOptions, Timestamp, embed};
use lopdf::{Document, Object, Stream, dictionary};

fn one_page_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let file = doc.add_object(Stream::new(
        dictionary! { "Subtype" => "Type1C" },
        vec![0; 2048],
    ));
    let fd = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "Bench", "Flags" => 32, "FontFile3" => file,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Bench",
        "Encoding" => "WinAnsiEncoding", "FontDescriptor" => fd,
    });
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(
            "BT /F1 10 Tf 50 {} Td (Line {i} of the invoice) Tj ET\n",
            800 - i * 18
        ));
    }
    let content = doc.add_object(Stream::new(dictionary! {}, text.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// `xml` with its first invoice line repeated until it has `lines` lines.
fn with_lines(xml: &[u8], lines: usize) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).expect("utf-8 sample");
    let open = "<ram:IncludedSupplyChainTradeLineItem>";
    let close = "</ram:IncludedSupplyChainTradeLineItem>";
    let start = text.find(open).expect("a line");
    let end = text[start..].find(close).expect("line end") + start + close.len();
    let existing = text.matches(open).count();
    let extra = text[start..end].repeat(lines.saturating_sub(existing));
    let out = format!("{}{}{}", &text[..end], extra, &text[end..]);
    assert_eq!(out.matches(open).count(), lines);
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe/EN16931");
    let read = |name: &str| {
        std::fs::read(samples.join(name)).expect("official sample xml (shared/standards/examples)")
    };
    let official = read("Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml");
    let ten_lines = with_lines(
        &read("Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml"),
        10,
    );
    let pdf = one_page_pdf();
    let options = EmbedOptions {
        date: Timestamp::new(2025, 1, 1, 0, 0, 0),
        ..EmbedOptions::default()
    };
    let mut group = c.benchmark_group("embed");
    group.throughput(Throughput::Elements(1));
    for (name, xml) in [("official-42k", &official), ("lines-10", &ten_lines)] {
        assert!(embed(&pdf, xml, &options).is_ok());
        group.bench_function(name, |b| b.iter(|| embed(&pdf, xml, &options).unwrap()));
    }
    let xml = &ten_lines;
    // The same work timed in CPU time of the calling thread (lopdf parses
    // documents this small on the calling thread), so that the figure is a
    // per-core throughput even when other jobs load the machine.
    group.bench_function("lines-10-cpu-time", |b| {
        b.iter_custom(|iters| {
            let start = cpu_time::ThreadTime::now();
            for _ in 0..iters {
                std::hint::black_box(embed(&pdf, xml, &options).unwrap());
            }
            start.elapsed()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
