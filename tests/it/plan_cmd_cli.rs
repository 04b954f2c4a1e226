//! `permanence plan start`, `primary` and `close` through the real binary:
//! a case taken from its Gateway to an order without a CSV file.

use crate::util::{Case, stderr, stdout};
use std::process::Output;

crate::util::setup_on_a_case!();

impl Setup {
    /// Amara, looked after, with a Legal Gateway decision on 14/10/2026.
    fn new() -> Setup {
        let setup = Setup(Case::new("plan-cmd.db"));
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2026-08-19\n",
        );
        assert!(setup.run(&["init"]).status.success());
        let out = setup.run(&["import", "children", children.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        setup.ok(&["record", "A1", "gateway", "--on", "2026-10-14"]);
        setup
    }

    fn plans(&self) -> serde_json::Value {
        let out = self.run(&["timeline", "A1", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn refused(out: &Output) -> String {
    assert!(!out.status.success(), "refused: {}", stdout(out));
    stderr(out)
}

#[test]
fn a_plan_is_started_from_the_gateway_made_primary_and_closed() {
    let setup = Setup::new();
    let dry = setup.ok(&[
        "plan",
        "start",
        "A1",
        "--pathway",
        "reunification",
        "--role",
        "primary",
        "--dry-run",
    ]);
    assert!(dry.contains("week 1 beginning 14/10/2026"), "{dry}");
    assert!(dry.contains("reunification plan starts: "), "{dry}");
    assert!(dry.ends_with("Dry run: nothing was written.\n"), "{dry}");
    assert_eq!(
        setup.plans()["plans"].as_array().unwrap().len(),
        0,
        "a dry run writes nothing"
    );
    setup.ok(&[
        "plan",
        "start",
        "A1",
        "--pathway",
        "reunification",
        "--role",
        "primary",
    ]);
    let second = setup.run(&[
        "plan",
        "start",
        "A1",
        "--pathway",
        "special-guardianship",
        "--role",
        "primary",
    ]);
    assert!(
        refused(&second).contains("A1: this child already has a primary plan (reunification)"),
        "{}",
        stderr(&second)
    );
    setup.ok(&[
        "plan",
        "start",
        "A1",
        "--pathway",
        "special-guardianship",
        "--role",
        "contingency",
    ]);
    let primary = setup.ok(&[
        "plan",
        "primary",
        "A1",
        "special-guardianship",
        "--close-old",
        "--on",
        "2026-12-01",
    ]);
    assert!(
        primary.contains("reunification plan closes on 01/12/2026 (plan changed)"),
        "{primary}"
    );
    let plans = setup.plans();
    let plans = plans["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 1, "the timeline counts the active plan: {plans:?}");
    assert_eq!(
        (plans[0]["pathway"].as_str(), plans[0]["role"].as_str()),
        (Some("special-guardianship"), Some("primary"))
    );
    let closed = setup.ok(&[
        "plan",
        "close",
        "A1",
        "special-guardianship",
        "--outcome",
        "order-made",
        "--on",
        "2026-12-04",
    ]);
    assert!(
        closed.contains("closes the special-guardianship plan on 04/12/2026 (order made)"),
        "{closed}"
    );
    let again = setup.run(&[
        "plan",
        "close",
        "A1",
        "special-guardianship",
        "--outcome",
        "ceased",
    ]);
    assert_eq!(
        refused(&again).trim_end(),
        "permanence: A1: the special-guardianship plan is already closed; nothing was changed"
    );
    // The chronology says the day each plan ended, not the day it was typed.
    let chronology = setup.ok(&["chronology", "A1"]);
    assert!(chronology.contains("01/12/2026"), "{chronology}");
    let audit = setup.ok(&["audit", "A1"]);
    let closes = audit
        .lines()
        .filter(|l| l.split_whitespace().nth(3) == Some("close"))
        .count();
    assert_eq!(closes, 2, "each plan's close is audited: {audit}");
}

#[test]
fn a_plan_close_names_what_it_needs() {
    let setup = Setup::new();
    let outcome = setup.run(&["plan", "close", "A1", "adoption", "--outcome", "adopted"]);
    assert!(
        refused(&outcome).contains("--outcome: \"adopted\" is not one of order-made, plan-changed, ceased"),
        "{}",
        stderr(&outcome)
    );
    let none = setup.run(&["plan", "close", "A1", "adoption", "--outcome", "ceased"]);
    assert!(
        refused(&none).contains("A1: this child has no adoption plan (active plans: none)"),
        "{}",
        stderr(&none)
    );
    let pathway = setup.run(&[
        "plan",
        "start",
        "A1",
        "--pathway",
        "adoptoin",
        "--role",
        "primary",
    ]);
    assert!(
        refused(&pathway).contains("\"adoptoin\" is not a pathway (pathways: "),
        "{}",
        stderr(&pathway)
    );
}

/// The bug: with the primary plan closed and a contingency left, the
/// timeline followed no case reviews, visits or PPMs at all, so a
/// looked-after child's statutory review could pass without a word.
#[test]
fn closing_the_primary_leaves_the_reviews_followed_on_the_remaining_plan() {
    let setup = Setup::new();
    for (pathway, role) in [("special-guardianship", "primary"), ("adoption", "contingency")] {
        setup.ok(&["plan", "start", "A1", "--pathway", pathway, "--role", role]);
    }
    let reviews = |plans: &serde_json::Value| -> Vec<(String, String)> {
        plans["plans"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["items"].as_array().unwrap().iter())
            .filter(|i| i["key"].as_str().unwrap().contains("case-review") && !i["deadline"].is_null())
            .map(|i| (i["key"].to_string(), i["deadline"].to_string()))
            .collect()
    };
    let before = reviews(&setup.plans());
    assert!(
        !before.is_empty(),
        "looked after since 19/08/2026: reviews are due"
    );
    let closed = setup.ok(&[
        "plan",
        "close",
        "A1",
        "special-guardianship",
        "--outcome",
        "plan-changed",
        "--on",
        "2026-12-01",
    ]);
    assert!(
        closed.contains("the case reviews, visits and PPMs are followed on the adoption plan"),
        "{closed}"
    );
    let after = setup.plans();
    assert_eq!(after["plans"].as_array().unwrap().len(), 1);
    assert_eq!(after["plans"][0]["pathway"], "adoption");
    assert_eq!(reviews(&after), before, "the same reviews, on the same dates");
}
