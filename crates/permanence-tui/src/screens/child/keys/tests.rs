//! The child's timeline tab driven by keys and the mouse, without a
//! terminal or a database.

use crate::app::tests::*;
use crate::app::*;
use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::event::Event;
use crate::domain::plan::PlanId;
use crate::domain::timeline::{Status, Timeline};
use crate::keymap::Context;
use crate::modal::Modal;
use crate::screens::child::keys::explain;
use crate::service::access::Access;
use crate::service::corrections::Change;
use chrono::NaiveDate;

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
        Context::ChildForms,
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
    for _ in 0..5 {
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
            crate::screens::child::timeline_list::ListRow::Item { plan, item } => {
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
        crate::domain::permissions::parse("p.toml", include_str!("../../../../../../data/permissions.toml"))
            .unwrap();
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
