//! The streaming CII writer: one module per block of the CII document.
//!
//! Every element is written in the order of the profile's XSD sequence, and
//! only when the profile's XSD declares it: data the profile cannot carry is
//! left out (writing a rich invoice as MINIMUM is a normal use). What the
//! profile requires and the invoice lacks is refused up front by
//! [`check::required`], so a write never fails half way except for I/O.

mod agreement;
mod check;
mod context;
mod delivery;
mod lines;
mod number;
mod party;
mod settlement;

use std::io::{self, BufWriter, Write};

use facturx_model::{Amount, Date, Decimal, Identifier, Invoice, Profile};
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::{Error, ns};

/// Writes `invoice` as a Factur-X 1.09.2 CII document of `profile`.
///
/// The output is buffered internally; the same input always gives the same
/// bytes. Fails with [`Error::Missing`] before writing anything when the
/// profile requires data the invoice does not have.
pub fn write<W: Write>(invoice: &Invoice, profile: Profile, out: W) -> Result<(), Error> {
    check::required(invoice, profile)?;
    let mut buf = BufWriter::new(out);
    write_unchecked(invoice, profile, &mut buf)?;
    buf.flush()?;
    Ok(())
}

/// Writes `invoice` as a CII document of `profile` into a new buffer.
pub fn to_vec(invoice: &Invoice, profile: Profile) -> Result<Vec<u8>, Error> {
    check::required(invoice, profile)?;
    let mut v = Vec::with_capacity(4096 + 2048 * invoice.lines.len());
    write_unchecked(invoice, profile, &mut v)?;
    Ok(v)
}

fn write_unchecked<W: Write>(invoice: &Invoice, profile: Profile, w: W) -> io::Result<()> {
    let mut out = Out {
        w: quick_xml::Writer::new_with_indent(w, b' ', 2),
        p: profile,
        currency: invoice.currency.as_str(),
    };
    out.w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("rsm:CrossIndustryInvoice");
    root.push_attribute(("xmlns:rsm", ns::RSM));
    root.push_attribute(("xmlns:qdt", ns::QDT));
    root.push_attribute(("xmlns:ram", ns::RAM));
    root.push_attribute(("xmlns:udt", ns::UDT));
    out.w.write_event(Event::Start(root))?;
    context::write(&mut out, invoice)?;
    out.start("rsm:SupplyChainTradeTransaction")?;
    if profile.has_lines() {
        for line in &invoice.lines {
            lines::write(&mut out, line)?;
        }
    }
    agreement::write(&mut out, invoice)?;
    delivery::write(&mut out, invoice)?;
    settlement::write(&mut out, invoice)?;
    out.end("rsm:SupplyChainTradeTransaction")?;
    out.end("rsm:CrossIndustryInvoice")?;
    out.w.get_mut().write_all(b"\n")
}

/// The XML sink with the helpers every block uses.
pub(crate) struct Out<'a, W: Write> {
    w: quick_xml::Writer<W>,
    /// The profile being written.
    pub p: Profile,
    /// BT-5, for `currencyID` on BT-110.
    pub currency: &'a str,
}

impl<W: Write> Out<'_, W> {
    /// True when the profile being written is `p` or richer.
    pub fn at_least(&self, p: Profile) -> bool {
        self.p >= p
    }

    pub fn start(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::Start(BytesStart::new(name)))
    }

    /// `<name/>`.
    pub fn empty(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::Empty(BytesStart::new(name)))
    }

    pub fn end(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs...>text</name>`.
    pub fn leaf_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        let mut start = BytesStart::new(name);
        for a in attrs {
            start.push_attribute(*a);
        }
        self.w.write_event(Event::Start(start))?;
        // Only `<`, `>` and `&` need escaping in text; keeping quotes readable.
        self.w
            .write_event(Event::Text(BytesText::from_escaped(partial_escape(text))))?;
        self.end(name)
    }

    /// `<name attrs...>number</name>`: digits, sign and point need no escaping.
    fn number_leaf(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        d: Decimal,
        min_scale: u32,
    ) -> io::Result<()> {
        let mut buf = [0u8; 64];
        let text = number::format(d, min_scale, &mut buf);
        let mut start = BytesStart::new(name);
        for a in attrs {
            start.push_attribute(*a);
        }
        self.w.write_event(Event::Start(start))?;
        self.w
            .write_event(Event::Text(BytesText::from_escaped(text)))?;
        self.end(name)
    }

    /// An amount with exactly two decimals and a `currencyID`.
    pub fn amount_in(&mut self, name: &str, a: Amount, currency: &str) -> io::Result<()> {
        self.number_leaf(name, &[("currencyID", currency)], a.value(), 2)
    }

    /// `<name>text</name>`.
    pub fn leaf(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.leaf_with(name, &[], text)
    }

    /// `<name>text</name>` when `text` is given.
    pub fn opt_leaf(&mut self, name: &str, text: Option<&str>) -> io::Result<()> {
        match text {
            Some(t) => self.leaf(name, t),
            None => Ok(()),
        }
    }

    /// `<name><inner>text</inner></name>`.
    pub fn wrapped(&mut self, name: &str, inner: &str, text: &str) -> io::Result<()> {
        self.start(name)?;
        self.leaf(inner, text)?;
        self.end(name)
    }

    /// An identifier with its optional `schemeID`.
    pub fn id(&mut self, name: &str, id: &Identifier) -> io::Result<()> {
        match &id.scheme {
            Some(s) => self.leaf_with(name, &[("schemeID", s)], &id.id),
            None => self.leaf(name, &id.id),
        }
    }

    /// An amount, always with two decimals.
    pub fn amount(&mut self, name: &str, a: Amount) -> io::Result<()> {
        self.number_leaf(name, &[], a.value(), 2)
    }

    /// An amount when given.
    pub fn opt_amount(&mut self, name: &str, a: Option<Amount>) -> io::Result<()> {
        match a {
            Some(a) => self.amount(name, a),
            None => Ok(()),
        }
    }

    /// A decimal (price, percentage) with the scale it has.
    pub fn decimal(&mut self, name: &str, d: Decimal) -> io::Result<()> {
        self.number_leaf(name, &[], d, 0)
    }

    /// A decimal when given.
    pub fn opt_decimal(&mut self, name: &str, d: Option<Decimal>) -> io::Result<()> {
        match d {
            Some(d) => self.decimal(name, d),
            None => Ok(()),
        }
    }

    /// A quantity with its `unitCode`.
    pub fn quantity(&mut self, name: &str, q: Decimal, unit: Option<&str>) -> io::Result<()> {
        match unit {
            Some(u) => self.number_leaf(name, &[("unitCode", u)], q, 0),
            None => self.decimal(name, q),
        }
    }

    /// `<name><udt:DateTimeString format="102">YYYYMMDD</udt:DateTimeString></name>`.
    pub fn date_time(&mut self, name: &str, d: Date) -> io::Result<()> {
        self.date_in(name, "udt:DateTimeString", d)
    }

    /// A date in the given wrapper element, format 102.
    pub fn date_in(&mut self, name: &str, inner: &str, d: Date) -> io::Result<()> {
        self.start(name)?;
        self.leaf_with(inner, &[("format", "102")], &d.to_yyyymmdd())?;
        self.end(name)
    }

    /// `<name><udt:Indicator>true|false</udt:Indicator></name>`.
    pub fn indicator(&mut self, name: &str, value: bool) -> io::Result<()> {
        self.wrapped(name, "udt:Indicator", if value { "true" } else { "false" })
    }
}
