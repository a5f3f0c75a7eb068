//! Times each stage of the conversion on one thread (read and group, build
//! the model, write CII, validate against the XSD, hash), to see where a
//! batch spends its time.
//!
//! `cargo run --release -p facturx-batch --example stages -- EXPORT.csv MAPPING.toml`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::{Duration, Instant};

use facturx_batch::csv::{Export, Mapping, build_invoice};
use facturx_model::Profile;
use sha2::Digest;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mapping = Mapping::from_toml(&std::fs::read_to_string(&args[2]).unwrap()).unwrap();
    let file = std::fs::File::open(&args[1]).unwrap();
    let t = Instant::now();
    let mut export = Export::open(&mapping, Box::new(std::io::BufReader::new(file)), None).unwrap();
    let mut raws = Vec::new();
    while let Some(r) = export.next_invoice().unwrap() {
        raws.push(r);
    }
    let read = t.elapsed();
    let plan = export.plan().unwrap().clone();
    let validator = facturx_xsd::Validator::for_profile(Profile::En16931).unwrap();
    let (mut build, mut write, mut validate, mut hash, mut rules) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    let rules_options = facturx_rules::Options::default();
    let mut rules_failed = 0;
    for raw in &raws {
        let t = Instant::now();
        let invoice = build_invoice(raw, &plan, Profile::En16931).unwrap();
        build += t.elapsed();
        let t = Instant::now();
        let xml = facturx_cii::to_vec(&invoice, Profile::En16931).unwrap();
        write += t.elapsed();
        let t = Instant::now();
        assert!(validator.validate(&xml).unwrap().is_empty());
        validate += t.elapsed();
        let t = Instant::now();
        std::hint::black_box(sha2::Sha256::digest(&xml));
        hash += t.elapsed();
        let t = Instant::now();
        let report = facturx_rules::validate(&xml, &rules_options).unwrap();
        if !report.is_valid() {
            rules_failed += 1;
            if rules_failed == 1 {
                for f in &report.findings {
                    println!("{f}");
                }
            }
        }
        rules += t.elapsed();
    }
    let n = raws.len() as f64;
    for (name, d) in [
        ("read+group", read),
        ("build", build),
        ("cii", write),
        ("xsd", validate),
        ("sha256", hash),
        ("rules", rules),
    ] {
        println!("{name:>10}: {:8.1} µs/invoice", d.as_secs_f64() * 1e6 / n);
    }
    println!("{rules_failed} of {n} invoices fail the rules");
}
