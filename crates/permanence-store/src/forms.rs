//! Stored forms: drafts saved as the user types, submissions that are
//! never edited (an amendment is a new version), and the steps of a
//! form's route (sign-offs), each recorded once with who and when.

use crate::AuditAction;
use crate::{Change, Store, StoreError, Writer};
use permanence_domain::child::ChildId;
use rusqlite::{OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRecord {
    pub id: i64,
    pub child: ChildId,
    pub reference: String,
    pub kind: String,
    /// The id of the series' first version: amendments share it.
    pub series: i64,
    pub version: i64,
    pub submitted: bool,
    /// The values, as JSON keyed by field id.
    pub data: serde_json::Value,
    pub created_by: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    /// (step, by, at, note) in the order recorded.
    pub steps: Vec<(String, String, String, Option<String>)>,
}

const SELECT: &str = "SELECT f.id, f.child_id, c.ref, f.kind, f.series, f.version, f.status, f.data,
        f.created_by, f.updated_at, f.submitted_at
    FROM forms f JOIN children c ON c.id = f.child_id";

fn record(row: &Row<'_>) -> rusqlite::Result<FormRecord> {
    let data: String = row.get(7)?;
    Ok(FormRecord {
        id: row.get(0)?,
        child: ChildId(row.get(1)?),
        reference: row.get(2)?,
        kind: row.get(3)?,
        series: row.get(4)?,
        version: row.get(5)?,
        submitted: row.get::<_, String>(6)? == "submitted",
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
        created_by: row.get(8)?,
        updated_at: row.get(9)?,
        submitted_at: row.get(10)?,
        steps: Vec::new(),
    })
}

impl Store {
    pub fn form(&self, id: i64) -> Result<Option<FormRecord>, StoreError> {
        let found = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))?
            .query_row([id], record)
            .optional()?;
        let Some(mut form) = found else {
            return Ok(None);
        };
        form.steps = self
            .conn
            .prepare_cached(
                "SELECT step, by_user, at, note FROM form_steps WHERE form_id = ?1 ORDER BY at, step",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(form))
    }

    /// A child's forms of a kind, newest first.
    pub fn forms_of(&self, child: ChildId, kind: &str) -> Result<Vec<FormRecord>, StoreError> {
        let forms = self
            .conn
            .prepare_cached(&format!(
                "{SELECT} WHERE f.child_id = ?1 AND f.kind = ?2 ORDER BY f.id DESC"
            ))?
            .query_map(params![child.0, kind], record)?
            .collect::<Result<_, _>>()?;
        Ok(forms)
    }

    /// Every form of a child, of every kind and version, newest first,
    /// each with the steps of its route: what the child's Forms tab lists.
    pub fn forms_of_child(&self, child: ChildId) -> Result<Vec<FormRecord>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM forms WHERE child_id = ?1 ORDER BY id DESC")?
            .query_map([child.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        self.forms_by_id(&ids)
    }

    /// The latest submitted version of every series, oldest first, with
    /// their steps: what may await someone's sign-off.
    pub fn latest_submitted_forms(&self) -> Result<Vec<FormRecord>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT f.id FROM forms f WHERE f.status = 'submitted'
                   AND NOT EXISTS (SELECT 1 FROM forms g WHERE g.series = f.series AND g.version > f.version)
                 ORDER BY f.submitted_at, f.id",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        self.forms_by_id(&ids)
    }

    fn forms_by_id(&self, ids: &[i64]) -> Result<Vec<FormRecord>, StoreError> {
        let mut forms = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(form) = self.form(*id)? {
                forms.push(form);
            }
        }
        Ok(forms)
    }

    /// The acting user's open draft of this kind for the child.
    pub fn open_draft(&self, child: ChildId, kind: &str) -> Result<Option<FormRecord>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{SELECT} WHERE f.child_id = ?1 AND f.kind = ?2 AND f.status = 'draft' AND f.created_by = ?3"
            ))?
            .query_row(params![child.0, kind, self.actor.user], record)
            .optional()?)
    }
}

impl Writer<'_> {
    /// Saves the user's draft of a form (creating it, or a new version of
    /// `amends` when amending a submission). Drafts are the user's own
    /// work in progress: saved often, audited only when submitted.
    pub fn save_form_draft(
        &mut self,
        child: ChildId,
        kind: &str,
        amends: Option<i64>,
        data: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let user = self.actor.user.clone();
        let existing: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM forms WHERE child_id = ?1 AND kind = ?2 AND status = 'draft' AND created_by = ?3",
            )?
            .query_row(params![child.0, kind, user], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            self.tx
                .prepare_cached("UPDATE forms SET data = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, data.to_string(), self.now])?;
            return Ok(id);
        }
        self.new_form(child, kind, amends, data, "draft")
    }

    /// A new form row: version 1 of a new series, or the next version of
    /// the series `amends` belongs to. `status` is `draft` until submitted.
    fn new_form(
        &mut self,
        child: ChildId,
        kind: &str,
        amends: Option<i64>,
        data: &serde_json::Value,
        status: &str,
    ) -> Result<i64, StoreError> {
        let user = self.actor.user.clone();
        let json = data.to_string();
        let (series, version) = match amends {
            Some(previous) => self
                .tx
                .prepare_cached("SELECT series, (SELECT max(version) FROM forms g WHERE g.series = f.series) + 1 FROM forms f WHERE id = ?1")?
                .query_row([previous], |r| Ok((Some(r.get::<_, i64>(0)?), r.get::<_, i64>(1)?)))?,
            None => (None, 1),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO forms (child_id, kind, series, version, status, data, created_by, updated_at)
                 VALUES (?1, ?2, coalesce(?3, 0), ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                child.0, kind, series, version, status, json, user, self.now
            ])?;
        let id = self.tx.last_insert_rowid();
        if series.is_none() {
            // A new series is known by its first version's id.
            self.tx
                .prepare_cached("UPDATE forms SET series = id WHERE id = ?1")?
                .execute([id])?;
        }
        Ok(id)
    }

    /// Stores and submits a whole form at once (an import, an amendment
    /// made outside the app), leaving any draft of the user's alone.
    pub fn add_submitted_form(
        &mut self,
        child: ChildId,
        kind: &str,
        amends: Option<i64>,
        data: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let id = self.new_form(child, kind, amends, data, "submitted")?;
        self.tx
            .prepare_cached("UPDATE forms SET submitted_at = updated_at WHERE id = ?1")?
            .execute([id])?;
        self.audit_submission(id, data)?;
        Ok(id)
    }

    /// Submits a form: from now on it is never edited. Checked by the
    /// caller against the form's definition first.
    pub fn submit_form(&mut self, id: i64, data: &serde_json::Value) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE forms SET data = ?2, status = 'submitted', updated_at = ?3, submitted_at = ?3 WHERE id = ?1")?
            .execute(params![id, data.to_string(), self.now])?;
        self.audit_submission(id, data)
    }

    fn audit_submission(&mut self, id: i64, data: &serde_json::Value) -> Result<(), StoreError> {
        let (reference, kind, version): (String, String, i64) = self
            .tx
            .prepare_cached("SELECT c.ref, f.kind, f.version FROM forms f JOIN children c ON c.id = f.child_id WHERE f.id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        self.audit(Change {
            action: if version > 1 {
                AuditAction::Amend
            } else {
                AuditAction::Submit
            },
            entity: "form",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({"kind": kind, "version": version, "fields": data})),
        })?;
        Ok(())
    }

    /// Records a step of the form's route (a QA, a sign-off).
    pub fn record_form_step(&mut self, id: i64, step: &str, note: Option<&str>) -> Result<(), StoreError> {
        let reference: String = self
            .tx
            .prepare_cached("SELECT c.ref FROM forms f JOIN children c ON c.id = f.child_id WHERE f.id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let inserted = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO form_steps (form_id, step, by_user, at, note) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, step, self.actor.user, self.now, note])?;
        if inserted == 0 {
            return Err(StoreError::Conflict(format!(
                "{step} is already recorded for this form"
            )));
        }
        self.audit(Change {
            action: AuditAction::SignOff,
            entity: "form",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({"step": step, "note": note})),
        })
    }

    /// Starts an amendment of a submitted form: its next version, as a
    /// draft of the acting user's holding the same answers, with the
    /// reason kept on the version it amends (which is never changed) and
    /// in the audit trail. Returns the new draft's id.
    pub fn start_amendment(&mut self, id: i64, reason: &str) -> Result<i64, StoreError> {
        let (child, kind, data, reference): (i64, String, String, String) = self
            .tx
            .prepare_cached("SELECT f.child_id, f.kind, f.data, c.ref FROM forms f JOIN children c ON c.id = f.child_id WHERE f.id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        // The latest reason given: an amendment started and discarded
        // leaves its reason in the audit trail, not on the form.
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO form_steps (form_id, step, by_user, at, note) VALUES (?1, 'amended', ?2, ?3, ?4)")?
            .execute(params![id, self.actor.user, self.now, reason])?;
        let data: serde_json::Value = serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
        let draft = self.new_form(ChildId(child), &kind, Some(id), &data, "draft")?;
        self.audit(Change {
            action: AuditAction::Amend,
            entity: "form",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({"kind": kind, "reason": reason, "draft": draft})),
        })?;
        Ok(draft)
    }

    /// Removes the user's draft (after it was abandoned).
    pub fn discard_form_draft(&mut self, id: i64) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("DELETE FROM forms WHERE id = ?1 AND status = 'draft' AND created_by = ?2")?
            .execute(params![id, self.actor.user])?;
        Ok(())
    }
}
