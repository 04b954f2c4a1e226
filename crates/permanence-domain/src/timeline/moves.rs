//! Which dates a change moves: the timeline before a change and the one
//! it would give after, compared item by item, so that a dialog, a
//! `--dry-run` and an import can say "3rd case review deadline:
//! 09/06/2027 → 20/05/2027" before anything is saved.

use crate::date::DateStyle;
use crate::plan::PlanId;
use crate::timeline::{Timeline, TimelineItem};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Which of an item's dates moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Which {
    Target,
    Deadline,
    Done,
}

impl Which {
    pub fn word(self) -> &'static str {
        match self {
            Which::Target => "target",
            Which::Deadline => "deadline",
            Which::Done => "done",
        }
    }
}

/// One date that moves (or appears, or goes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub plan: PlanId,
    /// The plan it is on, as "adoption, contingency plan", where the
    /// child has more than one plan and the move is not the same on each.
    pub on_plan: Option<String>,
    pub key: String,
    pub title: String,
    pub which: Which,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Move {
    /// "3rd case review deadline: 09/06/2027 → 20/05/2027", with "none"
    /// for a date that appears or goes, and the plan in brackets after the
    /// date's name where the child has more than one.
    pub fn describe(&self, style: DateStyle) -> String {
        let day = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| style.show(d));
        let plan = self
            .on_plan
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        format!(
            "{} {}{plan}: {} \u{2192} {}",
            self.title.trim_end_matches('.'),
            self.which.word(),
            day(self.from),
            day(self.to)
        )
    }
}

/// Every date that differs between two timelines of the same child,
/// in the order of the `after` timeline (then items that went). A child
/// with more than one plan has the child's own dates (reviews, visits) on
/// each; a move that is the same on every plan is said once, and any
/// other is named with its plan, so that no line reads twice alike.
pub fn moves(before: &Timeline, after: &Timeline) -> Vec<Move> {
    let mut old: HashMap<(PlanId, &str), &TimelineItem> = HashMap::new();
    for plan in &before.plans {
        for item in &plan.items {
            old.insert((plan.plan.id, item.key.as_str()), item);
        }
    }
    let mut out = Vec::new();
    for plan in &after.plans {
        for item in &plan.items {
            let was = old.remove(&(plan.plan.id, item.key.as_str()));
            compare(plan.plan.id, was, Some(item), &mut out);
        }
    }
    let mut gone: Vec<_> = old.into_iter().collect();
    gone.sort_by_key(|((plan, key), item)| (*plan, item.target.or(item.deadline), key.to_string()));
    for ((plan, _), item) in gone {
        compare(plan, Some(item), None, &mut out);
    }
    name_plans(before, after, out)
}

/// Says each move once where it is alike on every plan, and names the
/// plan of every other where there is more than one.
fn name_plans(before: &Timeline, after: &Timeline, moved: Vec<Move>) -> Vec<Move> {
    let mut plans: Vec<(PlanId, String)> = Vec::new();
    for plan in before.plans.iter().chain(&after.plans) {
        if !plans.iter().any(|(id, _)| *id == plan.plan.id) {
            let name = plan.title.clone().unwrap_or_else(|| plan.plan.pathway.clone());
            plans.push((plan.plan.id, format!("{name}, {} plan", plan.plan.role.code())));
        }
    }
    if plans.len() < 2 {
        return moved;
    }
    let alike = |a: &Move, b: &Move| (&a.key, a.which, a.from, a.to) == (&b.key, b.which, b.from, b.to);
    let mut out: Vec<Move> = Vec::new();
    for m in &moved {
        if out.iter().any(|kept| kept.on_plan.is_none() && alike(kept, m)) {
            continue;
        }
        let on_every_plan = plans
            .iter()
            .all(|(id, _)| moved.iter().any(|other| other.plan == *id && alike(other, m)));
        let mut m = m.clone();
        if !on_every_plan {
            m.on_plan = plans
                .iter()
                .find(|(id, _)| *id == m.plan)
                .map(|(_, name)| name.clone());
        }
        out.push(m);
    }
    out
}

/// Target and deadline are one date (or the item is not there).
fn same_date(item: Option<&TimelineItem>) -> bool {
    item.is_none_or(|i| i.target == i.deadline)
}

fn compare(plan: PlanId, was: Option<&TimelineItem>, now: Option<&TimelineItem>, out: &mut Vec<Move>) {
    let Some(named) = now.or(was) else { return };
    for which in [Which::Target, Which::Deadline, Which::Done] {
        let date = |i: Option<&TimelineItem>| {
            i.and_then(|i| match which {
                Which::Target => i.target,
                Which::Deadline => i.deadline,
                Which::Done => i.done_on,
            })
        };
        let (from, to) = (date(was), date(now));
        // An item whose target and deadline are one date says it once.
        if which == Which::Target && same_date(was) && same_date(now) {
            continue;
        }
        if from != to {
            out.push(Move {
                plan,
                on_plan: None,
                key: named.key.clone(),
                title: named.title.clone(),
                which,
                from,
                to,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Plan, PlanRole, PlanStatus, Stage};
    use crate::timeline::{PlanTimeline, Seen};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn item(key: &str, target: Option<NaiveDate>, deadline: Option<NaiveDate>) -> TimelineItem {
        TimelineItem {
            title: format!("{key} title"),
            ..TimelineItem::task(key, target, deadline)
        }
    }

    fn timeline(items: Vec<TimelineItem>) -> Timeline {
        Timeline {
            as_of: day(2026, 12, 1),
            plans: vec![PlanTimeline {
                plan: Plan {
                    id: PlanId(1),
                    pathway: "adoption".into(),
                    role: PlanRole::Primary,
                    start: day(2026, 1, 5),
                    stage: Stage::LookedAfter,
                    status: PlanStatus::Active,
                    basis: Default::default(),
                },
                title: None,
                items,
            }],
            seen: Seen::default(),
        }
    }

    #[test]
    fn a_deadline_that_moves_is_named_once_with_both_dates() {
        let before = timeline(vec![item(
            "review-3",
            Some(day(2027, 6, 9)),
            Some(day(2027, 6, 9)),
        )]);
        let after = timeline(vec![item(
            "review-3",
            Some(day(2027, 5, 20)),
            Some(day(2027, 5, 20)),
        )]);
        let moved = moves(&before, &after);
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(
            moved[0].describe(DateStyle::default()),
            "review-3 title deadline: 09/06/2027 \u{2192} 20/05/2027"
        );
    }

    #[test]
    fn nothing_moves_between_equal_timelines_and_new_or_gone_items_are_named() {
        let a = timeline(vec![item("x", Some(day(2027, 1, 4)), None)]);
        assert!(moves(&a, &a).is_empty());
        let b = timeline(vec![
            item("x", Some(day(2027, 1, 4)), None),
            item("y", Some(day(2027, 2, 1)), None),
        ]);
        let appeared = moves(&a, &b);
        assert_eq!(appeared.len(), 1);
        assert_eq!((appeared[0].from, appeared[0].to), (None, Some(day(2027, 2, 1))));
        let gone = moves(&b, &a);
        assert_eq!((gone[0].key.as_str(), gone[0].to), ("y", None));
    }

    #[test]
    fn a_done_date_is_a_move_too() {
        let a = timeline(vec![item("x", Some(day(2027, 1, 4)), None)]);
        let mut done = item("x", Some(day(2027, 1, 4)), None);
        done.done_on = Some(day(2026, 11, 20));
        let b = timeline(vec![done]);
        let moved = moves(&a, &b);
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].which, Which::Done);
    }

    fn twin_track(primary: Vec<TimelineItem>, contingency: Vec<TimelineItem>) -> Timeline {
        let mut t = timeline(primary);
        let mut second = t.plans[0].clone();
        second.plan.id = PlanId(2);
        second.plan.pathway = "sgo".into();
        second.plan.role = PlanRole::Contingency;
        second.title = Some("Special Guardianship".into());
        second.items = contingency;
        t.plans.push(second);
        t
    }

    #[test]
    fn on_twin_track_a_move_alike_on_both_plans_is_said_once_and_others_name_their_plan() {
        let review = |d| item("review-3", Some(d), Some(d));
        let ppm = |d| item("ppm", Some(d), None);
        let before = twin_track(
            vec![review(day(2027, 6, 9)), ppm(day(2027, 1, 4))],
            vec![review(day(2027, 6, 9)), ppm(day(2027, 1, 4))],
        );
        let after = twin_track(
            vec![review(day(2027, 5, 20)), ppm(day(2027, 1, 11))],
            vec![review(day(2027, 5, 20)), ppm(day(2027, 1, 4))],
        );
        let said: Vec<String> = moves(&before, &after)
            .iter()
            .map(|m| m.describe(DateStyle::default()))
            .collect();
        assert_eq!(
            said,
            [
                "review-3 title deadline: 09/06/2027 \u{2192} 20/05/2027",
                "ppm title target (adoption, primary plan): 04/01/2027 \u{2192} 11/01/2027",
            ]
        );
    }
}
