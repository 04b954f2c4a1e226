//! The manager's dashboard: the few figures a team manager reads at a
//! glance (children by computed RAG in each team, how long families have
//! been in pre-proceedings, whose work is overdue, and how connected-care
//! arrangements are converting to Special Guardianship). Computed from the
//! same cohort the trackers use, so the pictures never disagree with the
//! tracker reports; pure, with "today" a parameter.

use crate::child::{LegalStatus, Rag};
use crate::cohort::{self, CohortChild, KinshipCategory, Tracker, TrackerFold};
use crate::people::Carer;
use crate::plan::Plan;
use crate::report::Cell;
use crate::timeline::Summary;
use chrono::NaiveDate;
use std::borrow::Cow;
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

    /// Adds another count of the same team's children.
    fn merge(&mut self, other: &TeamRag) {
        // Every count named, so that a new one cannot be left out here.
        let TeamRag {
            team: _,
            red,
            amber,
            yellow,
            green,
            no_rag,
        } = other;
        self.red += red;
        self.amber += amber;
        self.yellow += yellow;
        self.green += green;
        self.no_rag += no_rag;
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

/// A bar as the selection walks it ([`Dashboard::selectable`]): a
/// [`CountedBar`], borrowed from the dashboard where it is kept there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectableBar<'d> {
    pub chart: Chart,
    pub label: Cow<'d, str>,
    pub children: Cow<'d, [String]>,
}

impl<'d> SelectableBar<'d> {
    fn borrowed(bar: &'d CountedBar) -> SelectableBar<'d> {
        SelectableBar {
            chart: bar.chart,
            label: Cow::Borrowed(&bar.label),
            children: Cow::Borrowed(&bar.children),
        }
    }

    fn owned(bar: CountedBar) -> SelectableBar<'d> {
        SelectableBar {
            chart: bar.chart,
            label: Cow::Owned(bar.label),
            children: Cow::Owned(bar.children),
        }
    }

    /// The bar to keep: its label and children copied out.
    pub fn into_owned(self) -> CountedBar {
        CountedBar {
            chart: self.chart,
            label: self.label.into_owned(),
            children: self.children.into_owned(),
        }
    }
}

/// A bar of the weeks histogram as it is named, from the histogram's own
/// label ("12-15").
fn weeks_label(label: &str) -> String {
    format!("{} weeks in pre-proceedings", label.replace('-', "\u{2013}"))
}

/// A stage of the SGO funnel as its bar names it.
fn funnel_label(stage: &str) -> String {
    format!("SGO funnel: {stage}")
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
                label: weeks_label(&label),
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
                label: funnel_label(stage),
                children: children.clone(),
            })
            .collect()
    }

    /// Where `bar` is drawn in its own chart: its place among the
    /// teams' and workers' bars, the histogram's (`bucket` weeks wide;
    /// none when it is not drawn) or the funnel's stages. Found by name,
    /// without making the bars' lists of children: the highlight is
    /// drawn on every frame.
    pub fn place_in_chart(&self, bar: &SelectableBar<'_>, bucket: Option<i64>) -> Option<usize> {
        match bar.chart {
            Chart::Rag | Chart::Overdue => self.bars.iter().position(|b| b.label == *bar.label),
            Chart::Weeks => histogram(&[], bucket?)
                .iter()
                .position(|(label, _)| weeks_label(label) == *bar.label),
            Chart::Funnel => self
                .sgo_funnel
                .iter()
                .position(|(stage, _)| funnel_label(stage) == *bar.label),
        }
    }

    /// Every bar a manager can select and open, in the order the selection
    /// walks them: each team's, each worker's overdue bar, then the
    /// histogram's (drawn `bucket` weeks wide; none when it is not drawn)
    /// and the funnel's. Bars that count no child are left out, since
    /// they would open an empty list. Borrowed from the dashboard where
    /// they are kept in it: this is asked for on every key and every frame,
    /// and copying each bar's children (every child of a national caseload
    /// twice over, and the thousands of workers' bars) was most of drawing
    /// the dashboard at 100,000 children.
    pub fn selectable(&self, bucket: Option<i64>) -> Vec<SelectableBar<'_>> {
        let weeks = bucket.map(|b| self.weeks_bars(b)).unwrap_or_default();
        let funnel = self
            .sgo_funnel
            .iter()
            .zip(&self.funnel_children)
            .map(|((stage, _), children)| SelectableBar {
                chart: Chart::Funnel,
                label: Cow::Owned(funnel_label(stage)),
                children: Cow::Borrowed(children.as_slice()),
            });
        self.bars
            .iter()
            .map(SelectableBar::borrowed)
            .chain(weeks.into_iter().map(SelectableBar::owned))
            .chain(funnel)
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
    // Each child once: no two places are the same, so no order is lost.
    counted.sort_unstable_by_key(|(position, _)| *position);
    counted.into_iter().map(|(_, reference)| reference).collect()
}

/// What the dashboard's counts read of one child: enough to count them
/// in the team, overdue and SGO-made charts, and to know whether the two
/// trackers the other charts read may list them. A national caseload is
/// read as glances (borrowed from the store's row, nothing copied), and
/// only a child [`Glance::tracked`] is made whole.
#[derive(Debug, Clone, Copy)]
pub struct Glance<'a> {
    pub reference: &'a str,
    pub team: Option<&'a str>,
    /// The allocated worker's username, and their display name.
    pub worker: Option<&'a str>,
    pub worker_name: Option<&'a str>,
    pub legal_status: LegalStatus,
    pub placement_type: Option<&'a str>,
    pub carers: &'a [Carer],
    pub plans: &'a [Plan],
    /// The computed timeline summary, where the child has a plan.
    pub summary: Option<&'a Summary>,
}

impl<'a> Glance<'a> {
    /// The glance of a child as a tracker reads them.
    pub fn of(child: &CohortChild<'a>) -> Glance<'a> {
        Glance {
            reference: &child.fields.reference,
            team: child.fields.team.as_deref(),
            worker: child.fields.worker.as_deref(),
            worker_name: child.worker_name,
            legal_status: child.fields.legal_status,
            placement_type: child.fields.placement_type.as_deref(),
            carers: child.carers,
            plans: child.plans,
            summary: child.summary,
        }
    }

    /// Whether the Pre-Proceedings Tracker or the Kinship tracker may
    /// list the child, by the tests they list by: an active plan at the
    /// pre-proceedings stage, or a connected-care arrangement of a child
    /// looked after. A child neither lists is counted from their glance
    /// alone (a test holds every child either tracker lists to this).
    pub fn tracked(&self) -> bool {
        cohort::in_pre_proceedings(self.plans).is_some()
            || (cohort::is_looked_after(self.legal_status)
                && cohort::connected(self.placement_type, self.carers))
    }
}

/// The dashboard's figures made one child at a time, so that the caseload
/// can be read as a stream, each child's record let go once counted: only
/// the counts, the references each bar opens and the two cells it reads
/// of the two trackers' rows (pre-proceedings and kinship, a small part of
/// the caseload) are kept. [`DashboardFold::add`] each child in any order
/// with their place in caseload order, then [`DashboardFold::finish`].
pub struct DashboardFold {
    children: usize,
    /// Each team's counts and the children counted, in the order first met.
    teams: Vec<(TeamRag, Vec<Counted>)>,
    /// Each worker's overdue items and the children whose items they are.
    workers: Vec<(String, usize, Vec<Counted>)>,
    /// Each worker's place in `workers`: a region has thousands of
    /// workers, and a search of the list for every child grew with both.
    worker_places: HashMap<String, usize>,
    /// The histogram reads the Pre-Proceedings Tracker's rows themselves,
    /// so that it counts exactly the children and weeks the tracker
    /// meeting sees.
    pre_proceedings: Taken,
    /// The reference and weeks of each child that tracker lists with a
    /// number of weeks, in the order added.
    weeks: Vec<(String, i64)>,
    /// The funnel's categories come from the Kinship tracker's "category"
    /// column, so they are the review's categories word for word.
    kinship: Taken,
    /// The reference and category of each child the Kinship tracker
    /// lists, in the order added.
    categories: Vec<(String, String)>,
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
            pre_proceedings: Taken::new(Tracker::PreProceedings, as_of, "weeks"),
            weeks: Vec::new(),
            kinship: Taken::new(Tracker::Kinship, as_of, "category"),
            categories: Vec::new(),
            made: Vec::new(),
        }
    }

    /// Counts the child, whose place in caseload order is `position`.
    pub fn add(&mut self, child: &CohortChild<'_>, position: usize) {
        self.count(&Glance::of(child), position);
        self.track(child);
    }

    /// Counts the child in the charts that read only their [`Glance`]
    /// (teams, overdue work, SGOs made); [`DashboardFold::track`] gives
    /// the two trackers' charts the whole child, where
    /// [`Glance::tracked`] says they may list them.
    pub fn count(&mut self, child: &Glance<'_>, position: usize) {
        self.children += 1;
        self.add_to_team(child, position);
        self.add_overdue(child, position);
        if child.legal_status == LegalStatus::Sgo && cohort::connected(child.placement_type, child.carers) {
            self.made.push((position, child.reference.to_string()));
        }
    }

    /// Gives the child to the Pre-Proceedings and Kinship trackers the
    /// histogram and the funnel read, keeping from the row each makes
    /// (where it lists them) the two cells those charts read, and letting
    /// the rest go as the caseload is read rather than at the end.
    pub fn track(&mut self, child: &CohortChild<'_>) {
        if let Some((reference, Some(Cell::Number(Some(weeks))))) = self.pre_proceedings.take(child) {
            self.weeks.push((reference, weeks));
        }
        if let Some((reference, category)) = self.kinship.take(child) {
            let category = match category {
                Some(Cell::Text(label)) => label,
                _ => String::new(),
            };
            self.categories.push((reference, category));
        }
    }

    /// The team's counts, with the child's reference, so that a team's
    /// bar opens exactly the children it counts.
    fn add_to_team(&mut self, child: &Glance<'_>, position: usize) {
        let team = child.team.unwrap_or(NO_TEAM);
        let rag = child.summary.and_then(|s| s.rag);
        let counted = (position, child.reference.to_string());
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
    fn add_overdue(&mut self, child: &Glance<'_>, position: usize) {
        let late = child.summary.map_or(0, |s| s.overdue);
        if late == 0 {
            return;
        }
        let name = child.worker_name.or(child.worker).unwrap_or(UNALLOCATED);
        let counted = (position, child.reference.to_string());
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

    /// This fold with `later`'s children counted after its own: as if
    /// they had been added to this fold in turn (the same day), for a
    /// caseload read in two parts at once (issue 19). Each team and
    /// worker is counted once, with the children of both.
    pub fn merge(mut self, later: DashboardFold) -> DashboardFold {
        self.children += later.children;
        for (rag, children) in later.teams {
            match self.teams.iter_mut().find(|(t, _)| t.team == rag.team) {
                Some((found, ours)) => {
                    found.merge(&rag);
                    ours.extend(children);
                }
                None => self.teams.push((rag, children)),
            }
        }
        for (name, late, children) in later.workers {
            match self
                .worker_places
                .get(&name)
                .and_then(|&at| self.workers.get_mut(at))
            {
                Some((_, n, ours)) => {
                    *n += late;
                    ours.extend(children);
                }
                None => {
                    self.worker_places.insert(name.clone(), self.workers.len());
                    self.workers.push((name, late, children));
                }
            }
        }
        self.weeks.extend(later.weeks);
        self.categories.extend(later.categories);
        self.made.extend(later.made);
        self
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
        // In the trackers' own order, as their reports list them.
        let mut weeks = self.weeks;
        cohort::in_reference_order(&mut weeks, |(reference, _)| reference);
        let (pre_proceedings_children, pre_proceedings_weeks) = weeks.into_iter().unzip();
        let mut listed = self.categories;
        cohort::in_reference_order(&mut listed, |(reference, _)| reference);
        let made = in_caseload_order(self.made);
        let (sgo_funnel, funnel_children) = sgo_funnel(listed, made).into_iter().unzip();
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

/// A tracker the dashboard reads two cells of: the reference and one
/// other column, taken from each row it makes.
struct Taken {
    fold: TrackerFold,
    reference: Option<usize>,
    other: Option<usize>,
}

impl Taken {
    fn new(tracker: Tracker, as_of: NaiveDate, column: &str) -> Taken {
        let fold = TrackerFold::new(tracker, as_of);
        let at = |key: &str| fold.columns().iter().position(|(k, _)| *k == key);
        Taken {
            reference: at("ref"),
            other: at(column),
            fold,
        }
    }

    /// The child's reference and the other cell, where the tracker lists
    /// them (an empty reference, or no cell, where its row has none).
    fn take(&self, child: &CohortChild<'_>) -> Option<(String, Option<Cell>)> {
        let mut row = self.fold.row(child)?;
        // Each cell moved out of the row, which is let go at once: what is
        // left in its place is never read.
        let mut cell = |at: Option<usize>| {
            at.and_then(|at| row.get_mut(at))
                .map(|cell| std::mem::replace(cell, Cell::Flag(false)))
        };
        let reference = match cell(self.reference) {
            Some(Cell::Text(reference)) => reference,
            _ => String::new(),
        };
        Some((reference, cell(self.other)))
    }
}

/// Each stage with its count and the references it counts.
type FunnelStage = ((&'static str, usize), Vec<String>);

/// The funnel from the Kinship tracker's rows, `listed` as (reference,
/// category) in its order (the categories are its "category" column, the
/// review's categories word for word), and the arrangements `made` SGOs,
/// in caseload order.
fn sgo_funnel(listed: Vec<(String, String)>, made: Vec<String>) -> Vec<FunnelStage> {
    let stages = funnel_stages();
    let is_category = |stage: &str| stage != FUNNEL_TOTAL && stage != FUNNEL_SGO_MADE;
    let mut by_stage: Vec<Vec<String>> = vec![Vec::new(); stages.len()];
    for (reference, category) in &listed {
        let at = stages.iter().position(|s| is_category(s) && s == category);
        if let Some(counted) = at.and_then(|at| by_stage.get_mut(at)) {
            counted.push(reference.clone());
        }
    }
    // The whole and the outcome take their references rather than copy them.
    let mut whole = Some(listed.into_iter().map(|(reference, _)| reference).collect());
    let mut made = Some(made);
    stages
        .into_iter()
        .zip(by_stage)
        .map(|(stage, counted)| {
            let counted = match stage {
                FUNNEL_TOTAL => whole.take().unwrap_or_default(),
                FUNNEL_SGO_MADE => made.take().unwrap_or_default(),
                _ => counted,
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
mod tests;
