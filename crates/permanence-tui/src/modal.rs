//! Small dialogs over a screen: a form of text fields (a date and a note
//! for "mark done") and a picker (which event to record, which role to
//! filter by). They only hold what is typed; the app decides what it means.

use crate::domain::event::Event;
use crate::domain::plan::PlanId;

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
    /// What the field may name (people of the family network), listed
    /// under it as far as they match what is typed.
    pub choices: Vec<String>,
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
            choices: Vec::new(),
        }
    }

    /// With names to choose from, narrowed as the user types.
    pub fn with_choices(mut self, choices: Vec<String>) -> Field {
        self.choices = choices;
        self
    }

    /// The choices that match what is typed: after the last comma (a list
    /// of names), in any case, anywhere in the name.
    pub fn matching(&self) -> Vec<&str> {
        let typed = self.value.rsplit(',').next().unwrap_or("").trim().to_lowercase();
        self.choices
            .iter()
            .filter(|c| c.to_lowercase().contains(&typed))
            .map(String::as_str)
            .collect()
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
        }
    }

    pub fn clear_field(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.value.clear();
            field.fresh = false;
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

    /// A default the user has moved past is theirs to edit, not replace.
    fn leave_field(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.fresh = false;
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
    /// A user attending a tracker meeting (again to take them off).
    Attendee,
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
