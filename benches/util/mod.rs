//! What the end-to-end benchmarks share (as `tests/it/util` is for the
//! tests): running a program timed and measured, on all cores or one
//! ([`launch`]); the machine the numbers come from ([`machine`]); the
//! demo databases, made once per size and build ([`databases`]); the
//! `sqlite3` floors ([`floor`]); and saying a number against its budget
//! ([`budget`]).

// Each benchmark uses a part.
#![allow(dead_code)]

pub mod budget;
pub mod databases;
pub mod floor;
pub mod launch;
pub mod machine;

/// The middle value (the upper of the two middles for an even count);
/// NaN for none.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Seconds as a person reads them: "56 ms", "1.42 s".
pub fn seconds(s: f64) -> String {
    if s.is_nan() {
        "–".to_string()
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}
