//! The character encoding of an XML input (XML 1.0, appendix F).
//!
//! Almost every producer writes CII in UTF-8, but a document in ISO-8859-1,
//! Windows-1252 or UTF-16 with the right declaration or byte order mark is
//! well-formed XML, and the official tools (Saxon, libxml2) accept it. The
//! tree parser takes UTF-8 text, so such inputs are decoded here first; a
//! byte that does not fit the encoding is an error naming its line and the
//! encoding, and why that encoding was assumed.

use std::borrow::Cow;

/// Why the bytes of an XML input could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EncodingError {
    /// 1-based line of the first byte that could not be decoded (1 when
    /// the problem is the encoding itself).
    pub line: u32,
    /// What is wrong, naming the encoding and where it came from.
    pub message: String,
}

/// How the encoding was found, for messages.
#[derive(Debug, Clone, Copy)]
enum Evidence<'a> {
    Bom,
    Declared(&'a str),
    Default,
}

impl Evidence<'_> {
    fn describe(self, name: &str) -> String {
        match self {
            Evidence::Bom => format!("{name} (byte order mark)"),
            Evidence::Declared(label) => format!("{name} (declared encoding=\"{label}\")"),
            Evidence::Default => format!("{name} (no encoding declared, so UTF-8)"),
        }
    }
}

/// Decodes an XML document to text, without its byte order mark.
///
/// UTF-8 input is borrowed, not copied. The XML declaration is left as it
/// is: the tree parser does not act on its `encoding`.
pub fn decode_xml(bytes: &[u8]) -> Result<Cow<'_, str>, EncodingError> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, Evidence::Bom),
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => {
            Err(unsupported("UTF-32", Evidence::Bom))
        }
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes, Evidence::Bom, "UTF-16LE"),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes, Evidence::Bom, "UTF-16BE"),
        // `<?` in UTF-16 without a byte order mark.
        [0x3C, 0x00, 0x3F, 0x00, ..] => {
            utf16(bytes, u16::from_le_bytes, Evidence::Default, "UTF-16LE")
        }
        [0x00, 0x3C, 0x00, 0x3F, ..] => {
            utf16(bytes, u16::from_be_bytes, Evidence::Default, "UTF-16BE")
        }
        _ => match declared_encoding(bytes) {
            None => utf8(bytes, Evidence::Default),
            Some(label) => eight_bit(bytes, label),
        },
    }
}

/// The `encoding` of the XML declaration, read as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = bytes.get(..512).unwrap_or(bytes);
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(decl.get(..end)?).ok()?;
    let after = decl.split_once("encoding")?.1.trim_start();
    let value = after.strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    value.split_once(quote).map(|(label, _)| label)
}

fn eight_bit<'b>(bytes: &'b [u8], label: &str) -> Result<Cow<'b, str>, EncodingError> {
    let evidence = Evidence::Declared(label);
    let name = label.trim().to_ascii_lowercase();
    match name.as_str() {
        "utf-8" | "utf8" => utf8(bytes, evidence),
        // encoding_rs follows the WHATWG, which reads these as
        // Windows-1252; XML processors read them as the ISO standards say.
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "l1" | "iso-ir-100" | "cp819"
        | "ibm819" => Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())),
        "us-ascii" | "ascii" => match std::str::from_utf8(bytes) {
            Ok(text) if text.is_ascii() => Ok(Cow::Borrowed(text)),
            _ => {
                let at = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
                Err(bad_byte(bytes, at, &evidence.describe("US-ASCII")))
            }
        },
        "utf-16" | "utf-16le" | "utf-16be" | "ucs-2" => Err(EncodingError {
            line: 1,
            message: format!(
                "{} but the document is written in an 8-bit encoding: fix the declaration",
                evidence.describe("UTF-16")
            ),
        }),
        _ => {
            let Some(encoding) = encoding_rs::Encoding::for_label(name.as_bytes()) else {
                return Err(unsupported(label, evidence));
            };
            // UTF-8, UTF-16 and the WHATWG "replacement" encoding all
            // output UTF-8: none of them is an 8-bit encoding.
            if encoding.output_encoding() != encoding_rs::UTF_8 {
                if let Some(text) =
                    encoding.decode_without_bom_handling_and_without_replacement(bytes)
                {
                    return Ok(Cow::Owned(text.into_owned()));
                }
                let at = first_undecodable(encoding, bytes);
                return Err(bad_byte(bytes, at, &evidence.describe(encoding.name())));
            }
            Err(unsupported(label, evidence))
        }
    }
}

fn utf8<'b>(bytes: &'b [u8], evidence: Evidence<'_>) -> Result<Cow<'b, str>, EncodingError> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| bad_byte(bytes, e.valid_up_to(), &evidence.describe("UTF-8")))
}

fn utf16<'b>(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    evidence: Evidence<'_>,
    name: &str,
) -> Result<Cow<'b, str>, EncodingError> {
    let encoding = evidence.describe(name);
    if bytes.len() % 2 == 1 {
        return Err(EncodingError {
            line: 1,
            message: format!("{encoding}: odd number of bytes, the file is cut"),
        });
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| unit(<[u8; 2]>::try_from(pair).unwrap_or_default()));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += u32::from(c == '\n');
                text.push(c);
            }
            Err(e) => {
                return Err(EncodingError {
                    line,
                    message: format!(
                        "not valid {encoding}: unpaired surrogate 0x{:04X}",
                        e.unpaired_surrogate()
                    ),
                });
            }
        }
    }
    Ok(Cow::Owned(text))
}

/// The offset of the first byte sequence `encoding` cannot decode.
fn first_undecodable(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(usize::MAX / 2);
    let mut out = String::with_capacity(room);
    match decoder.decode_to_string_without_replacement(bytes, &mut out, true) {
        // `read` counts the bad sequence and what was read after it.
        (encoding_rs::DecoderResult::Malformed(bad, after), read) => {
            read - usize::from(after) - usize::from(bad)
        }
        _ => bytes.len(),
    }
}

fn bad_byte(bytes: &[u8], at: usize, encoding: &str) -> EncodingError {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let byte = bytes
        .get(at)
        .map_or(String::new(), |b| format!("byte 0x{b:02X} "));
    EncodingError {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        message: format!(
            "{byte}is not valid {encoding}: declare the encoding the file is written in, or save it as UTF-8"
        ),
    }
}

fn unsupported(label: &str, evidence: Evidence<'_>) -> EncodingError {
    EncodingError {
        line: 1,
        message: format!(
            "unsupported encoding {}: use UTF-8, UTF-16, ISO-8859-x or Windows-125x",
            evidence.describe(label)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(encoding: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n<a>").into_bytes();
        v.extend_from_slice(body);
        v.extend_from_slice(b"</a>");
        v
    }

    #[test]
    fn utf8_is_borrowed_and_bom_dropped() {
        let text = decode_xml(b"\xEF\xBB\xBF<a>\xC3\xA9</a>").unwrap();
        assert!(matches!(text, Cow::Borrowed("<a>é</a>")));
        assert!(matches!(
            decode_xml(b"<a/>").unwrap(),
            Cow::Borrowed("<a/>")
        ));
    }

    #[test]
    fn latin1_is_iso_8859_1_not_windows_1252() {
        // 0x80 is a C1 control in ISO-8859-1, the euro sign in Windows-1252.
        let text = |label, body| decode_xml(&decl(label, body)).unwrap().into_owned();
        assert!(text("ISO-8859-1", b"\xE9\x80").ends_with("<a>é\u{80}</a>"));
        assert!(text("windows-1252", b"\xE9\x80").ends_with("<a>é€</a>"));
        assert!(text("ISO-8859-15", b"\xA4").ends_with("<a>€</a>"));
    }

    #[test]
    fn single_quotes_and_spaces_in_the_declaration() {
        let v = b"<?xml version='1.0' encoding = 'latin1' ?><a>\xE9</a>";
        assert!(decode_xml(v).unwrap().ends_with("<a>é</a>"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>é😀</a>";
        let le: Vec<u8> = doc.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = doc.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&[0xFF, 0xFE][..], &le].concat(),
            [&[0xFE, 0xFF][..], &be].concat(),
            le.clone(),
            be.clone(),
        ] {
            assert_eq!(decode_xml(&bytes).unwrap(), doc);
        }
        let mut cut = [&[0xFF, 0xFE][..], &le].concat();
        cut.pop();
        assert!(decode_xml(&cut).unwrap_err().message.contains("odd number"));
    }

    #[test]
    fn errors_name_line_encoding_and_why() {
        let e = decode_xml(b"<a>\n\n\xE9</a>").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("0xE9"), "{e}");
        assert!(e.message.contains("no encoding declared, so UTF-8"), "{e}");

        let e = decode_xml(&decl("UTF-8", b"\xFF")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("declared encoding=\"UTF-8\""), "{e}");

        let e = decode_xml(&decl("us-ascii", b"\xE9")).unwrap_err();
        assert!(e.message.contains("US-ASCII"), "{e}");

        let e = decode_xml(&decl("EBCDIC-XYZ", b"")).unwrap_err();
        assert!(e.message.contains("unsupported encoding EBCDIC-XYZ"), "{e}");

        let e = decode_xml(&decl("UTF-16", b"")).unwrap_err();
        assert!(e.message.contains("8-bit"), "{e}");

        let e = decode_xml(b"\xFF\xFE\x00\x00<\x00\x00\x00").unwrap_err();
        assert!(e.message.contains("UTF-32"), "{e}");
    }

    #[test]
    fn shift_jis_undecodable_byte_is_located() {
        // 0x81 0x20 is not a Shift_JIS sequence.
        let e = decode_xml(&decl("Shift_JIS", b"ok\n\x81\x20")).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("Shift_JIS"), "{e}");
    }
}
