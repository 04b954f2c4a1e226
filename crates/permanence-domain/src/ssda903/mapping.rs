//! What a child's history in the return means for the product: the
//! child's record, the events it records (each named by where in the
//! files it came from, so that importing next month's files updates
//! rather than duplicates), and the plans the history implies, or why it
//! implies none. The table of what comes from where is in the README,
//! "Starting from SSDA903 files".

use super::codes::{CodeLists, Outcome};
use super::{Episode, Return, Shared, Table};
use crate::child::LegalStatus;
use crate::date::{iso, uk};
use crate::event::Event;
use crate::history::HistoryEntry;
use crate::import::ChildPatch;
use crate::pathway::PlacementKind;
use crate::plan::{PlanEnding, PlanRole, Stage};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The 903 carries no names: until names are imported (`permanence import
/// children`), a child is called by this word and their `CHILD` reference,
/// as "Child 700123".
pub const PLACEHOLDER_GIVEN_NAME: &str = "Child";

/// A period of care: from an episode that starts one (`RNE` `S`) to the
/// end of the first episode that ends it (a `REC` other than `X1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period<'a> {
    pub start: NaiveDate,
    /// Whether the files show the child entering care (`RNE` `S`) on
    /// `start`; a history cut short begins with a later episode.
    pub entered: bool,
    /// `None` while the child is still looked after.
    pub end: Option<NaiveDate>,
    pub episodes: Vec<&'a Episode>,
}

impl Period<'_> {
    /// The reason care ended, if it has.
    pub fn ended_by(&self) -> Option<&str> {
        self.end?;
        self.episodes.last()?.rec.as_deref()
    }

    pub fn contains(&self, on: NaiveDate) -> bool {
        self.start <= on && self.end.is_none_or(|end| on <= end)
    }
}

/// A plan the history implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedPlan {
    /// A pathway's name, as in data/pathways.
    pub pathway: String,
    pub role: PlanRole,
    /// Week 1 of the pathway. The return holds no Legal Gateway date, so
    /// a plan counts from the start of the period of care it belongs to.
    pub start: NaiveDate,
    pub stage: Stage,
    /// For a plan the history shows ended: when, and how.
    pub closed: Option<(NaiveDate, PlanEnding)>,
    /// Whether the files show the period of care beginning: if not (a
    /// year's return begins with the episode open on 1 April), `start` is
    /// only where the files begin, and a plan already on the pathway from
    /// before it is the same plan.
    pub entered: bool,
    /// Why the history implies it, for the dry run and the summary.
    pub because: String,
}

/// One child of the return, as the product would record them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildImport {
    pub reference: String,
    /// As `permanence import children` takes a row: what the files say,
    /// `None` where they say nothing (the record keeps what it has).
    pub patch: ChildPatch,
    /// The periods of care, first to last: (start, end).
    pub periods: Vec<(NaiveDate, Option<NaiveDate>)>,
    pub history: Vec<HistoryEntry>,
    pub plans: Vec<ProposedPlan>,
    /// Why no current plan could be proposed, where none is.
    pub unplaced: Option<String>,
}

/// Each child's rows of every table, found by reference once rather than
/// by a search of the table per child (a national set has 100,000
/// children).
#[derive(Debug, Default)]
pub struct Index<'a> {
    pub episodes: BTreeMap<&'a str, Vec<&'a Episode>>,
    reviews: HashMap<&'a str, Vec<&'a super::Review>>,
    placed_adoption: HashMap<&'a str, Vec<&'a super::PlacedAdoption>>,
    ad1: HashMap<&'a str, Vec<&'a super::Ad1>>,
    social_worker: HashMap<&'a str, Vec<&'a super::SocialWorker>>,
}

fn group<'a, T>(rows: &'a [T], child: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, Vec<&'a T>> {
    let mut map: HashMap<&str, Vec<&T>> = HashMap::new();
    for row in rows {
        map.entry(child(row)).or_default().push(row);
    }
    map
}

impl<'a> Index<'a> {
    pub fn new(ret: &'a Return) -> Index<'a> {
        Index {
            episodes: by_child(&ret.episodes),
            reviews: group(&ret.reviews, |r| r.child.as_str()),
            placed_adoption: group(&ret.placed_adoption, |r| r.child.as_str()),
            ad1: group(&ret.ad1, |r| r.child.as_str()),
            social_worker: group(&ret.social_worker, |r| r.child.as_str()),
        }
    }

    pub fn reviews(&self, child: &str) -> &[&'a super::Review] {
        self.reviews.get(child).map_or(&[], Vec::as_slice)
    }

    pub fn placed_adoption(&self, child: &str) -> &[&'a super::PlacedAdoption] {
        self.placed_adoption.get(child).map_or(&[], Vec::as_slice)
    }

    pub fn ad1(&self, child: &str) -> &[&'a super::Ad1] {
        self.ad1.get(child).map_or(&[], Vec::as_slice)
    }

    pub fn social_worker(&self, child: &str) -> &[&'a super::SocialWorker] {
        self.social_worker.get(child).map_or(&[], Vec::as_slice)
    }
}

impl ChildImport {
    /// The plans proposed, and why none is where none is, one line each,
    /// as the dry run and the summary list them.
    pub fn plan_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .plans
            .iter()
            .map(|p| {
                let state = match p.closed {
                    Some((on, ending)) => format!("closed {} ({})", uk(on), ending.label()),
                    None => format!("{}, {}", p.role.code(), p.stage.label().to_lowercase()),
                };
                format!("plan {} ({state}) from {}: {}", p.pathway, uk(p.start), p.because)
            })
            .collect();
        if let Some(reason) = &self.unplaced {
            lines.push(format!("no current plan proposed: {reason}"));
        }
        lines
    }
}

/// Children Act 1989, s.105(1), as the reason for [`ChildImport::adult_on`]
/// cites it.
pub const UNDER_EIGHTEEN: &str = "Children Act 1989, s.105(1): a child is a person under the age of eighteen";

impl ChildImport {
    /// The child as the import proposes their plans on `today`: a young
    /// person who has turned 18 is no longer looked after, so no current
    /// plan is proposed for them, whatever the files' last episode says
    /// (a year's files read a year on, or files that left an episode
    /// open). This program's rule, from the Act; the plans their history
    /// shows ended stay.
    pub fn adult_on(mut self, today: NaiveDate) -> ChildImport {
        let Some(Some(born)) = self.patch.date_of_birth else {
            return self;
        };
        // Age as the rest of the program counts it (`supervision::age_on`),
        // so a child born on 29 February turns 18 on 1 March, as there.
        if crate::supervision::age_on(born, today) < 18 || self.plans.iter().all(|p| p.closed.is_some()) {
            return self;
        }
        let eighteen = eighteenth_birthday(born);
        self.plans.retain(|p| p.closed.is_some());
        self.unplaced = Some(format!(
            "turned 18 on {}, and a young person is no longer looked after from 18 ({UNDER_EIGHTEEN}; this program's rule); the files still show their last period of care open",
            uk(eighteen)
        ));
        self
    }
}

/// The first day a child born on `born` is 18 by `supervision::age_on`:
/// their birthday that year, or 1 March for one born on 29 February.
pub fn eighteenth_birthday(born: NaiveDate) -> NaiveDate {
    let year = born.year() + 18;
    born.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(born)
}

/// A child's episodes, by reference, in date order.
pub fn by_child(episodes: &[Episode]) -> BTreeMap<&str, Vec<&Episode>> {
    let mut children: BTreeMap<&str, Vec<&Episode>> = BTreeMap::new();
    for e in episodes {
        children.entry(e.child.as_str()).or_default().push(e);
    }
    for eps in children.values_mut() {
        eps.sort_by_key(|e| (e.decom, e.at));
    }
    children
}

/// A child's periods of care from their episodes in date order.
pub fn periods<'a>(episodes: &[&'a Episode], lists: &CodeLists) -> Vec<Period<'a>> {
    let mut out: Vec<Period<'a>> = Vec::new();
    for &e in episodes {
        let starts = lists
            .code(Table::Episodes, "RNE", &e.rne)
            .is_some_and(|c| c.starts_period);
        let carries_on = out.last().is_some_and(|p| p.end.is_none() && !starts);
        if carries_on && let Some(current) = out.last_mut() {
            current.episodes.push(e);
        } else {
            out.push(Period {
                start: e.decom,
                entered: starts,
                end: None,
                episodes: vec![e],
            });
        }
        let ends = e.dec.is_some()
            && !e
                .rec
                .as_deref()
                .and_then(|r| lists.code(Table::Episodes, "REC", r))
                .is_some_and(|c| c.continues_period);
        if let Some(current) = out.last_mut() {
            // An X1 with no episode after it leaves the period open: the
            // check reports it.
            current.end = if ends { e.dec } else { None };
        }
    }
    out
}

/// Every child of the return, by reference.
pub fn map(ret: &Return, lists: &CodeLists) -> Vec<ChildImport> {
    let index = Index::new(ret);
    in_order(ret)
        .into_iter()
        .map(|row| map_child(&index, lists, row))
        .collect()
}

/// The Header's rows in the order [`map`] maps them: by reference.
pub fn in_order(ret: &Return) -> Vec<&super::HeaderRow> {
    let mut header: Vec<_> = ret.header.iter().collect();
    header.sort_by(|a, b| a.child.cmp(&b.child));
    header
}

/// One child of the return, as [`map`] maps them: for an import that
/// maps and writes a child at a time, so that a national return's
/// million history entries are never all held at once.
pub fn map_child(index: &Index<'_>, lists: &CodeLists, row: &super::HeaderRow) -> ChildImport {
    let eps = index
        .episodes
        .get(row.child.as_str())
        .map_or(&[][..], Vec::as_slice);
    let periods = periods(eps, lists);
    let mut child = ChildImport {
        reference: row.child.to_string(),
        patch: patch(index, lists, row, &periods),
        periods: periods.iter().map(|p| (p.start, p.end)).collect(),
        history: history(index, lists, &row.child, &periods),
        plans: Vec::new(),
        unplaced: None,
    };
    let (plans, unplaced) = plans(index, lists, &row.child, &periods);
    child.plans = plans;
    child.unplaced = unplaced;
    child
}

/// Only the child's record as [`map`] maps it (no history, no plans):
/// what the workers' check reads of every child before anything is
/// written.
pub fn map_patch(index: &Index<'_>, lists: &CodeLists, row: &super::HeaderRow) -> ChildPatch {
    let eps = index
        .episodes
        .get(row.child.as_str())
        .map_or(&[][..], Vec::as_slice);
    patch(index, lists, row, &periods(eps, lists))
}

fn patch(index: &Index<'_>, lists: &CodeLists, row: &super::HeaderRow, periods: &[Period<'_>]) -> ChildPatch {
    let mut patch = ChildPatch {
        line: row.at.line,
        reference: row.child.to_string(),
        given_name: PLACEHOLDER_GIVEN_NAME.to_string(),
        family_name: row.child.to_string(),
        date_of_birth: Some(Some(row.dob)),
        ..ChildPatch::default()
    };
    let sex = lists.code(Table::Header, "SEX", &row.sex);
    patch.gender = Some(Some(
        sex.and_then(|c| c.label.clone())
            .unwrap_or_else(|| row.sex.to_string()),
    ));
    patch.ethnicity = row.ethnic.as_ref().map(|e| Some(e.to_string()));
    if let Some(last) = periods.last() {
        match (last.end, last.episodes.last()) {
            (None, Some(current)) => {
                let place = lists.code(Table::Episodes, "PLACE", &current.place);
                patch.placement_type = Some(Some(
                    place
                        .and_then(|c| c.label.clone())
                        .unwrap_or_else(|| current.place.to_string()),
                ));
                patch.legal_status = lists
                    .code(Table::Episodes, "LS", &current.ls)
                    .and_then(|c| c.legal_status);
                if last.entered {
                    patch.looked_after_since = Some(Some(last.start));
                }
            }
            (Some(_), Some(ended)) => {
                patch.placement_type = Some(None);
                patch.looked_after_since = Some(None);
                patch.legal_status = ended
                    .rec
                    .as_deref()
                    .and_then(|r| lists.code(Table::Episodes, "REC", r))
                    .and_then(|c| c.legal_status);
            }
            _ => {}
        }
    }
    let mut workers: Vec<_> = index.social_worker(&row.child).to_vec();
    workers.sort_by_key(|w| (w.sw_dec.is_none(), w.sw_decom));
    if let Some(worker) = workers.last() {
        patch.worker = Some(Some(worker.sw_id.to_string()));
    }
    patch
}

fn entry(reference: &str, event: Event, on: NaiveDate, source: String, note: String) -> HistoryEntry {
    HistoryEntry {
        reference: reference.to_string(),
        event,
        on,
        note: Some(note),
        source,
    }
}

fn history(index: &Index<'_>, lists: &CodeLists, child: &str, periods: &[Period<'_>]) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for period in periods {
        let mut previous: Option<&Episode> = None;
        for &e in &period.episodes {
            let day = iso(e.decom);
            if previous.is_none()
                && let Some(event) = lists
                    .code(Table::Episodes, "RNE", &e.rne)
                    .filter(|c| c.starts_period)
                    .and_then(|c| c.event)
            {
                out.push(entry(
                    child,
                    event,
                    e.decom,
                    format!("ssda903:episodes:{day}:RNE"),
                    format!("SSDA903 Episodes: RNE {}", e.rne),
                ));
            }
            // A legal status is recorded from the day it begins: at the
            // start of a period the files show, or on a change.
            let new_status = match previous {
                None => period.entered,
                Some(p) => p.ls != e.ls,
            };
            if new_status
                && let Some(code) = lists.code(Table::Episodes, "LS", &e.ls)
                && let Some(event) = code.event
            {
                out.push(entry(
                    child,
                    event,
                    e.decom,
                    format!("ssda903:episodes:{day}:LS"),
                    format!("SSDA903 Episodes: LS {} ({})", e.ls, code.meaning),
                ));
            }
            let adoption = |ep: &Episode| {
                lists
                    .code(Table::Episodes, "PLACE", &ep.place)
                    .is_some_and(|c| c.placement == Some(PlacementKind::Adoption))
            };
            if adoption(e) && !previous.is_some_and(adoption) {
                out.push(entry(
                    child,
                    Event::Placement,
                    e.decom,
                    format!("ssda903:episodes:{day}:PLACE"),
                    format!("SSDA903 Episodes: PLACE {}, placed for adoption", e.place),
                ));
            }
            previous = Some(e);
        }
        if let (Some(end), Some(rec)) = (period.end, period.ended_by())
            && let Some(code) = lists.code(Table::Episodes, "REC", rec)
            && let Some(event) = code.event
        {
            out.push(entry(
                child,
                event,
                end,
                format!("ssda903:episodes:{}:REC", iso(end)),
                format!("SSDA903 Episodes: REC {rec} ({})", code.meaning),
            ));
        }
    }
    for r in index.reviews(child) {
        let note = match &r.review_code {
            Some(code) => format!("SSDA903 Reviews: review held, participation {code}"),
            None => "SSDA903 Reviews: review held".to_string(),
        };
        out.push(entry(
            child,
            Event::CaseReview,
            r.review,
            format!("ssda903:reviews:{}", iso(r.review)),
            note,
        ));
    }
    let decisions = index.placed_adoption(child);
    for r in decisions {
        out.push(entry(
            child,
            Event::Shobpa,
            r.date_placed,
            format!("ssda903:placedadoption:{}", iso(r.date_placed)),
            "SSDA903 PlacedAdoption: decision that the child should be placed for adoption".to_string(),
        ));
    }
    for r in index.ad1(child) {
        if !decisions.iter().any(|d| d.date_placed == r.date_int) {
            out.push(entry(
                child,
                Event::Shobpa,
                r.date_int,
                format!("ssda903:ad1:{}:DATE_INT", iso(r.date_int)),
                "SSDA903 AD1: decision that the child should be placed for adoption".to_string(),
            ));
        }
        out.push(entry(
            child,
            Event::MatchingPanel,
            r.date_match,
            format!("ssda903:ad1:{}:DATE_MATCH", iso(r.date_match)),
            "SSDA903 AD1: matched with prospective adopters".to_string(),
        ));
    }
    out.extend(super::foster_carers::entries(index, lists, child, periods));
    let mut seen = HashSet::new();
    out.retain(|e| seen.insert(e.source.clone()));
    // In date order; on one day, in the order the files tell it (entering
    // care before the order it was under).
    out.sort_by_key(|e| e.on);
    out
}

/// The plans a child's history implies: one closed plan for each period
/// of care that ended in a way a pathway ends (adopted, a special
/// guardianship order, home as planned), and a current plan for the
/// period the child is in where the history shows which pathway it is
/// on. Where it does not, the reason is returned instead of a guess.
fn plans(
    index: &Index<'_>,
    lists: &CodeLists,
    child: &str,
    periods: &[Period<'_>],
) -> (Vec<ProposedPlan>, Option<String>) {
    let mut plans = Vec::new();
    let mut unplaced = None;
    let Some(last) = periods.last() else {
        return (
            plans,
            Some("the Episodes table has no episode of care for the child".to_string()),
        );
    };
    for period in periods {
        let (Some(end), Some(rec)) = (period.end, period.ended_by()) else {
            continue;
        };
        let code = lists.code(Table::Episodes, "REC", rec);
        let outcome = code.and_then(|c| c.outcome);
        let closed = |pathway: &str, ending: PlanEnding, because: String| ProposedPlan {
            pathway: pathway.to_string(),
            role: PlanRole::Primary,
            start: period.start,
            stage: Stage::LookedAfter,
            closed: Some((end, ending)),
            entered: period.entered,
            because,
        };
        let meaning = code.map_or(String::new(), |c| c.meaning.clone());
        match outcome {
            Some(Outcome::Adopted) => plans.push(closed(
                "adoption",
                PlanEnding::OrderMade,
                format!("adopted on {} (REC {rec})", uk(end)),
            )),
            Some(Outcome::SpecialGuardianship) => plans.push(closed(
                "special-guardianship",
                PlanEnding::OrderMade,
                format!(
                    "left care on {} under a special guardianship order (REC {rec})",
                    uk(end)
                ),
            )),
            Some(Outcome::ReturnedHome) => plans.push(closed(
                "reunification",
                PlanEnding::Ceased,
                format!("returned home as planned on {} (REC {rec})", uk(end)),
            )),
            _ if std::ptr::eq(period, last) => {
                unplaced = Some(format!(
                    "left care on {} (REC {rec}: {meaning}): no pathway of the product ends that way, so no plan is proposed",
                    uk(end)
                ));
            }
            _ => {}
        }
    }
    if last.end.is_none() {
        match current_plan(index, lists, child, last) {
            Ok(plan) => plans.push(plan),
            Err(reason) => unplaced = Some(reason),
        }
    }
    (plans, unplaced)
}

/// The plan of the period the child is in, or why there is none.
fn current_plan(
    index: &Index<'_>,
    lists: &CodeLists,
    child: &str,
    period: &Period<'_>,
) -> Result<ProposedPlan, String> {
    let Some(current) = period.episodes.last() else {
        return Err("the period of care has no episode".to_string());
    };
    let ls = |e: &Episode| {
        lists
            .code(Table::Episodes, "LS", &e.ls)
            .and_then(|c| c.legal_status)
    };
    let place = lists.code(Table::Episodes, "PLACE", &current.place);
    let status = ls(current);
    let stage = if status == Some(LegalStatus::Ico) {
        Stage::Proceedings
    } else {
        Stage::LookedAfter
    };
    let plan = |pathway: &str, because: String| ProposedPlan {
        pathway: pathway.to_string(),
        role: PlanRole::Primary,
        start: period.start,
        stage,
        closed: None,
        entered: period.entered,
        because,
    };
    let decision = index
        .placed_adoption(child)
        .iter()
        .filter(|r| period.contains(r.date_placed))
        .max_by_key(|r| r.date_placed);
    let reversed = decision.and_then(|d| {
        d.date_placed_ceased.map(|on| {
            (
                on,
                d.reason_placed_ceased
                    .as_ref()
                    .map(Shared::to_string)
                    .unwrap_or_default(),
            )
        })
    });
    let long_term = place.is_some_and(|c| c.placement == Some(PlacementKind::LongTerm));
    if place.is_some_and(|c| c.placement == Some(PlacementKind::Adoption)) {
        return Ok(plan(
            "adoption",
            format!(
                "placed for adoption since {} (PLACE {}) and not yet adopted",
                uk(current.decom),
                current.place
            ),
        ));
    }
    if let Some((on, reason)) = &reversed {
        if long_term {
            return Ok(plan(
                "permanent-fostering",
                format!(
                    "the adoption decision was reversed on {} ({reason}) and the child is in long-term fostering (PLACE {})",
                    uk(*on),
                    current.place
                ),
            ));
        }
        let why = lists
            .code(Table::PlacedAdoption, "REASON_PLACED_CEASED", reason)
            .map_or(String::new(), |c| format!(": {}", c.meaning));
        return Err(format!(
            "the decision that the child should be placed for adoption was reversed on {} ({reason}{why}); the files do not say what the plan is now",
            uk(*on)
        ));
    }
    if status == Some(LegalStatus::Po) {
        let since = period
            .episodes
            .iter()
            .find(|e| ls(e) == Some(LegalStatus::Po))
            .map_or(period.start, |e| e.decom);
        return Ok(plan(
            "adoption",
            format!(
                "a placement order since {} (LS {}) and no adoption yet",
                uk(since),
                current.ls
            ),
        ));
    }
    if let Some(d) = decision {
        return Ok(plan(
            "adoption",
            format!(
                "the decision on {} that the child should be placed for adoption (PlacedAdoption)",
                uk(d.date_placed)
            ),
        ));
    }
    if long_term {
        return Ok(plan(
            "permanent-fostering",
            format!(
                "in long-term fostering (PLACE {}) since {}",
                current.place,
                uk(current.decom)
            ),
        ));
    }
    let status = lists
        .code(Table::Episodes, "LS", &current.ls)
        .map_or(current.ls.to_string(), |c| {
            format!("{} ({})", current.ls, c.meaning)
        });
    let placement = place
        .and_then(|c| c.label.clone())
        .unwrap_or_else(|| current.place.to_string());
    Err(format!(
        "looked after since {} under {status}, placement {placement}: the files do not say which pathway the plan is on",
        uk(period.start)
    ))
}
