//! CPU time (not wall time) per invoice for writing and reading CII, so the
//! figure holds on a loaded machine: reads this thread's utime + stime from
//! /proc (Linux, 10 ms ticks; use enough iterations).
//!
//! `cargo run --release -p facturx-cii --example cpu_speed -- INVOICE.json ITERATIONS [w]`
//! (`w`: writing only). The invoice is computed, then written as EN 16931.
#![allow(missing_docs, clippy::unwrap_used, clippy::indexing_slicing)]
use facturx_model::{Invoice, Profile, calc};
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mut inv: Invoice = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    calc::compute(&mut inv).unwrap();
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let xml = facturx_cii::to_vec(&inv, Profile::En16931).unwrap();
    let t = cpu();
    for _ in 0..n {
        std::hint::black_box(
            facturx_cii::to_vec(std::hint::black_box(&inv), Profile::En16931).unwrap(),
        );
    }
    let w = cpu() - t;
    println!(
        "write {:.2} us cpu ({:.0}/s)",
        w / n as f64 * 1e6,
        n as f64 / w
    );
    if std::env::args().nth(3).is_some() {
        return;
    }
    let t = cpu();
    for _ in 0..n {
        std::hint::black_box(facturx_cii::read(std::hint::black_box(&xml)).unwrap());
    }
    let r = cpu() - t;
    println!(
        "{} lines, {} bytes: write {:.1} us cpu ({:.0}/s), read {:.1} us cpu",
        inv.lines.len(),
        xml.len(),
        w / n as f64 * 1e6,
        n as f64 / w,
        r / n as f64 * 1e6
    );
}
