//! What the integration tests share, written once: the real binary run
//! with a clean environment (no `PERMANENCE_*` variable of the developer's,
//! an empty configuration folder and a home folder of its own, today
//! fixed), the helpers that read what it printed, a case folder with its
//! database, the pseudo-terminal harness (`pty`, shared with the
//! benchmarks), the small caseloads many tests start from (`fixtures`),
//! the caseloads the screen snapshots are drawn from (`caseloads`), and
//! the app drawn on ratatui's `TestBackend` (`screen`, and `text`).

pub mod caseloads;
pub mod dialogs;
pub mod fixtures;
pub mod pty;
pub mod screen;

pub use pty::{BIN, BINARY_TODAY, empty_config, home_settings, inherited_settings};

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A date, for tests that build one.
pub fn day(year: i32, month: u32, date: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, date).expect("a real date")
}

/// The day the screens and reports built in the library (not the binary)
/// are drawn on, which their snapshots show.
pub fn today() -> NaiveDate {
    day(2026, 11, 23)
}

/// The binary's today as a date, for a test that works out what it shows.
pub fn binary_today() -> NaiveDate {
    NaiveDate::parse_from_str(BINARY_TODAY, "%Y-%m-%d").expect("BINARY_TODAY is a date")
}

/// The screen's text, one line per row, as a person would read it.
pub fn text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The item with this key on any of a `timeline --json`'s plans.
/// How many entries of `audit --json` changed something (reads and
/// exports left out): what a test compares to say nothing was written.
pub fn audited_changes(audit_json: &str) -> usize {
    let audit: serde_json::Value = serde_json::from_str(audit_json).unwrap();
    audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !["view", "export"].contains(&e["action"].as_str().unwrap_or("")))
        .count()
}

pub fn item<'a>(timeline: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

/// The binary, with none of the developer's `PERMANENCE_*` variables, the
/// empty configuration folder, a home folder of the tests' own and today
/// fixed. A test that needs its own folder, home or day sets the variable
/// again (the later setting wins).
pub fn permanence() -> Command {
    let mut command = Command::new(BIN);
    for name in inherited_settings() {
        command.env_remove(name);
    }
    command.envs(home_settings());
    command
        .env("PERMANENCE_CONFIG_DIR", empty_config())
        .env("PERMANENCE_TODAY", BINARY_TODAY);
    command
}

/// The binary on this database (`--db`).
pub fn on(db: &Path) -> Command {
    let mut command = permanence();
    command.arg("--db").arg(db);
    command
}

/// Runs the binary on this database with these arguments.
pub fn run(db: &Path, args: &[&str]) -> Output {
    on(db).args(args).output().expect("the binary runs")
}

/// Runs the binary on this database with this configuration folder (an
/// authority's own forms, pathways or settings).
pub fn run_with_config(config: &Path, db: &Path, args: &[&str]) -> Output {
    on(db)
        .env("PERMANENCE_CONFIG_DIR", config)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs it and insists it succeeded; what it printed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// What a run printed on standard output.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A test's own folder with a database path in it (not yet made) and a
/// configuration folder of its own (`config`, empty until a test writes
/// there).
pub struct Case {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Case {
    /// A fresh folder; the database is `name` in it.
    pub fn new(name: &str) -> Case {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join(name);
        Case { dir, db }
    }

    /// The case's configuration folder.
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Writes a file into the case's folder; its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("a file written");
        path
    }

    /// The binary on the case's database with its configuration folder.
    pub fn command(&self) -> Command {
        let mut command = on(&self.db);
        command.env("PERMANENCE_CONFIG_DIR", self.config());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("the binary runs")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }

    /// A new database (`name`) holding a generated authority's SSDA903
    /// return (seed 20, 300 children), imported from the case's `903`
    /// folder, which [`Case::import_again`] reads again.
    pub fn imported_authority(name: &str) -> Case {
        let case = Case::new(name);
        case.ok(&["init"]);
        let folder = case.dir.path().join("903");
        std::fs::create_dir_all(&folder).expect("the 903 folder");
        permanence::interchange::ssda903::generate::write_authority(&folder, 20, 300)
            .expect("the files written");
        let out = case.run(&["import", "ssda903", folder.to_str().expect("a UTF-8 path")]);
        assert!(out.status.success(), "{}", stderr(&out));
        case
    }

    /// The same files imported again; what the import said.
    pub fn import_again(&self) -> String {
        let folder = self.dir.path().join("903");
        self.ok(&["import", "ssda903", folder.to_str().expect("a UTF-8 path")])
    }
}

/// Declares a test file's `Setup`: a `Case` (its folder and database, run
/// and ok) with that file's own steps added in an `impl Setup` of its own.
macro_rules! setup_on_a_case {
    () => {
        /// The case's folder and database (`util::Case`), with this
        /// file's own steps on top.
        struct Setup(crate::util::Case);

        impl std::ops::Deref for Setup {
            type Target = crate::util::Case;
            fn deref(&self) -> &crate::util::Case {
                &self.0
            }
        }
    };
}
pub(crate) use setup_on_a_case;
