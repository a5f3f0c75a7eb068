//! `--init-mapping`: a starting mapping guessed from the beginning of an export.
//!
//! Each guess is written into the mapping with what it rests on (comments
//! under `# Detected:`), and [`guess_mapping`] returns the same notes for
//! the command to print: an ambiguous sample (dates that are all valid
//! day-first and month-first, say) is reported, not hidden.

mod columns;
mod values;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::field::{Field, Kind, Level};
use super::text::{Encoding, sniff_encoding};

pub use columns::normalize;
use columns::{Matched, column_name, is_ambiguous_vat, match_columns};

/// A guessed mapping and what the guess rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// The mapping, as TOML.
    pub toml: String,
    /// One line per guess: encoding, delimiter, numbers, dates, columns
    /// remapped from their values. Lines with `CHECK`, `AMBIGUOUS`,
    /// `CONFLICT` or `MONTH-FIRST` need the user's eye.
    pub notes: Vec<String>,
}

/// Writes a starting mapping (TOML) for an export, from its first bytes
/// (the header row and a few data rows; 64 KiB is plenty). See [`guess_mapping`].
pub fn init_mapping(sample: &[u8]) -> String {
    guess_mapping(sample).toml
}

/// Guesses a mapping from the first bytes of an export: the encoding, an
/// Excel `sep=` line, the delimiter, the number, date and rate formats from
/// the values, the columns whose names are common in French, English and
/// German exports, whether a column of amounts is per line or per invoice,
/// and whether the invoice number is written on the first row of each
/// invoice only (`fill_down`). Fields it could not map and that a valid
/// invoice needs are listed, commented out, under `[constants]`.
pub fn guess_mapping(sample: &[u8]) -> Guess {
    let mut notes = Vec::new();
    let encoding = sniff_encoding(sample);
    notes.push(match encoding {
        Encoding::Utf8 if sample.starts_with(b"\xEF\xBB\xBF") => "encoding: UTF-8 with BOM".to_string(),
        Encoding::Utf8 => "encoding: UTF-8 (the sample decodes as UTF-8)".to_string(),
        Encoding::Windows1252 => "encoding: windows-1252 (not UTF-8; ISO-8859-1 files read the same)".to_string(),
        Encoding::Utf16 => "encoding: UTF-16 (byte order mark; Excel's \"Unicode text\")".to_string(),
        Encoding::Iso8859_15 => "encoding: iso-8859-15 (not UTF-8; byte A4 without Windows-1252-only bytes: the euro sign of Latin-9)".to_string(),
    });
    let mut text = encoding.decode(sample);
    // A sample cut mid-row would give a broken last row: drop it.
    if sample.len() >= 64 * 1024 {
        if let Some(i) = text.rfind('\n') {
            text.truncate(i + 1);
        }
    }
    let (sep, body) = split_sep_line(&text);
    let delimiter = match sep {
        Some(d) => {
            notes.push(format!(
                "delimiter: {} (the Excel \"sep=\" first line)",
                show(d)
            ));
            d
        }
        None => {
            let d = guess_delimiter(body);
            notes.push(format!(
                "delimiter: {} (the most fields, consistent across rows)",
                show(d)
            ));
            d
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut records = reader.records().map_while(Result::ok);
    let header: Vec<String> = records
        .next()
        .map(|r| r.iter().map(|h| h.trim().to_string()).collect())
        .unwrap_or_default();
    let rows: Vec<csv::StringRecord> = records
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .take(200)
        .collect();

    let mut columns = match_columns(&header);
    let values = |index: usize| {
        rows.iter()
            .filter_map(move |r| r.get(index))
            .filter(|v| !v.trim().is_empty())
    };
    let index_of = |columns: &[Matched], field: Field| {
        columns.iter().find(|m| m.field == field).map(|m| m.index)
    };

    // "TVA" alone is a rate or an amount: the values tell.
    if let Some(m) = columns.iter_mut().find(|m| m.field == Field::CheckTaxTotal) {
        if is_ambiguous_vat(header.get(m.index).map_or("", String::as_str))
            && values::looks_like_rates(values(m.index))
        {
            notes.push(format!(
                "column {:?}: its values are VAT rates, mapped to line.vat_rate",
                header.get(m.index).map_or("", String::as_str)
            ));
            m.field = Field::LineVatRate;
        }
    }
    columns.sort_by_key(|m| (m.field, m.index));
    columns.dedup_by_key(|m| m.field);
    // No name column but a description: that is the item's name.
    if index_of(&columns, Field::LineName).is_none() {
        if let Some(m) = columns
            .iter_mut()
            .find(|m| m.field == Field::LineDescription)
        {
            notes.push("line.name: no name column, the description column is used".to_string());
            m.field = Field::LineName;
        }
    }
    let number_column = index_of(&columns, Field::Number);
    // A control-total column whose value changes within an invoice is a
    // line amount (Sage, EBP and SAP print "Montant HT" per line).
    if let Some(nc) = number_column {
        let varies = |index: usize| {
            let mut first: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
            rows.iter().any(|r| {
                let (Some(n), Some(v)) = (r.get(nc), r.get(index)) else {
                    return false;
                };
                !n.trim().is_empty() && *first.entry(n.trim()).or_insert(v) != v
            })
        };
        let has_line_amount = index_of(&columns, Field::LineNetAmount).is_some();
        let mut moved = Vec::new();
        columns.retain_mut(|m| {
            if !matches!(m.field, Field::CheckTaxBasisTotal | Field::CheckTaxTotal | Field::CheckGrandTotal) || !varies(m.index) {
                return true;
            }
            let name = header.get(m.index).cloned().unwrap_or_default();
            if m.field == Field::CheckTaxBasisTotal && !has_line_amount {
                moved.push(format!("column {name:?}: its values differ between rows of one invoice, mapped to line.net_amount"));
                m.field = Field::LineNetAmount;
                return true;
            }
            moved.push(format!("column {name:?}: its values differ between rows of one invoice: not a control total, left unmapped"));
            false
        });
        notes.extend(moved);
    }
    columns.sort_by_key(|m| (m.field, m.index));

    let fill_down = number_column.is_some_and(|nc| {
        let line_columns: Vec<usize> = columns
            .iter()
            .filter(|m| m.field.level() == Level::Line)
            .map(|m| m.index)
            .collect();
        rows.first()
            .and_then(|r| r.get(nc))
            .is_some_and(|n| !n.trim().is_empty())
            && rows.iter().any(|r| {
                r.get(nc).is_some_and(|n| n.trim().is_empty())
                    && line_columns
                        .iter()
                        .any(|&i| r.get(i).is_some_and(|v| !v.trim().is_empty()))
            })
    });
    if fill_down {
        notes.push("fill_down: some rows have lines but no invoice number: they continue the invoice above".to_string());
    }

    let of_kind = |kinds: &[Kind]| -> Vec<&str> {
        columns
            .iter()
            .filter(|m| kinds.contains(&m.field.kind()) && m.field != Field::LineVatRate)
            .flat_map(|m| values(m.index))
            .collect()
    };
    let default_decimal = if delimiter == b',' { '.' } else { ',' };
    let numbers = values::guess_numbers(
        of_kind(&[Kind::Amount, Kind::Decimal]).into_iter(),
        default_decimal,
    );
    notes.push(format!(
        "numbers: decimal {:?}, thousands {:?} ({})",
        numbers.decimal, numbers.thousands, numbers.note
    ));
    let dates = values::guess_dates(of_kind(&[Kind::Date]).into_iter());
    let date_format = dates.as_ref().map_or("%Y-%m-%d", |d| d.format.as_str());
    match &dates {
        Some(d) => notes.push(format!("dates: {:?} ({})", d.format, d.note)),
        None => notes.push("dates: no date values seen, %Y-%m-%d assumed; CHECK".to_string()),
    }
    let currency = guess_currency(&numbers, &of_kind(&[Kind::Amount, Kind::Decimal]));
    if let Some((_, note)) = &currency {
        if index_of(&columns, Field::Currency).is_none() {
            notes.push(note.clone());
        }
    }
    let rate_fraction = index_of(&columns, Field::LineVatRate)
        .is_some_and(|i| values::rates_are_fractions(values(i)));
    if rate_fraction {
        notes.push("VAT rates: written as fractions of 1 (0.2 for 20 %)".to_string());
    }
    let quantity_units = index_of(&columns, Field::LineQuantity).is_some_and(|i| {
        values(i).any(|v| {
            super::unit::split_quantity(v).is_some_and(|(_, w)| super::unit::code_for(w).is_some())
        })
    });
    if quantity_units {
        notes.push("quantities: written with their unit (2 PC, 2,5 h): the unit becomes the line's unit code".to_string());
    }
    // Credit notes written as negative amounts are a choice the user makes
    // (csv.negative_credit_notes): say that some were seen, set nothing.
    let negatives = of_kind(&[Kind::Amount, Kind::Decimal])
        .iter()
        .filter(|v| {
            let t = v.trim();
            t.starts_with('-') || t.ends_with('-') || (t.starts_with('(') && t.ends_with(')'))
        })
        .count();
    if negatives > 0 {
        notes.push(format!(
            "{negatives} negative quantities or amounts seen: if credit notes are written so, set negative_credit_notes = true; CHECK"
        ));
    }
    let empty_headers = header.iter().filter(|h| h.is_empty()).count();
    if empty_headers > 0 {
        notes.push(format!(
            "{empty_headers} column(s) without a header name (trailing delimiters) ignored"
        ));
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# facturx CSV mapping, generated by `facturx convert --init-mapping`."
    );
    let _ = writeln!(
        out,
        "# Check every line; the format is described in docs/csv-format.md."
    );
    let _ = writeln!(out, "# Detected:");
    for n in &notes {
        let _ = writeln!(out, "#   {n}");
    }
    let _ = writeln!(out, "\n[csv]");
    let delimiter_text = if delimiter == b'\t' {
        "\\t".to_string()
    } else {
        char::from(delimiter).to_string()
    };
    let _ = writeln!(out, "delimiter = {}", quote(&delimiter_text));
    let _ = writeln!(out, "encoding = {}", quote(encoding.name()));
    let _ = writeln!(
        out,
        "decimal_separator = {}",
        quote(&numbers.decimal.to_string())
    );
    let _ = writeln!(out, "thousands_separator = {}", quote(numbers.thousands));
    let _ = writeln!(out, "date_format = {}", quote(date_format));
    if dates.as_ref().is_some_and(|d| d.excel_serial) {
        let _ = writeln!(out, "excel_serial_dates = true");
    }
    if rate_fraction {
        let _ = writeln!(out, "vat_rate_format = \"fraction\"");
    }
    if fill_down {
        let _ = writeln!(out, "fill_down = true");
    }
    if quantity_units {
        let _ = writeln!(out, "quantity_units = true");
    }
    if negatives > 0 {
        let _ = writeln!(
            out,
            "# negative_credit_notes = true   # negative amounts seen, see # Detected:"
        );
    }
    let _ = writeln!(out, "max_open_invoices = 1024\n");
    let _ = writeln!(out, "# model field = \"column header\"");
    let _ = writeln!(out, "[columns]");
    for m in &columns {
        let _ = writeln!(
            out,
            "{} = {}",
            key(m.field.name()),
            quote(&column_name(&header, m.index))
        );
    }
    let unmapped: Vec<String> = (0..header.len())
        .filter(|i| !columns.iter().any(|m| m.index == *i))
        .filter(|i| header.get(*i).is_some_and(|h| !h.is_empty()))
        .map(|i| column_name(&header, i))
        .collect();
    if !unmapped.is_empty() {
        let _ = writeln!(
            out,
            "# columns not recognised (map them by hand if needed):"
        );
        for h in unmapped {
            let _ = writeln!(out, "#   {}", quote(&h));
        }
    }
    let _ = writeln!(
        out,
        "\n# values used for every invoice; a mapped column wins when not empty"
    );
    let _ = writeln!(out, "[constants]");
    let used: BTreeSet<Field> = columns.iter().map(|m| m.field).collect();
    let has = |f: Field| used.contains(&f);
    if !has(Field::Currency) {
        let code = currency.as_ref().map_or("EUR", |(c, _)| c.as_str());
        let _ = writeln!(out, "currency = {}", quote(code));
    }
    if !has(Field::SellerCountry) {
        let _ = writeln!(out, "\"seller.address.country\" = \"FR\"");
    }
    if !has(Field::BuyerCountry) {
        let _ = writeln!(out, "\"buyer.address.country\" = \"FR\"");
    }
    for (field, what) in [
        (Field::SellerName, "your company name (required)"),
        (
            Field::SellerVatId,
            "your VAT number, FR.. (required for standard-rated VAT)",
        ),
        (Field::SellerSiren, "your SIREN (required in France)"),
        (Field::SellerLine1, "street"),
        (Field::SellerPostcode, "post code"),
        (Field::SellerCity, "city"),
        (
            Field::PaymentTerms,
            "default payment terms, e.g. 30 jours fin de mois",
        ),
        (Field::LineUnit, "unit code, C62 (one) by default"),
    ] {
        if !has(field) {
            let _ = writeln!(out, "# {} = \"\"   # {what}", key(field.name()));
        }
    }
    let _ = writeln!(out, "\n[vat]");
    let _ = writeln!(
        out,
        "# category for a 0% rate when no category column is mapped: E, Z, AE, K or G"
    );
    let _ = writeln!(out, "# zero_rate_category = \"E\"");
    let _ = writeln!(
        out,
        "# exemption_reason = \"TVA non applicable, art. 293 B du CGI\""
    );
    Guess { toml: out, notes }
}

/// The currency written beside the amounts (`1 234,56 €`, `$300.00`), when
/// they all agree, with a note. `$` is taken as USD, flagged for checking.
fn guess_currency(numbers: &values::Numbers, amounts: &[&str]) -> Option<(String, String)> {
    let format = super::number::NumberFormat {
        decimal: numbers.decimal,
        thousands: numbers.thousands.chars().next(),
    };
    let mut seen: BTreeSet<String> = amounts
        .iter()
        .filter_map(|v| format.read(v).and_then(|n| n.currency))
        .collect();
    let first = seen.pop_first()?;
    if !seen.is_empty() {
        return None;
    }
    Some(if first == "$" {
        (
            "USD".to_string(),
            "currency: \"$\" beside the amounts, USD assumed; CHECK (CAD, AUD ... write $ too)"
                .to_string(),
        )
    } else {
        let note = format!("currency: {first} beside the amounts");
        (first, note)
    })
}

/// Excel's `sep=;` first line, and the text after it.
fn split_sep_line(text: &str) -> (Option<u8>, &str) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.trim_end_matches('\r');
    match first.strip_prefix("sep=").map(str::as_bytes) {
        Some([d]) if d.is_ascii() => (Some(*d), rest),
        _ => (None, text),
    }
}

/// The candidate delimiter whose header field count the most rows repeat,
/// then the one giving the most fields: a `;` export whose amounts hold
/// commas (`12,50`) has many commas per row, but not a constant number.
fn guess_delimiter(text: &str) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for d in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .map_while(Result::ok)
            .take(50)
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .map(|r| r.len())
            .collect();
        let Some(&fields) = counts.first() else {
            continue;
        };
        if fields < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == fields).count();
        if (agreeing, fields) > (best.0, best.1) {
            best = (agreeing, fields, d);
        }
    }
    best.2
}

fn show(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        d => format!("{:?}", char::from(d)),
    }
}

fn key(name: &str) -> String {
    if name.contains('.') {
        quote(name)
    } else {
        name.to_string()
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
