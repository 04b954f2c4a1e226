//! The manager's dashboard: four pictures in a two-by-two grid (children
//! by computed RAG per team, weeks in pre-proceedings, overdue items per
//! worker, the SGO conversion funnel), read at a glance and legible in
//! monochrome: every bar carries its number, and the RAG bars a letter and
//! a fill pattern as well as a colour. Drawing only: the figures come in
//! already computed.

use crate::domain::child::Rag;
use crate::domain::dashboard::{
    Chart, Dashboard, FUNNEL_SGO_MADE, FUNNEL_TOTAL, MAXIMUM_WEEK, REVIEW_WEEK, SelectableBar, TeamRag,
    histogram,
};
use crate::domain::date::DateStyle;
use crate::domain::sanitise::clean_line;
use crate::theme::Theme;
use crate::view::text::truncate;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Direction, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// Below this height the one-line heading gives its row to the panels.
const HEADING_MIN_HEIGHT: u16 = 12;

/// The fill of each RAG's part of a team's bar: a pattern as well as a
/// colour, so the parts can be told apart on a monochrome screen.
fn fill(rag: Option<Rag>) -> char {
    match rag {
        Some(Rag::Red) => '█',
        Some(Rag::Amber) => '▓',
        Some(Rag::Yellow) => '▒',
        Some(Rag::Green) => '░',
        None => '·',
    }
}

/// The parts of a team's bar, in the order they are drawn: the most
/// urgent first, children with no plan last.
const PARTS: [Option<Rag>; 5] = [
    Some(Rag::Red),
    Some(Rag::Amber),
    Some(Rag::Yellow),
    Some(Rag::Green),
    None,
];

/// Team name to the short name an administrator gave it (`teams.toml`).
type Given = BTreeMap<String, String>;

/// A panel's titles, longest first, and what draws inside its border.
type Panel = (
    &'static [&'static str],
    fn(&Theme, &Dashboard, &Given, &mut Frame<'_>, Rect),
);

/// Left to right, top to bottom.
const PANELS: [Panel; 4] = [
    (
        &[
            "Children by RAG per team (computed)",
            "RAG per team (computed)",
            "RAG per team",
        ],
        rag_panel,
    ),
    (
        &[
            "Weeks in pre-proceedings",
            "Pre-proceedings weeks",
            "Pre-proceedings",
        ],
        weeks_panel,
    ),
    (
        &["Overdue items per worker", "Overdue per worker", "Overdue"],
        overdue_panel,
    ),
    (&["SGO conversion funnel", "SGO funnel"], funnel_panel),
];

/// Draws the dashboard for `as_of` into `area`: a heading line where the
/// height allows, then the four panels. Any size is safe; below 50×10 the
/// panels show less, not nonsense.
pub fn draw(
    theme: &Theme,
    dates: DateStyle,
    dashboard: &Dashboard,
    as_of: NaiveDate,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    draw_panels(theme, dates, dashboard, &Given::new(), as_of, frame, area);
}

/// Draws the dashboard, and returns the space inside each panel, in the
/// order of [`PANELS`].
fn draw_panels(
    theme: &Theme,
    dates: DateStyle,
    dashboard: &Dashboard,
    given: &Given,
    as_of: NaiveDate,
    frame: &mut Frame<'_>,
    area: Rect,
) -> [Rect; 4] {
    if area.height >= HEADING_MIN_HEIGHT {
        heading(
            theme,
            dashboard,
            dates.show(as_of),
            frame,
            Rect { height: 1, ..area },
        );
    }
    let quarters = quarters(area);
    let mut inners = [Rect::default(); 4];
    for (((titles, contents), panel), inner) in PANELS.into_iter().zip(quarters).zip(&mut inners) {
        *inner = bordered(theme, titles, frame, panel);
        if inner.width > 0 && inner.height > 0 {
            contents(theme, dashboard, given, frame, *inner);
        }
    }
    inners
}

/// What the screen adds to the pictures: the bar highlighted, and the
/// team short names the administrator gave (`teams.toml`).
#[derive(Debug, Clone, Copy)]
pub struct OnScreen<'a> {
    pub given: &'a BTreeMap<String, String>,
    pub selected: Option<&'a SelectableBar<'a>>,
}

/// The four panels' places in `area`, in the order of [`PANELS`]: a
/// heading line first where the height allows.
fn quarters(area: Rect) -> [Rect; 4] {
    let mut grid = area;
    if area.height >= HEADING_MIN_HEIGHT {
        grid = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
    }
    let left = grid.width / 2;
    let top = grid.height / 2;
    let quarter = |column: u16, row: u16| Rect {
        x: grid.x.saturating_add(if column == 0 { 0 } else { left }),
        y: grid.y.saturating_add(if row == 0 { 0 } else { top }),
        width: if column == 0 {
            left
        } else {
            grid.width.saturating_sub(left)
        },
        height: if row == 0 {
            top
        } else {
            grid.height.saturating_sub(top)
        },
    };
    [quarter(0, 0), quarter(1, 0), quarter(0, 1), quarter(1, 1)]
}

/// How many weeks each bar of the pre-proceedings histogram covers when
/// the dashboard is drawn in `area`; `None` when the histogram is not
/// drawn. The screen's selection walks the bars drawn, so it asks this.
pub fn weeks_bucket(area: Rect) -> Option<i64> {
    let inner = Block::bordered().inner(quarters(area)[1]);
    bands(inner.width)
        .filter(|_| inner.height >= 5)
        .map(|(bucket, _)| bucket)
}

/// The dashboard as [`draw`] draws it, with the bar `selected` (one of
/// [`Dashboard::selectable`]) highlighted as a list's row is: a team's or
/// a worker's line, a histogram bar's columns, a funnel stage's line. The
/// screen's keys move it, Enter opens it. Teams are shown by the short
/// names the screen was given where a name does not fit.
pub fn draw_selected(
    theme: &Theme,
    dates: DateStyle,
    dashboard: &Dashboard,
    as_of: NaiveDate,
    on_screen: OnScreen<'_>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let OnScreen { given, selected } = on_screen;
    let [rag, weeks, overdue, funnel] = draw_panels(theme, dates, dashboard, given, as_of, frame, area);
    let Some(bar) = selected else {
        return;
    };
    let at = dashboard.place_in_chart(bar, weeks_bucket(area));
    let highlight = match bar.chart {
        Chart::Rag | Chart::Overdue => at
            .and_then(|at| selected_row(dashboard, at, rag, overdue))
            .map(|r| vec![r]),
        Chart::Weeks => at.and_then(|at| weeks_columns(weeks, at)),
        Chart::Funnel => at
            .and_then(|at| funnel_row(dashboard, at, funnel))
            .map(|r| vec![r]),
    };
    for rect in highlight.unwrap_or_default() {
        frame.buffer_mut().set_style(rect, theme.selection);
    }
}

/// The columns of the histogram's bar `at` as `weeks_panel` draws them in
/// `area` (the panel's inside): the bar itself above the axis.
fn weeks_columns(area: Rect, at: usize) -> Option<Vec<Rect>> {
    let (_, bar) = bands(area.width).filter(|_| area.height >= 5)?;
    let x = u16::try_from(at).ok()?.checked_mul(bar)?;
    (x.saturating_add(bar) <= area.width).then(|| {
        vec![Rect {
            x: area.x.saturating_add(x),
            y: area.y.saturating_add(1),
            width: bar,
            height: area.height.saturating_sub(3),
        }]
    })
}

/// The line the funnel's stage `at` is drawn on, as `funnel_panel` lays
/// them out (a short panel lists the whole and the conversions first).
fn funnel_row(dashboard: &Dashboard, at: usize, area: Rect) -> Option<Rect> {
    let funnel = &dashboard.sgo_funnel;
    let line = if (area.height as usize) < funnel.len() {
        let stage = funnel.get(at)?.0;
        let mut order: Vec<&str> = funnel.iter().map(|(s, _)| *s).collect();
        order.sort_by_key(|s| funnel_order(s));
        order.iter().position(|s| *s == stage)?
    } else {
        at
    };
    (line < area.height as usize && area.width > 0).then(|| row(area, line as u16))
}

/// Where a short funnel panel lists a stage: the whole, the conversions,
/// then the rest in the review's order.
fn funnel_order(stage: &str) -> u8 {
    match stage {
        FUNNEL_TOTAL => 0,
        FUNNEL_SGO_MADE => 1,
        _ => 2,
    }
}

/// The row the bar `selected` is drawn on, as `rag_panel` and
/// `overdue_panel` lay them out; `None` when it did not fit.
fn selected_row(dashboard: &Dashboard, selected: usize, rag: Rect, overdue: Rect) -> Option<Rect> {
    let teams = dashboard.rag_by_team.len();
    let (area, line, count) = if selected < teams {
        // A tall panel gives each team a line for its name and counts
        // above its bar; the name's line is highlighted.
        let tall = teams * 2 < rag.height as usize;
        (rag, if tall { selected * 2 } else { selected }, teams)
    } else {
        (overdue, selected - teams, dashboard.overdue_by_worker.len())
    };
    let height = area.height as usize;
    // Both panels give their last line to "+N more" when not all fit.
    let fits = count * 2 < height || count <= height || line + 1 < height;
    (fits && line < height && area.width > 0).then(|| row(area, line as u16))
}

/// The day the figures are for, and the totals they add up to.
fn heading(theme: &Theme, dashboard: &Dashboard, day: String, frame: &mut Frame<'_>, area: Rect) {
    let children = match dashboard.children {
        1 => "1 child".to_string(),
        n => format!("{n} children"),
    };
    let overdue = format!("{} overdue", dashboard.overdue_total());
    let pre = dashboard.pre_proceedings_weeks.len();
    let text = first_that_fits(
        [
            format!(" Dashboard on {day} · {children} · {pre} in pre-proceedings · {overdue}"),
            format!(" {day} · {children} · {pre} in pre-proceedings · {overdue}"),
            format!(" {day} · {children} · {overdue} · {pre} pre-proc."),
            format!(" {day} · {children} · {overdue}"),
        ],
        area.width as usize,
    );
    frame.render_widget(Paragraph::new(Line::styled(text, theme.title)), area);
}

/// The first of `variants`, longest first, that fits `width` columns; the
/// last cut to fit if none does.
fn first_that_fits<const N: usize>(variants: [String; N], width: usize) -> String {
    let last = variants.last().cloned().unwrap_or_default();
    variants
        .into_iter()
        .find(|v| v.width() <= width)
        .unwrap_or_else(|| truncate(&last, width))
}

/// Draws the panel's border and the longest of its titles that fits, and
/// returns the space inside.
fn bordered(theme: &Theme, titles: &[&str], frame: &mut Frame<'_>, area: Rect) -> Rect {
    let room = area.width.saturating_sub(2) as usize;
    let title = titles.iter().find(|t| t.width() <= room).map_or_else(
        || truncate(titles.last().copied().unwrap_or(""), room),
        |t| t.to_string(),
    );
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A line of muted text in place of a chart with nothing to show.
fn none(theme: &Theme, text: &str, frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(
        Paragraph::new(Line::styled(truncate(text, area.width as usize), theme.muted)),
        area,
    );
}

fn row(area: Rect, offset: u16) -> Rect {
    Rect {
        y: area.y.saturating_add(offset),
        height: 1,
        ..area
    }
}

/// A team's name in `width` columns, told apart from the other teams
/// shown (`domain::fit::team_in`): team names often differ only in their
/// last word ("… North", "… South"), so a name cut short would not do.
fn team_name(name: &str, teams: &[&str], shorts: &Given, width: usize) -> String {
    crate::domain::fit::team_in(&clean_line(name), teams, shorts, width)
}

// Children by RAG per team ------------------------------------------------

/// One line per team in a short panel; in a tall one each team's name and
/// counts sit on a line above its bar.
fn rag_panel(theme: &Theme, dashboard: &Dashboard, given: &Given, frame: &mut Frame<'_>, area: Rect) {
    let teams = &dashboard.rag_by_team;
    if teams.is_empty() {
        none(theme, "None: no children on the caseload", frame, area);
        return;
    }
    let widest = teams.iter().map(TeamRag::total).max().unwrap_or(0);
    let names: Vec<&str> = teams.iter().map(|t| t.team.as_str()).collect();
    let shorts = crate::domain::fit::short_team_names_given(names.iter().copied(), given);
    let digits = teams
        .iter()
        .flat_map(|t| PARTS.iter().map(move |p| part(t, *p)))
        .max()
        .unwrap_or(0)
        .to_string()
        .len();
    let height = area.height as usize;
    let width = area.width as usize;
    let counts_width = PARTS.len() * (digits + 2) - 1;
    let tall = teams.len() * 2 < height;
    let buffer = frame.buffer_mut();
    let mut y = 0u16;
    if tall {
        for team in teams {
            let name_room = width.saturating_sub(counts_width + 1);
            let mut spans = vec![Span::styled(
                team_name(&team.team, &names, &shorts, name_room),
                theme.text,
            )];
            let used = spans[0].content.width();
            spans.push(Span::raw(" ".repeat(width.saturating_sub(used + counts_width))));
            spans.extend(counts(theme, team, digits));
            buffer.set_line(area.x, area.y.saturating_add(y), &Line::from(spans), area.width);
            let bar = stacked(theme, team, widest, width);
            buffer.set_line(area.x, area.y.saturating_add(y + 1), &Line::from(bar), area.width);
            y += 2;
        }
    } else {
        // The last line says how many teams did not fit, rather than
        // letting them vanish.
        let shown = if teams.len() <= height {
            teams.len()
        } else {
            height.saturating_sub(1)
        };
        // The name gets up to half the room beside the counts, and all of
        // it when what is left could not draw a useful bar.
        let longest = teams.iter().map(|t| t.team.width()).max().unwrap_or(0);
        let avail = width.saturating_sub(counts_width + 1);
        let mut name_width = longest.min((avail / 2).max(12)).min(avail);
        let mut bar_room = avail.saturating_sub(name_width + 1);
        if bar_room < 5 {
            bar_room = 0;
            name_width = longest.min(avail);
        }
        for team in teams.iter().take(shown) {
            let name = team_name(&team.team, &names, &shorts, name_width);
            let pad = name_width.saturating_sub(name.width());
            let mut spans = vec![Span::styled(name, theme.text), Span::raw(" ".repeat(pad + 1))];
            if bar_room > 0 {
                let bar = stacked(theme, team, widest, bar_room);
                let drawn: usize = bar.iter().map(|s| s.content.width()).sum();
                spans.extend(bar);
                spans.push(Span::raw(" ".repeat(bar_room.saturating_sub(drawn) + 1)));
            }
            spans.extend(counts(theme, team, digits));
            buffer.set_line(area.x, area.y.saturating_add(y), &Line::from(spans), area.width);
            y += 1;
        }
        if shown < teams.len() {
            let more = format!("+{} more teams", teams.len() - shown);
            buffer.set_line(
                area.x,
                area.y.saturating_add(y),
                &Line::styled(truncate(&more, width), theme.muted),
                area.width,
            );
            y += 1;
        }
    }
    // The key, where there is a spare line for it: each pattern with its
    // colour's word, or only its letter when the words do not fit.
    if usize::from(y) < height {
        let key = |words: bool| -> Vec<Span<'_>> {
            let mut spans = Vec::new();
            for part in PARTS {
                let (style, glyph, word) = match part {
                    Some(rag) => (
                        theme.rag(rag),
                        format!("{}{}", fill(part), rag.letter()),
                        rag.word(),
                    ),
                    None => (theme.muted, fill(part).to_string(), "no plan"),
                };
                spans.push(Span::styled(glyph, style));
                if words || part.is_none() {
                    spans.push(Span::styled(format!(" {word}"), theme.muted));
                }
                spans.push(Span::raw(if words { "  " } else { " " }));
            }
            spans
        };
        let full = Line::from(key(true));
        // The gap after the last entry may fall off the edge.
        let line = if full.width() <= width + 2 {
            full
        } else {
            Line::from(key(false))
        };
        let at = area.y.saturating_add(area.height.saturating_sub(1));
        buffer.set_line(area.x, at, &line, area.width);
    }
}

fn part(team: &TeamRag, part: Option<Rag>) -> usize {
    part.map_or(team.no_rag, |rag| team.count(rag))
}

fn letter(part: Option<Rag>) -> char {
    part.map_or('·', Rag::letter)
}

/// "R 2 A 1 Y 0 G12 · 3": every part's letter and number, zeros too, in
/// columns that line up from team to team.
fn counts<'a>(theme: &Theme, team: &TeamRag, digits: usize) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for (i, p) in PARTS.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let n = part(team, p);
        let style = match p {
            Some(_) if n == 0 => theme.muted,
            Some(rag) => theme.rag(rag),
            None => theme.muted,
        };
        spans.push(Span::styled(format!("{}{n:>digits$}", letter(p)), style));
    }
    spans
}

/// A team's children as one bar of `room` columns at most, scaled to the
/// largest team so that bars compare; each part at least a column wide
/// when it has any children, so no part disappears by rounding.
fn stacked<'a>(theme: &Theme, team: &TeamRag, widest: usize, room: usize) -> Vec<Span<'a>> {
    let widest = widest.max(1);
    let length = (team.total() * room).div_ceil(widest).min(room);
    let mut widths: Vec<usize> = Vec::with_capacity(PARTS.len());
    let mut before = 0;
    let mut drawn = 0;
    for p in PARTS {
        before += part(team, p);
        // Cumulative rounding keeps the parts adding up to the whole.
        let end = (before * length + team.total().max(1) / 2) / team.total().max(1);
        widths.push(end.saturating_sub(drawn));
        drawn = end.max(drawn);
    }
    for i in 0..PARTS.len() {
        if part(team, PARTS[i]) > 0 && widths[i] == 0 {
            let widest_part = (0..widths.len()).max_by_key(|j| widths[*j]).unwrap_or(i);
            if widths[widest_part] > 1 {
                widths[widest_part] -= 1;
                widths[i] = 1;
            }
        }
    }
    PARTS
        .into_iter()
        .zip(widths)
        .filter(|(_, w)| *w > 0)
        .map(|(p, w)| {
            let style = p.map_or(theme.muted, |rag| theme.rag(rag));
            Span::styled(fill(p).to_string().repeat(w), style)
        })
        .collect()
}

// Weeks in pre-proceedings ------------------------------------------------

/// The histogram's bands and bar width for the room there is: two-week
/// bands when all 27 fit two columns wide, so 16 and 26 fall on band
/// edges; four-week bands otherwise, as wide as fit (three columns leave
/// room for a two-digit number).
fn bands(width: u16) -> Option<(i64, u16)> {
    let count = |bucket: i64| histogram(&[], bucket).len() as u16;
    if width >= count(2) * 2 {
        Some((2, 2))
    } else if width >= count(4) * 3 {
        Some((4, 3))
    } else if width >= count(4) * 2 {
        Some((4, 2))
    } else if width >= count(4) {
        Some((4, 1))
    } else {
        None
    }
}

/// The column at which week `week` falls, `bucket` weeks to `bar` columns.
fn week_column(week: i64, bucket: i64, bar: u16) -> u16 {
    let bar = i64::from(bar);
    let column = (week / bucket) * bar + (week % bucket) * bar / bucket;
    u16::try_from(column).unwrap_or(u16::MAX)
}

fn weeks_panel(theme: &Theme, dashboard: &Dashboard, _: &Given, frame: &mut Frame<'_>, area: Rect) {
    let weeks = &dashboard.pre_proceedings_weeks;
    if weeks.is_empty() {
        none(theme, "None in pre-proceedings", frame, area);
        return;
    }
    let review = dashboard.pre_proceedings_at_least(REVIEW_WEEK);
    let maximum = dashboard.pre_proceedings_at_least(MAXIMUM_WEEK);
    let width = area.width as usize;
    let children = if weeks.len() == 1 { "child" } else { "children" };
    let total = weeks.len();
    let summary = first_that_fits(
        [
            format!("{total} {children} · {review} at {REVIEW_WEEK}+ wk · {maximum} at {MAXIMUM_WEEK}+ wk"),
            format!("{total} {children} · {review} at {REVIEW_WEEK}+ · {maximum} at {MAXIMUM_WEEK}+ wk"),
            format!("{total} · {review} at {REVIEW_WEEK}+ · {maximum} at {MAXIMUM_WEEK}+ wk"),
        ],
        width,
    );
    let summary_style = if maximum > 0 { theme.warning } else { theme.text };
    frame.render_widget(Paragraph::new(Line::styled(summary, summary_style)), row(area, 0));
    // Summary, at least two rows of bars, the axis and the key.
    let Some((bucket, bar)) = bands(area.width).filter(|_| area.height >= 5) else {
        if area.height >= 2 {
            let longest = weeks.iter().max().copied().unwrap_or(0);
            none(theme, &format!("longest {longest} weeks"), frame, row(area, 1));
        }
        return;
    };
    let counts = histogram(weeks, bucket);
    let bars: Vec<Bar<'_>> = counts
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let start = i as i64 * bucket;
            let style = if start >= MAXIMUM_WEEK {
                theme.rag_red
            } else if start >= REVIEW_WEEK {
                theme.rag_amber
            } else {
                theme.rag_green
            };
            Bar::default()
                .value(*n as u64)
                .text_value(if *n == 0 { String::new() } else { n.to_string() })
                .style(style)
                .value_style(style.add_modifier(Modifier::REVERSED | Modifier::BOLD))
        })
        .collect();
    let chart = Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(3),
        ..area
    };
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::new(bars))
            .bar_width(bar)
            .bar_gap(0),
        chart,
    );
    let chart_width = u16::try_from(counts.len())
        .unwrap_or(u16::MAX)
        .saturating_mul(bar)
        .min(area.width);
    let buffer = frame.buffer_mut();
    let marks: Vec<u16> = [REVIEW_WEEK, MAXIMUM_WEEK]
        .into_iter()
        .map(|w| week_column(w, bucket, bar))
        .filter(|x| *x < chart_width)
        .collect();
    // The 16- and 26-week lines, drawn through the empty space above the
    // bars so that they never hide a bar.
    for x in &marks {
        for y in chart.top()..chart.bottom() {
            if let Some(cell) = buffer.cell_mut((area.x.saturating_add(*x), y))
                && cell.symbol() == " "
            {
                cell.set_symbol("┆").set_style(theme.muted);
            }
        }
    }
    axis(
        theme,
        buffer,
        row(area, area.height.saturating_sub(2)),
        chart_width,
        &marks,
        counts.last(),
    );
    let key = first_that_fits(
        [
            format!("│{REVIEW_WEEK} wk review · │{MAXIMUM_WEEK} wk maximum · {bucket} wk a bar"),
            format!("│{REVIEW_WEEK} review · │{MAXIMUM_WEEK} maximum · {bucket} wk a bar"),
            format!("│{REVIEW_WEEK} review · │{MAXIMUM_WEEK} max · {bucket} wk a bar"),
            format!("│{REVIEW_WEEK} review · │{MAXIMUM_WEEK} maximum"),
        ],
        width,
    );
    buffer.set_line(
        area.x,
        area.y.saturating_add(area.height.saturating_sub(1)),
        &Line::styled(key, theme.muted),
        area.width,
    );
}

/// The row under the bars: "0" at the left, "│16" and "│26" under the
/// lines, the last band's label ("52+") at the right. A number that would
/// run into the next label is left off (a line keeps its "│"); the key
/// below still says which line is which.
fn axis(
    theme: &Theme,
    buffer: &mut Buffer,
    area: Rect,
    chart_width: u16,
    marks: &[u16],
    last: Option<&(String, usize)>,
) {
    // (column, text, whether it marks a line)
    let mut labels: Vec<(u16, String, bool)> = vec![(0, "0".to_string(), false)];
    for (x, week) in marks.iter().zip([REVIEW_WEEK, MAXIMUM_WEEK]) {
        labels.push((*x, format!("│{week}"), true));
    }
    if let Some((label, _)) = last {
        labels.push((
            chart_width.saturating_sub(label.width() as u16),
            label.clone(),
            false,
        ));
    }
    labels.sort_by_key(|(x, _, mark)| (*x, !*mark));
    let mut free_from = 0u16;
    for (i, (x, label, mark)) in labels.iter().enumerate() {
        if *x < free_from {
            continue;
        }
        let next = labels.get(i + 1).map_or(area.width, |(n, _, _)| *n);
        let room = next.saturating_sub(*x).saturating_sub(1).max(1) as usize;
        let text = if label.width() <= room {
            label.as_str()
        } else if *mark {
            "│"
        } else {
            continue;
        };
        let style = if *mark { theme.text } else { theme.muted };
        let max = area.width.saturating_sub(*x) as usize;
        buffer.set_stringn(area.x.saturating_add(*x), area.y, text, max, style);
        free_from = x.saturating_add(text.width() as u16 + 1);
    }
}

// Overdue items per worker ------------------------------------------------

/// Horizontal bars, most overdue first, as many workers as fit; the last
/// line says how many more there are.
fn overdue_panel(theme: &Theme, dashboard: &Dashboard, _: &Given, frame: &mut Frame<'_>, area: Rect) {
    let workers = &dashboard.overdue_by_worker;
    if workers.is_empty() {
        none(theme, "None overdue", frame, area);
        return;
    }
    let height = area.height as usize;
    let shown = if workers.len() <= height {
        workers.len()
    } else {
        height.saturating_sub(1)
    };
    let name_width = workers
        .iter()
        .take(shown)
        .map(|(w, _)| w.width())
        .max()
        .unwrap_or(0)
        .min(label_room(area.width));
    let bars: Vec<Bar<'_>> = workers
        .iter()
        .take(shown)
        .map(|(worker, n)| value_bar(truncate(worker, name_width), *n, theme.rag_amber))
        .collect();
    horizontal(
        bars,
        frame,
        Rect {
            height: shown as u16,
            ..area
        },
    );
    if shown < workers.len() {
        let rest = &workers[shown..];
        let items: usize = rest.iter().map(|(_, n)| n).sum();
        let workers = if rest.len() == 1 { "worker" } else { "workers" };
        let items = format!("{items} {}", if items == 1 { "item" } else { "items" });
        let more = first_that_fits(
            [
                format!("+{} more {workers} with {items}", rest.len()),
                format!("+{} more ({items})", rest.len()),
            ],
            area.width as usize,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(more, theme.muted)),
            row(area, shown as u16),
        );
    }
}

/// The most a bar's label may take of `width`: all but ten columns (room
/// for a number and a bar), or half in a narrow panel.
fn label_room(width: u16) -> usize {
    let width = width as usize;
    width.saturating_sub(10).max(width / 2)
}

/// A bar with its label and its number; the number is drawn inside the
/// bar in reverse video, so it reads the same with or without colour.
fn value_bar<'a>(label: String, value: usize, style: Style) -> Bar<'a> {
    Bar::default()
        .label(Line::from(label))
        .value(value as u64)
        .text_value(value.to_string())
        .style(style)
        .value_style(style.add_modifier(Modifier::REVERSED | Modifier::BOLD))
}

fn horizontal(bars: Vec<Bar<'_>>, frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(
        BarChart::default()
            .direction(Direction::Horizontal)
            .data(BarGroup::new(bars))
            .bar_width(1)
            .bar_gap(0),
        area,
    );
}

// SGO conversion funnel ---------------------------------------------------

/// The funnel's stages as a narrow panel names them.
fn short_stage(stage: &str) -> &str {
    use crate::domain::cohort::KinshipCategory;
    match stage {
        FUNNEL_TOTAL => "Connected care",
        s if s == KinshipCategory::InTransition.label() => "In transition",
        s if s == KinshipCategory::CannotConvertNow.label() => "Cannot convert",
        s if s == KinshipCategory::NeedsFurtherWork.label() => "Further work",
        s if s == KinshipCategory::InProceedings.label() => "In proceedings",
        s if s == KinshipCategory::TwinTracked.label() => "Twin-tracked",
        s if s == KinshipCategory::NotYetCategorised.label() => "Not categorised",
        other => other,
    }
}

/// The bars keep the review's order, the whole first and conversions last;
/// with no room for every stage, the whole and the conversions are listed
/// as text first, since they are what the review asks.
fn funnel_panel(theme: &Theme, dashboard: &Dashboard, _: &Given, frame: &mut Frame<'_>, area: Rect) {
    let funnel = &dashboard.sgo_funnel;
    if funnel.iter().all(|(_, n)| *n == 0) {
        none(theme, "None: no connected-care arrangements", frame, area);
        return;
    }
    let style = |stage: &str| match stage {
        FUNNEL_TOTAL => theme.text.add_modifier(Modifier::BOLD),
        FUNNEL_SGO_MADE => theme.rag_green,
        _ => theme.text,
    };
    // Full labels where they leave a dozen columns for the bars.
    let longest = funnel.iter().map(|(s, _)| s.width()).max().unwrap_or(0);
    let full = (area.width as usize) >= longest + 13;
    let label = |stage: &'static str| if full { stage } else { short_stage(stage) };
    if (area.height as usize) < funnel.len() {
        let mut order: Vec<&(&'static str, usize)> = funnel.iter().collect();
        order.sort_by_key(|(s, _)| funnel_order(s));
        let lines: Vec<Line<'_>> = order
            .into_iter()
            .take(area.height as usize)
            .map(|(s, n)| {
                Line::styled(
                    truncate(&format!("{}: {n}", label(s)), area.width as usize),
                    style(s),
                )
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let label_width = if full { longest } else { label_room(area.width) };
    let bars: Vec<Bar<'_>> = funnel
        .iter()
        .map(|(s, n)| value_bar(truncate(label(s), label_width), *n, style(s)))
        .collect();
    horizontal(bars, frame, area);
}
