//! The caseload's state: every child's row, the search over them, whose
//! children are in view and how they are sorted, which is highlighted and
//! which is first on screen, and the timeline summaries worked out so far.
//! A large caseload opens on its first rows and reads the rest after the
//! first screen is drawn ([`Caseload::expect_rows`]); until it has, only the
//! whole list's count and its first rows are known, and anything that
//! needs the rest is not asked of it: the event loop reads the rest before
//! any key acts but a move well inside the rows read (`crate::loading`).

use crate::app::Effect;
use crate::domain::caseload::{CaseloadRow, SearchIndex};
use crate::domain::caseload_view::{CaseloadView, Me, Scope};
use crate::domain::child::ChildId;
use crate::domain::timeline::Summary;
use crate::layout;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct Caseload {
    pub(super) rows: Vec<CaseloadRow>,
    index: SearchIndex,
    /// Positions in `rows` that the current search lets through.
    pub(super) visible: Vec<usize>,
    /// Position in `visible` of the highlighted child.
    pub(super) selected: usize,
    /// Position in `visible` of the first row on screen.
    pub(super) offset: usize,
    pub(super) query: String,
    /// Whether keys are going into the search query.
    pub(super) searching: bool,
    /// The child highlighted before the search began, to return to.
    pub(super) before_search: Option<ChildId>,
    /// Timeline summaries of the children drawn so far, by child.
    summaries: HashMap<ChildId, Summary>,
    /// Children whose summary has been worked out (with or without plans).
    summarised: HashSet<ChildId>,
    /// Whose children, filtered and sorted how.
    pub(super) view: CaseloadView,
    /// The user's own name and team, for "mine" and "my team".
    me: Me,
    /// Pathway names, for the plan filter.
    pub(super) pathways: Vec<String>,
    /// The window's height, which says how many rows a page holds.
    height: u16,
    /// A dashboard bar opened here: its name and exactly the children it
    /// counts, by reference, in place of the search and the view.
    only: Option<(String, HashSet<String>)>,
    /// While the rest of the caseload is still to be read: how many
    /// children there are in all. Only ever while the view lists everyone,
    /// unfiltered, unsorted and unsearched, so that the rows read so far
    /// are the first of the list as it will be.
    loading: Option<usize>,
}

impl Caseload {
    pub fn new(rows: Vec<CaseloadRow>, height: u16) -> Caseload {
        let index = SearchIndex::new(&rows);
        let visible = (0..rows.len()).collect();
        Caseload {
            rows,
            index,
            visible,
            selected: 0,
            offset: 0,
            query: String::new(),
            searching: false,
            before_search: None,
            summaries: HashMap::new(),
            summarised: HashSet::new(),
            view: CaseloadView::default(),
            me: Me::default(),
            pathways: Vec::new(),
            height,
            only: None,
            loading: None,
        }
    }

    /// The rows are the caseload's first, in its order, of `total`
    /// children: the rest are added by [`Caseload::add_rows`] as they are
    /// read. The search index is over the first rows alone until then.
    pub fn expect_rows(&mut self, total: usize) {
        if let Some(more) = total.checked_sub(self.rows.len()).filter(|&n| n > 0) {
            self.loading = Some(total);
            // Room for them all at once, rather than doubled as they come.
            self.rows.reserve_exact(more);
            self.visible.reserve_exact(more);
        }
    }

    /// Whether rows are still to be read, and the last read so far (where
    /// the next read starts).
    pub fn loading(&self) -> Option<&CaseloadRow> {
        self.loading.and(self.rows.last())
    }

    /// Whether `pages` pages past the highlighted row have been read (or
    /// the whole list has): a move of up to a page then ends where it would
    /// on the whole list, since the list reaches a page past it either way.
    pub fn pages_read_ahead(&self, pages: usize) -> bool {
        let page = self.page_height().max(1);
        self.loading.is_none() || self.selected + pages * page < self.visible.len()
    }

    /// The next rows in the caseload's order, read after the first screen;
    /// `done` once they are the last. The list grows at its end, past the
    /// screen, so nothing drawn changes; the search index is built once,
    /// over them all, at the end.
    pub fn add_rows(&mut self, rows: Vec<CaseloadRow>, done: bool) {
        if self.loading.is_none() {
            return;
        }
        let from = self.rows.len();
        self.rows.extend(rows);
        self.visible.extend(from..self.rows.len());
        if done {
            self.loading = None;
            self.index = SearchIndex::new(&self.rows);
        }
    }

    // ----- what the drawing and the event loop read -----

    pub fn summary(&self, child: ChildId) -> Option<&Summary> {
        self.summaries.get(&child)
    }

    /// Children on screen whose timeline summary the caseload still needs.
    pub fn wanted_summaries(&self) -> Vec<&CaseloadRow> {
        // Filtering or sorting by the timeline needs every child's.
        if self.view.needs_summaries() {
            return self
                .rows
                .iter()
                .filter(|r| !self.summarised.contains(&r.id))
                .collect();
        }
        let page = self.page_height().max(1);
        self.visible_rows(self.offset, page)
            .filter(|r| !self.summarised.contains(&r.id))
            .collect()
    }

    /// The pages either side of the one on screen whose summaries are not
    /// yet worked out: done while the user is idle, so that paging finds
    /// them ready.
    pub fn summaries_ahead(&self) -> Vec<&CaseloadRow> {
        if self.view.needs_summaries() {
            return Vec::new();
        }
        let page = self.page_height().max(1);
        let after = self.visible_rows(self.offset + page, page);
        let before = self.visible_rows(self.offset.saturating_sub(page), page.min(self.offset));
        after
            .chain(before)
            .filter(|r| !self.summarised.contains(&r.id))
            .collect()
    }

    /// How the caseload is narrowed and sorted, for its header.
    pub fn view(&self) -> &CaseloadView {
        &self.view
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    pub fn total(&self) -> usize {
        self.loading.unwrap_or(self.rows.len())
    }

    /// How many children the list shows: all of them while the rest are
    /// read, since only a list of everyone is read that way.
    pub fn shown(&self) -> usize {
        match self.loading {
            Some(total) => total,
            None => self.visible.len(),
        }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The rows of the current list from `start`, at most `count` of them.
    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &CaseloadRow> {
        self.visible
            .iter()
            .skip(start)
            .take(count)
            .map(|&i| &self.rows[i])
    }

    pub fn selected_row(&self) -> Option<&CaseloadRow> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }

    /// The children the list shows, in its order.
    pub(super) fn visible_ids(&self) -> Vec<ChildId> {
        self.visible.iter().map(|&i| self.rows[i].id).collect()
    }

    /// The children of the view's scope alone (mine, my team's,
    /// everyone's), whatever the filters and search: a tracker meeting's
    /// cohort is decided by its own rule, among these.
    pub(super) fn scope_ids(&self) -> Vec<ChildId> {
        let whose = CaseloadView {
            scope: self.view.scope,
            ..CaseloadView::default()
        };
        self.rows
            .iter()
            .filter(|r| whose.keeps(r, None, &self.me))
            .map(|r| r.id)
            .collect()
    }

    pub fn search_line_shown(&self) -> bool {
        self.searching || !self.query.is_empty()
    }

    /// How many children a page holds: what PgUp and PgDn move by.
    pub fn page_height(&self) -> usize {
        layout::caseload::table_rows(self.height, self.search_line_shown())
    }

    /// The dashboard bar whose children alone are listed, if one is.
    pub fn only(&self) -> Option<&str> {
        self.only.as_ref().map(|(name, _)| name.as_str())
    }

    // ----- what changes it -----

    /// Lists exactly `references`, named `name` (a dashboard bar opened).
    /// A search typed before is cleared, since the bar's children are
    /// listed whatever it matched and a search line left showing would
    /// say otherwise; the cleared search is returned, for the app to say so.
    pub fn show_only(&mut self, name: String, references: Vec<String>) -> Option<String> {
        self.searching = false;
        self.before_search = None;
        let cleared = std::mem::take(&mut self.query);
        self.only = Some((name, references.into_iter().collect()));
        self.refilter(None);
        (!cleared.is_empty()).then_some(cleared)
    }

    /// Back to the search and the view; whether a bar's children were listed.
    pub fn clear_only(&mut self) -> bool {
        let was = self.only.take().is_some();
        if was {
            self.refilter(None);
        }
        was
    }

    /// The event loop worked out summaries for these children.
    pub fn set_summaries(&mut self, asked: &[ChildId], found: HashMap<ChildId, Summary>) {
        self.summarised.extend(asked.iter().copied());
        self.summaries.extend(found);
        if self.view.needs_summaries() {
            let keep = self.selected_row().map(|r| r.id);
            self.refilter(keep);
        }
    }

    /// Forgets a child's summary after a change, so it is worked out again.
    pub fn forget_summary(&mut self, child: ChildId) {
        self.summaries.remove(&child);
        self.summarised.remove(&child);
    }

    /// Who the user is, for "my caseload" and "my team"; the plans there are.
    /// The loaded pathways' names.
    pub fn pathways(&self) -> &[String] {
        &self.pathways
    }

    pub fn set_pathways(&mut self, pathways: Vec<String>) {
        self.pathways = pathways;
    }

    pub fn set_me(&mut self, me: Me, pathways: Vec<String>) {
        self.me = me;
        self.pathways = pathways;
    }

    /// Narrows or sorts the list another way, keeping the highlighted
    /// child if they are still in it; says so when no one is.
    pub(super) fn set_view(&mut self, view: CaseloadView, message: &mut Option<String>) {
        let keep = self.selected_row().map(|r| r.id);
        self.view = view;
        self.refilter(keep);
        if self.visible.is_empty() {
            *message = Some(match self.view.scope {
                Scope::Mine if self.me.name.is_none() => {
                    "You have no caseload of your own: you are not a worker here".to_string()
                }
                // Empty by its scope alone, not by a filter: say whose.
                Scope::Mine if self.view.filters.is_empty() => {
                    "You have no caseload of your own; 2 shows your team, 3 everyone".to_string()
                }
                Scope::MyTeam if self.view.filters.is_empty() => {
                    "Your team has no children here; 3 shows everyone".to_string()
                }
                _ => "No children in this view; x clears the filters, 3 shows everyone".to_string(),
            });
        }
    }

    /// The window is now this tall.
    pub fn resize(&mut self, height: u16) {
        self.height = height;
        self.keep_selection_on_screen();
    }

    /// A character typed into the search (if it may be typed there).
    pub fn type_char(&mut self, c: char) {
        if crate::domain::sanitise::may_type(c) {
            self.query.push(c);
            self.refilter(None);
        }
    }

    /// Pasted text: into the search, if one is being typed and `typed`
    /// (nothing is drawn over the list to take it instead); the search
    /// is run again either way while one is being typed.
    pub fn paste(&mut self, text: &str, typed: bool) {
        if !self.searching {
            return;
        }
        if typed {
            for c in text.chars().filter(|c| !c.is_control()) {
                if crate::domain::sanitise::may_type(c) {
                    self.query.push(c);
                }
            }
        }
        self.refilter(None);
    }

    /// Someone else changed the database: new rows, with the search, the
    /// highlighted child and anything being typed left as they were.
    pub fn replace_rows(&mut self, rows: Vec<CaseloadRow>) {
        let keep = self.selected_row().map(|r| r.id);
        let offset = self.offset;
        self.index = SearchIndex::new(&rows);
        self.rows = rows;
        self.loading = None;
        self.summaries.clear();
        self.summarised.clear();
        // The same filter as any other change of list: the search alone
        // would list everyone under the view's (or a bar's) title.
        self.refilter(keep);
        self.offset = offset;
        self.keep_selection_on_screen();
    }

    /// Highlights a child in the list (for `permanence child REF`).
    pub fn select_child(&mut self, child: ChildId) -> Option<Effect> {
        let position = self.visible.iter().position(|&i| self.rows[i].id == child)?;
        self.select(position);
        Some(Effect::LoadChild(child))
    }

    /// A click on the `line`th row on screen: `None` below the last
    /// child; `Some(true)` on the highlighted child (to open, as Enter
    /// would); otherwise it highlights that child, `Some(false)`.
    pub fn click(&mut self, line: usize) -> Option<bool> {
        let position = self.offset + line;
        if position >= self.visible.len() {
            return None;
        }
        if position == self.selected {
            return Some(true);
        }
        self.select(position);
        Some(false)
    }

    pub(super) fn select(&mut self, position: usize) {
        self.selected = position.min(self.visible.len().saturating_sub(1));
        self.keep_selection_on_screen();
    }

    fn keep_selection_on_screen(&mut self) {
        let page = self.page_height().max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // After a resize or a narrower search, fill the screen if possible.
        let last_full_offset = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(last_full_offset);
    }

    /// Applies the query, then highlights `keep` if it is still listed, or
    /// else the first match.
    pub(super) fn refilter(&mut self, keep: Option<ChildId>) {
        let mut visible: Vec<usize> = match &self.only {
            // A bar's children are exactly those it counted.
            Some((_, references)) => (0..self.rows.len())
                .filter(|&i| references.contains(&self.rows[i].reference))
                .collect(),
            None => self
                .index
                .matches(&self.query)
                .into_iter()
                .filter(|&i| {
                    let row = &self.rows[i];
                    self.view.keeps(row, self.summaries.get(&row.id), &self.me)
                })
                .collect(),
        };
        if self.view.sort.is_some() {
            visible.sort_by(|&a, &b| {
                let (ra, rb) = (&self.rows[a], &self.rows[b]);
                self.view
                    .compare((ra, self.summaries.get(&ra.id)), (rb, self.summaries.get(&rb.id)))
            });
        }
        self.visible = visible;
        self.selected = keep
            .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0);
        self.offset = 0;
        self.keep_selection_on_screen();
    }
}
