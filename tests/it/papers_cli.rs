//! A child's papers from the command line, as a worker preparing for the
//! Legal Gateway or the CPR uses them: `chronology` (export, add, mark),
//! `gateway` (panel, ticks, deadline) and `genogram`/`family`.

use crate::util::{Case, stderr};

crate::util::setup_on_a_case!();

impl Setup {
    /// Amara, looked after since 19/12/2024, with a Gateway decision, a
    /// PPM and a case review recorded.
    fn new() -> Setup {
        let setup = Setup(Case::new("papers.db"));
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,gender,legal_status,looked_after_since,sibling_group\n\
             A1,Amara,Okafor,2022-03-01,female,ico,2024-12-19,SG1\n\
             K2,Kemi,Okafor,2019-07-11,female,ico,2024-12-19,SG1\n",
        );
        setup.ok(&["init"]);
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        for (event, on) in [
            ("gateway", "2024-11-20"),
            ("ppm", "2025-01-08"),
            ("case-review", "2025-01-15"),
        ] {
            setup.ok(&["record", "A1", event, "--on", on]);
        }
        setup
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

#[test]
fn the_chronology_holds_each_recorded_event_once_with_written_entries_flagged() {
    let setup = Setup::new();
    let added = setup.ok(&[
        "chronology",
        "add",
        "A1",
        "--on",
        "2024-12-01",
        "--what",
        "Police called to the family home after a neighbour's report",
        "--kind",
        "concern",
        "--source",
        "police report",
    ]);
    assert!(added.contains("(unverified)"), "{added}");
    // Recording the PPM again on the same day changes nothing.
    setup.ok(&["record", "A1", "ppm", "--on", "2025-01-08"]);
    let entries = setup.json(&["chronology", "A1", "--format", "json"]);
    let entries = entries.as_array().unwrap();
    let keys: Vec<&str> = entries.iter().map(|e| e["key"].as_str().unwrap()).collect();
    // Looked after since 19/12/2024 on the record, and recorded as an
    // event too: still one entry.
    setup.ok(&["record", "A1", "looked-after", "--on", "2024-12-19"]);
    for key in [
        "event:gateway:2024-11-20",
        "event:looked-after:2024-12-19",
        "event:ppm:2025-01-08",
        "event:case-review:2025-01-15",
    ] {
        assert_eq!(
            keys.iter().filter(|k| **k == key).count(),
            1,
            "{key} once: {keys:?}"
        );
    }
    let dates: Vec<&str> = entries.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order");
    let written = entries.iter().find(|e| e["origin"] == "written").unwrap();
    assert_eq!(written["verified"], false);
    assert_eq!(written["source"], "police report");
    assert_eq!(written["kind"], "concern");
    let key = written["key"].as_str().unwrap().to_string();

    // Marked for the CPR, then only those.
    setup.ok(&["chronology", "mark", "A1", &key]);
    setup.ok(&["chronology", "mark", "A1", "event:ppm:2025-01-08"]);
    let marked = setup.json(&["chronology", "A1", "--format", "json", "--for-cpr"]);
    let marked: Vec<&str> = marked
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(marked, [key.as_str(), "event:ppm:2025-01-08"]);
    // A key no entry has is a slip, refused, and nothing is marked.
    let out = setup.run(&["chronology", "mark", "A1", "event:ppm:2025-01-09"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("event:ppm:2025-01-09 is not an entry in A1's chronology"),
        "{}",
        stderr(&out)
    );
    let still = setup.json(&["chronology", "A1", "--format", "json", "--for-cpr"]);
    assert_eq!(still.as_array().unwrap().len(), 2);

    // Filtered by kind and period.
    let legal = setup.json(&[
        "chronology",
        "A1",
        "--format",
        "json",
        "--kind",
        "concern",
        "--to",
        "2024-12-31",
    ]);
    assert_eq!(legal.as_array().unwrap().len(), 1);

    // Markdown, HTML and CSV say the same.
    let md = setup.ok(&["chronology", "A1"]);
    assert!(
        md.contains("Amara Okafor (A1)") && md.contains("01/12/2024") && md.contains("unverified"),
        "{md}"
    );
    let html = setup.ok(&["chronology", "A1", "--format", "html"]);
    assert!(
        html.contains("size: A4") && html.contains("Police called"),
        "{html}"
    );
    let csv = setup.ok(&["chronology", "A1", "--format", "csv"]);
    assert!(
        csv.starts_with("key,date,what,kind,origin,source,recorded_by,for_cpr,verified\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), entries.len() + 1);
}

#[test]
fn a_bad_chronology_entry_is_refused_naming_the_field_and_nothing_is_written() {
    let setup = Setup::new();
    let before = setup.ok(&["chronology", "A1", "--format", "csv"]);
    for (args, said) in [
        (
            vec!["--on", "31/02/2025", "--what", "x"],
            "date: 31/02/2025 is not a date",
        ),
        (vec!["--on", "2024-12-01", "--what", " "], "what:"),
        (
            vec!["--on", "2024-12-01", "--what", "x", "--kind", "court"],
            "kind: court is not a kind",
        ),
        (vec!["--on", "2099-01-01", "--what", "x"], "is in the future"),
    ] {
        let mut full = vec!["chronology", "add", "A1"];
        full.extend(args.iter());
        let out = setup.run(&full);
        assert_eq!(out.status.code(), Some(1), "{full:?}");
        assert!(stderr(&out).contains(said), "{full:?}: {}", stderr(&out));
    }
    assert_eq!(setup.ok(&["chronology", "A1", "--format", "csv"]), before);
    let out = setup.run(&["chronology", "Z9"]);
    assert!(
        stderr(&out).contains("no child has the reference Z9"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_gateway_checklist_and_deadline_across_a_bank_holiday_week() {
    let setup = Setup::new();
    let none = setup.json(&["gateway", "A1", "--json"]);
    assert_eq!(none["panel_date"], serde_json::Value::Null);
    assert_eq!(none["ready"], false);
    // A panel on Thursday 2 January 2025: the Wednesday before is New
    // Year's Day, so the papers are due on Tuesday 31 December.
    let value = setup.json(&[
        "gateway",
        "A1",
        "--json",
        "--panel",
        "2025-01-02",
        "--tick",
        "genogram=2024-12-20",
        "--tick",
        "chronology=2024-12-20",
    ]);
    assert_eq!(value["panel_date"], "2025-01-02");
    assert_eq!(value["submission_deadline"], "2024-12-31T17:00:00");
    let missing: Vec<&str> = value["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(missing, ["referral-form", "child-and-family-assessment"]);
    // Pre-proceedings needs four more papers; ticking all makes it ready.
    let value = setup.json(&["gateway", "A1", "--json", "--pre-proceedings", "yes"]);
    assert_eq!(value["missing"].as_array().unwrap().len(), 6);
    let mut args = vec!["gateway", "A1", "--json"];
    for tick in [
        "referral-form=2024-12-18",
        "child-and-family-assessment=2024-11-30",
        "draft-pre-proceedings-plan=2024-12-19",
        "child-protection-recommendations=2024-12-02",
        "family-group-conference-plan=2024-12-10",
        "expert-assessments",
    ] {
        args.extend(["--tick", tick]);
    }
    let value = setup.json(&args);
    assert_eq!(value["ready"], true, "{value}");
    let text = setup.ok(&["gateway", "A1"]);
    assert!(text.contains("by 17:00 on Tuesday 31/12/2024"), "{text}");
    assert!(text.contains("[x] Genogram") || text.contains("[x]"), "{text}");
    // Mistakes are refused with the flag and what is wrong.
    for (args, said) in [
        (
            vec!["--panel", "2025-01-01"],
            "panel: 01/01/2025 is not a working day",
        ),
        (vec!["--tick", "passport=2024-12-01"], "is not a Gateway paper"),
        (vec!["--tick", "genogram=2099-01-01"], "is in the future"),
    ] {
        let mut full = vec!["gateway", "A1"];
        full.extend(args.iter());
        let out = setup.run(&full);
        assert_eq!(out.status.code(), Some(1), "{full:?}");
        assert!(stderr(&out).contains(said), "{full:?}: {}", stderr(&out));
    }
}

/// Amara's and Kemi's family: their mother, with a partner (Amara's
/// father) and a former husband (Kemi's father); her parents, one of whom
/// has died; the grandfather a potential carer.
const FAMILY: &str = r#"
[[person]]
id = "amara"
child = "A1"
[[person]]
id = "kemi"
child = "K2"
[[person]]
id = "mum"
name = "Grace Okafor"
sex = "female"
born = 1994-05-02
household = "mother's home"
[[person]]
id = "dad"
name = "Daniel Okafor"
sex = "male"
[[person]]
id = "dad2"
name = "Tom Reed"
sex = "male"
household = "mother's home"
[[person]]
id = "gran"
name = "Ruth Okafor"
sex = "female"
deceased = true
[[person]]
id = "gramps"
name = "Sam Okafor"
sex = "male"
[[parents]]
child = "kemi"
parents = ["mum", "dad"]
[[parents]]
child = "amara"
parents = ["mum", "dad2"]
[[parents]]
child = "mum"
parents = ["gran", "gramps"]
[[couple]]
people = ["mum", "dad"]
partnership = "divorced"
[[couple]]
people = ["mum", "dad2"]
partnership = "partners"
[[couple]]
people = ["gran", "gramps"]
partnership = "married"
[[connection]]
person = "gramps"
child = "amara"
viability = "positive"
viability_on = 2024-12-10
potential_carer = true
family_time = "weekly, at the family centre"
"#;

#[test]
fn a_family_file_imports_once_for_the_sibling_group_and_draws_as_text_and_svg() {
    let setup = Setup::new();
    let file = setup.file("family.toml", FAMILY);
    let file = file.to_str().unwrap();
    let rehearsed = setup.ok(&["family", "A1", "--import", file, "--dry-run"]);
    assert!(
        rehearsed.starts_with("Would add 5 people (2 already there)"),
        "{rehearsed}"
    );
    assert!(setup.ok(&["family", "A1"]).contains("No family network recorded"));
    // With no network yet, the file format starts as a template that
    // imports as it is.
    let starter = setup.ok(&["family", "A1", "--format", "toml"]);
    assert!(starter.contains("child = \"A1\""), "{starter}");
    let fresh = Setup::new();
    let template = fresh.file("starter.toml", &starter);
    fresh.ok(&["family", "A1", "--import", template.to_str().unwrap()]);
    setup.ok(&["family", "A1", "--import", file]);

    let amara = setup.ok(&["family", "A1"]);
    for (name, what) in [
        ("Kemi Okafor", "half-sister (same mother)"),
        ("Grace Okafor", "mother"),
        ("Tom Reed", "father"),
        ("Ruth Okafor", "maternal grandmother"),
        ("Sam Okafor", "maternal grandfather"),
    ] {
        let line = amara
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name}:\n{amara}"));
        assert!(line.contains(what), "{line}");
    }
    assert!(
        amara.contains("viability assessment positive 10/12/2024 · potential carer"),
        "{amara}"
    );
    // Kemi sees the same people without anyone typing them again.
    let kemi = setup.ok(&["family", "K2"]);
    assert!(
        kemi.lines()
            .any(|l| l.starts_with("Daniel Okafor") && l.contains("father")),
        "{kemi}"
    );
    assert!(
        kemi.lines()
            .any(|l| l.starts_with("Tom Reed") && l.contains("step-father")),
        "{kemi}"
    );
    assert_eq!(kemi.lines().filter(|l| l.starts_with("Grace Okafor")).count(), 1);

    let text = setup.ok(&["genogram", "A1"]);
    for name in [
        "Amara Okafor",
        "Kemi Okafor",
        "Grace Okafor",
        "Daniel Okafor",
        "Tom Reed",
        "Ruth Okafor",
        "Sam Okafor",
    ] {
        assert_eq!(text.matches(name).count(), 1, "{name} once:\n{text}");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(
        text.contains("X deceased") && text.contains("((Amara Okafor"),
        "{text}"
    );
    let svg = setup.ok(&["genogram", "A1", "--format", "svg"]);
    let document = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    assert!(svg.contains("Sam Okafor"));

    // The network writes back out in the file's own format, and reads in
    // to a new database as the same network.
    let exported = setup.ok(&["family", "A1", "--format", "toml"]);
    let fresh = Setup::new();
    let again = fresh.file("again.toml", &exported);
    fresh.ok(&["family", "A1", "--import", again.to_str().unwrap()]);
    assert_eq!(fresh.ok(&["family", "A1"]), amara);
}

#[test]
fn a_family_file_with_mistakes_is_refused_whole_with_every_line() {
    let setup = Setup::new();
    let broken = FAMILY
        .replacen(
            "sex = \"female\"\nborn = 1994-05-02",
            "sex = \"woman\"\nborn = 1994-05-02",
            1,
        )
        .replacen(
            "parents = [\"mum\", \"dad2\"]",
            "parents = [\"mum\", \"dad3\"]",
            1,
        )
        .replacen("viability_on = 2024-12-10\n", "", 1);
    let file = setup.file("family.toml", &broken);
    let out = setup.run(&["family", "A1", "--import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(said.contains("3 problems; nothing was imported"), "{said}");
    let path = file.display().to_string();
    for (line, part) in [
        (11, "sex: \"woman\" is not a sex"),
        (37, "\"dad3\""),
        (53, "needs viability_on"),
    ] {
        let at = format!("{path}:{line}: ");
        assert!(
            said.lines().any(|l| l.starts_with(&at) && l.contains(part)),
            "{at}{part}: {said}"
        );
    }
    assert!(setup.ok(&["family", "A1"]).contains("No family network recorded"));
}

#[test]
fn a_family_group_conference_is_recorded_and_its_dated_outcomes_go_on_the_timeline() {
    let setup = Setup::new();
    let plans = setup.file(
        "plans.csv",
        "ref,pathway,role,start,stage\nA1,special-guardianship,primary,2024-11-20,proceedings\n",
    );
    setup.ok(&["import", "plans", plans.to_str().unwrap()]);
    let said = setup.ok(&[
        "family-meeting",
        "A1",
        "--kind",
        "fgc",
        "--on",
        "2024-12-12",
        "--attended",
        "mother",
        "--attended",
        "maternal grandfather",
        "--outcome",
        "2025-01-20: Viability assessment of the maternal grandfather",
        "--outcome",
        "Family time to stay weekly",
        "--timeline",
    ]);
    assert!(
        said.contains("with 2 outcomes, one of them now on the timeline"),
        "{said}"
    );
    let timeline: serde_json::Value = setup.json(&["timeline", "A1", "--json", "--as-of", "2025-01-06"]);
    let titles: Vec<String> = timeline["plans"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect();
    let wanted = "Viability assessment of the maternal grandfather";
    assert_eq!(titles.iter().filter(|t| *t == wanted).count(), 1, "{titles:?}");
    // Both sisters see the family's meeting.
    for reference in ["A1", "K2"] {
        let family = setup.ok(&["family", reference]);
        assert!(
            family.contains("Family Group Conference on 12/12/2024"),
            "{family}"
        );
        assert!(
            family.contains("Attended: mother, maternal grandfather"),
            "{family}"
        );
    }
    // An outcome due before the meeting, and a meeting in the future, are refused.
    for (args, error) in [
        (
            vec!["--on", "2024-12-12", "--outcome", "2024-12-01: too early"],
            "before the meeting",
        ),
        (vec!["--on", "2099-01-01"], "in the future"),
        (
            vec!["--on", "2024-12-12", "--outcome", "31/02/2025: review"],
            "--outcome \"31/02/2025: review\": due: 31/02/2025 is not a date",
        ),
    ] {
        let mut full = vec!["family-meeting", "A1", "--kind", "family-network"];
        full.extend(args.iter());
        let out = setup.run(&full);
        assert_eq!(out.status.code(), Some(1), "{full:?}");
        assert!(stderr(&out).contains(error), "{}", stderr(&out));
    }
}
