use super::*;
use permanence_domain::child::{ChildFields, LegalStatus, Rag};

fn child(reference: &str) -> ChildFields {
    ChildFields {
        reference: reference.into(),
        given_name: "Test".into(),
        family_name: reference.into(),
        legal_status: LegalStatus::Co,
        ..ChildFields::default()
    }
}

fn on(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// A new store holding a child for each reference, and their ids.
fn store_with(references: &[&str]) -> (tempfile::TempDir, Store, Vec<ChildId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    store
        .write(|w| {
            for reference in references {
                w.put_child(&child(reference))?;
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let ids = references
        .iter()
        .map(|r| store.child_id(r).unwrap().unwrap())
        .collect();
    (dir, store, ids)
}

#[test]
fn the_last_discussion_is_the_latest_earlier_meeting_of_the_tracker_that_said_something() {
    let (_dir, mut store, ids) = store_with(&["A", "B"]);
    let [a, b] = [ids[0], ids[1]];
    let both = [a, b];
    let first = store
        .write(|w| w.start_meeting(Tracker::SgoReview, on(2), &both))
        .unwrap();
    store
        .write(|w| w.record_meeting_stage(first, a, "Assessment"))
        .unwrap();
    store
        .write(|w| w.add_meeting_action(first, a, "Book the panel", Some("SW"), on(20)))
        .unwrap();
    // A second meeting that skipped A, and another tracker's that did not.
    let skipped = store
        .write(|w| w.start_meeting(Tracker::SgoReview, on(9), &both))
        .unwrap();
    store
        .write(|w| w.record_meeting_note(skipped, b, Some("B only")))
        .unwrap();
    let other = store
        .write(|w| w.start_meeting(Tracker::Kinship, on(12), &both))
        .unwrap();
    store
        .write(|w| w.record_meeting_note(other, a, Some("kinship")))
        .unwrap();
    let now = store
        .write(|w| w.start_meeting(Tracker::SgoReview, on(16), &both))
        .unwrap();
    let (held, last) = store
        .last_discussion(Tracker::SgoReview, a, now)
        .unwrap()
        .unwrap();
    assert_eq!(held, on(2));
    assert_eq!(last.stage.as_deref(), Some("Assessment"));
    assert_eq!(last.actions.len(), 1);
    assert_eq!(last.actions[0].what, "Book the panel");
    let (held, last) = store
        .last_discussion(Tracker::SgoReview, b, now)
        .unwrap()
        .unwrap();
    assert_eq!((held, last.note.as_deref()), (on(9), Some("B only")));
    // All at once, as a meeting of thousands opens: the same answers.
    let all = store.last_discussions(Tracker::SgoReview, &both, now).unwrap();
    for child in both {
        assert_eq!(
            all.get(&child),
            store
                .last_discussion(Tracker::SgoReview, child, now)
                .unwrap()
                .as_ref()
        );
    }
    assert_eq!(all.len(), 2);
    // Nothing before the first meeting.
    assert!(
        store
            .last_discussion(Tracker::SgoReview, a, first)
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .last_discussions(Tracker::SgoReview, &both, first)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_meeting_stores_its_cohort_as_one_list_and_a_discussion_once_something_is_said() {
    let (_dir, mut store, ids) = store_with(&["A", "B", "C", "D"]);
    let [a, b, c, d] = [ids[0], ids[1], ids[2], ids[3]];
    // Taken in the order C, A, B; D is not on the tracker.
    let meeting = store
        .write(|w| w.start_meeting(Tracker::SgoReview, on(2), &[c, a, b]))
        .unwrap();
    let started = store.meeting(meeting).unwrap().unwrap();
    assert_eq!(started.cohort, 3);
    assert!(started.discussions.is_empty());
    // Said out of order, they come back in the cohort's.
    store
        .write(|w| w.record_meeting_note(meeting, b, Some("b")))
        .unwrap();
    store
        .write(|w| w.record_meeting_rag(meeting, c, Rag::Red))
        .unwrap();
    store
        .write(|w| w.record_meeting_note(meeting, b, Some("b again")))
        .unwrap();
    let held = store.meeting(meeting).unwrap().unwrap();
    let said: Vec<_> = held
        .discussions
        .iter()
        .map(|d| (d.child, d.note.clone(), d.rag))
        .collect();
    assert_eq!(
        said,
        vec![(c, None, Some(Rag::Red)), (b, Some("b again".to_string()), None)]
    );
    assert_eq!(held.cohort, 3);
    assert_eq!(held.discussion_of(c).map(|d| d.reference.as_str()), Some("C"));
    // A child the meeting does not list: refused, and nothing written
    // (not even the RAG on their record).
    for refused in [
        store.write(|w| w.record_meeting_rag(meeting, d, Rag::Green)),
        store.write(|w| w.record_meeting_note(meeting, d, Some("d"))),
        store.write(|w| w.add_meeting_action(meeting, d, "Call", None, on(9)).map(|_| ())),
    ] {
        assert!(
            matches!(refused, Err(StoreError::NotInMeeting { child, .. }) if child == d.0),
            "{refused:?}"
        );
    }
    assert_eq!(store.meeting(meeting).unwrap().unwrap().discussions.len(), 2);
    // Each thing said is on the child's audit trail, under the meeting.
    let said: Vec<_> = store
        .audit_entries(Some("B"))
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "meeting")
        .map(|e| (e.entity_id, e.after))
        .collect();
    let id = Some(meeting.to_string());
    assert_eq!(
        said,
        vec![
            (id.clone(), Some(r#"{"note":"b"}"#.to_string())),
            (id, Some(r#"{"note":"b again"}"#.to_string()))
        ]
    );
    assert!(
        store
            .audit_entries(Some("D"))
            .unwrap()
            .iter()
            .all(|e| e.entity != "meeting")
    );
    assert_eq!(store.child_detail(d).unwrap().unwrap().fields.rag, None);
}

#[test]
fn a_meeting_started_before_cohorts_were_one_list_reads_and_records_as_before() {
    let (_dir, mut store, ids) = store_with(&["A", "B"]);
    let [a, b] = [ids[0], ids[1]];
    // As such a meeting was stored: a row for every child, no list.
    store
        .conn
        .execute_batch(&format!(
            "INSERT INTO tracker_meetings (id, tracker, held_on, chair, started_at)
                 VALUES (7, 'sgo-review', '2026-11-02', 'root', '2026-11-02T10:00:00Z');
             INSERT INTO tracker_discussions (meeting_id, child_id, position)
                 VALUES (7, {}, 0), (7, {}, 1);",
            b.0, a.0
        ))
        .unwrap();
    let old = store.meeting(7).unwrap().unwrap();
    assert_eq!(old.cohort, 2);
    assert_eq!(
        old.discussions.iter().map(|d| d.child).collect::<Vec<_>>(),
        vec![b, a]
    );
    store.write(|w| w.record_meeting_note(7, a, Some("a"))).unwrap();
    let held = store.meeting(7).unwrap().unwrap();
    assert_eq!(held.discussions.len(), 2);
    assert_eq!(held.discussion_of(a).and_then(|d| d.note.as_deref()), Some("a"));
}
