//! Writing a report as a table to read in the terminal, CSV for a
//! spreadsheet, JSON for other tools, or Markdown for minutes and email.
//! Dates are DD/MM/YYYY where people read them, ISO 8601 in files.

use crate::domain::date::{iso, uk};
use crate::domain::report::{Cell, Report};
use crate::domain::sanitise::{clean_line, csv_cell};
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
        Cell::Text(t) => json!(t),
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
                    writer.write_record(self.columns.iter().map(|(k, _)| *k))?;
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
            writer.write_record(row.iter().map(|c| csv_cell(&for_files(c))))?;
            return Ok(());
        }
        let Some(out) = &mut self.out else {
            return Ok(());
        };
        match self.format {
            ReportFormat::Json => {
                // As `serde_json::to_writer_pretty` writes the whole array.
                out.write_all(if self.rows == 1 { b"[\n" } else { b",\n" })?;
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
