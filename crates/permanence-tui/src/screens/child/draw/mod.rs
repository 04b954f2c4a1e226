//! The child screen: the title and tab bar, and the record (who they are,
//! their legal status and placement, the people around them) and history
//! tabs; the timeline, family, chronology and Gateway tabs are drawn by
//! their own modules.

pub mod chronology;
pub mod family;
pub mod gateway;
pub mod timeline;

use crate::app::{App, ChildTab, ChildView};
use crate::domain::date::Age;
use crate::screens::child::HistoryLine;
use crate::screens::child::record::{Laid, TWO_COLUMNS, lay_out};
use crate::view::text::{thousands, truncate, wrap};
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let detail = &view.detail;
    let f = &detail.fields;
    let age = f
        .date_of_birth
        .map(|dob| match Age::on(dob, app.session.today) {
            Age::Unborn => " · unborn".to_string(),
            age => format!(" · {age}"),
        })
        .unwrap_or_default();
    title_bar(
        app,
        frame,
        Rect::new(area.x, area.y, area.width, 1),
        &format!(
            "permanence · {} · {}{age} · {}",
            f.full_name(),
            f.reference,
            f.legal_status.short()
        ),
    );
    let body = crate::layout::child_body(area);
    let position = format!(
        "{} of {} {}",
        thousands(app.selected() + 1),
        thousands(app.shown()),
        if app.shown() == 1 { "child" } else { "children" }
    );
    let status_area = Rect::new(area.x, area.y + area.height.saturating_sub(1), area.width, 1);
    if view.tab == ChildTab::Timeline {
        timeline::draw(app, view, frame, body);
        if !view.picked.is_empty() {
            // Catching up: how many are selected, and the keys for them.
            let count = format!("{} selected · {position}", view.picked.len());
            let keys = [("Space", "select"), ("M", "mark done"), ("?", "help")];
            status_line(app, frame, status_area, &count, &keys);
            return;
        }
        status_line(
            app,
            frame,
            status_area,
            &position,
            &[("d", "done"), ("e", "record"), ("Tab", "record"), ("?", "help")],
        );
        return;
    }
    frame.render_widget(
        Paragraph::new(tab_bar(app, view.tab, body.width as usize)),
        Rect::new(body.x, body.y, body.width, 1),
    );
    let below_tabs = Rect::new(body.x, body.y + 1, body.width, body.height.saturating_sub(1));
    if view.tab == ChildTab::Forms {
        super::forms_tab::draw(app, view, frame, below_tabs, status_area, &position);
        return;
    }
    let keys: Option<&[(&str, &str)]> = match view.tab {
        ChildTab::Family => {
            family::draw(app, view, frame, below_tabs);
            Some(if view.family.people {
                &[("t", "to timeline"), ("p", "genogram"), ("?", "help")]
            } else {
                &[("p", "people"), ("←↓↑→", "scroll"), ("?", "help")]
            })
        }
        ChildTab::Chronology => {
            chronology::draw(app, view, frame, below_tabs);
            Some(&[("a", "add"), ("c", "CPR"), ("f", "kind"), ("?", "help")])
        }
        ChildTab::Gateway => {
            gateway::draw(app, view, frame, below_tabs);
            Some(&[("x", "tick"), ("P", "panel"), ("r", "pre-proc"), ("?", "help")])
        }
        ChildTab::Timeline | ChildTab::Record | ChildTab::Forms | ChildTab::History => None,
    };
    if let Some(keys) = keys {
        status_line(app, frame, status_area, &position, keys);
        return;
    }
    if view.tab == ChildTab::History {
        history(
            app,
            view,
            frame,
            Rect::new(body.x, body.y + 1, body.width, body.height.saturating_sub(1)),
        );
        status_line(
            app,
            frame,
            status_area,
            &position,
            &[("Esc", "back"), ("Tab", "timeline"), ("?", "help")],
        );
        return;
    }
    let body = Rect::new(body.x, body.y + 1, body.width, body.height.saturating_sub(1));
    let today = (app.session.today, app.dates);
    match lay_out(detail, &app.theme, today, area.width >= TWO_COLUMNS, body.width) {
        Laid::Two { half, left, right } => {
            let scroll = (view.scroll, 0);
            frame.render_widget(
                Paragraph::new(left).scroll(scroll),
                Rect::new(body.x, body.y, half, body.height),
            );
            frame.render_widget(
                Paragraph::new(right).scroll(scroll),
                Rect::new(body.x + half, body.y, body.width - half, body.height),
            );
        }
        Laid::One(lines) => frame.render_widget(Paragraph::new(lines).scroll((view.scroll, 0)), body),
    }
    status_line(
        app,
        frame,
        Rect::new(area.x, area.y + area.height.saturating_sub(1), area.width, 1),
        &position,
        &[("Esc", "back"), ("n/p", "next/previous"), ("?", "help")],
    );
}

/// The tabs in `room` columns, the one showing highlighted; with the
/// hint where it fits, and short names where even the names do not.
pub fn tab_bar(app: &App, active: ChildTab, room: usize) -> Line<'static> {
    const HINT: &str = "  Tab switches";
    let full: usize = ChildTab::ALL.iter().map(|t| t.label().len() + 2).sum();
    let short = full > room;
    let mut spans: Vec<Span<'static>> = ChildTab::ALL
        .iter()
        .map(|&which| {
            let name = if short { short_label(which) } else { which.label() };
            Span::styled(
                format!(" {name} "),
                if which == active {
                    app.theme.selection
                } else {
                    app.theme.muted
                },
            )
        })
        .collect();
    if full + HINT.len() <= room {
        spans.push(Span::styled(HINT, app.theme.muted));
    }
    Line::from(spans)
}

/// A tab's name where the full names do not fit.
fn short_label(tab: ChildTab) -> &'static str {
    match tab {
        ChildTab::Timeline => "Time",
        ChildTab::Record => "Rec",
        ChildTab::Forms => "Form",
        ChildTab::Family => "Fam",
        ChildTab::Chronology => "Chron",
        ChildTab::Gateway => "Gate",
        ChildTab::History => "Hist",
    }
}

/// The child's recorded events (who recorded each, and whether it
/// stands), then who did what to the record, newest first.
fn history(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    // Wrapped, not cut off: why an event was corrected or withdrawn, and
    // what a change to the record was, are the point of listing them.
    let entry = |h: &HistoryLine, at_width: usize, lines: &mut Vec<Line<'_>>| {
        let who = truncate(&h.user, 14);
        let head = format!(" {:<at_width$}  {who:<14} {:<12} ", h.at, h.action);
        let indent = head.chars().count();
        let parts = wrap(&h.what, width.saturating_sub(indent).max(10));
        for (i, part) in parts.into_iter().enumerate() {
            let lead = if i == 0 { head.clone() } else { " ".repeat(indent) };
            lines.push(Line::from(vec![
                Span::styled(lead, theme.muted),
                Span::styled(part, theme.text),
            ]));
        }
    };
    let mut lines: Vec<Line<'_>> = vec![Line::styled(" Recorded events", theme.title)];
    if view.events.is_empty() {
        lines.push(Line::styled(" None recorded yet", theme.muted));
    }
    let at_width = view
        .events
        .iter()
        .map(|h| h.at.chars().count())
        .max()
        .unwrap_or(0);
    for h in &view.events {
        entry(h, at_width, &mut lines);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Changes to the record", theme.title));
    match &view.history {
        Err(reason) => lines.push(Line::styled(format!(" {reason}"), theme.muted)),
        Ok(entries) if entries.is_empty() => lines.push(Line::styled(" Nothing recorded yet", theme.muted)),
        Ok(entries) => {
            let at_width = entries.iter().map(|h| h.at.chars().count()).max().unwrap_or(0);
            for h in entries {
                entry(h, at_width, &mut lines);
            }
        }
    }
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .skip(view.history_scroll as usize)
        .take(area.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
