//! The dashboard screen: pictures of the children in view, for a manager.
//! Up and Down highlight a bar (each team's, each worker's, each of the
//! pre-proceedings histogram's, each stage of the SGO funnel: down the
//! left column, then the right), Tab and Shift-Tab jump to the next or
//! previous chart, and Enter opens the caseload on exactly the children
//! the bar counts (the app does that, since it holds the caseload); the
//! pictures themselves are drawn by [`crate::view::dashboard`], which the
//! command line shares.

mod draw;
mod timeliness;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::domain::dashboard::{Dashboard, SelectableBar};
use crate::keymap::Context;
use crate::view::dashboard::weeks_bucket;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The pictures, and what they cover as the caseload's header said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardView {
    pub dashboard: Dashboard,
    pub covers: String,
    /// The highlighted bar: a position in `dashboard.selectable(..)` for
    /// the window's size (the histogram's bars depend on its width).
    pub selected: usize,
    /// The adoption timeliness panel under the charts, where it could be
    /// worked out: an input of its own, beside the charts' fold.
    pub timeliness: Option<crate::domain::timeliness::panel::Panel>,
    /// The children whose timeliness panel is still to be worked out:
    /// it comes after the charts' first frame, while no key waits, as a
    /// wide "what next"'s counts do (at national scale it reads every
    /// child who has had an adoption plan).
    pub timeliness_for: Option<Vec<crate::domain::child::ChildId>>,
}

impl DashboardView {
    pub fn new(dashboard: Dashboard, covers: String) -> DashboardView {
        DashboardView {
            dashboard,
            covers,
            selected: 0,
            timeliness: None,
            timeliness_for: None,
        }
    }

    /// The bars that can be highlighted in a window of `size`, in the
    /// order the selection walks them.
    pub fn selectable(&self, size: (u16, u16)) -> Vec<SelectableBar<'_>> {
        self.dashboard.selectable(weeks_bucket(self.charts(body(size))))
    }

    /// The highlighted bar in a window of `size`, if the dashboard has
    /// any (the last, when a narrower window drew fewer).
    pub fn selected_bar(&self, size: (u16, u16)) -> Option<SelectableBar<'_>> {
        let mut bars = self.selectable(size);
        let at = self.selected.min(bars.len().saturating_sub(1));
        (at < bars.len()).then(|| bars.swap_remove(at))
    }

    /// The first bar of the chart after (or before) the highlighted one's,
    /// round the four charts; the highlight stays when no other chart has
    /// a bar.
    fn other_chart(&self, bars: &[SelectableBar<'_>], forward: bool) -> usize {
        let at = self.selected.min(bars.len().saturating_sub(1));
        let Some(chart) = bars.get(at).map(|b| b.chart) else {
            return at;
        };
        let mut starts: Vec<usize> = (0..bars.len())
            .filter(|&i| i == 0 || bars[i].chart != bars[i - 1].chart)
            .collect();
        if !forward {
            starts.reverse();
        }
        let mine = starts.iter().position(|&i| bars[i].chart == chart).unwrap_or(0);
        starts
            .get((mine + 1) % starts.len().max(1))
            .copied()
            .unwrap_or(at)
    }
}

impl DashboardView {
    /// Where the charts are drawn in the body: all of it, less the
    /// timeliness panel's rows at its foot where there is one.
    pub fn charts(&self, body: Rect) -> Rect {
        match self.timeliness {
            Some(_) => Rect {
                height: body.height.saturating_sub(timeliness::HEIGHT),
                ..body
            },
            None => body,
        }
    }
}

/// Where the pictures are drawn in a window of `size`: below the title
/// line and above the status line, as [`draw::draw`] lays them out.
fn body(size: (u16, u16)) -> Rect {
    Rect {
        x: 0,
        y: 1,
        width: size.0,
        height: size.1.saturating_sub(2),
    }
}

impl Component for DashboardView {
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        // The dashboard's bars alone borrowed, so the highlight can move.
        let bars = self
            .dashboard
            .selectable(weeks_bucket(self.charts(body(ctx.size))));
        let last = bars.len().saturating_sub(1);
        self.selected = self.selected.min(last);
        match action {
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::MoveDown => self.selected = (self.selected + 1).min(last),
            Action::SwitchTab => self.selected = self.other_chart(&bars, true),
            Action::PreviousTab => self.selected = self.other_chart(&bars, false),
            // Open is the app's: it moves to the caseload beneath.
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        Context::Dashboard
    }
}
