//! What the event loop does for the Timeline tab's plan dialogs: works
//! out what a plan change or catch-up would do (through `service::plans`
//! and `service::catch_up`, writing nothing) to show under "Before
//! saving", and saves it once read. A refusal goes back to the dialog in
//! the use case's words.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::screens::child::plan_dialogs::{PlanPending, PlanWork, confirm_form};
use crate::service::catch_up::{self, CatchUpError};
use crate::service::library::Library;
use crate::service::not_needed::{self, NotNeededError};
use crate::service::plans::{self, PlanError};
use crate::store::{Store, StoreError};

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Works out what the pending work would do and opens "Before saving",
/// or gives the dialog back with why not.
pub fn preview(store: &mut Store, library: &Library, app: &mut App, pending: PlanPending) {
    let Ok(facts) = store.timeline_facts(pending.child) else {
        app.reopen_form("The child's record could not be read; try again");
        return;
    };
    let (today, dates) = (app.session.today, app.dates);
    let worked = match &pending.work {
        PlanWork::Change(change) => plans::preview(library, &facts, change, today, dates)
            .map(|p| (Some(p.says), p.lines))
            .map_err(|e| match e {
                PlanError::Store(_) => "The child's record could not be read; try again".to_string(),
                refusal => capitalised(&refusal.to_string()),
            }),
        PlanWork::CatchUp(picks) => catch_up::preview(library, &facts, picks, today, dates)
            .map(|p| (None, p.lines))
            .map_err(|e| match e {
                CatchUpError::Store(_) => "The child's record could not be read; try again".to_string(),
                refusal => capitalised(&refusal.to_string()),
            }),
        PlanWork::NotNeeded { picks, reason } => {
            not_needed::preview(library, &facts, picks, reason, today, dates)
                .map(|p| (Some(p.says), p.lines))
                .map_err(|e| match e {
                    NotNeededError::Store(_) => "The child's record could not be read; try again".to_string(),
                    refusal => capitalised(&refusal.to_string()),
                })
        }
        PlanWork::TakeBack { pick, .. } => Ok((
            Some(format!(
                "This takes back the not-needed mark on {}: it is open again, and counts as overdue if it is late.",
                pick.title.trim_end_matches('.')
            )),
            Vec::new(),
        )),
    };
    match worked {
        Ok((says, lines)) => app.confirm_plan(confirm_form(pending, says, lines)),
        Err(why) => app.reopen_form(why),
    }
}

/// Saves the pending work: the child, and what to say (or why nothing
/// was saved, as a conflict where the record is no longer as shown).
pub fn save(
    store: &mut Store,
    library: &Library,
    app: &App,
    pending: PlanPending,
) -> (ChildId, Result<Option<String>, StoreError>) {
    let (today, dates) = (app.session.today, app.dates);
    let said = pending.saved(dates);
    let result = match &pending.work {
        PlanWork::Change(change) => plans::save(store, library, pending.child, change, today, dates)
            .map(|_| ())
            .map_err(|e| match e {
                PlanError::Store(e) => e,
                refusal => StoreError::Conflict(capitalised(&refusal.to_string())),
            }),
        PlanWork::CatchUp(picks) => catch_up::save(store, library, pending.child, picks, today, dates)
            .map(|_| ())
            .map_err(|e| match e {
                CatchUpError::Store(e) => e,
                refusal => StoreError::Conflict(capitalised(&refusal.to_string())),
            }),
        PlanWork::NotNeeded { picks, reason } => {
            not_needed::save(store, library, pending.child, picks, reason, today)
                .map(|_| ())
                .map_err(|e| match e {
                    NotNeededError::Store(e) => e,
                    refusal => StoreError::Conflict(capitalised(&refusal.to_string())),
                })
        }
        PlanWork::TakeBack { pick, reason } => {
            not_needed::undo(store, library, pending.child, pick, reason, today).map_err(|e| match e {
                NotNeededError::Store(e) => e,
                refusal => StoreError::Conflict(capitalised(&refusal.to_string())),
            })
        }
    };
    (pending.child, result.map(|()| Some(said)))
}
