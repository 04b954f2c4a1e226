//! The child screen's state: the record, the timeline, which tab shows,
//! where the cursor is in the timeline's list and which role it is
//! filtered to, and the family, chronology and Gateway papers with their
//! own cursors (see [`super::papers`]), and the child's adoption
//! timeliness lines.

use super::papers::{ChronologyState, FamilyState, GatewayState, Papers};
use super::timeline_list::{self, ListRow};
use crate::domain::caseload::ChildDetail;
use crate::domain::permissions::ChildScope;
use crate::domain::timeline::{Timeline, TimelineItem};
use crate::domain::timeliness::child::ChildLine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildTab {
    Timeline,
    Record,
    /// Every form of the child and where each stands on its route.
    Forms,
    /// The family network: the genogram, or the people and family meetings.
    Family,
    Chronology,
    /// The Legal Gateway's papers and panel.
    Gateway,
    /// The audit trail's entries about this child.
    History,
}

impl ChildTab {
    /// In the order Tab moves through them.
    pub const ALL: [ChildTab; 7] = [
        ChildTab::Timeline,
        ChildTab::Record,
        ChildTab::Forms,
        ChildTab::Family,
        ChildTab::Chronology,
        ChildTab::Gateway,
        ChildTab::History,
    ];

    /// The name on the tab bar.
    pub fn label(self) -> &'static str {
        match self {
            ChildTab::Timeline => "Timeline",
            ChildTab::Record => "Record",
            ChildTab::Forms => "Forms",
            ChildTab::Family => "Family",
            ChildTab::Chronology => "Chronology",
            ChildTab::Gateway => "Gateway",
            ChildTab::History => "History",
        }
    }

    /// The tab Tab moves to from this one.
    pub fn next(self) -> ChildTab {
        let at = ChildTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        ChildTab::ALL[(at + 1) % ChildTab::ALL.len()]
    }
}

/// One line of a child's history, as the History tab shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    /// Local time, `DD/MM/YYYY HH:MM`.
    pub at: String,
    pub user: String,
    pub action: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildView {
    pub detail: ChildDetail,
    pub timeline: Timeline,
    pub tab: ChildTab,
    /// How far the record tab is scrolled.
    pub scroll: u16,
    /// Which item (counting items only) the cursor is on.
    pub cursor: usize,
    /// The first list row on screen.
    pub offset: usize,
    /// Only items that fall to this role.
    pub filter: Option<String>,
    /// Newest first; or why it cannot be shown.
    pub history: Result<Vec<HistoryLine>, String>,
    /// The child's recorded events, current, corrected and withdrawn,
    /// with who recorded each and when: above the history.
    pub events: Vec<HistoryLine>,
    /// How far the History tab is scrolled.
    pub history_scroll: u16,
    /// The family network, the chronology and the Gateway papers.
    pub papers: Papers,
    pub family: FamilyState,
    pub chronology: ChronologyState,
    pub gateway: GatewayState,
    /// The timeline items selected with Space, to catch up with `M`.
    pub picked: Vec<super::catch_up::Picked>,
    /// The Forms tab's list and cursor.
    pub forms: super::forms_tab::FormsState,
    /// The adoption timeliness measures as they stand for this child (the
    /// days so far on each clock, or their figures once adopted), above
    /// the timeline's list; empty for a child never on an adoption plan.
    pub timeliness: Vec<ChildLine>,
}

impl ChildView {
    pub fn new(detail: ChildDetail, timeline: Timeline) -> ChildView {
        let tab = if timeline.plans.is_empty() {
            ChildTab::Record
        } else {
            ChildTab::Timeline
        };
        ChildView {
            detail,
            timeline,
            tab,
            scroll: 0,
            cursor: 0,
            offset: 0,
            filter: None,
            history: Ok(Vec::new()),
            events: Vec::new(),
            history_scroll: 0,
            papers: Papers::unread(),
            family: FamilyState::default(),
            chronology: ChronologyState::default(),
            gateway: GatewayState::default(),
            picked: Vec::new(),
            forms: super::forms_tab::FormsState::default(),
            timeliness: Vec::new(),
        }
    }

    /// Whose child this is (their worker, IRO and team), which says what
    /// the user's role may do with their record.
    pub fn scope(&self) -> ChildScope<'_> {
        let fields = &self.detail.fields;
        ChildScope {
            worker: fields.worker.as_deref(),
            iro: fields.iro.as_deref(),
            team: fields.team.as_deref(),
        }
    }

    pub fn rows(&self) -> Vec<ListRow> {
        timeline_list::rows(&self.timeline, self.filter.as_deref())
    }

    /// The item under the cursor, with its plan's index.
    pub fn selected_item(&self) -> Option<(usize, &TimelineItem)> {
        let rows = self.rows();
        let positions = timeline_list::item_positions(&rows);
        let row = positions.get(self.cursor.min(positions.len().saturating_sub(1)))?;
        match rows.get(*row)? {
            ListRow::Item { plan, item } => Some((*plan, &self.timeline.plans[*plan].items[*item])),
            _ => None,
        }
    }

    /// The list row the cursor is on.
    pub fn cursor_row(&self) -> Option<usize> {
        let rows = self.rows();
        timeline_list::item_positions(&rows).get(self.cursor).copied()
    }

    /// Moves the cursor by `delta` items and keeps it on screen in a list
    /// `height` rows tall, showing the headings above it where possible.
    pub fn move_cursor(&mut self, delta: isize, height: usize) {
        let rows = self.rows();
        let positions = timeline_list::item_positions(&rows);
        if positions.is_empty() {
            self.cursor = 0;
            self.offset = 0;
            return;
        }
        let last = positions.len() as isize - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
        let row = positions[self.cursor];
        let height = height.max(1);
        // Keep the heading just above the cursor in view when moving up.
        let top = if self.cursor == 0 {
            0
        } else {
            row.saturating_sub(2)
        };
        if row < self.offset || top < self.offset && delta < 0 {
            self.offset = top.min(row);
        } else if row >= self.offset + height {
            self.offset = row + 1 - height;
        }
        self.offset = self.offset.min(rows.len().saturating_sub(height));
        // On the last item, the closed plans' headings after it show too
        // where they fit (no timeline had rows after its last item before).
        if self.cursor as isize == last && rows.len() > self.offset + height {
            self.offset = rows.len().saturating_sub(height).min(row);
        }
    }

    /// Replaces the timeline (after a change), keeping the cursor on the
    /// same item where it still exists.
    pub fn refresh(&mut self, detail: ChildDetail, timeline: Timeline, height: usize) {
        let key = self.selected_item().map(|(_, i)| i.key.clone());
        self.detail = detail;
        self.timeline = timeline;
        super::catch_up::keep_open(&mut self.picked, &self.timeline);
        if let Some(key) = key {
            let rows = self.rows();
            let positions = timeline_list::item_positions(&rows);
            if let Some(at) = positions.iter().position(|&r| match &rows[r] {
                ListRow::Item { plan, item } => self.timeline.plans[*plan].items[*item].key == key,
                _ => false,
            }) {
                self.cursor = at;
            }
        }
        self.move_cursor(0, height);
    }

    /// Puts the cursor on this plan's item, where the list shows it.
    pub fn select_item(&mut self, plan: crate::domain::plan::PlanId, key: &str, height: usize) {
        let rows = self.rows();
        let positions = timeline_list::item_positions(&rows);
        if let Some(at) = positions.iter().position(|&r| match &rows[r] {
            ListRow::Item { plan: p, item } => {
                let on = &self.timeline.plans[*p];
                on.plan.id == plan && on.items[*item].key == key
            }
            _ => false,
        }) {
            self.cursor = at;
        }
        self.move_cursor(0, height);
    }

    /// The first item not done and not inapplicable: where a worker
    /// wants to start reading.
    pub fn first_open_item(&self) -> usize {
        let rows = self.rows();
        timeline_list::item_positions(&rows)
            .iter()
            .position(|&r| match &rows[r] {
                ListRow::Item { plan, item } => self.timeline.plans[*plan].items[*item].status.is_open(),
                _ => false,
            })
            .unwrap_or(0)
    }
}
