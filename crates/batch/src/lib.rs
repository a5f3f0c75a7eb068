//! Batch conversion of CSV exports into Factur-X files: streaming, parallel,
//! atomic, and nothing lost.
//!
//! - [`convert`] runs a job described by [`ConvertOptions`]: rows are read
//!   once and grouped into invoices as they stream by, invoices are converted
//!   and validated on every core, each valid one is written atomically as
//!   `<seller-id>_<invoice-number>.xml`, each other one is listed in
//!   `rejects.csv` and `rejects.json` with its rows and reasons, and
//!   `manifest.json` lists every output with its SHA-256. The [`Summary`]
//!   always adds up: `read == written + rejected`.
//! - [`init_mapping`] writes a starting TOML mapping from an export's first bytes.
//!
//! The CSV format and the mapping are described in `docs/csv-format.md`.
//!
//! ```no_run
//! use facturx_batch::{convert, ConvertOptions};
//!
//! let mut options = ConvertOptions::new("export.csv", "out/");
//! options.mapping = Some("mapping.toml".into());
//! let summary = convert(&options, &|p| eprintln!("{} read", p.read))?;
//! println!("{summary}");
//! # Ok::<(), facturx_batch::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod error;
mod name;
mod output;

pub use facturx_input::csv;

pub use convert::{ConvertOptions, Format, Progress, Summary, Validation, convert};
pub use csv::init_mapping;
pub use error::Error;
pub use name::file_name;
pub use output::{ManifestEntry, Reject, Written};
