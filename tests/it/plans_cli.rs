//! The plan and timeline commands as scripts and other tools use them:
//! `import plans`, `record`, `done`, `undo`, `timeline --json`, `pathways`.

use crate::util::fixtures::AMARA_ADOPTION as ADOPTION;
use crate::util::{Case, item, stderr, stdout};
use std::process::Output;

crate::util::setup_on_a_case!();

impl Setup {
    /// A database with two children: Amara, looked after since 19/12/2024,
    /// and Leo, with no plan.
    fn new() -> Setup {
        let setup = Setup(Case::new("plans.db"));
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
             L2,Leo,Hughes,2019-05-05,co,2023-01-10\n",
        );
        let init = setup.run(&["init"]);
        assert!(init.status.success(), "{}", stderr(&init));
        let out = setup.run(&["import", "children", children.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        setup
    }

    fn import_plans(&self, text: &str) -> Output {
        let file = self.file("plans.csv", text);
        self.run(&["import", "plans", file.to_str().unwrap()])
    }

    fn timeline(&self, reference: &str, as_of: &str) -> serde_json::Value {
        let out = self.run(&["timeline", reference, "--json", "--as-of", as_of]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn the_timeline_json_has_the_contracted_shape_and_dates() {
    let setup = Setup::new();
    let out = setup.import_plans(ADOPTION);
    assert!(stdout(&out).contains("1 plans read"), "{}", stdout(&out));
    let timeline = setup.timeline("A1", "2025-01-06");
    assert_eq!(timeline["ref"], "A1");
    assert_eq!(timeline["as_of"], "2025-01-06");
    let plan = &timeline["plans"][0];
    assert_eq!(plan["pathway"], "adoption");
    assert_eq!(plan["role"], "primary");
    assert_eq!(plan["start"], "2025-01-06");
    assert_eq!(plan["stage"], "proceedings");
    let keys: Vec<&str> = plan["items"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "key",
            "title",
            "week",
            "responsible",
            "target",
            "deadline",
            "status",
            "done_on",
            "rule",
            "note",
            "counted_from"
        ]
    );
    let review = item(&timeline, "first-case-review");
    assert_eq!(review["week"], "3");
    // The table's week 3 ends on 24/01, after the deadline: the target is
    // the deadline (issue 15: a target never falls after its deadline).
    assert_eq!(review["target"], "2025-01-21");
    assert_eq!(review["deadline"], "2025-01-21");
    assert_eq!(review["status"], "open");
    assert_eq!(review["done_on"], serde_json::Value::Null);
    let rule = review["rule"].as_str().unwrap();
    assert!(
        rule.contains("deadline: 20 working days after became looked after on 19/12/2024"),
        "{rule}"
    );
    let legal = item(&timeline, "legal-planning-meeting");
    assert_eq!(legal["responsible"], "Team Manager or Senior Practitioner");
    assert_eq!(legal["deadline"], serde_json::Value::Null);
    assert_eq!(item(&timeline, "adm-shobpa")["target"], "2025-05-02");
    // Statuses as of a later day.
    let later = setup.timeline("A1", "2025-01-22");
    assert_eq!(item(&later, "first-case-review")["status"], "breached");
    assert_eq!(item(&later, "gateway-application")["status"], "overdue");
    assert_eq!(item(&later, "smart-permanence-plan")["status"], "due-soon");
}

#[test]
fn recording_events_and_marking_items_done() {
    let setup = Setup::new();
    setup.import_plans(ADOPTION);
    let out = setup.run(&["record", "A1", "case-review", "--on", "15/01/2025"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Then the dates it moved, one a line.
    assert_eq!(
        stdout(&out).lines().next(),
        Some("A1: recorded case-review on 15/01/2025")
    );
    let timeline = setup.timeline("A1", "2025-02-01");
    assert_eq!(item(&timeline, "first-case-review")["status"], "done");
    assert_eq!(item(&timeline, "first-case-review")["done_on"], "2025-01-15");
    assert_eq!(item(&timeline, "second-case-review")["deadline"], "2025-04-09");

    let out = setup.run(&[
        "done",
        "A1",
        "cpr-started",
        "--on",
        "2025-01-30",
        "--note",
        "started early",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = setup.timeline("A1", "2025-02-01");
    assert_eq!(item(&timeline, "cpr-started")["status"], "done");
    assert_eq!(item(&timeline, "cpr-started")["done_on"], "2025-01-30");

    let out = setup.run(&["undo", "A1", "cpr-started"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        item(&setup.timeline("A1", "2025-02-01"), "cpr-started")["status"],
        "overdue"
    );
    let again = setup.run(&["undo", "A1", "cpr-started"]);
    assert_eq!(again.status.code(), Some(1));
    // Every refusal about a child's events names the child first, as
    // record, correct and withdraw do.
    assert!(
        stderr(&again).contains("A1: cpr-started is not marked done"),
        "{}",
        stderr(&again)
    );
    for args in [
        vec![
            "withdraw",
            "A1",
            "cpr-started",
            "--on",
            "2025-01-30",
            "--reason",
            "typed in error",
        ],
        vec![
            "correct",
            "A1",
            "zzz",
            "--on",
            "2025-01-30",
            "--to",
            "2025-01-29",
            "--reason",
            "x",
        ],
    ] {
        let refused = setup.run(&args);
        assert_eq!(refused.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&refused).contains("permanence: A1: "),
            "{args:?}: {}",
            stderr(&refused)
        );
    }
    let unknown = setup.run(&["undo", "A1", "zzz"]);
    assert!(
        stderr(&unknown)
            .contains("A1: no item \"zzz\" in this child's plans; `permanence timeline A1` lists the keys"),
        "{}",
        stderr(&unknown)
    );

    let typo = setup.run(&["done", "A1", "cpr-startd"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(stderr(&typo).contains("did you mean"), "{}", stderr(&typo));
    assert!(stderr(&typo).contains("cpr-started"), "{}", stderr(&typo));

    for (args, expected) in [
        (vec!["record", "A1", "birthday"], "\"birthday\" is not an event"),
        (
            vec!["record", "A1", "ppm", "--on", "31/02/2025"],
            "--on: 31/02/2025 is not a date",
        ),
        (
            vec!["record", "A1", "ppm", "--on", "01/01/2099"],
            "is in the future",
        ),
        (vec!["record", "ZZ", "ppm"], "no child has the reference ZZ"),
        (vec!["done", "L2", "first-ppm"], "this child has no active plan"),
    ] {
        let out = setup.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_bad_plans_file_is_refused_whole() {
    let setup = Setup::new();
    let out = setup.import_plans(
        "ref,pathway,role,start,stage\n\
         A1,adoption,primary,06/01/2025,proceedings\n\
         ZZ,adoption,primary,06/01/2025,proceedings\n\
         L2,fostering,lead,31/02/2025,court\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let problems = stderr(&out);
    for expected in [
        "line 4: pathway: \"fostering\" is not a pathway",
        "line 4: role: \"lead\" is neither primary nor contingency",
        "line 4: start: 31/02/2025 is not a date",
        "line 4: stage: \"court\" is not a stage",
        "nothing was imported",
    ] {
        assert!(problems.contains(expected), "missing {expected:?}:\n{problems}");
    }
    // The unknown reference is found once the rows themselves are valid.
    let out =
        setup.import_plans("ref,pathway,role,start,stage\nZZ,adoption,primary,06/01/2025,proceedings\n");
    assert!(
        stderr(&out).contains("line 2: ref: no child has the reference ZZ"),
        "{}",
        stderr(&out)
    );
    let timeline = setup.timeline("A1", "2025-02-01");
    assert!(
        timeline["plans"].as_array().unwrap().is_empty(),
        "nothing was written"
    );
}

#[test]
fn a_new_primary_replaces_the_old_and_reimporting_changes_nothing() {
    let setup = Setup::new();
    let twin = "ref,pathway,role,start,stage\nA1,adoption,primary,06/01/2025,proceedings\n\
                A1,special-guardianship,contingency,06/01/2025,proceedings\n";
    assert!(stdout(&setup.import_plans(twin)).contains("2 were created"));
    assert!(stdout(&setup.import_plans(twin)).contains("2 unchanged"));
    let timeline = setup.timeline("A1", "2025-02-01");
    let roles: Vec<(&str, &str)> = timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["pathway"].as_str().unwrap(), p["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [("adoption", "primary"), ("special-guardianship", "contingency")]
    );
    // The cadences belong to the primary plan.
    let sgo_keys: Vec<&str> = timeline["plans"][1]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert!(!sgo_keys.contains(&"ppm-3"));

    let swap = "ref,pathway,role,start,stage\nA1,special-guardianship,primary,06/01/2025,proceedings\n";
    let out = setup.import_plans(swap);
    assert!(
        stdout(&out).contains("1 were made primary in place of another"),
        "{}",
        stdout(&out)
    );
    let timeline = setup.timeline("A1", "2025-02-01");
    let plans = timeline["plans"].as_array().unwrap();
    assert_eq!(
        plans.len(),
        1,
        "the old primary is closed, not shown among active plans"
    );
    assert_eq!(plans[0]["pathway"], "special-guardianship");
    assert_eq!(plans[0]["role"], "primary");
}

#[test]
fn pathways_list_show_and_check() {
    let setup = Setup::new();
    let list = stdout(&setup.run(&["pathways", "list"]));
    for name in [
        "adoption",
        "permanent-fostering",
        "reunification",
        "special-guardianship",
        "adoption-tasks",
        "pre-proceedings",
        "supervision-order",
    ] {
        assert!(list.contains(name), "{name} missing:\n{list}");
    }
    let show = stdout(&setup.run(&["pathways", "show", "adoption"]));
    assert!(show.contains("ADM (SHOBPA)"), "{show}");
    assert!(show.contains("If in Care Proceedings"), "{show}");

    let bad = setup.file(
        "bad.toml",
        "name = \"bad\"\ntitle = \"Bad\"\nsource = \"Here\"\ncounted_from = \"gateway\"\n\n\
         [[item]]\nkey = \"a\"\nweek = \"0\"\ntitle = \"A\"\n\n\
         [[item]]\nkey = \"b\"\nweek = \"2\"\ntitle = \"B\"\ncondition = \"if-it-rains\"\n",
    );
    let out = setup.run(&["pathways", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let problems = stderr(&out);
    assert!(
        problems.contains("bad.toml:8: week: \"0\": weeks count from 1"),
        "{problems}"
    );
    assert!(
        problems.contains("bad.toml:15: condition: \"if-it-rains\" names nothing"),
        "{problems}"
    );
    let good = setup.run(&["pathways", "check", "data/pathways/adoption.toml"]);
    assert!(good.status.success(), "{}", stderr(&good));
}

#[test]
fn an_authority_adds_its_own_pathway_without_rebuilding() {
    let setup = Setup::new();
    let dir = setup.config().join("pathways");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("kinship.toml"),
        "name = \"kinship\"\ntitle = \"Kinship assessment\"\nsource = \"Anytown procedures\"\ncounted_from = \"gateway\"\n\n\
         [[item]]\nkey = \"viability\"\nweek = \"2\"\ntitle = \"Viability assessment completed\"\n",
    )
    .unwrap();
    let list = stdout(&setup.run(&["pathways", "list"]));
    assert!(
        list.contains("kinship") && list.contains("kinship.toml"),
        "{list}"
    );
    let out =
        setup.import_plans("ref,pathway,role,start,stage\nL2,kinship,primary,02/11/2026,looked-after\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = setup.timeline("L2", "2026-11-23");
    assert_eq!(item(&timeline, "viability")["target"], "2026-11-13");

    // A broken file stops the program starting, naming file and line.
    std::fs::write(dir.join("broken.toml"), "name = \"broken\"\ntitle = 3\n").unwrap();
    let out = setup.run(&["pathways", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("broken.toml:2:"), "{}", stderr(&out));
}
