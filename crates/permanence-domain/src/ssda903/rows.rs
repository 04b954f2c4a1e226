//! Turns a table's cells into typed rows: the columns found by their
//! standard names in any order, dates read as DD/MM/YYYY, codes checked
//! against the year's lists, every problem kept with its file, line and
//! column.

use super::codes::CodeLists;
use super::kept::{Other, unmodelled};
use super::shared::{Shared, Sharing};
use super::{Ad1, At, Episode, HeaderRow, PlacedAdoption, Problem, Return, Review, SocialWorker, Table};
use crate::import::{RawRow, excerpt};
use crate::sanitise::{Size, clean_line, within};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the rows of one file are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub lists: &'a CodeLists,
    /// The collection year the codes must be valid in, if one was given.
    pub year: Option<u16>,
}

/// Reads the rows of one file of `table` into `into`, its problems into
/// `problems`. `file` is the file's name as messages give it; it is added
/// to `into.files`.
pub fn read_table(
    table: Table,
    file: &str,
    header: &[String],
    rows: &[RawRow],
    context: Context<'_>,
    into: &mut Return,
    problems: &mut Vec<Problem>,
) {
    if let Some(mut columns) = Columns::of(table, file, header, into, problems) {
        columns.read(rows, context, into, problems);
    }
}

/// Where a file's columns are, found once from its header, so that its
/// rows can be read a part at a time ([`Columns::read`]): a national
/// return's Episodes file is millions of cells, which need not all be
/// held at once.
#[derive(Debug, Clone)]
pub struct Columns {
    table: Table,
    file: String,
    /// The file's place in [`Return::files`].
    index: usize,
    positions: HashMap<String, usize>,
    /// Each text the file's rows have held, once (a child's reference on
    /// every row of theirs, a code on thousands): the rows share it.
    sharing: Sharing,
}

impl Columns {
    /// The columns of one file of `table`, the file added to
    /// `into.files`; `None`, with the problems, when a required column is
    /// missing or one is given twice.
    pub fn of(
        table: Table,
        file: &str,
        header: &[String],
        into: &mut Return,
        problems: &mut Vec<Problem>,
    ) -> Option<Columns> {
        let index = into.files.len();
        into.files.push(file.to_string());
        let positions = columns(table, file, header, problems)?;
        Some(Columns {
            table,
            file: file.to_string(),
            index,
            positions,
            sharing: Sharing::default(),
        })
    }

    /// Reads these rows of the file into `into`, their problems into
    /// `problems`.
    pub fn read(
        &mut self,
        rows: &[RawRow],
        context: Context<'_>,
        into: &mut Return,
        problems: &mut Vec<Problem>,
    ) {
        for raw in rows {
            read_row(self, raw, context, into, problems);
        }
    }
}

fn read_row(
    columns: &mut Columns,
    raw: &RawRow,
    context: Context<'_>,
    into: &mut Return,
    problems: &mut Vec<Problem>,
) {
    let table = columns.table;
    {
        let mut row = Row {
            table,
            file: &columns.file,
            at: At {
                file: columns.index,
                line: raw.line,
            },
            cells: &raw.cells,
            positions: &columns.positions,
            context,
            problems,
            sharing: &mut columns.sharing,
        };
        let before = row.problems.len();
        let reference = row.text("CHILD");
        if table == Table::Header
            && let Some(reference) = &reference
        {
            into.named.push((row.sharing.share(reference), row.at));
        }
        match table {
            Table::Header => {
                if let Some(r) = header_row(&mut row) {
                    into.header.push(r);
                }
            }
            Table::Episodes => {
                if let Some(r) = episode(&mut row) {
                    into.episodes.push(r);
                }
            }
            Table::Reviews => {
                if let Some(r) = review(&mut row) {
                    into.reviews.push(r);
                }
            }
            Table::PlacedAdoption => {
                if let Some(r) = placed_adoption(&mut row) {
                    into.placed_adoption.push(r);
                }
            }
            Table::Ad1 => {
                if let Some(r) = ad1(&mut row) {
                    into.ad1.push(r);
                }
            }
            Table::SocialWorker => {
                if let Some(r) = social_worker(&mut row) {
                    into.social_worker.push(r);
                }
            }
            _ => {}
        }
        // Only a missing episode changes what the rest of a child's
        // history means.
        if problems.len() > before
            && table == Table::Episodes
            && let Some(reference) = reference
        {
            into.incomplete.insert(reference);
        }
    }
}

/// Where each column is, by its standard name in capitals; `None`, with
/// the problems, when a required column is missing or one is given twice.
fn columns(
    table: Table,
    file: &str,
    header: &[String],
    problems: &mut Vec<Problem>,
) -> Option<HashMap<String, usize>> {
    let mut positions = HashMap::new();
    let mut ok = true;
    for (cell, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_uppercase();
        if name.is_empty() {
            continue;
        }
        if let Some(first) = positions.insert(name.clone(), cell) {
            problems.push(Problem::at(
                file,
                1,
                &name,
                format!("column appears twice (cells {} and {})", first + 1, cell + 1),
            ));
            ok = false;
        }
    }
    for column in table.required_columns() {
        if !positions.contains_key(*column) {
            problems.push(Problem::at(
                file,
                1,
                column,
                format!("required column is missing from the {table} table"),
            ));
            ok = false;
        }
    }
    ok.then_some(positions)
}

/// One row being read.
struct Row<'a> {
    table: Table,
    file: &'a str,
    at: At,
    cells: &'a [String],
    positions: &'a HashMap<String, usize>,
    context: Context<'a>,
    problems: &'a mut Vec<Problem>,
    sharing: &'a mut Sharing,
}

impl Row<'_> {
    fn problem(&mut self, column: &str, message: String) {
        self.problems
            .push(Problem::at(self.file, self.at.line, column, message));
    }

    /// The trimmed cell, `None` when the column is absent or the cell empty.
    /// Characters no field may hold (controls, bidirectional overrides)
    /// are dropped, as every import drops them.
    fn text(&self, column: &str) -> Option<String> {
        let cell = self.cells.get(*self.positions.get(column)?)?.trim();
        (!cell.is_empty()).then(|| clean_line(cell).trim().to_string())
    }

    /// A reference or identifier the return requires: no longer than a
    /// name may be.
    fn required(&mut self, column: &str) -> Option<Shared> {
        let text = self.text(column);
        match &text {
            None => self.problem(column, "is empty; the return requires it".to_string()),
            Some(value) => {
                if let Err(e) = within(value, Size::Name) {
                    self.problem(column, e.to_string());
                    return None;
                }
            }
        }
        text.map(|t| self.sharing.share(&t))
    }

    /// The trimmed cell as [`Row::text`] reads it, shared with the file's
    /// other rows that hold it.
    fn shared(&mut self, column: &str) -> Option<Shared> {
        let text = self.text(column)?;
        Some(self.sharing.share(&text))
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.text(column)?;
        match parse_903_date(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.problem(column, message);
                None
            }
        }
    }

    fn required_date(&mut self, column: &str) -> Option<NaiveDate> {
        if self.text(column).is_none() {
            self.problem(
                column,
                "is empty; the return requires a date (DD/MM/YYYY)".to_string(),
            );
            return None;
        }
        self.date(column)
    }

    /// A code, checked against the column's list if it has one.
    fn code(&mut self, column: &str) -> Option<Shared> {
        let code = self.text(column)?;
        let Some(list) = self.context.lists.list(self.table, column) else {
            return Some(self.sharing.share(&code));
        };
        let year = self.context.year;
        match list.codes.iter().find(|c| c.code.eq_ignore_ascii_case(&code)) {
            Some(c) if c.valid_in(year) => Some(self.sharing.share(&c.code)),
            Some(c) => {
                let message = format!(
                    "{} is not a code of {} in the {} collection (it is valid {} to {})",
                    c.code,
                    list.title,
                    year.unwrap_or_default(),
                    c.years.0,
                    c.years.1
                );
                self.problem(column, message);
                None
            }
            None => {
                let known: Vec<&str> = list
                    .codes
                    .iter()
                    .filter(|c| c.valid_in(year))
                    .map(|c| c.code.as_str())
                    .collect();
                let message = format!(
                    "{} is not a code of {} (the codes are {})",
                    excerpt(&code),
                    list.title,
                    known.join(", ")
                );
                self.problem(column, message);
                None
            }
        }
    }

    /// The row's cells in the standard columns the product does not model
    /// (`kept::unmodelled`), for `export ssda903` to write back; a cell
    /// longer than a name may be is a problem, as for any identifier.
    fn other(&mut self) -> Other {
        let mut pairs = Vec::new();
        for column in unmodelled(self.table) {
            if let Some(value) = self.text(column) {
                match within(&value, Size::Name) {
                    Ok(()) => pairs.push((*column, value)),
                    Err(e) => self.problem(column, e.to_string()),
                }
            }
        }
        Other::from_pairs(pairs.iter().map(|(c, v)| (*c, v.as_str())))
    }

    fn required_code(&mut self, column: &str) -> Option<Shared> {
        if self.text(column).is_none() {
            self.problem(column, "is empty; the return requires a code".to_string());
            return None;
        }
        self.code(column)
    }
}

/// A date as the return writes it, DD/MM/YYYY (a day or month of one
/// digit is taken, as spreadsheets shorten them).
pub fn parse_903_date(text: &str) -> Result<NaiveDate, String> {
    let bad = || format!("{} is not a date written DD/MM/YYYY", excerpt(text));
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |s: &str, min: usize, max: usize| {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(d), Some(m), Some(y)) = (digits(d, 1, 2), digits(m, 1, 2), digits(y, 4, 4)) else {
        return Err(bad());
    };
    let year = i32::try_from(y).map_err(|_| bad())?;
    if year < 1900 {
        return Err(format!("{} is before 1900", excerpt(text)));
    }
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| format!("{} is not a date", excerpt(text)))
}

/// The child's reference: the return requires it on every row.
fn child(row: &mut Row<'_>) -> Option<Shared> {
    row.required("CHILD")
}

fn header_row(row: &mut Row<'_>) -> Option<HeaderRow> {
    let child = child(row);
    let sex = row.required_code("SEX");
    let dob = row.required_date("DOB");
    let ethnic = row.shared("ETHNIC");
    let other = row.other();
    Some(HeaderRow {
        at: row.at,
        child: child?,
        sex: sex?,
        dob: dob?,
        ethnic,
        other,
    })
}

fn episode(row: &mut Row<'_>) -> Option<Episode> {
    let child = child(row);
    let decom = row.required_date("DECOM");
    let rne = row.required_code("RNE");
    let ls = row.required_code("LS");
    let cin = row.code("CIN");
    let place = row.required_code("PLACE");
    let place_provider = row.code("PLACE_PROVIDER");
    let dec = row.date("DEC");
    let rec = row.code("REC");
    let reason_place_change = row.code("REASON_PLACE_CHANGE");
    match (dec.is_some(), row.text("REC").is_some()) {
        (true, false) => row.problem(
            "REC",
            "is empty, but DEC says the episode ended; give the reason it ended".to_string(),
        ),
        (false, true) if row.text("DEC").is_none() => {
            row.problem(
                "DEC",
                "is empty, but REC gives a reason the episode ended; give the date it ended".to_string(),
            );
        }
        _ => {}
    }
    let other = row.other();
    Some(Episode {
        at: row.at,
        child: child?,
        decom: decom?,
        rne: rne?,
        ls: ls?,
        cin,
        place: place?,
        place_provider,
        dec,
        rec,
        reason_place_change,
        other,
    })
}

fn review(row: &mut Row<'_>) -> Option<Review> {
    let child = child(row);
    let review = row.required_date("REVIEW");
    let review_code = row.code("REVIEW_CODE");
    let other = row.other();
    Some(Review {
        at: row.at,
        child: child?,
        review: review?,
        review_code,
        other,
    })
}

fn placed_adoption(row: &mut Row<'_>) -> Option<PlacedAdoption> {
    let child = child(row);
    let date_placed = row.required_date("DATE_PLACED");
    let date_placed_ceased = row.date("DATE_PLACED_CEASED");
    let reason_placed_ceased = row.code("REASON_PLACED_CEASED");
    if date_placed_ceased.is_some() != row.text("REASON_PLACED_CEASED").is_some() {
        row.problem(
            "REASON_PLACED_CEASED",
            "DATE_PLACED_CEASED and REASON_PLACED_CEASED are given together or not at all".to_string(),
        );
    }
    if let (Some(from), Some(to)) = (date_placed, date_placed_ceased)
        && to < from
    {
        row.problem(
            "DATE_PLACED_CEASED",
            format!(
                "{} is before the decision it reverses (DATE_PLACED {})",
                crate::date::uk(to),
                crate::date::uk(from)
            ),
        );
    }
    let other = row.other();
    Some(PlacedAdoption {
        at: row.at,
        child: child?,
        date_placed: date_placed?,
        date_placed_ceased,
        reason_placed_ceased,
        other,
    })
}

fn ad1(row: &mut Row<'_>) -> Option<Ad1> {
    let child = child(row);
    let date_int = row.required_date("DATE_INT");
    let date_match = row.required_date("DATE_MATCH");
    let foster_care = match row.text("FOSTER_CARE").as_deref() {
        None => None,
        Some("0") => Some(false),
        Some("1") => Some(true),
        Some(other) => {
            row.problem("FOSTER_CARE", format!("{} is not 0 or 1", excerpt(other)));
            None
        }
    };
    if let (Some(decided), Some(matched)) = (date_int, date_match)
        && matched < decided
    {
        row.problem(
            "DATE_MATCH",
            format!(
                "{} is before the decision that the child should be placed for adoption (DATE_INT {})",
                crate::date::uk(matched),
                crate::date::uk(decided)
            ),
        );
    }
    let other = row.other();
    Some(Ad1 {
        at: row.at,
        child: child?,
        date_int: date_int?,
        date_match: date_match?,
        foster_care,
        other,
    })
}

fn social_worker(row: &mut Row<'_>) -> Option<SocialWorker> {
    let child = child(row);
    let sw_id = row.required("SW_ID");
    let sw_decom = row.required_date("SW_DECOM");
    let sw_dec = row.date("SW_DEC");
    Some(SocialWorker {
        at: row.at,
        child: child?,
        sw_id: sw_id?,
        sw_decom: sw_decom?,
        sw_dec,
    })
}
