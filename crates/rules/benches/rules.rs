//! Macro benches of the rules layer on official samples.
//!
//! Inputs (one line each, from `../shared/standards/examples/facturx-official-fnfe`):
//! - `EN16931/Facture_F20220025-...EN_16931.factur-x.xml`: a typical EN 16931
//!   invoice (18 KB, 304 elements), valid.
//!
//! The official-XSLT baseline (Saxon via saxonche) is measured by the
//! snippet in `benches/README.md` on the same file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_model::Profile;
use facturx_rules::{Document, Options, RuleSet, validate};

fn sample() -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe/EN16931");
    let file = root.join("Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml");
    std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn bench(c: &mut Criterion) {
    let xml = sample();
    // Compile the sets outside the measurement.
    validate(&xml, &Options::default()).unwrap();
    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Elements(1));
    g.bench_function("en16931_sample_default_layers", |b| {
        b.iter(|| validate(std::hint::black_box(&xml), &Options::default()).unwrap())
    });
    // Each iteration parses afresh, as `validate` does: the figures
    // include parsing.
    let parse = || Document::parse_bytes(std::hint::black_box(&xml)).unwrap();
    g.bench_function("en16931_sample_parse_only", |b| {
        b.iter(|| parse().tree().descendants().count())
    });
    // Baseline: roxmltree (the tree the rules used before their own) on
    // the same text with the same refusals.
    let text = std::str::from_utf8(&xml).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let opts = || roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    g.bench_function("en16931_sample_parse_only_roxmltree", |b| {
        b.iter(|| {
            roxmltree::Document::parse_with_options(std::hint::black_box(text), opts())
                .unwrap()
                .descendants()
                .count()
        })
    });
    let cen = RuleSet::en16931().unwrap();
    g.bench_function("en16931_sample_cen_only", |b| {
        b.iter(|| cen.hits(&parse()).unwrap().len())
    });
    let fx = RuleSet::facturx(Profile::En16931).unwrap();
    g.bench_function("en16931_sample_facturx_only", |b| {
        b.iter(|| fx.hits(&parse()).unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
