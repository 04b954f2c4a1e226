//! The best-option screen: the part of the guidance showing (the child's
//! scenario, the orders' advantages and disadvantages, the comparison
//! table, the family-time factors), wrapped to the window and scrolled.

use super::{BestOptionView, Kind, Part};
use crate::app::App;
use crate::view::text::wrap;
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, view: &BestOptionView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let [top, tabs, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(app, frame, top, &format!("Best option · {}", view.label));
    let mut spans = vec![Span::raw(" ")];
    for part in Part::ALL {
        let style = if part == view.part {
            theme.selection
        } else {
            theme.muted
        };
        spans.push(Span::styled(format!(" {} ", part.title()), style));
        spans.push(Span::raw(" "));
    }
    if view.searching || !view.query.is_empty() {
        spans.push(Span::styled(format!(" /{}", view.query), theme.key));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let width = body.width.saturating_sub(2).max(10) as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (kind, text) in view.lines() {
        let style = match kind {
            Kind::Heading => theme.header,
            Kind::Text => theme.text,
            Kind::Muted => theme.muted,
            Kind::Marked => theme.key,
            Kind::Question => theme.warning,
        };
        if kind == Kind::Heading && !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        for (i, part) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
            let lead = if i == 0 { " " } else { "   " };
            lines.push(Line::from(Span::styled(format!("{lead}{part}"), style)));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            " Nothing here matches the search.",
            theme.muted,
        )));
    }
    let height = body.height as usize;
    let scroll = view.scroll.min(lines.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(scroll).take(height).collect::<Vec<_>>()),
        body,
    );
    let keys: &[(&str, &str)] = if view.part == Part::Scenario {
        &[
            ("c r + -", "correct"),
            ("Tab", "next part"),
            ("/", "search"),
            ("Esc", "back"),
        ]
    } else {
        &[("Tab", "next part"), ("/", "search"), ("Esc", "back")]
    };
    status_line(app, frame, bottom, view.part.title(), keys);
}
