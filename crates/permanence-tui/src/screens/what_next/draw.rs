//! The "what next" list: a heading line per child (with their worker where
//! the list is wider than the user's own caseload), their open items
//! beneath, one line each, most urgent first, saying why; items long
//! forgotten folded into one line; the focus named in the title.

use super::{Row, WhatNextView};
use crate::app::App;
use crate::domain::triage::Focus;
use crate::view::text::truncate;
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(app: &App, view: &WhatNextView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    title_bar(
        app,
        frame,
        top,
        &format!(
            "permanence · What next · {} · {}",
            view.covers,
            view.focus.label()
        ),
    );
    let width = body.width as usize;
    let shown = body.height as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, row) in view.rows.iter().enumerate().skip(view.offset).take(shown) {
        let selected = i == view.selected;
        let marker = if selected { "›" } else { " " };
        let line = match row {
            Row::Child {
                reference,
                name,
                worker,
            } => {
                let who = worker.as_deref().map(|w| format!(" · {w}")).unwrap_or_default();
                Line::from(Span::styled(
                    truncate(&format!("{reference} {name}{who}"), width),
                    theme.header,
                ))
            }
            Row::Item(at) => {
                let Some(entry) = view.entries.get(*at) else {
                    continue;
                };
                let item = &entry.item;
                // A deadline passed, the law's or the policy's, in the
                // colour of a breach; read from the item, not its words.
                let why_style = if item.deadline_passed {
                    theme.rag_red
                } else if item.why.contains("passed") {
                    theme.rag_amber
                } else {
                    theme.muted
                };
                let style = if selected { theme.selection } else { theme.text };
                // Why (and when) is what triage reads: a long title gives
                // way to it, shortened at a word, not cut mid-word.
                let why = format!(" · {}", app.dates.restyle(&item.why));
                let room = width.saturating_sub(2 + why.width()).max(width / 3);
                let head = truncate(&format!("{marker} {}", shorten(&item.item, room)), width);
                let rest = width.saturating_sub(head.width());
                let why = truncate(&why, rest);
                fill(
                    vec![Span::styled(head, style), Span::styled(why, why_style)],
                    selected,
                    style,
                    width,
                )
            }
            Row::Forgotten {
                count, since, noun, ..
            } => {
                let since = since
                    .map(|s| format!(" since {}", crate::domain::triage::month(app.dates, s)))
                    .unwrap_or_default();
                let style = if selected { theme.selection } else { theme.rag_red };
                let text = format!("{marker} {count} {noun} overdue{since} — c to catch up");
                fill(
                    vec![Span::styled(truncate(&text, width), style)],
                    selected,
                    style,
                    width,
                )
            }
        };
        lines.push(line);
    }
    if view.rows.is_empty() {
        let none = if view.total() == Some(0) || view.total().is_none() && view.focus == Focus::All {
            " Nothing open for these children.".to_string()
        } else {
            format!(
                " Nothing {} for these children: a shows every open item.",
                view.focus.label()
            )
        };
        lines.push(Line::from(Span::styled(none, theme.muted)));
    }
    frame.render_widget(Paragraph::new(lines), body);
    status_line(
        app,
        frame,
        bottom,
        &match (view.shown(), view.total()) {
            (Some(shown), Some(total)) => format!("{shown} of {total} open items"),
            _ if view.counting() => "counting the open items…".to_string(),
            _ => "the open items could not be counted".to_string(),
        },
        &[
            ("d", "done"),
            ("r", "record"),
            ("t o s a", "week, overdue, statutory, all"),
            ("?", "help"),
        ],
    );
}

/// The text in at most `room` columns, ending at a whole word with "…"
/// where it is longer (cut only where a single word is longer still).
fn shorten(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let mut kept = String::new();
    for word in text.split_whitespace() {
        let next = if kept.is_empty() {
            word.width()
        } else {
            kept.width() + 1 + word.width()
        };
        if next + 1 > room {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    if kept.is_empty() {
        return truncate(text, room);
    }
    let kept = kept.trim_end_matches([',', ';', ':', '.', '-']);
    format!("{kept}…")
}

/// A selected line runs the whole width, so that it reads as selected
/// without colour.
fn fill<'a>(mut spans: Vec<Span<'a>>, selected: bool, style: Style, width: usize) -> Line<'a> {
    if selected {
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn a_long_title_ends_at_a_whole_word() {
        assert_eq!(shorten("Book the panel", 20), "Book the panel");
        assert_eq!(
            shorten("Permanence Planning Meeting- Discuss options", 30),
            "Permanence Planning Meeting…"
        );
        assert_eq!(
            shorten("There will be a review, at the midway point", 24),
            "There will be a review…"
        );
        // A single word longer than the room is cut, as nothing else fits.
        assert_eq!(shorten("Antidisestablishmentarianism", 10).chars().count(), 10);
    }
}
