//! Errors of the XPath engine.

/// What went wrong while compiling or evaluating an expression.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The expression text is not valid XPath (or uses a construct outside the subset).
    #[error("xpath syntax error at offset {offset}: {message}")]
    Syntax {
        /// Byte offset in the expression.
        offset: usize,
        /// What was expected or found.
        message: String,
    },
    /// A prefix used in a name has no namespace binding.
    #[error("unbound namespace prefix {0:?}")]
    UnboundPrefix(String),
    /// A function name or arity that the engine does not know.
    #[error("unknown function {name}#{arity}")]
    UnknownFunction {
        /// The function name as written.
        name: String,
        /// Number of arguments given.
        arity: usize,
    },
    /// A variable reference with no binding in scope.
    #[error("unbound variable ${0}")]
    UnboundVariable(String),
    /// A dynamic error, with its XPath error code (`FORG0001`, `XPTY0004`, ...).
    #[error("{code}: {message}")]
    Dynamic {
        /// The W3C error code.
        code: &'static str,
        /// Details.
        message: String,
    },
    /// A case the engine treats as impossible.
    #[error("internal error: {0}")]
    Unreachable(&'static str),
}

impl Error {
    pub(crate) fn dynamic(code: &'static str, message: impl Into<String>) -> Self {
        Error::Dynamic {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn syntax(offset: usize, message: impl Into<String>) -> Self {
        Error::Syntax {
            offset,
            message: message.into(),
        }
    }
}
