//! A form's route from the command line, through the real binary: each
//! step of the SGO support plan recorded by whom Calderdale's guidance
//! names (the worker's Draft done by submitting it), refusals in the
//! route's words, and `form return` and `form amend`, which call the same
//! use cases as the Forms tab's `r` and `A`.

use crate::util::{run, stderr, stdout};
use std::path::{Path, PathBuf};

/// A database whose administrator (the tester, by `init`) added the
/// route's people, and Amara (F1) of team North, Sam's, with an SGO
/// support plan Sam submitted: the plan's id.
fn setup(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("route.db");
    let ok = |args: &[&str]| {
        let out = run(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&["init"]);
    for (user, role, team) in [
        ("sam", "social-worker", "North"),
        ("tina", "team-manager", "North"),
        ("tom", "team-manager", "SGO Support"),
        ("sue", "service-manager", "SGO Support"),
    ] {
        ok(&[
            "users", "add", user, "--name", user, "--role", role, "--team", team,
        ]);
    }
    let csv = dir.join("c.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,date_of_birth,worker,team\nF1,Amara,Okafor,2019-04-03,sam,North\n",
    )
    .unwrap();
    ok(&["import", "children", csv.to_str().unwrap()]);
    let template = ok(&["form", "template", "sgo-support-plan"]);
    let file = dir.join("plan.json");
    std::fs::write(&file, template).unwrap();
    let plan = ok(&[
        "--as",
        "sam",
        "form",
        "import",
        "F1",
        "sgo-support-plan",
        file.to_str().unwrap(),
    ]);
    (db, plan.trim().to_string())
}

fn as_user(db: &Path, user: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--as", user];
    all.extend_from_slice(args);
    run(db, &all)
}

fn refused(db: &Path, user: &str, args: &[&str]) -> String {
    let out = as_user(db, user, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{user} {args:?} should be refused: {}",
        stdout(&out)
    );
    stderr(&out)
}

fn signs(db: &Path, user: &str, plan: &str, step: &str) {
    let out = as_user(db, user, &["form", "sign", plan, step]);
    assert!(out.status.success(), "{user} {step}: {}", stderr(&out));
}

#[test]
fn each_step_of_the_sgo_support_plan_is_signed_by_whom_the_route_names() {
    let dir = tempfile::tempdir().unwrap();
    let (db, plan) = setup(dir.path());
    // Submitting it was the Draft: it cannot be signed again.
    let draft = refused(&db, "sam", &["form", "sign", &plan, "draft"]);
    assert!(draft.contains("recorded by submitting the form"), "{draft}");
    // The worker may not QA their own plan; the child's team manager does.
    let own = refused(&db, "sam", &["form", "sign", &plan, "case-manager-qa"]);
    assert!(
        own.contains(
            "Quality assured by the case manager needs the case-manager permission \
             (the child's team manager); you are a social worker"
        ),
        "{own}"
    );
    signs(&db, "tina", &plan, "case-manager-qa");
    // One team manager can no longer sign every step: not the worker's...
    let worker_step = refused(
        &db,
        "tina",
        &["form", "sign", &plan, "sent-to-sgo-single-point-of-access"],
    );
    assert!(
        worker_step.contains(
            "Sent to the SGO single point of access needs the childs-social-worker permission \
             (a social worker of the child's team); you are a team manager"
        ),
        "{worker_step}"
    );
    signs(&db, "sam", &plan, "sent-to-sgo-single-point-of-access");
    // ...nor the SGO practice manager's QA after their own as case manager.
    let twice = refused(&db, "tina", &["form", "sign", &plan, "sgo-practice-manager-qa"]);
    assert!(
        twice.contains("must be recorded by someone other than who recorded"),
        "{twice}"
    );
    let sgo = String::from_utf8_lossy(&run(&db, &["form", "export", &plan]).stdout).into_owned();
    assert!(sgo.contains("\"qa_tuesday\""), "{sgo}");
    signs(&db, "tom", &plan, "sgo-practice-manager-qa");
    signs(&db, "sam", &plan, "amendments");
    let authorise = refused(
        &db,
        "tom",
        &["form", "sign", &plan, "authorised-by-service-manager"],
    );
    assert!(
        authorise.contains(
            "Authorised by the Service Manager needs the service-manager permission (a service manager); \
             you are a team manager"
        ),
        "{authorise}"
    );
    signs(&db, "sue", &plan, "authorised-by-service-manager");
    signs(&db, "sam", &plan, "presented-to-panel");
    let exported: serde_json::Value =
        serde_json::from_str(&stdout(&run(&db, &["form", "export", &plan]))).unwrap();
    assert!(exported["computed"]["next_step"].is_null(), "{exported}");
    let mut by: Vec<(String, String)> = exported["sign_offs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_string(),
                s["by"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    by.sort();
    let by: Vec<(&str, &str)> = by.iter().map(|(s, b)| (s.as_str(), b.as_str())).collect();
    assert_eq!(
        by,
        [
            ("amendments", "sam"),
            ("authorised-by-service-manager", "sue"),
            ("case-manager-qa", "tina"),
            ("presented-to-panel", "sam"),
            ("sent-to-sgo-single-point-of-access", "sam"),
            ("sgo-practice-manager-qa", "tom"),
        ]
    );
}

#[test]
fn a_form_is_returned_and_amended_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, plan) = setup(dir.path());
    // Only who may record the step awaited (the case manager's QA) returns it.
    let words = refused(&db, "sue", &["form", "return", &plan, "--comments", "Costs?"]);
    assert!(
        words.contains("Quality assured by the case manager needs the case-manager permission"),
        "{words}"
    );
    let out = as_user(
        &db,
        "tina",
        &["form", "return", &plan, "--comments", "Say who pays for respite"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("form {plan} returned")),
        "{}",
        stdout(&out)
    );
    let again = refused(&db, "tina", &["form", "sign", &plan, "case-manager-qa"]);
    assert!(again.contains("returned to sam for changes"), "{again}");
    // An amendment needs a reason, and someone who may change the child's record.
    let none = refused(&db, "sam", &["form", "amend", &plan, "--reason", " "]);
    assert!(none.contains("A reason for the amendment is needed"), "{none}");
    let out = as_user(
        &db,
        "sam",
        &["form", "amend", &plan, "--reason", "Respite costs added"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let draft = stdout(&out).trim().to_string();
    assert!(
        stderr(&out).contains("permanence form edit F1 sgo-support-plan"),
        "{}",
        stderr(&out)
    );
    let new: serde_json::Value =
        serde_json::from_str(&stdout(&run(&db, &["form", "export", &draft]))).unwrap();
    assert_eq!(
        (new["version"].as_i64(), new["status"].as_str()),
        (Some(2), Some("draft"))
    );
    let old: serde_json::Value =
        serde_json::from_str(&stdout(&run(&db, &["form", "export", &plan]))).unwrap();
    assert!(
        old["sign_offs"].to_string().contains("Respite costs added"),
        "{old}"
    );
    let twice = refused(&db, "sam", &["form", "amend", &plan, "--reason", "Again"]);
    assert!(twice.contains("version 2 of this form is newer"), "{twice}");
}

/// The built-in rules as a database stored them before sign-off steps were
/// data: its `[[rule]]` tables only.
fn rules_before_steps() -> String {
    let text = include_str!("../../data/permissions.toml");
    let cut = text
        .find("# Who records each step")
        .expect("the file explains its steps");
    text[..cut].to_string()
}

#[test]
fn rules_stored_before_steps_are_reported_by_check_and_applied_by_importing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (db, plan) = setup(dir.path());
    let old = dir.path().join("old-permissions.toml");
    std::fs::write(&old, rules_before_steps()).unwrap();
    let out = run(&db, &["permissions", "import", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // check says so, and how to put it right, without failing or changing
    // anything: the database is sound.
    let checked = run(&db, &["check"]);
    assert!(checked.status.success(), "{}", stdout(&checked));
    let said = stdout(&checked);
    assert!(
        said.contains(
            "the stored permissions predate sign-off steps: run \
             `permanence permissions import data/permissions.toml` (or your own file) to apply them"
        ),
        "{said}"
    );
    let shown = stdout(&run(&db, &["permissions", "show"]));
    assert!(!shown.contains("[[step]]"), "check rewrote nothing: {shown}");
    // Until then every step falls to whoever may sign off QA: the
    // worker may not send the plan on, and one team manager may do both
    // QAs.
    signs(&db, "tina", &plan, "case-manager-qa");
    let worker = refused(
        &db,
        "sam",
        &["form", "sign", &plan, "sent-to-sgo-single-point-of-access"],
    );
    assert!(worker.contains("sign off QA"), "{worker}");
    // The administrator imports the shipped file: check is quiet, and the
    // route needs its people again.
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/data/permissions.toml");
    let out = run(&db, &["permissions", "import", file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&run(&db, &["check"]));
    assert!(!said.contains("predate sign-off steps"), "{said}");
    let manager = refused(
        &db,
        "tina",
        &["form", "sign", &plan, "sent-to-sgo-single-point-of-access"],
    );
    assert!(
        manager.contains("needs the childs-social-worker permission"),
        "{manager}"
    );
    signs(&db, "sam", &plan, "sent-to-sgo-single-point-of-access");
    let twice = refused(&db, "tina", &["form", "sign", &plan, "sgo-practice-manager-qa"]);
    assert!(twice.contains("someone other than"), "{twice}");
    signs(&db, "tom", &plan, "sgo-practice-manager-qa");
}
