//! The dashboard screen: pictures of the children in view, for a manager.
//! It has no keys of its own beyond those every screen shares (back,
//! help, quit); the pictures themselves are drawn by
//! [`crate::view::dashboard`], which the command line shares.

mod draw;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::domain::dashboard::Dashboard;
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The pictures, and what they cover as the caseload's header said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardView {
    pub dashboard: Dashboard,
    pub covers: String,
}

impl Component for DashboardView {
    fn handle(&mut self, _action: Action, _ctx: &mut Ctx<'_>) -> Handled {
        Handled::Ignored
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        Context::Dashboard
    }
}
