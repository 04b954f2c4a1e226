//! The end-to-end benchmark: the real (release) binary in a 120×40
//! pseudo-terminal over demo databases of 1,000, 10,000 and 100,000
//! children, measuring what a user feels.
//!
//! First, as since issue 8: time to the first complete caseload frame,
//! key press to finished frame (down a row, a page, opening a child,
//! typing into the search), bytes written to the terminal per key, and
//! peak memory; beside it, SQLite's own time for the caseload query on
//! the same file, as the floor. Then issue 19's screens, logged in as a
//! manager whose view is everyone, on all cores and pinned to one core:
//! the first caseload frame, what next, the dashboard, the forms awaiting
//! sign-off, starting a tracker meeting and opening a child, each against
//! `sqlite3` reading what it reads and against its budget (see
//! `util/screens.rs`).
//!
//! Run: `cargo bench --bench terminal` (all sizes), or
//! `PERMANENCE_BENCH_SIZES=1000 cargo bench --bench terminal`.
//! `PERMANENCE_BENCH_TIMEOUT` is how many seconds a screen may take before
//! it is recorded as over it (60); `PERMANENCE_BENCH_SHOW=1` prints each
//! screen as it was when found complete, to check what is detected. The
//! demo databases are shared with `--bench reports` (`util/databases.rs`).
//! `PERMANENCE_BENCH_CHECK=1` fails the run on a gross regression (five
//! times the issue 8 budgets) or a screen that never came: CI's smoke check.

// A test or benchmark that cannot go on says so by panicking where it
// stopped: the house rule against unwrap is for the program.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The tests' pseudo-terminal harness, so the benchmark drives the app as
// the end-to-end tests do.
#[path = "../tests/it/util/pty.rs"]
mod pty;
#[path = "util/screens.rs"]
mod screens;
mod util;

use pty::{BIN, Tui};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use util::{databases, launch, machine};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const RUNS: usize = 5;
const KEYS: usize = 30;

/// (children, first frame ms, key p99 ms, peak MB): the issue's budgets.
const BUDGETS: [(usize, f64, f64, f64); 3] = [
    (1_000, 60.0, 8.0, 25.0),
    (10_000, 150.0, 16.0, 50.0),
    (100_000, 400.0, 16.0, 200.0),
];

/// A copy of the shared demo of `size` children to run on (opening the
/// app writes to it); the demo itself, to copy again.
fn database(size: usize, dir: &Path) -> (PathBuf, databases::Demo) {
    let demo = databases::demo(Path::new(BIN), size);
    let copy = databases::working_copy(&demo.path, &dir.join(format!("demo-{size}.db")));
    (copy, demo)
}

fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

struct Run {
    first_frame: Duration,
    keys: Vec<Duration>,
    bytes_per_down: f64,
    open_child: Duration,
    search_key: Duration,
    peak_mb: f64,
}

fn one_run(db: &Path) -> Run {
    let start = Instant::now();
    let mut screen = Tui::start(db, COLS, ROWS);
    let limit = Duration::from_secs(30);
    // Complete: the status line counts the children and the Plan column
    // of the first row is filled in.
    let first_frame = screen
        .until(start, limit, |t| {
            t.contains(" children · ") && t.lines().nth(2).is_some_and(|l| l.contains('›'))
        })
        .expect("the caseload appears");
    // Let summaries for the first screen settle before timing keys.
    std::thread::sleep(Duration::from_millis(300));
    let mut keys = Vec::new();
    let mut down_bytes = 0usize;
    for i in 0..KEYS {
        let before = screen.contents();
        let sent_bytes = screen.bytes();
        let key = if i % 5 == 4 { "\x1b[6~" } else { "j" }; // every fifth a page down
        let t = Instant::now();
        screen.send(key);
        if let Some(d) = screen.until(t, Duration::from_secs(5), |s| s != before) {
            keys.push(d);
        }
        // Let the frame finish before counting its bytes, and pause as a
        // person does between presses (key repeat is faster; see below).
        std::thread::sleep(Duration::from_millis(100));
        if key == "j" {
            down_bytes += screen.bytes() - sent_bytes;
        }
    }
    let downs = (0..KEYS).filter(|i| i % 5 != 4).count();
    let t = Instant::now();
    screen.send("\r");
    let open_child = screen
        .until(t, Duration::from_secs(10), |s| s.contains("Tab switches"))
        .unwrap_or(Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(100));
    screen.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    screen.send("/");
    std::thread::sleep(Duration::from_millis(100));
    let before = screen.contents();
    let t = Instant::now();
    screen.send("m");
    let search_key = screen
        .until(t, Duration::from_secs(5), |s| s != before)
        .unwrap_or(Duration::from_secs(5));
    let peak = screen.child.process_id().and_then(peak_kb).unwrap_or(0);
    let _ = screen.child.kill();
    let _ = screen.child.wait();
    Run {
        first_frame,
        keys,
        bytes_per_down: down_bytes as f64 / downs as f64,
        open_child,
        search_key,
        peak_mb: peak as f64 / 1024.0,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(0.0)
}

/// SQLite's own time for the caseload query: the floor.
fn floor_ms(db: &Path) -> f64 {
    let sql = "SELECT c.id, c.ref, c.given_name, c.family_name, c.date_of_birth, c.legal_status, \
               c.placement_type, w.display_name, c.team, c.rag FROM children c \
               LEFT JOIN workers w ON w.id = c.worker_id ORDER BY c.family_name, c.given_name, c.ref";
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let out = std::process::Command::new("sqlite3").arg(db).arg(sql).output();
        match out {
            Ok(o) if o.status.success() => times.push(ms(t.elapsed())),
            _ => return f64::NAN,
        }
    }
    median(times)
}

fn main() {
    launch::intercept();
    assert_eq!(
        databases::TODAY,
        pty::BINARY_TODAY,
        "one today for the demo and the app"
    );
    let sizes = databases::sizes(&[1_000, 10_000, 100_000]);
    let check = std::env::var_os("PERMANENCE_BENCH_CHECK").is_some();
    let dir = tempfile::Builder::new()
        .prefix("permanence-terminal-bench")
        .tempdir()
        .expect("a temporary folder");
    println!("{}", machine::header("cargo bench --bench terminal"));
    println!();
    println!(
        "| children | first frame (median) | key → frame p50 / p99 | open a child | search key | bytes per row down | peak memory | sqlite3 floor | first frame ÷ floor |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut failures = Vec::new();
    for &size in &sizes {
        let (db, _) = database(size, dir.path());
        let runs: Vec<Run> = (0..RUNS).map(|_| one_run(&db)).collect();
        let first = median(runs.iter().map(|r| ms(r.first_frame)).collect());
        let keys: Vec<f64> = runs.iter().flat_map(|r| r.keys.iter().map(|d| ms(*d))).collect();
        let (p50, p99) = (percentile(keys.clone(), 0.5), percentile(keys, 0.99));
        let open = median(runs.iter().map(|r| ms(r.open_child)).collect());
        let search = median(runs.iter().map(|r| ms(r.search_key)).collect());
        let bytes = median(runs.iter().map(|r| r.bytes_per_down).collect());
        let peak = median(runs.iter().map(|r| r.peak_mb).collect());
        let floor = floor_ms(&db);
        println!(
            "| {size} | {first:.0} ms | {p50:.1} / {p99:.1} ms | {open:.0} ms | {search:.1} ms | {bytes:.0} B | {peak:.0} MB | {floor:.0} ms | {:.1}× |",
            first / floor
        );
        if let Some((_, f, k, m)) = BUDGETS.iter().find(|(n, ..)| *n == size) {
            // Five times the budget: CI machines are noisy, this catches
            // only gross regressions.
            if first > 5.0 * f || p99 > 5.0 * k || peak > 5.0 * m {
                failures.push(format!(
                    "{size} children: first frame {first:.0} ms (budget {f}), key p99 {p99:.1} ms (budget {k}), peak {peak:.0} MB (budget {m})"
                ));
            }
        }
    }
    failures.extend(issue_19(&sizes, dir.path()));
    println!();
    println!("Load average after: {}.", machine::load());
    if check && !failures.is_empty() {
        eprintln!("gross regression:\n{}", failures.join("\n"));
        std::process::exit(1);
    }
}

/// Issue 19's screens at each size (see `util/screens.rs`); the ones that
/// never came.
fn issue_19(sizes: &[usize], dir: &Path) -> Vec<String> {
    let (modes, cores_said) = launch::core_modes();
    let sqlite3 = util::floor::sqlite3();
    println!();
    println!("## Issue 19's screens");
    println!();
    println!(
        "{cores_said} Floor: {}.",
        sqlite3
            .as_deref()
            .map_or_else(|why| why.to_string(), |v| format!("sqlite3 {v}"))
    );
    let setting = databases::Setting::new(&dir.join("manager"));
    // What a manager of a regional agency sets once: every child.
    std::fs::write(setting.config.join("config.toml"), "view = \"everyone\"\n")
        .expect("the manager's configuration");
    let mut missing = Vec::new();
    for &size in sizes {
        let (db, demo) = database(size, dir);
        let manager = databases::manager(&db);
        println!();
        for line in databases::demo_lines(&demo, size) {
            println!("{line}");
        }
        let place = screens::Place {
            demo: &demo.path,
            db: &db,
            dir,
            manager: &manager,
            setting: &setting,
            limit: databases::time_limit(),
        };
        for shown in screens::measure_size(&place, size, &modes, sqlite3.is_ok()) {
            missing.push(format!("{size} children: {shown} never came"));
        }
    }
    missing
}
