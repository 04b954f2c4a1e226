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

/// Which side of the family a relative is on, seen from the person the
/// relationship is worked out for: through their mother, their father, or
/// through a parent whose sex is not recorded (then no side is said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Maternal,
    Paternal,
    NotKnown,
}

impl Side {
    fn through(parent: Sex) -> Side {
        match parent {
            Sex::Female => Side::Maternal,
            Sex::Male => Side::Paternal,
            Sex::Unknown => Side::NotKnown,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Side::Maternal => "maternal ",
            Side::Paternal => "paternal ",
            Side::NotKnown => "",
        }
    }
}

/// What one person is to another, worked out from the parent-of facts and
/// couples (never typed in), or, for people outside the family by birth
/// or partnership, what their [`Connection`] says. `Sex` fields are the
/// other person's, except `shared`, which is the shared parent's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    Parent(Sex),
    Child(Sex),
    Partner {
        sex: Sex,
        partnership: Partnership,
    },
    /// Both parents in common.
    FullSibling(Sex),
    /// One parent in common and a different other parent recorded for each.
    HalfSibling {
        sex: Sex,
        shared: Sex,
    },
    /// One parent in common, and the other parent of at least one of them
    /// is not recorded, so full and half cannot be told apart; saying
    /// "half" would be a guess the facts do not support.
    Sibling {
        sex: Sex,
        shared: Sex,
    },
    /// A partner of a parent who is not a parent. `former` when every such
    /// couple has separated or divorced.
    StepParent {
        sex: Sex,
        former: bool,
    },
    /// A child of a parent's partner, with no parent in common.
    StepSibling {
        sex: Sex,
        former: bool,
    },
    /// `greats` counts the generations beyond grandparents.
    Grandparent {
        sex: Sex,
        side: Side,
        greats: u8,
    },
    Grandchild {
        sex: Sex,
        greats: u8,
    },
    AuntOrUncle {
        sex: Sex,
        side: Side,
    },
    Cousin {
        side: Side,
    },
    NieceOrNephew(Sex),
    Connected(Connected),
}

/// The word for a person of `sex`: female, male, or not recorded.
fn by_sex(sex: Sex, female: &'static str, male: &'static str, unknown: &'static str) -> &'static str {
    match sex {
        Sex::Female => female,
        Sex::Male => male,
        Sex::Unknown => unknown,
    }
}

impl Relation {
    /// The words a social worker would write, in British English:
    /// "maternal grandmother", "half-sister (same father)", "step-father".
    pub fn label(&self) -> String {
        let former = |former: bool| if former { "former " } else { "" };
        match self {
            Relation::Parent(sex) => by_sex(*sex, "mother", "father", "parent").to_string(),
            Relation::Child(sex) => by_sex(*sex, "daughter", "son", "child").to_string(),
            Relation::Partner { sex, partnership } => match partnership {
                Partnership::Married => by_sex(*sex, "wife", "husband", "spouse").to_string(),
                Partnership::Partners => "partner".to_string(),
                Partnership::Separated => "partner (separated)".to_string(),
                Partnership::Divorced => by_sex(*sex, "ex-wife", "ex-husband", "ex-spouse").to_string(),
            },
            Relation::FullSibling(sex) => by_sex(*sex, "sister", "brother", "sibling").to_string(),
            Relation::HalfSibling { sex, shared } => format!(
                "{} (same {})",
                by_sex(*sex, "half-sister", "half-brother", "half-sibling"),
                by_sex(*shared, "mother", "father", "parent")
            ),
            Relation::Sibling { sex, shared } => format!(
                "{} (same {}; {} not recorded)",
                by_sex(*sex, "sister", "brother", "sibling"),
                by_sex(*shared, "mother", "father", "parent"),
                by_sex(*shared, "father", "mother", "other parent")
            ),
            Relation::StepParent { sex, former: f } => format!(
                "{}{}",
                former(*f),
                by_sex(*sex, "step-mother", "step-father", "step-parent")
            ),
            Relation::StepSibling { sex, former: f } => format!(
                "{}{}",
                former(*f),
                by_sex(*sex, "step-sister", "step-brother", "step-sibling")
            ),
            Relation::Grandparent { sex, side, greats } => format!(
                "{}{}{}",
                side.prefix(),
                "great-".repeat(usize::from(*greats)),
                by_sex(*sex, "grandmother", "grandfather", "grandparent")
            ),
            Relation::Grandchild { sex, greats } => format!(
                "{}{}",
                "great-".repeat(usize::from(*greats)),
                by_sex(*sex, "granddaughter", "grandson", "grandchild")
            ),
            Relation::AuntOrUncle { sex, side } => {
                format!(
                    "{}{}",
                    side.prefix(),
                    by_sex(*sex, "aunt", "uncle", "aunt or uncle")
                )
            }
            Relation::Cousin { side } => format!("{}cousin", side.prefix()),
            Relation::NieceOrNephew(sex) => by_sex(*sex, "niece", "nephew", "niece or nephew").to_string(),
            Relation::Connected(connected) => connected.label().to_string(),
        }
    }
}

impl Network {
    /// What `other` is to `focus` (usually a child on the caseload), worked
    /// out from the parent-of facts and couples; for anyone the facts do
    /// not join to `focus`, what their [`Connection`] to `focus` says.
    /// `None` for `focus` themselves, for someone not in the network, and
    /// for people the facts join only distantly (a step-parent's parents).
    /// The closest relationship wins: a parent is never also an uncle.
    pub fn relationship(&self, focus: PersonId, other: PersonId) -> Option<Relation> {
        if focus == other {
            return None;
        }
        self.person(focus)?;
        let sex = self.person(other)?.sex;
        let focus_parents = self.distinct_parents(focus);
        let other_parents = self.distinct_parents(other);
        if focus_parents.contains(&other) {
            return Some(Relation::Parent(sex));
        }
        if other_parents.contains(&focus) {
            return Some(Relation::Child(sex));
        }
        if let Some(couple) = self.couples_between(focus, other).next() {
            return Some(Relation::Partner {
                sex,
                partnership: couple.partnership,
            });
        }
        let shared: Vec<PersonId> = focus_parents
            .iter()
            .copied()
            .filter(|p| other_parents.contains(p))
            .collect();
        match shared.as_slice() {
            [] => {}
            [one] => {
                let shared = self.sex_of(*one);
                let both_others_recorded = focus_parents.len() > 1 && other_parents.len() > 1;
                return Some(if both_others_recorded {
                    Relation::HalfSibling { sex, shared }
                } else {
                    Relation::Sibling { sex, shared }
                });
            }
            _ => return Some(Relation::FullSibling(sex)),
        }
        let step_couples: Vec<&Couple> = focus_parents
            .iter()
            .flat_map(|p| self.couples_between(*p, other))
            .collect();
        if !step_couples.is_empty() {
            return Some(Relation::StepParent {
                sex,
                former: step_couples.iter().all(|c| ended(c.partnership)),
            });
        }
        if let Some((side, depth)) = self.ancestry(focus, other)
            && depth >= 2
        {
            return Some(Relation::Grandparent {
                sex,
                side,
                greats: greats(depth),
            });
        }
        if let Some((_, depth)) = self.ancestry(other, focus)
            && depth >= 2
        {
            return Some(Relation::Grandchild {
                sex,
                greats: greats(depth),
            });
        }
        // Aunts and uncles by birth: a parent's sibling, full or half.
        if let Some(parent) = focus_parents.iter().find(|p| self.share_a_parent(**p, other)) {
            return Some(Relation::AuntOrUncle {
                sex,
                side: Side::through(self.sex_of(*parent)),
            });
        }
        if other_parents.iter().any(|p| self.share_a_parent(*p, focus)) {
            return Some(Relation::NieceOrNephew(sex));
        }
        for parent in &focus_parents {
            if other_parents.iter().any(|p| self.share_a_parent(*p, *parent)) {
                return Some(Relation::Cousin {
                    side: Side::through(self.sex_of(*parent)),
                });
            }
        }
        let step_couples: Vec<&Couple> = focus_parents
            .iter()
            .flat_map(|p| other_parents.iter().flat_map(|q| self.couples_between(*p, *q)))
            .collect();
        if !step_couples.is_empty() {
            return Some(Relation::StepSibling {
                sex,
                former: step_couples.iter().all(|c| ended(c.partnership)),
            });
        }
        self.connection(focus, other)
            .and_then(|c| c.connected.clone())
            .map(Relation::Connected)
    }

    /// A person's parents, each once and never themselves (the facts may
    /// repeat a parent, or be wrong).
    fn distinct_parents(&self, id: PersonId) -> Vec<PersonId> {
        let mut parents = Vec::new();
        for parent in self.parents_of(id) {
            if parent != id && !parents.contains(&parent) {
                parents.push(parent);
            }
        }
        parents
    }

    fn couples_between(&self, a: PersonId, b: PersonId) -> impl Iterator<Item = &Couple> {
        self.couples
            .iter()
            .filter(move |c| a != b && ((c.a == a && c.b == b) || (c.a == b && c.b == a)))
    }

    fn sex_of(&self, id: PersonId) -> Sex {
        self.person(id).map_or(Sex::Unknown, |p| p.sex)
    }

    /// Whether two different people have a parent in common.
    fn share_a_parent(&self, a: PersonId, b: PersonId) -> bool {
        if a == b {
            return false;
        }
        let of_b = self.distinct_parents(b);
        self.distinct_parents(a).iter().any(|p| of_b.contains(p))
    }

    /// If `ancestor` is a parent, grandparent and so on of `id`: the side
    /// (through which of `id`'s parents) and how many generations up, by
    /// the shortest line.
    fn ancestry(&self, id: PersonId, ancestor: PersonId) -> Option<(Side, usize)> {
        let mut seen = vec![id];
        let mut level: Vec<(PersonId, Side)> = self
            .distinct_parents(id)
            .into_iter()
            .map(|p| (p, Side::through(self.sex_of(p))))
            .collect();
        let mut depth = 1;
        while !level.is_empty() {
            if let Some((_, side)) = level.iter().find(|(p, _)| *p == ancestor) {
                return Some((*side, depth));
            }
            let mut next = Vec::new();
            for (person, side) in level {
                if seen.contains(&person) {
                    continue;
                }
                seen.push(person);
                next.extend(self.distinct_parents(person).into_iter().map(|p| (p, side)));
            }
            level = next;
            depth += 1;
        }
        None
    }
}

/// Whether a couple has ended, for "former step-father".
fn ended(partnership: Partnership) -> bool {
    matches!(partnership, Partnership::Separated | Partnership::Divorced)
}

/// Generations above grandparents, for "great-grandmother".
fn greats(depth: usize) -> u8 {
    u8::try_from(depth.saturating_sub(2)).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
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
        network.relationship(PersonId(7), PersonId(of)).map(|r| r.label())
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
            network
                .relationship(PersonId(10), PersonId(7))
                .map(|r| r.label())
                .as_deref(),
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
            network
                .relationship(PersonId(20), PersonId(7))
                .map(|r| r.label())
                .as_deref(),
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
        assert_eq!(
            network
                .relationship(PersonId(14), PersonId(7))
                .map(|r| r.label())
                .as_deref(),
            Some("niece")
        );
        assert_eq!(label(&network, 17).as_deref(), Some("daughter"));
        assert_eq!(
            network
                .relationship(PersonId(5), PersonId(17))
                .map(|r| r.label())
                .as_deref(),
            Some("granddaughter")
        );
    }

    #[test]
    fn partners_by_partnership() {
        let network = family();
        let from_mother = |of: i64| network.relationship(PersonId(5), PersonId(of)).map(|r| r.label());
        assert_eq!(from_mother(6).as_deref(), Some("ex-husband"));
        assert_eq!(from_mother(9).as_deref(), Some("partner"));
        assert_eq!(
            network
                .relationship(PersonId(6), PersonId(11))
                .map(|r| r.label())
                .as_deref(),
            Some("wife")
        );
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
}
