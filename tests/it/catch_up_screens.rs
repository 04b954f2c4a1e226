//! Issue 18's catch-up, finished: a child opened from "what next" (with
//! `Enter`, or `c` on a folded line) comes back to it on `Esc`, on the
//! same line, rather than to the caseload; a child opened from the
//! caseload still goes back there. And `M`'s dialog: a row per selected
//! item holding the day it was done (its target to begin with), a day in
//! the future refused naming that row's item, and each saved on its own
//! row's day; drawn at 120 × 40 and 80 × 24 (the snapshots of the same
//! dialog are `plan_screens`' catch_up_dialog).

use crate::util::caseloads::Caseload;
use crate::util::screen::{drawn, fill};
use permanence::domain::caseload_view::{Me, Opening, Scope};
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Screen};
use permanence::ui::keymap::Context;
use permanence::ui::modal::Modal;
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
            "tab" => KeyCode::Tab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
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

/// Nia Martin (1040672): reunification, with permanent fostering as the
/// contingency, both from 30/09/2025.
const NIA: &str = "1040672";

fn form(app: &App) -> &permanence::ui::modal::Form {
    match app.modal() {
        Some(Modal::Form(form)) => form,
        other => panic!("no dialog: {other:?} ({:?})", app.message()),
    }
}

fn done_on(app: &App, key: &str) -> Option<chrono::NaiveDate> {
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    view.timeline
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.key == key)
        .and_then(|i| i.done_on)
}

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y").unwrap()
}

#[test]
fn each_selected_item_has_its_own_date_row_and_a_future_one_is_refused_by_name() {
    let (_dir, mut store, library) = store();
    let mut app = crate::util::screen::app(&store, 120, 40);
    let id = store.child_id(NIA).unwrap().unwrap();
    assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
    // The first three open items from the cursor down.
    let mut chosen = 0;
    for _ in 0..40 {
        let Screen::Child(view) = app.screen() else {
            panic!("not the child")
        };
        if view.selected_item().is_some_and(|(_, i)| i.status.is_open()) {
            press(&mut app, &mut store, &library, "space");
            chosen += 1;
        }
        if chosen == 3 {
            break;
        }
        press(&mut app, &mut store, &library, "j");
    }
    let keys: Vec<String> = match app.screen() {
        Screen::Child(view) => view.picked.iter().map(|(_, k)| k.clone()).collect(),
        _ => unreachable!(),
    };
    assert_eq!(keys.len(), 3);
    press(&mut app, &mut store, &library, "M");
    let dialog = form(&app);
    let labels: Vec<&str> = dialog.fields.iter().map(|f| f.label).collect();
    assert_eq!(
        labels,
        ["1", "2", "3", "All on", "Not needed"],
        "a row per item, one for all, then the reason that marks them all not needed instead"
    );
    let targets: Vec<String> = dialog.fields.iter().map(|f| f.value.clone()).collect();
    assert!(
        targets[..3].iter().all(|t| t.len() == 10),
        "prefilled: {targets:?}"
    );
    assert_eq!(targets[3], "");
    for (width, height) in [(120, 40), (80, 24)] {
        app.resize(width, height);
        let screen = drawn(&app, width, height);
        // Drawn in full (the rows' snapshots are plan_screens'
        // catch_up_dialog, the same items).
        assert!(
            screen.contains("1 \u{2022} ") && screen.contains("All on:"),
            "{screen}"
        );
    }
    // The second row in the future: refused, naming its item, nothing saved.
    let second = dialog_title(&app, 2);
    press(&mut app, &mut store, &library, "tab");
    for c in "01/12/2026".chars() {
        press(&mut app, &mut store, &library, &c.to_string());
    }
    press(&mut app, &mut store, &library, "enter");
    let refused = form(&app).error.clone().unwrap_or_default();
    assert!(refused.starts_with(&second), "{refused}");
    assert!(refused.contains("future"), "{refused}");
    assert_eq!(form(&app).focus, 1, "on the row refused");
    assert_eq!(done_on(&app, &keys[0]), None, "nothing saved");
    // Put right, each is saved on its own row's day.
    for _ in 0..10 {
        press(&mut app, &mut store, &library, "backspace");
    }
    for c in "20/01/2026".chars() {
        press(&mut app, &mut store, &library, &c.to_string());
    }
    let first = day(&targets[0]);
    press(&mut app, &mut store, &library, "enter");
    assert!(drawn(&app, 80, 24).contains("Before saving"));
    press(&mut app, &mut store, &library, "enter");
    assert_eq!(done_on(&app, &keys[0]), Some(first));
    assert_eq!(done_on(&app, &keys[1]), Some(day("20/01/2026")));
    assert_eq!(done_on(&app, &keys[2]), Some(day(&targets[2])));
}

/// The title the dialog's intro gives the item of row `n`.
fn dialog_title(app: &App, n: usize) -> String {
    let line = form(app)
        .intro
        .iter()
        .find(|l| l.starts_with(&format!("{n} \u{2022} ")))
        .cloned()
        .unwrap_or_default();
    line.split_once("\u{2022} ")
        .map(|(_, t)| t.to_string())
        .unwrap_or_default()
}
