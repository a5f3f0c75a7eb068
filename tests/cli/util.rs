//! Running the real `facturx` binary in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The official samples shared beside the repository, when present.
pub fn shared(path: &str) -> PathBuf {
    root().join("../shared/standards").join(path)
}

/// Runs `facturx ARGS` in `dir` and returns its output.
pub fn facturx(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facturx"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run facturx")
}

/// The exit code, panicking on a signal (a crash is never acceptable).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or_else(|| {
        panic!(
            "facturx died by a signal: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Standard output as a string.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as a string.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small PDF/A-3b made by Ghostscript (installed by scripts/setup.sh),
/// with embedded fonts: the kind of PDF a billing system prints.
pub fn ghostscript_pdfa(dir: &Path) -> PathBuf {
    let ps = dir.join("invoice.ps");
    std::fs::write(
        &ps,
        "/DejaVuSans findfont 14 scalefont setfont 72 760 moveto (Facture SMOKE-0001) show\n\
         72 730 moveto (Total TTC : 120,00 EUR) show showpage\n",
    )
    .unwrap();
    let out = dir.join("printed.pdf");
    let status = Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-dPDFA=3",
            "-dPDFACompatibilityPolicy=1",
        ])
        .args([
            "-sColorConversionStrategy=RGB",
            "-sDEVICE=pdfwrite",
            "-dEmbedAllFonts=true",
        ])
        .arg(format!("-sOutputFile={}", out.display()))
        .arg(&ps)
        .status()
        .expect("ghostscript (gs) is missing: run scripts/setup.sh");
    assert!(status.success(), "ghostscript failed");
    out
}
