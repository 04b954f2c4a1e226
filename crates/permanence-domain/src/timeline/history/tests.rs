//! Tests of the rules that read a plan's own history: plan-scoped clocks,
//! conditions from what happened, final orders, rows counted from their
//! own events, targets never after deadlines, and untimed rows.

use super::*;

fn adoption_tasks() -> Pathway {
    pathway_file::parse(
        "adoption-tasks.toml",
        include_str!("../../../../../data/pathways/adoption-tasks.toml"),
    )
    .unwrap()
}

fn late(timeline: &Timeline) -> Vec<String> {
    timeline
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| matches!(i.status, Status::Overdue | Status::Breached))
        .map(|i| format!("{} ({:?})", i.key, i.status))
        .collect()
}

#[test]
fn a_plan_counts_week_1_from_its_own_gateway_not_the_childs_first() {
    let case = Case::new("adoption", d(2025, 9, 1), Stage::Proceedings)
        .event(Event::Gateway, d(2025, 1, 6))
        .event(Event::Gateway, d(2025, 9, 1));
    let timeline = case.timeline(d(2025, 9, 1));
    assert_eq!(
        late(&timeline),
        Vec::<String>::new(),
        "nothing is late on its first day"
    );
    let application = item(&timeline, "gateway-application");
    assert_eq!(
        application.target,
        Some(d(2025, 9, 5)),
        "end of week 1 of its own start"
    );
    assert_eq!(application.counted_from, Some((Event::Gateway, d(2025, 9, 1))));
    assert_eq!(
        item(&timeline, "first-ppm").deadline,
        Some(d(2025, 9, 15)),
        "10 working days after its own Gateway"
    );
}

#[test]
fn a_second_pre_proceedings_period_counts_from_its_own_gateway() {
    let case = Case::new("pre-proceedings", d(2026, 3, 2), Stage::PreProceedings)
        .event(Event::Gateway, d(2025, 3, 3))
        .event(Event::ExtensionAgreed, d(2025, 6, 2))
        .event(Event::Gateway, d(2026, 3, 2))
        .event(Event::SecondPeriod, d(2026, 3, 2));
    let timeline = case.timeline(d(2026, 3, 10));
    let max = item(&timeline, "maximum-26-weeks");
    assert_eq!(
        max.deadline,
        Some(d(2026, 8, 28)),
        "26 weeks after 02/03/2026 is the summer bank holiday, so the Friday before"
    );
    assert_eq!(max.status, Status::Open);
    assert_eq!(item(&timeline, "second-period-assessments").status, Status::Open);
    assert_eq!(
        item(&timeline, "absolute-limit-52-weeks").status,
        Status::NotApplicable,
        "the first period's extension is not this period's"
    );
    assert_eq!(late(&case.timeline(d(2026, 3, 2))), Vec::<String>::new());
}

#[test]
fn any_final_order_concludes_proceedings() {
    for order in [
        Event::PlacementOrder,
        Event::CareOrder,
        Event::SpecialGuardianshipOrder,
        Event::ChildArrangementsOrder,
        Event::NoOrder,
        Event::OrderMade,
    ] {
        let case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings)
            .event(Event::Issue, d(2025, 2, 3))
            .event(order, d(2025, 7, 1));
        let timeline = case.timeline(d(2025, 12, 1));
        let concluded = item(&timeline, "proceedings-concluded");
        assert_eq!(concluded.status, Status::Done, "{order}");
        assert_eq!(concluded.done_event, Some((order, d(2025, 7, 1))), "{order}");
    }
}

#[test]
fn if_in_care_proceedings_holds_after_the_stage_moves_on() {
    let before_issue = Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter);
    let timeline = before_issue.timeline(d(2025, 1, 6));
    assert_eq!(item(&timeline, "adm-shobpa").status, Status::NotApplicable);

    let issued = Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter).event(Event::Issue, d(2025, 1, 20));
    let timeline = issued.timeline(d(2025, 9, 1));
    for key in ["adm-shobpa", "cpr-qa-audit", "final-care-plan-submitted"] {
        assert_ne!(item(&timeline, key).status, Status::NotApplicable, "{key}");
    }

    // A Placement Order on its own means proceedings there were.
    let ordered =
        Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter).event(Event::PlacementOrder, d(2025, 7, 1));
    let timeline = ordered.timeline(d(2025, 9, 1));
    assert_eq!(item(&timeline, "po-granted").status, Status::Done);
    assert_ne!(item(&timeline, "adm-shobpa").status, Status::NotApplicable);

    // Proceedings issued before this plan began are not this plan's.
    let earlier = Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter).event(Event::Issue, d(2024, 3, 1));
    let timeline = earlier.timeline(d(2025, 1, 6));
    assert_eq!(item(&timeline, "adm-shobpa").status, Status::NotApplicable);
}

#[test]
fn a_row_counts_from_shobpa_once_it_is_recorded() {
    let waiting = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    let timeline = waiting.timeline(d(2025, 1, 6));
    let profile = item(&timeline, "family-finding-profile");
    assert_eq!(profile.target, Some(d(2025, 5, 16)), "end of week 19");
    assert_eq!(profile.counted_from, None);
    assert!(
        profile
            .rule
            .contains("once the ADM decision (SHOBPA) is recorded, 2 weeks after it"),
        "{}",
        profile.rule
    );

    let recorded =
        Case::new("adoption", d(2025, 1, 6), Stage::Proceedings).event(Event::Shobpa, d(2025, 4, 14));
    let timeline = recorded.timeline(d(2025, 4, 14));
    let profile = item(&timeline, "family-finding-profile");
    assert_eq!(profile.target, Some(d(2025, 4, 28)));
    assert_eq!(profile.counted_from, Some((Event::Shobpa, d(2025, 4, 14))));
    assert_eq!(item(&timeline, "adm-shobpa").status, Status::Done);
    assert_eq!(
        item(&timeline, "adm-shobpa").done_event,
        Some((Event::Shobpa, d(2025, 4, 14)))
    );
}

#[test]
fn the_matching_panel_waits_for_an_adopter_then_counts_from_shortlisting() {
    let none = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    let timeline = none.timeline(d(2025, 12, 1));
    for key in [
        "matching-panel",
        "matching-meeting",
        "introductions",
        "child-placed",
    ] {
        assert_eq!(item(&timeline, key).status, Status::NotApplicable, "{key}");
    }

    let found = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings)
        .event(Event::AdopterIdentified, d(2025, 6, 2))
        .event(Event::Shortlisting, d(2025, 6, 9));
    let timeline = found.timeline(d(2025, 6, 9));
    let panel = item(&timeline, "matching-panel");
    assert_eq!(panel.target, Some(d(2025, 7, 21)), "6 weeks after shortlisting");
    assert_eq!(panel.counted_from, Some((Event::Shortlisting, d(2025, 6, 9))));
    assert_eq!(
        item(&timeline, "ff-matching-panel-timescale").deadline,
        Some(d(2025, 7, 21))
    );
    assert_eq!(
        item(&timeline, "selection-meeting").status,
        Status::Done,
        "the shortlisting was the selection meeting"
    );
}

#[test]
fn the_first_ppm_holds_on_every_plan() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings).event(Event::Ppm, d(2025, 1, 15));
    case.plans.push((
        plan(
            2,
            "permanent-fostering",
            PlanRole::Contingency,
            d(2025, 1, 6),
            Stage::Proceedings,
        ),
        pathway("permanent-fostering"),
    ));
    let timeline = case.timeline(d(2025, 3, 1));
    for plan in &timeline.plans {
        let first = plan.items.iter().find(|i| i.key == "first-ppm").unwrap();
        assert_eq!(first.status, Status::Done, "{}", plan.plan.pathway);
        assert_eq!(first.done_event, Some((Event::Ppm, d(2025, 1, 15))));
        assert_eq!(first.occurrence, Some(Event::Ppm));
        let second = plan.items.iter().find(|i| i.key == "second-ppm").unwrap();
        assert!(second.status.is_open(), "only one PPM is recorded");
        let task = plan
            .items
            .iter()
            .find(|i| i.key == "gateway-application")
            .unwrap();
        assert_eq!(task.occurrence, None, "a task is no event");
    }
}

#[test]
fn a_target_is_never_after_its_deadline() {
    // The first PPM held early: the second is due 6 weeks later, before
    // the table's week 8.
    let case = Case::new("adoption", d(2026, 10, 5), Stage::Proceedings).event(Event::Ppm, d(2026, 10, 7));
    let timeline = case.timeline(d(2026, 10, 7));
    let second = item(&timeline, "second-ppm");
    assert_eq!(second.deadline, Some(d(2026, 11, 18)));
    assert_eq!(second.target, second.deadline);
    assert!(
        second.rule.contains("so the target is the deadline"),
        "{}",
        second.rule
    );
}

#[test]
fn a_supervision_order_has_progress_meetings_not_ppms() {
    let case = Case::new("supervision-order", d(2026, 3, 2), Stage::LookedAfter)
        .event(Event::OrderMade, d(2026, 3, 2));
    let timeline = case.timeline(d(2026, 6, 1));
    let keys: Vec<&str> = timeline.plans[0].items.iter().map(|i| i.key.as_str()).collect();
    assert!(!keys.iter().any(|k| k.contains("ppm")), "{keys:?}");
    let meetings = item(&timeline, "child-and-family-progress-meetings");
    assert_eq!(
        (meetings.target, meetings.deadline),
        (None, None),
        "the seed gives no interval"
    );
}

#[test]
fn appendix_7_is_no_plan_of_its_own_and_its_untimed_rows_have_no_date() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings).event(Event::Ppm, d(2025, 1, 15));
    case.plans.push((
        plan(
            2,
            "adoption-tasks",
            PlanRole::Contingency,
            d(2025, 1, 6),
            Stage::Proceedings,
        ),
        adoption_tasks(),
    ));
    let timeline = case.timeline(d(2025, 1, 15));
    assert_eq!(
        item(&timeline, "second-ppm").deadline,
        Some(d(2025, 2, 26)),
        "6 weeks, not monthly: the child is not multi-track"
    );
    let tasks = &timeline.plans[1];
    let direct = tasks.items.iter().find(|i| i.key == "direct-work").unwrap();
    assert_eq!((direct.target, direct.deadline), (None, None));
    assert!(direct.rule.contains("no timescale"), "{}", direct.rule);
}

#[test]
fn a_child_placed_for_adoption_is_visited_weekly_until_the_first_review() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter)
        .event(Event::CaseReview, d(2025, 1, 15))
        .event(Event::CaseReview, d(2025, 4, 2))
        .event(Event::Placement, d(2025, 6, 2));
    case.child.looked_after_since = Some(d(2024, 12, 19));
    let timeline = case.timeline(d(2025, 7, 15));
    let visits: Vec<(&str, Option<NaiveDate>)> = timeline.plans[0]
        .items
        .iter()
        .filter(|i| i.key.starts_with("statutory-visit-"))
        .map(|i| (i.key.as_str(), i.deadline))
        .collect();
    assert_eq!(
        visits,
        [
            ("statutory-visit-1", Some(d(2025, 6, 9))),
            ("statutory-visit-2", Some(d(2025, 6, 16))),
            ("statutory-visit-3", Some(d(2025, 6, 23))),
            ("statutory-visit-4", Some(d(2025, 6, 30))),
        ],
        "weekly until the first review, due 30/06/2025; then as the agency decides"
    );
    assert!(
        item(&timeline, "statutory-visit-2")
            .rule
            .contains("Adoption Agencies Regulations 2005, reg 36(4)(a)"),
        "{}",
        item(&timeline, "statutory-visit-2").rule
    );
    let review = item(&timeline, "case-review-3");
    assert_eq!(review.deadline, Some(d(2025, 6, 30)));
    assert!(review.rule.contains("reg 36(3)(a)"), "{}", review.rule);
    assert!(item(&timeline, "case-review-4").rule.contains("reg 36(3)(b)"));
}
