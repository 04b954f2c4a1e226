//! The timeline's dialogs for what happened, drawn at 80x24 as a worker
//! sees them: marking a review done lists the dates it moves before
//! saving, correcting its date does the same, and withdrawing it says in
//! full (not cut off) what it will do. Driven by keys, with the event
//! loop's own `carry_out` working out the moves from a real database.

use crate::util::day;
use crate::util::screen::{drawn, session};
use chrono::NaiveDate;
use permanence::domain::child::{ChildFields, LegalStatus};
use permanence::domain::event::Event;
use permanence::domain::plan::{PlanRole, Stage};
use permanence::domain::plan_import::PlanRow;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Effect, Screen};
use permanence::ui::modal::Modal;

fn today() -> NaiveDate {
    day(2026, 12, 6)
}

/// Amara, looked after since 19/08/2026, on permanent fostering from
/// 14/10/2026; her first review was held on 16/09/2026, her first PPM on
/// 28/10/2026.
fn setup() -> (tempfile::TempDir, Store, Library, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("events.db")).unwrap();
    let child = ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        date_of_birth: Some(day(2022, 3, 1)),
        legal_status: LegalStatus::Co,
        looked_after_since: Some(day(2026, 8, 19)),
        ..ChildFields::default()
    };
    store
        .write(|w| {
            w.put_child(&child)?;
            let id = w.child_id("A1")?.unwrap();
            let row = PlanRow {
                line: 2,
                reference: "A1".into(),
                pathway: "permanent-fostering".into(),
                role: PlanRole::Primary,
                start: day(2026, 10, 14),
                stage: Stage::LookedAfter,
                basis: Default::default(),
            };
            w.put_plan(id, &row)?;
            w.record_event(id, Event::CaseReview, day(2026, 9, 16))?;
            w.record_event(id, Event::Ppm, day(2026, 10, 28))
        })
        .unwrap();
    let library = Library::load(None).unwrap();
    let mut app = App::new(session(today()), store.caseload().unwrap(), (80, 24));
    let id = store.child_id("A1").unwrap().unwrap();
    assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
    (dir, store, library, app)
}

fn screen(app: &App) -> String {
    drawn(app, 80, 24)
}

fn key(app: &mut App, keys: &str) -> Option<Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut effect = None;
    for name in keys.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        effect = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    effect
}

fn type_text(app: &mut App, text: &str) -> Option<Effect> {
    let mut effect = None;
    for c in text.chars() {
        effect = app.handle_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        ));
    }
    effect
}

fn selected(app: &App) -> Option<String> {
    match app.screen() {
        Screen::Child(view) => view.selected_item().map(|(_, i)| i.key.clone()),
        _ => None,
    }
}

/// Moves the cursor down to the item with this key.
fn go_to(app: &mut App, wanted: &str) {
    key(app, "g");
    for _ in 0..60 {
        if selected(app).as_deref() == Some(wanted) {
            return;
        }
        key(app, "j");
    }
    panic!("no item {wanted}");
}

fn intro(app: &App) -> Vec<String> {
    match app.modal() {
        Some(Modal::Form(form)) => form.intro.clone(),
        other => panic!("no dialog: {other:?} ({:?})", app.message()),
    }
}

#[test]
fn marking_a_review_done_then_correcting_it_lists_the_dates_that_move() {
    let (_dir, mut store, library, mut app) = setup();
    go_to(&mut app, "second-case-review");
    key(&mut app, "d");
    assert!(
        intro(&app)[0].contains("records the case review as held"),
        "{:?}",
        intro(&app)
    );
    type_text(&mut app, "20/11/2026");
    let effect = key(&mut app, "enter").expect("the dialog asks for the dates it moves");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let shown = screen(&app);
    assert!(
        shown.contains("3rd case review deadline: 09/06/2027 \u{2192} 20/05/2027"),
        "{shown}"
    );
    insta::assert_snapshot!("done_dialog_lists_the_moves_at_80x24", shown);
    let effect = key(&mut app, "enter").expect("Enter saves");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    assert!(app.modal().is_none());
    assert!(
        app.message()
            .unwrap_or("")
            .starts_with("Recorded the case review on 20/11/2026"),
        "{:?}",
        app.message()
    );
    let id = store.child_id("A1").unwrap().unwrap();
    assert_eq!(
        store.timeline_facts(id).unwrap().events.len(),
        3,
        "the review was recorded"
    );

    go_to(&mut app, "second-case-review");
    key(&mut app, "c");
    type_text(&mut app, "19/11/2026");
    key(&mut app, "tab");
    let effect = type_text(&mut app, "the minutes say the 19th").or_else(|| key(&mut app, "enter"));
    permanence::ui::carry_out(&mut store, &library, &mut app, effect.expect("previewed"));
    let shown = screen(&app);
    assert!(
        shown.contains("3rd case review deadline: 20/05/2027 \u{2192} 19/05/2027"),
        "{shown}"
    );
    insta::assert_snapshot!("correction_dialog_with_moves_at_80x24", shown);
    let effect = key(&mut app, "enter").expect("Enter saves");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let entries = store.recorded_events(id).unwrap();
    let corrected = entries.iter().find(|e| e.on == day(2026, 11, 20)).unwrap();
    assert_eq!(corrected.corrected_to, Some(day(2026, 11, 19)));
    assert_eq!(corrected.reason.as_deref(), Some("the minutes say the 19th"));
}

#[test]
fn withdrawing_a_recorded_review_says_in_full_what_it_does_at_80_columns() {
    let (_dir, mut store, library, mut app) = setup();
    go_to(&mut app, "first-case-review");
    assert_eq!(key(&mut app, "u"), None);
    let shown = screen(&app);
    for words in [
        "withdraws the case review on 16/09/2026",
        "no longer counts",
        "press c to correct it",
    ] {
        assert!(
            shown.replace("\n │ ", " ").contains(words),
            "{words:?} not shown in full:\n{shown}"
        );
    }
    insta::assert_snapshot!("withdraw_dialog_at_80x24", shown);
    type_text(&mut app, "recorded on the wrong child");
    let effect = key(&mut app, "enter").expect("previewed");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let effect = key(&mut app, "enter").expect("Enter saves");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let id = store.child_id("A1").unwrap().unwrap();
    let entries = store.recorded_events(id).unwrap();
    assert_eq!(entries[0].status, permanence::store::EventStatus::Withdrawn);
    // The History tab lists it, marked withdrawn, with who and why.
    while app.screen_context() != permanence::ui::keymap::Context::ChildHistory {
        key(&mut app, "tab");
    }
    let shown = screen(&app);
    assert!(shown.contains("Recorded events"), "{shown}");
    // Not a snapshot: it shows when each was recorded, by the clock.
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("16/09/2026 system withdrawn Case review: recorded on the wrong child (system)"),
        "{shown}"
    );
}
