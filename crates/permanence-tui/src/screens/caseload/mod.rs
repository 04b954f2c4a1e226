//! The caseload: every child in view as a table, with a search line, whose
//! children (mine, my team's, everyone's), filters and a sort. Its state is
//! in [`state`], what its keys do in [`keys`], its drawing in [`draw`]; its
//! key bindings are the key map's `caseload` and `search` contexts. It is
//! always beneath the other screens: Esc comes back to it, and the keys
//! that move from child to child move through its list.

mod draw;
mod keys;
mod state;

#[cfg(test)]
mod tests;

pub use state::Caseload;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Component for Caseload {
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        self.apply(action, ctx)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        if self.searching() {
            Context::Search
        } else {
            Context::Caseload
        }
    }
}
