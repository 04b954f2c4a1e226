//! Reads on the record (issue 16, point 6): every command that shows a
//! named child's details leaves one "view" entry in the audit trail, a
//! report or export one entry naming how many children it covered, and a
//! `--read-only` session's reads are on the record too, while it still
//! changes no case data and the chain stays sound.

use crate::util::fixtures::AMARA_ADOPTION;
use crate::util::pty::Tui;
use crate::util::{Case, permanence};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bin(config: &Path) -> Command {
    let mut command = permanence();
    command.env("PERMANENCE_CONFIG_DIR", config);
    command
}

crate::util::setup_on_a_case!();

impl Setup {
    /// Three children, Amara with an adoption plan and a needs assessment.
    fn new() -> Setup {
        let setup = Setup(Case::new("reads.db"));
        setup.ok(&["init"]);
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
             L2,Leo,Hughes,2019-05-05,co,2023-01-10\n\
             M3,Mia,Patel,2020-07-07,co,2023-02-02\n",
        );
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        let plans = setup.file("plans.csv", AMARA_ADOPTION);
        setup.ok(&["import", "plans", plans.to_str().unwrap()]);
        let template = setup.ok(&["form", "template", "needs-assessment"]);
        let form = setup.file("form.json", &template);
        setup.ok(&["form", "import", "A1", "needs-assessment", form.to_str().unwrap()]);
        setup
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn audit(&self) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.ok(&["audit", "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// The entries added to the trail by running `args`.
    fn entries_from(&self, args: &[&str]) -> Vec<Value> {
        let before = self.audit().len();
        self.ok(args);
        self.audit().split_off(before)
    }

    fn check(&self) {
        let out = self.ok(&["check"]);
        assert!(!out.contains("FAILED"), "{out}");
    }
}

fn is_view_of(entry: &Value, reference: &str) -> bool {
    entry["action"] == "view" && entry["entity"] == "child" && entry["ref"] == reference
}

/// The commands that show one named child, each with how it is asked.
const SHOWING_A1: [&[&str]; 10] = [
    &["timeline", "A1"],
    &["timeline", "A1", "--json"],
    &["events", "A1"],
    &["chronology", "A1"],
    &["family", "A1"],
    &["genogram", "A1"],
    &["best-option", "A1"],
    &["gateway", "A1"],
    &["form", "export", "1"],
    &["chronology", "A1", "--format", "json"],
];

#[test]
fn every_command_showing_a_child_leaves_exactly_one_view_entry_naming_them() {
    let setup = Setup::new();
    for args in SHOWING_A1 {
        let added = setup.entries_from(args);
        assert_eq!(added.len(), 1, "{args:?} added {added:?}");
        assert!(is_view_of(&added[0], "A1"), "{args:?} added {added:?}");
    }
    setup.check();
}

#[test]
fn a_report_or_export_leaves_one_entry_naming_how_many_children_it_covered() {
    let setup = Setup::new();
    let cases: [(&[&str], &str, &str); 5] = [
        (&["report", "overdue"], "report", "report overdue"),
        (&["report", "due", "--within", "30d"], "report", "report due"),
        (&["report", "tracker", "permanence"], "report", "report tracker"),
        (&["export", "caseload"], "export", "export caseload"),
        (&["ics"], "export", "ics"),
    ];
    for (args, action, what) in cases {
        let added = setup.entries_from(args);
        assert_eq!(added.len(), 1, "{args:?} added {added:?}");
        let entry = &added[0];
        assert_eq!(entry["action"], action, "{args:?}: {entry}");
        assert_eq!(entry["entity"], "caseload", "{args:?}: {entry}");
        assert_eq!(entry["after"]["what"], what, "{args:?}: {entry}");
        assert_eq!(entry["after"]["children"], 3, "{args:?}: {entry}");
    }
    setup.check();
}

#[test]
fn a_read_only_timeline_is_on_the_record_and_changes_no_case_data() {
    let setup = Setup::new();
    let case_data = || setup.ok(&["export", "caseload", "--format", "json"]);
    let before = case_data();
    let added = setup.entries_from(&["--read-only", "timeline", "A1"]);
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(is_view_of(&added[0], "A1"), "{added:?}");
    assert_eq!(case_data(), before);
    // Still cannot change anything, and a refused change is no read.
    let entries = setup.audit().len();
    let out = setup.run(&["--read-only", "record", "A1", "ppm", "--on", "2025-02-01"]);
    assert!(!out.status.success());
    assert_eq!(case_data(), before);
    // Each `case_data` export above is one entry; the refused change none.
    assert_eq!(setup.audit().len(), entries + 1);
    setup.check();
}

#[test]
fn many_concurrent_reads_keep_the_chain_sound() {
    let setup = Setup::new();
    let before = setup.audit().len();
    let readers: Vec<_> = (0..6)
        .map(|i| {
            let mut command = bin(&setup.dir.path().join("config"));
            command.arg("--db").arg(&setup.db);
            if i % 2 == 0 {
                command.arg("--read-only");
            }
            command
                .args(["timeline", "A1"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut reader in readers {
        assert!(reader.wait().unwrap().success());
    }
    let added = setup.audit().split_off(before);
    assert_eq!(added.len(), 6, "{added:?}");
    assert!(added.iter().all(|e| is_view_of(e, "A1")));
    setup.check();
}

#[test]
fn a_child_that_does_not_exist_leaves_no_entry() {
    let setup = Setup::new();
    let before = setup.audit().len();
    let out = setup.run(&["timeline", "ZZ"]);
    assert!(!out.status.success());
    assert_eq!(setup.audit().len(), before);
}

/// Opening a child in a `--read-only` app session (`child REF`) is on the
/// record too: the app used to skip recording whenever it was read-only.
#[test]
fn opening_a_child_in_a_read_only_app_session_is_on_the_record() {
    use std::time::Duration;
    let setup = Setup::new();
    let before = setup.audit().len();
    let config = setup.config();
    let settings = [("PERMANENCE_CONFIG_DIR", config.to_str().unwrap())];
    let mut tui = Tui::start_env(
        &setup.db,
        &["--read-only", "child", "A1"],
        None,
        &settings,
        80,
        24,
    );
    let contents = tui.wait_until("the child to open", Duration::from_secs(10), |s| {
        s.contains("Tab switches")
    });
    assert!(contents.contains("A1"), "{contents}");
    assert!(!contents.contains("could not be recorded"), "{contents}");
    tui.child.kill().unwrap();
    tui.child.wait().unwrap();
    let added = setup.audit().split_off(before);
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(is_view_of(&added[0], "A1"), "{added:?}");
    setup.check();
}

/// Where a read-only session cannot write the file at all (another
/// account's database), the read is still shown and stderr says it could
/// not be recorded; nothing is changed. Needs root, to read as `nobody`.
#[test]
fn a_read_that_cannot_be_recorded_is_shown_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid only reads the process's credentials.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to read as another account");
        return;
    }
    const NOBODY: u32 = 65534;
    let setup = Setup::new();
    setup.ok(&[
        "users",
        "add",
        "nobody",
        "--name",
        "Rita Reader",
        "--role",
        "reviewer",
    ]);
    let file = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    file(setup.dir.path(), 0o755);
    file(&setup.db, 0o644);
    let bytes = std::fs::read(&setup.db).unwrap();
    let out = bin(&setup.dir.path().join("reader-config"))
        .uid(NOBODY)
        .gid(NOBODY)
        .arg("--db")
        .arg(&setup.db)
        .args(["--read-only", "timeline", "A1"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("A1"));
    assert!(
        said.contains("could not be recorded in the audit trail"),
        "{said}"
    );
    assert_eq!(said.matches("could not be recorded").count(), 1, "{said}");
    assert!(std::fs::read(&setup.db).unwrap() == bytes, "the file was changed");
}
