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
    /// ISO-8859-15 ("Latin-9", written by some older French accounting
    /// software): Windows-1252 but for eight bytes, notably 0xA4, which is
    /// `€` here and `¤` in Windows-1252.
    #[serde(
        rename = "iso-8859-15",
        alias = "latin9",
        alias = "latin-9",
        alias = "ISO-8859-15"
    )]
    Iso8859_15,
    /// UTF-16 with a byte order mark (what Excel's "Unicode text" writes,
    /// tab-separated). A UTF-16 BOM wins over any setting, as a UTF-8 one
    /// does; without a BOM, little-endian is assumed.
    #[serde(
        rename = "utf-16",
        alias = "UTF-16",
        alias = "utf16",
        alias = "unicode"
    )]
    Utf16,
}

impl Encoding {
    /// The name the mapping file uses.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Iso8859_15 => "iso-8859-15",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// Decodes a whole sample (for `--init-mapping`), dropping a UTF-8 BOM.
    pub fn decode(self, sample: &[u8]) -> String {
        if let Some((e, _)) = utf16_bom(sample) {
            // A sample cut in the middle of a pair decodes to U+FFFD at
            // the end only.
            return e.decode_with_bom_removal(sample).0.into_owned();
        }
        if self == Encoding::Utf16 {
            return encoding_rs::UTF_16LE
                .decode_without_bom_handling(sample)
                .0
                .into_owned();
        }
        match sample.strip_prefix(BOM) {
            Some(rest) => String::from_utf8_lossy(rest).into_owned(),
            None => match self.single_byte() {
                None => String::from_utf8_lossy(sample).into_owned(),
                Some(e) => e.decode_without_bom_handling(sample).0.into_owned(),
            },
        }
    }

    fn single_byte(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            Encoding::Iso8859_15 => Some(encoding_rs::ISO_8859_15),
            Encoding::Utf16 => Some(encoding_rs::UTF_16LE),
        }
    }
}

/// The UTF-16 variant a byte order mark at the start of `bytes` names.
fn utf16_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some((encoding_rs::UTF_16LE, 2)),
        Some([0xFE, 0xFF]) => Some((encoding_rs::UTF_16BE, 2)),
        _ => None,
    }
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
    let (decoder, skip) = match utf16_bom(&head) {
        Some((e, n)) => (Some(e), n),
        None => (encoding.single_byte(), 0),
    };
    let head = head.get(skip..).unwrap_or_default().to_vec();
    let rest = io::Cursor::new(head).chain(input);
    Ok(match decoder {
        None => Box::new(rest),
        Some(encoding) => Box::new(DecodingReader {
            decoder: encoding.new_decoder_without_bom_handling(),
            inner: rest,
            raw: vec![0; 32 * 1024],
            pending: String::new(),
            start: 0,
            done: false,
        }),
    })
}

/// Guesses the encoding of the beginning of an export: UTF-8 if it decodes
/// as UTF-8 (a multi-byte character cut at the end is allowed); otherwise
/// ISO-8859-15 when byte 0xA4 appears and no byte 0x80-0x9F does (0xA4 is
/// `€` there, the currency sign `¤` in Windows-1252, which business text
/// never uses, and 0x80-0x9F are Windows-1252-only characters such as
/// `€ œ ’ …`); else Windows-1252, a superset of ISO-8859-1.
pub fn sniff_encoding(sample: &[u8]) -> Encoding {
    if utf16_bom(sample).is_some() {
        return Encoding::Utf16;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => {
            let windows_only = sample.iter().any(|b| (0x80..=0x9f).contains(b));
            if sample.contains(&0xa4) && !windows_only {
                Encoding::Iso8859_15
            } else {
                Encoding::Windows1252
            }
        }
    }
}

/// Transcodes to UTF-8 a chunk at a time. The decoder keeps the bytes of
/// a character cut between chunks (UTF-16 pairs), so memory stays flat.
struct DecodingReader<R> {
    decoder: encoding_rs::Decoder,
    inner: R,
    raw: Vec<u8>,
    pending: String,
    start: usize,
    done: bool,
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.start >= self.pending.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            let chunk = self.raw.get(..n).unwrap_or_default();
            self.pending.clear();
            self.start = 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .unwrap_or(n.saturating_mul(3).saturating_add(16));
            self.pending.reserve(room);
            let _ = self
                .decoder
                .decode_to_string(chunk, &mut self.pending, last);
            self.done = last;
        }
        let available = self
            .pending
            .as_bytes()
            .get(self.start..)
            .unwrap_or_default();
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

    #[test]
    fn iso_8859_15_euro_is_not_the_currency_sign() {
        let latin9 = b"Prix;1,20 \xa4;C\xbdur";
        assert_eq!(sniff_encoding(latin9), Encoding::Iso8859_15);
        assert_eq!(read_all(latin9, Encoding::Iso8859_15), "Prix;1,20 €;Cœur");
        // A Windows-1252-only byte (0x80 is its euro) settles it.
        assert_eq!(sniff_encoding(b"\x80 \xa4"), Encoding::Windows1252);
        assert_eq!(sniff_encoding(b"Soci\xe9t\xe9"), Encoding::Windows1252);
    }

    #[test]
    fn utf16_bom_wins_and_pairs_survive_chunks() {
        let text = "N°\tPrix\r\nF1\t12,50 €\r\n😀";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read_all(&le, Encoding::Utf8), text);
        assert_eq!(read_all(&be, Encoding::Windows1252), text);
        assert_eq!(sniff_encoding(&le), Encoding::Utf16);
        assert_eq!(Encoding::Utf16.decode(&le), text);
        // More than one 32 KiB chunk, with pairs straddling the boundaries.
        let long: String = "é😀a".repeat(20_000);
        let mut big = vec![0xFF, 0xFE];
        big.extend(long.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_all(&big, Encoding::Utf16), long);
    }
}
