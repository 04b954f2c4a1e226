//! The lines `import ssda903` says about one child: what changes in their
//! record, the history to be recorded, the plans proposed, the return's
//! own rows, the events withdrawn, the events near ones already recorded,
//! and why no pathway was proposed. A dry run says them child by child as
//! it goes (the issue asks for a dry run "per child"), so that a national
//! return's dry run holds lines, not every child's records and timelines
//! (1.5 GB at 100,000 children when it held them); a real import says the
//! last four, section by section.

use crate::domain::date::DateStyle;
use crate::domain::import::field_changes;
use crate::domain::sanitise::clean_line;
use crate::service::history::ChildHistory;
use crate::store::{ChildChange, KeptChange, Vanished};
use std::fmt::Write;

/// What the record of the child would become, field by field.
pub(super) fn change(out: &mut String, change: &ChildChange, style: DateStyle) {
    let who = clean_line(&change.after.reference);
    if change.before.is_none() {
        let _ = writeln!(out, "{who}: new child");
    }
    for field in field_changes(change.before.as_ref(), &change.after, style) {
        let _ = writeln!(out, "{who}: {field}");
    }
}

/// The history to be recorded, event by event.
pub(super) fn history(out: &mut String, child: &ChildHistory, style: DateStyle) {
    for line in super::super::import_events::said(child, style) {
        let _ = writeln!(out, "{line}");
    }
}

/// The plans the history implies (`ChildImport::plan_lines`).
pub(super) fn plans(out: &mut String, reference: &str, lines: &[String]) {
    for plan in lines.iter().filter(|l| l.starts_with("plan ")) {
        let _ = writeln!(
            out,
            "{}: would propose {}",
            clean_line(reference),
            clean_line(plan)
        );
    }
}

/// The return's own rows kept for `export ssda903`, where they change for
/// a child already on the record.
pub(super) fn kept(out: &mut String, reference: &str, change: &KeptChange) {
    let _ = writeln!(
        out,
        "{}: the return's own rows: {} would be written, {} taken out",
        clean_line(reference),
        change.written,
        change.removed
    );
}

/// Events imported before whose source the files no longer hold.
pub(super) fn vanished(
    out: &mut String,
    reference: &str,
    gone: &[Vanished],
    dry_run: bool,
    style: DateStyle,
) {
    let withdrawn = if dry_run {
        "would be withdrawn"
    } else {
        "withdrawn"
    };
    for v in gone {
        let _ = writeln!(
            out,
            "{}: {} on {} {withdrawn}: the files no longer hold {}",
            clean_line(reference),
            v.event.code(),
            style.show(v.on),
            clean_line(&v.source)
        );
    }
}

/// Events recorded near one already on the record.
pub(super) fn near(out: &mut String, child: &ChildHistory, dry_run: bool, style: DateStyle) {
    for line in super::super::import_events::near(child, style, dry_run) {
        let _ = writeln!(out, "{line}");
    }
}

/// Why no pathway was proposed.
pub(super) fn unplaced(out: &mut String, reference: &str, reason: &str) {
    let _ = writeln!(
        out,
        "{}: no pathway proposed: {}",
        clean_line(reference),
        clean_line(reason)
    );
}
