//! The adoption timeliness measures' inputs read from the record: each
//! child on an adoption plan (a plan whose pathway places for adoption,
//! `placement = "adoption"` in its file, so no pathway is named in code)
//! with their events and how their plans ended, made into the domain's
//! [`Journey`]; and the thresholds file, built in like the other data.
//! The report, the dashboard and the child's screen all read them from
//! here.

use crate::domain::child::{ChildFields, ChildId};
use crate::domain::file_error::FileError;
use crate::domain::pathway::PlacementKind;
use crate::domain::plan::{PlanEnding, PlanStatus};
use crate::domain::timeliness::child::{self, ChildLine};
use crate::domain::timeliness::{AdoptionPlan, Journey, Thresholds, file};
use crate::library::Library;
use crate::store::{AdoptionFacts, Store, StoreError};
use chrono::NaiveDate;

/// The thresholds file shipped with the program (`data/timeliness.toml`).
pub const THRESHOLDS_FILE: (&str, &str) = (
    "data/timeliness.toml",
    include_str!("../../../data/timeliness.toml"),
);

/// The measures' thresholds, every problem in the file named with its line.
pub fn thresholds() -> Result<Thresholds, Vec<FileError>> {
    let (name, text) = THRESHOLDS_FILE;
    file::parse(name, text)
}

/// The journey of every child `wanted` (by their record) who has had an
/// adoption plan, in caseload order.
///
/// Whether a child was adopted by their foster carers, and when that
/// foster placement began, is their `foster-placement` event (recorded in
/// the app, or imported from the SSDA903's AD1 `FOSTER_CARE`), which
/// [`Journey::of`] reads into [`Journey::foster_placement_start`].
pub fn journeys(
    store: &Store,
    library: &Library,
    wanted: impl Fn(ChildId, &ChildFields) -> bool,
) -> Result<Vec<Journey>, StoreError> {
    let adoption = adoption_pathways(library);
    let mut out = Vec::new();
    // Every such child in one pass (four queries, not five a child).
    store.each_adoption_record(&adoption, |id, fields, facts| {
        if wanted(id, &fields) {
            out.extend(journey_of(&adoption, &fields, &facts));
        }
        Ok::<(), StoreError>(())
    })?;
    Ok(out)
}

/// The pathways that place for adoption (`placement = "adoption"`).
fn adoption_pathways(library: &Library) -> Vec<&str> {
    library
        .pathways
        .iter()
        .filter(|p| p.pathway.cadence.placement == PlacementKind::Adoption)
        .map(|p| p.pathway.name.as_str())
        .collect()
}

/// One child's journey on their latest adoption plan, if they have had one.
fn journey(
    store: &Store,
    adoption: &[&str],
    id: ChildId,
    fields: &ChildFields,
) -> Result<Option<Journey>, StoreError> {
    Ok(journey_of(adoption, fields, &store.adoption_facts(id)?))
}

/// The journey of a child with `fields` and `facts` on their latest
/// adoption plan, if they have had one.
fn journey_of(adoption: &[&str], fields: &ChildFields, facts: &AdoptionFacts) -> Option<Journey> {
    let endings = &facts.endings;
    let plans: Vec<AdoptionPlan> = facts
        .plans
        .iter()
        .filter(|p| adoption.contains(&p.pathway.as_str()))
        .map(|p| AdoptionPlan {
            start: p.start,
            active: p.status == PlanStatus::Active,
            ended_with_order: endings
                .iter()
                .find(|e| e.plan == p.id && e.ending == PlanEnding::OrderMade)
                .map(|e| e.on),
        })
        .collect();
    Journey::of(
        &fields.reference,
        &fields.full_name(),
        &facts.events,
        fields.looked_after_since,
        &plans,
    )
}

/// The child's timeliness lines for their screen as of `today` (the
/// domain's [`child::lines`], from the same clocks as the report), dates
/// as `show` writes them: none for a child never on an adoption plan.
pub fn child_lines(
    store: &Store,
    library: &Library,
    id: ChildId,
    today: NaiveDate,
    show: impl Fn(NaiveDate) -> String,
) -> Result<Vec<ChildLine>, StoreError> {
    let Some(detail) = store.child_detail(id)? else {
        return Ok(Vec::new());
    };
    let adoption = adoption_pathways(library);
    let Some(journey) = journey(store, &adoption, id, &detail.fields)? else {
        return Ok(Vec::new());
    };
    // The thresholds are built in and checked by a test: were they ever
    // unreadable, the report says why; the screen shows nothing.
    let Ok(thresholds) = thresholds() else {
        return Ok(Vec::new());
    };
    Ok(child::lines(&journey, today, &thresholds, show))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_thresholds_load() {
        let thresholds = thresholds().unwrap();
        assert_eq!(thresholds.rules.len(), 4);
    }
}
