//! `permanence report timeliness` through the binary, on a caseload made
//! with the command line (`import children`, `import plans`, `record`,
//! `plan close`), its figures worked by hand in the comments. The binary's
//! today is 06/12/2026, so the default period is the year to 31/03/2026
//! (three years from 01/04/2023).

use crate::util::{Case, stderr, stdout};

/// Ada and Bo adopted in the year to 31/03/2026, Cy still waiting, Dee on
/// a reunification plan (never counted).
///
/// - Ada: looked after 15/01/2024, PO 01/08/2024, matched 01/03/2025,
///   placed 15/03/2025, adopted 15/12/2025. A1: 366 (to 15/01/2025) +
///   31 + 28 = 425; A2: 31+30+31+30+31+31+28 = 212; A3: placed on the day
///   14 months on, so not under.
/// - Bo: two periods of care: looked after 01/02/2022, home on an SGO
///   01/08/2022, looked after again 01/03/2023; PO 01/10/2023, matched
///   01/03/2024, placed 15/03/2024, adopted 01/06/2025. A1 from the
///   second period: 366 + 14 = 380; A2: 31+30+31+31+29 = 152; A3: under.
/// - Cy: looked after 15/10/2025, PO 01/06/2026, not matched. On
///   06/12/2026, A1: 365 + 31 + 21 = 417 days, 9 left of 426, passing on
///   16/12/2026; A2: 30+31+31+30+31+30+5 = 188, 67 over 121 since 01/10/2026.
///
/// A1 = (425 + 380) / 2 = 402.5, 403 to the nearest day; A2 = (212 +
/// 152) / 2 = 182, over 121; A3 = 1 of 2, 50%.
pub(crate) fn caseload() -> Case {
    let case = Case::new("t.db");
    let children = case.file(
        "children.csv",
        "ref,given_name,family_name,legal_status,looked_after_since,team\n\
         ADA,Ada,Example,po,2024-01-15,North\n\
         BO,Bo,Example,po,2023-03-01,North\n\
         CY,Cy,Example,po,2025-10-15,South\n\
         DEE,Dee,Example,co,2025-01-01,South\n",
    );
    let plans = case.file(
        "plans.csv",
        "ref,pathway,role,start,stage\n\
         ADA,adoption,primary,2024-02-01,proceedings\n\
         BO,adoption,primary,2023-04-01,proceedings\n\
         CY,adoption,primary,2025-11-01,proceedings\n\
         DEE,reunification,primary,2025-02-01,looked-after\n",
    );
    case.ok(&["init"]);
    case.ok(&["import", "children", children.to_str().unwrap()]);
    case.ok(&["import", "plans", plans.to_str().unwrap()]);
    let events: [(&str, &str, &str); 14] = [
        ("ADA", "looked-after", "15/01/2024"),
        ("ADA", "placement-order", "01/08/2024"),
        ("ADA", "matching-panel", "01/03/2025"),
        ("ADA", "placement", "15/03/2025"),
        ("ADA", "order-made", "15/12/2025"),
        ("BO", "looked-after", "01/02/2022"),
        ("BO", "special-guardianship-order", "01/08/2022"),
        ("BO", "looked-after", "01/03/2023"),
        ("BO", "placement-order", "01/10/2023"),
        ("BO", "matching-panel", "01/03/2024"),
        ("BO", "placement", "15/03/2024"),
        ("BO", "order-made", "01/06/2025"),
        ("CY", "looked-after", "15/10/2025"),
        ("CY", "placement-order", "01/06/2026"),
    ];
    for (reference, event, on) in events {
        case.ok(&["record", reference, event, "--on", on]);
    }
    for reference in ["ADA", "BO"] {
        case.ok(&["plan", "close", reference, "adoption", "--outcome", "order-made"]);
    }
    case
}

fn rows(case: &Case, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["report", "timeliness", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&case.ok(&all)).unwrap()
}

#[test]
fn the_years_measures_and_the_waiting_child_match_the_hand_worked_figures() {
    let case = caseload();
    let rows = rows(&case, &[]);
    let measure = |code: &str| {
        rows.iter()
            .find(|r| r["measure"] == code && r["ref"].is_null())
            .unwrap_or_else(|| panic!("no {code} in {rows:?}"))
    };
    assert_eq!(measure("A1")["days"], 403);
    assert_eq!(measure("A1")["children"], 2);
    assert_eq!(measure("A1")["threshold"], 426);
    assert_eq!(measure("A1")["met"], "yes");
    assert_eq!(
        measure("A10")["days"],
        403,
        "A10 is A1 where no child was adopted by their foster carers"
    );
    assert_eq!(measure("A2")["days"], 182);
    assert_eq!(measure("A2")["met"], "no");
    assert_eq!(measure("A3")["percent"], 50);
    assert!(measure("A3")["met"].is_null());
    // The three years from 01/04/2023 hold the same two children.
    assert_eq!(measure("A1")["three_year_days"], 403);
    assert_eq!(measure("A1")["three_year_children"], 2);
    // Then Cy's clocks, the one already over first; Dee is not on an
    // adoption plan and appears nowhere.
    let clocks: Vec<(&str, &str, i64, i64, &str)> = rows
        .iter()
        .filter(|r| !r["ref"].is_null())
        .map(|r| {
            (
                r["ref"].as_str().unwrap(),
                r["measure"].as_str().unwrap(),
                r["days"].as_i64().unwrap(),
                r["days_left"].as_i64().unwrap(),
                r["passes_on"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        clocks,
        [
            ("CY", "A2", 188, -67, "2026-10-01"),
            ("CY", "A1", 417, 9, "2026-12-16"),
        ]
    );
    assert_eq!(rows[4]["since"], "2026-06-01");
}

#[test]
fn a_period_that_holds_only_one_adoption_counts_only_that_child() {
    let case = caseload();
    // 01/04/2025 to 30/09/2025: Bo (adopted 01/06/2025) alone; his three
    // years from 01/10/2022 hold him alone too.
    for args in [
        ["--from", "01/04/2025", "--to", "30/09/2025"],
        ["--from", "2025-04-01", "--to", "2025-09-30"],
    ] {
        let rows = rows(&case, &args);
        assert_eq!(rows[0]["measure"], "A1");
        assert_eq!(rows[0]["days"], 380, "Bo counts from his second period of care");
        assert_eq!(rows[0]["children"], 1);
        assert_eq!(rows[3]["percent"], 100);
    }
    // --to alone is the year to it: 01/01/2025 to 31/12/2025 holds both.
    let both = rows(&case, &["--to", "31/12/2025"]);
    assert_eq!(both[0]["children"], 2);
    // Dates as everywhere on the command line: `today` is 06/12/2026, and
    // the year to it (from 07/12/2025) holds Ada's adoption alone.
    let ada = rows(&case, &["--to", "today"]);
    assert_eq!(
        (ada[0]["children"].as_i64(), ada[0]["days"].as_i64()),
        (Some(1), Some(425))
    );
}

#[test]
fn every_format_writes_the_same_rows_and_the_table_says_where_the_rules_come_from() {
    let case = caseload();
    let table = case.ok(&["report", "timeliness"]);
    assert!(
        table.contains("Adoption timeliness: children adopted 01/04/2025 to 31/03/2026 (3y: from 01/04/2023); children waiting on 06/12/2026"),
        "{table}"
    );
    assert!(
        table.contains("15/10/2025"),
        "table dates are DD/MM/YYYY: {table}"
    );
    assert!(
        table.contains("Adoption Scorecards: year ending March 2018"),
        "{table}"
    );
    assert!(table.contains("A10 equals A1"), "{table}");
    let csv = case.run(&["report", "timeliness", "--format", "csv"]);
    let text = stdout(&csv);
    assert!(
        text.starts_with("measure,ref,child,since,stopped,days,percent,children,three_year_days"),
        "{text}"
    );
    assert!(text.contains("CY,Cy Example,2025-10-15,,417"), "{text}");
    // Days over a threshold stay a number a spreadsheet adds up.
    assert!(text.contains(",121,,,-67,2026-10-01"), "{text}");
    assert_eq!(
        text.lines().count(),
        7,
        "a header, four measures, two clocks: {text}"
    );
    // The notes go beside CSV, on stderr, so the file stays one table.
    assert!(stderr(&csv).contains("note: A10"), "{}", stderr(&csv));
    let md = case.ok(&["report", "timeliness", "--format", "md"]);
    assert!(md.contains("| A1 |  |  |  |  | 403 |"), "{md}");
    assert!(md.contains("- Definitions: DfE"), "{md}");
}

#[test]
fn a_bad_date_or_a_period_backwards_is_refused_with_a_clear_message() {
    let case = caseload();
    let cases: [(&[&str], &str); 3] = [
        (&["--from", "31/02/2026"], "--from:"),
        (&["--to", "2026-13-01"], "--to:"),
        (
            &["--from", "01/04/2026", "--to", "31/03/2026"],
            "--from 01/04/2026 is after --to 31/03/2026",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["report", "timeliness"];
        all.extend_from_slice(args);
        let out = case.run(&all);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "nothing printed for {args:?}");
    }
}

#[test]
fn a_team_scope_counts_only_that_teams_children() {
    let case = caseload();
    // Ada and Bo are North's: its figures, and no one waiting.
    let north = rows(&case, &["--team", "north"]);
    assert_eq!(north[0]["days"], 403);
    assert_eq!(north.len(), 4, "{north:?}");
    // Cy is South's: no one adopted, so no figures, and Cy's clocks.
    let south = rows(&case, &["--team", "South"]);
    assert!(
        south[0]["days"].is_null() && south[0]["children"] == 0,
        "{south:?}"
    );
    let refs: Vec<&str> = south.iter().filter_map(|r| r["ref"].as_str()).collect();
    assert_eq!(refs, ["CY", "CY"]);
    let out = case.run(&["report", "timeliness", "--team", "Nowhere"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Nowhere"), "{}", stderr(&out));
}

/// The dashboard with its timeliness panel, on the sixty-child fixture
/// caseload: the panel under the four charts, its figures the report's.
#[test]
fn the_dashboard_shows_the_timeliness_panel_at_80_by_24_and_120_by_40() {
    use crate::util::caseloads::Caseload;
    use crate::util::screen::{app, drawn};
    use crate::util::today;
    use permanence::domain::dashboard::Dashboard;
    use permanence::domain::timeliness::panel::Panel;
    use permanence::service::library::Library;
    use permanence::service::timelines;
    use permanence::service::timeliness;

    let (_dir, store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let gathered = timelines::gather(&store, &library, today(), None).unwrap();
    let cohort: Vec<_> = gathered.iter().map(timelines::cohort_child).collect();
    let dashboard = Dashboard::of(&cohort, today());
    let thresholds = timeliness::thresholds().unwrap();
    let journeys = timeliness::journeys(&store, &library, |_, _| true).unwrap();
    let panel = Panel::of(&journeys, today(), &thresholds);
    let mut small = app(&store, 80, 24);
    small.show_dashboard(dashboard.clone(), "Everyone".into());
    let without = drawn(&small, 80, 24);
    assert!(!without.contains("Adoption timeliness"), "{without}");
    // None of the fixture's children was adopted in the year; four
    // waiting children's clocks are past a threshold.
    small.set_dashboard_timeliness(panel.clone());
    let screen = drawn(&small, 80, 24);
    assert!(
        screen.contains("Adoption timeliness, year to 31/03/2026"),
        "{screen}"
    );
    assert!(screen.contains("No children adopted in the year"), "{screen}");
    assert!(
        screen.contains(&format!("; {} already past", panel.over)),
        "{screen}"
    );
    for title in ["Weeks in pre-proceedings", "SGO conversion funnel"] {
        assert!(screen.contains(title), "{title}: {screen}");
    }
    insta::assert_snapshot!("timeliness_panel_80x24", screen);
    // A year with adoptions: the figures of the report's hand-worked
    // caseload above (A1 403, A2 182, A3 50%), and one clock passing soon.
    let mut with_figures = panel;
    for line in &mut with_figures.lines {
        line.period = permanence::domain::timeliness::Figure {
            value: Some(match line.measure.code() {
                "A1" => 403,
                "A2" => 182,
                _ => 50,
            }),
            children: 2,
        };
    }
    with_figures.soon = 1;
    let mut large = app(&store, 120, 40);
    large.show_dashboard(dashboard, "Everyone".into());
    large.set_dashboard_timeliness(with_figures);
    let screen = drawn(&large, 120, 40);
    assert!(
        screen.contains("A1 403d (≤426 met) · A2 182d (≤121 over) · A3 50% within 14 months"),
        "{screen}"
    );
    assert!(
        screen.contains("Waiting: 1 clock passes a threshold within 28 days"),
        "{screen}"
    );
    insta::assert_snapshot!("timeliness_panel_120x40", screen);
}

/// `D` draws the charts first and the timeliness panel after, while no key
/// waits: at national scale the panel reads every child who has had an
/// adoption plan, which the charts' first frame does not wait for.
#[test]
fn the_dashboard_draws_its_charts_before_the_timeliness_panel() {
    use crate::util::caseloads::Caseload;
    use crate::util::screen::{app, drawn};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use permanence::service::library::Library;

    let (_dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, 120, 40);
    let effect = app
        .handle_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::NONE))
        .expect("D opens the dashboard");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let first = drawn(&app, 120, 40);
    assert!(first.contains("Dashboard"), "{first}");
    assert!(!first.contains("Adoption timeliness"), "{first}");
    assert!(app.dashboard_timeliness_pending());
    assert!(permanence::ui::effects::fill_dashboard_timeliness(
        &store, &library, &mut app
    ));
    let then = drawn(&app, 120, 40);
    assert!(then.contains("Adoption timeliness, year to 31/03/2026"), "{then}");
    assert!(!app.dashboard_timeliness_pending());
    assert!(
        !permanence::ui::effects::fill_dashboard_timeliness(&store, &library, &mut app),
        "worked out once"
    );
}

/// Two children adopted in the year to 31/03/2026, imported from SSDA903
/// files written by hand:
///
/// - F1, adopted by her foster carers (AD1 FOSTER_CARE 1): into care
///   01/04/2023, moved to the carers who went on to adopt her 15/06/2023
///   (RNE P), placement order 01/12/2023 with them (L), placed for
///   adoption with them 01/07/2024 (T, A5), adopted 01/06/2025. A1 = 457
///   days (01/04/2023 to 01/07/2024); A10 counts to 15/06/2023: 30 + 31 +
///   14 = 75.
/// - F2, adopted by new carers (FOSTER_CARE 0): into care 01/03/2024,
///   placed 01/02/2025 (P, A6), adopted 15/12/2025: A1 = A10 = 337.
///
/// A1 = (457 + 337) / 2 = 397; A10 = (75 + 337) / 2 = 206.
const FOSTER_CARER_FILES: [(&str, &str); 4] = [
    (
        "Header.csv",
        "CHILD,SEX,DOB,ETHNIC\nF1,2,01/02/2023,WBRI\nF2,1,01/05/2023,WBRI\n",
    ),
    (
        "Episodes.csv",
        "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
         F1,01/04/2023,S,C1,U6,15/06/2023,X1\n\
         F1,15/06/2023,P,C1,U6,01/12/2023,X1\n\
         F1,01/12/2023,L,E1,U6,01/07/2024,X1\n\
         F1,01/07/2024,T,E1,A5,01/06/2025,E11\n\
         F2,01/03/2024,S,C1,U6,01/10/2024,X1\n\
         F2,01/10/2024,L,E1,U6,01/02/2025,X1\n\
         F2,01/02/2025,P,E1,A6,15/12/2025,E12\n",
    ),
    (
        "PlacedAdoption.csv",
        "CHILD,DATE_PLACED\nF1,01/11/2023\nF2,01/09/2024\n",
    ),
    (
        "AD1.csv",
        "CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE\nF1,01/11/2023,15/06/2024,1\nF2,01/09/2024,15/01/2025,0\n",
    ),
];

#[test]
fn a10_counts_to_the_foster_placement_of_a_child_imported_as_adopted_by_their_foster_carers() {
    let case = Case::new("a10.db");
    let folder = case.dir.path().join("903");
    std::fs::create_dir_all(&folder).unwrap();
    for (name, text) in FOSTER_CARER_FILES {
        std::fs::write(folder.join(name), text).unwrap();
    }
    case.ok(&["init"]);
    case.ok(&["import", "ssda903", folder.to_str().unwrap()]);
    let measure = |rows: &[serde_json::Value], code: &str| {
        rows.iter()
            .find(|r| r["measure"] == code && r["ref"].is_null())
            .unwrap_or_else(|| panic!("no {code} in {rows:?}"))
            .clone()
    };
    let first = rows(&case, &[]);
    assert_eq!(measure(&first, "A1")["days"], 397);
    assert_eq!(measure(&first, "A1")["children"], 2);
    assert_eq!(measure(&first, "A10")["days"], 206);
    assert_eq!(measure(&first, "A10")["children"], 2);
    // The note that A10 equals A1 is gone: one child here counts apart.
    assert!(!case.ok(&["report", "timeliness"]).contains("A10 equals A1"));
    let fostered = |case: &Case| {
        let events: serde_json::Value = serde_json::from_str(&case.ok(&["events", "F1", "--json"])).unwrap();
        events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["event"] == "foster-placement" && e["status"] == "current")
            .map(|e| e["on"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(fostered(&case), ["2023-06-15"]);
    // The same files again: the event is found by its source, not doubled,
    // and the figures stand.
    case.ok(&["import", "ssda903", folder.to_str().unwrap()]);
    assert_eq!(fostered(&case), ["2023-06-15"]);
    assert_eq!(rows(&case, &[]), first);
}

/// The children read in one pass for the measures (`each_adoption_record`)
/// are the ones the one-child reads give, each with the same record,
/// plans, standing events and plan endings: on this caseload (two periods
/// of care, closed plans, an order made) with one of Bo's events withdrawn
/// and one of Cy's corrected, and on the 200-child fixture.
#[test]
fn the_adoption_children_read_in_one_pass_are_as_read_one_at_a_time() {
    use crate::util::caseloads::Caseload;
    use permanence::store::{AdoptionFacts, Store, StoreError};

    fn both_ways(store: &Store) -> usize {
        let mut one_pass = Vec::new();
        store
            .each_adoption_record(&["adoption"], |id, fields, facts| {
                one_pass.push((id, fields, facts));
                Ok::<(), StoreError>(())
            })
            .unwrap();
        let one_by_one: Vec<_> = store
            .children_on_pathways(&["adoption"])
            .unwrap()
            .into_iter()
            .map(|id| {
                let fields = store.child_detail(id).unwrap().unwrap().fields;
                let facts: AdoptionFacts = store.adoption_facts(id).unwrap();
                (id, fields, facts)
            })
            .collect();
        assert_eq!(one_pass, one_by_one);
        one_pass.len()
    }

    let case = caseload();
    case.ok(&[
        "withdraw",
        "BO",
        "placement",
        "--on",
        "15/03/2024",
        "--reason",
        "recorded on the wrong child",
    ]);
    case.ok(&[
        "correct",
        "CY",
        "placement-order",
        "--on",
        "01/06/2026",
        "--to",
        "02/06/2026",
        "--reason",
        "the sealed order's date",
    ]);
    // Ada's closed adoption plan is now after a new active one in her
    // record's order, before it by id.
    let later = case.file(
        "later.csv",
        "ref,pathway,role,start,stage\nADA,reunification,primary,2026-01-05,looked-after\n",
    );
    case.ok(&["import", "plans", later.to_str().unwrap()]);
    let store = Store::open(&case.db).unwrap();
    assert_eq!(
        both_ways(&store),
        3,
        "Ada, Bo and Cy; Dee never had an adoption plan"
    );

    let (_dir, store) = Caseload::two_hundred().store();
    assert!(
        both_ways(&store) > 5,
        "the fixture has children on the adoption pathway"
    );
}
