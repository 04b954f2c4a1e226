//! The child's record as a form on screen: `a` on the caseload opens it
//! empty, `e` on the Record tab opens it prefilled; Ctrl-S lists what
//! saving will do (the dates that move) before saving; a save over
//! someone else's change shows both sides. Drawn from the fixture
//! caseload at 120x40 and 80x24 and compared with the snapshots beside
//! this file (review a changed one with
//! `INSTA_UPDATE=always cargo test --test it record_screens::`).

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn, press, typed};
use crossterm::event::KeyCode;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;

/// Presses a key and carries out what it asks, as the event loop does.
/// Moves the form's cursor to the field `id`, from the first field.
fn to_field(store: &mut Store, library: &Library, app: &mut App, id: &str) {
    let def = library.record.as_ref().unwrap();
    let focus = app.form_editor().unwrap().focus;
    let at = def.fields().position(|f| f.id == id).unwrap();
    for _ in focus..at {
        press(store, library, app, KeyCode::Tab, false);
    }
}

/// Replaces the text of the field `id` with `text`.
fn answer(store: &mut Store, library: &Library, app: &mut App, id: &str, text: &str) {
    to_field(store, library, app, id);
    press(store, library, app, KeyCode::Char('u'), true);
    typed(store, library, app, text);
}

fn setup(width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, store) = Caseload::sixty().first(5).store();
    let library = Library::load(None).unwrap();
    let app = app(&store, width, height);
    (dir, store, library, app)
}

/// The first child's record form, opened from the Record tab with `e`.
fn edit_first(store: &mut Store, library: &Library, app: &mut App) {
    press(store, library, app, KeyCode::Enter, false);
    press(store, library, app, KeyCode::Tab, false);
    press(store, library, app, KeyCode::Char('e'), false);
    assert!(
        app.form_editor().is_some(),
        "e on the Record tab opens the record form"
    );
}

#[test]
fn a_on_the_caseload_opens_the_record_form_empty() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        press(&mut store, &library, &mut app, KeyCode::Char('a'), false);
        let editor = app.form_editor().expect("a opens the record form");
        assert!(editor.record.as_ref().unwrap().seen.is_none());
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Child's record · a new child"), "{shown}");
        insta::assert_snapshot!(format!("new_child_form_{width}x{height}"), shown);
    }
}

#[test]
fn a_new_child_is_added_through_the_imports_checks_and_opened() {
    let (_dir, mut store, library, mut app) = setup(120, 40);
    let before = store.count_children().unwrap();
    press(&mut store, &library, &mut app, KeyCode::Char('a'), false);
    let taken = store.caseload().unwrap()[0].reference.clone();
    typed(&mut store, &library, &mut app, &taken);
    answer(&mut store, &library, &mut app, "given_name", "Ada");
    answer(&mut store, &library, &mut app, "family_name", "Example");
    press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
    // The reference is taken: refused on its field, in the import's words.
    let editor = app.form_editor().expect("the form stays open");
    assert!(!editor.confirming);
    assert_eq!(editor.focus, 0, "the cursor is on ref");
    let shown = drawn(&app, 120, 40);
    assert!(
        shown.contains("is already the reference of another child"),
        "{shown}"
    );
    answer(&mut store, &library, &mut app, "ref", "NEW1");
    press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
    assert!(app.form_editor().unwrap().confirming, "asked before saving");
    let shown = drawn(&app, 120, 40);
    assert!(shown.contains("Before saving"), "{shown}");
    assert!(shown.contains("Reference (case ID) (blank) → NEW1"), "{shown}");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    assert!(app.form_editor().is_none(), "saved and closed");
    assert_eq!(store.count_children().unwrap(), before + 1);
    let shown = drawn(&app, 120, 40);
    assert!(shown.contains("Ada Example"), "the new child is open: {shown}");
}

#[test]
fn e_on_the_record_tab_lists_the_dates_a_new_legal_status_moves() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        edit_first(&mut store, &library, &mut app);
        let shown = drawn(&app, width, height);
        let child = store.caseload().unwrap()[0].clone();
        assert!(shown.contains(&child.reference), "prefilled: {shown}");
        answer(&mut store, &library, &mut app, "legal_status", "sgo");
        answer(&mut store, &library, &mut app, "legal_status_since", "20/11/2026");
        press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
        let editor = app.form_editor().unwrap();
        assert!(
            editor.confirming,
            "{:?} {}",
            editor.problems,
            drawn(&app, width, height)
        );
        let lines = &editor.record.as_ref().unwrap().before_saving;
        assert!(
            lines
                .iter()
                .any(|l| l.contains("the Special Guardianship Order on 20/11/2026")),
            "{lines:?}"
        );
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Before saving"), "{shown}");
        insta::assert_snapshot!(format!("edit_record_before_saving_{width}x{height}"), shown);
        // Saved, the order is on the child's history at once.
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().is_none());
        let events = store.recorded_events(child.id).unwrap();
        assert!(
            events
                .iter()
                .any(|e| e.event.code() == "special-guardianship-order")
        );
    }
}

#[test]
fn a_save_over_someone_elses_change_shows_both_sides_and_keeps_theirs_if_chosen() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        edit_first(&mut store, &library, &mut app);
        let child = store.caseload().unwrap()[0].id;
        // Someone else renames the child meanwhile.
        let mut theirs = store.child_detail(child).unwrap().unwrap().fields;
        theirs.given_name = "Theirs".into();
        store.write(|w| w.put_child(&theirs)).unwrap();
        answer(&mut store, &library, &mut app, "given_name", "Mine");
        press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        let editor = app.form_editor().expect("nothing saved: the form stays");
        assert!(editor.record.as_ref().unwrap().conflict.is_some());
        assert_eq!(
            store.child_detail(child).unwrap().unwrap().fields.given_name,
            "Theirs",
            "theirs is not overwritten"
        );
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Someone else changed this record"), "{shown}");
        insta::assert_snapshot!(format!("record_conflict_{width}x{height}"), shown);
        // Keep theirs (Space on the field), then save again.
        press(&mut store, &library, &mut app, KeyCode::Char(' '), false);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().unwrap().confirming);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().is_none(), "saved");
        assert_eq!(
            store.child_detail(child).unwrap().unwrap().fields.given_name,
            "Theirs"
        );
    }
}

/// Through the real binary in a pseudo-terminal: `a` on the caseload, the
/// record typed in, Ctrl-S, Enter; the child is in the database and open.
#[test]
fn a_child_is_added_by_keys_in_the_real_program() {
    use crate::util::on;
    use crate::util::pty::Tui;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("record.db");
    let out = on(&db).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut tui = Tui::start(&db, 100, 40);
    tui.wait_for("No children yet");
    tui.send("a");
    tui.wait_for("Child's record · a new child");
    tui.send("T200\tNew\tChild\t01/02/2020");
    tui.wait_for("01/02/2020");
    tui.send("\x13");
    let screen = tui.wait_for("Before saving");
    assert!(screen.contains("Reference (case ID) (blank) → T200"), "{screen}");
    tui.send("\r");
    tui.wait_for("added");
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let name: String = conn
        .query_row(
            "SELECT given_name || ' ' || family_name FROM children WHERE ref = 'T200'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "New Child");
}

/// A user whose role may not change this child's record is refused with
/// the rule's words, and a read-only database with the usual ones.
#[test]
fn a_role_that_may_not_or_a_read_only_database_is_refused() {
    use permanence::domain::people::{Role, Worker};
    use permanence::domain::permissions::{BUILT_IN, parse};
    use permanence::service::access::Access;
    let (_dir, mut store, library, mut app) = setup(120, 40);
    let reviewer = Worker {
        username: "rita".into(),
        display_name: "Rita Reviewer".into(),
        role: Role::Reviewer,
        team: None,
    };
    app.set_access(Access::Worker(reviewer), parse(BUILT_IN.0, BUILT_IN.1).unwrap());
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    press(&mut store, &library, &mut app, KeyCode::Char('e'), false);
    assert!(app.form_editor().is_none());
    let said = app.message().unwrap_or_default().to_string();
    assert!(said.starts_with("Only "), "{said}");
    assert!(said.contains("change this child's timeline"), "{said}");

    let mut session = crate::util::screen::session(crate::util::today());
    session.read_only = true;
    let mut app = App::new(session, store.caseload().unwrap(), (120, 40));
    press(&mut store, &library, &mut app, KeyCode::Char('a'), false);
    assert!(app.form_editor().is_none());
    assert_eq!(
        app.message(),
        Some("Read-only: this database cannot be changed from here")
    );
}

/// The status line says whose record is open, not "new", and, while a
/// field shows a problem, how many do and which, not "ready to save".
#[test]
fn the_status_line_names_the_record_and_the_fields_that_need_attention() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        edit_first(&mut store, &library, &mut app);
        let reference = store.caseload().unwrap()[0].reference.clone();
        let shown = drawn(&app, width, height);
        let status = shown.lines().last().unwrap_or_default().to_string();
        assert!(
            status.contains(&format!("ready to save · Editing {reference}'s record")),
            "{status}"
        );
        assert!(!status.contains(" new "), "{status}");
        insta::assert_snapshot!(format!("record_status_editing_{width}x{height}"), shown);
        answer(&mut store, &library, &mut app, "date_of_birth", "32/13/2020");
        answer(&mut store, &library, &mut app, "legal_status_since", "soon");
        let shown = drawn(&app, width, height);
        let status = shown.lines().last().unwrap_or_default().to_string();
        assert!(!status.contains("ready to save"), "{status}");
        if width >= 120 {
            assert!(
                status.contains("2 fields need attention: Date of birth, Legal status changed on"),
                "{status}"
            );
        } else {
            // No room to name them whole: the count, never a cut label.
            assert!(status.contains("2 fields need attention ·"), "{status}");
        }
        insta::assert_snapshot!(format!("record_status_attention_{width}x{height}"), shown);
    }
}

/// Gives the first child of the fixture a carer, and makes two more known
/// (a sibling's), as a record with carers would have them.
fn with_carers(store: &mut Store) {
    use permanence::domain::people::Carer;
    let child = store.caseload().unwrap()[0].id;
    let carer = |name: &str, relationship: &str, connected_person: bool| Carer {
        name: name.into(),
        relationship: relationship.into(),
        connected_person,
    };
    store
        .write(|w| {
            w.new_carer_of(child, &carer("Grace Hughes", "Maternal grandmother", true))?;
            for (name, relationship, connected) in [
                ("Gareth Hughes", "Maternal grandfather", true),
                ("Sam Foster", "Foster carer", false),
            ] {
                let id = w.new_carer_of(child, &carer(name, relationship, connected))?;
                w.unlink_carer(child, id)?;
            }
            Ok::<_, permanence::store::StoreError>(())
        })
        .unwrap();
}

#[test]
fn the_record_form_lists_the_childs_carers_and_adds_one_picked_by_name() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        with_carers(&mut store);
        edit_first(&mut store, &library, &mut app);
        to_field(&mut store, &library, &mut app, "carers");
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Who the child lives with"), "{shown}");
        assert!(shown.contains("Grace Hughes"), "{shown}");
        assert!(shown.contains("Maternal grandmother"), "{shown}");
        insta::assert_snapshot!(format!("record_carers_{width}x{height}"), shown);
        // Ctrl-N adds a row; typing narrows the carers known.
        press(&mut store, &library, &mut app, KeyCode::Char('n'), true);
        typed(&mut store, &library, &mut app, "ga");
        let shown = drawn(&app, width, height);
        assert!(shown.contains("› Gareth Hughes"), "{shown}");
        assert!(!shown.contains("· Sam Foster"), "{shown}");
        insta::assert_snapshot!(format!("record_carer_picking_{width}x{height}"), shown);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        // The known carer's relationship fills the row, as it will be saved.
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Maternal grandfather"), "{shown}");
        press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
        let editor = app.form_editor().unwrap();
        assert!(editor.confirming, "{:?}", editor.problems);
        let lines = &editor.record.as_ref().unwrap().before_saving;
        assert_eq!(
            lines,
            &["Carers: Gareth Hughes (Maternal grandfather, connected person) added".to_string()]
        );
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().is_none(), "saved");
        let child = store.caseload().unwrap()[0].id;
        let names: Vec<String> = store
            .child_carers(child)
            .unwrap()
            .into_iter()
            .map(|(_, c)| c.name)
            .collect();
        assert_eq!(names, ["Gareth Hughes", "Grace Hughes"]);
    }
}

#[test]
fn a_new_carer_is_typed_whole_and_one_is_taken_off_with_ctrl_d() {
    let (_dir, mut store, library, mut app) = setup(120, 40);
    with_carers(&mut store);
    edit_first(&mut store, &library, &mut app);
    to_field(&mut store, &library, &mut app, "carers");
    // Into Grace's row, and off the record with Ctrl-D.
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    press(&mut store, &library, &mut app, KeyCode::Char('d'), true);
    press(&mut store, &library, &mut app, KeyCode::Char('n'), true);
    typed(&mut store, &library, &mut app, "Priya New");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    typed(&mut store, &library, &mut app, "Family friend");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    typed(&mut store, &library, &mut app, "yes");
    press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
    let editor = app.form_editor().unwrap();
    assert!(editor.confirming, "{:?}", editor.problems);
    let lines = editor.record.as_ref().unwrap().before_saving.clone();
    assert_eq!(
        lines,
        [
            "Carers: Priya New (Family friend, connected person) added, a new carer",
            "Carers: Grace Hughes (Maternal grandmother, connected person) taken off this child's record",
        ]
    );
    insta::assert_snapshot!("record_carers_before_saving_120x40", drawn(&app, 120, 40));
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    let child = store.caseload().unwrap()[0].id;
    let names: Vec<String> = store
        .child_carers(child)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c.name)
        .collect();
    assert_eq!(names, ["Priya New"]);
}

#[test]
fn someone_elses_change_of_carers_is_shown_beside_the_users_and_theirs_may_be_kept() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = setup(width, height);
        with_carers(&mut store);
        edit_first(&mut store, &library, &mut app);
        let child = store.caseload().unwrap()[0].id;
        // Someone else adds Sam Foster meanwhile.
        let sam = store
            .known_carers()
            .unwrap()
            .into_iter()
            .find(|(_, c)| c.name == "Sam Foster")
            .unwrap()
            .0;
        store.write(|w| w.link_carer(child, sam)).unwrap();
        answer(&mut store, &library, &mut app, "given_name", "Mine");
        press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        let editor = app.form_editor().expect("nothing saved: the form stays");
        let choosing = editor.record.as_ref().unwrap().conflict.as_ref().unwrap();
        assert!(choosing.conflict.carers.is_some());
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Carers"), "{shown}");
        assert!(shown.contains("theirs Grace Hughes"), "{shown}");
        assert!(shown.contains("Esc back to the form"), "every key fits: {shown}");
        insta::assert_snapshot!(format!("record_conflict_carers_{width}x{height}"), shown);
        // Theirs for the carers (the row after the fields), mine for the name.
        press(&mut store, &library, &mut app, KeyCode::Down, false);
        press(&mut store, &library, &mut app, KeyCode::Char(' '), false);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().unwrap().confirming);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(app.form_editor().is_none(), "saved");
        let names: Vec<String> = store
            .child_carers(child)
            .unwrap()
            .into_iter()
            .map(|(_, c)| c.name)
            .collect();
        assert_eq!(names, ["Grace Hughes", "Sam Foster"]);
        assert_eq!(
            store.child_detail(child).unwrap().unwrap().fields.given_name,
            "Mine"
        );
    }
}
