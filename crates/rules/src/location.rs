//! Human XPath locations for findings, with line and column.

use facturx_report::Location;
use facturx_xpath::XNode;

/// `/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[2]`:
/// prefixed names as written in the document, with a position only where
/// siblings share the name.
pub fn xpath_of(node: XNode<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(a) = node.attribute() {
        let _ = a;
        parts.push(format!("@{}", node.qualified_name()));
    }
    for n in node.node.ancestors().filter(roxmltree::Node::is_element) {
        let name = XNode::new(n).qualified_name();
        let tag = n.tag_name();
        let same = |s: &roxmltree::Node<'_, '_>| s.is_element() && s.tag_name() == tag;
        let before = n.prev_siblings().skip(1).filter(same).count();
        let after = n.next_siblings().skip(1).filter(same).count();
        if before + after > 0 {
            parts.push(format!("{name}[{}]", before + 1));
        } else {
            parts.push(name);
        }
    }
    if parts.is_empty() {
        return "/".to_string();
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}

/// The location of a node: its path, line and column.
pub fn location_of(node: XNode<'_>) -> Location {
    let doc = node.node.document();
    let start = match node.attribute() {
        Some(a) => a.range().start,
        None => node.node.range().start,
    };
    let pos = doc.text_pos_at(start);
    Location::xpath(xpath_of(node)).with_line(pos.row, pos.col)
}
