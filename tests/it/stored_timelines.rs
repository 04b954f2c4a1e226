//! The stored timelines against the timelines worked out afresh: after
//! every kind of change, on other days, with other pathways, and from a
//! store that could not work them out itself. Whatever the summaries and
//! reports read from storage must be what working it out would give.

use chrono::{Days, NaiveDate};
use permanence::domain::child::{ChildFields, ChildId};
use permanence::domain::event::Event;
use permanence::domain::plan::{PlanRole, Stage};
use permanence::domain::plan_import::PlanRow;
use permanence::domain::timeline::{Status, Summary};
use permanence::service::library::Library;
use permanence::service::timelines::{self, Engine};
use permanence::store::{Store, Stored};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn library() -> Library {
    Library::load(None).unwrap()
}

/// A demo caseload of 200 children written by a store that keeps its
/// stored timelines (or, with `keeps` false, one that does not).
fn demo(dir: &Path, library: &Library, keeps: bool) -> (PathBuf, Store) {
    let path = dir.join("t.db");
    let mut store = Store::open(&path).unwrap();
    if keeps {
        store.set_timeline_source(Box::new(Engine::new(library)), today());
    }
    let mut caseload = permanence::demo::generate(200, 11, today());
    let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
    permanence::demo::plans::add_plans(&mut caseload, &pathways, &library.calendar, 11, today());
    caseload.write_to(&mut store).unwrap();
    if keeps {
        // A bulk load works out a few timelines as it commits and leaves
        // the rest to a refresh, as the demo and imports do.
        // The write's 64 are the first children marked, with plans or
        // without (whose stored rows of tracker inputs are stored then).
        let (_, stale) = from_storage(&store, library, today());
        let with_plans = worked_out(&store, library, today()).len();
        assert!(
            stale < with_plans && with_plans - stale <= 64,
            "{stale} of {with_plans}"
        );
        assert!(store.refresh_timelines(today()).unwrap() >= stale);
        assert_eq!(from_storage(&store, library, today()).1, 0);
    }
    (path, store)
}

fn ids(store: &Store) -> Vec<ChildId> {
    store.caseload().unwrap().iter().map(|r| r.id).collect()
}

/// Every child's summary worked out afresh, on the day.
fn worked_out(store: &Store, library: &Library, day: NaiveDate) -> HashMap<ChildId, Summary> {
    ids(store)
        .into_iter()
        .filter_map(|id| {
            let timeline = timelines::timeline_of(store, library, id, day).unwrap();
            (!timeline.plans.is_empty()).then(|| (id, Summary::of(&timeline)))
        })
        .collect()
}

/// Every child's summary from storage alone (stale ones left out), and
/// how many were stale.
fn from_storage(store: &Store, library: &Library, day: NaiveDate) -> (HashMap<ChildId, Summary>, usize) {
    let stored = store
        .stored_timelines(&ids(store), &library.timeline_fingerprint, day)
        .unwrap();
    let stale = stored.values().filter(|s| **s == Stored::Stale).count();
    let summaries = stored
        .into_iter()
        .filter_map(|(id, s)| match s {
            Stored::Fresh(t) => Some((id, Summary::of(&t))),
            _ => None,
        })
        .collect();
    (summaries, stale)
}

fn assert_storage_matches(store: &Store, library: &Library, day: NaiveDate) {
    assert_scanned_is_child_by_child(store, library, day);
    let (stored, stale) = from_storage(store, library, day);
    assert_eq!(stale, 0, "nothing is stale on {day}");
    let fresh = worked_out(store, library, day);
    assert!(
        fresh.len() > 40,
        "most demo children have plans ({})",
        fresh.len()
    );
    for (id, summary) in &fresh {
        assert_eq!(stored.get(id), Some(summary), "child {id:?} on {day}");
    }
    assert_eq!(
        stored.len(),
        fresh.len(),
        "children without plans have nothing stored"
    );
}

/// The stored timelines read for many children at once, a table at a
/// time ("what next" on everyone), are the ones read child by child,
/// with each child named as their record names them.
fn assert_scanned_is_child_by_child(store: &Store, library: &Library, day: NaiveDate) {
    let fingerprint = &library.timeline_fingerprint;
    let mut ids = ids(store);
    // In the order asked for, not the table's.
    ids.reverse();
    let scanned = store.stored_timelines_scanned(&ids, fingerprint, day).unwrap();
    // A view this small is read child by child: the same.
    let looked_up = store.stored_timelines_of_many(&ids, fingerprint, day).unwrap();
    assert_eq!(looked_up, scanned);
    let mut one_by_one = store.stored_timelines(&ids, fingerprint, day).unwrap();
    assert_eq!(scanned.len(), ids.len(), "every child on record");
    for ((head, stored), id) in scanned.iter().zip(&ids) {
        assert_eq!(head.id, *id);
        let detail = store.child_detail(*id).unwrap().unwrap();
        assert_eq!(head.reference, detail.fields.reference);
        assert_eq!(head.name, detail.fields.full_name());
        assert_eq!(head.worker, detail.fields.worker);
        assert_eq!(head.iro, detail.fields.iro);
        assert_eq!(head.team, detail.fields.team);
        assert_eq!(head.worker_name, detail.worker_name);
        assert_eq!(
            Some(stored),
            one_by_one.remove(id).as_ref(),
            "child {id:?} on {day}"
        );
    }
}

#[test]
fn what_is_stored_is_what_working_it_out_gives_after_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, mut store) = demo(dir.path(), &library, true);
    assert_storage_matches(&store, &library, today());
    // Overdue summaries are there to be checked: the demo drifts on purpose.
    let (stored, _) = from_storage(&store, &library, today());
    assert!(stored.values().any(|s| s.overdue > 0));

    // The first child (by id, not a hash map's order) with an overdue
    // item: marking that item done must change the child's summary.
    let mut overdue: Vec<ChildId> = worked_out(&store, &library, today())
        .into_iter()
        .filter(|(_, s)| s.overdue > 0)
        .map(|(id, _)| id)
        .collect();
    overdue.sort();
    let child = overdue[0];
    let timeline = timelines::timeline_of(&store, &library, child, today()).unwrap();
    let (plan, open) = timeline
        .plans
        .iter()
        .find_map(|p| {
            p.items
                .iter()
                .find(|i| i.status == Status::Overdue)
                .map(|i| (p.plan.id, i.key.clone()))
        })
        .unwrap();
    let reference = store.child_detail(child).unwrap().unwrap().fields.reference;

    // Done, undone, an event, an item added by hand, a new plan, a new
    // date of birth: after each, storage agrees with working it out.
    type Change<'a> = Box<dyn Fn(&mut Store) + 'a>;
    let changes: Vec<Change<'_>> = vec![
        Box::new(|s: &mut Store| {
            s.write(|w| w.mark_done(plan, &open, today(), None)).unwrap();
        }),
        Box::new(|s: &mut Store| {
            s.write(|w| w.undo_done(plan, &open)).unwrap();
        }),
        Box::new(|s: &mut Store| {
            s.write(|w| w.record_event(child, Event::Ppm, today() - Days::new(3)))
                .unwrap();
        }),
        Box::new(|s: &mut Store| {
            s.write(|w| w.add_item(plan, "Call the school", today() - Days::new(1), Some("SW")))
                .unwrap();
        }),
        Box::new(|s: &mut Store| {
            let row = PlanRow {
                line: 2,
                reference: reference.clone(),
                pathway: "special-guardianship".into(),
                role: PlanRole::Contingency,
                start: today() - Days::new(70),
                stage: Stage::Proceedings,
                basis: Default::default(),
            };
            s.write(|w| w.put_plan(child, &row)).unwrap();
        }),
        Box::new(|s: &mut Store| {
            let mut fields: ChildFields = s.child_detail(child).unwrap().unwrap().fields;
            fields.date_of_birth = Some(today() - Days::new(400));
            s.write(|w| w.put_child(&fields)).unwrap();
        }),
    ];
    for (n, change) in changes.iter().enumerate() {
        let before = from_storage(&store, &library, today()).0.get(&child).cloned();
        change(&mut store);
        assert_storage_matches(&store, &library, today());
        if n == 0 {
            let after = from_storage(&store, &library, today()).0.get(&child).cloned();
            assert_ne!(before, after, "marking an item done shows at once");
        }
    }
}

#[test]
fn a_stored_timeline_holds_for_weeks_and_is_worked_out_again_after() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, mut store) = demo(dir.path(), &library, true);
    // Worked out eight weeks ahead: every day up to then reads storage.
    for days in [1, 10, 30, 55] {
        assert_storage_matches(&store, &library, today() + Days::new(days));
    }
    // Half a year on, cadences have gone further than what is stored.
    let later = today() + Days::new(200);
    let (_, stale) = from_storage(&store, &library, later);
    assert!(stale > 0, "some timelines no longer hold on {later}");
    // The summaries read storage where it holds and work out the rest.
    let rows = store.caseload().unwrap();
    let refs: Vec<_> = rows.iter().collect();
    let summaries = timelines::summaries(&store, &library, &refs, later).unwrap();
    assert_eq!(summaries, worked_out(&store, &library, later));
    let redone = store.refresh_timelines(later).unwrap();
    assert_eq!(redone, stale);
    assert_storage_matches(&store, &library, later);
}

#[test]
fn other_pathways_make_every_stored_timeline_stale() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, store) = demo(dir.path(), &library, true);
    let stored = store
        .stored_timelines(&ids(&store), "another library", today())
        .unwrap();
    let stale = stored.values().filter(|s| **s == Stored::Stale).count();
    let no_plans = stored.values().filter(|s| **s == Stored::NoPlans).count();
    assert_eq!(stale + no_plans, stored.len());
    assert!(stale > 40);
    assert!(!store.timelines_fresh("another library", today()).unwrap());
    assert!(
        store
            .timelines_fresh(&library.timeline_fingerprint, today())
            .unwrap()
    );
}

#[test]
fn a_store_that_cannot_work_them_out_leaves_them_stale_for_the_next_that_can() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (path, store) = demo(dir.path(), &library, false);
    let (_, stale) = from_storage(&store, &library, today());
    assert!(
        stale > 40,
        "written without a source, every timeline waits ({stale})"
    );
    assert_scanned_is_child_by_child(&store, &library, today());
    let rows = store.caseload().unwrap();
    let refs: Vec<_> = rows.iter().collect();
    // Still right, worked out as they are asked for.
    let summaries = timelines::summaries(&store, &library, &refs, today()).unwrap();
    assert_eq!(summaries, worked_out(&store, &library, today()));
    drop(store);
    let mut store = Store::open(&path).unwrap();
    store.set_timeline_source(Box::new(Engine::new(&library)), today());
    assert_eq!(store.refresh_timelines(today()).unwrap(), stale);
    assert_storage_matches(&store, &library, today());
    assert_eq!(store.refresh_timelines(today()).unwrap(), 0, "nothing left to do");
}

#[test]
fn a_failed_write_leaves_the_stored_timelines_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, mut store) = demo(dir.path(), &library, true);
    let child = *worked_out(&store, &library, today()).keys().next().unwrap();
    let before = from_storage(&store, &library, today()).0;
    let failed: Result<(), permanence::store::StoreError> = store.write(|w| {
        w.record_event(child, Event::Placement, today())?;
        Err(permanence::store::StoreError::Conflict("changed my mind".into()))
    });
    assert!(failed.is_err());
    assert_eq!(from_storage(&store, &library, today()).0, before);
    assert_storage_matches(&store, &library, today());
}

#[test]
fn a_new_name_reaches_the_overdue_report_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, mut store) = demo(dir.path(), &library, true);
    let overdue = |store: &Store| {
        let mut rows = Vec::new();
        let fresh = store
            .each_stored_overdue(
                &library.timeline_fingerprint,
                &[],
                today(),
                &Default::default(),
                |row| {
                    rows.push((row.reference.to_string(), row.child.to_string()));
                    Ok(())
                },
            )
            .unwrap()
            .unwrap();
        assert!(fresh, "nothing stale");
        rows
    };
    let rows = overdue(&store);
    let first = rows[0].0.clone();
    let id = store.child_id(&first).unwrap().unwrap();
    let mut fields = store.child_detail(id).unwrap().unwrap().fields;
    fields.given_name = "Renamed".into();
    store.write(|w| w.put_child(&fields)).unwrap();
    let after = overdue(&store);
    assert_eq!(after.len(), rows.len());
    let theirs: Vec<_> = after.iter().filter(|r| r.0 == first).collect();
    assert!(!theirs.is_empty());
    assert!(
        theirs
            .iter()
            .all(|r| r.1 == format!("Renamed {}", fields.family_name))
    );
}

/// A plan is named by its pathway's title in the library the report is
/// given, read when the report is: a library whose title has changed
/// names every such plan by the new title, with nothing stored again.
#[test]
fn a_pathway_title_is_read_from_the_library_the_report_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (_, store) = demo(dir.path(), &library, true);
    let plans = |titles: &[(&str, &str)]| {
        let mut rows = Vec::new();
        let fresh = store
            .each_stored_overdue(
                &library.timeline_fingerprint,
                titles,
                today(),
                &Default::default(),
                |row| {
                    rows.push((row.reference.to_string(), row.plan.to_string()));
                    Ok(())
                },
            )
            .unwrap()
            .unwrap();
        assert!(fresh, "nothing stale");
        rows
    };
    let titles: Vec<(&str, &str)> = library
        .pathways
        .iter()
        .map(|p| (p.pathway.name.as_str(), p.pathway.title.as_str()))
        .collect();
    let before = plans(&titles);
    let (name, title) = titles
        .iter()
        .copied()
        .find(|(_, title)| before.iter().any(|r| r.1.starts_with(&format!("{title} ("))))
        .unwrap();
    let renamed: Vec<(&str, &str)> = titles
        .iter()
        .map(|&(n, t)| if n == name { (n, "Renamed pathway") } else { (n, t) })
        .collect();
    let after = plans(&renamed);
    assert_eq!(after.len(), before.len());
    let mut changed = 0;
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.0, new.0, "the same rows in the same order");
        match old.1.strip_prefix(&format!("{title} (")) {
            Some(role) => {
                assert_eq!(new.1, format!("Renamed pathway ({role}"));
                changed += 1;
            }
            None => assert_eq!(old.1, new.1),
        }
    }
    assert!(changed > 0);
}

/// With nothing stale, a report needs no write lock: it goes ahead while
/// someone else is saving a large change.
#[test]
fn refreshing_when_nothing_is_stale_waits_for_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (path, mut store) = demo(dir.path(), &library, true);
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let start = std::time::Instant::now();
    assert_eq!(store.refresh_timelines(today()).unwrap(), 0);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    other.execute_batch("ROLLBACK").unwrap();
}

/// A stored timeline holding a day the store cannot read is worked out
/// again, never shown with that date missing: the caseload's summaries
/// stay what working it out gives.
#[test]
fn a_stored_timeline_with_an_unreadable_day_is_worked_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    let (path, store) = demo(dir.path(), &library, true);
    let before = from_storage(&store, &library, today());
    assert_eq!(before.1, 0, "nothing stale to begin with");
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let damaged = conn
        .execute(
            "UPDATE stored_items SET deadline = 'not a day'
             WHERE child_id = (SELECT min(child_id) FROM stored_items WHERE deadline IS NOT NULL)
               AND deadline IS NOT NULL",
            [],
        )
        .unwrap();
    assert!(damaged > 0);
    drop(conn);
    let store = Store::open(&path).unwrap();
    let (_, stale) = from_storage(&store, &library, today());
    assert_eq!(stale, 1, "the damaged child's stored timeline counts as stale");
    assert_scanned_is_child_by_child(&store, &library, today());
    let rows = store.caseload().unwrap();
    let rows: Vec<_> = rows.iter().collect();
    let summaries = timelines::summaries(&store, &library, &rows, today()).unwrap();
    assert_eq!(summaries, worked_out(&store, &library, today()));
}

/// Every stored timeline as rows (head, summary, items), in child order.
pub(crate) fn stored_rows(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT child_id, library, worked_out_for, seen_from, seen_until FROM stored_timelines ORDER BY child_id",
        "SELECT child_id, spans FROM stored_summaries ORDER BY child_id",
        "SELECT child_id, facts FROM stored_cohort ORDER BY child_id",
        "SELECT i.child_id, i.position, i.due, i.reference, i.plan_id, t.key, t.title, i.responsible, i.target,
                i.deadline, i.shown_from, i.deadline_by
         FROM stored_items i JOIN stored_titles t ON t.id = i.title_id ORDER BY i.child_id, i.position",
    ] {
        let mut statement = conn.prepare(sql).unwrap();
        let columns = statement.column_count();
        let rows = statement
            .query_map([], |r| {
                let values: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// The demo stores its timelines in bulk (issue 19): read many children at
/// once, worked out on every core. What it stores is exactly what the
/// refresh path stores child by child, with ad hoc items, items marked not
/// needed, items done and a closed plan among them, over many runs.
#[test]
fn storing_in_bulk_stores_what_a_refresh_stores() {
    let dir = tempfile::tempdir().unwrap();
    let library = library();
    // Written by a store that cannot work them out: all left stale.
    let (path, mut store) = demo(dir.path(), &library, false);
    let with_plans: Vec<ChildId> = ids(&store)
        .into_iter()
        .filter(|id| !store.plans(*id).unwrap().is_empty())
        .collect();
    for (n, child) in with_plans.iter().take(6).enumerate() {
        let timeline = timelines::timeline_of(&store, &library, *child, today()).unwrap();
        let plan = timeline.plans[0].plan.id;
        let mut open = timeline.plans[0].items.iter().filter(|i| i.status.is_open());
        let (first, second) = (open.next().unwrap().key.clone(), open.next().unwrap().key.clone());
        let reference = store.child_detail(*child).unwrap().unwrap().fields.reference;
        store
            .write(|w| {
                w.add_item(plan, "Call the school", today() - Days::new(1), Some("SW"))?;
                w.mark_not_needed(plan, &first, "Done by the other authority", today())?;
                w.mark_done(plan, &second, today() - Days::new(2), None)?;
                if n % 2 == 0 {
                    // A new primary plan: the old one is closed.
                    let pathway = if timeline.plans[0].plan.pathway == "adoption" {
                        "special-guardianship"
                    } else {
                        "adoption"
                    };
                    let row = PlanRow {
                        line: 1,
                        reference: reference.clone(),
                        pathway: pathway.into(),
                        role: PlanRole::Primary,
                        start: today() - Days::new(30),
                        stage: Stage::Proceedings,
                        basis: Default::default(),
                    };
                    w.put_plan(*child, &row)?;
                }
                Ok::<_, permanence::store::StoreError>(())
            })
            .unwrap();
    }
    store.set_timeline_source(Box::new(Engine::new(&library)), today());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stale = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
            .unwrap()
    };
    let indexes = |conn: &rusqlite::Connection| -> Vec<(String, String)> {
        let mut statement = conn
            .prepare("SELECT name, ifnull(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap();
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let made = indexes(&conn);
    let before = stale(&conn);
    assert!(before > 100, "the children with plans are stale: {before}");
    // Runs of seven children: many runs, on every lane.
    assert_eq!(
        store.refresh_timelines_in_runs(today(), 7).unwrap() as i64,
        before
    );
    assert_eq!(stale(&conn), 0);
    assert_eq!(indexes(&conn), made, "every index is there again");
    assert_eq!(
        store.refresh_timelines_in_bulk(today()).unwrap(),
        0,
        "nothing left to store"
    );
    let bulk = stored_rows(&path);
    assert_storage_matches(&store, &library, today());

    // Every one stale again, and stored in bulk in runs of the size the
    // demo and the import use, with the larger page cache: the same rows.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; DELETE FROM stored_timelines;
         INSERT OR IGNORE INTO stale_timelines SELECT id FROM children;",
    )
    .unwrap();
    let again = stale(&conn);
    assert_eq!(store.refresh_timelines_in_bulk(today()).unwrap() as i64, again);
    assert_eq!(stale(&conn), 0);
    assert_eq!(stored_rows(&path), bulk);

    // Every one stale again, and stored by the refresh path.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; DELETE FROM stored_timelines;
         INSERT OR IGNORE INTO stale_timelines SELECT id FROM children;",
    )
    .unwrap();
    assert!(store.refresh_timelines(today()).unwrap() > 0);
    assert_eq!(stored_rows(&path), bulk);
}
