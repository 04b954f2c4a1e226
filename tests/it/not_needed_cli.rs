//! "Not needed, with a reason", through the real binary: `done REF KEY
//! --not-needed --reason TEXT` marks an item the plan will not do, which
//! the timeline then shows not applicable with its reason and no report
//! counts as overdue; a statutory item is refused; `undo` takes it back
//! with a reason; `--dry-run` writes nothing.

use crate::util::{Case, item, stderr};

crate::util::setup_on_a_case!();

// Amara, looked after since 19/08/2026 on a permanent fostering plan
// started 14/10/2026: by 06/12/2026 its week-2/3 tasks are overdue.
use crate::util::fixtures::{AMARA_FOSTERING as PLANS, AMARA_IN_CARE as CHILDREN};

const REASON: &str = "Connected people ruled out at the FGC";

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("not-needed.db"));
        let out = setup.run(&["init"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let children = setup.file("children.csv", CHILDREN);
        let out = setup.run(&["import", "children", children.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let plans = setup.file("plans.csv", PLANS);
        let out = setup.run(&["import", "plans", plans.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        setup
    }

    fn timeline(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["timeline", "A1", "--json"])).unwrap()
    }

    /// Runs a command that must fail, returning what it said.
    #[track_caller]
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        stderr(&out)
    }
}

/// Fails on the code before this feature: `--not-needed` was unknown.
#[test]
fn done_takes_not_needed_with_a_reason_and_the_timeline_shows_it() {
    let setup = Setup::new();
    assert_eq!(item(&setup.timeline(), "contingencies")["status"], "overdue");
    assert!(setup.ok(&["report", "overdue"]).contains("(Contingencies"));
    let said = setup.ok(&["done", "A1", "contingencies", "--not-needed", "--reason", REASON]);
    assert!(
        said.contains("contingencies marked not needed on 06/12/2026"),
        "{said}"
    );
    assert!(said.contains("No dates move"), "{said}");
    let timeline = setup.timeline();
    let marked = item(&timeline, "contingencies");
    assert_eq!(marked["status"], "not-applicable");
    assert_eq!(marked["not_needed_reason"], REASON);
    assert_eq!(marked["target"], "2026-11-03", "its date stays as it was");
    assert!(
        marked["rule"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Not needed: {REASON} (recorded by ")),
        "{marked}"
    );
    let other = item(&timeline, "permanence-plan");
    assert!(
        other.get("not_needed_reason").is_none(),
        "the key is only where there is a reason"
    );
    let text = setup.ok(&["timeline", "A1"]);
    assert!(text.contains(&format!("Not needed: {REASON}")), "{text}");
    assert!(
        !setup.ok(&["report", "overdue"]).contains("(Contingencies"),
        "no longer overdue"
    );
    let audit = setup.ok(&["audit"]);
    assert!(audit.contains("not-needed"), "{audit}");
}

#[test]
fn not_needed_without_a_reason_names_the_flag_and_a_dry_run_writes_nothing() {
    let setup = Setup::new();
    let missing = setup.refused(&["done", "A1", "contingencies", "--not-needed"]);
    assert!(missing.contains("--reason"), "{missing}");
    let blank = setup.refused(&["done", "A1", "contingencies", "--not-needed", "--reason", "  "]);
    assert!(blank.contains("a reason is needed"), "{blank}");
    let dry = setup.ok(&[
        "done",
        "A1",
        "contingencies",
        "--not-needed",
        "--reason",
        REASON,
        "--dry-run",
    ]);
    assert!(
        dry.contains("This marks (Contingencies: Connected people/ SGO) not needed"),
        "{dry}"
    );
    assert!(dry.contains("No dates move"), "{dry}");
    assert!(dry.contains("nothing was written"), "{dry}");
    assert_eq!(item(&setup.timeline(), "contingencies")["status"], "overdue");
}

/// A case review is the law's, so statutory; a PPM is Warrington's
/// policy (section 8), refused as the policy's and never called statutory
/// (the code before said a PPM "is statutory").
#[test]
fn a_statutory_item_is_refused_naming_it() {
    let setup = Setup::new();
    let refused = setup.refused(&["done", "A1", "first-case-review", "--not-needed", "--reason", "x"]);
    assert!(refused.contains("is statutory"), "{refused}");
    assert!(
        refused.contains("a statutory duty cannot be waived by a worker"),
        "{refused}"
    );
    let refused = setup.refused(&["done", "A1", "first-ppm", "--not-needed", "--reason", "x"]);
    assert!(
        refused.contains(
            "First Permanency Planning Meeting is required by the authority's policy (a Permanence Planning Meeting, which Warrington Securing Permanence, section 8 requires), not by law: a worker cannot waive a policy requirement"
        ),
        "{refused}"
    );
    assert!(!refused.contains("statutory"), "{refused}");
    for key in ["first-case-review", "first-ppm"] {
        assert_eq!(item(&setup.timeline(), key)["status"], "breached");
    }
    let review = setup.refused(&["done", "A1", "first-case-review", "--not-needed", "--reason", "x"]);
    assert!(
        review.contains("1st Case review held"),
        "names the item: {review}"
    );
}

#[test]
fn undo_takes_a_not_needed_mark_back_with_a_reason() {
    let setup = Setup::new();
    setup.ok(&["done", "A1", "contingencies", "--not-needed", "--reason", REASON]);
    let no_reason = setup.refused(&["undo", "A1", "contingencies"]);
    assert!(no_reason.contains("needs --reason"), "{no_reason}");
    assert_eq!(
        item(&setup.timeline(), "contingencies")["status"],
        "not-applicable"
    );
    let said = setup.ok(&["undo", "A1", "contingencies", "--reason", "the FGC reconvened"]);
    assert!(said.contains("no longer marked not needed"), "{said}");
    let timeline = setup.timeline();
    assert_eq!(item(&timeline, "contingencies")["status"], "overdue");
    assert!(
        item(&timeline, "contingencies")
            .get("not_needed_reason")
            .is_none()
    );
    let audit = setup.ok(&["audit"]);
    assert!(audit.contains("withdraw-not-needed"), "{audit}");
}
