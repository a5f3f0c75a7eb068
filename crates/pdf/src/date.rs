//! Dates in the two forms PDF/A needs: `D:YYYYMMDDHHmmSS+00'00'` (Info
//! dictionary) and ISO 8601 (XMP), kept equal as ISO 19005-3 6.6.2.3.1 asks.

use std::time::{SystemTime, UNIX_EPOCH};

/// A UTC instant to the second, used for every date the embedding writes.
///
/// Pass a fixed one in [`crate::EmbedOptions::date`] for byte-identical
/// output (snapshot tests); by default the current time is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Timestamp {
    /// A checked UTC date and time; `None` when a field is out of range.
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if !(1..=9999).contains(&year)
            || day == 0
            || day > days
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        Some(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// The current time (UTC), from the system clock.
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self::from_unix(secs)
    }

    /// The UTC instant `secs` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix(secs: u64) -> Self {
        let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX);
        let rem = secs % 86_400;
        // Beyond year 9999 (a broken clock) the last representable day.
        let (year, month, day) = facturx_model::Date::from_unix_days(days)
            .map_or((9999, 12, 31), |d| (d.year(), d.month(), d.day()));
        Timestamp {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// `D:YYYYMMDDHHmmSS+00'00'`, the PDF date form.
    pub fn to_pdf(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DDTHH:mm:SS+00:00`, the XMP date form.
    pub fn to_xmp(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A `--date` value that is not `YYYY-MM-DDTHH:MM:SSZ` (or `+00:00`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: expected UTC as YYYY-MM-DDTHH:MM:SSZ")]
pub struct InvalidTimestamp(pub String);

impl std::str::FromStr for Timestamp {
    type Err = InvalidTimestamp;

    /// Parses a UTC RFC 3339 date-time: `2025-03-04T05:06:07Z` or
    /// `…+00:00`; a bare date `2025-03-04` means midnight.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidTimestamp(s.to_string());
        let t = s.trim();
        let (date, time) = match t.split_once(['T', 't', ' ']) {
            Some((d, rest)) => {
                let rest = rest
                    .strip_suffix('Z')
                    .or_else(|| rest.strip_suffix('z'))
                    .or_else(|| rest.strip_suffix("+00:00"))
                    .ok_or_else(bad)?;
                (d, rest)
            }
            None => (t, "00:00:00"),
        };
        let num = |v: Option<&str>| v.and_then(|v| v.parse::<u16>().ok()).ok_or_else(bad);
        let mut d = date.split('-');
        let mut h = time.split(':');
        let (year, month, day) = (num(d.next())?, num(d.next())?, num(d.next())?);
        let (hour, minute, second) = (num(h.next())?, num(h.next())?, num(h.next())?);
        if d.next().is_some() || h.next().is_some() {
            return Err(bad());
        }
        let small = |v: u16| u8::try_from(v).map_err(|_| bad());
        Timestamp::new(
            year,
            small(month)?,
            small(day)?,
            small(hour)?,
            small(minute)?,
            small(second)?,
        )
        .ok_or_else(bad)
    }
}

/// A PDF date string converted to its XMP form, keeping its time zone.
///
/// Accepts `D:YYYY[MM[DD[HH[mm[SS]]]]][Z|+HH'mm'|-HH'mm']`; `None` otherwise.
pub(crate) fn pdf_date_to_xmp(date: &str) -> Option<String> {
    let s = date.trim().strip_prefix("D:").unwrap_or(date.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 || digits.len() % 2 != 0 || digits.len() > 14 {
        return None;
    }
    let field =
        |from: usize, default: &str| digits.get(from..from + 2).unwrap_or(default).to_string();
    let year = digits.get(0..4)?;
    let (month, day) = (field(4, "01"), field(6, "01"));
    let (hour, minute, second) = (field(8, "00"), field(10, "00"), field(12, "00"));
    let rest = s.get(digits.len()..).unwrap_or("");
    let zone = match rest.chars().next() {
        None | Some('Z') => "Z".to_string(),
        Some(sign @ ('+' | '-')) => {
            let z: String = rest.chars().skip(1).filter(char::is_ascii_digit).collect();
            let zh = z.get(0..2)?;
            let zm = z.get(2..4).unwrap_or("00");
            format!("{sign}{zh}:{zm}")
        }
        Some(_) => return None,
    };
    let ok = |v: &str, lo: u32, hi: u32| {
        v.parse::<u32>()
            .map(|n| (lo..=hi).contains(&n))
            .unwrap_or(false)
    };
    if !(ok(&month, 1, 12)
        && ok(&day, 1, 31)
        && ok(&hour, 0, 23)
        && ok(&minute, 0, 59)
        && ok(&second, 0, 59))
    {
        return None;
    }
    Some(format!(
        "{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"
    ))
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
    fn unix_to_civil() {
        let t = Timestamp::from_unix(1_700_000_000);
        assert_eq!(t.to_xmp(), "2023-11-14T22:13:20+00:00");
        assert_eq!(t.to_pdf(), "D:20231114221320+00'00'");
        assert_eq!(
            Timestamp::from_unix(951_782_400).to_xmp(),
            "2000-02-29T00:00:00+00:00"
        );
    }

    #[test]
    fn parses_utc_rfc3339() {
        let t: Timestamp = "2025-03-04T05:06:07Z".parse().unwrap();
        assert_eq!(t.to_pdf(), "D:20250304050607+00'00'");
        assert_eq!("2025-03-04T05:06:07+00:00".parse::<Timestamp>().unwrap(), t);
        assert_eq!(
            "2025-03-04".parse::<Timestamp>().unwrap().to_xmp(),
            "2025-03-04T00:00:00+00:00"
        );
        for bad in [
            "2025-03-04T05:06:07+02:00",
            "2025-02-30",
            "yesterday",
            "2025-03-04T05:06Z",
            "2025-03-04T05:06:07:08Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn checked_constructor() {
        assert!(Timestamp::new(2024, 2, 29, 0, 0, 0).is_some());
        assert!(Timestamp::new(2023, 2, 29, 0, 0, 0).is_none());
        assert!(Timestamp::new(2023, 13, 1, 0, 0, 0).is_none());
    }

    #[test]
    fn pdf_dates_convert() {
        assert_eq!(
            pdf_date_to_xmp("D:20240901165100+02'00'").unwrap(),
            "2024-09-01T16:51:00+02:00"
        );
        assert_eq!(pdf_date_to_xmp("D:2024").unwrap(), "2024-01-01T00:00:00Z");
        assert_eq!(
            pdf_date_to_xmp("D:20240901165100Z").unwrap(),
            "2024-09-01T16:51:00Z"
        );
        assert!(pdf_date_to_xmp("yesterday").is_none());
        assert!(pdf_date_to_xmp("D:20241301").is_none());
    }
}
