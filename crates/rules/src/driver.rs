//! Runs a compiled schematron over a document, as the XSLT would: for each
//! pattern (mode), walk the tree in document order and fire, on each node,
//! the highest-priority rule whose context matches it.

use facturx_xpath::names::NameTable;
use facturx_xpath::{Evaluator, Focus, Memo, XNode, atomize, normalize_space};

use crate::error::Error;
use crate::location::xpath_of;
use crate::pattern::Alternative;
use crate::plan_cache::{self, Candidate, DOCUMENT_PATH};
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

/// One rule set to run: its compiled schema and the documents its
/// `document()` calls may load.
pub type Target<'a> = (
    &'a Schema,
    &'a [(&'static str, facturx_xpath::tree::Document<'static>)],
);

/// Runs every pattern of every target on `root` (a document node) in one
/// walk, and returns the hits of each target.
///
/// The sets advance through the tree together so that a question two of
/// them ask of the same node (the Factur-X EN16931 file repeats about half
/// of the CEN tests) is answered once: the memo only ever holds the answers
/// about the node being visited, so it stays small whatever the document.
pub fn run<'a>(
    targets: &[Target<'a>],
    root: facturx_xpath::tree::Node<'a, 'a>,
    names: &'a NameTable,
) -> Result<Vec<Vec<Hit<'a>>>, Error> {
    let root = XNode::new(root);
    let mut runs = Vec::with_capacity(targets.len());
    for &(schema, documents) in targets {
        runs.push(Run::start(schema, documents, root, names)?);
    }
    let mut memo = Memo::default();
    // One walk serves every pattern: XSLT visits every element once per
    // mode, and each mode's verdict on a node is independent of the
    // others, so the modes (and the sets) can share the walk (the order of
    // the hits differs from Saxon's mode-major order; reports are sorted).
    for r in &mut runs {
        r.with_memo(&mut memo, |r| r.visit_document(root))?;
    }
    for child in root
        .node
        .children()
        .filter(facturx_xpath::tree::Node::is_element)
    {
        walk(&mut runs, XNode::new(child), Some(DOCUMENT_PATH), &mut memo)?;
    }
    Ok(runs.into_iter().map(|r| r.out).collect())
}

/// Visits `node` and its descendants; `parent_path` is the path number of
/// its parent (`None` once the path table is full).
fn walk<'a>(
    runs: &mut [Run<'a>],
    node: XNode<'a>,
    parent_path: Option<u32>,
    memo: &mut Memo,
) -> Result<(), Error> {
    memo.clear();
    let tag = node.node.tag_name();
    let path = parent_path
        .and_then(|p| plan_cache::child_path(p, tag.namespace().unwrap_or(""), tag.name()));
    for r in runs.iter_mut() {
        r.with_memo(memo, |r| r.visit(node, path))?;
    }
    for child in node
        .node
        .children()
        .filter(facturx_xpath::tree::Node::is_element)
    {
        walk(runs, XNode::new(child), path, memo)?;
    }
    Ok(())
}

/// One set's evaluator and hits during a walk.
struct Run<'a> {
    schema: &'a Schema,
    ev: Evaluator<'a>,
    out: Vec<Hit<'a>>,
    /// Per mode, during a visit: whether its rule for the element visits
    /// the attributes (`None`: no rule matched).
    chosen: Vec<(usize, Option<bool>)>,
}

impl<'a> Run<'a> {
    fn start(
        schema: &'a Schema,
        documents: &'a [(&'static str, facturx_xpath::tree::Document<'static>)],
        root: XNode<'a>,
        names: &'a NameTable,
    ) -> Result<Self, Error> {
        let mut ev = Evaluator::new(&schema.functions);
        ev.add_names(names);
        for (name, d) in documents {
            ev.add_document(name, XNode::new(d.root()));
        }
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
        Ok(Run {
            schema,
            ev,
            out: Vec::new(),
            chosen: Vec::new(),
        })
    }

    /// Runs `f` with the shared memo lent to this set's evaluator.
    fn with_memo(
        &mut self,
        memo: &mut Memo,
        f: impl FnOnce(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        std::mem::swap(&mut self.ev.memo, memo);
        let r = f(self);
        std::mem::swap(&mut self.ev.memo, memo);
        r
    }

    fn visit_document(&mut self, root: XNode<'a>) -> Result<(), Error> {
        let schema = self.schema;
        for &m in &schema.document_modes {
            if let Some(mode) = schema.modes.get(m) {
                if let Some(rule) = find_rule(mode, root, &mut self.ev)? {
                    fire(rule, root, &mut self.ev, &mut self.out)?;
                }
            }
        }
        Ok(())
    }

    /// Fires, on one element and its attributes, the rule each mode picks.
    fn visit(&mut self, node: XNode<'a>, path: Option<u32>) -> Result<(), Error> {
        let schema = self.schema;
        // What each mode's rule says about visiting attributes, for the
        // attribute pass below (a mode without a rule here uses its default).
        let with_attributes = node.node.attributes().len() > 0;
        self.chosen.clear();
        let cached = path.and_then(|p| plan_cache::candidates(schema, p, node, &mut self.ev));
        let (ev, out, chosen) = (&mut self.ev, &mut self.out, &mut self.chosen);
        let mut apply = |mode: usize, rule: Option<&'a Rule>, ev: &mut Evaluator<'a>| {
            if let Some(rule) = rule {
                fire(rule, node, ev, out)?;
            }
            if with_attributes {
                chosen.push((mode, rule.map(|r| r.visits_attributes)));
            }
            Ok::<(), Error>(())
        };
        if let Some(modes) = cached {
            for mc in modes.iter() {
                if let Some(mode) = schema.modes.get(mc.mode) {
                    apply(
                        mc.mode,
                        first_candidate(mode, &mc.candidates, node, ev)?,
                        ev,
                    )?;
                }
            }
        } else {
            for plan in schema.element_plan(node.node.tag_name().name()) {
                if let Some(mode) = schema.modes.get(plan.mode) {
                    let rule = first_match(mode, plan.rules.iter().copied(), node, ev)?;
                    apply(plan.mode, rule, ev)?;
                }
            }
        }
        if with_attributes {
            for &m in &schema.attribute_modes {
                let Some(mode) = schema.modes.get(m) else {
                    continue;
                };
                let visits = self
                    .chosen
                    .iter()
                    .find(|(cm, _)| *cm == m)
                    .and_then(|(_, v)| *v)
                    .unwrap_or(mode.default_visits_attributes);
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
        Ok(())
    }
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
    first_match(mode, merged(named, any), node, ev)
}

/// The first of `candidates` (rule indexes of `mode`, in priority order)
/// whose pattern matches `node`.
fn first_match<'a>(
    mode: &'a Mode,
    candidates: impl IntoIterator<Item = usize>,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> Result<Option<&'a Rule>, Error> {
    for next in candidates {
        let Some(rule) = mode.rules.get(next) else {
            continue;
        };
        for alt in &rule.pattern.alternatives {
            if alternative_matches(mode, rule, alt, node, ev)? {
                return Ok(Some(rule));
            }
        }
    }
    Ok(None)
}

fn alternative_matches<'a>(
    mode: &'a Mode,
    rule: &'a Rule,
    alt: &'a Alternative,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> Result<bool, Error> {
    alt.matches(node, ev).map_err(|source| Error::Evaluation {
        rule: format!("{} {}", mode.name, rule.context),
        location: xpath_of(node),
        source,
    })
}

/// The rule of the first of `candidates` (see `plan_cache.rs`) that
/// matches `node`: a certain one matches on names, the others are tested.
fn first_candidate<'a>(
    mode: &'a Mode,
    candidates: &[Candidate],
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
) -> Result<Option<&'a Rule>, Error> {
    for c in candidates {
        let Some(rule) = mode.rules.get(c.rule) else {
            continue;
        };
        if c.certain {
            return Ok(Some(rule));
        }
        let Some(alt) = rule.pattern.alternatives.get(c.alternative) else {
            continue;
        };
        if alternative_matches(mode, rule, alt, node, ev)? {
            return Ok(Some(rule));
        }
    }
    Ok(None)
}

/// The union of two ascending index lists, ascending, each index once.
pub(crate) fn merged<'s>(a: &'s [usize], b: &'s [usize]) -> impl Iterator<Item = usize> + 's {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        Some(match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                if x == y {
                    j += 1;
                }
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => return None,
        })
    })
}

thread_local! {
    /// Time spent per rule context, when profiling (see `RuleSet::profile`).
    pub(crate) static PROFILE: std::cell::RefCell<Option<std::collections::HashMap<String, std::time::Duration>>> =
        const { std::cell::RefCell::new(None) };
}

fn profiling() -> bool {
    PROFILE.with(|p| p.borrow().is_some())
}

fn fire<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
) -> Result<(), Error> {
    if profiling() {
        let t = std::time::Instant::now();
        let r = fire_inner(rule, node, ev, out, true);
        let el = t.elapsed();
        PROFILE.with(|p| {
            if let Some(m) = p.borrow_mut().as_mut() {
                *m.entry(rule.context.clone()).or_default() += el;
            }
        });
        return r;
    }
    fire_inner(rule, node, ev, out, false)
}

fn fire_inner<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
    profile: bool,
) -> Result<(), Error> {
    ev.current = Some(node);
    let focus = Focus::node_focus(node);
    let mark = ev.vars_len();
    let result = fire_actions(rule, node, &focus, ev, out, profile);
    ev.truncate_vars(mark);
    result
}

/// Runs the rule body; `profile` adds each check's time to [`PROFILE`].
fn fire_actions<'a>(
    rule: &'a Rule,
    node: XNode<'a>,
    focus: &Focus<'a>,
    ev: &mut Evaluator<'a>,
    out: &mut Vec<Hit<'a>>,
    profile: bool,
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
                let started = profile.then(std::time::Instant::now);
                let b = match c.memo_key.map(|k| (k, ev.memo.get(k, node))) {
                    Some((_, Some(b))) => b,
                    Some((k, None)) => {
                        let b = ev.eval_bool(&c.test, focus).map_err(wrap)?;
                        ev.memo.put(k, node, b);
                        b
                    }
                    None => ev.eval_bool(&c.test, focus).map_err(wrap)?,
                };
                if let Some(t) = started {
                    let el = t.elapsed();
                    PROFILE.with(|p| {
                        if let Some(m) = p.borrow_mut().as_mut() {
                            let id = if c.id.is_empty() { &c.test_text } else { &c.id };
                            *m.entry(format!("  check {id}")).or_default() += el;
                        }
                    });
                }
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
