//! Errors that stop reading an export as a whole (a bad row only rejects its invoice).

/// Why an export or its mapping cannot be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The mapping file is not valid TOML or has a bad value.
    #[error("mapping: {0}")]
    Mapping(String),
    /// The mapping names a field that does not exist.
    #[error("mapping: unknown field {0:?} (see docs/csv-format.md for the field names)")]
    UnknownField(String),
    /// A mapped column is not in the header row.
    #[error(
        "mapping: field {field:?} is mapped to column {column:?}, which is not in the header row"
    )]
    MissingColumn {
        /// The field.
        field: &'static str,
        /// The column name looked for.
        column: String,
    },
    /// A mandatory field has neither a column nor a constant.
    #[error("mapping: mandatory field {0:?} has neither a column nor a constant")]
    UnmappedField(&'static str),
    /// The CSV reader failed (I/O error).
    #[error("csv: {0}")]
    Csv(#[source] csv::Error),
    /// Reading the input failed.
    #[error("reading the export: {0}")]
    Io(#[from] std::io::Error),
}
