//! Fitting words into narrow places without cutting one in half: messages
//! wrapped onto lines, text cut at a word with `…`, and team names shown by
//! a short form that still tells the teams apart. Measured in terminal
//! columns (accents and wide characters count as a terminal draws them),
//! but pure: which lines and which names, not how they are drawn.

use std::collections::BTreeMap;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Word-wraps `text` into lines of at most `columns`; only a word longer
/// than a whole line is broken (there is no better place to break it).
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let needed = word.width();
        if !line.is_empty() && used + 1 + needed <= columns {
            line.push(' ');
            line.push_str(word);
            used += 1 + needed;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > columns && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` in `columns`, ending in `…` where it was cut: at the end of a
/// word when one ends in the second half of the room (so no word is left
/// half shown), else mid-word, since a single long word (a reference, a
/// file name) can be cut nowhere else.
pub fn cut_at_word(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let room = columns - 1;
    let mut kept = String::new();
    let mut used = 0;
    // Where the last word that fits ends (before a space), in bytes.
    let mut word_end = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        if c.is_whitespace() && !kept.is_empty() && !kept.ends_with(char::is_whitespace) {
            word_end = Some((kept.len(), used));
        }
        kept.push(c);
        used += w;
        // A word that ends exactly at the edge of the room is whole.
        if used == room && chars.peek().is_some_and(|n| n.is_whitespace()) {
            word_end = Some((kept.len(), used));
        }
    }
    match word_end {
        Some((at, used)) if used * 2 >= room => {
            kept.truncate(at);
            let trimmed = kept.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
            format!("{trimmed}…")
        }
        _ => format!("{kept}…"),
    }
}

/// `text` wrapped into at most `max_lines` lines of `columns`; if it needs
/// more, the last line is cut at a word and says how many more lines there
/// were (`… (2 more)`), so that nothing is lost without saying so. Returns
/// the lines and whether any were left off.
pub fn fit_lines(text: &str, columns: usize, max_lines: usize) -> (Vec<String>, bool) {
    fit_lines_noting(text, columns, max_lines, "")
}

/// As [`fit_lines`], with `note` after the count of lines left off (the
/// key that reads them all: `(+2 more; ! reads all)`).
pub fn fit_lines_noting(text: &str, columns: usize, max_lines: usize, note: &str) -> (Vec<String>, bool) {
    let mut lines = wrap(text, columns);
    let max_lines = max_lines.max(1);
    if lines.len() <= max_lines {
        return (lines, false);
    }
    let more = lines.len() - max_lines;
    lines.truncate(max_lines);
    let tail = format!(" (+{more} more{note})");
    if let Some(last) = lines.last_mut() {
        let room = columns.saturating_sub(tail.width());
        // Always cut: the line goes on past what is shown.
        let cut = cut_at_word(&format!("{last} …"), room.min(last.width() + 1).max(1));
        *last = format!("{cut}{tail}");
    }
    (lines, true)
}

/// The short form of each team name, for columns too narrow for the full
/// one: the initials of its words, each number kept whole ("Children in
/// Care 2" is "CiC 2"). Worked out over all the teams there are, so the
/// short forms tell them apart: where two teams' initials are the same,
/// both are shown by the shortest start of their names that differs,
/// ending in `…`; only identical names share a short form.
pub fn short_team_names<'a>(teams: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: Vec<&str> = {
        let mut names: Vec<&str> = teams.into_iter().filter(|t| !t.trim().is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let initials: Vec<String> = names.iter().map(|n| initials(n)).collect();
    names
        .iter()
        .zip(&initials)
        .map(|(name, short)| {
            let clashes: Vec<&str> = names
                .iter()
                .zip(&initials)
                .filter(|(other, s)| *s == short && *other != name)
                .map(|(other, _)| *other)
                .collect();
            let short = if clashes.is_empty() {
                short.clone()
            } else {
                unique_start(name, &clashes)
            };
            // A short form no shorter than the name is no help.
            let short = if short.width() >= name.width() {
                name.to_string()
            } else {
                short
            };
            (name.to_string(), short)
        })
        .collect()
}

/// As [`short_team_names`], with the short names an administrator gave
/// (`given`, team name to short name: `teams.toml`) in place of the
/// computed ones. A computed short form that happens to equal a given one
/// would no longer tell its team apart, so that team is shown by its name.
pub fn short_team_names_given<'a>(
    teams: impl IntoIterator<Item = &'a str>,
    given: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut shorts = short_team_names(teams);
    let taken: Vec<&String> = given.values().collect();
    for (name, short) in &mut shorts {
        match given.get(name) {
            Some(own) => short.clone_from(own),
            None if taken.contains(&&*short) => short.clone_from(name),
            None => {}
        }
    }
    shorts
}

/// A team's name in `columns`, told apart from the other `teams`: whole
/// where it fits; else its first words and its last ("Safeguarding …
/// North", or "Safeguarding…North" where that is all there is room for),
/// where no other team's name starts and ends with the same
/// words; else its short form from [`short_team_names`] (`shorts`); and
/// only where even that is too long, the short form cut.
pub fn team_in(name: &str, teams: &[&str], shorts: &BTreeMap<String, String>, columns: usize) -> String {
    if name.width() <= columns {
        return name.to_string();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if let Some(label) = ends(name, &words, teams, columns) {
        return label;
    }
    let short = shorts.get(name).map_or(name, String::as_str);
    cut_at_word(short, columns)
}

/// `name` by its first words and its last, as many first words as fit,
/// spaced ("Safeguarding … North") where there is room and tight
/// ("Safeguarding…North") where there is not; `None` where no such form
/// fits or another team's name starts and ends with the same words.
fn ends(name: &str, words: &[&str], teams: &[&str], columns: usize) -> Option<String> {
    let last = *words.last()?;
    if words.len() < 3 {
        return None;
    }
    for gap in [" … ", "…"] {
        for keep in (1..words.len() - 1).rev() {
            let start = words[..keep].join(" ");
            let label = format!("{start}{gap}{last}");
            if label.width() > columns {
                continue;
            }
            let alike = teams.iter().any(|other| {
                *other != name && other.starts_with(&start) && other.split_whitespace().last() == Some(last)
            });
            return (!alike).then_some(label);
        }
    }
    None
}

/// "Children in Care 1" → "CiC 1": each word's first letter, numbers whole
/// and set apart by a space so that "Team 1" and "Team 11" differ.
fn initials(name: &str) -> String {
    // One word's initial would say nothing: the word is its own short form.
    if name.split_whitespace().nth(1).is_none() {
        return name.to_string();
    }
    let mut out = String::new();
    for word in name.split_whitespace() {
        if word.chars().any(|c| c.is_ascii_digit()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        } else if let Some(c) = word.chars().find(|c| c.is_alphanumeric()) {
            if out.ends_with(|c: char| c.is_ascii_digit()) {
                out.push(' ');
            }
            out.push(c);
        }
    }
    if out.is_empty() { name.to_string() } else { out }
}

/// The shortest start of `name` (whole words where they are enough) that
/// none of `others` begins with, followed by `…`.
fn unique_start(name: &str, others: &[&str]) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    for n in 1..=words.len() {
        let start = words[..n].join(" ");
        if others.iter().all(|o| !o.starts_with(&start)) {
            return if n == words.len() {
                start
            } else {
                format!("{start}…")
            };
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_and_breaks_only_a_word_longer_than_a_line() {
        assert_eq!(
            wrap("You have no caseload of your own; showing your team", 20),
            vec!["You have no caseload", "of your own; showing", "your team"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
        assert!(wrap(&"word ".repeat(50), 30).iter().all(|l| width(l) <= 30));
    }

    #[test]
    fn cuts_at_the_end_of_a_word() {
        assert_eq!(cut_at_word("Leo", 10), "Leo");
        assert_eq!(
            cut_at_word("Enter case onto Together 4 Adoption Tracker", 30),
            "Enter case onto Together 4…"
        );
        // A word ending right at the edge is kept whole.
        assert_eq!(cut_at_word("one two three", 8), "one two…");
        // No word ends late enough: cut mid-word rather than waste the room.
        assert_eq!(cut_at_word("a verylongreference", 10), "a verylon…");
        assert_eq!(cut_at_word("anything", 0), "");
        assert!(width(&cut_at_word("Zoë Ólafsdóttir Brown", 12)) <= 12);
    }

    #[test]
    fn fit_lines_says_how_much_was_left_off() {
        let (lines, cut) = fit_lines("one two three four five six seven eight", 12, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with("(+2 more)"), "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 12), "{lines:?}");
        assert_eq!(fit_lines("short", 12, 2), (vec!["short".to_string()], false));
    }

    #[test]
    fn given_short_names_replace_the_computed_ones() {
        let teams = [
            "Safeguarding and Family Support North",
            "Safeguarding and Family Support South",
            "Children in Care",
        ];
        let given: BTreeMap<String, String> = [
            (
                "Safeguarding and Family Support North".to_string(),
                "SFS North".to_string(),
            ),
            // Another team's computed short form.
            ("Leaving Care".to_string(), "CiC".to_string()),
        ]
        .into();
        let shorts = short_team_names_given(teams, &given);
        assert_eq!(shorts["Safeguarding and Family Support North"], "SFS North");
        assert_eq!(shorts["Safeguarding and Family Support South"], "SaFSS");
        assert_eq!(shorts["Children in Care"], "Children in Care");
        assert!(!shorts.contains_key("Leaving Care"), "only the teams shown");
        assert_eq!(
            team_in("Safeguarding and Family Support North", &teams, &shorts, 10),
            "SFS North"
        );
    }

    #[test]
    fn short_team_names_tell_the_teams_apart() {
        let short = short_team_names([
            "Children in Care 1",
            "Children in Care 2",
            "Safeguarding and Family Support North",
            "Safeguarding and Family Support South",
            "Fostering",
            "Fostering",
        ]);
        assert_eq!(short["Children in Care 1"], "CiC 1");
        assert_eq!(short["Children in Care 2"], "CiC 2");
        assert_eq!(short["Safeguarding and Family Support North"], "SaFSN");
        assert_eq!(short["Safeguarding and Family Support South"], "SaFSS");
        // A one-word name is its own short form.
        assert_eq!(short["Fostering"], "Fostering");
        let values: std::collections::BTreeSet<_> = short.values().collect();
        assert_eq!(values.len(), short.len(), "every team's short form is its own");
    }

    #[test]
    fn a_team_in_a_narrow_column_keeps_whole_words_and_stays_told_apart() {
        let teams = [
            "Safeguarding and Family Support North",
            "Safeguarding and Family Support South",
            "Children in Care 1",
            "Children in Care 2",
        ];
        let shorts = short_team_names(teams);
        let fit = |name, columns| team_in(name, &teams, &shorts, columns);
        assert_eq!(fit("Children in Care 1", 30), "Children in Care 1");
        assert_eq!(
            fit("Safeguarding and Family Support North", 24),
            "Safeguarding and … North"
        );
        assert_eq!(
            fit("Safeguarding and Family Support North", 20),
            "Safeguarding … North"
        );
        assert_eq!(fit("Children in Care 2", 12), "Children … 2");
        assert_eq!(fit("Children in Care 2", 10), "Children…2");
        assert_eq!(fit("Children in Care 2", 9), "CiC 2");
        assert_eq!(
            fit("Safeguarding and Family Support North", 18),
            "Safeguarding…North"
        );
        assert_eq!(fit("Safeguarding and Family Support South", 10), "SaFSS");
        // Two teams alike at both ends are not shown by their ends.
        let alike = ["North Team East", "North Office East"];
        let shorts = short_team_names(alike);
        assert_eq!(team_in("North Team East", &alike, &shorts, 13), "NTE");
    }

    #[test]
    fn teams_whose_initials_clash_are_shown_by_where_their_names_differ() {
        let short = short_team_names(["Adoption North", "Aftercare North", "Team 1", "Team 11"]);
        assert_eq!(short["Adoption North"], "Adoption…");
        assert_eq!(short["Aftercare North"], "Aftercare…");
        assert_eq!(short["Team 1"], "T 1");
        assert_eq!(short["Team 11"], "T 11");
    }
}
