//! The Family tab's use cases on a real database file: a person added
//! with their relation to the child, a duplicate and a cycle refused with
//! nothing saved, a correction kept, a link taken back, and a meeting
//! saved with who came and what was agreed, each audited.

use super::*;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::family::{PersonField, Typed, check_person};
use crate::domain::family_meeting::{check_meeting, check_outcome};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 20);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

/// A store holding one child, 1001 (Amara Okafor).
fn store() -> (tempfile::TempDir, Store, ChildId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("family.db")).unwrap();
    store
        .write(|w| {
            w.put_child(&ChildFields {
                reference: "1001".into(),
                given_name: "Amara".into(),
                family_name: "Okafor".into(),
                date_of_birth: Some(d(2019, 4, 2)),
                legal_status: LegalStatus::Co,
                ..ChildFields::default()
            })
        })
        .unwrap();
    let child = store.child_id("1001").unwrap().unwrap();
    (dir, store, child)
}

fn entry(name: &str, born: &str, relation: &str) -> PersonEntry {
    check_person(
        &Typed {
            name,
            born,
            relation,
            sex: "female",
            ..Typed::default()
        },
        today(),
    )
    .unwrap()
}

fn id_of(store: &Store, child: ChildId, name: &str) -> PersonId {
    store
        .network(child)
        .unwrap()
        .people
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

fn audited(store: &Store, entity: &str) -> usize {
    store
        .audit_entries(None)
        .unwrap()
        .iter()
        .filter(|e| e.entity == entity)
        .count()
}

#[test]
fn a_person_is_added_with_their_relation_and_part_audited() {
    let (_dir, mut store, child) = store();
    let mut mum = entry("Sarah Okafor", "02/04/1990", "mother");
    mum.part.parental_responsibility = true;
    let id = add_person(&mut store, child, &mum).unwrap();
    let network = store.network(child).unwrap();
    let focus = network.child_person(child).unwrap().id;
    assert_eq!(network.parents_of(focus), vec![id]);
    assert_eq!(network.relation_to(focus, id), "mother");
    assert!(network.connection(focus, id).unwrap().parental_responsibility);
    assert_eq!(audited(&store, "family-person"), 2, "the child and the mother");
    assert_eq!(audited(&store, "family-connection"), 1);
}

#[test]
fn the_same_person_twice_is_refused_and_nothing_is_saved() {
    let (_dir, mut store, child) = store();
    add_person(&mut store, child, &entry("Sarah Okafor", "02/04/1990", "mother")).unwrap();
    let before = store.network(child).unwrap();
    let again = entry("  sarah  OKAFOR ", "1990-04-02", "friend");
    let Err(FamilyError::Person(refusal)) = add_person(&mut store, child, &again) else {
        panic!("a duplicate was saved");
    };
    assert_eq!(refusal.field, PersonField::Name);
    assert!(
        refusal.to_string().contains("in the network already"),
        "{refusal}"
    );
    assert_eq!(store.network(child).unwrap(), before);
    // Someone of the same name born on another day is another person.
    add_person(&mut store, child, &entry("Sarah Okafor", "01/01/1960", "")).unwrap();
}

#[test]
fn a_link_that_would_make_a_cycle_is_refused() {
    let (_dir, mut store, child) = store();
    let mum = add_person(&mut store, child, &entry("Sarah Okafor", "", "mother")).unwrap();
    let gran = add_person(&mut store, child, &entry("Grace Okafor", "", "")).unwrap();
    link(&mut store, child, gran, mum, &Link::ParentOf).unwrap();
    let focus = store.network(child).unwrap().child_person(child).unwrap().id;
    let before = store.network(child).unwrap();
    let Err(FamilyError::Link(why)) = link(&mut store, child, focus, gran, &Link::ParentOf) else {
        panic!("a cycle was saved");
    };
    assert!(why.contains("own ancestor"), "{why}");
    assert_eq!(store.network(child).unwrap(), before);
    let network = store.network(child).unwrap();
    assert_eq!(network.relation_to(focus, gran), "maternal grandmother");
}

#[test]
fn an_edit_is_saved_keeping_what_the_dialog_does_not_ask() {
    let (_dir, mut store, child) = store();
    let dad = add_person(&mut store, child, &entry("Tom Okafor", "", "father")).unwrap();
    store
        .write(|w| {
            let mut person = w.network(child)?.person(dad).unwrap().clone();
            person.language = Some("Yoruba".into());
            w.update_person(&person)
        })
        .unwrap();
    let mut edited = entry("Tomas Okafor", "03/03/1988", "");
    edited.sex = Sex::Male;
    edited.household = Some("Leicester".into());
    edited.part.potential_carer = true;
    edit_person(&mut store, child, dad, &edited).unwrap();
    let network = store.network(child).unwrap();
    let person = network.person(dad).unwrap();
    assert_eq!(person.name, "Tomas Okafor");
    assert_eq!(person.date_of_birth, Some(d(1988, 3, 3)));
    assert_eq!(person.language.as_deref(), Some("Yoruba"));
    let focus = network.child_person(child).unwrap().id;
    assert!(network.connection(focus, dad).unwrap().potential_carer);
    assert_eq!(network.relation_to(focus, dad), "father", "still the father");
    assert!(
        store
            .audit_entries(None)
            .unwrap()
            .iter()
            .any(|e| e.entity == "family-person" && e.action == "update")
    );
}

#[test]
fn a_sibling_shares_parents_and_a_link_is_taken_back() {
    let (_dir, mut store, child) = store();
    let mum = add_person(&mut store, child, &entry("Sarah Okafor", "", "mother")).unwrap();
    let sister = add_person(&mut store, child, &entry("Ada Okafor", "01/01/2015", "sister")).unwrap();
    let network = store.network(child).unwrap();
    let focus = network.child_person(child).unwrap().id;
    assert_eq!(network.parents_of(sister), vec![mum]);
    assert_eq!(
        network.relation_to(focus, sister),
        "sister (same mother; father not recorded)"
    );
    let links = links_of(&network, sister);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].0, "child of Sarah Okafor");
    assert!(unlink(&mut store, links[0].1).unwrap());
    assert!(store.network(child).unwrap().parents_of(sister).is_empty());
    assert_eq!(id_of(&store, child, "Ada Okafor"), sister);
}

#[test]
fn a_meeting_is_saved_with_who_came_and_what_was_agreed() {
    let (_dir, mut store, child) = store();
    let meeting = check_meeting("fgc", "10/11/2026", "Sarah Okafor\nGrace Okafor", "", today()).unwrap();
    let (due, what) = outcome_parts("2026-12-01: viability assessment of Grace").unwrap();
    let outcome = check_outcome(what, due, Some(child), meeting.held_on, today()).unwrap();
    let plain = check_outcome("weekly family time", "", Some(child), meeting.held_on, today()).unwrap();
    assert_eq!(
        record_meeting(&mut store, child, &meeting, &[outcome, plain], None).unwrap(),
        0
    );
    let held = store.family_meetings(child).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].attended, vec!["Sarah Okafor", "Grace Okafor"]);
    assert_eq!(held[0].outcomes.len(), 2);
    assert_eq!(held[0].outcomes[0].due, Some(d(2026, 12, 1)));
    assert!(outcome_parts("31/02/2026: never").is_err());
}
