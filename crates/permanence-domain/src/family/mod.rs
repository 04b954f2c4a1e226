//! A child's family network: the people connected to them, how they are
//! related, who lives with whom, and each person's part in the plan.
//!
//! Relations are recorded once, as facts between people: who is whose
//! parent, and which adults are or were a couple. Everything else (full,
//! half and step siblings, grandparents, aunts and uncles) is worked out
//! from those facts, so a sibling group's children share one network and
//! see the same parents and each other without anything typed twice.
//! People who are not family by birth or partnership (a friend, a
//! connected person, a foster carer) are joined to a child by a
//! [`Connection`] that says what they are to that child.

use crate::child::ChildId;
use crate::date::DateStyle;
use chrono::NaiveDate;

mod entry;
mod relation;

pub use entry::{
    Details, Link, Part, PersonEntry, PersonError, PersonField, Typed, TypedDetails, check_person,
    refuse_duplicate, refuse_link, same_person,
};
pub use relation::{Relation, Side};

/// A person in a family network, as the database numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub i64);

/// Drawn as a square (male), circle (female) or diamond (not known), as
/// genograms conventionally are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
    Unknown,
}

crate::coded::coded! {
    Sex, loose, aliases { "f" => Female, "m" => Male, "u" => Unknown, "" => Unknown };
    Female => "female";
    Male => "male";
    Unknown => "unknown";
}

/// One person. Contact details are kept minimal on purpose: a phone
/// number or a town, not a life history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub sex: Sex,
    pub date_of_birth: Option<NaiveDate>,
    pub deceased: bool,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub religion: Option<String>,
    pub contact: Option<String>,
    /// People with the same household live together; the genogram draws
    /// a boundary around them.
    pub household: Option<String>,
    /// Set when the person is a child on the caseload.
    pub child: Option<ChildId>,
}

impl Person {
    /// Someone known by name and sex alone, as a worker first writes
    /// them down; the rest is filled in as it is learnt.
    pub fn new(id: PersonId, name: impl Into<String>, sex: Sex) -> Person {
        Person {
            id,
            name: name.into(),
            sex,
            date_of_birth: None,
            deceased: false,
            culture: None,
            language: None,
            religion: None,
            contact: None,
            household: None,
            child: None,
        }
    }
}

/// How a couple is or was joined: drawn as a solid line, a dashed line,
/// or a line struck through once (separated) or twice (divorced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partnership {
    Married,
    Partners,
    Separated,
    Divorced,
}

crate::coded::coded! {
    Partnership, loose;
    Married => "married";
    Partners => "partners";
    Separated => "separated";
    Divorced => "divorced";
}

/// Two adults who are or were a couple.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Couple {
    pub a: PersonId,
    pub b: PersonId,
    pub partnership: Partnership,
}

/// `parent` is a parent (by birth or adoption) of `child`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentOf {
    pub parent: PersonId,
    pub child: PersonId,
}

/// What someone outside the family by birth is to a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connected {
    Friend,
    /// A connected person in the Children Act sense: someone the child
    /// knows who could care for them.
    ConnectedPerson,
    Carer,
    /// Anything else, in the worker's words.
    Other(String),
}

impl Connected {
    /// As files and the database keep it: `connected-person`, or the
    /// worker's own words.
    pub fn code(&self) -> &str {
        match self {
            Connected::Friend => "friend",
            Connected::ConnectedPerson => "connected-person",
            Connected::Carer => "carer",
            Connected::Other(words) => words,
        }
    }

    /// From a code or a label, in any case; anything else is the
    /// worker's own words, kept as written.
    pub fn parse(words: &str) -> Connected {
        match words.trim().to_ascii_lowercase().as_str() {
            "friend" => Connected::Friend,
            "connected-person" | "connected person" => Connected::ConnectedPerson,
            "carer" => Connected::Carer,
            _ => Connected::Other(words.to_string()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Connected::Friend => "friend",
            Connected::ConnectedPerson => "connected person",
            Connected::Carer => "carer",
            Connected::Other(words) => words,
        }
    }
}

/// Whether `ancestor` is `of`, or among `of`'s ancestors, by parent
/// links given as (parent, child). A person already seen is not walked
/// again, so links that hold a cycle (a damaged file) cannot hang it.
pub fn is_ancestor<T: Ord + Copy>(links: &[(T, T)], ancestor: T, of: T) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec![of];
    while let Some(next) = todo.pop() {
        if next == ancestor {
            return true;
        }
        if seen.insert(next) {
            todo.extend(
                links
                    .iter()
                    .filter(|(_, child)| *child == next)
                    .map(|(parent, _)| *parent),
            );
        }
    }
    false
}

/// A family tree has no cycles: recording `parent` as a parent of `child`
/// is refused where `child` is already `parent` or one of their ancestors
/// (which would make someone their own ancestor).
pub fn would_be_own_ancestor<T: Ord + Copy>(links: &[(T, T)], parent: T, child: T) -> bool {
    is_ancestor(links, child, parent)
}

/// Where a viability assessment of a possible carer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Viability {
    Requested,
    Positive,
    Negative,
}

crate::coded::coded! {
    Viability, loose;
    Requested => "requested";
    Positive => "positive";
    Negative => "negative";
}

/// A person's part in one child's plan, and anything they are to the
/// child beyond what the family facts say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The child (as a person in the network) this is about.
    pub child: PersonId,
    pub person: PersonId,
    /// For people not related by birth or partnership.
    pub connected: Option<Connected>,
    pub parental_responsibility: bool,
    pub viability: Option<(Viability, NaiveDate)>,
    /// The family time arrangement, in the worker's words.
    pub family_time: Option<String>,
    pub potential_carer: bool,
}

/// Everyone connected to a sibling group (or to one child), and the facts
/// between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    pub people: Vec<Person>,
    pub parents: Vec<ParentOf>,
    pub couples: Vec<Couple>,
    pub connections: Vec<Connection>,
}

impl Network {
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The person standing for a child on the caseload.
    pub fn child_person(&self, child: ChildId) -> Option<&Person> {
        self.people.iter().find(|p| p.child == Some(child))
    }

    pub fn parents_of(&self, id: PersonId) -> Vec<PersonId> {
        self.parents
            .iter()
            .filter(|p| p.child == id)
            .map(|p| p.parent)
            .collect()
    }

    pub fn children_of(&self, id: PersonId) -> Vec<PersonId> {
        self.parents
            .iter()
            .filter(|p| p.parent == id)
            .map(|p| p.child)
            .collect()
    }

    /// What `person` is to `focus`, in a worker's words: "the child",
    /// a worked-out relationship, or "connected" for anyone the facts do
    /// not place.
    pub fn relation_to(&self, focus: PersonId, person: PersonId) -> String {
        if person == focus {
            return "the child".to_string();
        }
        self.relationship(focus, person)
            .map_or_else(|| "connected".to_string(), |r| r.label())
    }

    /// What the record says about `person`, as a list of short phrases:
    /// born, deceased, where they live, culture, language and religion
    /// where recorded, then their part in `focus`'s plan. The command
    /// line and the screen both list people this way.
    pub fn facts_about(&self, focus: PersonId, person: PersonId, dates: DateStyle) -> Vec<String> {
        let Some(p) = self.person(person) else {
            return Vec::new();
        };
        let mut facts = Vec::new();
        if let Some(born) = p.date_of_birth {
            facts.push(format!("born {}", dates.show(born)));
        }
        if p.deceased {
            facts.push("deceased".to_string());
        }
        if let Some(household) = &p.household {
            facts.push(format!("lives at: {household}"));
        }
        for (label, value) in [
            ("culture", &p.culture),
            ("language", &p.language),
            ("religion", &p.religion),
        ] {
            if let Some(value) = value {
                facts.push(format!("{label}: {value}"));
            }
        }
        if let Some(part) = self.connection(focus, person) {
            if part.parental_responsibility {
                facts.push("parental responsibility".to_string());
            }
            if let Some((viability, on)) = part.viability {
                facts.push(format!(
                    "viability assessment {} {}",
                    viability.code(),
                    dates.show(on)
                ));
            }
            if part.potential_carer {
                facts.push("potential carer".to_string());
            }
            if let Some(time) = &part.family_time {
                facts.push(format!("family time: {time}"));
            }
        }
        facts
    }

    /// What `person` has recorded for `child`, if anything.
    pub fn connection(&self, child: PersonId, person: PersonId) -> Option<&Connection> {
        self.connections
            .iter()
            .find(|c| c.child == child && c.person == person)
    }
}

#[cfg(test)]
mod tests;
