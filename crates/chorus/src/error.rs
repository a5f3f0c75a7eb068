//! Why a Chorus Pro check, package or deposit could not run.

use std::path::PathBuf;

/// A Chorus Pro operation that could not run. An invoice that breaks a rule
/// is not an error: it yields [`Finding`](facturx_report::Finding)s.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The system clock is before 1970 or beyond year 9999.
    #[error("the system clock gives no usable date")]
    Clock,
    /// The directory file could not be read.
    #[error("directory {path}: {message}")]
    Directory {
        /// The directory file.
        path: String,
        /// What went wrong, with the entry.
        message: String,
    },
    /// One entry of a directory file is malformed.
    #[error("{entry}: {message}")]
    DirectoryEntry {
        /// `row 12`, `structure #3`, `header`.
        entry: String,
        /// What is wrong.
        message: String,
    },
    /// Neither `XDG_DATA_HOME` nor `HOME` is set, so the ledger has no default location.
    #[error("no default ledger location: set XDG_DATA_HOME or HOME, or give a ledger path")]
    NoLedgerLocation,
    /// The ledger database failed.
    #[error("ledger {}: {source}", path.display())]
    Ledger {
        /// The ledger file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
}
