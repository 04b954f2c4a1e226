//! Reading the caseload for the app: the first screenful and the count of
//! every child before the first frame, then the rest a chunk at a time
//! while the user is idle, in the caseload's order (each read walks its
//! index from where the last ended). Whatever needs the whole list waits
//! for it: the event loop reads all that is left before any key acts but
//! a move well inside the rows read ([`acts_before_rest`]), so a key does
//! exactly what it would had the whole list been read at once.
//! A view other than everyone's, or opening on a child, reads it all
//! before the first frame, as before.

use crate::app::App;
use crate::domain::caseload::CaseloadRow;
use crate::domain::caseload_view::{Me, Opening, Scope};
use crate::store::{Store, StoreError};

/// How many rows are read before the first frame, at least: several
/// screens, so the first pages down find their rows.
const FIRST: usize = 1_000;

/// How many rows each later read takes: small enough that a key pressed
/// meanwhile waits only a few milliseconds for it to end (with 4,096 a
/// row down waited 20-40 ms on a loaded machine), and large enough that
/// entering the index again for each costs nothing to speak of.
pub const CHUNK: usize = 1_024;

/// How many rows to read before the first frame in a window `height`
/// rows tall.
pub fn first_rows(height: u16) -> usize {
    FIRST.max(usize::from(height) * 3)
}

/// The caseload as the app opens on it: the first rows, or all of them;
/// with how many children there are and every team they are in when only
/// the first have been read.
pub struct Start {
    pub rows: Vec<CaseloadRow>,
    /// `Some((total, teams))` while the rest are still to be read.
    pub rest: Option<(usize, Vec<String>)>,
}

/// Where the user starts (`domain::caseload_view::opening`), asked of the
/// store rather than worked out from every row.
pub fn opening(store: &Store, me: &Me, manager: bool) -> Result<Opening, StoreError> {
    let (own, team) = match &me.name {
        Some(name) => store.caseload_has(name, me.team.as_deref().filter(|_| manager))?,
        None => (false, false),
    };
    Ok(crate::domain::caseload_view::opening_given(
        me, manager, own, team,
    ))
}

/// The caseload's `first` rows when the app opens on everyone's children
/// (`scope`); otherwise, or when `whole` (opening on a child, who is
/// found in the whole list), every row.
pub fn start(store: &Store, scope: Scope, first: usize, whole: bool) -> Result<Start, StoreError> {
    if whole || scope != Scope::Everyone {
        return Ok(Start {
            rows: store.caseload()?,
            rest: None,
        });
    }
    let rows = store.caseload_after(None, first)?;
    if rows.len() < first {
        return Ok(Start { rows, rest: None });
    }
    let total = usize::try_from(store.count_children()?).unwrap_or(usize::MAX);
    let teams = store.caseload_teams()?;
    Ok(Start {
        rows,
        rest: Some((total, teams)),
    })
}

/// Reads the next `chunk` rows of the caseload ([`CHUNK`] in the app),
/// if any are still to be read.
pub fn next(store: &Store, app: &mut App, chunk: usize) {
    // An empty read is the end only if it asked for a row.
    let chunk = chunk.max(1);
    let Some(last) = app.rows_loading() else {
        return;
    };
    match store.caseload_after(Some(last), chunk) {
        Ok(rows) => {
            let done = rows.len() < chunk;
            app.add_rows(rows, done);
        }
        Err(_) => {
            // What was read stays listed, and counted as all there is,
            // rather than a count the list does not hold.
            app.add_rows(Vec::new(), true);
            app.show_message("The rest of the caseload could not be read; q and open the app again");
        }
    }
}

/// Whether `event` may be handled before the rest of the caseload is
/// read, with the outcome it has on the whole list
/// ([`App::acts_before_rest`]): otherwise the rest is read first.
pub fn acts_before_rest(app: &App, event: &crossterm::event::Event) -> bool {
    matches!(event, crossterm::event::Event::Key(key) if app.acts_before_rest(key))
}

/// Reads all that is left of the caseload, if anything is: before a key
/// acts on the list. Still a chunk at a time, so that no more than a
/// chunk is ever held twice (read, and copied into the list).
pub fn rest(store: &Store, app: &mut App, chunk: usize) {
    while app.rows_loading().is_some() {
        next(store, app, chunk);
    }
}
