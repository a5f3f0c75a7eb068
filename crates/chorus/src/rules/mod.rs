//! The Chorus Pro rule set (`--rules chorus`): our own IDs `CPRO-nn`, each
//! documented with its source in `crates/chorus/RULES.md`.
//!
//! Rules run on the [`Invoice`] model plus [`FileFacts`] (file and
//! attachment sizes the model does not carry). Every message starts with
//! [`REGIME`], so a report says which regime a file was checked for: Chorus
//! Pro's framework codes `A1`..`A25`, not the reform's `B1`/`S1`/`M1`
//! (checked by `--rules fr`).

mod attachments;
pub use attachments::{
    ALLOWED_EXTENSIONS, MAX_ATTACHMENT_BYTES, MAX_NAME_CHARS, MAX_TOTAL_BYTES, attachments_of,
};
mod directory;
mod document;
pub(crate) mod routing;

use facturx_model::{Date, Invoice};
use facturx_report::{Finding, Layer, Location, Report, Severity};

use crate::Directory;

/// Prefix of every Chorus finding's message: the regime the file was checked for.
pub const REGIME: &str = "Chorus Pro regime (framework A1-A25)";

/// Which French regime an invoice's framework code (BT-23) belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Chorus Pro B2G: `A1`..`A25` (or absent: Chorus applies `A1`).
    ChorusPro,
    /// The 2026 reform (BR-FR-08): `B1`, `S1`, `M1`...
    Reform,
    /// Any other value.
    Unknown,
}

impl Regime {
    /// The regime BT-23 names, so that a caller can say which rule set fits
    /// (`--rules chorus` or `--rules fr`).
    pub fn of(invoice: &Invoice) -> Regime {
        match invoice.business_process.as_deref().map(str::trim) {
            None | Some("") => Regime::ChorusPro,
            Some(c) if document::is_chorus_framework(c) => Regime::ChorusPro,
            Some(c) if document::REFORM_CODES.contains(&c) => Regime::Reform,
            Some(_) => Regime::Unknown,
        }
    }
}

/// One rule of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Our rule ID (`CPRO-01`).
    pub id: &'static str,
    /// Severity of its findings (CPRO-05 reports a missing BT-23 as a warning).
    pub severity: Severity,
    /// What it checks, in one line.
    pub title: &'static str,
    /// Where the requirement comes from (the digest's source shorthand).
    pub source: &'static str,
}

const fn rule(id: &'static str, title: &'static str, source: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Fatal,
        title,
        source,
    }
}

/// Every rule, in ID order. `RULES.md` documents the same list (a test
/// keeps them in step).
pub const RULES: &[Rule] = &[
    rule(
        "CPRO-01",
        "buyer SIRET present (BT-47, or BT-46 with scheme 0009)",
        "FXNET; OCA",
    ),
    rule(
        "CPRO-02",
        "buyer SIRET/SIREN: 9 or 14 digits with a valid key",
        "FXNET; INSEE",
    ),
    rule(
        "CPRO-03",
        "French supplier SIRET or SIREN present (BT-29/BT-30)",
        "OCA",
    ),
    rule(
        "CPRO-04",
        "supplier SIRET/SIREN: 9 or 14 digits with a valid key",
        "OCA; INSEE",
    ),
    Rule {
        id: "CPRO-05",
        severity: Severity::Fatal,
        title: "framework BT-23 is a Chorus code A1..A25 (absent: warning, A1 applies)",
        source: "SAMPLES; GOBL",
    },
    rule(
        "CPRO-06",
        "framework A2 (already paid): amount due 0 and payment date BT-9",
        "GOBL; BR-FR-CO-09",
    ),
    rule("CPRO-07", "BT-3 among 380, 381, 384, 386, 389", "FXNET"),
    rule("CPRO-08", "BT-1 at most 20 characters", "FXNET"),
    rule("CPRO-09", "BT-2 not after the deposit date", "FXNET"),
    rule(
        "CPRO-10",
        "single currency: BT-6 absent or equal to BT-5",
        "FXNET",
    ),
    rule(
        "CPRO-11",
        "buyer SIRET known and active in the directory",
        "OCA structures API",
    ),
    rule(
        "CPRO-12",
        "service code BT-10 required / known and active",
        "OCA structures API",
    ),
    rule(
        "CPRO-13",
        "engagement number BT-13 present when required (or either)",
        "OCA structures API; FXNET",
    ),
    rule(
        "CPRO-14",
        "engagement number BT-13 at most 50 characters",
        "OCA",
    ),
    rule("CPRO-15", "each attachment under 10 MB", "OCA"),
    rule("CPRO-16", "invoice with attachments under 120 MB", "OCA"),
    rule(
        "CPRO-17",
        "attachment file name at most 50 characters",
        "OCA",
    ),
    rule("CPRO-18", "attachment extension allowed", "OCA"),
    rule(
        "CPRO-19",
        "invoice number unique per supplier and year (batch and ledger)",
        "issue 7",
    ),
];

/// Options of a check run.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions<'a> {
    /// The deposit date BT-2 is compared with (inject a fixed date in tests).
    pub today: Date,
    /// The directory of public structures; CPRO-11 to CPRO-13 run only with one.
    pub directory: Option<&'a Directory>,
}

impl<'a> CheckOptions<'a> {
    /// Options checking against `today`, without directory.
    pub fn new(today: Date) -> Self {
        CheckOptions {
            today,
            directory: None,
        }
    }

    /// Adds a directory.
    pub fn with_directory(mut self, directory: &'a Directory) -> Self {
        self.directory = Some(directory);
        self
    }
}

/// Facts about the deposited file that the model does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// Size in bytes of the file deposited (PDF or XML), when known.
    pub file_size: Option<u64>,
    /// Files attached outside the XML (PDF embedded files other than the
    /// Factur-X XML). BG-24 attachments are read from the model.
    pub attachments: Vec<AttachmentFact>,
}

/// One attached file: name and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFact {
    /// The file name as the portal sees it.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Where it sits (an XPath or a PDF object description).
    pub location: String,
}

/// Runs every Chorus rule on one invoice. The findings come in rule order.
pub fn check(invoice: &Invoice, facts: &FileFacts, options: &CheckOptions<'_>) -> Vec<Finding> {
    let mut out = Findings::default();
    routing::check(invoice, &mut out);
    document::check(invoice, options.today, &mut out);
    if let Some(dir) = options.directory {
        directory::check(invoice, dir, &mut out);
    }
    directory::cpro_14(invoice, &mut out);
    attachments::check(invoice, facts, &mut out);
    out.0
}

/// Runs [`check`] and wraps the findings in a [`Report`] for `file`.
pub fn validate(
    file: &str,
    invoice: &Invoice,
    facts: &FileFacts,
    options: &CheckOptions<'_>,
) -> Report {
    let mut report = Report::new(file);
    report.profile = invoice.profile.map(|p| p.xmp_name().to_string());
    report.extend(check(invoice, facts, options));
    report
}

/// Collects findings, prefixing each message with [`REGIME`].
#[derive(Default)]
pub(crate) struct Findings(Vec<Finding>);

impl Findings {
    pub(crate) fn fatal(&mut self, rule: &'static str, path: &str, message: String) {
        self.push(rule, Severity::Fatal, path, message);
    }

    pub(crate) fn warning(&mut self, rule: &'static str, path: &str, message: String) {
        self.push(rule, Severity::Warning, path, message);
    }

    fn push(&mut self, rule: &'static str, severity: Severity, path: &str, message: String) {
        self.0.push(Finding::new(
            rule,
            severity,
            Layer::Chorus,
            Location::xpath(path),
            format!("{REGIME}: {message}"),
        ));
    }
}

/// CII paths of the terms the rules read.
pub(crate) mod path {
    #![allow(dead_code)]
    pub const CONTEXT: &str = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext";
    pub const BT_23: &str = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID";
    pub const BT_1: &str = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID";
    pub const BT_3: &str = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode";
    pub const BT_2: &str =
        "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString";
    pub const AGREEMENT: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement";
    pub const BT_10: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference";
    pub const BT_13: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID";
    pub const BUYER: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty";
    pub const SELLER: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty";
    pub const BT_6: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:TaxCurrencyCode";
    pub const BT_115: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount";
    pub const BT_9: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString";
    pub const BG_24: &str = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument";
    pub const ROOT: &str = "/rsm:CrossIndustryInvoice";
}

#[cfg(test)]
mod tests;
