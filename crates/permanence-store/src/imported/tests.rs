//! Imported history in the store, on temporary files: recorded with its
//! source and audit, found again by it (unchanged, moved, its note
//! changed), events recorded or put right in the app left alone, and the
//! refusals (a clash, one source twice, the index itself, a read-only
//! store) writing nothing.

use super::{HistoryStep, IMPORT_REASON};
use crate::{EventStatus, RecordRule, Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::{ChildFields, ChildId, LegalStatus};
use permanence_domain::event::Event;
use permanence_domain::history::HistoryEntry;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn entry(event: Event, on: NaiveDate, note: Option<&str>, source: &str) -> HistoryEntry {
    HistoryEntry {
        reference: "A1".into(),
        event,
        on,
        note: note.map(String::from),
        source: source.into(),
    }
}

fn store_with_child() -> (tempfile::TempDir, Store, ChildId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("imported.db")).unwrap();
    let fields = ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        legal_status: LegalStatus::S20,
        ..ChildFields::default()
    };
    store.write(|w| w.put_child(&fields)).unwrap();
    let child = store.child_id("A1").unwrap().unwrap();
    (dir, store, child)
}

/// Every entry of the child's events as (event, on, status, source, note).
type Row = (Event, NaiveDate, EventStatus, Option<String>, Option<String>);

fn rows(store: &Store, child: ChildId) -> Vec<Row> {
    store
        .recorded_events(child)
        .unwrap()
        .into_iter()
        .map(|e| (e.event, e.on, e.status, e.source, e.note))
        .collect()
}

fn trail(store: &Store) -> usize {
    store.audit_entries(None).unwrap().len()
}

#[test]
fn entries_are_recorded_with_their_source_and_importing_them_again_changes_nothing() {
    let (_dir, mut store, child) = store_with_child();
    let entries = [
        entry(
            Event::CaseReview,
            day(2024, 3, 2),
            Some("IRO: Jo"),
            "events:case-review:2024-03-02",
        ),
        entry(
            Event::CareOrder,
            day(2024, 1, 5),
            None,
            "events:care-order:2024-01-05",
        ),
    ];
    let before = trail(&store);
    let steps = store.write(|w| w.apply_history(child, &entries)).unwrap();
    assert_eq!(steps, [HistoryStep::Record, HistoryStep::Record]);
    let recorded = rows(&store, child);
    assert_eq!(recorded.len(), 2);
    assert!(
        recorded
            .iter()
            .all(|r| r.2 == EventStatus::Current && r.3.is_some())
    );
    // The child's events under one audit entry, each with its id and
    // source, and the care order moved the legal status as recording it
    // in the app does.
    let audit = store.audit_entries(None).unwrap();
    let recorded_events: Vec<_> = audit.iter().filter(|a| a.action == "record-event").collect();
    assert_eq!(recorded_events.len(), 1);
    let said: serde_json::Value = serde_json::from_str(recorded_events[0].after.as_deref().unwrap()).unwrap();
    let said = said["events"].as_array().unwrap();
    assert_eq!(said.len(), 2);
    for event in store.recorded_events(child).unwrap() {
        let entry = said.iter().find(|e| e["id"] == event.id).unwrap();
        assert_eq!(entry["event"], event.event.code());
        assert_eq!(entry["source"].as_str(), event.source.as_deref());
    }
    assert!(trail(&store) > before + 1, "the legal status move is audited too");
    let status = store.child_detail(child).unwrap().unwrap().fields.legal_status;
    assert_eq!(status, LegalStatus::Co);

    let audited = trail(&store);
    let again = store.write(|w| w.apply_history(child, &entries)).unwrap();
    assert_eq!(again, [HistoryStep::Unchanged, HistoryStep::Unchanged]);
    assert_eq!(rows(&store, child), recorded);
    assert_eq!(trail(&store), audited, "nothing changed, nothing audited");
}

#[test]
fn a_source_found_again_with_another_date_or_note_is_corrected_as_a_correction_would() {
    let (_dir, mut store, child) = store_with_child();
    let source = "ssda903:reviews:1";
    let first = [entry(Event::CaseReview, day(2024, 3, 2), None, source)];
    store.write(|w| w.apply_history(child, &first)).unwrap();

    let moved = [entry(
        Event::CaseReview,
        day(2024, 3, 4),
        Some("held late"),
        source,
    )];
    assert_eq!(
        store.history_steps(child, &moved).unwrap(),
        [HistoryStep::Move {
            from: day(2024, 3, 2)
        }],
        "what the dry run reads is what the write does"
    );
    let steps = store.write(|w| w.apply_history(child, &moved)).unwrap();
    assert_eq!(
        steps,
        [HistoryStep::Move {
            from: day(2024, 3, 2)
        }]
    );
    let entries = store.recorded_events(child).unwrap();
    assert_eq!(entries.len(), 2, "the wrong entry is kept");
    let old = &entries[0];
    assert_eq!(
        (old.status, old.corrected_to, old.source.as_deref()),
        (EventStatus::Corrected, Some(day(2024, 3, 4)), Some(source))
    );
    assert!(old.reason.as_deref().unwrap().starts_with(IMPORT_REASON));
    let new = &entries[1];
    assert_eq!(
        (new.status, new.on, new.note.as_deref(), new.source.as_deref()),
        (
            EventStatus::Current,
            day(2024, 3, 4),
            Some("held late"),
            Some(source)
        )
    );

    // The same day, another note: the note alone changes, audited.
    let renoted = [entry(Event::CaseReview, day(2024, 3, 4), Some("IRO: Jo"), source)];
    let steps = store.write(|w| w.apply_history(child, &renoted)).unwrap();
    assert_eq!(
        steps,
        [HistoryStep::Note {
            was: Some("held late".into())
        }]
    );
    let last = store.audit_entries(None).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.entity.as_str()), ("update", "event"));
    assert_eq!(rows(&store, child)[1].4.as_deref(), Some("IRO: Jo"));
    // The import moved its own event, so it may move it again.
    let back = [entry(Event::CaseReview, day(2024, 3, 3), Some("IRO: Jo"), source)];
    assert_eq!(
        store.write(|w| w.apply_history(child, &back)).unwrap(),
        [HistoryStep::Move {
            from: day(2024, 3, 4)
        }]
    );
}

#[test]
fn events_recorded_or_put_right_in_the_app_are_left_alone() {
    let (_dir, mut store, child) = store_with_child();
    store
        .write(|w| w.record_event_noted(child, Event::Ppm, day(2024, 2, 1), Some("app")))
        .unwrap();
    let imported = [
        entry(Event::CaseReview, day(2024, 3, 2), None, "r1"),
        entry(Event::Visit, day(2024, 3, 9), None, "v1"),
    ];
    store.write(|w| w.apply_history(child, &imported)).unwrap();
    // Someone puts the review's date right, and withdraws the visit.
    store
        .write(|w| w.correct_event(child, Event::CaseReview, day(2024, 3, 2), day(2024, 3, 6), "typo"))
        .unwrap();
    store
        .write(|w| w.withdraw_event(child, Event::Visit, day(2024, 3, 9), "not held"))
        .unwrap();
    let before = rows(&store, child);
    let audited = trail(&store);

    let again = [
        entry(Event::Ppm, day(2024, 2, 1), Some("from the file"), "p1"),
        entry(Event::CaseReview, day(2024, 3, 2), None, "r1"),
        entry(Event::Visit, day(2024, 3, 9), None, "v1"),
    ];
    let steps = store.write(|w| w.apply_history(child, &again)).unwrap();
    assert_eq!(
        steps,
        [
            HistoryStep::AlreadyRecorded { source: None },
            HistoryStep::PutRightInApp {
                on: day(2024, 3, 6),
                withdrawn: false
            },
            HistoryStep::PutRightInApp {
                on: day(2024, 3, 9),
                withdrawn: true
            },
        ]
    );
    assert_eq!(rows(&store, child), before, "the app's record is as it was");
    assert_eq!(trail(&store), audited);
    // The app's correction carried the source on, so the import finds it.
    let review = store
        .recorded_events(child)
        .unwrap()
        .into_iter()
        .find(|e| e.event == Event::CaseReview && e.status == EventStatus::Current)
        .unwrap();
    assert_eq!(review.source.as_deref(), Some("r1"));
}

#[test]
fn a_clash_or_one_source_twice_refuses_the_whole_write() {
    let (_dir, mut store, child) = store_with_child();
    store
        .write(|w| w.apply_history(child, &[entry(Event::CaseReview, day(2024, 3, 2), None, "r1")]))
        .unwrap();
    store
        .write(|w| w.record_event(child, Event::CaseReview, day(2024, 3, 4)))
        .unwrap();
    let before = rows(&store, child);
    let audited = trail(&store);
    // r1 now says the 4th, which holds a review recorded in the app; the
    // new entry before it is not written either.
    let clash = [
        entry(Event::Ppm, day(2024, 1, 10), None, "p1"),
        entry(Event::CaseReview, day(2024, 3, 4), None, "r1"),
    ];
    let refused = store.write(|w| w.apply_history(child, &clash));
    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(RecordRule::EventOnBoth {
                event: Event::CaseReview,
                ..
            }))
        ),
        "{refused:?}"
    );
    let twice = [
        entry(Event::Ppm, day(2024, 1, 10), None, "p1"),
        entry(Event::Ppm, day(2024, 1, 12), None, "p1"),
    ];
    let refused = store.write(|w| w.apply_history(child, &twice));
    assert!(
        matches!(&refused, Err(StoreError::Refused(RecordRule::SourceTwice { name })) if name == "p1"),
        "{refused:?}"
    );
    assert_eq!(rows(&store, child), before);
    assert_eq!(trail(&store), audited);
}

#[test]
fn the_database_keeps_one_current_event_per_source_whatever_writes() {
    let (dir, mut store, child) = store_with_child();
    store
        .write(|w| w.apply_history(child, &[entry(Event::CaseReview, day(2024, 3, 2), None, "r1")]))
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("imported.db")).unwrap();
    let second = conn.execute(
        "INSERT INTO events (child_id, event, on_date, source) VALUES (?1, 'ppm', '2024-03-09', 'r1')",
        [child.0],
    );
    let error = second.unwrap_err().to_string();
    assert!(error.contains("UNIQUE"), "{error}");
    // Recorded in the app (no source), as many as there are.
    for on in ["2024-03-09", "2024-03-10"] {
        conn.execute(
            "INSERT INTO events (child_id, event, on_date) VALUES (?1, 'ppm', ?2)",
            rusqlite::params![child.0, on],
        )
        .unwrap();
    }
    let empty = conn.execute(
        "INSERT INTO events (child_id, event, on_date, source) VALUES (?1, 'ppm', '2024-03-11', '')",
        [child.0],
    );
    assert!(empty.is_err(), "a source is never empty");
}

#[test]
fn a_read_only_store_writes_no_history() {
    let (dir, store, child) = store_with_child();
    drop(store);
    let path = dir.path().join("imported.db");
    let mut store = Store::open_read_only(&path, crate::Actor::system()).unwrap();
    let refused = store.write(|w| w.apply_history(child, &[entry(Event::Ppm, day(2024, 1, 10), None, "p1")]));
    assert!(matches!(refused, Err(StoreError::ReadOnly)), "{refused:?}");
    assert!(store.recorded_events(child).unwrap().is_empty());
}

#[test]
fn a_file_taken_back_to_an_older_schema_number_runs_the_sources_migration_again_over_itself() {
    let (dir, mut store, child) = store_with_child();
    store
        .write(|w| w.apply_history(child, &[entry(Event::CaseReview, day(2024, 3, 2), None, "r1")]))
        .unwrap();
    drop(store);
    let path = dir.path().join("imported.db");
    let before = crate::migrations::latest() - 1;
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", before)
        .unwrap();
    let store = Store::open(&path).unwrap();
    let events = store.recorded_events(child).unwrap();
    assert_eq!(events[0].source.as_deref(), Some("r1"), "the sources are kept");
}

#[test]
fn a_source_that_now_names_another_event_withdraws_the_old_one_and_records_the_new() {
    let (_dir, mut store, child) = store_with_child();
    let source = "ssda903:episodes:2019-04-01:LS";
    let ico = [entry(Event::InterimCareOrder, day(2019, 4, 1), None, source)];
    store.write(|w| w.apply_history(child, &ico)).unwrap();
    let status = |store: &Store| store.child_detail(child).unwrap().unwrap().fields.legal_status;
    assert_eq!(status(&store), LegalStatus::Ico);
    // The authority's system now says the episode's legal status was a
    // care order.
    let co = [entry(Event::CareOrder, day(2019, 4, 1), None, source)];
    let steps = store.write(|w| w.apply_history(child, &co)).unwrap();
    assert_eq!(
        steps,
        [HistoryStep::Replace {
            event: Event::InterimCareOrder,
            on: day(2019, 4, 1)
        }]
    );
    let entries = store.recorded_events(child).unwrap();
    let old = entries
        .iter()
        .find(|e| e.event == Event::InterimCareOrder)
        .unwrap();
    assert_eq!(old.status, EventStatus::Withdrawn);
    assert!(old.reason.as_deref().unwrap().starts_with(IMPORT_REASON));
    let new = entries.iter().find(|e| e.event == Event::CareOrder).unwrap();
    assert_eq!(
        (new.status, new.source.as_deref()),
        (EventStatus::Current, Some(source))
    );
    assert_eq!(status(&store), LegalStatus::Co, "the legal status follows");
    // Imported again, it is the same.
    assert_eq!(
        store.write(|w| w.apply_history(child, &co)).unwrap(),
        [HistoryStep::Unchanged]
    );
}
