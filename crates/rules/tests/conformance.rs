//! Proof of equality with the official artefacts: our engine and Saxon
//! (saxonche) run the same compiled schematron on the official samples, and
//! the multisets of (rule ID, flag, assert/report) must be equal per file.
//!
//! Corpus: the 55 official Factur-X samples (`../shared/standards/examples/
//! facturx-official-fnfe`, each with its own profile's set, plus CEN for
//! BASIC, EN 16931 and EXTENDED, plus BR-FR on EN 16931) and the 15 CEN
//! examples. Needs the oracle: run `scripts/setup.sh`.
//!
//! `extra_corpus_matches_saxon` runs every applicable set on every `*.xml`
//! under `FACTURX_EXTRA_CORPUS` (recursively; by default the official sample
//! and CEN example folders), choosing the sets from each file's BT-24.
//! `FACTURX_EXTRA_ALL_SETS=1` runs all sets on every file instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/oracle.rs"]
mod oracle;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use facturx_model::Profile;
use facturx_rules::{Document, RuleSetId, Variant};
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

/// Every `*.xml` under `dir`, recursively, sorted.
fn xml_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            xml_files_under(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) {
            out.push(p);
        }
    }
}

/// The sets that apply to a document with this BT-24 (as `facturx validate`
/// chooses them, plus the French sets): the Factur-X set of the profile, CEN
/// for BASIC and up, BR-FR FATAL and WARNING for EN 16931 and EXTENDED,
/// EXTENDED-CTC-FR for EXTENDED. An unknown BT-24 (XRechnung, other CIUS or
/// extensions, none) or a file that does not parse gets CEN only.
fn sets_for(bt24: Option<&str>) -> Vec<RuleSetId> {
    let Some(p) = bt24.and_then(Profile::from_guideline_id) else {
        return vec![RuleSetId::En16931];
    };
    let mut v = vec![RuleSetId::FacturX(p)];
    if p >= Profile::Basic {
        v.push(RuleSetId::En16931);
    }
    if p >= Profile::En16931 {
        v.push(RuleSetId::BrFr(Variant::Fatal));
        v.push(RuleSetId::BrFr(Variant::Warning));
    }
    if p == Profile::Extended {
        v.push(RuleSetId::ExtendedCtcFr);
    }
    v
}

fn all_sets() -> Vec<RuleSetId> {
    let mut v: Vec<RuleSetId> = Profile::ALL.into_iter().map(RuleSetId::FacturX).collect();
    v.extend([
        RuleSetId::En16931,
        RuleSetId::BrFr(Variant::Fatal),
        RuleSetId::BrFr(Variant::Warning),
        RuleSetId::ExtendedCtcFr,
    ]);
    v
}

/// Real invoices from elsewhere: every applicable set on every file, equal to
/// Saxon. Files that are not well-formed (or not UTF-8) must fail on both
/// sides; [`oracle::diff`] treats "both failed" as agreement.
#[test]
fn extra_corpus_matches_saxon() {
    let roots: Vec<PathBuf> = match std::env::var_os("FACTURX_EXTRA_CORPUS") {
        Some(d) => vec![PathBuf::from(d)],
        None => {
            eprintln!(
                "FACTURX_EXTRA_CORPUS unset: running on the official samples and CEN examples"
            );
            vec![
                standards().join("examples/facturx-official-fnfe"),
                standards().join("en16931-cii-1.3.16/examples"),
            ]
        }
    };
    let every = std::env::var_os("FACTURX_EXTRA_ALL_SETS").is_some_and(|v| v == "1");
    let mut all = Vec::new();
    for r in &roots {
        xml_files_under(r, &mut all);
    }
    all.sort();
    assert!(!all.is_empty(), "no *.xml under {roots:?}");
    let mut per_set: BTreeMap<String, (RuleSetId, Vec<PathBuf>)> = BTreeMap::new();
    let mut unparsed = 0;
    for f in &all {
        let bytes = std::fs::read(f).unwrap();
        let text = facturx_rules::decode_xml(&bytes).unwrap_or_default();
        let sets = match Document::parse(&text) {
            Ok(_) if every => all_sets(),
            Ok(doc) => sets_for(doc.guideline_id()),
            Err(_) => {
                unparsed += 1;
                if every { all_sets() } else { sets_for(None) }
            }
        };
        for s in sets {
            per_set
                .entry(s.name().to_string())
                .or_insert_with(|| (s, Vec::new()))
                .1
                .push(f.clone());
        }
    }
    eprintln!(
        "extra corpus: {} files under {roots:?}, {unparsed} not parsed by us",
        all.len()
    );
    let mut failures = Vec::new();
    for (name, (set, files)) in &per_set {
        let (diffs, msg_diffs, ids) = compare(*set, files);
        eprintln!(
            "{name}: {} files, {} distinct IDs hit, {} differences, {} message differences",
            files.len(),
            ids.len(),
            diffs.len(),
            msg_diffs.len()
        );
        for d in diffs.iter().chain(&msg_diffs) {
            failures.push(format!("[{name}] {d}"));
        }
    }
    assert!(
        failures.is_empty(),
        "extra corpus differs from Saxon ({} lines):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
