//! Tracker meetings' cohorts, computed from the record rather than kept in
//! a spreadsheet: who each tracker covers on a given day, and what the
//! meeting needs to see about them. The trackers and their cohorts are the
//! seeds', each with its words in [`Tracker::rule`]: Warrington's
//! Permanence, Pre-Proceedings, Care Order, long-term matching and 16+
//! trackers (sections 10-11, Appendices 1-3); Leicestershire's SGO Review
//! Group (every child in care, four-colour RAG); Telford's Securing
//! Permanence Group (placement orders of 9 months or more, and care orders
//! in care 12 months or more); Stockton's kinship conversion review (five
//! categories).

use crate::child::{ChildFields, LegalStatus};
use crate::date::Age;
use crate::event::{Event, RecordedEvent};
use crate::people::Carer;
use crate::plan::{Plan, PlanRole, PlanStatus, Stage};
use crate::report::{Cell, PackedRows, Report};
use crate::timeline::Summary;
use chrono::{Months, NaiveDate};

mod scope;
pub use scope::{Scope, ScopeError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracker {
    Permanence,
    PreProceedings,
    SgoReview,
    CareOrders,
    LongTermMatching,
    SixteenPlus,
    PlacementOrders,
    CareOrdersTwelveMonths,
    Kinship,
}

// `code`: The name `permanence report tracker NAME` takes.
crate::coded::coded! {
    Tracker, exact;
    Permanence => "permanence";
    PreProceedings => "pre-proceedings";
    SgoReview => "sgo-review";
    CareOrders => "care-orders";
    LongTermMatching => "long-term-matching";
    SixteenPlus => "sixteen-plus";
    PlacementOrders => "placement-orders";
    CareOrdersTwelveMonths => "care-orders-12-months";
    Kinship => "kinship";
}

impl Tracker {
    pub fn title(self) -> &'static str {
        match self {
            Tracker::Permanence => "Permanence Tracker",
            Tracker::PreProceedings => "Pre-Proceedings Tracker",
            Tracker::SgoReview => "SGO Review Group",
            Tracker::CareOrders => "Care Order Tracker",
            Tracker::LongTermMatching => "Long-term matching tracker (in care 9 months or more)",
            Tracker::SixteenPlus => "16+ Tracker",
            Tracker::PlacementOrders => "Placement orders of 9 months or more",
            Tracker::CareOrdersTwelveMonths => "Care orders in care 12 months or more",
            Tracker::Kinship => "Connected-care arrangements: conversion to SGO",
        }
    }

    /// Who the tracker lists, in its seed's words and with its reference:
    /// printed under every report of it, so the meeting can check the
    /// cohort against the document it works to.
    pub fn rule(self) -> &'static str {
        match self {
            Tracker::Permanence => {
                "Every child in pre-proceedings, in proceedings or looked after (Warrington \
                 Securing Permanence policy 10.3: \"to track every child in Pre-Proceedings, in \
                 Proceedings and those that are Looked After\")."
            }
            Tracker::PreProceedings => {
                "Every child in pre-proceedings, weeks counted from the Legal Gateway decision \
                 (Warrington Securing Permanence policy, Appendix 1)."
            }
            Tracker::SgoReview => {
                "Every child in care (Leicestershire SGO guidance, SGO Review Group: \"All cases \
                 within the CIC Service are RAG rated by the CIC Team Managers and presented to \
                 the SGO Review Group\"). A child already on an SGO has left care and is not \
                 listed."
            }
            Tracker::CareOrders => {
                "Children on care orders in long-term fostering, placed with family or friends, \
                 or placed with parents at home (Warrington Securing Permanence policy 11.3)."
            }
            Tracker::LongTermMatching => {
                "Children in care for 9 months or more (Warrington Securing Permanence policy \
                 11.4: \"any children in care that have been in care for 9 months or more\"). A \
                 child whose looked-after date is not recorded is listed as \"date not recorded\"."
            }
            Tracker::SixteenPlus => {
                "Young people in care aged 16 or over (Warrington Securing Permanence policy \
                 11.5: \"any young person in care, which is aged 16 or above\")."
            }
            Tracker::PlacementOrders => {
                "Children \"subject of a Placement Order for 9 months or longer\", with \"the \
                 overall plan for the child\" (Telford Securing Permanence Group report, section \
                 2). An order whose date is not recorded is listed as \"date not recorded\": its \
                 age is not known."
            }
            Tracker::CareOrdersTwelveMonths => {
                "Children \"subject of Care Orders who have been in care for 12 months or \
                 longer\", to consider whether each could be \"formally matched with their \
                 current long term carer\" (Telford Securing Permanence Group report, section 3). \
                 Children placed at home with their parents are the Care Order Tracker's; a \
                 child whose looked-after date is not recorded is listed as \"date not \
                 recorded\"."
            }
            Tracker::Kinship => {
                "Children in care in connected-care arrangements, in Stockton's five \
                 categories (Stockton Kinship Support, \"Figures to date\"): proceedings from \
                 the record, then the SGO Panel's last decision, then the plans. \"Timetable for SGO conversions to be \
                 reviewed fortnightly\" (Implementation Plan)."
            }
        }
    }
}

/// The only events a tracker or the dashboard reads ([`CohortChild::last`]
/// of each): a bulk read of the caseload reads these and no others, so
/// the hundreds of thousands of meetings and reviews stay on disk. A
/// tracker that reads another event must name it here (a test gives each
/// tracker every event and only these, and compares).
pub const EVENTS_USED: [Event; 5] = [
    Event::Gateway,
    Event::SecondPeriod,
    Event::MatchingPanel,
    Event::PlacementOrder,
    Event::Placement,
];

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
    /// The decision last recorded for the child at a kinship (SGO Panel)
    /// meeting held on or before the day: how Stockton's two categories
    /// the record cannot show are known.
    pub kinship_decision: Option<&'a str>,
}

/// The primary plan among `plans` that is active, if any.
fn primary_of(plans: &[Plan]) -> Option<&Plan> {
    plans
        .iter()
        .find(|p| p.role == PlanRole::Primary && p.status == PlanStatus::Active)
}

/// Whether the Permanence Tracker lists a child with these plans and
/// legal status: one with an active primary plan, or looked after.
fn on_permanence_tracker(plans: &[Plan], status: LegalStatus) -> bool {
    primary_of(plans).is_some() || is_looked_after(status)
}

impl CohortChild<'_> {
    fn primary(&self) -> Option<&Plan> {
        primary_of(self.plans)
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

    fn common(&self) -> [Cell; 3] {
        [
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

    /// The primary plan's pathway, or blank where there is none.
    fn plan(&self) -> Cell {
        Cell::text(self.primary().map_or("", |p| p.pathway.as_str()))
    }

    fn placement(&self) -> String {
        self.fields.placement_type.as_deref().unwrap_or("").to_lowercase()
    }

    /// Placed with relatives or friends: kinship care.
    fn connected(&self) -> bool {
        connected(self.fields.placement_type.as_deref(), self.carers)
    }

    /// Placed at home with the parents under the order.
    fn at_home(&self) -> bool {
        let placement = self.placement();
        placement.contains("with parents") || placement.contains("at home")
    }

    fn looked_after(&self) -> bool {
        is_looked_after(self.fields.legal_status)
    }
}

/// What a date column says where the record holds no date, so that a
/// child listed without one is never read as having been there the
/// tracker's whole span.
pub const DATE_NOT_RECORDED: &str = "date not recorded";

fn date_or_not_recorded(date: Option<NaiveDate>) -> Cell {
    match date {
        Some(_) => Cell::Date(date),
        None => Cell::text(DATE_NOT_RECORDED),
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

/// Placed with relatives or friends (kinship care): a connected person
/// among the carers, or a placement described as connected, family and
/// friends, or kinship (in any case).
pub fn connected(placement_type: Option<&str>, carers: &[Carer]) -> bool {
    const WORDS: [&str; 4] = ["connected", "family and friends", "family or friends", "kinship"];
    if carers.iter().any(|c| c.connected_person) {
        return true;
    }
    let placement = placement_type.unwrap_or("");
    // Read for every child of a national caseload: an ASCII description
    // is searched without a lower-case copy. Any other is lower-cased in
    // full, since a few non-ASCII letters lower-case to ASCII ones.
    match placement.is_ascii() {
        true => WORDS.iter().any(|w| contains_ignoring_ascii_case(placement, w)),
        false => {
            let placement = placement.to_lowercase();
            WORDS.iter().any(|w| placement.contains(w))
        }
    }
}

/// Whether `text` holds `word` (lower-case ASCII) in any case.
fn contains_ignoring_ascii_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// The active plan at the pre-proceedings stage, if any: what puts a
/// child on the Pre-Proceedings Tracker.
pub fn in_pre_proceedings(plans: &[Plan]) -> Option<&Plan> {
    plans
        .iter()
        .find(|p| p.status == PlanStatus::Active && p.stage == Stage::PreProceedings)
}

/// In care: accommodated, or under an interim, full or placement order.
/// A child at home, on a supervision order or on an SGO or child
/// arrangements order is not looked after.
pub fn is_looked_after(status: LegalStatus) -> bool {
    matches!(
        status,
        LegalStatus::S20 | LegalStatus::Ico | LegalStatus::Co | LegalStatus::Po
    )
}

type Columns = Vec<(&'static str, &'static str)>;

/// A tracker's own cells for one child, or `None` where the tracker does
/// not list them.
type Cells = Box<dyn Fn(&CohortChild<'_>) -> Option<Vec<Cell>> + Send + Sync>;

/// What a tracker lists: its own columns (after those every tracker
/// starts with) and its own cells for each child.
struct Listing {
    own: &'static [(&'static str, &'static str)],
    cells: Cells,
    /// The tracker's test of whom it lists, where it reads no more than a
    /// child's plans and legal status: so that a caller reading a whole
    /// caseload can pass over, before making their record, a child the
    /// tracker cannot list ([`TrackerFold::may_list`]). `None` where the
    /// test reads more.
    lists: Option<fn(&[Plan], LegalStatus) -> bool>,
}

impl Listing {
    fn new(
        own: &'static [(&'static str, &'static str)],
        cells: impl Fn(&CohortChild<'_>) -> Option<Vec<Cell>> + Send + Sync + 'static,
    ) -> Listing {
        Listing {
            own,
            cells: Box::new(cells),
            lists: None,
        }
    }

    /// The listing, whose cells list exactly the children `lists` holds of.
    fn listing_where(mut self, lists: fn(&[Plan], LegalStatus) -> bool) -> Listing {
        self.lists = Some(lists);
        self
    }

    /// The columns every tracker starts with (the child's reference, name
    /// and worker, which `CohortChild::common` fills), then its own.
    fn columns(&self) -> Columns {
        let mut columns = vec![("ref", "Ref"), ("name", "Child"), ("worker", "Worker")];
        columns.extend_from_slice(self.own);
        columns
    }

    /// The child's row, its own cells after the common, if listed.
    fn row(&self, child: &CohortChild<'_>) -> Option<Vec<Cell>> {
        let own = (self.cells)(child)?;
        // Made at its full length, not grown from the three cells every
        // tracker starts with: a row for each child a tracker lists.
        let mut row = Vec::with_capacity(3 + own.len());
        row.extend(child.common());
        row.extend(own);
        Some(row)
    }
}

fn listing(tracker: Tracker, as_of: NaiveDate) -> Listing {
    match tracker {
        Tracker::Permanence => permanence(),
        Tracker::PreProceedings => pre_proceedings(as_of),
        Tracker::SgoReview => sgo_review(),
        Tracker::CareOrders => care_orders(),
        Tracker::LongTermMatching => long_term_matching(as_of),
        Tracker::SixteenPlus => sixteen_plus(as_of),
        Tracker::PlacementOrders => placement_orders(as_of),
        Tracker::CareOrdersTwelveMonths => care_orders_twelve_months(as_of),
        Tracker::Kinship => kinship(),
    }
}

fn title(tracker: Tracker, as_of: NaiveDate) -> String {
    format!(
        "{} on {}\n{}",
        tracker.title(),
        crate::date::uk(as_of),
        tracker.rule()
    )
}

/// Puts what a tracker lists in reference order, every tracker's order,
/// given each one's reference: a stable sort, so that children read in
/// any order come out as the tracker lists them.
pub fn in_reference_order<T>(listed: &mut [T], reference: impl Fn(&T) -> &str) {
    listed.sort_by(|a, b| reference(a).cmp(reference(b)));
}

/// The reference in a tracker's row: the first of the columns every
/// tracker starts with.
fn row_reference(row: &[Cell]) -> &str {
    match row.first() {
        Some(Cell::Text(reference)) => reference,
        _ => "",
    }
}

/// A tracker's rows (made by [`TrackerFold::row`] or
/// [`TrackerReport::row`] in any order) in reference order.
pub fn rows_in_reference_order(rows: &mut [Vec<Cell>]) {
    in_reference_order(rows, |row| row_reference(row));
}

/// A tracker's rows kept packed, in reference order: the reference is
/// every row's first cell.
pub fn packed_in_reference_order(rows: &mut PackedRows) {
    rows.sort_by_first_text();
}

/// A tracker's rows made one child at a time, so that the caseload can be
/// read as a stream and only the rows listed are kept: [`TrackerFold::add`]
/// each child (in any order), then [`TrackerFold::finish`] puts the rows
/// in reference order. [`tracker`] is this fold over a slice.
pub struct TrackerFold {
    title: String,
    listing: Listing,
    rows: Vec<Vec<Cell>>,
}

impl TrackerFold {
    pub fn new(tracker: Tracker, as_of: NaiveDate) -> TrackerFold {
        TrackerFold {
            title: title(tracker, as_of),
            listing: listing(tracker, as_of),
            rows: Vec::new(),
        }
    }

    /// The child's row, if the tracker lists them, without keeping it.
    pub fn row(&self, child: &CohortChild<'_>) -> Option<Vec<Cell>> {
        self.listing.row(child)
    }

    /// Whether the tracker may list a child with these plans and legal
    /// status: `false` only where it cannot (it lists by nothing more, and
    /// they fail its test), so that their record need not be made to ask
    /// [`TrackerFold::row`]; `true` where its test reads more.
    pub fn may_list(&self, plans: &[Plan], status: LegalStatus) -> bool {
        self.listing.lists.is_none_or(|lists| lists(plans, status))
    }

    /// The tracker's columns, as its rows fill them.
    pub fn columns(&self) -> Columns {
        self.listing.columns()
    }

    /// Keeps the child's row, if the tracker lists them.
    pub fn add(&mut self, child: &CohortChild<'_>) {
        if let Some(row) = self.listing.row(child) {
            self.rows.push(row);
        }
    }

    /// The report: every row kept, in reference order.
    /// This fold with `later`'s rows after its own: as if `later`'s
    /// children had been added after this fold's (the same tracker and
    /// day), for a caseload read in two parts at once.
    pub fn merge(mut self, later: TrackerFold) -> TrackerFold {
        self.rows.extend(later.rows);
        self
    }

    pub fn finish(self) -> Report {
        let mut rows = self.rows;
        rows_in_reference_order(&mut rows);
        Report {
            title: self.title,
            columns: self.listing.columns(),
            rows,
        }
    }
}

/// The tracker's rows on `as_of`, in reference order.
pub fn tracker(tracker: Tracker, children: &[CohortChild<'_>], as_of: NaiveDate) -> Report {
    let mut fold = TrackerFold::new(tracker, as_of);
    for child in children {
        fold.add(child);
    }
    fold.finish()
}

/// The tracker's report as `permanence report tracker` writes it, one
/// child at a time, so that a report of any length streams out: each
/// child's last decision at this tracker's meetings (empty where none was
/// recorded) and their RAG after the tracker's own columns, the RAG only
/// where the tracker does not show it already.
pub struct TrackerReport {
    pub title: String,
    pub columns: Columns,
    listing: Listing,
    has_rag: bool,
}

impl TrackerReport {
    pub fn new(tracker: Tracker, as_of: NaiveDate) -> TrackerReport {
        let listing = listing(tracker, as_of);
        let mut columns = listing.columns();
        let has_rag = columns.iter().any(|(key, _)| *key == "rag");
        columns.push(("last_decision", "Last decision"));
        if !has_rag {
            columns.push(("rag", "RAG"));
        }
        TrackerReport {
            title: title(tracker, as_of),
            columns,
            listing,
            has_rag,
        }
    }

    /// The child's row, given their last decision, if the tracker lists
    /// them. Every tracker lists its children in reference order.
    pub fn row(&self, child: &CohortChild<'_>, last_decision: Option<&str>) -> Option<Vec<Cell>> {
        let mut row = self.listing.row(child)?;
        row.push(Cell::opt(last_decision));
        if !self.has_rag {
            row.push(child.rag());
        }
        Some(row)
    }
}

/// The whole [`TrackerReport`] at once, each child's last decision
/// looked up by their reference.
pub fn tracker_with_decisions<'d>(
    which: Tracker,
    children: &[CohortChild<'_>],
    as_of: NaiveDate,
    last_decision: impl Fn(&str) -> Option<&'d str>,
) -> Report {
    let report = TrackerReport::new(which, as_of);
    let mut rows: Vec<Vec<Cell>> = children
        .iter()
        .filter_map(|c| report.row(c, last_decision(&c.fields.reference)))
        .collect();
    rows_in_reference_order(&mut rows);
    Report {
        title: report.title,
        columns: report.columns,
        rows,
    }
}

fn permanence() -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("stage", "Stage"),
        ("legal_status", "Legal status"),
        ("iro", "IRO"),
        ("rag", "RAG"),
        ("computed_rag", "Calc"),
        ("overdue", "Late"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        on_permanence_tracker(c.plans, c.fields.legal_status).then(|| {
            vec![
                Cell::text(c.primary().map_or("looked after", |p| p.stage.code())),
                Cell::text(c.fields.legal_status.short()),
                Cell::opt(c.iro_name.or(c.fields.iro.as_deref())),
                c.rag(),
                c.computed_rag(),
                c.overdue(),
            ]
        })
    })
    .listing_where(on_permanence_tracker)
}

fn pre_proceedings(as_of: NaiveDate) -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("start", "Gateway"),
        ("weeks", "Weeks"),
        ("flags", "Flags"),
        ("second_period_start", "2nd period"),
        ("second_period_weeks", "2nd weeks"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        let plan = in_pre_proceedings(c.plans)?;
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
        Some(vec![
            Cell::Date(Some(start)),
            Cell::Number(Some(weeks)),
            Cell::Numbers(flags),
            Cell::Date(second),
            Cell::Number(second.map(|s| self::weeks(s, as_of))),
        ])
    })
}

/// Leicestershire SGO guidance, "SGO Review Group": "All cases within the
/// CIC Service are RAG rated by the CIC Team Managers and presented to the
/// SGO Review Group", to establish "if permanency via a Special
/// Guardianship Order can be achieved for those in long term foster care".
/// So every child in care, whatever their plan; a child already on an SGO
/// has left care and is no longer the group's.
fn sgo_review() -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("legal_status", "Legal status"),
        ("placement", "Placement"),
        ("plan", "Plan"),
        ("rag", "RAG"),
        ("computed_rag", "Calc"),
        ("overdue", "Late"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        c.looked_after().then(|| {
            vec![
                Cell::text(c.fields.legal_status.short()),
                Cell::opt(c.fields.placement_type.as_deref()),
                c.plan(),
                c.rag(),
                c.computed_rag(),
                c.overdue(),
            ]
        })
    })
}

/// Warrington 11.3: "children in long term fostering; in placements with
/// family or friends; and children placed with parents under a Care Order
/// at home".
fn care_orders() -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("placement", "Placement"),
        ("looked_after_since", "Looked after since"),
        ("rag", "RAG"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        let kept = c.fields.legal_status == LegalStatus::Co
            && (c.connected() || c.placement().contains("long-term") || c.at_home());
        kept.then(|| {
            vec![
                Cell::opt(c.fields.placement_type.as_deref()),
                Cell::Date(c.fields.looked_after_since),
                c.rag(),
            ]
        })
    })
}

/// Warrington 11.4: "any children in care that have been in care for 9
/// months or more". A child in care whose looked-after date is not
/// recorded may be one, so is listed saying so rather than left out.
fn long_term_matching(as_of: NaiveDate) -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("looked_after_since", "Looked after since"),
        ("months", "Months"),
        ("matched", "Matched"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        let since = c.fields.looked_after_since;
        if !c.looked_after() || since.is_some_and(|s| !at_least_months(s, 9, as_of)) {
            return None;
        }
        Some(vec![
            date_or_not_recorded(since),
            Cell::Number(since.map(|s| i64::from(whole_months(s, as_of)))),
            Cell::Flag(c.last(Event::MatchingPanel, as_of).is_some()),
        ])
    })
}

/// Warrington 11.5: "any young person in care, which is aged 16 or
/// above": not those living at home or on supervision orders.
fn sixteen_plus(as_of: NaiveDate) -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("date_of_birth", "Born"),
        ("age", "Age"),
        ("legal_status", "Legal status"),
        ("plan", "Plan"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        if !c.looked_after() {
            return None;
        }
        let dob = c.fields.date_of_birth?;
        let years = match Age::on(dob, as_of) {
            Age::Years(y) if y >= 16 => y,
            _ => return None,
        };
        Some(vec![
            Cell::Date(Some(dob)),
            Cell::Number(Some(i64::from(years))),
            Cell::text(c.fields.legal_status.short()),
            c.plan(),
        ])
    })
}

/// Telford, section 2: "children subject of a Placement Order for 9
/// months or longer", considering "the overall plan for the child".
fn placement_orders(as_of: NaiveDate) -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("placement_order", "Placement order"),
        ("months", "Months"),
        ("plan", "Plan"),
        ("matched", "Matched"),
        ("placed", "Placed"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        if c.fields.legal_status != LegalStatus::Po {
            return None;
        }
        // An order whose date is not recorded is listed (the meeting
        // needs to know), saying so rather than passing for 9 months.
        let made = c.last(Event::PlacementOrder, as_of);
        if made.is_some_and(|m| !at_least_months(m, 9, as_of)) {
            return None;
        }
        let since = made.unwrap_or(NaiveDate::MIN);
        Some(vec![
            date_or_not_recorded(made),
            Cell::Number(made.map(|m| i64::from(whole_months(m, as_of)))),
            c.plan(),
            Cell::Flag(c.last(Event::MatchingPanel, as_of).is_some_and(|m| m >= since)),
            Cell::Flag(c.last(Event::Placement, as_of).is_some_and(|p| p >= since)),
        ])
    })
}

/// Telford, section 3: "children subject of Care Orders who have been in
/// care for 12 months or longer", of whom some are "potentially suitable
/// to be formally matched with their current long term carer". Those
/// "placed at home with their parents" are a cohort of their own there
/// (and the Care Order Tracker's here), with no carer to be matched with.
fn care_orders_twelve_months(as_of: NaiveDate) -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("placement", "Placement"),
        ("looked_after_since", "Looked after since"),
        ("months", "Months"),
        ("plan", "Plan"),
        ("matched", "Matched"),
    ];
    Listing::new(own, move |c: &CohortChild<'_>| {
        let since = c.fields.looked_after_since;
        if c.fields.legal_status != LegalStatus::Co
            || c.at_home()
            || since.is_some_and(|s| !at_least_months(s, 12, as_of))
        {
            return None;
        }
        Some(vec![
            Cell::opt(c.fields.placement_type.as_deref()),
            date_or_not_recorded(since),
            Cell::Number(since.map(|s| i64::from(whole_months(s, as_of)))),
            c.plan(),
            Cell::Flag(c.last(Event::MatchingPanel, as_of).is_some()),
        ])
    })
}

fn kinship() -> Listing {
    let own: &'static [(&str, &str)] = &[
        ("placement", "Placement"),
        ("legal_status", "Legal status"),
        ("category", "Category"),
    ];
    // "Connected Care placements" are children in care: one made
    // subject to an SGO or a Child Arrangements Order has left the
    // cohort ("20 children have transitioned to SGO arrangements and 4
    // have been made subject to Child Arrangement Orders").
    Listing::new(own, move |c: &CohortChild<'_>| {
        (c.connected() && c.looked_after()).then(|| {
            vec![
                Cell::opt(c.fields.placement_type.as_deref()),
                Cell::text(c.fields.legal_status.short()),
                Cell::text(kinship_category(c).label()),
            ]
        })
    })
}

/// Stockton's categories for connected-care arrangements, in the order of
/// its "Figures to date": "41 children in the process of transition to
/// SGO ...; 27 are not able to covert at this time as children need
/// continued oversight under CIOC; 42 need further work competing with
/// current carers to enable a transition to SGO; 41 children are
/// currently subject to Proceedings where the outcome could be step down
/// to SGO; 17 Children have twin tracked plans of reunification". A child
/// neither the record nor the panel has placed is not yet categorised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KinshipCategory {
    InTransition,
    CannotConvertNow,
    NeedsFurtherWork,
    InProceedings,
    TwinTracked,
    NotYetCategorised,
}

impl KinshipCategory {
    /// Stockton's five, in its order.
    pub const FIVE: [KinshipCategory; 5] = [
        KinshipCategory::InTransition,
        KinshipCategory::CannotConvertNow,
        KinshipCategory::NeedsFurtherWork,
        KinshipCategory::InProceedings,
        KinshipCategory::TwinTracked,
    ];

    /// What the tracker, the funnel and the meeting's decision all say.
    pub const fn label(self) -> &'static str {
        match self {
            KinshipCategory::InTransition => "In transition to SGO",
            KinshipCategory::CannotConvertNow => "Cannot convert now, needs continued oversight",
            KinshipCategory::NeedsFurtherWork => "Needs further work with carers",
            KinshipCategory::InProceedings => "In proceedings, possible step-down to SGO",
            KinshipCategory::TwinTracked => "Twin-tracked for reunification",
            KinshipCategory::NotYetCategorised => "Not yet categorised",
        }
    }

    /// One of the five from a meeting's recorded decision. Meetings held
    /// before the labels were one list wrote "; " where they now say ", ".
    pub fn parse(text: &str) -> Option<KinshipCategory> {
        let text = text.trim().replace("; ", ", ");
        KinshipCategory::FIVE.into_iter().find(|c| c.label() == text)
    }
}

/// The decisions a kinship meeting may record: Stockton's five.
pub const KINSHIP_DECISIONS: [&str; 5] = [
    KinshipCategory::InTransition.label(),
    KinshipCategory::CannotConvertNow.label(),
    KinshipCategory::NeedsFurtherWork.label(),
    KinshipCategory::InProceedings.label(),
    KinshipCategory::TwinTracked.label(),
];

/// Proceedings first: an interim order or a plan in proceedings is a legal
/// fact no earlier decision outweighs. Then the SGO Panel's last decision,
/// the only source for "cannot convert now" and "needs further work", and
/// a judgement the plans cannot overrule. Where the panel has not decided,
/// the plans: a reunification contingency is twin-tracking, an SGO plan is
/// transition.
fn kinship_category(child: &CohortChild<'_>) -> KinshipCategory {
    let primary = child.primary();
    let in_proceedings = primary.is_some_and(|p| p.stage == Stage::Proceedings)
        || matches!(child.fields.legal_status, LegalStatus::Ico | LegalStatus::Iso);
    if in_proceedings {
        return KinshipCategory::InProceedings;
    }
    if let Some(decided) = child.kinship_decision.and_then(KinshipCategory::parse) {
        return decided;
    }
    if child.active().any(|p| p.pathway.contains("reunification")) && child.active().count() > 1 {
        KinshipCategory::TwinTracked
    } else if primary.is_some_and(|p| p.pathway.contains("special-guardianship")) {
        KinshipCategory::InTransition
    } else {
        KinshipCategory::NotYetCategorised
    }
}

#[cfg(test)]
mod tests;
