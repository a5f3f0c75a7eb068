//! Dates as exports write them, read with a small strftime subset.

use facturx_model::Date;

/// A date format made of `%d`, `%m`, `%Y`, `%y`, `%H`, `%M`, `%S` (time
/// parts are read and ignored), `%%` and literal characters, such as
/// `%d/%m/%Y` or `%Y-%m-%d %H:%M:%S`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Day,
    Month,
    Year4,
    Year2,
    Ignored,
    Literal(char),
}

impl DateFormat {
    /// Compiles a format; `None` if it uses an unsupported `%` token or lacks
    /// a day, a month or a year.
    pub fn new(format: &str) -> Option<DateFormat> {
        let mut items = Vec::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                items.push(Item::Literal(c));
                continue;
            }
            items.push(match chars.next()? {
                'd' | 'e' => Item::Day,
                'm' => Item::Month,
                'Y' => Item::Year4,
                'y' => Item::Year2,
                'H' | 'M' | 'S' => Item::Ignored,
                '%' => Item::Literal('%'),
                _ => return None,
            });
        }
        let has = |i: Item| items.contains(&i);
        (has(Item::Day) && has(Item::Month) && (has(Item::Year4) || has(Item::Year2)))
            .then_some(DateFormat { items })
    }

    /// Reads `text`; `None` if it does not follow the format or is no real date.
    /// Day and month accept one or two digits; `%y` is read as 20yy.
    pub fn parse(&self, text: &str) -> Option<Date> {
        let s = text.trim().as_bytes();
        let mut pos = 0usize;
        let (mut day, mut month, mut year) = (0u32, 0u32, 0u32);
        for item in &self.items {
            match *item {
                Item::Literal(c) => {
                    let mut buf = [0u8; 4];
                    let lit = c.encode_utf8(&mut buf).as_bytes();
                    if s.get(pos..pos + lit.len())? != lit {
                        return None;
                    }
                    pos += lit.len();
                }
                Item::Day => day = digits(s, &mut pos, 1, 2)?,
                Item::Month => month = digits(s, &mut pos, 1, 2)?,
                Item::Year4 => year = digits(s, &mut pos, 4, 4)?,
                Item::Year2 => year = 2000 + digits(s, &mut pos, 2, 2)?,
                Item::Ignored => {
                    digits(s, &mut pos, 1, 2)?;
                }
            }
        }
        if pos != s.len() {
            return None;
        }
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }
}

fn digits(s: &[u8], pos: &mut usize, min: usize, max: usize) -> Option<u32> {
    let mut value = 0u32;
    let mut n = 0;
    while n < max {
        match s.get(*pos) {
            Some(b) if b.is_ascii_digit() => {
                value = value * 10 + u32::from(b - b'0');
                *pos += 1;
                n += 1;
            }
            _ => break,
        }
    }
    (n >= min).then_some(value)
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
    fn french_and_iso() {
        let fr = DateFormat::new("%d/%m/%Y").unwrap();
        assert_eq!(fr.parse("05/11/2026").unwrap().to_string(), "2026-11-05");
        assert_eq!(fr.parse("5/1/2026").unwrap().to_string(), "2026-01-05");
        assert_eq!(fr.parse("31/02/2026"), None);
        assert_eq!(fr.parse("2026-11-05"), None);
        assert_eq!(fr.parse("05/11/2026x"), None);
        let iso = DateFormat::new("%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(
            iso.parse("2026-11-05 13:04:59").unwrap().to_string(),
            "2026-11-05"
        );
        let short = DateFormat::new("%d.%m.%y").unwrap();
        assert_eq!(short.parse("29.02.24").unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn rejects_bad_formats() {
        assert_eq!(DateFormat::new("%d/%m"), None);
        assert_eq!(DateFormat::new("%d/%m/%Q"), None);
        assert_eq!(DateFormat::new("%d/%m/%"), None);
    }
}
