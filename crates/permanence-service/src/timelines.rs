//! Putting a child's timeline together: the facts from the store, the
//! pathways and calendar from the library, the computation from the
//! domain. Shared by the command line and the terminal interface.

use crate::domain::calendar::Calendar;
use crate::domain::caseload::{CaseloadRow, ChildDetail};
use crate::domain::child::ChildId;
use crate::domain::child_places::ChildPlaces;
use crate::domain::cohort::{self, CohortChild};
use crate::domain::dashboard::{Dashboard, DashboardFold, Glance};
use crate::domain::event::RecordedEvent;
use crate::domain::pathway::Pathway;
use crate::domain::plan::Plan;
use crate::domain::plan::PlanStatus;
use crate::domain::timeline::{self, Inputs, Summary, Timeline};
use crate::library::Library;
use crate::store::{
    CohortHead, CohortPlace, CohortRecord, CohortRow, Store, StoreError, Stored, TimelineFacts,
    TimelineSource,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The child's timeline as of a day, over their active plans.
pub fn timeline_of(
    store: &Store,
    library: &Library,
    child: ChildId,
    as_of: NaiveDate,
) -> Result<Timeline, StoreError> {
    let facts = store.timeline_facts(child)?;
    Ok(compute(
        &library.calendar,
        |name| library.pathway(name),
        &facts,
        as_of,
    ))
}

/// The child's timeline as of a day from facts already read (or changed
/// in memory, to see what a change would do before it is saved).
pub fn timeline_from(library: &Library, facts: &TimelineFacts, as_of: NaiveDate) -> Timeline {
    compute(&library.calendar, |name| library.pathway(name), facts, as_of)
}

fn compute<'a>(
    calendar: &Calendar,
    pathway: impl Fn(&str) -> Option<&'a Pathway>,
    facts: &TimelineFacts,
    as_of: NaiveDate,
) -> Timeline {
    let plans: Vec<_> = facts
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Active)
        .map(|p| (p.clone(), pathway(&p.pathway)))
        .collect();
    let mut timeline = timeline::compute(&Inputs {
        calendar,
        child: facts.child,
        plans: &plans,
        events: &facts.events,
        done: &facts.done,
        adhoc: &facts.adhoc,
        as_of,
    });
    // After the dates are worked out: a not-needed item moves none.
    timeline::not_needed::apply(&mut timeline, &facts.not_needed);
    timeline
}

/// What the store works stored timelines out with: the library's
/// calendar and pathways (its own copy, as the store keeps it).
#[derive(Debug, Clone)]
pub struct Engine {
    calendar: Calendar,
    pathways: Vec<Pathway>,
    fingerprint: String,
}

impl Engine {
    pub fn new(library: &Library) -> Engine {
        Engine {
            calendar: library.calendar.clone(),
            pathways: library.pathways.iter().map(|p| p.pathway.clone()).collect(),
            fingerprint: library.timeline_fingerprint.clone(),
        }
    }

    fn pathway(&self, name: &str) -> Option<&Pathway> {
        self.pathways.iter().find(|p| p.name == name)
    }
}

impl TimelineSource for Engine {
    fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn compute(&self, facts: &TimelineFacts, as_of: NaiveDate) -> Timeline {
        compute(&self.calendar, |name| self.pathway(name), facts, as_of)
    }
}

/// Caseload summaries (pathway, week, next item, overdue count, computed
/// RAG) for the given rows, skipping children without plans: from the
/// stored timelines where they hold, worked out here where they do not
/// (a read-only store cannot store them; another user may have just
/// changed one).
pub fn summaries(
    store: &Store,
    library: &Library,
    rows: &[&CaseloadRow],
    as_of: NaiveDate,
) -> Result<HashMap<ChildId, Summary>, StoreError> {
    let ids: Vec<ChildId> = rows.iter().map(|r| r.id).collect();
    let mut stored = store.stored_timelines(&ids, &library.timeline_fingerprint, as_of)?;
    let mut out = HashMap::with_capacity(rows.len());
    for id in ids {
        let timeline = match stored.remove(&id) {
            Some(Stored::Fresh(timeline)) => timeline,
            Some(Stored::NoPlans) => continue,
            Some(Stored::Stale) | None => timeline_of(store, library, id, as_of)?,
        };
        if !timeline.plans.is_empty() {
            out.insert(id, Summary::of(&timeline));
        }
    }
    Ok(out)
}

/// Everything the reports know about one child.
pub struct Gathered {
    pub detail: ChildDetail,
    pub plans: Vec<Plan>,
    pub events: Vec<RecordedEvent>,
    pub timeline: Timeline,
    pub summary: Option<Summary>,
    /// The decision last recorded for the child at a kinship meeting held
    /// by the day, for Stockton's categories.
    pub kinship_decision: Option<String>,
}

/// Every child (or one worker's), with their timeline as of the date.
pub fn gather(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    worker: Option<&str>,
) -> Result<Vec<Gathered>, StoreError> {
    let mut out = Vec::new();
    let mut decisions = store.kinship_decisions(as_of)?;
    for row in store.caseload()? {
        let Some(detail) = store.child_detail(row.id)? else {
            continue;
        };
        if worker.is_some_and(|w| detail.fields.worker.as_deref() != Some(w)) {
            continue;
        }
        let facts = store.timeline_facts(row.id)?;
        let timeline = timeline_of(store, library, row.id, as_of)?;
        let summary = (!timeline.plans.is_empty()).then(|| Summary::of(&timeline));
        out.push(Gathered {
            detail,
            plans: facts.plans,
            events: facts.events,
            timeline,
            summary,
            kinship_decision: decisions.remove(&row.id),
        });
    }
    Ok(out)
}

/// What the trackers and the dashboard know about one child, owned and
/// small: no timeline, only its summary, and only the events they read
/// ([`cohort::EVENTS_USED`]). [`CohortInput::child`] is the child as a
/// tracker reads them.
pub type CohortInput = CohortRecord;

/// Hands `each` the children `wanted` (asked of each one's head: id,
/// reference, allocation) as the trackers and the dashboard read them on
/// `as_of`, one at a time in the store's order (by id), each with their
/// place in caseload order: one bulk read holding one child at a time,
/// each summary from the stored timeline where it holds and worked out
/// afresh for that child where it does not (stale, unreadable or missing;
/// a read-only store cannot store them, and another user may have just
/// changed one). A caller that may write refreshes the stored timelines
/// first ([`Store::refresh_timelines`]) so that few are. An error from
/// `each` stops the read.
pub fn each_cohort<E: From<StoreError>>(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    wanted: impl Fn(&CohortHead<'_>) -> bool,
    mut each: impl FnMut(CohortInput, usize) -> Result<(), E>,
) -> Result<(), E> {
    each_cohort_row(store, library, as_of, wanted, |row, position| {
        each(row.into_record()?, position)
    })
}

/// [`each_cohort`] with each child as the store's row: their head
/// borrowed, the rest of their record made only where `each` asks for it
/// ([`CohortRow::into_record`]).
pub fn each_cohort_row<E: From<StoreError>>(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    wanted: impl Fn(&CohortHead<'_>) -> bool,
    mut each: impl FnMut(CohortRow<'_>, usize) -> Result<(), E>,
) -> Result<(), E> {
    store.each_cohort_row(
        wanted,
        &cohort::EVENTS_USED,
        &library.timeline_fingerprint,
        as_of,
        |row, place: CohortPlace| {
            let row = made_current(store, library, as_of, row, place)?;
            // A read of every child places every child.
            each(row, place.position.unwrap_or(usize::MAX))
        },
    )
}

/// [`each_cohort_row`] of the children whose ids are in `ids` alone, not
/// placed in caseload order ([`Store::each_cohort_row_between`]).
fn each_cohort_row_between<E: From<StoreError>>(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    ids: std::ops::RangeInclusive<i64>,
    wanted: impl Fn(&CohortHead<'_>) -> bool,
    mut each: impl FnMut(CohortRow<'_>) -> Result<(), E>,
) -> Result<(), E> {
    store.each_cohort_row_between(
        ids,
        wanted,
        &cohort::EVENTS_USED,
        &library.timeline_fingerprint,
        as_of,
        |row, place: CohortPlace| each(made_current(store, library, as_of, row, place)?),
    )
}

/// The row with its summary worked out afresh where its stored one is
/// stale: the one place that is done as children are read in bulk.
fn made_current<'r>(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    mut row: CohortRow<'r>,
    place: CohortPlace,
) -> Result<CohortRow<'r>, StoreError> {
    if place.stale {
        row.summary = summary_of(&timeline_of(store, library, row.head.id, as_of)?);
    }
    Ok(row)
}

/// From this many children in the store (as the span of their ids tells
/// it, [`Store::halfway_child`]), a fold over the caseload
/// ([`fold_cohort_rows`]) reads it in two halves at once where the process
/// may use two cores or more, the later half on a second thread over a
/// connection of its own: at 100,000 children the dashboard took 347 ms
/// in one read (issue 19, budget 200 ms) and 190 ms in two
/// (docs/performance.md, 07/12/2026). Below it, a second connection is
/// not worth its cost.
pub const SPLIT_FROM: usize = 20_000;

/// Folds the children `wanted` (asked of each one's head), as
/// [`each_cohort_row`] hands them on but without their place in caseload
/// order (a fold that orders what it keeps orders by its own list, as
/// [`dashboard`] does), into what `start` makes, with `add`:
/// from [`SPLIT_FROM`] children, the earlier half by id into one and the
/// later half into another on a second thread, over a read-only
/// connection of its own ([`Store::reader`]), then `merge`d (the earlier
/// first), so a fold must give the same figures whichever way it is
/// split. Each half is read in one snapshot; the two begin together, so a
/// save that lands between them is seen by the later half alone, as it
/// would be by a read that began a moment later. Where a second
/// connection cannot be opened, the whole is read on this thread.
pub fn fold_cohort_rows<A, E>(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    wanted: &(dyn Fn(&CohortHead<'_>) -> bool + Sync),
    start: impl Fn() -> A + Sync,
    add: impl Fn(&mut A, CohortRow<'_>) -> Result<(), E> + Sync,
    merge: impl FnOnce(A, A) -> A,
) -> Result<A, E>
where
    A: Send,
    E: From<StoreError> + Send,
{
    // Pinned to one core (`taskset`, a container's limit), the halves
    // would take turns on it: slower than one read (measured,
    // docs/performance.md, 07/12/2026).
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let split_from = if cores > 1 { SPLIT_FROM } else { usize::MAX };
    fold_cohort_rows_from(split_from, store, library, as_of, wanted, start, add, merge)
}

/// [`fold_cohort_rows`], split in two from `split_from` children rather
/// than [`SPLIT_FROM`]: for the tests, which split small caseloads.
// The fold's seven arguments and the one size: bundling them into a
// struct would lose the closures' inferred argument types at every call.
#[allow(clippy::too_many_arguments)]
pub fn fold_cohort_rows_from<A, E>(
    split_from: usize,
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    wanted: &(dyn Fn(&CohortHead<'_>) -> bool + Sync),
    start: impl Fn() -> A + Sync,
    add: impl Fn(&mut A, CohortRow<'_>) -> Result<(), E> + Sync,
    merge: impl FnOnce(A, A) -> A,
) -> Result<A, E>
where
    A: Send,
    E: From<StoreError> + Send,
{
    let fold_between = |store: &Store, ids: std::ops::RangeInclusive<i64>| -> Result<A, E> {
        let mut folded = start();
        each_cohort_row_between(store, library, as_of, ids, wanted, |row| add(&mut folded, row))?;
        Ok(folded)
    };
    let halves = match store.halfway_child(split_from)? {
        Some(halfway) => store.reader().ok().map(|reader| (halfway, reader)),
        None => None,
    };
    let Some((halfway, reader)) = halves else {
        return fold_between(store, i64::MIN..=i64::MAX);
    };
    let fold_between = &fold_between;
    let (earlier, later) = std::thread::scope(|scope| {
        let later = scope.spawn(move || fold_between(&reader, halfway..=i64::MAX));
        let earlier = fold_between(store, i64::MIN..=halfway.saturating_sub(1));
        // A panic on the other thread is this one's, as if read here.
        let later = later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (earlier, later)
    });
    Ok(merge(earlier?, later?))
}

/// The dashboard's figures on `as_of` for the children `in_view`, each
/// bar listing its children in that list's order: each counted from
/// their glance as read, and made whole only where one of the two
/// trackers the dashboard reads may list them ([`Glance::tracked`]), so
/// that a national caseload is counted without making a record of each
/// child (issue 19); read in two halves at once where the caseload is
/// large ([`fold_cohort_rows`]).
pub fn dashboard(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    in_view: &[ChildId],
) -> Result<Dashboard, StoreError> {
    let places = ChildPlaces::of(in_view);
    let fold = fold_cohort_rows(
        store,
        library,
        as_of,
        &|head: &CohortHead<'_>| places.contains(head.id),
        || DashboardFold::new(as_of),
        |fold, row| {
            // Every child read is in view: `wanted` asked.
            let position = places.place(row.head.id).unwrap_or(usize::MAX);
            let glance = Glance {
                reference: row.head.reference,
                team: row.head.team,
                worker: row.head.worker,
                worker_name: row.head.worker_name,
                legal_status: row.head.legal_status,
                placement_type: row.head.placement_type,
                carers: &row.carers,
                plans: &row.plans,
                summary: row.summary.as_ref(),
            };
            fold.count(&glance, position);
            if glance.tracked() {
                fold.track(&row.into_record()?.child());
            }
            Ok::<(), StoreError>(())
        },
        DashboardFold::merge,
    )?;
    Ok(fold.finish())
}

/// Every child `wanted` in caseload order, as [`each_cohort`] hands them
/// on: for what needs them all at once (the tests' comparisons).
pub fn cohort(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    wanted: impl Fn(&CohortHead<'_>) -> bool,
) -> Result<Vec<CohortInput>, StoreError> {
    let mut placed = Vec::new();
    each_cohort(store, library, as_of, wanted, |record, position| {
        placed.push((position, record));
        Ok::<(), StoreError>(())
    })?;
    placed.sort_by_key(|(position, _)| *position);
    Ok(placed.into_iter().map(|(_, record)| record).collect())
}

/// A timeline's summary, where it covers a plan.
fn summary_of(timeline: &Timeline) -> Option<Summary> {
    (!timeline.plans.is_empty()).then(|| Summary::of(timeline))
}

/// Hands `each` the timeline of each of `children` as seen on `as_of`
/// (ascending by id), each from its stored timeline where that holds and
/// worked out afresh where not: for what needs a few children's open
/// items, in four scans of the store rather than several queries each.
/// A child without an active plan has none, and is not handed on.
pub fn each_timeline(
    store: &Store,
    library: &Library,
    children: &[ChildId],
    as_of: NaiveDate,
    mut each: impl FnMut(ChildId, &Timeline),
) -> Result<(), StoreError> {
    let mut stale = Vec::new();
    store.each_stored_timeline(
        children,
        &library.timeline_fingerprint,
        as_of,
        |child, state| match state {
            Stored::Fresh(timeline) => each(child, &timeline),
            Stored::NoPlans => {}
            Stored::Stale => stale.push(child),
        },
    )?;
    for child in stale {
        each(child, &timeline_of(store, library, child, as_of)?);
    }
    Ok(())
}

pub fn cohort_child(g: &Gathered) -> CohortChild<'_> {
    CohortChild {
        fields: &g.detail.fields,
        worker_name: g.detail.worker_name.as_deref(),
        iro_name: g.detail.iro_name.as_deref(),
        carers: &g.detail.carers,
        plans: &g.plans,
        events: &g.events,
        summary: g.summary.as_ref(),
        kinship_decision: g.kinship_decision.as_deref(),
    }
}
