//! Shared helpers of the conformance tests: locate the official files, run
//! the Saxon oracle (`tests/oracle/run_xslt.py`) and our engine, and compare.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use facturx_rules::{Document, RuleSet, RuleSetId};

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::canonicalize(&manifest)
        .unwrap_or(manifest)
        .join("../..")
}

/// `../shared/standards`, where the official samples live.
pub fn standards() -> PathBuf {
    repo_root().join("../shared/standards")
}

/// An artefact by relative path: `schemas/artefacts/` first, then `../shared/standards/`.
pub fn artefact(rel: &str) -> PathBuf {
    let a = repo_root().join("schemas/artefacts").join(rel);
    if a.is_file() {
        a
    } else {
        standards().join(rel)
    }
}

/// Files of a directory with a suffix, sorted.
pub fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

/// One verdict: (id, flag, kind) with kind "assert" or "report".
pub type Key = (String, String, String);

/// Per-file multiset of verdicts, or the error text when the run failed.
pub type Verdicts = Result<BTreeMap<Key, usize>, String>;

/// Runs the official XSLT with Saxon on `files`.
pub fn oracle(set: RuleSetId, files: &[PathBuf]) -> Vec<(Verdicts, Vec<String>)> {
    let script = repo_root().join("tests/oracle/run_xslt.py");
    let xslt = artefact(set.artefact());
    // Tests of one binary run in parallel, often on the same set: the
    // list's name must be unique per call, not only per process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let list = std::env::temp_dir().join(format!(
        "facturx-rules-oracle-{}-{}-{call}.txt",
        set.name(),
        std::process::id()
    ));
    let text: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, text.join("\n")).unwrap();
    let out = Command::new("python3")
        .arg(&script)
        .arg(&xslt)
        .arg("--list")
        .arg(&list)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 (run scripts/setup.sh): {e}"));
    let _ = std::fs::remove_file(&list);
    assert!(
        out.status.success(),
        "the Saxon oracle failed (saxonche missing? run scripts/setup.sh): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut res = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(e) = v.get("error") {
            res.push((Err(e.to_string()), vec![]));
            continue;
        }
        let mut m = BTreeMap::new();
        let mut messages = Vec::new();
        for r in v["results"].as_array().unwrap() {
            let k = (
                r[0].as_str().unwrap().to_string(),
                r[1].as_str().unwrap().to_string(),
                r[2].as_str().unwrap().to_string(),
            );
            *m.entry(k).or_insert(0) += 1;
            messages.push(format!(
                "{}|{}",
                r[0].as_str().unwrap(),
                r[4].as_str().unwrap()
            ));
        }
        messages.sort();
        res.push((Ok(m), messages));
    }
    assert_eq!(
        res.len(),
        files.len(),
        "oracle output incomplete:\n{stdout}"
    );
    res
}

/// Runs our engine on one file.
pub fn ours(set: RuleSetId, file: &Path) -> (Verdicts, Vec<String>) {
    let bytes = std::fs::read(file).unwrap();
    let text = match facturx_rules::decode_xml(&bytes) {
        Ok(t) => t,
        Err(e) => return (Err(e.to_string()), vec![]),
    };
    let doc = match Document::parse(&text) {
        Ok(d) => d,
        Err(e) => return (Err(e.to_string()), vec![]),
    };
    let rs = RuleSet::get(set).unwrap_or_else(|e| panic!("rule set {}: {e}", set.name()));
    match rs.hits(&doc) {
        Ok(hits) => {
            let mut m = BTreeMap::new();
            let mut messages = Vec::new();
            for h in hits {
                let kind = if h.check.report { "report" } else { "assert" };
                *m.entry((h.check.id.clone(), h.check.flag.clone(), kind.to_string()))
                    .or_insert(0) += 1;
                messages.push(format!("{}|{}", h.check.id, h.message));
            }
            messages.sort();
            (Ok(m), messages)
        }
        Err(e) => (Err(e.to_string()), vec![]),
    }
}

/// Differences between oracle and engine for one file, as text lines.
pub fn diff(file: &Path, theirs: &Verdicts, mine: &Verdicts) -> Vec<String> {
    let name = file.display();
    match (theirs, mine) {
        (Ok(a), Ok(b)) => {
            let mut out = Vec::new();
            let keys: std::collections::BTreeSet<&Key> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let (x, y) = (
                    a.get(k).copied().unwrap_or(0),
                    b.get(k).copied().unwrap_or(0),
                );
                if x != y {
                    out.push(format!("{name}: {k:?} saxon {x} ours {y}"));
                }
            }
            out
        }
        (Err(_), Err(_)) => vec![],
        (Err(e), Ok(_)) => vec![format!("{name}: saxon failed ({e}), ours ran")],
        (Ok(_), Err(e)) => vec![format!("{name}: ours failed ({e}), saxon ran")],
    }
}

/// Compares every file; returns (difference lines, message differences, hit IDs).
pub fn compare(set: RuleSetId, files: &[PathBuf]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (diffs, msg_diffs, per_file) = compare_each(set, files);
    let mut ids: Vec<String> = per_file.into_iter().flatten().collect();
    ids.sort();
    ids.dedup();
    (diffs, msg_diffs, ids)
}

/// Like [`compare`], with the rule IDs that Saxon reported per file (in
/// the order of `files`; none for a file where Saxon failed).
pub fn compare_each(
    set: RuleSetId,
    files: &[PathBuf],
) -> (
    Vec<String>,
    Vec<String>,
    Vec<std::collections::BTreeSet<String>>,
) {
    let theirs = oracle(set, files);
    let mut diffs = Vec::new();
    let mut msg_diffs = Vec::new();
    let mut ids = Vec::new();
    for (f, (t, tmsg)) in files.iter().zip(&theirs) {
        let (m, mmsg) = ours(set, f);
        diffs.extend(diff(f, t, &m));
        ids.push(match t {
            Ok(v) => v.keys().map(|k| k.0.clone()).collect(),
            Err(_) => std::collections::BTreeSet::new(),
        });
        if t.is_ok() && m.is_ok() && *tmsg != mmsg {
            for (a, b) in tmsg.iter().zip(&mmsg) {
                if a != b {
                    let cut = |s: &str| s.chars().take(300).collect::<String>();
                    msg_diffs.push(format!(
                        "{}:\n  saxon {}\n  ours  {}",
                        f.display(),
                        cut(a),
                        cut(b)
                    ));
                    break;
                }
            }
        }
    }
    (diffs, msg_diffs, ids)
}
