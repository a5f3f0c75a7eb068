//! Turning the export's bytes into UTF-8 text: BOM, UTF-8, Windows-1252.

use std::io::{self, Read};

use serde::{Deserialize, Serialize};

/// The character encoding of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark (the BOM is dropped).
    #[default]
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// Windows-1252 (what Excel and many French ERPs write as "ANSI").
    /// A UTF-8 BOM at the start still wins: such a file is read as UTF-8.
    #[serde(
        rename = "windows-1252",
        alias = "cp1252",
        alias = "latin1",
        alias = "iso-8859-1",
        alias = "ansi"
    )]
    Windows1252,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Wraps `input` so that it yields UTF-8: drops a UTF-8 BOM and transcodes
/// Windows-1252 on the fly, a chunk at a time, so memory stays flat.
pub fn utf8_reader<R: Read + Send + 'static>(
    mut input: R,
    encoding: Encoding,
) -> io::Result<Box<dyn Read + Send>> {
    let mut head = Vec::with_capacity(3);
    (&mut input).take(3).read_to_end(&mut head)?;
    if head.as_slice() == BOM {
        return Ok(Box::new(input));
    }
    let rest = io::Cursor::new(head).chain(input);
    Ok(match encoding {
        Encoding::Utf8 => Box::new(rest),
        Encoding::Windows1252 => Box::new(Windows1252Reader {
            inner: rest,
            raw: vec![0; 32 * 1024],
            pending: Vec::new(),
            start: 0,
        }),
    })
}

/// Guesses the encoding of the beginning of an export: UTF-8 if it decodes
/// as UTF-8 (a multi-byte character cut at the end is allowed), else Windows-1252.
pub fn sniff_encoding(sample: &[u8]) -> Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Windows-1252 is a single-byte encoding, so any chunk decodes on its own.
struct Windows1252Reader<R> {
    inner: R,
    raw: Vec<u8>,
    pending: Vec<u8>,
    start: usize,
}

impl<R: Read> Read for Windows1252Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.start >= self.pending.len() {
            let n = self.inner.read(&mut self.raw)?;
            if n == 0 {
                return Ok(0);
            }
            let chunk = self.raw.get(..n).unwrap_or_default();
            let text = encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(chunk)
                .0;
            self.pending.clear();
            self.pending.extend_from_slice(text.as_bytes());
            self.start = 0;
        }
        let available = self.pending.get(self.start..).unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.start += n;
        Ok(n)
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

    fn read_all(bytes: &[u8], enc: Encoding) -> String {
        let mut s = String::new();
        utf8_reader(io::Cursor::new(bytes.to_vec()), enc)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn bom_is_dropped_and_wins() {
        assert_eq!(read_all(b"\xEF\xBB\xBFa;b", Encoding::Utf8), "a;b");
        assert_eq!(read_all("\u{feff}é".as_bytes(), Encoding::Windows1252), "é");
        assert_eq!(read_all(b"ab", Encoding::Utf8), "ab");
        assert_eq!(read_all(b"", Encoding::Utf8), "");
    }

    #[test]
    fn windows_1252_accents_and_euro() {
        assert_eq!(
            read_all(b"Soci\xe9t\xe9 G\xe9n\xe9rale \x80", Encoding::Windows1252),
            "Société Générale €"
        );
        assert_eq!(sniff_encoding(b"Soci\xe9t\xe9"), Encoding::Windows1252);
        assert_eq!(sniff_encoding("Société".as_bytes()), Encoding::Utf8);
        assert_eq!(sniff_encoding(&"é".as_bytes()[..1]), Encoding::Utf8);
    }
}
