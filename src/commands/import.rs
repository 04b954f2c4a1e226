//! Bringing children in from a spreadsheet, and what a dry run of the
//! children or plans import says: every field it would change, old → new,
//! and every date that would move in each child's timeline, so nothing an
//! import does is a surprise.

use crate::domain::column_map::Mapping;
use crate::domain::date::DateStyle;
use crate::domain::import::{
    Blanks, ChildPatch, Column, ImportProblem, field_changes, validate_header, validate_rows_with,
};
use crate::domain::sanitise::clean_line;
use crate::domain::timeline::moves::moves;
use crate::interchange::csv_in;
use crate::service::library::Library;
use crate::service::timelines::Engine;
use crate::store::{NewWorkers, Store, TimelineFacts, TimelineSource};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The CSV file, how its columns are named, and what a blank cell means.
pub(super) struct Sheet<'a> {
    pub file: &'a Path,
    pub map: &'a [Mapping],
    pub blanks: Blanks,
    pub dry_run: bool,
}

pub(super) fn children(
    store: &mut Store,
    library: &Library,
    sheet: &Sheet<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let file = sheet.file;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let validated = csv_in::read_csv(&bytes).and_then(|mut table| {
        crate::domain::column_map::apply(sheet.map, &mut table.header, &mut table.rows)?;
        let columns = validate_header(&table.header)?;
        validate_rows_with(&columns, &table.rows, today, sheet.blanks)
    });
    let patches = match validated {
        Ok(patches) => patches,
        Err(problems) => return super::refuse_import(file, &problems),
    };
    let policy = crate::service::access::policy(store)?;
    let new_workers = if crate::service::access::may_add_workers(store, &policy)? {
        NewWorkers::Add
    } else {
        NewWorkers::Refuse
    };
    let unknown = unknown_workers(store, &patches, new_workers)?;
    if !unknown.is_empty() {
        return super::refuse_import(file, &unknown);
    }
    let dry_run = sheet.dry_run;
    let summary = store
        .import_children(&patches, dry_run, new_workers)
        .context("the import failed and nothing was written")?;
    super::store_timelines(store, today);
    // Written, not printed: a long list read through `head` ends quietly.
    let mut out = crate::commands::output::stdout();
    if dry_run {
        let style = date_style();
        let engine = Engine::new(library);
        for change in &summary.changes {
            let who = format!(
                "{} {}",
                clean_line(&change.after.reference),
                clean_line(&change.after.full_name())
            );
            if change.before.is_none() {
                writeln!(out, "{who}: new child")?;
            }
            for field in field_changes(change.before.as_ref(), &change.after, style) {
                writeln!(out, "{who}: {field}")?;
            }
            if let Some((before, after)) = &change.facts {
                for line in moved_dates(&engine, before, after, today, style) {
                    writeln!(out, "{who}: {line}")?;
                }
            }
        }
    }
    let verb = if dry_run { "would be" } else { "were" };
    writeln!(
        out,
        "{} children read from {}: {} {verb} created, {} {verb} updated, {} unchanged{}",
        patches.len(),
        file.display(),
        summary.created,
        summary.updated,
        summary.unchanged,
        if dry_run {
            " (dry run: nothing was written)"
        } else {
            ""
        }
    )?;
    for worker in &summary.workers_created {
        writeln!(
            out,
            "new worker {}: {worker}",
            if dry_run { "would be added" } else { "added" }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The workers the file names that the import may not add: for someone
/// who may not add users, everyone unknown; for anyone, a one-word name
/// (taken as a username) that no login could have. Each with its line.
pub(super) fn unknown_workers(
    store: &Store,
    patches: &[ChildPatch],
    new_workers: NewWorkers,
) -> Result<Vec<ImportProblem>> {
    let mut problems = Vec::new();
    for patch in patches {
        for (column, cell) in [(Column::Worker, &patch.worker), (Column::Iro, &patch.iro)] {
            let Some(Some(name)) = cell else { continue };
            if store.find_worker(name)?.is_some() {
                continue;
            }
            let problem = if new_workers == NewWorkers::Refuse {
                Some(format!(
                    "{:?} is not a user of this database, and only those who may add users can add workers; an administrator can add them with `permanence users add`",
                    clean_line(name.trim())
                ))
            } else if !name.trim().contains(char::is_whitespace) {
                crate::service::access::username(&name.trim().to_lowercase())
                    .err()
                    .map(|e| e.to_string())
            } else {
                None
            };
            if let Some(message) = problem {
                problems.push(ImportProblem {
                    line: patch.line,
                    column: Some(column.name().to_string()),
                    message,
                });
            }
        }
    }
    Ok(problems)
}

/// Each date of the child's timeline that differs after a change from
/// before it, as "moves 3rd case review deadline: 09/06/2027 → 20/05/2027".
pub(super) fn moved_dates(
    engine: &Engine,
    before: &TimelineFacts,
    after: &TimelineFacts,
    today: NaiveDate,
    style: DateStyle,
) -> Vec<String> {
    let was = engine.compute(before, today);
    let will = engine.compute(after, today);
    moves(&was, &will)
        .iter()
        .map(|m| format!("moves {}", clean_line(&m.describe(style))))
        .collect()
}

/// How the user's configuration file asks for dates to be shown.
pub(super) fn date_style() -> DateStyle {
    crate::config::Settings::load(Library::config_dir().as_deref())
        .config
        .date_format
        .unwrap_or_default()
}

/// What a dry run of a plans import would change for each child it
/// touches: every plan changed, field by field, and every date that would
/// move. Nothing is printed for a real import.
pub(super) fn plan_dry_run(
    library: &Library,
    rehearsed: &[(
        crate::domain::child::ChildId,
        String,
        TimelineFacts,
        Option<TimelineFacts>,
    )],
    today: NaiveDate,
) -> std::io::Result<()> {
    if rehearsed.is_empty() {
        return Ok(());
    }
    let mut out = crate::commands::output::stdout();
    let style = date_style();
    let engine = Engine::new(library);
    for (_, who, before, after) in rehearsed {
        let Some(after) = after else { continue };
        let who = clean_line(who.trim());
        let plans = crate::domain::plan_import::plan_changes(&before.plans, &after.plans, style);
        for line in plans
            .iter()
            .chain(&moved_dates(&engine, before, after, today, style))
        {
            writeln!(out, "{who}: {line}")?;
        }
    }
    Ok(())
}
