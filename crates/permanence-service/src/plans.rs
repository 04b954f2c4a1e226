//! Starting, re-ranking and closing a child's plans, the same way from the
//! Timeline tab and `permanence plan`. A plan starts on its own Legal
//! Gateway decision (by default the child's latest one recorded: a plan
//! never counts from an earlier plan's), a contingency can become the
//! primary (the old primary stays, as a contingency or closed, with its
//! history), a plan closes with how it ended, and a plan imported with
//! its history is given its Legal Gateway decision (`Plan::with_gateway`,
//! the domain's rule). Each change is checked
//! against the plans read in the same write, and before anything is saved
//! the dates it moves are worked out with the change made in memory.

use crate::corrections::{check_date, moves_between};
use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::event::Event;
use crate::domain::plan::{GatewayRefused, Plan, PlanEnding, PlanId, PlanRole, PlanStatus, Stage, StartFrom};
use crate::domain::timeline::{Status, Timeline};
use crate::library::Library;
use crate::store::{Store, StoreError, TimelineFacts, Writer};
use chrono::NaiveDate;

/// Why a change to the plans was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "{} is not recorded for this child yet: record it first (a plan's week 1 begins on it), or give the plan's start; nothing was changed",
        .event.label()
    )]
    NoGateway { event: Event },
    #[error("{name:?} is not a pathway (pathways: {}); nothing was changed", .known.join(", "))]
    UnknownPathway { name: String, known: Vec<String> },
    #[error(
        "this child already has a primary plan ({existing}); start this one as a contingency and make it primary, or close that one first; nothing was changed"
    )]
    AlreadyPrimary { existing: String },
    #[error("the {pathway} plan is already the primary plan; nothing was changed")]
    IsPrimary { pathway: String },
    #[error("this child already has an active {pathway} plan; nothing was changed")]
    AlreadyOnPathway { pathway: String },
    #[error("the {pathway} plan is already closed; nothing was changed")]
    AlreadyClosed { pathway: String },
    #[error("this child has no {pathway} plan (active plans: {}); nothing was changed", active_list(.active))]
    NoSuchPlan { pathway: String, active: Vec<String> },
    #[error(
        "a plan cannot close on {} , before it started on {}; nothing was changed",
        .dates.show(*.on),
        .dates.show(*.start)
    )]
    ClosedBeforeStart {
        on: NaiveDate,
        start: NaiveDate,
        dates: DateStyle,
    },
    /// The plan already counts from its Legal Gateway decision on that
    /// day: not a refusal of what was asked, which already holds.
    #[error(
        "the {pathway} plan already counts from its Legal Gateway decision on {}; nothing to do",
        .dates.show(*.on)
    )]
    GatewayUnchanged {
        pathway: String,
        on: NaiveDate,
        dates: DateStyle,
    },
    #[error(
        "a Legal Gateway decision on {} would be before the child's date of birth ({}) on the record; nothing was changed",
        .dates.show(*.on),
        .dates.show(*.born)
    )]
    GatewayBeforeBirth {
        on: NaiveDate,
        born: NaiveDate,
        dates: DateStyle,
    },
    /// A date refused by the rule every recorded date meets (not in the
    /// future, not before 1900): its words.
    #[error("{0}")]
    Date(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn active_list(active: &[String]) -> String {
    if active.is_empty() {
        "none".to_string()
    } else {
        active.join(", ")
    }
}

/// What becomes of the old primary when a contingency becomes primary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldPrimary {
    /// It stays as a contingency (twin tracking goes on).
    Contingency,
    /// It closes on this day, its outcome "plan changed".
    Close { on: NaiveDate },
}

/// One change to a child's plans. Plans are named by their pathway: a
/// child has at most one active plan on each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanChange {
    Start {
        pathway: String,
        role: PlanRole,
        /// `None`: the child's latest recorded Gateway (or whichever event
        /// the pathway counts from).
        start: Option<NaiveDate>,
        /// `None`: the stage of the child's primary plan, else looked
        /// after where the child is, else pre-proceedings.
        stage: Option<Stage>,
    },
    MakePrimary {
        pathway: String,
        old: OldPrimary,
    },
    Close {
        pathway: String,
        ending: PlanEnding,
        on: NaiveDate,
        /// With an order made on the primary plan: the contingency plans
        /// still open close too, on the same day (ceased), in the same save.
        contingencies: bool,
    },
    /// The plan on `pathway` now counts from its Legal Gateway decision
    /// on `on` (an imported plan counted from the period of care, given
    /// its real start; or a Gateway plan's day corrected).
    Gateway {
        pathway: String,
        on: NaiveDate,
    },
}

/// One write the change is made of, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Insert {
        pathway: String,
        role: PlanRole,
        start: NaiveDate,
        stage: Stage,
    },
    SetRole(Plan, PlanRole),
    Close(Plan, NaiveDate, PlanEnding),
    /// The plan before, and as it will be: its start and basis moved.
    Restart(Plan, Plan),
}

/// What a change would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct PlanPreview {
    /// What saving will do, in a sentence.
    pub says: String,
    /// The dates that move, one a line, and a line for each plan that
    /// starts or closes (whose items appear or stop counting together).
    pub lines: Vec<String>,
    /// The timeline as it would be, as of today.
    pub after: Timeline,
}

/// The id a plan not yet saved has in a preview.
const NEW_PLAN: PlanId = PlanId(-1);

fn active<'a>(facts: &'a TimelineFacts, pathway: &str) -> Option<&'a Plan> {
    facts
        .plans
        .iter()
        .find(|p| p.status == PlanStatus::Active && p.pathway == pathway)
}

fn no_such_plan(facts: &TimelineFacts, pathway: &str) -> PlanError {
    PlanError::NoSuchPlan {
        pathway: pathway.to_string(),
        active: facts
            .plans
            .iter()
            .filter(|p| p.status == PlanStatus::Active)
            .map(|p| format!("{} ({})", p.pathway, p.role.code()))
            .collect(),
    }
}

fn primary(facts: &TimelineFacts) -> Option<&Plan> {
    facts
        .plans
        .iter()
        .find(|p| p.status == PlanStatus::Active && p.role == PlanRole::Primary)
}

/// The day a new plan on `pathway` starts by default: the latest recorded
/// occurrence of the event its weeks count from (the Legal Gateway
/// decision for every shipped pathway), on or before today.
pub fn default_start(
    library: &Library,
    facts: &TimelineFacts,
    pathway: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let event = library
        .pathway(pathway)
        .map_or(Event::Gateway, |p| p.counted_from);
    facts
        .events
        .iter()
        .filter(|e| e.event == event && e.on <= today)
        .map(|e| e.on)
        .max()
}

/// The stage a new plan takes when none is given: the primary plan's,
/// else looked after where the child is, else pre-proceedings.
pub fn default_stage(facts: &TimelineFacts) -> Stage {
    match (primary(facts), facts.child.looked_after_since) {
        (Some(p), _) => p.stage,
        (None, Some(_)) => Stage::LookedAfter,
        (None, None) => Stage::PreProceedings,
    }
}

fn date_ok(on: NaiveDate, today: NaiveDate, dates: DateStyle) -> Result<(), PlanError> {
    check_date(on, today, dates).map_err(|e| PlanError::Date(e.to_string()))
}

/// Checks the change against the child's plans and says which writes
/// make it, with what it says; writes nothing.
/// The writes a change is made of and what it does in words, with what
/// it does to the PPMs' cadence when the number of active plans crosses
/// one (the domain's rule, said before saving because it moves dates on
/// the other plan).
fn steps(
    library: &Library,
    facts: &TimelineFacts,
    change: &PlanChange,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<(Vec<Step>, String), PlanError> {
    let (steps, mut says) = plan_steps(library, facts, change, today, dates)?;
    let active = |f: &TimelineFacts| {
        crate::domain::cadence::tracks(f.plans.iter().map(|p| (p, library.pathway(&p.pathway))))
    };
    let after = apply(facts, &steps);
    let carrier = |f: &TimelineFacts| {
        crate::domain::cadence::carrier(f.plans.iter().map(|p| (p, library.pathway(&p.pathway))))
            .map(|p| (p.id, p.pathway.clone()))
    };
    match (carrier(facts), carrier(&after)) {
        (Some((was, _)), Some((id, pathway))) if was != id && primary(&after).is_none() => {
            // The domain follows the reviews, visits and PPMs on the plan
            // that takes the primary's place; the worker is told which.
            says.push_str(&format!(
                " No primary plan remains: the case reviews, visits and PPMs are followed on the {pathway} plan until one is made primary (P)."
            ));
        }
        (Some(_), None) => says.push_str(
            " No active plan remains: the child's case reviews, visits and PPMs are no longer followed. If the child is still looked after, start a plan (s) to follow them.",
        ),
        _ => {}
    }
    if let Some(words) = crate::domain::cadence::ppm_cadence_change(active(facts), active(&after)) {
        says.push(' ');
        says.push_str(words);
    }
    Ok((steps, says))
}

fn plan_steps(
    library: &Library,
    facts: &TimelineFacts,
    change: &PlanChange,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<(Vec<Step>, String), PlanError> {
    match change {
        PlanChange::Start {
            pathway,
            role,
            start,
            stage,
        } => {
            let Some(known) = library.pathway(pathway).filter(|p| p.breakdown_of.is_none()) else {
                return Err(PlanError::UnknownPathway {
                    name: pathway.clone(),
                    known: library.names().into_iter().map(String::from).collect(),
                });
            };
            if active(facts, pathway).is_some() {
                return Err(PlanError::AlreadyOnPathway {
                    pathway: pathway.clone(),
                });
            }
            if *role == PlanRole::Primary
                && let Some(p) = primary(facts)
            {
                return Err(PlanError::AlreadyPrimary {
                    existing: p.pathway.clone(),
                });
            }
            let start = match start {
                Some(on) => *on,
                None => default_start(library, facts, pathway, today).ok_or(PlanError::NoGateway {
                    event: known.counted_from,
                })?,
            };
            date_ok(start, today, dates)?;
            let stage = stage.unwrap_or_else(|| default_stage(facts));
            let says = format!(
                "This starts the {} plan ({}) with week 1 beginning {}, at the {} stage.",
                known.title,
                role.code(),
                dates.show(start),
                stage.label().to_lowercase()
            );
            Ok((
                vec![Step::Insert {
                    pathway: pathway.clone(),
                    role: *role,
                    start,
                    stage,
                }],
                says,
            ))
        }
        PlanChange::MakePrimary { pathway, old } => {
            let plan = active(facts, pathway).ok_or_else(|| no_such_plan(facts, pathway))?;
            if plan.role == PlanRole::Primary {
                return Err(PlanError::IsPrimary {
                    pathway: pathway.clone(),
                });
            }
            let mut steps = Vec::new();
            let mut says = format!("This makes the {pathway} plan the primary plan");
            if let Some(was) = primary(facts) {
                match old {
                    OldPrimary::Contingency => {
                        says.push_str(&format!("; the {} plan becomes a contingency", was.pathway));
                        steps.push(Step::SetRole(was.clone(), PlanRole::Contingency));
                    }
                    OldPrimary::Close { on } => {
                        date_ok(*on, today, dates)?;
                        says.push_str(&format!(
                            "; the {} plan closes on {} (plan changed), keeping its history",
                            was.pathway,
                            dates.show(*on)
                        ));
                        steps.push(Step::Close(was.clone(), *on, PlanEnding::PlanChanged));
                    }
                }
            }
            says.push('.');
            steps.push(Step::SetRole(plan.clone(), PlanRole::Primary));
            Ok((steps, says))
        }
        PlanChange::Close {
            pathway,
            ending,
            on,
            contingencies,
        } => {
            let Some(plan) = active(facts, pathway) else {
                if facts.plans.iter().any(|p| p.pathway == *pathway) {
                    return Err(PlanError::AlreadyClosed {
                        pathway: pathway.clone(),
                    });
                }
                return Err(no_such_plan(facts, pathway));
            };
            date_ok(*on, today, dates)?;
            if *on < plan.start {
                return Err(PlanError::ClosedBeforeStart {
                    on: *on,
                    start: plan.start,
                    dates,
                });
            }
            let mut says = format!(
                "This closes the {pathway} plan on {} ({}): it stays on the timeline, closed, and its open items no longer count as overdue.",
                dates.show(*on),
                ending.label()
            );
            let mut steps = vec![Step::Close(plan.clone(), *on, *ending)];
            let others = open_contingencies(facts, plan, *ending);
            if *contingencies && !others.is_empty() {
                let names: Vec<&str> = others.iter().map(|p| p.pathway.as_str()).collect();
                let which = match names.as_slice() {
                    [one] => format!("contingency {one} plan closes"),
                    many => format!("contingency plans ({}) close", many.join(", ")),
                };
                says.push_str(&format!(
                    " The {which} too on {} (ceased): the order ends twin tracking.",
                    dates.show(*on)
                ));
                let ceased = others
                    .into_iter()
                    .map(|p| Step::Close(p.clone(), (*on).max(p.start), PlanEnding::Ceased));
                steps.extend(ceased);
            } else {
                says.push_str(&still_open(facts, plan, *ending));
            }
            Ok((steps, says))
        }
        PlanChange::Gateway { pathway, on } => gateway_steps(facts, pathway, *on, today, dates),
    }
}

/// `Gateway`: the open plan on the pathway counted from its Legal Gateway
/// decision on `on`, by the domain's rule, saying what stays.
fn gateway_steps(
    facts: &TimelineFacts,
    pathway: &str,
    on: NaiveDate,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<(Vec<Step>, String), PlanError> {
    let Some(plan) = active(facts, pathway) else {
        if facts.plans.iter().any(|p| p.pathway == pathway) {
            return Err(PlanError::AlreadyClosed {
                pathway: pathway.to_string(),
            });
        }
        return Err(no_such_plan(facts, pathway));
    };
    date_ok(on, today, dates)?;
    let after = plan
        .with_gateway(on, facts.child.date_of_birth)
        .map_err(|refused| match refused {
            GatewayRefused::Unchanged { on } => PlanError::GatewayUnchanged {
                pathway: pathway.to_string(),
                on,
                dates,
            },
            GatewayRefused::BeforeBirth { on, born } => PlanError::GatewayBeforeBirth { on, born, dates },
        })?;
    let was = match plan.basis.start {
        StartFrom::PeriodOfCare => format!("the start of the period of care on {}", dates.show(plan.start)),
        StartFrom::Gateway => format!("the Legal Gateway decision on {}", dates.show(plan.start)),
    };
    let mut says = format!(
        "This counts the {pathway} plan from its Legal Gateway decision on {}, not {was}: week 1 begins then; done items stay done.",
        dates.show(on)
    );
    if let Some(from) = after.basis.record_from {
        says.push_str(&format!(
            " Tasks due before its record began on {} stay not known unless you mark them done.",
            dates.show(from)
        ));
    }
    Ok((vec![Step::Restart(plan.clone(), after)], says))
}

/// When the primary plan closes with an order made, what the user must
/// know about the contingency plans still open: their items go on
/// counting (and falling overdue) until each is closed too. Nothing
/// closes them by itself: whether the order ends twin tracking is the
/// worker's decision, so the preview says it rather than doing it.
fn still_open(facts: &TimelineFacts, closing: &Plan, ending: PlanEnding) -> String {
    let open: Vec<&str> = open_contingencies(facts, closing, ending)
        .into_iter()
        .map(|p| p.pathway.as_str())
        .collect();
    match open.as_slice() {
        [] => String::new(),
        [one] => format!(
            " The contingency {one} plan stays open and its items go on counting: close it too (ceased) if the order ends it."
        ),
        many => format!(
            " The contingency plans ({}) stay open and their items go on counting: close each too (ceased) if the order ends them.",
            many.join(", ")
        ),
    }
}

/// The plans still open beside the primary plan closing with an order
/// made: what the close dialog offers to close too. None for any other
/// plan or outcome.
pub fn open_contingencies<'a>(facts: &'a TimelineFacts, closing: &Plan, ending: PlanEnding) -> Vec<&'a Plan> {
    if closing.role != PlanRole::Primary || ending != PlanEnding::OrderMade {
        return Vec::new();
    }
    facts
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Active && p.id != closing.id)
        .collect()
}

/// The day a plan closing with an order made closes on by default: the
/// day the order the record's legal status follows was made
/// (`legal_status::latest`), where it was made on or after the plan
/// started; `None` where no such order is recorded (then today).
pub fn order_made_on(facts: &TimelineFacts, plan_start: NaiveDate) -> Option<NaiveDate> {
    crate::domain::legal_status::latest(&facts.events)
        .map(|(_, on)| on)
        .filter(|on| *on >= plan_start)
}

/// The facts as they would be after the steps: pure, nothing saved.
fn apply(facts: &TimelineFacts, steps: &[Step]) -> TimelineFacts {
    let mut after = facts.clone();
    for step in steps {
        match step {
            Step::Insert {
                pathway,
                role,
                start,
                stage,
            } => after.plans.push(Plan {
                id: NEW_PLAN,
                pathway: pathway.clone(),
                role: *role,
                start: *start,
                stage: *stage,
                status: PlanStatus::Active,
                basis: Default::default(),
            }),
            Step::SetRole(plan, role) => {
                for p in after.plans.iter_mut().filter(|p| p.id == plan.id) {
                    p.role = *role;
                }
            }
            Step::Close(plan, ..) => {
                for p in after.plans.iter_mut().filter(|p| p.id == plan.id) {
                    p.status = PlanStatus::Closed;
                }
            }
            Step::Restart(_, moved) => {
                for p in after.plans.iter_mut().filter(|p| p.id == moved.id) {
                    *p = moved.clone();
                }
            }
        }
    }
    after
}

/// The lines a dry run and a dialog list: a line for each plan that
/// starts or closes, then every date that moves on the plans active
/// before and after.
fn lines(
    library: &Library,
    before: &TimelineFacts,
    after: &TimelineFacts,
    today: NaiveDate,
    dates: DateStyle,
) -> (Vec<String>, Timeline) {
    let (moves, after_today) = moves_between(library, before, after, today);
    let before_today = crate::timelines::timeline_from(library, before, today);
    let ids = |t: &Timeline| t.plans.iter().map(|p| p.plan.id).collect::<Vec<_>>();
    let (was, is) = (ids(&before_today), ids(&after_today));
    let mut out = Vec::new();
    for plan in after_today.plans.iter().filter(|p| !was.contains(&p.plan.id)) {
        let first = plan.items.iter().filter_map(|i| i.target.or(i.deadline)).min();
        out.push(format!(
            "{} plan starts: {} items{}",
            plan.plan.pathway,
            plan.items.len(),
            first.map_or_else(String::new, |d| format!(", the first due {}", dates.show(d)))
        ));
    }
    for plan in before_today.plans.iter().filter(|p| !is.contains(&p.plan.id)) {
        let open = plan.items.iter().filter(|i| i.status.is_open()).count();
        let late = plan
            .items
            .iter()
            .filter(|i| matches!(i.status, Status::Overdue | Status::Breached))
            .count();
        out.push(format!(
            "{} plan closes: its {open} open items stop counting ({late} overdue now)",
            plan.plan.pathway
        ));
    }
    let kept = |id: PlanId| was.contains(&id) && is.contains(&id);
    out.extend(moves.iter().filter(|m| kept(m.plan)).map(|m| m.describe(dates)));
    (out, after_today)
}

/// Checks the change against the record and works out what it would do,
/// writing nothing: the dialog's "Before saving" and `--dry-run`.
pub fn preview(
    library: &Library,
    facts: &TimelineFacts,
    change: &PlanChange,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<PlanPreview, PlanError> {
    let (steps, says) = steps(library, facts, change, today, dates)?;
    let (lines, after) = lines(library, facts, &apply(facts, &steps), today, dates);
    Ok(PlanPreview { says, lines, after })
}

/// Makes the change in one write, checked against the plans as that
/// write reads them (so a plan someone else changed meanwhile is judged
/// as it is now), each plan's change audited; returns what it did.
pub fn save(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    change: &PlanChange,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<PlanPreview, PlanError> {
    store.write(|w| save_in(w, library, child, change, today, dates))
}

/// [`save`] inside a write already open.
pub fn save_in(
    w: &mut Writer<'_>,
    library: &Library,
    child: ChildId,
    change: &PlanChange,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<PlanPreview, PlanError> {
    let facts = w.timeline_facts(child)?;
    let (steps, says) = steps(library, &facts, change, today, dates)?;
    let (lines, after) = lines(library, &facts, &apply(&facts, &steps), today, dates);
    for step in &steps {
        match step {
            Step::Insert {
                pathway,
                role,
                start,
                stage,
            } => {
                w.start_plan(child, pathway, *role, *start, *stage)?;
            }
            Step::SetRole(plan, role) => w.set_plan_role(plan, *role)?,
            Step::Close(plan, on, ending) => w.close_plan(plan, *on, *ending)?,
            Step::Restart(before, after) => w.set_plan_start(before, after)?,
        }
    }
    Ok(PlanPreview { says, lines, after })
}

/// The child's timeline with each closed plan after the active ones, as
/// a plan with no items (they no longer count) whose title says when and
/// how it ended: what the Timeline tab shows. Only the screen's timeline
/// carries them; every count and report reads the active plans alone.
pub fn with_closed(
    store: &Store,
    library: &Library,
    child: ChildId,
    mut timeline: Timeline,
    dates: DateStyle,
) -> Result<Timeline, StoreError> {
    let endings = store.plan_endings(child)?;
    for plan in store
        .plans(child)?
        .into_iter()
        .filter(|p| p.status == PlanStatus::Closed)
    {
        let title = library
            .pathway(&plan.pathway)
            .map_or(plan.pathway.as_str(), |p| p.title.as_str());
        let ended = match endings.iter().find(|e| e.plan == plan.id) {
            Some(e) => format!("closed {} ({})", dates.show(e.on), e.ending.label()),
            None => "closed".to_string(),
        };
        timeline.plans.push(crate::domain::timeline::PlanTimeline {
            title: Some(format!("{title} \u{b7} {ended}")),
            plan,
            items: Vec::new(),
        });
    }
    Ok(timeline)
}

#[cfg(test)]
#[path = "plans_tests.rs"]
mod tests;
