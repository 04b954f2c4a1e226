//! Issue 15's date rules through the real binary, as a worker meets them:
//! each plan's own clock, conditions from the plan's history, final
//! orders concluding proceedings, rows counted from their own events, the
//! seed's notes, and Appendix 10's age rule for a supervision order.

use crate::util::{Case, stderr};
use std::process::Output;

crate::util::setup_on_a_case!();

/// Children: A1 (no date looked after), P2 (for pre-proceedings), S3
/// (born 10/01/2008, 17 on 10/01/2025), and C4 (born 10/01/2009).
const CHILDREN: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
     A1,Amara,Okafor,2022-03-01,ico,\n\
     P2,Priya,Shah,2021-05-05,,\n\
     S3,Sam,Turner,2008-01-10,,\n\
     C4,Cara,Lewis,2009-01-10,,\n";

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("dates.db"));
        // Where a database must be created first (`permanence init`), make
        // it; where the command does not exist, importing creates it.
        let _ = setup.run(&["init"]);
        let children = setup.file("children.csv", CHILDREN);
        let out = setup.run(&["import", "children", children.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        setup
    }

    fn plans(&self, rows: &str) -> Output {
        let file = self.file("plans.csv", &format!("ref,pathway,role,start,stage\n{rows}"));
        self.run(&["import", "plans", file.to_str().unwrap()])
    }

    fn record(&self, reference: &str, event: &str, on: &str) {
        self.ok(&["record", reference, event, "--on", on]);
    }

    fn timeline(&self, reference: &str, as_of: &str) -> serde_json::Value {
        let out = self.ok(&["timeline", reference, "--json", "--as-of", as_of]);
        serde_json::from_str(&out).unwrap()
    }
}

fn items(timeline: &serde_json::Value) -> Vec<&serde_json::Value> {
    timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .collect()
}

fn item<'a>(timeline: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    items(timeline)
        .into_iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

fn late(timeline: &serde_json::Value) -> Vec<String> {
    items(timeline)
        .into_iter()
        .filter(|i| i["status"] == "overdue" || i["status"] == "breached")
        .map(|i| format!("{} {}", i["key"], i["status"]))
        .collect()
}

#[test]
fn an_adoption_plan_counts_from_its_own_gateway_not_the_childs_first() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,01/09/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    setup.record("A1", "gateway", "06/01/2025");
    setup.record("A1", "gateway", "01/09/2025");
    let timeline = setup.timeline("A1", "2025-09-01");
    assert_eq!(
        late(&timeline),
        Vec::<String>::new(),
        "nothing is late on the plan's first day"
    );
    let application = item(&timeline, "gateway-application");
    assert_eq!(application["target"], "2025-09-05", "end of its own week 1");
    assert_eq!(
        application["counted_from"],
        serde_json::json!({"event": "gateway", "on": "2025-09-01"})
    );
}

#[test]
fn a_second_pre_proceedings_period_is_not_judged_from_the_first() {
    let setup = Setup::new();
    let out = setup.plans("P2,pre-proceedings,primary,02/03/2026,pre-proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    setup.record("P2", "gateway", "03/03/2025");
    setup.record("P2", "gateway", "02/03/2026");
    setup.record("P2", "second-period", "02/03/2026");
    let timeline = setup.timeline("P2", "2026-03-02");
    let max = item(&timeline, "maximum-26-weeks");
    assert_eq!(max["status"], "open", "{max}");
    assert_eq!(max["deadline"], "2026-08-28");
    assert_eq!(item(&timeline, "second-period-assessments")["status"], "open");
    assert_eq!(late(&timeline), Vec::<String>::new());
}

#[test]
fn a_placement_order_concludes_proceedings() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,06/01/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    setup.record("A1", "issue", "03/02/2025");
    setup.record("A1", "placement-order", "01/07/2025");
    let timeline = setup.timeline("A1", "2025-12-01");
    let concluded = item(&timeline, "proceedings-concluded");
    assert_eq!(concluded["status"], "done", "{concluded}");
    assert_eq!(concluded["done_on"], "2025-07-01");
    assert_eq!(item(&timeline, "po-granted")["status"], "done");
}

#[test]
fn care_proceedings_rows_stay_applicable_after_the_stage_moves_on() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,06/01/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    setup.record("A1", "issue", "20/01/2025");
    setup.record("A1", "placement-order", "01/07/2025");
    // After the order, the plan's stage is moved to looked after.
    let out = setup.plans("A1,adoption,primary,06/01/2025,looked-after\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = setup.timeline("A1", "2025-09-01");
    assert_eq!(timeline["plans"][0]["stage"], "looked-after");
    for key in ["adm-shobpa", "cpr-qa-audit", "final-care-plan-submitted"] {
        let row = item(&timeline, key);
        assert_ne!(row["status"], "not-applicable", "{key}: {row}");
    }
}

#[test]
fn profiling_counts_from_shobpa_once_it_is_recorded() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,06/01/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let before = setup.timeline("A1", "2025-04-14");
    let profile = item(&before, "family-finding-profile");
    assert_eq!(
        profile["target"], "2025-05-16",
        "the table's week 19 until SHOBPA is recorded"
    );
    assert_eq!(profile["counted_from"], serde_json::Value::Null);

    setup.record("A1", "shobpa", "14/04/2025");
    let after = setup.timeline("A1", "2025-04-14");
    let profile = item(&after, "family-finding-profile");
    assert_eq!(profile["target"], "2025-04-28", "two weeks after ADM (SHOBPA)");
    assert_eq!(
        profile["counted_from"],
        serde_json::json!({"event": "shobpa", "on": "2025-04-14"})
    );
}

#[test]
fn no_matching_panel_is_due_while_no_adopter_is_identified() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,06/01/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = setup.timeline("A1", "2025-12-01");
    assert_eq!(item(&timeline, "matching-panel")["status"], "not-applicable");

    setup.record("A1", "adopter-identified", "02/06/2025");
    setup.record("A1", "shortlisting", "09/06/2025");
    let timeline = setup.timeline("A1", "2025-06-09");
    let panel = item(&timeline, "matching-panel");
    assert_eq!(panel["target"], "2025-07-21", "within 6 weeks of shortlisting");
    assert_eq!(panel["counted_from"]["event"], "shortlisting");
}

#[test]
fn the_seeds_notes_are_in_the_json_and_pathways_show() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption,primary,06/01/2025,proceedings\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = setup.timeline("A1", "2025-01-06");
    assert_eq!(
        item(&timeline, "inter-agency-family-finding")["note"],
        "When placement identified process as per week 27 to week 34."
    );
    let plain = item(&timeline, "gateway-application");
    assert!(plain.as_object().unwrap().contains_key("note"));
    assert_eq!(plain["note"], serde_json::Value::Null);
    assert!(plain.as_object().unwrap().contains_key("counted_from"));

    let show = setup.ok(&["pathways", "show", "supervision-order"]);
    assert!(
        show.contains("The source says: this review will be chaired by a Service Manager."),
        "{show}"
    );
    assert!(show.contains("No Permanence Planning Meetings"), "{show}");
}

#[test]
fn the_first_ppm_holds_on_the_contingency_too() {
    let setup = Setup::new();
    let out = setup.plans(
        "A1,adoption,primary,06/01/2025,proceedings\nA1,permanent-fostering,contingency,06/01/2025,proceedings\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    setup.record("A1", "ppm", "15/01/2025");
    let timeline = setup.timeline("A1", "2025-03-01");
    for plan in timeline["plans"].as_array().unwrap() {
        let first = plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "first-ppm")
            .unwrap();
        assert_eq!(first["status"], "done", "{}: {first}", plan["pathway"]);
        assert_eq!(first["done_on"], "2025-01-15");
    }
}

#[test]
fn no_supervision_order_for_a_child_of_seventeen() {
    let setup = Setup::new();
    // Sam is 17 from 10/01/2025.
    let out = setup.plans("S3,supervision-order,primary,02/06/2025,looked-after\n");
    assert!(!out.status.success(), "refused");
    let message = stderr(&out);
    assert!(message.contains("Sam Turner (S3)"), "{message}");
    assert!(
        message.contains(
            "No Supervision Order may be made with respect to a child who has reached the age of seventeen (or sixteen, in the case of a child who is married)."
        ),
        "{message}"
    );
    let timeline = setup.timeline("S3", "2025-06-02");
    assert_eq!(
        timeline["plans"].as_array().unwrap().len(),
        0,
        "nothing was written"
    );

    // Cara's plan begins at 16; the order itself is recorded after her
    // seventeenth birthday on 10/01/2026.
    let out = setup.plans("C4,supervision-order,primary,01/12/2025,looked-after\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = setup.run(&["record", "C4", "order-made", "--on", "12/01/2026"]);
    assert!(!out.status.success(), "refused");
    let message = stderr(&out);
    assert!(
        message.contains("C4: a supervision order cannot be recorded"),
        "{message}"
    );
    assert!(message.contains("the child was 17 on 12/01/2026"), "{message}");
    assert!(message.contains("married"), "{message}");
    let timeline = setup.timeline("C4", "2026-01-12");
    assert_eq!(
        item(&timeline, "maximum-12-months")["deadline"],
        serde_json::Value::Null,
        "no order recorded"
    );
    // At 16 it is recorded.
    setup.record("C4", "order-made", "01/12/2025");
}

#[test]
fn appendix_7_is_not_a_plan_a_child_can_be_put_on() {
    let setup = Setup::new();
    let out = setup.plans("A1,adoption-tasks,primary,06/01/2025,proceedings\n");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("\"adoption-tasks\" is not a pathway"),
        "{}",
        stderr(&out)
    );
    let show = setup.ok(&["pathways", "show", "adoption-tasks"]);
    assert!(show.contains("not a plan a child is put on"), "{show}");
    // Each role's part shows with the adoption item it belongs to.
    let show = setup.ok(&["pathways", "show", "adoption"]);
    assert!(
        show.contains("Family finder: Together 4 Adoption Panel Advisor will provide agency advice"),
        "{show}"
    );
}

#[test]
fn pathways_check_refuses_a_row_counted_from_no_event() {
    let setup = Setup::new();
    let bad = setup.file(
        "bad.toml",
        "name = \"bad\"\ntitle = \"Bad\"\nsource = \"Here\"\ncounted_from = \"gateway\"\n\n\
         [[item]]\nkey = \"a\"\nweek = \"19\"\ntitle = \"Profiled two weeks after ADM\"\n\
         counts_from = { event = \"adm\", within = \"2 weeks\" }\n",
    );
    let out = setup.run(&["pathways", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.toml:10: counts_from.event: \"adm\" is not an event"),
        "{}",
        stderr(&out)
    );
}
