#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::{CountryCode, CurrencyCode, Date, Item, Line, LineVat, Party, Price};

fn party(name: &str) -> Party {
    Party {
        name: name.into(),
        address: Some(crate::Address {
            country: CountryCode::new("FR").unwrap(),
            line1: None,
            line2: None,
            line3: None,
            city: None,
            postcode: None,
            subdivision: None,
        }),
        ..Default::default()
    }
}

fn line(id: usize, qty: Decimal, price: Decimal, cat: VatCategory, rate: Option<Decimal>) -> Line {
    Line {
        id: id.to_string(),
        note: None,
        object_identifier: None,
        quantity: qty,
        unit_code: "C62".into(),
        net_amount: None,
        order_line_reference: None,
        accounting_reference: None,
        period: None,
        allowances: vec![],
        charges: vec![],
        price: Price {
            net: price,
            discount: None,
            gross: None,
            base_quantity: None,
            base_quantity_unit: None,
        },
        vat: LineVat {
            category: cat,
            rate,
        },
        item: Item {
            name: format!("item {id}"),
            ..Default::default()
        },
    }
}

fn invoice(lines: Vec<Line>) -> Invoice {
    Invoice {
        profile: None,
        number: "T-1".into(),
        type_code: "380".into(),
        issue_date: Date::new(2026, 11, 23).unwrap(),
        currency: CurrencyCode::new("EUR").unwrap(),
        tax_currency: None,
        tax_point_date: None,
        tax_point_date_code: None,
        due_date: None,
        buyer_reference: None,
        project: None,
        contract_reference: None,
        purchase_order_reference: None,
        sales_order_reference: None,
        receiving_advice_reference: None,
        despatch_advice_reference: None,
        tender_reference: None,
        invoiced_object: None,
        buyer_accounting_reference: None,
        payment_terms: None,
        notes: vec![],
        business_process: None,
        preceding_invoices: vec![],
        seller: party("S"),
        buyer: party("B"),
        payee: None,
        tax_representative: None,
        delivery: None,
        invoicing_period: None,
        remittance_information: None,
        payment_means: vec![],
        mandate_reference: None,
        creditor_reference: None,
        allowances: vec![],
        charges: vec![],
        vat_breakdown: vec![],
        totals: None,
        additional_documents: vec![],
        lines,
    }
}

fn doc_ac(amount: Decimal, cat: VatCategory, rate: Option<Decimal>) -> AllowanceCharge {
    AllowanceCharge {
        amount: Some(Amount::new(amount).unwrap()),
        base_amount: None,
        percentage: None,
        vat_category: Some(cat),
        vat_rate: rate,
        reason: Some("r".into()),
        reason_code: None,
    }
}

/// The totals rules as the CEN schematron states them, checked on the result.
fn official_total_violations(inv: &Invoice) -> Vec<&'static str> {
    let mut v = vec![];
    let t = inv.totals.as_ref().unwrap();
    let r2 = round2;
    let lines: Decimal = inv
        .lines
        .iter()
        .map(|l| l.net_amount.unwrap().value())
        .sum();
    if t.line_total.unwrap().value() != r2(lines) {
        v.push("BR-CO-10");
    }
    let allow: Decimal = inv
        .allowances
        .iter()
        .map(|a| a.amount.unwrap().value())
        .sum();
    let charge: Decimal = inv.charges.iter().map(|a| a.amount.unwrap().value()).sum();
    match t.allowance_total {
        Some(a) if a.value() != r2(allow) => v.push("BR-CO-11"),
        None if !allow.is_zero() => v.push("BR-CO-11"),
        _ => {}
    }
    match t.charge_total {
        Some(a) if a.value() != r2(charge) => v.push("BR-CO-12"),
        None if !charge.is_zero() => v.push("BR-CO-12"),
        _ => {}
    }
    let opt = |a: Option<Amount>| a.map(Amount::value).unwrap_or_default();
    if t.tax_basis_total.value()
        != r2(opt(t.line_total) - opt(t.allowance_total) + opt(t.charge_total))
    {
        v.push("BR-CO-13");
    }
    let tax: Decimal = inv.vat_breakdown.iter().map(|b| b.tax_amount.value()).sum();
    if opt(t.tax_total) != r2(tax) {
        v.push("BR-CO-14");
    }
    if t.grand_total.value() != r2(t.tax_basis_total.value() + opt(t.tax_total)) {
        v.push("BR-CO-15");
    }
    if t.due_payable.value() != t.grand_total.value() - opt(t.prepaid) + opt(t.rounding) {
        v.push("BR-CO-16");
    }
    for b in &inv.vat_breakdown {
        let same = |c: VatCategory, r: Option<Decimal>| {
            c == b.category
                && (!c.has_rate() || r.unwrap_or_default() == b.rate.unwrap_or_default())
        };
        let l: Decimal = inv
            .lines
            .iter()
            .filter(|l| same(l.vat.category, l.vat.rate))
            .map(|l| l.net_amount.unwrap().value())
            .sum();
        let c: Decimal = inv
            .charges
            .iter()
            .filter(|a| same(a.vat_category.unwrap(), a.vat_rate))
            .map(|a| a.amount.unwrap().value())
            .sum();
        let a: Decimal = inv
            .allowances
            .iter()
            .filter(|a| same(a.vat_category.unwrap(), a.vat_rate))
            .map(|a| a.amount.unwrap().value())
            .sum();
        if b.taxable_amount.value() != r2(l) + r2(c) - r2(a) {
            v.push("BR-x-08");
        }
        // BR-CO-17: tax within ±1 of taxable × rate, zero when the rate is zero.
        let rate = b.rate.unwrap_or_default();
        let expect = r2(b.taxable_amount.value().abs() * rate / Decimal::ONE_HUNDRED);
        if rate.is_zero() && !b.tax_amount.value().is_zero()
            || (b.tax_amount.value().abs() - expect).abs() > Decimal::ONE
        {
            v.push("BR-CO-17");
        }
    }
    v
}

#[test]
fn round2_is_half_toward_positive_infinity() {
    assert_eq!(round2(dec!(2.345)), dec!(2.35));
    assert_eq!(round2(dec!(-2.345)), dec!(-2.34));
    assert_eq!(round2(dec!(-0.005)), dec!(0.00));
    assert_eq!(round2(dec!(1.004)), dec!(1.00));
    assert_eq!(round2(dec!(7)).to_string(), "7.00");
}

#[test]
fn multi_rate_invoice_with_allowances() {
    let mut inv = invoice(vec![
        line(
            1,
            dec!(3),
            dec!(19.99),
            VatCategory::Standard,
            Some(dec!(20)),
        ),
        line(
            2,
            dec!(1.5),
            dec!(8.333),
            VatCategory::Standard,
            Some(dec!(5.5)),
        ),
        line(3, dec!(2), dec!(50), VatCategory::Exempt, Some(dec!(0))),
    ]);
    inv.allowances
        .push(doc_ac(dec!(5.00), VatCategory::Standard, Some(dec!(20))));
    inv.charges
        .push(doc_ac(dec!(2.50), VatCategory::Standard, Some(dec!(5.5))));
    compute(&mut inv).unwrap();
    let t = inv.totals.as_ref().unwrap();
    // 59.97 + 12.50 (12.4995 -> 12.50) + 100.00
    assert_eq!(t.line_total.unwrap().to_string(), "172.47");
    assert_eq!(t.tax_basis_total.to_string(), "169.97");
    assert_eq!(inv.vat_breakdown.len(), 3);
    let s20 = inv
        .vat_breakdown
        .iter()
        .find(|b| b.rate == Some(dec!(20.00)))
        .unwrap();
    assert_eq!(s20.taxable_amount.to_string(), "54.97");
    assert_eq!(s20.tax_amount.to_string(), "10.99");
    let s55 = inv
        .vat_breakdown
        .iter()
        .find(|b| b.rate == Some(dec!(5.50)))
        .unwrap();
    assert_eq!(s55.taxable_amount.to_string(), "15.00");
    assert_eq!(s55.tax_amount.to_string(), "0.83");
    assert_eq!(t.grand_total.to_string(), "181.79");
    assert_eq!(official_total_violations(&inv), Vec::<&str>::new());
}

#[test]
fn percentage_allowance_is_computed() {
    let mut inv = invoice(vec![line(
        1,
        dec!(1),
        dec!(200),
        VatCategory::Standard,
        Some(dec!(20)),
    )]);
    inv.allowances.push(AllowanceCharge {
        amount: None,
        base_amount: Some(Amount::new(dec!(200)).unwrap()),
        percentage: Some(dec!(2.5)),
        vat_category: Some(VatCategory::Standard),
        vat_rate: Some(dec!(20)),
        reason: Some("Remise".into()),
        reason_code: Some("95".into()),
    });
    compute(&mut inv).unwrap();
    assert_eq!(inv.allowances[0].amount.unwrap().to_string(), "5.00");
    assert_eq!(inv.totals.unwrap().due_payable.to_string(), "234.00");
}

#[test]
fn missing_allowance_category_names_the_field() {
    let mut inv = invoice(vec![line(
        1,
        dec!(1),
        dec!(10),
        VatCategory::Standard,
        Some(dec!(20)),
    )]);
    let mut a = doc_ac(dec!(1), VatCategory::Standard, None);
    a.vat_category = None;
    inv.charges.push(a);
    let err = compute(&mut inv).unwrap_err().to_string();
    assert!(err.contains("charges[0].vat_category"), "{err}");
}

#[test]
fn reverse_charge_gets_vatex_and_zero_tax() {
    let mut inv = invoice(vec![line(
        1,
        dec!(4),
        dec!(100),
        VatCategory::ReverseCharge,
        None,
    )]);
    compute(&mut inv).unwrap();
    let b = &inv.vat_breakdown[0];
    assert_eq!(b.tax_amount.value(), Decimal::ZERO);
    assert_eq!(b.rate, Some(dec!(0.00)));
    assert_eq!(b.exemption_reason_code.as_deref(), Some("VATEX-EU-AE"));
}

#[test]
fn prepaid_and_rounding_are_kept() {
    let mut inv = invoice(vec![line(
        1,
        dec!(1),
        dec!(99.99),
        VatCategory::Standard,
        Some(dec!(20)),
    )]);
    inv.totals = Some(Totals {
        prepaid: Some(Amount::new(dec!(50)).unwrap()),
        rounding: Some(Amount::new(dec!(0.01)).unwrap()),
        ..Default::default()
    });
    compute(&mut inv).unwrap();
    let t = inv.totals.as_ref().unwrap();
    assert_eq!(t.grand_total.to_string(), "119.99");
    assert_eq!(t.due_payable.to_string(), "70.00");
    assert_eq!(official_total_violations(&inv), Vec::<&str>::new());
}

fn arb_decimal(max: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    (-max..=max).prop_map(move |n| Decimal::new(n, scale))
}

fn arb_category() -> impl Strategy<Value = (VatCategory, Option<Decimal>)> {
    prop_oneof![
        4 => prop_oneof![Just(dec!(20)), Just(dec!(10)), Just(dec!(5.5)), Just(dec!(2.1)), Just(dec!(8.5))]
            .prop_map(|r| (VatCategory::Standard, Some(r))),
        1 => Just((VatCategory::ZeroRated, Some(dec!(0)))),
        1 => Just((VatCategory::Exempt, Some(dec!(0)))),
        1 => Just((VatCategory::ReverseCharge, Some(dec!(0)))),
        1 => Just((VatCategory::IntraCommunity, Some(dec!(0)))),
        1 => Just((VatCategory::OutsideScope, None)),
    ]
}

proptest! {
    #[test]
    fn computed_totals_satisfy_br_co_10_to_17_and_br_x_08(
        lines in prop::collection::vec((arb_decimal(100_000, 3), arb_decimal(1_000_000, 4), arb_category()), 1..40),
        allowances in prop::collection::vec((arb_decimal(50_000, 2), arb_category()), 0..4),
        charges in prop::collection::vec((arb_decimal(50_000, 2), arb_category()), 0..4),
        prepaid in prop::option::of(arb_decimal(100_000, 2)),
    ) {
        let mut inv = invoice(lines.into_iter().enumerate().map(|(i, (q, p, (c, r)))| line(i + 1, q, p, c, r)).collect());
        inv.allowances = allowances.into_iter().map(|(a, (c, r))| doc_ac(a.abs(), c, r)).collect();
        inv.charges = charges.into_iter().map(|(a, (c, r))| doc_ac(a.abs(), c, r)).collect();
        inv.totals = prepaid.map(|p| Totals { prepaid: Some(Amount::new(p).unwrap()), ..Default::default() });
        compute(&mut inv).unwrap();
        prop_assert_eq!(official_total_violations(&inv), Vec::<&str>::new());
        // Amounts stay representable with two decimals.
        let t = inv.totals.as_ref().unwrap();
        prop_assert!(t.grand_total.value().scale() <= 2);
        // One breakdown per category (per rate for S).
        let mut keys: Vec<_> = inv.vat_breakdown.iter().map(|b| (b.category, b.rate)).collect();
        keys.dedup();
        prop_assert_eq!(keys.len(), inv.vat_breakdown.len());
    }

    #[test]
    fn amount_rejects_three_decimals(n in 1i64..1_000_000) {
        let d = Decimal::new(n * 10 + 1, 3);
        prop_assert!(Amount::new(d).is_err());
        prop_assert!(Amount::from_str(&Decimal::new(n, 2).to_string()).is_ok());
    }
}
