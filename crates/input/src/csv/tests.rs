#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Cursor;

use super::*;
use facturx_model::Profile;

const MAPPING: &str = r#"
[csv]
delimiter = ";"
decimal_separator = ","
thousands_separator = " "
date_format = "%d/%m/%Y"
max_open_invoices = 4

[columns]
number = "N° facture"
issue_date = "Date"
"buyer.name" = "Client"
"line.name" = "Désignation"
"line.quantity" = "Qté"
"line.price" = "PU HT"
"line.vat_rate" = "Taux TVA"

[constants]
currency = "EUR"
"seller.name" = "ACME SAS"
"seller.vat_id" = "FR32123456789"
"seller.address.country" = "FR"
"buyer.address.country" = "FR"
"#;

const HEADER: &str = "N° facture;Date;Client;Désignation;Qté;PU HT;Taux TVA\n";

fn export(body: &str) -> Export {
    let mapping = Mapping::from_toml(MAPPING).unwrap();
    let text = format!("{HEADER}{body}");
    Export::open(&mapping, Box::new(Cursor::new(text.into_bytes())), None).unwrap()
}

fn all(mut e: Export) -> Vec<RawInvoice> {
    let mut out = Vec::new();
    while let Some(r) = e.next_invoice().unwrap() {
        out.push(r);
    }
    out
}

#[test]
fn groups_contiguous_rows_with_physical_lines() {
    let e = export(
        "F1;05/11/2026;Client SA;Widget;3;10,00;20\n\
         F1;05/11/2026;Client SA;\"Gadget\non two lines\";1;1 000,50;20\n\
         F2;06/11/2026;Other;Thing;1;5;5,5\n",
    );
    let plan = e.plan().unwrap().clone();
    let invoices = all(e);
    assert_eq!(invoices.len(), 2);
    assert_eq!(invoices[0].header_lines(), vec![2, 3]);
    assert_eq!(invoices[1].header_lines(), vec![5]);
    let inv = build_invoice(&invoices[0], &plan, Profile::En16931).unwrap();
    assert_eq!(inv.lines[1].item.name, "Gadget\non two lines");
    assert_eq!(inv.lines[1].price.net.to_string(), "1000.50");
    assert_eq!(inv.totals.unwrap().tax_basis_total.to_string(), "1030.50");
}

#[test]
fn broken_amount_names_row_column_and_value() {
    let e = export(
        "F1;05/11/2026;Client SA;Widget;3;10,00;20\n\
         F1;05/11/2026;Client SA;Gadget;1;12,3x4;20\n",
    );
    let plan = e.plan().unwrap().clone();
    let invoices = all(e);
    let problems = build_invoice(&invoices[0], &plan, Profile::En16931).unwrap_err();
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert_eq!(p.rule, "CSV-NUMBER");
    assert_eq!(p.line, Some(3));
    assert_eq!(p.column.as_deref(), Some("PU HT"));
    assert!(p.to_string().contains("\"12,3x4\" is not a number"), "{p}");
}

#[test]
fn interleaved_rows_merge_within_the_window() {
    let invoices = all(export(
        "F1;05/11/2026;A;x;1;1;20\n\
         F2;05/11/2026;B;x;1;1;20\n\
         F1;05/11/2026;A;y;1;1;20\n\
         F2;05/11/2026;B;y;1;1;20\n",
    ));
    assert_eq!(invoices.len(), 2);
    assert_eq!(invoices[0].header_lines(), vec![2, 4]);
    assert_eq!(invoices[1].header_lines(), vec![3, 5]);
    assert!(invoices.iter().all(|i| i.problems.is_empty()));
}

#[test]
fn duplicates_are_flagged_on_the_later_invoice() {
    // Same number, different header values: a second invoice F1.
    let invoices = all(export(
        "F1;05/11/2026;A;x;1;1;20\n\
         F1;07/11/2026;B;y;1;1;20\n",
    ));
    assert_eq!(invoices.len(), 2);
    assert!(invoices[0].problems.is_empty());
    assert_eq!(invoices[1].problems[0].rule, "CSV-DUPLICATE");
    assert_eq!(invoices[1].header_lines(), vec![3]);
    // Same number again after the window has closed it.
    let mut body = String::from("F1;05/11/2026;A;x;1;1;20\n");
    for i in 2..10 {
        body.push_str(&format!("F{i};05/11/2026;A;x;1;1;20\n"));
    }
    body.push_str("F1;05/11/2026;A;x;1;1;20\n");
    let invoices = all(export(&body));
    assert_eq!(invoices.len(), 10);
    let late = invoices
        .iter()
        .find(|i| i.header_lines() == vec![11])
        .unwrap();
    assert_eq!(late.problems[0].rule, "CSV-DUPLICATE");
    assert!(late.problems[0].message.contains("row 2"));
}

#[test]
fn empty_export_has_no_invoices() {
    let mapping = Mapping::from_toml(MAPPING).unwrap();
    let e = Export::open(&mapping, Box::new(Cursor::new(Vec::new())), None).unwrap();
    assert!(e.plan().is_none());
    assert!(all(e).is_empty());
    assert!(all(export("")).is_empty());
}

#[test]
fn missing_mandatory_field_is_reported() {
    let e = export("F1;05/11/2026;;Widget;3;10;20\n");
    let plan = e.plan().unwrap().clone();
    let problems = build_invoice(&all(e)[0], &plan, Profile::En16931).unwrap_err();
    assert_eq!(problems[0].rule, "CSV-MISSING");
    assert_eq!(problems[0].line, Some(2));
    assert!(problems[0].message.contains("buyer.name"));
}

#[test]
fn mapping_errors_name_the_problem() {
    let mut m = Mapping::from_toml(MAPPING).unwrap();
    m.columns.insert("line.price".into(), "Nope".into());
    let header: Vec<String> = HEADER.trim().split(';').map(String::from).collect();
    assert!(matches!(
        m.plan(&header, None),
        Err(Error::MissingColumn { .. })
    ));
    assert!(matches!(
        Mapping::from_toml("[columns]\nfoo = \"x\""),
        Ok(m) if matches!(m.plan(&header, None), Err(Error::UnknownField(_)))
    ));
}

#[test]
fn init_mapping_guesses_a_french_export() {
    let sample = "N° facture;Date facture;Client;Désignation;Quantité;Prix unitaire HT;Taux TVA;Total HT\n\
                  F1;05/11/2026;Client SA;Widget;3;1 234,50;20;3 703,50\n";
    let toml = init_mapping(sample.as_bytes());
    let m = Mapping::from_toml(&toml).unwrap();
    assert_eq!(m.csv.delimiter, ";");
    assert_eq!(m.csv.decimal_separator, ",");
    assert_eq!(m.csv.thousands_separator, " ");
    assert_eq!(m.csv.date_format, "%d/%m/%Y");
    assert_eq!(m.columns["number"], "N° facture");
    assert_eq!(m.columns["line.price"], "Prix unitaire HT");
    assert_eq!(m.columns["check.tax_basis_total"], "Total HT");
    assert!(toml.contains("# \"seller.name\""), "{toml}");
}
