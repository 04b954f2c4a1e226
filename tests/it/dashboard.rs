//! The manager's dashboard over the fixture caseloads (`util::caseloads`):
//! its figures agree with the trackers and the record, and its screen,
//! rendered to ratatui's TestBackend, shows them at 80×24 (compared with
//! the snapshot beside this file), at 120×40 and at the smallest size the
//! app draws.

use crate::util::caseloads::Caseload;
use crate::util::{text, today};
use permanence::domain::caseload::ChildDetail;
use permanence::domain::child::{ChildFields, Rag};
use permanence::domain::cohort::{self, CohortChild, Tracker};
use permanence::domain::dashboard::{Dashboard, histogram};
use permanence::domain::event::RecordedEvent;
use permanence::domain::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
use permanence::domain::timeline::Summary;
use permanence::service::library::Library;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::theme::Theme;
use permanence::ui::view::dashboard;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn library() -> Library {
    Library::load(None).unwrap()
}

/// A store holding the sixty-child fixture, or (`200`) the two-hundred.
fn store(children: usize) -> (tempfile::TempDir, Store) {
    match children {
        60 => Caseload::sixty().store(),
        200 => Caseload::two_hundred().store(),
        other => panic!("no fixture of {other} children"),
    }
}

/// What the reports gather about one child, owned so that the cohort can
/// borrow from it.
struct Gathered {
    detail: ChildDetail,
    plans: Vec<Plan>,
    events: Vec<RecordedEvent>,
    summary: Option<Summary>,
}

fn gather(store: &Store) -> Vec<Gathered> {
    let library = library();
    store
        .caseload()
        .unwrap()
        .into_iter()
        .filter_map(|row| {
            let detail = store.child_detail(row.id).unwrap()?;
            let facts = store.timeline_facts(row.id).unwrap();
            let timeline = timelines::timeline_of(store, &library, row.id, today()).unwrap();
            let summary = (!timeline.plans.is_empty()).then(|| Summary::of(&timeline));
            Some(Gathered {
                detail,
                plans: facts.plans,
                events: facts.events,
                summary,
            })
        })
        .collect()
}

fn cohort_child(g: &Gathered) -> CohortChild<'_> {
    CohortChild {
        fields: &g.detail.fields,
        worker_name: g.detail.worker_name.as_deref(),
        iro_name: g.detail.iro_name.as_deref(),
        carers: &g.detail.carers,
        plans: &g.plans,
        events: &g.events,
        summary: g.summary.as_ref(),
        // The fixture caseloads hold no kinship meetings.
        kinship_decision: None,
    }
}

fn render(dashboard: &Dashboard, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let area = frame.area();
            dashboard::draw(
                &Theme::default(),
                Default::default(),
                dashboard,
                today(),
                frame,
                area,
            );
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

fn fixture_dashboard(children: usize) -> Dashboard {
    let (_dir, store) = store(children);
    let gathered = gather(&store);
    let cohort: Vec<CohortChild<'_>> = gathered.iter().map(cohort_child).collect();
    Dashboard::of(&cohort, today())
}

#[test]
fn the_figures_agree_with_the_record_and_the_trackers() {
    let (_dir, store) = store(60);
    let gathered = gather(&store);
    let cohort: Vec<CohortChild<'_>> = gathered.iter().map(cohort_child).collect();
    let dashboard = Dashboard::of(&cohort, today());

    assert_eq!(dashboard.children, 60);
    let counted: usize = dashboard.rag_by_team.iter().map(|t| t.total()).sum();
    assert_eq!(counted, 60, "every child is in exactly one team's bar");
    let red_computed = gathered
        .iter()
        .filter(|g| g.summary.as_ref().and_then(|s| s.rag) == Some(Rag::Red))
        .count();
    let red_drawn: usize = dashboard.rag_by_team.iter().map(|t| t.red).sum();
    assert_eq!(red_drawn, red_computed);
    assert!(
        dashboard.rag_by_team.len() >= 3,
        "the fixture has three teams or more"
    );

    let pre = cohort::tracker(Tracker::PreProceedings, &cohort, today());
    assert_eq!(dashboard.pre_proceedings_weeks.len(), pre.rows.len());
    let in_histogram: usize = histogram(&dashboard.pre_proceedings_weeks, 4)
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(in_histogram, pre.rows.len());

    let late: usize = gathered
        .iter()
        .filter_map(|g| g.summary.as_ref())
        .map(|s| s.overdue)
        .sum();
    assert_eq!(dashboard.overdue_total(), late);
    assert!(
        dashboard.overdue_by_worker.windows(2).all(|w| w[0].1 >= w[1].1),
        "most overdue first"
    );

    let kinship = cohort::tracker(Tracker::Kinship, &cohort, today());
    assert_eq!(
        dashboard.sgo_funnel[0],
        ("Connected-care arrangements", kinship.rows.len())
    );
    // Stockton's five categories and those not yet categorised.
    let categorised: usize = dashboard.sgo_funnel[1..7].iter().map(|(_, n)| n).sum();
    assert_eq!(
        categorised,
        kinship.rows.len(),
        "every arrangement has one category"
    );
    assert_eq!(dashboard.sgo_funnel[7].0, "SGO made");
}

#[test]
fn dashboard_at_80_by_24() {
    let dashboard = fixture_dashboard(60);
    let screen = text(&render(&dashboard, 80, 24));
    for title in [
        "Children by RAG per team (computed)",
        "Weeks in pre-proceedings",
        "Overdue items per worker",
        "SGO conversion funnel",
    ] {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
    }
    assert!(
        screen.contains("Dashboard on 23/11/2026 · 60 children"),
        "{screen}"
    );
    // Every team is named, with its counts by letter, in columns as wide
    // as the largest count.
    let digits = dashboard
        .rag_by_team
        .iter()
        .flat_map(|t| [t.red, t.amber, t.yellow, t.green, t.no_rag])
        .max()
        .unwrap()
        .to_string()
        .len();
    for team in &dashboard.rag_by_team {
        let counts = format!(
            "R{:>digits$} A{:>digits$} Y{:>digits$} G{:>digits$} ·{:>digits$}",
            team.red, team.amber, team.yellow, team.green, team.no_rag
        );
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&team.team[..10]) && l.contains(&counts)),
            "{} {counts} missing:\n{screen}",
            team.team
        );
    }
    // The most overdue worker's bar carries their number.
    let (worker, most) = &dashboard.overdue_by_worker[0];
    assert!(
        screen
            .lines()
            .any(|l| l.contains(worker.as_str()) && l.contains(&format!(" {most}"))),
        "{worker} {most} missing:\n{screen}"
    );
    // Only unborn children are in pre-proceedings in the fixture, and none
    // of these 60 is: the panel says so rather than drawing no bars.
    assert!(dashboard.pre_proceedings_weeks.is_empty());
    assert!(screen.contains("None in pre-proceedings"), "{screen}");
    // The funnel's first and last stages, with their numbers.
    let (_, total) = dashboard.sgo_funnel[0];
    let (_, made) = dashboard.sgo_funnel[7];
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Connected care") && l.contains(&total.to_string())),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("SGO made") && l.contains(&made.to_string())),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

/// A child in pre-proceedings since the Gateway `weeks` weeks ago.
fn pre_proceedings(reference: &str, weeks: u64) -> (ChildFields, Vec<Plan>) {
    let fields = ChildFields {
        reference: reference.into(),
        given_name: "Unborn".into(),
        family_name: reference.into(),
        ..ChildFields::default()
    };
    let plan = Plan {
        id: PlanId(1),
        pathway: "pre-proceedings".into(),
        role: PlanRole::Primary,
        start: today() - chrono::Days::new(weeks * 7),
        stage: Stage::PreProceedings,
        status: PlanStatus::Active,
        basis: Default::default(),
    };
    (fields, vec![plan])
}

#[test]
fn the_histogram_marks_16_and_26_weeks_at_80_by_24() {
    let (_dir, store) = store(60);
    let gathered = gather(&store);
    let extra: Vec<(ChildFields, Vec<Plan>)> = [3, 10, 15, 15, 16, 17, 20, 25, 26, 30, 60]
        .iter()
        .enumerate()
        .map(|(i, w)| pre_proceedings(&format!("PP{i:02}"), *w))
        .collect();
    let mut cohort: Vec<CohortChild<'_>> = gathered.iter().map(cohort_child).collect();
    cohort.extend(extra.iter().map(|(fields, plans)| CohortChild {
        fields,
        worker_name: None,
        iro_name: None,
        carers: &[],
        plans,
        events: &[],
        summary: None,
        kinship_decision: None,
    }));
    let dashboard = Dashboard::of(&cohort, today());
    assert_eq!(
        dashboard.pre_proceedings_weeks,
        [3, 10, 15, 15, 16, 17, 20, 25, 26, 30, 60]
    );
    let screen = text(&render(&dashboard, 80, 24));
    assert!(
        screen.contains("11 children · 7 at 16+ · 3 at 26+ wk"),
        "{screen}"
    );
    assert!(screen.contains("│16") && screen.contains("│26"), "{screen}");
    assert!(screen.contains("52+"), "{screen}");
    assert!(screen.contains("4 wk a bar"), "{screen}");
    // The children added have no team, and no timeline summary.
    assert!(screen.contains("No team") && screen.contains("·11"), "{screen}");
    // 12-15 weeks holds the two at 15, 16-19 the two at 16 and 17.
    let buckets = histogram(&dashboard.pre_proceedings_weeks, 4);
    assert_eq!(buckets[3], ("12-15".to_string(), 2));
    assert_eq!(buckets[4], ("16-19".to_string(), 2));
    assert_eq!(buckets[13], ("52+".to_string(), 1));
    insta::assert_snapshot!(screen);
}

#[test]
fn dashboard_at_120_by_40_uses_full_labels() {
    let dashboard = fixture_dashboard(200);
    let screen = text(&render(&dashboard, 120, 40));
    assert!(
        screen.contains("In proceedings, possible step-down to SGO"),
        "{screen}"
    );
    for team in &dashboard.rag_by_team {
        assert!(screen.contains(&team.team), "{} missing:\n{screen}", team.team);
    }
    // Two-week bands: the 16- and 26-week lines fall on band edges.
    assert!(screen.contains("2 wk a bar"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn dashboard_at_50_by_10_still_shows_each_panel() {
    let dashboard = fixture_dashboard(60);
    let screen = text(&render(&dashboard, 50, 10));
    for title in ["RAG per team", "Pre-proceedings", "Overdue", "SGO"] {
        assert!(screen.contains(title), "{title} missing:\n{screen}");
    }
    let (_, made) = dashboard.sgo_funnel[7];
    assert!(screen.contains(&format!("SGO made: {made}")), "{screen}");
}

#[test]
fn no_size_panics() {
    let mut dashboard = fixture_dashboard(200);
    // The fixture has few children in pre-proceedings: add weeks at every
    // edge the histogram draws, and one far past the limit.
    dashboard
        .pre_proceedings_weeks
        .extend([0, 15, 16, 25, 26, 51, 52, 400]);
    for width in 1..=60 {
        for height in 1..=14 {
            render(&dashboard, width, height);
        }
    }
    for width in (61..=160).step_by(7) {
        for height in (15..=50).step_by(5) {
            let screen = text(&render(&dashboard, width, height));
            assert!(screen.contains("│16"), "{width}×{height}:\n{screen}");
        }
    }
    // And an empty caseload says so in every panel.
    let screen = text(&render(&Dashboard::of(&[], today()), 80, 24));
    assert!(screen.contains("None: no children on the caseload"), "{screen}");
    assert!(screen.contains("None in pre-proceedings"), "{screen}");
    assert!(screen.contains("None overdue"), "{screen}");
    assert!(
        screen.contains("None: no connected-care arrangements"),
        "{screen}"
    );
}
