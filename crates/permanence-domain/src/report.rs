//! Reports over the whole caseload: the items overdue on a day, the items
//! due in a window, as rows of typed cells that the interchange layer
//! writes as a table, CSV, JSON or Markdown. Pure: the timelines come in
//! already computed, "today" is a parameter.

use crate::plan::PlanId;
use crate::set_by::{SetBy, deadline_words};
use crate::timeline::{Timeline, TimelineItem};
use chrono::NaiveDate;

mod packed;
pub use packed::PackedRows;

/// One value in a report, typed so that JSON keeps numbers as numbers and
/// dates become ISO in files and DD/MM/YYYY on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Number(Option<i64>),
    Numbers(Vec<i64>),
    Flag(bool),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn opt(value: Option<&str>) -> Cell {
        Cell::Text(value.unwrap_or_default().to_string())
    }
}

/// A report: its columns (JSON key, heading) and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub columns: Vec<(&'static str, &'static str)>,
    pub rows: Vec<Vec<Cell>>,
}

/// A child's computed timeline, with what a report names them by.
#[derive(Debug, Clone)]
pub struct ChildTimeline<'a> {
    pub reference: &'a str,
    pub name: String,
    pub timeline: &'a Timeline,
}

/// The columns of the item reports (overdue, due), as JSON keys and headings.
/// The worker comes after the child it is allocated to, where a reader of
/// the table looks for it; one list serves every format, and CSV and JSON
/// readers find columns by name.
pub const ITEM_COLUMNS: [(&str, &str); 9] = [
    ("ref", "Ref"),
    ("child", "Child"),
    ("worker", "Worker"),
    ("plan", "Plan"),
    ("item", "Item"),
    ("target", "Target"),
    ("deadline", "Deadline"),
    ("status", "Status"),
    ("responsible", "Responsible"),
];

/// Every item of an active plan that still applies and is not done.
fn open_items<'a>(
    children: &'a [ChildTimeline<'a>],
) -> impl Iterator<Item = (&'a ChildTimeline<'a>, (String, PlanId), &'a TimelineItem)> {
    children.iter().flat_map(|child| {
        child.timeline.plans.iter().flat_map(move |plan| {
            let name = plan.title.clone().unwrap_or_else(|| plan.plan.pathway.clone());
            let label = format!("{name} ({})", plan.plan.role.code());
            plan.items
                .iter()
                .filter(|i| i.status.is_open())
                .map(move |i| (child, (label.clone(), plan.plan.id), i))
        })
    })
}

fn item_row(child: &ChildTimeline<'_>, worker: Option<&str>, plan: String, item: &TimelineItem) -> Vec<Cell> {
    vec![
        Cell::text(child.reference),
        Cell::text(child.name.clone()),
        Cell::opt(worker),
        Cell::Text(plan),
        Cell::text(item.title.clone()),
        Cell::Date(item.target),
        Cell::Date(item.deadline),
        Cell::text(item.status.code()),
        Cell::opt(item.responsible.as_deref()),
    ]
}

/// The date an item is most pressingly due by: its deadline if that comes
/// first, else its good-practice target.
fn due(item: &TimelineItem) -> Option<NaiveDate> {
    match (item.target, item.deadline) {
        (Some(t), Some(d)) => Some(t.min(d)),
        (t, d) => t.or(d),
    }
}

/// Every item not done whose target or deadline is before `as_of`, the
/// longest overdue first; `worker_of` names the worker allocated to a
/// child, by reference.
pub fn overdue<'w>(
    children: &[ChildTimeline<'_>],
    as_of: NaiveDate,
    worker_of: impl Fn(&str) -> Option<&'w str>,
) -> Report {
    let mut found: Vec<_> = open_items(children)
        .filter(|(_, _, item)| due(item).is_some_and(|d| d < as_of))
        .collect();
    found.sort_by_key(|(child, _, item)| (due(item), child.reference.to_string()));
    Report {
        title: format!("Overdue on {}", crate::date::uk(as_of)),
        columns: ITEM_COLUMNS.to_vec(),
        rows: found
            .into_iter()
            .map(|(c, (p, _), i)| item_row(c, worker_of(c.reference), p, i))
            .collect(),
    }
}

/// Items not done whose target or deadline falls from `as_of` to `days`
/// days after it, soonest first; `worker_of` as for [`overdue`].
pub fn due_within<'w>(
    children: &[ChildTimeline<'_>],
    as_of: NaiveDate,
    days: u32,
    worker_of: impl Fn(&str) -> Option<&'w str>,
) -> Report {
    let end = as_of + chrono::Days::new(u64::from(days));
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| d >= as_of && d <= end);
    let mut found: Vec<_> = open_items(children)
        .filter(|(_, _, item)| within(item.target) || within(item.deadline))
        .collect();
    found.sort_by_key(|(child, _, item)| {
        let first = [item.target, item.deadline]
            .into_iter()
            .flatten()
            .filter(|d| *d >= as_of)
            .min();
        (first, child.reference.to_string())
    });
    Report {
        title: format!("Due from {} to {}", crate::date::uk(as_of), crate::date::uk(end)),
        columns: ITEM_COLUMNS.to_vec(),
        rows: found
            .into_iter()
            .map(|(c, (p, _), i)| item_row(c, worker_of(c.reference), p, i))
            .collect(),
    }
}

/// An open item placed in the "what next" list, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextItem {
    pub reference: String,
    pub name: String,
    pub plan: String,
    /// The plan and the item's key on it: what marking it done acts on.
    pub plan_id: PlanId,
    pub key: String,
    pub item: String,
    pub responsible: Option<String>,
    /// The date that decides its place, if it has one.
    pub due: Option<NaiveDate>,
    /// Whether the item has a deadline set by law (a statutory deadline):
    /// not only a target, and not a deadline of the authority's policy.
    pub statutory: bool,
    /// Whether its place is for a deadline passed (by law or policy): what
    /// the list shows in the colour of a breach.
    pub deadline_passed: bool,
    pub why: String,
}

/// The classes of the "what next" rule, most urgent first: a deadline
/// (set by law or by policy, each called by its name: only the law's is
/// "statutory") passed before a good-practice target passed; then deadlines
/// coming before targets coming; items that cannot start (waiting for an
/// event to be recorded) last. Within a class an item's place is its
/// class's date (the longer late or the sooner due first), then the
/// child's reference, then the item's place in the child's timeline: so a
/// reader that reads each class in that order a page at a time and puts
/// the classes one after another has [`what_next`]'s list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NextClass {
    DeadlinePassed,
    TargetPassed,
    DeadlineComing,
    TargetComing,
    Waiting,
}

impl NextClass {
    /// Every class, in the order the list takes them.
    pub const ALL: [NextClass; 5] = [
        NextClass::DeadlinePassed,
        NextClass::TargetPassed,
        NextClass::DeadlineComing,
        NextClass::TargetComing,
        NextClass::Waiting,
    ];

    /// The class of an open item with this target and deadline on
    /// `as_of`. A deadline on or before the target is the one that comes
    /// first, so it is a "deadline coming" item.
    pub fn of(target: Option<NaiveDate>, deadline: Option<NaiveDate>, as_of: NaiveDate) -> NextClass {
        match (deadline, target) {
            (Some(d), _) if d < as_of => NextClass::DeadlinePassed,
            (_, Some(t)) if t < as_of => NextClass::TargetPassed,
            (Some(d), Some(t)) if d <= t => NextClass::DeadlineComing,
            (_, Some(_)) => NextClass::TargetComing,
            (Some(_), None) => NextClass::DeadlineComing,
            (None, None) => NextClass::Waiting,
        }
    }

    /// Whether the class is ordered by the deadline (else by the target;
    /// a waiting item has neither, and is ordered by reference alone).
    pub fn by_deadline(self) -> bool {
        matches!(self, NextClass::DeadlinePassed | NextClass::DeadlineComing)
    }

    /// The date that places an item in its class, and is its `due`.
    pub fn date(self, target: Option<NaiveDate>, deadline: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            NextClass::Waiting => None,
            _ if self.by_deadline() => deadline,
            _ => target,
        }
    }

    /// Why an item of this class, placed by `date`, is where it is, its
    /// deadline called by who sets it (`deadline_by`); a waiting item
    /// names the rule it waits on.
    pub fn why(
        self,
        date: Option<NaiveDate>,
        rule: &str,
        deadline_by: Option<SetBy>,
        as_of: NaiveDate,
    ) -> String {
        let uk = crate::date::uk;
        let ago = |n: i64| match n {
            1 => "yesterday".to_string(),
            n => format!("{n} days ago"),
        };
        let ahead = |n: i64| match n {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        let Some(d) = date else {
            return format!("waiting: {rule}");
        };
        let days = (d - as_of).num_days();
        let deadline = deadline_words(deadline_by);
        match self {
            NextClass::DeadlinePassed => format!("{deadline} passed {} ({})", ago(-days), uk(d)),
            NextClass::TargetPassed => format!("good-practice target passed {} ({})", ago(-days), uk(d)),
            NextClass::DeadlineComing => format!("{deadline} {} ({})", ahead(days), uk(d)),
            NextClass::TargetComing | NextClass::Waiting => {
                format!("good-practice target {} ({})", ahead(days), uk(d))
            }
        }
    }
}

/// An open item's place in "what next": its class and the date that
/// orders it within the class.
pub fn next_place(item: &TimelineItem, as_of: NaiveDate) -> (NextClass, Option<NaiveDate>) {
    let class = NextClass::of(item.target, item.deadline, as_of);
    (class, class.date(item.target, item.deadline))
}

/// Every open item across the caseload, most urgent first, by the classes
/// of [`NextClass`]: within a class the longer late or the sooner due
/// first, then by the child's reference, then in timeline order.
pub fn what_next(children: &[ChildTimeline<'_>], as_of: NaiveDate) -> Vec<NextItem> {
    let mut ranked: Vec<((NextClass, Option<NaiveDate>), NextItem)> = open_items(children)
        .map(|(child, (plan, plan_id), item)| {
            let (class, due) = next_place(item, as_of);
            (
                (class, due),
                NextItem {
                    reference: child.reference.to_string(),
                    name: child.name.clone(),
                    plan,
                    plan_id,
                    key: item.key.clone(),
                    item: item.title.clone(),
                    responsible: item.responsible.clone(),
                    due,
                    statutory: item.deadline.is_some() && item.deadline_by == Some(SetBy::Law),
                    deadline_passed: class == NextClass::DeadlinePassed,
                    why: class.why(due, &item.rule, item.deadline_by, as_of),
                },
            )
        })
        .collect();
    // Stable: one child's items of a class and date keep timeline order.
    ranked.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.reference.cmp(&y.reference)));
    ranked.into_iter().map(|(_, item)| item).collect()
}

/// Reads a window such as `14d`, `2w` or `14` (days).
pub fn parse_window(text: &str) -> Result<u32, String> {
    let text = text.trim().to_ascii_lowercase();
    let (number, unit) = match text.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (text.strip_suffix('d').unwrap_or(&text), 1),
    };
    number
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|n| *n <= 3660)
        .ok_or_else(|| format!("{text:?} is not a window: write, say, 14d or 2w"))
}

#[cfg(test)]
mod tests;
