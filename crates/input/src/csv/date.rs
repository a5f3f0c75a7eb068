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

/// Reads an Excel serial day number (1900 date system, as Windows Excel
/// writes it when a date cell loses its format): five digits, `46053` is
/// 2026-01-31. Fewer digits would be before 1928 and are more likely
/// something else; `None` for anything but five ASCII digits.
pub fn excel_serial(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: i64 = t.parse().ok()?;
    // Day 0 is 1899-12-30 for every serial after Excel's phantom 1900-02-29.
    Date::from_unix_days(serial - 25_569)
}

/// Why `text` may not have matched `format`, for the error message:
/// `": ..."` or empty. Names another common format it does match, so a
/// day-first/month-first mix-up is explained, never guessed.
pub fn hint(format: &str, text: &str) -> String {
    if excel_serial(text).is_some() {
        return ": it looks like an Excel serial day number: set csv.excel_serial_dates = true"
            .to_string();
    }
    for other in [
        "%d/%m/%Y",
        "%m/%d/%Y",
        "%d/%m/%y",
        "%m/%d/%y",
        "%d.%m.%Y",
        "%d.%m.%y",
        "%d-%m-%Y",
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y%m%d",
    ] {
        if other != format && DateFormat::new(other).and_then(|f| f.parse(text)).is_some() {
            return format!(" (csv.date_format is {format:?}; the value matches {other:?})");
        }
    }
    format!(" (csv.date_format is {format:?})")
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
    fn excel_serials() {
        assert_eq!(excel_serial("46053").unwrap().to_string(), "2026-01-31");
        assert_eq!(excel_serial("46023").unwrap().to_string(), "2026-01-01");
        assert_eq!(excel_serial("45351").unwrap().to_string(), "2024-02-29");
        assert_eq!(excel_serial("36526").unwrap().to_string(), "2000-01-01");
        assert_eq!(excel_serial("4605"), None);
        assert_eq!(excel_serial("46053.5"), None);
        assert_eq!(excel_serial("2026-01-30"), None);
    }

    #[test]
    fn hints_name_the_matching_format() {
        assert!(hint("%d/%m/%Y", "01/31/2026").contains("\"%m/%d/%Y\""));
        assert!(hint("%d/%m/%Y", "46053").contains("excel_serial_dates"));
        assert!(hint("%Y-%m-%d", "31.01.2026").contains("\"%d.%m.%Y\""));
    }

    #[test]
    fn rejects_bad_formats() {
        assert_eq!(DateFormat::new("%d/%m"), None);
        assert_eq!(DateFormat::new("%d/%m/%Q"), None);
        assert_eq!(DateFormat::new("%d/%m/%"), None);
    }
}
