//! A child's chronology: the dated list of significant events in their
//! life, for the Legal Gateway (Warrington, section 7: "Genogram,
//! Chronology, ...") and for the Child Permanence Report, where
//! "Chronologies are a crucial component" (Appendix 8).
//!
//! Entries come from two places. Workers write some (an incident, a birth,
//! a health appointment), saying where the information came from, and
//! whether it has been confirmed: Appendix 8 asks that "Where unverified
//! information is used make sure that it is clearly stated as such". The
//! rest are taken from the record itself: recorded events (the Gateway
//! decision, becoming looked after, orders, placements), plans starting,
//! ending or changing pathway, and RAG ratings changing at tracker
//! meetings. Those are the record's own facts, so they count as verified.
//!
//! Every entry has a stable key, so that a worker's mark "for the CPR" can
//! be stored against it and survive the chronology being built again.

use crate::date::{DateError, iso};
use crate::event::Event;
use crate::plan::PlanId;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt;

mod build;
mod draft;
mod filter;

pub use build::{
    MeetingHeld, PathwayChange, PlanChange, PlanHistory, Sources, WrittenEntry, build, event_kind, event_what,
};
pub use draft::{Draft, NewEntry, written};
pub use filter::Filter;

/// What an entry is about: the headings a worker filters a chronology by.
///
/// The set follows what Appendix 8 asks a child's chronology to cover
/// ("early childhood, experience of being parented, risks/concerns, social
/// work support to address this, entry into care and progress in
/// placements, significant points in the court process and why adoption
/// became the plan"), kept small enough to choose from at a prompt:
///
/// - `legal`: Legal Gateway, pre-proceedings, proceedings and orders;
/// - `placement`: becoming looked after, moves, carers identified;
/// - `meeting`: planning meetings, reviews, panels, visits, tracker RAG;
/// - `plan`: plans starting, ending or changing, agency decisions;
/// - `assessment`: parenting, viability, sibling and expert assessments;
/// - `family`: births, relationships, family time, family events;
/// - `concern`: risks, concerns and incidents;
/// - `health`, `education`: the child's health and schooling;
/// - `other`: anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Legal,
    Placement,
    Meeting,
    Plan,
    Assessment,
    Family,
    Concern,
    Health,
    Education,
    Other,
}

// `code`: The name files and the command line use.
// `label`: How a screen or a printed chronology shows it.
// `parse`: Reads a code in any case.
crate::coded::coded! {
    Kind, loose;
    Legal => "legal", "Legal";
    Placement => "placement", "Placement";
    Meeting => "meeting", "Meeting";
    Plan => "plan", "Plan";
    Assessment => "assessment", "Assessment";
    Family => "family", "Family";
    Concern => "concern", "Risk or concern";
    Health => "health", "Health";
    Education => "education", "Education";
    Other => "other", "Other";
}

impl Kind {
    /// Reads a list of codes separated by commas or spaces
    /// (`legal,placement`), as a filter is typed.
    pub fn parse_list(text: &str) -> Result<BTreeSet<Kind>, ChronologyError> {
        text.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(|part| Kind::parse(part).ok_or_else(|| ChronologyError::UnknownKind(part.to_string())))
            .collect()
    }

    /// The codes, for messages and help: `legal, placement, ...`.
    pub fn codes() -> String {
        Kind::ALL.map(Kind::code).join(", ")
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// Written by a worker; the entry's `source` says where the
    /// information came from and `recorded_by` who wrote it.
    Written,
    /// A recorded event (Gateway decision, order, placement, ...).
    Event,
    /// A plan starting, ending or changing pathway.
    Plan,
    /// A RAG rating changing at a tracker meeting.
    Rag,
    /// A Family Group Conference or Family Network meeting recorded with
    /// the family.
    FamilyMeeting,
}

crate::coded::coded! {
    Origin, loose;
    Written => "written", "Written by a worker";
    Event => "event", "Recorded event";
    Plan => "plan", "Plan change";
    Rag => "rag", "RAG rating at a tracker meeting";
    FamilyMeeting => "family-meeting", "Family meeting record";
}

impl Origin {
    /// Whether the entry was made from the record rather than typed.
    pub fn automatic(self) -> bool {
        self != Origin::Written
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One line of a chronology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across rebuilds: `entry:{id}`, `event:{code}:{iso date}`,
    /// `plan:{id}:{started|ended|pathway-{iso date}}`, `rag:{iso date}`.
    pub key: String,
    pub on: NaiveDate,
    pub what: String,
    pub kind: Kind,
    pub origin: Origin,
    /// Where the information came from ("police report"); written
    /// entries only, and only if the worker said.
    pub source: Option<String>,
    /// The username of the worker who wrote it; written entries only.
    pub recorded_by: Option<String>,
    /// Marked to go into the Child Permanence Report.
    pub for_cpr: bool,
    /// Confirmed. Entries from the record always are; a written entry is
    /// if the worker said so.
    pub verified: bool,
}

impl Entry {
    /// The flags a printed chronology shows in words, never colour only.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut flags = Vec::new();
        if !self.verified {
            flags.push("unverified");
        }
        if self.for_cpr {
            flags.push("for the CPR");
        }
        flags
    }

    /// The source column: the worker's source for a written entry (or
    /// "not stated"), else where in the record the entry came from.
    pub fn source_label(&self) -> &str {
        match (&self.source, self.origin) {
            (Some(source), _) => source,
            (None, Origin::Written) => "not stated",
            (None, origin) => origin.label(),
        }
    }
}

/// The key of a written entry.
pub fn written_key(id: i64) -> String {
    format!("entry:{id}")
}

/// The key of a recorded event's entry.
pub fn event_key(event: Event, on: NaiveDate) -> String {
    format!("event:{}:{}", event.code(), iso(on))
}

/// The key of a RAG change's entry: one per day, since a tracker meeting
/// rates a child once.
pub fn rag_key(on: NaiveDate) -> String {
    format!("rag:{}", iso(on))
}

/// The key of a family meeting's entry.
pub fn family_meeting_key(id: i64) -> String {
    format!("family-meeting:{id}")
}

/// The key of a plan change's entry.
pub fn plan_key(plan: PlanId, change: &PlanChange) -> String {
    match change {
        PlanChange::Started => format!("plan:{}:started", plan.0),
        PlanChange::Ended => format!("plan:{}:ended", plan.0),
        // Dated, since a plan can change pathway more than once (and back).
        PlanChange::Pathway { on, .. } => format!("plan:{}:pathway-{}", plan.0, iso(*on)),
    }
}

/// Why a typed entry or filter was refused; each message starts with the
/// field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChronologyError {
    #[error("date: {0}")]
    Date(DateError),
    #[error("date: {on} is in the future (today is {today})")]
    Future { on: String, today: String },
    #[error("what: say what happened")]
    EmptyWhat,
    #[error("kind: {0} is not a kind (use {codes})", codes = Kind::codes())]
    UnknownKind(String),
    #[error("to: {to} is before from {from}")]
    RangeBackwards { from: String, to: String },
    #[error("{field}: {problem}")]
    TooLong {
        field: &'static str,
        problem: crate::sanitise::TooLong,
    },
}

#[cfg(test)]
mod tests;
