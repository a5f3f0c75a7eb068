//! One module per subcommand.

pub mod convert;
pub mod generate;
pub mod pdf;
pub mod validate;
