//! The read-only XML tree the rules run on.
//!
//! Built for the validator's one pass: the parser (see `parse.rs`) checks
//! well-formedness and namespaces as XML 1.0 and Namespaces 1.0 require,
//! refuses DTDs, and fills flat arrays that the evaluator walks by index.
//! Nodes are numbered in document order, so a subtree is a range of
//! numbers and `//x` or `descendant::` is a slice walk. Texts borrow the
//! input unless an entity or a carriage return had to be replaced.
//!
//! The API follows the shape of `roxmltree`'s (the tree this replaces), so
//! that code reads the same; the differences are noted where they matter:
//! elements and attributes keep the prefix they were written with, so
//! `name()` gives it back exactly.

mod parse;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

pub use parse::{Error, ParsingOptions};

/// No node: the end of a link.
const NONE: u32 = u32::MAX;

/// The namespace the prefix `xml` is bound to.
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// A parsed document. `'input` is the lifetime of the text it borrows.
pub struct Document<'input> {
    text: &'input str,
    nodes: Vec<NodeData<'input>>,
    attrs: Vec<AttrData<'input>>,
    /// Namespace URIs, each once; names refer to them by index.
    uris: Vec<Cow<'input, str>>,
    /// In-scope namespace bindings of every element, back to back (see
    /// `Element::scope`).
    scopes: Vec<Binding<'input>>,
}

#[derive(Debug, Clone, Copy)]
struct Binding<'input> {
    /// The prefix; `""` for the default namespace.
    prefix: &'input str,
    /// Index in `uris`, or `NONE` where a default namespace is undeclared.
    uri: u32,
}

struct NodeData<'input> {
    parent: u32,
    prev_sibling: u32,
    /// The next node after this one's subtree (its next sibling, or the
    /// next sibling of the nearest ancestor that has one).
    next_subtree: u32,
    last_child: u32,
    start: u32,
    end: u32,
    kind: Kind<'input>,
}

enum Kind<'input> {
    Root,
    Element(Element<'input>),
    Text(Cow<'input, str>),
    /// Comment and PI texts are copied only when a CR had to be replaced.
    Comment(Cow<'input, str>),
    Pi {
        target: &'input str,
        value: Option<Cow<'input, str>>,
    },
}

struct Element<'input> {
    prefix: &'input str,
    local: &'input str,
    /// Index in `uris`, or `NONE` for no namespace.
    uri: u32,
    attrs: Range<u32>,
    /// Range in `scopes`.
    scope: Range<u32>,
}

struct AttrData<'input> {
    prefix: &'input str,
    local: &'input str,
    uri: u32,
    value: Cow<'input, str>,
    start: u32,
    end: u32,
}

impl<'input> Document<'input> {
    /// Parses `text` with the default options.
    pub fn parse(text: &'input str) -> Result<Self, Error> {
        Document::parse_with_options(text, ParsingOptions::default())
    }

    /// Parses `text`.
    pub fn parse_with_options(text: &'input str, opts: ParsingOptions) -> Result<Self, Error> {
        parse::parse(text, opts)
    }

    /// The document node.
    pub fn root(&self) -> Node<'_, 'input> {
        self.node(0)
    }

    /// The document element.
    pub fn root_element(&self) -> Node<'_, 'input> {
        // The parser refuses a document without one.
        self.root()
            .children()
            .find(Node::is_element)
            .unwrap_or_else(|| self.root())
    }

    /// Every node, in document order, the document node first.
    pub fn descendants(&self) -> Descendants<'_, 'input> {
        self.root().descendants()
    }

    /// The node numbered `id`, if there is one.
    pub fn get_node(&self, id: NodeId) -> Option<Node<'_, 'input>> {
        (id.get_usize() < self.nodes.len()).then(|| self.node(id.0))
    }

    /// The number of nodes, the document node included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Never true: a document has at least its document node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The text the document was parsed from.
    pub fn input_text(&self) -> &'input str {
        self.text
    }

    /// Line and column (from 1; columns in characters) of a byte offset.
    pub fn text_pos_at(&self, pos: usize) -> TextPos {
        let before = self.text.get(..pos).unwrap_or(self.text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1);
        TextPos {
            row: count(memchr::memchr_iter(b'\n', before.as_bytes()).count()),
            col: count(before.get(line_start..).map_or(0, |s| s.chars().count())),
        }
    }

    fn node(&self, id: u32) -> Node<'_, 'input> {
        Node { doc: self, id }
    }

    fn data(&self, id: u32) -> Option<&NodeData<'input>> {
        self.nodes.get(id as usize)
    }

    fn uri(&self, i: u32) -> Option<&str> {
        self.uris.get(i as usize).map(|u| &**u)
    }
}

impl fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("nodes", &self.nodes.len())
            .field("attributes", &self.attrs.len())
            .finish_non_exhaustive()
    }
}

/// A line and column in the input, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPos {
    /// The line.
    pub row: u32,
    /// The column, in characters.
    pub col: u32,
}

/// A node's number: its position in document order (the document node
/// is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(u32);

impl NodeId {
    /// The id numbered `n`.
    pub fn new(n: u32) -> Self {
        NodeId(n)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The number, as an index.
    pub fn get_usize(self) -> usize {
        self.0 as usize
    }
}

impl From<u32> for NodeId {
    fn from(n: u32) -> Self {
        NodeId(n)
    }
}

/// The kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeType {
    /// The document node.
    Root,
    /// An element.
    Element,
    /// A processing instruction.
    PI,
    /// A comment.
    Comment,
    /// Character data (text and CDATA sections, merged).
    Text,
}

/// A namespace URI and a local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpandedName<'a> {
    uri: Option<&'a str>,
    local: &'a str,
}

impl<'a> ExpandedName<'a> {
    /// The namespace URI, if any.
    pub fn namespace(&self) -> Option<&'a str> {
        self.uri
    }

    /// The local name.
    pub fn name(&self) -> &'a str {
        self.local
    }
}

/// A processing instruction's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PI<'a> {
    /// The target.
    pub target: &'a str,
    /// The content after the target, if any.
    pub value: Option<&'a str>,
}

/// A node of a [`Document`]: cheap to copy.
#[derive(Clone, Copy)]
pub struct Node<'a, 'input> {
    doc: &'a Document<'input>,
    id: u32,
}

impl PartialEq for Node<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && std::ptr::eq(self.doc, other.doc)
    }
}

impl Eq for Node<'_, '_> {}

impl<'a, 'input> Node<'a, 'input> {
    fn d(&self) -> &'a NodeData<'input> {
        // Ids are only made for nodes that exist.
        self.doc.data(self.id).unwrap_or(&ROOT_PLACEHOLDER)
    }

    fn at(&self, id: u32) -> Option<Self> {
        (id != NONE).then(|| self.doc.node(id))
    }

    /// The node's number.
    pub fn id(&self) -> NodeId {
        NodeId(self.id)
    }

    /// The document the node belongs to.
    pub fn document(&self) -> &'a Document<'input> {
        self.doc
    }

    /// The kind of node.
    pub fn node_type(&self) -> NodeType {
        match self.d().kind {
            Kind::Root => NodeType::Root,
            Kind::Element(_) => NodeType::Element,
            Kind::Text(_) => NodeType::Text,
            Kind::Comment(_) => NodeType::Comment,
            Kind::Pi { .. } => NodeType::PI,
        }
    }

    /// True for an element.
    pub fn is_element(&self) -> bool {
        matches!(self.d().kind, Kind::Element(_))
    }

    /// True for a text node.
    pub fn is_text(&self) -> bool {
        matches!(self.d().kind, Kind::Text(_))
    }

    /// True for the document node.
    pub fn is_root(&self) -> bool {
        matches!(self.d().kind, Kind::Root)
    }

    /// True for a comment.
    pub fn is_comment(&self) -> bool {
        matches!(self.d().kind, Kind::Comment(_))
    }

    /// True for a processing instruction.
    pub fn is_pi(&self) -> bool {
        matches!(self.d().kind, Kind::Pi { .. })
    }

    fn element(&self) -> Option<&'a Element<'input>> {
        match &self.d().kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// An element's expanded name (empty for other nodes).
    pub fn tag_name(&self) -> ExpandedName<'a> {
        match self.element() {
            Some(e) => ExpandedName {
                uri: self.doc.uri(e.uri),
                local: e.local,
            },
            None => ExpandedName {
                uri: None,
                local: "",
            },
        }
    }

    /// The prefix an element was written with (`""` for none).
    pub fn prefix(&self) -> &'input str {
        self.element().map_or("", |e| e.prefix)
    }

    /// True for an element whose local name is `local`.
    pub fn has_tag_name(&self, local: &str) -> bool {
        self.element().is_some_and(|e| e.local == local)
    }

    /// The parent; none for the document node.
    pub fn parent(&self) -> Option<Self> {
        self.at(self.d().parent)
    }

    /// The first child.
    pub fn first_child(&self) -> Option<Self> {
        let next = self.id.checked_add(1)?;
        let d = self.doc.data(next)?;
        (d.parent == self.id).then(|| self.doc.node(next))
    }

    /// The last child.
    pub fn last_child(&self) -> Option<Self> {
        self.at(self.d().last_child)
    }

    /// The first child that is an element.
    pub fn first_element_child(&self) -> Option<Self> {
        self.children().find(Node::is_element)
    }

    /// The next sibling.
    pub fn next_sibling(&self) -> Option<Self> {
        let d = self.d();
        let next = self.doc.data(d.next_subtree)?;
        (d.parent != NONE && next.parent == d.parent).then(|| self.doc.node(d.next_subtree))
    }

    /// The previous sibling.
    pub fn prev_sibling(&self) -> Option<Self> {
        self.at(self.d().prev_sibling)
    }

    /// The children, in order.
    pub fn children(&self) -> Children<'a, 'input> {
        Children {
            next: self.first_child(),
        }
    }

    /// This node and those after it with the same parent.
    pub fn next_siblings(&self) -> impl Iterator<Item = Self> + use<'a, 'input> {
        std::iter::successors(Some(*self), Node::next_sibling)
    }

    /// This node and those before it with the same parent, nearest first.
    pub fn prev_siblings(&self) -> impl Iterator<Item = Self> + use<'a, 'input> {
        std::iter::successors(Some(*self), Node::prev_sibling)
    }

    /// This node and its ancestors, nearest first.
    pub fn ancestors(&self) -> impl Iterator<Item = Self> + use<'a, 'input> {
        std::iter::successors(Some(*self), Node::parent)
    }

    /// The number one past this node's last descendant.
    pub fn subtree_end(&self) -> u32 {
        match self.d().next_subtree {
            NONE => u32::try_from(self.doc.nodes.len()).unwrap_or(NONE),
            n => n,
        }
    }

    /// This node and its descendants, in document order.
    pub fn descendants(&self) -> Descendants<'a, 'input> {
        Descendants {
            doc: self.doc,
            next: self.id,
            end: self.subtree_end(),
        }
    }

    /// The text of a text node or comment; for an element, its first
    /// child's text when that child is a text node.
    pub fn text(&self) -> Option<&'a str> {
        match &self.d().kind {
            Kind::Text(t) => Some(t),
            Kind::Comment(t) => Some(&**t),
            Kind::Element(_) => self.first_child().and_then(|c| match &c.d().kind {
                Kind::Text(t) => Some(&**t),
                _ => None,
            }),
            _ => None,
        }
    }

    /// A processing instruction's parts.
    pub fn pi(&self) -> Option<PI<'a>> {
        match &self.d().kind {
            Kind::Pi { target, value } => Some(PI {
                target,
                value: value.as_deref(),
            }),
            _ => None,
        }
    }

    /// An element's attributes, in document order (namespace declarations
    /// are not attributes).
    pub fn attributes(&self) -> Attributes<'a, 'input> {
        let range = self.element().map_or(0..0, |e| e.attrs.clone());
        Attributes {
            doc: self.doc,
            range,
        }
    }

    /// The value of the attribute with no namespace named `local`.
    pub fn attribute(&self, local: &str) -> Option<&'a str> {
        self.attributes()
            .find(|a| a.namespace().is_none() && a.name() == local)
            .map(|a| a.value())
    }

    /// The namespace bindings in scope on an element.
    pub fn namespaces(&self) -> impl Iterator<Item = Namespace<'a>> + use<'a, 'input> {
        let doc = self.doc;
        let scope = self.element().map_or(0..0, |e| e.scope.clone());
        doc.scopes
            .get(scope.start as usize..scope.end as usize)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |b| {
                Some(Namespace {
                    prefix: (!b.prefix.is_empty()).then_some(b.prefix),
                    uri: doc.uri(b.uri)?,
                })
            })
    }

    /// The URI bound to `prefix` (`None`: the default namespace) here.
    pub fn lookup_namespace_uri(&self, prefix: Option<&str>) -> Option<&'a str> {
        let p = prefix.unwrap_or("");
        if p == "xml" {
            return Some(NS_XML);
        }
        self.namespaces()
            .find(|n| n.prefix.unwrap_or("") == p)
            .map(|n| n.uri)
    }

    /// A prefix bound to `uri` here (`Some("")` for the default one).
    pub fn lookup_prefix(&self, uri: &str) -> Option<&'a str> {
        if uri == NS_XML {
            return Some("xml");
        }
        self.namespaces()
            .find(|n| n.uri == uri)
            .map(|n| n.prefix.unwrap_or(""))
    }

    /// The node's bytes in the input.
    pub fn range(&self) -> Range<usize> {
        let d = self.d();
        d.start as usize..d.end as usize
    }
}

/// Stands in for a node that does not exist (never reached: ids come
/// from the tree).
static ROOT_PLACEHOLDER: NodeData<'static> = NodeData {
    parent: NONE,
    prev_sibling: NONE,
    next_subtree: NONE,
    last_child: NONE,
    start: 0,
    end: 0,
    kind: Kind::Root,
};

impl fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.node_type() {
            NodeType::Element => write!(f, "Element {{ {:?} }}", self.tag_name()),
            t => write!(f, "{t:?} {{ {:?} }}", self.text()),
        }
    }
}

/// A namespace binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Namespace<'a> {
    prefix: Option<&'a str>,
    uri: &'a str,
}

impl<'a> Namespace<'a> {
    /// The prefix; `None` for the default namespace.
    pub fn name(&self) -> Option<&'a str> {
        self.prefix
    }

    /// The URI.
    pub fn uri(&self) -> &'a str {
        self.uri
    }
}

/// An attribute of an element.
#[derive(Clone, Copy)]
pub struct Attribute<'a, 'input> {
    doc: &'a Document<'input>,
    d: &'a AttrData<'input>,
}

impl<'a> Attribute<'a, '_> {
    /// The namespace URI, if any.
    pub fn namespace(&self) -> Option<&'a str> {
        self.doc.uri(self.d.uri)
    }

    /// The local name.
    pub fn name(&self) -> &'a str {
        self.d.local
    }

    /// The prefix it was written with (`""` for none).
    pub fn prefix(&self) -> &'a str {
        self.d.prefix
    }

    /// The normalised value.
    pub fn value(&self) -> &'a str {
        &self.d.value
    }

    /// The attribute's bytes in the input, `name="value"`.
    pub fn range(&self) -> Range<usize> {
        self.d.start as usize..self.d.end as usize
    }
}

impl fmt::Debug for Attribute<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Attribute {{ {:?} {}={:?} }}",
            self.namespace(),
            self.name(),
            self.value()
        )
    }
}

/// The children of a node.
#[derive(Clone)]
pub struct Children<'a, 'input> {
    next: Option<Node<'a, 'input>>,
}

impl<'a, 'input> Iterator for Children<'a, 'input> {
    type Item = Node<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        let n = self.next?;
        self.next = n.next_sibling();
        Some(n)
    }
}

/// A node and its descendants, in document order.
#[derive(Clone)]
pub struct Descendants<'a, 'input> {
    doc: &'a Document<'input>,
    next: u32,
    end: u32,
}

impl<'a, 'input> Iterator for Descendants<'a, 'input> {
    type Item = Node<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let n = self.doc.node(self.next);
        self.next += 1;
        Some(n)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next) as usize;
        (n, Some(n))
    }
}

/// An element's attributes.
#[derive(Clone)]
pub struct Attributes<'a, 'input> {
    doc: &'a Document<'input>,
    range: Range<u32>,
}

impl<'a, 'input> Iterator for Attributes<'a, 'input> {
    type Item = Attribute<'a, 'input>;

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.range.next()?;
        let d = self.doc.attrs.get(i as usize)?;
        Some(Attribute { doc: self.doc, d })
    }

    fn nth(&mut self, n: usize) -> Option<Self::Item> {
        let skip = u32::try_from(n).unwrap_or(u32::MAX);
        self.range.start = self.range.start.saturating_add(skip).min(self.range.end);
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl ExactSizeIterator for Attributes<'_, '_> {}

#[cfg(test)]
mod tests;
