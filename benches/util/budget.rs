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
        format!("over by more than {:.1}×", measured / budget)
    } else {
        format!("over by {:.1}×", measured / budget)
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

/// The same for peak memory in MB (nothing: not measured).
pub fn memory_line(what: &str, measured: Option<f64>, budget: f64) -> String {
    match measured {
        Some(mb) => format!(
            "| {what} | {mb:.0} MB | ≤ {budget:.0} MB | {} |",
            verdict(mb, budget, false)
        ),
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
