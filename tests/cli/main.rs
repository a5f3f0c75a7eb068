//! End-to-end tests of the `facturx` command.

mod util;

mod pdf;
mod validate;
