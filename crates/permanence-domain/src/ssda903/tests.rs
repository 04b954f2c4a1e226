//! Hand-worked children: what their rows of the return map to, the
//! return's checks on them, and that any sane history maps to periods of
//! care in order and apart.

use super::checks::check;
use super::codes::CodeLists;
use super::mapping::{ChildImport, by_child, map, periods};
use super::rows::{Context, parse_903_date, read_table};
use super::{Return, Table};
use crate::child::LegalStatus;
use crate::event::Event;
use crate::import::RawRow;
use crate::plan::{PlanEnding, Stage};
use chrono::NaiveDate;
use proptest::prelude::*;

pub(super) fn lists() -> CodeLists {
    CodeLists::parse(&[
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
            "review_participation.toml",
            include_str!("../../../../data/ssda903/review_participation.toml"),
        ),
        (
            "reason_placed_ceased.toml",
            include_str!("../../../../data/ssda903/reason_placed_ceased.toml"),
        ),
        ("sex.toml", include_str!("../../../../data/ssda903/sex.toml")),
    ])
    .unwrap()
}

pub(super) fn d(text: &str) -> NaiveDate {
    parse_903_date(text).unwrap()
}

/// Reads tables given as CSV text (header row first) into a return.
pub(super) fn read(tables: &[(Table, &str)]) -> (Return, Vec<super::Problem>) {
    let lists = lists();
    let mut ret = Return::default();
    let mut problems = Vec::new();
    for (table, text) in tables {
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        let rows: Vec<RawRow> = lines
            .enumerate()
            .map(|(i, l)| RawRow {
                line: i + 2,
                cells: l.split(',').map(String::from).collect(),
            })
            .collect();
        let context = Context {
            lists: &lists,
            year: None,
        };
        read_table(
            *table,
            &format!("{table}.csv"),
            &header,
            &rows,
            context,
            &mut ret,
            &mut problems,
        );
    }
    problems.extend(check(&ret, &lists));
    (ret, problems)
}

pub(super) fn one_child(tables: &[(Table, &str)]) -> ChildImport {
    let (ret, problems) = read(tables);
    assert!(problems.is_empty(), "{problems:?}");
    let mut children = map(&ret, &lists());
    assert_eq!(children.len(), 1);
    children.remove(0)
}

pub(super) fn events(child: &ChildImport) -> Vec<(Event, NaiveDate, &str)> {
    child
        .history
        .iter()
        .map(|h| (h.event, h.on, h.source.as_str()))
        .collect()
}

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC\nA,2,01/02/2015,WBRI";

#[test]
fn a_child_home_once_then_adopted_in_a_second_period_of_care() {
    let child = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             A,01/04/2016,S,V2,U6,01/10/2016,E4A\n\
             A,01/03/2017,S,C1,U6,01/02/2018,X1\n\
             A,01/02/2018,L,E1,U6,01/09/2018,X1\n\
             A,01/09/2018,P,E1,A6,01/06/2019,E11",
        ),
        (
            Table::Reviews,
            "CHILD,REVIEW,REVIEW_CODE\nA,21/03/2017,PN0\nA,21/06/2017,PN0",
        ),
        (Table::PlacedAdoption, "CHILD,DATE_PLACED\nA,10/01/2018"),
        (
            Table::Ad1,
            "CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE\nA,10/01/2018,15/08/2018,0",
        ),
    ]);
    assert_eq!(
        events(&child),
        vec![
            (
                Event::LookedAfter,
                d("01/04/2016"),
                "ssda903:episodes:2016-04-01:RNE"
            ),
            (
                Event::LookedAfter,
                d("01/03/2017"),
                "ssda903:episodes:2017-03-01:RNE"
            ),
            (
                Event::InterimCareOrder,
                d("01/03/2017"),
                "ssda903:episodes:2017-03-01:LS"
            ),
            (Event::CaseReview, d("21/03/2017"), "ssda903:reviews:2017-03-21"),
            (Event::CaseReview, d("21/06/2017"), "ssda903:reviews:2017-06-21"),
            (
                Event::Shobpa,
                d("10/01/2018"),
                "ssda903:placedadoption:2018-01-10"
            ),
            (
                Event::PlacementOrder,
                d("01/02/2018"),
                "ssda903:episodes:2018-02-01:LS"
            ),
            (
                Event::MatchingPanel,
                d("15/08/2018"),
                "ssda903:ad1:2018-08-15:DATE_MATCH"
            ),
            (
                Event::Placement,
                d("01/09/2018"),
                "ssda903:episodes:2018-09-01:PLACE"
            ),
            (
                Event::OrderMade,
                d("01/06/2019"),
                "ssda903:episodes:2019-06-01:REC"
            ),
        ]
    );
    assert_eq!(
        child.periods,
        vec![
            (d("01/04/2016"), Some(d("01/10/2016"))),
            (d("01/03/2017"), Some(d("01/06/2019")))
        ]
    );
    let plans: Vec<_> = child
        .plans
        .iter()
        .map(|p| (p.pathway.as_str(), p.start, p.closed))
        .collect();
    assert_eq!(
        plans,
        vec![
            (
                "reunification",
                d("01/04/2016"),
                Some((d("01/10/2016"), PlanEnding::Ceased))
            ),
            (
                "adoption",
                d("01/03/2017"),
                Some((d("01/06/2019"), PlanEnding::OrderMade))
            ),
        ]
    );
    assert_eq!(child.unplaced, None);
    assert_eq!(
        child.plan_lines(),
        vec![
            "plan reunification (closed 01/10/2016 (ceased)) from 01/04/2016: returned home as planned on 01/10/2016 (REC E4A)",
            "plan adoption (closed 01/06/2019 (order made)) from 01/03/2017: adopted on 01/06/2019 (REC E11)",
        ]
    );
    assert_eq!(child.patch.given_name, "Child");
    assert_eq!(child.patch.family_name, "A");
    assert_eq!(child.patch.gender, Some(Some("Female".to_string())));
    assert_eq!(child.patch.legal_status, Some(LegalStatus::None));
    assert_eq!(child.patch.looked_after_since, Some(None));
    assert_eq!(child.patch.placement_type, Some(None));
}

#[test]
fn a_placement_order_with_no_adoption_yet_proposes_the_adoption_pathway() {
    let child = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             A,01/03/2022,S,C1,U6,01/12/2022,X1\n\
             A,01/12/2022,L,E1,U6,,",
        ),
        (
            Table::SocialWorker,
            "CHILD,SW_ID,SW_DECOM,SW_DEC\nA,SW1,01/03/2022,01/06/2022\nA,SW7,01/06/2022,",
        ),
    ]);
    assert_eq!(child.plans.len(), 1);
    let plan = &child.plans[0];
    assert_eq!(
        (plan.pathway.as_str(), plan.start, plan.stage, plan.closed),
        ("adoption", d("01/03/2022"), Stage::LookedAfter, None)
    );
    assert!(
        plan.because.contains("placement order since 01/12/2022"),
        "{}",
        plan.because
    );
    assert_eq!(child.patch.legal_status, Some(LegalStatus::Po));
    assert_eq!(child.patch.looked_after_since, Some(Some(d("01/03/2022"))));
    assert_eq!(child.patch.placement_type, Some(Some("Foster care".to_string())));
    assert_eq!(child.patch.worker, Some(Some("SW7".to_string())));
}

/// A young person of 18 is no longer looked after: the import proposes
/// no current plan for them on a day after their 18th birthday, says why
/// (this program's rule, citing the Act), and keeps the plans their
/// history shows ended.
#[test]
fn no_current_plan_is_proposed_for_a_young_person_who_has_turned_18() {
    let child = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             A,01/03/2022,S,C1,U6,01/12/2022,X1\n\
             A,01/12/2022,L,E1,U6,,",
        ),
    ]);
    // HEADER's child was born on 01/02/2015.
    let eighteen = d("01/02/2033");
    // The day before: still a child, the plan stands.
    let before = child.clone().adult_on(eighteen.pred_opt().unwrap());
    assert_eq!(before, child);
    let after = child.adult_on(eighteen);
    assert!(after.plans.iter().all(|p| p.closed.is_some()));
    let reason = after.unplaced.unwrap();
    assert!(reason.starts_with("turned 18 on "), "{reason}");
    assert!(reason.contains("Children Act 1989, s.105(1)"), "{reason}");
    assert!(reason.contains("this program's rule"), "{reason}");
    assert!(reason.starts_with("turned 18 on 01/02/2033,"), "{reason}");
}

/// Born on 29 February: 18 on 1 March in a year with no 29 February, as
/// the rest of the program counts age (`supervision::age_on`), not on 28
/// February.
#[test]
fn a_young_person_born_on_29_february_turns_18_on_1_march() {
    let child = one_child(&[
        (Table::Header, "CHILD,SEX,DOB,ETHNIC\nA,2,29/02/2008,WBRI"),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             A,01/03/2022,S,C1,U6,01/12/2022,X1\n\
             A,01/12/2022,L,E1,U6,,",
        ),
    ]);
    assert_eq!(child.clone().adult_on(d("28/02/2026")), child);
    let reason = child.adult_on(d("01/03/2026")).unplaced.unwrap();
    assert!(reason.starts_with("turned 18 on 01/03/2026,"), "{reason}");
}

#[test]
fn a_special_guardianship_order_closes_the_plan_with_the_order() {
    let child = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA,01/03/2020,S,C1,U3,15/01/2021,E45",
        ),
    ]);
    assert_eq!(
        events(&child).last().copied(),
        Some((
            Event::SpecialGuardianshipOrder,
            d("15/01/2021"),
            "ssda903:episodes:2021-01-15:REC"
        ))
    );
    assert_eq!(child.plans[0].pathway, "special-guardianship");
    assert_eq!(
        child.plans[0].closed,
        Some((d("15/01/2021"), PlanEnding::OrderMade))
    );
    assert_eq!(child.patch.legal_status, Some(LegalStatus::Sgo));
}

#[test]
fn children_the_history_places_on_no_pathway_say_why_rather_than_guess() {
    let proceedings = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA,01/03/2024,S,C1,U6,,",
        ),
    ]);
    assert!(proceedings.plans.is_empty());
    let why = proceedings.unplaced.unwrap();
    assert!(
        why.contains("C1 (Interim care order)") && why.contains("do not say which pathway"),
        "{why}"
    );

    let reversed = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA,01/03/2020,S,C1,U6,01/01/2021,X1\nA,01/01/2021,L,E1,U6,,",
        ),
        (
            Table::PlacedAdoption,
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\nA,01/12/2020,01/06/2022,RD3",
        ),
    ]);
    assert!(reversed.plans.is_empty());
    let why = reversed.unplaced.unwrap();
    assert!(
        why.contains("reversed on 01/06/2022 (RD3: Prospective adopters could not be found)"),
        "{why}"
    );

    let cao = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA,01/03/2020,S,C1,U3,01/01/2021,E41",
        ),
    ]);
    assert!(cao.plans.is_empty());
    assert!(cao.unplaced.unwrap().contains("REC E41"));
    assert_eq!(cao.patch.legal_status, Some(LegalStatus::Cao));
}

#[test]
fn a_history_cut_short_records_no_entry_to_care_nor_an_order_it_did_not_see_made() {
    let child = one_child(&[
        (Table::Header, HEADER),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA,01/04/2023,P,C2,U4,,",
        ),
    ]);
    assert!(child.history.is_empty(), "{:?}", child.history);
    assert_eq!(child.patch.looked_after_since, None);
    assert_eq!(child.patch.legal_status, Some(LegalStatus::Co));
    assert_eq!(child.plans[0].pathway, "permanent-fostering");
}

#[test]
fn the_returns_own_rules_are_checked() {
    let (_, problems) = read(&[
        (Table::Header, "CHILD,SEX,DOB\nA,1,01/01/2015\nB,1,01/01/2015"),
        (
            Table::Episodes,
            "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
             A,01/03/2020,S,C1,U6,01/05/2020,X1\n\
             A,01/06/2020,L,C2,U6,,\n\
             B,01/03/2020,S,V2,U6,01/05/2020,E4A\n\
             B,01/06/2020,P,V2,U6,,",
        ),
        (Table::PlacedAdoption, "CHILD,DATE_PLACED\nA,01/01/2020"),
    ]);
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec![
            "Episodes.csv: line 2: REC: X1 says a new episode begins on 01/05/2020, the day this one ends, but the next begins on 01/06/2020",
            "Episodes.csv: line 5: RNE: P does not start a period of care, but the child left care on 01/05/2020 (line 4): a new period starts with S",
            "PlacedAdoption.csv: line 2: DATE_PLACED: 01/01/2020 is before the child entered care (01/03/2020 on line 2 of Episodes.csv)",
        ]
    );
}

#[test]
fn tables_are_known_by_their_file_names_as_authorities_write_them() {
    for (name, table) in [
        ("Episodes_2024", Some(Table::Episodes)),
        ("episodes", Some(Table::Episodes)),
        ("SSDA903_2023_AD1", Some(Table::Ad1)),
        ("placed_adoption", Some(Table::PlacedAdoption)),
        ("PlacedAdoption2019", Some(Table::PlacedAdoption)),
        ("HEADER", Some(Table::Header)),
        ("OC2_2019", Some(Table::Oc2)),
        ("social_worker_2024", Some(Table::SocialWorker)),
        ("prevperm", Some(Table::PrevPerm)),
        ("notes", None),
    ] {
        assert_eq!(Table::from_file_name(name), table, "{name}");
    }
    assert_eq!(parse_903_date("1/4/2019"), Ok(d("01/04/2019")));
    assert!(parse_903_date("2019-04-01").is_err());
    assert!(parse_903_date("30/02/2019").is_err());
}

proptest! {
    /// However a child's episodes run (each a change, an end of care, or
    /// a new start), the periods they map to come in order and apart.
    #[test]
    fn periods_of_care_never_overlap(steps in prop::collection::vec((1u64..400, 0u8..3), 1..30)) {
        let mut rows = String::from("CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n");
        let mut on = d("01/04/2010");

        let mut rne = "S";
        let mut line = Vec::new();
        for (i, &(gap, kind)) in steps.iter().enumerate() {
            let next = on + chrono::Days::new(gap);
            let last = i + 1 == steps.len();
            let (dec, rec) = match (last, kind) {
                (true, _) => (String::new(), ""),
                (false, 0) => (crate::date::uk(next), "E4A"),
                _ => (crate::date::uk(next), "X1"),
            };
            line.push(format!("A,{},{rne},C2,U6,{dec},{rec}", crate::date::uk(on)));
            let in_care = rec != "E4A";
            rne = if in_care { "L" } else { "S" };
            // A new period starts some days after the last one ended.
            on = if in_care { next } else { next + chrono::Days::new(gap) };
        }
        rows.push_str(&line.join("\n"));
        let (ret, problems) = read(&[(Table::Header, HEADER), (Table::Episodes, &rows)]);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let lists = lists();
        let children = by_child(&ret.episodes);
        let found = periods(&children["A"], &lists);
        prop_assert_eq!(found.len(), line.iter().filter(|l| l.contains(",S,")).count());
        for pair in found.windows(2) {
            let end = pair[0].end;
            prop_assert!(end.is_some_and(|end| end < pair[1].start), "{:?} then {:?}", pair[0].end, pair[1].start);
        }
        for p in &found {
            prop_assert!(p.end.is_none_or(|end| p.start <= end));
        }
    }
}

#[test]
fn a_reference_longer_than_a_name_is_refused_and_unsafe_characters_are_dropped() {
    let long = "A".repeat(5_000);
    let (ret, problems) = read(&[(
        Table::Header,
        &format!("CHILD,SEX,DOB,ETHNIC\n{long},1,01/01/2015,WBRI\nB\u{202e},1,01/01/2015,WBRI"),
    )]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].to_string().starts_with("Header.csv: line 2: CHILD: "),
        "{}",
        problems[0]
    );
    assert_eq!(ret.header[0].child, "B");
}
