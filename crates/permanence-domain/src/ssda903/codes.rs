//! The SSDA903 code lists, one TOML file per coded column
//! (data/ssda903/*.toml, described in data/ssda903/README.md): what each
//! code means in the Department's words, the collection years it is valid
//! for, and what it means in the product (a legal status, an event, how
//! care ended). A new year's changes are a change to these files.

use super::Table;
use crate::child::LegalStatus;
use crate::event::Event;
use crate::file_error::{FileError, from_toml};
use crate::pathway::PlacementKind;
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

/// The first and last collection years the files here cover (a year is
/// the one its collection ends in: 2024 is April 2023 to March 2024).
pub const YEARS: (u16, u16) = (2017, 2024);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    table: Spanned<String>,
    column: String,
    title: String,
    source: String,
    years: Spanned<[u16; 2]>,
    code: Vec<Spanned<RawCode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    code: Spanned<String>,
    meaning: String,
    years: Option<Spanned<[u16; 2]>>,
    label: Option<String>,
    legal_status: Option<Spanned<String>>,
    event: Option<Spanned<String>>,
    outcome: Option<Spanned<String>>,
    placement: Option<Spanned<String>>,
    starts_period: Option<bool>,
    continues_period: Option<bool>,
    same_carers: Option<bool>,
}

/// How a period of care ended, as far as the product's plans go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Adopted,
    SpecialGuardianship,
    ChildArrangements,
    /// Home as part of the care plan.
    ReturnedHome,
    /// Home, but not as the care plan meant.
    ReturnedHomeUnplanned,
}

crate::coded::coded! {
    Outcome, exact;
    Adopted => "adopted", "adopted";
    SpecialGuardianship => "special-guardianship", "a special guardianship order";
    ChildArrangements => "child-arrangements", "a child arrangements order";
    ReturnedHome => "returned-home", "returned home as planned";
    ReturnedHomeUnplanned => "returned-home-unplanned", "returned home outside the care plan";
}

/// One code of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub code: String,
    /// In the guide's words.
    pub meaning: String,
    pub years: (u16, u16),
    /// How the child's record shows it, where the guide's words are long.
    pub label: Option<String>,
    pub legal_status: Option<LegalStatus>,
    pub event: Option<Event>,
    pub outcome: Option<Outcome>,
    pub placement: Option<PlacementKind>,
    /// `RNE` `S`: the episode begins a period of care.
    pub starts_period: bool,
    /// `REC` `X1`: the next episode carries the same period on.
    pub continues_period: bool,
    /// `RNE` `L`, `T`, `U`: the episode begins with the child still with
    /// the same carer(s), so a placement with them carries on across it
    /// (how A10 finds when the foster carers who adopted took the child in).
    pub same_carers: bool,
}

impl Code {
    pub fn valid_in(&self, year: Option<u16>) -> bool {
        year.is_none_or(|y| (self.years.0..=self.years.1).contains(&y))
    }
}

/// The codes of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeList {
    pub table: Table,
    pub column: String,
    pub title: String,
    pub source: String,
    pub years: (u16, u16),
    pub codes: Vec<Code>,
}

/// Every list, looked up by table and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeLists {
    pub lists: Vec<CodeList>,
}

impl CodeLists {
    /// Reads every list (file name, text), or every problem with them.
    pub fn parse(files: &[(&str, &str)]) -> Result<CodeLists, Vec<FileError>> {
        let mut lists = Vec::new();
        let mut problems = Vec::new();
        for (file, text) in files {
            match parse(file, text) {
                Ok(list) => {
                    if lists
                        .iter()
                        .any(|l: &CodeList| l.table == list.table && l.column == list.column)
                    {
                        problems.push(FileError {
                            file: (*file).to_string(),
                            line: 0,
                            message: format!("a second list for {}.{}", list.table, list.column),
                        });
                    }
                    lists.push(list);
                }
                Err(mut errors) => problems.append(&mut errors),
            }
        }
        if problems.is_empty() {
            Ok(CodeLists { lists })
        } else {
            Err(problems)
        }
    }

    pub fn list(&self, table: Table, column: &str) -> Option<&CodeList> {
        self.lists.iter().find(|l| l.table == table && l.column == column)
    }

    pub fn code(&self, table: Table, column: &str, code: &str) -> Option<&Code> {
        self.list(table, column)?.codes.iter().find(|c| c.code == code)
    }
}

/// Reads one list file.
pub fn parse(file: &str, text: &str) -> Result<CodeList, Vec<FileError>> {
    let raw: RawList = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut problems = Vec::new();
    let mut problem = |span: std::ops::Range<usize>, message: String| {
        problems.push(FileError::at_span(file, text, span, message));
    };
    let table = Table::ALL
        .into_iter()
        .find(|t| t.name() == raw.table.get_ref())
        .unwrap_or_else(|| {
            problem(
                raw.table.span(),
                format!(
                    "table: {:?} is not a table of the SSDA903 return",
                    raw.table.get_ref()
                ),
            );
            Table::Header
        });
    let years = check_years(&raw.years, YEARS, &mut problem).unwrap_or(YEARS);
    let mut seen = HashSet::new();
    let mut codes = Vec::with_capacity(raw.code.len());
    for spanned in &raw.code {
        let c = spanned.get_ref();
        let name = c.code.get_ref().trim().to_string();
        if name.is_empty() || !seen.insert(name.clone()) {
            problem(c.code.span(), format!("code: {name:?} is empty or given twice"));
        }
        let legal_status = c.legal_status.as_ref().and_then(|v| {
            LegalStatus::parse(v.get_ref()).or_else(|| {
                problem(
                    v.span(),
                    format!(
                        "legal_status: {:?} is not a legal status the product knows",
                        v.get_ref()
                    ),
                );
                None
            })
        });
        let event = c.event.as_ref().and_then(|v| {
            Event::parse(v.get_ref()).or_else(|| {
                problem(
                    v.span(),
                    format!("event: {:?} is not an event the product knows", v.get_ref()),
                );
                None
            })
        });
        let outcome = c.outcome.as_ref().and_then(|v| {
            Outcome::parse(v.get_ref()).or_else(|| {
                problem(v.span(), format!("outcome: {:?} is not one of adopted, special-guardianship, child-arrangements, returned-home, returned-home-unplanned", v.get_ref()));
                None
            })
        });
        let placement = c.placement.as_ref().and_then(|v| {
            PlacementKind::parse(v.get_ref()).or_else(|| {
                problem(
                    v.span(),
                    format!(
                        "placement: {:?} is neither \"adoption\" nor \"long-term\"",
                        v.get_ref()
                    ),
                );
                None
            })
        });
        let code_years = match &c.years {
            Some(y) => check_years(y, years, &mut problem).unwrap_or(years),
            None => years,
        };
        codes.push(Code {
            code: name,
            meaning: c.meaning.trim().to_string(),
            years: code_years,
            label: c.label.clone(),
            legal_status,
            event,
            outcome,
            placement,
            starts_period: c.starts_period.unwrap_or(false),
            continues_period: c.continues_period.unwrap_or(false),
            same_carers: c.same_carers.unwrap_or(false),
        });
    }
    if codes.is_empty() {
        problem(0..0, "the list has no [[code]]s".to_string());
    }
    if problems.is_empty() {
        Ok(CodeList {
            table,
            column: raw.column.trim().to_string(),
            title: raw.title,
            source: raw.source,
            years,
            codes,
        })
    } else {
        Err(problems)
    }
}

/// A `[first, last]` pair of collection years, within `outer`.
fn check_years(
    years: &Spanned<[u16; 2]>,
    outer: (u16, u16),
    problem: &mut impl FnMut(std::ops::Range<usize>, String),
) -> Option<(u16, u16)> {
    let [first, last] = *years.get_ref();
    if first > last || first < outer.0 || last > outer.1 {
        problem(
            years.span(),
            format!(
                "years: [{first}, {last}] must run forwards within {} to {}",
                outer.0, outer.1
            ),
        );
        return None;
    }
    Some((first, last))
}
