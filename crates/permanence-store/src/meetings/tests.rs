use super::*;
use permanence_domain::child::{ChildFields, LegalStatus};

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

#[test]
fn the_last_discussion_is_the_latest_earlier_meeting_of_the_tracker_that_said_something() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    store
        .write(|w| w.put_child(&child("A")).and_then(|_| w.put_child(&child("B"))))
        .unwrap();
    let a = store.child_id("A").unwrap().unwrap();
    let b = store.child_id("B").unwrap().unwrap();
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
