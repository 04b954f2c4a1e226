//! What the numbers were measured on and when, printed before them so
//! that a run can be pasted into docs/performance.md as it is: the date,
//! the processor (`model name` in /proc/cpuinfo), how many cores, the
//! memory (`MemTotal`), the system, and the load average.

use std::fmt::Write as _;

/// The load average over 1, 5 and 15 minutes.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn cpuinfo() -> (String, usize) {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown processor".to_string(), |(_, m)| m.trim().to_string());
    let cores = info.lines().filter(|l| l.starts_with("processor")).count();
    (model, cores)
}

fn memory() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb: f64 = m
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.1} GB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".to_string())
}

fn system() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|r| {
            r.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|n| n.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}

/// The lines that head a run: when, on what, and how busy the machine was.
// The day the numbers were measured is the wall clock's: the program's own
// today (a Clock) has nothing to do with it.
#[allow(clippy::disallowed_methods)]
pub fn header(what: &str) -> String {
    let (model, cores) = cpuinfo();
    let usable = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{what}, {} UTC",
        chrono::Utc::now().format("%d/%m/%Y %H:%M")
    );
    let _ = writeln!(
        text,
        "Machine: {model}, {cores} cores ({usable} usable by this process), {} memory, {}.",
        memory(),
        system()
    );
    let _ = write!(text, "Load average before: {}.", load());
    text
}
