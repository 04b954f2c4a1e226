//! How the caseload is drawn: a table of children, a search line, and the
//! status line.

use super::Caseload;
use crate::app::App;
use crate::domain::caseload::CaseloadRow;
use crate::layout::caseload::{Areas, areas};
use crate::screens::child::draw::timeline::pathway_short;
use crate::view::columns::{ColumnSpec, fit};
use crate::view::text::{thousands, truncate};
use crate::view::{status_line, title_bar};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Ref,
    Name,
    Age,
    Legal,
    Plan,
    Next,
    Late,
    Placement,
    Worker,
    Team,
    Rag,
    Computed,
}

/// The caseload's columns, in display order. Priorities decide which go
/// first as the window narrows: team, placement, worker, then the
/// timeline's next item and plan.
#[rustfmt::skip]
const COLUMNS: [(Column, ColumnSpec); 12] = [
    // Sized to the references on screen when drawn: authorities' IDs differ in length.
    (Column::Ref, ColumnSpec { title: "Ref", min: 3, preferred: 3, priority: 1 }),
    (Column::Name, ColumnSpec { title: "Name", min: 18, preferred: 22, priority: 0 }),
    (Column::Age, ColumnSpec { title: "Age", min: 6, preferred: 6, priority: 2 }),
    (Column::Legal, ColumnSpec { title: "Legal", min: 5, preferred: 5, priority: 3 }),
    (Column::Plan, ColumnSpec { title: "Plan", min: 12, preferred: 14, priority: 7 }),
    (Column::Next, ColumnSpec { title: "Next due", min: 10, preferred: 10, priority: 8 }),
    (Column::Late, ColumnSpec { title: "Late", min: 4, preferred: 4, priority: 6 }),
    (Column::Placement, ColumnSpec { title: "Placement", min: 14, preferred: 30, priority: 10 }),
    (Column::Worker, ColumnSpec { title: "Worker", min: 12, preferred: 20, priority: 9 }),
    (Column::Team, ColumnSpec { title: "Team", min: 10, preferred: 26, priority: 11 }),
    // The RAG the team set, then the one the timeline gives.
    (Column::Rag, ColumnSpec { title: "RAG", min: 3, preferred: 3, priority: 4 }),
    (Column::Computed, ColumnSpec { title: "Calc", min: 4, preferred: 4, priority: 5 }),
];

/// Width of the selection marker before each row.
const MARKER: u16 = 1;

pub fn draw(app: &App, list: &Caseload, frame: &mut Frame<'_>, area: Rect) {
    let search_line = list.search_line_shown();
    let Areas {
        title: title_area,
        search: search_area,
        table: table_area,
        status: status_area,
    } = areas(area, search_line);

    let described = match list.only() {
        Some(bar) => format!(
            "Dashboard: {bar} · {} {}",
            list.shown(),
            plural(list.shown(), "child", "children")
        ),
        None => list.view().describe(),
    };
    let view = if list.query().is_empty() {
        format!("Caseload · {described}")
    } else {
        format!("Caseload · {described} · search \u{201c}{}\u{201d}", list.query())
    };
    title_bar(app, frame, title_area, &format!("permanence · {view}"));
    if let Some(search_area) = search_area {
        search_bar(app, list, frame, search_area);
    }
    table(app, list, frame, table_area);

    let count = if list.shown() == list.total() {
        format!(
            "{} {}",
            thousands(list.total()),
            plural(list.total(), "child", "children")
        )
    } else {
        format!(
            "{} of {} children",
            thousands(list.shown()),
            thousands(list.total())
        )
    };
    // A manager sees at once that forms wait for them (Q lists them).
    let count = match app.awaiting() {
        0 => count,
        n => format!("{count} · {n} await your sign-off"),
    };
    let keys: &[(&str, &str)] = if list.only().is_some() {
        &[("Enter", "open"), ("Esc", "dashboard"), ("?", "help")]
    } else if list.searching() {
        &[("Enter", "open"), ("Esc", "clear")]
    } else {
        &[("/", "search"), ("Enter", "open"), ("?", "help"), ("q", "quit")]
    };
    status_line(app, frame, status_area, &count, keys);
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn search_bar(app: &App, list: &Caseload, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let mut spans = vec![
        Span::styled(" Search: ", theme.key),
        Span::styled(list.query().to_string(), theme.text),
    ];
    if list.searching() {
        // A visible cursor, drawn as text so it shows on any terminal.
        spans.push(Span::styled("█", theme.muted));
    }
    let outcome = match list.shown() {
        0 => "  no child matches".to_string(),
        n => format!("  {} {}", thousands(n), plural(n, "match", "matches")),
    };
    spans.push(Span::styled(outcome, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn table(app: &App, list: &Caseload, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let body_height = area.height.saturating_sub(1) as usize;
    let ref_width = list
        .visible_rows(list.offset(), body_height)
        .map(|row| row.reference.width())
        .max()
        .unwrap_or(0)
        .clamp(3, 16) as u16;
    let specs = COLUMNS.map(|(column, spec)| match column {
        Column::Ref => ColumnSpec {
            min: ref_width,
            preferred: ref_width,
            ..spec
        },
        Column::Next => ColumnSpec {
            min: app.dates.width() as u16,
            preferred: app.dates.width() as u16,
            ..spec
        },
        _ => spec,
    });
    let widths = fit(&specs, area.width.saturating_sub(MARKER), 1);
    let shown: Vec<(usize, u16)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let header = Row::new(shown.iter().map(|(i, _)| Cell::from(specs[*i].title))).style(theme.header);
    if list.shown() == 0 {
        let message = if list.total() == 0 {
            " No children yet. a adds a child; or import a caseload with `permanence import children FILE.csv`, or try `permanence demo`."
        } else {
            " No child's name or reference matches the search. Esc clears it."
        };
        frame.render_widget(
            Paragraph::new(vec![Line::raw(""), Line::styled(message, theme.muted)])
                .wrap(ratatui::widgets::Wrap { trim: false }),
            area,
        );
        return;
    }
    // Only the rows on screen are built, so a caseload of any size costs
    // the same to draw.
    let rows = list.visible_rows(list.offset(), body_height).map(|row| {
        Row::new(
            shown
                .iter()
                .map(|(i, w)| cell(app, list, row, *i, *w as usize, app.session.today)),
        )
    });
    let mut state = TableState::default().with_selected(Some(list.selected().saturating_sub(list.offset())));
    let table = Table::new(rows, shown.iter().map(|(_, w)| Constraint::Length(*w)))
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection)
        .highlight_symbol("›")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    frame.render_stateful_widget(table, area, &mut state);
}

fn cell<'a>(
    app: &App,
    list: &Caseload,
    row: &CaseloadRow,
    column: usize,
    width: usize,
    today: NaiveDate,
) -> Cell<'a> {
    let theme = &app.theme;
    let text = |s: &str| Cell::from(truncate(s, width));
    match COLUMNS[column].0 {
        Column::Ref => text(&row.reference),
        Column::Name => text(&row.full_name()),
        Column::Age => row.age(today).map_or_else(
            || Cell::from(Span::styled("?", theme.muted)),
            |age| Cell::from(age.to_string()),
        ),
        Column::Legal => text(row.legal_status.short()),
        Column::Placement => optional(row.placement_type.as_deref(), "—", width, theme.muted),
        Column::Worker => optional(row.worker.as_deref(), "Unallocated", width, theme.warning),
        // Too narrow for the name: the short form that tells teams apart.
        Column::Team => {
            let team = row.team.as_deref().map(|team| app.team_in(team, width));
            optional(team.as_deref(), "—", width, theme.muted)
        }
        Column::Plan => match list.summary(row.id) {
            Some(summary) => {
                let plan = summary.pathway.as_deref().map_or("", pathway_short);
                let week = summary.week.map(|w| format!(" w{w}")).unwrap_or_default();
                text(&format!("{plan}{week}"))
            }
            None => Cell::from(Span::styled("—", theme.muted)),
        },
        Column::Next => match list.summary(row.id).and_then(|s| s.next.as_ref()) {
            Some((_, due)) => {
                let style = if *due < today { theme.rag_amber } else { theme.text };
                Cell::from(Span::styled(app.dates.show(*due), style))
            }
            None => Cell::from(""),
        },
        Column::Late => match list.summary(row.id) {
            Some(s) if s.breached > 0 => Cell::from(Span::styled(format!("✗{}", s.overdue), theme.rag_red)),
            Some(s) if s.overdue > 0 => Cell::from(Span::styled(format!("!{}", s.overdue), theme.rag_amber)),
            Some(_) => Cell::from(Span::styled(" 0", theme.muted)),
            None => Cell::from(""),
        },
        Column::Computed => match list.summary(row.id).and_then(|s| s.rag) {
            Some(rag) => Cell::from(Span::styled(format!(" {}", rag.letter()), theme.rag(rag))),
            None => Cell::from(Span::styled(" ·", theme.muted)),
        },
        Column::Rag => match row.rag {
            Some(rag) => Cell::from(Span::styled(format!(" {}", rag.letter()), theme.rag(rag))),
            None => Cell::from(Span::styled(" ·", theme.muted)),
        },
    }
}

fn optional<'a>(value: Option<&str>, missing: &'a str, width: usize, style: Style) -> Cell<'a> {
    match value {
        Some(v) => Cell::from(truncate(v, width)),
        None => Cell::from(Span::styled(truncate(missing, width), style)),
    }
}
