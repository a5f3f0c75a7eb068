//! `facturx_pdf::embed` with a fuzzed input PDF and the fixed valid
//! MINIMUM invoice of `fixtures/smoke/minimum.xml`.
//!
//! Property: when embedding succeeds, extracting gives back the same XML
//! bytes and the PDF checks run without error on the output.

#![no_main]

use facturx_pdf::{EmbedOptions, Timestamp};
use libfuzzer_sys::fuzz_target;

const XML: &[u8] = include_bytes!("../../fixtures/smoke/minimum.xml");

fuzz_target!(|data: &[u8]| {
    // Half the inputs go through `force`, which writes despite problems.
    let Some((&selector, pdf)) = data.split_first() else {
        return;
    };
    let options = EmbedOptions {
        date: Timestamp::new(2026, 11, 23, 9, 0, 0),
        force: selector & 1 == 1,
        ..EmbedOptions::default()
    };
    let Ok(embedded) = facturx_pdf::embed(pdf, XML, &options) else {
        return;
    };
    let back = match facturx_pdf::extract(&embedded.pdf) {
        Ok(back) => back,
        Err(e) => panic!("embed succeeded but extract failed on its output: {e}"),
    };
    assert_eq!(back.xml, XML, "embed -> extract is not the identity");
    if let Err(e) = facturx_pdf::check(&embedded.pdf) {
        panic!("embed succeeded but check could not read its output: {e}");
    }
});
