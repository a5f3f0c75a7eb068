//! Rule choice by element path, remembered across documents.
//!
//! Whether a rule's context can match an element depends, apart from
//! predicates on content, only on the expanded names of the element and
//! its ancestors: its *path*. Invoices of one producer repeat the same few
//! hundred paths, so for each (rule set, path) the driver keeps the
//! candidates that survive the name tests, in priority order, and stops the
//! list at the first one that matches on names alone (no predicate, or
//! predicates on the element's name only). A visit then evaluates only the
//! predicates that read content.
//!
//! Paths and lists are per thread (no locks) and bounded: past
//! [`MAX_PATHS`] paths or [`MAX_PLANS`] lists, elements are matched
//! without the cache, as before, so hostile documents with endless names
//! cannot grow memory.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use facturx_xpath::{Evaluator, XNode};
use rustc_hash::FxHashMap;

use crate::pattern::Alternative;
use crate::schema::{ModePlan, Schema};

/// Paths numbered per thread, at most (the CII paths of all profiles are a
/// few thousand).
pub const MAX_PATHS: usize = 1 << 15;
/// Cached candidate lists per thread, at most: a list is under a kilobyte,
/// so a thread's cache stays under about 8 MB whatever it is fed.
pub const MAX_PLANS: usize = 1 << 13;

/// The path number of the document node.
pub const DOCUMENT_PATH: u32 = 0;

/// A number for each compiled schema, so that a cache entry can never be
/// read for another schema (even one at the same address).
pub fn next_schema_serial() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// One candidate of a mode for a path: the rule, the alternative of its
/// pattern, and whether the names alone make it match.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub rule: usize,
    pub alternative: usize,
    pub certain: bool,
}

/// A mode's candidates for one path, in priority order.
#[derive(Debug)]
pub struct ModeCandidates {
    pub mode: usize,
    pub candidates: Vec<Candidate>,
}

#[derive(Default)]
struct Paths {
    /// `local '\0' namespace` -> name number.
    names: FxHashMap<String, u32>,
    /// (parent path, name number) -> path number.
    children: FxHashMap<(u32, u32), u32>,
    key: String,
}

type Plans = FxHashMap<(u64, u32), Rc<[ModeCandidates]>>;

thread_local! {
    static PATHS: RefCell<Paths> = RefCell::new(Paths::default());
    static PLANS: RefCell<Plans> = RefCell::new(Plans::default());
}

/// The path number of an element named `{ns}local` whose parent has path
/// `parent`; `None` when the table is full.
pub fn child_path(parent: u32, ns: &str, local: &str) -> Option<u32> {
    PATHS.with(|p| {
        let mut p = p.borrow_mut();
        let p = &mut *p;
        p.key.clear();
        p.key.push_str(local);
        p.key.push('\0');
        p.key.push_str(ns);
        let name = match p.names.get(p.key.as_str()) {
            Some(&n) => n,
            None => {
                if p.names.len() >= MAX_PATHS {
                    return None;
                }
                let n = u32::try_from(p.names.len()).ok()?;
                p.names.insert(p.key.clone(), n);
                n
            }
        };
        if let Some(&id) = p.children.get(&(parent, name)) {
            return Some(id);
        }
        if p.children.len() >= MAX_PATHS {
            return None;
        }
        // Path 0 is the document node.
        let id = u32::try_from(p.children.len() + 1).ok()?;
        p.children.insert((parent, name), id);
        Some(id)
    })
}

/// The candidates of every mode of `schema` for `node`, an element with
/// path `path`, computed on first use; `None` when the cache is full.
pub fn candidates<'a>(
    schema: &'a Schema,
    path: u32,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> Option<Rc<[ModeCandidates]>> {
    let key = (schema.serial, path);
    if let Some(hit) = PLANS.with(|p| p.borrow().get(&key).cloned()) {
        return Some(hit);
    }
    if PLANS.with(|p| p.borrow().len()) >= MAX_PLANS {
        return None;
    }
    let plans = schema.element_plan(node.node.tag_name().name());
    let built: Rc<[ModeCandidates]> = plans
        .iter()
        .map(|p| for_mode(schema, p, node, ev))
        .collect();
    PLANS.with(|p| p.borrow_mut().insert(key, Rc::clone(&built)));
    Some(built)
}

fn for_mode<'a>(
    schema: &'a Schema,
    plan: &ModePlan,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> ModeCandidates {
    let mut candidates = Vec::new();
    let rules = schema
        .modes
        .get(plan.mode)
        .map_or(&[][..], |m| &m.rules[..]);
    'rules: for &r in &plan.rules {
        let Some(rule) = rules.get(r) else {
            continue;
        };
        let start = candidates.len();
        for (a, alt) in rule.pattern.alternatives.iter().enumerate() {
            match name_verdict(alt, node, ev) {
                Some(true) => {
                    // This rule matches whatever its other alternatives say.
                    candidates.truncate(start);
                    candidates.push(Candidate {
                        rule: r,
                        alternative: a,
                        certain: true,
                    });
                    break 'rules;
                }
                Some(false) => {}
                None => candidates.push(Candidate {
                    rule: r,
                    alternative: a,
                    certain: false,
                }),
            }
        }
    }
    ModeCandidates {
        mode: plan.mode,
        candidates,
    }
}

/// Whether `alt` matches `node` as far as names decide: `Some` when they
/// decide alone, `None` when a content predicate must be evaluated.
fn name_verdict<'a>(alt: &'a Alternative, node: XNode<'a>, ev: &mut Evaluator<'a>) -> Option<bool> {
    if !alt.names_could_fit(node, ev) {
        return Some(false);
    }
    if alt.names_only() {
        // No predicate reads content: matching evaluates nothing.
        return alt.matches(node, ev).ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_numbered_by_parent_and_expanded_name_and_bounded() {
        // A fresh thread has fresh tables.
        std::thread::spawn(|| {
            let a = child_path(DOCUMENT_PATH, "urn:a", "x");
            assert_eq!(a, child_path(DOCUMENT_PATH, "urn:a", "x"));
            assert_ne!(a, child_path(DOCUMENT_PATH, "urn:b", "x"));
            assert_ne!(a, child_path(DOCUMENT_PATH, "", "x"));
            // The separator keeps "x\0urn" + "" apart from "x" + "urn".
            assert_ne!(
                child_path(DOCUMENT_PATH, "", "x\0urn"),
                child_path(DOCUMENT_PATH, "urn", "x")
            );
            let nested = a.and_then(|p| child_path(p, "urn:a", "x"));
            assert!(nested.is_some());
            assert_ne!(nested, a);
            let mut full = 0;
            for i in 0..MAX_PATHS + 10 {
                if child_path(DOCUMENT_PATH, "", &format!("e{i}")).is_none() {
                    full += 1;
                }
            }
            assert!(full >= 10, "past the bound, no new numbers");
            // Known paths keep their numbers.
            assert_eq!(a, child_path(DOCUMENT_PATH, "urn:a", "x"));
        })
        .join()
        .unwrap_or_else(|_| panic!("thread panicked"));
    }
}
