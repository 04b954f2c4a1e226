//! The real binary in a pseudo-terminal, its screen read back through a
//! terminal emulator (vt100): the one harness for the end-to-end tests, the
//! scale test and the terminal benchmark (which includes this file with
//! `#[path]`, so it names nothing else in `util`). The binary starts with
//! none of the developer's `PERMANENCE_*` variables, an empty configuration
//! folder, a home folder of its own and today fixed, as
//! `util::permanence()` does on the command line.

// Each includer uses a part: the tests not the byte count, the benchmark
// not the signals.
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_permanence");

/// The day every run of the binary takes as today (`PERMANENCE_TODAY`), so
/// no test depends on the day it runs: the day these tests were gathered
/// into one harness, after every date the tests record as past.
pub const BINARY_TODAY: &str = "2026-12-06";

/// How long a test waits for the screen to show what it expects.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The variables a run starts without: every `PERMANENCE_*` one the
/// developer's shell holds (the database, the key file, the configuration
/// folder, today), so that only what a test sets reaches the binary.
pub fn inherited_settings() -> Vec<std::ffi::OsString> {
    std::env::vars_os()
        .map(|(name, _)| name)
        .filter(|name| name.to_string_lossy().starts_with("PERMANENCE_"))
        .collect()
}

/// An empty configuration folder shared by every run that names none of
/// its own, so that no test reads the developer's own settings.
pub fn empty_config() -> &'static Path {
    static CONFIG: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));
    CONFIG.path()
}

/// A home folder of the tests' own (empty unless a run writes to it),
/// given as `HOME` and the XDG folders, so that no run can find the
/// developer's default database or settings by way of their home.
pub fn empty_home() -> &'static Path {
    static HOME: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));
    HOME.path()
}

/// The home-folder variables a run starts with, all inside [`empty_home`];
/// a test of the default path sets its own after these.
pub fn home_settings() -> [(&'static str, std::path::PathBuf); 4] {
    let home = empty_home();
    [
        ("HOME", home.to_path_buf()),
        ("XDG_DATA_HOME", home.join("data")),
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_STATE_HOME", home.join("state")),
    ]
}

fn size(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen size")
}

/// How the app is started: its database, arguments, folder, environment
/// and window.
pub struct Start<'a> {
    pub db: &'a Path,
    pub args: &'a [&'a str],
    /// Where it runs (where files it writes go); the test's own if none.
    pub folder: Option<&'a Path>,
    /// Set after the clean environment, so a test may name its own
    /// configuration folder or today.
    pub env: &'a [(&'a str, &'a str)],
    pub cols: u16,
    pub rows: u16,
}

/// The app running in a pseudo-terminal.
pub struct Tui {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, for checks the emulator would hide.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    /// Held so that the terminal stays open while the app runs.
    pub master: Box<dyn MasterPty + Send>,
    /// The thread reading what the app writes, done once it has read all.
    reader: std::thread::JoinHandle<()>,
}

/// The binary with the environment every run starts with: none of the
/// developer's `PERMANENCE_*` variables, the empty configuration folder,
/// today fixed and a colour terminal. It names no database: [`Tui::launch`]
/// adds one, and a test of the default path leaves it out.
pub fn clean_command() -> CommandBuilder {
    let mut command = CommandBuilder::new(BIN);
    for name in inherited_settings() {
        command.env_remove(name);
    }
    for (name, value) in home_settings() {
        command.env(name, value);
    }
    command.env("PERMANENCE_CONFIG_DIR", empty_config());
    command.env("PERMANENCE_TODAY", BINARY_TODAY);
    command.env("TERM", "xterm-256color");
    command.env_remove("NO_COLOR");
    command
}

impl Tui {
    pub fn start(db: &Path, cols: u16, rows: u16) -> Tui {
        Tui::start_with(db, &[], cols, rows)
    }

    pub fn start_with(db: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_in(db, args, None, cols, rows)
    }

    /// Started in a given folder (where files it writes go).
    pub fn start_in(db: &Path, args: &[&str], folder: Option<&Path>, cols: u16, rows: u16) -> Tui {
        Tui::start_env(db, args, folder, &[], cols, rows)
    }

    /// Started with these environment variables set as well.
    pub fn start_env(
        db: &Path,
        args: &[&str],
        folder: Option<&Path>,
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Tui {
        Tui::launch(&Start {
            db,
            args,
            folder,
            env,
            cols,
            rows,
        })
    }

    pub fn launch(how: &Start) -> Tui {
        let mut command = clean_command();
        command.arg("--db");
        command.arg(how.db);
        command.args(how.args);
        for (name, value) in how.env {
            command.env(name, value);
        }
        if let Some(folder) = how.folder {
            command.cwd(folder);
        }
        Tui::spawn(command, how.cols, how.rows)
    }

    /// Runs `command` (from [`clean_command`]) in a new pseudo-terminal.
    pub fn spawn(command: CommandBuilder, cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pair.slave.spawn_command(command).expect("the binary starts");
        // Without this the reader never sees the end of output.
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buffer[..n]);
                }
                if let Ok(mut raw) = raw_sink.lock() {
                    raw.extend_from_slice(&buffer[..n]);
                }
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        Tui {
            screen,
            raw,
            writer,
            child,
            master: pair.master,
            reader,
        }
    }

    /// Waits up to `limit` for everything the app wrote to have been read,
    /// as it may still be on its way through the terminal when the app
    /// has exited; whether it all was.
    pub fn drained(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while !self.reader.is_finished() {
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// How many bytes the app has written so far.
    pub fn bytes(&self) -> usize {
        self.raw.lock().map(|r| r.len()).unwrap_or(0)
    }

    /// Waits up to `limit` from `start` until `done` holds of the screen;
    /// how long from `start` it took, or nothing if it never did.
    pub fn until(&self, start: Instant, limit: Duration, done: impl Fn(&str) -> bool) -> Option<Duration> {
        while start.elapsed() < limit {
            if done(&self.contents()) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        None
    }

    /// Waits up to `patience` for `done` to hold of the screen, failing
    /// the test with what it shows, named by `what`, if it never does.
    /// The screen returned is whole: `done` may hold of its first lines
    /// while the app is still drawing the rest (a dialog's title before
    /// its body), so it is returned once the drawing has stopped.
    pub fn wait_until(&self, what: &str, patience: Duration, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if done(&contents) {
                let whole = self.settled(None);
                if done(&whole) {
                    return whole;
                }
            }
            assert!(
                start.elapsed() < patience,
                "waited {patience:?} for {what}; the screen shows:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), PATIENCE, |s| s.contains(text))
    }

    pub fn wait_until_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), PATIENCE, |s| !s.contains(text))
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("a key sent");
        self.writer.flush().expect("a key sent");
    }

    /// Esc on its own, with pauses around it, so it is not read as Alt+key.
    pub fn escape(&mut self) {
        std::thread::sleep(Duration::from_millis(60));
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Moves down the timeline until the item's rule (shown under the
    /// list for the selected item) names it. One key at a time: the next
    /// is sent only once the screen has drawn the last, since keys queued
    /// behind a slow frame (a loaded machine) would carry the selection
    /// past the item after the screen had named it.
    pub fn select(&mut self, key: &str) {
        let shown = format!("{key}:");
        let names = |screen: &str| screen.lines().any(|l| l.trim_start().starts_with(&shown));
        let mut screen = self.settled(None);
        for _ in 0..80 {
            if names(&screen) {
                return;
            }
            self.send("j");
            let next = self.settled(Some(&screen));
            assert!(
                next != screen,
                "never selected {key} (j moved no further):\n{next}"
            );
            screen = next;
        }
        panic!("never selected {key}:\n{screen}");
    }

    /// The screen once the app has finished drawing: after it differs from
    /// `before` (if given; for at most [`PATIENCE`]), when two looks 40 ms
    /// apart agree.
    fn settled(&self, before: Option<&str>) -> String {
        let start = Instant::now();
        let mut last = self.contents();
        while before == Some(last.as_str()) && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(10));
            last = self.contents();
        }
        loop {
            std::thread::sleep(Duration::from_millis(40));
            let now = self.contents();
            if now == last || start.elapsed() > PATIENCE {
                return now;
            }
            last = now;
        }
    }

    pub fn signal(&self, signal: i32) {
        let pid = self.child.process_id().expect("a running child") as i32;
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// The exit code, waiting at most `limit`.
    pub fn exit_code(&mut self, limit: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return status.exit_code();
            }
            assert!(start.elapsed() < limit, "still running after {limit:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether the app has left the alternate screen, giving the terminal back.
    pub fn restored(&self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if let Ok(parser) = self.screen.lock()
                && !parser.screen().alternate_screen()
                && !parser.screen().hide_cursor()
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}
