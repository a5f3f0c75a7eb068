//! The TOML mapping file: how an export's columns become model fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Error;
use super::date::DateFormat;
use super::field::{Field, Level};
use super::number::NumberFormat;
use super::text::Encoding;
use facturx_model::VatCategory;

/// A mapping file, as read from TOML. See `docs/csv-format.md`.
///
/// ```toml
/// [csv]
/// delimiter = ";"
/// encoding = "windows-1252"
/// decimal_separator = ","
/// thousands_separator = " "
/// date_format = "%d/%m/%Y"
///
/// [columns]
/// number = "N° facture"
/// "line.price" = "Prix unitaire HT"
///
/// [constants]
/// "seller.name" = "ACME SAS"
/// currency = "EUR"
///
/// [vat]
/// zero_rate_category = "E"
/// exemption_reason = "TVA non applicable, art. 293 B du CGI"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// How the file is written.
    #[serde(default)]
    pub csv: CsvOptions,
    /// Model field name to column header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Model field name to a value used for every invoice (seller identity,
    /// currency, default payment terms ...). A column, when mapped and not
    /// empty on a row, wins over the constant.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    /// VAT category inference.
    #[serde(default)]
    pub vat: VatOptions,
}

/// The `[csv]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CsvOptions {
    /// Field delimiter, one character (`;` in most French exports).
    pub delimiter: String,
    /// Character encoding.
    pub encoding: Encoding,
    /// Decimal separator: `.` or `,`.
    pub decimal_separator: String,
    /// Thousands separator, or empty for none. `" "` also accepts no-break spaces.
    pub thousands_separator: String,
    /// Date format (`%d/%m/%Y`, `%Y-%m-%d` ...).
    pub date_format: String,
    /// How many invoices may be open at once while grouping rows (see the
    /// "Interleaved rows" section of `docs/csv-format.md`).
    pub max_open_invoices: usize,
    /// How VAT rates are written: `"percent"` (20, 5,5, `20 %`; default)
    /// or `"fraction"` (0.2, 0.055, as Pennylane and spreadsheets write them).
    pub vat_rate_format: RateFormat,
    /// Accept Excel serial day numbers (`46053` for 2026-01-31, 1900 date
    /// system) in date columns, besides `date_format`: what Excel writes
    /// when a date cell lost its format.
    pub excel_serial_dates: bool,
    /// A row whose invoice number is empty continues the invoice above
    /// (Odoo and other exports write the invoice's fields on its first line
    /// only); its empty header columns are taken from the row above.
    pub fill_down: bool,
    /// The export writes credit notes as negative amounts (Sage, EBP, SAP
    /// "avoirs"): an invoice whose total is negative is written as a credit
    /// note (381) with positive amounts. Without it, a credit note (381)
    /// with a negative total is rejected as contradictory.
    pub negative_credit_notes: bool,
    /// A quantity may be followed by its unit (`2 PC`, `2,5 h`, `5 L`, as
    /// SAP writes): the unit becomes the line's unit code (BT-130).
    pub quantity_units: bool,
}

/// How VAT rates are written (`csv.vat_rate_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateFormat {
    /// 20 for 20 %; a value strictly between 0 and 1 is refused as ambiguous.
    #[default]
    Percent,
    /// 0.2 for 20 %; a value followed by `%` is still read as a percentage.
    Fraction,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: ",".to_string(),
            encoding: Encoding::Utf8,
            decimal_separator: ".".to_string(),
            thousands_separator: String::new(),
            date_format: "%Y-%m-%d".to_string(),
            max_open_invoices: 1024,
            vat_rate_format: RateFormat::Percent,
            excel_serial_dates: false,
            fill_down: false,
            negative_credit_notes: false,
            quantity_units: false,
        }
    }
}

/// The `[vat]` table: VAT category (BT-151) inference when no category column is mapped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VatOptions {
    /// Category for a zero rate (`E` exempt, `Z` zero rated, `AE` reverse
    /// charge, `K` intra-community, `G` export). Without it, a zero rate and no
    /// category column rejects the invoice: the right category is a legal choice.
    pub zero_rate_category: Option<String>,
    /// Explicit rate to category table, e.g. `"0" = "K"`; wins over the rules above.
    pub categories: BTreeMap<String, String>,
    /// BT-120 exemption reason written for exempt categories when the export
    /// gives none (mandatory for `E`, BR-E-10).
    pub exemption_reason: Option<String>,
}

/// A mapping checked against an export's header row.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) header: Vec<(Field, Source)>,
    pub(crate) lines: Vec<(Field, Source)>,
    /// Column of the invoice number in the (invoices) file.
    pub(crate) number_column: usize,
    /// Column of the invoice number in the lines file of a two-file export.
    pub(crate) line_number_column: Option<usize>,
    /// Columns that make a header row's identity (for duplicate detection).
    pub(crate) signature_columns: Vec<usize>,
    pub(crate) numbers: NumberFormat,
    pub(crate) dates: DateFormat,
    /// The date format as written in the mapping (for messages).
    pub(crate) date_format: String,
    pub(crate) zero_rate_category: Option<VatCategory>,
    pub(crate) rate_categories: Vec<(rust_decimal::Decimal, VatCategory)>,
    pub(crate) exemption_reason: Option<String>,
    pub(crate) max_open: usize,
    pub(crate) rate_fraction: bool,
    pub(crate) excel_serial_dates: bool,
    pub(crate) fill_down: bool,
    pub(crate) negative_credit_notes: bool,
    pub(crate) quantity_units: bool,
}

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// A column (index, header name) with an optional fallback constant.
    Column(usize, String, Option<String>),
    /// A constant.
    Constant(String),
}

const MANDATORY: &[Field] = &[
    Field::Number,
    Field::IssueDate,
    Field::Currency,
    Field::SellerName,
    Field::SellerCountry,
    Field::BuyerName,
    Field::BuyerCountry,
    Field::LineName,
    Field::LineQuantity,
    Field::LinePrice,
];

impl Mapping {
    /// Reads a mapping from TOML text.
    pub fn from_toml(text: &str) -> Result<Mapping, Error> {
        toml::from_str(text).map_err(|e| Error::Mapping(e.to_string()))
    }

    /// The delimiter byte.
    pub fn delimiter(&self) -> Result<u8, Error> {
        match self.csv.delimiter.as_bytes() {
            [b] if b.is_ascii() => Ok(*b),
            _ if self.csv.delimiter == "\\t" => Ok(b'\t'),
            _ => Err(Error::Mapping(format!(
                "csv.delimiter: {:?} is not one ASCII character",
                self.csv.delimiter
            ))),
        }
    }

    /// Checks the mapping against the header row of the invoices file (or
    /// the only file) and, for a two-file export, of the lines file.
    pub fn plan(&self, header: &[String], lines_header: Option<&[String]>) -> Result<Plan, Error> {
        let mut fields: BTreeMap<Field, Source> = BTreeMap::new();
        for (name, column) in &self.columns {
            let field = Field::from_name(name).ok_or_else(|| unknown_field(name))?;
            let in_header = match (field.level(), lines_header) {
                (Level::Line, Some(lh)) => lh,
                _ => header,
            };
            let index = find_column(in_header, column, field.name())?;
            fields.insert(
                field,
                Source::Column(index, column.clone(), self.constants.get(name).cloned()),
            );
        }
        for (name, value) in &self.constants {
            let field = Field::from_name(name).ok_or_else(|| unknown_field(name))?;
            fields
                .entry(field)
                .or_insert_with(|| Source::Constant(value.clone()));
        }
        for field in MANDATORY {
            if !fields.contains_key(field) {
                return Err(Error::UnmappedField(field.name()));
            }
        }
        if !fields.contains_key(&Field::LineVatRate)
            && !fields.contains_key(&Field::LineVatCategory)
        {
            return Err(Error::UnmappedField("line.vat_rate"));
        }
        let number_column = match fields.get(&Field::Number) {
            Some(Source::Column(i, ..)) => *i,
            _ => return Err(Error::Mapping("number must be mapped to a column".into())),
        };
        let line_number_column = match lines_header {
            None => None,
            Some(lh) => Some(match fields.get(&Field::LineInvoiceNumber) {
                Some(Source::Column(i, ..)) => *i,
                _ => {
                    let name = self.columns.get("number").map(String::as_str).unwrap_or("");
                    find_column(lh, name, "line.invoice_number")?
                }
            }),
        };
        let decimal = single_char(&self.csv.decimal_separator, "csv.decimal_separator")?;
        if decimal != '.' && decimal != ',' {
            return Err(Error::Mapping(
                "csv.decimal_separator: must be \".\" or \",\"".into(),
            ));
        }
        let thousands = match self.csv.thousands_separator.as_str() {
            "" => None,
            t => Some(single_char(t, "csv.thousands_separator")?),
        };
        if thousands == Some(decimal) {
            return Err(Error::Mapping(
                "csv.thousands_separator: must differ from the decimal separator".into(),
            ));
        }
        let numbers = NumberFormat { decimal, thousands };
        let dates = DateFormat::new(&self.csv.date_format).ok_or_else(|| {
            Error::Mapping(format!(
                "csv.date_format: {:?} needs %d, %m and %Y (or %y); supported: %d %m %Y %y %H %M %S %%",
                self.csv.date_format
            ))
        })?;
        let category = |code: &str, key: &str| {
            VatCategory::from_code(code).ok_or_else(|| {
                Error::Mapping(format!("{key}: {code:?} is not a VAT category code"))
            })
        };
        let zero_rate_category = self
            .vat
            .zero_rate_category
            .as_deref()
            .map(|c| category(c, "vat.zero_rate_category"))
            .transpose()?;
        let mut rate_categories = Vec::new();
        for (rate, code) in &self.vat.categories {
            let r = numbers
                .parse(rate)
                .or_else(|| NumberFormat::default().parse(rate))
                .ok_or_else(|| Error::Mapping(format!("vat.categories: {rate:?} is not a rate")))?;
            rate_categories.push((r, category(code, "vat.categories")?));
        }
        if self.csv.max_open_invoices == 0 {
            return Err(Error::Mapping(
                "csv.max_open_invoices: must be at least 1".into(),
            ));
        }
        let mut header_fields = Vec::new();
        let mut line_fields = Vec::new();
        let mut signature_columns = Vec::new();
        for (field, source) in fields {
            match field.level() {
                Level::Header => {
                    if let Source::Column(i, ..) = source {
                        if field != Field::Number {
                            signature_columns.push(i);
                        }
                    }
                    header_fields.push((field, source));
                }
                Level::Line => line_fields.push((field, source)),
            }
        }
        Ok(Plan {
            header: header_fields,
            lines: line_fields,
            number_column,
            line_number_column,
            signature_columns,
            numbers,
            dates,
            date_format: self.csv.date_format.clone(),
            zero_rate_category,
            rate_categories,
            exemption_reason: self.vat.exemption_reason.clone(),
            max_open: self.csv.max_open_invoices,
            rate_fraction: self.csv.vat_rate_format == RateFormat::Fraction,
            excel_serial_dates: self.csv.excel_serial_dates,
            fill_down: self.csv.fill_down,
            negative_credit_notes: self.csv.negative_credit_notes,
            quantity_units: self.csv.quantity_units,
        })
    }
}

fn unknown_field(name: &str) -> Error {
    Error::UnknownField(name.to_string())
}

fn single_char(s: &str, key: &str) -> Result<char, Error> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(Error::Mapping(format!("{key}: {s:?} is not one character"))),
    }
}

/// Finds a column by header name: exact match first, then ignoring case,
/// accents and surrounding space. A name the header row holds several
/// times is ambiguous: `"Montant#2"` names its second occurrence.
fn find_column(header: &[String], name: &str, field: &'static str) -> Result<usize, Error> {
    let exact: Vec<usize> = positions(header, |h| h == name);
    let found = if exact.is_empty() {
        let want = super::init::normalize(name);
        positions(header, |h| super::init::normalize(h) == want)
    } else {
        exact
    };
    match found.as_slice() {
        [i] => return Ok(*i),
        [_, _, ..] => {
            return Err(Error::Mapping(format!(
                "column {name:?} appears {} times in the header row: write {:?} for the second one, and so on",
                found.len(),
                format!("{name}#2")
            )));
        }
        [] => {}
    }
    let occurrence = name.rsplit_once('#').and_then(|(base, n)| {
        let n: usize = n.parse().ok().filter(|n| *n >= 1)?;
        let want = super::init::normalize(base);
        let same = positions(header, |h| h == base);
        let same = if same.is_empty() {
            positions(header, |h| super::init::normalize(h) == want)
        } else {
            same
        };
        same.get(n - 1).copied()
    });
    occurrence.ok_or_else(|| Error::MissingColumn {
        field,
        column: name.to_string(),
    })
}

fn positions(header: &[String], matches: impl Fn(&str) -> bool) -> Vec<usize> {
    header
        .iter()
        .enumerate()
        .filter(|(_, h)| matches(h))
        .map(|(i, _)| i)
        .collect()
}
