//! The app driven by keys, without a terminal or a database.

use super::*;
use crate::domain::child::{ChildFields, LegalStatus};
use crossterm::event::KeyModifiers;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn rows(n: usize) -> Vec<CaseloadRow> {
    (0..n)
        .map(|i| CaseloadRow {
            id: ChildId(i as i64 + 1),
            reference: format!("{}", 1000 + i),
            given_name: ["Amara", "Leo", "Ben", "Isla"][i % 4].to_string(),
            family_name: format!("Family{i:03}"),
            date_of_birth: None,
            legal_status: LegalStatus::Co,
            placement_type: None,
            worker: None,
            team: None,
            rag: None,
        })
        .collect()
}

fn app(n: usize) -> App {
    let session = Session {
        database: "/tmp/test.db".into(),
        user: "tester".into(),
        today: today(),
    };
    // 80×24: 21 children on a page with no search line.
    App::new(session, rows(n), (80, 24))
}

fn press(app: &mut App, key: &str) -> Option<Effect> {
    let k = Key::parse(key).unwrap();
    let modifiers = if k.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    app.handle_key(KeyEvent::new(k.code, modifiers))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn detail(id: ChildId) -> ChildDetail {
    ChildDetail {
        id,
        fields: ChildFields::default(),
        worker_name: None,
        iro_name: None,
        carers: vec![],
        siblings: vec![],
    }
}

#[test]
fn moves_by_row_page_and_end() {
    let mut app = app(100);
    press(&mut app, "j");
    press(&mut app, "down");
    assert_eq!(app.selected(), 2);
    press(&mut app, "k");
    assert_eq!(app.selected(), 1);
    press(&mut app, "pgdn");
    assert_eq!(app.selected(), 22);
    assert_eq!(
        app.offset(),
        2,
        "the selection stays on the last line of the page"
    );
    press(&mut app, "G");
    assert_eq!(app.selected(), 99);
    assert_eq!(app.offset(), 79);
    press(&mut app, "j");
    assert_eq!(app.selected(), 99, "stops at the end");
    press(&mut app, "pgup");
    assert_eq!(app.selected(), 78);
    press(&mut app, "home");
    assert_eq!((app.selected(), app.offset()), (0, 0));
    press(&mut app, "k");
    assert_eq!(app.selected(), 0, "stops at the start");
}

#[test]
fn an_empty_caseload_does_not_move_or_open() {
    let mut app = app(0);
    press(&mut app, "j");
    press(&mut app, "G");
    assert_eq!(app.selected(), 0);
    assert_eq!(press(&mut app, "enter"), None);
    assert_eq!(app.message(), Some("No child is selected"));
}

#[test]
fn search_narrows_as_you_type_and_esc_clears() {
    let mut app = app(100);
    press(&mut app, "G");
    let before = app.selected_row().unwrap().id;
    press(&mut app, "/");
    assert_eq!(app.context(), Context::Search);
    type_text(&mut app, "leo");
    assert_eq!(app.shown(), 25);
    type_text(&mut app, " family00");
    assert_eq!(app.shown(), 3, "Leo Family001, 005 and 009");
    assert_eq!(app.selected(), 0, "the first match is highlighted");
    assert_eq!(app.query(), "leo family00");
    press(&mut app, "backspace");
    assert_eq!(app.query(), "leo family0");
    assert_eq!(app.shown(), 25);
    press(&mut app, "esc");
    assert_eq!(app.context(), Context::Caseload);
    assert_eq!(app.query(), "");
    assert_eq!(app.shown(), 100);
    assert_eq!(
        app.selected_row().unwrap().id,
        before,
        "back where the search started"
    );
}

#[test]
fn typing_q_or_j_in_a_search_is_text_not_a_command() {
    let mut app = app(10);
    press(&mut app, "/");
    assert_eq!(press(&mut app, "q"), None);
    press(&mut app, "j");
    assert_eq!(app.query(), "qj");
    assert_eq!(app.shown(), 0);
}

#[test]
fn enter_opens_the_highlighted_child_and_esc_comes_back() {
    let mut app = app(10);
    press(&mut app, "/");
    type_text(&mut app, "1003");
    assert_eq!(press(&mut app, "enter"), Some(Effect::LoadChild(ChildId(4))));
    app.show_child(detail(ChildId(4)));
    assert_eq!(app.context(), Context::Child);
    press(&mut app, "esc");
    assert_eq!(app.context(), Context::Caseload, "back to the list, search kept");
    assert_eq!(app.query(), "1003");
    press(&mut app, "esc");
    assert_eq!(app.shown(), 10);
    assert_eq!(
        app.selected_row().unwrap().id,
        ChildId(4),
        "still on the child just seen"
    );
}

#[test]
fn esc_from_a_search_not_acted_on_returns_to_where_it_began() {
    let mut app = app(10);
    press(&mut app, "j");
    press(&mut app, "j");
    press(&mut app, "/");
    type_text(&mut app, "isla");
    assert_eq!(app.selected_row().unwrap().given_name, "Isla");
    press(&mut app, "esc");
    assert_eq!(app.selected(), 2);
}

#[test]
fn next_and_previous_walk_the_list_from_the_record() {
    let mut app = app(3);
    press(&mut app, "enter");
    app.show_child(detail(ChildId(1)));
    assert_eq!(press(&mut app, "p"), None);
    assert_eq!(app.message(), Some("This is the first child in the list"));
    assert_eq!(press(&mut app, "n"), Some(Effect::LoadChild(ChildId(2))));
    assert_eq!(press(&mut app, "n"), Some(Effect::LoadChild(ChildId(3))));
    assert_eq!(press(&mut app, "n"), None);
    assert_eq!(app.message(), Some("This is the last child in the list"));
}

#[test]
fn help_opens_over_any_screen_and_closes() {
    let mut app = app(3);
    press(&mut app, "?");
    assert!(app.help_visible());
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.screen_context(), Context::Caseload);
    assert_eq!(press(&mut app, "q"), None, "q closes help rather than quitting");
    assert!(!app.help_visible());
}

#[test]
fn q_quits_from_the_caseload_and_ctrl_c_from_anywhere() {
    let mut app = app(3);
    assert_eq!(press(&mut app, "q"), Some(Effect::Quit));
    press(&mut app, "/");
    assert_eq!(press(&mut app, "ctrl-c"), Some(Effect::Quit));
}

#[test]
fn a_smaller_window_keeps_the_selection_in_view() {
    let mut app = app(100);
    press(&mut app, "pgdn");
    press(&mut app, "pgdn");
    assert_eq!(app.selected(), 42);
    app.resize(80, 13);
    let page = 10;
    assert!(
        app.offset() <= 42 && 42 < app.offset() + page,
        "offset {}",
        app.offset()
    );
}
