//! The tolerant CII reader (`facturx_cii::read`) on arbitrary bytes.
//!
//! Property: an invoice the reader returns can be handed to the writer
//! without a panic (the writer may refuse it with an error), and what the
//! writer produces is read back.

#![no_main]

use facturx_model::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = facturx_cii::read(data) else {
        return;
    };
    let profile = read.profile.unwrap_or(Profile::Extended);
    let Ok(xml) = facturx_cii::to_vec(&read.invoice, profile) else {
        return;
    };
    if let Err(e) = facturx_cii::read(&xml) {
        panic!("the reader rejects what the writer wrote: {e}");
    }
});
