//! The Family tab: the genogram, drawn cell by cell in the theme's roles
//! (the child as the title, the deceased muted, lines and households as
//! borders) and scrolled both ways when the family is bigger than the
//! window, with its key beneath; or the people list, with each person's
//! part in the plan and the family meetings with their outcomes.

use crate::app::{App, ChildView};
use crate::domain::genogram::{self, Canvas, Mark};
use crate::screens::child::papers::{Family, LineKind};
use crate::theme::Theme;
use crate::view::text::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::borrow::Cow;

/// Draws the tab in `area`, the space below the tab bar.
pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let heading = Rect::new(area.x, area.y, area.width, area.height.min(1));
    let content = Rect::new(
        area.x,
        area.y.saturating_add(1),
        area.width,
        area.height.saturating_sub(1),
    );
    let family = match &view.papers.family {
        Ok(family) => family,
        Err(reason) => {
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {reason}"), theme.muted)),
                heading,
            );
            return;
        }
    };
    if !family.recorded() && !view.family.people {
        let line = format!(
            " No family network yet: `permanence family {} --import FILE` loads one",
            view.detail.fields.reference
        );
        frame.render_widget(
            Paragraph::new(Line::styled(truncate(&line, area.width as usize), theme.muted)),
            heading,
        );
        return;
    }
    if view.family.people {
        people(app, view, frame, heading, content);
    } else {
        genogram_view(theme, view, family, frame, heading, content);
    }
}

fn genogram_view(
    theme: &Theme,
    view: &ChildView,
    family: &Family,
    frame: &mut Frame<'_>,
    heading: Rect,
    area: Rect,
) {
    // The app keeps the drawing for the window's width; worked out here
    // only if it has not yet caught up with a resize.
    let canvas: Cow<'_, Canvas> = match &view.family.canvas {
        Some((width, canvas)) if *width == area.width => Cow::Borrowed(canvas),
        _ => Cow::Owned(genogram::canvas(&family.layout, area.width as usize)),
    };
    let (width, height) = (area.width as usize, area.height as usize);
    let x = view.family.x.min(canvas.width.saturating_sub(width));
    let y = view.family.y.min(canvas.height.saturating_sub(height));
    let mut more = String::new();
    for (arrow, there) in [
        ("←", x > 0),
        ("↑", y > 0),
        ("↓", y + height < canvas.height),
        ("→", x + width < canvas.width),
    ] {
        if there {
            more.push_str(arrow);
        }
    }
    // Which way there is more comes first: it matters most when narrow.
    let more = if more.is_empty() {
        String::new()
    } else {
        format!(" (more {more})")
    };
    let text = format!(" Genogram{more} · p lists the people and meetings");
    frame.render_widget(
        Paragraph::new(Line::styled(truncate(&text, width), theme.header)),
        heading,
    );
    let lines: Vec<Line<'_>> = (y..(y + height).min(canvas.height))
        .map(|row| {
            let mut spans: Vec<Span<'_>> = Vec::new();
            let mut run = String::new();
            let mut run_mark = Mark::Blank;
            for column in x..(x + width).min(canvas.width) {
                let Some(cell) = canvas.cell(column, row) else {
                    break;
                };
                if cell.mark != run_mark && !run.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut run), style(theme, run_mark)));
                }
                run_mark = cell.mark;
                run.push(cell.ch);
            }
            if !run.is_empty() {
                spans.push(Span::styled(run, style(theme, run_mark)));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The theme's role for a part of the drawing.
pub fn style(theme: &Theme, mark: Mark) -> Style {
    match mark {
        Mark::Blank => Style::new(),
        Mark::Plain => theme.text,
        Mark::Focus => theme.title,
        Mark::Deceased => theme.muted,
        Mark::Household | Mark::Line => theme.border,
        Mark::Legend => theme.muted,
    }
}

fn people(app: &App, view: &ChildView, frame: &mut Frame<'_>, heading: Rect, area: Rect) {
    let theme = &app.theme;
    let width = area.width as usize;
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(" People and family meetings · p shows the genogram", width),
            theme.header,
        )),
        heading,
    );
    let Some((_, lines)) = view.family_lines(app.dates, area.width) else {
        return;
    };
    let shown: Vec<Line<'_>> = lines
        .iter()
        .skip(view.family.offset)
        .take(area.height as usize)
        .map(|line| {
            let style = match line.kind {
                LineKind::Focus | LineKind::Meeting => theme.title,
                LineKind::Name | LineKind::Outcome => theme.text,
                LineKind::Deceased | LineKind::Fact | LineKind::Note | LineKind::Blank => theme.muted,
                LineKind::Heading => theme.header,
            };
            let selected = line.pick.is_some() && line.pick == Some(view.family.cursor);
            let text = format!(" {}", line.text);
            if selected {
                let text = truncate(&text, width);
                let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
                Line::styled(format!("{text}{}", " ".repeat(pad)), theme.selection)
            } else {
                Line::styled(truncate(&text, width), style)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}
