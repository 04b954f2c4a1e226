//! A child opened on the Timeline tab from the sixty-child fixture, and
//! the keys its dialogs take, as the plan and "not needed" screen tests
//! both drive them: keys by name, text typed, Enter carried out as the
//! event loop does, and a dialog's introduction read back. (Snapshots
//! stay in each test file: insta names them by the calling module.)

use crate::util::caseloads::Caseload;
use crate::util::screen::app;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Effect};
use permanence::ui::modal::Modal;

/// The child `reference` of the sixty-child fixture, open on its
/// timeline, with the pathways the start dialog picks from.
pub fn open_child(reference: &str, width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, width, height);
    app.set_pathways(library.pathways.iter().map(|p| p.pathway.name.clone()).collect());
    let id = store.child_id(reference).unwrap().unwrap();
    assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
    (dir, store, library, app)
}

/// Presses keys by name, separated by spaces ("enter", "esc", "tab",
/// "space", or a character); what the last asks for.
pub fn key(app: &mut App, keys: &str) -> Option<Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut effect = None;
    for name in keys.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "space" => KeyCode::Char(' '),
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        effect = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    effect
}

/// Types into the field with the cursor; typing asks for nothing.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let effect = app.handle_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
        assert_eq!(effect, None);
    }
}

/// Presses Enter on a dialog and carries out what it asks, as the event
/// loop does.
pub fn submit(store: &mut Store, library: &Library, app: &mut App) {
    let effect = key(app, "enter").unwrap_or_else(|| panic!("Enter asked nothing: {:?}", app.modal()));
    permanence::ui::carry_out(store, library, app, effect);
}

/// The open dialog's introduction, one line each.
pub fn intro(app: &App) -> String {
    match app.modal() {
        Some(Modal::Form(form)) => form.intro.join("\n"),
        other => panic!("no dialog: {other:?} ({:?})", app.message()),
    }
}
