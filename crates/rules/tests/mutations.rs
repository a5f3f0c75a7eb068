//! Conformance on a generated mutation corpus: valid official samples are
//! broken one change at a time (see `mutate.rs`), and every mutant is run
//! through Saxon (the official XSLT) and our engine; the multisets of
//! (rule ID, flag, kind) must be equal per file. Needs the oracle: run
//! `scripts/setup.sh`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/oracle.rs"]
mod oracle;

use facturx_model::Profile;
use facturx_rules::{RuleSet, RuleSetId, Variant};
use oracle::{compare, standards};

fn run(set: RuleSetId, sample: &str, stride: usize) {
    let src = standards().join(sample);
    let dir = std::env::temp_dir().join(format!(
        "facturx-rules-mutants-{}-{}",
        set.name(),
        std::process::id()
    ));
    let files = mutate::write_corpus(&src, &dir, stride);
    let (diffs, msg_diffs, ids) = compare(set, &files);
    let total = RuleSet::get(set).unwrap().rule_ids().len();
    eprintln!(
        "{}: {} mutants of {sample}, {} of {} rule IDs hit, {} differences, {} message differences",
        set.name(),
        files.len(),
        ids.len(),
        total,
        diffs.len(),
        msg_diffs.len()
    );
    eprintln!("{}: IDs hit: {}", set.name(), ids.join(" "));
    let _ = std::fs::remove_dir_all(&dir);
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
    assert!(ids.len() > 10, "the mutants should make many rules fire");
}

const EN16931_SAMPLE: &str = "examples/facturx-official-fnfe/EN16931/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml";
const FR_SAMPLE: &str = "examples/facturx-official-fnfe/EN16931/Facture_UC1_2023025_F-LE_FOURNISSEUR-POUR-L_ACHETEUR_EN_16931.factur-x.xml";
const CEN_EXAMPLE: &str = "en16931-cii-1.3.16/examples/CII_example1.xml";

#[test]
fn cen_mutants() {
    run(RuleSetId::En16931, EN16931_SAMPLE, 1);
    run(RuleSetId::En16931, CEN_EXAMPLE, 2);
}

#[test]
fn facturx_mutants() {
    run(RuleSetId::FacturX(Profile::En16931), EN16931_SAMPLE, 1);
}

#[test]
fn br_fr_mutants() {
    run(RuleSetId::BrFr(Variant::Fatal), FR_SAMPLE, 1);
}
