//! Reading rows with their physical line numbers.

use std::io::Read;

use csv::{ByteRecord, StringRecord};

use super::Error;
use super::newline::{LineCounter, NewlineReader};
use super::problem::Problem;

/// One data row: its physical line in the file (the line where the record
/// starts, counting from 1, header included) and its fields.
#[derive(Debug, Clone)]
pub struct Row {
    /// Physical line number where the row starts.
    pub line: u64,
    /// The fields.
    pub record: StringRecord,
    /// A problem with the row itself (bad UTF-8, wrong number of fields).
    pub problem: Option<Problem>,
}

/// Rows of one CSV file, read once, with the header row kept apart.
pub struct Rows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    header: Vec<String>,
    lines: LineCounter,
    record: ByteRecord,
    bytes_read: u64,
}

impl Rows {
    /// Reads the header row of `input` (already UTF-8, see
    /// [`super::utf8_reader`]). An empty input has an empty header and no rows.
    pub fn new(input: Box<dyn Read + Send>, delimiter: u8) -> Result<Rows, Error> {
        let lines = LineCounter::default();
        let mut reader =
            csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(
                    Box::new(NewlineReader::new(input, lines.clone())) as Box<dyn Read + Send>
                );
        let mut first = ByteRecord::new();
        let mut has_header = reader.read_byte_record(&mut first).map_err(Error::Csv)?;
        if has_header {
            if let Some(sep) = sep_line(&first, delimiter) {
                if sep != delimiter {
                    return Err(Error::Mapping(format!(
                        "the file's first line is \"sep={}\" but csv.delimiter is {:?}",
                        char::from(sep),
                        char::from(delimiter)
                    )));
                }
                has_header = reader.read_byte_record(&mut first).map_err(Error::Csv)?;
            }
        }
        let header = if has_header {
            first
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect()
        } else {
            Vec::new()
        };
        Ok(Rows {
            reader,
            header,
            lines,
            record: ByteRecord::new(),
            bytes_read: 0,
        })
    }

    /// The header row.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Bytes of UTF-8 text consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The next data row; `Ok(None)` at the end. Blank lines are skipped. An
    /// I/O error or a malformed quote ends reading with an error.
    pub fn next_row(&mut self) -> Result<Option<Row>, Error> {
        loop {
            if !self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(Error::Csv)?
            {
                return Ok(None);
            }
            let start = self.record.position().map_or(0, csv::Position::byte);
            let line = self.lines.line_of(start);
            self.bytes_read = self.reader.position().byte();
            // Blank lines, and lines of bare delimiters (`;;;;` spreadsheets
            // leave below the data), hold no value to lose.
            if self.record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            let mut problem = None;
            let record = match StringRecord::from_byte_record(self.record.clone()) {
                Ok(r) => r,
                Err(e) => {
                    let field = e.utf8_error().field();
                    let column = self.header.get(field).cloned();
                    problem = Some(Problem::new(
                        "CSV-ENCODING",
                        line,
                        column,
                        "not valid UTF-8: set csv.encoding = \"windows-1252\" in the mapping if the export is ANSI".to_string(),
                    ));
                    let lossy: Vec<String> = self
                        .record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    StringRecord::from(lossy)
                }
            };
            if problem.is_none() && record.len() != self.header.len() {
                problem = Some(Problem::new(
                    "CSV-ROW",
                    line,
                    None,
                    format!(
                        "{} fields, the header row has {}",
                        record.len(),
                        self.header.len()
                    ),
                ));
            }
            return Ok(Some(Row {
                line,
                record,
                problem,
            }));
        }
    }
}

/// Excel's `sep=;` first line (what it writes, and reads, to name the
/// delimiter): the delimiter it names, when `record` is that line.
fn sep_line(record: &ByteRecord, delimiter: u8) -> Option<u8> {
    let first = record.get(0)?;
    let rest = first.strip_prefix(b"sep=")?;
    match (rest, record.len()) {
        // "sep=;" read with ';' as the delimiter: "sep=" and "".
        ([], 2) if record.get(1).is_some_and(<[u8]>::is_empty) => Some(delimiter),
        ([b], 1) => Some(*b),
        _ => None,
    }
}
