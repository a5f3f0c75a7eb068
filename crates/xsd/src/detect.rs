//! Cheap BT-24 reading, to pick the schema of a document's declared profile.

use facturx_model::Profile;
use quick_xml::Reader;

use crate::Schema;
use quick_xml::events::Event;

/// What a streaming scan of the document header found.
#[derive(Debug, Default)]
pub(crate) struct Header {
    /// BT-24 text, trimmed, when present.
    pub guideline_id: Option<String>,
    /// True when a `<!DOCTYPE` precedes the root element.
    pub has_doctype: bool,
}

/// Reads the prolog and `ExchangedDocumentContext` only, stopping at the first
/// element after it: a few microseconds whatever the document size.
pub(crate) fn scan_header(xml: &[u8]) -> Header {
    let mut header = Header::default();
    let mut reader = Reader::from_reader(xml);
    let mut seen_root = false;
    let mut in_guideline = false;
    let mut in_id = false;
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::DocType(_)) if !seen_root => header.has_doctype = true,
            Ok(Event::Start(e)) => {
                let local = e.local_name();
                let name = local.as_ref();
                if !seen_root {
                    seen_root = true;
                    continue;
                }
                match name {
                    "GuidelineSpecifiedDocumentContextParameter" => in_guideline = true,
                    "ID" if in_guideline => in_id = true,
                    "ExchangedDocument" | "SupplyChainTradeTransaction" => break,
                    _ => {}
                }
            }
            Ok(Event::Empty(_)) if !seen_root => break,
            Ok(Event::Text(t)) if in_id => text.push_str(&t),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "ID" if in_id => {
                    header.guideline_id = Some(text.trim().to_string());
                    break;
                }
                "GuidelineSpecifiedDocumentContextParameter" => in_guideline = false,
                "ExchangedDocumentContext" => break,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    header
}

/// The profile declared by BT-24
/// (`/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`),
/// read with a streaming scan that stops after the document context.
///
/// Accepts the Factur-X and ZUGFeRD 2.x identifiers understood by
/// [`Profile::from_guideline_id`]. Returns `None` when BT-24 is absent,
/// unreadable or names no Factur-X profile.
///
/// ```
/// use facturx_model::Profile;
/// let xml = br#"<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
///   xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
///   <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
///     <ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID>
///   </ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
/// </rsm:CrossIndustryInvoice>"#;
/// assert_eq!(facturx_xsd::detect_profile(xml), Some(Profile::Minimum));
/// ```
pub fn detect_profile(xml: &[u8]) -> Option<Profile> {
    scan_header(xml)
        .guideline_id
        .as_deref()
        .and_then(Profile::from_guideline_id)
}

/// BT-24 of EXTENDED-CTC-FR, the French reform's CII profile (XP Z12-012
/// 1.4.0; `urn.cpro.gouv.fr` with a dot, as published).
pub const EXTENDED_CTC_FR_GUIDELINE_ID: &str =
    "urn:cen.eu:en16931:2017#conformant#urn.cpro.gouv.fr:1p0:extended-ctc-fr";

/// BT-24 as written (trimmed), whatever it names; `None` when absent.
pub fn detect_guideline_id(xml: &[u8]) -> Option<String> {
    scan_header(xml).guideline_id
}

/// The schema of the profile BT-24 declares: a Factur-X profile (as
/// [`detect_profile`]) or EXTENDED-CTC-FR. `None` when BT-24 is absent or
/// names neither.
pub fn detect_schema(xml: &[u8]) -> Option<Schema> {
    let id = scan_header(xml).guideline_id?;
    if id == EXTENDED_CTC_FR_GUIDELINE_ID {
        return Some(Schema::ExtendedCtcFr);
    }
    Profile::from_guideline_id(&id).map(Schema::FacturX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_ctc_fr_has_its_own_schema() {
        let doc = |id: &str| {
            format!(
                "<r><ExchangedDocumentContext><GuidelineSpecifiedDocumentContextParameter>\
                 <ID> {id} </ID></GuidelineSpecifiedDocumentContextParameter>\
                 </ExchangedDocumentContext></r>"
            )
        };
        let ctc = doc(EXTENDED_CTC_FR_GUIDELINE_ID);
        assert_eq!(detect_schema(ctc.as_bytes()), Some(Schema::ExtendedCtcFr));
        assert_eq!(detect_profile(ctc.as_bytes()), None);
        let en = doc("urn:cen.eu:en16931:2017");
        assert_eq!(
            detect_schema(en.as_bytes()),
            Some(Schema::FacturX(Profile::En16931))
        );
        // The ':' spelling is not the published identifier.
        let wrong = doc("urn:cen.eu:en16931:2017#conformant#urn:cpro.gouv.fr:1p0:extended-ctc-fr");
        assert_eq!(detect_schema(wrong.as_bytes()), None);
    }

    #[test]
    fn stops_without_bt24() {
        let h = scan_header(b"<a><ExchangedDocument><ID>x</ID></ExchangedDocument></a>");
        assert_eq!(h.guideline_id, None);
        assert!(!h.has_doctype);
    }

    #[test]
    fn sees_doctype() {
        let h = scan_header(b"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a/>");
        assert!(h.has_doctype);
    }

    #[test]
    fn ignores_business_process_id() {
        // BT-23 (BusinessProcess) precedes BT-24 and also has an ID child.
        let xml = b"<r><C><BusinessProcessSpecifiedDocumentContextParameter><ID>A1</ID>\
            </BusinessProcessSpecifiedDocumentContextParameter>\
            <GuidelineSpecifiedDocumentContextParameter><ID> urn:cen.eu:en16931:2017 </ID>\
            </GuidelineSpecifiedDocumentContextParameter></C></r>";
        assert_eq!(detect_profile(xml), Some(Profile::En16931));
    }
}
