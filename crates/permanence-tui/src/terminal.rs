//! Owning the terminal: raw mode and the alternate screen on the way in,
//! and the terminal always given back on the way out, whether by `q`, a
//! panic, a signal, or the terminal vanishing.

use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::Once;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Holds the terminal in raw mode; dropping it restores the terminal.
pub struct TerminalGuard {
    /// Never dropped: ratatui's own drop shows the cursor with `eprintln!`
    /// on failure, which panics when the terminal has gone. [`restore`]
    /// does that job instead, quietly.
    pub terminal: std::mem::ManuallyDrop<Tui>,
}

impl TerminalGuard {
    /// Raw mode on the alternate screen; with `mouse`, clicks and the
    /// wheel reported (off, the terminal's own text selection works as
    /// ever: the configuration file's `mouse = false`).
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let entered = execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide,
            // A paste arrives whole, so its line breaks are text, not Enter.
            crossterm::event::EnableBracketedPaste
        )
        .and_then(|()| {
            if mouse {
                execute!(io::stdout(), EnableClicksAndWheel)
            } else {
                Ok(())
            }
        })
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())))
        .and_then(|terminal| {
            // crossterm starts watching for resizes on its first poll;
            // start it now, or a resize before the first key is lost.
            crossterm::event::poll(std::time::Duration::ZERO)?;
            Ok(terminal)
        });
        match entered {
            Ok(terminal) => Ok(TerminalGuard {
                terminal: std::mem::ManuallyDrop::new(terminal),
            }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Asks the terminal to report mouse clicks and the wheel (and nothing
/// else), in the SGR encoding, which has no limit on the column.
///
/// crossterm's own `EnableMouseCapture` also asks for every movement of
/// the mouse, which over SSH is a stream of bytes for nothing; clicks,
/// releases and the wheel are all the app uses. Terminals that know
/// neither mode ignore the request, and the keys work as before.
struct EnableClicksAndWheel;

impl crossterm::Command for EnableClicksAndWheel {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        // 1000: presses and releases (the wheel is a press); 1006: SGR.
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Gives the terminal back: cooked mode, main screen, visible cursor,
/// mouse reports off. Safe to call more than once and on a terminal that
/// has gone away. The panic hook and the watchdog's signal path call it
/// too, as does the guard's drop on every other way out.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        // Turns off every mouse mode, the two asked for included.
        crossterm::event::DisableMouseCapture,
        crossterm::event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// A panic restores the terminal before the message is printed, so the
/// message is readable and the shell is usable afterwards.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// What waiting on the terminal found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Bytes to read, or a signal (such as a resize) woke us.
    Ready,
    /// Nothing happened before the timeout.
    Idle,
    /// The terminal has hung up: its window closed or its connection dropped.
    Gone,
}

/// Waits up to `timeout` for the terminal, without reading from it.
///
/// crossterm, handed a hung-up terminal, loops inside its own poll reading
/// zero bytes for ever at full CPU and never returns to us. So we look
/// first, with poll(2) on standard input, and only let crossterm read when
/// the terminal is still there.
pub fn wait_for_input(timeout: std::time::Duration) -> Input {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut fd, 1, millis) };
    if ready < 0 {
        // Interrupted by a signal (a resize, say): let the caller look.
        return if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            Input::Ready
        } else {
            Input::Gone
        };
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Input::Gone
    } else if ready == 0 {
        Input::Idle
    } else {
        Input::Ready
    }
}

/// Whether the terminal has hung up, checked without waiting.
pub fn hung_up() -> bool {
    wait_for_input(std::time::Duration::ZERO) == Input::Gone || !still_attached()
}

/// A last line of defence: a thread that ends the process if the terminal
/// has been gone, or a signal has asked us to stop, for longer than
/// `grace` while the event loop has not noticed (because a library call
/// it made never returned). The normal path is the event loop's own
/// check, which exits cleanly; this only guarantees that no orphaned
/// process is ever left running.
pub fn start_watchdog(grace: std::time::Duration, signals: crate::signals::Signals) {
    let spawned = std::thread::Builder::new()
        .name("terminal-watchdog".into())
        .spawn(move || {
            // Leave signals (resizes, SIGTERM) to the event loop's thread.
            // SAFETY: a zeroed set filled by sigfillset, applied to this thread only.
            unsafe {
                let mut all: libc::sigset_t = std::mem::zeroed();
                libc::sigfillset(&mut all);
                libc::pthread_sigmask(libc::SIG_BLOCK, &all, std::ptr::null_mut());
            }
            let mut gone_since: Option<std::time::Instant> = None;
            loop {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if let Some(signal) = signals.received() {
                    let since = *gone_since.get_or_insert_with(std::time::Instant::now);
                    if since.elapsed() >= grace {
                        restore();
                        std::process::exit(128 + signal);
                    }
                } else if hung_up() {
                    let since = *gone_since.get_or_insert_with(std::time::Instant::now);
                    if since.elapsed() >= grace {
                        std::process::exit(1);
                    }
                } else {
                    gone_since = None;
                }
            }
        });
    // Without the watchdog the event loop's own check still works.
    drop(spawned);
}

/// Whether standard input and output are still a live terminal.
///
/// When an SSH connection or terminal window goes without a hang-up
/// signal reaching us, crossterm keeps reporting input that never comes,
/// spinning at full CPU. A hung-up terminal fails `tcgetattr` (so
/// `isatty` turns false), which is cheap to check on every tick.
pub fn still_attached() -> bool {
    // SAFETY: isatty only inspects the descriptors.
    unsafe { libc::isatty(libc::STDIN_FILENO) == 1 && libc::isatty(libc::STDOUT_FILENO) == 1 }
}
