//! `permanence import ssda903 FOLDER_OR_FILES… [--dry-run] [--year YYYY]`:
//! an authority's SSDA903 return read, checked and mapped (interchange and
//! domain), then written in ONE write: the children as `import children`
//! writes them, the plans the history implies as `import plans` puts them,
//! and the history through the service's `history` path, as
//! `import events` records it. All or nothing; every problem listed as
//! `FILE: line N: COLUMN: what is wrong`.

mod left_care;
mod said;
mod write;

use crate::domain::date::DateStyle;
use crate::domain::history::HistoryEntry;
use crate::domain::import::{ChildPatch, ImportProblem};
use crate::domain::ssda903::codes::CodeLists;
use crate::domain::ssda903::kept::Coverage;
use crate::domain::ssda903::mapping::{Index, in_order, map_patch};
use crate::domain::ssda903::{At, Problem, Return};
use crate::interchange::ssda903::{self, Checked, Summary};
use crate::service::history::{Applied, ChildHistory, Detail, HistoryProblem};
use crate::service::library::Library;
use crate::store::{ImportSummary, KeptChange, NewWorkers, Store, StoreError, Vanished, Writer};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What the command was asked to do.
pub(super) struct Request<'a> {
    pub paths: &'a [PathBuf],
    pub dry_run: bool,
    pub year: Option<u16>,
}

/// Why the one write stopped: the store failed, or the history clashed
/// with the record (each problem listed, nothing written).
#[derive(Debug)]
enum Stopped {
    Store(StoreError),
    History(Vec<Problem>),
    /// Nothing changed: rolled back, so that the trail is left as it was
    /// too (the children's path records every import it runs).
    Unchanged(Box<Done>),
}

impl From<StoreError> for Stopped {
    fn from(e: StoreError) -> Stopped {
        Stopped::Store(e)
    }
}

/// The plans the import proposed, counted.
#[derive(Debug, Default, Clone)]
struct PlanCounts {
    created: usize,
    updated: usize,
    closed: usize,
    unchanged: usize,
}

impl PlanCounts {
    fn changes(&self) -> usize {
        self.created + self.updated + self.closed
    }
}

/// What the one write did (or, rehearsed, would do).
#[derive(Debug)]
struct Done {
    children: ImportSummary,
    plans: PlanCounts,
    /// The children whose history the report speaks of (see `write::Tally`).
    history: Vec<ChildHistory>,
    applied: Applied,
    /// Events imported before whose source the files no longer hold, by child.
    vanished: Vec<(String, Vec<Vanished>)>,
    /// In a dry run, every line said about each child, child by child.
    said: String,
    /// The children no pathway could be proposed for, and why.
    unplaced: Vec<(String, String)>,
    /// The plans still open for children who have left care: closed, or
    /// left for the user, a line each (`left_care`).
    left_open: Vec<(String, String)>,
    /// The children already on the record whose kept rows of the return
    /// (for `export ssda903`) changed, with what changed.
    kept: Vec<(String, KeptChange)>,
}

impl Done {
    fn changed(&self) -> bool {
        let c = &self.children;
        c.created + c.updated > 0
            || self.applied.changed()
            || self.plans.changes() > 0
            || !self.vanished.is_empty()
            || !self.kept.is_empty()
    }
}

pub(super) fn import(
    store: &mut Store,
    library: &Library,
    request: &Request<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let progress = Progress::new();
    progress.say("reading the SSDA903 files");
    let checked = match ssda903::check(request.paths, request.year) {
        Ok(checked) => checked,
        Err(problems) => return refuse(&problems),
    };
    let Checked { summary, ret, lists } = checked;
    let done = match write_return(store, library, request, today, &progress, &ret, &lists)? {
        Ok(done) => done,
        Err(refused) => return Ok(refused),
    };
    // The return read is let go before the timelines are stored: a
    // national one is most of what the write held, and storing everyone's
    // timelines needs memory of its own (docs/performance.md).
    drop(ret);
    drop(lists);
    // Nothing written, nothing to store: a re-import that changed nothing
    // is spared working out every child's timeline again.
    if !request.dry_run && done.changed() {
        progress.say("storing the timelines");
        store_timelines(store, &done, today)?;
    }
    progress.clear();
    report(&summary, &done, request.dry_run, super::import::date_style())?;
    Ok(ExitCode::SUCCESS)
}

/// The return's one write (or, in a dry run, its rehearsal): what it did,
/// or the exit code of an import refused with every problem listed.
fn write_return(
    store: &mut Store,
    library: &Library,
    request: &Request<'_>,
    today: NaiveDate,
    progress: &Progress,
    ret: &Return,
    lists: &CodeLists,
) -> Result<Result<Done, ExitCode>> {
    let index = Index::new(ret);
    let header = in_order(ret);
    let policy = crate::service::access::policy(store)?;
    let new_workers = if crate::service::access::may_add_workers(store, &policy)? {
        NewWorkers::Add
    } else {
        NewWorkers::Refuse
    };
    {
        // Every worker the files name, checked before anything is written;
        // the children's rows are mapped again, a child at a time, below.
        let patches: Vec<ChildPatch> = header.iter().map(|h| map_patch(&index, lists, h)).collect();
        let unknown = super::import::unknown_workers(store, &patches, new_workers)?;
        if !unknown.is_empty() {
            let problems: Vec<Problem> = unknown.iter().map(|p| worker_problem(ret, p)).collect();
            return refuse(&problems).map(Err);
        }
    }
    let dry_run = request.dry_run;
    let style = super::import::date_style();
    // The span of days the files speak for: what they no longer hold
    // within it is taken out, rows and events alike.
    let coverage = Coverage::of(ret, lists);
    let run = write::Run {
        library,
        ret,
        index: &index,
        lists,
        coverage: &coverage,
        new_workers,
        today,
        // The timeline dates an entry moves: two timelines a child, which
        // a dry run shows and a real import (perhaps national) skips.
        detail: Detail {
            moves: dry_run,
            dates: style,
        },
        dry_run,
    };
    let apply = |w: &mut Writer<'_>| -> Result<Done, Stopped> {
        let mut tally = write::Tally::default();
        let total = header.len();
        for (n, row) in header.iter().enumerate() {
            if n % 1_000 == 0 {
                progress.say(&format!("writing child {} of {total}", n + 1));
            }
            write::write_child(w, &run, row, &mut tally)?;
        }
        let (tally, applied) = write::finish(w, total, tally)?;
        let done = Done {
            children: tally.children,
            plans: tally.plans,
            history: tally.told,
            applied,
            vanished: tally.vanished,
            said: tally.said,
            unplaced: tally.unplaced,
            left_open: tally.left_open,
            kept: tally.kept,
        };
        if done.changed() {
            Ok(done)
        } else {
            Err(Stopped::Unchanged(Box::new(done)))
        }
    };
    let done = if dry_run {
        store.rehearse(apply)
    } else {
        // One transaction of very many small statements: their journals
        // kept in memory (`Store::write_large`).
        store.write_large(apply)
    };
    let done = match done {
        Ok(done) => done,
        Err(Stopped::Unchanged(done)) => *done,
        Err(Stopped::History(problems)) => {
            progress.clear();
            return refuse(&problems).map(Err);
        }
        Err(Stopped::Store(e)) => {
            progress.clear();
            return Err(e).context("the import failed and nothing was written");
        }
    };
    Ok(Ok(done))
}

/// Every timeline the import made stale, stored. Where it wrote or
/// changed at least half the children on record (a first import), all at
/// once, as the demo stores them (`Store::refresh_timelines_in_bulk`:
/// many children read a query at a time, worked out on every core, under
/// one write lock); else in batches, as every other write leaves them, so
/// that a month's import into a large record does not hold everyone's
/// saves up while it rebuilds what it did not touch.
fn store_timelines(store: &mut Store, done: &Done, today: NaiveDate) -> Result<()> {
    let changed = done.children.created + done.children.updated;
    let on_record = usize::try_from(store.count_children()?).unwrap_or(usize::MAX);
    if changed > 0 && changed.saturating_mul(2) >= on_record {
        if let Err(e) = store.refresh_timelines_in_bulk(today) {
            eprintln!("note: the timelines were not all stored ({e}); they are worked out as they are read");
        }
    } else {
        super::store_timelines(store, today);
    }
    Ok(())
}

/// Every problem, then the line that says nothing was imported.
fn refuse(problems: &[Problem]) -> Result<ExitCode> {
    let mut err = crate::commands::output::stderr();
    for problem in problems {
        writeln!(err, "{problem}")?;
    }
    writeln!(
        err,
        "nothing was imported: {} problem{} in the SSDA903 files",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )?;
    Ok(ExitCode::FAILURE)
}

/// The file and line a row came from, by its place in the return.
fn located(ret: &Return, at: At, column: &str, message: String) -> Problem {
    let file = ret.files.get(at.file).map_or("SSDA903", String::as_str);
    Problem::at(file, at.line, column, message)
}

/// A worker the import may not add, at their SocialWorker row.
fn worker_problem(ret: &Return, problem: &ImportProblem) -> Problem {
    let child = ret.header.iter().find(|h| h.at.line == problem.line);
    let row = child.and_then(|h| ret.social_worker.iter().rev().find(|s| s.child == h.child));
    match (row, child) {
        (Some(sw), _) => located(ret, sw.at, "SW_ID", problem.message.clone()),
        (None, Some(h)) => located(ret, h.at, "CHILD", problem.message.clone()),
        (None, None) => Problem::whole_file("SocialWorker", problem.message.clone()),
    }
}

/// A history entry the record refuses, at the row it came from: the
/// episode, review or adoption row of that child and day, else the child's
/// Header row.
fn history_problem(ret: &Return, entries: &[HistoryEntry], problem: &HistoryProblem) -> Problem {
    let Some(entry) = entries.get(problem.index) else {
        return Problem::whole_file("SSDA903", problem.message.clone());
    };
    let child = entry.reference.as_str();
    let message = format!("{} ({})", problem.message, entry.source);
    let table = entry.source.split(':').nth(1).unwrap_or_default();
    let found = match table {
        "episodes" => ret
            .episodes
            .iter()
            .find(|e| e.child == child && (e.decom == entry.on || e.dec == Some(entry.on)))
            .map(|e| (e.at, "DECOM")),
        "reviews" => ret
            .reviews
            .iter()
            .find(|r| r.child == child && r.review == entry.on)
            .map(|r| (r.at, "REVIEW")),
        "placedadoption" => ret
            .placed_adoption
            .iter()
            .find(|p| p.child == child && p.date_placed == entry.on)
            .map(|p| (p.at, "DATE_PLACED")),
        _ => None,
    };
    let found = found.or_else(|| {
        ret.header
            .iter()
            .find(|h| h.child == child)
            .map(|h| (h.at, "CHILD"))
    });
    match found {
        Some((at, column)) => located(ret, at, column, message),
        None => Problem::whole_file("SSDA903", message),
    }
}

/// What the import did, or would do: a dry run child by child, then the
/// children no plan could be proposed for, then the summary.
fn report(read: &Summary, done: &Done, dry_run: bool, style: DateStyle) -> Result<()> {
    // Written, not printed: a long list read through `head` ends quietly.
    let mut out = crate::commands::output::stdout();
    for line in read.lines() {
        writeln!(out, "{line}")?;
    }
    if dry_run {
        // Said child by child as the rehearsal went.
        out.write_all(done.said.as_bytes())?;
    } else {
        let mut said = String::new();
        for (reference, gone) in &done.vanished {
            said::vanished(&mut said, reference, gone, false, style);
        }
        for child in &done.history {
            said::near(&mut said, child, false, style);
        }
        for (reference, reason) in &done.unplaced {
            said::unplaced(&mut said, reference, reason);
        }
        for (_, line) in &done.left_open {
            said.push_str(line);
            said.push('\n');
        }
        out.write_all(said.as_bytes())?;
    }
    writeln!(out, "{}", summary(done, done.unplaced.len(), dry_run))?;
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The line that ends every import: children, events, plans, unplaced.
fn summary(done: &Done, unplaced: usize, dry_run: bool) -> String {
    let verb = if dry_run { "would be " } else { "" };
    let c = &done.children;
    let a = &done.applied;
    let p = &done.plans;
    let mut line = format!(
        "{}: {} {verb}created, {} {verb}updated, {} unchanged; {} {verb}recorded, {} {verb}moved, {} already there",
        count(c.created + c.updated + c.unchanged, "child", "children"),
        c.created,
        c.updated,
        c.unchanged,
        count(a.recorded, "event", "events"),
        a.moved + a.notes,
        a.already,
    );
    let gone: usize = done.vanished.iter().map(|(_, g)| g.len()).sum();
    if gone > 0 {
        line.push_str(&format!(
            ", {gone} {verb}withdrawn as the files no longer hold {}",
            if gone == 1 { "it" } else { "them" }
        ));
    }
    if a.put_right_in_app > 0 {
        line.push_str(&format!(
            ", {} put right in the app since and left as the app has them",
            a.put_right_in_app
        ));
    }
    line.push_str(&format!(
        "; {} {verb}created, {} {verb}updated, {} {verb}closed, {} unchanged; {} with no pathway proposed",
        count(p.created, "plan", "plans"),
        p.updated,
        p.closed,
        p.unchanged,
        count(unplaced, "child", "children"),
    ));
    // A new child's rows are kept with it; a child already there whose
    // rows alone changed (a postcode, the adopters' details) is counted,
    // as nothing else would say why the import wrote.
    let rows = done.kept.len();
    if rows > 0 {
        line.push_str(&format!(
            "; the return's own rows of {} {verb}updated",
            count(rows, "child", "children")
        ));
    }
    if dry_run {
        line.push_str(" (dry run: nothing was written)");
    } else if !done.changed() {
        line.push_str(": nothing was changed");
    }
    line
}

/// A line on a terminal saying what the import is doing: stderr only, and
/// only when stderr is a terminal (`output::progress`), so that nothing
/// captured carries it.
struct Progress;

impl Progress {
    fn new() -> Progress {
        Progress
    }

    fn say(&self, what: &str) {
        crate::commands::output::progress(Some(&format!("{what}…")));
    }

    fn clear(&self) {
        crate::commands::output::progress(None);
    }
}
