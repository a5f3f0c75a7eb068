//! Arbitrary damage to an official sample never panics and never turns into
//! an `Err`: a broken document is a list of findings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::PathBuf;

use facturx_model::Profile;
use facturx_xsd::{Validator, detect_profile};
use proptest::prelude::*;

fn sample() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/standards/examples/facturx-official-fnfe/BASIC/\
         Facture_F20220025-LE_FOURNISSEUR-POUR-LE_CLIENT_BASIC.factur-x.xml",
    );
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn damaged_documents_give_findings_not_errors(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut xml = sample();
        for (at, byte) in edits {
            let i = at.index(xml.len());
            xml[i] = byte;
        }
        if truncate {
            xml.truncate(cut.index(xml.len()));
        }
        let _ = detect_profile(&xml);
        let findings = Validator::for_profile(Profile::Basic).unwrap().validate(&xml);
        prop_assert!(findings.is_ok(), "{findings:?}");
    }
}

#[test]
fn undamaged_sample_is_valid() {
    // The property above is only meaningful if the starting point is valid.
    let findings = Validator::for_profile(Profile::Basic)
        .unwrap()
        .validate(&sample())
        .unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}
