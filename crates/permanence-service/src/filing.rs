//! Filing a finished form: storing the submission and what it sets in
//! motion (a PPM record's meeting counts as the PPM, and its decisions
//! become items on the child's plan), in one transaction. Shared by the
//! form screen and `permanence form import`.

use crate::domain::form::{FieldValue, FormData, FormDef};
use crate::domain::form_rules;
use crate::domain::plan::PlanRole;
use crate::store::{Store, StoreError};
use serde_json::Value;

/// Stores a submitted form for a child, with a PPM record's decisions
/// becoming timeline items and the meeting counting as the PPM.
pub fn submit(
    store: &mut Store,
    def: &FormDef,
    child: crate::domain::child::ChildId,
    draft: Option<i64>,
    amends: Option<i64>,
    data: &FormData,
    json: &Value,
) -> Result<i64, StoreError> {
    let plans = store.plans(child)?;
    let primary = plans
        .iter()
        .find(|p| p.role == PlanRole::Primary && p.status == crate::domain::plan::PlanStatus::Active)
        .map(|p| p.id);
    store.write(|w| {
        let id = match draft {
            Some(id) => {
                w.submit_form(id, json)?;
                id
            }
            None => w.add_submitted_form(child, &def.kind, amends, json)?,
        };
        if let Some(ppm) = def.ppm() {
            if let Some(FieldValue::Date(met)) = data.get(&ppm.meeting_date) {
                w.record_event(child, crate::domain::event::Event::Ppm, *met)?;
            }
            if let Some(plan) = primary {
                for (decision, target, who) in form_rules::ppm_decisions(ppm, data) {
                    if let Some(target) = target {
                        w.add_item(plan, &decision, target, who.as_deref())?;
                    }
                }
            }
        }
        Ok(id)
    })
}
