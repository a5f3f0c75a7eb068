//! The colour and font operators of a content stream, found by a small lexer
//! over the content-stream syntax (ISO 32000-1 7.2 and 7.8.2) instead of a
//! full parse: the PDF/A scan only needs to know whether device colour is
//! used and which fonts are selected, and building every operation as
//! objects cost three quarters of the scan.

/// What a content stream uses, as [`operators`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use<'a> {
    /// A colour space: `DeviceCMYK` for `k`/`K`, `DeviceRGB` for `rg`/`RG`,
    /// each name operand of `cs`/`CS`.
    Colour(&'a [u8]),
    /// The resource name of the font that a text-showing operator (`Tj`,
    /// `TJ`, `'`, `"`) draws with, as the last `Tf` (with `q`/`Q`) set it.
    /// Reported once per selection.
    Font(&'a [u8]),
    /// Text shown before any `Tf` in the data: the font comes from the
    /// caller (a form XObject drawn while a font is set), so is unknown here.
    InheritedFont,
    /// A text-showing operator with this font draws a two-byte code 0 (at
    /// an even offset of a string): CID 0, the `.notdef` glyph, when the
    /// font is a Type0 font with an Identity encoding.
    CodeZero(&'a [u8]),
}

/// Calls `note` with every [`Use`], in stream order. Names inside arrays
/// and dictionaries are not operands; inline image data (`ID` to `EI`) and
/// strings are skipped.
pub(crate) fn operators(data: &[u8], mut note: impl FnMut(Use<'_>)) {
    let mut lexer = Lexer { data, pos: 0 };
    // Name operands since the last operator, at nesting depth 0.
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut depth = 0usize;
    // The font is part of the graphics state: `q` saves it, `Q` restores it.
    let mut font: Option<Vec<u8>> = None;
    let mut saved: Vec<Option<Vec<u8>>> = Vec::new();
    let mut font_reported = false;
    // A string operand of the current operator holds a two-byte code 0.
    let mut code_zero = false;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Name(n) if depth == 0 => names.push(n),
            Token::Name(_) | Token::Operand => {}
            Token::Text { code_zero: z } => code_zero |= z,
            Token::Keyword(k) if depth == 0 => {
                match k {
                    b"k" | b"K" => note(Use::Colour(b"DeviceCMYK")),
                    b"rg" | b"RG" => note(Use::Colour(b"DeviceRGB")),
                    b"cs" | b"CS" => names.iter().for_each(|n| note(Use::Colour(n))),
                    b"Tf" => {
                        font = names.last().cloned();
                        font_reported = false;
                    }
                    b"q" => saved.push(font.clone()),
                    b"Q" => {
                        if let Some(f) = saved.pop() {
                            font_reported = font_reported && f == font;
                            font = f;
                        }
                    }
                    b"Tj" | b"TJ" | b"'" | b"\"" => {
                        if !font_reported {
                            match &font {
                                Some(f) => note(Use::Font(f)),
                                None => note(Use::InheritedFont),
                            }
                            font_reported = true;
                        }
                        if let (true, Some(f)) = (code_zero, &font) {
                            note(Use::CodeZero(f));
                        }
                    }
                    b"ID" => lexer.skip_inline_image_data(),
                    _ => {}
                }
                names.clear();
                code_zero = false;
            }
            Token::Keyword(_) => {}
        }
    }
}

enum Token<'a> {
    /// `[` or `<<`.
    Open,
    /// `]` or `>>`.
    Close,
    /// A name, `#xx` escapes decoded, without the slash.
    Name(Vec<u8>),
    /// A number, `true`, `false` or `null`.
    Operand,
    /// A string; `code_zero` when two zero bytes sit at an even offset.
    Text { code_zero: bool },
    /// An operator (or any other bare word).
    Keyword(&'a [u8]),
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or(&[])
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let c = self.peek()?;
            if is_white(c) {
                self.pos += 1;
                continue;
            }
            if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
                continue;
            }
            self.pos += 1;
            return Some(match c {
                b'[' | b'{' => Token::Open,
                b']' | b'}' => Token::Close,
                b'(' => Token::Text {
                    code_zero: self.literal_string(),
                },
                b'<' if self.peek() == Some(b'<') => {
                    self.pos += 1;
                    Token::Open
                }
                b'<' => Token::Text {
                    code_zero: self.hex_string(),
                },
                b'>' => {
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    Token::Close
                }
                b')' => Token::Operand,
                b'/' => Token::Name(decode_name(self.regular_run())),
                _ => {
                    self.pos -= 1;
                    let word = self.regular_run();
                    let first = word.first().copied().unwrap_or(b'0');
                    if first.is_ascii_digit()
                        || matches!(first, b'+' | b'-' | b'.')
                        || matches!(word, b"true" | b"false" | b"null")
                    {
                        Token::Operand
                    } else {
                        Token::Keyword(word)
                    }
                }
            });
        }
    }

    /// After the opening parenthesis: balanced parentheses, backslash
    /// escapes (ISO 32000-1 7.3.4.2). True when the decoded bytes hold a
    /// two-byte code 0 at an even offset.
    fn literal_string(&mut self) -> bool {
        let mut zeros = ZeroCode::default();
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            let byte = match c {
                b'\\' => match self.peek() {
                    Some(d @ b'0'..=b'7') => {
                        let mut value = u32::from(d - b'0');
                        self.pos += 1;
                        for _ in 0..2 {
                            match self.peek() {
                                Some(d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    self.pos += 1;
                                }
                                _ => break,
                            }
                        }
                        Some(u8::try_from(value & 0xff).unwrap_or(0))
                    }
                    // A backslash before an end of line continues the string.
                    Some(b'\r' | b'\n') => {
                        self.pos += 1;
                        if self.data.get(self.pos - 1) == Some(&b'\r') && self.peek() == Some(b'\n')
                        {
                            self.pos += 1;
                        }
                        None
                    }
                    Some(e) => {
                        self.pos += 1;
                        Some(match e {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'f' => 12,
                            other => other,
                        })
                    }
                    None => None,
                },
                b'(' => {
                    depth += 1;
                    Some(c)
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return zeros.found;
                    }
                    Some(c)
                }
                _ => Some(c),
            };
            if let Some(b) = byte {
                zeros.push(b);
            }
        }
        zeros.found
    }

    /// After `<`: hex digits up to `>`, white space ignored, an odd last
    /// digit padded with 0 (ISO 32000-1 7.3.4.3).
    fn hex_string(&mut self) -> bool {
        let mut zeros = ZeroCode::default();
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = (c as char).to_digit(16) else {
                continue;
            };
            let v = u8::try_from(v).unwrap_or(0);
            match high.take() {
                Some(h) => zeros.push(h * 16 + v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            zeros.push(h * 16);
        }
        zeros.found
    }

    /// After `ID`: the data runs to an `EI` preceded by white space and
    /// followed by white space or the end (ISO 32000-1 8.9.7).
    fn skip_inline_image_data(&mut self) {
        loop {
            let rest = self.data.get(self.pos..).unwrap_or(&[]);
            let Some(i) = rest
                .windows(3)
                .position(|w| matches!(w, [a, b'E', b'I'] if is_white(*a)))
            else {
                self.pos = self.data.len();
                return;
            };
            self.pos += i + 3;
            if self.peek().is_none_or(is_white) {
                return;
            }
            // `EI` inside the data: keep looking after it.
        }
    }
}

/// Watches decoded string bytes for a two-byte code 0 at an even offset.
#[derive(Default)]
struct ZeroCode {
    index: usize,
    previous_zero: bool,
    found: bool,
}

impl ZeroCode {
    fn push(&mut self, byte: u8) {
        if self.index % 2 == 1 && self.previous_zero && byte == 0 {
            self.found = true;
        }
        self.previous_zero = byte == 0;
        self.index += 1;
    }
}

/// A name's bytes with `#xx` escapes decoded (ISO 32000-1 7.3.5).
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        let hex = |j: usize| raw.get(j).and_then(|&h| (h as char).to_digit(16));
        match (c, hex(i + 1), hex(i + 2)) {
            (b'#', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'#'));
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{Use, operators};

    fn uses(data: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        operators(data, |u| {
            if let Use::Colour(n) = u {
                out.push(String::from_utf8_lossy(n).into_owned());
            }
        });
        out
    }

    fn fonts(data: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        operators(data, |u| match u {
            Use::Font(n) => out.push(String::from_utf8_lossy(n).into_owned()),
            Use::InheritedFont => out.push("?".into()),
            Use::Colour(_) | Use::CodeZero(_) => {}
        });
        out
    }

    fn zero_codes(data: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        operators(data, |u| {
            if let Use::CodeZero(n) = u {
                out.push(String::from_utf8_lossy(n).into_owned());
            }
        });
        out
    }

    #[test]
    fn two_byte_code_zero_is_seen_in_every_string_form() {
        // matplotlib's Type 42 output: raw zero bytes in a TJ array.
        assert_eq!(zero_codes(b"/F1 9 Tf [ 0.16 (\x00\x00) ] TJ"), ["F1"]);
        assert_eq!(zero_codes(b"/F2 9 Tf <0041 0000> Tj"), ["F2"]);
        assert_eq!(zero_codes(b"/F3 9 Tf (AB\\000\\0) Tj"), ["F3"]);
        // Not at an even offset, or not a text-showing operand.
        assert!(zero_codes(b"/F1 9 Tf <410000 41> Tj").is_empty());
        assert!(zero_codes(b"/F1 9 Tf <0041> Tj /P <</A <0000>>> BDC EMC").is_empty());
        assert!(zero_codes(b"(\\000\\000) Tj").is_empty(), "no font");
        // Escapes and nesting do not shift the offset.
        assert!(zero_codes(b"/F1 1 Tf (\\(\\000\\000) Tj").is_empty());
        assert_eq!(zero_codes(b"/F1 1 Tf ((ab)\\000\\000) Tj"), ["F1"]);
    }

    #[test]
    fn fonts_that_show_text() {
        assert_eq!(
            fonts(b"BT /F1 12 Tf (a) Tj /F#32 9.5 Tf [(b) 3 (c)] TJ (d) ' ET /F3 gs"),
            ["F1", "F2"]
        );
        // Selected but never drawn with, as reportlab does on every page.
        assert!(fonts(b"BT /F1 12 Tf 14.4 TL ET").is_empty());
        // q/Q restore the font.
        assert_eq!(
            fonts(b"BT /F1 1 Tf ET q BT /F2 1 Tf ET Q BT (x) Tj ET"),
            ["F1"]
        );
        // A name in a marked-content property list is not a font selection.
        assert_eq!(fonts(b"/P <</F /F9>> BDC (x) Tj EMC"), ["?"]);
    }

    #[test]
    fn operators_and_their_name_operands() {
        assert_eq!(uses(b"0 0 0 1 k 1 0 0 RG"), ["DeviceCMYK", "DeviceRGB"]);
        assert_eq!(
            uses(b"/DeviceRGB cs /Device#43MYK CS"),
            ["DeviceRGB", "DeviceCMYK"]
        );
        assert_eq!(uses(b"/CS0 cs 0.5 sc"), ["CS0"]);
        // Names in arrays, dictionaries, strings and comments are not operands.
        assert!(uses(b"[/DeviceRGB] cs").is_empty());
        assert!(uses(b"/Span <</ActualText (rg) /CS /DeviceRGB>> BDC EMC").is_empty());
        assert!(uses(b"(a \\) rg ( k ) ) Tj % 1 0 0 rg\n BT ET").is_empty());
        assert!(uses(b"<0102> Tj /DeviceRGB 12 true cs").len() == 1);
        // Operands do not survive their operator.
        assert!(uses(b"/DeviceRGB gs cs").is_empty());
    }

    /// On every content stream of the official sample PDFs (many producers)
    /// that lopdf parses whole, the lexer reports what the full parse does.
    #[test]
    fn agrees_with_a_full_parse_on_the_official_samples() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/standards/examples");
        let mut pdfs = Vec::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "pdf") {
                    pdfs.push(p);
                }
            }
        }
        assert!(pdfs.len() >= 50, "official samples missing: {}", pdfs.len());
        let (mut streams, mut operations, mut colours) = (0, 0, 0);
        for pdf in &pdfs {
            let doc = lopdf::Document::load(pdf).unwrap();
            let pages = doc
                .get_pages()
                .into_values()
                .map(|p| doc.get_page_content(p));
            let forms = doc.objects.values().filter_map(|o| match o {
                lopdf::Object::Stream(s)
                    if s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Form") =>
                {
                    s.decompressed_content().ok()
                }
                _ => None,
            });
            for (id, data) in pages.chain(forms).enumerate() {
                let ops: Result<Vec<_>, _> = lopdf::content::Content::decode_iter(&data).collect();
                let Ok(ops) = ops else { continue };
                let mut expected = Vec::new();
                for op in &ops {
                    match op.operator.as_str() {
                        "k" | "K" => expected.push("DeviceCMYK".to_string()),
                        "rg" | "RG" => expected.push("DeviceRGB".to_string()),
                        "cs" | "CS" => expected.extend(op.operands.iter().filter_map(|o| {
                            o.as_name()
                                .ok()
                                .map(|n| String::from_utf8_lossy(n).into_owned())
                        })),
                        _ => {}
                    }
                }
                assert_eq!(uses(&data), expected, "{} stream {id}", pdf.display());
                streams += 1;
                operations += ops.len();
                colours += expected.len();
            }
        }
        eprintln!("{streams} streams, {operations} operations, {colours} colour uses");
        assert!(streams > 50 && operations > 10_000 && colours > 100);
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let mut s = b"BI /W 2 /H 1 /CS /RGB /BPC 8 ID ".to_vec();
        s.extend_from_slice(b"\x00 rg\xffEI k ");
        s.extend_from_slice(b"\nEI 1 0 0 rg");
        assert_eq!(uses(&s), ["DeviceRGB"]);
        // Unterminated data runs to the end.
        assert!(uses(b"BI /W 1 ID abc k").is_empty());
    }
}
