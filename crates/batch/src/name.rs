//! Safe, unique output file names: `<seller-id>_<invoice-number>.<ext>`.

use sha2::{Digest, Sha256};

use facturx_model::Invoice;

const MAX_PART: usize = 80;

/// The seller identifier used in file names: VAT number, else SIRET/SIREN,
/// else the seller's own identifier, else its name.
pub fn seller_key(invoice: &Invoice) -> &str {
    let s = &invoice.seller;
    s.vat_identifier
        .as_deref()
        .or(s.legal_registration.as_ref().map(|i| i.id.as_str()))
        .or(s.identifiers.first().map(|i| i.id.as_str()))
        .unwrap_or(&s.name)
}

/// `<seller>_<number>.<ext>`, each part reduced to ASCII letters, digits,
/// `-` and `.`. When that changed a part (or cut it to 80 characters), a
/// short hash of the original is appended so that two different numbers
/// never share a file: `F/1` and `F_1` become `F_1-1a2b3c4d` and `F_1-5e6f7a8b`.
pub fn file_name(seller: &str, number: &str, ext: &str) -> String {
    format!("{}_{}.{ext}", part(seller), part(number))
}

fn part(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    // No hidden files, no `..`.
    let trimmed = out.trim_start_matches('.').to_string();
    let changed = out != raw || trimmed != out || out.len() > MAX_PART || out.is_empty();
    out = trimmed;
    out.truncate(MAX_PART);
    if changed {
        let digest = Sha256::digest(raw.as_bytes());
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&hex);
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

    #[test]
    fn plain_names_stay_readable() {
        assert_eq!(
            file_name("FR32123456789", "F2026-001", "xml"),
            "FR32123456789_F2026-001.xml"
        );
    }

    #[test]
    fn unsafe_names_are_sanitised_and_stay_unique() {
        let a = file_name("FR1", "F/1", "xml");
        let b = file_name("FR1", "F_1", "xml");
        let c = file_name("FR1", "F:1", "xml");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("FR1_F_1-"), "{a}");
        assert_eq!(b, "FR1_F_1.xml");
        for n in ["../../etc/passwd", "..", ".hidden", "a\\b", "con", "é", ""] {
            let f = file_name("S", n, "xml");
            assert!(
                !f.contains('/') && !f.contains('\\') && !f.starts_with('.'),
                "{f}"
            );
            assert!(
                f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)),
                "{f}"
            );
        }
        assert!(file_name("S", &"x".repeat(500), "xml").len() < 200);
    }
}
