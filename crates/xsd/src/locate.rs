//! Element paths for libxml2 diagnostics.
//!
//! libxml2's structured errors carry a line but the `libxml` crate does not
//! expose the node, so the path is recovered by a second streaming pass that
//! runs only when there are findings: the element named in the message
//! (`Element '{ns}Name': …`) whose start tag spans the reported line.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The line libxml2 reports for every node at or after it (16-bit storage).
pub(crate) const CLAMPED_LINE: u32 = 65535;

struct Node {
    name: String,
    parent: Option<usize>,
    /// 1-based position among same-named siblings.
    ordinal: usize,
    first_line: u32,
    last_line: u32,
}

/// Start tags of a document with their lines, for path look-ups.
pub(crate) struct ElementIndex {
    nodes: Vec<Node>,
    /// Number of children with a given name under a given parent.
    counts: HashMap<(Option<usize>, String), usize>,
}

impl ElementIndex {
    /// Indexes every start tag; stops quietly at the first syntax error.
    pub(crate) fn build(xml: &[u8]) -> ElementIndex {
        let mut nodes: Vec<Node> = Vec::new();
        let mut counts: HashMap<(Option<usize>, String), usize> = HashMap::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut reader = Reader::from_reader(xml);
        let mut line: u32 = 1;
        let mut counted_to: usize = 0;
        let mut advance = |to: u64, line: &mut u32| {
            let to = usize::try_from(to).unwrap_or(usize::MAX).min(xml.len());
            if let Some(chunk) = xml.get(counted_to..to) {
                let n = chunk.iter().filter(|&&b| b == b'\n').count();
                *line = line.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
                counted_to = to;
            }
        };
        loop {
            advance(reader.buffer_position(), &mut line);
            let first_line = line;
            let event = reader.read_event();
            advance(reader.buffer_position(), &mut line);
            let (start, empty) = match &event {
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(_)) => {
                    stack.pop();
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let name = start.name().as_ref().to_string();
            let parent = stack.last().copied();
            let count = counts.entry((parent, name.clone())).or_insert(0);
            *count += 1;
            nodes.push(Node {
                name,
                parent,
                ordinal: *count,
                first_line,
                last_line: line,
            });
            if !empty {
                stack.push(nodes.len() - 1);
            }
        }
        ElementIndex { nodes, counts }
    }

    /// Path and start line of the element called `local_name` whose start tag
    /// spans `line` (the first one when several do).
    ///
    /// libxml2 2.9 stores node lines in 16 bits unless `XML_PARSE_BIG_LINES`
    /// is set, which the `libxml` crate cannot pass: a node at or beyond line
    /// [`CLAMPED_LINE`] reports exactly that line. Such a line is resolved
    /// only when a single element of that name starts there or later.
    pub(crate) fn locate(&self, line: u32, local_name: &str) -> Option<(String, u32)> {
        let named = |n: &&Node| local_of(&n.name) == local_name;
        let idx = if line >= CLAMPED_LINE {
            let mut late = self
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.last_line >= CLAMPED_LINE && named(n));
            match (late.next(), late.next()) {
                (Some((i, _)), None) => i,
                _ => return None,
            }
        } else {
            self.nodes
                .iter()
                .position(|n| n.first_line <= line && line <= n.last_line && named(&n))?
        };
        let node = self.nodes.get(idx)?;
        Some((self.path_of(idx), node.last_line))
    }

    fn path_of(&self, idx: usize) -> String {
        let mut steps = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            let Some(node) = self.nodes.get(i) else { break };
            let total = self
                .counts
                .get(&(node.parent, node.name.clone()))
                .copied()
                .unwrap_or(1);
            if total > 1 {
                steps.push(format!("{}[{}]", node.name, node.ordinal));
            } else {
                steps.push(node.name.clone());
            }
            cur = node.parent;
        }
        steps.reverse();
        format!("/{}", steps.join("/"))
    }
}

fn local_of(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// The local name of the element a libxml2 schema message is about:
/// `Element '{urn:…}Name': …` or `Element 'ram:Name', attribute 'x': …`.
pub(crate) fn element_in_message(message: &str) -> Option<&str> {
    let rest = message.split_once("Element '")?.1;
    let qname = rest.split_once('\'')?.0;
    let local = qname.rsplit(['}', ':']).next()?;
    (!local.is_empty()).then_some(local)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn paths_with_sibling_positions() {
        let xml = b"<r:a xmlns:r='u'>\n  <r:b/>\n  <r:b>\n    <c\n      x='1'/>\n  </r:b>\n</r:a>";
        let idx = ElementIndex::build(xml);
        assert_eq!(idx.locate(3, "b").unwrap(), ("/r:a/r:b[2]".to_string(), 3));
        assert_eq!(
            idx.locate(4, "c").unwrap(),
            ("/r:a/r:b[2]/c".to_string(), 5)
        );
        assert_eq!(idx.locate(1, "a").unwrap().0, "/r:a");
        assert_eq!(idx.locate(2, "c"), None);
    }

    #[test]
    fn element_names_from_libxml_messages() {
        assert_eq!(
            element_in_message("Element '{urn:x:100}TypeCode': [facet 'enumeration'] bad"),
            Some("TypeCode")
        );
        assert_eq!(
            element_in_message("Element 'ram:ID', attribute 'foo': not allowed"),
            Some("ID")
        );
        assert_eq!(element_in_message("Missing child element(s)."), None);
    }
}
