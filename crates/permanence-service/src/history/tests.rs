//! Planning and applying imported history on a temporary database: every
//! problem listed at once and nothing written, what a plan says matching
//! what the write does, and a second import of the same entries changing
//! nothing.

use super::*;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::event::Event;
use crate::domain::plan::{PlanRole, Stage};
use crate::domain::plan_import::PlanRow;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 6)
}

fn entry(reference: &str, event: Event, on: NaiveDate, source: &str) -> HistoryEntry {
    HistoryEntry {
        reference: reference.into(),
        event,
        on,
        note: None,
        source: source.into(),
    }
}

/// Amara, born 01/03/2022, in care on an adoption plan since 2026.
fn amara() -> (tempfile::TempDir, Store, ChildId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("history.db")).unwrap();
    let child = ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        date_of_birth: Some(day(2022, 3, 1)),
        legal_status: LegalStatus::Ico,
        looked_after_since: Some(day(2026, 8, 19)),
        ..ChildFields::default()
    };
    let id = store
        .write(|w| {
            w.put_child(&child)?;
            let id = w.child_id("A1")?.unwrap();
            let row = PlanRow {
                line: 2,
                reference: "A1".into(),
                pathway: "adoption".into(),
                role: PlanRole::Primary,
                start: day(2026, 8, 1),
                stage: Stage::Proceedings,
                basis: Default::default(),
            };
            w.put_plan(id, &row).map(|_| id)
        })
        .unwrap();
    (dir, store, id)
}

#[test]
fn every_problem_is_listed_by_its_entry_and_nothing_is_written() {
    let (_dir, mut store, child) = amara();
    let library = Library::load(None).unwrap();
    let entries = [
        entry("A1", Event::CaseReview, day(2026, 9, 1), "s1"),
        entry("Z9", Event::CaseReview, day(2026, 9, 1), "s2"),
        entry("A1", Event::Ppm, day(2027, 1, 1), "s3"),
        entry("A1", Event::Visit, day(2021, 1, 1), "s4"),
        entry("A1", Event::Visit, day(2026, 9, 2), "s1"),
    ];
    let plan = plan(&store, &library, &entries, today()).unwrap();
    let found: Vec<(usize, Field)> = plan.problems.iter().map(|p| (p.index, p.field)).collect();
    assert_eq!(
        found,
        [
            (1, Field::Reference),
            (2, Field::On),
            (3, Field::On),
            (4, Field::Source)
        ]
    );
    assert_eq!(plan.problems[0].message, "no child has the reference Z9");
    assert!(plan.problems[1].message.contains("01/01/2027 is in the future"));
    assert!(
        plan.problems[2]
            .message
            .contains("before the child's date of birth (01/03/2022)")
    );
    assert_eq!(plan.problems[3].first, Some(0));
    let refused = apply(&mut store, &plan);
    assert!(matches!(refused, Err(HistoryError::Problems(4))), "{refused:?}");
    assert!(store.recorded_events(child).unwrap().is_empty());
}

#[test]
fn a_plan_says_what_the_write_does_and_the_same_entries_again_change_nothing() {
    let (_dir, mut store, child) = amara();
    let library = Library::load(None).unwrap();
    store
        .write(|w| w.record_event(child, Event::Ppm, day(2026, 9, 10)))
        .unwrap();
    let entries = [
        entry(
            "A1",
            Event::CareOrder,
            day(2026, 11, 2),
            "events:care-order:2026-11-02",
        ),
        entry(
            "A1",
            Event::CaseReview,
            day(2026, 9, 15),
            "events:case-review:2026-09-15",
        ),
        entry("A1", Event::Ppm, day(2026, 9, 10), "events:ppm:2026-09-10"),
    ];
    let planned = plan(&store, &library, &entries, today()).unwrap();
    assert!(planned.problems.is_empty(), "{:?}", planned.problems);
    let [amara] = planned.children.as_slice() else {
        panic!("one child")
    };
    let steps: Vec<&HistoryStep> = amara.entries.iter().map(|p| &p.step).collect();
    assert_eq!(
        steps,
        [
            &HistoryStep::Record,
            &HistoryStep::Record,
            &HistoryStep::AlreadyRecorded { source: None }
        ]
    );
    assert!(
        amara.legal.iter().any(|l| l.contains("ICO → CO")),
        "{:?}",
        amara.legal
    );
    assert!(!amara.moves.is_empty(), "a review held moves the next one's date");
    assert!(
        store.recorded_events(child).unwrap().len() == 1,
        "planning writes nothing"
    );

    let applied = apply(&mut store, &planned).unwrap();
    assert_eq!(
        applied,
        Applied {
            recorded: 2,
            children: 1,
            already: 1,
            ..Applied::default()
        }
    );
    assert_eq!(Applied::planned(&planned), applied);
    let status = store.child_detail(child).unwrap().unwrap().fields.legal_status;
    assert_eq!(status, LegalStatus::Co, "the care order moved the legal status");
    let trail = store.audit_entries(None).unwrap();
    assert_eq!(trail.last().unwrap().action, "import");

    let again = plan(&store, &library, &entries, today()).unwrap();
    assert!(again.children.iter().all(|c| !c.changes() && c.moves.is_empty()));
    let applied = apply(&mut store, &again).unwrap();
    assert!(!applied.changed());
    assert_eq!(applied.already, 3);
    assert_eq!(
        store.audit_entries(None).unwrap().len(),
        trail.len(),
        "nothing audited"
    );
}

#[test]
fn a_move_onto_a_day_the_app_holds_is_a_problem_of_its_entry() {
    let (_dir, mut store, child) = amara();
    let library = Library::load(None).unwrap();
    let first = [entry("A1", Event::CaseReview, day(2026, 9, 15), "r1")];
    let planned = plan(&store, &library, &first, today()).unwrap();
    apply(&mut store, &planned).unwrap();
    store
        .write(|w| w.record_event(child, Event::CaseReview, day(2026, 9, 20)))
        .unwrap();
    let moved = [entry("A1", Event::CaseReview, day(2026, 9, 20), "r1")];
    let planned = plan(&store, &library, &moved, today()).unwrap();
    let [problem] = planned.problems.as_slice() else {
        panic!("{:?}", planned.problems)
    };
    assert_eq!((problem.index, problem.field), (0, Field::On));
    assert!(
        problem.message.starts_with(
            "case-review is already recorded on 20/09/2026 (recorded in the app); this entry's event, imported before on 15/09/2026"
        ),
        "{}",
        problem.message
    );
}
