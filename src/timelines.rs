//! Putting a child's timeline together: the facts from the store, the
//! pathways and calendar from the library, the computation from the
//! domain. Shared by the command line and the terminal interface.

use crate::domain::caseload::{CaseloadRow, ChildDetail};
use crate::domain::child::ChildId;
use crate::domain::cohort::CohortChild;
use crate::domain::event::RecordedEvent;
use crate::domain::plan::Plan;
use crate::domain::plan::PlanStatus;
use crate::domain::timeline::{self, Inputs, Summary, Timeline};
use crate::library::Library;
use crate::store::{Store, StoreError};
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
    let plans: Vec<_> = facts
        .plans
        .into_iter()
        .filter(|p| p.status == PlanStatus::Active)
        .map(|p| {
            let pathway = library.pathway(&p.pathway);
            (p, pathway)
        })
        .collect();
    Ok(timeline::compute(&Inputs {
        calendar: &library.calendar,
        child: facts.child,
        plans: &plans,
        events: &facts.events,
        done: &facts.done,
        adhoc: &facts.adhoc,
        as_of,
    }))
}

/// Caseload summaries (pathway, week, next item, overdue count, computed
/// RAG) for the given rows, skipping children without plans.
pub fn summaries(
    store: &Store,
    library: &Library,
    rows: &[&CaseloadRow],
    as_of: NaiveDate,
) -> Result<HashMap<ChildId, Summary>, StoreError> {
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let timeline = timeline_of(store, library, row.id, as_of)?;
        if !timeline.plans.is_empty() {
            out.insert(row.id, Summary::of(&timeline));
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
}

/// Every child (or one worker's), with their timeline as of the date.
pub fn gather(
    store: &Store,
    library: &Library,
    as_of: NaiveDate,
    worker: Option<&str>,
) -> Result<Vec<Gathered>, StoreError> {
    let mut out = Vec::new();
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
    }
}
