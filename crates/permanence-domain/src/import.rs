//! Rules for bringing children in from a spreadsheet.
//!
//! The CSV reader (in `interchange`) hands over cells as text with the line
//! a spreadsheet would show; this module decides what they mean. Every
//! problem is collected, not just the first, so that a worker can fix a
//! file in one go: `line 7: date_of_birth: 31/02/2025 is not a date`.

use crate::child::{ChildFields, LegalStatus, Rag};
use crate::date::{DateStyle, EARLIEST_YEAR, parse_date, uk};
use crate::sanitise::{Size, clean_line, from_csv_cell, within};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt;

/// A column a caseload file may carry. The first fourteen are the contract
/// of `permanence import children`; the last three complete the record so
/// that an export can be imported again without loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ref,
    GivenName,
    FamilyName,
    DateOfBirth,
    Gender,
    Ethnicity,
    Religion,
    LegalStatus,
    PlacementType,
    LookedAfterSince,
    Worker,
    Team,
    Iro,
    Rag,
    Disability,
    DisabilityNote,
    SiblingGroup,
}

impl Column {
    pub const ALL: [Column; 17] = [
        Column::Ref,
        Column::GivenName,
        Column::FamilyName,
        Column::DateOfBirth,
        Column::Gender,
        Column::Ethnicity,
        Column::Religion,
        Column::LegalStatus,
        Column::PlacementType,
        Column::LookedAfterSince,
        Column::Worker,
        Column::Team,
        Column::Iro,
        Column::Rag,
        Column::Disability,
        Column::DisabilityNote,
        Column::SiblingGroup,
    ];

    pub const REQUIRED: [Column; 3] = [Column::Ref, Column::GivenName, Column::FamilyName];

    pub fn name(self) -> &'static str {
        match self {
            Column::Ref => "ref",
            Column::GivenName => "given_name",
            Column::FamilyName => "family_name",
            Column::DateOfBirth => "date_of_birth",
            Column::Gender => "gender",
            Column::Ethnicity => "ethnicity",
            Column::Religion => "religion",
            Column::LegalStatus => "legal_status",
            Column::PlacementType => "placement_type",
            Column::LookedAfterSince => "looked_after_since",
            Column::Worker => "worker",
            Column::Team => "team",
            Column::Iro => "iro",
            Column::Rag => "rag",
            Column::Disability => "disability",
            Column::DisabilityNote => "disability_note",
            Column::SiblingGroup => "sibling_group",
        }
    }

    /// Header names are matched ignoring case and surrounding spaces.
    pub fn parse(header: &str) -> Option<Column> {
        let wanted = header.trim().to_ascii_lowercase();
        Column::ALL.into_iter().find(|c| c.name() == wanted)
    }
}

/// One thing wrong with an input file, located as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// 1-based, the header being line 1.
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl ImportProblem {
    fn at(line: usize, column: Column, message: impl Into<String>) -> ImportProblem {
        ImportProblem {
            line,
            column: Some(column.name().to_string()),
            message: message.into(),
        }
    }

    pub fn whole_line(line: usize, message: impl Into<String>) -> ImportProblem {
        ImportProblem {
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// How much of a cell an error message quotes: enough to find it in the
/// spreadsheet, never the whole of a cell that may be megabytes long.
pub const QUOTED_CHARS: usize = 40;

/// The longest a problem's message is shown, whatever it quotes: a safety
/// net under [`excerpt`], which each message uses for the cells it names.
const MESSAGE_CHARS: usize = 1_000;

/// The start of a cell's text as an error message quotes it: cleaned, and
/// cut to [`QUOTED_CHARS`] characters with "…" where there was more.
pub fn excerpt(text: &str) -> String {
    cut(&clean_line(text), QUOTED_CHARS)
}

fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote the file's text, which may hold anything.
        let message = cut(&clean_line(&self.message), MESSAGE_CHARS);
        match &self.column {
            Some(column) => write!(f, "line {}: {}: {message}", self.line, clean_line(column)),
            None => write!(f, "line {}: {message}", self.line),
        }
    }
}

/// A change to one field: `None` when the file has no such column or,
/// unless blanks clear, an empty cell (the record keeps what it has);
/// `Some(None)` when the field is cleared, `Some(Some(v))` to set it.
pub type Update<T> = Option<Option<T>>;

/// What an empty cell means. A spreadsheet saved from another system
/// often has gaps where that system knew less, so by default a gap keeps
/// what the record has: an import never silently erases a child's
/// looked-after date, worker, team or RAG. Clearing is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Blanks {
    #[default]
    Keep,
    /// `--blank-clears`: an empty cell empties the field.
    Clear,
}

/// One valid row: the child it names and what the file says about them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChildPatch {
    pub line: usize,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Update<NaiveDate>,
    pub gender: Update<String>,
    pub ethnicity: Update<String>,
    pub religion: Update<String>,
    pub legal_status: Option<LegalStatus>,
    pub placement_type: Update<String>,
    pub looked_after_since: Update<NaiveDate>,
    /// The worker as the file names them: a username or a display name.
    pub worker: Update<String>,
    pub team: Update<String>,
    pub iro: Update<String>,
    pub rag: Update<Rag>,
    pub disability: Option<bool>,
    pub disability_note: Update<String>,
    pub sibling_group: Update<String>,
}

impl ChildPatch {
    /// The record after this row is applied to what was there before (if
    /// anything). `worker` and `iro` must already be resolved to usernames.
    pub fn apply(&self, existing: Option<&ChildFields>) -> ChildFields {
        let mut child = existing.cloned().unwrap_or_default();
        child.reference = self.reference.clone();
        child.given_name = self.given_name.clone();
        child.family_name = self.family_name.clone();
        set(&mut child.date_of_birth, &self.date_of_birth);
        set(&mut child.gender, &self.gender);
        set(&mut child.ethnicity, &self.ethnicity);
        set(&mut child.religion, &self.religion);
        if let Some(status) = self.legal_status {
            child.legal_status = status;
        }
        set(&mut child.placement_type, &self.placement_type);
        set(&mut child.looked_after_since, &self.looked_after_since);
        set(&mut child.worker, &self.worker);
        set(&mut child.team, &self.team);
        set(&mut child.iro, &self.iro);
        set(&mut child.rag, &self.rag);
        if let Some(disabled) = self.disability {
            child.disability.disabled = disabled;
        }
        set(&mut child.disability.note, &self.disability_note);
        set(&mut child.sibling_group, &self.sibling_group);
        child
    }
}

fn set<T: Clone>(field: &mut Option<T>, update: &Update<T>) {
    if let Some(value) = update {
        *field = value.clone();
    }
}

/// One field an import changes on one child, as a dry run lists it:
/// `looked_after_since 19/12/2024 → (blank)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The column's name, as the file spells it.
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} \u{2192} {}", self.field, self.old, self.new)
    }
}

/// What an empty field is shown as in a list of changes.
pub const BLANK: &str = "(blank)";

/// Every field that differs between a child's record before an import
/// (none for a new child) and after, in the file's column order, dates
/// in the user's style.
pub fn field_changes(
    before: Option<&ChildFields>,
    after: &ChildFields,
    style: DateStyle,
) -> Vec<FieldChange> {
    let empty = ChildFields::default();
    let before = before.unwrap_or(&empty);
    let text = |v: &Option<String>| v.as_deref().map_or_else(|| BLANK.to_string(), str::to_string);
    let day = |v: &Option<NaiveDate>| v.map_or_else(|| BLANK.to_string(), |d| style.show(d));
    let name = |v: &str| {
        if v.is_empty() {
            BLANK.to_string()
        } else {
            v.to_string()
        }
    };
    let both = |show: &dyn Fn(&ChildFields) -> String| (show(before), show(after));
    let mut out = Vec::new();
    for column in Column::ALL {
        let (old, new) = match column {
            Column::Ref => both(&|c| name(&c.reference)),
            Column::GivenName => both(&|c| name(&c.given_name)),
            Column::FamilyName => both(&|c| name(&c.family_name)),
            Column::DateOfBirth => both(&|c| day(&c.date_of_birth)),
            Column::Gender => both(&|c| text(&c.gender)),
            Column::Ethnicity => both(&|c| text(&c.ethnicity)),
            Column::Religion => both(&|c| text(&c.religion)),
            Column::LegalStatus => both(&|c| c.legal_status.code().to_string()),
            Column::PlacementType => both(&|c| text(&c.placement_type)),
            Column::LookedAfterSince => both(&|c| day(&c.looked_after_since)),
            Column::Worker => both(&|c| text(&c.worker)),
            Column::Team => both(&|c| text(&c.team)),
            Column::Iro => both(&|c| text(&c.iro)),
            Column::Rag => both(&|c| c.rag.map_or_else(|| BLANK.to_string(), |r| r.word().to_string())),
            Column::Disability => both(&|c| if c.disability.disabled { "yes" } else { "no" }.to_string()),
            Column::DisabilityNote => both(&|c| text(&c.disability.note)),
            Column::SiblingGroup => both(&|c| text(&c.sibling_group)),
        };
        if old != new {
            out.push(FieldChange {
                field: column.name(),
                old: clean_line(&old),
                new: clean_line(&new),
            });
        }
    }
    out
}

/// Checks the header row and returns the column each cell position holds.
pub fn validate_header(headers: &[String]) -> Result<Vec<Column>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut columns = Vec::with_capacity(headers.len());
    let mut seen: HashMap<Column, usize> = HashMap::new();
    for (position, header) in headers.iter().enumerate() {
        let cell = position + 1;
        match Column::parse(header) {
            Some(column) => {
                if let Some(first) = seen.insert(column, cell) {
                    problems.push(ImportProblem::at(
                        1,
                        column,
                        format!("column appears twice (cells {first} and {cell})"),
                    ));
                }
                columns.push(column);
            }
            None if header.trim().is_empty() => problems.push(ImportProblem::whole_line(
                1,
                format!("cell {cell} of the header is empty; every column needs a name"),
            )),
            None => problems.push(ImportProblem::whole_line(
                1,
                format!(
                    "{}: unknown column (known columns: {})",
                    excerpt(header.trim()),
                    Column::ALL.map(Column::name).join(", ")
                ),
            )),
        }
    }
    for required in Column::REQUIRED {
        if !seen.contains_key(&required) {
            problems.push(ImportProblem::at(1, required, "required column is missing"));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// A data row as read from the file: its spreadsheet line and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Validates every row; returns them all or every problem found. Refs that
/// appear twice in one file are refused, since one of the two rows would
/// silently overwrite the other.
pub fn validate_rows(
    columns: &[Column],
    rows: &[RawRow],
    today: NaiveDate,
) -> Result<Vec<ChildPatch>, Vec<ImportProblem>> {
    validate_rows_with(columns, rows, today, Blanks::Keep)
}

/// As [`validate_rows`], saying what an empty cell means.
pub fn validate_rows_with(
    columns: &[Column],
    rows: &[RawRow],
    today: NaiveDate,
    blanks: Blanks,
) -> Result<Vec<ChildPatch>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut patches = Vec::with_capacity(rows.len());
    let mut first_line_of_ref: HashMap<String, usize> = HashMap::new();
    for row in rows {
        if let Some(reference) = columns
            .iter()
            .position(|c| *c == Column::Ref)
            .and_then(|i| row.cells.get(i))
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
        {
            if let Some(first) = first_line_of_ref.get(reference) {
                problems.push(ImportProblem::at(
                    row.line,
                    Column::Ref,
                    format!("{reference} already appears on line {first}"),
                ));
            } else {
                first_line_of_ref.insert(reference.to_string(), row.line);
            }
        }
        match validate_row(columns, row, today, blanks) {
            Ok(patch) => patches.push(patch),
            Err(mut row_problems) => problems.append(&mut row_problems),
        }
    }
    problems.sort_by_key(|p| p.line);
    if problems.is_empty() {
        Ok(patches)
    } else {
        Err(problems)
    }
}

/// What an empty cell does to a field: `None` if the cell is not empty
/// (read it); else the update, which leaves the field alone (`None`)
/// unless blanks clear, when it sets `cleared`.
fn blank<T>(empty: bool, blanks: Blanks, cleared: T) -> Option<Option<T>> {
    match (empty, blanks) {
        (false, _) => None,
        (true, Blanks::Keep) => Some(None),
        (true, Blanks::Clear) => Some(Some(cleared)),
    }
}

/// Reads one data row into a patch, or says every problem with it.
fn validate_row(
    columns: &[Column],
    row: &RawRow,
    today: NaiveDate,
    blanks: Blanks,
) -> Result<ChildPatch, Vec<ImportProblem>> {
    let line = row.line;
    if row.cells.len() != columns.len() {
        return Err(vec![ImportProblem::whole_line(
            line,
            format!(
                "has {} cells but the header has {}",
                row.cells.len(),
                columns.len()
            ),
        )]);
    }
    let mut problems = Vec::new();
    let mut patch = ChildPatch {
        line,
        ..ChildPatch::default()
    };
    for (column, raw) in columns.iter().copied().zip(&row.cells) {
        let cleaned = clean_cell(raw);
        let cell = Cell {
            line,
            column,
            value: cleaned.trim(),
            blanks,
        };
        match cell.within_size() {
            Ok(()) => fill(&mut patch, &cell, today, &mut problems),
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(problem) = looked_after_before_birth(&patch) {
        problems.push(problem);
    }
    if problems.is_empty() {
        Ok(patch)
    } else {
        Err(problems)
    }
}

/// A cell's text as the record may hold it. Spreadsheet text is
/// untrusted: no escape sequences or bidi overrides get into the record,
/// and our own formula guard on exported cells is undone.
fn clean_cell(raw: &str) -> String {
    clean_line(from_csv_cell(raw.trim()))
}

/// One cleaned cell of a row, with where it is (for its problems) and
/// what an empty cell means.
struct Cell<'a> {
    line: usize,
    column: Column,
    value: &'a str,
    blanks: Blanks,
}

impl Cell<'_> {
    fn problem(&self, message: impl Into<String>) -> ImportProblem {
        ImportProblem::at(self.line, self.column, message)
    }

    fn empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Refuses a cell longer than its field holds: a note may be a
    /// paragraph, everything else is a name's length.
    fn within_size(&self) -> Result<(), ImportProblem> {
        let size = match self.column {
            Column::DisabilityNote => Size::Text,
            _ => Size::Name,
        };
        within(self.value, size).map_err(|e| self.problem(e.to_string()))
    }

    /// A free-text field: the text, or what a blank means.
    fn text(&self) -> Update<String> {
        match blank(self.empty(), self.blanks, None) {
            Some(update) => update,
            None => Some(Some(self.value.to_string())),
        }
    }

    /// A date field: a real date no earlier than [`EARLIEST_YEAR`], or
    /// what a blank means; a bad date is a problem and changes nothing.
    fn date(&self, problems: &mut Vec<ImportProblem>) -> Update<NaiveDate> {
        if let Some(update) = blank(self.empty(), self.blanks, None) {
            return update;
        }
        match parse_date(self.value) {
            Ok(d) if d.year() < EARLIEST_YEAR => {
                problems.push(self.problem(format!("{} is before {EARLIEST_YEAR}", excerpt(self.value))));
                None
            }
            Ok(d) => Some(Some(d)),
            Err(e) => {
                problems.push(self.problem(e.to_string()));
                None
            }
        }
    }

    /// A legal status by its code, or what a blank means (`none` when
    /// blanks clear).
    fn legal_status(&self) -> Result<Option<LegalStatus>, ImportProblem> {
        if let Some(update) = blank(self.empty(), self.blanks, LegalStatus::None) {
            return Ok(update);
        }
        LegalStatus::parse(self.value).map(Some).ok_or_else(|| {
            self.problem(format!(
                "{} is not a legal status (expected one of {})",
                excerpt(self.value),
                LegalStatus::ALL.map(LegalStatus::code).join(", ")
            ))
        })
    }

    /// A RAG rating by word or letter, or what a blank means.
    fn rag(&self) -> Result<Update<Rag>, ImportProblem> {
        if let Some(update) = blank(self.empty(), self.blanks, None) {
            return Ok(update);
        }
        Rag::parse(self.value).map(|rag| Some(Some(rag))).ok_or_else(|| {
            self.problem(format!(
                "{} is not a RAG rating (expected red, amber, yellow, green or R, A, Y, G)",
                excerpt(self.value)
            ))
        })
    }

    /// Yes or no in the words a spreadsheet uses, or what a blank means
    /// (no when blanks clear).
    fn yes_or_no(&self) -> Result<Option<bool>, ImportProblem> {
        match self.value.to_ascii_lowercase().as_str() {
            "" => Ok(blank(self.empty(), self.blanks, false).flatten()),
            "no" | "n" | "false" | "0" => Ok(Some(false)),
            "yes" | "y" | "true" | "1" => Ok(Some(true)),
            _ => Err(self.problem(format!("{} is not yes or no", excerpt(self.value)))),
        }
    }
}

/// Sets a field to what its cell says, or notes the cell's problem and
/// leaves the field as it was.
fn set_or_note<T>(field: &mut T, read: Result<T, ImportProblem>, problems: &mut Vec<ImportProblem>) {
    match read {
        Ok(value) => *field = value,
        Err(problem) => problems.push(problem),
    }
}

/// Reads one cell into the field its column names.
fn fill(patch: &mut ChildPatch, cell: &Cell, today: NaiveDate, problems: &mut Vec<ImportProblem>) {
    match cell.column {
        Column::Ref | Column::GivenName | Column::FamilyName => {
            if cell.empty() {
                problems.push(cell.problem("is required but empty"));
            }
            let slot = match cell.column {
                Column::Ref => &mut patch.reference,
                Column::GivenName => &mut patch.given_name,
                _ => &mut patch.family_name,
            };
            *slot = cell.value.to_string();
        }
        Column::DateOfBirth => {
            patch.date_of_birth = cell.date(problems);
            problems.extend(birth_too_far_ahead(cell, patch.date_of_birth, today));
        }
        Column::LookedAfterSince => {
            patch.looked_after_since = cell.date(problems);
            if let Some(Some(since)) = patch.looked_after_since
                && since > today
            {
                problems.push(cell.problem(format!("{} is in the future", uk(since))));
            }
        }
        Column::Gender => patch.gender = cell.text(),
        Column::Ethnicity => patch.ethnicity = cell.text(),
        Column::Religion => patch.religion = cell.text(),
        Column::PlacementType => patch.placement_type = cell.text(),
        Column::Worker => patch.worker = cell.text(),
        Column::Team => patch.team = cell.text(),
        Column::Iro => patch.iro = cell.text(),
        Column::DisabilityNote => patch.disability_note = cell.text(),
        Column::SiblingGroup => patch.sibling_group = cell.text(),
        Column::LegalStatus => set_or_note(&mut patch.legal_status, cell.legal_status(), problems),
        Column::Rag => set_or_note(&mut patch.rag, cell.rag(), problems),
        Column::Disability => set_or_note(&mut patch.disability, cell.yes_or_no(), problems),
    }
}

/// An expected date of birth lies at most a pregnancy (300 days) away.
fn birth_too_far_ahead(cell: &Cell, born: Update<NaiveDate>, today: NaiveDate) -> Option<ImportProblem> {
    let Some(Some(dob)) = born else {
        return None;
    };
    (dob > today + chrono::Days::new(300)).then(|| {
        cell.problem(format!(
            "{} is more than 300 days away; an expected date of birth cannot be",
            uk(dob)
        ))
    })
}

/// A child cannot have become looked after before they were born.
fn looked_after_before_birth(patch: &ChildPatch) -> Option<ImportProblem> {
    if let (Some(Some(dob)), Some(Some(since))) = (patch.date_of_birth, patch.looked_after_since)
        && since < dob
    {
        return Some(ImportProblem::at(
            patch.line,
            Column::LookedAfterSince,
            format!("{} is before the date of birth {}", uk(since), uk(dob)),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(String::from).collect()
    }

    fn raw(line: usize, cells: &str) -> RawRow {
        RawRow {
            line,
            cells: cells.split(',').map(String::from).collect(),
        }
    }

    fn messages(problems: &[ImportProblem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn fields_longer_than_their_limit_are_refused_by_line_and_column() {
        let columns = validate_header(&header("ref,given_name,family_name,disability_note")).unwrap();
        let long_name = "a".repeat(1_000_000);
        let long_note = "n".repeat(100_001);
        let rows = [
            raw(2, &format!("C1,{long_name},Okafor,")),
            raw(3, &format!("C2,Leo,Smith,{long_note}")),
            raw(4, &format!("C3,Zoë,Jones,{}", "n".repeat(100_000))),
        ];
        let text = messages(&validate_rows(&columns, &rows, today()).unwrap_err());
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].starts_with("line 2: given_name: 1000000 characters is more than the 200 it may hold"),
            "{}",
            &text[0][..100]
        );
        assert!(text[1].starts_with("line 3: disability_note: 100001 characters is more than the 100000"));
    }

    #[test]
    fn header_columns_in_any_order_and_case() {
        let columns = validate_header(&header("Family_Name, ref ,given_name,RAG")).unwrap();
        assert_eq!(
            columns,
            vec![Column::FamilyName, Column::Ref, Column::GivenName, Column::Rag]
        );
    }

    #[test]
    fn header_problems_are_all_reported_on_line_one() {
        let problems = validate_header(&header("ref,date_of_brith,ref,")).unwrap_err();
        let text = messages(&problems);
        assert!(text[0].starts_with("line 1: date_of_brith: unknown column (known columns: ref, given_name"));
        assert_eq!(text[1], "line 1: ref: column appears twice (cells 1 and 3)");
        assert_eq!(
            text[2],
            "line 1: cell 4 of the header is empty; every column needs a name"
        );
        assert_eq!(text[3], "line 1: given_name: required column is missing");
        assert_eq!(text[4], "line 1: family_name: required column is missing");
        assert_eq!(text.len(), 5);
    }

    #[test]
    fn a_valid_row_becomes_a_patch() {
        let columns = validate_header(&header(
            "ref,given_name,family_name,date_of_birth,legal_status,rag,looked_after_since,worker,disability",
        ))
        .unwrap();
        let patches = validate_rows(
            &columns,
            &[raw(
                2,
                "1001, Amara ,Okafor,03/04/2019,ICO,a,2025-06-01,Alice Smith,yes",
            )],
            today(),
        )
        .unwrap();
        let p = &patches[0];
        assert_eq!(p.line, 2);
        assert_eq!(p.given_name, "Amara");
        assert_eq!(p.date_of_birth, Some(NaiveDate::from_ymd_opt(2019, 4, 3)));
        assert_eq!(p.legal_status, Some(LegalStatus::Ico));
        assert_eq!(p.rag, Some(Some(Rag::Amber)));
        assert_eq!(p.worker, Some(Some("Alice Smith".into())));
        assert_eq!(p.disability, Some(true));
        assert_eq!(p.gender, None, "absent column leaves the field alone");
    }

    #[test]
    fn every_problem_in_every_row_is_named() {
        let columns = validate_header(&header(
            "ref,given_name,family_name,date_of_birth,legal_status,rag",
        ))
        .unwrap();
        let rows = [
            raw(2, "1001,Amara,Okafor,31/02/2025,ico,r"),
            raw(3, "1002,,Hughes,2019-01-01,xyz,blue"),
            raw(4, "1001,Leo,Hughes,,co,"),
            raw(5, "1003,Ben"),
            raw(6, "1004,Unborn,Patel,01/01/2030,none,"),
        ];
        let problems = validate_rows(&columns, &rows, today()).unwrap_err();
        assert_eq!(
            messages(&problems),
            vec![
                "line 2: date_of_birth: 31/02/2025 is not a date",
                "line 3: given_name: is required but empty",
                "line 3: legal_status: xyz is not a legal status (expected one of none, s20, ico, co, po, iso, so, sgo, cao)",
                "line 3: rag: blue is not a RAG rating (expected red, amber, yellow, green or R, A, Y, G)",
                "line 4: ref: 1001 already appears on line 2",
                "line 5: has 2 cells but the header has 6",
                "line 6: date_of_birth: 01/01/2030 is more than 300 days away; an expected date of birth cannot be",
            ]
        );
    }

    #[test]
    fn care_dates_must_be_past_and_after_birth() {
        let columns = validate_header(&header(
            "ref,given_name,family_name,date_of_birth,looked_after_since",
        ))
        .unwrap();
        let problems = validate_rows(
            &columns,
            &[
                raw(2, "1,A,B,01/01/2020,01/01/2019"),
                raw(3, "2,C,D,,01/01/2027"),
                raw(4, "3,E,F,01/01/1025,"),
            ],
            today(),
        )
        .unwrap_err();
        assert_eq!(
            messages(&problems),
            vec![
                "line 2: looked_after_since: 01/01/2019 is before the date of birth 01/01/2020",
                "line 3: looked_after_since: 01/01/2027 is in the future",
                "line 4: date_of_birth: 01/01/1025 is before 1900",
            ]
        );
    }

    #[test]
    fn applying_a_patch_keeps_absent_columns_and_empty_cells_unless_blanks_clear() {
        let existing = ChildFields {
            reference: "1001".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            gender: Some("Female".into()),
            rag: Some(Rag::Red),
            legal_status: LegalStatus::Co,
            ..ChildFields::default()
        };
        let columns = validate_header(&header("ref,given_name,family_name,rag,legal_status")).unwrap();
        let rows = [raw(2, "1001,Amara,Okafor-Jones,,")];
        let patch = validate_rows(&columns, &rows, today()).unwrap().remove(0);
        let after = patch.apply(Some(&existing));
        assert_eq!(after.family_name, "Okafor-Jones");
        assert_eq!(after.gender.as_deref(), Some("Female"));
        assert_eq!(
            after.legal_status,
            LegalStatus::Co,
            "an empty cell keeps the status"
        );
        assert_eq!(after.rag, Some(Rag::Red), "an empty cell keeps the RAG");
        assert_eq!(patch.apply(Some(&after)), after, "applying twice changes nothing");

        let clearing = validate_rows_with(&columns, &rows, today(), Blanks::Clear)
            .unwrap()
            .remove(0);
        let cleared = clearing.apply(Some(&existing));
        assert_eq!(cleared.rag, None);
        assert_eq!(cleared.legal_status, LegalStatus::None);
        assert_eq!(
            cleared.gender.as_deref(),
            Some("Female"),
            "an absent column is never cleared"
        );
    }

    #[test]
    fn field_changes_name_each_field_old_and_new_in_column_order() {
        let before = ChildFields {
            reference: "A1".into(),
            given_name: "Amara".into(),
            family_name: "Okafor".into(),
            looked_after_since: NaiveDate::from_ymd_opt(2024, 12, 19),
            worker: Some("alice.smith".into()),
            rag: Some(Rag::Amber),
            ..ChildFields::default()
        };
        let after = ChildFields {
            looked_after_since: None,
            rag: Some(Rag::Red),
            ..before.clone()
        };
        let lines: Vec<String> = field_changes(Some(&before), &after, DateStyle::default())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            vec![
                "looked_after_since 19/12/2024 \u{2192} (blank)",
                "rag amber \u{2192} red"
            ]
        );
        assert!(field_changes(Some(&before), &before, DateStyle::Iso).is_empty());
        let new = field_changes(None, &before, DateStyle::Iso);
        assert_eq!(new[0].to_string(), "ref (blank) \u{2192} A1");
        assert!(
            new.iter()
                .any(|c| c.to_string() == "looked_after_since (blank) \u{2192} 2024-12-19")
        );
        assert!(
            new.iter().all(|c| c.field != "gender"),
            "nothing to nothing is no change"
        );
    }
}
