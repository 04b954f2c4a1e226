//! Where things lie on screen, worked out once for both sides that need
//! it: drawing lays the screen out from here, and the app's state works
//! out from here how many rows a page holds and what a click lands on. So
//! state never imports drawing, and a click lands on what is drawn there.

use ratatui::layout::Rect;

/// Below this the screens cannot be drawn legibly.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 10;

/// The part of the window between the title and the status line, where
/// a tab is drawn.
pub fn child_body(area: Rect) -> Rect {
    Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2))
}

/// Lines for the genogram or the list in a window `height` tall: less the
/// title, the tab bar, the tab's own heading and the status line.
pub fn family_content_height(height: u16) -> usize {
    usize::from(height.saturating_sub(4)).max(1)
}

/// Lines under the chronology's list for the selected entry in full.
pub const CHRONOLOGY_DETAIL: u16 = 2;

/// Entries that fit in a window `height` tall: less the title, the tab
/// bar, the counts, the column heads, the detail and the status line.
pub fn chronology_list_height(height: u16) -> usize {
    usize::from(height.saturating_sub(5 + CHRONOLOGY_DETAIL)).max(1)
}

/// The caseload: a title, perhaps a search line, the table and a status line.
pub mod caseload {
    use ratatui::layout::Rect;

    /// Where the caseload's parts lie in `area`. Drawing and the mouse both
    /// work from this, so a click lands on the row that is drawn there.
    pub struct Areas {
        pub title: Rect,
        pub search: Option<Rect>,
        /// The table: its header line, then one line a child.
        pub table: Rect,
        pub status: Rect,
    }

    pub fn areas(area: Rect, search_line: bool) -> Areas {
        let mut y = area.y;
        let mut take = |h: u16| {
            let r = Rect::new(area.x, y, area.width, h);
            y += h;
            r
        };
        let title = take(1);
        let search = if search_line { Some(take(1)) } else { None };
        let table = take(area.height.saturating_sub(2 + u16::from(search_line)));
        let status = take(1);
        Areas {
            title,
            search,
            table,
            status,
        }
    }

    /// How many children fit on screen at this height: what PgUp/PgDn move by.
    pub fn table_rows(height: u16, search_line: bool) -> usize {
        // The table less its header line.
        let table = areas(Rect::new(0, 0, 1, height), search_line).table;
        table.height.saturating_sub(1) as usize
    }

    /// Which line of the table's body (0 for the first child on screen) is at
    /// the screen position (`column`, `row`) in a window the size of `area`.
    pub fn body_line_at(area: Rect, search_line: bool, column: u16, row: u16) -> Option<usize> {
        let table = areas(area, search_line).table;
        let body = Rect::new(table.x, table.y + 1, table.width, table.height.saturating_sub(1));
        body.contains(ratatui::layout::Position::new(column, row))
            .then(|| (row - body.y) as usize)
    }
}

/// The child's timeline tab: the tab bar, the tracks, the list and the
/// selected item's rule.
pub mod timeline {
    use crate::screens::child::ChildView;
    use ratatui::layout::Rect;

    /// Lines under the list for the selected item's rule.
    pub const DETAIL: u16 = 2;

    /// How many list rows fit in a window `height` rows tall: what the cursor
    /// keeps itself within.
    pub fn list_height(view: &ChildView, width: u16, height: u16) -> usize {
        // The title and status lines, then the tab's own chrome.
        let body = super::child_body(Rect::new(0, 0, width, height));
        list_rows(view, body.height) as usize
    }

    /// The most lines the adoption timeliness takes (A1, A2, A3).
    pub const TIMELINESS: u16 = 3;

    /// The lines the child's adoption timeliness takes under the tracks.
    pub fn timeliness_rows(view: &ChildView) -> u16 {
        u16::try_from(view.timeliness.len()).map_or(TIMELINESS, |n| n.min(TIMELINESS))
    }

    /// List rows in the tab's area: less the tab bar, ruler, one track a
    /// plan, the timeliness lines, a gap, the column heads and the detail
    /// lines.
    pub fn list_rows(view: &ChildView, body: u16) -> u16 {
        let chrome = 1 + 1 + view.timeline.plans.len() as u16 + timeliness_rows(view) + 1 + 1 + DETAIL;
        body.saturating_sub(chrome).max(1)
    }

    /// Where the tab's parts lie in its `area` (the child screen's body).
    /// Drawing and the mouse both work from this, so a click lands on the
    /// item that is drawn there.
    pub struct Areas {
        pub tabs: Rect,
        pub gantt: Rect,
        pub timeliness: Rect,
        pub heads: Rect,
        pub list: Rect,
        pub detail: Rect,
    }

    pub fn areas(view: &ChildView, area: Rect) -> Areas {
        let bottom = area.y + area.height;
        let mut y = area.y;
        let mut take = |h: u16| {
            let h = h.min(bottom.saturating_sub(y));
            let r = Rect::new(area.x, y, area.width, h);
            y += h;
            r
        };
        let tabs = take(1);
        let gantt = take(1 + view.timeline.plans.len() as u16);
        let timeliness = take(timeliness_rows(view));
        let _gap = take(1);
        let heads = take(1);
        let list = take(list_rows(view, area.height));
        let detail = take(DETAIL);
        Areas {
            tabs,
            gantt,
            timeliness,
            heads,
            list,
            detail,
        }
    }

    /// Which of the list's rows (an index into [`ChildView::rows`]) is drawn
    /// at the screen position (`column`, `row`) of a window the size of
    /// `window`, if one is.
    pub fn list_row_at(view: &ChildView, window: Rect, column: u16, row: u16) -> Option<usize> {
        let list = areas(view, super::child_body(window)).list;
        list.contains(ratatui::layout::Position::new(column, row))
            .then(|| view.offset + (row - list.y) as usize)
    }
}
