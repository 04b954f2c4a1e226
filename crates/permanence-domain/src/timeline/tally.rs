//! A timeline's [`Summary`] worked out an item at a time, in any order:
//! [`Summary::of`] is a tally of the timeline's items, and a reader of a
//! whole caseload's stored items in the store's own order (not child by
//! child) keeps one tally a child, holding only counts and the soonest
//! item, rather than every child's items.

use super::{Status, Summary};
use crate::child::Rag;
use crate::plan::{Plan, PlanRole, PlanStatus};
use chrono::NaiveDate;

/// What a summary counts of a child's items so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    overdue: usize,
    breached: usize,
    /// The open item due soonest so far: its date, its place in the
    /// timeline (the earlier place wins a tie), and its title.
    next: Option<(NaiveDate, usize, String)>,
}

impl Tally {
    /// Counts the item at `position` in the timeline, with its status on
    /// the day and its dates; `title` is asked for only while the item is
    /// the soonest so far.
    pub fn add(
        &mut self,
        position: usize,
        status: Status,
        target: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
        title: impl FnOnce() -> String,
    ) {
        if !status.is_open() {
            return;
        }
        match status {
            Status::Breached => self.breached += 1,
            Status::Overdue => self.overdue += 1,
            _ => {}
        }
        if let Some(due) = target.or(deadline)
            && self
                .next
                .as_ref()
                .is_none_or(|(d, p, _)| (due, position) < (*d, *p))
        {
            self.next = Some((due, position, title()));
        }
    }

    /// The summary on `as_of` of a timeline over `plans` (its plans, all
    /// of them) with the items counted.
    pub fn summary<'p>(self, plans: impl IntoIterator<Item = &'p Plan>, as_of: NaiveDate) -> Summary {
        let mut any = false;
        let mut primary = None;
        for plan in plans {
            any = true;
            if primary.is_none() && plan.role == PlanRole::Primary && plan.status == PlanStatus::Active {
                primary = Some(plan);
            }
        }
        let rag = if !any {
            None
        } else if self.breached > 0 {
            Some(Rag::Red)
        } else if self.overdue > 0 {
            Some(Rag::Amber)
        } else {
            Some(Rag::Green)
        };
        Summary {
            pathway: primary.map(|p| p.pathway.clone()),
            week: primary.map(|p| (as_of - p.start).num_days().div_euclid(7) + 1),
            stage: primary.map(|p| p.stage),
            next: self.next.map(|(due, _, title)| (title, due)),
            overdue: self.overdue + self.breached,
            breached: self.breached,
            rag,
        }
    }
}
