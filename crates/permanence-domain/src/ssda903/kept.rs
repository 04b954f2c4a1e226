//! The return's own rows, kept as they were imported, so that `export
//! ssda903` can write back what the product does not model (UPN,
//! postcodes, the placement provider, the adopters' details...) beside
//! what it does: a round trip (import, export, import) then changes
//! nothing. Also the span of dates a set of files speaks for, which
//! decides what an import replaces and withdraws, and the collection year
//! an export selects.
//!
//! Pure: the store keeps the rows (one per row of Header, Episodes,
//! Reviews, PlacedAdoption and AD1, by child), the import and the export
//! decide here what they mean.

use super::codes::CodeLists;
use super::mapping::Index;
use super::{Ad1, Episode, HeaderRow, PlacedAdoption, Return, Review, Table, rows::parse_903_date};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// The tables an import keeps and an export writes, in the order written.
pub const KEPT: [Table; 5] = [
    Table::Header,
    Table::Episodes,
    Table::Reviews,
    Table::PlacedAdoption,
    Table::Ad1,
];

/// A table's standard columns, in the order of the Department's
/// specification (the 2024 collection's, as `liiatools` publishes them;
/// see ../shared/notes/ssda903.md): the header row an export writes.
pub fn columns(table: Table) -> &'static [&'static str] {
    match table {
        Table::Header => &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        Table::Episodes => &[
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
        Table::Reviews => &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
        Table::PlacedAdoption => &[
            "CHILD",
            "DOB",
            "DATE_PLACED",
            "DATE_PLACED_CEASED",
            "REASON_PLACED_CEASED",
        ],
        Table::Ad1 => &[
            "CHILD",
            "DOB",
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
        ],
        _ => &["CHILD"],
    }
}

/// The standard columns a table's typed row does not hold, read into its
/// [`Other`] so that they survive a round trip.
pub fn unmodelled(table: Table) -> &'static [&'static str] {
    match table {
        Table::Header => &["UPN", "MOTHER", "MC_DOB"],
        Table::Episodes => &["HOME_POST", "PL_POST", "URN"],
        Table::Ad1 => &["NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        _ => &[],
    }
}

/// A row's cells in the columns of [`unmodelled`], as `COLUMN=value`
/// pairs joined by U+001F (a control character, which the reader drops
/// from every cell, so it cannot occur in one). `None` when all are
/// empty: one allocation a row at most, as a national return has a
/// million rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Other(Option<Box<str>>);

const SEPARATOR: char = '\u{1f}';

impl Other {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Other {
        let mut text = String::new();
        for (column, value) in pairs {
            if value.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push(SEPARATOR);
            }
            text.push_str(column);
            text.push('=');
            text.push_str(value);
        }
        Other((!text.is_empty()).then(|| text.into_boxed_str()))
    }

    /// The (column, value) pairs, in the order read.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .as_deref()
            .into_iter()
            .flat_map(|text| text.split(SEPARATOR))
            .filter_map(|pair| pair.split_once('='))
    }
}

/// One row of the return as kept: its table, the date that tells it from
/// the child's other rows of that table (`DECOM`, `REVIEW`,
/// `DATE_PLACED`; none for Header and AD1, one a child), and its cells by
/// standard column, non-empty only, in column order. `CHILD` is not among
/// them (the row belongs to a child), nor the `DOB` the other tables
/// repeat from Header: an export writes the child's as the record has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRow {
    pub table: Table,
    pub key: Option<NaiveDate>,
    pub cells: Vec<(String, String)>,
}

impl KeptRow {
    fn new(table: Table, key: Option<NaiveDate>) -> KeptRow {
        KeptRow {
            table,
            key,
            cells: Vec::new(),
        }
    }

    pub fn cell(&self, column: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
    }

    /// A date cell, as the return writes it (kept rows are written
    /// DD/MM/YYYY by [`of_return`]).
    pub fn date(&self, column: &str) -> Option<NaiveDate> {
        parse_903_date(self.cell(column)?).ok()
    }

    /// Sets a cell (`None` or empty clears it), keeping column order.
    pub fn set(&mut self, column: &str, value: Option<String>) {
        self.cells.retain(|(c, _)| c != column);
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return;
        };
        let order = |c: &str| columns(self.table).iter().position(|x| *x == c);
        let at = self
            .cells
            .iter()
            .position(|(c, _)| order(c) > order(column))
            .unwrap_or(self.cells.len());
        self.cells.insert(at, (column.to_string(), value));
    }

    fn with(mut self, column: &str, value: Option<impl Into<String>>) -> KeptRow {
        self.set(column, value.map(Into::into));
        self
    }

    fn with_other(mut self, other: &Other) -> KeptRow {
        for (column, value) in other.pairs() {
            self.set(column, Some(value.to_string()));
        }
        self
    }
}

/// A date as the return writes it.
pub fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Every row of the kept tables, by child: what an import keeps.
pub fn of_return(ret: &Return) -> BTreeMap<String, Vec<KeptRow>> {
    let mut out: BTreeMap<String, Vec<KeptRow>> = BTreeMap::new();
    let mut put = |child: &str, row: KeptRow| out.entry(child.to_string()).or_default().push(row);
    for h in &ret.header {
        put(&h.child, header_row(h));
    }
    for e in &ret.episodes {
        put(&e.child, episode_row(e));
    }
    for r in &ret.reviews {
        put(&r.child, review_row(r));
    }
    for p in &ret.placed_adoption {
        put(&p.child, placed_row(p));
    }
    for a in &ret.ad1 {
        put(&a.child, ad1_row(a));
    }
    out
}

/// One child's rows of the kept tables (their Header row `h`), found
/// through the index: what [`of_return`] holds for them, for an import
/// that writes a child at a time rather than holding a national return's
/// million rows as text at once.
pub fn of_child(index: &Index<'_>, h: &HeaderRow) -> Vec<KeptRow> {
    let child = h.child.as_str();
    let episodes = index.episodes.get(child).map_or(&[][..], Vec::as_slice);
    std::iter::once(header_row(h))
        .chain(episodes.iter().map(|e| episode_row(e)))
        .chain(index.reviews(child).iter().map(|r| review_row(r)))
        .chain(index.placed_adoption(child).iter().map(|p| placed_row(p)))
        .chain(index.ad1(child).iter().map(|a| ad1_row(a)))
        .collect()
}

fn header_row(h: &HeaderRow) -> KeptRow {
    KeptRow::new(Table::Header, None)
        .with("SEX", Some(h.sex.clone()))
        .with("DOB", Some(day(h.dob)))
        .with("ETHNIC", h.ethnic.clone())
        .with_other(&h.other)
}

fn episode_row(e: &Episode) -> KeptRow {
    KeptRow::new(Table::Episodes, Some(e.decom))
        .with("DECOM", Some(day(e.decom)))
        .with("RNE", Some(e.rne.clone()))
        .with("LS", Some(e.ls.clone()))
        .with("CIN", e.cin.clone())
        .with("PLACE", Some(e.place.clone()))
        .with("PLACE_PROVIDER", e.place_provider.clone())
        .with("DEC", e.dec.map(day))
        .with("REC", e.rec.clone())
        .with("REASON_PLACE_CHANGE", e.reason_place_change.clone())
        .with_other(&e.other)
}

fn review_row(r: &Review) -> KeptRow {
    KeptRow::new(Table::Reviews, Some(r.review))
        .with("REVIEW", Some(day(r.review)))
        .with("REVIEW_CODE", r.review_code.clone())
        .with_other(&r.other)
}

fn placed_row(p: &PlacedAdoption) -> KeptRow {
    KeptRow::new(Table::PlacedAdoption, Some(p.date_placed))
        .with("DATE_PLACED", Some(day(p.date_placed)))
        .with("DATE_PLACED_CEASED", p.date_placed_ceased.map(day))
        .with("REASON_PLACED_CEASED", p.reason_placed_ceased.clone())
        .with_other(&p.other)
}

fn ad1_row(a: &Ad1) -> KeptRow {
    let foster = a.foster_care.map(|f| if f { "1" } else { "0" }.to_string());
    KeptRow::new(Table::Ad1, None)
        .with("DATE_INT", Some(day(a.date_int)))
        .with("DATE_MATCH", Some(day(a.date_match)))
        .with("FOSTER_CARE", foster)
        .with_other(&a.other)
}

/// The collection year a day falls in: the year its collection ends in
/// (2024 runs from 1 April 2023 to 31 March 2024), as the Department
/// names them.
pub fn year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// The first and last day of a collection year.
pub fn collection_year(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year - 1, 4, 1)?,
        NaiveDate::from_ymd_opt(year, 3, 31)?,
    ))
}

/// The span of days a set of files speaks for: within it, a row or an
/// imported event the files no longer hold is taken out (the authority
/// put it right); outside it, left alone (a year's files do not speak for
/// the years before or after).
///
/// - A child's episodes: from the first episode the files hold for the
///   child (every episode open in a year is in that year's files, so
///   none of the child's is missing from there on) to the end of the
///   last collection year the files reach.
/// - Reviews and PlacedAdoption: from the start of the first collection
///   year the files hold a review or an episode's end in (in a year's
///   return, both are always within the year) to the same end.
/// - Header and AD1 (one row a child): replaced when the files hold the
///   child's row, never taken out (AD1 is only in the files of the year
///   the child was adopted).
///
/// The last collection year the files reach is that of their latest
/// start of an episode, review, decision or match (not an episode's end,
/// which a year's export writes even when it falls after 31 March).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    until: Option<NaiveDate>,
    others_from: Option<NaiveDate>,
    episodes_from: HashMap<String, NaiveDate>,
}

impl Coverage {
    pub fn of(ret: &Return, lists: &CodeLists) -> Coverage {
        let latest = ret
            .episodes
            .iter()
            .map(|e| e.decom)
            .chain(ret.reviews.iter().map(|r| r.review))
            .chain(ret.placed_adoption.iter().map(|p| p.date_placed))
            .chain(ret.ad1.iter().flat_map(|a| [a.date_int, a.date_match]))
            .max();
        let in_year = ret
            .reviews
            .iter()
            .map(|r| r.review)
            .chain(ret.episodes.iter().filter_map(|e| e.dec))
            .min();
        let earliest = in_year.or_else(|| ret.episodes.iter().map(|e| e.decom).min());
        // From the child's first episode, or the day after it where it
        // does not begin a period of care (a year's return begins with the
        // episode open on 1 April): its legal status began before the
        // files, which hold no event of it.
        let mut first: HashMap<&str, &super::Episode> = HashMap::new();
        for e in &ret.episodes {
            let held = first.entry(e.child.as_str()).or_insert(e);
            if e.decom < held.decom {
                *held = e;
            }
        }
        let episodes_from = first
            .into_iter()
            .map(|(child, e)| {
                let enters = lists
                    .code(Table::Episodes, "RNE", &e.rne)
                    .is_some_and(|c| c.starts_period);
                let from = if enters {
                    e.decom
                } else {
                    e.decom.succ_opt().unwrap_or(e.decom)
                };
                (child.to_string(), from)
            })
            .collect();
        Coverage {
            until: latest
                .and_then(|d| collection_year(year_of(d)))
                .map(|(_, end)| end),
            others_from: earliest
                .and_then(|d| collection_year(year_of(d)))
                .map(|(start, _)| start),
            episodes_from,
        }
    }

    /// The last day the files speak for: the end of the last collection
    /// year they reach.
    pub fn until(&self) -> Option<NaiveDate> {
        self.until
    }

    /// The first and last day within which the files speak for the
    /// child's rows of `table`; `None`: nothing of it is taken out.
    pub fn span(&self, table: Table, child: &str) -> Option<(NaiveDate, NaiveDate)> {
        let until = self.until?;
        match table {
            Table::Episodes => Some((*self.episodes_from.get(child)?, until)),
            Table::Reviews | Table::PlacedAdoption => Some((self.others_from?, until)),
            _ => None,
        }
    }
}

/// How the sources of the events an import records from `table` begin
/// (see `mapping`): `ssda903:episodes:2019-04-01:LS`.
pub fn source_prefix(table: Table) -> &'static str {
    match table {
        Table::Episodes => "ssda903:episodes:",
        Table::Reviews => "ssda903:reviews:",
        Table::PlacedAdoption => "ssda903:placedadoption:",
        Table::Ad1 => "ssda903:ad1:",
        _ => "ssda903:header:",
    }
}
