//! Run-time values: nodes, atomic values and sequences, with the XPath 2.0
//! casting and formatting rules the rule files depend on.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::tree::{Node, NodeType};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::Error;

/// A node of a document: an element, text, comment, PI or document node,
/// or one attribute of an element.
#[derive(Debug, Clone, Copy)]
pub struct XNode<'a> {
    /// The tree node (for an attribute: its owner element).
    pub node: Node<'a, 'a>,
    /// `Some(i)` for the `i`-th attribute of `node`.
    pub attr: Option<u16>,
}

impl PartialEq for XNode<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.order_key() == other.order_key()
    }
}

impl Eq for XNode<'_> {}

impl<'a> XNode<'a> {
    /// A tree node.
    pub fn new(node: Node<'a, 'a>) -> Self {
        XNode { node, attr: None }
    }

    /// Key giving document order (documents are ordered by address, which
    /// is stable while they live).
    pub fn order_key(&self) -> (usize, usize, u32) {
        let doc = std::ptr::from_ref(self.node.document()) as usize;
        (
            doc,
            self.node.id().get_usize(),
            self.attr.map_or(0, |i| u32::from(i) + 1),
        )
    }

    /// True for an attribute.
    pub fn is_attribute(&self) -> bool {
        self.attr.is_some()
    }

    /// True for an element.
    pub fn is_element(&self) -> bool {
        self.attr.is_none() && self.node.is_element()
    }

    /// The attribute, when this is one.
    pub fn attribute(&self) -> Option<crate::tree::Attribute<'a, 'a>> {
        self.attr
            .and_then(|i| self.node.attributes().nth(usize::from(i)))
    }

    /// Namespace URI and local name (elements and attributes).
    pub fn expanded_name(&self) -> Option<(&'a str, &'a str)> {
        if let Some(a) = self.attribute() {
            return Some((a.namespace().unwrap_or(""), a.name()));
        }
        if self.node.is_element() {
            let t = self.node.tag_name();
            return Some((t.namespace().unwrap_or(""), t.name()));
        }
        if self.node.node_type() == NodeType::PI {
            return self.node.pi().map(|p| ("", p.target));
        }
        None
    }

    /// The parent (an attribute's parent is its element).
    pub fn parent(&self) -> Option<XNode<'a>> {
        if self.attr.is_some() {
            return Some(XNode::new(self.node));
        }
        self.node.parent().map(XNode::new)
    }

    /// The string value.
    pub fn string_value(&self) -> Cow<'a, str> {
        if let Some(a) = self.attribute() {
            return Cow::Borrowed(a.value());
        }
        match self.node.node_type() {
            NodeType::Text | NodeType::Comment => Cow::Borrowed(self.node.text().unwrap_or("")),
            NodeType::PI => Cow::Borrowed(self.node.pi().and_then(|p| p.value).unwrap_or("")),
            NodeType::Element | NodeType::Root => {
                // Fast path: a single text child.
                let mut children = self.node.children();
                match (children.next(), children.next()) {
                    (None, _) => Cow::Borrowed(""),
                    (Some(c), None) if c.is_text() => Cow::Borrowed(c.text().unwrap_or("")),
                    _ => {
                        let mut s = String::new();
                        for d in self.node.descendants() {
                            if d.is_text() {
                                s.push_str(d.text().unwrap_or(""));
                            }
                        }
                        Cow::Owned(s)
                    }
                }
            }
        }
    }

    /// The name as written in the document (`ram:ID`): the value of
    /// `name()`, and the steps of locations.
    pub fn qualified_name(&self) -> String {
        let (prefix, local) = if let Some(a) = self.attribute() {
            (a.prefix(), a.name())
        } else if self.node.is_element() {
            (self.node.prefix(), self.node.tag_name().name())
        } else {
            return self
                .expanded_name()
                .map_or(String::new(), |(_, l)| l.to_string());
        };
        if prefix.is_empty() {
            local.to_string()
        } else {
            format!("{prefix}:{local}")
        }
    }
}

/// An atomic value.
#[derive(Debug, Clone)]
pub enum Atomic<'a> {
    /// xs:string
    Str(Cow<'a, str>),
    /// xs:untypedAtomic (the typed value of nodes in untyped documents)
    Untyped(Cow<'a, str>),
    /// xs:boolean
    Bool(bool),
    /// xs:integer
    Int(i64),
    /// xs:decimal
    Dec(Decimal),
    /// xs:double
    Dbl(f64),
}

/// An item of a sequence.
#[derive(Debug, Clone)]
pub enum Item<'a> {
    /// A node.
    Node(XNode<'a>),
    /// An atomic value.
    Atomic(Atomic<'a>),
}

/// A sequence (inline up to one item: most sequences have at most one).
pub type Seq<'a> = smallvec::SmallVec<[Item<'a>; 1]>;

/// An atomized sequence.
pub type Atoms<'a> = smallvec::SmallVec<[Atomic<'a>; 1]>;

/// A numeric value after promotion.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    Int(i64),
    Dec(Decimal),
    Dbl(f64),
}

impl Num {
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Dec(d) => d.to_f64().unwrap_or(f64::NAN),
            Num::Dbl(f) => f,
        }
    }

    pub(crate) fn to_dec(self) -> Option<Decimal> {
        match self {
            Num::Int(i) => Some(Decimal::from(i)),
            Num::Dec(d) => Some(d),
            Num::Dbl(f) => Decimal::from_f64_retain(f),
        }
    }

    pub(crate) fn into_atomic<'a>(self) -> Atomic<'a> {
        match self {
            Num::Int(i) => Atomic::Int(i),
            Num::Dec(d) => Atomic::Dec(d),
            Num::Dbl(f) => Atomic::Dbl(f),
        }
    }
}

impl<'a> Atomic<'a> {
    /// The numeric value, if this is a number.
    pub(crate) fn as_num(&self) -> Option<Num> {
        match self {
            Atomic::Int(i) => Some(Num::Int(*i)),
            Atomic::Dec(d) => Some(Num::Dec(*d)),
            Atomic::Dbl(f) => Some(Num::Dbl(*f)),
            _ => None,
        }
    }

    /// True for xs:integer, xs:decimal and xs:double.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Atomic::Int(_) | Atomic::Dec(_) | Atomic::Dbl(_))
    }

    /// The string value, taking the text of a string or untyped value
    /// instead of copying it.
    pub fn into_str(self) -> Cow<'a, str> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => s,
            other => other.to_str(),
        }
    }

    /// The string value (`xs:string` cast).
    pub fn to_str(&self) -> Cow<'a, str> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => s.clone(),
            Atomic::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Atomic::Int(i) => Cow::Owned(i.to_string()),
            Atomic::Dec(d) => Cow::Owned(format_decimal(*d)),
            Atomic::Dbl(f) => Cow::Owned(format_double(*f)),
        }
    }

    /// Casts to xs:double (for untyped values in arithmetic and comparisons).
    pub(crate) fn to_double(&self) -> Result<f64, Error> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => parse_double(s).ok_or_else(|| {
                Error::dynamic("FORG0001", format!("cannot cast {s:?} to xs:double"))
            }),
            Atomic::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
            Atomic::Int(i) => Ok(*i as f64),
            Atomic::Dec(d) => Ok(d.to_f64().unwrap_or(f64::NAN)),
            Atomic::Dbl(f) => Ok(*f),
        }
    }

    /// Casts to xs:decimal.
    pub(crate) fn to_decimal(&self) -> Result<Decimal, Error> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => parse_decimal(s).ok_or_else(|| {
                Error::dynamic("FORG0001", format!("cannot cast {s:?} to xs:decimal"))
            }),
            Atomic::Bool(b) => Ok(Decimal::from(u8::from(*b))),
            Atomic::Int(i) => Ok(Decimal::from(*i)),
            Atomic::Dec(d) => Ok(*d),
            Atomic::Dbl(f) => {
                if f.is_finite() {
                    Decimal::from_f64_retain(*f).ok_or_else(|| {
                        Error::dynamic("FOCA0001", format!("{f} out of the xs:decimal range"))
                    })
                } else {
                    Err(Error::dynamic(
                        "FOCA0002",
                        format!("cannot cast {f} to xs:decimal"),
                    ))
                }
            }
        }
    }

    /// Casts to xs:integer.
    pub(crate) fn to_integer(&self) -> Result<i64, Error> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => {
                let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
                let t = t.strip_prefix('+').unwrap_or(t);
                t.parse::<i64>().map_err(|_| {
                    Error::dynamic("FORG0001", format!("cannot cast {s:?} to xs:integer"))
                })
            }
            Atomic::Bool(b) => Ok(i64::from(*b)),
            Atomic::Int(i) => Ok(*i),
            Atomic::Dec(d) => d
                .trunc()
                .to_i64()
                .ok_or_else(|| Error::dynamic("FOCA0003", "integer overflow")),
            Atomic::Dbl(f) => {
                if f.is_finite() {
                    Ok(f.trunc() as i64)
                } else {
                    Err(Error::dynamic("FOCA0002", "cannot cast to xs:integer"))
                }
            }
        }
    }

    /// Casts to xs:boolean.
    pub(crate) fn to_boolean(&self) -> Result<bool, Error> {
        match self {
            Atomic::Str(s) | Atomic::Untyped(s) => {
                match s.trim_matches(|c: char| c.is_ascii_whitespace()) {
                    "true" | "1" => Ok(true),
                    "false" | "0" => Ok(false),
                    _ => Err(Error::dynamic(
                        "FORG0001",
                        format!("cannot cast {s:?} to xs:boolean"),
                    )),
                }
            }
            Atomic::Bool(b) => Ok(*b),
            Atomic::Int(i) => Ok(*i != 0),
            Atomic::Dec(d) => Ok(!d.is_zero()),
            Atomic::Dbl(f) => Ok(*f != 0.0 && !f.is_nan()),
        }
    }
}

/// Parses the xs:decimal lexical form (no exponent), surrounding white space allowed.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    // Keep within the 28-digit precision of rust_decimal by dropping
    // trailing fraction zeros, which do not change the value.
    let frac = frac.trim_end_matches('0');
    if let Some(d) = small_decimal(neg, int, frac) {
        return Some(d);
    }
    let text = format!(
        "{}{}.{}",
        if neg { "-" } else { "" },
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "0" } else { frac }
    );
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(&text).ok())
}

/// The decimal `int.frac` (digits only, `frac` without trailing zeros)
/// built from its digits when they fit rust_decimal's 28, with the value
/// and scale the text form `int.frac` parses to (an empty part reads as
/// `0`, so a whole number has scale 1); `None` for longer numbers and
/// for negative zero, which take the text route.
fn small_decimal(neg: bool, int: &str, frac: &str) -> Option<Decimal> {
    let frac = if frac.is_empty() { "0" } else { frac };
    if int.len() + frac.len() > 28 {
        return None;
    }
    let mut m: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        m = m * 10 + i128::from(b - b'0');
    }
    if neg && m == 0 {
        return None;
    }
    let scale = u32::try_from(frac.len()).ok()?;
    Decimal::try_from_i128_with_scale(if neg { -m } else { m }, scale).ok()
}

/// Parses the xs:double lexical form, surrounding white space allowed.
pub fn parse_double(s: &str) -> Option<f64> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
    match t {
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    // Rust accepts "inf", "nan", "infinity": XPath does not.
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let mantissa = t.split(['e', 'E']).next().unwrap_or("");
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Canonical xs:decimal string: no trailing zeros, no exponent, `0` for zero.
pub fn format_decimal(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        return "0".to_string();
    }
    n.to_string()
}

/// xs:double to string per XPath 2.0: plain notation for magnitudes in
/// [1e-6, 1e6), scientific (`1.0E7`) otherwise.
pub fn format_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "INF" } else { "-INF" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let a = f.abs();
    if (1e-6..1e6).contains(&a) {
        let s = format!("{f}");
        return s;
    }
    // Shortest round-trip digits in scientific form.
    let s = format!("{f:e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mant = if mant.contains('.') {
        mant.to_string()
    } else {
        format!("{mant}.0")
    };
    format!("{mant}E{exp}")
}

/// Compares two numbers after promotion.
pub(crate) fn cmp_num(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Dbl(_), _) | (_, Num::Dbl(_)) => a.to_f64().partial_cmp(&b.to_f64()),
        _ => Some(a.to_dec()?.cmp(&b.to_dec()?)),
    }
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
    fn decimal_lexical_forms() {
        assert_eq!(parse_decimal(" 12.50 ").unwrap().to_string(), "12.5");
        assert_eq!(parse_decimal("-.5").unwrap().to_string(), "-0.5");
        assert!(parse_decimal("1e3").is_none());
        assert!(parse_decimal("").is_none());
        assert!(parse_decimal(".").is_none());
    }

    #[test]
    fn decimals_from_digits_equal_the_text_route() {
        // The text route alone, as parse_decimal had it before the digit
        // fast path: same value and same scale.
        fn by_text(neg: bool, int: &str, frac: &str) -> Decimal {
            let text = format!(
                "{}{}.{}",
                if neg { "-" } else { "" },
                if int.is_empty() { "0" } else { int },
                if frac.is_empty() { "0" } else { frac }
            );
            text.parse::<Decimal>().unwrap()
        }
        let ints = [
            "",
            "0",
            "7",
            "12",
            "1234567890",
            "123456789012345678901234567",
        ];
        let fracs = ["", "5", "05", "25", "0001", "123456789012345678901234567"];
        for neg in [false, true] {
            for int in ints {
                for frac in fracs {
                    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
                    let Some(fast) = small_decimal(neg, int, frac) else {
                        continue;
                    };
                    let slow = by_text(neg, int, frac);
                    assert_eq!(fast, slow, "{neg} {int}.{frac}");
                    assert_eq!(fast.scale(), slow.scale(), "{neg} {int}.{frac}");
                    assert_eq!(fast.is_sign_negative(), slow.is_sign_negative());
                }
            }
        }
        // Past 28 digits and negative zero take the text route.
        assert!(small_decimal(false, "12345678901234567890", "123456789").is_none());
        assert!(small_decimal(true, "", "").is_none());
        assert_eq!(parse_decimal("-0.00").unwrap(), Decimal::ZERO);
    }

    #[test]
    fn double_formatting() {
        assert_eq!(format_double(1.0), "1");
        assert_eq!(format_double(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_double(1e7), "1.0E7");
        assert_eq!(format_double(-2.5), "-2.5");
        assert!(parse_double("inf").is_none());
        assert_eq!(parse_double("1E2"), Some(100.0));
    }
}
