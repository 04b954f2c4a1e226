//! Putting a child's timeline together: the facts from the store, the
//! pathways and calendar from the library, the computation from the
//! domain. Shared by the command line and the terminal interface.

use crate::domain::calendar::Calendar;
use crate::domain::caseload::{CaseloadRow, ChildDetail};
use crate::domain::child::ChildId;
use crate::domain::cohort::CohortChild;
use crate::domain::event::RecordedEvent;
use crate::domain::pathway::Pathway;
use crate::domain::plan::Plan;
use crate::domain::plan::PlanStatus;
use crate::domain::timeline::{self, Inputs, Summary, Timeline};
use crate::library::Library;
use crate::store::{Store, StoreError, Stored, TimelineFacts, TimelineSource};
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
