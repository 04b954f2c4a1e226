//! A tracker meeting on screen: the cohort in order, the child being
//! discussed, and what has been recorded for them so far. The meeting
//! itself (as stored) is reloaded after every change, so the screen always
//! shows what the minutes will say.

use crate::action::Action;
use crate::app::{Effect, date_hint};
use crate::component::{Ctx, Handled};
use crate::domain::child::ChildId;
use crate::domain::cohort::Tracker;
use crate::domain::meeting::Meeting;
use crate::domain::report;
use crate::interchange::report_out;
use crate::modal::{Field, Form, FormPurpose, Modal, Picker, PickerPurpose};
use crate::picker::{Choice, PickList};
use chrono::NaiveDate;

/// One child of the cohort, with the tracker's columns about them.
/// How many children after the one being discussed have their overdue
/// items read with it, so moving on shows them at once.
pub const READ_AHEAD: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub child: ChildId,
    pub reference: String,
    pub name: String,
    /// The tracker's columns about the child, each under its heading.
    pub facts: Facts,
    /// What the last meeting of this tracker said about the child (its
    /// note, decision and actions), and the day it was held. Boxed: few
    /// children of a whole authority's cohort have one, and held in
    /// place it was most of every row's size (a sixth of a 77,000-child
    /// meeting's memory, issue 19).
    pub last: Option<Box<(NaiveDate, crate::domain::meeting::Discussion)>>,
    /// The child's overdue items, most urgent first, one line each (items
    /// long forgotten folded into one), in the user's date style; `None`
    /// until read. They are read for the child being discussed and the
    /// few after, as the meeting reaches them: for a whole authority's
    /// cohort, reading every child's before the meeting opens took seconds.
    pub overdue: Option<Vec<String>>,
}

/// A row's facts from the tracker's report, packed: the headings shared
/// by every row, and the values one text between separators, since a
/// whole authority's cohort is 100,000 rows and a text for each value
/// (seven a row) was most of a meeting's memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    headings: std::sync::Arc<[&'static str]>,
    /// The values in the headings' order, [`Facts::SEPARATOR`] between.
    values: Box<str>,
}

impl Facts {
    /// Between two values: the unit separator, a control character no
    /// value is shown with (every one is dropped from a value).
    const SEPARATOR: char = '\u{1f}';

    /// `cells` under `headings`, each written as people read it
    /// ([`report_out::push_cell_text`], which leaves no control
    /// character, so no separator, in a value) straight into the packed
    /// text: a row for each of a national cohort's children, without a
    /// text made for each value first.
    pub fn of_cells(headings: std::sync::Arc<[&'static str]>, cells: &[report::Cell]) -> Facts {
        let mut packed = String::with_capacity(cells.len() * 8);
        for (at, cell) in cells.iter().take(headings.len()).enumerate() {
            if at > 0 {
                packed.push(Facts::SEPARATOR);
            }
            report_out::push_cell_text(&mut packed, cell);
        }
        Facts {
            headings,
            values: packed.into_boxed_str(),
        }
    }

    /// Each heading with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.headings
            .iter()
            .copied()
            .zip(self.values.split(Facts::SEPARATOR))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub tracker: Tracker,
    /// Whose children the cohort was drawn from: the view it was started
    /// from ("my team").
    pub whose: String,
    pub held_on: NaiveDate,
    pub rows: Vec<MeetingRow>,
    pub position: usize,
    /// As stored: what was said, for the children something was
    /// recorded for (looked up by child: not one a row).
    pub meeting: Meeting,
    /// The users who may be listed as attending: (username, display name).
    pub users: Vec<(String, String)>,
    /// How far the "Before this meeting" box is scrolled (Page Down, Page
    /// Up), in lines; back to the top for each child.
    pub before_scroll: usize,
}

impl MeetingView {
    pub fn current(&self) -> Option<&MeetingRow> {
        self.rows.get(self.position)
    }

    pub fn move_by(&mut self, delta: isize) -> bool {
        let last = self.rows.len().saturating_sub(1) as isize;
        let next = (self.position as isize + delta).clamp(0, last) as usize;
        let moved = next != self.position;
        self.position = next;
        if moved {
            self.before_scroll = 0;
        }
        moved
    }

    /// The rows from the child being discussed to [`READ_AHEAD`] after it
    /// whose overdue items are not read yet.
    pub fn unread(&self) -> Vec<usize> {
        (self.position..self.rows.len().min(self.position + READ_AHEAD))
            .filter(|&at| self.rows[at].overdue.is_none())
            .collect()
    }

    /// How many children have something recorded.
    pub fn discussed(&self) -> usize {
        self.meeting.discussions.iter().filter(|d| d.discussed()).count()
    }
}

impl MeetingView {
    /// `A`: who attended, picked from the users by typing part of a name
    /// or username (the shared picker); the users listed already are
    /// named above the field, and picking one of them takes them off.
    fn pick_attendee(&self, ctx: &mut Ctx<'_>) {
        if self.users.is_empty() {
            *ctx.message = Some("No users are recorded here to list as attending".into());
            return;
        }
        let attending = &self.meeting.attendees;
        let choices = self
            .users
            .iter()
            .map(|(username, name)| Choice {
                name: name.clone(),
                username: Some(username.clone()),
            })
            .collect();
        let mut field = Field::new("Who", "", "type part of a name; Enter takes the one chosen");
        field.list = Some(PickList::new(choices));
        field.picks = true;
        let mut form = Form::new(
            "Who attended",
            vec![field],
            FormPurpose::Attendee {
                meeting: self.meeting.id,
                users: self.users.clone(),
            },
        );
        form.intro = vec![if attending.is_empty() {
            "No one is listed as attending yet.".to_string()
        } else {
            format!(
                "Attending: {}. Picking one of them takes them off.",
                attending.join(", ")
            )
        }];
        ctx.dialog = Some(Modal::Form(form));
    }

    /// Page Down or Up on the box of what was said before: a page at a
    /// time, as far as its last line and no further.
    fn scroll_before(&mut self, down: bool, ctx: &Ctx<'_>) {
        let (lines, height) = super::draw::before_extent(ctx.dates, self, ctx.size);
        let last = lines.saturating_sub(height);
        let page = height.saturating_sub(1).max(1);
        self.before_scroll = if down {
            (self.before_scroll + page).min(last)
        } else {
            self.before_scroll.saturating_sub(page).min(last)
        };
    }

    /// Actions in a tracker meeting: RAG, notes, actions, decisions and
    /// the next review, each for the child being discussed. What it
    /// ignores goes to the keys every screen shares (help, quit).
    pub fn apply(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let view = self;
        let meeting = view.meeting.id;
        let child = view.current().map(|r| r.child);
        let discussion = child.and_then(|child| view.meeting.discussion_of(child)).cloned();
        let held_on = view.held_on;
        let rag = |rag| child.map(|child| Effect::MeetingRag { meeting, child, rag });
        use crate::domain::child::Rag;
        let effect = match action {
            Action::NextChild => {
                if !view.move_by(1) {
                    *ctx.message = Some("That was the last child: w writes the minutes".into());
                }
                None
            }
            Action::PreviousChild => {
                view.move_by(-1);
                None
            }
            Action::PageDown | Action::PageUp => {
                view.scroll_before(action == Action::PageDown, ctx);
                None
            }
            // The SGO Review Group gives amber and red cases a date to
            // come back: ask for it straight away.
            Action::RagRed | Action::RagAmber
                if view.tracker == crate::domain::cohort::Tracker::SgoReview =>
            {
                let next = discussion
                    .and_then(|d| d.next_review)
                    .unwrap_or_else(|| crate::domain::meeting::default_next_review(view.tracker, held_on));
                ctx.dialog = Some(Modal::Form(Form::new(
                    "Back to the SGO Review Group on",
                    vec![Field::new(
                        "On",
                        ctx.dates.show(next),
                        date_hint(ctx.dates, "+4w"),
                    )],
                    FormPurpose::NextReview { meeting },
                )));
                rag(if action == Action::RagRed {
                    Rag::Red
                } else {
                    Rag::Amber
                })
            }
            Action::RagRed => rag(Rag::Red),
            Action::RagAmber => rag(Rag::Amber),
            Action::RagYellow => rag(Rag::Yellow),
            Action::RagGreen => rag(Rag::Green),
            Action::MeetingNote => {
                let note = discussion.and_then(|d| d.note).unwrap_or_default();
                ctx.dialog = Some(Modal::Form(Form::new(
                    "Note of the discussion",
                    vec![Field::new("Note", note, "a line or two")],
                    FormPurpose::MeetingNote { meeting },
                )));
                None
            }
            Action::MeetingAction => {
                ctx.dialog = Some(Modal::Form(Form::new(
                    "Action agreed",
                    vec![
                        Field::new("What", String::new(), "what is to be done"),
                        Field::new("Owner", String::new(), "who will do it"),
                        Field::new(
                            "By",
                            ctx.dates.show(held_on + chrono::Days::new(14)),
                            date_hint(ctx.dates, "+2w"),
                        ),
                    ],
                    FormPurpose::MeetingAction { meeting },
                )));
                None
            }
            Action::NextReview => {
                let next = discussion
                    .and_then(|d| d.next_review)
                    .unwrap_or_else(|| crate::domain::meeting::default_next_review(view.tracker, held_on));
                let weeks = crate::domain::meeting::review_weeks(view.tracker);
                ctx.dialog = Some(Modal::Form(Form::new(
                    "Back to the meeting on",
                    vec![Field::new(
                        "On",
                        ctx.dates.show(next),
                        date_hint(ctx.dates, &format!("+{weeks}w")),
                    )],
                    FormPurpose::NextReview { meeting },
                )));
                None
            }
            Action::WriteMinutes => Some(Effect::WriteMinutes { meeting }),
            Action::Attendee => {
                view.pick_attendee(ctx);
                None
            }
            Action::MeetingStage => {
                let options = crate::domain::meeting::stages(view.tracker);
                if options.is_empty() {
                    *ctx.message = Some("This tracker records no decision beyond the RAG".into());
                } else {
                    let current = discussion.and_then(|d| d.stage);
                    ctx.dialog = Some(Modal::Picker(Picker {
                        title: "The meeting's decision".into(),
                        options: options.iter().map(|o| (o.to_string(), o.to_string())).collect(),
                        selected: options
                            .iter()
                            .position(|o| Some(o.to_string()) == current)
                            .unwrap_or(0),
                        purpose: PickerPurpose::MeetingStage,
                    }));
                }
                None
            }
            Action::Barrier => {
                if view.tracker != crate::domain::cohort::Tracker::Kinship {
                    *ctx.message = Some("Barriers are recorded on the kinship tracker".into());
                } else {
                    let named = discussion.map(|d| d.barriers).unwrap_or_default();
                    ctx.dialog = Some(Modal::Picker(Picker {
                        title: "A barrier the carers name".into(),
                        options: crate::domain::meeting::KINSHIP_BARRIERS
                            .iter()
                            .map(|b| {
                                let tick = if named.iter().any(|n| n == b) {
                                    "[x]"
                                } else {
                                    "[ ]"
                                };
                                (format!("{tick} {b}"), b.to_string())
                            })
                            .collect(),
                        selected: 0,
                        purpose: PickerPurpose::Barrier,
                    }));
                }
                None
            }
            _ => return Handled::Ignored,
        };
        // The child now being discussed, and the next few, need their
        // overdue items read.
        let effect = effect.or_else(|| (!view.unread().is_empty()).then_some(Effect::ReadMeetingOverdue));
        Handled::Consumed(effect)
    }
}

#[cfg(test)]
mod tests {
    use super::Facts;
    use crate::domain::report::Cell;
    use chrono::NaiveDate;

    #[test]
    fn facts_keep_each_value_under_its_heading_empty_ones_included() {
        let headings: std::sync::Arc<[&'static str]> = vec!["Worker", "Stage", "IRO", "Due", "Late"].into();
        let cells = [
            Cell::text("Amanda Foster"),
            Cell::text(""),
            // A separator in a value would split it in two: it is a control
            // character, dropped as every one is from a value shown.
            Cell::text("a\u{1f}b\tc"),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 12, 6)),
            Cell::Number(Some(-3)),
            Cell::text("left out: no heading"),
        ];
        let facts = Facts::of_cells(headings, &cells);
        let read: Vec<(&str, &str)> = facts.iter().collect();
        assert_eq!(
            read,
            vec![
                ("Worker", "Amanda Foster"),
                ("Stage", ""),
                ("IRO", "ab c"),
                ("Due", "06/12/2026"),
                ("Late", "-3")
            ]
        );
    }
}
