//! The carers a child lives with, as the record form changes them: every
//! carer known (to pick from), a child's carers with their row ids, and
//! linking a carer to a child or taking the link back. Each link or
//! unlink is audited and moves the child's record version, so that a save
//! made from what a user saw notices someone else's change of carers as
//! it does a change of any other field. A carer row is shared by the
//! children who live with them (siblings): unlinking never deletes it.

use crate::AuditAction;
use crate::audit::Change;
use crate::{Store, StoreError, Writer};
use permanence_domain::child::ChildId;
use permanence_domain::people::Carer;
use rusqlite::{Connection, params};

/// A carer as stored, with their row id.
pub type KnownCarer = (i64, Carer);

fn carer(row: &rusqlite::Row<'_>) -> rusqlite::Result<KnownCarer> {
    Ok((
        row.get(0)?,
        Carer {
            name: row.get(1)?,
            relationship: row.get(2)?,
            connected_person: row.get(3)?,
        },
    ))
}

fn known(conn: &Connection) -> Result<Vec<KnownCarer>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id, name, relationship, connected_person FROM carers ORDER BY name, id")?
        .query_map([], carer)?
        .collect::<Result<_, _>>()?)
}

fn of_child(conn: &Connection, child: ChildId) -> Result<Vec<KnownCarer>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT k.id, k.name, k.relationship, k.connected_person FROM carers k
             JOIN child_carers l ON l.carer_id = k.id WHERE l.child_id = ?1 ORDER BY k.name, k.id",
        )?
        .query_map([child.0], carer)?
        .collect::<Result<_, _>>()?)
}

fn json(carer: &Carer) -> serde_json::Value {
    serde_json::json!({
        "name": carer.name,
        "relationship": carer.relationship,
        "connected_person": carer.connected_person,
    })
}

impl Store {
    /// Every carer known, by name: what the record form's carers pick from.
    pub fn known_carers(&self) -> Result<Vec<KnownCarer>, StoreError> {
        known(&self.conn)
    }

    /// The child's carers, by name, with their row ids.
    pub fn child_carers(&self, child: ChildId) -> Result<Vec<KnownCarer>, StoreError> {
        of_child(&self.conn, child)
    }
}

impl Writer<'_> {
    /// Every carer known, as this transaction sees them.
    pub fn known_carers(&self) -> Result<Vec<KnownCarer>, StoreError> {
        known(self.tx)
    }

    /// The child's carers as this transaction sees them.
    pub fn child_carers(&self, child: ChildId) -> Result<Vec<KnownCarer>, StoreError> {
        of_child(self.tx, child)
    }

    fn moved(&mut self, child: ChildId) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE children SET version = version + 1 WHERE id = ?1")?
            .execute([child.0])?;
        Ok(())
    }

    /// A new carer, living with `child`; returns their row id.
    pub fn new_carer_of(&mut self, child: ChildId, carer: &Carer) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached("INSERT INTO carers (name, relationship, connected_person) VALUES (?1, ?2, ?3)")?
            .execute(params![carer.name, carer.relationship, carer.connected_person])?;
        let id = self.tx.last_insert_rowid();
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::Create,
            entity: "carer",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json(carer)),
        })?;
        self.link_carer(child, id)?;
        Ok(id)
    }

    /// The known carer `carer` now lives with `child` (already so: nothing).
    pub fn link_carer(&mut self, child: ChildId, carer: i64) -> Result<(), StoreError> {
        let linked = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO child_carers (child_id, carer_id) VALUES (?1, ?2)")?
            .execute(params![child.0, carer])?;
        if linked == 0 {
            return Ok(());
        }
        let reference = self.reference_of(child)?;
        let after = of_child(self.tx, child)?
            .into_iter()
            .find(|(id, _)| *id == carer)
            .map(|(_, c)| json(&c));
        self.audit(Change {
            action: AuditAction::Create,
            entity: "child_carer",
            reference: Some(&reference),
            entity_id: Some(carer.to_string()),
            before: None,
            after,
        })?;
        self.moved(child)
    }

    /// The carer `carer` no longer lives with `child`; the carer stays
    /// known (a sibling may still live with them).
    pub fn unlink_carer(&mut self, child: ChildId, carer: i64) -> Result<(), StoreError> {
        let before = of_child(self.tx, child)?
            .into_iter()
            .find(|(id, _)| *id == carer)
            .map(|(_, c)| json(&c));
        let Some(before) = before else {
            return Ok(());
        };
        self.tx
            .prepare_cached("DELETE FROM child_carers WHERE child_id = ?1 AND carer_id = ?2")?
            .execute(params![child.0, carer])?;
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "child_carer",
            reference: Some(&reference),
            entity_id: Some(carer.to_string()),
            before: Some(before),
            after: None,
        })?;
        self.moved(child)
    }
}
