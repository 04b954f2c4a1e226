//! Dialogs drawn over the screen: a form's fields with the one being
//! typed into marked, and what is wrong in words; or a list to choose from.

use crate::app::App;
use crate::modal::{Form, Listed, Modal, Picker};
use crate::view::text::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(app: &App, modal: &Modal, frame: &mut Frame<'_>, area: Rect) {
    let (title, lines) = match modal {
        Modal::Form(form) => (form.title.clone(), form_lines(app, form, area)),
        Modal::Picker(picker) => (picker.title.clone(), picker_lines(app, picker, area.height)),
        Modal::Info { title, lines } => (title.clone(), info_lines(app, lines, area)),
    };
    let width = area.width.min(72).max(30.min(area.width));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let title = truncate(&title, width.saturating_sub(4) as usize);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(app.theme.border)
                .title(Span::styled(format!(" {title} "), app.theme.title)),
        ),
        popup,
    );
}

/// The form's lines, fitted to `area`: where the dialog would be taller
/// than the window, the items its intro lists (the dates that move) are
/// left out from the last, and counted, until it fits; and a form with
/// no fields that still does not fit is cut above its last lines. So the
/// count and the keys to save or cancel are always on screen (at 80x24
/// they were clipped).
fn form_lines(app: &App, form: &Form, area: Rect) -> Vec<Line<'static>> {
    let fits = |lines: &[Line<'_>]| lines.len() + 2 <= area.height as usize;
    let (mut lines, mut foot) = form_lines_with(app, form, &form.intro, area.width);
    if let Some(listed) = form.listed.filter(|l| l.shown > 0 && !fits(&lines)) {
        // The fewest items to leave out, found by halving: leaving out
        // one more never lengthens the dialog, and a dialog listing many
        // moves is drawn again on every key in it.
        let with = |left_out: usize| {
            form_lines_with(
                app,
                form,
                &without_last(&form.intro, listed, left_out),
                area.width,
            )
        };
        let (mut low, mut high) = (1, listed.shown);
        while low < high {
            let mid = low + (high - low) / 2;
            if fits(&with(mid).0) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        (lines, foot) = with(low);
    }
    if !fits(&lines) && form.fields.is_empty() {
        // The top of what it says, a line saying more is cut, the foot.
        let room = (area.height as usize).saturating_sub(2);
        let tail = lines.split_off(foot);
        lines.truncate(room.saturating_sub(tail.len() + 1));
        lines.push(Line::styled(" \u{2026}", app.theme.muted));
        lines.extend(tail);
    }
    lines
}

/// The intro with the last `left_out` of its listed items left out, and
/// the count of those not shown said after the rest.
fn without_last(intro: &[String], listed: Listed, left_out: usize) -> Vec<String> {
    let end = listed.first + listed.shown;
    let after = end + usize::from(listed.more > 0);
    let (Some(kept), Some(rest)) = (intro.get(..end.saturating_sub(left_out)), intro.get(after..)) else {
        return intro.to_vec();
    };
    let mut out = kept.to_vec();
    out.push(format!("\u{2026} and {} more", listed.more + left_out));
    out.extend_from_slice(rest);
    out
}

/// The form's lines with `intro` above its fields, and where its foot
/// (the blank line and the keys or the refusal beneath) begins.
fn form_lines_with(app: &App, form: &Form, intro: &[String], width: u16) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let label_width = form.fields.iter().map(|f| f.label.len()).max().unwrap_or(0);
    let room = (width.min(72) as usize).saturating_sub(label_width + 6);
    let mut lines = vec![Line::raw("")];
    let wrap_at = (width.min(72) as usize).saturating_sub(4).max(10);
    for line in intro {
        if line.is_empty() {
            lines.push(Line::raw(""));
            continue;
        }
        for part in crate::view::text::wrap(line, wrap_at) {
            lines.push(Line::styled(format!(" {part}"), theme.text));
        }
    }
    if !intro.is_empty() && !form.fields.is_empty() {
        lines.push(Line::raw(""));
    }
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mut spans = vec![Span::styled(
            format!(" {:>w$}: ", field.label, w = label_width),
            if focused { theme.key } else { theme.muted },
        )];
        spans.push(Span::styled(
            truncate(&field.value, room.saturating_sub(1)),
            theme.text,
        ));
        if focused {
            spans.push(Span::styled("█", theme.muted));
        }
        if field.value.is_empty() {
            spans.push(Span::styled(format!(" {}", field.hint), theme.muted));
        }
        lines.push(Line::from(spans));
        match &field.list {
            Some(list) if focused && field.picks => {
                let pad = " ".repeat(label_width + 3);
                lines.extend(crate::view::picker::list_lines(app, list, 4, &pad, room));
            }
            Some(_) if focused => lines.extend(choice_lines(app, field, label_width, room)),
            _ => {}
        }
    }
    let foot = lines.len();
    lines.push(Line::raw(""));
    match &form.error {
        // Wrapped, so that no refusal is cut mid-word in a narrow window.
        Some(error) => lines.extend(
            crate::view::text::wrap(error, wrap_at)
                .into_iter()
                .map(|part| Line::styled(format!(" {part}"), theme.warning)),
        ),
        None if form.fields.is_empty() => lines.push(Line::styled(" Enter saves · Esc cancels", theme.muted)),
        // A list to pick from is under the focused field: say how.
        None if form.fields.get(form.focus).is_some_and(|f| f.picks) => lines.push(Line::styled(
            " Enter saves · ↑↓ choose · Tab next field · Esc cancels",
            theme.muted,
        )),
        None => lines.push(Line::styled(
            " Enter saves · Tab next field · Esc cancels",
            theme.muted,
        )),
    }
    (lines, foot)
}

/// The names a field may take that match what is typed, under it: a
/// few, then how many more, so the dialog keeps its size.
fn choice_lines(app: &App, field: &crate::modal::Field, indent: usize, room: usize) -> Vec<Line<'static>> {
    /// Enough to choose from at 80x24 beside the other fields.
    const MOST: usize = 4;
    let matching = field.matching();
    let pad = " ".repeat(indent + 3);
    if matching.is_empty() {
        return vec![Line::styled(format!("{pad}no one matches"), app.theme.muted)];
    }
    let mut lines: Vec<Line<'static>> = matching
        .iter()
        .take(MOST)
        .map(|name| {
            let name = crate::domain::sanitise::clean_line(name);
            Line::styled(
                format!("{pad}· {}", truncate(&name, room.saturating_sub(2))),
                app.theme.muted,
            )
        })
        .collect();
    if matching.len() > MOST {
        lines.push(Line::styled(
            format!("{pad}… and {} more: type to narrow", matching.len() - MOST),
            app.theme.muted,
        ));
    }
    lines
}

/// A box of details' text, wrapped as it is drawn in a window `width`
/// wide: what scrolling counts in.
pub fn info_wrapped(lines: &[String], width: u16) -> Vec<String> {
    let room = (width.min(72) as usize).saturating_sub(4).max(10);
    let mut out = Vec::new();
    for line in lines {
        if line.is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(crate::view::text::wrap(line, room));
    }
    out
}

/// How many lines of text a box of details shows in a window `height`
/// tall: all of it but the borders and the line of keys beneath.
pub fn info_room(height: u16) -> usize {
    (height as usize).saturating_sub(3).max(1)
}

/// The furthest a box of details scrolls: its last line at the bottom.
pub fn info_last_scroll(lines: &[String], (width, height): (u16, u16)) -> usize {
    info_wrapped(lines, width).len().saturating_sub(info_room(height))
}

/// The box's lines from where it is scrolled to, and beneath them the
/// keys, saying where there is more above or below.
fn info_lines(app: &App, lines: &[String], area: Rect) -> Vec<Line<'static>> {
    let wrapped = info_wrapped(lines, area.width);
    let room = info_room(area.height);
    let last = wrapped.len().saturating_sub(room);
    let top = app.layers().info_scroll().min(last);
    let mut out: Vec<Line<'static>> = wrapped
        .into_iter()
        .skip(top)
        .take(room)
        .map(|part| {
            if part.is_empty() {
                Line::raw("")
            } else {
                Line::styled(format!(" {part}"), app.theme.text)
            }
        })
        .collect();
    let keys = match (top > 0, top < last) {
        (_, true) => format!(
            " ↓ more below ({} lines) · j k PgDn PgUp scroll · Esc closes",
            last - top
        ),
        (true, false) => " ↑ more above · k PgUp scroll · Esc or Enter closes".to_string(),
        (false, false) => " Esc or Enter closes".to_string(),
    };
    out.push(Line::styled(
        truncate(&keys, (area.width.min(72) as usize).saturating_sub(2)),
        app.theme.muted,
    ));
    out
}

fn picker_lines(app: &App, picker: &Picker, height: u16) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let room = height.saturating_sub(4).max(1) as usize;
    let start = picker.selected.saturating_sub(room.saturating_sub(1));
    let mut lines: Vec<Line<'static>> = picker
        .options
        .iter()
        .enumerate()
        .skip(start)
        .take(room)
        .map(|(i, (label, _))| {
            let label = crate::domain::sanitise::clean_line(label);
            if i == picker.selected {
                Line::styled(format!(" › {label}"), theme.selection)
            } else {
                Line::styled(format!("   {label}"), theme.text)
            }
        })
        .collect();
    lines.push(Line::styled(" ↑↓ choose · Enter · Esc cancels", theme.muted));
    lines
}
