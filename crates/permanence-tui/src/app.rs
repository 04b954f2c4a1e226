//! The app: which screen is open over the caseload, the layers drawn over
//! it, and what the screens share (the session, the user's access, the
//! status line's message, the window's size, kept drafts); it routes each
//! action to the top layer, the screen, the caseload, then the keys every
//! screen shares. Pure: no terminal and no database. Anything that needs
//! the store comes back as an [`Effect`] for the event loop to carry out,
//! so every behaviour here can be tested by feeding keys and reading the
//! state.

use crate::action::Action;
use crate::component::{Component, Ctx, Handled};
use crate::domain::caseload::{CaseloadRow, ChildDetail};
use crate::domain::caseload_view::{CaseloadView, Me};
use crate::domain::child::ChildId;
use crate::domain::dashboard::SelectableBar;
use crate::domain::date::DateStyle;
use crate::domain::permissions::{Action as Permission, ChildScope, Policy, Refusal};
use crate::domain::timeline::{Summary, Timeline};
use crate::form_editor::FormEditor;
use crate::keymap::{Context, Key, KeyMap};
pub use crate::layers::Palette;
use crate::layers::{Layer, Layers, PaletteOutcome};
use crate::layout;
use crate::modal::{Modal, Picker, PickerPurpose};
use crate::screens::caseload::Caseload;
pub use crate::screens::child::events::Pending;
use crate::screens::child::papers::Papers;
pub use crate::screens::child::{ChildTab, ChildView};
use crate::screens::child::{events, forms};
use crate::screens::dashboard::DashboardView;
use crate::screens::meeting::MeetingView;
pub use crate::screens::what_next::WhatNextView;
use crate::service::access::Access;
use crate::theme::Theme;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
pub use effect::Effect;
use std::collections::HashMap;

/// What the program knows about where and for whom it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The database's path as the status line shows it.
    pub database: String,
    pub user: String,
    pub today: NaiveDate,
    /// Opened with `--read-only`: every change is refused up front.
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Caseload,
    Child(Box<ChildView>),
    Meeting(Box<MeetingView>),
    /// Every open item of the children in view, most urgent first.
    WhatNext(Box<WhatNextView>),
    /// Pictures of the children in view, for a manager.
    Dashboard(Box<DashboardView>),
    /// Best-option guidance for one child (Appendix 5).
    BestOption(Box<crate::best_option_view::BestOptionView>),
}

pub struct App {
    pub session: Session,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// How dates are shown on every screen.
    pub dates: DateStyle,
    /// Whose working days count: a Gateway panel cannot sit on a bank
    /// holiday.
    pub calendar: crate::domain::calendar::Calendar,
    /// The caseload, always beneath the other screens.
    caseload: Caseload,
    screen: Screen,
    /// What is drawn over the screen: a form, a dialog, the palette, help.
    layers: Layers,
    message: Option<String>,
    size: (u16, u16),
    /// Who is using the app, and what their role allows.
    access: Access,
    policy: Policy,
    /// The dialog last submitted, kept until its save is known to have
    /// worked: on a conflict it comes back with what was typed.
    last_form: Option<Modal>,
    /// Drafts kept from sessions that ended mid-dialog, by purpose.
    drafts: HashMap<String, Vec<String>>,
    /// Drafts used up (saved or cancelled), for the event loop to remove.
    spent_drafts: Vec<String>,
    /// The kinds of form there are: (kind, title).
    form_kinds: Vec<(String, String)>,
    /// The dashboard a bar was opened from, for Esc to come back to.
    dashboard_beneath: Option<Box<DashboardView>>,
    /// The "what next" a child was opened from, for Esc to come back to.
    what_next_beneath: Option<Box<WhatNextView>>,
    /// How many forms await the user's sign-off or QA.
    awaiting: usize,
    /// From how many children "what next" is read a page at a time
    /// (`effects::PAGED_FROM`; a test sets it lower to read a small
    /// caseload as a wide view is read).
    pub what_next_pages_from: usize,
    /// Where the viewer saves texts: the administrator's `export_folder`.
    pub export_folder: Option<std::path::PathBuf>,
    /// Each team's short form, over every team on the caseload, for
    /// columns too narrow for the name (`domain::fit::short_team_names`).
    team_names: std::collections::BTreeMap<String, String>,
    /// The administrator's short names (`teams.toml`), which the computed
    /// ones give way to.
    given_team_names: std::collections::BTreeMap<String, String>,
}

impl App {
    pub fn new(session: Session, rows: Vec<CaseloadRow>, size: (u16, u16)) -> App {
        let given_team_names = std::collections::BTreeMap::new();
        let team_names = short_team_names(&rows, &given_team_names);
        App {
            session,
            keymap: KeyMap::default(),
            theme: Theme::default(),
            dates: DateStyle::default(),
            calendar: crate::domain::calendar::Calendar::default(),
            caseload: Caseload::new(rows, size.1),
            screen: Screen::Caseload,
            layers: Layers::default(),
            message: None,
            size,
            access: Access::SettingUp,
            policy: Policy::default(),
            last_form: None,
            drafts: HashMap::new(),
            spent_drafts: Vec::new(),
            form_kinds: Vec::new(),
            dashboard_beneath: None,
            what_next_beneath: None,
            awaiting: 0,
            what_next_pages_from: crate::effects::PAGED_FROM,
            export_folder: None,
            team_names,
            given_team_names,
        }
    }

    /// Who is using the app and the policy that says what they may do.
    pub fn set_access(&mut self, access: Access, policy: Policy) {
        self.access = access;
        self.policy = policy;
    }

    /// Whether the user may take `action` (on a child whose people are in `scope`).
    pub fn permits(&self, action: Permission, scope: Option<ChildScope<'_>>) -> Result<(), Refusal> {
        self.access.check(&self.policy, action, scope)
    }

    // ----- what the views read -----

    pub fn context(&self) -> Context {
        match self.layers.top() {
            Some(Layer::Help { .. }) => Context::Help,
            Some(Layer::Palette(_)) => Context::Palette,
            _ => self.screen_context(),
        }
    }

    /// The screen (or dialog) under the help overlay, whose keys it lists.
    pub fn screen_context(&self) -> Context {
        if let Some(context) = self.layers.context() {
            return context;
        }
        match &self.screen {
            Screen::Child(view) => view.context(),
            Screen::Meeting(view) => view.context(),
            Screen::WhatNext(view) => view.context(),
            Screen::Dashboard(view) => view.context(),
            Screen::BestOption(view) => view.context(),
            Screen::Caseload => self.caseload.context(),
        }
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.layers.dialog()
    }

    /// The command palette, if it is open.
    /// What is drawn over the screen, bottom first.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }

    pub fn palette(&self) -> Option<&Palette> {
        self.layers.palette()
    }

    /// The caseload, always beneath the other screens.
    pub fn caseload(&self) -> &Caseload {
        &self.caseload
    }

    pub fn summary(&self, child: ChildId) -> Option<&Summary> {
        self.caseload.summary(child)
    }

    /// Children on screen whose timeline summary the caseload still needs.
    pub fn wanted_summaries(&self) -> Vec<&CaseloadRow> {
        self.caseload.wanted_summaries()
    }

    /// The pages either side of the one on screen whose summaries are not
    /// yet worked out: done while the user is idle, so that paging finds
    /// them ready.
    pub fn summaries_ahead(&self) -> Vec<&CaseloadRow> {
        if !matches!(self.screen, Screen::Caseload) {
            return Vec::new();
        }
        self.caseload.summaries_ahead()
    }

    /// The event loop worked out summaries for these children.
    pub fn set_summaries(&mut self, asked: &[ChildId], found: HashMap<ChildId, Summary>) {
        self.caseload.set_summaries(asked, found);
    }

    /// How the caseload is narrowed and sorted, for its header.
    pub fn caseload_view(&self) -> &CaseloadView {
        self.caseload.view()
    }

    /// Who the user is, for "my caseload" and "my team"; the plans there are.
    /// The loaded pathways' names, which the caseload filters by and a
    /// plan dialog picks from.
    pub fn set_pathways(&mut self, pathways: Vec<String>) {
        self.caseload.set_pathways(pathways);
    }

    pub fn set_me(&mut self, me: Me, pathways: Vec<String>) {
        self.caseload.set_me(me, pathways);
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn help_scroll(&self) -> u16 {
        self.layers.help_scroll()
    }

    pub fn help_visible(&self) -> bool {
        self.layers.help_visible()
    }

    pub fn query(&self) -> &str {
        self.caseload.query()
    }

    pub fn searching(&self) -> bool {
        self.caseload.searching()
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Opens on this view (the configuration file's `view`), as its key
    /// would: my caseload needs to know who "my" is, so after `set_me`.
    pub fn start_on(&mut self, scope: crate::domain::caseload_view::Scope) {
        use crate::domain::caseload_view::Scope;
        let action = match scope {
            Scope::Mine => Action::ViewMine,
            Scope::MyTeam => Action::ViewTeam,
            Scope::Everyone => Action::ViewEveryone,
        };
        // Nothing to load: a view only narrows the rows already there.
        let _ = self.dispatch(action);
    }

    /// Opens on the view the user's own facts chose (no `view` in
    /// config.toml), saying why when it is not their own caseload.
    pub fn open_on(&mut self, opening: crate::domain::caseload_view::Opening) {
        // Everyone is the list as it stands: dispatching it would only
        // risk a word about an empty list over a first run's own.
        if opening.scope != crate::domain::caseload_view::Scope::Everyone {
            self.start_on(opening.scope);
        }
        if let Some(why) = opening.why {
            self.show_message(why);
        }
    }

    pub fn total(&self) -> usize {
        self.caseload.total()
    }

    pub fn shown(&self) -> usize {
        self.caseload.shown()
    }

    pub fn selected(&self) -> usize {
        self.caseload.selected()
    }

    pub fn offset(&self) -> usize {
        self.caseload.offset()
    }

    /// The rows of the current list from `start`, at most `count` of them.
    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &CaseloadRow> {
        self.caseload.visible_rows(start, count)
    }

    pub fn selected_row(&self) -> Option<&CaseloadRow> {
        self.caseload.selected_row()
    }

    // ----- what changes it -----

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.caseload.resize(height);
        let (today, dates) = (self.session.today, self.dates);
        if let Screen::Child(view) = &mut self.screen {
            view.clamp_scroll(self.size, today, dates);
            view.fit_papers(self.size, dates);
        }
    }

    pub fn handle_key(&mut self, event: KeyEvent) -> Option<Effect> {
        // Terminals that report releases would otherwise act twice.
        if event.kind == KeyEventKind::Release {
            return None;
        }
        // Any key clears the message; `!` reads the one it cleared.
        let shown = self.message.take();
        let key = Key::from_event(&event);
        let context = self.context();
        if let Some(Layer::Form(_)) = self.layers.top() {
            return self.handle_form_key(context, key, event.code);
        }
        if let Some(action) = self.keymap.action(context, key) {
            if action == Action::FullMessage {
                self.read_message(shown);
                return None;
            }
            return self.dispatch(action);
        }
        if let KeyCode::Char(c) = event.code
            && !key.ctrl
        {
            match context {
                Context::Palette => {
                    if let Some(palette) = self.layers.palette_mut() {
                        palette.type_char(c);
                    }
                }
                Context::BestOptionSearch => {
                    if let Screen::BestOption(view) = &mut self.screen {
                        view.type_char(c);
                    }
                }
                Context::Search => self.caseload.type_char(c),
                Context::ViewerFind => {
                    if let Some(viewer) = self.layers.viewer_mut() {
                        viewer.type_char(c);
                    }
                }
                Context::Form => {
                    if let Some(Modal::Form(form)) = self.layers.dialog_mut() {
                        form.type_char(c);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Carries out an action as its key would: the one path for keys,
    /// the command palette and the mouse, so that each behaves the same.
    fn dispatch(&mut self, action: Action) -> Option<Effect> {
        // A dialog cancelled with a draft in it: the draft is spent.
        if action == Action::Cancel
            && let Some(Modal::Form(form)) = self.layers.dialog()
            && let Some(key) = &form.from_draft
        {
            self.spent_drafts.push(key.clone());
        }
        let effect = self.apply(action);
        self.restore_draft();
        effect
    }

    /// A left click at (`column`, `row`): on a caseload row it highlights
    /// that child, and on the highlighted one opens them, as Enter does;
    /// on a timeline item it highlights it, and on the highlighted one
    /// explains it. Anywhere else, or with anything drawn over the
    /// screen, a click does nothing: the keyboard is the way.
    pub fn click(&mut self, column: u16, row: u16) -> Option<Effect> {
        let (width, height) = self.size;
        if width < layout::MIN_WIDTH || height < layout::MIN_HEIGHT {
            return None;
        }
        let window = ratatui::layout::Rect::new(0, 0, width, height);
        match self.context() {
            Context::Caseload | Context::Search => {
                let line = layout::caseload::body_line_at(window, self.search_line_shown(), column, row)?;
                let again = self.caseload.click(line)?;
                self.message = None;
                if again {
                    return self.dispatch(Action::Open);
                }
                None
            }
            Context::ChildTimeline => {
                let Screen::Child(child) = &mut self.screen else {
                    return None;
                };
                let again = child.click(self.size, column, row)?;
                self.message = None;
                if again {
                    return self.dispatch(Action::Explain);
                }
                None
            }
            _ => None,
        }
    }

    /// The mouse wheel: `lines` down (up if negative) on a list or a page
    /// that scrolls, as that many presses of ↓ or ↑ would.
    pub fn scroll(&mut self, lines: isize) {
        let (down, up) = match self.context() {
            Context::Caseload
            | Context::Search
            | Context::ChildTimeline
            | Context::WhatNext
            | Context::Picker
            | Context::Palette
            | Context::ChildFamily
            | Context::ChildChronology
            | Context::ChildGateway => (Action::MoveDown, Action::MoveUp),
            Context::ChildRecord
            | Context::ChildHistory
            | Context::BestOption
            | Context::Help
            | Context::Viewer => (Action::ScrollDown, Action::ScrollUp),
            // Forms, dialogs being typed into, meetings and pictures: the
            // wheel could only surprise there.
            _ => return,
        };
        let action = if lines < 0 { up } else { down };
        for _ in 0..lines.unsigned_abs() {
            // Moving never needs the store, so there is no effect to lose.
            let _ = self.apply(action);
        }
    }

    fn handle_form_key(&mut self, context: Context, key: Key, code: KeyCode) -> Option<Effect> {
        match self.keymap.action(context, key) {
            Some(action) => match self.layers.apply_to_form(action) {
                Handled::Consumed(effect) => return effect,
                Handled::Ignored => {}
            },
            None => {
                if let KeyCode::Char(c) = code
                    && !key.ctrl
                    && let Some(editor) = self.layers.form_mut()
                {
                    editor.type_char(c);
                }
            }
        }
        None
    }

    /// Pasted text: into the form's field, the dialog or the search, as
    /// if typed (line breaks only where a line break may go).
    pub fn paste(&mut self, text: &str) {
        if let Some(editor) = self.layers.form_mut() {
            editor.paste(text);
            return;
        }
        if let Some(palette) = self.layers.palette_mut() {
            for c in text.chars().filter(|c| !c.is_control()) {
                palette.type_char(c);
            }
            return;
        }
        let dialog = self.layers.dialog_mut();
        let typed = dialog.is_none();
        if let Some(Modal::Form(form)) = dialog {
            for c in text.chars().filter(|c| !c.is_control()) {
                form.type_char(c);
            }
        }
        self.caseload.paste(text, typed);
    }

    // ----- the form editor -----

    pub fn set_form_kinds(&mut self, kinds: Vec<(String, String)>) {
        self.form_kinds = kinds;
    }

    pub fn form_editor(&self) -> Option<&FormEditor> {
        self.layers.form()
    }

    pub fn form_editor_mut(&mut self) -> Option<&mut FormEditor> {
        self.layers.form_mut()
    }

    pub fn open_form(&mut self, editor: FormEditor) {
        self.layers.open_form(editor);
    }

    pub fn close_form(&mut self) -> Option<FormEditor> {
        self.layers.take_form()
    }

    fn start_form(&mut self) -> Option<Effect> {
        let Screen::Child(view) = &self.screen else {
            return None;
        };
        if self.session.read_only {
            self.message = Some("Read-only: this database cannot be changed from here".into());
            return None;
        }
        if let Err(refusal) = self
            .access
            .check(&self.policy, Permission::EditTimeline, Some(view.scope()))
        {
            self.message = Some(refusal.to_string());
            return None;
        }
        self.layers.set_dialog(Some(Modal::Picker(Picker {
            title: "Fill in a form".into(),
            options: self
                .form_kinds
                .iter()
                .map(|(kind, title)| (title.clone(), kind.clone()))
                .collect(),
            selected: 0,
            purpose: PickerPurpose::FormKind,
        })));
        None
    }

    /// Carries out an action: the layers over the screen get it first,
    /// then the screen, then the caseload's keys, then the keys every
    /// screen shares; the first to consume it ends its journey.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        if let Handled::Consumed(effect) = self.apply_to_layers(action) {
            return effect;
        }
        if let Handled::Consumed(effect) = self.apply_to_screen(action) {
            return effect;
        }
        if let Handled::Consumed(effect) = self.handle_screen(action, true) {
            return effect;
        }
        self.apply_shared(action)
    }

    /// The top layer's keys. Help, the palette and a dialog consume every
    /// action, since anything else would act on a screen the user cannot
    /// see; a form's keys come through `handle_form_key`.
    fn apply_to_layers(&mut self, action: Action) -> Handled {
        match self.layers.top() {
            Some(Layer::Help { .. }) => self.layers.apply_to_help(action),
            Some(Layer::Palette(_)) => Handled::Consumed(self.apply_to_palette(action)),
            // A box of details scrolls alike over every screen.
            Some(Layer::Dialog(_)) if self.scrolls_info(action) => {
                self.scroll_info(action);
                Handled::Consumed(None)
            }
            Some(Layer::Dialog(_)) => Handled::Consumed(self.apply_to_modal(action)),
            Some(Layer::Viewer(_)) => Handled::Consumed(self.apply_to_viewer(action)),
            Some(Layer::Form(_)) | None => Handled::Ignored,
        }
    }

    /// The screen's own keys, once no layer is over it (a form open over
    /// the screen gives a context of its own, and the screen nothing):
    /// every screen is a component, and gets them through `handle_screen`.
    fn apply_to_screen(&mut self, action: Action) -> Handled {
        if let Some(handled) = self.dashboard_bar(action) {
            return handled;
        }
        match self.context() {
            Context::ChildTimeline
            | Context::ChildRecord
            | Context::ChildFamily
            | Context::ChildChronology
            | Context::ChildGateway
            | Context::ChildForms
            | Context::ChildHistory
            | Context::Meeting
            | Context::WhatNext
            | Context::Dashboard
            | Context::BestOption
            | Context::BestOptionSearch => self.handle_screen(action, false),
            _ => Handled::Ignored,
        }
    }

    /// The keys every screen shares (back, help, the palette, quit, and a
    /// form, which only the child's screen offers), once no layer or
    /// screen has taken them.
    fn apply_shared(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Back => return self.back(),
            Action::ToggleHelp => self.layers.show_help(!self.layers.help_visible()),
            Action::Palette => {
                self.layers
                    .set_palette(Some(Palette::new(self.screen_context(), &self.keymap)));
            }
            Action::StartForm => return self.start_form(),
            // Read as the command line writes them, where there is no
            // command line (a forced SSH command).
            Action::ViewPapers => {
                if let Screen::Child(view) = &self.screen {
                    let child = view.detail.id;
                    // On the Timeline tab, the timeline's own text.
                    return Some(if self.context() == Context::ChildTimeline {
                        Effect::ViewTimeline { child }
                    } else {
                        Effect::ViewChronology { child }
                    });
                }
            }
            Action::PastMinutes => return Some(Effect::PastMeetings),
            Action::ViewMinutes => {
                if let Screen::Meeting(view) = &self.screen {
                    return Some(Effect::ViewMinutes {
                        meeting: view.meeting.id,
                    });
                }
            }
            Action::Quit | Action::ForceQuit => return Some(Effect::Quit),
            // Every other action is a screen's or a layer's own, taken
            // above where it means something; here it means nothing. Not
            // listed one by one, so that a key added to one screen needs
            // only that screen's folder and the key map.
            _ => {}
        }
        None
    }

    /// Keys in the command palette; Enter closes it and carries out the
    /// chosen action on the screen beneath, as its own key would.
    fn apply_to_palette(&mut self, action: Action) -> Option<Effect> {
        let outcome = self.layers.palette_mut()?.apply(action);
        match outcome {
            PaletteOutcome::Stay => None,
            PaletteOutcome::Close => {
                self.layers.set_palette(None);
                None
            }
            PaletteOutcome::Quit => Some(Effect::Quit),
            PaletteOutcome::NoMatch => {
                self.message = Some("No action matches; Backspace widens the search".into());
                None
            }
            PaletteOutcome::Choose { action, from } => {
                self.layers.set_palette(None);
                // Someone else's change may have moved the screen beneath
                // (a child removed, say): do nothing rather than the wrong thing.
                if self.context() != from {
                    self.message = Some("The screen changed underneath; : opens the palette again".into());
                    return None;
                }
                self.dispatch(action)
            }
        }
    }

    pub fn show_best_option(&mut self, view: crate::best_option_view::BestOptionView) {
        self.screen = Screen::BestOption(Box::new(view));
    }

    /// Gives the action to the screen (or, with `caseload`, to the
    /// caseload beneath every screen), when it is a component of its
    /// own, with what it may read and change beyond its state; a dialog
    /// it asks for opens over it.
    fn handle_screen(&mut self, action: Action, caseload: bool) -> Handled {
        let pathways = self.caseload.pathways().to_vec();
        let mut ctx = Ctx {
            session: &self.session,
            dates: self.dates,
            page: self.page_height().max(1),
            size: self.size,
            access: &self.access,
            policy: &self.policy,
            message: &mut self.message,
            dialog: None,
            pathways: &pathways,
        };
        let handled = match &mut self.screen {
            _ if caseload => self.caseload.handle(action, &mut ctx),
            Screen::Child(view) => view.handle(action, &mut ctx),
            Screen::WhatNext(view) => view.handle(action, &mut ctx),
            Screen::Meeting(view) => view.handle(action, &mut ctx),
            Screen::Dashboard(view) => view.handle(action, &mut ctx),
            Screen::BestOption(view) => view.handle(action, &mut ctx),
            _ => Handled::Ignored,
        };
        if let Some(dialog) = ctx.dialog {
            self.layers.set_dialog(Some(dialog));
        }
        handled
    }

    pub fn show_what_next(&mut self, view: WhatNextView) {
        self.screen = Screen::WhatNext(Box::new(view));
    }

    /// The "what next" list on screen, to work out again after a change
    /// made from it.
    pub fn what_next(&self) -> Option<&WhatNextView> {
        match &self.screen {
            Screen::WhatNext(view) => Some(view),
            _ => None,
        }
    }

    /// The "what next" list on screen, to complete its lines in view.
    pub fn what_next_mut(&mut self) -> Option<&mut WhatNextView> {
        match &mut self.screen {
            Screen::WhatNext(view) => Some(view),
            _ => None,
        }
    }

    /// The list worked out again after a change made from it, on the same
    /// focus and line.
    pub fn refresh_what_next(&mut self, entries: Vec<crate::screens::what_next::Entry>) {
        if let Screen::WhatNext(view) = &mut self.screen {
            view.replace_entries(entries);
        }
    }

    /// Whether the user manages a team: "what next" then names each
    /// child's worker.
    pub fn manages_team(&self) -> bool {
        matches!(&self.access, Access::Worker(worker) if worker.role.manages_team())
    }

    /// The child's timeline, opened on this item (catching up items long
    /// overdue from "what next").
    pub fn show_timeline_item(&mut self, plan: crate::domain::plan::PlanId, key: &str) {
        let (width, height) = self.size;
        if let Screen::Child(view) = &mut self.screen {
            view.tab = ChildTab::Timeline;
            let rows = layout::timeline::list_height(view, width, height);
            view.select_item(plan, key, rows);
        }
    }

    pub fn show_meeting(&mut self, view: MeetingView) {
        self.layers.set_dialog(None);
        self.screen = Screen::Meeting(Box::new(view));
    }

    /// The tracker meeting on screen, if one is.
    pub fn meeting_mut(&mut self) -> Option<&mut MeetingView> {
        match &mut self.screen {
            Screen::Meeting(view) => Some(view),
            _ => None,
        }
    }

    pub fn set_meeting(&mut self, meeting: crate::domain::meeting::Meeting) {
        if let Screen::Meeting(view) = &mut self.screen
            && view.meeting.id == meeting.id
        {
            view.meeting = meeting;
        }
    }

    /// The event loop loaded the record asked for by [`Effect::LoadChild`].
    pub fn show_child(&mut self, detail: ChildDetail, timeline: Timeline) {
        let (width, height) = self.size;
        match &mut self.screen {
            Screen::Child(view) if view.detail.id == detail.id => {
                let rows = layout::timeline::list_height(view, width, height);
                view.refresh(detail, timeline, rows);
            }
            _ => {
                // Going on to the next child keeps the tab: whoever is
                // checking each sibling's Gateway papers stays on them.
                let tab = match &self.screen {
                    Screen::Child(previous) => Some(previous.tab),
                    _ => None,
                };
                let mut view = ChildView::new(detail, timeline);
                if let Some(tab) = tab.filter(|t| *t != ChildTab::Timeline || !view.timeline.plans.is_empty())
                {
                    view.tab = tab;
                }
                let rows = layout::timeline::list_height(&view, width, height);
                view.cursor = view.first_open_item();
                view.move_cursor(0, rows);
                let previous = std::mem::replace(&mut self.screen, Screen::Child(Box::new(view)));
                self.remember_beneath(previous);
            }
        }
    }

    /// Someone else changed the database: new rows, with the search, the
    /// highlighted child and anything being typed left as they were.
    pub fn replace_rows(&mut self, rows: Vec<CaseloadRow>) {
        self.team_names = short_team_names(&rows, &self.given_team_names);
        self.caseload.replace_rows(rows);
    }

    /// The child on screen, if any.
    pub fn open_child(&self) -> Option<ChildId> {
        match &self.screen {
            Screen::Child(view) => Some(view.detail.id),
            Screen::Caseload
            | Screen::Meeting(_)
            | Screen::WhatNext(_)
            | Screen::Dashboard(_)
            | Screen::BestOption(_) => None,
        }
    }

    /// The open child's history, loaded by the event loop.
    pub fn show_events(&mut self, events: Vec<crate::child_view::HistoryLine>) {
        if let Screen::Child(view) = &mut self.screen {
            view.events = events;
        }
    }

    pub fn show_history(&mut self, history: Result<Vec<crate::child_view::HistoryLine>, String>) {
        if let Screen::Child(view) = &mut self.screen {
            view.history = history;
        }
    }

    /// Forgets a child's caseload summary after a change, so it is worked
    /// out again.
    pub fn forget_summary(&mut self, child: ChildId) {
        self.caseload.forget_summary(child);
    }

    /// Highlights a child in the list (for `permanence child REF`).
    pub fn select_child(&mut self, child: ChildId) -> Option<Effect> {
        self.caseload.select_child(child)
    }

    fn timeline_list_height(&self) -> usize {
        match &self.screen {
            Screen::Child(view) => layout::timeline::list_height(view, self.size.0, self.size.1),
            Screen::Caseload
            | Screen::Meeting(_)
            | Screen::WhatNext(_)
            | Screen::Dashboard(_)
            | Screen::BestOption(_) => 1,
        }
    }

    /// Enter on a dashboard bar lists its children in the caseload, the
    /// dashboard kept to come back to; Esc there (with no search to clear)
    /// comes back to it. `None` when the action is not one of these.
    fn dashboard_bar(&mut self, action: Action) -> Option<Handled> {
        match (self.context(), action) {
            (Context::Dashboard, Action::Open) => {
                let Screen::Dashboard(view) = &self.screen else {
                    return None;
                };
                let Some(bar) = view.selected_bar(self.size).map(SelectableBar::into_owned) else {
                    self.message = Some("No bar to open: no children are counted".to_string());
                    return Some(Handled::Consumed(None));
                };
                if let Some(search) = self.caseload.show_only(bar.label, bar.children) {
                    self.message = Some(format!(
                        "Search \u{201c}{search}\u{201d} cleared: the bar's children are listed, all of them"
                    ));
                }
                let screen = std::mem::replace(&mut self.screen, Screen::Caseload);
                if let Screen::Dashboard(view) = screen {
                    self.dashboard_beneath = Some(view);
                }
                Some(Handled::Consumed(None))
            }
            (Context::Caseload, Action::ClearSearch) if self.caseload.only().is_some() => {
                self.caseload.clear_only();
                let view = self.dashboard_beneath.take()?;
                self.screen = Screen::Dashboard(view);
                Some(Handled::Consumed(None))
            }
            _ => None,
        }
    }

    /// A one-line message for the status line, cleared by the next key.
    pub fn show_message(&mut self, text: impl Into<String>) {
        self.message = Some(text.into());
    }

    fn page_height(&self) -> usize {
        self.caseload.page_height()
    }

    pub fn search_line_shown(&self) -> bool {
        self.caseload.search_line_shown()
    }
}

impl App {
    /// The papers read with the child, each tab keeping its place.
    /// The child's forms, for the Forms tab; with the cursor on `form`
    /// and the tab showing, when one is asked for.
    pub fn show_forms(
        &mut self,
        lines: Result<Vec<crate::screens::child::forms_tab::FormLine>, String>,
        form: Option<i64>,
    ) {
        if let Screen::Child(view) = &mut self.screen {
            view.forms.replace(lines);
            if let Some(form) = form {
                view.tab = ChildTab::Forms;
                view.forms.select(form);
            }
        }
    }

    /// Opens a dialog or a picker over the screen, for the event loop (a
    /// stored form to read, the queue of forms awaiting the user).
    pub fn show_dialog(&mut self, modal: Modal) {
        self.layers.set_dialog(Some(modal));
    }

    /// How many forms await the user's sign-off or QA, for the caseload's
    /// status line.
    pub fn set_awaiting(&mut self, count: usize) {
        self.awaiting = count;
    }

    pub fn awaiting(&self) -> usize {
        self.awaiting
    }

    pub fn show_papers(&mut self, papers: Papers) {
        let dates = self.dates;
        if let Screen::Child(view) = &mut self.screen {
            view.set_papers(papers, self.size.0, dates);
            view.fit_papers(self.size, dates);
        }
    }
}

/// What a date field takes, in the words of the style dates are shown in.
pub(crate) fn date_hint(dates: DateStyle, relative: &str) -> String {
    format!("{} or {relative}", dates.code())
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

mod back;
mod child_timeliness;
mod dashboard;
mod dialogs;
mod effect;
mod loading;
mod viewer;

pub use viewer::NO_EXPORT_FOLDER;
use viewer::short_team_names;

#[cfg(test)]
pub(crate) mod tests;
