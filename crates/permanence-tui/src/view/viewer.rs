//! The viewer: a text (minutes, a chronology) over the whole window, its
//! title and how far through it the reader is on the top line, its keys
//! or a message on the status line.

use crate::app::App;
use crate::viewer::{Viewer, body_size};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(app: &App, viewer: &Viewer, frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(Clear, area);
    frame.render_widget(ratatui::widgets::Block::new().style(app.theme.background), area);
    let (width, page) = body_size((area.width, area.height));
    let lines = viewer.lines(width);
    let last = lines.len().saturating_sub(page);
    let scroll = viewer.scroll.min(last);
    let shown_to = (scroll + page).min(lines.len());
    super::title_bar(
        app,
        frame,
        Rect::new(area.x, area.y, area.width, 1),
        &viewer.title,
    );
    let body: Vec<Line<'_>> = lines
        .iter()
        .skip(scroll)
        .take(page)
        .map(|line| Line::styled(format!(" {}", super::text::truncate(line, width)), app.theme.text))
        .collect();
    frame.render_widget(
        Paragraph::new(body),
        Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2)),
    );
    let whereabouts = format!("lines {}–{shown_to} of {}", scroll + 1, lines.len());
    super::status_line(
        app,
        frame,
        Rect::new(area.x, area.y + area.height.saturating_sub(1), area.width, 1),
        &whereabouts,
        &[("↓↑ PgDn", "scroll"), ("s", "save"), ("Esc", "close")],
    );
}
