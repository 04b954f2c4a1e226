//! At scale (issue 8): 100,000 demo children are generated, and the real
//! binary opens on them in a pseudo-terminal, shows the caseload's first
//! frame with every child counted, and quits cleanly on `q`.
//!
//! Ignored by `cargo test`: on the debug build it takes longer than the
//! minute the issue allows a test in CI (see the reason on the test). CI
//! runs it on the release build, where it took 41 s before the demo wrote
//! family networks and takes 55–70 s since (docs/performance.md):
//! `cargo test --release --test scale -- --ignored`.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_permanence");
const CHILDREN: usize = 100_000;
/// The status line's count as a person reads it.
const COUNT: &str = " 100,000 children · ";
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// A debug binary over 100,000 children is slow to its first frame.
const PATIENCE: Duration = Duration::from_secs(120);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn demo(db: &Path) {
    let output = std::process::Command::new(BIN)
        .args([
            "demo",
            "--no-tui",
            "--seed",
            "7",
            "--children",
            &CHILDREN.to_string(),
            "--db",
        ])
        .arg(db)
        .env_remove("PERMANENCE_DB")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the demo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The demo reports what it made on standard error.
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains(&format!("demo: {CHILDREN} children")),
        "the demo says: {said}"
    );
}

/// The app in a pseudo-terminal, its screen read back through vt100.
struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    /// Held so that the terminal stays open while the app runs.
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    fn start(db: &Path) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(BIN);
        command.arg("--db");
        command.arg(db);
        command.env("TERM", "xterm-256color");
        command.env_remove("PERMANENCE_DB");
        let child = pair.slave.spawn_command(command).unwrap();
        // Without this the reader never sees the end of output.
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(ROWS), nz(COLS), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buffer[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui {
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if done(&contents) {
                return contents;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {what}; the screen shows:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn exit_code(&mut self, limit: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(start.elapsed() < limit, "still running after {limit:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn restored(&self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            let parser = self.screen.lock().unwrap();
            if !parser.screen().alternate_screen() && !parser.screen().hide_cursor() {
                return true;
            }
            drop(parser);
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

#[test]
#[ignore = "over a minute under `cargo test` (debug build); CI runs it with `cargo test --release --test scale -- --ignored` (55–70 s since the demo writes family networks; see docs/performance.md)"]
fn a_hundred_thousand_children_generate_and_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("scale.db");
    let start = Instant::now();
    demo(&db);
    let made = start.elapsed();

    let opened = Instant::now();
    let mut tui = Tui::start(&db);
    // The first frame: the status line (the bottom row) counts every child
    // and the list's first row is filled in.
    let frame = tui.wait_until("the caseload's first frame", |screen| {
        screen.lines().last().is_some_and(|l| l.contains(COUNT))
            && screen.lines().nth(2).is_some_and(|l| !l.trim().is_empty())
    });
    let first_frame = opened.elapsed();
    assert!(frame.contains("Caseload"), "{frame}");
    let rows = frame.lines().skip(2).take_while(|l| !l.trim().is_empty()).count();
    assert!(
        rows > usize::from(ROWS) / 2,
        "only {rows} rows of children shown:\n{frame}"
    );

    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(10)), 0);
    assert!(tui.restored(), "the terminal was not restored");
    eprintln!(
        "{CHILDREN} children: demo {:.1} s, first frame {:.1} s, in all {:.1} s",
        made.as_secs_f64(),
        first_frame.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}
