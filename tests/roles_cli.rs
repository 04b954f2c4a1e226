//! Users, roles and what each may do, as the command line enforces them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(db: &Path, who: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_permanence"));
    command.env_remove("PERMANENCE_DB").arg("--db").arg(db);
    if let Some(who) = who {
        command.args(["--as", who]);
    }
    command.args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn refused(out: Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "expected a refusal");
    assert!(
        stderr(&out).contains(expected),
        "expected {expected:?} in:\n{}",
        stderr(&out)
    );
}

/// A database set up by its first administrator, with two teams' children.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roles.db");
    // `init` makes whoever creates the database its administrator, who
    // adds the first named administrator.
    ok(run(&db, None, &["init"]));
    ok(run(
        &db,
        None,
        &["users", "add", "ada", "--name", "Ada Admin", "--role", "admin"],
    ));
    for (user, name, role, team) in [
        ("sam", "Sam Worker", "social-worker", "CiC 1"),
        ("tina", "Tina Manager", "team-manager", "CiC 1"),
        ("rev", "Rev Viewer", "reviewer", "Audit"),
        ("bea", "Bea Support", "business-support", "Admin"),
    ] {
        ok(run(
            &db,
            Some("ada"),
            &[
                "users", "add", user, "--name", name, "--role", role, "--team", team,
            ],
        ));
    }
    let csv = dir.path().join("children.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,worker,team\nA1,Amara,Okafor,sam,CiC 1\nB2,Ben,Hughes,Pat Other,CiC 2\n",
    )
    .unwrap();
    ok(run(
        &db,
        Some("bea"),
        &["import", "children", csv.to_str().unwrap()],
    ));
    let plans = dir.path().join("plans.csv");
    std::fs::write(
        &plans,
        "ref,pathway,role,start,stage\nA1,adoption,primary,06/01/2025,proceedings\nB2,adoption,primary,06/01/2025,proceedings\n",
    )
    .unwrap();
    ok(run(
        &db,
        Some("bea"),
        &["import", "plans", plans.to_str().unwrap()],
    ));
    (dir, db)
}

#[test]
fn someone_who_is_not_a_user_is_turned_away_once_there_is_an_administrator() {
    let (_dir, db) = setup();
    refused(
        run(&db, Some("mallory"), &["timeline", "A1"]),
        "mallory is not a user of this database; an administrator can add them",
    );
}

#[test]
fn social_workers_change_their_teams_children_only() {
    let (_dir, db) = setup();
    ok(run(
        &db,
        Some("sam"),
        &["done", "A1", "cpr-started", "--on", "01/02/2025"],
    ));
    refused(
        run(
            &db,
            Some("sam"),
            &["done", "B2", "cpr-started", "--on", "01/02/2025"],
        ),
        "As a social worker, you can change a child's timeline only for children of your team or allocated to you",
    );
    ok(run(&db, Some("sam"), &["timeline", "B2"]));
    ok(run(
        &db,
        Some("tina"),
        &["record", "B2", "ppm", "--on", "01/02/2025"],
    ));
}

#[test]
fn each_role_is_refused_in_words_that_say_who_may() {
    let (dir, db) = setup();
    refused(
        run(&db, Some("rev"), &["record", "A1", "ppm", "--on", "01/02/2025"]),
        "Only a team manager, a service manager, a head of service, an Assistant Director, a Director or an administrator can change this child's timeline",
    );
    ok(run(&db, Some("rev"), &["timeline", "A1"]));
    let csv = dir.path().join("more.csv");
    std::fs::write(&csv, "ref,given_name,family_name\nC3,New,Child\n").unwrap();
    refused(
        run(&db, Some("sam"), &["import", "children", csv.to_str().unwrap()]),
        "Only a business support officer, a team manager, a service manager, a head of service or an administrator can import records",
    );
    refused(
        run(&db, Some("sam"), &["export", "caseload"]),
        "can export the caseload",
    );
    refused(
        run(&db, Some("tina"), &["users", "set-role", "sam", "admin"]),
        "Only an administrator can add users or change their roles",
    );
    refused(run(&db, Some("sam"), &["audit"]), "can read the audit trail");
    refused(
        run(
            &db,
            Some("tina"),
            &["backup", dir.path().join("b.db").to_str().unwrap()],
        ),
        "Only an administrator",
    );
}

#[test]
fn administrators_manage_users_and_every_change_is_theirs_in_the_trail() {
    let (_dir, db) = setup();
    ok(run(
        &db,
        Some("ada"),
        &["users", "set-role", "sam", "senior-practitioner"],
    ));
    let list = String::from_utf8_lossy(&ok(run(&db, Some("ada"), &["users", "list"])).stdout).into_owned();
    assert!(
        list.lines()
            .any(|l| l.starts_with("sam") && l.contains("senior-practitioner")),
        "{list}"
    );
    refused(
        run(
            &db,
            Some("ada"),
            &["users", "add", "sam", "--name", "X", "--role", "iro"],
        ),
        "already a user",
    );
    refused(
        run(
            &db,
            Some("ada"),
            &["users", "add", "zed", "--name", "Zed", "--role", "wizard"],
        ),
        "\"wizard\" is not a role",
    );
    let trail: Vec<serde_json::Value> =
        serde_json::from_slice(&ok(run(&db, Some("ada"), &["audit", "--json"])).stdout).unwrap();
    let role_change = trail
        .iter()
        .find(|e| e["entity"] == "worker" && e["action"] == "update")
        .expect("the role change is audited");
    assert_eq!(role_change["user"], "ada");
    assert_eq!(role_change["before"]["role"], "social-worker");
    assert_eq!(role_change["after"]["role"], "senior-practitioner");
    assert!(
        trail
            .iter()
            .any(|e| e["user"] == "bea" && e["action"] == "import")
    );
}
