//! Hand-worked: what a collection year's export holds of a child's kept
//! rows (as at 31 March), how the app's corrections and withdrawals come
//! through, and the span of days a year's files speak for.

use super::Table;
use super::export::{Holding, SourceNow, build, in_force, open_in};
use super::kept::{Coverage, KeptRow, Other, collection_year, of_return, year_of};
use super::tests::{lists, read};
use crate::child::ChildFields;
use crate::event::Event;
use chrono::NaiveDate;
use std::collections::HashMap;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Placed under a care order in June 2018, a placement order from
/// February 2019, adopted 1 June 2020; reviews in 2018 and 2019.
const TABLES: [(Table, &str); 3] = [
    (
        Table::Header,
        "CHILD,SEX,DOB,ETHNIC,UPN\n1,2,01/01/2018,WBRI,A123456789012\n",
    ),
    (
        Table::Episodes,
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST\n1,01/06/2018,S,C1,N1,U6,PR1,01/02/2019,X1,AB1 2CD\n1,01/02/2019,L,E1,N1,A6,PR1,01/06/2020,E11,AB1 2CD\n",
    ),
    (
        Table::Reviews,
        "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2018,15/06/2018,PN0\n1,01/01/2018,15/12/2018,PN0\n1,01/01/2018,15/06/2019,PN0\n",
    ),
];

fn record() -> ChildFields {
    ChildFields {
        reference: "1".to_string(),
        date_of_birth: Some(d(2018, 1, 1)),
        gender: Some("Female".to_string()),
        ethnicity: Some("WBRI".to_string()),
        ..ChildFields::default()
    }
}

/// Each table's rows as `cell,cell,...` in the table's columns.
fn export(
    year: i32,
    sources: &HashMap<String, SourceNow>,
    app: &[(Event, NaiveDate)],
) -> (Vec<(Table, Vec<String>)>, Vec<String>) {
    let (ret, problems) = read(&TABLES);
    assert!(problems.is_empty(), "{problems:?}");
    let kept = of_return(&ret);
    let record = record();
    let holding = Holding {
        record: &record,
        kept: &kept["1"],
        sources,
        app_events: app,
    };
    let out = build(year, &lists(), &[holding]);
    let tables = out
        .tables
        .iter()
        .map(|(t, rows)| {
            let columns = super::kept::columns(*t);
            let lines = rows
                .iter()
                .map(|r: &KeptRow| {
                    columns
                        .iter()
                        .map(|c| r.cell(c).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            (*t, lines)
        })
        .collect();
    (tables, out.notes.into_iter().map(|n| n.message).collect())
}

fn rows(tables: &[(Table, Vec<String>)], table: Table) -> Vec<String> {
    tables.iter().find(|(t, _)| *t == table).unwrap().1.clone()
}

#[test]
fn a_years_export_holds_the_child_looked_after_in_it_as_at_31_march() {
    let none = HashMap::new();
    // 2018-19: both episodes, the second open at 31 March; two reviews.
    let (tables, notes) = export(2019, &none, &[]);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        rows(&tables, Table::Header),
        ["1,2,01/01/2018,WBRI,A123456789012,,"]
    );
    assert_eq!(
        rows(&tables, Table::Episodes),
        [
            "1,01/06/2018,S,C1,N1,U6,PR1,01/02/2019,X1,,AB1 2CD,,",
            "1,01/02/2019,L,E1,N1,A6,PR1,,,,AB1 2CD,,",
        ]
    );
    assert_eq!(
        rows(&tables, Table::Reviews),
        ["1,01/01/2018,15/06/2018,PN0", "1,01/01/2018,15/12/2018,PN0"]
    );
    assert!(rows(&tables, Table::Ad1).is_empty());
    // 2020-21: adopted in the year, its end written; no review; no AD1 kept, so said.
    let (tables, notes) = export(2021, &none, &[]);
    assert_eq!(
        rows(&tables, Table::Episodes),
        ["1,01/02/2019,L,E1,N1,A6,PR1,01/06/2020,E11,,AB1 2CD,,"]
    );
    assert!(rows(&tables, Table::Reviews).is_empty());
    assert_eq!(
        notes,
        ["AD1: adopted in the year, but the files held no AD1 row for the child: none written"]
    );
    // 2017-18: not yet looked after.
    let (tables, _) = export(2018, &none, &[]);
    assert!(rows(&tables, Table::Header).is_empty());
}

#[test]
fn the_apps_corrections_move_a_review_its_withdrawals_leave_one_out_and_its_reviews_are_added() {
    let mut sources = HashMap::new();
    sources.insert(
        "ssda903:reviews:2018-06-15".to_string(),
        SourceNow::Current {
            event: Event::CaseReview,
            on: d(2018, 6, 18),
            in_app: true,
        },
    );
    sources.insert(
        "ssda903:reviews:2018-12-15".to_string(),
        SourceNow::Withdrawn {
            event: Event::CaseReview,
            in_app: true,
        },
    );
    let app = [
        (Event::CaseReview, d(2019, 1, 10)),
        (Event::CareOrder, d(2019, 3, 1)),
    ];
    let (tables, notes) = export(2019, &sources, &app);
    assert_eq!(
        rows(&tables, Table::Reviews),
        ["1,01/01/2018,18/06/2018,PN0", "1,01/01/2018,10/01/2019,"]
    );
    assert_eq!(
        notes,
        [
            "Reviews: the review of 15/06/2018 was corrected in the app to 18/06/2018: written on 18/06/2018",
            "Reviews: the review of 15/12/2018 was withdrawn in the app: not written",
            "care-order on 01/03/2019 recorded in the app: not written: the return holds it as an episode beginning or ending, which needs the legal status and placement (LS, PLACE) the product does not hold",
        ]
    );
}

#[test]
fn the_year_rules_and_the_span_a_years_files_speak_for() {
    assert_eq!(year_of(d(2019, 3, 31)), 2019);
    assert_eq!(year_of(d(2019, 4, 1)), 2020);
    assert_eq!(collection_year(2024), Some((d(2023, 4, 1), d(2024, 3, 31))));
    let year = (d(2019, 4, 1), d(2020, 3, 31));
    assert!(open_in(d(2018, 1, 1), None, year));
    assert!(open_in(d(2018, 1, 1), Some(d(2019, 4, 1)), year));
    assert!(!open_in(d(2018, 1, 1), Some(d(2019, 3, 31)), year));
    assert!(!open_in(d(2020, 4, 1), None, year));
    assert!(in_force(d(2017, 5, 1), Some(d(2019, 5, 1)), year));
    assert!(!in_force(d(2017, 5, 1), Some(d(2019, 3, 1)), year));
    // A year's files that begin mid-period: episodes from the day after
    // the first (its order began before the files), reviews from 1 April.
    let (ret, problems) = read(&[
        (Table::Header, "CHILD,SEX,DOB\n1,2,01/01/2018\n"),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n1,01/02/2019,L,E1,A6,,\n",
        ),
        (Table::Reviews, "CHILD,REVIEW\n1,15/06/2019\n"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let coverage = Coverage::of(&ret, &lists());
    assert_eq!(
        coverage.span(Table::Episodes, "1"),
        Some((d(2019, 2, 2), d(2020, 3, 31)))
    );
    assert_eq!(
        coverage.span(Table::Reviews, "1"),
        Some((d(2019, 4, 1), d(2020, 3, 31)))
    );
    assert_eq!(coverage.span(Table::Ad1, "1"), None);
    let other = Other::from_pairs([("UPN", "A1"), ("MOTHER", ""), ("MC_DOB", "01/01/2000")]);
    assert_eq!(
        other.pairs().collect::<Vec<_>>(),
        [("UPN", "A1"), ("MC_DOB", "01/01/2000")]
    );
    assert_eq!(Other::from_pairs([("UPN", "")]), Other::default());
}
