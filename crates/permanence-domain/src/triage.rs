//! "What next" as a worker or manager triages it: the ranked open items
//! (see [`crate::report::what_next`]) grouped by child, narrowed by a
//! focus (this week, overdue, statutory only), with items forgotten long
//! ago folded into one line per child so that they do not bury the work
//! that can still be done on time. Pure: "today" is a parameter.

use crate::date::DateStyle;
use crate::report::{NextClass, NextItem};
use crate::set_by::SetBy;
use chrono::{Months, NaiveDate};
use std::borrow::Borrow;

/// How long past its date an item must be before it is "long forgotten":
/// more than six months. An item that late (a first-year visit from 2019
/// never recorded, say) is not triage but catching up the record, which is
/// done once from the child's timeline; listing each one would push every
/// item that can still be met off the screen. Six months is two statutory
/// review cycles: nothing a team still means to act on is that late.
pub const FORGOTTEN_AFTER_MONTHS: u32 = 6;

/// Whether an item due on `due` is long forgotten on `as_of`: due more
/// than [`FORGOTTEN_AFTER_MONTHS`] before it (exactly six months late is
/// still listed).
pub fn forgotten(due: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    let Some(due) = due else {
        return false;
    };
    as_of
        .checked_sub_months(Months::new(FORGOTTEN_AFTER_MONTHS))
        .is_some_and(|limit| due < limit)
}

/// The month a folded line says items are overdue since, in the user's
/// date style: 03/2019, 2019-03 or Mar 2019.
pub fn month(style: DateStyle, day: NaiveDate) -> String {
    match style {
        DateStyle::DayMonthYear => day.format("%m/%Y").to_string(),
        DateStyle::Iso => day.format("%Y-%m").to_string(),
        DateStyle::Written => day.format("%b %Y").to_string(),
    }
}

/// Which open items the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    All,
    /// Due from today to six days ahead: what to plan this week. Items
    /// already late have their own focus, so they are not repeated here.
    ThisWeek,
    /// Due before today.
    Overdue,
    /// Items with a statutory deadline: one set by law, not only a
    /// good-practice target and not a deadline of the authority's policy
    /// (a PPM's, say), which the other focuses show.
    Statutory,
}

impl Focus {
    pub const ALL: [Focus; 4] = [Focus::All, Focus::ThisWeek, Focus::Overdue, Focus::Statutory];

    /// As the title names it.
    pub fn label(self) -> &'static str {
        match self {
            Focus::All => "all open items",
            Focus::ThisWeek => "due this week",
            Focus::Overdue => "overdue",
            Focus::Statutory => "statutory only",
        }
    }

    pub fn keeps(self, item: &NextItem, as_of: NaiveDate) -> bool {
        match self {
            Focus::All => true,
            Focus::ThisWeek => item
                .due
                .is_some_and(|d| d >= as_of && d <= as_of + chrono::Days::new(6)),
            Focus::Overdue => item.due.is_some_and(|d| d < as_of),
            Focus::Statutory => item.statutory,
        }
    }
}

/// A stretch of one class of the list, as a reader takes it in the
/// class's order: the items of `class` whose date (the one that places
/// them) is from `from` up to but not including `until`, and only those
/// with a deadline set by law (a statutory one) where `statutory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub class: NextClass,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub statutory: bool,
}

impl Segment {
    /// Whether an open item with this target and deadline, set by
    /// `deadline_by`, is in it.
    pub fn holds(
        &self,
        target: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
        deadline_by: Option<SetBy>,
        as_of: NaiveDate,
    ) -> bool {
        let class = NextClass::of(target, deadline, as_of);
        let date = class.date(target, deadline);
        class == self.class
            && (!self.statutory || (deadline.is_some() && deadline_by == Some(SetBy::Law)))
            && self.from.is_none_or(|from| date.is_some_and(|d| d >= from))
            && self.until.is_none_or(|until| date.is_some_and(|d| d < until))
    }
}

impl Focus {
    /// What the focus keeps, as stretches of the list in its order: first
    /// those of items still to be met, by whose first item each child is
    /// placed ([`group`]), then those long forgotten, which place the
    /// children that have nothing else (after every other child).
    pub fn segments(self, as_of: NaiveDate) -> (Vec<Segment>, Vec<Segment>) {
        let limit = as_of.checked_sub_months(Months::new(FORGOTTEN_AFTER_MONTHS));
        let statutory = self == Focus::Statutory;
        let part = |class, from, until| Segment {
            class,
            from,
            until,
            statutory,
        };
        let passed = [NextClass::DeadlinePassed, NextClass::TargetPassed];
        let coming = [NextClass::DeadlineComing, NextClass::TargetComing];
        let week = Some(as_of + chrono::Days::new(7));
        let mut live: Vec<Segment> = match self {
            Focus::ThisWeek => Vec::new(),
            _ => passed.iter().map(|&c| part(c, limit, None)).collect(),
        };
        match self {
            Focus::All | Focus::Statutory => live.extend(coming.iter().map(|&c| part(c, None, None))),
            Focus::ThisWeek => live.extend(coming.iter().map(|&c| part(c, Some(as_of), week))),
            Focus::Overdue => {}
        }
        if self == Focus::All {
            live.push(part(NextClass::Waiting, None, None));
        }
        let forgotten = match (self, limit) {
            (Focus::ThisWeek, _) | (_, None) => Vec::new(),
            (_, Some(limit)) => passed.iter().map(|&c| part(c, None, Some(limit))).collect(),
        };
        (live, forgotten)
    }
}

/// One child's part of the list: indices into the ranked items given to
/// [`group`], in their rank, and those long forgotten apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub reference: String,
    pub name: String,
    pub items: Vec<usize>,
    pub forgotten: Vec<usize>,
}

impl Group {
    /// The earliest date among the forgotten items: "overdue since".
    pub fn forgotten_since<T: Borrow<NextItem>>(&self, items: &[T]) -> Option<NaiveDate> {
        self.forgotten.iter().filter_map(|&i| items[i].borrow().due).min()
    }

    /// What the folded line calls them: "visits" where every one is a
    /// visit (the usual case), otherwise "items"; one is singular.
    pub fn forgotten_noun<T: Borrow<NextItem>>(&self, items: &[T]) -> &'static str {
        let visits = self
            .forgotten
            .iter()
            .all(|&i| items[i].borrow().item.to_lowercase().contains("visit"));
        match (visits, self.forgotten.len()) {
            (true, 1) => "visit",
            (true, _) => "visits",
            (false, 1) => "item",
            (false, _) => "items",
        }
    }
}

/// Groups the ranked items (most urgent first) by child, keeping those the
/// focus lets through. A child comes where their most urgent item still
/// to be met comes; children with only long-forgotten items come after
/// every other, in the order their items were ranked, as their line is a
/// record to catch up rather than work due. The items may be borrowed, so
/// a long list is not copied to be grouped.
pub fn group<T: Borrow<NextItem>>(items: &[T], focus: Focus, as_of: NaiveDate) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // Where each child's group is, so that "everyone" stays one pass.
    let mut at_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let item = item.borrow();
        if !focus.keeps(item, as_of) {
            continue;
        }
        let at = match at_of.get(item.reference.as_str()) {
            Some(&at) => at,
            None => {
                at_of.insert(&item.reference, groups.len());
                groups.push(Group {
                    reference: item.reference.clone(),
                    name: item.name.clone(),
                    items: Vec::new(),
                    forgotten: Vec::new(),
                });
                groups.len() - 1
            }
        };
        if forgotten(item.due, as_of) {
            groups[at].forgotten.push(i);
        } else {
            groups[at].items.push(i);
        }
    }
    let first_live = |g: &Group| g.items.first().copied().unwrap_or(usize::MAX);
    let first_any = |g: &Group| g.forgotten.first().copied().unwrap_or(usize::MAX);
    groups.sort_by_key(|g| (first_live(g), first_any(g)));
    groups
}

#[cfg(test)]
mod tests;
