//! Decimal formatting without allocation: the writer formats a hundred
//! numbers per typical invoice, and `Decimal`'s `Display` into a `String`
//! was a sixth of the writing time.

use facturx_model::Decimal;

/// Writes `d` into `buf` with at least `min_scale` decimals (more when `d`
/// has more), and returns the text. `buf` must hold 64 bytes: a `Decimal`
/// has at most 29 digits and 28 decimals, plus sign, point and padding.
pub(super) fn format(d: Decimal, min_scale: u32, buf: &mut [u8; 64]) -> &str {
    let scale = d.scale().max(min_scale).min(28);
    let mut digits = d.mantissa().unsigned_abs();
    // Scale up to the requested number of decimals (lossless: only adds zeros).
    for _ in d.scale()..scale {
        digits = digits.saturating_mul(10);
    }
    let mut pos = buf.len();
    let mut written = 0u32;
    loop {
        // `digits % 10` is below 10, so the cast is exact.
        put(buf, &mut pos, b'0' + (digits % 10) as u8);
        digits /= 10;
        written += 1;
        if written == scale {
            put(buf, &mut pos, b'.');
        }
        if digits == 0 && written > scale {
            break;
        }
    }
    if d.is_sign_negative() && !d.is_zero() {
        put(buf, &mut pos, b'-');
    }
    // Only ASCII digits, '.' and '-' were written.
    buf.get(pos..)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("0")
}

/// Prepends `b` before `pos`. At most 41 bytes are ever written (39 digits
/// of a u128, point, sign), so the buffer of 64 never runs out.
fn put(buf: &mut [u8; 64], pos: &mut usize, b: u8) {
    if let Some(p) = pos.checked_sub(1)
        && let Some(slot) = buf.get_mut(p)
    {
        *slot = b;
        *pos = p;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use std::str::FromStr;

    fn f(s: &str, min: u32) -> String {
        let mut buf = [0u8; 64];
        format(Decimal::from_str(s).unwrap(), min, &mut buf).to_string()
    }

    #[test]
    fn formats_like_display_with_a_minimum_scale() {
        assert_eq!(f("0", 2), "0.00");
        assert_eq!(f("0", 0), "0");
        assert_eq!(f("36", 2), "36.00");
        assert_eq!(f("36.5", 2), "36.50");
        assert_eq!(f("-0.05", 2), "-0.05");
        assert_eq!(f("-12.345", 0), "-12.345");
        assert_eq!(f("0.0001", 0), "0.0001");
        assert_eq!(f("5.5", 0), "5.5");
        assert_eq!(f("20.00", 0), "20.00");
        assert_eq!(f("1234567.80", 2), "1234567.80");
        assert_eq!(
            f("79228162514264337593543950335", 0),
            "79228162514264337593543950335"
        );
        assert_eq!(
            f("-7.9228162514264337593543950335", 0),
            "-7.9228162514264337593543950335"
        );
    }

    #[test]
    fn agrees_with_display_on_many_values() {
        for m in [-100_001i64, -1, 0, 1, 7, 99, 100, 12_345, 99_999_999] {
            for scale in 0..6 {
                let d = Decimal::new(m, scale);
                assert_eq!(f(&d.to_string(), 0), d.to_string());
            }
        }
    }
}
