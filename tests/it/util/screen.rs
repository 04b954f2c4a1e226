//! The app as the screen tests draw it on ratatui's `TestBackend`: the
//! session they run as, the caseload with the summaries the event loop
//! would fill in, and the screen drawn at a size, as cells or as text.

use super::{text, today};
use chrono::NaiveDate;
use permanence::service::library::Library;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::app::{App, Session};
use permanence::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The session the screen tests run as: asmith, on the database's usual
/// path (which the status line shows), on `today`.
pub fn session(today: NaiveDate) -> Session {
    Session {
        database: "/home/asmith/.local/share/permanence/permanence.db".into(),
        user: "asmith".into(),
        today,
        read_only: false,
    }
}

/// The app on the store's caseload at `width` × `height`, on
/// [`today`](super::today), with the summaries of the rows it draws.
pub fn app(store: &Store, width: u16, height: u16) -> App {
    let mut app = App::new(session(today()), store.caseload().unwrap(), (width, height));
    fill(&mut app, store);
    app
}

/// The event loop's part: summaries for the rows about to be drawn.
pub fn fill(app: &mut App, store: &Store) {
    let wanted: Vec<_> = app.wanted_summaries().into_iter().cloned().collect();
    let rows: Vec<_> = wanted.iter().collect();
    let ids: Vec<_> = wanted.iter().map(|r| r.id).collect();
    let library = Library::load(None).unwrap();
    let found = timelines::summaries(store, &library, &rows, today()).unwrap();
    app.set_summaries(&ids, found);
}

/// The app drawn at `width` × `height`: every cell, with its style.
pub fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::draw(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The app drawn at `width` × `height`, as a person would read it.
pub fn drawn(app: &App, width: u16, height: u16) -> String {
    text(&render(app, width, height))
}

/// A key as the event loop hands it on, with Ctrl held or not: the app's
/// answer to it carried out on the store.
pub fn press(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    code: crossterm::event::KeyCode,
    ctrl: bool,
) {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let modifiers = if ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    if let Some(effect) = app.handle_key(KeyEvent::new(code, modifiers)) {
        permanence::ui::carry_out(store, library, app, effect);
    }
    // What the event loop does before the next key when none waits: the
    // dashboard's timeliness panel and a wide "what next"'s counts come
    // after their first frame.
    permanence::ui::effects::fill_dashboard_timeliness(store, library, app);
    permanence::ui::effects::count_what_next(store, app);
}

/// `text` typed a character at a time.
pub fn typed(store: &mut Store, library: &Library, app: &mut App, text: &str) {
    for c in text.chars() {
        press(store, library, app, crossterm::event::KeyCode::Char(c), false);
    }
}

/// A tracker meeting of `tracker` on every child of the store, as if
/// started from the caseload's "everyone" view.
pub fn start_meeting(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    tracker: permanence::domain::cohort::Tracker,
) {
    let everyone: Vec<_> = store.caseload().unwrap().iter().map(|r| r.id).collect();
    permanence::ui::meetings::start(store, library, app, tracker, &everyone, "all children".into()).unwrap();
}
