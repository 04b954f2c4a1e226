//! A person as a worker types them in (on the Family tab) and the links
//! drawn between two people, checked before anything is saved. The rules
//! that keep a network sound live here once, for the screen and the
//! command line alike: a name is needed, no date lies in the future, a
//! viability assessment has its date, one record per person (the same
//! name and birth date twice is refused), and no one becomes their own
//! ancestor ([`would_be_own_ancestor`], which the network file's import
//! calls too). Each refusal names the field, so a dialog can point at it.

use super::{Connected, Network, Partnership, Person, PersonId, Sex, Viability, would_be_own_ancestor};
use crate::date::{parse_day, refuse_implausible, uk};
use crate::sanitise::{Size, line_field, text_field};
use chrono::NaiveDate;

/// The fields of the person dialog, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    Name,
    Sex,
    Born,
    Household,
    Relation,
    ParentalResponsibility,
    Viability,
    ViabilityOn,
    PotentialCarer,
    FamilyTime,
    Deceased,
    Culture,
    Language,
    Religion,
    Contact,
}

impl PersonField {
    /// The field's name as the dialog shows it.
    pub fn label(self) -> &'static str {
        match self {
            PersonField::Name => "Name",
            PersonField::Sex => "Sex",
            PersonField::Born => "Born",
            PersonField::Household => "Household",
            PersonField::Relation => "Relation",
            PersonField::ParentalResponsibility => "Parental resp.",
            PersonField::Viability => "Viability",
            PersonField::ViabilityOn => "Viability on",
            PersonField::PotentialCarer => "Potential carer",
            PersonField::FamilyTime => "Family time",
            PersonField::Deceased => "Deceased",
            PersonField::Culture => "Culture",
            PersonField::Language => "Language",
            PersonField::Religion => "Religion",
            PersonField::Contact => "Contact",
        }
    }
}

/// Why what was typed cannot be saved, and in which field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", field.label())]
pub struct PersonError {
    pub field: PersonField,
    pub problem: String,
}

fn refuse(field: PersonField, problem: impl Into<String>) -> PersonError {
    PersonError {
        field,
        problem: problem.into(),
    }
}

/// How one person is joined to another: the facts the network records
/// (parent, partner), a sibling (given the other's parents, as siblings
/// are worked out from parents), or a connection in the worker's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// The first person is a parent of the second.
    ParentOf,
    /// The first person is a child of the second.
    ChildOf,
    PartnerOf(Partnership),
    SiblingOf,
    Connected(Connected),
}

impl Link {
    /// From a worker's words: "parent", "mother", "child", "partner",
    /// "married", "sibling", "sister"; anything else is a connection in
    /// their words ("friend", "connected person", "aunt by marriage").
    /// Blank is no link.
    pub fn parse(words: &str) -> Option<Link> {
        let words = words.trim();
        Some(match words.to_ascii_lowercase().as_str() {
            "" => return None,
            "parent" | "parent of" | "mother" | "father" => Link::ParentOf,
            "child" | "child of" | "son" | "daughter" => Link::ChildOf,
            "partner" | "partner of" | "partners" => Link::PartnerOf(Partnership::Partners),
            "married" | "spouse" | "husband" | "wife" => Link::PartnerOf(Partnership::Married),
            "separated" => Link::PartnerOf(Partnership::Separated),
            "divorced" => Link::PartnerOf(Partnership::Divorced),
            "sibling" | "sibling of" | "brother" | "sister" => Link::SiblingOf,
            _ => Link::Connected(Connected::parse(words)),
        })
    }

    /// What the link says, as "X is {phrase} Y" reads.
    pub fn phrase(&self) -> String {
        match self {
            Link::ParentOf => "a parent of".to_string(),
            Link::ChildOf => "a child of".to_string(),
            Link::PartnerOf(p) => format!("{} with", p.code()),
            Link::SiblingOf => "a sibling of".to_string(),
            Link::Connected(c) => format!("{} to", c.label()),
        }
    }
}

/// A person's part in the child's plan, as checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    pub parental_responsibility: bool,
    pub viability: Option<(Viability, NaiveDate)>,
    pub potential_carer: bool,
    pub family_time: Option<String>,
}

/// A person as the dialog holds them, checked and ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntry {
    pub name: String,
    pub sex: Sex,
    pub born: Option<NaiveDate>,
    pub household: Option<String>,
    /// What they are to the child (adding only; links are drawn apart).
    pub relation: Option<Link>,
    pub part: Part,
    /// The rest of what the record holds of a person, where the dialog
    /// asked (correcting someone); `None` keeps what is recorded.
    pub details: Option<Details>,
}

/// What the record holds of a person beyond the person dialog's first
/// fields: whether they have died, their culture, language and religion,
/// and a minimal contact (a phone number or a town).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub deceased: bool,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub religion: Option<String>,
    pub contact: Option<String>,
}

/// What was typed into the fields behind [`Details`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TypedDetails<'a> {
    pub deceased: &'a str,
    pub culture: &'a str,
    pub language: &'a str,
    pub religion: &'a str,
    pub contact: &'a str,
}

impl PersonEntry {
    /// `current` with what the dialog says, keeping what it does not ask
    /// about (culture, language, contact, the caseload child).
    pub fn onto(&self, current: &Person) -> Person {
        let current = match &self.details {
            Some(d) => &Person {
                deceased: d.deceased,
                culture: d.culture.clone(),
                language: d.language.clone(),
                religion: d.religion.clone(),
                contact: d.contact.clone(),
                ..current.clone()
            },
            None => current,
        };
        Person {
            name: self.name.clone(),
            sex: self.sex,
            date_of_birth: self.born,
            household: self.household.clone(),
            ..current.clone()
        }
    }
}

/// What was typed into each field of the person dialog.
#[derive(Debug, Clone, Copy, Default)]
pub struct Typed<'a> {
    pub name: &'a str,
    pub sex: &'a str,
    pub born: &'a str,
    pub household: &'a str,
    pub relation: &'a str,
    pub parental_responsibility: &'a str,
    pub viability: &'a str,
    pub viability_on: &'a str,
    pub potential_carer: &'a str,
    pub family_time: &'a str,
    /// `None` where the dialog did not ask.
    pub details: Option<TypedDetails<'a>>,
}

fn yes_no(field: PersonField, text: &str) -> Result<bool, PersonError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" | "" => Ok(false),
        other => Err(refuse(field, format!("{other:?} should be y or n"))),
    }
}

/// A date that has happened: blank is none.
fn past_day(field: PersonField, text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, PersonError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let day = parse_day(text, today).map_err(|e| refuse(field, e.to_string()))?;
    refuse_implausible(day, crate::date::DateStyle::DayMonthYear).map_err(|e| refuse(field, e))?;
    if day > today {
        return Err(refuse(field, format!("{} is in the future", uk(day))));
    }
    Ok(Some(day))
}

fn optional(field: PersonField, text: &str) -> Result<Option<String>, PersonError> {
    let text = text_field(text, Size::Name).map_err(|e| refuse(field, e.to_string()))?;
    Ok((!text.is_empty()).then_some(text))
}

/// The sex a relation's word says, where it says one.
fn implied_sex(relation: &str) -> Sex {
    match relation.trim().to_ascii_lowercase().as_str() {
        "mother" | "daughter" | "sister" | "wife" => Sex::Female,
        "father" | "son" | "brother" | "husband" => Sex::Male,
        _ => Sex::Unknown,
    }
}

/// Checks a person as typed (a sex left blank is the one the relation's
/// word implies, as "mother"): a name, a sex if given, dates (born, the
/// viability assessment's) that have happened, a viability outcome and
/// its date together, and the yes/no fields.
pub fn check_person(typed: &Typed<'_>, today: NaiveDate) -> Result<PersonEntry, PersonError> {
    let name = line_field(typed.name, Size::Name).map_err(|e| refuse(PersonField::Name, e.to_string()))?;
    if name.is_empty() {
        return Err(refuse(
            PersonField::Name,
            "a person in the family network needs a name",
        ));
    }
    let sex = if typed.sex.trim().is_empty() {
        // "mother" says as much as "female" would.
        implied_sex(typed.relation)
    } else {
        Sex::parse(typed.sex.trim()).ok_or_else(|| {
            refuse(
                PersonField::Sex,
                format!("{:?} is not a sex (female, male, unknown)", typed.sex.trim()),
            )
        })?
    };
    let born = past_day(PersonField::Born, typed.born, today)?;
    let relation = match line_field(typed.relation, Size::Name) {
        Ok(words) => Link::parse(&words),
        Err(e) => return Err(refuse(PersonField::Relation, e.to_string())),
    };
    let viability = match (
        typed.viability.trim(),
        past_day(PersonField::ViabilityOn, typed.viability_on, today)?,
    ) {
        ("", None) => None,
        ("", Some(_)) => {
            return Err(refuse(
                PersonField::Viability,
                "give the outcome too (requested, positive, negative)",
            ));
        }
        (kind, on) => {
            let kind = Viability::parse(kind).ok_or_else(|| {
                refuse(
                    PersonField::Viability,
                    format!("{kind:?} is not a viability (requested, positive, negative)"),
                )
            })?;
            let on = on.ok_or_else(|| {
                refuse(
                    PersonField::ViabilityOn,
                    format!(
                        "give the date it was {}",
                        if kind == Viability::Requested {
                            "requested"
                        } else {
                            "concluded"
                        }
                    ),
                )
            })?;
            Some((kind, on))
        }
    };
    Ok(PersonEntry {
        name,
        sex,
        born,
        household: optional(PersonField::Household, typed.household)?,
        relation,
        part: Part {
            parental_responsibility: yes_no(
                PersonField::ParentalResponsibility,
                typed.parental_responsibility,
            )?,
            viability,
            potential_carer: yes_no(PersonField::PotentialCarer, typed.potential_carer)?,
            family_time: optional(PersonField::FamilyTime, typed.family_time)?,
        },
        details: match &typed.details {
            Some(d) => Some(Details {
                deceased: yes_no(PersonField::Deceased, d.deceased)?,
                culture: optional(PersonField::Culture, d.culture)?,
                language: optional(PersonField::Language, d.language)?,
                religion: optional(PersonField::Religion, d.religion)?,
                contact: optional(PersonField::Contact, d.contact)?,
            }),
            None => None,
        },
    })
}

/// A name as compared for duplicates: case, spacing and full stops aside.
fn plain(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One record per person: someone already in `network` (other than
/// `except`, the person being edited) with the same name and a birth
/// date that does not differ (the same, or not recorded for one of them).
pub fn same_person<'a>(
    network: &'a Network,
    name: &str,
    born: Option<NaiveDate>,
    except: Option<PersonId>,
) -> Option<&'a Person> {
    let name = plain(name);
    network.people.iter().find(|p| {
        Some(p.id) != except
            && plain(&p.name) == name
            && (p.date_of_birth.is_none() || born.is_none() || p.date_of_birth == born)
    })
}

/// Refuses a person who is already in the network, naming who (one
/// record per person: the worker edits that one instead).
pub fn refuse_duplicate(
    network: &Network,
    entry: &PersonEntry,
    except: Option<PersonId>,
) -> Result<(), PersonError> {
    match same_person(network, &entry.name, entry.born, except) {
        Some(twin) => Err(refuse(
            PersonField::Name,
            format!(
                "{}{} is in the network already",
                twin.name,
                twin.date_of_birth
                    .map_or_else(String::new, |d| format!(" (born {})", uk(d)))
            ),
        )),
        None => Ok(()),
    }
}

/// Why `first` cannot be linked to `second` by `link` in `network`, if it
/// cannot: themselves, a parent link already there or one that would make
/// someone their own ancestor, a couple already recorded, or a sibling
/// with no parents recorded on either side to share.
pub fn refuse_link(network: &Network, first: PersonId, second: PersonId, link: &Link) -> Result<(), String> {
    if first == second {
        return Err("a person cannot be linked to themselves".to_string());
    }
    let pairs: Vec<(PersonId, PersonId)> = network.parents.iter().map(|p| (p.parent, p.child)).collect();
    let (parent, child) = match link {
        Link::ParentOf => (first, second),
        Link::ChildOf => (second, first),
        Link::PartnerOf(_) => {
            if network
                .couples
                .iter()
                .any(|c| (c.a, c.b) == (first, second) || (c.a, c.b) == (second, first))
            {
                return Err("those two are already recorded as a couple".to_string());
            }
            return Ok(());
        }
        Link::SiblingOf => {
            if network.parents_of(first).is_empty() && network.parents_of(second).is_empty() {
                return Err(
                    "siblings are worked out from their parents: record a parent of either first".into(),
                );
            }
            return Ok(());
        }
        Link::Connected(_) => return Ok(()),
    };
    if pairs.contains(&(parent, child)) {
        return Err("that parent is already recorded".to_string());
    }
    if would_be_own_ancestor(&pairs, parent, child) {
        return Err("that would make a person their own ancestor".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::{Couple, ParentOf};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 20);

    fn check(typed: Typed<'_>) -> Result<PersonEntry, PersonError> {
        check_person(&typed, d(TODAY.0, TODAY.1, TODAY.2))
    }

    #[test]
    fn each_refusal_names_its_field() {
        let named = Typed {
            name: "Grace Okafor",
            ..Typed::default()
        };
        let field = |typed: Typed<'_>| check(typed).unwrap_err().field;
        assert_eq!(field(Typed::default()), PersonField::Name);
        assert_eq!(
            field(Typed {
                sex: "woman",
                ..named
            }),
            PersonField::Sex
        );
        assert_eq!(
            field(Typed {
                born: "01/01/2027",
                ..named
            }),
            PersonField::Born
        );
        assert_eq!(
            field(Typed {
                viability: "positive",
                ..named
            }),
            PersonField::ViabilityOn
        );
        assert_eq!(
            field(Typed {
                viability_on: "01/10/2026",
                ..named
            }),
            PersonField::Viability
        );
        assert_eq!(
            field(Typed {
                potential_carer: "maybe",
                ..named
            }),
            PersonField::PotentialCarer
        );
        let fine = check(Typed {
            born: "20/01/1996",
            relation: "Mother",
            parental_responsibility: "y",
            viability: "requested",
            viability_on: "today",
            ..named
        })
        .unwrap();
        assert_eq!(fine.born, Some(d(1996, 1, 20)));
        assert_eq!(fine.relation, Some(Link::ParentOf));
        assert_eq!(fine.sex, Sex::Female, "a mother, said by the relation");
        assert!(fine.part.parental_responsibility);
        assert_eq!(fine.part.viability, Some((Viability::Requested, d(2026, 11, 20))));
    }

    #[test]
    fn links_read_a_workers_words() {
        assert_eq!(Link::parse(""), None);
        assert_eq!(Link::parse("Sister"), Some(Link::SiblingOf));
        assert_eq!(Link::parse("wife"), Some(Link::PartnerOf(Partnership::Married)));
        assert_eq!(
            Link::parse("godmother"),
            Some(Link::Connected(Connected::Other("godmother".into())))
        );
        assert_eq!(Link::parse("carer"), Some(Link::Connected(Connected::Carer)));
    }

    #[test]
    fn one_record_per_person_and_no_cycles() {
        let person = |id, name: &str, born| Person {
            date_of_birth: born,
            ..Person::new(PersonId(id), name, Sex::Female)
        };
        let network = Network {
            people: vec![
                person(1, "Amara Okafor", Some(d(2022, 3, 1))),
                person(2, "Grace Okafor", Some(d(1996, 1, 20))),
                person(3, "Ruth Okafor", None),
            ],
            parents: vec![
                ParentOf {
                    parent: PersonId(2),
                    child: PersonId(1),
                },
                ParentOf {
                    parent: PersonId(3),
                    child: PersonId(2),
                },
            ],
            couples: vec![Couple {
                a: PersonId(2),
                b: PersonId(3),
                partnership: Partnership::Partners,
            }],
            connections: Vec::new(),
        };
        assert!(same_person(&network, "grace  okafor", Some(d(1996, 1, 20)), None).is_some());
        assert!(same_person(&network, "Grace Okafor", None, None).is_some());
        assert!(same_person(&network, "Grace Okafor", Some(d(1970, 1, 1)), None).is_none());
        assert!(same_person(&network, "Grace Okafor", None, Some(PersonId(2))).is_none());
        assert!(same_person(&network, "Ruth Okafor", Some(d(1968, 4, 2)), None).is_some());
        let cycle = refuse_link(&network, PersonId(1), PersonId(3), &Link::ParentOf);
        assert!(cycle.unwrap_err().contains("own ancestor"));
        assert!(refuse_link(&network, PersonId(3), PersonId(2), &Link::ParentOf).is_err());
        assert!(
            refuse_link(
                &network,
                PersonId(3),
                PersonId(2),
                &Link::PartnerOf(Partnership::Married)
            )
            .is_err()
        );
        assert!(refuse_link(&network, PersonId(1), PersonId(1), &Link::SiblingOf).is_err());
        assert!(refuse_link(&network, PersonId(3), PersonId(1), &Link::ChildOf).is_err());
        assert!(refuse_link(&network, PersonId(2), PersonId(1), &Link::SiblingOf).is_ok());
    }
}
