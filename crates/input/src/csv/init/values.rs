//! Guessing number, date and rate formats from sample values. Each guess
//! says what it saw, so an ambiguous sample is reported, never hidden.

use std::collections::BTreeMap;

/// Separators guessed from amounts and quantities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    /// `.` or `,`.
    pub decimal: char,
    /// `""`, `" "`, `.`, `,` or `'`.
    pub thousands: &'static str,
    /// What the guess rests on, for the mapping's comments.
    pub note: String,
}

/// The digits of `v` and what lies between them: `1 234,56 €` gives
/// `1 234,56`. `None` when there are no digits.
fn core(v: &str) -> Option<&str> {
    let start = v.find(|c: char| c.is_ascii_digit())?;
    let end = v.rfind(|c: char| c.is_ascii_digit())?;
    v.get(start..=end)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Reads the separators of `values`. A lone `,` or `.` followed by exactly
/// three digits (`1,234`) could be either: it decides nothing, and when
/// nothing else decides, `default_decimal` (from the delimiter) is used and
/// the note says so.
pub fn guess_numbers<'a>(values: impl Iterator<Item = &'a str>, default_decimal: char) -> Numbers {
    let mut decimal: BTreeMap<char, usize> = BTreeMap::new();
    let mut thousands: BTreeMap<char, usize> = BTreeMap::new();
    let mut undecided = 0usize;
    for v in values {
        let Some(c) = core(v) else { continue };
        let seps: Vec<(usize, char)> = c
            .char_indices()
            .filter(|(_, ch)| !ch.is_ascii_digit())
            .collect();
        if seps
            .iter()
            .any(|(_, ch)| !matches!(ch, '.' | ',' | '\'' | '\u{2019}') && !is_space(*ch))
        {
            continue;
        }
        for (_, ch) in &seps {
            if is_space(*ch) {
                *thousands.entry(' ').or_default() += 1;
            } else if matches!(ch, '\'' | '\u{2019}') {
                *thousands.entry('\'').or_default() += 1;
            }
        }
        let marks: Vec<(usize, char)> = seps
            .iter()
            .copied()
            .filter(|(_, ch)| matches!(ch, '.' | ','))
            .collect();
        let Some(&(pos, last)) = marks.last() else {
            continue;
        };
        let after = c.len() - pos - 1;
        let other = if last == '.' { ',' } else { '.' };
        if marks.iter().any(|(_, ch)| *ch == other) {
            *decimal.entry(last).or_default() += 1;
            *thousands.entry(other).or_default() += 1;
        } else if marks.len() > 1 {
            *thousands.entry(last).or_default() += 1;
        } else if after != 3 {
            *decimal.entry(last).or_default() += 1;
        } else if thousands.keys().any(|t| *t == ' ' || *t == '\'') {
            // "1 234.567" is not a thing; "1 234,560" rare: a space
            // thousands separator makes the mark a decimal one.
            *decimal.entry(last).or_default() += 1;
        } else {
            undecided += 1;
        }
    }
    let (decimal_char, mut note) = match (decimal.get(&','), decimal.get(&'.')) {
        (Some(a), Some(b)) => {
            let d = if a >= b { ',' } else { '.' };
            (
                d,
                format!(
                    "both \",\" ({a} values) and \".\" ({b}) end numbers: chose {d:?}; check the columns"
                ),
            )
        }
        (Some(_), None) => (',', "decimal comma seen".to_string()),
        (None, Some(_)) => ('.', "decimal point seen".to_string()),
        (None, None) if undecided > 0 => (
            default_decimal,
            format!(
                "{undecided} values such as 1,234 could use either separator: chose {default_decimal:?} from the delimiter; CHECK"
            ),
        ),
        (None, None) => (default_decimal, "no decimals seen".to_string()),
    };
    let thousands_str = thousands
        .iter()
        .filter(|(c, _)| **c != decimal_char)
        .max_by_key(|(_, n)| **n)
        .map_or("", |(c, _)| match c {
            ' ' => " ",
            '.' => ".",
            ',' => ",",
            _ => "'",
        });
    if !thousands_str.is_empty() {
        note.push_str(&format!(", thousands separator {thousands_str:?} seen"));
    }
    Numbers {
        decimal: decimal_char,
        thousands: thousands_str,
        note,
    }
}

/// A date format guessed from sample dates, and whether Excel serial day
/// numbers appeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dates {
    /// The format (`%d/%m/%Y` ...).
    pub format: String,
    /// Five-digit day numbers were seen.
    pub excel_serial: bool,
    /// What the guess rests on.
    pub note: String,
}

/// Guesses the format of `values`. For `D/M/Y`-like dates, a first part
/// above 12 proves day-first and a second part above 12 proves month-first;
/// when every date has both parts at most 12 the sample cannot tell, and
/// day-first is chosen with a note saying so (`01/02/2026` is 1 February in
/// Europe, 2 January in the US: only the user knows).
pub fn guess_dates<'a>(values: impl Iterator<Item = &'a str>) -> Option<Dates> {
    let mut shape: Option<(char, String)> = None;
    let (mut day_first, mut month_first, mut ambiguous, mut serial) = (0, 0, 0, 0);
    let mut iso = None;
    let mut compact = false;
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let b = v.as_bytes();
        if b.len() == 5 && b.iter().all(u8::is_ascii_digit) {
            serial += 1;
            continue;
        }
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            compact = true;
            continue;
        }
        let (date, tsep, time) = match v.find([' ', 'T']) {
            Some(i) => (
                v.get(..i).unwrap_or(v),
                v.get(i..=i).unwrap_or(" "),
                v.get(i + 1..).unwrap_or("").trim(),
            ),
            None => (v, "", ""),
        };
        let time_format = match time.split(':').count() {
            _ if time.is_empty() => String::new(),
            3 => format!("{tsep}%H:%M:%S"),
            2 => format!("{tsep}%H:%M"),
            _ => continue,
        };
        let Some(sep) = date.chars().find(|c| !c.is_ascii_digit()) else {
            continue;
        };
        let parts: Vec<&str> = date.split(sep).collect();
        let [a, b2, c] = parts.as_slice() else {
            continue;
        };
        let num = |s: &str| s.parse::<u32>().ok();
        let (Some(x), Some(y)) = (num(a), num(b2)) else {
            continue;
        };
        if a.len() == 4 {
            iso = Some(format!("%Y{sep}%m{sep}%d{time_format}"));
            continue;
        }
        let year = if c.len() == 2 { "%y" } else { "%Y" };
        shape = Some((sep, format!("{year}{time_format}")));
        match (x > 12, y > 12) {
            (true, false) => day_first += 1,
            (false, true) => month_first += 1,
            (false, false) => ambiguous += 1,
            (true, true) => {}
        }
    }
    let excel_serial = serial > 0;
    let serial_note = if excel_serial {
        format!("; {serial} Excel serial day numbers seen (excel_serial_dates = true)")
    } else {
        String::new()
    };
    if let Some(format) = iso {
        return Some(Dates {
            note: format!("year-first dates seen{serial_note}"),
            format,
            excel_serial,
        });
    }
    let Some((sep, year)) = shape else {
        if compact {
            return Some(Dates {
                format: "%Y%m%d".to_string(),
                excel_serial,
                note: format!("eight-digit dates seen{serial_note}"),
            });
        }
        return excel_serial.then(|| Dates {
            format: "%d/%m/%Y".to_string(),
            excel_serial,
            note: format!("only Excel serial day numbers seen{serial_note}"),
        });
    };
    let (first, note) = match (day_first, month_first) {
        (d, 0) if d > 0 => (
            true,
            format!("day-first: {d} dates have a first part above 12"),
        ),
        (0, m) if m > 0 => (
            false,
            format!("MONTH-FIRST: {m} dates have a second part above 12"),
        ),
        (0, 0) => (
            true,
            format!(
                "AMBIGUOUS: all {ambiguous} dates have day and month at most 12; chose day-first (%d{sep}%m), write %m{sep}%d if the export is month-first (US)"
            ),
        ),
        (d, m) => (
            true,
            format!(
                "CONFLICT: {d} dates are day-first, {m} month-first; chose day-first, check the export"
            ),
        ),
    };
    let (p, q) = if first { ("%d", "%m") } else { ("%m", "%d") };
    Some(Dates {
        format: format!("{p}{sep}{q}{sep}{year}"),
        excel_serial,
        note: format!("{note}{serial_note}"),
    })
}

/// Common VAT rates of Europe, in percent: a column whose values are all
/// among them holds rates, not amounts.
const COMMON_RATES: &[&str] = &[
    "0", "2.1", "2.5", "2.6", "3", "3.8", "4", "5", "5.5", "6", "7", "7.7", "8", "8.1", "8.5", "9",
    "10", "12", "13", "13.5", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24",
    "25", "25.5", "27",
];

/// True when every value of `values` (at least one) reads as a common VAT
/// rate, in percent or as a fraction (`20`, `20,0`, `20 %`, `0.2`).
pub fn looks_like_rates<'a>(values: impl Iterator<Item = &'a str>) -> bool {
    let mut any = false;
    for v in values {
        let Some(c) = core(v) else { continue };
        let c = c.replace(',', ".");
        let Ok(d) = c.parse::<rust_decimal::Decimal>() else {
            return false;
        };
        let percent = if d < rust_decimal::Decimal::ONE && !d.is_zero() {
            d * rust_decimal::Decimal::ONE_HUNDRED
        } else {
            d
        };
        let text = percent.normalize().to_string();
        if !COMMON_RATES.contains(&text.as_str()) {
            return false;
        }
        any = true;
    }
    any
}

/// True when the non-zero rates of `values` are all fractions of 1
/// (`0.2`, `0,055`) and none carries a `%`.
pub fn rates_are_fractions<'a>(values: impl Iterator<Item = &'a str>) -> bool {
    let mut any = false;
    for v in values {
        if v.contains('%') {
            return false;
        }
        let Some(c) = core(v) else { continue };
        let Ok(d) = c.replace(',', ".").parse::<rust_decimal::Decimal>() else {
            continue;
        };
        if d.is_zero() {
            continue;
        }
        if d >= rust_decimal::Decimal::ONE {
            return false;
        }
        any = true;
    }
    any
}
