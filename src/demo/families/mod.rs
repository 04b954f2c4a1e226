//! Family networks for the synthetic caseload: every sibling group and
//! many single children get parents (now and then a second father, for
//! half-siblings with another surname, or a step-parent), grandparents
//! (one sometimes deceased), an aunt or uncle with a partner being
//! assessed as carers, households, and each adult's part in the plan. Some
//! families have had a Family Group Conference or Family Network meeting;
//! every child has a few written chronology entries, some marked for the
//! Child Permanence Report; children in pre-proceedings or just past the
//! Legal Gateway decision have a panel date and papers ticked.
//!
//! Every name is drawn from the demo's own lists: none is real.
//!
//! They follow the caseload's own seed and day, so the same seed gives the
//! same families, and everything dated "before today" is.

use super::{DemoCaseload, Rng};
use crate::domain::calendar::Calendar;
use crate::domain::child::ChildId;
use crate::domain::people::Carer;
use crate::domain::plan::{PlanRole, Stage as PlanStage};
use crate::store::{StoreError, Writer};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

mod network;
mod people;
mod records;
#[cfg(test)]
mod tests;

/// Of the children with no sibling on the caseload, how many in a hundred
/// have a network recorded.
const SINGLE_CHILDREN_WITH_A_NETWORK: u64 = 35;

/// Writes the caseload's families, chronologies and Gateway papers, from
/// its own seed and day; `child_ids` holds each child's id by reference,
/// as writing the children found them (rather than looked up again here).
pub fn write(
    w: &mut Writer<'_>,
    caseload: &DemoCaseload,
    child_ids: &HashMap<String, ChildId>,
) -> Result<(), StoreError> {
    write_with(w, caseload, child_ids, caseload.seed, caseload.today)
}

/// Writes the families, chronologies and Gateway papers with the seed and
/// today given.
pub fn write_with(
    w: &mut Writer<'_>,
    caseload: &DemoCaseload,
    child_ids: &HashMap<String, ChildId>,
    seed: u64,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let mut rng = Rng::new(seed ^ 0x0FA3_11E5);
    let carers: HashMap<&str, &Carer> = caseload
        .carers
        .iter()
        .flat_map(|(carer, refs)| refs.iter().map(move |r| (r.as_str(), carer)))
        .collect();
    let plans: HashMap<&str, (PlanStage, NaiveDate)> = caseload
        .plans
        .iter()
        .filter(|p| p.role == PlanRole::Primary)
        .map(|p| (p.reference.as_str(), (p.stage, p.start)))
        .collect();
    let calendar = Calendar::default();
    let children = &caseload.children;
    let mut at = 0;
    while at < children.len() {
        // A sibling group's children are generated one after another.
        let mut end = at + 1;
        if let Some(group) = &children[at].sibling_group {
            while end < children.len() && children[end].sibling_group.as_ref() == Some(group) {
                end += 1;
            }
        }
        let group = &children[at..end];
        at = end;
        let mut ids = Vec::with_capacity(group.len());
        for child in group {
            let id = child_ids
                .get(&child.reference)
                .ok_or_else(|| StoreError::NoSuchChild(child.reference.clone()))?;
            ids.push(*id);
        }
        if group.len() > 1 || rng.chance(SINGLE_CHILDREN_WITH_A_NETWORK) {
            let carer = carers.get(group[0].reference.as_str()).copied();
            network::family(w, &mut rng, group, &ids, carer, today)?;
        }
        for (child, id) in group.iter().zip(&ids) {
            records::chronology(w, &mut rng, child, *id, today)?;
            if let Some((stage, start)) = plans.get(child.reference.as_str()) {
                records::gateway(w, &mut rng, &calendar, *id, *stage, *start, today)?;
            }
        }
    }
    Ok(())
}

fn years_before(date: NaiveDate, rng: &mut Rng, low: u64, high: u64) -> NaiveDate {
    date - Days::new(rng.range(low * 365, high * 365))
}

fn days_before(date: NaiveDate, rng: &mut Rng, low: u64, high: u64) -> NaiveDate {
    date - Days::new(rng.range(low, high))
}

/// Within `years` either side of `date`.
fn about(date: NaiveDate, rng: &mut Rng, years: u64) -> NaiveDate {
    date - Days::new(years * 365) + Days::new(rng.range(0, 2 * years * 365 + 1))
}
