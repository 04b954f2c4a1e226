//! Users, roles and what each may do, as the command line enforces them.

use crate::util::{permanence, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(db: &Path, who: Option<&str>, args: &[&str]) -> Output {
    command(db, who, args).output().unwrap()
}

/// The command, with a configuration folder of the test's own (beside the
/// database, empty unless a test writes to it), never the developer's.
fn command(db: &Path, who: Option<&str>, args: &[&str]) -> Command {
    let mut command = permanence();
    command
        .env("PERMANENCE_CONFIG_DIR", db.with_file_name("config"))
        .arg("--db")
        .arg(db);
    if let Some(who) = who {
        command.args(["--as", who]);
    }
    command.args(args);
    command
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
        // Named by the import below by her full name; business support
        // may name only workers who are already users.
        ("pat.other", "Pat Other", "social-worker", "CiC 2"),
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

/// The administrators `users list` shows, by username.
fn administrators(db: &Path) -> Vec<String> {
    stdout(&ok(run(db, Some("ada"), &["users", "list"])))
        .lines()
        .filter(|l| l.split_whitespace().any(|w| w == "admin"))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

#[test]
fn the_last_administrator_cannot_be_demoted_so_the_database_never_opens_to_everyone() {
    let (_dir, db) = setup();
    // `init` made the account running the test an administrator too.
    for other in administrators(&db).iter().filter(|u| *u != "ada") {
        ok(run(
            &db,
            Some("ada"),
            &["users", "set-role", other, "social-worker"],
        ));
    }
    assert_eq!(administrators(&db), ["ada"]);
    refused(
        run(&db, Some("ada"), &["users", "set-role", "ada", "team-manager"]),
        "ada is the only administrator, so they cannot stop being one",
    );
    assert_eq!(administrators(&db), ["ada"], "nothing was changed");
    // What demoting her used to open: anyone adding themselves an administrator.
    refused(
        run(
            &db,
            Some("nobody"),
            &["users", "add", "evil", "--name", "Evil", "--role", "admin"],
        ),
        "nobody is not a user of this database",
    );
    // With a second administrator, she may step down.
    ok(run(&db, Some("ada"), &["users", "set-role", "tina", "admin"]));
    ok(run(
        &db,
        Some("ada"),
        &["users", "set-role", "ada", "team-manager"],
    ));
}

#[test]
fn listing_users_needs_a_role_that_may() {
    let (_dir, db) = setup();
    refused(
        run(&db, Some("sam"), &["users", "list"]),
        "Only a team manager, a service manager, a head of service, an Assistant Director, a Director or an administrator can list the users and their roles",
    );
    refused(run(&db, Some("bea"), &["users", "list"]), "can list the users");
    let list = stdout(&ok(run(&db, Some("tina"), &["users", "list"])));
    assert!(list.contains("Sam Worker"), "{list}");
}

#[test]
fn only_those_who_may_add_users_add_workers_through_an_import() {
    let (dir, db) = setup();
    let csv = dir.path().join("new-worker.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,worker,iro\nC3,Cara,Jones,sam,\nD4,Dan,Jones,Mallory Smith,\nE5,Eve,Jones,sam,Ivan Iro\n",
    )
    .unwrap();
    let out = run(&db, Some("bea"), &["import", "children", csv.to_str().unwrap()]);
    refused(
        out,
        "line 3: worker: \"Mallory Smith\" is not a user of this database, and only those who may add users can add workers",
    );
    let out = run(&db, Some("bea"), &["import", "children", csv.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("line 4: iro: \"Ivan Iro\""),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing was imported"), "{}", stderr(&out));
    // Nothing was written: not the good rows, and no new worker.
    refused(run(&db, Some("bea"), &["timeline", "C3"]), "C3");
    refused(
        run(&db, Some("mallory.smith"), &["timeline", "A1"]),
        "mallory.smith is not a user of this database",
    );
    // An administrator's import adds them, with usernames from their names.
    let added = stdout(&ok(run(
        &db,
        Some("ada"),
        &["import", "children", csv.to_str().unwrap()],
    )));
    assert!(added.contains("Mallory Smith (mallory.smith)"), "{added}");
    ok(run(&db, Some("mallory.smith"), &["timeline", "D4"]));
}

#[test]
fn acting_as_someone_else_needs_the_account_that_owns_the_database() {
    if unsafe { libc::geteuid() } != 0 {
        panic!("this test hands the database file to another account and must run as root (as CI does)");
    }
    let (_dir, db) = setup();
    ok(run(&db, Some("ada"), &["timeline", "A1"]));
    // The file belongs to someone else (the service account); root can
    // still open it, as another account could open a world-writable file.
    let path = std::ffi::CString::new(db.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::chown(path.as_ptr(), 65534, 65534) }, 0);
    refused(
        run(
            &db,
            Some("ada"),
            &["users", "add", "sneaky", "--name", "Sneaky", "--role", "admin"],
        ),
        "--as ada: only the account that owns the database file (on a shared server, its service account) may act as someone else",
    );
    refused(run(&db, Some("ada"), &["timeline", "A1"]), "belongs to uid 65534");
    // Acting as themselves, whoever they are in the database, still works.
    ok(run(&db, None, &["timeline", "A1"]));
    assert_eq!(unsafe { libc::chown(path.as_ptr(), 0, 0) }, 0);
    ok(run(&db, Some("ada"), &["timeline", "A1"]));
    let users = stdout(&ok(run(&db, Some("ada"), &["users", "list"])));
    assert!(!users.contains("sneaky"), "{users}");
}

const GENEROUS_RULES: &str = "[[rule]]\naction = \"manage-users\"\nroles = [\"reviewer\", \"admin\"]\nscope = \"all\"\n\n[[rule]]\naction = \"administer\"\nroles = [\"admin\"]\nscope = \"all\"\n\n[[rule]]\naction = \"view-child\"\nroles = [\"reviewer\", \"admin\"]\nscope = \"all\"\n\n[[rule]]\naction = \"edit-timeline\"\nroles = [\"reviewer\", \"admin\"]\nscope = \"all\"\n\n[[rule]]\naction = \"view-audit\"\nroles = [\"admin\"]\nscope = \"all\"\n";

#[test]
fn the_environment_cannot_redefine_the_rules() {
    let (_dir, db) = setup();
    let config = db.with_file_name("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("permissions.toml"), GENEROUS_RULES).unwrap();
    refused(
        run(
            &db,
            Some("rev"),
            &["users", "add", "sneaky", "--name", "Sneaky", "--role", "admin"],
        ),
        "Only an administrator can add users or change their roles",
    );
    let out = run(&db, Some("rev"), &["record", "A1", "ppm", "--on", "01/02/2025"]);
    assert!(
        stderr(&out).contains("permissions.toml is not read: the permission rules are kept in the database"),
        "{}",
        stderr(&out)
    );
    refused(out, "can change this child's timeline");
}

#[test]
fn an_administrator_replaces_the_rules_with_an_audited_command() {
    let (dir, db) = setup();
    let rules = dir.path().join("our-rules.toml");
    std::fs::write(&rules, GENEROUS_RULES).unwrap();
    let file = rules.to_str().unwrap();
    refused(
        run(&db, Some("tina"), &["permissions", "import", file]),
        "Only an administrator can back up, restore or administer the database",
    );
    let shown = stdout(&ok(run(&db, Some("sam"), &["permissions", "show"])));
    assert!(
        shown.starts_with("# In force: permissions.toml (built in)"),
        "{shown}"
    );
    assert!(shown.contains("action = \"sign-off-qa\""), "{shown}");

    let said = stdout(&ok(run(&db, Some("ada"), &["permissions", "import", file])));
    assert!(said.contains("now those of"), "{said}");
    ok(run(
        &db,
        Some("rev"),
        &["record", "A1", "ppm", "--on", "01/02/2025"],
    ));
    refused(
        run(&db, Some("tina"), &["timeline", "A1"]),
        "Only a reviewer or an administrator can open this child's record",
    );
    let shown = stdout(&ok(run(&db, Some("rev"), &["permissions", "show"])));
    assert!(shown.contains("put in by ada"), "{shown}");
    assert!(shown.contains("roles = [\"reviewer\", \"admin\"]"), "{shown}");
    let trail: Vec<serde_json::Value> =
        serde_json::from_slice(&ok(run(&db, Some("ada"), &["audit", "--json"])).stdout).unwrap();
    let change = trail
        .iter()
        .find(|e| e["entity"] == "permissions")
        .expect("the replacement is audited");
    assert_eq!(change["user"], "ada");
    assert_eq!(change["action"], "replace");
}

#[test]
fn a_wrong_rules_file_is_refused_with_its_lines_and_changes_nothing() {
    let (dir, db) = setup();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[rule]]\naction = \"fly\"\nroles = [\"admin\"]\nscope = \"all\"\n",
    )
    .unwrap();
    let out = run(
        &db,
        Some("ada"),
        &["permissions", "import", bad.to_str().unwrap()],
    );
    assert!(
        stderr(&out).contains("bad.toml:2: action: \"fly\" is not an action"),
        "{}",
        stderr(&out)
    );
    refused(out, "the permission rules were not changed: 1 problem");
    // Rules that would leave nobody able to change them again.
    std::fs::write(
        &bad,
        "[[rule]]\naction = \"view-child\"\nroles = [\"admin\"]\nscope = \"all\"\n",
    )
    .unwrap();
    refused(
        run(
            &db,
            Some("ada"),
            &["permissions", "import", bad.to_str().unwrap()],
        ),
        "do not give the admin role administer and manage-users",
    );
    let shown = stdout(&ok(run(&db, Some("ada"), &["permissions", "show"])));
    assert!(
        shown.starts_with("# In force: permissions.toml (built in)"),
        "{shown}"
    );
    ok(run(&db, Some("sam"), &["timeline", "A1"]));
}

#[test]
fn usernames_hold_only_letters_digits_dots_hyphens_and_underscores() {
    let (dir, db) = setup();
    for bad in ["Bad Name", "Évil", "tom\u{1b}]0;pwned\u{7}", "a/b", "UPPER"] {
        refused(
            run(
                &db,
                Some("ada"),
                &["users", "add", bad, "--name", "X", "--role", "social-worker"],
            ),
            "may hold only lower-case letters a-z, digits, dots, hyphens and underscores",
        );
    }
    ok(run(
        &db,
        Some("ada"),
        &[
            "users",
            "add",
            "o_neil-2.b",
            "--name",
            "O Neil",
            "--role",
            "social-worker",
        ],
    ));
    refused(
        run(&db, Some("ada;rm"), &["timeline", "A1"]),
        "--as: the username \"ada;rm\" cannot be used",
    );
    let csv = dir.path().join("names.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,worker\nF6,Fay,Lee,Zoë Ólafsdóttir\nG7,Gus,Lee,bob;rm\n",
    )
    .unwrap();
    refused(
        run(&db, Some("ada"), &["import", "children", csv.to_str().unwrap()]),
        "line 3: worker: the username \"bob;rm\" cannot be used",
    );
    std::fs::write(
        &csv,
        "ref,given_name,family_name,worker\nF6,Fay,Lee,Zoë Ólafsdóttir\n",
    )
    .unwrap();
    let added = stdout(&ok(run(
        &db,
        Some("ada"),
        &["import", "children", csv.to_str().unwrap()],
    )));
    assert!(added.contains("Zoë Ólafsdóttir (zoe.olafsdottir)"), "{added}");
}

#[test]
fn removing_a_user_needs_a_role_that_manages_users_and_keeps_their_past_in_the_trail() {
    let (_dir, db) = setup();
    refused(
        run(&db, Some("tina"), &["users", "remove", "rev"]),
        "Only an administrator",
    );
    refused(
        run(&db, Some("ada"), &["users", "remove", "ghost"]),
        "ghost is not a user of this database; nothing was changed",
    );
    let out = stdout(&ok(run(&db, Some("ada"), &["users", "remove", "rev"])));
    assert!(out.contains("removed rev (Rev Viewer)"), "{out}");
    let list = stdout(&ok(run(&db, Some("ada"), &["users", "list"])));
    assert!(!list.contains("Rev Viewer"), "{list}");
    // Their name no longer opens the database.
    refused(
        run(&db, Some("rev"), &["timeline", "A1"]),
        "rev is not a user of this database",
    );
    let trail: Vec<serde_json::Value> =
        serde_json::from_slice(&ok(run(&db, Some("ada"), &["audit", "--json"])).stdout).unwrap();
    let removal = trail
        .iter()
        .find(|e| e["entity"] == "worker" && e["action"] == "delete")
        .expect("the removal is audited");
    assert_eq!(removal["user"], "ada");
    assert_eq!(removal["entity_id"], "rev");
    assert_eq!(removal["before"]["display_name"], "Rev Viewer");
    assert!(
        trail
            .iter()
            .any(|e| e["entity"] == "worker" && e["action"] == "create" && e["entity_id"] == "rev"),
        "the entry that added them stays"
    );
    ok(run(&db, None, &["check"]));
}

#[test]
fn the_last_administrator_cannot_be_removed() {
    let (_dir, db) = setup();
    for other in administrators(&db).iter().filter(|u| *u != "ada") {
        ok(run(&db, Some("ada"), &["users", "remove", other]));
    }
    assert_eq!(administrators(&db), ["ada"]);
    refused(
        run(&db, Some("ada"), &["users", "remove", "ada"]),
        "ada is the only administrator, so they cannot be removed",
    );
    assert_eq!(administrators(&db), ["ada"], "nothing was changed");
    // With a second administrator, she may go.
    ok(run(&db, Some("ada"), &["users", "set-role", "tina", "admin"]));
    ok(run(&db, Some("tina"), &["users", "remove", "ada"]));
    let list = stdout(&ok(run(&db, Some("tina"), &["users", "list"])));
    assert!(!list.contains("Ada Admin"), "{list}");
}

#[test]
fn a_worker_still_allocated_children_is_not_removed_until_they_are_reallocated() {
    let (dir, db) = setup();
    refused(
        run(&db, Some("ada"), &["users", "remove", "sam"]),
        "sam still has children allocated (1 as their social worker), so they were not removed; nothing was changed. Reallocate them first",
    );
    let list = stdout(&ok(run(&db, Some("ada"), &["users", "list"])));
    assert!(list.contains("Sam Worker"), "{list}");
    let csv = dir.path().join("reallocate.csv");
    std::fs::write(&csv, "ref,given_name,family_name,worker\nA1,Amara,Okafor,tina\n").unwrap();
    ok(run(
        &db,
        Some("ada"),
        &["import", "children", csv.to_str().unwrap()],
    ));
    ok(run(&db, Some("ada"), &["users", "remove", "sam"]));
    let list = stdout(&ok(run(&db, Some("ada"), &["users", "list"])));
    assert!(!list.contains("Sam Worker"), "{list}");
}
