//! `facturx convert` end to end, and its crash safety: a batch killed at any
//! point leaves only complete outputs, and the next run finishes the job.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::util::{code, facturx, repo, stdout};

/// The counts of a summary line `N read, N written, N rejected[ ...]`.
fn summary(text: &str) -> (u64, u64, u64) {
    let line = text
        .lines()
        .find(|l| l.contains(" read, "))
        .unwrap_or_else(|| panic!("no summary line in {text:?}"));
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    (n[0], n[1], n[2])
}

/// Every name in a directory, temporaries included, sorted; none when a
/// killed run had not made the directory yet.
fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        assert!(!dir.exists(), "cannot list {}", dir.display());
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The invoice outputs of a directory (not the reports), name to bytes.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    names(dir)
        .into_iter()
        .filter(|name| name.ends_with(".xml"))
        .map(|name| (name.clone(), fs::read(dir.join(name)).unwrap()))
        .collect()
}

/// How many finished outputs a running convert has renamed into place.
fn written_so_far(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".xml"))
            .count()
    })
}

/// A one-file French export of `n` one-line invoices, numbered K00000...
fn export(n: usize) -> String {
    let fixture = fs::read_to_string(repo("fixtures/csv/export-fr.csv")).unwrap();
    let header = fixture.lines().next().unwrap();
    let row = fixture
        .lines()
        .find(|l| l.starts_with("F2026-0002;"))
        .unwrap();
    // F2026-0002 has more lines in the fixture: its control total (the last
    // column) becomes that of this one line, 1,350.00 + 20 % VAT.
    let (row, _total) = row.rsplit_once(';').unwrap();
    let row = format!("{row};1 620,00");
    let mut csv = format!("{header}\n");
    for i in 0..n {
        csv.push_str(&row.replacen("F2026-0002", &format!("K{i:05}"), 1));
        csv.push('\n');
    }
    csv
}

#[test]
fn every_invoice_is_written_or_rejected_and_the_summary_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = facturx(
        dir.path(),
        &[
            "convert",
            repo("fixtures/csv/broken-amount.csv").to_str().unwrap(),
            "--mapping",
            repo("fixtures/csv/mapping-fr.toml").to_str().unwrap(),
            "-o",
            "out",
            "--quiet",
        ],
    );
    assert_eq!(code(&out), 1, "one invoice is rejected: exit 1");
    let (read, written, rejected) = summary(&stdout(&out));
    assert_eq!((read, written, rejected), (4, 3, 1));
    let outdir = dir.path().join("out");
    assert_eq!(outputs(&outdir).len() as u64, written);
    let rejects: serde_json::Value =
        serde_json::from_slice(&fs::read(outdir.join("rejects.json")).unwrap()).unwrap();
    assert_eq!(rejects.as_array().unwrap().len() as u64, rejected);
    assert_eq!(rejects[0]["invoice_number"], "F2026-0002");
}

#[test]
fn validate_xsd_is_accepted_and_still_checks_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = facturx(
        dir.path(),
        &[
            "convert",
            repo("fixtures/csv/export-fr.csv").to_str().unwrap(),
            "--mapping",
            repo("fixtures/csv/mapping-fr.toml").to_str().unwrap(),
            "-o",
            "out",
            "--validate",
            "xsd",
            "--quiet",
        ],
    );
    assert_eq!(code(&out), 0, "{}", crate::util::stderr(&out));
    assert_eq!(summary(&stdout(&out)), (4, 4, 0));
    let bad = facturx(
        dir.path(),
        &["convert", "x.csv", "-o", "out", "--validate", "none"],
    );
    assert_eq!(code(&bad), 2, "an unknown validation mode is a usage error");
}

/// A small xorshift: kill points vary from run to run, the seed is printed
/// so that a failure can be replayed (`FACTURX_KILL_SEED=...`).
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_at_twenty_random_points_then_rerun_finishes_with_consistent_counts() {
    const INVOICES: usize = 300;
    const KILLS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    fs::write(&csv, export(INVOICES)).unwrap();
    let mapping = repo("fixtures/csv/mapping-fr.toml");
    let command = |outdir: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_facturx"));
        c.arg("convert")
            .arg(&csv)
            .arg("--mapping")
            .arg(&mapping)
            .arg("-o")
            .arg(outdir)
            .args(["--validate", "xsd", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };

    // The reference: one uninterrupted run.
    let reference_dir = dir.path().join("reference");
    let reference_run = command(&reference_dir).output().unwrap();
    assert_eq!(code(&reference_run), 0);
    let n = INVOICES as u64;
    assert_eq!(summary(&stdout(&reference_run)), (n, n, 0));
    let reference = outputs(&reference_dir);
    assert_eq!(reference.len(), INVOICES);

    let seed = std::env::var("FACTURX_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    eprintln!("kill points from FACTURX_KILL_SEED={seed}");
    let mut random = Xorshift(seed);
    let mut interrupted = 0;
    for round in 0..KILLS {
        let outdir = dir.path().join(format!("run-{round}"));
        // Kill points are placed by progress, not by time: a time drawn from
        // the reference run's duration lands after the end on a machine whose
        // later runs are faster (warm caches), and proves nothing there.
        let target = (random.next() % n) as usize;
        let started = Instant::now();
        let mut child = command(&outdir).spawn().unwrap();
        while child.try_wait().unwrap().is_none() && written_so_far(&outdir) < target {
            std::thread::sleep(Duration::from_micros(50));
        }
        let delay = started.elapsed();
        child.kill().unwrap(); // SIGKILL: no handler, no clean-up
        let status = child.wait().unwrap();
        interrupted += usize::from(status.code().is_none());

        // Whatever is there under an output's name is complete: the same bytes
        // as the uninterrupted run, which passed the XSD before it was written.
        let partial = outputs(&outdir);
        for (name, bytes) in &partial {
            assert_eq!(
                reference.get(name),
                Some(bytes),
                "round {round} ({delay:?}): {name} is not a complete output"
            );
        }
        let leftovers = names(&outdir)
            .iter()
            .filter(|n| n.ends_with(".tmp"))
            .count();
        eprintln!(
            "round {round}: killed at {target} outputs seen ({delay:?}): {} outputs, {leftovers} temporaries",
            partial.len()
        );
        // A report is either absent or complete.
        if let Ok(manifest) = fs::read(outdir.join("manifest.json")) {
            serde_json::from_slice::<serde_json::Value>(&manifest)
                .unwrap_or_else(|e| panic!("round {round}: half a manifest: {e}"));
        }

        // The second run finishes the job: every invoice accounted for once.
        let rerun = command(&outdir).output().unwrap();
        assert_eq!(
            code(&rerun),
            0,
            "round {round}: {}",
            crate::util::stderr(&rerun)
        );
        let (read, written, rejected) = summary(&stdout(&rerun));
        assert_eq!((read, written, rejected), (n, n, 0), "round {round}");
        assert_eq!(outputs(&outdir), reference, "round {round}");
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(outdir.join("manifest.json")).unwrap()).unwrap();
        let listed = manifest["files"].as_array().unwrap().len();
        assert_eq!(listed, INVOICES, "round {round}: manifest entries");
        assert!(
            names(&outdir).iter().all(|n| !n.ends_with(".tmp")),
            "round {round}: temporaries left: {:?}",
            names(&outdir)
        );
        assert_eq!(names(&outdir), names(&reference_dir), "round {round}");
    }
    // Kill points fall mid-run unless a run ends between two polls (that is
    // fine, but the test must actually interrupt something to prove anything).
    assert!(
        interrupted >= KILLS / 2,
        "only {interrupted} of {KILLS} runs were still going when killed"
    );
}

/// Every export of `fixtures/csv/producers/` (Sage, EBP, Cegid, Odoo, SAP,
/// Dolibarr, Pennylane, QuickBooks, Excel, Google Sheets styles) through
/// `--init-mapping` and `convert`, with only the seller's identity filled
/// in: the counts and the rejected rules must be those of the index
/// (`fixtures/csv/producers/README.md`), every row must be accounted for
/// once, and the summary must add up.
#[test]
fn producer_exports_convert_with_the_guessed_mapping() {
    let index = fs::read_to_string(repo("fixtures/csv/producers/README.md")).unwrap();
    let cases: Vec<Vec<&str>> = index
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .map(|l| l.split(['`', ' ']).filter(|w| !w.is_empty()).collect())
        .collect();
    assert!(cases.len() >= 15, "{} cases in the index", cases.len());
    for case in &cases {
        let (file, expected, rules) = (case[0], &case[1..4], case[4]);
        let dir = tempfile::tempdir().unwrap();
        let export = repo(&format!("fixtures/csv/producers/{file}"));
        let export = export.to_str().unwrap();
        let init = facturx(dir.path(), &["convert", "--init-mapping", export]);
        assert_eq!(code(&init), 0, "{file}: {}", crate::util::stderr(&init));
        assert!(
            crate::util::stderr(&init).contains("detected"),
            "{file}: notes on stderr"
        );
        let mapping = stdout(&init)
            .replace(
                "# \"seller.name\" = \"\"",
                "\"seller.name\" = \"Ateliers Dupré SARL\"",
            )
            .replace(
                "# \"seller.vat_id\" = \"\"",
                "\"seller.vat_id\" = \"FR32123456782\"",
            )
            .replace("# zero_rate_category", "zero_rate_category")
            .replace("# exemption_reason", "exemption_reason");
        fs::write(dir.path().join("m.toml"), mapping).unwrap();
        let out = facturx(
            dir.path(),
            &[
                "convert",
                export,
                "--mapping",
                "m.toml",
                "-o",
                "out",
                "--quiet",
            ],
        );
        let counts = summary(&stdout(&out));
        let want: Vec<u64> = expected.iter().map(|n| n.parse().unwrap()).collect();
        assert_eq!(
            vec![counts.0, counts.1, counts.2],
            want,
            "{file}: {}",
            crate::util::stderr(&out)
        );
        assert_eq!(code(&out), if counts.2 > 0 { 1 } else { 0 }, "{file}");
        let outdir = dir.path().join("out");
        let rejects: serde_json::Value =
            serde_json::from_slice(&fs::read(outdir.join("rejects.json")).unwrap()).unwrap();
        let mut got: Vec<String> = rejects
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["problems"].as_array().unwrap().iter())
            .map(|p| p["rule"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        got.dedup();
        let got = if got.is_empty() {
            "-".to_string()
        } else {
            got.join(",")
        };
        assert_eq!(got, rules, "{file}: rejected rules");
        // Each data row belongs to exactly one output or reject.
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(outdir.join("manifest.json")).unwrap()).unwrap();
        let mut rows: Vec<u64> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .chain(rejects.as_array().unwrap())
            .flat_map(|f| f["rows"].as_array().unwrap().iter())
            .map(|r| r.as_u64().unwrap())
            .collect();
        rows.sort_unstable();
        let before = rows.len();
        rows.dedup();
        assert_eq!(rows.len(), before, "{file}: a row in two places");
        assert_eq!(
            rows.len() as u64,
            want_rows(case),
            "{file}: rows accounted for"
        );
    }
}

/// The number of data rows a case of the index says its file has.
fn want_rows(case: &[&str]) -> u64 {
    case.iter()
        .find_map(|w| w.strip_suffix("rows")?.parse().ok())
        .expect("an \"N rows\" word in the index line")
}
