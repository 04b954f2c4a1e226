//! Rules for bringing plans in from a spreadsheet: `ref,pathway,role,
//! start,stage`, with the same all-or-nothing rules and messages as the
//! children import.

use crate::date::{DateStyle, iso, parse_date};
use crate::import::{Blanks, ImportProblem, RawRow, excerpt};
use crate::plan::{Plan, PlanBasis, PlanRole, PlanStatus, Stage};
use crate::sanitise::{Size, clean_line, within};
use chrono::NaiveDate;
use std::collections::HashMap;

pub const COLUMNS: [&str; 5] = ["ref", "pathway", "role", "start", "stage"];

/// One valid row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub line: usize,
    pub reference: String,
    pub pathway: String,
    pub role: PlanRole,
    pub start: NaiveDate,
    pub stage: Stage,
    /// Where the start came from: a spreadsheet's is its Legal Gateway
    /// decision; an SSDA903 import's, the start of the period of care.
    pub basis: PlanBasis,
}

/// Positions of the five columns in the header, or every problem with it.
pub fn validate_header(headers: &[String]) -> Result<[usize; 5], Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut positions = [usize::MAX; 5];
    for (cell, header) in headers.iter().enumerate() {
        let name = header.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(i) if positions[i] != usize::MAX => problems.push(ImportProblem::whole_line(
                1,
                format!(
                    "{name}: column appears twice (cells {} and {})",
                    positions[i] + 1,
                    cell + 1
                ),
            )),
            Some(i) => positions[i] = cell,
            None => problems.push(ImportProblem::whole_line(
                1,
                format!(
                    "{}: unknown column (known columns: {})",
                    excerpt(header.trim()),
                    COLUMNS.join(", ")
                ),
            )),
        }
    }
    for (i, column) in COLUMNS.iter().enumerate() {
        if positions[i] == usize::MAX {
            problems.push(ImportProblem::whole_line(
                1,
                format!("{column}: required column is missing"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}

/// Checks every row against the known pathways. Two primary plans for one
/// child in one file are refused: only one plan can lead.
pub fn validate_rows(
    positions: [usize; 5],
    rows: &[RawRow],
    pathways: &[&str],
    today: NaiveDate,
) -> Result<Vec<PlanRow>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut primary_line: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for row in rows {
        let line = row.line;
        let width = positions.iter().max().map_or(0, |m| m + 1);
        if row.cells.len() < width {
            problems.push(ImportProblem::whole_line(
                line,
                format!("has {} cells but the header has {}", row.cells.len(), width),
            ));
            continue;
        }
        let cells: Vec<String> = positions
            .iter()
            .map(|&p| clean_line(row.cells[p].trim()))
            .collect();
        let cell = |i: usize| cells[i].as_str();
        let at = |column: &str, message: String| ImportProblem {
            line,
            column: Some(column.to_string()),
            message,
        };
        // Every cell of a plan row is a short word or date: one longer than
        // a name is refused by itself, not quoted in another message.
        let long: Vec<ImportProblem> = cells
            .iter()
            .zip(COLUMNS)
            .filter_map(|(text, column)| within(text, Size::Name).err().map(|e| at(column, e.to_string())))
            .collect();
        if !long.is_empty() {
            problems.extend(long);
            continue;
        }
        let before = problems.len();
        let reference = cell(0).to_string();
        if reference.is_empty() {
            problems.push(at("ref", "is required but empty".into()));
        }
        let pathway = cell(1).to_ascii_lowercase();
        if !pathways.contains(&pathway.as_str()) {
            problems.push(at(
                "pathway",
                format!(
                    "{:?} is not a pathway (loaded pathways: {})",
                    excerpt(cell(1)),
                    pathways.join(", ")
                ),
            ));
        }
        // An empty cell left here had no plan to keep a value from.
        for (i, column) in KEPT.iter().map(|&i| (i, COLUMNS[i])) {
            if cell(i).is_empty() {
                problems.push(at(
                    column,
                    format!(
                        "is empty; a plan needs its {column} (an empty cell keeps an existing plan's, except with --blank-clears)"
                    ),
                ));
            }
        }
        let role = PlanRole::parse(cell(2));
        if role.is_none() && !cell(2).is_empty() {
            problems.push(at(
                "role",
                format!("{:?} is neither primary nor contingency", excerpt(cell(2))),
            ));
        }
        let start = match parse_date(cell(3)) {
            Ok(start) if start > today => {
                problems.push(at("start", format!("{} is in the future", excerpt(cell(3)))));
                None
            }
            Ok(start) => Some(start),
            Err(_) if cell(3).is_empty() => None,
            Err(e) => {
                problems.push(at("start", e.to_string()));
                None
            }
        };
        let stage = Stage::parse(cell(4));
        if stage.is_none() && !cell(4).is_empty() {
            problems.push(at(
                "stage",
                format!(
                    "{:?} is not a stage (expected one of {})",
                    excerpt(cell(4)),
                    Stage::ALL.map(Stage::code).join(", ")
                ),
            ));
        }
        if let Some(first) = seen.insert((reference.clone(), pathway.clone()), line) {
            problems.push(at(
                "pathway",
                format!(
                    "{} already has a plan on the {} pathway on line {first}",
                    excerpt(&reference),
                    excerpt(&pathway)
                ),
            ));
        }
        if role == Some(PlanRole::Primary)
            && let Some(first) = primary_line.insert(reference.clone(), line)
        {
            problems.push(at(
                "role",
                format!(
                    "{} already has a primary plan on line {first}",
                    excerpt(&reference)
                ),
            ));
        }
        if problems.len() == before
            && let (Some(role), Some(start), Some(stage)) = (role, start, stage)
        {
            plans.push(PlanRow {
                line,
                reference,
                pathway,
                role,
                start,
                stage,
                basis: Default::default(),
            });
        }
    }
    if problems.is_empty() {
        Ok(plans)
    } else {
        Err(problems)
    }
}

/// The role, start and stage cells, by their place in [`COLUMNS`].
const KEPT: [usize; 3] = [2, 3, 4];

/// Empty role, start or stage cells on a row for a plan the child already
/// has on that pathway take that plan's value, as an empty cell of the
/// children import leaves the field alone: a sheet that updates only
/// stages need not repeat every start. `existing` finds the child's active
/// plan on a pathway by reference. With `--blank-clears` nothing is
/// filled, and an empty cell is refused, since a plan cannot be without
/// its role, start or stage.
pub fn keep_blanks(
    positions: [usize; 5],
    rows: &mut [RawRow],
    blanks: Blanks,
    existing: impl Fn(&str, &str) -> Option<Plan>,
) {
    if blanks == Blanks::Clear {
        return;
    }
    for row in rows {
        let cell = |i: usize| row.cells.get(positions[i]).map_or("", |c| c.trim());
        if KEPT.iter().all(|&i| !cell(i).is_empty()) {
            continue;
        }
        let Some(plan) = existing(cell(0), &cell(1).to_ascii_lowercase()) else {
            continue;
        };
        let values = [
            plan.role.code().to_string(),
            iso(plan.start),
            plan.stage.code().to_string(),
        ];
        for (&i, value) in KEPT.iter().zip(values) {
            if let Some(slot) = row.cells.get_mut(positions[i])
                && slot.trim().is_empty()
            {
                *slot = value;
            }
        }
    }
}

/// How a child's plans differ after an import from before, one line a
/// change, as a dry run lists them: "adoption plan: stage proceedings →
/// looked-after", "adoption plan: new (primary, from 06/01/2025,
/// proceedings)", "reunification plan: closed".
pub fn plan_changes(before: &[Plan], after: &[Plan], style: DateStyle) -> Vec<String> {
    let mut out = Vec::new();
    for plan in after {
        let name = clean_line(&plan.pathway);
        let Some(old) = before.iter().find(|p| p.id == plan.id) else {
            out.push(format!(
                "{name} plan: new ({}, from {}, {})",
                plan.role.code(),
                style.show(plan.start),
                plan.stage.code()
            ));
            continue;
        };
        if old.status != plan.status && plan.status == PlanStatus::Closed {
            out.push(format!("{name} plan: closed"));
            continue;
        }
        let arrow =
            |what: &str, from: String, to: String| format!("{name} plan: {what} {from} \u{2192} {to}");
        if old.role != plan.role {
            out.push(arrow("role", old.role.code().into(), plan.role.code().into()));
        }
        if old.start != plan.start {
            out.push(arrow("start", style.show(old.start), style.show(plan.start)));
        }
        if old.stage != plan.stage {
            out.push(arrow("stage", old.stage.code().into(), plan.stage.code().into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(line: usize, text: &str) -> RawRow {
        RawRow {
            line,
            cells: text.split(',').map(String::from).collect(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_cell_longer_than_a_name_is_refused_by_itself() {
        let positions = validate_header(&COLUMNS.map(String::from)).unwrap();
        let long = "x".repeat(10_000);
        let rows = [raw(2, &format!("A1,{long},primary,2025-01-06,proceedings"))];
        let problems = validate_rows(positions, &rows, &["adoption"], today()).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert!(text[0].starts_with("line 2: pathway: 10000 characters is more than the 200"));
        assert!(text[0].len() < 300, "the cell is not quoted");
    }

    #[test]
    fn empty_cells_keep_an_existing_plan_s_values_unless_blanks_clear() {
        let positions = validate_header(&COLUMNS.map(String::from)).unwrap();
        let existing = |reference: &str, pathway: &str| {
            (reference == "A1" && pathway == "adoption").then(|| Plan {
                id: crate::plan::PlanId(1),
                pathway: "adoption".into(),
                role: PlanRole::Primary,
                start: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
                stage: Stage::Proceedings,
                status: PlanStatus::Active,
                basis: Default::default(),
            })
        };
        let sheet = || {
            vec![
                raw(2, "A1,Adoption,,,looked-after"),
                raw(3, "B2,adoption,primary,,"),
            ]
        };
        let mut rows = sheet();
        keep_blanks(positions, &mut rows, Blanks::Keep, existing);
        assert_eq!(
            rows[0].cells,
            ["A1", "Adoption", "primary", "2025-01-06", "looked-after"]
        );
        assert_eq!(
            rows[1].cells,
            ["B2", "adoption", "primary", "", ""],
            "no plan to keep from"
        );
        let problems = validate_rows(positions, &rows, &["adoption"], today()).unwrap_err();
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "line 3: start: is empty; a plan needs its start (an empty cell keeps an existing plan's, except with --blank-clears)",
                "line 3: stage: is empty; a plan needs its stage (an empty cell keeps an existing plan's, except with --blank-clears)",
            ]
        );
        let mut cleared = sheet();
        keep_blanks(positions, &mut cleared, Blanks::Clear, existing);
        assert_eq!(cleared, sheet(), "with --blank-clears nothing is filled");
    }

    #[test]
    fn plan_changes_name_new_closed_and_changed_plans() {
        let plan = |id: i64, pathway: &str, role: PlanRole, stage: Stage, status: PlanStatus| Plan {
            id: crate::plan::PlanId(id),
            pathway: pathway.into(),
            role,
            start: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            stage,
            status,
            basis: Default::default(),
        };
        let before = vec![
            plan(
                1,
                "adoption",
                PlanRole::Primary,
                Stage::Proceedings,
                PlanStatus::Active,
            ),
            plan(
                2,
                "reunification",
                PlanRole::Contingency,
                Stage::Proceedings,
                PlanStatus::Active,
            ),
        ];
        let mut after = vec![
            plan(
                1,
                "adoption",
                PlanRole::Contingency,
                Stage::LookedAfter,
                PlanStatus::Active,
            ),
            plan(
                2,
                "reunification",
                PlanRole::Contingency,
                Stage::Proceedings,
                PlanStatus::Closed,
            ),
            plan(
                3,
                "special-guardianship",
                PlanRole::Primary,
                Stage::Proceedings,
                PlanStatus::Active,
            ),
        ];
        after[0].start = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
        assert_eq!(
            plan_changes(&before, &after, DateStyle::default()),
            vec![
                "adoption plan: role primary \u{2192} contingency",
                "adoption plan: start 06/01/2025 \u{2192} 03/02/2025",
                "adoption plan: stage proceedings \u{2192} looked-after",
                "reunification plan: closed",
                "special-guardianship plan: new (primary, from 06/01/2025, proceedings)",
            ]
        );
        assert!(plan_changes(&before, &before, DateStyle::default()).is_empty());
    }

    #[test]
    fn reads_rows_in_any_column_order() {
        let header: Vec<String> = "stage,ref,start,role,pathway"
            .split(',')
            .map(String::from)
            .collect();
        let positions = validate_header(&header).unwrap();
        let rows = validate_rows(
            positions,
            &[raw(2, "proceedings,1001,06/01/2025,Primary,Adoption")],
            &["adoption"],
            today(),
        )
        .unwrap();
        assert_eq!(rows[0].pathway, "adoption");
        assert_eq!(rows[0].role, PlanRole::Primary);
        assert_eq!(rows[0].stage, Stage::Proceedings);
        assert_eq!(rows[0].start, NaiveDate::from_ymd_opt(2025, 1, 6).unwrap());
    }

    #[test]
    fn every_problem_is_named() {
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        let positions = validate_header(&header).unwrap();
        let problems = validate_rows(
            positions,
            &[
                raw(2, "1001,adoption,primary,2025-01-06,proceedings"),
                raw(3, "1001,fostering,primary,31/02/2025,court"),
                raw(4, "1002,adoption,lead,01/01/2030,looked-after"),
                raw(5, "1001,adoption,contingency,2025-01-06,proceedings"),
            ],
            &["adoption", "special-guardianship"],
            today(),
        )
        .unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "line 3: pathway: \"fostering\" is not a pathway (loaded pathways: adoption, special-guardianship)",
                "line 3: start: 31/02/2025 is not a date",
                "line 3: stage: \"court\" is not a stage (expected one of pre-proceedings, proceedings, looked-after)",
                "line 3: role: 1001 already has a primary plan on line 2",
                "line 4: role: \"lead\" is neither primary nor contingency",
                "line 4: start: 01/01/2030 is in the future",
                "line 5: pathway: 1001 already has a plan on the adoption pathway on line 2",
            ]
        );
    }

    #[test]
    fn header_problems() {
        let header: Vec<String> = "ref,pathway,role,begin".split(',').map(String::from).collect();
        let text: Vec<String> = validate_header(&header)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            text,
            vec![
                "line 1: begin: unknown column (known columns: ref, pathway, role, start, stage)",
                "line 1: start: required column is missing",
                "line 1: stage: required column is missing",
            ]
        );
    }
}
