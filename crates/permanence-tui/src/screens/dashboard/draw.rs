//! The dashboard's frame: a title with what it covers, the pictures, and
//! a status line with the number of children.

use super::DashboardView;
use crate::app::App;
use crate::view::{dashboard, status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub fn draw(app: &App, view: &DashboardView, frame: &mut Frame<'_>, area: Rect) {
    let DashboardView {
        dashboard, covers, ..
    } = view;
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    title_bar(app, frame, top, &format!("permanence · Dashboard · {covers}"));
    let selected = view.selected_bar((area.width, area.height));
    dashboard::draw_selected(
        &app.theme,
        app.dates,
        dashboard,
        app.session.today,
        dashboard::OnScreen {
            given: app.given_team_names(),
            selected: selected.as_ref(),
        },
        frame,
        view.charts(body),
    );
    if let Some(panel) = &view.timeliness {
        let charts = view.charts(body);
        let foot = Rect {
            y: charts.y + charts.height,
            height: body.height - charts.height,
            ..body
        };
        super::timeliness::draw(&app.theme, app.dates, panel, frame, foot);
    }
    // The highlighted bar is named where the count was, with the number
    // of children Enter would list.
    let status = match &selected {
        Some(bar) => format!(
            "▸ {} · {} of {} children",
            bar.label,
            bar.children.len(),
            dashboard.children
        ),
        None => format!("{} children", dashboard.children),
    };
    status_line(
        app,
        frame,
        bottom,
        &status,
        &[
            ("↑↓", "bar"),
            ("Enter", "its children"),
            ("Esc", "back"),
            ("?", "help"),
        ],
    );
}
