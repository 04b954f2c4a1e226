//! Storing every stale timeline at once, after a bulk load (the demo's):
//! [`Store::refresh_timelines`] reads eight queries of every child and
//! works their timelines out one after another, most of a minute at
//! 100,000 children. Here the facts of a run of children are read with one
//! query per table, in child order, and merged in memory; their timelines
//! are worked out on every core while the next run is read and the last
//! written (with their summaries' spans of days, the other part of the
//! work that needs no database); and each is written by the refresh
//! path's own [`write_stored_spans`], so that what is stored is exactly
//! what a refresh stores (a test compares them). The stored items' indexes are built
//! again once every item is written, rather than kept in order item by
//! item.

use crate::plans::{TimelineFacts, child_facts, plan};
use crate::stored::{TimelineSource, TitleIds, mark_expired, work_out, write_stored_spans};
use crate::stored_summary::{Spans, spans};
use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::event::{Event, RecordedEvent};
use permanence_domain::plan::{PlanId, PlanRole};
use permanence_domain::timeline::not_needed::NotNeeded;
use permanence_domain::timeline::{AdHocItem, DoneRecord, Timeline};
use rusqlite::{Connection, Row, TransactionBehavior};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How many children are read, worked out and written together: few
/// enough that a run's facts and timelines are a few megabytes.
const RUN: usize = 250;

/// The children of a run, by id: reference and the columns a timeline
/// reads.
const CHILDREN: &str =
    "SELECT id, ref, date_of_birth, looked_after_since, sibling_group IS NOT NULL, legal_status
     FROM children WHERE id BETWEEN ?1 AND ?2";

/// Their plans, every one (a closed plan's done items are still read), by
/// child; each child's put in [`crate::plans::plans_of`]'s order after.
const PLANS: &str = "SELECT id, pathway, role, start, stage, status, start_from, record_from, child_id
     FROM plans WHERE child_id BETWEEN ?1 AND ?2 ORDER BY child_id";

/// Their standing events, each child's in the order they happened, as
/// [`crate::plans::standing_events`] reads one child's: from the index
/// that keeps them unique, which holds every column read (no look-up in
/// the table), in child order, each child's few put in date order.
const EVENTS: &str = "SELECT child_id, event, on_date FROM events INDEXED BY events_one_current
     WHERE child_id BETWEEN ?1 AND ?2 AND status = 'current' ORDER BY child_id, on_date, id";

/// Their done items, by child, plan and key.
const DONE: &str = "SELECT p.child_id, d.plan_id, d.key, d.done_on, d.note
     FROM plans p JOIN done_items d ON d.plan_id = p.id
     WHERE p.child_id BETWEEN ?1 AND ?2 ORDER BY p.child_id, p.id, d.key";

/// Their ad hoc items, each child's by id (few: sorted a child at a
/// time).
const ADHOC: &str = "SELECT p.child_id, a.id, a.plan_id, a.title, a.target, a.responsible
     FROM plans p JOIN adhoc_items a ON a.plan_id = p.id
     WHERE p.child_id BETWEEN ?1 AND ?2 ORDER BY p.child_id, a.id";

/// Their items marked not needed and not withdrawn, each child's by id
/// (few: sorted a child at a time).
const NOT_NEEDED: &str = "SELECT p.child_id, n.plan_id, n.key, n.reason, n.recorded_by, n.recorded_on
     FROM plans p JOIN not_needed_items n ON n.plan_id = p.id
     WHERE p.child_id BETWEEN ?1 AND ?2 AND n.withdrawn_on IS NULL ORDER BY p.child_id, n.id";

/// A child of a run: id, reference and what their timeline is worked
/// out from.
type Facts = (ChildId, String, TimelineFacts);

/// A child of a run worked out, with their summary's spans of days:
/// `None` with no active plan.
type Worked = (ChildId, String, Option<(Timeline, Spans)>);

/// A thread working runs out: sent their facts, answering in order.
type Lane = (SyncSender<Vec<Facts>>, Receiver<Vec<Worked>>);

impl Store {
    /// Works out and stores every timeline that is stale on `as_of`, as
    /// [`Store::refresh_timelines`] does, reading many children at once
    /// and working them out on every core; how many it did. For a
    /// database just loaded in bulk, that no one else uses yet: it holds
    /// the write lock throughout, in one transaction (so that, however
    /// it ends, the stored items' indexes it takes down are there after).
    /// Nothing without a timeline source or on a read-only store.
    ///
    /// With a larger page cache for the while ([`Store::with_large_cache`]):
    /// the stored items are kept in the order they are read by (day, then
    /// child), so each child's go to places all over a table of 60 MB at
    /// 100,000 children, and with SQLite's 2 MiB most went out to the file
    /// and were read back before the next child's. That was two fifths of
    /// the writing thread's time in the demo's profile, the thread the
    /// refresh waits on (docs/performance.md, 08/12/2026).
    pub fn refresh_timelines_in_bulk(&mut self, as_of: NaiveDate) -> Result<usize, StoreError> {
        self.with_large_cache(|store| store.refresh_timelines_in_runs(as_of, RUN))
    }

    /// As [`Store::refresh_timelines_in_bulk`], `run` children at a time:
    /// for a test to make many runs of a few children.
    #[doc(hidden)]
    pub fn refresh_timelines_in_runs(&mut self, as_of: NaiveDate, run: usize) -> Result<usize, StoreError> {
        let Some((source, _)) = &self.timelines else {
            return Ok(0);
        };
        if self.read_only {
            return Ok(0);
        }
        let source: &dyn TimelineSource = source.as_ref();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        mark_expired(&tx, source.fingerprint(), as_of)?;
        let stale: Vec<i64> = tx
            .prepare("SELECT child_id FROM stale_timelines ORDER BY child_id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if stale.is_empty() {
            // Nothing to store: the indexes are left as they are.
            tx.commit()?;
            return Ok(0);
        }
        // Their stored timelines go first, found through the indexes;
        // then the indexes the items are read by go until all are written,
        // and are built again from the sorted items, many times faster
        // than keeping them in order row by row (and packed full).
        tx.execute_batch(
            "DELETE FROM stored_timelines WHERE child_id IN (SELECT child_id FROM stale_timelines)",
        )?;
        let indexes = drop_indexes(&tx, "stored_items")?;
        let runs: Vec<&[i64]> = stale.chunks(run.max(1)).collect();
        let lanes = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(runs.len().max(1));
        std::thread::scope(|scope| {
            let mut work: Vec<Lane> = Vec::new();
            for _ in 0..lanes {
                let (to, facts) = sync_channel::<Vec<Facts>>(1);
                let (worked, from) = sync_channel::<Vec<Worked>>(1);
                scope.spawn(move || {
                    for run in facts {
                        let out = run
                            .into_iter()
                            .map(|(id, reference, facts)| {
                                // The summary's spans too: the writing
                                // thread is the one the load waits on.
                                let worked = work_out(source, facts, as_of).map(|timeline| {
                                    let spans = spans(&timeline, as_of);
                                    (timeline, spans)
                                });
                                (id, reference, worked)
                            })
                            .collect();
                        if worked.send(out).is_err() {
                            return;
                        }
                    }
                });
                work.push((to, from));
            }
            // A written run's timelines are freed on a thread of their
            // own: thousands of strings a run, over a tenth of this
            // thread's time at 100,000 children, and this thread is the
            // one the load waits on.
            let (discard, written) = sync_channel::<Vec<Worked>>(2);
            scope.spawn(move || written.into_iter().for_each(drop));
            // Each lane is sent a run before the first is written, so the
            // timelines are worked out while this thread reads and writes.
            let mut sent = 0;
            let mut titles = TitleIds::default();
            for (at, run) in runs.iter().enumerate() {
                while sent < runs.len() && sent < at + lanes {
                    let facts = read_run(&tx, runs[sent])?;
                    send(&work[sent % lanes].0, facts)?;
                    sent += 1;
                }
                let worked = work[at % lanes]
                    .1
                    .recv()
                    .map_err(|_| StoreError::Corrupt("a timeline could not be worked out".into()))?;
                write_run(&tx, source.fingerprint(), &mut titles, run, &worked)?;
                // Freed here instead if that thread has gone.
                let _ = discard.send(worked);
            }
            Ok::<_, StoreError>(())
        })?;
        for sql in indexes {
            tx.execute_batch(&sql)?;
        }
        tx.commit()?;
        Ok(stale.len())
    }
}

fn send(to: &SyncSender<Vec<Facts>>, facts: Vec<Facts>) -> Result<(), StoreError> {
    to.send(facts)
        .map_err(|_| StoreError::Corrupt("a timeline could not be worked out".into()))
}

/// Writes a run's timelines: every child of the run (`ids`, whose stored
/// timelines are already deleted) loses their stale mark, and those with
/// a timeline have it stored.
fn write_run(
    conn: &Connection,
    fingerprint: &str,
    titles: &mut TitleIds,
    ids: &[i64],
    worked: &[Worked],
) -> Result<(), StoreError> {
    for (child, reference, worked) in worked {
        if let Some((timeline, spans)) = worked {
            write_stored_spans(conn, fingerprint, titles, (*child, reference), timeline, spans)?;
        }
    }
    // A run is a span of the stale children in id order (every stale
    // child, chunked), so the marks between its first and last are its
    // own: one range delete rather than one delete a child.
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        conn.prepare_cached("DELETE FROM stale_timelines WHERE child_id BETWEEN ?1 AND ?2")?
            .execute([first, last])?;
    }
    // Their stored rows of tracker inputs, current with the marks cleared.
    super::stored_cohort::write_rows(conn, ids)?;
    Ok(())
}

/// Drops the indexes made for `table` (not its key); the SQL that makes
/// each again.
fn drop_indexes(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
        )?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// The facts of the children `ids` (ascending) that are still on record,
/// in id order: one query per table over their span of ids.
fn read_run(conn: &Connection, ids: &[i64]) -> Result<Vec<Facts>, StoreError> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return Ok(Vec::new());
    };
    let span = [first, last];
    let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
    let mut out: Vec<Facts> = Vec::with_capacity(ids.len());
    let mut statement = conn.prepare_cached(CHILDREN)?;
    let mut rows = statement.query(span)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if !wanted.contains(&id) {
            continue;
        }
        let (dob, looked_after): (Option<String>, Option<String>) = (r.get(2)?, r.get(3)?);
        let status: String = r.get(5)?;
        let child = child_facts(dob.as_deref(), looked_after.as_deref(), r.get(4)?, &status)?;
        let facts = TimelineFacts {
            child,
            plans: Vec::new(),
            events: Vec::new(),
            done: Vec::new(),
            adhoc: Vec::new(),
            not_needed: Vec::new(),
        };
        out.push((ChildId(id), r.get(1)?, facts));
    }
    let at: HashMap<i64, usize> = out.iter().enumerate().map(|(i, (c, _, _))| (c.0, i)).collect();
    let mut facts: Vec<&mut TimelineFacts> = out.iter_mut().map(|(_, _, f)| f).collect();
    let mut into = Reading {
        conn,
        span,
        at: &at,
        facts: &mut facts,
    };
    into.each(PLANS, crate::plans::PLAN_CHILD_COLUMN, |f, r| {
        f.plans.push(plan(r)?);
        Ok(())
    })?;
    into.each(EVENTS, 0, |f, r| {
        let event: String = r.get(1)?;
        f.events.push(RecordedEvent {
            event: Event::parse(&event)
                .ok_or_else(|| StoreError::Corrupt(format!("event: cannot read {event:?}")))?,
            on: super::day::day(&r.get::<_, String>(2)?, "on_date")?,
        });
        Ok(())
    })?;
    into.each(DONE, 0, |f, r| {
        f.done.push(DoneRecord {
            plan: PlanId(r.get(1)?),
            key: r.get(2)?,
            on: super::day::day(&r.get::<_, String>(3)?, "done_on")?,
            note: r.get(4)?,
        });
        Ok(())
    })?;
    into.each(ADHOC, 0, |f, r| {
        f.adhoc.push(AdHocItem {
            key: format!("adhoc-{}", r.get::<_, i64>(1)?),
            plan: PlanId(r.get(2)?),
            title: r.get(3)?,
            target: super::day::day(&r.get::<_, String>(4)?, "target")?,
            responsible: r.get(5)?,
        });
        Ok(())
    })?;
    into.each(NOT_NEEDED, 0, |f, r| {
        f.not_needed.push(NotNeeded {
            plan: PlanId(r.get(1)?),
            key: r.get(2)?,
            reason: r.get(3)?,
            by: r.get(4)?,
            on: super::day::day(&r.get::<_, String>(5)?, "recorded_on")?,
        });
        Ok(())
    })?;
    // Each child's plans as one child's are read: by status, the
    // primary first, then by when made.
    for (_, _, facts) in &mut out {
        facts
            .plans
            .sort_by_key(|p| (p.status.code(), p.role == PlanRole::Contingency, p.id.0));
    }
    Ok(out)
}

/// A run's facts being read, table by table.
struct Reading<'a, 'f> {
    conn: &'a Connection,
    /// The first and last child of the run.
    span: [i64; 2],
    /// Each child's place in `facts`.
    at: &'a HashMap<i64, usize>,
    facts: &'a mut Vec<&'f mut TimelineFacts>,
}

impl Reading<'_, '_> {
    /// Adds each row of `sql` (its child in column `child`) to its
    /// child's facts, if the child is one of the run's.
    fn each(
        &mut self,
        sql: &str,
        child: usize,
        mut add: impl FnMut(&mut TimelineFacts, &Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let mut rows = statement.query(self.span)?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = self.at.get(&r.get::<_, i64>(child)?) {
                add(self.facts[i], r)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::query_plan as plan;

    /// Each run's facts are read by the children's index on every table,
    /// in child order, with no sort.
    #[test]
    fn a_run_is_read_through_the_childrens_indexes_with_no_sort() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let children = plan(&store, CHILDREN);
        assert_eq!(
            children,
            "SEARCH children USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"
        );
        let plans = plan(&store, PLANS);
        assert!(
            plans.contains("USING INDEX plans_by_child (child_id>? AND child_id<?)"),
            "{plans}"
        );
        // The events from the index that keeps them unique, which holds
        // every column read; each child's few are put in date order as
        // they come (only the right part of the order is sorted).
        let events = plan(&store, EVENTS);
        assert!(
            events.contains("USING COVERING INDEX events_one_current (child_id>? AND child_id<?)"),
            "{events}"
        );
        for sql in [PLANS, EVENTS, DONE, ADHOC, NOT_NEEDED] {
            let read = plan(&store, sql);
            assert!(!read.contains("SCAN"), "{sql}: {read}");
            let sorted_by_child = !read.contains("TEMP B-TREE FOR ORDER BY");
            assert!(sorted_by_child, "{sql}: {read}");
            if [PLANS, DONE].contains(&sql) {
                assert!(!read.contains("TEMP B-TREE"), "{sql}: {read}");
            }
        }
    }
}
