//! Reads on the record (issue 16, point 6): every command that shows a
//! named child's details leaves one "view" entry in the audit trail, a
//! report or export one entry naming how many children it covered, and a
//! `--read-only` session's reads are on the record too, while it still
//! changes no case data and the chain stays sound.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_permanence"));
    command
        .env_remove("PERMANENCE_DB")
        .env("PERMANENCE_CONFIG_DIR", config);
    command
}

struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Setup {
    /// Three children, Amara with an adoption plan and a needs assessment.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("reads.db");
        let setup = Setup { dir, db };
        setup.ok(&["init"]);
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
             L2,Leo,Hughes,2019-05-05,co,2023-01-10\n\
             M3,Mia,Patel,2020-07-07,co,2023-02-02\n",
        );
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        let plans = setup.file(
            "plans.csv",
            "ref,pathway,role,start,stage\nA1,adoption,primary,06/01/2025,proceedings\n",
        );
        setup.ok(&["import", "plans", plans.to_str().unwrap()]);
        let template = setup.ok(&["form", "template", "needs-assessment"]);
        let form = setup.file("form.json", &template);
        setup.ok(&["form", "import", "A1", "needs-assessment", form.to_str().unwrap()]);
        setup
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        bin(&self.dir.path().join("config"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .unwrap()
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
