//! A checked family network file written to the store: people matched to
//! the caseload children they are or added, then the links between them,
//! all in one write, so that a refusal anywhere leaves the database as it
//! was. A store refusal is reported at the line of what caused it.

use super::{FamilyFile, FilePerson};
use crate::domain::child::ChildId;
use crate::domain::family::{Connection, Couple, Person, PersonId, Sex};
use crate::store::{Store, StoreError, Writer};
use std::collections::HashMap;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// People added to the network.
    pub added: usize,
    /// People matched to a caseload child's person already in it.
    pub matched: usize,
    pub parents: usize,
    pub couples: usize,
    pub connections: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no child with reference {0}")]
    NoSuchChild(String),
    /// The file names caseload children, and the child it was imported
    /// for is not one of them: most likely the wrong file.
    #[error("the file is about {named}, not {reference}; nothing was imported")]
    OtherChildren { named: String, reference: String },
    /// What the file says cannot be saved; nothing was.
    #[error("line {line}: {message}")]
    Refused { line: usize, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A store refusal as a problem at the line of what caused it.
fn at(line: usize) -> impl Fn(StoreError) -> ImportError {
    move |error| match error {
        StoreError::Refused(rule) => ImportError::Refused {
            line,
            message: rule.to_string(),
        },
        StoreError::NoSuchChild(reference) => ImportError::Refused {
            line,
            message: format!("child: no child with reference {reference}"),
        },
        other => ImportError::Store(other),
    }
}

/// Imports a checked file into the family network of the child with
/// `reference` (starting it if need be), in one write: all of it or, if
/// anything is refused, none of it.
pub fn import(store: &mut Store, reference: &str, file: &FamilyFile) -> Result<Imported, ImportError> {
    store.write(|w| import_into(w, reference, file))
}

/// As [`import`], but always rolled back: what an import would do.
pub fn rehearse(store: &mut Store, reference: &str, file: &FamilyFile) -> Result<Imported, ImportError> {
    store.rehearse(|w| import_into(w, reference, file))
}

/// The import itself, inside a write the caller holds.
pub fn import_into(w: &mut Writer<'_>, reference: &str, file: &FamilyFile) -> Result<Imported, ImportError> {
    let named = file.children();
    if !named.is_empty() && !named.contains(&reference) {
        return Err(ImportError::OtherChildren {
            named: named.join(", "),
            reference: reference.to_string(),
        });
    }
    let child = w
        .child_id(reference)?
        .ok_or_else(|| ImportError::NoSuchChild(reference.to_string()))?;
    let family = w.ensure_family(child)?;
    let mut network = w.network(child)?;
    let mut done = Imported::default();
    let mut ids: HashMap<&str, PersonId> = HashMap::new();
    for person in &file.people {
        let caseload_child = match &person.child {
            Some(reference) => Some(w.child_id(reference)?.ok_or_else(|| ImportError::Refused {
                line: person.line,
                message: format!("child: no child with reference {reference}"),
            })?),
            None => None,
        };
        let existing = caseload_child.and_then(|c| network.child_person(c));
        let id = match existing {
            Some(current) => {
                w.update_person(&merged(current, person))
                    .map_err(at(person.line))?;
                done.matched += 1;
                current.id
            }
            None => {
                let new = new_person(w, person, caseload_child)?;
                refuse_twice(&network, &new, person.line)?;
                let id = w.add_person(family, &new).map_err(at(person.line))?;
                network.people.push(Person { id, ..new });
                done.added += 1;
                id
            }
        };
        ids.insert(person.handle.as_str(), id);
    }
    let id = |handle: &str, line: usize| {
        ids.get(handle).copied().ok_or_else(|| ImportError::Refused {
            line,
            message: format!("no [[person]] has id = {handle:?}"),
        })
    };
    for link in &file.parents {
        w.add_parent(id(&link.parent, link.line)?, id(&link.child, link.line)?)
            .map_err(at(link.line))?;
        done.parents += 1;
    }
    for couple in &file.couples {
        w.add_couple(Couple {
            a: id(&couple.a, couple.line)?,
            b: id(&couple.b, couple.line)?,
            partnership: couple.partnership,
        })
        .map_err(at(couple.line))?;
        done.couples += 1;
    }
    for connection in &file.connections {
        w.set_connection(&Connection {
            child: id(&connection.child, connection.line)?,
            person: id(&connection.person, connection.line)?,
            connected: connection.connected.clone(),
            parental_responsibility: connection.parental_responsibility,
            viability: connection.viability,
            family_time: connection.family_time.clone(),
            potential_carer: connection.potential_carer,
        })
        .map_err(at(connection.line))?;
        done.connections += 1;
    }
    Ok(done)
}

/// One record per person, by the domain's rule the Family tab goes by
/// too: someone of the same name and birth date already in the network
/// (or earlier in the file) is refused at the person's line.
fn refuse_twice(
    network: &crate::domain::family::Network,
    new: &Person,
    line: usize,
) -> Result<(), ImportError> {
    match crate::domain::family::same_person(network, &new.name, new.date_of_birth, None) {
        Some(twin) => Err(ImportError::Refused {
            line,
            message: format!(
                "name: {}{} is in the family network already; one record per person",
                twin.name,
                twin.date_of_birth
                    .map_or_else(String::new, |d| format!(" (born {})", crate::domain::date::uk(d)))
            ),
        }),
        None => Ok(()),
    }
}

/// A caseload child's person already in the network, with what the file
/// says of them: anything it leaves out keeps what the record says.
fn merged(current: &Person, person: &FilePerson) -> Person {
    Person {
        id: current.id,
        name: person.name.clone().unwrap_or_else(|| current.name.clone()),
        sex: person.sex.unwrap_or(current.sex),
        date_of_birth: person.born.or(current.date_of_birth),
        deceased: person.deceased.unwrap_or(current.deceased),
        culture: person.culture.clone().or_else(|| current.culture.clone()),
        language: person.language.clone().or_else(|| current.language.clone()),
        religion: person.religion.clone().or_else(|| current.religion.clone()),
        contact: person.contact.clone().or_else(|| current.contact.clone()),
        household: person.household.clone().or_else(|| current.household.clone()),
        child: current.child,
    }
}

/// A person the network does not have yet, as the file gives them (the
/// caseload child they are, if any).
fn new_person(
    w: &Writer<'_>,
    person: &FilePerson,
    caseload_child: Option<ChildId>,
) -> Result<Person, ImportError> {
    Ok(Person {
        id: PersonId(0),
        // A caseload child not yet in any network is named as
        // their record names them.
        name: match (&person.name, &person.child) {
            (Some(name), _) => name.clone(),
            (None, Some(reference)) => w
                .child_by_ref(reference)?
                .map_or_else(|| person.handle.clone(), |c| c.full_name()),
            (None, None) => person.handle.clone(),
        },
        sex: person.sex.unwrap_or(Sex::Unknown),
        date_of_birth: person.born,
        deceased: person.deceased.unwrap_or(false),
        culture: person.culture.clone(),
        language: person.language.clone(),
        religion: person.religion.clone(),
        contact: person.contact.clone(),
        household: person.household.clone(),
        child: caseload_child,
    })
}
