//! A text to read, scroll and save: the minutes, a child's chronology, as
//! the command line prints them (made by the same code, not a copy), for a
//! user who has no shell to run the command in (a forced SSH command). A
//! layer over the screen, as helix's are: it consumes its keys (arrows and
//! PgUp/PgDn/Home/End scroll, `s` saves, Esc closes) and passes nothing on.
//! Saving is a file, not a change to the database, so a read-only session
//! may save too; where it goes is the administrator's `export_folder`.

use crate::action::Action;

/// What the text is, for its file's name and the audit trail's entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// "chronology", "minutes": what the audit trail says was exported.
    pub what: String,
    /// The child the text is about, by reference (never by name); `None`
    /// for a text about several children, such as minutes.
    pub reference: Option<String>,
    /// How many children's details the text holds.
    pub children: usize,
}

/// A text open in the viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// The title line: what the text is.
    pub title: String,
    /// The text as it would be saved.
    pub text: String,
    /// The first line shown, counted in lines as drawn (wrapped to the
    /// window's width).
    pub scroll: usize,
    /// The file name it saves as: the child's reference, what, the date.
    pub file_name: String,
    pub source: Source,
    /// A word being typed to find (after `/`), if one is.
    pub finding: Option<String>,
    /// The word last looked for, which `n` finds again.
    pub query: String,
    /// The line (as drawn) it was last found on, highlighted.
    pub hit: Option<usize>,
}

/// What a key in the viewer asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerOutcome {
    Stay,
    /// The word looked for is not found after the line at the top.
    NotFound,
    Close,
    Save,
    Quit,
}

impl Viewer {
    pub fn new(
        title: impl Into<String>,
        text: impl Into<String>,
        file_name: impl Into<String>,
        source: Source,
    ) -> Viewer {
        Viewer {
            title: title.into(),
            text: text.into(),
            scroll: 0,
            file_name: file_name.into(),
            source,
            finding: None,
            query: String::new(),
            hit: None,
        }
    }

    /// A character typed into the word being looked for.
    pub fn type_char(&mut self, c: char) {
        if let Some(finding) = &mut self.finding
            && crate::domain::sanitise::may_type(c)
        {
            finding.push(c);
        }
    }

    /// Scrolls so that the first line from `from` holding the query
    /// (whatever its case) is the top one, or as near the top as the end
    /// of the text allows.
    fn find_from(&mut self, from: usize, width: usize, last: usize) -> ViewerOutcome {
        let query = self.query.to_lowercase();
        if query.is_empty() {
            return ViewerOutcome::Stay;
        }
        let found = self
            .lines(width)
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, line)| line.to_lowercase().contains(&query))
            .map(|(at, _)| at);
        match found {
            Some(at) => {
                self.scroll = at.min(last);
                self.hit = Some(at);
                ViewerOutcome::Stay
            }
            None => ViewerOutcome::NotFound,
        }
    }

    /// The keys while a word is being typed: Enter finds it, Esc stops.
    fn apply_finding(&mut self, action: Action, width: usize, last: usize) -> ViewerOutcome {
        match action {
            Action::Submit => {
                self.query = self.finding.take().unwrap_or_default();
                // From the top line itself: it may be the one wanted.
                self.find_from(self.scroll, width, last)
            }
            Action::Cancel => {
                self.finding = None;
                ViewerOutcome::Stay
            }
            Action::DeleteSearchChar => {
                if let Some(finding) = &mut self.finding {
                    finding.pop();
                }
                ViewerOutcome::Stay
            }
            Action::ForceQuit => ViewerOutcome::Quit,
            _ => ViewerOutcome::Stay,
        }
    }

    /// The text's lines as drawn `width` columns wide: a line that fits as
    /// it is (a table's row keeps its spacing), a longer one wrapped at
    /// its words, keeping the spacing between the words it does not wrap
    /// at, so that a row of columns (the timeline's) stays in its columns
    /// up to its last.
    pub fn lines(&self, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        for line in self.text.lines() {
            if crate::domain::fit::width(line) <= width {
                out.push(line.to_string());
            } else {
                out.extend(wrap_keeping_spaces(line, width));
            }
        }
        out
    }

    /// Carries out a key, in a window `size` (columns, rows) big.
    pub fn apply(&mut self, action: Action, size: (u16, u16)) -> ViewerOutcome {
        let (width, page) = body_size(size);
        let last = self.lines(width).len().saturating_sub(page);
        if self.finding.is_some() {
            return self.apply_finding(action, width, last);
        }
        let scroll = self.scroll;
        self.scroll = match action {
            Action::ScrollDown | Action::MoveDown => scroll.saturating_add(1),
            Action::ScrollUp | Action::MoveUp => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(page.saturating_sub(1).max(1)),
            Action::PageUp => scroll.saturating_sub(page.saturating_sub(1).max(1)),
            Action::First => 0,
            Action::Last => last,
            Action::SaveText => return ViewerOutcome::Save,
            Action::FindInText => {
                self.finding = Some(String::new());
                return ViewerOutcome::Stay;
            }
            // After the last line it was found on (which, near the end,
            // may be below the top line).
            Action::FindNext => {
                let from = self.hit.map_or(scroll + 1, |hit| hit.max(scroll) + 1);
                return self.find_from(from, width, last);
            }
            Action::Cancel | Action::Back => return ViewerOutcome::Close,
            Action::ForceQuit => return ViewerOutcome::Quit,
            _ => scroll,
        }
        .min(last);
        ViewerOutcome::Stay
    }
}

/// The text's room in a window `size` big: its columns (less a margin
/// each side) and its lines (less the title and the status line).
pub fn body_size((width, height): (u16, u16)) -> (usize, usize) {
    (
        usize::from(width.saturating_sub(2)).max(1),
        usize::from(height.saturating_sub(2)).max(1),
    )
}

/// A saved file's name: the child's reference (never their name), what
/// the text is and the day, with only characters safe in any folder.
pub fn file_name(reference: Option<&str>, what: &str, today: chrono::NaiveDate) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    let day = crate::domain::date::iso(today);
    match reference {
        Some(reference) => format!("{}-{}-{day}.md", safe(reference), safe(what)),
        None => format!("{}-{day}.md", safe(what)),
    }
}

/// `line` wrapped at its words into lines of `width` columns, the spaces
/// between words on one line kept as they were (those at a break dropped);
/// a word wider than a whole line is broken as `view::text::wrap` does.
fn wrap_keeping_spaces(line: &str, width: usize) -> Vec<String> {
    use crate::domain::fit::width as columns;
    let width = width.max(1);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = line.trim_start();
    // Each word with the spaces before it.
    let mut gap = &line[..line.len() - rest.len()];
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        let after = rest[end..].trim_start();
        let next_gap = &rest[end..rest.len() - after.len()];
        if current.is_empty() && columns(gap) + columns(word) <= width {
            current = format!("{gap}{word}");
        } else if !current.is_empty() && columns(&current) + columns(gap) + columns(word) <= width {
            current.push_str(gap);
            current.push_str(word);
        } else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if columns(word) <= width {
                current = word.to_string();
            } else {
                let mut pieces = crate::view::text::wrap(word, width);
                current = pieces.pop().unwrap_or_default();
                out.extend(pieces);
            }
        }
        gap = next_gap;
        rest = after;
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(lines: usize) -> Viewer {
        let text: Vec<String> = (1..=lines).map(|n| format!("line {n}")).collect();
        Viewer::new(
            "Test",
            text.join("\n"),
            "x.md",
            Source {
                what: "test".into(),
                reference: None,
                children: 0,
            },
        )
    }

    #[test]
    fn scrolls_within_the_text() {
        let mut v = viewer(100);
        let size = (80, 24);
        assert_eq!(v.apply(Action::ScrollUp, size), ViewerOutcome::Stay);
        assert_eq!(v.scroll, 0);
        v.apply(Action::PageDown, size);
        assert_eq!(v.scroll, 21);
        v.apply(Action::Last, size);
        assert_eq!(v.scroll, 78, "the last line at the bottom");
        v.apply(Action::ScrollDown, size);
        assert_eq!(v.scroll, 78);
        v.apply(Action::First, size);
        assert_eq!(v.scroll, 0);
        assert_eq!(v.apply(Action::SaveText, size), ViewerOutcome::Save);
        assert_eq!(v.apply(Action::Cancel, size), ViewerOutcome::Close);
        let mut short = viewer(3);
        short.apply(Action::PageDown, size);
        assert_eq!(short.scroll, 0, "a text that fits does not scroll");
    }

    #[test]
    fn slash_finds_a_word_and_n_finds_it_again() {
        let mut v = viewer(100);
        let size = (80, 24);
        v.apply(Action::FindInText, size);
        for c in "LINE 5".chars() {
            v.type_char(c);
        }
        assert_eq!(v.apply(Action::Submit, size), ViewerOutcome::Stay);
        assert_eq!((v.scroll, v.finding.as_deref()), (4, None), "line 5 at the top");
        v.apply(Action::FindNext, size);
        assert_eq!(v.scroll, 49, "then line 50");
        for n in 51..=59 {
            v.apply(Action::FindNext, size);
            assert_eq!(v.hit, Some(n - 1), "line {n}");
        }
        assert_eq!(v.scroll, 58);
        assert_eq!(v.apply(Action::FindNext, size), ViewerOutcome::NotFound);
        // Near the end the line found is below the top, and highlighted.
        v.query = "line 99".into();
        v.apply(Action::FindNext, size);
        assert_eq!((v.scroll, v.hit), (78, Some(98)));
        assert_eq!(v.apply(Action::FindNext, size), ViewerOutcome::NotFound);
        // Esc while typing stops looking, and s is typed, not saving.
        v.apply(Action::FindInText, size);
        assert_eq!(v.apply(Action::SaveText, size), ViewerOutcome::Stay);
        v.apply(Action::Cancel, size);
        assert_eq!(v.finding, None);
    }

    #[test]
    fn long_lines_wrap_at_words_and_short_ones_keep_their_spacing() {
        let v = Viewer::new(
            "T",
            "| a |   b |\nthe quick brown fox jumps",
            "x.md",
            Source {
                what: "t".into(),
                reference: None,
                children: 0,
            },
        );
        assert_eq!(v.lines(12), ["| a |   b |", "the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn a_long_row_of_columns_keeps_its_spacing_up_to_the_break() {
        let row = "done 01/02/2026  1     first-item   A title of several words";
        assert_eq!(
            wrap_keeping_spaces(row, 40),
            ["done 01/02/2026  1     first-item   A", "title of several words"]
        );
        assert_eq!(
            wrap_keeping_spaces("abcdefghij  k", 4),
            ["abcd", "efgh", "ij", "k"]
        );
        assert_eq!(wrap_keeping_spaces("", 4), [""]);
        for width in 1..30 {
            for line in wrap_keeping_spaces(row, width) {
                assert!(crate::domain::fit::width(&line) <= width, "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn files_are_named_by_reference_what_and_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(
            file_name(Some("1041414"), "chronology", day),
            "1041414-chronology-2026-12-06.md"
        );
        assert_eq!(
            file_name(Some("../x y"), "chronology", day),
            "---x-y-chronology-2026-12-06.md"
        );
        assert_eq!(
            file_name(None, "minutes-ppm-7", day),
            "minutes-ppm-7-2026-12-06.md"
        );
    }
}
