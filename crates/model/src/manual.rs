//! Design notes: why the model computes what it computes the way it does.

/// # Rounding
///
/// EN 16931 says every amount has at most two decimals but not how to round.
/// The CEN CII schematron (1.3.16) checks totals with XPath
/// `round(x * 100) div 100`, and XPath `round` goes half toward positive
/// infinity: `round(2.5) = 3`, `round(-2.5) = -2`. We round the same way
/// ([`crate::calc::round2`]), so a total we compute is the total the official
/// validator recomputes, to the cent, in every case, negative credit lines
/// included.
///
/// Where rounding happens:
/// - BT-131 line net amount: `round2(quantity × net price / base quantity)`,
///   plus line charges, minus line allowances (each already two decimals).
/// - BT-116 per VAT category and rate: the line sum, the charge sum and the
///   allowance sum are each rounded, then combined (BR-S-08 and siblings).
/// - BT-117: `round2(BT-116 × rate / 100)`, inside BR-CO-17's ±1.00 band by
///   construction, and exact.
/// - BT-106 to BT-115: BR-CO-10 to BR-CO-16, sums of already rounded values.
pub mod rounding {}
