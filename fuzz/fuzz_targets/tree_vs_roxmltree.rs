//! Our XML tree (`facturx_xpath::tree`) against roxmltree 0.21 on arbitrary
//! UTF-8: both refuse, or both build the same tree, or the difference is
//! one where ours keeps an XML 1.0 / Namespaces 1.0 rule that roxmltree
//! breaks. Anything else is a finding.
//!
//! The comparison (canonical form, list of known differences with their
//! rules) is the differential test's, included as a module so that the two
//! cannot drift: see `crates/xpath/tests/tree_vs_roxmltree.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

// Its corpora and `#[test]` functions are unused here.
#[allow(dead_code)]
#[path = "../../crates/xpath/tests/tree_vs_roxmltree.rs"]
mod diff;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let diff::Verdict::Differ(both) = diff::verdict(text) {
        panic!(
            "ours and roxmltree disagree: {}\n{}",
            diff::class_of(&both),
            diff::describe(text, &both)
        );
    }
});
