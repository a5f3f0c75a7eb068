//! Grouping rows into invoices as they stream by: one file grouped by
//! invoice number, or two files joined on it.
//!
//! Memory is bounded by `max_open_invoices` open invoices plus one entry per
//! invoice number already seen (to detect duplicates). See the
//! "Interleaved rows" section of `docs/csv-format.md` for the policy.

use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};

use super::Error;
use super::problem::Problem;
use super::rows::{Row, Rows};

/// The rows of one invoice, not yet read into the model.
#[derive(Debug, Clone)]
pub struct RawInvoice {
    /// BT-1 as written in the export (trimmed).
    pub number: String,
    /// Two-file exports: the row of the invoices file.
    pub header: Option<Row>,
    /// The line rows (one-file exports: every row of the invoice).
    pub rows: Vec<Row>,
    /// True for two-file exports: `rows` come from the lines file.
    pub split: bool,
    /// Grouping problems (duplicate number, lines without invoice ...): an
    /// invoice with any is rejected without conversion.
    pub problems: Vec<Problem>,
}

impl RawInvoice {
    fn new(number: String) -> RawInvoice {
        RawInvoice {
            number,
            header: None,
            rows: Vec::new(),
            split: false,
            problems: Vec::new(),
        }
    }

    /// Physical line numbers of the header row (two-file exports) or rows.
    pub fn header_lines(&self) -> Vec<u64> {
        match (&self.header, self.split) {
            (Some(h), _) => vec![h.line],
            (None, true) => Vec::new(),
            (None, false) => self.rows.iter().map(|r| r.line).collect(),
        }
    }

    /// Physical line numbers of the line rows of a two-file export.
    pub fn line_file_lines(&self) -> Vec<u64> {
        if self.split {
            self.rows.iter().map(|r| r.line).collect()
        } else {
            Vec::new()
        }
    }

    fn first_line(&self) -> u64 {
        self.header
            .as_ref()
            .or(self.rows.first())
            .map_or(0, |r| r.line)
    }
}

struct Open {
    seq: u64,
    signature: u64,
    invoice: RawInvoice,
    duplicate: Option<RawInvoice>,
}

/// Groups the rows of one file by the value of a key column, keeping at most
/// `max_open` invoices open (least recently used is completed first).
pub struct Grouper {
    rows: Rows,
    key: usize,
    signature: Vec<usize>,
    max_open: usize,
    open: HashMap<String, Open>,
    order: BTreeMap<u64, String>,
    seq: u64,
    closed: HashMap<String, u64>,
    ready: VecDeque<RawInvoice>,
    done: bool,
    fill_down: bool,
    last_row: Option<csv::StringRecord>,
}

impl Grouper {
    /// Groups `rows` by column `key`. Rows of one invoice number whose
    /// `signature` columns differ belong to another invoice with the same
    /// number: that later invoice is rejected as a duplicate.
    pub fn new(rows: Rows, key: usize, signature: Vec<usize>, max_open: usize) -> Grouper {
        Grouper {
            rows,
            key,
            signature,
            max_open: max_open.max(1),
            open: HashMap::new(),
            order: BTreeMap::new(),
            seq: 0,
            closed: HashMap::new(),
            ready: VecDeque::new(),
            done: false,
            fill_down: false,
            last_row: None,
        }
    }

    /// Rows with an empty key continue the invoice of the row above, their
    /// empty key and signature columns copied from it (`csv.fill_down`).
    pub fn with_fill_down(mut self, on: bool) -> Grouper {
        self.fill_down = on;
        self
    }

    /// Fills the empty key and signature columns of a continuation row.
    fn filled(&self, mut row: Row) -> Row {
        let Some(last) = &self.last_row else {
            return row;
        };
        if row
            .record
            .get(self.key)
            .is_some_and(|k| !k.trim().is_empty())
        {
            return row;
        }
        let header_column = |i: usize| i == self.key || self.signature.contains(&i);
        row.record = row
            .record
            .iter()
            .enumerate()
            .map(|(i, v)| match last.get(i) {
                Some(above) if header_column(i) && v.trim().is_empty() => above,
                _ => v,
            })
            .collect();
        row
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.rows.bytes_read()
    }

    /// The next complete invoice, in the order invoices are completed.
    pub fn next_invoice(&mut self) -> Result<Option<RawInvoice>, Error> {
        loop {
            if let Some(invoice) = self.ready.pop_front() {
                return Ok(Some(invoice));
            }
            if self.done {
                return Ok(None);
            }
            match self.rows.next_row()? {
                None => {
                    self.done = true;
                    while let Some((_, number)) = self.order.pop_first() {
                        self.close(&number);
                    }
                }
                Some(row) => self.add(row),
            }
        }
    }

    fn add(&mut self, row: Row) {
        let row = if self.fill_down {
            let row = self.filled(row);
            self.last_row = Some(row.record.clone());
            row
        } else {
            row
        };
        let number = row.record.get(self.key).unwrap_or("").trim().to_string();
        if number.is_empty() {
            let column = self.rows.header().get(self.key).cloned();
            let mut invoice = RawInvoice::new(number);
            invoice.problems.push(Problem::new(
                "CSV-MISSING",
                row.line,
                column,
                if self.fill_down {
                    "the invoice number (number) is empty, and no row above to continue".to_string()
                } else {
                    "the invoice number (number) is empty (if the export writes it on the first line of each invoice only, set csv.fill_down = true)".to_string()
                },
            ));
            invoice.rows.push(row);
            self.ready.push_back(invoice);
            return;
        }
        let signature = self.signature_of(&row);
        self.seq += 1;
        let seq = self.seq;
        if let Some(open) = self.open.get_mut(&number) {
            self.order.remove(&open.seq);
            self.order.insert(seq, number.clone());
            open.seq = seq;
            if open.signature == signature {
                open.invoice.rows.push(row);
            } else {
                let header = self.rows.header();
                let first = open.invoice.rows.first();
                let differing = self
                    .signature
                    .iter()
                    .find(|&&i| first.and_then(|f| f.record.get(i)) != row.record.get(i))
                    .and_then(|&i| header.get(i));
                let dup = open.duplicate.get_or_insert_with(|| {
                    let mut d = RawInvoice::new(number.clone());
                    d.problems.push(Problem::new(
                        "CSV-DUPLICATE",
                        row.line,
                        differing.cloned(),
                        format!(
                            "invoice number {number:?} is already used by the invoice at row {}, whose header values differ: a later invoice with the same number is rejected",
                            open.invoice.first_line()
                        ),
                    ));
                    d
                });
                dup.rows.push(row);
            }
            return;
        }
        if self.open.len() >= self.max_open {
            if let Some((_, oldest)) = self.order.pop_first() {
                self.close(&oldest);
            }
        }
        let mut invoice = RawInvoice::new(number.clone());
        if let Some(first) = self.closed.get(&number) {
            invoice.problems.push(Problem::new(
                "CSV-DUPLICATE",
                row.line,
                None,
                format!(
                    "invoice number {number:?} was already used by the invoice at row {first}: a duplicate number, or rows of one invoice separated by more than {} other invoices (sort the export or raise csv.max_open_invoices)",
                    self.max_open
                ),
            ));
        }
        invoice.rows.push(row);
        self.order.insert(seq, number.clone());
        self.open.insert(
            number,
            Open {
                seq,
                signature,
                invoice,
                duplicate: None,
            },
        );
    }

    fn close(&mut self, number: &str) {
        if let Some(open) = self.open.remove(number) {
            self.order.remove(&open.seq);
            let first = open.invoice.first_line();
            if let Entry::Vacant(v) = self.closed.entry(number.to_string()) {
                v.insert(first);
            }
            self.ready.push_back(open.invoice);
            if let Some(dup) = open.duplicate {
                self.ready.push_back(dup);
            }
        }
    }

    fn signature_of(&self, row: &Row) -> u64 {
        let mut h = DefaultHasher::new();
        for &i in &self.signature {
            row.record.get(i).unwrap_or("").trim().hash(&mut h);
        }
        h.finish()
    }
}

/// Joins an invoices file and a lines file on the invoice number. Both are
/// expected in about the same order: lines may run ahead of their invoice
/// row by at most `max_open` invoices.
pub struct Join {
    headers: Rows,
    key: usize,
    lines: Grouper,
    max_open: usize,
    stash: HashMap<String, RawInvoice>,
    seen: HashMap<String, u64>,
    ready: VecDeque<RawInvoice>,
    done: bool,
}

impl Join {
    /// Joins `headers` (invoice number in column `key`) with the invoices
    /// grouped from the lines file.
    pub fn new(headers: Rows, key: usize, lines: Grouper, max_open: usize) -> Join {
        Join {
            headers,
            key,
            lines,
            max_open: max_open.max(1),
            stash: HashMap::new(),
            seen: HashMap::new(),
            ready: VecDeque::new(),
            done: false,
        }
    }

    /// Bytes read so far from both files.
    pub fn bytes_read(&self) -> u64 {
        self.headers.bytes_read() + self.lines.bytes_read()
    }

    /// The next joined invoice.
    pub fn next_invoice(&mut self) -> Result<Option<RawInvoice>, Error> {
        loop {
            if let Some(invoice) = self.ready.pop_front() {
                return Ok(Some(invoice));
            }
            if self.done {
                return Ok(None);
            }
            let Some(header) = self.headers.next_row()? else {
                self.done = true;
                let mut rest: Vec<RawInvoice> = self.stash.drain().map(|(_, v)| v).collect();
                rest.sort_by_key(RawInvoice::first_line);
                for g in rest {
                    self.ready.push_back(self.orphan(g));
                }
                while let Some(g) = self.lines.next_invoice()? {
                    let g = self.orphan(g);
                    self.ready.push_back(g);
                }
                continue;
            };
            let number = header.record.get(self.key).unwrap_or("").trim().to_string();
            let mut invoice = RawInvoice::new(number.clone());
            invoice.split = true;
            let line = header.line;
            if number.is_empty() {
                let column = self.headers.header().get(self.key).cloned();
                invoice.problems.push(Problem::new(
                    "CSV-MISSING",
                    line,
                    column,
                    "the invoice number (number) is empty".to_string(),
                ));
                invoice.header = Some(header);
                self.ready.push_back(invoice);
                continue;
            }
            invoice.header = Some(header);
            if let Some(first) = self.seen.get(&number) {
                invoice.problems.push(Problem::new(
                    "CSV-DUPLICATE",
                    line,
                    None,
                    format!("invoice number {number:?} was already used by the invoice at row {first} of the invoices file"),
                ));
                self.ready.push_back(invoice);
                continue;
            }
            self.seen.insert(number.clone(), line);
            let mut found = self.stash.remove(&number);
            while found.is_none() && self.stash.len() < self.max_open {
                let Some(g) = self.lines.next_invoice()? else {
                    break;
                };
                if g.number == number {
                    found = Some(g);
                } else if self.seen.contains_key(&g.number) {
                    let g = self.orphan(g);
                    self.ready.push_back(g);
                } else {
                    match self.stash.entry(g.number.clone()) {
                        Entry::Occupied(mut o) => o.get_mut().rows.extend(g.rows),
                        Entry::Vacant(v) => {
                            v.insert(g);
                        }
                    }
                }
            }
            match found {
                Some(g) => {
                    invoice.rows = g.rows;
                    invoice.problems.extend(g.problems.into_iter().map(|mut p| {
                        p.lines_file = true;
                        p
                    }));
                }
                None => invoice.problems.push(Problem::new(
                    "CSV-NO-LINES",
                    line,
                    None,
                    format!(
                        "no rows for invoice {number:?} in the lines file (looked {} invoices ahead)",
                        self.max_open
                    ),
                )),
            }
            self.ready.push_back(invoice);
        }
    }

    fn orphan(&self, mut g: RawInvoice) -> RawInvoice {
        let line = g.first_line();
        let message = if self.seen.contains_key(&g.number) {
            format!(
                "these lines of invoice {:?} come more than {} invoices after its row in the invoices file, or repeat it",
                g.number, self.max_open
            )
        } else {
            format!("no row for invoice {:?} in the invoices file", g.number)
        };
        let mut problem = Problem::new("CSV-ORPHAN-LINES", line, None, message);
        problem.lines_file = true;
        g.problems.push(problem);
        g.split = true;
        g
    }
}
