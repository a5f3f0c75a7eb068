//! Invoice data in, CII XML out.

use facturx_model::{Invoice, Profile, calc};

use crate::Error;

/// How [`generate_xml`] builds the XML.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GenerateOptions {
    /// The profile to write; overrides the invoice's own `profile`.
    pub profile: Option<Profile>,
    /// Compute line net amounts, VAT breakdown and totals (default true).
    /// Turn off to write the amounts exactly as given.
    pub compute_totals: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            profile: None,
            compute_totals: true,
        }
    }
}

impl GenerateOptions {
    /// Sets the profile.
    pub fn with_profile(mut self, profile: Option<Profile>) -> Self {
        self.profile = profile;
        self
    }

    /// Turns the totals calculator on or off.
    pub fn with_compute_totals(mut self, compute: bool) -> Self {
        self.compute_totals = compute;
        self
    }
}

/// The result of [`generate_xml`].
#[derive(Debug, Clone)]
pub struct Generated {
    /// The profile written.
    pub profile: Profile,
    /// The CII XML.
    pub xml: Vec<u8>,
    /// The invoice as written, totals included.
    pub invoice: Invoice,
}

/// The profile to write: the caller's choice, else the invoice's, else EN 16931.
pub fn resolve_profile(invoice: &Invoice, forced: Option<Profile>) -> Profile {
    forced.or(invoice.profile).unwrap_or(Profile::En16931)
}

/// Computes the totals (unless told not to) and writes the CII XML of the
/// resolved profile.
///
/// ```
/// let json = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/invoices/en16931.json"))?;
/// let invoice = facturx::input::from_json(&json, "en16931.json")?;
/// let out = facturx::generate_xml(invoice, &facturx::GenerateOptions::default())?;
/// let report = facturx::validate("en16931.xml", &out.xml, &facturx::ValidateOptions::default())?;
/// assert!(report.is_valid(), "{:#?}", report.findings);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate_xml(mut invoice: Invoice, options: &GenerateOptions) -> Result<Generated, Error> {
    let profile = resolve_profile(&invoice, options.profile);
    if options.compute_totals {
        calc::compute(&mut invoice)?;
    }
    let xml = facturx_cii::to_vec(&invoice, profile)?;
    Ok(Generated {
        profile,
        xml,
        invoice,
    })
}
