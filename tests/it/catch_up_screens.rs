//! Issue 18's catch-up, finished: a child opened from "what next" (with
//! `Enter`, or `c` on a folded line) comes back to it on `Esc`, on the
//! same line, rather than to the caseload; a child opened from the
//! caseload still goes back there.

use crate::util::caseloads::Caseload;
use crate::util::screen::fill;
use permanence::domain::caseload_view::{Me, Opening, Scope};
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Screen};
use permanence::ui::keymap::Context;
use permanence::ui::screens::what_next::Row;

fn store() -> (tempfile::TempDir, Store, Library) {
    let (dir, store) = Caseload::sixty().store();
    (dir, store, Library::load(None).unwrap())
}

/// The app as someone of no team sees every child, at 120 × 40.
fn everyone(store: &Store) -> App {
    let mut app = crate::util::screen::app(store, 120, 40);
    app.set_me(
        Me {
            name: Some("nobody".into()),
            team: Some("nowhere".into()),
        },
        Vec::new(),
    );
    app.open_on(Opening {
        scope: Scope::Everyone,
        why: None,
    });
    fill(&mut app, store);
    app
}

/// Presses the keys named (a letter, or enter, esc, down), carrying out
/// what each asks as the event loop does.
fn press(app: &mut App, store: &mut Store, library: &Library, keys: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for name in keys.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "down" => KeyCode::Down,
            "up" => KeyCode::Up,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        if let Some(effect) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            permanence::ui::carry_out(store, library, app, effect);
        }
    }
}

fn selected(app: &App) -> usize {
    match app.screen() {
        Screen::WhatNext(view) => view.selected,
        _ => panic!("not on what next: {:?}", app.context()),
    }
}

fn rows(app: &App) -> Vec<Row> {
    match app.screen() {
        Screen::WhatNext(view) => view.rows.clone(),
        _ => panic!("not on what next: {:?}", app.context()),
    }
}

#[test]
fn esc_from_a_child_opened_from_what_next_goes_back_to_it_on_the_same_line() {
    let (_dir, mut store, library) = store();
    let mut app = everyone(&store);
    // What next, overdue only (where the folded lines are).
    press(&mut app, &mut store, &library, "w o");
    // A few lines down, on an item of a child.
    for _ in 0..5 {
        press(&mut app, &mut store, &library, "down");
    }
    let at = selected(&app);
    press(&mut app, &mut store, &library, "enter");
    assert_eq!(app.context(), Context::ChildTimeline);
    press(&mut app, &mut store, &library, "esc");
    assert_eq!(
        app.context(),
        Context::WhatNext,
        "back to what next, not the caseload"
    );
    assert_eq!(selected(&app), at, "on the same line");

    // `c` on a folded line opens the timeline; Esc comes back there too.
    let folded = rows(&app)
        .iter()
        .position(|r| matches!(r, Row::Forgotten { .. }))
        .expect("the fixture has items more than six months late");
    let mut guard = 0;
    while selected(&app) != folded && guard < 500 {
        let way = if selected(&app) < folded { "down" } else { "up" };
        press(&mut app, &mut store, &library, way);
        guard += 1;
    }
    press(&mut app, &mut store, &library, "c");
    assert_eq!(app.context(), Context::ChildTimeline);
    press(&mut app, &mut store, &library, "esc");
    assert_eq!(app.context(), Context::WhatNext);
    assert_eq!(selected(&app), folded);

    // Esc on what next goes to the caseload; a child opened from there
    // goes back to the caseload, not to a what next left long ago.
    press(&mut app, &mut store, &library, "esc");
    assert_eq!(app.context(), Context::Caseload);
    press(&mut app, &mut store, &library, "enter");
    assert!(app.open_child().is_some(), "{:?}", app.context());
    press(&mut app, &mut store, &library, "esc");
    assert_eq!(app.context(), Context::Caseload);
}
