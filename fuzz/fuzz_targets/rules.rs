//! The rules engine (`facturx_rules::validate`) on arbitrary bytes: XML
//! parsing into the rule document and every official rule set.
//!
//! The first byte picks the rule sets: the defaults for the detected
//! profile, or one explicit family, so that every compiled schematron runs.

#![no_main]

use facturx_rules::{Options, SetName};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, xml)) = data.split_first() else {
        return;
    };
    let sets = match usize::from(selector) % (SetName::ALL.len() + 2) {
        0 => None,
        1 => Some(SetName::ALL.to_vec()),
        n => SetName::ALL.get(n - 2).map(|s| vec![*s]),
    };
    let options = Options {
        file: "fuzz.xml".to_string(),
        sets,
        profile: None,
    };
    let _ = facturx_rules::validate(xml, &options);
});
