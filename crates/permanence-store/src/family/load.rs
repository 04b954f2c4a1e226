//! The family writes of a bulk load ([`Writer::bulk_load`], the demo's):
//! the same rows as the single saves write, without the reads a single
//! save makes only to say what changed in its own audit entry, which a
//! bulk load never writes. Each is one `INSERT ... VALUES` of one row:
//! the rules the schema holds (a network or child that exists, a name,
//! a paper code) are left to it, and the rules it does not (both people
//! in one network, no one their own ancestor, a link or couple not
//! already there) are asked in one read before. (`INSERT ... SELECT ...
//! WHERE rules` was tried first: SQLite keeps a statement journal for
//! such an insert, a copy of every page it changes, which cost more than
//! the read saved.) Where a rule says no, or the row was there already,
//! the single save is made instead, so a refusal is the same
//! [`StoreError::Refused`] with the same rule as ever. Outside a bulk
//! load each is the single save itself.

use super::people::person_values;
use super::read::person;
use super::{GatewayPanelRow, WrittenEntryFields};
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::family::{Connected, Connection, Couple, Person, PersonId};
use rusqlite::{ErrorCode, OptionalExtension, params, params_from_iter};

/// Whether SQLite refused a write for a constraint of the schema's (a
/// network or child that does not exist, a blank name, a bad code): the
/// single save then says which rule.
fn schema_said_no(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}

impl Writer<'_> {
    /// As [`Writer::add_person`]: a person who is not a caseload child,
    /// into a network that exists.
    pub fn load_person(&mut self, family: i64, person: &Person) -> Result<PersonId, StoreError> {
        if !self.quiet || person.child.is_some() || person.name.trim() != person.name {
            return self.add_person(family, person);
        }
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO family_people (family_id, name, sex, date_of_birth, deceased, culture, language,
                                            religion, contact, household, child_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            // The person's columns as the single save binds them (no child:
            // a person standing for one goes through the single save).
            .execute(params_from_iter(person_values(family, person)));
        match written {
            Ok(_) => Ok(PersonId(self.tx.last_insert_rowid())),
            Err(e) if schema_said_no(&e) => self.add_person(family, person),
            Err(e) => Err(e.into()),
        }
    }

    /// As [`Writer::update_person`], for a person whose caseload child
    /// (or none) stays as stored: the child's link was checked when it
    /// was made and is not changed here. Any other change of link goes
    /// through [`Writer::update_person`].
    pub fn load_person_update(&mut self, person: &Person) -> Result<(), StoreError> {
        if !self.quiet || person.name.trim() != person.name {
            return self.update_person(person).map(|_| ());
        }
        let written = self
            .tx
            .prepare_cached(
                "UPDATE family_people SET name = ?2, sex = ?3, date_of_birth = ?4, deceased = ?5, culture = ?6,
                     language = ?7, religion = ?8, contact = ?9, household = ?10
                 WHERE id = ?1 AND child_id IS ?11 AND ?2 <> ''",
            )?
            .execute(params_from_iter(person_values(person.id.0, person)))?;
        if written == 0 {
            self.update_person(person)?;
        }
        Ok(())
    }

    /// As [`Writer::add_parent`]: both in one network, not the same
    /// person, not linked already, and `child` not among `parent`'s
    /// ancestors (walking up the links of that network, as the single
    /// save does). A parent with no parents recorded yet has no
    /// ancestors to walk, and then the walk is not made: nearly every
    /// link the demo writes (each parent linked to their children before
    /// their own parents are added).
    pub fn load_parent(&mut self, parent: PersonId, child: PersonId) -> Result<(), StoreError> {
        if !self.quiet {
            return self.add_parent(parent, child);
        }
        let free: Option<bool> = self
            .tx
            .prepare_cached(
                "SELECT (SELECT family_id FROM family_people WHERE id = ?1)
                        = (SELECT family_id FROM family_people WHERE id = ?2)
                    AND ?1 <> ?2
                    AND NOT EXISTS (SELECT 1 FROM family_parents WHERE parent_id = ?1 AND child_id = ?2)
                    AND (NOT EXISTS (SELECT 1 FROM family_parents WHERE child_id = ?1)
                         OR NOT EXISTS (
                             WITH RECURSIVE up (id) AS (
                                 SELECT ?1
                                 UNION
                                 SELECT l.parent_id FROM up
                                 JOIN family_parents l ON l.child_id = up.id
                                 JOIN family_people p ON p.id = l.child_id
                                     AND p.family_id = (SELECT family_id FROM family_people WHERE id = ?1)
                             )
                             SELECT 1 FROM up WHERE id = ?2))",
            )?
            .query_row([parent.0, child.0], |r| r.get(0))?;
        if free != Some(true) {
            return self.add_parent(parent, child);
        }
        self.tx
            .prepare_cached("INSERT INTO family_parents (parent_id, child_id) VALUES (?1, ?2)")?
            .execute([parent.0, child.0])?;
        Ok(())
    }

    /// As [`Writer::add_couple`]: two people of one network, not yet a
    /// couple.
    pub fn load_couple(&mut self, couple: Couple) -> Result<(), StoreError> {
        if !self.quiet {
            return self.add_couple(couple);
        }
        let (a, b) = (couple.a.min(couple.b), couple.a.max(couple.b));
        let free: Option<bool> = self
            .tx
            .prepare_cached(
                "SELECT ?1 <> ?2
                    AND (SELECT family_id FROM family_people WHERE id = ?1)
                        = (SELECT family_id FROM family_people WHERE id = ?2)
                    AND NOT EXISTS (SELECT 1 FROM family_couples WHERE a_id = ?1 AND b_id = ?2)",
            )?
            .query_row([a.0, b.0], |r| r.get(0))?;
        if free != Some(true) {
            return self.add_couple(couple);
        }
        self.tx
            .prepare_cached("INSERT INTO family_couples (a_id, b_id, partnership) VALUES (?1, ?2, ?3)")?
            .execute(params![a.0, b.0, couple.partnership.code()])?;
        Ok(())
    }

    /// As [`Writer::set_connection`]: a child and another person of one
    /// network, what is recorded for the pair replaced.
    pub fn load_connection(&mut self, connection: &Connection) -> Result<(), StoreError> {
        let unsaid =
            matches!(&connection.connected, Some(Connected::Other(words)) if words.trim().is_empty());
        if !self.quiet || unsaid || connection.child == connection.person {
            return self.set_connection(connection).map(|_| ());
        }
        let together: Option<bool> = self
            .tx
            .prepare_cached(
                "SELECT (SELECT family_id FROM family_people WHERE id = ?1)
                        = (SELECT family_id FROM family_people WHERE id = ?2)",
            )?
            .query_row([connection.child.0, connection.person.0], |r| r.get(0))?;
        if together != Some(true) {
            return self.set_connection(connection).map(|_| ());
        }
        self.write_connection(connection)?;
        Ok(())
    }

    /// As [`Writer::add_chronology_entry`], for a child on the caseload.
    pub fn load_chronology_entry(
        &mut self,
        child: ChildId,
        entry: &WrittenEntryFields,
    ) -> Result<i64, StoreError> {
        if !self.quiet || entry.what.trim().is_empty() || entry.kind.trim().is_empty() {
            return self.add_chronology_entry(child, entry);
        }
        let written = self.insert_chronology_entry(child, entry);
        match written {
            Ok(id) => Ok(id),
            Err(e) if schema_said_no(&e) => self.add_chronology_entry(child, entry),
            Err(e) => Err(e.into()),
        }
    }

    /// As [`Writer::set_chronology_mark`], for a child on the caseload.
    pub fn load_chronology_mark(&mut self, child: ChildId, key: &str) -> Result<(), StoreError> {
        if !self.quiet || key.is_empty() {
            return self.set_chronology_mark(child, key).map(|_| ());
        }
        // OR IGNORE passes over a mark already there, never a child that
        // is not: a foreign key is not a conflict it ignores.
        let written = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO chronology_marks (child_id, entry_key) VALUES (?1, ?2)")?
            .execute(params![child.0, key]);
        match written {
            Ok(1) => Ok(()),
            Ok(_) => self.set_chronology_mark(child, key).map(|_| ()),
            Err(e) if schema_said_no(&e) => self.set_chronology_mark(child, key).map(|_| ()),
            Err(e) => Err(e.into()),
        }
    }

    /// As [`Writer::set_gateway_paper`], for a child on the caseload.
    pub fn load_gateway_paper(
        &mut self,
        child: ChildId,
        paper: &str,
        dated: Option<NaiveDate>,
    ) -> Result<(), StoreError> {
        if !self.quiet || !super::gateway::is_kebab(paper) {
            return self.set_gateway_paper(child, paper, dated).map(|_| ());
        }
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO gateway_papers (child_id, paper, dated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id, paper) DO UPDATE SET dated = excluded.dated",
            )?
            .execute(params![child.0, paper, dated.map(iso)]);
        match written {
            Ok(_) => Ok(()),
            Err(e) if schema_said_no(&e) => self.set_gateway_paper(child, paper, dated).map(|_| ()),
            Err(e) => Err(e.into()),
        }
    }

    /// As [`Writer::set_gateway_panel`], for a child on the caseload.
    pub fn load_gateway_panel(&mut self, child: ChildId, panel: GatewayPanelRow) -> Result<(), StoreError> {
        if !self.quiet {
            return self.set_gateway_panel(child, panel).map(|_| ());
        }
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO gateway_panels (child_id, panel_date, pre_proceedings) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id) DO UPDATE SET
                     panel_date = excluded.panel_date, pre_proceedings = excluded.pre_proceedings",
            )?
            .execute(params![child.0, iso(panel.panel_date), panel.pre_proceedings]);
        match written {
            Ok(_) => Ok(()),
            Err(e) if schema_said_no(&e) => self.set_gateway_panel(child, panel).map(|_| ()),
            Err(e) => Err(e.into()),
        }
    }

    /// The person standing for a caseload child in this network, if they
    /// are in it: one row, where [`Writer::network`] reads the whole
    /// network (a bulk load that has just put the child in knows which).
    pub fn network_child(&self, family: i64, child: ChildId) -> Result<Option<Person>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, name, sex, date_of_birth, deceased, culture, language, religion, contact, household,
                        child_id
                 FROM family_people WHERE child_id = ?1 AND family_id = ?2",
            )?
            .query_row([child.0, family], person)
            .optional()?)
    }
}
