//! The built-in functions the official rule files call.

use std::borrow::Cow;

use regex::Regex;
use rust_decimal::Decimal;

use crate::ast::Expr;
use crate::error::Error;
use crate::eval::{Evaluator, Focus};
use crate::value::{Atomic, Item, Num, Seq, XNode, parse_double};

/// The XPath functions namespace.
pub const FN_NS: &str = "http://www.w3.org/2005/xpath-functions";

/// Built-in functions.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Not,
    True,
    False,
    Boolean,
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Round,
    Abs,
    Floor,
    Ceiling,
    Number,
    String,
    NormalizeSpace,
    StringLength,
    Substring,
    SubstringBefore,
    SubstringAfter,
    Contains,
    StartsWith,
    EndsWith,
    Concat,
    StringJoin,
    UpperCase,
    LowerCase,
    Translate,
    Matches,
    Replace,
    Tokenize,
    Exists,
    Empty,
    DistinctValues,
    IndexOf,
    Reverse,
    Subsequence,
    LocalName,
    Name,
    NamespaceUri,
    Root,
    Data,
    Position,
    Last,
    Current,
    Document,
    DocumentUri,
    CastDecimal,
    CastString,
    CastDouble,
    CastInteger,
    CastBoolean,
}

impl Builtin {
    /// Finds a function by expanded name and arity.
    pub fn lookup(ns: &str, local: &str, arity: usize) -> Option<Builtin> {
        use Builtin::*;
        if ns == crate::parser::XS_NS {
            return (arity == 1).then_some(match local {
                "decimal" => CastDecimal,
                "string" => CastString,
                "double" => CastDouble,
                "integer" => CastInteger,
                "boolean" => CastBoolean,
                _ => return None,
            });
        }
        if ns != FN_NS {
            return None;
        }
        let (f, min, max) = match local {
            "not" => (Not, 1, 1),
            "true" => (True, 0, 0),
            "false" => (False, 0, 0),
            "boolean" => (Boolean, 1, 1),
            "count" => (Count, 1, 1),
            "sum" => (Sum, 1, 2),
            "avg" => (Avg, 1, 1),
            "min" => (Min, 1, 1),
            "max" => (Max, 1, 1),
            "round" => (Round, 1, 1),
            "abs" => (Abs, 1, 1),
            "floor" => (Floor, 1, 1),
            "ceiling" => (Ceiling, 1, 1),
            "number" => (Number, 0, 1),
            "string" => (String, 0, 1),
            "normalize-space" => (NormalizeSpace, 0, 1),
            "string-length" => (StringLength, 0, 1),
            "substring" => (Substring, 2, 3),
            "substring-before" => (SubstringBefore, 2, 2),
            "substring-after" => (SubstringAfter, 2, 2),
            "contains" => (Contains, 2, 2),
            "starts-with" => (StartsWith, 2, 2),
            "ends-with" => (EndsWith, 2, 2),
            "concat" => (Concat, 2, usize::MAX),
            "string-join" => (StringJoin, 2, 2),
            "upper-case" => (UpperCase, 1, 1),
            "lower-case" => (LowerCase, 1, 1),
            "translate" => (Translate, 3, 3),
            "matches" => (Matches, 2, 3),
            "replace" => (Replace, 3, 4),
            "tokenize" => (Tokenize, 2, 3),
            "exists" => (Exists, 1, 1),
            "empty" => (Empty, 1, 1),
            "distinct-values" => (DistinctValues, 1, 1),
            "index-of" => (IndexOf, 2, 2),
            "reverse" => (Reverse, 1, 1),
            "subsequence" => (Subsequence, 2, 3),
            "local-name" => (LocalName, 0, 1),
            "name" => (Name, 0, 1),
            "namespace-uri" => (NamespaceUri, 0, 1),
            "root" => (Root, 0, 1),
            "data" => (Data, 1, 1),
            "position" => (Position, 0, 0),
            "last" => (Last, 0, 0),
            "current" => (Current, 0, 0),
            "document" => (Document, 1, 1),
            "document-uri" => (DocumentUri, 1, 1),
            _ => return None,
        };
        (min..=max).contains(&arity).then_some(f)
    }

    /// True when the function always returns a boolean or a string (never
    /// a number), so a predicate calling it is not positional.
    pub fn returns_boolean_or_string(self) -> bool {
        use Builtin::*;
        matches!(
            self,
            Not | True
                | False
                | Boolean
                | Contains
                | StartsWith
                | EndsWith
                | Matches
                | Exists
                | Empty
                | String
                | NormalizeSpace
                | Concat
                | UpperCase
                | LowerCase
                | Translate
                | SubstringAfter
                | SubstringBefore
                | Substring
                | LocalName
                | Name
                | CastString
                | CastBoolean
        )
    }
}

/// Compiles an XPath regular expression with XPath flags.
pub fn compile_regex(pattern: &str, flags: &str) -> Result<Regex, Error> {
    let mut prefix = String::new();
    for f in flags.chars() {
        match f {
            'i' | 'm' | 's' | 'x' => {
                prefix.push_str("(?");
                prefix.push(f);
                prefix.push(')');
            }
            _ => {
                return Err(Error::dynamic(
                    "FORX0001",
                    format!("invalid regex flag {f:?}"),
                ));
            }
        }
    }
    let translated = xpath_regex_to_rust(pattern)?;
    Regex::new(&format!("{prefix}{translated}"))
        .map_err(|e| Error::dynamic("FORX0002", format!("invalid regex {pattern:?}: {e}")))
}

/// The white space of XML Schema regular expressions: `\s` is these four
/// characters only, where the regex crate's `\s` is all of Unicode's white
/// space (it would match a no-break space, which the rules must refuse).
const XSD_SPACE: &str = r"\x20\t\n\r";

/// Rewrites the escapes whose meaning differs between XML Schema regular
/// expressions (XPath 2.0 F&O 7.6.1) and the regex crate: `\s` and `\S`.
/// The others the rule files use (`\d`, `\.`, classes, groups, counts)
/// mean the same in both.
fn xpath_regex_to_rust(pattern: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if in_class => out.push_str(XSD_SPACE),
                Some('s') => {
                    out.push('[');
                    out.push_str(XSD_SPACE);
                    out.push(']');
                }
                Some('S') if in_class => {
                    return Err(Error::dynamic(
                        "FORX0002",
                        format!("unsupported \\S inside a character class in {pattern:?}"),
                    ));
                }
                Some('S') => {
                    out.push_str("[^");
                    out.push_str(XSD_SPACE);
                    out.push(']');
                }
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` or `^]` right after the opening bracket is literal.
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// XPath replacement string (`$1`, `\$`, `\\`) to the regex crate's syntax.
fn replacement(rep: &str) -> String {
    let mut out = String::new();
    let mut chars = rep.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(o) => out.push(o),
                None => {}
            },
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push_str(&format!("${{{digits}}}"));
            }
            o => out.push(o),
        }
    }
    out
}

/// XPath `round()` on a double: halves go towards positive infinity.
pub(crate) fn round_f64(f: f64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    let r = (f + 0.5).floor();
    if r == 0.0 && f < 0.0 { -0.0 } else { r }
}

fn round_dec(d: Decimal) -> Decimal {
    (d + Decimal::new(5, 1)).floor()
}

/// XML white space (space, tab, LF, CR): what `normalize-space` collapses.
pub(crate) const XML_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// Collapses XML white space.
pub fn normalize_space(s: &str) -> String {
    normalized(Cow::Borrowed(s)).into_owned()
}

/// `s` with white space collapsed, as `normalize-space`; text that is
/// already collapsed (most values) is returned as it came, uncopied.
pub(crate) fn normalized(s: Cow<'_, str>) -> Cow<'_, str> {
    let b = s.as_bytes();
    let collapsed = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.iter().enumerate().any(|(i, &c)| {
            matches!(c, b'\t' | b'\n' | b'\r') || (c == b' ' && b.get(i + 1) == Some(&b' '))
        });
    if collapsed {
        return s;
    }
    Cow::Owned(collapse(&s))
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(XML_SPACE).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn b<'a>(v: bool) -> Seq<'a> {
    smallvec::smallvec![Item::Atomic(Atomic::Bool(v))]
}

fn s<'a>(v: Cow<'a, str>) -> Seq<'a> {
    smallvec::smallvec![Item::Atomic(Atomic::Str(v))]
}

fn one<'a>(a: Atomic<'a>) -> Seq<'a> {
    smallvec::smallvec![Item::Atomic(a)]
}

impl<'a> Evaluator<'a> {
    /// Evaluates a call to a built-in function.
    pub(crate) fn call(
        &mut self,
        f: Builtin,
        args: &'a [Expr],
        regex: Option<&'a Regex>,
        focus: &Focus<'a>,
    ) -> Result<Seq<'a>, Error> {
        use Builtin::*;
        let arg = |i: usize| args.get(i).ok_or(Error::Unreachable("missing argument"));
        Ok(match f {
            Not => b(!self.eval_bool(arg(0)?, focus)?),
            True => b(true),
            False => b(false),
            Boolean => b(self.eval_bool(arg(0)?, focus)?),
            Count => {
                let a = arg(0)?;
                let fast = match a {
                    Expr::Path(p) => crate::eval::count_child_path(p, focus, usize::MAX, self),
                    _ => None,
                };
                let n = match fast {
                    Some(n) => n,
                    None => self.eval(a, focus)?.len(),
                };
                one(Atomic::Int(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            Sum => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                if items.is_empty() {
                    return match args.get(1) {
                        Some(z) => self.eval(z, focus),
                        None => Ok(one(Atomic::Int(0))),
                    };
                }
                let mut acc: Option<Num> = None;
                for a in items {
                    let n = num_of(&a)?;
                    acc = Some(match acc {
                        None => n,
                        Some(x) => crate::eval::arith_num(crate::ast::ArithOp::Add, x, n)?,
                    });
                }
                acc.map_or_else(Seq::new, |n| one(n.into_atomic()))
            }
            Avg => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                if items.is_empty() {
                    return Ok(smallvec::smallvec![]);
                }
                let count = items.len();
                let mut acc: Option<Num> = None;
                for a in items {
                    let n = num_of(&a)?;
                    acc = Some(match acc {
                        None => n,
                        Some(x) => crate::eval::arith_num(crate::ast::ArithOp::Add, x, n)?,
                    });
                }
                match acc {
                    Some(total) => one(crate::eval::arith_num(
                        crate::ast::ArithOp::Div,
                        total,
                        Num::Int(i64::try_from(count).unwrap_or(i64::MAX)),
                    )?
                    .into_atomic()),
                    None => smallvec::smallvec![],
                }
            }
            Min | Max => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                let mut best: Option<Atomic<'a>> = None;
                for a in items {
                    let a = match a {
                        Atomic::Untyped(t) => Atomic::Dbl(Atomic::Untyped(t).to_double()?),
                        o => o,
                    };
                    best = Some(match best {
                        None => a,
                        Some(cur) => {
                            let ord = crate::eval::compare_values(&a, &cur)?;
                            let better = match ord {
                                Some(o) => (f == Min && o.is_lt()) || (f == Max && o.is_gt()),
                                None => true,
                            };
                            if better { a } else { cur }
                        }
                    });
                }
                best.map_or_else(Seq::new, one)
            }
            Round | Abs | Floor | Ceiling => {
                let Some(a) = self.atomize_opt(arg(0)?, focus)? else {
                    return Ok(smallvec::smallvec![]);
                };
                let n = num_of(&a)?;
                one(match n {
                    Num::Int(i) => Num::Int(if f == Abs { i.abs() } else { i }),
                    Num::Dec(d) => Num::Dec(match f {
                        Round => round_dec(d),
                        Abs => d.abs(),
                        Floor => d.floor(),
                        _ => d.ceil(),
                    }),
                    Num::Dbl(x) => Num::Dbl(match f {
                        Round => round_f64(x),
                        Abs => x.abs(),
                        Floor => x.floor(),
                        _ => x.ceil(),
                    }),
                }
                .into_atomic())
            }
            Number => {
                let a = match args.first() {
                    Some(e) => self.atomize_opt(e, focus)?,
                    None => self.context_atomic(focus)?,
                };
                one(Atomic::Dbl(match a {
                    None => f64::NAN,
                    Some(Atomic::Str(t) | Atomic::Untyped(t)) => {
                        parse_double(&t).unwrap_or(f64::NAN)
                    }
                    Some(o) => o.to_double().unwrap_or(f64::NAN),
                }))
            }
            String | NormalizeSpace | Substring | SubstringBefore | SubstringAfter | Concat
            | UpperCase | LowerCase | Translate => s(self
                .string_call(f, args, focus)?
                .ok_or(Error::Unreachable("string function"))?),
            StringLength => {
                let t = self.string_arg(args.first(), focus)?;
                one(Atomic::Int(
                    i64::try_from(t.chars().count()).unwrap_or(i64::MAX),
                ))
            }
            Contains | StartsWith | EndsWith => b(self.string_test(f, args, focus)?),
            StringJoin => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                let sep = self.string_arg(Some(arg(1)?), focus)?;
                let parts: Vec<Cow<'a, str>> = items.iter().map(Atomic::to_str).collect();
                s(Cow::Owned(parts.join(sep.as_ref())))
            }
            Matches | Replace | Tokenize => {
                let input = self.string_arg(Some(arg(0)?), focus)?;
                let flags_idx = if f == Replace { 3 } else { 2 };
                let compiled;
                let re = match regex {
                    Some(r) if args.get(flags_idx).is_none() => r,
                    _ => {
                        let pattern = self.string_arg(Some(arg(1)?), focus)?;
                        let flags = match args.get(flags_idx) {
                            Some(e) => self.string_arg(Some(e), focus)?.into_owned(),
                            None => std::string::String::new(),
                        };
                        compiled = compile_regex(&pattern, &flags)?;
                        &compiled
                    }
                };
                match f {
                    Matches => b(re.is_match(&input)),
                    Replace => {
                        let rep = self.string_arg(Some(arg(2)?), focus)?;
                        s(Cow::Owned(
                            re.replace_all(&input, replacement(&rep).as_str())
                                .into_owned(),
                        ))
                    }
                    _ => {
                        if input.is_empty() {
                            return Ok(smallvec::smallvec![]);
                        }
                        re.split(&input)
                            .map(|p| Item::Atomic(Atomic::Str(Cow::Owned(p.to_string()))))
                            .collect()
                    }
                }
            }
            Exists => b(!self.eval(arg(0)?, focus)?.is_empty()),
            Empty => b(self.eval(arg(0)?, focus)?.is_empty()),
            DistinctValues => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                let mut out: Vec<Atomic<'a>> = Vec::new();
                for a in items {
                    let a = match a {
                        Atomic::Untyped(t) => Atomic::Str(t),
                        o => o,
                    };
                    let mut dup = false;
                    for o in &out {
                        if crate::eval::distinct_eq(o, &a) {
                            dup = true;
                            break;
                        }
                    }
                    if !dup {
                        out.push(a);
                    }
                }
                out.into_iter().map(Item::Atomic).collect()
            }
            IndexOf => {
                let items = self.atomize_expr(arg(0)?, focus)?;
                let Some(search) = self.atomize_opt(arg(1)?, focus)? else {
                    return Ok(smallvec::smallvec![]);
                };
                let search = match search {
                    Atomic::Untyped(t) => Atomic::Str(t),
                    o => o,
                };
                let mut out = Seq::new();
                for (i, a) in items.into_iter().enumerate() {
                    let a = match a {
                        Atomic::Untyped(t) => Atomic::Str(t),
                        o => o,
                    };
                    if crate::eval::distinct_eq(&a, &search) {
                        out.push(Item::Atomic(Atomic::Int(i64::try_from(i + 1).unwrap_or(0))));
                    }
                }
                out
            }
            Reverse => {
                let mut v = self.eval(arg(0)?, focus)?;
                v.reverse();
                v
            }
            Subsequence => {
                let v = self.eval(arg(0)?, focus)?;
                let start = round_f64(self.double_arg(arg(1)?, focus)?);
                let end = match args.get(2) {
                    Some(e) => start + round_f64(self.double_arg(e, focus)?),
                    None => f64::INFINITY,
                };
                v.into_iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        let p = (*i + 1) as f64;
                        p >= start && p < end
                    })
                    .map(|(_, x)| x)
                    .collect()
            }
            LocalName | Name | NamespaceUri => {
                let node = match args.first() {
                    Some(e) => match self.eval(e, focus)?.into_iter().next() {
                        Some(Item::Node(n)) => Some(n),
                        Some(Item::Atomic(_)) => {
                            return Err(Error::dynamic("XPTY0004", "node expected"));
                        }
                        None => None,
                    },
                    None => Some(focus.node()?),
                };
                let Some(n) = node else {
                    return Ok(s(Cow::Borrowed("")));
                };
                let (ns, local) = n.expanded_name().unwrap_or(("", ""));
                s(match f {
                    LocalName => Cow::Borrowed(local),
                    NamespaceUri => Cow::Borrowed(ns),
                    _ => Cow::Owned(n.qualified_name()),
                })
            }
            Root => {
                let n = match args.first() {
                    Some(e) => match self.eval(e, focus)?.into_iter().next() {
                        Some(Item::Node(n)) => n,
                        _ => return Ok(smallvec::smallvec![]),
                    },
                    None => focus.node()?,
                };
                smallvec::smallvec![Item::Node(XNode::new(n.node.document().root()))]
            }
            Data => self
                .atomize_expr(arg(0)?, focus)?
                .into_iter()
                .map(Item::Atomic)
                .collect(),
            Position => one(Atomic::Int(i64::try_from(focus.pos).unwrap_or(0))),
            Last => one(Atomic::Int(i64::try_from(focus.size).unwrap_or(0))),
            Current => match self.current {
                Some(n) => smallvec::smallvec![Item::Node(n)],
                None => {
                    return Err(Error::dynamic(
                        "XTDE1360",
                        "current() without a current node",
                    ));
                }
            },
            Document => {
                let uri = self.string_arg(Some(arg(0)?), focus)?;
                match self.document(&uri) {
                    Some(n) => smallvec::smallvec![Item::Node(n)],
                    None => {
                        return Err(Error::dynamic(
                            "FODC0002",
                            format!("document {uri:?} is not available"),
                        ));
                    }
                }
            }
            DocumentUri => s(Cow::Borrowed("")),
            CastDecimal | CastString | CastDouble | CastInteger | CastBoolean => {
                let Some(a) = self.atomize_opt(arg(0)?, focus)? else {
                    return Ok(smallvec::smallvec![]);
                };
                one(match f {
                    CastDecimal => Atomic::Dec(a.to_decimal()?),
                    CastString => Atomic::Str(a.into_str()),
                    CastDouble => Atomic::Dbl(a.to_double()?),
                    CastInteger => Atomic::Int(a.to_integer()?),
                    _ => Atomic::Bool(a.to_boolean()?),
                })
            }
        })
    }

    /// `string(arg)` semantics; the context item when `arg` is absent.
    /// The value of a call to a built-in that returns one string, without
    /// wrapping it in a sequence (a string argument of another function
    /// reads it directly); `None` for the other built-ins.
    pub(crate) fn string_call(
        &mut self,
        f: Builtin,
        args: &'a [Expr],
        focus: &Focus<'a>,
    ) -> Result<Option<Cow<'a, str>>, Error> {
        use Builtin::*;
        let arg = |i: usize| args.get(i).ok_or(Error::Unreachable("missing argument"));
        Ok(Some(match f {
            String => self.string_arg(args.first(), focus)?,
            NormalizeSpace => normalized(self.string_arg(args.first(), focus)?),
            Substring => {
                let t = self.string_arg(Some(arg(0)?), focus)?;
                let start = self.double_arg(arg(1)?, focus)?;
                let len = match args.get(2) {
                    Some(e) => Some(self.double_arg(e, focus)?),
                    None => None,
                };
                Cow::Owned(substring(&t, start, len))
            }
            SubstringBefore | SubstringAfter => {
                let t = self.string_arg(Some(arg(0)?), focus)?;
                let p = self.string_arg(Some(arg(1)?), focus)?;
                Cow::Owned(match t.find(p.as_ref()) {
                    Some(i) if f == SubstringBefore => t.get(..i).unwrap_or("").to_string(),
                    Some(i) => t.get(i + p.len()..).unwrap_or("").to_string(),
                    None => std::string::String::new(),
                })
            }
            Concat => {
                let mut out = std::string::String::new();
                for e in args {
                    out.push_str(&self.string_arg(Some(e), focus)?);
                }
                Cow::Owned(out)
            }
            UpperCase => Cow::Owned(self.string_arg(Some(arg(0)?), focus)?.to_uppercase()),
            LowerCase => Cow::Owned(self.string_arg(Some(arg(0)?), focus)?.to_lowercase()),
            Translate => {
                let t = self.string_arg(Some(arg(0)?), focus)?;
                let from: Vec<char> = self.string_arg(Some(arg(1)?), focus)?.chars().collect();
                let to: Vec<char> = self.string_arg(Some(arg(2)?), focus)?.chars().collect();
                Cow::Owned(
                    t.chars()
                        .filter_map(|c| match from.iter().position(|&x| x == c) {
                            Some(i) => to.get(i).copied(),
                            None => Some(c),
                        })
                        .collect(),
                )
            }
            _ => return Ok(None),
        }))
    }

    /// `contains`, `starts-with` or `ends-with` (`f`) of `args`.
    pub(crate) fn string_test(
        &mut self,
        f: Builtin,
        args: &'a [Expr],
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let arg = |i: usize| args.get(i).ok_or(Error::Unreachable("missing argument"));
        let t = self.string_arg(Some(arg(0)?), focus)?;
        let p = self.string_arg(Some(arg(1)?), focus)?;
        Ok(match f {
            Builtin::Contains => t.contains(p.as_ref()),
            Builtin::StartsWith => t.starts_with(p.as_ref()),
            _ => t.ends_with(p.as_ref()),
        })
    }

    pub(crate) fn string_arg(
        &mut self,
        arg: Option<&'a Expr>,
        focus: &Focus<'a>,
    ) -> Result<Cow<'a, str>, Error> {
        if let Some(Expr::Call(f, args)) = arg {
            if let Some(t) = self.string_call(*f, args, focus)? {
                return Ok(t);
            }
        }
        let a = match arg {
            Some(e) => self.atomize_opt(e, focus)?,
            None => self.context_atomic(focus)?,
        };
        Ok(a.map_or(Cow::Borrowed(""), Atomic::into_str))
    }

    fn double_arg(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<f64, Error> {
        match self.atomize_opt(e, focus)? {
            Some(a) => Ok(num_of(&a)?.to_f64()),
            None => Ok(f64::NAN),
        }
    }

    fn context_atomic(&mut self, focus: &Focus<'a>) -> Result<Option<Atomic<'a>>, Error> {
        match &focus.item {
            Some(Item::Node(n)) => Ok(Some(Atomic::Untyped(n.string_value()))),
            Some(Item::Atomic(a)) => Ok(Some(a.clone())),
            None => Err(Error::dynamic("XPDY0002", "no context item")),
        }
    }
}

/// The numeric value of an atomic for arithmetic (untyped becomes double).
pub(crate) fn num_of(a: &Atomic<'_>) -> Result<Num, Error> {
    match a {
        Atomic::Untyped(_) => Ok(Num::Dbl(a.to_double()?)),
        o => o
            .as_num()
            .ok_or_else(|| Error::dynamic("XPTY0004", format!("{} is not a number", o.to_str()))),
    }
}

fn substring(t: &str, start: f64, len: Option<f64>) -> String {
    let first = round_f64(start);
    let end = match len {
        Some(l) => first + round_f64(l),
        None => f64::INFINITY,
    };
    if first.is_nan() || end.is_nan() {
        return String::new();
    }
    t.chars()
        .enumerate()
        .filter(|(i, _)| {
            let p = (*i + 1) as f64;
            p >= first && p < end
        })
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn xpath_round_goes_up_on_halves() {
        assert_eq!(round_f64(2.5), 3.0);
        assert_eq!(round_f64(-2.5), -2.0);
        assert_eq!(round_dec(Decimal::new(-25, 1)), Decimal::new(-2, 0));
    }

    #[test]
    fn collapsed_text_is_returned_uncopied_and_the_rest_collapsed() {
        for (text, want) in [
            ("", ""),
            ("C62", "C62"),
            ("a b c", "a b c"),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("\n a \r\n b \t", "a b"),
            ("   ", ""),
            ("é  ü", "é ü"),
        ] {
            let got = normalized(Cow::Borrowed(text));
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got, collapse(text), "{text:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), text == want, "{text:?}");
        }
    }

    #[test]
    fn substring_follows_xpath_positions() {
        assert_eq!(substring("12345", 1.5, Some(2.6)), "234");
        assert_eq!(substring("20250101", 1.0, Some(8.0)), "20250101");
        assert_eq!(substring("abc", 0.0, Some(2.0)), "a");
    }

    #[test]
    fn replacement_strings() {
        assert_eq!(replacement("$1-\\$"), "${1}-$$");
    }
}
