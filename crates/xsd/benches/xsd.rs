//! XSD validation throughput.
//!
//! Input: `EN16931/FR_FACTURE_EN16931.factur-x.xml`-style official sample, the
//! first `*.factur-x.xml` of `shared/standards/examples/facturx-official-fnfe/EN16931/`
//! (FNFE-MPE Factur-X sample set, see the shared MANIFEST), validated against
//! the embedded Factur-X 1.09.2 EN16931 XSD with a warm per-thread schema cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facturx_model::Profile;
use facturx_xsd::Validator;

fn sample() -> (String, Vec<u8>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards/examples/facturx-official-fnfe/EN16931");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the shared standards folder must sit beside the repo)",
                dir.display()
            )
        })
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".factur-x.xml"))
        .collect();
    files.sort();
    let path = files.first().expect("no EN16931 sample").clone();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, fs::read(path).unwrap())
}

fn bench(c: &mut Criterion) {
    let (name, xml) = sample();
    let validator = Validator::for_profile(Profile::En16931).unwrap();
    assert!(
        validator.validate(&xml).unwrap().is_empty(),
        "{name} must be valid"
    );
    let mut group = c.benchmark_group("xsd");
    group.throughput(Throughput::Elements(1));
    group.bench_function(format!("validate EN16931 {name}"), |b| {
        b.iter(|| validator.validate(black_box(&xml)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
