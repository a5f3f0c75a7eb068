//! `rsm:ExchangedDocumentContext` (BT-23, BT-24) and `rsm:ExchangedDocument`
//! (BT-1, BT-2, BT-3, BG-1).

use std::io::{self, Write};

use facturx_model::{Invoice, Profile};

use super::Out;

pub(super) fn write<W: Write>(out: &mut Out<'_, W>, inv: &Invoice) -> io::Result<()> {
    out.start("rsm:ExchangedDocumentContext")?;
    if let Some(bp) = &inv.business_process {
        out.wrapped(
            "ram:BusinessProcessSpecifiedDocumentContextParameter",
            "ram:ID",
            bp,
        )?;
    }
    out.wrapped(
        "ram:GuidelineSpecifiedDocumentContextParameter",
        "ram:ID",
        out.p.guideline_id(),
    )?;
    out.end("rsm:ExchangedDocumentContext")?;

    out.start("rsm:ExchangedDocument")?;
    out.leaf("ram:ID", &inv.number)?;
    out.leaf("ram:TypeCode", &inv.type_code)?;
    out.date_time("ram:IssueDateTime", inv.issue_date)?;
    if out.at_least(Profile::BasicWl) {
        for note in &inv.notes {
            out.start("ram:IncludedNote")?;
            out.leaf("ram:Content", &note.text)?;
            out.opt_leaf("ram:SubjectCode", note.subject_code.as_deref())?;
            out.end("ram:IncludedNote")?;
        }
    }
    out.end("rsm:ExchangedDocument")
}
