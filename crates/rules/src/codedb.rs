//! Code-list lookups of the Factur-X schematron, compiled to hash sets.
//!
//! The Factur-X rules test code values with
//! `document('FACTUR-X_<P>_codedb.xml')/codedb/cl[@id=N]/enumeration[@value=$v]`.
//! Evaluated literally, each test scans the code list (thousands of unit
//! codes). In a boolean context the expression is true exactly when some
//! string value of `$v` equals the `@value` of an enumeration of list `N`
//! (both sides are untyped, so XPath compares them as strings), which a
//! hash set answers directly.

use std::collections::HashSet;
use std::sync::Arc;

use facturx_xpath::Builtin;
use facturx_xpath::ast::{Axis, CmpOp, Expr, NodeTest, PathStart, Step};

/// Rewrites code-list lookups found in boolean positions of `e`.
pub fn rewrite(e: &mut Expr, docs: &[(&str, &facturx_xpath::tree::Document<'_>)]) {
    match e {
        Expr::Or(a, b) | Expr::And(a, b) => {
            rewrite(a, docs);
            rewrite(b, docs);
        }
        Expr::If(c, _, _) => rewrite(c, docs),
        Expr::Call(Builtin::Not | Builtin::Boolean, args) => {
            for a in args {
                rewrite(a, docs);
            }
        }
        Expr::Path(_) => {
            if let Some((set, value)) = lookup(e, docs) {
                *e = Expr::StringIn(Box::new(value), set);
            }
        }
        _ => {}
    }
}

fn name_is(test: &NodeTest, name: &str) -> bool {
    matches!(test, NodeTest::Name { ns: Some(ns), local: Some(l), .. } if ns.is_empty() && l == name)
}

/// `@attr = X` with X free of the context: returns X.
fn attr_eq<'e>(pred: &'e Expr, attr: &str) -> Option<&'e Expr> {
    let Expr::General(CmpOp::Eq, l, r) = pred else {
        return None;
    };
    let Expr::Path(p) = l.as_ref() else {
        return None;
    };
    match (&p.start, p.steps.as_slice()) {
        (PathStart::Context, [Step::Axis(Axis::Attribute, t, preds)])
            if preds.is_empty() && name_is(t, attr) => {}
        _ => return None,
    }
    match r.as_ref() {
        Expr::Var(_) | Expr::Str(_) | Expr::Int(_) => Some(r),
        _ => None,
    }
}

fn lookup(
    e: &Expr,
    docs: &[(&str, &facturx_xpath::tree::Document<'_>)],
) -> Option<(Arc<HashSet<String>>, Expr)> {
    let Expr::Path(p) = e else {
        return None;
    };
    let PathStart::Expr(Expr::Call(Builtin::Document, args)) = &p.start else {
        return None;
    };
    let [Expr::Str(name)] = args.as_slice() else {
        return None;
    };
    let doc = docs.iter().find(|(n, _)| n == name)?.1;
    let [
        Step::Axis(Axis::Child, t0, p0),
        Step::Axis(Axis::Child, t1, p1),
        Step::Axis(Axis::Child, t2, p2),
    ] = p.steps.as_slice()
    else {
        return None;
    };
    if !(name_is(t0, "codedb") && p0.is_empty() && name_is(t1, "cl") && name_is(t2, "enumeration"))
    {
        return None;
    }
    let ([id_pred], [value_pred]) = (p1.as_slice(), p2.as_slice()) else {
        return None;
    };
    let Expr::Int(id) = attr_eq(id_pred, "id")? else {
        return None;
    };
    let value = attr_eq(value_pred, "value")?.clone();
    let root = doc.root_element();
    if root.tag_name().name() != "codedb" || root.tag_name().namespace().is_some() {
        return None;
    }
    let mut set = HashSet::new();
    for cl in root.children().filter(|n| n.has_tag_name("cl")) {
        // `@id = N` compares the untyped attribute as a double.
        let matches_id = cl
            .attribute("id")
            .and_then(facturx_xpath::parse_double)
            .is_some_and(|v| v == *id as f64);
        if !matches_id {
            continue;
        }
        for en in cl.children().filter(|n| n.has_tag_name("enumeration")) {
            if let Some(v) = en.attribute("value") {
                set.insert(v.to_string());
            }
        }
    }
    Some((Arc::new(set), value))
}
