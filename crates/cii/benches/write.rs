//! Model -> CII XML and CII XML -> model throughput.
//!
//! Inputs (built in memory, totals computed with `facturx_model::calc`):
//! - `typical`: an EN 16931 invoice with 10 lines at two VAT rates (20 %, 5.5 %);
//! - `large`: the same invoice with 5,000 lines.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_model::{Invoice, Profile, calc};

fn invoice(lines: usize) -> Invoice {
    let mut ls = Vec::with_capacity(lines);
    for i in 0..lines {
        let rate = if i % 2 == 0 { "20" } else { "5.5" };
        ls.push(format!(
            r#"{{"id": "{n}", "quantity": "{q}", "unit_code": "C62",
                "price": {{"net": "{p}.50"}}, "vat": {{"category": "S", "rate": "{rate}"}},
                "item": {{"name": "Article {n}", "seller_id": "REF-{n}"}}}}"#,
            n = i + 1,
            q = 1 + i % 7,
            p = 10 + i % 90,
        ));
    }
    let json = format!(
        r#"{{
  "number": "F2026-0042", "issue_date": "2026-11-23", "currency": "EUR",
  "seller": {{"name": "Atelier Dupont SARL", "vat_identifier": "FR44732829320",
             "legal_registration": {{"id": "732829320", "scheme": "0002"}},
             "address": {{"line1": "12 rue de la Paix", "city": "Paris", "postcode": "75002", "country": "FR"}}}},
  "buyer": {{"name": "Client SA", "address": {{"city": "Lyon", "postcode": "69001", "country": "FR"}}}},
  "payment_means": [{{"type_code": "58", "iban": "FR7630006000011234567890189"}}],
  "due_date": "2026-12-23",
  "lines": [{}]
}}"#,
        ls.join(",")
    );
    let mut inv: Invoice = serde_json::from_str(&json).unwrap();
    calc::compute(&mut inv).unwrap();
    inv
}

fn bench(c: &mut Criterion) {
    for (name, n) in [("typical", 10), ("large", 5_000)] {
        let inv = invoice(n);
        let xml = facturx_cii::to_vec(&inv, Profile::En16931).unwrap();
        let mut g = c.benchmark_group(format!("cii/{name}"));
        g.throughput(Throughput::Elements(1));
        g.bench_function("write", |b| {
            b.iter(|| facturx_cii::to_vec(black_box(&inv), Profile::En16931).unwrap())
        });
        g.bench_function("read", |b| {
            b.iter(|| facturx_cii::read(black_box(&xml)).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
