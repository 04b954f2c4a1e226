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

use crate::by_id::ById;
use crate::plans::{TimelineFacts, timeline_facts};
use crate::{Store, StoreError};
use chrono::{Days, NaiveDate};
use permanence_domain::child::ChildId;
use permanence_domain::cohort::Scope;
use permanence_domain::date::iso;
use permanence_domain::plan::{Plan, PlanId, PlanStatus};
use permanence_domain::set_by::SetBy;
use permanence_domain::timeline::{PlanTimeline, Seen, Status, Timeline, TimelineItem};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::collections::HashMap;
use std::rc::Rc;

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
/// Shared by the threads of a bulk load ([`crate::stored_load`]).
pub trait TimelineSource: Send + Sync {
    /// Names the pathways, calendar and rules: a timeline stored with
    /// another fingerprint is stale.
    fn fingerprint(&self) -> &str;
    /// The child's timeline over their active plans, as of the day.
    fn compute(&self, facts: &TimelineFacts, as_of: NaiveDate) -> Timeline;
}

/// The `due` of an item with neither target nor deadline: after every
/// date, so never overdue.
const NO_DUE: &str = "~";

/// One child's stored items, in timeline order, with their key and title.
const CHILD_ITEMS: &str =
    "SELECT i.plan_id, t.key, t.title, i.responsible, i.target, i.deadline, i.shown_from, i.deadline_by
     FROM stored_items i INDEXED BY stored_items_by_child JOIN stored_titles t ON t.id = i.title_id
     WHERE i.child_id = ?1 ORDER BY i.position";

/// Every child's stored items, child by child in timeline order: the one
/// scan the caseload's summaries are read in bulk with
/// ([`crate::cohort_read`]). Kept beside [`CHILD_ITEMS`], whose columns
/// it reads, so that a change to the table changes both.
pub(crate) const ITEMS_IN_CHILD_ORDER: &str =
    "SELECT i.child_id, i.plan_id, t.key, t.title, i.responsible, i.target, i.deadline, i.shown_from,
            i.deadline_by
     FROM stored_items i INDEXED BY stored_items_by_child JOIN stored_titles t ON t.id = i.title_id
     ORDER BY i.child_id, i.position";

/// Every stored key and title by its number, read once by a reader of
/// every item.
pub(crate) const TITLES: &str = "SELECT id, title FROM stored_titles";

/// The overdue report: one scan in the table's own order.
///
/// Each row's child (`child_id`) names the child and their worker and
/// decides the scope through [`Allocations`], its plan (`plan_id`) and
/// title (`title_id`) are named from [`Names`]: all read once, as a join
/// here would look keys up for every row, which measured half as long
/// again as the scan itself.
const OVERDUE: &str = "SELECT reference, plan_id, title_id, target, deadline, responsible, child_id
     FROM stored_items
     WHERE due < ?1 AND (shown_from IS NULL OR shown_from <= ?1)
     ORDER BY due, reference, position";

/// What falls due in a window: by the first of target and deadline on or
/// after its start.
const DUE: &str = "SELECT reference, plan_id, title_id, target, deadline, responsible, child_id
     FROM stored_items
     WHERE ((target >= ?1 AND target <= ?2) OR (deadline >= ?1 AND deadline <= ?2))
       AND (shown_from IS NULL OR shown_from <= ?1)
     ORDER BY CASE WHEN target >= ?1 AND (deadline IS NULL OR deadline < ?1 OR target <= deadline)
                   THEN target ELSE deadline END,
              reference, position";

/// A child in the scope of a report: their name as reports give it
/// ("Given Family") and their worker's display name.
struct Allocation {
    name: String,
    /// Shared by all the worker's children.
    worker: Option<Rc<str>>,
}

/// Every child in a report's scope, by id.
type Allocations = ById<Allocation>;

/// Column `i`'s text, borrowed from the row.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>, StoreError> {
    let value = r.get_ref(i)?.as_str_or_null();
    value.map_err(|e| StoreError::Corrupt(format!("stored item: {e}")))
}

/// Every child in `scope`, named, with their worker's display name: one
/// read of the children, so that the item reports look each row's child
/// up in memory. A worker's name is held once for all their children.
fn allocations(conn: &Connection, scope: &Scope) -> Result<Allocations, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT c.id, w.display_name, w.username, c.team, c.given_name, c.family_name, w.id
         FROM children c LEFT JOIN workers w ON w.id = c.worker_id",
    )?;
    let mut rows = statement.query([])?;
    let mut out = ById::default();
    let mut workers: HashMap<i64, Rc<str>> = HashMap::new();
    while let Some(r) = rows.next()? {
        if !scope.covers_allocation(text(r, 2)?, text(r, 3)?) {
            continue;
        }
        let (given, family) = (text(r, 4)?.unwrap_or_default(), text(r, 5)?.unwrap_or_default());
        let mut name = String::with_capacity(given.len() + 1 + family.len());
        name.push_str(given);
        name.push(' ');
        name.push_str(family);
        let worker = match (r.get::<_, Option<i64>>(6)?, text(r, 1)?) {
            (Some(id), Some(display)) => {
                Some(Rc::clone(workers.entry(id).or_insert_with(|| Rc::from(display))))
            }
            _ => None,
        };
        out.insert(r.get(0)?, Allocation { name, worker });
    }
    Ok(out)
}

/// The names the item reports give plans and items, read once each.
struct Names {
    /// Each plan as "Pathway title (role)": a few names shared by every
    /// plan, so 100,000 plans hold no copies.
    plans: ById<Rc<str>>,
    /// Each stored title's text.
    titles: ById<String>,
}

impl Names {
    /// Plans are named by their pathway's title (`pathway_titles`, name
    /// and title, from the library the stored timelines were worked out
    /// with), or its name where the library has no such pathway.
    fn read(conn: &Connection, pathway_titles: &[(&str, &str)]) -> Result<Names, StoreError> {
        let titles_of: HashMap<&str, &str> = pathway_titles.iter().copied().collect();
        let mut plans = ById::default();
        // Each pathway and role once (a handful): looked up with no copy.
        let mut shared: Vec<(String, String, Rc<str>)> = Vec::new();
        let mut statement = conn.prepare_cached("SELECT id, pathway, role FROM plans")?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let (pathway, role) = (text(r, 1)?.unwrap_or_default(), text(r, 2)?.unwrap_or_default());
            let known = shared.iter().position(|(p, o, _)| p == pathway && o == role);
            let index = known.unwrap_or_else(|| {
                let title = titles_of.get(pathway).copied().unwrap_or(pathway);
                let name = format!("{title} ({role})").into();
                shared.push((pathway.to_string(), role.to_string(), name));
                shared.len() - 1
            });
            let name = &shared[index].2;
            plans.insert(r.get(0)?, Rc::clone(name));
        }
        let titles = conn
            .prepare_cached("SELECT id, title FROM stored_titles")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Names { plans, titles })
    }
}

/// The number of each item key and title stored, looked up once per
/// batch of timelines stored (in its transaction, so a number is never
/// kept past a rollback that took it back).
/// By key, then title (almost always one per key): looked up by `&str`
/// with no copy.
#[derive(Default)]
pub(super) struct TitleIds(HashMap<String, Vec<(String, i64)>>);

impl TitleIds {
    pub(super) fn of(&mut self, conn: &Connection, key: &str, title: &str) -> Result<i64, StoreError> {
        let known = self.0.get(key).and_then(|t| t.iter().find(|(t, _)| t == title));
        if let Some(&(_, id)) = known {
            return Ok(id);
        }
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM stored_titles WHERE key = ?1 AND title = ?2")?
            .query_row([key, title], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                conn.prepare_cached("INSERT INTO stored_titles (key, title) VALUES (?1, ?2)")?
                    .execute([key, title])?;
                conn.last_insert_rowid()
            }
        };
        self.0
            .entry(key.to_string())
            .or_default()
            .push((title.to_string(), id));
        Ok(id)
    }
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
pub(super) fn mark_expired(
    conn: &Connection,
    fingerprint: &str,
    as_of: NaiveDate,
) -> Result<usize, StoreError> {
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
    let mut titles = TitleIds::default();
    for &id in &ids {
        store_one(conn, source, &mut titles, ChildId(id), as_of)?;
        conn.prepare_cached("DELETE FROM stale_timelines WHERE child_id = ?1")?
            .execute([id])?;
    }
    // Each child's stored row of tracker inputs, current again with
    // their stale mark cleared (issue 19).
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    super::stored_cohort::write_rows(conn, &sorted)?;
    Ok(ids.len())
}

fn store_one(
    conn: &Connection,
    source: &dyn TimelineSource,
    titles: &mut TitleIds,
    child: ChildId,
    as_of: NaiveDate,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM stored_timelines WHERE child_id = ?1")?
        .execute([child.0])?;
    let reference: Option<String> = conn
        .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
        .query_row([child.0], |r| r.get(0))
        .optional()?;
    let Some(reference) = reference else {
        return Ok(());
    };
    let Some(timeline) = work_out(source, timeline_facts(conn, child)?, as_of) else {
        return Ok(());
    };
    write_stored(
        conn,
        source.fingerprint(),
        titles,
        (child, &reference),
        &timeline,
        as_of,
    )
}

/// The timeline stored for a child with these facts on `as_of`: over
/// their active plans, worked out far enough ahead to hold for weeks;
/// `None` for a child with no active plan (nothing is stored). Pure, so
/// that a bulk load works many out at once ([`crate::stored_load`]).
pub(super) fn work_out(
    source: &dyn TimelineSource,
    mut facts: TimelineFacts,
    as_of: NaiveDate,
) -> Option<Timeline> {
    facts.plans.retain(|p| p.status == PlanStatus::Active);
    if facts.plans.is_empty() {
        return None;
    }
    let ahead = as_of + Days::new(AHEAD_DAYS);
    let timeline = source.compute(&facts, ahead);
    if !timeline.seen.covers(as_of) {
        // Rare: a cadence merged late into a table row (see `Seen`). The
        // day itself always holds.
        return Some(source.compute(&facts, as_of));
    }
    Some(timeline)
}

/// Stores a worked-out timeline (from [`work_out`]) for the child (id and
/// reference), whose stored timeline has just been deleted: its head, its
/// summary and its open items. The one place that says what is stored.
pub(super) fn write_stored(
    conn: &Connection,
    fingerprint: &str,
    titles: &mut TitleIds,
    (child, reference): (ChildId, &str),
    timeline: &Timeline,
    as_of: NaiveDate,
) -> Result<(), StoreError> {
    let spans = super::stored_summary::spans(timeline, as_of);
    write_stored_spans(conn, fingerprint, titles, (child, reference), timeline, &spans)
}

/// As [`write_stored`], with the summary's spans already worked out
/// (`stored_summary::spans` on the day it is stored on), as a bulk
/// load's threads do.
pub(super) fn write_stored_spans(
    conn: &Connection,
    fingerprint: &str,
    titles: &mut TitleIds,
    (child, reference): (ChildId, &str),
    timeline: &Timeline,
    spans: &super::stored_summary::Spans,
) -> Result<(), StoreError> {
    // The summary on each day it holds for, stored with it (issue 19).
    let summary = super::stored_summary::encode_spans(conn, titles, timeline, spans)?;
    conn.prepare_cached(
        "INSERT INTO stored_timelines (child_id, library, worked_out_for, seen_from, seen_until)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        child.0,
        fingerprint,
        iso(timeline.as_of),
        timeline.seen.from.map(iso),
        timeline.seen.until.map(iso),
    ])?;
    conn.prepare_cached("INSERT INTO stored_summaries (child_id, spans) VALUES (?1, ?2)")?
        .execute(params![child.0, summary])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO stored_items (due, reference, position, child_id, plan_id, title_id,
                                   responsible, target, deadline, shown_from, deadline_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let items = timeline
        .plans
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (&p.plan, i)));
    for (position, (plan, item)) in items.enumerate() {
        if !item.status.is_open() {
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
            titles.of(conn, &item.key, &item.title)?,
            item.responsible,
            item.target.map(iso),
            item.deadline.map(iso),
            item.shown_from.map(iso),
            item.deadline_by.map(SetBy::code),
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
                            r.get::<_, Option<String>>(7)?,
                        ))
                    })?;
                    for row in rows {
                        let (plan, key, title, responsible, target, deadline, shown_from, by) = row?;
                        let days = (
                            day(target, "target"),
                            day(deadline, "deadline"),
                            day(shown_from, "shown_from"),
                        );
                        let by = super::set_by::optional_set_by(by.as_deref(), "deadline_by");
                        let (Ok(target), Ok(deadline), Ok(shown_from), Ok(deadline_by)) =
                            (days.0, days.1, days.2, by)
                        else {
                            unreadable = true;
                            continue;
                        };
                        by_plan.entry(plan).or_default().push(open_item(
                            key,
                            title,
                            responsible,
                            (target, deadline, deadline_by),
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
    /// Plans are named from `pathway_titles` (each pathway's name and
    /// title in the library with that `fingerprint`).
    pub fn each_stored_overdue(
        &self,
        fingerprint: &str,
        pathway_titles: &[(&str, &str)],
        as_of: NaiveDate,
        scope: &Scope,
        each: impl FnMut(OverdueRow<'_>) -> std::io::Result<()>,
    ) -> Result<Result<bool, std::io::Error>, StoreError> {
        let library = (fingerprint, pathway_titles);
        self.each_stored_item(library, as_of, (OVERDUE, &[&iso(as_of)]), scope, each)
    }

    /// As [`Store::each_stored_overdue`], for the open items whose target
    /// or deadline falls from `as_of` to `until`, soonest first (by the
    /// first of the two on or after `as_of`), then by reference.
    pub fn each_stored_due(
        &self,
        fingerprint: &str,
        pathway_titles: &[(&str, &str)],
        as_of: NaiveDate,
        until: NaiveDate,
        scope: &Scope,
        each: impl FnMut(OverdueRow<'_>) -> std::io::Result<()>,
    ) -> Result<Result<bool, std::io::Error>, StoreError> {
        let parameters: [&dyn rusqlite::ToSql; 2] = [&iso(as_of), &iso(until)];
        let library = (fingerprint, pathway_titles);
        self.each_stored_item(library, as_of, (DUE, &parameters), scope, each)
    }

    /// `library` is the fingerprint and pathway titles, `query` the SQL
    /// and its parameters.
    fn each_stored_item(
        &self,
        (fingerprint, pathway_titles): (&str, &[(&str, &str)]),
        as_of: NaiveDate,
        (sql, parameters): (&str, &[&dyn rusqlite::ToSql]),
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
            let names = Names::read(&self.conn, pathway_titles)?;
            let mut query = self.conn.prepare_cached(sql)?;
            let mut rows = query.query(parameters)?;
            while let Some(r) = rows.next()? {
                // A child out of the scope is left out.
                let Some(child) = allocations.get(r.get::<_, i64>(6)?) else {
                    continue;
                };
                let text = |i: usize| text(r, i);
                // A report names a day it cannot read, rather than show the
                // row as if it had no date.
                let target = super::day::optional_day(text(3)?, "stored_items.target")?;
                let deadline = super::day::optional_day(text(4)?, "stored_items.deadline")?;
                let row = OverdueRow {
                    reference: text(0)?.unwrap_or_default(),
                    child: &child.name,
                    plan: named(&names.plans, r.get(1)?, "plan")?,
                    title: named(&names.titles, r.get(2)?, "title")?,
                    target,
                    deadline,
                    status: permanence_domain::timeline::status(None, true, target, deadline, as_of),
                    responsible: text(5)?,
                    worker: child.worker.as_deref(),
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

/// The name read for `id`; a stored item that points at nothing is named
/// as the damage it is, not shown blank.
fn named<'a, S: AsRef<str>>(names: &'a ById<S>, id: i64, what: &str) -> Result<&'a str, StoreError> {
    match names.get(id) {
        Some(name) => Ok(name.as_ref()),
        None => Err(StoreError::Corrupt(format!(
            "a stored item's {what} {id} is missing"
        ))),
    }
}

/// An open item as stored: what the summaries and reports use of it.
/// `dates` are its target, its deadline and who sets the deadline.
fn open_item(
    key: String,
    title: String,
    responsible: Option<String>,
    (target, deadline, deadline_by): (Option<NaiveDate>, Option<NaiveDate>, Option<SetBy>),
    shown_from: Option<NaiveDate>,
) -> TimelineItem {
    TimelineItem {
        responsible,
        shown_from,
        deadline_by,
        // Stored items are open; `as_seen_on` gives each its status.
        ..TimelineItem::open(key, title, target, deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::query_plan as plan;

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
        assert!(
            items.contains("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"),
            "each item's title by its number: {items}"
        );
        assert!(!items.contains("TEMP B-TREE"), "{items}");
        let title = plan(
            &store,
            "SELECT id FROM stored_titles WHERE key = ?1 AND title = ?2",
        );
        assert!(title.contains("USING COVERING INDEX"), "{title}");
    }

    /// Whatever the reports name a stored item by is read from where it
    /// is kept, not copied onto the item: a plan by its pathway's title
    /// in the library given, an item by its stored title.
    #[test]
    fn names_are_read_once_from_plans_children_and_titles() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("n.db")).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO children (id, ref, given_name, family_name) VALUES (1, 'A1', 'Amara', 'Okafor');
                 INSERT INTO plans (id, child_id, pathway, role, start, stage)
                     VALUES (7, 1, 'adoption', 'primary', '2026-01-05', 'proceedings'),
                            (8, 1, 'sgo', 'contingency', '2026-01-05', 'proceedings');
                 INSERT INTO stored_titles (id, key, title) VALUES (3, 'medical', 'Adoption medical');",
            )
            .unwrap();
        let names = Names::read(&store.conn, &[("adoption", "Adoption")]).unwrap();
        assert_eq!(named(&names.plans, 7, "plan").unwrap(), "Adoption (primary)");
        assert_eq!(
            named(&names.plans, 8, "plan").unwrap(),
            "sgo (contingency)",
            "a pathway the library lacks is named by its name"
        );
        assert_eq!(named(&names.titles, 3, "title").unwrap(), "Adoption medical");
        let missing = named(&names.titles, 4, "title").unwrap_err().to_string();
        assert!(missing.contains("title 4 is missing"), "{missing}");
        let everyone = allocations(&store.conn, &Scope::default()).unwrap();
        assert_eq!(everyone.get(1).unwrap().name, "Amara Okafor");
        assert_eq!(everyone.get(1).unwrap().worker, None);
    }

    /// A title is stored once however many items carry it, and a batch
    /// finds the ones stored before it.
    #[test]
    fn each_key_and_title_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let mut first = TitleIds::default();
        let a = first.of(&store.conn, "medical", "Adoption medical").unwrap();
        assert_eq!(first.of(&store.conn, "medical", "Adoption medical").unwrap(), a);
        let b = first.of(&store.conn, "medical", "Medical (renamed)").unwrap();
        assert_ne!(a, b, "the same key under another title is another row");
        let mut second = TitleIds::default();
        assert_eq!(second.of(&store.conn, "medical", "Adoption medical").unwrap(), a);
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM stored_titles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2);
    }
}
