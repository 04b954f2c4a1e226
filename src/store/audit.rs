//! The audit trail: who changed or looked at what, when, with the values
//! before and after. Entries are written by the [`Writer`] in the same
//! transaction as the change they describe, so a change and its entry
//! stand or fall together. The table refuses updates and deletes, and
//! each entry's hash covers the previous entry's, so `permanence check`
//! finds an entry altered or removed behind the program's back.

use crate::store::{Store, StoreError, Writer};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Who is acting: the worker, and the operating-system account the
/// program runs as (the same person on a laptop; the service account on
/// a shared server, where `--as` names the worker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub os_user: String,
}

impl Actor {
    /// For tests and tools that act as no particular person.
    pub fn system() -> Actor {
        Actor {
            user: "system".to_string(),
            os_user: "system".to_string(),
        }
    }
}

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, ISO 8601 with seconds: `2026-11-23T17:56:12Z`.
    pub at: String,
    pub user: String,
    pub os_user: String,
    pub action: String,
    pub entity: String,
    pub reference: Option<String>,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            Some(self.prev_hash.as_str()),
            Some(self.at.as_str()),
            Some(self.user.as_str()),
            Some(self.os_user.as_str()),
            Some(self.action.as_str()),
            Some(self.entity.as_str()),
            self.reference.as_deref(),
            self.entity_id.as_deref(),
            self.before.as_deref(),
            self.after.as_deref(),
        ] {
            // Length-prefixed, so no two different entries hash alike by
            // moving text from one field to the next.
            let bytes = part.map(str::as_bytes);
            match bytes {
                Some(b) => {
                    hasher.update((b.len() as u64).to_le_bytes());
                    hasher.update(b);
                }
                None => hasher.update(u64::MAX.to_le_bytes()),
            }
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What is written: the action, on what, and the values either side.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub reference: Option<&'a str>,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        user: row.get(2)?,
        os_user: row.get(3)?,
        action: row.get(4)?,
        entity: row.get(5)?,
        reference: row.get(6)?,
        entity_id: row.get(7)?,
        before: row.get(8)?,
        after: row.get(9)?,
        prev_hash: row.get(10)?,
        hash: row.get(11)?,
    })
}

const SELECT: &str =
    "SELECT id, at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash FROM audit";

impl Writer<'_> {
    /// Appends an entry, chained to the last one.
    pub fn audit(&mut self, change: Change<'_>) -> Result<(), StoreError> {
        if self.quiet {
            return Ok(());
        }
        let prev_hash: String = self
            .tx
            .prepare_cached("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| GENESIS.to_string());
        let mut entry = AuditEntry {
            id: 0,
            at: self.now.clone(),
            user: self.actor.user.clone(),
            os_user: self.actor.os_user.clone(),
            action: change.action.to_string(),
            entity: change.entity.to_string(),
            reference: change.reference.map(String::from),
            entity_id: change.entity_id,
            before: change.before.map(|v| v.to_string()),
            after: change.after.map(|v| v.to_string()),
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.digest();
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                entry.at,
                entry.user,
                entry.os_user,
                entry.action,
                entry.entity,
                entry.reference,
                entry.entity_id,
                entry.before,
                entry.after,
                entry.prev_hash,
                entry.hash
            ])?;
        Ok(())
    }
}

/// Where the chain is broken, and how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {id} has been altered: its contents no longer match its hash")]
    Altered { id: i64 },
    #[error("the audit entry before entry {id} is missing or has been replaced")]
    Broken { id: i64 },
}

impl Store {
    /// Entries about one child (by reference), or all, oldest first.
    pub fn audit_entries(&self, reference: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        let entries = match reference {
            Some(r) => self
                .conn
                .prepare(&format!("{SELECT} WHERE ref = ?1 ORDER BY id"))?
                .query_map([r], entry)?
                .collect::<Result<_, _>>()?,
            None => self
                .conn
                .prepare(&format!("{SELECT} ORDER BY id"))?
                .query_map([], entry)?
                .collect::<Result<_, _>>()?,
        };
        Ok(entries)
    }

    /// Walks the whole chain; the number of entries, or the first break.
    pub fn verify_audit(&self) -> Result<Result<u64, ChainBreak>, StoreError> {
        let mut statement = self.conn.prepare(&format!("{SELECT} ORDER BY id"))?;
        let mut rows = statement.query([])?;
        let mut previous = GENESIS.to_string();
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let e = entry(row)?;
            if e.prev_hash != previous {
                return Ok(Err(ChainBreak::Broken { id: e.id }));
            }
            if e.digest() != e.hash {
                return Ok(Err(ChainBreak::Altered { id: e.id }));
            }
            previous = e.hash;
            count += 1;
        }
        Ok(Ok(count))
    }
}

/// A child's record as the audit trail keeps it: the import's column names.
pub fn child_json(child: &crate::domain::child::ChildFields) -> Value {
    use crate::domain::date::iso;
    serde_json::json!({
        "ref": child.reference,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.map(iso),
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "disability": child.disability.disabled,
        "disability_note": child.disability.note,
        "legal_status": child.legal_status.code(),
        "placement_type": child.placement_type,
        "looked_after_since": child.looked_after_since.map(iso),
        "worker": child.worker,
        "team": child.team,
        "iro": child.iro,
        "rag": child.rag.map(|r| r.word()),
        "sibling_group": child.sibling_group,
    })
}

/// The fields that differ, as (before, after) objects holding only those.
pub fn diff(before: &Value, after: &Value) -> (Value, Value) {
    let mut old = serde_json::Map::new();
    let mut new = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (key, value) in a {
            let previous = b.get(key).unwrap_or(&Value::Null);
            if previous != value {
                old.insert(key.clone(), previous.clone());
                new.insert(key.clone(), value.clone());
            }
        }
    }
    (Value::Object(old), Value::Object(new))
}
