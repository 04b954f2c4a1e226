//! The tracker meeting screen: the cohort down the left (with a tick for
//! each child discussed), the child being discussed on the right with the
//! tracker's facts about them and what the meeting has recorded, beside
//! it what the last meeting said and the child's overdue items, and the
//! single keys that record it.

use super::MeetingView;
use crate::app::App;
use crate::domain::date::DateStyle;
use crate::theme::Theme;
use crate::view::text::{truncate, wrap};
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The title bar, the body and the status line of the screen in `area`.
fn rows(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1)]).areas(area)
}

/// The cohort, the child being discussed and the box of what was said
/// before, in the screen's `body`. The box goes beside what is being
/// recorded where there is room, else beneath it; beneath, it takes the
/// lines the box above can spare (at least half the height where it needs
/// them), and scrolls what does not fit.
fn panes(theme: &Theme, dates: DateStyle, view: &MeetingView, body: Rect) -> [Rect; 3] {
    let list_width = (body.width / 3).clamp(18, 34);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(20)]).areas(body);
    let [detail, before] = if detail.width >= 80 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(detail)
    } else {
        let width = detail.width.saturating_sub(3) as usize;
        let needed = before_lines(theme, dates, view, width).len() as u16 + 2;
        let recording = detail_lines(theme, dates, view, width).len() as u16 + 2;
        let spare = detail.height.saturating_sub(recording);
        let height = needed.min(spare.max(detail.height / 2));
        Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(detail)
    };
    [list, detail, before]
}

/// The box of what was said before, in a window of `size`: how many lines
/// it holds, and how many of them are shown at once (one fewer than it
/// has room for where the last line says there is more below).
pub(super) fn before_extent(dates: DateStyle, view: &MeetingView, size: (u16, u16)) -> (usize, usize) {
    let theme = Theme::default();
    let [_, body, _] = rows(Rect::new(0, 0, size.0, size.1));
    let [_, _, before] = panes(&theme, dates, view, body);
    let lines = before_lines(&theme, dates, view, before.width.saturating_sub(3) as usize).len();
    let room = before.height.saturating_sub(2) as usize;
    (
        lines,
        if lines > room {
            room.saturating_sub(1)
        } else {
            room
        },
    )
}

pub fn draw(app: &App, view: &MeetingView, frame: &mut Frame<'_>, area: Rect) {
    let [top, body, bottom] = rows(area);
    title_bar(
        app,
        frame,
        top,
        &format!(
            "{} · meeting of {} · child {} of {}",
            view.tracker.title(),
            app.dates.show(view.held_on),
            view.position + 1,
            view.rows.len()
        ),
    );
    let [list, detail, before] = panes(&app.theme, app.dates, view, body);
    draw_list(app, view, frame, list);
    draw_detail(app, view, frame, detail);
    draw_before(app, view, frame, before);
    status_line(
        app,
        frame,
        bottom,
        &format!("{} discussed", view.discussed()),
        &[
            ("r a y g", "RAG"),
            ("n", "note"),
            ("t", "action"),
            ("v", "review"),
            ("w", "minutes"),
        ],
    );
}

fn draw_list(app: &App, view: &MeetingView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let height = area.height.saturating_sub(2) as usize;
    let offset = view.position.saturating_sub(height.saturating_sub(1) / 2);
    let offset = offset.min(view.rows.len().saturating_sub(height));
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line<'_>> = view
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| {
            let discussion = view.meeting.discussion_of(row.child);
            let mark = match discussion.and_then(|d| d.rag) {
                Some(rag) => rag.letter().to_string(),
                None if discussion.is_some_and(|d| d.discussed()) => "✓".to_string(),
                None => " ".to_string(),
            };
            let style = match (i == view.position, discussion.and_then(|d| d.rag)) {
                (true, _) => theme.selection,
                (false, Some(rag)) => theme.rag(rag),
                (false, None) => theme.text,
            };
            Line::from(Span::styled(
                truncate(&format!("{mark} {} {}", row.reference, row.name), width),
                style,
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(format!(" Cohort · {} ", view.whose), theme.title)),
        ),
        area,
    );
}

fn draw_detail(app: &App, view: &MeetingView, frame: &mut Frame<'_>, area: Rect) {
    if view.current().is_none() {
        frame.render_widget(Paragraph::new("No children on this tracker"), area);
        return;
    }
    let lines = detail_lines(&app.theme, app.dates, view, area.width.saturating_sub(3) as usize);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(app.theme.border)
                .title(Span::styled(" Discussing ", app.theme.title)),
        ),
        area,
    );
}

/// The lines of [`draw_detail`], `width` columns wide: the child, the
/// tracker's facts, what this meeting has recorded and who is on it.
fn detail_lines<'a>(theme: &Theme, dates: DateStyle, view: &'a MeetingView, width: usize) -> Vec<Line<'a>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let Some(row) = view.current() else {
        return lines;
    };
    lines.push(Line::from(Span::styled(
        truncate(&format!("{} ({})", row.name, row.reference), width),
        theme.title,
    )));
    for (heading, value) in row.facts.iter() {
        if value.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{heading}: "), theme.muted),
            Span::styled(
                truncate(value, width.saturating_sub(heading.len() + 2)),
                theme.text,
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("This meeting", theme.header)));
    let discussion = view
        .current()
        .and_then(|row| view.meeting.discussion_of(row.child));
    let rag = discussion
        .and_then(|d| d.rag)
        .map_or(("not yet rated".to_string(), theme.muted), |r| {
            (format!("{} ({})", r.word(), r.letter()), theme.rag(r))
        });
    lines.push(Line::from(vec![
        Span::styled("RAG: ", theme.muted),
        Span::styled(rag.0, rag.1),
    ]));
    if !crate::domain::meeting::stages(view.tracker).is_empty() {
        let stage = discussion.and_then(|d| d.stage.clone());
        lines.push(Line::from(vec![
            Span::styled("Decision: ", theme.muted),
            match stage {
                Some(s) => Span::styled(truncate(&s, width.saturating_sub(10)), theme.text),
                None => Span::styled("none (c to record)", theme.muted),
            },
        ]));
    }
    if let Some(d) = discussion
        && !d.barriers.is_empty()
    {
        lines.push(Line::from(vec![
            Span::styled("Barriers: ", theme.muted),
            Span::styled(
                truncate(&d.barriers.join("; "), width.saturating_sub(10)),
                theme.text,
            ),
        ]));
    }
    match discussion.and_then(|d| d.note.as_deref()) {
        Some(note) => {
            for (i, part) in wrap(note, width.saturating_sub(6).max(10))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "Note: " } else { "      " };
                lines.push(Line::from(vec![
                    Span::styled(lead, theme.muted),
                    Span::styled(part, theme.text),
                ]));
            }
        }
        None => lines.push(Line::from(Span::styled("Note: none (n to add)", theme.muted))),
    }
    if let Some(next) = discussion.and_then(|d| d.next_review) {
        lines.push(Line::from(vec![
            Span::styled("Next review: ", theme.muted),
            Span::styled(dates.show(next), theme.text),
        ]));
    }
    let actions = discussion.map_or(&[][..], |d| d.actions.as_slice());
    if actions.is_empty() {
        lines.push(Line::from(Span::styled("Actions: none (t to add)", theme.muted)));
    }
    for action in actions {
        let text = format!(
            "• {} — {} by {}",
            action.what,
            action.owner.as_deref().unwrap_or("owner not named"),
            dates.show(action.due)
        );
        lines.push(Line::from(Span::styled(truncate(&text, width), theme.text)));
    }
    // Who the tracker lists, in its seed's words, so the chair can answer
    // "why is this child here?" (or "why is that one not?") at the table.
    lines.push(Line::raw(""));
    let rule = format!("Who is on it: {}", view.tracker.rule());
    for part in wrap(&rule, width.max(10)) {
        lines.push(Line::from(Span::styled(part, theme.muted)));
    }
    lines
}

/// What the chair reads before the child is discussed: the last meeting's
/// note, decision and actions, and the child's overdue items.
/// Longer than the box, it shows a page from `before_scroll` and says on
/// its last line that there is more below (Page Down), or above.
fn draw_before(app: &App, view: &MeetingView, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = before_lines(&app.theme, app.dates, view, area.width.saturating_sub(3) as usize);
    let room = area.height.saturating_sub(2) as usize;
    if lines.len() > room {
        let shown = room.saturating_sub(1);
        let from = view.before_scroll.min(lines.len().saturating_sub(shown));
        let below = lines.len() - from - shown.min(lines.len() - from);
        let hint = match (below, from) {
            (0, _) => "▲ more above · PgUp".to_string(),
            (n, 0) => format!("▼ {n} more below · PgDn"),
            (n, _) => format!("▼ {n} more below · PgDn, PgUp"),
        };
        lines = lines.into_iter().skip(from).take(shown).collect();
        lines.push(Line::from(Span::styled(hint, app.theme.muted)));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(app.theme.border)
                .title(Span::styled(" Before this meeting ", app.theme.title)),
        ),
        area,
    );
}

/// The lines of [`draw_before`], `width` columns wide.
fn before_lines<'a>(theme: &Theme, dates: DateStyle, view: &'a MeetingView, width: usize) -> Vec<Line<'a>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let Some(row) = view.current() else {
        return lines;
    };
    match row.last.as_deref() {
        None => lines.push(Line::from(Span::styled(
            "Last meeting: not discussed before",
            theme.muted,
        ))),
        Some((held_on, last)) => {
            lines.push(Line::from(Span::styled(
                format!("Last meeting, {}", dates.show(*held_on)),
                theme.header,
            )));
            let mut said = |label: &str, text: &str| {
                for (i, part) in wrap(text, width.saturating_sub(label.len()).max(10))
                    .into_iter()
                    .enumerate()
                {
                    let lead = if i == 0 {
                        label.to_string()
                    } else {
                        " ".repeat(label.len())
                    };
                    lines.push(Line::from(vec![
                        Span::styled(lead, theme.muted),
                        Span::styled(part, theme.text),
                    ]));
                }
            };
            if let Some(rag) = last.rag {
                said("RAG: ", rag.word());
            }
            if let Some(stage) = &last.stage {
                said("Decision: ", stage);
            }
            if let Some(note) = &last.note {
                said("Note: ", note);
            }
            for action in &last.actions {
                let text = format!(
                    "{} — {} by {}",
                    action.what,
                    action.owner.as_deref().unwrap_or("owner not named"),
                    dates.show(action.due)
                );
                said("• ", &text);
            }
        }
    }
    lines.push(Line::raw(""));
    match row.overdue.as_deref() {
        None => lines.push(Line::from(Span::styled("Overdue: being read…", theme.muted))),
        Some([]) => lines.push(Line::from(Span::styled("Overdue: nothing", theme.muted))),
        Some(overdue) => {
            lines.push(Line::from(Span::styled(
                format!("Overdue ({})", overdue.len()),
                theme.header,
            )));
        }
    }
    if let Some(overdue) = row.overdue.as_deref() {
        // Each in full, wrapped: the chair reads them out.
        for line in overdue {
            for (i, part) in wrap(line, width.saturating_sub(2).max(10))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "• " } else { "  " };
                lines.push(Line::from(Span::styled(format!("{lead}{part}"), theme.rag_red)));
            }
        }
    }
    lines.push(Line::raw(""));
    let attending = format!("Attending: {} (A to add)", view.meeting.attendees.join(", "));
    for part in wrap(&attending, width.max(10)) {
        lines.push(Line::from(Span::styled(part, theme.muted)));
    }
    lines
}
