//! The tree's shape and the parser's refusals. The parser is also
//! compared with roxmltree, node by node, in `tests/tree_vs_roxmltree.rs`.

use super::*;

fn shape(doc: &Document<'_>) -> Vec<String> {
    doc.descendants()
        .map(|n| {
            let depth = n.ancestors().count() - 1;
            let what = match n.node_type() {
                NodeType::Element => {
                    let t = n.tag_name();
                    let attrs: Vec<String> = n
                        .attributes()
                        .map(|a| format!(" {}={:?}", a.name(), a.value()))
                        .collect();
                    format!(
                        "<{}|{}{}>",
                        t.namespace().unwrap_or(""),
                        t.name(),
                        attrs.join("")
                    )
                }
                t => format!("{t:?} {:?}", n.text().or(n.pi().map(|p| p.target))),
            };
            format!("{}{}", "  ".repeat(depth), what)
        })
        .collect()
}

#[test]
fn builds_links_in_document_order() {
    let doc = Document::parse(
        "<?xml version='1.0'?><!--c--><a xmlns='urn:a' xmlns:p='urn:p'><b p:x='1 &amp; 2'>t&lt;<![CDATA[<c>]]>u</b><p:c/>\r\n<d><e/></d></a><?pi data?>",
    )
    .unwrap();
    assert_eq!(
        shape(&doc),
        [
            "Root None",
            "  Comment Some(\"c\")",
            "  <urn:a|a>",
            "    <urn:a|b x=\"1 & 2\">",
            "      Text Some(\"t<<c>u\")",
            "    <urn:p|c>",
            "    Text Some(\"\\n\")",
            "    <urn:a|d>",
            "      <urn:a|e>",
            "  PI Some(\"pi\")",
        ]
    );
    let a = doc.root_element();
    let kids: Vec<_> = a.children().collect();
    assert_eq!(kids.len(), 4);
    assert_eq!(kids[3].prev_sibling(), Some(kids[2]));
    assert_eq!(kids[0].next_sibling(), Some(kids[1]));
    assert_eq!(kids[3].next_sibling(), None);
    assert_eq!(a.last_child(), Some(kids[3]));
    assert_eq!(a.descendants().count(), 7);
    assert_eq!(kids[3].descendants().count(), 2);
    assert_eq!(kids[1].prefix(), "p");
    assert_eq!(a.lookup_prefix("urn:p"), Some("p"));
    assert_eq!(a.lookup_namespace_uri(None), Some("urn:a"));
    assert_eq!(&doc.input_text()[kids[1].range()], "<p:c/>");
    let attr = kids[0].attributes().next().unwrap();
    assert_eq!(&doc.input_text()[attr.range()], "p:x='1 &amp; 2'");
    assert_eq!(attr.namespace(), Some("urn:p"));
}

#[test]
fn text_borrows_the_input_unless_it_was_rewritten() {
    let doc = Document::parse("<a>plain<b>x&amp;y</b></a>").unwrap();
    let texts: Vec<_> = doc.descendants().filter(Node::is_text).collect();
    let plain = texts[0].text().unwrap();
    let input = doc.input_text();
    assert!(input.as_ptr() <= plain.as_ptr() && plain.as_ptr() < input[input.len()..].as_ptr());
    assert_eq!(texts[1].text(), Some("x&y"));
}

#[test]
fn attribute_values_are_normalised() {
    let doc = Document::parse("<a x='a\tb\r\nc&#10;d'/>").unwrap();
    assert_eq!(doc.root_element().attribute("x"), Some("a b c\nd"));
}

#[test]
fn refuses_what_is_not_well_formed() {
    for bad in [
        "",
        "text",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<a/>text",
        "<!DOCTYPE a><a/>",
        "<a>&ent;</a>",
        "<a>&#0;</a>",
        "<a>\u{1}</a>",
        "<a>\u{FFFE}</a>",
        "<a x='1' x='2'/>",
        "<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>",
        "<p:a/>",
        "<a xmlns:p=''/>",
        "<a xmlns:xml='urn:x'/>",
        "<a xmlns:xmlns='urn:x'/>",
        "<a x='<'/>",
        "<a>]]></a>",
        "<a><!-- x -- y --></a>",
        "<a><?xml version='1.0'?></a>",
        "<?XML version='1.0'?><a/>",
        "<a><?Xml x?></a>",
        "<a b:c:d='1'/>",
        "<a x='1'y='2'/>",
        "<?xml version='2.0'?><a/>",
        "<?xml encoding='UTF-8'?><a/>",
        "<a><![CDATA[x</a>",
    ] {
        assert!(Document::parse(bad).is_err(), "accepted {bad:?}");
    }
}

#[test]
fn limits_nodes_and_depth() {
    let opts = ParsingOptions {
        nodes_limit: 3,
        depth_limit: 2,
    };
    assert!(Document::parse_with_options("<a><b/></a>", opts).is_ok());
    assert!(Document::parse_with_options("<a><b/><c/></a>", opts).is_err());
    assert!(Document::parse_with_options("<a><b><c/></b></a>", opts).is_err());
}

#[test]
fn errors_name_the_line_and_column() {
    let e = Document::parse("<a>\n  <b></c>\n</a>").unwrap_err();
    assert_eq!(e.pos(), Some(TextPos { row: 2, col: 6 }));
    assert!(e.to_string().contains("does not match"), "{e}");
}

#[test]
fn the_xml_declaration_follows_its_grammar() {
    for good in [
        "<?xml version='1.0'?><a/>",
        "<?xml version=\"1.1\" encoding='UTF-8' standalone='yes'?><a/>",
        "<?xml version = '1.0' ?><a/>",
    ] {
        assert!(Document::parse(good).is_ok(), "refused {good:?}");
    }
    for bad in [
        "<?xml version='1.0<?x?>'?><a/>",
        "<?xml version='1.0\u{1}'?><a/>",
        "<?xml version='1.'?><a/>",
        "<?xml version='1.0' standalone='maybe'?><a/>",
        "<?xml version='1.0' encoding='-x'?><a/>",
    ] {
        assert!(Document::parse(bad).is_err(), "accepted {bad:?}");
    }
}

#[test]
fn comments_and_pis_read_line_ends_as_lf() {
    let doc = Document::parse("<a><!--x\r\ny\rz--><?p 1\r\n2?></a>").unwrap();
    let kids: Vec<_> = doc.root_element().children().collect();
    assert_eq!(kids[0].text(), Some("x\ny\nz"));
    assert_eq!(kids[1].pi().unwrap().value, Some("1\n2"));
}

#[test]
fn duplicate_attributes_are_found_among_many() {
    let many: String = (0..40).map(|i| format!(" a{i}='1'")).collect();
    assert!(Document::parse(&format!("<e{many}/>")).is_ok());
    // Past the scan threshold, by name and by expanded name.
    assert!(Document::parse(&format!("<e{many} a3='2'/>")).is_err());
    let prefixed: String = (0..40).map(|i| format!(" p:a{i}='1'")).collect();
    let doc = format!("<e xmlns:p='u' xmlns:q='u'{prefixed} q:a7='2'/>");
    assert!(Document::parse(&doc).is_err());
    let doc = format!("<e xmlns:p='u' xmlns:q='v'{prefixed} q:a7='2'/>");
    assert_eq!(
        Document::parse(&doc)
            .unwrap()
            .root_element()
            .attributes()
            .len(),
        41
    );
}

#[test]
fn namespace_bindings_in_scope_are_bounded() {
    let decls = |n: u32| -> String { (0..n).map(|i| format!(" xmlns:p{i}='u{i}'")).collect() };
    let max = parse::MAX_BINDINGS;
    assert!(Document::parse(&format!("<a{}><p0:b/></a>", decls(max))).is_ok());
    let e = Document::parse(&format!("<a{}/>", decls(max + 1))).unwrap_err();
    assert!(e.to_string().contains("namespace bindings"), "{e}");
    // Inherited bindings count too.
    let doc = format!("<a{}><b xmlns:z='z'/></a>", decls(max));
    assert!(Document::parse(&doc).is_err());
}
