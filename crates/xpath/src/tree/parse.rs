//! XML 1.0 + Namespaces 1.0 parser for [`Document`](super::Document).
//!
//! One pass over the bytes, no recursion. What it refuses: any DTD (so no
//! entity but the five predefined ones and character references, and no
//! external resource is ever read), malformed markup, characters outside
//! XML's `Char`, undeclared prefixes, duplicate attributes (by name and by
//! expanded name), a missing or unclosed document element, and documents
//! past the node or depth limits.

use std::borrow::Cow;
use std::fmt;

use rustc_hash::FxHashMap;

use super::{AttrData, Binding, Document, Element, Kind, NONE, NS_XML, NodeData, TextPos};

const NS_XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Most namespace bindings in scope on one element.
pub const MAX_BINDINGS: u32 = 256;

/// Limits for [`Document::parse_with_options`](super::Document::parse_with_options).
#[derive(Debug, Clone, Copy)]
pub struct ParsingOptions {
    /// Most nodes a document may have (the document node included).
    pub nodes_limit: u32,
    /// Deepest element nesting allowed: the tree is walked recursively.
    pub depth_limit: u32,
}

impl Default for ParsingOptions {
    fn default() -> Self {
        ParsingOptions {
            nodes_limit: u32::MAX - 1,
            depth_limit: 1024,
        }
    }
}

/// Why a text is not a well-formed, namespace-well-formed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    pos: Option<TextPos>,
}

impl Error {
    /// Where in the text the problem was found, if at one place.
    pub fn pos(&self) -> Option<TextPos> {
        self.pos
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{} at {}:{}", self.message, p.row, p.col),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

type Result<T> = std::result::Result<T, Error>;

pub(super) fn parse(text: &str, opts: ParsingOptions) -> Result<Document<'_>> {
    if u32::try_from(text.len()).is_err() {
        return Err(Error {
            message: "document larger than 4 GiB".into(),
            pos: None,
        });
    }
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        opts,
        doc: Document {
            text,
            nodes: Vec::with_capacity(text.len() / 16),
            attrs: Vec::new(),
            uris: Vec::new(),
            scopes: Vec::new(),
        },
        uri_ids: FxHashMap::default(),
        open: Vec::new(),
        ended: Vec::new(),
        pending: None,
        raw_attrs: Vec::new(),
        attr_set: rustc_hash::FxHashSet::default(),
    };
    p.doc.nodes.push(NodeData {
        parent: NONE,
        prev_sibling: NONE,
        next_subtree: NONE,
        last_child: NONE,
        start: 0,
        end: p.len32(),
        kind: Kind::Root,
    });
    p.document()?;
    Ok(p.doc)
}

/// An open element.
struct Open<'input> {
    id: u32,
    qname: &'input str,
    /// Range in `scopes` of the bindings in scope inside it.
    scope: (u32, u32),
}

/// Text read but not yet made a node: adjacent text, references and CDATA
/// sections make one node.
struct PendingText<'input> {
    start: usize,
    end: usize,
    value: Cow<'input, str>,
}

/// An attribute as written, before its prefix is resolved.
struct RawAttr<'input> {
    prefix: &'input str,
    local: &'input str,
    value: Cow<'input, str>,
    start: u32,
    end: u32,
}

struct Parser<'input> {
    text: &'input str,
    b: &'input [u8],
    pos: usize,
    opts: ParsingOptions,
    doc: Document<'input>,
    uri_ids: FxHashMap<Cow<'input, str>, u32>,
    open: Vec<Open<'input>>,
    /// Nodes whose subtree is complete and whose next node is not known
    /// yet: at most one per level.
    ended: Vec<u32>,
    pending: Option<PendingText<'input>>,
    raw_attrs: Vec<RawAttr<'input>>,
    /// The names of `raw_attrs`, once a tag has many (see `seen_before`).
    attr_set: rustc_hash::FxHashSet<(&'input str, &'input str)>,
}

/// The bytes that stop a text scan (to be looked at one by one).
// Indexing a constant table in a constant block cannot fail at run time.
#[allow(clippy::indexing_slicing)]
static TEXT_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = !(i == 0x09 || i == 0x0A);
        i += 1;
    }
    t[b'<' as usize] = true;
    t[b'&' as usize] = true;
    t[b']' as usize] = true;
    // Lead byte of U+FFFE and U+FFFF (and of other allowed characters).
    t[0xEF] = true;
    t
};

/// ASCII name classes: `START` may begin a name, `NAME` may continue it
/// (colons excluded: names are split at them).
const START: u8 = 1;
const NAME: u8 = 2;

#[allow(clippy::indexing_slicing)]
static NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        if c.is_ascii_alphabetic() || c == b'_' {
            t[i] = START | NAME;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            t[i] = NAME;
        }
        i += 1;
    }
    t
};

fn name_class(c: u8) -> u8 {
    // Never out of range: the table has an entry per byte.
    NAME_CLASS.get(usize::from(c)).copied().unwrap_or(0)
}

fn stops_text(c: u8) -> bool {
    TEXT_STOP.get(usize::from(c)).copied().unwrap_or(true)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// XML 1.0 (fifth edition) `NameStartChar`, without `:`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 `NameChar`, without `:`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

impl<'input> Parser<'input> {
    fn len32(&self) -> u32 {
        // The length was checked to fit.
        u32::try_from(self.b.len()).unwrap_or(u32::MAX)
    }

    fn at32(pos: usize) -> u32 {
        u32::try_from(pos).unwrap_or(u32::MAX)
    }

    fn err<T>(&self, message: impl Into<String>, at: usize) -> Result<T> {
        Err(Error {
            message: message.into(),
            pos: Some(self.doc.text_pos_at(at.min(self.b.len()))),
        })
    }

    fn eof<T>(&self, inside: &str) -> Result<T> {
        self.err(
            format!("unexpected end of document in {inside}"),
            self.b.len(),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.b.get(self.pos..).is_some_and(|r| r.starts_with(s))
    }

    fn slice(&self, from: usize, to: usize) -> &'input str {
        self.text.get(from..to).unwrap_or("")
    }

    fn skip_spaces(&mut self) -> bool {
        let from = self.pos;
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        self.pos > from
    }

    fn expect(&mut self, s: &[u8], what: &str) -> Result<()> {
        if self.starts_with(s) {
            self.pos += s.len();
            Ok(())
        } else {
            self.err(format!("expected {what}"), self.pos)
        }
    }

    // ---- document structure -------------------------------------------

    fn document(&mut self) -> Result<()> {
        if self.starts_with("\u{FEFF}".as_bytes()) {
            self.pos += 3;
        }
        if self.starts_with(b"<?xml") && self.b.get(self.pos + 5).is_none_or(|&c| is_space(c)) {
            self.xml_declaration()?;
        }
        let mut seen_root = false;
        loop {
            self.skip_spaces();
            let Some(c) = self.peek() else { break };
            if c != b'<' {
                let what = if seen_root {
                    "text after the document element"
                } else {
                    "text before the document element"
                };
                return self.err(what, self.pos);
            }
            if self.starts_with(b"<!--") {
                self.comment()?;
            } else if self.starts_with(b"<?") {
                self.pi()?;
            } else if self.starts_with(b"<!DOCTYPE") {
                return self.err("a DTD is not allowed", self.pos);
            } else if seen_root {
                return self.err("a second document element", self.pos);
            } else {
                self.element()?;
                seen_root = true;
            }
        }
        if !seen_root {
            return self.err("no document element", self.pos);
        }
        Ok(())
    }

    fn xml_declaration(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 5;
        let mut seen = Vec::new();
        loop {
            let had_space = self.skip_spaces();
            if self.starts_with(b"?>") {
                self.pos += 2;
                break;
            }
            if self.peek().is_none() {
                return self.eof("the XML declaration");
            }
            if !had_space {
                return self.err("expected white space in the XML declaration", self.pos);
            }
            let name_at = self.pos;
            let name = self.name_token()?;
            self.eq()?;
            let (value, _) = self.quoted_raw()?;
            let ok = match (name, seen.len()) {
                // VersionNum ::= '1.' [0-9]+
                ("version", 0) => value
                    .strip_prefix("1.")
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())),
                ("encoding", 1) => {
                    value
                        .bytes()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                        && value
                            .bytes()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
                }
                ("standalone", 1 | 2) => matches!(value, "yes" | "no"),
                _ => false,
            };
            if !ok || seen.contains(&name) {
                return self.err(format!("bad '{name}' in the XML declaration"), name_at);
            }
            seen.push(name);
        }
        if seen.first() != Some(&"version") {
            return self.err("the XML declaration has no version", start);
        }
        Ok(())
    }

    /// `=` with optional white space around it.
    fn eq(&mut self) -> Result<()> {
        self.skip_spaces();
        self.expect(b"=", "'='")?;
        self.skip_spaces();
        Ok(())
    }

    /// A quoted value with no reference processing, for the declaration.
    fn quoted_raw(&mut self) -> Result<(&'input str, usize)> {
        let q = match self.peek() {
            Some(q @ (b'"' | b'\'')) => q,
            _ => return self.err("expected a quoted value", self.pos),
        };
        let from = self.pos + 1;
        let Some(len) = memchr::memchr(q, self.b.get(from..).unwrap_or(&[])) else {
            return self.eof("a quoted value");
        };
        self.pos = from + len + 1;
        Ok((self.slice(from, from + len), from))
    }

    /// A `Name` (colons allowed), for the declaration's pseudo-attributes
    /// and PI targets.
    fn name_token(&mut self) -> Result<&'input str> {
        let from = self.pos;
        loop {
            let step = if self.peek() == Some(b':') {
                Some(1)
            } else {
                self.name_char_len(self.pos == from)
            };
            match step {
                Some(n) => self.pos += n,
                None => break,
            }
        }
        if self.pos == from {
            return self.err("expected a name", from);
        }
        Ok(self.slice(from, self.pos))
    }

    /// The length of the name character (colon excluded) at the position,
    /// one that may start a name when `first`; `None` if there is none.
    fn name_char_len(&self, first: bool) -> Option<usize> {
        let c = self.peek()?;
        if c.is_ascii() {
            let need = if first { START } else { NAME };
            return (name_class(c) & need != 0).then_some(1);
        }
        let ch = self.char_at(self.pos);
        let ok = if first {
            is_name_start_char(ch)
        } else {
            is_name_char(ch)
        };
        ok.then(|| ch.len_utf8())
    }

    fn char_at(&self, at: usize) -> char {
        self.text
            .get(at..)
            .and_then(|s| s.chars().next())
            .unwrap_or('\0')
    }

    /// An `NCName`.
    fn ncname(&mut self) -> Result<&'input str> {
        let from = self.pos;
        let Some(n) = self.name_char_len(true) else {
            return self.err("invalid name", from);
        };
        self.pos += n;
        loop {
            // ASCII names (all of CII's) take the table path.
            while self
                .b
                .get(self.pos)
                .is_some_and(|&c| name_class(c) & NAME != 0)
            {
                self.pos += 1;
            }
            match self.name_char_len(false) {
                Some(n) => self.pos += n,
                None => break,
            }
        }
        Ok(self.slice(from, self.pos))
    }

    /// A `QName`: (prefix, local); the prefix is `""` when absent.
    fn qname(&mut self) -> Result<(&'input str, &'input str)> {
        let first = self.ncname()?;
        if self.peek() == Some(b':') {
            self.pos += 1;
            let local = self.ncname()?;
            if self.peek() == Some(b':') {
                return self.err("a name with two colons", self.pos);
            }
            Ok((first, local))
        } else {
            Ok(("", first))
        }
    }

    // ---- nodes ----------------------------------------------------------

    fn parent_id(&self) -> u32 {
        self.open.last().map_or(0, |o| o.id)
    }

    /// Appends a node under the current element (or the document node).
    fn push_node(&mut self, start: usize, end: usize, kind: Kind<'input>) -> Result<u32> {
        let id = u32::try_from(self.doc.nodes.len()).unwrap_or(NONE);
        if id >= self.opts.nodes_limit || id == NONE {
            return self.err("too many nodes", start);
        }
        for e in self.ended.drain(..) {
            if let Some(n) = self.doc.nodes.get_mut(e as usize) {
                n.next_subtree = id;
            }
        }
        let parent = self.parent_id();
        let prev = match self.doc.nodes.get_mut(parent as usize) {
            Some(p) => std::mem::replace(&mut p.last_child, id),
            None => NONE,
        };
        self.doc.nodes.push(NodeData {
            parent,
            prev_sibling: prev,
            next_subtree: NONE,
            last_child: NONE,
            start: Self::at32(start),
            end: Self::at32(end),
            kind,
        });
        Ok(id)
    }

    fn push_leaf(&mut self, start: usize, end: usize, kind: Kind<'input>) -> Result<()> {
        let id = self.push_node(start, end, kind)?;
        self.ended.push(id);
        Ok(())
    }

    fn flush_text(&mut self) -> Result<()> {
        if let Some(t) = self.pending.take() {
            self.push_leaf(t.start, t.end, Kind::Text(t.value))?;
        }
        Ok(())
    }

    /// Adds text at `from..to` of the input whose value is `value`. Only
    /// a piece whose value is its own input bytes (so not a CDATA
    /// section, whose range is longer) extends a borrow.
    fn add_text(&mut self, from: usize, to: usize, value: Cow<'input, str>) {
        match &mut self.pending {
            None => {
                self.pending = Some(PendingText {
                    start: from,
                    end: to,
                    value,
                });
            }
            Some(t) => {
                let joined = match (&t.value, &value) {
                    // Borrowed pieces that touch stay one borrow.
                    (Cow::Borrowed(a), Cow::Borrowed(b))
                        if t.end == from && a.len() == t.end - t.start && b.len() == to - from =>
                    {
                        Some(Cow::Borrowed(self.text.get(t.start..to).unwrap_or("")))
                    }
                    _ => None,
                };
                match joined {
                    Some(v) => t.value = v,
                    None => t.value.to_mut().push_str(&value),
                }
                t.end = to;
            }
        }
    }

    fn comment(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 4;
        let body = self.pos;
        let Some(len) = memchr::memmem::find(self.b.get(body..).unwrap_or(&[]), b"--") else {
            return self.eof("a comment");
        };
        let end = body + len;
        if self.b.get(end + 2) != Some(&b'>') {
            return self.err("'--' inside a comment", end);
        }
        let value = self.slice(body, end);
        self.check_chars(value, body)?;
        self.pos = end + 3;
        if !self.open.is_empty() {
            self.flush_text()?;
        }
        self.push_leaf(start, self.pos, Kind::Comment(line_ends_joined(value)))
    }

    fn pi(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 2;
        let target_at = self.pos;
        let target = self.name_token()?;
        if target.contains(':') {
            return self.err("a processing instruction target with a colon", target_at);
        }
        // [17]: no case variant of `xml` names a PI.
        if target.eq_ignore_ascii_case("xml") {
            return self.err("an XML declaration not at the start", start);
        }
        let had_space = self.skip_spaces();
        let body = self.pos;
        let Some(len) = memchr::memmem::find(self.b.get(body..).unwrap_or(&[]), b"?>") else {
            return self.eof("a processing instruction");
        };
        if len > 0 && !had_space {
            return self.err("expected white space after the target", body);
        }
        let value = self.slice(body, body + len);
        self.check_chars(value, body)?;
        self.pos = body + len + 2;
        if !self.open.is_empty() {
            self.flush_text()?;
        }
        let value = (!value.is_empty()).then(|| line_ends_joined(value));
        self.push_leaf(start, self.pos, Kind::Pi { target, value })
    }

    /// Refuses characters outside XML's `Char` in `s` (found at `at`).
    fn check_chars(&self, s: &str, at: usize) -> Result<()> {
        let bad = s
            .bytes()
            .position(|c| c < 0x20 && !is_space(c) || c == 0xEF);
        if let Some(i) = bad {
            // 0xEF leads many good characters: look at the whole one.
            for (j, ch) in s.char_indices().skip_while(|(j, _)| *j < i) {
                if !is_xml_char(ch) {
                    return self.err(format!("character {ch:?} is not allowed in XML"), at + j);
                }
            }
        }
        Ok(())
    }

    // ---- elements -------------------------------------------------------

    fn element(&mut self) -> Result<()> {
        let root_depth = self.open.len();
        loop {
            // One tag per turn, then the content up to the next tag.
            match self.b.get(self.pos + 1) {
                Some(b'/') => self.end_tag()?,
                Some(b'?') => self.pi()?,
                Some(b'!') if self.starts_with(b"<!--") => self.comment()?,
                Some(b'!') if self.starts_with(b"<![CDATA[") => {
                    if self.open.len() == root_depth {
                        return self.err("CDATA outside the document element", self.pos);
                    }
                    self.cdata()?;
                }
                Some(b'!') => return self.err("unexpected markup declaration", self.pos),
                _ => self.start_tag()?,
            }
            if self.open.len() == root_depth {
                return Ok(());
            }
            self.content_text()?;
        }
    }

    fn start_tag(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 1;
        let name_from = self.pos;
        let (prefix, local) = self.qname()?;
        let qname = self.slice(name_from, self.pos);
        self.raw_attrs.clear();
        let (empty, end) = loop {
            let had_space = self.skip_spaces();
            match self.peek() {
                Some(b'>') => break (false, self.pos + 1),
                Some(b'/') => {
                    if self.b.get(self.pos + 1) != Some(&b'>') {
                        return self.err("expected '/>'", self.pos);
                    }
                    break (true, self.pos + 2);
                }
                None => return self.eof("a start tag"),
                Some(_) if !had_space => {
                    return self.err("expected white space before an attribute", self.pos);
                }
                Some(_) => self.attribute()?,
            }
        };
        self.pos = end;
        if self.open.len() >= self.opts.depth_limit as usize {
            return self.err("elements nested too deeply", start);
        }
        self.flush_text()?;
        let scope = self.bind_namespaces(start)?;
        let uri = self.resolve(prefix, true, scope, name_from)?;
        let attrs = self.resolve_attributes(scope)?;
        let id = self.push_node(
            start,
            end,
            Kind::Element(Element {
                prefix,
                local,
                uri,
                attrs,
                scope: scope.0..scope.1,
            }),
        )?;
        if empty {
            self.ended.push(id);
        } else {
            self.open.push(Open { id, qname, scope });
        }
        Ok(())
    }

    fn attribute(&mut self) -> Result<()> {
        let start = self.pos;
        let (prefix, local) = self.qname()?;
        let qname = self.slice(start, self.pos);
        self.eq()?;
        let value = self.attribute_value()?;
        if self.seen_before(prefix, local) {
            return self.err(format!("attribute '{qname}' given twice"), start);
        }
        self.raw_attrs.push(RawAttr {
            prefix,
            local,
            value,
            start: Self::at32(start),
            end: Self::at32(self.pos),
        });
        Ok(())
    }

    /// Whether the tag being read already has an attribute `prefix:local`:
    /// a scan for the usual few, a set past them, so that a tag with
    /// thousands of attributes costs linear time.
    fn seen_before(&mut self, prefix: &'input str, local: &'input str) -> bool {
        const SCAN: usize = 16;
        let n = self.raw_attrs.len();
        if n < SCAN {
            return self
                .raw_attrs
                .iter()
                .any(|a| a.local == local && a.prefix == prefix);
        }
        if n == SCAN {
            self.attr_set.clear();
            let names = self.raw_attrs.iter().map(|a| (a.prefix, a.local));
            self.attr_set.extend(names);
        }
        !self.attr_set.insert((prefix, local))
    }

    /// A quoted attribute value, references replaced and white space
    /// normalised (XML 1.0, 3.3.3, for CDATA attributes: there is no DTD).
    fn attribute_value(&mut self) -> Result<Cow<'input, str>> {
        let q = match self.peek() {
            Some(q @ (b'"' | b'\'')) => q,
            _ => return self.err("expected a quoted attribute value", self.pos),
        };
        self.pos += 1;
        let from = self.pos;
        let mut out: Option<String> = None;
        let mut plain = from;
        loop {
            let Some(c) = self.peek() else {
                return self.eof("an attribute value");
            };
            match c {
                _ if c == q => break,
                b'<' => return self.err("'<' in an attribute value", self.pos),
                b'&' => {
                    let s = out.get_or_insert_with(String::new);
                    s.push_str(self.slice(plain, self.pos));
                    let ch = self.reference()?;
                    if let Some(s) = out.as_mut() {
                        s.push(ch);
                    }
                    plain = self.pos;
                }
                b'\t' | b'\n' | b'\r' => {
                    let s = out.get_or_insert_with(String::new);
                    s.push_str(self.slice(plain, self.pos));
                    s.push(' ');
                    self.pos += if c == b'\r' && self.b.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    plain = self.pos;
                }
                _ if c < 0x20 || c == 0xEF => {
                    let ch = self.char_at(self.pos);
                    if !is_xml_char(ch) {
                        return self
                            .err(format!("character {ch:?} is not allowed in XML"), self.pos);
                    }
                    self.pos += ch.len_utf8();
                }
                _ => self.pos += 1,
            }
        }
        let end = self.pos;
        self.pos += 1;
        Ok(match out {
            None => Cow::Borrowed(self.slice(from, end)),
            Some(mut s) => {
                s.push_str(self.slice(plain, end));
                Cow::Owned(s)
            }
        })
    }

    /// An entity or character reference at `&`: the character it stands for.
    fn reference(&mut self) -> Result<char> {
        let at = self.pos;
        let Some(len) = memchr::memchr(b';', self.b.get(at..).unwrap_or(&[])) else {
            return self.err("a reference without ';'", at);
        };
        let name = self.slice(at + 1, at + len);
        let ch = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    (!hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                } else if let Some(dec) = name.strip_prefix('#') {
                    (!dec.is_empty() && dec.bytes().all(|c| c.is_ascii_digit()))
                        .then(|| dec.parse::<u32>().ok())
                        .flatten()
                } else {
                    let shown: String = name.chars().take(40).collect();
                    return self.err(format!("unknown entity '&{shown};' (there is no DTD)"), at);
                };
                match code.and_then(char::from_u32) {
                    Some(c) if is_xml_char(c) => c,
                    _ => return self.err("a character reference to a non-XML character", at),
                }
            }
        };
        self.pos = at + len + 1;
        Ok(ch)
    }

    /// Binds the `xmlns` attributes of the tag just read, and returns the
    /// range of `scopes` in scope on the element.
    fn bind_namespaces(&mut self, tag: usize) -> Result<(u32, u32)> {
        let parent = self.open.last().map_or((0, 0), |o| o.scope);
        if !self
            .raw_attrs
            .iter()
            .any(|a| a.prefix == "xmlns" || (a.prefix.is_empty() && a.local == "xmlns"))
        {
            return Ok(parent);
        }
        let from = u32::try_from(self.doc.scopes.len()).unwrap_or(NONE);
        let (decls, attrs): (Vec<RawAttr<'input>>, Vec<RawAttr<'input>>) =
            std::mem::take(&mut self.raw_attrs)
                .into_iter()
                .partition(|a| a.prefix == "xmlns" || (a.prefix.is_empty() && a.local == "xmlns"));
        self.raw_attrs = attrs;
        for a in decls {
            let prefix = if a.prefix.is_empty() { "" } else { a.local };
            let at = a.start as usize;
            let value = a.value;
            if prefix == "xmlns" {
                return self.err("the prefix 'xmlns' cannot be declared", at);
            }
            if prefix == "xml" && value != NS_XML {
                return self.err("the prefix 'xml' bound to another namespace", at);
            }
            if (prefix != "xml" && value == NS_XML) || value == NS_XMLNS {
                return self.err(format!("the namespace '{value}' is reserved"), at);
            }
            if !prefix.is_empty() && value.is_empty() {
                return self.err(format!("the prefix '{prefix}' bound to no namespace"), at);
            }
            let uri = if value.is_empty() {
                NONE
            } else {
                self.intern_uri(value, at)?
            };
            self.doc.scopes.push(Binding { prefix, uri });
        }
        let own = u32::try_from(self.doc.scopes.len()).unwrap_or(NONE);
        for k in parent.0..parent.1 {
            let Some(b) = self.doc.scopes.get(k as usize).copied() else {
                continue;
            };
            let shadowed = self
                .doc
                .scopes
                .get(from as usize..own as usize)
                .is_some_and(|o| o.iter().any(|x| x.prefix == b.prefix));
            if !shadowed {
                self.doc.scopes.push(b);
            }
        }
        let to = u32::try_from(self.doc.scopes.len()).unwrap_or(NONE);
        // Prefixes are looked up by a scan of the bindings in scope: bound
        // them so that no document makes that quadratic (an invoice has a
        // handful).
        if to == NONE || to - from > MAX_BINDINGS {
            return self.err(
                format!("more than {MAX_BINDINGS} namespace bindings in scope"),
                tag,
            );
        }
        Ok((from, to))
    }

    fn intern_uri(&mut self, value: Cow<'input, str>, at: usize) -> Result<u32> {
        if let Some(&id) = self.uri_ids.get(&*value) {
            return Ok(id);
        }
        let id = u32::try_from(self.doc.uris.len()).unwrap_or(NONE);
        if id == NONE {
            return self.err("too many namespaces", at);
        }
        self.doc.uris.push(value.clone());
        self.uri_ids.insert(value, id);
        Ok(id)
    }

    /// The namespace of `prefix` in `scope` (`NONE` for no namespace);
    /// without a prefix, elements take the default namespace, attributes
    /// none.
    fn resolve(
        &mut self,
        prefix: &str,
        element: bool,
        scope: (u32, u32),
        at: usize,
    ) -> Result<u32> {
        if prefix.is_empty() && !element {
            return Ok(NONE);
        }
        if prefix == "xml" {
            return self.intern_uri(Cow::Borrowed(NS_XML), at);
        }
        if prefix == "xmlns" {
            return self.err("the prefix 'xmlns' is reserved", at);
        }
        let found = self
            .doc
            .scopes
            .get(scope.0 as usize..scope.1 as usize)
            .and_then(|s| s.iter().find(|b| b.prefix == prefix));
        match found {
            Some(b) => Ok(b.uri),
            None if prefix.is_empty() => Ok(NONE),
            None => self.err(format!("undeclared namespace prefix '{prefix}'"), at),
        }
    }

    fn resolve_attributes(&mut self, scope: (u32, u32)) -> Result<std::ops::Range<u32>> {
        let from = u32::try_from(self.doc.attrs.len()).unwrap_or(NONE);
        let raw = std::mem::take(&mut self.raw_attrs);
        // Two prefixes bound to one namespace can name one attribute twice
        // (Namespaces 1.0, 6.3): a scan among the few, a set past them.
        let many = raw.iter().filter(|a| !a.prefix.is_empty()).count() > 16;
        let mut expanded: rustc_hash::FxHashSet<(u32, &str)> = rustc_hash::FxHashSet::default();
        for a in &raw {
            let uri = self.resolve(a.prefix, false, scope, a.start as usize)?;
            let first = from as usize;
            let twice = uri != NONE
                && if many {
                    !expanded.insert((uri, a.local))
                } else {
                    self.doc
                        .attrs
                        .get(first..)
                        .is_some_and(|s| s.iter().any(|b| b.uri == uri && b.local == a.local))
                };
            if twice {
                return self.err(
                    format!(
                        "attribute '{{{}}}{}' given twice",
                        self.uri_str(uri),
                        a.local
                    ),
                    a.start as usize,
                );
            }
            self.doc.attrs.push(AttrData {
                prefix: a.prefix,
                local: a.local,
                uri,
                value: a.value.clone(),
                start: a.start,
                end: a.end,
            });
        }
        self.raw_attrs = raw;
        self.raw_attrs.clear();
        let to = u32::try_from(self.doc.attrs.len()).unwrap_or(NONE);
        if to == NONE {
            return self.err("too many attributes", self.pos);
        }
        Ok(from..to)
    }

    fn uri_str(&self, i: u32) -> &str {
        self.doc.uris.get(i as usize).map_or("", |u| &**u)
    }

    fn end_tag(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 2;
        let Some(qname) = self.open.last().map(|o| o.qname) else {
            return self.err("an end tag with no start tag", start);
        };
        // The name must be the start tag's, byte for byte.
        let same = self.starts_with(qname.as_bytes())
            && self
                .b
                .get(self.pos + qname.len())
                .is_none_or(|&c| name_class(c) == 0 && c != b':' && c.is_ascii());
        if !same {
            let name_from = self.pos;
            let found = match self.qname() {
                Ok(_) => self.slice(name_from, self.pos),
                Err(_) => "",
            };
            return self.err(
                format!("end tag '{found}' does not match start tag '{qname}'"),
                start,
            );
        }
        self.pos += qname.len();
        self.skip_spaces();
        match self.peek() {
            Some(b'>') => self.pos += 1,
            None => return self.eof("an end tag"),
            Some(_) => return self.err("expected '>'", self.pos),
        }
        // The text before the tag belongs inside the element.
        self.flush_text()?;
        let Some(open) = self.open.pop() else {
            return self.err("an end tag with no start tag", start);
        };
        if let Some(n) = self.doc.nodes.get_mut(open.id as usize) {
            n.end = Self::at32(self.pos);
        }
        // `ended` holds the nodes down its last children: they end with it.
        self.ended.push(open.id);
        Ok(())
    }

    fn cdata(&mut self) -> Result<()> {
        let start = self.pos;
        let body = start + 9;
        let Some(len) = memchr::memmem::find(self.b.get(body..).unwrap_or(&[]), b"]]>") else {
            return self.eof("a CDATA section");
        };
        let raw = self.slice(body, body + len);
        self.check_chars(raw, body)?;
        self.pos = body + len + 3;
        let value = line_ends_joined(raw);
        self.add_text(start, self.pos, value);
        Ok(())
    }

    /// Character data up to the next `<` (or the end).
    fn content_text(&mut self) -> Result<()> {
        let from = self.pos;
        let mut plain = from;
        let mut owned: Option<String> = None;
        loop {
            while self.b.get(self.pos).is_some_and(|&c| !stops_text(c)) {
                self.pos += 1;
            }
            let Some(c) = self.peek() else {
                return self.eof("an element (it is never closed)");
            };
            match c {
                b'<' => break,
                b'&' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(self.slice(plain, self.pos));
                    let ch = self.reference()?;
                    if let Some(s) = owned.as_mut() {
                        s.push(ch);
                    }
                    plain = self.pos;
                }
                b'\r' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(self.slice(plain, self.pos));
                    s.push('\n');
                    self.pos += if self.b.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    plain = self.pos;
                }
                b']' => {
                    if self.starts_with(b"]]>") {
                        return self.err("']]>' in text", self.pos);
                    }
                    self.pos += 1;
                }
                _ => {
                    let ch = self.char_at(self.pos);
                    if !is_xml_char(ch) {
                        return self
                            .err(format!("character {ch:?} is not allowed in XML"), self.pos);
                    }
                    self.pos += ch.len_utf8();
                }
            }
        }
        if self.pos == from {
            return Ok(());
        }
        match owned {
            None => self.add_text(from, self.pos, Cow::Borrowed(self.slice(from, self.pos))),
            Some(mut s) => {
                s.push_str(self.slice(plain, self.pos));
                self.add_text(from, self.pos, Cow::Owned(s));
            }
        }
        Ok(())
    }
}

/// `s` with CR LF and lone CR read as LF (XML 1.0, 2.11), borrowed when
/// it has no CR.
fn line_ends_joined(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(normalize_line_ends(s))
}

fn normalize_line_ends(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}
