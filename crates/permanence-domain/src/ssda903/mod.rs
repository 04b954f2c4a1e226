//! The SSDA903 return (the Department for Education's annual return on
//! children looked after) as the product reads it: its tables as typed
//! rows, the checks of the return that matter here, and what a child's
//! history in it means for the product (the child, their recorded events,
//! the plans the history implies).
//!
//! Pure: the reader in `interchange::ssda903` finds the files and hands
//! over their cells; the code lists come in as text (data/ssda903/*.toml).
//! Every problem is located as `FILE: line N: COLUMN: what is wrong`, and
//! all of them are collected, so that a file is fixed in one go.

pub mod checks;
pub mod codes;
pub mod export;
#[cfg(test)]
mod export_tests;
pub mod foster_carers;
pub mod kept;
pub mod left_care;
pub mod mapping;
pub mod rows;
pub mod shared;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
pub use shared::Shared;
use std::fmt;

/// A table of the return. The first six are read; the others are
/// recognised and skipped, with a word in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Header,
    Episodes,
    Reviews,
    PlacedAdoption,
    Ad1,
    SocialWorker,
    Uasc,
    Oc2,
    Oc3,
    Missing,
    PrevPerm,
}

impl Table {
    pub const ALL: [Table; 11] = [
        Table::Header,
        Table::Episodes,
        Table::Reviews,
        Table::PlacedAdoption,
        Table::Ad1,
        Table::SocialWorker,
        Table::Uasc,
        Table::Oc2,
        Table::Oc3,
        Table::Missing,
        Table::PrevPerm,
    ];

    /// The table's name as the Department's guide and the files use it.
    pub fn name(self) -> &'static str {
        match self {
            Table::Header => "Header",
            Table::Episodes => "Episodes",
            Table::Reviews => "Reviews",
            Table::PlacedAdoption => "PlacedAdoption",
            Table::Ad1 => "AD1",
            Table::SocialWorker => "SocialWorker",
            Table::Uasc => "UASC",
            Table::Oc2 => "OC2",
            Table::Oc3 => "OC3",
            Table::Missing => "Missing",
            Table::PrevPerm => "PrevPerm",
        }
    }

    /// Whether the product reads the table (the others hold nothing it
    /// records: health checks, care leavers, missing episodes, ...).
    pub fn is_used(self) -> bool {
        matches!(
            self,
            Table::Header
                | Table::Episodes
                | Table::Reviews
                | Table::PlacedAdoption
                | Table::Ad1
                | Table::SocialWorker
        )
    }

    /// A column only this table has, by which a file whose name says
    /// nothing is known from its header row.
    fn distinctive_column(self) -> &'static str {
        match self {
            Table::Header => "ETHNIC",
            Table::Episodes => "DECOM",
            Table::Reviews => "REVIEW",
            Table::PlacedAdoption => "DATE_PLACED",
            Table::Ad1 => "DATE_MATCH",
            Table::SocialWorker => "SW_ID",
            Table::Uasc => "DUC",
            Table::Oc2 => "SDQ_SCORE",
            Table::Oc3 => "IN_TOUCH",
            Table::Missing => "MIS_START",
            Table::PrevPerm => "PREV_PERM",
        }
    }

    /// The columns a table must have for the product to read it.
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            Table::Header => &["CHILD", "SEX", "DOB"],
            Table::Episodes => &["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"],
            Table::Reviews => &["CHILD", "REVIEW"],
            Table::PlacedAdoption => &["CHILD", "DATE_PLACED"],
            Table::Ad1 => &["CHILD", "DATE_INT", "DATE_MATCH"],
            Table::SocialWorker => &["CHILD", "SW_ID", "SW_DECOM"],
            _ => &["CHILD"],
        }
    }

    /// The table a file's name gives, case-insensitive, with or without a
    /// year or other suffix as authorities name them (`episodes.csv`,
    /// `Episodes_2024.csv`, `SSDA903_2023_AD1.csv`, `placed_adoption.csv`).
    pub fn from_file_name(stem: &str) -> Option<Table> {
        let squashed: String = stem
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let words: String = squashed.chars().filter(|c| !c.is_ascii_digit()).collect();
        let words = words.trim_start_matches("ssda").trim_start_matches("ssd");
        // Longest names first, so that `placedadoption` is not taken for
        // something shorter inside it.
        let mut names: Vec<(Table, String)> = Table::ALL
            .into_iter()
            .map(|t| (t, t.name().to_ascii_lowercase()))
            .collect();
        names.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
        // AD1 and OC2/OC3 carry digits in their names.
        for (table, name) in &names {
            if squashed.contains(name.as_str()) && name.chars().any(|c| c.is_ascii_digit()) {
                return Some(*table);
            }
        }
        names
            .iter()
            .find(|(_, name)| {
                !name.chars().any(|c| c.is_ascii_digit())
                    && (words == name.as_str()
                        || words.starts_with(name.as_str())
                        || words.ends_with(name.as_str()))
            })
            .map(|(table, _)| *table)
    }

    /// The table a header row belongs to, by its distinctive column.
    pub fn from_header(header: &[String]) -> Option<Table> {
        Table::ALL.into_iter().find(|t| {
            header
                .iter()
                .any(|h| h.trim().eq_ignore_ascii_case(t.distinctive_column()))
        })
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One thing wrong with the files: `Episodes.csv: line 7: DECOM:
/// 31/02/2020 is not a date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based, the header row being line 1; 0 for the file as a whole.
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(file: &str, line: usize, column: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            column: Some(column.to_string()),
            message: message.into(),
        }
    }

    pub fn whole_file(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: 0,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::sanitise::clean_line;
        let file = clean_line(&self.file);
        let message = clean_line(&self.message);
        match (self.line, &self.column) {
            (0, _) => write!(f, "{file}: {message}"),
            (line, Some(column)) => write!(f, "{file}: line {line}: {}: {message}", clean_line(column)),
            (line, None) => write!(f, "{file}: line {line}: {message}"),
        }
    }
}

/// Where a row came from: the index of its file in [`Return::files`] and
/// its line there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct At {
    pub file: usize,
    pub line: usize,
}

/// A row of the Header table: the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow {
    pub at: At,
    pub child: Shared,
    pub sex: Shared,
    pub dob: NaiveDate,
    pub ethnic: Option<Shared>,
    /// UPN, MOTHER, MC_DOB: kept for `export ssda903`.
    pub other: kept::Other,
}

/// A row of the Episodes table: a stretch of care with one legal status
/// and one placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub at: At,
    pub child: Shared,
    pub decom: NaiveDate,
    pub rne: Shared,
    pub ls: Shared,
    pub cin: Option<Shared>,
    pub place: Shared,
    pub place_provider: Option<Shared>,
    pub dec: Option<NaiveDate>,
    pub rec: Option<Shared>,
    pub reason_place_change: Option<Shared>,
    /// HOME_POST, PL_POST, URN: kept for `export ssda903`.
    pub other: kept::Other,
}

/// A row of the Reviews table: a review held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub at: At,
    pub child: Shared,
    pub review: NaiveDate,
    pub review_code: Option<Shared>,
    pub other: kept::Other,
}

/// A row of the PlacedAdoption table: the decision that the child should
/// be placed for adoption, and whether it was reversed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedAdoption {
    pub at: At,
    pub child: Shared,
    /// The date of the decision that the child should be placed for adoption.
    pub date_placed: NaiveDate,
    /// The date of the decision that the child should no longer be.
    pub date_placed_ceased: Option<NaiveDate>,
    pub reason_placed_ceased: Option<Shared>,
    pub other: kept::Other,
}

/// A row of the AD1 table: a child adopted in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ad1 {
    pub at: At,
    pub child: Shared,
    /// The date of the decision that the child should be placed for adoption.
    pub date_int: NaiveDate,
    /// The date the child was matched with the prospective adopters.
    pub date_match: NaiveDate,
    /// Adopted by their foster carers.
    pub foster_care: Option<bool>,
    /// NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR: kept for `export ssda903`.
    pub other: kept::Other,
}

/// A row of the SocialWorker table (from 2024): the child's worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialWorker {
    pub at: At,
    pub child: Shared,
    pub sw_id: Shared,
    pub sw_decom: NaiveDate,
    pub sw_dec: Option<NaiveDate>,
}

/// Everything read from one authority's files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Return {
    /// The files, as named in messages; rows point into this list.
    pub files: Vec<String>,
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<Episode>,
    pub reviews: Vec<Review>,
    pub placed_adoption: Vec<PlacedAdoption>,
    pub ad1: Vec<Ad1>,
    pub social_worker: Vec<SocialWorker>,
    /// Every child the Header table names, with where, including those
    /// whose row had a problem: a child is known to the other tables
    /// even while their date of birth is being put right.
    pub named: Vec<(Shared, At)>,
    /// Children with an episode that could not be read: the checks of
    /// their history as a whole wait until it can be.
    pub incomplete: std::collections::BTreeSet<String>,
}

impl Return {
    /// The name of the file a row came from.
    pub fn file(&self, at: At) -> &str {
        self.files.get(at.file).map_or("", String::as_str)
    }

    /// A problem with a row's cell.
    pub fn problem(&self, at: At, column: &str, message: impl Into<String>) -> Problem {
        Problem::at(self.file(at), at.line, column, message)
    }

    /// Lets go of the room the tables grew into as they were read (a
    /// `Vec` doubles as it grows: up to half of a national return's
    /// Episodes table was room never used), once every row is read.
    pub fn shrink_to_fit(&mut self) {
        self.files.shrink_to_fit();
        self.header.shrink_to_fit();
        self.episodes.shrink_to_fit();
        self.reviews.shrink_to_fit();
        self.placed_adoption.shrink_to_fit();
        self.ad1.shrink_to_fit();
        self.social_worker.shrink_to_fit();
        self.named.shrink_to_fit();
    }

    /// Rows given twice, as when one year's files and the next year's both
    /// hold an episode open across 31 March, are kept once: the later
    /// file's (files are read in the order given, a year's after the year
    /// before), so that next year's correction wins.
    pub fn merge_repeated_rows(&mut self) {
        fn keep_last<T, K: Eq + std::hash::Hash>(
            rows: &mut Vec<T>,
            at: impl Fn(&T) -> At,
            key: impl Fn(&T) -> K,
        ) {
            // One file for the table (the usual case): nothing repeats
            // across files, and the keys need not be built.
            if rows.windows(2).all(|w| at(&w[0]).file == at(&w[1]).file) {
                return;
            }
            let mut last = std::collections::HashMap::new();
            for (i, row) in rows.iter().enumerate() {
                last.insert(key(row), (i, at(row).file));
            }
            let mut i = 0;
            // A row repeated within one file is left for the checks to
            // report: only a later file's row replaces an earlier one.
            rows.retain(|row| {
                let keep = last
                    .get(&key(row))
                    .is_none_or(|&(l, file)| l == i || file == at(row).file);
                i += 1;
                keep
            });
        }
        keep_last(&mut self.header, |r| r.at, |r| r.child.clone());
        keep_last(&mut self.episodes, |r| r.at, |r| (r.child.clone(), r.decom));
        keep_last(&mut self.reviews, |r| r.at, |r| (r.child.clone(), r.review));
        keep_last(
            &mut self.placed_adoption,
            |r| r.at,
            |r| (r.child.clone(), r.date_placed),
        );
        keep_last(&mut self.ad1, |r| r.at, |r| r.child.clone());
        keep_last(
            &mut self.social_worker,
            |r| r.at,
            |r| (r.child.clone(), r.sw_decom),
        );
    }
}
