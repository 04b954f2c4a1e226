//! A child's family network, the family meetings held with it, the
//! chronology entries workers write (with the entries marked for the
//! Child Permanence Report) and the Legal Gateway's papers and panel.
//!
//! A network belongs to a sibling group or to one child. It is found
//! through the person standing for the child, or failing that through any
//! sibling's person, so children in one sibling group share one network
//! and nobody in it is typed twice. Every change is audited; refusals are
//! [`StoreError::Refused`] with the [`RecordRule`] that said no (whose
//! words name no one), and are
//! returned before anything is written, so the whole change rolls back.

use crate::AuditAction;
use crate::audit;
use crate::{Change, Outcome, Pair, RecordRule, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::family::{
    Connected, Connection, Couple, Network, ParentOf, Partnership, Person, PersonId, Sex, Viability,
};
use permanence_domain::family_meeting::{
    FamilyMeeting, FamilyMeetingKind, MeetingOutcome, NewFamilyMeeting, NewOutcome,
};
use permanence_domain::plan::PlanId;
use rusqlite::{Connection as Db, OptionalExtension, Row, params};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A chronology entry a worker wrote, as stored: the columns, for the
/// chronology to turn into its own entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEntryRow {
    pub id: i64,
    pub child: ChildId,
    pub on_date: NaiveDate,
    pub what: String,
    pub kind: String,
    pub source: Option<String>,
    /// The username of whoever wrote it.
    pub recorded_by: Option<String>,
    pub verified: bool,
    /// When it was written (UTC, ISO 8601).
    pub recorded_at: Option<String>,
}

/// What a worker writes, or corrects, in a chronology entry. Who wrote it
/// and when are taken from the write itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEntryFields {
    pub on_date: NaiveDate,
    pub what: String,
    pub kind: String,
    pub source: Option<String>,
    pub verified: bool,
}

/// The Legal Gateway panel a child is going to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayPanelRow {
    pub panel_date: NaiveDate,
    pub pre_proceedings: bool,
}

fn corrupt(column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{column}: cannot read {text:?}").into(),
    )
}

use super::day::day;

fn optional_day(text: Option<String>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    super::day::optional_day(text.as_deref(), column)
}

const PERSON_COLUMNS: &str =
    "id, name, sex, date_of_birth, deceased, culture, language, religion, contact, household, child_id";

fn person(row: &Row<'_>) -> rusqlite::Result<Person> {
    let sex: String = row.get(2)?;
    Ok(Person {
        id: PersonId(row.get(0)?),
        name: row.get(1)?,
        sex: Sex::parse(&sex).ok_or_else(|| corrupt("sex", &sex))?,
        date_of_birth: optional_day(row.get(3)?, "date_of_birth")?,
        deceased: row.get(4)?,
        culture: row.get(5)?,
        language: row.get(6)?,
        religion: row.get(7)?,
        contact: row.get(8)?,
        household: row.get(9)?,
        child: row.get::<_, Option<i64>>(10)?.map(ChildId),
    })
}

const CONNECTION_COLUMNS: &str = "c.child_person_id, c.person_id, c.connected, c.parental_responsibility,
     c.viability, c.viability_on, c.family_time, c.potential_carer";

fn connection(row: &Row<'_>) -> rusqlite::Result<Connection> {
    let viability = match (row.get::<_, Option<String>>(4)?, row.get::<_, Option<String>>(5)?) {
        (Some(v), Some(on)) => Some((
            Viability::parse(&v).ok_or_else(|| corrupt("viability", &v))?,
            day(&on, "viability_on")?,
        )),
        (None, None) => None,
        (v, on) => return Err(corrupt("viability", &format!("{v:?} on {on:?}"))),
    };
    Ok(Connection {
        child: PersonId(row.get(0)?),
        person: PersonId(row.get(1)?),
        connected: row
            .get::<_, Option<String>>(2)?
            .map(|words| Connected::parse(&words)),
        parental_responsibility: row.get(3)?,
        viability,
        family_time: row.get(6)?,
        potential_carer: row.get(7)?,
    })
}

/// The child's family: through their own person, or failing that through
/// a sibling's (the lowest-numbered family, should siblings somehow be in
/// two).
fn family_of(conn: &Db, child: ChildId) -> Result<Option<i64>, StoreError> {
    let own = conn
        .prepare_cached("SELECT family_id FROM family_people WHERE child_id = ?1")?
        .query_row([child.0], |r| r.get(0))
        .optional()?;
    if own.is_some() {
        return Ok(own);
    }
    Ok(conn
        .prepare_cached(
            "SELECT p.family_id FROM children me
             JOIN children sibling ON sibling.sibling_group = me.sibling_group AND sibling.id <> me.id
             JOIN family_people p ON p.child_id = sibling.id
             WHERE me.id = ?1 AND me.sibling_group <> ''
             ORDER BY p.family_id LIMIT 1",
        )?
        .query_row([child.0], |r| r.get(0))
        .optional()?)
}

fn network_of(conn: &Db, family: i64) -> Result<Network, StoreError> {
    let people = conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM family_people WHERE family_id = ?1 ORDER BY id"
        ))?
        .query_map([family], person)?
        .collect::<Result<_, _>>()?;
    let parents = conn
        .prepare_cached(
            "SELECT l.parent_id, l.child_id FROM family_parents l
             JOIN family_people p ON p.id = l.child_id
             WHERE p.family_id = ?1 ORDER BY l.child_id, l.parent_id",
        )?
        .query_map([family], |r| {
            Ok(ParentOf {
                parent: PersonId(r.get(0)?),
                child: PersonId(r.get(1)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let couples = conn
        .prepare_cached(
            "SELECT c.a_id, c.b_id, c.partnership FROM family_couples c
             JOIN family_people p ON p.id = c.a_id
             WHERE p.family_id = ?1 ORDER BY c.a_id, c.b_id",
        )?
        .query_map([family], |r| {
            let partnership: String = r.get(2)?;
            Ok(Couple {
                a: PersonId(r.get(0)?),
                b: PersonId(r.get(1)?),
                partnership: Partnership::parse(&partnership)
                    .ok_or_else(|| corrupt("partnership", &partnership))?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let connections = conn
        .prepare_cached(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM family_connections c
             JOIN family_people p ON p.id = c.child_person_id
             WHERE p.family_id = ?1 ORDER BY c.child_person_id, c.person_id"
        ))?
        .query_map([family], connection)?
        .collect::<Result<_, _>>()?;
    Ok(Network {
        people,
        parents,
        couples,
        connections,
    })
}

fn network_of_child(conn: &Db, child: ChildId) -> Result<Network, StoreError> {
    match family_of(conn, child)? {
        Some(family) => network_of(conn, family),
        None => Ok(Network::default()),
    }
}

fn meetings_of(conn: &Db, family: i64) -> Result<Vec<FamilyMeeting>, StoreError> {
    let heads: Vec<(i64, String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT id, kind, held_on, attended, notes FROM family_meetings
             WHERE family_id = ?1 ORDER BY held_on DESC, id DESC",
        )?
        .query_map([family], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut outcomes = conn.prepare_cached(
        "SELECT id, text, due, child_id, item_key FROM family_meeting_outcomes
         WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let mut meetings = Vec::with_capacity(heads.len());
    for (id, kind, held_on, attended, notes) in heads {
        let kind = FamilyMeetingKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("family meeting kind {kind:?}")))?;
        let held_on = day(&held_on, "held_on")?;
        let outcomes = outcomes
            .query_map([id], |r| {
                Ok(MeetingOutcome {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    due: optional_day(r.get(2)?, "due")?,
                    child: r.get::<_, Option<i64>>(3)?.map(ChildId),
                    item_key: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        meetings.push(FamilyMeeting {
            id,
            kind,
            held_on,
            attended: attended
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect(),
            notes,
            outcomes,
        });
    }
    Ok(meetings)
}

fn entry_row(row: &Row<'_>) -> rusqlite::Result<WrittenEntryRow> {
    Ok(WrittenEntryRow {
        id: row.get(0)?,
        child: ChildId(row.get(1)?),
        on_date: day(&row.get::<_, String>(2)?, "on_date")?,
        what: row.get(3)?,
        kind: row.get(4)?,
        source: row.get(5)?,
        recorded_by: row.get(6)?,
        verified: row.get(7)?,
        recorded_at: row.get(8)?,
    })
}

const ENTRY_SELECT: &str = "SELECT id, child_id, on_date, what, kind, source, recorded_by, verified, recorded_at FROM chronology_entries";

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

fn entry_json(entry: &WrittenEntryFields) -> Value {
    json!({
        "on_date": iso(entry.on_date),
        "what": entry.what,
        "kind": entry.kind,
        "source": entry.source,
        "verified": entry.verified,
    })
}

/// `a-paper-code`: lower-case letters and digits in words joined by
/// single hyphens, as the gateway's list names its papers.
fn is_kebab(code: &str) -> bool {
    !code.is_empty()
        && code.split('-').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
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

fn check_entry(entry: &WrittenEntryFields) -> Result<(), StoreError> {
    if entry.what.trim().is_empty() {
        return Err(StoreError::Refused(RecordRule::EntryUnsaid));
    }
    if entry.kind.trim().is_empty() {
        return Err(StoreError::Refused(RecordRule::EntryKindUnsaid));
    }
    Ok(())
}

impl Store {
    /// The family network the child belongs to, if one has been started.
    pub fn family_id(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        family_of(&self.conn, child)
    }

    /// The child's family network; empty if none has been started for the
    /// child or any of their sibling group.
    pub fn network(&self, child: ChildId) -> Result<Network, StoreError> {
        network_of_child(&self.conn, child)
    }

    /// The family meetings of the child's network, latest first.
    pub fn family_meetings(&self, child: ChildId) -> Result<Vec<FamilyMeeting>, StoreError> {
        match family_of(&self.conn, child)? {
            Some(family) => meetings_of(&self.conn, family),
            None => Ok(Vec::new()),
        }
    }

    /// The chronology entries workers wrote for the child, by date.
    pub fn chronology_entries(&self, child: ChildId) -> Result<Vec<WrittenEntryRow>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{ENTRY_SELECT} WHERE child_id = ?1 ORDER BY on_date, id"
            ))?
            .query_map([child.0], entry_row)?
            .collect::<Result<_, _>>()?)
    }

    /// The keys of the child's chronology entries marked for the CPR.
    pub fn chronology_marks(&self, child: ChildId) -> Result<BTreeSet<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT entry_key FROM chronology_marks WHERE child_id = ?1")?
            .query_map([child.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// The child's Legal Gateway papers, by code, with their dates (none
    /// for a paper ticked as not applying).
    pub fn gateway_papers(&self, child: ChildId) -> Result<BTreeMap<String, Option<NaiveDate>>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT paper, dated FROM gateway_papers WHERE child_id = ?1")?
            .query_map([child.0], |r| {
                let dated = r.get::<_, Option<String>>(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    dated.map(|d| day(&d, "dated")).transpose()?,
                ))
            })?
            .collect::<Result<_, _>>()?)
    }

    /// The Legal Gateway panel the child is going to, if one is set.
    pub fn gateway_panel(&self, child: ChildId) -> Result<Option<GatewayPanelRow>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT panel_date, pre_proceedings FROM gateway_panels WHERE child_id = ?1")?
            .query_row([child.0], |r| {
                Ok(GatewayPanelRow {
                    panel_date: day(&r.get::<_, String>(0)?, "panel_date")?,
                    pre_proceedings: r.get(1)?,
                })
            })
            .optional()?)
    }
}

impl Writer<'_> {
    /// As [`Store::family_id`], inside this write.
    pub fn family_id(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        family_of(self.tx, child)
    }

    /// As [`Store::network`], inside this write.
    pub fn network(&self, child: ChildId) -> Result<Network, StoreError> {
        network_of_child(self.tx, child)
    }

    /// The child's reference, for the audit entry; refuses a child that
    /// is not on the caseload.
    fn child_reference(&self, child: ChildId) -> Result<String, StoreError> {
        self.tx
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Refused(RecordRule::ChildNotOnCaseload))
    }

    fn person_row(&self, id: PersonId) -> Result<Option<(i64, Person)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS}, family_id FROM family_people WHERE id = ?1"
            ))?
            .query_row([id.0], |r| Ok((r.get(11)?, person(r)?)))
            .optional()?)
    }

    fn family_of_person(&self, id: PersonId) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached("SELECT family_id FROM family_people WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Refused(RecordRule::NoSuchPerson))
    }

    /// The family both people are in; refuses two families.
    fn shared_family(&self, a: PersonId, b: PersonId, pair: Pair) -> Result<i64, StoreError> {
        let family = self.family_of_person(a)?;
        if self.family_of_person(b)? != family {
            return Err(StoreError::Refused(RecordRule::DifferentNetworks(pair)));
        }
        Ok(family)
    }

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
                self.audit(Change {
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
            .execute(params![
                family,
                person.name,
                person.sex.code(),
                person.date_of_birth.map(iso),
                person.deceased,
                person.culture,
                person.language,
                person.religion,
                person.contact,
                person.household,
                person.child.map(|c| c.0),
            ])?;
        let id = PersonId(self.tx.last_insert_rowid());
        self.audit(Change {
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
            .execute(params![
                person.id.0,
                person.name,
                person.sex.code(),
                person.date_of_birth.map(iso),
                person.deceased,
                person.culture,
                person.language,
                person.religion,
                person.contact,
                person.household,
                person.child.map(|c| c.0),
            ])?;
        let (before, after) = audit::diff(&person_json(family, &current), &person_json(family, &person));
        self.audit(Change {
            action: AuditAction::Update,
            entity: "family-person",
            reference: reference.as_deref(),
            entity_id: Some(person.id.0.to_string()),
            before: Some(before),
            after: Some(after),
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
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "family-person",
            reference: None,
            entity_id: Some(id.0.to_string()),
            before: Some(before),
            after: None,
        })?;
        Ok(true)
    }

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
        self.audit(Change {
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
        self.audit(Change {
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
        self.audit(Change {
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
        self.audit(Change {
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
        self.audit(Change {
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
            ])?;
        let entity_id = Some(format!("{}~{}", connection.child.0, connection.person.0));
        let outcome = match current {
            Some(current) => {
                let (before, after) = audit::diff(&connection_json(&current), &connection_json(connection));
                self.audit(Change {
                    action: AuditAction::Update,
                    entity: "family-connection",
                    reference: None,
                    entity_id,
                    before: Some(before),
                    after: Some(after),
                })?;
                Outcome::Updated
            }
            None => {
                self.audit(Change {
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
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "family-connection",
            reference: None,
            entity_id: Some(format!("{}~{}", child.0, person.0)),
            before: Some(connection_json(&current)),
            after: None,
        })?;
        Ok(true)
    }

    /// Records a family meeting held with the child's network (starting
    /// the network if need be); returns the meeting's id.
    pub fn add_family_meeting(
        &mut self,
        child: ChildId,
        meeting: &NewFamilyMeeting,
    ) -> Result<i64, StoreError> {
        let family = self.ensure_family(child)?;
        let reference = self.child_reference(child)?;
        self.tx
            .prepare_cached(
                "INSERT INTO family_meetings (family_id, kind, held_on, attended, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                family,
                meeting.kind.code(),
                iso(meeting.held_on),
                meeting.attended.join("\n"),
                meeting.notes,
            ])?;
        let id = self.tx.last_insert_rowid();
        self.audit(Change {
            action: AuditAction::Create,
            entity: "family-meeting",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "family": family,
                "kind": meeting.kind.code(),
                "held_on": iso(meeting.held_on),
                "attended": meeting.attended,
                "notes": meeting.notes,
            })),
        })?;
        Ok(id)
    }

    /// Records an outcome the meeting agreed; returns its id. A child it
    /// is about must be in the meeting's network.
    pub fn add_outcome(&mut self, meeting: i64, outcome: &NewOutcome) -> Result<i64, StoreError> {
        let family: i64 = self
            .tx
            .prepare_cached("SELECT family_id FROM family_meetings WHERE id = ?1")?
            .query_row([meeting], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Refused(RecordRule::NoSuchMeeting))?;
        let text = outcome.text.trim();
        if text.is_empty() {
            return Err(StoreError::Refused(RecordRule::OutcomeUnsaid));
        }
        let reference = match outcome.child {
            Some(child) => {
                let reference = self.child_reference(child)?;
                if family_of(self.tx, child)? != Some(family) {
                    return Err(StoreError::Refused(RecordRule::ChildNotInMeetingNetwork));
                }
                Some(reference)
            }
            None => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO family_meeting_outcomes (meeting_id, text, due, child_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![meeting, text, outcome.due.map(iso), outcome.child.map(|c| c.0)])?;
        let id = self.tx.last_insert_rowid();
        self.audit(Change {
            action: AuditAction::Create,
            entity: "family-meeting-outcome",
            reference: reference.as_deref(),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "meeting": meeting,
                "text": text,
                "due": outcome.due.map(iso),
                "child": outcome.child.map(|c| c.0),
            })),
        })?;
        Ok(id)
    }

    /// Puts an outcome on a child's plan as a hand-added timeline item
    /// (see [`Writer::add_item`]) and remembers the item's key on the
    /// outcome; returns the key. An outcome goes onto a timeline once.
    pub fn outcome_to_timeline(
        &mut self,
        outcome: i64,
        plan: PlanId,
        target: NaiveDate,
    ) -> Result<String, StoreError> {
        let row: Option<(String, Option<i64>, Option<String>, i64)> = self
            .tx
            .prepare_cached(
                "SELECT o.text, o.child_id, o.item_key, m.family_id
                 FROM family_meeting_outcomes o JOIN family_meetings m ON m.id = o.meeting_id
                 WHERE o.id = ?1",
            )?
            .query_row([outcome], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((text, about, item_key, family)) = row else {
            return Err(StoreError::Refused(RecordRule::NoSuchOutcome));
        };
        if item_key.is_some() {
            return Err(StoreError::Refused(RecordRule::OutcomeOnTimeline));
        }
        let plan_row: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT child_id, status FROM plans WHERE id = ?1")?
            .query_row([plan.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((plan_child, status)) = plan_row else {
            return Err(StoreError::Refused(RecordRule::NoSuchPlan));
        };
        if status != "active" {
            return Err(StoreError::Refused(RecordRule::PlanClosed));
        }
        if about.is_some_and(|c| c != plan_child) {
            return Err(StoreError::Refused(RecordRule::OutcomeAboutAnotherChild));
        }
        if family_of(self.tx, ChildId(plan_child))? != Some(family) {
            return Err(StoreError::Refused(RecordRule::PlanChildNotInMeetingNetwork));
        }
        let key = self.add_item(plan, &text, target, None)?;
        self.tx
            .prepare_cached("UPDATE family_meeting_outcomes SET item_key = ?2 WHERE id = ?1")?
            .execute(params![outcome, key])?;
        let reference = self.child_reference(ChildId(plan_child))?;
        self.audit(Change {
            action: AuditAction::ToTimeline,
            entity: "family-meeting-outcome",
            reference: Some(&reference),
            entity_id: Some(outcome.to_string()),
            before: None,
            after: Some(json!({"plan": plan.0, "item_key": key, "target": iso(target)})),
        })?;
        Ok(key)
    }

    /// Adds a chronology entry the acting worker wrote; returns its id.
    pub fn add_chronology_entry(
        &mut self,
        child: ChildId,
        entry: &WrittenEntryFields,
    ) -> Result<i64, StoreError> {
        check_entry(entry)?;
        let reference = self.child_reference(child)?;
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
        let id = self.tx.last_insert_rowid();
        self.audit(Change {
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
        let (old, new) = audit::diff(&entry_json(&before), &entry_json(entry));
        self.audit(Change {
            action: AuditAction::Update,
            entity: "chronology-entry",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: Some(old),
            after: Some(new),
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
        self.audit(Change {
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
        self.audit(Change {
            action: AuditAction::Mark,
            entity: "chronology-mark",
            reference: Some(&reference),
            entity_id: Some(key.to_string()),
            before: None,
            after: None,
        })?;
        Ok(true)
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
        self.audit(Change {
            action: AuditAction::Unmark,
            entity: "chronology-mark",
            reference: Some(&reference),
            entity_id: Some(key.to_string()),
            before: None,
            after: None,
        })?;
        Ok(true)
    }

    /// Records the date of one of the child's Legal Gateway papers.
    pub fn set_gateway_paper(
        &mut self,
        child: ChildId,
        paper: &str,
        dated: Option<NaiveDate>,
    ) -> Result<Outcome, StoreError> {
        if !is_kebab(paper) {
            return Err(StoreError::Refused(RecordRule::BadPaperCode));
        }
        let reference = self.child_reference(child)?;
        let current: Option<Option<String>> = self
            .tx
            .prepare_cached("SELECT dated FROM gateway_papers WHERE child_id = ?1 AND paper = ?2")?
            .query_row(params![child.0, paper], |r| r.get(0))
            .optional()?;
        let dated = dated.map(iso);
        if current.as_ref() == Some(&dated) {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO gateway_papers (child_id, paper, dated) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id, paper) DO UPDATE SET dated = excluded.dated",
            )?
            .execute(params![child.0, paper, dated])?;
        let outcome = if current.is_some() {
            Outcome::Updated
        } else {
            Outcome::Created
        };
        self.audit(Change {
            action: if current.is_some() {
                AuditAction::Update
            } else {
                AuditAction::Create
            },
            entity: "gateway-paper",
            reference: Some(&reference),
            entity_id: Some(paper.to_string()),
            before: current.map(|d| json!({"dated": d})),
            after: Some(json!({"dated": dated})),
        })?;
        Ok(outcome)
    }

    /// Takes a gateway paper off the child's record; `false` if it was not
    /// on it.
    pub fn clear_gateway_paper(&mut self, child: ChildId, paper: &str) -> Result<bool, StoreError> {
        let current: Option<Option<String>> = self
            .tx
            .prepare_cached("SELECT dated FROM gateway_papers WHERE child_id = ?1 AND paper = ?2")?
            .query_row(params![child.0, paper], |r| r.get(0))
            .optional()?;
        let Some(current) = current else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM gateway_papers WHERE child_id = ?1 AND paper = ?2")?
            .execute(params![child.0, paper])?;
        let reference = self.child_reference(child)?;
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "gateway-paper",
            reference: Some(&reference),
            entity_id: Some(paper.to_string()),
            before: Some(json!({"dated": current})),
            after: None,
        })?;
        Ok(true)
    }

    /// Sets the Legal Gateway panel the child is going to.
    pub fn set_gateway_panel(
        &mut self,
        child: ChildId,
        panel: GatewayPanelRow,
    ) -> Result<Outcome, StoreError> {
        let reference = self.child_reference(child)?;
        let current: Option<(String, bool)> = self
            .tx
            .prepare_cached("SELECT panel_date, pre_proceedings FROM gateway_panels WHERE child_id = ?1")?
            .query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let wanted = (iso(panel.panel_date), panel.pre_proceedings);
        if current.as_ref() == Some(&wanted) {
            return Ok(Outcome::Unchanged);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO gateway_panels (child_id, panel_date, pre_proceedings) VALUES (?1, ?2, ?3)
                 ON CONFLICT (child_id) DO UPDATE SET
                     panel_date = excluded.panel_date, pre_proceedings = excluded.pre_proceedings",
            )?
            .execute(params![child.0, wanted.0, wanted.1])?;
        let outcome = if current.is_some() {
            Outcome::Updated
        } else {
            Outcome::Created
        };
        self.audit(Change {
            action: if current.is_some() {
                AuditAction::Update
            } else {
                AuditAction::Create
            },
            entity: "gateway-panel",
            reference: Some(&reference),
            entity_id: None,
            before: current.map(|(d, p)| json!({"panel_date": d, "pre_proceedings": p})),
            after: Some(json!({"panel_date": wanted.0, "pre_proceedings": wanted.1})),
        })?;
        Ok(outcome)
    }

    /// Takes the child off the panel; `false` if no panel was set.
    pub fn clear_gateway_panel(&mut self, child: ChildId) -> Result<bool, StoreError> {
        let current: Option<(String, bool)> = self
            .tx
            .prepare_cached("SELECT panel_date, pre_proceedings FROM gateway_panels WHERE child_id = ?1")?
            .query_row([child.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((date, pre)) = current else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM gateway_panels WHERE child_id = ?1")?
            .execute([child.0])?;
        let reference = self.child_reference(child)?;
        self.audit(Change {
            action: AuditAction::Delete,
            entity: "gateway-panel",
            reference: Some(&reference),
            entity_id: None,
            before: Some(json!({"panel_date": date, "pre_proceedings": pre})),
            after: None,
        })?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;
    use permanence_domain::child::{ChildFields, LegalStatus};
    use permanence_domain::family_meeting::{check_meeting, check_outcome};
    use permanence_domain::plan::{PlanRole, Stage};
    use permanence_domain::plan_import::PlanRow;
    use std::path::PathBuf;

    /// What migration 11 creates, so a version-10 database can be made.
    const TABLES: [&str; 11] = [
        "families",
        "family_people",
        "family_parents",
        "family_couples",
        "family_connections",
        "family_meetings",
        "family_meeting_outcomes",
        "chronology_entries",
        "chronology_marks",
        "gateway_papers",
        "gateway_panels",
    ];

    fn temp() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("family.db");
        (dir, path)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(reference: &str, given: &str, group: Option<&str>) -> ChildFields {
        ChildFields {
            reference: reference.into(),
            given_name: given.into(),
            family_name: "Okafor".into(),
            date_of_birth: Some(d(2019, 4, 2)),
            gender: Some("Female".into()),
            religion: Some("Christian".into()),
            legal_status: LegalStatus::Co,
            sibling_group: group.map(String::from),
            ..ChildFields::default()
        }
    }

    fn adult(name: &str, sex: Sex) -> Person {
        Person {
            id: PersonId(0),
            name: name.into(),
            sex,
            date_of_birth: None,
            deceased: false,
            culture: None,
            language: Some("Yoruba".into()),
            religion: None,
            contact: None,
            household: Some("Leicester".into()),
            child: None,
        }
    }

    /// A store holding two siblings (Amara, Kemi) and an unrelated child.
    fn siblings() -> (tempfile::TempDir, Store, ChildId, ChildId, ChildId) {
        let (dir, path) = temp();
        let mut store = Store::open(&path).unwrap();
        store
            .write(|w| {
                w.put_child(&child("1001", "Amara", Some("OKA-1")))?;
                w.put_child(&child("1002", "Kemi", Some("OKA-1")))?;
                w.put_child(&child("2001", "Leon", None))
            })
            .unwrap();
        let id = |r| store.child_id(r).unwrap().unwrap();
        let (a, b, c) = (id("1001"), id("1002"), id("2001"));
        (dir, store, a, b, c)
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn tables(path: &std::path::Path) -> BTreeSet<String> {
        let conn = Db::open(path).unwrap();
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_version_10_database_is_migrated_with_its_children_kept() {
        let (_dir, path) = temp();
        let mut store = Store::open(&path).unwrap();
        store
            .write(|w| w.put_child(&child("1001", "Amara", None)))
            .unwrap();
        drop(store);
        // Taking out what migration 11 made leaves the schema of version 10.
        {
            let conn = Db::open(&path).unwrap();
            for table in TABLES.iter().rev() {
                conn.execute_batch(&format!("DROP TABLE {table}")).unwrap();
            }
            conn.pragma_update(None, "user_version", 10).unwrap();
        }
        let before = tables(&path);
        for table in TABLES {
            assert!(!before.contains(table), "{table} is gone at version 10");
        }
        let mut store = Store::open(&path).unwrap();
        let version: u32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, Store::schema_version());
        assert!(version >= 11);
        let after = tables(&path);
        for table in TABLES {
            assert!(after.contains(table), "{table} exists after migrating");
        }
        assert!(before.is_subset(&after), "nothing of version 10 was lost");
        let amara = store.child_id("1001").unwrap().unwrap();
        assert_eq!(store.network(amara).unwrap(), Network::default());
        let family = store.write(|w| w.ensure_family(amara)).unwrap();
        let network = store.network(amara).unwrap();
        assert_eq!(network.people.len(), 1);
        assert_eq!(network.child_person(amara).unwrap().name, "Amara Okafor");
        assert_eq!(store.family_id(amara).unwrap(), Some(family));
    }

    #[test]
    fn a_sibling_group_shares_one_network_and_the_same_parents() {
        let (_dir, mut store, amara, kemi, leon) = siblings();
        assert_eq!(store.network(amara).unwrap(), Network::default());
        let (mother, father) = store
            .write(|w| {
                let family = w.ensure_family(amara)?;
                let mother = w.add_person(family, &adult("Grace Okafor", Sex::Female))?;
                let father = w.add_person(family, &adult("Daniel Okafor", Sex::Male))?;
                let network = w.network(amara)?;
                for child in [amara, kemi] {
                    let person = network.child_person(child).map(|p| p.id);
                    let person = person.ok_or_else(|| StoreError::Corrupt("sibling missing".into()))?;
                    w.add_parent(mother, person)?;
                    w.add_parent(father, person)?;
                }
                w.add_couple(Couple {
                    a: father,
                    b: mother,
                    partnership: Partnership::Married,
                })?;
                Ok::<_, StoreError>((mother, father))
            })
            .unwrap();
        // Asking again, for either sibling, makes nobody twice.
        let family = store.family_id(amara).unwrap().unwrap();
        assert_eq!(store.write(|w| w.ensure_family(kemi)).unwrap(), family);
        assert_eq!(store.write(|w| w.ensure_family(amara)).unwrap(), family);
        let seen_by_amara = store.network(amara).unwrap();
        let seen_by_kemi = store.network(kemi).unwrap();
        assert_eq!(seen_by_amara, seen_by_kemi);
        assert_eq!(seen_by_amara.people.len(), 4);
        for child in [amara, kemi] {
            let people: Vec<_> = seen_by_amara
                .people
                .iter()
                .filter(|p| p.child == Some(child))
                .collect();
            assert_eq!(people.len(), 1, "one person for each child");
            let mut parents = seen_by_amara.parents_of(people[0].id);
            parents.sort();
            let mut expected = vec![mother, father];
            expected.sort();
            assert_eq!(parents, expected);
        }
        let kemi_person = seen_by_kemi.child_person(kemi).unwrap();
        assert_eq!(kemi_person.name, "Kemi Okafor");
        assert_eq!(kemi_person.sex, Sex::Female);
        assert_eq!(kemi_person.date_of_birth, Some(d(2019, 4, 2)));
        assert_eq!(kemi_person.religion.as_deref(), Some("Christian"));
        assert_eq!(
            seen_by_amara.couples,
            vec![Couple {
                a: mother.min(father),
                b: mother.max(father),
                partnership: Partnership::Married
            }]
        );
        assert_eq!(store.network(leon).unwrap(), Network::default());
        assert_eq!(store.family_id(leon).unwrap(), None);

        // A sibling added to the group later finds the network at once,
        // and joins it without anyone typing them.
        store
            .write(|w| w.put_child(&child("1003", "Tobi", Some("OKA-1"))))
            .unwrap();
        let tobi = store.child_id("1003").unwrap().unwrap();
        assert_eq!(store.network(tobi).unwrap(), seen_by_amara);
        assert_eq!(store.write(|w| w.ensure_family(tobi)).unwrap(), family);
        let network = store.network(amara).unwrap();
        assert_eq!(network.people.len(), 5);
        assert!(network.child_person(tobi).is_some());
        // The child's person is not linked twice.
        let refused = store
            .write(|w| {
                let mut twin = adult("Someone", Sex::Unknown);
                twin.child = Some(amara);
                w.add_person(family, &twin)
            })
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::Refused(RecordRule::ChildAlreadyInNetwork)),
            "{refused}"
        );
    }

    #[test]
    fn removing_a_person_takes_their_links_with_them() {
        let (_dir, mut store, amara, kemi, _) = siblings();
        let mother = store
            .write(|w| {
                let family = w.ensure_family(amara)?;
                let mother = w.add_person(family, &adult("Grace Okafor", Sex::Female))?;
                let partner = w.add_person(family, &adult("Sam Reid", Sex::Male))?;
                let network = w.network(amara)?;
                let a = network.child_person(amara).map(|p| p.id).unwrap_or(PersonId(0));
                let k = network.child_person(kemi).map(|p| p.id).unwrap_or(PersonId(0));
                w.add_parent(mother, a)?;
                w.add_parent(mother, k)?;
                w.add_couple(Couple {
                    a: mother,
                    b: partner,
                    partnership: Partnership::Separated,
                })?;
                w.set_connection(&Connection {
                    child: a,
                    person: mother,
                    connected: None,
                    parental_responsibility: true,
                    viability: None,
                    family_time: Some("Fortnightly, supervised".into()),
                    potential_carer: false,
                })?;
                w.set_connection(&Connection {
                    child: a,
                    person: partner,
                    connected: Some(Connected::Other("mother's ex-partner".into())),
                    parental_responsibility: false,
                    viability: Some((Viability::Negative, d(2026, 2, 1))),
                    family_time: None,
                    potential_carer: false,
                })?;
                Ok::<_, StoreError>(mother)
            })
            .unwrap();
        let before = store.network(amara).unwrap();
        assert_eq!(before.parents.len(), 2);
        assert_eq!(before.couples.len(), 1);
        assert_eq!(before.connections.len(), 2);
        assert!(store.write(|w| w.remove_person(mother)).unwrap());
        let after = store.network(amara).unwrap();
        assert_eq!(after.people.len(), before.people.len() - 1);
        assert!(after.person(mother).is_none());
        assert!(after.parents.is_empty(), "{:?}", after.parents);
        assert!(after.couples.is_empty());
        assert_eq!(after.connections.len(), 1);
        assert!(after.connections.iter().all(|c| c.person != mother));
        assert_eq!(count(&store, "family_parents"), 0);
        assert!(!store.write(|w| w.remove_person(mother)).unwrap(), "already gone");
        // A caseload child's person stays.
        let amara_person = after.child_person(amara).unwrap().id;
        let error = store.write(|w| w.remove_person(amara_person)).unwrap_err();
        assert!(
            matches!(error, StoreError::Refused(RecordRule::CaseloadChildStays)),
            "{error}"
        );
        let entries = store.audit_entries(None).unwrap();
        let removal = entries
            .iter()
            .find(|e| e.entity == "family-person" && e.action == "delete")
            .unwrap();
        assert_eq!(removal.entity_id.as_deref(), Some(mother.0.to_string().as_str()));
        assert!(removal.before.as_deref().unwrap().contains("parent_links"));
    }

    #[test]
    fn a_cycle_is_refused_and_leaves_the_database_as_it_was() {
        let (_dir, mut store, amara, _, leon) = siblings();
        let (grandmother, mother, amara_person) = store
            .write(|w| {
                let family = w.ensure_family(amara)?;
                let grandmother = w.add_person(family, &adult("Ruth Okafor", Sex::Female))?;
                let mother = w.add_person(family, &adult("Grace Okafor", Sex::Female))?;
                let a = w
                    .network(amara)?
                    .child_person(amara)
                    .map(|p| p.id)
                    .unwrap_or(PersonId(0));
                w.add_parent(grandmother, mother)?;
                w.add_parent(mother, a)?;
                Ok::<_, StoreError>((grandmother, mother, a))
            })
            .unwrap();
        let network = store.network(amara).unwrap();
        let audit = store.audit_entries(None).unwrap().len();
        // A person added in the same change goes too.
        let error = store
            .write(|w| {
                let family = w.family_id(amara)?.unwrap_or(0);
                w.add_person(family, &adult("Extra", Sex::Male))?;
                w.add_parent(amara_person, grandmother)
            })
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Refused(RecordRule::OwnAncestor)),
            "{error}"
        );
        assert_eq!(store.network(amara).unwrap(), network);
        assert_eq!(store.audit_entries(None).unwrap().len(), audit);
        for (parent, child, rule) in [
            (mother, mother, RecordRule::OwnParent),
            (amara_person, mother, RecordRule::OwnAncestor),
        ] {
            let error = store.write(|w| w.add_parent(parent, child)).unwrap_err();
            assert!(matches!(&error, StoreError::Refused(r) if *r == rule), "{error}");
        }
        assert_eq!(
            RecordRule::OwnAncestor.to_string(),
            "that would make a person their own ancestor; nothing was changed"
        );
        // A duplicate link is refused; a third parent (adoption) is not.
        let error = store.write(|w| w.add_parent(mother, amara_person)).unwrap_err();
        assert!(
            matches!(&error, StoreError::Refused(RecordRule::ParentAlreadyRecorded)),
            "{error}"
        );
        store
            .write(|w| {
                let family = w.family_id(amara)?.unwrap_or(0);
                let first = w.add_person(family, &adult("Adoptive parent one", Sex::Unknown))?;
                let second = w.add_person(family, &adult("Adoptive parent two", Sex::Unknown))?;
                w.add_parent(first, amara_person)?;
                w.add_parent(second, amara_person)
            })
            .unwrap();
        assert_eq!(store.network(amara).unwrap().parents_of(amara_person).len(), 3);
        // Across two networks is refused.
        let error = store
            .write(|w| {
                let other = w.ensure_family(leon)?;
                let stranger = w.add_person(other, &adult("Stranger", Sex::Male))?;
                w.add_parent(stranger, amara_person)
            })
            .unwrap_err();
        assert!(
            matches!(
                &error,
                StoreError::Refused(RecordRule::DifferentNetworks(Pair::ParentAndChild))
            ),
            "{error}"
        );
        assert_eq!(store.family_id(leon).unwrap(), None, "rolled back");
    }

    #[test]
    fn connections_round_trip_and_say_when_they_change() {
        let (_dir, mut store, amara, _, _) = siblings();
        let (aunt, a) = store
            .write(|w| {
                let family = w.ensure_family(amara)?;
                let aunt = w.add_person(family, &adult("Ife Adeyemi", Sex::Female))?;
                let a = w
                    .network(amara)?
                    .child_person(amara)
                    .map(|p| p.id)
                    .unwrap_or(PersonId(0));
                Ok::<_, StoreError>((aunt, a))
            })
            .unwrap();
        let mut connection = Connection {
            child: a,
            person: aunt,
            connected: Some(Connected::ConnectedPerson),
            parental_responsibility: false,
            viability: Some((Viability::Requested, d(2026, 1, 12))),
            family_time: Some("Weekly, at her home".into()),
            potential_carer: true,
        };
        assert_eq!(
            store.write(|w| w.set_connection(&connection)).unwrap(),
            Outcome::Created
        );
        assert_eq!(
            store.write(|w| w.set_connection(&connection)).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            store.network(amara).unwrap().connection(a, aunt),
            Some(&connection)
        );
        connection.viability = Some((Viability::Positive, d(2026, 2, 20)));
        connection.connected = Some(Connected::Other("godmother".into()));
        assert_eq!(
            store.write(|w| w.set_connection(&connection)).unwrap(),
            Outcome::Updated
        );
        assert_eq!(
            store.network(amara).unwrap().connection(a, aunt),
            Some(&connection)
        );
        let mut renamed = store.network(amara).unwrap().person(aunt).unwrap().clone();
        renamed.contact = Some("07700 900123".into());
        assert_eq!(
            store.write(|w| w.update_person(&renamed)).unwrap(),
            Outcome::Updated
        );
        assert_eq!(
            store.write(|w| w.update_person(&renamed)).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(store.network(amara).unwrap().person(aunt), Some(&renamed));
        assert!(store.write(|w| w.remove_connection(a, aunt)).unwrap());
        assert!(store.network(amara).unwrap().connections.is_empty());
    }

    #[test]
    fn an_outcome_goes_onto_the_timeline_exactly_once() {
        let (dir, store, amara, kemi, leon) = siblings();
        drop(store);
        let mut store = Store::open_as(
            &dir.path().join("family.db"),
            Actor {
                user: "asmith".into(),
                os_user: "asmith".into(),
            },
        )
        .unwrap();
        let row = PlanRow {
            line: 0,
            reference: "1001".into(),
            pathway: "adoption".into(),
            role: PlanRole::Primary,
            start: d(2026, 1, 5),
            stage: Stage::Proceedings,
        };
        let (_, plan) = store.write(|w| w.put_plan(amara, &row)).unwrap();
        let today = d(2026, 3, 10);
        let meeting = check_meeting("fgc", "09/03/2026", "Mother\nAunt\nCoordinator", "", today).unwrap();
        let outcome = check_outcome(
            "Viability assessment of aunt",
            "+4w",
            Some(amara),
            meeting.held_on,
            today,
        )
        .unwrap();
        let (meeting_id, outcome_id) = store
            .write(|w| {
                let id = w.add_family_meeting(kemi, &meeting)?;
                let outcome = w.add_outcome(id, &outcome)?;
                Ok::<_, StoreError>((id, outcome))
            })
            .unwrap();
        // A child outside the network is refused as an outcome's subject.
        let stranger = check_outcome("Unrelated", "", Some(leon), meeting.held_on, today).unwrap();
        let error = store.write(|w| w.add_outcome(meeting_id, &stranger)).unwrap_err();
        assert!(
            matches!(error, StoreError::Refused(RecordRule::ChildNotInMeetingNetwork)),
            "{error}"
        );
        let target = d(2026, 4, 7);
        let key = store
            .write(|w| w.outcome_to_timeline(outcome_id, plan, target))
            .unwrap();
        let error = store
            .write(|w| w.outcome_to_timeline(outcome_id, plan, target))
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Refused(RecordRule::OutcomeOnTimeline)),
            "{error}"
        );
        assert_eq!(error.to_string(), "this outcome is already on a timeline");
        let adhoc = store.timeline_facts(amara).unwrap().adhoc;
        let matching: Vec<_> = adhoc.iter().filter(|i| i.key == key).collect();
        assert_eq!(matching.len(), 1);
        assert_eq!(adhoc.len(), 1);
        assert_eq!(matching[0].title, "Viability assessment of aunt");
        assert_eq!(matching[0].target, target);
        assert_eq!(matching[0].plan, plan);
        // Both siblings see the meeting, with the key on its outcome.
        for child in [amara, kemi] {
            let meetings = store.family_meetings(child).unwrap();
            assert_eq!(meetings.len(), 1);
            assert_eq!(meetings[0].id, meeting_id);
            assert_eq!(meetings[0].kind, FamilyMeetingKind::FamilyGroupConference);
            assert_eq!(meetings[0].held_on, d(2026, 3, 9));
            assert_eq!(meetings[0].attended, vec!["Mother", "Aunt", "Coordinator"]);
            assert_eq!(meetings[0].notes, None);
            assert_eq!(
                meetings[0].outcomes,
                vec![MeetingOutcome {
                    id: outcome_id,
                    text: "Viability assessment of aunt".into(),
                    due: Some(d(2026, 4, 7)),
                    child: Some(amara),
                    item_key: Some(key.clone()),
                }]
            );
        }
        assert!(store.family_meetings(leon).unwrap().is_empty());
        let entry = store
            .audit_entries(Some("1001"))
            .unwrap()
            .into_iter()
            .find(|e| e.action == "to-timeline")
            .unwrap();
        assert_eq!(entry.user, "asmith");
        assert_eq!(entry.entity, "family-meeting-outcome");
    }

    #[test]
    fn chronology_entries_and_marks_round_trip() {
        let (dir, store, amara, kemi, _) = siblings();
        drop(store);
        let mut store = Store::open_as(
            &dir.path().join("family.db"),
            Actor {
                user: "asmith".into(),
                os_user: "service".into(),
            },
        )
        .unwrap();
        let first = WrittenEntryFields {
            on_date: d(2025, 6, 1),
            what: "Referral from school".into(),
            kind: "referral".into(),
            source: Some("School DSL".into()),
            verified: false,
        };
        let second = WrittenEntryFields {
            on_date: d(2025, 5, 2),
            what: "Health visitor concern".into(),
            kind: "health".into(),
            source: None,
            verified: true,
        };
        let (one, two) = store
            .write(|w| {
                let one = w.add_chronology_entry(amara, &first)?;
                let two = w.add_chronology_entry(amara, &second)?;
                Ok::<_, StoreError>((one, two))
            })
            .unwrap();
        let entries = store.chronology_entries(amara).unwrap();
        assert_eq!(
            entries.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![two, one],
            "by date"
        );
        assert_eq!(entries[1].what, "Referral from school");
        assert_eq!(entries[1].source.as_deref(), Some("School DSL"));
        assert_eq!(entries[1].recorded_by.as_deref(), Some("asmith"));
        assert!(
            entries[1]
                .recorded_at
                .as_deref()
                .is_some_and(|at| at.ends_with('Z'))
        );
        assert!(entries[0].verified);
        assert!(store.chronology_entries(kemi).unwrap().is_empty());
        let corrected = WrittenEntryFields {
            verified: true,
            ..first.clone()
        };
        assert_eq!(
            store
                .write(|w| w.update_chronology_entry(one, &corrected))
                .unwrap(),
            Outcome::Updated
        );
        assert_eq!(
            store
                .write(|w| w.update_chronology_entry(one, &corrected))
                .unwrap(),
            Outcome::Unchanged
        );
        let blank = WrittenEntryFields {
            what: "  ".into(),
            ..first.clone()
        };
        let error = store
            .write(|w| w.add_chronology_entry(amara, &blank))
            .unwrap_err();
        assert!(
            matches!(&error, StoreError::Refused(RecordRule::EntryUnsaid)),
            "{error}"
        );
        assert!(store.write(|w| w.delete_chronology_entry(two)).unwrap());
        assert!(!store.write(|w| w.delete_chronology_entry(two)).unwrap());
        let entries = store.chronology_entries(amara).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(entries[0].verified);
        // An id is not used again after the last entry is deleted.
        let three = store.write(|w| w.add_chronology_entry(amara, &second)).unwrap();
        assert!(three > two);

        assert!(
            store
                .write(|w| w.set_chronology_mark(amara, "written-1"))
                .unwrap()
        );
        assert!(
            store
                .write(|w| w.set_chronology_mark(amara, "event-s31"))
                .unwrap()
        );
        assert!(
            !store
                .write(|w| w.set_chronology_mark(amara, "event-s31"))
                .unwrap()
        );
        assert!(store.write(|w| w.set_chronology_mark(kemi, "event-s31")).unwrap());
        let marks = store.chronology_marks(amara).unwrap();
        assert_eq!(
            marks,
            BTreeSet::from(["event-s31".to_string(), "written-1".to_string()])
        );
        assert!(
            store
                .write(|w| w.clear_chronology_mark(amara, "written-1"))
                .unwrap()
        );
        assert!(
            !store
                .write(|w| w.clear_chronology_mark(amara, "written-1"))
                .unwrap()
        );
        assert_eq!(
            store.chronology_marks(amara).unwrap(),
            BTreeSet::from(["event-s31".to_string()])
        );
        assert_eq!(store.chronology_marks(kemi).unwrap().len(), 1);
    }

    #[test]
    fn gateway_papers_and_panel_round_trip() {
        let (_dir, mut store, amara, kemi, _) = siblings();
        assert!(store.gateway_papers(amara).unwrap().is_empty());
        assert_eq!(store.gateway_panel(amara).unwrap(), None);
        let set =
            |store: &mut Store, paper: &str, on| store.write(|w| w.set_gateway_paper(amara, paper, Some(on)));
        assert_eq!(
            set(&mut store, "social-work-chronology", d(2026, 2, 3)).unwrap(),
            Outcome::Created
        );
        assert_eq!(
            set(&mut store, "genogram", d(2026, 2, 4)).unwrap(),
            Outcome::Created
        );
        assert_eq!(
            set(&mut store, "genogram", d(2026, 2, 4)).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            set(&mut store, "genogram", d(2026, 2, 9)).unwrap(),
            Outcome::Updated
        );
        for bad in [
            "Genogram",
            "social_work",
            "-genogram",
            "genogram-",
            "two--hyphens",
            "",
        ] {
            let error = set(&mut store, bad, d(2026, 2, 9)).unwrap_err();
            assert!(
                matches!(error, StoreError::Refused(RecordRule::BadPaperCode)),
                "{bad}: {error}"
            );
        }
        assert_eq!(
            store.gateway_papers(amara).unwrap(),
            BTreeMap::from([
                ("genogram".to_string(), Some(d(2026, 2, 9))),
                ("social-work-chronology".to_string(), Some(d(2026, 2, 3))),
            ])
        );
        assert!(store.gateway_papers(kemi).unwrap().is_empty());
        assert!(store.write(|w| w.clear_gateway_paper(amara, "genogram")).unwrap());
        assert!(!store.write(|w| w.clear_gateway_paper(amara, "genogram")).unwrap());
        assert_eq!(store.gateway_papers(amara).unwrap().len(), 1);

        let panel = GatewayPanelRow {
            panel_date: d(2026, 3, 18),
            pre_proceedings: true,
        };
        assert_eq!(
            store.write(|w| w.set_gateway_panel(amara, panel)).unwrap(),
            Outcome::Created
        );
        assert_eq!(
            store.write(|w| w.set_gateway_panel(amara, panel)).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(store.gateway_panel(amara).unwrap(), Some(panel));
        let moved = GatewayPanelRow {
            panel_date: d(2026, 4, 1),
            pre_proceedings: false,
        };
        assert_eq!(
            store.write(|w| w.set_gateway_panel(amara, moved)).unwrap(),
            Outcome::Updated
        );
        assert_eq!(store.gateway_panel(amara).unwrap(), Some(moved));
        assert_eq!(store.gateway_panel(kemi).unwrap(), None);
        assert!(store.write(|w| w.clear_gateway_panel(amara)).unwrap());
        assert!(!store.write(|w| w.clear_gateway_panel(amara)).unwrap());
        assert_eq!(store.gateway_panel(amara).unwrap(), None);
        let entities: BTreeSet<String> = store
            .audit_entries(Some("1001"))
            .unwrap()
            .into_iter()
            .map(|e| e.entity)
            .collect();
        assert!(entities.contains("gateway-paper") && entities.contains("gateway-panel"));
    }
}
