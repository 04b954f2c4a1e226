//! The family network's store tests, on real database files: the
//! helpers they share here, the network itself in `network`, what is
//! recorded with it (meetings, chronology, gateway) in `records`, and a
//! bulk load's writes against the single saves in `load`.

mod load;
mod network;
mod records;

use super::*;
use crate::{Actor, Outcome, Store};
use permanence_domain::child::{ChildFields, LegalStatus};
use permanence_domain::family::{Connected, Connection, Couple, Partnership, Sex, Viability};
use permanence_domain::family_meeting::{FamilyMeetingKind, MeetingOutcome, check_meeting, check_outcome};
use permanence_domain::plan::{PlanRole, Stage};
use permanence_domain::plan_import::PlanRow;
use std::collections::{BTreeMap, BTreeSet};
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
