//! Which key does what on which screen. The bindings are a table, not
//! code, so the help overlay is generated from the same source the app
//! obeys, and later configuration can replace entries one by one.

use crate::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the user is, which decides what keys mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Caseload,
    /// Typing a search: printable keys go into the query.
    Search,
    ChildTimeline,
    ChildRecord,
    ChildHistory,
    /// The family network: the genogram, or the people and family meetings.
    ChildFamily,
    /// The child's chronology.
    ChildChronology,
    /// The Legal Gateway's papers and panel.
    ChildGateway,
    /// The child's forms and where each stands on its route.
    ChildForms,
    /// A dialog's text fields: printable keys are typed into the field.
    Form,
    Picker,
    /// Text to read in a box.
    Info,
    Help,
    /// Filling in a form: printable keys go into the focused field.
    FormEditor,
    /// Choosing a field's option(s) from a list.
    FormChoice,
    /// Asked whether to submit, after Ctrl-S on a complete form.
    FormSubmit,
    /// Asked whether to keep or discard the draft on leaving.
    FormLeave,
    /// Holding a tracker meeting.
    Meeting,
    /// The "what next" list.
    WhatNext,
    Dashboard,
    BestOption,
    /// Typing a search over the guidance.
    BestOptionSearch,
    /// The command palette: printable keys go into what it looks for.
    Palette,
    /// Reading a text (minutes, a chronology) in the viewer.
    Viewer,
    /// Typing a word to find in the viewer's text.
    ViewerFind,
}

impl Context {
    pub const ALL: [Context; 25] = [
        Context::Caseload,
        Context::Search,
        Context::ChildTimeline,
        Context::ChildRecord,
        Context::ChildHistory,
        Context::ChildFamily,
        Context::ChildChronology,
        Context::ChildGateway,
        Context::Form,
        Context::Picker,
        Context::Info,
        Context::Help,
        Context::FormEditor,
        Context::FormChoice,
        Context::FormLeave,
        Context::FormSubmit,
        Context::Meeting,
        Context::WhatNext,
        Context::Dashboard,
        Context::BestOption,
        Context::BestOptionSearch,
        Context::Palette,
        Context::ChildForms,
        Context::Viewer,
        Context::ViewerFind,
    ];

    /// The screen's name in the configuration file (`[keys.caseload]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Caseload => "caseload",
            Context::Search => "search",
            Context::ChildTimeline => "timeline",
            Context::ChildRecord => "record",
            Context::ChildHistory => "history",
            Context::ChildFamily => "child-family",
            Context::ChildChronology => "child-chronology",
            Context::ChildGateway => "child-gateway",
            Context::ChildForms => "child-forms",
            Context::Form => "dialog",
            Context::Picker => "picker",
            Context::Info => "details",
            Context::Help => "help",
            Context::FormEditor => "form",
            Context::FormChoice => "form-choice",
            Context::FormLeave => "form-leave",
            Context::FormSubmit => "form-submit",
            Context::Meeting => "meeting",
            Context::WhatNext => "what-next",
            Context::Dashboard => "dashboard",
            Context::BestOption => "best-option",
            Context::BestOptionSearch => "best-option-search",
            Context::Palette => "palette",
            Context::Viewer => "viewer",
            Context::ViewerFind => "viewer-find",
        }
    }

    pub fn parse(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Caseload => "Caseload",
            Context::Search => "Search",
            Context::ChildTimeline => "Timeline",
            Context::ChildRecord => "Child's record",
            Context::ChildHistory => "History",
            Context::ChildFamily => "Family",
            Context::ChildChronology => "Chronology",
            Context::ChildGateway => "Legal Gateway",
            Context::ChildForms => "The child's forms",
            Context::Form => "Form",
            Context::Picker => "Choosing",
            Context::Info => "Details",
            Context::Help => "Help",
            Context::FormEditor => "Filling in a form",
            Context::FormChoice => "Choosing an option",
            Context::FormLeave => "Leaving the form",
            Context::FormSubmit => "Submitting the form",
            Context::Meeting => "Tracker meeting",
            Context::WhatNext => "What next",
            Context::Dashboard => "Dashboard",
            Context::BestOption => "Best option",
            Context::BestOptionSearch => "Searching the guidance",
            Context::Palette => "Finding an action",
            Context::Viewer => "Reading a text",
            Context::ViewerFind => "Finding a word in the text",
        }
    }
}

/// A key with its modifiers, as written in a key map: `j`, `G`, `?`,
/// `down`, `pgdn`, `ctrl-c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(text: &str) -> Option<Key> {
        let (ctrl, name) = match text.strip_prefix("ctrl-") {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, text),
        };
        let code = match name {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            "f1" => KeyCode::F(1),
            single if single.chars().count() == 1 => KeyCode::Char(single.chars().next()?),
            _ => return None,
        };
        Some(Key { code, ctrl })
    }

    /// The key a terminal event stands for. Shift is folded into the
    /// character (`G`, `?`), since terminals differ in whether they report it.
    pub fn from_event(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("Ctrl-{name}") } else { name }
    }
}

/// The bindings every user starts with.
const DEFAULTS: &[(Context, &str, Action)] = &[
    (Context::Caseload, "down", Action::MoveDown),
    (Context::Caseload, "j", Action::MoveDown),
    (Context::Caseload, "up", Action::MoveUp),
    (Context::Caseload, "k", Action::MoveUp),
    (Context::Caseload, "pgdn", Action::PageDown),
    (Context::Caseload, "ctrl-d", Action::PageDown),
    (Context::Caseload, "pgup", Action::PageUp),
    (Context::Caseload, "ctrl-u", Action::PageUp),
    (Context::Caseload, "home", Action::First),
    (Context::Caseload, "g", Action::First),
    (Context::Caseload, "end", Action::Last),
    (Context::Caseload, "G", Action::Last),
    (Context::Caseload, "/", Action::StartSearch),
    (Context::Caseload, "T", Action::StartMeeting),
    (Context::Caseload, "Q", Action::FormQueue),
    (Context::Caseload, "M", Action::PastMinutes),
    (Context::Caseload, "w", Action::WhatNext),
    (Context::Caseload, "D", Action::Dashboard),
    (Context::Dashboard, "esc", Action::Back),
    (Context::Dashboard, "q", Action::Back),
    (Context::Dashboard, ":", Action::Palette),
    (Context::Dashboard, "?", Action::ToggleHelp),
    (Context::Dashboard, "!", Action::FullMessage),
    (Context::Dashboard, "ctrl-c", Action::ForceQuit),
    (Context::Dashboard, "down", Action::MoveDown),
    (Context::Dashboard, "j", Action::MoveDown),
    (Context::Dashboard, "up", Action::MoveUp),
    (Context::Dashboard, "k", Action::MoveUp),
    (Context::Dashboard, "enter", Action::Open),
    (Context::Dashboard, "tab", Action::SwitchTab),
    (Context::Dashboard, "right", Action::SwitchTab),
    (Context::Dashboard, "backtab", Action::PreviousTab),
    (Context::Dashboard, "left", Action::PreviousTab),
    (Context::WhatNext, "down", Action::MoveDown),
    (Context::WhatNext, "j", Action::MoveDown),
    (Context::WhatNext, "up", Action::MoveUp),
    (Context::WhatNext, "k", Action::MoveUp),
    (Context::WhatNext, "pgdn", Action::PageDown),
    (Context::WhatNext, "pgup", Action::PageUp),
    (Context::WhatNext, "enter", Action::Open),
    (Context::WhatNext, "d", Action::MarkDone),
    (Context::WhatNext, "r", Action::RecordEvent),
    (Context::WhatNext, "N", Action::NotNeeded),
    (Context::WhatNext, "c", Action::CatchUp),
    (Context::WhatNext, "a", Action::FocusAll),
    (Context::WhatNext, "t", Action::FocusThisWeek),
    (Context::WhatNext, "o", Action::FocusOverdue),
    (Context::WhatNext, "s", Action::FocusStatutory),
    (Context::WhatNext, "esc", Action::Back),
    (Context::WhatNext, "q", Action::Back),
    (Context::WhatNext, ":", Action::Palette),
    (Context::WhatNext, "?", Action::ToggleHelp),
    (Context::WhatNext, "!", Action::FullMessage),
    (Context::WhatNext, "ctrl-c", Action::ForceQuit),
    (Context::Caseload, "1", Action::ViewMine),
    (Context::Caseload, "2", Action::ViewTeam),
    (Context::Caseload, "3", Action::ViewEveryone),
    (Context::Caseload, "s", Action::SortBy),
    (Context::Caseload, "f", Action::AddFilter),
    (Context::Caseload, "x", Action::ClearFilters),
    (Context::Caseload, "enter", Action::Open),
    (Context::Caseload, "esc", Action::ClearSearch),
    (Context::Caseload, ":", Action::Palette),
    (Context::Caseload, "?", Action::ToggleHelp),
    (Context::Caseload, "q", Action::Quit),
    (Context::Caseload, "!", Action::FullMessage),
    (Context::Caseload, "ctrl-c", Action::ForceQuit),
    (Context::Caseload, "a", Action::AddChild),
    (Context::Search, "down", Action::MoveDown),
    (Context::Search, "up", Action::MoveUp),
    (Context::Search, "pgdn", Action::PageDown),
    (Context::Search, "pgup", Action::PageUp),
    (Context::Search, "enter", Action::Open),
    (Context::Search, "esc", Action::ClearSearch),
    (Context::Search, "backspace", Action::DeleteSearchChar),
    (Context::Search, "ctrl-c", Action::ForceQuit),
    (Context::ChildTimeline, "down", Action::MoveDown),
    (Context::ChildTimeline, "j", Action::MoveDown),
    (Context::ChildTimeline, "up", Action::MoveUp),
    (Context::ChildTimeline, "k", Action::MoveUp),
    (Context::ChildTimeline, "pgdn", Action::PageDown),
    (Context::ChildTimeline, "pgup", Action::PageUp),
    (Context::ChildTimeline, "home", Action::First),
    (Context::ChildTimeline, "g", Action::First),
    (Context::ChildTimeline, "end", Action::Last),
    (Context::ChildTimeline, "G", Action::Last),
    (Context::ChildTimeline, "enter", Action::Explain),
    (Context::ChildTimeline, "d", Action::MarkDone),
    (Context::ChildTimeline, "u", Action::UndoDone),
    (Context::ChildTimeline, "c", Action::CorrectDate),
    (Context::ChildTimeline, "e", Action::RecordEvent),
    (Context::ChildTimeline, "a", Action::AddItem),
    (Context::ChildTimeline, "F", Action::StartForm),
    (Context::ChildTimeline, "B", Action::BestOption),
    (Context::ChildRecord, "B", Action::BestOption),
    (Context::ChildHistory, "B", Action::BestOption),
    (Context::BestOption, "tab", Action::SwitchTab),
    (Context::BestOption, "down", Action::ScrollDown),
    (Context::BestOption, "j", Action::ScrollDown),
    (Context::BestOption, "up", Action::ScrollUp),
    (Context::BestOption, "k", Action::ScrollUp),
    (Context::BestOption, "pgdn", Action::PageDown),
    (Context::BestOption, "pgup", Action::PageUp),
    (Context::BestOption, "c", Action::ToggleConnected),
    (Context::BestOption, "r", Action::ToggleReturnHome),
    (Context::BestOption, "+", Action::AgeUp),
    (Context::BestOption, "-", Action::AgeDown),
    (Context::BestOption, "/", Action::StartSearch),
    (Context::BestOption, "esc", Action::Back),
    (Context::BestOption, "q", Action::Back),
    (Context::BestOption, ":", Action::Palette),
    (Context::BestOption, "?", Action::ToggleHelp),
    (Context::BestOption, "!", Action::FullMessage),
    (Context::BestOption, "ctrl-c", Action::ForceQuit),
    (Context::BestOptionSearch, "esc", Action::ClearSearch),
    (Context::BestOptionSearch, "enter", Action::Submit),
    (Context::BestOptionSearch, "backspace", Action::DeleteSearchChar),
    (Context::BestOptionSearch, "ctrl-c", Action::ForceQuit),
    (Context::ChildTimeline, "f", Action::FilterRole),
    (Context::ChildTimeline, "s", Action::StartPlan),
    (Context::ChildTimeline, "P", Action::MakePrimary),
    (Context::ChildTimeline, "X", Action::ClosePlan),
    (Context::ChildTimeline, "L", Action::PlanGateway),
    (Context::ChildTimeline, "space", Action::SelectItem),
    (Context::ChildTimeline, "M", Action::MarkSelectedDone),
    (Context::ChildTimeline, "N", Action::NotNeeded),
    (Context::ChildTimeline, "tab", Action::SwitchTab),
    (Context::ChildTimeline, "backtab", Action::PreviousTab),
    (Context::ChildTimeline, "n", Action::NextChild),
    (Context::ChildTimeline, "p", Action::PreviousChild),
    (Context::ChildTimeline, "esc", Action::Back),
    (Context::ChildTimeline, "q", Action::Back),
    (Context::ChildTimeline, "backspace", Action::Back),
    (Context::ChildTimeline, ":", Action::Palette),
    (Context::ChildTimeline, "V", Action::ViewPapers),
    (Context::ChildTimeline, "?", Action::ToggleHelp),
    (Context::ChildTimeline, "!", Action::FullMessage),
    (Context::ChildTimeline, "ctrl-c", Action::ForceQuit),
    (Context::ChildRecord, "down", Action::ScrollDown),
    (Context::ChildRecord, "j", Action::ScrollDown),
    (Context::ChildRecord, "up", Action::ScrollUp),
    (Context::ChildRecord, "k", Action::ScrollUp),
    (Context::ChildRecord, "tab", Action::SwitchTab),
    (Context::ChildRecord, "backtab", Action::PreviousTab),
    (Context::ChildRecord, "F", Action::StartForm),
    (Context::ChildRecord, "e", Action::EditRecord),
    (Context::ChildRecord, "n", Action::NextChild),
    (Context::ChildRecord, "p", Action::PreviousChild),
    (Context::ChildRecord, "esc", Action::Back),
    (Context::ChildRecord, "q", Action::Back),
    (Context::ChildRecord, "backspace", Action::Back),
    (Context::ChildRecord, ":", Action::Palette),
    (Context::ChildRecord, "V", Action::ViewPapers),
    (Context::ChildRecord, "?", Action::ToggleHelp),
    (Context::ChildRecord, "!", Action::FullMessage),
    (Context::ChildRecord, "ctrl-c", Action::ForceQuit),
    (Context::ChildHistory, "down", Action::ScrollDown),
    (Context::ChildHistory, "j", Action::ScrollDown),
    (Context::ChildHistory, "up", Action::ScrollUp),
    (Context::ChildHistory, "k", Action::ScrollUp),
    (Context::ChildHistory, "tab", Action::SwitchTab),
    (Context::ChildHistory, "backtab", Action::PreviousTab),
    (Context::ChildHistory, "F", Action::StartForm),
    (Context::ChildHistory, "n", Action::NextChild),
    (Context::ChildHistory, "p", Action::PreviousChild),
    (Context::ChildHistory, "esc", Action::Back),
    (Context::ChildHistory, "q", Action::Back),
    (Context::ChildHistory, "backspace", Action::Back),
    (Context::ChildHistory, ":", Action::Palette),
    (Context::ChildHistory, "V", Action::ViewPapers),
    (Context::ChildHistory, "?", Action::ToggleHelp),
    (Context::ChildHistory, "!", Action::FullMessage),
    (Context::ChildHistory, "ctrl-c", Action::ForceQuit),
    (Context::ChildFamily, "down", Action::MoveDown),
    (Context::ChildFamily, "j", Action::MoveDown),
    (Context::ChildFamily, "up", Action::MoveUp),
    (Context::ChildFamily, "k", Action::MoveUp),
    (Context::ChildFamily, "left", Action::ScrollLeft),
    (Context::ChildFamily, "h", Action::ScrollLeft),
    (Context::ChildFamily, "right", Action::ScrollRight),
    (Context::ChildFamily, "l", Action::ScrollRight),
    (Context::ChildFamily, "pgdn", Action::PageDown),
    (Context::ChildFamily, "pgup", Action::PageUp),
    (Context::ChildFamily, "home", Action::First),
    (Context::ChildFamily, "g", Action::First),
    (Context::ChildFamily, "end", Action::Last),
    (Context::ChildFamily, "G", Action::Last),
    (Context::ChildFamily, "p", Action::PeopleOrGenogram),
    (Context::ChildFamily, "enter", Action::Details),
    (Context::ChildFamily, "t", Action::OutcomeToTimeline),
    (Context::ChildFamily, "a", Action::AddPerson),
    (Context::ChildFamily, "e", Action::EditPerson),
    (Context::ChildFamily, "c", Action::LinkPeople),
    (Context::ChildFamily, "u", Action::UnlinkPeople),
    (Context::ChildFamily, "delete", Action::UnlinkPeople),
    (Context::ChildFamily, "m", Action::FamilyMeeting),
    (Context::ChildFamily, "tab", Action::SwitchTab),
    (Context::ChildFamily, "backtab", Action::PreviousTab),
    (Context::ChildFamily, "F", Action::StartForm),
    (Context::ChildFamily, "B", Action::BestOption),
    (Context::ChildFamily, "n", Action::NextChild),
    (Context::ChildFamily, "N", Action::PreviousChild),
    (Context::ChildFamily, "esc", Action::Back),
    (Context::ChildFamily, "q", Action::Back),
    (Context::ChildFamily, "backspace", Action::Back),
    (Context::ChildFamily, ":", Action::Palette),
    (Context::ChildFamily, "V", Action::ViewPapers),
    (Context::ChildFamily, "?", Action::ToggleHelp),
    (Context::ChildFamily, "!", Action::FullMessage),
    (Context::ChildFamily, "ctrl-c", Action::ForceQuit),
    (Context::ChildChronology, "down", Action::MoveDown),
    (Context::ChildChronology, "j", Action::MoveDown),
    (Context::ChildChronology, "up", Action::MoveUp),
    (Context::ChildChronology, "k", Action::MoveUp),
    (Context::ChildChronology, "pgdn", Action::PageDown),
    (Context::ChildChronology, "pgup", Action::PageUp),
    (Context::ChildChronology, "home", Action::First),
    (Context::ChildChronology, "g", Action::First),
    (Context::ChildChronology, "end", Action::Last),
    (Context::ChildChronology, "G", Action::Last),
    (Context::ChildChronology, "enter", Action::Details),
    (Context::ChildChronology, "a", Action::AddEntry),
    (Context::ChildChronology, "c", Action::MarkForCpr),
    (Context::ChildChronology, "f", Action::FilterKind),
    (Context::ChildChronology, "x", Action::EveryKind),
    (Context::ChildChronology, "tab", Action::SwitchTab),
    (Context::ChildChronology, "backtab", Action::PreviousTab),
    (Context::ChildChronology, "F", Action::StartForm),
    (Context::ChildChronology, "B", Action::BestOption),
    (Context::ChildChronology, "n", Action::NextChild),
    (Context::ChildChronology, "p", Action::PreviousChild),
    (Context::ChildChronology, "esc", Action::Back),
    (Context::ChildChronology, "q", Action::Back),
    (Context::ChildChronology, "backspace", Action::Back),
    (Context::ChildChronology, ":", Action::Palette),
    (Context::ChildChronology, "V", Action::ViewPapers),
    (Context::ChildChronology, "?", Action::ToggleHelp),
    (Context::ChildChronology, "!", Action::FullMessage),
    (Context::ChildChronology, "ctrl-c", Action::ForceQuit),
    (Context::ChildGateway, "down", Action::MoveDown),
    (Context::ChildGateway, "j", Action::MoveDown),
    (Context::ChildGateway, "up", Action::MoveUp),
    (Context::ChildGateway, "k", Action::MoveUp),
    (Context::ChildGateway, "home", Action::First),
    (Context::ChildGateway, "g", Action::First),
    (Context::ChildGateway, "end", Action::Last),
    (Context::ChildGateway, "G", Action::Last),
    (Context::ChildGateway, "x", Action::TickPaper),
    (Context::ChildGateway, "space", Action::TickPaper),
    (Context::ChildGateway, "enter", Action::Details),
    (Context::ChildGateway, "P", Action::SetPanel),
    (Context::ChildGateway, "r", Action::TogglePreProceedings),
    (Context::ChildGateway, "tab", Action::SwitchTab),
    (Context::ChildGateway, "backtab", Action::PreviousTab),
    (Context::ChildGateway, "F", Action::StartForm),
    (Context::ChildGateway, "B", Action::BestOption),
    (Context::ChildGateway, "n", Action::NextChild),
    (Context::ChildGateway, "p", Action::PreviousChild),
    (Context::ChildGateway, "esc", Action::Back),
    (Context::ChildGateway, "q", Action::Back),
    (Context::ChildGateway, "backspace", Action::Back),
    (Context::ChildGateway, ":", Action::Palette),
    (Context::ChildGateway, "V", Action::ViewPapers),
    (Context::ChildGateway, "?", Action::ToggleHelp),
    (Context::ChildGateway, "!", Action::FullMessage),
    (Context::ChildGateway, "ctrl-c", Action::ForceQuit),
    (Context::ChildForms, "down", Action::MoveDown),
    (Context::ChildForms, "j", Action::MoveDown),
    (Context::ChildForms, "up", Action::MoveUp),
    (Context::ChildForms, "k", Action::MoveUp),
    (Context::ChildForms, "enter", Action::Open),
    (Context::ChildForms, "s", Action::SignOffForm),
    (Context::ChildForms, "r", Action::ReturnForm),
    (Context::ChildForms, "A", Action::AmendForm),
    (Context::ChildForms, "F", Action::StartForm),
    (Context::ChildForms, "B", Action::BestOption),
    (Context::ChildForms, "V", Action::ViewPapers),
    (Context::ChildForms, "tab", Action::SwitchTab),
    (Context::ChildForms, "backtab", Action::PreviousTab),
    (Context::ChildForms, "n", Action::NextChild),
    (Context::ChildForms, "p", Action::PreviousChild),
    (Context::ChildForms, "esc", Action::Back),
    (Context::ChildForms, "q", Action::Back),
    (Context::ChildForms, "backspace", Action::Back),
    (Context::ChildForms, ":", Action::Palette),
    (Context::ChildForms, "?", Action::ToggleHelp),
    (Context::ChildForms, "!", Action::FullMessage),
    (Context::ChildForms, "ctrl-c", Action::ForceQuit),
    (Context::Form, "enter", Action::Submit),
    (Context::Form, "esc", Action::Cancel),
    (Context::Form, "tab", Action::NextField),
    (Context::Form, "down", Action::MoveDown),
    (Context::Form, "backtab", Action::PreviousField),
    (Context::Form, "up", Action::MoveUp),
    (Context::Form, "backspace", Action::DeleteChar),
    (Context::Form, "ctrl-u", Action::ClearField),
    (Context::Form, "ctrl-c", Action::ForceQuit),
    (Context::Picker, "down", Action::MoveDown),
    (Context::Picker, "j", Action::MoveDown),
    (Context::Picker, "up", Action::MoveUp),
    (Context::Picker, "k", Action::MoveUp),
    (Context::Picker, "enter", Action::Submit),
    (Context::Picker, "esc", Action::Cancel),
    (Context::Picker, "ctrl-c", Action::ForceQuit),
    (Context::Info, "esc", Action::Cancel),
    (Context::Info, "enter", Action::Cancel),
    (Context::Info, "q", Action::Cancel),
    (Context::Info, "ctrl-c", Action::ForceQuit),
    (Context::Info, "down", Action::ScrollDown),
    (Context::Info, "j", Action::ScrollDown),
    (Context::Info, "up", Action::ScrollUp),
    (Context::Info, "k", Action::ScrollUp),
    (Context::Info, "pgdn", Action::PageDown),
    (Context::Info, "pgup", Action::PageUp),
    (Context::Info, "home", Action::First),
    (Context::Info, "end", Action::Last),
    (Context::Viewer, "down", Action::ScrollDown),
    (Context::Viewer, "j", Action::ScrollDown),
    (Context::Viewer, "up", Action::ScrollUp),
    (Context::Viewer, "k", Action::ScrollUp),
    (Context::Viewer, "pgdn", Action::PageDown),
    (Context::Viewer, "space", Action::PageDown),
    (Context::Viewer, "pgup", Action::PageUp),
    (Context::Viewer, "home", Action::First),
    (Context::Viewer, "g", Action::First),
    (Context::Viewer, "end", Action::Last),
    (Context::Viewer, "G", Action::Last),
    (Context::Viewer, "s", Action::SaveText),
    (Context::Viewer, "/", Action::FindInText),
    (Context::Viewer, "n", Action::FindNext),
    (Context::ViewerFind, "enter", Action::Submit),
    (Context::ViewerFind, "esc", Action::Cancel),
    (Context::ViewerFind, "backspace", Action::DeleteSearchChar),
    (Context::ViewerFind, "ctrl-c", Action::ForceQuit),
    (Context::Viewer, "esc", Action::Cancel),
    (Context::Viewer, "q", Action::Cancel),
    (Context::Viewer, "?", Action::ToggleHelp),
    (Context::Viewer, "ctrl-c", Action::ForceQuit),
    (Context::FormEditor, "tab", Action::NextField),
    (Context::FormEditor, "down", Action::MoveDown),
    (Context::FormEditor, "backtab", Action::PreviousField),
    (Context::FormEditor, "up", Action::MoveUp),
    (Context::FormEditor, "left", Action::CursorLeft),
    (Context::FormEditor, "right", Action::CursorRight),
    (Context::FormEditor, "ctrl-left", Action::WordLeft),
    (Context::FormEditor, "ctrl-right", Action::WordRight),
    (Context::FormEditor, "home", Action::LineStart),
    (Context::FormEditor, "end", Action::LineEnd),
    (Context::FormEditor, "enter", Action::Activate),
    (Context::FormEditor, "backspace", Action::DeleteChar),
    (Context::FormEditor, "ctrl-u", Action::ClearField),
    (Context::FormEditor, "ctrl-n", Action::AddRow),
    (Context::FormEditor, "ctrl-d", Action::DeleteRow),
    (Context::FormEditor, "ctrl-s", Action::Submit),
    (Context::FormEditor, "esc", Action::Cancel),
    (Context::FormEditor, "f1", Action::ToggleHelp),
    (Context::FormEditor, "ctrl-c", Action::ForceQuit),
    (Context::FormChoice, "down", Action::MoveDown),
    (Context::FormChoice, "j", Action::MoveDown),
    (Context::FormChoice, "up", Action::MoveUp),
    (Context::FormChoice, "k", Action::MoveUp),
    (Context::FormChoice, "space", Action::ToggleChoice),
    (Context::FormChoice, "enter", Action::Submit),
    (Context::FormChoice, "esc", Action::Cancel),
    (Context::FormChoice, "ctrl-c", Action::ForceQuit),
    (Context::Meeting, "down", Action::NextChild),
    (Context::Meeting, "j", Action::NextChild),
    (Context::Meeting, "right", Action::NextChild),
    (Context::Meeting, "up", Action::PreviousChild),
    (Context::Meeting, "k", Action::PreviousChild),
    (Context::Meeting, "left", Action::PreviousChild),
    (Context::Meeting, "pgdn", Action::PageDown),
    (Context::Meeting, "pgup", Action::PageUp),
    (Context::Meeting, "r", Action::RagRed),
    (Context::Meeting, "a", Action::RagAmber),
    (Context::Meeting, "y", Action::RagYellow),
    (Context::Meeting, "g", Action::RagGreen),
    (Context::Meeting, "n", Action::MeetingNote),
    (Context::Meeting, "t", Action::MeetingAction),
    (Context::Meeting, "+", Action::MeetingAction),
    (Context::Meeting, "v", Action::NextReview),
    (Context::Meeting, "c", Action::MeetingStage),
    (Context::Meeting, "b", Action::Barrier),
    (Context::Meeting, "w", Action::WriteMinutes),
    (Context::Meeting, "A", Action::Attendee),
    (Context::Meeting, "m", Action::ViewMinutes),
    (Context::Meeting, "esc", Action::Back),
    (Context::Meeting, "q", Action::Back),
    (Context::Meeting, ":", Action::Palette),
    (Context::Meeting, "?", Action::ToggleHelp),
    (Context::Meeting, "!", Action::FullMessage),
    (Context::Meeting, "ctrl-c", Action::ForceQuit),
    (Context::FormLeave, "k", Action::KeepDraft),
    (Context::FormLeave, "d", Action::DiscardDraft),
    (Context::FormLeave, "esc", Action::Cancel),
    (Context::FormLeave, "ctrl-c", Action::ForceQuit),
    (Context::FormSubmit, "enter", Action::Submit),
    (Context::FormSubmit, "esc", Action::Cancel),
    (Context::FormSubmit, "ctrl-c", Action::ForceQuit),
    (Context::Palette, "esc", Action::Cancel),
    (Context::Palette, "enter", Action::Submit),
    (Context::Palette, "down", Action::MoveDown),
    (Context::Palette, "up", Action::MoveUp),
    (Context::Palette, "backspace", Action::DeleteSearchChar),
    (Context::Palette, "ctrl-c", Action::ForceQuit),
    (Context::Help, "down", Action::ScrollDown),
    (Context::Help, "j", Action::ScrollDown),
    (Context::Help, "up", Action::ScrollUp),
    (Context::Help, "k", Action::ScrollUp),
    (Context::Help, "esc", Action::ToggleHelp),
    (Context::Help, "?", Action::ToggleHelp),
    (Context::Help, "q", Action::ToggleHelp),
    (Context::Help, "f1", Action::ToggleHelp),
    (Context::Help, "ctrl-c", Action::ForceQuit),
];

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<(Context, Key, Action)>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        let bindings = DEFAULTS
            .iter()
            .filter_map(|(context, key, action)| Key::parse(key).map(|k| (*context, k, *action)))
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// A key map of exactly these bindings (the defaults with a user's
    /// changes made, see `ui::key_config`).
    pub fn from_bindings(bindings: Vec<(Context, Key, Action)>) -> KeyMap {
        KeyMap { bindings }
    }

    pub fn bindings(&self) -> &[(Context, Key, Action)] {
        &self.bindings
    }

    pub fn action(&self, context: Context, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(c, k, _)| *c == context && *k == key)
            .map(|(_, _, action)| *action)
    }

    /// Each action of a screen with all the keys bound to it, in the order
    /// the bindings are listed: what the help overlay shows.
    pub fn help(&self, context: Context) -> Vec<(Vec<String>, Action)> {
        let mut entries: Vec<(Vec<String>, Action)> = Vec::new();
        for (c, key, action) in &self.bindings {
            if *c != context {
                continue;
            }
            match entries.iter_mut().find(|(_, a)| a == action) {
                Some((keys, _)) => keys.push(key.label()),
                None => entries.push((vec![key.label()], *action)),
            }
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_binding_parses() {
        for (_, text, _) in DEFAULTS {
            assert!(Key::parse(text).is_some(), "{text} does not parse");
        }
        assert_eq!(KeyMap::default().bindings.len(), DEFAULTS.len());
    }

    #[test]
    fn no_key_means_two_things_on_one_screen() {
        let map = KeyMap::default();
        for (i, (c1, k1, a1)) in map.bindings.iter().enumerate() {
            for (c2, k2, a2) in &map.bindings[i + 1..] {
                assert!(
                    !(c1 == c2 && k1 == k2),
                    "{k1:?} on {c1:?} is both {a1:?} and {a2:?}"
                );
            }
        }
    }

    #[test]
    fn the_issue_keys_do_what_it_says() {
        let map = KeyMap::default();
        let key = |t: &str| Key::parse(t).unwrap();
        let c = Context::Caseload;
        assert_eq!(map.action(c, key("j")), Some(Action::MoveDown));
        assert_eq!(map.action(c, key("down")), Some(Action::MoveDown));
        assert_eq!(map.action(c, key("k")), Some(Action::MoveUp));
        assert_eq!(map.action(c, key("pgdn")), Some(Action::PageDown));
        assert_eq!(map.action(c, key("g")), Some(Action::First));
        assert_eq!(map.action(c, key("G")), Some(Action::Last));
        assert_eq!(map.action(c, key("end")), Some(Action::Last));
        assert_eq!(map.action(c, key("/")), Some(Action::StartSearch));
        assert_eq!(map.action(c, key("enter")), Some(Action::Open));
        assert_eq!(map.action(c, key("?")), Some(Action::ToggleHelp));
        assert_eq!(map.action(c, key("q")), Some(Action::Quit));
        assert_eq!(map.action(Context::ChildTimeline, key("esc")), Some(Action::Back));
        assert_eq!(
            map.action(Context::ChildTimeline, key("d")),
            Some(Action::MarkDone)
        );
        assert_eq!(
            map.action(Context::Form, key("j")),
            None,
            "j is typed into a form"
        );
        assert_eq!(
            map.action(Context::Search, key("j")),
            None,
            "j is typed into a search"
        );
    }

    #[test]
    fn shift_is_folded_into_the_character() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&event), Key::parse("G").unwrap());
        let event = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&event), Key::parse("ctrl-c").unwrap());
    }

    #[test]
    fn help_groups_keys_by_action() {
        let help = KeyMap::default().help(Context::Caseload);
        assert_eq!(
            help[0],
            (vec!["↓".to_string(), "j".to_string()], Action::MoveDown)
        );
        assert!(help.iter().any(|(keys, a)| *a == Action::Quit && keys == &["q"]));
    }
}
