//! The dashboard's bars, opened: on the sixty-child fixture caseload
//! (`util::caseloads`), every bar (each team's, then each worker's
//! overdue bar) opens the caseload on exactly the children it counts,
//! named in the caseload's title, and Esc comes back to the dashboard
//! with the same bar highlighted. Snapshots of the highlighted dashboard
//! and of a bar's caseload at 120×40.

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn, fill, render};
use crate::util::today;
use permanence::domain::dashboard::{Dashboard, NO_TEAM, UNALLOCATED};
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
