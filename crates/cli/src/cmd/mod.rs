//! One module per subcommand.

pub mod generate;
pub mod pdf;
pub mod validate;
