//! The people of a family network: starting a child's network (with
//! their sibling group), and adding, correcting and removing a person.

use super::{family_of, optional_day};
use crate::{AuditAction, Change, Outcome, RecordRule, StoreError, Writer, audit};
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::family::{Person, PersonId, Sex};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde_json::{Value, json};

fn person_json(family: i64, person: &Person) -> Value {
    json!({
        "family": family,
        "name": person.name,
        "sex": person.sex.code(),
        "date_of_birth": person.date_of_birth.map(iso),
        "deceased": person.deceased,
        "culture": person.culture,
        "language": person.language,
        "religion": person.religion,
        "contact": person.contact,
        "household": person.household,
        "child": person.child.map(|c| c.0),
    })
}

/// The values of a person's row, after `first` (the family an insert
/// puts them in, or the id an update finds them by): the order both the
/// insert and the update name their columns in.
pub(super) fn person_values(first: i64, person: &Person) -> [SqlValue; 11] {
    [
        first.into(),
        person.name.clone().into(),
        person.sex.code().to_string().into(),
        person.date_of_birth.map(iso).into(),
        person.deceased.into(),
        person.culture.clone().into(),
        person.language.clone().into(),
        person.religion.clone().into(),
        person.contact.clone().into(),
        person.household.clone().into(),
        person.child.map(|c| c.0).into(),
    ]
}

/// The person as saved: the name trimmed, and refused if blank.
fn tidy(person: &Person) -> Result<Person, StoreError> {
    let name = person.name.trim();
    if name.is_empty() {
        return Err(StoreError::Refused(RecordRule::PersonUnnamed));
    }
    Ok(Person {
        name: name.to_string(),
        ..person.clone()
    })
}

impl Writer<'_> {
    /// Starts the child's family network if there is none, and puts in
    /// the child, and every child of their sibling group not yet in a
    /// network, as people made from their records. A sibling whose
    /// sibling already has a network joins it. Returns the family's id.
    pub fn ensure_family(&mut self, child: ChildId) -> Result<i64, StoreError> {
        let reference = self.child_reference(child)?;
        let family = match family_of(self.tx, child)? {
            Some(family) => family,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO families DEFAULT VALUES")?
                    .execute([])?;
                let family = self.tx.last_insert_rowid();
                self.audit_with(|| Change {
                    action: AuditAction::Create,
                    entity: "family",
                    reference: Some(&reference),
                    entity_id: Some(family.to_string()),
                    before: None,
                    after: None,
                })?;
                family
            }
        };
        let group: Option<String> = self
            .tx
            .prepare_cached("SELECT sibling_group FROM children WHERE id = ?1 AND sibling_group <> ''")?
            .query_row([child.0], |r| r.get(0))
            .optional()?
            .flatten();
        let mut children = vec![child.0];
        if let Some(group) = group {
            let siblings: Vec<i64> = self
                .tx
                .prepare_cached("SELECT id FROM children WHERE sibling_group = ?1 AND id <> ?2 ORDER BY id")?
                .query_map(params![group, child.0], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            children.extend(siblings);
        }
        for id in children {
            let record = self
                .tx
                .prepare_cached(
                    "SELECT c.ref, c.given_name, c.family_name, c.date_of_birth, c.gender, c.ethnicity, c.religion
                     FROM children c
                     WHERE c.id = ?1 AND NOT EXISTS (SELECT 1 FROM family_people p WHERE p.child_id = c.id)",
                )?
                .query_row([id], |r| {
                    let given: String = r.get(1)?;
                    let family_name: String = r.get(2)?;
                    let gender: Option<String> = r.get(4)?;
                    Ok((
                        r.get::<_, String>(0)?,
                        Person {
                            id: PersonId(0),
                            name: format!("{given} {family_name}"),
                            sex: gender.as_deref().and_then(Sex::parse).unwrap_or(Sex::Unknown),
                            date_of_birth: optional_day(r.get(3)?, "date_of_birth")?,
                            deceased: false,
                            // The record's ethnicity is the nearest thing it
                            // holds; the worker can say more.
                            culture: r.get(5)?,
                            language: None,
                            religion: r.get(6)?,
                            contact: None,
                            household: None,
                            child: Some(ChildId(id)),
                        },
                    ))
                })
                .optional()?;
            if let Some((reference, person)) = record {
                self.insert_person(family, &person, Some(&reference))?;
            }
        }
        Ok(family)
    }

    fn insert_person(
        &mut self,
        family: i64,
        person: &Person,
        reference: Option<&str>,
    ) -> Result<PersonId, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO family_people (family_id, name, sex, date_of_birth, deceased, culture, language,
                                            religion, contact, household, child_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params_from_iter(person_values(family, person)))?;
        let id = PersonId(self.tx.last_insert_rowid());
        self.audit_with(|| Change {
            action: AuditAction::Create,
            entity: "family-person",
            reference,
            entity_id: Some(id.0.to_string()),
            before: None,
            after: Some(person_json(family, person)),
        })?;
        Ok(id)
    }

    /// Checks that `child` may stand as the person `me` (None: a new
    /// person) in `family`, returning their reference.
    fn check_child_link(
        &self,
        family: i64,
        child: ChildId,
        me: Option<PersonId>,
    ) -> Result<String, StoreError> {
        let reference = self.child_reference(child)?;
        let existing: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM family_people WHERE child_id = ?1")?
            .query_row([child.0], |r| r.get(0))
            .optional()?;
        if existing.is_some_and(|id| Some(PersonId(id)) != me) {
            return Err(StoreError::Refused(RecordRule::ChildAlreadyInNetwork));
        }
        if family_of(self.tx, child)?.is_some_and(|f| f != family) {
            return Err(StoreError::Refused(RecordRule::SiblingsInAnotherNetwork));
        }
        Ok(reference)
    }

    /// Adds a person to the family (the id given is ignored); returns
    /// their id.
    pub fn add_person(&mut self, family: i64, person: &Person) -> Result<PersonId, StoreError> {
        let exists: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM families WHERE id = ?1")?
            .query_row([family], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::Refused(RecordRule::NoSuchNetwork));
        }
        let person = tidy(person)?;
        let reference = match person.child {
            Some(child) => Some(self.check_child_link(family, child, None)?),
            None => None,
        };
        self.insert_person(family, &person, reference.as_deref())
    }

    /// Brings the person with `person.id` into line with `person`.
    pub fn update_person(&mut self, person: &Person) -> Result<Outcome, StoreError> {
        let (family, current) = self
            .person_row(person.id)?
            .ok_or_else(|| StoreError::Refused(RecordRule::NoSuchPerson))?;
        let person = tidy(person)?;
        if current == person {
            return Ok(Outcome::Unchanged);
        }
        let reference = match person.child {
            Some(child) => Some(self.check_child_link(family, child, Some(person.id))?),
            None => None,
        };
        self.tx
            .prepare_cached(
                "UPDATE family_people SET name = ?2, sex = ?3, date_of_birth = ?4, deceased = ?5, culture = ?6,
                     language = ?7, religion = ?8, contact = ?9, household = ?10, child_id = ?11
                 WHERE id = ?1",
            )?
            .execute(params_from_iter(person_values(person.id.0, &person)))?;
        self.audit_with(|| {
            let (before, after) = audit::diff(&person_json(family, &current), &person_json(family, &person));
            Change {
                action: AuditAction::Update,
                entity: "family-person",
                reference: reference.as_deref(),
                entity_id: Some(person.id.0.to_string()),
                before: Some(before),
                after: Some(after),
            }
        })?;
        Ok(Outcome::Updated)
    }

    /// Takes a person out of the network, with their parent links,
    /// couples and connections; `false` if there was no such person. The
    /// person standing for a child on the caseload is refused: their
    /// sibling group would bring them straight back.
    pub fn remove_person(&mut self, id: PersonId) -> Result<bool, StoreError> {
        let Some((family, current)) = self.person_row(id)? else {
            return Ok(false);
        };
        if current.child.is_some() {
            return Err(StoreError::Refused(RecordRule::CaseloadChildStays));
        }
        // What goes with them, for the audit entry.
        let links: Vec<(i64, i64)> = self
            .tx
            .prepare_cached(
                "SELECT parent_id, child_id FROM family_parents WHERE parent_id = ?1 OR child_id = ?1",
            )?
            .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let couples: Vec<(i64, i64)> = self
            .tx
            .prepare_cached("SELECT a_id, b_id FROM family_couples WHERE a_id = ?1 OR b_id = ?1")?
            .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let connections: Vec<(i64, i64)> = self
            .tx
            .prepare_cached(
                "SELECT child_person_id, person_id FROM family_connections
                 WHERE child_person_id = ?1 OR person_id = ?1",
            )?
            .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        self.tx
            .prepare_cached("DELETE FROM family_people WHERE id = ?1")?
            .execute([id.0])?;
        let mut before = person_json(family, &current);
        if let Some(map) = before.as_object_mut() {
            map.insert("parent_links".into(), json!(links));
            map.insert("couples".into(), json!(couples));
            map.insert("connections".into(), json!(connections));
        }
        self.audit_with(|| Change {
            action: AuditAction::Delete,
            entity: "family-person",
            reference: None,
            entity_id: Some(id.0.to_string()),
            before: Some(before),
            after: None,
        })?;
        Ok(true)
    }
}
