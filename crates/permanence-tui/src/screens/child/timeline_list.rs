//! The timeline as a list a worker moves through: each plan, its items
//! grouped by the plan week their target falls in, with the week's dates,
//! optionally only those a given role is responsible for. Pure, so the
//! app (moving the cursor) and the view (drawing) agree on every row.

use crate::domain::date::uk;
use crate::domain::pathway::role_label;
use crate::domain::timeline::{Timeline, TimelineItem};
use chrono::{Days, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRow {
    /// A plan's heading.
    Plan(usize),
    /// A week's heading: "Week 17 · 28/04/2025 – 04/05/2025".
    Week(String),
    Item {
        plan: usize,
        item: usize,
    },
}

/// Whether the item falls to `role` (matched without regard to case
/// against who is responsible and against Appendix 7's roles).
pub fn falls_to(item: &TimelineItem, role: &str) -> bool {
    let role = role.to_lowercase();
    item.responsible
        .as_deref()
        .is_some_and(|r| r.to_lowercase().contains(&role))
        || item
            .roles
            .iter()
            .any(|(key, _)| role_label(key).to_lowercase().contains(&role))
}

/// Who the items of this timeline fall to, for the filter's choices.
pub fn roles(timeline: &Timeline) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for item in timeline.plans.iter().flat_map(|p| &p.items) {
        let names = item
            .responsible
            .iter()
            .cloned()
            .chain(item.roles.iter().map(|(key, _)| role_label(key).to_string()));
        for name in names {
            if !found.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
                found.push(name);
            }
        }
    }
    found.sort_by_key(|r| r.to_lowercase());
    found
}

/// The plan week (1-based) a date falls in.
pub fn week_of(start: NaiveDate, date: NaiveDate) -> i64 {
    (date - start).num_days().div_euclid(7) + 1
}

pub fn rows(timeline: &Timeline, filter: Option<&str>) -> Vec<ListRow> {
    let mut rows = Vec::new();
    for (p, plan) in timeline.plans.iter().enumerate() {
        rows.push(ListRow::Plan(p));
        let mut current: Option<Option<i64>> = None;
        for (i, item) in plan.items.iter().enumerate() {
            if filter.is_some_and(|role| !falls_to(item, role)) {
                continue;
            }
            let week = item
                .target
                .or(item.deadline)
                .map(|d| week_of(plan.plan.start, d).max(0));
            if current != Some(week) {
                current = Some(week);
                rows.push(ListRow::Week(match week {
                    Some(n) => {
                        let first = plan.plan.start + Days::new(7 * (n.max(1) as u64 - 1));
                        let last = first + Days::new(6);
                        if n >= 1 {
                            format!("Week {n} · {} – {}", uk(first), uk(last))
                        } else {
                            "Before the plan began".to_string()
                        }
                    }
                    None => "Not yet dated".to_string(),
                }));
            }
            rows.push(ListRow::Item { plan: p, item: i });
        }
    }
    rows
}

/// Positions of the item rows, which the cursor moves between.
pub fn item_positions(rows: &[ListRow]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, ListRow::Item { .. }))
        .map(|(i, _)| i)
        .collect()
}
