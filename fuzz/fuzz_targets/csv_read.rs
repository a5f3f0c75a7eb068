//! The CSV export reader of `facturx-batch` with a fuzzed mapping.
//!
//! Input layout: `<mapping TOML>\n%%\n<CSV bytes>`. Without the `\n%%\n`
//! separator the whole input is the CSV and the mapping is
//! `fixtures/csv/mapping-fr.toml`. Every invoice the export yields is built
//! into the model (totals computed) and written as CII.

#![no_main]

use std::io::Cursor;

use facturx_batch::csv::{Export, Mapping, build_invoice, init_mapping};
use facturx_model::Profile;
use libfuzzer_sys::fuzz_target;

const MAPPING: &str = include_str!("../../fixtures/csv/mapping-fr.toml");
const SEPARATOR: &[u8] = b"\n%%\n";
/// Invoices built per input, so one input stays fast.
const MAX_INVOICES: usize = 64;

fuzz_target!(|data: &[u8]| {
    let (mapping_text, csv) = match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(at) => (
            String::from_utf8_lossy(&data[..at]).into_owned(),
            &data[at + SEPARATOR.len()..],
        ),
        None => (MAPPING.to_string(), data),
    };
    let _ = init_mapping(csv);
    let Ok(mapping) = Mapping::from_toml(&mapping_text) else {
        return;
    };
    let Ok(mut export) = Export::open(&mapping, Box::new(Cursor::new(csv.to_vec())), None) else {
        return;
    };
    for _ in 0..MAX_INVOICES {
        let Ok(Some(raw)) = export.next_invoice() else {
            return;
        };
        let Some(plan) = export.plan() else {
            return;
        };
        if let Ok(invoice) = build_invoice(&raw, plan, Profile::En16931) {
            let _ = facturx_cii::to_vec(&invoice, Profile::En16931);
        }
    }
});
