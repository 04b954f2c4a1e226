//! The manager's dashboard: the few figures a team manager reads at a
//! glance (children by computed RAG in each team, how long families have
//! been in pre-proceedings, whose work is overdue, and how connected-care
//! arrangements are converting to Special Guardianship). Computed from the
//! same cohort the trackers use, so the pictures never disagree with the
//! tracker reports; pure, with "today" a parameter.

use crate::child::{ChildFields, LegalStatus, Rag};
use crate::cohort::{self, CohortChild, KinshipCategory, Tracker, TrackerFold};
use crate::people::Carer;
use crate::report::{Cell, Report};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a child counts under when no team is recorded.
pub const NO_TEAM: &str = "No team";

/// What a child's overdue work counts under when no worker is allocated.
pub const UNALLOCATED: &str = "Unallocated";

/// The first stage of the SGO funnel: every connected-care arrangement
/// not yet converted.
pub const FUNNEL_TOTAL: &str = "Connected-care arrangements";

/// The last stage of the SGO funnel: conversions made.
pub const FUNNEL_SGO_MADE: &str = "SGO made";

/// The weeks of pre-proceedings the dashboard marks: the 16-week review
/// and the 26-week maximum, the first two of the tracker's flags.
pub const REVIEW_WEEK: i64 = cohort::PRE_PROCEEDINGS_FLAGS[0];
pub const MAXIMUM_WEEK: i64 = cohort::PRE_PROCEEDINGS_FLAGS[1];

/// The histogram's last bucket starts at or after this many weeks: the
/// absolute limit of pre-proceedings, the tracker's last flag.
pub const LIMIT_WEEK: i64 = cohort::PRE_PROCEEDINGS_FLAGS[3];

/// One team's children by the RAG their timeline gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamRag {
    pub team: String,
    pub red: usize,
    pub amber: usize,
    pub yellow: usize,
    pub green: usize,
    /// Children with no active plan, so no computed RAG.
    pub no_rag: usize,
}

impl TeamRag {
    pub fn count(&self, rag: Rag) -> usize {
        match rag {
            Rag::Red => self.red,
            Rag::Amber => self.amber,
            Rag::Yellow => self.yellow,
            Rag::Green => self.green,
        }
    }

    /// Every child in the team, with or without a RAG.
    pub fn total(&self) -> usize {
        self.red + self.amber + self.yellow + self.green + self.no_rag
    }

    fn add(&mut self, rag: Option<Rag>) {
        match rag {
            Some(Rag::Red) => self.red += 1,
            Some(Rag::Amber) => self.amber += 1,
            Some(Rag::Yellow) => self.yellow += 1,
            Some(Rag::Green) => self.green += 1,
            None => self.no_rag += 1,
        }
    }
}

/// The dashboard's figures on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// How many children the figures cover.
    pub children: usize,
    /// Per team, sorted by team name.
    pub rag_by_team: Vec<TeamRag>,
    /// Weeks since the Gateway decision for each child in pre-proceedings,
    /// in the tracker's (reference) order.
    pub pre_proceedings_weeks: Vec<i64>,
    /// The reference of each child counted in `pre_proceedings_weeks`,
    /// in the same order, so that a bar of the histogram opens its children.
    pub pre_proceedings_children: Vec<String>,
    /// Overdue and breached items per worker's display name, most first,
    /// ties by name; workers with none are left out.
    pub overdue_by_worker: Vec<(String, usize)>,
    /// Stockton's conversion funnel, in the order of [`funnel_stages`].
    pub sgo_funnel: Vec<(&'static str, usize)>,
    /// The references each stage of `sgo_funnel` counts, in its order.
    pub funnel_children: Vec<Vec<String>>,
    /// The bars a manager can open, in the order they are drawn (each
    /// team's RAG bar, then each worker's overdue bar), with the children
    /// each counts: worked out by the same walk that counts them.
    pub bars: Vec<CountedBar>,
}

/// The dashboard's four charts, in the order a selection walks them:
/// down the left column (RAG, overdue), then down the right (weeks in
/// pre-proceedings, the SGO funnel).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chart {
    #[default]
    Rag,
    Overdue,
    Weeks,
    Funnel,
}

/// One of the dashboard's bars and the children behind it, by reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountedBar {
    /// The chart the bar is drawn in.
    pub chart: Chart,
    /// What the bar counts, as the caseload's title names it.
    pub label: String,
    /// The children it counts, by reference (unique per child).
    pub children: Vec<String>,
}

/// The funnel's stages in the order the review reads them: the whole,
/// Stockton's five categories in the order of its "Figures to date", those
/// not yet categorised, then the outcome.
pub fn funnel_stages() -> [&'static str; 8] {
    [
        FUNNEL_TOTAL,
        KinshipCategory::InTransition.label(),
        KinshipCategory::CannotConvertNow.label(),
        KinshipCategory::NeedsFurtherWork.label(),
        KinshipCategory::InProceedings.label(),
        KinshipCategory::TwinTracked.label(),
        KinshipCategory::NotYetCategorised.label(),
        FUNNEL_SGO_MADE,
    ]
}

impl Dashboard {
    /// The figures for `children` on `as_of`, each child's place in the
    /// slice their place in caseload order: [`DashboardFold`] over them.
    pub fn of(children: &[CohortChild<'_>], as_of: NaiveDate) -> Dashboard {
        let mut fold = DashboardFold::new(as_of);
        for (position, child) in children.iter().enumerate() {
            fold.add(child, position);
        }
        fold.finish()
    }

    /// The histogram's bars `bucket` weeks wide (as [`histogram`] counts
    /// them), each with the children it counts; empty bars included, so
    /// the n-th is the n-th drawn.
    pub fn weeks_bars(&self, bucket: i64) -> Vec<CountedBar> {
        let buckets = histogram(&[], bucket);
        let last = buckets.len().saturating_sub(1);
        let mut children = vec![Vec::new(); buckets.len()];
        for (reference, week) in self
            .pre_proceedings_children
            .iter()
            .zip(&self.pre_proceedings_weeks)
        {
            let at = usize::try_from(histogram_index(*week, bucket))
                .unwrap_or(0)
                .min(last);
            if let Some(counted) = children.get_mut(at) {
                counted.push(reference.clone());
            }
        }
        buckets
            .into_iter()
            .zip(children)
            .map(|((label, _), children)| CountedBar {
                chart: Chart::Weeks,
                label: format!("{} weeks in pre-proceedings", label.replace('-', "\u{2013}")),
                children,
            })
            .collect()
    }

    /// The funnel's stages as bars, in the order drawn, each with the
    /// children it counts.
    pub fn funnel_bars(&self) -> Vec<CountedBar> {
        self.sgo_funnel
            .iter()
            .zip(&self.funnel_children)
            .map(|((stage, _), children)| CountedBar {
                chart: Chart::Funnel,
                label: format!("SGO funnel: {stage}"),
                children: children.clone(),
            })
            .collect()
    }

    /// Every bar a manager can select and open, in the order the selection
    /// walks them: each team's, each worker's overdue bar, then the
    /// histogram's (drawn `bucket` weeks wide; none when it is not drawn)
    /// and the funnel's. Bars that count no child are left out, since
    /// they would open an empty list.
    pub fn selectable(&self, bucket: Option<i64>) -> Vec<CountedBar> {
        let weeks = bucket.map(|b| self.weeks_bars(b)).unwrap_or_default();
        self.bars
            .iter()
            .cloned()
            .chain(weeks)
            .chain(self.funnel_bars())
            .filter(|bar| !bar.children.is_empty())
            .collect()
    }

    /// Children in pre-proceedings for `weeks` weeks or more.
    pub fn pre_proceedings_at_least(&self, weeks: i64) -> usize {
        self.pre_proceedings_weeks.iter().filter(|w| **w >= weeks).count()
    }

    /// Every overdue or breached item, whoever holds it.
    pub fn overdue_total(&self) -> usize {
        self.overdue_by_worker.iter().map(|(_, n)| n).sum()
    }
}

/// A child counted in a bar: their place in caseload order, which the
/// bar lists its children in, and their reference.
type Counted = (usize, String);

/// The references of `counted` in caseload order.
fn in_caseload_order(mut counted: Vec<Counted>) -> Vec<String> {
    counted.sort_by_key(|(position, _)| *position);
    counted.into_iter().map(|(_, reference)| reference).collect()
}

/// The dashboard's figures made one child at a time, so that the caseload
/// can be read as a stream, each child's record let go once counted: only
/// the counts, the references each bar opens and the two trackers' rows it
/// reads (pre-proceedings and kinship, a small part of the caseload) are
/// kept. [`DashboardFold::add`] each child in any order with their place
/// in caseload order, then [`DashboardFold::finish`].
pub struct DashboardFold {
    children: usize,
    /// Each team's counts and the children counted, in the order first met.
    teams: Vec<(TeamRag, Vec<Counted>)>,
    /// Each worker's overdue items and the children whose items they are.
    workers: Vec<(String, usize, Vec<Counted>)>,
    /// Each worker's place in `workers`: a region has thousands of
    /// workers, and a search of the list for every child grew with both.
    worker_places: HashMap<String, usize>,
    /// The histogram reads the Pre-Proceedings Tracker itself, so that it
    /// counts exactly the children and weeks the tracker meeting sees.
    pre_proceedings: TrackerFold,
    /// The funnel's categories come from the Kinship tracker's "category"
    /// column, so they are the review's categories word for word.
    kinship: TrackerFold,
    /// Connected-care arrangements converted to an SGO.
    made: Vec<Counted>,
}

impl DashboardFold {
    pub fn new(as_of: NaiveDate) -> DashboardFold {
        DashboardFold {
            children: 0,
            teams: Vec::new(),
            workers: Vec::new(),
            worker_places: HashMap::new(),
            pre_proceedings: TrackerFold::new(Tracker::PreProceedings, as_of),
            kinship: TrackerFold::new(Tracker::Kinship, as_of),
            made: Vec::new(),
        }
    }

    /// Counts the child, whose place in caseload order is `position`.
    pub fn add(&mut self, child: &CohortChild<'_>, position: usize) {
        self.children += 1;
        self.add_to_team(child, position);
        self.add_overdue(child, position);
        self.pre_proceedings.add(child);
        self.kinship.add(child);
        if child.fields.legal_status == LegalStatus::Sgo && connected(child.fields, child.carers) {
            self.made.push((position, child.fields.reference.clone()));
        }
    }

    /// The team's counts, with the child's reference, so that a team's
    /// bar opens exactly the children it counts.
    fn add_to_team(&mut self, child: &CohortChild<'_>, position: usize) {
        let team = child.fields.team.as_deref().unwrap_or(NO_TEAM);
        let rag = child.summary.and_then(|s| s.rag);
        let counted = (position, child.fields.reference.clone());
        match self.teams.iter_mut().find(|(t, _)| t.team == team) {
            Some((found, children)) => {
                found.add(rag);
                children.push(counted);
            }
            None => {
                let mut new = TeamRag {
                    team: team.to_string(),
                    ..TeamRag::default()
                };
                new.add(rag);
                self.teams.push((new, vec![counted]));
            }
        }
    }

    /// The worker's overdue items, with the child's reference (a bar
    /// counts items; it opens their children).
    fn add_overdue(&mut self, child: &CohortChild<'_>, position: usize) {
        let late = child.summary.map_or(0, |s| s.overdue);
        if late == 0 {
            return;
        }
        let name = child
            .worker_name
            .or(child.fields.worker.as_deref())
            .unwrap_or(UNALLOCATED);
        let counted = (position, child.fields.reference.clone());
        match self
            .worker_places
            .get(name)
            .and_then(|&at| self.workers.get_mut(at))
        {
            Some((_, n, children)) => {
                *n += late;
                children.push(counted);
            }
            None => {
                self.worker_places.insert(name.to_string(), self.workers.len());
                self.workers.push((name.to_string(), late, vec![counted]));
            }
        }
    }

    /// The figures for every child added.
    pub fn finish(self) -> Dashboard {
        let mut teams = self.teams;
        teams.sort_by(|(a, _), (b, _)| a.team.cmp(&b.team));
        let (rag_by_team, team_children): (Vec<TeamRag>, Vec<Vec<Counted>>) = teams.into_iter().unzip();
        let mut workers = self.workers;
        workers.sort_by(|(a, m, _), (b, n, _)| n.cmp(m).then_with(|| a.cmp(b)));
        let (overdue_by_worker, worker_children): (Vec<(String, usize)>, Vec<Vec<Counted>>) =
            workers.into_iter().map(|(w, n, c)| ((w, n), c)).unzip();
        let mut bars: Vec<CountedBar> = rag_by_team
            .iter()
            .zip(team_children)
            .map(|(team, children)| CountedBar {
                chart: Chart::Rag,
                label: format!("team {}", team.team),
                children: in_caseload_order(children),
            })
            .collect();
        bars.extend(
            overdue_by_worker
                .iter()
                .zip(worker_children)
                .map(|((worker, _), children)| CountedBar {
                    chart: Chart::Overdue,
                    label: format!("overdue work of {worker}"),
                    children: in_caseload_order(children),
                }),
        );
        let (pre_proceedings_children, pre_proceedings_weeks) =
            pre_proceedings_weeks(&self.pre_proceedings.finish())
                .into_iter()
                .unzip();
        let made = in_caseload_order(self.made);
        let (sgo_funnel, funnel_children) = sgo_funnel(&self.kinship.finish(), made).into_iter().unzip();
        Dashboard {
            children: self.children,
            rag_by_team,
            pre_proceedings_weeks,
            pre_proceedings_children,
            overdue_by_worker,
            sgo_funnel,
            funnel_children,
            bars,
        }
    }
}

fn column(report: &Report, key: &str) -> Option<usize> {
    report.columns.iter().position(|(k, _)| *k == key)
}

/// The reference in a tracker's row.
fn reference(report: &Report, row: &[Cell]) -> Option<String> {
    match row.get(column(report, "ref")?) {
        Some(Cell::Text(reference)) => Some(reference.clone()),
        _ => None,
    }
}

/// Each child's reference and weeks, read from the Pre-Proceedings
/// Tracker's report.
fn pre_proceedings_weeks(report: &Report) -> Vec<(String, i64)> {
    let Some(weeks) = column(report, "weeks") else {
        return Vec::new();
    };
    report
        .rows
        .iter()
        .filter_map(|row| match row.get(weeks) {
            Some(Cell::Number(Some(n))) => Some((reference(report, row).unwrap_or_default(), *n)),
            _ => None,
        })
        .collect()
}

/// Placed with relatives or friends. The same test as the cohort's own
/// (private) one, which the Kinship tracker applies to children in care;
/// here it finds the arrangements that have converted to an SGO.
fn connected(fields: &ChildFields, carers: &[Carer]) -> bool {
    let placement = fields.placement_type.as_deref().unwrap_or("").to_lowercase();
    carers.iter().any(|c| c.connected_person)
        || ["connected", "family and friends", "family or friends", "kinship"]
            .iter()
            .any(|w| placement.contains(w))
}

/// Each stage with its count and the references it counts.
type FunnelStage = ((&'static str, usize), Vec<String>);

/// The funnel from the Kinship tracker's report (the categories are its
/// "category" column, the review's categories word for word) and the
/// arrangements `made` SGOs, in caseload order.
fn sgo_funnel(report: &Report, made: Vec<String>) -> Vec<FunnelStage> {
    // (reference, category) of every arrangement the tracker lists.
    let listed: Vec<(String, &str)> = report
        .rows
        .iter()
        .map(|row| {
            let category = match column(report, "category").and_then(|at| row.get(at)) {
                Some(Cell::Text(label)) => label.as_str(),
                _ => "",
            };
            (reference(report, row).unwrap_or_default(), category)
        })
        .collect();
    funnel_stages()
        .into_iter()
        .map(|stage| {
            let counted: Vec<String> = match stage {
                FUNNEL_TOTAL => listed.iter().map(|(r, _)| r.clone()).collect(),
                FUNNEL_SGO_MADE => made.clone(),
                category => listed
                    .iter()
                    .filter(|(_, c)| *c == category)
                    .map(|(r, _)| r.clone())
                    .collect(),
            };
            ((stage, counted.len()), counted)
        })
        .collect()
}

/// The bucket of [`histogram`] that `week` falls in.
fn histogram_index(week: i64, bucket: i64) -> i64 {
    let bucket = bucket.clamp(1, LIMIT_WEEK);
    let before_last = (LIMIT_WEEK + bucket - 1) / bucket;
    week.max(0).saturating_div(bucket).min(before_last)
}

/// `weeks` counted into buckets `bucket` weeks wide, labelled "0-3",
/// "4-7" and so on, the last bucket holding everything from the 52-week
/// limit (rounded up to a whole bucket) on, labelled "52+". Empty buckets
/// are kept, so the bars sit where their weeks are. A bucket narrower than
/// a week is taken as one week, and one wider than the limit as the limit.
pub fn histogram(weeks: &[i64], bucket: i64) -> Vec<(String, usize)> {
    let bucket = bucket.clamp(1, LIMIT_WEEK);
    // Whole buckets before the last, so that it starts at or after 52.
    let before_last = (LIMIT_WEEK + bucket - 1) / bucket;
    let mut counts = vec![0usize; usize::try_from(before_last).unwrap_or(0) + 1];
    for week in weeks {
        let at = histogram_index(*week, bucket);
        if let Some(n) = usize::try_from(at).ok().and_then(|i| counts.get_mut(i)) {
            *n += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let start = i as i64 * bucket;
            let label = if i as i64 == before_last {
                format!("{start}+")
            } else if bucket == 1 {
                start.to_string()
            } else {
                format!("{start}-{}", start + bucket - 1)
            };
            (label, count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::RecordedEvent;
    use crate::plan::{Plan, PlanId, PlanRole, PlanStatus, Stage};
    use crate::timeline::Summary;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn child(reference: &str, team: Option<&str>, status: LegalStatus) -> ChildFields {
        ChildFields {
            reference: reference.into(),
            given_name: "Test".into(),
            family_name: reference.into(),
            legal_status: status,
            team: team.map(str::to_string),
            ..ChildFields::default()
        }
    }

    fn plan(pathway: &str, stage: Stage, start: NaiveDate) -> Plan {
        Plan {
            id: PlanId(1),
            pathway: pathway.into(),
            role: PlanRole::Primary,
            start,
            stage,
            status: PlanStatus::Active,
            basis: Default::default(),
        }
    }

    /// `overdue` items past their target only, `breached` past a deadline:
    /// a summary's `overdue` counts both.
    fn summary(rag: Option<Rag>, overdue: usize, breached: usize) -> Summary {
        Summary {
            pathway: None,
            week: None,
            stage: None,
            next: None,
            overdue: overdue + breached,
            breached,
            rag,
        }
    }

    fn cohort<'a>(
        fields: &'a ChildFields,
        plans: &'a [Plan],
        events: &'a [RecordedEvent],
        summary: Option<&'a Summary>,
    ) -> CohortChild<'a> {
        CohortChild {
            fields,
            worker_name: None,
            iro_name: None,
            carers: &[],
            plans,
            events,
            summary,
            kinship_decision: None,
        }
    }

    #[test]
    fn children_are_counted_by_computed_rag_in_each_team() {
        let north = [
            child("N1", Some("North"), LegalStatus::Co),
            child("N2", Some("North"), LegalStatus::Co),
            child("N3", Some("North"), LegalStatus::Co),
            child("N4", Some("North"), LegalStatus::Co),
        ];
        let mut south = child("S1", Some("South"), LegalStatus::Co);
        // The RAG the team set is not the computed one, and is not counted.
        south.rag = Some(Rag::Red);
        let loose = child("X1", None, LegalStatus::None);
        let red = summary(Some(Rag::Red), 0, 1);
        let amber = summary(Some(Rag::Amber), 1, 0);
        let green = summary(Some(Rag::Green), 0, 0);
        let children = [
            cohort(&south, &[], &[], Some(&green)),
            cohort(&north[0], &[], &[], Some(&red)),
            cohort(&north[1], &[], &[], Some(&red)),
            cohort(&north[2], &[], &[], Some(&amber)),
            cohort(&north[3], &[], &[], None),
            cohort(&loose, &[], &[], None),
        ];
        let dashboard = Dashboard::of(&children, day(2026, 11, 23));
        assert_eq!(dashboard.children, 6);
        assert_eq!(
            dashboard.rag_by_team,
            vec![
                TeamRag {
                    team: "No team".into(),
                    no_rag: 1,
                    ..TeamRag::default()
                },
                TeamRag {
                    team: "North".into(),
                    red: 2,
                    amber: 1,
                    no_rag: 1,
                    ..TeamRag::default()
                },
                TeamRag {
                    team: "South".into(),
                    green: 1,
                    ..TeamRag::default()
                },
            ]
        );
        assert_eq!(dashboard.rag_by_team[1].total(), 4);
        assert_eq!(dashboard.rag_by_team[1].count(Rag::Red), 2);
        assert_eq!(dashboard.rag_by_team[1].count(Rag::Yellow), 0);
        // Each bar names the children it counted: the teams', then the
        // overdue work's (the three North children with late items).
        let bars: Vec<(&str, Vec<&str>)> = dashboard
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.children.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            bars,
            vec![
                ("team No team", vec!["X1"]),
                ("team North", vec!["N1", "N2", "N3", "N4"]),
                ("team South", vec!["S1"]),
                ("overdue work of Unallocated", vec!["N1", "N2", "N3"]),
            ]
        );
    }

    #[test]
    fn pre_proceedings_weeks_come_from_the_tracker_and_bucket_at_16() {
        let as_of = day(2026, 11, 23);
        let weeks_ago = |w: u64| as_of - chrono::Days::new(w * 7);
        let fields = [
            child("P1", None, LegalStatus::None),
            child("P2", None, LegalStatus::None),
            child("P3", None, LegalStatus::None),
            child("P4", None, LegalStatus::None),
        ];
        // 15 weeks and 6 days is still 15 weeks.
        let fifteen = [plan(
            "pre-proceedings",
            Stage::PreProceedings,
            weeks_ago(16) + chrono::Days::new(1),
        )];
        let sixteen = [plan("pre-proceedings", Stage::PreProceedings, weeks_ago(16))];
        let sixty = [plan("pre-proceedings", Stage::PreProceedings, weeks_ago(60))];
        let proceedings = [plan("adoption", Stage::Proceedings, weeks_ago(30))];
        let children = [
            cohort(&fields[0], &fifteen, &[], None),
            cohort(&fields[1], &sixteen, &[], None),
            cohort(&fields[2], &sixty, &[], None),
            cohort(&fields[3], &proceedings, &[], None),
        ];
        let dashboard = Dashboard::of(&children, as_of);
        assert_eq!(dashboard.pre_proceedings_weeks, vec![15, 16, 60]);
        assert_eq!(dashboard.pre_proceedings_at_least(REVIEW_WEEK), 2);
        assert_eq!(dashboard.pre_proceedings_at_least(MAXIMUM_WEEK), 1);

        let buckets = histogram(&dashboard.pre_proceedings_weeks, 4);
        assert_eq!(buckets.len(), 14);
        assert_eq!(buckets[3], ("12-15".to_string(), 1));
        assert_eq!(buckets[4], ("16-19".to_string(), 1));
        assert_eq!(buckets[13], ("52+".to_string(), 1));
        assert_eq!(buckets.iter().map(|(_, n)| n).sum::<usize>(), 3);

        // Each bar of the histogram names the children it counts, as many
        // as its number, at any width of bucket.
        for bucket in [1, 2, 4, 8] {
            let bars = dashboard.weeks_bars(bucket);
            let counts = histogram(&dashboard.pre_proceedings_weeks, bucket);
            assert_eq!(bars.len(), counts.len());
            for (bar, (_, n)) in bars.iter().zip(&counts) {
                assert_eq!(bar.children.len(), *n, "{}", bar.label);
                assert_eq!(bar.chart, Chart::Weeks);
            }
        }
        let bars = dashboard.weeks_bars(4);
        assert_eq!(bars[3].label, "12\u{2013}15 weeks in pre-proceedings");
        assert_eq!(bars[3].children, ["P1"]);
        assert_eq!(bars[4].children, ["P2"]);
        assert_eq!(bars[13].label, "52+ weeks in pre-proceedings");
        assert_eq!(bars[13].children, ["P3"]);
        // Only bars with children are selected, after the RAG bar.
        let selectable: Vec<String> = dashboard
            .selectable(Some(4))
            .into_iter()
            .map(|b| b.label)
            .collect();
        assert_eq!(
            selectable,
            [
                "team No team",
                "12\u{2013}15 weeks in pre-proceedings",
                "16\u{2013}19 weeks in pre-proceedings",
                "52+ weeks in pre-proceedings",
            ]
        );
        assert_eq!(dashboard.selectable(None).len(), 1, "no histogram drawn");
    }

    #[test]
    fn histogram_buckets_start_at_nought_and_end_at_the_limit() {
        let labels = |bucket| -> Vec<String> { histogram(&[], bucket).into_iter().map(|(l, _)| l).collect() };
        assert_eq!(labels(4)[..3], ["0-3", "4-7", "8-11"]);
        assert_eq!(labels(2).len(), 27);
        assert_eq!(labels(2)[26], "52+");
        // 52 is not a whole number of 8-week buckets: the last starts at 56.
        assert_eq!(labels(8).last().map(String::as_str), Some("56+"));
        assert_eq!(labels(8)[6], "48-55");
        assert_eq!(labels(1)[16], "16");
        assert_eq!(labels(0), labels(1));
        assert_eq!(labels(i64::MAX), ["0-51", "52+"]);
        let counts =
            |weeks: &[i64]| -> Vec<usize> { histogram(weeks, 4).into_iter().map(|(_, n)| n).collect() };
        assert_eq!(counts(&[0, 3, -2])[0], 3, "negative weeks count as none");
        assert_eq!(counts(&[51])[12], 1);
        assert_eq!(counts(&[52, 53, 400])[13], 3);
    }

    #[test]
    fn overdue_work_is_counted_per_worker_most_first() {
        let fields = [
            child("W1", None, LegalStatus::Co),
            child("W2", None, LegalStatus::Co),
            child("W3", None, LegalStatus::Co),
            child("W4", None, LegalStatus::Co),
            child("W5", None, LegalStatus::Co),
        ];
        let mut by_username = fields[3].clone();
        by_username.worker = Some("bjones".into());
        let three = summary(Some(Rag::Red), 2, 1);
        let two = summary(Some(Rag::Amber), 2, 0);
        let one = summary(Some(Rag::Red), 0, 1);
        let none = summary(Some(Rag::Green), 0, 0);
        let mut children = vec![
            cohort(&fields[0], &[], &[], Some(&two)),
            cohort(&fields[1], &[], &[], Some(&one)),
            cohort(&fields[2], &[], &[], Some(&three)),
            cohort(&by_username, &[], &[], Some(&two)),
            cohort(&fields[4], &[], &[], Some(&none)),
        ];
        children[0].worker_name = Some("Zara Khan");
        children[1].worker_name = Some("Zara Khan");
        children[2].worker_name = Some("Amy Ng");
        children[4].worker_name = Some("Idle Worker");
        let unallocated = child("U1", None, LegalStatus::Co);
        children.push(cohort(&unallocated, &[], &[], Some(&one)));
        let dashboard = Dashboard::of(&children, day(2026, 11, 23));
        assert_eq!(
            dashboard.overdue_by_worker,
            vec![
                ("Amy Ng".to_string(), 3),
                ("Zara Khan".to_string(), 3),
                ("bjones".to_string(), 2),
                ("Unallocated".to_string(), 1),
            ]
        );
        assert_eq!(dashboard.overdue_total(), 9);
    }

    #[test]
    fn the_sgo_funnel_counts_each_category_and_conversions() {
        let start = day(2026, 1, 5);
        let kinship = |reference: &str, status: LegalStatus| {
            let mut fields = child(reference, None, status);
            fields.placement_type = Some("Connected person foster care".into());
            fields
        };
        let fields = [
            kinship("K1", LegalStatus::Co),
            kinship("K2", LegalStatus::Co),
            kinship("K3", LegalStatus::Ico),
            kinship("K4", LegalStatus::Co),
            kinship("K5", LegalStatus::Co),
            kinship("K6", LegalStatus::Sgo),
        ];
        let transition = [plan("special-guardianship", Stage::LookedAfter, start)];
        let proceedings = [plan("special-guardianship", Stage::Proceedings, start)];
        let twin = [
            plan("special-guardianship", Stage::LookedAfter, start),
            Plan {
                role: PlanRole::Contingency,
                ..plan("reunification", Stage::LookedAfter, start)
            },
        ];
        // An SGO with a connected carer but an unremarkable placement type.
        let mut with_grandmother = child("K7", None, LegalStatus::Sgo);
        with_grandmother.placement_type = Some("Other".into());
        let grandmother = [Carer {
            name: "Gran".into(),
            relationship: "Maternal grandmother".into(),
            connected_person: true,
        }];
        // An SGO to a former foster carer is not a kinship conversion.
        let mut stranger = child("S1", None, LegalStatus::Sgo);
        stranger.placement_type = Some("Foster care".into());
        let mut children = vec![
            cohort(&fields[0], &transition, &[], None),
            cohort(&fields[1], &transition, &[], None),
            cohort(&fields[2], &proceedings, &[], None),
            cohort(&fields[3], &twin, &[], None),
            cohort(&fields[4], &[], &[], None),
            cohort(&fields[5], &[], &[], None),
            cohort(&with_grandmother, &[], &[], None),
            cohort(&stranger, &[], &[], None),
        ];
        children[6].carers = &grandmother;
        // The SGO Panel's decisions for two more arrangements.
        let panel = [kinship("K8", LegalStatus::Co), kinship("K9", LegalStatus::Co)];
        children.push(CohortChild {
            kinship_decision: Some("Cannot convert now; needs continued oversight"),
            ..cohort(&panel[0], &[], &[], None)
        });
        children.push(CohortChild {
            kinship_decision: Some("Needs further work with carers"),
            ..cohort(&panel[1], &[], &[], None)
        });
        let dashboard = Dashboard::of(&children, day(2026, 6, 1));
        assert_eq!(
            dashboard.sgo_funnel,
            vec![
                ("Connected-care arrangements", 7),
                ("In transition to SGO", 2),
                ("Cannot convert now, needs continued oversight", 1),
                ("Needs further work with carers", 1),
                ("In proceedings, possible step-down to SGO", 1),
                ("Twin-tracked for reunification", 1),
                ("Not yet categorised", 1),
                ("SGO made", 2),
            ]
        );
        // Each stage opens exactly the children it counts.
        let bars = dashboard.funnel_bars();
        for (bar, (stage, n)) in bars.iter().zip(&dashboard.sgo_funnel) {
            assert_eq!(bar.label, format!("SGO funnel: {stage}"));
            assert_eq!(bar.children.len(), *n, "{stage}");
        }
        assert_eq!(bars[1].children, ["K1", "K2"]);
        assert_eq!(bars[7].children, ["K6", "K7"]);
    }

    #[test]
    fn the_connected_test_agrees_with_the_kinship_tracker() {
        // A child the tracker lists is one whose SGO would count as made.
        for placement in [
            "Connected person foster care",
            "Family and friends",
            "Kinship placement",
            "Foster care",
            "Residential",
        ] {
            let mut fields = child("C1", None, LegalStatus::Co);
            fields.placement_type = Some(placement.into());
            let children = [cohort(&fields, &[], &[], None)];
            let listed = !cohort::tracker(Tracker::Kinship, &children, day(2026, 6, 1))
                .rows
                .is_empty();
            assert_eq!(connected(&fields, &[]), listed, "{placement}");
        }
    }

    #[test]
    fn no_children_give_empty_figures_and_a_funnel_of_noughts() {
        let dashboard = Dashboard::of(&[], day(2026, 11, 23));
        assert!(dashboard.rag_by_team.is_empty());
        assert!(dashboard.pre_proceedings_weeks.is_empty());
        assert!(dashboard.overdue_by_worker.is_empty());
        assert_eq!(dashboard.sgo_funnel.len(), 8);
        assert!(dashboard.sgo_funnel.iter().all(|(_, n)| *n == 0));
    }

    /// Children read as a stream come in the store's order, not the
    /// caseload's: the fold given each child's place in caseload order, in
    /// any order, makes the figures the slice does, and so do the
    /// trackers' folds.
    #[test]
    fn the_figures_folded_in_any_order_are_those_of_the_slice() {
        let as_of = day(2026, 11, 23);
        let placed = |reference: &str, team: Option<&str>, status: LegalStatus, placement: &str| {
            let mut fields = child(reference, team, status);
            fields.placement_type = Some(placement.to_string());
            fields.worker = Some(format!("worker-{}", reference.len() % 2));
            fields
        };
        let fields = [
            placed("K2", Some("North"), LegalStatus::Co, "Kinship foster care"),
            placed("S1", Some("South"), LegalStatus::Sgo, "Connected carers"),
            placed("P1", None, LegalStatus::None, "At home"),
            placed("I1", Some("North"), LegalStatus::Ico, "Family and friends"),
            placed("E10", None, LegalStatus::S20, "Foster care"),
            placed("K1", Some("North"), LegalStatus::Co, "Connected person"),
            placed("S2", Some("South"), LegalStatus::Sgo, "Kinship"),
            placed("P2", Some("South"), LegalStatus::None, "At home"),
        ];
        let pre = [plan("pre-proceedings", Stage::PreProceedings, day(2026, 5, 4))];
        let later = [plan("pre-proceedings", Stage::PreProceedings, day(2026, 9, 7))];
        let sgo = [plan("special-guardianship", Stage::Proceedings, day(2026, 1, 5))];
        let (red, amber) = (summary(Some(Rag::Red), 1, 2), summary(Some(Rag::Amber), 1, 0));
        let children = [
            cohort(&fields[0], &sgo, &[], Some(&red)),
            cohort(&fields[1], &[], &[], None),
            cohort(&fields[2], &pre, &[], Some(&amber)),
            cohort(&fields[3], &[], &[], Some(&amber)),
            cohort(&fields[4], &[], &[], Some(&red)),
            cohort(&fields[5], &sgo, &[], None),
            cohort(&fields[6], &[], &[], None),
            cohort(&fields[7], &later, &[], Some(&red)),
        ];
        let whole = Dashboard::of(&children, as_of);
        // The funnel's arrangements in reference order, as the Kinship
        // tracker lists them; a team's children in caseload order.
        assert_eq!(whole.funnel_children[0], ["I1", "K1", "K2"]);
        assert_eq!(whole.bars[1].label, "team North");
        assert_eq!(whole.bars[1].children, ["K2", "I1", "K1"]);
        assert_eq!(whole.pre_proceedings_children, ["P1", "P2"]);
        assert_eq!(
            whole.funnel_children[7],
            ["S1", "S2"],
            "SGOs made, in caseload order"
        );
        let mut fold = DashboardFold::new(as_of);
        for (position, child) in children.iter().enumerate().rev() {
            fold.add(child, position);
        }
        assert_eq!(fold.finish(), whole);
        for tracker in Tracker::ALL {
            let mut fold = TrackerFold::new(tracker, as_of);
            for child in children.iter().rev() {
                fold.add(child);
            }
            assert_eq!(
                fold.finish(),
                cohort::tracker(tracker, &children, as_of),
                "{}",
                tracker.code()
            );
        }
    }
}
