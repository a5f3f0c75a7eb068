//! Predicates that look only at the context element's name, such as CEN's
//! `ram:*[ends-with(name(), 'Amount') and not(self::ram:TaxTotalAmount)]`,
//! answered from the name without the evaluator. Six CEN patterns of this
//! kind are tried on every `ram:` element of every invoice.

use crate::Builtin;
use crate::ast::{Axis, CmpOp, Expr, KindTest, NodeTest, PathStart, Step};
use crate::value::XNode;

/// A predicate over the context element's expanded name.
#[derive(Debug, Clone)]
pub enum NamePredicate {
    /// `ends-with(local-name(), 's')`, `starts-with`, `contains`.
    LocalName(Builtin, String),
    /// `local-name() = 's'` (either side).
    LocalNameIs(String),
    /// `self::test`.
    SelfIs(NodeTest),
    /// `not(p)`.
    Not(Box<NamePredicate>),
    /// `a and b`.
    And(Box<NamePredicate>, Box<NamePredicate>),
    /// `a or b`.
    Or(Box<NamePredicate>, Box<NamePredicate>),
}

impl NamePredicate {
    /// The name-only form of `e` used as a predicate, when it has one.
    pub fn compile(e: &Expr) -> Option<NamePredicate> {
        Some(match e {
            Expr::And(a, b) => Self::And(Box::new(Self::compile(a)?), Box::new(Self::compile(b)?)),
            Expr::Or(a, b) => Self::Or(Box::new(Self::compile(a)?), Box::new(Self::compile(b)?)),
            Expr::Call(Builtin::Not, args) => match args.as_slice() {
                [a] => Self::Not(Box::new(Self::compile(a)?)),
                _ => return None,
            },
            Expr::Call(f @ (Builtin::EndsWith | Builtin::StartsWith | Builtin::Contains), args) => {
                match args.as_slice() {
                    [Expr::Call(Builtin::LocalName, none), Expr::Str(s)] if none.is_empty() => {
                        Self::LocalName(*f, s.clone())
                    }
                    _ => return None,
                }
            }
            Expr::General(CmpOp::Eq, a, b) | Expr::Value(CmpOp::Eq, a, b) => match (&**a, &**b) {
                (Expr::Call(Builtin::LocalName, none), Expr::Str(s))
                | (Expr::Str(s), Expr::Call(Builtin::LocalName, none))
                    if none.is_empty() =>
                {
                    Self::LocalNameIs(s.clone())
                }
                _ => return None,
            },
            Expr::Path(p) => match (&p.start, p.steps.as_slice()) {
                (PathStart::Context, [Step::Axis(Axis::SelfAxis, test, preds)])
                    if preds.is_empty() =>
                {
                    Self::SelfIs(test.clone())
                }
                _ => return None,
            },
            _ => return None,
        })
    }

    /// The predicate's value on `node`; `None` when `node` is not an
    /// element (the evaluator then answers).
    pub fn test(&self, node: XNode<'_>) -> Option<bool> {
        if !node.is_element() {
            return None;
        }
        let (ns, local) = node.expanded_name()?;
        Some(self.on_name(ns, local))
    }

    fn on_name(&self, ns: &str, local: &str) -> bool {
        match self {
            Self::LocalName(f, s) => match f {
                Builtin::EndsWith => local.ends_with(s.as_str()),
                Builtin::StartsWith => local.starts_with(s.as_str()),
                _ => local.contains(s.as_str()),
            },
            Self::LocalNameIs(s) => local == s,
            // The self axis's principal node kind is element.
            Self::SelfIs(test) => match test {
                NodeTest::Kind(k) => matches!(k, KindTest::AnyNode | KindTest::Element),
                _ => crate::eval::name_matches(test, ns, local),
            },
            Self::Not(a) => !a.on_name(ns, local),
            Self::And(a, b) => a.on_name(ns, local) && b.on_name(ns, local),
            Self::Or(a, b) => a.on_name(ns, local) || b.on_name(ns, local),
        }
    }
}
