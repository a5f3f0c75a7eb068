//! The read side of `facturx-pdf` on arbitrary bytes: `check`, `inspect`,
//! `extract` and `extract_all`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = facturx_pdf::check(data);
    let _ = facturx_pdf::inspect(data);
    let extracted = facturx_pdf::extract(data);
    let all = facturx_pdf::extract_all(data);
    // Whatever `extract` returns as the invoice must be among the attachments
    // `extract_all` lists: both read the same name tree.
    if let (Ok(invoice), Ok(all)) = (&extracted, &all) {
        assert!(
            all.iter().any(|a| a.data == invoice.xml),
            "extract returned an invoice that extract_all does not list"
        );
    }
});
