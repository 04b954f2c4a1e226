//! One event model and corrections, through the real binary: marking a
//! review or PPM done records it, so the next one counts from when it was
//! held; `events`, `correct`, `withdraw` and `undo` put mistakes right
//! with a reason, say first which dates move, and write nothing when
//! refused or on `--dry-run`.

use crate::util::{Case, item, stderr, stdout};

crate::util::setup_on_a_case!();

// Amara, looked after since 19/08/2026 on a permanent fostering plan
// that started (with its Gateway) on 14/10/2026; her first case review
// was held on 16/09/2026 and her first PPM on 28/10/2026. Every date is
// before the day these tests first ran (06/12/2026), so `--on` accepts it.
use crate::util::fixtures::{AMARA_FOSTERING as PLANS, AMARA_IN_CARE as CHILDREN};

impl Setup {
    /// The one place a test database is made (`init` first: a command
    /// never makes a database by accident).
    fn new() -> Setup {
        let setup = Setup(Case::new("events.db"));
        let out = setup.run(&["init"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let children = setup.file("children.csv", CHILDREN);
        let out = setup.run(&["import", "children", children.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let plans = setup.file("plans.csv", PLANS);
        let out = setup.run(&["import", "plans", plans.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        for (event, on) in [("case-review", "16/09/2026"), ("ppm", "28/10/2026")] {
            let out = setup.run(&["record", "A1", event, "--on", on]);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        setup
    }

    /// Far enough ahead that the 3rd review and PPM are followed to.
    fn timeline(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["timeline", "A1", "--json", "--as-of", "2027-06-30"])).unwrap()
    }

    /// Runs a command that succeeds and checks its output says `expected`.
    #[track_caller]
    fn says(&self, args: &[&str], expected: &str) {
        let out = self.ok(args);
        assert!(out.contains(expected), "{out}");
    }

    fn events(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["events", "A1", "--json"])).unwrap()
    }

    /// How many changes the trail holds: reads (`events`, `timeline`) are
    /// on it too since issue 16, and are not what "nothing was written"
    /// is about.
    fn audit_len(&self) -> usize {
        let audit: serde_json::Value = serde_json::from_str(&self.ok(&["audit", "--json"])).unwrap();
        audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] != "view")
            .count()
    }
}

#[test]
fn a_review_marked_done_counts_the_next_from_when_it_was_held_reg_33() {
    let setup = Setup::new();
    assert_eq!(item(&setup.timeline(), "case-review-3")["deadline"], "2027-06-09");
    setup.ok(&["done", "A1", "second-case-review", "--on", "20/11/2026"]);
    let timeline = setup.timeline();
    assert_eq!(item(&timeline, "second-case-review")["done_on"], "2026-11-20");
    // Six months after the review was held, not after its due date.
    assert_eq!(item(&timeline, "case-review-3")["deadline"], "2027-05-20");
    let events = setup.events();
    let reviews: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "case-review")
        .map(|e| e["on"].as_str().unwrap())
        .collect();
    assert_eq!(reviews, ["2026-09-16", "2026-11-20"], "done recorded the review");
}

#[test]
fn done_says_what_it_records_and_the_dates_it_moves_before_saving() {
    let setup = Setup::new();
    let dry = setup.ok(&[
        "done",
        "A1",
        "second-case-review",
        "--on",
        "20/11/2026",
        "--dry-run",
    ]);
    assert!(
        dry.contains("3rd case review deadline: 09/06/2027 \u{2192} 20/05/2027"),
        "{dry}"
    );
    assert!(
        dry.contains("This records the case review on 20/11/2026"),
        "{dry}"
    );
    assert!(dry.contains("nothing was written"), "{dry}");
    assert_eq!(item(&setup.timeline(), "case-review-3")["deadline"], "2027-06-09");
    setup.says(
        &["done", "A1", "second-case-review", "--on", "20/11/2026"],
        "3rd case review deadline: 09/06/2027 \u{2192} 20/05/2027",
    );
    let task = setup.ok(&[
        "done",
        "A1",
        "gateway-application",
        "--on",
        "20/11/2026",
        "--dry-run",
    ]);
    assert!(task.contains("This marks the task done on 20/11/2026"), "{task}");
}

#[test]
fn a_ppm_marked_done_counts_the_next_six_weeks_from_it() {
    let setup = Setup::new();
    assert_eq!(item(&setup.timeline(), "ppm-3")["deadline"], "2027-01-20");
    setup.says(
        &[
            "done",
            "A1",
            "second-ppm",
            "--on",
            "25/11/2026",
            "--note",
            "at the carers'",
        ],
        "3rd Permanence Planning Meeting deadline: 20/01/2027 \u{2192} 06/01/2027",
    );
    assert_eq!(item(&setup.timeline(), "ppm-3")["deadline"], "2027-01-06");
    let events = setup.events();
    let ppm = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["on"] == "2026-11-25")
        .unwrap();
    assert_eq!(ppm["event"], "ppm");
    assert_eq!(ppm["note"], "at the carers'");
}

#[test]
fn events_json_has_the_contracted_keys_and_statuses() {
    let setup = Setup::new();
    setup.ok(&["done", "A1", "second-ppm", "--on", "25/11/2026"]);
    setup.ok(&[
        "correct",
        "A1",
        "ppm",
        "--on",
        "25/11/2026",
        "--to",
        "24/11/2026",
        "--reason",
        "minutes say the 24th",
    ]);
    setup.ok(&[
        "withdraw",
        "A1",
        "case-review",
        "--on",
        "16/09/2026",
        "--reason",
        "another child's review",
    ]);
    let events = setup.events();
    let rows = events.as_array().unwrap();
    assert_eq!(rows.len(), 4, "{events:#}");
    for row in rows {
        let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = vec!["event", "on", "note", "recorded_by", "recorded_at", "status"];
        if row["status"] == "corrected" {
            expected.push("corrected_to");
        }
        expected.sort_unstable();
        assert_eq!(keys, expected, "{row:#}");
        assert!(row["recorded_by"].is_string(), "{row:#}");
        assert!(row["recorded_at"].as_str().unwrap().ends_with('Z'), "{row:#}");
    }
    let status = |on: &str| {
        rows.iter()
            .find(|r| r["on"] == on)
            .map(|r| r["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("2026-09-16").as_deref(), Some("withdrawn"));
    assert_eq!(status("2026-10-28").as_deref(), Some("current"));
    assert_eq!(status("2026-11-25").as_deref(), Some("corrected"));
    assert_eq!(status("2026-11-24").as_deref(), Some("current"));
    let corrected = rows.iter().find(|r| r["status"] == "corrected").unwrap();
    assert_eq!(corrected["corrected_to"], "2026-11-24");
    // Only current events count: the withdrawn review no longer holds the first.
    let timeline = setup.timeline();
    assert_eq!(
        item(&timeline, "first-case-review")["done_on"],
        serde_json::Value::Null
    );
    assert_eq!(item(&timeline, "second-ppm")["done_on"], "2026-11-24");
    // The table says the same in words.
    let text = setup.ok(&["events", "A1"]);
    assert!(text.contains("corrected to 24/11/2026"), "{text}");
    assert!(text.contains("another child's review"), "{text}");
}

#[test]
fn correct_and_withdraw_dry_run_write_nothing_and_the_audit_keeps_the_reason() {
    let setup = Setup::new();
    setup.ok(&["done", "A1", "second-case-review", "--on", "20/11/2026"]);
    let before = (setup.events(), setup.audit_len());
    let dry = setup.ok(&[
        "correct",
        "A1",
        "case-review",
        "--on",
        "20/11/2026",
        "--to",
        "19/11/2026",
        "--reason",
        "typo",
        "--dry-run",
    ]);
    assert!(
        dry.contains("3rd case review deadline: 20/05/2027 \u{2192} 19/05/2027"),
        "{dry}"
    );
    let dry = setup.ok(&[
        "withdraw",
        "A1",
        "case-review",
        "--on",
        "20/11/2026",
        "--reason",
        "typo",
        "--dry-run",
    ]);
    assert!(
        dry.contains("3rd case review deadline: 20/05/2027 \u{2192} 09/06/2027"),
        "{dry}"
    );
    assert_eq!(
        (setup.events(), setup.audit_len()),
        before,
        "a dry run writes nothing"
    );

    setup.says(
        &[
            "correct",
            "A1",
            "case-review",
            "--on",
            "20/11/2026",
            "--to",
            "19/11/2026",
            "--reason",
            "the minutes say the 19th",
        ],
        "corrected case-review from 20/11/2026 to 19/11/2026",
    );
    assert_eq!(item(&setup.timeline(), "case-review-3")["deadline"], "2027-05-19");
    let audit: serde_json::Value = serde_json::from_str(&setup.ok(&["audit", "A1", "--json"])).unwrap();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "correct-event")
        .expect("the correction is in the audit trail");
    assert_eq!(entry["before"]["on"], "2026-11-20");
    assert_eq!(entry["after"]["on"], "2026-11-19");
    assert_eq!(entry["after"]["reason"], "the minutes say the 19th");

    setup.ok(&[
        "withdraw",
        "A1",
        "case-review",
        "--on",
        "19/11/2026",
        "--reason",
        "not held after all",
    ]);
    assert_eq!(
        item(&setup.timeline(), "second-case-review")["done_on"],
        serde_json::Value::Null
    );
}

#[test]
fn undo_on_an_event_item_asks_for_a_reason_then_withdraws_the_event() {
    let setup = Setup::new();
    setup.ok(&["done", "A1", "second-case-review", "--on", "20/11/2026"]);
    let out = setup.run(&["undo", "A1", "second-case-review"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("--reason"), "{message}");
    assert!(
        message.contains("permanence correct A1 case-review --on 20/11/2026"),
        "{message}"
    );
    assert_eq!(
        item(&setup.timeline(), "second-case-review")["done_on"],
        "2026-11-20"
    );

    setup.says(
        &[
            "undo",
            "A1",
            "second-case-review",
            "--reason",
            "recorded on the wrong child",
        ],
        "withdrew case-review on 20/11/2026",
    );
    assert_eq!(
        item(&setup.timeline(), "second-case-review")["done_on"],
        serde_json::Value::Null
    );
    let events = setup.events();
    let withdrawn = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["on"] == "2026-11-20")
        .unwrap();
    assert_eq!(withdrawn["status"], "withdrawn");
}

#[test]
fn a_task_keeps_a_plain_done_mark_which_can_be_corrected_and_taken_back() {
    let setup = Setup::new();
    let key = "gateway-application";
    let before = setup.events();
    setup.ok(&["done", "A1", key, "--on", "01/12/2026"]);
    assert_eq!(setup.events(), before, "a task records no event");
    assert_eq!(item(&setup.timeline(), key)["done_on"], "2026-12-01");
    setup.ok(&[
        "correct",
        "A1",
        key,
        "--on",
        "01/12/2026",
        "--to",
        "30/11/2026",
        "--reason",
        "typo",
    ]);
    assert_eq!(item(&setup.timeline(), key)["done_on"], "2026-11-30");
    setup.says(&["undo", "A1", key], "is no longer marked done");
    assert_eq!(item(&setup.timeline(), key)["done_on"], serde_json::Value::Null);
}

/// `done` on a task already done is refused, naming the date it was done
/// on and how to put it right, as `d` is on screen: it used to move the
/// date silently, a correction with no reason on the trail.
#[test]
fn done_on_a_task_already_done_is_refused_and_its_date_kept() {
    let setup = Setup::new();
    let key = "gateway-application";
    setup.ok(&["done", "A1", key, "--on", "01/12/2026"]);
    let before = setup.audit_len();
    let out = setup.run(&["done", "A1", key, "--on", "03/12/2026"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(
        message.contains("A1: gateway-application is already done on 01/12/2026"),
        "{message}"
    );
    assert!(message.contains("permanence correct"), "{message}");
    assert_eq!(item(&setup.timeline(), key)["done_on"], "2026-12-01");
    assert_eq!(setup.audit_len(), before, "nothing was written");
}

#[test]
fn recording_the_same_event_days_apart_is_refused_with_how_to_correct() {
    let setup = Setup::new();
    let before = setup.events();
    let out = setup.run(&["record", "A1", "case-review", "--on", "18/09/2026"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("already has case-review recorded on 16/09/2026"),
        "{message}"
    );
    assert!(
        message.contains("permanence correct A1 case-review --on 16/09/2026 --to 18/09/2026 --reason"),
        "{message}"
    );
    assert_eq!(setup.events(), before, "nothing was recorded");
    setup.ok(&["record", "A1", "case-review", "--on", "18/09/2026", "--another"]);
    assert_eq!(setup.events().as_array().unwrap().len(), 3);
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let setup = Setup::new();
    let before = (setup.events(), setup.audit_len());
    for (args, expected) in [
        (
            vec![
                "correct",
                "A1",
                "birthday",
                "--on",
                "16/09/2026",
                "--to",
                "17/09/2026",
                "--reason",
                "x",
            ],
            "\"birthday\" is neither an event",
        ),
        (
            vec![
                "correct",
                "A1",
                "case-review",
                "--on",
                "15/09/2026",
                "--to",
                "17/09/2026",
                "--reason",
                "x",
            ],
            "no case-review is recorded on 15/09/2026",
        ),
        (
            vec!["withdraw", "A1", "ppm", "--on", "29/10/2026", "--reason", "x"],
            "no ppm is recorded on 29/10/2026",
        ),
        (
            vec![
                "correct",
                "A1",
                "case-review",
                "--on",
                "16/09/2026",
                "--to",
                "01/01/2099",
                "--reason",
                "x",
            ],
            "is in the future",
        ),
        (
            vec![
                "correct",
                "A1",
                "case-review",
                "--on",
                "16/09/2026",
                "--to",
                "17/09/2026",
            ],
            "--reason is needed",
        ),
        (
            vec![
                "withdraw",
                "A1",
                "case-review",
                "--on",
                "16/09/2026",
                "--reason",
                "  ",
            ],
            "--reason is needed",
        ),
        (
            vec!["done", "A1", "second-ppm", "--on", "01/01/2099"],
            "is in the future",
        ),
        (
            vec![
                "correct",
                "ZZ",
                "ppm",
                "--on",
                "28/10/2026",
                "--to",
                "27/10/2026",
                "--reason",
                "x",
            ],
            "no child has the reference ZZ",
        ),
    ] {
        let out = setup.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
    assert_eq!((setup.events(), setup.audit_len()), before, "nothing was written");
}

#[test]
fn a_later_occurrence_marked_done_before_an_earlier_one_is_refused() {
    let setup = Setup::new();
    setup.ok(&[
        "withdraw",
        "A1",
        "case-review",
        "--on",
        "16/09/2026",
        "--reason",
        "wrong child",
    ]);
    let before = setup.events();
    let out = setup.run(&["done", "A1", "second-case-review", "--on", "20/11/2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("would not hold second-case-review"),
        "{}",
        stderr(&out)
    );
    assert_eq!(setup.events(), before);
}

#[test]
fn on_twin_track_a_move_is_said_once_and_a_plan_s_own_move_names_its_plan() {
    let setup = Setup::new();
    let children = setup.file(
        "twin.csv",
        "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
         T1,Tomasz,Nowak,2023-05-02,co,2026-08-19\n",
    );
    setup.ok(&["import", "children", children.to_str().unwrap()]);
    let plans = setup.file(
        "twin-plans.csv",
        "ref,pathway,role,start,stage\n\
         T1,adoption,primary,14/10/2026,looked-after\n\
         T1,permanent-fostering,contingency,14/10/2026,looked-after\n",
    );
    setup.ok(&["import", "plans", plans.to_str().unwrap()]);
    setup.ok(&["record", "T1", "case-review", "--on", "16/09/2026"]);
    let dry = setup.ok(&["record", "T1", "case-review", "--on", "20/11/2026", "--dry-run"]);
    // The review is the child's: it is done alike on both plans, which is
    // said once, not once a plan; the 3rd review is on the adoption plan
    // only, and says so.
    let moves: Vec<&str> = dry.lines().filter(|l| l.contains('\u{2192}')).collect();
    let mut unique = moves.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(moves.len(), unique.len(), "a move is listed twice:\n{dry}");
    assert!(
        moves
            .iter()
            .any(|l| l.starts_with("  2nd Case Review") && l.ends_with("done: none \u{2192} 20/11/2026")),
        "{dry}"
    );
    assert!(
        dry.contains(
            "3rd case review deadline (Good Practice Permanence (Adoption), primary plan): 09/06/2027 \u{2192} 20/05/2027"
        ),
        "{dry}"
    );
}
