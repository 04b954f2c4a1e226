//! The plans an SSDA903 import proposes, through the real binary: they say
//! they count from the start of the period of care (the return holds no
//! Legal Gateway date), and the tasks due before the day of the import that
//! the return cannot hold are "not known", not overdue (a manager's
//! overdue report filled with 2014's unrecorded tasks would bury the real
//! ones). Restarting such a plan from its Legal Gateway decision keeps its
//! record's first day, and importing the files again does not move it back.

use crate::util::{BINARY_TODAY, Case, item, stderr};
use serde_json::Value;

crate::util::setup_on_a_case!();

impl Setup {
    /// A database holding a generated authority (seed 20, 300 children).
    fn imported() -> Setup {
        Setup(Case::imported_authority("imported.db"))
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

// 700177 (seed 20): entered care 02/08/2014 and is in long-term fostering,
// so the import proposes a permanent-fostering plan from that day; the
// return holds its reviews from 22/08/2014.

#[test]
fn an_imported_plan_says_it_counts_from_the_period_of_care_and_its_old_tasks_are_not_known() {
    let setup = Setup::imported();
    let timeline = setup.json(&["timeline", "700177", "--json"]);
    let plan = &timeline["plans"][0];
    assert_eq!(plan["pathway"], "permanent-fostering");
    assert_eq!(plan["start"], "2014-08-02");
    assert_eq!(plan["start_from"], "period-of-care");
    assert_eq!(plan["record_from"], BINARY_TODAY);
    // Week 1 is not called a Legal Gateway decision.
    let first = item(&timeline, "sw-team-assessment");
    let rule = first["rule"].as_str().unwrap();
    assert!(
        rule.contains("the start of the period of care on 02/08/2014")
            && !rule.contains("Legal Gateway decision on"),
        "{rule}"
    );
    // A task and a PPM of 2014: not known, saying why.
    assert_eq!(first["status"], "not-known", "{first}");
    assert!(
        rule.contains("not known: due before this plan's record began on 06/12/2026"),
        "{rule}"
    );
    assert_eq!(item(&timeline, "first-ppm")["status"], "not-known");
    // A review the return holds is done by it.
    assert_eq!(item(&timeline, "first-case-review")["status"], "done");

    let text = setup.ok(&["timeline", "700177"]);
    assert!(
        text.contains("started 02/08/2014 (counted from the start of the period of care: the SSDA903 return holds no Legal Gateway date; in the record from 06/12/2026, so tasks due before then are not known)"),
        "{text}"
    );
}

#[test]
fn the_overdue_report_after_an_import_holds_nothing_due_before_it() {
    let setup = Setup::imported();
    let overdue = setup.json(&["report", "overdue", "--format", "json"]);
    let rows = overdue.as_array().unwrap();
    // Before this rule the report held 9,566 rows for these 300 children,
    // nearly all of them tasks of 2014 to 2023 that the return cannot
    // hold; now only what fell due since the day of the import (today, so
    // none yet).
    for row in rows {
        let due = [&row["target"], &row["deadline"]]
            .into_iter()
            .filter_map(|d| d.as_str())
            .min()
            .unwrap_or("~")
            .to_string();
        assert!(due.as_str() >= BINARY_TODAY, "{row}");
    }
    // A day later, what fell due on the day of the import is overdue as
    // for any plan: the rule hides only what came before the record.
    let later = crate::util::on(&setup.db)
        .env("PERMANENCE_TODAY", "2027-03-01")
        .args(["report", "overdue", "--format", "json"])
        .output()
        .unwrap();
    assert!(later.status.success(), "{}", stderr(&later));
    let later: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert!(later.as_array().unwrap().len() > rows.len(), "{later}");
}

#[test]
fn an_imported_plan_closed_and_started_again_from_its_gateway_is_left_by_a_new_import() {
    let setup = Setup::imported();
    setup.ok(&["record", "700177", "gateway", "--on", "2026-11-02"]);
    setup.ok(&[
        "plan",
        "close",
        "700177",
        "permanent-fostering",
        "--outcome",
        "plan-changed",
    ]);
    setup.ok(&[
        "plan",
        "start",
        "700177",
        "--pathway",
        "permanent-fostering",
        "--role",
        "primary",
    ]);
    let active = |timeline: &Value| -> (String, String) {
        let plan = timeline["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["status"] != "closed" && p["pathway"] == "permanent-fostering")
            .cloned()
            .unwrap_or_else(|| panic!("{timeline}"));
        (
            plan["start"].as_str().unwrap().into(),
            plan["start_from"].as_str().unwrap().into(),
        )
    };
    let timeline = setup.json(&["timeline", "700177", "--json"]);
    assert_eq!(active(&timeline), ("2026-11-02".into(), "gateway".into()));
    let first = item(&timeline, "sw-team-assessment");
    assert!(
        first["rule"]
            .as_str()
            .unwrap()
            .contains("Legal Gateway decision on 02/11/2026"),
        "{first}"
    );

    let again = setup.import_again();
    assert!(again.contains("0 plans created, 0 updated"), "{again}");
    assert_eq!(
        active(&setup.json(&["timeline", "700177", "--json"])),
        ("2026-11-02".into(), "gateway".into())
    );
}
