//! The children who have had a plan on the adoption pathways, each with
//! their record, plans, standing events and plan endings, read in one
//! pass in child order: what the adoption timeliness measures are worked
//! out from (issue 20), for the report and the dashboard's panel. Read one
//! child at a time ([`Store::child_detail`], [`Store::adoption_facts`])
//! that was five queries a child, 50,000 for the 10,148 such children of
//! a national caseload; here it is four, each merged as it is read, with
//! each child's rows in the order the one-child reads give them.

use crate::cohort_read::Cursor;
use crate::plans::{AdoptionFacts, PLAN_CHILD_COLUMN, closure, plan, standing_event};
use crate::queries::{CHILD_SELECT, child_fields};
use crate::{Store, StoreError};
use permanence_domain::child::{ChildFields, ChildId};
use rusqlite::params_from_iter;

impl Store {
    /// Hands `each` every child who has had a plan (open or closed) on one
    /// of `pathways`, in id order, with their record and their plans (in
    /// the record's order), standing events (in the order they happened)
    /// and plan endings, as [`Store::child_detail`] and
    /// [`Store::adoption_facts`] read them; in one snapshot. An error from
    /// `each` stops the read.
    pub fn each_adoption_record<E: From<StoreError>>(
        &self,
        pathways: &[&str],
        mut each: impl FnMut(ChildId, ChildFields, AdoptionFacts) -> Result<(), E>,
    ) -> Result<(), E> {
        if pathways.is_empty() {
            return Ok(());
        }
        self.in_one_read(|store| {
            let marks = vec!["?"; pathways.len()].join(", ");
            let ever = format!("(SELECT child_id FROM plans WHERE pathway IN ({marks}))");
            let conn = &store.conn;
            let mut children = conn
                .prepare(&format!("{CHILD_SELECT} WHERE c.id IN {ever} ORDER BY c.id"))
                .map_err(StoreError::from)?;
            let mut plans = conn
                .prepare(&format!(
                    "SELECT id, pathway, role, start, stage, status, start_from, record_from, child_id
                     FROM plans WHERE child_id IN {ever}
                     ORDER BY child_id, status, role = 'contingency', id"
                ))
                .map_err(StoreError::from)?;
            let mut events = conn
                .prepare(&format!(
                    "SELECT child_id, event, on_date FROM events
                     WHERE status = 'current' AND child_id IN {ever} ORDER BY child_id, on_date, id"
                ))
                .map_err(StoreError::from)?;
            let mut endings = conn
                .prepare(&format!(
                    "SELECT p.child_id, e.plan_id, e.closed_on, e.outcome
                     FROM plan_closures e JOIN plans p ON p.id = e.plan_id
                     WHERE p.child_id IN {ever} ORDER BY p.child_id, e.plan_id"
                ))
                .map_err(StoreError::from)?;
            let names = || params_from_iter(pathways.iter());
            let mut plans = Cursor::new(
                plans.query(names()).map_err(StoreError::from)?,
                PLAN_CHILD_COLUMN,
                plan,
            );
            let mut events = Cursor::new(events.query(names()).map_err(StoreError::from)?, 0, |r| {
                standing_event(r, 1)
            });
            let mut endings = Cursor::new(endings.query(names()).map_err(StoreError::from)?, 0, |r| {
                closure(r, 1)
            });
            let mut rows = children.query(names()).map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                let id: i64 = row.get(17).map_err(StoreError::from)?;
                let fields = child_fields(row).map_err(StoreError::from)?;
                let mut facts = AdoptionFacts {
                    plans: Vec::new(),
                    events: Vec::new(),
                    endings: Vec::new(),
                };
                plans.of(id, &mut facts.plans)?;
                events.of(id, &mut facts.events)?;
                endings.of(id, &mut facts.endings)?;
                each(ChildId(id), fields, facts)?;
            }
            Ok(())
        })
    }
}
