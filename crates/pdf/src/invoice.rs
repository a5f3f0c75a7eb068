//! Reads what the PDF side needs from the invoice XML: its profile (BT-24).

use facturx_model::Profile;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::Error;

/// What the embedding needs to know about a CII invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvoiceHead {
    /// BT-24 as written.
    pub guideline_id: String,
}

/// Scans the XML up to BT-24, without building a tree.
///
/// The root must be `CrossIndustryInvoice`; BT-24 is the text of
/// `ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID`.
/// Namespace prefixes are ignored (local names only). DTDs are not expanded:
/// quick-xml never resolves entities.
pub(crate) fn read_head(xml: &[u8]) -> Result<InvoiceHead, Error> {
    let mut reader = Reader::from_reader(xml);
    let mut path: Vec<String> = Vec::new();
    let mut text: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::Xml(format!(
                "not well-formed at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if path.is_empty() && name != "CrossIndustryInvoice" {
                    return Err(Error::Xml(format!(
                        "root element is {:?}, expected CrossIndustryInvoice",
                        name
                    )));
                }
                path.push(name);
                if in_bt24(&path) {
                    text = Some(String::new());
                }
            }
            Event::Empty(e) => {
                if path.is_empty() {
                    return Err(Error::Xml("root element is empty".into()));
                }
                let mut probe = path.clone();
                probe.push(e.local_name().as_ref().to_string());
                if in_bt24(&probe) {
                    return Ok(InvoiceHead {
                        guideline_id: String::new(),
                    });
                }
            }
            Event::Text(t) => {
                if let Some(buf) = text.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(buf) = text.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(buf) = text.as_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    match resolved {
                        Some(c) => buf.push(c),
                        None => return Err(Error::Xml("unknown entity reference in BT-24".into())),
                    }
                }
            }
            Event::End(_) => {
                if let Some(found) = text.take() {
                    return Ok(InvoiceHead {
                        guideline_id: found.trim().to_string(),
                    });
                }
                path.pop();
                if path.is_empty() {
                    return Err(Error::MissingGuidelineId);
                }
            }
            Event::Eof => {
                return Err(if path.is_empty() {
                    Error::Xml("no root element".into())
                } else {
                    Error::Xml("unexpected end of document".into())
                });
            }
            _ => {}
        }
    }
}

fn in_bt24(path: &[String]) -> bool {
    matches!(path, [_, a, b, c] if a == "ExchangedDocumentContext"
        && b == "GuidelineSpecifiedDocumentContextParameter"
        && c == "ID")
}

/// The profile of `xml`, checked against the caller's expectation.
pub(crate) fn profile_of(xml: &[u8], expected: Option<Profile>) -> Result<Profile, Error> {
    let head = read_head(xml)?;
    if head.guideline_id.is_empty() {
        return Err(Error::MissingGuidelineId);
    }
    let found =
        Profile::from_guideline_id(&head.guideline_id).ok_or(Error::UnknownGuidelineId {
            found: head.guideline_id.clone(),
        })?;
    match expected {
        Some(expected) if expected != found => Err(Error::ProfileMismatch { expected, found }),
        _ => Ok(found),
    }
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

    fn cii(id: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:x" xmlns:ram="urn:y">
<rsm:ExchangedDocumentContext><ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>A1</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{id}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>"#
        )
    }

    #[test]
    fn reads_each_profile() {
        for p in Profile::ALL {
            assert_eq!(
                profile_of(cii(p.guideline_id()).as_bytes(), None).unwrap(),
                p
            );
        }
    }

    #[test]
    fn byte_order_mark_and_comments_are_tolerated() {
        let xml = format!(
            "\u{feff}<!-- generated -->\n{}",
            cii("urn:factur-x.eu:1p0:basicwl")
        );
        assert_eq!(profile_of(xml.as_bytes(), None).unwrap(), Profile::BasicWl);
        let spaced = cii("\n   urn:cen.eu:en16931:2017\n ");
        assert_eq!(
            profile_of(spaced.as_bytes(), None).unwrap(),
            Profile::En16931
        );
    }

    #[test]
    fn caller_profile_must_agree() {
        let xml = cii("urn:cen.eu:en16931:2017");
        let err = profile_of(xml.as_bytes(), Some(Profile::Minimum)).unwrap_err();
        assert!(matches!(
            err,
            Error::ProfileMismatch {
                expected: Profile::Minimum,
                found: Profile::En16931
            }
        ));
    }

    #[test]
    fn rejects_non_cii_and_unknown_ids() {
        assert!(matches!(
            profile_of(b"<Invoice/>", None),
            Err(Error::Xml(_))
        ));
        assert!(matches!(profile_of(b"<a><b>", None), Err(Error::Xml(_))));
        assert!(matches!(
            profile_of(cii("urn:other").as_bytes(), None),
            Err(Error::UnknownGuidelineId { .. })
        ));
        let ctc = "urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr";
        let e = profile_of(cii(ctc).as_bytes(), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("XML-only profile"), "{e}");
        let e = profile_of(cii("urn:other").as_bytes(), None)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("XML-only"), "{e}");
        let no_bt24 = r#"<rsm:CrossIndustryInvoice xmlns:rsm="urn:x"><rsm:ExchangedDocumentContext/></rsm:CrossIndustryInvoice>"#;
        assert!(matches!(
            profile_of(no_bt24.as_bytes(), None),
            Err(Error::MissingGuidelineId)
        ));
    }
}
