//! The trackers' cohorts, categories and approval routes as the seeds
//! state them, met as a user meets them: `permanence report tracker NAME`
//! and `permanence form ...` through the real binary, on a hand-built
//! caseload whose every child is there to be in or out of one cohort.

use crate::util::run_with_config;
use chrono::NaiveDate;
use permanence::domain::cohort::Tracker;
use permanence::store::Store;
use std::path::{Path, PathBuf};

/// The day every report is run for.
const AS_OF: &str = "2026-11-23";

fn ok(db: &Path, config: &Path, args: &[&str]) -> String {
    let output = run_with_config(config, db, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

struct Caseload {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Caseload {
    /// A database holding `children` (CSV with a header line), `plans`
    /// (likewise) and `events` (reference, event, date).
    fn new(children: &str, plans: &str, events: &[(&str, &str, &str)]) -> Caseload {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cohorts.db");
        let config = dir.path().join("config");
        std::fs::create_dir_all(&config).unwrap();
        // A database is made by `init` where the binary has it; where it
        // does not (yet), the first import makes it, so either way the
        // caseload below lands in a new database of its own.
        let _ = run_with_config(&config, &db, &["init"]);
        let file = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let children = file("children.csv", children);
        ok(&db, &config, &["import", "children", children.to_str().unwrap()]);
        if !plans.is_empty() {
            let plans = file("plans.csv", plans);
            ok(&db, &config, &["import", "plans", plans.to_str().unwrap()]);
        }
        for (reference, event, on) in events {
            ok(&db, &config, &["record", reference, event, "--on", on]);
        }
        Caseload { dir, db }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn ok(&self, args: &[&str]) -> String {
        ok(&self.db, &self.config(), args)
    }

    /// The tracker's rows as JSON objects.
    fn tracker(&self, name: &str) -> Vec<serde_json::Value> {
        let text = self.ok(&["report", "tracker", name, "--as-of", AS_OF, "--format", "json"]);
        serde_json::from_str(&text).unwrap()
    }

    fn table(&self, name: &str) -> String {
        self.ok(&["report", "tracker", name, "--as-of", AS_OF])
    }
}

fn refs(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["ref"].as_str().unwrap().to_string())
        .collect()
}

fn row<'a>(rows: &'a [serde_json::Value], reference: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["ref"] == reference)
        .unwrap_or_else(|| panic!("{reference} is not listed: {rows:?}"))
}

/// Leicestershire: "All cases within the CIC Service are RAG rated by the
/// CIC Team Managers and presented to the SGO Review Group", to find
/// those in long-term foster care for whom an SGO can be achieved.
#[test]
fn the_sgo_review_group_is_every_child_in_care_and_not_those_already_on_sgos() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth,legal_status,placement_type,looked_after_since\n\
         LTF1,Long,Term,2014-05-01,co,Long-term foster care,2020-03-01\n\
         KIN1,Kinship,Care,2017-02-01,co,Connected person foster care,2022-06-01\n\
         ACC1,Accommodated,Child,2012-09-09,s20,Foster care,2025-01-10\n\
         SGO1,Already,Guardian,2016-01-01,sgo,Special guardianship,\n\
         HOME1,At,Home,2018-01-01,none,,\n",
        "ref,pathway,role,start,stage\n\
         SGO1,special-guardianship,primary,2024-01-08,looked-after\n",
        &[],
    );
    let rows = caseload.tracker("sgo-review");
    assert_eq!(refs(&rows), ["ACC1", "KIN1", "LTF1"], "{rows:?}");
    assert!(
        caseload
            .table("sgo-review")
            .contains("All cases within the CIC Service are RAG rated"),
        "the rule is said with the seed's words"
    );
}

/// Warrington 11.5: "any young person in care, which is aged 16 or above".
#[test]
fn the_sixteen_plus_tracker_is_young_people_in_care_aged_sixteen_or_more() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth,legal_status,placement_type,looked_after_since\n\
         CARE16,In,Care,2010-01-01,co,Foster care,2019-01-01\n\
         S20,Accommodated,Sixteen,2009-06-01,s20,Residential,2025-06-01\n\
         HOME16,At,Home,2009-01-01,none,,\n\
         SUP16,Supervision,Order,2010-02-02,so,,\n\
         YOUNG,Fifteen,Incare,2011-01-01,co,Foster care,2019-01-01\n",
        "",
        &[],
    );
    let rows = caseload.tracker("sixteen-plus");
    assert_eq!(refs(&rows), ["CARE16", "S20"], "{rows:?}");
    assert!(
        caseload
            .table("sixteen-plus")
            .contains("any young person in care, which is aged 16 or above"),
    );
}

/// Telford: the Securing Permanence Group tracks children "subject of a
/// Placement Order for 9 months or longer" and considers "the overall
/// plan for the child". An order whose date is not recorded is not known
/// to be 9 months old: it is listed so, never as 9 months.
#[test]
fn the_placement_order_tracker_says_when_the_date_is_not_recorded_and_shows_the_plan() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth,legal_status\n\
         PO1,Undated,Order,2023-03-03,po\n\
         PO2,Ten,Months,2022-04-04,po\n\
         PO3,Two,Months,2024-05-05,po\n",
        "ref,pathway,role,start,stage\n\
         PO1,adoption,primary,2025-01-06,looked-after\n\
         PO2,adoption,primary,2025-02-03,looked-after\n\
         PO3,adoption,primary,2025-09-01,looked-after\n",
        &[
            ("PO2", "placement-order", "2026-01-05"),
            ("PO3", "placement-order", "2026-09-21"),
        ],
    );
    let rows = caseload.tracker("placement-orders");
    assert_eq!(refs(&rows), ["PO1", "PO2"], "{rows:?}");
    assert_eq!(row(&rows, "PO1")["placement_order"], "date not recorded");
    assert!(row(&rows, "PO1")["months"].is_null());
    assert_eq!(row(&rows, "PO2")["placement_order"], "2026-01-05");
    assert_eq!(row(&rows, "PO2")["months"], 10);
    assert_eq!(row(&rows, "PO1")["plan"], "adoption");
    let table = caseload.table("placement-orders");
    assert!(table.contains("date not recorded"), "{table}");
    assert!(table.contains("Plan"), "{table}");
}

/// Telford: "children subject of Care Orders who have been in care for 12
/// months or longer ... potentially suitable to be formally matched with
/// their current long term carer".
#[test]
fn telfords_care_orders_in_care_twelve_months_or_more_are_a_cohort() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth,legal_status,placement_type,looked_after_since\n\
         CO12,Twelve,Months,2015-01-01,co,Long-term foster care,2025-11-23\n\
         CO11,Eleven,Months,2015-01-01,co,Foster care,2025-11-24\n\
         HOME,Placed,Home,2015-01-01,co,Placed with parents,2020-01-01\n\
         S20,Accommodated,Long,2015-01-01,s20,Foster care,2020-01-01\n",
        "",
        &[],
    );
    let rows = caseload.tracker("care-orders-12-months");
    assert_eq!(refs(&rows), ["CO12"], "{rows:?}");
    assert_eq!(row(&rows, "CO12")["months"], 12);
    assert!(
        caseload
            .table("care-orders-12-months")
            .contains("formally matched with their current long term carer")
    );
}

/// Stockton: "41 children in the process of transition to SGO ... 27 are
/// not able to covert at this time as children need continued oversight
/// under CIOC; 42 need further work competing with current carers ...; 41
/// children are currently subject to Proceedings ...; 17 Children have
/// twin tracked plans of reunification". The two the record cannot show
/// are the panel's decisions, recorded at its meeting.
#[test]
fn the_kinship_tracker_sorts_into_all_five_of_stocktons_categories() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth,legal_status,placement_type,looked_after_since\n\
         KT,In,Transition,2016-01-01,co,Connected person foster care,2022-01-01\n\
         KP,In,Proceedings,2016-01-01,ico,Connected person foster care,2026-05-01\n\
         KR,Twin,Tracked,2016-01-01,co,Connected person foster care,2022-01-01\n\
         KC,Cannot,Convert,2016-01-01,co,Connected person foster care,2022-01-01\n\
         KW,Further,Work,2016-01-01,co,Connected person foster care,2022-01-01\n\
         KN,Not,Yet,2016-01-01,co,Connected person foster care,2022-01-01\n\
         KA,Arrangements,Order,2016-01-01,cao,Connected person foster care,\n",
        "ref,pathway,role,start,stage\n\
         KT,special-guardianship,primary,2026-01-05,looked-after\n\
         KP,special-guardianship,primary,2026-05-04,proceedings\n\
         KR,special-guardianship,primary,2026-01-05,looked-after\n\
         KR,reunification,contingency,2026-01-05,looked-after\n",
        &[],
    );
    // The SGO Panel's decisions for two children, as its meeting records them.
    {
        let mut store = Store::open(&caseload.db).unwrap();
        let held = NaiveDate::from_ymd_opt(2026, 11, 9).unwrap();
        let kc = store.child_id("KC").unwrap().unwrap();
        let kw = store.child_id("KW").unwrap().unwrap();
        store
            .write(|w| {
                let meeting = w.start_meeting(Tracker::Kinship, held, &[kc, kw])?;
                w.record_meeting_stage(meeting, kc, "Cannot convert now; needs continued oversight")?;
                w.record_meeting_stage(meeting, kw, "Needs further work with carers")
            })
            .unwrap();
    }
    let rows = caseload.tracker("kinship");
    let category = |reference: &str| row(&rows, reference)["category"].as_str().unwrap().to_string();
    assert_eq!(category("KT"), "In transition to SGO");
    assert_eq!(category("KP"), "In proceedings, possible step-down to SGO");
    assert_eq!(category("KR"), "Twin-tracked for reunification");
    assert_eq!(category("KC"), "Cannot convert now, needs continued oversight");
    assert_eq!(category("KW"), "Needs further work with carers");
    assert_eq!(category("KN"), "Not yet categorised");
    // A Child Arrangements Order has converted the arrangement: out of care.
    assert_eq!(refs(&rows), ["KC", "KN", "KP", "KR", "KT", "KW"]);
}

/// Leicestershire: an allowance's needs-led assessment "is then submitted
/// to the Head of Service and then Assistant Director for a final
/// decision"; a grant or loan goes by its amount.
#[test]
fn an_sgo_allowance_goes_to_the_head_of_service_and_then_the_assistant_director() {
    let caseload = Caseload::new(
        "ref,given_name,family_name,date_of_birth\nF1,Amara,Okafor,2019-04-03\n",
        "",
        &[],
    );
    let template: serde_json::Value =
        serde_json::from_str(&caseload.ok(&["form", "template", "financial-request"])).unwrap();
    let import = |request_type: &str, amount: &str| {
        let mut json = template.clone();
        json["request_type"] = serde_json::json!(request_type);
        json["amount"] = serde_json::json!(amount);
        json["contract"] = serde_json::json!(false);
        let file = caseload.dir.path().join("request.json");
        std::fs::write(&file, json.to_string()).unwrap();
        caseload
            .ok(&[
                "form",
                "import",
                "F1",
                "financial-request",
                file.to_str().unwrap(),
            ])
            .trim()
            .to_string()
    };
    let export = |id: &str| -> serde_json::Value {
        serde_json::from_str(&caseload.ok(&["form", "export", id])).unwrap()
    };
    let allowance = import("allowance", "5000.00");
    let computed = &export(&allowance)["computed"];
    assert_eq!(
        computed["sign_offs_needed"],
        serde_json::json!(["head-of-service", "assistant-director"]),
        "{computed}"
    );
    assert_eq!(
        computed["approval_level"], "assistant-director",
        "the final decision"
    );
    // The Assistant Director decides after the Head of Service, not before.
    let early = run_with_config(
        &caseload.config(),
        &caseload.db,
        &["form", "sign", &allowance, "assistant-director"],
    );
    assert!(!early.status.success());
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("head-of-service must be recorded first"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
    // A grant of the same amount is the Head of Service's alone.
    let grant = import("grant", "5000.00");
    assert_eq!(
        export(&grant)["computed"]["sign_offs_needed"],
        serde_json::json!(["head-of-service"])
    );
    // Appendix D: "Over £20,000 to be signed off by Director", allowances too.
    let large = import("allowance", "20000.01");
    assert_eq!(
        export(&large)["computed"]["sign_offs_needed"],
        serde_json::json!(["head-of-service", "assistant-director", "director"])
    );
}
