//! Family meetings held with a network, what they agreed, and putting an
//! agreed outcome on a child's plan as an item of its timeline, once.

use super::family_of;
use crate::{AuditAction, Change, RecordRule, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::family_meeting::{NewFamilyMeeting, NewOutcome};
use permanence_domain::plan::PlanId;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

impl Writer<'_> {
    /// Records a family meeting held with the child's network (starting
    /// the network if need be); returns the meeting's id.
    pub fn add_family_meeting(
        &mut self,
        child: ChildId,
        meeting: &NewFamilyMeeting,
    ) -> Result<i64, StoreError> {
        let family = self.ensure_family(child)?;
        let reference = self.child_reference(child)?;
        self.tx
            .prepare_cached(
                "INSERT INTO family_meetings (family_id, kind, held_on, attended, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                family,
                meeting.kind.code(),
                iso(meeting.held_on),
                meeting.attended.join("\n"),
                meeting.notes,
            ])?;
        let id = self.tx.last_insert_rowid();
        self.audit_with(|| Change {
            action: AuditAction::Create,
            entity: "family-meeting",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "family": family,
                "kind": meeting.kind.code(),
                "held_on": iso(meeting.held_on),
                "attended": meeting.attended,
                "notes": meeting.notes,
            })),
        })?;
        Ok(id)
    }

    /// Records an outcome the meeting agreed; returns its id. A child it
    /// is about must be in the meeting's network.
    pub fn add_outcome(&mut self, meeting: i64, outcome: &NewOutcome) -> Result<i64, StoreError> {
        let family: i64 = self
            .tx
            .prepare_cached("SELECT family_id FROM family_meetings WHERE id = ?1")?
            .query_row([meeting], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Refused(RecordRule::NoSuchMeeting))?;
        let text = outcome.text.trim();
        if text.is_empty() {
            return Err(StoreError::Refused(RecordRule::OutcomeUnsaid));
        }
        let reference = match outcome.child {
            Some(child) => {
                let reference = self.child_reference(child)?;
                if family_of(self.tx, child)? != Some(family) {
                    return Err(StoreError::Refused(RecordRule::ChildNotInMeetingNetwork));
                }
                Some(reference)
            }
            None => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO family_meeting_outcomes (meeting_id, text, due, child_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![meeting, text, outcome.due.map(iso), outcome.child.map(|c| c.0)])?;
        let id = self.tx.last_insert_rowid();
        self.audit_with(|| Change {
            action: AuditAction::Create,
            entity: "family-meeting-outcome",
            reference: reference.as_deref(),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "meeting": meeting,
                "text": text,
                "due": outcome.due.map(iso),
                "child": outcome.child.map(|c| c.0),
            })),
        })?;
        Ok(id)
    }

    /// Puts an outcome on a child's plan as a hand-added timeline item
    /// (see [`Writer::add_item`]) and remembers the item's key on the
    /// outcome; returns the key. An outcome goes onto a timeline once.
    pub fn outcome_to_timeline(
        &mut self,
        outcome: i64,
        plan: PlanId,
        target: NaiveDate,
    ) -> Result<String, StoreError> {
        let row: Option<(String, Option<i64>, Option<String>, i64)> = self
            .tx
            .prepare_cached(
                "SELECT o.text, o.child_id, o.item_key, m.family_id
                 FROM family_meeting_outcomes o JOIN family_meetings m ON m.id = o.meeting_id
                 WHERE o.id = ?1",
            )?
            .query_row([outcome], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((text, about, item_key, family)) = row else {
            return Err(StoreError::Refused(RecordRule::NoSuchOutcome));
        };
        if item_key.is_some() {
            return Err(StoreError::Refused(RecordRule::OutcomeOnTimeline));
        }
        let plan_row: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT child_id, status FROM plans WHERE id = ?1")?
            .query_row([plan.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((plan_child, status)) = plan_row else {
            return Err(StoreError::Refused(RecordRule::NoSuchPlan));
        };
        if status != "active" {
            return Err(StoreError::Refused(RecordRule::PlanClosed));
        }
        if about.is_some_and(|c| c != plan_child) {
            return Err(StoreError::Refused(RecordRule::OutcomeAboutAnotherChild));
        }
        if family_of(self.tx, ChildId(plan_child))? != Some(family) {
            return Err(StoreError::Refused(RecordRule::PlanChildNotInMeetingNetwork));
        }
        let key = self.add_item(plan, &text, target, None)?;
        self.tx
            .prepare_cached("UPDATE family_meeting_outcomes SET item_key = ?2 WHERE id = ?1")?
            .execute(params![outcome, key])?;
        let reference = self.child_reference(ChildId(plan_child))?;
        self.audit_with(|| Change {
            action: AuditAction::ToTimeline,
            entity: "family-meeting-outcome",
            reference: Some(&reference),
            entity_id: Some(outcome.to_string()),
            before: None,
            after: Some(json!({"plan": plan.0, "item_key": key, "target": iso(target)})),
        })?;
        Ok(key)
    }
}
