//! A child's family network in the store: migration, sibling groups
//! sharing one network, removing people, refused cycles, connections.

use super::*;

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
