//! Validation of one file through every layer that applies.

use facturx_model::Profile;
use facturx_report::{Finding, Layer, Location, Report, Severity};

use crate::Error;

/// What [`validate`] runs.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Validate against this profile instead of the one BT-24 declares.
    pub profile: Option<Profile>,
}

impl ValidateOptions {
    /// Forces the profile.
    pub fn with_profile(mut self, profile: Option<Profile>) -> Self {
        self.profile = profile;
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
/// comes from BT-24 (or the forced one), then the XSD layer runs. The
/// report is sorted.
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
    report.sort();
    Ok(report)
}

fn validate_xml(report: &mut Report, xml: &[u8], options: &ValidateOptions) -> Result<(), Error> {
    let profile = options.profile.or_else(|| facturx_xsd::detect_profile(xml));
    let Some(profile) = profile else {
        report.push(Finding::new(
            "FX-PROFILE",
            Severity::Fatal,
            Layer::Input,
            Location::xpath(
                "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
            ),
            "no Factur-X profile could be read from BT-24 (specification identifier); use --profile to force one",
        ));
        return Ok(());
    };
    report.profile = Some(profile.xmp_name().to_string());
    let validator = facturx_xsd::Validator::for_profile(profile)?;
    report.extend(validator.validate(xml)?);
    Ok(())
}
