//! Each child's tracker and dashboard inputs that live in other tables
//! (their carers, every plan, and the standing events of the kinds the
//! trackers read, [`EVENTS_USED`]) stored as one short text a child
//! (issue 19), so that the dashboard and a tracker meeting read the
//! caseload as one scan of `children` with this row looked up by key,
//! instead of a scan of every plan, carer link and standing event.
//!
//! Current on write, exactly as the stored timelines are: the row is
//! written where a child's stale mark (`stale_timelines`) is cleared,
//! after a write in its transaction and in a bulk refresh, and a reader
//! trusts it only where the child is not marked stale. What changes a
//! plan or an event marks the child already; the migration that adds this
//! table marks them on a new child and a change to their carers too. The
//! row is made from the same reads as a stale child's live read
//! ([`facts_of`]), so the two cannot disagree about what a child is.
//!
//! The text is a line an entry, fields split by tabs, `\`, tab and line
//! feed escaped: `c NAME RELATIONSHIP 0|1` for a carer (by name), `p ID
//! PATHWAY ROLE START STAGE STATUS` for a plan (in the record's order) and
//! `e CODE DAY` for an event (in the order they happened).

use crate::StoreError;
use crate::cohort_read::{events_in_order, plan_order};
use crate::plans::plan;
use chrono::NaiveDate;
use permanence_domain::cohort::EVENTS_USED;
use permanence_domain::date::iso;
use permanence_domain::event::{Event, RecordedEvent};
use permanence_domain::people::Carer;
use permanence_domain::plan::{Plan, PlanBasis, PlanId, PlanRole, PlanStatus, Stage, StartFrom};
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// What a child's stored row holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CohortFacts {
    /// By name.
    pub carers: Vec<Carer>,
    /// Every plan, in the record's order ([`plan_order`]).
    pub plans: Vec<Plan>,
    /// The standing events of the kinds in [`EVENTS_USED`], in the order
    /// they happened.
    pub events: Vec<RecordedEvent>,
}

/// The carers of the children with ids from `?1` to `?2`, in child order.
pub(crate) const CARERS_IN: &str = "SELECT l.child_id, k.name, k.relationship, k.connected_person
    FROM child_carers l CROSS JOIN carers k ON k.id = l.carer_id
    WHERE l.child_id BETWEEN ?1 AND ?2 ORDER BY l.child_id";

/// The plans of the children with ids from `?1` to `?2`, in child order.
pub(crate) const PLANS_IN: &str =
    "SELECT id, pathway, role, start, stage, status, start_from, record_from, child_id FROM plans
    WHERE child_id BETWEEN ?1 AND ?2 ORDER BY child_id, id";

/// The standing events of the kinds the trackers read, of the children
/// with ids from `?1` to `?2`, from the index of standing events alone.
pub(crate) fn events_in_sql() -> String {
    let kinds: Vec<String> = EVENTS_USED.iter().map(|e| format!("'{}'", e.code())).collect();
    format!(
        "SELECT child_id, event, on_date, id FROM events INDEXED BY events_one_current
         WHERE status = 'current' AND child_id BETWEEN ?1 AND ?2 AND event IN ({})
         ORDER BY child_id",
        kinds.join(", ")
    )
}

/// The facts of the children `ids` (ascending), read live from the
/// record: three queries over each span of close ids (a bulk refresh's
/// run is one span; children far apart, as one write may change, are
/// spans of their own, so that no query reads the children between).
/// Every one of `ids` is in the answer (with nothing, where they have no
/// carers, plans or events, or are no longer on record).
pub(crate) fn facts_of(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, CohortFacts>, StoreError> {
    let mut out: HashMap<i64, CohortFacts> = ids.iter().map(|&id| (id, CohortFacts::default())).collect();
    let mut from = 0;
    for at in 1..=ids.len() {
        let far = match (ids.get(at), ids.get(from)) {
            (Some(&next), Some(&first)) => next - first > 64 + 4 * (at - from) as i64,
            _ => true,
        };
        if far {
            if let (Some(&first), Some(&last)) = (ids.get(from), ids.get(at - 1)) {
                read_span(conn, (first, last), &mut out)?;
            }
            from = at;
        }
    }
    for f in out.values_mut() {
        f.carers.sort_by(|a, b| a.name.cmp(&b.name));
        f.plans.sort_by_key(plan_order);
    }
    Ok(out)
}

/// Adds the carers, plans and events of the children of `out` with ids
/// from `first` to `last` (others in the span passed over).
fn read_span(
    conn: &Connection,
    (first, last): (i64, i64),
    out: &mut HashMap<i64, CohortFacts>,
) -> Result<(), StoreError> {
    let mut carers = conn.prepare_cached(CARERS_IN)?;
    let mut rows = carers.query([first, last])?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(0)?) {
            f.carers.push(Carer {
                name: r.get(1)?,
                relationship: r.get(2)?,
                connected_person: r.get(3)?,
            });
        }
    }
    let mut plans = conn.prepare_cached(PLANS_IN)?;
    let mut rows = plans.query([first, last])?;
    while let Some(r) = rows.next()? {
        if let Some(f) = out.get_mut(&r.get(crate::plans::PLAN_CHILD_COLUMN)?) {
            f.plans.push(plan(r)?);
        }
    }
    let mut events = conn.prepare_cached(&events_in_sql())?;
    let mut rows = events.query([first, last])?;
    let mut stored: HashMap<i64, Vec<(String, String, i64)>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let child: i64 = r.get(0)?;
        if out.contains_key(&child) {
            stored
                .entry(child)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    for (child, mut events) in stored {
        if let Some(f) = out.get_mut(&child) {
            f.events = events_in_order(&mut events)?;
        }
    }
    Ok(())
}

/// Stores the rows of the children `ids` (ascending) as the record now
/// has them, replacing any: called where their stale marks are cleared.
pub(crate) fn write_rows(conn: &Connection, ids: &[i64]) -> Result<(), StoreError> {
    let facts = facts_of(conn, ids)?;
    let mut put = conn.prepare_cached(
        "INSERT OR REPLACE INTO stored_cohort (child_id, facts)
         SELECT id, ?2 FROM children WHERE id = ?1",
    )?;
    for id in ids {
        if let Some(f) = facts.get(id) {
            put.execute(params![id, encode(f)])?;
        }
    }
    Ok(())
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    if !crate::split::holds(text, b'\\') {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            _ => return None,
        }
    }
    Some(out)
}

/// The stored text of a child's facts.
pub(crate) fn encode(facts: &CohortFacts) -> String {
    let mut out = String::new();
    for c in &facts.carers {
        out.push_str("c\t");
        escape(&c.name, &mut out);
        out.push('\t');
        escape(&c.relationship, &mut out);
        out.push_str(if c.connected_person { "\t1\n" } else { "\t0\n" });
    }
    for p in &facts.plans {
        out.push_str(&format!("p\t{}\t", p.id.0));
        escape(&p.pathway, &mut out);
        out.push_str(&format!(
            "\t{}\t{}\t{}\t{}\t{}\t{}\n",
            p.role.code(),
            iso(p.start),
            p.stage.code(),
            p.status.code(),
            p.basis.start.code(),
            p.basis.record_from.map(iso).unwrap_or_default()
        ));
    }
    for e in &facts.events {
        out.push_str(&format!("e\t{}\t{}\n", e.event.code(), iso(e.on)));
    }
    out
}

fn day(text: &str) -> Option<NaiveDate> {
    crate::day::day(text, "stored_cohort").ok()
}

/// The tab-separated fields of `line` in `held`, or `None` where it has
/// more than `held` can hold (no line of a readable row does). Split by
/// a walk over its bytes: a search for each tab, as `split` makes, cost
/// more than the fields it found, most of them a few bytes long.
fn split_fields<'t, 'h>(line: &'t str, held: &'h mut [&'t str; 9]) -> Option<&'h [&'t str]> {
    let (mut count, mut from) = (0, 0);
    for (at, byte) in line.bytes().enumerate() {
        if byte == b'\t' {
            // A tab is one byte of its own, so both ends are characters'.
            *held.get_mut(count)? = line.get(from..at)?;
            count += 1;
            from = at + 1;
        }
    }
    *held.get_mut(count)? = line.get(from..)?;
    held.get(..count + 1)
}

/// A child's facts from their stored text, or `None` where it cannot be
/// read (the child is then read live, as a stale one is).
pub(crate) fn decode(text: &str) -> Option<CohortFacts> {
    let mut facts = CohortFacts::default();
    // Up to the nine fields of a plan's line, held without allocating:
    // every child's row is read this way when the caseload is read whole.
    let mut held = [""; 9];
    for line in crate::split::lines(text) {
        let fields = split_fields(line, &mut held)?;
        match fields {
            ["c", name, relationship, connected] => facts.carers.push(Carer {
                name: unescape(name)?,
                relationship: unescape(relationship)?,
                connected_person: match *connected {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            }),
            [
                "p",
                id,
                pathway,
                role,
                start,
                stage,
                status,
                start_from,
                record_from,
            ] => facts.plans.push(Plan {
                id: PlanId(id.parse().ok()?),
                pathway: unescape(pathway)?,
                role: PlanRole::parse(role)?,
                start: day(start)?,
                stage: Stage::parse(stage)?,
                status: PlanStatus::parse(status)?,
                basis: PlanBasis {
                    start: StartFrom::parse(start_from)?,
                    record_from: match *record_from {
                        "" => None,
                        on => Some(day(on)?),
                    },
                },
            }),
            ["e", code, on] => facts.events.push(RecordedEvent {
                event: Event::parse(code)?,
                on: day(on)?,
            }),
            _ => return None,
        }
    }
    Some(facts)
}

#[cfg(test)]
mod tests;
