//! JSON into the model, with errors that name the JSON pointer and field.
//!
//! # Wire format
//!
//! One JSON object per invoice, the serde form of
//! [`facturx_model::Invoice`]: field names are the EN 16931 terms
//! (BT numbers in the rustdoc of each field), amounts are strings or numbers
//! with at most two decimals, dates are `YYYY-MM-DD`, unknown fields are
//! refused. The JSON Schema is `schemas/invoice.schema.json`.

use facturx_model::Invoice;
use serde_path_to_error::Segment;

use crate::Error;

/// Parses one invoice from JSON. `source_name` (a file name, or `-` for
/// stdin) prefixes every error message.
///
/// Totals are not computed here: see [`facturx_model::calc::compute`].
pub fn from_json(bytes: &[u8], source_name: &str) -> Result<Invoice, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result: Result<Invoice, _> = serde_path_to_error::deserialize(&mut de);
    let invoice = match result {
        Ok(inv) => inv,
        Err(e) => return Err(convert(e, source_name)),
    };
    if let Err(e) = de.end() {
        return Err(syntax(&e, source_name));
    }
    Ok(invoice)
}

fn convert(e: serde_path_to_error::Error<serde_json::Error>, source_name: &str) -> Error {
    let pointer = pointer(e.path());
    let inner = e.into_inner();
    match inner.classify() {
        serde_json::error::Category::Data => Error::Field {
            source_name: source_name.to_string(),
            pointer,
            message: message(&inner),
            line: inner.line(),
        },
        _ => syntax(&inner, source_name),
    }
}

fn syntax(e: &serde_json::Error, source_name: &str) -> Error {
    Error::Syntax {
        source_name: source_name.to_string(),
        line: e.line(),
        column: e.column(),
        message: message(e),
    }
}

/// The message without serde_json's " at line L column C" suffix.
fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// The RFC 6901 pointer of a serde path.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests;
