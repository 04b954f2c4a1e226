//! The family network changed one person or one link at a time, as the
//! Family tab does it: adding a person (with what they are to the child),
//! correcting one, linking two people, taking a link back, and recording a
//! Family Group Conference or Family Network meeting. The rules are the
//! domain's (`domain::family::check_person`, `refuse_duplicate`,
//! `refuse_link`, `domain::family_meeting`), the same the network file's
//! import and `permanence family-meeting` go by; each change is one write
//! through the store, which audits it, so a refusal changes nothing.

use crate::domain::child::ChildId;
use crate::domain::family::{
    Connection, Couple, Link, Network, Person, PersonEntry, PersonError, PersonId, Sex, refuse_duplicate,
    refuse_link,
};
use crate::domain::family_meeting::{NewFamilyMeeting, NewOutcome};
use crate::domain::plan::PlanId;
use crate::store::{Store, StoreError, Writer};

/// Why a change to the network was not saved; nothing was.
#[derive(Debug, thiserror::Error)]
pub enum FamilyError {
    /// What was typed breaks a rule of the network; the field is named.
    #[error(transparent)]
    Person(#[from] PersonError),
    /// The link asked for cannot be drawn, in words.
    #[error("{0}")]
    Link(String),
    #[error("there is no such person in the family network")]
    NoSuchPerson,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The person standing for `child` in their network, starting the network
/// if there is none; with the network as it stands.
fn focus(w: &mut Writer<'_>, child: ChildId) -> Result<(i64, PersonId, Network), FamilyError> {
    let family = w.ensure_family(child)?;
    let network = w.network(child)?;
    let focus = network.child_person(child).ok_or(FamilyError::NoSuchPerson)?.id;
    Ok((family, focus, network))
}

/// Adds a person to `child`'s network, with what they are to the child
/// and their part in the child's plan; refused if they are already in it.
pub fn add_person(store: &mut Store, child: ChildId, entry: &PersonEntry) -> Result<PersonId, FamilyError> {
    store.write(|w| {
        let (family, focus, network) = focus(w, child)?;
        refuse_duplicate(&network, entry, None)?;
        let id = w.add_person(family, &entry.onto(&Person::new(PersonId(0), "", Sex::Unknown)))?;
        let connected = match &entry.relation {
            Some(Link::Connected(words)) => Some(words.clone()),
            Some(link) => {
                draw_link(w, &network, id, focus, link)?;
                None
            }
            None => None,
        };
        if connected.is_some() || entry.part != Default::default() {
            w.set_connection(&Connection {
                child: focus,
                person: id,
                connected,
                parental_responsibility: entry.part.parental_responsibility,
                viability: entry.part.viability,
                family_time: entry.part.family_time.clone(),
                potential_carer: entry.part.potential_carer,
            })?;
        }
        Ok(id)
    })
}

/// Corrects person `id` in `child`'s network: what the dialog asks about,
/// keeping the rest; their part in the child's plan too, unless they are
/// the child.
pub fn edit_person(
    store: &mut Store,
    child: ChildId,
    id: PersonId,
    entry: &PersonEntry,
) -> Result<(), FamilyError> {
    store.write(|w| {
        let (_, focus, network) = focus(w, child)?;
        let current = network.person(id).ok_or(FamilyError::NoSuchPerson)?;
        refuse_duplicate(&network, entry, Some(id))?;
        w.update_person(&entry.onto(current))?;
        if id == focus {
            return Ok(());
        }
        let before = network.connection(focus, id);
        if before.is_none() && entry.part == Default::default() {
            return Ok(());
        }
        w.set_connection(&Connection {
            child: focus,
            person: id,
            connected: before.and_then(|c| c.connected.clone()),
            parental_responsibility: entry.part.parental_responsibility,
            viability: entry.part.viability,
            family_time: entry.part.family_time.clone(),
            potential_carer: entry.part.potential_carer,
        })?;
        Ok(())
    })
}

/// Links `first` to `second` in `child`'s network ("first is a parent of
/// second"), as the domain allows.
pub fn link(
    store: &mut Store,
    child: ChildId,
    first: PersonId,
    second: PersonId,
    link: &Link,
) -> Result<(), FamilyError> {
    store.write(|w| {
        let network = w.network(child)?;
        if network.person(first).is_none() || network.person(second).is_none() {
            return Err(FamilyError::NoSuchPerson);
        }
        draw_link(w, &network, first, second, link)
    })
}

/// The link itself, inside a write: a sibling is given every parent the
/// other has, both ways, as siblings are worked out from parents.
fn draw_link(
    w: &mut Writer<'_>,
    network: &Network,
    first: PersonId,
    second: PersonId,
    link: &Link,
) -> Result<(), FamilyError> {
    refuse_link(network, first, second, link).map_err(FamilyError::Link)?;
    match link {
        Link::ParentOf => w.add_parent(first, second)?,
        Link::ChildOf => w.add_parent(second, first)?,
        Link::PartnerOf(partnership) => w.add_couple(Couple {
            a: first,
            b: second,
            partnership: *partnership,
        })?,
        Link::SiblingOf => {
            for (from, to) in [(first, second), (second, first)] {
                let theirs = network.parents_of(to);
                for parent in network.parents_of(from) {
                    if !theirs.contains(&parent) {
                        w.add_parent(parent, to)?;
                    }
                }
            }
        }
        Link::Connected(words) => {
            let mut connection = network.connection(second, first).cloned().unwrap_or(Connection {
                child: second,
                person: first,
                connected: None,
                parental_responsibility: false,
                viability: None,
                family_time: None,
                potential_carer: false,
            });
            connection.connected = Some(words.clone());
            w.set_connection(&connection)?;
        }
    }
    Ok(())
}

/// One link recorded between two people, as it can be taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Parent {
        parent: PersonId,
        child: PersonId,
    },
    Couple {
        a: PersonId,
        b: PersonId,
    },
    /// What `person` is to `child`, and their part in the child's plan.
    Connection {
        child: PersonId,
        person: PersonId,
    },
}

/// Every link recorded for `person`, each with what it says in words
/// ("parent of Kai Jones"), for choosing one to take back.
pub fn links_of(network: &Network, person: PersonId) -> Vec<(String, Recorded)> {
    let name = |id: PersonId| {
        network
            .person(id)
            .map_or_else(|| "someone".to_string(), |p| p.name.clone())
    };
    let mut found = Vec::new();
    for p in &network.parents {
        if p.parent == person {
            found.push((
                format!("parent of {}", name(p.child)),
                Recorded::Parent {
                    parent: p.parent,
                    child: p.child,
                },
            ));
        } else if p.child == person {
            found.push((
                format!("child of {}", name(p.parent)),
                Recorded::Parent {
                    parent: p.parent,
                    child: p.child,
                },
            ));
        }
    }
    for c in &network.couples {
        let other = if c.a == person {
            c.b
        } else if c.b == person {
            c.a
        } else {
            continue;
        };
        found.push((
            format!("{} with {}", c.partnership.code(), name(other)),
            Recorded::Couple { a: c.a, b: c.b },
        ));
    }
    for c in &network.connections {
        let (words, other) = if c.person == person {
            ("connection to", c.child)
        } else if c.child == person {
            ("connection of", c.person)
        } else {
            continue;
        };
        found.push((
            format!("{words} {}", name(other)),
            Recorded::Connection {
                child: c.child,
                person: c.person,
            },
        ));
    }
    found
}

/// Takes a recorded link back; `false` if it was no longer there.
pub fn unlink(store: &mut Store, recorded: Recorded) -> Result<bool, FamilyError> {
    Ok(store.write(|w| match recorded {
        Recorded::Parent { parent, child } => w.remove_parent(parent, child),
        Recorded::Couple { a, b } => w.remove_couple(a, b),
        Recorded::Connection { child, person } => w.remove_connection(child, person),
    })?)
}

/// `"2027-01-15: text"` as its date and text; text alone has no date. A
/// prefix of digits, `/` and `-` alone is meant as a date, so one that is
/// not a real day (`31/02/2025: ...`) is refused rather than kept as part
/// of the text.
pub fn outcome_parts(text: &str) -> Result<(&str, &str), String> {
    match text.split_once(':') {
        Some((day, rest)) if crate::domain::date::parse_date(day).is_ok() => Ok((day.trim(), rest.trim())),
        Some((day, _))
            if !day.trim().is_empty()
                && day
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '/' || c == '-') =>
        {
            let problem = crate::domain::date::parse_date(day).err().map(|e| e.to_string());
            Err(format!(
                "due: {}",
                problem.unwrap_or_else(|| format!("{} is not a date", day.trim()))
            ))
        }
        _ => Ok(("", text.trim())),
    }
}

/// Records a family meeting for `child`'s family with its outcomes, in
/// one write; with `timeline`, each outcome with a due date goes on that
/// plan. Returns how many went on the timeline.
pub fn record_meeting(
    store: &mut Store,
    child: ChildId,
    meeting: &NewFamilyMeeting,
    outcomes: &[NewOutcome],
    timeline: Option<PlanId>,
) -> Result<usize, StoreError> {
    store.write(|w| {
        let number = w.add_family_meeting(child, meeting)?;
        let mut added = 0;
        for outcome in outcomes {
            let outcome_id = w.add_outcome(number, outcome)?;
            if let (Some(plan), Some(due)) = (timeline, outcome.due) {
                w.outcome_to_timeline(outcome_id, plan, due)?;
                added += 1;
            }
        }
        Ok(added)
    })
}

#[cfg(test)]
mod tests;
