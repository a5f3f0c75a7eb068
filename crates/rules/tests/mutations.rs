//! Conformance on a generated mutation corpus: valid official samples are
//! broken one change at a time and every mutant is run through Saxon (the
//! official XSLT) and our engine; the multisets of (rule ID, flag, kind)
//! and the messages must be equal per file. Needs the oracle: run
//! `scripts/setup.sh`.
//!
//! Two generators, and hand-written mutants:
//! - `support/mutate.rs`: generic single changes of every element of a
//!   sample (delete, empty, +1 cent, ...), all of them, for four sets;
//! - `support/guided.rs`: mutants derived from the asserts of each rule
//!   file (create a forbidden element, duplicate or delete a counted one,
//!   bad codes and values, VAT category switches). They are many, so the
//!   regeneration mode (`FACTURX_MUTANTS_REGENERATE=1 cargo test --release
//!   -p facturx-rules --test mutations`) runs Saxon alone on all of them
//!   and keeps, per set, a greedy cover of the rule IDs they make fire in
//!   `tests/mutants/<set>.txt` (edit scripts, rebuilt here from the
//!   sample). The normal mode rebuilds those and compares;
//! - `tests/mutants/hand/<set>.txt`: edit scripts written by hand for the
//!   rule IDs the generator does not reach, each with the IDs it must make
//!   fire under Saxon (checked per mutant).
//!
//! Coverage: per set, the distinct rule IDs that Saxon reports on the
//! mutants may not fall below `floor` (the count reached when the
//! manifests were regenerated); the IDs never hit are printed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/guided.rs"]
mod guided;
#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/oracle.rs"]
mod oracle;

use std::collections::BTreeSet;
use std::path::PathBuf;

use facturx_model::Profile;
use facturx_rules::{RuleSet, RuleSetId, Variant};
use oracle::{artefact, compare_each, oracle, repo_root, standards};

const FX: &str = "examples/facturx-official-fnfe";
const EN16931_SAMPLE: &str = "examples/facturx-official-fnfe/EN16931/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.factur-x.xml";
const FR_SAMPLE: &str = "examples/facturx-official-fnfe/EN16931/Facture_UC1_2023025_F-LE_FOURNISSEUR-POUR-L_ACHETEUR_EN_16931.factur-x.xml";
const CEN_EXAMPLE: &str = "en16931-cii-1.3.16/examples/CII_example1.xml";

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "facturx-rules-mutants-{tag}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares Saxon and our engine on `files`; panics on any difference;
/// returns the rule IDs that fired.
fn check(set: RuleSetId, what: &str, files: &[PathBuf]) -> BTreeSet<String> {
    check_each(set, what, files).into_iter().flatten().collect()
}

/// [`check`], with the rule IDs that fired per file.
fn check_each(set: RuleSetId, what: &str, files: &[PathBuf]) -> Vec<BTreeSet<String>> {
    let (diffs, msg_diffs, per_file) = compare_each(set, files);
    let ids: BTreeSet<&String> = per_file.iter().flatten().collect();
    eprintln!(
        "{}: {} {what}, {} rule IDs hit, {} differences, {} message differences",
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
    per_file
        .into_iter()
        .map(|f| f.into_iter().filter(|i| !i.is_empty()).collect())
        .collect()
}

/// The generic single-change mutants of `sample` (every `stride`-th).
fn generic(set: RuleSetId, sample: &str, stride: usize) -> BTreeSet<String> {
    let src = standards().join(sample);
    let dir = scratch(&format!("{}-generic", set.name()));
    let files = mutate::write_corpus(&src, &dir, stride);
    let ids = check(set, &format!("generic mutants of {sample}"), &files);
    let _ = std::fs::remove_dir_all(&dir);
    ids
}

fn manifest_path(set: RuleSetId) -> PathBuf {
    repo_root()
        .join("crates/rules/tests/mutants")
        .join(format!("{}.txt", set.name()))
}

/// Rebuilds a mutant of `src` from its script: `generic N` is the N-th
/// generic mutant, anything else a guided edit script.
fn build(src: &str, script: &str, generic: &[mutate::Mutant]) -> String {
    match script.strip_prefix("generic ") {
        Some(n) => generic[n.parse::<usize>().unwrap()].xml.clone(),
        None => guided::apply(src, script),
    }
}

/// Candidates tried per rule ID in the first round of the regeneration
/// (then twice as many each round).
const PER_ROUND: usize = 6;

/// Regeneration: runs Saxon alone on the candidates, in rounds (all the
/// generic mutants and the first `PER_ROUND` guided scripts of every rule
/// ID, then the next ones of the IDs not hit yet...), and writes as
/// manifest a greedy cover of the rule IDs that fired.
fn regenerate(set: RuleSetId, sample: &str) {
    let src = std::fs::read_to_string(standards().join(sample)).unwrap();
    let xslt = std::fs::read_to_string(artefact(set.artefact())).unwrap();
    let checks = guided::checks(&xslt);
    // Element paths for `//x` contexts absent from the sample: the sample's,
    // the EXTENDED samples', then the absolute contexts of the rule files
    // of the set, of Factur-X EXTENDED and of EXTENDED-CTC-FR.
    let mut extra_checks = checks.clone();
    for s in [
        RuleSetId::FacturX(Profile::Extended),
        RuleSetId::ExtendedCtcFr,
    ] {
        extra_checks.extend(guided::checks(
            &std::fs::read_to_string(artefact(s.artefact())).unwrap(),
        ));
    }
    let ext: Vec<String> = oracle::files(&standards().join(FX).join("EXTENDED"), ".xml")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut docs = vec![src.as_str()];
    docs.extend(ext.iter().map(String::as_str));
    let dict = guided::Dictionary::new(&docs, &extra_checks);
    let groups = guided::candidates(&checks, &dict, &src);
    let generic = mutate::mutants(&src);
    let dir = scratch(&format!("{}-regen", set.name()));
    let mut seen = BTreeSet::new();
    let mut results: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut covered = BTreeSet::new();
    let mut batch: Vec<String> = (0..generic.len()).map(|i| format!("generic {i}")).collect();
    let mut round = 0;
    let mut tried = 0;
    loop {
        // Rounds of 6, 12, 24... scripts per ID not hit yet.
        let (from, len) = (PER_ROUND * ((1 << round) - 1), PER_ROUND << round);
        for (id, scripts) in &groups {
            if !covered.contains(id) {
                batch.extend(scripts.iter().skip(from).take(len).cloned());
            }
        }
        if batch.is_empty() {
            break;
        }
        let mut files = Vec::new();
        let mut kept = Vec::new();
        for s in batch.drain(..) {
            let xml = build(&src, &s, &generic);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&xml, &mut h);
            if !seen.insert(std::hash::Hasher::finish(&h)) {
                continue;
            }
            let p = dir.join(format!("{:05}.xml", files.len()));
            std::fs::write(&p, xml).unwrap();
            files.push(p);
            kept.push(s);
        }
        tried += files.len();
        if !files.is_empty() {
            for (s, (v, _)) in kept.into_iter().zip(oracle(set, &files)) {
                let ids: BTreeSet<String> = match v {
                    Ok(m) => m
                        .keys()
                        .map(|k| k.0.clone())
                        .filter(|i| !i.is_empty())
                        .collect(),
                    Err(_) => BTreeSet::new(),
                };
                covered.extend(ids.iter().cloned());
                results.push((s, ids));
            }
            for f in &files {
                let _ = std::fs::remove_file(f);
            }
        }
        eprintln!(
            "{}: round {round}: {} mutants run, {} IDs hit",
            set.name(),
            files.len(),
            covered.len()
        );
        round += 1;
    }
    // Greedy cover: the mutant adding most new IDs, fewest verdicts on ties.
    let mut done = BTreeSet::new();
    let mut chosen = Vec::new();
    loop {
        let best = results
            .iter()
            .enumerate()
            .map(|(i, (_, ids))| (ids.difference(&done).count(), i))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, i)| {
                (
                    *n,
                    std::cmp::Reverse(results[*i].1.len()),
                    std::cmp::Reverse(*i),
                )
            });
        let Some((_, i)) = best else { break };
        let new: Vec<String> = results[i].1.difference(&done).cloned().collect();
        done.extend(new.iter().cloned());
        chosen.push((results[i].0.clone(), new));
    }
    let mut text = format!(
        "# Mutants of {sample} for {} (written by FACTURX_MUTANTS_REGENERATE=1, see mutations.rs).\n\
         # {tried} distinct candidates run; these {} cover the {} rule IDs that fired.\n\
         # Each line: edit script <TAB> the rule IDs it was chosen for.\n",
        set.name(),
        chosen.len(),
        done.len()
    );
    for (s, ids) in &chosen {
        text.push_str(&format!("{s}\t{}\n", ids.join(" ")));
    }
    let m = manifest_path(set);
    std::fs::create_dir_all(m.parent().unwrap()).unwrap();
    std::fs::write(&m, text).unwrap();
    eprintln!(
        "{}: wrote {} ({} mutants, {} IDs)",
        set.name(),
        m.display(),
        chosen.len(),
        done.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The guided mutants of the manifest: rebuilt, compared; returns the IDs hit.
fn guided_run(set: RuleSetId, sample: &str) -> BTreeSet<String> {
    if std::env::var_os("FACTURX_MUTANTS_REGENERATE").is_some() {
        regenerate(set, sample);
    }
    let src = std::fs::read_to_string(standards().join(sample)).unwrap();
    let generic = mutate::mutants(&src);
    let m = manifest_path(set);
    let text = std::fs::read_to_string(&m)
        .unwrap_or_else(|e| panic!("{}: {e} (regenerate, see mutations.rs)", m.display()));
    let dir = scratch(&format!("{}-guided", set.name()));
    let mut files = Vec::new();
    let mut expected = BTreeSet::new();
    for line in manifest_lines(&text) {
        let (script, ids) = line.split_once('\t').unwrap_or((line, ""));
        expected.extend(ids.split(' ').filter(|i| !i.is_empty()).map(str::to_string));
        let p = dir.join(format!("{:04}.xml", files.len()));
        std::fs::write(&p, build(&src, script, &generic)).unwrap();
        files.push(p);
    }
    // The hand-written mutants: (line number, script, target IDs).
    let hand_path = hand_path(set);
    let hand_text = std::fs::read_to_string(&hand_path).unwrap_or_default();
    let mut hand = Vec::new();
    for (n, line) in hand_text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (script, ids) = line.split_once('\t').unwrap_or_else(|| {
            panic!("{}:{}: no <TAB> and target IDs", hand_path.display(), n + 1)
        });
        let targets: Vec<&str> = ids.split(' ').filter(|i| !i.is_empty()).collect();
        assert!(
            !targets.is_empty(),
            "{}:{}: no target ID",
            hand_path.display(),
            n + 1
        );
        let p = dir.join(format!("hand-{:03}.xml", hand.len()));
        std::fs::write(&p, build(&src, script, &generic)).unwrap();
        files.push(p);
        hand.push((n + 1, targets));
    }
    let what = format!("guided mutants ({} by hand) of {sample}", hand.len());
    let per_file = check_each(set, &what, &files);
    if std::env::var_os("FACTURX_MUTANTS_KEEP").is_some() {
        eprintln!("{}: mutants kept in {}", set.name(), dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let ids: BTreeSet<String> = per_file.iter().flatten().cloned().collect();
    let lost: Vec<&String> = expected.difference(&ids).collect();
    assert!(
        lost.is_empty(),
        "{}: the manifest's mutants no longer make these IDs fire (regenerate): {lost:?}",
        set.name()
    );
    // Each hand mutant must make its own targets fire under Saxon.
    let hand_ids = &per_file[per_file.len() - hand.len()..];
    let stale: Vec<String> = hand
        .iter()
        .zip(hand_ids)
        .flat_map(|((n, targets), got)| {
            targets
                .iter()
                .filter(|t| !got.contains(**t))
                .map(move |t| format!("line {n}: {t}"))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{}: hand mutants whose target ID does not fire under Saxon: {stale:?}",
        hand_path.display()
    );
    ids
}

/// The lines of a manifest that are edit scripts.
fn manifest_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// The hand-written mutants of a set (optional): edit scripts for the rule
/// IDs that the generator does not reach, each line `script <TAB> the IDs
/// it must make fire`, `#` lines are comments. Rebuilt from the same sample
/// as the manifest, compared like the others; a target that does not fire
/// under Saxon fails the test. The regeneration never rewrites them.
fn hand_path(set: RuleSetId) -> PathBuf {
    repo_root()
        .join("crates/rules/tests/mutants/hand")
        .join(format!("{}.txt", set.name()))
}

/// Asserts the coverage floor of a set and prints the IDs not hit.
fn coverage(set: RuleSetId, ids: &BTreeSet<String>, floor: usize) {
    let all = RuleSet::get(set).unwrap().rule_ids();
    let missed: Vec<&str> = all.iter().copied().filter(|i| !ids.contains(*i)).collect();
    eprintln!(
        "{}: coverage {} of {} rule IDs (floor {floor}); not hit: {}",
        set.name(),
        all.len() - missed.len(),
        all.len(),
        missed.join(" ")
    );
    assert!(
        ids.len() >= floor,
        "{}: only {} rule IDs hit by mutants, floor is {floor}",
        set.name(),
        ids.len()
    );
}

// Coverage floors: distinct rule IDs hit by the mutants of each set (the
// manifests at their last regeneration plus the hand-written mutants;
// README: tests/conformance). Every rule ID that can fire is hit; the
// others are listed, with the reason, in the README.
const FLOOR_CEN: usize = 789;
const FLOOR_FX_MINIMUM: usize = 55;
const FLOOR_FX_BASIC_WL: usize = 270;
const FLOOR_FX_BASIC: usize = 375;
const FLOOR_FX_EN16931: usize = 416;
const FLOOR_FX_EXTENDED: usize = 926;
const FLOOR_FR: usize = 170;
const FLOOR_FR_WARNING: usize = 170;
const FLOOR_CTC_FR: usize = 735;

/// One set: the generic mutants of `generic` ((sample, stride)), the
/// guided mutants of `sample`, and the coverage floor.
fn run(set: RuleSetId, generic_samples: &[(&str, usize)], sample: &str, floor: usize) {
    let mut ids = BTreeSet::new();
    for (g, stride) in generic_samples {
        ids.extend(generic(set, g, *stride));
    }
    ids.extend(guided_run(set, sample));
    coverage(set, &ids, floor);
}

const MINIMUM_SAMPLE: &str = "examples/facturx-official-fnfe/MINIMUM/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_MINIMUM.factur-x.xml";
const BASIC_WL_SAMPLE: &str = "examples/facturx-official-fnfe/BASIC-WL/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_BASIC_WL.factur-x.xml";
const BASIC_SAMPLE: &str = "examples/facturx-official-fnfe/BASIC/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_BASIC.factur-x.xml";
const EXTENDED_SAMPLE: &str = "examples/facturx-official-fnfe/EXTENDED/Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_EXTENDED.factur-x.xml";
const CTC_SAMPLE: &str = "examples/facturx-official-fnfe/EXTENDED/Facture_UC1_2023025_F-LE_FOURNISSEUR-POUR-L_ACHETEUR_EXTENDED.factur-x.xml";

#[test]
fn cen_mutants() {
    let generic = [(EN16931_SAMPLE, 1), (CEN_EXAMPLE, 2)];
    run(RuleSetId::En16931, &generic, EN16931_SAMPLE, FLOOR_CEN);
}

#[test]
fn facturx_minimum_mutants() {
    let set = RuleSetId::FacturX(Profile::Minimum);
    run(set, &[], MINIMUM_SAMPLE, FLOOR_FX_MINIMUM);
}

#[test]
fn facturx_basic_wl_mutants() {
    let set = RuleSetId::FacturX(Profile::BasicWl);
    run(set, &[], BASIC_WL_SAMPLE, FLOOR_FX_BASIC_WL);
}

#[test]
fn facturx_basic_mutants() {
    let set = RuleSetId::FacturX(Profile::Basic);
    run(set, &[], BASIC_SAMPLE, FLOOR_FX_BASIC);
}

#[test]
fn facturx_mutants() {
    let set = RuleSetId::FacturX(Profile::En16931);
    run(
        set,
        &[(EN16931_SAMPLE, 1)],
        EN16931_SAMPLE,
        FLOOR_FX_EN16931,
    );
}

#[test]
fn facturx_extended_mutants() {
    let set = RuleSetId::FacturX(Profile::Extended);
    run(set, &[], EXTENDED_SAMPLE, FLOOR_FX_EXTENDED);
}

#[test]
fn br_fr_mutants() {
    let set = RuleSetId::BrFr(Variant::Fatal);
    run(set, &[(FR_SAMPLE, 1)], FR_SAMPLE, FLOOR_FR);
}

#[test]
fn br_fr_warning_mutants() {
    let set = RuleSetId::BrFr(Variant::Warning);
    run(set, &[], FR_SAMPLE, FLOOR_FR_WARNING);
}

#[test]
fn extended_ctc_fr_mutants() {
    run(RuleSetId::ExtendedCtcFr, &[], CTC_SAMPLE, FLOOR_CTC_FR);
}
