//! Picking, not typing: the record form's worker, team and IRO narrow a
//! list of the known users and teams as the user types (by any word of
//! the name, or the username), Up and Down choose and Enter takes, and a
//! name that is none of them is refused naming the field; and a status
//! message too long for its lines is read whole with `!`. Drawn from the
//! fixture caseload at 120x40 and 80x24 (the plan dialogs' lists are in
//! `plan_screens`).

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn, press, typed};
use crossterm::event::KeyCode;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::form_editor::Slot;

/// The first child's record form (`e` on the Record tab), at the field
/// `id` with its text cleared.
fn record_form_at(width: u16, height: u16, id: &str) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, mut store) = Caseload::sixty().first(5).store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, width, height);
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    press(&mut store, &library, &mut app, KeyCode::Char('e'), false);
    let at = library
        .record
        .as_ref()
        .unwrap()
        .fields()
        .position(|f| f.id == id)
        .unwrap();
    for _ in 0..at {
        press(&mut store, &library, &mut app, KeyCode::Tab, false);
    }
    press(&mut store, &library, &mut app, KeyCode::Char('u'), true);
    (dir, store, library, app)
}

fn text_of(app: &App, library: &Library, id: &str) -> String {
    let at = library
        .record
        .as_ref()
        .unwrap()
        .fields()
        .position(|f| f.id == id)
        .unwrap();
    match &app.form_editor().unwrap().slots[at] {
        Slot::Text(text) => text.clone(),
        Slot::Rows(_) => panic!("not a text"),
    }
}

#[test]
fn the_record_forms_worker_narrows_as_typed_and_is_chosen_with_the_arrows() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = record_form_at(width, height, "worker");
        typed(&mut store, &library, &mut app, "pa");
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Paul Collins (paul.collins)"), "{shown}");
        assert!(shown.contains("Patrick Cooper"), "{shown}");
        // "pa" starts a word of Emma Parker's name too, but no word of
        // Lacey Marshall's.
        assert!(shown.contains("Emma Parker (emma.parker)"), "{shown}");
        assert!(!shown.contains("Lacey Marshall (lacey.marshall)"), "{shown}");
        insta::assert_snapshot!(format!("record_worker_picking_{width}x{height}"), shown);
        press(&mut store, &library, &mut app, KeyCode::Down, false);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert_eq!(text_of(&app, &library, "worker"), "Patrick Cooper");
        assert!(app.form_editor().unwrap().picking.is_none());
    }
}

#[test]
fn the_team_and_iro_are_picked_by_a_word_or_a_username() {
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "team");
    typed(&mut store, &library, &mut app, "care 2");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    assert_eq!(text_of(&app, &library, "team"), "Children in Care 2");
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "iro");
    typed(&mut store, &library, &mut app, "neil.d");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    assert_eq!(text_of(&app, &library, "iro"), "Neil Davies");
}

#[test]
fn a_name_that_is_no_one_known_is_refused_naming_the_field() {
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "worker");
    typed(&mut store, &library, &mut app, "Zed Nobody");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    let shown = drawn(&app, 120, 40);
    assert!(shown.contains("none matches"), "{shown}");
    let editor = app.form_editor().unwrap();
    let problem = editor.problem_with(editor.focus, None).unwrap_or_default();
    assert!(
        problem.starts_with("Social worker: \"Zed Nobody\" is none of the 14 known"),
        "{problem}"
    );
}

#[test]
fn bang_reads_a_long_message_whole_in_the_viewer() {
    let long = "Nothing was saved: the record was changed by another worker while you were typing, \
                so your answers are kept as a draft; the fields they changed are listed beside yours, \
                and you may keep either, field by field, then save again. Nothing else about the child \
                has changed, and the change is on the History tab with its time and the worker's name; \
                the last words of this message are only readable in full: THE END."
        .to_string();
    for (width, height) in [(80, 24), (120, 40)] {
        let (_dir, mut store) = Caseload::sixty().first(5).store();
        let library = Library::load(None).unwrap();
        let mut app = app(&store, width, height);
        app.show_message(long.clone());
        let shown = drawn(&app, width, height);
        assert!(shown.contains("more; ! reads all)"), "{shown}");
        assert!(!shown.contains("THE END"), "{shown}");
        press(&mut store, &library, &mut app, KeyCode::Char('!'), false);
        let shown = drawn(&app, width, height);
        assert!(shown.contains("The whole message"), "{shown}");
        assert!(shown.contains("THE END"), "{shown}");
        insta::assert_snapshot!(format!("full_message_{width}x{height}"), shown);
        // Esc goes back to the screen; with no message, `!` says so.
        press(&mut store, &library, &mut app, KeyCode::Esc, false);
        press(&mut store, &library, &mut app, KeyCode::Char('!'), false);
        assert_eq!(app.message(), Some("There is no message to read"));
    }
}

/// Tab, or Down, past a name that is no one known was taken unchecked
/// (and saved so): leaving the field now checks it as Enter does, and so
/// does saving.
#[test]
fn leaving_a_picker_with_a_name_that_is_no_one_known_is_refused() {
    for leave in [KeyCode::Tab, KeyCode::Down, KeyCode::BackTab] {
        let (_dir, mut store, library, mut app) = record_form_at(120, 40, "worker");
        typed(&mut store, &library, &mut app, "Zed Nobody");
        let at = app.form_editor().unwrap().focus;
        press(&mut store, &library, &mut app, leave, false);
        let editor = app.form_editor().unwrap();
        assert_eq!(editor.focus, at, "{leave:?} keeps the cursor on the worker");
        let problem = editor.problem_with(at, None).unwrap_or_default();
        assert!(
            problem.starts_with("Social worker: \"Zed Nobody\" is none of the 14 known"),
            "{leave:?}: {problem}"
        );
        assert!(drawn(&app, 120, 40).contains("1 field needs attention: Social worker"));
    }
}

#[test]
fn leaving_a_picker_takes_the_only_name_that_matches_and_saving_checks_again() {
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "iro");
    typed(&mut store, &library, &mut app, "neil");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    assert_eq!(text_of(&app, &library, "iro"), "Neil Davies");
    // Part of a name that is several: refused, not guessed.
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "worker");
    typed(&mut store, &library, &mut app, "pa");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    let editor = app.form_editor().unwrap();
    let problem = editor.problem_with(editor.focus, None).unwrap_or_default();
    assert!(problem.contains("could be any of 3"), "{problem}");
    // Esc closes the list and leaves the text; saving refuses it too.
    let (_dir, mut store, library, mut app) = record_form_at(120, 40, "team");
    typed(&mut store, &library, &mut app, "Nowhere Team");
    press(&mut store, &library, &mut app, KeyCode::Esc, false);
    press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
    let editor = app.form_editor().expect("not saved");
    assert!(!editor.confirming, "not asked before saving");
    let problem = editor.problem_with(editor.focus, None).unwrap_or_default();
    assert!(
        problem.starts_with("Team: \"Nowhere Team\" is none of"),
        "{problem}"
    );
}

/// The CPR audit's person field, at `id`, with its text cleared: a form
/// filed against the child, not the record.
fn audit_form_at(width: u16, height: u16, id: &str) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, mut store) = Caseload::sixty().first(5).store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, width, height);
    let child = store.caseload().unwrap()[0].id;
    permanence::ui::forms::open(&mut store, &library, &mut app, child, "cpr-audit").unwrap();
    let at = library
        .form("cpr-audit")
        .unwrap()
        .fields()
        .position(|f| f.id == id)
        .unwrap();
    for _ in 0..at {
        press(&mut store, &library, &mut app, KeyCode::Tab, false);
    }
    press(&mut store, &library, &mut app, KeyCode::Char('u'), true);
    (dir, store, library, app)
}

/// Every form's person field is checked as the record form's are: Tab
/// past a name no one has in the CPR audit's "Manager/supervisor" went
/// through unchecked (and was submitted so); now the cursor stays and the
/// field is named, at both sizes. Part of the one name it matches is
/// taken as that name.
#[test]
fn leaving_any_forms_person_field_with_a_name_no_one_has_is_refused() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = audit_form_at(width, height, "manager_supervisor");
        typed(&mut store, &library, &mut app, "Zed Nobody");
        let at = app.form_editor().unwrap().focus;
        press(&mut store, &library, &mut app, KeyCode::Tab, false);
        let editor = app.form_editor().unwrap();
        assert_eq!(editor.focus, at, "Tab keeps the cursor on the field");
        let problem = editor.problem_with(at, None).unwrap_or_default();
        assert!(
            problem.starts_with("Manager/supervisor: \"Zed Nobody\" is none of"),
            "{problem}"
        );
        let shown = drawn(&app, width, height);
        assert!(shown.contains("✗ Manager/supervisor: \"Zed Nobody\""), "{shown}");
        insta::assert_snapshot!(format!("audit_person_refused_{width}x{height}"), shown);
    }
    let (_dir, mut store, library, mut app) = audit_form_at(120, 40, "manager_supervisor");
    typed(&mut store, &library, &mut app, "neil");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    let editor = app.form_editor().unwrap();
    let at = library
        .form("cpr-audit")
        .unwrap()
        .fields()
        .position(|f| f.id == "manager_supervisor")
        .unwrap();
    assert_eq!(editor.slots[at], Slot::Text("Neil Davies".into()));
    assert_eq!(editor.focus, at + 1);
}
