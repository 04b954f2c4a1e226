//! The single write path. A [`Writer`] exists only inside a transaction
//! opened by [`crate::Store::write`]; nothing else in the program
//! issues INSERT, UPDATE or DELETE.

use crate::AuditAction;
use crate::audit::{self, Actor, Change};
use crate::audit_key::KeyState;
use crate::queries::{self, CHILD_COLUMNS};
use crate::{RecordRule, StoreError};
use permanence_domain::child::ChildFields;
use permanence_domain::people::{Carer, Worker};
use rusqlite::{OptionalExtension, Transaction, params};

/// What a put did to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

pub struct Writer<'tx> {
    pub(super) tx: &'tx Transaction<'tx>,
    pub(super) actor: &'tx Actor,
    /// The audit trail's key: every entry is written with its keyed hash.
    pub(super) audit_key: &'tx KeyState,
    /// When the transaction began (UTC, ISO 8601): every entry it writes
    /// carries the same time.
    pub(super) now: String,
    /// Per-record entries suppressed for a bulk load that writes one
    /// summary entry itself (the synthetic demo).
    pub(super) quiet: bool,
    /// The hash of the last audit entry this write wrote: the next one's
    /// `prev_hash`, without reading the trail back for every entry.
    pub(super) last_hash: Option<String>,
}

impl<'tx> Writer<'tx> {
    pub(super) fn new(
        tx: &'tx Transaction<'tx>,
        actor: &'tx Actor,
        audit_key: &'tx KeyState,
        now: String,
    ) -> Writer<'tx> {
        Writer {
            tx,
            actor,
            audit_key,
            now,
            quiet: false,
            last_hash: None,
        }
    }

    /// Stops per-record audit entries for the rest of this transaction;
    /// the caller writes one entry describing the whole load.
    pub fn bulk_load(&mut self) {
        self.quiet = true;
    }

    /// Writes entries again (after a bulk load, for its summary).
    pub fn end_bulk_load(&mut self) {
        self.quiet = false;
    }

    /// A worker by username, or failing that by display name (both ignoring
    /// case), as a spreadsheet might name them either way.
    pub fn find_worker(&self, name: &str) -> Result<Option<Worker>, StoreError> {
        queries::find_worker(self.tx, name)
    }

    /// Creates the worker or brings their record into line with `worker`.
    pub fn put_worker(&mut self, worker: &Worker) -> Result<Outcome, StoreError> {
        let existing = queries::worker_by_username(self.tx, &worker.username)?;
        match existing {
            Some(current) if current == *worker => Ok(Outcome::Unchanged),
            Some(current) => {
                let (before, after) = audit::diff(&worker_json(&current), &worker_json(worker));
                self.audit(Change {
                    action: AuditAction::Update,
                    entity: "worker",
                    reference: None,
                    entity_id: Some(worker.username.clone()),
                    before: Some(before),
                    after: Some(after),
                })?;
                self.tx
                    .prepare_cached(
                        "UPDATE workers SET display_name = ?2, role = ?3, team = ?4 WHERE username = ?1",
                    )?
                    .execute(params![
                        worker.username,
                        worker.display_name,
                        worker.role.code(),
                        worker.team
                    ])?;
                Ok(Outcome::Updated)
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO workers (username, display_name, role, team) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![
                        worker.username,
                        worker.display_name,
                        worker.role.code(),
                        worker.team
                    ])?;
                self.audit(Change {
                    action: AuditAction::Create,
                    entity: "worker",
                    reference: None,
                    entity_id: Some(worker.username.clone()),
                    before: None,
                    after: Some(worker_json(worker)),
                })?;
                Ok(Outcome::Created)
            }
        }
    }

    /// Removes a worker, in the same transaction as its audit entry, and
    /// only when nothing is left pointing at them: the last administrator
    /// stays (the database's own trigger refuses it too, whatever writes),
    /// and a worker still allocated children or an IRO's cases keeps their
    /// record until those are reallocated, so no child silently becomes
    /// "Unallocated". Past audit entries name them by username and stay.
    pub fn remove_worker(&mut self, username: &str) -> Result<Worker, StoreError> {
        let Some(worker) = queries::worker_by_username(self.tx, username)? else {
            return Err(StoreError::NoSuchWorker(username.to_string()));
        };
        let admins: i64 =
            self.tx
                .query_row("SELECT count(*) FROM workers WHERE role = 'admin'", [], |r| {
                    r.get(0)
                })?;
        if worker.role == permanence_domain::people::Role::Admin && admins <= 1 {
            return Err(RecordRule::LastAdministrator(username.to_string()).into());
        }
        let (allocated, reviewed): (i64, i64) = self.tx.query_row(
            "SELECT (SELECT count(*) FROM children c WHERE c.worker_id = w.id),
                    (SELECT count(*) FROM children c WHERE c.iro_id = w.id)
             FROM workers w WHERE w.username = ?1",
            [username],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if allocated + reviewed > 0 {
            return Err(RecordRule::StillAllocated {
                username: username.to_string(),
                allocated,
                reviewed,
            }
            .into());
        }
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "worker",
            reference: None,
            entity_id: Some(worker.username.clone()),
            before: Some(worker_json(&worker)),
            after: None,
        })?;
        self.tx
            .prepare_cached("DELETE FROM workers WHERE username = ?1")?
            .execute([username])?;
        Ok(worker)
    }

    pub fn child_by_ref(&self, reference: &str) -> Result<Option<ChildFields>, StoreError> {
        queries::child_fields_by_ref(self.tx, reference)
    }

    /// Creates the child or brings their record into line with `child`,
    /// matched on the reference. An identical record is left untouched, so
    /// its version does not move.
    pub fn put_child(&mut self, child: &ChildFields) -> Result<Outcome, StoreError> {
        let existing = self.child_by_ref(&child.reference)?;
        if existing.as_ref() == Some(child) {
            return Ok(Outcome::Unchanged);
        }
        let worker_id = self.worker_id(child.worker.as_deref())?;
        let iro_id = self.worker_id(child.iro.as_deref())?;
        let values = params![
            child.reference,
            child.given_name,
            child.family_name,
            child.date_of_birth.map(permanence_domain::date::iso),
            child.gender,
            child.ethnicity,
            child.religion,
            child.disability.disabled,
            child.disability.note,
            child.legal_status.code(),
            child.placement_type,
            child.looked_after_since.map(permanence_domain::date::iso),
            worker_id,
            child.team,
            iro_id,
            child.rag.map(|r| r.word()),
            child.sibling_group,
        ];
        if let Some(before) = &existing {
            let (old, new) = audit::diff(&audit::child_json(before), &audit::child_json(child));
            let only_rag = new
                .as_object()
                .is_some_and(|m| m.len() == 1 && m.contains_key("rag"));
            self.audit(Change {
                action: if only_rag {
                    AuditAction::RagChange
                } else {
                    AuditAction::Update
                },
                entity: "child",
                reference: Some(&child.reference),
                entity_id: None,
                before: Some(old),
                after: Some(new),
            })?;
            let assignments = CHILD_COLUMNS
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, column)| format!("{column} = ?{}", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("UPDATE children SET {assignments}, version = version + 1 WHERE ref = ?1");
            self.tx.prepare_cached(&sql)?.execute(values)?;
            Ok(Outcome::Updated)
        } else {
            let placeholders = (1..=CHILD_COLUMNS.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO children ({}) VALUES ({placeholders})",
                CHILD_COLUMNS.join(", ")
            );
            self.tx.prepare_cached(&sql)?.execute(values)?;
            self.audit(Change {
                action: AuditAction::Create,
                entity: "child",
                reference: Some(&child.reference),
                entity_id: None,
                before: None,
                after: Some(audit::child_json(child)),
            })?;
            Ok(Outcome::Created)
        }
    }

    /// Adds a carer and links them to the children with these references.
    pub fn add_carer(&mut self, carer: &Carer, child_refs: &[&str]) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("INSERT INTO carers (name, relationship, connected_person) VALUES (?1, ?2, ?3)")?
            .execute(params![carer.name, carer.relationship, carer.connected_person])?;
        let carer_id = self.tx.last_insert_rowid();
        for reference in child_refs {
            let linked = self
                .tx
                .prepare_cached("INSERT INTO child_carers (child_id, carer_id) SELECT id, ?2 FROM children WHERE ref = ?1")?
                .execute(params![reference, carer_id])?;
            if linked == 0 {
                return Err(StoreError::NoSuchChild((*reference).to_string()));
            }
            self.audit(Change {
                action: AuditAction::Create,
                entity: "carer",
                reference: Some(reference),
                entity_id: Some(carer_id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "name": carer.name,
                    "relationship": carer.relationship,
                    "connected_person": carer.connected_person,
                })),
            })?;
        }
        Ok(())
    }

    fn worker_id(&self, username: Option<&str>) -> Result<Option<i64>, StoreError> {
        let Some(username) = username else {
            return Ok(None);
        };
        let id = self
            .tx
            .prepare_cached("SELECT id FROM workers WHERE username = ?1")?
            .query_row([username], |r| r.get(0))
            .optional()?;
        id.map(Some)
            .ok_or_else(|| StoreError::NoSuchWorker(username.to_string()))
    }
}

fn worker_json(worker: &Worker) -> serde_json::Value {
    serde_json::json!({
        "username": worker.username,
        "display_name": worker.display_name,
        "role": worker.role.code(),
        "team": worker.team,
    })
}

#[cfg(test)]
mod tests {
    use crate::{RecordRule, Store, StoreError};
    use permanence_domain::child::ChildFields;
    use permanence_domain::people::{Role, Worker};

    fn worker(username: &str, role: Role) -> Worker {
        Worker {
            username: username.into(),
            display_name: username.to_uppercase(),
            role,
            team: None,
        }
    }

    #[test]
    fn a_worker_is_removed_only_when_nothing_needs_them_and_the_removal_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        for (name, role) in [
            ("ada", Role::Admin),
            ("ian", Role::Iro),
            ("sam", Role::SocialWorker),
        ] {
            store.write(|w| w.put_worker(&worker(name, role))).unwrap();
        }
        let child = ChildFields {
            reference: "A1".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            iro: Some("ian".into()),
            ..ChildFields::default()
        };
        store.write(|w| w.put_child(&child)).unwrap();
        let entries = store.audit_entries(None).unwrap().len();

        let refused = |store: &mut Store, name: &str| match store.write(|w| w.remove_worker(name)) {
            Err(StoreError::Refused(rule)) => rule,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let iro = refused(&mut store, "ian");
        assert_eq!(
            iro,
            RecordRule::StillAllocated {
                username: "ian".into(),
                allocated: 0,
                reviewed: 1
            }
        );
        assert!(
            iro.to_string()
                .starts_with("ian still has children allocated (1 as their IRO), so they were not removed"),
            "{iro}"
        );
        let admin = refused(&mut store, "ada");
        assert_eq!(admin, RecordRule::LastAdministrator("ada".into()));
        assert!(
            admin
                .to_string()
                .starts_with("ada is the only administrator, so they cannot be removed"),
            "{admin}"
        );
        assert!(matches!(
            store.write(|w| w.remove_worker("ghost")),
            Err(StoreError::NoSuchWorker(_))
        ));
        assert_eq!(
            store.audit_entries(None).unwrap().len(),
            entries,
            "refusals write nothing"
        );

        let removed = store.write(|w| w.remove_worker("sam")).unwrap();
        assert_eq!(removed.username, "sam");
        assert!(store.worker("sam").unwrap().is_none());
        let trail = store.audit_entries(None).unwrap();
        assert_eq!(trail.len(), entries + 1);
        let last = trail.last().unwrap();
        assert_eq!(
            (
                last.action.as_str(),
                last.entity.as_str(),
                last.entity_id.as_deref()
            ),
            ("delete", "worker", Some("sam"))
        );
    }
}
