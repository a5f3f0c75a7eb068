//! CSV exports into the model: one file with one row per invoice line, or
//! two files (invoices and lines) joined by invoice number, adapted with a
//! TOML [`Mapping`].
//!
//! - [`Export`] streams an export: rows are read once and grouped into
//!   [`RawInvoice`]s, each emitted as soon as it is complete.
//! - [`build_invoice`] reads one into an [`facturx_model::Invoice`] with its
//!   totals, or returns every [`Problem`] with its physical row number.
//! - [`init_mapping`] writes a starting mapping from the beginning of an export.
//!
//! ```
//! use facturx_input::csv::{build_invoice, Export, Mapping};
//! use facturx_model::Profile;
//!
//! let mapping = Mapping::from_toml(r#"
//! [csv]
//! delimiter = ";"
//! decimal_separator = ","
//! date_format = "%d/%m/%Y"
//! [columns]
//! number = "Facture"
//! issue_date = "Date"
//! "buyer.name" = "Client"
//! "line.name" = "Article"
//! "line.quantity" = "Qté"
//! "line.price" = "PU HT"
//! "line.vat_rate" = "TVA"
//! [constants]
//! currency = "EUR"
//! "seller.name" = "ACME SAS"
//! "seller.vat_id" = "FR32123456789"
//! "seller.address.country" = "FR"
//! "buyer.address.country" = "FR"
//! "#)?;
//! let csv = "Facture;Date;Client;Article;Qté;PU HT;TVA\n\
//!            F1;05/11/2026;Client SA;Widget;3;10,00;20\n\
//!            F1;05/11/2026;Client SA;Gadget;1;2,50;20\n";
//! let mut export = Export::open(&mapping, Box::new(std::io::Cursor::new(csv)), None)?;
//! let raw = export.next_invoice()?.expect("one invoice");
//! let invoice = build_invoice(&raw, export.plan().expect("a header"), Profile::En16931)
//!     .map_err(|p| p[0].to_string())?;
//! assert_eq!(invoice.totals.expect("computed").grand_total.to_string(), "39.00");
//! assert!(export.next_invoice()?.is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod credit_note;
mod date;
mod error;
mod field;
mod group;
mod init;
mod mapping;
mod newline;
mod number;
mod problem;
mod rows;
mod text;
mod unit;

use std::io::Read;

pub use build::build_invoice;
pub use date::DateFormat;
pub use error::Error;
pub use field::{Field, Kind, Level};
pub use group::{Grouper, Join, RawInvoice};
pub use init::{Guess, guess_mapping, init_mapping, normalize};
pub use mapping::{CsvOptions, Mapping, Plan, RateFormat, VatOptions};
pub use number::{Number, NumberFormat};
pub use problem::Problem;
pub use rows::{Row, Rows};
pub use text::{Encoding, sniff_encoding, utf8_reader};

/// An export being read: its checked mapping and its invoices as a stream.
pub struct Export {
    plan: Option<Plan>,
    source: Source,
}

enum Source {
    Empty,
    Single(Box<Grouper>),
    Split(Box<Join>),
}

impl Export {
    /// Opens an export: `file` is the only file, or the invoices file when
    /// `lines` is given. Both are raw bytes in the mapping's encoding. A file
    /// without a header row is an empty export.
    pub fn open(
        mapping: &Mapping,
        file: Box<dyn Read + Send>,
        lines: Option<Box<dyn Read + Send>>,
    ) -> Result<Export, Error> {
        let delimiter = mapping.delimiter()?;
        let rows = Rows::new(utf8_reader(file, mapping.csv.encoding)?, delimiter)?;
        let line_rows = match lines {
            Some(l) => Some(Rows::new(utf8_reader(l, mapping.csv.encoding)?, delimiter)?),
            None => None,
        };
        if rows.header().is_empty() {
            return Ok(Export {
                plan: None,
                source: Source::Empty,
            });
        }
        if let Some(lr) = &line_rows {
            if lr.header().is_empty() {
                return Err(Error::Mapping("the lines file has no header row".into()));
            }
        }
        let plan = mapping.plan(rows.header(), line_rows.as_ref().map(Rows::header))?;
        let source = match line_rows {
            None => Source::Single(Box::new(
                Grouper::new(
                    rows,
                    plan.number_column,
                    plan.signature_columns.clone(),
                    plan.max_open,
                )
                .with_fill_down(plan.fill_down),
            )),
            Some(lr) => {
                let key = plan.line_number_column.unwrap_or(0);
                let lines =
                    Grouper::new(lr, key, Vec::new(), plan.max_open).with_fill_down(plan.fill_down);
                Source::Split(Box::new(Join::new(
                    rows,
                    plan.number_column,
                    lines,
                    plan.max_open,
                )))
            }
        };
        Ok(Export {
            plan: Some(plan),
            source,
        })
    }

    /// The checked mapping; `None` for an empty export.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// The next complete invoice.
    pub fn next_invoice(&mut self) -> Result<Option<RawInvoice>, Error> {
        match &mut self.source {
            Source::Empty => Ok(None),
            Source::Single(g) => g.next_invoice(),
            Source::Split(j) => j.next_invoice(),
        }
    }

    /// Bytes of text read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        match &self.source {
            Source::Empty => 0,
            Source::Single(g) => g.bytes_read(),
            Source::Split(j) => j.bytes_read(),
        }
    }
}

#[cfg(test)]
mod producer_tests;
#[cfg(test)]
mod tests;
