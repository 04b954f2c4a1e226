//! One child of a bulk read as the read has them: what is wanted of them
//! borrowed from the row SQLite holds ([`CohortHead`]), their carers,
//! plans, events and summary decoded ([`CohortRow`]), and the rest of
//! their record (names, dates of birth, the IRO) made only when asked
//! for ([`CohortRow::into_record`]). The dashboard counts most of a
//! national caseload from the head alone (issue 19): ten strings a child
//! made and let go were a third of its read.

use super::{CohortRecord, record};
use crate::StoreError;
use permanence_domain::child::{ChildId, LegalStatus};
use permanence_domain::event::RecordedEvent;
use permanence_domain::people::Carer;
use permanence_domain::plan::Plan;
use permanence_domain::timeline::Summary;
use rusqlite::Row;
use rusqlite::types::Type;

/// What a bulk read knows of a child before reading anything else of
/// them: enough to decide whether they are wanted, and to count them
/// where that is all a chart needs. Borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortHead<'r> {
    pub id: ChildId,
    pub reference: &'r str,
    pub team: Option<&'r str>,
    /// The allocated worker's username and display name.
    pub worker: Option<&'r str>,
    pub worker_name: Option<&'r str>,
    pub legal_status: LegalStatus,
    pub placement_type: Option<&'r str>,
}

/// The text of column `i`, borrowed from the row: no copy.
fn text<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// The head of a row of the bulk read's children query (its columns as
/// [`super::record`] reads them).
pub(super) fn head<'r>(row: &'r Row<'_>) -> rusqlite::Result<CohortHead<'r>> {
    Ok(CohortHead {
        id: ChildId(row.get(0)?),
        reference: text(row, 1)?.unwrap_or_default(),
        legal_status: match text(row, 5)? {
            None => LegalStatus::default(),
            Some(code) => LegalStatus::parse(code).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    Type::Text,
                    format!("legal_status: cannot read {code:?}").into(),
                )
            })?,
        },
        placement_type: text(row, 6)?,
        worker: text(row, 8)?,
        team: text(row, 9)?,
        worker_name: text(row, 12)?,
    })
}

/// A child read in bulk: their head, and what the trackers read of their
/// carers, plans and events, with their summary on the day.
pub struct CohortRow<'r> {
    pub head: CohortHead<'r>,
    /// By name, as the child's record lists them.
    pub carers: Vec<Carer>,
    /// Every plan, active first, in the order the record lists them.
    pub plans: Vec<Plan>,
    /// The standing events of the kinds asked for, in the order they
    /// happened.
    pub events: Vec<RecordedEvent>,
    /// The summary of the child's timeline on the day, where they have a
    /// plan (`None` where it is stale, until the caller works it out).
    pub summary: Option<Summary>,
    /// The decision last recorded at a kinship meeting held by the day.
    pub kinship_decision: Option<String>,
    pub(super) row: &'r Row<'r>,
}

impl CohortRow<'_> {
    /// The child's whole record as the trackers read it, the rest of
    /// their fields read from the row.
    pub fn into_record(self) -> Result<CohortRecord, StoreError> {
        let mut record = record(self.row)?;
        record.carers = self.carers;
        record.plans = self.plans;
        record.events = self.events;
        record.summary = self.summary;
        record.kinship_decision = self.kinship_decision;
        Ok(record)
    }
}
