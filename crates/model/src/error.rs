//! Errors of the model: values that cannot be represented.

/// A value that the model refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An amount with more decimals than EN 16931 allows.
    #[error("{value}: {decimals} decimals, at most {max} allowed")]
    TooManyDecimals {
        /// The value as given.
        value: String,
        /// Its number of decimals.
        decimals: u32,
        /// The maximum.
        max: u32,
    },
    /// A string that is not a decimal number.
    #[error("{0:?} is not a decimal number")]
    InvalidDecimal(String),
    /// A date that does not exist or is not in `YYYY-MM-DD` / `YYYYMMDD` form.
    #[error("{0:?} is not a valid date (expected YYYY-MM-DD)")]
    InvalidDate(String),
    /// A code of the wrong shape.
    #[error("{value:?} is not a valid {kind}")]
    InvalidCode {
        /// What kind of code was expected.
        kind: &'static str,
        /// The value as given.
        value: String,
    },
    /// The totals cannot be computed from the data given.
    #[error("cannot compute totals: {0}")]
    Calculation(String),
}
