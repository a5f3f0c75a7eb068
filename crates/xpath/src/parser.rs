//! Recursive-descent parser: tokens into a compiled [`Expr`].

use rust_decimal::Decimal;

use crate::ast::*;
use crate::error::Error;
use crate::functions::Builtin;
use crate::lexer::{Tok, Token, tokenize};
use crate::names;
use crate::static_context::StaticContext;

/// The XML Schema namespace (`xs:` functions and types).
pub const XS_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// Parses and compiles `src` against `ctx`.
pub fn parse(src: &str, ctx: &mut StaticContext) -> Result<Expr, Error> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        ctx,
        end: src.len(),
    };
    let e = p.expr()?;
    if p.pos < p.toks.len() {
        return Err(p.err("unexpected token after the end of the expression"));
    }
    Ok(e)
}

struct Parser<'c> {
    toks: Vec<Token>,
    pos: usize,
    ctx: &'c mut StaticContext,
    end: usize,
}

const KIND_TESTS: [&str; 8] = [
    "node",
    "text",
    "element",
    "attribute",
    "comment",
    "processing-instruction",
    "document-node",
    "schema-element",
];

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.kind)
    }

    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.offset)
    }

    fn err(&self, msg: &str) -> Error {
        let found = self
            .peek()
            .map_or_else(|| "end of input".to_string(), |t| format!("{t:?}"));
        Error::syntax(self.offset(), format!("{msg} (found {found})"))
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(x)) if *x == s)
    }

    fn is_name(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Name(x)) if x == s)
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if self.is_sym(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_name(&mut self, s: &str) -> bool {
        if self.is_name(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_sym(&mut self, s: &str) -> Result<(), Error> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(self.err(&format!("expected {s:?}")))
        }
    }

    fn expect_name(&mut self, s: &str) -> Result<(), Error> {
        if self.eat_name(s) {
            Ok(())
        } else {
            Err(self.err(&format!("expected {s:?}")))
        }
    }

    fn expr(&mut self) -> Result<Expr, Error> {
        let first = self.expr_single()?;
        if !self.is_sym(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_sym(",") {
            items.push(self.expr_single()?);
        }
        Ok(Expr::Sequence(items))
    }

    fn expr_single(&mut self) -> Result<Expr, Error> {
        let next_is_var = matches!(self.peek_at(1), Some(Tok::Var(_)));
        if next_is_var && self.is_name("for") {
            self.pos += 1;
            let binds = self.bindings()?;
            self.expect_name("return")?;
            let body = self.expr_single()?;
            return Ok(Expr::For(binds, Box::new(body)));
        }
        if next_is_var && (self.is_name("some") || self.is_name("every")) {
            let every = self.is_name("every");
            self.pos += 1;
            let binds = self.bindings()?;
            self.expect_name("satisfies")?;
            let body = self.expr_single()?;
            return Ok(Expr::Quantified(every, binds, Box::new(body)));
        }
        if self.is_name("if") && matches!(self.peek_at(1), Some(Tok::Sym("("))) {
            self.pos += 2;
            let cond = self.expr()?;
            self.expect_sym(")")?;
            self.expect_name("then")?;
            let a = self.expr_single()?;
            self.expect_name("else")?;
            let b = self.expr_single()?;
            return Ok(Expr::If(Box::new(cond), Box::new(a), Box::new(b)));
        }
        self.or_expr()
    }

    fn bindings(&mut self) -> Result<Vec<(VarId, Expr)>, Error> {
        let mut out = Vec::new();
        loop {
            let name = match self.peek() {
                Some(Tok::Var(v)) => v.clone(),
                _ => return Err(self.err("expected a variable")),
            };
            self.pos += 1;
            self.expect_name("in")?;
            let e = self.expr_single()?;
            out.push((self.ctx.var_id(&name), e));
            if !self.eat_sym(",") {
                return Ok(out);
            }
        }
    }

    fn or_expr(&mut self) -> Result<Expr, Error> {
        let mut l = self.and_expr()?;
        while self.eat_name("or") {
            let r = self.and_expr()?;
            l = Expr::Or(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and_expr(&mut self) -> Result<Expr, Error> {
        let mut l = self.comparison()?;
        while self.eat_name("and") {
            let r = self.comparison()?;
            l = Expr::And(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn comparison(&mut self) -> Result<Expr, Error> {
        let l = self.range()?;
        let general = match self.peek() {
            Some(Tok::Sym("=")) => Some(CmpOp::Eq),
            Some(Tok::Sym("!=")) => Some(CmpOp::Ne),
            Some(Tok::Sym("<")) => Some(CmpOp::Lt),
            Some(Tok::Sym("<=")) => Some(CmpOp::Le),
            Some(Tok::Sym(">")) => Some(CmpOp::Gt),
            Some(Tok::Sym(">=")) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = general {
            self.pos += 1;
            let r = self.range()?;
            return Ok(Expr::General(op, Box::new(l), Box::new(r)));
        }
        let value = match self.peek() {
            Some(Tok::Name(n)) => match n.as_str() {
                "eq" => Some(CmpOp::Eq),
                "ne" => Some(CmpOp::Ne),
                "lt" => Some(CmpOp::Lt),
                "le" => Some(CmpOp::Le),
                "gt" => Some(CmpOp::Gt),
                "ge" => Some(CmpOp::Ge),
                _ => None,
            },
            _ => None,
        };
        if let Some(op) = value {
            self.pos += 1;
            let r = self.range()?;
            return Ok(Expr::Value(op, Box::new(l), Box::new(r)));
        }
        let node = match self.peek() {
            Some(Tok::Name(n)) if n == "is" => Some(NodeCmpOp::Is),
            Some(Tok::Sym("<<")) => Some(NodeCmpOp::Precedes),
            Some(Tok::Sym(">>")) => Some(NodeCmpOp::Follows),
            _ => None,
        };
        if let Some(op) = node {
            self.pos += 1;
            let r = self.range()?;
            return Ok(Expr::NodeCmp(op, Box::new(l), Box::new(r)));
        }
        Ok(l)
    }

    fn range(&mut self) -> Result<Expr, Error> {
        let l = self.additive()?;
        if self.eat_name("to") {
            let r = self.additive()?;
            return Ok(Expr::Range(Box::new(l), Box::new(r)));
        }
        Ok(l)
    }

    fn additive(&mut self) -> Result<Expr, Error> {
        let mut l = self.multiplicative()?;
        loop {
            let op = if self.eat_sym("+") {
                ArithOp::Add
            } else if self.eat_sym("-") {
                ArithOp::Sub
            } else {
                return Ok(l);
            };
            let r = self.multiplicative()?;
            l = Expr::Arith(op, Box::new(l), Box::new(r));
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, Error> {
        let mut l = self.union()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Star) => ArithOp::Mul,
                Some(Tok::Name(n)) if n == "div" => ArithOp::Div,
                Some(Tok::Name(n)) if n == "idiv" => ArithOp::IDiv,
                Some(Tok::Name(n)) if n == "mod" => ArithOp::Mod,
                _ => return Ok(l),
            };
            self.pos += 1;
            let r = self.union()?;
            l = Expr::Arith(op, Box::new(l), Box::new(r));
        }
    }

    fn union(&mut self) -> Result<Expr, Error> {
        let mut l = self.intersect()?;
        while self.eat_sym("|") || self.eat_name("union") {
            let r = self.intersect()?;
            l = Expr::Union(Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn intersect(&mut self) -> Result<Expr, Error> {
        let mut l = self.instance_of()?;
        loop {
            let inter = if self.eat_name("intersect") {
                true
            } else if self.eat_name("except") {
                false
            } else {
                return Ok(l);
            };
            let r = self.instance_of()?;
            l = Expr::IntersectExcept(inter, Box::new(l), Box::new(r));
        }
    }

    fn instance_of(&mut self) -> Result<Expr, Error> {
        let l = self.castable()?;
        if self.is_name("instance") && matches!(self.peek_at(1), Some(Tok::Name(n)) if n == "of") {
            self.pos += 2;
            let t = self.seq_type()?;
            return Ok(Expr::InstanceOf(Box::new(l), t));
        }
        Ok(l)
    }

    fn castable(&mut self) -> Result<Expr, Error> {
        let l = self.unary()?;
        for (word, castable) in [("castable", true), ("cast", false)] {
            if self.is_name(word) && matches!(self.peek_at(1), Some(Tok::Name(n)) if n == "as") {
                self.pos += 2;
                let t = self.atomic_type()?;
                let optional = self.eat_sym_q();
                return Ok(Expr::Cast(castable, t, optional, Box::new(l)));
            }
        }
        Ok(l)
    }

    fn eat_sym_q(&mut self) -> bool {
        self.eat_sym("?")
    }

    fn atomic_type(&mut self) -> Result<AtomicType, Error> {
        let name = match self.peek() {
            Some(Tok::Name(n)) => n.clone(),
            _ => return Err(self.err("expected a type name")),
        };
        self.pos += 1;
        self.resolve_atomic_type(&name)
            .ok_or_else(|| Error::syntax(self.offset(), format!("unsupported type {name}")))
    }

    fn resolve_atomic_type(&self, name: &str) -> Option<AtomicType> {
        let (prefix, local) = name.split_once(':')?;
        if self.ctx.namespace(prefix) != Some(XS_NS) {
            return None;
        }
        Some(match local {
            "string" => AtomicType::String,
            "decimal" => AtomicType::Decimal,
            "integer" => AtomicType::Integer,
            "double" => AtomicType::Double,
            "boolean" => AtomicType::Boolean,
            "untypedAtomic" => AtomicType::Untyped,
            "anyAtomicType" => AtomicType::AnyAtomic,
            _ => return None,
        })
    }

    fn seq_type(&mut self) -> Result<SeqType, Error> {
        let name = match self.peek() {
            Some(Tok::Name(n)) => n.clone(),
            _ => return Err(self.err("expected a sequence type")),
        };
        self.pos += 1;
        let item = if matches!(self.peek(), Some(Tok::Sym("("))) {
            self.pos += 1;
            self.expect_sym(")")?;
            match name.as_str() {
                "empty-sequence" => None,
                "item" => Some(ItemType::Item),
                other => Some(ItemType::Node(kind_test(other).ok_or_else(|| {
                    Error::syntax(self.offset(), format!("unsupported kind test {other}"))
                })?)),
            }
        } else {
            Some(ItemType::Atomic(
                self.resolve_atomic_type(&name).ok_or_else(|| {
                    Error::syntax(self.offset(), format!("unsupported type {name}"))
                })?,
            ))
        };
        let occurrence = match self.peek() {
            Some(Tok::Star) => {
                self.pos += 1;
                Occurrence::Many
            }
            Some(Tok::Sym("+")) => {
                self.pos += 1;
                Occurrence::OneOrMore
            }
            Some(Tok::Sym("?")) => {
                self.pos += 1;
                Occurrence::Optional
            }
            _ => Occurrence::One,
        };
        Ok(SeqType { item, occurrence })
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        if self.eat_sym("-") {
            let e = self.unary()?;
            return Ok(Expr::Neg(Box::new(e)));
        }
        if self.eat_sym("+") {
            return self.unary();
        }
        self.path()
    }

    fn path(&mut self) -> Result<Expr, Error> {
        let (start, mut steps) = if self.eat_sym("//") {
            let first = self.step()?;
            (
                PathStart::Root,
                vec![
                    Step::Axis(
                        Axis::DescendantOrSelf,
                        NodeTest::Kind(KindTest::AnyNode),
                        vec![],
                    ),
                    first,
                ],
            )
        } else if self.eat_sym("/") {
            if !self.starts_step() {
                return Ok(Expr::Path(Box::new(Path {
                    start: PathStart::Root,
                    steps: vec![],
                    constant_steps: 0,
                    child_only: false,
                })));
            }
            (PathStart::Root, vec![self.step()?])
        } else {
            // Relative path or a lone primary expression.
            match self.step()? {
                Step::Expr(e) => {
                    if !self.is_sym("/") && !self.is_sym("//") {
                        return Ok(e);
                    }
                    (PathStart::Expr(e), vec![])
                }
                s => (PathStart::Context, vec![s]),
            }
        };
        loop {
            if self.eat_sym("//") {
                steps.push(Step::Axis(
                    Axis::DescendantOrSelf,
                    NodeTest::Kind(KindTest::AnyNode),
                    vec![],
                ));
                steps.push(self.step()?);
            } else if self.eat_sym("/") {
                steps.push(self.step()?);
            } else {
                break;
            }
        }
        let steps = optimize_steps(steps);
        let constant_steps = if matches!(start, PathStart::Root) {
            steps.iter().take_while(|s| !step_uses_bindings(s)).count()
        } else {
            0
        };
        let child_only = matches!(start, PathStart::Context) && is_child_only(&steps);
        Ok(Expr::Path(Box::new(Path {
            start,
            steps,
            constant_steps,
            child_only,
        })))
    }

    fn starts_step(&self) -> bool {
        match self.peek() {
            Some(Tok::Name(_) | Tok::Star | Tok::Var(_) | Tok::Str(_) | Tok::Number(_)) => true,
            Some(Tok::Sym(s)) => matches!(*s, "@" | "." | ".." | "("),
            None => false,
        }
    }

    fn step(&mut self) -> Result<Step, Error> {
        if self.eat_sym("..") {
            return Ok(Step::Axis(
                Axis::Parent,
                NodeTest::Kind(KindTest::AnyNode),
                vec![],
            ));
        }
        if self.eat_sym("@") {
            let test = self.node_test(Axis::Attribute)?;
            let preds = self.predicates()?;
            return Ok(Step::Axis(Axis::Attribute, test, preds));
        }
        // Explicit axis.
        if let (Some(Tok::Name(n)), Some(Tok::Sym("::"))) = (self.peek(), self.peek_at(1)) {
            let axis = match n.as_str() {
                "child" => Axis::Child,
                "descendant" => Axis::Descendant,
                "descendant-or-self" => Axis::DescendantOrSelf,
                "attribute" => Axis::Attribute,
                "self" => Axis::SelfAxis,
                "parent" => Axis::Parent,
                "ancestor" => Axis::Ancestor,
                "ancestor-or-self" => Axis::AncestorOrSelf,
                "following-sibling" => Axis::FollowingSibling,
                "preceding-sibling" => Axis::PrecedingSibling,
                "following" => Axis::Following,
                "preceding" => Axis::Preceding,
                other => {
                    return Err(Error::syntax(
                        self.offset(),
                        format!("unknown axis {other}"),
                    ));
                }
            };
            self.pos += 2;
            let test = self.node_test(axis)?;
            let preds = self.predicates()?;
            return Ok(Step::Axis(axis, test, preds));
        }
        let is_name_test = match (self.peek(), self.peek_at(1)) {
            (Some(Tok::Star), _) => true,
            (Some(Tok::Name(n)), Some(Tok::Sym("("))) => KIND_TESTS.contains(&n.as_str()),
            (Some(Tok::Name(_)), _) => true,
            _ => false,
        };
        if is_name_test {
            let test = self.node_test(Axis::Child)?;
            let preds = self.predicates()?;
            let axis = if test == NodeTest::Kind(KindTest::Attribute) {
                Axis::Attribute
            } else {
                Axis::Child
            };
            return Ok(Step::Axis(axis, test, preds));
        }
        let prim = self.primary()?;
        let preds = self.predicates()?;
        if preds.is_empty() {
            Ok(Step::Expr(prim))
        } else {
            Ok(Step::Expr(Expr::Filter(Box::new(prim), preds)))
        }
    }

    fn predicates(&mut self) -> Result<Vec<Expr>, Error> {
        let mut out = Vec::new();
        while self.eat_sym("[") {
            out.push(self.expr()?);
            self.expect_sym("]")?;
        }
        Ok(out)
    }

    fn node_test(&mut self, axis: Axis) -> Result<NodeTest, Error> {
        match self.peek().cloned() {
            Some(Tok::Star) => {
                self.pos += 1;
                Ok(NodeTest::Any)
            }
            Some(Tok::Name(n)) => {
                self.pos += 1;
                if self.is_sym("(") && KIND_TESTS.contains(&n.as_str()) {
                    self.pos += 1;
                    // element(name) / attribute(name) arguments are not used by the rule files.
                    self.expect_sym(")")?;
                    return kind_test(&n).map(NodeTest::Kind).ok_or_else(|| {
                        Error::syntax(self.offset(), format!("unsupported kind test {n}"))
                    });
                }
                self.name_test(&n, axis)
            }
            _ => Err(self.err("expected a node test")),
        }
    }

    fn name_test(&self, n: &str, axis: Axis) -> Result<NodeTest, Error> {
        if let Some(local) = n.strip_prefix("*:") {
            return Ok(NodeTest::Name {
                ns: None,
                local: Some(local.to_string()),
                id: names::NO_NAME,
            });
        }
        match n.split_once(':') {
            Some((prefix, local)) => {
                let ns = self
                    .ctx
                    .namespace(prefix)
                    .ok_or_else(|| Error::UnboundPrefix(prefix.to_string()))?
                    .to_string();
                let id = if local == "*" {
                    names::NO_NAME
                } else {
                    names::intern(&ns, local)
                };
                Ok(NodeTest::Name {
                    ns: Some(ns),
                    local: (local != "*").then(|| local.to_string()),
                    id,
                })
            }
            None => {
                // Unprefixed names are in no namespace (no default element
                // namespace in these stylesheets), for elements and attributes.
                let _ = axis;
                Ok(NodeTest::Name {
                    ns: Some(String::new()),
                    local: Some(n.to_string()),
                    id: names::intern("", n),
                })
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, Error> {
        let tok = self.peek().cloned();
        match tok {
            Some(Tok::Str(s)) => {
                self.pos += 1;
                Ok(Expr::Str(s))
            }
            Some(Tok::Number(n)) => {
                self.pos += 1;
                number_literal(&n)
                    .ok_or_else(|| Error::syntax(self.offset(), format!("bad number {n}")))
            }
            Some(Tok::Var(v)) => {
                self.pos += 1;
                Ok(Expr::Var(self.ctx.var_id(&v)))
            }
            Some(Tok::Sym(".")) => {
                self.pos += 1;
                Ok(Expr::ContextItem)
            }
            Some(Tok::Sym("(")) => {
                self.pos += 1;
                if self.eat_sym(")") {
                    return Ok(Expr::Sequence(vec![]));
                }
                let e = self.expr()?;
                self.expect_sym(")")?;
                Ok(e)
            }
            Some(Tok::Name(n)) if matches!(self.peek_at(1), Some(Tok::Sym("("))) => {
                let at = self.offset();
                self.pos += 2;
                let mut args = Vec::new();
                if !self.eat_sym(")") {
                    loop {
                        args.push(self.expr_single()?);
                        if self.eat_sym(")") {
                            break;
                        }
                        self.expect_sym(",")?;
                    }
                }
                self.function_call(&n, args, at)
            }
            _ => Err(self.err("expected an expression")),
        }
    }

    fn function_call(&mut self, name: &str, args: Vec<Expr>, at: usize) -> Result<Expr, Error> {
        let (ns, local) = match name.split_once(':') {
            Some((p, l)) => (
                self.ctx
                    .namespace(p)
                    .ok_or_else(|| Error::UnboundPrefix(p.to_string()))?
                    .to_string(),
                l,
            ),
            None => (crate::functions::FN_NS.to_string(), name),
        };
        if let Some(idx) = self.ctx.user_function(&ns, local, args.len()) {
            return Ok(Expr::UserCall(idx, args));
        }
        let Some(builtin) = Builtin::lookup(&ns, local, args.len()) else {
            return Err(Error::UnknownFunction {
                name: name.to_string(),
                arity: args.len(),
            });
        };
        // Compile literal regular expressions once.
        if matches!(
            builtin,
            Builtin::Matches | Builtin::Replace | Builtin::Tokenize
        ) && args.len() == 2
            || matches!(builtin, Builtin::Replace) && args.len() == 3
        {
            if let Some(Expr::Str(pattern)) = args.get(1) {
                let re = crate::functions::compile_regex(pattern, "")
                    .map_err(|e| Error::syntax(at, e.to_string()))?;
                return Ok(Expr::RegexCall(builtin, args, Box::new(re)));
            }
        }
        let mut args = args;
        if builtin == Builtin::EndsWith {
            suffix_of_local_name(&mut args);
        }
        if builtin == Builtin::Contains {
            if let Some(e) = token_list_test(&mut args) {
                return Ok(e);
            }
        }
        Ok(Expr::Call(builtin, args))
    }
}

/// `contains('literal', concat(' ', x, ' '))` as an [`Expr::TokenIn`].
fn token_list_test(args: &mut Vec<Expr>) -> Option<Expr> {
    let [Expr::Str(list), Expr::Call(Builtin::Concat, parts)] = args.as_mut_slice() else {
        return None;
    };
    let [Expr::Str(before), _, Expr::Str(after)] = parts.as_slice() else {
        return None;
    };
    if before != " " || after != " " {
        return None;
    }
    let list = std::mem::take(list);
    let value = parts.swap_remove(1);
    Some(Expr::TokenIn(
        Box::new(value),
        std::sync::Arc::new(crate::ast::TokenList::new(list)),
    ))
}

/// `ends-with(name(x), 'Suffix')` is `ends-with(local-name(x), 'Suffix')`
/// when the suffix is not empty and has no colon (it cannot reach into the
/// prefix); the local name needs no string building. The official CEN file
/// matches six patterns of this form against every element.
fn suffix_of_local_name(args: &mut [Expr]) {
    let [Expr::Call(name_fn, _), Expr::Str(suffix)] = args else {
        return;
    };
    if *name_fn == Builtin::Name && !suffix.is_empty() && !suffix.contains(':') {
        *name_fn = Builtin::LocalName;
    }
}

fn kind_test(name: &str) -> Option<KindTest> {
    Some(match name {
        "node" => KindTest::AnyNode,
        "text" => KindTest::Text,
        "element" => KindTest::Element,
        "attribute" => KindTest::Attribute,
        "comment" => KindTest::Comment,
        "processing-instruction" => KindTest::Pi,
        "document-node" => KindTest::Document,
        _ => return None,
    })
}

fn number_literal(s: &str) -> Option<Expr> {
    if s.contains(['e', 'E']) {
        return s.parse::<f64>().ok().map(Expr::Dbl);
    }
    if s.contains('.') {
        let t = if let Some(r) = s.strip_prefix('.') {
            format!("0.{r}")
        } else {
            s.to_string()
        };
        let t = t.strip_suffix('.').map_or(t.clone(), str::to_string);
        return t.parse::<Decimal>().ok().map(Expr::Dec);
    }
    match s.parse::<i64>() {
        Ok(i) => Some(Expr::Int(i)),
        Err(_) => s.parse::<Decimal>().ok().map(Expr::Dec),
    }
}

/// Rewrites `descendant-or-self::node()/child::x[p]` into `descendant::x[p]`
/// when no predicate can be positional; the result is the same node set and
/// avoids materializing every node of the tree.
fn optimize_steps(steps: Vec<Step>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    for step in steps {
        if let Step::Axis(Axis::Child, test, preds) = &step {
            if let Some(Step::Axis(Axis::DescendantOrSelf, NodeTest::Kind(KindTest::AnyNode), p)) =
                out.last()
            {
                if p.is_empty() && preds.iter().all(|e| !maybe_numeric(e)) {
                    out.pop();
                    out.push(Step::Axis(Axis::Descendant, test.clone(), preds.clone()));
                    continue;
                }
            }
        }
        out.push(step);
    }
    out
}

/// True if a predicate could evaluate to a number (a positional predicate).
pub(crate) fn maybe_numeric(e: &Expr) -> bool {
    match e {
        Expr::Or(..)
        | Expr::And(..)
        | Expr::General(..)
        | Expr::Value(..)
        | Expr::NodeCmp(..)
        | Expr::Str(_)
        | Expr::Quantified(..)
        | Expr::InstanceOf(..)
        | Expr::TokenIn(..)
        | Expr::RegexCall(Builtin::Matches, ..) => false,
        Expr::Path(p) => matches!(p.steps.last(), Some(Step::Axis(..))) || p.steps.is_empty(),
        Expr::Call(b, _) => !b.returns_boolean_or_string(),
        _ => true,
    }
}

/// Child steps without predicates, the last possibly an attribute step.
fn is_child_only(steps: &[Step]) -> bool {
    let Some((last, init)) = steps.split_last() else {
        return false;
    };
    let plain = |s: &Step, attribute_ok: bool| {
        matches!(s, Step::Axis(Axis::Child, _, p) if p.is_empty())
            || attribute_ok && matches!(s, Step::Axis(Axis::Attribute, _, p) if p.is_empty())
    };
    plain(last, true) && init.iter().all(|s| plain(s, false))
}

fn step_uses_bindings(s: &Step) -> bool {
    match s {
        Step::Axis(_, _, preds) => preds.iter().any(uses_bindings),
        Step::Expr(e) => uses_bindings(e),
    }
}

/// True if `e` reads a variable or `current()` (so its value may change
/// with the rule being evaluated even for the same context).
pub(crate) fn uses_bindings(e: &Expr) -> bool {
    match e {
        Expr::Var(_)
        | Expr::Call(Builtin::Current, _)
        | Expr::UserCall(..)
        | Expr::For(..)
        | Expr::Quantified(..) => true,
        _ => e.children().into_iter().any(uses_bindings),
    }
}
