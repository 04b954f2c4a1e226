//! The help overlay: every key of the screen beneath it, from the key map.

use crate::ui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let context = app.screen_context();
    let entries = app.keymap.help(context);
    let keys: Vec<String> = entries.iter().map(|(keys, _)| keys.join(" ")).collect();
    let key_width = keys.iter().map(|k| k.width()).max().unwrap_or(0);
    let mut lines: Vec<Line<'_>> = entries
        .iter()
        .zip(&keys)
        .map(|((_, action), keys)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}  "), theme.key),
                Span::styled(action.description(), theme.text),
            ])
        })
        .collect();
    if context == crate::ui::keymap::Context::Search {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<key_width$}  ", "letters"), theme.key),
            Span::raw("Narrow the list as you type"),
        ]));
    }
    if context == crate::ui::keymap::Context::ChildTimeline {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " ✓ done  · open  ◆ due within a week  ! past its target",
            theme.text,
        ));
        lines.push(Line::styled(
            " ✗ past its deadline  ┊ a deadline  ▼ │ today",
            theme.text,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Esc or ? closes this help", theme.muted));
    let content_width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let width = content_width.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(format!(" Keys · {} ", context.title()), theme.title)),
        ),
        popup,
    );
}
