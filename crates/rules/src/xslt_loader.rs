//! Reads an ISO-skeleton compiled schematron (XSLT 2.0) into a [`Schema`].
//!
//! Only the structure these generated files have is accepted: a root
//! template that applies one mode per pattern, one template per rule with
//! `xsl:variable` lets, `xsl:choose` asserts and `xsl:if` reports, global
//! variables, and `xsl:function`s. Anything else is an error, so a new
//! release using a new construct fails loudly instead of being skipped.

use rustc_hash::FxHashMap as HashMap;

use facturx_xpath::ast::{AtomicType, ItemType, Occurrence, SeqType};
use facturx_xpath::tree::{Document, Node, ParsingOptions};
use facturx_xpath::{Expr, Function, StaticContext, compile};

use crate::error::Error;
use crate::pattern::{Pattern, Target};
use crate::schema::{Action, Check, MessagePart, Mode, ModePlan, Rule, Schema};

const XSL: &str = "http://www.w3.org/1999/XSL/Transform";
const SVRL: &str = "http://purl.oclc.org/dsdl/svrl";

fn is_xsl(n: Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(XSL) && n.tag_name().name() == name
}

fn is_svrl(n: Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(SVRL) && n.tag_name().name() == name
}

struct Loader<'d> {
    set: &'static str,
    ctx: StaticContext,
    docs: &'d [(&'d str, &'d facturx_xpath::tree::Document<'d>)],
}

impl Loader<'_> {
    fn err(&self, message: String) -> Error {
        Error::Stylesheet {
            set: self.set,
            message,
        }
    }

    fn compile(&mut self, text: &str) -> Result<Expr, Error> {
        compile(text, &mut self.ctx).map_err(|e| self.err(format!("{e} in {text:?}")))
    }
}

/// Loads a compiled schematron.
pub fn load(
    set: &'static str,
    xslt: &str,
    docs: &[(&str, &facturx_xpath::tree::Document<'_>)],
) -> Result<Schema, Error> {
    let opts = ParsingOptions {
        nodes_limit: 10_000_000,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(xslt, opts)?;
    let root = doc.root_element();
    let mut loader = Loader {
        set,
        ctx: StaticContext::new(),
        docs,
    };
    for ns in root.namespaces() {
        if let Some(p) = ns.name() {
            loader.ctx.bind_namespace(p, ns.uri());
        }
    }
    // Function signatures first, so bodies and rules can call them.
    let fn_nodes: Vec<Node<'_, '_>> = root.children().filter(|n| is_xsl(*n, "function")).collect();
    for (idx, f) in fn_nodes.iter().enumerate() {
        let name = f.attribute("name").unwrap_or("");
        let (prefix, local) = name
            .split_once(':')
            .ok_or_else(|| loader.err(format!("function {name:?} without a prefix")))?;
        let ns = f
            .lookup_namespace_uri(Some(prefix))
            .ok_or_else(|| loader.err(format!("unbound prefix in function {name}")))?
            .to_string();
        loader.ctx.bind_namespace(prefix, &ns);
        let arity = f.children().filter(|c| is_xsl(*c, "param")).count();
        loader.ctx.declare_function(&ns, local, arity, idx);
    }
    let mut functions = Vec::new();
    for f in &fn_nodes {
        functions.push(load_function(&mut loader, *f)?);
    }
    // Global variables.
    let mut globals = Vec::new();
    for v in root.children().filter(|n| is_xsl(*n, "variable")) {
        let name = v.attribute("name").unwrap_or("");
        let id = loader.ctx.var_id(name);
        let expr = match v.attribute("select") {
            Some(sel) => loader.compile(sel)?,
            // `document-uri` and similar content-built variables: only used in output.
            None => Expr::Str(String::new()),
        };
        globals.push((id, expr));
    }
    for p in root.children().filter(|n| is_xsl(*n, "param")) {
        let id = loader.ctx.var_id(p.attribute("name").unwrap_or(""));
        globals.push((id, Expr::Str(String::new())));
    }
    // Mode order from the root template.
    let root_template = root
        .children()
        .find(|n| {
            is_xsl(*n, "template")
                && n.attribute("match") == Some("/")
                && n.attribute("mode").is_none()
        })
        .ok_or_else(|| loader.err("no root template".into()))?;
    let mut mode_names: Vec<String> = Vec::new();
    for n in root_template.descendants() {
        if is_xsl(n, "apply-templates") && n.attribute("select") == Some("/") {
            if let Some(m) = n.attribute("mode") {
                mode_names.push(m.to_string());
            }
        }
    }
    let mut modes: Vec<Mode> = mode_names
        .iter()
        .map(|m| Mode {
            name: m.clone(),
            rules: vec![],
            default_visits_attributes: false,
            by_element: HashMap::default(),
            any_element: vec![],
            by_attribute: HashMap::default(),
            any_attribute: vec![],
            document: vec![],
            has_attribute_rules: false,
        })
        .collect();
    let mode_index: std::collections::HashMap<String, usize> = mode_names
        .iter()
        .enumerate()
        .map(|(i, m)| (m.clone(), i))
        .collect();
    for t in root.children().filter(|n| is_xsl(*n, "template")) {
        let Some(mode_name) = t.attribute("mode") else {
            continue;
        };
        let Some(&mi) = mode_index.get(mode_name) else {
            continue;
        };
        let priority: f64 = t
            .attribute("priority")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0.0);
        let m = t.attribute("match").unwrap_or("");
        let visits_attributes = t
            .children()
            .filter(|c| is_xsl(*c, "apply-templates"))
            .any(|c| c.attribute("select").is_some_and(|s| s.contains("@*")));
        if priority < 0.0 {
            // Built-in templates of the skeleton: text() does nothing,
            // `@*|node()` walks on.
            if m.contains("node()") {
                if let Some(mode) = modes.get_mut(mi) {
                    mode.default_visits_attributes = visits_attributes;
                }
            }
            continue;
        }
        let rule = load_rule(&mut loader, t, m, priority, visits_attributes)?;
        if let Some(mode) = modes.get_mut(mi) {
            mode.rules.push(rule);
        }
    }
    for mode in &mut modes {
        index_mode(mode);
    }
    let mut element_plans: HashMap<String, Vec<ModePlan>> = HashMap::default();
    let (mut any_element_plan, mut attribute_modes, mut document_modes) = (vec![], vec![], vec![]);
    let names: std::collections::BTreeSet<&String> =
        modes.iter().flat_map(|m| m.by_element.keys()).collect();
    for name in names {
        let plans = modes
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let named = m.by_element.get(name).map_or(&[][..], Vec::as_slice);
                let rules: Vec<usize> = crate::driver::merged(named, &m.any_element).collect();
                (!rules.is_empty()).then_some(ModePlan { mode: i, rules })
            })
            .collect();
        element_plans.insert(name.clone(), plans);
    }
    for (i, m) in modes.iter().enumerate() {
        if !m.any_element.is_empty() {
            any_element_plan.push(ModePlan {
                mode: i,
                rules: m.any_element.clone(),
            });
        }
        if m.has_attribute_rules {
            attribute_modes.push(i);
        }
        if !m.document.is_empty() {
            document_modes.push(i);
        }
    }
    Ok(Schema {
        name: set,
        serial: crate::plan_cache::next_schema_serial(),
        modes,
        functions,
        globals,
        context: loader.ctx,
        element_plans,
        any_element_plan,
        attribute_modes,
        document_modes,
    })
}

fn index_mode(mode: &mut Mode) {
    // Highest priority first; stable for equal priorities (document order,
    // as XSLT processors that do not report the conflict pick the last one,
    // but the skeleton never emits equal priorities within a mode).
    mode.rules.sort_by(|a, b| b.priority.total_cmp(&a.priority));
    for (i, r) in mode.rules.iter().enumerate() {
        for alt in &r.pattern.alternatives {
            let list = match alt.target() {
                Target::Element(_, l) => mode.by_element.entry(l).or_default(),
                Target::AnyElement => &mut mode.any_element,
                Target::Attribute(_, l) => mode.by_attribute.entry(l).or_default(),
                Target::AnyAttribute => &mut mode.any_attribute,
                Target::Document => &mut mode.document,
            };
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    mode.has_attribute_rules = !mode.by_attribute.is_empty() || !mode.any_attribute.is_empty();
}

fn load_function(loader: &mut Loader<'_>, f: Node<'_, '_>) -> Result<Function, Error> {
    let name = f.attribute("name").unwrap_or("").to_string();
    let mut params = Vec::new();
    let mut lets = Vec::new();
    let mut body = None;
    for c in f.children().filter(Node::is_element) {
        if is_xsl(c, "param") {
            let id = loader.ctx.var_id(c.attribute("name").unwrap_or(""));
            let ty = c
                .attribute("as")
                .map(|t| parse_seq_type(loader, t))
                .transpose()?;
            params.push((id, ty));
        } else if is_xsl(c, "variable") {
            let id = loader.ctx.var_id(c.attribute("name").unwrap_or(""));
            let sel = c
                .attribute("select")
                .ok_or_else(|| loader.err(format!("variable without select in {name}")))?;
            lets.push((id, loader.compile(sel)?));
        } else if is_xsl(c, "sequence") {
            let sel = c
                .attribute("select")
                .ok_or_else(|| loader.err(format!("sequence without select in {name}")))?;
            body = Some(loader.compile(sel)?);
        } else {
            return Err(loader.err(format!(
                "unsupported instruction {} in function {name}",
                c.tag_name().name()
            )));
        }
    }
    let body = body.ok_or_else(|| loader.err(format!("function {name} has no xsl:sequence")))?;
    Ok(Function {
        name,
        params,
        lets,
        body,
    })
}

fn parse_seq_type(loader: &Loader<'_>, t: &str) -> Result<SeqType, Error> {
    let t = t.trim();
    let (base, occurrence) = match t.chars().last() {
        Some('?') => (&t[..t.len() - 1], Occurrence::Optional),
        Some('*') => (&t[..t.len() - 1], Occurrence::Many),
        Some('+') => (&t[..t.len() - 1], Occurrence::OneOrMore),
        _ => (t, Occurrence::One),
    };
    let item = match base {
        "element()" => ItemType::Node(facturx_xpath::ast::KindTest::Element),
        "node()" => ItemType::Node(facturx_xpath::ast::KindTest::AnyNode),
        "item()" => ItemType::Item,
        "xs:string" => ItemType::Atomic(AtomicType::String),
        "xs:boolean" => ItemType::Atomic(AtomicType::Boolean),
        "xs:decimal" => ItemType::Atomic(AtomicType::Decimal),
        "xs:integer" => ItemType::Atomic(AtomicType::Integer),
        "xs:double" => ItemType::Atomic(AtomicType::Double),
        other => return Err(loader.err(format!("unsupported parameter type {other}"))),
    };
    Ok(SeqType {
        item: Some(item),
        occurrence,
    })
}

fn load_rule(
    loader: &mut Loader<'_>,
    t: Node<'_, '_>,
    m: &str,
    priority: f64,
    visits_attributes: bool,
) -> Result<Rule, Error> {
    let pexpr = loader.compile(m)?;
    let pattern = Pattern::from_expr(&pexpr).map_err(|e| loader.err(format!("{e} in {m:?}")))?;
    let mut actions = Vec::new();
    for c in t.children().filter(Node::is_element) {
        if is_svrl(c, "fired-rule") || is_xsl(c, "apply-templates") {
            continue;
        }
        if is_xsl(c, "variable") {
            let id = loader.ctx.var_id(c.attribute("name").unwrap_or(""));
            let expr = match c.attribute("select") {
                Some(sel) => loader.compile(sel)?,
                None => Expr::Str(c.text().unwrap_or("").to_string()),
            };
            actions.push(Action::Let(id, expr));
        } else if is_xsl(c, "choose") {
            let when = c
                .children()
                .find(|n| is_xsl(*n, "when"))
                .ok_or_else(|| loader.err(format!("choose without when in rule {m}")))?;
            let test = when.attribute("test").unwrap_or("");
            let assert = c
                .children()
                .find(|n| is_xsl(*n, "otherwise"))
                .and_then(|o| o.children().find(|n| is_svrl(*n, "failed-assert")))
                .ok_or_else(|| loader.err(format!("choose without failed-assert in rule {m}")))?;
            actions.push(Action::Check(load_check(loader, test, assert, false)?));
        } else if is_xsl(c, "if") {
            let test = c.attribute("test").unwrap_or("");
            let report = c
                .children()
                .find(|n| is_svrl(*n, "successful-report"))
                .ok_or_else(|| loader.err(format!("if without successful-report in rule {m}")))?;
            actions.push(Action::Check(load_check(loader, test, report, true)?));
        } else {
            return Err(loader.err(format!(
                "unsupported instruction {} in rule {m}",
                c.tag_name().name()
            )));
        }
    }
    Ok(Rule {
        context: m.to_string(),
        pattern,
        priority,
        actions,
        visits_attributes,
    })
}

fn load_check(
    loader: &mut Loader<'_>,
    test: &str,
    el: Node<'_, '_>,
    report: bool,
) -> Result<Check, Error> {
    let mut id = el.attribute("id").unwrap_or("").to_string();
    let mut flag = el.attribute("flag").unwrap_or("").to_string();
    let mut message = Vec::new();
    for c in el.children().filter(Node::is_element) {
        if is_xsl(c, "attribute") {
            let text: String = c.children().filter_map(|t| t.text()).collect();
            match c.attribute("name") {
                Some("id") => id = text.trim().to_string(),
                Some("flag") => flag = text.trim().to_string(),
                _ => {}
            }
        } else if is_svrl(c, "text") {
            for part in c.children() {
                if part.is_text() {
                    let t = part.text().unwrap_or("");
                    if !t.trim().is_empty() {
                        message.push(MessagePart::Text(t.to_string()));
                    }
                } else if is_xsl(part, "value-of") {
                    let sel = part.attribute("select").unwrap_or("''");
                    message.push(MessagePart::ValueOf(loader.compile(sel)?));
                } else if is_xsl(part, "text") {
                    let t = part.text().unwrap_or("");
                    if !t.is_empty() {
                        message.push(MessagePart::Text(t.to_string()));
                    }
                }
            }
        }
    }
    let mut compiled = loader.compile(test)?;
    crate::codedb::rewrite(&mut compiled, loader.docs);
    Ok(Check {
        test_text: test.to_string(),
        memo_key: crate::memo::key(&compiled),
        test: compiled,
        report,
        id,
        flag,
        message,
    })
}
