//! Invoices built in code for the render tests and benches.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use facturx_model::Invoice;
use serde_json::{Value, json};

fn seller() -> Value {
    json!({
        "name": "Atelier Lumière SAS",
        "trading_name": "Lumière Conseil",
        "identifiers": [{"id": "12345678900017", "scheme": "0009"}],
        "legal_registration": {"id": "123456789", "scheme": "0002"},
        "legal_information": "SAS au capital de 50 000 € – RCS Lyon 123 456 789",
        "vat_identifier": "FR32123456789",
        "address": {"line1": "12 rue de la République", "line2": "Bâtiment B", "postcode": "69002",
                    "city": "Lyon", "country": "FR"},
        "contacts": [{"name": "Claire Martin", "phone": "+33 4 72 00 00 00",
                      "email": "facturation@atelier-lumiere.fr"}]
    })
}

fn buyer() -> Value {
    json!({
        "name": "Mairie de Villeurbanne – Direction des systèmes d'information",
        "identifiers": [{"id": "21690266800013", "scheme": "0009"}],
        "legal_registration": {"id": "21690266800013", "scheme": "0009"},
        "vat_identifier": "FR83216902668",
        "address": {"line1": "Place Lazare Goujon", "postcode": "69100", "city": "Villeurbanne",
                    "country": "FR"}
    })
}

fn line(
    id: usize,
    name: &str,
    desc: Option<&str>,
    qty: &str,
    unit: &str,
    price: &str,
    rate: &str,
) -> Value {
    let mut l = json!({
        "id": id.to_string(), "quantity": qty, "unit_code": unit,
        "price": {"net": price}, "vat": {"category": "S", "rate": rate},
        "item": {"name": name, "seller_id": format!("ART-{id:05}")}
    });
    if let Some(d) = desc {
        l["item"]["description"] = json!(d);
    }
    l
}

fn base(number: &str, lines: Vec<Value>) -> Value {
    json!({
        "number": number,
        "issue_date": "2026-11-22",
        "due_date": "2026-12-22",
        "currency": "EUR",
        "buyer_reference": "SERVICE-DSI-042",
        "purchase_order_reference": "EJ-2026-000815",
        "contract_reference": "MARCHE-2025-17",
        "business_process": "A1",
        "payment_terms": "Paiement à 30 jours date de facture par virement.",
        "seller": seller(),
        "buyer": buyer(),
        "payment_means": [{"type_code": "58", "iban": "FR7630006000011234567890189",
                           "bic": "AGRIFRPPXXX", "account_name": "Atelier Lumière SAS"}],
        "notes": [{"text": "Merci de rappeler le numéro de facture lors du paiement."}],
        "lines": lines
    })
}

fn parse(v: Value) -> Invoice {
    serde_json::from_value(v).expect("valid invoice json")
}

/// Three lines at 20 %, one description long enough to wrap.
pub fn short() -> Invoice {
    parse(base(
        "F2026-0042",
        vec![
            line(
                1,
                "Audit de l'éclairage public",
                Some(
                    "Relevé et diagnostic de 240 points lumineux, \
              quartiers Gratte-Ciel et Charpennes, avec rapport de préconisations détaillé \
              remis en version papier et numérique.",
                ),
                "3",
                "DAY",
                "850.00",
                "20",
            ),
            line(2, "Luminaire LED 40 W", None, "12", "C62", "189.90", "20"),
            line(3, "Déplacement", None, "1", "LS", "1250.00", "20"),
        ],
    ))
}

/// Four VAT rates, a line allowance, a document allowance and a charge.
pub fn multi_rate() -> Invoice {
    let mut lines = vec![
        line(
            1,
            "Conseil en rénovation énergétique",
            None,
            "7.5",
            "HUR",
            "120.00",
            "20",
        ),
        line(
            2,
            "Travaux d'isolation (logement de plus de 2 ans)",
            Some("Isolation des combles perdus, 85 m²."),
            "85",
            "MTK",
            "42.50",
            "10",
        ),
        line(
            3,
            "Ouvrage « L'éclairage durable »",
            None,
            "4",
            "C62",
            "32.00",
            "5.5",
        ),
        line(
            4,
            "Presse spécialisée – abonnement",
            None,
            "1",
            "ANN",
            "96.00",
            "2.1",
        ),
    ];
    lines[1]["allowances"] = json!([{"amount": "150.00", "reason": "Remise fidélité"}]);
    let mut v = base("F2026-0043", lines);
    v["allowances"] = json!([{"base_amount": "900.00", "percentage": "5", "vat_category": "S",
                              "vat_rate": "20", "reason": "Remise commerciale"}]);
    v["charges"] = json!([{"amount": "45.00", "vat_category": "S", "vat_rate": "20",
                           "reason": "Frais de livraison"}]);
    v["invoicing_period"] = json!({"start": "2026-10-01", "end": "2026-10-31"});
    parse(v)
}

/// `n` lines with varied descriptions.
pub fn long(n: usize) -> Invoice {
    let lines = (1..=n)
        .map(|i| {
            let desc = if i % 7 == 0 {
                Some(
                    "Intervention sur site incluant la dépose de l'ancien matériel, le recyclage \
                      des déchets électriques (DEEE) et la mise en service.",
                )
            } else {
                None
            };
            line(
                i,
                &format!("Prestation n° {i} – maintenance préventive"),
                desc,
                &format!("{}", 1 + i % 9),
                "HUR",
                &format!("{}.{:02}", 40 + i % 60, i % 100),
                "20",
            )
        })
        .collect();
    parse(base(&format!("F2026-L{n}"), lines))
}

/// Intra-community supply (category K), English labels expected by callers.
pub fn intra_community() -> Invoice {
    let mut l = line(1, "LED street lamp 60 W", None, "200", "C62", "145.00", "0");
    l["vat"] = json!({"category": "K", "rate": "0"});
    let mut v = base("F2026-0044", vec![l]);
    v["buyer"] = json!({"name": "Stadtwerke München GmbH", "vat_identifier": "DE129273398",
                        "address": {"line1": "Emmy-Noether-Straße 2", "postcode": "80992",
                                    "city": "München", "country": "DE"}});
    v["vat_breakdown"] = json!([]);
    let mut inv = parse(v);
    facturx_model::calc::compute(&mut inv).unwrap();
    inv.vat_breakdown[0].exemption_reason = Some("Intra-community supply".to_string());
    inv
}

/// A credit note.
pub fn credit_note() -> Invoice {
    let mut v = base(
        "AV2026-0007",
        vec![line(
            1,
            "Avoir sur luminaire défectueux",
            None,
            "2",
            "C62",
            "189.90",
            "20",
        )],
    );
    v["type_code"] = json!("381");
    v["preceding_invoices"] = json!([{"number": "F2026-0042", "issue_date": "2026-11-22"}]);
    parse(v)
}

/// The longest `long(n)` invoice that still takes three pages: the table
/// runs over all three and the totals close the last one.
pub fn three_pages() -> Invoice {
    let opts = facturx_render::RenderOptions::default();
    let mut best = None;
    for n in 20..300 {
        let inv = long(n);
        match facturx_render::page_count(&inv, &opts).unwrap() {
            3 => best = Some(inv),
            p if p > 3 => break,
            _ => {}
        }
    }
    best.expect("some line count gives three pages")
}
