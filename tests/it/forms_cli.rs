//! The form commands' contract: kinds, templates, import with every bad
//! field named, exports with what they compute, amendments as versions,
//! and sign-offs along each form's route.

use crate::util::{permanence, run, run_with_config};
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("forms.db");
        let csv = dir.path().join("c.csv");
        std::fs::write(
            &csv,
            "ref,given_name,family_name,date_of_birth\nF1,Amara,Okafor,2019-04-03\n",
        )
        .unwrap();
        // `init` makes the tester the administrator, who adds a Director:
        // only a Director signs off a request's director step.
        ok(run(&db, &["init"]));
        ok(run(
            &db,
            &[
                "users",
                "add",
                "dora",
                "--name",
                "Dora Director",
                "--role",
                "director",
            ],
        ));
        ok(run(&db, &["import", "children", csv.to_str().unwrap()]));
        Setup { dir, db }
    }

    fn template(&self, kind: &str) -> serde_json::Value {
        serde_json::from_str(&ok(run(&self.db, &["form", "template", kind]))).unwrap()
    }

    fn import(&self, kind: &str, json: &serde_json::Value, extra: &[&str]) -> Output {
        let file = self.dir.path().join(format!("{kind}.json"));
        std::fs::write(&file, json.to_string()).unwrap();
        let mut args = vec!["form", "import", "F1", kind, file.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&self.db, &args)
    }

    /// F1's primary plan, for a PPM record to count on.
    fn adoption_plan(&self) {
        let plans = self.dir.path().join("plans.csv");
        std::fs::write(
            &plans,
            "ref,pathway,role,start,stage\nF1,adoption,primary,2026-10-05,proceedings\n",
        )
        .unwrap();
        ok(run(&self.db, &["import", "plans", plans.to_str().unwrap()]));
    }

    fn export(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&ok(run(&self.db, &["form", "export", id]))).unwrap()
    }
}

const KINDS: [&str; 5] = [
    "needs-assessment",
    "sgo-support-plan",
    "ppm-record",
    "financial-request",
    "cpr-audit",
];

#[test]
fn every_kind_has_a_template_that_imports() {
    let setup = Setup::new();
    let kinds = ok(run(&setup.db, &["form", "kinds"]));
    for kind in KINDS {
        assert!(kinds.contains(kind), "{kind} missing from kinds");
        let template = setup.template(kind);
        let id = ok(setup.import(kind, &template, &[])).trim().to_string();
        assert!(id.parse::<i64>().is_ok(), "import printed {id:?}");
        let exported = setup.export(&id);
        // As given, with the fields the template leaves to the record
        // (name, reference, date of birth) filled from F1's.
        let mut filled = template.clone();
        for (field, record) in [
            ("child_name", "Amara Okafor"),
            ("mosaic_id", "F1"),
            ("child_reference", "F1"),
            ("child_id", "F1"),
            ("child_dob", "2019-04-03"),
            ("date_of_birth", "2019-04-03"),
        ] {
            if filled.get(field).is_some() {
                assert_eq!(filled[field], serde_json::Value::Null, "{kind}: {field}");
                filled[field] = serde_json::json!(record);
            }
        }
        assert_eq!(exported["fields"], filled, "{kind}: stored as given");
        assert_eq!(exported["status"], "submitted");
        assert_eq!(exported["kind"], kind);
    }
}

#[test]
fn a_bad_form_stores_nothing_and_names_every_field() {
    let setup = Setup::new();
    let mut json = setup.template("financial-request");
    json["amount"] = serde_json::json!(10000);
    json["request_type"] = serde_json::json!("gift");
    json["colour"] = serde_json::json!("red");
    json["background"] = serde_json::Value::Null;
    let out = setup.import("financial-request", &json, &[]);
    assert_eq!(out.status.code(), Some(1));
    let problems = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "amount: write money as a string of pounds and pence",
        "request_type: gift is not one of: allowance, grant, loan",
        "colour: is not a field of the financial-request form",
        "background: is required",
        "nothing was stored",
    ] {
        assert!(problems.contains(expected), "missing {expected:?} in {problems}");
    }
    assert_eq!(
        run(&setup.db, &["form", "export", "1"]).status.code(),
        Some(1),
        "nothing was stored"
    );
}

/// A form filed for a child cannot contradict their record: the fields it
/// takes from the record (name, reference, date of birth) are checked on
/// import, and a form naming someone else is refused, naming the field,
/// what the form says and what the record says.
#[test]
fn an_imported_form_that_contradicts_the_childs_record_is_refused_naming_the_field() {
    let setup = Setup::new();
    let mut json = setup.template("needs-assessment");
    json["child_name"] = serde_json::json!("Amara Okafor");
    json["mosaic_id"] = serde_json::json!("F1");
    json["child_dob"] = serde_json::json!("2019-04-03");
    ok(setup.import("needs-assessment", &json, &[]));
    for (field, wrong, expected) in [
        (
            "child_name",
            "Amira Okafor",
            "the form says \"Amira Okafor\" but the child's record says \"Amara Okafor\"",
        ),
        (
            "mosaic_id",
            "F2",
            "the form says \"F2\" but the child's record says \"F1\"",
        ),
        (
            "child_dob",
            "2019-04-30",
            "the form says \"30/04/2019\" but the child's record says \"03/04/2019\"",
        ),
    ] {
        let mut bad = json.clone();
        bad[field] = serde_json::json!(wrong);
        let out = setup.import("needs-assessment", &bad, &[]);
        assert_eq!(out.status.code(), Some(1), "{field}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{field}: {stderr}");
        assert!(stderr.contains("nothing was stored"), "{stderr}");
    }
    assert!(
        run(&setup.db, &["form", "export", "2"]).status.code() == Some(1),
        "only the form that agrees was stored"
    );
}

#[test]
fn a_financial_request_computes_its_route_at_the_boundaries() {
    let setup = Setup::new();
    for (amount, level, dmt) in [
        ("9999.99", "head-of-service", false),
        ("10000.00", "assistant-director", false),
        ("10000.01", "assistant-director", true),
        ("20000.00", "assistant-director", true),
        ("20000.01", "director", true),
    ] {
        let mut json = setup.template("financial-request");
        json["amount"] = serde_json::json!(amount);
        json["request_type"] = serde_json::json!("grant");
        let id = ok(setup.import("financial-request", &json, &[]))
            .trim()
            .to_string();
        let exported = setup.export(&id);
        assert_eq!(exported["computed"]["approval_level"], level, "{amount}");
        assert_eq!(exported["computed"]["dmt_required"], dmt, "{amount}");
        assert_eq!(exported["fields"]["amount"], amount);
    }
}

#[test]
fn sign_offs_follow_the_route() {
    let setup = Setup::new();
    let mut json = setup.template("financial-request");
    json["amount"] = serde_json::json!("25000.00");
    // A grant goes by its amount alone; an allowance (the template's first
    // choice) goes to the Head of Service first.
    json["request_type"] = serde_json::json!("grant");
    let id = ok(setup.import("financial-request", &json, &[]))
        .trim()
        .to_string();
    let wrong = run(&setup.db, &["form", "sign", &id, "head-of-service"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr)
            .contains("not on this request's route (it needs: director, dmt)")
    );
    ok(run(
        &setup.db,
        &[
            "--as", "dora", "form", "sign", &id, "director", "--note", "agreed",
        ],
    ));
    let twice = run(&setup.db, &["--as", "dora", "form", "sign", &id, "director"]);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already recorded"));
    let exported = setup.export(&id);
    assert_eq!(exported["sign_offs"][0]["step"], "director");
    assert_eq!(exported["sign_offs"][0]["note"], "agreed");
    assert!(exported["sign_offs"][0]["by"].is_string() && exported["sign_offs"][0]["at"].is_string());

    let plan = ok(setup.import("sgo-support-plan", &setup.template("sgo-support-plan"), &[]))
        .trim()
        .to_string();
    let early = run(
        &setup.db,
        &["form", "sign", &plan, "authorised-by-service-manager"],
    );
    // Submitted, its Draft is done; who signs each step after it is
    // form_route_cli's.
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("case-manager-qa must be recorded first"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
    let exported = setup.export(&plan);
    assert_eq!(exported["computed"]["next_step"], "case-manager-qa");
}

#[test]
fn an_amendment_is_a_new_version_and_the_old_one_stays() {
    let setup = Setup::new();
    let mut json = setup.template("needs-assessment");
    json["health"] = serde_json::json!("First assessment of health.");
    let first = ok(setup.import("needs-assessment", &json, &[]))
        .trim()
        .to_string();
    json["health"] = serde_json::json!("Amended: new paediatric report.");
    let second = ok(setup.import("needs-assessment", &json, &["--amends", &first]))
        .trim()
        .to_string();
    let old = setup.export(&first);
    let new = setup.export(&second);
    assert_eq!(
        (old["version"].as_i64(), new["version"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(old["fields"]["health"], "First assessment of health.");
    assert_eq!(new["fields"]["health"], "Amended: new paediatric report.");
    let conn = rusqlite::Connection::open(&setup.db).unwrap();
    let refused = conn.execute(
        "UPDATE forms SET data = '{}' WHERE id = ?1",
        [first.parse::<i64>().unwrap()],
    );
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("a submitted form is never edited")
    );
}

#[test]
fn a_ppm_record_puts_its_decisions_on_the_timeline_and_counts_as_the_ppm() {
    let setup = Setup::new();
    setup.adoption_plan();
    let mut json = setup.template("ppm-record");
    json["meeting_date"] = serde_json::json!("2026-10-15");
    json["decisions"] = serde_json::json!([
        {"decision": "Book the adoption medical", "reason": "Needed for ADM", "responsible": "SW", "target_date": "2026-11-30"},
        {"decision": "Family finder to start profile", "reason": "", "responsible": "FF", "target_date": "2026-12-14"}
    ]);
    ok(setup.import("ppm-record", &json, &[]));
    let timeline: serde_json::Value = serde_json::from_str(&ok(run(
        &setup.db,
        &["timeline", "F1", "--json", "--as-of", "2026-11-01"],
    )))
    .unwrap();
    let items: Vec<&serde_json::Value> = timeline["plans"][0]["items"].as_array().unwrap().iter().collect();
    let medical = items
        .iter()
        .find(|i| i["title"] == "Book the adoption medical")
        .expect("the decision is an item");
    assert_eq!(medical["target"], "2026-11-30");
    assert_eq!(medical["responsible"], "SW");
    let first_ppm = items.iter().find(|i| i["key"] == "first-ppm").unwrap();
    assert_eq!(first_ppm["done_on"], "2026-10-15", "the record counts as the PPM");
}

#[test]
fn a_ppm_record_of_a_meeting_after_today_is_refused_and_stores_nothing() {
    // The binary's today is 2026-12-06: a meeting in January has not been
    // held, so it cannot count as the PPM, as `permanence record` refuses.
    let setup = Setup::new();
    setup.adoption_plan();
    let mut json = setup.template("ppm-record");
    json["meeting_date"] = serde_json::json!("2027-01-10");
    json["decisions"] = serde_json::json!([
        {"decision": "Book the adoption medical", "reason": "", "responsible": "SW", "target_date": "2027-02-01"}
    ]);
    let out = setup.import("ppm-record", &json, &[]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a future meeting was filed: {said}");
    assert!(said.contains("10/01/2027 is in the future"), "{said}");
    let timeline: serde_json::Value =
        serde_json::from_str(&ok(run(&setup.db, &["timeline", "F1", "--json"]))).unwrap();
    let items = timeline["plans"][0]["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["title"] != "Book the adoption medical"),
        "no decision became an item"
    );
    let first_ppm = items.iter().find(|i| i["key"] == "first-ppm").unwrap();
    assert!(first_ppm["done_on"].is_null(), "no PPM was recorded");
}

#[test]
fn markdown_and_html_read_like_the_paper_form() {
    let setup = Setup::new();
    let id = ok(setup.import("cpr-audit", &setup.template("cpr-audit"), &[]))
        .trim()
        .to_string();
    let md = ok(run(&setup.db, &["form", "export", &id, "--format", "md"]));
    assert!(md.starts_with("# "), "{md}");
    assert!(
        md.contains("**Child:** Amara Okafor · **Reference:** F1 · **Date of birth:** 03/04/2019"),
        "{md}"
    );
    assert!(md.contains("## "));
    let html = ok(run(&setup.db, &["form", "export", &id, "--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("Amara Okafor"));
    assert!(!html.contains("<script"));
}

/// A form command with no database and the test's own (empty) settings.
fn form_command(dir: &Path, args: &[&str]) -> String {
    let out = permanence()
        .env("PERMANENCE_CONFIG_DIR", dir.join("config"))
        .arg("--db")
        .arg(dir.join("unused.db"))
        .args(args)
        .output()
        .unwrap();
    ok(out)
}

#[test]
fn the_cpr_audits_outcome_options_are_labelled_as_the_products_own() {
    let dir = tempfile::tempdir().unwrap();
    let shown = form_command(dir.path(), &["form", "show", "cpr-audit"]);
    assert!(
        shown.contains("Transcribed from Warrington Securing Permanence (2019, reviewed 2023), Appendix 8"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "  - Outcome † * (choice: Good / Requires improvement / Inadequate)\n      Its options are this product's own (the audit form has an Outcome box but gives no options)."
        ),
        "{shown}"
    );
    // The checklist's questions and their Yes/No/Partial are its own words.
    assert!(
        shown.contains("  - Are all dates correct and consistent throughout? * (choice: Yes / No / Partial)\n  - Comments/actions required (multiline)\n"),
        "{shown}"
    );
    let json: serde_json::Value = serde_json::from_str(&form_command(
        dir.path(),
        &["form", "show", "cpr-audit", "--json"],
    ))
    .unwrap();
    assert_eq!(json["provenance"], "transcribed");
    let fields: Vec<&serde_json::Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap())
        .collect();
    let field = |id: &str| *fields.iter().find(|f| f["id"] == id).unwrap();
    assert_eq!(
        field("overall_outcome")["options_own_design"],
        "the audit form has an Outcome box but gives no options"
    );
    assert_eq!(field("overall_outcome")["own_design"], serde_json::Value::Null);
    assert_eq!(field("q8")["options_own_design"], serde_json::Value::Null);
    // The list of kinds says which form is built from guidance, not copied.
    let kinds = form_command(dir.path(), &["form", "kinds"]);
    assert!(
        kinds.contains("Built from Calderdale Process Guidance: Special Guardianship Support Plans, which gives no template"),
        "{kinds}"
    );
}

#[test]
fn a_printed_form_says_what_is_the_products_own() {
    let setup = Setup::new();
    let id = ok(setup.import("cpr-audit", &setup.template("cpr-audit"), &[]))
        .trim()
        .to_string();
    let md = ok(run(&setup.db, &["form", "export", &id, "--format", "md"]));
    assert!(
        md.contains("*Transcribed from Warrington Securing Permanence (2019, reviewed 2023), Appendix 8; parts marked † are this product's own design.*"),
        "{md}"
    );
    assert!(md.contains("**Outcome †**  \nGood"), "{md}");
    assert!(
        md.contains("## Where this form comes from\n\n- **Audit details †**: This product's own heading"),
        "{md}"
    );
    let html = ok(run(&setup.db, &["form", "export", &id, "--format", "html"]));
    assert!(html.contains("<dt>Outcome †</dt>"), "{html}");
    assert!(
        html.contains("<li><strong>Outcome †</strong>: Its options are this product's own"),
        "{html}"
    );
    assert_eq!(setup.export(&id)["provenance"], "transcribed");
}

#[test]
fn an_authoritys_form_file_that_does_not_say_where_it_comes_from_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("config").join("forms");
    std::fs::create_dir_all(&forms).unwrap();
    std::fs::write(
        forms.join("our-review.toml"),
        "kind = \"our-review\"\ntitle = \"Our review\"\nsource = \"Our own practice guidance\"\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n[[section.field]]\nid = \"f\"\nlabel = \"F\"\nkind = \"text\"\n",
    )
    .unwrap();
    let out = permanence()
        .env("PERMANENCE_CONFIG_DIR", dir.path().join("config"))
        .arg("--db")
        .arg(dir.path().join("unused.db"))
        .args(["form", "kinds"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("our-review.toml:3: provenance: missing"),
        "{stderr}"
    );
    assert!(!dir.path().join("unused.db").exists(), "nothing was created");
}

#[test]
fn an_authoritys_request_form_that_renames_amount_approves_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("forms")).unwrap();
    let own_form = config.join("forms").join("financial-request.toml");
    let shipped = include_str!("../../data/forms/financial-request.toml");
    let renamed = shipped
        .replace("id = \"amount\"", "id = \"sum\"")
        .replace("amount = \"amount\"", "amount = \"sum\"");
    std::fs::write(&own_form, &renamed).unwrap();
    let db = dir.path().join("own.db");
    let run = |args: &[&str]| run_with_config(&config, &db, args);
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "ref,given_name,family_name\nF1,Amara,Okafor\n").unwrap();
    ok(run(&["init"]));
    ok(run(&["import", "children", csv.to_str().unwrap()]));
    let built_in = Setup::new();
    for (amount, request) in [
        ("9999.99", "grant"),
        ("15000.00", "loan"),
        ("25000.00", "allowance"),
    ] {
        let mut json: serde_json::Value =
            serde_json::from_str(&ok(run(&["form", "template", "financial-request"]))).unwrap();
        json["sum"] = serde_json::json!(amount);
        json["request_type"] = serde_json::json!(request);
        let file = dir.path().join("request.json");
        std::fs::write(&file, json.to_string()).unwrap();
        let id = ok(run(&[
            "form",
            "import",
            "F1",
            "financial-request",
            file.to_str().unwrap(),
        ]));
        let own: serde_json::Value = serde_json::from_str(&ok(run(&["form", "export", id.trim()]))).unwrap();
        let mut json = built_in.template("financial-request");
        json["amount"] = serde_json::json!(amount);
        json["request_type"] = serde_json::json!(request);
        let id = ok(built_in.import("financial-request", &json, &[]));
        let shipped = built_in.export(id.trim());
        assert_eq!(own["computed"], shipped["computed"], "{amount} {request}");
        assert_eq!(own["fields"]["sum"], amount);
    }

    // Without its [behaviour] table the file would silently lose the
    // route, so it is refused.
    let start = shipped.find("[behaviour]").unwrap();
    let end = shipped.find("contract = \"contract\"\n").unwrap() + "contract = \"contract\"\n".len();
    let bare = format!("{}{}", &shipped[..start], &shipped[end..]);
    std::fs::write(&own_form, bare).unwrap();
    let out = run(&["form", "kinds"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "financial-request.toml: this file replaces the built-in financial-request form, \
             which takes part in the financial-approval behaviour"
        ),
        "{stderr}"
    );

    // A behaviour whose field is not in the form is refused with its line.
    std::fs::write(
        &own_form,
        shipped.replace("amount = \"amount\"", "amount = \"sum\""),
    )
    .unwrap();
    let out = run(&["form", "kinds"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("financial-request.toml:39: amount: \"sum\" is not a field of this form"),
        "{stderr}"
    );
}
