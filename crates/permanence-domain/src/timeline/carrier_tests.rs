//! Which plan follows a child's case reviews, visits and PPMs (the
//! active primary, else the plan left), and that none falls due once an
//! order has ended the child's being looked after.

use super::*;
use crate::span::Span;

/// Closing the primary plan with a contingency left must not stop the
/// child's case reviews and visits being followed (the bug: they were
/// followed only on an active primary, so the timeline went silent).
#[test]
fn with_the_primary_closed_the_remaining_plan_follows_the_reviews() {
    let start = d(2026, 1, 5);
    let mut case = Case::new("special-guardianship", start, Stage::LookedAfter)
        .event(Event::LookedAfter, d(2025, 12, 1));
    case.child.looked_after_since = Some(d(2025, 12, 1));
    case.plans.push((
        plan(2, "adoption", PlanRole::Contingency, start, Stage::LookedAfter),
        pathway("adoption"),
    ));
    let before = case.timeline(d(2026, 6, 1));
    let reviews = |t: &Timeline, plan: usize| {
        t.plans[plan]
            .items
            .iter()
            // The law's deadlines: a pathway's table may also list reviews,
            // with only its own target.
            .filter(|i| i.occurrence == Some(Event::CaseReview) && i.deadline.is_some())
            .map(|i| (i.key.clone(), i.deadline))
            .collect::<Vec<_>>()
    };
    assert!(!reviews(&before, 0).is_empty(), "the primary follows them");
    assert!(
        reviews(&before, 1).is_empty(),
        "once, not on both plans: {:?}",
        reviews(&before, 1)
    );

    case.plans[0].0.status = PlanStatus::Closed;
    let after = case.timeline(d(2026, 6, 1));
    assert!(reviews(&after, 0).is_empty(), "a closed plan follows nothing");
    assert_eq!(
        reviews(&after, 1),
        reviews(&before, 0),
        "the same reviews, on the same dates: they are the child's"
    );
    let first = &after.plans[1]
        .items
        .iter()
        .find(|i| i.key == "first-case-review")
        .unwrap()
        .rule;
    assert!(first.contains("no primary plan is active"), "{first}");

    case.plans[1].0.status = PlanStatus::Closed;
    let none = case.timeline(d(2026, 6, 1));
    assert!(none.plans.iter().all(|p| reviews_of(p).is_empty()));
}

fn reviews_of(plan: &PlanTimeline) -> Vec<&TimelineItem> {
    plan.items
        .iter()
        .filter(|i| i.occurrence == Some(Event::CaseReview) && i.deadline.is_some())
        .collect()
}

#[test]
fn the_carrier_is_the_primary_else_a_track_else_the_earliest() {
    let start = d(2026, 1, 5);
    let primary = plan(1, "adoption", PlanRole::Primary, start, Stage::Proceedings);
    let late = plan(
        2,
        "adoption",
        PlanRole::Contingency,
        d(2026, 3, 2),
        Stage::Proceedings,
    );
    let early = plan(3, "adoption", PlanRole::Contingency, start, Stage::Proceedings);
    let tasks = plan(
        4,
        "adoption-tasks",
        PlanRole::Contingency,
        d(2025, 1, 6),
        Stage::Proceedings,
    );
    let (adoption, breakdown) = (pathway("adoption"), pathway("adoption-tasks"));
    let all = [
        (&tasks, Some(&breakdown)),
        (&late, Some(&adoption)),
        (&early, Some(&adoption)),
        (&primary, Some(&adoption)),
    ];
    assert_eq!(cadence::carrier(all).map(|p| p.id), Some(PlanId(1)));
    assert_eq!(
        cadence::carrier(all.into_iter().take(3)).map(|p| p.id),
        Some(PlanId(3))
    );
    assert_eq!(
        cadence::carrier(all.into_iter().take(1)).map(|p| p.id),
        Some(PlanId(4))
    );
    let mut closed = primary.clone();
    closed.status = PlanStatus::Closed;
    assert_eq!(cadence::carrier([(&closed, Some(&adoption))]), None);
}

/// After an SGO the child is no longer looked after (Children Act 1989
/// s.22, the order discharging the care order): no review or visit falls
/// due after its day, while one due before it stays, held or not.
#[test]
fn no_review_or_visit_falls_due_after_an_order_ends_being_looked_after() {
    let start = d(2026, 1, 5);
    let case = || {
        let mut case = Case::new("special-guardianship", start, Stage::LookedAfter)
            .event(Event::LookedAfter, d(2025, 12, 1))
            .event(Event::Placement, d(2025, 12, 1));
        case.child.looked_after_since = Some(d(2025, 12, 1));
        case
    };
    let statutory = |t: &Timeline| -> Vec<(String, Option<NaiveDate>)> {
        t.plans[0]
            .items
            .iter()
            .filter(|i| {
                matches!(i.occurrence, Some(Event::CaseReview | Event::Visit)) && i.deadline.is_some()
            })
            .map(|i| (i.key.clone(), i.deadline))
            .collect()
    };
    let as_of = d(2026, 12, 1);
    let before = statutory(&case().timeline(as_of));
    let order = d(2026, 6, 1);
    let after = statutory(
        &case()
            .event(Event::SpecialGuardianshipOrder, order)
            .timeline(as_of),
    );
    assert!(after.len() < before.len(), "{before:?}\n{after:?}");
    assert!(
        after.iter().all(|(_, due)| due.is_some_and(|due| due <= order)),
        "{after:?}"
    );
    let kept: Vec<_> = before
        .iter()
        .filter(|(_, due)| due.is_some_and(|due| due <= order))
        .cloned()
        .collect();
    assert_eq!(after, kept, "those due before the order stay");
}

/// A child back in care after an SGO (the bug: reviews followed on from
/// the first period of care, so every review in the months out of care
/// showed as breached): none falls due between the order and the return;
/// the first review after it is due 20 working days from the return
/// (2010 Regulations, reg 33(1)), then 3 months, then 6; visits count
/// afresh from the placement made since.
#[test]
fn a_child_back_in_care_after_an_sgo_has_reviews_and_visits_from_the_return() {
    let looked_after = d(2024, 1, 8);
    let order = d(2025, 3, 3);
    let back = d(2026, 2, 10);
    let placed = d(2026, 2, 12);
    let mut case = Case::new("permanent-fostering", d(2024, 1, 8), Stage::LookedAfter)
        .event(Event::LookedAfter, looked_after)
        .event(Event::InterimCareOrder, looked_after)
        .event(Event::Placement, looked_after)
        .event(Event::CaseReview, d(2024, 2, 1))
        .event(Event::CaseReview, d(2024, 4, 25))
        .event(Event::CaseReview, d(2024, 10, 20))
        .event(Event::SpecialGuardianshipOrder, order)
        .event(Event::InterimCareOrder, back)
        .event(Event::Placement, placed);
    case.child.looked_after_since = Some(looked_after);
    let timeline = case.timeline(d(2026, 12, 1));
    let items = &timeline.plans[0].items;
    let statutory: Vec<&TimelineItem> = items
        .iter()
        .filter(|i| matches!(i.occurrence, Some(Event::CaseReview | Event::Visit)) && i.deadline.is_some())
        .collect();
    let in_the_gap: Vec<_> = statutory
        .iter()
        .filter(|i| i.deadline.is_some_and(|due| due > order && due < back))
        .map(|i| (&i.key, i.deadline))
        .collect();
    assert!(in_the_gap.is_empty(), "nothing due out of care: {in_the_gap:?}");

    let reviews: Vec<&&TimelineItem> = statutory
        .iter()
        .filter(|i| i.occurrence == Some(Event::CaseReview))
        .collect();
    let first_back = reviews
        .iter()
        .find(|i| i.deadline.is_some_and(|due| due > back))
        .expect("a review after the return");
    assert_eq!(first_back.key, "return-case-review-1", "named apart");
    assert_eq!(first_back.title, "1st case review since the return to care");
    assert_eq!(
        first_back.deadline,
        Some(Span::WorkingDays(20).from(&case.calendar, back, false))
    );
    assert!(
        first_back.rule.contains("return to care on 10/02/2026"),
        "{}",
        first_back.rule
    );
    assert!(first_back.rule.contains("reg 33(1)"), "{}", first_back.rule);
    let second_back = reviews
        .iter()
        .find(|i| i.key == "return-case-review-2")
        .expect("the next review");
    assert_eq!(
        second_back.deadline,
        first_back
            .deadline
            .map(|due| Span::Weeks(12).from(&case.calendar, due, false))
    );

    let visits: Vec<_> = statutory
        .iter()
        .filter(|i| i.key.starts_with("return-statutory-visit-"))
        .collect();
    assert_eq!(visits[0].key, "return-statutory-visit-1");
    assert_eq!(
        visits[0].deadline,
        Some(Span::Weeks(1).from(&case.calendar, placed, false))
    );
    assert!(
        statutory
            .iter()
            .filter(|i| i.key.starts_with("statutory-visit-"))
            .all(|i| i.deadline.is_some_and(|due| due <= order)),
        "the first placement's visits end with the order"
    );
}

/// A review recorded while the child was out of care is no looked-after
/// child's review (the bug: reviews were matched to their items by count,
/// so one held between the SGO and the return was taken as the first
/// review after the return, and the next counted from it and showed as
/// breached). Each period counts only its own.
#[test]
fn a_review_recorded_while_out_of_care_counts_for_neither_period() {
    let looked_after = d(2024, 1, 8);
    let order = d(2025, 3, 3);
    let back = d(2026, 2, 10);
    let held_since = d(2026, 3, 5);
    let mut case = Case::new("permanent-fostering", looked_after, Stage::LookedAfter)
        .event(Event::LookedAfter, looked_after)
        .event(Event::CaseReview, d(2024, 2, 1))
        .event(Event::CaseReview, d(2024, 4, 25))
        .event(Event::SpecialGuardianshipOrder, order)
        .event(Event::CaseReview, d(2025, 6, 11))
        .event(Event::InterimCareOrder, back)
        .event(Event::CaseReview, held_since);
    case.child.looked_after_since = Some(looked_after);
    let timeline = case.timeline(d(2026, 12, 1));
    let reviews: Vec<&TimelineItem> = timeline.plans[0]
        .items
        .iter()
        .filter(|i| i.occurrence == Some(Event::CaseReview) && i.deadline.is_some())
        .collect();
    let held: Vec<(&str, Option<NaiveDate>)> = reviews.iter().map(|i| (i.key.as_str(), i.done_on)).collect();
    assert!(
        !held.iter().any(|(_, on)| *on == Some(d(2025, 6, 11))),
        "the review out of care is no one's: {held:?}"
    );
    // Before the order: the two held, the third due 25/10/2024 missed.
    let third = reviews.iter().find(|i| i.key == "case-review-3").unwrap();
    assert_eq!(third.done_on, None);
    assert!(third.deadline.is_some_and(|due| due <= order), "{third:?}");
    let first_back = reviews.iter().find(|i| i.key == "return-case-review-1").unwrap();
    assert_eq!(
        first_back.deadline,
        Some(Span::WorkingDays(20).from(&case.calendar, back, false))
    );
    assert_eq!(first_back.done_on, Some(held_since), "held since the return");
    let next = reviews.iter().find(|i| i.key == "return-case-review-2").unwrap();
    assert_eq!(
        next.deadline,
        Some(Span::Weeks(12).from(&case.calendar, held_since, false)),
        "counted from the review held since the return"
    );
    assert!(next.rule.contains("held on 05/03/2026"), "{}", next.rule);
}

/// A child who left care under an order and came back twice (the bug:
/// only the latest break was followed, so every review due in the first
/// gap showed as breached, and the reviews held in the middle period were
/// counted as the first period's). Each period counts its own reviews;
/// nothing falls due in either gap; the second return's are named apart
/// from the first's, so recording it changes no earlier item's key.
#[test]
fn a_child_back_in_care_twice_has_nothing_due_in_either_gap() {
    let looked_after = d(2021, 1, 11);
    let (first_order, first_back) = (d(2022, 3, 1), d(2023, 1, 9));
    let (second_order, second_back) = (d(2024, 2, 5), d(2025, 9, 1));
    let mut case = Case::new("permanent-fostering", looked_after, Stage::LookedAfter)
        .event(Event::LookedAfter, looked_after)
        .event(Event::Placement, looked_after)
        .event(Event::CaseReview, d(2021, 2, 1))
        .event(Event::SpecialGuardianshipOrder, first_order)
        .event(Event::InterimCareOrder, first_back)
        .event(Event::Placement, d(2023, 1, 10))
        .event(Event::CaseReview, d(2023, 2, 1))
        .event(Event::CaseReview, d(2023, 4, 20))
        .event(Event::CaseReview, d(2023, 10, 10))
        .event(Event::SpecialGuardianshipOrder, second_order)
        .event(Event::InterimCareOrder, second_back)
        .event(Event::Placement, second_back);
    case.child.looked_after_since = Some(looked_after);
    let as_of = d(2025, 9, 15);
    let timeline = case.timeline(as_of);
    let items: Vec<&TimelineItem> = timeline.plans[0]
        .items
        .iter()
        .filter(|i| matches!(i.occurrence, Some(Event::CaseReview | Event::Visit)) && i.deadline.is_some())
        .collect();
    for (left, back) in [(first_order, first_back), (second_order, second_back)] {
        let in_the_gap: Vec<_> = items
            .iter()
            .filter(|i| i.deadline.is_some_and(|due| due > left && due < back))
            .map(|i| (&i.key, i.deadline))
            .collect();
        assert!(in_the_gap.is_empty(), "nothing due out of care: {in_the_gap:?}");
    }
    let keys = |prefix: &str| -> Vec<&str> {
        items
            .iter()
            .filter(|i| i.occurrence == Some(Event::CaseReview) && i.key.starts_with(prefix))
            .map(|i| i.key.as_str())
            .collect()
    };
    // The middle period: three reviews held; the fourth would be due 6
    // months after 10/10/2023, after the second order, so none is kept.
    assert_eq!(
        keys("return-case-review-"),
        [
            "return-case-review-1",
            "return-case-review-2",
            "return-case-review-3"
        ]
    );
    let second = keys("return-2-case-review-");
    assert_eq!(second.first(), Some(&"return-2-case-review-1"));
    let first_since = items
        .iter()
        .find(|i| i.key == "return-2-case-review-1")
        .expect("the first review since the second return");
    assert_eq!(first_since.title, "1st case review since the 2nd return to care");
    assert_eq!(
        first_since.deadline,
        Some(Span::WorkingDays(20).from(&case.calendar, second_back, false))
    );
    assert!(
        first_since.rule.contains("return to care on 01/09/2025"),
        "{}",
        first_since.rule
    );
    // The reviews the middle period held are its own, on time: none of
    // its reviews, nor any since the second return, is past its deadline.
    let breached: Vec<_> = items
        .iter()
        .filter(|i| i.occurrence == Some(Event::CaseReview) && i.key.starts_with("return-"))
        .filter(|i| i.status == Status::Breached)
        .map(|i| (&i.key, i.deadline))
        .collect();
    assert!(breached.is_empty(), "{breached:?}");
    let visits = items
        .iter()
        .filter(|i| i.key.starts_with("return-2-statutory-visit-"))
        .count();
    assert!(visits > 0, "visits from the placement since the second return");
}
