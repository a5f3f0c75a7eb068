//! Element names as integers: a name test then costs one comparison per
//! node instead of comparing a namespace URI and a local name as strings.
//!
//! Name tests get their number when they are compiled, from one interner
//! for the whole process, so every compiled expression agrees on it. A
//! document gets a [`NameTable`] giving each element the number of its
//! name, looked up (never added) when the table is built: the interner
//! only ever holds the names the compiled expressions test, however many
//! documents pass through.
//!
//! Numbers are handed out in order, so a table built when the interner
//! held `n` names answers exactly for tests numbered below `n`; a test
//! compiled later falls back to comparing strings.

use std::sync::RwLock;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// The number of a name test that has a wildcard part: never in a table.
pub const NO_NAME: u32 = u32::MAX;

/// What a table holds for a node that is not an element, or an element
/// whose name no test has.
const UNTESTED: u32 = u32::MAX - 1;

static INTERNER: RwLock<Option<FxHashMap<(String, String), u32>>> = RwLock::new(None);

/// The number of the name `{ns}local`, allocated on first use.
pub(crate) fn intern(ns: &str, local: &str) -> u32 {
    let key = (ns.to_owned(), local.to_owned());
    if let Some(id) = read(|m| m.get(&key).copied()) {
        return id;
    }
    let mut guard = INTERNER
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let map = guard.get_or_insert_with(FxHashMap::default);
    let next = map.len();
    match u32::try_from(next) {
        // Past the last number, tests compare strings (never reached by
        // the rule files, which test a few hundred names).
        Ok(id) if id < UNTESTED => *map.entry(key).or_insert(id),
        _ => map.get(&key).copied().unwrap_or(NO_NAME),
    }
}

fn read<T>(f: impl FnOnce(&FxHashMap<(String, String), u32>) -> Option<T>) -> Option<T> {
    let guard = INTERNER
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.as_ref().and_then(f)
}

/// The number of each element's name in one document, by node id.
#[derive(Debug)]
pub struct NameTable {
    /// The document's text, by address and length: a table answers for
    /// its own document's nodes only, and the text (unlike the tree) does
    /// not move with the value that owns the tree. Two trees of one text
    /// are the same tree, so either may use the table.
    text: (usize, usize),
    /// How many names the interner held when the table was built.
    known: u32,
    /// Name number by node id.
    ids: Vec<u32>,
    /// Element children by (parent node id, name number), in document
    /// order, for names some test has: a child step reads its nodes here
    /// instead of testing every child.
    children: FxHashMap<(u32, u32), SmallVec<[u32; 1]>>,
    /// The elements of each tested name, in document order, back to back:
    /// those of name `i` are `named[starts[i]..starts[i + 1]]`. A `//x`
    /// step reads its nodes here, one table for every rule set.
    named: Vec<u32>,
    starts: Vec<u32>,
}

impl NameTable {
    /// Numbers the elements of `doc`.
    pub fn build(doc: &crate::tree::Document<'_>) -> NameTable {
        let guard = INTERNER
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let empty = FxHashMap::default();
        let map = guard.as_ref().unwrap_or(&empty);
        let known = u32::try_from(map.len()).unwrap_or(UNTESTED);
        // Lookups borrow the document's strings: build the key type once
        // per distinct name, not per element.
        let mut seen: FxHashMap<(&str, &str), u32> = FxHashMap::default();
        let mut key = (String::new(), String::new());
        let mut ids = Vec::new();
        let mut children: FxHashMap<(u32, u32), SmallVec<[u32; 1]>> = FxHashMap::default();
        for n in doc.descendants().filter(crate::tree::Node::is_element) {
            let t = n.tag_name();
            let name = (t.namespace().unwrap_or(""), t.name());
            let id = *seen.entry(name).or_insert_with(|| {
                key.0.clear();
                key.0.push_str(name.0);
                key.1.clear();
                key.1.push_str(name.1);
                map.get(&key).copied().unwrap_or(UNTESTED)
            });
            let at = n.id().get_usize();
            if ids.len() <= at {
                ids.resize(at + 1, UNTESTED);
            }
            if let Some(slot) = ids.get_mut(at) {
                *slot = id;
            }
            if id != UNTESTED {
                if let (Some(parent), Ok(child)) = (n.parent(), u32::try_from(at)) {
                    let parent = u32::try_from(parent.id().get_usize()).unwrap_or(u32::MAX);
                    children.entry((parent, id)).or_default().push(child);
                }
            }
        }
        let (named, starts) = group_by_name(&ids, known);
        NameTable {
            text: text_key(doc),
            known,
            ids,
            children,
            named,
            starts,
        }
    }

    /// True if the table is `doc`'s.
    pub fn is_for(&self, doc: &crate::tree::Document<'_>) -> bool {
        self.text == text_key(doc)
    }

    /// Whether element `n` (of this table's document) is named by the
    /// test numbered `id`; `None` when the table cannot tell (a test
    /// numbered after the table was built, or a wildcard).
    pub fn element_is(&self, n: crate::tree::Node<'_, '_>, id: u32) -> Option<bool> {
        if id >= self.known {
            return None;
        }
        Some(
            self.ids
                .get(n.id().get_usize())
                .is_some_and(|&have| have == id),
        )
    }
}

/// Node ids grouped by name number (a counting sort, so each group stays
/// in document order) and the start of each group.
fn group_by_name(ids: &[u32], known: u32) -> (Vec<u32>, Vec<u32>) {
    let names = usize::try_from(known).unwrap_or(0);
    let mut starts = vec![0u32; names + 1];
    for &id in ids {
        if let Some(c) = usize::try_from(id).ok().and_then(|i| starts.get_mut(i + 1)) {
            *c += 1;
        }
    }
    for i in 1..starts.len() {
        let before = starts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(i) {
            *c += before;
        }
    }
    let mut next = starts.clone();
    let mut named = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
    for (node, &id) in ids.iter().enumerate() {
        let Some(slot) = usize::try_from(id).ok().and_then(|i| next.get_mut(i)) else {
            continue;
        };
        if let (Some(cell), Ok(node)) = (named.get_mut(*slot as usize), u32::try_from(node)) {
            *cell = node;
        }
        *slot += 1;
    }
    (named, starts)
}

fn text_key(doc: &crate::tree::Document<'_>) -> (usize, usize) {
    let text = doc.input_text();
    (text.as_ptr() as usize, text.len())
}

impl NameTable {
    /// The elements named by the test numbered `id`, by node id in
    /// document order; `None` when the table cannot tell.
    pub fn elements_named(&self, id: u32) -> Option<&[u32]> {
        if id >= self.known {
            return None;
        }
        let i = usize::try_from(id).ok()?;
        let (from, to) = (*self.starts.get(i)?, *self.starts.get(i + 1)?);
        self.named.get(from as usize..to as usize)
    }

    /// The element children of `parent` named by the test numbered `id`,
    /// in document order, by node id; `None` when the table cannot tell.
    pub fn children_named(&self, parent: crate::tree::Node<'_, '_>, id: u32) -> Option<&[u32]> {
        if id >= self.known {
            return None;
        }
        let parent = u32::try_from(parent.id().get_usize()).ok()?;
        Some(
            self.children
                .get(&(parent, id))
                .map_or(&[], |v| v.as_slice()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_answer_for_names_interned_before_them_only() {
        let doc =
            crate::tree::Document::parse("<a xmlns='urn:t-names'><b/><c xmlns=''/><b>text</b></a>")
                .unwrap_or_else(|e| panic!("{e}"));
        let b = intern("urn:t-names", "b");
        let c_no_ns = intern("", "c");
        let c_wrong_ns = intern("urn:t-names", "c");
        let table = NameTable::build(&doc);
        let later = intern("urn:t-names", "a");
        let elements: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
        let [a, b1, c, b2] = elements.as_slice() else {
            panic!("four elements expected");
        };
        assert_eq!(table.element_is(*b1, b), Some(true));
        assert_eq!(table.element_is(*b2, b), Some(true));
        assert_eq!(table.element_is(*c, b), Some(false));
        assert_eq!(table.element_is(*c, c_no_ns), Some(true));
        assert_eq!(table.element_is(*c, c_wrong_ns), Some(false));
        assert_eq!(table.element_is(*a, b), Some(false));
        // Interned after the table was built: the table does not know.
        assert_eq!(table.element_is(*a, later), None);
        assert_eq!(intern("urn:t-names", "b"), b, "one number per name");
        let ids = |v: Option<&[u32]>| v.map(<[u32]>::to_vec);
        let id = |n: &crate::tree::Node<'_, '_>| u32::try_from(n.id().get_usize()).unwrap_or(0);
        assert_eq!(ids(table.children_named(*a, b)), Some(vec![id(b1), id(b2)]));
        assert_eq!(ids(table.children_named(*a, c_no_ns)), Some(vec![id(c)]));
        assert_eq!(ids(table.children_named(*b1, b)), Some(vec![]));
        assert_eq!(table.children_named(*a, later), None);
        assert_eq!(ids(table.elements_named(b)), Some(vec![id(b1), id(b2)]));
        assert_eq!(ids(table.elements_named(c_wrong_ns)), Some(vec![]));
        assert_eq!(table.elements_named(later), None);
        assert!(table.is_for(&doc));
    }
}
