//! XSD validation throughput (macro bench: whole documents, warm schema cache).
//!
//! Inputs, all validated against the embedded Factur-X 1.09.2 EN16931 XSD:
//! - `official`: `EN16931/Facture_F20220025-…_EN_16931.factur-x.xml` from
//!   `shared/standards/examples/facturx-official-fnfe/` (FNFE-MPE sample, 3 lines, 18 KB);
//! - `lines-10`, `lines-5000`: the same invoice with its first line item
//!   repeated to 10 and 5,000 lines (still XSD-valid; totals not recomputed,
//!   which the XSD does not check).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_model::Profile;
use facturx_xsd::Validator;

const SAMPLE: &str = "Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml";
const LINE_OPEN: &str = "<ram:IncludedSupplyChainTradeLineItem>";
const LINE_CLOSE: &str = "</ram:IncludedSupplyChainTradeLineItem>";

fn official() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe/EN16931")
        .join(SAMPLE);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared standards folder must sit beside the repository)",
            path.display()
        )
    })
}

/// The sample with its lines replaced by `n` copies of its first line.
fn with_lines(xml: &str, n: usize) -> String {
    let first = xml.find(LINE_OPEN).expect("sample has lines");
    let last_end = xml.rfind(LINE_CLOSE).expect("sample has lines") + LINE_CLOSE.len();
    let first_end = xml[first..].find(LINE_CLOSE).unwrap() + first + LINE_CLOSE.len();
    let line = &xml[first..first_end];
    let mut out = String::with_capacity(xml.len() + line.len() * n);
    out.push_str(&xml[..first]);
    for _ in 0..n {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&xml[last_end..]);
    out
}

fn bench(c: &mut Criterion) {
    let validator = Validator::for_profile(Profile::En16931).unwrap();
    let official = official();
    let inputs = [
        ("official", official.clone()),
        ("lines-10", with_lines(&official, 10)),
        ("lines-5000", with_lines(&official, 5000)),
    ];
    let mut group = c.benchmark_group("xsd-en16931");
    group.throughput(Throughput::Elements(1));
    for (name, xml) in &inputs {
        let findings = validator.validate(xml.as_bytes()).unwrap();
        assert!(
            findings.is_empty(),
            "{name} must be XSD-valid: {findings:#?}"
        );
        if *name == "lines-5000" {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(10));
        }
        group.bench_function(*name, |b| {
            b.iter(|| validator.validate(black_box(xml.as_bytes())).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
