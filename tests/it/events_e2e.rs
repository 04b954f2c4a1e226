//! The real binary in a pseudo-terminal: a worker marks a case review
//! done by keys, reads the date it moves before saving, sees it saved,
//! then withdraws it with a reason, the way tests/e2e.rs drives the app.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_permanence");
const PATIENCE: Duration = Duration::from_secs(10);

struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    fn start(db: &Path, config: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(BIN);
        command.arg("--db");
        command.arg(db);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("PERMANENCE_CONFIG_DIR", config);
        command.env_remove("PERMANENCE_DB");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let rows = std::num::NonZeroU16::new(rows).unwrap();
        let cols = std::num::NonZeroU16::new(cols).unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
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

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if contents.contains(text) {
                return contents;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {text:?}; the screen shows:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn escape(&mut self) {
        std::thread::sleep(Duration::from_millis(60));
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Moves down the timeline until the item's rule (shown under the
    /// list for the selected item) names it.
    fn select(&mut self, key: &str) {
        let shown = format!("{key}:");
        for _ in 0..80 {
            std::thread::sleep(Duration::from_millis(60));
            if self
                .contents()
                .lines()
                .any(|l| l.trim_start().starts_with(&shown))
            {
                return;
            }
            self.send("j");
        }
        panic!("never selected {key}:\n{}", self.contents());
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
}

/// Amara, looked after since 19/08/2026, on permanent fostering from
/// 14/10/2026, her first review held on 16/09/2026.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("events.db");
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
         A1,Amara,Okafor,2022-03-01,co,2026-08-19\n",
    )
    .unwrap();
    let plans = dir.join("plans.csv");
    std::fs::write(
        &plans,
        "ref,pathway,role,start,stage\nA1,permanent-fostering,primary,14/10/2026,looked-after\n",
    )
    .unwrap();
    let runs: [&[&str]; 4] = [
        &["init"],
        &["import", "children", children.to_str().unwrap()],
        &["import", "plans", plans.to_str().unwrap()],
        &["record", "A1", "case-review", "--on", "16/09/2026"],
    ];
    for args in runs {
        let out = cli(&db, dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    db
}

fn cli(db: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PERMANENCE_DB")
        .env("PERMANENCE_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap()
}

fn json(db: &Path, dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = cli(db, dir, args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn third_review_deadline(db: &Path, dir: &Path) -> serde_json::Value {
    let timeline = json(db, dir, &["timeline", "A1", "--json", "--as-of", "2027-06-30"]);
    timeline["plans"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "case-review-3")
        .map(|i| i["deadline"].clone())
        .unwrap()
}

#[test]
fn a_review_marked_done_by_keys_moves_the_next_and_can_be_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let config = dir.path().join("config");
    assert_eq!(third_review_deadline(&db, dir.path()), "2027-06-09");

    let mut tui = Tui::start(&db, &config, &["child", "A1"], 100, 30);
    tui.wait_for("Tab switches");
    tui.select("second-case-review");
    tui.send("d");
    let dialog = tui.wait_for("Mark done:");
    assert!(dialog.contains("records the case review as held"), "{dialog}");
    tui.send("20/11/2026\r");
    let before = tui.wait_for("Before saving");
    assert!(
        before.contains("3rd case review deadline: 09/06/2027 \u{2192} 20/05/2027"),
        "{before}"
    );
    tui.send("\r");
    tui.wait_for("Recorded the case review on 20/11/2026");
    assert_eq!(third_review_deadline(&db, dir.path()), "2027-05-20");

    tui.select("second-case-review");
    tui.send("u");
    let dialog = tui.wait_for("Withdraw:");
    assert!(dialog.contains("no longer counts"), "{dialog}");
    tui.send("recorded on the wrong child\r");
    let before = tui.wait_for("Before saving");
    assert!(
        before.contains("3rd case review deadline: 20/05/2027 \u{2192} 09/06/2027"),
        "{before}"
    );
    tui.send("\r");
    tui.wait_for("Withdrew the case review");
    tui.send("q");
    tui.escape();
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);

    assert_eq!(third_review_deadline(&db, dir.path()), "2027-06-09");
    let events = json(&db, dir.path(), &["events", "A1", "--json"]);
    let withdrawn = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["on"] == "2026-11-20")
        .expect("the withdrawn review is kept");
    assert_eq!(withdrawn["status"], "withdrawn");
}
