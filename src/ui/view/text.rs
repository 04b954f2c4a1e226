//! Fitting text into cells: truncation with an ellipsis and word wrap,
//! measured in terminal columns (so accents and wide characters count
//! as the terminal draws them).

use crate::domain::sanitise::clean_line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` cut to `width` columns, ending in `…` if anything was cut.
/// Untrusted characters (escapes, bidi overrides) are dropped first: every
/// cell the screens draw passes through here or [`wrap`].
pub fn truncate(text: &str, width: usize) -> String {
    let cleaned = clean_line(text);
    let text = cleaned.as_str();
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
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
    if text.width() <= width {
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
/// than a line is broken.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let cleaned = clean_line(text);
    let text = cleaned.as_str();
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let needed = if line.is_empty() {
                word.width()
            } else {
                line.width() + 1 + word.width()
            };
            if needed <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // The word alone is too long: break it.
            let mut head = String::new();
            let mut used = 0;
            let mut rest = String::new();
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width || !rest.is_empty() {
                    rest.push(c);
                } else {
                    head.push(c);
                    used += w;
                }
            }
            lines.push(head);
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
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
        assert_eq!(truncate("Theodore Richardson", 10), "Theodore …");
        assert_eq!(truncate("Leo", 10), "Leo");
        assert_eq!(truncate("Leo", 0), "");
        assert_eq!(truncate("Zoë Ólafsdóttir", 5), "Zoë …");
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
    }
}
