//! The tracker-meeting screen: the cohort in order, the child being
//! discussed, and what has been recorded for them. Its state and keys are
//! in [`state`], its drawing in [`draw`]; its key bindings are the key
//! map's `meeting` context. What it records is saved by the meeting use
//! case ([`crate::meetings`]) through the effects it returns.

mod draw;
mod state;

pub use state::*;

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Component for MeetingView {
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        self.apply(action, ctx)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        Context::Meeting
    }
}
