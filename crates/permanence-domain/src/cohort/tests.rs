use super::*;
use crate::plan::PlanId;
use crate::report::Cell;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn child(reference: &str, status: LegalStatus) -> ChildFields {
    ChildFields {
        reference: reference.into(),
        given_name: "Test".into(),
        family_name: reference.into(),
        legal_status: status,
        ..ChildFields::default()
    }
}

fn plan(pathway: &str, stage: Stage, start: NaiveDate) -> Plan {
    Plan {
        id: PlanId(1),
        pathway: pathway.into(),
        role: PlanRole::Primary,
        start,
        stage,
        status: PlanStatus::Active,
        basis: Default::default(),
    }
}

/// How many children a tracker lists on a day.
fn rows_on(which: Tracker, children: &[CohortChild<'_>], on: NaiveDate) -> usize {
    tracker(which, children, on).rows.len()
}

fn cohort<'a>(fields: &'a ChildFields, plans: &'a [Plan], events: &'a [RecordedEvent]) -> CohortChild<'a> {
    CohortChild {
        fields,
        worker_name: None,
        iro_name: None,
        carers: &[],
        plans,
        events,
        summary: None,
        kinship_decision: None,
    }
}

fn column(report: &Report, key: &str) -> usize {
    report.columns.iter().position(|(k, _)| *k == key).unwrap()
}

#[test]
fn pre_proceedings_weeks_and_flags_at_their_edges() {
    let start = day(2026, 1, 5);
    let fields = child("P1", LegalStatus::None);
    let plans = [plan("pre-proceedings", Stage::PreProceedings, start)];
    let children = [cohort(&fields, &plans, &[])];
    let at = |days: u64| {
        let report = tracker(
            Tracker::PreProceedings,
            &children,
            start + chrono::Days::new(days),
        );
        let row = &report.rows[0];
        (
            row[column(&report, "weeks")].clone(),
            row[column(&report, "flags")].clone(),
        )
    };
    assert_eq!(at(111), (Cell::Number(Some(15)), Cell::Numbers(vec![])));
    assert_eq!(
        at(112),
        (Cell::Number(Some(16)), Cell::Numbers(vec![16])),
        "exactly 16 weeks"
    );
    assert_eq!(at(26 * 7 - 1).1, Cell::Numbers(vec![16]));
    assert_eq!(at(26 * 7).1, Cell::Numbers(vec![16, 26]));
    assert_eq!(at(40 * 7).1, Cell::Numbers(vec![16, 26, 40]));
    assert_eq!(at(52 * 7).1, Cell::Numbers(vec![16, 26, 40, 52]));
}

#[test]
fn a_recorded_second_period_is_counted_from_its_own_start() {
    let start = day(2026, 1, 5);
    let fields = child("P1", LegalStatus::None);
    let plans = [plan("pre-proceedings", Stage::PreProceedings, start)];
    let events = [RecordedEvent {
        event: Event::SecondPeriod,
        on: day(2026, 7, 6),
    }];
    let children = [cohort(&fields, &plans, &events)];
    let report = tracker(Tracker::PreProceedings, &children, day(2026, 8, 3));
    assert_eq!(
        report.rows[0][column(&report, "second_period_weeks")],
        Cell::Number(Some(4))
    );
}

#[test]
fn children_not_in_pre_proceedings_are_not_on_its_tracker() {
    let fields = child("C1", LegalStatus::Co);
    let plans = [plan("adoption", Stage::Proceedings, day(2026, 1, 5))];
    let children = [cohort(&fields, &plans, &[])];
    assert_eq!(rows_on(Tracker::PreProceedings, &children, day(2026, 6, 1)), 0);
    assert_eq!(rows_on(Tracker::Permanence, &children, day(2026, 6, 1)), 1);
}

#[test]
fn long_term_matching_starts_at_nine_months_not_a_day_before() {
    let mut fields = child("L1", LegalStatus::Co);
    fields.looked_after_since = Some(day(2026, 2, 28));
    let children = [cohort(&fields, &[], &[])];
    let nine_months = day(2026, 11, 28);
    assert_eq!(
        rows_on(
            Tracker::LongTermMatching,
            &children,
            nine_months.pred_opt().unwrap()
        ),
        0
    );
    let report = tracker(Tracker::LongTermMatching, &children, nine_months);
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.rows[0][column(&report, "months")], Cell::Number(Some(9)));
    assert_eq!(report.rows[0][column(&report, "matched")], Cell::Flag(false));
}

#[test]
fn long_term_matching_lists_a_child_in_care_with_no_date_saying_so() {
    let fields = child("L2", LegalStatus::Co);
    let children = [cohort(&fields, &[], &[])];
    let report = tracker(Tracker::LongTermMatching, &children, day(2026, 6, 1));
    assert_eq!(
        report.rows[0][column(&report, "looked_after_since")],
        Cell::text(DATE_NOT_RECORDED)
    );
    assert_eq!(report.rows[0][column(&report, "months")], Cell::Number(None));
}

#[test]
fn placement_orders_of_nine_months_or_more_and_those_with_no_date() {
    let fields = child("A1", LegalStatus::Po);
    let events = [RecordedEvent {
        event: Event::PlacementOrder,
        on: day(2026, 1, 31),
    }];
    let children = [cohort(&fields, &[], &events)];
    // 31 January plus nine months is 31 October.
    assert_eq!(rows_on(Tracker::PlacementOrders, &children, day(2026, 10, 30)), 0);
    assert_eq!(rows_on(Tracker::PlacementOrders, &children, day(2026, 10, 31)), 1);
    let undated = child("A2", LegalStatus::Po);
    let children = [cohort(&undated, &[], &[])];
    let report = tracker(Tracker::PlacementOrders, &children, day(2026, 10, 31));
    // Listed, but never as if it were 9 months old.
    assert_eq!(
        report.rows[0][column(&report, "placement_order")],
        Cell::text(DATE_NOT_RECORDED)
    );
    assert_eq!(report.rows[0][column(&report, "months")], Cell::Number(None));
}

#[test]
fn the_placement_order_tracker_shows_the_primary_plan() {
    let fields = child("A1", LegalStatus::Po);
    let plans = [plan("adoption", Stage::LookedAfter, day(2025, 1, 6))];
    let children = [cohort(&fields, &plans, &[])];
    let report = tracker(Tracker::PlacementOrders, &children, day(2026, 10, 31));
    assert_eq!(report.rows[0][column(&report, "plan")], Cell::text("adoption"));
}

#[test]
fn the_sgo_review_group_is_every_child_in_care() {
    let statuses = [
        (LegalStatus::S20, true),
        (LegalStatus::Ico, true),
        (LegalStatus::Co, true),
        (LegalStatus::Po, true),
        (LegalStatus::None, false),
        (LegalStatus::Iso, false),
        (LegalStatus::So, false),
        (LegalStatus::Sgo, false),
        (LegalStatus::Cao, false),
    ];
    for (status, listed) in statuses {
        let mut fields = child("G1", status);
        fields.placement_type = Some("Long-term foster care".into());
        // A plan for an SGO does not bring a child out of care into the group.
        let plans = [plan("special-guardianship", Stage::LookedAfter, day(2026, 1, 5))];
        let children = [cohort(&fields, &plans, &[])];
        let report = tracker(Tracker::SgoReview, &children, day(2026, 6, 1));
        assert_eq!(report.rows.len() == 1, listed, "{status:?}");
    }
    let report = tracker(Tracker::SgoReview, &[], day(2026, 6, 1));
    assert!(
        report
            .title
            .contains("All cases within the CIC Service are RAG rated")
    );
}

#[test]
fn sixteen_plus_is_only_young_people_in_care() {
    for (status, listed) in [
        (LegalStatus::Co, true),
        (LegalStatus::S20, true),
        (LegalStatus::None, false),
        (LegalStatus::So, false),
        (LegalStatus::Sgo, false),
    ] {
        let mut fields = child("S1", status);
        fields.date_of_birth = Some(day(2009, 1, 1));
        let children = [cohort(&fields, &[], &[])];
        let report = tracker(Tracker::SixteenPlus, &children, day(2026, 6, 1));
        assert_eq!(report.rows.len() == 1, listed, "{status:?}");
    }
}

#[test]
fn telfords_care_orders_from_twelve_months_in_care_not_at_home() {
    let mut fields = child("T1", LegalStatus::Co);
    fields.placement_type = Some("Foster care".into());
    fields.looked_after_since = Some(day(2025, 2, 28));
    let children = [cohort(&fields, &[], &[])];
    let on = |d: NaiveDate| tracker(Tracker::CareOrdersTwelveMonths, &children, d);
    assert!(on(day(2026, 2, 27)).rows.is_empty(), "a day short of 12 months");
    let report = on(day(2026, 2, 28));
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.rows[0][column(&report, "months")], Cell::Number(Some(12)));
    let mut home = fields.clone();
    home.placement_type = Some("Placed with parents".into());
    let children = [cohort(&home, &[], &[])];
    assert_eq!(
        rows_on(Tracker::CareOrdersTwelveMonths, &children, day(2027, 1, 1)),
        0
    );
    let mut s20 = fields.clone();
    s20.legal_status = LegalStatus::S20;
    let children = [cohort(&s20, &[], &[])];
    assert_eq!(
        rows_on(Tracker::CareOrdersTwelveMonths, &children, day(2027, 1, 1)),
        0
    );
    let mut undated = fields.clone();
    undated.looked_after_since = None;
    let children = [cohort(&undated, &[], &[])];
    let report = tracker(Tracker::CareOrdersTwelveMonths, &children, day(2026, 6, 1));
    assert_eq!(
        report.rows[0][column(&report, "looked_after_since")],
        Cell::text(DATE_NOT_RECORDED)
    );
}

#[test]
fn the_panels_decision_places_a_child_the_record_does_not() {
    let mut fields = child("K1", LegalStatus::Co);
    fields.placement_type = Some("Connected person foster care".into());
    let category = |plans: &[Plan], decision: Option<&str>| {
        let children = [CohortChild {
            kinship_decision: decision,
            ..cohort(&fields, plans, &[])
        }];
        let report = tracker(Tracker::Kinship, &children, day(2026, 6, 1));
        report.rows[0][column(&report, "category")].clone()
    };
    for five in KinshipCategory::FIVE {
        assert_eq!(category(&[], Some(five.label())), Cell::text(five.label()));
    }
    // As meetings before the one list wrote it.
    assert_eq!(
        category(&[], Some("Cannot convert now; needs continued oversight")),
        Cell::text(KinshipCategory::CannotConvertNow.label())
    );
    assert_eq!(
        category(&[], Some("something else")),
        Cell::text(KinshipCategory::NotYetCategorised.label())
    );
    // The panel's judgement stands over what the plans suggest.
    let sgo_plan = [plan("special-guardianship", Stage::LookedAfter, day(2026, 1, 5))];
    assert_eq!(
        category(&sgo_plan, Some("Needs further work with carers")),
        Cell::text(KinshipCategory::NeedsFurtherWork.label())
    );
    assert_eq!(
        category(&sgo_plan, None),
        Cell::text(KinshipCategory::InTransition.label())
    );
    // Proceedings issued since the panel's decision overtake it.
    let in_proceedings = [plan("special-guardianship", Stage::Proceedings, day(2026, 1, 5))];
    assert_eq!(
        category(&in_proceedings, Some("Needs further work with carers")),
        Cell::text(KinshipCategory::InProceedings.label())
    );
    // An interim order is proceedings, plan or none.
    let mut interim = fields.clone();
    interim.legal_status = LegalStatus::Ico;
    let children = [cohort(&interim, &[], &[])];
    let report = tracker(Tracker::Kinship, &children, day(2026, 6, 1));
    assert_eq!(
        report.rows[0][column(&report, "category")],
        Cell::text(KinshipCategory::InProceedings.label())
    );
}

#[test]
fn every_tracker_says_who_it_lists_and_where_that_comes_from() {
    for t in Tracker::ALL {
        let report = tracker(t, &[], day(2026, 6, 1));
        assert!(report.title.contains(t.rule()), "{t:?}");
        assert!(
            ["Warrington", "Leicestershire", "Telford", "Stockton"]
                .iter()
                .any(|seed| t.rule().contains(seed)),
            "{t:?} names its seed"
        );
    }
}

#[test]
fn sixteen_plus_from_the_sixteenth_birthday() {
    let mut fields = child("S1", LegalStatus::Co);
    fields.date_of_birth = Some(day(2010, 11, 24));
    let children = [cohort(&fields, &[], &[])];
    assert_eq!(rows_on(Tracker::SixteenPlus, &children, day(2026, 11, 23)), 0);
    assert_eq!(rows_on(Tracker::SixteenPlus, &children, day(2026, 11, 24)), 1);
}

#[test]
fn kinship_arrangements_are_sorted_into_stocktons_categories() {
    let mut fields = child("K1", LegalStatus::Co);
    fields.placement_type = Some("Connected person foster care".into());
    let in_proceedings = [plan("special-guardianship", Stage::Proceedings, day(2026, 1, 5))];
    let transition = [plan("special-guardianship", Stage::LookedAfter, day(2026, 1, 5))];
    let mut twin = vec![plan("special-guardianship", Stage::LookedAfter, day(2026, 1, 5))];
    twin.push(Plan {
        role: PlanRole::Contingency,
        ..plan("reunification", Stage::LookedAfter, day(2026, 1, 5))
    });
    let category = |plans: &[Plan]| {
        let children = [cohort(&fields, plans, &[])];
        let report = tracker(Tracker::Kinship, &children, day(2026, 6, 1));
        report.rows[0][column(&report, "category")].clone()
    };
    assert_eq!(
        category(&in_proceedings),
        Cell::text(KinshipCategory::InProceedings.label())
    );
    assert_eq!(category(&twin), Cell::text(KinshipCategory::TwinTracked.label()));
    assert_eq!(
        category(&transition),
        Cell::text(KinshipCategory::InTransition.label())
    );
    assert_eq!(
        category(&[]),
        Cell::text(KinshipCategory::NotYetCategorised.label())
    );
    // Out of care, on an SGO or a Child Arrangements Order, the
    // arrangement has converted and left the cohort.
    for status in [LegalStatus::Sgo, LegalStatus::Cao, LegalStatus::None] {
        let mut left = fields.clone();
        left.legal_status = status;
        let children = [cohort(&left, &[], &[])];
        assert!(
            tracker(Tracker::Kinship, &children, day(2026, 6, 1))
                .rows
                .is_empty(),
            "{status:?}"
        );
    }
    // Foster care with strangers is not kinship care.
    let mut stranger = child("K2", LegalStatus::Co);
    stranger.placement_type = Some("Foster care".into());
    let children = [cohort(&stranger, &[], &[])];
    assert_eq!(rows_on(Tracker::Kinship, &children, day(2026, 6, 1)), 0);
}

#[test]
fn whole_months_count_calendar_months() {
    assert_eq!(whole_months(day(2026, 1, 31), day(2026, 2, 27)), 0);
    assert_eq!(whole_months(day(2026, 1, 31), day(2026, 2, 28)), 1);
    assert_eq!(whole_months(day(2026, 3, 15), day(2027, 3, 15)), 12);
    assert_eq!(whole_months(day(2026, 3, 15), day(2026, 1, 1)), 0);
}

#[test]
fn every_tracker_name_round_trips() {
    for t in Tracker::ALL {
        assert_eq!(Tracker::parse(t.code()), Some(t));
    }
    assert_eq!(Tracker::parse("nonsense"), None);
}
