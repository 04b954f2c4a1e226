//! Who sets each item's deadline, as the cadence rules and the pathway
//! files declare it: reviews, visits and proceedings the law; PPMs and
//! the second review's 12 weeks Warrington's policy; a pathway deadline
//! its `set_by`; a target nobody's.

use super::*;

fn by(timeline: &Timeline, key: &str) -> Option<SetBy> {
    item(timeline, key).deadline_by
}

#[test]
fn reviews_visits_and_proceedings_are_the_laws_and_ppms_the_policys() {
    let start = d(2025, 1, 6);
    let mut case = Case::new("adoption", start, Stage::Proceedings)
        .event(Event::Gateway, start)
        .event(Event::LookedAfter, d(2025, 1, 13))
        .event(Event::Issue, d(2025, 2, 3));
    case.child.looked_after_since = Some(d(2025, 1, 13));
    let t = case.timeline(d(2025, 12, 1));
    assert_eq!(by(&t, "first-case-review"), Some(SetBy::Law));
    // Warrington's 12 weeks, shorter than the law's three months: the
    // date shown is the policy's.
    assert_eq!(by(&t, "second-case-review"), Some(SetBy::Policy));
    assert!(item(&t, "second-case-review").deadline.is_some());
    assert_eq!(by(&t, "case-review-3"), Some(SetBy::Law));
    assert_eq!(by(&t, "proceedings-concluded"), Some(SetBy::Law));
    for key in ["first-ppm", "second-ppm", "ppm-3"] {
        assert_eq!(by(&t, key), Some(SetBy::Policy), "{key}");
        assert!(item(&t, key).deadline.is_some(), "{key}");
    }
    // A pathway deadline, as its file says; a target has none.
    assert_eq!(by(&t, "ff-review-meeting"), Some(SetBy::Policy));
    assert_eq!(by(&t, "cpr-started"), None);
    // Every deadline says who sets it, dated or not yet.
    for plan in &t.plans {
        for i in &plan.items {
            assert!(i.deadline.is_none() || i.deadline_by.is_some(), "{}", i.key);
        }
    }
    // Placed for adoption: the visits and the reviews since are the
    // Adoption Agencies Regulations', so the law's.
    let placed = case.event(Event::Placement, d(2025, 1, 20));
    let t = placed.timeline(d(2025, 12, 1));
    for key in ["statutory-visit-1", "first-case-review", "second-case-review"] {
        assert_eq!(by(&t, key), Some(SetBy::Law), "{key}");
    }
}

#[test]
fn a_supervision_orders_limits_are_the_laws_and_its_reviews_the_policys() {
    let start = d(2025, 1, 6);
    let case = Case::new("supervision-order", start, Stage::Proceedings)
        .event(Event::Gateway, start)
        .event(Event::OrderMade, d(2025, 2, 3));
    let t = case.timeline(d(2025, 3, 1));
    assert_eq!(by(&t, "maximum-12-months"), Some(SetBy::Law));
    assert_eq!(by(&t, "maximum-3-years"), Some(SetBy::Law));
    assert_eq!(by(&t, "midway-review"), Some(SetBy::Policy));
}
