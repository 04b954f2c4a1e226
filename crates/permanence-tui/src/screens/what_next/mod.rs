//! The "what next" screen: every open item of the children in view, most
//! urgent first, grouped by child. Its state and keys are in [`state`], its drawing in
//! [`draw`]; its key bindings are the key map's `what-next` context.

mod draw;
mod state;

pub use state::{Entry, Row, WhatNextView};

use crate::action::Action;
use crate::app::App;
use crate::component::{Component, Ctx, Handled};
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;

impl Component for WhatNextView {
    fn handle(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        self.apply(action, ctx)
    }

    fn draw(&self, app: &App, frame: &mut Frame<'_>, area: Rect) {
        draw::draw(app, self, frame, area);
    }

    fn context(&self) -> Context {
        Context::WhatNext
    }
}
