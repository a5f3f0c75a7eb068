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
    /// Reads `text` as a decimal. Returns `None` for anything else than an
    /// optional sign, digits with optional thousands separators, and one
    /// decimal separator: no currency symbols, no exponents, no other
    /// separator, so that `1,5` is never silently read as `15`.
    pub fn parse(&self, text: &str) -> Option<Decimal> {
        let t = text.trim();
        let mut out = String::with_capacity(t.len());
        let mut chars = t.chars().peekable();
        if let Some(&c) = chars.peek() {
            if c == '-' || c == '+' {
                out.push(c);
                chars.next();
            }
        }
        let mut digits = 0usize;
        let mut seen_decimal = false;
        let mut last_was_sep = false;
        for c in chars {
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
            Some(t) => c == t,
            None => false,
        }
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
    }
}
