//! The demo families: sibling groups share one network, families are
//! plausible and dated before today, and one seed gives the same
//! families.

use super::*;
use crate::domain::child::{ChildFields, ChildId};
use crate::domain::chronology::{Kind, written_key};
use crate::domain::family::{Network, Relation, Sex};
use crate::domain::gateway::required;
use crate::service::library::Library;
use crate::store::Store;
use std::collections::BTreeMap;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo(count: usize, seed: u64) -> (tempfile::TempDir, Store, DemoCaseload) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let library = Library::load(None).unwrap();
    let mut caseload = super::super::generate(count, seed, today());
    let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
    super::super::plans::add_plans(&mut caseload, &pathways, &library.calendar, seed, today());
    caseload.write_to(&mut store).unwrap();
    (dir, store, caseload)
}

fn ids(store: &Store, caseload: &DemoCaseload) -> Vec<(ChildFields, ChildId)> {
    caseload
        .children
        .iter()
        .map(|c| (c.clone(), store.child_id(&c.reference).unwrap().unwrap()))
        .collect()
}

#[test]
fn sibling_groups_share_one_network_and_every_child_is_in_theirs() {
    let (_dir, store, caseload) = demo(200, 20261123);
    let children = ids(&store, &caseload);
    let mut groups: BTreeMap<&str, Vec<ChildId>> = BTreeMap::new();
    for (child, id) in &children {
        if let Some(group) = &child.sibling_group {
            groups.entry(group).or_default().push(*id);
        }
    }
    assert!(groups.len() >= 5);
    let mut shared_parents = 0;
    for members in groups.values() {
        let network = store.network(members[0]).unwrap();
        let family = store.family_id(members[0]).unwrap();
        assert!(family.is_some(), "every sibling group has a network");
        let mut parents = Vec::new();
        for id in members {
            assert_eq!(store.family_id(*id).unwrap(), family);
            assert_eq!(store.network(*id).unwrap(), network, "one network, seen alike");
            let person = network.child_person(*id).expect("each child is a person in it");
            let mut theirs = network.parents_of(person.id);
            theirs.sort();
            assert!(!theirs.is_empty(), "every child has at least a mother");
            parents.push(theirs);
        }
        if parents.windows(2).all(|pair| pair[0] == pair[1]) {
            shared_parents += 1;
        }
    }
    assert!(shared_parents >= 1, "some siblings share both parents' ids");
    // Single children with a network, and without.
    let singles: Vec<ChildId> = children
        .iter()
        .filter(|(c, _)| c.sibling_group.is_none())
        .map(|(_, id)| *id)
        .collect();
    let with = singles
        .iter()
        .filter(|id| store.family_id(**id).unwrap().is_some())
        .count();
    assert!(
        with > singles.len() / 5 && with < singles.len(),
        "{with} of {}",
        singles.len()
    );
    // Every caseload child in a network is its person, and nobody else
    // stands for a child.
    for (_, id) in &children {
        let network = store.network(*id).unwrap();
        if network.people.is_empty() {
            continue;
        }
        let person = network.child_person(*id).unwrap();
        assert_eq!(person.child, Some(*id));
        for other in network.people.iter().filter(|p| p.child.is_some()) {
            let child = other.child.unwrap();
            assert!(children.iter().any(|(_, c)| *c == child));
            assert_eq!(store.family_id(child).unwrap(), store.family_id(*id).unwrap());
        }
    }
}

#[test]
fn families_are_plausible_and_dated_before_today() {
    let (_dir, store, caseload) = demo(200, 20261123);
    let children = ids(&store, &caseload);
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    let mut deceased_grandparents = 0;
    let mut viability = BTreeMap::new();
    let mut responsibility = (0, 0);
    let mut households = 0;
    let mut cultures = 0;
    for (_, id) in &children {
        let network = store.network(*id).unwrap();
        let Some(me) = network.child_person(*id) else {
            continue;
        };
        households += usize::from(me.household.is_some());
        for person in &network.people {
            cultures += usize::from(person.culture.is_some() || person.language.is_some());
            let Some(relation) = network.relationship(me.id, person.id) else {
                continue;
            };
            *labels.entry(relation.label()).or_default() += 1;
            if let Relation::Grandparent { .. } = relation
                && person.deceased
            {
                deceased_grandparents += 1;
                assert_eq!(person.household, None, "the deceased have no household");
            }
            if let Some(part) = network.connection(me.id, person.id) {
                if let Some((v, on)) = part.viability {
                    assert!(on < today(), "assessed before today: {on}");
                    assert!(part.potential_carer);
                    *viability.entry(v.code()).or_insert(0) += 1;
                }
                if let Relation::Parent(sex) = relation {
                    if sex == Sex::Female {
                        assert!(part.parental_responsibility, "mothers have PR");
                    }
                    responsibility.0 += usize::from(part.parental_responsibility);
                    responsibility.1 += 1;
                }
            }
        }
    }
    assert!(deceased_grandparents >= 1, "a deceased grandparent somewhere");
    for label in [
        "mother",
        "father",
        "maternal grandmother",
        "paternal grandfather",
        "step-father",
        "carer",
    ] {
        assert!(labels.contains_key(label), "no {label}: {labels:?}");
    }
    assert!(
        labels.keys().any(|l| l.ends_with("aunt") || l.ends_with("uncle")),
        "{labels:?}"
    );
    assert!(labels.keys().any(|l| l.starts_with("half-")), "{labels:?}");
    assert_eq!(
        viability.len(),
        3,
        "requested, positive and negative: {viability:?}"
    );
    assert!(
        responsibility.0 > 0 && responsibility.0 < responsibility.1,
        "{responsibility:?}"
    );
    assert!(households > 0 && cultures > 0);

    // Meetings with two or three outcomes, held before today.
    let mut meetings = 0;
    let mut seen = std::collections::HashSet::new();
    for (_, id) in &children {
        let Some(family) = store.family_id(*id).unwrap() else {
            continue;
        };
        if !seen.insert(family) {
            continue;
        }
        for meeting in store.family_meetings(*id).unwrap() {
            meetings += 1;
            assert!(meeting.held_on < today());
            assert!((2..=3).contains(&meeting.outcomes.len()), "{meeting:?}");
            assert!(meeting.attended.iter().any(|a| a == "Mother"));
        }
    }
    assert!(meetings >= 3, "{meetings}");

    // Written chronology entries, some unverified with a source, some
    // marked for the CPR; and Gateway panels a little after today.
    let (mut entries, mut unverified, mut marked, mut panels) = (0, 0, 0, 0);
    for (_, id) in &children {
        let written = store.chronology_entries(*id).unwrap();
        assert!((2..=3).contains(&written.len()));
        let marks = store.chronology_marks(*id).unwrap();
        for entry in &written {
            entries += 1;
            assert!(entry.on_date < today());
            assert!(Kind::parse(&entry.kind).is_some(), "{}", entry.kind);
            if !entry.verified {
                unverified += 1;
                assert!(entry.source.is_some());
            }
            marked += usize::from(marks.contains(&written_key(entry.id)));
        }
        if let Some(panel) = store.gateway_panel(*id).unwrap() {
            panels += 1;
            assert!(panel.panel_date > today() && panel.panel_date <= today() + Days::new(30));
            let papers = store.gateway_papers(*id).unwrap();
            let required: Vec<&str> = required(panel.pre_proceedings).iter().map(|p| p.code()).collect();
            assert!(
                papers.keys().all(|p| required.contains(&p.as_str())),
                "{papers:?}"
            );
            assert!(papers.values().flatten().all(|on| *on < today()));
        }
    }
    assert!(unverified > 0 && unverified < entries);
    assert!(marked > 0 && marked < entries);
    assert!(panels >= 3, "{panels}");
}

#[test]
fn the_same_seed_gives_the_same_families() {
    let networks = |seed: u64| -> Vec<Network> {
        let (_dir, store, caseload) = demo(60, seed);
        ids(&store, &caseload)
            .iter()
            .map(|(_, id)| store.network(*id).unwrap())
            .collect()
    };
    let first = networks(42);
    assert!(first.iter().any(|n| !n.people.is_empty()));
    assert_eq!(first, networks(42));
    assert_ne!(first, networks(43));
}
