//! The facade `facturx::validate` on arbitrary bytes: profile detection,
//! hardened libxml2 parsing and XSD validation, the official rule sets, and
//! (for inputs that look like a PDF) the PDF layer.
//!
//! The first byte picks the profile (detected from BT-24, or forced), so that
//! documents without a BT-24 still reach every XSD.

#![no_main]

use facturx::{Profile, ValidateOptions};
use libfuzzer_sys::fuzz_target;

const PROFILES: [Option<Profile>; 6] = [
    None,
    Some(Profile::Minimum),
    Some(Profile::BasicWl),
    Some(Profile::Basic),
    Some(Profile::En16931),
    Some(Profile::Extended),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, xml)) = data.split_first() else {
        return;
    };
    let profile = PROFILES
        .get(usize::from(selector) % PROFILES.len())
        .copied()
        .flatten();
    let options = ValidateOptions::default().with_profile(profile);
    // Errors are fine (the check could not run); panics, hangs and
    // unbounded allocations are what libFuzzer catches.
    let _ = facturx::validate("fuzz.xml", xml, &options);
});
