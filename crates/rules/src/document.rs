//! The parsed input document.

use std::borrow::Cow;
use std::sync::OnceLock;

use facturx_xpath::names::NameTable;

use crate::error::Error;

/// An XML document parsed with safe defaults (no DTD, node limit), keeping
/// positions for locations.
#[derive(Debug)]
pub struct Document<'x> {
    doc: roxmltree::Document<'x>,
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
        let opts = roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: NODES_LIMIT,
            ..roxmltree::ParsingOptions::default()
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let doc = roxmltree::Document::parse_with_options(text, opts)?;
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
    pub fn root(&self) -> roxmltree::Node<'_, '_> {
        self.doc.root()
    }

    /// The number of each element's name (see `facturx_xpath::names`).
    pub fn names(&self) -> &NameTable {
        self.names.get_or_init(|| NameTable::build(&self.doc))
    }

    /// The underlying tree.
    pub fn tree(&self) -> &roxmltree::Document<'x> {
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
    if text.as_bytes().contains(&b'\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        text
    }
}
