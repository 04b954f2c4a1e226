//! The chronology entries workers write, and the marks that choose
//! entries for the Child Permanence Report.

use super::read::{ENTRY_SELECT, entry_row};
use super::{WrittenEntryFields, WrittenEntryRow};
use crate::{AuditAction, Change, Outcome, RecordRule, StoreError, Writer, audit};
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

fn entry_json(entry: &WrittenEntryFields) -> Value {
    json!({
        "on_date": iso(entry.on_date),
        "what": entry.what,
        "kind": entry.kind,
        "source": entry.source,
        "verified": entry.verified,
    })
}

fn check_entry(entry: &WrittenEntryFields) -> Result<(), StoreError> {
    if entry.what.trim().is_empty() {
        return Err(StoreError::Refused(RecordRule::EntryUnsaid));
    }
    if entry.kind.trim().is_empty() {
        return Err(StoreError::Refused(RecordRule::EntryKindUnsaid));
    }
    Ok(())
}

impl Writer<'_> {
    /// Adds a chronology entry the acting worker wrote; returns its id.
    pub fn add_chronology_entry(
        &mut self,
        child: ChildId,
        entry: &WrittenEntryFields,
    ) -> Result<i64, StoreError> {
        check_entry(entry)?;
        let reference = self.child_reference(child)?;
        let id = self.insert_chronology_entry(child, entry)?;
        self.audit_with(|| Change {
            action: AuditAction::Create,
            entity: "chronology-entry",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(entry_json(entry)),
        })?;
        Ok(id)
    }

    fn entry(&self, id: i64) -> Result<Option<WrittenEntryRow>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(&format!("{ENTRY_SELECT} WHERE id = ?1"))?
            .query_row([id], entry_row)
            .optional()?)
    }

    /// Corrects a written entry; who wrote it and when stay as they were
    /// (the audit trail says who corrected it).
    pub fn update_chronology_entry(
        &mut self,
        id: i64,
        entry: &WrittenEntryFields,
    ) -> Result<Outcome, StoreError> {
        check_entry(entry)?;
        let current = self
            .entry(id)?
            .ok_or_else(|| StoreError::Refused(RecordRule::NoSuchEntry))?;
        let before = WrittenEntryFields {
            on_date: current.on_date,
            what: current.what,
            kind: current.kind,
            source: current.source,
            verified: current.verified,
        };
        if before == *entry {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached(
                "UPDATE chronology_entries SET on_date = ?2, what = ?3, kind = ?4, source = ?5, verified = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                iso(entry.on_date),
                entry.what,
                entry.kind,
                entry.source,
                entry.verified
            ])?;
        let reference = self.child_reference(current.child)?;
        self.audit_with(|| {
            let (old, new) = audit::diff(&entry_json(&before), &entry_json(entry));
            Change {
                action: AuditAction::Update,
                entity: "chronology-entry",
                reference: Some(&reference),
                entity_id: Some(id.to_string()),
                before: Some(old),
                after: Some(new),
            }
        })?;
        Ok(Outcome::Updated)
    }

    /// Deletes a written entry; `false` if there was none. Its id is never
    /// used again, so a mark left on its key falls on nothing.
    pub fn delete_chronology_entry(&mut self, id: i64) -> Result<bool, StoreError> {
        let Some(current) = self.entry(id)? else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM chronology_entries WHERE id = ?1")?
            .execute([id])?;
        let reference = self.child_reference(current.child)?;
        self.audit_with(|| Change {
            action: AuditAction::Delete,
            entity: "chronology-entry",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: Some(json!({
                "on_date": iso(current.on_date),
                "what": current.what,
                "kind": current.kind,
                "source": current.source,
                "verified": current.verified,
                "recorded_by": current.recorded_by,
                "recorded_at": current.recorded_at,
            })),
            after: None,
        })?;
        Ok(true)
    }

    /// Marks an entry (by its key) for the CPR; `false` if it already was.
    pub fn set_chronology_mark(&mut self, child: ChildId, key: &str) -> Result<bool, StoreError> {
        if key.is_empty() {
            return Err(StoreError::Refused(RecordRule::MarkWithoutKey));
        }
        let reference = self.child_reference(child)?;
        let added = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO chronology_marks (child_id, entry_key) VALUES (?1, ?2)")?
            .execute(params![child.0, key])?;
        if added == 0 {
            return Ok(false);
        }
        self.audit_mark(AuditAction::Mark, &reference, key)
    }

    /// Takes a CPR mark off an entry; `false` if it had none.
    pub fn clear_chronology_mark(&mut self, child: ChildId, key: &str) -> Result<bool, StoreError> {
        let removed = self
            .tx
            .prepare_cached("DELETE FROM chronology_marks WHERE child_id = ?1 AND entry_key = ?2")?
            .execute(params![child.0, key])?;
        if removed == 0 {
            return Ok(false);
        }
        let reference = self.child_reference(child)?;
        self.audit_mark(AuditAction::Unmark, &reference, key)
    }

    /// The audit entry for a mark made or taken off: `true`, it changed.
    fn audit_mark(&mut self, action: AuditAction, reference: &str, key: &str) -> Result<bool, StoreError> {
        self.audit_with(|| Change {
            action,
            entity: "chronology-mark",
            reference: Some(reference),
            entity_id: Some(key.to_string()),
            before: None,
            after: None,
        })?;
        Ok(true)
    }
}

impl Writer<'_> {
    /// The entry's row, recorded by this writer's user now: the one
    /// statement both [`Writer::add_chronology_entry`] and the bulk load's
    /// `load_chronology_entry` write it with. Its id.
    pub(super) fn insert_chronology_entry(
        &self,
        child: ChildId,
        entry: &WrittenEntryFields,
    ) -> rusqlite::Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO chronology_entries (child_id, on_date, what, kind, source, recorded_by, verified, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                child.0,
                iso(entry.on_date),
                entry.what,
                entry.kind,
                entry.source,
                self.actor.user,
                entry.verified,
                self.now,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }
}
