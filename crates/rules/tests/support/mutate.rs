//! Mutation corpus generator: breaks a valid invoice one change at a time
//! (delete an element, empty it, add a cent, negate, put a bad code, bad
//! attribute value, duplicate an element), so that many rules fire. Each
//! mutant is named after its change (`0042__delete__ram:LineTotalAmount.xml`).

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

/// One mutant: file name and content.
pub struct Mutant {
    /// File name, saying what was changed.
    pub name: String,
    /// The mutated document.
    pub xml: String,
}

fn splice(src: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut s = String::with_capacity(src.len() + with.len());
    s.push_str(&src[..range.start]);
    s.push_str(with);
    s.push_str(&src[range.end..]);
    s
}

fn qname(n: roxmltree::Node<'_, '_>) -> String {
    let t = n.tag_name();
    match t.namespace().and_then(|ns| n.lookup_prefix(ns)) {
        Some(p) if !p.is_empty() => format!("{p}:{}", t.name()),
        _ => t.name().to_string(),
    }
}

/// Every single-change mutant of `src`.
pub fn mutants(src: &str) -> Vec<Mutant> {
    let doc = roxmltree::Document::parse(src).unwrap();
    let mut out = Vec::new();
    let mut push = |kind: &str, what: &str, xml: String| {
        let name = format!(
            "{:04}__{kind}__{}.xml",
            out.len(),
            what.replace([':', '@', '/'], "_")
        );
        out.push(Mutant { name, xml });
    };
    for n in doc.root_element().descendants().filter(|n| n.is_element()) {
        if n.parent().is_none_or(|p| p.parent().is_none()) {
            continue;
        }
        let name = qname(n);
        let r = n.range();
        push("delete", &name, splice(src, r.clone(), ""));
        let leaf = n.children().all(|c| !c.is_element());
        if leaf {
            if let Some(t) = n.first_child().filter(|c| c.is_text()) {
                let tr = t.range();
                let text = t.text().unwrap_or("").trim();
                push("empty", &name, splice(src, tr.clone(), ""));
                if let Some(d) = facturx_xpath::parse_decimal(text) {
                    let plus = d + Decimal::new(1, 2);
                    push(
                        "plus-cent",
                        &name,
                        splice(src, tr.clone(), &plus.to_string()),
                    );
                    push(
                        "negate",
                        &name,
                        splice(src, tr.clone(), &(-d - Decimal::ONE).to_string()),
                    );
                    push(
                        "many-decimals",
                        &name,
                        splice(src, tr.clone(), &format!("{d}.123").replace("..", ".")),
                    );
                } else if text.len() <= 6 {
                    push("bad-code", &name, splice(src, tr.clone(), "ZZ9"));
                } else {
                    push("spaces", &name, splice(src, tr.clone(), " "));
                }
            }
        } else {
            // Duplicate the element right after itself.
            let copy = &src[r.clone()];
            push("duplicate", &name, splice(src, r.end..r.end, copy));
        }
        for a in n.attributes() {
            let what = format!("{name}@{}", a.name());
            let vr = a.range_value();
            push("bad-attribute", &what, splice(src, vr.clone(), "ZZ9"));
            push("empty-attribute", &what, splice(src, vr, ""));
        }
    }
    out
}

/// Writes the mutants of `src` into `dir`; returns their paths.
pub fn write_corpus(src: &Path, dir: &Path, stride: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(src).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let mut paths = Vec::new();
    for (i, m) in mutants(&text).into_iter().enumerate() {
        if i % stride != 0 {
            continue;
        }
        let p = dir.join(&m.name);
        std::fs::write(&p, m.xml).unwrap();
        paths.push(p);
    }
    paths
}
