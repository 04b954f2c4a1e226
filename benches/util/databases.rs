//! The demo databases both end-to-end benchmarks measure over, made once
//! per size for each build of the program and shared between them: a run
//! of `--bench terminal` then `--bench reports` makes the 100,000-child
//! demo (a minute, 600 MB) once. A database is named by its size, the day
//! it was made for and a stamp of the binary that made it, so a new build
//! makes its own (and the older builds' are removed then, for the disk's
//! sake). Nothing is measured on the shared file itself: every run works
//! on a copy, since opening the app, a report's audit entry or a tracker
//! meeting writes to it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The day every run takes as today (`PERMANENCE_TODAY`), as the
/// terminal tests do: the demo is made for it, and the screens and
/// reports are read on it. The terminal benchmark checks it is the tests'
/// `BINARY_TODAY`.
pub const TODAY: &str = "2026-12-06";

/// The demo's seed (the terminal benchmark's since issue 8).
pub const SEED: &str = "42";

/// The sizes to measure: `PERMANENCE_BENCH_SIZES` (children, separated by
/// commas), or `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("PERMANENCE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// The environment every run of the binary starts with, after the
/// developer's `PERMANENCE_*` variables are cleared: a home folder and an
/// empty configuration folder of the benchmark's own, and today fixed.
pub struct Setting {
    pub home: PathBuf,
    pub config: PathBuf,
}

impl Setting {
    /// Under `dir`: `home/` and an empty `config/`.
    pub fn new(dir: &Path) -> Setting {
        let home = dir.join("home");
        let config = dir.join("config");
        std::fs::create_dir_all(&home).expect("a home folder");
        std::fs::create_dir_all(&config).expect("a configuration folder");
        Setting { home, config }
    }

    /// As name and value, for `Command::envs` and the launcher.
    pub fn env(&self) -> Vec<(&'static str, &OsStr)> {
        vec![
            ("HOME", self.home.as_os_str()),
            ("XDG_DATA_HOME", self.home.as_os_str()),
            ("XDG_CONFIG_HOME", self.home.as_os_str()),
            ("XDG_STATE_HOME", self.home.as_os_str()),
            ("PERMANENCE_CONFIG_DIR", self.config.as_os_str()),
            ("PERMANENCE_TODAY", OsStr::new(TODAY)),
        ]
    }
}

/// A shared demo database and how it was made.
pub struct Demo {
    pub path: PathBuf,
    /// Seconds the demo took and the database's bytes on disk, from when
    /// it was made (by this run or an earlier one of the same build).
    pub made: Option<(f64, u64)>,
    /// Made by this run, rather than found.
    pub new: bool,
}

/// A stamp of the binary: its length and modification time, enough to
/// tell one build from the next.
fn stamp(bin: &Path) -> String {
    let meta = std::fs::metadata(bin).expect("the binary is there");
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", meta.len(), modified)
}

/// The demo databases this process has made.
fn made_here() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    static MADE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The demo of `size` children made by `bin`, made now if this build has
/// not made it yet.
pub fn demo(bin: &Path, size: usize) -> Demo {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-dbs");
    std::fs::create_dir_all(&dir).expect("a folder for the benchmark databases");
    let prefix = format!("demo-{size}-");
    let name = format!("{prefix}{TODAY}-{}.db", stamp(bin));
    let path = dir.join(&name);
    let made_file = dir.join(format!("{name}.made"));
    // Written last, after the demo succeeded: without it the database may
    // be half made (an interrupted run), so it is made again.
    if let Ok(text) = std::fs::read_to_string(&made_file) {
        let mut fields = text.split_whitespace();
        let seconds = fields.next().and_then(|s| s.parse().ok());
        let bytes = fields.next().and_then(|b| b.parse().ok());
        if path.exists() {
            // Made earlier in this same run (the terminal benchmark asks
            // twice): said as made by this run, as it was.
            let new = made_here().contains(&path);
            return Demo {
                path,
                made: seconds.zip(bytes),
                new,
            };
        }
    }
    // Older builds' databases of this size (and this one's, half made).
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    eprintln!("making the demo database of {size} children…");
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let setting = Setting::new(scratch.path());
    let mut command = Command::new(bin);
    super::launch::without_settings(&mut command);
    let start = Instant::now();
    let output = command
        .args([
            "demo",
            "--no-tui",
            "--seed",
            SEED,
            "--children",
            &size.to_string(),
            "--db",
        ])
        .arg(&path)
        .envs(setting.env())
        .output()
        .expect("the demo runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "the demo database could not be made: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = on_disk(&path);
    std::fs::write(&made_file, format!("{seconds} {bytes}\n")).expect("the demo's record");
    made_here().push(path.clone());
    Demo {
        path,
        made: Some((seconds, bytes)),
        new: true,
    }
}

/// The database's bytes on disk, with its write-ahead log if any.
fn on_disk(db: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    [db, wal.as_path()]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// A copy of the database (with its write-ahead log and audit key, where
/// there are) at `to`, replacing any earlier copy there.
pub fn working_copy(db: &Path, to: &Path) -> PathBuf {
    for suffix in ["", "-wal", "-shm", ".audit-key"] {
        let target = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = std::fs::remove_file(&target);
        let source = PathBuf::from(format!("{}{suffix}", db.display()));
        if suffix != "-shm" && source.exists() {
            std::fs::copy(&source, &target).expect("a copy of the database");
        }
    }
    to.to_path_buf()
}

/// The first user of the database with a manager's role (team manager
/// and above), as `--as` takes them: the user the screens and reports are
/// measured as.
pub fn manager(db: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the demo database opens");
    conn.query_row(
        "SELECT username FROM workers
         WHERE role IN ('team-manager', 'service-manager', 'head-of-service',
                        'assistant-director', 'director')
         ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .expect("the demo has a manager")
}

/// How long a report or screen may take in one run before it is stopped
/// and recorded as over it: `PERMANENCE_BENCH_TIMEOUT` seconds, or 60.
pub fn time_limit() -> std::time::Duration {
    let seconds = std::env::var("PERMANENCE_BENCH_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .filter(|s: &u64| *s > 0)
        .unwrap_or(60);
    std::time::Duration::from_secs(seconds)
}

/// What the shared demo of `size` cost to make, and at 100,000 children
/// its budget lines (issue 19: made in at most 20 s, at most 300 MB on
/// disk).
pub fn demo_lines(demo: &Demo, size: usize) -> Vec<String> {
    let Some((made, bytes)) = demo.made else {
        return Vec::new();
    };
    let mb = bytes as f64 / 1024.0 / 1024.0;
    let mut lines = vec![format!(
        "Demo of {size} children: made in {} ({}), {mb:.0} MB on disk.",
        super::seconds(made),
        if demo.new {
            "by this run"
        } else {
            "by an earlier run of this build"
        }
    )];
    if size == 100_000 {
        lines.push(String::new());
        lines.push(super::budget::head("the demo"));
        lines.push(super::budget::time_line(
            &format!("`demo --children {size}`, time"),
            super::budget::Timing::Took(made),
            20.0,
        ));
        lines.push(super::budget::memory_line(
            &format!("`demo --children {size}`, on disk"),
            Some(mb),
            300.0,
            false,
        ));
    }
    lines
}
