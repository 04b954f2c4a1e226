//! One child of a bulk read as the read has them: what is wanted of them
//! borrowed from the row SQLite holds ([`CohortHead`]), their carers,
//! plans, events and summary decoded ([`CohortRow`]), and the rest of
//! their record (names, dates of birth, the IRO) made only when asked
//! for ([`CohortRow::into_record`]). The dashboard counts most of a
//! national caseload from the head alone (issue 19): ten strings a child
//! made and let go were a third of its read.

use super::{CohortRecord, record};
use crate::StoreError;
use crate::day::optional_day;
use chrono::NaiveDate;
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

/// A value of column `i` that `parse` cannot read, named as
/// [`crate::queries::decode`] names one.
fn unreadable(i: usize, column: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, Type::Text, format!("{column}: cannot read {text:?}").into())
}

/// Column `i` read by `parse` in place (no copy of its text), `None`
/// where it is NULL.
pub(super) fn parsed<T>(
    row: &Row<'_>,
    i: usize,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match text(row, i)? {
        None => Ok(None),
        Some(t) => parse(t).map(Some).ok_or_else(|| unreadable(i, column, t)),
    }
}

/// The day in column `i` read in place, `None` where it is NULL.
pub(super) fn day(row: &Row<'_>, i: usize, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    optional_day(text(row, i)?, column)
}

/// Every user's username and display name by id, read once for a bulk
/// read: each child's worker and IRO are looked up here rather than
/// joined in SQL, two searches of `workers` a child that were a quarter
/// of the caseload's query (issue 19).
pub(super) struct Workers {
    /// (username, display name), in id order.
    names: Vec<(String, String)>,
    /// Each one's id, ascending: searched where [`Workers::slots`] is empty.
    ids: Vec<i64>,
    /// Each id's place in `names` at `id - first` (`u32::MAX` for none),
    /// where the ids run from `first` with few gaps, as SQLite gives them:
    /// one look-up a child, where a binary search of thousands of users
    /// missed the cache at every step (a tenth of the read).
    slots: Vec<u32>,
    first: i64,
}

/// The users by id, as [`Workers`] holds them.
const WORKERS: &str = "SELECT id, username, display_name FROM workers ORDER BY id";

impl Workers {
    pub(super) fn read(conn: &rusqlite::Connection) -> rusqlite::Result<Workers> {
        let mut statement = conn.prepare_cached(WORKERS)?;
        let mut rows = statement.query([])?;
        let (mut ids, mut names) = (Vec::new(), Vec::new());
        while let Some(row) = rows.next()? {
            ids.push(row.get::<_, i64>(0)?);
            names.push((row.get(1)?, row.get(2)?));
        }
        let first = ids.first().copied().unwrap_or_default();
        let span = ids.last().map_or(0, |last| last.saturating_sub(first));
        // Few gaps: no more slots than four a user.
        let dense = usize::try_from(span)
            .ok()
            .filter(|span| *span < 4 * ids.len() + 64 && ids.len() < u32::MAX as usize);
        let mut slots = Vec::new();
        if let Some(span) = dense {
            slots = vec![u32::MAX; span + 1];
            for (at, id) in ids.iter().enumerate() {
                let (Ok(slot), Ok(at)) = (usize::try_from(id - first), u32::try_from(at)) else {
                    continue;
                };
                if let Some(s) = slots.get_mut(slot) {
                    *s = at;
                }
            }
        }
        Ok(Workers {
            names,
            ids,
            slots,
            first,
        })
    }

    /// The username and display name of the user whose id is in column
    /// `i` (`None` where it is NULL: a child's user ids are foreign keys,
    /// so an id is always found within one snapshot).
    pub(super) fn of(&self, row: &Row<'_>, i: usize) -> rusqlite::Result<Option<(&str, &str)>> {
        let Some(id) = row.get::<_, Option<i64>>(i)? else {
            return Ok(None);
        };
        let at = match self.slots.is_empty() {
            true => self.ids.binary_search(&id).ok(),
            false => usize::try_from(id.wrapping_sub(self.first))
                .ok()
                .and_then(|slot| self.slots.get(slot))
                .and_then(|&at| usize::try_from(at).ok()),
        };
        Ok(at
            .and_then(|at| self.names.get(at))
            .map(|(username, name)| (username.as_str(), name.as_str())))
    }
}

/// The head of a row of the bulk read's children query (its columns as
/// [`super::record`] reads them), the worker's names from `workers`.
pub(super) fn head<'r>(row: &'r Row<'_>, workers: &'r Workers) -> rusqlite::Result<CohortHead<'r>> {
    let worker = workers.of(row, 8)?;
    Ok(CohortHead {
        id: ChildId(row.get(0)?),
        reference: text(row, 1)?.unwrap_or_default(),
        legal_status: parsed(row, 5, "legal_status", LegalStatus::parse)?.unwrap_or_default(),
        placement_type: text(row, 6)?,
        worker: worker.map(|(username, _)| username),
        team: text(row, 9)?,
        worker_name: worker.map(|(_, name)| name),
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
    /// The IRO's username and display name.
    pub(super) iro: Option<(&'r str, &'r str)>,
    pub(super) row: &'r Row<'r>,
}

impl CohortRow<'_> {
    /// The child's whole record as the trackers read it, the rest of
    /// their fields read from the row.
    pub fn into_record(self) -> Result<CohortRecord, StoreError> {
        let mut record = record(self.row, &self.head, self.iro)?;
        record.carers = self.carers;
        record.plans = self.plans;
        record.events = self.events;
        record.summary = self.summary;
        record.kinship_decision = self.kinship_decision;
        Ok(record)
    }
}
