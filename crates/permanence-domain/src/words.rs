//! The texts that say why a date is what it is (a timeline item's rule,
//! the words a chain of meetings is counted from), made in one allocation
//! for their usual length.
//!
//! `format!` guesses a text's length from its literal parts alone, so a
//! rule made of a few words around a source's long citation ("6 weeks
//! after the 3rd permanence planning meeting held on 01/02/2025 (Warrington
//! Securing Permanence, section 8.3: at least every 6 weeks)") grew four or
//! five times as it was written: a quarter of working out a timeline, which
//! a bulk refresh or the demo does a hundred thousand times
//! (docs/performance.md, 08/12/2026). [`words!`] is `format!` into a text
//! that holds [`USUAL`] bytes from the start.

use std::fmt::Write;

/// Room for most rules whole, grown once for the rest: of the 3,085
/// items' rules in 60 demo children's timelines (08/12/2026), half were
/// 161 bytes or fewer and nine in ten 203 or fewer (the longest 492);
/// the parts a rule is made from (the words it counts from) are shorter.
pub const USUAL: usize = 192;

/// As `format!`, into a text made with room for [`USUAL`] bytes.
macro_rules! words {
    ($($arg:tt)*) => {
        $crate::words::sized(format_args!($($arg)*))
    };
}
pub(crate) use words;

/// The text `args` make, written into one with room for [`USUAL`] bytes
/// (more, if they need it, as any text grows).
pub fn sized(args: std::fmt::Arguments<'_>) -> String {
    let mut out = String::with_capacity(USUAL);
    // Writing into a `String` cannot fail: only a `Display` that fails
    // could, and `format!` would panic there.
    let _ = out.write_fmt(args);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_writes_what_format_writes_short_or_long() {
        let long = "x".repeat(USUAL * 3);
        for (made, formatted) in [
            (
                words!("{} after {} ({})", "6 weeks", "the 1st PPM", "policy"),
                format!("{} after {} ({})", "6 weeks", "the 1st PPM", "policy"),
            ),
            (words!("{long}; {}", 7), format!("{long}; {}", 7)),
            (words!(""), String::new()),
        ] {
            assert_eq!(made, formatted);
        }
    }

    #[test]
    fn a_usual_rule_is_made_without_growing() {
        let rule = words!(
            "{} after {} ({})",
            "6 weeks",
            "the 3rd permanence planning meeting held on 01/02/2025",
            "Warrington Securing Permanence, section 8.3: at least every 6 weeks"
        );
        assert!(rule.len() < USUAL);
        assert_eq!(rule.capacity(), USUAL);
    }
}
