//! The timeline tab: a week ruler with each plan as a track (Gantt style)
//! and today marked, the child's adoption timeliness beneath, then the items week by week with their status, who
//! does them and their dates, and beneath, the rule behind the selected
//! item's dates.

use crate::app::{App, ChildView};
use crate::domain::date::DateStyle;
use crate::domain::plan::PlanRole;
use crate::domain::timeline::{PlanTimeline, Status, Timeline, TimelineItem};
use crate::domain::timeliness::child::Urgency;
use crate::layout::timeline::{Areas, areas};
use crate::screens::child::timeline_list::{self, ListRow, week_of};
use crate::theme::Theme;
use crate::view::text::{truncate, wrap};
use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the plan labels on the left of the tracks.
const LABEL: u16 = 11;

/// The short name a track and the caseload use for a pathway.
pub fn pathway_short(name: &str) -> &str {
    match name {
        "adoption" => "Adoption",
        "adoption-tasks" => "Adopt A7",
        "permanent-fostering" => "Perm FC",
        "reunification" => "Reunify",
        "special-guardianship" => "SGO",
        "pre-proceedings" => "PLO",
        "supervision-order" => "SO",
        other => other,
    }
}

/// A status as a symbol, so it reads without colour.
pub fn symbol(status: Status) -> &'static str {
    match status {
        Status::Breached => "✗",
        Status::Overdue => "!",
        Status::DueSoon => "◆",
        Status::Open => "·",
        Status::Done => "✓",
        Status::NotApplicable => "–",
        Status::NotKnown => "?",
    }
}

pub fn status_style(theme: &Theme, status: Status) -> Style {
    match status {
        Status::Breached => theme.breached,
        Status::Overdue => theme.overdue,
        Status::DueSoon => theme.rag_yellow,
        Status::Done => theme.done,
        Status::Open => theme.text,
        Status::NotApplicable | Status::NotKnown => theme.muted,
    }
}

fn status_word(item: &TimelineItem, dates: DateStyle) -> String {
    match (item.status, item.done_on) {
        (_, Some(on)) => format!("done {}", dates.short(on)),
        // Said so by a worker, with a reason (the detail pane shows it),
        // rather than ruled out by the table's condition.
        (Status::NotApplicable, _) if item.not_needed.is_some() => "not needed".to_string(),
        (Status::NotApplicable, _) => "n/a".to_string(),
        (Status::DueSoon, _) => "due soon".to_string(),
        (Status::NotKnown, _) => "not known".to_string(),
        (status, _) => status.code().to_string(),
    }
}

pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let timeline = &view.timeline;
    let Areas {
        tabs,
        gantt: gantt_area,
        timeliness: timeliness_area,
        heads,
        list: list_area,
        detail: detail_area,
    } = areas(view, area);
    tab_bar(app, view, frame, tabs);
    gantt(theme, timeline, frame, gantt_area);
    timeliness(theme, view, frame, timeliness_area);
    if timeline.plans.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                " No plan yet. s starts one (or `permanence plan start`, or an import).",
                theme.muted,
            )),
            list_area,
        );
        return;
    }
    let columns = Columns::for_width(area.width, app.dates);
    let fields = &view.detail.fields;
    let plans = timeline.plans.iter().map(|p| &p.plan);
    if crate::domain::cadence::unfollowed(plans, fields.looked_after_since, fields.legal_status) {
        // Said where the column heads would be: the one line a worker
        // reads before the list, and a timeline with nothing due would
        // otherwise look like a child with nothing to do.
        let room = heads.width as usize;
        let says = crate::domain::cadence::UNFOLLOWED
            .iter()
            .find(|s| crate::domain::fit::width(s) <= room)
            .map_or_else(
                || crate::domain::fit::cut_at_word(crate::domain::cadence::UNFOLLOWED[1], room),
                |s| (*s).to_string(),
            );
        frame.render_widget(Paragraph::new(Line::styled(says, theme.warning)), heads);
    } else {
        frame.render_widget(Paragraph::new(columns.heads(theme)), heads);
    }
    list(app, view, &columns, frame, list_area);
    detail(theme, app.dates, view, frame, detail_area);
}

/// The child's adoption timeliness under the tracks, one measure a line,
/// coloured by how near the clock is to its threshold; the words are the
/// domain's (`timeliness::child`).
fn timeliness(theme: &Theme, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let width = area.width.saturating_sub(1) as usize;
    let lines: Vec<Line<'_>> = view
        .timeliness
        .iter()
        .map(|l| {
            let style = match l.urgency {
                Urgency::Over => theme.breached,
                Urgency::Soon => theme.rag_yellow,
                Urgency::Calm => theme.muted,
            };
            // The full words where they fit, else the short ones.
            let words = if crate::domain::fit::width(&l.text) <= width {
                &l.text
            } else {
                &l.short
            };
            Line::styled(format!(" {}", truncate(words, width)), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn tab_bar(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let filter = view
        .filter
        .as_ref()
        .map(|role| Span::styled(format!("   Only: {role} (f changes)"), app.theme.warning));
    let room = (area.width as usize).saturating_sub(filter.as_ref().map_or(0, Span::width));
    let mut line = super::tab_bar(app, view.tab, room);
    line.spans.extend(filter);
    frame.render_widget(Paragraph::new(line), area);
}

/// The ruler and one track a plan.
fn gantt(theme: &Theme, timeline: &Timeline, frame: &mut Frame<'_>, area: Rect) {
    let Some(first_start) = timeline.plans.iter().map(|p| p.plan.start).min() else {
        return;
    };
    let today = timeline.as_of;
    let columns = area.width.saturating_sub(LABEL + 1).max(1) as i64;
    let latest = timeline
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| i.target.or(i.deadline))
        .filter(|d| *d <= today + Days::new(26 * 7))
        .max()
        .unwrap_or(today);
    let end = latest.max(today + Days::new(14));
    let days = (end - first_start).num_days().max(1) + 1;
    let per_column = (days + columns - 1) / columns;
    let column_of = |date: NaiveDate| -> Option<usize> {
        let offset = (date - first_start).num_days();
        (0..days)
            .contains(&offset)
            .then(|| (offset / per_column) as usize)
    };
    let today_column = column_of(today);

    // The ruler: week numbers of the first plan, spaced so they never touch.
    let mut ruler: Vec<char> = vec!['─'; columns as usize];
    let step = [1i64, 2, 4, 8, 13, 26, 52]
        .into_iter()
        .find(|k| k * 7 / per_column.max(1) >= 6)
        .unwrap_or(104);
    let mut week = 1;
    while (week - 1) * 7 < days {
        let column = ((week - 1) * 7 / per_column) as usize;
        let label = format!("w{week}");
        if column + label.len() <= ruler.len() {
            for (i, c) in label.chars().enumerate() {
                ruler[column + i] = c;
            }
        }
        week += step;
    }
    let mut spans = vec![Span::styled(
        format!("{:<w$} ", "Week", w = LABEL as usize),
        theme.muted,
    )];
    for (i, c) in ruler.iter().enumerate() {
        if Some(i) == today_column {
            spans.push(Span::styled("▼", theme.warning));
        } else {
            spans.push(Span::styled(c.to_string(), theme.muted));
        }
    }
    let mut lines = vec![Line::from(spans)];

    for plan in &timeline.plans {
        let mut marks: Vec<Option<Status>> = vec![None; columns as usize];
        for item in &plan.items {
            if item.status == Status::NotApplicable {
                continue;
            }
            if let Some(column) = item.target.or(item.deadline).and_then(column_of)
                && let Some(mark) = marks.get_mut(column)
            {
                // The worst status in a column shows.
                *mark = Some(mark.map_or(item.status, |m| m.min(item.status)));
            }
        }
        // Deadlines of open items show where nothing else does.
        let mut deadlines = vec![false; columns as usize];
        for item in plan.items.iter().filter(|i| i.status.is_open()) {
            if let Some(column) = item.deadline.and_then(column_of)
                && let Some(slot) = deadlines.get_mut(column)
            {
                *slot = true;
            }
        }
        let label = truncate(pathway_short(&plan.plan.pathway), LABEL as usize - 1);
        let style = if plan.plan.role == PlanRole::Primary {
            theme.title
        } else {
            theme.text
        };
        let mut spans = vec![Span::styled(format!("{label:<w$} ", w = LABEL as usize), style)];
        let start_column = column_of(plan.plan.start);
        for (i, mark) in marks.iter().enumerate() {
            let span = match mark {
                Some(status) => Span::styled(symbol(*status), status_style(theme, *status)),
                None if Some(i) == today_column => Span::styled("│", theme.warning),
                None if deadlines[i] => Span::styled("┊", theme.breached),
                None if start_column.is_some_and(|s| i >= s) => Span::styled(" ", theme.text),
                None => Span::raw(" "),
            };
            spans.push(span);
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Which columns the list shows at this width.
struct Columns {
    who: usize,
    title: usize,
    /// A date and the space after it.
    date: usize,
    dates: DateStyle,
}

impl Columns {
    const STATUS: usize = 12;

    fn for_width(width: u16, dates: DateStyle) -> Columns {
        let width = width as usize;
        let who = if width >= 100 { 16 } else { 0 };
        let date = dates.width() + 1;
        let title = width
            .saturating_sub(2 + Self::STATUS + who + 2 * date + 1)
            .max(10);
        Columns {
            who,
            title,
            date,
            dates,
        }
    }

    fn heads(&self, theme: &Theme) -> Line<'static> {
        let mut text = format!(
            "  {:<s$}{:<t$} ",
            "Status",
            "Item",
            s = Self::STATUS,
            t = self.title
        );
        if self.who > 0 {
            text.push_str(&format!("{:<w$}", "Who", w = self.who));
        }
        text.push_str(&format!("{:<d$}{:<d$}", "Target", "Deadline", d = self.date));
        Line::styled(text, theme.header)
    }
}

fn list(app: &App, view: &ChildView, columns: &Columns, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let rows = view.rows();
    let cursor_row = view.cursor_row();
    let mut lines = Vec::new();
    for (index, row) in rows
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(area.height as usize)
    {
        let line = match row {
            ListRow::Plan(p) => plan_heading(theme, &view.timeline.plans[*p], view.timeline.as_of, app.dates),
            ListRow::Week(label) => Line::styled(format!("  {}", app.dates.restyle(label)), theme.muted),
            ListRow::Item { plan, item } => {
                let plan = &view.timeline.plans[*plan];
                let item = &plan.items[*item];
                let selected = Some(index) == cursor_row;
                let mut line = item_line(theme, columns, item, selected);
                if view.is_picked(plan.plan.id, &item.key) {
                    // Selected to catch up: a mark after the status symbol.
                    if let Some(first) = line.spans.first_mut() {
                        first.content = format!("{}*", symbol(item.status)).into();
                    }
                }
                line
            }
        };
        lines.push(line);
    }
    if lines.iter().all(|l| l.width() == 0) || timeline_list::item_positions(&rows).is_empty() {
        // Empty for one of two reasons, which need different keys.
        let why = if view.filter.is_some() {
            "  No item falls to this role. f changes the filter."
        } else {
            "  No open plan has items to show. s starts a plan."
        };
        lines.push(Line::styled(why, theme.muted));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn plan_heading(theme: &Theme, plan: &PlanTimeline, as_of: NaiveDate, dates: DateStyle) -> Line<'static> {
    let role = match plan.plan.role {
        _ if plan.plan.status == crate::domain::plan::PlanStatus::Closed => "Closed",
        PlanRole::Primary => "Primary plan",
        PlanRole::Contingency => "Contingency",
    };
    // Titles come from pathway files, which an authority writes: cleaned.
    let title = crate::domain::sanitise::clean_line(
        &plan
            .title
            .clone()
            .unwrap_or_else(|| format!("{} (pathway not loaded)", plan.plan.pathway)),
    );
    if plan.plan.status == crate::domain::plan::PlanStatus::Closed {
        // Its title ends with when and how it ended (`plans::with_closed`);
        // it has no week now, and its short name leaves room to say so.
        let ended = title.rsplit(" \u{b7} ").next().unwrap_or("closed");
        let started = dates.show(plan.plan.start);
        let name = pathway_short(&plan.plan.pathway);
        return Line::styled(
            format!("{role}: {name} · {ended} · started {started}"),
            theme.muted,
        );
    }
    let basis = plan
        .plan
        .basis
        .words(true, |d| dates.show(d))
        .map_or_else(String::new, |w| format!(" ({w})"));
    // Before the title, which a long pathway's name would otherwise push
    // past the edge of the screen.
    Line::styled(
        format!(
            "{role}{basis}: {title} · week {} · started {} · {}",
            week_of(plan.plan.start, as_of),
            dates.show(plan.plan.start),
            plan.plan.stage.label()
        ),
        theme.title,
    )
}

fn item_line(theme: &Theme, columns: &Columns, item: &TimelineItem, selected: bool) -> Line<'static> {
    let status_style = status_style(theme, item.status);
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_string(), |d| columns.dates.show(d));
    let mut title = item.title.clone();
    if let Some(week) = &item.week {
        title = format!("{title} (wk {week})");
    }
    let mut spans = vec![
        Span::styled(format!("{} ", symbol(item.status)), status_style),
        Span::styled(
            format!("{:<w$}", status_word(item, columns.dates), w = Columns::STATUS),
            status_style,
        ),
        Span::styled(
            format!("{:<w$} ", truncate(&title, columns.title), w = columns.title),
            if item.status == Status::NotApplicable {
                theme.muted
            } else {
                theme.text
            },
        ),
    ];
    if columns.who > 0 {
        let who = item.responsible.clone().unwrap_or_default();
        spans.push(Span::styled(
            format!("{:<w$}", truncate(&who, columns.who - 1), w = columns.who),
            theme.muted,
        ));
    }
    spans.push(Span::raw(format!("{:<w$}", date(item.target), w = columns.date)));
    let deadline_style = if item.status == Status::Breached {
        theme.breached
    } else {
        theme.text
    };
    spans.push(Span::styled(
        format!("{:<w$}", date(item.deadline), w = columns.date),
        deadline_style,
    ));
    let mut line = Line::from(spans);
    if selected {
        line = line.style(theme.selection);
    }
    line
}

fn detail(theme: &Theme, dates: DateStyle, view: &ChildView, frame: &mut Frame<'_>, area: Rect) {
    let Some((_, item)) = view.selected_item() else {
        return;
    };
    let mut text = format!("{}: {}", item.key, dates.restyle(&item.rule));
    if let Some(note) = &item.done_note {
        text.push_str(&format!(" · Note: {note}"));
    }
    let width = (area.width as usize).saturating_sub(2).max(10);
    let mut parts = wrap(&text, width);
    if parts.len() > area.height as usize {
        parts.truncate(area.height as usize);
        if let Some(last) = parts.last_mut() {
            *last = truncate(&format!("{last} …"), width);
        }
    }
    let lines: Vec<Line<'_>> = parts
        .into_iter()
        .map(|p| Line::styled(format!(" {p}"), theme.muted))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
