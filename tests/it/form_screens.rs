//! The form screen says where a form is taken from and marks what is this
//! product's own design, rendered to ratatui's TestBackend at 80x24 and
//! compared with the snapshot beside this file (review a changed one with
//! `INSTA_UPDATE=always cargo test --test it form_screens::`).

use crate::util::caseloads::Caseload;
use crate::util::screen::{drawn, session};
use crate::util::today;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;

/// A store holding the first five children of the sixty-child fixture,
/// with their workers and carers and no plans.
fn store() -> (tempfile::TempDir, Store) {
    Caseload::sixty().first(5).without_plans().store()
}

fn app(store: &Store) -> App {
    App::new(session(today()), store.caseload().unwrap(), (80, 24))
}

/// The screen's text at 80x24, one line per row.
fn screen(app: &App) -> String {
    drawn(app, 80, 24)
}

fn tab(app: &mut App) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
}

#[test]
fn the_sgo_support_plan_says_it_is_built_from_guidance_and_marks_the_products_own_fields() {
    let (_dir, mut store) = store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store);
    let child = store.caseload().unwrap()[0].id;
    permanence::ui::forms::open(&mut store, &library, &mut app, child, "sgo-support-plan").unwrap();
    // The second field, the child's ID: the guidance names no such field.
    tab(&mut app);
    let shown = screen(&app);
    assert!(
        shown.contains("Built from Calderdale Process Guidance: Special Guardianship"),
        "{shown}"
    );
    assert!(shown.contains("The child †"), "{shown}");
    assert!(shown.contains("▶ ID † *"), "{shown}");
    assert!(
        shown.contains("This product's own field (the guidance names no such field)."),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn a_field_the_guidance_asks_for_quotes_it_instead_of_a_mark() {
    let (_dir, mut store) = store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store);
    let child = store.caseload().unwrap()[0].id;
    permanence::ui::forms::open(&mut store, &library, &mut app, child, "sgo-support-plan").unwrap();
    let def = library.form("sgo-support-plan").unwrap();
    let at = def.fields().position(|f| f.id == "needs_short_term").unwrap();
    for _ in 0..at {
        tab(&mut app);
    }
    let shown = screen(&app);
    assert!(
        shown.contains("▶ The child's individual short-term needs *"),
        "{shown}"
    );
    assert!(shown.contains("From the source:"), "{shown}");
}
