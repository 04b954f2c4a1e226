//! A child's papers for the Legal Gateway and the Child Permanence Report:
//! the chronology, the family network behind the genogram, and the
//! Gateway checklist, put together from what the database holds.
//!
//! The rules are in `domain::chronology`, `domain::genogram` and
//! `domain::gateway`; this is where the store's rows meet them, shared by
//! the command line and the screens so both tell the same story.

use crate::domain::child::{ChildId, Rag};
use crate::domain::chronology::{self, Entry, Kind, MeetingHeld, PlanHistory, Sources, WrittenEntry};
use crate::domain::event::{Event, RecordedEvent};
use crate::domain::family::{Network, Person, PersonId, Sex};
use crate::domain::gateway::{Checklist, Paper, Readiness};
use crate::library::Library;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;

/// Everything the chronology is made from, for one child.
pub fn chronology_sources(
    store: &Store,
    library: &Library,
    child: ChildId,
    reference: &str,
    today: NaiveDate,
) -> Result<Sources, StoreError> {
    let written = store
        .chronology_entries(child)?
        .into_iter()
        .map(|row| WrittenEntry {
            id: row.id,
            on: row.on_date,
            what: row.what,
            // A kind this version does not know (written by a newer one,
            // or an authority's own) still shows, as "other".
            kind: Kind::parse(&row.kind).unwrap_or(Kind::Other),
            source: row.source,
            recorded_by: row.recorded_by,
            verified: row.verified,
        })
        .collect();
    let facts = store.timeline_facts(child)?;
    let mut closures = store.plan_closures(reference)?;
    // A plan closed with its date (on screen, `permanence plan close`)
    // ended that day, which may be before the day it was recorded.
    for ending in store.plan_endings(child)? {
        closures.insert(ending.plan, ending.on);
    }
    let plans = facts
        .plans
        .into_iter()
        .map(|mut plan| {
            // The chronology says "Adoption", as the pathway file titles it.
            if let Some(pathway) = library.pathway(&plan.pathway) {
                plan.pathway = pathway.title.clone();
            }
            PlanHistory {
                ended: closures.get(&plan.id).copied(),
                ..PlanHistory::started(plan)
            }
        })
        .collect();
    // The record's "looked after since" is the day the child became looked
    // after, whether or not anyone recorded it as an event as well; the
    // chronology lists it once either way (its key is the event's).
    let mut events = facts.events;
    if let Some(since) = facts.child.looked_after_since {
        events.push(RecordedEvent {
            event: Event::LookedAfter,
            on: since,
        });
    }
    Ok(Sources {
        written,
        events,
        plans,
        rag: rag_changes(&store.rag_history(child)?),
        meetings: store
            .family_meetings(child)?
            .into_iter()
            .map(|m| MeetingHeld {
                id: m.id,
                held_on: m.held_on,
                kind: m.kind.label().to_string(),
                outcomes: m.outcomes.len(),
            })
            .collect(),
        today,
    })
}

/// The child's chronology: every source once, in date order, with the
/// marks for the CPR.
pub fn chronology(
    store: &Store,
    library: &Library,
    child: ChildId,
    reference: &str,
    today: NaiveDate,
) -> Result<Vec<Entry>, StoreError> {
    let sources = chronology_sources(store, library, child, reference, today)?;
    Ok(chronology::build(&sources, &store.chronology_marks(child)?))
}

/// Each tracker meeting's rating that differs from the one before.
fn rag_changes(history: &[(NaiveDate, Rag)]) -> Vec<(NaiveDate, Option<Rag>, Rag)> {
    let mut before: Option<Rag> = None;
    let mut changes = Vec::new();
    for (on, rag) in history {
        if before != Some(*rag) {
            changes.push((*on, before, *rag));
            before = Some(*rag);
        }
    }
    changes
}

/// The child's family network and who in it the child is. A child with no
/// network yet is alone in one made from their record, so the genogram
/// always has its centre.
pub fn family(store: &Store, child: ChildId) -> Result<(Network, PersonId), StoreError> {
    let mut network = store.network(child)?;
    if let Some(person) = network.child_person(child) {
        let id = person.id;
        return Ok((network, id));
    }
    let detail = store
        .child_detail(child)?
        .ok_or(StoreError::NoSuchChild(format!("{}", child.0)))?;
    // Not stored: a stand-in until someone records the family.
    let id = PersonId(0);
    let sex = detail
        .fields
        .gender
        .as_deref()
        .and_then(Sex::parse)
        .unwrap_or(Sex::Unknown);
    network.people.push(Person {
        date_of_birth: detail.fields.date_of_birth,
        culture: detail.fields.ethnicity.clone(),
        religion: detail.fields.religion.clone(),
        child: Some(child),
        ..Person::new(id, detail.fields.full_name(), sex)
    });
    Ok((network, id))
}

/// Where the child stands for the Legal Gateway: `None` when no panel
/// date is recorded, with the checklist as it stands either way.
pub fn gateway(
    store: &Store,
    library: &Library,
    child: ChildId,
    reference: &str,
) -> Result<(Checklist, Option<Readiness>), StoreError> {
    let panel = store.gateway_panel(child)?;
    let pre_proceedings = panel.as_ref().is_some_and(|p| p.pre_proceedings);
    let ticked: Vec<(Paper, Option<NaiveDate>)> = store
        .gateway_papers(child)?
        .into_iter()
        .filter_map(|(code, dated)| Paper::parse(&code).map(|p| (p, dated)))
        .collect();
    let checklist = Checklist::new(pre_proceedings, ticked);
    let readiness = panel.map(|p| Readiness::new(reference, p.panel_date, &checklist, &library.calendar));
    Ok((checklist, readiness))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn only_a_changed_rating_is_a_change() {
        let history = [
            (d(1, 5), Rag::Amber),
            (d(2, 2), Rag::Amber),
            (d(3, 2), Rag::Red),
            (d(4, 6), Rag::Green),
            (d(5, 4), Rag::Green),
        ];
        assert_eq!(
            rag_changes(&history),
            vec![
                (d(1, 5), None, Rag::Amber),
                (d(3, 2), Some(Rag::Amber), Rag::Red),
                (d(4, 6), Some(Rag::Red), Rag::Green),
            ]
        );
        assert_eq!(rag_changes(&[]), vec![]);
    }
}
