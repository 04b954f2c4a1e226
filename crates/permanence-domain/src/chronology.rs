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

use crate::child::Rag;
use crate::date::{DateError, iso, parse_date, uk};
use crate::event::{Event, RecordedEvent};
use crate::plan::{Plan, PlanId, PlanRole};
use crate::sanitise::{Size, line_field};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

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

/// A Family Group Conference or Family Network meeting, as the chronology
/// tells it: when, what kind, and how many outcomes were agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingHeld {
    pub id: i64,
    pub held_on: NaiveDate,
    /// "Family Group Conference" or "Family Network meeting".
    pub kind: String,
    pub outcomes: usize,
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

/// An entry a worker wrote, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenEntry {
    pub id: i64,
    pub on: NaiveDate,
    pub what: String,
    pub kind: Kind,
    pub source: Option<String>,
    /// The username of whoever wrote it, if known.
    pub recorded_by: Option<String>,
    pub verified: bool,
}

/// A plan's history as the chronology tells it. [`Plan`] knows when a
/// plan started; when it ended and any change of pathway come from the
/// store's history of the plan, when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanHistory {
    pub plan: Plan,
    /// When the plan was closed, if known. A closed plan without a date
    /// gets no "ended" entry, since a chronology entry needs a date.
    pub ended: Option<NaiveDate>,
    /// Changes of pathway, each with the pathway before and after.
    pub pathway_changes: Vec<PathwayChange>,
}

impl PlanHistory {
    /// A plan with no end and no change of pathway known.
    pub fn started(plan: Plan) -> PlanHistory {
        PlanHistory {
            plan,
            ended: None,
            pathway_changes: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayChange {
    pub on: NaiveDate,
    pub from: String,
    pub to: String,
}

/// What happened to a plan, for its entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanChange {
    Started,
    Pathway { on: NaiveDate },
    Ended,
}

/// Everything a child's chronology is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    pub written: Vec<WrittenEntry>,
    pub events: Vec<RecordedEvent>,
    pub plans: Vec<PlanHistory>,
    /// RAG changes: (date, rating before, rating after).
    pub rag: Vec<(NaiveDate, Option<Rag>, Rag)>,
    /// The family's Family Group Conferences and Family Network meetings.
    pub meetings: Vec<MeetingHeld>,
    /// Recorded events, plans and RAG changes dated after today are left
    /// out: a recorded event's date can be the date it is planned for,
    /// and a chronology lists what has happened.
    pub today: NaiveDate,
}

/// Builds the chronology: every source once, in date order.
///
/// Within a day, written entries come first (a worker's account of what
/// happened usually explains what the agency did that day), then recorded
/// events (in [`Event::ALL`] order), plan changes (by plan, then started,
/// changed, ended) and the RAG change; written entries by id. A recorded
/// event given twice appears once; RAG changes on one day are one entry,
/// from the first rating to the last, and none if the rating ended where
/// it began.
pub fn build(sources: &Sources, marks: &BTreeSet<String>) -> Vec<Entry> {
    // (date, origin rank, number within the origin, step within that): a
    // total order, so the same sources always give the same chronology.
    type Order = (NaiveDate, u8, i64, u8);
    let mut entries: Vec<(Order, Entry)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |order: Order, mut entry: Entry| {
        if seen.insert(entry.key.clone()) {
            entry.for_cpr = marks.contains(&entry.key);
            entries.push((order, entry));
        }
    };
    let automatic = |key: String, on: NaiveDate, what: String, kind: Kind, origin: Origin| Entry {
        key,
        on,
        what,
        kind,
        origin,
        source: None,
        recorded_by: None,
        for_cpr: false,
        verified: true,
    };

    for w in &sources.written {
        let entry = Entry {
            key: written_key(w.id),
            on: w.on,
            what: w.what.clone(),
            kind: w.kind,
            origin: Origin::Written,
            source: w.source.clone(),
            recorded_by: w.recorded_by.clone(),
            for_cpr: false,
            verified: w.verified,
        };
        push((w.on, 0, w.id, 0), entry);
    }

    for e in sources.events.iter().filter(|e| e.on <= sources.today) {
        let rank = Event::ALL.iter().position(|x| *x == e.event).unwrap_or(0);
        let entry = automatic(
            event_key(e.event, e.on),
            e.on,
            event_what(e.event).to_string(),
            event_kind(e.event),
            Origin::Event,
        );
        push((e.on, 1, i64::try_from(rank).unwrap_or(0), 0), entry);
    }

    for history in &sources.plans {
        let plan = &history.plan;
        let role = role_word(plan.role);
        let mut changes = vec![(
            plan.start,
            PlanChange::Started,
            format!("{role} plan began: {}", plan.pathway),
            0,
        )];
        for change in &history.pathway_changes {
            changes.push((
                change.on,
                PlanChange::Pathway { on: change.on },
                format!(
                    "{role} plan changed pathway from {} to {}",
                    change.from, change.to
                ),
                1,
            ));
        }
        if let Some(ended) = history.ended {
            changes.push((
                ended,
                PlanChange::Ended,
                format!("{role} plan ended: {}", plan.pathway),
                2,
            ));
        }
        for (on, change, what, step) in changes {
            if on > sources.today {
                continue;
            }
            let entry = automatic(plan_key(plan.id, &change), on, what, Kind::Plan, Origin::Plan);
            push((on, 2, plan.id.0, step), entry);
        }
    }

    // One entry per day: the first rating before and the last after.
    let mut by_day: BTreeMap<NaiveDate, (Option<Rag>, Rag)> = BTreeMap::new();
    for (on, from, to) in sources.rag.iter().filter(|(on, _, _)| *on <= sources.today) {
        by_day
            .entry(*on)
            .and_modify(|(_, last)| *last = *to)
            .or_insert((*from, *to));
    }
    for (on, (from, to)) in by_day {
        if from == Some(to) {
            continue;
        }
        let what = match from {
            None => format!("RAG rating set to {}", rag_words(to)),
            Some(from) => format!("RAG rating changed from {} to {}", rag_words(from), rag_words(to)),
        };
        push(
            (on, 3, 0, 0),
            automatic(rag_key(on), on, what, Kind::Meeting, Origin::Rag),
        );
    }

    for meeting in sources.meetings.iter().filter(|m| m.held_on <= sources.today) {
        let agreed = match meeting.outcomes {
            0 => String::new(),
            1 => ": 1 outcome agreed".to_string(),
            n => format!(": {n} outcomes agreed"),
        };
        push(
            (meeting.held_on, 4, meeting.id, 0),
            automatic(
                family_meeting_key(meeting.id),
                meeting.held_on,
                format!("{} held{agreed}", meeting.kind),
                Kind::Family,
                Origin::FamilyMeeting,
            ),
        );
    }

    entries.sort_by_key(|(order, _)| *order);
    entries.into_iter().map(|(_, entry)| entry).collect()
}

fn role_word(role: PlanRole) -> &'static str {
    match role {
        PlanRole::Primary => "Primary",
        PlanRole::Contingency => "Contingency",
    }
}

/// A rating in words with its letter, so colour is never the only signal.
fn rag_words(rag: Rag) -> String {
    format!("{} ({})", rag.word(), rag.letter())
}

/// How a recorded event reads as a line of a chronology.
pub fn event_what(event: Event) -> &'static str {
    match event {
        Event::Gateway => "Legal Gateway decision",
        Event::LookedAfter => "Became looked after",
        Event::Ppm => "Permanence Planning Meeting",
        Event::CaseReview => "Case review",
        Event::Issue => "Care proceedings issued",
        Event::DecisionToIssue => "Decision to issue care proceedings",
        Event::CourtExtension => "Extension granted by the court",
        Event::Shobpa => "Agency Decision Maker's decision: should be placed for adoption (SHOBPA)",
        Event::PlacementOrder => "Placement Order made",
        Event::MatchingPanel => "Matching panel",
        Event::Placement => "Placement began",
        Event::OrderMade => "Order made",
        Event::OrderExpiry => "Order expired",
        Event::Visit => "Statutory visit",
        Event::AdopterIdentified => "Adopter identified",
        Event::CarerIdentified => "Permanent carer identified",
        Event::ExtensionAgreed => "Extension of pre-proceedings agreed",
        Event::SecondPeriod => "Second period of pre-proceedings began",
        Event::Shortlisting => "Adopters shortlisted",
        Event::CareOrder => "Care Order made",
        Event::SpecialGuardianshipOrder => "Special Guardianship Order made",
        Event::ChildArrangementsOrder => "Child Arrangements Order made",
        Event::NoOrder => "Proceedings ended with no order",
    }
}

/// The kind a recorded event files under.
pub fn event_kind(event: Event) -> Kind {
    match event {
        Event::Gateway
        | Event::Issue
        | Event::DecisionToIssue
        | Event::CourtExtension
        | Event::PlacementOrder
        | Event::OrderMade
        | Event::OrderExpiry
        | Event::ExtensionAgreed
        | Event::SecondPeriod
        | Event::CareOrder
        | Event::SpecialGuardianshipOrder
        | Event::ChildArrangementsOrder
        | Event::NoOrder => Kind::Legal,
        Event::LookedAfter | Event::Placement | Event::AdopterIdentified | Event::CarerIdentified => {
            Kind::Placement
        }
        Event::Ppm | Event::CaseReview | Event::MatchingPanel | Event::Visit | Event::Shortlisting => {
            Kind::Meeting
        }
        // The agency's decision that adoption is the plan, not a court's.
        Event::Shobpa => Kind::Plan,
    }
}

/// Which entries a worker wants to see or print. Dates are inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `None` keeps every kind.
    pub kinds: Option<BTreeSet<Kind>>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub for_cpr_only: bool,
}

impl Filter {
    /// A filter, refusing a range that ends before it starts.
    pub fn new(
        kinds: Option<BTreeSet<Kind>>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        for_cpr_only: bool,
    ) -> Result<Filter, ChronologyError> {
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(ChronologyError::RangeBackwards {
                from: uk(from),
                to: uk(to),
            });
        }
        Ok(Filter {
            kinds,
            from,
            to,
            for_cpr_only,
        })
    }

    pub fn keeps(&self, entry: &Entry) -> bool {
        self.kinds
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&entry.kind))
            && self.from.is_none_or(|from| entry.on >= from)
            && self.to.is_none_or(|to| entry.on <= to)
            && (!self.for_cpr_only || entry.for_cpr)
    }

    /// The entries the filter keeps, in their order.
    pub fn apply(&self, entries: Vec<Entry>) -> Vec<Entry> {
        entries.into_iter().filter(|e| self.keeps(e)).collect()
    }

    /// What the filter keeps, in words, for a printed chronology's heading;
    /// `None` when it keeps everything.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(kinds) = &self.kinds {
            let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
            parts.push(if labels.is_empty() {
                "no kinds".to_string()
            } else {
                labels.join(", ")
            });
        }
        match (self.from, self.to) {
            (Some(from), Some(to)) => parts.push(format!("{} to {}", uk(from), uk(to))),
            (Some(from), None) => parts.push(format!("from {}", uk(from))),
            (None, Some(to)) => parts.push(format!("up to {}", uk(to))),
            (None, None) => {}
        }
        if self.for_cpr_only {
            parts.push("marked for the CPR".to_string());
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// What a worker typed for a new or amended entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// `DD/MM/YYYY` or ISO.
    pub on: String,
    pub what: String,
    /// A [`Kind`] code; blank is `other`.
    pub kind: String,
    /// Where the information came from; blank if not said.
    pub source: String,
    pub verified: bool,
}

/// A written entry that has passed [`written`], ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub on: NaiveDate,
    pub what: String,
    pub kind: Kind,
    pub source: Option<String>,
    pub verified: bool,
}

impl NewEntry {
    /// The entry as stored, once the store has numbered it.
    pub fn stored(self, id: i64, recorded_by: &str) -> WrittenEntry {
        WrittenEntry {
            id,
            on: self.on,
            what: self.what,
            kind: self.kind,
            source: self.source,
            recorded_by: Some(recorded_by.to_string()),
            verified: self.verified,
        }
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

/// Checks an entry a worker typed: a real date not after `today`, and
/// something said about what happened. Text is cleaned of control
/// characters and line breaks, since an entry is one line of a table.
pub fn written(draft: &Draft, today: NaiveDate) -> Result<NewEntry, ChronologyError> {
    let on = parse_date(&draft.on).map_err(ChronologyError::Date)?;
    if on > today {
        return Err(ChronologyError::Future {
            on: uk(on),
            today: uk(today),
        });
    }
    let long = |field| move |problem| ChronologyError::TooLong { field, problem };
    let what = line_field(&draft.what, Size::Text).map_err(long("what"))?;
    if what.is_empty() {
        return Err(ChronologyError::EmptyWhat);
    }
    let kind = match draft.kind.trim() {
        "" => Kind::Other,
        text => Kind::parse(text).ok_or_else(|| ChronologyError::UnknownKind(text.to_string()))?,
    };
    let source = line_field(&draft.source, Size::Name).map_err(long("source"))?;
    Ok(NewEntry {
        on,
        what,
        kind,
        source: (!source.is_empty()).then_some(source),
        verified: draft.verified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PlanStatus, Stage};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn plan(id: i64, pathway: &str, role: PlanRole, start: NaiveDate) -> Plan {
        Plan {
            id: PlanId(id),
            pathway: pathway.into(),
            role,
            start,
            stage: Stage::Proceedings,
            status: PlanStatus::Active,
        }
    }

    fn written_entry(id: i64, on: NaiveDate, what: &str, kind: Kind, verified: bool) -> WrittenEntry {
        WrittenEntry {
            id,
            on,
            what: what.into(),
            kind,
            source: Some("police report".into()),
            recorded_by: Some("sworker".into()),
            verified,
        }
    }

    fn sources() -> Sources {
        Sources {
            written: vec![
                written_entry(
                    7,
                    d(2025, 1, 6),
                    "Police called to the home",
                    Kind::Concern,
                    false,
                ),
                written_entry(
                    2,
                    d(2024, 11, 2),
                    "Born at the local hospital",
                    Kind::Family,
                    true,
                ),
            ],
            events: vec![
                RecordedEvent {
                    event: Event::LookedAfter,
                    on: d(2025, 1, 6),
                },
                RecordedEvent {
                    event: Event::Gateway,
                    on: d(2025, 1, 9),
                },
                // Given twice, as a caller merging two reads might.
                RecordedEvent {
                    event: Event::Gateway,
                    on: d(2025, 1, 9),
                },
                // Planned, not yet happened.
                RecordedEvent {
                    event: Event::OrderExpiry,
                    on: d(2027, 1, 9),
                },
            ],
            plans: vec![PlanHistory {
                plan: plan(4, "reunification", PlanRole::Primary, d(2025, 1, 9)),
                ended: Some(d(2025, 6, 2)),
                pathway_changes: vec![PathwayChange {
                    on: d(2025, 3, 3),
                    from: "reunification".into(),
                    to: "adoption".into(),
                }],
            }],
            rag: vec![
                (d(2025, 2, 10), None, Rag::Amber),
                (d(2025, 3, 10), Some(Rag::Amber), Rag::Red),
                (d(2025, 3, 10), Some(Rag::Red), Rag::Green),
                // Rated and re-rated back to where it was: no change.
                (d(2025, 4, 7), Some(Rag::Green), Rag::Red),
                (d(2025, 4, 7), Some(Rag::Red), Rag::Green),
            ],
            meetings: vec![MeetingHeld {
                id: 3,
                held_on: d(2025, 2, 20),
                kind: "Family Group Conference".into(),
                outcomes: 2,
            }],
            today: d(2025, 11, 23),
        }
    }

    #[test]
    fn builds_every_source_once_in_date_order_with_stable_keys() {
        let marks: BTreeSet<String> = ["event:gateway:2025-01-09".to_string(), "entry:7".to_string()].into();
        let entries = build(&sources(), &marks);
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "entry:2",
                "entry:7",
                "event:looked-after:2025-01-06",
                "event:gateway:2025-01-09",
                "plan:4:started",
                "rag:2025-02-10",
                "family-meeting:3",
                "plan:4:pathway-2025-03-03",
                "rag:2025-03-10",
                "plan:4:ended",
            ]
        );
        let fgc = &entries[6];
        assert_eq!(fgc.what, "Family Group Conference held: 2 outcomes agreed");
        assert_eq!((fgc.kind, fgc.origin), (Kind::Family, Origin::FamilyMeeting));
        let gateway = &entries[3];
        assert_eq!(gateway.what, "Legal Gateway decision");
        assert_eq!(gateway.kind, Kind::Legal);
        assert_eq!(gateway.origin, Origin::Event);
        assert!(gateway.verified && gateway.for_cpr);
        assert_eq!(gateway.recorded_by, None);
        let police = &entries[1];
        assert!(!police.verified, "the worker's flag is kept");
        assert!(police.for_cpr);
        assert_eq!(police.flags(), vec!["unverified", "for the CPR"]);
        assert_eq!(police.source_label(), "police report");
        assert_eq!(police.recorded_by.as_deref(), Some("sworker"));
        assert_eq!(entries[2].source_label(), "Recorded event");
        assert!(!entries[2].for_cpr);
        assert_eq!(entries[4].what, "Primary plan began: reunification");
        assert_eq!(
            entries[7].what,
            "Primary plan changed pathway from reunification to adoption"
        );
        assert_eq!(entries[9].what, "Primary plan ended: reunification");
        assert_eq!(entries[5].what, "RAG rating set to amber (A)");
        assert_eq!(entries[8].what, "RAG rating changed from amber (A) to green (G)");
        assert!(
            entries
                .iter()
                .filter(|e| e.origin.automatic())
                .all(|e| e.verified)
        );
    }

    #[test]
    fn things_dated_after_today_are_not_yet_history() {
        let mut s = sources();
        s.today = d(2025, 3, 3);
        let keys: Vec<String> = build(&s, &BTreeSet::new()).into_iter().map(|e| e.key).collect();
        assert!(
            keys.contains(&"plan:4:pathway-2025-03-03".to_string()),
            "today counts"
        );
        assert!(!keys.contains(&"rag:2025-03-10".to_string()));
        assert!(!keys.contains(&"plan:4:ended".to_string()));
        assert!(!keys.iter().any(|k| k.starts_with("event:order-expiry")));
    }

    #[test]
    fn every_event_has_a_chronology_line() {
        let lines: BTreeSet<&str> = Event::ALL.into_iter().map(event_what).collect();
        assert_eq!(lines.len(), Event::ALL.len(), "each reads differently");
        assert_eq!(event_kind(Event::Placement), Kind::Placement);
        assert_eq!(event_kind(Event::Ppm), Kind::Meeting);
        assert_eq!(event_kind(Event::PlacementOrder), Kind::Legal);
    }

    #[test]
    fn kinds_and_origins_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.code()), Some(kind));
            assert_eq!(Kind::parse(&kind.code().to_uppercase()), Some(kind));
        }
        for origin in Origin::ALL {
            assert_eq!(Origin::parse(origin.code()), Some(origin));
        }
        assert_eq!(Kind::parse("court"), None);
        assert_eq!(
            Kind::parse_list("legal, placement meeting"),
            Ok([Kind::Legal, Kind::Placement, Kind::Meeting].into())
        );
        assert_eq!(
            Kind::parse_list("legal,court").unwrap_err().to_string(),
            format!("kind: court is not a kind (use {})", Kind::codes())
        );
    }

    #[test]
    fn filters_keep_kinds_dates_and_cpr_marks() {
        let marks: BTreeSet<String> = ["entry:7".to_string()].into();
        let entries = build(&sources(), &marks);
        let keys =
            |f: &Filter| -> Vec<String> { f.apply(entries.clone()).into_iter().map(|e| e.key).collect() };

        let legal = Filter::new(Some([Kind::Legal].into()), None, None, false).unwrap();
        assert_eq!(keys(&legal), vec!["event:gateway:2025-01-09"]);

        let january = Filter::new(None, Some(d(2025, 1, 6)), Some(d(2025, 1, 9)), false).unwrap();
        assert_eq!(
            keys(&january),
            vec![
                "entry:7",
                "event:looked-after:2025-01-06",
                "event:gateway:2025-01-09",
                "plan:4:started"
            ]
        );
        let cpr = Filter {
            for_cpr_only: true,
            ..Filter::default()
        };
        assert_eq!(keys(&cpr), vec!["entry:7"]);
        assert_eq!(keys(&Filter::default()).len(), entries.len());
        assert_eq!(Filter::default().describe(), None);
        assert_eq!(
            Filter::new(
                Some([Kind::Placement, Kind::Legal].into()),
                Some(d(2025, 1, 1)),
                None,
                true
            )
            .unwrap()
            .describe()
            .as_deref(),
            Some("Legal, Placement; from 01/01/2025; marked for the CPR")
        );
        assert_eq!(
            Filter::new(None, Some(d(2025, 2, 1)), Some(d(2025, 1, 1)), false)
                .unwrap_err()
                .to_string(),
            "to: 01/01/2025 is before from 01/02/2025"
        );
    }

    #[test]
    fn a_typed_entry_is_checked_field_by_field() {
        let today = d(2025, 11, 23);
        let draft = |on: &str, what: &str, kind: &str| Draft {
            on: on.into(),
            what: what.into(),
            kind: kind.into(),
            source: "  school report ".into(),
            verified: false,
        };
        let ok = written(&draft("03/02/2025", "  Started at nursery\n", "education"), today).unwrap();
        assert_eq!(ok.on, d(2025, 2, 3));
        assert_eq!(ok.what, "Started at nursery");
        assert_eq!(ok.kind, Kind::Education);
        assert_eq!(ok.source.as_deref(), Some("school report"));
        assert!(!ok.verified);
        let stored = ok.stored(12, "sworker");
        assert_eq!(stored.id, 12);
        assert_eq!(stored.recorded_by.as_deref(), Some("sworker"));

        assert_eq!(
            written(&draft("23/11/2025", "x", ""), today).unwrap().kind,
            Kind::Other
        );
        let no_source = Draft {
            source: "   ".into(),
            ..draft("23/11/2025", "x", "")
        };
        assert_eq!(written(&no_source, today).unwrap().source, None);

        let message = |d: Draft| written(&d, today).unwrap_err().to_string();
        assert_eq!(
            message(draft("31/02/2025", "x", "")),
            "date: 31/02/2025 is not a date"
        );
        assert_eq!(
            message(draft("24/11/2025", "x", "")),
            "date: 24/11/2025 is in the future (today is 23/11/2025)"
        );
        assert!(message(draft("tomorrow", "x", "")).starts_with("date: tomorrow is not a date"));
        assert_eq!(
            message(draft("01/01/2025", " \n\t ", "")),
            "what: say what happened"
        );
        assert!(message(draft("01/01/2025", "x", "court")).starts_with("kind: court is not a kind"));
    }

    fn any_event() -> impl Strategy<Value = Event> {
        (0..Event::ALL.len()).prop_map(|i| Event::ALL[i])
    }

    fn any_kind() -> impl Strategy<Value = Kind> {
        (0..Kind::ALL.len()).prop_map(|i| Kind::ALL[i])
    }

    fn any_rag() -> impl Strategy<Value = Rag> {
        (0..Rag::ALL.len()).prop_map(|i| Rag::ALL[i])
    }

    proptest! {
        #[test]
        fn each_recorded_event_appears_exactly_once(
            events in prop::collection::vec((any_event(), 0u64..400), 0..40),
            repeats in prop::collection::vec(0usize..40, 0..10),
            written_days in prop::collection::vec(0u64..400, 0..6),
            rag in prop::collection::vec((0u64..400, prop::option::of(any_rag()), any_rag()), 0..8),
            today in 0u64..400,
        ) {
            let start = d(2024, 1, 1);
            let today = start + chrono::Days::new(today);
            let mut recorded: Vec<RecordedEvent> = events
                .iter()
                .map(|(event, day)| RecordedEvent { event: *event, on: start + chrono::Days::new(*day) })
                .collect();
            // Some given again, out of order.
            for i in repeats {
                if let Some(again) = recorded.get(i).cloned() {
                    recorded.push(again);
                }
            }
            let sources = Sources {
                written: written_days
                    .iter()
                    .enumerate()
                    .map(|(i, day)| {
                        let on = start + chrono::Days::new(*day);
                        written_entry(i as i64, on, "x", Kind::Other, i % 2 == 0)
                    })
                    .collect(),
                events: recorded.clone(),
                plans: vec![],
                rag: rag
                    .iter()
                    .map(|(day, from, to)| (start + chrono::Days::new(*day), *from, *to))
                    .collect(),
                meetings: vec![],
                today,
            };
            let entries = build(&sources, &BTreeSet::new());

            let wanted: BTreeSet<(Event, NaiveDate)> =
                recorded.iter().filter(|e| e.on <= today).map(|e| (e.event, e.on)).collect();
            let from_events: Vec<&Entry> = entries.iter().filter(|e| e.origin == Origin::Event).collect();
            prop_assert_eq!(from_events.len(), wanted.len());
            for (event, on) in &wanted {
                let key = event_key(*event, *on);
                prop_assert_eq!(entries.iter().filter(|e| e.key == key).count(), 1, "{}", key);
            }
            // Every written entry, whatever its date.
            let written = entries.iter().filter(|e| e.origin == Origin::Written).count();
            prop_assert_eq!(written, written_days.len());
            // Keys are unique, dates in order, automatic entries verified.
            let keys: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            prop_assert_eq!(keys.len(), entries.len());
            prop_assert!(entries.windows(2).all(|w| w[0].on <= w[1].on));
            let mut automatic = entries.iter().filter(|e| e.origin.automatic());
            prop_assert!(automatic.all(|e| e.verified && e.on <= today));
            // The same sources in another order build the same chronology.
            let mut shuffled = sources.clone();
            shuffled.events.reverse();
            shuffled.written.reverse();
            prop_assert_eq!(build(&shuffled, &BTreeSet::new()), entries);
        }

        #[test]
        fn a_filter_keeps_exactly_what_it_says(
            kinds in prop::option::of(prop::collection::btree_set(any_kind(), 0..4)),
            from in prop::option::of(0u64..60),
            to in prop::option::of(0u64..60),
            for_cpr_only in any::<bool>(),
            entries in prop::collection::vec((0..Kind::ALL.len(), 0u64..60, any::<bool>()), 0..30),
        ) {
            let start = d(2025, 1, 1);
            let day = |n: u64| start + chrono::Days::new(n);
            let entries: Vec<Entry> = entries
                .iter()
                .enumerate()
                .map(|(i, (kind, on, cpr))| Entry {
                    key: written_key(i as i64),
                    on: day(*on),
                    what: "x".into(),
                    kind: Kind::ALL[*kind],
                    origin: Origin::Written,
                    source: None,
                    recorded_by: None,
                    for_cpr: *cpr,
                    verified: true,
                })
                .collect();
            let filter = Filter { kinds: kinds.clone(), from: from.map(day), to: to.map(day), for_cpr_only };
            let kept = filter.apply(entries.clone());
            for e in &entries {
                let expected = kinds.as_ref().is_none_or(|k| k.contains(&e.kind))
                    && from.is_none_or(|f| e.on >= day(f))
                    && to.is_none_or(|t| e.on <= day(t))
                    && (!for_cpr_only || e.for_cpr);
                prop_assert_eq!(filter.keeps(e), expected);
            }
            // Kept in order, and filtering again changes nothing.
            let expected: Vec<Entry> = entries.iter().filter(|e| filter.keeps(e)).cloned().collect();
            prop_assert_eq!(&kept, &expected);
            prop_assert_eq!(filter.apply(kept.clone()), kept);
        }
    }
}
