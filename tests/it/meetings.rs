//! A tracker meeting held through the app's own state and event-loop
//! functions on a real database: the cohort, each thing recorded saved at
//! once, actions on the timeline, the team's RAG updated, and minutes that
//! hold every child discussed and every action.

use crate::util::caseloads::Caseload;
use crate::util::screen::drawn;
use crate::util::today;
use chrono::NaiveDate;
use permanence::domain::cohort::Tracker;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Effect, Session};
use permanence::ui::keymap::Context;

/// A store holding the sixty-child fixture, and the built-in library.
fn store() -> (tempfile::TempDir, Store, Library) {
    let (dir, store) = Caseload::sixty().store();
    (dir, store, Library::load(None).unwrap())
}

fn screen(app: &App) -> String {
    drawn(app, 100, 30)
}

/// The app at 100×30 as the meeting's chair sees it.
fn chair(store: &Store) -> App {
    let session = Session {
        database: "m.db".into(),
        user: "chair".into(),
        today: today(),
        read_only: false,
    };
    App::new(session, store.caseload().unwrap(), (100, 30))
}

fn keys(app: &mut App, store: &mut Store, library: &Library, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        if let Some(effect) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            carry_out(app, store, library, effect);
        }
    }
}

/// A meeting of `tracker` on everyone's children, as from the caseload's
/// "everyone" view.
fn start(store: &mut Store, library: &Library, app: &mut App, tracker: Tracker) {
    crate::util::screen::start_meeting(store, library, app, tracker);
}

/// The event loop's part, through the same public functions it uses.
fn carry_out(app: &mut App, store: &mut Store, library: &Library, effect: Effect) {
    match effect {
        Effect::StartMeeting {
            tracker,
            children,
            whose,
        } => permanence::ui::meetings::start(store, library, app, tracker, &children, whose).unwrap(),
        Effect::MeetingRag { meeting, child, rag } => {
            store
                .write(|w| w.record_meeting_rag(meeting, child, rag))
                .unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::MeetingNote { meeting, child, note } => {
            store
                .write(|w| w.record_meeting_note(meeting, child, note.as_deref()))
                .unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::MeetingStage {
            meeting,
            child,
            stage,
        } => {
            store
                .write(|w| w.record_meeting_stage(meeting, child, &stage))
                .unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::ToggleBarrier {
            meeting,
            child,
            barrier,
        } => {
            store
                .write(|w| w.toggle_meeting_barrier(meeting, child, &barrier))
                .unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::NextReview { meeting, child, on } => {
            store.write(|w| w.record_next_review(meeting, child, on)).unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::MeetingAction {
            meeting,
            child,
            what,
            owner,
            due,
        } => {
            store
                .write(|w| w.add_meeting_action(meeting, child, &what, owner.as_deref(), due))
                .unwrap();
            permanence::ui::meetings::reload(store, app, meeting);
        }
        Effect::ReadMeetingOverdue => permanence::ui::meetings::read_overdue(store, library, app).unwrap(),
        other => panic!("unexpected effect {other:?}"),
    }
}

#[test]
fn a_permanence_tracker_meeting_records_everything_and_its_minutes_hold_it() {
    let (_dir, mut store, library) = store();
    let mut app = chair(&store);
    keys(&mut app, &mut store, &library, "T");
    assert!(screen(&app).contains("Hold a tracker meeting"));
    keys(&mut app, &mut store, &library, "\n"); // the Permanence Tracker
    assert_eq!(app.context(), Context::Meeting);
    let first = screen(&app);
    assert!(
        first.contains("Permanence Tracker · meeting of 23/11/2026 · child 1 of"),
        "{first}"
    );
    // First child: red, a note, two actions, a review date.
    keys(&mut app, &mut store, &library, "r");
    keys(
        &mut app,
        &mut store,
        &library,
        "nPlan drifting; legal advice needed\n",
    );
    keys(
        &mut app,
        &mut store,
        &library,
        "tBook legal planning meeting\tTeam Manager\t\n",
    );
    keys(&mut app, &mut store, &library, "tUpdate chronology\t\t\n");
    keys(&mut app, &mut store, &library, "v\n");
    let shown = screen(&app);
    assert!(shown.contains("RAG: red (R)"), "{shown}");
    assert!(
        shown.contains("Book legal planning meeting — Team Manager by 07/12/2026"),
        "{shown}"
    );
    // Second child: green only. Third: skipped.
    keys(&mut app, &mut store, &library, "jg");
    let meetings = store.meetings().unwrap();
    assert_eq!(meetings.len(), 1);
    let meeting = store.meeting(meetings[0].0).unwrap().unwrap();
    assert_eq!(meeting.tracker, Tracker::Permanence);
    let discussed: Vec<_> = meeting.discussions.iter().filter(|d| d.discussed()).collect();
    assert_eq!(discussed.len(), 2);
    let first = discussed[0];
    assert_eq!(first.actions.len(), 2);
    assert_eq!(first.next_review, NaiveDate::from_ymd_opt(2026, 12, 21));
    // The team's RAG on the record is the meeting's.
    let id = store.child_id(&first.reference).unwrap().unwrap();
    let detail = store.child_detail(id).unwrap().unwrap();
    assert_eq!(detail.fields.rag, Some(permanence::domain::child::Rag::Red));
    // An action is an item on the child's timeline, where they have a plan.
    let timeline = permanence::service::timelines::timeline_of(&store, &library, id, today()).unwrap();
    let on_timeline = timeline.plans.iter().flat_map(|p| &p.items).any(|i| {
        i.title == "Book legal planning meeting" && i.responsible.as_deref() == Some("Team Manager")
    });
    assert_eq!(on_timeline, first.actions[0].on_timeline);
    // The minutes hold every child discussed and every action, in each format.
    let md = permanence::interchange::minutes::markdown(&meeting);
    let csv = permanence::interchange::minutes::csv(&meeting).unwrap();
    for text in [&md, &csv] {
        for d in &discussed {
            assert!(text.contains(&d.reference), "{} missing: {text}", d.reference);
        }
        assert!(text.contains("Book legal planning meeting") && text.contains("Update chronology"));
    }
    let third = store.meeting_cohort(meeting.id).unwrap()[2];
    let third = store.child_detail(third).unwrap().unwrap().fields.reference;
    assert!(!md.contains(&third), "the third child was not discussed");
}

#[test]
fn a_kinship_meeting_records_stocktons_category_and_the_carers_barriers() {
    let (_dir, mut store, library) = store();
    let mut app = chair(&store);
    start(&mut store, &library, &mut app, Tracker::Kinship);
    // Category: the second of Stockton's, which only the meeting can judge.
    keys(&mut app, &mut store, &library, "cj\n");
    // Barriers: housing and financial parity; then financial parity taken off.
    keys(&mut app, &mut store, &library, "bjjjj\n");
    keys(&mut app, &mut store, &library, "bjj\n");
    keys(&mut app, &mut store, &library, "bjj\n");
    keys(&mut app, &mut store, &library, "bj\n");
    // The date offered for the next review: Stockton's "Timetable for SGO
    // conversions to be reviewed fortnightly", taken as offered.
    keys(&mut app, &mut store, &library, "v");
    assert!(screen(&app).contains("On: 07/12/2026"), "{}", screen(&app));
    keys(&mut app, &mut store, &library, "\n");
    let shown = screen(&app);
    assert!(
        shown.contains("Who is on it: Children in care in connected-care"),
        "{shown}"
    );
    assert!(
        shown.contains("Decision: Cannot convert now, needs continued oversight"),
        "{shown}"
    );
    assert!(
        shown.contains("Barriers: Housing; Training and peer support"),
        "{shown}"
    );
    let id = store.meetings().unwrap()[0].0;
    let meeting = store.meeting(id).unwrap().unwrap();
    let d = &meeting.discussions[0];
    assert_eq!(
        d.stage.as_deref(),
        Some("Cannot convert now, needs continued oversight")
    );
    assert_eq!(d.barriers, ["Housing", "Training and peer support"]);
    assert_eq!(
        d.next_review,
        NaiveDate::from_ymd_opt(2026, 12, 7),
        "a fortnight on"
    );
    let md = permanence::interchange::minutes::markdown(&meeting);
    assert!(
        md.contains("**Barriers the carers name:** Housing; Training and peer support"),
        "{md}"
    );
}

#[test]
fn the_sgo_review_group_asks_when_an_amber_case_comes_back() {
    let (_dir, mut store, library) = store();
    let mut app = chair(&store);
    start(&mut store, &library, &mut app, Tracker::SgoReview);
    keys(&mut app, &mut store, &library, "a");
    assert!(screen(&app).contains("Back to the SGO Review Group on"));
    let id = store.meetings().unwrap()[0].0;
    // Type a date over the default and save it.
    for c in "+2w\n".chars() {
        let code = if c == '\n' {
            crossterm::event::KeyCode::Enter
        } else {
            crossterm::event::KeyCode::Char(c)
        };
        if let Some(effect) = app.handle_key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )) {
            carry_out(&mut app, &mut store, &library, effect);
        }
    }
    let d = &store.meeting(id).unwrap().unwrap().discussions[0];
    assert_eq!(d.rag, Some(permanence::domain::child::Rag::Amber));
    assert_eq!(d.next_review, NaiveDate::from_ymd_opt(2026, 12, 7));
}
