//! Drawing: the whole frame from the app's state (the screen on top, by
//! its own `draw` under [`crate::screens`], then the layers over it),
//! and what the screens' drawing shares (the title and status lines,
//! dialogs, help, the palette, the form editor, text and columns).
//! Nothing here changes state; the same state always draws the same
//! frame.

pub mod ascii;
pub mod columns;
pub mod dashboard;
pub mod form;
pub mod help;
pub mod modal;
pub mod palette;
pub mod picker;
pub mod record_form;
pub mod text;
pub mod viewer;

use crate::app::{App, Screen};
use crate::component::Component;
use crate::layers::Layer;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub use crate::layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn draw(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    // The theme's background under everything (the terminal's own unless
    // the theme sets one, as `light` and `high-contrast` do).
    frame.render_widget(ratatui::widgets::Block::new().style(app.theme.background), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, frame, area);
        return;
    }
    match (app.form_editor(), app.screen()) {
        (Some(editor), _) => form::draw(app, editor, frame, area),
        (None, Screen::Caseload) => app.caseload().draw(app, frame, area),
        (None, Screen::Child(view)) => view.draw(app, frame, area),
        (None, Screen::Meeting(view)) => view.draw(app, frame, area),
        (None, Screen::WhatNext(view)) => view.draw(app, frame, area),
        (None, Screen::BestOption(view)) => view.draw(app, frame, area),
        (None, Screen::Dashboard(view)) => view.draw(app, frame, area),
    }
    for layer in app.layers().iter() {
        match layer {
            // A form covers the whole screen: it was drawn in its place.
            Layer::Form(_) => {}
            Layer::Dialog(dialog) => modal::draw(app, dialog, frame, area),
            Layer::Palette(palette) => palette::draw(app, palette, frame, area),
            Layer::Help { .. } => help::draw(app, frame, area),
            // It covers the whole window, over whatever is beneath.
            Layer::Viewer(text) => viewer::draw(app, text, frame, area),
        }
    }
}

/// A box of `size` in the middle of `area`, over whatever is beneath, with
/// a title above and a hint below in the theme's colours: the help and
/// the command palette alike.
fn overlay(
    app: &App,
    frame: &mut Frame<'_>,
    area: Rect,
    (width, height): (u16, u16),
    (title, hint): (String, String),
    lines: Vec<ratatui::text::Line<'_>>,
) {
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, Clear, Paragraph};
    let theme = &app.theme;
    let popup = Rect::new(
        area.x + area.width.saturating_sub(width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width.min(area.width),
        height.min(area.height),
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(title, theme.title))
                .title_bottom(Span::styled(hint, theme.muted)),
        ),
        popup,
    );
}

fn too_small(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let text = format!(
        "The window is {}×{}; permanence needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Make it bigger, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.warning)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The top line: where the user is, and today's date on the right.
pub fn title_bar(app: &App, frame: &mut Frame<'_>, area: Rect, title: &str) {
    let today = format!(
        "{} {}",
        app.session.today.format("%a"),
        app.dates.show(app.session.today)
    );
    let room = (area.width as usize).saturating_sub(today.width() + 2);
    let left = text::truncate(&format!(" {title}"), room);
    let gap = (area.width as usize).saturating_sub(left.width() + today.width() + 1);
    let line = Line::from(vec![
        Span::styled(left, app.theme.title),
        Span::raw(" ".repeat(gap)),
        Span::styled(today, app.theme.muted),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The most lines a status message takes above the status line before
/// it says how much more there was.
pub const MESSAGE_LINES: usize = 3;

/// The bottom line: the database, the user and a count on the left; a
/// message or the most useful keys on the right. A message too long for
/// the line is not cut: it wraps at its words onto lines just above the
/// status line (over the screen's last lines, until the next key clears
/// it), and the status line keeps the screen's keys.
pub fn status_line(app: &App, frame: &mut Frame<'_>, area: Rect, count: &str, keys: &[(&str, &str)]) {
    let theme = &app.theme;
    let width = area.width as usize;
    let fixed = if app.session.read_only {
        format!(" {} · READ-ONLY · {count} · ", app.session.user)
    } else {
        format!(" {} · {count} · ", app.session.user)
    };
    let room = width.saturating_sub(fixed.width() + 2).max(10);
    let message = app
        .message()
        .map(crate::domain::sanitise::clean_line)
        .filter(|m| !m.is_empty());
    let (message, above) = match message {
        Some(m) if m.width() > room => (None, Some(m)),
        other => (other, None),
    };
    if let Some(long) = above {
        message_lines(app, frame, area, &long);
    }
    let right: Vec<Span<'_>> = match message {
        // A message matters more than the path: it may take the path's room.
        Some(message) => vec![Span::styled(message, theme.warning)],
        None => keys
            .iter()
            .flat_map(|(key, what)| {
                [
                    Span::styled(key.to_string(), theme.key),
                    Span::styled(format!(" {what}  "), theme.muted),
                ]
            })
            .collect(),
    };
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let path_room = width
        .saturating_sub(right_width + fixed.width() + 1)
        .max(if app.message().is_some() { 0 } else { 12 });
    let path = text::truncate_left(&app.session.database, path_room);
    let left = text::truncate(&format!("{fixed}{path}"), width);
    let mut spans = vec![Span::styled(left.clone(), theme.muted)];
    let gap = width.saturating_sub(left.width() + right_width);
    if left.width() + right_width < width {
        spans.push(Span::raw(" ".repeat(gap)));
        spans.extend(right);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A message too long for the status line, wrapped at its words on the
/// lines just above it (at most [`MESSAGE_LINES`], the last saying how
/// much more there was and which key reads it all).
fn message_lines(app: &App, frame: &mut Frame<'_>, status: Rect, message: &str) {
    let columns = (status.width as usize).saturating_sub(2).max(1);
    // The key that reads the whole message, as the user's key map binds
    // it here (none over a form, where every key types).
    let context = app.context();
    let note = app
        .keymap
        .bindings()
        .iter()
        .find(|(c, _, a)| *c == context && *a == crate::action::Action::FullMessage)
        .map_or(String::new(), |(_, key, _)| {
            format!("; {} reads all", key.label())
        });
    let (lines, _) = crate::domain::fit::fit_lines_noting(message, columns, MESSAGE_LINES, &note);
    let height = (lines.len() as u16).min(status.y);
    let area = Rect::new(status.x, status.y - height, status.width, height);
    let shown: Vec<Line<'_>> = lines
        .iter()
        .skip(lines.len() - usize::from(height))
        .map(|line| Line::styled(format!(" {line}"), app.theme.warning))
        .collect();
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(Paragraph::new(shown).style(app.theme.background), area);
}
