//! The one write of `import ssda903`, a child at a time: each child of
//! the return mapped (`mapping::map_child`), then their record, plans,
//! withdrawn events and history written, before the next child is
//! mapped, so that a national return (100,000 children, about a million
//! history entries) is never held mapped all at once. What each step
//! does is what the whole-return steps did before: the children's path
//! of `import children`, the plans as `import plans` puts them, the
//! history through the service's `history` path; the imports' summary
//! entries on the trail come once, at the end. [`write_child`] is the
//! one place a further per-child write goes.

use super::{PlanCounts, Stopped, history_problem, said};
use crate::domain::child::{ChildFields, ChildId};
use crate::domain::import::ChildPatch;
use crate::domain::plan::{Plan, PlanBasis, PlanRole, PlanStatus, StartFrom};
use crate::domain::plan_import::PlanRow;
use crate::domain::ssda903::codes::CodeLists;
use crate::domain::ssda903::kept::{self, Coverage};
use crate::domain::ssda903::mapping::{ChildImport, Index, ProposedPlan, map_child};
use crate::domain::ssda903::{HeaderRow, Problem, Return, Table};
use crate::service::history::{ChildByChild, ChildHistory, Detail};
use crate::service::library::Library;
use crate::store::{
    ChildChange, ImportSummary, KeptChange, NewWorkers, Outcome, PlanOutcome, StoreError, Vanished, Writer,
};
use chrono::NaiveDate;

/// What every child's write needs besides the writer and the child.
pub(super) struct Run<'a> {
    pub library: &'a Library,
    /// The files as read, to locate a history problem at its row.
    pub ret: &'a Return,
    /// Each child's rows of every table, and the code lists, to map a
    /// child and keep their rows.
    pub index: &'a Index<'a>,
    pub lists: &'a CodeLists,
    /// The span of days the files speak for, table by table.
    pub coverage: &'a Coverage,
    pub new_workers: NewWorkers,
    pub today: NaiveDate,
    pub detail: Detail,
    pub dry_run: bool,
}

/// What the write has done so far, child by child.
#[derive(Default)]
pub(super) struct Tally {
    /// The children's rows as first written (without their legal status).
    first: ImportSummary,
    /// The rows written again for the legal status the return gives.
    second: ImportSummary,
    second_rows: usize,
    /// Each child's record before the write and after, counted (and, in
    /// a dry run, listed).
    pub children: ImportSummary,
    pub plans: PlanCounts,
    history: ChildByChild,
    /// The children whose history a real import's report speaks of: those
    /// with an event near one already recorded.
    pub told: Vec<ChildHistory>,
    /// In a dry run, every line said about each child so far, child by
    /// child (`said`), instead of their records and histories held.
    pub said: String,
    /// Events imported before whose source the files no longer hold, by child.
    pub vanished: Vec<(String, Vec<Vanished>)>,
    /// The children no pathway could be proposed for, and why.
    pub unplaced: Vec<(String, String)>,
    /// The plans still open for children who have left care, a line each.
    pub left_open: Vec<(String, String)>,
    /// The children already on the record whose kept rows of the return
    /// (for `export ssda903`) changed, with what changed (a new child's
    /// rows come with it and are not listed).
    pub kept: Vec<(String, KeptChange)>,
    /// Every entry of the history the record refuses, at its row.
    problems: Vec<Problem>,
}

/// One child of the return (`row`, their Header row) mapped and written:
/// their record (the legal status after the history: recording a
/// placement order moves it, as `permanence record` does, but an adopted
/// child's status is what the return says it is now), the plans their
/// history implies, the events earlier files gave that these no longer
/// hold withdrawn, their history recorded and the files' own rows kept;
/// everything said about them kept in `tally`.
pub(super) fn write_child(
    w: &mut Writer<'_>,
    run: &Run<'_>,
    row: &HeaderRow,
    tally: &mut Tally,
) -> Result<(), Stopped> {
    let child = map_child(run.index, run.lists, row).adult_on(run.today);
    let (patch, before) = keep_name(w, &child.patch)?;
    let existing = match &before {
        Some(_) => w.child_id(&child.reference)?,
        None => None,
    };
    let older = is_older(w, existing, run.coverage)?;
    let patch = if older { leave_current(patch) } else { patch };
    let first = ChildPatch {
        legal_status: None,
        ..patch.clone()
    };
    w.import_child(&first, false, run.new_workers, &mut tally.first)?;
    let plans_before = tally.plans.changes();
    let left_before = tally.left_open.len();
    if !older {
        put_plans(w, &child, run.today, &mut tally.plans)?;
        let (plans, left) = (&mut tally.plans, &mut tally.left_open);
        super::left_care::close_left_open(w, &child, run.today, run.dry_run, plans, left)?;
    }
    let plans_changed = tally.plans.changes() > plans_before;
    let vanished_before = tally.vanished.len();
    if before.is_some() {
        // A child new to the record has nothing imported before to withdraw.
        withdraw_vanished(w, &child, run.coverage, &mut tally.vanished)?;
    }
    // A child new to the record has no history yet to weigh each event
    // against: theirs is written the quick way, to the same rows.
    let plan = if before.is_none() {
        tally
            .history
            .new_child(w, run.library, &child.history, run.today, run.detail)?
    } else {
        tally
            .history
            .child(w, run.library, &child.history, run.today, run.detail)?
    };
    let mut told = Vec::new();
    if plan.problems.is_empty() {
        told = plan.children;
    } else {
        // Nothing of the import will be written; the rest of the
        // children are still planned, so that every problem is listed.
        tally.problems.extend(
            plan.problems
                .iter()
                .map(|p| history_problem(run.ret, &child.history, p)),
        );
    }
    if patch.legal_status.is_some() {
        let now = w.child_by_ref(&patch.reference)?.map(|c| c.legal_status);
        if now != patch.legal_status {
            w.import_child(&patch, false, run.new_workers, &mut tally.second)?;
            tally.second_rows += 1;
        }
    }
    let kept_before = tally.kept.len();
    keep_rows(w, run, row, existing.is_some(), older, &mut tally.kept)?;
    let change = count_change(w, &patch, before, &mut tally.children)?;
    if run.dry_run {
        // Said now, in the order the report always gave them, and let go.
        let (out, style) = (&mut tally.said, run.detail.dates);
        if let Some(change) = &change {
            said::change(out, change, style);
        }
        for history in &told {
            said::history(out, history, style);
        }
        if plans_changed {
            said::plans(out, &child.reference, &child.plan_lines());
        }
        for (reference, change) in &tally.kept[kept_before..] {
            said::kept(out, reference, change);
        }
        for (reference, gone) in &tally.vanished[vanished_before..] {
            said::vanished(out, reference, gone, true, style);
        }
        for history in &told {
            said::near(out, history, true, style);
        }
        if let Some(reason) = &child.unplaced {
            said::unplaced(out, &child.reference, reason);
        }
        for (_, line) in &tally.left_open[left_before..] {
            out.push_str(line);
            out.push('\n');
        }
    } else {
        tally.told.extend(told.into_iter().filter(|c| !c.near.is_empty()));
    }
    if let Some(reason) = child.unplaced {
        tally.unplaced.push((child.reference, reason));
    }
    Ok(())
}

/// After the last child: the imports' entries for the trail, once; or,
/// with a history problem anywhere, every problem (the write is refused
/// whole).
pub(super) fn finish(
    w: &mut Writer<'_>,
    rows: usize,
    mut tally: Tally,
) -> Result<(Tally, crate::service::history::Applied), Stopped> {
    if !tally.problems.is_empty() {
        return Err(Stopped::History(std::mem::take(&mut tally.problems)));
    }
    w.audit_children_import(rows, &tally.first)?;
    if tally.second_rows > 0 {
        w.audit_children_import(tally.second_rows, &tally.second)?;
    }
    let history = std::mem::take(&mut tally.history);
    let applied = history.finish(w)?;
    Ok((tally, applied))
}

/// The return carries no names: a child already on the record keeps the
/// name they have (imported or typed in the app), and only a new child is
/// called "Child" and their reference. With the row, the child's record
/// before the import.
fn keep_name(w: &Writer<'_>, patch: &ChildPatch) -> Result<(ChildPatch, Option<ChildFields>), StoreError> {
    let mut patch = patch.clone();
    let existing = w.child_by_ref(&patch.reference)?;
    if let Some(existing) = &existing {
        patch.given_name.clone_from(&existing.given_name);
        patch.family_name.clone_from(&existing.family_name);
    }
    Ok((patch, existing))
}

/// The child's record before the import and after it (children, history
/// and the legal status the return gives), counted as created, updated or
/// unchanged; the change, where there is one, for a dry run to say.
fn count_change(
    w: &Writer<'_>,
    patch: &ChildPatch,
    before: Option<ChildFields>,
    summary: &mut ImportSummary,
) -> Result<Option<ChildChange>, StoreError> {
    let Some(after) = w.child_by_ref(&patch.reference)? else {
        return Ok(None);
    };
    match &before {
        None => summary.created += 1,
        Some(b) if *b == after => {
            summary.unchanged += 1;
            return Ok(None);
        }
        Some(_) => summary.updated += 1,
    }
    Ok(Some(ChildChange {
        before,
        after,
        facts: None,
    }))
}

/// Each plan the history implies, put as `import plans` puts a row; a plan
/// the history shows ended is closed with its ending. Ended plans go first
/// (a period's plan before the next's), so that a later primary replaces
/// an earlier one and not the other way round. A plan that is already
/// there, closed or open, from the same start is left as it is, so a
/// second import changes nothing. Each is counted from the period of
/// care, its record beginning `today` (`PlanBasis::ssda903`).
fn put_plans(
    w: &mut Writer<'_>,
    child: &ChildImport,
    today: NaiveDate,
    counts: &mut PlanCounts,
) -> Result<(), StoreError> {
    if child.plans.is_empty() {
        return Ok(());
    }
    let Some(id) = w.child_id(&child.reference)? else {
        return Ok(());
    };
    let mut proposed: Vec<&ProposedPlan> = child.plans.iter().collect();
    proposed.sort_by_key(|p| (p.closed.is_none(), p.start));
    for plan in proposed {
        let existing = w.plans(id)?;
        // The same plan: from the same start, or, where the files begin
        // within the period, from before where they begin.
        let same = |p: &&Plan| {
            p.pathway == plan.pathway && (p.start == plan.start || (!plan.entered && p.start <= plan.start))
        };
        // And a current plan the record has already stands: files that
        // begin within the period may not hold what decided it (a
        // decision reversed before their year).
        let primary = |p: &Plan| p.status == PlanStatus::Active && p.role == PlanRole::Primary;
        if !plan.entered
            && (existing.iter().any(|p| same(&p)) || (plan.closed.is_none() && existing.iter().any(primary)))
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
            basis: PlanBasis::ssda903(today),
        };
        // A plan on this pathway whose start was given in the app (its
        // Legal Gateway decision) is the app's: the return, which holds
        // no Gateway, does not move it back.
        let given_in_app = existing.iter().any(|p| {
            p.status == PlanStatus::Active && p.pathway == plan.pathway && p.basis.start == StartFrom::Gateway
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
                // Put (created, or the open one brought to the history's
                // start), then closed as the history ended it. An open
                // plan started in the app keeps its start.
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
    Ok(())
}

/// The events imported from an earlier return whose source the files no
/// longer hold (an episode's day put right, a review taken out), within
/// the span the files speak for (`kept::Coverage`, table by table: a
/// year's files speak neither for the years before nor those after):
/// withdrawn, and listed.
fn withdraw_vanished(
    w: &mut Writer<'_>,
    child: &ChildImport,
    coverage: &Coverage,
    out: &mut Vec<(String, Vec<Vanished>)>,
) -> Result<(), StoreError> {
    let Some(id) = w.child_id(&child.reference)? else {
        return Ok(());
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
    Ok(())
}

/// Whether the files are older than what the record holds of the child
/// (an earlier year's return, exported or kept: the rows kept from an
/// import reach past the last collection year the files do). Such files
/// add what the record lacks, but do not make the child's state at that
/// year's end their state now: their legal status, placement and looked
/// after since are left, no plan is proposed, no kept row replaced.
fn is_older(w: &Writer<'_>, existing: Option<ChildId>, coverage: &Coverage) -> Result<bool, StoreError> {
    let (Some(id), Some(until)) = (existing, coverage.until()) else {
        return Ok(false);
    };
    Ok(w.ssda903_reach(id)?.is_some_and(|reach| reach > until))
}

/// A patch from older files, without the state they show at their year's end.
fn leave_current(patch: ChildPatch) -> ChildPatch {
    ChildPatch {
        legal_status: None,
        placement_type: None,
        looked_after_since: None,
        ..patch
    }
}

/// The child's rows of the files, kept for `export ssda903` as the store
/// keeps them (replaced within the span the files speak for); a child
/// already on the record whose rows changed is listed.
fn keep_rows(
    w: &mut Writer<'_>,
    run: &Run<'_>,
    row: &HeaderRow,
    existed: bool,
    older: bool,
    out: &mut Vec<(String, KeptChange)>,
) -> Result<(), StoreError> {
    let Some(id) = w.child_id(&row.child)? else {
        return Ok(());
    };
    let rows = kept::of_child(run.index, row);
    if !existed {
        // New to the record: nothing kept for them to read back first.
        w.keep_new_ssda903_rows(id, &rows)?;
        return Ok(());
    }
    let span = |table| run.coverage.span(table, &row.child);
    let change = w.keep_ssda903_rows(id, &rows, span, older)?;
    if existed && change.changed() {
        out.push((row.child.to_string(), change));
    }
    Ok(())
}
