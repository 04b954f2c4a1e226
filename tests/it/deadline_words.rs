//! Only a deadline the law sets is called statutory, through the real
//! binary: a Permanence Planning Meeting's date is Warrington's policy
//! (Securing Permanence, section 8), so the calendar feed calls it a
//! "Policy deadline" where a case review's is a "Statutory deadline"; the
//! overdue report names neither; and marking the PPM not needed is
//! refused as the policy's. The code before called every deadline
//! statutory ("Statutory deadline: 28/10/2026" on the first PPM).

use crate::util::{Case, item, stderr};

crate::util::setup_on_a_case!();

// Amara, looked after since 19/08/2026 on a permanent fostering plan
// started (with its Gateway) on 14/10/2026: by 06/12/2026 her first case
// review (17/09/2026) and first PPM (28/10/2026) are both past.
use crate::util::fixtures::{AMARA_FOSTERING as PLANS, AMARA_IN_CARE as CHILDREN};

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("deadline-words.db"));
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

    /// Each calendar entry's summary and description, lines unfolded.
    fn entries(&self) -> Vec<(String, String)> {
        let feed = self.ok(&["ics"]).replace("\r\n ", "").replace("\r\n", "\n");
        let field = |event: &str, name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        feed.split("BEGIN:VEVENT")
            .skip(1)
            .map(|event| (field(event, "SUMMARY:"), field(event, "DESCRIPTION:")))
            .collect()
    }
}

#[test]
fn the_calendar_calls_a_ppms_date_a_policy_deadline_and_a_reviews_statutory() {
    let setup = Setup::new();
    let entries = setup.entries();
    let of = |title: &str| -> &str {
        entries
            .iter()
            .find(|(summary, _)| summary.starts_with(&format!("A1: {title}")))
            .map(|(_, description)| description.as_str())
            .unwrap_or_else(|| panic!("no entry {title}: {entries:#?}"))
    };
    let ppm = of("First Permanency Planning Meeting");
    assert!(ppm.ends_with("\\nPolicy deadline: 28/10/2026"), "{ppm}");
    assert!(!ppm.contains("tatutory"), "{ppm}");
    let review = of("1st Case review held");
    assert!(review.ends_with("\\nStatutory deadline: 17/09/2026"), "{review}");
    // A second feed, read from the timelines the first one stored, the same.
    assert_eq!(setup.entries(), entries);
}

#[test]
fn the_overdue_report_lists_the_ppm_without_calling_it_statutory() {
    let setup = Setup::new();
    let report = setup.ok(&["report", "overdue"]);
    let ppm = report
        .lines()
        .find(|l| l.contains("First Permanency Planning Meeting"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(ppm.contains("28/10/2026  28/10/2026  breached"), "{ppm}");
    assert!(!report.contains("tatutory"), "{report}");
}

/// `timeline --json` says who sets each deadline, so a tool reading it
/// need not guess from the rule's words.
#[test]
fn the_timeline_says_who_sets_each_deadline() {
    let setup = Setup::new();
    let timeline: serde_json::Value = serde_json::from_str(&setup.ok(&["timeline", "A1", "--json"])).unwrap();
    assert_eq!(item(&timeline, "first-ppm")["deadline_set_by"], "policy");
    assert_eq!(item(&timeline, "first-case-review")["deadline_set_by"], "law");
    assert!(item(&timeline, "contingencies").get("deadline_set_by").is_none());
}

/// `pathways show` calls each deadline by who sets it, as every other
/// screen does (it said only "deadline"): the supervision order's 12
/// months are the law's (Children Act 1989, Schedule 3, paragraph 6), its
/// midway review the authority's policy.
#[test]
fn pathways_show_says_who_sets_each_deadline() {
    let setup = Setup::new();
    let show = setup.ok(&["pathways", "show", "supervision-order"]);
    let line = |key: &str| {
        show.lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("no {key} in {show}"))
            .to_string()
    };
    assert!(
        line("maximum-12-months").contains("[statutory deadline]"),
        "{show}"
    );
    assert!(
        line("midway-review").contains("[policy deadline; Service Manager]"),
        "{show}"
    );
}
