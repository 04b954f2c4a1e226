//! `permanence import events FILE` through the real binary: a good file
//! records its events; the same file again changes nothing and says so;
//! a file with problems lists every one (file, line, column) and writes
//! nothing; an event recorded in the app is left alone; `--dry-run` says
//! what would happen and changes nothing; and a care order imported moves
//! the legal status as `permanence record` does.

use crate::util::{Case, stderr, stdout};

crate::util::setup_on_a_case!();

// Amara (A1) on an interim care order, looked after since 19/12/2024, on
// a permanent fostering plan from 14/10/2026; Ben (B2) looked after
// under s20. Every date is before the binary's today (06/12/2026).
const CHILDREN: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
                        A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
                        B2,Ben,Mensah,2019-05-04,s20,2026-02-01\n";
const PLANS: &str = "ref,pathway,role,start,stage\nA1,permanent-fostering,primary,14/10/2026,looked-after\n";

/// Three events for two children, one with a note, dates both ways.
const GOOD: &str = "ref,event,on,note\n\
                    A1,case-review,16/09/2026,IRO: Jo\n\
                    A1,ppm,2026-10-28,\n\
                    B2,case-review,02/03/2026,\n";

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("import-events.db"));
        setup.ok(&["init"]);
        let children = setup.file("children.csv", CHILDREN);
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        let plans = setup.file("plans.csv", PLANS);
        setup.ok(&["import", "plans", plans.to_str().unwrap()]);
        setup
    }

    fn import(&self, name: &str, text: &str, dry_run: bool) -> std::process::Output {
        let file = self.file(name, text);
        let mut args = vec!["import", "events", file.to_str().unwrap()];
        if dry_run {
            args.push("--dry-run");
        }
        self.run(&args)
    }

    /// Everything an import could change, as the binary tells it: each
    /// child's events and timeline, the caseload, and the trail's changes
    /// (reads are on the trail too since issue 16, and are left out).
    fn record(&self) -> String {
        let mut record = String::new();
        for reference in ["A1", "B2"] {
            record.push_str(&self.ok(&["events", reference, "--json"]));
            record.push_str(&self.ok(&["timeline", reference, "--json"]));
        }
        record.push_str(&self.ok(&["export", "caseload", "--format", "json"]));
        let changes = crate::util::audited_changes(&self.ok(&["audit", "--json"]));
        record.push_str(&changes.to_string());
        record
    }

    /// A child's current events as (event, on, note).
    fn events(&self, reference: &str) -> Vec<(String, String, String)> {
        let events: serde_json::Value =
            serde_json::from_str(&self.ok(&["events", reference, "--json"])).unwrap();
        events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "current")
            .map(|e| {
                (
                    e["event"].as_str().unwrap().to_string(),
                    e["on"].as_str().unwrap().to_string(),
                    e["note"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    fn legal_status(&self, reference: &str) -> String {
        let rows: serde_json::Value =
            serde_json::from_str(&self.ok(&["export", "caseload", "--format", "json"])).unwrap();
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ref"] == reference)
            .unwrap();
        row["legal_status"].as_str().unwrap().to_string()
    }
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_good_file_records_its_events_and_the_same_file_again_changes_nothing() {
    let setup = Setup::new();
    let out = setup.import("events.csv", GOOD, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "3 events recorded for 2 children; 0 already recorded"
    );
    assert_eq!(
        setup.events("A1"),
        owned(&[
            ("case-review", "2026-09-16", "IRO: Jo"),
            ("ppm", "2026-10-28", "")
        ])
    );
    assert_eq!(setup.events("B2"), owned(&[("case-review", "2026-03-02", "")]));
    let listed: serde_json::Value = serde_json::from_str(&setup.ok(&["events", "B2", "--json"])).unwrap();
    assert_eq!(listed[0]["source"], "events:case-review:2026-03-02", "{listed}");
    // The timeline counts from them: the first review is held.
    let timeline: serde_json::Value = serde_json::from_str(&setup.ok(&["timeline", "A1", "--json"])).unwrap();
    assert_eq!(
        crate::util::item(&timeline, "first-case-review")["done_on"],
        "2026-09-16"
    );

    let before = setup.record();
    let again = setup.import("events.csv", GOOD, false);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again).trim(),
        "0 events recorded for 0 children; 3 already recorded: nothing was changed"
    );
    assert_eq!(setup.record(), before, "nothing was written");
    // Its dry run lists nothing: what was imported before and is the
    // same is counted, not listed, so next month's lists what is new.
    let dry = setup.import("events.csv", GOOD, true);
    assert_eq!(
        stdout(&dry),
        "0 events would be recorded for 0 children; 3 already recorded (dry run: nothing was written)\n"
    );
}

#[test]
fn a_file_with_problems_lists_every_one_by_file_line_and_column_and_writes_nothing() {
    let setup = Setup::new();
    let before = setup.record();
    let bad = "ref,event,on,note\n\
               A1,case-review,16/09/2026,\n\
               Z9,ppm,28/10/2026,\n\
               A1,hearing,28/10/2026,\n\
               B2,ppm,31/12/2026,\n";
    let out = setup.import("bad.csv", bad, false);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stderr(&out);
    let lines: Vec<&str> = said.lines().collect();
    assert!(
        lines[0].ends_with("bad.csv: line 3: ref: no child has the reference Z9"),
        "{said}"
    );
    assert!(
        lines[1].contains("bad.csv: line 4: event: hearing is not an event (events: gateway,"),
        "{said}"
    );
    assert!(
        lines[2].ends_with(
            "bad.csv: line 5: on: 31/12/2026 is in the future; only what has happened is recorded"
        ),
        "{said}"
    );
    assert!(
        lines[3].starts_with("nothing was imported: 3 problems in"),
        "{said}"
    );
    assert_eq!(lines.len(), 4, "{said}");
    assert_eq!(setup.record(), before, "not even the good row was written");
}

#[test]
fn an_event_recorded_in_the_app_is_left_alone() {
    let setup = Setup::new();
    setup.ok(&[
        "record",
        "A1",
        "ppm",
        "--on",
        "28/10/2026",
        "--note",
        "chaired by Sam",
    ]);
    let out = setup.import("events.csv", GOOD, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "2 events recorded for 2 children; 1 already recorded"
    );
    let events: serde_json::Value = serde_json::from_str(&setup.ok(&["events", "A1", "--json"])).unwrap();
    let ppm: Vec<&serde_json::Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "ppm")
        .collect();
    assert_eq!(ppm.len(), 1, "{events}");
    assert_eq!(ppm[0]["note"], "chaired by Sam", "the app's note is kept");
    assert_eq!(ppm[0]["status"], "current");
    assert!(ppm[0].get("source").is_none(), "recorded in the app: {events}");
}

#[test]
fn a_dry_run_says_what_would_happen_child_by_child_and_changes_nothing() {
    let setup = Setup::new();
    setup.ok(&["record", "A1", "ppm", "--on", "28/10/2026"]);
    let before = setup.record();
    let out = setup.import("events.csv", GOOD, true);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "A1 Amara Okafor: would record case-review on 16/09/2026 (note: IRO: Jo)",
            "A1 Amara Okafor: ppm on 28/10/2026 already recorded in the app; left as it is",
            "A1 Amara Okafor: moves 1st Case review held (within 20 working days of child becoming looked after) to review done: none → 16/09/2026",
        ],
        "{said}"
    );
    assert!(
        lines.contains(&"B2 Ben Mensah: would record case-review on 02/03/2026"),
        "{said}"
    );
    assert_eq!(
        lines.last().unwrap(),
        &"2 events would be recorded for 2 children; 1 already recorded (dry run: nothing was written)"
    );
    assert_eq!(setup.record(), before);
}

#[test]
fn a_care_order_imported_moves_the_legal_status_as_recording_it_does() {
    let setup = Setup::new();
    assert_eq!(setup.legal_status("A1"), "ico");
    let file = "ref,event,on\nA1,care-order,20/11/2026\n";
    let dry = setup.import("order.csv", file, true);
    assert!(
        stdout(&dry).contains("A1 Amara Okafor: Legal status changes: ICO \u{2192} CO (from 20/11/2026)"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(setup.legal_status("A1"), "ico", "a dry run moves nothing");
    let out = setup.import("order.csv", file, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(setup.legal_status("A1"), "co");
    // As `permanence record` does, the move is on the trail, and
    // withdrawing the order in the app puts the status back.
    let audit = setup.ok(&["audit", "--json"]);
    assert!(audit.contains("\"legal-status\""), "{audit}");
    setup.ok(&[
        "withdraw",
        "A1",
        "care-order",
        "--on",
        "20/11/2026",
        "--reason",
        "wrong child",
    ]);
    assert_eq!(setup.legal_status("A1"), "ico");
    // And the import leaves the withdrawal as the app made it.
    let again = setup.import("order.csv", file, false);
    assert_eq!(
        stdout(&again).trim(),
        "0 events recorded for 0 children; 0 already recorded; 1 put right in the app since, left as the app has them: nothing was changed"
    );
    assert_eq!(setup.legal_status("A1"), "ico");
}

#[test]
fn a_day_put_right_in_the_file_is_said_and_put_right_with_correct_then_left_alone() {
    let setup = Setup::new();
    let first = "ref,event,on\nA1,case-review,16/09/2026\n";
    assert!(setup.import("events.csv", first, false).status.success());
    // The file's day is put right: another event, so the dry run says
    // how to put the recorded one right instead.
    let fixed = "ref,event,on\nA1,case-review,18/09/2026\n";
    let dry = setup.import("events.csv", fixed, true);
    let said = stdout(&dry);
    assert!(
        said.contains(
            "A1: note: case-review on 18/09/2026 is 2 days from the case-review recorded on 16/09/2026. \
             If the file's day puts that one right, correct it before importing: \
             permanence correct A1 case-review --on 16/09/2026 --to 18/09/2026 --reason TEXT"
        ),
        "{said}"
    );
    setup.ok(&[
        "correct",
        "A1",
        "case-review",
        "--on",
        "16/09/2026",
        "--to",
        "18/09/2026",
        "--reason",
        "the minutes say the 18th",
    ]);
    let out = setup.import("events.csv", fixed, false);
    assert_eq!(
        stdout(&out).trim(),
        "0 events recorded for 0 children; 1 already recorded: nothing was changed"
    );
    // And the first file again leaves the correction as it was made.
    let out = setup.import("old.csv", first, false);
    assert_eq!(
        stdout(&out).trim(),
        "0 events recorded for 0 children; 0 already recorded; 1 put right in the app since, left as the app has them: nothing was changed"
    );
    assert_eq!(setup.events("A1"), owned(&[("case-review", "2026-09-18", "")]));
}
