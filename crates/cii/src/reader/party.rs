//! `ram:TradePartyType` into [`Party`].

use facturx_model::{Address, Contact, CountryCode, Party};
use roxmltree::Node;

use super::values::{code, identifier, only, text};
use super::{Cx, kids, line, xpath};
use crate::Error;

pub(super) fn party(cx: &mut Cx, n: Node) -> Result<Party, Error> {
    let mut p = Party::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "ID" | "GlobalID" => p.identifiers.push(identifier(c)),
            "Name" => p.name = text(c),
            "Description" => cx.set(c, &mut p.legal_information, text(c)),
            "SpecifiedLegalOrganization" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "ID" => cx.set(k, &mut p.legal_registration, identifier(k)),
                        "TradingBusinessName" => cx.set(k, &mut p.trading_name, text(k)),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "DefinedTradeContact" => p.contacts.push(contact(cx, c)),
            "PostalTradeAddress" => {
                let a = address(cx, c)?;
                cx.set(c, &mut p.address, a);
            }
            "URIUniversalCommunication" => {
                for k in kids(c) {
                    match k.tag_name().name() {
                        "URIID" => cx.set(k, &mut p.electronic_address, identifier(k)),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            "SpecifiedTaxRegistration" => {
                for k in kids(c) {
                    match (k.tag_name().name(), k.attribute("schemeID")) {
                        ("ID", Some("VA")) => cx.set(k, &mut p.vat_identifier, code(k)),
                        ("ID", Some("FC")) => cx.set(k, &mut p.tax_registration, code(k)),
                        _ => cx.unmodeled(k),
                    }
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(p)
}

fn contact(cx: &mut Cx, n: Node) -> Contact {
    let mut ct = Contact::default();
    for c in kids(n) {
        match c.tag_name().name() {
            "PersonName" => ct.name = Some(text(c)),
            "DepartmentName" => ct.department = Some(text(c)),
            "TelephoneUniversalCommunication" => ct.phone = only(cx, c, "CompleteNumber"),
            "EmailURIUniversalCommunication" => ct.email = only(cx, c, "URIID"),
            _ => cx.unmodeled(c),
        }
    }
    ct
}

fn address(cx: &mut Cx, n: Node) -> Result<Address, Error> {
    let mut country = None;
    let mut a = Address {
        line1: None,
        line2: None,
        line3: None,
        city: None,
        postcode: None,
        subdivision: None,
        country: CountryCode::new("FR").map_err(|_| Error::Unreachable("placeholder country"))?,
    };
    for c in kids(n) {
        match c.tag_name().name() {
            "PostcodeCode" => a.postcode = Some(text(c)),
            "LineOne" => a.line1 = Some(text(c)),
            "LineTwo" => a.line2 = Some(text(c)),
            "LineThree" => a.line3 = Some(text(c)),
            "CityName" => a.city = Some(text(c)),
            "CountrySubDivisionName" => a.subdivision = Some(text(c)),
            "CountryID" => {
                let v = code(c);
                country = Some(CountryCode::new(&v).map_err(|e| Error::InvalidValue {
                    xpath: xpath(c),
                    line: line(c),
                    message: e.to_string(),
                })?);
            }
            _ => cx.unmodeled(c),
        }
    }
    a.country = country.ok_or_else(|| Error::MissingElement {
        xpath: xpath(n),
        line: line(n),
        what: "ram:CountryID",
    })?;
    Ok(a)
}
