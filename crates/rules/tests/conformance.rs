//! Proof of equality with the official artefacts: our engine and Saxon
//! (saxonche) run the same compiled schematron on the official samples, and
//! the multisets of (rule ID, flag, assert/report) must be equal per file.
//!
//! Corpus: the 55 official Factur-X samples (`../shared/standards/examples/
//! facturx-official-fnfe`, each with its own profile's set, plus CEN for
//! BASIC, EN 16931 and EXTENDED, plus BR-FR on EN 16931) and the 15 CEN
//! examples. Needs the oracle: run `scripts/setup.sh`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/oracle.rs"]
mod oracle;

use std::path::PathBuf;

use facturx_model::Profile;
use facturx_rules::{RuleSetId, Variant};
use oracle::{compare, files, standards};

fn samples(profile: Profile) -> Vec<PathBuf> {
    files(
        &standards()
            .join("examples/facturx-official-fnfe")
            .join(profile.dir_name()),
        ".factur-x.xml",
    )
}

fn cen_examples() -> Vec<PathBuf> {
    files(&standards().join("en16931-cii-1.3.16/examples"), ".xml")
}

fn check(set: RuleSetId, files: &[PathBuf]) {
    assert!(
        !files.is_empty(),
        "no sample files found for {}",
        set.name()
    );
    let (diffs, msg_diffs, ids) = compare(set, files);
    eprintln!(
        "{}: {} files, {} distinct IDs hit, {} differences, {} message differences",
        set.name(),
        files.len(),
        ids.len(),
        diffs.len(),
        msg_diffs.len()
    );
    assert!(
        diffs.is_empty(),
        "{} differs from Saxon:\n{}",
        set.name(),
        diffs.join("\n")
    );
    assert!(
        msg_diffs.is_empty(),
        "{} messages differ from Saxon:\n{}",
        set.name(),
        msg_diffs.join("\n")
    );
}

#[test]
fn facturx_sets_on_their_own_profile_samples() {
    for p in Profile::ALL {
        check(RuleSetId::FacturX(p), &samples(p));
    }
}

#[test]
fn cen_on_samples_and_cen_examples() {
    let mut all = cen_examples();
    for p in [Profile::Basic, Profile::En16931, Profile::Extended] {
        all.extend(samples(p));
    }
    check(RuleSetId::En16931, &all);
}

#[test]
fn br_fr_on_en16931_samples() {
    let mut all = samples(Profile::En16931);
    all.extend(cen_examples());
    check(RuleSetId::BrFr(Variant::Fatal), &all);
    check(RuleSetId::BrFr(Variant::Warning), &all);
}

#[test]
fn extended_ctc_fr_on_extended_samples() {
    let mut all = samples(Profile::Extended);
    all.extend(samples(Profile::En16931));
    check(RuleSetId::ExtendedCtcFr, &all);
}
