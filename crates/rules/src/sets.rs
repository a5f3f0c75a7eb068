//! The official rule sets, compiled on first use and cached.

use std::sync::OnceLock;

use facturx_model::Profile;
use facturx_report::{Finding, Layer, Severity};

use crate::document::Document;
use crate::driver::{Hit, run};
use crate::error::Error;
use crate::location::Locator;
use crate::schema::Schema;
use crate::xslt_loader::load;

mod artefacts {
    include!(concat!(env!("OUT_DIR"), "/artefacts.rs"));
}

/// Variant of the BR-FR-Flux2 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// `BR-FR-Flux2-Schematron-CII.xslt`: violations are fatal.
    Fatal,
    /// `BR-FR-Flux2-Schematron-CII_WARNING.xslt`: the same rules as warnings.
    Warning,
}

/// Which official rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleSetId {
    /// CEN EN 16931 CII 1.3.16.
    En16931,
    /// Factur-X 1.09.2 schematron of one profile.
    FacturX(Profile),
    /// BR-FR-Flux2 CII 1.4.0.
    BrFr(Variant),
    /// EXTENDED-CTC-FR CII 1.4.0.
    ExtendedCtcFr,
}

impl RuleSetId {
    /// Short stable name (`en16931`, `facturx-basic`, `fr`, `fr-warning`, `ctc-fr`).
    pub fn name(self) -> &'static str {
        match self {
            RuleSetId::En16931 => "en16931",
            RuleSetId::FacturX(p) => match p {
                Profile::Minimum => "facturx-minimum",
                Profile::BasicWl => "facturx-basicwl",
                Profile::Basic => "facturx-basic",
                Profile::En16931 => "facturx-en16931",
                Profile::Extended => "facturx-extended",
            },
            RuleSetId::BrFr(Variant::Fatal) => "fr",
            RuleSetId::BrFr(Variant::Warning) => "fr-warning",
            RuleSetId::ExtendedCtcFr => "ctc-fr",
        }
    }

    /// The report layer of its findings.
    pub fn layer(self) -> Layer {
        match self {
            RuleSetId::En16931 => Layer::En16931,
            RuleSetId::FacturX(_) => Layer::FacturX,
            RuleSetId::BrFr(_) | RuleSetId::ExtendedCtcFr => Layer::Fr,
        }
    }

    /// The artefact path (relative to `schemas/artefacts/`) of its XSLT.
    pub fn artefact(self) -> &'static str {
        match self {
            RuleSetId::En16931 => "en16931-cii-1.3.16/xslt/EN16931-CII-validation.xslt",
            RuleSetId::FacturX(p) => match p {
                Profile::Minimum => "facturx-1.09.2/xslt/MINIMUM/FACTUR-X_MINIMUM.xslt",
                Profile::BasicWl => "facturx-1.09.2/xslt/BASIC-WL/FACTUR-X_BASIC-WL.xslt",
                Profile::Basic => "facturx-1.09.2/xslt/BASIC/FACTUR-X_BASIC.xslt",
                Profile::En16931 => "facturx-1.09.2/xslt/EN16931/FACTUR-X_EN16931.xslt",
                Profile::Extended => "facturx-1.09.2/xslt/EXTENDED/FACTUR-X_EXTENDED.xslt",
            },
            RuleSetId::BrFr(Variant::Fatal) => {
                "fr-ctc-1.4.0/br-fr-flux2-cii/xslt/BR-FR-Flux2-Schematron-CII.xslt"
            }
            RuleSetId::BrFr(Variant::Warning) => {
                "fr-ctc-1.4.0/br-fr-flux2-cii/xslt/BR-FR-Flux2-Schematron-CII_WARNING.xslt"
            }
            RuleSetId::ExtendedCtcFr => {
                "fr-ctc-1.4.0/extended-ctc-fr/xslt/EXTENDED-CTC-FR-CII.xslt"
            }
        }
    }

    /// The embedded XSLT text and the code-list documents it loads.
    fn sources(self) -> (&'static str, Vec<(&'static str, &'static str)>) {
        use artefacts::*;
        match self {
            RuleSetId::En16931 => (EN16931_CII, vec![]),
            RuleSetId::FacturX(p) => match p {
                Profile::Minimum => (
                    FX_MINIMUM,
                    vec![("FACTUR-X_MINIMUM_codedb.xml", FX_MINIMUM_CODEDB)],
                ),
                Profile::BasicWl => (
                    FX_BASIC_WL,
                    vec![("FACTUR-X_BASIC-WL_codedb.xml", FX_BASIC_WL_CODEDB)],
                ),
                Profile::Basic => (
                    FX_BASIC,
                    vec![("FACTUR-X_BASIC_codedb.xml", FX_BASIC_CODEDB)],
                ),
                Profile::En16931 => (
                    FX_EN16931,
                    vec![("FACTUR-X_EN16931_codedb.xml", FX_EN16931_CODEDB)],
                ),
                Profile::Extended => (
                    FX_EXTENDED,
                    vec![("FACTUR-X_EXTENDED_codedb.xml", FX_EXTENDED_CODEDB)],
                ),
            },
            RuleSetId::BrFr(Variant::Fatal) => (BR_FR_FATAL, vec![]),
            RuleSetId::BrFr(Variant::Warning) => (BR_FR_WARNING, vec![]),
            RuleSetId::ExtendedCtcFr => (EXTENDED_CTC_FR, vec![]),
        }
    }

    fn slot(self) -> usize {
        match self {
            RuleSetId::En16931 => 0,
            RuleSetId::FacturX(p) => 1 + p as usize,
            RuleSetId::BrFr(Variant::Fatal) => 6,
            RuleSetId::BrFr(Variant::Warning) => 7,
            RuleSetId::ExtendedCtcFr => 8,
        }
    }
}

/// A compiled official rule set. Compiled once per process, on first use;
/// shareable between threads.
#[derive(Debug)]
pub struct RuleSet {
    id: RuleSetId,
    schema: Schema,
    documents: Vec<(&'static str, facturx_xpath::tree::Document<'static>)>,
}

static CACHE: [OnceLock<Result<RuleSet, String>>; 9] = [const { OnceLock::new() }; 9];

impl RuleSet {
    /// CEN EN 16931 CII 1.3.16.
    pub fn en16931() -> Result<&'static RuleSet, Error> {
        RuleSet::get(RuleSetId::En16931)
    }

    /// Factur-X 1.09.2 rules of `profile`.
    pub fn facturx(profile: Profile) -> Result<&'static RuleSet, Error> {
        RuleSet::get(RuleSetId::FacturX(profile))
    }

    /// BR-FR-Flux2 CII 1.4.0 in the given variant.
    pub fn br_fr(variant: Variant) -> Result<&'static RuleSet, Error> {
        RuleSet::get(RuleSetId::BrFr(variant))
    }

    /// EXTENDED-CTC-FR CII 1.4.0.
    pub fn extended_ctc_fr() -> Result<&'static RuleSet, Error> {
        RuleSet::get(RuleSetId::ExtendedCtcFr)
    }

    /// The rule set `id`, compiled on first use.
    pub fn get(id: RuleSetId) -> Result<&'static RuleSet, Error> {
        let cell = CACHE
            .get(id.slot())
            .ok_or(Error::MissingArtefact("rule set slot"))?;
        match cell.get_or_init(|| RuleSet::compile(id).map_err(|e| e.to_string())) {
            Ok(set) => Ok(set),
            Err(message) => Err(Error::Stylesheet {
                set: id.name(),
                message: message.clone(),
            }),
        }
    }

    fn compile(id: RuleSetId) -> Result<RuleSet, Error> {
        let (xslt, docs) = id.sources();
        if xslt.is_empty() {
            return Err(Error::MissingArtefact(id.artefact()));
        }
        let mut documents = Vec::new();
        for (name, text) in &docs {
            if text.is_empty() {
                return Err(Error::MissingArtefact(name));
            }
            documents.push((*name, facturx_xpath::tree::Document::parse(text)?));
        }
        let refs: Vec<(&str, &facturx_xpath::tree::Document<'_>)> =
            documents.iter().map(|(n, d)| (*n, d)).collect();
        let schema = load(id.name(), xslt, &refs)?;
        Ok(RuleSet {
            id,
            schema,
            documents,
        })
    }

    /// Which set this is.
    pub fn id(&self) -> RuleSetId {
        self.id
    }

    /// Number of asserts and reports in the set.
    pub fn check_count(&self) -> usize {
        self.schema
            .modes
            .iter()
            .flat_map(|m| &m.rules)
            .flat_map(|r| &r.actions)
            .filter(|a| matches!(a, crate::schema::Action::Check(_)))
            .count()
    }

    /// Every distinct rule ID of the set (asserts and reports with an ID).
    pub fn rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .schema
            .modes
            .iter()
            .flat_map(|m| &m.rules)
            .flat_map(|r| &r.actions)
            .filter_map(|a| match a {
                crate::schema::Action::Check(c) if !c.id.is_empty() => Some(c.id.as_str()),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Runs the set and returns the raw hits (failed asserts and successful
    /// reports, in the order the official XSLT emits them).
    pub fn hits<'a>(&'a self, doc: &'a Document<'a>) -> Result<Vec<Hit<'a>>, Error> {
        let mut all = RuleSet::hits_together(&[self], doc)?;
        Ok(all.pop().unwrap_or_default())
    }

    /// Runs several sets in one walk of the document (faster than one after
    /// the other: what they ask alike of a node is evaluated once) and
    /// returns the hits of each, in the order of `sets`.
    pub fn hits_together<'a>(
        sets: &[&'a RuleSet],
        doc: &'a Document<'a>,
    ) -> Result<Vec<Vec<Hit<'a>>>, Error> {
        let targets: Vec<_> = sets
            .iter()
            .map(|s| (&s.schema, s.documents.as_slice()))
            .collect();
        run(&targets, doc.root(), doc.names())
    }

    /// The findings of hits of this set.
    fn findings(&self, hits: Vec<Hit<'_>>) -> Vec<Finding> {
        let layer = self.id.layer();
        let Some(first) = hits.first() else {
            return Vec::new();
        };
        // Every hit is a node of the same document.
        let locator = Locator::new(first.node.node.document().input_text());
        hits.into_iter()
            .map(|h| {
                Finding::new(
                    rule_id(&h, layer),
                    severity(&h.check.flag),
                    layer,
                    locator.locate(h.node),
                    h.message,
                )
            })
            .collect()
    }

    /// Runs the set `n` times and returns the time spent per rule context,
    /// slowest first (for performance work).
    #[doc(hidden)]
    pub fn profile(&self, doc: &Document<'_>, n: usize) -> Vec<(String, std::time::Duration)> {
        crate::driver::PROFILE.with(|p| *p.borrow_mut() = Some(Default::default()));
        for _ in 0..n {
            let _ = self.hits(doc);
        }
        let m = crate::driver::PROFILE
            .with(|p| p.borrow_mut().take())
            .unwrap_or_default();
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        v
    }

    /// Evaluates an XPath expression in the set's static context (its
    /// namespace prefixes and `xsl:function`s) on `doc`, and returns the
    /// string values of the result. For tests and diagnostics.
    pub fn eval_xpath(&self, expr: &str, doc: &Document<'_>) -> Result<Vec<String>, Error> {
        let mut ctx = self.schema.context.clone();
        let e = facturx_xpath::compile(expr, &mut ctx).map_err(|source| Error::Evaluation {
            rule: expr.to_string(),
            location: "/".into(),
            source,
        })?;
        let mut ev = facturx_xpath::Evaluator::new(&self.schema.functions);
        let root = facturx_xpath::XNode::new(doc.root());
        let v = ev
            .eval(&e, &facturx_xpath::Focus::node_focus(root))
            .map_err(|source| Error::Evaluation {
                rule: expr.to_string(),
                location: "/".into(),
                source,
            })?;
        Ok(facturx_xpath::atomize(v)
            .iter()
            .map(|a| a.to_str().into_owned())
            .collect())
    }

    /// Names of the stylesheet functions (`xsl:function`) of the set.
    pub fn function_names(&self) -> Vec<&str> {
        self.schema
            .functions
            .iter()
            .map(|f| f.name.as_str())
            .collect()
    }

    /// Runs the set and returns its findings.
    pub fn validate(&self, doc: &Document<'_>) -> Result<Vec<Finding>, Error> {
        let hits = self.hits(doc)?;
        Ok(self.findings(hits))
    }

    /// Runs several sets in one walk ([`RuleSet::hits_together`]) and
    /// returns all their findings.
    pub fn validate_together(sets: &[&RuleSet], doc: &Document<'_>) -> Result<Vec<Finding>, Error> {
        let hits = RuleSet::hits_together(sets, doc)?;
        Ok(sets
            .iter()
            .zip(hits)
            .flat_map(|(set, h)| set.findings(h))
            .collect())
    }
}

/// The rule ID of a hit: the assert's `id`. The Factur-X schematron's
/// reports carry no ID; all of them say that an element, attribute or
/// element variant "is marked as not used in the given context" (not
/// allowed in the profile), so they get the ID `FX-NOT-USED` (ours, not
/// official); the message names the element.
fn rule_id(h: &Hit<'_>, layer: Layer) -> String {
    if !h.check.id.is_empty() {
        return h.check.id.clone();
    }
    match layer {
        Layer::FacturX => "FX-NOT-USED".to_string(),
        _ => "NO-ID".to_string(),
    }
}

/// `warning` (and `information`) flags are warnings; no flag or `fatal` is fatal.
pub fn severity(flag: &str) -> Severity {
    match flag {
        "warning" | "information" | "info" => Severity::Warning,
        _ => Severity::Fatal,
    }
}
