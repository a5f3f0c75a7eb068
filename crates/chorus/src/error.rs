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
    /// API settings are missing or malformed.
    #[error("chorus pro settings: {0}")]
    Settings(String),
    /// The config file holding secrets can be read or written by others.
    #[error("{}: holds secrets but has mode {mode:o}; run `chmod 600` on it", path.display())]
    InsecureConfig {
        /// The config file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The API could not be reached, after retries.
    #[error("{url}: transport error after {attempts} attempt(s): {message}")]
    Transport {
        /// The URL called.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// What failed.
        message: String,
    },
    /// The API kept answering 5xx, after retries.
    #[error("{url}: server error {status} after {attempts} attempt(s): {message}")]
    ServerError {
        /// The URL called.
        url: String,
        /// The last status.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// The portal's message.
        message: String,
    },
    /// The portal refused the request (4xx, or a non-zero `codeRetour`).
    #[error("{url}: rejected by chorus pro (http {status}): {message}")]
    Rejected {
        /// The URL or operation called.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The portal's message.
        message: String,
    },
    /// The portal answered something we cannot read.
    #[error("{url}: unexpected response: {message}")]
    UnexpectedResponse {
        /// The URL or operation called.
        url: String,
        /// What did not fit.
        message: String,
    },
    /// The output folder holds a file of an earlier, committed package that
    /// this run would replace or remove.
    #[error("{}: belongs to an earlier package recorded in the ledger; write this package to a new folder", path.display())]
    OutputInUse {
        /// The file.
        path: PathBuf,
    },
}
