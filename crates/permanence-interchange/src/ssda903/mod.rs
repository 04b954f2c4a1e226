//! Reads an authority's SSDA903 files: a folder of CSV tables, or the
//! files named one by one. Each table is found by its standard name
//! (`Episodes.csv`, `episodes_2024.csv`, any case) or, failing that, by
//! its header row; tables the product does not use are recognised and
//! skipped. The cells' meaning is decided in `domain::ssda903`: this
//! module finds, reads and hands over, and locates every problem by file.

pub mod generate;
#[cfg(test)]
mod tests;
pub mod write;

use crate::csv_in::{each_chunk, read_csv, well_formed};
use crate::domain::file_error::FileError;
use crate::domain::ssda903::codes::{CodeLists, YEARS};
use crate::domain::ssda903::mapping::{ChildImport, map};
use crate::domain::ssda903::rows::{Columns, Context};
use crate::domain::ssda903::{Problem, Return, Table, checks};
use std::path::{Path, PathBuf};

/// The code lists, built into the program (data/ssda903/*.toml).
const CODE_LISTS: [(&str, &str); 9] = [
    (
        "legal_status.toml",
        include_str!("../../../../data/ssda903/legal_status.toml"),
    ),
    (
        "reason_new_episode.toml",
        include_str!("../../../../data/ssda903/reason_new_episode.toml"),
    ),
    (
        "reason_ceased.toml",
        include_str!("../../../../data/ssda903/reason_ceased.toml"),
    ),
    (
        "placement.toml",
        include_str!("../../../../data/ssda903/placement.toml"),
    ),
    (
        "placement_provider.toml",
        include_str!("../../../../data/ssda903/placement_provider.toml"),
    ),
    (
        "category_of_need.toml",
        include_str!("../../../../data/ssda903/category_of_need.toml"),
    ),
    (
        "review_participation.toml",
        include_str!("../../../../data/ssda903/review_participation.toml"),
    ),
    (
        "reason_placed_ceased.toml",
        include_str!("../../../../data/ssda903/reason_placed_ceased.toml"),
    ),
    ("sex.toml", include_str!("../../../../data/ssda903/sex.toml")),
];

/// The code lists built into the program.
pub fn code_lists() -> Result<CodeLists, Vec<FileError>> {
    CodeLists::parse(&CODE_LISTS)
}

/// What was read, for the summary: each table with its files, and the
/// tables recognised but not used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub read: Vec<(Table, String)>,
    pub skipped: Vec<(Table, String)>,
}

impl Summary {
    /// One line per table: `Episodes: Episodes.csv (read)`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .read
            .iter()
            .map(|(t, f)| format!("{t}: {f} (read)"))
            .collect();
        lines.extend(
            self.skipped
                .iter()
                .map(|(t, f)| format!("{t}: {f} (skipped: the product records nothing from it)")),
        );
        lines
    }
}

/// Everything the files say, read, checked and mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ssda903 {
    pub summary: Summary,
    pub ret: Return,
    pub children: Vec<ChildImport>,
}

/// Reads, checks and maps the files at `paths` (folders, whose `.csv`
/// files are read, or files), or returns every problem found.
pub fn import(paths: &[PathBuf], year: Option<u16>) -> Result<Ssda903, Vec<Problem>> {
    let files = gather(paths)?;
    import_files(&files, year)
}

/// As [`import`], from files already in memory: (name for messages, bytes).
pub fn import_files(files: &[(String, Vec<u8>)], year: Option<u16>) -> Result<Ssda903, Vec<Problem>> {
    let checked = check_files(files, year)?;
    let children = map(&checked.ret, &checked.lists);
    Ok(Ssda903 {
        summary: checked.summary,
        ret: checked.ret,
        children,
    })
}

/// Everything the files say, read and checked but not yet mapped: for an
/// import that maps a child at a time (`mapping::map_child`), so that a
/// national return's history is never all held at once.
#[derive(Debug, Clone)]
pub struct Checked {
    pub summary: Summary,
    pub ret: Return,
    pub lists: CodeLists,
}

/// Reads and checks the files at `paths`, as [`import`] does, without
/// mapping them; or returns every problem found. The files' bytes are let
/// go once their rows are read, before the checks of the return as a
/// whole (a national return's files are tens of megabytes).
pub fn check(paths: &[PathBuf], year: Option<u16>) -> Result<Checked, Vec<Problem>> {
    let files = gather(paths)?;
    let lists = lists_for(year)?;
    let read = read(&files, &lists, year);
    drop(files);
    checked(lists, read)
}

/// As [`check`], from files already in memory.
pub fn check_files(files: &[(String, Vec<u8>)], year: Option<u16>) -> Result<Checked, Vec<Problem>> {
    let lists = lists_for(year)?;
    let read = read(files, &lists, year);
    checked(lists, read)
}

/// The code lists, and the collection year asked for if they cover it.
fn lists_for(year: Option<u16>) -> Result<CodeLists, Vec<Problem>> {
    let lists = code_lists().map_err(|errors| {
        errors
            .into_iter()
            .map(|e| Problem::whole_file(&e.file, format!("line {}: {}", e.line, e.message)))
            .collect::<Vec<_>>()
    })?;
    if let Some(y) = year
        && !(YEARS.0..=YEARS.1).contains(&y)
    {
        return Err(vec![Problem::whole_file(
            "--year",
            format!(
                "{y}: the code lists cover the collection years {} to {}",
                YEARS.0, YEARS.1
            ),
        )]);
    }
    Ok(lists)
}

/// What was read, checked as a whole.
fn checked(lists: CodeLists, read: (Return, Summary, Vec<Problem>)) -> Result<Checked, Vec<Problem>> {
    // The checks of the return as a whole run on what could be read, so
    // that one pass lists every problem, not the cells' first.
    let (mut ret, summary, mut problems) = read;
    ret.merge_repeated_rows();
    ret.shrink_to_fit();
    problems.extend(checks::check(&ret, &lists));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Checked { summary, ret, lists })
}

/// Reads every file's rows: what could be read, and every problem.
pub fn read(
    files: &[(String, Vec<u8>)],
    lists: &CodeLists,
    year: Option<u16>,
) -> (Return, Summary, Vec<Problem>) {
    let mut ret = Return::default();
    let mut summary = Summary::default();
    let mut problems = Vec::new();
    let mut ordered: Vec<&(String, Vec<u8>)> = files.iter().collect();
    // A year's files before the next year's, so that a later year's copy
    // of a row is the one kept.
    ordered.sort_by_key(|(name, _)| (year_in(name), name.clone()));
    for (name, bytes) in ordered {
        // A file is read a chunk of rows at a time (a national Episodes
        // file is millions of cells); one that does not read cleanly is
        // read whole first, for `read_csv` to say why.
        let header = match well_formed(bytes) {
            Some(header) => header,
            None => match read_csv(bytes) {
                Ok(table) => table.header,
                Err(errors) => {
                    problems.extend(errors.into_iter().map(|e| Problem {
                        file: name.clone(),
                        line: e.line,
                        column: e.column,
                        message: e.message,
                    }));
                    continue;
                }
            },
        };
        let stem = Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(kind) = Table::from_file_name(&stem).or_else(|| Table::from_header(&header)) else {
            problems.push(not_a_table(name));
            continue;
        };
        if !kind.is_used() {
            summary.skipped.push((kind, name.clone()));
            continue;
        }
        summary.read.push((kind, name.clone()));
        let context = Context { lists, year };
        if let Some(mut columns) = Columns::of(kind, name, &header, &mut ret, &mut problems) {
            each_chunk(bytes, CHUNK, |rows| {
                columns.read(rows, context, &mut ret, &mut problems);
            });
        }
    }
    for needed in [Table::Header, Table::Episodes] {
        if !summary.read.iter().any(|(t, _)| *t == needed) {
            problems.push(Problem::whole_file(
                needed.name(),
                format!("no {needed} table among the files: the import needs one"),
            ));
        }
    }
    summary.read.sort();
    summary.skipped.sort();
    (ret, summary, problems)
}

/// How many rows of a file are held as cells at once.
const CHUNK: usize = 4_096;

fn not_a_table(name: &str) -> Problem {
    let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    Problem::whole_file(
        name,
        format!(
            "is not a table of the SSDA903 return: neither its name nor its header row is one of {}",
            names.join(", ")
        ),
    )
}

/// The collection year a file's name carries, as `Episodes_2024.csv`
/// does; files without one come first.
fn year_in(name: &str) -> u32 {
    let digits: Vec<char> = name.chars().collect();
    digits
        .windows(4)
        .filter(|w| w.iter().all(char::is_ascii_digit))
        .filter_map(|w| w.iter().collect::<String>().parse::<u32>().ok())
        .find(|y| (2000..2100).contains(y))
        .unwrap_or(0)
}

/// The files at `paths`: a folder's `.csv` files in name order, a file as
/// given.
fn gather(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, Vec<Problem>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let read_one = |path: &Path, files: &mut Vec<(String, Vec<u8>)>, problems: &mut Vec<Problem>| {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match std::fs::read(path) {
            Ok(bytes) => files.push((name, bytes)),
            Err(e) => problems.push(Problem::whole_file(
                &path.display().to_string(),
                format!("cannot be read: {e}"),
            )),
        }
    };
    for path in paths {
        if path.is_dir() {
            let entries = match std::fs::read_dir(path) {
                Ok(entries) => entries,
                Err(e) => {
                    problems.push(Problem::whole_file(
                        &path.display().to_string(),
                        format!("cannot be read: {e}"),
                    ));
                    continue;
                }
            };
            let mut csvs: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
                .collect();
            csvs.sort();
            if csvs.is_empty() {
                problems.push(Problem::whole_file(
                    &path.display().to_string(),
                    "the folder holds no .csv files",
                ));
            }
            for csv in csvs {
                read_one(&csv, &mut files, &mut problems);
            }
        } else {
            read_one(path, &mut files, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
