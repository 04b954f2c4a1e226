//! The adoption timeliness measures' inputs read from the record: each
//! child on an adoption plan (a plan whose pathway places for adoption,
//! `placement = "adoption"` in its file, so no pathway is named in code)
//! with their events and how their plans ended, made into the domain's
//! [`Journey`]; and the thresholds file, built in like the other data.
//! The report and the dashboard both read them from here.

use crate::domain::child::{ChildFields, ChildId};
use crate::domain::file_error::FileError;
use crate::domain::pathway::PlacementKind;
use crate::domain::plan::{PlanEnding, PlanStatus};
use crate::domain::timeliness::{AdoptionPlan, Journey, Thresholds, file};
use crate::library::Library;
use crate::store::{Store, StoreError};

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
/// The record cannot yet say whether a child was adopted by their foster
/// carers, nor when that foster placement began (the SSDA903's AD1
/// `FOSTER_CARE`), so [`Journey::foster_placement_start`] is left empty
/// and the report says A10 equals A1.
pub fn journeys(
    store: &Store,
    library: &Library,
    wanted: impl Fn(ChildId, &ChildFields) -> bool,
) -> Result<Vec<Journey>, StoreError> {
    let adoption: Vec<&str> = library
        .pathways
        .iter()
        .filter(|p| p.pathway.cadence.placement == PlacementKind::Adoption)
        .map(|p| p.pathway.name.as_str())
        .collect();
    let mut out = Vec::new();
    for id in store.children_on_pathways(&adoption)? {
        let Some(detail) = store.child_detail(id)? else {
            continue;
        };
        if !wanted(id, &detail.fields) {
            continue;
        }
        let facts = store.adoption_facts(id)?;
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
        let fields = &detail.fields;
        if let Some(journey) = Journey::of(
            &fields.reference,
            &fields.full_name(),
            &facts.events,
            fields.looked_after_since,
            &plans,
        ) {
            out.push(journey);
        }
    }
    Ok(out)
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
