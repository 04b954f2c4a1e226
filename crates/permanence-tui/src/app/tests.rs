//! The app driven by keys, without a terminal or a database.

use super::*;
use crate::domain::calendar::Calendar;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::pathway_file;
use crate::domain::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
use crate::domain::timeline::{ChildFacts, DoneRecord, Inputs};
use crossterm::event::KeyModifiers;

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub(crate) fn rows(n: usize) -> Vec<CaseloadRow> {
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

pub(crate) fn app(n: usize) -> App {
    let session = Session {
        database: "/tmp/test.db".into(),
        user: "tester".into(),
        today: today(),
        read_only: false,
    };
    // 80×24: 21 children on a page with no search line.
    App::new(session, rows(n), (80, 24))
}

pub(crate) fn press(app: &mut App, key: &str) -> Option<Effect> {
    let k = Key::parse(key).unwrap();
    let modifiers = if k.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    app.handle_key(KeyEvent::new(k.code, modifiers))
}

pub(crate) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

pub(crate) fn no_timeline() -> Timeline {
    Timeline {
        as_of: today(),
        plans: Vec::new(),
        seen: Default::default(),
    }
}

/// A small pathway started four weeks before today, with one item done.
/// A contingency plan, so that the PPM and review cadences (which belong
/// to the primary plan) stay out of the way.
pub(crate) fn timeline() -> Timeline {
    // No PPMs: the fixture is the table's three tasks alone (its only
    // plan follows the child's cadences, and no review or visit is due
    // without a date of becoming looked after).
    let text = "ppms = false\nname = \"small\"\ntitle = \"Small pathway\"\nsource = \"Test\"\ncounted_from = \"gateway\"\n\
        [[item]]\nkey = \"first\"\nweek = \"1\"\ntitle = \"First task\"\nresponsible = \"SW\"\n\
        [[item]]\nkey = \"second\"\nweek = \"2\"\ntitle = \"Second task\"\nresponsible = \"Family Finder\"\n\
        [[item]]\nkey = \"third\"\nweek = \"8\"\ntitle = \"Third task\"\nresponsible = \"SW\"\n";
    let pathway = pathway_file::parse("small.toml", text).unwrap();
    let plan = Plan {
        id: PlanId(7),
        pathway: "small".into(),
        role: PlanRole::Contingency,
        start: today() - chrono::Days::new(28),
        stage: Stage::Proceedings,
        status: PlanStatus::Active,
        basis: Default::default(),
    };
    let plans = [(plan, Some(&pathway))];
    crate::domain::timeline::compute(&Inputs {
        calendar: &Calendar::default(),
        child: ChildFacts::default(),
        plans: &plans,
        events: &[],
        done: &[DoneRecord {
            plan: PlanId(7),
            key: "first".into(),
            on: today() - chrono::Days::new(25),
            note: None,
        }],
        adhoc: &[],
        as_of: today(),
    })
}

/// The app with child 1 open on its timeline.
pub(crate) fn on_timeline() -> App {
    let mut app = app(3);
    press(&mut app, "enter");
    app.show_child(detail(ChildId(1)), timeline());
    app
}

pub(crate) fn selected_key(app: &App) -> String {
    match app.screen() {
        Screen::Child(view) => view.selected_item().unwrap().1.key.clone(),
        Screen::Caseload
        | Screen::Meeting(_)
        | Screen::WhatNext(_)
        | Screen::Dashboard(_)
        | Screen::BestOption(_) => {
            panic!("not on a child")
        }
    }
}

pub(crate) fn detail(id: ChildId) -> ChildDetail {
    ChildDetail {
        id,
        fields: ChildFields::default(),
        worker_name: None,
        iro_name: None,
        carers: vec![],
        siblings: vec![],
        legal_since: None,
    }
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

fn palette_actions(app: &App) -> Vec<Action> {
    app.palette()
        .expect("the palette is open")
        .matches()
        .iter()
        .map(|(_, action)| *action)
        .collect()
}

#[test]
fn colon_opens_the_palette_over_the_caseload_listing_its_actions() {
    let mut app = app(10);
    assert_eq!(press(&mut app, ":"), None);
    assert_eq!(app.context(), Context::Palette);
    assert_eq!(app.palette().unwrap().from, Context::Caseload);
    let listed = palette_actions(&app);
    // Everything bound on the caseload but the palette, help and ctrl-c.
    let bound: Vec<Action> = app
        .keymap
        .help(Context::Caseload)
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| !matches!(a, Action::Palette | Action::ToggleHelp | Action::ForceQuit))
        .collect();
    assert_eq!(listed, bound);
    assert!(listed.contains(&Action::Dashboard));
    assert!(!listed.contains(&Action::Palette));
}

#[test]
fn typing_in_the_palette_narrows_it_by_every_word() {
    let mut app = app(10);
    press(&mut app, ":");
    let everything = palette_actions(&app).len();
    type_text(&mut app, "DASH");
    assert_eq!(
        palette_actions(&app),
        vec![Action::Dashboard],
        "case does not matter"
    );
    press(&mut app, "backspace");
    press(&mut app, "backspace");
    press(&mut app, "backspace");
    press(&mut app, "backspace");
    assert_eq!(palette_actions(&app).len(), everything);
    // Both words must match, in the description or the name.
    type_text(&mut app, "team my");
    assert_eq!(palette_actions(&app), vec![Action::ViewTeam]);
    type_text(&mut app, " zebra");
    assert!(palette_actions(&app).is_empty());
    assert_eq!(press(&mut app, "enter"), None, "nothing chosen, nothing done");
    assert_eq!(app.context(), Context::Palette, "still open to try again");
    // The action's name matches as well as its description.
    let mut app = self::app(10);
    press(&mut app, ":");
    type_text(&mut app, "clear_filters");
    assert_eq!(palette_actions(&app), vec![Action::ClearFilters]);
    // A slip is forgiven when nothing matches as typed.
    let mut app = self::app(10);
    press(&mut app, ":");
    type_text(&mut app, "dashbaord");
    assert_eq!(palette_actions(&app), vec![Action::Dashboard]);
    let effect = press(&mut app, "enter");
    assert!(
        matches!(effect, Some(Effect::ShowDashboard { .. })),
        "and does what it found: {effect:?}"
    );
}

#[test]
fn typed_letters_in_the_palette_are_text_not_commands() {
    let mut app = app(10);
    press(&mut app, ":");
    assert_eq!(press(&mut app, "q"), None, "q is typed, not quit");
    press(&mut app, "j");
    assert_eq!(app.palette().unwrap().query, "qj");
    assert_eq!(app.selected(), 0, "j did not move the caseload");
}

#[test]
fn enter_in_the_palette_does_what_the_key_does() {
    let mut by_key = app(10);
    let expected = press(&mut by_key, "D");
    assert!(matches!(expected, Some(Effect::ShowDashboard { ref children, .. }) if children.len() == 10));

    let mut app = app(10);
    press(&mut app, ":");
    type_text(&mut app, "dash");
    assert_eq!(press(&mut app, "enter"), expected);
    assert_eq!(app.palette(), None, "the palette closes");
    assert_eq!(app.context(), Context::Caseload);

    // Moving to an action with the arrows, too: the second of those
    // about children does to the caseload just what its key does.
    press(&mut app, ":");
    type_text(&mut app, "children");
    let listed = palette_actions(&app);
    press(&mut app, "down");
    let second = listed[1];
    press(&mut app, "enter");
    let mut by_key = self::app(10);
    let key = by_key
        .keymap
        .help(Context::Caseload)
        .into_iter()
        .find(|(_, a)| *a == second)
        .map(|(keys, _)| keys[0].clone())
        .unwrap();
    press(&mut by_key, &key);
    assert_eq!(app.caseload_view(), by_key.caseload_view());
    assert_eq!(app.message(), by_key.message());
}

#[test]
fn esc_closes_the_palette_and_leaves_the_screen_as_it_was() {
    let mut app = app(10);
    press(&mut app, "j");
    press(&mut app, ":");
    type_text(&mut app, "last");
    press(&mut app, "esc");
    assert_eq!(app.palette(), None);
    assert_eq!(app.context(), Context::Caseload);
    assert_eq!(app.selected(), 1, "nothing was carried out");
    press(&mut app, ":");
    assert_eq!(app.palette().unwrap().query, "", "it opens afresh");
}

#[test]
fn the_palette_on_the_timeline_lists_mark_done_with_its_key() {
    let mut app = on_timeline();
    press(&mut app, ":");
    assert_eq!(app.palette().unwrap().from, Context::ChildTimeline);
    let palette = app.palette().unwrap();
    let matches = palette.matches();
    let (keys, _) = matches
        .iter()
        .find(|(_, a)| a.description() == "Mark the item done (a review or meeting: recorded as held)")
        .expect("mark done is listed");
    assert_eq!(keys.to_vec(), vec!["d".to_string()]);
    // Chosen, it opens the same dialog d opens, on the same item.
    type_text(&mut app, "mark the item");
    press(&mut app, "enter");
    let mut by_key = on_timeline();
    press(&mut by_key, "d");
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    assert_eq!(app.modal(), by_key.modal());
}

#[test]
fn the_palette_is_refused_what_the_key_is_refused() {
    let mut app = on_timeline();
    app.session.read_only = true;
    press(&mut app, ":");
    type_text(&mut app, "mark the item");
    press(&mut app, "enter");
    assert_eq!(app.modal(), None);
    assert_eq!(
        app.message(),
        Some("Read-only: this database cannot be changed from here")
    );
}

#[test]
fn the_palette_is_not_opened_where_colon_is_typed() {
    let mut app = app(10);
    press(&mut app, "/");
    press(&mut app, ":");
    assert_eq!(app.palette(), None);
    assert_eq!(app.query(), ":");
}

#[test]
fn help_lists_the_palette_on_the_screens_that_have_it() {
    let map = KeyMap::default();
    for context in [
        Context::Caseload,
        Context::ChildTimeline,
        Context::ChildRecord,
        Context::ChildHistory,
        Context::ChildFamily,
        Context::ChildChronology,
        Context::ChildGateway,
        Context::WhatNext,
        Context::Dashboard,
        Context::BestOption,
        Context::Meeting,
    ] {
        assert!(
            map.help(context)
                .iter()
                .any(|(keys, a)| *a == Action::Palette && keys == &[":"]),
            "{context:?}"
        );
    }
    for context in [
        Context::Search,
        Context::Form,
        Context::FormEditor,
        Context::BestOptionSearch,
    ] {
        assert!(
            !map.help(context).iter().any(|(_, a)| *a == Action::Palette),
            "{context:?}"
        );
    }
}
