//! How long each part of making the demo took, said on standard error
//! when `PERMANENCE_DEMO_PHASES` is set (issue 19): the demo at 100,000
//! children has a time budget, and knowing which part to make faster
//! should not need a profiler. Off, it measures nothing and says nothing.

use std::time::{Duration, Instant};

/// The variable that asks for the phases.
pub const PHASES_ENV: &str = "PERMANENCE_DEMO_PHASES";

/// A stopwatch that says each phase as it ends.
pub struct Phases {
    /// When the current phase began; `None` when nobody asked.
    since: Option<Instant>,
    /// When the first phase began, for the total.
    start: Option<Instant>,
}

impl Phases {
    /// On when `PHASES_ENV` is set to anything but empty or `0`.
    pub fn from_env() -> Phases {
        let on = std::env::var(PHASES_ENV).is_ok_and(|v| !v.is_empty() && v != "0");
        if on { Phases::on() } else { Phases::off() }
    }

    pub fn on() -> Phases {
        let now = Instant::now();
        Phases {
            since: Some(now),
            start: Some(now),
        }
    }

    pub fn off() -> Phases {
        Phases {
            since: None,
            start: None,
        }
    }

    /// Ends the phase named `what`: says how long it took, and the next
    /// begins now.
    pub fn done(&mut self, what: &str) {
        if let Some(since) = self.since {
            let now = Instant::now();
            eprintln!("demo phase: {what} {}", seconds(now - since));
            self.since = Some(now);
        }
    }

    /// Says the time since the first phase began.
    pub fn total(&self) {
        if let Some(start) = self.start {
            eprintln!("demo phase: in all {}", seconds(start.elapsed()));
        }
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
