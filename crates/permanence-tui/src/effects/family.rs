//! What the event loop does for the Family tab's changes: each through
//! its use case in `service::family` (one audited write), then the child
//! shown again so the genogram and the list redraw at once. A change the
//! rules refuse goes back to its dialog with the field and the reason.

use super::{Saved, after_change, capitalised};
use crate::app::{App, Effect};
use crate::service::family::{self, FamilyError};
use crate::service::library::Library;
use crate::store::{Store, StoreError};

/// Carries out one of the Family tab's effects.
pub(super) fn carry_out(store: &mut Store, library: &Library, app: &mut App, effect: Effect) {
    let (child, result) = match effect {
        Effect::AddPerson { child, entry } => {
            let said = format!("Added {} to the family network", entry.name);
            (child, family::add_person(store, child, &entry).map(|_| said))
        }
        Effect::EditPerson { child, person, entry } => {
            let said = format!("Saved {}", entry.name);
            (
                child,
                family::edit_person(store, child, person, &entry).map(|()| said),
            )
        }
        Effect::LinkPeople {
            child,
            first,
            second,
            link,
        } => (
            child,
            family::link(store, child, first, second, &link).map(|()| "Linked".to_string()),
        ),
        Effect::UnlinkPeople { child, link } => (
            child,
            family::unlink(store, link).map(|gone| {
                if gone {
                    "Link taken back".to_string()
                } else {
                    "That link was already gone".to_string()
                }
            }),
        ),
        Effect::RecordFamilyMeeting {
            child,
            meeting,
            outcomes,
            timeline,
        } => {
            let said = format!(
                "Recorded the {} with {} outcome{}",
                meeting.kind.label(),
                outcomes.len(),
                if outcomes.len() == 1 { "" } else { "s" }
            );
            let done =
                family::record_meeting(store, child, &meeting, &outcomes, timeline).map(
                    |added| match added {
                        0 => said,
                        1 => format!("{said}, one of them now on the timeline"),
                        n => format!("{said}, {n} of them now on the timeline"),
                    },
                );
            (child, done.map_err(FamilyError::from))
        }
        _ => return,
    };
    let saved: Saved = match result {
        Ok(said) => (child, Ok(Some(said))),
        // The rules said no: back to the dialog, with the field and why.
        Err(FamilyError::Person(refusal)) => return app.reopen_form(refusal.to_string()),
        Err(FamilyError::Link(why)) => return app.reopen_form(capitalised(&why)),
        Err(FamilyError::Store(StoreError::Refused(rule))) => {
            return app.reopen_form(format!("{}; nothing was changed", capitalised(&rule.to_string())));
        }
        Err(FamilyError::NoSuchPerson) => (
            child,
            Err(StoreError::Refused(crate::store::RecordRule::NoSuchPerson)),
        ),
        Err(FamilyError::Store(error)) => (child, Err(error)),
    };
    after_change(store, library, app, saved);
}
