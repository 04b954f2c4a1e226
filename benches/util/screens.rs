//! Issue 19's screens at national scale: the app in a 120×40
//! pseudo-terminal, logged in (`--as`) as a team manager of the demo whose
//! configuration opens the caseload on everyone (`view = "everyone"`, as a
//! manager of a regional agency would set it once), on all cores and
//! pinned to one. Each measurement starts the app afresh: the first
//! caseload frame is timed from the start; for the others the app is left
//! until it is idle on the caseload (no CPU used for 200 ms), then the
//! time is from the key to the first complete frame of the screen it
//! opens, and the peak memory (`VmHWM`) is read once the app is idle
//! again.
//!
//! "Complete" is what only the finished screen shows, read from each
//! screen's code: its title and its own status line (the status line is
//! the last row, so the frame before it has been written), a dialog's last
//! line, or the message the screen gives instead when there is nothing to
//! show. A screen that has not come within the time limit is recorded as
//! over it and the screen it showed is printed, rather than the benchmark
//! waiting on.
//!
//! The Forms/sign-off queue: there is no screen of that name. What exists
//! is `Q` on the caseload, the list of forms awaiting the user's sign-off
//! or QA (a dialog over the caseload), so that is what is measured.

use crate::pty::{self, BIN, Tui};
use crate::util::budget::{self, Timing};
use crate::util::databases::{Setting, working_copy};
use crate::util::launch::Cores;
use crate::util::{floor, median, seconds};
use portable_pty::CommandBuilder;
use std::path::Path;
use std::time::{Duration, Instant};

pub const COLS: u16 = 120;
pub const ROWS: u16 = 40;
/// Runs of each screen on each cores setting, at most.
const RUNS: usize = 3;
/// A run longer than this is not repeated.
const SLOW: f64 = 10.0;
/// Issue 19's budgets at 100,000 children (seconds, MB); one core may
/// take twice as long.
const SCREEN_BUDGET: f64 = 0.2;
const CASELOAD_BUDGET: f64 = 0.1;
const MEMORY_BUDGET: f64 = 100.0;
const ONE_CORE_FACTOR: f64 = 2.0;
pub const BUDGET_SIZE: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Caseload,
    WhatNext,
    Dashboard,
    SignOffQueue,
    TrackerMeeting,
    OpenChild,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Caseload,
        Screen::WhatNext,
        Screen::Dashboard,
        Screen::SignOffQueue,
        Screen::TrackerMeeting,
        Screen::OpenChild,
    ];

    fn label(self) -> &'static str {
        match self {
            Screen::Caseload => "first caseload frame (from start)",
            Screen::WhatNext => "`w` what next",
            Screen::Dashboard => "`D` dashboard",
            Screen::SignOffQueue => "`Q` forms awaiting sign-off",
            Screen::TrackerMeeting => "`T`, Enter: a Permanence Tracker meeting",
            Screen::OpenChild => "`Enter`: opening a child",
        }
    }

    /// The key that opens it from the idle caseload.
    fn key(self) -> &'static str {
        match self {
            Screen::Caseload => "",
            Screen::WhatNext => "w",
            Screen::Dashboard => "D",
            Screen::SignOffQueue => "Q",
            // After `T`: the picker's first tracker, the Permanence Tracker
            // (its cohort is every child in or near proceedings or looked
            // after: the largest).
            Screen::TrackerMeeting | Screen::OpenChild => "\r",
        }
    }

    fn budget(self) -> f64 {
        match self {
            Screen::Caseload => CASELOAD_BUDGET,
            _ => SCREEN_BUDGET,
        }
    }

    fn floor(self) -> String {
        let today = crate::util::databases::TODAY;
        match self {
            Screen::Caseload => floor::caseload(),
            Screen::WhatNext => floor::what_next(today),
            Screen::Dashboard => floor::dashboard(today),
            Screen::SignOffQueue => floor::queue(),
            Screen::TrackerMeeting => floor::cohort(),
            Screen::OpenChild => floor::one_child(),
        }
    }

    /// Whether `s` is this screen's first complete frame; `before` is the
    /// caseload's status line just before the key.
    fn done(self, s: &str, before: &str) -> bool {
        let first = s.lines().next().unwrap_or("");
        let last = s.lines().last().unwrap_or("");
        let new_status = last != before;
        match self {
            Screen::Caseload => caseload_done(s),
            Screen::WhatNext => first.contains("What next") && new_status && last.contains(" open items"),
            Screen::Dashboard => first.contains("Dashboard") && new_status && last.contains(" children"),
            Screen::SignOffQueue => {
                (s.contains("Awaiting your sign-off or QA (") && s.contains("Esc cancels"))
                    || last.contains("No form awaits your sign-off")
            }
            Screen::TrackerMeeting => {
                (first.contains(" · meeting of ") && new_status && last.contains(" discussed"))
                    // No one on the tracker: the caseload says so.
                    || (last.contains("No children of") && last.contains("are on the"))
            }
            Screen::OpenChild => s.contains("Tab switches") && new_status && last.contains(" 1 of "),
        }
    }
}

/// The caseload's first complete frame: its title, the first row
/// selected, the list filled to the window's last row, and the status line.
fn caseload_done(s: &str) -> bool {
    let lines: Vec<&str> = s.lines().collect();
    let row = |i: usize| lines.get(i).copied().unwrap_or("");
    row(0).contains("Caseload")
        && row(2).contains('›')
        && !row(usize::from(ROWS) - 2).trim().is_empty()
        && row(usize::from(ROWS) - 1).contains(" · ")
}

/// Where one size's screens are measured.
pub struct Place<'a> {
    /// The shared demo, copied before a run that writes (a meeting).
    pub demo: &'a Path,
    /// A copy for the runs that only read (and write an audit entry).
    pub db: &'a Path,
    pub dir: &'a Path,
    pub manager: &'a str,
    /// Its configuration folder holds `view = "everyone"`.
    pub setting: &'a Setting,
    pub limit: Duration,
}

fn command(place: &Place, db: &Path, cores: Cores) -> CommandBuilder {
    let mut command = match cores {
        Cores::All => CommandBuilder::new(BIN),
        Cores::One => {
            let mut c = CommandBuilder::new("taskset");
            c.args(["-c", "0", BIN]);
            c
        }
    };
    // As the tests' harness starts it (pty::clean_command), with the
    // manager's configuration folder.
    for name in pty::inherited_settings() {
        command.env_remove(name);
    }
    for (name, value) in place.setting.env() {
        command.env(name, value);
    }
    command.env("TERM", "xterm-256color");
    command.env_remove("NO_COLOR");
    command.arg("--db");
    command.arg(db);
    command.args(["--as", place.manager]);
    command
}

/// How long the output must pause for a frame to count as written whole.
const FRAME_GAP: Duration = Duration::from_millis(10);

/// Waits up to `limit` from `start` for `done` to hold of the screen, then
/// for the frame it is part of to be written to its end (the status line's
/// keys come after its count): the time from `start` to the frame's last
/// byte, the first pause in the output of [`FRAME_GAP`] after `done`
/// held. Nothing if `done` never held.
fn until_complete(
    tui: &Tui,
    start: Instant,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> Option<Duration> {
    let mut bytes = tui.bytes();
    let mut last_byte = Duration::ZERO;
    let mut seen = false;
    while start.elapsed() < limit {
        let now = tui.bytes();
        if now != bytes {
            bytes = now;
            last_byte = start.elapsed();
        }
        if !seen && done(&tui.contents()) {
            // (The screen is parsed before the byte count grows, so
            // bytes still to be counted are seen in the gap below.)
            seen = true;
        }
        if seen && start.elapsed() >= last_byte + FRAME_GAP {
            return Some(last_byte);
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    seen.then_some(last_byte)
}

fn vm_hwm_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// User and system CPU clock ticks the process has used.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name in parentheses: state is field 3, utime 14.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Waits (at most 10 s) until the app has used no CPU for 200 ms: the
/// caseload's look-ahead done, as when a person has looked at the list,
/// or a screen's work finished before its peak memory is read.
fn idle(pid: u32) {
    let start = Instant::now();
    let mut last = cpu_ticks(pid);
    let mut quiet = 0;
    while quiet < 2 && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
        let now = cpu_ticks(pid);
        quiet = if now == last { quiet + 1 } else { 0 };
        last = now;
    }
}

/// One measurement: the time and the app's peak memory just after.
#[derive(Debug, Clone, Copy)]
struct Shot {
    timing: Timing,
    peak_mb: Option<f64>,
}

fn stop(mut tui: Tui) {
    let _ = tui.child.kill();
    let _ = tui.child.wait();
}

/// Prints what the screen showed when it did not come in time.
fn not_shown(what: &str, cores: Cores, tui: &Tui) {
    eprintln!(
        "{what} ({}): not complete after the time limit; the screen shows:\n{}",
        cores.label(),
        tui.contents()
    );
}

fn one(place: &Place, screen: Screen, cores: Cores, db: &Path) -> Shot {
    let over = Timing::Over(place.limit.as_secs_f64());
    let start = Instant::now();
    let tui = Tui::spawn(command(place, db, cores), COLS, ROWS);
    let pid = tui.child.process_id().expect("the app's process");
    let Some(first) = until_complete(&tui, start, place.limit, caseload_done) else {
        not_shown("the caseload", cores, &tui);
        let peak_mb = vm_hwm_mb(pid);
        stop(tui);
        return Shot {
            timing: over,
            peak_mb,
        };
    };
    let title = tui.contents().lines().next().unwrap_or("").to_string();
    assert!(
        title.contains("all children"),
        "the caseload did not open on everyone, so this would measure something else:\n{}",
        tui.contents()
    );
    if screen == Screen::Caseload {
        // The peak once the app is done: a caseload drawn before the rest
        // of the list is read goes on reading it after the first frame.
        idle(pid);
        let peak_mb = vm_hwm_mb(pid);
        stop(tui);
        return Shot {
            timing: Timing::Took(first.as_secs_f64()),
            peak_mb,
        };
    }
    idle(pid);
    let mut tui = tui;
    if screen == Screen::TrackerMeeting {
        tui.send("T");
        let picker = |s: &str| s.contains("Hold a tracker meeting");
        if tui
            .until(Instant::now(), Duration::from_secs(10), picker)
            .is_none()
        {
            not_shown("the trackers to choose from", cores, &tui);
            stop(tui);
            return Shot {
                timing: Timing::Failed,
                peak_mb: None,
            };
        }
        // The picker's frame written whole before the choice.
        std::thread::sleep(Duration::from_millis(100));
    }
    key_to_frame(place, screen, cores, tui, pid)
}

/// From the screen's key to its first complete frame, then the peak.
fn key_to_frame(place: &Place, screen: Screen, cores: Cores, mut tui: Tui, pid: u32) -> Shot {
    let contents = tui.contents();
    let before = contents.lines().last().unwrap_or("").to_string();
    let start = Instant::now();
    tui.send(screen.key());
    let took = until_complete(&tui, start, place.limit, |s| screen.done(s, &before));
    let timing = match took {
        Some(d) => Timing::Took(d.as_secs_f64()),
        None => {
            not_shown(screen.label(), cores, &tui);
            Timing::Over(place.limit.as_secs_f64())
        }
    };
    if std::env::var_os("PERMANENCE_BENCH_SHOW").is_some() {
        eprintln!("{} ({}):\n{}", screen.label(), cores.label(), tui.contents());
    }
    // The peak once the app is done with the screen (a screen drawn in
    // parts goes on after its first frame); at once if it never came.
    if took.is_some() {
        idle(pid);
    }
    let peak_mb = vm_hwm_mb(pid);
    stop(tui);
    Shot { timing, peak_mb }
}

/// Every screen at one size: runs interleaved (each screen, each cores
/// setting, then again), the table and the budgets; the screens that
/// never came.
pub fn measure_size(place: &Place, size: usize, modes: &[Cores], sqlite3: bool) -> Vec<String> {
    let mut shots: Vec<Vec<Vec<Shot>>> = vec![vec![Vec::new(); modes.len()]; Screen::ALL.len()];
    for _ in 0..RUNS {
        for (s, &screen) in Screen::ALL.iter().enumerate() {
            for (c, &cores) in modes.iter().enumerate() {
                let runs = &mut shots[s][c];
                let stopped = runs.last().is_some_and(|shot: &Shot| match shot.timing {
                    Timing::Took(t) => t > SLOW,
                    _ => true,
                });
                if stopped {
                    continue;
                }
                // A meeting is written when it starts: each on a fresh copy.
                let db = if screen == Screen::TrackerMeeting {
                    working_copy(place.demo, &place.dir.join("meeting.db"))
                } else {
                    place.db.to_path_buf()
                };
                runs.push(one(place, screen, cores, &db));
            }
        }
    }
    report(place, size, modes, sqlite3, &shots)
}

/// The median time of the runs (or how they stopped) and median peak.
fn summary(runs: &[Shot]) -> (Timing, Option<f64>, usize) {
    let peaks: Vec<f64> = runs.iter().filter_map(|r| r.peak_mb).collect();
    let peak = (!peaks.is_empty()).then(|| median(peaks));
    let times: Vec<f64> = runs
        .iter()
        .filter_map(|r| match r.timing {
            Timing::Took(t) => Some(t),
            _ => None,
        })
        .collect();
    let timing = match runs.last() {
        Some(Shot {
            timing: Timing::Took(_),
            ..
        }) => Timing::Took(median(times)),
        Some(shot) => shot.timing,
        None => Timing::Failed,
    };
    (timing, peak, runs.len())
}

fn report(
    place: &Place,
    size: usize,
    modes: &[Cores],
    sqlite3: bool,
    shots: &[Vec<Vec<Shot>>],
) -> Vec<String> {
    println!();
    println!("### Screens, {size} children");
    println!();
    println!(
        "| screen (as {}, everyone, {COLS}×{ROWS}) | all cores (median) | peak | one core (median) | peak | sqlite3 floor, all / one core | all cores ÷ floor |",
        place.manager
    );
    println!("|---|---|---|---|---|---|---|");
    let mut budget_lines = Vec::new();
    let mut missing = Vec::new();
    let mut app_peak: Vec<f64> = vec![0.0; modes.len()];
    let mut stopped = vec![false; modes.len()];
    for (s, screen) in Screen::ALL.iter().enumerate() {
        let mut cells = Vec::new();
        let mut floors = Vec::new();
        for (c, &cores) in modes.iter().enumerate() {
            let (timing, peak, runs) = summary(&shots[s][c]);
            if !matches!(timing, Timing::Took(_)) {
                missing.push(format!("{} ({})", screen.label(), cores.label()));
            }
            if let Some(p) = peak {
                app_peak[c] = app_peak[c].max(p);
            }
            stopped[c] |= matches!(timing, Timing::Over(_));
            cells.push((timing, peak, runs));
            floors.push(
                sqlite3
                    .then(|| floor::floor(place.db, &screen.floor(), cores, RUNS))
                    .flatten(),
            );
            if size == BUDGET_SIZE {
                let factor = if cores == Cores::One { ONE_CORE_FACTOR } else { 1.0 };
                budget_lines.push(budget::time_line(
                    &format!("{}, {}", screen.label(), cores.label()),
                    timing,
                    screen.budget() * factor,
                ));
            }
        }
        let cell = |c: usize| {
            cells
                .get(c)
                .map_or(("–".to_string(), "–".to_string()), |(t, p, n)| {
                    (
                        format!("{} ({n} run{})", t.show(), if *n == 1 { "" } else { "s" }),
                        budget::peak(*p, matches!(t, Timing::Over(_))),
                    )
                })
        };
        let ((all, all_peak), (one, one_peak)) = (cell(0), cell(1));
        let floor_all = floors.first().copied().flatten();
        let ratio = match (cells.first().map(|c| c.0), floor_all) {
            (Some(Timing::Took(t)), Some(f)) => format!("{:.1}×", t / f),
            _ => "–".to_string(),
        };
        println!(
            "| {} | {all} | {all_peak} | {one} | {one_peak} | {} / {} | {ratio} |",
            screen.label(),
            floor_all.map_or("–".to_string(), seconds),
            floors.get(1).copied().flatten().map_or("–".to_string(), seconds),
        );
    }
    if size == BUDGET_SIZE {
        for (c, &cores) in modes.iter().enumerate() {
            budget_lines.push(budget::memory_line(
                &format!("the app's peak memory over these screens, {}", cores.label()),
                Some(app_peak[c]),
                MEMORY_BUDGET,
                stopped[c],
            ));
        }
        println!();
        println!(
            "{}",
            budget::head(&format!("screens against issue 19, {size} children"))
        );
        for line in budget_lines {
            println!("{line}");
        }
    } else {
        println!();
        println!("(Issue 19's screen budgets are for 100,000 children.)");
    }
    missing
}
