//! Filing a finished form: storing the submission and what it sets in
//! motion (a PPM record's meeting counts as the PPM, and its decisions
//! become items on the child's plan), in one transaction. Shared by the
//! form screen and `permanence form import`.

use crate::corrections::{self, CorrectionError};
use crate::domain::date::DateStyle;
use crate::domain::form::{FieldValue, FormData, FormDef};
use crate::domain::form_rules;
use crate::domain::plan::PlanRole;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde_json::Value;

/// Why a form was not filed; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    /// A PPM record's meeting counts as the PPM, so its date meets the
    /// rule for what has happened (not in the future): the field's label
    /// and the rule's words.
    #[error("{label}: {refused}; nothing was stored")]
    Meeting { label: String, refused: CorrectionError },
    /// A field taken from the child's record says something else.
    #[error("{0}; nothing was stored")]
    Contradicts(crate::forms::Contradiction),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which stored forms a submission touches: the draft it finishes (none
/// for a form imported whole) and the submitted version it amends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Versions {
    pub draft: Option<i64>,
    pub amends: Option<i64>,
}

/// Stores a submitted form for a child, with a PPM record's decisions
/// becoming timeline items and the meeting counting as the PPM. `today`
/// and the user's date style are for the meeting's date rule.
pub fn submit(
    store: &mut Store,
    def: &FormDef,
    child: crate::domain::child::ChildId,
    Versions { draft, amends }: Versions,
    data: &FormData,
    json: &Value,
    (today, dates): (NaiveDate, DateStyle),
) -> Result<i64, FilingError> {
    // The meeting is recorded as the PPM event, so it is held to the same
    // date rule as `permanence record` and `e` on screen.
    if let Some(ppm) = def.ppm()
        && let Some(FieldValue::Date(met)) = data.get(&ppm.meeting_date)
    {
        corrections::check_date(*met, today, dates).map_err(|refused| FilingError::Meeting {
            label: def
                .field(&ppm.meeting_date)
                .map_or(ppm.meeting_date.clone(), |f| f.label.clone()),
            refused,
        })?;
    }
    // A form filed for a child cannot say they are someone else.
    if let Some(detail) = store.child_detail(child)? {
        crate::forms::check_against_record(def, data, &detail).map_err(FilingError::Contradicts)?;
    }
    let plans = store.plans(child)?;
    let primary = plans
        .iter()
        .find(|p| p.role == PlanRole::Primary && p.status == crate::domain::plan::PlanStatus::Active)
        .map(|p| p.id);
    let id = store.write(|w| {
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
        Ok::<_, StoreError>(id)
    })?;
    Ok(id)
}
