//! The stored texts every child's row of the bulk read holds (their
//! facts, [`crate::stored_cohort`]; their summary's spans,
//! [`crate::stored_summary`]) split at an ASCII byte by a walk over their
//! bytes. `str::split` and `str::lines` look for a character with a
//! search set up afresh for each part, which for parts of a few bytes
//! cost more than the parts: a tenth of the dashboard's read at 100,000
//! children (callgrind, docs/performance.md, 08/12/2026).

/// The parts of `text` between each `sep`, as `text.split(sep)` gives
/// them. `sep` must be ASCII (a byte of its own in UTF-8); any other
/// byte ends the parts where it is first found.
pub(crate) fn parts(text: &str, sep: u8) -> Parts<'_> {
    Parts {
        rest: Some(text),
        sep,
    }
}

/// The lines of `text`, as `text.lines()` gives those of a text whose
/// lines end in a line feed alone (a carriage return is kept, where
/// `lines` would drop one before a line feed: no stored text ends a line
/// with one).
pub(crate) fn lines(text: &str) -> Parts<'_> {
    match text.is_empty() {
        true => Parts {
            rest: None,
            sep: b'\n',
        },
        false => parts(text.strip_suffix('\n').unwrap_or(text), b'\n'),
    }
}

/// `text` before and after the first `sep` (ASCII), as
/// `text.split_once(sep)` gives them.
pub(crate) fn once(text: &str, sep: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == sep)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Whether `text` holds `byte` (ASCII).
pub(crate) fn holds(text: &str, byte: u8) -> bool {
    text.bytes().any(|b| b == byte)
}

/// See [`parts`].
pub(crate) struct Parts<'t> {
    /// What is left to split; `None` once the last part is given.
    rest: Option<&'t str>,
    sep: u8,
}

impl<'t> Iterator for Parts<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let text = self.rest?;
        match text.bytes().position(|b| b == self.sep) {
            // An ASCII byte is a character of its own, so both sides of it
            // are whole characters.
            Some(at) => {
                self.rest = text.get(at + 1..);
                text.get(..at)
            }
            None => {
                self.rest = None;
                Some(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the text (separators at either end, side by side,
        /// none, characters of several bytes), the same parts as `split`.
        #[test]
        fn the_parts_are_splits(text in "[a;\\n\\r\u{e9}\u{2013} ]{0,24}") {
            for sep in [b';', b' ', b'\n'] {
                let ours: Vec<&str> = parts(&text, sep).collect();
                let theirs: Vec<&str> = text.split(char::from(sep)).collect();
                prop_assert_eq!(ours, theirs);
            }
            prop_assert_eq!(holds(&text, b';'), text.contains(';'));
            prop_assert_eq!(once(&text, b' '), text.split_once(' '));
        }

        /// The same lines as `lines`, for a text with no carriage return.
        #[test]
        fn the_lines_are_lines(text in "[a\\n\u{e9}]{0,24}") {
            let ours: Vec<&str> = lines(&text).collect();
            let theirs: Vec<&str> = text.lines().collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
