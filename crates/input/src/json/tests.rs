#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::from_json;

const GOOD: &str = r#"{
  "profile": "en16931",
  "number": "F2026-001", "issue_date": "2026-11-23", "currency": "EUR",
  "seller": {"name": "ACME SAS", "address": {"country": "FR"}},
  "buyer": {"name": "Client SA", "address": {"country": "FR"}},
  "lines": [
    {"id": "1", "quantity": "3", "unit_code": "C62", "price": {"net": "10.00"},
     "vat": {"category": "S", "rate": "20"}, "item": {"name": "Widget"}},
    {"id": "2", "quantity": "1", "unit_code": "C62", "price": {"net": "5"},
     "vat": {"category": "S", "rate": "20"}, "item": {"name": "Gadget"}},
    {"id": "3", "quantity": "1", "unit_code": "C62", "price": {"net": "5"},
     "vat": {"category": "S", "rate": "20"}, "item": {"name": "Doohickey"},
     "allowances": [{"amount": "1.00"}]}
  ]
}"#;

fn err(json: &str) -> String {
    from_json(json.as_bytes(), "invoice.json")
        .unwrap_err()
        .to_string()
}

#[test]
fn good_invoice_parses() {
    let inv = from_json(GOOD.as_bytes(), "invoice.json").unwrap();
    assert_eq!(inv.lines.len(), 3);
    assert_eq!(inv.profile, Some(facturx_model::Profile::En16931));
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = err("{\n  \"number\": \"F1\",\n  \"issue_date\" \"2026-11-23\"\n}");
    assert_eq!(
        e,
        "invoice.json: line 3, column 16: malformed JSON: expected `:`"
    );
}

#[test]
fn truncated_json_is_a_syntax_error() {
    let e = err(&GOOD[..GOOD.len() / 2]);
    assert!(e.starts_with("invoice.json: line "), "{e}");
    assert!(e.contains("malformed JSON: EOF while parsing"), "{e}");
}

#[test]
fn trailing_garbage_is_refused() {
    let e = err(&format!("{GOOD} x"));
    assert!(e.contains("malformed JSON: trailing characters"), "{e}");
}

#[test]
fn unknown_profile_names_the_field() {
    let e = err(&GOOD.replace("\"en16931\"", "\"gold\""));
    assert!(
        e.starts_with("invoice.json: /profile: unknown variant `gold`, expected one of"),
        "{e}"
    );
}

#[test]
fn missing_mandatory_field_names_the_object_and_field() {
    let e = err(&GOOD.replace("\"unit_code\": \"C62\", \"price\": {\"net\": \"5\"},\n     \"vat\": {\"category\": \"S\", \"rate\": \"20\"}, \"item\": {\"name\": \"Gadget\"}", "\"price\": {\"net\": \"5\"},\n     \"vat\": {\"category\": \"S\", \"rate\": \"20\"}, \"item\": {\"name\": \"Gadget\"}"));
    assert_eq!(e, "invoice.json: /lines/1: missing field `unit_code`");
    let e = err(&GOOD.replace("\"number\": \"F2026-001\",", ""));
    assert_eq!(e, "invoice.json: /: missing field `number`");
}

#[test]
fn amount_with_three_decimals_names_the_field() {
    let e = err(&GOOD.replace("\"amount\": \"1.00\"", "\"amount\": \"1.005\""));
    assert_eq!(
        e,
        "invoice.json: /lines/2/allowances/0/amount: 1.005: 3 decimals, at most 2 allowed"
    );
}

#[test]
fn unknown_field_is_refused() {
    let e = err(&GOOD.replace(
        "\"item\": {\"name\": \"Widget\"}",
        "\"item\": {\"name\": \"Widget\", \"colour\": \"red\"}",
    ));
    assert!(
        e.starts_with("invoice.json: /lines/0/item/colour: unknown field `colour`"),
        "{e}"
    );
}

#[test]
fn bad_date_names_the_field() {
    let e = err(&GOOD.replace("2026-11-23", "2026-02-30"));
    assert!(e.starts_with("invoice.json: /issue_date: "), "{e}");
}
