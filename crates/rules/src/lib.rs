//! Official EN 16931, Factur-X and French rules, run natively.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
