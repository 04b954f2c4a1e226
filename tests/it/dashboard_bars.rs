//! The dashboard's bars, opened: on the sixty-child fixture caseload
//! (`util::caseloads`), every bar (each team's, then each worker's
//! overdue bar) opens the caseload on exactly the children it counts,
//! named in the caseload's title, and Esc comes back to the dashboard
//! with the same bar highlighted. The pre-proceedings histogram's bars and
//! the SGO funnel's stages open the same way, the caseload's count equal
//! to the bar's number, at both sizes, on the two-hundred-child fixture
//! (the sixty has no family in pre-proceedings); a search typed before is cleared
//! and the status line says so. Snapshots of the highlighted dashboard
//! and of a bar's caseload at 120×40, and of the histogram and the funnel
//! selected at 120×40 and 80×24.

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn, fill, render};
use crate::util::today;
use permanence::domain::dashboard::{Chart, Dashboard, NO_TEAM, UNALLOCATED, histogram};
use permanence::service::library::Library;
use permanence::service::timelines::{self, Gathered};
use permanence::store::Store;
use permanence::ui::action::Action;
use permanence::ui::app::App;
use permanence::ui::keymap::Context;
use ratatui::style::Modifier;
use std::collections::BTreeSet;

fn gathered(store: &Store) -> Vec<Gathered> {
    timelines::gather(store, &Library::load(None).unwrap(), today(), None).unwrap()
}

fn dashboard_of(gathered: &[Gathered]) -> Dashboard {
    let cohort: Vec<_> = gathered.iter().map(timelines::cohort_child).collect();
    Dashboard::of(&cohort, today())
}

/// The children a bar should count, worked out here from the record
/// rather than by the domain: a team's bar every child in the team, a
/// worker's bar every child of theirs with overdue work.
fn expected(dashboard: &Dashboard, gathered: &[Gathered], bar: usize) -> BTreeSet<String> {
    let teams = dashboard.rag_by_team.len();
    gathered
        .iter()
        .filter(|g| match dashboard.rag_by_team.get(bar) {
            Some(team) => g.detail.fields.team.as_deref().unwrap_or(NO_TEAM) == team.team,
            None => {
                let (worker, _) = &dashboard.overdue_by_worker[bar - teams];
                let name = g
                    .detail
                    .worker_name
                    .as_deref()
                    .or(g.detail.fields.worker.as_deref())
                    .unwrap_or(UNALLOCATED);
                name == worker && g.summary.as_ref().is_some_and(|s| s.overdue > 0)
            }
        })
        .map(|g| g.detail.fields.reference.clone())
        .collect()
}

fn listed(app: &App) -> BTreeSet<String> {
    app.caseload()
        .visible_rows(0, usize::MAX)
        .map(|r| r.reference.clone())
        .collect()
}

#[test]
fn every_bar_opens_exactly_the_children_it_counts() {
    let (_dir, store) = Caseload::sixty().store();
    let gathered = gathered(&store);
    let dashboard = dashboard_of(&gathered);
    assert_eq!(
        dashboard.bars.len(),
        dashboard.rag_by_team.len() + dashboard.overdue_by_worker.len()
    );
    assert!(
        dashboard.overdue_by_worker.len() >= 2,
        "the fixture has overdue work"
    );
    for (team, bar) in dashboard.rag_by_team.iter().zip(&dashboard.bars) {
        assert_eq!(
            bar.children.len(),
            team.total(),
            "{}: the count is the list's length",
            team.team
        );
    }
    let mut app = app(&store, 120, 40);
    app.show_dashboard(dashboard.clone(), "Everyone".into());
    for (i, bar) in dashboard.bars.iter().enumerate() {
        if i > 0 {
            app.apply(Action::MoveDown);
        }
        app.apply(Action::Open);
        assert_eq!(app.context(), Context::Caseload, "{}", bar.label);
        let want = expected(&dashboard, &gathered, i);
        assert!(!want.is_empty(), "{}", bar.label);
        assert_eq!(listed(&app), want, "{}", bar.label);
        assert_eq!(bar.children.iter().cloned().collect::<BTreeSet<_>>(), want);
        fill(&mut app, &store);
        let screen = drawn(&app, 120, 40);
        let title = format!("Dashboard: {} · {} ", bar.label, want.len());
        assert!(screen.contains(&title), "{title} missing:\n{screen}");
        // Esc: back to the dashboard, on the same bar.
        app.apply(Action::ClearSearch);
        assert_eq!(app.context(), Context::Dashboard, "{}", bar.label);
    }
    // Back on the caseload, every child is listed again.
    app.apply(Action::Back);
    assert_eq!(app.context(), Context::Caseload);
    assert_eq!(listed(&app).len(), 60);
}

#[test]
fn the_highlighted_bar_and_its_caseload_at_120_by_40() {
    let (_dir, store) = Caseload::sixty().store();
    let dashboard = dashboard_of(&gathered(&store));
    let mut app = app(&store, 120, 40);
    app.show_dashboard(dashboard.clone(), "Everyone".into());
    // The first worker's overdue bar.
    for _ in 0..dashboard.rag_by_team.len() {
        app.apply(Action::MoveDown);
    }
    let highlighted = drawn(&app, 120, 40);
    let worker = &dashboard.overdue_by_worker[0].0;
    assert!(
        highlighted.contains(&format!("▸ overdue work of {worker}")),
        "{highlighted}"
    );
    // The text does not show the highlight: the worker's name in the
    // overdue panel (bottom left) is drawn in the selection's reversed
    // video, and the next worker's is not.
    let buffer = render(&app, 120, 40);
    let name_reversed = |name: &str| {
        (20..39u16).find_map(|y| {
            let line: String = (0..60u16).map(|x| buffer[(x, y)].symbol()).collect();
            let at = line.find(name)?;
            Some(
                buffer[(line[..at].chars().count() as u16, y)]
                    .modifier
                    .contains(Modifier::REVERSED),
            )
        })
    };
    assert_eq!(name_reversed(worker), Some(true), "{highlighted}");
    assert_eq!(
        name_reversed(&dashboard.overdue_by_worker[1].0),
        Some(false),
        "{highlighted}"
    );
    insta::assert_snapshot!("dashboard_bar_highlighted_120x40", highlighted);
    app.apply(Action::Open);
    fill(&mut app, &store);
    insta::assert_snapshot!("dashboard_bar_caseload_120x40", drawn(&app, 120, 40));
}

/// Down from the first bar until the highlighted one is of `chart`, as a
/// manager would (Tab jumps there too; see below). The status line names it.
fn select_first_of(app: &mut App, chart: Chart, width: u16, height: u16) {
    app.apply(Action::SwitchTab);
    let mut tabs = 0;
    while selected(app, width, height).map(|b| b.chart) != Some(chart) {
        app.apply(Action::SwitchTab);
        tabs += 1;
        assert!(tabs < 5, "no {chart:?} bar to select");
    }
}

fn selected(app: &App, width: u16, height: u16) -> Option<permanence::domain::dashboard::CountedBar> {
    let permanence::ui::app::Screen::Dashboard(view) = app.screen() else {
        return None;
    };
    view.selected_bar((width, height))
        .map(permanence::domain::dashboard::SelectableBar::into_owned)
}

/// The number a bar draws: the histogram's count for its weeks, or the
/// funnel's for its stage.
fn drawn_number(dashboard: &Dashboard, bucket: i64, label: &str) -> usize {
    let weeks = histogram(&dashboard.pre_proceedings_weeks, bucket)
        .into_iter()
        .find(|(l, _)| format!("{} weeks in pre-proceedings", l.replace('-', "\u{2013}")) == label)
        .map(|(_, n)| n);
    let stage = dashboard
        .sgo_funnel
        .iter()
        .find(|(s, _)| format!("SGO funnel: {s}") == label)
        .map(|(_, n)| *n);
    weeks.or(stage).unwrap_or_else(|| panic!("{label} is neither"))
}

#[test]
fn the_histogram_and_funnel_bars_open_as_many_children_as_they_count() {
    let (_dir, store) = Caseload::two_hundred().store();
    let dashboard = dashboard_of(&gathered(&store));
    assert!(
        !dashboard.pre_proceedings_weeks.is_empty(),
        "the fixture has pre-proceedings"
    );
    assert!(dashboard.sgo_funnel[0].1 > 0, "the fixture has connected care");
    // Two-week bars at 120 columns, four-week bars at 80.
    for (width, height, bucket) in [(120u16, 40u16, 2i64), (80, 24, 4)] {
        let mut app = app(&store, width, height);
        app.show_dashboard(dashboard.clone(), "Everyone".into());
        select_first_of(&mut app, Chart::Weeks, width, height);
        let mut opened = 0;
        loop {
            let Some(bar) = selected(&app, width, height) else {
                panic!("nothing selected");
            };
            if bar.chart == Chart::Weeks || bar.chart == Chart::Funnel {
                let number = drawn_number(&dashboard, bucket, &bar.label);
                let status = drawn(&app, width, height);
                assert!(status.contains(&format!("▸ {}", bar.label)), "{status}");
                app.apply(Action::Open);
                assert_eq!(app.context(), Context::Caseload, "{}", bar.label);
                assert_eq!(app.caseload().shown(), number, "{} at {width}", bar.label);
                assert_eq!(
                    listed(&app),
                    bar.children.iter().cloned().collect(),
                    "{}",
                    bar.label
                );
                let screen = drawn(&app, width, height);
                // The title names the bar (at 80 columns cut at a word);
                // the status line counts what it lists.
                let title = if width >= 120 {
                    format!("Dashboard: {} · {number} ", bar.label)
                } else {
                    "Caseload · Dashboard: ".to_string()
                };
                assert!(screen.contains(&title), "{title} missing:\n{screen}");
                let count = format!(" {number} of 200 children");
                assert!(screen.contains(&count), "{count} missing:\n{screen}");
                app.apply(Action::ClearSearch);
                assert_eq!(app.context(), Context::Dashboard);
                opened += 1;
            }
            let before = selected(&app, width, height);
            app.apply(Action::MoveDown);
            if selected(&app, width, height) == before {
                break;
            }
        }
        let weeks_bars = dashboard
            .weeks_bars(bucket)
            .iter()
            .filter(|b| !b.children.is_empty())
            .count();
        let funnel_bars = dashboard.sgo_funnel.iter().filter(|(_, n)| *n > 0).count();
        assert_eq!(opened, weeks_bars + funnel_bars, "at {width}");
    }
}

#[test]
fn tab_walks_the_charts_and_back() {
    let (_dir, store) = Caseload::two_hundred().store();
    let dashboard = dashboard_of(&gathered(&store));
    let mut app = app(&store, 120, 40);
    app.show_dashboard(dashboard, "Everyone".into());
    let chart = |app: &App| selected(app, 120, 40).map(|b| b.chart);
    assert_eq!(chart(&app), Some(Chart::Rag));
    let mut seen = vec![];
    for _ in 0..4 {
        app.apply(Action::SwitchTab);
        seen.push(chart(&app).unwrap());
    }
    assert_eq!(seen, [Chart::Overdue, Chart::Weeks, Chart::Funnel, Chart::Rag]);
    app.apply(Action::PreviousTab);
    assert_eq!(chart(&app), Some(Chart::Funnel));
}

#[test]
fn a_typed_search_is_cleared_when_a_bar_opens_and_the_status_line_says_so() {
    let (_dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let dashboard = dashboard_of(&gathered(&store));
    let mut app = app(&store, 120, 40);
    app.apply(Action::StartSearch);
    crate::util::screen::typed(&mut store, &library, &mut app, "zz");
    assert_eq!(app.caseload().query(), "zz");
    app.show_dashboard(dashboard.clone(), "Everyone".into());
    app.apply(Action::Open);
    assert_eq!(app.caseload().query(), "");
    assert_eq!(app.caseload().shown(), dashboard.bars[0].children.len());
    let screen = drawn(&app, 120, 40);
    assert!(screen.contains("Search “zz” cleared"), "{screen}");
    assert!(!screen.contains("search “zz”"), "{screen}");
}

#[test]
fn the_histogram_and_the_funnel_selected_at_both_sizes() {
    let (_dir, store) = Caseload::two_hundred().store();
    let dashboard = dashboard_of(&gathered(&store));
    for (width, height) in [(120u16, 40u16), (80, 24)] {
        for chart in [Chart::Weeks, Chart::Funnel] {
            let mut app = app(&store, width, height);
            app.show_dashboard(dashboard.clone(), "Everyone".into());
            select_first_of(&mut app, chart, width, height);
            let name = match chart {
                Chart::Weeks => "pre_proceedings",
                _ => "funnel",
            };
            // The text does not show the highlight: the selected bar's
            // cells (the histogram's first bar, the funnel's first line)
            // are drawn in reversed video, the next bar's are not.
            let (selected, next) = match (width, chart) {
                (120, Chart::Weeks) => ((67, 4), (73, 4)),
                (120, _) => ((61, 21), (61, 22)),
                (_, Chart::Weeks) => ((43, 4), (47, 4)),
                (_, _) => ((41, 13), (41, 14)),
            };
            let buffer = render(&app, width, height);
            let reversed = |at: (u16, u16)| buffer[at].modifier.contains(Modifier::REVERSED);
            assert!(reversed(selected), "{name} at {width}: {selected:?}");
            assert!(!reversed(next), "{name} at {width}: {next:?}");
            insta::assert_snapshot!(
                format!("dashboard_{name}_selected_{width}x{height}"),
                drawn(&app, width, height)
            );
        }
    }
}

/// The administrator's short names (`teams.toml`) replace the computed
/// ones ("SaFSN") where a team's name does not fit, as the app loads them.
#[test]
fn the_teams_are_shown_by_the_short_names_in_teams_toml() {
    let (_dir, store) = Caseload::two_hundred().store();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("teams.toml"),
        "[[team]]\nname = \"Safeguarding and Family Support North\"\nshort = \"SFS North\"\n\n\
         [[team]]\nname = \"Permanence and Kinship\"\nshort = \"Perm & Kin\"\n",
    )
    .unwrap();
    let library = Library::load(Some(config.path())).unwrap();
    let known = store.teams().unwrap();
    assert!(
        permanence::domain::teams_file::unknown_teams(&library.team_shorts, &known).is_empty(),
        "both teams are in the fixture"
    );
    let dashboard = dashboard_of(&gathered(&store));
    let mut app = app(&store, 80, 24);
    let before = {
        app.show_dashboard(dashboard.clone(), "Everyone".into());
        drawn(&app, 80, 24)
    };
    assert!(before.contains("│SaFSN "), "{before}");
    app.set_team_shorts(library.team_shorts.by_name());
    let after = drawn(&app, 80, 24);
    assert!(after.contains("│SFS North "), "{after}");
    assert!(after.contains("│Perm & Kin "), "{after}");
    assert!(!after.contains("SaFSN"), "{after}");
    assert!(
        after.contains("│SaFSS "),
        "a team the file leaves out keeps its computed form"
    );
}
