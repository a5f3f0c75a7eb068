//! The parsed input document.

use std::borrow::Cow;
use std::sync::OnceLock;

use facturx_xpath::names::NameTable;

use crate::error::Error;

/// An XML document parsed with safe defaults (no DTD, node limit), keeping
/// positions for locations.
#[derive(Debug)]
pub struct Document<'x> {
    doc: facturx_xpath::tree::Document<'x>,
    /// Element name numbers, for integer name tests: made on first use,
    /// once the rule sets are compiled, so that the table knows their
    /// names (the sets depend on the profile the document names).
    names: OnceLock<NameTable>,
}

/// Upper bound on nodes, against memory exhaustion.
const NODES_LIMIT: u32 = 5_000_000;

impl<'x> Document<'x> {
    /// Parses XML text.
    pub fn parse(text: &'x str) -> Result<Self, Error> {
        let opts = facturx_xpath::tree::ParsingOptions {
            nodes_limit: NODES_LIMIT,
            ..facturx_xpath::tree::ParsingOptions::default()
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let doc = facturx_xpath::tree::Document::parse_with_options(text, opts)?;
        Ok(Document {
            doc,
            names: OnceLock::new(),
        })
    }

    /// Parses UTF-8 XML bytes (optional BOM). A document in another
    /// encoding must be decoded first, with [`decode_xml`](crate::decode_xml),
    /// since the tree borrows its text.
    pub fn parse_bytes(bytes: &'x [u8]) -> Result<Self, Error> {
        match facturx_cii::decode_xml(bytes)? {
            std::borrow::Cow::Borrowed(text) => Document::parse(text),
            std::borrow::Cow::Owned(_) => Err(Error::NotUtf8),
        }
    }

    /// The document node.
    pub fn root(&self) -> facturx_xpath::tree::Node<'_, '_> {
        self.doc.root()
    }

    /// The number of each element's name (see `facturx_xpath::names`).
    pub fn names(&self) -> &NameTable {
        self.names.get_or_init(|| NameTable::build(&self.doc))
    }

    /// The underlying tree.
    pub fn tree(&self) -> &facturx_xpath::tree::Document<'x> {
        &self.doc
    }

    /// BT-24, the specification identifier, trimmed.
    pub fn guideline_id(&self) -> Option<&str> {
        let root = self.doc.root_element();
        let ctx = root
            .children()
            .find(|n| n.has_tag_name("ExchangedDocumentContext"))?;
        let param = ctx
            .children()
            .find(|n| n.has_tag_name("GuidelineSpecifiedDocumentContextParameter"))?;
        let id = param.children().find(|n| n.has_tag_name("ID"))?;
        Some(id.text().unwrap_or("").trim())
    }
}

/// The text with each CR LF pair replaced by LF, as an XML parser reads it
/// (XML 1.0, 2.11). The tree is the same, and so are line and column
/// numbers (the CR ended its line); the parser then borrows every
/// white-space text node instead of copying it to drop the CR (a third of
/// the parse of a typical CR LF invoice).
pub(crate) fn join_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    // One pass with a vectorised byte search: `str::replace` runs a
    // general substring search, and `str::find` a scalar one; either costs
    // a fifth of the parse.
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\r', bytes) {
        if bytes.get(at + 1) == Some(&b'\n') {
            out.push_str(text.get(from..at).unwrap_or(""));
            from = at + 1;
        }
    }
    out.push_str(text.get(from..).unwrap_or(""));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cr_lf_pairs_are_joined() {
        let joined = join_line_ends(Cow::Borrowed("<a>\r\n<b>x\ry</b>\r\n</a>\r"));
        assert_eq!(joined, "<a>\n<b>x\ry</b>\n</a>\r");
        assert!(matches!(
            join_line_ends(Cow::Borrowed("<a/>\n")),
            Cow::Borrowed(_)
        ));
    }
}
