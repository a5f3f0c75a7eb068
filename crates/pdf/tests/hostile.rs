//! Malformed, truncated and hostile PDFs: every public function returns in
//! bounded time and memory, with an error or a result, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::time::{Duration, Instant};

use facturx_pdf::{
    EmbedOptions, Error, Limits, check_with_limits, embed, extract_all_with_limits,
    extract_with_limits, inspect_with_limits,
};

const BOUND: Duration = Duration::from_secs(20);

/// A PDF from raw object bodies, with a correct cross-reference table.
fn raw_pdf(objects: &[(u32, Vec<u8>)], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects {
        offsets.push((*n, out.len()));
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let size = objects.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.iter().find(|(m, _)| *m == n) {
            Some((_, off)) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    let trailer = trailer.replace("XREF", &xref.to_string());
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// zlib-compressed zeros, made by Python's C zlib (fast even in debug builds).
fn zeros_deflated(n: usize) -> Vec<u8> {
    let out = Command::new("python3")
        .args([
            "-c",
            &format!("import sys,zlib; sys.stdout.buffer.write(zlib.compress(bytes({n}), 9))"),
        ])
        .output()
        .expect("python3 (install Python 3)");
    assert!(out.status.success());
    out.stdout
}

/// Runs every reader (and embed) on `pdf`; panics only if one panics or is slow.
fn survive(name: &str, pdf: &[u8], limits: &Limits) -> Vec<Result<(), String>> {
    let xml = common::sample_xml("MINIMUM");
    let started = Instant::now();
    let results = catch_unwind(AssertUnwindSafe(|| {
        let options = EmbedOptions {
            limits: *limits,
            force: true,
            ..common::fixed()
        };
        vec![
            extract_with_limits(pdf, limits)
                .map(drop)
                .map_err(|e| e.to_string()),
            extract_all_with_limits(pdf, limits)
                .map(drop)
                .map_err(|e| e.to_string()),
            inspect_with_limits(pdf, limits)
                .map(drop)
                .map_err(|e| e.to_string()),
            check_with_limits(pdf, limits)
                .map(drop)
                .map_err(|e| e.to_string()),
            embed(pdf, &xml, &options)
                .map(drop)
                .map_err(|e| e.to_string()),
        ]
    }))
    .unwrap_or_else(|_| panic!("{name}: a facturx-pdf function panicked"));
    assert!(
        started.elapsed() < BOUND,
        "{name}: took {:?}",
        started.elapsed()
    );
    results
}

#[test]
fn truncated_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let good = embed(
        &common::gs_pdf(dir.path(), 3),
        &common::sample_xml("EN16931"),
        &common::fixed(),
    )
    .unwrap()
    .pdf;
    for cut in [
        0,
        1,
        8,
        100,
        good.len() / 3,
        good.len() / 2,
        good.len() - 40,
        good.len() - 1,
    ] {
        let r = survive(&format!("cut at {cut}"), &good[..cut], &Limits::default());
        if cut < 100 {
            assert!(r.iter().all(Result::is_err), "cut at {cut}: {r:?}");
        }
    }
}

#[test]
fn reference_and_tree_loops_terminate() {
    // /Root -> 1 -> 2 -> 1; page tree that contains itself; name tree whose kid is itself.
    let looping_root = raw_pdf(&[(1, obj("2 0 R")), (2, obj("1 0 R"))], "/Root 1 0 R");
    let r = survive("reference loop", &looping_root, &Limits::default());
    assert!(r.iter().all(Result::is_err), "{r:?}");

    let trees = raw_pdf(
        &[
            (
                1,
                obj(
                    "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> /AF [4 0 R] >>",
                ),
            ),
            (2, obj("<< /Type /Pages /Kids [2 0 R] /Count 1 >>")),
            (3, obj("<< /Kids [3 0 R 5 0 R] >>")),
            (
                4,
                obj("<< /Type /Filespec /F (a.txt) /EF << /F 4 0 R >> >>"),
            ),
            (5, obj("<< /Kids [3 0 R] >>")),
        ],
        "/Root 1 0 R",
    );
    let r = survive("tree loops", &trees, &Limits::default());
    assert!(
        matches!(&r[0], Err(e) if e.contains("no embedded invoice")),
        "{r:?}"
    );
}

#[test]
fn xref_prev_loop_terminates() {
    // The trailer's /Prev points back at its own cross-reference table.
    let pdf = raw_pdf(
        &[
            (1, obj("<< /Type /Catalog /Pages 2 0 R >>")),
            (2, obj("<< /Type /Pages /Kids [] /Count 0 >>")),
        ],
        "/Root 1 0 R /Prev XREF",
    );
    survive("xref /Prev loop", &pdf, &Limits::default());
    let broken_xref = String::from_utf8_lossy(&pdf)
        .replace("startxref\n", "startxref\n9")
        .into_bytes();
    survive("startxref past the end", &broken_xref, &Limits::default());
}

#[test]
fn decompression_bombs_are_bounded() {
    // 100 MB of zeros in ~100 KB: as the invoice XML, and nested twice.
    let bomb = zeros_deflated(100_000_000);
    assert!(bomb.len() < 200_000);
    let pdf = raw_pdf(
        &[
            (
                1,
                obj(
                    "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(factur-x.xml) 3 0 R] >> >> /AF [3 0 R] >>",
                ),
            ),
            (2, obj("<< /Type /Pages /Kids [] /Count 0 >>")),
            (
                3,
                obj(
                    "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 4 0 R >> >>",
                ),
            ),
            (
                4,
                stream(
                    "/Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode",
                    &bomb,
                ),
            ),
        ],
        "/Root 1 0 R",
    );
    let started = Instant::now();
    let err = extract_with_limits(&pdf, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, Error::StreamTooLarge { object: 4, .. }),
        "{err}"
    );
    assert!(started.elapsed() < BOUND);
    let small = Limits {
        max_stream_size: 1 << 20,
        ..Limits::default()
    };
    let err = extract_with_limits(&pdf, &small).unwrap_err();
    assert!(
        matches!(err, Error::StreamTooLarge { object: 4, limit } if limit == 1 << 20),
        "{err}"
    );
    survive("flate bomb", &pdf, &small);

    // The same bomb as an object stream: lopdf decodes those while loading.
    let objstm = raw_pdf(
        &[
            (1, obj("<< /Type /Catalog /Pages 2 0 R >>")),
            (2, obj("<< /Type /Pages /Kids [] /Count 0 >>")),
            (
                3,
                stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &bomb),
            ),
        ],
        "/Root 1 0 R",
    );
    survive("object-stream bomb", &objstm, &small);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let limits = Limits {
        max_input_size: 1000,
        ..Limits::default()
    };
    let pdf = vec![b' '; 2000];
    assert!(matches!(
        inspect_with_limits(&pdf, &limits),
        Err(Error::InputTooLarge {
            size: 2000,
            limit: 1000
        })
    ));
}

#[test]
fn mutated_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = embed(
        &common::gs_pdf(dir.path(), 3),
        &common::sample_xml("BASIC"),
        &common::fixed(),
    )
    .unwrap()
    .pdf;
    // A fixed linear congruential generator: reproducible, no extra crate.
    let mut state: u64 = 0x5EED;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let started = Instant::now();
    for round in 0..150 {
        let mut pdf = good.clone();
        for _ in 0..(1 + next() % 8) {
            let at = next() % pdf.len();
            pdf[at] = match next() % 4 {
                0 => b'0' + (next() % 10) as u8,
                1 => b"<>[]()/ R\n"[next() % 10],
                _ => next() as u8,
            };
        }
        survive(&format!("mutation round {round}"), &pdf, &Limits::default());
    }
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    // 200,000 nested arrays and dictionaries inside one object.
    let depth = 200_000;
    let arrays = format!(
        "<< /Type /Catalog /Pages 2 0 R /Deep {}{} >>",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dicts = format!(
        "<< /Type /Catalog /Pages 2 0 R /Deep {}{} >>",
        "<< /A ".repeat(depth),
        ">>".repeat(depth)
    );
    for (name, body) in [("arrays", arrays), ("dictionaries", dicts)] {
        let pdf = raw_pdf(
            &[
                (1, obj(&body)),
                (2, obj("<< /Type /Pages /Kids [] /Count 0 >>")),
            ],
            "/Root 1 0 R",
        );
        survive(name, &pdf, &Limits::default());
    }
}
