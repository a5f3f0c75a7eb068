//! The embedded profile schemas and their per-thread compiled form.

use std::cell::RefCell;
use std::fs;

use facturx_model::Profile;
use libxml::schemas::{SchemaParserContext, SchemaValidationContext};

use crate::Error;

/// One schema's XSD files, embedded at build time by `build.rs` from
/// `schemas/artefacts/facturx-1.09.2/xsd/<P>/` (or, for EXTENDED-CTC-FR,
/// `fr-ctc-1.4.0/xsd-cii-d22b-uncoupled/`) after checking their SHA-256.
#[derive(Debug)]
pub struct SchemaSet {
    /// File name of the entry schema (`Factur-X_EN16931.xsd`).
    pub entry: &'static str,
    /// Every file of the set (entry and imported modules): name and bytes.
    pub files: &'static [(&'static str, &'static [u8])],
}

mod embedded {
    use super::SchemaSet;
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Which XSD a [`Validator`](crate::Validator) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Schema {
    /// The Factur-X 1.09.2 XSD of a profile.
    FacturX(Profile),
    /// UN/CEFACT CII D22B, uncoupled: the structure of EXTENDED-CTC-FR
    /// documents (XP Z12-012 1.4.0, the French reform's CII profile).
    ExtendedCtcFr,
}

impl Schema {
    /// The embedded files of this schema.
    pub fn files(self) -> &'static SchemaSet {
        match self {
            Schema::FacturX(profile) => schema_set(profile),
            Schema::ExtendedCtcFr => &embedded::CTC_FR,
        }
    }

    fn slot(self) -> usize {
        match self {
            Schema::FacturX(Profile::Minimum) => 0,
            Schema::FacturX(Profile::BasicWl) => 1,
            Schema::FacturX(Profile::Basic) => 2,
            Schema::FacturX(Profile::En16931) => 3,
            Schema::FacturX(Profile::Extended) => 4,
            Schema::ExtendedCtcFr => 5,
        }
    }
}

impl std::fmt::Display for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Schema::FacturX(profile) => write!(f, "{profile}"),
            Schema::ExtendedCtcFr => f.write_str("EXTENDED-CTC-FR (CII D22B)"),
        }
    }
}

/// The embedded Factur-X 1.09.2 XSD files of `profile`.
pub fn schema_set(profile: Profile) -> &'static SchemaSet {
    match profile {
        Profile::Minimum => &embedded::MINIMUM,
        Profile::BasicWl => &embedded::BASIC_WL,
        Profile::Basic => &embedded::BASIC,
        Profile::En16931 => &embedded::EN16931,
        Profile::Extended => &embedded::EXTENDED,
    }
}

thread_local! {
    /// Compiled schemas with their validation contexts, one per profile and thread.
    ///
    /// libxml2 validation contexts keep per-run state and must not be shared
    /// between threads, and the `libxml` crate's wrappers are neither `Send` nor
    /// `Sync`. Each thread therefore compiles the schemas it uses once (a few
    /// milliseconds) and reuses them; a batch validating on N threads pays N
    /// compilations.
    static CACHE: RefCell<[Option<SchemaValidationContext>; 6]> =
        const { RefCell::new([None, None, None, None, None, None]) };
}

/// Runs `f` with this thread's compiled schema of `profile`, compiling it on first use.
pub(crate) fn with_context<T>(
    schema: Schema,
    f: impl FnOnce(&mut SchemaValidationContext) -> T,
) -> Result<T, Error> {
    CACHE.with(|cache| {
        let mut cache = cache
            .try_borrow_mut()
            .map_err(|_| Error::Unreachable("re-entrant use of the schema cache"))?;
        let entry = cache
            .get_mut(schema.slot())
            .ok_or(Error::Unreachable("schema slot out of range"))?;
        if entry.is_none() {
            *entry = Some(compile(schema)?);
        }
        let ctx = entry
            .as_mut()
            .ok_or(Error::Unreachable("schema cache slot empty after compile"))?;
        Ok(f(ctx))
    })
}

/// Compiles the embedded `schema`.
///
/// The entry XSD imports its UN/CEFACT modules by relative file name, and
/// libxml2 resolves `xs:import/@schemaLocation` through its I/O layer, so an
/// in-memory parse (`xmlSchemaNewMemParserCtxt`) cannot find them. The two ways
/// out are a custom external entity loader that serves the embedded bytes, or
/// real files. The loader needs `unsafe` FFI with process-global state (this
/// crate forbids `unsafe`, and the `libxml` crate has no safe wrapper for it),
/// so we write the files to a fresh private temporary folder (created by
/// `tempfile` with mode 0700 and a random name), compile from there, and delete
/// it: the compiled schema lives in memory and no longer needs the files.
fn compile(schema: Schema) -> Result<SchemaValidationContext, Error> {
    let set = schema.files();
    let staging = |source| Error::SchemaStaging { schema, source };
    let dir = tempfile::Builder::new()
        .prefix("facturx-xsd-")
        .tempdir()
        .map_err(staging)?;
    for (name, bytes) in set.files {
        fs::write(dir.path().join(name), bytes).map_err(staging)?;
    }
    let entry = dir.path().join(set.entry);
    let entry = entry.to_str().ok_or(Error::SchemaStaging {
        schema,
        source: std::io::Error::other("temporary path is not UTF-8"),
    })?;
    let mut parser = SchemaParserContext::from_file(entry);
    let compiled =
        SchemaValidationContext::from_parser(&mut parser).map_err(|errors| Error::SchemaCompile {
            schema,
            message: errors
                .iter()
                .map(|e| e.message.as_deref().unwrap_or("").trim().to_string())
                .collect::<Vec<_>>()
                .join("; "),
        });
    drop(parser);
    dir.close().map_err(staging)?;
    compiled
}
