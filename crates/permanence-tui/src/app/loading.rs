//! The caseload opened on its first rows, the rest read after the first
//! screen is drawn: what the app knows meanwhile (how many children there
//! are, every team they are in) and how the rest arrive. The reading
//! itself, which needs the store, is the event loop's (`crate::loading`).

use super::App;
use crate::domain::caseload::CaseloadRow;

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

    /// The next rows in the caseload's order; `done` once they are the last.
    pub fn add_rows(&mut self, rows: Vec<CaseloadRow>, done: bool) {
        self.caseload.add_rows(rows, done);
    }
}
