//! Best-option guidance (Warrington, Appendix 5) as decision support: the
//! advantages and disadvantages of each legal outcome, the factors for
//! beneficial and detrimental family time, the comparison of permanence
//! needs across orders, and the four scenarios with their meetings,
//! panels and outcomes in priority order. Read from `data/guidance/` and
//! checked on load; choosing a scenario for a child is a pure rule here.
//!
//! The appendix's age bands are "under 10" and "11 to 16", which leave a
//! ten-year-old (and anyone over 16) outside both. The product takes the
//! nearest band and says so; a ten-year-old, equally near both, gets the
//! older band, whose outcomes (SGO and CAO before fostering) fit a child
//! of that age better than a plan led by adoption. The worker sees that
//! the choice was made and can read the other scenario.

use crate::file_error::{FileError, from_toml};
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuidance {
    source: String,
    #[serde(default)]
    outcome: Vec<Spanned<RawOutcome>>,
    family_time: RawFamilyTime,
    comparison: RawComparison,
    #[serde(default)]
    scenario: Vec<Spanned<RawScenario>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcome {
    id: String,
    title: String,
    #[serde(default)]
    pathways: Vec<String>,
    #[serde(default)]
    advantages: Vec<String>,
    #[serde(default)]
    disadvantages: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamilyTime {
    beneficial_child: Vec<String>,
    beneficial_adult: Vec<String>,
    detrimental_child: Vec<String>,
    detrimental_adult: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    intro: String,
    columns: Vec<String>,
    #[serde(default)]
    row: Vec<Spanned<RawComparisonRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparisonRow {
    need: String,
    cells: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    id: String,
    number: u32,
    title: String,
    min_age: u32,
    max_age: u32,
    connected_people: bool,
    meeting: String,
    #[serde(default)]
    attendees: Vec<String>,
    #[serde(default)]
    panels: Vec<String>,
    outcomes: Vec<String>,
    outcome_labels: Vec<String>,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    /// A plan on one of these pathways counts as this outcome.
    pub pathways: Vec<String>,
    pub advantages: Vec<String>,
    pub disadvantages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyTimeFactors {
    pub beneficial_child: Vec<String>,
    pub beneficial_adult: Vec<String>,
    pub detrimental_child: Vec<String>,
    pub detrimental_adult: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub intro: String,
    pub columns: Vec<String>,
    /// (permanence need, one cell per column)
    pub rows: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub min_age: u32,
    pub max_age: u32,
    pub connected_people: bool,
    pub meeting: String,
    pub attendees: Vec<String>,
    pub panels: Vec<String>,
    /// (outcome id, the scenario's words for it), in priority order.
    pub outcomes: Vec<(String, String)>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub source: String,
    pub outcomes: Vec<Outcome>,
    pub family_time: FamilyTimeFactors,
    pub comparison: Comparison,
    pub scenarios: Vec<Scenario>,
}

impl Guidance {
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }
}

/// What is wrong with one scenario, beyond being listed twice: its ages,
/// its outcomes, and whether it covers the same children as one read
/// before it.
fn scenario_problems(s: &RawScenario, outcome_ids: &HashSet<String>, before: &[Scenario]) -> Vec<String> {
    let mut problems = Vec::new();
    if s.min_age > s.max_age {
        problems.push(format!(
            "scenario {:?}: min_age {} is above max_age {}",
            s.id, s.min_age, s.max_age
        ));
    }
    if s.outcomes.is_empty() {
        problems.push(format!("scenario {:?} lists no outcomes", s.id));
    }
    if s.outcomes.len() != s.outcome_labels.len() {
        problems.push(format!(
            "scenario {:?}: {} outcomes but {} outcome_labels; they go in pairs",
            s.id,
            s.outcomes.len(),
            s.outcome_labels.len()
        ));
    }
    for id in &s.outcomes {
        if !outcome_ids.contains(id) {
            problems.push(format!(
                "scenario {:?}: outcome {id:?} is not one of the [[outcome]] ids",
                s.id
            ));
        }
    }
    // Two scenarios for the same children would make the choice arbitrary.
    for other in before {
        if other.connected_people == s.connected_people
            && other.min_age <= s.max_age
            && s.min_age <= other.max_age
        {
            problems.push(format!(
                "scenario {:?} covers the same ages and circumstances as {:?}",
                s.id, other.id
            ));
        }
    }
    problems
}

/// A scenario as the program holds it, its outcomes paired with their
/// labels.
fn scenario(s: &RawScenario) -> Scenario {
    Scenario {
        id: s.id.clone(),
        number: s.number,
        title: s.title.clone(),
        min_age: s.min_age,
        max_age: s.max_age,
        connected_people: s.connected_people,
        meeting: s.meeting.clone(),
        attendees: s.attendees.clone(),
        panels: s.panels.clone(),
        outcomes: s
            .outcomes
            .iter()
            .cloned()
            .zip(s.outcome_labels.iter().cloned())
            .collect(),
        note: s.note.clone(),
    }
}

/// Reads and checks a guidance file: every problem with its line.
pub fn parse_file(file: &str, text: &str) -> Result<Guidance, Vec<FileError>> {
    let raw: RawGuidance = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut problem = |span, message| problems.push(FileError::at_span(file, text, span, message));
    let mut outcome_ids = HashSet::new();
    let mut outcomes = Vec::new();
    for spanned in &raw.outcome {
        let o = spanned.get_ref();
        if o.id.trim().is_empty() || o.title.trim().is_empty() {
            problem(spanned.span(), "an outcome needs an id and a title".into());
        }
        if !outcome_ids.insert(o.id.clone()) {
            problem(spanned.span(), format!("outcome {:?} is listed twice", o.id));
        }
        outcomes.push(Outcome {
            id: o.id.clone(),
            title: o.title.clone(),
            pathways: o.pathways.clone(),
            advantages: o.advantages.clone(),
            disadvantages: o.disadvantages.clone(),
        });
    }
    let columns = raw.comparison.columns.len();
    let mut rows = Vec::new();
    for spanned in &raw.comparison.row {
        let r = spanned.get_ref();
        if r.cells.len() != columns {
            problem(
                spanned.span(),
                format!(
                    "comparison row {:?} has {} cells for {columns} columns",
                    r.need,
                    r.cells.len()
                ),
            );
        }
        rows.push((r.need.clone(), r.cells.clone()));
    }
    let mut scenario_ids = HashSet::new();
    let mut scenarios: Vec<Scenario> = Vec::new();
    for spanned in &raw.scenario {
        let s = spanned.get_ref();
        if !scenario_ids.insert(s.id.clone()) {
            problem(spanned.span(), format!("scenario {:?} is listed twice", s.id));
        }
        for message in scenario_problems(s, &outcome_ids, &scenarios) {
            problem(spanned.span(), message);
        }
        scenarios.push(scenario(s));
    }
    if scenarios.is_empty() {
        problem(0..0, "the file has no [[scenario]]".into());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Guidance {
        source: raw.source,
        outcomes,
        family_time: FamilyTimeFactors {
            beneficial_child: raw.family_time.beneficial_child,
            beneficial_adult: raw.family_time.beneficial_adult,
            detrimental_child: raw.family_time.detrimental_child,
            detrimental_adult: raw.family_time.detrimental_adult,
        },
        comparison: Comparison {
            intro: raw.comparison.intro,
            columns: raw.comparison.columns,
            rows,
        },
        scenarios,
    })
}

/// What a scenario is chosen from. Each comes from the record and the
/// worker may correct it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Whole years today; `None` before birth (treated as 0).
    pub age: Option<u32>,
    pub connected_people: bool,
    /// The scenarios are for when return home has been ruled out.
    pub return_home_ruled_out: bool,
}

/// How well the chosen scenario fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// The child's age is in the scenario's band.
    Exact,
    /// No band covers the age; this is the nearest (ties to the older).
    Nearest(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<'a> {
    pub scenario: &'a Scenario,
    pub fit: Fit,
}

/// The scenario for these facts, or why there is none.
pub fn choose<'a>(guidance: &'a Guidance, facts: Facts) -> Result<Choice<'a>, String> {
    if !facts.return_home_ruled_out {
        return Err(
            "Return home has not been ruled out: these scenarios are for when it has, and reunification comes first"
                .to_string(),
        );
    }
    let age = facts.age.unwrap_or(0);
    let candidates: Vec<&Scenario> = guidance
        .scenarios
        .iter()
        .filter(|s| s.connected_people == facts.connected_people)
        .collect();
    if let Some(exact) = candidates.iter().find(|s| s.min_age <= age && age <= s.max_age) {
        return Ok(Choice {
            scenario: exact,
            fit: Fit::Exact,
        });
    }
    let distance = |s: &Scenario| {
        if age < s.min_age {
            s.min_age - age
        } else {
            age - s.max_age
        }
    };
    // Nearest band; on a tie the older band (see the module's note).
    let nearest = candidates
        .iter()
        .min_by(|a, b| distance(a).cmp(&distance(b)).then(b.min_age.cmp(&a.min_age)))
        .ok_or_else(|| "No scenario in the guidance covers these circumstances".to_string())?;
    Ok(Choice {
        scenario: nearest,
        fit: Fit::Nearest(format!(
            "The guidance has no scenario for a child of {age}; the nearest, for {} to {}, is shown",
            nearest.min_age, nearest.max_age
        )),
    })
}

/// Where each of the child's plans stands in the scenario's order:
/// (plan pathway, role, position in the order if it matches one).
pub fn placed<'a>(
    guidance: &Guidance,
    scenario: &Scenario,
    plans: &'a [(String, String)],
) -> Vec<(&'a str, &'a str, Option<usize>)> {
    plans
        .iter()
        .map(|(pathway, role)| {
            let position = scenario.outcomes.iter().position(|(id, _)| {
                guidance
                    .outcome(id)
                    .is_some_and(|o| o.pathways.iter().any(|p| p == pathway))
            });
            (pathway.as_str(), role.as_str(), position)
        })
        .collect()
}

/// The question to ask when the primary plan sits below outcomes the
/// scenario puts first: never a verdict, since the record cannot know why
/// they were set aside.
pub fn question(scenario: &Scenario, primary_position: Option<usize>) -> Option<String> {
    let position = primary_position?;
    if position == 0 {
        return None;
    }
    let higher: Vec<&str> = scenario.outcomes[..position]
        .iter()
        .map(|(_, label)| label.as_str())
        .collect();
    Some(format!(
        "The primary plan is outcome {} in this scenario's order. Have {} been considered and ruled out?",
        position + 1,
        higher.join(" and ")
    ))
}

#[cfg(test)]
mod tests;
