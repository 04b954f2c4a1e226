use super::*;
use crate::plan::PlanId;

fn on(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    on(2026, 11, 20)
}

fn next(reference: &str, item: &str, due: Option<NaiveDate>, statutory: bool) -> NextItem {
    NextItem {
        reference: reference.into(),
        name: format!("Child {reference}"),
        plan: "Adoption (primary)".into(),
        plan_id: PlanId(1),
        key: item.into(),
        item: item.into(),
        responsible: None,
        due,
        statutory,
        deadline_passed: false,
        why: String::new(),
    }
}

#[test]
fn the_six_month_edge_is_kept_and_a_day_more_is_forgotten() {
    assert!(!forgotten(Some(on(2026, 5, 20)), today()));
    assert!(forgotten(Some(on(2026, 5, 19)), today()));
    assert!(!forgotten(None, today()));
    assert!(!forgotten(Some(on(2026, 11, 19)), today()));
}

#[test]
fn items_group_by_child_in_the_order_of_each_childs_most_urgent_item() {
    let items = vec![
        next("B", "review", Some(on(2026, 11, 1)), true),
        next("A", "visit", Some(on(2026, 11, 10)), true),
        next("B", "ppm", Some(on(2026, 11, 25)), false),
        next("A", "tracking", None, false),
    ];
    let groups = group(&items, Focus::All, today());
    let shape: Vec<(&str, Vec<usize>)> = groups
        .iter()
        .map(|g| (g.reference.as_str(), g.items.clone()))
        .collect();
    assert_eq!(shape, [("B", vec![0, 2]), ("A", vec![1, 3])]);
    assert!(groups.iter().all(|g| g.forgotten.is_empty()));
    assert_eq!(groups[0].name, "Child B");
}

#[test]
fn each_focus_keeps_only_its_items() {
    let items = vec![
        next("A", "late statutory", Some(on(2026, 11, 19)), true),
        next("A", "late target", Some(on(2026, 11, 1)), false),
        next("A", "today", Some(today()), false),
        next("A", "in six days", Some(on(2026, 11, 26)), true),
        next("A", "in seven days", Some(on(2026, 11, 27)), false),
        next("A", "waiting", None, false),
    ];
    let kept = |focus| -> Vec<&str> {
        group(&items, focus, today())
            .iter()
            .flat_map(|g| g.items.iter().map(|&i| items[i].item.as_str()))
            .collect()
    };
    assert_eq!(kept(Focus::All).len(), 6);
    assert_eq!(kept(Focus::ThisWeek), ["today", "in six days"]);
    assert_eq!(kept(Focus::Overdue), ["late statutory", "late target"]);
    assert_eq!(kept(Focus::Statutory), ["late statutory", "in six days"]);
}

#[test]
fn long_forgotten_items_fold_apart_and_a_child_with_only_those_comes_last() {
    let items = vec![
        next("OLD", "Statutory visit", Some(on(2019, 3, 4)), true),
        next("OLD", "Statutory visit", Some(on(2019, 9, 4)), true),
        next("MIX", "Statutory visit", Some(on(2020, 1, 1)), true),
        next("NEW", "review", Some(on(2026, 11, 18)), true),
        next("MIX", "Placement plan", Some(on(2026, 11, 19)), true),
    ];
    let groups = group(&items, Focus::Overdue, today());
    let order: Vec<&str> = groups.iter().map(|g| g.reference.as_str()).collect();
    assert_eq!(order, ["NEW", "MIX", "OLD"]);
    let old = &groups[2];
    assert!(old.items.is_empty());
    assert_eq!(old.forgotten, [0, 1]);
    assert_eq!(old.forgotten_since(&items), Some(on(2019, 3, 4)));
    assert_eq!(old.forgotten_noun(&items), "visits");
    let mix = &groups[1];
    assert_eq!((mix.items.clone(), mix.forgotten.clone()), (vec![4], vec![2]));
    assert_eq!(mix.forgotten_noun(&items), "visit");
    // "This week" holds nothing that late, so nothing folds.
    assert!(group(&items, Focus::ThisWeek, today()).is_empty());
}

mod segments {
    use super::*;
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = Option<NaiveDate>> {
        proptest::option::of((-400i64..400).prop_map(|n| today() + chrono::Duration::days(n)))
    }

    proptest! {
        /// An item is in one of a focus's stretches of items still to be
        /// met exactly where the focus keeps it and it is not long
        /// forgotten, and in one of its forgotten stretches exactly where
        /// it keeps it and it is.
        #[test]
        fn a_focus_keeps_what_its_segments_hold(
            target in date(),
            deadline in date(),
            by in proptest::option::of(proptest::sample::select(vec![SetBy::Law, SetBy::Policy])),
        ) {
            let class = NextClass::of(target, deadline, today());
            let mut item = next("A", "visit", class.date(target, deadline), deadline.is_some());
            item.statutory = deadline.is_some() && by == Some(SetBy::Law);
            for focus in Focus::ALL {
                let (live, old) = focus.segments(today());
                let count = |s: &[Segment]| s.iter().filter(|s| s.holds(target, deadline, by, today())).count();
                let kept = focus.keeps(&item, today());
                let late = forgotten(item.due, today());
                prop_assert_eq!(count(&live), usize::from(kept && !late), "{:?}", focus);
                prop_assert_eq!(count(&old), usize::from(kept && late), "{:?}", focus);
            }
        }
    }
}
