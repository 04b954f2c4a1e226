//! The "what next" list's state, and what its keys do to it: the ranked
//! items grouped by child under a heading line, narrowed by a focus (this
//! week, overdue, statutory only), items long forgotten folded into one
//! line per child; the item under the cursor can be marked done or its
//! event recorded through the timeline's own dialogs.

use crate::action::Action;
use crate::app::Effect;
use crate::component::{Ctx, Handled};
use crate::domain::child::ChildId;
use crate::domain::permissions::{Action as Permission, ChildScope};
use crate::domain::report::NextItem;
use crate::domain::timeline::TimelineItem;
use crate::domain::triage::{self, Focus};
use crate::effects::Pages;
use crate::screens::child::events;
use chrono::NaiveDate;
use std::rc::Rc;

/// How many lines of the list, from the top of the screen, are kept
/// complete: more than any screen is tall, so that a page down finds its
/// lines ready.
pub const FILLED_ROWS: usize = 120;

/// One open item, with the child it is for and the timeline item it came
/// from (what the timeline's dialogs act on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub child: ChildId,
    pub item: NextItem,
    /// The timeline item, once the child's timeline has been worked out
    /// for a line near the screen (the list itself is read from what is
    /// stored, which holds no rules or events). Boxed: most entries of a
    /// long list have none, and a timeline item is large.
    pub source: Option<Box<TimelineItem>>,
    /// The child's allocated worker, by display name. Shared by all the
    /// child's entries (as `people` is), so a long list copies no names.
    pub worker: Option<Rc<str>>,
    /// The child's worker, IRO and team as the record holds them (user
    /// names): whose child it is, which says what the user may change.
    pub people: [Option<Rc<str>>; 3],
}

impl Entry {
    fn scope(&self) -> ChildScope<'_> {
        let [worker, iro, team] = &self.people;
        ChildScope {
            worker: worker.as_deref(),
            iro: iro.as_deref(),
            team: team.as_deref(),
        }
    }
}

/// A line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A child's heading: reference and name, and their worker where
    /// the list shows whose each child is.
    Child {
        reference: String,
        name: String,
        worker: Option<String>,
    },
    /// An item: its index in the entries.
    Item(usize),
    /// A child's long-forgotten items, folded: how many, since when, what
    /// to call them, and the first of them (its index in the entries).
    Forgotten {
        count: usize,
        since: Option<NaiveDate>,
        noun: &'static str,
        first: usize,
    },
}

impl Row {
    fn selectable(&self) -> bool {
        !matches!(self, Row::Child { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatNextView {
    /// What the list covers, as the caseload's header said it.
    pub covers: String,
    /// The children in view, to work the list out again after a change.
    pub children: Vec<ChildId>,
    /// Every open item of those children, most urgent first.
    pub entries: Vec<Entry>,
    /// Whether each child's heading may name their worker (a manager, or
    /// a view wider than the user's own caseload); it does only where the
    /// children in view have more than one worker between them.
    pub show_worker: bool,
    pub today: NaiveDate,
    pub focus: Focus,
    /// The lines as grouped for the focus.
    pub rows: Vec<Row>,
    /// The line under the cursor (never a heading, where there is any
    /// other line).
    pub selected: usize,
    pub offset: usize,
    /// For a wide view, where the reading of the list stands: `entries`
    /// and `rows` hold only the children read so far, in the list's
    /// order, and more are read as the user comes near them. None: the
    /// whole list is held.
    pub pages: Option<Box<Pages>>,
}

impl WhatNextView {
    pub fn new(
        covers: String,
        children: Vec<ChildId>,
        entries: Vec<Entry>,
        show_worker: bool,
        today: NaiveDate,
    ) -> WhatNextView {
        let mut view = WhatNextView {
            covers,
            children,
            entries,
            show_worker,
            today,
            focus: Focus::All,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            pages: None,
        };
        view.regroup();
        view
    }

    /// A wide view's list, read a page at a time from `pages`: empty
    /// until the first children are read.
    pub fn paged(
        covers: String,
        children: Vec<ChildId>,
        pages: Pages,
        show_worker: bool,
        today: NaiveDate,
    ) -> WhatNextView {
        WhatNextView {
            covers,
            children,
            entries: Vec::new(),
            show_worker,
            today,
            focus: Focus::All,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            pages: Some(Box::new(pages)),
        }
    }

    /// Whether lines near the screen are still to be read (or the list is
    /// to be read again from the start).
    pub fn wants_more(&self) -> bool {
        // The cursor may be below the screen after a change, as it is in
        // a list held whole: read down to it too.
        let near = self.offset.max(self.selected);
        self.pages
            .as_ref()
            .is_some_and(|p| p.restart || (!p.done && self.rows.len() < near + 2 * FILLED_ROWS))
    }

    /// A wide view's list to be read again from the start, on the same
    /// focus (after a change); what was read is let go.
    pub fn read_again(&mut self) {
        if let Some(pages) = &mut self.pages {
            pages.restart = true;
            self.entries.clear();
            self.rows.clear();
            // From the top, as a list held whole is grouped again.
            self.offset = 0;
        }
    }

    /// The next children of a wide view's list, read: their entries (each
    /// child's most urgent first) grouped for the focus after the rest.
    /// Every one of a child's items comes with the child, so a child's
    /// lines are whole once read.
    /// The cursor stays where it was (it may be on a line not yet read,
    /// when the list is read again after a change): [`Self::settle`] puts
    /// it on a line once the lines near the screen are read.
    pub fn append(&mut self, entries: Vec<Entry>) {
        let base = self.entries.len();
        self.entries.extend(entries);
        let rows = self.rows_of(base, self.show_worker);
        self.rows.extend(rows);
    }

    /// Puts the cursor on the line it was on, or the nearest that can be
    /// chosen, once a wide view's lines near the screen are read.
    pub fn settle(&mut self) {
        self.select_near(self.selected);
    }

    /// How many open items the children in view have: `None` while a wide
    /// view's are being counted.
    pub fn total(&self) -> Option<usize> {
        match &self.pages {
            Some(pages) => pages.total,
            None => Some(self.entries.len()),
        }
    }

    /// The same list worked out again (after a change), on the same focus
    /// and as near the same line as there still is.
    pub fn replace_entries(&mut self, entries: Vec<Entry>) {
        let selected = self.selected;
        self.entries = entries;
        self.regroup();
        self.select_near(selected);
    }

    /// Groups the entries for the focus and puts the cursor on the first
    /// line. A wide view's list is read again on the new focus instead.
    fn regroup(&mut self) {
        self.offset = 0;
        if self.pages.is_some() {
            self.read_again();
            self.selected = 0;
            return;
        }
        // A worker's name on every heading says nothing where they are
        // all the same worker's children (a manager's own caseload).
        let mut workers: Vec<Option<&str>> = self.entries.iter().map(|e| e.worker.as_deref()).collect();
        workers.sort_unstable();
        workers.dedup();
        let name_workers = self.show_worker && workers.len() > 1;
        self.rows = self.rows_of(0, name_workers);
        self.select_near(0);
    }

    /// The lines of the entries from `base` on, grouped for the focus.
    fn rows_of(&self, base: usize, name_workers: bool) -> Vec<Row> {
        let entries = &self.entries[base.min(self.entries.len())..];
        // Borrowed: "everyone" is hundreds of thousands of items.
        let items: Vec<&NextItem> = entries.iter().map(|e| &e.item).collect();
        let groups = triage::group(&items, self.focus, self.today);
        let mut rows = Vec::new();
        for group in &groups {
            let first = group.items.first().or(group.forgotten.first()).copied();
            let worker = first.and_then(|i| entries[i].worker.as_deref().map(str::to_string));
            rows.push(Row::Child {
                reference: group.reference.clone(),
                name: group.name.clone(),
                worker: if name_workers { worker } else { None },
            });
            if let Some(&first) = group.forgotten.first() {
                rows.push(Row::Forgotten {
                    count: group.forgotten.len(),
                    since: group.forgotten_since(&items),
                    noun: group.forgotten_noun(&items),
                    first: base + first,
                });
            }
            rows.extend(group.items.iter().map(|&i| Row::Item(base + i)));
        }
        rows
    }

    /// Puts the cursor on the first line that can be chosen at or after
    /// `at`, else the last before it.
    fn select_near(&mut self, at: usize) {
        let after = (at..self.rows.len()).find(|&i| self.rows[i].selectable());
        let before = (0..at.min(self.rows.len()))
            .rev()
            .find(|&i| self.rows[i].selectable());
        self.selected = after.or(before).unwrap_or(0);
    }

    /// How many items the focus lets through (folded ones included):
    /// `None` while a wide view's are being counted.
    pub fn shown(&self) -> Option<usize> {
        if let Some(pages) = &self.pages {
            return pages.shown;
        }
        let shown = self
            .rows
            .iter()
            .map(|r| match r {
                Row::Child { .. } => 0,
                Row::Item(_) => 1,
                Row::Forgotten { count, .. } => *count,
            })
            .sum();
        Some(shown)
    }

    /// Whether a wide view's counts are still to be read.
    pub fn counting(&self) -> bool {
        self.pages.as_ref().is_some_and(|p| p.counting())
    }

    /// The entries of the item lines from the top of the screen down
    /// [`FILLED_ROWS`] lines that are not yet complete.
    pub fn unfilled(&self) -> Vec<usize> {
        let end = (self.offset + FILLED_ROWS).min(self.rows.len());
        self.rows[self.offset.min(end)..end]
            .iter()
            .filter_map(|r| match r {
                Row::Item(i) => Some(*i),
                _ => None,
            })
            .filter(|&i| self.entries.get(i).is_some_and(|e| e.source.is_none()))
            .collect()
    }

    /// The entry under the cursor: an item, or the first folded one.
    pub fn selected_entry(&self) -> Option<&Entry> {
        match self.rows.get(self.selected)? {
            Row::Item(i) | Row::Forgotten { first: i, .. } => self.entries.get(*i),
            Row::Child { .. } => None,
        }
    }

    /// The child of the line under the cursor: whom a dialog opened from
    /// here is about.
    pub fn selected_child(&self) -> Option<ChildId> {
        self.selected_entry().map(|e| e.child)
    }

    /// Moves by `delta` lines that can be chosen.
    fn move_by(&mut self, delta: isize) {
        let positions: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].selectable())
            .collect();
        let Some(at) = positions.iter().position(|&p| p == self.selected) else {
            return;
        };
        let last = positions.len().saturating_sub(1) as isize;
        let next = (at as isize + delta).clamp(0, last) as usize;
        self.selected = positions[next];
    }

    /// Moves through the list, changes its focus, opens the child, or
    /// opens the timeline's dialog on the item; anything else is left for
    /// the keys every screen shares (back, help, quit).
    pub fn apply(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        // The list fills the window but for the title and status lines.
        let page = usize::from(ctx.size.1).saturating_sub(2).max(1);
        let effect = match action {
            Action::MoveDown => {
                self.move_by(1);
                None
            }
            Action::MoveUp => {
                self.move_by(-1);
                None
            }
            Action::PageDown => {
                self.move_by(page as isize);
                None
            }
            Action::PageUp => {
                self.move_by(-(page as isize));
                None
            }
            Action::FocusAll | Action::FocusThisWeek | Action::FocusOverdue | Action::FocusStatutory => {
                self.focus = match action {
                    Action::FocusThisWeek => Focus::ThisWeek,
                    Action::FocusOverdue => Focus::Overdue,
                    Action::FocusStatutory => Focus::Statutory,
                    _ => Focus::All,
                };
                self.regroup();
                None
            }
            Action::Open => self.selected_child().map(Effect::LoadChild),
            Action::CatchUp => match self.rows.get(self.selected) {
                Some(Row::Forgotten { first, .. }) => self.entries.get(*first).map(|e| Effect::CatchUp {
                    child: e.child,
                    plan: e.item.plan_id,
                    key: e.item.key.clone(),
                }),
                _ => {
                    *ctx.message = Some("c catches up a folded line of items long overdue".into());
                    None
                }
            },
            Action::MarkDone | Action::RecordEvent | Action::NotNeeded => return self.on_item(action, ctx),
            _ => return Handled::Ignored,
        };
        self.keep_in_view(page);
        // Lines come into view not yet complete: complete them.
        // and, in a wide view, read the children coming near.
        let wanted = !self.unfilled().is_empty() || self.wants_more();
        let effect = effect.or_else(|| wanted.then_some(Effect::FillWhatNext));
        Handled::Consumed(effect)
    }

    /// `d`, `r` and `N` on the item under the cursor: the timeline's
    /// dialogs, refused as the timeline refuses them.
    fn on_item(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let entry = match self.rows.get(self.selected) {
            Some(Row::Item(i)) => self.entries.get(*i),
            _ => None,
        };
        let source = entry.and_then(|e| e.source.as_deref());
        if entry.is_some() && source.is_none() {
            *ctx.message = Some("This item has changed since the list was read: w reads it again".into());
            return Handled::Consumed(None);
        }
        let (Some(entry), Some(source)) = (entry, source) else {
            *ctx.message = Some(match self.rows.get(self.selected) {
                Some(Row::Forgotten { .. }) => {
                    "These are folded: c opens the timeline to catch them up".into()
                }
                _ => "There is no item here".into(),
            });
            return Handled::Consumed(None);
        };
        if ctx.session.read_only {
            *ctx.message = Some("Read-only: this database cannot be changed from here".into());
            return Handled::Consumed(None);
        }
        if let Err(refusal) = ctx.permits(Permission::EditTimeline, Some(entry.scope())) {
            *ctx.message = Some(refusal.to_string());
            return Handled::Consumed(None);
        }
        let today = ctx.session.today;
        if action == Action::RecordEvent {
            match source.occurrence {
                Some(event) => ctx.dialog = Some(events::record_form(event, today, ctx.dates)),
                None => *ctx.message = Some(not_an_event(source)),
            }
            return Handled::Consumed(None);
        }
        if action == Action::NotNeeded {
            match crate::screens::child::catch_up::not_needed_item_form(entry.item.plan_id, source) {
                Ok(modal) => ctx.dialog = Some(modal),
                Err(refused) => *ctx.message = Some(refused),
            }
            return Handled::Consumed(None);
        }
        let chosen = Some((entry.item.plan_id, source));
        match events::on_item(action, chosen, entry.child, today, ctx.dates) {
            events::Outcome::Dialog(modal) => ctx.dialog = Some(modal),
            events::Outcome::Say(text) => *ctx.message = Some(text),
            events::Outcome::Do(effect) => return Handled::Consumed(Some(effect)),
        }
        Handled::Consumed(None)
    }

    /// Keeps the line under the cursor on screen, `rows` lines tall.
    fn keep_in_view(&mut self, rows: usize) {
        // Show the child's heading above their first line where it fits.
        let top = match self.selected.checked_sub(1).and_then(|i| self.rows.get(i)) {
            Some(Row::Child { .. }) => self.selected - 1,
            _ => self.selected,
        };
        if top < self.offset {
            self.offset = top;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }
}

/// Why `r` does nothing on a task: it is done, not held.
fn not_an_event(item: &TimelineItem) -> String {
    format!("{} is a task, not an event: d marks it done", item.title)
}
