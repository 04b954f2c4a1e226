//! Tests of the timeline: the date rules, statuses, cadences and merging,
//! on the shipped Warrington pathways.

use super::*;
use crate::calendar::HolidayChange;
use crate::pathway_file;
use crate::plan::Stage;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn calendar() -> Calendar {
    let text = include_str!("../../../../data/holidays/england-and-wales.toml");
    let changes: Vec<HolidayChange> = crate::holidays_file::parse("h.toml", text).unwrap();
    Calendar::new(&changes)
}

fn pathway(name: &str) -> Pathway {
    let text = match name {
        "adoption" => include_str!("../../../../data/pathways/adoption.toml"),
        "permanent-fostering" => include_str!("../../../../data/pathways/permanent-fostering.toml"),
        "reunification" => include_str!("../../../../data/pathways/reunification.toml"),
        "special-guardianship" => include_str!("../../../../data/pathways/special-guardianship.toml"),
        "pre-proceedings" => include_str!("../../../../data/pathways/pre-proceedings.toml"),
        "supervision-order" => include_str!("../../../../data/pathways/supervision-order.toml"),
        "adoption-tasks" => include_str!("../../../../data/pathways/adoption-tasks.toml"),
        other => panic!("no pathway {other}"),
    };
    pathway_file::parse(&format!("{name}.toml"), text).unwrap()
}

fn plan(id: i64, pathway: &str, role: PlanRole, start: NaiveDate, stage: Stage) -> Plan {
    Plan {
        id: PlanId(id),
        pathway: pathway.to_string(),
        role,
        start,
        stage,
        status: PlanStatus::Active,
        basis: Default::default(),
    }
}

struct Case {
    calendar: Calendar,
    child: ChildFacts,
    plans: Vec<(Plan, Pathway)>,
    events: Vec<RecordedEvent>,
    done: Vec<DoneRecord>,
    adhoc: Vec<AdHocItem>,
}

impl Case {
    fn new(pathway_name: &str, start: NaiveDate, stage: Stage) -> Case {
        Case {
            calendar: calendar(),
            child: ChildFacts {
                date_of_birth: Some(d(2020, 3, 1)),
                looked_after_since: None,
                in_sibling_group: false,
                legal_status: Default::default(),
            },
            plans: vec![(
                plan(1, pathway_name, PlanRole::Primary, start, stage),
                pathway(pathway_name),
            )],
            events: Vec::new(),
            done: Vec::new(),
            adhoc: Vec::new(),
        }
    }

    fn event(mut self, event: Event, on: NaiveDate) -> Case {
        self.events.push(RecordedEvent { event, on });
        self
    }

    fn timeline(&self, as_of: NaiveDate) -> Timeline {
        let plans: Vec<(Plan, Option<&Pathway>)> =
            self.plans.iter().map(|(p, w)| (p.clone(), Some(w))).collect();
        compute(&Inputs {
            calendar: &self.calendar,
            child: self.child,
            plans: &plans,
            events: &self.events,
            done: &self.done,
            adhoc: &self.adhoc,
            as_of,
        })
    }
}

fn item<'a>(timeline: &'a Timeline, key: &str) -> &'a TimelineItem {
    timeline.plans[0]
        .items
        .iter()
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

/// Targets for a known start date, one table per pathway. Monday 6 January
/// 2025: week 1 ends on Sunday 12th, so its items are due Friday 10th.
#[test]
fn targets_for_a_known_start_date() {
    let start = d(2025, 1, 6);
    let expected: &[(&str, &[(&str, NaiveDate)])] = &[
        (
            "adoption",
            &[
                ("gateway-application", d(2025, 1, 10)),
                ("smart-permanence-plan", d(2025, 1, 24)), // week 2/3: end of week 3
                ("cpr-started", d(2025, 1, 31)),
                ("final-care-planning-meeting", d(2025, 4, 17)), // Good Friday is the 18th
                ("adm-shobpa", d(2025, 5, 2)),                   // week 17 ends Sunday 4 May
                ("po-granted", d(2025, 7, 4)),
                ("matching-panel", d(2025, 8, 22)),
            ],
        ),
        (
            "permanent-fostering",
            &[
                ("permanence-plan", d(2025, 1, 24)),
                ("cpr-completed", d(2025, 4, 25)),
                ("fostering-panel", d(2025, 8, 22)),
            ],
        ),
        (
            "reunification",
            &[
                ("ongoing-parenting-assessment", d(2025, 1, 17)),
                ("parenting-assessment-completed", d(2025, 4, 11)),
                ("so-made", d(2025, 7, 4)),
            ],
        ),
        (
            "special-guardianship",
            &[
                ("viabilities", d(2025, 1, 10)),
                ("draft-sgo-support-plan", d(2025, 4, 4)),
                ("sgo-made", d(2025, 5, 9)),
            ],
        ),
    ];
    for (name, targets) in expected {
        let case = Case::new(name, start, Stage::Proceedings);
        let timeline = case.timeline(d(2025, 1, 6));
        for (key, target) in *targets {
            assert_eq!(item(&timeline, key).target, Some(*target), "{name}: {key}");
        }
    }
}

#[test]
fn week_15_ending_on_good_friday_moves_back_to_thursday() {
    // Week 15 from 6 January 2025 ends Sunday 20 April: Easter Sunday. Good
    // Friday (18th) is a bank holiday, so the target is Thursday 17th.
    let case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    let timeline = case.timeline(d(2025, 1, 6));
    assert_eq!(
        item(&timeline, "final-care-planning-meeting").target,
        Some(d(2025, 4, 17))
    );
}

#[test]
fn a_week_ending_at_christmas_moves_back_before_it() {
    // Week 4 from Monday 1 December 2025 ends Sunday 28th: the 25th and 26th
    // are holidays, so the target is Wednesday 24th.
    let case = Case::new("adoption", d(2025, 12, 1), Stage::Proceedings);
    let timeline = case.timeline(d(2025, 12, 1));
    assert_eq!(item(&timeline, "cpr-started").target, Some(d(2025, 12, 24)));
}

#[test]
fn working_days_after_a_gateway_before_easter() {
    // Gateway on Maundy Thursday 2 April 2026: the letter is due 5 working
    // days later, skipping Good Friday and Easter Monday.
    let case = Case::new("pre-proceedings", d(2026, 4, 2), Stage::PreProceedings);
    let timeline = case.timeline(d(2026, 4, 2));
    assert_eq!(item(&timeline, "letter-drafted").target, Some(d(2026, 4, 9)));
    assert_eq!(item(&timeline, "letter-sent").target, Some(d(2026, 4, 13)));
    let max = item(&timeline, "maximum-26-weeks");
    assert_eq!(max.deadline, Some(d(2026, 10, 1)), "26 weeks later, a Thursday");
    assert!(
        max.rule
            .starts_with("deadline: 26 weeks after the Legal Gateway decision on 02/04/2026"),
        "{}",
        max.rule
    );
}

#[test]
fn conditions_make_items_not_applicable() {
    let case = Case::new("adoption", d(2025, 1, 6), Stage::PreProceedings);
    let timeline = case.timeline(d(2025, 1, 6));
    assert_eq!(
        item(&timeline, "adm-shobpa").status,
        Status::NotApplicable,
        "If in Care Proceedings"
    );
    assert_eq!(
        item(&timeline, "sibling-assessment").status,
        Status::NotApplicable
    );
    assert_eq!(
        item(&timeline, "family-finding-continues").status,
        Status::Open,
        "adopter not identified"
    );
    assert_eq!(item(&timeline, "selection-meeting").status, Status::NotApplicable);

    let mut unborn = Case::new("adoption", d(2025, 1, 6), Stage::PreProceedings);
    unborn.child.date_of_birth = Some(d(2025, 3, 1));
    let timeline = unborn.timeline(d(2025, 1, 6));
    assert_eq!(
        item(&timeline, "cpr-started").status,
        Status::Open,
        "or child unborn"
    );

    let identified = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings)
        .event(Event::AdopterIdentified, d(2025, 6, 1));
    let timeline = identified.timeline(d(2025, 1, 6));
    assert_eq!(item(&timeline, "selection-meeting").status, Status::Open);
    assert_eq!(
        item(&timeline, "family-finding-continues").status,
        Status::NotApplicable
    );
}

#[test]
fn status_follows_rule_six() {
    let t = Some(d(2026, 11, 20));
    let dl = Some(d(2026, 11, 25));
    let on = |y, m, day| d(y, m, day);
    assert_eq!(
        status(Some(on(2026, 11, 1)), true, t, dl, on(2027, 1, 1)),
        Status::Done
    );
    assert_eq!(status(None, false, t, dl, on(2027, 1, 1)), Status::NotApplicable);
    assert_eq!(status(None, true, t, dl, on(2026, 11, 26)), Status::Breached);
    assert_eq!(
        status(None, true, t, dl, on(2026, 11, 25)),
        Status::Overdue,
        "on the deadline day it is not yet breached"
    );
    assert_eq!(status(None, true, t, dl, on(2026, 11, 21)), Status::Overdue);
    assert_eq!(
        status(None, true, t, dl, on(2026, 11, 20)),
        Status::DueSoon,
        "due today"
    );
    assert_eq!(
        status(None, true, t, dl, on(2026, 11, 13)),
        Status::DueSoon,
        "7 days ahead"
    );
    assert_eq!(status(None, true, t, dl, on(2026, 11, 12)), Status::Open);
    assert_eq!(status(None, true, None, None, on(2026, 11, 12)), Status::Open);
}

#[test]
fn a_table_row_that_is_a_cadence_is_one_item_with_both_dates() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    case.child.looked_after_since = Some(d(2024, 12, 19));
    let timeline = case.timeline(d(2025, 1, 6));
    let reviews: Vec<&TimelineItem> = timeline.plans[0]
        .items
        .iter()
        .filter(|i| i.key == "first-case-review")
        .collect();
    assert_eq!(reviews.len(), 1, "merged, not listed twice");
    let review = reviews[0];
    assert_eq!(
        review.deadline,
        Some(d(2025, 1, 21)),
        "20 working days after 19/12/2024"
    );
    assert_eq!(
        review.target,
        Some(d(2025, 1, 21)),
        "the table's week 3 (24/01/2025) would fall after the deadline, so the target is the deadline"
    );
    assert!(
        review.rule.contains(
            "the table's week (24/01/2025) falls after the deadline, so the target is the deadline"
        ),
        "{}",
        review.rule
    );
    assert!(
        review
            .rule
            .contains("target: end of week 3 counted from the Legal Gateway decision on 06/01/2025"),
        "{}",
        review.rule
    );
    assert!(
        review.rule.contains(
            "deadline: 20 working days after became looked after on 19/12/2024 (from the child's record) (Care Planning, Placement and Case Review (England) Regulations 2010, reg 33)"
        ),
        "{}",
        review.rule
    );
    assert_eq!(review.week.as_deref(), Some("3"));
}

#[test]
fn recording_the_first_review_moves_the_second() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    case.child.looked_after_since = Some(d(2024, 12, 19));
    let planned = case.timeline(d(2025, 1, 6));
    // Unrecorded, the second review counts from the first's deadline.
    assert_eq!(
        item(&planned, "second-case-review").deadline,
        Some(d(2025, 4, 15))
    );
    let case = case.event(Event::CaseReview, d(2025, 1, 15));
    let recorded = case.timeline(d(2025, 2, 1));
    let first = item(&recorded, "first-case-review");
    assert_eq!(
        (first.status, first.done_on),
        (Status::Done, Some(d(2025, 1, 15)))
    );
    let second = item(&recorded, "second-case-review");
    assert_eq!(second.deadline, Some(d(2025, 4, 9)), "12 weeks after 15/01/2025");
    assert!(
        second
            .rule
            .contains("12 weeks after the 1st case review held on 15/01/2025"),
        "{}",
        second.rule
    );
    let later = case.timeline(d(2025, 5, 1));
    let third = item(&later, "case-review-3");
    assert_eq!(
        third.deadline,
        Some(d(2025, 10, 9)),
        "6 months after the second's planned date"
    );
}

#[test]
fn ppms_every_six_weeks_or_monthly_when_multi_track() {
    let case = Case::new("special-guardianship", d(2026, 1, 5), Stage::Proceedings)
        .event(Event::Ppm, d(2026, 1, 14));
    let timeline = case.timeline(d(2026, 4, 1));
    assert_eq!(item(&timeline, "first-ppm").done_on, Some(d(2026, 1, 14)));
    assert_eq!(
        item(&timeline, "second-ppm").deadline,
        Some(d(2026, 2, 25)),
        "6 weeks after 14/01/2026"
    );
    assert_eq!(item(&timeline, "ppm-3").deadline, Some(d(2026, 4, 8)));
    assert!(
        item(&timeline, "ppm-3")
            .rule
            .contains("section 8.3: at least every 6 weeks"),
        "{}",
        item(&timeline, "ppm-3").rule
    );

    let mut twin = Case::new("special-guardianship", d(2026, 1, 5), Stage::Proceedings)
        .event(Event::Ppm, d(2026, 1, 14));
    twin.plans.push((
        plan(
            2,
            "adoption",
            PlanRole::Contingency,
            d(2026, 1, 5),
            Stage::Proceedings,
        ),
        pathway("adoption"),
    ));
    let timeline = twin.timeline(d(2026, 4, 1));
    assert_eq!(
        item(&timeline, "second-ppm").deadline,
        Some(d(2026, 2, 13)),
        "a month after: 14 February is a Saturday"
    );
    // The date says why it is a month, not six weeks: it moved when the
    // second plan started, and the user is shown the rule that moved it.
    assert!(
        item(&timeline, "second-ppm")
            .rule
            .contains("monthly while more than one plan is active"),
        "{}",
        item(&timeline, "second-ppm").rule
    );
    assert!(
        timeline.plans[1].items.iter().all(|i| !i.key.starts_with("ppm-")),
        "cadences belong to the primary plan only"
    );
}

#[test]
fn items_past_their_dates_are_overdue_then_breached() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings);
    case.child.looked_after_since = Some(d(2024, 12, 19));
    let timeline = case.timeline(d(2025, 1, 22));
    assert_eq!(
        item(&timeline, "first-case-review").status,
        Status::Breached,
        "deadline 21/01 passed"
    );
    assert_eq!(
        item(&timeline, "first-ppm").status,
        Status::Breached,
        "10 working days after 06/01"
    );
    assert_eq!(item(&timeline, "smart-permanence-plan").status, Status::DueSoon);
    assert_eq!(item(&timeline, "gateway-application").status, Status::Overdue);
    let summary = Summary::of(&timeline);
    assert_eq!(summary.rag, Some(crate::child::Rag::Red));
    assert_eq!(summary.week, Some(3));
    assert!(summary.breached >= 2);
}

#[test]
fn done_items_stay_done_and_clear_the_rag() {
    let mut case = Case::new("reunification", d(2026, 11, 2), Stage::PreProceedings);
    let as_of = d(2026, 11, 10);
    let late: Vec<String> = case.timeline(as_of).plans[0]
        .items
        .iter()
        .filter(|i| i.status.is_open() && i.target.is_some_and(|t| t < as_of))
        .map(|i| i.key.clone())
        .collect();
    assert!(!late.is_empty());
    assert_eq!(
        Summary::of(&case.timeline(as_of)).rag,
        Some(crate::child::Rag::Amber)
    );
    for key in late {
        case.done.push(DoneRecord {
            plan: PlanId(1),
            key,
            on: d(2026, 11, 9),
            note: None,
        });
    }
    let timeline = case.timeline(as_of);
    assert_eq!(Summary::of(&timeline).rag, Some(crate::child::Rag::Green));
    assert_eq!(item(&timeline, "gateway-application").status, Status::Done);
}

#[test]
fn recurring_items_follow_the_previous_occurrence() {
    let case = Case::new("permanent-fostering", d(2024, 1, 8), Stage::LookedAfter)
        .event(Event::Placement, d(2024, 3, 4));
    let timeline = case.timeline(d(2026, 6, 1));
    let first = item(&timeline, "sgo-discussion");
    assert_eq!(first.target, Some(d(2025, 3, 4)), "12 months after the placement");
    assert_eq!(item(&timeline, "sgo-discussion#2").target, Some(d(2026, 3, 4)));
    assert_eq!(item(&timeline, "sgo-discussion#3").target, Some(d(2027, 3, 4)));
    assert!(
        timeline.plans[0]
            .items
            .iter()
            .all(|i| i.key != "sgo-discussion#4"),
        "one occurrence ahead only"
    );
}

#[test]
fn items_counted_from_an_unrecorded_event_wait_for_it() {
    let case = Case::new("permanent-fostering", d(2024, 1, 8), Stage::LookedAfter);
    let timeline = case.timeline(d(2026, 6, 1));
    let waiting = item(&timeline, "sgo-discussion");
    assert_eq!(waiting.target, None);
    assert_eq!(waiting.status, Status::Open);
    assert!(
        waiting.rule.contains("waiting for the placement to be recorded"),
        "{}",
        waiting.rule
    );
}

#[test]
fn care_proceedings_have_26_weeks_plus_extensions() {
    let case = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings).event(Event::Issue, d(2025, 2, 3));
    let timeline = case.timeline(d(2025, 3, 1));
    assert_eq!(
        item(&timeline, "proceedings-concluded").deadline,
        Some(d(2025, 8, 4))
    );
    let extended = Case::new("adoption", d(2025, 1, 6), Stage::Proceedings)
        .event(Event::Issue, d(2025, 2, 3))
        .event(Event::CourtExtension, d(2025, 7, 1));
    let item = item(&extended.timeline(d(2025, 3, 1)), "proceedings-concluded").clone();
    assert_eq!(item.deadline, Some(d(2025, 9, 29)), "8 more weeks");
    assert!(
        item.rule
            .contains("34 weeks after the issue of care proceedings on 03/02/2025, extended once"),
        "{}",
        item.rule
    );
}

#[test]
fn adoption_placement_brings_reviews_forward() {
    let mut case = Case::new("adoption", d(2025, 1, 6), Stage::LookedAfter)
        .event(Event::CaseReview, d(2025, 1, 15))
        .event(Event::CaseReview, d(2025, 4, 2))
        .event(Event::Placement, d(2025, 6, 2));
    case.child.looked_after_since = Some(d(2024, 12, 19));
    let timeline = case.timeline(d(2025, 6, 3));
    let third = item(&timeline, "case-review-3");
    assert_eq!(
        third.deadline,
        Some(d(2025, 6, 30)),
        "within 4 weeks of placement for adoption"
    );
    assert!(
        third.rule.contains("Adoption Agencies Regulations 2005, reg 36"),
        "{}",
        third.rule
    );
    let visits = item(&timeline, "statutory-visit-1");
    assert_eq!(
        visits.deadline,
        Some(d(2025, 6, 9)),
        "within a week of the placement"
    );
}

#[test]
fn items_added_by_hand_join_their_plan() {
    let mut case = Case::new("reunification", d(2026, 11, 2), Stage::PreProceedings);
    case.adhoc.push(AdHocItem {
        plan: PlanId(1),
        key: "adhoc-1".into(),
        title: "Arrange contact centre visit".into(),
        target: d(2026, 11, 27),
        responsible: Some("SW".into()),
    });
    let timeline = case.timeline(d(2026, 11, 23));
    let added = item(&timeline, "adhoc-1");
    assert_eq!(added.status, Status::DueSoon);
    assert_eq!(added.rule, "target: 27/11/2026 (added to the plan by hand)");
    case.done.push(DoneRecord {
        plan: PlanId(1),
        key: "adhoc-1".into(),
        on: d(2026, 11, 24),
        note: None,
    });
    assert_eq!(
        item(&case.timeline(d(2026, 11, 30)), "adhoc-1").status,
        Status::Done
    );
}

#[test]
fn a_supervision_order_expires_after_twelve_months_unless_recorded() {
    let case = Case::new("supervision-order", d(2026, 3, 2), Stage::LookedAfter)
        .event(Event::OrderMade, d(2026, 3, 2));
    let timeline = case.timeline(d(2026, 11, 23));
    let gateway = item(&timeline, "legal-gateway-before-expiry");
    assert_eq!(
        gateway.deadline,
        Some(d(2026, 12, 2)),
        "3 months before 02/03/2027"
    );
    assert!(
        gateway
            .rule
            .contains("planned: 12 months after the order was made"),
        "{}",
        gateway.rule
    );
    let extended = Case::new("supervision-order", d(2026, 3, 2), Stage::LookedAfter)
        .event(Event::OrderMade, d(2026, 3, 2))
        .event(Event::OrderExpiry, d(2027, 9, 1));
    let timeline = extended.timeline(d(2026, 11, 23));
    assert_eq!(
        item(&timeline, "legal-gateway-before-expiry").deadline,
        Some(d(2027, 6, 1))
    );
    assert_eq!(item(&timeline, "midway-review").deadline, Some(d(2026, 9, 2)));
}

/// Where two timelines differ, in words (`None`: the same day and items;
/// how long each is seen for may differ).
fn difference(seen: &Timeline, computed: &Timeline) -> Option<String> {
    if seen.as_of != computed.as_of {
        return Some(format!("as of {} and {}", seen.as_of, computed.as_of));
    }
    for (a, b) in seen.plans.iter().zip(&computed.plans) {
        let keys = |p: &PlanTimeline| p.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
        if keys(a) != keys(b) {
            return Some(format!("items {:?}\nand {:?}", keys(a), keys(b)));
        }
        if let Some((x, y)) = a.items.iter().zip(&b.items).find(|(x, y)| x != y) {
            return Some(format!("{x:?}\nand {y:?}"));
        }
    }
    (seen.plans.len() != computed.plans.len()).then(|| "plans differ".to_string())
}

/// A timeline worked out ahead of time, then seen on an earlier day,
/// is the one worked out on that day: the basis of the stored timelines.
#[test]
fn a_timeline_worked_out_ahead_is_the_same_when_seen_on_an_earlier_day() {
    let case = Case::new("permanent-fostering", d(2025, 1, 6), Stage::LookedAfter)
        .event(Event::LookedAfter, d(2025, 1, 6))
        .event(Event::Placement, d(2025, 3, 3));
    let today = d(2026, 12, 2);
    let ahead = case.timeline(today + Days::new(56));
    let now = case.timeline(today);
    let count = |t: &Timeline| t.plans.iter().map(|p| p.items.len()).sum::<usize>();
    assert!(
        count(&ahead) > count(&now),
        "eight weeks on, more PPMs and visits are followed to"
    );
    assert_eq!(difference(&ahead.as_seen_on(today).unwrap(), &now), None);
    let until = ahead.seen.until.expect("chains go on");
    assert!(until > today + Days::new(56), "seen until {until}");
    assert_eq!(ahead.as_seen_on(until), None, "a chain goes further on {until}");
    let last = until - Days::new(1);
    assert_eq!(
        difference(&ahead.as_seen_on(last).unwrap(), &case.timeline(last)),
        None
    );
    assert!(difference(&case.timeline(until), &ahead.as_seen_on(last).unwrap()).is_some());
}

mod seen_on_another_day {
    use super::*;
    use proptest::prelude::*;

    const PATHWAYS: [&str; 6] = [
        "adoption",
        "permanent-fostering",
        "reunification",
        "special-guardianship",
        "pre-proceedings",
        "supervision-order",
    ];

    /// Keys that recorded "done" marks may name: table rows, the
    /// occurrences of recurring rows, and cadence occurrences.
    fn done_keys(pathway: &Pathway) -> Vec<String> {
        let mut keys: Vec<String> = pathway.items.iter().map(|i| i.key.clone()).collect();
        for item in pathway.items.iter().filter(|i| i.repeat.is_some()) {
            keys.extend((2..6).map(|n| format!("{}#{n}", item.key)));
        }
        keys.extend(["first-ppm", "second-ppm", "ppm-3", "ppm-4", "first-case-review"].map(String::from));
        keys.extend(["second-case-review", "case-review-3", "statutory-visit-2"].map(String::from));
        keys
    }

    fn day_in(offset: i64) -> NaiveDate {
        d(2023, 1, 2) + chrono::Duration::days(offset)
    }

    #[derive(Debug, Clone)]
    struct Drawn {
        plans: Vec<(usize, bool, i64, usize)>,
        events: Vec<(usize, i64)>,
        done: Vec<(usize, usize, i64)>,
        adhoc: Vec<(usize, i64)>,
        born: Option<i64>,
        looked_after: Option<i64>,
        computed: i64,
        seen_on: Vec<i64>,
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        (
            proptest::collection::vec((0..6usize, any::<bool>(), 0..900i64, 0..3usize), 1..3),
            proptest::collection::vec((0..Event::ALL.len(), 0..1200i64), 0..10),
            proptest::collection::vec((0..2usize, 0..64usize, 0..1200i64), 0..10),
            proptest::collection::vec((0..2usize, 0..1200i64), 0..3),
            proptest::option::of(-3000..400i64),
            proptest::option::of(0..900i64),
            0..1400i64,
            proptest::collection::vec(-600..1500i64, 1..6),
        )
            .prop_map(
                |(plans, events, done, adhoc, born, looked_after, computed, seen_on)| Drawn {
                    plans,
                    events,
                    done,
                    adhoc,
                    born,
                    looked_after,
                    computed,
                    seen_on,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(160))]
        #[test]
        fn is_the_timeline_worked_out_on_that_day(drawn in drawn()) {
            let calendar = calendar();
            let pathways: Vec<Pathway> = PATHWAYS.iter().map(|p| pathway(p)).collect();
            // The first plan drawn leads; any other is a contingency.
            let plans: Vec<(Plan, Option<&Pathway>)> = drawn
                .plans
                .iter()
                .enumerate()
                .map(|(i, (which, _, start, stage))| {
                    let role = if i == 0 { PlanRole::Primary } else { PlanRole::Contingency };
                    let p = plan(i as i64 + 1, PATHWAYS[*which], role, day_in(*start), Stage::ALL[*stage]);
                    (p, Some(&pathways[*which]))
                })
                .collect();
            let events: Vec<RecordedEvent> = drawn
                .events
                .iter()
                .map(|(e, on)| RecordedEvent { event: Event::ALL[*e], on: day_in(*on) })
                .collect();
            let done: Vec<DoneRecord> = drawn
                .done
                .iter()
                .filter_map(|(p, k, on)| {
                    let (plan, pathway) = plans.get(*p)?;
                    let keys = done_keys(pathway.expect("drawn with a pathway"));
                    Some(DoneRecord { plan: plan.id, key: keys[k % keys.len()].clone(), on: day_in(*on), note: None })
                })
                .collect();
            let adhoc: Vec<AdHocItem> = drawn
                .adhoc
                .iter()
                .enumerate()
                .filter_map(|(i, (p, on))| {
                    Some(AdHocItem {
                        plan: plans.get(*p)?.0.id,
                        key: format!("adhoc-{i}"),
                        title: "Added".into(),
                        target: day_in(*on),
                        responsible: None,
                    })
                })
                .collect();
            let inputs = |as_of| Inputs {
                calendar: &calendar,
                child: ChildFacts {
                    date_of_birth: drawn.born.map(day_in),
                    looked_after_since: drawn.looked_after.map(day_in),
                    in_sibling_group: drawn.plans.first().is_some_and(|p| p.1),
                    legal_status: Default::default(),
                },
                plans: &plans,
                events: &events,
                done: &done,
                adhoc: &adhoc,
                as_of,
            };
            let computed_on = day_in(drawn.computed);
            let ahead = compute(&inputs(computed_on));
            // A timeline holds on the day it was worked out for, with every
            // item in it by then.
            prop_assert!(ahead.seen.covers(computed_on), "{:?}", ahead.seen);
            let items = || ahead.plans.iter().flat_map(|p| &p.items);
            prop_assert!(items().all(|i| i.shown_from.is_none_or(|from| from <= computed_on)));
            // Rule 9: no target after its own deadline.
            for i in items() {
                if let (Some(target), Some(deadline)) = (i.target, i.deadline) {
                    prop_assert!(target <= deadline, "{}: target {} after deadline {}", i.key, target, deadline);
                }
            }
            for offset in &drawn.seen_on {
                let day = day_in(*offset);
                // Taken or copied, the timeline is seen the same.
                prop_assert_eq!(ahead.clone().into_seen_on(day), ahead.as_seen_on(day));
                if let Some(seen) = ahead.as_seen_on(day) {
                    let computed = compute(&inputs(day));
                    prop_assert_eq!(difference(&seen, &computed), None, "computed on {}, seen on {}", computed_on, day);
                }
            }
            // Any day before the one it was worked out for is covered
            // unless a cadence merged late into a table row.
            if ahead.seen.from.is_none() {
                let before = computed_on - Days::new(30);
                let seen = ahead.as_seen_on(before);
                prop_assert!(seen.is_some());
                prop_assert_eq!(seen.and_then(|s| difference(&s, &compute(&inputs(before)))), None);
            }
        }
    }
}

/// A special-guardianship primary closed, an adoption contingency left:
/// the contingency follows the reviews (rules version 5).
fn without_a_primary() -> Case {
    let start = d(2026, 1, 5);
    let mut case = Case::new("special-guardianship", start, Stage::LookedAfter)
        .event(Event::LookedAfter, d(2025, 12, 1))
        .event(Event::CaseReview, d(2025, 12, 30));
    case.plans[0].0.status = PlanStatus::Closed;
    case.plans.push((
        plan(2, "adoption", PlanRole::Contingency, start, Stage::LookedAfter),
        pathway("adoption"),
    ));
    case
}

/// Stored timelines carry [`RULES_VERSION`] in their fingerprint, so a
/// change to the rules must change it, or what is stored stays as the
/// old rules made it. This pins what the rules give for a few cases.
#[test]
fn the_rules_give_what_their_version_says() {
    use sha2::{Digest, Sha256};
    let cases = [
        Case::new("adoption", d(2025, 1, 6), Stage::Proceedings)
            .event(Event::LookedAfter, d(2025, 1, 6))
            .event(Event::Issue, d(2025, 2, 3))
            .event(Event::Placement, d(2025, 9, 1)),
        Case::new("permanent-fostering", d(2024, 6, 3), Stage::LookedAfter)
            .event(Event::LookedAfter, d(2024, 6, 3))
            .event(Event::Placement, d(2024, 7, 1)),
        Case::new("pre-proceedings", d(2026, 8, 3), Stage::PreProceedings),
        Case::new("supervision-order", d(2026, 3, 2), Stage::LookedAfter)
            .event(Event::OrderMade, d(2026, 3, 2)),
        without_a_primary(),
        // Rules version 6: no review or visit after the SGO.
        Case::new("special-guardianship", d(2025, 6, 2), Stage::LookedAfter)
            .event(Event::LookedAfter, d(2025, 6, 2))
            .event(Event::Placement, d(2025, 6, 2))
            .event(Event::SpecialGuardianshipOrder, d(2026, 3, 2)),
        // Rules version 7: back in care after an SGO, reviews from the
        // return and visits from the placement since; version 8: each
        // period counts only the reviews and visits held in it.
        Case::new("permanent-fostering", d(2024, 6, 3), Stage::LookedAfter)
            .event(Event::LookedAfter, d(2024, 6, 3))
            .event(Event::Placement, d(2024, 6, 3))
            .event(Event::SpecialGuardianshipOrder, d(2025, 1, 6))
            .event(Event::InterimCareOrder, d(2026, 5, 4))
            .event(Event::Placement, d(2026, 5, 6)),
        // Rules version 9: back in care twice, every period followed, and
        // (with version 10, who sets each deadline, the law or a policy)
        // an ended period says when its chain next changes too.
        Case::new("permanent-fostering", d(2022, 6, 6), Stage::LookedAfter)
            .event(Event::LookedAfter, d(2022, 6, 6))
            .event(Event::SpecialGuardianshipOrder, d(2023, 1, 9))
            .event(Event::LookedAfter, d(2024, 3, 4))
            .event(Event::ChildArrangementsOrder, d(2025, 2, 3))
            .event(Event::InterimCareOrder, d(2026, 4, 6))
            .event(Event::Placement, d(2026, 4, 7)),
    ];
    let mut hash = Sha256::new();
    for case in &cases {
        // Not-needed marks are put on after the rules (`not_needed::apply`)
        // and no rule sets one, so the field is left out: the digest is
        // the rules' alone, and stored timelines need no working out again.
        let debug = format!("{:?}", case.timeline(d(2026, 12, 2))).replace(", not_needed: None", "");
        hash.update(debug.as_bytes());
    }
    let digest: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        (RULES_VERSION, digest.as_str()),
        (11, "0ba39b8133b01613"),
        "the timeline rules give something new: add one to RULES_VERSION and pin the new digest here"
    );
}

/// The rules that read a plan's own history, in a file of their own
/// (named tests.rs, as test files are here).
#[path = "history/tests.rs"]
mod history;

#[test]
fn a_breakdown_by_role_is_not_a_track_of_its_own() {
    let start = d(2026, 1, 5);
    let main = plan(1, "adoption", PlanRole::Primary, start, Stage::Proceedings);
    let tasks = plan(
        2,
        "adoption-tasks",
        PlanRole::Contingency,
        start,
        Stage::Proceedings,
    );
    let (adoption, breakdown) = (pathway("adoption"), pathway("adoption-tasks"));
    assert_eq!(
        cadence::tracks([(&main, Some(&adoption)), (&tasks, Some(&breakdown))]),
        1
    );
    assert_eq!(
        cadence::tracks([(&main, Some(&adoption)), (&tasks, Some(&adoption))]),
        2
    );
    let mut closed = tasks.clone();
    closed.status = PlanStatus::Closed;
    assert_eq!(
        cadence::tracks([(&main, Some(&adoption)), (&closed, Some(&adoption))]),
        1
    );
}

/// Which plan follows the child's reviews, visits and PPMs, and when
/// none falls due: in a file of their own.
#[path = "carrier_tests.rs"]
mod carrier;

#[path = "set_by_tests.rs"]
mod set_by;
