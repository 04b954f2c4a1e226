//! Plans, recorded events and done items: reads for the timeline, and
//! their writes on the single write path.

use crate::AuditAction;
use crate::audit::{self, Change};
use crate::{Outcome, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::event::{Event, RecordedEvent};
use permanence_domain::plan::{Plan, PlanBasis, PlanId, PlanRole, PlanStatus, Stage, StartFrom};
use permanence_domain::plan_import::PlanRow;
use permanence_domain::timeline::not_needed::NotNeeded;
use permanence_domain::timeline::{AdHocItem, ChildFacts, DoneRecord};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Everything about one child that a timeline is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineFacts {
    pub child: ChildFacts,
    pub plans: Vec<Plan>,
    pub events: Vec<RecordedEvent>,
    pub done: Vec<DoneRecord>,
    pub adhoc: Vec<AdHocItem>,
    /// The items marked not needed (marks not withdrawn).
    pub not_needed: Vec<NotNeeded>,
}

use super::day::day as date;

fn corrupt(column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{column}: cannot read {text:?}").into(),
    )
}

pub(super) fn plan(row: &Row<'_>) -> rusqlite::Result<Plan> {
    let role: String = row.get(2)?;
    let stage: String = row.get(4)?;
    let status: String = row.get(5)?;
    let start_from: String = row.get(6)?;
    Ok(Plan {
        id: PlanId(row.get(0)?),
        pathway: row.get(1)?,
        role: PlanRole::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        start: date(&row.get::<_, String>(3)?, "start")?,
        stage: Stage::parse(&stage).ok_or_else(|| corrupt("stage", &stage))?,
        status: PlanStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        basis: PlanBasis {
            start: StartFrom::parse(&start_from).ok_or_else(|| corrupt("start_from", &start_from))?,
            record_from: match row.get::<_, Option<String>>(7)? {
                Some(text) => Some(date(&text, "record_from")?),
                None => None,
            },
        },
    })
}

pub(super) const PLAN_SELECT: &str =
    "SELECT id, pathway, role, start, stage, status, start_from, record_from FROM plans";

/// Where a query that reads [`plan`]'s columns and then the plan's child
/// has the child: the column after them.
pub(super) const PLAN_CHILD_COLUMN: usize = 8;

pub(super) fn child_id(conn: &Connection, reference: &str) -> Result<Option<ChildId>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM children WHERE ref = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()?
        .map(ChildId))
}

pub(super) fn plans_of(conn: &Connection, child: ChildId) -> Result<Vec<Plan>, StoreError> {
    let sql = format!("{PLAN_SELECT} WHERE child_id = ?1 ORDER BY status, role = 'contingency', id");
    let plans = conn
        .prepare_cached(&sql)?
        .query_map([child.0], plan)?
        .collect::<Result<_, _>>()?;
    Ok(plans)
}

/// The child's events that stand (not corrected or withdrawn), in the
/// order they happened: what the timeline and the legal status follow.
pub(super) fn standing_events(conn: &Connection, child: ChildId) -> Result<Vec<RecordedEvent>, StoreError> {
    conn.prepare_cached(
        "SELECT event, on_date FROM events WHERE child_id = ?1 AND status = 'current' ORDER BY on_date, id",
    )?
    .query_map([child.0], |r| standing_event(r, 0))?
    .collect::<Result<_, _>>()
    .map_err(StoreError::from)
}

/// A standing event from its code and day, the columns from `at`.
pub(super) fn standing_event(row: &Row<'_>, at: usize) -> rusqlite::Result<RecordedEvent> {
    let event: String = row.get(at)?;
    Ok(RecordedEvent {
        event: Event::parse(&event).ok_or_else(|| corrupt("event", &event))?,
        on: date(&row.get::<_, String>(at + 1)?, "on_date")?,
    })
}

/// What a timeline reads of the child's own record, from its columns
/// (`date_of_birth`, `looked_after_since`, whether in a sibling group,
/// `legal_status`): read one child at a time or many at once.
pub(super) fn child_facts(
    dob: Option<&str>,
    looked_after: Option<&str>,
    in_sibling_group: bool,
    status: &str,
) -> Result<ChildFacts, StoreError> {
    Ok(ChildFacts {
        date_of_birth: super::day::optional_day(dob, "date_of_birth")?,
        looked_after_since: super::day::optional_day(looked_after, "looked_after_since")?,
        in_sibling_group,
        legal_status: permanence_domain::child::LegalStatus::parse(status).unwrap_or_default(),
    })
}

/// Everything a child's timeline is worked out from, on any connection
/// (a transaction's too, so that what is stored matches what was read).
pub(super) fn timeline_facts(conn: &Connection, child: ChildId) -> Result<TimelineFacts, StoreError> {
    let (dob, looked_after, group, status): (Option<String>, Option<String>, Option<String>, String) = conn
        .prepare_cached(
            "SELECT date_of_birth, looked_after_since, sibling_group, legal_status FROM children WHERE id = ?1",
        )?
        .query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let events = standing_events(conn, child)?;
    let done = conn
        .prepare_cached(
            "SELECT plan_id, key, done_on, note FROM done_items
             WHERE plan_id IN (SELECT id FROM plans WHERE child_id = ?1)",
        )?
        .query_map([child.0], |r| {
            Ok(DoneRecord {
                plan: PlanId(r.get(0)?),
                key: r.get(1)?,
                on: date(&r.get::<_, String>(2)?, "done_on")?,
                note: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let adhoc = conn
        .prepare_cached(
            "SELECT id, plan_id, title, target, responsible FROM adhoc_items
             WHERE plan_id IN (SELECT id FROM plans WHERE child_id = ?1) ORDER BY id",
        )?
        .query_map([child.0], |r| {
            Ok(AdHocItem {
                key: format!("adhoc-{}", r.get::<_, i64>(0)?),
                plan: PlanId(r.get(1)?),
                title: r.get(2)?,
                target: date(&r.get::<_, String>(3)?, "target")?,
                responsible: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(TimelineFacts {
        child: child_facts(dob.as_deref(), looked_after.as_deref(), group.is_some(), &status)?,
        plans: plans_of(conn, child)?,
        events,
        done,
        adhoc,
        not_needed: super::not_needed::marks_of(conn, child)?,
    })
}

impl Store {
    pub fn child_id(&self, reference: &str) -> Result<Option<ChildId>, StoreError> {
        child_id(&self.conn, reference)
    }

    /// The child's plans, active ones first, the primary first among them.
    pub fn plans(&self, child: ChildId) -> Result<Vec<Plan>, StoreError> {
        plans_of(&self.conn, child)
    }

    pub fn timeline_facts(&self, child: ChildId) -> Result<TimelineFacts, StoreError> {
        timeline_facts(&self.conn, child)
    }

    /// Which children have any plan: the only ones with a timeline.
    pub fn children_with_plans(&self) -> Result<Vec<ChildId>, StoreError> {
        let ids = self
            .conn
            .prepare("SELECT DISTINCT child_id FROM plans WHERE status = 'active'")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids.into_iter().map(ChildId).collect())
    }

    /// What the adoption timeliness measures read of a child: their plans,
    /// their standing events and how their closed plans ended; none of the
    /// done items, ad hoc items or marks a whole timeline needs.
    pub fn adoption_facts(&self, child: ChildId) -> Result<AdoptionFacts, StoreError> {
        Ok(AdoptionFacts {
            plans: plans_of(&self.conn, child)?,
            events: standing_events(&self.conn, child)?,
            endings: closures_of(&self.conn, child)?,
        })
    }

    /// Which children have ever had a plan on one of `pathways`, open or
    /// closed, in id order: the few the adoption timeliness measures read
    /// in full, found without reading every child.
    pub fn children_on_pathways(&self, pathways: &[&str]) -> Result<Vec<ChildId>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT child_id FROM plans WHERE pathway = ?1")?;
        let mut ids = std::collections::BTreeSet::new();
        for pathway in pathways {
            let found = statement
                .query_map([pathway], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            ids.extend(found);
        }
        Ok(ids.into_iter().map(ChildId).collect())
    }
}

/// A child's plans, standing events and plan endings, as
/// [`Store::adoption_facts`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionFacts {
    pub plans: Vec<Plan>,
    pub events: Vec<RecordedEvent>,
    pub endings: Vec<permanence_domain::plan::PlanClosure>,
}

/// What importing one plan row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanOutcome {
    Put(Outcome),
    /// The row made this plan primary and closed the one it replaced.
    ReplacedPrimary,
}

impl Writer<'_> {
    pub fn child_id(&self, reference: &str) -> Result<Option<ChildId>, StoreError> {
        child_id(self.tx, reference)
    }

    pub fn plans(&self, child: ChildId) -> Result<Vec<Plan>, StoreError> {
        plans_of(self.tx, child)
    }

    /// Brings the child's active plan on this pathway into line with the
    /// row, or starts one. A new primary closes the old primary, which
    /// keeps its history.
    pub fn put_plan(&mut self, child: ChildId, row: &PlanRow) -> Result<(PlanOutcome, PlanId), StoreError> {
        let plans = plans_of(self.tx, child)?;
        let active = |p: &&Plan| p.status == PlanStatus::Active;
        let existing = plans.iter().filter(active).find(|p| p.pathway == row.pathway);
        let mut replaced = false;
        if row.role == PlanRole::Primary
            && let Some(old) = plans
                .iter()
                .filter(active)
                .find(|p| p.role == PlanRole::Primary && p.pathway != row.pathway)
        {
            self.tx
                .prepare_cached("UPDATE plans SET status = 'closed', version = version + 1 WHERE id = ?1")?
                .execute([old.id.0])?;
            self.audit(Change {
                action: AuditAction::Close,
                entity: "plan",
                reference: Some(&row.reference),
                entity_id: Some(old.id.0.to_string()),
                before: Some(plan_json(old)),
                after: Some(serde_json::json!({"status": "closed", "replaced_by": row.pathway})),
            })?;
            replaced = true;
        }
        let (outcome, id) = match existing {
            Some(plan)
                if plan.role == row.role
                    && plan.start == row.start
                    && plan.stage == row.stage
                    && plan.basis.start == row.basis.start =>
            {
                (Outcome::Unchanged, plan.id)
            }
            Some(plan) => {
                // The record of the plan began when it first did: a start
                // given since does not bring back what was never recorded.
                let basis = PlanBasis {
                    start: row.basis.start,
                    record_from: plan.basis.record_from.or(row.basis.record_from),
                };
                self.tx
                    .prepare_cached(
                        "UPDATE plans SET role = ?2, start = ?3, stage = ?4, start_from = ?5, record_from = ?6, \
                         version = version + 1 WHERE id = ?1",
                    )?
                    .execute(params![
                        plan.id.0,
                        row.role.code(),
                        iso(row.start),
                        row.stage.code(),
                        basis.start.code(),
                        basis.record_from.map(iso)
                    ])?;
                let updated = Plan {
                    role: row.role,
                    start: row.start,
                    stage: row.stage,
                    basis,
                    ..plan.clone()
                };
                let (before, after) = audit::diff(&plan_json(plan), &plan_json(&updated));
                self.audit(Change {
                    action: AuditAction::Update,
                    entity: "plan",
                    reference: Some(&row.reference),
                    entity_id: Some(plan.id.0.to_string()),
                    before: Some(before),
                    after: Some(after),
                })?;
                (Outcome::Updated, plan.id)
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO plans (child_id, pathway, role, start, stage, start_from, record_from) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
                        child.0,
                        row.pathway,
                        row.role.code(),
                        iso(row.start),
                        row.stage.code(),
                        row.basis.start.code(),
                        row.basis.record_from.map(iso)
                    ])?;
                let id = PlanId(self.tx.last_insert_rowid());
                self.audit(Change {
                    action: AuditAction::Create,
                    entity: "plan",
                    reference: Some(&row.reference),
                    entity_id: Some(id.0.to_string()),
                    before: None,
                    after: Some(serde_json::json!({
                        "pathway": row.pathway,
                        "role": row.role.code(),
                        "start": iso(row.start),
                        "stage": row.stage.code(),
                        "start_from": row.basis.start.code(),
                        "record_from": row.basis.record_from.map(iso),
                    })),
                })?;
                (Outcome::Created, id)
            }
        };
        let outcome = if replaced {
            PlanOutcome::ReplacedPrimary
        } else {
            PlanOutcome::Put(outcome)
        };
        Ok((outcome, id))
    }

    /// Writes an item's done row, as an update where it has one. Not an
    /// upsert: SQLite lets an upsert's conflict handling override the
    /// stale triggers' `INSERT OR IGNORE`, so changing a done date while
    /// the child already waited to be worked out again failed on
    /// `stale_timelines`' key.
    pub(crate) fn put_done(
        &mut self,
        plan: PlanId,
        key: &str,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let updated = self
            .tx
            .prepare_cached("UPDATE done_items SET done_on = ?3, note = ?4 WHERE plan_id = ?1 AND key = ?2")?
            .execute(params![plan.0, key, iso(on), note])?;
        if updated == 0 {
            self.tx
                .prepare_cached(
                    "INSERT INTO done_items (plan_id, key, done_on, note) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![plan.0, key, iso(on), note])?;
        }
        Ok(())
    }

    pub fn mark_done(
        &mut self,
        plan: PlanId,
        key: &str,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        let before: Option<(String, Option<String>)> = self
            .tx
            .prepare_cached("SELECT done_on, note FROM done_items WHERE plan_id = ?1 AND key = ?2")?
            .query_row(params![plan.0, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if before == Some((iso(on), note.map(String::from))) {
            return Ok(Outcome::Unchanged);
        }
        self.put_done(plan, key, on, note)?;
        let reference = self.reference_of_plan(plan)?;
        let updated = before.is_some();
        self.audit(Change {
            action: AuditAction::Done,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: before.map(|(on, note)| serde_json::json!({"done_on": on, "note": note})),
            after: Some(serde_json::json!({"done_on": iso(on), "note": note})),
        })?;
        Ok(if updated {
            Outcome::Updated
        } else {
            Outcome::Created
        })
    }

    /// Adds an item to a plan by hand; returns its key.
    pub fn add_item(
        &mut self,
        plan: PlanId,
        title: &str,
        target: NaiveDate,
        responsible: Option<&str>,
    ) -> Result<String, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO adhoc_items (plan_id, title, target, responsible) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![plan.0, title, iso(target), responsible])?;
        let key = format!("adhoc-{}", self.tx.last_insert_rowid());
        let reference = self.reference_of_plan(plan)?;
        self.audit(Change {
            action: AuditAction::Create,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: None,
            after: Some(
                serde_json::json!({"title": title, "target": iso(target), "responsible": responsible}),
            ),
        })?;
        Ok(key)
    }

    /// Refuses the change if the item's done date is no longer what the
    /// user saw (someone else marked or unmarked it meanwhile), naming who.
    pub fn expect_done_state(
        &mut self,
        plan: PlanId,
        key: &str,
        expected: Option<NaiveDate>,
    ) -> Result<(), StoreError> {
        let current: Option<String> = self
            .tx
            .prepare_cached("SELECT done_on FROM done_items WHERE plan_id = ?1 AND key = ?2")?
            .query_row(params![plan.0, key], |r| r.get(0))
            .optional()?;
        let current = super::day::optional_day(current.as_deref(), "done_on")?;
        if current == expected {
            return Ok(());
        }
        let who: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT user FROM audit WHERE entity = 'item' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([format!("{}/{key}", plan.0)], |r| r.get(0))
            .optional()?;
        let who = who.unwrap_or_else(|| "Someone else".to_string());
        Err(StoreError::Conflict(match (expected, current) {
            (None, Some(on)) => format!(
                "{who} marked this done on {} while you were typing; nothing of theirs was overwritten, and your text is still here",
                permanence_domain::date::uk(on)
            ),
            (Some(_), None) if expected.is_some() => {
                format!("{who} has already taken back this item's done mark; it is shown as it is now")
            }
            _ => format!("{who} changed this item while you were looking; it is shown as it is now"),
        }))
    }

    /// Takes back a done mark; `false` if there was none.
    pub fn undo_done(&mut self, plan: PlanId, key: &str) -> Result<bool, StoreError> {
        self.undo_done_because(plan, key, None)
    }

    /// Puts a done mark's date right, keeping the reason in the audit trail.
    pub fn correct_done(
        &mut self,
        plan: PlanId,
        key: &str,
        to: NaiveDate,
        reason: &str,
    ) -> Result<(), StoreError> {
        let before: Option<String> = self
            .tx
            .prepare_cached("SELECT done_on FROM done_items WHERE plan_id = ?1 AND key = ?2")?
            .query_row(params![plan.0, key], |r| r.get(0))
            .optional()?;
        let Some(before) = before else {
            return Err(crate::RecordRule::NotMarkedDone { key: key.to_string() }.into());
        };
        self.tx
            .prepare_cached("UPDATE done_items SET done_on = ?3 WHERE plan_id = ?1 AND key = ?2")?
            .execute(params![plan.0, key, iso(to)])?;
        let reference = self.reference_of_plan(plan)?;
        self.audit(Change {
            action: AuditAction::CorrectDone,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: Some(serde_json::json!({"done_on": before})),
            after: Some(serde_json::json!({"done_on": iso(to), "reason": reason})),
        })
    }

    /// Takes back a done mark, with the reason kept in the audit trail
    /// where one is given; `false` if there was none.
    pub fn undo_done_because(
        &mut self,
        plan: PlanId,
        key: &str,
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let before: Option<(String, Option<String>)> = self
            .tx
            .prepare_cached("SELECT done_on, note FROM done_items WHERE plan_id = ?1 AND key = ?2")?
            .query_row(params![plan.0, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((on, note)) = before else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM done_items WHERE plan_id = ?1 AND key = ?2")?
            .execute(params![plan.0, key])?;
        let reference = self.reference_of_plan(plan)?;
        self.audit(Change {
            action: AuditAction::Undone,
            entity: "item",
            reference: Some(&reference),
            entity_id: Some(format!("{}/{key}", plan.0)),
            before: Some(serde_json::json!({"done_on": on, "note": note})),
            after: reason.map(|reason| serde_json::json!({"reason": reason})),
        })?;
        Ok(true)
    }

    /// The reference of the child one of whose plans this is, for the
    /// audit entry; none is written during a bulk load, so it is not
    /// looked up then (a demo makes millions).
    pub(super) fn reference_of_plan(&self, plan: PlanId) -> Result<String, StoreError> {
        if self.quiet {
            return Ok(String::new());
        }
        Ok(self
            .tx
            .prepare_cached("SELECT ref FROM children WHERE id = (SELECT child_id FROM plans WHERE id = ?1)")?
            .query_row([plan.0], |r| r.get(0))?)
    }
}

fn plan_json(plan: &Plan) -> serde_json::Value {
    serde_json::json!({
        "pathway": plan.pathway,
        "role": plan.role.code(),
        "start": iso(plan.start),
        "stage": plan.stage.code(),
        "status": plan.status.code(),
        "start_from": plan.basis.start.code(),
        "record_from": plan.basis.record_from.map(iso),
    })
}

impl Store {
    /// Records that the acting user opened a child's record.
    pub fn record_view(&mut self, child: ChildId) -> Result<(), StoreError> {
        let reference = self
            .conn
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get::<_, String>(0))?;
        self.record_read(AuditAction::View, "child", Some(&reference), None)
    }

    /// Puts a read on the record: one audit entry, in its own transaction,
    /// through the same audit code and hash chain as every change.
    ///
    /// A read-only store cannot write, so its reads are appended through a
    /// second, writable connection used for nothing else: the session
    /// still cannot change case data, but what it looked at is on the
    /// record. Where even that cannot be opened (a read-only filesystem,
    /// a file this account cannot write) the error says so, and the caller
    /// decides what to tell the user.
    pub fn record_read(
        &mut self,
        action: AuditAction,
        entity: &str,
        reference: Option<&str>,
        after: Option<serde_json::Value>,
    ) -> Result<(), StoreError> {
        let entry = |w: &mut Writer<'_>| {
            w.audit(Change {
                action,
                entity,
                reference,
                entity_id: None,
                before: None,
                after,
            })
        };
        if self.read_only {
            let mut recorder =
                Store::open_existing(&self.path, self.actor.clone(), self.key.as_deref(), self.clock)?;
            recorder.write(entry)
        } else {
            self.write(entry)
        }
    }
}

/// When and how each of the child's closed plans ended, where that was
/// recorded (a plan closed before plans could be closed on screen has no
/// row: it shows as closed with no date).
pub(super) fn closures_of(
    conn: &Connection,
    child: ChildId,
) -> Result<Vec<permanence_domain::plan::PlanClosure>, StoreError> {
    let closures = conn
        .prepare_cached(
            "SELECT plan_id, closed_on, outcome FROM plan_closures
             WHERE plan_id IN (SELECT id FROM plans WHERE child_id = ?1) ORDER BY plan_id",
        )?
        .query_map([child.0], |r| closure(r, 0))?
        .collect::<Result<_, _>>()?;
    Ok(closures)
}

/// A plan's ending from its plan, day and outcome, the columns from `at`.
pub(super) fn closure(row: &Row<'_>, at: usize) -> rusqlite::Result<permanence_domain::plan::PlanClosure> {
    use permanence_domain::plan::{PlanClosure, PlanEnding};
    let outcome: String = row.get(at + 2)?;
    Ok(PlanClosure {
        plan: PlanId(row.get(at)?),
        on: date(&row.get::<_, String>(at + 1)?, "closed_on")?,
        ending: PlanEnding::parse(&outcome).ok_or_else(|| corrupt("outcome", &outcome))?,
    })
}

impl Store {
    /// When and how the child's closed plans ended.
    pub fn plan_endings(
        &self,
        child: ChildId,
    ) -> Result<Vec<permanence_domain::plan::PlanClosure>, StoreError> {
        closures_of(&self.conn, child)
    }
}

/// Plans changed one at a time from the screen and `permanence plan`:
/// the use case (`service::plans`) has checked the change against the
/// plans read in the same write; these only write it, each audited.
impl Writer<'_> {
    pub fn plan_endings(
        &self,
        child: ChildId,
    ) -> Result<Vec<permanence_domain::plan::PlanClosure>, StoreError> {
        closures_of(self.tx, child)
    }

    /// Starts a plan for the child, through the import's own write (one
    /// audited entry); returns its id.
    pub fn start_plan(
        &mut self,
        child: ChildId,
        pathway: &str,
        role: PlanRole,
        start: NaiveDate,
        stage: Stage,
    ) -> Result<PlanId, StoreError> {
        let reference: String = self
            .tx
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get(0))?;
        let row = PlanRow {
            line: 0,
            reference,
            pathway: pathway.to_string(),
            role,
            start,
            stage,
            basis: Default::default(),
        };
        self.put_plan(child, &row).map(|(_, id)| id)
    }

    /// Makes an active plan primary or contingency.
    pub fn set_plan_role(&mut self, plan: &Plan, role: PlanRole) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE plans SET role = ?2, version = version + 1 WHERE id = ?1")?
            .execute(params![plan.id.0, role.code()])?;
        let reference = self.reference_of_plan(plan.id)?;
        let updated = Plan { role, ..plan.clone() };
        let (before, after) = audit::diff(&plan_json(plan), &plan_json(&updated));
        self.audit(Change {
            action: AuditAction::Update,
            entity: "plan",
            reference: Some(&reference),
            entity_id: Some(plan.id.0.to_string()),
            before: Some(before),
            after: Some(after),
        })
    }

    /// Moves an active plan's start and what it counts from (its Legal
    /// Gateway decision given for a plan imported with its history),
    /// keeping the plan itself, its done marks and its items: `after` is
    /// the plan as the use case worked it out from `before`.
    pub fn set_plan_start(&mut self, before: &Plan, after: &Plan) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE plans SET start = ?2, start_from = ?3, record_from = ?4, version = version + 1 \
                 WHERE id = ?1",
            )?
            .execute(params![
                before.id.0,
                iso(after.start),
                after.basis.start.code(),
                after.basis.record_from.map(iso)
            ])?;
        let reference = self.reference_of_plan(before.id)?;
        let (was, is) = audit::diff(&plan_json(before), &plan_json(after));
        self.audit(Change {
            action: AuditAction::Update,
            entity: "plan",
            reference: Some(&reference),
            entity_id: Some(before.id.0.to_string()),
            before: Some(was),
            after: Some(is),
        })
    }

    /// Closes an active plan with how and when it ended; the plan, its
    /// done marks and its items are kept for its history.
    pub fn close_plan(
        &mut self,
        plan: &Plan,
        on: NaiveDate,
        ending: permanence_domain::plan::PlanEnding,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE plans SET status = 'closed', version = version + 1 WHERE id = ?1")?
            .execute([plan.id.0])?;
        self.tx
            .prepare_cached(
                "INSERT INTO plan_closures (plan_id, closed_on, outcome) VALUES (?1, ?2, ?3)
                 ON CONFLICT (plan_id) DO UPDATE SET closed_on = excluded.closed_on, outcome = excluded.outcome",
            )?
            .execute(params![plan.id.0, iso(on), ending.code()])?;
        let reference = self.reference_of_plan(plan.id)?;
        self.audit(Change {
            action: AuditAction::Close,
            entity: "plan",
            reference: Some(&reference),
            entity_id: Some(plan.id.0.to_string()),
            before: Some(plan_json(plan)),
            after: Some(serde_json::json!({
                "status": "closed",
                "closed_on": iso(on),
                "outcome": ending.code(),
            })),
        })
    }
}

#[cfg(test)]
#[path = "plans_start_tests.rs"]
mod start_tests;
