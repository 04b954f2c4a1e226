//! The dashboard as the app holds it: its charts, and its adoption
//! timeliness panel, which comes after the charts' first frame.

use super::{App, DashboardView, Screen};
use crate::domain::child::ChildId;

impl App {
    pub fn show_dashboard(&mut self, dashboard: crate::domain::dashboard::Dashboard, covers: String) {
        self.screen = Screen::Dashboard(Box::new(DashboardView::new(dashboard, covers)));
    }

    /// The children whose dashboard timeliness panel is still to be
    /// worked out, taken (so that it is worked out once).
    pub fn take_dashboard_timeliness_pending(&mut self) -> Option<Vec<ChildId>> {
        match &mut self.screen {
            Screen::Dashboard(view) => view.timeliness_for.take(),
            _ => None,
        }
    }

    /// Whether the dashboard's timeliness panel waits to be worked out.
    pub fn dashboard_timeliness_pending(&self) -> bool {
        matches!(&self.screen, Screen::Dashboard(view) if view.timeliness_for.is_some())
    }

    /// Leaves the dashboard's timeliness panel for `children` to be worked
    /// out after the charts are drawn.
    pub fn defer_dashboard_timeliness(&mut self, children: Vec<ChildId>) {
        if let Screen::Dashboard(view) = &mut self.screen {
            view.timeliness_for = Some(children);
        }
    }

    /// Puts the adoption timeliness panel under the dashboard's charts,
    /// where the dashboard is the screen.
    pub fn set_dashboard_timeliness(&mut self, panel: crate::domain::timeliness::panel::Panel) {
        if let Screen::Dashboard(view) = &mut self.screen {
            view.timeliness = Some(panel);
        }
    }
}
