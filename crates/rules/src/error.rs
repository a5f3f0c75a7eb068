//! Errors of the rules layer: the check could not run.

/// Why a rule set could not be loaded or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not well-formed XML.
    #[error("xml parse error: {0}")]
    Xml(#[from] facturx_xpath::tree::Error),
    /// The input's bytes do not fit its encoding (or the encoding is not
    /// supported).
    #[error("input encoding: {0}")]
    Encoding(#[from] facturx_cii::EncodingError),
    /// [`Document::parse_bytes`](crate::Document::parse_bytes) was given a
    /// document in another encoding than UTF-8: decode it first.
    #[error("input is not UTF-8: decode it with facturx_rules::decode_xml first")]
    NotUtf8,
    /// An official artefact was not available at build time.
    #[error("artefact {0} was not embedded: run schemas/fetch.sh and rebuild")]
    MissingArtefact(&'static str),
    /// The stylesheet uses a construct the loader does not support.
    #[error("stylesheet {set}: {message}")]
    Stylesheet {
        /// The rule set name.
        set: &'static str,
        /// What is wrong, with the offending expression.
        message: String,
    },
    /// Evaluating a rule raised an XPath dynamic error (the official XSLT
    /// processor stops the whole validation on such errors too).
    #[error("rule {rule} at {location}: {source}")]
    Evaluation {
        /// The assert ID (or the rule context when the error is in a variable).
        rule: String,
        /// Where in the document.
        location: String,
        /// The XPath error.
        source: facturx_xpath::Error,
    },
    /// The rule set name given is not one of ours.
    #[error("unknown rule set {0:?}: expected en16931, facturx, fr, fr-warning or ctc-fr")]
    UnknownRuleSet(String),
    /// The profile could not be read from BT-24 and none was given.
    #[error("cannot detect the Factur-X profile: BT-24 is {0:?}")]
    UnknownProfile(Option<String>),
}
