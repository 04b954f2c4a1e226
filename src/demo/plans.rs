//! Plans for the synthetic caseload, with the events and done items a
//! real team's record would hold: most meetings and reviews held on time,
//! some late or missed, and children whose plans drift, so the timeline,
//! the overdue counts and the computed RAG all have something to show.

use super::{DemoCaseload, Rng};
use crate::domain::calendar::Calendar;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::domain::event::{Event, RecordedEvent};
use crate::domain::pathway::Pathway;
use crate::domain::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
use crate::domain::plan_import::PlanRow;
use crate::domain::timeline::{self, ChildFacts, Inputs};
use chrono::{Days, NaiveDate};

/// The primary pathway (and a contingency, for twin-track planning) that
/// a child's legal status and placement suggest, with the stage.
fn pathways_for(
    rng: &mut Rng,
    child: &ChildFields,
    today: NaiveDate,
) -> Option<(&'static str, Option<&'static str>, Stage)> {
    let placement = child.placement_type.as_deref().unwrap_or("");
    let age = child
        .date_of_birth
        .map_or(0, |dob| (today - dob).num_days().max(0) / 365);
    let unborn = child.date_of_birth.is_some_and(|dob| dob > today);
    let twin = rng.chance(40);
    Some(match child.legal_status {
        LegalStatus::None if unborn => ("pre-proceedings", None, Stage::PreProceedings),
        LegalStatus::Po => ("adoption", None, Stage::LookedAfter),
        LegalStatus::Ico => {
            let primary = if placement.starts_with("Connected") {
                "special-guardianship"
            } else if placement.starts_with("Placed with parents") || placement.starts_with("Mother") {
                "reunification"
            } else if age < 5 {
                "adoption"
            } else {
                "permanent-fostering"
            };
            let contingency = match primary {
                "adoption" => "special-guardianship",
                "reunification" => "special-guardianship",
                _ => "permanent-fostering",
            };
            let contingency = (twin && contingency != primary).then_some(contingency);
            (primary, contingency, Stage::Proceedings)
        }
        LegalStatus::Co => {
            let primary = if placement.starts_with("Connected") {
                "special-guardianship"
            } else if placement.starts_with("Placed with parents") {
                "reunification"
            } else {
                "permanent-fostering"
            };
            (primary, None, Stage::LookedAfter)
        }
        LegalStatus::S20 => (
            "reunification",
            twin.then_some("permanent-fostering"),
            Stage::LookedAfter,
        ),
        LegalStatus::So | LegalStatus::Iso => ("supervision-order", None, Stage::LookedAfter),
        _ => return None,
    })
}

/// A caseload's plans, recorded events and done items, drawn apart from
/// it (see [`plan`]).
#[derive(Debug, Default)]
pub struct Planned {
    pub plans: Vec<PlanRow>,
    pub events: Vec<(String, RecordedEvent)>,
    pub done: Vec<super::DoneRow>,
}

impl Planned {
    /// Appends a later chunk's rows.
    pub fn extend(&mut self, later: Planned) {
        self.plans.extend(later.plans);
        self.events.extend(later.events);
        self.done.extend(later.done);
    }
}

/// Adds plans, events and done items to a generated caseload. `pathways`
/// are the loaded pathways; a child whose pathway is missing gets no plan.
pub fn add_plans(
    caseload: &mut DemoCaseload,
    pathways: &[&Pathway],
    calendar: &Calendar,
    seed: u64,
    today: NaiveDate,
) {
    let planned = plan(&caseload.children, pathways, calendar, seed, today);
    caseload.take_plans(planned);
}

/// The plans, events and done items [`add_plans`] gives these children,
/// without the caseload: pure, so that they can be drawn on one thread
/// while another writes the children (`DemoCaseload::write_planning`).
/// One random stream, child after child, so one thread.
pub fn plan(
    children: &[ChildFields],
    pathways: &[&Pathway],
    calendar: &Calendar,
    seed: u64,
    today: NaiveDate,
) -> Planned {
    let mut all = Planned::default();
    plan_in_chunks(children, pathways, calendar, seed, today, usize::MAX, |chunk| {
        all.extend(chunk);
        true
    });
    all
}

/// How many children's plans the demo draws before handing them to be
/// written ([`plan_in_chunks`]): small enough that the writing starts at
/// once (and that the 300 children of `demo_record.rs` cross a chunk's
/// end), large enough that handing over costs nothing.
pub const CHUNK: usize = 256;

/// As [`plan`], handing each `chunk` children's plans, events and done
/// items to `each` as soon as they are drawn (the last chunk may be
/// shorter), so that a writer can write the first children's while the
/// rest are drawn; the same random stream, so the same rows in the same
/// order as [`plan`]. Stops when `each` says `false`.
pub fn plan_in_chunks(
    children: &[ChildFields],
    pathways: &[&Pathway],
    calendar: &Calendar,
    seed: u64,
    today: NaiveDate,
    chunk: usize,
    mut each: impl FnMut(Planned) -> bool,
) {
    let mut rng = Rng::new(seed ^ 0x005E_ED0F_9A7E);
    for children in children.chunks(chunk.max(1)) {
        let mut planned = Planned::default();
        for child in children {
            plan_child(&mut rng, child, pathways, calendar, today, &mut planned);
        }
        if !each(planned) {
            return;
        }
    }
}

/// One child's plans, events and done items, drawn from `rng` into
/// `planned`; nothing for a child with no plan.
fn plan_child(
    rng: &mut Rng,
    child: &ChildFields,
    pathways: &[&Pathway],
    calendar: &Calendar,
    today: NaiveDate,
    planned: &mut Planned,
) {
    let Some((primary, contingency, stage)) = pathways_for(rng, child, today) else {
        return;
    };
    if find(pathways, primary).is_none() {
        return;
    }
    let born = child.date_of_birth.unwrap_or(today);
    // The Legal Gateway decision: around when care began, or recently
    // for pre-birth planning and supervision orders.
    let start = match (stage, child.looked_after_since) {
        (Stage::PreProceedings, _) | (_, None) => today - Days::new(rng.range(7, 150)),
        (_, Some(since)) => (since - Days::new(rng.range(0, 21))).max(born.min(since)),
    };
    let drawn = Drawn {
        primary,
        stage,
        start,
        // How diligently this child's record is kept.
        diligence: *rng.weighted(&[(60, 97u64), (25, 88), (15, 65)]),
    };
    let events = events_for(rng, child, &drawn, today);
    let reference = child.reference.clone();
    let mut rows = vec![PlanRow {
        line: 0,
        reference: reference.clone(),
        pathway: primary.to_string(),
        role: PlanRole::Primary,
        start,
        stage,
        basis: Default::default(),
    }];
    if let Some(contingency) = contingency.filter(|c| find(pathways, c).is_some()) {
        rows.push(PlanRow {
            line: 0,
            reference: reference.clone(),
            pathway: contingency.to_string(),
            role: PlanRole::Contingency,
            start,
            stage,
            basis: Default::default(),
        });
    }
    let record = Record {
        child,
        rows: &rows,
        events: &events,
    };
    for (pathway, key, on) in done_items(rng, pathways, calendar, &record, &drawn, today) {
        planned.done.push((reference.clone(), pathway, key, on));
    }
    planned
        .events
        .extend(events.into_iter().map(|e| (reference.clone(), e)));
    planned.plans.extend(rows);
}

/// The loaded pathway of this name.
fn find<'p>(pathways: &[&'p Pathway], name: &str) -> Option<&'p Pathway> {
    pathways.iter().copied().find(|p| p.name == name)
}

/// What is drawn for a child's plan before its events.
struct Drawn {
    /// The primary pathway's name.
    primary: &'static str,
    stage: Stage,
    /// The Legal Gateway decision.
    start: NaiveDate,
    /// How many in a hundred meetings, reviews and items are kept to.
    diligence: u64,
}

/// The events a child's record holds, up to today: PPMs from the Gateway
/// decision and reviews from becoming looked after, each held with the
/// record's diligence, and the events of the child's stage, order and
/// placement.
fn events_for(rng: &mut Rng, child: &ChildFields, drawn: &Drawn, today: NaiveDate) -> Vec<RecordedEvent> {
    let Drawn {
        primary,
        stage,
        start,
        diligence,
    } = *drawn;
    let mut events = Vec::new();
    let mut event = |event: Event, on: NaiveDate| {
        if on <= today {
            events.push(RecordedEvent { event, on });
        }
    };
    // PPMs from the gateway; reviews from becoming looked after.
    let mut meeting = start + Days::new(rng.range(8, 16));
    for _ in 0..120 {
        if meeting > today {
            break;
        }
        if rng.chance(diligence) {
            event(Event::Ppm, meeting);
        }
        meeting = meeting + Days::new(rng.range(36, 47));
    }
    if let Some(since) = child.looked_after_since {
        let mut review = since + Days::new(rng.range(18, 30));
        for n in 0..60 {
            if review > today {
                break;
            }
            if rng.chance(diligence) {
                event(Event::CaseReview, review);
            }
            review = review
                + Days::new(if n == 0 {
                    rng.range(70, 88)
                } else {
                    rng.range(150, 185)
                });
        }
    }
    if stage == Stage::Proceedings {
        event(Event::Issue, start + Days::new(rng.range(10, 40)));
    }
    // A child on a Placement Order has the proceedings that made it,
    // and the order, in their plan's history (issue 15: its "If in Care
    // Proceedings" rows stay applicable after the stage moves on).
    if child.legal_status == LegalStatus::Po {
        event(Event::Issue, start + Days::new(rng.range(10, 40)));
        event(Event::PlacementOrder, start + Days::new(rng.range(150, 240)));
    }
    if primary == "supervision-order" {
        event(Event::OrderMade, start);
    }
    if child.placement_type.as_deref() == Some("Placed for adoption") {
        let placed = today - Days::new(rng.range(10, 240));
        event(Event::Shobpa, (placed - Days::new(rng.range(60, 120))).max(start));
        event(
            Event::AdopterIdentified,
            (placed - Days::new(rng.range(40, 80))).max(start),
        );
        event(
            Event::MatchingPanel,
            (placed - Days::new(rng.range(7, 30))).max(start),
        );
        event(Event::Placement, placed);
    }
    if primary == "permanent-fostering" && child.placement_type.as_deref() == Some("Long-term foster care") {
        event(Event::CarerIdentified, start + Days::new(rng.range(60, 200)));
        if let Some(since) = child.looked_after_since {
            event(Event::Placement, since);
        }
    }
    events
}

/// A child's record as drawn so far: their plans and events.
struct Record<'a> {
    child: &'a ChildFields,
    rows: &'a [PlanRow],
    events: &'a [RecordedEvent],
}

/// What a diligent team would have marked done: the timeline says what
/// was due, and each past item is done with this child's diligence, a
/// few days either side of its target. Each as (pathway, key, on).
fn done_items(
    rng: &mut Rng,
    pathways: &[&Pathway],
    calendar: &Calendar,
    record: &Record<'_>,
    drawn: &Drawn,
    today: NaiveDate,
) -> Vec<(String, String, NaiveDate)> {
    let plans: Vec<(Plan, Option<&Pathway>)> = record
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let plan = Plan {
                id: PlanId(i as i64),
                pathway: row.pathway.clone(),
                role: row.role,
                start: row.start,
                stage: row.stage,
                status: PlanStatus::Active,
                basis: Default::default(),
            };
            (plan, find(pathways, &row.pathway))
        })
        .collect();
    let child = record.child;
    let computed = timeline::compute(&Inputs {
        calendar,
        child: ChildFacts {
            date_of_birth: child.date_of_birth,
            looked_after_since: child.looked_after_since,
            in_sibling_group: child.sibling_group.is_some(),
            legal_status: child.legal_status,
        },
        plans: &plans,
        events: record.events,
        done: &[],
        adhoc: &[],
        as_of: today,
    });
    let mut done = Vec::new();
    for plan in &computed.plans {
        let Some(pathway) = find(pathways, &plan.plan.pathway).or_else(|| find(pathways, drawn.primary))
        else {
            continue;
        };
        for item in &plan.items {
            // Cadence items are done by their events, recorded above.
            let table_key = item.key.split('#').next().unwrap_or(&item.key);
            if pathway.item(table_key).is_none() || !item.status.is_open() {
                continue;
            }
            let Some(target) = item.target.filter(|t| *t < today) else {
                continue;
            };
            // Old history is complete: drift shows in the last year.
            let settled = target < today - Days::new(365);
            if settled || rng.chance(drawn.diligence) {
                let on = (target - Days::new(rng.range(0, 5)) + Days::new(rng.range(0, 3)))
                    .clamp(drawn.start, today);
                done.push((plan.plan.pathway.clone(), item.key.clone(), on));
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::library::Library;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// Rows in a form two drawings can be compared by.
    fn rows(planned: &Planned) -> String {
        format!("{:?}\n{:?}\n{:?}", planned.plans, planned.events, planned.done)
    }

    /// Draws `count` children (seed 5) in chunks of `chunk` handed to
    /// `each`; the same children drawn whole.
    fn draw(count: usize, chunk: usize, each: impl FnMut(Planned) -> bool) -> Planned {
        let library = Library::load(None).unwrap();
        let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
        let children = super::super::generate(count, 5, today()).children;
        plan_in_chunks(&children, &pathways, &library.calendar, 5, today(), chunk, each);
        plan(&children, &pathways, &library.calendar, 5, today())
    }

    #[test]
    fn drawn_in_chunks_the_rows_are_the_same_rows_in_the_same_order() {
        for chunk in [1, 7, 89, 90, 1000] {
            let mut joined = Planned::default();
            let mut chunks = 0;
            let whole = draw(90, chunk, |c| {
                chunks += 1;
                joined.extend(c);
                true
            });
            assert!(!whole.plans.is_empty() && !whole.events.is_empty() && !whole.done.is_empty());
            assert_eq!(chunks, 90usize.div_ceil(chunk), "chunks of {chunk}");
            assert_eq!(rows(&joined), rows(&whole), "chunks of {chunk}");
        }
    }

    #[test]
    fn the_drawing_stops_when_the_writer_says_so() {
        let mut chunks = 0;
        draw(50, 10, |_| {
            chunks += 1;
            chunks < 2
        });
        assert_eq!(chunks, 2);
    }
}
