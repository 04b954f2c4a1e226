//! The timeliness measures as a report's rows, one table for every
//! format: first a row per measure (the period's figure, the three years'
//! figure, the threshold and whether each meets it), then a row per
//! waiting child's clock, most urgent first (the days so far, the days
//! left, the day it passes the threshold). Columns a row has no value for
//! are empty, so CSV and JSON readers find every column by name.

use super::{Clock, MeasureLine, Period, Thresholds};
use crate::date::uk;
use crate::report::{Cell, Report};
use chrono::NaiveDate;

/// The report's columns, as JSON keys and headings.
pub const COLUMNS: [(&str, &str); 16] = [
    ("measure", "Measure"),
    ("ref", "Ref"),
    ("child", "Child"),
    ("since", "Since"),
    ("stopped", "Stopped"),
    ("days", "Days"),
    ("percent", "%"),
    ("children", "Children"),
    ("three_year_days", "3y days"),
    ("three_year_percent", "3y %"),
    ("three_year_children", "3y children"),
    ("threshold", "Threshold"),
    ("met", "Met"),
    ("three_year_met", "3y met"),
    ("days_left", "Days left"),
    ("passes_on", "Passes on"),
];

fn count(n: usize) -> Cell {
    Cell::Number(i64::try_from(n).ok())
}

fn yes_no(met: Option<bool>) -> Cell {
    Cell::text(match met {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    })
}

/// A measure's row: A3's figures are percentages, the others days.
fn measure_row(line: &MeasureLine) -> Vec<Cell> {
    let share = line.measure == super::Measure::A3;
    let split = |value: Option<i64>| {
        if share {
            (Cell::Number(None), Cell::Number(value))
        } else {
            (Cell::Number(value), Cell::Number(None))
        }
    };
    let (days, percent) = split(line.period.value);
    let (three_days, three_percent) = split(line.three_years.value);
    vec![
        Cell::text(line.measure.code()),
        Cell::text(""),
        Cell::text(""),
        Cell::Date(None),
        Cell::Date(None),
        days,
        percent,
        count(line.period.children),
        three_days,
        three_percent,
        count(line.three_years.children),
        Cell::Number(line.threshold),
        yes_no(line.met(line.period)),
        yes_no(line.met(line.three_years)),
        Cell::Number(None),
        Cell::Date(None),
    ]
}

fn clock_row(clock: &Clock) -> Vec<Cell> {
    vec![
        Cell::text(clock.measure.code()),
        Cell::text(clock.reference.as_str()),
        Cell::text(clock.name.as_str()),
        Cell::Date(Some(clock.since)),
        Cell::Date(clock.stopped),
        Cell::Number(Some(clock.days)),
        Cell::Number(None),
        Cell::Number(None),
        Cell::Number(None),
        Cell::Number(None),
        Cell::Number(None),
        Cell::Number(Some(clock.threshold)),
        Cell::text(""),
        Cell::text(""),
        Cell::Number(Some(clock.days_left())),
        Cell::Date(clock.passes_on()),
    ]
}

/// The report: the measures for `period`, then the clocks as of `today`.
pub fn report(period: Period, today: NaiveDate, lines: &[MeasureLine], clocks: &[Clock]) -> Report {
    let three = period.three_years();
    Report {
        title: format!(
            "Adoption timeliness: children adopted {} to {} (3y: from {}); children waiting on {}",
            uk(period.from),
            uk(period.to),
            uk(three.from),
            uk(today)
        ),
        columns: COLUMNS.to_vec(),
        rows: lines
            .iter()
            .map(measure_row)
            .chain(clocks.iter().map(clock_row))
            .collect(),
    }
}

/// What each measure is, from the thresholds file, for the notes under
/// the table: "A1: Entering care to moving in ... (threshold 426 days)".
pub fn measure_notes(thresholds: &Thresholds) -> Vec<String> {
    thresholds
        .rules
        .iter()
        .map(|r| {
            let limit = match (r.threshold_days, r.under_months) {
                (Some(days), _) => format!("threshold {days} days"),
                (None, Some(months)) => format!("under {months} months"),
                (None, None) => String::new(),
            };
            format!("{}: {} ({limit}; {})", r.measure, r.title, r.source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Figure, Measure};
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_measure_and_a_clock_fill_their_own_columns() {
        let period = Period {
            from: d(2025, 4, 1),
            to: d(2026, 3, 31),
        };
        let lines = [MeasureLine {
            measure: Measure::A3,
            period: Figure {
                value: Some(80),
                children: 5,
            },
            three_years: Figure {
                value: None,
                children: 0,
            },
            threshold: None,
        }];
        let clocks = [Clock {
            measure: Measure::A1,
            reference: "R1".into(),
            name: "Ann Example".into(),
            since: d(2025, 5, 1),
            stopped: None,
            days: 396,
            threshold: 426,
        }];
        let report = report(period, d(2026, 6, 1), &lines, &clocks);
        assert!(
            report
                .title
                .contains("01/04/2025 to 31/03/2026 (3y: from 01/04/2023)")
        );
        assert_eq!(report.rows[0][6], Cell::Number(Some(80)));
        assert_eq!(report.rows[0][5], Cell::Number(None));
        assert_eq!(report.rows[0][12], Cell::text(""));
        assert_eq!(report.rows[1][14], Cell::Number(Some(30)));
        assert_eq!(report.rows[1][15], Cell::Date(Some(d(2026, 7, 2))));
        assert!(report.rows.iter().all(|r| r.len() == COLUMNS.len()));
    }
}
