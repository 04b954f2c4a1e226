//! Recording what happened for a child, and putting a mistake right, the
//! same way from the app and the command line. A meeting, review or visit
//! that happened is one recorded event of the child, whatever recorded it:
//! marking an item done that is such an occurrence records the event, so
//! every plan and clock counts from it; a task keeps a plain done mark.
//! Any event or done mark can be corrected (another date) or withdrawn
//! (recorded in error), with a reason, and before anything is saved the
//! dates it would move are worked out with the change made in memory.

use crate::domain::child::ChildId;
use crate::domain::date::DateStyle;
use crate::domain::event::{Event, RecordedEvent};
use crate::domain::plan::{PlanId, PlanRole};
use crate::domain::timeline::moves::{Move, moves};
use crate::domain::timeline::{DoneRecord, Timeline, TimelineItem};
use crate::library::Library;
use crate::store::{Outcome, RecordRule, Store, StoreError, TimelineFacts, Writer};
use crate::timelines::timeline_from;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Why a change was refused; nothing was written. Each refusal of the
/// change itself names the rule that said no, with what its words need
/// (dates in the user's style); `Store` is the record failing to answer.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error(
        "this child has no active plan; start one with `permanence plan start` (or s on the Timeline tab)"
    )]
    NoActivePlan,
    /// The item is an occurrence of an event already recorded for it.
    #[error(
        "{item} is already held: {} was recorded on {}; to put that date right, correct it (c, or `permanence correct`)",
        .event.code(),
        .dates.show(*.held)
    )]
    AlreadyHeld {
        item: String,
        event: Event,
        held: NaiveDate,
        dates: DateStyle,
    },
    #[error(
        "{key} is already done on {}; to put that date right, correct it (c, or `permanence correct`), or take it back (u, or `permanence undo`); nothing was changed",
        .dates.show(*.on)
    )]
    AlreadyDone {
        key: String,
        on: NaiveDate,
        dates: DateStyle,
    },
    #[error("{key} is not marked done")]
    NotMarkedDone { key: String },
    #[error("{key} is not done yet: there is no date to correct")]
    NotDoneYet { key: String },
    /// A date no child's record can hold (before 1900): the domain's words.
    #[error("{0}")]
    Implausible(String),
    #[error("{} is in the future; record what has happened", .dates.show(*.on))]
    InFuture { on: NaiveDate, dates: DateStyle },
    /// No such event on that day; `on_record` holds the days it is on.
    #[error(
        "no {} is recorded on {} for this child ({})",
        .event.code(),
        .dates.show(*.on),
        recorded_on(.on_record, *.dates)
    )]
    NotRecorded {
        event: Event,
        on: NaiveDate,
        on_record: Vec<NaiveDate>,
        dates: DateStyle,
    },
    /// Appendix 10's age rule for a supervision order: its words.
    #[error("a supervision order cannot be recorded: {0}; nothing was recorded")]
    SupervisionOrder(String),
    #[error("{} is already recorded on {}: nothing to correct", .event.code(), .dates.show(*.on))]
    NothingToCorrect {
        event: Event,
        on: NaiveDate,
        dates: DateStyle,
    },
    /// A correction onto a day that already holds the same event.
    #[error(
        "{} is recorded on {} as well; withdraw the one on {} instead",
        .event.code(),
        .dates.show(*.to),
        .dates.show(*.from)
    )]
    RecordedOnBoth {
        event: Event,
        from: NaiveDate,
        to: NaiveDate,
        dates: DateStyle,
    },
    #[error("it is already marked done on {}: nothing to correct", .dates.show(*.on))]
    DoneAlreadyOn { on: NaiveDate, dates: DateStyle },
    /// No item of the child's plans has this key; `near` holds keys that
    /// share a word with it, for a "did you mean".
    #[error("no item {key:?} in this child's plans{}", did_you_mean(.near))]
    NoSuchItem { key: String, near: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One change to what happened for a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An event happened (a review held, a PPM met, an order made).
    Record {
        event: Event,
        on: NaiveDate,
        note: Option<String>,
    },
    /// A recorded event happened on another day.
    Correct {
        event: Event,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A recorded event was recorded in error.
    Withdraw { event: Event, on: NaiveDate },
    /// A task (not an event) was done.
    MarkDone {
        plan: PlanId,
        key: String,
        on: NaiveDate,
        note: Option<String>,
    },
    /// A task's done date was wrong.
    CorrectDone {
        plan: PlanId,
        key: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A task's done mark is taken back.
    Unmark { plan: PlanId, key: String },
}

impl Change {
    /// Whether the change puts a mistake right, which needs a reason.
    pub fn needs_reason(&self) -> bool {
        matches!(
            self,
            Change::Correct { .. } | Change::Withdraw { .. } | Change::CorrectDone { .. }
        )
    }

    /// The facts as they would be after the change: pure, nothing saved.
    pub fn apply(&self, facts: &TimelineFacts) -> TimelineFacts {
        let mut after = facts.clone();
        match self {
            Change::Record { event, on, .. } => {
                if !after.events.iter().any(|e| e.event == *event && e.on == *on) {
                    after.events.push(RecordedEvent {
                        event: *event,
                        on: *on,
                    });
                }
            }
            Change::Correct { event, from, to } => {
                after.events.retain(|e| !(e.event == *event && e.on == *from));
                after.events.push(RecordedEvent {
                    event: *event,
                    on: *to,
                });
            }
            Change::Withdraw { event, on } => after.events.retain(|e| !(e.event == *event && e.on == *on)),
            Change::MarkDone { plan, key, on, note } => {
                after.done.retain(|d| !(d.plan == *plan && d.key == *key));
                after.done.push(DoneRecord {
                    plan: *plan,
                    key: key.clone(),
                    on: *on,
                    note: note.clone(),
                });
            }
            Change::CorrectDone { plan, key, to, .. } => {
                for d in after.done.iter_mut().filter(|d| d.plan == *plan && d.key == *key) {
                    d.on = *to;
                }
            }
            Change::Unmark { plan, key } => after.done.retain(|d| !(d.plan == *plan && d.key == *key)),
        }
        after.events.sort_by_key(|e| e.on);
        after
    }

    /// What saving will do, in a sentence, before it is saved.
    pub fn says(&self, dates: DateStyle) -> String {
        match self {
            Change::Record { event, on, .. } => format!(
                "This records {} on {} for the child: every plan and clock counts from it.",
                event.label(),
                dates.show(*on)
            ),
            Change::Correct { event, from, to } => format!(
                "This corrects {} from {} to {}; the entry on {} is kept, marked corrected.",
                event.label(),
                dates.show(*from),
                dates.show(*to),
                dates.show(*from)
            ),
            Change::Withdraw { event, on } => format!(
                "This withdraws {} on {} as recorded in error: it is kept, marked withdrawn, and no longer counts.",
                event.label(),
                dates.show(*on)
            ),
            Change::MarkDone { on, .. } => format!(
                "This marks the task done on {}; it is a task, so no event is recorded.",
                dates.show(*on)
            ),
            Change::CorrectDone { from, to, .. } => format!(
                "This corrects the task's done date from {} to {}.",
                dates.show(*from),
                dates.show(*to)
            ),
            Change::Unmark { .. } => "This takes back the done mark: the task is open again.".to_string(),
        }
    }
}

/// What a change would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct Preview {
    /// [`Change::says`].
    pub says: String,
    /// What it does to the legal status ("Legal status changes: ICO → SGO
    /// (from 03/06/2026)", "No longer looked after from …"): the domain's
    /// rule, `legal_status::change_lines`.
    pub legal: Vec<String>,
    /// Every date that would move, in the order of the timeline after.
    pub moves: Vec<Move>,
    /// Another of the same event recorded close by: perhaps this is that
    /// one's date put right, which is a correction, not a second event.
    pub near: Option<(Event, NaiveDate)>,
    /// The timeline as it would be, as of today.
    pub after: Timeline,
}

impl Preview {
    /// What saving will do, first line the change, then what it does to
    /// the legal status, a line each.
    pub fn says_all(&self) -> String {
        std::iter::once(self.says.as_str())
            .chain(self.legal.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The moves in words, one a line ("3rd case review deadline:
    /// 09/06/2027 → 20/05/2027").
    pub fn move_lines(&self, dates: DateStyle) -> Vec<String> {
        self.moves.iter().map(|m| m.describe(dates)).collect()
    }
}

/// How close (in days) another recorded occurrence of the same event is
/// taken to be the same one recorded on the wrong day: statutory visits
/// may be days apart; reviews, meetings and decisions are weeks apart.
pub(crate) fn window(event: Event) -> i64 {
    match event {
        Event::Visit => 3,
        _ => 14,
    }
}

/// The item `key` in the child's timeline, primary plan first, or why not
/// (with the keys it may have meant).
pub fn find_item<'a>(
    timeline: &'a Timeline,
    key: &str,
) -> Result<(PlanId, &'a TimelineItem), CorrectionError> {
    let mut plans: Vec<_> = timeline.plans.iter().collect();
    plans.sort_by_key(|p| p.plan.role != PlanRole::Primary);
    for plan in &plans {
        if let Some(item) = plan.items.iter().find(|i| i.key == key) {
            return Ok((plan.plan.id, item));
        }
    }
    if timeline.plans.is_empty() {
        return Err(CorrectionError::NoActivePlan);
    }
    let words: Vec<&str> = key.split('-').filter(|w| w.len() > 2).collect();
    let mut near: Vec<&str> = timeline
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.key.as_str())
        .filter(|k| words.iter().any(|w| k.contains(w)))
        .collect();
    near.dedup();
    near.truncate(6);
    Err(CorrectionError::NoSuchItem {
        key: key.to_string(),
        near: near.into_iter().map(String::from).collect(),
    })
}

/// The days an event is on record, for a refusal: "none is recorded", or
/// "recorded on …".
fn recorded_on(on_record: &[NaiveDate], dates: DateStyle) -> String {
    if on_record.is_empty() {
        "none is recorded".to_string()
    } else {
        let shown: Vec<String> = on_record.iter().map(|on| dates.show(*on)).collect();
        format!("recorded on {}", shown.join(", "))
    }
}

fn did_you_mean(near: &[String]) -> String {
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

/// What marking an item done does: an occurrence of an event records
/// that event; a task gets a done mark.
pub fn done_change(
    plan: PlanId,
    item: &TimelineItem,
    on: NaiveDate,
    note: Option<String>,
    dates: DateStyle,
) -> Result<Change, CorrectionError> {
    if let Some((event, held)) = item.done_event {
        return Err(CorrectionError::AlreadyHeld {
            item: item.title.trim_end_matches('.').to_string(),
            event,
            held,
            dates,
        });
    }
    // Marking it again would move its date with no reason on the trail:
    // that is a correction, which asks for one.
    if let Some(done) = item.done_on {
        return Err(CorrectionError::AlreadyDone {
            key: item.key.clone(),
            on: done,
            dates,
        });
    }
    Ok(match item.occurrence {
        Some(event) => Change::Record { event, on, note },
        None => Change::MarkDone {
            plan,
            key: item.key.clone(),
            on,
            note,
        },
    })
}

/// What taking an item's done back does: withdrawing the event that made
/// it done, or taking back a task's done mark.
pub fn undo_change(plan: PlanId, item: &TimelineItem) -> Result<Change, CorrectionError> {
    match (item.done_event, item.done_on) {
        (Some((event, on)), _) => Ok(Change::Withdraw { event, on }),
        (None, Some(_)) => Ok(Change::Unmark {
            plan,
            key: item.key.clone(),
        }),
        (None, None) => Err(CorrectionError::NotMarkedDone {
            key: item.key.clone(),
        }),
    }
}

/// What correcting an item's done date does: correcting the event that
/// made it done, or the task's done mark.
pub fn correct_change(plan: PlanId, item: &TimelineItem, to: NaiveDate) -> Result<Change, CorrectionError> {
    match (item.done_event, item.done_on) {
        (Some((event, from)), _) => Ok(Change::Correct { event, from, to }),
        (None, Some(from)) => Ok(Change::CorrectDone {
            plan,
            key: item.key.clone(),
            from,
            to,
        }),
        (None, None) => Err(CorrectionError::NotDoneYet {
            key: item.key.clone(),
        }),
    }
}

/// The rule that what has happened cannot be after today: the one place
/// it is written, asked by `check_date` and by the screen's date fields
/// before the change is worked out.
pub fn refuse_future(on: NaiveDate, today: NaiveDate, dates: DateStyle) -> Result<(), CorrectionError> {
    if on > today {
        return Err(CorrectionError::InFuture { on, dates });
    }
    Ok(())
}

/// Whether `on` can be the date of something that has happened to a
/// child: dates before 1900 (year 0001 was accepted) are refused with the
/// future. Every change's dates go through it, and so does a PPM record's
/// meeting, which counts as the PPM.
pub fn check_date(on: NaiveDate, today: NaiveDate, dates: DateStyle) -> Result<(), CorrectionError> {
    crate::domain::date::refuse_implausible(on, dates).map_err(CorrectionError::Implausible)?;
    refuse_future(on, today, dates)
}

/// Checks the change against the record and works out what it would do,
/// writing nothing.
pub fn preview(
    library: &Library,
    facts: &TimelineFacts,
    change: &Change,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<Preview, CorrectionError> {
    let future = |on: NaiveDate| check_date(on, today, dates);
    let recorded = |event: Event, on: NaiveDate| -> Result<(), CorrectionError> {
        if facts.events.iter().any(|e| e.event == event && e.on == on) {
            return Ok(());
        }
        let on_record = facts
            .events
            .iter()
            .filter(|e| e.event == event)
            .map(|e| e.on)
            .collect();
        Err(CorrectionError::NotRecorded {
            event,
            on,
            on_record,
            dates,
        })
    };
    let mut near = None;
    match change {
        Change::Record { event, on, .. } => {
            future(*on)?;
            if let Some(why) = supervision_refused(library, facts, *event, *on) {
                return Err(CorrectionError::SupervisionOrder(why));
            }
            near = facts
                .events
                .iter()
                .filter(|e| e.event == *event && e.on != *on)
                .find(|e| (e.on - *on).num_days().abs() <= window(*event))
                .map(|e| (e.event, e.on));
        }
        Change::Correct { event, from, to } => {
            recorded(*event, *from)?;
            future(*to)?;
            if from == to {
                return Err(CorrectionError::NothingToCorrect {
                    event: *event,
                    on: *to,
                    dates,
                });
            }
            if facts.events.iter().any(|e| e.event == *event && e.on == *to) {
                return Err(CorrectionError::RecordedOnBoth {
                    event: *event,
                    from: *from,
                    to: *to,
                    dates,
                });
            }
        }
        Change::Withdraw { event, on } => recorded(*event, *on)?,
        Change::MarkDone { on, .. } => future(*on)?,
        Change::CorrectDone { from, to, .. } => {
            future(*to)?;
            if from == to {
                return Err(CorrectionError::DoneAlreadyOn { on: *to, dates });
            }
        }
        Change::Unmark { .. } => {}
    }
    let after_facts = change.apply(facts);
    let (moves, after) = moves_between(library, facts, &after_facts, today);
    let legal = crate::domain::legal_status::change_lines(
        facts.child.legal_status,
        &facts.events,
        &after_facts.events,
        dates,
    );
    Ok(Preview {
        says: change.says(dates),
        legal,
        moves,
        near,
        after,
    })
}

/// Appendix 10's age rule, for an order made while the child's primary
/// plan is on a supervision-order pathway (the pathway file says which
/// pathways are): the seed's words, or `None` where the order may be made.
pub(crate) fn supervision_refused(
    library: &Library,
    facts: &TimelineFacts,
    event: Event,
    on: NaiveDate,
) -> Option<String> {
    if event != Event::OrderMade {
        return None;
    }
    let supervised = facts.plans.iter().any(|p| {
        p.role == PlanRole::Primary
            && p.status == crate::domain::plan::PlanStatus::Active
            && library.pathway(&p.pathway).is_some_and(|w| w.supervision_order)
    });
    if !supervised {
        return None;
    }
    crate::domain::supervision::order_refused(facts.child.date_of_birth, on)
}

/// The dates that differ between the timelines of two sets of facts.
///
/// A timeline follows a chain (reviews, PPMs) only to its first
/// occurrence after today, so both are followed as far as either reaches
/// today: the 3rd review a change brings into view is compared with its
/// date before ("09/06/2027 → 20/05/2027"), not shown as new, and one a
/// withdrawal takes out of view with its date after. Only items that are
/// in view today, before or after, are named. Public so that an import's
/// `--dry-run` can list what it would move the same way.
pub fn moves_between(
    library: &Library,
    before: &TimelineFacts,
    after: &TimelineFacts,
    today: NaiveDate,
) -> (Vec<Move>, Timeline) {
    let before_today = timeline_from(library, before, today);
    let after_today = timeline_from(library, after, today);
    let horizon = [&before_today, &after_today]
        .into_iter()
        .flat_map(|t| &t.plans)
        .flat_map(|p| &p.items)
        .flat_map(|i| [i.target, i.deadline, i.done_on])
        .flatten()
        .fold(today, NaiveDate::max);
    let in_view: HashSet<(PlanId, &str)> = [&before_today, &after_today]
        .into_iter()
        .flat_map(|t| &t.plans)
        .flat_map(|p| p.items.iter().map(move |i| (p.plan.id, i.key.as_str())))
        .collect();
    let moved = moves(
        &timeline_from(library, before, horizon),
        &timeline_from(library, after, horizon),
    )
    .into_iter()
    .filter(|m| in_view.contains(&(m.plan, m.key.as_str())))
    .collect();
    (moved, after_today)
}

/// Saves the change inside a write, with the reason where one is needed.
pub fn save_in(
    w: &mut Writer<'_>,
    child: ChildId,
    change: &Change,
    reason: Option<&str>,
) -> Result<Outcome, StoreError> {
    // Notes and reasons are typed text: cleaned of control characters and
    // held to a note's length here, where every way of saving meets.
    let typed = |field: &'static str, text: Option<&str>| -> Result<Option<String>, StoreError> {
        let Some(text) = text else { return Ok(None) };
        let text = crate::domain::sanitise::text_field(text, crate::domain::sanitise::Size::Text)
            .map_err(|problem| StoreError::Refused(RecordRule::TextTooLong { field, problem }))?;
        Ok((!text.is_empty()).then_some(text))
    };
    let reason = typed("reason", reason)?;
    let reason = reason.as_deref();
    let why = || reason.ok_or(StoreError::Refused(RecordRule::ReasonNeeded));
    match change {
        Change::Record { event, on, note } => {
            w.record_event_noted(child, *event, *on, typed("note", note.as_deref())?.as_deref())
        }
        Change::Correct { event, from, to } => w
            .correct_event(child, *event, *from, *to, why()?)
            .map(|()| Outcome::Updated),
        Change::Withdraw { event, on } => w
            .withdraw_event(child, *event, *on, why()?)
            .map(|()| Outcome::Updated),
        Change::MarkDone { plan, key, on, note } => {
            w.mark_done(*plan, key, *on, typed("note", note.as_deref())?.as_deref())
        }
        Change::CorrectDone { plan, key, to, .. } => {
            w.correct_done(*plan, key, *to, why()?).map(|()| Outcome::Updated)
        }
        Change::Unmark { plan, key } => match w.undo_done_because(*plan, key, reason)? {
            true => Ok(Outcome::Updated),
            false => Err(StoreError::Refused(RecordRule::NotMarkedDone {
                key: key.clone(),
            })),
        },
    }
}

/// The item a change was made on as the user saw it: its plan, its key,
/// and the date it was shown done on (`None`: not done).
pub type Seen = (PlanId, String, Option<NaiveDate>);

/// Saves the change in a write of its own: how every change here is
/// saved, from the screen and the command line alike. Given the item as
/// the user saw it (`seen`), a change to a task's done mark is refused (a
/// conflict, nothing written) where someone else marked, unmarked or
/// redated it since it was shown: checked in the same write, so nothing
/// can change in between. The screen passes what it drew (`d`, `c`, `u`); the
/// command line what it read (`done`, `undo`). An event recorded is
/// checked by [`holds`] instead (which item it holds is worked out from
/// the events), and one corrected or withdrawn must be on record as named.
pub fn save_as_seen(
    store: &mut Store,
    child: ChildId,
    change: &Change,
    reason: Option<&str>,
    seen: Option<&Seen>,
) -> Result<Outcome, StoreError> {
    store.write(|w| {
        if let Some((plan, key, done_on)) = seen
            && matches!(
                change,
                Change::MarkDone { .. } | Change::CorrectDone { .. } | Change::Unmark { .. }
            )
        {
            w.expect_done_state(*plan, key, *done_on)?;
        }
        save_in(w, child, change, reason)
    })
}

/// Whether the item the user marked done is held by the change: an
/// occurrence recorded before the earlier ones would hold an earlier
/// item instead (the 1st review, not the 2nd).
pub fn holds(preview: &Preview, plan: PlanId, key: &str) -> bool {
    preview
        .after
        .plans
        .iter()
        .filter(|p| p.plan.id == plan)
        .flat_map(|p| &p.items)
        .any(|i| i.key == key && i.done_on.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::child::{ChildFields, LegalStatus};
    use crate::domain::plan::Stage;
    use crate::domain::plan_import::PlanRow;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn task(key: &str) -> TimelineItem {
        TimelineItem::open(key, "CPR started.", None, None)
    }

    #[test]
    fn a_change_that_cannot_apply_to_the_item_names_its_rule_in_the_same_words() {
        let plan = PlanId(7);
        let item = task("cpr-started");
        let undo = undo_change(plan, &item).unwrap_err();
        assert!(matches!(&undo, CorrectionError::NotMarkedDone { key } if key == "cpr-started"));
        assert_eq!(undo.to_string(), "cpr-started is not marked done");
        let correct = correct_change(plan, &item, day(2026, 3, 4)).unwrap_err();
        assert!(matches!(&correct, CorrectionError::NotDoneYet { key } if key == "cpr-started"));
        assert_eq!(
            correct.to_string(),
            "cpr-started is not done yet: there is no date to correct"
        );
        let held = TimelineItem {
            done_event: Some((Event::CaseReview, day(2026, 3, 4))),
            ..task("review-1")
        };
        let done = done_change(plan, &held, day(2026, 3, 5), None, DateStyle::Iso).unwrap_err();
        assert!(matches!(
            done,
            CorrectionError::AlreadyHeld {
                event: Event::CaseReview,
                ..
            }
        ));
        assert_eq!(
            done.to_string(),
            "CPR started is already held: case-review was recorded on 2026-03-04; to put that date right, correct it (c, or `permanence correct`)"
        );
    }

    #[test]
    fn a_refused_date_is_said_in_the_users_style() {
        let dates = DateStyle::DayMonthYear;
        assert_eq!(
            CorrectionError::InFuture {
                on: day(2027, 1, 2),
                dates
            }
            .to_string(),
            "02/01/2027 is in the future; record what has happened"
        );
        let not_recorded = |on_record: Vec<NaiveDate>| {
            CorrectionError::NotRecorded {
                event: Event::CaseReview,
                on: day(2026, 3, 4),
                on_record,
                dates,
            }
            .to_string()
        };
        assert_eq!(
            not_recorded(Vec::new()),
            "no case-review is recorded on 04/03/2026 for this child (none is recorded)"
        );
        assert_eq!(
            not_recorded(vec![day(2026, 3, 1), day(2026, 3, 9)]),
            "no case-review is recorded on 04/03/2026 for this child (recorded on 01/03/2026, 09/03/2026)"
        );
        assert_eq!(
            CorrectionError::RecordedOnBoth {
                event: Event::CaseReview,
                from: day(2026, 3, 4),
                to: day(2026, 3, 5),
                dates
            }
            .to_string(),
            "case-review is recorded on 05/03/2026 as well; withdraw the one on 04/03/2026 instead"
        );
    }

    /// Amara on permanent fostering, and her Gateway application task as
    /// it is shown: not done.
    fn amara(store: &mut Store) -> (ChildId, Seen) {
        let child = ChildFields {
            reference: "A1".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            date_of_birth: Some(day(2022, 3, 1)),
            legal_status: LegalStatus::Co,
            looked_after_since: Some(day(2026, 8, 19)),
            ..ChildFields::default()
        };
        let id = store
            .write(|w| {
                w.put_child(&child)?;
                let id = w.child_id("A1")?.unwrap();
                let row = PlanRow {
                    line: 2,
                    reference: "A1".into(),
                    pathway: "permanent-fostering".into(),
                    role: PlanRole::Primary,
                    start: day(2026, 10, 14),
                    stage: Stage::LookedAfter,
                    basis: Default::default(),
                };
                w.put_plan(id, &row).map(|_| id)
            })
            .unwrap();
        let library = Library::load(None).unwrap();
        let timeline = crate::timelines::timeline_of(store, &library, id, day(2026, 12, 6)).unwrap();
        let (plan, item) = find_item(&timeline, "gateway-application").unwrap();
        assert_eq!(item.done_on, None);
        (id, (plan, item.key.clone(), item.done_on))
    }

    /// The screen's `d` and `permanence done` save through here: a task
    /// someone else marked done after it was shown is refused, theirs kept.
    #[test]
    fn a_task_marked_done_since_it_was_seen_is_refused_and_theirs_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("seen.db")).unwrap();
        let (child, seen) = amara(&mut store);
        let (plan, key, _) = seen.clone();
        let mark = |on| Change::MarkDone {
            plan,
            key: key.clone(),
            on,
            note: None,
        };
        store
            .write(|w| w.mark_done(plan, &key, day(2026, 12, 1), None))
            .unwrap();
        let refused = save_as_seen(&mut store, child, &mark(day(2026, 12, 3)), None, Some(&seen));
        assert!(
            matches!(&refused, Err(StoreError::Conflict(why)) if why.contains("marked this done on 01/12/2026")),
            "{refused:?}"
        );
        let now = store.write(|w| w.expect_done_state(plan, &key, Some(day(2026, 12, 1))));
        assert!(now.is_ok(), "their date is kept");
        // Seen as it is now, a change to it is made.
        let as_now = (plan, key.clone(), Some(day(2026, 12, 1)));
        let correct = Change::CorrectDone {
            plan,
            key: key.clone(),
            from: day(2026, 12, 1),
            to: day(2026, 12, 3),
        };
        let saved = save_as_seen(&mut store, child, &correct, Some("typo"), Some(&as_now));
        assert_eq!(saved.unwrap(), Outcome::Updated);
        // And one made on it as it was before is refused in turn.
        let stale = save_as_seen(
            &mut store,
            child,
            &Change::Unmark {
                plan,
                key: key.clone(),
            },
            None,
            Some(&as_now),
        );
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    }
}
