//! Writes the review invoices (short, multi-rate with allowances, three
//! pages) as PDFs into the directory given as the first argument.
//! `scripts/render-review.sh` turns them into the PNGs of `fixtures/rendered/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/common/mod.rs"]
mod common;

use facturx_render::{Lang, RenderOptions, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: review OUT_DIR")?;
    std::fs::create_dir_all(&dir)?;
    let cases = [
        ("short", common::short(), Lang::Fr),
        ("multi-rate", common::multi_rate(), Lang::Fr),
        ("three-pages", common::three_pages(), Lang::Fr),
        ("intra-community-en", common::intra_community(), Lang::En),
    ];
    for (name, invoice, lang) in cases {
        let pdf = render(&invoice, &RenderOptions::new(lang))?;
        let path = std::path::Path::new(&dir).join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf)?;
        println!("{} ({} bytes)", path.display(), pdf.len());
    }
    Ok(())
}
