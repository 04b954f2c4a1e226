//! Everything a key can do, by name. Key maps point at these; the help
//! overlay describes them; the app carries them out.

/// A named thing the user can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    First,
    Last,
    StartSearch,
    ClearSearch,
    DeleteSearchChar,
    Open,
    Back,
    NextChild,
    PreviousChild,
    ScrollUp,
    ScrollDown,
    ToggleHelp,
    Quit,
    ForceQuit,
}

impl Action {
    /// The name key maps and, later, the command palette use.
    pub fn name(self) -> &'static str {
        match self {
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::First => "first",
            Action::Last => "last",
            Action::StartSearch => "search",
            Action::ClearSearch => "clear_search",
            Action::DeleteSearchChar => "delete_search_char",
            Action::Open => "open",
            Action::Back => "back",
            Action::NextChild => "next_child",
            Action::PreviousChild => "previous_child",
            Action::ScrollUp => "scroll_up",
            Action::ScrollDown => "scroll_down",
            Action::ToggleHelp => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "force_quit",
        }
    }

    /// What the help overlay says the key does.
    pub fn description(self) -> &'static str {
        match self {
            Action::MoveUp => "Previous child",
            Action::MoveDown => "Next child",
            Action::PageUp => "Page up",
            Action::PageDown => "Page down",
            Action::First => "First child",
            Action::Last => "Last child",
            Action::StartSearch => "Search names and references",
            Action::ClearSearch => "Clear the search",
            Action::DeleteSearchChar => "Delete a character",
            Action::Open => "Open the child's record",
            Action::Back => "Back",
            Action::NextChild => "Next child in the list",
            Action::PreviousChild => "Previous child in the list",
            Action::ScrollUp => "Scroll up",
            Action::ScrollDown => "Scroll down",
            Action::ToggleHelp => "Show or hide this help",
            Action::Quit => "Quit",
            Action::ForceQuit => "Quit from anywhere",
        }
    }
}
