//! Errors of the facade: a stage that could not run.

/// A stage of the pipeline could not run at all. Problems found in a
/// document are [`crate::Finding`]s in a [`crate::Report`], not errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// XSD validation could not run.
    #[error(transparent)]
    Xsd(#[from] facturx_xsd::Error),
    /// The invoice data could not be read.
    #[error(transparent)]
    Input(#[from] facturx_input::Error),
    /// The model refused a value or the totals could not be computed.
    #[error(transparent)]
    Model(#[from] facturx_model::Error),
    /// The CII XML could not be written or read.
    #[error(transparent)]
    Cii(#[from] facturx_cii::Error),
    /// A rule set could not be loaded or run.
    #[error(transparent)]
    Rules(#[from] facturx_rules::Error),
    /// The invoice could not be drawn.
    #[error(transparent)]
    Render(#[from] facturx_render::Error),
    /// The PDF could not be read.
    #[error(transparent)]
    Pdf(#[from] facturx_pdf::Error),
}
