//! XMP metadata: the packet this crate writes, and a tolerant reader for the
//! values that Factur-X and PDF/A care about.
//!
//! See spec digest §3.2 and ISO 19005-3 6.6.2 (metadata) and 6.6.2.3
//! (extension schemas).

use serde::Serialize;

/// Namespace of the PDF/A identification schema (`pdfaid`).
pub const NS_PDFAID: &str = "http://www.aiim.org/pdfa/ns/id/";
/// Namespace of the Factur-X XMP schema (`fx`), trailing `#` included.
pub const NS_FACTURX: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
/// Namespace of the ZUGFeRD 2.0 XMP schema (`zf`).
pub const NS_ZUGFERD2: &str = "urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#";
/// Namespace of the ZUGFeRD 1.0 XMP schema (`zf`).
pub const NS_ZUGFERD1: &str = "urn:ferd:pdfa:CrossIndustryDocument:invoice:1p0#";
/// Namespace of the Order-X XMP schema.
pub const NS_ORDERX: &str = "urn:factur-x:pdfa:CrossIndustryDocument:1p0#";
const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NS_EXTENSION: &str = "http://www.aiim.org/pdfa/ns/extension/";
const NS_SCHEMA: &str = "http://www.aiim.org/pdfa/ns/schema#";
const NS_PROPERTY: &str = "http://www.aiim.org/pdfa/ns/property#";
const NS_PDF: &str = "http://ns.adobe.com/pdf/1.3/";
const NS_XMP: &str = "http://ns.adobe.com/xap/1.0/";

/// The four `fx` properties, in the order the extension schema lists them.
pub const FX_PROPERTIES: [&str; 4] = [
    "DocumentFileName",
    "DocumentType",
    "Version",
    "ConformanceLevel",
];

/// What the writer puts in the packet. Every text is escaped on output.
#[derive(Debug, Clone, Default)]
pub(crate) struct XmpFields {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Option<String>,
    pub creator_tool: Option<String>,
    pub producer: Option<String>,
    /// XMP form.
    pub create_date: Option<String>,
    /// XMP form.
    pub modify_date: String,
    /// `B` or `U`.
    pub conformance: &'static str,
    /// `fx:ConformanceLevel`.
    pub level: &'static str,
    /// `fx:DocumentFileName`.
    pub file_name: String,
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry are dropped rather than emitted.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const FX_DESCRIPTIONS: [&str; 4] = [
    "The name of the embedded XML document",
    "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
    "The actual version of the standard applying to the embedded XML document",
    "The conformance level of the embedded XML document",
];

/// Writes a complete XMP packet (UTF-8, with a writable padding-free trailer).
pub(crate) fn write_packet(f: &XmpFields) -> String {
    use std::fmt::Write;
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    let _ = writeln!(x, " <rdf:RDF xmlns:rdf=\"{NS_RDF}\">");
    let _ = writeln!(
        x,
        "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"{NS_PDFAID}\">\n   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>{}</pdfaid:conformance>\n  </rdf:Description>",
        f.conformance
    );
    if f.title.is_some() || f.author.is_some() || f.subject.is_some() {
        x.push_str(
            "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        );
        x.push_str("   <dc:format>application/pdf</dc:format>\n");
        if let Some(t) = &f.title {
            let _ = writeln!(
                x,
                "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
                esc(t)
            );
        }
        if let Some(a) = &f.author {
            let _ = writeln!(
                x,
                "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
                esc(a)
            );
        }
        if let Some(s) = &f.subject {
            let _ = writeln!(
                x,
                "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
                esc(s)
            );
        }
        x.push_str("  </rdf:Description>\n");
    }
    let _ = writeln!(
        x,
        "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"{NS_PDF}\">"
    );
    if let Some(p) = &f.producer {
        let _ = writeln!(x, "   <pdf:Producer>{}</pdf:Producer>", esc(p));
    }
    if let Some(k) = &f.keywords {
        let _ = writeln!(x, "   <pdf:Keywords>{}</pdf:Keywords>", esc(k));
    }
    x.push_str("  </rdf:Description>\n");
    let _ = writeln!(
        x,
        "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"{NS_XMP}\">"
    );
    if let Some(c) = &f.creator_tool {
        let _ = writeln!(x, "   <xmp:CreatorTool>{}</xmp:CreatorTool>", esc(c));
    }
    if let Some(d) = &f.create_date {
        let _ = writeln!(x, "   <xmp:CreateDate>{d}</xmp:CreateDate>");
    }
    let _ = writeln!(
        x,
        "   <xmp:ModifyDate>{0}</xmp:ModifyDate>\n   <xmp:MetadataDate>{0}</xmp:MetadataDate>",
        f.modify_date
    );
    x.push_str("  </rdf:Description>\n");
    let _ = writeln!(
        x,
        "  <rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"{NS_EXTENSION}\" xmlns:pdfaSchema=\"{NS_SCHEMA}\" xmlns:pdfaProperty=\"{NS_PROPERTY}\">"
    );
    x.push_str(
        "   <pdfaExtension:schemas>\n    <rdf:Bag>\n     <rdf:li rdf:parseType=\"Resource\">\n",
    );
    x.push_str("      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n");
    let _ = writeln!(
        x,
        "      <pdfaSchema:namespaceURI>{NS_FACTURX}</pdfaSchema:namespaceURI>"
    );
    x.push_str("      <pdfaSchema:prefix>fx</pdfaSchema:prefix>\n      <pdfaSchema:property>\n       <rdf:Seq>\n");
    for (name, desc) in FX_PROPERTIES.iter().zip(FX_DESCRIPTIONS) {
        let _ = writeln!(
            x,
            "        <rdf:li rdf:parseType=\"Resource\">\n         <pdfaProperty:name>{name}</pdfaProperty:name>\n         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n         <pdfaProperty:category>external</pdfaProperty:category>\n         <pdfaProperty:description>{desc}</pdfaProperty:description>\n        </rdf:li>"
        );
    }
    x.push_str("       </rdf:Seq>\n      </pdfaSchema:property>\n     </rdf:li>\n    </rdf:Bag>\n   </pdfaExtension:schemas>\n  </rdf:Description>\n");
    let _ = writeln!(
        x,
        "  <rdf:Description rdf:about=\"\" xmlns:fx=\"{NS_FACTURX}\">\n   <fx:DocumentType>INVOICE</fx:DocumentType>\n   <fx:DocumentFileName>{}</fx:DocumentFileName>\n   <fx:Version>1.0</fx:Version>\n   <fx:ConformanceLevel>{}</fx:ConformanceLevel>\n  </rdf:Description>",
        esc(&f.file_name),
        f.level
    );
    x.push_str(" </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

/// The Factur-X (or ZUGFeRD / Order-X) values found in an XMP packet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FxValues {
    /// The namespace URI the values were found in.
    pub namespace: String,
    /// `DocumentType` (`INVOICE`).
    pub document_type: Option<String>,
    /// `DocumentFileName` (`factur-x.xml`).
    pub document_file_name: Option<String>,
    /// `Version` (`1.0`).
    pub version: Option<String>,
    /// `ConformanceLevel` (`EN 16931`).
    pub conformance_level: Option<String>,
}

/// One schema described in `pdfaExtension:schemas`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExtensionSchema {
    /// `pdfaSchema:namespaceURI`.
    pub namespace_uri: String,
    /// `pdfaSchema:prefix`.
    pub prefix: Option<String>,
    /// `pdfaSchema:schema` (human-readable name).
    pub schema: Option<String>,
    /// Each `pdfaProperty` described.
    pub properties: Vec<ExtensionProperty>,
}

/// One property of an extension schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExtensionProperty {
    /// `pdfaProperty:name`.
    pub name: String,
    /// `pdfaProperty:valueType`.
    pub value_type: Option<String>,
    /// `pdfaProperty:category`.
    pub category: Option<String>,
    /// `pdfaProperty:description`.
    pub description: Option<String>,
}

/// What [`read_packet`] found in an XMP packet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct XmpInfo {
    /// `pdfaid:part`.
    pub pdfa_part: Option<String>,
    /// `pdfaid:conformance`.
    pub pdfa_conformance: Option<String>,
    /// The hybrid-invoice schema values, when present.
    pub fx: Option<FxValues>,
    /// Every extension schema description.
    pub extension_schemas: Vec<ExtensionSchema>,
    /// `pdf:Producer`.
    pub producer: Option<String>,
    /// `xmp:CreatorTool`.
    pub creator_tool: Option<String>,
}

/// Reads an XMP packet. DTDs are refused (roxmltree's default), so no entity
/// is ever expanded. `Err` carries the parser's message.
pub fn read_packet(bytes: &[u8]) -> Result<XmpInfo, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("xmp is not utf-8: {e}"))?;
    let text = text.trim_start_matches('\u{feff}').trim();
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let mut info = XmpInfo {
        pdfa_part: property(&doc, NS_PDFAID, "part"),
        pdfa_conformance: property(&doc, NS_PDFAID, "conformance"),
        producer: property(&doc, NS_PDF, "Producer"),
        creator_tool: property(&doc, NS_XMP, "CreatorTool"),
        ..XmpInfo::default()
    };
    for ns in [NS_FACTURX, NS_ZUGFERD2, NS_ZUGFERD1, NS_ORDERX] {
        let fx = FxValues {
            namespace: ns.to_string(),
            document_type: property(&doc, ns, "DocumentType"),
            document_file_name: property(&doc, ns, "DocumentFileName"),
            version: property(&doc, ns, "Version"),
            conformance_level: property(&doc, ns, "ConformanceLevel"),
        };
        if fx.document_type.is_some()
            || fx.document_file_name.is_some()
            || fx.conformance_level.is_some()
        {
            info.fx = Some(fx);
            break;
        }
    }
    for schemas in doc
        .descendants()
        .filter(|n| n.has_tag_name((NS_EXTENSION, "schemas")))
    {
        for li in schemas
            .descendants()
            .filter(|n| n.has_tag_name((NS_RDF, "li")))
        {
            let Some(uri) = child_text(li, NS_SCHEMA, "namespaceURI") else {
                continue;
            };
            let properties = li
                .descendants()
                .filter(|n| n.has_tag_name((NS_RDF, "li")) && *n != li)
                .filter_map(|p| {
                    Some(ExtensionProperty {
                        name: child_text(p, NS_PROPERTY, "name")?,
                        value_type: child_text(p, NS_PROPERTY, "valueType"),
                        category: child_text(p, NS_PROPERTY, "category"),
                        description: child_text(p, NS_PROPERTY, "description"),
                    })
                })
                .collect();
            info.extension_schemas.push(ExtensionSchema {
                namespace_uri: uri,
                prefix: child_text(li, NS_SCHEMA, "prefix"),
                schema: child_text(li, NS_SCHEMA, "schema"),
                properties,
            });
        }
    }
    Ok(info)
}

/// A simple property, as a child element (text, or first `rdf:li` of an
/// Alt/Seq/Bag) or as an attribute of `rdf:Description`.
fn property(doc: &roxmltree::Document<'_>, ns: &str, name: &str) -> Option<String> {
    for node in doc.descendants() {
        if node.has_tag_name((ns, name)) {
            let li = node.descendants().find(|n| n.has_tag_name((NS_RDF, "li")));
            let text = li.unwrap_or(node).text().unwrap_or("").trim().to_string();
            return Some(text);
        }
        if node.has_tag_name((NS_RDF, "Description")) {
            if let Some(v) = node.attribute((ns, name)) {
                return Some(v.trim().to_string());
            }
        }
    }
    None
}

fn child_text(node: roxmltree::Node<'_, '_>, ns: &str, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name((ns, name)))
        .map(|c| c.text().unwrap_or("").trim().to_string())
        .or_else(|| node.attribute((ns, name)).map(|v| v.trim().to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn written_packet_reads_back() {
        let fields = XmpFields {
            title: Some("Invoice <1> & co".into()),
            author: Some("Seller".into()),
            modify_date: "2024-01-02T03:04:05+00:00".into(),
            conformance: "B",
            level: "EN 16931",
            file_name: "factur-x.xml".into(),
            ..XmpFields::default()
        };
        let info = read_packet(write_packet(&fields).as_bytes()).unwrap();
        assert_eq!(info.pdfa_part.as_deref(), Some("3"));
        assert_eq!(info.pdfa_conformance.as_deref(), Some("B"));
        let fx = info.fx.unwrap();
        assert_eq!(fx.namespace, NS_FACTURX);
        assert_eq!(fx.conformance_level.as_deref(), Some("EN 16931"));
        assert_eq!(fx.document_file_name.as_deref(), Some("factur-x.xml"));
        assert_eq!(info.extension_schemas.len(), 1);
        let schema = &info.extension_schemas[0];
        assert_eq!(schema.prefix.as_deref(), Some("fx"));
        let names: Vec<_> = schema.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, FX_PROPERTIES);
    }

    #[test]
    fn attribute_form_and_dtd_refusal() {
        let x = format!(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{NS_RDF}"><rdf:Description rdf:about="" xmlns:pdfaid="{NS_PDFAID}" pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>"#
        );
        let info = read_packet(x.as_bytes()).unwrap();
        assert_eq!(info.pdfa_part.as_deref(), Some("2"));
        assert!(info.fx.is_none());
        let dtd = r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#;
        assert!(read_packet(dtd.as_bytes()).is_err());
    }
}
