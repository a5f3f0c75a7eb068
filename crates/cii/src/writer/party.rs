//! `ram:TradePartyType`: seller, buyer, payee, tax representative, ship-to.

use std::io::{self, Write};

use facturx_model::{Address, Contact, Party, Profile};

use super::Out;

/// Which party is written; MINIMUM gives the buyer fewer elements than the seller.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Seller,
    Buyer,
    Other,
}

/// Writes `<name>` holding `party`, with what the profile's `TradePartyType` allows.
pub(super) fn write<W: Write>(
    out: &mut Out<'_, W>,
    name: &str,
    party: &Party,
    role: Role,
) -> io::Result<()> {
    out.start(name)?;
    let min = !out.at_least(Profile::BasicWl);
    if !min {
        for id in party.identifiers.iter().filter(|i| i.scheme.is_none()) {
            out.leaf("ram:ID", &id.id)?;
        }
        for id in party.identifiers.iter().filter(|i| i.scheme.is_some()) {
            out.id("ram:GlobalID", id)?;
        }
    }
    if !party.name.is_empty() || min {
        out.leaf("ram:Name", &party.name)?;
    }
    if out.at_least(Profile::En16931) {
        out.opt_leaf("ram:Description", party.legal_information.as_deref())?;
    }
    let trading = party.trading_name.as_deref().filter(|_| !min);
    if party.legal_registration.is_some() || trading.is_some() {
        out.start("ram:SpecifiedLegalOrganization")?;
        if let Some(id) = &party.legal_registration {
            out.id("ram:ID", id)?;
        }
        out.opt_leaf("ram:TradingBusinessName", trading)?;
        out.end("ram:SpecifiedLegalOrganization")?;
    }
    if min && role == Role::Buyer {
        return out.end(name);
    }
    if out.at_least(Profile::En16931) {
        let n = if out.p == Profile::Extended {
            party.contacts.len()
        } else {
            1
        };
        for c in party.contacts.iter().take(n) {
            contact(out, c)?;
        }
    }
    if let Some(a) = &party.address {
        address(out, a)?;
    }
    if !min && let Some(e) = &party.electronic_address {
        out.start("ram:URIUniversalCommunication")?;
        out.id("ram:URIID", e)?;
        out.end("ram:URIUniversalCommunication")?;
    }
    if let Some(vat) = &party.vat_identifier {
        tax_registration(out, vat, "VA")?;
    }
    if role == Role::Seller
        && let Some(fc) = &party.tax_registration
    {
        tax_registration(out, fc, "FC")?;
    }
    out.end(name)
}

fn tax_registration<W: Write>(out: &mut Out<'_, W>, id: &str, scheme: &str) -> io::Result<()> {
    out.start("ram:SpecifiedTaxRegistration")?;
    out.leaf_with("ram:ID", &[("schemeID", scheme)], id)?;
    out.end("ram:SpecifiedTaxRegistration")
}

fn contact<W: Write>(out: &mut Out<'_, W>, c: &Contact) -> io::Result<()> {
    out.start("ram:DefinedTradeContact")?;
    out.opt_leaf("ram:PersonName", c.name.as_deref())?;
    out.opt_leaf("ram:DepartmentName", c.department.as_deref())?;
    if let Some(phone) = &c.phone {
        out.wrapped(
            "ram:TelephoneUniversalCommunication",
            "ram:CompleteNumber",
            phone,
        )?;
    }
    if let Some(email) = &c.email {
        out.wrapped("ram:EmailURIUniversalCommunication", "ram:URIID", email)?;
    }
    out.end("ram:DefinedTradeContact")
}

fn address<W: Write>(out: &mut Out<'_, W>, a: &Address) -> io::Result<()> {
    out.start("ram:PostalTradeAddress")?;
    if out.at_least(Profile::BasicWl) {
        out.opt_leaf("ram:PostcodeCode", a.postcode.as_deref())?;
        out.opt_leaf("ram:LineOne", a.line1.as_deref())?;
        out.opt_leaf("ram:LineTwo", a.line2.as_deref())?;
        out.opt_leaf("ram:LineThree", a.line3.as_deref())?;
        out.opt_leaf("ram:CityName", a.city.as_deref())?;
    }
    out.leaf("ram:CountryID", a.country.as_str())?;
    if out.at_least(Profile::BasicWl) {
        out.opt_leaf("ram:CountrySubDivisionName", a.subdivision.as_deref())?;
    }
    out.end("ram:PostalTradeAddress")
}
