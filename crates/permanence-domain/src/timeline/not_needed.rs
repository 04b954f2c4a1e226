//! Items a plan will not do, said so with a reason and kept ("not
//! needed"): a second viability assessment where the first ruled the
//! carer out, say. Such an item is [`Status::NotApplicable`], shows the
//! reason, who said so and when in its rule, and no longer counts as
//! overdue anywhere (every summary, report and list reads statuses).
//!
//! The rules, in one place:
//! 1. A required item cannot be marked not needed: one with a deadline
//!    (a limit set by law or by the authority's policy), one whose
//!    deadline is not dated yet, or an occurrence of a clock that runs
//!    for every looked-after child (a case review, a statutory visit, a
//!    PPM), recurring ones included. A worker cannot waive a statutory
//!    duty, nor a requirement of the authority's policy (a PPM is
//!    Warrington's, section 8, not the law's): the refusal says which.
//! 2. A recurring task's occurrences are marked one at a time, by key.
//! 3. An item already done (by hand or by its event) is done, not "not
//!    needed"; a done mark recorded later wins over a not-needed one.
//! 4. Marking an item not needed moves no date: it is applied after the
//!    timeline is worked out, and an item counted from it keeps counting
//!    from its planned date, as it did while it was open.

use super::{Status, Timeline, TimelineItem};
use crate::cadence;
use crate::date::uk;
use crate::event::Event;
use crate::plan::PlanId;
use crate::set_by::SetBy;
use crate::words::words;
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
    Statutory { title: String, why: String },
    #[error(
        "{title} is required by the authority's policy ({why}), not by law: a worker cannot waive a policy requirement, so it cannot be marked not needed; record it when it is done"
    )]
    Policy { title: String, why: String },
    #[error(
        "{title} has a deadline ({why}): a worker cannot waive it, so it cannot be marked not needed; record it when it is done"
    )]
    Deadline { title: String, why: String },
    #[error("{title} is already done on {}: it cannot be marked not needed", uk(*.on))]
    Done { title: String, on: NaiveDate },
    #[error("{title} is already marked not needed")]
    Already { title: String },
    #[error("{title} does not apply to this plan already: there is nothing to mark")]
    DoesNotApply { title: String },
}

/// Why an item cannot be waived (rule 1): who requires it, and why, in
/// words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// `None`: a deadline whose setter is not known, called neither.
    pub by: Option<SetBy>,
    pub why: String,
}

/// The events whose every occurrence is a clock's that runs for every
/// looked-after child (rule 1), and who requires them: reviews and visits
/// the law, PPMs the authority's policy (as the cadence declares).
fn required_event(event: Event) -> Option<(SetBy, String)> {
    match event {
        Event::CaseReview => Some((SetBy::Law, "a case review".into())),
        Event::Visit => Some((SetBy::Law, "a statutory visit".into())),
        Event::Ppm => Some((
            cadence::PPMS.by,
            format!(
                "a Permanence Planning Meeting, which {} requires",
                cadence::PPMS.words
            ),
        )),
        _ => None,
    }
}

/// Whether the item cannot be waived (rule 1), by whose rule and why.
pub fn required(item: &TimelineItem) -> Option<Required> {
    if let Some((by, why)) = item.occurrence.and_then(required_event) {
        return Some(Required { by: Some(by), why });
    }
    if item.deadline.is_some() || item.deadline_by.is_some() || item.rule.starts_with("deadline") {
        let by = item.deadline_by;
        let why = match by {
            Some(SetBy::Law) => "it has a deadline set by law",
            Some(SetBy::Policy) => "it has a deadline set by the authority's policy",
            // Who sets it unknown: never more than what is known.
            None => "set by law or policy",
        };
        return Some(Required { by, why: why.into() });
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
    if let Some(Required { by, why }) = required(item) {
        return Some(match by {
            Some(SetBy::Law) => Refusal::Statutory { title, why },
            Some(SetBy::Policy) => Refusal::Policy { title, why },
            None => Refusal::Deadline { title, why },
        });
    }
    if item.status == Status::NotApplicable {
        return Some(Refusal::DoesNotApply { title });
    }
    None
}

/// Puts the marks on the timeline's items: each item marked and not done
/// becomes not applicable, with the mark and its words in its rule. A
/// mark on a required item (one recorded before the item became
/// required, or written by hand) is not honoured: the item stays open.
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
            if item.done_on.is_some() || required(item).is_some() {
                continue;
            }
            item.status = Status::NotApplicable;
            item.rule = words!("{}; {}", mark.says(), item.rule);
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
                    basis: Default::default(),
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
            deadline_by: Some(SetBy::Law),
            ..overdue("proceedings-concluded")
        };
        let undated = TimelineItem {
            deadline_by: Some(SetBy::Law),
            rule: "deadline: waiting for the issue of care proceedings to be recorded".into(),
            ..overdue("undated")
        };
        for item in [&review, &deadline, &undated] {
            let refused = refusal(item).map(|r| r.to_string()).unwrap_or_default();
            assert!(refused.contains("cannot be waived by a worker"), "{refused}");
            assert!(refused.starts_with(item.title.trim_end_matches('.')), "{refused}");
        }
        // A deadline whose setter is not known is refused, called neither
        // statutory nor the policy's.
        let unknown = TimelineItem {
            deadline_by: None,
            ..undated.clone()
        };
        let refused = refusal(&unknown).map(|r| r.to_string()).unwrap_or_default();
        assert_eq!(
            refused,
            "undated has a deadline (set by law or policy): a worker cannot waive it, so it cannot be marked not needed; record it when it is done"
        );
        let mut t = timeline(vec![review.clone(), deadline.clone()]);
        apply(&mut t, &[mark("case-review-3"), mark("proceedings-concluded")]);
        assert!(t.plans[0].items.iter().all(|i| i.status == Status::Overdue));
    }

    /// A PPM, and a deadline the authority's policy sets, are refused as
    /// the policy's, naming whose rule, never as statutory.
    #[test]
    fn policy_items_are_refused_as_the_policys_not_the_laws() {
        let ppm = TimelineItem {
            title: "3rd Permanence Planning Meeting".into(),
            occurrence: Some(Event::Ppm),
            ..overdue("ppm-3")
        };
        let refused = refusal(&ppm).map(|r| r.to_string()).unwrap_or_default();
        assert_eq!(
            refused,
            "3rd Permanence Planning Meeting is required by the authority's policy (a Permanence Planning Meeting, which Warrington Securing Permanence, section 8 requires), not by law: a worker cannot waive a policy requirement, so it cannot be marked not needed; record it when it is done"
        );
        let policy = TimelineItem {
            deadline: Some(day(2026, 3, 1)),
            deadline_by: Some(SetBy::Policy),
            ..overdue("maximum-26-weeks")
        };
        let refused = refusal(&policy).map(|r| r.to_string()).unwrap_or_default();
        assert!(
            refused.contains("(it has a deadline set by the authority's policy), not by law"),
            "{refused}"
        );
        assert!(!refused.contains("statutory"), "{refused}");
        let law = TimelineItem {
            deadline_by: Some(SetBy::Law),
            ..policy.clone()
        };
        let refused = refusal(&law).map(|r| r.to_string()).unwrap_or_default();
        assert!(
            refused.contains("is statutory (it has a deadline set by law)"),
            "{refused}"
        );
        let mut t = timeline(vec![ppm, policy]);
        apply(&mut t, &[mark("ppm-3"), mark("maximum-26-weeks")]);
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
