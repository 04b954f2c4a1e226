//! `permanence import events FILE [--dry-run]`: a child's history from
//! any other system, as rows `ref,event,on[,note]`, recorded on the same
//! terms as `permanence record` records an event (the service's
//! `history`, which `import ssda903` takes too). All or nothing: every
//! problem is listed as `FILE: line N: COLUMN: what is wrong`, and a dry
//! run says, child by child and event by event, what would be recorded,
//! changed or left (an event imported before and the same is only
//! counted), and which timeline dates would move.

use crate::domain::date::DateStyle;
use crate::domain::event_import::{self, EventRow};
use crate::domain::import::ImportProblem;
use crate::domain::sanitise::clean_line;
use crate::interchange::csv_in;
use crate::service::history::{self, Applied, ChildHistory, Detail, Field, HistoryPlan, HistoryProblem};
use crate::service::library::Library;
use crate::store::{HistoryStep, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn import(
    store: &mut Store,
    library: &Library,
    file: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let table = match csv_in::read_csv(&bytes) {
        Ok(table) => table,
        Err(problems) => return super::refuse_import(file, &problems),
    };
    let positions = match event_import::validate_header(&table.header) {
        Ok(positions) => positions,
        Err(problems) => return super::refuse_import(file, &problems),
    };
    let (rows, mut problems) = event_import::validate_rows(&positions, table.header.len(), &table.rows);
    let entries: Vec<_> = rows.iter().map(|r| r.entry.clone()).collect();
    let style = super::import::date_style();
    let detail = Detail {
        moves: dry_run,
        dates: style,
    };
    let plan = history::plan_with(&*store, library, &entries, today, detail)?;
    problems.extend(plan.problems.iter().map(|p| located(p, &rows)));
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return super::refuse_import(file, &problems);
    }
    // Written, not printed: a long list read through `head` ends quietly.
    let mut out = crate::commands::output::stdout();
    let applied = if dry_run {
        for child in &plan.children {
            for line in said(child, style) {
                writeln!(out, "{line}")?;
            }
        }
        Applied::planned(&plan)
    } else {
        let applied = apply(store, &plan)?;
        super::store_timelines(store, today);
        applied
    };
    for child in &plan.children {
        for line in near(child, style, dry_run) {
            writeln!(out, "{line}")?;
        }
    }
    writeln!(out, "{}", summary(&applied, dry_run))?;
    Ok(ExitCode::SUCCESS)
}

fn apply(store: &mut Store, plan: &HistoryPlan) -> Result<Applied> {
    history::apply(store, plan).context("the import failed and nothing was written")
}

/// A problem with an entry, at the line and column of the file it came from.
fn located(problem: &HistoryProblem, rows: &[EventRow]) -> ImportProblem {
    let line = |index: usize| rows.get(index).map_or(0, |r| r.line);
    let column = match problem.field {
        Field::Reference => "ref",
        Field::Event => "event",
        // An events file's source is its event and day.
        Field::On | Field::Source => "on",
    };
    let message = match problem.first {
        Some(first) => format!("{}; it is on line {} already", problem.message, line(first)),
        None => problem.message.clone(),
    };
    ImportProblem {
        line: line(problem.index),
        column: Some(column.to_string()),
        message,
    }
}

/// What a dry run says for one child: each entry, what its events would
/// do to the legal status, and each timeline date that would move.
pub(super) fn said(child: &ChildHistory, style: DateStyle) -> Vec<String> {
    let who = format!("{} {}", clean_line(&child.reference), clean_line(&child.name));
    let mut lines = Vec::new();
    for planned in &child.entries {
        let entry = &planned.entry;
        let what = entry.event.code();
        let on = style.show(entry.on);
        let line = match &planned.step {
            HistoryStep::Record => match &entry.note {
                Some(note) => format!("would record {what} on {on} (note: {})", clean_line(note)),
                None => format!("would record {what} on {on}"),
            },
            HistoryStep::Move { from } => format!(
                "would correct {what} from {} to {on}, as its source now says",
                style.show(*from)
            ),
            HistoryStep::Replace { event, on: was } => format!(
                "would withdraw {} on {} and record {what} on {on}, as its source now says",
                event.code(),
                style.show(*was)
            ),
            HistoryStep::Note { was } => format!(
                "would change the note of {what} on {on}: {} → {}",
                was.as_deref().map_or("none".to_string(), clean_line),
                entry.note.as_deref().map_or("none".to_string(), clean_line)
            ),
            // Imported before and the same: counted in the summary, not
            // listed, so that next month's dry run lists what is new.
            HistoryStep::Unchanged => continue,
            HistoryStep::AlreadyRecorded { source: None } => {
                format!("{what} on {on} already recorded in the app; left as it is")
            }
            HistoryStep::AlreadyRecorded { source: Some(source) } => format!(
                "{what} on {on} already recorded (imported from {}); left as it is",
                clean_line(source)
            ),
            HistoryStep::PutRightInApp { withdrawn: true, .. } => {
                format!("{what} on {on} was withdrawn in the app since it was imported; left as it is")
            }
            HistoryStep::PutRightInApp { on: now, .. } => format!(
                "{what} on {on} was corrected to {} in the app since it was imported; left as it is",
                style.show(*now)
            ),
            // A clash is a problem: the import stopped before this.
            HistoryStep::Clash { .. } => continue,
        };
        lines.push(format!("{who}: {line}"));
    }
    lines.extend(child.legal.iter().map(|l| format!("{who}: {}", clean_line(l))));
    lines.extend(
        child
            .moves
            .iter()
            .map(|m| format!("{who}: moves {}", clean_line(&m.describe(style)))),
    );
    lines
}

/// An event recorded (or to be) a few days from the same one already on
/// the record: perhaps that one's day put right in the file, which is a
/// correction, not a second event. Said, not refused; before the import
/// (a dry run) the way is to correct the recorded one, after it to
/// withdraw it.
pub(super) fn near(child: &ChildHistory, style: DateStyle, dry_run: bool) -> Vec<String> {
    let reference = clean_line(&child.reference);
    child
        .near
        .iter()
        .map(|n| {
            let code = n.event.code();
            let (on, recorded) = (style.show(n.on), style.show(n.recorded));
            let days = (n.on - n.recorded).num_days().abs();
            let way = if dry_run {
                format!(
                    "If the file's day puts that one right, correct it before importing: permanence correct {reference} {code} --on {recorded} --to {on} --reason TEXT"
                )
            } else {
                format!(
                    "If the file's day puts that one right, withdraw it: permanence withdraw {reference} {code} --on {recorded} --reason TEXT"
                )
            };
            format!(
                "{reference}: note: {code} on {on} is {days} days from the {code} recorded on {recorded}. {way} (permanence's own check, as permanence record makes)"
            )
        })
        .collect()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The line that ends every import: "3 events recorded for 2 children;
/// 1 already recorded", and whatever else it did.
fn summary(applied: &Applied, dry_run: bool) -> String {
    let recorded = if dry_run { "would be recorded" } else { "recorded" };
    let mut line = format!(
        "{} {recorded} for {}; {} already recorded",
        count(applied.recorded, "event", "events"),
        count(applied.children, "child", "children"),
        applied.already
    );
    if applied.moved > 0 {
        line.push_str(&format!(
            "; {} {} to the date its source now gives",
            applied.moved,
            if dry_run { "would be moved" } else { "moved" }
        ));
    }
    if applied.notes > 0 {
        line.push_str(&format!(
            "; {} {}",
            count(applied.notes, "note", "notes"),
            if dry_run { "would be updated" } else { "updated" }
        ));
    }
    if applied.put_right_in_app > 0 {
        line.push_str(&format!(
            "; {} put right in the app since, left as the app has them",
            applied.put_right_in_app
        ));
    }
    if dry_run {
        line.push_str(" (dry run: nothing was written)");
    } else if !applied.changed() {
        line.push_str(": nothing was changed");
    }
    line
}
