use super::*;
use crate::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
use crate::timeline::{PlanTimeline, Status};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn item(key: &str, target: Option<NaiveDate>, deadline: Option<NaiveDate>, status: Status) -> TimelineItem {
    TimelineItem {
        responsible: Some("SW".into()),
        status,
        ..TimelineItem::task(key, target, deadline)
    }
}

/// The item with its deadline set by law.
fn law(item: TimelineItem) -> TimelineItem {
    TimelineItem {
        deadline_by: Some(SetBy::Law),
        ..item
    }
}

fn timeline(items: Vec<TimelineItem>) -> Timeline {
    Timeline {
        as_of: day(20),
        plans: vec![PlanTimeline {
            plan: Plan {
                id: PlanId(1),
                pathway: "adoption".into(),
                role: PlanRole::Primary,
                start: day(1),
                stage: Stage::Proceedings,
                status: PlanStatus::Active,
                basis: Default::default(),
            },
            title: Some("Adoption".into()),
            items,
        }],
        seen: Default::default(),
    }
}

fn keys(report: &Report) -> Vec<String> {
    report
        .rows
        .iter()
        .map(|r| match &r[4] {
            Cell::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn overdue_is_any_date_before_the_day_and_never_done_items() {
    let t = timeline(vec![
        item("target-passed", Some(day(19)), Some(day(30)), Status::Overdue),
        item("deadline-passed", Some(day(25)), Some(day(10)), Status::Breached),
        item("due-today", Some(day(20)), None, Status::DueSoon),
        item("done", Some(day(1)), None, Status::Done),
        item("not-applicable", Some(day(1)), None, Status::NotApplicable),
    ]);
    let children = [ChildTimeline {
        reference: "C1",
        name: "A Child".into(),
        timeline: &t,
    }];
    let report = overdue(&children, day(20), |r| (r == "C1").then_some("Sam Worker"));
    assert_eq!(
        keys(&report),
        vec!["deadline-passed", "target-passed"],
        "longest overdue first"
    );
    assert_eq!(report.rows[0][0], Cell::text("C1"));
    assert_eq!(
        report.rows[0][2],
        Cell::text("Sam Worker"),
        "the worker follows the child"
    );
    assert_eq!(report.rows[0][3], Cell::text("Adoption (primary)"));
    assert_eq!(
        report.columns.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ITEM_COLUMNS.map(|(k, _)| k)
    );
}

#[test]
fn due_within_includes_both_ends_of_the_window() {
    let t = timeline(vec![
        item("today", Some(day(20)), None, Status::DueSoon),
        item("last-day", None, Some(day(27)), Status::Open),
        item("day-after", Some(day(28)), None, Status::Open),
        item("yesterday", Some(day(19)), None, Status::Overdue),
    ]);
    let children = [ChildTimeline {
        reference: "C1",
        name: "A Child".into(),
        timeline: &t,
    }];
    assert_eq!(
        keys(&due_within(&children, day(20), 7, |_| None)),
        vec!["today", "last-day"]
    );
}

#[test]
fn windows_are_days_or_weeks() {
    assert_eq!(parse_window("14d"), Ok(14));
    assert_eq!(parse_window("2w"), Ok(14));
    assert_eq!(parse_window("30"), Ok(30));
    assert!(parse_window("fortnight").unwrap_err().contains("14d"));
    assert!(parse_window("-3d").is_err());
}

#[test]
fn what_next_puts_passed_deadlines_before_passed_targets_before_what_is_coming() {
    let t = timeline(vec![
        item("target-coming", Some(day(25)), None, Status::Open),
        item("target-passed-long-ago", Some(day(2)), None, Status::Overdue),
        law(item(
            "deadline-coming",
            Some(day(27)),
            Some(day(26)),
            Status::Open,
        )),
        law(item(
            "deadline-passed",
            Some(day(1)),
            Some(day(18)),
            Status::Breached,
        )),
        item("waiting", None, None, Status::Open),
        item("target-passed", Some(day(19)), None, Status::Overdue),
        item("done", Some(day(1)), Some(day(1)), Status::Done),
    ]);
    let children = [ChildTimeline {
        reference: "C1",
        name: "A Child".into(),
        timeline: &t,
    }];
    let ranked = what_next(&children, day(20));
    let order: Vec<&str> = ranked.iter().map(|r| r.item.as_str()).collect();
    assert_eq!(
        order,
        [
            "deadline-passed",
            "target-passed-long-ago",
            "target-passed",
            "deadline-coming",
            "target-coming",
            "waiting"
        ]
    );
    assert_eq!(ranked[0].why, "statutory deadline passed 2 days ago (18/11/2026)");
    assert_eq!(
        ranked[2].why,
        "good-practice target passed yesterday (19/11/2026)"
    );
    assert_eq!(ranked[3].why, "statutory deadline in 6 days (26/11/2026)");
    assert!(ranked[0].statutory && ranked[0].deadline_passed);
    assert!(ranked[3].statutory && !ranked[3].deadline_passed);
}

/// A deadline the authority's policy sets (a PPM's) is ranked as a
/// deadline, but called a policy deadline and never statutory; one whose
/// setter is not known is called a deadline, nothing more.
#[test]
fn what_next_calls_only_the_laws_deadlines_statutory() {
    let policy = |key: &str, deadline: NaiveDate| TimelineItem {
        deadline_by: Some(SetBy::Policy),
        ..item(key, None, Some(deadline), Status::Open)
    };
    let t = timeline(vec![
        policy("ppm-passed", day(17)),
        policy("ppm-coming", day(23)),
        item("unknown-passed", None, Some(day(16)), Status::Breached),
        item("target-passed", Some(day(2)), None, Status::Overdue),
    ]);
    let children = [ChildTimeline {
        reference: "C1",
        name: "A Child".into(),
        timeline: &t,
    }];
    let ranked = what_next(&children, day(20));
    let said: Vec<(&str, &str, bool, bool)> = ranked
        .iter()
        .map(|r| (r.item.as_str(), r.why.as_str(), r.statutory, r.deadline_passed))
        .collect();
    assert_eq!(
        said,
        [
            (
                "unknown-passed",
                "deadline passed 4 days ago (16/11/2026)",
                false,
                true
            ),
            (
                "ppm-passed",
                "policy deadline passed 3 days ago (17/11/2026)",
                false,
                true
            ),
            (
                "target-passed",
                "good-practice target passed 18 days ago (02/11/2026)",
                false,
                false
            ),
            (
                "ppm-coming",
                "policy deadline in 3 days (23/11/2026)",
                false,
                false
            ),
        ]
    );
}

#[test]
fn a_deadline_on_or_before_its_target_is_a_deadline_coming() {
    let on = day(20);
    let class = |t: Option<u32>, d: Option<u32>| NextClass::of(t.map(day), d.map(day), on);
    assert_eq!(class(Some(25), Some(25)), NextClass::DeadlineComing);
    assert_eq!(class(Some(25), Some(24)), NextClass::DeadlineComing);
    assert_eq!(class(Some(24), Some(25)), NextClass::TargetComing);
    assert_eq!(
        class(None, Some(20)),
        NextClass::DeadlineComing,
        "due today is coming"
    );
    assert_eq!(class(Some(19), Some(25)), NextClass::TargetPassed);
    assert_eq!(class(Some(19), Some(19)), NextClass::DeadlinePassed);
    assert_eq!(class(Some(25), Some(19)), NextClass::DeadlinePassed);
    assert_eq!(class(None, None), NextClass::Waiting);
    assert_eq!(
        NextClass::TargetPassed.date(Some(day(3)), Some(day(25))),
        Some(day(3))
    );
    assert_eq!(
        NextClass::DeadlineComing.date(Some(day(30)), Some(day(25))),
        Some(day(25))
    );
    assert_eq!(NextClass::Waiting.date(None, None), None);
    assert_eq!(
        NextClass::DeadlinePassed.why(Some(day(19)), "", Some(SetBy::Law), on),
        "statutory deadline passed yesterday (19/11/2026)"
    );
    assert_eq!(
        NextClass::DeadlineComing.why(Some(day(22)), "", Some(SetBy::Policy), on),
        "policy deadline in 2 days (22/11/2026)"
    );
    assert_eq!(
        NextClass::Waiting.why(None, "after the panel", None, on),
        "waiting: after the panel"
    );
}

mod classes {
    use super::*;
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = Option<NaiveDate>> {
        proptest::option::of((-400i64..400).prop_map(|n| day(20) + chrono::Duration::days(n)))
    }

    proptest! {
        /// Each class read in its order (its date, then the child's
        /// reference, then timeline order) and the classes put one after
        /// another give exactly `what_next`'s list.
        #[test]
        fn the_classes_in_order_are_the_ranked_list(
            children in proptest::collection::vec(proptest::collection::vec((date(), date()), 0..8), 1..8)
        ) {
            let on = day(20);
            let timelines: Vec<Timeline> = children
                .iter()
                .map(|items| {
                    timeline(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, (t, d))| item(&format!("k{i}"), *t, *d, Status::Open))
                            .collect(),
                    )
                })
                .collect();
            // References out of the children's order, so the tie-break shows.
            let refs: Vec<String> = (0..timelines.len()).map(|i| format!("R{}", (i * 5) % 7)).collect();
            let list: Vec<ChildTimeline<'_>> = timelines
                .iter()
                .zip(&refs)
                .map(|(t, r)| ChildTimeline { reference: r, name: String::new(), timeline: t })
                .collect();
            let ranked: Vec<(String, String)> = what_next(&list, on)
                .into_iter()
                .map(|n| (n.reference, n.key))
                .collect();
            let mut merged = Vec::new();
            for class in NextClass::ALL {
                let mut found: Vec<(Option<NaiveDate>, &str, usize, String)> = Vec::new();
                for child in &list {
                    for (at, i) in child.timeline.plans[0].items.iter().enumerate() {
                        if NextClass::of(i.target, i.deadline, on) == class {
                            found.push((class.date(i.target, i.deadline), child.reference, at, i.key.clone()));
                        }
                    }
                }
                found.sort();
                merged.extend(found.into_iter().map(|(_, r, _, k)| (r.to_string(), k)));
            }
            prop_assert_eq!(ranked, merged);
        }
    }
}
