//! `permanence report ...` and `permanence ics` as scripts meet them: the
//! contract's JSON keys, tracker cohorts from real records, and a calendar
//! file that a real iCalendar parser reads back.

use crate::util::{ok, permanence, run};
use std::path::{Path, PathBuf};

/// Two children in pre-proceedings (one 16 weeks in, one 15) and one with
/// a plan in proceedings.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("r.db");
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "ref,given_name,family_name,legal_status,looked_after_since\n\
         P16,Sixteen,Weeks,none,\n\
         P15,Fifteen,Weeks,none,\n\
         C1,Care,Order,co,2026-01-02\n",
    )
    .unwrap();
    let plans = dir.join("plans.csv");
    // 2026-11-23 less 112 days is 2026-08-03; less 111, 2026-08-04.
    std::fs::write(
        &plans,
        "ref,pathway,role,start,stage\n\
         P16,pre-proceedings,primary,2026-08-03,pre-proceedings\n\
         P15,pre-proceedings,primary,2026-08-04,pre-proceedings\n\
         C1,adoption,primary,2026-02-02,proceedings\n",
    )
    .unwrap();
    ok(&db, &["init"]);
    ok(&db, &["import", "children", children.to_str().unwrap()]);
    ok(&db, &["import", "plans", plans.to_str().unwrap()]);
    db
}

#[test]
fn the_pre_proceedings_tracker_json_holds_ref_start_weeks_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let text = ok(
        &db,
        &[
            "report",
            "tracker",
            "pre-proceedings",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 2, "{text}");
    let row = |r: &str| rows.iter().find(|x| x["ref"] == r).unwrap().clone();
    assert_eq!(row("P16")["start"], "2026-08-03");
    assert_eq!(row("P16")["weeks"], 16);
    assert_eq!(row("P16")["flags"], serde_json::json!([16]));
    assert_eq!(row("P15")["weeks"], 15);
    assert_eq!(row("P15")["flags"], serde_json::json!([]));
    // Every format names the same children.
    for format in ["table", "csv", "md"] {
        let text = ok(
            &db,
            &[
                "report",
                "tracker",
                "pre-proceedings",
                "--as-of",
                "2026-11-23",
                "--format",
                format,
            ],
        );
        assert!(
            text.contains("P16") && text.contains("P15") && !text.contains("C1"),
            "{format}: {text}"
        );
    }
}

#[test]
fn an_unknown_tracker_is_refused_with_the_names_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let output = run(&db, &["report", "tracker", "pre-proceeding"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("\"pre-proceeding\" is not a tracker"),
        "{message}"
    );
    assert!(message.contains("long-term-matching"), "{message}");
}

#[test]
fn overdue_and_due_reports_agree_with_the_timelines() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let as_of = "2026-11-23";
    let overdue: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &db,
        &["report", "overdue", "--as-of", as_of, "--format", "json"],
    ))
    .unwrap();
    let due: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &db,
        &[
            "report", "due", "--within", "14d", "--as-of", as_of, "--format", "json",
        ],
    ))
    .unwrap();
    // Count the same from each child's own timeline.
    let (mut late, mut soon) = (0, 0);
    for reference in ["P16", "P15", "C1"] {
        let timeline: serde_json::Value =
            serde_json::from_str(&ok(&db, &["timeline", reference, "--json", "--as-of", as_of])).unwrap();
        for plan in timeline["plans"].as_array().unwrap() {
            for item in plan["items"].as_array().unwrap() {
                if item["status"] == "done" || item["status"] == "not-applicable" {
                    continue;
                }
                let dates: Vec<&str> = ["target", "deadline"]
                    .iter()
                    .filter_map(|k| item[*k].as_str())
                    .collect();
                if dates.iter().any(|d| *d < as_of) {
                    late += 1;
                }
                if dates.iter().any(|d| *d >= as_of && *d <= "2026-12-07") {
                    soon += 1;
                }
            }
        }
    }
    assert!(late > 0 && soon > 0, "the fixture should have both");
    assert_eq!(overdue.len(), late);
    assert_eq!(due.len(), soon);
    for key in [
        "ref",
        "child",
        "worker",
        "plan",
        "item",
        "target",
        "deadline",
        "status",
        "responsible",
    ] {
        assert!(overdue[0].get(key).is_some(), "{key} missing: {}", overdue[0]);
    }
}

#[test]
fn the_calendar_feed_parses_back_with_one_entry_per_open_item() {
    use icalendar::Component;
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let text = ok(&db, &["ics", "--as-of", "2026-11-23"]);
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let overdue: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &db,
        &["report", "overdue", "--as-of", "2026-11-23", "--format", "json"],
    ))
    .unwrap();
    assert!(
        events.len() > overdue.len(),
        "every open item, not only the late ones"
    );
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    for event in &events {
        let summary = event.get_summary().unwrap();
        assert!(
            ["P16: ", "P15: ", "C1: "].iter().any(|p| summary.starts_with(p)),
            "{summary}"
        );
        assert!(!summary.contains("Sixteen"), "no names in a calendar: {summary}");
        assert!(matches!(
            event.get_start(),
            Some(icalendar::DatePerhapsTime::Date(_))
        ));
    }
    // The same items give the same UIDs next time.
    let again = ok(&db, &["ics", "--as-of", "2026-11-23"]);
    let uid_lines = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(uid_lines(&text), uid_lines(&again));
}

#[test]
fn a_feed_for_an_unknown_worker_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let output = run(&db, &["ics", "--worker", "nobody"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no user \"nobody\""));
}

#[test]
fn best_option_json_names_the_scenario_its_facts_and_the_plans_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let children = dir.path().join("children.csv");
    // Ten today, nine yesterday: the appendix's bands leave ten between them.
    std::fs::write(
        &children,
        "ref,given_name,family_name,date_of_birth,legal_status\nB1,Bea,Test,2016-11-23,co\n",
    )
    .unwrap();
    let plans = dir.path().join("plans.csv");
    std::fs::write(
        &plans,
        "ref,pathway,role,start,stage\nB1,permanent-fostering,primary,2026-06-01,proceedings\nB1,special-guardianship,contingency,2026-06-01,proceedings\n",
    )
    .unwrap();
    ok(&db, &["init"]);
    ok(&db, &["import", "children", children.to_str().unwrap()]);
    ok(&db, &["import", "plans", plans.to_str().unwrap()]);
    let best = |as_of: &str, extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["best-option", "B1", "--json", "--as-of", as_of];
        args.extend_from_slice(extra);
        serde_json::from_str(&ok(&db, &args)).unwrap()
    };
    let nine = best("2026-11-22", &[]);
    assert_eq!(nine["scenario"]["id"], "under-10-no-connected");
    assert_eq!(nine["scenario"]["fit"], "exact");
    assert_eq!(nine["facts"]["age"], 9);
    assert_eq!(nine["facts"]["connected_people"], false);
    // Permanent fostering is third; SGO second; adoption first and unplanned.
    let outcomes = nine["outcomes"].as_array().unwrap();
    assert_eq!(outcomes[0]["outcome"], "adoption");
    assert_eq!(outcomes[0]["plans"], serde_json::json!([]));
    assert_eq!(outcomes[1]["plans"][0]["role"], "contingency");
    assert_eq!(outcomes[2]["plans"][0]["role"], "primary");
    let question = nine["question"].as_str().unwrap();
    assert!(
        question.contains("Adoption") && question.ends_with('?'),
        "{question}"
    );

    let ten = best("2026-11-23", &[]);
    assert_eq!(ten["facts"]["age"], 10);
    assert_eq!(ten["scenario"]["id"], "11-to-16-no-connected");
    assert_eq!(ten["scenario"]["fit"], "nearest");

    let corrected = best("2026-11-22", &["--connected", "yes"]);
    assert_eq!(corrected["scenario"]["id"], "under-10-connected");
    let open = best("2026-11-22", &["--return-home-ruled-out", "no"]);
    assert_eq!(open["scenario"], serde_json::Value::Null);
    assert!(
        open["question"]
            .as_str()
            .unwrap()
            .contains("reunification comes first")
    );
}

#[test]
fn a_family_time_assessment_is_counted_and_goes_out_with_the_ppm_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    // The form is built from the guidance's factors.
    let template: serde_json::Value =
        serde_json::from_str(&ok(&db, &["form", "template", "family-time"])).unwrap();
    assert!(
        template.get("child_beneficial_8").is_some(),
        "eight beneficial factors for the child"
    );
    assert!(
        template.get("child_detrimental_9").is_some(),
        "nine detrimental factors for the child"
    );
    let assessment = serde_json::json!({
        "child_name": "Care Order", "assessed_on": "2026-11-20", "assessed_by": "Sam Worker",
        "child_beneficial_1": true, "child_beneficial_1_note": "placed at 3 months",
        "child_beneficial_7": true, "child_detrimental_2": true,
        "relatives": [{
            "name": "Mum", "relationship": "Mother",
            "beneficial": ["Reliable, punctual"],
            "detrimental": ["Does not accept or undermines placement", "Unreliable, repeatedly late"],
            "note": "misses one visit in three"
        }],
        "conclusion": "Supervised family time monthly."
    });
    let file = dir.path().join("ft.json");
    std::fs::write(&file, assessment.to_string()).unwrap();
    let id = ok(
        &db,
        &["form", "import", "C1", "family-time", file.to_str().unwrap()],
    );
    let id = id
        .split_whitespace()
        .find_map(|w| w.parse::<i64>().ok())
        .expect("an id");
    let exported: serde_json::Value =
        serde_json::from_str(&ok(&db, &["form", "export", &id.to_string(), "--format", "json"])).unwrap();
    assert_eq!(
        exported["computed"]["child"],
        serde_json::json!({"beneficial": 2, "detrimental": 1})
    );
    assert_eq!(
        exported["computed"]["adults"][0],
        serde_json::json!({"name": "Mum", "beneficial": 1, "detrimental": 2})
    );
    // A PPM record exported as Markdown carries the latest assessment.
    let mut ppm: serde_json::Value =
        serde_json::from_str(&ok(&db, &["form", "template", "ppm-record"])).unwrap();
    ppm["decisions"] = serde_json::json!([]);
    // C1's record has no date of birth to fill the form's from.
    ppm["date_of_birth"] = serde_json::json!("2015-01-01");
    let ppm_file = dir.path().join("ppm.json");
    std::fs::write(&ppm_file, ppm.to_string()).unwrap();
    let ppm_id = ok(
        &db,
        &["form", "import", "C1", "ppm-record", ppm_file.to_str().unwrap()],
    );
    let ppm_id = ppm_id
        .split_whitespace()
        .find_map(|w| w.parse::<i64>().ok())
        .unwrap();
    let md = ok(&db, &["form", "export", &ppm_id.to_string(), "--format", "md"]);
    assert!(md.contains("## Family time assessment"), "{md}");
    assert!(md.contains("| The child | 2 | 1 |"), "{md}");
    assert!(md.contains("| Mum | 1 | 2 |"), "{md}");
    let html = ok(&db, &["form", "export", &ppm_id.to_string(), "--format", "html"]);
    assert!(html.contains("<h2>Family time assessment</h2>"), "{html}");
    assert!(
        html.contains("<tr><td>Mum</td><td>1</td><td>2</td></tr>"),
        "{html}"
    );
    assert!(
        html.trim_end().ends_with("</html>"),
        "the section goes inside the page"
    );
}

/// The overdue and due reports read from the stored timelines are, in
/// every format, the reports worked out child by child (which a read-only
/// open makes when what is stored is stale).
#[test]
fn reports_from_stored_timelines_are_the_ones_worked_out_child_by_child() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let made = permanence()
        .args(["demo", "--no-tui", "--children", "300", "--seed", "5", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let stale = dir.path().join("stale.db");
    std::fs::copy(&db, &stale).unwrap();
    let conn = rusqlite::Connection::open(&stale).unwrap();
    conn.execute_batch(
        "DELETE FROM stored_timelines; INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans;",
    )
    .unwrap();
    drop(conn);
    for format in ["json", "csv", "md", "table"] {
        for as_of in ["2026-12-02", "2027-09-01"] {
            for report in [
                &["overdue"][..],
                &["due", "--within", "3w"],
                &["due", "--within", "90"],
            ] {
                let mut args = vec!["report"];
                args.extend(report);
                args.extend(["--as-of", as_of, "--format", format]);
                let stored = ok(&db, &args);
                let mut worked_out = vec!["--read-only"];
                worked_out.extend(&args);
                let worked_out = ok(&stale, &worked_out);
                assert_eq!(stored, worked_out, "{report:?} {format} on {as_of}");
                assert!(stored.lines().count() > 40, "{report:?} {format}: a real report");
            }
        }
    }
    // Narrowed to a worker or a team, the two ways still agree, and every
    // row is that worker's.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (user, name, team): (String, String, String) = conn
        .query_row(
            "SELECT w.username, w.display_name, c.team FROM children c JOIN workers w ON w.id = c.worker_id
             WHERE c.team IS NOT NULL GROUP BY w.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    for scope in [["--worker", user.as_str()], ["--team", team.as_str()]] {
        let mut args = vec!["report", "overdue", "--as-of", "2027-09-01", "--format", "json"];
        args.extend(scope);
        let stored = ok(&db, &args);
        let mut worked_out = vec!["--read-only"];
        worked_out.extend(&args);
        assert_eq!(stored, ok(&stale, &worked_out), "{scope:?}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&stored).unwrap();
        assert!(!rows.is_empty(), "{scope:?}");
        if scope[0] == "--worker" {
            assert!(rows.iter().all(|r| r["worker"] == name.as_str()), "{stored}");
        }
    }
}

/// The overdue and due reports read the child's and the plan's names
/// where they are kept, not from copies on the stored items: after a
/// child is renamed (which leaves their stored timeline as it is), the
/// report from storage is still byte for byte the one worked out child
/// by child, and names them by their new name.
#[test]
fn a_renamed_child_is_named_alike_from_storage_and_worked_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let made = permanence()
        .args(["demo", "--no-tui", "--children", "120", "--seed", "9", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let args = ["report", "overdue", "--as-of", "2027-09-01", "--format", "json"];
    let before: Vec<serde_json::Value> = serde_json::from_str(&ok(&db, &args)).unwrap();
    let reference = before[0]["ref"].as_str().unwrap().to_string();
    let stale = dir.path().join("stale.db");
    std::fs::copy(&db, &stale).unwrap();
    let rename = "UPDATE children SET given_name = 'Renamed', family_name = 'Child' WHERE ref = ?1";
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(rename, [&reference])
        .unwrap();
    let conn = rusqlite::Connection::open(&stale).unwrap();
    conn.execute(rename, [&reference]).unwrap();
    conn.execute_batch(
        "DELETE FROM stored_timelines; INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans;",
    )
    .unwrap();
    drop(conn);
    let kept: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "a new name leaves the stored timelines as they are");
    for report in [&["overdue"][..], &["due", "--within", "90"]] {
        for format in ["json", "csv", "table"] {
            let mut args = vec!["report"];
            args.extend(report);
            args.extend(["--as-of", "2027-09-01", "--format", format]);
            let stored = ok(&db, &args);
            let mut worked_out = vec!["--read-only"];
            worked_out.extend(&args);
            assert_eq!(stored, ok(&stale, &worked_out), "{report:?} {format}");
        }
    }
    let after: Vec<serde_json::Value> = serde_json::from_str(&ok(&db, &args)).unwrap();
    assert_eq!(after.len(), before.len());
    for (old, new) in before.iter().zip(&after) {
        if old["ref"] == reference.as_str() {
            assert_eq!(new["child"], "Renamed Child", "{new}");
        } else {
            assert_eq!(old, new);
        }
    }
}

/// A reader that stops early (`report overdue | head`) is not a failure,
/// in any format the report streams in.
#[test]
fn a_report_read_by_head_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let made = permanence()
        .args(["demo", "--no-tui", "--children", "800", "--seed", "5", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(made.status.success());
    for format in ["csv", "json", "md"] {
        let mut child = permanence()
            .arg("--db")
            .arg(&db)
            .args(["report", "overdue", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 200];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's reading end is now closed, as `head` closes it.
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
    }
}

/// A day the store cannot read is named, never shown as a row with no
/// date (which the overdue report did, reading it as "no target").
#[test]
fn a_stored_date_that_is_not_a_date_is_named_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let as_of = "2026-11-23";
    let before = ok(&db, &["report", "overdue", "--as-of", as_of, "--format", "json"]);
    assert!(before.contains("\"target\""), "{before}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let changed = conn
        .execute(
            "UPDATE stored_items SET target = '2026-02-30' WHERE due < ?1 AND target IS NOT NULL",
            [as_of],
        )
        .unwrap();
    assert!(changed > 0);
    drop(conn);
    let out = run(&db, &["report", "overdue", "--as-of", as_of, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        stderr.contains("stored_items.target") && stderr.contains("\"2026-02-30\" is not a date"),
        "{stderr}"
    );
}

/// Two workers in two teams: Sam (North) has P16 and C1, Ali (South) has
/// P15; C1 is a South child, so the team and the worker cut differently.
fn allocated(dir: &Path) -> PathBuf {
    let db = dir.join("a.db");
    ok(&db, &["init"]);
    for (user, name, team) in [("sam", "Sam Smith", "North"), ("ali", "Ali Khan", "South")] {
        let args = [
            "users",
            "add",
            user,
            "--name",
            name,
            "--role",
            "social-worker",
            "--team",
            team,
        ];
        ok(&db, &args);
    }
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "ref,given_name,family_name,legal_status,looked_after_since,worker,team\n\
         P16,Sixteen,Weeks,none,,sam,North\n\
         P15,Fifteen,Weeks,none,,ali,South\n\
         C1,Care,Order,co,2026-01-02,sam,South\n",
    )
    .unwrap();
    let plans = dir.join("plans.csv");
    std::fs::write(
        &plans,
        "ref,pathway,role,start,stage\n\
         P16,pre-proceedings,primary,2026-08-03,pre-proceedings\n\
         P15,pre-proceedings,primary,2026-08-04,pre-proceedings\n\
         C1,adoption,primary,2026-02-02,proceedings\n",
    )
    .unwrap();
    ok(&db, &["import", "children", children.to_str().unwrap()]);
    ok(&db, &["import", "plans", plans.to_str().unwrap()]);
    db
}

/// The distinct references of a JSON report's rows, in order.
fn refs(db: &Path, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&ok(db, &all)).unwrap();
    let mut found: Vec<String> = rows
        .iter()
        .map(|r| r["ref"].as_str().unwrap().to_string())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn worker_and_team_narrow_every_report_to_their_children() {
    let dir = tempfile::tempdir().unwrap();
    let db = allocated(dir.path());
    let as_of = ["--as-of", "2026-11-23"];
    let reports: [&[&str]; 3] = [
        &["report", "overdue"],
        &["report", "due", "--within", "26w"],
        &["report", "tracker", "pre-proceedings"],
    ];
    for report in reports {
        let with = |scope: &[&str]| {
            let mut args = report.to_vec();
            args.extend(as_of);
            args.extend(scope);
            refs(&db, &args)
        };
        let everyone = with(&[]);
        let tracker = report[1] == "tracker";
        let expect = |refs: &[&str]| -> Vec<String> {
            // The pre-proceedings tracker has no place for C1.
            refs.iter()
                .filter(|r| !(tracker && **r == "C1"))
                .map(|r| (*r).to_string())
                .collect()
        };
        assert_eq!(everyone, expect(&["C1", "P15", "P16"]), "{report:?}");
        assert_eq!(with(&["--worker", "sam"]), expect(&["C1", "P16"]), "{report:?}");
        assert_eq!(with(&["--team", "south"]), expect(&["C1", "P15"]), "{report:?}");
        assert_eq!(
            with(&["--worker", "sam", "--team", "South"]),
            expect(&["C1"]),
            "{report:?}"
        );
    }
}

#[test]
fn an_unknown_worker_or_team_is_refused_naming_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = allocated(dir.path());
    for report in [
        &["report", "overdue"][..],
        &["report", "due"],
        &["report", "tracker", "permanence"],
    ] {
        let mut args = report.to_vec();
        args.extend(["--worker", "nobody"]);
        let out = run(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "nothing printed: {args:?}");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.contains("there is no user \"nobody\""), "{message}");
        assert!(message.contains("sam") && message.contains("ali"), "{message}");
        let mut args = report.to_vec();
        args.extend(["--team", "West"]);
        let out = run(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "nothing printed: {args:?}");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(
            message.contains("there is no team \"West\" (teams: North, South)"),
            "{message}"
        );
    }
}

#[test]
fn the_overdue_report_names_each_childs_worker_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = allocated(dir.path());
    let args = |format: &'static str| ["report", "overdue", "--as-of", "2026-11-23", "--format", format];
    let rows: Vec<serde_json::Value> = serde_json::from_str(&ok(&db, &args("json"))).unwrap();
    assert!(!rows.is_empty());
    for row in &rows {
        let expected = if row["ref"] == "P15" {
            "Ali Khan"
        } else {
            "Sam Smith"
        };
        assert_eq!(row["worker"], expected, "{row}");
    }
    let csv = ok(&db, &args("csv"));
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("ref,child,worker,plan,item,target,deadline,status,responsible"),
        "{csv}"
    );
    for format in ["table", "md"] {
        let text = ok(&db, &args(format));
        let header = text.lines().find(|l| l.contains("Ref")).unwrap();
        let at = |word: &str| header.find(word).unwrap();
        assert!(
            at("Child") < at("Worker") && at("Worker") < at("Plan"),
            "{format}: {header}"
        );
        assert!(
            text.contains("Ali Khan") && text.contains("Sam Smith"),
            "{format}: {text}"
        );
    }
}

#[test]
fn tracker_reports_show_each_childs_last_decision_and_rag() {
    use permanence::domain::child::Rag;
    use permanence::domain::cohort::Tracker;
    use permanence::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = allocated(dir.path());
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    {
        let mut store = Store::open(&db).unwrap();
        let p16 = store.child_id("P16").unwrap().unwrap();
        let p15 = store.child_id("P15").unwrap().unwrap();
        store
            .write(|w| {
                let first = w.start_meeting(Tracker::PreProceedings, day(2), &[p16, p15])?;
                w.record_meeting_stage(first, p16, "Issue proceedings")?;
                w.record_meeting_stage(first, p15, "Extend pre-proceedings")?;
                let second = w.start_meeting(Tracker::PreProceedings, day(16), &[p16])?;
                w.record_meeting_stage(second, p16, "Step down")?;
                w.record_meeting_rag(second, p16, Rag::Amber)?;
                // Held after the report's day: not yet a decision on it.
                let later = w.start_meeting(Tracker::PreProceedings, day(30), &[p15])?;
                w.record_meeting_stage(later, p15, "Issue proceedings")
            })
            .unwrap();
    }
    let text = ok(
        &db,
        &[
            "report",
            "tracker",
            "pre-proceedings",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let row = |r: &str| rows.iter().find(|x| x["ref"] == r).unwrap().clone();
    assert_eq!(row("P16")["last_decision"], "Step down", "the latest meeting's");
    assert_eq!(row("P16")["rag"], "amber");
    assert_eq!(row("P15")["last_decision"], "Extend pre-proceedings", "{text}");
    assert!(row("P15")["rag"].is_null(), "no RAG yet: {text}");
    // A tracker that shows the RAG already keeps its one RAG column.
    let csv = ok(
        &db,
        &[
            "report",
            "tracker",
            "permanence",
            "--as-of",
            "2026-11-23",
            "--format",
            "csv",
        ],
    );
    let header = csv.lines().next().unwrap();
    assert_eq!(header.matches(",rag").count(), 1, "{header}");
    assert!(header.ends_with(",last_decision"), "{header}");
    // The decisions of another tracker's meetings are not this one's.
    let text = ok(
        &db,
        &[
            "report",
            "tracker",
            "permanence",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(rows.iter().all(|r| r["last_decision"].is_null()), "{text}");
}

/// The calendar feed streamed from the stored timelines is, byte for
/// byte, the feed worked out child by child (which a read-only open makes
/// when what is stored is stale): for everyone and for one worker, on
/// several days, with the clock fixed so the DTSTAMP lines agree.
#[test]
fn the_calendar_feed_from_stored_timelines_is_the_one_worked_out_child_by_child() {
    use crate::util::caseloads::Caseload;
    let (dir, store) = Caseload::sixty().store();
    drop(store);
    let db = dir.path().join("fixture.db");
    // Written by a store that keeps no stored timelines: all are stale.
    let stale = dir.path().join("stale.db");
    std::fs::copy(&db, &stale).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let worker: String = conn
        .query_row(
            "SELECT w.username FROM children c JOIN workers w ON w.id = c.worker_id
             GROUP BY w.id ORDER BY count(*) DESC, w.username LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    for as_of in ["2026-12-02", "2027-03-01", "2026-06-15"] {
        for scope in [&[][..], &["--worker", worker.as_str()]] {
            let mut args = vec!["ics", "--as-of", as_of];
            args.extend(scope);
            let streamed = ok(&db, &args);
            let mut worked_out = vec!["--read-only"];
            worked_out.extend(&args);
            assert_eq!(streamed, ok(&stale, &worked_out), "{args:?}");
            assert!(
                streamed.matches("BEGIN:VEVENT").count() > 20,
                "{args:?}: a real feed"
            );
            // The stored timelines were worked out and read, not passed by.
            let conn = rusqlite::Connection::open(&db).unwrap();
            let left: i64 = conn
                .query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
                .unwrap();
            assert_eq!(left, 0, "{args:?}");
            let stale_left: i64 = rusqlite::Connection::open(&stale)
                .unwrap()
                .query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
                .unwrap();
            assert!(stale_left > 0, "the read-only feed worked them out");
        }
    }
}
