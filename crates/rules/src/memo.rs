//! Keys for the [`Memo`](facturx_xpath::Memo) the driver keeps for the
//! node being visited: one key per distinct compiled expression, shared by
//! every rule set of the process, so that a question two rules or two sets
//! ask of the same node (the Factur-X EN16931 file repeats about half of
//! the CEN tests) is evaluated once.

use std::sync::{LazyLock, Mutex, PoisonError};

use facturx_xpath::Expr;
use rustc_hash::FxHashMap;

static KEYS: LazyLock<Mutex<FxHashMap<String, u32>>> = LazyLock::new(Mutex::default);

/// The memo key of `e`, or `None` when its value depends on more than the
/// context node (variables, `current()`, functions, code lists), or when
/// it is answered directly (`not(ram:X)`, `count(ram:X) = 1`): a memo
/// lookup costs more than those.
pub fn key(e: &Expr) -> Option<u32> {
    if !e.context_only() || e.is_direct() {
        return None;
    }
    // The debug form of the compiled tree names resolved namespaces and
    // literal values: equal forms evaluate equally.
    let text = format!("{e:?}");
    let mut keys = KEYS.lock().unwrap_or_else(PoisonError::into_inner);
    let next = u32::try_from(keys.len()).ok()?;
    Some(*keys.entry(text).or_insert(next))
}
