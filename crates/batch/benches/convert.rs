//! Batch conversion throughput (macro bench: the whole `convert` job).
//!
//! Input: `fixtures/csv/export-fr.csv` (4 invoices, 7 rows, French
//! formatting) repeated 500 times with renumbered invoices = 2,000 invoices,
//! converted to EN 16931 XML with `fixtures/csv/mapping-fr.toml` into a fresh
//! directory per iteration, XSD validation (`xsd-2000`) or XSD + official
//! rules on a 100-invoice cut (`rules-100`).
//! The 100,000-invoice run and its peak RSS are measured with
//! `examples/convert.rs` (see `benches/README.md`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use facturx_batch::{ConvertOptions, Validation, convert};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/csv")
        .join(name)
}

/// The fixture's invoices repeated `copies` times, renumbered.
fn export(dir: &Path, copies: usize) -> PathBuf {
    let text = fs::read_to_string(fixture("export-fr.csv")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut out = String::with_capacity(body.len() * copies + header.len());
    out.push_str(header);
    out.push('\n');
    for i in 0..copies {
        out.push_str(&body.replace("F2026-", &format!("B{i:05}-")));
    }
    let path = dir.join("export.csv");
    fs::write(&path, out).unwrap();
    path
}

fn bench(c: &mut Criterion) {
    let input = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("convert");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, copies, validation) in [
        ("xsd-2000", 500, Validation::Xsd),
        ("rules-100", 25, Validation::Rules),
    ] {
        let path = export(input.path(), copies);
        group.throughput(Throughput::Elements(copies as u64 * 4));
        group.bench_function(name, |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |out| {
                    let mut options = ConvertOptions::new(&path, out.path());
                    options.mapping = Some(fixture("mapping-fr.toml"));
                    options.validation = validation;
                    let s = convert(&options, &|_| {}).unwrap();
                    assert_eq!(s.written, copies as u64 * 4);
                    out
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
