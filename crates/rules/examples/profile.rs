//! Prints the slowest rules and checks (indented) of each default set on one file:
//! `cargo run --release -p facturx-rules --example profile -- FILE`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use facturx_model::Profile;
use facturx_rules::{Document, RuleSet, RuleSetId};

fn main() {
    let file = std::env::args().nth(1).expect("usage: profile FILE");
    let xml = std::fs::read(file).unwrap();
    let doc = Document::parse_bytes(&xml).unwrap();
    let p = doc
        .guideline_id()
        .and_then(Profile::from_guideline_id)
        .unwrap_or(Profile::En16931);
    for id in [RuleSetId::En16931, RuleSetId::FacturX(p)] {
        let set = RuleSet::get(id).unwrap();
        set.hits(&doc).unwrap();
        let t = Instant::now();
        for _ in 0..20 {
            set.hits(&doc).unwrap();
        }
        println!("{}: {:?} per run", id.name(), t.elapsed() / 20);
        for (ctx, d) in set.profile(&doc, 20).into_iter().take(30) {
            println!(
                "  {:>10.3?}  {}",
                d / 20,
                ctx.chars().take(140).collect::<String>()
            );
        }
    }
}
