//! Differential test: our XML tree (`facturx_xpath::tree`) against
//! roxmltree 0.21, the parser it replaces.
//!
//! Three corpora: the official standards files and the repo fixtures, a
//! hand-written list of tricky documents, and seeded random mutants of a
//! CII-like invoice and of the tricky list. On each document the two
//! parsers must agree: both refuse it, or both accept it and build the same
//! tree (node kinds, depths, expanded names, attributes, texts, PIs and
//! source offsets; see `Item`).
//!
//! Where they disagree because roxmltree breaks a rule of XML 1.0 (fifth
//! edition) or Namespaces 1.0 (third edition) that ours keeps, the case is
//! listed in `KNOWN` with the rule. Each entry checks the rule on the
//! document itself, not on our parser's word; entries that cover a
//! document both accept (or only ours accepts) repair the document and
//! run the whole comparison again on the repaired text, so that a known
//! difference cannot hide another one. Any other difference fails the test
//! with the document and both outcomes.
//!
//! `TREE_DIFF_MUTANTS` and `TREE_DIFF_SEED` change the number of mutants
//! and the PRNG seed (for a longer run). The fuzz target
//! `fuzz/fuzz_targets/tree_vs_roxmltree.rs` includes this file as a module
//! and calls `verdict`, so that both use one comparison and one list.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use facturx_xpath::tree::{self as ours, NodeType as OurType};
use roxmltree::NodeType as RoxType;

const BOM: char = '\u{FEFF}';

// ---- canonical form ------------------------------------------------------

/// One node as both trees can show it. Ranges are compared whole (the
/// ends agree too), but for text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Root,
    Element {
        ns: Option<String>,
        name: String,
        attrs: Vec<Attr>,
        range: Range<usize>,
    },
    /// Only the text: the range of merged text and CDATA is not the same.
    Text(String),
    Comment {
        text: String,
        range: Range<usize>,
    },
    Pi {
        target: String,
        value: Option<String>,
        range: Range<usize>,
    },
}

/// An attribute (namespace declarations are not attributes in either tree).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attr {
    ns: Option<String>,
    name: String,
    value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    depth: usize,
    item: Item,
}

type Canon = Vec<Line>;

/// roxmltree gives the namespace of `<a xmlns=""/>` as `Some("")`, ours
/// as `None`: both mean no namespace (Namespaces 1.0 §6.2).
fn ns(uri: Option<&str>) -> Option<String> {
    uri.filter(|u| !u.is_empty()).map(str::to_owned)
}

/// The two APIs have the same shape, not the same types.
macro_rules! canon {
    ($doc:expr, $t:ident) => {
        $doc.descendants()
            .map(|n| Line {
                depth: n.ancestors().count() - 1,
                item: match n.node_type() {
                    $t::Root => Item::Root,
                    $t::Element => Item::Element {
                        ns: ns(n.tag_name().namespace()),
                        name: n.tag_name().name().to_owned(),
                        attrs: n
                            .attributes()
                            .map(|a| Attr {
                                ns: ns(a.namespace()),
                                name: a.name().to_owned(),
                                value: a.value().to_owned(),
                            })
                            .collect(),
                        range: n.range(),
                    },
                    $t::Text => Item::Text(n.text().unwrap_or_default().to_owned()),
                    $t::Comment => Item::Comment {
                        text: n.text().unwrap_or_default().to_owned(),
                        range: n.range(),
                    },
                    $t::PI => {
                        let pi = n.pi().unwrap();
                        Item::Pi {
                            target: pi.target.to_owned(),
                            value: pi.value.map(str::to_owned),
                            range: n.range(),
                        }
                    }
                },
            })
            .collect::<Canon>()
    };
}

fn ours_canon(text: &str) -> Result<Canon, ours::Error> {
    ours::Document::parse(text).map(|d| canon!(d, OurType))
}

/// Both outcomes on one document.
pub struct Both {
    rox: Result<Canon, roxmltree::Error>,
    ours: Result<Canon, ours::Error>,
}

fn parse_both(text: &str) -> Both {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    Both {
        rox: roxmltree::Document::parse_with_options(text, opts).map(|d| canon!(d, RoxType)),
        ours: ours_canon(text),
    }
}

impl Both {
    fn agree(&self) -> bool {
        match (&self.rox, &self.ours) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        }
    }

    /// roxmltree accepted, ours refused.
    fn only_rox(&self) -> bool {
        self.rox.is_ok() && self.ours.is_err()
    }
}

// ---- verdicts ------------------------------------------------------------

/// How the two parsers compare on a document.
pub enum Verdict {
    /// Both refuse, or both build the same tree.
    Agree,
    /// A difference listed in `KNOWN`.
    Known(&'static str),
    /// Any other difference.
    Differ(Both),
}

/// Compares the two parsers on `text`.
pub fn verdict(text: &str) -> Verdict {
    verdict_at(text, 0)
}

/// `depth` counts repairs, so that they cannot loop.
fn verdict_at(text: &str, depth: u32) -> Verdict {
    let both = parse_both(text);
    if both.agree() {
        return Verdict::Agree;
    }
    if depth < 4 {
        if let Some(k) = KNOWN.iter().find(|k| (k.holds)(text, &both, depth)) {
            return Verdict::Known(k.name);
        }
    }
    Verdict::Differ(both)
}

/// A difference where ours is right. `holds` checks the rule on the
/// document: on roxmltree's tree or on the text, never on where or why
/// ours stopped.
struct Known {
    name: &'static str,
    holds: fn(&str, &Both, u32) -> bool,
}

const KNOWN: &[Known] = &[
    // Namespaces 1.0 §7: "No entity names, processing instruction targets,
    // or notation names contain any colons." roxmltree reads the target as
    // an XML `Name`, colons allowed.
    Known {
        name: "ours refuses, roxmltree accepts: PI target containing ':' (Namespaces 1.0 §7)",
        holds: |_, b, _| b.only_rox() && rox_pis(b).any(|(target, _, _)| target.contains(':')),
    },
    // XML 1.0 §2.6 [17]: `PITarget ::= Name - (('X'|'x')('M'|'m')('L'|'l'))`,
    // and §2.8 [22]: the XML declaration comes first or not at all.
    // roxmltree only takes `<?xml ` (with a space) as the declaration, and
    // makes any other `<?xml` a PI: `<?xml?>`, or a declaration after a
    // comment when a tab or newline follows `<?xml`.
    Known {
        name: "ours refuses, roxmltree accepts: PI target 'xml', in any case (XML 1.0 §2.6 [17], §2.8 [22])",
        holds: |text, b, _| {
            b.only_rox()
                && rox_pis(b).any(|(target, _, range)| {
                    target.eq_ignore_ascii_case("xml") && !declaration_at(text, range.start)
                })
        },
    },
    // XML 1.0 §2.8 [23] `XMLDecl ::= '<?xml' VersionInfo ...`, [24]
    // `VersionInfo ::= S 'version' ...`, §2.3 [3] `S ::= (#x20 | #x9 | #xD
    // | #xA)+`: a tab or newline after `<?xml` still makes a declaration;
    // roxmltree makes it a PI. Repair: a space instead; ours must read both
    // the same.
    Known {
        name: "roxmltree makes a PI of an XML declaration with a tab or newline after '<?xml' (XML 1.0 §2.8 [23], §2.3 [3])",
        holds: |text, b, depth| {
            let bom = bom_len(text);
            if !rox_pis(b)
                .any(|(t, _, r)| t == "xml" && r.start == bom && declaration_at(text, bom))
            {
                return false;
            }
            let mut fixed = text.to_owned();
            fixed.replace_range(bom + 5..bom + 6, " ");
            passes_repaired(text, &fixed, depth, b, |a, f| a == f)
        },
    },
    // XML 1.0 §2.6 [16] `PI ::= '<?' PITarget (S (Char* - (Char* '?>'
    // Char*)))? '?>'`: white space must separate the target from the data.
    // roxmltree reads `<?x?y?>` as target `x`, data `?y`.
    Known {
        name: "ours refuses, roxmltree accepts: PI data not separated from the target by white space (XML 1.0 §2.6 [16])",
        holds: |text, b, _| {
            b.only_rox()
                && rox_pis(b).any(|(target, value, range)| {
                    let after = range.start + 2 + target.len();
                    value.is_some() && !text[after..].starts_with(is_space)
                })
        },
    },
    // XML 1.0 §4.1, WFC: Legal Character: "Characters referred to using
    // character references MUST match the production for Char." roxmltree
    // turns a reference to a surrogate or past U+10FFFF into U+FFFD. Seen
    // in an attribute as written (namespace declarations too), or in text
    // content as more U+FFFD in roxmltree's tree than in the document, as
    // such or as references.
    Known {
        name: "ours refuses, roxmltree accepts: character reference to a surrogate or past U+10FFFF (XML 1.0 §4.1 WFC: Legal Character)",
        holds: |text, b, _| {
            let Ok(rox) = &b.rox else { return false };
            let bad = |s: &str| {
                s.match_indices("&#").any(|(i, _)| {
                    char_ref_at(&s[i..])
                        .is_some_and(|n| (0xD800..=0xDFFF).contains(&n) || n > 0x10_FFFF)
                })
            };
            let fffd = |s: &str| s.matches('\u{FFFD}').count();
            let in_tree: usize = rox
                .iter()
                .map(|l| strings(l).map(fffd).sum::<usize>())
                .sum();
            let refs = text
                .match_indices("&#")
                .filter(|(i, _)| char_ref_at(&text[*i..]) == Some(0xFFFD))
                .count();
            b.only_rox()
                && (in_tree > fffd(text) + refs
                    || rox_tags(text, b).any(|t| t.attrs.iter().any(|(_, v)| bad(v))))
        },
    },
    // Namespaces 1.0 §3: for `xmlns:p`, "the namespace name may not be
    // empty" (undeclaring a prefix is Namespaces 1.1 only).
    Known {
        name: "ours refuses, roxmltree accepts: xmlns:p=\"\" (Namespaces 1.0 §3)",
        holds: |text, b, _| {
            b.only_rox()
                && rox_tags(text, b).any(|t| {
                    t.attrs
                        .iter()
                        .any(|(n, v)| n.starts_with("xmlns:") && v.is_empty())
                })
        },
    },
    // Namespaces 1.0 §3, Reserved Prefixes and Namespace Names: "The
    // prefix xmlns ... MUST NOT be declared."
    Known {
        name: "ours refuses, roxmltree accepts: xmlns:xmlns declared (Namespaces 1.0 §3)",
        holds: |text, b, _| {
            b.only_rox()
                && rox_tags(text, b).any(|t| t.attrs.iter().any(|(n, _)| *n == "xmlns:xmlns"))
        },
    },
    // XML 1.0 §3.1, WFC: Unique Att Spec: "An attribute name MUST NOT
    // appear more than once in the same start-tag." roxmltree checks this
    // for every attribute but `xmlns` (it records the default namespace
    // twice).
    Known {
        name: "ours refuses, roxmltree accepts: 'xmlns' given twice in a start tag (XML 1.0 §3.1 WFC: Unique Att Spec)",
        holds: |text, b, _| {
            b.only_rox()
                && rox_tags(text, b)
                    .any(|t| t.attrs.iter().filter(|(n, _)| *n == "xmlns").count() > 1)
        },
    },
    // Namespaces 1.0 §4 [7]-[10]: `QName ::= PrefixedName | UnprefixedName`,
    // `PrefixedName ::= Prefix ':' LocalPart`, `Prefix ::= NCName`: a name
    // cannot start with ':'. roxmltree reads `:a` as an empty prefix and
    // local name `a` (`<:a/>`, `<a :b='1'/>`, `<a></:a>`).
    Known {
        name: "ours refuses, roxmltree accepts: name starting with ':' (Namespaces 1.0 §4 [7]-[10])",
        holds: |text, b, _| {
            b.only_rox()
                && rox_tags(text, b).any(|t| {
                    t.name.starts_with(':')
                        || t.end_name.is_some_and(|n| n.starts_with(':'))
                        || t.attrs.iter().any(|(n, _)| n.starts_with(':'))
                })
        },
    },
    // Namespaces 1.0 §3 [1]-[3]: `NSAttName ::= PrefixedAttName |
    // DefaultAttName`, `PrefixedAttName ::= 'xmlns:' NCName`,
    // `DefaultAttName ::= 'xmlns'`: `p:xmlns` is an ordinary attribute.
    // roxmltree takes any attribute with local name `xmlns` for a default
    // namespace declaration, whatever its prefix. Repair: rename it, e.g.
    // `p:xmlnZ`, with a letter found nowhere in the text or in our tree;
    // ours must read both the same but for that name.
    Known {
        name: "roxmltree takes an attribute 'p:xmlns' for a default namespace declaration (Namespaces 1.0 §3 [1]-[3])",
        holds: |text, b, depth| {
            let ours = format!("{:?}", b.ours.as_ref().ok());
            let Some(new) = "ZQJKVWXY"
                .chars()
                .map(|c| format!("xmln{c}"))
                .find(|n| !text.contains(n.as_str()) && !ours.contains(n.as_str()))
            else {
                return false;
            };
            let fixed = rename_prefixed_xmlns(text, &new);
            passes_repaired(text, &fixed, depth, b, |a, f| {
                let back: Canon = f
                    .iter()
                    .map(|l| map_strings(l, |s| s.replace(new.as_str(), "xmlns")))
                    .collect();
                *a == back
            })
        },
    },
    // XML 1.0 §2.11: a lone CR (not followed by LF) reads as LF. roxmltree
    // keeps it in text when a reference comes right before or right after
    // it (`<a>x\r&amp;</a>`, `<a>&#65;\r</a>`). Repair: LF for every lone
    // CR, which by §2.11 is the same document; ours must read both the
    // same.
    Known {
        name: "roxmltree keeps a lone CR next to a reference in text (XML 1.0 §2.11)",
        holds: |text, b, depth| {
            let fixed = lone_cr_to_lf(text);
            passes_repaired(text, &fixed, depth, b, |a, f| {
                let a: Canon = a
                    .iter()
                    .map(|l| match l.item {
                        Item::Comment { .. } | Item::Pi { .. } => map_strings(l, lone_cr_to_lf),
                        _ => l.clone(),
                    })
                    .collect();
                a == *f
            })
        },
    },
    // XML 1.0 §2.11: the processor reads CR LF and a lone CR as LF
    // everywhere, comments and PIs included; roxmltree keeps them there as
    // written. Both trees must be the same once its comment and PI texts
    // are read that way.
    Known {
        name: "roxmltree keeps CRs in comments and PI values (XML 1.0 §2.11)",
        holds: |_, b, _| {
            let (Ok(r), Ok(o)) = (&b.rox, &b.ours) else {
                return false;
            };
            let joined: Canon = r
                .iter()
                .map(|l| match l.item {
                    Item::Comment { .. } | Item::Pi { .. } => map_strings(l, join_line_ends),
                    _ => l.clone(),
                })
                .collect();
            joined != *r && joined == *o
        },
    },
    // Namespaces 1.0 §3: "The prefix xml is by definition bound to the
    // namespace name http://www.w3.org/XML/1998/namespace. It MAY, but need
    // not, be declared". roxmltree binds it for attributes only and refuses
    // `<xml:a/>` as an unknown prefix. Repair: `<xmlXa/>`; the rest of the
    // document must still compare.
    Known {
        name: "ours accepts, roxmltree refuses: element with the prefix 'xml' (Namespaces 1.0 §3)",
        holds: |text, b, depth| {
            if !matches!(&b.rox, Err(roxmltree::Error::UnknownNamespace(p, _)) if p == "xml") {
                return false;
            }
            let Ok(a) = &b.ours else { return false };
            let fixed = text.replace("<xml:", "<xmlX").replace("</xml:", "</xmlX");
            passes_repaired(text, &fixed, depth, b, |_, f| a.len() == f.len())
        },
    },
    // XML 1.0 §2.8 [23]-[26], §2.9 [32], §4.3.3 [80]-[81]: the declaration's
    // pseudo-attributes are exactly `version`, `encoding`, `standalone`, in
    // that order, with `VersionNum ::= '1.' [0-9]+`, `EncName ::= [A-Za-z]
    // ([A-Za-z0-9._] | '-')*`, and `yes` or `no`. roxmltree only checks
    // that the names start right (`versionx=` passes) and not the values.
    Known {
        name: "ours refuses, roxmltree accepts: malformed XML declaration (XML 1.0 §2.8 [23]-[26], §2.9 [32], §4.3.3 [80]-[81])",
        holds: |text, b, _| {
            let s = &text[bom_len(text)..];
            b.only_rox() && s.starts_with("<?xml ") && !xml_decl_ok(s)
        },
    },
    // Not a rule but a resource limit: ours refuses elements nested deeper
    // than `ParsingOptions::depth_limit` (1024 by default), as the
    // evaluator walks the tree recursively; roxmltree has no such limit.
    Known {
        name: "ours refuses, roxmltree accepts: elements nested deeper than ours's depth_limit (a limit, not a rule)",
        holds: |_, b, _| {
            let limit = ours::ParsingOptions::default().depth_limit as usize;
            b.only_rox()
                && b.rox
                    .iter()
                    .flatten()
                    .any(|l| matches!(l.item, Item::Element { .. }) && l.depth > limit)
        },
    },
];

/// roxmltree's PIs: target, value, range.
fn rox_pis(b: &Both) -> impl Iterator<Item = (&str, Option<&str>, &Range<usize>)> {
    b.rox.iter().flatten().filter_map(|l| match &l.item {
        Item::Pi {
            target,
            value,
            range,
        } => Some((target.as_str(), value.as_deref(), range)),
        _ => None,
    })
}

/// An element's tags as written.
struct Tag<'a> {
    name: &'a str,
    /// Name and raw value of each attribute, namespace declarations too.
    attrs: Vec<(&'a str, &'a str)>,
    /// The end tag's name (none for an empty-element tag).
    end_name: Option<&'a str>,
}

/// The tags of roxmltree's elements, read from the text (roxmltree
/// accepted it, so each is well formed enough to scan).
fn rox_tags<'a>(text: &'a str, b: &'a Both) -> impl Iterator<Item = Tag<'a>> + 'a {
    let name_end = |s: &str| s.find(|c: char| is_space(c) || matches!(c, '=' | '>' | '/'));
    b.rox.iter().flatten().filter_map(move |l| {
        let Item::Element { range, .. } = &l.item else {
            return None;
        };
        let whole = &text[range.clone()];
        let mut s = &whole[1..];
        let name = &s[..name_end(s)?];
        s = &s[name.len()..];
        let mut attrs = Vec::new();
        loop {
            s = s.trim_start_matches(is_space);
            let Some(n) = name_end(s).filter(|&n| n > 0) else {
                break;
            };
            let v = s[n..].trim_start_matches(is_space).strip_prefix('=')?;
            let v = v.trim_start_matches(is_space);
            let q = v.chars().next().filter(|&c| c == '"' || c == '\'')?;
            let close = v[1..].find(q)? + 1;
            attrs.push((&s[..n], &v[1..close]));
            s = &v[close + 1..];
        }
        let end_name = (!whole.ends_with("/>")).then(|| {
            let e = &whole[whole.rfind("</").map_or(0, |i| i + 2)..];
            &e[..name_end(e).unwrap_or(e.len())]
        });
        Some(Tag {
            name,
            attrs,
            end_name,
        })
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// Whether `<?xml` at `at` is where an XML declaration may be: the start
/// of the document, followed by white space.
fn declaration_at(text: &str, at: usize) -> bool {
    at == bom_len(text)
        && text[at..]
            .strip_prefix("<?xml")
            .is_some_and(|r| r.starts_with(is_space))
}

/// The value of a character reference at the start of `s`, if it is one
/// whose digits fit in a u32.
fn char_ref_at(s: &str) -> Option<u32> {
    let body = &s[..s.find(';')?];
    if let Some(hex) = body.strip_prefix("&#x") {
        u32::from_str_radix(hex, 16).ok()
    } else {
        body.strip_prefix("&#")?.parse().ok()
    }
}

/// `p:xmlns=` (any prefix but `xmlns`) renamed `p:NEW=`, where `new` is
/// as long as `xmlns`.
fn rename_prefixed_xmlns(text: &str, new: &str) -> String {
    let mut out = text.to_owned();
    let mut from = 0;
    while let Some(i) = text[from..].find(":xmlns").map(|i| from + i) {
        from = i + 1;
        let prefix_start = text[..i]
            .rfind(|c: char| is_space(c) || matches!(c, '<' | '\'' | '"' | '='))
            .map_or(0, |p| p + 1);
        let prefix = &text[prefix_start..i];
        let after = text[i + 6..].trim_start_matches(is_space);
        if !prefix.is_empty() && prefix != "xmlns" && after.starts_with('=') {
            out.replace_range(i + 1..i + 6, new);
        }
    }
    out
}

/// XML 1.0 §2.11 for lone CRs only (a CR LF pair is left alone).
/// `text` with CR LF and lone CR as LF (XML 1.0 §2.11).
fn join_line_ends(text: &str) -> String {
    lone_cr_to_lf(&text.replace("\r\n", "\n"))
}

fn lone_cr_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

/// The strings of a line that come from its own text (not the namespace
/// URIs, which an element inherits).
fn strings(l: &Line) -> impl Iterator<Item = &str> {
    let v: Vec<&str> = match &l.item {
        Item::Root => Vec::new(),
        Item::Element { name, attrs, .. } => std::iter::once(name.as_str())
            .chain(
                attrs
                    .iter()
                    .flat_map(|a| [a.name.as_str(), a.value.as_str()]),
            )
            .collect(),
        Item::Text(t) => vec![t],
        Item::Comment { text, .. } => vec![text],
        Item::Pi { target, value, .. } => std::iter::once(target.as_str())
            .chain(value.as_deref())
            .collect(),
    };
    v.into_iter()
}

fn map_strings(l: &Line, f: impl Fn(&str) -> String) -> Line {
    let o = |s: &Option<String>| s.as_deref().map(&f);
    let item = match &l.item {
        Item::Root => Item::Root,
        Item::Element {
            ns,
            name,
            attrs,
            range,
        } => Item::Element {
            ns: o(ns),
            name: f(name),
            attrs: attrs
                .iter()
                .map(|a| Attr {
                    ns: o(&a.ns),
                    name: f(&a.name),
                    value: f(&a.value),
                })
                .collect(),
            range: range.clone(),
        },
        Item::Text(t) => Item::Text(f(t)),
        Item::Comment { text, range } => Item::Comment {
            text: f(text),
            range: range.clone(),
        },
        Item::Pi {
            target,
            value,
            range,
        } => Item::Pi {
            target: f(target),
            value: o(value),
            range: range.clone(),
        },
    };
    Line {
        depth: l.depth,
        item,
    }
}

/// Whether `fixed` (a repaired copy of `text`) passes the comparison, and
/// ours reads it as `same` says it should read the original.
fn passes_repaired(
    text: &str,
    fixed: &str,
    depth: u32,
    b: &Both,
    same: impl Fn(&Canon, &Canon) -> bool,
) -> bool {
    if fixed == text || matches!(verdict_at(fixed, depth + 1), Verdict::Differ(_)) {
        return false;
    }
    match (&b.ours, &ours_canon(fixed)) {
        (Ok(a), Ok(f)) => same(a, f),
        (Err(_), Err(_)) => true,
        _ => false,
    }
}

/// XML 1.0 §2.8 [23] `XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl?
/// S? '?>'`, exactly, at the start of `s`.
fn xml_decl_ok(s: &str) -> bool {
    /// `S name Eq quoted`: the value and the rest.
    fn pseudo<'a>(r: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
        let t = r.trim_start_matches(is_space);
        if t.len() == r.len() {
            return None;
        }
        let t = t.strip_prefix(name)?.trim_start_matches(is_space);
        let t = t.strip_prefix('=')?.trim_start_matches(is_space);
        let q = t.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let end = t[1..].find(q)? + 1;
        Some((&t[1..end], &t[end + 1..]))
    }
    let Some(r) = s.strip_prefix("<?xml") else {
        return false;
    };
    let Some((version, mut r)) = pseudo(r, "version") else {
        return false;
    };
    let digits = version.strip_prefix("1.").unwrap_or("");
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if let Some((enc, rest)) = pseudo(r, "encoding") {
        let mut bytes = enc.bytes();
        let ok = bytes.next().is_some_and(|c| c.is_ascii_alphabetic())
            && bytes.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
        if !ok {
            return false;
        }
        r = rest;
    }
    if let Some((sd, rest)) = pseudo(r, "standalone") {
        if sd != "yes" && sd != "no" {
            return false;
        }
        r = rest;
    }
    r.trim_start_matches(is_space).starts_with("?>")
}

// ---- reporting -----------------------------------------------------------

fn outcome<T, E: std::fmt::Display>(r: &Result<T, E>) -> String {
    match r {
        Ok(_) => "accepts".into(),
        Err(e) => format!("refuses: {e}"),
    }
}

/// The document and both outcomes, for a failure message.
pub fn describe(text: &str, b: &Both) -> String {
    let mut s = format!(
        "  document:  {text:?}\n  roxmltree: {}\n  ours:      {}\n",
        outcome(&b.rox),
        outcome(&b.ours)
    );
    if let (Ok(r), Ok(o)) = (&b.rox, &b.ours) {
        let i = r
            .iter()
            .zip(o)
            .position(|(a, b)| a != b)
            .unwrap_or(r.len().min(o.len()));
        s += &format!(
            "  first difference, node {i}:\n    roxmltree: {:?}\n    ours:      {:?}\n",
            r.get(i),
            o.get(i)
        );
    }
    s
}

/// A name for the kind of difference, to group the failures.
pub fn class_of(b: &Both) -> String {
    match (&b.rox, &b.ours) {
        (Err(e), Ok(_)) => {
            let e = format!("{e:?}");
            let variant = e.split('(').next().unwrap_or("");
            format!("roxmltree refuses ({variant}), ours accepts")
        }
        (Ok(_), Err(e)) => {
            let what = e.message().split('\'').next().unwrap_or("").trim();
            format!("ours refuses ({what}), roxmltree accepts")
        }
        (Ok(r), Ok(o)) => {
            let kind = r
                .iter()
                .zip(o)
                .find(|(a, b)| a != b)
                .map_or("missing", |(a, _)| match a.item {
                    Item::Root => "root",
                    Item::Element { .. } => "element",
                    Item::Text(_) => "text",
                    Item::Comment { .. } => "comment",
                    Item::Pi { .. } => "PI",
                });
            format!("trees differ (at a {kind} node)")
        }
        (Err(_), Err(_)) => "none".into(),
    }
}

/// What a corpus run found.
#[derive(Default)]
struct Findings {
    docs: usize,
    /// Per known difference, how many documents and the shortest.
    known: BTreeMap<&'static str, (usize, String)>,
    /// Per class, the shortest few documents.
    unknown: BTreeMap<String, Vec<String>>,
}

impl Findings {
    fn check(&mut self, text: &str) {
        self.docs += 1;
        match verdict(text) {
            Verdict::Agree => {}
            Verdict::Known(k) => {
                let (n, shortest) = self.known.entry(k).or_insert((0, text.to_owned()));
                *n += 1;
                if text.len() < shortest.len() {
                    text.clone_into(shortest);
                }
            }
            Verdict::Differ(b) => {
                let docs = self.unknown.entry(class_of(&b)).or_default();
                if !docs.iter().any(|d| d == text) {
                    docs.push(text.to_owned());
                    docs.sort_by_key(String::len);
                    docs.truncate(3);
                }
            }
        }
    }

    fn finish(self, corpus: &str, started: Instant) {
        println!(
            "{corpus}: {} documents in {:.2?}",
            self.docs,
            started.elapsed()
        );
        for (k, (n, shortest)) in &self.known {
            println!("  known difference, {n} documents: {k}\n    shortest: {shortest:?}");
        }
        if self.unknown.is_empty() {
            return;
        }
        let mut msg = format!("{corpus}: ours and roxmltree disagree\n");
        for (class, docs) in &self.unknown {
            msg += &format!("\n{class}:\n");
            for d in docs {
                msg += &describe(d, &parse_both(d));
            }
        }
        panic!("{msg}");
    }
}

// ---- corpus 1: files -----------------------------------------------------

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            xml_files(&path, out);
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x, "xml" | "xsd" | "sch" | "xsl" | "xslt"))
        {
            out.push(path);
        }
    }
}

#[test]
fn standards_and_fixtures() {
    let started = Instant::now();
    let standards = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/standards"),
        "/work/shared/standards",
    ]
    .into_iter()
    .map(Path::new)
    .find(|p| p.is_dir());
    let mut files = Vec::new();
    match standards {
        Some(dir) => xml_files(dir, &mut files),
        None => println!("note: no shared/standards next to the repo; fixtures only"),
    }
    xml_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures")),
        &mut files,
    );
    files.sort();
    let mut found = Findings::default();
    let mut skipped = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            skipped += 1;
            continue;
        };
        found.check(text.strip_prefix(BOM).unwrap_or(text));
    }
    println!("files: {} read, {skipped} not UTF-8 (skipped)", files.len());
    assert!(found.docs > 0, "no XML file found");
    found.finish("standards and fixtures", started);
}

// ---- corpus 2: tricky documents ----------------------------------------

const TRICKY: &[&str] = &[
    // XML declaration
    "<?xml version=\"1.0\"?><a/>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
    "<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>",
    "<?xml version=\"1.0\" standalone=\"no\" ?>\n<a/>",
    "<?xml version = \"1.0\" ?><a/>",
    "<?xml version=\"1.1\"?><a/>",
    "<?xml version=\"2.0\"?><a/>",
    "<?xml version=\"1\"?><a/>",
    "<?xml version=\"1.\"?><a/>",
    "<?xml version=\"1.<\"?><a/>",
    "<?xml version=\"1.0\u{1}\"?><a/>",
    "<?xml encoding=\"UTF-8\"?><a/>",
    "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>",
    "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
    "<?xml version=\"1.0\" encoding=\"UTF 8\"?><a/>",
    "<?xml version=\"1.0\" encoding=\"8bit\"?><a/>",
    "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
    "<?xml version=\"1.0\" foo=\"bar\"?><a/>",
    "<?xml versionx=\"1.0\"?><a/>",
    "<?xml version=\"1.0\" encodingx=\"UTF-8\"?><a/>",
    "<?xml\tversion=\"1.0\"?><a/>",
    "<?xml\r\nversion=\"1.0\"?><a/>",
    "<?xml\nversion=\"2.0\"?><a/>",
    " <?xml version=\"1.0\"?><a/>",
    "<a/><?xml version=\"1.0\"?>",
    "<!-- c --><?xml version=\"1.0\"?><a/>",
    "<!-- c --><?xml\tversion=\"1.0\"?><a/>",
    "<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>",
    "<?xml?><a/>",
    "<?xml version=\"1.0\"",
    "<?xml version=\"1.0\" ?>",
    "<?XML version=\"1.0\"?><a/>",
    "<?xml-stylesheet href=\"a.xsl\"?><a/>",
    // BOM
    "\u{FEFF}<?xml version=\"1.0\"?><a/>",
    "\u{FEFF}<a/>",
    "\u{FEFF}\u{FEFF}<a/>",
    "<a>\u{FEFF}</a>",
    "\u{FEFF}<?xml\tversion=\"1.0\"?><a/>",
    // comments
    "<!--c--><a/><!--d-->",
    "<a><!----></a>",
    "<a><!-- a -- b --></a>",
    "<a><!-- a ---></a>",
    "<a><!---></a>",
    "<a><!-- - --></a>",
    "<a><!--\r\n--></a>",
    "<a><!-- <b/> &amp; ]]> --></a>",
    "<a><!-- unclosed</a>",
    "<a>x<!--c-->y</a>",
    // PIs
    "<?pi?><a/>",
    "<a><?pi data ?></a>",
    "<a><?pi   spaced\tdata?></a>",
    "<a><?p:i x?></a>",
    "<a><?:pi?></a>",
    "<a><?pi?x?></a>",
    "<a><?pi/?></a>",
    "<a><?pi-x.y_z data?></a>",
    "<a><?xml version=\"1.0\"?></a>",
    "<a><?xml?></a>",
    "<a><??></a>",
    "<a><?pi unclosed</a>",
    "<a><?1pi?></a>",
    "<?pi \u{1}?><a/>",
    "<a/><?pi after?>",
    // CDATA
    "<a>x<![CDATA[y]]>z</a>",
    "<a><![CDATA[]]></a>",
    "<a><![CDATA[]]]]><![CDATA[>]]></a>",
    "<a><![CDATA[a]]b>c]]></a>",
    "<a><![CDATA[\r\nline\rx]]></a>",
    "<a><![CDATA[<&>]]>&amp;</a>",
    "<![CDATA[x]]><a/>",
    "<a><![CDATA[x</a>",
    "<a><![cdata[x]]></a>",
    "<a><![CDATA[\u{FFFF}]]></a>",
    // references
    "<a>&lt;&gt;&amp;&apos;&quot;</a>",
    "<a b=\"&lt;&gt;&amp;&apos;&quot;\"/>",
    "<a>&#65;&#x42;&#x00043;&#0000068;</a>",
    "<a>&#0;</a>",
    "<a>&#xD800;</a>",
    "<a>&#55296;</a>",
    "<a>&#xFFFE;</a>",
    "<a>&#xFFFF;</a>",
    "<a>&#x110000;</a>",
    "<a>&#99999999999;</a>",
    "<a>&#x;</a>",
    "<a>&#;</a>",
    "<a>&#X41;</a>",
    "<a>&#x41</a>",
    "<a>&nbsp;</a>",
    "<a>&amp</a>",
    "<a>& amp;</a>",
    "<a>&a:b;</a>",
    "<a b=\"&unknown;\"/>",
    "<a b=\"&#xDFFF;\"/>",
    "<a b=\"&\"/>",
    "<a>&#x1F600;&#x10FFFF;</a>",
    "<a>&#9;&#10;&#13;</a>",
    // line endings
    "<a>x\r\ny\rz</a>",
    "<a>\r</a>",
    "<a>\r\r\n\n</a>",
    "<a b=\"x\r\ny\rz\"/>",
    "<a>\r&amp;</a>",
    "<a>&#65;\r</a>",
    "<a>&#65;\r\n</a>",
    "<a>&#13;\r</a>",
    "<a\r\nb=\"1\"\r/>",
    "\r\n<a/>\r\n",
    "<a>\r<b/>\r</a>",
    // attribute values
    "<a b=\"x\ty\nz\"/>",
    "<a b=\"&#10;&#9;&#13;&#32;\"/>",
    "<a b=\"  lead and trail  \"/>",
    "<a b='\"' c=\"'\"/>",
    "<a b=\"<\"/>",
    "<a b=\"&#60;\"/>",
    "<a b=\"]]>\"/>",
    "<a b=\"\"/>",
    "<a b=\"\u{1}\"/>",
    "<a b=\"\u{FFFE}\"/>",
    "<a b=\"unclosed/>",
    "<a b=c/>",
    "<a b/>",
    // duplicate attributes
    "<a b=\"1\" b=\"2\"/>",
    "<a xmlns:p=\"u\" xmlns:q=\"u\" p:b=\"1\" q:b=\"2\"/>",
    "<a xmlns:p=\"u\" p:b=\"1\" b=\"2\"/>",
    "<a xmlns:p=\"u\" xmlns:p=\"v\"/>",
    "<a xmlns=\"u\" xmlns=\"v\"/>",
    "<a xmlns=\"u\" b=\"1\" xmlns=\"u\"/>",
    "<a xml:lang=\"en\" xml:lang=\"fr\"/>",
    // namespaces
    "<a xmlns=\"u\"><b/></a>",
    "<a xmlns=\"u\"><b xmlns=\"\"><c/></b></a>",
    "<a xmlns=\"\"/>",
    "<p:a xmlns:p=\"u\"><p:b xmlns:p=\"v\"/><p:c/></p:a>",
    "<a xml:lang=\"en\"/>",
    "<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" xml:lang=\"en\"/>",
    "<a xmlns:xml=\"urn:other\"/>",
    "<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
    "<a xmlns=\"http://www.w3.org/XML/1998/namespace\"/>",
    "<a xmlns:p=\"http://www.w3.org/2000/xmlns/\"/>",
    "<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
    "<a xmlns:xmlns=\"u\"/>",
    "<a xmlns:xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
    "<a xmlns:p=\"\"/>",
    "<p:a/>",
    "<a p:b=\"1\"/>",
    "<a:b:c xmlns:a=\"u\"/>",
    "<a xmlns:b=\"u\" b:c:d=\"1\"/>",
    "<xmlns:a/>",
    "<xml:a/>",
    "<a><xml:b>t</xml:b></a>",
    "<a xmlns:p=\"u\" p:xmlns=\"v\"/>",
    "<a q:xmlns=\"v\"/>",
    "<a xml:xmlns=\"\">xmlnZ</a>",
    "<:a/>",
    "<a :b=\"1\"/>",
    "<a></:a>",
    "<p:a xmlns:p=\"u\"></p:a>",
    "<p:a xmlns:p=\"u\"></a>",
    "<a xmlns:p=\"u\"/><p:b/>",
    "<a xmlns:p=\" u \"><p:b/></a>",
    "<a xmlns:p=\"&#117;\"><p:b p:c=\"1\"/></a>",
    "<p:a p:b=\"1\" xmlns:p=\"u\"/>",
    // names
    "<é/>",
    "<a·b/>",
    "<1a/>",
    "<-a/>",
    "<.a/>",
    "<a1-._/>",
    "<_/>",
    "<a é=\"1\"/>",
    "<a\u{300}/>",
    "<\u{300}/>",
    "<a\u{37E}/>",
    "<\u{10000}/>",
    // white space in tags
    "<a   b = '1'  />",
    "< a/>",
    "<a></a >",
    "<a></ a>",
    "<a/ >",
    "<a b=\"1\"c=\"2\"/>",
    "<a\tb=\"1\"\n/>",
    // structure
    "<a><b></a></b>",
    "<a>",
    "<a><b/>",
    "</a>",
    "<a/>text",
    "text<a/>",
    "<a/><b/>",
    "<a/>  \n ",
    "<a/>&amp;",
    "<!DOCTYPE a><a/>",
    "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
    "<a/><!DOCTYPE a>",
    "<a><!DOCTYPE a></a>",
    "<!-- c --><!DOCTYPE a><a/>",
    "",
    "   \n\t ",
    "<!-- only a comment -->",
    "<a><!ELEMENT x></a>",
    "<a><b><c><d/></c>t</b><e/></a>",
    // characters
    "<a>\u{1}</a>",
    "<a>\u{0}</a>",
    "<a>\u{FFFE}</a>",
    "<a>\u{FFFF}</a>",
    "<a b=\"\u{FFFF}\"/>",
    "<a><!--\u{1}--></a>",
    "<a><!--\u{FFFE}--></a>",
    "<a>\u{7F}\u{85}\u{FDD0}\u{1FFFE}\u{FFFD}</a>",
    "<a>]]></a>",
    "<a>]]&gt;</a>",
    "<a>]] ></a>",
    "<a>x]</a>",
    "<a>]]</a>",
];

#[test]
fn tricky_documents() {
    let started = Instant::now();
    let mut found = Findings::default();
    for doc in TRICKY {
        found.check(doc);
    }
    found.finish("tricky documents", started);
}

#[test]
fn nesting_up_to_the_depth_limit() {
    let nest = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
    let limit = ours::ParsingOptions::default().depth_limit as usize;
    assert!(matches!(verdict(&nest(limit)), Verdict::Agree));
    assert!(matches!(verdict(&nest(limit + 1)), Verdict::Known(k) if k.contains("depth_limit")));
}

// ---- corpus 3: mutants ---------------------------------------------------

/// A CII-like invoice: prefixes, a default namespace and its undeclaring,
/// `xml:lang`, references, CDATA, comments, a PI and a CR LF.
const INVOICE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<!-- Factur-X MINIMUM, shortened -->
<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\" xmlns:udt='urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100' xmlns=\"urn:default\">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>F-2024&#x2D;001</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format=\"102\">20240131</udt:DateTimeString></ram:IssueDateTime>
    <ram:IncludedNote><ram:Content>Dupont &amp; fils &lt;SARL&gt; &quot;d&#233;p&#xF4;t&quot;<![CDATA[ <raw> & ]]]]><![CDATA[>]]></ram:Content></ram:IncludedNote>
  </rsm:ExchangedDocument>\r
  <rsm:SupplyChainTradeTransaction xml:lang=\"fr\">
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount currencyID=\"EUR\">100.00</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount a:n=\"1\" xmlns:a=\"urn:a\" n='tab\there'>120.00</ram:GrandTotalAmount>
        <?pi data?>
        <plain xmlns=\"\">caf\u{e9}</plain>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
<!-- after -->
";

const SMALL: &str = "<a xmlns=\"u\" xmlns:p=\"v\" p:x=\"1\" y='2'>t&amp;<b/><![CDATA[c]]><!--d--><?e f?><p:c>g</p:c></a>";

const TOKENS: &[&str] = &[
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "<!--",
    "-->",
    "<![CDATA[",
    "xmlns:p='u'",
    "p:",
    "'",
    "\"",
    "\r",
    "\u{1}",
    "é",
    "<?x?>",
    "</a>",
    " ",
    ":",
    "=",
    "xml",
    "xmlns=''",
    "&#13;",
    "&#xD800;",
    "?>",
    "\n",
];

/// xorshift64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The char boundary at or after `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut s = seed.to_owned();
    for _ in 0..1 + rng.below(3) {
        let a = boundary(&s, rng.below(s.len() + 1));
        match rng.below(3) {
            0 => {
                let b = boundary(&s, a + 1 + rng.below(16));
                s.replace_range(a..b, "");
            }
            1 => {
                let b = boundary(&s, a + 1 + rng.below(32));
                let piece = s[a..b].to_owned();
                let at = boundary(&s, rng.below(s.len() + 1));
                s.insert_str(at, &piece);
            }
            _ => s.insert_str(a, TOKENS[rng.below(TOKENS.len())]),
        }
    }
    s
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutants() {
    let started = Instant::now();
    let count = env_number("TREE_DIFF_MUTANTS", 30_000);
    let mut rng = Rng(env_number("TREE_DIFF_SEED", 0x5EED_F4C7_0B1D_2024).max(1));
    let mut found = Findings::default();
    for _ in 0..count {
        // Half from the invoice-like seeds, half from the tricky list.
        let seed = match rng.below(4) {
            0 => INVOICE,
            1 => SMALL,
            _ => TRICKY[rng.below(TRICKY.len())],
        };
        found.check(&mutate(&mut rng, seed));
    }
    found.finish("mutants", started);
}
