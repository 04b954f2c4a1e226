//! The child screen: the title and tab bar, and the record (who they are,
//! their legal status and placement, the people around them) and history
//! tabs; the timeline, family, chronology and Gateway tabs are drawn by
//! their own modules.

pub mod chronology;
pub mod family;
pub mod gateway;
pub mod timeline;

use crate::app::{App, ChildTab, ChildView};
use crate::domain::caseload::ChildDetail;
use crate::domain::child::LegalStatus;
use crate::domain::date::{Age, DateStyle, whole_months_between};
use crate::screens::child::HistoryLine;
use crate::theme::Theme;
use crate::view::text::{thousands, truncate, wrap};
use crate::view::{status_line, title_bar};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Labels are padded to this width so values line up.
const LABEL: usize = 14;
/// From this width the record is laid out in two columns.
const TWO_COLUMNS: u16 = 80;

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
        ChildTab::Timeline | ChildTab::Record | ChildTab::History => None,
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
    let (left, right) = sections(detail, &app.theme, app.session.today, app.dates);
    if area.width >= TWO_COLUMNS {
        let half = body.width / 2;
        let left_lines = render_sections(&left, &app.theme, half.saturating_sub(2) as usize);
        let right_lines = render_sections(&right, &app.theme, (body.width - half).saturating_sub(2) as usize);
        let scroll = (view.scroll, 0);
        frame.render_widget(
            Paragraph::new(left_lines).scroll(scroll),
            Rect::new(body.x, body.y, half, body.height),
        );
        frame.render_widget(
            Paragraph::new(right_lines).scroll(scroll),
            Rect::new(body.x + half, body.y, body.width - half, body.height),
        );
    } else {
        let all: Vec<Section> = left.into_iter().chain(right).collect();
        let lines = render_sections(&all, &app.theme, body.width.saturating_sub(2) as usize);
        frame.render_widget(Paragraph::new(lines).scroll((view.scroll, 0)), body);
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
    let row = |h: &HistoryLine, at_width: usize| {
        let who = truncate(&h.user, 14);
        let head = format!(" {:<at_width$}  {who:<14} {:<12} ", h.at, h.action);
        let room = width.saturating_sub(head.chars().count());
        Line::from(vec![
            Span::styled(head, theme.muted),
            Span::styled(truncate(&h.what, room), theme.text),
        ])
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
    // Wrapped, not cut off: why an event was corrected or withdrawn is
    // the point of listing it.
    for h in &view.events {
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
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Changes to the record", theme.title));
    match &view.history {
        Err(reason) => lines.push(Line::styled(format!(" {reason}"), theme.muted)),
        Ok(entries) if entries.is_empty() => lines.push(Line::styled(" Nothing recorded yet", theme.muted)),
        Ok(entries) => {
            let at_width = entries.iter().map(|h| h.at.chars().count()).max().unwrap_or(0);
            lines.extend(entries.iter().map(|h| row(h, at_width)));
        }
    }
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .skip(view.history_scroll as usize)
        .take(area.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// How far the record can scroll at this size: zero when it all fits.
pub fn max_scroll(detail: &ChildDetail, today: NaiveDate, dates: DateStyle, width: u16, height: u16) -> u16 {
    let theme = Theme::default();
    let (left, right) = sections(detail, &theme, today, dates);
    // Title, tab bar and status line.
    let body = height.saturating_sub(3) as usize;
    let tallest = if width >= TWO_COLUMNS {
        let half = width / 2;
        render_sections(&left, &theme, half.saturating_sub(2) as usize)
            .len()
            .max(render_sections(&right, &theme, (width - half).saturating_sub(2) as usize).len())
    } else {
        let all: Vec<Section> = left.into_iter().chain(right).collect();
        render_sections(&all, &theme, width.saturating_sub(2) as usize).len()
    };
    u16::try_from(tallest.saturating_sub(body)).unwrap_or(u16::MAX)
}

/// A titled group of entries.
struct Section {
    title: String,
    entries: Vec<Entry>,
}

enum Entry {
    /// A label and its value; `None` shows as "not recorded".
    Field(&'static str, Option<String>, Style),
    /// A line of its own, such as a carer or sibling.
    Item(String, Style),
}

fn field(label: &'static str, value: Option<String>) -> Entry {
    Entry::Field(label, value, Style::new())
}

fn sections(
    detail: &ChildDetail,
    theme: &Theme,
    today: NaiveDate,
    dates: DateStyle,
) -> (Vec<Section>, Vec<Section>) {
    let f = &detail.fields;
    let date_of_birth = f.date_of_birth.map(|dob| match Age::on(dob, today) {
        Age::Unborn => format!("{} (expected; unborn)", dates.show(dob)),
        Age::Months(m) => format!(
            "{} (age {m} month{})",
            dates.show(dob),
            if m == 1 { "" } else { "s" }
        ),
        Age::Years(y) => format!("{} (age {y})", dates.show(dob)),
    });
    let disability = if f.disability.disabled {
        Some(match &f.disability.note {
            Some(note) => format!("Yes: {note}"),
            None => "Yes".to_string(),
        })
    } else {
        Some("No".to_string())
    };
    let looked_after = f
        .looked_after_since
        .map(|since| format!("since {} ({})", dates.show(since), duration(since, today)));
    let rag = match f.rag {
        Some(rag) => Entry::Field(
            "RAG",
            Some(format!("{} {}", rag.letter(), capitalise(rag.word()))),
            theme.rag(rag),
        ),
        None => field("RAG", None),
    };
    let worker = match (&detail.worker_name, &f.worker) {
        (Some(name), _) => Entry::Field("Social worker", Some(name.clone()), Style::new()),
        _ => Entry::Field("Social worker", Some("Unallocated".to_string()), theme.warning),
    };
    let left = vec![
        Section {
            title: "Child".to_string(),
            entries: vec![
                field("Reference", Some(f.reference.clone())),
                field("Name", Some(f.full_name())),
                field("Date of birth", date_of_birth),
                field("Gender", f.gender.clone()),
                field("Ethnicity", f.ethnicity.clone()),
                field("Religion", f.religion.clone()),
                field("Disability", disability),
            ],
        },
        Section {
            title: "Legal status and placement".to_string(),
            entries: vec![
                field("Legal status", Some(legal_status(f.legal_status))),
                field("Looked after", looked_after.or_else(|| Some("No".to_string()))),
                field("Placement", f.placement_type.clone()),
                rag,
            ],
        },
    ];
    let mut right = vec![Section {
        title: "People".to_string(),
        entries: vec![
            worker,
            field("Team", f.team.clone()),
            field("IRO", detail.iro_name.clone()),
        ],
    }];
    let carers = if detail.carers.is_empty() {
        vec![Entry::Item("None recorded".to_string(), theme.muted)]
    } else {
        detail
            .carers
            .iter()
            .map(|c| {
                let kind = if c.connected_person {
                    ", connected person"
                } else {
                    ""
                };
                Entry::Item(format!("{} ({}{kind})", c.name, c.relationship), Style::new())
            })
            .collect()
    };
    right.push(Section {
        title: "Carers".to_string(),
        entries: carers,
    });
    if let Some(group) = &f.sibling_group {
        let siblings = if detail.siblings.is_empty() {
            vec![Entry::Item(
                "No other child in this group".to_string(),
                theme.muted,
            )]
        } else {
            detail
                .siblings
                .iter()
                .map(|s| {
                    let age = s
                        .age(today)
                        .map_or_else(|| "age unknown".to_string(), |a| format!("age {a}"));
                    Entry::Item(
                        format!(
                            "{} {} ({age}, {})",
                            s.reference,
                            s.full_name(),
                            s.legal_status.short()
                        ),
                        Style::new(),
                    )
                })
                .collect()
        };
        right.push(Section {
            title: format!("Siblings · group {group}"),
            entries: siblings,
        });
    }
    (left, right)
}

fn render_sections(sections: &[Section], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!(" {}", truncate(&section.title, width)),
            theme.header,
        ));
        for entry in &section.entries {
            match entry {
                Entry::Field(label, value, style) => {
                    let value_width = width.saturating_sub(LABEL + 1).max(8);
                    let (text, style) = match value {
                        Some(v) if !v.is_empty() => (v.as_str(), *style),
                        _ => ("not recorded", theme.muted),
                    };
                    for (n, part) in wrap(text, value_width).into_iter().enumerate() {
                        let label = if n == 0 { *label } else { "" };
                        lines.push(Line::from(vec![
                            Span::styled(format!(" {label:<LABEL$}"), theme.muted),
                            Span::styled(part, style),
                        ]));
                    }
                }
                Entry::Item(text, style) => {
                    for part in wrap(text, width.saturating_sub(2)) {
                        lines.push(Line::styled(format!(" {part}"), *style));
                    }
                }
            }
        }
    }
    lines
}

/// "ICO · Interim Care Order": the abbreviation people say, then what it means.
fn legal_status(status: LegalStatus) -> String {
    match status {
        LegalStatus::None => status.label().to_string(),
        _ => format!("{} · {}", status.short(), status.label()),
    }
}

/// "2 years 3 months", "5 months", "less than a month".
fn duration(since: NaiveDate, today: NaiveDate) -> String {
    let months = whole_months_between(since, today);
    let (years, months) = (months / 12, months % 12);
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (years, months) {
        (0, 0) => "less than a month".to_string(),
        (0, m) => unit(m, "month", "months"),
        (y, 0) => unit(y, "year", "years"),
        (y, m) => format!("{} {}", unit(y, "year", "years"), unit(m, "month", "months")),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
