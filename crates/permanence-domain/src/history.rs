//! A child's history brought in from another system: the events an import
//! (`permanence import events`, `permanence import ssda903`) would record,
//! each named by where it came from.
//!
//! The source is what makes an import idempotent: importing next month's
//! files again finds each event by its source and updates it (a corrected
//! date or note) rather than adding a second, and never touches an event
//! recorded in the app, which has no source.

use crate::event::Event;
use chrono::NaiveDate;

/// One event of a child's history as an import proposes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The child's reference (`ref`; in the SSDA903 tables, `CHILD`).
    pub reference: String,
    pub event: Event,
    pub on: NaiveDate,
    pub note: Option<String>,
    /// Where the event came from, unique among one child's imported
    /// events and stable from one import of the same source to the next:
    /// for example `ssda903:episodes:2019-04-01:LS` for the legal status
    /// an episode starting on 01/04/2019 recorded, or
    /// `events:case-review:2024-03-02` for a row of an events file.
    pub source: String,
}
