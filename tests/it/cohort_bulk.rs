//! The trackers and the dashboard read the caseload in bulk, each summary
//! from the stored timelines; here against the source of truth, every
//! child's timeline worked out one by one (`timelines::gather`): the same
//! rows for every tracker through the binary, the same figures on the
//! dashboard, the same figures and rows folded from the caseload read as
//! a stream (as the dashboard screen and a tracker meeting read it), the
//! same rows from only the events a tracker reads, and the same summaries
//! after any sequence of writes.

use crate::util::caseloads::Caseload;
use crate::util::{self, today};
use chrono::{Days, NaiveDate};
use permanence::domain::child::ChildId;
use permanence::domain::child_places::ChildPlaces;
use permanence::domain::cohort::{self, CohortChild, EVENTS_USED, Tracker, TrackerFold};
use permanence::domain::dashboard::{Dashboard, DashboardFold};
use permanence::domain::event::{Event, RecordedEvent};
use permanence::domain::people::Carer;
use permanence::domain::plan::{PlanEnding, PlanRole, PlanStatus, Stage};
use permanence::domain::timeline::Summary;
use permanence::interchange::report_out::{self, ReportFormat};
use permanence::service::library::Library;
use permanence::service::timelines::{self, CohortInput, Engine, Gathered};
use permanence::store::{Store, StoreError};
use proptest::prelude::*;
use std::collections::HashMap;

fn library() -> Library {
    Library::load(None).unwrap()
}

/// The tracker's JSON as `report tracker` wrote it before the bulk read:
/// from every child's timeline worked out one by one.
fn worked_out_json(store: &Store, gathered: &[Gathered], tracker: Tracker, as_of: NaiveDate) -> String {
    let decisions = store.tracker_decisions(tracker, as_of).unwrap();
    let by_ref: HashMap<&str, &str> = gathered
        .iter()
        .filter_map(|g| {
            Some((
                g.detail.fields.reference.as_str(),
                decisions.get(&g.detail.id)?.as_str(),
            ))
        })
        .collect();
    let children: Vec<CohortChild<'_>> = gathered.iter().map(timelines::cohort_child).collect();
    let report = cohort::tracker_with_decisions(tracker, &children, as_of, |r| by_ref.get(r).copied());
    let mut out = Vec::new();
    report_out::write(&report, ReportFormat::Json, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The fixture of 200 children, with decisions recorded at a kinship and
/// a permanence meeting, so that both the Kinship categories and the
/// "Last decision" column have something to read.
fn caseload_with_decisions() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = Caseload::two_hundred().store();
    let ids: Vec<ChildId> = store.caseload().unwrap().iter().map(|r| r.id).take(40).collect();
    let held = today() - Days::new(14);
    store
        .write(|w| {
            for (tracker, decision) in [
                (Tracker::Kinship, cohort::KINSHIP_DECISIONS[1]),
                (Tracker::Permanence, "Adoption"),
            ] {
                let meeting = w.start_meeting(tracker, held, &ids)?;
                for id in ids.iter().step_by(3) {
                    w.record_meeting_stage(meeting, *id, decision)?;
                }
            }
            Ok::<_, permanence::store::StoreError>(())
        })
        .unwrap();
    (dir, store)
}

#[test]
fn every_tracker_through_the_binary_gives_the_rows_of_timelines_worked_out_one_by_one() {
    let (dir, store) = caseload_with_decisions();
    let library = library();
    let as_of = today();
    let gathered = timelines::gather(&store, &library, as_of, None).unwrap();
    let expected: Vec<(Tracker, String)> = Tracker::ALL
        .iter()
        .map(|t| (*t, worked_out_json(&store, &gathered, *t, as_of)))
        .collect();
    drop(store);
    let db = dir.path().join("fixture.db");
    let day = permanence::domain::date::iso(as_of);
    let mut listed = 0;
    for (tracker, expected) in expected {
        let args = [
            "report",
            "tracker",
            tracker.code(),
            "--as-of",
            &day,
            "--format",
            "json",
        ];
        let found = util::ok(&db, &args);
        assert_eq!(found, expected, "{}", tracker.code());
        let rows: Vec<serde_json::Value> = serde_json::from_str(&found).unwrap();
        listed += rows.len();
    }
    assert!(listed > 100, "the trackers list many of the 200 ({listed})");
}

/// The bulk read's children against those gathered one by one: the same
/// children in the same order, each with the same facts a tracker reads.
fn assert_same_children(inputs: &[CohortInput], gathered: &[Gathered]) {
    assert_eq!(inputs.len(), gathered.len());
    for (input, g) in inputs.iter().zip(gathered) {
        let (a, b) = (input.child(), timelines::cohort_child(g));
        assert_eq!(a.fields.reference, b.fields.reference, "caseload order");
        assert_eq!(a.plans, b.plans, "{}", b.fields.reference);
        assert_eq!(a.carers, b.carers, "{}", b.fields.reference);
        assert_eq!(a.summary, b.summary, "{}", b.fields.reference);
        assert_eq!(a.kinship_decision, b.kinship_decision, "{}", b.fields.reference);
        let used: Vec<&RecordedEvent> = b
            .events
            .iter()
            .filter(|e| EVENTS_USED.contains(&e.event))
            .collect();
        assert_eq!(
            a.events.iter().collect::<Vec<_>>(),
            used,
            "{}",
            b.fields.reference
        );
    }
}

#[test]
fn the_dashboard_and_every_tracker_read_in_bulk_match_the_timelines_worked_out() {
    let (_dir, store) = caseload_with_decisions();
    let library = library();
    let as_of = today();
    let gathered = timelines::gather(&store, &library, as_of, None).unwrap();
    // Nothing stored yet (the fixture's store works none out): every
    // summary is worked out afresh by the bulk read.
    let inputs = timelines::cohort(&store, &library, as_of, |_| true).unwrap();
    assert_same_children(&inputs, &gathered);
    let old: Vec<CohortChild<'_>> = gathered.iter().map(timelines::cohort_child).collect();
    let new: Vec<CohortChild<'_>> = inputs.iter().map(CohortInput::child).collect();
    assert_eq!(Dashboard::of(&new, as_of), Dashboard::of(&old, as_of));
    for tracker in Tracker::ALL {
        assert_eq!(
            cohort::tracker(tracker, &new, as_of),
            cohort::tracker(tracker, &old, as_of),
            "{}",
            tracker.code()
        );
    }
}

/// The dashboard and every tracker folded one child at a time from the
/// caseload read as a stream (in the store's order, each child with their
/// place in caseload order, as the dashboard screen, a tracker meeting
/// and `report tracker` read it) give the figures and rows of the
/// timelines worked out one by one: with every summary worked out afresh,
/// and again from the stored timelines once they are stored.
#[test]
fn the_dashboard_and_every_tracker_folded_from_the_stream_match_the_timelines_worked_out() {
    let (_dir, mut store) = caseload_with_decisions();
    let library = library();
    let as_of = today();
    let gathered = timelines::gather(&store, &library, as_of, None).unwrap();
    let old: Vec<CohortChild<'_>> = gathered.iter().map(timelines::cohort_child).collect();
    for stored in [false, true] {
        if stored {
            store.set_timeline_source(Box::new(Engine::new(&library)), as_of);
            assert!(store.refresh_timelines(as_of).unwrap() > 0);
        }
        let mut dashboard = DashboardFold::new(as_of);
        let mut trackers: Vec<TrackerFold> =
            Tracker::ALL.iter().map(|t| TrackerFold::new(*t, as_of)).collect();
        let mut positions = Vec::new();
        timelines::each_cohort(
            &store,
            &library,
            as_of,
            |_| true,
            |input, position| {
                let child = input.child();
                dashboard.add(&child, position);
                for fold in &mut trackers {
                    fold.add(&child);
                }
                positions.push(position);
                Ok::<(), StoreError>(())
            },
        )
        .unwrap();
        assert_eq!(dashboard.finish(), Dashboard::of(&old, as_of), "stored: {stored}");
        // The dashboard's own read, which makes whole only the children
        // its two trackers may list, gives the same figures.
        // In caseload order, as the caseload lists them.
        let in_order: Vec<ChildId> = store.caseload().unwrap().iter().map(|r| r.id).collect();
        let places = ChildPlaces::of(&in_order);
        let counted = timelines::dashboard(&store, &library, as_of, &in_order).unwrap();
        assert_eq!(counted, Dashboard::of(&old, as_of), "glanced, stored: {stored}");
        // Read in two halves at once, as a national caseload is (the
        // later over a second, read-only connection, its stale summaries
        // worked out there), and merged: the same figures and rows.
        let (split_dashboard, split_trackers) = timelines::fold_cohort_rows_from(
            2,
            &store,
            &library,
            as_of,
            &|_| true,
            || {
                let trackers: Vec<TrackerFold> =
                    Tracker::ALL.iter().map(|t| TrackerFold::new(*t, as_of)).collect();
                (DashboardFold::new(as_of), trackers, 0_usize)
            },
            |(dashboard, trackers, read), row| {
                let record = row.into_record()?;
                let position = places.place(record.id).expect("every child is in the caseload");
                dashboard.add(&record.child(), position);
                for fold in trackers.iter_mut() {
                    fold.add(&record.child());
                }
                *read += 1;
                Ok::<(), StoreError>(())
            },
            |(dashboard, trackers, earlier), (later_dashboard, later_trackers, later)| {
                assert!(earlier > 0 && later > 0, "both halves read: {earlier}, {later}");
                let trackers = trackers
                    .into_iter()
                    .zip(later_trackers)
                    .map(|(a, b)| a.merge(b))
                    .collect();
                (dashboard.merge(later_dashboard), trackers, earlier + later)
            },
        )
        .map(|(dashboard, trackers, _)| (dashboard.finish(), trackers))
        .unwrap();
        assert_eq!(
            split_dashboard,
            Dashboard::of(&old, as_of),
            "split, stored: {stored}"
        );
        for (tracker, fold) in Tracker::ALL.iter().zip(split_trackers) {
            let tracked = cohort::tracker(*tracker, &old, as_of);
            assert_eq!(
                fold.finish(),
                tracked,
                "split {} (stored: {stored})",
                tracker.code()
            );
        }
        for (tracker, fold) in Tracker::ALL.iter().zip(trackers) {
            assert_eq!(
                fold.finish(),
                cohort::tracker(*tracker, &old, as_of),
                "{} (stored: {stored})",
                tracker.code()
            );
        }
        // Each child's place is theirs in caseload order; the store's
        // order is another, so the folds' own ordering is what is tested.
        let mut sorted = positions.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..gathered.len()).collect::<Vec<_>>());
        assert_ne!(
            positions, sorted,
            "the fixture is read in another order than the caseload's"
        );
    }
}

/// The carers the bulk read gives the child with this reference.
fn bulk_carers(store: &Store, library: &Library, reference: &str) -> Vec<String> {
    let inputs = timelines::cohort(store, library, today(), |_| true).unwrap();
    let input = inputs.iter().find(|i| i.fields.reference == reference).unwrap();
    input.carers.iter().map(|c| c.name.clone()).collect()
}

/// The bulk read takes each child's carers, plans and events from their
/// stored row (issue 19) once it is stored, and from the record again as
/// soon as a write marks it stale: a row changed behind the store's back
/// is what is read until the child is written to, and from then on the
/// record is, before and after the row is stored again.
#[test]
fn the_bulk_read_reads_each_stored_row_until_a_write_marks_it_stale() {
    let (dir, mut store) = caseload_with_decisions();
    let library = library();
    store.set_timeline_source(Box::new(Engine::new(&library)), today());
    store.refresh_timelines(today()).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("fixture.db")).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM stored_cohort"),
        count("SELECT count(*) FROM children"),
        "every child has a stored row"
    );
    // A child with a carer, whose row is changed by hand.
    let (id, reference, name): (i64, String, String) = conn
        .query_row(
            "SELECT c.id, c.ref, k.name FROM children c JOIN child_carers l ON l.child_id = c.id
             JOIN carers k ON k.id = l.carer_id ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(bulk_carers(&store, &library, &reference).contains(&name));
    let changed = conn
        .execute(
            "UPDATE stored_cohort SET facts = replace(facts, ?2, 'Changed By Hand') WHERE child_id = ?1",
            rusqlite::params![id, name],
        )
        .unwrap();
    assert_eq!(changed, 1);
    assert!(bulk_carers(&store, &library, &reference).contains(&"Changed By Hand".to_string()));
    // A write to the child by a store that keeps no timelines marks their
    // row stale and leaves it: the record is read instead of the row.
    let child = ChildId(id);
    let mut keeps_none = Store::open(&dir.path().join("fixture.db")).unwrap();
    keeps_none
        .write(|w| w.record_event(child, Event::MatchingPanel, today() - Days::new(3)))
        .unwrap();
    let marked = "SELECT count(*) FROM stale_timelines x JOIN stored_cohort s ON s.child_id = x.child_id
                  WHERE s.facts LIKE '%Changed By Hand%'";
    assert_eq!(count(marked), 1, "the changed row is still there, marked");
    let carers = bulk_carers(&store, &library, &reference);
    assert!(carers.contains(&name) && !carers.contains(&"Changed By Hand".to_string()));
    // Stored again from the record by the next refresh.
    store.refresh_timelines(today()).unwrap();
    assert_eq!(bulk_carers(&store, &library, &reference), carers);
    let stored: String = conn
        .query_row("SELECT facts FROM stored_cohort WHERE child_id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.contains(&name), "stored again: {stored:?}");
}

/// Asked for events the stored rows do not hold, the bulk read scans each
/// table instead: the same children, places and facts as from the rows.
#[test]
fn the_scan_of_each_table_reads_what_the_stored_rows_hold() {
    let (_dir, mut store) = caseload_with_decisions();
    let library = library();
    store.set_timeline_source(Box::new(Engine::new(&library)), today());
    store.refresh_timelines(today()).unwrap();
    let read = |kinds: &[Event]| {
        let mut out = Vec::new();
        store
            .each_cohort_row(
                |_| true,
                kinds,
                &library.timeline_fingerprint,
                today(),
                |row, place| {
                    out.push((row.into_record()?, place));
                    Ok::<(), StoreError>(())
                },
            )
            .unwrap();
        out
    };
    let stored = read(&EVENTS_USED);
    let mut scanned = read(&Event::ALL);
    // Read in two parts by id, each way: the same children and facts.
    let halfway = store.halfway_child(2).unwrap().expect("200 children split");
    for kinds in [&EVENTS_USED[..], &Event::ALL[..]] {
        let mut parts = Vec::new();
        for ids in [i64::MIN..=halfway - 1, halfway..=i64::MAX] {
            let before = parts.len();
            store
                .each_cohort_row_between(
                    ids,
                    |_| true,
                    kinds,
                    &library.timeline_fingerprint,
                    today(),
                    |row, place| {
                        parts.push((row.into_record()?, place));
                        Ok::<(), StoreError>(())
                    },
                )
                .unwrap();
            assert!(parts.len() > before, "each part holds children");
        }
        // A part places no one (the caseload's order is a read of every
        // child); what each child is and whether they are stale is the same.
        let whole: Vec<_> = read(kinds)
            .into_iter()
            .map(|(record, place)| {
                assert!(place.position.is_some(), "a read of every child places them");
                (record, place.stale)
            })
            .collect();
        let parts: Vec<_> = parts
            .into_iter()
            .map(|(record, place)| {
                assert_eq!(place.position, None);
                (record, place.stale)
            })
            .collect();
        assert_eq!(parts, whole, "{} kinds", kinds.len());
    }
    let every_event: usize = scanned.iter().map(|(r, _)| r.events.len()).sum();
    for (record, _) in &mut scanned {
        record.events.retain(|e| EVENTS_USED.contains(&e.event));
    }
    assert!(every_event > scanned.iter().map(|(r, _)| r.events.len()).sum::<usize>());
    assert_eq!(stored, scanned);
}

#[test]
fn a_tracker_given_only_the_events_it_reads_lists_what_it_lists_given_all() {
    let (_dir, store) = caseload_with_decisions();
    let gathered = timelines::gather(&store, &library(), today(), None).unwrap();
    let all: Vec<CohortChild<'_>> = gathered.iter().map(timelines::cohort_child).collect();
    let used: Vec<Vec<RecordedEvent>> = gathered
        .iter()
        .map(|g| {
            g.events
                .iter()
                .filter(|e| EVENTS_USED.contains(&e.event))
                .cloned()
                .collect()
        })
        .collect();
    let some: Vec<CohortChild<'_>> = all
        .iter()
        .zip(&used)
        .map(|(c, events)| CohortChild { events, ..*c })
        .collect();
    assert!(
        all.iter().map(|c| c.events.len()).sum::<usize>()
            > some.iter().map(|c| c.events.len()).sum::<usize>(),
        "the fixture records events no tracker reads"
    );
    // On several days, so that the trackers' month and week counts move.
    for days in [0, 40, 200, 400] {
        let day = today() + Days::new(days);
        for tracker in Tracker::ALL {
            assert_eq!(
                cohort::tracker(tracker, &some, day),
                cohort::tracker(tracker, &all, day),
                "{} on {day}",
                tracker.code()
            );
        }
        assert_eq!(Dashboard::of(&some, day), Dashboard::of(&all, day));
    }
}

/// One write of the property test below, to the `child`-th child.
#[derive(Debug, Clone)]
enum Write {
    StartPlan {
        child: usize,
        pathway: usize,
        days_ago: u64,
    },
    ClosePlan {
        child: usize,
    },
    Record {
        child: usize,
        event: usize,
        days_ago: u64,
    },
    Withdraw {
        child: usize,
    },
    Done {
        child: usize,
        item: usize,
    },
    Undo {
        child: usize,
    },
    DaysPass(u64),
    /// A new carer comes to live with the child.
    NewCarer {
        child: usize,
        connected: bool,
    },
    /// The child's first carer no longer lives with them.
    Unlink {
        child: usize,
    },
    /// A carer the child lives with now also lives with another child.
    Link {
        child: usize,
        with: usize,
    },
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        (0..30usize, 0..6usize, 0..400u64).prop_map(|(child, pathway, days_ago)| Write::StartPlan {
            child,
            pathway,
            days_ago
        }),
        (0..30usize).prop_map(|child| Write::ClosePlan { child }),
        (0..30usize, 0..Event::ALL.len(), 0..300u64).prop_map(|(child, event, days_ago)| Write::Record {
            child,
            event,
            days_ago
        }),
        (0..30usize).prop_map(|child| Write::Withdraw { child }),
        (0..30usize, 0..8usize).prop_map(|(child, item)| Write::Done { child, item }),
        (0..30usize).prop_map(|child| Write::Undo { child }),
        (0..90u64).prop_map(Write::DaysPass),
        (0..30usize, any::<bool>()).prop_map(|(child, connected)| Write::NewCarer { child, connected }),
        (0..30usize).prop_map(|child| Write::Unlink { child }),
        (0..30usize, 0..30usize).prop_map(|(child, with)| Write::Link { child, with }),
    ]
}

/// Makes the write on `day` (a refused one, such as a second primary
/// plan, changes nothing, as in the product); the day after it.
fn apply(store: &mut Store, library: &Library, ids: &[ChildId], change: &Write, day: NaiveDate) -> NaiveDate {
    let id = |n: &usize| ids[n % ids.len()];
    match change {
        Write::StartPlan {
            child,
            pathway,
            days_ago,
        } => {
            let pathways: Vec<&str> = library.pathways.iter().map(|p| p.pathway.name.as_str()).collect();
            let name = pathways[pathway % pathways.len()];
            let active = store
                .plans(id(child))
                .unwrap()
                .iter()
                .any(|p| p.status == PlanStatus::Active);
            let role = if active {
                PlanRole::Contingency
            } else {
                PlanRole::Primary
            };
            let start = day - Days::new(*days_ago);
            let _ = store.write(|w| w.start_plan(id(child), name, role, start, Stage::LookedAfter));
        }
        Write::ClosePlan { child } => {
            if let Some(plan) = store
                .plans(id(child))
                .unwrap()
                .into_iter()
                .find(|p| p.status == PlanStatus::Active)
            {
                let _ = store.write(|w| w.close_plan(&plan, day, PlanEnding::PlanChanged));
            }
        }
        Write::Record {
            child,
            event,
            days_ago,
        } => {
            let on = day - Days::new(*days_ago);
            let _ = store.write(|w| w.record_event(id(child), Event::ALL[*event], on));
        }
        Write::Withdraw { child } => {
            let facts = store.timeline_facts(id(child)).unwrap();
            if let Some(e) = facts.events.last() {
                let _ = store.write(|w| w.withdraw_event(id(child), e.event, e.on, "Recorded in error"));
            }
        }
        Write::Done { child, item } => {
            let timeline = timelines::timeline_of(store, library, id(child), day).unwrap();
            let open: Vec<_> = timeline
                .plans
                .iter()
                .flat_map(|p| {
                    p.items
                        .iter()
                        .filter(|i| i.status.is_open())
                        .map(move |i| (p.plan.id, i.key.clone()))
                })
                .collect();
            if let Some((plan, key)) = open.get(item % open.len().max(1)) {
                let _ = store.write(|w| w.mark_done(*plan, key, day, None));
            }
        }
        Write::Undo { child } => {
            let facts = store.timeline_facts(id(child)).unwrap();
            if let Some(done) = facts.done.first() {
                let _ = store.write(|w| w.undo_done(done.plan, &done.key));
            }
        }
        Write::DaysPass(days) => return day + Days::new(*days),
        Write::NewCarer { child, connected } => {
            let carer = Carer {
                name: format!("Carer {}", day.format("%j")),
                relationship: if *connected { "Aunt" } else { "Foster carer" }.to_string(),
                connected_person: *connected,
            };
            let _ = store.write(|w| w.new_carer_of(id(child), &carer));
        }
        Write::Unlink { child } => {
            if let Some((carer, _)) = store.child_carers(id(child)).unwrap().first() {
                let _ = store.write(|w| w.unlink_carer(id(child), *carer));
            }
        }
        Write::Link { child, with } => {
            if let Some((carer, _)) = store.child_carers(id(child)).unwrap().first() {
                let _ = store.write(|w| w.link_carer(id(with), *carer));
            }
        }
    }
    day
}

/// Every child's carers, plans and events read in bulk (from their
/// stored rows where current) against those read one by one from the
/// record, and the dashboard and every tracker from each: so that a
/// stored row is never read after a write it does not show.
fn assert_bulk_children_are_the_records(store: &Store, library: &Library, day: NaiveDate) {
    let inputs = timelines::cohort(store, library, day, |_| true).unwrap();
    let gathered = timelines::gather(store, library, day, None).unwrap();
    assert_same_children(&inputs, &gathered);
    let old: Vec<CohortChild<'_>> = gathered.iter().map(timelines::cohort_child).collect();
    let new: Vec<CohortChild<'_>> = inputs.iter().map(CohortInput::child).collect();
    assert_eq!(Dashboard::of(&new, day), Dashboard::of(&old, day));
    for tracker in Tracker::ALL {
        assert_eq!(
            cohort::tracker(tracker, &new, day),
            cohort::tracker(tracker, &old, day)
        );
    }
}

/// Every child's summary read in bulk against `Summary::of` a timeline
/// worked out afresh: on the day, and `ahead` days later with nothing
/// written in between, so that the summaries stored for the days after
/// the one they were worked out on are read too.
fn assert_bulk_summaries_are_worked_out_ones(store: &Store, library: &Library, day: NaiveDate, ahead: u64) {
    for day in [day, day + Days::new(ahead)] {
        let inputs = timelines::cohort(store, library, day, |_| true).unwrap();
        for input in &inputs {
            let timeline = timelines::timeline_of(store, library, input.id, day).unwrap();
            let fresh = (!timeline.plans.is_empty()).then(|| Summary::of(&timeline));
            assert_eq!(input.summary, fresh, "{} on {day}", input.fields.reference);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_summaries_read_in_bulk_are_those_worked_out_after_any_writes(
        changes in proptest::collection::vec(write(), 1..12),
        ahead in 1..60u64,
    ) {
        let library = library();
        let (_dir, mut store) = Caseload::sixty().first(30).store();
        // A store that keeps its timelines, as the program's: each write
        // stores what it changes, and days passing expire them.
        store.set_timeline_source(Box::new(Engine::new(&library)), today());
        store.refresh_timelines(today()).unwrap();
        let ids: Vec<ChildId> = store.caseload().unwrap().iter().map(|r| r.id).collect();
        let mut day = today();
        assert_bulk_summaries_are_worked_out_ones(&store, &library, day, ahead);
        for change in &changes {
            day = apply(&mut store, &library, &ids, change, day);
            assert_bulk_summaries_are_worked_out_ones(&store, &library, day, ahead);
            assert_bulk_children_are_the_records(&store, &library, day);
        }
        // And once everything stale has been stored again.
        store.refresh_timelines(day).unwrap();
        assert_bulk_summaries_are_worked_out_ones(&store, &library, day, ahead);
    }
}
