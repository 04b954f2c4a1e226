//! Items a plan will not do, said so with a reason and kept ("not
//! needed"): a second viability assessment where the first ruled the
//! carer out, say. Such an item is [`Status::NotApplicable`], shows the
//! reason, who said so and when in its rule, and no longer counts as
//! overdue anywhere (every summary, report and list reads statuses).
//!
//! The rules, in one place:
//! 1. A statutory item cannot be marked not needed: one with a deadline
//!    (a limit set by law or policy), one whose deadline is not dated
//!    yet, or an occurrence of a clock that runs for every looked-after
//!    child (a case review, a statutory visit, a PPM), recurring ones
//!    included. A worker cannot waive a statutory duty.
//! 2. A recurring task's occurrences are marked one at a time, by key.
//! 3. An item already done (by hand or by its event) is done, not "not
//!    needed"; a done mark recorded later wins over a not-needed one.
//! 4. Marking an item not needed moves no date: it is applied after the
//!    timeline is worked out, and an item counted from it keeps counting
//!    from its planned date, as it did while it was open.

use super::{Status, Timeline, TimelineItem};
use crate::date::uk;
use crate::event::Event;
use crate::plan::PlanId;
use chrono::NaiveDate;

/// A not-needed mark in force (not withdrawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotNeeded {
    pub plan: PlanId,
    pub key: String,
    pub reason: String,
    /// The user who recorded it, as the audit trail names them.
    pub by: String,
    pub on: NaiveDate,
}

impl NotNeeded {
    /// "Not needed: <reason> (recorded by X on DD/MM/YYYY)".
    pub fn says(&self) -> String {
        format!(
            "Not needed: {} (recorded by {} on {})",
            self.reason,
            self.by,
            uk(self.on)
        )
    }
}

/// Why an item cannot be marked not needed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "{title} is statutory ({why}): a statutory duty cannot be waived by a worker, so it cannot be marked not needed; record it when it is done"
    )]
    Statutory { title: String, why: &'static str },
    #[error("{title} is already done on {}: it cannot be marked not needed", uk(*.on))]
    Done { title: String, on: NaiveDate },
    #[error("{title} is already marked not needed")]
    Already { title: String },
    #[error("{title} does not apply to this plan already: there is nothing to mark")]
    DoesNotApply { title: String },
}

/// The events whose every occurrence is a statutory clock's (rule 1).
fn statutory_event(event: Event) -> Option<&'static str> {
    match event {
        Event::CaseReview => Some("a case review"),
        Event::Visit => Some("a statutory visit"),
        Event::Ppm => Some("a Permanence Planning Meeting"),
        _ => None,
    }
}

/// Whether the item is statutory (rule 1), and why, in words.
pub fn statutory(item: &TimelineItem) -> Option<&'static str> {
    if let Some(why) = item.occurrence.and_then(statutory_event) {
        return Some(why);
    }
    if item.deadline.is_some() || item.rule.starts_with("deadline") {
        return Some("it has a deadline set by law or policy");
    }
    None
}

/// Whether the item can be marked not needed, as it is now.
pub fn refusal(item: &TimelineItem) -> Option<Refusal> {
    let title = item.title.trim_end_matches('.').to_string();
    if let Some(on) = item.done_on {
        return Some(Refusal::Done { title, on });
    }
    if item.not_needed.is_some() {
        return Some(Refusal::Already { title });
    }
    if let Some(why) = statutory(item) {
        return Some(Refusal::Statutory { title, why });
    }
    if item.status == Status::NotApplicable {
        return Some(Refusal::DoesNotApply { title });
    }
    None
}

/// Puts the marks on the timeline's items: each item marked and not done
/// becomes not applicable, with the mark and its words in its rule. A
/// mark on a statutory item (one recorded before the item became
/// statutory, or written by hand) is not honoured: the item stays open.
pub fn apply(timeline: &mut Timeline, marks: &[NotNeeded]) {
    if marks.is_empty() {
        return;
    }
    for plan in &mut timeline.plans {
        let id = plan.plan.id;
        for item in &mut plan.items {
            let Some(mark) = marks.iter().find(|m| m.plan == id && m.key == item.key) else {
                continue;
            };
            if item.done_on.is_some() || statutory(item).is_some() {
                continue;
            }
            item.status = Status::NotApplicable;
            item.rule = format!("{}; {}", mark.says(), item.rule);
            item.not_needed = Some(mark.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Plan, PlanRole, PlanStatus, Stage};
    use crate::timeline::{PlanTimeline, Seen, Summary};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn timeline(items: Vec<TimelineItem>) -> Timeline {
        Timeline {
            as_of: day(2026, 6, 1),
            plans: vec![PlanTimeline {
                plan: Plan {
                    id: PlanId(1),
                    pathway: "sgo".into(),
                    role: PlanRole::Primary,
                    start: day(2026, 1, 5),
                    stage: Stage::PreProceedings,
                    status: PlanStatus::Active,
                },
                title: None,
                items,
            }],
            seen: Seen::default(),
        }
    }

    fn mark(key: &str) -> NotNeeded {
        NotNeeded {
            plan: PlanId(1),
            key: key.into(),
            reason: "the first assessment ruled the aunt out".into(),
            by: "sam".into(),
            on: day(2026, 5, 20),
        }
    }

    fn overdue(key: &str) -> TimelineItem {
        TimelineItem {
            status: Status::Overdue,
            rule: "target: end of week 4".into(),
            ..TimelineItem::task(key, Some(day(2026, 2, 1)), None)
        }
    }

    #[test]
    fn a_marked_item_is_not_applicable_with_its_reason_and_no_longer_overdue() {
        let mut t = timeline(vec![overdue("viability-2")]);
        assert_eq!(Summary::of(&t).overdue, 1);
        apply(&mut t, &[mark("viability-2")]);
        let item = &t.plans[0].items[0];
        assert_eq!(item.status, Status::NotApplicable);
        assert_eq!(
            item.rule,
            "Not needed: the first assessment ruled the aunt out (recorded by sam on 20/05/2026); target: end of week 4"
        );
        assert_eq!(item.target, Some(day(2026, 2, 1)), "no date moves");
        assert_eq!(Summary::of(&t).overdue, 0);
        assert_eq!(
            item.status_on(day(2027, 1, 1)),
            Status::NotApplicable,
            "on any later day"
        );
        assert_eq!(
            refusal(item),
            Some(Refusal::Already {
                title: "viability-2".into()
            })
        );
    }

    /// The overdue report and "what next" read statuses: a marked item is
    /// in neither.
    #[test]
    fn the_reports_and_what_next_leave_a_marked_item_out() {
        use crate::report::{self, ChildTimeline, what_next};
        let mut t = timeline(vec![overdue("viability-2"), overdue("cpr-started")]);
        apply(&mut t, &[mark("viability-2")]);
        let children = [ChildTimeline {
            reference: "C1",
            name: "A Child".into(),
            timeline: &t,
        }];
        let as_of = day(2026, 6, 1);
        assert_eq!(report::overdue(&children, as_of, |_| None).rows.len(), 1);
        let next: Vec<String> = what_next(&children, as_of).into_iter().map(|n| n.key).collect();
        assert_eq!(next, ["cpr-started"]);
    }

    #[test]
    fn statutory_items_are_refused_naming_them_and_never_marked() {
        let review = TimelineItem {
            occurrence: Some(Event::CaseReview),
            ..overdue("case-review-3")
        };
        let deadline = TimelineItem {
            title: "Proceedings concluded.".into(),
            deadline: Some(day(2026, 3, 1)),
            ..overdue("proceedings-concluded")
        };
        let undated = TimelineItem {
            rule: "deadline: waiting for the issue of care proceedings to be recorded".into(),
            ..overdue("undated")
        };
        for item in [&review, &deadline, &undated] {
            let refused = refusal(item).map(|r| r.to_string()).unwrap_or_default();
            assert!(refused.contains("cannot be waived by a worker"), "{refused}");
            assert!(refused.starts_with(item.title.trim_end_matches('.')), "{refused}");
        }
        let mut t = timeline(vec![review.clone(), deadline.clone()]);
        apply(&mut t, &[mark("case-review-3"), mark("proceedings-concluded")]);
        assert!(t.plans[0].items.iter().all(|i| i.status == Status::Overdue));
    }

    #[test]
    fn a_done_item_stays_done_and_is_refused() {
        let done = TimelineItem {
            status: Status::Done,
            done_on: Some(day(2026, 1, 30)),
            ..overdue("viability-2")
        };
        assert!(matches!(refusal(&done), Some(Refusal::Done { .. })));
        let mut t = timeline(vec![done]);
        apply(&mut t, &[mark("viability-2")]);
        assert_eq!(t.plans[0].items[0].status, Status::Done);
        assert_eq!(refusal(&overdue("other")), None, "an open task can be marked");
    }
}
