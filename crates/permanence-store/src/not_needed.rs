//! Items a plan will not do ("not needed", migration 17): the marks in
//! force for a timeline, and their writes on the single write path. A
//! mark is never deleted: taking it back fills in who withdrew it, when
//! and why, as a withdrawn event is kept. The use case
//! (`service::not_needed`) has checked the item against the timeline read
//! in the same write; these only write, each audited.

use crate::audit::Change;
use crate::{AuditAction, RecordRule, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::plan::PlanId;
use permanence_domain::timeline::not_needed::NotNeeded;
use rusqlite::{Connection, OptionalExtension, params};

/// The child's marks in force, on any connection (a write's too).
pub(super) fn marks_of(conn: &Connection, child: ChildId) -> Result<Vec<NotNeeded>, StoreError> {
    let marks = conn
        .prepare_cached(
            "SELECT plan_id, key, reason, recorded_by, recorded_on FROM not_needed_items
             WHERE withdrawn_on IS NULL AND plan_id IN (SELECT id FROM plans WHERE child_id = ?1)
             ORDER BY id",
        )?
        .query_map([child.0], |r| {
            Ok(NotNeeded {
                plan: PlanId(r.get(0)?),
                key: r.get(1)?,
                reason: r.get(2)?,
                by: r.get(3)?,
                on: super::day::day(&r.get::<_, String>(4)?, "recorded_on")?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(marks)
}

fn current(conn: &Connection, plan: PlanId, key: &str) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, reason FROM not_needed_items WHERE plan_id = ?1 AND key = ?2 AND withdrawn_on IS NULL",
        )?
        .query_row(params![plan.0, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn reason_given(reason: &str) -> Result<&str, StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Refused(RecordRule::ReasonNeeded));
    }
    Ok(reason)
}

impl Writer<'_> {
    /// Marks an item not needed, on `on`, by the acting user.
    pub fn mark_not_needed(
        &mut self,
        plan: PlanId,
        key: &str,
        reason: &str,
        on: NaiveDate,
    ) -> Result<(), StoreError> {
        let reason = reason_given(reason)?;
        if current(self.tx, plan, key)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "{key} is already marked not needed; it is shown as it is now"
            )));
        }
        self.tx
            .prepare_cached(
                "INSERT INTO not_needed_items (plan_id, key, reason, recorded_by, recorded_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![plan.0, key, reason, self.actor.user, iso(on)])?;
        let reference = self.reference_of_plan(plan)?;
        self.audit(Change {
            action: AuditAction::NotNeeded,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: None,
            after: Some(serde_json::json!({"not_needed": reason, "on": iso(on)})),
        })
    }

    /// Takes a not-needed mark back, with the reason; `false` if there was
    /// none. The mark is kept, withdrawn.
    pub fn withdraw_not_needed(
        &mut self,
        plan: PlanId,
        key: &str,
        reason: &str,
        on: NaiveDate,
    ) -> Result<bool, StoreError> {
        let reason = reason_given(reason)?;
        let Some((id, was)) = current(self.tx, plan, key)? else {
            return Ok(false);
        };
        self.tx
            .prepare_cached(
                "UPDATE not_needed_items SET withdrawn_by = ?2, withdrawn_on = ?3, withdrawn_reason = ?4
                 WHERE id = ?1",
            )?
            .execute(params![id, self.actor.user, iso(on), reason])?;
        let reference = self.reference_of_plan(plan)?;
        self.audit(Change {
            action: AuditAction::WithdrawNotNeeded,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: Some(serde_json::json!({"not_needed": was})),
            after: Some(serde_json::json!({"reason": reason, "on": iso(on)})),
        })?;
        Ok(true)
    }

    /// The child's marks in force, as this write reads them.
    pub fn not_needed_marks(&self, child: ChildId) -> Result<Vec<NotNeeded>, StoreError> {
        marks_of(self.tx, child)
    }
}

#[cfg(test)]
mod tests {
    use crate::{AuditAction, Store, StoreError};
    use chrono::NaiveDate;
    use permanence_domain::child::ChildFields;
    use permanence_domain::plan::{PlanRole, Stage};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_mark_is_read_back_audited_and_kept_when_withdrawn() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let child = ChildFields {
            reference: "1001".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            ..ChildFields::default()
        };
        store.write(|w| w.put_child(&child)).unwrap();
        let child = store.child_id("1001").unwrap().unwrap();
        let plan = store
            .write(|w| {
                w.start_plan(
                    child,
                    "adoption",
                    PlanRole::Primary,
                    day(2026, 1, 5),
                    Stage::Proceedings,
                )
            })
            .unwrap();
        let stale = |store: &Store| -> i64 {
            store
                .conn
                .query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
                .unwrap()
        };
        store.conn.execute("DELETE FROM stale_timelines", []).unwrap();
        store
            .write(|w| w.mark_not_needed(plan, "viability-2", "  ruled out at the first  ", day(2026, 5, 1)))
            .unwrap();
        assert_eq!(
            stale(&store),
            1,
            "the child's stored timeline is worked out again"
        );
        store.conn.execute("DELETE FROM stale_timelines", []).unwrap();
        let marks = store.timeline_facts(child).unwrap().not_needed;
        assert_eq!(marks.len(), 1);
        assert_eq!(marks[0].reason, "ruled out at the first");
        assert_eq!(marks[0].on, day(2026, 5, 1));
        let again = store.write(|w| w.mark_not_needed(plan, "viability-2", "twice", day(2026, 5, 1)));
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        let blank = store.write(|w| w.mark_not_needed(plan, "other", "   ", day(2026, 5, 1)));
        assert!(matches!(blank, Err(StoreError::Refused(_))), "{blank:?}");

        let taken = store
            .write(|w| w.withdraw_not_needed(plan, "viability-2", "the aunt came back", day(2026, 5, 2)))
            .unwrap();
        assert!(taken);
        assert_eq!(stale(&store), 1, "withdrawing marks it stale too");
        assert!(store.timeline_facts(child).unwrap().not_needed.is_empty());
        let none = store
            .write(|w| w.withdraw_not_needed(plan, "viability-2", "again", day(2026, 5, 2)))
            .unwrap();
        assert!(!none, "nothing left to take back");
        let kept: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM not_needed_items WHERE withdrawn_reason = 'the aunt came back'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 1, "the withdrawn mark is kept");
        let actions: Vec<String> = store
            .conn
            .prepare("SELECT action FROM audit WHERE entity = 'item' ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            actions,
            [
                AuditAction::NotNeeded.code(),
                AuditAction::WithdrawNotNeeded.code()
            ]
        );
    }
}
