//! The caseload driven by keys and the mouse, without a terminal or a
//! database.

use crate::app::tests::*;
use crate::app::*;
use crate::domain::child::ChildId;
use crate::keymap::Context;

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
        21,
        "the page turns with the selection, which keeps its line"
    );
    press(&mut app, "j");
    assert_eq!(
        (app.selected(), app.offset()),
        (23, 21),
        "no scrolling on the next row"
    );
    press(&mut app, "k");
    press(&mut app, "G");
    assert_eq!(app.selected(), 99);
    assert_eq!(app.offset(), 79);
    press(&mut app, "j");
    assert_eq!(app.selected(), 99, "stops at the end");
    press(&mut app, "pgup");
    assert_eq!((app.selected(), app.offset()), (78, 58));
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
    app.show_child(detail(ChildId(4)), no_timeline());
    assert_eq!(app.context(), Context::ChildRecord, "no plan: the record shows");
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

#[test]
fn a_click_selects_a_caseload_row_and_a_second_click_opens_it() {
    let mut app = app(30);
    // 80×24: the title, the table's header, then the children from line 2.
    assert_eq!(app.click(10, 4), None);
    assert_eq!(app.selected(), 2);
    assert_eq!(app.click(10, 4), Some(Effect::LoadChild(ChildId(3))));
    // The header, the title and the status line select nothing.
    for row in [0, 1, 23] {
        assert_eq!(app.click(10, row), None);
        assert_eq!(app.selected(), 2, "line {row}");
    }
    // Scrolled down a page, the same line is a child a page further on.
    press(&mut app, "pgdn");
    let offset = app.offset();
    assert!(offset > 0);
    app.click(10, 3);
    assert_eq!(app.selected(), offset + 1);
}

#[test]
fn a_click_below_the_last_child_or_under_a_dialog_does_nothing() {
    let mut app = app(3);
    assert_eq!(app.click(10, 10), None);
    assert_eq!(app.selected(), 0);
    press(&mut app, "?");
    assert_eq!(app.click(10, 3), None);
    assert_eq!(app.selected(), 0, "help is over the list");
    press(&mut app, "?");
    press(&mut app, ":");
    app.click(10, 3);
    assert_eq!(app.selected(), 0, "the palette is over the list");
}

#[test]
fn a_click_in_a_search_selects_the_match_on_that_line() {
    let mut app = app(100);
    press(&mut app, "/");
    type_text(&mut app, "leo");
    // The search line pushes the table down a line.
    app.click(10, 4);
    assert_eq!(app.selected(), 1);
    assert_eq!(app.selected_row().unwrap().given_name, "Leo");
}

#[test]
fn the_wheel_moves_the_selection_three_rows_a_notch() {
    let mut app = app(100);
    app.scroll(3);
    assert_eq!(app.selected(), 3);
    app.scroll(3);
    app.scroll(-3);
    assert_eq!(app.selected(), 3);
    app.scroll(-3);
    app.scroll(-3);
    assert_eq!(app.selected(), 0, "stops at the top");

    let mut app = on_timeline();
    app.scroll(3);
    assert_eq!(selected_key(&app), "third", "stops at the last item");
    app.scroll(-3);
    assert_eq!(selected_key(&app), "first");

    let mut app = self::app(10);
    press(&mut app, ":");
    app.scroll(3);
    assert_eq!(app.palette().unwrap().selected, 3, "the palette's list too");
    assert_eq!(app.selected(), 0, "not the caseload beneath");
}

/// The configuration file's `view`: the caseload opens on it, as if its
/// key had been pressed.
#[test]
fn the_caseload_opens_on_the_configured_view() {
    use crate::domain::caseload_view::{Me, Scope};
    let mut rows = rows(6);
    rows[2].worker = Some("Sam Smith".into());
    rows[4].worker = Some("Sam Smith".into());
    let session = Session {
        database: "/tmp/test.db".into(),
        user: "ssmith".into(),
        today: today(),
        read_only: false,
    };
    let mut app = App::new(session, rows, (80, 24));
    app.set_me(
        Me {
            name: Some("Sam Smith".into()),
            team: None,
        },
        Vec::new(),
    );
    assert_eq!(app.total(), 6);
    app.start_on(Scope::Mine);
    assert_eq!(app.caseload_view().scope, Scope::Mine);
    assert_eq!(app.shown(), 2, "only Sam's two children");
    app.start_on(Scope::Everyone);
    assert_eq!(app.shown(), 6);
}

/// Without a `view` in config.toml: a manager with no children of their
/// own opens on their team and is told why; a chosen view that is empty
/// by its scope alone says whose.
#[test]
fn the_caseload_opens_on_the_users_own_view_and_says_why() {
    use crate::domain::caseload_view::{Me, Scope, opening};
    let mut rows = rows(6);
    for row in rows.iter_mut() {
        row.team = Some("South".into());
    }
    rows[1].team = Some("North".into());
    rows[3].team = Some("North".into());
    let session = Session {
        database: "/tmp/test.db".into(),
        user: "tmanager".into(),
        today: today(),
        read_only: false,
    };
    let me = Me {
        name: Some("Tina Manager".into()),
        team: Some("North".into()),
    };
    let chosen = opening(&me, true, &rows);
    let mut app = App::new(session, rows, (80, 24));
    app.set_me(me, Vec::new());
    app.open_on(chosen);
    assert_eq!(app.caseload_view().scope, Scope::MyTeam);
    assert_eq!(app.shown(), 2, "the North team's two children");
    assert_eq!(
        app.message(),
        Some("You have no caseload of your own; showing your team")
    );
    // Choosing "mine" (1) says why it is empty, and how to get out.
    press(&mut app, "1");
    assert_eq!(app.shown(), 0);
    assert_eq!(
        app.message(),
        Some("You have no caseload of your own; 2 shows your team, 3 everyone")
    );
}

/// Someone else's change reloads the rows; the view the user chose must
/// still decide which are listed (it listed everyone under "my caseload").
#[test]
fn rows_reloaded_after_a_change_keep_the_chosen_view() {
    use crate::domain::caseload_view::{Me, Scope};
    let mine = |n: usize| {
        let mut rows = rows(n);
        for row in rows.iter_mut().step_by(3) {
            row.worker = Some("Sam Worker".into());
        }
        rows
    };
    let mut app = App::new(
        Session {
            database: "/tmp/test.db".into(),
            user: "tester".into(),
            today: today(),
            read_only: false,
        },
        mine(30),
        (80, 24),
    );
    app.set_me(
        Me {
            name: Some("Sam Worker".into()),
            team: None,
        },
        Vec::new(),
    );
    app.start_on(Scope::Mine);
    assert_eq!(app.shown(), 10);
    press(&mut app, "j");
    let kept = app.selected_row().unwrap().id;
    app.replace_rows(mine(31));
    assert_eq!(app.shown(), 11, "still only the user's own children");
    assert!(
        app.visible_rows(0, 20)
            .all(|r| r.worker.as_deref() == Some("Sam Worker"))
    );
    assert_eq!(
        app.selected_row().unwrap().id,
        kept,
        "the highlighted child stays highlighted"
    );
}

/// The caseload opened on its first rows and given the rest in chunks
/// (as the event loop reads them) ends as the caseload given all at once,
/// and says the whole count and nothing else meanwhile.
#[test]
fn a_caseload_read_in_chunks_ends_as_one_read_at_once() {
    let all = rows(100);
    let whole = app(100);
    let mut partly = app(0);
    partly.replace_rows(all[..30].to_vec());
    partly.expect_rows(100, &[]);
    assert_eq!(
        (partly.total(), partly.shown()),
        (100, 100),
        "counted from the first frame"
    );
    assert_eq!(partly.rows_loading().map(|r| r.id), Some(all[29].id));
    let first: Vec<ChildId> = partly.visible_rows(0, 21).map(|r| r.id).collect();
    assert_eq!(first, whole.visible_rows(0, 21).map(|r| r.id).collect::<Vec<_>>());
    partly.add_rows(all[30..70].to_vec(), false);
    assert_eq!(partly.rows_loading().map(|r| r.id), Some(all[69].id));
    partly.add_rows(all[70..].to_vec(), true);
    assert!(partly.rows_loading().is_none());
    assert_eq!((partly.total(), partly.shown()), (100, 100));
    let mut whole = whole;
    for keys in [&["G"][..], &["home", "pgdn", "pgdn"], &["/", "e", "o"]] {
        for key in keys {
            press(&mut partly, key);
            press(&mut whole, key);
        }
        assert_eq!(
            (partly.selected(), partly.offset()),
            (whole.selected(), whole.offset())
        );
        assert_eq!(partly.shown(), whole.shown());
        let ids = |app: &App| app.visible_rows(0, 100).map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&partly), ids(&whole), "after {keys:?}");
    }
    // Rows read after someone else's change replace the list whole.
    partly.expect_rows(200, &[]);
    partly.replace_rows(all.clone());
    assert!(partly.rows_loading().is_none());
    assert_eq!(partly.total(), 100);
}

/// Before the rest is read, a row or a page up or down, or the first row,
/// acts at once only from well inside the rows read (where it ends as on
/// the whole list); any other key, or a move near their end, waits for
/// the rest.
#[test]
fn only_moves_well_inside_the_rows_read_act_before_the_rest() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let all = rows(100);
    let mut whole = app(100);
    let mut partly = app(0);
    partly.replace_rows(all[..60].to_vec());
    partly.expect_rows(100, &[]);
    // 80×24: 21 rows a page.
    let moves = [
        KeyCode::Char('j'),
        KeyCode::Down,
        KeyCode::PageDown,
        KeyCode::PageUp,
        KeyCode::Home,
    ];
    for code in moves {
        assert!(partly.acts_before_rest(&key(code)), "{code:?}");
    }
    for code in [
        KeyCode::End,
        KeyCode::Char('/'),
        KeyCode::Enter,
        KeyCode::Char('3'),
    ] {
        assert!(!partly.acts_before_rest(&key(code)), "{code:?}");
    }
    for _ in 0..18 {
        assert!(partly.acts_before_rest(&key(KeyCode::Down)));
        press(&mut partly, "j");
        press(&mut whole, "j");
        assert_eq!(
            (partly.selected(), partly.offset()),
            (whole.selected(), whole.offset())
        );
    }
    // Row 18: two pages on (18 + 42) would be past the sixty read.
    assert!(!partly.acts_before_rest(&key(KeyCode::PageDown)));
    assert!(!partly.acts_before_rest(&key(KeyCode::Char('k'))));
    press(&mut partly, "/");
    assert!(
        !partly.acts_before_rest(&key(KeyCode::Char('j'))),
        "typed into the search"
    );
}
