//! "What next" for a wide view, a page at a time: the children come in
//! the order the list groups them (by their first item the focus keeps,
//! read class by class from the stored items' indexes, then those with
//! only long-forgotten items), and each child's lines from their own
//! stored timeline as they come, so the first frame reads a few dozen
//! children, not every open item of the caseload. The list's length is
//! counted from the same indexes. Children whose stored timelines do not
//! hold on the day are worked out first and placed among the rest from
//! their items in memory.

use super::what_next::entries;
use crate::domain::child::ChildId;
use crate::domain::set_by::SetBy;
use crate::domain::triage::{Focus, Segment};
use crate::service::library::Library;
use crate::store::{NextRow, Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::rc::Rc;

/// A view of at least this many children is read a page at a time; a
/// smaller one (a worker's or a team's own) is read whole, which is
/// cheap and holds the whole list.
pub const PAGED_FROM: usize = 2_000;

/// At most this many children left out of the stored items' counts
/// (outside the view, or to be worked out again): each is read on its
/// own, so a view that leaves out more is read whole.
const LEFT_OUT_AT_MOST: usize = 2_000;

/// Stored items read at a time.
const PAGE: usize = 256;

/// What places an item in the list: its target, its deadline and who
/// sets the deadline.
type Dates = (Option<NaiveDate>, Option<NaiveDate>, Option<SetBy>);

/// An item of a child worked out here, where the list places it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placed {
    target: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    deadline_by: Option<SetBy>,
    reference: String,
    child: ChildId,
}

/// Where the reading of the list stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages {
    today: NaiveDate,
    /// Children whose stored items are not read: outside the view, or
    /// their stored timeline does not hold on the day.
    skip: Rc<HashSet<ChildId>>,
    /// The items of the children worked out here.
    worked_out: Rc<Vec<Placed>>,
    /// What the counts are corrected by: each left-out child's stored
    /// items, as (target, deadline, who sets the deadline).
    left_out: Rc<Vec<Dates>>,
    /// The stretches the focus keeps, in the list's order, and the one
    /// being read.
    segments: Vec<Segment>,
    at: usize,
    after: Option<NextRow>,
    /// The worked-out items of the stretch being read, in its order, and
    /// how many of them have been placed.
    placed: Option<Vec<(Option<NaiveDate>, String, ChildId)>>,
    placed_at: usize,
    seen: HashSet<ChildId>,
    /// Every open item in view, and those the focus keeps: `None` until
    /// counted, which is done after the first frame ([`Pages::count`]), as
    /// counting reads every entry of the indexes' stretches (about 0.2 s
    /// at 100,000 children) where the first page reads a few.
    pub total: Option<usize>,
    pub shown: Option<usize>,
    /// Counting failed: not tried again until the list is read afresh.
    uncounted: bool,
    /// Whether every child of the list has been read.
    pub done: bool,
    /// Whether the list is to be read again from the start (the focus
    /// changed, or something was saved).
    pub restart: bool,
}

/// Counts `segments` over the stored items, corrected for the children
/// left out and worked out.
fn count(store: &Store, pages: &Pages, segments: &[Segment]) -> Result<usize, StoreError> {
    let mut total: i64 = 0;
    for segment in segments {
        total += store.next_count(segment, pages.today)? as i64;
        let holds = |(t, d, by): &Dates| segment.holds(*t, *d, *by, pages.today);
        total -= pages.left_out.iter().filter(|i| holds(i)).count() as i64;
        total += pages
            .worked_out
            .iter()
            .filter(|p| holds(&(p.target, p.deadline, p.deadline_by)))
            .count() as i64;
    }
    Ok(usize::try_from(total).unwrap_or(0))
}

/// Every stretch of a focus, those still to be met first.
fn all_segments(focus: Focus, today: NaiveDate) -> Vec<Segment> {
    let (live, forgotten) = focus.segments(today);
    live.into_iter().chain(forgotten).collect()
}

impl Pages {
    /// Ready to read the list of these children on `today`, counted; none
    /// where the view leaves out so many children that it is cheaper
    /// read whole.
    pub fn open(
        store: &Store,
        library: &Library,
        today: NaiveDate,
        children: &[ChildId],
    ) -> Result<Option<Pages>, StoreError> {
        let standing = store.timeline_standing(&library.timeline_fingerprint, today)?;
        let in_view: HashSet<ChildId> = children.iter().copied().collect();
        let skip: HashSet<ChildId> = standing
            .stored
            .iter()
            .filter(|(child, holds)| !**holds || !in_view.contains(child))
            .map(|(child, _)| *child)
            .collect();
        let to_work_out: Vec<ChildId> = children
            .iter()
            .filter(|c| standing.stale.contains(c) || standing.stored.get(c) == Some(&false))
            .copied()
            .collect();
        if skip.len() > LEFT_OUT_AT_MOST || to_work_out.len() > LEFT_OUT_AT_MOST {
            return Ok(None);
        }
        let mut left_out = Vec::new();
        for &child in &skip {
            for dates in store.stored_item_dates(child)?.into_iter().flatten() {
                let (target, deadline, shown_from, deadline_by) = dates;
                if shown_from.is_none_or(|from| from <= today) {
                    left_out.push((target, deadline, deadline_by));
                }
            }
        }
        let worked_out = entries(store, library, today, &to_work_out)?
            .into_iter()
            .filter_map(|e| {
                let source = e.source?;
                Some(Placed {
                    target: source.target,
                    deadline: source.deadline,
                    deadline_by: source.deadline_by,
                    reference: e.item.reference,
                    child: e.child,
                })
            })
            .collect();
        let mut pages = Pages {
            today,
            skip: Rc::new(skip),
            worked_out: Rc::new(worked_out),
            left_out: Rc::new(left_out),
            segments: Vec::new(),
            at: 0,
            after: None,
            placed: None,
            placed_at: 0,
            seen: HashSet::new(),
            total: None,
            shown: None,
            uncounted: false,
            done: false,
            restart: false,
        };
        pages.start(Focus::All);
        Ok(Some(pages))
    }

    /// Whether the counts are still to be read.
    pub fn counting(&self) -> bool {
        !self.uncounted && (self.total.is_none() || self.shown.is_none())
    }

    /// Counts every open item in view and those the focus keeps, where
    /// not yet counted. Every open item is what the focus on all keeps:
    /// counted once where the focus is all.
    pub fn count(&mut self, store: &Store) -> Result<(), StoreError> {
        self.uncounted = true;
        let every = all_segments(Focus::All, self.today);
        if self.total.is_none() {
            self.total = Some(count(store, self, &every)?);
        }
        if self.shown.is_none() {
            self.shown = match self.segments == every {
                true => self.total,
                false => Some(count(store, self, &self.segments)?),
            };
        }
        self.uncounted = false;
        Ok(())
    }

    /// Reads the list again from the start, on this focus.
    pub fn start(&mut self, focus: Focus) {
        self.segments = all_segments(focus, self.today);
        self.shown = None;
        self.uncounted = false;
        self.at = 0;
        self.after = None;
        self.placed = None;
        self.placed_at = 0;
        self.seen.clear();
        self.done = false;
        self.restart = false;
    }

    /// The next children of the list, in its order: at least `want`
    /// unless it ends first.
    pub fn next_children(&mut self, store: &Store, want: usize) -> Result<Vec<ChildId>, StoreError> {
        let mut found = Vec::new();
        while found.len() < want && !self.done {
            let Some(segment) = self.segments.get(self.at).copied() else {
                self.done = true;
                break;
            };
            let placed = self.placed.get_or_insert_with(|| {
                let mut placed: Vec<_> = self
                    .worked_out
                    .iter()
                    .filter(|p| segment.holds(p.target, p.deadline, p.deadline_by, self.today))
                    .map(|p| {
                        (
                            segment.class.date(p.target, p.deadline),
                            p.reference.clone(),
                            p.child,
                        )
                    })
                    .collect();
                placed.sort();
                placed
            });
            let page = store.next_page(&segment, self.today, self.after.as_ref(), PAGE)?;
            let mut take = |child: ChildId| {
                if self.seen.insert(child) {
                    found.push(child);
                }
            };
            for row in &page {
                // A worked-out child's item placed before this row comes first.
                while let Some((date, reference, child)) = placed.get(self.placed_at)
                    && (*date, reference.as_str()) < (row.date, row.reference.as_str())
                {
                    take(*child);
                    self.placed_at += 1;
                }
                if !self.skip.contains(&row.child) {
                    take(row.child);
                }
            }
            if page.len() < PAGE {
                for (_, _, child) in &placed[self.placed_at.min(placed.len())..] {
                    take(*child);
                }
                self.at += 1;
                self.after = None;
                self.placed = None;
                self.placed_at = 0;
            } else {
                self.after = page.last().cloned();
            }
        }
        Ok(found)
    }
}
