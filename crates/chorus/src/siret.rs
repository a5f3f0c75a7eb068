//! SIREN and SIRET checks: shape, Luhn key and the La Poste exception.
//!
//! A SIREN (9 digits) identifies a French legal entity, a SIRET (14 digits:
//! the SIREN plus a 5-digit establishment number) one of its
//! establishments. Both end with a Luhn key. La Poste (SIREN `356000000`)
//! has more establishments than the key space allows, so INSEE gives its
//! SIRETs a different key: the sum of the 14 digits is a multiple of 5.

use std::fmt;

/// The SIREN of La Poste, whose SIRETs use the digit-sum key.
pub const LA_POSTE_SIREN: &str = "356000000";

/// What is wrong with a SIREN or SIRET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Not made of ASCII digits only (spaces included).
    NotDigits,
    /// Wrong number of digits.
    WrongLength {
        /// Digits expected (9 or 14).
        expected: usize,
        /// Characters found.
        found: usize,
    },
    /// The Luhn key (or La Poste's digit-sum key) does not match.
    BadKey,
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::NotDigits => f.write_str("contains characters other than digits"),
            IdProblem::WrongLength { expected, found } => {
                write!(f, "has {found} characters, {expected} digits expected")
            }
            IdProblem::BadKey => f.write_str("fails its check key (Luhn)"),
        }
    }
}

/// True when the digits pass the Luhn check (the rightmost digit is the key).
/// Non-digit input is never valid.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn shape(value: &str, expected: usize) -> Result<(), IdProblem> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdProblem::NotDigits);
    }
    let found = value.chars().count();
    if found != expected {
        return Err(IdProblem::WrongLength { expected, found });
    }
    Ok(())
}

/// Checks a SIREN: 9 digits with a valid Luhn key.
pub fn check_siren(value: &str) -> Result<(), IdProblem> {
    shape(value, 9)?;
    if luhn_valid(value) {
        Ok(())
    } else {
        Err(IdProblem::BadKey)
    }
}

/// Checks a SIRET: 14 digits, a valid SIREN prefix and a valid Luhn key over
/// the 14 digits; La Poste's SIRETs (SIREN `356000000`) are valid when their
/// digit sum is a multiple of 5.
pub fn check_siret(value: &str) -> Result<(), IdProblem> {
    shape(value, 14)?;
    let siren = value.get(..9).unwrap_or_default();
    if siren == LA_POSTE_SIREN {
        let sum: u32 = value.bytes().map(|b| u32::from(b - b'0')).sum();
        return if sum % 5 == 0 || luhn_valid(value) {
            Ok(())
        } else {
            Err(IdProblem::BadKey)
        };
    }
    if luhn_valid(siren) && luhn_valid(value) {
        Ok(())
    } else {
        Err(IdProblem::BadKey)
    }
}

/// The SIREN part of a well-formed SIRET or SIREN, if `value` is one.
pub fn siren_of(value: &str) -> Option<&str> {
    match value.len() {
        9 | 14 if value.bytes().all(|b| b.is_ascii_digit()) => value.get(..9),
        _ => None,
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

    #[test]
    fn luhn() {
        assert!(luhn_valid("123456782"));
        assert!(!luhn_valid("987654321"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a"));
    }

    #[test]
    fn sirets() {
        assert_eq!(check_siret("12345678200077"), Ok(()));
        assert_eq!(check_siret("12345678200078"), Err(IdProblem::BadKey));
        assert_eq!(
            check_siret("1234567820007"),
            Err(IdProblem::WrongLength {
                expected: 14,
                found: 13
            })
        );
        assert_eq!(check_siret("123 456 782 00077"), Err(IdProblem::NotDigits));
        // Luhn over 14 digits holds but the SIREN prefix key fails.
        assert_eq!(check_siret("98765432100007"), Err(IdProblem::BadKey));
        assert!(luhn_valid("98765432100007"));
    }

    #[test]
    fn la_poste_digit_sum() {
        // 3+5+6 + 0*6 + 0+0+0+1+1 = 16: not a multiple of 5, Luhn fails too.
        assert!(!luhn_valid("35600000000011"));
        assert_eq!(check_siret("35600000000011"), Err(IdProblem::BadKey));
        // 3+5+6 + 1+4+1 = 20: a multiple of 5.
        assert!(
            !luhn_valid("35600000000141"),
            "chosen so only the La Poste rule accepts it"
        );
        assert_eq!(check_siret("35600000000141"), Ok(()));
        // The same digits outside La Poste's SIREN are refused.
        assert_eq!(check_siret("12345678200141"), Err(IdProblem::BadKey));
    }

    #[test]
    fn sirens() {
        assert_eq!(check_siren("356000000"), Ok(()));
        assert_eq!(check_siren("987654321"), Err(IdProblem::BadKey));
        assert_eq!(siren_of("12345678200077"), Some("123456782"));
        assert_eq!(siren_of("abc"), None);
    }
}
