//! Small dialogs over a screen: a form of text fields (a date and a note
//! for "mark done") and a picker (which event to record, which role to
//! filter by). They only hold what is typed; the app decides what it means.

use crate::domain::event::Event;
use crate::domain::plan::PlanId;
use crate::picker::PickList;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Form(Form),
    Picker(Picker),
    /// Text to read, such as everything about one timeline item.
    Info {
        title: String,
        lines: Vec<String>,
    },
}

/// What a form is for, and what it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    MarkDone {
        plan: PlanId,
        key: String,
        expected: Option<chrono::NaiveDate>,
        /// The event holding the item is: marking it done records it.
        occurrence: Option<Event>,
    },
    RecordEvent {
        event: Event,
    },
    /// Why a recorded event is withdrawn (the change is already known).
    Withdraw {
        plan: PlanId,
        key: String,
        change: crate::service::corrections::Change,
    },
    /// The right date for an item's event or done mark, and why.
    CorrectDate {
        plan: PlanId,
        key: String,
        /// The date it is recorded or marked on now.
        from: chrono::NaiveDate,
        /// The event to correct; `None`: the task's done mark.
        event: Option<Event>,
    },
    /// What a change will do, read before it is saved: no fields.
    Confirm(Box<crate::app::Pending>),
    AddItem {
        plan: PlanId,
    },
    MeetingNote {
        meeting: i64,
    },
    /// `A` in a meeting: who attended, picked by typing part of a name;
    /// picking one already listed takes them off. The users who may be
    /// listed, as (username, display name).
    Attendee {
        meeting: i64,
        users: Vec<(String, String)>,
    },
    MeetingAction {
        meeting: i64,
    },
    NextReview {
        meeting: i64,
    },
    /// A chronology entry the worker writes.
    ChronologyEntry,
    /// The date of the document ticked as a Gateway paper.
    TickPaper {
        paper: crate::domain::gateway::Paper,
    },
    /// The Legal Gateway panel's date.
    GatewayPanel {
        pre_proceedings: bool,
    },
    /// When a family meeting's outcome with no date of its own is due on
    /// the timeline.
    OutcomeTarget {
        outcome: i64,
        plan: PlanId,
    },
    /// The Timeline tab's plan dialogs: start, make primary, close, catch up.
    Plan(crate::screens::child::plan_dialogs::PlanForm),
    /// Recording the step a form awaits (a sign-off, a QA), with a note.
    SignForm {
        form: i64,
        step: String,
    },
    /// Returning a form to its author, with comments.
    ReturnForm {
        form: i64,
    },
    /// Why a form is amended.
    AmendForm {
        form: i64,
    },
    /// A person added to the family network (see `screens/child/family_edit.rs`).
    AddPerson,
    /// A person of the network corrected.
    EditPerson {
        person: crate::domain::family::PersonId,
    },
    /// The selected person linked to another, named from `people`.
    LinkPerson {
        person: crate::domain::family::PersonId,
        people: Vec<(crate::domain::family::PersonId, String)>,
    },
    /// A link taken back, once the user has read what it was: no fields.
    Unlink {
        link: crate::service::family::Recorded,
    },
    /// A Family Group Conference or Family Network meeting recorded; its
    /// dated outcomes may go on `plan`, the child's primary plan.
    FamilyMeeting {
        plan: Option<PlanId>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    /// Shown beside an empty field: what may be typed.
    pub hint: std::borrow::Cow<'static, str>,
    /// Still holds the value it was given: the first key typed replaces it,
    /// as a selected default does in any form.
    pub fresh: bool,
    /// What the field may name (people of the family network, pathways),
    /// listed under it as far as they match what is typed.
    pub list: Option<PickList>,
    /// The value must be one of `list`: Up and Down choose, and leaving
    /// the field or saving takes the one chosen, or refuses, naming the
    /// field, what is none of them. Without it the list only suggests
    /// (a list of names, with commas, may hold others).
    pub picks: bool,
}

impl Field {
    pub fn new(
        label: &'static str,
        value: impl Into<String>,
        hint: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Field {
        let value = value.into();
        Field {
            label,
            fresh: !value.is_empty(),
            value,
            hint: hint.into(),
            list: None,
            picks: false,
        }
    }

    /// With names to suggest, narrowed as the user types.
    pub fn with_choices(mut self, choices: Vec<String>) -> Field {
        self.list = Some(PickList::of_names(&choices));
        self.narrow();
        self
    }

    /// With the values it may take, picked by typing part of one; with
    /// none known, the field takes what is typed, for the use case to check.
    pub fn picking(mut self, choices: &[&str]) -> Field {
        if choices.is_empty() {
            return self;
        }
        let names: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
        self.list = Some(PickList::of_names(&names));
        self.picks = true;
        self.narrow();
        self
    }

    /// What narrows the list: after the last comma of a list of names; a
    /// value not yet typed over narrows nothing, so that every choice
    /// shows with the given one chosen.
    fn narrow(&mut self) {
        let typed = if self.fresh {
            ""
        } else if self.picks {
            self.value.as_str()
        } else {
            self.value.rsplit(',').next().unwrap_or("")
        };
        let current = self.value.trim().to_lowercase();
        if let Some(list) = &mut self.list {
            list.set_typed(typed);
            if self.fresh
                && let Some(at) = list.choices.iter().position(|c| c.name.to_lowercase() == current)
            {
                list.selected = at;
            }
        }
    }

    /// The choices that match what is typed (see [`crate::picker`]).
    pub fn matching(&self) -> Vec<&str> {
        self.list.as_ref().map_or(Vec::new(), |l| {
            l.matching().iter().map(|c| c.name.as_str()).collect()
        })
    }

    /// Leaving a picking field, or saving: what is typed becomes the
    /// choice it names (a blank field stays blank); what is none of them
    /// is refused, naming the field.
    pub fn take_pick(&mut self) -> Result<(), String> {
        let Some(list) = self.list.as_ref().filter(|_| self.picks) else {
            return Ok(());
        };
        if self.value.trim().is_empty() {
            return Ok(());
        }
        // A given value, or one chosen with the arrows, stands as it is.
        if self.fresh {
            return Ok(());
        }
        self.value = list.take(self.label)?;
        self.narrow();
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    /// What saving will do, in words, above the fields (wrapped to fit).
    pub intro: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// What was wrong with the last attempt to submit, in words.
    pub error: Option<String>,
    pub purpose: FormPurpose,
    /// Whether a kept draft has been looked for (once, as it opens).
    pub draft_checked: bool,
    /// The draft it was filled from, to be forgotten once saved.
    pub from_draft: Option<String>,
    /// Where the intro lists items (the dates that move) that may be cut,
    /// with their count, so that a dialog too tall for the window still
    /// shows its last lines: the count and the keys to save or cancel.
    pub listed: Option<Listed>,
}

/// A run of the intro's lines, one item each, of which the last may be
/// left out to fit the window, counted instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// The intro's index of the first item.
    pub first: usize,
    /// How many items the intro holds, from `first`.
    pub shown: usize,
    /// How many more there are, not in the intro: where there are any,
    /// the line after the items counts them ("… and N more").
    pub more: usize,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>, purpose: FormPurpose) -> Form {
        Form {
            title: title.into(),
            intro: Vec::new(),
            fields,
            focus: 0,
            error: None,
            purpose,
            draft_checked: false,
            from_draft: None,
            listed: None,
        }
    }

    /// With lines saying what saving will do.
    pub fn with_intro(mut self, intro: Vec<String>) -> Form {
        self.intro = intro;
        self
    }

    /// The fields' text, as a draft keeps it.
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.value.clone()).collect()
    }

    pub fn value(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.value.trim())
    }

    pub fn type_char(&mut self, c: char) {
        if !crate::domain::sanitise::may_type(c) {
            return;
        }
        if let Some(field) = self.fields.get_mut(self.focus) {
            if field.fresh {
                field.value.clear();
                field.fresh = false;
            }
            field.value.push(c);
            field.narrow();
        }
        self.error = None;
    }

    pub fn delete_char(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            if field.fresh {
                field.value.clear();
                field.fresh = false;
            } else {
                field.value.pop();
            }
            field.narrow();
        }
    }

    pub fn clear_field(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.value.clear();
            field.fresh = false;
            field.narrow();
        }
    }

    pub fn next_field(&mut self) {
        self.leave_field();
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn previous_field(&mut self) {
        self.leave_field();
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Down: the next choice of a picking field's list, or at its end
    /// (or on any other field) the next field.
    pub fn move_down(&mut self) {
        if !self.move_choice(1) {
            self.next_field();
        }
    }

    /// Up: the choice before, or at the list's top the field before.
    pub fn move_up(&mut self) {
        if !self.move_choice(-1) {
            self.previous_field();
        }
    }

    fn move_choice(&mut self, delta: isize) -> bool {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| f.picks) else {
            return false;
        };
        let moved = field.list.as_mut().is_some_and(|l| l.move_by(delta));
        if moved && let Some(chosen) = field.list.as_ref().and_then(|l| l.chosen()) {
            // The choice is what the field holds; the list stays as it
            // was narrowed, and the next key typed starts again.
            field.value = chosen.to_string();
            field.fresh = true;
            self.error = None;
        }
        moved
    }

    /// Before saving: every picking field holds one of its choices, or
    /// the first that does not is named, with the reason.
    pub fn take_picks(&mut self) -> Result<(), (usize, String)> {
        for (index, field) in self.fields.iter_mut().enumerate() {
            field.take_pick().map_err(|why| (index, why))?;
        }
        Ok(())
    }

    /// A default the user has moved past is theirs to edit, not replace;
    /// part of a choice typed becomes the choice (or is refused on saving).
    fn leave_field(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            // What is none of the choices is left as typed: saving names
            // the field.
            let _ = field.take_pick();
            field.fresh = false;
            field.narrow();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerPurpose {
    Event,
    Filter,
    FormKind,
    Tracker,
    Sort,
    CaseloadFilter,
    MeetingStage,
    Barrier,
    /// Which kind of chronology entry to show.
    ChronologyKind,
    /// A form awaiting the user's sign-off, to open on its child's Forms tab.
    FormQueue,
    /// Which of a person's links to take back (the value is its place in
    /// `service::family::links_of`).
    Unlink {
        person: crate::domain::family::PersonId,
    },
    /// Which past meeting's minutes to read in the viewer.
    Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    /// (what is shown, what it stands for)
    pub options: Vec<(String, String)>,
    pub selected: usize,
    pub purpose: PickerPurpose,
}

impl Picker {
    pub fn chosen(&self) -> Option<&str> {
        self.options.get(self.selected).map(|(_, v)| v.as_str())
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.options.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}
