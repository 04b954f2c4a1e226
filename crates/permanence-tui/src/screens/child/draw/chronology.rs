//! The Chronology tab: the child's entries in date order, each with its
//! kind, what happened, where it came from and, in letters as well as
//! colour, whether it is unverified or marked for the Child Permanence
//! Report; beneath, the selected entry's words in full.

use crate::app::{App, ChildView};
use crate::domain::chronology::Entry;
use crate::domain::date::DateStyle;
use crate::theme::Theme;
use crate::view::text::{truncate, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::layout::CHRONOLOGY_DETAIL as DETAIL;

/// Which columns fit, and how wide each is.
struct Columns {
    dates: DateStyle,
    kind: usize,
    what: usize,
    /// Zero when there is no room for where an entry came from.
    from: usize,
    /// Flags in words ("unverified CPR") or letters ("U CPR").
    words: bool,
}

impl Columns {
    fn for_width(width: u16, dates: DateStyle) -> Columns {
        let width = width as usize;
        let words = width >= 100;
        let flags = if words { 14 } else { 5 };
        let from = match width {
            100.. => 22,
            70..=99 => 16,
            _ => 0,
        };
        let kind = if width >= 60 { 15 } else { 10 };
        let fixed = 1 + dates.width() + 1 + kind + 1 + if from > 0 { from + 1 } else { 0 } + flags;
        Columns {
            dates,
            kind,
            what: width.saturating_sub(fixed + 1).max(8),
            from,
            words,
        }
    }

    fn flags(&self, entry: &Entry) -> String {
        let unverified = if entry.verified {
            ""
        } else if self.words {
            "unverified"
        } else {
            "U"
        };
        let cpr = if entry.for_cpr { "CPR" } else { "" };
        let first = if self.words { 10 } else { 1 };
        format!("{unverified:<first$} {cpr}")
    }

    fn heads(&self) -> String {
        let mut text = format!(
            " {:<d$} {:<k$} {:<w$} ",
            "Date",
            "Kind",
            "What",
            d = self.dates.width(),
            k = self.kind,
            w = self.what
        );
        if self.from > 0 {
            text.push_str(&format!("{:<f$} ", "From", f = self.from));
        }
        text.push_str("Flags");
        text
    }

    fn row(&self, entry: &Entry) -> String {
        let mut text = format!(
            " {:<d$} {:<k$} {:<w$} ",
            self.dates.show(entry.on),
            truncate(entry.kind.label(), self.kind),
            truncate(&entry.what, self.what),
            d = self.dates.width(),
            k = self.kind,
            w = self.what
        );
        if self.from > 0 {
            text.push_str(&format!(
                "{:<f$} ",
                truncate(entry.source_label(), self.from),
                f = self.from
            ));
        }
        text.push_str(&self.flags(entry));
        text
    }
}

/// Draws the tab in `area`, the space below the tab bar.
pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    let entries = match &view.papers.chronology {
        Ok(entries) => entries,
        Err(reason) => {
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {reason}"), theme.muted)),
                area,
            );
            return;
        }
    };
    let shown = view.chronology.shown(entries);
    let columns = Columns::for_width(area.width, app.dates);
    let bottom = area.y + area.height;
    let row = |y: u16, h: u16| Rect::new(area.x, y.min(bottom), area.width, h.min(bottom.saturating_sub(y)));
    frame.render_widget(
        Paragraph::new(counts(theme, &shown, view, &columns, width)),
        row(area.y, 1),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(truncate(&columns.heads(), width), theme.header)),
        row(area.y + 1, 1),
    );
    let list_rows = area.height.saturating_sub(2 + DETAIL).max(1);
    let list = row(area.y + 2, list_rows);
    let mut lines: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .skip(view.chronology.offset)
        .take(list.height as usize)
        .map(|(i, entry)| {
            let text = truncate(&columns.row(entry), width);
            if i == view.chronology.cursor {
                let pad = width.saturating_sub(text.width());
                Line::styled(format!("{text}{}", " ".repeat(pad)), theme.selection)
            } else {
                let style = if entry.origin.automatic() {
                    theme.muted
                } else {
                    theme.text
                };
                flagged(theme, text, entry, style)
            }
        })
        .collect();
    if shown.is_empty() {
        lines.push(Line::styled(
            if entries.is_empty() {
                " Nothing in the chronology yet: a adds an entry"
            } else {
                " No entry of this kind: x shows every kind"
            },
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(entry) = view.selected_entry() {
        let text = format!("{} · from: {}", entry.what, entry.source_label());
        let room = width.saturating_sub(2).max(10);
        let mut parts = wrap(&text, room);
        if parts.len() > DETAIL as usize {
            parts.truncate(DETAIL as usize);
            if let Some(last) = parts.last_mut() {
                *last = truncate(&format!("{last} …"), room);
            }
        }
        let detail: Vec<Line<'_>> = parts
            .into_iter()
            .map(|p| Line::styled(format!(" {p}"), theme.muted))
            .collect();
        frame.render_widget(Paragraph::new(detail), row(list.y + list.height, DETAIL));
    }
}

/// A row with its flags in the warning role, so they catch the eye; the
/// letters say the same without colour.
fn flagged<'a>(theme: &Theme, text: String, entry: &Entry, style: ratatui::style::Style) -> Line<'a> {
    if entry.verified && !entry.for_cpr {
        return Line::styled(text, style);
    }
    let chars: Vec<char> = text.chars().collect();
    // The flags are the row's last characters: at most "unverified CPR".
    let flags = chars.len().min(if text.contains("unverified") { 14 } else { 5 });
    let (head, tail) = chars.split_at(chars.len() - flags);
    Line::from(vec![
        Span::styled(head.iter().collect::<String>(), style),
        Span::styled(tail.iter().collect::<String>(), theme.warning),
    ])
}

/// "12 entries · 3 for the CPR · 2 unverified", and the filter if one is on.
fn counts<'a>(
    theme: &Theme,
    shown: &[&Entry],
    view: &ChildView,
    columns: &Columns,
    width: usize,
) -> Line<'a> {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        " {} · {} for the CPR · {} unverified",
        plural(shown.len(), "entry", "entries"),
        shown.iter().filter(|e| e.for_cpr).count(),
        shown.iter().filter(|e| !e.verified).count(),
    );
    if !columns.words {
        text.push_str(" (U)");
    }
    let mut spans = vec![Span::styled(text, theme.muted)];
    if let Some(kind) = view.chronology.kind {
        spans.push(Span::styled(
            format!(" · only {} (x shows every kind)", kind.label()),
            theme.warning,
        ));
    }
    let line = Line::from(spans);
    if line.width() > width {
        let all: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        return Line::styled(truncate(&all, width), theme.muted);
    }
    line
}
