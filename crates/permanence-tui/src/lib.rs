//! The terminal interface: the app ([`app`], which routes between the
//! screens and holds what they share), the screens ([`screens`], each a
//! folder with its state, its keys and its drawing), what is drawn over
//! them ([`layers`]), keys ([`keymap`], [`action`]), what both state and
//! drawing need to know about where things lie ([`layout`]), the drawing
//! the screens share ([`view`]) and the event loop here, which is the only
//! part that talks to both the terminal and the store.
//!
//! How a key travels:
//!
//! 1. The event loop ([`run`]) reads a key from the terminal.
//! 2. The key map ([`keymap`], data the user may change) resolves it, in
//!    the context of what is on top, to a named [`action::Action`].
//! 3. The layer stack ([`layers`]: a form, a dialog, the palette, help)
//!    gets the action first, top layer first (a dialog's choice or save,
//!    which needs the screen beneath, is carried out in `app/dialogs.rs`).
//! 4. If no layer is open, the screen gets it: a [`component::Component`]
//!    in its own folder under [`screens`]; what it
//!    [`Ignored`](component::Handled::Ignored) goes to the caseload
//!    beneath every screen (next and previous child), then to the keys
//!    every screen shares (back, help, the palette, quit).
//! 5. What needs the store comes back as an [`app::Effect`], which
//!    [`carry_out`] ([`effects`]) hands to the use case that reads or
//!    writes it, and shows the result.
//!
//! Drawing ([`view`], and each screen's own `draw`) reads that state and
//! never changes it.

pub mod action;
pub mod app;
pub mod component;
pub mod effects;
pub mod form_editor;
pub mod form_route;
pub mod forms;
pub mod history;
pub mod keymap;
pub mod keys_config;
pub mod layers;
pub mod layout;
pub mod loading;
pub mod meetings;
pub mod modal;
pub mod picker;
pub mod plan_effects;
pub mod record_edit;
pub mod screens;
pub mod signals;
pub mod terminal;
pub mod theme;
pub mod theme_file;
pub mod view;
pub mod viewer;
mod viewing;

pub use app::Session;
pub use effects::carry_out;
/// The best-option screen's state, by the name it had before it was a
/// screen of its own.
pub use screens::best_option as best_option_view;
/// The child screen's state, by the name it had before it was a screen of
/// its own (the audit history's lines are read into it).
pub use screens::child::state as child_view;

// The crates below, by the names these modules have always used for them
// (`crate::domain::…`, `crate::service::…`): the terminal interface was
// the program's `ui` folder before it was a crate of its own.
pub(crate) use permanence_domain as domain;
pub(crate) use permanence_interchange as interchange;
pub(crate) use permanence_service as service;
pub(crate) use permanence_store as store;

use crate::domain::caseload::CaseloadRow;
use crate::domain::child::ChildId;
use crate::keymap::KeyMap;
use crate::service::library::Library;
use crate::service::timelines;
use crate::store::Store;
use anyhow::{Context as _, Result, bail};
use app::{App, Effect};
use crossterm::event::{self, Event, MouseButton, MouseEventKind};
use std::process::ExitCode;
use std::time::Duration;

/// How often the loop wakes without input, to notice signals and a
/// vanished terminal. Short enough to exit well within a second.
const TICK: Duration = Duration::from_millis(200);

/// How long the user must be still before the next pages' summaries are
/// worked out: short enough to be ready for a page down, long enough not
/// to delay the next row down while a key is held.
const PREFETCH_PAUSE: Duration = Duration::from_millis(40);

/// How far one notch of the mouse wheel moves, as most programs do.
const WHEEL_LINES: isize = 3;

/// How long the terminal may be gone before the watchdog ends the
/// process, should the event loop somehow not have noticed.
const WATCHDOG_GRACE: Duration = Duration::from_millis(700);

/// Where the app opens: on a child (`permanence child REF`), perhaps with
/// a form of theirs, or on the caseload.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    pub child: Option<ChildId>,
    pub form: Option<String>,
}

/// How this user likes the screens: the theme, the keys, and the view the
/// caseload opens on (from `--theme` and the configuration file).
#[derive(Debug, Clone)]
pub struct Preferences {
    pub look: theme::Chosen,
    pub keymap: KeyMap,
    pub view: Option<crate::domain::caseload_view::Scope>,
    /// What was wrong with the configuration file, said on opening.
    pub problem: Option<String>,
    /// Symbols drawn in ASCII (the Linux console, VT100s).
    pub ascii: bool,
    /// Clicks and the wheel reported (the configuration file's `mouse`).
    pub mouse: bool,
    /// How dates are shown (the configuration file's `date_format`).
    pub dates: crate::domain::date::DateStyle,
    /// Where the viewer saves texts (the configuration file's
    /// `export_folder`).
    pub export_folder: Option<std::path::PathBuf>,
}

/// Runs the app until the user quits, a signal arrives or the terminal
/// goes away. Returns the exit status: 0 for quitting, 128 + the signal
/// number for a signal, 1 if the terminal vanished. The caseload is read
/// here: its first screen before the first frame, the rest after
/// ([`loading`]).
pub fn run(
    store: &mut Store,
    library: &Library,
    session: Session,
    opening: Opening,
    access: crate::service::access::Access,
    preferences: Preferences,
) -> Result<ExitCode> {
    let Opening {
        child: open_child,
        form: open_form,
    } = opening;
    if !terminal::still_attached() {
        bail!(
            "permanence needs a terminal to show its screens; for scripts, use `permanence export caseload` or `permanence --help`"
        );
    }
    let signals = Signals::install().context("cannot watch for signals")?;
    let mut guard =
        terminal::TerminalGuard::enter(preferences.mouse).context("cannot prepare the terminal")?;
    let size = guard.terminal.size().unwrap_or_default();
    // Before the caseload is read, so that another user's change while it
    // is read in chunks is noticed, and the whole read again.
    let mut seen_version = store.data_version().unwrap_or(0);
    let (mut app, ascii) = prepare(
        store,
        library,
        session,
        (size.width, size.height),
        access,
        preferences,
        open_child.is_some(),
    )?;
    if let Some(child) = open_child
        && let Some(effect) = app.select_child(child)
    {
        carry_out(store, library, &mut app, effect);
        if let Some(kind) = open_form {
            carry_out(store, library, &mut app, Effect::OpenForm { child, kind });
        }
    }
    let mut last_autosave = std::time::Instant::now();
    terminal::start_watchdog(WATCHDOG_GRACE, signals.clone());
    let mut dirty = true;
    let outcome = 'events: loop {
        if let Some(signal) = signals.received() {
            break ExitCode::from(128u8.saturating_add(signal as u8));
        }
        if !terminal::still_attached() {
            break ExitCode::FAILURE;
        }
        if dirty {
            fill_summaries(store, library, &mut app);
            let drawn = guard.terminal.draw(|frame| {
                view::draw(&app, frame);
                if ascii {
                    view::ascii::plain(frame.buffer_mut());
                }
            });
            if drawn.is_err() {
                // Writing to the terminal failed: it has gone.
                break ExitCode::FAILURE;
            }
            dirty = false;
        }
        match unfinished_reading(store, library, &mut app, &mut seen_version) {
            Unfinished::Read(changed) => {
                dirty |= changed;
                continue;
            }
            Unfinished::Gone => break ExitCode::FAILURE,
            Unfinished::KeyWaits | Unfinished::Nothing => {}
        }
        // While the user is idle, work out the next and previous pages'
        // summaries, so that paging finds them ready.
        let mut waited = terminal::wait_for_input(PREFETCH_PAUSE);
        if waited == terminal::Input::Idle {
            let ahead: Vec<CaseloadRow> = app.summaries_ahead().into_iter().cloned().collect();
            if !ahead.is_empty() {
                let rows: Vec<&CaseloadRow> = ahead.iter().collect();
                let ids: Vec<ChildId> = ahead.iter().map(|r| r.id).collect();
                if let Ok(found) = timelines::summaries(store, library, &rows, app.session.today) {
                    app.set_summaries(&ids, found);
                }
            }
            waited = terminal::wait_for_input(TICK);
        }
        if waited == terminal::Input::Gone {
            break ExitCode::FAILURE;
        }
        // Other users' changes show within a tick or two.
        if changed(store, &mut seen_version) {
            refresh(store, library, &mut app);
            dirty = true;
        }
        // Take everything crossterm has ready (a paste is many keys),
        // checking before each call that the terminal is still there.
        loop {
            if terminal::hung_up() {
                break 'events ExitCode::FAILURE;
            }
            match event::poll(Duration::ZERO) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => break 'events ExitCode::FAILURE,
            }
            let event = match event::read() {
                Ok(event) => event,
                Err(_) => break 'events ExitCode::FAILURE,
            };
            // Before the rest of the caseload is read, only a move well
            // inside the rows read acts at once; anything else reads it all.
            if app.rows_loading().is_some() && !loading::acts_before_rest(&app, &event) {
                loading::rest(store, &mut app, loading::CHUNK);
            }
            let Some(effect) = answer(&mut app, event) else {
                continue;
            };
            dirty = true;
            match effect {
                None => {}
                Some(Effect::Quit) => break 'events ExitCode::SUCCESS,
                Some(effect) => carry_out(store, library, &mut app, effect),
            }
            for spent in app.take_spent_drafts() {
                let _ = store.forget_draft(&spent);
            }
        }
        if forms::autosave(store, &mut app, &mut last_autosave) {
            dirty = true;
        }
    };
    // A form being filled in is saved as it stands, however the session ended.
    let _ = forms::save_draft(store, &mut app);
    // Whatever ended the session, nothing typed in a dialog is lost.
    if let Some((purpose, fields)) = app.unsaved_form() {
        let _ = store.save_draft(&purpose, &fields);
    }
    drop(guard);
    Ok(outcome)
}

/// What the app makes of one event from the terminal; `None` for one that
/// means nothing (a mouse button released, another button), which needs
/// no redraw.
fn answer(app: &mut App, event: Event) -> Option<Option<Effect>> {
    Some(match event {
        Event::Key(key) => app.handle_key(key),
        Event::Paste(text) => {
            app.paste(&text);
            None
        }
        Event::Resize(width, height) => {
            app.resize(width, height);
            None
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => app.click(mouse.column, mouse.row),
            MouseEventKind::ScrollDown => {
                app.scroll(WHEEL_LINES);
                None
            }
            MouseEventKind::ScrollUp => {
                app.scroll(-WHEEL_LINES);
                None
            }
            _ => return None,
        },
        _ => None,
    })
}

/// The app as this user likes it (theme, keys, dates, the view it opens
/// on), knowing who they are and what they may do, with their drafts and
/// the kinds of form there are; and whether symbols are drawn in ASCII.
fn prepare(
    store: &Store,
    library: &Library,
    session: Session,
    size: (u16, u16),
    access: crate::service::access::Access,
    preferences: Preferences,
    whole: bool,
) -> Result<(App, bool)> {
    let manager = matches!(
        &access,
        crate::service::access::Access::Worker(worker) if worker.role.manages_team()
    );
    let me = match &access {
        crate::service::access::Access::Worker(worker) => crate::domain::caseload_view::Me {
            name: Some(worker.display_name.clone()),
            team: worker.team.clone(),
        },
        crate::service::access::Access::SettingUp => Default::default(),
    };
    let opening = loading::opening(store, &me, manager)?;
    // The view in config.toml wins; without one, the user's own caseload,
    // their team's or everyone's: only everyone's opens before it is all read.
    let scope = preferences.view.unwrap_or(opening.scope);
    let start = loading::start(store, scope, loading::first_rows(size.1), whole)?;
    let mut app = App::new(session, start.rows, size);
    if let Some((total, teams)) = start.rest {
        app.expect_rows(total, &teams);
    }
    let Preferences {
        look,
        keymap,
        view,
        problem,
        ascii,
        mouse: _,
        dates,
        export_folder,
    } = preferences;
    app.theme = look.theme;
    app.dates = dates;
    app.export_folder = export_folder;
    app.calendar = library.calendar.clone();
    app.keymap = keymap;
    // A short name for a team nobody is in is most likely misspelt: refused
    // by its line, as the file's other mistakes were when it was loaded.
    // (No short names, none unknown: the teams are not read for nothing.)
    let unknown = if library.team_shorts.teams.is_empty() {
        Vec::new()
    } else {
        crate::domain::teams_file::unknown_teams(&library.team_shorts, &store.teams()?)
    };
    if !unknown.is_empty() {
        let lines: Vec<String> = unknown.iter().map(ToString::to_string).collect();
        anyhow::bail!("the team short names cannot be used:\n{}", lines.join("\n"));
    }
    app.set_team_shorts(library.team_shorts.by_name());
    app.set_me(
        me,
        library.pathways.iter().map(|p| p.pathway.name.clone()).collect(),
    );
    app.set_access(access, crate::service::access::policy(store)?);
    // The view in config.toml wins; without one, the user's own caseload,
    // their team's or everyone's, saying why when it is not their own.
    match view {
        Some(scope) => app.start_on(scope),
        None => app.open_on(opening),
    }
    // Said last, so nothing above says something over it.
    if let Some(warning) = look.warning.or(problem) {
        app.show_message(warning);
    }
    if let Ok(drafts) = store.drafts() {
        app.set_drafts(drafts);
    }
    form_route::count(store, library, &mut app);
    if let Some(warning) = store.permission_warning() {
        app.show_message(warning);
    }
    app.set_form_kinds(
        library
            .forms
            .iter()
            .map(|f| (f.kind.clone(), f.title.clone()))
            .collect(),
    );
    Ok((app, ascii))
}

use signals::Signals;

/// Shows a child's record, timeline, history and papers (family,
/// chronology, Gateway); `false` if the child no longer exists. Public so
/// that the screen tests open a child exactly as the event loop does.
pub fn load_child(
    store: &Store,
    library: &Library,
    app: &mut App,
    child: ChildId,
) -> Result<bool, crate::store::StoreError> {
    let Some(detail) = store.child_detail(child)? else {
        return Ok(false);
    };
    let timeline = timelines::timeline_of(store, library, child, app.session.today)?;
    let timeline = crate::service::plans::with_closed(store, library, child, timeline, app.dates)?;
    let reference = detail.fields.reference.clone();
    app.show_child(detail, timeline);
    let dates = app.dates;
    let timeliness =
        crate::service::timeliness::child_lines(store, library, child, app.session.today, |d| dates.show(d))?;
    app.show_timeliness(timeliness);
    let events = store.recorded_events(child)?;
    app.show_events(history::event_lines(&events, dates, |at| local_time(app, at)));
    let lines = history(store, app, &reference);
    app.show_history(lines);
    let papers = read_papers(store, library, child, &reference, app.session.today);
    app.show_papers(papers);
    form_route::show(store, library, app, child, None);
    Ok(true)
}

/// The child's family network, chronology and Gateway papers, read as
/// the command line reads them; each part that cannot be read says so
/// on its own tab, and the others still show.
fn read_papers(
    store: &Store,
    library: &Library,
    child: ChildId,
    reference: &str,
    today: chrono::NaiveDate,
) -> screens::child::papers::Papers {
    let family = crate::service::papers::family(store, child)
        .and_then(|(network, focus)| {
            let meetings = store.family_meetings(child)?;
            Ok(screens::child::papers::Family::new(network, focus, meetings))
        })
        .map_err(|_| "The family network could not be read".to_string());
    let chronology = crate::service::papers::chronology(store, library, child, reference, today)
        .map_err(|_| "The chronology could not be read".to_string());
    let gateway = crate::service::papers::gateway(store, library, child, reference)
        .map(|(checklist, readiness)| screens::child::papers::Gateway { checklist, readiness })
        .map_err(|_| "The Gateway papers could not be read".to_string());
    screens::child::papers::Papers {
        family,
        chronology,
        gateway,
    }
}

/// The child's history for the History tab, if the user may read the trail.
fn history(store: &Store, app: &App, reference: &str) -> Result<Vec<child_view::HistoryLine>, String> {
    app.permits(crate::domain::permissions::Action::ViewAudit, None)
        .map_err(|refusal| refusal.to_string())?;
    let entries = store
        .audit_entries(Some(reference))
        .map_err(|_| "The history could not be read".to_string())?;
    Ok(history::lines(&entries, |at| local_time(app, at)))
}

/// A time from the audit trail (UTC) in the user's own time and dates.
fn local_time(app: &App, at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            let t = t.with_timezone(&chrono::Local);
            format!("{} {}", app.dates.show(t.date_naive()), t.format("%H:%M"))
        })
        .unwrap_or_else(|_| at.to_string())
}

/// What [`unfinished_reading`] did.
enum Unfinished {
    /// Read a part (whether the screen is to be drawn again).
    Read(bool),
    /// A key waits: it comes first.
    KeyWaits,
    /// Nothing is left to read.
    Nothing,
    Gone,
}

/// Reading left for after the first frame, a part at a time while no key
/// waits: the rest of the caseload (a key that needs the whole list has it
/// all read first, in the event loop), then the dashboard's timeliness
/// panel, then a wide "what next"'s counts.
fn unfinished_reading(store: &Store, library: &Library, app: &mut App, seen: &mut i64) -> Unfinished {
    let caseload = app.rows_loading().is_some();
    let counts = app.what_next().is_some_and(|v| v.counting());
    let panel = app.dashboard_timeliness_pending();
    if !caseload && !counts && !panel {
        return Unfinished::Nothing;
    }
    match terminal::wait_for_input(Duration::ZERO) {
        terminal::Input::Idle if caseload => Unfinished::Read(read_on(store, library, app, seen)),
        terminal::Input::Idle if panel => {
            Unfinished::Read(effects::fill_dashboard_timeliness(store, library, app))
        }
        terminal::Input::Idle => Unfinished::Read(effects::count_what_next(store, app)),
        terminal::Input::Gone => Unfinished::Gone,
        terminal::Input::Ready => Unfinished::KeyWaits,
    }
}

/// The next chunk of the caseload, read while no key waits; or, after
/// another user's change, the whole of it afresh (whether it was, and so
/// the screen is to be drawn again).
fn read_on(store: &Store, library: &Library, app: &mut App, seen: &mut i64) -> bool {
    if changed(store, seen) {
        refresh(store, library, app);
        return true;
    }
    loading::next(store, app, loading::CHUNK);
    false
}

/// Whether another connection has committed a change since `seen`, which
/// is brought up to date.
fn changed(store: &Store, seen: &mut i64) -> bool {
    match store.data_version() {
        Ok(version) if version != *seen => {
            *seen = version;
            true
        }
        _ => false,
    }
}

/// Reloads what is on screen after someone else's change, keeping the
/// user's place, search and any dialog they are typing in.
fn refresh(store: &Store, library: &Library, app: &mut App) {
    if let Ok(rows) = store.caseload() {
        app.replace_rows(rows);
    }
    if let Some(child) = app.open_child() {
        match load_child(store, library, app, child) {
            Ok(true) => {}
            Ok(false) => app.show_message("This child's record has been removed by someone else"),
            Err(_) => {}
        }
    }
}

/// Works out the caseload summaries of the children about to be drawn,
/// once each, so the table never waits on more than a screenful.
fn fill_summaries(store: &Store, library: &Library, app: &mut App) {
    let wanted: Vec<CaseloadRow> = app.wanted_summaries().into_iter().cloned().collect();
    if wanted.is_empty() {
        return;
    }
    let rows: Vec<&CaseloadRow> = wanted.iter().collect();
    let ids: Vec<ChildId> = wanted.iter().map(|r| r.id).collect();
    match timelines::summaries(store, library, &rows, app.session.today) {
        Ok(found) => app.set_summaries(&ids, found),
        Err(_) => {
            app.set_summaries(&ids, Default::default());
            app.show_message("Some timelines could not be read; the Plan column may be blank");
        }
    }
}
