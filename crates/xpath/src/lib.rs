//! An XPath 2.0 subset engine, just large enough to run the official
//! EN 16931, Factur-X and French schematron rule files natively.
//!
//! [`compile`] turns expression text into an [`Expr`] against a
//! [`StaticContext`] (namespace prefixes, variables, stylesheet
//! functions); an [`Evaluator`] evaluates it over a [`tree::Document`].
//! Typing follows XPath 2.0 where verdicts depend on it: untyped node
//! values become `xs:double` in arithmetic and in comparisons with numbers,
//! `xs:decimal` arithmetic is exact, general comparisons are existential.
//!
//! ```
//! use facturx_xpath::{compile, Evaluator, Focus, StaticContext, XNode};
//!
//! let doc = facturx_xpath::tree::Document::parse("<a><b>1.10</b><b>2.20</b></a>")?;
//! let mut ctx = StaticContext::new();
//! let expr = compile("sum(/a/b) = 3.3 and sum(/a/b/xs:decimal(.)) = 3.3", &mut ctx)?;
//! let mut ev = Evaluator::new(&[]);
//! let focus = Focus::node_focus(XNode::new(doc.root()));
//! // As a double sum, 1.1 + 2.2 is not 3.3; as decimals it is.
//! assert!(!ev.eval_bool(&expr, &focus)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod ast;
mod error;
mod eval;
mod functions;
mod lexer;
mod name_pred;
pub mod names;
mod parser;
mod static_context;
pub mod tree;
mod value;

pub use ast::{Expr, Function};
pub use error::Error;
pub use eval::{Evaluator, Focus, Memo, atomize, ebv};
pub use functions::{Builtin, FN_NS, normalize_space};
pub use name_pred::NamePredicate;
pub use parser::XS_NS;
pub use static_context::StaticContext;
pub use value::{
    Atomic, Item, Seq, XNode, format_decimal, format_double, parse_decimal, parse_double,
};

/// Compiles an XPath expression.
pub fn compile(src: &str, ctx: &mut StaticContext) -> Result<Expr, Error> {
    parser::parse(src, ctx)
}

#[cfg(test)]
mod tests;
