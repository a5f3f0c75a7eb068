//! Numbers, amounts, dates and codes as a French or English reader expects
//! them. Everything works on exact decimals; nothing goes through floats.

use facturx_model::{Amount, CurrencyCode, Date, Decimal};

use crate::Lang;

/// U+202F narrow no-break space: the French thousands separator and the
/// space before `%`.
pub(crate) const NNBSP: char = '\u{202F}';
/// U+00A0 no-break space, before the currency symbol.
pub(crate) const NBSP: char = '\u{00A0}';

/// Formats numbers and dates for one language.
#[derive(Debug, Clone, Copy)]
pub struct Formatter {
    lang: Lang,
}

impl Formatter {
    /// A formatter for `lang`.
    pub fn new(lang: Lang) -> Formatter {
        Formatter { lang }
    }

    /// An amount with its currency: `1 234,56 €` (French, narrow no-break
    /// space between thousands), `€1,234.56` (English).
    pub fn amount(&self, amount: Amount, currency: &CurrencyCode) -> String {
        self.money(amount.value(), 2, currency)
    }

    /// A unit price: at least two decimals, more when the price has them
    /// (`0,1234 €`).
    pub fn price(&self, price: Decimal, currency: &CurrencyCode) -> String {
        self.money(price, 2, currency)
    }

    fn money(&self, value: Decimal, min_decimals: u32, currency: &CurrencyCode) -> String {
        let number = self.number(value, min_decimals);
        let symbol = currency_symbol(currency.as_str());
        match (self.lang, symbol) {
            (Lang::Fr, Some(s)) => format!("{number}{NBSP}{s}"),
            (Lang::Fr, None) => format!("{number}{NBSP}{}", currency.as_str()),
            (Lang::En, Some(s)) => match number.strip_prefix('-') {
                Some(abs) => format!("-{s}{abs}"),
                None => format!("{s}{number}"),
            },
            (Lang::En, None) => format!("{number} {}", currency.as_str()),
        }
    }

    /// A decimal number with grouped thousands and at least `min_decimals`
    /// decimals (trailing zeros beyond that are dropped).
    pub fn number(&self, value: Decimal, min_decimals: u32) -> String {
        let mut v = value.normalize();
        if v.scale() < min_decimals {
            v.rescale(min_decimals);
        }
        let text = v.abs().to_string();
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text.as_str(), None),
        };
        let (group_sep, decimal_sep) = match self.lang {
            Lang::Fr => (NNBSP, ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::with_capacity(text.len() + 8);
        if v.is_sign_negative() && !v.is_zero() {
            out.push('-');
        }
        let digits = int_part.len();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(group_sep);
            }
            out.push(c);
        }
        if let Some(f) = frac_part {
            out.push(decimal_sep);
            out.push_str(f);
        }
        out
    }

    /// A quantity: as many decimals as it has, none when it is whole.
    pub fn quantity(&self, value: Decimal) -> String {
        self.number(value, 0)
    }

    /// A percentage: `20 %` (French), `20%` (English).
    pub fn percent(&self, value: Decimal) -> String {
        let n = self.number(value, 0);
        match self.lang {
            Lang::Fr => format!("{n}{NNBSP}%"),
            Lang::En => format!("{n}%"),
        }
    }

    /// A date: `22/11/2026` (French), `2026-11-22` (English, ISO 8601).
    pub fn date(&self, date: Date) -> String {
        match self.lang {
            Lang::Fr => format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year()),
            Lang::En => date.to_string(),
        }
    }
}

fn currency_symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        "CHF" => "CHF",
        _ => return None,
    })
}

/// Groups an IBAN in blocks of four, as printed on paper.
pub(crate) fn iban(value: &str) -> String {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    for (i, c) in compact.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
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
    use rust_decimal_macros::dec;

    fn eur() -> CurrencyCode {
        CurrencyCode::new("EUR").unwrap()
    }

    #[test]
    fn french_amounts_group_thousands_with_narrow_spaces() {
        let f = Formatter::new(Lang::Fr);
        let a = Amount::new(dec!(1234.56)).unwrap();
        assert_eq!(f.amount(a, &eur()), "1\u{202F}234,56\u{A0}€");
        let a = Amount::new(dec!(-1234567.5)).unwrap();
        assert_eq!(f.amount(a, &eur()), "-1\u{202F}234\u{202F}567,50\u{A0}€");
        assert_eq!(f.amount(Amount::ZERO, &eur()), "0,00\u{A0}€");
        let usd = CurrencyCode::new("SEK").unwrap();
        assert_eq!(
            f.amount(Amount::new(dec!(12)).unwrap(), &usd),
            "12,00\u{A0}SEK"
        );
    }

    #[test]
    fn english_amounts_use_commas_and_a_leading_symbol() {
        let f = Formatter::new(Lang::En);
        let a = Amount::new(dec!(-1234.5)).unwrap();
        assert_eq!(f.amount(a, &eur()), "-€1,234.50");
        assert_eq!(f.number(dec!(999), 2), "999.00");
        assert_eq!(f.number(dec!(1000), 0), "1,000");
    }

    #[test]
    fn prices_keep_their_extra_decimals_and_quantities_drop_zeros() {
        let f = Formatter::new(Lang::Fr);
        assert_eq!(f.price(dec!(0.1234), &eur()), "0,1234\u{A0}€");
        assert_eq!(f.price(dec!(12.500), &eur()), "12,50\u{A0}€");
        assert_eq!(f.quantity(dec!(3.000)), "3");
        assert_eq!(f.quantity(dec!(2.5)), "2,5");
        assert_eq!(f.percent(dec!(5.50)), "5,5\u{202F}%");
    }

    #[test]
    fn dates_follow_the_language() {
        let d = Date::new(2026, 11, 2).unwrap();
        assert_eq!(Formatter::new(Lang::Fr).date(d), "02/11/2026");
        assert_eq!(Formatter::new(Lang::En).date(d), "2026-11-02");
    }

    #[test]
    fn ibans_print_in_blocks_of_four() {
        assert_eq!(
            iban("FR7630006000011234567890189"),
            "FR76 3000 6000 0112 3456 7890 189"
        );
    }
}
