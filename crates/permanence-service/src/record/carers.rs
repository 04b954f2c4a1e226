//! The record form's carers: what the rows typed mean against the carers
//! the child has and the carers known (keep one, link a known one, add a
//! new one, take one off this child's record), the lines "Before saving"
//! lists, and carrying the steps out in the record's own write. A change
//! of carer is not an event of the child's history (the domain has none,
//! and the children import sets no carers): a move is recorded by its new
//! placement and the date it started.

use super::{FieldProblem, RecordError};
use crate::domain::child::ChildId;
use crate::domain::form::record::{CarerRow, RecordFields};
use crate::domain::people::Carer;
use crate::store::{KnownCarer, StoreError, Writer};

/// One change to the child's carers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarerStep {
    /// A carer already known now lives with the child.
    Link(i64, Carer),
    /// A carer not known before, living with the child.
    New(Carer),
    /// A carer the child no longer lives with (still known: a sibling may).
    Unlink(i64, Carer),
}

impl CarerStep {
    /// The step in words, as "Before saving" lists it.
    pub fn says(&self) -> String {
        match self {
            CarerStep::Link(_, c) => format!("Carers: {} added", describe(c)),
            CarerStep::New(c) => format!("Carers: {} added, a new carer", describe(c)),
            CarerStep::Unlink(_, c) => format!("Carers: {} taken off this child's record", describe(c)),
        }
    }
}

/// "Jane Doe (maternal grandmother, connected person)".
pub fn describe(carer: &Carer) -> String {
    let connected = if carer.connected_person {
        ", connected person"
    } else {
        ""
    };
    format!("{} ({}{connected})", carer.name, carer.relationship)
}

/// The carers in a line: "Jane Doe (…); John Doe (…)", or "none".
pub fn listed(carers: &[Carer]) -> String {
    if carers.is_empty() {
        return "none".to_string();
    }
    carers.iter().map(describe).collect::<Vec<_>>().join("; ")
}

/// Whether the row names this carer: the same name (in any case), and
/// the relationship and connected person as typed where typed.
fn names(row: &CarerRow, carer: &Carer) -> bool {
    row.name.to_lowercase() == carer.name.trim().to_lowercase()
        && (row.relationship.is_empty()
            || row.relationship.to_lowercase() == carer.relationship.trim().to_lowercase())
        && row.connected_person.is_none_or(|c| c == carer.connected_person)
}

/// What the rows make of the child's carers (`had`), picking known
/// carers (`known`) by name: each row kept, linked or new, each carer no
/// row names taken off. A new carer needs a relationship and whether
/// they are a connected person, refused on the carers field otherwise.
pub fn steps(
    fields: &RecordFields,
    rows: &[CarerRow],
    had: &[KnownCarer],
    known: &[KnownCarer],
) -> Result<Vec<CarerStep>, RecordError> {
    let mut kept: Vec<i64> = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        if let Some((id, _)) = had.iter().find(|(id, c)| !kept.contains(id) && names(row, c)) {
            kept.push(*id);
            continue;
        }
        if let Some((id, c)) = known.iter().find(|(_, c)| names(row, c)) {
            if !kept.contains(id) {
                kept.push(*id);
                out.push(CarerStep::Link(*id, c.clone()));
            }
            continue;
        }
        let (Some(connected), false) = (row.connected_person, row.relationship.is_empty()) else {
            return Err(RecordError::Invalid(vec![FieldProblem {
                field: fields.carers.clone().unwrap_or_default(),
                message: format!(
                    "carers: {} is not a carer known here: give their relationship to the child and whether they are a connected person",
                    crate::domain::import::excerpt(&row.name)
                ),
            }]));
        };
        out.push(CarerStep::New(Carer {
            name: row.name.clone(),
            relationship: row.relationship.clone(),
            connected_person: connected,
        }));
    }
    out.extend(
        had.iter()
            .filter(|(id, _)| !kept.contains(id))
            .map(|(id, c)| CarerStep::Unlink(*id, c.clone())),
    );
    Ok(out)
}

/// The child's carers once the steps are taken, from `had`.
pub fn after(had: &[KnownCarer], steps: &[CarerStep]) -> Vec<Carer> {
    let mut carers: Vec<Carer> = had
        .iter()
        .filter(|(id, _)| {
            !steps
                .iter()
                .any(|s| matches!(s, CarerStep::Unlink(u, _) if u == id))
        })
        .map(|(_, c)| c.clone())
        .collect();
    carers.extend(steps.iter().filter_map(|s| match s {
        CarerStep::Link(_, c) | CarerStep::New(c) => Some(c.clone()),
        CarerStep::Unlink(..) => None,
    }));
    carers.sort_by(|a, b| a.name.cmp(&b.name));
    carers
}

/// Takes the steps, in the record's write: each audited, each moving the
/// record's version.
pub fn save(w: &mut Writer<'_>, child: ChildId, steps: &[CarerStep]) -> Result<(), StoreError> {
    for step in steps {
        match step {
            CarerStep::Link(id, _) => w.link_carer(child, *id)?,
            CarerStep::New(carer) => {
                w.new_carer_of(child, carer)?;
            }
            CarerStep::Unlink(id, _) => w.unlink_carer(child, *id)?,
        }
    }
    Ok(())
}
