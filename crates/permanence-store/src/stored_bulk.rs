//! Many children's stored timelines read together, for the views that
//! look across a caseload ("what next" on everyone): one query per table
//! in one snapshot, merged in memory, where [`Store::stored_timelines`]
//! asks three queries of every child (about a second by themselves at
//! 100,000 children).
//!
//! Reads only the item columns (`child_id, plan_id, key, title,
//! responsible, target, deadline, shown_from`) and the plans from their
//! own table, so that the stored items can drop the names they copy
//! without this changing.

use crate::{Store, StoreError, Stored};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::plan::{Plan, PlanId, PlanRole};
use permanence_domain::timeline::{PlanTimeline, Seen, Timeline, TimelineItem};
use rusqlite::OptionalExtension;
use std::collections::{HashMap, HashSet};

/// Below this many children a view is read child by child, through the
/// children's own index, rather than by scanning every stored item.
const SCAN_FROM: usize = 2_000;

/// Every child, with what a list of their items names them by.
const HEADS: &str = "SELECT c.id, c.ref, c.given_name, c.family_name, w.username, i.username, c.team,
            w.display_name
     FROM children c
     LEFT JOIN workers w ON w.id = c.worker_id
     LEFT JOIN workers i ON i.id = c.iro_id";

/// Every stored timeline's head: what it was worked out with, the days
/// it holds on.
const TIMELINES: &str = "SELECT child_id, library, seen_from, seen_until FROM stored_timelines";

/// Every stored item, in the table's own order: one pass through it.
/// Read through the children's index instead, every row costs a look-up
/// in the table (five times as long); each child's items are put in
/// timeline order in memory.
const ITEMS: &str =
    "SELECT i.child_id, i.plan_id, t.key, t.title, i.responsible, i.target, i.deadline, i.shown_from, i.position,
            i.deadline_by
     FROM stored_items i JOIN stored_titles t ON t.id = i.title_id";

/// A child as a list of their items names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildHead {
    pub id: ChildId,
    pub reference: String,
    /// Given and family names, as the record shows them together.
    pub name: String,
    /// The allocated worker, IRO and team as the record holds them (user
    /// names): whose child it is.
    pub worker: Option<String>,
    pub iro: Option<String>,
    pub team: Option<String>,
    /// The allocated worker's display name.
    pub worker_name: Option<String>,
}

type Head = (String, Option<String>, Option<String>);

impl Store {
    /// These children (those still on record, in the order given) with
    /// their stored timelines as seen on `as_of`, as
    /// [`Store::stored_timelines`] gives them, read in one snapshot.
    pub fn stored_timelines_of_many(
        &self,
        children: &[ChildId],
        fingerprint: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<(ChildHead, Stored)>, StoreError> {
        if children.len() < SCAN_FROM {
            let heads = self.child_heads(children, false)?;
            let mut stored = self.stored_timelines(children, fingerprint, as_of)?;
            return Ok(heads
                .into_iter()
                .map(|h| {
                    let s = stored.remove(&h.id).unwrap_or(Stored::Stale);
                    (h, s)
                })
                .collect());
        }
        self.stored_timelines_scanned(children, fingerprint, as_of)
    }

    /// As [`Store::stored_timelines_of_many`], always by reading each
    /// table whole (what it does for a large view), in one snapshot.
    pub fn stored_timelines_scanned(
        &self,
        children: &[ChildId],
        fingerprint: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<(ChildHead, Stored)>, StoreError> {
        // A deferred transaction: every read below sees one snapshot.
        self.conn.execute_batch("BEGIN")?;
        let result = self.read_many(children, fingerprint, as_of);
        self.conn.execute_batch("COMMIT")?;
        result
    }

    /// The heads of these children, in the order given, leaving out any
    /// no longer on record: a few children (a worker's own) looked up,
    /// many (or where `scan`) read in one pass over every child.
    fn child_heads(&self, children: &[ChildId], scan: bool) -> Result<Vec<ChildHead>, StoreError> {
        let head = |r: &rusqlite::Row<'_>| -> rusqlite::Result<ChildHead> {
            let (given, family): (String, String) = (r.get(2)?, r.get(3)?);
            Ok(ChildHead {
                id: ChildId(r.get(0)?),
                reference: r.get(1)?,
                name: format!("{given} {family}"),
                worker: r.get(4)?,
                iro: r.get(5)?,
                team: r.get(6)?,
                worker_name: r.get(7)?,
            })
        };
        if !scan && children.len() < SCAN_FROM {
            let mut statement = self.conn.prepare_cached(&format!("{HEADS} WHERE c.id = ?1"))?;
            let mut out = Vec::with_capacity(children.len());
            for child in children {
                if let Some(found) = statement.query_row([child.0], head).optional()? {
                    out.push(found);
                }
            }
            return Ok(out);
        }
        let wanted: HashSet<i64> = children.iter().map(|c| c.0).collect();
        let mut statement = self.conn.prepare_cached(HEADS)?;
        let mut rows = statement.query([])?;
        let mut found = HashMap::with_capacity(children.len());
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if wanted.contains(&id) {
                found.insert(id, head(r)?);
            }
        }
        Ok(children.iter().filter_map(|c| found.remove(&c.0)).collect())
    }

    fn read_many(
        &self,
        children: &[ChildId],
        fingerprint: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<(ChildHead, Stored)>, StoreError> {
        let heads = self.child_heads(children, true)?;
        let wanted: HashSet<i64> = heads.iter().map(|h| h.id.0).collect();
        let stale: HashSet<i64> = self
            .conn
            .prepare_cached("SELECT child_id FROM stale_timelines")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Each wanted child's stored timeline, if it holds: its days.
        let mut seen: HashMap<i64, Seen> = HashMap::new();
        // Every wanted child with a stored timeline, holding or not.
        let mut present: HashSet<i64> = HashSet::new();
        let mut statement = self.conn.prepare_cached(TIMELINES)?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if !wanted.contains(&id) || stale.contains(&id) {
                continue;
            }
            present.insert(id);
            let (library, from, until): Head = (r.get(1)?, r.get(2)?, r.get(3)?);
            let days = (
                super::day::optional_day(from.as_deref(), "seen_from"),
                super::day::optional_day(until.as_deref(), "seen_until"),
            );
            // A day the store cannot read makes it one to work out again.
            if let (Ok(from), Ok(until)) = days {
                let holds = Seen { from, until };
                if library == fingerprint && holds.covers(as_of) {
                    seen.insert(id, holds);
                }
            }
        }
        let mut plans = self.active_plans(&seen)?;
        let (mut items, unreadable) = self.items_of(&seen)?;
        Ok(heads
            .into_iter()
            .map(|head| {
                let id = head.id.0;
                let timeline = seen.get(&id).filter(|_| !unreadable.contains(&id));
                let state = match timeline {
                    _ if stale.contains(&id) => Stored::Stale,
                    None if present.contains(&id) => Stored::Stale,
                    None => Stored::NoPlans,
                    Some(&seen) => {
                        let mut by_plan = items.remove(&id).unwrap_or_default();
                        let stored = Timeline {
                            as_of,
                            plans: plans
                                .remove(&id)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|plan| PlanTimeline {
                                    items: by_plan.remove(&plan.id).unwrap_or_default(),
                                    plan,
                                    title: None,
                                })
                                .collect(),
                            seen,
                        };
                        // Seen on the day asked for, as the one-child read.
                        stored.into_seen_on(as_of).map_or(Stored::Stale, Stored::Fresh)
                    }
                };
                (head, state)
            })
            .collect())
    }

    /// The active plans of these children, in the order a child's are read.
    fn active_plans(&self, of: &HashMap<i64, Seen>) -> Result<HashMap<i64, Vec<Plan>>, StoreError> {
        let sql = format!(
            "{} WHERE status = 'active'",
            super::plans::PLAN_SELECT.replace(" FROM plans", ", child_id FROM plans")
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([])?;
        let mut out: HashMap<i64, Vec<Plan>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let child: i64 = r.get(super::plans::PLAN_CHILD_COLUMN)?;
            if of.contains_key(&child) {
                out.entry(child).or_default().push(super::plans::plan(r)?);
            }
        }
        // As one child's are read: the primary first, then by when made.
        for plans in out.values_mut() {
            plans.sort_by_key(|p| (p.role == PlanRole::Contingency, p.id.0));
        }
        Ok(out)
    }

    /// The stored items of these children by plan, in timeline order;
    /// and the children with an item the store cannot read.
    #[allow(clippy::type_complexity)]
    fn items_of(
        &self,
        of: &HashMap<i64, Seen>,
    ) -> Result<(HashMap<i64, HashMap<PlanId, Vec<TimelineItem>>>, HashSet<i64>), StoreError> {
        let mut statement = self.conn.prepare_cached(ITEMS)?;
        let mut rows = statement.query([])?;
        let mut out: HashMap<i64, HashMap<PlanId, Vec<(i64, TimelineItem)>>> = HashMap::new();
        let mut unreadable = HashSet::new();
        while let Some(r) = rows.next()? {
            let child: i64 = r.get(0)?;
            if !of.contains_key(&child) {
                continue;
            }
            let day = |i: usize, column: &str| -> Option<Option<NaiveDate>> {
                let text: Option<String> = r.get(i).ok()?;
                super::day::optional_day(text.as_deref(), column).ok()
            };
            let deadline_by = r
                .get::<_, Option<String>>(9)
                .ok()
                .and_then(|by| super::set_by::optional_set_by(by.as_deref(), "deadline_by").ok());
            let (Some(target), Some(deadline), Some(shown_from), Some(deadline_by)) = (
                day(5, "target"),
                day(6, "deadline"),
                day(7, "shown_from"),
                deadline_by,
            ) else {
                unreadable.insert(child);
                continue;
            };
            let item = TimelineItem {
                responsible: r.get(4)?,
                shown_from,
                deadline_by,
                // Stored items are open; `as_seen_on` gives each its status.
                ..TimelineItem::open(r.get::<_, String>(2)?, r.get::<_, String>(3)?, target, deadline)
            };
            out.entry(child)
                .or_default()
                .entry(PlanId(r.get(1)?))
                .or_default()
                .push((r.get(8)?, item));
        }
        // Each plan's items in timeline order.
        let out = out
            .into_iter()
            .map(|(child, plans)| {
                let plans = plans
                    .into_iter()
                    .map(|(plan, mut items)| {
                        items.sort_unstable_by_key(|(position, _)| *position);
                        (plan, items.into_iter().map(|(_, item)| item).collect())
                    })
                    .collect();
                (child, plans)
            })
            .collect();
        Ok((out, unreadable))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::query_plan as plan;

    /// Each table is read once, whole, in an index's order, with no sort.
    #[test]
    fn the_bulk_reads_scan_each_table_once_with_no_sort() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let items = plan(&store, ITEMS);
        // Each item's key and title looked up by the titles' own key.
        assert_eq!(
            items, "SCAN i\nSEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
            "{items}"
        );
        let plans = plan(
            &store,
            &format!(
                "{} WHERE status = 'active'",
                crate::plans::PLAN_SELECT.replace(" FROM plans", ", child_id FROM plans")
            ),
        );
        assert_eq!(plans, "SCAN plans");
        for sql in [HEADS, TIMELINES] {
            let read = plan(&store, sql);
            assert!(!read.contains("TEMP B-TREE"), "{read}");
        }
        let heads = plan(&store, HEADS);
        assert!(heads.contains("SCAN c"), "{heads}");
        assert!(heads.contains("SEARCH w USING INTEGER PRIMARY KEY"), "{heads}");
    }
}
