//! Every open item of the stored timelines in caseload order, for the
//! calendar feed: one ordered read in one snapshot, handed on a row at a
//! time, so a feed of a national caseload streams out in little memory
//! instead of every child's timeline being worked out and held.
//!
//! Reads only the item columns (`reference, child_id, plan_id, key,
//! title, responsible, target, deadline, shown_from`) and names each plan
//! from the plans table and the pathway titles, as [`crate::stored`]
//! names them when it stores them, so that the stored items can drop the
//! names they copy without this changing.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::date::iso;
use permanence_domain::plan::PlanRole;
use permanence_domain::set_by::SetBy;
use std::collections::HashMap;

/// The open items shown by the day (`?2`), of every child or of one
/// worker's (`?1`, a username), in caseload order (family name, given
/// name, reference) and each child's in timeline order: the children by
/// their caseload index, each one's items by theirs, with no sort.
const OPEN_ITEMS: &str = "SELECT c.ref, s.plan_id, t.key, t.title, s.responsible, s.target, s.deadline,
            s.deadline_by
     FROM children c INDEXED BY children_in_caseload_order
     JOIN stored_items s INDEXED BY stored_items_by_child ON s.child_id = c.id
     JOIN stored_titles t ON t.id = s.title_id
     WHERE (?1 IS NULL OR c.worker_id = (SELECT id FROM workers WHERE username = ?1))
       AND (s.shown_from IS NULL OR s.shown_from <= ?2)
     ORDER BY c.family_name, c.given_name, c.ref, c.id, s.position";

/// How many children the feed covers: every child, or one worker's.
const COVERED: &str = "SELECT count(*) FROM children c
     WHERE ?1 IS NULL OR c.worker_id = (SELECT id FROM workers WHERE username = ?1)";

/// Every plan, to name the plans the items are on.
const PLANS: &str = "SELECT id, pathway, role FROM plans";

/// One open item, its text borrowed from SQLite's row.
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
/// however many plans share them.
struct PlanNames {
    names: Vec<String>,
    of_plan: HashMap<i64, usize>,
}

impl PlanNames {
    fn read(store: &Store, title: &dyn Fn(&str) -> Option<String>) -> Result<PlanNames, StoreError> {
        let mut statement = store.conn.prepare_cached(PLANS)?;
        let mut rows = statement.query([])?;
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        let mut of_plan = HashMap::new();
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
            of_plan.insert(id, at);
        }
        Ok(PlanNames { names, of_plan })
    }

    fn of(&self, plan: i64) -> Result<&str, StoreError> {
        let at = self.of_plan.get(&plan);
        let name = at.and_then(|&at| self.names.get(at));
        name.map(String::as_str)
            .ok_or_else(|| StoreError::Corrupt(format!("stored item on plan {plan}, which is not there")))
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
        let result = (|| {
            if !self.timelines_fresh(fingerprint, as_of)? {
                return Ok(None);
            }
            let covered: i64 = self
                .conn
                .prepare_cached(COVERED)?
                .query_row([worker], |r| r.get(0))?;
            let covered = usize::try_from(covered).unwrap_or_default();
            let plans = PlanNames::read(self, title)?;
            let mut query = self.conn.prepare_cached(OPEN_ITEMS)?;
            let mut rows = query.query(rusqlite::params![worker, iso(as_of)])?;
            while let Some(r) = rows.next()? {
                let text = |i: usize| -> Result<Option<&str>, StoreError> {
                    let value = r.get_ref(i)?.as_str_or_null();
                    value.map_err(|e| StoreError::Corrupt(format!("stored item: {e}")))
                };
                let plan_id: i64 = r.get(1)?;
                // A feed names a day it cannot read, rather than leave the
                // item out as if it had no date.
                let row = OpenRow {
                    reference: text(0)?.unwrap_or_default(),
                    plan_id,
                    plan: plans.of(plan_id)?,
                    key: text(2)?.unwrap_or_default(),
                    title: text(3)?.unwrap_or_default(),
                    responsible: text(4)?,
                    target: super::day::optional_day(text(5)?, "stored_items.target")?,
                    deadline: super::day::optional_day(text(6)?, "stored_items.deadline")?,
                    deadline_by: super::set_by::optional_set_by(text(7)?, "stored_items.deadline_by")?,
                };
                if let Err(e) = each(row) {
                    return Ok(Some((covered, Err(e))));
                }
            }
            Ok(Some((covered, Ok(()))))
        })();
        self.conn.execute_batch("COMMIT")?;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::query_plan as plan;

    /// The feed reads the children in caseload order by their index and
    /// each child's items by theirs, with no sort of the whole.
    #[test]
    fn the_open_items_query_reads_in_caseload_order_with_no_sort() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let open = plan(&store, OPEN_ITEMS);
        assert!(
            open.contains("SCAN c USING INDEX children_in_caseload_order"),
            "{open}"
        );
        assert!(
            open.contains("SEARCH s USING INDEX stored_items_by_child (child_id=?)"),
            "{open}"
        );
        assert!(
            open.contains("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"),
            "{open}"
        );
        assert!(!open.contains("TEMP B-TREE"), "{open}");
        let covered = plan(&store, COVERED);
        assert!(!covered.contains("TEMP B-TREE"), "{covered}");
    }
}
