//! Rule-guided mutants: read the asserts of an official compiled schematron
//! (context, test, ID), and derive from each one the edits of a valid invoice
//! that may make it fire: create the context when the sample lacks it, then
//! insert, duplicate, delete or fill with bad values the elements and
//! attributes its test names. A second family first switches the VAT
//! category of the whole invoice (lines, allowances and charges, breakdown)
//! to one of S, Z, E, AE, K, G, O, L, M and then applies the edits of the
//! rules of that category (BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG, BR-E,
//! BR-Z...).
//!
//! A mutant is named by its edit script (`Edit`s joined by ` ; `), so that a
//! selected mutant can be rebuilt from its name alone: the mutation test
//! keeps, per rule set, the scripts chosen by the regeneration mode in
//! `tests/mutants/<set>.txt` and rebuilds only those.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

/// Namespaces of the CII prefixes used by the rule files.
const NAMESPACES: [(&str, &str); 4] = [
    (
        "rsm",
        "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    ),
    (
        "ram",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    ),
    (
        "udt",
        "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    ),
    (
        "qdt",
        "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    ),
];

/// Whether `q` is `prefix:name` with a CII prefix.
fn known(q: &str) -> bool {
    q.split_once(':').is_some_and(|(p, n)| {
        namespace(p).is_some() && !n.is_empty() && n.chars().all(is_name_char)
    })
}

fn namespace(prefix: &str) -> Option<&'static str> {
    NAMESPACES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, u)| *u)
}

/// One assert or report of a compiled schematron.
#[derive(Debug, Clone)]
pub struct Check {
    /// The rule context (`match` of the template).
    pub context: String,
    /// The test.
    pub test: String,
    /// The rule ID (empty for the ID-less Factur-X reports).
    pub id: String,
    /// The rule's variables (`let`): (name, select).
    pub lets: Vec<(String, String)>,
}

/// Every assert and report of the compiled schematron `xslt`.
pub fn checks(xslt: &str) -> Vec<Check> {
    let doc = roxmltree::Document::parse(xslt).unwrap();
    let xsl = "http://www.w3.org/1999/XSL/Transform";
    let svrl = "http://purl.oclc.org/dsdl/svrl";
    let is = |n: roxmltree::Node<'_, '_>, ns: &str, name: &str| {
        n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
    };
    let id_of = |n: roxmltree::Node<'_, '_>| {
        n.children()
            .find(|c| is(*c, xsl, "attribute") && c.attribute("name") == Some("id"))
            .and_then(|c| c.text())
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    // Stylesheet functions with a single `xsl:sequence`: (name, params, body).
    let functions: Vec<(String, Vec<String>, String)> = doc
        .descendants()
        .filter(|n| is(*n, xsl, "function"))
        .filter_map(|f| {
            let params = f
                .children()
                .filter(|c| is(*c, xsl, "param"))
                .filter_map(|c| c.attribute("name").map(str::to_string))
                .collect();
            let body = f
                .children()
                .find(|c| is(*c, xsl, "sequence"))?
                .attribute("select")?;
            Some((f.attribute("name")?.to_string(), params, body.to_string()))
        })
        .collect();
    let mut out = Vec::new();
    for t in doc.descendants().filter(|n| is(*n, xsl, "template")) {
        let (Some(context), Some(mode)) = (t.attribute("match"), t.attribute("mode")) else {
            continue;
        };
        if !mode.starts_with('M') {
            continue;
        }
        let lets: Vec<(String, String)> = t
            .children()
            .filter(|c| is(*c, xsl, "variable"))
            .filter_map(|c| {
                Some((
                    c.attribute("name")?.to_string(),
                    c.attribute("select")?.to_string(),
                ))
            })
            .collect();
        for n in t.descendants() {
            let (test, out_node) = if is(n, xsl, "when") {
                let Some(o) = n
                    .next_sibling_element()
                    .filter(|o| is(*o, xsl, "otherwise"))
                else {
                    continue;
                };
                let Some(fa) = o.children().find(|c| is(*c, svrl, "failed-assert")) else {
                    continue;
                };
                (n.attribute("test"), fa)
            } else if is(n, xsl, "if") {
                let Some(sr) = n.children().find(|c| is(*c, svrl, "successful-report")) else {
                    continue;
                };
                (n.attribute("test"), sr)
            } else {
                continue;
            };
            let test = test.unwrap_or("");
            let mut lets = lets.clone();
            lets.extend(inlined_calls(test, &functions));
            out.push(Check {
                context: context.to_string(),
                test: test.to_string(),
                id: id_of(out_node),
                lets,
            });
        }
    }
    out
}

/// The bodies of the stylesheet functions that `test` calls, their
/// parameters replaced by the arguments (`custom:f(/rsm:X)` with body
/// `$context/ram:Y = 'v'` gives `/rsm:X/ram:Y = 'v'`), as pseudo
/// variables, so that their conditions count as the check's own.
fn inlined_calls(test: &str, functions: &[(String, Vec<String>, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, params, body) in functions {
        let call = format!("{name}(");
        let mut rest = test;
        while let Some(at) = rest.find(&call) {
            let args_start = at + call.len();
            let b: Vec<char> = rest[args_start..].chars().collect();
            let mut depth = 1;
            let mut end = 0;
            for (k, c) in b.iter().enumerate() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let args: String = b[..end].iter().collect();
            let mut inlined = body.clone();
            for (p, a) in params.iter().zip(split_top(&args, ',')) {
                inlined = inlined.replace(&format!("${p}"), a.trim());
            }
            out.push((format!("{name}()"), inlined));
            rest = &rest[args_start..];
        }
    }
    out
}

/// A path to an element (steps `prefix:name` with 1-based indexes) and
/// optionally one of its attributes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Path {
    /// (qualified name, index) from the root element down.
    pub steps: Vec<(String, usize)>,
    /// Attribute name, when the path ends on an attribute.
    pub attr: Option<String>,
}

impl Path {
    fn parse(s: &str) -> Path {
        let (el, attr) = match s.split_once("/@") {
            Some((e, a)) => (e, Some(a.to_string())),
            None => (s, None),
        };
        let steps = el
            .split('/')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('[') {
                Some((n, i)) => (n.to_string(), i.trim_end_matches(']').parse().unwrap()),
                None => (p.to_string(), 1),
            })
            .collect();
        Path { steps, attr }
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for (n, i) in &self.steps {
            s.push('/');
            s.push_str(n);
            if *i != 1 {
                s.push_str(&format!("[{i}]"));
            }
        }
        if let Some(a) = &self.attr {
            s.push_str("/@");
            s.push_str(a);
        }
        s
    }

    fn element(&self) -> Path {
        Path {
            steps: self.steps.clone(),
            attr: None,
        }
    }
}

/// The bad values an edit may put into an element or attribute.
const VALUES: [(&str, &str); 7] = [
    ("code", "ZZ9"),
    ("empty", ""),
    ("dec", "-1.12345"),
    (
        "long",
        "A123456789B123456789C123456789D123456789E123456789F123456789G123456789H123456789I123456789J123456789K123456789L123456789M123456789N123456789O123456789P123456789Q123456789R123456789S123456789T123456789U123456789V123456789W123456789X123456789Y123456789Z123456789a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789l123456789m123456789n123456789o123456789p123456789q123456789r123456789s123456789",
    ),
    ("spaced", "A 1"),
    ("date", "20231399"),
    ("high", "99991231"),
];

fn value(code: &str) -> &'static str {
    VALUES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("unknown value code {code}"))
}

/// The VAT categories of the category switch.
pub const VAT_CATEGORIES: [&str; 9] = ["S", "Z", "E", "AE", "K", "G", "O", "L", "M"];

// ---------------------------------------------------------------------------
// Text edits located with roxmltree.

fn splice(src: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut s = String::with_capacity(src.len() + with.len());
    s.push_str(&src[..range.start]);
    s.push_str(with);
    s.push_str(&src[range.end..]);
    s
}

fn matches_step(n: roxmltree::Node<'_, '_>, qname: &str) -> bool {
    if !n.is_element() {
        return false;
    }
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    n.tag_name().name() == local && n.tag_name().namespace() == namespace(prefix)
}

/// The node at `steps`, if present.
fn find<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    steps: &[(String, usize)],
) -> Option<roxmltree::Node<'a, 'i>> {
    let root = doc.root_element();
    let ((first, _), rest) = steps.split_first()?;
    if !matches_step(root, first) {
        return None;
    }
    let mut n = root;
    for (q, i) in rest {
        n = n.children().filter(|c| matches_step(*c, q)).nth(i - 1)?;
    }
    Some(n)
}

/// Inserts `content` as the last child of `parent`.
fn append_child(src: &str, parent: roxmltree::Node<'_, '_>, content: &str) -> String {
    let r = parent.range();
    let text = &src[r.clone()];
    if text.ends_with("/>") {
        let close = format!(
            "</{}>",
            &text[1..text.find(|c: char| c.is_whitespace() || c == '/').unwrap()]
        );
        return splice(src, r.end - 2..r.end, &format!(">{content}{close}"));
    }
    let at = r.start + text.rfind("</").unwrap();
    splice(src, at..at, content)
}

/// Makes sure the element of `path` exists (creating the missing elements
/// as last children, empty); returns the new text.
fn ensure(src: &str, path: &Path) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let root = doc.root_element();
    if path.steps.is_empty() || !matches_step(root, &path.steps[0].0) {
        return src.to_string();
    }
    let mut n = root;
    for (k, (q, i)) in path.steps.iter().enumerate().skip(1) {
        let existing: Vec<_> = n.children().filter(|c| matches_step(*c, q)).collect();
        if let Some(c) = existing.get(i - 1) {
            n = *c;
            continue;
        }
        // Missing: create the siblings up to index i, the last one with the rest of the path.
        let mut content = String::new();
        for _ in existing.len() + 1..*i {
            content.push_str(&format!("<{q}/>"));
        }
        let mut inner = String::new();
        for (rq, _) in path.steps[k + 1..].iter().rev() {
            inner = format!("<{rq}>{inner}</{rq}>");
        }
        content.push_str(&format!("<{q}>{inner}</{q}>"));
        return append_child(src, n, &content);
    }
    src.to_string()
}

fn escape(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// Sets the text of the element (or the value of the attribute) at `path`,
/// creating it when missing.
fn set(src: &str, path: &Path, v: &str) -> String {
    let src = ensure(src, path);
    let doc = roxmltree::Document::parse(&src).unwrap();
    let Some(n) = find(&doc, &path.steps) else {
        return src.clone();
    };
    let v = escape(v);
    match &path.attr {
        Some(a) => match n.attributes().find(|x| x.name() == a) {
            Some(x) => splice(&src, x.range_value(), &v),
            None => {
                let start = n.range().start;
                let name_end = start
                    + src[start..]
                        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                        .unwrap();
                splice(&src, name_end..name_end, &format!(" {a}=\"{v}\""))
            }
        },
        None => {
            let r = n.range();
            let text = &src[r.clone()];
            let open_end = r.start + text.find('>').unwrap() + 1;
            if text.ends_with("/>") {
                let q = &text[1..text.find(|c: char| c.is_whitespace() || c == '/').unwrap()];
                splice(&src, r.end - 2..r.end, &format!(">{v}</{q}>"))
            } else {
                let close = r.start + text.rfind("</").unwrap();
                splice(&src, open_end..close, &v)
            }
        }
    }
}

fn delete(src: &str, path: &Path) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let Some(n) = find(&doc, &path.steps) else {
        return src.to_string();
    };
    match &path.attr {
        Some(a) => match n.attributes().find(|x| x.name() == a) {
            Some(x) => splice(src, x.range(), ""),
            None => src.to_string(),
        },
        None => splice(src, n.range(), ""),
    }
}

/// Deletes every element of the name of `path`'s last step under its parent.
fn delete_all(src: &str, path: &Path) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let Some(((q, _), parent)) = path.steps.split_last() else {
        return src.to_string();
    };
    let Some(p) = find(&doc, parent) else {
        return src.to_string();
    };
    let ranges: Vec<_> = p
        .children()
        .filter(|c| matches_step(*c, q))
        .map(|c| (c.range(), String::new()))
        .collect();
    replace_texts(src, ranges)
}

fn duplicate(src: &str, path: &Path) -> String {
    let p = path.element();
    let src = ensure(src, &p);
    let doc = roxmltree::Document::parse(&src).unwrap();
    let Some(n) = find(&doc, &p.steps) else {
        return src.clone();
    };
    let r = n.range();
    let copy = src[r.clone()].to_string();
    splice(&src, r.end..r.end, &copy)
}

/// Adds the missing CII namespace declarations to the root element.
pub fn declare_namespaces(src: &str) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let root = doc.root_element();
    let mut decl = String::new();
    for (p, u) in NAMESPACES {
        if root.lookup_namespace_uri(Some(p)) != Some(u) {
            decl.push_str(&format!(" xmlns:{p}=\"{u}\""));
        }
    }
    if decl.is_empty() {
        return src.to_string();
    }
    let start = root.range().start;
    let at = start
        + src[start..]
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap();
    splice(src, at..at, &decl)
}

/// The text of every element named `local` (any CII namespace) whose parent is named `parent`.
fn elements<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    parent: &[&str],
    local: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| {
            n.is_element()
                && n.tag_name().name() == local
                && n.parent_element()
                    .is_some_and(|p| parent.contains(&p.tag_name().name()))
        })
        .collect()
}

/// Replaces the text of the given leaf elements (from the last one, so
/// that earlier ranges stay valid).
fn replace_texts(src: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut s = src.to_string();
    for (r, v) in edits {
        s = splice(&s, r, &v);
    }
    s
}

fn text_range(n: roxmltree::Node<'_, '_>) -> Option<std::ops::Range<usize>> {
    n.first_child().filter(|c| c.is_text()).map(|c| c.range())
}

/// Switches every VAT category code of the invoice to `cat`; for the
/// categories without VAT (all but S, L, M) the rates, the tax amounts and
/// the totals become consistent with a zero rate, and the breakdowns of
/// the exempt categories get an exemption reason.
fn switch_vat(src: &str, cat: &str) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let mut edits = Vec::new();
    for n in elements(
        &doc,
        &["ApplicableTradeTax", "CategoryTradeTax"],
        "CategoryCode",
    ) {
        if let Some(r) = text_range(n) {
            edits.push((r, cat.to_string()));
        }
    }
    let zero = !matches!(cat, "S" | "L" | "M");
    if zero {
        for n in elements(
            &doc,
            &["ApplicableTradeTax", "CategoryTradeTax"],
            "RateApplicablePercent",
        ) {
            if let Some(r) = text_range(n) {
                edits.push((r, "0".to_string()));
            }
        }
        for n in elements(&doc, &["ApplicableTradeTax"], "CalculatedAmount") {
            if let Some(r) = text_range(n) {
                edits.push((r, "0.00".to_string()));
            }
        }
        let sums = ["SpecifiedTradeSettlementHeaderMonetarySummation"];
        for n in elements(&doc, &sums, "TaxTotalAmount") {
            if let Some(r) = text_range(n) {
                edits.push((r, "0.00".to_string()));
            }
        }
        let basis = elements(&doc, &sums, "TaxBasisTotalAmount")
            .first()
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string());
        let prepaid: rust_decimal::Decimal = elements(&doc, &sums, "TotalPrepaidAmount")
            .first()
            .and_then(|n| n.text())
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or_default();
        if let Some(b) = basis {
            for n in elements(&doc, &sums, "GrandTotalAmount") {
                if let Some(r) = text_range(n) {
                    edits.push((r, b.clone()));
                }
            }
            if let Ok(bd) = b.parse::<rust_decimal::Decimal>() {
                for n in elements(&doc, &sums, "DuePayableAmount") {
                    if let Some(r) = text_range(n) {
                        edits.push((r, (bd - prepaid).to_string()));
                    }
                }
            }
        }
    }
    let mut out = replace_texts(src, edits);
    if zero && cat != "Z" {
        // An exemption reason in every header breakdown (after its CategoryCode).
        let doc = roxmltree::Document::parse(&out).unwrap();
        let mut ins: Vec<usize> = doc
            .descendants()
            .filter(|n| {
                n.is_element()
                    && n.tag_name().name() == "CategoryCode"
                    && n.parent_element().is_some_and(|p| {
                        p.tag_name().name() == "ApplicableTradeTax"
                            && p.parent_element().is_some_and(|g| {
                                g.tag_name().name() == "ApplicableHeaderTradeSettlement"
                            })
                            && !p
                                .children()
                                .any(|c| c.tag_name().name() == "ExemptionReason")
                    })
            })
            .map(|n| n.range().end)
            .collect();
        ins.sort_unstable_by(|a, b| b.cmp(a));
        for at in ins {
            out = splice(
                &out,
                at..at,
                "<ram:ExemptionReason>Exempt</ram:ExemptionReason>",
            );
        }
    }
    out
}

/// Switches the VAT category code of the invoice lines only (not the
/// breakdown nor the document level allowances and charges) to `cat`.
fn switch_line_vat(src: &str, cat: &str) -> String {
    let doc = roxmltree::Document::parse(src).unwrap();
    let edits = elements(&doc, &["ApplicableTradeTax"], "CategoryCode")
        .into_iter()
        .filter(|n| {
            n.ancestors()
                .any(|a| a.tag_name().name() == "SpecifiedLineTradeSettlement")
        })
        .filter_map(text_range)
        .map(|r| (r, cat.to_string()))
        .collect();
    replace_texts(src, edits)
}

// ---------------------------------------------------------------------------
// Edit scripts.

/// Applies one edit (`ins P`, `dup P`, `del P`, `set P=code`, `vat CAT`).
fn apply_edit(src: &str, edit: &str) -> String {
    let (op, arg) = edit.split_once(' ').unwrap_or((edit, ""));
    match op {
        "vat" => switch_vat(src, arg),
        "ins" => ensure(src, &Path::parse(arg)),
        "dup" => duplicate(src, &Path::parse(arg)),
        "del" => delete(src, &Path::parse(arg)),
        "delall" => delete_all(src, &Path::parse(arg)),
        "vatl" => switch_line_vat(src, arg),
        "set" => {
            let (p, v) = arg.split_once('=').unwrap();
            let v = match v.strip_prefix('"') {
                Some(lit) => lit.trim_end_matches('"'),
                None => value(v),
            };
            set(src, &Path::parse(p), v)
        }
        _ => panic!("unknown edit {edit}"),
    }
}

/// Rebuilds a mutant from its script (edits joined by ` ; `).
pub fn apply(src: &str, script: &str) -> String {
    let mut s = declare_namespaces(src);
    for e in script.split(" ; ") {
        s = apply_edit(&s, e);
    }
    s
}

// ---------------------------------------------------------------------------
// Deriving edits from a check.

/// Splits `s` at `sep` outside brackets and parentheses.
fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' | '(' => depth += 1,
                ']' | ')' => depth -= 1,
                _ if c == sep && depth == 0 => {
                    out.push(String::new());
                    continue;
                }
                _ => {}
            },
        }
        out.last_mut().unwrap().push(c);
    }
    out
}

/// Removes the predicates (`[...]`) of a path expression.
fn strip_predicates(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                continue;
            }
            None if depth > 0 && (c == '\'' || c == '"') => {
                quote = Some(c);
                continue;
            }
            None => {}
        }
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// The path expressions of a test that name CII elements or attributes:
/// maximal runs of `ram:X`, `@a`, `..`, `.` joined by `/`, predicates
/// skipped. Absolute ones start with `/`.
fn path_tokens(test: &str) -> Vec<String> {
    let mut out = tokens_in_order(test).0;
    out.sort();
    out.dedup();
    out
}

/// The path tokens of `expr` in the order found, and the comparisons of a
/// token (or `$variable`) with a string literal (`ram:X = 'v'`,
/// `normalize-space(ram:X) = ('v', 'w')`: the first one).
fn tokens_in_order(expr: &str) -> (Vec<String>, Vec<(String, String)>) {
    let b: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut eqs = Vec::new();
    scan_tokens(&b, &mut out, &mut eqs);
    (out, eqs)
}

/// The string literal compared with what ends at `b[j]` (`) = 'v'`).
fn literal_after(b: &[char], mut j: usize) -> Option<String> {
    while j < b.len() && (b[j].is_whitespace() || b[j] == ')') {
        j += 1;
    }
    if j >= b.len() || b[j] != '=' || (j > 0 && matches!(b[j - 1], '!' | '<' | '>')) {
        return None;
    }
    j += 1;
    while j < b.len() && (b[j].is_whitespace() || b[j] == '(') {
        j += 1;
    }
    let q = *b.get(j)?;
    if q != '\'' && q != '"' {
        return None;
    }
    let lit: String = b[j + 1..].iter().take_while(|c| **c != q).collect();
    Some(lit)
}

/// The end (exclusive) of the bracket group opening at `b[i] == '['`.
fn bracket_end(b: &[char], i: usize) -> usize {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, c) in b.iter().enumerate().skip(i) {
        match quote {
            Some(q) if *c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(*c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            },
        }
    }
    b.len()
}

/// Collects the path tokens of `b`; the tokens of a predicate are also
/// given prefixed with the path it filters (`ram:X[ram:Y = 'v']` gives
/// `ram:X` and `ram:X/ram:Y`).
fn scan_tokens(b: &[char], out: &mut Vec<String>, eqs: &mut Vec<(String, String)>) {
    let mut i = 0;
    while i < b.len() {
        if b[i] == '$' {
            let mut j = i + 1;
            while j < b.len() && is_name_char(b[j]) {
                j += 1;
            }
            let name: String = b[i..j].iter().collect();
            if let Some(lit) = literal_after(b, j) {
                eqs.push((name, lit));
            }
            i = j;
            continue;
        }
        if b[i] == '\'' || b[i] == '"' {
            let q = b[i];
            i += 1;
            while i < b.len() && b[i] != q {
                i += 1;
            }
            i += 1;
            continue;
        }
        // A token starts at `/`, `.`, `@` or a known prefix, not inside a name.
        let prev_ok = i == 0 || !(is_name_char(b[i - 1]) || b[i - 1] == ':' || b[i - 1] == '$');
        let starts = |j: usize| -> bool {
            let rest: String = b[j..b.len().min(j + 4)].iter().collect();
            ["rsm:", "ram:", "udt:", "qdt:"].iter().any(|p| rest == *p)
                || b[j] == '@'
                || (b[j] == '.' && b.get(j + 1).is_some_and(|c| *c == '.' || *c == '/'))
        };
        if !(prev_ok
            && (starts(i)
                || (b[i] == '/' && i + 1 < b.len() && (b[i + 1] == '/' || starts(i + 1)))))
        {
            i += 1;
            continue;
        }
        let mut tok = String::new();
        let mut j = i;
        loop {
            while j < b.len() && (is_name_char(b[j]) || b[j] == ':' || b[j] == '/' || b[j] == '@') {
                tok.push(b[j]);
                j += 1;
            }
            if j < b.len() && b[j] == '[' {
                let end = bracket_end(b, j);
                let mut inner = Vec::new();
                let mut inner_eqs = Vec::new();
                scan_tokens(
                    &b[j + 1..end.saturating_sub(1).max(j + 1)],
                    &mut inner,
                    &mut inner_eqs,
                );
                let base = tok.trim_end_matches('/').to_string();
                for t in inner.into_iter().filter(|t| !t.starts_with('/')) {
                    out.push(format!("{base}/{t}"));
                }
                for (t, lit) in inner_eqs {
                    if !t.starts_with('/') && !t.starts_with('$') {
                        eqs.push((format!("{base}/{t}"), lit));
                    }
                }
                j = end;
                if j < b.len() && (b[j] == '/' || b[j] == '[') {
                    continue;
                }
            }
            break;
        }
        let tok = tok.trim_end_matches('/').to_string();
        if tok.contains(':') || tok.contains('@') {
            if let Some(lit) = literal_after(b, j) {
                eqs.push((tok.clone(), lit));
            }
            out.push(tok);
        }
        i = j.max(i + 1);
    }
}

/// Known absolute element paths (no indexes), to place `//x/y` contexts the
/// sample lacks: the base document's own paths first, then `extra`.
pub struct Dictionary {
    paths: Vec<String>,
}

impl Dictionary {
    /// From the element paths of `docs` and the absolute contexts of `checks`.
    pub fn new(docs: &[&str], checks: &[Check]) -> Dictionary {
        let mut seen = BTreeSet::new();
        let mut paths = Vec::new();
        let mut add = |p: String, paths: &mut Vec<String>| {
            if seen.insert(p.clone()) {
                paths.push(p);
            }
        };
        for d in docs {
            let doc = roxmltree::Document::parse(d).unwrap();
            for n in doc.descendants().filter(|n| n.is_element()) {
                let mut steps: Vec<String> = n
                    .ancestors()
                    .filter(|a| a.is_element())
                    .map(|a| qname(a))
                    .collect();
                steps.reverse();
                add(format!("/{}", steps.join("/")), &mut paths);
            }
        }
        for c in checks {
            for alt in split_top(&c.context, '|') {
                let p = strip_predicates(alt.trim());
                if p.starts_with('/') && !p.starts_with("//") && !p.contains('@') {
                    add(p, &mut paths);
                }
            }
        }
        Dictionary { paths }
    }

    /// For a context `//ram:*[ends-with(name(), 'S')]` (or `//*[...]`): the
    /// first three known paths whose last element name ends with `S`.
    fn ends_with_context(&self, alt: &str) -> Option<Vec<&str>> {
        let rest = alt
            .strip_prefix("//ram:*[ends-with(name(), '")
            .or_else(|| alt.strip_prefix("//*[ends-with(name(), '"))?;
        let suffix = rest.split('\'').next()?;
        Some(
            self.paths
                .iter()
                .filter(|p| p.rsplit('/').next().is_some_and(|l| l.ends_with(suffix)))
                .filter(|p| {
                    !alt.starts_with("//ram:")
                        || p.rsplit('/').next().is_some_and(|l| l.starts_with("ram:"))
                })
                .take(3)
                .map(String::as_str)
                .collect(),
        )
    }

    /// The first known path ending with `suffix` (steps joined by `/`).
    fn resolve(&self, suffix: &str) -> Option<&str> {
        let want = format!("/{}", suffix.trim_start_matches('/'));
        self.paths
            .iter()
            .find(|p| p.ends_with(&want))
            .map(|p| p.as_str())
    }
}

fn qname(n: roxmltree::Node<'_, '_>) -> String {
    let ns = n.tag_name().namespace();
    let p = NAMESPACES
        .iter()
        .find(|(_, u)| Some(*u) == ns)
        .map(|(p, _)| *p)
        .unwrap_or("");
    if p.is_empty() {
        n.tag_name().name().to_string()
    } else {
        format!("{p}:{}", n.tag_name().name())
    }
}

/// Splits a location path at its top-level `/` (outside predicates); a
/// `//` gives an empty step.
fn split_steps(p: &str) -> Vec<String> {
    split_top(p, '/')
}

/// The predicates (`[...]` contents) of one step.
fn predicates(step: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in step.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            cur.push(c);
            continue;
        }
        match c {
            '\'' | '"' if depth > 0 => {
                quote = Some(c);
                cur.push(c);
            }
            '[' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ']' => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => {}
        }
    }
    out
}

/// An edit that makes a simple predicate (`ram:X = 'v'`, `@a="v"`,
/// `udt:Indicator=true()`, `ram:X`) true at `at`; the first alternative of
/// an `or`, the first term of an `and`.
fn satisfy(pred: &str, at: &Path) -> Option<String> {
    let first = pred.split(" or ").next()?.split(" and ").next()?.trim();
    let first = match first.strip_prefix("upper-case(") {
        Some(r) => r.replacen(')', "", 1),
        None => first.to_string(),
    };
    if first.starts_with("not") || first.contains("::") || first.contains("name(") {
        return None;
    }
    let target = |lhs: &str| -> Option<Path> {
        let lhs = lhs.trim();
        if lhs == "." {
            Some(at.clone())
        } else {
            resolve_token(at, lhs, &Dictionary { paths: vec![] })
        }
    };
    match first.split_once('=') {
        Some((lhs, rhs)) if !lhs.ends_with('!') && !lhs.ends_with('<') && !lhs.ends_with('>') => {
            let rhs = rhs.trim();
            let lit = if rhs == "true()" {
                "true".to_string()
            } else if rhs == "false()" {
                "false".to_string()
            } else if rhs.len() >= 2
                && (rhs.starts_with('\'') && rhs.ends_with('\'')
                    || rhs.starts_with('"') && rhs.ends_with('"'))
            {
                rhs[1..rhs.len() - 1].to_string()
            } else {
                // `@a = ../../ram:X`: both sides the same (bad) code.
                let (l, r) = (target(lhs)?, target(rhs)?);
                return Some(format!("set {}=code ; set {}=code", l.text(), r.text()));
            };
            Some(format!("set {}=\"{lit}\"", target(lhs)?.text()))
        }
        Some(_) => None,
        None => {
            let p = target(&first)?;
            Some(match p.attr {
                Some(_) => format!("set {}=\"1\"", p.text()),
                None => format!("ins {}", p.text()),
            })
        }
    }
}

/// Number of elements at `steps` in `base` (the last step's index ignored).
fn count_at(base: &roxmltree::Document<'_>, steps: &[(String, usize)]) -> usize {
    let Some(((q, _), parent)) = steps.split_last() else {
        return 0;
    };
    if parent.is_empty() {
        return 1;
    }
    find(base, parent).map_or(0, |p| p.children().filter(|c| matches_step(*c, q)).count())
}

/// The concrete places a context stands for (one or two per union
/// member): an absolute path as is, `//x/y` and relative patterns placed
/// with the dictionary; each with the edits that make its predicates true.
/// A predicated context is also tried on a new sibling after the existing
/// ones (for the `count(...) <= 1` rules).
fn context_paths(
    context: &str,
    dict: &Dictionary,
    base: &roxmltree::Document<'_>,
) -> Vec<(Path, Vec<String>)> {
    let mut out = Vec::new();
    for alt in split_top(context, '|') {
        let alt = alt.trim();
        if let Some(paths) = dict.ends_with_context(alt) {
            out.extend(paths.into_iter().map(|p| (Path::parse(p), vec![])));
            continue;
        }
        let p = strip_predicates(alt);
        let (el, attr) = match p.rsplit_once("/@") {
            Some((e, a)) => (e.to_string(), Some(a.to_string())),
            None if p.starts_with('@') => continue,
            None => (p.clone(), None),
        };
        if el.contains("::") || el.contains('(') || el.contains('*') {
            continue;
        }
        let abs = if el.starts_with('/') && !el.starts_with("//") {
            Some(el.clone())
        } else if el.contains("//") && !el.starts_with("//") {
            None
        } else {
            dict.resolve(el.trim_start_matches('/'))
                .map(str::to_string)
                // A relative pattern from the root element, unknown to the schema.
                .or_else(|| {
                    el.starts_with("rsm:CrossIndustryInvoice/")
                        .then(|| format!("/{el}"))
                })
        };
        let Some(a) = abs else { continue };
        let mut path = Path::parse(&a);
        if !path.steps.iter().all(|(q, _)| known(q)) {
            continue;
        }
        path.attr = attr.clone();
        // Predicates of the element steps, aligned on the path's tail.
        let mut steps: Vec<String> = split_steps(alt)
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if attr.is_some() {
            steps.pop();
        }
        let offset = path.steps.len().saturating_sub(steps.len());
        let preds: Vec<(usize, Vec<String>)> = steps
            .iter()
            .enumerate()
            .map(|(j, s)| (offset + j, predicates(s)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let mut variants = vec![path.clone()];
        if let Some((g, _)) = preds.last() {
            let n = count_at(base, &path.steps[..=*g]);
            if n >= 1 {
                let mut v = path.clone();
                v.steps[*g].1 = n + 1;
                variants.push(v);
            }
        }
        for v in variants {
            let mut edits = Vec::new();
            for (g, ps) in &preds {
                let at = Path {
                    steps: v.steps[..=*g].to_vec(),
                    attr: None,
                };
                edits.extend(ps.iter().filter_map(|p| satisfy(p, &at)));
            }
            out.push((v, edits));
        }
    }
    out
}

/// Resolves a relative token (`ram:X/@a`, `../ram:Y`) against `ctx`.
fn resolve_token(ctx: &Path, tok: &str, dict: &Dictionary) -> Option<Path> {
    resolve_any(ctx, tok, dict).filter(|p| p.steps.iter().all(|(q, _)| known(q)))
}

fn resolve_any(ctx: &Path, tok: &str, dict: &Dictionary) -> Option<Path> {
    if tok.starts_with("//") {
        let p = dict.resolve(tok.trim_start_matches('/'))?;
        return Some(Path::parse(p));
    }
    if tok.starts_with('/') {
        if tok.contains("//") {
            return None;
        }
        return Some(Path::parse(tok));
    }
    if tok.contains("//") {
        return None;
    }
    let mut steps = ctx.steps.clone();
    let mut attr = None;
    for part in tok.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                steps.pop()?;
            }
            a if a.starts_with('@') => attr = Some(a[1..].to_string()),
            q if known(q) => steps.push((q.to_string(), 1)),
            _ => return None,
        }
    }
    if steps.is_empty() {
        return None;
    }
    Some(Path { steps, attr })
}

/// The edit scripts that may make `check` fire: for every concrete
/// context (its predicates made true) and every element or attribute its
/// test and variables name (and the context itself): create it, create
/// it twice, delete it, and give it each bad value.
pub fn edits_for(check: &Check, dict: &Dictionary, base: &roxmltree::Document<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let lets_text: Vec<&str> = check.lets.iter().map(|(_, s)| s.as_str()).collect();
    let lets_text = lets_text.join(" ");
    let tokens = path_tokens(&format!("{} {lets_text}", check.test));
    // Comparisons with literals in the test and the variables, variables
    // replaced by the path they select.
    let mut eqs = Vec::new();
    for e in std::iter::once(check.test.as_str()).chain(check.lets.iter().map(|(_, s)| s.as_str()))
    {
        for (t, lit) in tokens_in_order(e).1 {
            let t = match t.strip_prefix('$') {
                Some(v) => match check.lets.iter().find(|(n, _)| n == v) {
                    Some((_, sel)) => match tokens_in_order(sel).0.pop() {
                        Some(main) => main,
                        None => continue,
                    },
                    None => continue,
                },
                None => t,
            };
            if !eqs.iter().any(|(x, _): &(String, String)| *x == t) {
                eqs.push((t, lit));
            }
        }
    }
    let count_only = check.test.trim_start().starts_with("count(");
    let codedb = check.test.contains("document(") || check.test.contains("$codeValue");
    let lits = if codedb {
        vec![]
    } else {
        literals(&format!("{} {lets_text}", check.test))
    };
    for (ctx, pre) in context_paths(&check.context, dict, base) {
        let mut edits: Vec<String> = Vec::new();
        let mut emit = |e: String| {
            if !edits.contains(&e) {
                edits.push(e);
            }
        };
        let c = ctx.text();
        emit(format!("ins {}", ctx.element().text()));
        if ctx.attr.is_some() || codedb {
            emit(format!("set {c}=code"));
        }
        if !count_only && !codedb {
            for (v, _) in VALUES {
                emit(format!("set {c}={v}"));
            }
        }
        for tok in &tokens {
            let Some(p) = resolve_token(&ctx, tok, dict) else {
                continue;
            };
            let t = p.text();
            if codedb {
                emit(format!("set {t}=code"));
                continue;
            }
            emit(format!("del {t}"));
            if count_only {
                emit(format!("delall {t}"));
            }
            if p.attr.is_none() {
                emit(format!("ins {t}"));
                emit(format!("dup {t}"));
                if count_only {
                    emit(format!("dup {t} ; dup {t}"));
                }
                // A copy of the parent whose copy of this element differs
                // (`count(distinct-values(...)) = 1` rules).
                if p.steps.len() > 2 {
                    let mut copy = p.clone();
                    let k = copy.steps.len() - 2;
                    copy.steps[k].1 += 1;
                    let parent = Path {
                        steps: p.steps[..=k].to_vec(),
                        attr: None,
                    };
                    emit(format!("dup {} ; set {}=code", parent.text(), copy.text()));
                }
            } else {
                emit(format!("ins {}", p.element().text()));
                // Two elements with the same attribute value (distinct-values).
                emit(format!("set {t}=code ; dup {}", p.element().text()));
            }
            if !count_only {
                for (v, _) in VALUES {
                    emit(format!("set {t}={v}"));
                }
            }
            for lit in &lits {
                emit(format!("set {t}=\"{lit}\""));
                // A second parent with that value (`count(X[Y = 'v']) <= 1`).
                if p.attr.is_none() && p.steps.len() > ctx.steps.len() + 1 {
                    let parent = Path {
                        steps: p.steps[..p.steps.len() - 1].to_vec(),
                        attr: None,
                    };
                    emit(format!("set {t}=\"{lit}\" ; dup {}", parent.text()));
                }
            }
        }
        for lit in &lits {
            emit(format!("set {c}=\"{lit}\""));
        }
        // Two of the named elements at once (`not(X and Y)`, choices).
        let named: Vec<Path> = tokens
            .iter()
            .filter_map(|t| resolve_token(&ctx, t, dict))
            .filter(|p| p.attr.is_none())
            .take(6)
            .collect();
        for (k, a) in named.iter().enumerate() {
            for b in &named[k + 1..] {
                emit(format!("ins {} ; ins {}", a.text(), b.text()));
            }
        }
        // The comparisons with literals made true (preconditions such as
        // `not($type = 'B2B') or ...`), alone and before every other edit.
        let sets: Vec<String> = eqs
            .iter()
            .filter_map(|(t, lit)| {
                let p = resolve_token(&ctx, t, dict)?;
                Some(format!("set {}=\"{lit}\"", p.text()))
            })
            .take(8)
            .collect();
        let mut scripts: Vec<Vec<String>> = edits.iter().map(|e| vec![e.clone()]).collect();
        if !sets.is_empty() {
            scripts.push(sets.clone());
            scripts.extend(edits.iter().map(|e| {
                let mut v = sets.clone();
                v.push(e.clone());
                v
            }));
        }
        for es in scripts {
            let mut script = vec![format!("ins {}", ctx.element().text())];
            script.extend(pre.iter().cloned());
            script.extend(es);
            let s = script.join(" ; ");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The short string literals of an expression (at most 8).
fn literals(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = expr.chars();
    while let Some(c) = chars.next() {
        if c == '\'' || c == '"' {
            let lit: String = chars.by_ref().take_while(|x| *x != c).collect();
            if !lit.trim().is_empty()
                && lit.len() <= 40
                && !lit.contains(" ; ")
                && !out.contains(&lit)
            {
                out.push(lit);
            }
        }
    }
    out.truncate(8);
    out
}

/// The candidate scripts of a set, grouped by rule ID, most promising
/// first: the edits of every check of that ID, then the VAT category
/// switch (alone, then followed by the check's edits) for every category
/// its context or test names (`'AE'`, ...).
pub fn candidates(checks: &[Check], dict: &Dictionary, src: &str) -> Vec<(String, Vec<String>)> {
    let base = declare_namespaces(src);
    let base = roxmltree::Document::parse(&base).unwrap();
    let mut by_id: Vec<(String, Vec<String>)> = Vec::new();
    for c in checks.iter().filter(|c| !c.id.is_empty()) {
        let mut scripts = edits_for(c, dict, &base);
        for cat in VAT_CATEGORIES {
            let quoted = [format!("'{cat}'"), format!("\"{cat}\"")];
            if quoted
                .iter()
                .any(|q| c.test.contains(q.as_str()) || c.context.contains(q.as_str()))
            {
                let vat = format!("vat {cat}");
                let edits = edits_for(c, dict, &base);
                scripts.push(vat.clone());
                scripts.push(format!("vatl {cat}"));
                scripts.extend(edits.iter().map(|e| format!("{vat} ; {e}")));
            }
        }
        match by_id.iter_mut().find(|(i, _)| *i == c.id) {
            Some((_, v)) => v.extend(scripts),
            None => by_id.push((c.id.clone(), scripts)),
        }
    }
    for (_, v) in &mut by_id {
        let mut seen = BTreeSet::new();
        v.retain(|s| seen.insert(s.clone()));
    }
    by_id
}
