//! Tasks due before a plan's record began ("not known"). A plan brought in
//! with its history (an SSDA903 import's plans) starts years before the
//! day it was imported, and the return records only some of what happened
//! (becoming looked after, legal statuses, placements, case reviews, the
//! adoption decision and match, the order that ended care): not the PPMs,
//! visits and tasks of Warrington's tables. Shown as overdue, every one of
//! those would be a wrong date stated confidently, and would bury the real
//! overdue items of the caseload. So, the rule (this product's own, said in
//! each such item's rule):
//!
//! 1. An item of a plan whose record began on day R (`PlanBasis::
//!    record_from`) is **not known** when it is not done, applies and
//!    falls due (its target, or its deadline if earlier) before R. Even an
//!    event the return can hold (a case review, a placement) is not taken
//!    as missed because the files lack it: the tables that hold them are
//!    optional (`Reviews`), or partial (`AD1` holds only children
//!    adopted; the import records a placement only for adoption), so their silence does not
//!    say it did not happen.
//! 2. Not known is not open: it is not overdue, not in what next, the
//!    overdue report, the trackers or the calendar. Marking it done (with
//!    the day it was done) makes it done, as for any item.
//! 3. An item due on or after R is judged as any other: from the day the
//!    record began, the team has it in front of them.

use super::{Status, TimelineItem};
use crate::date::uk;
use crate::plan::Plan;
use crate::words::words;

/// Marks the plan's items due before its record began as not known (rule
/// 1), saying why in each one's rule.
pub(super) fn apply(plan: &Plan, items: &mut [TimelineItem]) {
    let Some(record_from) = plan.basis.record_from else {
        return;
    };
    for item in items.iter_mut() {
        if not_known(item, record_from) {
            item.status = Status::NotKnown;
            item.rule = words!(
                "{}; not known: due before this plan's record began on {} (imported from the SSDA903 return, which does not show it done; this program's rule): mark it done, with the day, if it was done",
                item.rule,
                uk(record_from)
            );
        }
    }
}

fn not_known(item: &TimelineItem, record_from: chrono::NaiveDate) -> bool {
    let due = match (item.target, item.deadline) {
        (Some(t), Some(d)) => Some(t.min(d)),
        (t, d) => t.or(d),
    };
    item.done_on.is_none() && item.status.is_open() && due.is_some_and(|due| due < record_from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Event;
    use crate::plan::{PlanBasis, PlanId, PlanRole, PlanStatus, Stage};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn plan(basis: PlanBasis) -> Plan {
        Plan {
            id: PlanId(1),
            pathway: "adoption".into(),
            role: PlanRole::Primary,
            start: day(2019, 4, 1),
            stage: Stage::LookedAfter,
            status: PlanStatus::Active,
            basis,
        }
    }

    fn item(key: &str, target: NaiveDate, status: Status, occurrence: Option<Event>) -> TimelineItem {
        let mut item = TimelineItem::task(key, Some(target), None);
        item.status = status;
        item.occurrence = occurrence;
        item.rule = "week 2".into();
        item
    }

    #[test]
    fn only_open_items_due_before_the_record_are_not_known() {
        let imported = plan(PlanBasis::ssda903(day(2026, 12, 7)));
        let mut items = vec![
            item("task", day(2019, 4, 12), Status::Overdue, None),
            item("ppm", day(2019, 4, 19), Status::Breached, Some(Event::Ppm)),
            item(
                "review",
                day(2019, 4, 26),
                Status::Breached,
                Some(Event::CaseReview),
            ),
            item("later", day(2026, 12, 8), Status::DueSoon, None),
            item("the-day", day(2026, 12, 7), Status::Open, None),
            item("n/a", day(2019, 5, 1), Status::NotApplicable, None),
            {
                let mut done = item("done", day(2019, 5, 1), Status::Done, None);
                done.done_on = Some(day(2019, 5, 1));
                done
            },
        ];
        apply(&imported, &mut items);
        let statuses: Vec<_> = items.iter().map(|i| (i.key.as_str(), i.status)).collect();
        assert_eq!(
            statuses,
            [
                ("task", Status::NotKnown),
                ("ppm", Status::NotKnown),
                // The files' silence does not say it was missed.
                ("review", Status::NotKnown),
                ("later", Status::DueSoon),
                ("the-day", Status::Open),
                ("n/a", Status::NotApplicable),
                ("done", Status::Done),
            ]
        );
        assert!(
            items[0]
                .rule
                .starts_with("week 2; not known: due before this plan's record began on 07/12/2026")
        );
        assert!(items[0].rule.contains("this program's rule"));
    }

    #[test]
    fn a_deadline_before_the_record_makes_an_item_not_known_though_its_target_is_after() {
        let imported = plan(PlanBasis::ssda903(day(2026, 12, 7)));
        let mut late = item("task", day(2026, 12, 20), Status::Breached, None);
        late.deadline = Some(day(2026, 12, 1));
        let mut items = vec![late];
        apply(&imported, &mut items);
        assert_eq!(items[0].status, Status::NotKnown);
    }

    #[test]
    fn a_plan_in_the_record_from_its_start_is_left_alone() {
        let mut items = vec![item("task", day(2019, 4, 12), Status::Overdue, None)];
        apply(&plan(PlanBasis::default()), &mut items);
        assert_eq!(items[0].status, Status::Overdue);
        assert_eq!(items[0].rule, "week 2");
    }
}
