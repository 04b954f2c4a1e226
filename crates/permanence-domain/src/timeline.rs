//! The per-child timeline: every item of every plan with its good-practice
//! target, its deadline where one is set (and whether the law or the
//! authority's policy sets it), its status on a given day, and the rule
//! that produced each date, in words.
//!
//! The date rules (the issue's contract):
//! 1. Week N of a plan begins on `start + 7(N−1)` and ends on
//!    `start + 7N − 1`; an item in week N (or "N/M": M) is due on the last
//!    working day on or before the end of that week.
//! 2. Working days are Monday to Friday, not bank holidays ([`Calendar`]).
//! 3. "Within K working days of E" is the K-th working day after E.
//! 4. "Within K weeks/months of E" is that calendar time later, moved back
//!    to the last working day on or before ([`Span::from`]).
//! 5. An event's recorded date is used where there is one, else its
//!    planned date.
//! 6. Status on day D: done; not applicable; breached (deadline before D);
//!    overdue (target before D); due soon (target within 7 days); open.
//! 7. Each plan has its own clock: week 1 begins on the plan's start (its
//!    Legal Gateway decision), and a plan counts only its own events,
//!    those on or after its start (a Gateway, PPMs, the issue of
//!    proceedings, SHOBPA, panels, orders, the placement), so an earlier
//!    plan's or pre-proceedings period's events never move its dates. The
//!    child's own events count for every plan whenever they happened
//!    (becoming looked after, case reviews, statutory visits:
//!    [`Event::is_childs`]).
//! 8. Conditions are judged from the plan's history: "If in Care
//!    Proceedings" holds once proceedings were issued during the plan,
//!    whatever its stage later.
//! 9. A target never falls after the deadline of the same item: where the
//!    table's week would, the target is the deadline, and the rule says so.

use crate::cadence;
use crate::calendar::Calendar;
use crate::date::uk;
use crate::event::{Event, RecordedEvent};
use crate::pathway::{Anchor, Condition, Facts, Kind, Pathway, PathwayItem, Timing};
use crate::plan::{Plan, PlanId, PlanRole, PlanStatus, StartFrom};
use crate::set_by::SetBy;
use crate::words::words;
use chrono::{Days, NaiveDate};
use std::collections::HashMap;
use std::fmt;

/// The version of the rules below, part of the fingerprint that stored
/// timelines carry: change it whenever a change here gives any timeline
/// different items or dates, so that every stored one is worked out again.
/// (A test pins the timelines of a few cases to it.)
pub const RULES_VERSION: u32 = 11;

/// How many times a recurring item or cadence is followed forward at most:
/// enough for years of six-weekly meetings, few enough to stay instant.
const MAX_OCCURRENCES: usize = 120;

/// Where an item stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Breached,
    Overdue,
    DueSoon,
    Open,
    Done,
    NotApplicable,
    /// Due before the plan's record began, and not something the import
    /// could bring: whether it was done is not known ([`before_record`]).
    NotKnown,
}

crate::coded::coded! {
    Status, custom;
    Done => "done", "Done";
    NotApplicable => "not-applicable", "Not applicable";
    Breached => "breached", "Past its deadline";
    Overdue => "overdue", "Past its target";
    DueSoon => "due-soon", "Due within a week";
    Open => "open", "Open";
    NotKnown => "not-known", "Not known: before the record began";
}

impl Status {
    /// Still to be done, whether late or not.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Breached | Status::Overdue | Status::DueSoon | Status::Open
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An item marked done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneRecord {
    pub plan: PlanId,
    pub key: String,
    pub on: NaiveDate,
    pub note: Option<String>,
}

/// An item a worker added to a plan by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdHocItem {
    pub plan: PlanId,
    /// `adhoc-N`, unique for the child.
    pub key: String,
    pub title: String,
    pub target: NaiveDate,
    pub responsible: Option<String>,
}

/// What the timeline needs to know about the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChildFacts {
    pub date_of_birth: Option<NaiveDate>,
    pub looked_after_since: Option<NaiveDate>,
    pub in_sibling_group: bool,
    /// The record's legal status, for what a change of its orders would
    /// do to it (`legal_status::change_lines`); no date counts from it.
    pub legal_status: crate::child::LegalStatus,
}

/// Everything a timeline is computed from.
pub struct Inputs<'a> {
    pub calendar: &'a Calendar,
    pub child: ChildFacts,
    /// The child's plans with their pathways (a plan whose pathway is not
    /// loaded has `None` and shows only the cadences, if primary).
    pub plans: &'a [(Plan, Option<&'a Pathway>)],
    pub events: &'a [RecordedEvent],
    pub done: &'a [DoneRecord],
    pub adhoc: &'a [AdHocItem],
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    pub key: String,
    pub title: String,
    /// The table's week, as it writes it ("2/3").
    pub week: Option<String>,
    pub responsible: Option<String>,
    pub condition: Option<Condition>,
    pub target: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    /// Who sets the deadline (the law, or the authority's policy), for an
    /// item that has one, dated or not yet: declared with the deadline
    /// (the cadence rules, a pathway file's `set_by`). Only a deadline
    /// set by law is ever called statutory.
    pub deadline_by: Option<SetBy>,
    pub status: Status,
    pub done_on: Option<NaiveDate>,
    pub done_note: Option<String>,
    /// Done because its event (a review, a PPM) was recorded, rather than
    /// marked done by hand: taking back a done mark does not apply.
    pub done_by_event: bool,
    /// The kind of event that holding this item is (a case review, a PPM,
    /// a statutory visit, the SHOBPA decision): marking it done records
    /// that event for the child, which every plan and clock then sees.
    /// `None` for a task, which keeps a plain done mark.
    pub occurrence: Option<Event>,
    /// The recorded event that made it done, with its date: what taking
    /// it back (withdrawing) or correcting it acts on.
    pub done_event: Option<(Event, NaiveDate)>,
    /// The seed's qualifying words for the row ("completed by week 16"),
    /// shown with the item; `None` where the row has none.
    pub note: Option<String>,
    /// The recorded event the item's date counts from, and its date
    /// (`None`: counted from a table week, a planned date or nothing yet).
    pub counted_from: Option<(Event, NaiveDate)>,
    /// Which rules produced the dates, from which events on which days.
    pub rule: String,
    pub roles: Vec<(String, String)>,
    /// The first day on which the item is in the timeline (`None`: every
    /// day). A recurring item or cadence is followed only to its first
    /// occurrence after "today", so later occurrences appear as the days
    /// pass: see [`Timeline::as_seen_on`].
    pub shown_from: Option<NaiveDate>,
    /// The worker's word that the plan will not do it, with the reason
    /// ([`not_needed`]): the item is then not applicable.
    pub not_needed: Option<not_needed::NotNeeded>,
}

impl TimelineItem {
    /// An open item with these dates and nothing else said (no rule, no
    /// done mark, shown every day): a stored item as the summaries read
    /// it, and the item tests build theirs from, with `..` for the rest.
    pub fn open(
        key: impl Into<String>,
        title: impl Into<String>,
        target: Option<NaiveDate>,
        deadline: Option<NaiveDate>,
    ) -> TimelineItem {
        TimelineItem {
            key: key.into(),
            title: title.into(),
            week: None,
            responsible: None,
            condition: None,
            target,
            deadline,
            deadline_by: None,
            status: Status::Open,
            done_on: None,
            done_note: None,
            done_by_event: false,
            occurrence: None,
            done_event: None,
            note: None,
            counted_from: None,
            rule: String::new(),
            roles: Vec::new(),
            shown_from: None,
            not_needed: None,
        }
    }

    /// An open task titled by its key: the crate's tests' item.
    #[cfg(test)]
    pub(crate) fn task(key: &str, target: Option<NaiveDate>, deadline: Option<NaiveDate>) -> TimelineItem {
        TimelineItem::open(key, key, target, deadline)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTimeline {
    pub plan: Plan,
    pub title: Option<String>,
    pub items: Vec<TimelineItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub as_of: NaiveDate,
    pub plans: Vec<PlanTimeline>,
    /// The days this timeline can be seen on without computing it again
    /// (see [`Timeline::as_seen_on`]).
    pub seen: Seen,
}

/// The days on which a timeline computed for one day gives, with each
/// item's [`TimelineItem::shown_from`], the timeline of another: from
/// `from` (`None`: any day before) up to but not including `until`, the
/// first day on which a recurring item or cadence would be followed
/// further (`None`: never). Stored timelines are kept for these days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Seen {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.until.is_none_or(|until| day < until)
    }
}

impl Timeline {
    /// The timeline as it is on `day`, from this one computed for another
    /// day: the items shown by then, each with its status on `day`. The
    /// same as computing it for `day` (a property test holds it to that),
    /// for any day that [`Timeline::seen`] covers; `None` for the others.
    pub fn as_seen_on(&self, day: NaiveDate) -> Option<Timeline> {
        if !self.seen.covers(day) {
            return None;
        }
        let plans = self
            .plans
            .iter()
            .map(|plan| PlanTimeline {
                plan: plan.plan.clone(),
                title: plan.title.clone(),
                items: plan
                    .items
                    .iter()
                    .filter(|i| i.shown_from.is_none_or(|from| from <= day))
                    .map(|i| TimelineItem {
                        status: i.status_on(day),
                        ..i.clone()
                    })
                    .collect(),
            })
            .collect();
        Some(Timeline {
            as_of: day,
            plans,
            seen: self.seen,
        })
    }

    /// As [`Timeline::as_seen_on`], taking this timeline rather than
    /// copying it: for a caseload's stored timelines, read only to be
    /// seen on one day.
    pub fn into_seen_on(mut self, day: NaiveDate) -> Option<Timeline> {
        if !self.seen.covers(day) {
            return None;
        }
        for plan in &mut self.plans {
            plan.items.retain(|i| i.shown_from.is_none_or(|from| from <= day));
            for item in &mut plan.items {
                item.status = item.status_on(day);
            }
        }
        self.as_of = day;
        Some(self)
    }
}

impl TimelineItem {
    /// The item's status on another day than the one it was computed for.
    pub fn status_on(&self, day: NaiveDate) -> Status {
        // Not known whatever the day: the record began after it was due.
        if self.status == Status::NotKnown {
            return Status::NotKnown;
        }
        let applies = self.status != Status::NotApplicable;
        status(self.done_on, applies, self.target, self.deadline, day)
    }
}

/// A date and how it came about, before the two are put on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub date: Option<NaiveDate>,
    pub rule: String,
    /// The recorded event the date counts from, if it counts from one.
    pub counted_from: Option<(Event, NaiveDate)>,
}

impl Dated {
    /// A date that counts from no recorded event.
    pub fn planned(date: Option<NaiveDate>, rule: String) -> Dated {
        Dated {
            date,
            rule,
            counted_from: None,
        }
    }
}

/// The status of an item on `as_of`, by rule 6.
pub fn status(
    done_on: Option<NaiveDate>,
    applies: bool,
    target: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Status {
    if done_on.is_some() {
        Status::Done
    } else if !applies {
        Status::NotApplicable
    } else if deadline.is_some_and(|d| d < as_of) {
        Status::Breached
    } else if target.is_some_and(|t| t < as_of) {
        Status::Overdue
    } else if target.is_some_and(|t| t <= as_of + Days::new(7)) {
        Status::DueSoon
    } else {
        Status::Open
    }
}

/// Recorded events by kind, in date order: the n-th case review is
/// `occurrences(CaseReview)[n - 1]`.
#[derive(Clone)]
pub struct EventLog {
    by_event: HashMap<Event, Vec<NaiveDate>>,
}

impl EventLog {
    pub fn new(events: &[RecordedEvent]) -> EventLog {
        EventLog::keeping(events, |_| true)
    }

    /// The events a plan started on `start` counts (rule 7): the child's
    /// own whenever they happened, the plan's only on or after its start.
    pub fn for_plan(events: &[RecordedEvent], start: NaiveDate) -> EventLog {
        EventLog::keeping(events, |e| e.event.is_childs() || e.on >= start)
    }

    fn keeping(events: &[RecordedEvent], keep: impl Fn(&RecordedEvent) -> bool) -> EventLog {
        let mut by_event: HashMap<Event, Vec<NaiveDate>> = HashMap::new();
        for e in events.iter().filter(|e| keep(e)) {
            by_event.entry(e.event).or_default().push(e.on);
        }
        for dates in by_event.values_mut() {
            dates.sort();
        }
        EventLog { by_event }
    }

    pub fn occurrences(&self, event: Event) -> &[NaiveDate] {
        self.by_event.get(&event).map_or(&[], Vec::as_slice)
    }

    pub fn first(&self, event: Event) -> Option<NaiveDate> {
        self.occurrences(event).first().copied()
    }

    pub fn happened(&self, event: Event) -> bool {
        !self.occurrences(event).is_empty()
    }

    /// The earliest recorded event of those `which` accepts, on or after
    /// `since`.
    pub fn first_of(&self, which: impl Fn(Event) -> bool, since: NaiveDate) -> Option<(Event, NaiveDate)> {
        Event::ALL
            .into_iter()
            .filter(|e| which(*e))
            .filter_map(|e| {
                self.occurrences(e)
                    .iter()
                    .find(|on| **on >= since)
                    .map(|on| (e, *on))
            })
            .min_by_key(|(_, on)| *on)
    }

    /// The events on or after `day`: what a child's period of care since
    /// a return counts.
    pub fn since(&self, day: NaiveDate) -> EventLog {
        let by_event = self
            .by_event
            .iter()
            .map(|(event, dates)| (*event, dates.iter().copied().filter(|on| *on >= day).collect()))
            .collect();
        EventLog { by_event }
    }

    /// The events on or before `day`: what a child's period of care that
    /// an order ended on that day counts.
    pub fn until(&self, day: NaiveDate) -> EventLog {
        let by_event = self
            .by_event
            .iter()
            .map(|(event, dates)| (*event, dates.iter().copied().filter(|on| *on <= day).collect()))
            .collect();
        EventLog { by_event }
    }

    /// The date of the n-th (from 1) occurrence on or after `since`.
    pub fn nth_since(&self, event: Event, since: NaiveDate, n: usize) -> Option<NaiveDate> {
        self.occurrences(event)
            .iter()
            .filter(|on| **on >= since)
            .nth(n.checked_sub(1)?)
            .copied()
    }
}

pub fn compute(inputs: &Inputs<'_>) -> Timeline {
    let child_log = EventLog::new(inputs.events);
    let active_plans = cadence::tracks(inputs.plans.iter().map(|(p, w)| (p, *w)));
    let carrier = cadence::carrier(inputs.plans.iter().map(|(p, w)| (p, *w))).map(|p| p.id);
    let mut seen = Seen::default();
    let plans = inputs
        .plans
        .iter()
        .map(|(plan, pathway)| {
            let log = EventLog::for_plan(inputs.events, plan.start);
            let mut items = match pathway {
                Some(pathway) => {
                    let (items, extends_on) = pathway_items(inputs, &log, plan, pathway);
                    seen.until = cadence::earliest(seen.until, extends_on);
                    items
                }
                None => Vec::new(),
            };
            if Some(plan.id) == carrier {
                let mut cadences = cadence::items(&cadence::Context {
                    calendar: inputs.calendar,
                    child: inputs.child,
                    plan,
                    pathway: *pathway,
                    log: &log,
                    child_log: &child_log,
                    multi_track: cadence::multi_track(active_plans),
                    looked_after_until: crate::legal_status::looked_after_until(inputs.events),
                    back_in_care: &crate::legal_status::breaks(inputs.events),
                    as_of: inputs.as_of,
                });
                if plan.role != PlanRole::Primary {
                    for c in &mut cadences.items {
                        c.deadline.rule =
                            words!("{}; {}", c.deadline.rule, cadence::FOLLOWED_WITHOUT_A_PRIMARY);
                    }
                }
                seen.until = cadence::earliest(seen.until, cadences.extends_on);
                let merged_late = merge_cadences(&mut items, cadences.items, inputs, plan.id);
                seen.from = cadence::latest(seen.from, merged_late);
            }
            // Before the items added by hand, which the record holds.
            before_record::apply(plan, &mut items);
            for added in inputs.adhoc.iter().filter(|a| a.plan == plan.id) {
                let done = done_record(inputs, plan.id, &added.key);
                items.push(TimelineItem {
                    status: status(done.map(|d| d.on), true, Some(added.target), None, inputs.as_of),
                    done_on: done.map(|d| d.on),
                    done_note: done.and_then(|d| d.note.clone()),
                    done_by_event: false,
                    occurrence: None,
                    done_event: None,
                    note: None,
                    counted_from: None,
                    key: added.key.clone(),
                    title: added.title.clone(),
                    week: None,
                    responsible: added.responsible.clone(),
                    condition: None,
                    target: Some(added.target),
                    deadline: None,
                    deadline_by: None,
                    rule: words!("target: {} (added to the plan by hand)", uk(added.target)),
                    roles: Vec::new(),
                    shown_from: None,
                    not_needed: None,
                });
            }
            sort_by_date(&mut items);
            PlanTimeline {
                plan: plan.clone(),
                title: pathway.map(|p| p.title.clone()),
                items,
            }
        })
        .collect();
    Timeline {
        as_of: inputs.as_of,
        plans,
        seen,
    }
}

fn sort_by_date(items: &mut [TimelineItem]) {
    // Stable: items due the same day keep the table's order.
    items.sort_by_key(|i| i.target.or(i.deadline).unwrap_or(NaiveDate::MAX));
}

fn done_record<'a>(inputs: &'a Inputs<'_>, plan: PlanId, key: &str) -> Option<&'a DoneRecord> {
    inputs.done.iter().find(|d| d.plan == plan && d.key == key)
}

fn facts(inputs: &Inputs<'_>, log: &EventLog, plan: &Plan) -> Facts {
    Facts {
        stage: plan.stage,
        // Issued during the plan, or concluded by an order during it
        // (which proceedings must have come before).
        proceedings_issued: log
            .first_of(|e| e == Event::Issue || e.concludes_proceedings(), plan.start)
            .is_some(),
        unborn: inputs.child.date_of_birth.is_some_and(|dob| dob > plan.start),
        sibling_group: inputs.child.in_sibling_group,
        carer_identified: log.happened(Event::AdopterIdentified) || log.happened(Event::CarerIdentified),
        extension_agreed: log.happened(Event::ExtensionAgreed),
        second_period: log.happened(Event::SecondPeriod),
    }
}

/// The date an event is counted from, and how it is described.
///
/// `log` is the plan's own ([`EventLog::for_plan`]). A plan's Legal
/// Gateway decision is its start (rule 7): week 1 begins then, whatever
/// Gateway another plan or period had.
pub fn event_date(event: Event, log: &EventLog, plan: &Plan, child: ChildFacts) -> Dated {
    if event == Event::Gateway {
        let recorded = log.occurrences(Event::Gateway).contains(&plan.start);
        if plan.basis.start == StartFrom::PeriodOfCare && !recorded {
            return Dated::planned(
                Some(plan.start),
                format!(
                    "the start of the period of care on {} (the plan's start: imported from the SSDA903 return, which holds no Legal Gateway date; to count from the Legal Gateway decision, record it, close this plan as plan changed and start it again from the decision)",
                    uk(plan.start)
                ),
            );
        }
        return Dated {
            date: Some(plan.start),
            rule: words!(
                "{} on {} (the plan's start{})",
                event.label(),
                uk(plan.start),
                if recorded { ", recorded" } else { "" }
            ),
            counted_from: recorded.then_some((Event::Gateway, plan.start)),
        };
    }
    let recorded = log.first(event);
    let (date, how) = match (event, recorded) {
        (_, Some(date)) => (Some(date), "recorded"),
        (Event::LookedAfter, None) => (child.looked_after_since, "from the child's record"),
        // A supervision order runs 12 months unless its expiry is recorded
        // (Children Act 1989, Schedule 3, paragraph 6).
        (Event::OrderExpiry, None) => (
            log.first(Event::OrderMade)
                .and_then(|made| made.checked_add_months(chrono::Months::new(12))),
            "planned: 12 months after the order was made",
        ),
        (_, None) => (None, ""),
    };
    match date {
        Some(date) => Dated {
            date: Some(date),
            rule: words!("{} on {} ({how})", event.label(), uk(date)),
            counted_from: recorded.map(|on| (event, on)),
        },
        None => Dated::planned(None, format!("waiting for {} to be recorded", event.label())),
    }
}

/// Each item's date and the day it was done, if it was: items are dated
/// in dependency order (the loader has refused circles), so an item
/// counted from another is dated after it; one whose anchor never gets a
/// date is left out.
fn date_items<'p>(
    inputs: &Inputs<'_>,
    log: &EventLog,
    plan: &Plan,
    pathway: &'p Pathway,
) -> HashMap<&'p str, (Dated, Option<NaiveDate>)> {
    let mut dated: HashMap<&str, (Dated, Option<NaiveDate>)> = HashMap::new();
    let mut remaining: Vec<&PathwayItem> = pathway.items.iter().collect();
    while !remaining.is_empty() {
        let before = remaining.len();
        remaining.retain(|item| {
            let anchor = match item.timing.anchor() {
                None => Dated::planned(None, "the source gives it no timescale".to_string()),
                Some(Anchor::Event(event)) => event_date(*event, log, plan, inputs.child),
                Some(Anchor::Item(key)) => match dated.get(key.as_str()) {
                    None => return true,
                    Some((when, done_on)) => {
                        let other = pathway.item(key).map_or(key.as_str(), |i| i.title.as_str());
                        match done_on {
                            Some(done) => Dated::planned(
                                Some(*done),
                                words!("\u{201c}{}\u{201d} done on {}", short(other), uk(*done)),
                            ),
                            None => Dated {
                                date: when.date,
                                counted_from: None,
                                rule: match when.date {
                                    Some(d) => words!("\u{201c}{}\u{201d} due {}", short(other), uk(d)),
                                    None => {
                                        format!("\u{201c}{}\u{201d}, which is not yet dated", short(other))
                                    }
                                },
                            },
                        }
                    }
                },
            };
            let when = counted_from_event(
                inputs.calendar,
                log,
                item,
                date_from(inputs.calendar, &item.timing, &anchor),
            );
            let done_on = done_record(inputs, plan.id, &item.key).map(|d| d.on).or_else(|| {
                item.event
                    .and_then(|e| log.nth_since(e, counts_since(e, plan), item.occurrence))
            });
            dated.insert(item.key.as_str(), (when, done_on));
            false
        });
        if remaining.len() == before {
            break;
        }
    }
    dated
}

/// The plan's items from its pathway, and the first day on which a
/// recurring item would be followed further than here.
fn pathway_items(
    inputs: &Inputs<'_>,
    log: &EventLog,
    plan: &Plan,
    pathway: &Pathway,
) -> (Vec<TimelineItem>, Option<NaiveDate>) {
    let facts = facts(inputs, log, plan);
    let dated = date_items(inputs, log, plan, pathway);
    let mut items = Vec::new();
    let mut extends_on = None;
    for item in &pathway.items {
        let Some((when, _)) = dated.get(item.key.as_str()) else {
            continue;
        };
        let source = item.source.as_deref().unwrap_or(&pathway.source);
        let rule = words!("{}: {} ({source})", kind_word(item.kind), when.rule);
        let applies = item.condition.is_none_or(|c| c.holds(&facts));
        let base = |key: String, n: usize, when: &Dated, rule: String, shown_from: Option<NaiveDate>| {
            let done = done_record(inputs, plan.id, &key);
            // A row that is an event (a PPM, the SHOBPA decision) is held
            // by the n-th such event recorded since the plan began.
            let held = item.event.and_then(|e| {
                log.nth_since(e, counts_since(e, plan), item.occurrence + n - 1)
                    .map(|on| (e, on))
            });
            let done_on = done.map(|d| d.on).or(held.map(|(_, on)| on));
            let (target, deadline) = match item.kind {
                Kind::Target => (when.date, None),
                Kind::Deadline => (when.date, when.date),
            };
            TimelineItem {
                status: status(done_on, applies, target, deadline, inputs.as_of),
                done_on,
                done_note: done.and_then(|d| d.note.clone()),
                done_by_event: done.is_none() && held.is_some(),
                occurrence: item.event,
                done_event: held.filter(|_| done.is_none()),
                note: item.note.clone(),
                counted_from: when.counted_from,
                key,
                title: item.title.clone(),
                week: item.timing.week_label(),
                responsible: item.responsible.clone(),
                condition: item.condition,
                target,
                deadline,
                deadline_by: item.deadline_by,
                rule,
                roles: item.roles.clone(),
                shown_from,
                not_needed: None,
            }
        };
        let first = base(item.key.clone(), 1, when, rule, None);
        let mut previous = first.done_on.or(first.target);
        items.push(first);
        if let Some(every) = item.repeat {
            // The n-th occurrence (n > 2) is followed to once "today" has
            // reached the target and done date of each occurrence from the
            // second to the one before it.
            let mut shown_from = None;
            for n in 2..=MAX_OCCURRENCES {
                let Some(last) = previous else { break };
                if n > 2 {
                    shown_from = cadence::latest(shown_from, Some(last));
                    if last > inputs.as_of {
                        extends_on = cadence::earliest(extends_on, shown_from);
                        break;
                    }
                }
                let date = every.from(inputs.calendar, last, false);
                let rule = words!(
                    "{}: {every} after the previous occurrence on {} ({source})",
                    kind_word(item.kind),
                    uk(last)
                );
                let next = base(
                    format!("{}#{n}", item.key),
                    n,
                    &Dated::planned(Some(date), String::new()),
                    rule,
                    shown_from,
                );
                previous = next.done_on.or(next.target);
                items.push(next);
                shown_from = cadence::latest(shown_from, Some(date));
                if date > inputs.as_of {
                    if n < MAX_OCCURRENCES {
                        extends_on = cadence::earliest(extends_on, cadence::latest(shown_from, previous));
                    }
                    break;
                }
            }
        }
    }
    (items, extends_on)
}

/// From when a row's event counts (rule 7): the child's own events (the
/// 2nd case review is the child's 2nd, as the cadence counts it) from
/// ever; the plan's from its start.
fn counts_since(event: Event, plan: &Plan) -> NaiveDate {
    if event.is_childs() {
        NaiveDate::MIN
    } else {
        plan.start
    }
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Target => "target",
        Kind::Deadline => "deadline",
    }
}

/// A long title cut to its first words, for explanations.
fn short(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() <= 6 {
        title.trim_end_matches('.').to_string()
    } else {
        format!("{}…", words[..6].join(" "))
    }
}

/// Applies an item's timing to its anchor's date (rules 1, 3 and 4).
pub fn date_from(calendar: &Calendar, timing: &Timing, anchor: &Dated) -> Dated {
    let Some(start) = anchor.date else {
        return Dated::planned(None, anchor.rule.clone());
    };
    match timing {
        Timing::Week { first, last, .. } => {
            let end = start + Days::new(7 * u64::from(*last) - 1);
            let week = if first == last {
                format!("week {last}")
            } else {
                format!("weeks {first} to {last}")
            };
            Dated {
                date: Some(calendar.on_or_before(end)),
                rule: words!("end of {week} counted from {}", anchor.rule),
                counted_from: anchor.counted_from,
            }
        }
        Timing::Untimed => Dated::planned(None, anchor.rule.clone()),
        Timing::Within { span, before, .. } => Dated {
            counted_from: anchor.counted_from,
            date: Some(span.from(calendar, start, *before)),
            rule: words!(
                "{span} {} {}",
                if *before { "before" } else { "after" },
                anchor.rule
            ),
        },
    }
}

/// A row whose words tie it to an event (`counts_from`): once the event
/// is recorded its date counts from it; until then, from the table.
fn counted_from_event(calendar: &Calendar, log: &EventLog, item: &PathwayItem, table: Dated) -> Dated {
    let Some(tie) = item.counts_from else {
        return table;
    };
    let side = if tie.before { "before" } else { "after" };
    match log.first(tie.event) {
        Some(on) => Dated {
            date: Some(tie.span.from(calendar, on, tie.before)),
            rule: words!(
                "{} {side} {} on {} (recorded; the table's timing no longer applies)",
                tie.span,
                tie.event.label(),
                uk(on)
            ),
            counted_from: Some((tie.event, on)),
        },
        None => Dated {
            rule: words!(
                "{}; once {} is recorded, {} {side} it",
                table.rule,
                tie.event.label(),
                tie.span
            ),
            ..table
        },
    }
}

/// Puts the cadence items into the plan's items: where the table has the
/// same event under the same key (the table's "1st Case review" is the
/// first case review), they become one item, with the table's target and
/// the cadence's deadline. Returns the latest day from which such an
/// occurrence is followed to, where that is later than its table row is
/// shown: before that day, the row would be without its deadline.
fn merge_cadences(
    items: &mut Vec<TimelineItem>,
    cadences: Vec<cadence::CadenceItem>,
    inputs: &Inputs<'_>,
    plan: PlanId,
) -> Option<NaiveDate> {
    let mut merged_late = None;
    for c in cadences {
        let explicit = done_record(inputs, plan, &c.key);
        let done_on = explicit.map(|d| d.on).or(c.happened.map(|(_, on)| on));
        if let Some(item) = items.iter_mut().find(|i| i.key == c.key) {
            if c.shown_from > item.shown_from {
                merged_late = cadence::latest(merged_late, c.shown_from);
            }
            item.deadline = c.deadline.date;
            item.deadline_by = Some(c.set_by);
            item.rule = words!("{}; deadline: {}", item.rule, c.deadline.rule);
            // Rule 9: the table's week never puts the target after the
            // deadline the law sets for the same meeting.
            if let (Some(target), Some(deadline)) = (item.target, item.deadline)
                && target > deadline
            {
                item.target = Some(deadline);
                item.rule = words!(
                    "{}; the table's week ({}) falls after the deadline, so the target is the deadline (this program's rule, not the table's)",
                    item.rule,
                    uk(target)
                );
            }
            item.occurrence = Some(c.event);
            if item.counted_from.is_none() {
                item.counted_from = c.deadline.counted_from;
            }
            if item.done_on.is_none() && done_on.is_some() {
                item.done_on = done_on;
                item.done_by_event = explicit.is_none();
                item.done_event = c.happened.filter(|_| explicit.is_none());
            }
            let applies = item.status != Status::NotApplicable;
            item.status = status(item.done_on, applies, item.target, item.deadline, inputs.as_of);
        } else {
            let target = c.deadline.date;
            items.push(TimelineItem {
                status: status(done_on, true, target, target, inputs.as_of),
                done_on,
                done_note: explicit.and_then(|d| d.note.clone()),
                done_by_event: explicit.is_none() && c.happened.is_some(),
                occurrence: Some(c.event),
                done_event: c.happened.filter(|_| explicit.is_none()),
                note: None,
                counted_from: c.deadline.counted_from,
                key: c.key,
                title: c.title,
                week: None,
                responsible: c.responsible,
                condition: None,
                target,
                deadline: target,
                deadline_by: Some(c.set_by),
                rule: words!("deadline: {}", c.deadline.rule),
                roles: Vec::new(),
                shown_from: c.shown_from,
                not_needed: None,
            });
        }
    }
    merged_late
}

/// What the caseload shows of a child's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The primary plan's pathway and its current week.
    pub pathway: Option<String>,
    pub week: Option<i64>,
    /// The primary plan's stage.
    pub stage: Option<crate::plan::Stage>,
    /// The open item due soonest.
    pub next: Option<(String, NaiveDate)>,
    /// Open items past their target or deadline (breached ones included).
    pub overdue: usize,
    /// Of those, the ones past a deadline (set by law or by policy).
    pub breached: usize,
    /// Green on track, amber past a target, red past a deadline.
    pub rag: Option<crate::child::Rag>,
}

impl Summary {
    pub fn of(timeline: &Timeline) -> Summary {
        let mut tally = tally::Tally::default();
        let items = timeline
            .plans
            .iter()
            .filter(|p| p.plan.status == PlanStatus::Active)
            .flat_map(|p| &p.items);
        for (position, i) in items.enumerate() {
            tally.add(position, i.status, i.target, i.deadline, || i.title.clone());
        }
        tally.summary(timeline.plans.iter().map(|p| &p.plan), timeline.as_of)
    }
}

mod before_record;
pub mod moves;
pub mod not_needed;
pub mod tally;

#[cfg(test)]
mod tests;
