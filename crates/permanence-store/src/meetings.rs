//! Tracker meetings in the database: each discussion saved as it is
//! recorded (a meeting cut short by a dropped connection keeps what was
//! said), the team's RAG on the child's record updated with it, and each
//! action put on the child's primary plan as a timeline item.

use crate::AuditAction;
use crate::{Change, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::{ChildId, Rag};
use permanence_domain::cohort::Tracker;
use permanence_domain::date::iso;
use permanence_domain::meeting::{Discussion, Meeting, MeetingAction};
use permanence_domain::plan::{PlanRole, PlanStatus};
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

fn day(text: Option<String>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    super::day::optional_day(text.as_deref(), column)
}

impl Store {
    /// Every meeting, latest first: (id, tracker, held on, chair).
    pub fn meetings(&self) -> Result<Vec<(i64, String, String, String)>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, tracker, held_on, chair FROM tracker_meetings ORDER BY held_on DESC, id DESC",
        )?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn meeting(&self, id: i64) -> Result<Option<Meeting>, StoreError> {
        let head: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT tracker, held_on,
                        coalesce((SELECT display_name FROM workers WHERE username = chair), chair)
                 FROM tracker_meetings WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((tracker, held_on, chair)) = head else {
            return Ok(None);
        };
        let held_on = super::day::day(&held_on, "held_on")?;
        let Some(tracker) = Tracker::parse(&tracker) else {
            return Ok(None);
        };
        let discussions = self.discussions(id, held_on, None)?;
        // The cohort as the meeting stored it; a meeting started before
        // issue 19 has a discussion row for each of its children instead.
        let cohort: i64 = self.conn.query_row(
            "SELECT coalesce((SELECT size FROM tracker_cohorts WHERE meeting_id = ?1),
                             (SELECT count(*) FROM tracker_discussions WHERE meeting_id = ?1))",
            [id],
            |r| r.get(0),
        )?;
        let mut attendees = self.conn.prepare(
            "SELECT coalesce((SELECT display_name FROM workers WHERE username = a.username), a.username) AS name
             FROM tracker_attendees a WHERE a.meeting_id = ?1 ORDER BY name",
        )?;
        let attendees = attendees
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some(Meeting {
            id,
            tracker,
            held_on,
            chair,
            attendees,
            cohort: usize::try_from(cohort).unwrap_or(0),
            discussions,
        }))
    }

    /// The children the meeting listed, in the order the chair takes
    /// them: its cohort as it was when it started.
    pub fn meeting_cohort(&self, id: i64) -> Result<Vec<ChildId>, StoreError> {
        let listed: Option<String> = self
            .conn
            .query_row(
                "SELECT children FROM tracker_cohorts WHERE meeting_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(listed) = listed {
            let ids: Vec<i64> = serde_json::from_str(&listed)
                .map_err(|e| StoreError::Corrupt(format!("meeting {id}'s cohort: {e}")))?;
            return Ok(ids.into_iter().map(ChildId).collect());
        }
        // Started before the cohort was one list: a row for each child.
        let mut statement = self
            .conn
            .prepare("SELECT child_id FROM tracker_discussions WHERE meeting_id = ?1 ORDER BY position")?;
        let children = statement.query_map([id], |r| Ok(ChildId(r.get(0)?)))?;
        Ok(children.collect::<Result<_, _>>()?)
    }

    /// The meeting's discussions in the cohort's order (only the child's,
    /// with `only`), each with its actions.
    fn discussions(
        &self,
        id: i64,
        held_on: NaiveDate,
        only: Option<ChildId>,
    ) -> Result<Vec<Discussion>, StoreError> {
        Ok(self
            .discussions_by_child(id, held_on, only)?
            .into_iter()
            .map(|(_, d)| d)
            .collect())
    }

    /// [`Store::discussions`], each with its child.
    fn discussions_by_child(
        &self,
        id: i64,
        held_on: NaiveDate,
        only: Option<ChildId>,
    ) -> Result<Vec<(ChildId, Discussion)>, StoreError> {
        // Every action of the meeting in one read, not one query for each
        // of the cohort's children: a meeting of a national caseload has
        // tens of thousands, and one just started has no actions at all.
        let mut actions = self.conn.prepare(
            "SELECT child_id, what, owner, due, item_key FROM tracker_actions
             WHERE meeting_id = ?1 AND (?2 IS NULL OR child_id = ?2) ORDER BY id",
        )?;
        let mut by_child: HashMap<i64, Vec<MeetingAction>> = HashMap::new();
        let mut read = actions.query(params![id, only.map(|c| c.0)])?;
        while let Some(r) = read.next()? {
            by_child.entry(r.get(0)?).or_default().push(MeetingAction {
                what: r.get(1)?,
                owner: r.get(2)?,
                due: day(r.get(3)?, "due")?.unwrap_or(held_on),
                on_timeline: r.get::<_, Option<String>>(4)?.is_some(),
            });
        }
        // Counted first, so that a national cohort's discussions are held
        // once, in a vector of their exact size, not collected and then
        // copied with their actions (two vectors, one with a half of
        // slack, at once: a fifth of a meeting's peak memory, issue 19).
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM tracker_discussions WHERE meeting_id = ?1 AND (?2 IS NULL OR child_id = ?2)",
            params![id, only.map(|c| c.0)],
            |r| r.get(0),
        )?;
        let mut statement = self.conn.prepare(
            "SELECT d.child_id, c.ref, c.given_name || ' ' || c.family_name, d.rag, d.note, d.next_review,
                    d.stage, d.barriers
             FROM tracker_discussions d JOIN children c ON c.id = d.child_id
             WHERE d.meeting_id = ?1 AND (?2 IS NULL OR d.child_id = ?2) ORDER BY d.position",
        )?;
        let mut discussions = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut rows = statement.query(params![id, only.map(|c| c.0)])?;
        while let Some(r) = rows.next()? {
            let child: i64 = r.get(0)?;
            discussions.push((
                ChildId(child),
                Discussion {
                    child: ChildId(child),
                    reference: r.get(1)?,
                    name: r.get(2)?,
                    rag: r.get::<_, Option<String>>(3)?.as_deref().and_then(Rag::parse),
                    note: r.get(4)?,
                    next_review: day(r.get(5)?, "next_review")?,
                    stage: r.get(6)?,
                    barriers: r
                        .get::<_, Option<String>>(7)?
                        .map(|b| b.lines().map(String::from).collect())
                        .unwrap_or_default(),
                    actions: by_child.remove(&child).unwrap_or_default(),
                },
            ));
        }
        Ok(discussions)
    }

    /// What the last meeting of `tracker` before meeting `before` said
    /// about the child, with the day it was held: the notes, decision and
    /// actions the chair reads out before the child is discussed again.
    /// Only a meeting that recorded something for them counts: a child
    /// skipped at the last meeting is read from the one before.
    pub fn last_discussion(
        &self,
        tracker: Tracker,
        child: ChildId,
        before: i64,
    ) -> Result<Option<(NaiveDate, Discussion)>, StoreError> {
        let found: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT m.id, m.held_on FROM tracker_discussions d
                 JOIN tracker_meetings m ON m.id = d.meeting_id
                 WHERE d.child_id = ?1 AND m.tracker = ?2 AND m.id <> ?3
                   AND (m.held_on, m.id) < (SELECT held_on, id FROM tracker_meetings WHERE id = ?3)
                   AND (d.rag IS NOT NULL OR d.note IS NOT NULL OR d.stage IS NOT NULL
                        OR d.next_review IS NOT NULL OR d.barriers IS NOT NULL
                        OR EXISTS (SELECT 1 FROM tracker_actions a
                                   WHERE a.meeting_id = m.id AND a.child_id = d.child_id))
                 ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
                params![child.0, tracker.code(), before],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((meeting, held_on)) = found else {
            return Ok(None);
        };
        let held_on = super::day::day(&held_on, "held_on")?;
        let discussion = self
            .discussions(meeting, held_on, Some(child))?
            .into_iter()
            .next();
        Ok(discussion.map(|d| (held_on, d)))
    }

    /// [`Store::last_discussion`] of each of `children` at once: one scan
    /// of the discussions, then each earlier meeting that is someone's
    /// last read once. Asked child by child, each question scanned every
    /// discussion ever recorded, so opening a meeting of thousands of
    /// children took time growing with the square of them.
    pub fn last_discussions(
        &self,
        tracker: Tracker,
        children: &[ChildId],
        before: i64,
    ) -> Result<HashMap<ChildId, (NaiveDate, Discussion)>, StoreError> {
        let wanted: HashSet<i64> = children.iter().map(|c| c.0).collect();
        let mut statement = self.conn.prepare(
            "SELECT d.child_id, m.id, m.held_on FROM tracker_discussions d
             JOIN tracker_meetings m ON m.id = d.meeting_id
             WHERE m.tracker = ?1 AND m.id <> ?2
               AND (m.held_on, m.id) < (SELECT held_on, id FROM tracker_meetings WHERE id = ?2)
               AND (d.rag IS NOT NULL OR d.note IS NOT NULL OR d.stage IS NOT NULL
                    OR d.next_review IS NOT NULL OR d.barriers IS NOT NULL
                    OR EXISTS (SELECT 1 FROM tracker_actions a
                               WHERE a.meeting_id = m.id AND a.child_id = d.child_id))",
        )?;
        let mut rows = statement.query(params![tracker.code(), before])?;
        // Each child's latest meeting that said something: (held on, id).
        let mut last: HashMap<i64, (String, i64)> = HashMap::new();
        while let Some(row) = rows.next()? {
            let child: i64 = row.get(0)?;
            if !wanted.contains(&child) {
                continue;
            }
            let found: (String, i64) = (row.get(2)?, row.get(1)?);
            if last.get(&child).is_none_or(|held| *held < found) {
                last.insert(child, found);
            }
        }
        let mut by_meeting: HashMap<i64, (String, HashSet<i64>)> = HashMap::new();
        for (child, (held_on, meeting)) in last {
            by_meeting
                .entry(meeting)
                .or_insert_with(|| (held_on, HashSet::new()))
                .1
                .insert(child);
        }
        let mut out = HashMap::new();
        for (meeting, (held_on, whose)) in by_meeting {
            let held_on = super::day::day(&held_on, "held_on")?;
            for (child, discussion) in self.discussions_by_child(meeting, held_on, None)? {
                if whose.contains(&child.0) {
                    out.insert(child, (held_on, discussion));
                }
            }
        }
        Ok(out)
    }

    /// Each child's decision at the latest kinship meeting held on or
    /// before `as_of` that recorded one: the SGO Panel's category for
    /// them, which the Kinship tracker shows where the record is silent.
    pub fn kinship_decisions(
        &self,
        as_of: NaiveDate,
    ) -> Result<std::collections::HashMap<ChildId, String>, StoreError> {
        self.tracker_decisions(Tracker::Kinship, as_of)
    }

    /// Each child's decision (the stage recorded for them) at the latest
    /// meeting of `tracker` held on or before `as_of` that recorded one:
    /// what the tracker report shows as the child's last decision.
    pub fn tracker_decisions(
        &self,
        tracker: Tracker,
        as_of: NaiveDate,
    ) -> Result<std::collections::HashMap<ChildId, String>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT d.child_id, d.stage FROM tracker_discussions d
             JOIN tracker_meetings m ON m.id = d.meeting_id
             WHERE m.tracker = ?1 AND m.held_on <= ?2 AND d.stage IS NOT NULL
             ORDER BY m.held_on, m.id",
        )?;
        let rows = statement.query_map(params![tracker.code(), iso(as_of)], |r| {
            Ok((ChildId(r.get(0)?), r.get::<_, String>(1)?))
        })?;
        let mut latest = std::collections::HashMap::new();
        for row in rows {
            let (child, stage) = row?;
            // Ordered oldest first, so the last meeting's decision stays.
            latest.insert(child, stage);
        }
        Ok(latest)
    }
}

impl Writer<'_> {
    /// Opens a meeting of `tracker` with its cohort in order, so the
    /// minutes list children as they were taken.
    pub fn start_meeting(
        &mut self,
        tracker: Tracker,
        held_on: NaiveDate,
        cohort: &[ChildId],
    ) -> Result<i64, StoreError> {
        let chair = self.actor.user.clone();
        self.tx
            .prepare_cached(
                "INSERT INTO tracker_meetings (tracker, held_on, chair, started_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![tracker.code(), iso(held_on), chair, self.now])?;
        let id = self.tx.last_insert_rowid();
        // The chair attends; the others are added as the meeting goes.
        self.tx
            .prepare_cached("INSERT INTO tracker_attendees (meeting_id, username) VALUES (?1, ?2)")?
            .execute(params![id, chair])?;
        // The cohort as one list in the order the chair takes it; each
        // child's discussion row is written when something is first
        // recorded for them (`discussion_row`). A meeting of a national
        // caseload lists tens of thousands, and a row each was a third
        // of starting it (issue 19).
        let ids: Vec<String> = cohort.iter().map(|c| c.0.to_string()).collect();
        let ids = format!("[{}]", ids.join(","));
        self.tx
            .prepare_cached("INSERT INTO tracker_cohorts (meeting_id, children, size) VALUES (?1, ?2, ?3)")?
            .execute(params![id, ids, i64::try_from(cohort.len()).unwrap_or(i64::MAX)])?;
        self.audit(Change {
            action: AuditAction::Create,
            entity: "meeting",
            reference: None,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({"tracker": tracker.code(), "held_on": iso(held_on), "children": cohort.len()})),
        })?;
        Ok(id)
    }

    /// The child's discussion row in the meeting, written at their place
    /// in its cohort if nothing was recorded for them yet. A child the
    /// meeting does not list is refused: what is said about them would
    /// have nowhere to go. Returns the child's reference, which the
    /// audit entry of what is said names.
    fn discussion_row(&mut self, meeting: i64, child: ChildId) -> Result<String, StoreError> {
        let reference: Option<String> = self
            .tx
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get(0))
            .optional()?;
        let refused = StoreError::NotInMeeting {
            meeting,
            child: child.0,
        };
        let Some(reference) = reference else {
            return Err(refused);
        };
        let exists = self
            .tx
            .prepare_cached("SELECT 1 FROM tracker_discussions WHERE meeting_id = ?1 AND child_id = ?2")?
            .exists(params![meeting, child.0])?;
        if exists {
            return Ok(reference);
        }
        // The cohort's list is read only for a child's first entry.
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO tracker_discussions (meeting_id, child_id, position)
                 SELECT c.meeting_id, j.value, j.key
                 FROM tracker_cohorts c, json_each(c.children) j
                 WHERE c.meeting_id = ?1 AND j.value = ?2
                 LIMIT 1",
            )?
            .execute(params![meeting, child.0])?;
        if written == 0 {
            return Err(refused);
        }
        Ok(reference)
    }

    /// The audit entry of what the meeting said about a child: each
    /// RAG, note, decision, barrier, review date and action is a change
    /// to what is recorded about them, and accountable as one.
    fn audit_said(
        &mut self,
        meeting: i64,
        reference: &str,
        said: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.audit(Change {
            action: AuditAction::Update,
            entity: "meeting",
            reference: Some(reference),
            entity_id: Some(meeting.to_string()),
            before: None,
            after: Some(said),
        })
    }

    /// Adds the user to those who attended the meeting, or takes them off
    /// if already there; returns whether they now attend.
    pub fn toggle_meeting_attendee(&mut self, meeting: i64, username: &str) -> Result<bool, StoreError> {
        let removed = self
            .tx
            .prepare_cached("DELETE FROM tracker_attendees WHERE meeting_id = ?1 AND username = ?2")?
            .execute(params![meeting, username])?;
        if removed == 0 {
            self.tx
                .prepare_cached("INSERT INTO tracker_attendees (meeting_id, username) VALUES (?1, ?2)")?
                .execute(params![meeting, username])?;
        }
        let attends = removed == 0;
        self.audit(Change {
            action: AuditAction::Update,
            entity: "meeting",
            reference: None,
            entity_id: Some(meeting.to_string()),
            before: None,
            after: Some(serde_json::json!({"attendee": username, "attends": attends})),
        })?;
        Ok(attends)
    }

    /// The meeting's RAG for the child, also set as the child's RAG on
    /// their record: the tracker is where the team's rating is decided.
    pub fn record_meeting_rag(&mut self, meeting: i64, child: ChildId, rag: Rag) -> Result<(), StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        self.tx
            .prepare_cached(
                "UPDATE tracker_discussions SET rag = ?3 WHERE meeting_id = ?1 AND child_id = ?2",
            )?
            .execute(params![meeting, child.0, rag.word()])?;
        self.audit_said(meeting, &reference, serde_json::json!({ "rag": rag.word() }))?;
        if let Some(mut fields) = self.child_by_ref(&reference)? {
            fields.rag = Some(rag);
            self.put_child(&fields)?;
        }
        Ok(())
    }

    pub fn record_meeting_stage(
        &mut self,
        meeting: i64,
        child: ChildId,
        stage: &str,
    ) -> Result<(), StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        self.tx
            .prepare_cached(
                "UPDATE tracker_discussions SET stage = ?3 WHERE meeting_id = ?1 AND child_id = ?2",
            )?
            .execute(params![meeting, child.0, stage])?;
        self.audit_said(meeting, &reference, serde_json::json!({ "stage": stage }))
    }

    /// Adds the barrier, or takes it away if already recorded.
    pub fn toggle_meeting_barrier(
        &mut self,
        meeting: i64,
        child: ChildId,
        barrier: &str,
    ) -> Result<(), StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        let current: Option<String> = self
            .tx
            .query_row(
                "SELECT barriers FROM tracker_discussions WHERE meeting_id = ?1 AND child_id = ?2",
                params![meeting, child.0],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let mut barriers: Vec<String> = current
            .map(|b| b.lines().map(String::from).collect())
            .unwrap_or_default();
        match barriers.iter().position(|b| b == barrier) {
            Some(i) => {
                barriers.remove(i);
            }
            None => barriers.push(barrier.to_string()),
        }
        let joined = (!barriers.is_empty()).then(|| barriers.join("\n"));
        self.tx
            .prepare_cached(
                "UPDATE tracker_discussions SET barriers = ?3 WHERE meeting_id = ?1 AND child_id = ?2",
            )?
            .execute(params![meeting, child.0, joined])?;
        self.audit_said(meeting, &reference, serde_json::json!({ "barriers": barriers }))
    }

    pub fn record_meeting_note(
        &mut self,
        meeting: i64,
        child: ChildId,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        self.tx
            .prepare_cached(
                "UPDATE tracker_discussions SET note = ?3 WHERE meeting_id = ?1 AND child_id = ?2",
            )?
            .execute(params![meeting, child.0, note])?;
        self.audit_said(meeting, &reference, serde_json::json!({ "note": note }))
    }

    pub fn record_next_review(
        &mut self,
        meeting: i64,
        child: ChildId,
        on: NaiveDate,
    ) -> Result<(), StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        self.tx
            .prepare_cached(
                "UPDATE tracker_discussions SET next_review = ?3 WHERE meeting_id = ?1 AND child_id = ?2",
            )?
            .execute(params![meeting, child.0, iso(on)])?;
        self.audit_said(meeting, &reference, serde_json::json!({ "next_review": iso(on) }))
    }

    /// An action agreed for the child: on their primary plan as an item
    /// with its owner and date, where they have one. Returns whether it
    /// went onto the timeline.
    pub fn add_meeting_action(
        &mut self,
        meeting: i64,
        child: ChildId,
        what: &str,
        owner: Option<&str>,
        due: NaiveDate,
    ) -> Result<bool, StoreError> {
        let reference = self.discussion_row(meeting, child)?;
        let plans = self.plans(child)?;
        let primary = plans
            .iter()
            .find(|p| p.role == PlanRole::Primary && p.status == PlanStatus::Active)
            .map(|p| p.id);
        let key = match primary {
            Some(plan) => Some(self.add_item(plan, what, due, owner)?),
            None => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO tracker_actions (meeting_id, child_id, what, owner, due, item_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![meeting, child.0, what, owner, iso(due), key])?;
        self.audit_said(
            meeting,
            &reference,
            serde_json::json!({ "action": what, "owner": owner, "due": iso(due), "item": key }),
        )?;
        Ok(key.is_some())
    }
}

#[cfg(test)]
mod tests;
