//! Errors that stop a conversion job as a whole. A bad invoice never does:
//! it is rejected and the job goes on.

use std::path::PathBuf;

/// Why a conversion job could not run or finish.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The export or its mapping cannot be read.
    #[error("{path}: {err}")]
    Input {
        /// The export (or mapping) file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        err: crate::csv::Error,
    },
    /// A file could not be read or written.
    #[error("{path}: {err}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        err: std::io::Error,
    },
    /// The validator could not be set up.
    #[error("cannot set up validation: {0}")]
    Validator(String),
    /// The worker thread pool could not be built.
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads {
        /// Threads asked for.
        jobs: usize,
        /// The error.
        message: String,
    },
    /// A state that the code rules out.
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            err,
        }
    }
}
