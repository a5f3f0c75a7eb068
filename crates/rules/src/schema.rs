//! A compiled schematron: the structure of an ISO-skeleton XSLT file.

use rustc_hash::FxHashMap as HashMap;

use facturx_xpath::{Expr, Function, StaticContext, ast::VarId};

use crate::pattern::Pattern;

/// A compiled rule file.
#[derive(Debug)]
pub struct Schema {
    /// Short name (`en16931`, `facturx-EN16931`...).
    pub name: &'static str,
    /// A number no other schema of the process has (see `plan_cache.rs`).
    pub serial: u64,
    /// Patterns (XSLT modes), in the order the root template runs them.
    pub modes: Vec<Mode>,
    /// Stylesheet functions (`xsl:function`).
    pub functions: Vec<Function>,
    /// Global variables, in document order.
    pub globals: Vec<(VarId, Expr)>,
    /// Names of variables, for messages.
    pub context: StaticContext,
    /// For each element local name, the modes with rules that may match
    /// it, in mode order, each with its candidate rules.
    pub element_plans: HashMap<String, Vec<ModePlan>>,
    /// The same for elements that no rule names: the modes with rules
    /// matching any element.
    pub any_element_plan: Vec<ModePlan>,
    /// Modes with rules matching attributes.
    pub attribute_modes: Vec<usize>,
    /// Modes with rules matching the document node.
    pub document_modes: Vec<usize>,
}

impl Schema {
    /// The modes, with their candidate rules, for an element of local name
    /// `local`.
    pub fn element_plan(&self, local: &str) -> &[ModePlan] {
        self.element_plans
            .get(local)
            .unwrap_or(&self.any_element_plan)
    }
}

/// The rules of one mode that may match an element of a given name: the
/// rules naming it and those matching any element, in priority order
/// (computed once, so a visit does no lookups or merging per mode).
#[derive(Debug)]
pub struct ModePlan {
    /// The mode's index in [`Schema::modes`].
    pub mode: usize,
    /// Indexes in the mode's [`Mode::rules`], highest priority first.
    pub rules: Vec<usize>,
}

/// One schematron pattern: the templates of one XSLT mode.
#[derive(Debug)]
pub struct Mode {
    /// The mode name (`M10`).
    pub name: String,
    /// Rules, highest priority first.
    pub rules: Vec<Rule>,
    /// Whether the built-in (no rule matched) template visits attributes.
    pub default_visits_attributes: bool,
    /// Rule indexes by the local name of the last step (elements); the
    /// namespace is checked by the pattern.
    pub by_element: HashMap<String, Vec<usize>>,
    /// Rules whose last step matches any element.
    pub any_element: Vec<usize>,
    /// Rule indexes by attribute name.
    pub by_attribute: HashMap<String, Vec<usize>>,
    /// Rules whose last step matches any attribute.
    pub any_attribute: Vec<usize>,
    /// Rules matching the document node.
    pub document: Vec<usize>,
    /// True when some rule or the default template visits attributes and
    /// some rule matches them.
    pub has_attribute_rules: bool,
}

/// One schematron rule (an XSLT template).
#[derive(Debug)]
pub struct Rule {
    /// The context pattern as written.
    pub context: String,
    /// The compiled pattern.
    pub pattern: Pattern,
    /// XSLT priority.
    pub priority: f64,
    /// Body: variables and checks, in order.
    pub actions: Vec<Action>,
    /// Whether the template continues into attributes (`@*|*`).
    pub visits_attributes: bool,
}

/// One instruction in a rule body.
#[derive(Debug)]
pub enum Action {
    /// `xsl:variable` (schematron `let`).
    Let(VarId, Expr),
    /// An assert (fires when the test is false) or a report (fires when true).
    Check(Check),
}

/// A schematron assert or report.
#[derive(Debug)]
pub struct Check {
    /// The test as written.
    pub test_text: String,
    /// The compiled test.
    pub test: Expr,
    /// The test's memo key (see `memo.rs`).
    pub memo_key: Option<u32>,
    /// True for `report` (`svrl:successful-report`).
    pub report: bool,
    /// The `id` attribute (empty when absent).
    pub id: String,
    /// The `flag` attribute (empty when absent).
    pub flag: String,
    /// Message parts.
    pub message: Vec<MessagePart>,
}

/// A piece of a message.
#[derive(Debug)]
pub enum MessagePart {
    /// Literal text.
    Text(String),
    /// `xsl:value-of select="..."`.
    ValueOf(Expr),
}
