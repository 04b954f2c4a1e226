//! Building a chronology from the record: each source (written entries,
//! recorded events, plan changes, RAG ratings, family meetings) turned into
//! entries once, in one total order. It is apart from the entry types
//! because it is the one place that decides what the record says in a
//! chronology's words, and the order entries of one day come in.

use super::{Entry, Kind, Origin, event_key, family_meeting_key, plan_key, rag_key, written_key};
use crate::child::Rag;
use crate::event::{Event, RecordedEvent};
use crate::plan::{Plan, PlanRole};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};

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
    let mut chronology = Builder {
        marks,
        entries: Vec::new(),
        seen: HashSet::new(),
    };
    chronology.written(&sources.written);
    chronology.events(&sources.events, sources.today);
    chronology.plans(&sources.plans, sources.today);
    chronology.rag(&sources.rag, sources.today);
    chronology.meetings(&sources.meetings, sources.today);
    chronology.finish()
}

/// (date, origin rank, number within the origin, step within that): a
/// total order, so the same sources always give the same chronology.
type Order = (NaiveDate, u8, i64, u8);

/// A chronology being built: each entry with its place in the order, and
/// the keys already given, so that a source given twice appears once.
struct Builder<'a> {
    marks: &'a BTreeSet<String>,
    entries: Vec<(Order, Entry)>,
    seen: HashSet<String>,
}

impl Builder<'_> {
    /// Adds an entry unless one with its key is already in, marked for the
    /// CPR if the worker marked its key.
    fn push(&mut self, order: Order, mut entry: Entry) {
        if self.seen.insert(entry.key.clone()) {
            entry.for_cpr = self.marks.contains(&entry.key);
            self.entries.push((order, entry));
        }
    }

    /// Written entries, each as the worker wrote it.
    fn written(&mut self, written: &[WrittenEntry]) {
        for w in written {
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
            self.push((w.on, 0, w.id, 0), entry);
        }
    }

    /// Recorded events that have happened, in [`Event::ALL`] order within
    /// a day.
    fn events(&mut self, events: &[RecordedEvent], today: NaiveDate) {
        for e in events.iter().filter(|e| e.on <= today) {
            let rank = Event::ALL.iter().position(|x| *x == e.event).unwrap_or(0);
            let entry = automatic(
                event_key(e.event, e.on),
                e.on,
                event_what(e.event).to_string(),
                event_kind(e.event),
                Origin::Event,
            );
            self.push((e.on, 1, i64::try_from(rank).unwrap_or(0), 0), entry);
        }
    }

    /// Each plan's start, changes of pathway and end, as far as today.
    fn plans(&mut self, plans: &[PlanHistory], today: NaiveDate) {
        for history in plans {
            let plan = &history.plan;
            for (on, change, what, step) in plan_changes(history) {
                if on > today {
                    continue;
                }
                let entry = automatic(plan_key(plan.id, &change), on, what, Kind::Plan, Origin::Plan);
                self.push((on, 2, plan.id.0, step), entry);
            }
        }
    }

    /// One entry per day the RAG rating changed, up to today: the first
    /// rating before and the last after, and none if they are the same.
    fn rag(&mut self, rag: &[(NaiveDate, Option<Rag>, Rag)], today: NaiveDate) {
        let mut by_day: BTreeMap<NaiveDate, (Option<Rag>, Rag)> = BTreeMap::new();
        for (on, from, to) in rag.iter().filter(|(on, _, _)| *on <= today) {
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
            self.push(
                (on, 3, 0, 0),
                automatic(rag_key(on), on, what, Kind::Meeting, Origin::Rag),
            );
        }
    }

    /// Family meetings held, with how many outcomes were agreed.
    fn meetings(&mut self, meetings: &[MeetingHeld], today: NaiveDate) {
        for meeting in meetings.iter().filter(|m| m.held_on <= today) {
            let agreed = match meeting.outcomes {
                0 => String::new(),
                1 => ": 1 outcome agreed".to_string(),
                n => format!(": {n} outcomes agreed"),
            };
            self.push(
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
    }

    /// The entries in their order.
    fn finish(mut self) -> Vec<Entry> {
        self.entries.sort_by_key(|(order, _)| *order);
        self.entries.into_iter().map(|(_, entry)| entry).collect()
    }
}

/// An entry taken from the record: verified, with no worker's source.
fn automatic(key: String, on: NaiveDate, what: String, kind: Kind, origin: Origin) -> Entry {
    Entry {
        key,
        on,
        what,
        kind,
        origin,
        source: None,
        recorded_by: None,
        for_cpr: false,
        verified: true,
    }
}

/// A plan's start, changes of pathway and end (if known), each with its
/// date, what it says and its step within the plan's day.
fn plan_changes(history: &PlanHistory) -> Vec<(NaiveDate, PlanChange, String, u8)> {
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
    changes
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
        Event::InterimCareOrder => "Interim Care Order made",
        Event::FosterPlacement => "Foster placement with the carers who went on to adopt began",
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
        | Event::NoOrder
        | Event::InterimCareOrder => Kind::Legal,
        Event::LookedAfter
        | Event::Placement
        | Event::AdopterIdentified
        | Event::CarerIdentified
        | Event::FosterPlacement => Kind::Placement,
        Event::Ppm | Event::CaseReview | Event::MatchingPanel | Event::Visit | Event::Shortlisting => {
            Kind::Meeting
        }
        // The agency's decision that adoption is the plan, not a court's.
        Event::Shobpa => Kind::Plan,
    }
}
