//! Bounds on untrusted input, and the one place a PDF is parsed.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, LoadOptions};

use crate::error::Error;

/// Bounds applied to every PDF this crate reads, so that hostile files fail
/// in bounded time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes. Default 256 MiB.
    pub max_input_size: usize,
    /// Largest size one stream may decompress to, in bytes. Default 64 MiB.
    pub max_stream_size: usize,
    /// Deepest nesting followed in name trees and page trees. Default 64.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_size: 256 * 1024 * 1024,
            max_stream_size: 64 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// Parses `pdf` with lopdf under `limits`.
///
/// lopdf 0.47 bounds decompression itself (`max_decompressed_size`) and
/// guards reference loops; the hostile-input tests (`tests/hostile.rs`) found
/// no panic. `catch_unwind` stays as a last line of defence because lopdf is
/// a large parser fed untrusted bytes: a panic there must become an error,
/// not abort the caller's batch.
pub(crate) fn load(pdf: &[u8], limits: &Limits) -> Result<Document, Error> {
    if pdf.len() > limits.max_input_size {
        return Err(Error::InputTooLarge {
            size: pdf.len(),
            limit: limits.max_input_size,
        });
    }
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_size),
        ..LoadOptions::default()
    };
    match catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(pdf, options)
    })) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(Error::Parse(e)),
        Err(payload) => Err(Error::ParserPanic(panic_message(&payload))),
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
