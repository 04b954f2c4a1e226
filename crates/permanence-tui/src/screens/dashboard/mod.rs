//! The dashboard screen: pictures of the children in view, for a manager.
//! Up and Down highlight a bar (each team's, then each worker's), and
//! Enter opens the caseload on exactly the children it counts (the app
//! does that, since it holds the caseload); the pictures themselves are
//! drawn by [`crate::view::dashboard`], which the command line shares.

mod draw;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::domain::dashboard::{CountedBar, Dashboard};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The pictures, and what they cover as the caseload's header said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardView {
    pub dashboard: Dashboard,
    pub covers: String,
    /// The highlighted bar: a position in `dashboard.bars`.
    pub selected: usize,
}

impl DashboardView {
    pub fn new(dashboard: Dashboard, covers: String) -> DashboardView {
        DashboardView {
            dashboard,
            covers,
            selected: 0,
        }
    }

    /// The highlighted bar, if the dashboard has any.
    pub fn selected_bar(&self) -> Option<&CountedBar> {
        self.dashboard.bars.get(self.selected)
    }
}

impl Component for DashboardView {
    fn handle(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Handled {
        let last = self.dashboard.bars.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            Action::MoveDown => self.selected = (self.selected + 1).min(last),
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
