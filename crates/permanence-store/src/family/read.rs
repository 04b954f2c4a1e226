//! Reading a family network, its meetings, the chronology entries and
//! marks, and the Legal Gateway's papers and panel: the rows as domain
//! values, for the store's readers and for the writes that check what is
//! there before they change it.

use super::{GatewayPanelRow, WrittenEntryRow, corrupt, family_of, optional_day};
use crate::day::day;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::family::{
    Connected, Connection, Couple, Network, ParentOf, Partnership, Person, PersonId, Sex, Viability,
};
use permanence_domain::family_meeting::{FamilyMeeting, FamilyMeetingKind, MeetingOutcome};
use rusqlite::{Connection as Db, OptionalExtension, Row};
use std::collections::{BTreeMap, BTreeSet};

pub(super) const PERSON_COLUMNS: &str =
    "id, name, sex, date_of_birth, deceased, culture, language, religion, contact, household, child_id";

pub(super) fn person(row: &Row<'_>) -> rusqlite::Result<Person> {
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

pub(super) const CONNECTION_COLUMNS: &str =
    "c.child_person_id, c.person_id, c.connected, c.parental_responsibility,
     c.viability, c.viability_on, c.family_time, c.potential_carer";

pub(super) fn connection(row: &Row<'_>) -> rusqlite::Result<Connection> {
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

pub(super) fn network_of(conn: &Db, family: i64) -> Result<Network, StoreError> {
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

pub(super) fn network_of_child(conn: &Db, child: ChildId) -> Result<Network, StoreError> {
    match family_of(conn, child)? {
        Some(family) => network_of(conn, family),
        None => Ok(Network::default()),
    }
}

pub(super) fn meetings_of(conn: &Db, family: i64) -> Result<Vec<FamilyMeeting>, StoreError> {
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

pub(super) fn entry_row(row: &Row<'_>) -> rusqlite::Result<WrittenEntryRow> {
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

pub(super) const ENTRY_SELECT: &str = "SELECT id, child_id, on_date, what, kind, source, recorded_by, verified, recorded_at FROM chronology_entries";

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
