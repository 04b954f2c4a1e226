//! Every report of issue 19 at each size, on all cores and on one: `report
//! overdue`, `report due --within 14d`, every `report tracker NAME`
//! (`Tracker::ALL`) and `report timeliness` (issue 20's adoption
//! measures) with `--format json`, and `ics`, run as a manager of
//! the demo (`--as`, so the reports cover every child they may see), each
//! timed with its peak memory through the launcher, beside `sqlite3`
//! reading what the report reads. A run longer than the time limit is
//! stopped and recorded as over it; a run over ten seconds is not repeated
//! (it is far over its budget already, and other engineers are making these
//! fast, so the benchmark stays usable before and after).

use crate::util::budget::{self, Timing};
use crate::util::databases::{Setting, TODAY};
use crate::util::launch::{Cores, Run, measure};
use crate::util::{floor, median, seconds};
use permanence::domain::cohort::Tracker;
use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::time::Duration;

/// Runs of each report on each cores setting, at most.
const RUNS: usize = 3;
/// A run longer than this is not repeated.
const SLOW: f64 = 10.0;
/// Issue 19's budgets at 100,000 children: seconds and MB, on all cores;
/// on one core the time may be twice as long (memory is the same).
const TIME_BUDGET: f64 = 1.0;
const MEMORY_BUDGET: f64 = 50.0;
const ONE_CORE_FACTOR: f64 = 2.0;
/// The size the budgets are for.
pub const BUDGET_SIZE: usize = 100_000;
/// "At least 10× faster than today."
const FASTER: f64 = 10.0;
/// Today's times from issue 19's table (release binary, the benchmark's
/// demo databases, the 2-core machine): report, children, seconds.
const BEFORE: [(&str, usize, f64); 7] = [
    ("report tracker permanence", 10_000, 3.8),
    ("report tracker permanence", 100_000, 47.8),
    ("report tracker sgo-review", 100_000, 42.6),
    ("ics", 10_000, 4.4),
    ("ics", 100_000, 44.8),
    ("report overdue", 10_000, 0.08),
    ("report overdue", 100_000, 0.96),
];

/// One report: its name as typed, its arguments, and its floor's SQL.
struct Report {
    name: String,
    args: Vec<String>,
    floor: String,
}

fn json(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.to_string())
        .chain(["--format".to_string(), "json".to_string()])
        .collect()
}

fn reports() -> Vec<Report> {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("today is a date");
    let until = (today + chrono::Days::new(14)).format("%Y-%m-%d").to_string();
    let mut all = vec![
        Report {
            name: "report overdue".into(),
            args: json(&["report", "overdue"]),
            floor: floor::overdue(TODAY),
        },
        Report {
            name: "report due --within 14d".into(),
            args: json(&["report", "due", "--within", "14d"]),
            floor: floor::due(TODAY, &until),
        },
    ];
    all.extend(Tracker::ALL.iter().map(|t| Report {
        name: format!("report tracker {}", t.code()),
        args: json(&["report", "tracker", t.code()]),
        floor: floor::cohort(),
    }));
    all.push(Report {
        name: "report timeliness".into(),
        args: json(&["report", "timeliness"]),
        floor: floor::timeliness(),
    });
    all.push(Report {
        name: "ics".into(),
        args: vec!["ics".into()],
        floor: floor::ics(TODAY),
    });
    all
}

/// What one report did on one cores setting over its runs.
#[derive(Clone)]
struct Outcome {
    timing: Timing,
    peak_mb: Option<f64>,
    runs: usize,
    output_bytes: u64,
}

/// Where the runs of one size happen.
pub struct Place<'a> {
    pub bin: &'a Path,
    pub db: &'a Path,
    pub manager: &'a str,
    pub setting: &'a Setting,
    pub dir: &'a Path,
    pub limit: Duration,
}

/// Runs one report up to [`RUNS`] times on `cores`.
fn run_report(place: &Place, report: &Report, cores: Cores) -> Outcome {
    let out = place.dir.join("report.out");
    let mut args: Vec<OsString> = vec![
        "--db".into(),
        place.db.into(),
        "--as".into(),
        place.manager.into(),
    ];
    args.extend(report.args.iter().map(OsString::from));
    let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let env = place.setting.env();
    let (mut times, mut peaks, mut output_bytes) = (Vec::new(), Vec::new(), 0);
    for _ in 0..RUNS {
        let run = measure(&Run {
            program: place.bin.as_os_str(),
            args: &args,
            env: &env,
            cores,
            limit: place.limit,
            out: &out,
        });
        peaks.push(run.peak_mb());
        if run.timed_out {
            eprintln!(
                "{} ({}): stopped at {:?}",
                report.name,
                cores.label(),
                place.limit
            );
            return Outcome {
                timing: Timing::Over(place.limit.as_secs_f64()),
                peak_mb: Some(run.peak_mb()),
                runs: times.len() + 1,
                output_bytes: 0,
            };
        }
        if run.code != 0 {
            eprintln!(
                "{} ({}) failed: {}",
                report.name,
                cores.label(),
                run.stderr.trim()
            );
            return Outcome {
                timing: Timing::Failed,
                peak_mb: None,
                runs: times.len() + 1,
                output_bytes: 0,
            };
        }
        output_bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
        times.push(run.seconds());
        if run.seconds() > SLOW {
            break;
        }
    }
    Outcome {
        timing: Timing::Took(median(times.clone())),
        peak_mb: Some(median(peaks)),
        runs: times.len(),
        output_bytes,
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
}

fn peak(outcome: Option<&Outcome>) -> String {
    outcome.map_or("–".to_string(), |o| {
        budget::peak(o.peak_mb, matches!(o.timing, Timing::Over(_)))
    })
}

fn timing(outcome: Option<&Outcome>) -> String {
    outcome.map_or("–".to_string(), |o| {
        format!(
            "{} ({} run{})",
            o.timing.show(),
            o.runs,
            if o.runs == 1 { "" } else { "s" }
        )
    })
}

/// Every report at one size: the table, then the budgets; the reports
/// that failed or were stopped at the time limit.
pub fn measure_size(place: &Place, size: usize, modes: &[Cores], sqlite3: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut results = Vec::new();
    for report in reports() {
        let outcomes: Vec<(Cores, Outcome)> = modes
            .iter()
            .map(|&c| (c, run_report(place, &report, c)))
            .collect();
        let floors: Vec<Option<f64>> = modes
            .iter()
            .map(|&c| {
                sqlite3
                    .then(|| floor::floor(place.db, &report.floor, c, RUNS))
                    .flatten()
            })
            .collect();
        let all = outcomes.iter().find(|(c, _)| *c == Cores::All).map(|(_, o)| o);
        let one = outcomes.iter().find(|(c, _)| *c == Cores::One).map(|(_, o)| o);
        let floor_all = floors.first().copied().flatten();
        let ratio = match (all.map(|o| o.timing), floor_all) {
            (Some(Timing::Took(s)), Some(f)) => format!("{:.1}×", s / f),
            _ => "–".to_string(),
        };
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} / {} | {ratio} |",
            report.name,
            timing(all),
            peak(all),
            timing(one),
            peak(one),
            all.map_or("–".to_string(), |o| mb(o.output_bytes)),
            floor_all.map_or("–".to_string(), seconds),
            floors.get(1).copied().flatten().map_or("–".to_string(), seconds),
        ));
        results.push((report.name, outcomes));
    }
    println!();
    println!("### Reports, {size} children");
    println!();
    println!(
        "| report (as {}) | all cores (median) | peak | one core (median) | peak | output | sqlite3 floor, all / one core | all cores ÷ floor |",
        place.manager
    );
    println!("|---|---|---|---|---|---|---|---|");
    for line in lines {
        println!("{line}");
    }
    budgets(size, &results);
    results
        .iter()
        .filter(|(_, outcomes)| outcomes.iter().any(|(_, o)| !matches!(o.timing, Timing::Took(_))))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The budget lines: at 100,000 children time and memory on all cores and
/// on one; at any size with a time in issue 19's table, "10× faster".
fn budgets(size: usize, results: &[(String, Vec<(Cores, Outcome)>)]) {
    let mut lines = Vec::new();
    for (name, outcomes) in results {
        for (cores, outcome) in outcomes {
            if size == BUDGET_SIZE {
                let factor = if *cores == Cores::One {
                    ONE_CORE_FACTOR
                } else {
                    1.0
                };
                lines.push(budget::time_line(
                    &format!("{name}, {}, time", cores.label()),
                    outcome.timing,
                    TIME_BUDGET * factor,
                ));
                lines.push(budget::memory_line(
                    &format!("{name}, {}, peak memory", cores.label()),
                    outcome.peak_mb,
                    MEMORY_BUDGET,
                    matches!(outcome.timing, Timing::Over(_)),
                ));
            }
            let before = BEFORE
                .iter()
                .find(|(n, s, _)| name.as_str() == *n && *s == size)
                .map(|(_, _, t)| *t);
            if let (Some(before), Cores::All) = (before, cores) {
                lines.push(budget::faster_line(
                    &format!("{name}, all cores, against issue 19's table"),
                    outcome.timing,
                    before,
                    FASTER,
                ));
            }
        }
    }
    println!();
    if lines.is_empty() {
        println!("(Issue 19's report budgets are for 100,000 children.)");
        return;
    }
    println!(
        "{}",
        budget::head(&format!("reports against issue 19, {size} children"))
    );
    for line in lines {
        println!("{line}");
    }
}
