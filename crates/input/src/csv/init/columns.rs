//! Matching an export's header names to model fields.

use std::collections::BTreeSet;

use super::super::field::{Field, Kind};

/// Lowercase ASCII, accents folded, punctuation turned into single spaces:
/// `"N° Facture"` and `"n_facture"` both become `"n facture"`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'ñ' => "n",
            'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        if folded == " " && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push_str(folded);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A looser key than [`normalize`]: small words (`de`, `du`, `of` ...) and
/// spaces dropped, so `Numéro de facture`, `P.U. HT` and `PU HT` meet
/// `numero facture`, `pu ht`.
fn compact(normalized: &str) -> String {
    const SMALL: &[&str] = &["de", "du", "des", "d", "la", "le", "l", "of", "the", "en"];
    normalized
        .split(' ')
        .filter(|w| !SMALL.contains(w))
        .collect()
}

/// How well a header name matched a field's alias: lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    /// 0 normalised name, 1 compact key, 2 last segment of a path
    /// (`Invoice lines/Quantity`, Odoo's one-to-many columns).
    how: u8,
    /// Position of the alias in the field's list (the list is by preference).
    alias: usize,
}

/// One header column matched to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The field.
    pub field: Field,
    /// Index of the column in the header row.
    pub index: usize,
}

/// Header names that say "VAT" without saying whether they hold a rate or
/// an amount; the values decide (see `values::looks_like_rates`).
pub fn is_ambiguous_vat(header: &str) -> bool {
    matches!(
        normalize(last_segment(header)).as_str(),
        "tva" | "vat" | "tax" | "taxe" | "taxes" | "mwst" | "iva"
    )
}

fn last_segment(header: &str) -> &str {
    header.rsplit(['/', '>']).next().unwrap_or(header).trim()
}

/// Matches each header name to at most one field and each field to at most
/// one column: the best (how, alias position, column) match first, so
/// `Désignation` wins `line.name` over `Article` wherever they stand. A
/// header containing `%` is never an amount (`TVA %` is a rate).
pub fn match_columns(header: &[String]) -> Vec<Matched> {
    let mut candidates: Vec<(Rank, usize, Field)> = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let n = normalize(name);
        if n.is_empty() {
            continue;
        }
        let keys = [
            (0u8, n.clone()),
            (1, compact(&n)),
            (2, compact(&normalize(last_segment(name)))),
        ];
        let percent = name.contains('%');
        for &field in Field::ALL {
            if percent && matches!(field.kind(), Kind::Amount) {
                continue;
            }
            let aliases = field.aliases();
            let best = keys.iter().find_map(|(how, key)| {
                aliases
                    .iter()
                    .position(|a| match how {
                        0 => *a == key.as_str(),
                        _ => compact(a) == *key,
                    })
                    .map(|alias| Rank { how: *how, alias })
            });
            let best = best.or_else(|| {
                (percent && field == Field::LineVatRate && is_ambiguous_vat(name))
                    .then_some(Rank { how: 0, alias: 0 })
            });
            if let Some(rank) = best {
                candidates.push((rank, index, field));
            }
        }
    }
    candidates.sort();
    let mut used_fields = BTreeSet::new();
    let mut used_columns = BTreeSet::new();
    let mut out = Vec::new();
    for (_, index, field) in candidates {
        if used_fields.contains(&field) || used_columns.contains(&index) {
            continue;
        }
        used_fields.insert(field);
        used_columns.insert(index);
        out.push(Matched { field, index });
    }
    out
}

/// The name to write in the mapping for column `index`: its header name,
/// with `#n` when the header row holds that name several times.
pub fn column_name(header: &[String], index: usize) -> String {
    let Some(name) = header.get(index) else {
        return String::new();
    };
    let same: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == name)
        .map(|(i, _)| i)
        .collect();
    match same.iter().position(|&i| i == index) {
        Some(k) if same.len() > 1 => format!("{name}#{}", k + 1),
        _ => name.clone(),
    }
}
