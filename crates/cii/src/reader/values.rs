//! Leaf values: text, codes, amounts, decimals, dates, indicators.

use facturx_model::{Amount, Date, Decimal, Identifier};
use roxmltree::Node;

use super::{Cx, kids, line, xpath};
use crate::Error;

fn invalid(n: Node, message: String) -> Error {
    Error::InvalidValue {
        xpath: xpath(n),
        line: line(n),
        message,
    }
}

/// The text content of a leaf, as written.
pub(crate) fn text(n: Node) -> String {
    n.text().unwrap_or("").to_string()
}

/// The text content, trimmed (codes and identifiers).
pub(crate) fn code(n: Node) -> String {
    n.text().unwrap_or("").trim().to_string()
}

/// An identifier with its `schemeID`.
pub(crate) fn identifier(n: Node) -> Identifier {
    Identifier {
        id: code(n),
        scheme: n.attribute("schemeID").map(str::to_string),
    }
}

/// A decimal number.
pub(crate) fn decimal(n: Node) -> Result<Decimal, Error> {
    let t = n.text().unwrap_or("").trim();
    Decimal::from_str_exact(t).map_err(|_| invalid(n, format!("{t:?} is not a decimal number")))
}

/// An amount (at most two decimals).
pub(crate) fn amount(n: Node) -> Result<Amount, Error> {
    let d = decimal(n)?;
    Amount::new(d).map_err(|e| invalid(n, e.to_string()))
}

/// A date held in a `udt:DateTimeString`, `udt:DateString` or
/// `qdt:DateTimeString` child, format 102.
pub(crate) fn date(cx: &mut Cx, n: Node) -> Result<Option<Date>, Error> {
    let mut found = None;
    for c in kids(n) {
        match c.tag_name().name() {
            "DateTimeString" | "DateString" if found.is_none() => {
                let format = c.attribute("format").unwrap_or("102");
                if format != "102" {
                    return Err(invalid(
                        c,
                        format!("date format {format:?}: only 102 (YYYYMMDD) is supported"),
                    ));
                }
                let t = code(c);
                found = Some(Date::from_yyyymmdd(&t).map_err(|e| invalid(c, e.to_string()))?);
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(found)
}

/// A `udt:Indicator` child: `true` or `false`.
pub(crate) fn indicator(n: Node) -> Result<bool, Error> {
    let c = kids(n)
        .next()
        .ok_or_else(|| invalid(n, "no udt:Indicator".into()))?;
    match code(c).as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        other => Err(invalid(c, format!("{other:?} is not a boolean"))),
    }
}

/// The text of the one child named `wanted`; other children are reported.
pub(crate) fn only(cx: &mut Cx, n: Node, wanted: &str) -> Option<String> {
    let mut found = None;
    for c in kids(n) {
        if c.tag_name().name() == wanted && found.is_none() {
            found = Some(code(c));
        } else {
            cx.unmodeled(c);
        }
    }
    found
}
