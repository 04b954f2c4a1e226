//! How the people of a network are joined: parent and child (never a
//! person their own ancestor), couples and how they are joined, and what
//! a person is to a child (their connection and part in the plan).

use super::read::{CONNECTION_COLUMNS, connection};
use crate::{AuditAction, Change, Outcome, Pair, RecordRule, StoreError, Writer, audit};
use permanence_domain::date::iso;
use permanence_domain::family::{Connected, Connection, Couple, Partnership, PersonId};
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

fn connection_json(connection: &Connection) -> Value {
    json!({
        "child": connection.child.0,
        "person": connection.person.0,
        "connected": connection.connected.as_ref().map(Connected::code),
        "parental_responsibility": connection.parental_responsibility,
        "viability": connection.viability.map(|(v, _)| v.code()),
        "viability_on": connection.viability.map(|(_, on)| iso(on)),
        "family_time": connection.family_time,
        "potential_carer": connection.potential_carer,
    })
}

impl Writer<'_> {
    /// Records that `parent` is a parent of `child` (by birth or
    /// adoption; a person may have more than two). Refuses a person as
    /// their own parent or ancestor, a link between two networks and a
    /// link already recorded.
    pub fn add_parent(&mut self, parent: PersonId, child: PersonId) -> Result<(), StoreError> {
        self.shared_family(parent, child, Pair::ParentAndChild)?;
        if parent == child {
            return Err(StoreError::Refused(RecordRule::OwnParent));
        }
        let already: Option<i64> = self
            .tx
            .prepare_cached("SELECT 1 FROM family_parents WHERE parent_id = ?1 AND child_id = ?2")?
            .query_row([parent.0, child.0], |r| r.get(0))
            .optional()?;
        if already.is_some() {
            return Err(StoreError::Refused(RecordRule::ParentAlreadyRecorded));
        }
        // The family's links, for the domain's rule: no one their own
        // ancestor.
        let links: Vec<(i64, i64)> = self
            .tx
            .prepare_cached(
                "SELECT l.parent_id, l.child_id FROM family_parents l
                 JOIN family_people p ON p.id = l.child_id
                 WHERE p.family_id = (SELECT family_id FROM family_people WHERE id = ?1)",
            )?
            .query_map([parent.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if permanence_domain::family::would_be_own_ancestor(&links, parent.0, child.0) {
            return Err(StoreError::Refused(RecordRule::OwnAncestor));
        }
        self.tx
            .prepare_cached("INSERT INTO family_parents (parent_id, child_id) VALUES (?1, ?2)")?
            .execute([parent.0, child.0])?;
        self.audit_with(|| Change {
            action: AuditAction::AddParent,
            entity: "family-link",
            reference: None,
            entity_id: Some(format!("{}>{}", parent.0, child.0)),
            before: None,
            after: Some(json!({"parent": parent.0, "child": child.0})),
        })?;
        Ok(())
    }

    /// Takes back a parent link; `false` if there was none.
    pub fn remove_parent(&mut self, parent: PersonId, child: PersonId) -> Result<bool, StoreError> {
        let removed = self
            .tx
            .prepare_cached("DELETE FROM family_parents WHERE parent_id = ?1 AND child_id = ?2")?
            .execute([parent.0, child.0])?;
        if removed == 0 {
            return Ok(false);
        }
        self.audit_with(|| Change {
            action: AuditAction::RemoveParent,
            entity: "family-link",
            reference: None,
            entity_id: Some(format!("{}>{}", parent.0, child.0)),
            before: Some(json!({"parent": parent.0, "child": child.0})),
            after: None,
        })?;
        Ok(true)
    }

    /// Records two people as a couple. A pair is one couple at most:
    /// [`Writer::set_partnership`] changes how they are joined.
    pub fn add_couple(&mut self, couple: Couple) -> Result<(), StoreError> {
        let (a, b) = (couple.a.min(couple.b), couple.a.max(couple.b));
        self.shared_family(a, b, Pair::Couple)?;
        if a == b {
            return Err(StoreError::Refused(RecordRule::CoupleWithSelf));
        }
        if self.partnership(a, b)?.is_some() {
            return Err(StoreError::Refused(RecordRule::AlreadyACouple));
        }
        self.tx
            .prepare_cached("INSERT INTO family_couples (a_id, b_id, partnership) VALUES (?1, ?2, ?3)")?
            .execute(params![a.0, b.0, couple.partnership.code()])?;
        self.audit_with(|| Change {
            action: AuditAction::AddCouple,
            entity: "family-link",
            reference: None,
            entity_id: Some(format!("{}+{}", a.0, b.0)),
            before: None,
            after: Some(json!({"a": a.0, "b": b.0, "partnership": couple.partnership.code()})),
        })?;
        Ok(())
    }

    fn partnership(&self, a: PersonId, b: PersonId) -> Result<Option<String>, StoreError> {
        let (a, b) = (a.min(b), a.max(b));
        Ok(self
            .tx
            .prepare_cached("SELECT partnership FROM family_couples WHERE a_id = ?1 AND b_id = ?2")?
            .query_row([a.0, b.0], |r| r.get(0))
            .optional()?)
    }

    /// Changes how a recorded couple are joined (married, separated, ...).
    pub fn set_partnership(
        &mut self,
        a: PersonId,
        b: PersonId,
        partnership: Partnership,
    ) -> Result<Outcome, StoreError> {
        let (a, b) = (a.min(b), a.max(b));
        let Some(current) = self.partnership(a, b)? else {
            return Err(StoreError::Refused(RecordRule::NotACouple));
        };
        if current == partnership.code() {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached("UPDATE family_couples SET partnership = ?3 WHERE a_id = ?1 AND b_id = ?2")?
            .execute(params![a.0, b.0, partnership.code()])?;
        self.audit_with(|| Change {
            action: AuditAction::UpdateCouple,
            entity: "family-link",
            reference: None,
            entity_id: Some(format!("{}+{}", a.0, b.0)),
            before: Some(json!({"partnership": current})),
            after: Some(json!({"partnership": partnership.code()})),
        })?;
        Ok(Outcome::Updated)
    }

    /// Takes back a couple; `false` if they were not one.
    pub fn remove_couple(&mut self, a: PersonId, b: PersonId) -> Result<bool, StoreError> {
        let (a, b) = (a.min(b), a.max(b));
        let Some(current) = self.partnership(a, b)? else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM family_couples WHERE a_id = ?1 AND b_id = ?2")?
            .execute([a.0, b.0])?;
        self.audit_with(|| Change {
            action: AuditAction::RemoveCouple,
            entity: "family-link",
            reference: None,
            entity_id: Some(format!("{}+{}", a.0, b.0)),
            before: Some(json!({"a": a.0, "b": b.0, "partnership": current})),
            after: None,
        })?;
        Ok(true)
    }

    fn connection_row(&self, child: PersonId, person: PersonId) -> Result<Option<Connection>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {CONNECTION_COLUMNS} FROM family_connections c
                 WHERE c.child_person_id = ?1 AND c.person_id = ?2"
            ))?
            .query_row([child.0, person.0], connection)
            .optional()?)
    }

    /// Records what a person is to a child, and their part in the child's
    /// plan, replacing anything recorded before for the pair.
    pub fn set_connection(&mut self, connection: &Connection) -> Result<Outcome, StoreError> {
        self.shared_family(connection.child, connection.person, Pair::ChildAndConnection)?;
        if connection.child == connection.person {
            return Err(StoreError::Refused(RecordRule::ConnectedToSelf));
        }
        if let Some(Connected::Other(words)) = &connection.connected
            && words.trim().is_empty()
        {
            return Err(StoreError::Refused(RecordRule::ConnectionUnsaid));
        }
        let current = self.connection_row(connection.child, connection.person)?;
        if current.as_ref() == Some(connection) {
            return Ok(Outcome::Unchanged);
        }
        self.write_connection(connection)?;
        let entity_id = Some(format!("{}~{}", connection.child.0, connection.person.0));
        let outcome = match current {
            Some(current) => {
                self.audit_with(|| {
                    let (before, after) =
                        audit::diff(&connection_json(&current), &connection_json(connection));
                    Change {
                        action: AuditAction::Update,
                        entity: "family-connection",
                        reference: None,
                        entity_id,
                        before: Some(before),
                        after: Some(after),
                    }
                })?;
                Outcome::Updated
            }
            None => {
                self.audit_with(|| Change {
                    action: AuditAction::Create,
                    entity: "family-connection",
                    reference: None,
                    entity_id,
                    before: None,
                    after: Some(connection_json(connection)),
                })?;
                Outcome::Created
            }
        };
        Ok(outcome)
    }

    /// Takes back what was recorded between a child and a person; `false`
    /// if nothing was.
    pub fn remove_connection(&mut self, child: PersonId, person: PersonId) -> Result<bool, StoreError> {
        let Some(current) = self.connection_row(child, person)? else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM family_connections WHERE child_person_id = ?1 AND person_id = ?2")?
            .execute([child.0, person.0])?;
        self.audit_with(|| Change {
            action: AuditAction::Delete,
            entity: "family-connection",
            reference: None,
            entity_id: Some(format!("{}~{}", child.0, person.0)),
            before: Some(connection_json(&current)),
            after: None,
        })?;
        Ok(true)
    }
}

impl Writer<'_> {
    /// The pair's row as given, what was recorded for it before replaced:
    /// the one statement both [`Writer::set_connection`] and the bulk
    /// load's `load_connection` write it with.
    pub(super) fn write_connection(&self, connection: &Connection) -> rusqlite::Result<usize> {
        self.tx
            .prepare_cached(
                "INSERT INTO family_connections (child_person_id, person_id, connected, parental_responsibility,
                                                 viability, viability_on, family_time, potential_carer)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (child_person_id, person_id) DO UPDATE SET
                     connected = excluded.connected,
                     parental_responsibility = excluded.parental_responsibility,
                     viability = excluded.viability,
                     viability_on = excluded.viability_on,
                     family_time = excluded.family_time,
                     potential_carer = excluded.potential_carer",
            )?
            .execute(params![
                connection.child.0,
                connection.person.0,
                connection.connected.as_ref().map(Connected::code),
                connection.parental_responsibility,
                connection.viability.map(|(v, _)| v.code()),
                connection.viability.map(|(_, on)| iso(on)),
                connection.family_time,
                connection.potential_carer,
            ])
    }
}
