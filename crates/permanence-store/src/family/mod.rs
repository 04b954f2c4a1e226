//! A child's family network, the family meetings held with it, the
//! chronology entries workers write (with the entries marked for the
//! Child Permanence Report) and the Legal Gateway's papers and panel.
//!
//! A network belongs to a sibling group or to one child. It is found
//! through the person standing for the child, or failing that through any
//! sibling's person, so children in one sibling group share one network
//! and nobody in it is typed twice. Every change is audited; refusals are
//! [`StoreError::Refused`] with the [`RecordRule`] that said no (whose
//! words name no one), and are returned before anything is written, so
//! the whole change rolls back.
//!
//! This module holds what every part shares: the stored shapes, how a
//! child's network is found, and the checks that two people are in one
//! network. Reading is in `read`; each kind of change has a module of its
//! own (`people`, `links`, `meetings`, `chronology`, `gateway`), and a
//! bulk load's cheaper way to make the same changes is in `load`.

mod chronology;
mod gateway;
mod links;
mod load;
mod meetings;
mod people;
mod read;

use crate::{Change, Pair, RecordRule, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::family::{Network, Person, PersonId};
use read::{PERSON_COLUMNS, network_of_child, person};
use rusqlite::{Connection as Db, OptionalExtension};

/// A chronology entry a worker wrote, as stored: the columns, for the
/// chronology to turn into its own entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEntryRow {
    pub id: i64,
    pub child: ChildId,
    pub on_date: NaiveDate,
    pub what: String,
    pub kind: String,
    pub source: Option<String>,
    /// The username of whoever wrote it.
    pub recorded_by: Option<String>,
    pub verified: bool,
    /// When it was written (UTC, ISO 8601).
    pub recorded_at: Option<String>,
}

/// What a worker writes, or corrects, in a chronology entry. Who wrote it
/// and when are taken from the write itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEntryFields {
    pub on_date: NaiveDate,
    pub what: String,
    pub kind: String,
    pub source: Option<String>,
    pub verified: bool,
}

/// The Legal Gateway panel a child is going to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayPanelRow {
    pub panel_date: NaiveDate,
    pub pre_proceedings: bool,
}

fn corrupt(column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{column}: cannot read {text:?}").into(),
    )
}

fn optional_day(text: Option<String>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    super::day::optional_day(text.as_deref(), column)
}

/// The child's family: through their own person, or failing that through
/// a sibling's (the lowest-numbered family, should siblings somehow be in
/// two).
fn family_of(conn: &Db, child: ChildId) -> Result<Option<i64>, StoreError> {
    let own = conn
        .prepare_cached("SELECT family_id FROM family_people WHERE child_id = ?1")?
        .query_row([child.0], |r| r.get(0))
        .optional()?;
    if own.is_some() {
        return Ok(own);
    }
    Ok(conn
        .prepare_cached(
            "SELECT p.family_id FROM children me
             JOIN children sibling ON sibling.sibling_group = me.sibling_group AND sibling.id <> me.id
             JOIN family_people p ON p.child_id = sibling.id
             WHERE me.id = ?1 AND me.sibling_group <> ''
             ORDER BY p.family_id LIMIT 1",
        )?
        .query_row([child.0], |r| r.get(0))
        .optional()?)
}

impl Writer<'_> {
    /// As [`Store::family_id`], inside this write.
    pub fn family_id(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        family_of(self.tx, child)
    }

    /// As [`Store::network`], inside this write.
    pub fn network(&self, child: ChildId) -> Result<Network, StoreError> {
        network_of_child(self.tx, child)
    }

    /// The child's reference, for the audit entry; refuses a child that
    /// is not on the caseload.
    fn child_reference(&self, child: ChildId) -> Result<String, StoreError> {
        self.tx
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::Refused(RecordRule::ChildNotOnCaseload))
    }

    fn person_row(&self, id: PersonId) -> Result<Option<(i64, Person)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS}, family_id FROM family_people WHERE id = ?1"
            ))?
            .query_row([id.0], |r| Ok((r.get(11)?, person(r)?)))
            .optional()?)
    }

    /// The family both people are in; refuses two families. Both looked
    /// up in one statement: a demo's bulk load asks it of every link.
    fn shared_family(&self, a: PersonId, b: PersonId, pair: Pair) -> Result<i64, StoreError> {
        let (family_a, family_b): (Option<i64>, Option<i64>) = self
            .tx
            .prepare_cached(
                "SELECT (SELECT family_id FROM family_people WHERE id = ?1),
                        (SELECT family_id FROM family_people WHERE id = ?2)",
            )?
            .query_row([a.0, b.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (Some(family), Some(other)) = (family_a, family_b) else {
            return Err(StoreError::Refused(RecordRule::NoSuchPerson));
        };
        if other != family {
            return Err(StoreError::Refused(RecordRule::DifferentNetworks(pair)));
        }
        Ok(family)
    }

    /// Audits a change, the entry (and the JSON it holds) made only when
    /// it is written: a bulk load writes none, and the demo's makes a
    /// million of these changes.
    fn audit_with<'c>(&mut self, change: impl FnOnce() -> Change<'c>) -> Result<(), StoreError> {
        if self.quiet {
            return Ok(());
        }
        self.audit(change())
    }
}

#[cfg(test)]
mod tests;
