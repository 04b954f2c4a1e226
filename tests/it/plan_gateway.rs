//! `permanence plan gateway`: a plan an SSDA903 import counted from the
//! period of care is given its Legal Gateway decision in place, through
//! the real binary. Before saving it lists every date that moves
//! (`--dry-run` stops there); saved, the plan counts from the Gateway, its
//! done items and the first day of its record stay (what was never
//! recorded stays not known), the audit has the change, and importing the
//! same files again leaves the plan as the app set it.

use crate::util::{BINARY_TODAY, Case, audited_changes, item, stderr, stdout};
use serde_json::Value;

crate::util::setup_on_a_case!();

impl Setup {
    /// A database holding a generated authority (seed 20, 300 children).
    fn imported() -> Setup {
        Setup(Case::imported_authority("gateway.db"))
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn changes(&self) -> usize {
        audited_changes(&self.ok(&["audit", "--json"]))
    }

    fn plan(&self) -> Value {
        let timeline = self.json(&["timeline", "700177", "--json"]);
        timeline["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["status"] != "closed" && p["pathway"] == "permanent-fostering")
            .cloned()
            .unwrap_or_else(|| panic!("{timeline}"))
    }
}

// 700177 (seed 20): entered care 02/08/2014, in long-term fostering, so
// the import proposes a permanent-fostering plan counted from that day.
const GATEWAY: [&str; 6] = [
    "plan",
    "gateway",
    "700177",
    "permanent-fostering",
    "--on",
    "17/05/2014",
];

fn target(timeline: &Value, key: &str) -> String {
    item(timeline, key)["target"].as_str().unwrap().to_string()
}

#[test]
fn an_imported_plan_given_its_gateway_lists_the_moves_then_counts_from_it_and_keeps_what_was_done() {
    let setup = Setup::imported();
    // A task of 2014 the worker knows was done, marked with its day.
    setup.ok(&["done", "700177", "sw-team-assessment", "--on", "2014-08-20"]);
    let before = setup.json(&["timeline", "700177", "--json"]);
    let old_target = target(&before, "first-ppm");
    let written = setup.changes();

    let dry = setup.ok(&[&GATEWAY[..], &["--dry-run"]].concat());
    assert!(
        dry.contains(
            "from its Legal Gateway decision on 17/05/2014, not the start of the period of care on 02/08/2014"
        ),
        "{dry}"
    );
    assert!(dry.contains("stay not known unless you mark them done"), "{dry}");
    assert!(dry.contains("Dates that would move:"), "{dry}");
    let moves: Vec<&str> = dry.lines().filter(|l| l.contains('\u{2192}')).collect();
    assert!(moves.len() > 5, "{dry}");
    assert!(dry.contains("Dry run: nothing was written."), "{dry}");
    assert_eq!(setup.changes(), written);
    assert_eq!(setup.plan()["start_from"], "period-of-care");

    let saved = setup.ok(&GATEWAY);
    assert!(saved.contains("700177: saved."), "{saved}");
    assert!(saved.contains("Dates that moved:"), "{saved}");
    let plan = setup.plan();
    assert_eq!(plan["start"], "2014-05-17");
    assert_eq!(plan["start_from"], "gateway");
    assert_eq!(plan["record_from"], BINARY_TODAY, "the record's first day stays");
    let after = setup.json(&["timeline", "700177", "--json"]);
    // Every task moves with week 1, 77 days (11 weeks) earlier, give or
    // take the working day its target falls on.
    let days = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let new_target = target(&after, "first-ppm");
    let earlier = (days(&old_target) - days(&new_target)).num_days();
    assert!((74..=80).contains(&earlier), "{old_target} to {new_target}");
    let first_ppm = &format!(
        "{} \u{2192} {}",
        days(&old_target).format("%d/%m/%Y"),
        days(&new_target).format("%d/%m/%Y")
    );
    assert!(saved.contains(first_ppm.as_str()), "{saved}");
    // Never recorded: still not known. Marked done: still done.
    assert_eq!(item(&after, "first-ppm")["status"], "not-known");
    let done = item(&after, "sw-team-assessment");
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["done_on"], "2014-08-20", "{done}");
    let rule = item(&after, "first-ppm")["rule"].as_str().unwrap().to_string();
    assert!(rule.contains("Legal Gateway decision on 17/05/2014"), "{rule}");

    // One change audited: the plan's start and what it counts from.
    assert_eq!(setup.changes(), written + 1);
    let audit: Value = serde_json::from_str(&setup.ok(&["audit", "700177", "--json"])).unwrap();
    let last = audit
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["entity"] == "plan")
        .unwrap();
    let text = last.to_string();
    assert!(
        text.contains("2014-05-17") && text.contains("period-of-care"),
        "{text}"
    );

    // The return holds no Gateway: a new import does not move it back.
    let again = setup.import_again();
    assert!(again.contains("0 plans created, 0 updated"), "{again}");
    let plan = setup.plan();
    assert_eq!(
        (&plan["start"], &plan["start_from"], &plan["record_from"]),
        (&"2014-05-17".into(), &"gateway".into(), &BINARY_TODAY.into())
    );
    assert_eq!(
        item(
            &setup.json(&["timeline", "700177", "--json"]),
            "sw-team-assessment"
        )["status"],
        "done"
    );
}

#[test]
fn a_gateway_in_the_future_before_birth_or_on_no_open_plan_is_refused_and_the_same_day_is_nothing_to_do() {
    let setup = Setup::imported();
    let written = setup.changes();
    let refused = |args: &[&str], words: &str| {
        let out = setup.run(args);
        assert!(!out.status.success(), "{args:?}: {}", stdout(&out));
        let said = stderr(&out);
        assert!(said.contains(words), "{args:?}: {said}");
    };
    let with_day = |on: &'static str| {
        let mut args = GATEWAY.to_vec();
        args[5] = on;
        args
    };
    refused(&with_day("07/12/2026"), "is in the future");
    refused(&with_day("01/01/1990"), "before the child's date of birth");
    refused(
        &["plan", "gateway", "700177", "adoption", "--on", "17/05/2014"],
        "has no adoption plan",
    );
    refused(&with_day("31/02/2014"), "--on");
    refused(
        &["plan", "gateway", "999999", "adoption", "--on", "17/05/2014"],
        "no child has the reference 999999",
    );
    assert_eq!(setup.changes(), written, "nothing was written");

    setup.ok(&GATEWAY);
    let once = setup.changes();
    let again = setup.run(&GATEWAY);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again)
            .contains("already counts from its Legal Gateway decision on 17/05/2014; nothing to do"),
        "{}",
        stdout(&again)
    );
    assert_eq!(setup.changes(), once);
}
