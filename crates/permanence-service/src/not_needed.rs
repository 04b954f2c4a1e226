//! Saying an item will not be done ("not needed", with a reason), and
//! taking that back, the same way from the app and the command line: one
//! item (`n` on the timeline, `permanence done REF KEY --not-needed`) or
//! several caught up at once, in one save, all or nothing.
//!
//! The rules are the domain's ([`crate::domain::timeline::not_needed`]): a
//! required item (by law, or by the authority's policy, as a PPM is) is
//! refused, naming it and whose rule it is; a done item is refused; no date
//! moves (the preview works the moves out anyway, with the marks made in
//! memory, so that it says so from the timeline and not from a promise).
//! As with corrections, the save checks in its own write that each item
//! is still as the user saw it; if one changed, nothing is written.

use crate::catch_up::Pick as CatchUpPick;
use crate::corrections::{self, CorrectionError};
use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::plan::PlanId;
use crate::domain::sanitise::{Size, text_field};
use crate::domain::timeline::not_needed::{self, NotNeeded, Refusal};
use crate::domain::timeline::{Timeline, TimelineItem};
use crate::library::Library;
use crate::store::{RecordRule, Store, StoreError, TimelineFacts};
use crate::timelines::timeline_from;
use chrono::NaiveDate;

/// One item as the user saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub plan: PlanId,
    pub key: String,
    /// Its title as shown, for the messages.
    pub title: String,
    /// The day it was shown done on (`None`: not done).
    pub seen_done: Option<NaiveDate>,
    /// Whether it was shown not needed.
    pub seen_not_needed: bool,
}

impl Pick {
    /// The item as it is drawn now.
    pub fn of(plan: PlanId, item: &TimelineItem) -> Pick {
        Pick {
            plan,
            key: item.key.clone(),
            title: item.title.clone(),
            seen_done: item.done_on,
            seen_not_needed: item.not_needed.is_some(),
        }
    }
}

impl From<&CatchUpPick> for Pick {
    /// A catch-up selection: open items, none shown not needed.
    fn from(pick: &CatchUpPick) -> Pick {
        Pick {
            plan: pick.plan,
            key: pick.key.clone(),
            title: pick.title.clone(),
            seen_done: pick.seen_done,
            seen_not_needed: false,
        }
    }
}

/// Why marking (or taking back) was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum NotNeededError {
    #[error("no items are selected: select them with Space first")]
    NothingSelected,
    #[error(
        "a reason is needed: say why the plan will not do it (it is kept with the item and in the audit trail)"
    )]
    ReasonNeeded,
    /// The domain's refusal, naming the item.
    #[error("{0}; nothing was saved")]
    Refused(#[from] Refusal),
    /// No such item (with the keys it may have meant), or no active plan.
    #[error(transparent)]
    Item(#[from] CorrectionError),
    #[error(
        "{title} changed since you saw it (someone else marked it done, not needed, or took that back); it is shown as it is now, and nothing was saved"
    )]
    Changed { title: String },
    #[error("{title} is not marked not needed; nothing was changed")]
    NotMarked { title: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What marking would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct Preview {
    /// What saving does, in a sentence.
    pub says: String,
    /// Every date that would move, one a line (by the rules, none).
    pub lines: Vec<String>,
    /// The timeline as it would be, as of today.
    pub after: Timeline,
}

impl Preview {
    /// The "Before saving" lines: what it does, then the dates that move
    /// or that none does.
    pub fn before_saving(&self) -> Vec<String> {
        let mut out = vec![self.says.clone()];
        if self.lines.is_empty() {
            out.push("No dates move: items counted from it keep counting from its planned date.".to_string());
        } else {
            out.extend(self.lines.iter().cloned());
        }
        out
    }
}

/// The reason as it is kept: cleaned, held to a note's length, not empty.
pub fn reason(text: &str) -> Result<String, NotNeededError> {
    let text = text_field(text, Size::Text).map_err(|problem| {
        StoreError::Refused(RecordRule::TextTooLong {
            field: "reason",
            problem,
        })
    })?;
    if text.is_empty() {
        return Err(NotNeededError::ReasonNeeded);
    }
    Ok(text)
}

fn item_of<'t>(timeline: &'t Timeline, plan: PlanId, key: &str) -> Option<&'t TimelineItem> {
    timeline
        .plans
        .iter()
        .filter(|p| p.plan.id == plan)
        .flat_map(|p| &p.items)
        .find(|i| i.key == key)
}

/// The item as the user saw it, or `Changed`.
fn as_seen<'t>(timeline: &'t Timeline, pick: &Pick) -> Result<&'t TimelineItem, NotNeededError> {
    item_of(timeline, pick.plan, &pick.key)
        .filter(|i| i.done_on == pick.seen_done && i.not_needed.is_some() == pick.seen_not_needed)
        .ok_or_else(|| NotNeededError::Changed {
            title: pick.title.clone(),
        })
}

/// Checks every pick against the timeline as it is, and gives the facts
/// with the marks made.
fn marked(
    library: &Library,
    facts: &TimelineFacts,
    picks: &[Pick],
    reason: &str,
    by: &str,
    today: NaiveDate,
) -> Result<TimelineFacts, NotNeededError> {
    if picks.is_empty() {
        return Err(NotNeededError::NothingSelected);
    }
    let now = timeline_from(library, facts, today);
    let mut after = facts.clone();
    for pick in picks {
        let item = as_seen(&now, pick)?;
        if let Some(refused) = not_needed::refusal(item) {
            return Err(refused.into());
        }
        after.not_needed.push(NotNeeded {
            plan: pick.plan,
            key: pick.key.clone(),
            reason: reason.to_string(),
            by: by.to_string(),
            on: today,
        });
    }
    Ok(after)
}

/// Checks the picks and the reason against the record and says what
/// marking them would do, writing nothing.
pub fn preview(
    library: &Library,
    facts: &TimelineFacts,
    picks: &[Pick],
    reason: &str,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<Preview, NotNeededError> {
    let reason = self::reason(reason)?;
    let after = marked(library, facts, picks, &reason, "you", today)?;
    let (moves, after) = corrections::moves_between(library, facts, &after, today);
    let says = match picks {
        [one] => format!(
            "This marks {} not needed: it stays on the timeline with the reason, and no longer counts as overdue.",
            one.title.trim_end_matches('.')
        ),
        many => format!(
            "This marks {} items not needed, with the one reason: they stay on the timeline, and no longer count as overdue.",
            many.len()
        ),
    };
    Ok(Preview {
        says,
        lines: moves.iter().map(|m| m.describe(dates)).collect(),
        after,
    })
}

/// Marks every pick not needed in one write, checked in that write
/// against the record as it is then: all of them, each audited, or none.
/// Returns how many were marked.
pub fn save(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    picks: &[Pick],
    reason: &str,
    today: NaiveDate,
) -> Result<usize, NotNeededError> {
    let reason = self::reason(reason)?;
    store.write(|w| {
        let facts = w.timeline_facts(child)?;
        marked(library, &facts, picks, &reason, "you", today)?;
        for pick in picks {
            w.mark_not_needed(pick.plan, &pick.key, &reason, today)?;
        }
        Ok(picks.len())
    })
}

/// Takes an item's not-needed mark back, with the reason, checked in the
/// write against the item as the user saw it: it is open again.
pub fn undo(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    pick: &Pick,
    reason: &str,
    today: NaiveDate,
) -> Result<(), NotNeededError> {
    let reason = self::reason(reason)?;
    store.write(|w| {
        let facts = w.timeline_facts(child)?;
        let now = timeline_from(library, &facts, today);
        let item = as_seen(&now, pick)?;
        if item.not_needed.is_none() {
            return Err(NotNeededError::NotMarked {
                title: pick.title.trim_end_matches('.').to_string(),
            });
        }
        w.withdraw_not_needed(pick.plan, &pick.key, &reason, today)?;
        Ok(())
    })
}

#[cfg(test)]
#[path = "not_needed_tests.rs"]
mod tests;
