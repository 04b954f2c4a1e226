//! Issue 18's triage on screen, from the sixty-child fixture: "what next"
//! grouped by child as a worker and as a manager sees it, each focus, the
//! folded line of items long forgotten, an item marked done from the list;
//! and tracker meetings as the chair needs them: the last meeting's note,
//! decision and actions and the child's overdue items beside what is being
//! recorded, and a cohort drawn from the view the meeting was started from.

use crate::util::caseloads::Caseload;
use crate::util::screen::{drawn, fill};
use crate::util::today;
use permanence::domain::caseload_view::{Me, Opening, Scope};
use permanence::domain::cohort::Tracker;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Effect, Screen};
use permanence::ui::keymap::Context;
use permanence::ui::screens::what_next::Row;

fn store() -> (tempfile::TempDir, Store, Library) {
    let (dir, store) = Caseload::sixty().store();
    (dir, store, Library::load(None).unwrap())
}

/// The app as a worker of the fixture (display name and team) sees it,
/// on the view given, at `width` × `height`.
fn as_worker(store: &Store, name: &str, team: &str, scope: Scope, width: u16, height: u16) -> App {
    let mut app = crate::util::screen::app(store, width, height);
    app.set_me(
        Me {
            name: Some(name.into()),
            team: Some(team.into()),
        },
        Vec::new(),
    );
    app.open_on(Opening { scope, why: None });
    fill(&mut app, store);
    app
}

fn emma(store: &Store, width: u16, height: u16) -> App {
    as_worker(
        store,
        "Emma Parker",
        "Children in Care 1",
        Scope::Mine,
        width,
        height,
    )
}

fn lacey(store: &Store, width: u16, height: u16) -> App {
    as_worker(
        store,
        "Lacey Marshall",
        "Children in Care 1",
        Scope::MyTeam,
        width,
        height,
    )
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
            "pgdn" => KeyCode::PageDown,
            "pgup" => KeyCode::PageUp,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        if let Some(effect) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            permanence::ui::carry_out(store, library, app, effect);
        }
    }
}

fn what_next(app: &App) -> &permanence::ui::screens::what_next::WhatNextView {
    match app.screen() {
        Screen::WhatNext(view) => view,
        _ => panic!("not on what next: {:?}", app.context()),
    }
}

#[test]
fn what_next_groups_a_workers_items_by_child_without_naming_her() {
    let (_dir, mut store, library) = store();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = emma(&store, width, height);
        press(&mut app, &mut store, &library, "w");
        assert_eq!(app.context(), Context::WhatNext);
        let view = what_next(&app);
        assert!(matches!(view.rows.first(), Some(Row::Child { worker: None, .. })));
        let screen = drawn(&app, width, height);
        assert!(
            screen.contains("What next · my caseload · all open items"),
            "{screen}"
        );
        assert!(
            !screen.contains("Emma Parker"),
            "her own name is not repeated: {screen}"
        );
        insta::assert_snapshot!(format!("what_next_worker_{width}x{height}"), screen);
    }
}

#[test]
fn what_next_for_a_manager_names_each_childs_worker() {
    let (_dir, mut store, library) = store();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = lacey(&store, width, height);
        press(&mut app, &mut store, &library, "w");
        let view = what_next(&app);
        let headings: Vec<&Option<String>> = view
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Child { worker, .. } => Some(worker),
                _ => None,
            })
            .collect();
        assert!(!headings.is_empty());
        assert!(
            headings.iter().all(|w| w.is_some()),
            "every child's worker is named"
        );
        let screen = drawn(&app, width, height);
        assert!(screen.contains("What next · my team"), "{screen}");
        insta::assert_snapshot!(format!("what_next_manager_{width}x{height}"), screen);
    }
}

#[test]
fn each_focus_is_a_key_named_in_the_title_and_combines_with_the_view() {
    let (_dir, mut store, library) = store();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = lacey(&store, width, height);
        press(&mut app, &mut store, &library, "w");
        let all = what_next(&app).shown();
        for (key, label, name) in [
            ("t", "due this week", "this_week"),
            ("o", "overdue", "overdue"),
            ("s", "statutory only", "statutory"),
        ] {
            press(&mut app, &mut store, &library, key);
            let view = what_next(&app);
            assert!(view.shown() <= all, "{label} narrows the list");
            let today = today();
            for row in &view.rows {
                if let Row::Item(i) = row {
                    let item = &view.entries[*i].item;
                    match key {
                        "t" => assert!(
                            item.due
                                .is_some_and(|d| d >= today && (d - today).num_days() <= 6)
                        ),
                        "o" => assert!(item.due.is_some_and(|d| d < today)),
                        _ => assert!(item.statutory),
                    }
                }
            }
            let screen = drawn(&app, width, height);
            assert!(screen.contains(&format!("my team · {label}")), "{screen}");
            insta::assert_snapshot!(format!("what_next_{name}_{width}x{height}"), screen);
        }
        press(&mut app, &mut store, &library, "a");
        assert_eq!(what_next(&app).shown(), all);
    }
}

#[test]
fn items_long_forgotten_fold_into_one_line_per_child_and_c_opens_the_timeline_on_the_first() {
    let (_dir, mut store, library) = store();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = as_worker(&store, "nobody", "nowhere", Scope::Everyone, width, height);
        press(&mut app, &mut store, &library, "w o");
        let view = what_next(&app);
        let folded = view
            .rows
            .iter()
            .position(|r| matches!(r, Row::Forgotten { .. }))
            .expect("the fixture has items more than six months late");
        // Move to the folded line.
        let mut guard = 0;
        while what_next(&app).selected != folded && guard < 500 {
            press(&mut app, &mut store, &library, "down");
            guard += 1;
        }
        let screen = drawn(&app, width, height);
        assert!(
            screen.contains("overdue since") && screen.contains("c to catch up"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("what_next_folded_{width}x{height}"), screen);
        let (child, key) = match &what_next(&app).rows[folded] {
            Row::Forgotten { first, .. } => {
                let entry = &what_next(&app).entries[*first];
                (entry.child, entry.item.key.clone())
            }
            _ => unreachable!(),
        };
        press(&mut app, &mut store, &library, "c");
        assert_eq!(app.context(), Context::ChildTimeline);
        assert_eq!(app.open_child(), Some(child));
        match app.screen() {
            Screen::Child(view) => {
                assert_eq!(view.selected_item().map(|(_, i)| i.key.clone()), Some(key))
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn an_item_marked_done_from_what_next_leaves_the_list_and_the_user_stays_on_it() {
    let (_dir, mut store, library) = store();
    let mut app = emma(&store, 120, 40);
    press(&mut app, &mut store, &library, "w");
    // A task (not an event), still to be met, so that `d` marks it done.
    let view = what_next(&app);
    let at = view
        .rows
        .iter()
        .position(|r| match r {
            Row::Item(i) => view.entries[*i]
                .source
                .as_ref()
                .is_some_and(|s| s.occurrence.is_none()),
            _ => false,
        })
        .expect("a task in Emma's list");
    let (child, key) = match &view.rows[at] {
        Row::Item(i) => (view.entries[*i].child, view.entries[*i].item.key.clone()),
        _ => unreachable!(),
    };
    let before = view.entries.len();
    while what_next(&app).selected != at {
        press(&mut app, &mut store, &library, "down");
    }
    press(&mut app, &mut store, &library, "d");
    assert!(
        drawn(&app, 120, 40).contains("Mark done:"),
        "the timeline's own dialog"
    );
    press(&mut app, &mut store, &library, "enter");
    press(&mut app, &mut store, &library, "enter");
    assert_eq!(app.context(), Context::WhatNext);
    assert!(
        app.message().is_some_and(|m| m.starts_with("Marked done on")),
        "{:?}",
        app.message()
    );
    let view = what_next(&app);
    assert_eq!(view.entries.len(), before - 1);
    assert!(!view.entries.iter().any(|e| e.child == child && e.item.key == key));
    // `r` on a task says why it records nothing.
    let task = view
        .rows
        .iter()
        .position(|r| matches!(r, Row::Item(i) if view.entries[*i].source.as_ref().is_some_and(|s| s.occurrence.is_none())));
    if let Some(task) = task {
        while what_next(&app).selected != task {
            press(&mut app, &mut store, &library, "down");
        }
        press(&mut app, &mut store, &library, "r");
        assert!(
            app.message()
                .is_some_and(|m| m.contains("is a task, not an event"))
        );
    }
}

/// Starts a meeting of `tracker` from the caseload as the keys do.
fn start_meeting(app: &mut App, store: &mut Store, library: &Library, tracker: Tracker) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE));
    assert!(effect.is_none());
    let position = Tracker::ALL.iter().position(|t| *t == tracker).unwrap();
    for _ in 0..position {
        press(app, store, library, "down");
    }
    match app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)) {
        Some(effect @ Effect::StartMeeting { .. }) => permanence::ui::carry_out(store, library, app, effect),
        other => panic!("no meeting started: {other:?}"),
    }
}

#[test]
fn a_meetings_cohort_is_drawn_from_the_view_it_was_started_from() {
    let (_dir, mut store, library) = store();
    let mine: Vec<_> = store
        .caseload()
        .unwrap()
        .into_iter()
        .filter(|r| r.worker.as_deref() == Some("Emma Parker"))
        .map(|r| r.id)
        .collect();
    let mut app = emma(&store, 120, 40);
    start_meeting(&mut app, &mut store, &library, Tracker::Permanence);
    assert_eq!(app.context(), Context::Meeting, "{:?}", app.message());
    let id = store.meetings().unwrap()[0].0;
    let cohort = store.meeting_cohort(id).unwrap();
    assert!(!cohort.is_empty());
    assert_eq!(store.meeting(id).unwrap().unwrap().cohort, cohort.len());
    for child in &cohort {
        assert!(mine.contains(child), "{child:?} is not Emma's child");
    }
    assert!(drawn(&app, 120, 40).contains("Cohort · my caseload"));
    // From everyone's view, the same tracker takes in more children.
    let mut app = as_worker(
        &store,
        "Emma Parker",
        "Children in Care 1",
        Scope::Everyone,
        120,
        40,
    );
    start_meeting(&mut app, &mut store, &library, Tracker::Permanence);
    let id = store.meetings().unwrap()[0].0;
    assert!(store.meeting_cohort(id).unwrap().len() > cohort.len());
}

#[test]
fn the_chair_sees_the_last_meetings_decision_note_and_actions_and_the_overdue_items() {
    let (_dir, mut store, library) = store();
    let mut app = as_worker(&store, "nobody", "nowhere", Scope::Everyone, 120, 40);
    start_meeting(&mut app, &mut store, &library, Tracker::Kinship);
    assert!(drawn(&app, 120, 40).contains("Last meeting: not discussed before"));
    // The first child of the cohort with something overdue, reached as
    // the chair reaches it (each child's overdue items are read as the
    // meeting comes to them).
    let mut at = 0;
    loop {
        let overdue = match app.screen() {
            Screen::Meeting(view) => view.current().and_then(|r| r.overdue.clone()),
            _ => None,
        }
        .expect("the child being discussed has had their overdue items read");
        if !overdue.is_empty() {
            break;
        }
        press(&mut app, &mut store, &library, "j");
        at += 1;
        assert!(at < 200, "a child of the kinship cohort has overdue items");
    }
    press(&mut app, &mut store, &library, "c down enter");
    press(&mut app, &mut store, &library, "n");
    for ch in "Carers want an SGO".chars() {
        press_char(&mut app, &mut store, &library, ch);
    }
    press(&mut app, &mut store, &library, "enter");
    press(&mut app, &mut store, &library, "t");
    for ch in "Viability assessment".chars() {
        press_char(&mut app, &mut store, &library, ch);
    }
    press(&mut app, &mut store, &library, "enter");
    press(&mut app, &mut store, &library, "esc");
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = as_worker(&store, "nobody", "nowhere", Scope::Everyone, width, height);
        start_meeting(&mut app, &mut store, &library, Tracker::Kinship);
        for _ in 0..at {
            press(&mut app, &mut store, &library, "j");
        }
        let screen = drawn(&app, width, height);
        assert!(screen.contains("Last meeting, 23/11/2026"), "{screen}");
        assert!(screen.contains("Decision: Cannot convert now"), "{screen}");
        assert!(screen.contains("Note: Carers want an SGO"), "{screen}");
        assert!(screen.contains("Viability assessment"), "{screen}");
        assert!(screen.contains("Overdue (1)"), "{screen}");
        if width >= 120 {
            assert!(screen.contains("passed 13 days ago (10/11/2026)"), "{screen}");
        }
        insta::assert_snapshot!(format!("meeting_before_{width}x{height}"), screen);
        if width < 120 {
            // Cut at 80x24, the box says what is below and scrolls to it
            // with Page Down; Page Up goes back; the next child starts
            // again at the top.
            assert!(screen.contains("more below · PgDn"), "{screen}");
            press(&mut app, &mut store, &library, "pgdn");
            let scrolled = drawn(&app, width, height);
            assert!(scrolled.contains("This includes financial"), "{scrolled}");
            assert!(scrolled.contains("Attending:"), "{scrolled}");
            assert!(scrolled.contains("more above · PgUp"), "{scrolled}");
            insta::assert_snapshot!(format!("meeting_before_scrolled_{width}x{height}"), scrolled);
            press(&mut app, &mut store, &library, "pgdn");
            assert_eq!(drawn(&app, width, height), scrolled, "no further than the end");
            press(&mut app, &mut store, &library, "pgup");
            assert_eq!(drawn(&app, width, height), screen, "back to the top");
            press(&mut app, &mut store, &library, "pgdn j k");
            assert_eq!(drawn(&app, width, height), screen, "each child from the top");
        }
    }
}

fn press_char(app: &mut App, store: &mut Store, library: &Library, c: char) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    if let Some(effect) = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
        permanence::ui::carry_out(store, library, app, effect);
    }
}

#[test]
fn the_minutes_from_the_binary_list_who_attended() {
    let (dir, mut store) = Caseload::sixty().store();
    let child = store.caseload().unwrap()[0].id;
    let id = store
        .write(|w| w.start_meeting(Tracker::Permanence, today(), &[child]))
        .unwrap();
    store
        .write(|w| w.record_meeting_note(id, child, Some("Plan on track")))
        .unwrap();
    assert!(
        store
            .write(|w| w.toggle_meeting_attendee(id, "emma.parker"))
            .unwrap()
    );
    assert!(
        store
            .write(|w| w.toggle_meeting_attendee(id, "neil.davies"))
            .unwrap()
    );
    // Taken off again: listed by mistake.
    assert!(
        !store
            .write(|w| w.toggle_meeting_attendee(id, "neil.davies"))
            .unwrap()
    );
    let attendees = store.meeting(id).unwrap().unwrap().attendees;
    assert!(attendees.contains(&"Emma Parker".to_string()), "{attendees:?}");
    assert!(!attendees.contains(&"Neil Davies".to_string()), "{attendees:?}");
    drop(store);
    let md = crate::util::ok(&dir.path().join("fixture.db"), &["minutes", &id.to_string()]);
    let attended = md
        .lines()
        .find(|l| l.starts_with("**Attended:**"))
        .unwrap_or_else(|| panic!("no attendees in the minutes: {md}"));
    assert!(attended.contains("Emma Parker"), "{attended}");
    assert!(!attended.contains("Neil Davies"), "{attended}");
    let html = crate::util::ok(
        &dir.path().join("fixture.db"),
        &["minutes", &id.to_string(), "--format", "html"],
    );
    assert!(
        html.contains("<p>Attended: ") && html.contains("Emma Parker"),
        "{html}"
    );
}

#[test]
fn the_chair_adds_who_attended_from_a_picker_that_narrows_as_typed() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library) = store();
        let mut app = as_worker(&store, "nobody", "nowhere", Scope::Everyone, width, height);
        start_meeting(&mut app, &mut store, &library, Tracker::Permanence);
        press(&mut app, &mut store, &library, "A");
        assert!(drawn(&app, width, height).contains("Who attended"));
        // Typing narrows the users to those with a word (or a username)
        // starting so: "ma" is Lacey Marshall and Angela Matthews.
        for c in "ma".chars() {
            if let Some(effect) = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
                permanence::ui::carry_out(&mut store, &library, &mut app, effect);
            }
        }
        let screen = drawn(&app, width, height);
        assert!(screen.contains("Lacey Marshall"), "{screen}");
        assert!(screen.contains("Angela Matthews"), "{screen}");
        insta::assert_snapshot!(format!("meeting_attendee_picking_{width}x{height}"), screen);
        for c in "tt".chars() {
            if let Some(effect) = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
                permanence::ui::carry_out(&mut store, &library, &mut app, effect);
            }
        }
        press(&mut app, &mut store, &library, "enter");
        let id = store.meetings().unwrap()[0].0;
        let attendees = store.meeting(id).unwrap().unwrap().attendees;
        assert!(
            attendees.contains(&"Angela Matthews".to_string()),
            "{attendees:?}"
        );
        // Again, with the whole name: taken off.
        press(&mut app, &mut store, &library, "A");
        assert!(drawn(&app, width, height).contains("Attending: Angela Matthews"));
        for c in "angela".chars() {
            if let Some(effect) = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
                permanence::ui::carry_out(&mut store, &library, &mut app, effect);
            }
        }
        press(&mut app, &mut store, &library, "enter");
        let attendees = store.meeting(id).unwrap().unwrap().attendees;
        assert!(
            !attendees.contains(&"Angela Matthews".to_string()),
            "{attendees:?}"
        );
        // A name that is no one is refused, naming the field.
        press(&mut app, &mut store, &library, "A");
        for c in "zed".chars() {
            if let Some(effect) = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
                permanence::ui::carry_out(&mut store, &library, &mut app, effect);
            }
        }
        press(&mut app, &mut store, &library, "enter");
        let screen = drawn(&app, width, height);
        assert!(
            screen.contains("Who: \"zed\" is none of the 14 known"),
            "{screen}"
        );
        press(&mut app, &mut store, &library, "esc");
    }
}

/// A manager who holds children of her own, looking at "my caseload":
/// every heading would name her, so none does; her team's view, with
/// several workers, still names each child's.
#[test]
fn what_next_for_a_managers_own_caseload_names_no_worker() {
    use permanence::domain::permissions::{BUILT_IN, parse};
    use permanence::service::access::Access;
    let (_dir, mut store, library) = store();
    // Emma's children become Lacey's, her manager's, as when a worker leaves.
    let emmas: Vec<_> = store
        .caseload()
        .unwrap()
        .into_iter()
        .filter(|r| r.worker.as_deref() == Some("Emma Parker"))
        .map(|r| r.id)
        .collect();
    assert!(!emmas.is_empty());
    for id in emmas {
        let mut fields = store.child_detail(id).unwrap().unwrap().fields;
        fields.worker = Some("lacey.marshall".into());
        store.write(|w| w.put_child(&fields)).unwrap();
    }
    let lacey_worker = store.worker("lacey.marshall").unwrap().unwrap();
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = crate::util::screen::app(&store, width, height);
        app.set_access(
            Access::Worker(lacey_worker.clone()),
            parse(BUILT_IN.0, BUILT_IN.1).unwrap(),
        );
        app.set_me(
            Me {
                name: Some("Lacey Marshall".into()),
                team: Some("Children in Care 1".into()),
            },
            Vec::new(),
        );
        app.open_on(Opening {
            scope: Scope::Mine,
            why: None,
        });
        fill(&mut app, &store);
        assert!(app.manages_team());
        press(&mut app, &mut store, &library, "w");
        let view = what_next(&app);
        assert!(view.show_worker, "a manager may see workers named");
        assert!(
            view.rows
                .iter()
                .all(|r| !matches!(r, Row::Child { worker: Some(_), .. })),
            "one worker's children: no heading names her"
        );
        let screen = drawn(&app, width, height);
        assert!(screen.contains("What next · my caseload"), "{screen}");
        assert!(!screen.contains("Lacey Marshall"), "{screen}");
        insta::assert_snapshot!(format!("what_next_managers_own_{width}x{height}"), screen);
    }
}

/// `N` in "what next" marks the item under the cursor not needed through
/// the Timeline tab's own dialog (its snapshot at both sizes), lists it
/// before saving, and leaves the user on the list worked out again
/// without it; a statutory item is refused in the timeline's words.
#[test]
fn an_item_marked_not_needed_from_what_next_leaves_the_list_and_a_statutory_one_is_refused() {
    use permanence::domain::timeline::not_needed::required;
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library) = store();
        let mut app = emma(&store, width, height);
        press(&mut app, &mut store, &library, "w");
        let view = what_next(&app);
        let find = |view: &permanence::ui::screens::what_next::WhatNextView, waived: bool| {
            view.rows.iter().position(|r| match r {
                Row::Item(i) => view.entries[*i]
                    .source
                    .as_ref()
                    .is_some_and(|s| required(s).is_some() == waived),
                _ => false,
            })
        };
        let at = find(view, false).expect("an item no statute requires in Emma's list");
        let (child, key) = match &view.rows[at] {
            Row::Item(i) => (view.entries[*i].child, view.entries[*i].item.key.clone()),
            _ => unreachable!(),
        };
        let before = view.entries.len();
        while what_next(&app).selected != at {
            press(&mut app, &mut store, &library, "down");
        }
        press(&mut app, &mut store, &library, "N");
        for ch in "Covered by the parenting assessment".chars() {
            press_char(&mut app, &mut store, &library, ch);
        }
        let screen = drawn(&app, width, height);
        assert!(
            screen.contains("Not needed"),
            "the timeline's own dialog: {screen}"
        );
        insta::assert_snapshot!(format!("what_next_not_needed_{width}x{height}"), screen);
        press(&mut app, &mut store, &library, "enter");
        assert!(
            drawn(&app, width, height).contains("No date moves."),
            "listed before saving"
        );
        press(&mut app, &mut store, &library, "enter");
        assert_eq!(app.context(), Context::WhatNext);
        assert_eq!(app.message(), Some("Marked 1 item not needed"));
        let view = what_next(&app);
        assert_eq!(view.entries.len(), before - 1);
        assert!(!view.entries.iter().any(|e| e.child == child && e.item.key == key));
        // A statutory item: refused at once, no dialog.
        if let Some(at) = find(view, true) {
            while what_next(&app).selected != at {
                let was = what_next(&app).selected;
                press(
                    &mut app,
                    &mut store,
                    &library,
                    if was < at { "down" } else { "k" },
                );
            }
            press(&mut app, &mut store, &library, "N");
            assert!(app.modal().is_none(), "no dialog opens");
            let said = app.message().unwrap_or_default().to_string();
            assert!(
                said.contains("a statutory duty cannot be waived by a worker"),
                "{said}"
            );
        } else {
            panic!("a statutory item in Emma's list");
        }
    }
}

/// A tracker meeting reads each child's overdue items as the chair comes
/// to them (the child being discussed and the few after), not every
/// child's before it opens: for a whole authority that took seconds. What
/// is read is what starting the meeting on that child would have read.
#[test]
fn a_meeting_reads_each_childs_overdue_items_as_the_chair_comes_to_them() {
    use permanence::ui::screens::meeting::READ_AHEAD;
    let (_dir, mut store, library) = store();
    let mut app = as_worker(&store, "nobody", "nowhere", Scope::Everyone, 120, 40);
    start_meeting(&mut app, &mut store, &library, Tracker::SgoReview);
    let read = |app: &App| -> Vec<Option<Vec<String>>> {
        match app.screen() {
            Screen::Meeting(view) => view.rows.iter().map(|r| r.overdue.clone()).collect(),
            _ => panic!("not in the meeting"),
        }
    };
    let at_start = read(&app);
    assert!(
        at_start.len() > READ_AHEAD + 3,
        "a cohort longer than the read-ahead"
    );
    assert!(at_start[..READ_AHEAD].iter().all(Option::is_some));
    assert!(at_start[READ_AHEAD..].iter().all(Option::is_none));
    for _ in 0..READ_AHEAD + 2 {
        press(&mut app, &mut store, &library, "j");
    }
    let moved = read(&app);
    let here = READ_AHEAD + 2;
    assert!(
        moved[..(here + READ_AHEAD).min(moved.len())]
            .iter()
            .all(Option::is_some)
    );
    assert_eq!(moved[..READ_AHEAD], at_start[..READ_AHEAD], "read once");
    // Read alike however the meeting got there: all read at once by a
    // meeting whose read-ahead is walked to the end.
    let mut walked = as_worker(&store, "nobody", "nowhere", Scope::Everyone, 120, 40);
    start_meeting(&mut walked, &mut store, &library, Tracker::SgoReview);
    for _ in 0..moved.len() {
        press(&mut walked, &mut store, &library, "j");
    }
    let all = read(&walked);
    assert!(all.iter().all(Option::is_some), "every child read by the end");
    assert_eq!(all[here], moved[here]);
}
