//! Converts an export and prints the summary and the rate; used by the
//! benches (`/usr/bin/time -v` gives the peak RSS).
//!
//! `cargo run --release -p facturx-batch --example convert -- EXPORT.csv MAPPING.toml OUTDIR [JOBS] [xsd|rules]`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use facturx_batch::{ConvertOptions, Validation, convert};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!(
            "usage: convert EXPORT.csv MAPPING.toml OUTDIR [JOBS (0 = one per core)] [xsd|rules]"
        );
        std::process::exit(2);
    }
    let mut options = ConvertOptions::new(&args[1], &args[3]);
    options.mapping = Some(args[2].clone().into());
    options.overwrite = true;
    options.jobs = args
        .get(4)
        .map(|j| j.parse())
        .transpose()?
        .filter(|&j| j > 0);
    if args.get(5).map(String::as_str) == Some("xsd") {
        options.validation = Validation::Xsd;
    }
    let summary = convert(&options, &|_| {})?;
    let secs = summary.elapsed.as_secs_f64();
    println!(
        "{summary}; {secs:.2} s, {:.0} invoices/s",
        summary.read as f64 / secs
    );
    Ok(())
}
