//! The "what next" list: every open item of the children in view, most
//! urgent first, each saying why it is where it is.

use super::WhatNextView;
use crate::app::App;
use crate::view::text::truncate;
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
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
        &format!("permanence · What next · {}", view.covers),
    );
    let width = body.width as usize;
    // Child and item on one line, why (and who) on the next.
    let per_item = 2;
    let shown = (body.height as usize / per_item).max(1);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, (_, item)) in view.items.iter().enumerate().skip(view.offset).take(shown) {
        let selected = i == view.selected;
        let marker = if selected { "›" } else { " " };
        let head = format!(
            "{marker}{:>4}. {} {} · {}",
            i + 1,
            item.reference,
            item.name,
            item.item
        );
        let style = if selected { theme.selection } else { theme.text };
        let why_style = if item.why.starts_with("statutory deadline passed") {
            theme.rag_red
        } else if item.why.contains("passed") {
            theme.rag_amber
        } else {
            theme.muted
        };
        let who = item
            .responsible
            .as_deref()
            .map(|r| format!(" · {r}"))
            .unwrap_or_default();
        let head = truncate(&head, width);
        let pad = width.saturating_sub(head.width());
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(" ".repeat(if selected { pad } else { 0 }), style),
        ]));
        lines.push(Line::from(Span::styled(
            truncate(&format!("       {}{who}", app.dates.restyle(&item.why)), width),
            why_style,
        )));
    }
    if view.items.is_empty() {
        lines.push(Line::from(Span::styled(
            " Nothing open for these children.",
            theme.muted,
        )));
    }
    frame.render_widget(Paragraph::new(lines), body);
    status_line(
        app,
        frame,
        bottom,
        &format!("{} open items", view.items.len()),
        &[("Enter", "open child"), ("Esc", "back"), ("?", "help")],
    );
}
