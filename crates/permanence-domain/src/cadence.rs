//! Clocks that run for every looked-after child whatever the pathway,
//! set by law and by the policy: case reviews, Permanence Planning
//! Meetings, statutory visits, and the 26 weeks of care proceedings.
//! Each occurrence's deadline counts from the previous one's recorded
//! date, or, until it is recorded, from its own deadline.

use crate::calendar::Calendar;
use crate::date::uk;
use crate::event::Event;
use crate::legal_status::CareBreak;
use crate::pathway::{Pathway, PlacementKind};
use crate::plan::{Plan, PlanRole, PlanStatus};
use crate::set_by::SetBy;
use crate::span::Span;
use crate::timeline::{ChildFacts, Dated, EventLog, event_date};
use crate::words::words;
use chrono::NaiveDate;

/// What sets a cadence's deadline: the law or regulation (with its
/// paragraph) or the policy (with its section), declared beside the
/// words, so that only the law's deadlines are ever called statutory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub words: &'static str,
    pub by: SetBy,
}

const fn law(words: &'static str) -> Source {
    Source {
        words,
        by: SetBy::Law,
    }
}

const fn policy(words: &'static str) -> Source {
    Source {
        words,
        by: SetBy::Policy,
    }
}

const REVIEWS: Source = law("Care Planning, Placement and Case Review (England) Regulations 2010, reg 33");
// The second review's 12 weeks are Warrington's, shorter than the three
// months the law allows: the date shown is the policy's, so it is a
// policy deadline (the review itself is still a statutory duty).
const SECOND_REVIEW: Source =
    policy("Warrington Securing Permanence, Appendix 6 (the 2010 Regulations, reg 33, allow three months)");
// Checked against the Regulations' text (legislation.gov.uk, SI 2005/389,
// reg 36; SI 2010/959, reg 28): the paragraph is cited for each step.
const ADOPTION_FIRST_REVIEW: Source = law("Adoption Agencies Regulations 2005, reg 36(3)(a)");
const ADOPTION_SECOND_REVIEW: Source = law("Adoption Agencies Regulations 2005, reg 36(3)(b)");
const ADOPTION_REVIEWS: Source = law("Adoption Agencies Regulations 2005, reg 36(3)(c)");
const ADOPTION_VISITS: Source = law(
    "Adoption Agencies Regulations 2005, reg 36(4)(a): weekly until the first review, then as the agency decides at each review",
);
const FIRST_VISIT: Source =
    law("Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(a)");
const VISITS: Source =
    law("Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(b)");
const LONG_TERM_VISITS: Source =
    law("Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(c)(i)");
/// Permanence Planning Meetings are the authority's policy, not the law's
/// (Warrington Securing Permanence, section 8): what the not-needed
/// refusal names as whose rule a PPM is.
pub const PPMS: Source = policy("Warrington Securing Permanence, section 8");
// The Regulations say "becomes looked after"; reading a return to care
// after an SGO or CAO as becoming looked after again is this program's.
const RETURN_REVIEW: Source = law(
    "Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(1): within 20 working days of the child becoming looked after (this program's reading: a child back in care after an SGO or CAO has become looked after again)",
);
// Section 8.3's own words: "at least every 6 weeks ... but should take
// place monthly if there is a multi-track planning process in place". The
// cadence says which applies, so that a date that moves when a second plan
// starts says why.
const PPMS_SIX_WEEKLY: Source = policy("Warrington Securing Permanence, section 8.3: at least every 6 weeks");
const PPMS_MONTHLY: Source = policy(
    "Warrington Securing Permanence, section 8.3: monthly while more than one plan is active (\"a multi-track planning process\")",
);
const PROCEEDINGS: Source = law("Children Act 1989, s32(1)(a)(ii); each extension up to 8 weeks, s32(5)");

/// How many occurrences of a cadence are followed at most.
const MAX: usize = 120;

pub struct Context<'a> {
    pub calendar: &'a Calendar,
    pub child: ChildFacts,
    pub plan: &'a Plan,
    pub pathway: Option<&'a Pathway>,
    /// The plan's own events ([`EventLog::for_plan`]).
    pub log: &'a EventLog,
    /// Every event of the child, whichever plan it fell in: the statutory
    /// visits follow the child's placement, whatever the plan.
    pub child_log: &'a EventLog,
    /// More than one active plan: PPMs are monthly (section 8.3).
    pub multi_track: bool,
    /// The day an order ended the child's being looked after (an SGO or a
    /// CAO: [`crate::legal_status::looked_after_until`]), if one has.
    pub looked_after_until: Option<NaiveDate>,
    /// Each time the child left care under an order and came back
    /// ([`crate::legal_status::breaks`]), in order: reviews start again
    /// from each return, visits from the next placement.
    pub back_in_care: &'a [CareBreak],
    pub as_of: NaiveDate,
}

impl<'a> Context<'a> {
    /// The same child and plan, counting only the events of these logs
    /// (one period of care's), with no break in care of its own.
    fn with_logs<'b>(&self, log: &'b EventLog, child_log: &'b EventLog) -> Context<'b>
    where
        'a: 'b,
    {
        Context {
            calendar: self.calendar,
            child: self.child,
            plan: self.plan,
            pathway: self.pathway,
            log,
            child_log,
            multi_track: self.multi_track,
            looked_after_until: self.looked_after_until,
            back_in_care: &[],
            as_of: self.as_of,
        }
    }
}

/// How many of a child's plans count as tracks of its planning: the
/// active ones, less any breakdown of another pathway by role (Appendix 7),
/// which is never a plan of its own. The timeline and the plan dialogs'
/// "Before saving" both count with this, so they cannot disagree.
pub fn tracks<'a>(plans: impl IntoIterator<Item = (&'a Plan, Option<&'a Pathway>)>) -> usize {
    plans
        .into_iter()
        .filter(|(p, w)| p.status == PlanStatus::Active && w.is_none_or(|w| w.breakdown_of.is_none()))
        .count()
}

/// The plan that follows the child's case reviews, visits and PPMs: the
/// active primary plan; with none active (the primary closed, a
/// contingency left), the active plan that would take its place: a track
/// before a breakdown of one (Appendix 7), then the earliest started.
/// `None` only when no plan is active. Reviews and visits are the
/// child's, not a plan's (Care Planning, Placement and Case Review
/// Regulations 2010, regulations 28 and 33): closing the primary plan
/// must never stop them being followed while another plan is active.
pub fn carrier<'a>(plans: impl IntoIterator<Item = (&'a Plan, Option<&'a Pathway>)>) -> Option<&'a Plan> {
    plans
        .into_iter()
        .filter(|(p, _)| p.status == PlanStatus::Active)
        .min_by_key(|(p, w)| {
            (
                p.role != PlanRole::Primary,
                w.is_some_and(|w| w.breakdown_of.is_some()),
                p.start,
                p.id,
            )
        })
        .map(|(p, _)| p)
}

/// Whether a child's case reviews and visits are followed on no plan:
/// looked after by the record (no order having ended it, as
/// [`crate::legal_status::ends_looked_after`] says) and no plan active,
/// so the timeline has nowhere to follow them. The screen says so rather
/// than show a timeline with nothing due.
pub fn unfollowed<'a>(
    plans: impl IntoIterator<Item = &'a Plan>,
    looked_after_since: Option<NaiveDate>,
    legal: crate::child::LegalStatus,
) -> bool {
    looked_after_since.is_some()
        && !crate::legal_status::ends_looked_after(legal)
        && plans.into_iter().all(|p| p.status != PlanStatus::Active)
}

/// What the timeline says when [`unfollowed`], longest first: the first
/// that fits is shown.
pub const UNFOLLOWED: [&str; 2] = [
    "No active plan: this looked-after child's case reviews and visits are not being followed (s starts one)",
    "No active plan: reviews and visits not followed (s starts one)",
];

/// What a cadence item on a plan that is not primary says of where it is
/// followed, so the worker sees why the reviews moved to this plan.
pub const FOLLOWED_WITHOUT_A_PRIMARY: &str = "followed on this plan because no primary plan is active (this program's rule: a looked-after child's reviews and visits do not depend on which plan is primary)";

/// Whether a child's plans are "a multi-track planning process" (section
/// 8.3), under which PPMs are monthly: more than one track ([`tracks`]).
pub fn multi_track(tracks: usize) -> bool {
    tracks > 1
}

/// What a change in the number of active plans does to the PPMs, in the
/// words a worker is shown before saving it (`None`: nothing).
pub fn ppm_cadence_change(before: usize, after: usize) -> Option<&'static str> {
    match (multi_track(before), multi_track(after)) {
        (false, true) => Some(
            "Permanence Planning Meetings become monthly while more than one plan is active (Warrington Securing Permanence, section 8.3), so the next ones move earlier.",
        ),
        (true, false) => Some(
            "With one plan left, Permanence Planning Meetings go back to at least every 6 weeks (Warrington Securing Permanence, section 8.3).",
        ),
        _ => None,
    }
}

/// One occurrence of a cadence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadenceItem {
    pub key: String,
    /// The event each occurrence is (a case review, a PPM, a visit).
    pub event: Event,
    pub title: String,
    pub responsible: Option<String>,
    pub deadline: Dated,
    /// Who sets the deadline: the law, or the authority's policy.
    pub set_by: SetBy,
    /// The recorded event that is this occurrence, and its date, if it
    /// has happened (for proceedings, whichever final order was made).
    pub happened: Option<(Event, NaiveDate)>,
    /// The first day this occurrence is followed to (`None`: every day):
    /// a chain stops after its first occurrence due after "today", so the
    /// later ones appear only as today reaches the ones before them.
    pub shown_from: Option<NaiveDate>,
}

/// Every cadence of a plan, and the first day on which one of them would
/// be followed further than it is here (`None`: none would).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cadences {
    pub items: Vec<CadenceItem>,
    pub extends_on: Option<NaiveDate>,
}

impl Cadences {
    fn add(&mut self, (items, extends_on): (Vec<CadenceItem>, Option<NaiveDate>)) {
        self.items.extend(items);
        self.extends_on = earliest(self.extends_on, extends_on);
    }
}

/// The earlier of two days, where `None` is "never".
pub fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The later of two days, where `None` is "from the beginning".
pub fn latest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

pub fn items(ctx: &Context<'_>) -> Cadences {
    let mut all = Cadences::default();
    // A pathway may say its children have no PPMs (Appendix 10: a
    // supervision order is managed through Child and Family Progress
    // Meetings, which its own file lists).
    if ctx.pathway.is_none_or(|p| p.cadence.ppms) {
        all.add(ppms(ctx));
    }
    all.add(reviews(ctx));
    all.add(visits(ctx));
    all.add((proceedings(ctx), None));
    // Reviews and visits are duties to a looked-after child (2010
    // Regulations, regs 28 and 33): once an order has ended that, none
    // falls due after its day. Those due before it stay, held or not.
    if let Some(until) = ctx.looked_after_until {
        all.items.retain(|c| {
            !matches!(c.event, Event::CaseReview | Event::Visit)
                || c.happened.is_some()
                || c.deadline.date.is_none_or(|due| due <= until)
        });
    }
    all
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// How the n-th occurrence of a cadence is timed.
struct Step {
    span: Span,
    /// Counted from this date and words instead of the previous occurrence.
    from: Option<(NaiveDate, String)>,
    source: Source,
}

fn step(span: Span, source: Source) -> Step {
    Step {
        span,
        from: None,
        source,
    }
}

/// Follows a chain of occurrences: `next(n, previous)` says how the n-th
/// is timed (`None`: the law sets no further one). Always gives the first two (tables name the second review
/// and PPM), then stops after the first occurrence due after `as_of`.
/// Also says from which day each occurrence is followed to, and from
/// which day the chain would go further (see [`CadenceItem::shown_from`]).
fn chain(
    ctx: &Context<'_>,
    event: Event,
    start: Dated,
    mut next: impl FnMut(usize, NaiveDate) -> Option<Step>,
    mut describe: impl FnMut(usize) -> (String, String),
) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let mut items = Vec::new();
    let happened = ctx.log.occurrences(event);
    let Some(mut previous) = start.date else {
        return (items, None);
    };
    let mut previous_words = start.rule;
    let mut previous_event = start.counted_from;
    let mut shown_from = None;
    for n in 1..=MAX {
        let Some(Step { span, from, source }) = next(n, previous) else {
            return (items, None);
        };
        let from_fixed = from.is_some();
        let (base, from) = from.unwrap_or_else(|| (previous, previous_words.clone()));
        let date = span.from(ctx.calendar, base, false);
        let (key, title) = describe(n);
        let happened_on = happened.get(n - 1).copied();
        let counted_from = if from_fixed { None } else { previous_event };
        items.push(CadenceItem {
            key,
            event,
            title,
            responsible: None,
            deadline: Dated {
                date: Some(date),
                rule: words!("{span} after {from} ({})", source.words),
                counted_from,
            },
            set_by: source.by,
            happened: happened_on.map(|on| (event, on)),
            shown_from,
        });
        let title = &items[n - 1].title;
        previous = happened_on.unwrap_or(date);
        previous_event = happened_on.map(|on| (event, on));
        previous_words = match happened_on {
            Some(on) => words!("the {} held on {}", title.to_lowercase(), uk(on)),
            None => words!("the {} due {}", title.to_lowercase(), uk(date)),
        };
        // Where the chain would stop on a day before this occurrence's
        // date: the next one is followed to only from that date on.
        if happened_on.is_none() && n >= 2 {
            shown_from = latest(shown_from, Some(date));
            if date > ctx.as_of {
                return (items, shown_from);
            }
        }
    }
    (items, None)
}

fn ppms(ctx: &Context<'_>) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let gateway = event_date(Event::Gateway, ctx.log, ctx.plan, ctx.child);
    let (every, source) = if ctx.multi_track {
        (Span::Months(1), PPMS_MONTHLY)
    } else {
        (Span::Weeks(6), PPMS_SIX_WEEKLY)
    };
    chain(
        ctx,
        Event::Ppm,
        gateway,
        |n, _| {
            Some(if n == 1 {
                step(Span::WorkingDays(10), PPMS)
            } else {
                step(every, source)
            })
        },
        |n| {
            let key = match n {
                1 => "first-ppm".to_string(),
                2 => "second-ppm".to_string(),
                n => format!("ppm-{n}"),
            };
            (key, format!("{} Permanence Planning Meeting", ordinal(n)))
        },
    )
}

fn reviews(ctx: &Context<'_>) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let looked_after = event_date(Event::LookedAfter, ctx.log, ctx.plan, ctx.child);
    if ctx.back_in_care.is_empty() {
        return reviews_of_a_period(ctx, looked_after, Period::Only);
    }
    // A child back in care: each period's reviews counted only from the
    // reviews held in it (one held while out of care is no looked-after
    // child's review), those of a period that ended kept where due or
    // held by the order that ended it, each return's counted afresh from
    // it and named apart, so that what is recorded against one period
    // never counts for another.
    let mut all = Vec::new();
    let mut extends_on = None;
    for period in CarePeriod::all(ctx.back_in_care) {
        let log = period.of(ctx.log);
        let (start, which) = match period.back {
            None => (looked_after.clone(), Period::Only),
            Some((number, back)) => (
                Dated {
                    date: Some(back),
                    rule: words!("the return to care on {}", uk(back)),
                    counted_from: None,
                },
                Period::SinceReturn(number),
            ),
        };
        let (items, extends) = reviews_of_a_period(&ctx.with_logs(&log, ctx.child_log), start, which);
        all.extend(period.keep(items));
        // Seen on a day before an order recorded ahead of it, an ended
        // period's chain also stops at that day: it too says when the
        // timeline next changes.
        extends_on = earliest(extends_on, extends);
    }
    (all, extends_on)
}

/// One period of care's case reviews from `start`: the first within 20
/// working days, the second 12 weeks on, then every 6 months.
fn reviews_of_a_period(
    ctx: &Context<'_>,
    start: Dated,
    period: Period,
) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let first_source = match period {
        Period::Only => REVIEWS,
        Period::SinceReturn(_) => RETURN_REVIEW,
    };
    // Once a child is placed for adoption, reviews follow the Adoption
    // Agencies Regulations: within 4 weeks of the placement, then 3
    // months, then every 6 months.
    let adoption_placement = ctx
        .pathway
        .filter(|p| p.cadence.placement == PlacementKind::Adoption)
        .and_then(|_| ctx.log.first(Event::Placement));
    let mut since_placement = 0;
    let chained = chain(
        ctx,
        Event::CaseReview,
        start,
        |n, previous| {
            if since_placement > 0 {
                since_placement += 1;
                return Some(if since_placement == 2 {
                    step(Span::Months(3), ADOPTION_SECOND_REVIEW)
                } else {
                    step(Span::Months(6), ADOPTION_REVIEWS)
                });
            }
            let regular = match n {
                1 => step(Span::WorkingDays(20), first_source),
                2 => step(Span::Weeks(12), SECOND_REVIEW),
                _ => step(Span::Months(6), REVIEWS),
            };
            // The first review that would fall after the placement is due
            // within 4 weeks of the placement instead.
            if let Some(placed) = adoption_placement
                && placed >= previous
                && regular.span.from(ctx.calendar, previous, false) >= placed
            {
                since_placement = 1;
                return Some(Step {
                    span: Span::Weeks(4),
                    from: Some((placed, format!("placement for adoption on {}", uk(placed)))),
                    source: ADOPTION_FIRST_REVIEW,
                });
            }
            Some(regular)
        },
        |n| match period {
            Period::Only => {
                let key = match n {
                    1 => "first-case-review".to_string(),
                    2 => "second-case-review".to_string(),
                    n => format!("case-review-{n}"),
                };
                (key, format!("{} case review", ordinal(n)))
            }
            Period::SinceReturn(k) => (
                format!("return-{}case-review-{n}", period.key_part(k)),
                format!("{} case review since {}", ordinal(n), period.return_words(k)),
            ),
        },
    );
    with_responsible(chained, "IRO")
}

fn with_responsible(
    (items, extends_on): (Vec<CadenceItem>, Option<NaiveDate>),
    who: &str,
) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let items = items
        .into_iter()
        .map(|mut item| {
            item.responsible = Some(who.to_string());
            item
        })
        .collect();
    (items, extends_on)
}

/// Statutory visits from the start of a placement: within a week, then
/// at most every 6 weeks for the first year, then at most every 3 months
/// where the placement is to last until 18 (permanent fostering). A child
/// placed for adoption is visited within a week and then weekly until the
/// first review after the placement; after it, as the agency decides at
/// each review, which the product cannot know, so no further date is set.
fn visits(ctx: &Context<'_>) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    if ctx.back_in_care.is_empty() {
        return visits_of_a_period(ctx, Period::Only);
    }
    // A child back in care: the visits due in each period of care stay,
    // held or not, counted from the visits made in it only (a visit made
    // after the order that ended it is the next period's); each return's
    // from the placement made since it, counted afresh and keyed apart.
    let mut all = Vec::new();
    let mut extends_on = None;
    for period in CarePeriod::all(ctx.back_in_care) {
        let (log, child_log) = (period.of(ctx.log), period.of(ctx.child_log));
        let which = period
            .back
            .map_or(Period::Only, |(number, _)| Period::SinceReturn(number));
        let (items, extends) = visits_of_a_period(&ctx.with_logs(&log, &child_log), which);
        all.extend(period.keep(items));
        extends_on = earliest(extends_on, extends);
    }
    (all, extends_on)
}

/// One period a child was looked after: from the start (or from a
/// return, numbered from 1) until an order ended it, if one has.
struct CarePeriod {
    back: Option<(usize, NaiveDate)>,
    left: Option<NaiveDate>,
}

impl CarePeriod {
    /// The periods around the breaks, in order: the first, then one from
    /// each return.
    fn all(breaks: &[CareBreak]) -> Vec<CarePeriod> {
        let mut periods = vec![CarePeriod {
            back: None,
            left: breaks.first().map(|b| b.left),
        }];
        for (index, gap) in breaks.iter().enumerate() {
            periods.push(CarePeriod {
                back: Some((index + 1, gap.back)),
                left: breaks.get(index + 1).map(|b| b.left),
            });
        }
        periods
    }

    /// The events of the log that fall in the period.
    fn of(&self, log: &EventLog) -> EventLog {
        let since = match self.back {
            Some((_, back)) => log.since(back),
            None => log.clone(),
        };
        match self.left {
            Some(left) => since.until(left),
            None => since,
        }
    }

    /// Of a period an order ended, the occurrences held, or due by the
    /// order: none falls due while the child is out of care.
    fn keep(&self, items: Vec<CadenceItem>) -> Vec<CadenceItem> {
        match self.left {
            None => items,
            Some(left) => items
                .into_iter()
                .filter(|c| c.happened.is_some() || c.deadline.date.is_none_or(|due| due <= left))
                .collect(),
        }
    }
}

/// Which period of care a chain of reviews or visits is for: how its
/// items are named.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    Only,
    /// Since the n-th return to care (from 1).
    SinceReturn(usize),
}

impl Period {
    /// What the keys of the n-th return's items say of it: nothing for
    /// the first (`return-case-review-1`, as before a child could return
    /// twice), its number for the rest (`return-2-case-review-1`), so that
    /// an item's key never changes when a later return is recorded.
    fn key_part(self, number: usize) -> String {
        match number {
            1 => String::new(),
            n => format!("{n}-"),
        }
    }

    /// The n-th return in an item's title.
    fn return_words(self, number: usize) -> String {
        match number {
            1 => "the return to care".to_string(),
            n => format!("the {} return to care", ordinal(n)),
        }
    }
}

fn visits_of_a_period(ctx: &Context<'_>, period: Period) -> (Vec<CadenceItem>, Option<NaiveDate>) {
    let adoptive = ctx
        .pathway
        .filter(|p| p.cadence.placement == PlacementKind::Adoption)
        .and_then(|_| ctx.log.first(Event::Placement));
    let Some(placed) = adoptive.or_else(|| ctx.child_log.first(Event::Placement)) else {
        return (Vec::new(), None);
    };
    // The first review after the placement: recorded, or when it is due.
    let first_review = ctx
        .log
        .occurrences(Event::CaseReview)
        .iter()
        .copied()
        .find(|on| *on >= placed)
        .unwrap_or_else(|| Span::Weeks(4).from(ctx.calendar, placed, false));
    if ctx.child.looked_after_since.is_none() && !ctx.log.happened(Event::LookedAfter) {
        return (Vec::new(), None);
    }
    let long_term = ctx
        .pathway
        .is_some_and(|p| p.cadence.placement == PlacementKind::LongTerm);
    let first_year_ends = placed
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(placed);
    let chained = chain(
        ctx,
        Event::Visit,
        Dated {
            date: Some(placed),
            rule: words!("{} on {} (recorded)", Event::Placement.label(), uk(placed)),
            counted_from: Some((Event::Placement, placed)),
        },
        |n, previous| {
            if adoptive.is_some() {
                return (n == 1 || previous < first_review).then(|| step(Span::Weeks(1), ADOPTION_VISITS));
            }
            Some(if n == 1 {
                step(Span::Weeks(1), FIRST_VISIT)
            } else if previous < first_year_ends || !long_term {
                step(Span::Weeks(6), VISITS)
            } else {
                step(Span::Months(3), LONG_TERM_VISITS)
            })
        },
        |n| match period {
            Period::Only => (
                format!("statutory-visit-{n}"),
                format!("{} statutory visit", ordinal(n)),
            ),
            Period::SinceReturn(k) => (
                format!("return-{}statutory-visit-{n}", period.key_part(k)),
                format!("{} statutory visit since {}", ordinal(n), period.return_words(k)),
            ),
        },
    );
    with_responsible(chained, "SW")
}

fn proceedings(ctx: &Context<'_>) -> Vec<CadenceItem> {
    let Some(issued) = ctx.log.first(Event::Issue) else {
        return Vec::new();
    };
    let extensions = ctx.log.occurrences(Event::CourtExtension).len() as u32;
    let weeks = 26 + 8 * extensions;
    let date = Span::Weeks(weeks).from(ctx.calendar, issued, false);
    let extended = match extensions {
        0 => String::new(),
        1 => ", extended once by the court".to_string(),
        n => format!(", extended {n} times by the court"),
    };
    vec![CadenceItem {
        key: "proceedings-concluded".to_string(),
        event: Event::OrderMade,
        title: "Care proceedings concluded".to_string(),
        responsible: None,
        deadline: Dated {
            date: Some(date),
            rule: words!(
                "{weeks} weeks after {} on {}{extended} ({})",
                Event::Issue.label(),
                uk(issued),
                PROCEEDINGS.words
            ),
            counted_from: Some((Event::Issue, issued)),
        },
        set_by: PROCEEDINGS.by,
        // Any final order, or none, concludes them (the court's decision
        // ends the proceedings whichever order it made).
        happened: ctx.log.first_of(Event::concludes_proceedings, issued),
        shown_from: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            words,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }
}
