//! Times validation of one file with the default sets: `cargo run --release
//! -p facturx-rules --example timing -- FILE [ITERATIONS]`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use facturx_rules::{Options, validate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).expect("usage: timing FILE [ITERATIONS]");
    let n: usize = args.get(2).map_or(200, |s| s.parse().unwrap());
    let xml = std::fs::read(file).unwrap();
    let t = Instant::now();
    let report = validate(&xml, &Options::default()).unwrap();
    println!(
        "first run (compiles the sets): {:?}, {} findings",
        t.elapsed(),
        report.findings.len()
    );
    let t = Instant::now();
    for _ in 0..n {
        validate(&xml, &Options::default()).unwrap();
    }
    let per = t.elapsed() / u32::try_from(n).unwrap();
    println!("per invoice: {per:?} ({:.0}/s)", 1.0 / per.as_secs_f64());
}
