//! `permanence import ssda903 FOLDER_OR_FILES… [--dry-run] [--year YYYY]`:
//! an authority's SSDA903 return read, checked and mapped (interchange and
//! domain), then written in ONE write: the children as `import children`
//! writes them, the plans the history implies as `import plans` puts them,
//! and the history through the service's `history` path, as
//! `import events` records it. All or nothing; every problem listed as
//! `FILE: line N: COLUMN: what is wrong`.

use crate::domain::child::ChildFields;
use crate::domain::date::DateStyle;
use crate::domain::history::HistoryEntry;
use crate::domain::import::{ChildPatch, ImportProblem, field_changes};
use crate::domain::plan::{PlanBasis, PlanRole, PlanStatus, StartFrom};
use crate::domain::plan_import::PlanRow;
use crate::domain::sanitise::clean_line;
use crate::domain::ssda903::kept::{self, Coverage, KeptRow};
use crate::domain::ssda903::mapping::{ChildImport, ProposedPlan};
use crate::domain::ssda903::{At, Problem, Return, Table};
use crate::interchange::ssda903::{self, Ssda903};
use crate::service::history::{self, Applied, Detail, HistoryPlan, HistoryProblem};
use crate::service::library::Library;
use crate::store::{
    ChildChange, ImportSummary, KeptChange, NewWorkers, Outcome, PlanOutcome, Store, StoreError, Vanished,
    Writer,
};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
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
    History(Vec<HistoryProblem>, Vec<HistoryEntry>),
    /// Nothing changed: rolled back, so that the trail is left as it
    /// was too (the children's path records every import it runs).
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
    /// The children whose plans were created, updated or closed.
    changed: std::collections::BTreeSet<String>,
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
    history: HistoryPlan,
    applied: Applied,
    /// Events imported before whose source the files no longer hold, by child.
    vanished: Vec<(String, Vec<Vanished>)>,
    /// The children whose kept rows of the return (for `export ssda903`)
    /// changed, with what changed.
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

    /// The children already on the record whose kept rows changed.
    fn kept_updated(&self) -> impl Iterator<Item = &(String, KeptChange)> {
        let created: std::collections::HashSet<&str> = self
            .children
            .changes
            .iter()
            .filter(|c| c.before.is_none())
            .map(|c| c.after.reference.as_str())
            .collect();
        self.kept
            .iter()
            .filter(move |(reference, _)| !created.contains(reference.as_str()))
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
    let data = match ssda903::import(request.paths, request.year) {
        Ok(data) => data,
        Err(problems) => return refuse(&problems),
    };
    let patches = patches(&data.children);
    let policy = crate::service::access::policy(store)?;
    let new_workers = if crate::service::access::may_add_workers(store, &policy)? {
        NewWorkers::Add
    } else {
        NewWorkers::Refuse
    };
    let unknown = super::import::unknown_workers(store, &patches, new_workers)?;
    if !unknown.is_empty() {
        let problems: Vec<Problem> = unknown.iter().map(|p| worker_problem(&data.ret, p)).collect();
        return refuse(&problems);
    }
    let dry_run = request.dry_run;
    let style = super::import::date_style();
    let entries: Vec<HistoryEntry> = data
        .children
        .iter()
        .flat_map(|c| c.history.iter().cloned())
        .collect();
    // The files' own rows, kept for `export ssda903`, and the span of
    // days they speak for (what they no longer hold within it is taken
    // out, rows and events alike).
    let kept_rows = kept::of_return(&data.ret);
    let lists = ssda903::code_lists().map_err(|errors| {
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the built-in SSDA903 code lists are wrong: {}", said.join("; "))
    })?;
    let coverage = Coverage::of(&data.ret, &lists);
    let apply = |w: &mut Writer<'_>| -> Result<Done, Stopped> {
        progress.say(&format!("writing {} children", patches.len()));
        let older = older_children(w, &kept_rows, &coverage)?;
        let (named, before) = keep_names(w, &patches)?;
        let named = leave_current(named, &older);
        // The legal status is set after the history: recording a placement
        // order moves it, as `permanence record` does, but an adopted
        // child's status is what the return says it is now.
        let first: Vec<ChildPatch> = named
            .iter()
            .map(|p| ChildPatch {
                legal_status: None,
                ..p.clone()
            })
            .collect();
        w.import_children(&first, false, new_workers)?;
        let plans = put_plans(w, &data.children, &older, today)?;
        progress.say(&format!("recording the history of {} children", patches.len()));
        // The timeline dates an entry moves: two timelines a child, which a
        // dry run shows and a real import (perhaps national) skips.
        let detail = Detail {
            moves: dry_run,
            dates: style,
        };
        let vanished = withdraw_vanished(w, &data.children, &coverage)?;
        let history = history::plan_with(&*w, library, &entries, today, detail)?;
        if !history.problems.is_empty() {
            return Err(Stopped::History(history.problems, entries.clone()));
        }
        let applied = history::apply_in(w, &history)?;
        let mut second = Vec::new();
        for patch in named.iter().filter(|p| p.legal_status.is_some()) {
            let now = w.child_by_ref(&patch.reference)?.map(|c| c.legal_status);
            if now != patch.legal_status {
                second.push(patch.clone());
            }
        }
        if !second.is_empty() {
            w.import_children(&second, false, new_workers)?;
        }
        let children = changes(w, &named, before)?;
        let kept = keep_rows(w, &kept_rows, &coverage, &older)?;
        let done = Done {
            children,
            plans,
            history,
            applied,
            vanished,
            kept,
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
        store.write(apply)
    };
    progress.clear();
    let done = match done {
        Ok(done) => done,
        Err(Stopped::Unchanged(done)) => *done,
        Err(Stopped::History(problems, entries)) => {
            let problems: Vec<Problem> = problems
                .iter()
                .map(|p| history_problem(&data.ret, &entries, p))
                .collect();
            return refuse(&problems);
        }
        Err(Stopped::Store(e)) => return Err(e).context("the import failed and nothing was written"),
    };
    // Nothing written, nothing to store: a re-import that changed nothing
    // is spared working out every child's timeline again.
    if !dry_run && done.changed() {
        super::store_timelines(store, today);
    }
    report(&data, &done, dry_run, style)?;
    Ok(ExitCode::SUCCESS)
}

/// The children's rows as `import children` takes them.
fn patches(children: &[ChildImport]) -> Vec<ChildPatch> {
    children.iter().map(|c| c.patch.clone()).collect()
}

/// The return carries no names: a child already on the record keeps the
/// name it has (imported or typed in the app), and only a new child is
/// called "Child" and their reference. With each row, the child's record
/// before the import.
type Before = Vec<Option<ChildFields>>;

fn keep_names(w: &Writer<'_>, patches: &[ChildPatch]) -> Result<(Vec<ChildPatch>, Before), StoreError> {
    let mut named = Vec::with_capacity(patches.len());
    let mut before = Vec::with_capacity(patches.len());
    for patch in patches {
        let mut patch = patch.clone();
        let existing = w.child_by_ref(&patch.reference)?;
        if let Some(existing) = &existing {
            patch.given_name.clone_from(&existing.given_name);
            patch.family_name.clone_from(&existing.family_name);
        }
        named.push(patch);
        before.push(existing);
    }
    Ok((named, before))
}

/// Each child's record before the import and after it (children, history
/// and the legal status the return gives), counted as created, updated or
/// unchanged, with the changed ones listed for a dry run.
fn changes(w: &Writer<'_>, patches: &[ChildPatch], before: Before) -> Result<ImportSummary, StoreError> {
    let mut summary = ImportSummary::default();
    for (patch, before) in patches.iter().zip(before) {
        let Some(after) = w.child_by_ref(&patch.reference)? else {
            continue;
        };
        match &before {
            None => summary.created += 1,
            Some(b) if *b == after => {
                summary.unchanged += 1;
                continue;
            }
            Some(_) => summary.updated += 1,
        }
        summary.changes.push(ChildChange {
            before,
            after,
            facts: None,
        });
    }
    Ok(summary)
}

/// Each plan the history implies, put as `import plans` puts a row; a plan
/// the history shows ended is closed with its ending. Ended plans go first
/// (a period's plan before the next's), so that a later primary replaces
/// an earlier one and not the other way round. A plan that is already
/// there, closed or open, from the same start is left as it is, so a
/// second import changes nothing.
fn put_plans(
    w: &mut Writer<'_>,
    children: &[ChildImport],
    older: &HashSet<String>,
    today: NaiveDate,
) -> Result<PlanCounts, StoreError> {
    let mut counts = PlanCounts::default();
    for child in children
        .iter()
        .filter(|c| !c.plans.is_empty() && !older.contains(&c.reference))
    {
        let Some(id) = w.child_id(&child.reference)? else {
            continue;
        };
        let was = counts.changes();
        let mut proposed: Vec<&ProposedPlan> = child.plans.iter().collect();
        proposed.sort_by_key(|p| (p.closed.is_none(), p.start));
        for plan in proposed {
            let existing = w.plans(id)?;
            // The same plan: from the same start, or, where the files
            // begin within the period, from before where they begin.
            let same = |p: &&crate::domain::plan::Plan| {
                p.pathway == plan.pathway
                    && (p.start == plan.start || (!plan.entered && p.start <= plan.start))
            };
            // And a current plan the record has already stands: files that
            // begin within the period may not hold what decided it (a
            // decision reversed before their year).
            let primary =
                |p: &crate::domain::plan::Plan| p.status == PlanStatus::Active && p.role == PlanRole::Primary;
            if !plan.entered
                && (existing.iter().any(|p| same(&p))
                    || (plan.closed.is_none() && existing.iter().any(primary)))
            {
                counts.unchanged += 1;
                continue;
            }
            let row = PlanRow {
                line: child.patch.line,
                reference: child.reference.clone(),
                pathway: plan.pathway.clone(),
                role: plan.role,
                start: plan.start,
                stage: plan.stage,
                // Counted from the period of care, its record beginning today.
                basis: PlanBasis::ssda903(today),
            };
            // A plan on this pathway whose start was given in the app (its
            // Legal Gateway decision) is the app's: the return, which holds
            // no Gateway, does not move it back.
            let given_in_app = existing.iter().any(|p| {
                p.status == PlanStatus::Active
                    && p.pathway == plan.pathway
                    && p.basis.start == StartFrom::Gateway
            });
            if plan.closed.is_none() && given_in_app {
                counts.unchanged += 1;
                continue;
            }
            match plan.closed {
                None => match w.put_plan(id, &row)?.0 {
                    PlanOutcome::Put(Outcome::Created) | PlanOutcome::ReplacedPrimary => counts.created += 1,
                    PlanOutcome::Put(Outcome::Updated) => counts.updated += 1,
                    PlanOutcome::Put(Outcome::Unchanged) => counts.unchanged += 1,
                },
                Some((on, ending)) => {
                    let active = existing
                        .iter()
                        .find(|p| p.status == PlanStatus::Active && p.pathway == plan.pathway);
                    if active.is_none() && existing.iter().any(|p| same(&p)) {
                        counts.unchanged += 1;
                        continue;
                    }
                    // Put (created, or the open one brought to the
                    // history's start), then closed as the history ended it.
                    // An open plan started in the app keeps its start.
                    let (start, basis) = match active {
                        Some(p) if p.basis.start == StartFrom::Gateway => (p.start, p.basis),
                        _ => (row.start, row.basis),
                    };
                    let row = PlanRow {
                        role: active.map_or(PlanRole::Primary, |p| p.role),
                        start,
                        basis,
                        ..row
                    };
                    w.put_plan(id, &row)?;
                    let put = w.plans(id)?;
                    if let Some(open) = put
                        .iter()
                        .find(|p| p.status == PlanStatus::Active && p.pathway == plan.pathway)
                    {
                        w.close_plan(open, on, ending)?;
                    }
                    if active.is_some() {
                        counts.closed += 1;
                    } else {
                        counts.created += 1;
                    }
                }
            }
        }
        if counts.changes() > was {
            counts.changed.insert(child.reference.clone());
        }
    }
    Ok(counts)
}

/// The events imported from an earlier return whose source the files no
/// longer hold (an episode's day put right, a review taken out), within
/// the span the files speak for (`kept::Coverage`, table by table: a
/// year's files speak neither for the years before nor those after):
/// withdrawn, each child's listed.
fn withdraw_vanished(
    w: &mut Writer<'_>,
    children: &[ChildImport],
    coverage: &Coverage,
) -> Result<Vec<(String, Vec<Vanished>)>, StoreError> {
    let mut out = Vec::new();
    for child in children {
        let Some(id) = w.child_id(&child.reference)? else {
            continue;
        };
        let mut gone = Vec::new();
        for table in [Table::Episodes, Table::Reviews, Table::PlacedAdoption] {
            if let Some(span) = coverage.span(table, &child.reference) {
                let prefix = kept::source_prefix(table);
                gone.extend(w.withdraw_vanished_between(id, prefix, &child.history, span)?);
            }
        }
        gone.sort_by(|a, b| (a.on, &a.source).cmp(&(b.on, &b.source)));
        if !gone.is_empty() {
            out.push((child.reference.clone(), gone));
        }
    }
    Ok(out)
}

/// The children for whom the files are older than what the record holds
/// (an earlier year's return, exported or kept: the rows kept from an
/// import reach past the last collection year the files do). Such files
/// add what the record lacks, but do not make the child's state at that
/// year's end their state now: their legal status, placement and looked
/// after since are left, no plan is proposed, no kept row replaced.
fn older_children(
    w: &Writer<'_>,
    rows: &BTreeMap<String, Vec<KeptRow>>,
    coverage: &Coverage,
) -> Result<HashSet<String>, StoreError> {
    let mut older = HashSet::new();
    let Some(until) = coverage.until() else {
        return Ok(older);
    };
    for reference in rows.keys() {
        let Some(id) = w.child_id(reference)? else {
            continue;
        };
        if w.ssda903_reach(id)?.is_some_and(|reach| reach > until) {
            older.insert(reference.clone());
        }
    }
    Ok(older)
}

/// The patches of children whose files are older, without the state the
/// files show at their year's end.
fn leave_current(mut patches: Vec<ChildPatch>, older: &HashSet<String>) -> Vec<ChildPatch> {
    for patch in patches.iter_mut().filter(|p| older.contains(&p.reference)) {
        patch.legal_status = None;
        patch.placement_type = None;
        patch.looked_after_since = None;
    }
    patches
}

/// Each child's rows of the files, kept for `export ssda903` as the
/// store keeps them (replaced within the span the files speak for).
fn keep_rows(
    w: &mut Writer<'_>,
    rows: &BTreeMap<String, Vec<KeptRow>>,
    coverage: &Coverage,
    older: &HashSet<String>,
) -> Result<Vec<(String, KeptChange)>, StoreError> {
    let mut out = Vec::new();
    for (reference, rows) in rows {
        let Some(id) = w.child_id(reference)? else {
            continue;
        };
        let span = |table| coverage.span(table, reference);
        let change = w.keep_ssda903_rows(id, rows, span, older.contains(reference))?;
        if change.changed() {
            out.push((reference.clone(), change));
        }
    }
    Ok(out)
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
fn report(data: &Ssda903, done: &Done, dry_run: bool, style: DateStyle) -> Result<()> {
    // Written, not printed: a long list read through `head` ends quietly.
    let mut out = crate::commands::output::stdout();
    for line in data.summary.lines() {
        writeln!(out, "{line}")?;
    }
    if dry_run {
        for change in &done.children.changes {
            let who = clean_line(&change.after.reference);
            if change.before.is_none() {
                writeln!(out, "{who}: new child")?;
            }
            for field in field_changes(change.before.as_ref(), &change.after, style) {
                writeln!(out, "{who}: {field}")?;
            }
        }
        for child in &done.history.children {
            for line in super::import_events::said(child, style) {
                writeln!(out, "{line}")?;
            }
        }
        let changed = |c: &&ChildImport| done.plans.changed.contains(&c.reference);
        for child in data.children.iter().filter(changed) {
            for plan in &child.plan_lines() {
                if plan.starts_with("plan ") {
                    writeln!(
                        out,
                        "{}: would propose {}",
                        clean_line(&child.reference),
                        clean_line(plan)
                    )?;
                }
            }
        }
    }
    let withdrawn = if dry_run {
        "would be withdrawn"
    } else {
        "withdrawn"
    };
    if dry_run {
        for (reference, change) in done.kept_updated() {
            writeln!(
                out,
                "{}: the return's own rows: {} would be written, {} taken out",
                clean_line(reference),
                change.written,
                change.removed
            )?;
        }
    }
    for (reference, gone) in &done.vanished {
        for v in gone {
            writeln!(
                out,
                "{}: {} on {} {withdrawn}: the files no longer hold {}",
                clean_line(reference),
                v.event.code(),
                style.show(v.on),
                clean_line(&v.source)
            )?;
        }
    }
    for child in &done.history.children {
        for line in super::import_events::near(child, style, dry_run) {
            writeln!(out, "{line}")?;
        }
    }
    let unplaced: Vec<&ChildImport> = data.children.iter().filter(|c| c.unplaced.is_some()).collect();
    for child in &unplaced {
        if let Some(reason) = &child.unplaced {
            writeln!(
                out,
                "{}: no pathway proposed: {}",
                clean_line(&child.reference),
                clean_line(reason)
            )?;
        }
    }
    writeln!(out, "{}", summary(done, unplaced.len(), dry_run))?;
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
    let rows = done.kept_updated().count();
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
