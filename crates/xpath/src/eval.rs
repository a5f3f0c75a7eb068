//! The evaluator: compiled expressions over a [`tree`](crate::tree) document.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::tree::NodeType;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::ast::*;
use crate::error::Error;
use crate::functions::{Builtin, num_of};
use crate::names::NameTable;
use crate::parser::maybe_numeric;
use crate::value::{Atomic, Atoms, Item, Num, Seq, XNode, cmp_num};

/// The focus: context item, position and size.
#[derive(Debug, Clone)]
pub struct Focus<'a> {
    /// The context item (`None` when there is none).
    pub item: Option<Item<'a>>,
    /// The context position (1-based).
    pub pos: usize,
    /// The context size.
    pub size: usize,
}

impl<'a> Focus<'a> {
    /// A focus on one node.
    pub fn node_focus(n: XNode<'a>) -> Self {
        Focus {
            item: Some(Item::Node(n)),
            pos: 1,
            size: 1,
        }
    }

    /// The context node, or an error if the context item is not a node.
    pub fn node(&self) -> Result<XNode<'a>, Error> {
        match &self.item {
            Some(Item::Node(n)) => Ok(*n),
            Some(Item::Atomic(_)) => Err(Error::dynamic("XPTY0020", "context item is not a node")),
            None => Err(Error::dynamic("XPDY0002", "no context item")),
        }
    }
}

/// Evaluates compiled expressions. Holds the variable bindings, the XSLT
/// `current()` node, the stylesheet functions and the documents that
/// `document()` may load.
pub struct Evaluator<'a> {
    vars: Vec<(VarId, Seq<'a>)>,
    globals: usize,
    /// The node `current()` returns (the rule's context node).
    pub current: Option<XNode<'a>>,
    functions: &'a [Function],
    docs: Vec<(&'a str, XNode<'a>)>,
    /// Per document (by address): elements by local name, in document order.
    name_index: Vec<(usize, NameIndex<'a>)>,
    /// Name numbers of the documents that have them (see `names.rs`).
    tables: Vec<&'a NameTable>,
    /// Node buffers for path steps, kept between steps (steps nest through
    /// predicates, so there is one per level in use).
    buffers: Vec<Vec<XNode<'a>>>,
    /// Values of document-constant absolute paths, by path address.
    path_cache: rustc_hash::FxHashMap<(usize, usize), Seq<'a>>,
    /// Boolean results of context-only expressions, by key and node.
    pub memo: Memo,
}

/// Boolean values of [`Expr::context_only`] expressions on nodes of one
/// document, under keys the caller assigns (equal keys for equal
/// expressions, numbered from 0), so that rules and rule sets asking the
/// same question of the same node evaluate it once. Valid for one document
/// only; the caller decides how long to keep the values.
///
/// One slot per key, holding the last node it was asked about: the
/// questions about one node come together (the driver visits a node with
/// every set before moving on), and a slot index costs far less than a
/// hash lookup.
#[derive(Debug, Default)]
pub struct Memo {
    slots: Vec<MemoSlot>,
    /// Clears so far: a slot holds a value only when stamped
    /// `generation + 1` (new slots are stamped 0).
    generation: u32,
}

#[derive(Debug, Default, Clone, Copy)]
struct MemoSlot {
    generation: u32,
    node: u32,
    attr: u16,
    value: bool,
}

impl Memo {
    fn node_of(node: XNode<'_>) -> (u32, u16) {
        let id = u32::try_from(node.node.id().get_usize()).unwrap_or(u32::MAX);
        (id, node.attr.map_or(0, |a| a.saturating_add(1)))
    }

    /// The value stored for `key` on `node`.
    pub fn get(&self, key: u32, node: XNode<'_>) -> Option<bool> {
        let slot = self.slots.get(usize::try_from(key).ok()?)?;
        let (id, attr) = Memo::node_of(node);
        (slot.generation == self.generation.wrapping_add(1) && slot.node == id && slot.attr == attr)
            .then_some(slot.value)
    }

    /// Stores the value of `key` on `node`.
    pub fn put(&mut self, key: u32, node: XNode<'_>, value: bool) {
        let Ok(k) = usize::try_from(key) else {
            return;
        };
        if self.slots.len() <= k {
            self.slots.resize(k + 1, MemoSlot::default());
        }
        let (node, attr) = Memo::node_of(node);
        let generation = self.generation.wrapping_add(1);
        if let Some(slot) = self.slots.get_mut(k) {
            *slot = MemoSlot {
                generation,
                node,
                attr,
                value,
            };
        }
    }

    /// Forgets every value (and keeps the memory for the next ones).
    pub fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == u32::MAX {
            // Stamps would come round again: empty the slots for real.
            self.generation = 0;
            self.slots.fill(MemoSlot::default());
        }
    }
}

type NameIndex<'a> = rustc_hash::FxHashMap<&'a str, Vec<crate::tree::Node<'a, 'a>>>;

impl<'a> Evaluator<'a> {
    /// A new evaluator with the given stylesheet functions.
    pub fn new(functions: &'a [Function]) -> Self {
        Evaluator {
            vars: Vec::new(),
            globals: 0,
            current: None,
            functions,
            docs: Vec::new(),
            name_index: Vec::new(),
            tables: Vec::new(),
            buffers: Vec::new(),
            path_cache: rustc_hash::FxHashMap::default(),
            memo: Memo::default(),
        }
    }

    /// Makes a document available to `document(name)`.
    pub fn add_document(&mut self, name: &'a str, root: XNode<'a>) {
        self.docs.push((name, root));
    }

    /// Gives the evaluator a document's name numbers: name tests on its
    /// elements then compare integers.
    pub fn add_names(&mut self, table: &'a NameTable) {
        self.tables.push(table);
    }

    /// The name numbers of `n`'s document, if it has them.
    pub(crate) fn names_for(&self, n: crate::tree::Node<'_, '_>) -> Option<&'a NameTable> {
        let doc = n.document();
        self.tables.iter().copied().find(|t| t.is_for(doc))
    }

    /// Whether element `n` passes the name test `test`, from the name
    /// numbers; `None` when they cannot tell (not an element, a wildcard,
    /// no table for the document, or a test compiled after it was built).
    pub fn element_name_is(&self, n: XNode<'_>, test: &NodeTest) -> Option<bool> {
        let NodeTest::Name { id, .. } = test else {
            return None;
        };
        if n.is_attribute() {
            return None;
        }
        self.names_for(n.node)?.element_is(n.node, *id)
    }

    pub(crate) fn document(&self, uri: &str) -> Option<XNode<'a>> {
        self.docs.iter().find(|(n, _)| *n == uri).map(|(_, r)| *r)
    }

    /// Binds a variable (innermost binding wins).
    pub fn push_var(&mut self, id: VarId, value: Seq<'a>) {
        self.vars.push((id, value));
    }

    /// Number of bindings, to restore with [`Evaluator::truncate_vars`].
    pub fn vars_len(&self) -> usize {
        self.vars.len()
    }

    /// Drops bindings above `len`.
    pub fn truncate_vars(&mut self, len: usize) {
        self.vars.truncate(len);
    }

    /// Marks the current bindings as global: stylesheet functions see them.
    pub fn mark_globals(&mut self) {
        self.globals = self.vars.len();
    }

    fn var(&self, id: VarId) -> Result<&Seq<'a>, Error> {
        self.vars
            .iter()
            .rev()
            .find(|(v, _)| *v == id)
            .map(|(_, s)| s)
            .ok_or_else(|| Error::UnboundVariable(id.to_string()))
    }

    /// Evaluates `e` to a sequence.
    pub fn eval(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<Seq<'a>, Error> {
        Ok(match e {
            Expr::Str(s) => smallvec::smallvec![Item::Atomic(Atomic::Str(Cow::Borrowed(s)))],
            Expr::Int(i) => smallvec::smallvec![Item::Atomic(Atomic::Int(*i))],
            Expr::Dec(d) => smallvec::smallvec![Item::Atomic(Atomic::Dec(*d))],
            Expr::Dbl(f) => smallvec::smallvec![Item::Atomic(Atomic::Dbl(*f))],
            Expr::Sequence(items) => {
                let mut out = Seq::new();
                for i in items {
                    out.extend(self.eval(i, focus)?);
                }
                out
            }
            Expr::Var(id) => self.var(*id)?.clone(),
            Expr::ContextItem => match &focus.item {
                Some(i) => smallvec::smallvec![i.clone()],
                None => return Err(Error::dynamic("XPDY0002", "no context item")),
            },
            Expr::Path(p) => self.eval_path(p, focus)?,
            Expr::Filter(base, preds) => {
                let v = self.eval(base, focus)?;
                self.apply_predicates(v, preds)?
            }
            Expr::Or(..)
            | Expr::And(..)
            | Expr::General(..)
            | Expr::NodeCmp(..)
            | Expr::Quantified(..)
            | Expr::StringIn(..)
            | Expr::TokenIn(..)
            | Expr::InstanceOf(..) => bool_seq(self.eval_bool(e, focus)?),
            Expr::Value(op, l, r) => {
                let a = self.atomize_opt(l, focus)?;
                let b = self.atomize_opt(r, focus)?;
                match (a, b) {
                    (Some(a), Some(b)) => bool_seq(value_compare(*op, &a, &b)?),
                    _ => smallvec::smallvec![],
                }
            }
            Expr::Arith(op, l, r) => {
                let a = self.atomize_opt(l, focus)?;
                let b = self.atomize_opt(r, focus)?;
                match (a, b) {
                    (Some(a), Some(b)) => {
                        smallvec::smallvec![Item::Atomic(
                            arith_num(*op, num_of(&a)?, num_of(&b)?)?.into_atomic(),
                        )]
                    }
                    _ => smallvec::smallvec![],
                }
            }
            Expr::Neg(x) => match self.atomize_opt(x, focus)? {
                None => smallvec::smallvec![],
                Some(a) => smallvec::smallvec![Item::Atomic(
                    match num_of(&a)? {
                        Num::Int(i) => Num::Int(-i),
                        Num::Dec(d) => Num::Dec(-d),
                        Num::Dbl(f) => Num::Dbl(-f),
                    }
                    .into_atomic(),
                )],
            },
            Expr::Range(l, r) => {
                let a = self.atomize_opt(l, focus)?;
                let b = self.atomize_opt(r, focus)?;
                match (a, b) {
                    (Some(a), Some(b)) => {
                        let (a, b) = (a.to_integer()?, b.to_integer()?);
                        (a..=b).map(|i| Item::Atomic(Atomic::Int(i))).collect()
                    }
                    _ => smallvec::smallvec![],
                }
            }
            Expr::Union(l, r) => {
                let mut v = self.eval(l, focus)?;
                v.extend(self.eval(r, focus)?);
                sort_nodes(&mut v)?;
                v
            }
            Expr::IntersectExcept(inter, l, r) => {
                let mut a = self.eval(l, focus)?;
                let b = self.eval(r, focus)?;
                sort_nodes(&mut a)?;
                let keys: Vec<_> = b
                    .iter()
                    .filter_map(|i| match i {
                        Item::Node(n) => Some(n.order_key()),
                        Item::Atomic(_) => None,
                    })
                    .collect();
                a.retain(|i| match i {
                    Item::Node(n) => keys.contains(&n.order_key()) == *inter,
                    Item::Atomic(_) => false,
                });
                a
            }
            Expr::If(c, a, b) => {
                if self.eval_bool(c, focus)? {
                    self.eval(a, focus)?
                } else {
                    self.eval(b, focus)?
                }
            }
            Expr::For(binds, body) => {
                let mut out = Seq::new();
                self.for_loop(binds, body, focus, &mut out)?;
                out
            }
            Expr::Call(f, args) => self.call(*f, args, None, focus)?,
            Expr::RegexCall(f, args, re) => self.call(*f, args, Some(re), focus)?,
            Expr::UserCall(idx, args) => self.user_call(*idx, args, focus)?,
            Expr::Cast(castable, ty, optional, x) => {
                let v = self.atomize_expr(x, focus)?;
                let res = match v.as_slice() {
                    [] if *optional => Ok(None),
                    [] => Err(Error::dynamic("XPTY0004", "empty sequence in cast")),
                    [a] => cast(a, *ty).map(Some),
                    _ => Err(Error::dynamic("XPTY0004", "more than one item in cast")),
                };
                if *castable {
                    bool_seq(res.is_ok())
                } else {
                    res?.map_or_else(Seq::new, |a| smallvec::smallvec![Item::Atomic(a)])
                }
            }
        })
    }

    fn for_loop(
        &mut self,
        binds: &'a [(VarId, Expr)],
        body: &'a Expr,
        focus: &Focus<'a>,
        out: &mut Seq<'a>,
    ) -> Result<(), Error> {
        let Some(((id, e), rest)) = binds.split_first() else {
            out.extend(self.eval(body, focus)?);
            return Ok(());
        };
        let items = self.eval(e, focus)?;
        for it in items {
            self.vars.push((*id, smallvec::smallvec![it]));
            let r = self.for_loop(rest, body, focus, out);
            self.vars.pop();
            r?;
        }
        Ok(())
    }

    fn quantified(
        &mut self,
        every: bool,
        binds: &'a [(VarId, Expr)],
        body: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let Some(((id, e), rest)) = binds.split_first() else {
            return self.eval_bool(body, focus);
        };
        let items = self.eval(e, focus)?;
        for it in items {
            self.vars.push((*id, smallvec::smallvec![it]));
            let r = self.quantified(every, rest, body, focus);
            self.vars.pop();
            if r? != every {
                return Ok(!every);
            }
        }
        Ok(every)
    }

    fn user_call(
        &mut self,
        idx: usize,
        args: &'a [Expr],
        focus: &Focus<'a>,
    ) -> Result<Seq<'a>, Error> {
        let f = self
            .functions
            .get(idx)
            .ok_or(Error::Unreachable("function index out of range"))?;
        let mut values = Vec::with_capacity(args.len());
        for (a, (_, ty)) in args.iter().zip(&f.params) {
            let v = self.eval(a, focus)?;
            values.push(convert_argument(v, ty.as_ref(), &f.name)?);
        }
        let saved = self.vars.split_off(self.globals);
        for ((id, _), v) in f.params.iter().zip(values) {
            self.vars.push((*id, v));
        }
        let inner = Focus {
            item: None,
            pos: 0,
            size: 0,
        };
        let mut result = Ok(Seq::new());
        for (id, e) in &f.lets {
            match self.eval(e, &inner) {
                Ok(v) => self.vars.push((*id, v)),
                Err(err) => {
                    result = Err(err);
                    break;
                }
            }
        }
        if result.is_ok() {
            result = self.eval(&f.body, &inner);
        }
        self.vars.truncate(self.globals);
        self.vars.extend(saved);
        result
    }

    /// Evaluates `e` to its effective boolean value: a dispatcher over the
    /// shapes answered without building a sequence, each in its function.
    pub fn eval_bool(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<bool, Error> {
        match e {
            // An operand's error is raised only when the other operand does
            // not decide alone: Saxon gives `error and false()` as false,
            // in either order (CII-SR-470 with two payment means codes).
            Expr::Or(a, b) => self.either(true, a, b, focus),
            Expr::And(a, b) => self.either(false, a, b, focus),
            Expr::General(op, l, r) => self.general_bool(e, *op, l, r, focus),
            Expr::Value(op, l, r) => self.value_bool(*op, l, r, focus),
            Expr::NodeCmp(op, l, r) => self.node_cmp_bool(*op, l, r, focus),
            Expr::Quantified(every, binds, body) => self.quantified(*every, binds, body, focus),
            Expr::StringIn(x, set) => self.string_in(x, set, focus),
            Expr::TokenIn(x, list) => self.token_in(x, list, focus),
            Expr::InstanceOf(x, ty) => {
                let v = self.eval(x, focus)?;
                Ok(instance_of(&v, ty))
            }
            Expr::Call(Builtin::Not, args) => match args.first() {
                Some(a) => Ok(!self.eval_bool(a, focus)?),
                None => Err(Error::Unreachable("not() without argument")),
            },
            // A string's effective boolean value is its non-emptiness.
            Expr::Call(Builtin::NormalizeSpace, args) => self.has_content(args.first(), focus),
            Expr::Call(Builtin::True, _) => Ok(true),
            Expr::Call(Builtin::False, _) => Ok(false),
            Expr::Call(Builtin::Exists, args) => match args.first() {
                Some(a) => Ok(self.exists(a, focus)?),
                None => Err(Error::Unreachable("exists() without argument")),
            },
            Expr::Call(Builtin::Empty, args) => match args.first() {
                Some(a) => Ok(!self.exists(a, focus)?),
                None => Err(Error::Unreachable("empty() without argument")),
            },
            Expr::Path(p) => self.path_bool(e, p, focus),
            Expr::Call(f @ (Builtin::EndsWith | Builtin::StartsWith | Builtin::Contains), args) => {
                match local_name_test(*f, args, focus)? {
                    Some(b) => Ok(b),
                    None => self.string_test(*f, args, focus),
                }
            }
            _ => self.ebv_of(e, focus),
        }
    }

    fn general_bool(
        &mut self,
        e: &'a Expr,
        op: CmpOp,
        l: &'a Expr,
        r: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        if let Some(b) = self.count_test(e, focus) {
            return Ok(b);
        }
        if let Some((x, eq)) = blank_test(op, l, r) {
            return Ok(self.has_content(x, focus)? != eq);
        }
        let a = self.atomize_expr(l, focus)?;
        if a.is_empty() {
            return Ok(false);
        }
        let b = self.atomize_expr(r, focus)?;
        for x in &a {
            for y in &b {
                if general_pair(op, x, y)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    fn value_bool(
        &mut self,
        op: CmpOp,
        l: &'a Expr,
        r: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let a = self.atomize_opt(l, focus)?;
        let b = self.atomize_opt(r, focus)?;
        match (a, b) {
            (Some(a), Some(b)) => value_compare(op, &a, &b),
            _ => Ok(false),
        }
    }

    fn node_cmp_bool(
        &mut self,
        op: NodeCmpOp,
        l: &'a Expr,
        r: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let a = self.eval(l, focus)?;
        let b = self.eval(r, focus)?;
        match (a.first(), b.first()) {
            (Some(Item::Node(x)), Some(Item::Node(y))) => {
                let (kx, ky) = (x.order_key(), y.order_key());
                Ok(match op {
                    NodeCmpOp::Is => kx == ky,
                    NodeCmpOp::Precedes => kx < ky,
                    NodeCmpOp::Follows => kx > ky,
                })
            }
            _ => Ok(false),
        }
    }

    fn string_in(
        &mut self,
        x: &'a Expr,
        set: &std::collections::HashSet<String>,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let v = self.atomize_expr(x, focus)?;
        Ok(v.iter().any(|a| set.contains(a.to_str().as_ref())))
    }

    fn token_in(
        &mut self,
        x: &'a Expr,
        list: &'a crate::ast::TokenList,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        // As `concat` reads it: at most one item, none is "".
        let v = self.atomize_opt(x, focus)?;
        let text = v.map_or(Cow::Borrowed(""), Atomic::into_str);
        Ok(list.contains_spaced(&text))
    }

    fn path_bool(&mut self, e: &'a Expr, p: &'a Path, focus: &Focus<'a>) -> Result<bool, Error> {
        if let Some(n) = count_child_path(p, focus, 1, self) {
            return Ok(n > 0);
        }
        if let Some(v) = self.cached_path(p, focus) {
            return ebv(v);
        }
        self.exists_or_ebv(e, focus)
    }

    fn ebv_of(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<bool, Error> {
        let v = self.eval(e, focus)?;
        ebv(&v)
    }

    /// `a or b` (`decisive` true) or `a and b` (`decisive` false): an
    /// operand equal to `decisive` decides, whatever error the other raises.
    fn either(
        &mut self,
        decisive: bool,
        a: &'a Expr,
        b: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<bool, Error> {
        let vars = self.vars.len();
        match self.eval_bool(a, focus) {
            Ok(v) if v == decisive => Ok(v),
            Ok(_) => self.eval_bool(b, focus),
            Err(e) => {
                // Drop what the failed operand bound before it stopped.
                self.vars.truncate(vars);
                match self.eval_bool(b, focus) {
                    Ok(v) if v == decisive => Ok(v),
                    _ => Err(e),
                }
            }
        }
    }

    /// Whether `normalize-space(x)` is not empty, without building it:
    /// the string has a character other than XML white space.
    fn has_content(&mut self, x: Option<&'a Expr>, focus: &Focus<'a>) -> Result<bool, Error> {
        let t = self.string_arg(x, focus)?;
        Ok(t.chars().any(|c| !crate::functions::XML_SPACE.contains(&c)))
    }

    /// `count(p) op n` (see [`Expr::counted_children`]) decided by
    /// counting at most `n + 1` nodes; `None` for other shapes or when the
    /// context item is not a node.
    fn count_test(&self, e: &Expr, focus: &Focus<'a>) -> Option<bool> {
        let (op, p, n) = e.counted_children()?;
        let limit = usize::try_from(n.saturating_add(1)).unwrap_or(0);
        let count = count_child_path(p, focus, limit, self)?;
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        Some(apply_op(op, Some(count.cmp(&n))))
    }

    fn exists(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<bool, Error> {
        if let Expr::Path(p) = e {
            if let Some(n) = count_child_path(p, focus, 1, self) {
                return Ok(n > 0);
            }
            if let Some(v) = self.cached_path(p, focus) {
                return Ok(!v.is_empty());
            }
        }
        Ok(!self.eval(e, focus)?.is_empty())
    }

    fn exists_or_ebv(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<bool, Error> {
        let v = self.eval(e, focus)?;
        ebv(&v)
    }

    /// Evaluates and atomizes.
    pub fn atomize_expr(&mut self, e: &'a Expr, focus: &Focus<'a>) -> Result<Atoms<'a>, Error> {
        // Literals and child-only paths need no sequence of items first.
        let literal = match e {
            Expr::Path(p) => {
                if let Some(atoms) = child_path_atoms(p, focus, self) {
                    return Ok(atoms);
                }
                None
            }
            Expr::Str(s) => Some(Atomic::Str(Cow::Borrowed(s))),
            Expr::Int(i) => Some(Atomic::Int(*i)),
            Expr::Dec(d) => Some(Atomic::Dec(*d)),
            Expr::Dbl(f) => Some(Atomic::Dbl(*f)),
            Expr::Var(id) => {
                // Atomized from the binding, without copying its items first.
                return Ok(self
                    .var(*id)?
                    .iter()
                    .map(|i| match i {
                        Item::Node(n) => Atomic::Untyped(n.string_value()),
                        Item::Atomic(a) => a.clone(),
                    })
                    .collect());
            }
            _ => None,
        };
        if let Some(a) = literal {
            return Ok(smallvec::smallvec![a]);
        }
        let v = self.eval(e, focus)?;
        Ok(atomize(v))
    }

    /// Evaluates and atomizes to at most one value.
    pub fn atomize_opt(
        &mut self,
        e: &'a Expr,
        focus: &Focus<'a>,
    ) -> Result<Option<Atomic<'a>>, Error> {
        let mut v = self.atomize_expr(e, focus)?;
        match v.len() {
            0 => Ok(None),
            1 => Ok(v.pop()),
            n => Err(Error::dynamic(
                "XPTY0004",
                format!("a sequence of {n} items where at most one is allowed"),
            )),
        }
    }

    /// The value of an absolute path that uses no binding at all, when an
    /// earlier evaluation on this document left it in the cache: tests on
    /// it then cost nothing, however many nodes it holds (a per-line rule
    /// testing such a path would otherwise copy it for every line).
    fn cached_path(&self, p: &'a Path, focus: &Focus<'a>) -> Option<&Seq<'a>> {
        if !matches!(p.start, PathStart::Root) || p.constant_steps != p.steps.len() {
            return None;
        }
        let Some(Item::Node(n)) = &focus.item else {
            return None;
        };
        self.path_cache.get(&path_key(p, n.node.document()))
    }

    fn eval_path(&mut self, p: &'a Path, focus: &Focus<'a>) -> Result<Seq<'a>, Error> {
        let start: Seq<'a> = match &p.start {
            PathStart::Root => {
                let doc = focus.node()?.node.document();
                let root = smallvec::smallvec![Item::Node(XNode::new(doc.root()))];
                let Some(rest) = p
                    .steps
                    .get(p.constant_steps..)
                    .filter(|_| p.constant_steps > 0)
                else {
                    return self.eval_steps(root, &p.steps);
                };
                // Keyed by path and document: the nodes the constant
                // steps select depend on nothing else.
                let key = path_key(p, doc);
                let prefix = match self.path_cache.get(&key) {
                    Some(v) => v.clone(),
                    None => {
                        let constant = p.steps.get(..p.constant_steps).unwrap_or(&[]);
                        let v = self.eval_steps(root, constant)?;
                        self.path_cache.insert(key, v.clone());
                        v
                    }
                };
                return self.eval_steps(prefix, rest);
            }
            PathStart::Context => match &focus.item {
                Some(i) => smallvec::smallvec![i.clone()],
                None => return Err(Error::dynamic("XPDY0002", "no context item")),
            },
            PathStart::Expr(e) => self.eval(e, focus)?,
        };
        self.eval_steps(start, &p.steps)
    }

    /// Applies `steps` to the sequence `cur`, left to right.
    fn eval_steps(&mut self, cur: Seq<'a>, steps: &'a [Step]) -> Result<Seq<'a>, Error> {
        let mut buf = self.buffers.pop().unwrap_or_default();
        let result = self.eval_steps_with(cur, steps, &mut buf);
        buf.clear();
        self.buffers.push(buf);
        result
    }

    fn eval_steps_with(
        &mut self,
        mut cur: Seq<'a>,
        steps: &'a [Step],
        buf: &mut Vec<XNode<'a>>,
    ) -> Result<Seq<'a>, Error> {
        for step in steps {
            if cur.is_empty() {
                return Ok(cur);
            }
            match step {
                Step::Axis(axis, test, preds) => {
                    let many = cur.len() > 1;
                    let mut out: Seq<'a> = Seq::new();
                    for it in &cur {
                        let Item::Node(n) = it else {
                            return Err(Error::dynamic("XPTY0019", "path step on an atomic value"));
                        };
                        buf.clear();
                        let indexed = matches!(axis, Axis::Descendant | Axis::DescendantOrSelf)
                            && matches!(test, NodeTest::Name { local: Some(_), .. })
                            && !n.is_attribute();
                        if indexed {
                            self.indexed_descendants(
                                *n,
                                *axis == Axis::DescendantOrSelf,
                                test,
                                buf,
                            );
                        } else {
                            axis_nodes(*n, *axis, test, self.names_for(n.node), buf);
                        }
                        if preds.is_empty() {
                            out.extend(buf.iter().map(|n| Item::Node(*n)));
                        } else {
                            let items: Seq<'a> = buf.iter().map(|n| Item::Node(*n)).collect();
                            out.extend(self.apply_predicates(items, preds)?);
                        }
                    }
                    let reverse = matches!(
                        axis,
                        Axis::Parent
                            | Axis::Ancestor
                            | Axis::AncestorOrSelf
                            | Axis::PrecedingSibling
                            | Axis::Preceding
                    );
                    if (many && !matches!(axis, Axis::Child | Axis::Attribute | Axis::SelfAxis))
                        || (reverse && out.len() > 1)
                    {
                        sort_nodes(&mut out)?;
                    }
                    cur = out;
                }
                Step::Expr(e) => {
                    let size = cur.len();
                    let mut out = Seq::new();
                    for (i, it) in cur.iter().enumerate() {
                        let f = Focus {
                            item: Some(it.clone()),
                            pos: i + 1,
                            size,
                        };
                        out.extend(self.eval(e, &f)?);
                    }
                    if out.iter().all(|i| matches!(i, Item::Node(_))) {
                        sort_nodes(&mut out)?;
                    }
                    cur = out;
                }
            }
        }
        Ok(cur)
    }

    /// Descendants named by `test`, from the document's name index: the
    /// descendants of a node are the indexed elements whose start lies
    /// inside its text range.
    fn indexed_descendants(
        &mut self,
        n: XNode<'a>,
        or_self: bool,
        test: &NodeTest,
        out: &mut Vec<XNode<'a>>,
    ) {
        let NodeTest::Name {
            local: Some(local),
            id,
            ..
        } = test
        else {
            return;
        };
        let doc = n.node.document();
        if let Some(list) = self.names_for(n.node).and_then(|t| t.elements_named(*id)) {
            // Node ids are in document order and a subtree's are contiguous.
            let me = n.node.id().get();
            let first = if or_self { me } else { me.saturating_add(1) };
            let end = n.node.subtree_end();
            let from = list.partition_point(|&m| m < first);
            let to = list.partition_point(|&m| m < end);
            for &m in list.get(from..to).unwrap_or(&[]) {
                if let Some(node) = doc.get_node(crate::tree::NodeId::new(m)) {
                    out.push(XNode::new(node));
                }
            }
            return;
        }
        let key = std::ptr::from_ref(doc) as usize;
        let pos = match self.name_index.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                let mut idx: NameIndex<'a> = rustc_hash::FxHashMap::default();
                for d in doc
                    .root()
                    .descendants()
                    .filter(crate::tree::Node::is_element)
                {
                    idx.entry(d.tag_name().name()).or_default().push(d);
                }
                self.name_index.push((key, idx));
                self.name_index.len() - 1
            }
        };
        let Some(list) = self
            .name_index
            .get(pos)
            .and_then(|(_, idx)| idx.get(local.as_str()))
        else {
            return;
        };
        let is_root = n.node.parent().is_none();
        let range = n.node.range();
        let (from, to) = if is_root {
            (0, list.len())
        } else {
            let from = list.partition_point(|m| m.range().start < range.start);
            let to = list.partition_point(|m| m.range().start < range.end);
            (from, to)
        };
        let names = self.names_for(n.node);
        for m in list.get(from..to).unwrap_or(&[]) {
            if (or_self || m.id() != n.node.id()) && node_matches(*m, test, names) {
                out.push(XNode::new(*m));
            }
        }
    }

    fn apply_predicates(
        &mut self,
        mut items: Seq<'a>,
        preds: &'a [Expr],
    ) -> Result<Seq<'a>, Error> {
        for p in preds {
            if let Expr::Int(n) = p {
                items = usize::try_from(*n)
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| items.get(i).cloned())
                    .map_or_else(Seq::new, |x| smallvec::smallvec![x]);
                continue;
            }
            let size = items.len();
            let positional = maybe_numeric(p);
            let mut out = Seq::with_capacity(items.len());
            for (i, it) in items.into_iter().enumerate() {
                let f = Focus {
                    item: Some(it),
                    pos: i + 1,
                    size,
                };
                let keep = if positional {
                    let v = self.eval(p, &f)?;
                    match v.as_slice() {
                        [Item::Atomic(a)] if a.is_numeric() => {
                            a.as_num().map(|n| n.to_f64()) == Some((i + 1) as f64)
                        }
                        _ => ebv(&v)?,
                    }
                } else {
                    self.eval_bool(p, &f)?
                };
                if keep {
                    if let Some(it) = f.item {
                        out.push(it);
                    }
                }
            }
            items = out;
        }
        Ok(items)
    }
}

/// The number of nodes a [`Path::child_only`] path selects from the
/// context node, counted up to `limit` without building sequences; `None`
/// for other paths or when the context item is not a node (the general
/// evaluation then reports the error).
pub(crate) fn count_child_path(
    p: &Path,
    focus: &Focus<'_>,
    limit: usize,
    ev: &Evaluator<'_>,
) -> Option<usize> {
    if !p.child_only {
        return None;
    }
    let Some(Item::Node(n)) = &focus.item else {
        return None;
    };
    if n.is_attribute() {
        // An attribute has no children and no attributes.
        return Some(0);
    }
    let mut count = 0;
    count_down(n.node, &p.steps, limit, ev.names_for(n.node), &mut count);
    Some(count)
}

/// The atomized value of a [`Path::child_only`] path from the context
/// node (`ram:ID`, `ram:A/ram:B`, `ram:A/@x`), read straight from the
/// tree: the string values of the nodes it selects, in document order,
/// without building the node sequence. `None` for other paths or when the
/// context item is not a node.
fn child_path_atoms<'a>(p: &Path, focus: &Focus<'a>, ev: &Evaluator<'a>) -> Option<Atoms<'a>> {
    if !p.child_only {
        return None;
    }
    let Some(Item::Node(n)) = &focus.item else {
        return None;
    };
    let mut out = Atoms::new();
    if !n.is_attribute() {
        collect_down(n.node, &p.steps, ev.names_for(n.node), &mut out);
    }
    Some(out)
}

fn collect_down<'a>(
    n: crate::tree::Node<'a, 'a>,
    steps: &[Step],
    names: Option<&NameTable>,
    out: &mut Atoms<'a>,
) {
    let Some((first, rest)) = steps.split_first() else {
        out.push(Atomic::Untyped(XNode::new(n).string_value()));
        return;
    };
    match first {
        Step::Axis(Axis::Child, test, _) => {
            if let Some(named) = named_children(n, test, names) {
                for c in named {
                    collect_down(c, rest, names, out);
                }
                return;
            }
            for c in n.children() {
                if node_matches(c, test, names) {
                    collect_down(c, rest, names, out);
                }
            }
        }
        Step::Axis(Axis::Attribute, test, _) => {
            for a in n.attributes() {
                let ok = match test {
                    NodeTest::Kind(KindTest::AnyNode | KindTest::Attribute) => true,
                    NodeTest::Kind(_) => false,
                    _ => name_matches(test, a.namespace().unwrap_or(""), a.name()),
                };
                if ok {
                    out.push(Atomic::Untyped(Cow::Borrowed(a.value())));
                }
            }
        }
        _ => {}
    }
}

fn count_down(
    n: crate::tree::Node<'_, '_>,
    steps: &[Step],
    limit: usize,
    names: Option<&NameTable>,
    count: &mut usize,
) {
    let Some((first, rest)) = steps.split_first() else {
        *count += 1;
        return;
    };
    match first {
        Step::Axis(Axis::Child, test, _) => {
            if let Some(named) = named_children(n, test, names) {
                for c in named {
                    if *count >= limit {
                        return;
                    }
                    count_down(c, rest, limit, names, count);
                }
                return;
            }
            for c in n.children() {
                if *count >= limit {
                    return;
                }
                if node_matches(c, test, names) {
                    count_down(c, rest, limit, names, count);
                }
            }
        }
        Step::Axis(Axis::Attribute, test, _) => {
            for a in n.attributes() {
                if *count >= limit {
                    return;
                }
                let ok = match test {
                    NodeTest::Kind(KindTest::AnyNode | KindTest::Attribute) => true,
                    NodeTest::Kind(_) => false,
                    _ => name_matches(test, a.namespace().unwrap_or(""), a.name()),
                };
                if ok {
                    *count += 1;
                }
            }
        }
        _ => {}
    }
}

/// `normalize-space(x) = ''` or `!= ''` (either side): `x`'s argument and
/// whether the test is `=`.
fn blank_test<'e>(op: CmpOp, l: &'e Expr, r: &'e Expr) -> Option<(Option<&'e Expr>, bool)> {
    let eq = match op {
        CmpOp::Eq => true,
        CmpOp::Ne => false,
        _ => return None,
    };
    match (l, r) {
        (Expr::Call(Builtin::NormalizeSpace, args), Expr::Str(s))
        | (Expr::Str(s), Expr::Call(Builtin::NormalizeSpace, args))
            if s.is_empty() =>
        {
            Some((args.first(), eq))
        }
        _ => None,
    }
}

/// `ends-with`, `starts-with` or `contains` of the context node's local
/// name and a literal, without building values; `None` for other shapes.
fn local_name_test(f: Builtin, args: &[Expr], focus: &Focus<'_>) -> Result<Option<bool>, Error> {
    let [Expr::Call(Builtin::LocalName, none), Expr::Str(lit)] = args else {
        return Ok(None);
    };
    if !none.is_empty() {
        return Ok(None);
    }
    let local = focus.node()?.expanded_name().map_or("", |(_, l)| l);
    Ok(Some(match f {
        Builtin::EndsWith => local.ends_with(lit.as_str()),
        Builtin::StartsWith => local.starts_with(lit.as_str()),
        _ => local.contains(lit.as_str()),
    }))
}

/// The path cache's key: the path and the document, by address.
fn path_key(p: &Path, doc: &crate::tree::Document<'_>) -> (usize, usize) {
    (
        std::ptr::from_ref(p) as usize,
        std::ptr::from_ref(doc) as usize,
    )
}

fn bool_seq<'a>(b: bool) -> Seq<'a> {
    smallvec::smallvec![Item::Atomic(Atomic::Bool(b))]
}

/// Atomizes a sequence: nodes become untyped atomic values.
pub fn atomize(v: Seq<'_>) -> Atoms<'_> {
    if v.len() <= 1 {
        // Most values hold one item: no iterator and collect.
        return match v.into_iter().next() {
            None => Atoms::new(),
            Some(Item::Node(n)) => smallvec::smallvec![Atomic::Untyped(n.string_value())],
            Some(Item::Atomic(a)) => smallvec::smallvec![a],
        };
    }
    v.into_iter()
        .map(|i| match i {
            Item::Node(n) => Atomic::Untyped(n.string_value()),
            Item::Atomic(a) => a,
        })
        .collect()
}

/// The effective boolean value of a sequence.
pub fn ebv(v: &Seq<'_>) -> Result<bool, Error> {
    match v.as_slice() {
        [] => Ok(false),
        [Item::Node(_), ..] => Ok(true),
        [Item::Atomic(a)] => match a {
            Atomic::Bool(b) => Ok(*b),
            Atomic::Str(s) | Atomic::Untyped(s) => Ok(!s.is_empty()),
            Atomic::Int(i) => Ok(*i != 0),
            Atomic::Dec(d) => Ok(!d.is_zero()),
            Atomic::Dbl(f) => Ok(*f != 0.0 && !f.is_nan()),
        },
        _ => Err(Error::dynamic(
            "FORG0006",
            "effective boolean value of a sequence of several atomic values",
        )),
    }
}

/// Sorts nodes into document order and removes duplicates.
fn sort_nodes(v: &mut Seq<'_>) -> Result<(), Error> {
    if v.len() < 2 {
        return Ok(());
    }
    let mut keyed = Vec::with_capacity(v.len());
    for it in v.drain(..) {
        match it {
            Item::Node(n) => keyed.push((n.order_key(), n)),
            Item::Atomic(_) => {
                return Err(Error::dynamic(
                    "XPTY0018",
                    "a path mixes nodes and atomic values",
                ));
            }
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.dedup_by_key(|(k, _)| *k);
    v.extend(keyed.into_iter().map(|(_, n)| Item::Node(n)));
    Ok(())
}

pub(crate) fn name_matches(test: &NodeTest, ns: &str, local: &str) -> bool {
    match test {
        NodeTest::Name {
            ns: tns, local: tl, ..
        } => tl.as_deref().is_none_or(|l| l == local) && tns.as_deref().is_none_or(|n| n == ns),
        NodeTest::Any => true,
        NodeTest::Kind(_) => false,
    }
}

/// Whether `n` passes `test`; `names`, when given, must be the table of
/// `n`'s document.
fn node_matches(n: crate::tree::Node<'_, '_>, test: &NodeTest, names: Option<&NameTable>) -> bool {
    if let (NodeTest::Name { id, .. }, Some(t)) = (test, names) {
        if let Some(known) = t.element_is(n, *id) {
            return known;
        }
    }
    match test {
        NodeTest::Kind(k) => match k {
            KindTest::AnyNode => true,
            KindTest::Text => n.is_text(),
            KindTest::Element => n.is_element(),
            KindTest::Attribute => false,
            KindTest::Comment => n.is_comment(),
            KindTest::Pi => n.is_pi(),
            KindTest::Document => n.node_type() == NodeType::Root,
        },
        _ => {
            if !n.is_element() {
                return false;
            }
            let t = n.tag_name();
            name_matches(test, t.namespace().unwrap_or(""), t.name())
        }
    }
}

/// The children of `n` that pass the name test `test`, from the name
/// numbers of `n`'s document (`names`); `None` when they cannot tell.
fn named_children<'a, 'i, 't>(
    n: crate::tree::Node<'a, 'i>,
    test: &NodeTest,
    names: Option<&'t NameTable>,
) -> Option<impl Iterator<Item = crate::tree::Node<'a, 'i>> + use<'a, 'i, 't>> {
    let NodeTest::Name { id, .. } = test else {
        return None;
    };
    let list = names?.children_named(n, *id)?;
    let doc = n.document();
    Some(
        list.iter()
            .filter_map(move |&c| doc.get_node(crate::tree::NodeId::from(c))),
    )
}

/// Nodes on `axis` from `n` that pass `test`, in axis order (reverse
/// document order for reverse axes).
fn axis_nodes<'a>(
    n: XNode<'a>,
    axis: Axis,
    test: &NodeTest,
    names: Option<&NameTable>,
    out: &mut Vec<XNode<'a>>,
) {
    if n.is_attribute() {
        // Attributes have no children, siblings or attributes.
        match axis {
            Axis::SelfAxis | Axis::DescendantOrSelf if attr_matches(n, test) => out.push(n),
            Axis::Parent => {
                let p = XNode::new(n.node);
                if node_matches(n.node, test, names) {
                    out.push(p);
                }
            }
            Axis::Ancestor | Axis::AncestorOrSelf => {
                if axis == Axis::AncestorOrSelf && attr_matches(n, test) {
                    out.push(n);
                }
                for a in n.node.ancestors() {
                    if node_matches(a, test, names) {
                        out.push(XNode::new(a));
                    }
                }
            }
            _ => {}
        }
        return;
    }
    let node = n.node;
    let mut push = |m: crate::tree::Node<'a, 'a>| {
        if node_matches(m, test, names) {
            out.push(XNode::new(m));
        }
    };
    match axis {
        Axis::Child => match named_children(node, test, names) {
            Some(named) => out.extend(named.map(XNode::new)),
            None => node.children().for_each(&mut push),
        },
        Axis::Descendant => node.descendants().skip(1).for_each(&mut push),
        Axis::DescendantOrSelf => node.descendants().for_each(&mut push),
        Axis::SelfAxis => push(node),
        Axis::Parent => {
            if let Some(p) = node.parent() {
                push(p);
            }
        }
        Axis::Ancestor => node.ancestors().skip(1).for_each(&mut push),
        Axis::AncestorOrSelf => node.ancestors().for_each(&mut push),
        Axis::FollowingSibling => node.next_siblings().skip(1).for_each(&mut push),
        Axis::PrecedingSibling => node.prev_siblings().skip(1).for_each(&mut push),
        Axis::Following => {
            let mut cur = Some(node);
            while let Some(c) = cur {
                for s in c.next_siblings().skip(1) {
                    s.descendants().for_each(&mut push);
                }
                cur = c.parent();
            }
        }
        Axis::Preceding => {
            let ancestors: Vec<_> = node.ancestors().map(|a| a.id()).collect();
            let mut before: Vec<_> = node
                .document()
                .root()
                .descendants()
                .take_while(|d| d.id() != node.id())
                .filter(|d| !ancestors.contains(&d.id()))
                .collect();
            before.reverse();
            before.into_iter().for_each(&mut push);
        }
        Axis::Attribute => {
            for (i, a) in node.attributes().enumerate() {
                let ok = match test {
                    NodeTest::Kind(KindTest::AnyNode | KindTest::Attribute) => true,
                    NodeTest::Kind(_) => false,
                    _ => name_matches(test, a.namespace().unwrap_or(""), a.name()),
                };
                if ok {
                    out.push(XNode {
                        node,
                        attr: u16::try_from(i).ok(),
                    });
                }
            }
        }
    }
}

fn attr_matches(n: XNode<'_>, test: &NodeTest) -> bool {
    match test {
        NodeTest::Kind(KindTest::AnyNode | KindTest::Attribute) => true,
        NodeTest::Kind(_) => false,
        _ => n
            .expanded_name()
            .is_some_and(|(ns, local)| name_matches(test, ns, local)),
    }
}

/// Arithmetic on promoted numbers.
pub(crate) fn arith_num(op: ArithOp, a: Num, b: Num) -> Result<Num, Error> {
    let overflow = || Error::dynamic("FOAR0002", "numeric overflow");
    let div0 = || Error::dynamic("FOAR0001", "division by zero");
    match (a, b) {
        (Num::Dbl(_), _) | (_, Num::Dbl(_)) => {
            let (x, y) = (a.to_f64(), b.to_f64());
            Ok(match op {
                ArithOp::Add => Num::Dbl(x + y),
                ArithOp::Sub => Num::Dbl(x - y),
                ArithOp::Mul => Num::Dbl(x * y),
                ArithOp::Div => Num::Dbl(x / y),
                ArithOp::Mod => Num::Dbl(x % y),
                ArithOp::IDiv => {
                    if y == 0.0 || x.is_nan() || y.is_nan() || x.is_infinite() {
                        return Err(div0());
                    }
                    Num::Int((x / y).trunc() as i64)
                }
            })
        }
        (Num::Int(x), Num::Int(y)) if op != ArithOp::Div => match op {
            ArithOp::Add => Ok(x
                .checked_add(y)
                .map_or_else(|| Num::Dec(Decimal::from(x) + Decimal::from(y)), Num::Int)),
            ArithOp::Sub => Ok(x
                .checked_sub(y)
                .map_or_else(|| Num::Dec(Decimal::from(x) - Decimal::from(y)), Num::Int)),
            ArithOp::Mul => Ok(x
                .checked_mul(y)
                .map_or_else(|| Num::Dec(Decimal::from(x) * Decimal::from(y)), Num::Int)),
            ArithOp::IDiv => x.checked_div(y).map(Num::Int).ok_or_else(div0),
            _ => x.checked_rem(y).map(Num::Int).ok_or_else(div0),
        },
        _ => {
            let (x, y) = (
                a.to_dec().ok_or_else(overflow)?,
                b.to_dec().ok_or_else(overflow)?,
            );
            match op {
                ArithOp::Add => x.checked_add(y).map(Num::Dec).ok_or_else(overflow),
                ArithOp::Sub => x.checked_sub(y).map(Num::Dec).ok_or_else(overflow),
                ArithOp::Mul => x.checked_mul(y).map(Num::Dec).ok_or_else(overflow),
                ArithOp::Div => {
                    if y.is_zero() {
                        return Err(div0());
                    }
                    x.checked_div(y).map(Num::Dec).ok_or_else(overflow)
                }
                ArithOp::IDiv => {
                    if y.is_zero() {
                        return Err(div0());
                    }
                    (x / y).trunc().to_i64().map(Num::Int).ok_or_else(overflow)
                }
                ArithOp::Mod => x.checked_rem(y).map(Num::Dec).ok_or_else(div0),
            }
        }
    }
}

/// Compares two atomic values of comparable types (strings by codepoint,
/// numbers after promotion, booleans). `None` when unordered (NaN).
pub(crate) fn compare_values(a: &Atomic<'_>, b: &Atomic<'_>) -> Result<Option<Ordering>, Error> {
    use Atomic::*;
    match (a, b) {
        (Str(x) | Untyped(x), Str(y) | Untyped(y)) => Ok(Some(x.as_ref().cmp(y.as_ref()))),
        (Bool(x), Bool(y)) => Ok(Some(x.cmp(y))),
        _ => match (a.as_num(), b.as_num()) {
            (Some(x), Some(y)) => Ok(cmp_num(x, y)),
            _ => Err(Error::dynamic(
                "XPTY0004",
                format!("cannot compare {:?} with {:?}", a.to_str(), b.to_str()),
            )),
        },
    }
}

fn apply_op(op: CmpOp, ord: Option<Ordering>) -> bool {
    match ord {
        None => op == CmpOp::Ne,
        Some(o) => match op {
            CmpOp::Eq => o.is_eq(),
            CmpOp::Ne => o.is_ne(),
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
        },
    }
}

/// Value comparison (`eq`, `lt`...): untyped values compare as strings.
fn value_compare(op: CmpOp, a: &Atomic<'_>, b: &Atomic<'_>) -> Result<bool, Error> {
    Ok(apply_op(op, compare_values(a, b)?))
}

/// One pair of a general comparison: untyped values take the type of the
/// other operand (double for numbers), or string when both are untyped.
fn general_pair(op: CmpOp, a: &Atomic<'_>, b: &Atomic<'_>) -> Result<bool, Error> {
    use Atomic::*;
    match (a, b) {
        (Untyped(u), o) | (o, Untyped(u)) if o.is_numeric() => {
            let ord = untyped_numeric_order(u, o)?;
            let ord = if matches!(a, Untyped(_)) {
                ord
            } else {
                ord.map(Ordering::reverse)
            };
            Ok(apply_op(op, ord))
        }
        (Untyped(_), Bool(_)) => value_compare(op, &Bool(a.to_boolean()?), b),
        (Bool(_), Untyped(_)) => value_compare(op, a, &Bool(b.to_boolean()?)),
        _ => value_compare(op, a, b),
    }
}

/// How an untyped value compares with a number in a general comparison,
/// as Saxon 12 (the oracle) does it, measured with saxonche:
/// - against an xs:integer, an untyped value of at most ten digits (with
///   or without a sign) compares as an integer: `<t>-0</t> = 0` is true;
/// - otherwise it becomes an xs:double and negative zero orders below
///   zero and is not equal to it: `<t>-0.00</t> = 0` is false and `< 0`
///   true (BR-27, BR-IC-05), `<t>-0</t> = 0.0` false;
/// - an untyped NaN orders above every number and equals none
///   (`<t>NaN</t> > 0` is true: BR-27, BR-S-07);
/// - against a NaN on the number's side nothing holds but `!=`.
///
/// Typed doubles compare by IEEE rules elsewhere (`xs:double(.) < 0` is
/// false for `-0.00` in Saxon too).
fn untyped_numeric_order(u: &str, o: &Atomic<'_>) -> Result<Option<Ordering>, Error> {
    if let (Atomic::Int(i), Some(v)) = (o, short_integer(u)) {
        return Ok(Some(v.cmp(i)));
    }
    let d = Atomic::Untyped(Cow::Borrowed(u)).to_double()?;
    // Integers and decimals have one zero (a decimal literal `-0.0` is
    // zero); only an xs:double may be negative zero.
    let e = match o {
        Atomic::Dbl(f) => *f,
        _ => o.to_double()? + 0.0,
    };
    Ok(if e.is_nan() {
        None
    } else if d.is_nan() {
        Some(Ordering::Greater)
    } else if d == 0.0 && e == 0.0 {
        Some(e.is_sign_negative().cmp(&d.is_sign_negative()))
    } else {
        d.partial_cmp(&e)
    })
}

/// An untyped value of at most ten digits, with or without a sign (white
/// space around it allowed), as an integer.
fn short_integer(u: &str) -> Option<i64> {
    let t = u.trim_matches(|c: char| c.is_ascii_whitespace());
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Equality for `distinct-values` and `index-of`: values of incomparable
/// types are simply different.
pub(crate) fn distinct_eq(a: &Atomic<'_>, b: &Atomic<'_>) -> bool {
    match (a.as_num(), b.as_num()) {
        (Some(x), Some(y)) => {
            let (fx, fy) = (x.to_f64(), y.to_f64());
            if fx.is_nan() && fy.is_nan() {
                return true;
            }
            cmp_num(x, y) == Some(Ordering::Equal)
        }
        _ => matches!(compare_values(a, b), Ok(Some(Ordering::Equal))),
    }
}

fn cast<'a>(a: &Atomic<'a>, ty: AtomicType) -> Result<Atomic<'a>, Error> {
    Ok(match ty {
        AtomicType::String => Atomic::Str(a.to_str()),
        AtomicType::Decimal => Atomic::Dec(a.to_decimal()?),
        AtomicType::Integer => Atomic::Int(a.to_integer()?),
        AtomicType::Double => Atomic::Dbl(a.to_double()?),
        AtomicType::Boolean => Atomic::Bool(a.to_boolean()?),
        AtomicType::Untyped => Atomic::Untyped(a.to_str()),
        AtomicType::AnyAtomic => a.clone(),
    })
}

fn atomic_instance(a: &Atomic<'_>, ty: AtomicType) -> bool {
    matches!(
        (a, ty),
        (_, AtomicType::AnyAtomic)
            | (Atomic::Str(_), AtomicType::String)
            | (Atomic::Untyped(_), AtomicType::Untyped)
            | (Atomic::Bool(_), AtomicType::Boolean)
            | (Atomic::Int(_), AtomicType::Integer | AtomicType::Decimal)
            | (Atomic::Dec(_), AtomicType::Decimal)
            | (Atomic::Dbl(_), AtomicType::Double)
    )
}

fn instance_of(v: &Seq<'_>, ty: &SeqType) -> bool {
    let count_ok = match ty.occurrence {
        Occurrence::One => v.len() == 1,
        Occurrence::Optional => v.len() <= 1,
        Occurrence::Many => true,
        Occurrence::OneOrMore => !v.is_empty(),
    };
    let Some(item) = &ty.item else {
        return v.is_empty();
    };
    count_ok
        && v.iter().all(|i| match (i, item) {
            (_, ItemType::Item) => true,
            (Item::Atomic(a), ItemType::Atomic(t)) => atomic_instance(a, *t),
            (Item::Node(n), ItemType::Node(k)) => match k {
                KindTest::AnyNode => true,
                KindTest::Attribute => n.is_attribute(),
                KindTest::Element => n.is_element(),
                _ => !n.is_attribute() && node_matches(n.node, &NodeTest::Kind(*k), None),
            },
            _ => false,
        })
}

/// Applies the function conversion rules to an argument of a stylesheet
/// function: atomize and cast untyped values for atomic parameter types.
fn convert_argument<'a>(v: Seq<'a>, ty: Option<&SeqType>, fname: &str) -> Result<Seq<'a>, Error> {
    let Some(ty) = ty else {
        return Ok(v);
    };
    let out = match &ty.item {
        Some(ItemType::Atomic(t)) => {
            let mut out = Seq::with_capacity(v.len());
            for a in atomize(v) {
                let a = match a {
                    Atomic::Untyped(_) => cast(&a, *t)?,
                    o => o,
                };
                out.push(Item::Atomic(a));
            }
            out
        }
        _ => v,
    };
    let ok = match ty.occurrence {
        Occurrence::One => out.len() == 1,
        Occurrence::Optional => out.len() <= 1,
        Occurrence::Many => true,
        Occurrence::OneOrMore => !out.is_empty(),
    };
    if !ok {
        return Err(Error::dynamic(
            "XTTE0790",
            format!(
                "argument of {fname} has {} items, more than its type allows",
                out.len()
            ),
        ));
    }
    Ok(out)
}
