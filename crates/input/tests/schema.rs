//! `schemas/invoice.schema.json` is generated from the model with schemars;
//! this test fails when the committed file is out of date, and rewrites it
//! when run with `UPDATE_SCHEMAS=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn invoice_schema_is_current() {
    let schema = schemars::schema_for!(facturx_model::Invoice);
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/invoice.schema.json");
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date: run `UPDATE_SCHEMAS=1 cargo test -p facturx-input --test schema`",
        path.display()
    );
}
