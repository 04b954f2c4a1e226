//! A measurement against its budget, as one line of a Markdown table:
//! what, measured, budget, and within or over by how much.

use super::seconds;

/// A time measured: its median, or stopped at the time limit, or failed
/// (the program said an error, or the screen never came).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Timing {
    Took(f64),
    /// Stopped after this many seconds without finishing.
    Over(f64),
    Failed,
}

impl Timing {
    pub fn show(self) -> String {
        match self {
            Timing::Took(s) => seconds(s),
            Timing::Over(limit) => format!("over {limit:.0} s"),
            Timing::Failed => "failed".to_string(),
        }
    }
}

/// How a number stands against its budget (lower is better).
fn verdict(measured: f64, budget: f64, more: bool) -> String {
    if !more && measured <= budget {
        format!("within ({:.0}% of it)", measured / budget * 100.0)
    } else if more {
        format!("over by more than {}", times(measured / budget))
    } else {
        format!("over by {}", times(measured / budget))
    }
}

/// A ratio, with the second decimal where it is close to 1.
fn times(ratio: f64) -> String {
    if ratio < 2.0 {
        format!("{ratio:.2}×")
    } else {
        format!("{ratio:.1}×")
    }
}

/// A budget in seconds: "200 ms", "1 s", "20 s".
fn budget_seconds(s: f64) -> String {
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        seconds(s)
    }
}

/// `| what | measured | ≤ budget | within or over |` for a time.
pub fn time_line(what: &str, measured: Timing, budget: f64) -> String {
    let verdict = match measured {
        Timing::Took(s) => verdict(s, budget, false),
        Timing::Over(limit) => verdict(limit, budget, true),
        Timing::Failed => "not measured: it failed".to_string(),
    };
    format!(
        "| {what} | {} | ≤ {} | {verdict} |",
        measured.show(),
        seconds(budget)
    )
}

/// A peak memory in MB as measured: "at least" where the program was
/// stopped at the time limit (it had reached that much by then).
pub fn peak(mb: Option<f64>, stopped: bool) -> String {
    match mb {
        Some(mb) if stopped => format!("≥ {mb:.0} MB"),
        Some(mb) => format!("{mb:.0} MB"),
        None => "–".to_string(),
    }
}

/// The same as [`time_line`] for peak memory in MB (nothing: not
/// measured; `stopped`: a run was stopped at the time limit, so the peak
/// is only what it had reached by then).
pub fn memory_line(what: &str, measured: Option<f64>, budget: f64, stopped: bool) -> String {
    match measured {
        Some(mb) => {
            let verdict = match verdict(mb, budget, false) {
                v if stopped && mb <= budget => format!("not known: {v} when stopped"),
                _ if stopped => verdict(mb, budget, true),
                v => v,
            };
            format!(
                "| {what} | {} | ≤ {budget:.0} MB | {verdict} |",
                peak(Some(mb), stopped)
            )
        }
        None => format!("| {what} | – | ≤ {budget:.0} MB | not measured |"),
    }
}

/// The same for "at least `factor` times faster than `before`" (seconds).
pub fn faster_line(what: &str, measured: Timing, before: f64, factor: f64) -> String {
    let verdict = match measured {
        Timing::Took(s) => {
            let gained = before / s;
            if gained >= factor {
                format!("within ({gained:.1}× faster)")
            } else {
                format!("over: {gained:.1}× faster, {:.1}× short", factor / gained)
            }
        }
        Timing::Over(_) => "over: no faster".to_string(),
        Timing::Failed => "not measured: it failed".to_string(),
    };
    format!(
        "| {what} | {} | ≥ {factor:.0}× faster than {} | {verdict} |",
        measured.show(),
        seconds(before)
    )
}

/// The table's head.
pub fn head(title: &str) -> String {
    format!("| {title} | measured | budget | |\n|---|---|---|---|")
}
