//! "What next" a page at a time from the stored items: each stretch of a
//! class of the rule (`domain::triage::Segment`) read in the class's
//! order (the date that places an item, then the child's reference, then
//! the item's place in the child's timeline) through migration 19's
//! indexes, from where the last page ended; and counted from the same
//! indexes. Reading every open item of "everyone" (about 950,000 at
//! 100,000 children) to rank them took seconds before a frame was drawn;
//! a page reads only what the screen needs.
//!
//! The rows say only whose item it is and where: the list's lines come
//! from each child's stored timeline, read as the child comes. Which
//! children's stored timelines hold on the day is [`Store::timeline_standing`]:
//! the others' rows are skipped and their timelines worked out.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::report::NextClass;
use permanence_domain::set_by::SetBy;
use permanence_domain::timeline::Seen;
use permanence_domain::triage::Segment;
use std::collections::{HashMap, HashSet};

/// A stored item's target, deadline, first day shown and who sets its
/// deadline: what a count of the list is corrected by.
pub type ItemDates = (
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<SetBy>,
);

/// Where a stored item stands in its class's order, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRow {
    pub child: ChildId,
    pub reference: String,
    pub position: i64,
    /// The date that places it in its class (none for a waiting item).
    pub date: Option<NaiveDate>,
}

/// Which children's stored timelines hold on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Every child with a stored timeline, and whether it holds on the
    /// day (worked out with this library, seen on the day, not stale).
    pub stored: HashMap<ChildId, bool>,
    /// Children whose timelines are to be worked out again.
    pub stale: HashSet<ChildId>,
}

/// After every date ('~' sorts after digits) and before every date.
const AFTER_ALL: &str = "~";
const BEFORE_ALL: &str = "";

/// The index, date column and condition of a class: what puts an item in
/// it, as `NextClass::of` says (`?3` is the day).
fn class_sql(class: NextClass) -> (&'static str, &'static str, &'static str) {
    match class {
        NextClass::DeadlinePassed => ("stored_items_by_deadline", "deadline", "1"),
        NextClass::TargetPassed => (
            "stored_items_by_target",
            "target",
            "(deadline IS NULL OR deadline >= ?3)",
        ),
        NextClass::DeadlineComing => (
            "stored_items_by_deadline",
            "deadline",
            "(target IS NULL OR (target >= ?3 AND deadline <= target))",
        ),
        NextClass::TargetComing => (
            "stored_items_by_target",
            "target",
            "(deadline IS NULL OR deadline > target)",
        ),
        // Through the target's index: the deadline's holds only the
        // items that have one (migration 27).
        NextClass::Waiting => (
            "stored_items_by_target",
            "target",
            "deadline IS NULL AND target IS NULL",
        ),
    }
}

/// The rows of a class after a place in its order, in that order: `?1`
/// and `?2` bound the date, `?3` is the day, `?4` asks for statutory
/// deadlines only, `?5`–`?7` the place to read after, `?8` how many.
/// A waiting item has no date: it is placed by reference alone.
fn page_sql(class: NextClass) -> String {
    let (index, column, condition) = class_sql(class);
    let (range, after) = match class {
        NextClass::Waiting => (
            "?1 = ?1 AND ?2 = ?2",
            "(reference, position) > (?6, ?7) AND ?5 = ?5",
        ),
        _ => (
            "{c} >= ?1 AND {c} < ?2",
            "({c}, reference, position) > (?5, ?6, ?7)",
        ),
    };
    format!(
        "SELECT child_id, reference, position, {column} FROM stored_items INDEXED BY {index}
         WHERE {range} AND {condition} AND (shown_from IS NULL OR shown_from <= ?3)
           AND (?4 = 0 OR deadline_by = 'law') AND {after}
         ORDER BY {column}, reference, position LIMIT ?8"
    )
    .replace("{c}", column)
}

/// How many rows of a class there are: parameters `?1`–`?4` as for
/// [`page_sql`].
fn count_sql(class: NextClass) -> String {
    let (index, column, condition) = class_sql(class);
    let range = match class {
        NextClass::Waiting => "?1 = ?1 AND ?2 = ?2".to_string(),
        _ => format!("{column} >= ?1 AND {column} < ?2"),
    };
    format!(
        "SELECT count(*) FROM stored_items INDEXED BY {index}
         WHERE {range} AND {condition} AND (shown_from IS NULL OR shown_from <= ?3)
           AND (?4 = 0 OR deadline_by = 'law')"
    )
}

/// The dates bounding a segment, as text: its own bounds within the
/// class's (a passed class ends at the day, a coming one starts there).
fn bounds(segment: &Segment, as_of: NaiveDate) -> (String, String) {
    let (from, until) = match segment.class {
        NextClass::DeadlinePassed | NextClass::TargetPassed => {
            (segment.from, Some(segment.until.map_or(as_of, |u| u.min(as_of))))
        }
        NextClass::DeadlineComing | NextClass::TargetComing => {
            (Some(segment.from.map_or(as_of, |f| f.max(as_of))), segment.until)
        }
        NextClass::Waiting => (None, None),
    };
    (
        from.map_or_else(|| BEFORE_ALL.to_string(), |d| d.to_string()),
        until.map_or_else(|| AFTER_ALL.to_string(), |d| d.to_string()),
    )
}

impl Store {
    /// Up to `limit` stored items of `segment` on `as_of`, in its class's
    /// order, after `after` (from the start where none).
    pub fn next_page(
        &self,
        segment: &Segment,
        as_of: NaiveDate,
        after: Option<&NextRow>,
        limit: usize,
    ) -> Result<Vec<NextRow>, StoreError> {
        let (from, until) = bounds(segment, as_of);
        let (date, reference, position) = match after {
            Some(row) => (
                row.date.map_or_else(String::new, |d| d.to_string()),
                row.reference.clone(),
                row.position,
            ),
            None => (BEFORE_ALL.to_string(), String::new(), i64::MIN),
        };
        let mut statement = self.conn.prepare_cached(&page_sql(segment.class))?;
        let rows = statement.query_map(
            rusqlite::params![
                from,
                until,
                as_of.to_string(),
                segment.statutory,
                date,
                reference,
                position,
                i64::try_from(limit).unwrap_or(i64::MAX),
            ],
            |r| {
                let text: Option<String> = r.get(3)?;
                Ok(NextRow {
                    child: ChildId(r.get(0)?),
                    reference: r.get(1)?,
                    position: r.get(2)?,
                    date: super::day::optional_day(text.as_deref(), "date")?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many stored items `segment` holds on `as_of`, every child's.
    pub fn next_count(&self, segment: &Segment, as_of: NaiveDate) -> Result<usize, StoreError> {
        let (from, until) = bounds(segment, as_of);
        let mut statement = self.conn.prepare_cached(&count_sql(segment.class))?;
        let count: i64 = statement.query_row(
            rusqlite::params![from, until, as_of.to_string(), segment.statutory],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Which children's stored timelines hold on `as_of` with the library
    /// of this fingerprint: one pass over the stored timelines' heads.
    pub fn timeline_standing(&self, fingerprint: &str, as_of: NaiveDate) -> Result<Standing, StoreError> {
        let stale: HashSet<ChildId> = self
            .conn
            .prepare_cached("SELECT child_id FROM stale_timelines")?
            .query_map([], |r| r.get(0).map(ChildId))?
            .collect::<Result<_, _>>()?;
        let mut stored = HashMap::new();
        let mut statement = self
            .conn
            .prepare_cached("SELECT child_id, library, seen_from, seen_until FROM stored_timelines")?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let child = ChildId(r.get(0)?);
            let (library, from, until): (String, Option<String>, Option<String>) =
                (r.get(1)?, r.get(2)?, r.get(3)?);
            let days = (
                super::day::optional_day(from.as_deref(), "seen_from"),
                super::day::optional_day(until.as_deref(), "seen_until"),
            );
            // A day the store cannot read makes it one to work out again.
            let holds = match days {
                (Ok(from), Ok(until)) => Seen { from, until }.covers(as_of),
                _ => false,
            };
            stored.insert(child, holds && library == fingerprint && !stale.contains(&child));
        }
        Ok(Standing { stored, stale })
    }

    /// A child's stored items as (target, deadline, shown from): what a
    /// count over every child's is corrected by where the child is left
    /// out. `None` where a date cannot be read.
    #[allow(clippy::type_complexity)]
    pub fn stored_item_dates(&self, child: ChildId) -> Result<Vec<Option<ItemDates>>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT target, deadline, shown_from, deadline_by FROM stored_items WHERE child_id = ?1",
        )?;
        let rows = statement.query_map([child.0], |r| {
            let day = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                let text: Option<String> = r.get(i)?;
                super::day::optional_day(text.as_deref(), "date")
            };
            let by: Option<String> = r.get(3)?;
            let by = super::set_by::optional_set_by(by.as_deref(), "deadline_by");
            Ok(match (day(0), day(1), day(2), by) {
                (Ok(t), Ok(d), Ok(s), Ok(by)) => Some((t, d, s, by)),
                _ => None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::query_plan as plan;

    /// Every page and count is read from its class's index alone, in the
    /// index's order: no sort, no look-up in the table.
    #[test]
    fn each_class_is_read_and_counted_through_its_index_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        for class in NextClass::ALL {
            let (index, ..) = class_sql(class);
            for sql in [page_sql(class), count_sql(class)] {
                let read = plan(&store, &sql);
                assert!(
                    read.starts_with(&format!("SEARCH stored_items USING COVERING INDEX {index} (")),
                    "{class:?}: {read}"
                );
                assert!(!read.contains("TEMP B-TREE"), "{class:?}: {read}");
            }
        }
        let one = plan(
            &store,
            "SELECT target, deadline, shown_from FROM stored_items WHERE child_id = ?1",
        );
        assert!(one.contains("stored_items_by_child (child_id=?)"), "{one}");
    }

    fn on(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap() + chrono::Duration::days(n)
    }

    type Item = (Option<i64>, Option<i64>, Option<i64>, u8);

    /// Who sets an item's deadline: the law for two in three, a policy
    /// for the rest, so the "statutory only" focus leaves some out.
    fn by(position: usize, deadline: Option<i64>) -> Option<SetBy> {
        deadline.map(|_| {
            if position.is_multiple_of(3) {
                SetBy::Policy
            } else {
                SetBy::Law
            }
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Each class read a few rows at a time from where the last page
        /// ended is the class as the domain's rule takes it (its items,
        /// in its date's order, then by reference and place), and its
        /// count is their number, whatever the stored dates.
        #[test]
        fn a_class_read_page_by_page_is_the_rule_s_class(
            items in proptest::collection::vec(
                (
                    proptest::option::of(-5i64..5),
                    proptest::option::of(-5i64..5),
                    proptest::option::of(-3i64..3),
                    0u8..4,
                ),
                0..40,
            ),
            statutory in proptest::bool::ANY,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&dir.path().join("p.db")).unwrap();
            store.conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
            let day = |n: Option<i64>| n.map(|n| on(n).to_string());
            let items: Vec<Item> = items;
            for (position, (target, deadline, shown, child)) in items.iter().enumerate() {
                store
                    .conn
                    .execute(
                        "INSERT INTO stored_items (due, reference, position, child_id, plan_id, title_id,
                             target, deadline, shown_from, deadline_by)
                         VALUES ('~', ?1, ?2, ?3, 1, 1, ?4, ?5, ?6, ?7)",
                        rusqlite::params![
                            format!("R{child}"),
                            position as i64,
                            i64::from(*child),
                            day(*target),
                            day(*deadline),
                            day(*shown),
                            by(position, *deadline).map(SetBy::code)
                        ],
                    )
                    .unwrap();
            }
            let as_of = on(0);
            for class in NextClass::ALL {
                let segment = Segment { class, from: Some(on(-3)), until: Some(on(3)), statutory };
                let segment = if class == NextClass::Waiting {
                    Segment { from: None, until: None, ..segment }
                } else {
                    segment
                };
                let mut expected: Vec<(Option<NaiveDate>, String, i64)> = items
                    .iter()
                    .enumerate()
                    .filter(|(p, (t, d, s, _))| {
                        s.is_none_or(|s| s <= 0) && segment.holds(t.map(on), d.map(on), by(*p, *d), as_of)
                    })
                    .map(|(p, (t, d, _, c))| (class.date(t.map(on), d.map(on)), format!("R{c}"), p as i64))
                    .collect();
                expected.sort();
                let mut read = Vec::new();
                let mut after: Option<NextRow> = None;
                loop {
                    let page = store.next_page(&segment, as_of, after.as_ref(), 3).unwrap();
                    read.extend(page.iter().map(|r| (r.date, r.reference.clone(), r.position)));
                    if page.len() < 3 {
                        break;
                    }
                    after = page.last().cloned();
                }
                proptest::prop_assert_eq!(&read, &expected, "{:?}", class);
                proptest::prop_assert_eq!(store.next_count(&segment, as_of).unwrap(), expected.len());
            }
        }
    }
}
