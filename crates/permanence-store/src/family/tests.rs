//! The family network's store tests, on real database files.

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
