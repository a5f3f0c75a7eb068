//! `rsm:ExchangedDocumentContext` and `rsm:ExchangedDocument`.

use facturx_model::Note;
use roxmltree::Node;

use super::values::{code, date, only, text};
use super::{Builder, Cx, kids};
use crate::Error;

pub(super) fn context(cx: &mut Cx, n: Node, b: &mut Builder) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "BusinessProcessSpecifiedDocumentContextParameter" => {
                if let Some(id) = only(cx, c, "ID") {
                    cx.set(c, &mut b.inv.business_process, id);
                }
            }
            "GuidelineSpecifiedDocumentContextParameter" => {
                if let Some(id) = only(cx, c, "ID") {
                    b.guideline_id = id;
                }
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}

pub(super) fn document(cx: &mut Cx, n: Node, b: &mut Builder) -> Result<(), Error> {
    for c in kids(n) {
        match c.tag_name().name() {
            "ID" => b.inv.number = code(c),
            "TypeCode" => b.inv.type_code = code(c),
            "IssueDateTime" => b.issue_date = date(cx, c)?,
            "IncludedNote" => {
                let mut note = Note {
                    text: String::new(),
                    subject_code: None,
                };
                for k in kids(c) {
                    match k.tag_name().name() {
                        "Content" => note.text = text(k),
                        "SubjectCode" => note.subject_code = Some(code(k)),
                        _ => cx.unmodeled(k),
                    }
                }
                b.inv.notes.push(note);
            }
            _ => cx.unmodeled(c),
        }
    }
    Ok(())
}
