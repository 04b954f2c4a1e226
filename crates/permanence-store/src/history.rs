//! What the record already knows that a chronology tells: the RAG each
//! tracker meeting gave a child, and the day each of their plans closed
//! (which only the audit trail holds, since a closed plan is kept, not
//! deleted).

use super::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::{ChildId, Rag};
use permanence_domain::plan::PlanId;
use std::collections::BTreeMap;

// Timestamps (`2026-11-23T17:56:12Z`) count by their day.
use super::day::day_of as date;

impl Store {
    /// The RAG given to the child at each tracker meeting that gave one,
    /// oldest first.
    pub fn rag_history(&self, child: ChildId) -> Result<Vec<(NaiveDate, Rag)>, StoreError> {
        let mut found = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT m.held_on, d.rag FROM tracker_discussions d
             JOIN tracker_meetings m ON m.id = d.meeting_id
             WHERE d.child_id = ?1 AND d.rag IS NOT NULL
             ORDER BY m.held_on, m.id",
        )?;
        let rows = statement.query_map([child.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (held_on, rag) = row?;
            if let Some(rag) = Rag::parse(&rag) {
                found.push((date(&held_on, "held_on")?, rag));
            }
        }
        Ok(found)
    }

    /// The day each of the child's closed plans was closed, from the audit
    /// trail. A plan closed before the trail began has no day.
    pub fn plan_closures(&self, reference: &str) -> Result<BTreeMap<PlanId, NaiveDate>, StoreError> {
        let mut found = BTreeMap::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT entity_id, at FROM audit
             WHERE ref = ?1 AND entity = 'plan' AND action = 'close' ORDER BY id",
        )?;
        let rows = statement.query_map([reference], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, at) = row?;
            if let Some(id) = id.and_then(|id| id.parse::<i64>().ok()) {
                found.insert(PlanId(id), date(&at, "at")?);
            }
        }
        Ok(found)
    }
}
