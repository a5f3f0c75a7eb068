//! Human XPath locations for findings, with line and column.

use facturx_report::Location;
use facturx_xpath::XNode;
use rustc_hash::FxHashMap;

/// `/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[2]`:
/// prefixed names as written in the document, with a position only where
/// siblings share the name.
pub fn xpath_of(node: XNode<'_>) -> String {
    Locator::new(node.node.document().input_text()).xpath_of(node)
}

/// The location of a node: its path, line and column.
///
/// Each call scans the text before the node; for many findings on one
/// document, use a [`Locator`].
pub fn location_of(node: XNode<'_>) -> Location {
    Locator::new(node.node.document().input_text()).locate(node)
}

/// Locations of many nodes of one document: the line starts are found
/// once, so each location costs a binary search and its column's
/// characters, not a scan from the start of the text (an invoice of 5,000
/// lines with an error on each had 15,000 findings, each a 12 MB scan).
pub struct Locator<'t> {
    text: &'t str,
    /// Byte offsets of the `\n`s, found on first use.
    newlines: std::cell::OnceCell<Vec<usize>>,
    /// By element node id: its position among the siblings of its name,
    /// and whether it has such siblings (filled a parent at a time, so
    /// that 15,000 findings under 5,000 line items do not count siblings
    /// 15,000 times).
    positions: std::cell::RefCell<FxHashMap<usize, (usize, bool)>>,
}

impl<'t> Locator<'t> {
    /// A locator over the document text `text`.
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            newlines: std::cell::OnceCell::new(),
            positions: std::cell::RefCell::default(),
        }
    }

    /// The location of `node`, a node of the document whose text this is.
    pub fn locate(&self, node: XNode<'_>) -> Location {
        let start = match node.attribute() {
            Some(a) => a.range().start,
            None => node.node.range().start,
        };
        let (row, col) = self.line_and_column(start);
        Location::xpath(self.xpath_of(node)).with_line(row, col)
    }

    /// The node's path in the form of [`xpath_of`]; each parent's children
    /// are numbered once, on first use.
    pub fn xpath_of(&self, node: XNode<'_>) -> String {
        let mut parts = Vec::new();
        if node.attribute().is_some() {
            parts.push(format!("@{}", node.qualified_name()));
        }
        for n in node
            .node
            .ancestors()
            .filter(facturx_xpath::tree::Node::is_element)
        {
            let name = XNode::new(n).qualified_name();
            match self.position(n) {
                (pos, true) => parts.push(format!("{name}[{pos}]")),
                (_, false) => parts.push(name),
            }
        }
        if parts.is_empty() {
            return "/".to_string();
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    fn position(&self, n: facturx_xpath::tree::Node<'_, '_>) -> (usize, bool) {
        let id = n.id().get_usize();
        if let Some(&p) = self.positions.borrow().get(&id) {
            return p;
        }
        let Some(parent) = n.parent() else {
            return (1, false);
        };
        let mut counts: FxHashMap<(&str, &str), usize> = FxHashMap::default();
        let mut order = Vec::new();
        for c in parent
            .children()
            .filter(facturx_xpath::tree::Node::is_element)
        {
            let t = c.tag_name();
            let name = (t.namespace().unwrap_or(""), t.name());
            let count = counts.entry(name).or_insert(0);
            *count += 1;
            order.push((c.id().get_usize(), name, *count));
        }
        let mut positions = self.positions.borrow_mut();
        for (child, name, pos) in order {
            let shared = counts.get(&name).is_some_and(|&c| c > 1);
            positions.insert(child, (pos, shared));
        }
        positions.get(&id).copied().unwrap_or((1, false))
    }

    /// 1-based line and column (in characters) of byte offset `pos`, as
    /// `facturx_xpath::tree::Document::text_pos_at` counts them.
    pub fn line_and_column(&self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.text.len());
        let newlines = self
            .newlines
            .get_or_init(|| memchr::memchr_iter(b'\n', self.text.as_bytes()).collect());
        let before = newlines.partition_point(|&n| n < pos);
        let line_start = match before.checked_sub(1).and_then(|i| newlines.get(i)) {
            Some(&n) => n + 1,
            None => 0,
        };
        let col = self
            .text
            .get(line_start..pos)
            .map_or(0, |s| s.chars().count());
        let row = u32::try_from(before + 1).unwrap_or(u32::MAX);
        (row, u32::try_from(col + 1).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_agree_with_text_pos_at() {
        let text = "<a>\n  <b x='1'>é</b>\n\n<c/>ü<d/><b/><c xmlns='u'/>\n</a>";
        let doc = facturx_xpath::tree::Document::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let locator = Locator::new(doc.input_text());
        for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            let want = doc.text_pos_at(pos);
            assert_eq!(
                locator.line_and_column(pos),
                (want.row, want.col),
                "at {pos}"
            );
        }
        for n in doc.descendants() {
            assert_eq!(
                locator.locate(XNode::new(n)),
                location_of(XNode::new(n)),
                "{n:?}"
            );
            assert_eq!(locator.xpath_of(XNode::new(n)), xpath_of(XNode::new(n)));
        }
        let paths: Vec<String> = doc
            .descendants()
            .filter(facturx_xpath::tree::Node::is_element)
            .map(|n| locator.xpath_of(XNode::new(n)))
            .collect();
        // Two `b`s; the two `c`s differ by namespace.
        assert_eq!(paths, ["/a", "/a/b[1]", "/a/c", "/a/d", "/a/b[2]", "/a/c"]);
    }
}
