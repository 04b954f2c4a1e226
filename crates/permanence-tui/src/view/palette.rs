//! The command palette drawn over the screen it was opened from: what has
//! been typed, then the screen's actions that match it, each with its
//! description and its keys, so that people learn the keys as they go.

use crate::app::{App, Palette};
use crate::view::text::{truncate, truncate_left};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The widest the box grows: an 80-column terminal shows it whole with a
/// little of the screen beneath either side.
const MAX_WIDTH: u16 = 76;

pub fn draw(app: &App, palette: &Palette, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let matches = palette.matches();
    let width = area.width.saturating_sub(4).clamp(area.width.min(30), MAX_WIDTH);
    // Borders and the typing line, then one line an action; a line for
    // "nothing matches" when none does; and a line of the screen beneath
    // left showing above and below where there is room.
    let wanted = matches.len().max(1) as u16 + 3;
    let height = wanted.min(area.height.saturating_sub(2)).max(area.height.min(4));
    let rows = height.saturating_sub(3) as usize;
    let inner = width.saturating_sub(2) as usize;

    let mut lines = vec![typing_line(app, palette, inner)];
    // The highlighted action stays in view: the window follows it.
    let offset = (palette.selected + 1).saturating_sub(rows.max(1));
    let key_width = matches
        .iter()
        .map(|(keys, _)| keys.join(" ").width())
        .max()
        .unwrap_or(0)
        .min(inner / 3);
    for (i, (keys, action)) in matches.iter().enumerate().skip(offset).take(rows) {
        let selected = i == palette.selected;
        // A marker as well as the colour, so the choice reads without it.
        let marker = if selected { "›" } else { " " };
        let keys = truncate(&keys.join(" "), key_width);
        let room = inner.saturating_sub(1 + key_width + 2);
        let description = truncate(action.description(), room);
        let gap = inner.saturating_sub(1 + description.width() + keys.width() + 1);
        let (text_style, key_style) = if selected {
            (theme.selection, theme.selection)
        } else {
            (theme.text, theme.key)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{description}"), text_style),
            Span::styled(" ".repeat(gap), text_style),
            Span::styled(format!("{keys} "), key_style),
        ]));
    }
    if matches.is_empty() && rows > 0 {
        lines.push(Line::styled(
            truncate(" No action here matches; Backspace widens it", inner),
            theme.muted,
        ));
    }

    let hint = if matches.len() > rows {
        format!(" {} of {} · ↓↑ Enter Esc ", rows, matches.len())
    } else {
        " ↓↑ choose · Enter does it · Esc closes ".to_string()
    };
    let title = format!(" Actions · {} ", palette.from.title());
    super::overlay(
        app,
        frame,
        area,
        (width, height),
        (truncate(&title, inner), truncate(&hint, inner)),
        lines,
    );
}

/// What has been typed, after a `:` as in the key that opened it, with a
/// cursor drawn as text so it shows on any terminal.
fn typing_line(app: &App, palette: &Palette, inner: usize) -> Line<'static> {
    let theme = &app.theme;
    let mut spans = vec![
        Span::styled(" : ", theme.key),
        // The end of a long query is what was typed last: keep that in view.
        Span::styled(truncate_left(&palette.query, inner.saturating_sub(5)), theme.text),
        Span::styled("█", theme.muted),
    ];
    if palette.query.is_empty() {
        spans.push(Span::styled(
            truncate(
                " type a few letters of what you want to do",
                inner.saturating_sub(4),
            ),
            theme.muted,
        ));
    }
    Line::from(spans)
}
