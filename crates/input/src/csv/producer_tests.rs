//! Regression tests for exports as real producers write them (Sage, EBP,
//! Odoo, SAP, Pennylane, QuickBooks, Excel, Google Sheets): each test names
//! what used to go wrong.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Cursor;

use super::*;
use facturx_model::{Invoice, Profile};

const CONSTANTS: &str = r#"
[constants]
currency = "EUR"
"seller.name" = "ACME SAS"
"seller.vat_id" = "FR32123456789"
"seller.address.country" = "FR"
"buyer.address.country" = "FR"
"#;

const COLUMNS: &str = r#"
[columns]
number = "Facture"
issue_date = "Date"
"buyer.name" = "Client"
"line.name" = "Article"
"line.quantity" = "Qté"
"line.price" = "PU"
"line.vat_rate" = "TVA"
"#;

/// Every invoice of `bytes` read with `[csv]` options `csv`, built.
fn convert(
    csv: &str,
    columns: &str,
    bytes: &[u8],
) -> Vec<(RawInvoice, Result<Invoice, Vec<Problem>>)> {
    let mapping = Mapping::from_toml(&format!("[csv]\n{csv}\n{columns}\n{CONSTANTS}")).unwrap();
    let mut export = Export::open(&mapping, Box::new(Cursor::new(bytes.to_vec())), None).unwrap();
    let plan = export.plan().unwrap().clone();
    let mut out = Vec::new();
    while let Some(raw) = export.next_invoice().unwrap() {
        let built = build_invoice(&raw, &plan, Profile::En16931);
        out.push((raw, built));
    }
    out
}

fn ok(built: &Result<Invoice, Vec<Problem>>) -> &Invoice {
    built.as_ref().unwrap_or_else(|p| panic!("rejected: {p:?}"))
}

fn problems(built: &Result<Invoice, Vec<Problem>>) -> &[Problem] {
    built
        .as_ref()
        .err()
        .map(Vec::as_slice)
        .expect("a rejected invoice")
}

fn grand_total(built: &Result<Invoice, Vec<Problem>>) -> String {
    ok(built).totals.as_ref().unwrap().grand_total.to_string()
}

const FR: &str = "delimiter = \";\"\ndecimal_separator = \",\"\nthousands_separator = \" \"\ndate_format = \"%d/%m/%Y\"";

#[test]
fn crlf_rows_keep_their_physical_line_numbers() {
    // The csv crate numbered each CRLF record one line early: row 2 was
    // reported as row 1 in rejects and the manifest.
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\r\nF1;05/11/2026;A;x;1;1;20\r\nF2;05/11/2026;B;\"two\r\nlines\";1;1;20\r\nF3;05/11/2026;C;y;1;oops;20\r\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    let lines: Vec<Vec<u64>> = out.iter().map(|(r, _)| r.header_lines()).collect();
    assert_eq!(lines, vec![vec![2], vec![3], vec![5]]);
    assert_eq!(problems(&out[2].1)[0].line, Some(5));
    assert_eq!(ok(&out[1].1).lines[0].item.name, "two\nlines");
}

#[test]
fn excel_sep_line_blank_rows_and_totals_row() {
    let csv = "sep=;\r\nFacture;Date;Client;Article;Qté;PU;TVA\r\nF1;05/11/2026;A;x;2;10,00;20\r\n;;;;;;\r\n\r\nTotal;;;;;;24,00\r\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    assert_eq!(
        out.len(),
        2,
        "the ;;;; row is blank, the totals row is rejected"
    );
    assert_eq!(grand_total(&out[0].1), "24.00");
    assert_eq!(out[0].0.header_lines(), vec![3]);
    let p = problems(&out[1].1);
    assert_eq!((p[0].rule.as_str(), p[0].line), ("CSV-TOTALS-ROW", Some(6)));
}

#[test]
fn sep_line_naming_another_delimiter_stops_the_job() {
    let mapping = Mapping::from_toml(&format!("[csv]\n{FR}\n{COLUMNS}\n{CONSTANTS}")).unwrap();
    let csv = "sep=,\nFacture,Date\n";
    let err = Export::open(
        &mapping,
        Box::new(Cursor::new(csv.as_bytes().to_vec())),
        None,
    )
    .err()
    .expect("an error");
    assert!(err.to_string().contains("sep=,"), "{err}");
}

#[test]
fn odoo_continuation_rows_fill_down() {
    let columns = COLUMNS
        .replace("\"Facture\"", "\"Number\"")
        .replace("\"Client\"", "\"Partner\"");
    let csv = "Number;Date;Partner;Article;Qté;PU;TVA\nINV/1;05/11/2026;Azure;Chair;2;150;20\n;;;Lamp;1;45,50;20\nINV/2;06/11/2026;Deco;Desk;1;100;20\n";
    let out = convert(&format!("{FR}\nfill_down = true"), &columns, csv.as_bytes());
    assert_eq!(out.len(), 2);
    assert_eq!(ok(&out[0].1).lines.len(), 2);
    assert_eq!(grand_total(&out[0].1), "414.60");
    assert_eq!(out[0].0.header_lines(), vec![2, 3]);
    // Without the option, the continuation row is its own rejected invoice
    // and the message names the option.
    let out = convert(FR, &columns, csv.as_bytes());
    assert_eq!(out.len(), 3);
    let p = &out
        .iter()
        .find(|(r, _)| r.number.is_empty())
        .unwrap()
        .0
        .problems[0];
    assert!(p.message.contains("fill_down"), "{p}");
}

#[test]
fn rates_as_fractions_are_never_read_as_percent() {
    // Pennylane writes 0,2 for 20 %: read as 0.2 % it gave a valid invoice
    // with a hundredth of the tax.
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;05/11/2026;A;x;1;100,00;0,2\nF2;05/11/2026;A;x;1;100,00;0,055\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    let p = problems(&out[0].1);
    assert_eq!(p[0].rule, "CSV-NUMBER");
    assert!(p[0].message.contains("vat_rate_format"), "{}", p[0]);
    let out = convert(
        &format!("{FR}\nvat_rate_format = \"fraction\""),
        COLUMNS,
        csv.as_bytes(),
    );
    assert_eq!(ok(&out[0].1).lines[0].vat.rate.unwrap().to_string(), "20");
    assert_eq!(grand_total(&out[0].1), "120.00");
    assert_eq!(grand_total(&out[1].1), "105.50");
}

#[test]
fn percent_signs_currency_marks_and_trailing_minus() {
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;05/11/2026;A;x;1;1\u{202f}234,56\u{a0}€;20 %\nF1;05/11/2026;A;y;2;EUR 10,00;5,5%\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    assert_eq!(grand_total(&out[0].1), "1502.57");
    // A currency that is not the invoice's is refused, not dropped.
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;05/11/2026;A;x;1;$10,00;20\nF2;05/11/2026;A;x;2 €;10,00;20\nF3;05/11/2026;A;x;1;10,00;20 €\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    assert!(
        problems(&out[0].1)[0]
            .message
            .contains("the invoice currency is EUR")
    );
    assert!(
        problems(&out[1].1)[0]
            .message
            .contains("currency is not allowed in a quantity")
    );
    assert!(
        problems(&out[2].1)[0]
            .message
            .contains("currency is not allowed in a rate")
    );
}

#[test]
fn excel_serial_dates_only_when_asked() {
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;46053;A;x;1;1;20\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    assert!(
        problems(&out[0].1)[0]
            .message
            .contains("excel_serial_dates")
    );
    let out = convert(
        &format!("{FR}\nexcel_serial_dates = true"),
        COLUMNS,
        csv.as_bytes(),
    );
    assert_eq!(ok(&out[0].1).issue_date.to_string(), "2026-01-31");
}

#[test]
fn month_first_dates_are_explained_not_guessed() {
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;01/31/2026;A;x;1;1;20\n";
    let out = convert(FR, COLUMNS, csv.as_bytes());
    let p = &problems(&out[0].1)[0];
    assert_eq!(p.rule, "CSV-DATE");
    assert!(p.message.contains("\"%m/%d/%Y\""), "{p}");
}

#[test]
fn duplicate_header_names_need_an_occurrence() {
    let header: Vec<String> = "Facture;Date;Client;Article;Qté;PU;TVA;PU"
        .split(';')
        .map(String::from)
        .collect();
    let mut m = Mapping::from_toml(&format!("[csv]\n{FR}\n{COLUMNS}\n{CONSTANTS}")).unwrap();
    let err = m.plan(&header, None).unwrap_err().to_string();
    assert!(
        err.contains("appears 2 times") && err.contains("PU#2"),
        "{err}"
    );
    m.columns.insert("line.price".into(), "PU#2".into());
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA;PU\nF1;05/11/2026;A;x;1;1,00;20;3,00\n";
    let columns = COLUMNS.replace("\"PU\"", "\"PU#2\"");
    let out = convert(FR, &columns, csv.as_bytes());
    assert_eq!(grand_total(&out[0].1), "3.60");
}

#[test]
fn negative_credit_notes() {
    let columns = format!("{COLUMNS}type_code = \"Type\"\n");
    let csv = "Facture;Type;Date;Client;Article;Qté;PU;TVA\nAV1;381;05/11/2026;A;x;-4;85,00;20\nAV2;;05/11/2026;A;x;1;85,00-;20\nF1;380;05/11/2026;A;x;1;10,00;20\n";
    let out = convert(FR, &columns, csv.as_bytes());
    let p = &problems(&out[0].1)[0];
    assert!(
        p.rule == "CSV-SIGN" && p.message.contains("negative_credit_notes"),
        "{p}"
    );
    assert_eq!(p.line, Some(2));
    let p = &problems(&out[1].1)[0];
    assert!(p.rule == "CSV-SIGN" && p.message.contains("BR-27"), "{p}");
    let negative_quantity =
        "Facture;Type;Date;Client;Article;Qté;PU;TVA\nF9;;05/11/2026;A;x;-1;85,00;20\n";
    let out9 = convert(FR, &columns, negative_quantity.as_bytes());
    assert_eq!(
        grand_total(&out9[0].1),
        "-102.00",
        "a negative 380 is left as is"
    );
    let out = convert(
        &format!("{FR}\nnegative_credit_notes = true"),
        &columns,
        csv.as_bytes(),
    );
    let (av1, av2) = (ok(&out[0].1), ok(&out[1].1));
    assert_eq!(
        (av1.type_code.as_str(), grand_total(&out[0].1).as_str()),
        ("381", "408.00")
    );
    assert_eq!(av1.lines[0].quantity.to_string(), "4");
    assert_eq!(
        (av2.type_code.as_str(), grand_total(&out[1].1).as_str()),
        ("381", "102.00")
    );
    assert_eq!(av2.lines[0].price.net.to_string(), "85.00");
    assert_eq!(grand_total(&out[2].1), "12.00");
}

#[test]
fn iso_8859_15_euro_sign_survives() {
    let mut csv =
        b"Facture;Date;Client;Article;Qt\xe9;PU;TVA\nF1;05/11/2026;C\xbdur;x;1;1,20 \xa4;20\n"
            .to_vec();
    let out = convert(&format!("{FR}\nencoding = \"iso-8859-15\""), COLUMNS, &csv);
    assert_eq!(ok(&out[0].1).buyer.name, "Cœur");
    assert_eq!(grand_total(&out[0].1), "1.44");
    // Read as Windows-1252, 0xA4 is "¤": the amount is refused, not misread.
    csv.truncate(csv.len());
    let out = convert(&format!("{FR}\nencoding = \"windows-1252\""), COLUMNS, &csv);
    assert_eq!(problems(&out[0].1)[0].rule, "CSV-NUMBER");
}

fn guess(sample: &[u8]) -> (Mapping, Guess) {
    let g = guess_mapping(sample);
    (
        Mapping::from_toml(&g.toml).unwrap_or_else(|e| panic!("{e}\n{}", g.toml)),
        g,
    )
}

fn noted(g: &Guess, what: &str) -> bool {
    g.notes.iter().any(|n| n.contains(what))
}

#[test]
fn init_sage_100_cp1252_with_line_amounts() {
    let (m, g) = guess(
        b"N\xb0 pi\xe8ce;Date;Code client;Intitul\xe9;D\xe9signation;Quantit\xe9;P.U. HT;Taux TVA;Montant HT;\r\n\
          FA1;05/01/26;C1;Soci\xe9t\xe9;C\xe2ble;10;12,50;20,00;125,00;\r\n\
          FA1;05/01/26;C1;Soci\xe9t\xe9;Pose;1;1 250,00;20,00;1 250,00;\r\n",
    );
    assert_eq!(m.csv.encoding, Encoding::Windows1252);
    assert_eq!(
        (m.csv.delimiter.as_str(), m.csv.date_format.as_str()),
        (";", "%d/%m/%y")
    );
    assert_eq!(
        (
            m.csv.decimal_separator.as_str(),
            m.csv.thousands_separator.as_str()
        ),
        (",", " ")
    );
    assert_eq!(m.columns["number"], "N° pièce");
    assert_eq!(m.columns["buyer.name"], "Intitulé");
    assert_eq!(m.columns["line.price"], "P.U. HT");
    // Per-line values: a line amount, not the invoice's control total.
    assert_eq!(m.columns["line.net_amount"], "Montant HT");
    assert!(!m.columns.contains_key("check.tax_basis_total"));
    assert!(noted(&g, "AMBIGUOUS"), "{:?}", g.notes);
}

#[test]
fn init_rate_columns_named_tva() {
    // "TVA %" and a bare "TVA" of rates used to become the invoice's VAT total.
    let (m, _) = guess(
        "Numéro\tDate\tClient\tDésignation\tQté\tPU HT\tTVA %\n1\t31/01/2026\tA\tx\t1\t2,00\t5,5\n"
            .as_bytes(),
    );
    assert_eq!(m.csv.delimiter, "\\t");
    assert_eq!(m.columns["line.vat_rate"], "TVA %");
    let (m, g) = guess(
        "Facture,Date,Client,Désignation,Qté,PU,TVA\nG1,31/01/2026,A,x,1,\"1 200,50\",20\n"
            .as_bytes(),
    );
    assert_eq!(m.columns["line.vat_rate"], "TVA");
    assert!(!m.columns.contains_key("check.tax_total"));
    assert!(noted(&g, "VAT rates"), "{:?}", g.notes);
    assert_eq!(m.csv.decimal_separator, ",");
}

#[test]
fn init_month_first_fill_down_fraction_currency_and_sep() {
    let (m, g) = guess(b"Invoice No,Invoice Date,Customer,Product/Service,Qty,Rate,Amount,Tax Rate\n1001,01/31/2026,Acme,Consulting,2,\"$1,250.00\",\"$2,500.00\",20%\n");
    assert_eq!(m.csv.date_format, "%m/%d/%Y");
    assert_eq!(
        (
            m.csv.decimal_separator.as_str(),
            m.csv.thousands_separator.as_str()
        ),
        (".", ",")
    );
    assert_eq!(m.constants["currency"], "USD");
    assert!(
        noted(&g, "MONTH-FIRST") && noted(&g, "CHECK"),
        "{:?}",
        g.notes
    );
    assert_eq!(m.columns["line.price"], "Rate");

    let (m, _) = guess(b"Number,Invoice/Bill Date,Partner,Invoice lines/Label,Invoice lines/Quantity,Invoice lines/Unit Price,Invoice lines/Taxes\nINV/1,2026-01-15,Azure,Chair,2.00,150.00,20%\n,,,Lamp,1.00,45.50,20%\n");
    assert!(m.csv.fill_down);
    assert_eq!(m.columns["line.quantity"], "Invoice lines/Quantity");
    assert_eq!(m.columns["line.vat_rate"], "Invoice lines/Taxes");

    let (m, _) = guess("Numéro de facture;Date de facturation;Client;Libellé;Quantité;Prix unitaire HT;Taux de TVA\nP1;15/01/2026;A;x;1;900,00;0,2\n".as_bytes());
    assert_eq!(m.csv.vat_rate_format, RateFormat::Fraction);
    assert_eq!(m.columns["number"], "Numéro de facture");

    let (m, g) = guess(b"sep=;\r\nN\xb0 facture;Date facture;Client;D\xe9signation;Quantit\xe9;Prix unitaire HT;Taux TVA\r\nF1;03/02/2026;A;x;1;0,85;5,5\r\nF2;46058;B;y;1;1,00;20\r\n");
    assert_eq!(m.csv.delimiter, ";");
    assert!(m.csv.excel_serial_dates);
    assert!(noted(&g, "sep="), "{:?}", g.notes);

    let (m, _) = guess(b"N\xb0 Document;Date document;Nom tiers;Libell\xe9;Qt\xe9;P.U. HT;% TVA\r\nFC1;02/02/2026;A;x;25;1,20 \xa4;5,50 %\r\n");
    assert_eq!(m.csv.encoding, Encoding::Iso8859_15);
    assert_eq!(m.columns["line.vat_rate"], "% TVA");
    assert_eq!(m.csv.decimal_separator, ",");
}

#[test]
fn sap_quantities_with_units() {
    let csv = "Facture;Date;Client;Article;Qté;PU;TVA\nF1;31.01.2026;A;Pump;2 PC;1.234,56;20\nF1;31.01.2026;A;Work;2,5 h;60,00;20\nF2;31.01.2026;A;x;3 boîtes;1,00;20\n";
    let de = "delimiter = \";\"\ndecimal_separator = \",\"\nthousands_separator = \".\"\ndate_format = \"%d.%m.%Y\"";
    let out = convert(de, COLUMNS, csv.as_bytes());
    assert!(problems(&out[0].1)[0].message.contains("quantity_units"));
    let out = convert(
        &format!("{de}\nquantity_units = true"),
        COLUMNS,
        csv.as_bytes(),
    );
    let f1 = ok(&out[0].1);
    let units: Vec<(&str, String)> = f1
        .lines
        .iter()
        .map(|l| (l.unit_code.as_str(), l.quantity.to_string()))
        .collect();
    assert_eq!(
        units,
        vec![("H87", "2".to_string()), ("HUR", "2.5".to_string())]
    );
    assert_eq!(grand_total(&out[0].1), "3142.94");
    let p = &problems(&out[1].1)[0];
    assert!(p.rule == "CSV-CODE" && p.message.contains("boîtes"), "{p}");
    let (m, _) = guess("Billing Document;Billing Date;Name 1;Description;Billed Quantity;Net Price;Tax Rate\n9001;31.01.2026;A;Pump;2 PC;1.234,56;20,00\n".as_bytes());
    assert!(m.csv.quantity_units);
    assert!(!m.csv.negative_credit_notes);
    let (_, g) = guess("Billing Document;Billing Date;Name 1;Description;Billed Quantity;Net Price;Tax Rate\n9002;31.01.2026;A;Credit;1 PC;1.234,56-;20,00\n".as_bytes());
    assert!(noted(&g, "negative_credit_notes"), "{:?}", g.notes);
    assert_eq!(m.columns["line.name"], "Description");
    assert_eq!(
        (
            m.csv.decimal_separator.as_str(),
            m.csv.thousands_separator.as_str()
        ),
        (",", ".")
    );
}

#[test]
fn excel_unicode_text_is_utf16_tab_separated() {
    let text = "N° facture\tDate facture\tClient\tDésignation\tQuantité\tPrix unitaire HT\tTaux TVA\r\nU1\t31/01/2026\tŒuvre\tVis\t2\t9,90 €\t20\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (m, g) = guess(&bytes);
    assert_eq!(
        (m.csv.encoding, m.csv.delimiter.as_str()),
        (Encoding::Utf16, "\\t")
    );
    assert!(noted(&g, "UTF-16"), "{:?}", g.notes);
    let mut m = m;
    m.constants.insert("seller.name".into(), "ACME SAS".into());
    m.constants
        .insert("seller.vat_id".into(), "FR32123456789".into());
    let mut export = Export::open(&m, Box::new(Cursor::new(bytes)), None).unwrap();
    let plan = export.plan().unwrap().clone();
    let raw = export.next_invoice().unwrap().unwrap();
    let invoice = build_invoice(&raw, &plan, Profile::En16931).unwrap();
    assert_eq!(invoice.buyer.name, "Œuvre");
    assert_eq!(invoice.totals.unwrap().grand_total.to_string(), "23.76");
    assert_eq!(raw.header_lines(), vec![2]);
}
