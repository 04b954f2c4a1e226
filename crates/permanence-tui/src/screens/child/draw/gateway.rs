//! The Gateway tab: the Legal Gateway panel's date and weekday, when the
//! papers are due with the Practice Co-ordinator (and why, when a bank
//! holiday moves it) and whether that has passed, then each paper the
//! panel needs, ticked or not, with its document's date, and whether the
//! case is ready.

use crate::app::{App, ChildView};
use crate::domain::calendar::Calendar;
use crate::domain::date::DateStyle;
use crate::domain::gateway::Readiness;
use crate::screens::child::papers::Gateway;
use crate::view::text::{truncate, wrap};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// "Tuesday 31/12/2024".
fn day(dates: DateStyle, date: NaiveDate) -> String {
    format!("{} {}", date.format("%A"), dates.show(date))
}

/// What the tab says about the panel and the deadline, as sentences.
pub fn panel_sentences(
    readiness: Option<&Readiness>,
    calendar: &Calendar,
    dates: DateStyle,
    today: NaiveDate,
) -> Vec<String> {
    let Some(r) = readiness else {
        return vec!["No panel date set: P sets it".to_string()];
    };
    let pre = if r.pre_proceedings { "yes" } else { "no" };
    let mut said = vec![format!(
        "Legal Gateway panel: {} · pre-proceedings referral: {pre}",
        day(dates, r.panel_date)
    )];
    let deadline = r.submission_deadline.date();
    said.push(format!(
        "Papers to the Practice Co-ordinator by 17:00 on {}",
        day(dates, deadline)
    ));
    let mut when = Vec::new();
    if deadline.weekday() != Weekday::Wed {
        // The Wednesday the papers would have been due: the first after
        // the deadline, which a holiday moved back.
        let wednesday = (1..=7)
            .filter_map(|n| deadline.checked_add_days(Days::new(n)))
            .find(|d| d.weekday() == Weekday::Wed);
        if let Some(wednesday) = wednesday {
            let why = if calendar.is_bank_holiday(wednesday) {
                "is a bank holiday"
            } else {
                "is not a working day"
            };
            when.push(format!("({} {why})", day(dates, wednesday)));
        }
    }
    when.push(match (deadline - today).num_days() {
        ..0 => "the deadline has passed".to_string(),
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        n => format!("due in {n} days"),
    });
    let when = when.join(" · ");
    let mut chars = when.chars();
    said.push(
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default(),
    );
    said
}

/// Draws the tab in `area`, the space below the tab bar.
pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    let gateway: &Gateway = match &view.papers.gateway {
        Ok(gateway) => gateway,
        Err(reason) => {
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {reason}"), theme.muted)),
                area,
            );
            return;
        }
    };
    let room = width.saturating_sub(2).max(10);
    let mut top: Vec<Line<'_>> = Vec::new();
    for (n, sentence) in panel_sentences(
        gateway.readiness.as_ref(),
        &app.calendar,
        app.dates,
        app.session.today,
    )
    .iter()
    .enumerate()
    {
        let style = match (&gateway.readiness, n) {
            (None, _) => theme.warning,
            (Some(_), 0) => theme.title,
            (Some(r), _) if r.submission_deadline.date() < app.session.today => theme.warning,
            _ => theme.text,
        };
        for part in wrap(sentence, room) {
            top.push(Line::styled(format!(" {part}"), style));
        }
    }
    top.push(Line::raw(""));
    let dated_width = app.dates.width();
    let label_room = width.saturating_sub(8 + dated_width + 1).max(10);
    top.push(Line::styled(
        truncate(
            &format!(
                "     {:<label_room$} {}",
                if gateway.checklist.pre_proceedings {
                    "Papers for a referral into pre-proceedings"
                } else {
                    "Papers for the panel"
                },
                "Dated"
            ),
            width,
        ),
        theme.header,
    ));
    let papers = gateway.papers();
    let missing = gateway.checklist.missing();
    let required = gateway.checklist.required();
    // Beneath the list: the readiness line and the selected paper in full.
    let below = 3u16;
    let list_top = area.y + top.len() as u16;
    let bottom = area.y + area.height;
    // As tall as the papers, where the window allows: the readiness line
    // follows the list rather than the foot of the window.
    let list_height = bottom
        .saturating_sub(list_top)
        .saturating_sub(below)
        .clamp(1, papers.len().max(1) as u16);
    let first = view.gateway.cursor.saturating_sub(list_height as usize - 1);
    let list: Vec<Line<'_>> = papers
        .iter()
        .enumerate()
        .skip(first)
        .take(list_height as usize)
        .map(|(i, paper)| {
            let ticked = gateway.checklist.ticked(*paper);
            let mut label = paper.label().to_string();
            if !required.contains(paper) {
                label.push_str(" (not needed for this panel)");
            }
            let dated = gateway
                .checklist
                .dated(*paper)
                .map(|d| app.dates.show(d))
                .unwrap_or_default();
            let selected = i == view.gateway.cursor;
            let text = format!(
                " {} {} {:<label_room$} {dated}",
                if selected { "›" } else { " " },
                if ticked { "[x]" } else { "[ ]" },
                truncate(&label, label_room),
            );
            let text = truncate(&text, width);
            if selected {
                let pad = width.saturating_sub(text.width());
                Line::styled(format!("{text}{}", " ".repeat(pad)), theme.selection)
            } else if ticked {
                Line::styled(text, theme.done)
            } else {
                Line::styled(text, theme.text)
            }
        })
        .collect();
    let readiness = if missing.is_empty() {
        Line::styled(" Ready: every paper is ticked", theme.done)
    } else {
        Line::styled(
            truncate(
                &format!(
                    " Not ready: {} of {} papers still to tick",
                    missing.len(),
                    required.len(),
                ),
                width,
            ),
            theme.warning,
        )
    };
    let detail = view.selected_paper().map(|paper| {
        let mut text = format!(
            "{}: {}",
            paper.label(),
            match (gateway.checklist.ticked(paper), gateway.checklist.dated(paper)) {
                (true, Some(on)) => format!("ticked, the document dated {}", app.dates.show(on)),
                (true, None) => "ticked, with no document date".to_string(),
                (false, _) => "not ticked; x ticks it".to_string(),
            }
        );
        if gateway.checklist.pre_proceedings
            && let Some(note) = paper.pre_proceedings_note()
        {
            text.push_str(&format!(" · for pre-proceedings: {note}"));
        }
        truncate(&format!(" {text}"), width)
    });
    let clamp =
        |y: u16, h: u16| Rect::new(area.x, y.min(bottom), area.width, h.min(bottom.saturating_sub(y)));
    let top_height = top.len() as u16;
    frame.render_widget(Paragraph::new(top), clamp(area.y, top_height));
    frame.render_widget(Paragraph::new(list), clamp(list_top, list_height));
    let mut foot = vec![Line::raw(""), readiness];
    if let Some(detail) = detail {
        foot.push(Line::styled(detail, theme.muted));
    }
    frame.render_widget(Paragraph::new(foot), clamp(list_top + list_height, below));
}
