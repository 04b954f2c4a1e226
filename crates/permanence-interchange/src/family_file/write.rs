//! A stored family network written out as a family network file, in the
//! shape `validate` reads, with handles made from people's names, so that
//! a network can be moved from one database to another.

use crate::domain::child::ChildId;
use crate::domain::family::{Network, PersonId};
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// A TOML string, quoted and escaped as TOML wants.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn toml_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Handles for everyone in the network: the first word of their name in
/// lower case ("sarah"), numbered where two would be the same.
fn handles(network: &Network) -> BTreeMap<PersonId, String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for person in &network.people {
        let first = person.name.split_whitespace().next().unwrap_or("");
        let mut stem: String = first
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-')
            .flat_map(char::to_lowercase)
            .collect();
        if stem.is_empty() {
            stem = "person".to_string();
        }
        let mut handle = stem.clone();
        let mut n = 1;
        while !taken.insert(handle.clone()) {
            n += 1;
            handle = format!("{stem}-{n}");
        }
        out.insert(person.id, handle);
    }
    out
}

/// Writes a network out as a family network file. `reference` gives the
/// case reference of a caseload child (`None` leaves the person as an
/// ordinary one), so that importing the file matches them to the child.
pub fn to_toml(network: &Network, reference: impl Fn(ChildId) -> Option<String>) -> String {
    let handles = handles(network);
    let handle = |id: PersonId| handles.get(&id).map_or_else(|| quoted("?"), |h| quoted(h));
    let mut out = String::from(
        "# A family network: load it with `permanence family REF --import FILE`.\n\
         # Each id is a handle used only within this file.\n",
    );
    for person in &network.people {
        let _ = write!(
            out,
            "\n[[person]]\nid = {}\nname = {}\nsex = {}\n",
            handle(person.id),
            quoted(&person.name),
            quoted(person.sex.code())
        );
        if let Some(born) = person.date_of_birth {
            let _ = writeln!(out, "born = {}", toml_date(born));
        }
        if person.deceased {
            out.push_str("deceased = true\n");
        }
        for (key, value) in [
            ("household", &person.household),
            ("culture", &person.culture),
            ("language", &person.language),
            ("religion", &person.religion),
            ("contact", &person.contact),
        ] {
            if let Some(value) = value {
                let _ = writeln!(out, "{key} = {}", quoted(value));
            }
        }
        if let Some(reference) = person.child.and_then(&reference) {
            let _ = writeln!(out, "child = {}", quoted(&reference));
        }
    }
    // One [[parents]] a child, their parents in the order recorded.
    let mut parents: BTreeMap<PersonId, Vec<PersonId>> = BTreeMap::new();
    for link in &network.parents {
        parents.entry(link.child).or_default().push(link.parent);
    }
    for (child, of) in parents {
        let list: Vec<String> = of.into_iter().map(handle).collect();
        let _ = write!(
            out,
            "\n[[parents]]\nchild = {}\nparents = [{}]\n",
            handle(child),
            list.join(", ")
        );
    }
    for couple in &network.couples {
        let _ = write!(
            out,
            "\n[[couple]]\npeople = [{}, {}]\npartnership = {}\n",
            handle(couple.a),
            handle(couple.b),
            quoted(couple.partnership.code())
        );
    }
    for connection in &network.connections {
        let _ = write!(
            out,
            "\n[[connection]]\nperson = {}\nchild = {}\n",
            handle(connection.person),
            handle(connection.child)
        );
        if let Some(connected) = &connection.connected {
            let _ = writeln!(out, "connected = {}", quoted(connected.code()));
        }
        let _ = writeln!(
            out,
            "parental_responsibility = {}",
            connection.parental_responsibility
        );
        if let Some((viability, on)) = connection.viability {
            let _ = writeln!(
                out,
                "viability = {}\nviability_on = {}",
                quoted(viability.code()),
                toml_date(on)
            );
        }
        if let Some(family_time) = &connection.family_time {
            let _ = writeln!(out, "family_time = {}", quoted(family_time));
        }
        let _ = writeln!(out, "potential_carer = {}", connection.potential_carer);
    }
    out
}

/// The child's network as a family network file, the caseload children in
/// it named by their case references.
pub fn export(store: &Store, child: ChildId) -> Result<String, StoreError> {
    let network = store.network(child)?;
    let mut references: HashMap<ChildId, String> = HashMap::new();
    for id in network.people.iter().filter_map(|p| p.child) {
        if let Some(detail) = store.child_detail(id)? {
            references.insert(id, detail.fields.reference);
        }
    }
    Ok(to_toml(&network, |id| references.get(&id).cloned()))
}
