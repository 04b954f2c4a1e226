//! A timeline's [`Summary`] worked out an item at a time, in any order:
//! [`Summary::of`] is a tally of the timeline's items, and a reader of a
//! whole caseload's stored items in the store's own order (not child by
//! child) keeps one tally a child, holding only counts and the soonest
//! item, rather than every child's items.
//!
//! [`day_by_day`] gives a timeline's tallies for every day it can be seen
//! on, as a few spans of days: stored with a child's stored timeline, so
//! that a reader of the whole caseload reads one small row a child rather
//! than every stored item.

use super::{Status, Summary, Timeline};
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

    /// A tally as stored: its counts and the soonest item's title and
    /// date (its place in the timeline is not needed once it is known).
    pub fn stored(overdue: usize, breached: usize, next: Option<(String, NaiveDate)>) -> Tally {
        Tally {
            overdue,
            breached,
            next: next.map(|(title, due)| (due, 0, title)),
        }
    }

    /// Open items past their target but not their deadline.
    pub fn overdue(&self) -> usize {
        self.overdue
    }

    /// Open items past their deadline.
    pub fn breached(&self) -> usize {
        self.breached
    }

    /// The soonest open item's date and place in the timeline.
    pub fn next(&self) -> Option<(NaiveDate, usize)> {
        self.next.as_ref().map(|(due, position, _)| (*due, *position))
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

/// A timeline's tally on each day from `first` (`None`: any day) that it
/// can be seen on ([`Timeline::seen`]), as spans of days in order: each
/// from its day (the first from the later of `first` and `seen.from`,
/// `None` for any day before) to the next one's. The tally on
/// a day is [`Summary::of`] the timeline seen that day
/// ([`Timeline::as_seen_on`]) but for the plans' part (pathway, week,
/// stage), which [`Tally::summary`] adds from the plans on the day.
///
/// A tally moves only on the days an item is first shown or passes its
/// target or deadline (an item's status on a day is by rule 6 from those
/// dates alone), so a tally is worked out on each of those days and kept
/// where it differs from the one before. Positions are places in the whole
/// timeline, every plan's items in order: only their order matters.
pub fn day_by_day(timeline: &Timeline, first: Option<NaiveDate>) -> Vec<(Option<NaiveDate>, Tally)> {
    let mut seen = timeline.seen;
    seen.from = seen.from.max(first);
    let items: Vec<_> = timeline
        .plans
        .iter()
        .filter(|p| p.plan.status == PlanStatus::Active)
        .flat_map(|p| &p.items)
        .collect();
    let inside = |day: &NaiveDate| seen.from.is_none_or(|from| from < *day) && seen.covers(*day);
    let mut days: Vec<NaiveDate> = items
        .iter()
        .flat_map(|i| {
            let after = |d: Option<NaiveDate>| d.and_then(|d| d.succ_opt());
            [i.shown_from, after(i.target), after(i.deadline)]
        })
        .flatten()
        .filter(inside)
        .collect();
    days.sort_unstable();
    days.dedup();
    // The first span is worked out on a day it holds for: `seen.from`,
    // or (holding for any day before) the day before the first change or
    // the end; with neither, nothing changes and any day will do.
    let first = seen
        .from
        .or_else(|| days.first().copied().or(seen.until).and_then(|d| d.pred_opt()))
        .unwrap_or(timeline.as_of);
    let tally_on = |day: NaiveDate| {
        let mut tally = Tally::default();
        for (position, i) in items.iter().enumerate() {
            if i.shown_from.is_none_or(|from| from <= day) {
                tally.add(position, i.status_on(day), i.target, i.deadline, || {
                    i.title.clone()
                });
            }
        }
        tally
    };
    let mut out = vec![(seen.from, tally_on(first))];
    for day in days {
        let tally = tally_on(day);
        if out.last().is_none_or(|(_, before)| *before != tally) {
            out.push((Some(day), tally));
        }
    }
    out
}

/// The tally on `day` of the spans [`day_by_day`] gave: the last span
/// begun by then (the first, for a day before them all).
pub fn on_day(spans: &[(Option<NaiveDate>, Tally)], day: NaiveDate) -> Option<&Tally> {
    spans
        .iter()
        .rev()
        .find(|(from, _)| from.is_none_or(|from| from <= day))
        .or(spans.first())
        .map(|(_, tally)| tally)
}

#[cfg(test)]
mod tests;
