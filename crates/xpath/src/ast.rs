//! Compiled expression tree. Names are resolved to namespace URIs and
//! variables to numeric slots at compile time.

use regex::Regex;
use rust_decimal::Decimal;

use crate::functions::Builtin;

/// A compiled XPath expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// String literal.
    Str(String),
    /// Integer literal.
    Int(i64),
    /// Decimal literal.
    Dec(Decimal),
    /// Double literal.
    Dbl(f64),
    /// `()`, `(a, b, ...)`.
    Sequence(Vec<Expr>),
    /// `$name`, by slot.
    Var(VarId),
    /// `.`
    ContextItem,
    /// A path: start then steps.
    Path(Box<Path>),
    /// `base[pred]...`
    Filter(Box<Expr>, Vec<Expr>),
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// General comparison (`=`, `!=`, `<`...), existential.
    General(CmpOp, Box<Expr>, Box<Expr>),
    /// Value comparison (`eq`, `ne`, `lt`...).
    Value(CmpOp, Box<Expr>, Box<Expr>),
    /// Node comparison `is`, `<<`, `>>`.
    NodeCmp(NodeCmpOp, Box<Expr>, Box<Expr>),
    /// Arithmetic.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// Unary minus.
    Neg(Box<Expr>),
    /// `a to b`
    Range(Box<Expr>, Box<Expr>),
    /// `a | b`, `a union b`.
    Union(Box<Expr>, Box<Expr>),
    /// `a intersect b` (true) or `a except b` (false).
    IntersectExcept(bool, Box<Expr>, Box<Expr>),
    /// `if (c) then a else b`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `for $v in e, ... return r`
    For(Vec<(VarId, Expr)>, Box<Expr>),
    /// `some`/`every` (true for every) `$v in e, ... satisfies t`
    Quantified(bool, Vec<(VarId, Expr)>, Box<Expr>),
    /// Built-in function call.
    Call(Builtin, Vec<Expr>),
    /// `matches`/`replace`/`tokenize` with a literal pattern compiled once.
    RegexCall(Builtin, Vec<Expr>, Box<Regex>),
    /// Call to a stylesheet function (`xsl:function`), by index.
    UserCall(usize, Vec<Expr>),
    /// `e cast as T` / `e castable as T` (true for castable); `bool` = `?` allowed.
    Cast(bool, AtomicType, bool, Box<Expr>),
    /// `e instance of T`.
    InstanceOf(Box<Expr>, SeqType),
    /// True when the string value of some item of `e` is in the set: the
    /// compiled form of a code-list lookup such as
    /// `document('codedb.xml')/codedb/cl[@id=4]/enumeration[@value=$v]`
    /// used as a boolean (built by the rules loader, never by the parser).
    StringIn(Box<Expr>, std::sync::Arc<std::collections::HashSet<String>>),
    /// `contains(' A B C ', concat(' ', x, ' '))`: the CEN way of testing
    /// a code list, a substring search over a literal of thousands of codes.
    /// Built by the parser; a one-token `x` is answered by a hash lookup.
    TokenIn(Box<Expr>, std::sync::Arc<TokenList>),
}

/// The literal of a [`Expr::TokenIn`] and the tokens that have a space on
/// both sides in it.
pub struct TokenList {
    text: String,
    tokens: rustc_hash::FxHashSet<String>,
}

impl TokenList {
    /// Splits `text` on single spaces; the pieces before the first and after
    /// the last space are not bounded by spaces on both sides, so they are
    /// left out.
    pub fn new(text: String) -> Self {
        let mut pieces: Vec<&str> = text.split(' ').collect();
        // The first and last pieces lack a leading or trailing space.
        pieces.pop();
        let tokens = pieces
            .into_iter()
            .skip(1)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        Self { text, tokens }
    }

    /// `contains(text, concat(' ', value, ' '))`, exactly.
    pub fn contains_spaced(&self, value: &str) -> bool {
        if !value.is_empty() && !value.contains(' ') {
            // Bounded by spaces and holding none, a match is a whole token.
            return self.tokens.contains(value);
        }
        self.text.contains(&format!(" {value} "))
    }
}

impl std::fmt::Debug for TokenList {
    // The literal decides the set: equal texts evaluate equally (memo keys
    // are built from this form).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("TokenList").field(&self.text).finish()
    }
}

impl Expr {
    /// The expressions directly inside this one, in order (for a `for` or
    /// quantified expression: the binding sequences, then the body).
    pub fn children(&self) -> Vec<&Expr> {
        fn steps<'e>(steps: &'e [Step], out: &mut Vec<&'e Expr>) {
            for s in steps {
                match s {
                    Step::Axis(_, _, preds) => out.extend(preds),
                    Step::Expr(e) => out.push(e),
                }
            }
        }
        let mut out = Vec::new();
        match self {
            Expr::Str(_)
            | Expr::Int(_)
            | Expr::Dec(_)
            | Expr::Dbl(_)
            | Expr::Var(_)
            | Expr::ContextItem => {}
            Expr::Sequence(v)
            | Expr::Call(_, v)
            | Expr::RegexCall(_, v, _)
            | Expr::UserCall(_, v) => {
                out.extend(v);
            }
            Expr::Path(p) => {
                if let PathStart::Expr(x) = &p.start {
                    out.push(x);
                }
                steps(&p.steps, &mut out);
            }
            Expr::Filter(b, preds) => {
                out.push(b);
                out.extend(preds);
            }
            Expr::Or(a, b)
            | Expr::And(a, b)
            | Expr::General(_, a, b)
            | Expr::Value(_, a, b)
            | Expr::NodeCmp(_, a, b)
            | Expr::Arith(_, a, b)
            | Expr::Range(a, b)
            | Expr::Union(a, b)
            | Expr::IntersectExcept(_, a, b) => out.extend([&**a, &**b]),
            Expr::Neg(a)
            | Expr::Cast(_, _, _, a)
            | Expr::InstanceOf(a, _)
            | Expr::StringIn(a, _)
            | Expr::TokenIn(a, _) => {
                out.push(a);
            }
            Expr::If(a, b, c) => out.extend([&**a, &**b, &**c]),
            Expr::For(binds, body) | Expr::Quantified(_, binds, body) => {
                out.extend(binds.iter().map(|(_, e)| e));
                out.push(body);
            }
        }
        out
    }

    /// True if the value of this expression depends only on its context
    /// node and the document: no variables but its own `for`/`some`/`every`
    /// bindings, no `current()`, stylesheet functions, `document()`,
    /// compiled code lists, `position()` or `last()`. Such a value can be
    /// reused for the same node, whichever rule asks for it.
    pub fn context_only(&self) -> bool {
        context_only_with(self, &mut Vec::new())
    }

    /// True when [`Evaluator::eval_bool`](crate::Evaluator::eval_bool)
    /// answers this without building any value: `true()`, `false()`, a
    /// child-only path, `exists`/`empty` of one, `count` of one compared
    /// with an integer literal, and `not`, `and`, `or` of those. Storing
    /// such an answer for reuse costs more than finding it again.
    pub fn is_direct(&self) -> bool {
        match self {
            Expr::Call(Builtin::True | Builtin::False, _) => true,
            Expr::Call(Builtin::Not, args) => matches!(args.as_slice(), [a] if a.is_direct()),
            Expr::Call(Builtin::Exists | Builtin::Empty, args) => {
                matches!(args.as_slice(), [Expr::Path(p)] if p.child_only)
            }
            Expr::Path(p) => p.child_only,
            Expr::General(..) => self.counted_children().is_some(),
            Expr::Or(a, b) | Expr::And(a, b) => a.is_direct() && b.is_direct(),
            _ => false,
        }
    }

    /// `count(p) op n` with `p` a child-only path and `n` an integer
    /// literal (`count(ram:ID) = 1`, `count(ram:Note) <= 1`): its parts.
    pub(crate) fn counted_children(&self) -> Option<(CmpOp, &Path, i64)> {
        let Expr::General(op, l, r) = self else {
            return None;
        };
        let (Expr::Call(Builtin::Count, args), Expr::Int(n)) = (&**l, &**r) else {
            return None;
        };
        match args.as_slice() {
            [Expr::Path(p)] if p.child_only => Some((*op, p, *n)),
            _ => None,
        }
    }

    /// True if, used as a predicate, this expression could evaluate to a
    /// number (and so select by position).
    pub fn maybe_numeric(&self) -> bool {
        crate::parser::maybe_numeric(self)
    }
}

fn context_only_with(e: &Expr, bound: &mut Vec<VarId>) -> bool {
    match e {
        Expr::Var(id) => bound.contains(id),
        Expr::UserCall(..)
        | Expr::StringIn(..)
        | Expr::Call(Builtin::Current | Builtin::Document | Builtin::Position | Builtin::Last, _) => {
            false
        }
        Expr::For(binds, body) | Expr::Quantified(_, binds, body) => {
            let mark = bound.len();
            let mut ok = true;
            for (id, b) in binds {
                ok = ok && context_only_with(b, bound);
                bound.push(*id);
            }
            ok = ok && context_only_with(body, bound);
            bound.truncate(mark);
            ok
        }
        _ => e
            .children()
            .into_iter()
            .all(|c| context_only_with(c, bound)),
    }
}

/// A variable slot.
pub type VarId = u32;

/// General and value comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=` / `eq`
    Eq,
    /// `!=` / `ne`
    Ne,
    /// `<` / `lt`
    Lt,
    /// `<=` / `le`
    Le,
    /// `>` / `gt`
    Gt,
    /// `>=` / `ge`
    Ge,
}

/// Node comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeCmpOp {
    /// `is`
    Is,
    /// `<<`
    Precedes,
    /// `>>`
    Follows,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `div`
    Div,
    /// `idiv`
    IDiv,
    /// `mod`
    Mod,
}

/// Atomic types usable in casts and sequence types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomicType {
    /// xs:string
    String,
    /// xs:decimal
    Decimal,
    /// xs:integer
    Integer,
    /// xs:double
    Double,
    /// xs:boolean
    Boolean,
    /// xs:untypedAtomic
    Untyped,
    /// xs:anyAtomicType
    AnyAtomic,
}

/// A sequence type (`xs:string?`, `element()*`...).
#[derive(Debug, Clone, PartialEq)]
pub struct SeqType {
    /// The item type; `None` means `empty-sequence()`.
    pub item: Option<ItemType>,
    /// `?`, `*`, `+` or exactly one.
    pub occurrence: Occurrence,
}

/// The item part of a sequence type.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemType {
    /// An atomic type.
    Atomic(AtomicType),
    /// A node kind test.
    Node(KindTest),
    /// `item()`
    Item,
}

/// Occurrence indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// exactly one
    One,
    /// `?`
    Optional,
    /// `*`
    Many,
    /// `+`
    OneOrMore,
}

/// Where a path starts.
#[derive(Debug, Clone)]
pub enum PathStart {
    /// `/...`: the root of the context node's tree.
    Root,
    /// Relative: the context item.
    Context,
    /// A primary expression (`$v/...`, `f()/...`).
    Expr(Expr),
}

/// A path expression.
#[derive(Debug, Clone)]
pub struct Path {
    /// The start.
    pub start: PathStart,
    /// The steps, applied left to right.
    pub steps: Vec<Step>,
    /// For an absolute path, how many leading steps use no variable and no
    /// `current()`: the nodes they select depend only on the document, so
    /// an evaluator may reuse them (all steps: the whole value).
    pub constant_steps: usize,
    /// True for a relative path of child steps (the last may be an
    /// attribute step) without predicates, such as `ram:A/ram:B/@c`: its
    /// nodes can be counted without building sequences.
    pub child_only: bool,
}

/// One step of a path.
#[derive(Debug, Clone)]
pub enum Step {
    /// `axis::test[preds]`
    Axis(Axis, NodeTest, Vec<Expr>),
    /// Any other expression used as a step (`.../xs:decimal(ram:X)`).
    Expr(Expr),
}

/// XPath axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// child::
    Child,
    /// descendant::
    Descendant,
    /// descendant-or-self::
    DescendantOrSelf,
    /// attribute::
    Attribute,
    /// self::
    SelfAxis,
    /// parent::
    Parent,
    /// ancestor::
    Ancestor,
    /// ancestor-or-self::
    AncestorOrSelf,
    /// following-sibling::
    FollowingSibling,
    /// preceding-sibling::
    PrecedingSibling,
    /// following::
    Following,
    /// preceding::
    Preceding,
}

/// A node test.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeTest {
    /// A name test; `None` parts are wildcards. The namespace `Some("")` is
    /// "no namespace".
    Name {
        /// Namespace URI, or `None` for `*:local`.
        ns: Option<String>,
        /// Local name, or `None` for `prefix:*`.
        local: Option<String>,
        /// The name's number (see `names.rs`), [`crate::names::NO_NAME`]
        /// when a part is a wildcard.
        id: u32,
    },
    /// `*` (any name of the axis's principal kind).
    Any,
    /// A kind test.
    Kind(KindTest),
}

/// Node kind tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindTest {
    /// node()
    AnyNode,
    /// text()
    Text,
    /// element()
    Element,
    /// attribute()
    Attribute,
    /// comment()
    Comment,
    /// processing-instruction()
    Pi,
    /// document-node()
    Document,
}

/// A stylesheet function (`xsl:function`): typed parameters, local
/// variables, and the `xsl:sequence` result expression.
#[derive(Debug, Clone)]
pub struct Function {
    /// The function's name as written, for messages.
    pub name: String,
    /// Parameters with their declared types (`None` = untyped).
    pub params: Vec<(VarId, Option<SeqType>)>,
    /// Local `xsl:variable`s, in order.
    pub lets: Vec<(VarId, Expr)>,
    /// The result.
    pub body: Expr,
}
