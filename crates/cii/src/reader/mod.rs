//! The tolerant CII reader: one module per block, mirroring the writer.
//!
//! Every element child is either mapped into the model or reported as a
//! [`Warning::Unmodeled`] with its XPath and line, so nothing is dropped
//! silently. Values the model cannot hold (an unparsable amount, a bad date)
//! are errors with XPath and line.

mod agreement;
mod context;
mod delivery;
mod lines;
mod party;
mod settlement;
mod values;

use facturx_model::{Invoice, Party, Profile};
use roxmltree::{Document, Node, ParsingOptions};

use crate::{Error, ns};

/// What [`read`] found.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Read {
    /// The invoice. Its `profile` is the declared profile, if recognised.
    pub invoice: Invoice,
    /// The profile declared by BT-24, when it is a known Factur-X or ZUGFeRD 2.x identifier.
    pub profile: Option<Profile>,
    /// The BT-24 value as written.
    pub guideline_id: String,
    /// Elements that were not read into the model.
    pub warnings: Vec<Warning>,
}

/// Something in the document that the model does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// An element (and its content) the model has no field for.
    Unmodeled {
        /// Its XPath, with positions where siblings share a name.
        xpath: String,
        /// 1-based line of its start tag.
        line: u32,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Unmodeled { xpath, line } => {
                write!(f, "line {line}: {xpath}: not modeled, not read")
            }
        }
    }
}

/// Input limits of the reader.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Maximum input size in bytes.
    pub max_bytes: usize,
    /// Maximum number of XML nodes.
    pub max_nodes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_nodes: 4_000_000,
        }
    }
}

/// Reads a CII document with the default [`Limits`].
pub fn read(xml: &[u8]) -> Result<Read, Error> {
    read_with(xml, Limits::default())
}

/// Reads a CII document. DTDs are refused, so no entity is ever expanded
/// or fetched; roxmltree bounds the nesting depth.
pub fn read_with(xml: &[u8], limits: Limits) -> Result<Read, Error> {
    if xml.len() > limits.max_bytes {
        return Err(Error::TooLarge {
            size: xml.len(),
            limit: limits.max_bytes,
        });
    }
    let text = crate::decode_xml(xml).map_err(|e| Error::Xml {
        line: e.line,
        column: 1,
        message: e.message,
    })?;
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.max_nodes,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(&text, opts).map_err(|e| {
        let pos = e.pos();
        Error::Xml {
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "CrossIndustryInvoice"
        || root.tag_name().namespace() != Some(ns::RSM)
    {
        return Err(Error::NotCii {
            found: format!(
                "{{{}}}{}",
                root.tag_name().namespace().unwrap_or(""),
                root.tag_name().name()
            ),
            line: line(root),
        });
    }
    let mut cx = Cx::default();
    let mut b = Builder::new()?;
    for c in kids(root) {
        match c.tag_name().name() {
            "ExchangedDocumentContext" => context::context(&mut cx, c, &mut b)?,
            "ExchangedDocument" => context::document(&mut cx, c, &mut b)?,
            "SupplyChainTradeTransaction" => transaction(&mut cx, c, &mut b)?,
            _ => cx.unmodeled(c),
        }
    }
    let profile = Profile::from_guideline_id(&b.guideline_id);
    let b_guideline = b.guideline_id.clone();
    let invoice = b.finish(root, profile)?;
    Ok(Read {
        invoice,
        profile,
        guideline_id: b_guideline,
        warnings: cx.warnings,
    })
}

fn transaction(cx: &mut Cx, n: Node, b: &mut Builder) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "IncludedSupplyChainTradeLineItem" => {
                let line = lines::line(cx, c)?;
                b.inv.lines.push(line);
            }
            "ApplicableHeaderTradeAgreement" => agreement::read(cx, c, &mut b.inv)?,
            "ApplicableHeaderTradeDelivery" => delivery::read(cx, c, &mut b.inv)?,
            "ApplicableHeaderTradeSettlement" => settlement::read(cx, c, b)?,
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

/// The invoice being read, with the mandatory values the model cannot default.
pub(crate) struct Builder {
    pub inv: Invoice,
    pub guideline_id: String,
    pub issue_date: Option<facturx_model::Date>,
    pub currency: Option<facturx_model::CurrencyCode>,
}

impl Builder {
    fn new() -> Result<Builder, Error> {
        // Placeholders, replaced by `finish` or refused there when absent.
        let issue_date = facturx_model::Date::new(1970, 1, 1)
            .map_err(|_| Error::Unreachable("placeholder date"))?;
        let currency = facturx_model::CurrencyCode::new("EUR")
            .map_err(|_| Error::Unreachable("placeholder currency"))?;
        Ok(Builder {
            inv: Invoice {
                profile: None,
                number: String::new(),
                type_code: String::new(),
                issue_date,
                currency,
                tax_currency: None,
                tax_point_date: None,
                tax_point_date_code: None,
                due_date: None,
                buyer_reference: None,
                project: None,
                contract_reference: None,
                purchase_order_reference: None,
                sales_order_reference: None,
                receiving_advice_reference: None,
                despatch_advice_reference: None,
                tender_reference: None,
                invoiced_object: None,
                buyer_accounting_reference: None,
                payment_terms: None,
                notes: Vec::new(),
                business_process: None,
                preceding_invoices: Vec::new(),
                seller: Party::default(),
                buyer: Party::default(),
                payee: None,
                tax_representative: None,
                delivery: None,
                invoicing_period: None,
                remittance_information: None,
                payment_means: Vec::new(),
                mandate_reference: None,
                creditor_reference: None,
                allowances: Vec::new(),
                charges: Vec::new(),
                vat_breakdown: Vec::new(),
                totals: None,
                additional_documents: Vec::new(),
                lines: Vec::new(),
            },
            guideline_id: String::new(),
            issue_date: None,
            currency: None,
        })
    }

    fn finish(mut self, root: Node, profile: Option<Profile>) -> Result<Invoice, Error> {
        let missing = |what| Error::MissingElement {
            xpath: xpath(root),
            line: line(root),
            what,
        };
        self.inv.issue_date = self
            .issue_date
            .ok_or_else(|| missing("rsm:ExchangedDocument/ram:IssueDateTime"))?;
        self.inv.currency = self.currency.ok_or_else(|| {
            missing("ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode")
        })?;
        self.inv.profile = profile;
        Ok(self.inv)
    }
}

/// Reading state: the warnings so far.
#[derive(Default)]
pub(crate) struct Cx {
    pub warnings: Vec<Warning>,
}

impl Cx {
    /// Reports `n` (and everything under it) as not read.
    pub fn unmodeled(&mut self, n: Node) {
        self.warnings.push(Warning::Unmodeled {
            xpath: xpath(n),
            line: line(n),
        });
    }

    /// Stores `value` into a single-valued field, reporting `n` when the
    /// field is already set (a repetition the model cannot hold).
    pub fn set<T>(&mut self, n: Node, field: &mut Option<T>, value: T) {
        if field.is_some() {
            self.unmodeled(n);
        } else {
            *field = Some(value);
        }
    }
}

/// The element children of `n`.
pub(crate) fn kids<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(Node::is_element)
}

/// 1-based line of `n`.
pub(crate) fn line(n: Node) -> u32 {
    n.document().text_pos_at(n.range().start).row
}

/// The XPath of `n`, with the prefixes used in the document and positions
/// where siblings share a name.
pub(crate) fn xpath(n: Node) -> String {
    let mut parts = Vec::new();
    for a in n.ancestors().filter(Node::is_element) {
        let tag = a.tag_name();
        let prefix = tag
            .namespace()
            .and_then(|uri| a.lookup_prefix(uri))
            .map(|p| format!("{p}:"))
            .unwrap_or_default();
        let mut step = format!("{prefix}{}", tag.name());
        if let Some(parent) = a.parent_element() {
            let same: Vec<_> = kids(parent).filter(|s| s.tag_name() == tag).collect();
            if same.len() > 1 {
                let pos = same.iter().position(|s| *s == a).unwrap_or(0) + 1;
                step.push_str(&format!("[{pos}]"));
            }
        }
        parts.push(step);
    }
    parts.reverse();
    format!("/{}", parts.join("/"))
}
