//! Each child's timeline, worked out ahead and stored with its open items
//! only, so that the caseload's summaries and the reports read it instead
//! of working out every child's timeline again (at 18,000 children that
//! is seconds of work for every report).
//!
//! Kept right by three rules. The triggers of migration 10 delete a
//! child's stored timeline and mark it stale in the same transaction as
//! any change to what it is worked out from. A stored timeline is used
//! only on the days it holds for, with the pathways and calendar it was
//! worked out with ([`Seen`], the library's fingerprint); otherwise it
//! counts as stale too. And whoever reads a stale one works it out
//! afresh rather than use it. Storing them again is a matter of speed,
//! not of being right: a store that knows how to work timelines out (a
//! [`TimelineSource`]) does so for a few stale ones before every write
//! commits, in that transaction ([`IN_A_WRITE`]), and
//! [`Store::refresh_timelines`] does the rest in batches (reports, and
//! after bulk loads).

use crate::plans::{TimelineFacts, timeline_facts};
use crate::{Store, StoreError};
use chrono::{Days, NaiveDate};
use permanence_domain::child::ChildId;
use permanence_domain::cohort::Scope;
use permanence_domain::date::iso;
use permanence_domain::plan::{Plan, PlanId, PlanStatus};
use permanence_domain::timeline::{PlanTimeline, Seen, Status, Timeline, TimelineItem};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::collections::HashMap;

/// How far ahead a stored timeline is worked out: its recurring items and
/// cadences are followed this far, so it holds for at least these many
/// days before it must be worked out again.
pub const AHEAD_DAYS: u64 = 56;

/// How many children are worked out in one transaction while refreshing,
/// so that other users' saves wait at most a fraction of a second.
const BATCH: usize = 400;

/// How many stale timelines a write works out before it commits: what one
/// save or a small import makes stale, in a few milliseconds. A larger
/// backlog (a bulk load, the first save after an upgrade) is left to
/// [`Store::refresh_timelines`], which works in batches and lets others
/// save in between; until then readers work those timelines out.
pub(super) const IN_A_WRITE: usize = 64;

/// Works timelines out: the program's pathways, calendar and rules.
pub trait TimelineSource {
    /// Names the pathways, calendar and rules: a timeline stored with
    /// another fingerprint is stale.
    fn fingerprint(&self) -> &str;
    /// The child's timeline over their active plans, as of the day.
    fn compute(&self, facts: &TimelineFacts, as_of: NaiveDate) -> Timeline;
    /// The title of a pathway, for naming plans in reports.
    fn pathway_title(&self, name: &str) -> Option<&str>;
}

/// The `due` of an item with neither target nor deadline: after every
/// date, so never overdue.
const NO_DUE: &str = "~";

/// One child's stored items, in timeline order.
const CHILD_ITEMS: &str = "SELECT plan_id, key, title, responsible, target, deadline, shown_from
     FROM stored_items INDEXED BY stored_items_by_child WHERE child_id = ?1 ORDER BY position";

/// Every child's stored items, child by child in timeline order: the one
/// scan the caseload's summaries are read in bulk with
/// ([`crate::cohort_read`]). Kept beside [`CHILD_ITEMS`], whose columns
/// it reads, so that a change to the table changes both.
pub(crate) const ITEMS_IN_CHILD_ORDER: &str =
    "SELECT child_id, plan_id, key, title, responsible, target, deadline, shown_from
     FROM stored_items INDEXED BY stored_items_by_child ORDER BY child_id, position";

/// Every stored item in the table's own order, with its child and its
/// place in the child's timeline: the one scan the caseload's summaries
/// are read in bulk with ([`crate::cohort_read`]), a child's items in
/// any order. Kept beside [`CHILD_ITEMS`], whose columns it reads, so
/// that a change to the table changes both.
pub(crate) const ITEMS_IN_TABLE_ORDER: &str =
    "SELECT child_id, plan_id, position, title, target, deadline, shown_from FROM stored_items";

/// The overdue report: one scan in the table's own order.
///
/// Each row's child (`child_id`) names its worker and decides the scope
/// through [`allocations`], read once: a join here would look two keys up
/// for every row, which measured half as long again as the scan itself.
const OVERDUE: &str = "SELECT reference, child, plan, title, target, deadline, responsible, child_id
     FROM stored_items
     WHERE due < ?1 AND (shown_from IS NULL OR shown_from <= ?1)
     ORDER BY due, reference, position";

/// What falls due in a window: by the first of target and deadline on or
/// after its start.
const DUE: &str = "SELECT reference, child, plan, title, target, deadline, responsible, child_id
     FROM stored_items
     WHERE ((target >= ?1 AND target <= ?2) OR (deadline >= ?1 AND deadline <= ?2))
       AND (shown_from IS NULL OR shown_from <= ?1)
     ORDER BY CASE WHEN target >= ?1 AND (deadline IS NULL OR deadline < ?1 OR target <= deadline)
                   THEN target ELSE deadline END,
              reference, position";

/// Every child in `scope`, with their worker's display name: one read of
/// the children, so that the item reports look each row's child up in
/// memory.
fn allocations(conn: &Connection, scope: &Scope) -> Result<HashMap<i64, Option<String>>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT c.id, w.display_name, w.username, c.team
         FROM children c LEFT JOIN workers w ON w.id = c.worker_id",
    )?;
    let mut rows = statement.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let username: Option<String> = r.get(2)?;
        let team: Option<String> = r.get(3)?;
        if scope.covers_allocation(username.as_deref(), team.as_deref()) {
            out.insert(r.get(0)?, r.get(1)?);
        }
    }
    Ok(out)
}

/// What is stored of a child's timeline, for a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Holds for the day: the open items (each status on that day) of
    /// the child's active plans.
    Fresh(Timeline),
    /// The child has no active plan, so no timeline.
    NoPlans,
    /// Must be worked out afresh.
    Stale,
}

/// One row of the overdue report, read from the stored timelines: its
/// text borrowed from SQLite's row, so tens of thousands of rows cost no
/// copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverdueRow<'r> {
    pub reference: &'r str,
    /// The child's given and family names.
    pub child: &'r str,
    /// The plan's pathway title and role, as "Adoption (primary)".
    pub plan: &'r str,
    pub title: &'r str,
    pub target: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub status: Status,
    pub responsible: Option<&'r str>,
    /// The display name of the worker allocated to the child, if any.
    pub worker: Option<&'r str>,
}

/// A stored day, or `Err` where the row holds something else: the stored
/// timeline is then worked out again from the record, as a stale one is.
fn day(text: Option<String>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    super::day::optional_day(text.as_deref(), column)
}

/// Marks as stale every stored timeline that does not hold on `as_of` or
/// was worked out with other pathways.
fn mark_expired(conn: &Connection, fingerprint: &str, as_of: NaiveDate) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO stale_timelines
             SELECT child_id FROM stored_timelines
             WHERE library <> ?1 OR seen_until <= ?2 OR seen_from > ?2",
        )?
        .execute(params![fingerprint, iso(as_of)])?)
}

/// Works out and stores up to `limit` stale timelines; how many it did.
pub(super) fn refresh_some(
    conn: &Connection,
    source: &dyn TimelineSource,
    as_of: NaiveDate,
    limit: usize,
) -> Result<usize, StoreError> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT child_id FROM stale_timelines LIMIT ?1")?
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for &id in &ids {
        store_one(conn, source, ChildId(id), as_of)?;
        conn.prepare_cached("DELETE FROM stale_timelines WHERE child_id = ?1")?
            .execute([id])?;
    }
    Ok(ids.len())
}

fn store_one(
    conn: &Connection,
    source: &dyn TimelineSource,
    child: ChildId,
    as_of: NaiveDate,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM stored_timelines WHERE child_id = ?1")?
        .execute([child.0])?;
    let exists = conn
        .prepare_cached("SELECT 1 FROM children WHERE id = ?1")?
        .query_row([child.0], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        return Ok(());
    }
    let mut facts = timeline_facts(conn, child)?;
    facts.plans.retain(|p| p.status == PlanStatus::Active);
    if facts.plans.is_empty() {
        return Ok(());
    }
    let ahead = as_of + Days::new(AHEAD_DAYS);
    let mut timeline = source.compute(&facts, ahead);
    if !timeline.seen.covers(as_of) {
        // Rare: a cadence merged late into a table row (see `Seen`). The
        // day itself always holds.
        timeline = source.compute(&facts, as_of);
    }
    conn.prepare_cached(
        "INSERT INTO stored_timelines (child_id, library, worked_out_for, seen_from, seen_until)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        child.0,
        source.fingerprint(),
        iso(timeline.as_of),
        timeline.seen.from.map(iso),
        timeline.seen.until.map(iso),
    ])?;
    let (reference, given, family): (String, String, String) = conn
        .prepare_cached("SELECT ref, given_name, family_name FROM children WHERE id = ?1")?
        .query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let name = format!("{given} {family}");
    let mut insert = conn.prepare_cached(
        "INSERT INTO stored_items (due, reference, position, child_id, plan_id, child, plan,
                                   key, title, responsible, target, deadline, shown_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    // Plans named as the reports name them: the pathway's title (it is
    // in the fingerprint) and the plan's role.
    let plan_names: Vec<String> = timeline
        .plans
        .iter()
        .map(|p| {
            let title = source.pathway_title(&p.plan.pathway).unwrap_or(&p.plan.pathway);
            format!("{title} ({})", p.plan.role.code())
        })
        .collect();
    let items = timeline
        .plans
        .iter()
        .zip(&plan_names)
        .flat_map(|(p, name)| p.items.iter().map(move |i| (&p.plan, name, i)));
    for (position, (plan, plan_name, item)) in items.enumerate() {
        if matches!(item.status, Status::Done | Status::NotApplicable) {
            continue;
        }
        let due = match (item.target, item.deadline) {
            (Some(t), Some(d)) => Some(t.min(d)),
            (t, d) => t.or(d),
        };
        insert.execute(params![
            due.map_or_else(|| NO_DUE.to_string(), iso),
            reference,
            position as i64,
            child.0,
            plan.id.0,
            name,
            plan_name,
            item.key,
            item.title,
            item.responsible,
            item.target.map(iso),
            item.deadline.map(iso),
            item.shown_from.map(iso),
        ])?;
    }
    Ok(())
}

impl Store {
    /// From now on, works out stale timelines before every write commits,
    /// in its transaction, so that what is stored stays right.
    pub fn set_timeline_source(&mut self, source: Box<dyn TimelineSource>, today: NaiveDate) {
        self.timelines = Some((source, today));
    }

    /// The fingerprint of the timeline source set, if any.
    pub fn timeline_fingerprint(&self) -> Option<&str> {
        self.timelines.as_ref().map(|(s, _)| s.fingerprint())
    }

    /// Works out and stores every timeline that is stale on `as_of`, a
    /// batch per transaction; how many it did. Nothing without a source
    /// or on a read-only store.
    pub fn refresh_timelines(&mut self, as_of: NaiveDate) -> Result<usize, StoreError> {
        let Some((source, _)) = &self.timelines else {
            return Ok(0);
        };
        // Most days nothing is stale: find that out without the write lock.
        if self.read_only || self.timelines_fresh(source.fingerprint(), as_of)? {
            return Ok(0);
        }
        let mut done = 0;
        let mut first = true;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            if first {
                mark_expired(&tx, source.fingerprint(), as_of)?;
                first = false;
            }
            let n = refresh_some(&tx, source.as_ref(), as_of, BATCH)?;
            tx.commit()?;
            done += n;
            if n < BATCH {
                return Ok(done);
            }
        }
    }

    /// Whether every child's stored timeline holds on `as_of` for the
    /// pathways with this fingerprint.
    pub fn timelines_fresh(&self, fingerprint: &str, as_of: NaiveDate) -> Result<bool, StoreError> {
        let stale: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM stale_timelines)")?
            .query_row([], |r| r.get(0))?;
        let expired: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM stored_timelines
                 WHERE library <> ?1 OR seen_until <= ?2 OR seen_from > ?2)",
            )?
            .query_row(params![fingerprint, iso(as_of)], |r| r.get(0))?;
        Ok(!stale && !expired)
    }

    /// The stored timelines of these children as seen on `as_of`.
    pub fn stored_timelines(
        &self,
        children: &[ChildId],
        fingerprint: &str,
        as_of: NaiveDate,
    ) -> Result<HashMap<ChildId, Stored>, StoreError> {
        let mut out = HashMap::with_capacity(children.len());
        let mut head = self.conn.prepare_cached(
            "SELECT s.library, s.seen_from, s.seen_until, EXISTS (SELECT 1 FROM stale_timelines x WHERE x.child_id = ?1)
             FROM (SELECT ?1 AS id) c LEFT JOIN stored_timelines s ON s.child_id = c.id",
        )?;
        let mut items = self.conn.prepare_cached(CHILD_ITEMS)?;
        for &child in children {
            type Head = (Option<String>, Option<String>, Option<String>, bool);
            let (library, from, until, stale): Head =
                head.query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            // A day the store cannot read makes the stored timeline one
            // to work out again, never one shown with a date missing.
            let seen = match (day(from, "seen_from"), day(until, "seen_until")) {
                (Ok(from), Ok(until)) => Some(Seen { from, until }),
                _ => None,
            };
            let state = match (library, seen) {
                _ if stale => Stored::Stale,
                (None, _) => Stored::NoPlans,
                (Some(_), None) => Stored::Stale,
                (Some(l), Some(seen)) if l != fingerprint || !seen.covers(as_of) => Stored::Stale,
                (Some(_), Some(seen)) => {
                    let plans: Vec<Plan> = super::plans::plans_of(&self.conn, child)?
                        .into_iter()
                        .filter(|p| p.status == PlanStatus::Active)
                        .collect();
                    let mut by_plan: HashMap<PlanId, Vec<TimelineItem>> = HashMap::new();
                    let mut unreadable = false;
                    let rows = items.query_map([child.0], |r| {
                        Ok((
                            PlanId(r.get(0)?),
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                            r.get::<_, Option<String>>(6)?,
                        ))
                    })?;
                    for row in rows {
                        let (plan, key, title, responsible, target, deadline, shown_from) = row?;
                        let days = (
                            day(target, "target"),
                            day(deadline, "deadline"),
                            day(shown_from, "shown_from"),
                        );
                        let (Ok(target), Ok(deadline), Ok(shown_from)) = days else {
                            unreadable = true;
                            continue;
                        };
                        by_plan.entry(plan).or_default().push(open_item(
                            key,
                            title,
                            responsible,
                            target,
                            deadline,
                            shown_from,
                        ));
                    }
                    let stored = Timeline {
                        as_of,
                        plans: plans
                            .into_iter()
                            .map(|plan| PlanTimeline {
                                items: by_plan.remove(&plan.id).unwrap_or_default(),
                                plan,
                                title: None,
                            })
                            .collect(),
                        seen,
                    };
                    // Seen on the day asked for: the items shown by then,
                    // each with its status that day.
                    match stored.as_seen_on(as_of) {
                        Some(t) if !unreadable => Stored::Fresh(t),
                        _ => Stored::Stale,
                    }
                }
            };
            out.insert(child, state);
        }
        Ok(out)
    }

    /// Every open item past its target or deadline on `as_of`, longest
    /// overdue first (then by reference, then in timeline order), from
    /// the stored timelines, handed to `each` one at a time so that a
    /// report of any size streams out in little memory. Read in one
    /// snapshot, and refused (`Ok(false)`, nothing handed on) if any
    /// timeline in it is stale, so a report never mixes old and new.
    pub fn each_stored_overdue(
        &self,
        fingerprint: &str,
        as_of: NaiveDate,
        scope: &Scope,
        each: impl FnMut(OverdueRow<'_>) -> std::io::Result<()>,
    ) -> Result<Result<bool, std::io::Error>, StoreError> {
        self.each_stored_item(fingerprint, as_of, OVERDUE, &[&iso(as_of)], scope, each)
    }

    /// As [`Store::each_stored_overdue`], for the open items whose target
    /// or deadline falls from `as_of` to `until`, soonest first (by the
    /// first of the two on or after `as_of`), then by reference.
    pub fn each_stored_due(
        &self,
        fingerprint: &str,
        as_of: NaiveDate,
        until: NaiveDate,
        scope: &Scope,
        each: impl FnMut(OverdueRow<'_>) -> std::io::Result<()>,
    ) -> Result<Result<bool, std::io::Error>, StoreError> {
        let parameters: [&dyn rusqlite::ToSql; 2] = [&iso(as_of), &iso(until)];
        self.each_stored_item(fingerprint, as_of, DUE, &parameters, scope, each)
    }

    fn each_stored_item(
        &self,
        fingerprint: &str,
        as_of: NaiveDate,
        sql: &str,
        parameters: &[&dyn rusqlite::ToSql],
        scope: &Scope,
        mut each: impl FnMut(OverdueRow<'_>) -> std::io::Result<()>,
    ) -> Result<Result<bool, std::io::Error>, StoreError> {
        // A deferred transaction: every read below sees one snapshot.
        self.conn.execute_batch("BEGIN")?;
        let result = (|| {
            if !self.timelines_fresh(fingerprint, as_of)? {
                return Ok(Ok(false));
            }
            let allocations = allocations(&self.conn, scope)?;
            let mut query = self.conn.prepare_cached(sql)?;
            let mut rows = query.query(parameters)?;
            while let Some(r) = rows.next()? {
                // A child out of the scope is left out.
                let Some(worker) = allocations.get(&r.get::<_, i64>(7)?) else {
                    continue;
                };
                let text = |i: usize| -> Result<Option<&str>, StoreError> {
                    let value = r.get_ref(i)?.as_str_or_null();
                    value.map_err(|e| StoreError::Corrupt(format!("stored item: {e}")))
                };
                // A report names a day it cannot read, rather than show the
                // row as if it had no date.
                let target = super::day::optional_day(text(4)?, "stored_items.target")?;
                let deadline = super::day::optional_day(text(5)?, "stored_items.deadline")?;
                let row = OverdueRow {
                    reference: text(0)?.unwrap_or_default(),
                    child: text(1)?.unwrap_or_default(),
                    plan: text(2)?.unwrap_or_default(),
                    title: text(3)?.unwrap_or_default(),
                    target,
                    deadline,
                    status: permanence_domain::timeline::status(None, true, target, deadline, as_of),
                    responsible: text(6)?,
                    worker: worker.as_deref(),
                };
                if let Err(e) = each(row) {
                    return Ok(Err(e));
                }
            }
            Ok(Ok(true))
        })();
        self.conn.execute_batch("COMMIT")?;
        result
    }
}

/// An open item as stored: what the summaries and reports use of it.
fn open_item(
    key: String,
    title: String,
    responsible: Option<String>,
    target: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    shown_from: Option<NaiveDate>,
) -> TimelineItem {
    TimelineItem {
        responsible,
        shown_from,
        // Stored items are open; `as_seen_on` gives each its status.
        ..TimelineItem::open(key, title, target, deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(store: &Store, sql: &str) -> String {
        let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = statement
            .query_map(
                rusqlite::params_from_iter(vec!["2026-12-02"; statement.parameter_count()]),
                |r| r.get::<_, String>(3),
            )
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    /// The overdue report reads the items in the order it writes them,
    /// with no sort; a child's items come by their index.
    #[test]
    fn the_stored_item_queries_use_their_order_and_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let overdue = plan(&store, OVERDUE);
        assert_eq!(
            overdue, "SEARCH stored_items USING PRIMARY KEY (due<?)",
            "one scan, no sort"
        );
        let items = plan(&store, CHILD_ITEMS);
        assert!(
            items.contains("USING INDEX stored_items_by_child (child_id=?)"),
            "{items}"
        );
        assert!(!items.contains("TEMP B-TREE"), "{items}");
    }
}
