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
    // The line a word was last found on stands out.
    let body: Vec<Line<'_>> = lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(page)
        .map(|(at, line)| {
            let style = if viewer.hit == Some(at) {
                app.theme.selection
            } else {
                app.theme.text
            };
            Line::styled(format!(" {}", super::text::truncate(line, width)), style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(body),
        Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2)),
    );
    let status = Rect::new(area.x, area.y + area.height.saturating_sub(1), area.width, 1);
    match &viewer.finding {
        // What is being typed to find, where the count would be.
        Some(finding) => super::status_line(
            app,
            frame,
            status,
            &format!("find: {finding}█"),
            &[("Enter", "find"), ("Esc", "stop")],
        ),
        None => super::status_line(
            app,
            frame,
            status,
            &format!("lines {}–{shown_to} of {}", scroll + 1, lines.len()),
            &[("↓↑", "scroll"), ("/", "find"), ("s", "save"), ("Esc", "close")],
        ),
    }
}
