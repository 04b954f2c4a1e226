//! The adoption timeliness measures the Department for Education judges
//! an authority by (A1, A10, A2, A3), worked out from each child's
//! recorded events; and, for the children still waiting, the days so far
//! on each clock and the days left before it passes its threshold, so a
//! manager sees who is about to push the average over before it happens.
//! Pure: the period and "today" are parameters.
//!
//! Sources:
//! - DfE, "Adoption Scorecards: year ending March 2018, Methodology and
//!   guidance document", March 2019, "Adoption Scorecard Indicators": A1
//!   (p.5) the average days between a child entering care and moving in
//!   with its adoptive family, for children adopted; A2 (p.6) the average
//!   days between the court's authority to place (the Placement Order) and
//!   the decision on a match, for children adopted; A3 (p.7) the share of
//!   children who wait less than 14 months between entering care and
//!   moving in with their adoptive family. The scorecards count the
//!   children adopted in a three-year period ending 31 March, and average
//!   over those children (not an average of three yearly averages).
//! - LG Inform's help text for the DfE's A2 (metric 912): children not
//!   placed for adoption before the adoption order, and children with no
//!   placement order, are left out; a child matched before the court's
//!   authority counts 0 days; figures are rounded to the nearest day.
//! - A10 (introduced 2012-13, as quoted from the DfE by Wolverhampton's
//!   "Analysis of adoption scorecard information 2011-2014", January 2015,
//!   1.3): A1 counted to the start of the foster placement, where the
//!   child was adopted by their foster carers.
//! - Thresholds: `data/timeliness.toml` (DfE news, 14/01/2014).
//!
//! This product's own readings, said where the report is shown:
//! - a child with more than one period of care counts from the start of
//!   the period in which they moved in with the adoptive family (each
//!   `looked-after` event, and each return after a break in care, starts a
//!   period: `legal_status::breaks`), not from their first entry to care;
//! - A3's 14 months are calendar months: a child placed on the day 14
//!   months after entering care has not waited *less* than 14 months;
//! - the match is the matching panel's date, the last before the child
//!   moved in (the product records the panel, not the ADM's decision on its
//!   recommendation, which usually follows within days);
//! - a child adopted by their foster carers is one with a
//!   `foster-placement` event (recorded in the app, or imported from the
//!   SSDA903's AD1 `FOSTER_CARE` = 1 with the Episodes' start of the
//!   placement with those carers: `ssda903::mapping`); A10 counts to the
//!   latest in the period of care, on or before the move to the adoptive
//!   family. For every other child A10 equals A1;
//! - for a child still waiting, A3's clock is the day the 14 calendar
//!   months pass (the last day on which moving in still counts as under),
//!   and the child's screen shows A1, A2 and A3 from the same clocks as
//!   the report ([`child`]).

pub mod child;
pub mod file;
pub mod panel;
pub mod report;
#[cfg(test)]
mod tests;

use crate::event::{Event, RecordedEvent};
use crate::legal_status;
use chrono::{Datelike, Months, NaiveDate};
use std::fmt;

/// A scorecard measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    A1,
    A10,
    A2,
    A3,
}

impl Measure {
    /// In the order the report lists them.
    pub const ALL: [Measure; 4] = [Measure::A1, Measure::A10, Measure::A2, Measure::A3];

    pub fn code(self) -> &'static str {
        match self {
            Measure::A1 => "A1",
            Measure::A10 => "A10",
            Measure::A2 => "A2",
            Measure::A3 => "A3",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL
            .into_iter()
            .find(|m| m.code().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One measure's line of the thresholds file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub measure: Measure,
    pub title: String,
    /// The most days the average may be and meet the threshold (A1, A10, A2).
    pub threshold_days: Option<u32>,
    /// A3: children placed within fewer calendar months than this count.
    pub under_months: Option<u32>,
    pub source: String,
}

/// The measures' thresholds, as [`file::parse`] read them: every measure
/// has its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    pub rules: Vec<Rule>,
}

impl Thresholds {
    pub fn rule(&self, measure: Measure) -> Option<&Rule> {
        self.rules.iter().find(|r| r.measure == measure)
    }

    pub fn days(&self, measure: Measure) -> Option<i64> {
        self.rule(measure).and_then(|r| r.threshold_days).map(i64::from)
    }

    /// A3's months (14 where the file somehow lacks it: the measure's name).
    pub fn under_months(&self) -> u32 {
        self.rule(Measure::A3).and_then(|r| r.under_months).unwrap_or(14)
    }
}

/// One of the child's adoption plans, as the measures read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdoptionPlan {
    /// The plan's start: its events count from this day (`Event::is_childs`).
    pub start: NaiveDate,
    /// Still open.
    pub active: bool,
    /// Closed with the order made (the adoption order), on this day.
    pub ended_with_order: Option<NaiveDate>,
}

/// What the measures need to know about one child on an adoption plan:
/// the dates of their journey, each `None` where it is not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journey {
    pub reference: String,
    pub name: String,
    /// The start of the period of care the clock runs in: the one in which
    /// the child moved in with the adoptive family, or the current one.
    pub entered_care: Option<NaiveDate>,
    pub placement_order: Option<NaiveDate>,
    /// The match: the matching panel's date.
    pub matched: Option<NaiveDate>,
    /// Moving in with the adoptive family: the placement on the adoption plan.
    pub placed: Option<NaiveDate>,
    /// The adoption order.
    pub adopted: Option<NaiveDate>,
    /// Where the child was adopted by their foster carers, the day that
    /// foster placement began (A10). Not yet recorded by the product.
    pub foster_placement_start: Option<NaiveDate>,
    /// On an open adoption plan and not yet adopted: a clock may be running.
    pub waiting: bool,
}

impl Journey {
    /// The journey the events tell on the child's latest adoption plan;
    /// `None` for a child who has never had one.
    pub fn of(
        reference: &str,
        name: &str,
        events: &[RecordedEvent],
        looked_after_since: Option<NaiveDate>,
        plans: &[AdoptionPlan],
    ) -> Option<Journey> {
        let plan = plans.iter().max_by_key(|p| p.start)?;
        // The plan's own events count from its start; an earlier plan's
        // or period's are their own (`Event::is_childs`).
        let on_plan = |event: Event| {
            events
                .iter()
                .filter(move |e| e.event == event && e.on >= plan.start)
                .map(|e| e.on)
        };
        let placed = on_plan(Event::Placement).min();
        let adopted = on_plan(Event::OrderMade)
            .filter(|on| placed.is_none_or(|p| *on >= p))
            .min()
            .or(plan.ended_with_order);
        let matched = on_plan(Event::MatchingPanel)
            .filter(|on| placed.is_none_or(|p| *on <= p))
            .max();
        let until = placed.or(adopted);
        let entered_care = period_start(events, looked_after_since, until);
        Some(Journey {
            reference: reference.to_string(),
            name: name.to_string(),
            entered_care,
            placement_order: on_plan(Event::PlacementOrder).min(),
            matched,
            placed,
            adopted,
            foster_placement_start: foster_placement_start(events, entered_care, placed),
            waiting: plan.active && adopted.is_none(),
        })
    }

    /// A1: entering care to moving in, in days.
    pub fn a1(&self) -> Option<i64> {
        days(self.entered_care?, self.placed?)
    }

    /// A10: as A1, counted to the start of the foster placement where the
    /// child was adopted by their foster carers.
    pub fn a10(&self) -> Option<i64> {
        let entered = self.entered_care?;
        let placed = self.placed?;
        let moved = self
            .foster_placement_start
            .map_or(placed, |f| f.clamp(entered, placed));
        days(entered, moved)
    }

    /// A2: the Placement Order to the match, in days; 0 where the match
    /// came first.
    pub fn a2(&self) -> Option<i64> {
        Some((self.matched? - self.placement_order?).num_days().max(0))
    }

    /// A3: placed within fewer than `months` calendar months of entering care.
    pub fn a3(&self, months: u32) -> Option<bool> {
        let entered = self.entered_care?;
        let placed = self.placed?;
        (placed >= entered).then(|| placed < add_months(entered, months))
    }

    /// Counted in a period's figures: adopted in it, having moved in with
    /// the adoptive family by the adoption order.
    pub fn adopted_in(&self, from: NaiveDate, to: NaiveDate) -> bool {
        match (self.placed, self.adopted) {
            (Some(placed), Some(adopted)) => (from..=to).contains(&adopted) && placed <= adopted,
            _ => false,
        }
    }
}

/// The start of the foster placement with the carers who adopted (a
/// `foster-placement` event): the latest in the period of care, on or
/// before the move to the adoptive family. It may come before the plan
/// began (a child fostered from their first day in care), so unlike the
/// plan's own events it is not counted from the plan's start; one from an
/// earlier period of care, or after the move, is not this adoption's.
fn foster_placement_start(
    events: &[RecordedEvent],
    entered_care: Option<NaiveDate>,
    placed: Option<NaiveDate>,
) -> Option<NaiveDate> {
    events
        .iter()
        .filter(|e| e.event == Event::FosterPlacement)
        .map(|e| e.on)
        .filter(|on| entered_care.is_none_or(|s| *on >= s) && placed.is_none_or(|p| *on <= p))
        .max()
}

/// Days from `from` to `to`, where `to` is not before it.
fn days(from: NaiveDate, to: NaiveDate) -> Option<i64> {
    let n = (to - from).num_days();
    (n >= 0).then_some(n)
}

fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The start of the child's period of care that holds `until` (the latest
/// to start on or before it), or of the latest period where `until` is
/// `None`. A `looked-after` event starts a period, as does a return to
/// care after an order ended it (`legal_status::breaks`); a child with
/// neither counts from the first order that made them looked after or
/// the record's "looked after since", whichever is earlier.
pub fn period_start(
    events: &[RecordedEvent],
    looked_after_since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let mut starts: Vec<NaiveDate> = events
        .iter()
        .filter(|e| e.event == Event::LookedAfter)
        .map(|e| e.on)
        .chain(legal_status::breaks(events).into_iter().map(|b| b.back))
        .collect();
    if starts.is_empty() {
        let first_order = events
            .iter()
            .filter(|e| {
                matches!(
                    e.event,
                    Event::InterimCareOrder | Event::CareOrder | Event::PlacementOrder
                )
            })
            .map(|e| e.on)
            .min();
        starts.extend(first_order.into_iter().chain(looked_after_since).min());
    }
    starts.into_iter().filter(|s| until.is_none_or(|u| *s <= u)).max()
}

/// A reporting period, both days counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The DfE's year: the last complete year to 31 March before `today`
    /// (the SSDA903's collection year, which the scorecards count in).
    pub fn last_year_to_march(today: NaiveDate) -> Period {
        let year = today.year();
        let march = |y: i32| NaiveDate::from_ymd_opt(y, 3, 31).unwrap_or(NaiveDate::MIN);
        let to = if march(year) < today {
            march(year)
        } else {
            march(year - 1)
        };
        Period {
            from: to - Months::new(12) + chrono::Days::new(1),
            to,
        }
    }

    /// The three years ending with this period's last day, which the
    /// scorecards' rolling figure counts.
    pub fn three_years(self) -> Period {
        Period {
            from: self.to - Months::new(36) + chrono::Days::new(1),
            to: self.to,
        }
    }
}

/// One measure over a set of children: the figure (average days, or for
/// A3 the percentage) and how many children it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Rounded to the nearest day (or whole percent); `None` with no children.
    pub value: Option<i64>,
    pub children: usize,
}

/// A measure's line of the report: the period's figure beside the
/// three-year one, held to the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureLine {
    pub measure: Measure,
    pub period: Figure,
    pub three_years: Figure,
    /// Days (A1, A10, A2); A3 has none published.
    pub threshold: Option<i64>,
}

impl MeasureLine {
    /// Whether a figure meets the threshold (at or under it); `None`
    /// where there is no threshold or no figure.
    pub fn met(&self, figure: Figure) -> Option<bool> {
        Some(figure.value? <= self.threshold?)
    }
}

/// The mean of `values`, rounded to the nearest whole number (halves up).
pub fn rounded_mean(values: &[i64]) -> Option<i64> {
    let n = i64::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum: i64 = values.iter().sum();
    Some((2 * sum + n).div_euclid(2 * n))
}

/// The percentage `part` of `whole`, rounded to a whole percent (halves up).
pub fn rounded_percent(part: usize, whole: usize) -> Option<i64> {
    let part = i64::try_from(part).ok()?;
    let whole = i64::try_from(whole).ok().filter(|w| *w > 0)?;
    Some((200 * part + whole).div_euclid(2 * whole))
}

/// A measure's figure over the children adopted in `period`.
pub fn figure(journeys: &[Journey], measure: Measure, period: Period, thresholds: &Thresholds) -> Figure {
    let counted = journeys.iter().filter(|j| j.adopted_in(period.from, period.to));
    if measure == Measure::A3 {
        let months = thresholds.under_months();
        let answers: Vec<bool> = counted.filter_map(|j| j.a3(months)).collect();
        let under = answers.iter().filter(|a| **a).count();
        return Figure {
            value: rounded_percent(under, answers.len()),
            children: answers.len(),
        };
    }
    let values: Vec<i64> = counted
        .filter_map(|j| match measure {
            Measure::A1 => j.a1(),
            Measure::A10 => j.a10(),
            _ => j.a2(),
        })
        .collect();
    Figure {
        value: rounded_mean(&values),
        children: values.len(),
    }
}

/// Every measure's line for `period`, in the report's order.
pub fn measures(journeys: &[Journey], period: Period, thresholds: &Thresholds) -> Vec<MeasureLine> {
    Measure::ALL
        .into_iter()
        .map(|measure| MeasureLine {
            measure,
            period: figure(journeys, measure, period, thresholds),
            three_years: figure(journeys, measure, period.three_years(), thresholds),
            threshold: thresholds.days(measure),
        })
        .collect()
}

/// A child's clock on one measure (A1, A10 or A2), for a child still waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub measure: Measure,
    pub reference: String,
    pub name: String,
    /// The day it started: entering care (A1, A10) or the Placement Order (A2).
    pub since: NaiveDate,
    /// The day it stopped (moved in, or matched), where it has: the days
    /// are then final and will count once the adoption order is made.
    pub stopped: Option<NaiveDate>,
    pub days: i64,
    pub threshold: i64,
}

impl Clock {
    /// Days before the clock passes the threshold: below 0 once it has.
    pub fn days_left(&self) -> i64 {
        self.threshold - self.days
    }

    /// The day a running clock passes the threshold (the first day over it).
    pub fn passes_on(&self) -> Option<NaiveDate> {
        if self.stopped.is_some() {
            return None;
        }
        let days = u64::try_from(self.threshold + 1).ok()?;
        self.since.checked_add_days(chrono::Days::new(days))
    }
}

/// The clocks of the children still waiting as of `today`, most urgent
/// first: running clocks before stopped ones, each by the days left.
pub fn clocks(journeys: &[Journey], today: NaiveDate, thresholds: &Thresholds) -> Vec<Clock> {
    let mut out = Vec::new();
    for j in journeys.iter().filter(|j| j.waiting) {
        // A10 only where it differs from A1: a child living with the
        // foster carers who are to adopt them, counted from entering care
        // to the day that foster placement began (a clock already stopped).
        let fostered = j.foster_placement_start.filter(|f| *f <= today);
        let spans = [
            (Measure::A1, j.entered_care, j.placed),
            (
                Measure::A10,
                j.entered_care.filter(|_| fostered.is_some()),
                fostered,
            ),
            (Measure::A2, j.placement_order, j.matched),
        ];
        for (measure, since, stopped) in spans {
            let (Some(since), Some(threshold)) = (since, thresholds.days(measure)) else {
                continue;
            };
            let stopped = stopped.filter(|s| *s <= today);
            let end = stopped.unwrap_or(today);
            if since > today {
                continue;
            }
            out.push(Clock {
                measure,
                reference: j.reference.clone(),
                name: j.name.clone(),
                since,
                stopped,
                days: (end - since).num_days().max(0),
                threshold,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.stopped.is_some(), a.days_left(), &a.reference, a.measure).cmp(&(
            b.stopped.is_some(),
            b.days_left(),
            &b.reference,
            b.measure,
        ))
    });
    out
}

/// How many running clocks pass their threshold within `within` days of
/// today (or have passed it): the children about to push the average over.
pub fn about_to_pass(clocks: &[Clock], within: i64) -> usize {
    clocks
        .iter()
        .filter(|c| c.stopped.is_none() && c.days_left() <= within)
        .count()
}

/// What the report says beside its figures: the product's readings of the
/// methodology and what it could not count, with the number of children.
pub fn notes(journeys: &[Journey]) -> Vec<String> {
    let mut notes = vec![
        "Definitions: DfE, Adoption Scorecards: year ending March 2018, Methodology and guidance document (March 2019), A1 p.5, A2 p.6, A3 p.7.".to_string(),
        "Counted: children adopted in the period who moved in with their adoptive family before the order; the three-year figure averages over every child adopted in the three years.".to_string(),
        "This product's reading: a child with two periods of care counts from the start of the period in which they moved in; A3's 14 months are calendar months; the match is the matching panel's date.".to_string(),
    ];
    if journeys.iter().all(|j| j.foster_placement_start.is_none()) {
        notes.push("A10: no child here has a foster-placement event (an adoption by their foster carers, SSDA903 AD1 FOSTER_CARE), so A10 equals A1 here.".to_string());
    }
    let waiting_unknown = journeys
        .iter()
        .filter(|j| j.waiting && j.entered_care.is_none())
        .count();
    if waiting_unknown > 0 {
        notes.push(format!(
            "{waiting_unknown} child{} on an adoption plan with no date of entering care recorded: no A1 clock shown.",
            if waiting_unknown == 1 { "" } else { "ren" }
        ));
    }
    notes
}
