//! The terminal interface: state ([`app`]), keys ([`keymap`], [`action`]),
//! drawing ([`view`]) and the event loop here, which is the only part that
//! talks to both the terminal and the store.

pub mod action;
pub mod app;
pub mod keymap;
pub mod signals;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::Session;

use crate::domain::caseload::CaseloadRow;
use crate::domain::child::ChildId;
use crate::library::Library;
use crate::store::Store;
use anyhow::{Context as _, Result, bail};
use app::{App, Effect};
use crossterm::event::{self, Event};
use std::process::ExitCode;
use std::time::Duration;

/// How often the loop wakes without input, to notice signals and a
/// vanished terminal. Short enough to exit well within a second.
const TICK: Duration = Duration::from_millis(200);

/// How long the terminal may be gone before the watchdog ends the
/// process, should the event loop somehow not have noticed.
const WATCHDOG_GRACE: Duration = Duration::from_millis(700);

/// Runs the app until the user quits, a signal arrives or the terminal
/// goes away. Returns the exit status: 0 for quitting, 128 + the signal
/// number for a signal, 1 if the terminal vanished.
pub fn run(
    store: &Store,
    _library: &Library,
    session: Session,
    rows: Vec<CaseloadRow>,
    _open_child: Option<ChildId>,
) -> Result<ExitCode> {
    if !terminal::still_attached() {
        bail!(
            "permanence needs a terminal to show its screens; for scripts, use `permanence export caseload` or `permanence --help`"
        );
    }
    let signals = Signals::install().context("cannot watch for signals")?;
    let mut guard = terminal::TerminalGuard::enter().context("cannot prepare the terminal")?;
    let size = guard.terminal.size().unwrap_or_default();
    let mut app = App::new(session, rows, (size.width, size.height));
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
            if guard.terminal.draw(|frame| view::draw(&app, frame)).is_err() {
                // Writing to the terminal failed: it has gone.
                break ExitCode::FAILURE;
            }
            dirty = false;
        }
        if terminal::wait_for_input(TICK) == terminal::Input::Gone {
            break ExitCode::FAILURE;
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
            let effect = match event::read() {
                Ok(Event::Key(key)) => app.handle_key(key),
                Ok(Event::Resize(width, height)) => {
                    app.resize(width, height);
                    None
                }
                Ok(_) => None,
                Err(_) => break 'events ExitCode::FAILURE,
            };
            dirty = true;
            match effect {
                None => {}
                Some(Effect::Quit) => break 'events ExitCode::SUCCESS,
                Some(Effect::LoadChild(id)) => match store.child_detail(id) {
                    Ok(Some(detail)) => app.show_child(detail),
                    Ok(None) => app.show_message("That child's record has been removed"),
                    Err(_) => app.show_message("The child's record could not be read; try again"),
                },
            }
        }
    };
    drop(guard);
    Ok(outcome)
}

use signals::Signals;
