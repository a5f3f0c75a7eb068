//! Render throughput. Inputs (built in `tests/common`):
//! - `render/10-lines`: a one-page invoice with ten 20 % lines;
//! - `render/10000-lines`: the same shape with 10,000 lines (about 270 pages).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_render::{RenderOptions, render};

fn bench(c: &mut Criterion) {
    let opts = RenderOptions::default();
    let mut g = c.benchmark_group("render");

    let ten = common::long(10);
    let size = render(&ten, &opts).unwrap().len();
    eprintln!("10-line invoice: {size} bytes");
    g.throughput(Throughput::Elements(1));
    g.bench_function("10-lines", |b| b.iter(|| render(&ten, &opts).unwrap()));

    let big = common::long(10_000);
    let size = render(&big, &opts).unwrap().len();
    eprintln!("10,000-line invoice: {size} bytes");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10000-lines", |b| b.iter(|| render(&big, &opts).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
