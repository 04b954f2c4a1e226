//! The best-option screen: Appendix 5's guidance read with one child's
//! facts, which the worker may correct to see what would change. Its
//! state and keys are in [`state`], its drawing in [`draw`]; its key
//! bindings are the key map's `best-option` contexts.

mod draw;
mod state;

pub use state::*;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Component for BestOptionView {
    fn handle(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Handled {
        self.apply(action)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        if self.searching {
            Context::BestOptionSearch
        } else {
            Context::BestOption
        }
    }
}
