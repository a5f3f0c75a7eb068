//! The custom XSLT functions of BR-FR-Flux2 1.4.0 (`custom:*`), executed
//! from their official definitions in the embedded XSLT; each is checked
//! here on valid and invalid inputs (expected values follow from the
//! definitions and the French specification XP Z12-012).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use facturx_rules::{Document, RuleSet, Variant};

const DOC: &str = r#"<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"><rsm:ExchangedDocumentContext><ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID> S8 </ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>"#;

fn eval(expr: &str) -> String {
    let doc = Document::parse(DOC).unwrap();
    let set = RuleSet::br_fr(Variant::Fatal).unwrap();
    set.eval_xpath(expr, &doc).unwrap().join("|")
}

fn check(cases: &[(&str, bool)]) {
    for (expr, expected) in cases {
        assert_eq!(eval(expr), expected.to_string(), "{expr}");
    }
}

#[test]
fn all_nineteen_functions_are_loaded() {
    let set = RuleSet::br_fr(Variant::Fatal).unwrap();
    let names = set.function_names();
    assert_eq!(names.len(), 19, "{names:?}");
    assert!(names.contains(&"custom:check-siret-siren-coherence"));
}

#[test]
fn identifiers_and_dates() {
    check(&[
        ("custom:is-valid-id-format('F-2024/001')", true),
        ("custom:is-valid-id-format('F 2024')", false),
        ("custom:is-valid-id-format('')", false),
        ("custom:is-valid-date-format('20240229')", true),
        ("custom:is-valid-date-format('20230229')", false),
        ("custom:is-valid-date-format('19991231')", false),
        ("custom:is-valid-date-format('20241131')", false),
        ("custom:is-valid-schemeid-format('0009')", true),
        ("custom:is-valid-schemeid-format('00 09')", false),
        (
            "custom:check-siret-siren-coherence('12345678900012', '123456789')",
            true,
        ),
        (
            "custom:check-siret-siren-coherence('12345678900012', '987654321')",
            false,
        ),
        (
            "custom:check-siret-siren-coherence('1234567890001', '123456789')",
            false,
        ),
    ]);
}

#[test]
fn code_lists() {
    check(&[
        ("custom:is-valid-document-type-code('380')", true),
        ("custom:is-valid-document-type-code('999')", false),
        ("custom:is-valid-billing-mode('S1')", true),
        ("custom:is-valid-billing-mode('A1')", false),
        ("custom:is-valid-bar-treatment('B2CINT')", true),
        ("custom:is-valid-bar-treatment('B2G')", false),
        ("custom:is-valid-eas-code('0225')", true),
        ("custom:is-valid-eas-code('0000')", false),
        ("custom:is-valid-vat-category-code('AE')", true),
        ("custom:is-valid-vat-category-code('L')", false),
        ("custom:is-valid-vat-rate('20.00')", true),
        ("custom:is-valid-vat-rate('20.000')", false),
        ("custom:is-valid-attachment-code('RIB')", true),
        ("custom:is-valid-attachment-code('rib')", false),
    ]);
}

#[test]
fn decimal_formats() {
    check(&[
        ("custom:is-valid-decimal-19-2('-1234.56')", true),
        ("custom:is-valid-decimal-19-2('1234.567')", false),
        (
            "custom:is-valid-decimal-19-2('12345678901234567890')",
            false,
        ),
        ("custom:is-valid-decimal-19-4('1.2345')", true),
        ("custom:is-valid-decimal-19-4('1.23456')", false),
        ("custom:is-valid-decimal-19-6('-1.123456')", true),
        ("custom:is-valid-decimal-19-6-positive('-1.5')", false),
        ("custom:is-valid-decimal-19-6-positive('1.5')", true),
        ("custom:is-valid-percent-4-2-positive('20.5')", true),
        ("custom:is-valid-percent-4-2-positive('100.25')", false),
    ]);
}

#[test]
fn special_contracts() {
    check(&[
        ("custom:isSpecialContract(/rsm:CrossIndustryInvoice)", true),
        (
            "custom:isSpecialContractMV(/rsm:CrossIndustryInvoice)",
            true,
        ),
        (
            "custom:isSpecialContractBD(/rsm:CrossIndustryInvoice)",
            false,
        ),
        ("custom:isSpecialContract(/rsm:Missing)", false),
    ]);
}
