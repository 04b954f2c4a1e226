//! The child screen's Family, Chronology and Gateway tabs driven by keys,
//! without a terminal or a database.

use super::keys::READ_ONLY;
use crate::action::Action;
use crate::app::{App, Effect, Screen};
use crate::app::{ChildTab, Session};
use crate::domain::calendar::Calendar;
use crate::domain::caseload::{CaseloadRow, ChildDetail};
use crate::domain::child::{ChildFields, ChildId, LegalStatus};
use crate::domain::chronology::Origin;
use crate::domain::chronology::{Entry, Kind};
use crate::domain::family::{Network, ParentOf, Person, PersonId, Sex};
use crate::domain::family_meeting::{FamilyMeeting, FamilyMeetingKind, MeetingOutcome};
use crate::domain::gateway::Paper;
use crate::domain::gateway::{Checklist, Readiness};
use crate::domain::plan::PlanRole;
use crate::domain::plan::{Plan, PlanId, PlanStatus, Stage};
use crate::domain::timeline::{ChildFacts, Inputs, Timeline};
use crate::keymap::{Context, Key};
use crate::layout;
use crate::modal::Modal;
use crate::screens::child::papers::Papers;
use crate::screens::child::papers::{Family, Gateway};
use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
        app.handle_key(KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            KeyModifiers::NONE,
        ));
    }
}

/// An active primary plan with no items of its own, for outcomes to go on.
fn timeline() -> Timeline {
    let plan = Plan {
        id: PlanId(7),
        pathway: "none".into(),
        role: PlanRole::Primary,
        start: today() - chrono::Days::new(28),
        stage: Stage::Proceedings,
        status: PlanStatus::Active,
        basis: Default::default(),
    };
    crate::domain::timeline::compute(&Inputs {
        calendar: &Calendar::default(),
        child: ChildFacts::default(),
        plans: &[(plan, None)],
        events: &[],
        done: &[],
        adhoc: &[],
        as_of: today(),
    })
}

fn person(id: i64, name: &str, sex: Sex) -> Person {
    Person::new(PersonId(id), name, sex)
}

fn outcome(id: i64, text: &str, due: Option<NaiveDate>, on_timeline: bool) -> MeetingOutcome {
    MeetingOutcome {
        id,
        text: text.into(),
        due,
        child: None,
        item_key: on_timeline.then(|| format!("adhoc-{id}")),
    }
}

fn entry(key: &str, on: NaiveDate, kind: Kind, origin: Origin, for_cpr: bool, verified: bool) -> Entry {
    Entry {
        key: key.into(),
        on,
        what: format!("What happened ({key})"),
        kind,
        origin,
        source: None,
        recorded_by: None,
        for_cpr,
        verified,
    }
}

/// Child 1 (Amara, with her mother), one meeting with three outcomes
/// (dated, undated, already on the timeline), three chronology entries
/// and a Gateway checklist with the genogram ticked, panel or not.
fn papers(panel: Option<NaiveDate>) -> Papers {
    let mut child = person(1, "Amara Test", Sex::Female);
    child.child = Some(ChildId(1));
    let network = Network {
        people: vec![child, person(2, "Bea Test", Sex::Female)],
        parents: vec![ParentOf {
            parent: PersonId(2),
            child: PersonId(1),
        }],
        couples: vec![],
        connections: vec![],
    };
    let meeting = FamilyMeeting {
        id: 3,
        kind: FamilyMeetingKind::FamilyNetworkMeeting,
        held_on: d(2026, 11, 2),
        attended: vec!["Bea Test".into()],
        notes: None,
        outcomes: vec![
            outcome(10, "Aunt to be assessed", Some(d(2026, 12, 14)), false),
            outcome(11, "Contact plan", None, false),
            outcome(12, "Life story work", None, true),
        ],
    };
    let chronology = vec![
        entry(
            "event:gateway:2026-01-05",
            d(2026, 1, 5),
            Kind::Legal,
            Origin::Event,
            true,
            true,
        ),
        entry(
            "entry:4",
            d(2026, 3, 2),
            Kind::Concern,
            Origin::Written,
            false,
            false,
        ),
        entry(
            "entry:5",
            d(2026, 6, 1),
            Kind::Health,
            Origin::Written,
            false,
            true,
        ),
    ];
    let checklist = Checklist::new(false, [(Paper::Genogram, Some(d(2026, 11, 1)))]);
    let readiness = panel.map(|p| Readiness::new("1000", p, &checklist, &Calendar::default()));
    Papers {
        family: Ok(Family::new(network, PersonId(1), vec![meeting])),
        chronology: Ok(chronology),
        gateway: Ok(Gateway { checklist, readiness }),
    }
}

/// The app with child 1 open on `tab`.
fn on(tab: ChildTab, panel: Option<NaiveDate>) -> App {
    let session = Session {
        database: "/tmp/test.db".into(),
        user: "tester".into(),
        today: today(),
        read_only: false,
    };
    let row = CaseloadRow {
        id: ChildId(1),
        reference: "1000".into(),
        given_name: "Amara".into(),
        family_name: "Test".into(),
        date_of_birth: None,
        legal_status: LegalStatus::Ico,
        placement_type: None,
        worker: None,
        team: None,
        rag: None,
    };
    let mut app = App::new(session, vec![row], (80, 24));
    press(&mut app, "enter");
    app.show_child(
        ChildDetail {
            id: ChildId(1),
            fields: ChildFields::default(),
            worker_name: None,
            iro_name: None,
            carers: vec![],
            siblings: vec![],
            legal_since: None,
        },
        timeline(),
    );
    app.show_papers(papers(panel));
    while !matches!(app.screen(), Screen::Child(view) if view.tab == tab) {
        press(&mut app, "tab");
    }
    app
}

fn form_error(app: &App) -> (usize, String) {
    match app.modal() {
        Some(Modal::Form(form)) => (form.focus, form.error.clone().unwrap_or_default()),
        other => panic!("no dialog: {other:?}"),
    }
}

#[test]
fn each_new_tab_has_its_own_screen_of_keys() {
    for (tab, context) in [
        (ChildTab::Family, Context::ChildFamily),
        (ChildTab::Chronology, Context::ChildChronology),
        (ChildTab::Gateway, Context::ChildGateway),
    ] {
        let app = on(tab, None);
        assert_eq!(app.context(), context);
        let help = app.keymap.help(context);
        assert!(help.iter().any(|(k, a)| *a == Action::SwitchTab && k == &["Tab"]));
        assert!(help.iter().any(|(_, a)| *a == Action::Palette), "{context:?}");
    }
}

#[test]
fn shift_tab_goes_back_a_tab_as_tab_goes_forward() {
    let tab_of = |app: &App| match app.screen() {
        Screen::Child(view) => view.tab,
        other => panic!("not the child's screen: {other:?}"),
    };
    let mut app = on(ChildTab::ALL[0], None);
    // Back from the first tab wraps round to the last, as Tab wraps forward.
    press(&mut app, "backtab");
    assert_eq!(tab_of(&app), ChildTab::ALL[ChildTab::ALL.len() - 1]);
    for (i, tab) in ChildTab::ALL.iter().enumerate().rev() {
        assert_eq!(tab_of(&app), *tab, "step {i}");
        let context = app.context();
        let help = app.keymap.help(context);
        assert!(
            help.iter()
                .any(|(k, a)| *a == Action::PreviousTab && k == &["Shift-Tab"]),
            "{context:?}"
        );
        press(&mut app, "tab");
        press(&mut app, "backtab");
        assert_eq!(tab_of(&app), *tab, "Tab then Shift-Tab is where it was");
        press(&mut app, "backtab");
    }
    assert_eq!(tab_of(&app), ChildTab::ALL[ChildTab::ALL.len() - 1]);
}

#[test]
fn the_configuration_file_rebinds_the_papers_tabs_keys() {
    let text = "[keys.child-family]\npeople_or_genogram = \"L\"\n[keys.child-gateway]\ntick_paper = \"t\"\n";
    let (config, problems) = crate::service::config::parse("config.toml", text);
    assert!(problems.refused.is_empty(), "{:?}", problems.refused);
    let (keymap, refused) = crate::keys_config::keymap(&config, "config.toml");
    assert!(refused.is_empty(), "{refused:?}");
    let mut app = on(ChildTab::Family, None);
    app.keymap = keymap.clone();
    press(&mut app, "L");
    assert!(matches!(app.screen(), Screen::Child(view) if view.family.people));
    press(&mut app, "p");
    assert!(
        matches!(app.screen(), Screen::Child(view) if view.family.people),
        "p no longer switches"
    );
    let mut app = on(ChildTab::Gateway, None);
    app.keymap = keymap;
    assert_eq!(
        press(&mut app, "t"),
        Some(Effect::UntickPaper {
            child: ChildId(1),
            paper: Paper::Genogram
        })
    );
    assert_eq!(press(&mut app, "x"), None, "x is free");
    assert!(app.modal().is_none());
}

#[test]
fn c_marks_an_unmarked_entry_for_the_cpr_and_unmarks_a_marked_one() {
    let mut app = on(ChildTab::Chronology, None);
    assert_eq!(
        press(&mut app, "c"),
        Some(Effect::MarkForCpr {
            child: ChildId(1),
            key: "event:gateway:2026-01-05".into(),
            mark: false,
        }),
        "the first entry is marked: c takes the mark off"
    );
    press(&mut app, "j");
    assert_eq!(
        press(&mut app, "c"),
        Some(Effect::MarkForCpr {
            child: ChildId(1),
            key: "entry:4".into(),
            mark: true,
        })
    );
}

#[test]
fn the_cursor_stays_on_its_entry_when_the_chronology_is_read_again() {
    let mut app = on(ChildTab::Chronology, None);
    press(&mut app, "G");
    let mut again = papers(None);
    if let Ok(entries) = &mut again.chronology {
        entries.insert(
            0,
            entry(
                "entry:9",
                d(2025, 1, 1),
                Kind::Other,
                Origin::Written,
                false,
                true,
            ),
        );
    }
    app.show_papers(again);
    let Screen::Child(view) = app.screen() else {
        panic!()
    };
    assert_eq!(view.selected_entry().map(|e| e.key.as_str()), Some("entry:5"));
}

#[test]
fn a_new_entry_is_checked_field_by_field_then_saved() {
    let mut app = on(ChildTab::Chronology, None);
    press(&mut app, "a");
    assert_eq!(app.context(), Context::Form);
    // Today is filled in: a date in the future is refused on its field.
    type_text(&mut app, "+2d");
    press(&mut app, "enter");
    assert_eq!(
        form_error(&app),
        (
            0,
            "Date: 25/11/2026 is in the future (today is 23/11/2026)".to_string()
        )
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "-3d");
    press(&mut app, "enter");
    assert_eq!(form_error(&app), (1, "What: say what happened".to_string()));
    type_text(&mut app, "Police called to the home");
    press(&mut app, "tab");
    type_text(&mut app, "crime");
    press(&mut app, "enter");
    let (field, error) = form_error(&app);
    assert_eq!(field, 2);
    assert!(error.starts_with("Kind: crime is not a kind"), "{error}");
    press(&mut app, "ctrl-u");
    type_text(&mut app, "concern");
    press(&mut app, "tab");
    type_text(&mut app, "police report");
    press(&mut app, "tab");
    type_text(&mut app, "maybe");
    press(&mut app, "enter");
    assert_eq!(form_error(&app).0, 4);
    press(&mut app, "ctrl-u");
    type_text(&mut app, "y");
    let Some(Effect::AddChronologyEntry { child, entry }) = press(&mut app, "enter") else {
        panic!("the entry was not saved: {:?}", app.modal());
    };
    assert_eq!(child, ChildId(1));
    assert_eq!(entry.on, d(2026, 11, 20));
    assert_eq!(entry.what, "Police called to the home");
    assert_eq!(entry.kind, Kind::Concern);
    assert_eq!(entry.source.as_deref(), Some("police report"));
    assert!(entry.verified);
}

#[test]
fn the_kind_filter_offers_the_kinds_there_are_and_x_clears_it() {
    let mut app = on(ChildTab::Chronology, None);
    press(&mut app, "f");
    let Some(Modal::Picker(picker)) = app.modal() else {
        panic!("no picker")
    };
    let offered: Vec<&str> = picker.options.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(offered, ["Every kind", "Legal", "Risk or concern", "Health"]);
    press(&mut app, "j");
    press(&mut app, "j");
    press(&mut app, "enter");
    let shown = |app: &App| match app.screen() {
        Screen::Child(view) => view
            .chronology
            .shown(view.papers.chronology.as_ref().unwrap())
            .iter()
            .map(|e| e.key.clone())
            .collect::<Vec<_>>(),
        _ => panic!(),
    };
    assert_eq!(shown(&app), ["entry:4"]);
    press(&mut app, "x");
    assert_eq!(shown(&app).len(), 3);
    press(&mut app, "x");
    assert_eq!(app.message(), Some("Every kind of entry is shown already"));
}

#[test]
fn ticking_a_paper_asks_its_date_and_a_tick_comes_off_at_once() {
    let mut app = on(ChildTab::Gateway, None);
    // The genogram, first, is ticked.
    assert_eq!(
        press(&mut app, "x"),
        Some(Effect::UntickPaper {
            child: ChildId(1),
            paper: Paper::Genogram
        })
    );
    press(&mut app, "j");
    assert_eq!(press(&mut app, "space"), None);
    type_text(&mut app, "24/11/2026");
    press(&mut app, "enter");
    let (field, error) = form_error(&app);
    assert_eq!(field, 0);
    assert!(error.starts_with("Dated: 24/11/2026 is in the future"), "{error}");
    press(&mut app, "ctrl-u");
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::TickPaper {
            child: ChildId(1),
            paper: Paper::Chronology,
            dated: None
        }),
        "a blank date is allowed"
    );
}

#[test]
fn a_panel_cannot_sit_on_a_bank_holiday_and_pre_proceedings_needs_one() {
    let mut app = on(ChildTab::Gateway, None);
    assert_eq!(press(&mut app, "r"), None);
    assert!(
        app.message()
            .unwrap_or_default()
            .starts_with("Set the panel's date first")
    );
    press(&mut app, "P");
    type_text(&mut app, "25/12/2026");
    press(&mut app, "enter");
    assert_eq!(
        form_error(&app),
        (0, "Panel: 25/12/2026 is not a working day".to_string())
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "2026-12-16");
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::SetGatewayPanel {
            child: ChildId(1),
            on: d(2026, 12, 16),
            pre_proceedings: false
        })
    );
    let mut app = on(ChildTab::Gateway, Some(d(2026, 12, 16)));
    assert_eq!(
        press(&mut app, "r"),
        Some(Effect::SetGatewayPanel {
            child: ChildId(1),
            on: d(2026, 12, 16),
            pre_proceedings: true
        })
    );
}

#[test]
fn t_puts_an_outcome_on_the_primary_plan_by_its_due_date_or_asks_for_one() {
    let mut app = on(ChildTab::Family, None);
    assert_eq!(
        press(&mut app, "t"),
        None,
        "the genogram has no outcomes to choose"
    );
    press(&mut app, "p");
    // Amara, Bea, then the three outcomes.
    press(&mut app, "j");
    press(&mut app, "j");
    assert_eq!(
        press(&mut app, "t"),
        Some(Effect::OutcomeToTimeline {
            child: ChildId(1),
            outcome: 10,
            plan: PlanId(7),
            target: d(2026, 12, 14)
        })
    );
    press(&mut app, "j");
    assert_eq!(press(&mut app, "t"), None);
    assert_eq!(app.context(), Context::Form, "no due date: a dialog asks");
    type_text(&mut app, "+2w");
    assert_eq!(
        press(&mut app, "enter"),
        Some(Effect::OutcomeToTimeline {
            child: ChildId(1),
            outcome: 11,
            plan: PlanId(7),
            target: d(2026, 12, 7)
        })
    );
    press(&mut app, "j");
    assert_eq!(press(&mut app, "t"), None);
    assert_eq!(app.message(), Some("This outcome is already on the timeline"));
    press(&mut app, "g");
    assert_eq!(press(&mut app, "t"), None);
    assert!(
        app.message()
            .unwrap_or_default()
            .starts_with("Choose one of a family meeting's outcomes")
    );
}

#[test]
fn the_genogram_scrolls_no_further_than_it_reaches() {
    let mut app = on(ChildTab::Family, None);
    for _ in 0..50 {
        press(&mut app, "l");
        press(&mut app, "j");
    }
    let Screen::Child(view) = app.screen() else {
        panic!()
    };
    let (_, canvas) = view.family.canvas.as_ref().unwrap();
    assert_eq!(view.family.x, canvas.width.saturating_sub(80));
    assert_eq!(
        view.family.y,
        canvas.height.saturating_sub(layout::family_content_height(24))
    );
    press(&mut app, "g");
    let Screen::Child(view) = app.screen() else {
        panic!()
    };
    assert_eq!((view.family.x, view.family.y), (0, 0));
}

#[test]
fn read_only_refuses_every_change_on_the_papers_tabs() {
    for (tab, keys) in [
        (ChildTab::Chronology, &["a", "c"][..]),
        (ChildTab::Gateway, &["x", "P", "r"][..]),
    ] {
        let mut app = on(tab, Some(d(2026, 12, 16)));
        app.session.read_only = true;
        for key in keys {
            assert_eq!(press(&mut app, key), None, "{key}");
            assert!(app.modal().is_none(), "{key} opened a dialog");
            assert_eq!(app.message(), Some(READ_ONLY), "{key}");
        }
        // Reading is still allowed.
        press(&mut app, "enter");
        assert_eq!(app.context(), Context::Info);
    }
    let mut app = on(ChildTab::Family, None);
    app.session.read_only = true;
    press(&mut app, "p");
    press(&mut app, "j");
    press(&mut app, "j");
    assert_eq!(press(&mut app, "t"), None);
    assert_eq!(app.message(), Some(READ_ONLY));
}

#[test]
fn a_reviewer_may_read_the_papers_but_not_change_them() {
    let policy =
        crate::domain::permissions::parse("p.toml", include_str!("../../../../../data/permissions.toml"))
            .unwrap();
    let reviewer = crate::domain::people::Worker {
        username: "rev".into(),
        display_name: "Rev".into(),
        role: crate::domain::people::Role::Reviewer,
        team: None,
    };
    let mut app = on(ChildTab::Chronology, None);
    app.set_access(crate::service::access::Access::Worker(reviewer), policy);
    assert_eq!(press(&mut app, "c"), None);
    assert!(
        app.message()
            .unwrap_or_default()
            .ends_with("can change this child's timeline"),
        "{:?}",
        app.message()
    );
    press(&mut app, "j");
    assert!(app.message().is_none(), "moving is allowed");
}
