//! Writer and reader errors name the field, or the XPath and line; the
//! reader reports what it does not model and refuses unsafe input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use facturx_model::{Invoice, Profile, calc};

fn fixture(name: &str) -> Invoice {
    let path = common::root().join("fixtures/invoices").join(name);
    let mut inv = facturx_input::from_json(&std::fs::read(path).unwrap(), name).unwrap();
    calc::compute(&mut inv).unwrap();
    inv
}

fn write_err(inv: &Invoice, p: Profile) -> String {
    facturx_cii::to_vec(inv, p).unwrap_err().to_string()
}

#[test]
fn missing_line_item_name_is_named() {
    let mut inv = fixture("en16931.json");
    inv.lines[2].item.name.clear();
    assert_eq!(
        write_err(&inv, Profile::En16931),
        "lines[2].item.name: missing, required by the EN 16931 profile"
    );
    // MINIMUM writes no lines, so it does not need the name.
    assert!(facturx_cii::to_vec(&inv, Profile::Minimum).is_ok());
}

#[test]
fn profile_requirements_are_checked_before_writing() {
    let inv = fixture("minimum.json");
    assert_eq!(
        write_err(&inv, Profile::BasicWl),
        "vat_breakdown: missing, required by the BASIC WL profile"
    );
    let mut no_totals = inv.clone();
    no_totals.totals = None;
    assert_eq!(
        write_err(&no_totals, Profile::Minimum),
        "totals: missing, required by the MINIMUM profile"
    );
    let wl = fixture("basicwl.json");
    assert_eq!(
        write_err(&wl, Profile::Basic),
        "lines: missing, required by the BASIC profile"
    );
    let mut ac = fixture("allowances-charges.json");
    ac.allowances[0].vat_category = None;
    assert_eq!(
        write_err(&ac, Profile::En16931),
        "allowances[0].vat_category: missing, required by the EN 16931 profile"
    );
    // Nothing is written when the check fails.
    let mut sink = Vec::new();
    assert!(facturx_cii::write(&ac, Profile::En16931, &mut sink).is_err());
    assert!(sink.is_empty());
}

#[test]
fn a_rich_invoice_written_as_a_smaller_profile_is_valid_for_it() {
    let inv = fixture("extended.json");
    for p in Profile::ALL {
        let xml = facturx_cii::to_vec(&inv, p).unwrap();
        let errors = common::xsd_errors(&xml, p);
        assert!(errors.is_empty(), "{p}: {errors:#?}");
        let back = facturx_cii::read(&xml).unwrap();
        assert_eq!(back.profile, Some(p));
        assert!(back.warnings.is_empty(), "{p}: {:?}", back.warnings);
        assert_eq!(
            back.invoice.lines.len(),
            if p.has_lines() { inv.lines.len() } else { 0 }
        );
    }
}

#[test]
fn bt6_writes_bt111_with_its_currency() {
    let inv = fixture("non-eur.json");
    let xml = String::from_utf8(facturx_cii::to_vec(&inv, Profile::En16931).unwrap()).unwrap();
    assert!(xml.contains("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>"));
    assert!(xml.contains("<ram:InvoiceCurrencyCode>USD</ram:InvoiceCurrencyCode>"));
    assert!(
        xml.contains(r#"<ram:TaxTotalAmount currencyID="USD">496.00</ram:TaxTotalAmount>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<ram:TaxTotalAmount currencyID="EUR">441.18</ram:TaxTotalAmount>"#));
    let back = facturx_cii::read(xml.as_bytes()).unwrap();
    assert_eq!(back.invoice.totals, inv.totals);
}

const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:TestIndicator><udt:Indicator>true</udt:Indicator></ram:TestIndicator>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>F1</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20261123</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>S</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>B</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount>120.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>120.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"#;

#[test]
fn unmodeled_elements_are_reported_with_xpath_and_line() {
    let r = facturx_cii::read(SMALL.as_bytes()).unwrap();
    assert_eq!(r.profile, Some(Profile::Minimum));
    assert_eq!(
        r.warnings,
        vec![facturx_cii::Warning::Unmodeled {
            xpath: "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:TestIndicator"
                .into(),
            line: 4,
        }]
    );
    assert_eq!(r.invoice.totals.unwrap().grand_total.to_string(), "120.00");
}

#[test]
fn unparsable_amount_gives_xpath_and_line() {
    let bad = SMALL.replace(
        "<ram:GrandTotalAmount>120.00",
        "<ram:GrandTotalAmount>12O.00",
    );
    let e = facturx_cii::read(bad.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        e,
        "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount (line 21): \"12O.00\" is not a decimal number"
    );
    let bad = SMALL.replace(
        "<ram:GrandTotalAmount>120.00",
        "<ram:GrandTotalAmount>120.001",
    );
    let e = facturx_cii::read(bad.as_bytes()).unwrap_err().to_string();
    assert!(
        e.ends_with("(line 21): 120.001: 3 decimals, at most 2 allowed"),
        "{e}"
    );
}

#[test]
fn bad_date_and_missing_mandatory_elements_are_errors() {
    let bad = SMALL.replace("20261123", "20261131");
    let e = facturx_cii::read(bad.as_bytes()).unwrap_err().to_string();
    assert!(
        e.contains("ram:IssueDateTime/udt:DateTimeString (line 9)"),
        "{e}"
    );
    let bad = SMALL.replace("<ram:DuePayableAmount>120.00</ram:DuePayableAmount>", "");
    let e = facturx_cii::read(bad.as_bytes()).unwrap_err().to_string();
    assert!(e.ends_with("ram:SpecifiedTradeSettlementHeaderMonetarySummation (line 19): missing ram:DuePayableAmount"), "{e}");
}

#[test]
fn dtds_and_foreign_roots_are_refused() {
    let xxe = SMALL.replace(
        "<rsm:CrossIndustryInvoice",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<rsm:CrossIndustryInvoice",
    );
    let e = facturx_cii::read(xxe.as_bytes()).unwrap_err();
    assert!(
        matches!(&e, facturx_cii::Error::Xml { message, .. } if message.contains("DTD")),
        "{e}"
    );
    let e = facturx_cii::read(
        b"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1: root element {urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice is not rsm:CrossIndustryInvoice"
    );
    let limits = facturx_cii::Limits {
        max_bytes: 100,
        ..Default::default()
    };
    assert!(matches!(
        facturx_cii::read_with(SMALL.as_bytes(), limits),
        Err(facturx_cii::Error::TooLarge { limit: 100, .. })
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let deep = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let xml = SMALL.replace("<ram:TestIndicator>", &format!("<ram:TestIndicator>{deep}"));
    match facturx_cii::read(xml.as_bytes()) {
        Err(facturx_cii::Error::Xml { .. }) => {}
        Ok(r) => assert_eq!(
            r.warnings.len(),
            1,
            "the whole subtree is one unmodeled element"
        ),
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[test]
fn supporting_document_type_code_round_trips() {
    let mut inv = fixture("extended.json");
    inv.additional_documents[0].type_code = None;
    let xml = facturx_cii::to_vec(&inv, Profile::En16931).unwrap();
    let back = facturx_cii::read(&xml).unwrap();
    assert_eq!(back.invoice.additional_documents, inv.additional_documents);
    assert!(
        String::from_utf8(xml)
            .unwrap()
            .contains("<ram:TypeCode>916</ram:TypeCode>")
    );
}
