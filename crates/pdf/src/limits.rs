//! Bounds on untrusted input, and the one place a PDF is parsed.

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
/// lopdf 0.47 bounds decompression itself (`max_decompressed_size`, used for
/// object and cross-reference streams while loading), caps reference chains
/// and page-tree depth, and did not panic on any input of
/// `tests/hostile.rs` (truncations, loops, bombs, 150 random mutations), so
/// no `catch_unwind` wraps it.
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
    Document::load_mem_with_options(pdf, options).map_err(Error::Parse)
}
