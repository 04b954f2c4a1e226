//! The command line as a user or script meets it: the real binary, real
//! files, exit statuses and messages.

use crate::util::{permanence, run, stderr, stdout};
use std::path::{Path, PathBuf};

/// A new database, made as a user makes one (`permanence init`): no
/// other command creates one.
fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("test.db");
    init(&db);
    (dir, db)
}

fn init(db: &Path) {
    let output = run(db, &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn export_json(db: &Path) -> Vec<serde_json::Value> {
    let output = run(db, &["export", "caseload", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

const GOOD: &str = "\
ref,given_name,family_name,date_of_birth,gender,legal_status,placement_type,looked_after_since,worker,team,iro,rag
1001,Amara,Okafor,03/04/2019,Female,ICO,Foster care,2025-06-01,Alice Smith,Children in Care 1,Ian Reid,a
1002,Leo,Okafor,2021-09-30,Male,co,Foster care,01/06/2025,Alice Smith,Children in Care 1,Ian Reid,Red
1003,Unborn,Hughes,,,none,,,,Pre-birth,,
";

#[test]
fn import_then_export_round_trips_and_reimport_changes_nothing() {
    let (dir, db) = temp();
    let file = write(dir.path(), "children.csv", GOOD.as_bytes());
    let output = run(&db, &["import", "children", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("3 were created, 0 were updated, 0 unchanged"),
        "{said}"
    );
    assert!(
        said.contains("new worker added: Alice Smith (alice.smith)"),
        "{said}"
    );
    assert!(said.contains("new worker added: Ian Reid (ian.reid)"), "{said}");

    let again = run(&db, &["import", "children", file.to_str().unwrap()]);
    assert!(
        stdout(&again).contains("0 were created, 0 were updated, 3 unchanged"),
        "{}",
        stdout(&again)
    );

    let children = export_json(&db);
    assert_eq!(children.len(), 3);
    let amara = &children[0];
    for key in [
        "ref",
        "given_name",
        "family_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "religion",
        "legal_status",
        "placement_type",
        "looked_after_since",
        "worker",
        "team",
        "iro",
        "rag",
    ] {
        assert!(amara.get(key).is_some(), "JSON lacks {key}");
    }
    assert_eq!(amara["ref"], "1001");
    assert_eq!(amara["date_of_birth"], "2019-04-03", "dates are ISO");
    assert_eq!(amara["looked_after_since"], "2025-06-01");
    assert_eq!(amara["legal_status"], "ico");
    assert_eq!(amara["rag"], "amber");
    assert_eq!(amara["worker"], "alice.smith");
    assert_eq!(children[1]["rag"], "red");
    assert_eq!(children[2]["date_of_birth"], serde_json::Value::Null);
    assert_eq!(children[2]["rag"], serde_json::Value::Null);

    // The CSV export imports back into a new database as the same records.
    let csv = run(&db, &["export", "caseload", "--format", "csv"]);
    assert!(csv.status.success());
    let exported = write(dir.path(), "exported.csv", &csv.stdout);
    let copy = dir.path().join("copy.db");
    init(&copy);
    let output = run(&copy, &["import", "children", exported.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let copied = export_json(&copy);
    assert_eq!(copied, children);
    let into_original = run(&db, &["import", "children", exported.to_str().unwrap()]);
    assert!(
        stdout(&into_original).contains("3 unchanged"),
        "{}",
        stdout(&into_original)
    );
}

#[test]
fn a_bad_file_is_refused_whole_with_every_problem_named() {
    let (dir, db) = temp();
    let first = write(dir.path(), "first.csv", GOOD.as_bytes());
    assert!(
        run(&db, &["import", "children", first.to_str().unwrap()])
            .status
            .success()
    );
    let before = export_json(&db);

    let bad = "\
ref,given_name,family_name,date_of_birth,legal_status,rag
2001,Ben,Hughes,12/12/2015,co,g
2002,Isla,Hughes,31/02/2025,co,g
2003,,Patel,01/01/2020,xyz,g
2001,Ben,Again,01/01/2016,co,purple
1001,Amara,Renamed,03/04/2019,ico,r
";
    let file = write(dir.path(), "bad.csv", bad.as_bytes());
    let output = run(&db, &["import", "children", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let problems = stderr(&output);
    let name = file.display().to_string();
    for expected in [
        "line 3: date_of_birth: 31/02/2025 is not a date",
        "line 4: given_name: is required but empty",
        "line 4: legal_status: xyz is not a legal status",
        "line 5: ref: 2001 already appears on line 2",
        "line 5: rag: purple is not a RAG rating",
        "nothing was imported: 5 problems",
    ] {
        assert!(
            problems.contains(expected),
            "missing {expected:?} in:\n{problems}"
        );
    }
    assert!(
        problems
            .lines()
            .next()
            .unwrap()
            .starts_with(&format!("{name}: line 3"))
    );
    assert!(!problems.contains("panicked"));
    assert_eq!(
        export_json(&db),
        before,
        "nothing was written, not even the good rows"
    );
}

#[test]
fn file_level_problems_are_named_too() {
    let (dir, db) = temp();
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "latin1.csv",
            b"ref,given_name,family_name\n1,Zo\xEB,Smith\n",
            "line 2: the file is not UTF-8 text",
        ),
        (
            "nohead.csv",
            b"ref,given_name\n1,Amara\n",
            "line 1: family_name: required column is missing",
        ),
        (
            "unknown.csv",
            b"ref,given_name,family_name,shoe_size\n1,A,B,9\n",
            "line 1: shoe_size: unknown column",
        ),
        ("empty.csv", b"", "line 1: the file is empty"),
        (
            "short.csv",
            b"ref,given_name,family_name\n1,A\n",
            "line 2: has 2 cells but the header has 3",
        ),
    ];
    for (name, contents, expected) in cases {
        let file = write(dir.path(), name, contents);
        let output = run(&db, &["import", "children", file.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(stderr(&output).contains(expected), "{name}: {}", stderr(&output));
    }
    let missing = run(&db, &["import", "children", "/no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot read /no/such/file.csv"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let (dir, db) = temp();
    let file = write(dir.path(), "children.csv", GOOD.as_bytes());
    let output = run(&db, &["import", "children", "--dry-run", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("3 would be created"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("dry run: nothing was written"));
    assert!(export_json(&db).is_empty());
}

#[test]
fn demo_without_the_tui_fills_the_database_given() {
    let (dir, _) = temp();
    let db = dir.path().join("demo.db");
    let output = run(&db, &["demo", "--no-tui", "--children", "250", "--seed", "5"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("250 children"));
    let children = export_json(&db);
    assert_eq!(children.len(), 250);
    let statuses: std::collections::HashSet<_> = children
        .iter()
        .map(|c| c["legal_status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses.len(), 9, "every legal status: {statuses:?}");

    let again = run(&db, &["demo", "--no-tui"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
}

#[test]
fn the_same_seed_gives_the_same_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for db in [&a, &b] {
        assert!(
            run(db, &["demo", "--no-tui", "--children", "40", "--seed", "9"])
                .status
                .success()
        );
    }
    assert_eq!(export_json(&a), export_json(&b));
}

#[test]
fn the_database_comes_from_the_environment_when_not_given() {
    let (dir, db) = temp();
    let file = write(dir.path(), "children.csv", GOOD.as_bytes());
    let output = permanence()
        .env("PERMANENCE_DB", &db)
        .args(["import", "children", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(export_json(&db).len(), 3);
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let (_dir, db) = temp();
    assert!(run(&db, &["export", "caseload"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 1000).unwrap();
    drop(conn);
    let output = run(&db, &["export", "caseload"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("written by a newer version of permanence"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn without_a_terminal_the_app_says_what_to_do_instead() {
    let (_dir, db) = temp();
    let output = permanence()
        .arg("--db")
        .arg(&db)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("needs a terminal"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn help_names_every_command() {
    let output = permanence().arg("--help").output().unwrap();
    let help = stdout(&output);
    for command in ["demo", "import", "export", "--db"] {
        assert!(help.contains(command), "{command} missing from --help");
    }
}

#[test]
fn a_folder_given_as_the_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["export", "caseload"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is a folder"), "{}", stderr(&output));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let (dir, _) = temp();
    let db = dir.path().join("demo.db");
    assert!(
        run(&db, &["demo", "--no-tui", "--children", "3000", "--seed", "1"])
            .status
            .success()
    );
    let mut child = permanence()
        .arg("--db")
        .arg(&db)
        .args(["export", "caseload", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` would.
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn a_tracker_spreadsheet_imports_through_a_column_map() {
    let (dir, db) = temp();
    let sheet = write(
        dir.path(),
        "tracker.csv",
        b"Child ID,First name,Surname,DOB,Notes\r\nT1,Ada,Example,04/03/2019,private note\r\nT2,Bo,Example,31/02/2019,\r\n",
    );
    let map = "Child ID=ref,First name=given_name,Surname=family_name,DOB=date_of_birth,Notes=-";
    // The usual line-and-column messages, in the import's words, and nothing stored.
    let output = run(
        &db,
        &["import", "children", sheet.to_str().unwrap(), "--map", map],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("line 3: date_of_birth: 31/02/2019 is not a date"),
        "{}",
        stderr(&output)
    );
    let fixed = write(
        dir.path(),
        "tracker.csv",
        b"Child ID,First name,Surname,DOB,Notes\r\nT1,Ada,Example,04/03/2019,private note\r\nT2,Bo,Example,28/02/2019,\r\n",
    );
    let output = run(
        &db,
        &["import", "children", fixed.to_str().unwrap(), "--map", map],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let children = export_json(&db);
    assert_eq!(children.len(), 2);
    assert_eq!(children[0]["given_name"], "Ada");
    assert_eq!(children[0]["date_of_birth"], "2019-03-04");
    // A map naming a heading the file lacks is refused before anything is read.
    let output = run(
        &db,
        &[
            "import",
            "children",
            fixed.to_str().unwrap(),
            "--map",
            "Child Ref=ref",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("\"Child Ref\", which the file does not have"),
        "{}",
        stderr(&output)
    );
    let output = run(
        &db,
        &[
            "import",
            "children",
            fixed.to_str().unwrap(),
            "--map",
            "Child ID=reference",
        ],
    );
    assert!(
        stderr(&output).contains("\"reference\" is not a column"),
        "{}",
        stderr(&output)
    );
}

/// `PERMANENCE_TODAY` fixes the day the program takes as today, for tests
/// and demonstrations: a date written from today counts from it.
#[test]
fn permanence_today_fixes_the_day_the_program_takes_as_today() {
    let case = crate::util::Case::new("today.db");
    case.ok(&["init"]);
    let children = case.file("children.csv", crate::util::fixtures::AMARA_ICO);
    case.ok(&["import", "children", children.to_str().unwrap()]);
    let out = case
        .command()
        .env("PERMANENCE_TODAY", "2026-01-15")
        .args(["record", "A1", "placement-order", "--on", "-3d"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("12/01/2026"), "{}", stdout(&out));
}

/// A `PERMANENCE_TODAY` that is not a date is refused, naming it, before
/// anything is done: read as the clock's day, it would make a test's dates
/// depend on the day it runs.
#[test]
fn a_permanence_today_that_is_not_a_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.db");
    let out = crate::util::on(&db)
        .env("PERMANENCE_TODAY", "15/01/2026")
        .arg("init")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("PERMANENCE_TODAY") && said.contains("YYYY-MM-DD"),
        "{said}"
    );
    assert!(!db.exists(), "nothing was done");
}
