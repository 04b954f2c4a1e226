//! Rules for reading an events file (`permanence import events FILE`): a
//! header row, then a row an event of a child's history, in the columns
//! `ref,event,on[,note]`. Each good row becomes a [`HistoryEntry`] whose
//! source is the event and its day (`events:case-review:2024-03-02`), so
//! the same file imported twice finds each event again; every problem is
//! collected, so that a file is put right in one go.

use crate::date::{EARLIEST_YEAR, iso, parse_date};
use crate::event::Event;
use crate::history::HistoryEntry;
use crate::import::{ImportProblem, RawRow, excerpt};
use crate::sanitise::{Size, clean_line, from_csv_cell, within};
use chrono::{Datelike, NaiveDate};

/// The columns of an events file, in the order they are documented;
/// `note` may be left out.
pub const COLUMNS: [&str; 4] = ["ref", "event", "on", "note"];

/// The columns a file must have.
const REQUIRED: [&str; 3] = ["ref", "event", "on"];

/// Where an events file's row came from: the event and its day. A row
/// whose day is put right in the file is therefore another event; the
/// wrong one is put right in the app (`permanence correct`), which the
/// import then leaves alone.
pub fn source(event: Event, on: NaiveDate) -> String {
    format!("events:{}:{}", event.code(), iso(on))
}

/// A good row: its spreadsheet line and the entry it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub line: usize,
    pub entry: HistoryEntry,
}

/// Which cell of a row holds each column (by [`COLUMNS`]' order).
pub type Positions = [Option<usize>; 4];

fn problem(line: usize, column: &str, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        line,
        column: Some(column.to_string()),
        message: message.into(),
    }
}

/// Checks the header row: every column known, none twice, the required
/// ones there. Headers are matched ignoring case and surrounding spaces.
pub fn validate_header(headers: &[String]) -> Result<Positions, Vec<ImportProblem>> {
    let mut positions: Positions = [None; 4];
    let mut problems = Vec::new();
    for (cell, header) in headers.iter().enumerate() {
        let wanted = header.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == wanted) {
            Some(column) => match positions[column] {
                Some(first) => problems.push(problem(
                    1,
                    COLUMNS[column],
                    format!("column appears twice (cells {} and {})", first + 1, cell + 1),
                )),
                None => positions[column] = Some(cell),
            },
            None if wanted.is_empty() => problems.push(ImportProblem::whole_line(
                1,
                format!(
                    "cell {} of the header is empty; every column needs a name",
                    cell + 1
                ),
            )),
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
    for (column, name) in COLUMNS.iter().enumerate() {
        if REQUIRED.contains(name) && positions[column].is_none() {
            problems.push(problem(1, name, "required column is missing"));
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}

/// Reads every row: the good ones as entries, and every problem of the
/// others (a row with one is left out whole).
pub fn validate_rows(
    positions: &Positions,
    width: usize,
    rows: &[RawRow],
) -> (Vec<EventRow>, Vec<ImportProblem>) {
    let mut good = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for row in rows {
        match validate_row(positions, width, row) {
            Ok(entry) => good.push(EventRow {
                line: row.line,
                entry,
            }),
            Err(mut found) => problems.append(&mut found),
        }
    }
    (good, problems)
}

fn validate_row(
    positions: &Positions,
    width: usize,
    row: &RawRow,
) -> Result<HistoryEntry, Vec<ImportProblem>> {
    let line = row.line;
    if row.cells.len() != width {
        return Err(vec![ImportProblem::whole_line(
            line,
            format!("has {} cells but the header has {width}", row.cells.len()),
        )]);
    }
    // A cell's text as the record may hold it: spreadsheet text is
    // untrusted, and our own formula guard on exported cells is undone.
    let cell = |column: usize| -> String {
        positions[column]
            .and_then(|i| row.cells.get(i))
            .map(|raw| clean_line(from_csv_cell(raw.trim())).trim().to_string())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let reference = cell(0);
    if reference.is_empty() {
        problems.push(problem(line, "ref", "is required but empty"));
    } else if let Err(e) = within(&reference, Size::Name) {
        problems.push(problem(line, "ref", e.to_string()));
    }
    let event_text = cell(1);
    let event = if event_text.is_empty() {
        problems.push(problem(line, "event", "is required but empty"));
        None
    } else {
        let event = Event::parse(&event_text);
        if event.is_none() {
            problems.push(problem(
                line,
                "event",
                format!(
                    "{} is not an event (events: {})",
                    excerpt(&event_text),
                    Event::ALL.map(Event::code).join(", ")
                ),
            ));
        }
        event
    };
    let on = date(line, &cell(2), &mut problems);
    let note = cell(3);
    if let Err(e) = within(&note, Size::Text) {
        problems.push(problem(line, "note", e.to_string()));
    }
    match (event, on) {
        (Some(event), Some(on)) if problems.is_empty() => Ok(HistoryEntry {
            reference,
            event,
            on,
            note: (!note.is_empty()).then_some(note),
            source: source(event, on),
        }),
        _ => Err(problems),
    }
}

/// The `on` cell: a real date (DD/MM/YYYY or YYYY-MM-DD, as `import
/// children` reads them) no earlier than [`EARLIEST_YEAR`].
fn date(line: usize, text: &str, problems: &mut Vec<ImportProblem>) -> Option<NaiveDate> {
    if text.is_empty() {
        problems.push(problem(line, "on", "is required but empty"));
        return None;
    }
    match parse_date(text) {
        Ok(on) if on.year() < EARLIEST_YEAR => {
            problems.push(problem(
                line,
                "on",
                format!("{} is before {EARLIEST_YEAR}", excerpt(text)),
            ));
            None
        }
        Ok(on) => Some(on),
        Err(e) => {
            problems.push(problem(line, "on", e.to_string()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn row(line: usize, cells: &[&str]) -> RawRow {
        RawRow {
            line,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_header_needs_ref_event_and_on_and_knows_no_other_column_than_note() {
        let positions = validate_header(&header(&["On", " ref ", "event"])).unwrap();
        assert_eq!(positions, [Some(1), Some(2), Some(0), None]);
        let problems = validate_header(&header(&["ref", "ref", "when"])).unwrap_err();
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "line 1: ref: column appears twice (cells 1 and 2)",
                "line 1: when: unknown column (known columns: ref, event, on, note)",
                "line 1: event: required column is missing",
                "line 1: on: required column is missing",
            ]
        );
    }

    #[test]
    fn rows_become_entries_named_by_their_event_and_day_and_every_problem_is_said() {
        let positions = validate_header(&header(&["ref", "event", "on", "note"])).unwrap();
        let rows = [
            row(2, &["A1", "Case-Review", "2/3/2024", " IRO: Jo "]),
            row(3, &["A1", "care-order", "2024-01-05", ""]),
            row(4, &["", "hearing", "31/02/2024", ""]),
            row(5, &["A1", "ppm", "01/01/1890", ""]),
            row(6, &["A1", "ppm"]),
        ];
        let (good, problems) = validate_rows(&positions, 4, &rows);
        assert_eq!(good.len(), 2);
        assert_eq!(good[0].line, 2);
        assert_eq!(
            good[0].entry,
            HistoryEntry {
                reference: "A1".into(),
                event: Event::CaseReview,
                on: NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
                note: Some("IRO: Jo".into()),
                source: "events:case-review:2024-03-02".into(),
            }
        );
        assert_eq!(good[1].entry.note, None);
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 5, "{said:#?}");
        assert_eq!(said[0], "line 4: ref: is required but empty");
        assert!(said[1].starts_with("line 4: event: hearing is not an event (events: gateway,"));
        assert!(said[2].starts_with("line 4: on: "), "{}", said[2]);
        assert_eq!(said[3], "line 5: on: 01/01/1890 is before 1900");
        assert_eq!(said[4], "line 6: has 2 cells but the header has 4");
    }
}
