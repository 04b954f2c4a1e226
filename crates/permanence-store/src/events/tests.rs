//! Recorded events in the store: the migration that gave them who, when
//! and status (and turned done marks on occurrences into events), the
//! stored-timeline triggers surviving its table rebuild, and corrections.

use crate::{EventStatus, Store, StoreError, migrations};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::event::Event;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A database as migration 11 left it: one child with a plan, two
/// recorded events (the first with its audit entry), and done marks on a
/// case review and a statutory visit (occurrences) and on a task.
fn old_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut conn = Connection::open(&path).unwrap();
    migrations::migrate_to(&mut conn, 11).unwrap();
    conn.execute_batch(
        "INSERT INTO children (id, ref, given_name, family_name, looked_after_since)
             VALUES (1, 'A1', 'Amara', 'Okafor', '2026-08-19');
         INSERT INTO plans (id, child_id, pathway, role, start, stage)
             VALUES (1, 1, 'permanent-fostering', 'primary', '2026-10-14', 'looked-after');
         INSERT INTO events (id, child_id, event, on_date) VALUES (1, 1, 'ppm', '2026-10-28');
         INSERT INTO events (id, child_id, event, on_date) VALUES (2, 1, 'placement', '2026-10-01');
         INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash)
             VALUES ('2026-10-28T10:00:00Z', 'alice', 'alice', 'record-event', 'event', 'A1', '1',
                     NULL, NULL, '0', 'h1');
         INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash)
             VALUES ('2026-09-17T09:00:00Z', 'bob', 'bob', 'done', 'item', 'A1', '1/first-case-review',
                     NULL, NULL, 'h1', 'h2');
         INSERT INTO done_items (plan_id, key, done_on, note)
             VALUES (1, 'first-case-review', '2026-09-16', 'IRO: Jo'),
                    (1, 'statutory-visit-2', '2026-10-20', NULL),
                    (1, 'gateway-application', '2026-10-15', NULL);
         DELETE FROM stale_timelines;",
    )
    .unwrap();
    (dir, path)
}

fn stale(path: &Path) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    let mut statement = conn.prepare("SELECT child_id FROM stale_timelines").unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn clear_stale(path: &Path) {
    Connection::open(path)
        .unwrap()
        .execute("DELETE FROM stale_timelines", [])
        .unwrap();
}

/// An entry as the test reads it: event, day, who, note, status.
type Seen<'a> = (Event, NaiveDate, Option<&'a str>, Option<&'a str>, EventStatus);

#[test]
fn an_old_database_upgrades_its_events_and_done_marks_on_occurrences_become_events() {
    let (_dir, path) = old_database();
    let store = Store::open(&path).unwrap();
    let child = ChildId(1);
    let entries = store.recorded_events(child).unwrap();
    let seen: Vec<Seen<'_>> = entries
        .iter()
        .map(|e| {
            (
                e.event,
                e.on,
                e.recorded_by.as_deref(),
                e.note.as_deref(),
                e.status,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                Event::CaseReview,
                day(2026, 9, 16),
                Some("bob"),
                Some("IRO: Jo"),
                EventStatus::Current
            ),
            (
                Event::Placement,
                day(2026, 10, 1),
                None,
                None,
                EventStatus::Current
            ),
            (Event::Visit, day(2026, 10, 20), None, None, EventStatus::Current),
            (
                Event::Ppm,
                day(2026, 10, 28),
                Some("alice"),
                None,
                EventStatus::Current
            ),
        ]
    );
    assert_eq!(entries[3].recorded_at.as_deref(), Some("2026-10-28T10:00:00Z"));
    let facts = store.timeline_facts(child).unwrap();
    let keys: Vec<&str> = facts.done.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys, ["gateway-application"], "a task keeps its done mark");
    assert_eq!(facts.events.len(), 4);
    assert_eq!(stale(&path), [1], "the child's timeline is worked out again");
}

#[test]
fn the_stored_timeline_triggers_survive_the_rebuild_and_fire_on_every_change() {
    let (_dir, path) = old_database();
    let mut store = Store::open(&path).unwrap();
    let child = ChildId(1);
    let conn = Connection::open(&path).unwrap();
    let triggers: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        triggers,
        [
            "stale_on_event_delete",
            "stale_on_event_insert",
            "stale_on_event_update"
        ]
    );
    clear_stale(&path);
    store
        .write(|w| w.record_event(child, Event::CaseReview, day(2026, 11, 20)))
        .unwrap();
    assert_eq!(stale(&path), [1], "recording");
    clear_stale(&path);
    store
        .write(|w| {
            w.correct_event(
                child,
                Event::CaseReview,
                day(2026, 11, 20),
                day(2026, 11, 19),
                "typo",
            )
        })
        .unwrap();
    assert_eq!(stale(&path), [1], "correcting");
    clear_stale(&path);
    store
        .write(|w| w.withdraw_event(child, Event::Ppm, day(2026, 10, 28), "wrong child"))
        .unwrap();
    assert_eq!(stale(&path), [1], "withdrawing");
}

#[test]
fn only_current_events_count_and_a_correction_keeps_the_wrong_entry() {
    let (_dir, path) = temp_store();
    let mut store = Store::open(&path).unwrap();
    let child = add_child(&mut store);
    store
        .write(|w| w.record_event_noted(child, Event::CaseReview, day(2026, 9, 16), Some("held at school")))
        .unwrap();
    store
        .write(|w| {
            w.correct_event(
                child,
                Event::CaseReview,
                day(2026, 9, 16),
                day(2026, 9, 15),
                "minutes",
            )
        })
        .unwrap();
    let entries = store.recorded_events(child).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].status, EventStatus::Corrected);
    assert_eq!(entries[1].corrected_to, Some(day(2026, 9, 15)));
    assert_eq!(entries[1].reason.as_deref(), Some("minutes"));
    assert_eq!(entries[0].status, EventStatus::Current);
    assert_eq!(
        entries[0].note.as_deref(),
        Some("held at school"),
        "the note goes with it"
    );
    let facts = store.timeline_facts(child).unwrap();
    assert_eq!(facts.events.len(), 1);
    assert_eq!(facts.events[0].on, day(2026, 9, 15));
    // A wrong date is refused whole, naming what is recorded.
    let refused = store.write(|w| w.withdraw_event(child, Event::CaseReview, day(2026, 9, 16), "x"));
    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(crate::RecordRule::EventNotRecorded { event: Event::CaseReview, on }))
                if on == day(2026, 9, 16)
        ),
        "{refused:?}"
    );
    // A withdrawn event can be recorded again on the same day.
    store
        .write(|w| w.withdraw_event(child, Event::CaseReview, day(2026, 9, 15), "not held"))
        .unwrap();
    assert_eq!(store.timeline_facts(child).unwrap().events.len(), 0);
    store
        .write(|w| w.record_event(child, Event::CaseReview, day(2026, 9, 15)))
        .unwrap();
    assert_eq!(store.timeline_facts(child).unwrap().events.len(), 1);
}

fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    (dir, path)
}

fn add_child(store: &mut Store) -> ChildId {
    let fields = permanence_domain::child::ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        ..Default::default()
    };
    store.write(|w| w.put_child(&fields)).unwrap();
    store.child_id("A1").unwrap().unwrap()
}

#[test]
fn the_legal_status_follows_the_orders_recorded_and_goes_back_when_one_is_withdrawn() {
    use permanence_domain::child::LegalStatus;
    let (_dir, path) = temp_store();
    let mut store = Store::open(&path).unwrap();
    let child = add_child(&mut store);
    let status = |store: &Store| store.child_detail(child).unwrap().unwrap().fields.legal_status;
    let version = |store: &Store| store.child_version(child).unwrap().unwrap();
    store
        .write(|w| {
            let mut fields = w.child_fields(child)?.unwrap();
            fields.legal_status = LegalStatus::S20;
            w.put_child(&fields)
        })
        .unwrap();
    // An ICO, then an SGO: each moves the record, in the same write.
    store
        .write(|w| w.record_event(child, Event::InterimCareOrder, day(2026, 1, 5)))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::Ico);
    let before_sgo = version(&store);
    store
        .write(|w| w.record_event(child, Event::SpecialGuardianshipOrder, day(2026, 6, 3)))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::Sgo);
    assert!(
        version(&store) > before_sgo,
        "a save made from the old record must see the change"
    );
    // A review, or an order older than the one standing, moves nothing.
    store
        .write(|w| w.record_event(child, Event::CareOrder, day(2026, 3, 1)))
        .unwrap();
    store
        .write(|w| w.record_event(child, Event::CaseReview, day(2026, 6, 10)))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::Sgo);
    // Withdrawn: the order before it stands again; with none, the
    // record's own status from before any order.
    store
        .write(|w| {
            w.withdraw_event(
                child,
                Event::SpecialGuardianshipOrder,
                day(2026, 6, 3),
                "wrong child",
            )
        })
        .unwrap();
    assert_eq!(status(&store), LegalStatus::Co);
    store
        .write(|w| w.withdraw_event(child, Event::CareOrder, day(2026, 3, 1), "not made"))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::Ico);
    store
        .write(|w| w.withdraw_event(child, Event::InterimCareOrder, day(2026, 1, 5), "not made"))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::S20);
    // A status set by hand since an order is left alone by its undo.
    store
        .write(|w| w.record_event(child, Event::CareOrder, day(2026, 3, 2)))
        .unwrap();
    store
        .write(|w| {
            let mut fields = w.child_fields(child)?.unwrap();
            fields.legal_status = LegalStatus::None;
            w.put_child(&fields)
        })
        .unwrap();
    store
        .write(|w| w.withdraw_event(child, Event::CareOrder, day(2026, 3, 2), "not made"))
        .unwrap();
    assert_eq!(status(&store), LegalStatus::None);
}

/// Every read of one child's events finds them through an index, with no
/// scan of every event: the current ones through `events_one_current`,
/// the corrected and withdrawn through `events_not_current` (migration
/// 26 took `events_by_child` away), each sorting only the child's few.
#[test]
fn a_childs_events_are_read_through_the_partial_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    let standing =
        "SELECT event, on_date FROM events WHERE child_id = ?1 AND status = 'current' ORDER BY on_date, id";
    for sql in [
        crate::events::child_events_sql(),
        crate::imported::IMPORTED_EVENTS.to_string(),
        standing.to_string(),
    ] {
        let read = crate::tests::query_plan(&store, &sql);
        assert!(!read.contains("SCAN"), "{sql}: {read}");
        assert!(read.contains("events_one_current (child_id=?)"), "{sql}: {read}");
        if sql != standing {
            assert!(
                read.contains("USING INDEX events_not_current (child_id=?)"),
                "{sql}: {read}"
            );
        }
    }
}
