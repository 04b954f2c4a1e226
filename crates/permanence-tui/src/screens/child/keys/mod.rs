//! What the child screen's keys do: each tab's own in a module of its own
//! ([`timeline`], [`family`], [`chronology`], [`gateway`]), then the keys
//! every tab shares here (scrolling the record and the history, Tab to
//! the next tab and Shift-Tab back, the best-option guidance). Every change is refused up
//! front on a read-only database, or when the user's role may not change
//! the child's timeline.

mod chronology;
mod family;
mod gateway;
mod timeline;

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use timeline::explain;

use super::{ChildTab, ChildView};
use crate::action::Action;
use crate::app::Effect;
use crate::component::{Ctx, Handled};
use crate::domain::date::DateStyle;
use crate::domain::permissions::Action as Permission;
use crate::layout;
use chrono::NaiveDate;

pub(super) const READ_ONLY: &str = "Read-only: this database cannot be changed from here";

/// Why the user may not change this child's timeline or papers, if they
/// may not.
fn refused(view: &ChildView, ctx: &Ctx<'_>) -> Option<String> {
    if ctx.session.read_only {
        return Some(READ_ONLY.to_string());
    }
    ctx.permits(Permission::EditTimeline, Some(view.scope()))
        .err()
        .map(|refusal| refusal.to_string())
}

impl ChildView {
    /// The open tab's keys, then those every tab shares; what none of
    /// them takes goes on to the caseload's (next and previous child) and
    /// the keys every screen shares.
    pub fn apply(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let handled = match self.tab {
            ChildTab::Timeline => self.apply_to_timeline(action, ctx),
            ChildTab::Family => self.apply_to_family(action, ctx),
            ChildTab::Chronology => self.apply_to_chronology(action, ctx),
            ChildTab::Gateway => self.apply_to_gateway(action, ctx),
            ChildTab::Forms => self.apply_to_forms(action, ctx),
            ChildTab::Record if action == Action::EditRecord => {
                Handled::Consumed(Some(Effect::OpenRecordForm {
                    child: Some(self.detail.id),
                }))
            }
            ChildTab::Record | ChildTab::History => Handled::Ignored,
        };
        match handled {
            Handled::Ignored => self.apply_to_every_tab(action, ctx),
            handled => handled,
        }
    }

    /// The keys every tab shares.
    fn apply_to_every_tab(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        match action {
            Action::ScrollDown => {
                if self.tab == ChildTab::History {
                    // Entries wrap rather than being cut: allow two lines each.
                    let lines =
                        (2 * self.history.as_ref().map_or(0, Vec::len) + 2 * self.events.len() + 3) as u16;
                    self.history_scroll = (self.history_scroll + 1).min(lines.saturating_sub(1));
                    return Handled::Consumed(None);
                }
                self.scroll = self.scroll.saturating_add(1);
                self.clamp_scroll(ctx.size, ctx.session.today, ctx.dates);
            }
            Action::ScrollUp => {
                if self.tab == ChildTab::History {
                    self.history_scroll = self.history_scroll.saturating_sub(1);
                    return Handled::Consumed(None);
                }
                self.scroll = self.scroll.saturating_sub(1);
            }
            Action::SwitchTab => self.tab = self.tab.next(),
            Action::PreviousTab => {
                // One back round the same ring Tab goes forward on.
                let n = ChildTab::ALL.len();
                let at = ChildTab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                self.tab = ChildTab::ALL[(at + n - 1) % n];
            }
            Action::BestOption => {
                return Handled::Consumed(Some(Effect::OpenBestOption {
                    child: self.detail.id,
                }));
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// Keeps the timeline's cursor and the record's scroll within a
    /// window of `size` (after a resize, or a scroll down).
    pub fn clamp_scroll(&mut self, (width, height): (u16, u16), today: NaiveDate, dates: DateStyle) {
        let list = layout::timeline::list_height(self, width, height);
        self.move_cursor(0, list);
        let max = super::record::max_scroll(&self.detail, today, dates, width, height);
        self.scroll = self.scroll.min(max);
    }

    /// Keeps each papers tab's cursor and scroll within a window of
    /// `size` after a resize or a reload.
    pub fn fit_papers(&mut self, (width, height): (u16, u16), dates: DateStyle) {
        let rows = layout::family_content_height(height);
        self.move_entry(0, layout::chronology_list_height(height));
        self.move_pick(0, None, dates, width, rows);
        self.scroll_genogram(0, 0, width, rows);
    }

    /// A click at (`column`, `row`) in a window of `size` on the timeline
    /// tab: `None` off every item; `Some(true)` on the item under the
    /// cursor (to explain, as Enter would); otherwise the cursor moves to
    /// the item clicked, `Some(false)`.
    pub fn click(&mut self, (width, height): (u16, u16), column: u16, row: u16) -> Option<bool> {
        let window = ratatui::layout::Rect::new(0, 0, width, height);
        let at = layout::timeline::list_row_at(self, window, column, row)?;
        let rows = self.rows();
        let item = super::timeline_list::item_positions(&rows)
            .iter()
            .position(|&r| r == at)?;
        if item == self.cursor {
            return Some(true);
        }
        let list = layout::timeline::list_height(self, width, height);
        self.cursor = item;
        self.move_cursor(0, list);
        Some(false)
    }
}
