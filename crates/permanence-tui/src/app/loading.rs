//! The caseload opened on its first rows, the rest read after the first
//! screen is drawn: what the app knows meanwhile (how many children there
//! are, every team they are in) and how the rest arrive. The reading
//! itself, which needs the store, is the event loop's (`crate::loading`).

use super::App;
use crate::action::Action;
use crate::domain::caseload::CaseloadRow;
use crate::keymap::{Context, Key};
use crossterm::event::KeyEvent;

impl App {
    /// The caseload's rows so far are its first, in its order, of `total`
    /// children in `teams` (every team a child is in, so that the Team
    /// column tells them apart from the first screen as it will after).
    pub fn expect_rows(&mut self, total: usize, teams: &[String]) {
        self.caseload.expect_rows(total);
        self.team_names = crate::domain::fit::short_team_names_given(
            teams.iter().map(String::as_str),
            &self.given_team_names,
        );
    }

    /// The last row read, while the rest of the caseload is still to be
    /// read (where the next read starts); `None` once it is all read.
    pub fn rows_loading(&self) -> Option<&CaseloadRow> {
        self.caseload.loading()
    }

    /// Whether `event` acts on the caseload as it would on the whole list
    /// while the rest is still to be read: a row or a page up or down, or
    /// the first row, from well inside the rows read so far (it ends no
    /// nearer their end than a page). Every other key has the rest read
    /// first; these, a person's first keys, need not wait for it.
    pub fn acts_before_rest(&self, event: &KeyEvent) -> bool {
        if self.context() != Context::Caseload {
            return false;
        }
        let moves = matches!(
            self.keymap.action(Context::Caseload, Key::from_event(event)),
            Some(Action::MoveDown | Action::MoveUp | Action::PageDown | Action::PageUp | Action::First)
        );
        moves && self.caseload.pages_read_ahead(2)
    }

    /// The next rows in the caseload's order; `done` once they are the last.
    pub fn add_rows(&mut self, rows: Vec<CaseloadRow>, done: bool) {
        self.caseload.add_rows(rows, done);
    }
}
