//! XSLT match patterns: compiled from their XPath form and matched from the
//! node upwards, as an XSLT processor does.

use facturx_xpath::ast::{Axis, Expr, KindTest, NodeTest, Path, PathStart, Step};
use facturx_xpath::{Error as XPathError, Evaluator, Focus, NamePredicate, XNode};

/// A union of alternatives.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The alternatives (`a | b`).
    pub alternatives: Vec<Alternative>,
}

/// How the first step of an alternative is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `/a/b`: the first step's parent is the document node.
    Root,
    /// `//a/b`: anywhere in a document.
    AnyDepth,
    /// `a/b`: anywhere.
    Relative,
}

/// One path alternative of a pattern.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// How the first step is anchored.
    pub anchor: Anchor,
    /// Steps, first to last; `true` in `.0` when a `//` precedes the step.
    pub steps: Vec<PatternStep>,
    /// Matches only the document node (`/`).
    pub document_node: bool,
}

/// One step of a pattern.
#[derive(Debug, Clone)]
pub struct PatternStep {
    /// `//` before this step (any ancestor instead of the parent).
    pub descendant: bool,
    /// Attribute step.
    pub attribute: bool,
    /// The node test.
    pub test: NodeTest,
    /// Predicates.
    pub predicates: Vec<PatternPredicate>,
}

/// A predicate of a pattern step, classified once at compile time.
#[derive(Debug, Clone)]
pub struct PatternPredicate {
    /// The compiled predicate.
    pub expr: Expr,
    /// True when it may select by position (a number): evaluated as a
    /// value, otherwise as a boolean.
    pub positional: bool,
    /// Its memo key (see `memo.rs`); never for a positional predicate.
    pub key: Option<u32>,
    /// Its name-only form, when it looks at the element's name alone.
    pub name_only: Option<NamePredicate>,
}

/// What the last step of an alternative can match, for indexing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Elements with this (namespace, local name).
    Element(String, String),
    /// Any element (or any node).
    AnyElement,
    /// Attributes with this name.
    Attribute(String, String),
    /// Any attribute.
    AnyAttribute,
    /// The document node.
    Document,
}

impl Pattern {
    /// Builds a pattern from its compiled XPath form.
    pub fn from_expr(e: &Expr) -> Result<Pattern, String> {
        let mut alternatives = Vec::new();
        collect(e, &mut alternatives)?;
        Ok(Pattern { alternatives })
    }
}

fn collect(e: &Expr, out: &mut Vec<Alternative>) -> Result<(), String> {
    match e {
        Expr::Union(a, b) => {
            collect(a, out)?;
            collect(b, out)
        }
        Expr::Path(p) => {
            out.push(alternative(p)?);
            Ok(())
        }
        other => Err(format!("unsupported pattern {other:?}")),
    }
}

fn alternative(p: &Path) -> Result<Alternative, String> {
    let mut anchor = match p.start {
        PathStart::Root => Anchor::Root,
        PathStart::Context => Anchor::Relative,
        PathStart::Expr(_) => return Err("pattern starting with an expression".into()),
    };
    if p.steps.is_empty() {
        return Ok(Alternative {
            anchor,
            steps: vec![],
            document_node: true,
        });
    }
    let mut steps: Vec<PatternStep> = Vec::new();
    let mut pending_descendant = false;
    for (i, s) in p.steps.iter().enumerate() {
        let Step::Axis(axis, test, preds) = s else {
            return Err("pattern step is not an axis step".into());
        };
        match axis {
            Axis::DescendantOrSelf
                if *test == NodeTest::Kind(KindTest::AnyNode) && preds.is_empty() =>
            {
                pending_descendant = true;
                continue;
            }
            Axis::Child | Axis::Attribute | Axis::Descendant => {}
            other => return Err(format!("unsupported axis {other:?} in pattern")),
        }
        let descendant = pending_descendant || *axis == Axis::Descendant;
        pending_descendant = false;
        if descendant && i <= 1 && steps.is_empty() && anchor == Anchor::Root {
            anchor = Anchor::AnyDepth;
        }
        let first = steps.is_empty();
        steps.push(PatternStep {
            descendant: descendant && !(first && anchor == Anchor::AnyDepth),
            attribute: *axis == Axis::Attribute,
            test: test.clone(),
            predicates: preds
                .iter()
                .map(|p| {
                    let positional = p.maybe_numeric();
                    let name_only = NamePredicate::compile(p);
                    PatternPredicate {
                        expr: p.clone(),
                        positional,
                        // The name answers faster than a memo lookup.
                        key: if positional || name_only.is_some() {
                            None
                        } else {
                            crate::memo::key(p)
                        },
                        name_only,
                    }
                })
                .collect(),
        });
    }
    Ok(Alternative {
        anchor,
        steps,
        document_node: false,
    })
}

impl Alternative {
    /// What the last step matches.
    pub fn target(&self) -> Target {
        if self.document_node {
            return Target::Document;
        }
        let Some(last) = self.steps.last() else {
            return Target::Document;
        };
        match (&last.test, last.attribute) {
            (
                NodeTest::Name {
                    ns: Some(ns),
                    local: Some(l),
                    ..
                },
                false,
            ) => Target::Element(ns.clone(), l.clone()),
            (
                NodeTest::Name {
                    ns: Some(ns),
                    local: Some(l),
                    ..
                },
                true,
            ) => Target::Attribute(ns.clone(), l.clone()),
            (_, true) => Target::AnyAttribute,
            (_, false) => Target::AnyElement,
        }
    }

    /// True if `node` matches this alternative.
    pub fn matches<'a>(
        &'a self,
        node: XNode<'a>,
        ev: &mut Evaluator<'a>,
    ) -> Result<bool, XPathError> {
        if self.document_node {
            return Ok(!node.is_attribute() && node.node.parent().is_none());
        }
        match self.steps.len().checked_sub(1) {
            // Names first: a predicate is evaluated only on a node whose
            // name and fixed ancestry fit (most candidates fail there).
            Some(last) if self.names_fit(last, node, ev) => self.match_from(last, node, ev),
            _ => Ok(false),
        }
    }

    /// Whether the name tests of steps `..=i` fit `node` and its
    /// ancestors, as far as the path fixes them (up to the first `//`),
    /// and the anchor; predicates are not looked at. Evaluation order
    /// does not change a match: a predicate's error means no match.
    /// Whether the names of `node` and the ancestors the pattern fixes
    /// can fit it (no predicate is evaluated): false rules the match out.
    pub(crate) fn names_could_fit<'a>(&'a self, node: XNode<'a>, ev: &Evaluator<'a>) -> bool {
        if self.document_node {
            return !node.is_attribute() && node.node.parent().is_none();
        }
        match self.steps.len().checked_sub(1) {
            Some(last) => self.names_fit(last, node, ev),
            None => false,
        }
    }

    /// True when no predicate reads more than the name of its node.
    pub(crate) fn names_only(&self) -> bool {
        self.steps
            .iter()
            .all(|s| s.predicates.iter().all(|p| p.name_only.is_some()))
    }

    fn names_fit<'a>(&'a self, mut i: usize, mut node: XNode<'a>, ev: &Evaluator<'a>) -> bool {
        loop {
            let Some(step) = self.steps.get(i) else {
                return false;
            };
            if !step_passes(step, node, ev) {
                return false;
            }
            let Some(parent) = node.parent() else {
                return false;
            };
            if i == 0 {
                return match self.anchor {
                    Anchor::Root => parent.node.parent().is_none() && !parent.is_attribute(),
                    Anchor::AnyDepth | Anchor::Relative => true,
                };
            }
            if step.descendant {
                return true;
            }
            i -= 1;
            node = parent;
        }
    }

    /// Whether `node` matches steps `..=i`, given that
    /// [`names_fit`](Self::names_fit) holds for them: only the predicates
    /// and the ancestors past a `//` remain to be checked.
    fn match_from<'a>(
        &'a self,
        i: usize,
        node: XNode<'a>,
        ev: &mut Evaluator<'a>,
    ) -> Result<bool, XPathError> {
        let Some(step) = self.steps.get(i) else {
            return Ok(false);
        };
        if !predicates_hold(step, node, ev) {
            return Ok(false);
        }
        let Some(prev) = i.checked_sub(1) else {
            // The first step: `names_fit` checked the anchor.
            return Ok(true);
        };
        let Some(parent) = node.parent() else {
            return Ok(false);
        };
        if step.descendant {
            let mut cur = Some(parent);
            while let Some(a) = cur {
                if self.names_fit(prev, a, ev) && self.match_from(prev, a, ev)? {
                    return Ok(true);
                }
                cur = a.parent();
            }
            Ok(false)
        } else {
            self.match_from(prev, parent, ev)
        }
    }
}

/// Whether the predicates of `step` hold on `node`.
fn predicates_hold<'a>(step: &'a PatternStep, node: XNode<'a>, ev: &mut Evaluator<'a>) -> bool {
    for PatternPredicate {
        expr: p,
        positional,
        key,
        name_only,
    } in &step.predicates
    {
        if let Some(keep) = name_only.as_ref().and_then(|np| np.test(node)) {
            if !keep {
                return false;
            }
            continue;
        }
        if let Some(k) = *key {
            if let Some(keep) = ev.memo.get(k, node) {
                if !keep {
                    return false;
                }
                continue;
            }
        }
        let focus = Focus::node_focus(node);
        let vars = ev.vars_len();
        let saved = ev.current;
        ev.current = Some(node);
        let keep = if *positional {
            ev.eval(p, &focus).and_then(|v| match v.as_slice() {
                [facturx_xpath::Item::Atomic(a)] if a.is_numeric() => {
                    // Positional predicate: position among same-test siblings.
                    let pos = position_among_siblings(step, node);
                    Ok(a.to_str() == pos.to_string())
                }
                _ => facturx_xpath::ebv(&v),
            })
        } else {
            ev.eval_bool(p, &focus)
        };
        ev.current = saved;
        // A dynamic error in a pattern means "no match" in XSLT 3.0
        // (5.5.4), and Saxon carries on: `udt:Indicator = false()` on
        // an indicator `TRUE` raises FORG0001 in a CEN context.
        let keep = keep.unwrap_or_else(|_| {
            ev.truncate_vars(vars);
            false
        });
        if let Some(k) = *key {
            ev.memo.put(k, node, keep);
        }
        if !keep {
            return false;
        }
    }
    true
}

/// The node test of `step` on `node`, from the name numbers when they
/// can tell.
fn step_passes(step: &PatternStep, node: XNode<'_>, ev: &Evaluator<'_>) -> bool {
    match ev.element_name_is(node, &step.test) {
        Some(known) => known && !step.attribute,
        None => step_test(step, node),
    }
}

fn step_test(step: &PatternStep, node: XNode<'_>) -> bool {
    if step.attribute != node.is_attribute() {
        return false;
    }
    match &step.test {
        NodeTest::Kind(k) => match k {
            KindTest::AnyNode => true,
            KindTest::Element => node.is_element(),
            KindTest::Attribute => node.is_attribute(),
            KindTest::Text => node.node.is_text(),
            KindTest::Comment => node.node.is_comment(),
            KindTest::Pi => node.node.is_pi(),
            KindTest::Document => node.node.parent().is_none(),
        },
        NodeTest::Any => node.is_attribute() || node.is_element(),
        NodeTest::Name { ns, local, .. } => match node.expanded_name() {
            Some((nns, nl)) if node.is_attribute() || node.is_element() => {
                ns.as_deref().is_none_or(|n| n == nns) && local.as_deref().is_none_or(|l| l == nl)
            }
            _ => false,
        },
    }
}

fn position_among_siblings(step: &PatternStep, node: XNode<'_>) -> usize {
    if node.is_attribute() {
        return 1;
    }
    1 + node
        .node
        .prev_siblings()
        .skip(1)
        .filter(|s| step_test(step, XNode::new(*s)))
        .count()
}
