//! Fitting text into cells: truncation with an ellipsis and word wrap,
//! measured in terminal columns (so accents and wide characters count
//! as the terminal draws them).

use crate::domain::sanitise::{clean_line, head};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The most lines of one field a screen wraps. Looking at no more of a
/// field than this many lines of the window could hold keeps drawing
/// time independent of the field's length (a record from before the
/// length limits, or one written by another tool, may hold a million
/// characters in a name).
pub const WRAP_LINES: usize = 500;

/// The first part of `text` that could matter in `width` columns: every
/// drawn character takes at least a column, except the rare zero-width
/// ones, for which the margin allows.
fn visible_part(text: &str, width: usize) -> &str {
    head(text, width.saturating_mul(2).saturating_add(16))
}

/// `text` cut to `width` columns, ending in `…` if anything was cut: at
/// the end of a word where one ends in the second half of the room, so
/// that no word is left half shown (`domain::fit::cut_at_word`), else
/// mid-word (a reference, a single long word). Untrusted characters
/// (escapes, bidi overrides) are dropped first: every cell the screens
/// draw passes through here or [`wrap`].
pub fn truncate(text: &str, width: usize) -> String {
    let shown = visible_part(text, width);
    let cut_already = shown.len() < text.len();
    let cleaned = clean_line(shown);
    let text = cleaned.as_str();
    if !cut_already && text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    if text.width() > width {
        return crate::domain::fit::cut_at_word(text, width);
    }
    // Only what was never looked at is cut: say so at the end.
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut from the left, keeping its end: for paths, whose file name
/// matters most.
pub fn truncate_left(text: &str, width: usize) -> String {
    // Only the end can be shown: look at no more of it than could fit.
    let keep = width.saturating_mul(2).saturating_add(16);
    let start = text.char_indices().rev().nth(keep).map_or(0, |(at, _)| at);
    let cut_already = start > 0;
    let text = &text[start..];
    if !cut_already && text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        kept.push(c);
        used += w;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// Word-wraps `text` into lines of at most `width` columns; a word longer
/// than a line is broken. At most [`WRAP_LINES`] lines' worth of the text
/// is looked at; if there was more, the last line ends in `…`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let shown = head(text, width.saturating_mul(WRAP_LINES));
    let cut = shown.len() < text.len();
    // The words are wrapped by the one rule the status line also uses.
    let mut lines = crate::domain::fit::wrap(&clean_line(shown), width);
    if cut && let Some(last) = lines.last_mut() {
        if last.width() + 1 > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// `100000` as `100,000`, as people read counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(84_000), "84,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Theodore Richardson", 10), "Theodore…");
        assert_eq!(truncate("Theodore Richardson", 16), "Theodore…", "no half a word");
        assert_eq!(
            truncate("Theodore", 5),
            "Theo…",
            "one word is cut where it must be"
        );
        assert_eq!(truncate("Leo", 10), "Leo");
        assert_eq!(truncate("Leo", 0), "");
        assert_eq!(truncate("Zoë Ólafsdóttir", 5), "Zoë…");
        assert_eq!(truncate_left("/home/alice/permanence.db", 12), "…rmanence.db");
    }

    #[test]
    fn wraps_on_words_and_breaks_long_ones() {
        assert_eq!(
            wrap("Autism; EHCP in place", 10),
            vec!["Autism;", "EHCP in", "place"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert_eq!(
            wrap("ab abcdefghij xy z", 4),
            vec!["ab", "abcd", "efgh", "ij", "xy z"]
        );
    }

    #[test]
    fn huge_fields_are_cut_to_what_a_window_could_show() {
        let word = "a".repeat(1_000_000);
        let lines = wrap(&word, 80);
        assert_eq!(lines.len(), WRAP_LINES);
        assert!(lines.last().unwrap().ends_with('…'));
        assert!(lines.iter().all(|l| l.width() <= 80));
        let words = "word ".repeat(200_000);
        assert!(wrap(&words, 80).len() <= WRAP_LINES);
        assert_eq!(truncate(&word, 5), "aaaa…");
        // Cut before cleaning: dropped controls do not hide the cut.
        let padded = format!("ab{}", "\u{1b}".repeat(1000));
        assert_eq!(truncate(&padded, 5), "ab…");
        assert_eq!(truncate_left(&format!("{word}.db"), 6), "…aa.db");
    }
}
