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

pub fn write(report: &Report, format: ReportFormat, mut out: impl Write) -> std::io::Result<()> {
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows_json(report))?;
            writeln!(out)
        }
        ReportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(report.columns.iter().map(|(k, _)| *k))?;
            for row in &report.rows {
                writer.write_record(row.iter().map(|c| csv_cell(&for_files(c))))?;
            }
            writer.flush()
        }
        ReportFormat::Md => {
            writeln!(out, "# {}\n", report.title)?;
            let escape = |t: String| t.replace('|', "\\|");
            let headings: Vec<&str> = report.columns.iter().map(|(_, h)| *h).collect();
            writeln!(out, "| {} |", headings.join(" | "))?;
            writeln!(out, "|{}|", vec!["---"; headings.len()].join("|"))?;
            for row in &report.rows {
                let cells: Vec<String> = row.iter().map(|c| escape(for_people(c))).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            writeln!(
                out,
                "\n{} row{}",
                report.rows.len(),
                if report.rows.len() == 1 { "" } else { "s" }
            )
        }
        ReportFormat::Table => {
            writeln!(out, "{}", report.title)?;
            let cells: Vec<Vec<String>> = report
                .rows
                .iter()
                .map(|row| row.iter().map(for_people).collect())
                .collect();
            // Columns as wide as their widest cell, within reason.
            let widths: Vec<usize> = report
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
            let line = |values: Vec<String>| {
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
            writeln!(
                out,
                "{}",
                line(report.columns.iter().map(|(_, h)| h.to_string()).collect())
            )?;
            for row in cells {
                writeln!(out, "{}", line(row))?;
            }
            writeln!(
                out,
                "{} row{}",
                report.rows.len(),
                if report.rows.len() == 1 { "" } else { "s" }
            )
        }
    }
}
