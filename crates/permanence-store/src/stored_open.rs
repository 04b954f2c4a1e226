//! Every open item of the stored timelines in caseload order, for the
//! calendar feed: read in one snapshot, the items in one scan of the
//! table in its own order (held as a few numbers each, 32 bytes an item:
//! 30 MB at 100,000 children) and put in caseload order in memory, then
//! handed on a row at a time, so a feed of a national caseload is written
//! without every child's timeline being worked out or its text held.
//!
//! Reading the items child by child in caseload order instead looks each
//! one up in the table through the children's index: at 20,000 children
//! that took five times the CPU of the one scan and the sort together. A
//! covering index in that order would have made that read a scan too, at
//! about 1 MB on disk per 1,000 children; this needs no index.
//!
//! Reads only the item columns (`child_id, position, plan_id, title_id,
//! responsible, target, deadline, shown_from`) and names each plan from
//! the plans table and the pathway titles, as [`crate::stored`] names
//! them when it stores them, so that the stored items can drop the names
//! they copy without this changing.

use crate::by_id::ById;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::date::iso;
use permanence_domain::plan::PlanRole;
use permanence_domain::set_by::SetBy;
use std::collections::HashMap;

/// Every child in caseload order (family name, given name, reference):
/// the caseload's index read alone, covering what is asked.
const EVERY_CHILD: &str = "SELECT c.id, c.ref FROM children c INDEXED BY children_in_caseload_order
     ORDER BY c.family_name, c.given_name, c.ref, c.id";

/// One worker's children (`?1`, a username) in caseload order: found by
/// the workers' index and their few sorted.
const WORKERS_CHILDREN: &str = "SELECT c.id, c.ref FROM children c
     WHERE c.worker_id = (SELECT id FROM workers WHERE username = ?1)
     ORDER BY c.family_name, c.given_name, c.ref, c.id";

/// Every open item shown by the day (`?1`), in the table's own order
/// (one scan, no sort): that order breaks the ties of the sort into
/// caseload order as the children's index did, were two items of a child
/// ever to share a place.
const OPEN_ITEMS: &str = "SELECT child_id, position, plan_id, title_id, responsible, target, deadline,
            deadline_by
     FROM stored_items
     WHERE shown_from IS NULL OR shown_from <= ?1
     ORDER BY due, reference, position";

/// Every stored key and title by its number.
const TITLES: &str = "SELECT id, key, title FROM stored_titles";

/// Every plan, to name the plans the items are on.
const PLANS: &str = "SELECT id, pathway, role FROM plans";

/// One open item, its text borrowed from what the read holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenRow<'r> {
    pub reference: &'r str,
    pub plan_id: i64,
    /// The plan as the reports name it: "Adoption (primary)".
    pub plan: &'r str,
    pub key: &'r str,
    pub title: &'r str,
    pub responsible: Option<&'r str>,
    pub target: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    /// Who sets the deadline: only the law's is called statutory.
    pub deadline_by: Option<SetBy>,
}

/// Each plan's name ("Pathway title (role)"), the names held once each
/// however many plans share them, and each plan by a small number.
struct PlanNames {
    names: Vec<String>,
    /// Each plan's id and its name's place in `names`.
    plans: Vec<(i64, usize)>,
    /// A plan's place in `plans` by its id.
    of_plan: ById<u32>,
}

impl PlanNames {
    fn read(store: &Store, title: &dyn Fn(&str) -> Option<String>) -> Result<PlanNames, StoreError> {
        let mut statement = store.conn.prepare_cached(PLANS)?;
        let mut rows = statement.query([])?;
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        let mut plans = Vec::new();
        let mut of_plan = ById::default();
        while let Some(r) = rows.next()? {
            let (id, pathway, role): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let role =
                PlanRole::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("plans.role: {role:?}")))?;
            let key = (pathway, role.code().to_string());
            let at = match index.get(&key) {
                Some(&at) => at,
                None => {
                    let shown = title(&key.0).unwrap_or_else(|| key.0.clone());
                    names.push(format!("{shown} ({})", key.1));
                    index.insert(key, names.len() - 1);
                    names.len() - 1
                }
            };
            of_plan.insert(id, small(plans.len(), "plans")?);
            plans.push((id, at));
        }
        Ok(PlanNames {
            names,
            plans,
            of_plan,
        })
    }

    /// The plan's small number.
    fn number(&self, plan: i64) -> Result<u32, StoreError> {
        let number = self.of_plan.get(plan).copied();
        number.ok_or_else(|| StoreError::Corrupt(format!("stored item on plan {plan}, which is not there")))
    }

    /// The plan's id and name, by its small number.
    fn of(&self, number: u32) -> (i64, &str) {
        let (id, at) = self.plans.get(number as usize).copied().unwrap_or_default();
        (id, self.names.get(at).map(String::as_str).unwrap_or_default())
    }
}

/// A count or place as the feed's items hold it.
fn small(n: usize, what: &str) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("more {what} than the feed can hold")))
}

/// One open item as the read holds it until it is in caseload order:
/// numbers only (32 bytes: at 100,000 children, about 950,000 items take
/// 30 MB), its text looked up as it is handed on.
#[derive(Debug, Clone, Copy)]
struct Held {
    /// The child's place in caseload order.
    child: u32,
    position: u32,
    plan: u32,
    title: u32,
    /// Its place in the responsible texts, or `NOBODY`.
    responsible: u32,
    target: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    /// Who sets the deadline: its one byte takes the item from 28 bytes to
    /// 32 (about 4 MB at 100,000 children).
    deadline_by: Option<SetBy>,
}

/// No one named responsible.
const NOBODY: u32 = u32::MAX;

impl Held {
    /// Where it goes: the child's place, the item's place in their
    /// timeline, then (were two items of a child ever stored at one
    /// place) by when it is due, no day last, as the table's key (`due,
    /// reference, position`) put them in the children's index.
    fn order(&self) -> (u32, u32, bool, Option<NaiveDate>) {
        let due = match (self.target, self.deadline) {
            (Some(t), Some(d)) => Some(t.min(d)),
            (t, d) => t.or(d),
        };
        (self.child, self.position, due.is_none(), due)
    }

    /// The start of [`Held::order`], the child's place and the item's, in
    /// one number: ordered as that pair is.
    fn place(&self) -> u64 {
        (u64::from(self.child) << 32) | u64::from(self.position)
    }
}

/// Puts `items` in the order of [`Held::order`], comparing the child
/// and place packed in one number and working out when each is due only
/// where those tie (were two items of a child ever stored at one place):
/// sorting by the whole key made both items' due days at each of about
/// twenty comparisons an item, a fourteenth of the feed's time at 100,000
/// children. (Moving each item straight into its child's run instead,
/// counted first, was slower still: a million swaps to random places in
/// 30 MB miss the cache every time.)
fn into_caseload_order(items: &mut [Held]) {
    items.sort_unstable_by(|a, b| a.place().cmp(&b.place()).then_with(|| a.order().cmp(&b.order())));
}

/// Each text held once, by a small number: who is responsible for items
/// is a handful of texts repeated on every one.
#[derive(Default)]
struct Texts {
    texts: Vec<String>,
    index: HashMap<String, u32>,
}

impl Texts {
    fn number(&mut self, text: &str) -> Result<u32, StoreError> {
        if let Some(&n) = self.index.get(text) {
            return Ok(n);
        }
        let n = small(self.texts.len(), "texts")?;
        self.texts.push(text.to_string());
        self.index.insert(text.to_string(), n);
        Ok(n)
    }

    fn of(&self, number: u32) -> Option<&str> {
        self.texts.get(number as usize).map(String::as_str)
    }
}

/// Each child's reference by their place in caseload order, in one
/// text: 100,000 strings of their own took 3 MB more.
#[derive(Default)]
struct References {
    text: String,
    /// Where each one ends in `text`.
    ends: Vec<u32>,
}

impl References {
    fn push(&mut self, reference: &str) -> Result<(), StoreError> {
        self.text.push_str(reference);
        self.ends.push(small(self.text.len(), "references")?);
        Ok(())
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, child: u32) -> &str {
        let child = child as usize;
        let end = self.ends.get(child).map_or(0, |&e| e as usize);
        let start = match child.checked_sub(1) {
            Some(before) => self.ends.get(before).map_or(0, |&e| e as usize),
            None => 0,
        };
        self.text.get(start..end).unwrap_or_default()
    }
}

/// What the feed's rows are made from, read in one snapshot.
struct Read {
    covered: usize,
    /// Each child's reference, in caseload order.
    references: References,
    plans: PlanNames,
    /// Each key and title, by its small number.
    titles: Vec<(String, String)>,
    responsible: Texts,
    /// In caseload order.
    items: Vec<Held>,
}

impl Read {
    fn row(&self, item: &Held) -> OpenRow<'_> {
        let (plan_id, plan) = self.plans.of(item.plan);
        let (key, title) = self
            .titles
            .get(item.title as usize)
            .map(|(k, t)| (k.as_str(), t.as_str()))
            .unwrap_or_default();
        OpenRow {
            reference: self.references.get(item.child),
            plan_id,
            plan,
            key,
            title,
            responsible: self.responsible.of(item.responsible),
            target: item.target,
            deadline: item.deadline,
            deadline_by: item.deadline_by,
        }
    }
}

impl Store {
    /// Every open item shown on `as_of` of every child (or of `worker`'s
    /// children), in caseload order and each child's in timeline order,
    /// from the stored timelines, handed to `each` one at a time; `title`
    /// gives a pathway's title, to name the plans. Read in one snapshot:
    /// `Some((n, written))` once the items are handed on, `n` the
    /// children covered and `written` the error `each` gave, which ends
    /// it (so a caller records the reading however far its writing got);
    /// `None`, nothing handed on, if any timeline in it is stale (so a
    /// feed never mixes old and new).
    pub fn each_stored_open(
        &self,
        fingerprint: &str,
        as_of: NaiveDate,
        worker: Option<&str>,
        title: &dyn Fn(&str) -> Option<String>,
        mut each: impl FnMut(OpenRow<'_>) -> std::io::Result<()>,
    ) -> Result<Option<(usize, std::io::Result<()>)>, StoreError> {
        // A deferred transaction: every read below sees one snapshot.
        self.conn.execute_batch("BEGIN")?;
        let read = (|| {
            if !self.timelines_fresh(fingerprint, as_of)? {
                return Ok(None);
            }
            self.read_open(as_of, worker, title).map(Some)
        })();
        self.conn.execute_batch("COMMIT")?;
        let Some(read) = read? else {
            return Ok(None);
        };
        for item in &read.items {
            if let Err(e) = each(read.row(item)) {
                return Ok(Some((read.covered, Err(e))));
            }
        }
        Ok(Some((read.covered, Ok(()))))
    }

    /// The children, plans, titles and open items, the items put in
    /// caseload order.
    fn read_open(
        &self,
        as_of: NaiveDate,
        worker: Option<&str>,
        title: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Read, StoreError> {
        let mut references = References::default();
        let mut place: ById<u32> = ById::default();
        let mut statement = self.conn.prepare_cached(match worker {
            None => EVERY_CHILD,
            Some(_) => WORKERS_CHILDREN,
        })?;
        let mut rows = match worker {
            None => statement.query([])?,
            Some(w) => statement.query([w])?,
        };
        while let Some(r) = rows.next()? {
            place.insert(r.get(0)?, small(references.len(), "children")?);
            let reference = r.get_ref(1)?.as_str_or_null();
            let reference = reference.map_err(|e| StoreError::Corrupt(format!("children.ref: {e}")))?;
            references.push(reference.unwrap_or_default())?;
        }
        let plans = PlanNames::read(self, title)?;
        let mut titles = Vec::new();
        let mut title_number: ById<u32> = ById::default();
        let mut statement = self.conn.prepare_cached(TITLES)?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            title_number.insert(r.get(0)?, small(titles.len(), "titles")?);
            titles.push((r.get(1)?, r.get(2)?));
        }
        let mut responsible = Texts::default();
        let mut items = Vec::new();
        let mut statement = self.conn.prepare_cached(OPEN_ITEMS)?;
        let mut rows = statement.query([iso(as_of)])?;
        while let Some(r) = rows.next()? {
            // A child out of the scope is left out, as is an item whose
            // title is not there (the join it was read with left it out).
            let (Some(&child), Some(&title)) = (
                place.get(r.get::<_, i64>(0)?),
                title_number.get(r.get::<_, i64>(3)?),
            ) else {
                continue;
            };
            let text = |i: usize| -> Result<Option<&str>, StoreError> {
                let value = r.get_ref(i)?.as_str_or_null();
                value.map_err(|e| StoreError::Corrupt(format!("stored item: {e}")))
            };
            let position: i64 = r.get(1)?;
            let position = u32::try_from(position)
                .map_err(|_| StoreError::Corrupt(format!("stored item at position {position}")))?;
            // A feed names a day it cannot read, rather than leave the
            // item out as if it had no date.
            items.push(Held {
                child,
                position,
                plan: plans.number(r.get(2)?)?,
                title,
                responsible: match text(4)? {
                    Some(r) => responsible.number(r)?,
                    None => NOBODY,
                },
                target: super::day::optional_day(text(5)?, "stored_items.target")?,
                deadline: super::day::optional_day(text(6)?, "stored_items.deadline")?,
                deadline_by: super::set_by::optional_set_by(text(7)?, "stored_items.deadline_by")?,
            });
        }
        into_caseload_order(&mut items);
        Ok(Read {
            covered: references.len(),
            references,
            plans,
            titles,
            responsible,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::query_plan as plan;

    /// The feed reads every child by the caseload's index alone (a
    /// worker's by the workers' index) and the items in one scan of the
    /// table, with no sort of either.
    #[test]
    fn the_feed_reads_each_table_in_an_order_it_has_with_no_sort() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let every = plan(&store, EVERY_CHILD);
        assert!(
            every.contains("SCAN c USING COVERING INDEX children_in_caseload_order"),
            "{every}"
        );
        assert!(!every.contains("TEMP B-TREE"), "{every}");
        // A worker's own children, few, are sorted.
        let theirs = plan(&store, WORKERS_CHILDREN);
        assert!(
            theirs.contains("SEARCH c USING INDEX children_by_worker (worker_id=?)"),
            "{theirs}"
        );
        let items = plan(&store, OPEN_ITEMS);
        assert!(items.contains("SCAN stored_items"), "{items}");
        assert!(!items.contains("TEMP B-TREE"), "{items}");
        assert!(!items.contains("INDEX"), "{items}");
    }

    /// The feed as it was read before: the children in caseload order by
    /// their index, each one's items looked up through theirs, named by a
    /// join.
    const AS_BEFORE: &str = "SELECT c.ref, s.plan_id, t.key, t.title, s.responsible, s.target, s.deadline
         FROM children c INDEXED BY children_in_caseload_order
         JOIN stored_items s INDEXED BY stored_items_by_child ON s.child_id = c.id
         JOIN stored_titles t ON t.id = s.title_id
         WHERE (?1 IS NULL OR c.worker_id = (SELECT id FROM workers WHERE username = ?1))
           AND (s.shown_from IS NULL OR s.shown_from <= ?2)
         ORDER BY c.family_name, c.given_name, c.ref, c.id, s.position";

    type Row = (
        String,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    );

    /// A caseload of stored items made to be awkward: children sharing
    /// names (so the reference and then the id order them), items stored
    /// out of their timeline order and shown from later days, several
    /// workers, text that is not ASCII.
    fn awkward(store: &Store) {
        let conn = &store.conn;
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for (id, name) in [(1, "amy"), (2, "bob"), (3, "cat")] {
            conn.execute(
                "INSERT INTO workers (id, username, display_name, role) VALUES (?1, ?2, ?2, 'social-worker')",
                rusqlite::params![id, name],
            )
            .unwrap();
        }
        let titles = ["Second PPM", "Café review — naïve", "a, b; c", "Final hearing"];
        for (id, title) in titles.iter().enumerate() {
            conn.execute(
                "INSERT INTO stored_titles (id, key, title) VALUES (?1, ?2, ?3)",
                rusqlite::params![id as i64 + 1, format!("key-{id}"), title],
            )
            .unwrap();
        }
        let families = ["Ó Briain", "Smith", "Smith", "Zed", "Åberg"];
        let givens = ["Ann", "Ann", "Bo"];
        for child in 1..=40_i64 {
            let family = families[next(5) as usize];
            let given = givens[next(3) as usize];
            // References are unique: after the names, they order the children.
            let reference = format!("R{}-{child}", next(12));
            let worker = [None, Some(1), Some(2), Some(3)][next(4) as usize];
            conn.execute(
                "INSERT INTO children (id, ref, given_name, family_name, worker_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![child, reference, given, family, worker],
            )
            .unwrap();
            for plan in 0..=next(2) as i64 {
                let role = if plan == 0 { "primary" } else { "contingency" };
                let pathway = ["adoption", "sgo", "long-term-fostering"][next(3) as usize];
                conn.execute(
                    "INSERT INTO plans (id, child_id, pathway, role, start, stage) VALUES (?1, ?2, ?3, ?4, '2026-01-05', 'looked-after')",
                    rusqlite::params![child * 10 + plan, child, pathway, role],
                )
                .unwrap();
            }
            conn.execute(
                "INSERT INTO stored_timelines (child_id, library, worked_out_for) VALUES (?1, 'f', '2026-12-02')",
                [child],
            )
            .unwrap();
            let items = next(9);
            let mut positions: Vec<u64> = (0..items).collect();
            // Stored in no particular order.
            for i in (1..positions.len()).rev() {
                positions.swap(i, next(i as u64 + 1) as usize);
            }
            for position in positions {
                let day = |d: u64| format!("2026-{:02}-{:02}", 1 + d % 12, 1 + d % 28);
                let target = (next(4) != 0).then(|| day(next(400)));
                let deadline = (next(3) != 0).then(|| day(next(400)));
                let due = match (&target, &deadline) {
                    (Some(t), Some(d)) => t.min(d).clone(),
                    (t, d) => t.clone().or(d.clone()).unwrap_or_else(|| "~".into()),
                };
                let shown_from = (next(5) == 0).then(|| day(next(400)));
                let responsible = [None, Some("SW"), Some("SW; TM"), Some("Équipe")][next(4) as usize];
                conn.execute(
                    "INSERT INTO stored_items (due, reference, position, child_id, plan_id, title_id,
                                               responsible, target, deadline, shown_from)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    rusqlite::params![
                        due,
                        reference,
                        position as i64,
                        child,
                        child * 10,
                        next(4) as i64 + 1,
                        responsible,
                        target,
                        deadline,
                        shown_from,
                    ],
                )
                .unwrap();
            }
        }
        // Two items of a child at one place: ordered by when they are due.
        for (child, due) in [
            (1, "2026-05-05"),
            (1, "2026-01-01"),
            (2, "2026-07-07"),
            (2, "2026-03-03"),
        ] {
            conn.execute(
                "INSERT OR IGNORE INTO stored_items (due, reference, position, child_id, plan_id, title_id, target)
                 SELECT ?2, ref, 0, id, id * 10, 1, ?2 FROM children WHERE id = ?1",
                rusqlite::params![child, due],
            )
            .unwrap();
        }
        conn.execute("DELETE FROM stale_timelines", []).unwrap();
    }

    fn before(store: &Store, worker: Option<&str>, as_of: NaiveDate) -> Vec<Row> {
        let title = |pathway: &str| (pathway == "adoption").then(|| "Adoption".to_string());
        let plans = PlanNames::read(store, &title).unwrap();
        let mut statement = store.conn.prepare(AS_BEFORE).unwrap();
        let rows = statement
            .query_map(rusqlite::params![worker, iso(as_of)], |r| {
                let plan_id: i64 = r.get(1)?;
                let day = |i: usize| {
                    let text: Option<String> = r.get(i)?;
                    crate::day::optional_day(text.as_deref(), "day")
                };
                Ok((
                    r.get(0)?,
                    plan_id,
                    plans.of(plans.number(plan_id).unwrap()).1.to_string(),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    day(5)?,
                    day(6)?,
                ))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    }

    fn now(store: &Store, worker: Option<&str>, as_of: NaiveDate) -> (usize, Vec<Row>) {
        let title = |pathway: &str| (pathway == "adoption").then(|| "Adoption".to_string());
        let mut rows = Vec::new();
        let (covered, written) = store
            .each_stored_open("f", as_of, worker, &title, |row| {
                rows.push((
                    row.reference.to_string(),
                    row.plan_id,
                    row.plan.to_string(),
                    row.key.to_string(),
                    row.title.to_string(),
                    row.responsible.map(str::to_string),
                    row.target,
                    row.deadline,
                ));
                Ok(())
            })
            .unwrap()
            .expect("nothing stale");
        written.unwrap();
        (covered, rows)
    }

    /// The items read in one scan and put in caseload order in memory
    /// are the rows, in the order, that reading them child by child
    /// through the indexes gave, for everyone and for one worker.
    #[test]
    fn the_feed_holds_the_rows_the_children_s_index_gave_in_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        awkward(&store);
        for as_of in ["2026-03-01", "2026-12-02"] {
            let as_of: NaiveDate = as_of.parse().unwrap();
            for worker in [None, Some("amy"), Some("cat"), Some("nobody")] {
                let (covered, rows) = now(&store, worker, as_of);
                assert_eq!(rows, before(&store, worker, as_of), "{worker:?} on {as_of}");
                let everyone = worker.is_none();
                assert!(!everyone || rows.len() > 60, "a real feed: {}", rows.len());
                let children: i64 = store
                    .conn
                    .query_row(
                        "SELECT count(*) FROM children c
                         WHERE ?1 IS NULL OR c.worker_id = (SELECT id FROM workers WHERE username = ?1)",
                        [worker],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(covered as i64, children);
            }
        }
    }

    /// Put in caseload order child by child, the items are in the order a
    /// sort of the whole gave: children with many items, one or none,
    /// items of a child at one place, with and without days.
    #[test]
    fn items_are_put_in_the_order_a_whole_sort_gave() {
        let mut seed: u64 = 11;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let day = |d: u64| NaiveDate::from_ymd_opt(2026, 1 + (d % 12) as u32, 1 + (d % 28) as u32);
        for (children, count) in [(1, 0), (1, 5), (7, 60), (300, 2_000), (5_000, 1_000)] {
            let mut items: Vec<Held> = (0..count)
                .map(|_| Held {
                    // Squared: a few children hold most of the items.
                    child: (next(children) * next(children) / children) as u32,
                    position: next(6) as u32,
                    plan: next(3) as u32,
                    title: next(40) as u32,
                    responsible: NOBODY,
                    target: (next(3) != 0).then(|| day(next(400))).flatten(),
                    deadline: (next(3) != 0).then(|| day(next(400))).flatten(),
                    deadline_by: None,
                })
                .collect();
            let mut sorted = items.clone();
            sorted.sort_by_key(Held::order);
            into_caseload_order(&mut items);
            let keys = |items: &[Held]| items.iter().map(Held::order).collect::<Vec<_>>();
            assert_eq!(keys(&items), keys(&sorted), "{children} children, {count} items");
        }
    }

    /// What the feed holds of an item until it is written: at 100,000
    /// children, every byte here is about a megabyte.
    #[test]
    fn an_item_is_held_in_32_bytes() {
        assert_eq!(std::mem::size_of::<Held>(), 32);
    }

    /// A stale timeline refuses the read: nothing is handed on.
    #[test]
    fn a_stale_timeline_hands_nothing_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        awkward(&store);
        store
            .conn
            .execute("INSERT INTO stale_timelines VALUES (3)", [])
            .unwrap();
        let mut handed = 0;
        let read = store
            .each_stored_open("f", "2026-12-02".parse().unwrap(), None, &|_| None, |_| {
                handed += 1;
                Ok(())
            })
            .unwrap();
        assert!(read.is_none());
        assert_eq!(handed, 0);
    }
}
