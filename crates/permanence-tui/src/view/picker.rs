//! Draws a list that narrows as the user types ([`crate::picker`]): the
//! matching names, the chosen one marked, a few at a time around the
//! choice, then how many more; or, where nothing matches, says so. Used
//! under a dialog's field and in the form editor's box over a person
//! field, so the list reads the same everywhere.

use crate::app::App;
use crate::picker::PickList;
use crate::view::text::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// At most `most` matching names, indented by `pad`, in `room` columns.
pub fn list_lines(app: &App, list: &PickList, most: usize, pad: &str, room: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let matching = list.matching();
    if matching.is_empty() {
        return vec![Line::styled(
            format!("{pad}none matches: Backspace widens the list"),
            theme.warning,
        )];
    }
    let most = most.max(1);
    // The window of names keeps the choice in view.
    let start = list.selected.saturating_sub(most - 1);
    let mut lines: Vec<Line<'static>> = matching
        .iter()
        .enumerate()
        .skip(start)
        .take(most)
        .map(|(i, choice)| {
            let name = crate::domain::sanitise::clean_line(&choice.name);
            let shown = match &choice.username {
                Some(user) => format!("{name} ({user})"),
                None => name.to_string(),
            };
            let (mark, style) = if i == list.selected {
                ("›", theme.selection)
            } else {
                ("·", theme.text)
            };
            Line::styled(
                format!("{pad}{mark} {}", truncate(&shown, room.saturating_sub(2))),
                style,
            )
        })
        .collect();
    let rest = matching.len().saturating_sub(start + most);
    if rest > 0 {
        lines.push(Line::styled(
            format!("{pad}… and {rest} more: type to narrow"),
            theme.muted,
        ));
    }
    lines
}

/// The form editor's box over a person field: what is typed, the names
/// it matches, and the keys.
pub fn draw_box(app: &App, label: &str, list: &PickList, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = area.width.min(60);
    let inner = width.saturating_sub(4) as usize;
    // Enough names to choose from at 80x24 with the box's own lines.
    let most = (area.height as usize).saturating_sub(5).clamp(1, 8);
    let mut lines = vec![Line::from(vec![
        Span::styled(" Typed: ", theme.muted),
        Span::styled(truncate(&list.typed, inner.saturating_sub(9)), theme.text),
        Span::styled("█", theme.muted),
    ])];
    lines.extend(list_lines(app, list, most, " ", inner));
    lines.push(Line::styled(
        truncate(" ↑↓ choose · Enter takes · Esc closes", inner),
        theme.muted,
    ));
    let rect = super::form::popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(format!(" {} ", truncate(label, inner)), theme.title)),
        ),
        rect,
    );
}
