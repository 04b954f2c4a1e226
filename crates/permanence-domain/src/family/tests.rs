//! Tests of the family network: what is said about each person, and
//! every relationship worked out from the facts.

use super::*;

fn person(id: i64, sex: Sex) -> Person {
    Person::new(PersonId(id), format!("Person {id}"), sex)
}

/// A worked family, numbered so the tests read:
/// 1 maternal grandmother, 2 maternal grandfather, 3 paternal grandmother,
/// 4 paternal grandfather, 5 mother, 6 father, 7 the child (girl),
/// 8 full brother, 9 mother's new partner, 10 half-sister (mother and 9),
/// 11 father's new wife, 12 her son by 13, 14 mother's sister,
/// 15 father's brother, 16 cousin (14's son), 17 the child's daughter,
/// 18 half-brother by the father and 19, 20 great-grandmother (1's mother),
/// 21 brother with no father recorded, 22 nephew (8's son), 23 friend.
fn family() -> Network {
    use Sex::{Female as F, Male as M};
    let sexes = [
        (1, F),
        (2, M),
        (3, F),
        (4, M),
        (5, F),
        (6, M),
        (7, F),
        (8, M),
        (9, M),
        (10, F),
        (11, F),
        (12, M),
        (13, M),
        (14, F),
        (15, M),
        (16, M),
        (17, F),
        (18, M),
        (19, F),
        (20, F),
        (21, M),
        (22, M),
        (23, F),
    ];
    let parent_of = [
        (1, 5),
        (2, 5),
        (1, 14),
        (2, 14),
        (3, 6),
        (4, 6),
        (3, 15),
        (4, 15),
        (5, 7),
        (6, 7),
        (5, 8),
        (6, 8),
        (5, 10),
        (9, 10),
        (11, 12),
        (13, 12),
        (14, 16),
        (7, 17),
        (6, 18),
        (19, 18),
        (20, 1),
        (5, 21),
        (8, 22),
    ];
    let couples = [
        (5, 6, Partnership::Divorced),
        (5, 9, Partnership::Partners),
        (6, 11, Partnership::Married),
    ];
    Network {
        people: sexes.iter().map(|(id, sex)| person(*id, *sex)).collect(),
        parents: parent_of
            .iter()
            .map(|(p, c)| ParentOf {
                parent: PersonId(*p),
                child: PersonId(*c),
            })
            .collect(),
        couples: couples
            .iter()
            .map(|(a, b, partnership)| Couple {
                a: PersonId(*a),
                b: PersonId(*b),
                partnership: *partnership,
            })
            .collect(),
        connections: vec![Connection {
            child: PersonId(7),
            person: PersonId(23),
            connected: Some(Connected::Friend),
            parental_responsibility: false,
            viability: None,
            family_time: None,
            potential_carer: true,
        }],
    }
}

fn label(network: &Network, of: i64) -> Option<String> {
    label_from(network, 7, of)
}

/// What `of` is to `focus`, in words.
fn label_from(network: &Network, focus: i64, of: i64) -> Option<String> {
    network
        .relationship(PersonId(focus), PersonId(of))
        .map(|r| r.label())
}

#[test]
fn what_is_said_about_each_person_in_order_and_in_the_chosen_dates() {
    let mut network = family();
    let grandmother = network.people.iter_mut().find(|p| p.id == PersonId(1)).unwrap();
    grandmother.date_of_birth = NaiveDate::from_ymd_opt(1960, 3, 4);
    grandmother.deceased = true;
    grandmother.household = Some("Oak Road".into());
    grandmother.language = Some("Twi".into());
    network.connections.push(Connection {
        child: PersonId(7),
        person: PersonId(1),
        connected: None,
        parental_responsibility: false,
        viability: Some((Viability::Negative, NaiveDate::from_ymd_opt(2025, 1, 20).unwrap())),
        family_time: Some("monthly".into()),
        potential_carer: false,
    });
    let child = PersonId(7);
    assert_eq!(
        network.facts_about(child, PersonId(1), DateStyle::DayMonthYear),
        [
            "born 04/03/1960",
            "deceased",
            "lives at: Oak Road",
            "language: Twi",
            "viability assessment negative 20/01/2025",
            "family time: monthly",
        ]
    );
    assert_eq!(
        network.facts_about(child, PersonId(1), DateStyle::Iso)[0],
        "born 1960-03-04"
    );
    assert_eq!(
        network.facts_about(child, PersonId(23), DateStyle::Iso),
        ["potential carer"]
    );
    assert!(
        network
            .facts_about(child, PersonId(99), DateStyle::Iso)
            .is_empty()
    );
    assert_eq!(network.relation_to(child, child), "the child");
    assert_eq!(network.relation_to(child, PersonId(1)), "maternal grandmother");
    assert_eq!(network.relation_to(child, PersonId(99)), "connected");
}

#[test]
fn parents_by_sex() {
    let mut network = family();
    assert_eq!(label(&network, 5).as_deref(), Some("mother"));
    assert_eq!(label(&network, 6).as_deref(), Some("father"));
    network.people[5].sex = Sex::Unknown;
    assert_eq!(label(&network, 6).as_deref(), Some("parent"));
}

#[test]
fn full_and_half_siblings_say_which_parent_is_shared() {
    let network = family();
    assert_eq!(
        network.relationship(PersonId(7), PersonId(8)),
        Some(Relation::FullSibling(Sex::Male))
    );
    assert_eq!(label(&network, 8).as_deref(), Some("brother"));
    assert_eq!(label(&network, 10).as_deref(), Some("half-sister (same mother)"));
    assert_eq!(label(&network, 18).as_deref(), Some("half-brother (same father)"));
    // Seen from the half-sister, the child is a half-sister too.
    assert_eq!(
        label_from(&network, 10, 7).as_deref(),
        Some("half-sister (same mother)")
    );
}

#[test]
fn a_sibling_whose_father_is_not_recorded_is_not_called_half() {
    let network = family();
    assert_eq!(
        network.relationship(PersonId(7), PersonId(21)),
        Some(Relation::Sibling {
            sex: Sex::Male,
            shared: Sex::Female
        })
    );
    assert_eq!(
        label(&network, 21).as_deref(),
        Some("brother (same mother; father not recorded)")
    );
}

#[test]
fn step_parents_are_partners_of_a_parent() {
    let mut network = family();
    assert_eq!(label(&network, 9).as_deref(), Some("step-father"));
    assert_eq!(label(&network, 11).as_deref(), Some("step-mother"));
    network.couples[1].partnership = Partnership::Separated;
    assert_eq!(label(&network, 9).as_deref(), Some("former step-father"));
    // The parents' own couple does not make either a step-parent.
    assert_eq!(label(&network, 5).as_deref(), Some("mother"));
}

#[test]
fn step_siblings_are_children_of_a_parents_partner() {
    let network = family();
    assert_eq!(
        network.relationship(PersonId(7), PersonId(12)),
        Some(Relation::StepSibling {
            sex: Sex::Male,
            former: false
        })
    );
    assert_eq!(label(&network, 12).as_deref(), Some("step-brother"));
    // The step-brother's father is no relation the facts name.
    assert_eq!(label(&network, 13), None);
}

#[test]
fn grandparents_know_their_side() {
    let network = family();
    assert_eq!(label(&network, 1).as_deref(), Some("maternal grandmother"));
    assert_eq!(label(&network, 2).as_deref(), Some("maternal grandfather"));
    assert_eq!(label(&network, 3).as_deref(), Some("paternal grandmother"));
    assert_eq!(label(&network, 4).as_deref(), Some("paternal grandfather"));
    assert_eq!(label(&network, 20).as_deref(), Some("maternal great-grandmother"));
    assert_eq!(
        label_from(&network, 20, 7).as_deref(),
        Some("great-granddaughter")
    );
}

#[test]
fn a_grandparent_through_a_parent_of_unknown_sex_has_no_side() {
    let mut network = family();
    network.people[4].sex = Sex::Unknown;
    assert_eq!(label(&network, 1).as_deref(), Some("grandmother"));
    assert_eq!(label(&network, 3).as_deref(), Some("paternal grandmother"));
}

#[test]
fn aunts_uncles_and_cousins() {
    let network = family();
    assert_eq!(label(&network, 14).as_deref(), Some("maternal aunt"));
    assert_eq!(label(&network, 15).as_deref(), Some("paternal uncle"));
    assert_eq!(label(&network, 16).as_deref(), Some("maternal cousin"));
    assert_eq!(
        network.relationship(PersonId(16), PersonId(7)),
        Some(Relation::Cousin { side: Side::Maternal })
    );
}

#[test]
fn nieces_and_nephews_and_the_childs_own_children() {
    let network = family();
    assert_eq!(label(&network, 22).as_deref(), Some("nephew"));
    assert_eq!(label_from(&network, 14, 7).as_deref(), Some("niece"));
    assert_eq!(label(&network, 17).as_deref(), Some("daughter"));
    assert_eq!(label_from(&network, 5, 17).as_deref(), Some("granddaughter"));
}

#[test]
fn partners_by_partnership() {
    let network = family();
    let from_mother = |of: i64| network.relationship(PersonId(5), PersonId(of)).map(|r| r.label());
    assert_eq!(from_mother(6).as_deref(), Some("ex-husband"));
    assert_eq!(from_mother(9).as_deref(), Some("partner"));
    assert_eq!(label_from(&network, 6, 11).as_deref(), Some("wife"));
}

#[test]
fn everyone_else_is_what_their_connection_says() {
    let mut network = family();
    assert_eq!(label(&network, 23).as_deref(), Some("friend"));
    network.connections[0].connected = Some(Connected::Other("godmother".into()));
    assert_eq!(label(&network, 23).as_deref(), Some("godmother"));
    // A connection recorded for another child says nothing about this one.
    network.connections[0].child = PersonId(8);
    assert_eq!(label(&network, 23), None);
}

#[test]
fn family_facts_win_over_a_connection() {
    let mut network = family();
    network.connections[0].person = PersonId(1);
    network.connections[0].connected = Some(Connected::Carer);
    assert_eq!(label(&network, 1).as_deref(), Some("maternal grandmother"));
}

#[test]
fn nobody_is_related_to_themselves_or_to_a_stranger() {
    let network = family();
    assert_eq!(network.relationship(PersonId(7), PersonId(7)), None);
    assert_eq!(network.relationship(PersonId(7), PersonId(99)), None);
    assert_eq!(network.relationship(PersonId(99), PersonId(7)), None);
}

#[test]
fn a_parent_link_that_would_make_someone_their_own_ancestor_is_found() {
    // 1 is the parent of 2, 2 of 3.
    let links = [(1, 2), (2, 3)];
    assert!(
        would_be_own_ancestor(&links, 3, 1),
        "3 as 1's parent: 1 is 3's grandparent"
    );
    assert!(would_be_own_ancestor(&links, 2, 2), "nobody is their own parent");
    assert!(
        !would_be_own_ancestor(&links, 1, 3),
        "a grandparent as a parent is no cycle"
    );
    assert!(!would_be_own_ancestor(&links, 4, 1));
    // Links that already hold a cycle end the walk.
    assert!(!is_ancestor(&[(1, 2), (2, 1)], 9, 1));
}

#[test]
fn a_cycle_in_bad_facts_does_not_hang() {
    let mut network = family();
    // 7 recorded as a parent of their own grandmother.
    network.parents.push(ParentOf {
        parent: PersonId(7),
        child: PersonId(1),
    });
    assert_eq!(label(&network, 20).as_deref(), Some("maternal great-grandmother"));
    assert_eq!(label(&network, 13), None);
}
