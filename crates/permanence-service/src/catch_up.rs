//! Catching up a case already under way: several past items of a child's
//! timeline marked done at once, each on its own date or all on one, in
//! one save. Each item is marked as `d` marks it ([`corrections::done_change`]:
//! a meeting or review records its event, a task gets a done mark), the
//! dates that move are listed before saving, and the save is all or
//! nothing: if any item changed since the user selected it, or a date is
//! in the future, nothing is written.

use crate::corrections::{self, Change, CorrectionError};
use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::plan::PlanId;
use crate::domain::timeline::Timeline;
use crate::library::Library;
use crate::store::{Store, StoreError, TimelineFacts};
use crate::timelines::timeline_from;
use chrono::NaiveDate;

/// One selected item as the user saw it, and the day it was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub plan: PlanId,
    pub key: String,
    /// Its title as shown, for the messages.
    pub title: String,
    /// The day it was shown done on (`None`: open), checked in the save.
    pub seen_done: Option<NaiveDate>,
    pub on: NaiveDate,
}

/// Why a catch-up was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CatchUpError {
    #[error("no items are selected: select them with Space first")]
    NothingSelected,
    /// One item's refusal, in the words `d` gives it, with its title.
    #[error("{title}: {source}; nothing was saved")]
    Item {
        title: String,
        #[source]
        source: CorrectionError,
    },
    #[error(
        "{title} changed since you selected it (someone else marked or unmarked it); it is shown as it is now, and nothing was saved"
    )]
    Changed { title: String },
    #[error("{title}: on that day it would count as an earlier one not yet recorded; nothing was saved")]
    WouldNotHold { title: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the catch-up would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct CatchUpPreview {
    /// Every date that would move, one a line.
    pub lines: Vec<String>,
    /// The timeline as it would be, as of today.
    pub after: Timeline,
}

/// The changes that mark every pick done, checked against the timeline
/// as it is (each still as seen, each date possible), and the facts after
/// them; then that each picked item is done in the timeline after.
fn changes(
    library: &Library,
    facts: &TimelineFacts,
    picks: &[Pick],
    today: NaiveDate,
    dates: DateStyle,
) -> Result<(Vec<Change>, TimelineFacts, Timeline), CatchUpError> {
    if picks.is_empty() {
        return Err(CatchUpError::NothingSelected);
    }
    let now = timeline_from(library, facts, today);
    let mut after = facts.clone();
    let mut out = Vec::new();
    for pick in picks {
        let item = now
            .plans
            .iter()
            .filter(|p| p.plan.id == pick.plan)
            .flat_map(|p| &p.items)
            .find(|i| i.key == pick.key);
        let Some(item) = item.filter(|i| i.done_on == pick.seen_done) else {
            return Err(CatchUpError::Changed {
                title: pick.title.clone(),
            });
        };
        let refused = |source| CatchUpError::Item {
            title: pick.title.clone(),
            source,
        };
        corrections::check_date(pick.on, today, dates).map_err(refused)?;
        let change = corrections::done_change(pick.plan, item, pick.on, None, dates).map_err(refused)?;
        after = change.apply(&after);
        out.push(change);
    }
    let after_today = timeline_from(library, &after, today);
    for pick in picks {
        let held = after_today
            .plans
            .iter()
            .filter(|p| p.plan.id == pick.plan)
            .flat_map(|p| &p.items)
            .any(|i| i.key == pick.key && i.done_on.is_some());
        if !held {
            return Err(CatchUpError::WouldNotHold {
                title: pick.title.clone(),
            });
        }
    }
    Ok((out, after, after_today))
}

/// Checks the picks against the record and lists the dates that would
/// move, writing nothing.
pub fn preview(
    library: &Library,
    facts: &TimelineFacts,
    picks: &[Pick],
    today: NaiveDate,
    dates: DateStyle,
) -> Result<CatchUpPreview, CatchUpError> {
    let (_, after, _) = changes(library, facts, picks, today, dates)?;
    let (moves, after) = corrections::moves_between(library, facts, &after, today);
    Ok(CatchUpPreview {
        lines: moves.iter().map(|m| m.describe(dates)).collect(),
        after,
    })
}

/// Marks every pick done in one write, checked in that write against the
/// record as it is then: all of them, each audited, or none. Returns how
/// many were marked.
pub fn save(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    picks: &[Pick],
    today: NaiveDate,
    dates: DateStyle,
) -> Result<usize, CatchUpError> {
    store.write(|w| {
        let facts = w.timeline_facts(child)?;
        let (changes, ..) = changes(library, &facts, picks, today, dates)?;
        for change in &changes {
            corrections::save_in(w, child, change, None)?;
        }
        Ok(changes.len())
    })
}

#[cfg(test)]
#[path = "catch_up_tests.rs"]
mod tests;
