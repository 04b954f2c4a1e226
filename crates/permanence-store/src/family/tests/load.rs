//! A bulk load's family writes (`load`) against the single saves: the
//! same rows, and the same refusals.

use super::*;
use crate::Pair;

/// Every row of the tables a network, its chronology and its Gateway
/// papers are kept in, in a fixed order (a chronology entry without the
/// moment it was written, which is each write's own).
fn rows(store: &Store) -> Vec<String> {
    let mut all = Vec::new();
    for (table, order) in [
        ("families", "id"),
        ("family_people", "id"),
        ("family_parents", "parent_id, child_id"),
        ("family_couples", "a_id, b_id"),
        ("family_connections", "child_person_id, person_id"),
        ("chronology_entries", "id"),
        ("chronology_marks", "child_id, entry_key"),
        ("gateway_papers", "child_id, paper"),
        ("gateway_panels", "child_id"),
    ] {
        let mut statement = store
            .conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let names: Vec<String> = statement.column_names().map(String::from).collect();
        let found: Vec<String> = statement
            .query_map([], |r| {
                let mut row = table.to_string();
                for (i, name) in names.iter().enumerate() {
                    if name != "recorded_at" {
                        row.push_str(&format!(" {name}={:?}", r.get_ref(i)?));
                    }
                }
                Ok(row)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        all.extend(found);
    }
    all
}

/// Writes two children's network, their chronology and papers, by the
/// single saves or (`bulk`) in a bulk load by its own writes: each kind
/// of row, some written twice (a connection changed, a mark and a paper
/// set again, a person saved as they are).
fn written(bulk: bool) -> Vec<String> {
    let (_dir, mut store, amara, kemi, _leon) = siblings();
    store
        .write(|w| {
            if bulk {
                w.bulk_load();
            }
            let family = w.ensure_family(amara)?;
            let mut children = Vec::new();
            for id in [amara, kemi] {
                let child = w
                    .network_child(family, id)?
                    .ok_or(StoreError::NoSuchChild(String::new()))?;
                children.push(child);
            }
            let person = |w: &mut Writer<'_>, name: &str, sex| {
                let adult = adult(name, sex);
                if bulk {
                    w.load_person(family, &adult)
                } else {
                    w.add_person(family, &adult)
                }
            };
            let grandmother = person(w, "Ruth Okafor", Sex::Female)?;
            let mother = person(w, "Grace Okafor", Sex::Female)?;
            let father = person(w, "Tunde Okafor", Sex::Male)?;
            let parents = [
                (grandmother, mother),
                (mother, children[0].id),
                (mother, children[1].id),
                (father, children[0].id),
            ];
            for (parent, child) in parents {
                if bulk {
                    w.load_parent(parent, child)?;
                } else {
                    w.add_parent(parent, child)?;
                }
            }
            let couple = Couple {
                a: father,
                b: mother,
                partnership: Partnership::Separated,
            };
            if bulk {
                w.load_couple(couple)?;
            } else {
                w.add_couple(couple)?;
            }
            let first = Connection {
                child: children[0].id,
                person: grandmother,
                connected: Some(Connected::Other("great-aunt".into())),
                parental_responsibility: false,
                viability: Some((Viability::Requested, d(2026, 1, 5))),
                family_time: Some("Monthly".into()),
                potential_carer: true,
            };
            let changed = Connection {
                viability: Some((Viability::Positive, d(2026, 2, 9))),
                family_time: None,
                ..first.clone()
            };
            let other = Connection {
                child: children[1].id,
                person: mother,
                connected: None,
                parental_responsibility: true,
                viability: None,
                family_time: Some("Weekly".into()),
                potential_carer: false,
            };
            for connection in [&first, &changed, &other] {
                if bulk {
                    w.load_connection(connection)?;
                } else {
                    w.set_connection(connection)?;
                }
            }
            for mut child in children {
                child.household = Some("mother's home".into());
                child.language = Some("Yoruba".into());
                for _ in 0..2 {
                    if bulk {
                        w.load_person_update(&child)?;
                    } else {
                        w.update_person(&child)?;
                    }
                }
            }
            let entry = WrittenEntryFields {
                on_date: d(2025, 6, 1),
                what: "Moved house".into(),
                kind: "other".into(),
                source: Some("housing officer".into()),
                verified: true,
            };
            let id = if bulk {
                w.load_chronology_entry(kemi, &entry)?
            } else {
                w.add_chronology_entry(kemi, &entry)?
            };
            let key = permanence_domain::chronology::written_key(id);
            let panel = GatewayPanelRow {
                panel_date: d(2026, 3, 4),
                pre_proceedings: true,
            };
            for dated in [None, Some(d(2026, 2, 1))] {
                if bulk {
                    w.load_chronology_mark(kemi, &key)?;
                    w.load_gateway_paper(amara, "expert-assessments", dated)?;
                    w.load_gateway_panel(amara, panel)?;
                } else {
                    w.set_chronology_mark(kemi, &key)?;
                    w.set_gateway_paper(amara, "expert-assessments", dated)?;
                    w.set_gateway_panel(amara, panel)?;
                }
            }
            w.end_bulk_load();
            Ok::<_, StoreError>(())
        })
        .unwrap();
    rows(&store)
}

#[test]
fn a_bulk_load_writes_the_network_chronology_and_papers_the_single_saves_would() {
    let single = written(false);
    let bulk = written(true);
    assert_eq!(bulk, single);
    assert_eq!(single.len(), 17, "every row once: {single:#?}");
}

/// What a bulk load's write refuses, in a store where Amara's network
/// holds a grandmother, her daughter (Amara's mother) and Amara, and
/// Leon's holds a stranger.
fn refused(write: impl FnOnce(&mut Writer<'_>, [PersonId; 4]) -> Result<(), StoreError>) -> StoreError {
    let (_dir, mut store, amara, _kemi, leon) = siblings();
    store
        .write(|w| {
            w.bulk_load();
            let family = w.ensure_family(amara)?;
            let grandmother = w.load_person(family, &adult("Ruth Okafor", Sex::Female))?;
            let mother = w.load_person(family, &adult("Grace Okafor", Sex::Female))?;
            let child = w.network_child(family, amara)?.map_or(PersonId(0), |p| p.id);
            w.load_parent(grandmother, mother)?;
            w.load_parent(mother, child)?;
            let other = w.ensure_family(leon)?;
            let stranger = w.load_person(other, &adult("Stranger", Sex::Male))?;
            write(w, [grandmother, mother, child, stranger])
        })
        .unwrap_err()
}

/// Each error is a refusal by the rule beside it.
fn refusals(cases: Vec<(RecordRule, StoreError)>) {
    for (wanted, error) in cases {
        match error {
            StoreError::Refused(rule) => assert_eq!(rule, wanted),
            other => panic!("not refused ({wanted:?}): {other}"),
        }
    }
}

#[test]
fn a_bulk_load_refuses_in_a_network_what_the_single_saves_refuse() {
    refusals(vec![
        (
            RecordRule::OwnAncestor,
            refused(|w, [grandmother, _, child, _]| w.load_parent(child, grandmother)),
        ),
        (
            RecordRule::OwnParent,
            refused(|w, [_, mother, _, _]| w.load_parent(mother, mother)),
        ),
        (
            RecordRule::ParentAlreadyRecorded,
            refused(|w, [_, mother, child, _]| w.load_parent(mother, child)),
        ),
        (
            RecordRule::DifferentNetworks(Pair::ParentAndChild),
            refused(|w, [_, _, child, stranger]| w.load_parent(stranger, child)),
        ),
        (
            RecordRule::DifferentNetworks(Pair::Couple),
            refused(|w, [_, mother, _, stranger]| {
                w.load_couple(Couple {
                    a: mother,
                    b: stranger,
                    partnership: Partnership::Partners,
                })
            }),
        ),
        (
            RecordRule::CoupleWithSelf,
            refused(|w, [_, mother, _, _]| {
                w.load_couple(Couple {
                    a: mother,
                    b: mother,
                    partnership: Partnership::Partners,
                })
            }),
        ),
        (
            RecordRule::DifferentNetworks(Pair::ChildAndConnection),
            refused(|w, [_, _, child, stranger]| {
                w.load_connection(&Connection {
                    child,
                    person: stranger,
                    connected: None,
                    parental_responsibility: false,
                    viability: None,
                    family_time: None,
                    potential_carer: false,
                })
            }),
        ),
        (
            RecordRule::NoSuchNetwork,
            refused(|w, _| w.load_person(9999, &adult("Nobody", Sex::Male)).map(|_| ())),
        ),
        (
            RecordRule::PersonUnnamed,
            refused(|w, _| {
                let family = w.family_id(ChildId(1))?.unwrap_or(0);
                w.load_person(family, &adult(" ", Sex::Male)).map(|_| ())
            }),
        ),
        (
            RecordRule::PersonUnnamed,
            refused(|w, [_, mother, _, _]| {
                let mut unnamed = adult("", Sex::Female);
                unnamed.id = mother;
                w.load_person_update(&unnamed)
            }),
        ),
        (
            // Leon already stands as a person in his own network.
            RecordRule::ChildAlreadyInNetwork,
            refused(|w, [_, mother, _, _]| {
                let mut linked = adult("Grace Okafor", Sex::Female);
                linked.id = mother;
                linked.child = Some(ChildId(3));
                w.load_person_update(&linked)
            }),
        ),
    ]);
}

#[test]
fn a_bulk_load_refuses_in_the_chronology_and_papers_what_the_single_saves_refuse() {
    refusals(vec![
        (
            RecordRule::ChildNotOnCaseload,
            refused(|w, _| {
                let entry = WrittenEntryFields {
                    on_date: d(2025, 6, 1),
                    what: "Moved house".into(),
                    kind: "other".into(),
                    source: None,
                    verified: false,
                };
                w.load_chronology_entry(ChildId(9999), &entry).map(|_| ())
            }),
        ),
        (
            RecordRule::ChildNotOnCaseload,
            refused(|w, _| w.load_chronology_mark(ChildId(9999), "w1")),
        ),
        (
            RecordRule::BadPaperCode,
            refused(|w, _| w.load_gateway_paper(ChildId(1), "Expert Assessments", None)),
        ),
        (
            RecordRule::ChildNotOnCaseload,
            refused(|w, _| {
                let panel = GatewayPanelRow {
                    panel_date: d(2026, 3, 4),
                    pre_proceedings: false,
                };
                w.load_gateway_panel(ChildId(9999), panel)
            }),
        ),
    ]);
}
