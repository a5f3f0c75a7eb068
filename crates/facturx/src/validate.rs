//! Validation of one file through every layer that applies.

use std::sync::Arc;

use facturx_chorus::Directory;
use facturx_chorus::rules::{CheckOptions, FileFacts};
use facturx_model::{Date, Profile};
use facturx_report::{Finding, Layer, Location, Report, Severity};
use facturx_rules::SetName;
use facturx_xsd::Schema;

use crate::Error;

/// What [`validate`] runs.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Validate against this profile instead of the one BT-24 declares.
    pub profile: Option<Profile>,
    /// Rule sets to run after the XSD; `None` runs the defaults
    /// ([`facturx_rules::default_sets`]): the profile's Factur-X set, plus
    /// EN 16931 for BASIC and above.
    pub rules: Option<Vec<SetName>>,
    /// Also run the Chorus Pro deposit rules (layer `chorus`).
    pub chorus: Option<ChorusOptions>,
}

/// How the Chorus Pro rules run.
#[derive(Debug, Clone)]
pub struct ChorusOptions {
    /// The deposit date the issue date is compared with.
    pub today: Date,
    /// The directory of public structures (service codes, engagement rules).
    pub directory: Option<Arc<Directory>>,
}

impl ValidateOptions {
    /// Forces the profile.
    pub fn with_profile(mut self, profile: Option<Profile>) -> Self {
        self.profile = profile;
        self
    }

    /// Adds the Chorus Pro rules.
    pub fn with_chorus(mut self, chorus: Option<ChorusOptions>) -> Self {
        self.chorus = chorus;
        self
    }

    /// Chooses the rule sets (`None`: defaults).
    pub fn with_rules(mut self, rules: Option<Vec<SetName>>) -> Self {
        self.rules = rules;
        self
    }
}

/// True when the bytes look like a PDF (`%PDF-` within the first KiB, as
/// readers tolerate leading garbage).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Validates a CII XML document or a Factur-X PDF.
///
/// For a PDF: the PDF/A-3 and embedding checks (layer `pdf`), then the
/// embedded invoice XML goes through the XML layers. For XML: the profile
/// comes from BT-24 (or the forced one); the XSD layer runs, then the rule
/// sets. The report is sorted.
pub fn validate(file: &str, bytes: &[u8], options: &ValidateOptions) -> Result<Report, Error> {
    let mut report = Report::new(file);
    if is_pdf(bytes) {
        report.extend(facturx_pdf::check(bytes)?);
        match facturx_pdf::extract(bytes) {
            Ok(extracted) => validate_xml(&mut report, &extracted.xml, options)?,
            // The pdf layer already reports a missing invoice attachment.
            Err(facturx_pdf::Error::NoInvoiceAttachment) => {}
            Err(e) => return Err(e.into()),
        }
    } else {
        validate_xml(&mut report, bytes, options)?;
    }
    if let Some(chorus) = &options.chorus {
        validate_chorus(&mut report, bytes, chorus);
    }
    report.sort();
    Ok(report)
}

fn validate_xml(report: &mut Report, xml: &[u8], options: &ValidateOptions) -> Result<(), Error> {
    // BT-24 is looked for in the text: a UTF-16 document has no ASCII
    // bytes to find it in. Undecodable bytes are the XSD layer's to report.
    let text = facturx_cii::decode_xml(xml);
    let header = text.as_ref().map_or(xml, |t| t.as_bytes());
    let schema = match options.profile {
        Some(profile) => Some(Schema::FacturX(profile)),
        None => facturx_xsd::detect_schema(header),
    };
    let Some(schema) = schema else {
        report.push(Finding::new(
            "FX-PROFILE",
            Severity::Fatal,
            Layer::Input,
            Location::xpath(
                "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
            ),
            no_profile_message(facturx_xsd::detect_guideline_id(header).as_deref()),
        ));
        return Ok(());
    };
    // EXTENDED-CTC-FR: its CII D22B XSD, then its own schematron (which
    // holds the EN 16931 rules as the reform amends them) and BR-FR-Flux2;
    // the Factur-X EXTENDED set would refuse its BT-24.
    let (profile, default_sets) = match schema {
        Schema::FacturX(profile) => (profile, None),
        Schema::ExtendedCtcFr => (Profile::Extended, Some(vec![SetName::CtcFr, SetName::Fr])),
    };
    report.profile = Some(match schema {
        Schema::FacturX(profile) => profile.xmp_name().to_string(),
        Schema::ExtendedCtcFr => "EXTENDED-CTC-FR".to_string(),
    });
    let validator = facturx_xsd::Validator::for_schema(schema)?;
    let xsd = validator.validate(xml)?;
    // A document that is not well-formed has no tree to run rules on.
    let well_formed = !xsd.iter().any(|f| f.rule == facturx_xsd::RULE_XML);
    report.extend(xsd);
    if !well_formed {
        return Ok(());
    }
    let rule_options = facturx_rules::Options {
        file: report.file.clone(),
        sets: options.rules.clone().or(default_sets),
        profile: Some(profile),
    };
    match facturx_rules::validate(xml, &rule_options) {
        Ok(rules) => report.extend(rules.findings),
        // The official processor stops on a dynamic error too; say so
        // instead of pretending the rules passed.
        // The location is the node whose rule raised the error, usually
        // next to the element that is there twice (XPTY0004).
        Err(facturx_rules::Error::Evaluation {
            rule,
            location,
            source,
        }) => report.push(Finding::new(
            "FX-RULES",
            Severity::Fatal,
            Layer::Input,
            Location::xpath(location.clone()),
            format!(
                "the rules could not be evaluated: rule {rule} at {location}: {source}; \
                 the official processor stops there too, so the other rules of the set were \
                 not run: fix this first"
            ),
        )),
        // libxml2 reads a few encodings that we do not (EBCDIC, UTF-32).
        Err(e @ facturx_rules::Error::Encoding(_)) => report.push(Finding::new(
            "FX-RULES",
            Severity::Fatal,
            Layer::Input,
            Location::xpath("/"),
            format!("the rules could not be evaluated: {e}"),
        )),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Why no schema could be chosen from BT-24, and what to do.
fn no_profile_message(guideline_id: Option<&str>) -> String {
    match guideline_id {
        None => "BT-24 (specification identifier) is missing: no Factur-X or EXTENDED-CTC-FR \
                 profile to validate against; use --profile to force one"
            .to_string(),
        Some(id) if id.to_ascii_lowercase().contains("xrechnung") => format!(
            "BT-24 {id:?} is an XRechnung identifier (German CIUS), not a Factur-X profile; \
             use --profile en16931 to check it against the EN 16931 XSD and rules \
             (the XRechnung rules themselves are out of scope)"
        ),
        Some(id) => format!(
            "BT-24 {id:?} names no Factur-X or EXTENDED-CTC-FR profile; use --profile to force one"
        ),
    }
}

/// The Chorus Pro rules read the invoice through the model; a file the
/// reader cannot turn into one is reported, never skipped.
fn validate_chorus(report: &mut Report, bytes: &[u8], chorus: &ChorusOptions) {
    match facturx_chorus::read_file(bytes) {
        Ok((invoice, attachments)) => {
            let facts = FileFacts {
                file_size: Some(bytes.len() as u64),
                attachments,
            };
            let mut check = CheckOptions::new(chorus.today);
            if let Some(dir) = &chorus.directory {
                check = check.with_directory(dir);
            }
            report.extend(facturx_chorus::rules::check(&invoice, &facts, &check));
        }
        Err(e) => report.push(Finding::new(
            "CPRO-READ",
            Severity::Fatal,
            Layer::Chorus,
            Location::xpath("/"),
            format!("the invoice could not be read for the Chorus Pro rules: {e}"),
        )),
    }
}
