//! Runs a compiled schematron over a document, as the XSLT would: for each
//! pattern (mode), walk the tree in document order and fire, on each node,
//! the highest-priority rule whose context matches it.

use facturx_xpath::{Evaluator, Focus, Memo, XNode, atomize, normalize_space};

use crate::error::Error;
use crate::location::xpath_of;
use crate::schema::{Action, Check, Mode, Rule, Schema};

/// One failed assert or successful report.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// The check that fired.
    pub check: &'a Check,
    /// The rule's context node.
    pub node: XNode<'a>,
    /// The message with its `value-of` parts filled in, white space collapsed.
    pub message: String,
}

/// Runs every pattern of `schema` on `root` (a document node), with the
/// answers in `memo` (of the same document), which it extends.
pub fn run<'a>(
    schema: &'a Schema,
    documents: &'a [(&'static str, roxmltree::Document<'static>)],
    root: roxmltree::Node<'a, 'a>,
    memo: &mut Memo,
) -> Result<Vec<Hit<'a>>, Error> {
    let mut ev = Evaluator::new(&schema.functions);
    ev.memo = std::mem::take(memo);
    let hits = run_with(schema, documents, root, &mut ev);
    *memo = std::mem::take(&mut ev.memo);
    hits
}

fn run_with<'a>(
    schema: &'a Schema,
    documents: &'a [(&'static str, roxmltree::Document<'static>)],
    root: roxmltree::Node<'a, 'a>,
    ev: &mut Evaluator<'a>,
) -> Result<Vec<Hit<'a>>, Error> {
    for (name, d) in documents {
        ev.add_document(name, XNode::new(d.root()));
    }
    let root = XNode::new(root);
    ev.current = Some(root);
    let focus = Focus::node_focus(root);
    for (id, e) in &schema.globals {
        let v = ev.eval(e, &focus).map_err(|source| Error::Evaluation {
            rule: format!("{} ${}", schema.name, schema.context.var_name(*id)),
            location: "/".into(),
            source,
        })?;
        ev.push_var(*id, v);
    }
    ev.mark_globals();
    let mut out = Vec::new();
    // One walk serves every pattern: XSLT visits every element once per
    // mode, and each mode's verdict on a node is independent of the
    // others, so the modes can share the walk (the order of the hits
    // differs from Saxon's mode-major order; reports are sorted anyway).
    for &m in &schema.document_modes {
        if let Some(mode) = schema.modes.get(m) {
            if let Some(rule) = find_rule(mode, root, ev)? {
                fire(rule, root, ev, &mut out)?;
            }
        }
    }
    for child in root.node.children().filter(roxmltree::Node::is_element) {
        walk(schema, XNode::new(child), ev, &mut out)?;
    }
    Ok(out)
}

fn walk<'a>(
    schema: &'a Schema,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
) -> Result<(), Error> {
    let named: &[usize] = schema
        .element_modes
        .get(node.node.tag_name().name())
        .map_or(&[], Vec::as_slice);
    let any = schema.any_element_modes.as_slice();
    // Merge two sorted mode lists.
    let (mut i, mut j) = (0, 0);
    loop {
        let m = match (named.get(i), any.get(j)) {
            (Some(&a), Some(&b)) if a <= b => {
                i += 1;
                if a == b {
                    j += 1;
                }
                a
            }
            (_, Some(&b)) => {
                j += 1;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => break,
        };
        if let Some(mode) = schema.modes.get(m) {
            if let Some(rule) = find_rule(mode, node, ev)? {
                fire(rule, node, ev, out)?;
            }
        }
    }
    if node.node.attributes().len() > 0 {
        for &m in &schema.attribute_modes {
            let Some(mode) = schema.modes.get(m) else {
                continue;
            };
            let visits = match find_rule(mode, node, ev)? {
                Some(rule) => rule.visits_attributes,
                None => mode.default_visits_attributes,
            };
            if !visits {
                continue;
            }
            for k in 0..node.node.attributes().len() {
                let a = XNode {
                    node: node.node,
                    attr: u16::try_from(k).ok(),
                };
                if let Some(rule) = find_rule(mode, a, ev)? {
                    fire(rule, a, ev, out)?;
                }
            }
        }
    }
    for child in node.node.children().filter(roxmltree::Node::is_element) {
        walk(schema, XNode::new(child), ev, out)?;
    }
    Ok(())
}

fn find_rule<'a>(
    mode: &'a Mode,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> Result<Option<&'a Rule>, Error> {
    let empty: &[usize] = &[];
    let (named, any): (&[usize], &[usize]) = if node.is_attribute() {
        let local = node.expanded_name().map_or("", |(_, l)| l);
        (
            mode.by_attribute.get(local).map_or(empty, Vec::as_slice),
            &mode.any_attribute,
        )
    } else if node.node.is_element() {
        let local = node.node.tag_name().name();
        (
            mode.by_element.get(local).map_or(empty, Vec::as_slice),
            &mode.any_element,
        )
    } else if node.node.parent().is_none() {
        (&mode.document, empty)
    } else {
        (empty, empty)
    };
    // Both lists are in priority order; merge them.
    let (mut i, mut j) = (0, 0);
    loop {
        let next = match (named.get(i), any.get(j)) {
            (Some(&a), Some(&b)) if a <= b => {
                i += 1;
                if a == b {
                    j += 1;
                }
                a
            }
            (Some(_), Some(&b)) | (None, Some(&b)) => {
                j += 1;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => return Ok(None),
        };
        let Some(rule) = mode.rules.get(next) else {
            continue;
        };
        for alt in &rule.pattern.alternatives {
            let m = alt.matches(node, ev).map_err(|source| Error::Evaluation {
                rule: format!("{} {}", mode.name, rule.context),
                location: xpath_of(node),
                source,
            })?;
            if m {
                return Ok(Some(rule));
            }
        }
    }
}

thread_local! {
    /// Time spent per rule context, when profiling (see `RuleSet::profile`).
    pub(crate) static PROFILE: std::cell::RefCell<Option<std::collections::HashMap<String, std::time::Duration>>> =
        const { std::cell::RefCell::new(None) };
}

fn fire<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
) -> Result<(), Error> {
    if PROFILE.with(|p| p.borrow().is_some()) {
        let t = std::time::Instant::now();
        let r = fire_inner(rule, node, ev, out);
        let el = t.elapsed();
        PROFILE.with(|p| {
            if let Some(m) = p.borrow_mut().as_mut() {
                *m.entry(rule.context.clone()).or_default() += el;
            }
        });
        return r;
    }
    fire_inner(rule, node, ev, out)
}

fn fire_inner<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
) -> Result<(), Error> {
    ev.current = Some(node);
    let focus = Focus::node_focus(node);
    let mark = ev.vars_len();
    let result = fire_actions(rule, node, &focus, ev, out);
    ev.truncate_vars(mark);
    result
}

fn fire_actions<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    focus: &Focus<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
) -> Result<(), Error> {
    for action in &rule.actions {
        match action {
            Action::Let(id, e) => {
                let v = ev.eval(e, focus).map_err(|source| Error::Evaluation {
                    rule: rule.context.clone(),
                    location: xpath_of(node),
                    source,
                })?;
                ev.push_var(*id, v);
            }
            Action::Check(c) => {
                let wrap = |source| Error::Evaluation {
                    rule: if c.id.is_empty() {
                        c.test_text.clone()
                    } else {
                        c.id.clone()
                    },
                    location: xpath_of(node),
                    source,
                };
                let b = match c.memo_key.map(|k| (k, ev.memo.get(k, node))) {
                    Some((_, Some(b))) => b,
                    Some((k, None)) => {
                        let b = ev.eval_bool(&c.test, focus).map_err(wrap)?;
                        ev.memo.put(k, node, b);
                        b
                    }
                    None => ev.eval_bool(&c.test, focus).map_err(wrap)?,
                };
                if b == c.report {
                    let message = render(c, focus, ev).map_err(wrap)?;
                    out.push(Hit {
                        check: c,
                        node,
                        message,
                    });
                }
            }
        }
    }
    Ok(())
}

fn render<'a>(
    c: &'a Check,
    focus: &Focus<'a>,
    ev: &mut Evaluator<'a>,
) -> Result<String, facturx_xpath::Error> {
    let mut s = String::new();
    for part in &c.message {
        match part {
            crate::schema::MessagePart::Text(t) => s.push_str(t),
            crate::schema::MessagePart::ValueOf(e) => {
                let v = ev.eval(e, focus)?;
                let parts: Vec<String> =
                    atomize(v).iter().map(|a| a.to_str().into_owned()).collect();
                s.push_str(&parts.join(" "));
            }
        }
    }
    Ok(normalize_space(&s))
}
