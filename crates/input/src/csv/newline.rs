//! Line endings made `\n` before the CSV reader sees them.
//!
//! The `csv` crate counts lines at each `\n` but ends a record at the `\r`
//! of a CRLF pair, so every record of a CRLF file (what Windows software
//! writes) started one line "early", and with old Mac `\r` endings every
//! record was on line 1. Row numbers are the physical lines an editor
//! shows (`docs/csv-format.md`), so `\r\n` and a lone `\r` become `\n` here;
//! a CRLF inside a quoted field becomes `\n` as well, which is what the
//! model keeps for multi-line text anyway.
//!
//! The `csv` crate does not count the blank lines it skips either, so the
//! line of a record is counted here: the reader notes the offset of every
//! `\n` it hands out ([`LineCounter`]), and a record starting at byte `b`
//! is on the line after every `\n` before `b`, plus the blank lines that
//! directly follow `b` (the crate places a record after skipped blank
//! lines at the start of those lines).

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, PoisonError};

/// Wraps a reader, turning `\r\n` and lone `\r` into `\n`.
pub struct NewlineReader<R> {
    inner: R,
    /// The previous chunk ended with `\r`: a `\n` starting this one is its pair.
    after_cr: bool,
    /// Bytes handed out so far.
    offset: u64,
    lines: LineCounter,
}

impl<R: Read> NewlineReader<R> {
    /// Wraps `inner`; `lines` learns where its line ends are.
    pub fn new(inner: R, lines: LineCounter) -> NewlineReader<R> {
        NewlineReader {
            inner,
            after_cr: false,
            offset: 0,
            lines,
        }
    }
}

/// Offsets of the `\n`s read ahead of the CSV parser, shared between the
/// reader (which pushes them) and the row reader (which pops them): it
/// holds at most the parser's read-ahead buffer's worth.
#[derive(Debug, Clone, Default)]
pub struct LineCounter {
    inner: Arc<Mutex<Counter>>,
}

#[derive(Debug, Default)]
struct Counter {
    pending: VecDeque<u64>,
    /// Line ends already popped.
    passed: u64,
}

impl LineCounter {
    fn push(&self, offsets: &[u64]) {
        let mut c = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        c.pending.extend(offsets);
    }

    /// The physical line (from 1) of the record whose parse started at byte
    /// `start`; records must be asked for in order.
    pub fn line_of(&self, start: u64) -> u64 {
        let mut c = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        while c.pending.front().is_some_and(|&o| o < start) {
            c.pending.pop_front();
            c.passed += 1;
        }
        let mut at = start;
        while c.pending.front() == Some(&at) {
            c.pending.pop_front();
            c.passed += 1;
            at += 1;
        }
        c.passed + 1
    }
}

impl<R: Read> Read for NewlineReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut out = 0usize;
            let mut ends = Vec::new();
            for i in 0..n {
                let Some(&b) = buf.get(i) else { break };
                let after_cr = std::mem::replace(&mut self.after_cr, b == b'\r');
                if b == b'\n' && after_cr {
                    continue;
                }
                let b = if b == b'\r' { b'\n' } else { b };
                if let Some(slot) = buf.get_mut(out) {
                    *slot = b;
                }
                if b == b'\n' {
                    ends.push(self.offset + out as u64);
                }
                out += 1;
            }
            self.offset += out as u64;
            self.lines.push(&ends);
            // A chunk holding only the `\n` of a CRLF pair yields nothing:
            // read on rather than report the end of the input.
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Reads through chunks of `size` bytes, to cross pairs split between reads.
    fn through(input: &[u8], size: usize) -> Vec<u8> {
        struct Chunked<'a>(&'a [u8], usize);
        impl Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                let (head, tail) = self.0.split_at(n);
                buf[..n].copy_from_slice(head);
                self.0 = tail;
                Ok(n)
            }
        }
        let mut out = Vec::new();
        NewlineReader::new(Chunked(input, size), LineCounter::default())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        for size in [1, 2, 3, 64] {
            assert_eq!(through(b"a;b\r\nc\r\rd\n", size), b"a;b\nc\n\nd\n");
            assert_eq!(through(b"\r\n\r\n", size), b"\n\n");
            assert_eq!(through(b"x\r", size), b"x\n");
        }
    }

    #[test]
    fn lines_count_blank_lines() {
        let lines = LineCounter::default();
        let mut text = String::new();
        NewlineReader::new(&b"a;b\r\n\r\n\r\nc;d\n\"e\r\nf\";g\n"[..], lines.clone())
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a;b\n\n\nc;d\n\"e\nf\";g\n");
        // The csv crate starts "c;d" at byte 4, the first blank line.
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(4), 4);
        assert_eq!(lines.line_of(10), 5);
    }
}
