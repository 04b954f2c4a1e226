//! The return's own consistency rules that matter to the product: each
//! child once in Header and every other table's child in it; an episode
//! ending before it starts; a child's episodes overlapping or leaving a
//! gap the codes do not explain; a review outside every period of care;
//! the adoption decision or match dated before the child entered care.
//! Each is reported as `FILE: line N: COLUMN: what is wrong`.

use super::codes::CodeLists;
use super::mapping::{Period, by_child, periods};
use super::{At, Problem, Return, Shared};
use crate::date::uk;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Every problem with the return as a whole (the rows having been read).
pub fn check(ret: &Return, lists: &CodeLists) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut header: HashMap<&str, At> = HashMap::new();
    for (child, at) in &ret.named {
        // The same child in two years' Header files is one child; twice
        // in one file is a mistake.
        if let Some(first) = header.insert(child.as_str(), *at)
            && first.file == at.file
        {
            problems.push(ret.problem(
                *at,
                "CHILD",
                format!(
                    "{child} is in the Header table twice (first on line {})",
                    first.line
                ),
            ));
        }
    }
    let known = |child: &str, at: At, problems: &mut Vec<Problem>| {
        if !header.contains_key(child) {
            problems.push(ret.problem(at, "CHILD", format!("{child} is not in the Header table")));
        }
    };
    let mut unknown_reported = std::collections::HashSet::new();
    let rows = ret
        .episodes
        .iter()
        .map(|r| (r.child.as_str(), r.at))
        .chain(ret.reviews.iter().map(|r| (r.child.as_str(), r.at)))
        .chain(ret.placed_adoption.iter().map(|r| (r.child.as_str(), r.at)))
        .chain(ret.ad1.iter().map(|r| (r.child.as_str(), r.at)))
        .chain(ret.social_worker.iter().map(|r| (r.child.as_str(), r.at)));
    for (child, at) in rows {
        // Once per child and file: a child missing from Header is one
        // mistake, not one per review.
        if unknown_reported.insert((child, at.file)) {
            known(child, at, &mut problems);
        }
    }
    episodes(ret, lists, &mut problems);
    // Only where the files show the child entering care: a year's return
    // begins with the episode open on 1 April, and a decision made before
    // it, in the same period of care, is no mistake.
    let entered: HashMap<&str, (NaiveDate, At)> = by_child(&ret.episodes)
        .into_iter()
        .filter_map(|(child, eps)| eps.first().map(|e| (child, (e.decom, e.at, e.rne.as_str()))))
        .filter(|(_, (_, _, rne))| {
            lists
                .code(super::Table::Episodes, "RNE", rne)
                .is_some_and(|c| c.starts_period)
        })
        .map(|(child, (decom, at, _))| (child, (decom, at)))
        .collect();
    reviews(ret, lists, &mut problems);
    let before_care = |child: &str, on: NaiveDate, at: At, column: &str, problems: &mut Vec<Problem>| {
        if let Some(&(start, first)) = entered.get(child)
            && on < start
            && !ret.incomplete.contains(child)
        {
            problems.push(ret.problem(
                at,
                column,
                format!(
                    "{} is before the child entered care ({} on line {} of {})",
                    uk(on),
                    uk(start),
                    first.line,
                    ret.file(first)
                ),
            ));
        }
    };
    for row in &ret.placed_adoption {
        before_care(&row.child, row.date_placed, row.at, "DATE_PLACED", &mut problems);
    }
    for row in &ret.ad1 {
        before_care(&row.child, row.date_int, row.at, "DATE_INT", &mut problems);
        before_care(&row.child, row.date_match, row.at, "DATE_MATCH", &mut problems);
    }
    problems
}

/// An episode ending before it starts; a child's episodes overlapping; a
/// new episode not starting when `X1` says it does, or a new period not
/// said to start (`RNE` `S`) after care ended.
fn episodes(ret: &Return, lists: &CodeLists, problems: &mut Vec<Problem>) {
    let continues = |rec: &Option<Shared>| {
        rec.as_deref()
            .and_then(|r| lists.code(super::Table::Episodes, "REC", r))
            .is_some_and(|c| c.continues_period)
    };
    let starts = |rne: &str| {
        lists
            .code(super::Table::Episodes, "RNE", rne)
            .is_some_and(|c| c.starts_period)
    };
    for e in &ret.episodes {
        if let Some(dec) = e.dec
            && dec < e.decom
        {
            problems.push(ret.problem(
                e.at,
                "DEC",
                format!("{} is before the episode starts (DECOM {})", uk(dec), uk(e.decom)),
            ));
        }
    }
    for (child, eps) in by_child(&ret.episodes) {
        if ret.incomplete.contains(child) {
            continue;
        }
        for pair in eps.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match a.dec {
                None => problems.push(ret.problem(
                    b.at,
                    "DECOM",
                    format!(
                        "{} starts an episode while the episode from {} (line {}) has not ended",
                        uk(b.decom),
                        uk(a.decom),
                        a.at.line
                    ),
                )),
                Some(dec) if b.decom < dec || b.decom == a.decom => problems.push(ret.problem(
                    b.at,
                    "DECOM",
                    format!(
                        "the episode from {} overlaps the episode from {} to {} (line {})",
                        uk(b.decom),
                        uk(a.decom),
                        uk(dec),
                        a.at.line
                    ),
                )),
                Some(dec) if continues(&a.rec) && b.decom != dec => problems.push(ret.problem(
                    a.at,
                    "REC",
                    format!(
                        "X1 says a new episode begins on {}, the day this one ends, but the next begins on {}",
                        uk(dec),
                        uk(b.decom)
                    ),
                )),
                Some(dec) if !continues(&a.rec) && !starts(&b.rne) => problems.push(ret.problem(
                    b.at,
                    "RNE",
                    format!(
                        "{} does not start a period of care, but the child left care on {} (line {}): a new period starts with S",
                        b.rne,
                        uk(dec),
                        a.at.line
                    ),
                )),
                _ => {}
            }
        }
        if let Some(last) = eps.last()
            && last.dec.is_some()
            && continues(&last.rec)
        {
            problems.push(ret.problem(
                last.at,
                "REC",
                "X1 says a new episode begins the day this one ends, but the child has no later episode",
            ));
        }
    }
}

/// A review held outside every period of care.
fn reviews(ret: &Return, lists: &CodeLists, problems: &mut Vec<Problem>) {
    let children: HashMap<&str, Vec<Period<'_>>> = by_child(&ret.episodes)
        .into_iter()
        .map(|(child, eps)| (child, periods(&eps, lists)))
        .collect();
    for review in ret
        .reviews
        .iter()
        .filter(|r| !ret.incomplete.contains(r.child.as_str()))
    {
        let Some(child_periods) = children.get(review.child.as_str()) else {
            if ret.episodes.is_empty() {
                continue;
            }
            problems.push(ret.problem(
                review.at,
                "REVIEW",
                format!(
                    "{} is a review of a child with no episode of care in the Episodes table",
                    uk(review.review)
                ),
            ));
            continue;
        };
        let inside = child_periods.iter().any(|p| p.contains(review.review));
        if !inside {
            problems.push(ret.problem(
                review.at,
                "REVIEW",
                format!(
                    "{} is outside every period of care of the child",
                    uk(review.review)
                ),
            ));
        }
    }
}
