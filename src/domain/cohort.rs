//! Tracker meetings' cohorts, computed from the record rather than kept in
//! a spreadsheet: who each tracker covers on a given day, and what the
//! meeting needs to see about them. The trackers and their thresholds are
//! the seeds': Warrington's Permanence, Pre-Proceedings, Care Order,
//! long-term matching and 16+ trackers (section 10-11, Appendices 1-3);
//! Leicestershire's SGO Review Group (four-colour RAG); Telford's
//! Securing Permanence Group (placement orders of 9 months or more);
//! Stockton's kinship conversion review.

use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::date::Age;
use crate::domain::event::{Event, RecordedEvent};
use crate::domain::people::Carer;
use crate::domain::plan::{Plan, PlanRole, PlanStatus, Stage};
use crate::domain::report::{Cell, Report};
use crate::domain::timeline::Summary;
use chrono::{Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracker {
    Permanence,
    PreProceedings,
    SgoReview,
    CareOrders,
    LongTermMatching,
    SixteenPlus,
    PlacementOrders,
    Kinship,
}

impl Tracker {
    pub const ALL: [Tracker; 8] = [
        Tracker::Permanence,
        Tracker::PreProceedings,
        Tracker::SgoReview,
        Tracker::CareOrders,
        Tracker::LongTermMatching,
        Tracker::SixteenPlus,
        Tracker::PlacementOrders,
        Tracker::Kinship,
    ];

    /// The name `permanence report tracker NAME` takes.
    pub fn code(self) -> &'static str {
        match self {
            Tracker::Permanence => "permanence",
            Tracker::PreProceedings => "pre-proceedings",
            Tracker::SgoReview => "sgo-review",
            Tracker::CareOrders => "care-orders",
            Tracker::LongTermMatching => "long-term-matching",
            Tracker::SixteenPlus => "sixteen-plus",
            Tracker::PlacementOrders => "placement-orders",
            Tracker::Kinship => "kinship",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tracker::Permanence => "Permanence Tracker",
            Tracker::PreProceedings => "Pre-Proceedings Tracker",
            Tracker::SgoReview => "SGO Review Group",
            Tracker::CareOrders => "Care Order Tracker",
            Tracker::LongTermMatching => "Long-term matching tracker (in care 9 months or more)",
            Tracker::SixteenPlus => "16+ Tracker",
            Tracker::PlacementOrders => "Placement orders of 9 months or more",
            Tracker::Kinship => "Connected-care arrangements: conversion to SGO",
        }
    }

    pub fn parse(text: &str) -> Option<Tracker> {
        Tracker::ALL.into_iter().find(|t| t.code() == text)
    }
}

/// What a tracker needs to know about one child.
#[derive(Debug, Clone, Copy)]
pub struct CohortChild<'a> {
    pub fields: &'a ChildFields,
    pub worker_name: Option<&'a str>,
    pub iro_name: Option<&'a str>,
    pub carers: &'a [Carer],
    pub plans: &'a [Plan],
    pub events: &'a [RecordedEvent],
    /// The computed timeline summary, where the child has a plan.
    pub summary: Option<&'a Summary>,
}

impl CohortChild<'_> {
    fn primary(&self) -> Option<&Plan> {
        self.plans
            .iter()
            .find(|p| p.role == PlanRole::Primary && p.status == PlanStatus::Active)
    }

    fn active(&self) -> impl Iterator<Item = &Plan> {
        self.plans.iter().filter(|p| p.status == PlanStatus::Active)
    }

    /// The latest time `event` was recorded on or before `as_of`.
    fn last(&self, event: Event, as_of: NaiveDate) -> Option<NaiveDate> {
        self.events
            .iter()
            .filter(|e| e.event == event && e.on <= as_of)
            .map(|e| e.on)
            .max()
    }

    fn name(&self) -> String {
        self.fields.full_name()
    }

    fn common(&self) -> Vec<Cell> {
        vec![
            Cell::text(self.fields.reference.clone()),
            Cell::Text(self.name()),
            Cell::opt(self.worker_name.or(self.fields.worker.as_deref())),
        ]
    }

    fn rag(&self) -> Cell {
        Cell::text(self.fields.rag.map_or("", |r| r.word()))
    }

    fn computed_rag(&self) -> Cell {
        Cell::text(self.summary.and_then(|s| s.rag).map_or("", |r| r.word()))
    }

    fn overdue(&self) -> Cell {
        Cell::Number(self.summary.map(|s| s.overdue as i64))
    }

    /// Placed with relatives or friends: kinship care.
    fn connected(&self) -> bool {
        let placement = self.fields.placement_type.as_deref().unwrap_or("").to_lowercase();
        self.carers.iter().any(|c| c.connected_person)
            || ["connected", "family and friends", "family or friends", "kinship"]
                .iter()
                .any(|w| placement.contains(w))
    }
}

/// Whole months from `from` to `to` (0 if `to` is earlier).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut months = 0;
    while from
        .checked_add_months(Months::new(months + 1))
        .is_some_and(|d| d <= to)
    {
        months += 1;
    }
    months
}

/// Whether `months` whole months have passed since `from` on `as_of`.
fn at_least_months(from: NaiveDate, months: u32, as_of: NaiveDate) -> bool {
    from.checked_add_months(Months::new(months))
        .is_some_and(|d| d <= as_of)
}

/// The weeks of pre-proceedings the tracker flags (Appendix 1): 16, the
/// review (and an exception report if it will run over); 26, the maximum;
/// 40, discussed under an extension; 52, the absolute limit.
pub const PRE_PROCEEDINGS_FLAGS: [i64; 4] = [16, 26, 40, 52];

/// A second pre-proceedings period lasts 12 weeks.
pub const SECOND_PERIOD_WEEKS: i64 = 12;

fn weeks(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() / 7).max(0)
}

fn is_looked_after(status: LegalStatus) -> bool {
    matches!(
        status,
        LegalStatus::S20 | LegalStatus::Ico | LegalStatus::Co | LegalStatus::Po
    )
}

/// The tracker's rows on `as_of`, in reference order.
pub fn tracker(tracker: Tracker, children: &[CohortChild<'_>], as_of: NaiveDate) -> Report {
    let mut children: Vec<&CohortChild<'_>> = children.iter().collect();
    children.sort_by(|a, b| a.fields.reference.cmp(&b.fields.reference));
    let (columns, rows): (Vec<(&'static str, &'static str)>, Vec<Vec<Cell>>) = match tracker {
        Tracker::Permanence => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("stage", "Stage"),
                ("legal_status", "Legal status"),
                ("iro", "IRO"),
                ("rag", "RAG"),
                ("computed_rag", "Calc"),
                ("overdue", "Late"),
            ],
            children
                .iter()
                .filter(|c| c.primary().is_some() || is_looked_after(c.fields.legal_status))
                .map(|c| {
                    let mut row = c.common();
                    row.extend([
                        Cell::text(c.primary().map_or("looked after", |p| p.stage.code())),
                        Cell::text(c.fields.legal_status.short()),
                        Cell::opt(c.iro_name.or(c.fields.iro.as_deref())),
                        c.rag(),
                        c.computed_rag(),
                        c.overdue(),
                    ]);
                    row
                })
                .collect(),
        ),
        Tracker::PreProceedings => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("start", "Gateway"),
                ("weeks", "Weeks"),
                ("flags", "Flags"),
                ("second_period_start", "2nd period"),
                ("second_period_weeks", "2nd weeks"),
            ],
            children
                .iter()
                .filter_map(|c| {
                    let plan = c.active().find(|p| p.stage == Stage::PreProceedings)?;
                    // The Gateway decision starts pre-proceedings; the plan's
                    // start is that decision unless a later one is recorded.
                    let start = c
                        .last(Event::Gateway, as_of)
                        .unwrap_or(plan.start)
                        .max(plan.start);
                    let weeks = weeks(start, as_of);
                    let flags: Vec<i64> = PRE_PROCEEDINGS_FLAGS
                        .into_iter()
                        .filter(|t| weeks >= *t)
                        .collect();
                    let second = c.last(Event::SecondPeriod, as_of);
                    let mut row = c.common();
                    row.extend([
                        Cell::Date(Some(start)),
                        Cell::Number(Some(weeks)),
                        Cell::Numbers(flags),
                        Cell::Date(second),
                        Cell::Number(second.map(|s| weeks_of(s, as_of))),
                    ]);
                    Some(row)
                })
                .collect(),
        ),
        Tracker::SgoReview => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("legal_status", "Legal status"),
                ("plan", "Plan"),
                ("rag", "RAG"),
                ("computed_rag", "Calc"),
                ("overdue", "Late"),
            ],
            children
                .iter()
                .filter(|c| {
                    c.fields.legal_status == LegalStatus::Sgo
                        || c.primary()
                            .is_some_and(|p| p.pathway.contains("special-guardianship"))
                })
                .map(|c| {
                    let mut row = c.common();
                    row.extend([
                        Cell::text(c.fields.legal_status.short()),
                        Cell::text(c.primary().map_or("", |p| p.pathway.as_str())),
                        c.rag(),
                        c.computed_rag(),
                        c.overdue(),
                    ]);
                    row
                })
                .collect(),
        ),
        Tracker::CareOrders => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("placement", "Placement"),
                ("looked_after_since", "Looked after since"),
                ("rag", "RAG"),
            ],
            children
                .iter()
                .filter(|c| c.fields.legal_status == LegalStatus::Co)
                .filter(|c| {
                    let placement = c.fields.placement_type.as_deref().unwrap_or("").to_lowercase();
                    c.connected()
                        || placement.contains("long-term")
                        || placement.contains("with parents")
                        || placement.contains("at home")
                })
                .map(|c| {
                    let mut row = c.common();
                    row.extend([
                        Cell::opt(c.fields.placement_type.as_deref()),
                        Cell::Date(c.fields.looked_after_since),
                        c.rag(),
                    ]);
                    row
                })
                .collect(),
        ),
        Tracker::LongTermMatching => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("looked_after_since", "Looked after since"),
                ("months", "Months"),
                ("matched", "Matched"),
            ],
            children
                .iter()
                .filter(|c| is_looked_after(c.fields.legal_status))
                .filter_map(|c| {
                    let since = c.fields.looked_after_since?;
                    at_least_months(since, 9, as_of).then(|| {
                        let mut row = c.common();
                        row.extend([
                            Cell::Date(Some(since)),
                            Cell::Number(Some(i64::from(whole_months(since, as_of)))),
                            Cell::Flag(c.last(Event::MatchingPanel, as_of).is_some()),
                        ]);
                        row
                    })
                })
                .collect(),
        ),
        Tracker::SixteenPlus => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("date_of_birth", "Born"),
                ("age", "Age"),
                ("legal_status", "Legal status"),
                ("plan", "Plan"),
            ],
            children
                .iter()
                .filter_map(|c| {
                    let dob = c.fields.date_of_birth?;
                    let years = match Age::on(dob, as_of) {
                        Age::Years(y) if y >= 16 => y,
                        _ => return None,
                    };
                    let mut row = c.common();
                    row.extend([
                        Cell::Date(Some(dob)),
                        Cell::Number(Some(i64::from(years))),
                        Cell::text(c.fields.legal_status.short()),
                        Cell::text(c.primary().map_or("", |p| p.pathway.as_str())),
                    ]);
                    Some(row)
                })
                .collect(),
        ),
        Tracker::PlacementOrders => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("placement_order", "Placement order"),
                ("months", "Months"),
                ("matched", "Matched"),
                ("placed", "Placed"),
            ],
            children
                .iter()
                .filter(|c| c.fields.legal_status == LegalStatus::Po)
                .filter_map(|c| {
                    // A placement order whose date is not recorded is listed
                    // (the meeting needs to know), with the date blank.
                    let made = c.last(Event::PlacementOrder, as_of);
                    if made.is_some_and(|m| !at_least_months(m, 9, as_of)) {
                        return None;
                    }
                    let since = made.unwrap_or(NaiveDate::MIN);
                    let mut row = c.common();
                    row.extend([
                        Cell::Date(made),
                        Cell::Number(made.map(|m| i64::from(whole_months(m, as_of)))),
                        Cell::Flag(c.last(Event::MatchingPanel, as_of).is_some_and(|m| m >= since)),
                        Cell::Flag(c.last(Event::Placement, as_of).is_some_and(|p| p >= since)),
                    ]);
                    Some(row)
                })
                .collect(),
        ),
        Tracker::Kinship => (
            vec![
                ("ref", "Ref"),
                ("name", "Child"),
                ("worker", "Worker"),
                ("placement", "Placement"),
                ("legal_status", "Legal status"),
                ("category", "Category"),
            ],
            children
                .iter()
                .filter(|c| c.connected() && c.fields.legal_status != LegalStatus::Sgo)
                .map(|c| {
                    let mut row = c.common();
                    row.extend([
                        Cell::opt(c.fields.placement_type.as_deref()),
                        Cell::text(c.fields.legal_status.short()),
                        Cell::text(kinship_category(c).label()),
                    ]);
                    row
                })
                .collect(),
        ),
    };
    Report {
        title: format!("{} on {}", tracker.title(), crate::domain::date::uk(as_of)),
        columns,
        rows,
    }
}

fn weeks_of(from: NaiveDate, to: NaiveDate) -> i64 {
    weeks(from, to)
}

/// Stockton's categories for connected-care arrangements. Three follow
/// from the record; the other two ("cannot convert now, needs continued
/// oversight" and "needs further work with carers") are the review's own
/// judgement, so a child not in the first three is shown as not yet
/// categorised rather than guessed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KinshipCategory {
    InProceedings,
    TwinTracked,
    InTransition,
    NotYetCategorised,
}

impl KinshipCategory {
    pub fn label(self) -> &'static str {
        match self {
            KinshipCategory::InProceedings => "In proceedings, possible step-down to SGO",
            KinshipCategory::TwinTracked => "Twin-tracked for reunification",
            KinshipCategory::InTransition => "In transition to SGO",
            KinshipCategory::NotYetCategorised => "Not yet categorised",
        }
    }
}

fn kinship_category(child: &CohortChild<'_>) -> KinshipCategory {
    let primary = child.primary();
    if primary.is_some_and(|p| p.stage == Stage::Proceedings) {
        KinshipCategory::InProceedings
    } else if child.active().any(|p| p.pathway.contains("reunification")) && child.active().count() > 1 {
        KinshipCategory::TwinTracked
    } else if primary.is_some_and(|p| p.pathway.contains("special-guardianship")) {
        KinshipCategory::InTransition
    } else {
        KinshipCategory::NotYetCategorised
    }
}

#[cfg(test)]
mod tests;
