//! Writing a report as a table to read in the terminal, CSV for a
//! spreadsheet, JSON for other tools, or Markdown for minutes and email.
//! Dates are DD/MM/YYYY where people read them, ISO 8601 in files.

use crate::domain::date::{iso, push_uk, uk};
use crate::domain::report::{Cell, Report};
use crate::domain::sanitise::{clean_line, clean_text, csv_cell, has_unsafe, push_clean_line};
use chrono::Datelike;
use serde_json::{Map, Value, json};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Md,
}

/// A cell as people read it (dates DD/MM/YYYY).
pub fn cell_text(cell: &Cell) -> String {
    for_people(cell)
}

/// [`cell_text`] written onto the end of `out`, for a row's cells packed
/// into one text without a text made for each (a meeting's row for each
/// child of a national cohort).
pub fn push_cell_text(out: &mut String, cell: &Cell) {
    use std::fmt::Write as _;
    // Writing to a `String` cannot fail.
    let _ = match cell {
        Cell::Text(t) => {
            push_clean_line(out, t);
            Ok(())
        }
        Cell::Date(Some(d)) => {
            push_uk(*d, out);
            Ok(())
        }
        Cell::Number(Some(n)) => write!(out, "{n}"),
        Cell::Date(None) | Cell::Number(None) => Ok(()),
        Cell::Numbers(_) | Cell::Flag(_) => {
            out.push_str(&for_people(cell));
            Ok(())
        }
    };
}

fn for_people(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => clean_line(t),
        Cell::Date(d) => d.map(uk).unwrap_or_default(),
        Cell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Cell::Numbers(ns) => ns.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        Cell::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
    }
}

fn for_files(cell: &Cell) -> String {
    match cell {
        Cell::Date(d) => d.map(iso).unwrap_or_default(),
        Cell::Numbers(ns) => ns.iter().map(i64::to_string).collect::<Vec<_>>().join(";"),
        Cell::Flag(b) => b.to_string(),
        other => for_people(other),
    }
}

fn as_json(cell: &Cell) -> Value {
    match cell {
        Cell::Text(t) if t.is_empty() => Value::Null,
        Cell::Text(t) => json!(clean_text(t)),
        Cell::Date(d) => d.map_or(Value::Null, |d| json!(iso(d))),
        Cell::Number(n) => n.map_or(Value::Null, |n| json!(n)),
        Cell::Numbers(ns) => json!(ns),
        Cell::Flag(b) => json!(b),
    }
}

/// The report's rows as JSON objects keyed by column.
pub fn rows_json(report: &Report) -> Value {
    Value::Array(
        report
            .rows
            .iter()
            .map(|row| {
                let mut object = Map::new();
                for ((key, _), cell) in report.columns.iter().zip(row) {
                    object.insert((*key).to_string(), as_json(cell));
                }
                Value::Object(object)
            })
            .collect(),
    )
}

/// Cut to `width` columns, ending in `…` if anything was cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

pub fn write(report: &Report, format: ReportFormat, out: impl Write) -> std::io::Result<()> {
    let mut sink = Sink::new(&report.title, &report.columns, format, out);
    for row in &report.rows {
        sink.row(row)?;
    }
    sink.finish()
}

/// A row as one pretty-printed JSON object, indented inside the array,
/// written straight out: the overdue report writes tens of thousands.
/// (Lists of numbers, nested one level further, go the general way.)
fn json_object(out: &mut impl Write, columns: &[(&str, &str)], row: &[Cell]) -> std::io::Result<()> {
    out.write_all(b"  {")?;
    for (i, ((key, _), cell)) in columns.iter().zip(row).enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        json_string(out, key)?;
        out.write_all(b": ")?;
        match cell {
            Cell::Text(t) if t.is_empty() => out.write_all(b"null")?,
            Cell::Text(t) => json_string(out, t)?,
            Cell::Date(Some(d)) if (0..=9999).contains(&d.year()) => {
                let (y, m, d) = (d.year() as u32, d.month(), d.day());
                let digit = |n: u32| b'0' + (n % 10) as u8;
                out.write_all(&[
                    b'"',
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(d / 10),
                    digit(d),
                    b'"',
                ])?
            }
            Cell::Date(Some(d)) => serde_json::to_writer(&mut *out, &iso(*d))?,
            Cell::Number(Some(n)) => write!(out, "{n}")?,
            Cell::Date(None) | Cell::Number(None) => out.write_all(b"null")?,
            Cell::Flag(b) => write!(out, "{b}")?,
            Cell::Numbers(_) => serde_json::to_writer(&mut *out, &as_json(cell))?,
        }
    }
    out.write_all(if row.is_empty() { b"}" } else { b"\n  }" })
}

/// A CSV writer's failure as the I/O error it is, keeping its kind, so
/// that a reader who stops early (`| head`) is told apart from a fault.
fn io_error(error: csv::Error) -> std::io::Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other(message),
    }
}

/// A JSON string: as it is where nothing in it needs escaping (the
/// usual case), else as serde_json escapes it.
fn json_string(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    // Nearly every string is printable ASCII with nothing to escape:
    // found so in one pass and written as it is.
    let mut other = false;
    for &b in text.as_bytes() {
        other |= (b < 0x20) | (b == b'"') | (b == b'\\') | (b >= 0x7F);
    }
    if !other {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        return out.write_all(b"\"");
    }
    // Cleaned as text, not only as bytes: JSON would carry a control
    // character as an escape that a reader turns back into a live one.
    // (Cleaning also turns a tab into a space.)
    if has_unsafe(text) || text.as_bytes().contains(&b'\t') {
        Ok(serde_json::to_writer(&mut *out, &clean_text(text))?)
    } else {
        Ok(serde_json::to_writer(&mut *out, text)?)
    }
}

/// A report written a row at a time, so that one of any size streams out
/// in little memory (CSV, JSON and Markdown; a table must see every row
/// to size its columns, so it keeps them until [`Sink::finish`]).
pub struct Sink<'a, W: Write> {
    format: ReportFormat,
    title: &'a str,
    columns: &'a [(&'static str, &'static str)],
    out: Option<W>,
    csv: Option<csv::Writer<W>>,
    rows: usize,
    kept: Vec<Vec<String>>,
}

impl<'a, W: Write> Sink<'a, W> {
    /// Nothing is written until the first row or [`Sink::finish`], so a
    /// report abandoned before then leaves no trace.
    pub fn new(
        title: &'a str,
        columns: &'a [(&'static str, &'static str)],
        format: ReportFormat,
        out: W,
    ) -> Sink<'a, W> {
        Sink {
            format,
            title,
            columns,
            out: Some(out),
            csv: None,
            rows: 0,
            kept: Vec::new(),
        }
    }

    /// Writes what comes before the rows.
    fn start(&mut self) -> std::io::Result<()> {
        match self.format {
            ReportFormat::Csv => {
                if let Some(out) = self.out.take() {
                    let mut writer = csv::Writer::from_writer(out);
                    writer
                        .write_record(self.columns.iter().map(|(k, _)| *k))
                        .map_err(io_error)?;
                    self.csv = Some(writer);
                }
            }
            ReportFormat::Md => {
                if let Some(out) = &mut self.out {
                    writeln!(out, "# {}\n", self.title)?;
                    let headings: Vec<&str> = self.columns.iter().map(|(_, h)| *h).collect();
                    writeln!(out, "| {} |", headings.join(" | "))?;
                    writeln!(out, "|{}|", vec!["---"; headings.len()].join("|"))?;
                }
            }
            ReportFormat::Json | ReportFormat::Table => {}
        }
        Ok(())
    }

    pub fn row(&mut self, row: &[Cell]) -> std::io::Result<()> {
        if self.rows == 0 {
            self.start()?;
        }
        self.rows += 1;
        if let Some(writer) = &mut self.csv {
            // A number is written as it is: a spreadsheet reads "-30" as
            // the number it is, never a formula, and an apostrophe would
            // make the timeliness report's days over a threshold text.
            writer
                .write_record(row.iter().map(|c| match c {
                    Cell::Number(_) => for_files(c),
                    _ => csv_cell(&for_files(c)),
                }))
                .map_err(io_error)?;
            return Ok(());
        }
        let Some(out) = &mut self.out else {
            return Ok(());
        };
        match self.format {
            ReportFormat::Json => {
                // As `serde_json::to_writer_pretty` writes the whole array.
                out.write_all(if self.rows == 1 { b"[\n" } else { b",\n" })?;
                if !row.iter().any(|c| matches!(c, Cell::Numbers(_))) {
                    return json_object(out, self.columns, row);
                }
                let mut object = Map::new();
                for ((key, _), cell) in self.columns.iter().zip(row) {
                    object.insert((*key).to_string(), as_json(cell));
                }
                let text = serde_json::to_string_pretty(&Value::Object(object))?;
                for (i, line) in text.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"  ")?;
                    out.write_all(line.as_bytes())?;
                }
                Ok(())
            }
            ReportFormat::Md => {
                let cells: Vec<String> = row.iter().map(|c| for_people(c).replace('|', "\\|")).collect();
                writeln!(out, "| {} |", cells.join(" | "))
            }
            ReportFormat::Table => {
                self.kept.push(row.iter().map(for_people).collect());
                Ok(())
            }
            ReportFormat::Csv => Ok(()),
        }
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            self.start()?;
        }
        if let Some(mut writer) = self.csv.take() {
            writer.flush()?;
            return Ok(());
        }
        let Some(mut out) = self.out.take() else {
            return Ok(());
        };
        let rows = self.rows;
        let plural = if rows == 1 { "" } else { "s" };
        let written = match self.format {
            ReportFormat::Json if rows == 0 => writeln!(out, "[]"),
            ReportFormat::Json => writeln!(out, "\n]"),
            ReportFormat::Md => writeln!(out, "\n{rows} row{plural}"),
            ReportFormat::Csv => Ok(()),
            ReportFormat::Table => {
                writeln!(out, "{}", self.title)?;
                let cells = &self.kept;
                // Columns as wide as their widest cell, within reason.
                let widths: Vec<usize> = self
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, heading))| {
                        cells
                            .iter()
                            .map(|r| r.get(i).map_or(0, |c| c.width()))
                            .chain([heading.width()])
                            .max()
                            .unwrap_or(0)
                            .min(48)
                    })
                    .collect();
                let line = |values: &[String]| {
                    values
                        .iter()
                        .zip(&widths)
                        .map(|(v, w)| {
                            let v = fit(v, *w);
                            format!("{v}{}", " ".repeat(w.saturating_sub(v.width())))
                        })
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                let headings: Vec<String> = self.columns.iter().map(|(_, h)| h.to_string()).collect();
                writeln!(out, "{}", line(&headings))?;
                for row in cells {
                    writeln!(out, "{}", line(row))?;
                }
                writeln!(out, "{rows} row{plural}")
            }
        };
        written?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            any::<String>().prop_map(Cell::Text),
            Just(Cell::Text(String::new())),
            proptest::option::of(-1000i32..12000)
                .prop_map(|y| Cell::Date(y.and_then(|y| NaiveDate::from_ymd_opt(y, 2, 28)))),
            proptest::option::of(any::<i64>()).prop_map(Cell::Number),
            proptest::collection::vec(any::<i64>(), 0..3).prop_map(Cell::Numbers),
            any::<bool>().prop_map(Cell::Flag),
        ]
    }

    /// Text full of what is cleaned from a value shown: C0 and C1
    /// controls, bidi controls, line breaks and tabs, among letters.
    const UNSAFE_TEXT: &str =
        "[a-zé \\x00-\\x1f\\x7f\\x{80}-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]{0,12}";

    const COLUMNS: [(&str, &str); 3] = [("ref", "Ref"), ("item \"x\"", "Item"), ("due", "Due")];

    proptest! {
        /// Written onto the end of a text, a cell reads exactly as
        /// `cell_text` makes it, whatever it holds (control and bidi
        /// characters, line breaks, dates before the year 0, negative
        /// numbers) and whatever was written before it.
        #[test]
        fn a_cell_written_onto_a_text_reads_as_its_own_text(
            before in any::<String>(),
            cell in prop_oneof![cell(), UNSAFE_TEXT.prop_map(Cell::Text)],
        ) {
            let mut out = before.clone();
            push_cell_text(&mut out, &cell);
            prop_assert_eq!(out, format!("{before}{}", cell_text(&cell)));
        }

        /// Streamed a row at a time, JSON is exactly what serde_json
        /// writes for the whole report at once.
        #[test]
        fn streamed_json_is_serde_json_pretty(rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 0..5)) {
            let report = Report { title: "T".into(), columns: COLUMNS.to_vec(), rows };
            let mut streamed = Vec::new();
            write(&report, ReportFormat::Json, &mut streamed).unwrap();
            let mut whole = serde_json::to_vec_pretty(&rows_json(&report)).unwrap();
            whole.push(b'\n');
            prop_assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(whole).unwrap());
        }
    }

    #[test]
    fn a_negative_number_stays_a_number_in_csv_and_text_is_still_guarded() {
        let mut out = Vec::new();
        let mut sink = Sink::new("T", &COLUMNS, ReportFormat::Csv, &mut out);
        sink.row(&[Cell::Number(Some(-30)), Cell::text("-1+1"), Cell::Number(None)])
            .unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().nth(1), Some("-30,'-1+1,"), "{text}");
    }

    #[test]
    fn nothing_is_written_until_a_row_or_the_end() {
        let mut out = Vec::new();
        let sink = Sink::new("Overdue", &COLUMNS, ReportFormat::Csv, &mut out);
        drop(sink);
        assert!(out.is_empty());
        Sink::new("Overdue", &COLUMNS, ReportFormat::Csv, &mut out)
            .finish()
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ref,\"item \"\"x\"\"\",due\n");
    }
}
