//! The caseload read in bulk for the trackers and the dashboard: every
//! child wanted with the fields, people, carers, plans and events a
//! tracker reads, and each one's stored timeline as seen on the day, in a
//! handful of queries in all (one per table, each in child-id order,
//! merged as they are read), handed on one child at a time so that a
//! national caseload is never held whole (issue 19). Reading child by
//! child costs several queries a child, about a second per 100,000
//! children for each, before any timeline is worked out. Each summary is
//! read from the one row stored with the child's stored timeline
//! ([`crate::stored_summary`]), not worked out from the stored items.

use crate::by_id::ById;
use crate::day::optional_day;
use crate::plans::plan;
use crate::stored::{ITEMS_IN_CHILD_ORDER, TITLES};
use crate::stored_cohort;
use crate::stored_summary;
use crate::{Store, StoreError, Stored};
use chrono::NaiveDate;
use permanence_domain::child::{ChildFields, ChildId, Rag};
use permanence_domain::cohort::{CohortChild, EVENTS_USED};
use permanence_domain::event::{Event, RecordedEvent};
use permanence_domain::people::Carer;
use permanence_domain::plan::{Plan, PlanId, PlanRole, PlanStatus};
use permanence_domain::timeline::tally::Tally;
use permanence_domain::timeline::{PlanTimeline, Seen, Summary, Timeline, TimelineItem};
use rusqlite::{Connection, Row, Rows};
use std::ops::RangeInclusive;

mod row;
pub use row::{CohortHead, CohortRow};
use std::collections::HashMap;

/// One child as the trackers and the dashboard read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRecord {
    pub id: ChildId,
    /// Only what a tracker or the dashboard reads: the reference, names,
    /// date of birth, legal status, placement, looked-after date, worker,
    /// team, IRO and RAG. The rest (gender, ethnicity, religion,
    /// disability, sibling group) is left empty, so that 100,000 children
    /// take a few megabytes less.
    pub fields: ChildFields,
    pub worker_name: Option<String>,
    pub iro_name: Option<String>,
    /// By name, as the child's record lists them.
    pub carers: Vec<Carer>,
    /// Every plan, active first, each child's in the order the record
    /// lists them (as [`Store::plans`]).
    pub plans: Vec<Plan>,
    /// The events asked for that stand (not corrected or withdrawn), in
    /// the order they happened.
    pub events: Vec<RecordedEvent>,
    /// The summary of the child's timeline on the day, where they have a
    /// plan: from the stored timeline, or (where that is stale) `None`
    /// until the caller works it out.
    pub summary: Option<Summary>,
    /// The decision last recorded for the child at a kinship meeting held
    /// by the day, for Stockton's categories.
    pub kinship_decision: Option<String>,
}

impl CohortRecord {
    /// The child as a tracker reads them.
    pub fn child(&self) -> CohortChild<'_> {
        CohortChild {
            fields: &self.fields,
            worker_name: self.worker_name.as_deref(),
            iro_name: self.iro_name.as_deref(),
            carers: &self.carers,
            plans: &self.plans,
            events: &self.events,
            summary: self.summary.as_ref(),
            kinship_decision: self.kinship_decision.as_deref(),
        }
    }
}

/// Every child in id order, with the fields a tracker reads: the order
/// every other table is read in, so that each child's rows are merged as
/// they come and one child at a time is held. Their worker's and IRO's
/// names are looked up by id as they are read ([`row::Workers`]), the
/// few users read once, not searched for twice a child.
const CHILDREN: &str = "SELECT id, ref, given_name, family_name, date_of_birth,
        legal_status, placement_type, looked_after_since, worker_id, team, iro_id, rag
    FROM children
    WHERE id BETWEEN ?1 AND ?2
    ORDER BY id";

/// Every child's stored row of carers, plans and events
/// ([`crate::stored_cohort`]) in id order, merged with [`CHILDREN`] as it
/// is read: what the trackers and the dashboard read instead of a scan of
/// each of those tables (issue 19). Read in order beside the children
/// rather than joined, since a search for each child's row cost four
/// times a scan of them all.
const STORED_FACTS: &str = "SELECT child_id, facts FROM stored_cohort
    WHERE child_id BETWEEN ?1 AND ?2
    ORDER BY child_id";

/// How many children are marked stale, up to [`MANY_MARKED`]: counted
/// without reading further.
const MARKED: &str = "SELECT count(*) FROM (SELECT 1 FROM stale_timelines LIMIT ?1)";

/// From this many children marked stale, the bulk read scans each table
/// rather than read each marked child's carers, plans and events alone.
const MANY_MARKED: i64 = 1000;

/// The first and the last child's id, each from one end of the table's
/// key. (`min(id), max(id)` in one query reads every child.)
const ID_ENDS: &str = "SELECT (SELECT min(id) FROM children), (SELECT max(id) FROM children)";

/// Every child's id in caseload order (family name, given name,
/// reference), from the index alone: each child's place in it, for what
/// lists children in that order.
const CASELOAD_ORDER: &str = "SELECT id FROM children ORDER BY family_name, given_name, ref";

/// Every child's carers, in child order: the links in their own order,
/// each carer found by id.
const CARERS: &str = "SELECT l.child_id, k.name, k.relationship, k.connected_person
    FROM child_carers l CROSS JOIN carers k ON k.id = l.carer_id
    WHERE l.child_id BETWEEN ?1 AND ?2
    ORDER BY l.child_id";

/// Every plan, in child order.
const PLANS: &str =
    "SELECT id, pathway, role, start, stage, status, start_from, record_from, child_id FROM plans
    WHERE child_id BETWEEN ?1 AND ?2 ORDER BY child_id, id";

/// Every active plan, in child order: what a stored timeline covers.
const ACTIVE_PLANS: &str =
    "SELECT id, pathway, role, start, stage, status, start_from, record_from, child_id FROM plans
    WHERE status = 'active' ORDER BY child_id, id";

/// Every stored timeline's head, in child order.
const HEADS: &str = "SELECT child_id, library, seen_from, seen_until FROM stored_timelines
    ORDER BY child_id";

/// The children whose stored timeline is stale, in order.
const STALE: &str = "SELECT child_id FROM stale_timelines ORDER BY child_id";

/// As [`STALE`], of the children with ids from `?1` to `?2`.
const STALE_BETWEEN: &str =
    "SELECT child_id FROM stale_timelines WHERE child_id BETWEEN ?1 AND ?2 ORDER BY child_id";

/// The standing events of the kinds asked for (`kinds` placeholders, from
/// `?3`) of the children with ids from `?1` to `?2`, in child order, from
/// the index of standing events alone: the table's rows, with notes and
/// who recorded them, are not read.
fn events_sql(kinds: usize) -> String {
    let marks: Vec<String> = (0..kinds).map(|k| format!("?{}", k + 3)).collect();
    format!(
        "SELECT child_id, event, on_date, id FROM events INDEXED BY events_one_current
         WHERE status = 'current' AND child_id BETWEEN ?1 AND ?2 AND event IN ({})
         ORDER BY child_id",
        marks.join(", ")
    )
}

/// The child's record from a row of [`CHILDREN`] or [`CHILDREN_STORED`]
/// and its head, the IRO's names looked up as the worker's are: each
/// text only a day or a code is read from parsed in place, not copied
/// first (four strings a child made and let go).
fn record(row: &Row<'_>, head: &CohortHead<'_>, iro: Option<(&str, &str)>) -> rusqlite::Result<CohortRecord> {
    let fields = ChildFields {
        reference: head.reference.to_string(),
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        date_of_birth: row::day(row, 4, "date_of_birth")?,
        legal_status: head.legal_status,
        placement_type: head.placement_type.map(str::to_string),
        looked_after_since: row::day(row, 7, "looked_after_since")?,
        worker: head.worker.map(str::to_string),
        team: head.team.map(str::to_string),
        iro: iro.map(|(username, _)| username.to_string()),
        rag: row::parsed(row, 11, "rag", Rag::parse)?,
        ..ChildFields::default()
    };
    Ok(CohortRecord {
        id: head.id,
        fields,
        worker_name: head.worker_name.map(str::to_string),
        iro_name: iro.map(|(_, name)| name.to_string()),
        carers: Vec::new(),
        plans: Vec::new(),
        events: Vec::new(),
        summary: None,
        kinship_decision: None,
    })
}

/// The record's order of a child's plans (as [`crate::plans::plans_of`]
/// sorts them): active before closed, primary before contingency, then
/// as made.
pub(crate) fn plan_order(plan: &Plan) -> (&'static str, bool, i64) {
    (plan.status.code(), plan.role == PlanRole::Contingency, plan.id.0)
}

/// A query's rows in child order, one row held back: read as far as a
/// child, the rows of those before it passed over unread.
pub(crate) struct Cursor<'s, T, F> {
    rows: Rows<'s>,
    /// The child of the row held back, and what was read of it.
    held: Option<(i64, T)>,
    done: bool,
    /// The column holding the child's id.
    child: usize,
    read: F,
}

impl<'s, T, F: FnMut(&Row<'_>) -> rusqlite::Result<T>> Cursor<'s, T, F> {
    pub(crate) fn new(rows: Rows<'s>, child: usize, read: F) -> Cursor<'s, T, F> {
        Cursor {
            rows,
            held: None,
            done: false,
            child,
            read,
        }
    }

    /// Every row of `child`, in order, passing over
    /// those of children before it. Children must be asked for in order.
    pub(crate) fn of(&mut self, child: i64, into: &mut Vec<T>) -> Result<(), StoreError> {
        into.clear();
        loop {
            match self.held.take() {
                Some((c, value)) if c == child => into.push(value),
                Some((c, value)) if c > child => {
                    self.held = Some((c, value));
                    return Ok(());
                }
                _ => {}
            }
            if self.done {
                return Ok(());
            }
            let Some(row) = self.rows.next()? else {
                self.done = true;
                return Ok(());
            };
            let c: i64 = row.get(self.child)?;
            if c >= child {
                self.held = Some((c, (self.read)(row)?));
            }
        }
    }
}

/// A stored timeline's head: its library, and the days it holds for
/// (`None` where one cannot be read).
type Head = (Option<String>, Option<Seen>);

fn head(row: &Row<'_>) -> rusqlite::Result<Head> {
    let from = optional_day(row.get::<_, Option<String>>(2)?.as_deref(), "seen_from");
    let until = optional_day(row.get::<_, Option<String>>(3)?.as_deref(), "seen_until");
    let seen = match (from, until) {
        (Ok(from), Ok(until)) => Some(Seen { from, until }),
        _ => None,
    };
    Ok((row.get(1)?, seen))
}

/// A stored (open) item and its plan, or `None` where a day in it
/// cannot be read: the stored timeline is then worked out afresh.
type Item = (PlanId, Option<TimelineItem>);

fn item(row: &Row<'_>) -> rusqlite::Result<Item> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { row.get(i) };
    let days = (
        optional_day(text(5)?.as_deref(), "target"),
        optional_day(text(6)?.as_deref(), "deadline"),
        optional_day(text(7)?.as_deref(), "shown_from"),
    );
    let plan = PlanId(row.get(1)?);
    let by = crate::set_by::optional_set_by(text(8)?.as_deref(), "deadline_by");
    let (Ok(target), Ok(deadline), Ok(shown_from), Ok(deadline_by)) = (days.0, days.1, days.2, by) else {
        return Ok((plan, None));
    };
    let open = TimelineItem::open(
        row.get::<_, String>(2)?,
        row.get::<_, String>(3)?,
        target,
        deadline,
    );
    Ok((
        plan,
        Some(TimelineItem {
            responsible: row.get(4)?,
            shown_from,
            deadline_by,
            // Stored items are open; `as_seen_on` gives each its status.
            ..open
        }),
    ))
}

/// The child's stored timeline as seen on `as_of`, as
/// [`Store::stored_timelines`] reads one child's.
fn seen_on(
    stale: bool,
    head: Option<Head>,
    plans: &mut Vec<Plan>,
    items: &mut Vec<Item>,
    fingerprint: &str,
    as_of: NaiveDate,
) -> Stored {
    let seen = match head {
        _ if stale => return Stored::Stale,
        None => return Stored::NoPlans,
        Some((None, _) | (_, None)) => return Stored::Stale,
        Some((Some(library), Some(seen))) if library != fingerprint || !seen.covers(as_of) => {
            return Stored::Stale;
        }
        Some((_, Some(seen))) => seen,
    };
    if items.iter().any(|(_, i)| i.is_none()) {
        return Stored::Stale;
    }
    plans.sort_by_key(plan_order);
    let mut by_plan: HashMap<PlanId, Vec<TimelineItem>> = HashMap::new();
    for (plan, i) in items.drain(..) {
        if let Some(i) = i {
            by_plan.entry(plan).or_default().push(i);
        }
    }
    let stored = Timeline {
        as_of,
        plans: plans
            .drain(..)
            .map(|plan| PlanTimeline {
                items: by_plan.remove(&plan.id).unwrap_or_default(),
                plan,
                title: None,
            })
            .collect(),
        seen,
    };
    match stored.as_seen_on(as_of) {
        Some(t) => Stored::Fresh(t),
        None => Stored::Stale,
    }
}

/// Hands `each` the stored timeline of every child of `children` (in
/// ascending id order) as seen on `as_of`: four scans in child order.
fn each_stored(
    conn: &Connection,
    children: &[ChildId],
    fingerprint: &str,
    as_of: NaiveDate,
    mut each: impl FnMut(ChildId, Stored),
) -> Result<(), StoreError> {
    let mut heads = conn.prepare_cached(HEADS)?;
    let mut stale = conn.prepare_cached(STALE)?;
    let mut plans = conn.prepare_cached(ACTIVE_PLANS)?;
    let mut items = conn.prepare_cached(ITEMS_IN_CHILD_ORDER)?;
    let mut heads = Cursor::new(heads.query([])?, 0, head);
    let mut stale = Cursor::new(stale.query([])?, 0, |_| Ok(()));
    // A plan's child is its last column, after those `plan` reads.
    let mut plans = Cursor::new(plans.query([])?, crate::plans::PLAN_CHILD_COLUMN, plan);
    let mut items = Cursor::new(items.query([])?, 0, item);
    let (mut head, mut marked, mut active, mut open) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for &child in children {
        heads.of(child.0, &mut head)?;
        stale.of(child.0, &mut marked)?;
        plans.of(child.0, &mut active)?;
        items.of(child.0, &mut open)?;
        let state = seen_on(
            !marked.is_empty(),
            head.pop(),
            &mut active,
            &mut open,
            fingerprint,
            as_of,
        );
        each(child, state);
    }
    Ok(())
}

/// Every stored timeline's head (issue 19), in child order: whether it
/// holds on the day.
const SUMMARY_HEADS: &str = "SELECT child_id, library, seen_from, seen_until FROM stored_timelines
    WHERE child_id BETWEEN ?1 AND ?2
    ORDER BY child_id";

/// Every stored summary, in child order, merged with [`SUMMARY_HEADS`] as
/// both are read rather than joined to it: a search for each child's
/// summary cost more than a scan of them all.
const SUMMARY_SPANS: &str = "SELECT child_id, spans FROM stored_summaries
    WHERE child_id BETWEEN ?1 AND ?2
    ORDER BY child_id";

impl Store {
    /// Hands `each` the children `wanted` (asked of each child's head)
    /// one at a time, in id order, each with their carers, plans, the
    /// standing events of the `kinds` given, their last kinship decision
    /// and their summary on `as_of` from the stored timelines, and where
    /// they stand: their place in caseload order, and whether their stored
    /// timeline is stale (their summary to be worked out afresh). Each
    /// table is read once in child order and merged as it is read, all in
    /// one snapshot, so that one child is held at a time however many are
    /// read; the rest of a child's record is made only where `each` asks
    /// ([`CohortRow::into_record`]). An error from `each` stops the read.
    pub fn each_cohort_row<E: From<StoreError>>(
        &self,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        kinds: &[Event],
        fingerprint: &str,
        as_of: NaiveDate,
        each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        let span = Span {
            ids: (i64::MIN, i64::MAX),
            placed: true,
        };
        self.each_cohort_row_in(span, wanted, kinds, fingerprint, as_of, each)
    }

    /// As [`Store::each_cohort_row`], of the children whose ids are in
    /// `ids` alone: one part of the caseload, so that two connections can
    /// each read a part at once ([`Store::halfway_child`]). No child is
    /// given a place (`position` is `None`): the caseload's order is a
    /// read of every child, which each part would make again (15–19 ms
    /// of each half's read at 100,000 children, measured 07/12/2026), and
    /// a caller that orders what it folds has its own list to order by.
    pub fn each_cohort_row_between<E: From<StoreError>>(
        &self,
        ids: RangeInclusive<i64>,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        kinds: &[Event],
        fingerprint: &str,
        as_of: NaiveDate,
        each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        let span = Span {
            ids: (*ids.start(), *ids.end()),
            placed: false,
        };
        self.each_cohort_row_in(span, wanted, kinds, fingerprint, as_of, each)
    }

    /// The bulk read of the children of `span`, placed where it asks.
    fn each_cohort_row_in<E: From<StoreError>>(
        &self,
        span: Span,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        kinds: &[Event],
        fingerprint: &str,
        as_of: NaiveDate,
        each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        // A deferred transaction: every read below sees one snapshot.
        self.conn.execute_batch("BEGIN").map_err(StoreError::from)?;
        let result = self
            .kinship_decisions(as_of)
            .map_err(E::from)
            .and_then(|decisions| {
                let read = Read {
                    span,
                    kinds,
                    fingerprint,
                    as_of,
                    decisions,
                };
                read.each(&self.conn, wanted, each)
            });
        self.conn.execute_batch("COMMIT").map_err(StoreError::from)?;
        result
    }

    /// The id from which the later half of the children begins (by id),
    /// where their ids span at least `at_least`: where a bulk read of the
    /// caseload may be split in two ([`Store::reader`]). Halfway between
    /// the first id and the last, from the two ends of the table's key
    /// alone: SQLite gives ids in turn, so the span is about the count,
    /// and where many children have gone the halves are only uneven. A
    /// count of the children and a step to the middle one read half the
    /// caseload before either half began (4–9 ms at 100,000 children).
    pub fn halfway_child(&self, at_least: usize) -> Result<Option<i64>, StoreError> {
        let ends: (Option<i64>, Option<i64>) =
            self.conn.query_row(ID_ENDS, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (Some(first), Some(last)) = ends else {
            return Ok(None);
        };
        let span = last.saturating_sub(first).saturating_add(1);
        if span < 2 || span < i64::try_from(at_least).unwrap_or(i64::MAX) {
            return Ok(None);
        }
        // Past the first id and no further than the last: both halves
        // hold a child.
        Ok(Some(first + span / 2))
    }

    /// The stored timelines of `children` as seen on `as_of`, handed to
    /// `each` in ascending id order: as [`Store::stored_timelines`], in
    /// four scans however many children are asked for.
    pub fn each_stored_timeline(
        &self,
        children: &[ChildId],
        fingerprint: &str,
        as_of: NaiveDate,
        each: impl FnMut(ChildId, Stored),
    ) -> Result<(), StoreError> {
        let mut ids = children.to_vec();
        ids.sort_unstable_by_key(|c| c.0);
        ids.dedup();
        self.conn.execute_batch("BEGIN")?;
        let result = each_stored(&self.conn, &ids, fingerprint, as_of, each);
        self.conn.execute_batch("COMMIT")?;
        result
    }
}

/// Where a child read in bulk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortPlace {
    /// Their place in caseload order (family name, given name,
    /// reference) among every child in the store, where the read was of
    /// every child ([`Store::each_cohort_row`]); `None` in a read of a
    /// part ([`Store::each_cohort_row_between`]).
    pub position: Option<usize>,
    /// Their stored timeline is stale, expired, from other pathways or
    /// unreadable: their summary is to be worked out afresh.
    pub stale: bool,
}

/// Which children a bulk read reads, and whether it places them.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// The children's ids read, from and to (inclusive).
    ids: (i64, i64),
    /// Whether each child's place in caseload order is read.
    placed: bool,
}

/// What a bulk read of the caseload asks for.
struct Read<'a> {
    span: Span,
    kinds: &'a [Event],
    fingerprint: &'a str,
    as_of: NaiveDate,
    /// The last kinship decision of each child who has one (few).
    decisions: HashMap<ChildId, String>,
}

/// A carer linked to a child.
fn carer(row: &Row<'_>) -> rusqlite::Result<Carer> {
    Ok(Carer {
        name: row.get(1)?,
        relationship: row.get(2)?,
        connected_person: row.get(3)?,
    })
}

/// A standing event as stored: its code, day and id (for the order of
/// events on one day).
type StoredEvent = (String, String, i64);

fn stored_event(row: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok((row.get(1)?, row.get(2)?, row.get(3)?))
}

/// Whether the stored timeline of a row of [`SUMMARY_HEADS`] holds on the
/// day, read in place (no copy of its text): not where it is from other
/// pathways, expired, or unreadable.
fn stored_holds(row: &Row<'_>, fingerprint: &str, as_of: NaiveDate) -> rusqlite::Result<bool> {
    let text = |i: usize| row.get_ref(i).map(|v| v.as_str_or_null().ok().flatten());
    if text(1)? != Some(fingerprint) {
        return Ok(false);
    }
    let (Ok(from), Ok(until)) = (
        optional_day(text(2)?, "seen_from"),
        optional_day(text(3)?, "seen_until"),
    ) else {
        return Ok(false);
    };
    Ok((Seen { from, until }).covers(as_of))
}

/// The tally of the day from a row of [`SUMMARY_SPANS`], read in place:
/// `None` where it cannot be read.
fn stored_spans(row: &Row<'_>, titles: &ById<String>, as_of: NaiveDate) -> rusqlite::Result<Option<Tally>> {
    let spans = row.get_ref(1)?.as_str_or_null().ok().flatten();
    Ok(spans.and_then(|spans| stored_summary::decode(spans, titles, as_of)))
}

/// A row reader of a [`Cursor`], boxed so that [`Summaries`] can be
/// named whatever reads its rows.
type RowRead<'s, T> = Box<dyn FnMut(&Row<'_>) -> rusqlite::Result<T> + 's>;

/// The statements [`Summaries`] reads from, prepared by the bulk read
/// that uses them (the rows borrow them).
struct SummaryStatements<'c> {
    heads: rusqlite::CachedStatement<'c>,
    spans: rusqlite::CachedStatement<'c>,
    stale: rusqlite::CachedStatement<'c>,
}

impl<'c> SummaryStatements<'c> {
    fn prepare(conn: &'c Connection) -> Result<SummaryStatements<'c>, StoreError> {
        Ok(SummaryStatements {
            heads: conn.prepare_cached(SUMMARY_HEADS)?,
            spans: conn.prepare_cached(SUMMARY_SPANS)?,
            stale: conn.prepare_cached(STALE_BETWEEN)?,
        })
    }

    /// Each child's stored summary and stale mark between `ids`, read in
    /// child order beside the children: what both bulk reads ask of every
    /// child, in one place.
    fn read<'s>(
        &'s mut self,
        conn: &Connection,
        ids: [i64; 2],
        fingerprint: &'s str,
        as_of: NaiveDate,
    ) -> Result<Summaries<'s>, StoreError> {
        // By id in a vector: looked up for every child with an open item.
        let titles: ById<String> = conn
            .prepare_cached(TITLES)
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())?;
        let holds: RowRead<'s, bool> = Box::new(move |row| stored_holds(row, fingerprint, as_of));
        let spans: RowRead<'s, Option<Tally>> = Box::new(move |row| stored_spans(row, &titles, as_of));
        let marks: RowRead<'s, ()> = Box::new(|_| Ok(()));
        Ok(Summaries {
            heads: Cursor::new(self.heads.query(ids)?, 0, holds),
            spans: Cursor::new(self.spans.query(ids)?, 0, spans),
            stale: Cursor::new(self.stale.query(ids)?, 0, marks),
            held: (Vec::new(), Vec::new(), Vec::new()),
        })
    }
}

/// Each child's stored summary of the day and stale mark, read as far as
/// the child asked for ([`SummaryStatements::read`]).
struct Summaries<'s> {
    heads: Cursor<'s, bool, RowRead<'s, bool>>,
    spans: Cursor<'s, Option<Tally>, RowRead<'s, Option<Tally>>>,
    stale: Cursor<'s, (), RowRead<'s, ()>>,
    held: (Vec<bool>, Vec<Option<Tally>>, Vec<()>),
}

impl Summaries<'_> {
    /// The child's stored tally of the day, and whether they are marked
    /// stale. The tally is `None` where they have no stored timeline (no
    /// active plan), `Some(None)` where it does not hold on the day or its
    /// summary is missing or unreadable (to be worked out afresh).
    /// Children must be asked for in id order.
    fn of(&mut self, child: i64) -> Result<(Option<Option<Tally>>, bool), StoreError> {
        let (heads, spans, marks) = &mut self.held;
        self.heads.of(child, heads)?;
        self.spans.of(child, spans)?;
        self.stale.of(child, marks)?;
        let tally = heads.pop().map(|holds| spans.pop().flatten().filter(|_| holds));
        Ok((tally, !marks.is_empty()))
    }
}

/// The child's events in the order they happened, as the timeline reads
/// them.
pub(crate) fn events_in_order(stored: &mut Vec<StoredEvent>) -> Result<Vec<RecordedEvent>, StoreError> {
    let mut events = Vec::with_capacity(stored.len());
    for (text, on, id) in stored.drain(..) {
        let event =
            Event::parse(&text).ok_or_else(|| StoreError::Corrupt(format!("event: cannot read {text:?}")))?;
        let on = crate::day::day(&on, "on_date")?;
        events.push((RecordedEvent { event, on }, id));
    }
    events.sort_by_key(|(e, id)| (e.on, *id));
    Ok(events.into_iter().map(|(e, _)| e).collect())
}

impl Read<'_> {
    /// The child's last kinship decision, taken from those read. Most
    /// caseloads have few or none, and a look-up hashes the id even in an
    /// empty map: once for every child of a national caseload.
    fn decision_of(&mut self, child: ChildId) -> Option<String> {
        match self.decisions.is_empty() {
            true => None,
            false => self.decisions.remove(&child),
        }
    }

    /// The child's summary on the day from their stored summary (as
    /// [`Store::stored_timelines`] gives the timeline seen on the day,
    /// then [`Summary::of`] it; the stored summary's property test holds
    /// it to that): `Err(())` where it is to be worked out afresh (marked
    /// stale, expired, from other pathways, or unreadable).
    fn summary(
        &self,
        plans: &[Plan],
        marked: bool,
        stored: Option<Option<Tally>>,
    ) -> Result<Option<Summary>, ()> {
        if marked {
            return Err(());
        }
        // No stored timeline: no active plan.
        let Some(tally) = stored else {
            return Ok(None);
        };
        let tally = tally.ok_or(())?;
        // The active plans passed as they are found, not gathered first.
        let active = || plans.iter().filter(|p| p.status == PlanStatus::Active);
        Ok(active()
            .next()
            .is_some()
            .then(|| tally.summary(active(), self.as_of)))
    }

    /// Every child wanted, merged from each table's scan in child order:
    /// each child's carers, plans and events from their stored row where
    /// the events asked for are among those it holds ([`EVENTS_USED`]),
    /// else from a scan of each table.
    fn each<E: From<StoreError>>(
        self,
        conn: &Connection,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        // Many children marked (a database just upgraded, or loaded in
        // bulk and not yet refreshed): a scan of each table beats a few
        // queries for each of them.
        let marked: i64 = conn
            .prepare_cached(MARKED)
            .and_then(|mut s| s.query_row([MANY_MARKED], |r| r.get(0)))
            .map_err(StoreError::from)?;
        let stored = self.kinds.iter().all(|k| EVENTS_USED.contains(k)) && marked < MANY_MARKED;
        match stored {
            true => self.each_stored(conn, wanted, each),
            false => self.each_scanned(conn, wanted, each),
        }
    }

    /// Every child wanted, each with their stored row of carers, plans
    /// and events where it is current (the child not marked stale) and
    /// readable, else read live for that child alone; summaries and stale
    /// marks merged from their scans in child order.
    fn each_stored<E: From<StoreError>>(
        mut self,
        conn: &Connection,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        mut each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut places = caseload_places(conn, self.span.placed)?;
        let workers = row::Workers::read(conn).map_err(StoreError::from)?;
        let (mut children, mut stored) = (
            conn.prepare_cached(CHILDREN).map_err(StoreError::from)?,
            conn.prepare_cached(STORED_FACTS).map_err(StoreError::from)?,
        );
        let mut statements = SummaryStatements::prepare(conn)?;
        let ids = [self.span.ids.0, self.span.ids.1];
        let mut children = children.query(ids).map_err(StoreError::from)?;
        // Each row decoded where it is read (`None` where it cannot be);
        // a marked child's is then passed over for a live read.
        let mut stored = Cursor::new(stored.query(ids).map_err(StoreError::from)?, 0, |row| {
            Ok(row.get_ref(1)?.as_str().ok().and_then(stored_cohort::decode))
        });
        let mut summaries = statements.read(conn, ids, self.fingerprint, self.as_of)?;
        let mut held_facts = Vec::new();
        while let Some(row) = children.next().map_err(StoreError::from)? {
            let head = row::head(row, &workers).map_err(StoreError::from)?;
            if !wanted(&head) {
                continue;
            }
            let child = head.id.0;
            stored.of(child, &mut held_facts)?;
            let (tally, marked) = summaries.of(child)?;
            let stored = held_facts.pop().flatten().filter(|_| !marked);
            let mut facts = match stored {
                Some(facts) => facts,
                None => stored_cohort::facts_of(conn, &[child])?
                    .remove(&child)
                    .unwrap_or_default(),
            };
            facts.events.retain(|e| self.kinds.contains(&e.event));
            let summary = self.summary(&facts.plans, marked, tally);
            let place = CohortPlace {
                position: places.of(child),
                stale: summary.is_err(),
            };
            let row = CohortRow {
                kinship_decision: self.decision_of(head.id),
                iro: workers.of(row, 10).map_err(StoreError::from)?,
                head,
                carers: facts.carers,
                plans: facts.plans,
                events: facts.events,
                summary: summary.unwrap_or(None),
                row,
            };
            each(row, place)?;
        }
        Ok(())
    }

    /// Every child wanted, merged from each table's scan in child order.
    fn each_scanned<E: From<StoreError>>(
        mut self,
        conn: &Connection,
        wanted: impl Fn(&CohortHead<'_>) -> bool,
        mut each: impl FnMut(CohortRow<'_>, CohortPlace) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut places = caseload_places(conn, self.span.placed)?;
        let workers = row::Workers::read(conn).map_err(StoreError::from)?;
        let (mut children, mut carers, mut plans) = (
            conn.prepare_cached(CHILDREN).map_err(StoreError::from)?,
            conn.prepare_cached(CARERS).map_err(StoreError::from)?,
            conn.prepare_cached(PLANS).map_err(StoreError::from)?,
        );
        let mut events = conn
            .prepare_cached(&events_sql(self.kinds.len().max(1)))
            .map_err(StoreError::from)?;
        let mut statements = SummaryStatements::prepare(conn)?;
        // No kinds asked for: a code no event has, so that none is read.
        let codes: Vec<&str> = match self.kinds.is_empty() {
            true => vec![""],
            false => self.kinds.iter().map(|k| k.code()).collect(),
        };
        let ids = [self.span.ids.0, self.span.ids.1];
        let mut children = children.query(ids).map_err(StoreError::from)?;
        let mut carers = Cursor::new(carers.query(ids).map_err(StoreError::from)?, 0, carer);
        // A plan's child is its last column, after those `plan` reads.
        let mut plans = Cursor::new(
            plans.query(ids).map_err(StoreError::from)?,
            crate::plans::PLAN_CHILD_COLUMN,
            plan,
        );
        let range = ids.map(rusqlite::types::Value::Integer);
        let codes = codes
            .into_iter()
            .map(|c| rusqlite::types::Value::Text(c.to_string()));
        let events = events
            .query(rusqlite::params_from_iter(range.into_iter().chain(codes)))
            .map_err(StoreError::from)?;
        let mut events = Cursor::new(events, 0, stored_event);
        let mut summaries = statements.read(conn, ids, self.fingerprint, self.as_of)?;
        let mut held_events = Vec::new();
        while let Some(row) = children.next().map_err(StoreError::from)? {
            let head = row::head(row, &workers).map_err(StoreError::from)?;
            if !wanted(&head) {
                continue;
            }
            let child = head.id.0;
            let (mut child_carers, mut child_plans) = (Vec::new(), Vec::new());
            carers.of(child, &mut child_carers)?;
            child_carers.sort_by(|a, b| a.name.cmp(&b.name));
            plans.of(child, &mut child_plans)?;
            child_plans.sort_by_key(plan_order);
            events.of(child, &mut held_events)?;
            let child_events = events_in_order(&mut held_events)?;
            let (tally, marked) = summaries.of(child)?;
            let summary = self.summary(&child_plans, marked, tally);
            let place = CohortPlace {
                position: places.of(child),
                stale: summary.is_err(),
            };
            let row = CohortRow {
                kinship_decision: self.decision_of(head.id),
                iro: workers.of(row, 10).map_err(StoreError::from)?,
                head,
                carers: child_carers,
                plans: child_plans,
                events: child_events,
                summary: summary.unwrap_or(None),
                row,
            };
            each(row, place)?;
        }
        Ok(())
    }
}

/// Each child's place in caseload order, looked up in id order: the
/// children are read by id, so a cursor walking the places sorted by id
/// finds each in turn, where a hash map's look-up for each of 100,000
/// children was a tenth of the dashboard's read.
struct Places {
    /// (id, place), ascending by id; `None` where the read places no one.
    by_id: Option<Vec<(i64, usize)>>,
    at: usize,
}

impl Places {
    /// The place of `child`, asked for in ascending id order: `None` where
    /// the read places no one (or for a child not in the caseload's order,
    /// which cannot happen within one snapshot).
    fn of(&mut self, child: i64) -> Option<usize> {
        let by_id = self.by_id.as_ref()?;
        while by_id.get(self.at).is_some_and(|(id, _)| *id < child) {
            self.at += 1;
        }
        match by_id.get(self.at) {
            Some((id, place)) if *id == child => Some(*place),
            _ => None,
        }
    }
}

/// Every child's place in caseload order, to be looked up by id, where
/// `placed`; else nothing read.
fn caseload_places(conn: &Connection, placed: bool) -> Result<Places, StoreError> {
    if !placed {
        return Ok(Places { by_id: None, at: 0 });
    }
    let mut statement = conn.prepare_cached(CASELOAD_ORDER)?;
    let mut rows = statement.query([])?;
    let mut by_id = Vec::new();
    while let Some(row) = rows.next()? {
        by_id.push((row.get(0)?, by_id.len()));
    }
    by_id.sort_unstable();
    Ok(Places {
        by_id: Some(by_id),
        at: 0,
    })
}

#[cfg(test)]
mod tests;
