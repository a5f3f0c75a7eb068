//! Quantities written with their unit (`2 PC`, `2,5 h`, `5 L`), as SAP and
//! hand-made spreadsheets do: the word is translated to its UN/ECE
//! Recommendation 20 code (BT-130) by a small table, never guessed: a word
//! not in the table rejects the line.

/// Splits `"2,5 h"` into `("2,5", "h")`: a number, spaces, then one word
/// of letters (and `²`, `³` or digits after the first letter: `m2`, `m³`).
pub(crate) fn split_quantity(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let start = t
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, _)| i)?;
    let (number, word) = (t.get(..start)?.trim_end(), t.get(start..)?);
    let word_ok = word
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '²' | '³' | '.'));
    (!number.is_empty()
        && word_ok
        && number.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '-'))
    .then_some((number, word))
}

/// The UN/ECE Rec 20 code of a unit word, case and accents ignored.
pub(crate) fn code_for(word: &str) -> Option<&'static str> {
    let w = word
        .trim_end_matches('.')
        .replace('²', "2")
        .replace('³', "3");
    let w = super::init::normalize(&w).replace(' ', "");
    Some(match w.as_str() {
        "h" | "hr" | "hrs" | "heure" | "heures" | "hour" | "hours" | "std" => "HUR",
        "min" | "minute" | "minutes" => "MIN",
        "j" | "jr" | "jour" | "jours" | "day" | "days" | "tag" | "tage" => "DAY",
        "sem" | "semaine" | "semaines" | "week" | "weeks" => "WEE",
        "mois" | "month" | "months" => "MON",
        "an" | "ans" | "annee" | "annees" | "year" | "years" => "ANN",
        "kg" => "KGM",
        "g" => "GRM",
        "t" => "TNE",
        "l" | "litre" | "litres" | "liter" | "liters" => "LTR",
        "ml" => "MLT",
        "m" | "metre" | "metres" | "meter" | "meters" => "MTR",
        "km" => "KMT",
        "cm" => "CMT",
        "mm" => "MMT",
        "m2" => "MTK",
        "m3" => "MTQ",
        "kwh" => "KWH",
        "pc" | "pcs" | "pce" | "piece" | "pieces" | "st" | "stk" | "stuck" => "H87",
        "u" | "un" | "unite" | "unites" | "unit" | "units" | "ea" | "each" => "C62",
        "forfait" | "ls" => "LS",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn quantities_with_units() {
        assert_eq!(split_quantity("2 PC"), Some(("2", "PC")));
        assert_eq!(split_quantity("2,5 h"), Some(("2,5", "h")));
        assert_eq!(split_quantity("12m²"), Some(("12", "m²")));
        assert_eq!(split_quantity("-1 pce"), Some(("-1", "pce")));
        assert_eq!(split_quantity("2"), None);
        assert_eq!(split_quantity("PC"), None);
        assert_eq!(split_quantity("2 PC €"), None);
        assert_eq!(code_for("PC"), Some("H87"));
        assert_eq!(code_for("Heures"), Some("HUR"));
        assert_eq!(code_for("m²"), Some("MTK"));
        assert_eq!(code_for("L"), Some("LTR"));
        assert_eq!(code_for("jours"), Some("DAY"));
        assert_eq!(code_for("boîte"), None);
    }
}
