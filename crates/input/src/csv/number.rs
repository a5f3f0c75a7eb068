//! Decimal numbers as exports write them: `1234.56`, `1 234,56`, `1.234,56`.

use rust_decimal::Decimal;

/// The separators of the export's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// The decimal separator: `.` or `,`.
    pub decimal: char,
    /// The thousands separator, if any. A space also accepts the no-break
    /// spaces (U+00A0, U+202F) spreadsheets write.
    pub thousands: Option<char>,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat {
            decimal: '.',
            thousands: None,
        }
    }
}

impl NumberFormat {
    /// Reads `text` as a bare decimal. Returns `None` for anything else than an
    /// optional sign, digits with optional thousands separators, and one
    /// decimal separator: no currency symbols, no exponents, no other
    /// separator, so that `1,5` is never silently read as `15`.
    pub fn parse(&self, text: &str) -> Option<Decimal> {
        let t = text.trim();
        let (negative, body) = match t.as_bytes().first() {
            Some(b'-') => (true, t.get(1..)?),
            Some(b'+') => (false, t.get(1..)?),
            _ => (false, t),
        };
        self.digits(body, negative)
    }

    /// Reads `text` as exports write amounts and rates: [`NumberFormat::parse`]
    /// plus the decorations spreadsheets and ERPs add around the digits, which
    /// carry no ambiguity and are returned so the caller can check them
    /// against the field: a currency symbol or ISO code before or after
    /// (`1 234,56 €`, `EUR 12.00`, `$1,250.00`), a trailing `%`, a trailing
    /// minus (SAP writes `1.234,56-`) or accounting parentheses (`(12.00)`).
    /// The digits themselves are read as strictly as by `parse`.
    pub fn read(&self, text: &str) -> Option<Number> {
        let mut t = text.trim();
        let mut signs = 0u8;
        let mut negative = false;
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            t = inner.trim();
            negative = true;
            signs += 1;
        }
        let mut currency = None;
        let mut percent = false;
        // Signs and markers may come in either order (`-12 €`, `€ -12`,
        // `-$12`): peel them off both ends until none is left.
        loop {
            let before = t;
            if let Some(r) = t.strip_prefix('-') {
                (t, negative, signs) = (r.trim_start(), true, signs + 1);
            } else if let Some(r) = t.strip_prefix('+') {
                (t, signs) = (r.trim_start(), signs + 1);
            } else if let Some(r) = t.strip_suffix('-') {
                (t, negative, signs) = (r.trim_end(), true, signs + 1);
            } else if let Some(r) = t.strip_suffix('%') {
                if percent {
                    return None;
                }
                (t, percent) = (r.trim_end(), true);
            } else if currency.is_none() {
                if let Some((code, rest)) = strip_currency(t) {
                    (t, currency) = (rest, Some(code));
                }
            }
            if t == before {
                break;
            }
        }
        if signs > 1 || (percent && currency.is_some()) {
            return None;
        }
        Some(Number {
            value: self.digits(t, negative)?,
            currency,
            percent,
        })
    }

    /// Why `text` may have failed, for the error message: `": ..."` or empty.
    pub fn hint(&self, text: &str) -> String {
        let other = NumberFormat {
            decimal: if self.decimal == ',' { '.' } else { ',' },
            thousands: None,
        };
        let t = text.trim();
        if t.split_once(|c: char| c.is_whitespace())
            .is_some_and(|(n, u)| self.read(n).is_some() && u.chars().all(char::is_alphabetic))
        {
            return ": a unit written after the number: set csv.quantity_units = true, or export the unit in its own column (line.unit)".to_string();
        }
        if other.read(t).is_some()
            || (self.thousands.is_none() && t.contains([' ', '\u{a0}', '\u{202f}', '.', ',', '\'']))
        {
            let thousands = match self.thousands {
                None => "none".to_string(),
                Some(c) => format!("{c:?}"),
            };
            return format!(
                " with decimal separator {:?} and thousands separator {thousands} (csv.decimal_separator, csv.thousands_separator)",
                self.decimal
            );
        }
        String::new()
    }

    fn digits(&self, body: &str, negative: bool) -> Option<Decimal> {
        let mut out = String::with_capacity(body.len() + 1);
        if negative {
            out.push('-');
        }
        let mut digits = 0usize;
        let mut seen_decimal = false;
        let mut last_was_sep = false;
        for c in body.chars() {
            if c.is_ascii_digit() {
                out.push(c);
                digits += 1;
                last_was_sep = false;
            } else if c == self.decimal && !seen_decimal {
                seen_decimal = true;
                out.push('.');
                last_was_sep = false;
            } else if !seen_decimal && digits > 0 && !last_was_sep && self.is_thousands(c) {
                last_was_sep = true;
            } else {
                return None;
            }
        }
        if digits == 0 || last_was_sep {
            return None;
        }
        Decimal::from_str_exact(&out).ok()
    }

    fn is_thousands(&self, c: char) -> bool {
        match self.thousands {
            Some(' ') => matches!(c, ' ' | '\u{a0}' | '\u{202f}'),
            // Swiss exports write a typographic apostrophe as often as a straight one.
            Some('\'') => matches!(c, '\'' | '\u{2019}'),
            Some(t) => c == t,
            None => false,
        }
    }
}

/// A number read by [`NumberFormat::read`], with what was written around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The value, sign applied.
    pub value: Decimal,
    /// The currency written next to it: an ISO 4217 code (`EUR` for `€`,
    /// `GBP` for `£`), or `$`, which several currencies share.
    pub currency: Option<String>,
    /// A `%` followed the digits.
    pub percent: bool,
}

impl Number {
    /// True when the written currency is `code` (`$` is accepted for any
    /// dollar currency).
    pub fn currency_is(&self, code: &str) -> bool {
        match self.currency.as_deref() {
            None => true,
            Some("$") => matches!(
                code,
                "USD" | "CAD" | "AUD" | "NZD" | "SGD" | "HKD" | "MXN" | "XCD"
            ),
            Some(c) => c == code,
        }
    }
}

/// A currency symbol or an ISO code (three capital letters) at either end
/// of `t`, and what is left, trimmed.
fn strip_currency(t: &str) -> Option<(String, &str)> {
    for (symbol, code) in [("€", "EUR"), ("£", "GBP"), ("$", "$")] {
        if let Some(r) = t.strip_prefix(symbol).or_else(|| t.strip_suffix(symbol)) {
            return Some((code.to_string(), r.trim()));
        }
    }
    let is_code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if let Some(code) = t.get(..3).filter(|c| is_code(c)) {
        return Some((code.to_string(), t.get(3..)?.trim()));
    }
    let n = t.len().checked_sub(3)?;
    let code = t.get(n..).filter(|c| is_code(c))?;
    Some((code.to_string(), t.get(..n)?.trim()))
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

    fn fr() -> NumberFormat {
        NumberFormat {
            decimal: ',',
            thousands: Some(' '),
        }
    }

    #[test]
    fn french_formats() {
        assert_eq!(fr().parse("1 234,56").unwrap().to_string(), "1234.56");
        assert_eq!(fr().parse("1\u{a0}234,5").unwrap().to_string(), "1234.5");
        assert_eq!(fr().parse("1\u{202f}000").unwrap().to_string(), "1000");
        assert_eq!(fr().parse("-12,00").unwrap().to_string(), "-12.00");
        let de = NumberFormat {
            decimal: ',',
            thousands: Some('.'),
        };
        assert_eq!(de.parse("1.234.567,8").unwrap().to_string(), "1234567.8");
    }

    #[test]
    fn refuses_ambiguous_or_broken() {
        let dot = NumberFormat::default();
        assert_eq!(dot.parse("1,5"), None);
        assert_eq!(fr().parse("1.5"), None);
        assert_eq!(fr().parse("12,3x4"), None);
        assert_eq!(fr().parse(""), None);
        assert_eq!(fr().parse("1 "), Some(Decimal::ONE));
        assert_eq!(fr().parse("1,2,3"), None);
        assert_eq!(fr().parse("12 €"), None);
        assert_eq!(dot.parse("1e5"), None);
        assert_eq!(dot.parse("-"), None);
        assert_eq!(dot.parse("7.25").unwrap().to_string(), "7.25");
        assert_eq!(fr().parse("12,00-"), None);
    }

    fn value(f: NumberFormat, text: &str) -> Option<String> {
        f.read(text).map(|n| n.value.to_string())
    }

    #[test]
    fn read_accepts_currency_percent_and_trailing_minus() {
        let de = NumberFormat {
            decimal: ',',
            thousands: Some('.'),
        };
        let us = NumberFormat {
            decimal: '.',
            thousands: Some(','),
        };
        let n = fr().read("1\u{202f}234,56\u{a0}€").unwrap();
        assert_eq!(
            (n.value.to_string(), n.currency.as_deref()),
            ("1234.56".into(), Some("EUR"))
        );
        let n = NumberFormat::default().read("EUR 12.00").unwrap();
        assert_eq!(
            (n.value.to_string(), n.currency.as_deref()),
            ("12.00".into(), Some("EUR"))
        );
        assert_eq!(value(de, "1.234,56-").as_deref(), Some("-1234.56"));
        assert_eq!(value(us, "($1,250.00)").as_deref(), Some("-1250.00"));
        assert_eq!(value(us, "-$1,250.00").as_deref(), Some("-1250.00"));
        assert_eq!(value(fr(), "- 12,5 €").as_deref(), Some("-12.5"));
        let p = fr().read("5,5 %").unwrap();
        assert!(p.percent && p.currency.is_none());
        assert_eq!(p.value.to_string(), "5.5");
        let ch = NumberFormat {
            decimal: '.',
            thousands: Some('\''),
        };
        assert_eq!(value(ch, "12'345.50").as_deref(), Some("12345.50"));
        assert_eq!(
            value(ch, "12\u{2019}345.50 CHF").as_deref(),
            Some("12345.50")
        );
        assert!(
            NumberFormat::default()
                .read("$5")
                .unwrap()
                .currency_is("USD")
        );
        assert!(
            !NumberFormat::default()
                .read("$5")
                .unwrap()
                .currency_is("EUR")
        );
    }

    #[test]
    fn read_still_refuses_ambiguity() {
        assert_eq!(value(fr(), "--12"), None);
        assert_eq!(value(fr(), "-12-"), None);
        assert_eq!(value(fr(), "12 % €"), None);
        assert_eq!(value(fr(), "12 Eur"), None);
        assert_eq!(value(fr(), "EUR"), None);
        assert_eq!(value(NumberFormat::default(), "1,5 €"), None);
        assert_eq!(value(fr(), "2 PC"), None);
        assert_eq!(value(fr(), "20%%"), None);
    }
}
