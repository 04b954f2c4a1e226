//! The safety commands as an administrator uses them: read-only opening,
//! backup and restore, the audit trail and `check`, retention.

use crate::util::{run, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A database with three imported children, one born in 1949.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("safety.db");
    let csv = dir.path().join("children.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,date_of_birth,rag\n\
         S1,Amara,Okafor,2019-04-03,amber\nS2,Leo,Hughes,2015-01-01,\nOLD,Old,Record,1949-05-05,\n",
    )
    .unwrap();
    // Made as a user makes one: `init` makes its maker the administrator,
    // who adds Alice, who may then act through `--as`.
    for args in [
        &["init"][..],
        &[
            "users",
            "add",
            "alice",
            "--name",
            "Alice Smith",
            "--role",
            "business-support",
        ],
    ] {
        let made = run(&db, args);
        assert!(made.status.success(), "{}", stderr(&made));
    }
    let out = run(
        &db,
        &["--as", "alice", "import", "children", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

fn export(db: &Path) -> String {
    stdout(&run(db, &["export", "caseload", "--format", "json"]))
}

#[test]
fn read_only_cannot_write_and_says_so() {
    let (_dir, db) = setup();
    let before = export(&db);
    let out = run(&db, &["--read-only", "record", "S1", "ppm", "--on", "01/11/2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(export(&db), before);
    let read = run(&db, &["--read-only", "export", "caseload"]);
    assert!(read.status.success(), "{}", stderr(&read));
    let missing = run(
        &db.with_file_name("none.db"),
        &["--read-only", "export", "caseload"],
    );
    assert!(
        stderr(&missing).contains("does not exist"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn the_audit_trail_names_who_did_what() {
    let (_dir, db) = setup();
    let out = run(&db, &["audit", "S1", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    for key in ["at", "user", "action", "entity", "ref"] {
        assert!(e.get(key).is_some(), "{key} missing");
    }
    assert_eq!(e["user"], "alice");
    assert_eq!(e["action"], "create");
    assert_eq!(e["entity"], "child");
    assert_eq!(e["ref"], "S1");
    assert_eq!(e["after"]["rag"], "amber");
    let all: Vec<serde_json::Value> = serde_json::from_slice(&run(&db, &["audit", "--json"]).stdout).unwrap();
    assert_eq!(all.last().unwrap()["action"], "import");
}

#[test]
fn check_passes_a_sound_database_and_fails_a_tampered_one() {
    let (_dir, db) = setup();
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("The database is sound."));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET user = 'mallory' WHERE ref = 'S2';",
    )
    .unwrap();
    drop(conn);
    let out = run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(report.contains("audit trail: FAILED"), "{report}");
    assert!(report.contains("has been altered"), "{report}");
}

#[test]
fn backups_are_consistent_owner_only_and_never_overwritten() {
    let (dir, db) = setup();
    let backup = dir.path().join("backup.db");
    let out = run(&db, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(run(&backup, &["check"]).status.success());
    assert_eq!(export(&backup), export(&db));
    let again = run(&db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
}

#[test]
fn restore_checks_the_backup_first_and_needs_yes() {
    let (dir, db) = setup();
    let backup = dir.path().join("backup.db");
    assert!(run(&db, &["backup", backup.to_str().unwrap()]).status.success());
    let original = export(&db);
    // Change the live database after the backup.
    let csv = dir.path().join("more.csv");
    std::fs::write(&csv, "ref,given_name,family_name\nS9,New,Child\n").unwrap();
    assert!(
        run(&db, &["import", "children", csv.to_str().unwrap()])
            .status
            .success()
    );
    assert_ne!(export(&db), original);

    let unconfirmed = run(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(unconfirmed.status.code(), Some(1));
    assert!(stderr(&unconfirmed).contains("--yes"), "{}", stderr(&unconfirmed));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database at all, just some words in a file").unwrap();
    let bad = run(&db, &["restore", junk.to_str().unwrap(), "--yes"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("the database is unchanged"),
        "{}",
        stderr(&bad)
    );

    let good = run(&db, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(good.status.success(), "{}", stderr(&good));
    assert_eq!(export(&db), original);
    let trail: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&db, &["audit", "--json"]).stdout).unwrap();
    // The last change: the export since is on the trail as a read.
    let last = trail
        .iter()
        .rfind(|e| e["action"] != "view" && e["entity"] != "caseload");
    assert_eq!(last.unwrap()["action"], "restore");
    assert!(
        run(&db, &["check"]).status.success(),
        "the restored chain continues"
    );
}

#[test]
fn retention_lists_records_past_their_date_and_deletes_nothing() {
    let (_dir, db) = setup();
    let out = run(&db, &["retention", "--as-of", "01/12/2026"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("OLD  kept until 05/05/2024"), "{report}");
    assert!(!report.contains("S1"), "{report}");
    assert!(
        report.contains("1 of 3 records past their retention date"),
        "{report}"
    );
    assert!(report.contains("nothing has been deleted"));
    assert!(export(&db).contains("\"OLD\""));
}

/// Issue 16: a database others could read was only warned about; its
/// owner's run now makes it owner-only and says so (tests/it/faults_cli.rs
/// covers its -wal and -shm files and another account's file).
#[test]
fn a_database_others_can_read_is_made_owner_only() {
    let (_dir, db) = setup();
    let quiet = run(&db, &["export", "caseload"]);
    assert!(
        !stderr(&quiet).contains("could be read by others"),
        "{}",
        stderr(&quiet)
    );
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let made = run(&db, &["export", "caseload"]);
    assert!(made.status.success());
    assert!(
        stderr(&made).contains("(was mode 644) could be read by others; permanence has made it owner-only"),
        "{}",
        stderr(&made)
    );
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn exports_neutralise_spreadsheet_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let csv = dir.path().join("children.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name\nF1,=HYPERLINK(\"http://x\"),Smith\n",
    )
    .unwrap();
    assert!(run(&db, &["init"]).status.success());
    assert!(
        run(&db, &["import", "children", csv.to_str().unwrap()])
            .status
            .success()
    );
    let exported = stdout(&run(&db, &["export", "caseload", "--format", "csv"]));
    assert!(exported.contains("'=HYPERLINK"), "{exported}");
    let back = dir.path().join("back.csv");
    std::fs::write(&back, &exported).unwrap();
    let again = run(&db, &["import", "children", back.to_str().unwrap()]);
    assert!(stdout(&again).contains("1 unchanged"), "{}", stdout(&again));
}
