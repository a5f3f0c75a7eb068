//! Keys for the per-document [`Memo`](facturx_xpath::Memo): one key per
//! distinct compiled expression, shared by every rule set of the process,
//! so that a question two rules or two sets ask of the same node (the
//! Factur-X EN16931 file repeats about half of the CEN tests) is evaluated
//! once per document.

use std::sync::{LazyLock, Mutex, PoisonError};

use facturx_xpath::Expr;
use rustc_hash::FxHashMap;

static KEYS: LazyLock<Mutex<FxHashMap<String, u32>>> = LazyLock::new(Mutex::default);

/// The memo key of `e`, or `None` when its value depends on more than the
/// context node (variables, `current()`, functions, code lists).
pub fn key(e: &Expr) -> Option<u32> {
    if !e.context_only() {
        return None;
    }
    // The debug form of the compiled tree names resolved namespaces and
    // literal values: equal forms evaluate equally.
    let text = format!("{e:?}");
    let mut keys = KEYS.lock().unwrap_or_else(PoisonError::into_inner);
    let next = u32::try_from(keys.len()).ok()?;
    Some(*keys.entry(text).or_insert(next))
}

/// The memo key of a pattern predicate: as [`key`], but never for a
/// predicate that may select by position.
pub fn predicate_key(e: &Expr) -> Option<u32> {
    if e.maybe_numeric() {
        return None;
    }
    key(e)
}
