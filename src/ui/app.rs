//! The app's state and how actions change it. Pure: no terminal and no
//! database. Anything that needs the store comes back as an [`Effect`]
//! for the event loop to carry out, so every behaviour here can be tested
//! by feeding keys and reading the state.

use crate::domain::caseload::{CaseloadRow, ChildDetail, SearchIndex};
use crate::domain::child::ChildId;
use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, KeyMap};
use crate::ui::theme::Theme;
use crate::ui::view;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

/// What the program knows about where and for whom it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The database's path as the status line shows it.
    pub database: String,
    pub user: String,
    pub today: NaiveDate,
}

/// Something only the event loop can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    LoadChild(ChildId),
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Caseload,
    Child(Box<ChildView>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildView {
    pub detail: ChildDetail,
    pub scroll: u16,
}

pub struct App {
    pub session: Session,
    pub keymap: KeyMap,
    pub theme: Theme,
    rows: Vec<CaseloadRow>,
    index: SearchIndex,
    /// Positions in `rows` that the current search lets through.
    visible: Vec<usize>,
    /// Position in `visible` of the highlighted child.
    selected: usize,
    /// Position in `visible` of the first row on screen.
    offset: usize,
    query: String,
    /// Whether keys are going into the search query.
    searching: bool,
    /// The child highlighted before the search began, to return to.
    before_search: Option<ChildId>,
    screen: Screen,
    help: bool,
    message: Option<String>,
    size: (u16, u16),
}

impl App {
    pub fn new(session: Session, rows: Vec<CaseloadRow>, size: (u16, u16)) -> App {
        let index = SearchIndex::new(&rows);
        let visible = (0..rows.len()).collect();
        App {
            session,
            keymap: KeyMap::default(),
            theme: Theme::default(),
            rows,
            index,
            visible,
            selected: 0,
            offset: 0,
            query: String::new(),
            searching: false,
            before_search: None,
            screen: Screen::Caseload,
            help: false,
            message: None,
            size,
        }
    }

    // ----- what the views read -----

    pub fn context(&self) -> Context {
        if self.help {
            Context::Help
        } else if matches!(self.screen, Screen::Child(_)) {
            Context::Child
        } else if self.searching {
            Context::Search
        } else {
            Context::Caseload
        }
    }

    /// The screen under the help overlay, whose keys the overlay lists.
    pub fn screen_context(&self) -> Context {
        match (&self.screen, self.searching) {
            (Screen::Child(_), _) => Context::Child,
            (Screen::Caseload, true) => Context::Search,
            (Screen::Caseload, false) => Context::Caseload,
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn help_visible(&self) -> bool {
        self.help
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn searching(&self) -> bool {
        self.searching
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn shown(&self) -> usize {
        self.visible.len()
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The rows of the current list from `start`, at most `count` of them.
    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &CaseloadRow> {
        self.visible
            .iter()
            .skip(start)
            .take(count)
            .map(|&i| &self.rows[i])
    }

    pub fn selected_row(&self) -> Option<&CaseloadRow> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }

    // ----- what changes it -----

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.keep_selection_on_screen();
        self.clamp_child_scroll();
    }

    pub fn handle_key(&mut self, event: KeyEvent) -> Option<Effect> {
        // Terminals that report releases would otherwise act twice.
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.message = None;
        let key = Key::from_event(&event);
        let context = self.context();
        if let Some(action) = self.keymap.action(context, key) {
            return self.apply(action);
        }
        if context == Context::Search
            && let KeyCode::Char(c) = event.code
            && !key.ctrl
        {
            self.query.push(c);
            self.refilter(None);
        }
        None
    }

    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        let page = self.page_height().max(1);
        match action {
            Action::MoveDown => self.select(self.selected.saturating_add(1)),
            Action::MoveUp => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected.saturating_add(page)),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::First => self.select(0),
            Action::Last => self.select(usize::MAX),
            Action::StartSearch => {
                if self.query.is_empty() {
                    self.before_search = self.selected_row().map(|r| r.id);
                }
                self.searching = true;
            }
            Action::ClearSearch => {
                if self.searching || !self.query.is_empty() {
                    self.searching = false;
                    self.query.clear();
                    let back_to = self.before_search.take().or(self.selected_row().map(|r| r.id));
                    self.refilter(back_to);
                }
            }
            Action::DeleteSearchChar => {
                self.query.pop();
                self.refilter(None);
            }
            Action::Open => {
                self.searching = false;
                // Having opened a child, the user stays with them when the
                // search is cleared, rather than jumping back.
                self.before_search = None;
                return match self.selected_row() {
                    Some(row) => Some(Effect::LoadChild(row.id)),
                    None => {
                        self.message = Some("No child is selected".to_string());
                        None
                    }
                };
            }
            Action::Back => self.screen = Screen::Caseload,
            Action::NextChild | Action::PreviousChild => {
                let before = self.selected;
                if action == Action::NextChild {
                    self.select(self.selected.saturating_add(1));
                } else {
                    self.select(self.selected.saturating_sub(1));
                }
                if self.selected == before {
                    self.message = Some(if action == Action::NextChild {
                        "This is the last child in the list".to_string()
                    } else {
                        "This is the first child in the list".to_string()
                    });
                    return None;
                }
                return self.selected_row().map(|r| Effect::LoadChild(r.id));
            }
            Action::ScrollDown => {
                if let Screen::Child(view) = &mut self.screen {
                    view.scroll = view.scroll.saturating_add(1);
                }
                self.clamp_child_scroll();
            }
            Action::ScrollUp => {
                if let Screen::Child(view) = &mut self.screen {
                    view.scroll = view.scroll.saturating_sub(1);
                }
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::Quit | Action::ForceQuit => return Some(Effect::Quit),
        }
        None
    }

    /// The event loop loaded the record asked for by [`Effect::LoadChild`].
    pub fn show_child(&mut self, detail: ChildDetail) {
        self.screen = Screen::Child(Box::new(ChildView { detail, scroll: 0 }));
    }

    /// A one-line message for the status line, cleared by the next key.
    pub fn show_message(&mut self, text: impl Into<String>) {
        self.message = Some(text.into());
    }

    fn page_height(&self) -> usize {
        view::caseload::table_rows(self.size.1, self.search_line_shown())
    }

    pub fn search_line_shown(&self) -> bool {
        self.searching || !self.query.is_empty()
    }

    fn select(&mut self, position: usize) {
        self.selected = position.min(self.visible.len().saturating_sub(1));
        self.keep_selection_on_screen();
    }

    fn keep_selection_on_screen(&mut self) {
        let page = self.page_height().max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // After a resize or a narrower search, fill the screen if possible.
        let last_full_offset = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(last_full_offset);
    }

    fn clamp_child_scroll(&mut self) {
        let (width, height) = self.size;
        if let Screen::Child(view) = &mut self.screen {
            let max = view::child::max_scroll(&view.detail, self.session.today, width, height);
            view.scroll = view.scroll.min(max);
        }
    }

    /// Applies the query, then highlights `keep` if it is still listed, or
    /// else the first match.
    fn refilter(&mut self, keep: Option<ChildId>) {
        self.visible = self.index.matches(&self.query);
        self.selected = keep
            .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0);
        self.offset = 0;
        self.keep_selection_on_screen();
    }
}

#[cfg(test)]
mod tests;
