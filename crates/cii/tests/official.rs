//! Round trips of the 55 official Factur-X 1.09.2 samples (FNFE, shipped in
//! /work/shared/standards/examples/facturx-official-fnfe; see
//! EXPECTED_RESULTS.md there): read -> write (same profile) -> read gives an
//! equal model, and the written XML is valid against that profile's XSD.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

#[test]
fn official_samples_round_trip() {
    let samples = common::official_samples();
    assert_eq!(samples.len(), 55, "expected the 55 official samples");
    let mut failures = Vec::new();
    for path in &samples {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let xml = std::fs::read(path).unwrap();
        let first = match facturx_cii::read(&xml) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: read: {e}"));
                continue;
            }
        };
        let Some(profile) = first.profile else {
            failures.push(format!("{name}: unknown profile {:?}", first.guideline_id));
            continue;
        };
        let written = match facturx_cii::to_vec(&first.invoice, profile) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{name}: write: {e}"));
                continue;
            }
        };
        let errors = common::xsd_errors(&written, profile);
        if !errors.is_empty() {
            failures.push(format!("{name}: written XML is not XSD-valid: {errors:#?}"));
        }
        let second = facturx_cii::read(&written).unwrap();
        if second.invoice != first.invoice {
            failures.push(format!(
                "{name}: model changed\nfirst:  {:?}\nsecond: {:?}",
                first.invoice, second.invoice
            ));
        }
        if !second.warnings.is_empty() {
            failures.push(format!(
                "{name}: the written XML has unmodeled parts: {:?}",
                second.warnings
            ));
        }
        // Non-EXTENDED samples use only EN 16931 structures, all of which the model holds.
        if profile != facturx_model::Profile::Extended && !first.warnings.is_empty() {
            failures.push(format!("{name}: unmodeled: {:#?}", first.warnings));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
