//! Issue 18's "done when": a new worker takes a child from referral to a
//! Special Guardianship Order without leaving the app, through the real
//! binary in a pseudo-terminal. The administrator's two command lines
//! (`init`, `users add`) are the only setup; then, as the worker, the
//! child is added, becoming looked after and the Legal Gateway decision
//! recorded, the SGO plan and a contingency started, a PPM and a review
//! recorded and the support plan filled in and submitted; as the manager
//! a tracker meeting is held on the child (a decision, a RAG, the worker
//! attending) and its minutes read back in the viewer; each step of the
//! support plan's route is recorded from the queue by whom the route names
//! (the team manager, the worker, a second team manager as the SGO practice
//! manager, the service manager); and as the worker again the order is
//! recorded and the plan closed with its outcome, the Timeline tab then
//! showing it closed. The command line then reads the record back. Every wait is for text, with generous
//! patience, since the machine may be loaded.

use crate::util::on;
use crate::util::pty::Tui;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Today for every run: the dates typed are in the past of it.
const TODAY: &str = "2026-06-01";
/// How long any one step may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);
const DOWN: &str = "\x1b[B";
const SHIFT_TAB: &str = "\x1b[Z";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";

fn cli(db: &Path, dir: &Path, args: &[&str]) -> String {
    let out = on(db)
        .args(args)
        .env("PERMANENCE_CONFIG_DIR", dir.join("config"))
        .env("PERMANENCE_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The administrator's setup: a new database, a social worker and a team
/// manager of the same team, and the SGO support plan's other signers: a
/// team manager of the SGO support team (the SGO practice manager) and
/// the service manager responsible for SGO.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("sgo.db");
    cli(&db, dir, &["init"]);
    for (user, name, role) in [
        ("sam", "Ada Worker", "social-worker"),
        ("mina", "Mina Manager", "team-manager"),
        ("pete", "Pete Practice", "team-manager"),
        ("sue", "Sue Service", "service-manager"),
    ] {
        let args = [
            "users",
            "add",
            "--name",
            name,
            "--role",
            role,
            "--team",
            if user == "pete" || user == "sue" {
                "SGO Support"
            } else {
                "Children in Care 1"
            },
            user,
        ];
        cli(&db, dir, &args);
    }
    db
}

fn app(db: &Path, dir: &Path, user: &str) -> Tui {
    let config = dir.join("config");
    let config = config.to_str().unwrap();
    let env = [("PERMANENCE_TODAY", TODAY), ("PERMANENCE_CONFIG_DIR", config)];
    Tui::start_env(db, &["--as", user], None, &env, 100, 30)
}

fn wait(tui: &Tui, text: &str) -> String {
    tui.wait_until(&format!("{text:?}"), PATIENCE, |s| s.contains(text))
}

fn gone(tui: &Tui, text: &str) -> String {
    tui.wait_until(&format!("{text:?} to go"), PATIENCE, |s| !s.contains(text))
}

/// A dialog's "Before saving" read, then saved; the status line's words.
fn confirm(tui: &mut Tui, before: &[&str], saved: &str) {
    let screen = wait(tui, "Before saving");
    for words in before {
        assert!(screen.contains(words), "{words:?} before saving:\n{screen}");
    }
    tui.send("\r");
    wait(tui, saved);
}

fn quit(mut tui: Tui) {
    tui.escape();
    wait(&tui, "Caseload");
    tui.send("q");
    assert_eq!(tui.exit_code(PATIENCE), 0);
}

/// Waits for the form editor's focus to be on the field labelled `label`.
fn at(tui: &Tui, label: &str) {
    let exact = |s: &str| {
        let line = focused(s);
        let line = line.trim_end();
        line.strip_prefix("▶ ")
            .is_some_and(|l| l == label || l.starts_with(&format!("{label} ")))
    };
    tui.wait_until(&format!("the focus on {label:?}"), PATIENCE, exact);
}

/// The focused field's line in the form editor.
fn focused(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('▶'))
        .unwrap_or_default()
        .to_string()
}

/// `a` on the caseload: the child's record as a form, on ICO since
/// 02/02/2026 and placed with connected carers that day, Sam's, in
/// Children in Care 1.
fn add_the_child(tui: &mut Tui) {
    wait(tui, "No children yet");
    tui.send("a");
    wait(tui, "a new child");
    tui.send("R100\tLily\tHart\t04/03/2020\t\t\t\t\t\t");
    at(tui, "Legal status");
    // Choosing an option moves on to the next field.
    tui.send("\r");
    wait(tui, "Enter chooses");
    tui.send(&format!("{DOWN}{DOWN}\r"));
    at(tui, "Legal status changed on");
    tui.send("02/02/2026\t02/02/2026\tConnected carers\t02/02/2026\t");
    at(tui, "Social worker");
    // Typing narrows the users to those with a word starting "ada";
    // Enter takes the one chosen.
    tui.send("ada");
    wait(tui, "› Ada Worker (sam)");
    tui.send("\r");
    at(tui, "Team");
    tui.send("care 1");
    wait(tui, "› Children in Care 1");
    tui.send("\r");
    at(tui, "IRO");
    tui.send(CTRL_S);
    let before = [
        "Reference (case ID) (blank) → R100",
        "Legal status changes: None → ICO (from 02/02/2026)",
        "Social worker (blank) → sam",
        "Team (blank) → Children in Care 1",
        "became looked after on 02/02/2026",
        "the placement on 02/02/2026",
    ];
    confirm(tui, &before, "The record of Lily Hart (R100): added");
    let record = wait(tui, "since 02/02/2026");
    assert!(record.contains("ICO · Interim Care Order"), "{record}");
    assert!(record.contains("Ada Worker"), "{record}");
}

/// `e` on the timeline, the event `downs` below the first, on `date`.
fn record(tui: &mut Tui, downs: usize, name: &str, date: &str, moves: &[&str]) {
    tui.send("e");
    wait(tui, "Record when this happened");
    for _ in 0..downs {
        tui.send(DOWN);
    }
    wait(tui, &format!("› {name}"));
    tui.send("\r");
    wait(tui, "On: ");
    tui.send(&format!("{date}\r"));
    let saved = format!("on {date}");
    let screen = wait(tui, "Before saving");
    for words in moves {
        assert!(screen.contains(words), "{words:?} before saving:\n{screen}");
    }
    tui.send("\r");
    tui.wait_until(&format!("{name} recorded"), PATIENCE, |s| {
        s.contains("Recorded the") && s.contains(&saved) && !s.contains("Before saving")
    });
}

/// The order, recorded where a worker changes the child's legal status:
/// `e` on the Record tab, legal status `sgo` on the day it was made. The
/// order goes on the timeline and the record reads SGO.
fn record_the_order_on_the_record(tui: &mut Tui) {
    tui.send("\t");
    wait(tui, "ICO · Interim Care Order");
    tui.send("e");
    wait(tui, "Child's record · Lily Hart (R100)");
    tui.send(&"\t".repeat(9));
    at(tui, "Legal status");
    tui.send("\r");
    wait(tui, "Enter chooses");
    // To the top of the list, then down to sgo: none s20 ico co po iso so sgo.
    tui.send(&format!("{}{}\r", "k".repeat(10), "j".repeat(7)));
    at(tui, "Legal status changed on");
    tui.send(&format!("20/05/2026{CTRL_S}"));
    let before = [
        "Legal status changes: ICO → SGO (from 20/05/2026)",
        "This records the Special Guardianship Order on 20/05/2026",
    ];
    confirm(tui, &before, "The record of Lily Hart (R100): saved");
    let record = wait(tui, "SGO · Special Guardianship Order");
    assert!(record.contains("R100 · 6 · SGO"), "{record}");
}

/// `s` on the timeline: a plan on `pathway` with `role`.
fn start_plan(tui: &mut Tui, pathway: &str, role: &str, before: &[&str]) {
    tui.send("s");
    wait(tui, "Start a plan");
    tui.send(&format!("{pathway}\t{role}\r"));
    confirm(tui, before, &format!("Started the {pathway} plan ({role})"));
}

/// `F`, the SGO support plan, each required field filled in where
/// `Ctrl-s` takes the worker, until it asks whether to submit.
fn fill_and_submit_the_support_plan(tui: &mut Tui) {
    tui.send("F");
    wait(tui, "Fill in a form");
    tui.send(DOWN);
    wait(tui, "› Special Guardianship Order (SGO) Support Plan");
    tui.send("\r");
    let mut screen = wait(tui, "Support Plan · Lily Hart (R100)");
    // Prefilled from the record.
    assert!(screen.contains("04/03/2020"), "{screen}");
    tui.send(CTRL_S);
    for _ in 0..40 {
        screen = tui.wait_until("the first problem", PATIENCE, |s| {
            s.contains("▶") || s.contains("Submit?")
        });
        if screen.contains("Submit?") {
            break;
        }
        let field = focused(&screen);
        if field.contains("Calderdale Offer") {
            tui.send(&format!("{CTRL_U}yes"));
        } else {
            tui.send("Agreed with the carers");
        }
        tui.send(CTRL_S);
        tui.wait_until("the next problem", PATIENCE, |s| {
            s.contains("Submit?") || (focused(s) != field && s.contains("▶"))
        });
    }
    let asked = wait(tui, "Submit?");
    assert!(asked.contains("A submitted form can only be amended"), "{asked}");
    tui.send("\r");
    wait(tui, "submitted as form 1, version 1");
}

#[test]
fn a_worker_takes_a_child_from_referral_to_an_sgo_made_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());

    // The worker adds the child and records how the case began.
    let mut tui = app(&db, dir.path(), "sam");
    add_the_child(&mut tui);
    tui.send(SHIFT_TAB);
    wait(&tui, "No plan yet");
    record(
        &mut tui,
        0,
        "Legal Gateway decision",
        "16/02/2026",
        &["No date moves"],
    );
    start_plan(
        &mut tui,
        "special-guardianship",
        "primary",
        &["week 1 beginning 16/02/2026"],
    );
    let timeline = wait(&tui, "started 16/02/2026");
    assert!(
        timeline.contains("Primary plan: Good Practice Permanence (Special Guardianship)"),
        "{timeline}"
    );
    start_plan(
        &mut tui,
        "permanent-fostering",
        "contingency",
        &["(contingency) with week 1", "16/02/2026, at"],
    );
    wait(&tui, "Perm FC");
    record(
        &mut tui,
        2,
        "Permanence Planning Meeting",
        "27/02/2026",
        &["1st Permanency Planning Meeting done: none → 27/02/2026"],
    );
    wait(&tui, "✓ done 27/02");
    record(&mut tui, 3, "Case review", "02/03/2026", &[]);
    fill_and_submit_the_support_plan(&mut tui);
    tui.send("\t\t");
    // Submitting it was the worker's Draft: the case manager's QA is next.
    let forms = wait_flat(
        &tui,
        "awaits Quality assured by the case manager (the child's team manager)",
    );
    assert!(forms.contains("submitted by Ada Worker on 01/06/2026"), "{forms}");
    quit(tui);

    meet_as_the_manager(&db, dir.path());
    for (user, step) in [
        ("mina", "Quality assured by the case manager"),
        ("sam", "Sent to the SGO single point of access"),
        ("pete", "Quality assured by the SGO practice manager"),
        ("sam", "Amendments made"),
        ("sue", "Authorised by the Service Manager"),
        ("sam", "Presented to panel"),
    ] {
        record_the_step(&db, dir.path(), user, step);
    }

    // The worker records the order and closes the plan with its outcome.
    let mut tui = app(&db, dir.path(), "sam");
    let caseload = wait(&tui, "Lily Hart");
    assert!(
        caseload.contains("R100") && caseload.contains("SGO w"),
        "{caseload}"
    );
    assert!(caseload.contains("my caseload"), "{caseload}");
    tui.send("\r");
    wait(&tui, "Primary plan");
    record_the_order_on_the_record(&mut tui);
    tui.send(SHIFT_TAB);
    wait(&tui, "Primary plan");
    tui.send("X");
    wait(&tui, "Close the plan: special-guardianship");
    tui.send("order-made\t20/05/2026\r");
    confirm(
        &mut tui,
        &["closes the special-guardianship plan on 20/05/2026 (order"],
        "Closed the special-guardianship plan on 20/05/2026 (order made)",
    );
    // The contingency is closed too, or its items go on counting.
    tui.send("X");
    wait(&tui, "Close the plan: permanent-fostering");
    tui.send("ceased\t20/05/2026\r");
    confirm(
        &mut tui,
        &["closes the permanent-fostering plan on 20/05/2026"],
        "Closed the permanent-fostering plan on 20/05/2026 (ceased)",
    );
    // The old primary keeps its history, shown closed with its outcome.
    let closed = tui.wait_until("the plan shown closed", PATIENCE, |s| {
        s.lines()
            .any(|l| l.contains("Closed: ") && l.contains("(order made)"))
    });
    assert!(closed.contains("started 16/02/2026"), "{closed}");
    quit(tui);

    the_record_holds_it_all(&db, dir.path());
}

/// `T` on the caseload: the connected-care (kinship) tracker's meeting,
/// where Lily, placed with connected carers on an ICO, is discussed; her
/// RAG set amber, the meeting's decision taken from its list, and the
/// worker added as attending. `m` then reads the minutes in the viewer,
/// as `permanence minutes ID` writes them.
fn hold_a_tracker_meeting(tui: &mut Tui) {
    tui.send("T");
    wait(tui, "Hold a tracker meeting");
    tui.send(&DOWN.repeat(8));
    wait(tui, "› Connected-care arrangements: conversion to SGO");
    tui.send("\r");
    wait(tui, "Lily Hart (R100)");
    tui.send("a");
    wait(tui, "RAG: amber (A)");
    tui.send("c");
    wait(tui, "The meeting's decision");
    wait(tui, "› In transition to SGO");
    tui.send("\r");
    gone(tui, "The meeting's decision");
    tui.send("A");
    wait(tui, "Who attended");
    // The picker narrows as a name is typed: "ada" is only Ada Worker.
    tui.send("ada");
    wait(tui, "Ada Worker (");
    tui.send("\r");
    gone(tui, "Who attended");
    tui.send("m");
    let minutes = wait(tui, "Minutes · Connected-care");
    assert!(
        minutes
            .lines()
            .any(|l| l.contains("**Attended:**") && l.contains("Ada Worker")),
        "the worker attended:\n{minutes}"
    );
    for words in [
        "## Lily Hart (R100)",
        "**RAG:** amber (A)",
        "**Decision:** In transition to SGO",
    ] {
        assert!(minutes.contains(words), "{words:?} in the minutes:\n{minutes}");
    }
    tui.send("q");
    gone(tui, "Minutes · ");
    tui.escape();
    wait(tui, "Caseload");
}

/// The manager holds a tracker meeting on the child before the support
/// plan's route begins.
fn meet_as_the_manager(db: &Path, dir: &Path) {
    let mut tui = app(db, dir, "mina");
    wait(&tui, "1 await your sign-off");
    hold_a_tracker_meeting(&mut tui);
    quit(tui);
}

/// The screen with every run of spaces and line breaks made one space,
/// once it holds `text`: a sentence wrapped at the window's edge.
fn wait_flat(tui: &Tui, text: &str) -> String {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let screen = tui.wait_until(&format!("{text:?}"), PATIENCE, |s| flat(s).contains(text));
    flat(&screen)
}

/// `user` records the step of the support plan's route that awaits them,
/// from the queue the caseload counts; when it is the last, the route is
/// complete.
fn record_the_step(db: &Path, dir: &Path, user: &str, step: &str) {
    let mut tui = app(db, dir, user);
    wait(&tui, "1 await your sign-off");
    tui.send("Q");
    wait(&tui, "Awaiting your sign-off or QA (1)");
    tui.send("\r");
    wait_flat(&tui, &format!("awaits {step} ("));
    tui.send("s");
    wait(&tui, "Enter records this step");
    tui.send("\r");
    gone(&tui, "Enter records this step");
    wait_flat(&tui, &format!("{step} recorded on form 1"));
    if step == "Presented to panel" {
        let signed = wait(&tui, "every step recorded");
        assert!(signed.contains("signed off"), "{signed}");
    }
    quit(tui);
}

/// The command line reads back what the keys recorded: the events on
/// their dates, by the worker; no plan open; the form's route recorded
/// by whom it names, the Draft by submitting it.
fn the_record_holds_it_all(db: &Path, dir: &Path) {
    let events = cli(db, dir, &["events", "R100"]);
    for (on, event) in [
        ("02/02/2026", "interim-care-order"),
        ("02/02/2026", "looked-after"),
        ("02/02/2026", "placement"),
        ("16/02/2026", "gateway"),
        ("27/02/2026", "ppm"),
        ("02/03/2026", "case-review"),
        ("20/05/2026", "special-guardianship-order"),
    ] {
        assert!(
            events
                .lines()
                .any(|l| l.starts_with(on) && l.contains(event) && l.contains("sam")),
            "{on} {event}:\n{events}"
        );
    }
    let timeline: serde_json::Value =
        serde_json::from_str(&cli(db, dir, &["timeline", "R100", "--json"])).unwrap();
    let open: Vec<&str> = timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pathway"].as_str().unwrap())
        .collect();
    assert!(open.is_empty(), "both plans are closed: {open:?}");
    let form: serde_json::Value = serde_json::from_str(&cli(db, dir, &["form", "export", "1"])).unwrap();
    assert_eq!(form["kind"], "sgo-support-plan");
    assert_eq!(form["ref"], "R100");
    assert!(form["computed"]["next_step"].is_null(), "{form}");
    let mut signers: Vec<(&str, &str)> = form["sign_offs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap(), s["by"].as_str().unwrap()))
        .collect();
    signers.sort_unstable();
    assert_eq!(
        signers,
        [
            ("amendments", "sam"),
            ("authorised-by-service-manager", "sue"),
            ("case-manager-qa", "mina"),
            ("presented-to-panel", "sam"),
            ("sent-to-sgo-single-point-of-access", "sam"),
            ("sgo-practice-manager-qa", "pete"),
        ],
        "{form}"
    );
}
