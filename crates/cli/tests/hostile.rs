//! Hostile inputs through the real `facturx` binary.
//!
//! The cases are the table of `tests/hostile/README.md` (one line per file
//! and command, with the expected exit code and a word the output must
//! contain). Small files are committed in `tests/hostile/`; the big ones
//! (1 GiB text node, Flate bomb, huge page trees, 1 MiB CSV field) are
//! written at test time by `tests/hostile/generate.py big`. One more case,
//! an external DTD and parameter entity on `http://127.0.0.1:<port>/`, is
//! written here with the port of a listener that must never be contacted.
//!
//! Every run must end with exit code 0..=2 (never a signal or a panic's
//! 101), give the expected code, use under [`MAX_CPU`] of CPU time (2 s for
//! a release build) and [`MAX_RSS_KIB`] of peak resident memory (measured by
//! GNU time, `%M` is the child's ru_maxrss), and never echo `/etc/passwd`.
//! When `embed` succeeds on a damaged PDF, `extract` must give back the
//! embedded XML byte for byte.
//!
//! Wall-clock time is only bounded by [`HANG`]: the machines running the
//! tests are shared, so CPU time is the figure that carries the 2 s bound.
//!
//! Cases listed as `known:` in the README's status column are known
//! failures reported to the owning crate; they must still fail, so that a
//! fix shows up here and the entry is removed.

// A failed unwrap or index here is a test failure, not a crash.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::net::TcpListener;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// CPU time (user + system) one run of an optimised binary may use.
const MAX_CPU_RELEASE: Duration = Duration::from_secs(2);
/// The same bound for an unoptimised binary (`cargo test` without
/// `--release`): decompression and AES run about 4x slower in a debug build,
/// so the flate bomb's 64 MiB of refused output costs ~2.5 s there.
const MAX_CPU_DEBUG: Duration = Duration::from_secs(8);
/// The CPU bound for the binary under test (same profile as this test).
const MAX_CPU: Duration = if cfg!(debug_assertions) {
    MAX_CPU_DEBUG
} else {
    MAX_CPU_RELEASE
};
/// Peak resident memory one run may use, in KiB.
const MAX_RSS_KIB: u64 = 256 * 1024;
/// Wall-clock time after which a run is killed and reported as a hang.
const HANG: Duration = Duration::from_secs(120);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> PathBuf {
    repo().join("tests/hostile")
}

/// One line of the README table.
#[derive(Debug)]
struct Case {
    file: String,
    command: String,
    exits: Vec<i32>,
    contains: Option<String>,
    known: Option<String>,
}

fn cases() -> Vec<Case> {
    let readme = fs::read_to_string(corpus().join("README.md")).expect("tests/hostile/README.md");
    let mut out = Vec::new();
    for line in readme.lines() {
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 6, "README row needs 6 cells: {line}");
        let file = cells[0].trim_end_matches('`').to_string();
        let command = cells[1].trim_matches('`').to_string();
        let exits = cells[2]
            .split(" or ")
            .map(|c| {
                c.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("exit code in {line}"))
            })
            .collect();
        let contains = match cells[3] {
            "-" => None,
            c => Some(c.trim_matches('`').to_lowercase()),
        };
        let status = cells[5].trim_end_matches('|').trim();
        let known = match status {
            "ok" => None,
            s => Some(
                s.strip_prefix("known:")
                    .unwrap_or_else(|| panic!("status must be ok or known: ...: {line}"))
                    .trim()
                    .to_string(),
            ),
        };
        out.push(Case {
            file,
            command,
            exits,
            contains,
            known,
        });
    }
    assert!(
        out.len() >= 40,
        "only {} cases parsed from the README",
        out.len()
    );
    out
}

/// Writes the big cases (Python 3, standard library only).
fn generate_big(dir: &Path) {
    let status = Command::new("python3")
        .arg(corpus().join("generate.py"))
        .arg("big")
        .arg(dir)
        .status()
        .expect("python3 is needed to write the big hostile cases: run scripts/setup.sh");
    assert!(status.success(), "tests/hostile/generate.py big failed");
}

/// The external DTD and parameter entity case, pointing at `port`.
fn network_dtd(port: u16) -> Vec<u8> {
    let xml = fs::read(repo().join("fixtures/smoke/minimum.xml")).expect("minimum.xml");
    let xml = String::from_utf8(xml).expect("utf-8");
    let doctype = format!(
        "<!DOCTYPE rsm:CrossIndustryInvoice SYSTEM \"http://127.0.0.1:{port}/evil.dtd\" [\n\
         <!ENTITY % remote SYSTEM \"http://127.0.0.1:{port}/remote.ent\"> %remote;\n\
         <!ENTITY net SYSTEM \"http://127.0.0.1:{port}/net.txt\">]>"
    );
    let (head, rest) = xml.split_once('\n').expect("xml declaration line");
    let rest = rest.replace("Atelier Durand SARL", "&net;");
    format!("{head}\n{doctype}\n{rest}").into_bytes()
}

/// What one run did.
#[derive(Debug)]
struct Run {
    exit: Option<i32>,
    signal: Option<i32>,
    cpu: Duration,
    wall: Duration,
    rss_kib: u64,
    output: String,
}

fn run(args: &[OsString], scratch: &Path) -> Run {
    let stats = scratch.join("time.txt");
    let _ = fs::remove_file(&stats);
    let start = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&stats)
        .arg("-f")
        .arg("%M %U %S")
        .arg(env!("CARGO_BIN_EXE_facturx"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(
            fs::File::create(scratch.join("stdout")).unwrap(),
        ))
        .stderr(Stdio::from(
            fs::File::create(scratch.join("stderr")).unwrap(),
        ))
        .process_group(0)
        .spawn()
        .expect("GNU time (/usr/bin/time) is needed: run scripts/setup.sh");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            // Kill the whole group: time and facturx.
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(format!("-{}", child.id()))
                .status();
            let _ = child.wait();
            panic!("hang: {args:?} still running after {HANG:?}");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let wall = start.elapsed();
    let stats = fs::read_to_string(&stats).unwrap_or_default();
    let mut signal = status.signal();
    // GNU time exits with the child's code and writes "Command terminated
    // by signal N" when the child was killed.
    if let Some(n) = stats
        .lines()
        .find_map(|l| l.strip_prefix("Command terminated by signal "))
    {
        signal = n.trim().parse().ok();
    }
    let last = stats.lines().last().unwrap_or_default();
    let fields: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(fields.len(), 3, "GNU time output: {stats:?}");
    let secs = |s: &str| Duration::from_secs_f64(s.parse::<f64>().unwrap());
    let output = format!(
        "{}{}",
        fs::read_to_string(scratch.join("stdout")).unwrap_or_default(),
        fs::read_to_string(scratch.join("stderr")).unwrap_or_default()
    );
    Run {
        exit: if signal.is_some() {
            None
        } else {
            status.code()
        },
        signal,
        cpu: secs(fields[1]) + secs(fields[2]),
        wall,
        rss_kib: fields[0].parse().unwrap(),
        output,
    }
}

fn arguments(case: &Case, input: &Path, scratch: &Path) -> Vec<OsString> {
    let p = |p: &Path| p.as_os_str().to_owned();
    let s = |s: &str| OsString::from(s);
    match case.command.as_str() {
        "validate" => vec![s("validate"), s("--format"), s("json"), p(input)],
        "inspect" => vec![s("inspect"), p(input)],
        "extract" => vec![s("extract"), p(input), s("-o"), p(&scratch.join("out.xml"))],
        "embed" => vec![
            s("embed"),
            p(input),
            p(&repo().join("fixtures/smoke/minimum.xml")),
            s("-o"),
            p(&scratch.join("out.pdf")),
        ],
        "convert" => vec![
            s("convert"),
            p(input),
            s("--mapping"),
            p(&repo().join("fixtures/csv/mapping-fr.toml")),
            s("-o"),
            p(&scratch.join(format!("out-{}", case.file))),
            s("--quiet"),
        ],
        other => panic!("unknown command {other} in the README"),
    }
}

/// Why `run` does not meet `case`, if it does not.
fn verdict(case: &Case, run: &Run, scratch: &Path, passwd_line: &str) -> Result<(), String> {
    let mut problems = Vec::new();
    match run.exit {
        None => problems.push(format!("killed by signal {:?}", run.signal)),
        Some(code) if !case.exits.contains(&code) => {
            problems.push(format!("exit code {code}, expected {:?}", case.exits))
        }
        Some(_) => {}
    }
    if run.cpu > MAX_CPU {
        problems.push(format!("{:?} of CPU time (limit {MAX_CPU:?})", run.cpu));
    }
    if run.rss_kib > MAX_RSS_KIB {
        problems.push(format!(
            "peak RSS {} MiB (limit {} MiB)",
            run.rss_kib / 1024,
            MAX_RSS_KIB / 1024
        ));
    }
    let lower = run.output.to_lowercase();
    if let Some(word) = &case.contains {
        if !lower.contains(word) {
            problems.push(format!("output lacks {word:?}"));
        }
    }
    if lower.contains("panicked") {
        problems.push("a panic message in the output".to_string());
    }
    if !passwd_line.is_empty() && run.output.contains(passwd_line) {
        problems.push("/etc/passwd content in the output".to_string());
    }
    if case.command == "embed" && run.exit == Some(0) {
        if let Err(e) = check_embedded(&scratch.join("out.pdf")) {
            problems.push(e);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The PDF `embed` wrote gives back `fixtures/smoke/minimum.xml`.
fn check_embedded(pdf: &Path) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_facturx"))
        .arg("extract")
        .arg(pdf)
        .output()
        .map_err(|e| format!("running extract on the embedded output: {e}"))?;
    let expected = fs::read(repo().join("fixtures/smoke/minimum.xml")).unwrap();
    if !out.status.success() {
        return Err(format!(
            "embed succeeded but extract fails on its output: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if out.stdout != expected {
        return Err("embed succeeded but extract does not give back the XML".to_string());
    }
    Ok(())
}

#[test]
fn hostile_corpus() {
    let generated = tempfile::tempdir().unwrap();
    generate_big(generated.path());
    // Nothing may connect: the listener is never accepted from and checked
    // at the end.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    fs::write(
        generated.path().join("xxe-network-dtd.xml"),
        network_dtd(port),
    )
    .unwrap();
    let passwd_line = fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|p| p.lines().next().map(str::to_string))
        .unwrap_or_default();

    let cases = cases();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    let mut seen = BTreeSet::new();
    for case in &cases {
        seen.insert(case.file.clone());
        let committed = corpus().join(&case.file);
        let input = if committed.exists() {
            committed
        } else {
            generated.path().join(&case.file)
        };
        assert!(
            input.exists(),
            "{}: neither committed nor generated",
            case.file
        );
        let scratch = tempfile::tempdir().unwrap();
        let args = arguments(case, &input, scratch.path());
        let run = run(&args, scratch.path());
        let result = verdict(case, &run, scratch.path(), &passwd_line);
        eprintln!(
            "{:<40} {:<9} exit {:?} signal {:?} cpu {:>5} ms wall {:>5} ms rss {:>7} KiB {}",
            case.file,
            case.command,
            run.exit,
            run.signal,
            run.cpu.as_millis(),
            run.wall.as_millis(),
            run.rss_kib,
            match (&result, &case.known) {
                (Ok(()), None) => "ok".to_string(),
                (Err(e), None) => format!("FAIL: {e}"),
                (Err(e), Some(_)) => format!("known failure: {e}"),
                (Ok(()), Some(_)) => "FIXED (remove the known: entry)".to_string(),
            }
        );
        match (result, &case.known) {
            (Ok(()), None) | (Err(_), Some(_)) => {}
            (Err(e), None) => failures.push(format!(
                "{} ({}): {e}\n--- output ---\n{}",
                case.file,
                case.command,
                run.output.chars().take(2000).collect::<String>()
            )),
            (Ok(()), Some(_)) => fixed.push(format!("{} ({})", case.file, case.command)),
        }
    }

    match listener.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Ok((_, from)) => failures.push(format!(
            "a run connected to the network listener from {from}"
        )),
        Err(e) => panic!("listener: {e}"),
    }
    // Every committed and generated file is in the table.
    for dir in [corpus(), generated.path().to_path_buf()] {
        for entry in fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name != "README.md" && name != "generate.py" {
                assert!(
                    seen.contains(&name),
                    "{name} is not in tests/hostile/README.md"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} hostile case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        fixed.is_empty(),
        "known failures now pass, remove their known: entry from tests/hostile/README.md: {fixed:?}"
    );
}
