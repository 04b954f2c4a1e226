//! The timeline's dialogs for what happened: marking an item done (which
//! records the event where the item is a meeting, review or visit),
//! recording an event, withdrawing one and correcting a date. Each says
//! what saving will do; once filled in, the dates the change would move
//! are worked out (by the event loop, which has the store) and shown for
//! the user to read before anything is saved.

use crate::action::Action;
use crate::app::{Effect, date_hint};
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, parse_day};
use crate::domain::event::Event;
use crate::domain::plan::PlanId;
use crate::domain::timeline::TimelineItem;
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::service::corrections::{self, Change, CorrectionError};
use chrono::NaiveDate;

/// A change worked out and waiting for the user to read what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub child: ChildId,
    pub change: Change,
    /// Why, for a correction or withdrawal.
    pub reason: Option<String>,
    /// The item the dialog was opened on, and its done date then: if
    /// someone else has changed the mark since, nothing is overwritten;
    /// and an event recorded from it must hold it.
    pub item: Option<(PlanId, String, Option<NaiveDate>)>,
    /// How many dates it moves, once worked out.
    pub moved: usize,
}

impl Pending {
    /// What the status line says once it is saved.
    pub fn saved(&self, dates: DateStyle) -> String {
        let done = match &self.change {
            Change::Record { event, on, .. } => format!("Recorded {} on {}", event.label(), dates.show(*on)),
            Change::Correct { to, .. } => format!("Corrected to {}", dates.show(*to)),
            Change::Withdraw { event, .. } => format!("Withdrew {}, with your reason", event.label()),
            Change::MarkDone { on, .. } => format!("Marked done on {}", dates.show(*on)),
            Change::CorrectDone { to, .. } => format!("Done date corrected to {}", dates.show(*to)),
            Change::Unmark { .. } => "No longer marked done".to_string(),
        };
        match self.moved {
            0 => done,
            1 => format!("{done}; 1 date moved"),
            n => format!("{done}; {n} dates moved"),
        }
    }
}

/// What a key on a timeline item leads to.
pub enum Outcome {
    Dialog(Modal),
    /// A message for the status line: why the key does nothing here.
    Say(String),
    Do(Effect),
}

/// `d`, `u` and `c` on the item under the cursor (with its plan).
pub fn on_item(
    action: Action,
    chosen: Option<(PlanId, &TimelineItem)>,
    child: ChildId,
    today: NaiveDate,
    dates: DateStyle,
) -> Outcome {
    let say = |text: &str| Outcome::Say(text.to_string());
    let Some((plan, item)) = chosen else {
        return say("There is no item here");
    };
    match (action, item.done_on, item.done_event) {
        (Action::MarkDone, Some(on), _) => Outcome::Say(format!(
            "Already done on {}; c corrects the date, u takes it back",
            dates.show(on)
        )),
        (Action::MarkDone, None, _) => Outcome::Dialog(done_form(plan, item, today, dates)),
        (Action::UndoDone, _, Some((event, on))) => {
            Outcome::Dialog(withdraw_form(plan, item, event, on, dates))
        }
        (Action::UndoDone, Some(_), None) if !item.done_by_event => Outcome::Do(Effect::UndoDone {
            child,
            plan,
            key: item.key.clone(),
            expected: item.done_on,
        }),
        (Action::CorrectDate, Some(from), event) if event.is_some() || !item.done_by_event => {
            Outcome::Dialog(correct_form(plan, item, from, dates))
        }
        (Action::UndoDone | Action::CorrectDate, Some(_), _) => {
            say("Done by a recorded event: see the History tab")
        }
        (Action::CorrectDate, None, _) => say("Not done yet, so no date to correct; d marks it done"),
        _ => say("This item is not marked done"),
    }
}

/// The first line of each dialog: what it is and does.
fn plainly(item: &TimelineItem) -> String {
    match item.occurrence {
        Some(event) => format!(
            "This records {} as held for the child: every plan and clock counts from it.",
            event.label()
        ),
        None => "This marks the task done; it is a task, so no event is recorded.".to_string(),
    }
}

/// `d`: the date and a note, saying first whether an event is recorded.
pub fn done_form(plan: PlanId, item: &TimelineItem, today: NaiveDate, dates: DateStyle) -> Modal {
    let label = if item.occurrence.is_some() {
        "Held on"
    } else {
        "Done on"
    };
    Modal::Form(
        Form::new(
            format!("Mark done: {}", item.title),
            vec![
                Field::new(label, dates.show(today), date_hint(dates, "today")),
                Field::new("Note", String::new(), "optional"),
            ],
            FormPurpose::MarkDone {
                plan,
                key: item.key.clone(),
                expected: item.done_on,
                occurrence: item.occurrence,
            },
        )
        .with_intro(vec![plainly(item)]),
    )
}

/// `e`, once the event is chosen: its date and a note.
pub fn record_form(event: Event, today: NaiveDate, dates: DateStyle) -> Modal {
    Modal::Form(
        Form::new(
            format!("Record: {}", event.label()),
            vec![
                Field::new("On", dates.show(today), date_hint(dates, "today")),
                Field::new("Note", String::new(), "optional"),
            ],
            FormPurpose::RecordEvent { event },
        )
        .with_intro(vec![format!(
            "This records {} for the child: every plan and clock counts from it.",
            event.label()
        )]),
    )
}

/// `u` on an item a recorded event holds: why it is withdrawn.
pub fn withdraw_form(
    plan: PlanId,
    item: &TimelineItem,
    event: Event,
    on: NaiveDate,
    dates: DateStyle,
) -> Modal {
    let change = Change::Withdraw { event, on };
    Modal::Form(
        Form::new(
            format!("Withdraw: {}", item.title),
            vec![Field::new("Reason", String::new(), "why, for the record")],
            FormPurpose::Withdraw {
                plan,
                key: item.key.clone(),
                change: change.clone(),
            },
        )
        .with_intro(vec![
            change.says(dates),
            "If only its date is wrong, Esc and press c to correct it.".to_string(),
        ]),
    )
}

/// `c` on a done item: the right date, and why.
pub fn correct_form(plan: PlanId, item: &TimelineItem, from: NaiveDate, dates: DateStyle) -> Modal {
    let event = item.done_event.map(|(event, _)| event);
    let what = match event {
        Some(event) => format!(
            "{} is recorded on {}. The entry on that date is kept, marked corrected.",
            capital(event.label()),
            dates.show(from)
        ),
        None => format!("The task is marked done on {}.", dates.show(from)),
    };
    Modal::Form(
        Form::new(
            format!("Correct the date: {}", item.title),
            vec![
                Field::new(
                    if event.is_some() { "Held on" } else { "Done on" },
                    dates.show(from),
                    date_hint(dates, "today"),
                ),
                Field::new("Reason", String::new(), "why, for the record"),
            ],
            FormPurpose::CorrectDate {
                plan,
                key: item.key.clone(),
                from,
                event,
            },
        )
        .with_intro(vec![what]),
    )
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Turns one of these dialogs into the change it asks for, or names the
/// field that is wrong; `None` for any other dialog.
pub fn submit(
    form: &Form,
    child: ChildId,
    today: NaiveDate,
    dates: DateStyle,
) -> Option<Result<Effect, (usize, String)>> {
    let date = |index: usize| -> Result<NaiveDate, (usize, String)> {
        let text = form.value(index);
        if text.is_empty() {
            return Err((index, format!("{} is needed", form.fields[index].label)));
        }
        let date = parse_day(text, today).map_err(|e| (index, e.to_string()))?;
        // The use case's rule, in the field's shorter words: the field
        // says what is wrong with it, not what to do instead.
        corrections::refuse_future(date, today, dates).map_err(|refused| match refused {
            CorrectionError::InFuture { on, dates } => {
                (index, format!("{} is in the future", dates.show(on)))
            }
            other => (index, other.to_string()),
        })?;
        Ok(date)
    };
    let reason = |index: usize| -> Result<String, (usize, String)> {
        match form.value(index) {
            "" => Err((index, "Say why: it is kept in the record".to_string())),
            text => Ok(text.to_string()),
        }
    };
    let note = |index: usize| Some(form.value(index).to_string()).filter(|n| !n.is_empty());
    let pending =
        |change: Change, reason: Option<String>, item: Option<(PlanId, String, Option<NaiveDate>)>| {
            Effect::PreviewChange(Box::new(Pending {
                child,
                change,
                reason,
                item,
                moved: 0,
            }))
        };
    let result = match &form.purpose {
        FormPurpose::MarkDone {
            plan,
            key,
            expected,
            occurrence,
        } => date(0).map(|on| {
            let change = match occurrence {
                Some(event) => Change::Record {
                    event: *event,
                    on,
                    note: note(1),
                },
                None => Change::MarkDone {
                    plan: *plan,
                    key: key.clone(),
                    on,
                    note: note(1),
                },
            };
            pending(change, None, Some((*plan, key.clone(), *expected)))
        }),
        FormPurpose::RecordEvent { event } => date(0).map(|on| {
            let change = Change::Record {
                event: *event,
                on,
                note: note(1),
            };
            pending(change, None, None)
        }),
        FormPurpose::Withdraw { change, .. } => reason(0).map(|why| pending(change.clone(), Some(why), None)),
        FormPurpose::CorrectDate {
            plan,
            key,
            from,
            event,
        } => date(0).and_then(|to| {
            if to == *from {
                return Err((0, format!("It is already on {}", dates.show(to))));
            }
            let why = reason(1)?;
            Ok(match event {
                Some(event) => pending(
                    Change::Correct {
                        event: *event,
                        from: *from,
                        to,
                    },
                    Some(why),
                    None,
                ),
                None => pending(
                    Change::CorrectDone {
                        plan: *plan,
                        key: key.clone(),
                        from: *from,
                        to,
                    },
                    Some(why),
                    Some((*plan, key.clone(), Some(*from))),
                ),
            })
        }),
        FormPurpose::Confirm(pending) => Ok(Effect::SaveChange(pending.clone())),
        _ => return None,
    };
    Some(result)
}
