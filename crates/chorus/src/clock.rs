//! Today's date, from the system clock or injected for tests.

use std::time::{SystemTime, UNIX_EPOCH};

use facturx_model::Date;

use crate::Error;

/// Today's date in UTC, from the system clock.
///
/// Chorus Pro compares BT-2 with the deposit date; UTC keeps the answer the
/// same wherever the check runs. Fails only when the clock is before 1970.
pub fn today_utc() -> Result<Date, Error> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Error::Clock)?
        .as_secs();
    i64::try_from(secs / 86_400)
        .ok()
        .and_then(date_from_unix_days)
        .ok_or(Error::Clock)
}

/// The civil date `days` days after 1970-01-01 (proleptic Gregorian), for
/// years 1 to 9999.
pub fn date_from_unix_days(days: i64) -> Option<Date> {
    Date::from_unix_days(days)
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
    fn civil_dates() {
        assert_eq!(date_from_unix_days(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(
            date_from_unix_days(11_016).unwrap().to_string(),
            "2000-02-29"
        );
        assert_eq!(
            date_from_unix_days(20_415).unwrap().to_string(),
            "2025-11-23"
        );
        assert!(today_utc().unwrap().year() >= 2025);
    }
}
