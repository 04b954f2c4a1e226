//! The help overlay: every key of the screen beneath it, from the key map.

use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub fn draw(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let context = app.screen_context();
    // Ctrl-c is the same everywhere: the frame says it, once, so the
    // screen's own keys fit.
    let mut entries = app.keymap.help(context);
    let force_quit = entries
        .iter()
        .position(|(_, action)| *action == crate::action::Action::ForceQuit)
        .map(|i| entries.remove(i).0.join(" "));
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
    if context == crate::keymap::Context::Search {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<key_width$}  ", "letters"), theme.key),
            Span::raw("Narrow the list as you type"),
        ]));
    }
    if context == crate::keymap::Context::ChildTimeline {
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
    let content_width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let width = content_width.max(34).min(area.width);
    // The status line stays in sight where there is room.
    let height = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(1).max(3))
        .min(area.height);
    // More keys than fit: the list scrolls, and the frame says so.
    let room = height.saturating_sub(2) as usize;
    let overflow = lines.len().saturating_sub(room);
    let scroll = (app.help_scroll() as usize).min(overflow);
    let quits = force_quit
        .map(|keys| format!(" · {keys} quits"))
        .unwrap_or_default();
    let hint = if overflow > 0 {
        format!(" ↓↑ {overflow} more · Esc closes{quits} ")
    } else {
        format!(" Esc or ? closes{quits} ")
    };
    let lines: Vec<Line<'_>> = lines.into_iter().skip(scroll).collect();
    let title = format!(" Keys · {} ", context.title());
    super::overlay(app, frame, area, (width, height), (title, hint), lines);
}
