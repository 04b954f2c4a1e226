//! The tallies stored day by day against the summary of the timeline seen
//! on each day: for timelines of random items, on every day they cover.

use super::*;
use crate::plan::{PlanId, Stage};
use crate::timeline::{PlanTimeline, Seen, TimelineItem};
use chrono::Days;
use proptest::prelude::*;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(n)
}

fn plan(id: i64, role: PlanRole, status: PlanStatus) -> Plan {
    Plan {
        id: PlanId(id),
        pathway: format!("pathway-{id}"),
        role,
        start: day(0),
        stage: Stage::LookedAfter,
        status,
        basis: Default::default(),
    }
}

/// An item: target, deadline and first day shown (days from 1 January,
/// `None` where it has none), and whether it is done.
type Spec = (Option<u64>, Option<u64>, Option<u64>, bool);

fn item(n: usize, (target, deadline, shown, done): Spec) -> TimelineItem {
    let mut item = TimelineItem::open(
        format!("k{n}"),
        format!("Item {n}"),
        target.map(day),
        deadline.map(day),
    );
    item.shown_from = shown.map(day);
    if done {
        item.done_on = Some(day(1));
        item.status = Status::Done;
    }
    item
}

fn spec() -> impl Strategy<Value = Spec> {
    let some_day = proptest::option::of(0..120u64);
    (
        some_day.clone(),
        some_day.clone(),
        some_day,
        proptest::bool::weighted(0.1),
    )
}

fn timeline(plans: Vec<Vec<Spec>>, from: Option<u64>, until: Option<u64>) -> Timeline {
    let mut n = 0;
    let plans = plans
        .into_iter()
        .enumerate()
        .map(|(at, specs)| {
            let role = if at == 0 {
                PlanRole::Primary
            } else {
                PlanRole::Contingency
            };
            PlanTimeline {
                plan: plan(at as i64 + 1, role, PlanStatus::Active),
                title: None,
                items: specs
                    .into_iter()
                    .map(|s| {
                        n += 1;
                        item(n, s)
                    })
                    .collect(),
            }
        })
        .collect();
    Timeline {
        as_of: day(from.unwrap_or(30)),
        plans,
        seen: Seen {
            from: from.map(day),
            until: until.map(day),
        },
    }
}

/// The stored tally on `on`, made a summary, against the summary of the
/// timeline seen that day.
fn assert_same_on(timeline: &Timeline, spans: &[(Option<NaiveDate>, Tally)], on: NaiveDate) {
    let seen = timeline.as_seen_on(on).unwrap();
    let tally = on_day(spans, on).unwrap().clone();
    let stored = Tally::stored(
        tally.overdue(),
        tally.breached(),
        tally.next().map(|(due, position)| {
            let items: Vec<_> = timeline.plans.iter().flat_map(|p| &p.items).collect();
            (items[position].title.clone(), due)
        }),
    );
    let plans = timeline.plans.iter().map(|p| &p.plan);
    assert_eq!(stored.summary(plans, on), Summary::of(&seen), "on {on}");
}

#[test]
fn a_timeline_with_no_items_has_one_span() {
    let t = timeline(vec![vec![]], Some(10), Some(60));
    let spans = day_by_day(&t, None);
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].0, Some(day(10)));
    assert_same_on(&t, &spans, day(10));
    assert_same_on(&t, &spans, day(59));
}

#[test]
fn an_item_passing_its_target_then_its_deadline_makes_three_spans() {
    let t = timeline(vec![vec![(Some(20), Some(40), None, false)]], Some(10), Some(60));
    let spans = day_by_day(&t, None);
    let starts: Vec<_> = spans.iter().map(|(from, _)| *from).collect();
    assert_eq!(starts, [Some(day(10)), Some(day(21)), Some(day(41))]);
    for n in 10..60 {
        assert_same_on(&t, &spans, day(n));
    }
}

proptest! {
    #[test]
    fn the_tally_stored_for_each_day_is_that_of_the_timeline_seen_that_day(
        plans in proptest::collection::vec(proptest::collection::vec(spec(), 0..8), 1..3),
        from in proptest::option::of(0..60u64),
        length in proptest::option::of(1..70u64),
        wanted in proptest::option::of(0..90u64),
    ) {
        let until = length.map(|l| from.unwrap_or(0) + l);
        let t = timeline(plans, from, until);
        // Only the days from the one wanted (the day it is stored on).
        let spans = day_by_day(&t, wanted.map(day));
        let first = from.max(wanted).unwrap_or(0);
        let last = until.unwrap_or(first + 150);
        for n in first..last {
            assert_same_on(&t, &spans, day(n));
        }
    }
}
