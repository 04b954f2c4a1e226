//! Where `Esc` goes back to: the screen the user came from. A child
//! opened from "what next" (`Enter` or `c`) returns to it, on the same
//! line, its list worked out again for what was done meanwhile; anything
//! else goes back to the caseload. Kept apart from `app.rs` so that file
//! stays readable.

use super::{App, Effect, Screen};

impl App {
    /// The screen a child's screen was opened over, kept when it is one
    /// to come back to ("what next"), forgotten when the user came from
    /// the caseload; a child opened from another child's screen keeps it.
    pub(super) fn remember_beneath(&mut self, previous: Screen) {
        match previous {
            Screen::WhatNext(view) => self.what_next_beneath = Some(view),
            Screen::Caseload => self.what_next_beneath = None,
            Screen::Child(_) | Screen::Meeting(_) | Screen::Dashboard(_) | Screen::BestOption(_) => {}
        }
    }

    /// `Esc` where no layer or screen took it: back to "what next" from a
    /// child opened there (its list refreshed by the effect), else to the
    /// caseload.
    pub(super) fn back(&mut self) -> Option<Effect> {
        if matches!(self.screen, Screen::Child(_))
            && let Some(view) = self.what_next_beneath.take()
        {
            self.screen = Screen::WhatNext(view);
            return Some(Effect::RefreshWhatNext);
        }
        self.what_next_beneath = None;
        self.screen = Screen::Caseload;
        None
    }
}
