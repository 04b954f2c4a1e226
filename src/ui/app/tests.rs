//! The app driven by keys, without a terminal or a database.

use super::*;
use crate::domain::calendar::Calendar;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::event::Event;
use crate::domain::pathway_file;
use crate::domain::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
use crate::domain::timeline::{ChildFacts, DoneRecord, Inputs, Status};
use crate::service::corrections::Change;
use crate::ui::screens::child::keys::explain;
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
        read_only: false,
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

fn no_timeline() -> Timeline {
    Timeline {
        as_of: today(),
        plans: Vec::new(),
        seen: Default::default(),
    }
}

/// A small pathway started four weeks before today, with one item done.
/// A contingency plan, so that the PPM and review cadences (which belong
/// to the primary plan) stay out of the way.
fn timeline() -> Timeline {
    let text = "name = \"small\"\ntitle = \"Small pathway\"\nsource = \"Test\"\ncounted_from = \"gateway\"\n\
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
fn on_timeline() -> App {
    let mut app = app(3);
    press(&mut app, "enter");
    app.show_child(detail(ChildId(1)), timeline());
    app
}

fn selected_key(app: &App) -> String {
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
fn next_and_previous_walk_the_list_from_the_record() {
    let mut app = app(3);
    press(&mut app, "enter");
    app.show_child(detail(ChildId(1)), no_timeline());
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

#[test]
fn the_timeline_opens_on_the_first_open_item_and_moves_between_items() {
    let mut app = on_timeline();
    assert_eq!(app.context(), Context::ChildTimeline);
    assert_eq!(selected_key(&app), "second", "the first item is done");
    press(&mut app, "j");
    assert_eq!(selected_key(&app), "third", "week headings are skipped");
    press(&mut app, "j");
    assert_eq!(selected_key(&app), "third", "stops at the last item");
    press(&mut app, "g");
    assert_eq!(selected_key(&app), "first");
    for context in [
        Context::ChildRecord,
        Context::ChildFamily,
        Context::ChildChronology,
        Context::ChildGateway,
        Context::ChildHistory,
        Context::ChildTimeline,
    ] {
        press(&mut app, "tab");
        assert_eq!(app.context(), context);
    }
}

#[test]
fn the_next_child_opens_on_the_same_tab() {
    let mut app = on_timeline();
    for _ in 0..4 {
        press(&mut app, "tab");
    }
    assert_eq!(app.context(), Context::ChildGateway);
    app.show_child(detail(ChildId(2)), timeline());
    assert_eq!(app.context(), Context::ChildGateway, "kept for the next child");
    // A child with no plan has no timeline to stay on: the record instead.
    while app.context() != Context::ChildTimeline {
        press(&mut app, "tab");
    }
    app.show_child(
        detail(ChildId(3)),
        Timeline {
            plans: vec![],
            ..timeline()
        },
    );
    assert_eq!(app.context(), Context::ChildRecord);
}

#[test]
fn marking_done_asks_for_a_date_and_note_then_saves() {
    let mut app = on_timeline();
    assert_eq!(press(&mut app, "d"), None);
    assert_eq!(app.context(), Context::Form);
    // The date field holds today; typing replaces it.
    type_text(&mut app, "20/11/2026");
    press(&mut app, "tab");
    type_text(&mut app, "minutes sent");
    let effect = press(&mut app, "enter");
    let pending = Pending {
        child: ChildId(1),
        change: Change::MarkDone {
            plan: PlanId(7),
            key: "second".into(),
            on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            note: Some("minutes sent".into()),
        },
        reason: None,
        item: Some((PlanId(7), "second".into(), None)),
        moved: 0,
    };
    assert_eq!(effect, Some(Effect::PreviewChange(Box::new(pending.clone()))));
    assert!(app.modal().is_none());
    // The event loop works out the dates it moves; they are read first.
    app.confirm_change(
        pending.clone(),
        "This marks the task done on 20/11/2026".into(),
        vec!["Third task target: 18/12/2026 \u{2192} 11/12/2026".into()],
        None,
    );
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("nothing to read before saving")
    };
    assert!(
        form.intro.iter().any(|l| l.contains("Third task target")),
        "{:?}",
        form.intro
    );
    let saved = Pending { moved: 1, ..pending };
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::SaveChange(Box::new(saved)))
    );
}

#[test]
fn undo_on_an_item_its_event_holds_asks_why_then_withdraws_the_event() {
    let mut app = on_timeline();
    let mut timeline = timeline();
    let held = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let item = &mut timeline.plans[0].items[1];
    item.occurrence = Some(Event::CaseReview);
    item.done_on = Some(held);
    item.done_by_event = true;
    item.done_event = Some((Event::CaseReview, held));
    app.show_child(detail(ChildId(1)), timeline);
    assert_eq!(selected_key(&app), "second");
    assert_eq!(press(&mut app, "u"), None);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("no dialog: {:?}", app.message())
    };
    assert!(
        form.intro[0].contains("withdraws the case review on 20/11/2026"),
        "{:?}",
        form.intro
    );
    assert_eq!(press(&mut app, "enter"), None, "a reason is needed");
    type_text(&mut app, "wrong child");
    let Some(Effect::PreviewChange(pending)) = press(&mut app, "enter") else {
        panic!("not previewed")
    };
    assert_eq!(
        pending.change,
        Change::Withdraw {
            event: Event::CaseReview,
            on: held
        }
    );
    assert_eq!(pending.reason.as_deref(), Some("wrong child"));
    // c corrects its date instead, with a reason too.
    assert!(app.modal().is_none());
    press(&mut app, "c");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "19/11/2026");
    press(&mut app, "tab");
    type_text(&mut app, "minutes");
    let Some(Effect::PreviewChange(pending)) = press(&mut app, "enter") else {
        panic!("not previewed")
    };
    assert_eq!(
        pending.change,
        Change::Correct {
            event: Event::CaseReview,
            from: held,
            to: held - chrono::Days::new(1)
        }
    );
}

#[test]
fn a_wrong_date_is_named_in_the_dialog_and_nothing_is_saved() {
    let mut app = on_timeline();
    press(&mut app, "d");
    type_text(&mut app, "31/02/2025");
    assert_eq!(press(&mut app, "enter"), None);
    match app.modal() {
        Some(Modal::Form(form)) => assert_eq!(form.error.as_deref(), Some("31/02/2025 is not a date")),
        other => panic!("the form closed: {other:?}"),
    }
    press(&mut app, "ctrl-u");
    type_text(&mut app, "01/01/2027");
    assert_eq!(press(&mut app, "enter"), None);
    match app.modal() {
        Some(Modal::Form(form)) => assert_eq!(form.error.as_deref(), Some("01/01/2027 is in the future")),
        other => panic!("the form closed: {other:?}"),
    }
    press(&mut app, "esc");
    assert!(app.modal().is_none());
    assert_eq!(app.context(), Context::ChildTimeline);
}

#[test]
fn undo_applies_only_to_done_items() {
    let mut app = on_timeline();
    assert_eq!(press(&mut app, "u"), None);
    assert_eq!(app.message(), Some("This item is not marked done"));
    press(&mut app, "g");
    assert_eq!(
        press(&mut app, "u"),
        Some(Effect::UndoDone {
            child: ChildId(1),
            plan: PlanId(7),
            key: "first".into(),
            expected: Some(today() - chrono::Days::new(25)),
        })
    );
}

#[test]
fn recording_an_event_picks_it_then_asks_when() {
    let mut app = on_timeline();
    press(&mut app, "e");
    assert_eq!(app.context(), Context::Picker);
    // Legal Gateway, looked after, PPM, case review.
    for _ in 0..3 {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert_eq!(app.context(), Context::Form);
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::PreviewChange(Box::new(Pending {
            child: ChildId(1),
            change: Change::Record {
                event: Event::CaseReview,
                on: today(),
                note: None
            },
            reason: None,
            item: None,
            moved: 0,
        })))
    );
}

#[test]
fn adding_an_item_needs_what_and_when() {
    let mut app = on_timeline();
    press(&mut app, "a");
    assert_eq!(press(&mut app, "enter"), None);
    match app.modal() {
        Some(Modal::Form(form)) => assert_eq!(form.error.as_deref(), Some("Say what the item is")),
        other => panic!("{other:?}"),
    }
    type_text(&mut app, "Book contact centre");
    press(&mut app, "tab");
    type_text(&mut app, "04/12/2026");
    press(&mut app, "tab");
    type_text(&mut app, "SW");
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::AddItem {
            child: ChildId(1),
            plan: PlanId(7),
            title: "Book contact centre".into(),
            target: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            responsible: Some("SW".into()),
        })
    );
}

#[test]
fn a_dialog_field_longer_than_a_note_is_refused_naming_it() {
    let mut app = on_timeline();
    press(&mut app, "a");
    type_text(&mut app, &"w".repeat(100_001));
    press(&mut app, "tab");
    type_text(&mut app, "04/12/2026");
    assert_eq!(press(&mut app, "enter"), None);
    match app.modal() {
        Some(Modal::Form(form)) => {
            let error = form.error.as_deref().unwrap_or("");
            assert!(
                error.contains("100001 characters is more than the 100000"),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn filtering_by_role_shows_only_that_roles_items() {
    let mut app = on_timeline();
    press(&mut app, "f");
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    let labels: Vec<&str> = picker.options.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["Everyone", "Family Finder", "SW"]);
    press(&mut app, "j");
    press(&mut app, "enter");
    let Screen::Child(view) = app.screen() else {
        panic!()
    };
    assert_eq!(view.filter.as_deref(), Some("Family Finder"));
    let keys: Vec<String> = view
        .rows()
        .iter()
        .filter_map(|r| match r {
            crate::ui::screens::child::timeline_list::ListRow::Item { plan, item } => {
                Some(view.timeline.plans[*plan].items[*item].key.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(keys, ["second"]);
    assert_eq!(view.timeline.plans[0].items[1].status, Status::Overdue);
}

#[test]
fn enter_on_an_item_explains_it_in_full() {
    let mut app = on_timeline();
    press(&mut app, "enter");
    assert_eq!(app.context(), Context::Info);
    let Some(Modal::Info { title, lines }) = app.modal() else {
        panic!("no details")
    };
    assert_eq!(title, "Second task");
    assert!(lines.contains(&"Who: Family Finder".to_string()), "{lines:?}");
    assert!(
        lines.contains(&"Status: Past its target".to_string()),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Why these dates: target: end of week 2 counted from")),
        "{lines:?}"
    );
    press(&mut app, "esc");
    assert_eq!(app.context(), Context::ChildTimeline);
}

#[test]
fn read_only_refuses_every_change_up_front() {
    let mut app = on_timeline();
    app.session.read_only = true;
    for key in ["d", "u", "e", "a"] {
        assert_eq!(press(&mut app, key), None, "{key}");
        assert!(app.modal().is_none(), "{key} opened a dialog");
        assert_eq!(
            app.message(),
            Some("Read-only: this database cannot be changed from here")
        );
    }
    // Reading is still allowed.
    press(&mut app, "enter");
    assert_eq!(app.context(), Context::Info);
}

#[test]
fn a_reviewer_is_told_who_may_change_a_timeline() {
    let mut app = on_timeline();
    let policy =
        crate::domain::permissions::parse("p.toml", include_str!("../../../data/permissions.toml")).unwrap();
    let reviewer = crate::domain::people::Worker {
        username: "rev".into(),
        display_name: "Rev".into(),
        role: crate::domain::people::Role::Reviewer,
        team: None,
    };
    app.set_access(Access::Worker(reviewer), policy);
    assert_eq!(press(&mut app, "d"), None);
    assert!(app.modal().is_none());
    assert_eq!(
        app.message(),
        Some(
            "Only a team manager, a service manager, a head of service, an Assistant Director, a Director or an administrator can change this child's timeline"
        )
    );
}

#[test]
fn a_refused_save_brings_the_dialog_back_with_what_was_typed() {
    let mut app = on_timeline();
    press(&mut app, "d");
    press(&mut app, "tab");
    type_text(&mut app, "my careful note");
    assert!(matches!(press(&mut app, "enter"), Some(Effect::PreviewChange(_))));
    assert!(app.modal().is_none());
    app.reopen_form("bob marked this done on 20/11/2026 while you were typing");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the dialog did not come back")
    };
    assert_eq!(form.value(1), "my careful note");
    assert_eq!(
        form.error.as_deref(),
        Some("bob marked this done on 20/11/2026 while you were typing")
    );
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
fn a_click_on_a_timeline_item_selects_it_and_again_explains_it() {
    let mut app = on_timeline();
    assert_eq!(selected_key(&app), "second");
    // Under the title: the tabs, the ruler and one track, a gap, the
    // heads; then the plan's heading, and each week's above its item.
    let third = 1 + 1 + 2 + 1 + 1 + 6;
    assert_eq!(app.click(20, third), None);
    assert_eq!(selected_key(&app), "third");
    // A week's heading is not an item.
    app.click(20, third - 1);
    assert_eq!(selected_key(&app), "third");
    app.click(20, third);
    assert!(matches!(app.modal(), Some(Modal::Info { title, .. }) if title == "Third task"));
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

#[test]
fn an_items_details_give_the_sources_own_words() {
    let mut item = timeline().plans[0].items[1].clone();
    let without = explain(&item, "Small pathway", DateStyle::DayMonthYear);
    assert!(
        !without.iter().any(|l| l.starts_with("The source says:")),
        "{without:?}"
    );
    item.note = Some("completed by week 16".into());
    let with = explain(&item, "Small pathway", DateStyle::DayMonthYear);
    assert!(
        with.iter().any(|l| l == "The source says: completed by week 16"),
        "{with:?}"
    );
}
