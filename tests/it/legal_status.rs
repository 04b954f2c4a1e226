//! An order recorded is an order made: the record's legal status follows
//! the orders recorded, whichever way they were recorded (`permanence
//! record`, the timeline's `e`, the record form), and goes back when one
//! is withdrawn; an SGO ends being looked after (Children Act 1989 s.22).
//! Through the real binary, and drawn from the fixture caseload at
//! 120x40 and 80x24 (review a changed snapshot with
//! `INSTA_UPDATE=always cargo test --test it legal_status::`).

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn, press, typed};
use crate::util::{Case, stderr};
use crossterm::event::KeyCode;
use permanence::domain::event::Event;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;

crate::util::setup_on_a_case!();

// Amara, under a care order and looked after since 19/08/2026, on a
// permanent fostering plan from 14/10/2026.
use crate::util::fixtures::{AMARA_FOSTERING as PLANS, AMARA_IN_CARE as CHILDREN};

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("legal.db"));
        let out = setup.run(&["init"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let children = setup.file("children.csv", CHILDREN);
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        let plans = setup.file("plans.csv", PLANS);
        setup.ok(&["import", "plans", plans.to_str().unwrap()]);
        setup
    }

    /// A1's legal status as the record exports it.
    fn legal_status(&self) -> String {
        let out = self.ok(&["export", "caseload", "--format", "json"]);
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        let a1 = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ref"] == "A1")
            .unwrap()
            .clone();
        a1["legal_status"].as_str().unwrap().to_string()
    }
}

#[test]
fn an_sgo_recorded_on_the_command_line_makes_the_record_sgo_and_its_withdrawal_puts_it_back() {
    let setup = Setup::new();
    assert_eq!(setup.legal_status(), "co");
    let args = ["record", "A1", "special-guardianship-order", "--on", "20/11/2026"];
    let dry = setup.ok(&[&args[..], &["--dry-run"]].concat());
    assert!(
        dry.contains("Legal status changes: CO \u{2192} SGO (from 20/11/2026)"),
        "{dry}"
    );
    assert!(
        dry.contains("No longer looked after from 20/11/2026 (Children Act 1989 s.22"),
        "{dry}"
    );
    assert_eq!(setup.legal_status(), "co", "a dry run writes nothing");
    let saved = setup.ok(&args);
    assert!(saved.contains("Legal status changes: CO \u{2192} SGO"), "{saved}");
    assert_eq!(
        setup.legal_status(),
        "sgo",
        "the record says what the timeline says"
    );
    setup.ok(&[
        "withdraw",
        "A1",
        "special-guardianship-order",
        "--on",
        "20/11/2026",
        "--reason",
        "recorded on the wrong child",
    ]);
    assert_eq!(setup.legal_status(), "co", "the undo puts it back");
}

#[test]
fn a_child_added_under_an_ico_has_the_ico_on_their_history() {
    let setup = Setup::new();
    let mut store = Store::open(&setup.db).unwrap();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, 120, 40);
    press(&mut store, &library, &mut app, KeyCode::Char('a'), false);
    typed(&mut store, &library, &mut app, "N1");
    for (id, text) in [
        ("given_name", "Ada"),
        ("family_name", "Example"),
        ("legal_status", "ico"),
        ("legal_status_since", "05/01/2026"),
    ] {
        answer(&mut store, &library, &mut app, id, text);
    }
    press(&mut store, &library, &mut app, KeyCode::Char('s'), true);
    let editor = app.form_editor().expect("the form asks before saving");
    assert!(editor.confirming, "{:?}", editor.problems);
    let lines = &editor.record.as_ref().unwrap().before_saving;
    assert!(
        lines.contains(&"Legal status changes: None \u{2192} ICO (from 05/01/2026)".to_string()),
        "{lines:?}"
    );
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    assert!(app.form_editor().is_none(), "saved");
    drop(store);
    let events: serde_json::Value = serde_json::from_str(&setup.ok(&["events", "N1", "--json"])).unwrap();
    let codes: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"interim-care-order"), "{events:#}");
    assert!(codes.contains(&"looked-after"), "{events:#}");
}

/// Replaces the text of the record form's field `id` with `text`.
fn answer(store: &mut Store, library: &Library, app: &mut App, id: &str, text: &str) {
    let def = library.record.as_ref().unwrap();
    let focus = app.form_editor().unwrap().focus;
    let at = def.fields().position(|f| f.id == id).unwrap();
    for _ in focus..at {
        press(store, library, app, KeyCode::Tab, false);
    }
    press(store, library, app, KeyCode::Char('u'), true);
    typed(store, library, app, text);
}

fn fixture(width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, store) = Caseload::sixty().first(5).store();
    let library = Library::load(None).unwrap();
    let app = app(&store, width, height);
    (dir, store, library, app)
}

#[test]
fn the_record_tab_after_an_sgo_says_the_child_is_no_longer_looked_after() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, _) = fixture(width, height);
        let child = store.caseload().unwrap()[0].clone();
        store
            .write(|w| {
                w.record_event(
                    child.id,
                    Event::SpecialGuardianshipOrder,
                    crate::util::day(2026, 11, 20),
                )
            })
            .unwrap();
        let mut app = app(&store, width, height);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        press(&mut store, &library, &mut app, KeyCode::Tab, false);
        let shown = drawn(&app, width, height);
        assert!(shown.contains("SGO"), "{shown}");
        let joined = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains("No longer, from 20/11/2026"), "{shown}");
        assert!(!joined.contains("since 20/11"), "{shown}");
        insta::assert_snapshot!(format!("record_tab_after_an_sgo_{width}x{height}"), shown);
    }
}

#[test]
fn recording_an_sgo_on_the_timeline_says_before_saving_what_it_does_to_the_legal_status() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, mut app) = fixture(width, height);
        let child = store.caseload().unwrap()[0].clone();
        let was = store.child_detail(child.id).unwrap().unwrap().fields.legal_status;
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        press(&mut store, &library, &mut app, KeyCode::Char('e'), false);
        // The picker lists every event in its order: down to the SGO.
        let at = Event::ALL
            .iter()
            .position(|e| *e == Event::SpecialGuardianshipOrder)
            .unwrap();
        for _ in 0..at {
            press(&mut store, &library, &mut app, KeyCode::Down, false);
        }
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        press(&mut store, &library, &mut app, KeyCode::Char('u'), true);
        typed(&mut store, &library, &mut app, "20/11/2026");
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        let shown = drawn(&app, width, height);
        let joined = shown
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let expected = format!(
            "Legal status changes: {} \u{2192} SGO (from 20/11/2026)",
            was.short()
        );
        assert!(joined.contains(&expected), "{shown}");
        assert!(
            joined.contains("No longer looked after from 20/11/2026"),
            "{shown}"
        );
        insta::assert_snapshot!(format!("record_sgo_before_saving_{width}x{height}"), shown);
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        let now = store.child_detail(child.id).unwrap().unwrap().fields.legal_status;
        assert_eq!(now.code(), "sgo", "saved, the record follows");
    }
}

#[test]
fn closing_the_plan_after_an_sgo_takes_the_orders_day() {
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, _) = fixture(width, height);
        let on = crate::util::day(2026, 11, 20);
        // The first child with one plan, a primary started before the order.
        let rows = store.caseload().unwrap();
        let (index, child) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| {
                let plans = store.timeline_facts(r.id).unwrap().plans;
                plans.len() == 1
                    && plans[0].role == permanence::domain::plan::PlanRole::Primary
                    && plans[0].start <= on
            })
            .map(|(i, r)| (i, r.clone()))
            .expect("a fixture child with one primary plan");
        store
            .write(|w| w.record_event(child.id, Event::SpecialGuardianshipOrder, on))
            .unwrap();
        let mut app = app(&store, width, height);
        for _ in 0..index {
            press(&mut store, &library, &mut app, KeyCode::Char('j'), false);
        }
        press(&mut store, &library, &mut app, KeyCode::Enter, false);
        assert!(drawn(&app, width, height).contains(&child.reference));
        press(&mut store, &library, &mut app, KeyCode::Char('X'), false);
        let shown = drawn(&app, width, height);
        assert!(shown.contains("Close the plan"), "{shown}");
        assert!(
            shown.contains("On: 20/11/2026"),
            "the order's day, not today: {shown}"
        );
        assert!(shown.contains("The SGO was made on 20/11/2026"), "{shown}");
        insta::assert_snapshot!(format!("close_plan_after_an_sgo_{width}x{height}"), shown);
    }
}

#[test]
fn closing_the_primary_after_an_order_can_close_its_contingency_in_the_same_save() {
    use permanence::domain::plan::{PlanRole, PlanStatus};
    let (width, height) = (80, 24);
    let (_dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let on = crate::util::day(2026, 11, 20);
    // The first child with a primary and a contingency plan open.
    let rows = store.caseload().unwrap();
    let (index, child, primary) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| {
            let plans = store.timeline_facts(r.id).unwrap().plans;
            let active: Vec<_> = plans.iter().filter(|p| p.status == PlanStatus::Active).collect();
            let primary = active.iter().find(|p| p.role == PlanRole::Primary)?;
            (active.len() == 2 && primary.start <= on).then(|| (i, r.clone(), primary.pathway.clone()))
        })
        .expect("a fixture child with a primary and a contingency plan");
    store
        .write(|w| w.record_event(child.id, Event::CareOrder, on))
        .unwrap();
    let mut app = app(&store, width, height);
    for _ in 0..index {
        press(&mut store, &library, &mut app, KeyCode::Char('j'), false);
    }
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    // The top of the timeline is the primary plan's.
    press(&mut store, &library, &mut app, KeyCode::Char('g'), false);
    press(&mut store, &library, &mut app, KeyCode::Char('X'), false);
    let shown = drawn(&app, width, height);
    assert!(shown.contains(&format!("Close the plan: {primary}")), "{shown}");
    assert!(shown.contains("Contingency: keep"), "{shown}");
    typed(&mut store, &library, &mut app, "order-made");
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    press(&mut store, &library, &mut app, KeyCode::Tab, false);
    press(&mut store, &library, &mut app, KeyCode::Char('u'), true);
    typed(&mut store, &library, &mut app, "close");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    let shown = drawn(&app, width, height);
    let joined = shown
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("too on 20/11/2026 (ceased)"), "{shown}");
    press(&mut store, &library, &mut app, KeyCode::Enter, false);
    let plans = store.timeline_facts(child.id).unwrap().plans;
    assert!(
        plans.iter().all(|p| p.status == PlanStatus::Closed),
        "both closed in one save: {plans:?}\n{}",
        drawn(&app, width, height)
    );
}

/// A child back in care after an SGO (the bug: the reviews followed on
/// from the first period of care, so those falling due while the child
/// was out of care showed as breached, and the return counted for
/// nothing): none falls due between the order and the return, and the
/// first review after it is due 20 working days from the return.
#[test]
fn a_child_back_in_care_after_an_sgo_has_their_reviews_from_the_return() {
    let setup = Setup::new();
    // Looked after since 19/08/2026: the first review was due 16/09/2026.
    setup.ok(&["record", "A1", "special-guardianship-order", "--on", "01/09/2026"]);
    setup.ok(&["record", "A1", "interim-care-order", "--on", "20/11/2026"]);
    let timeline: serde_json::Value =
        serde_json::from_str(&setup.ok(&["timeline", "A1", "--json", "--as-of", "2027-06-30"])).unwrap();
    let reviews: Vec<(&str, &str, &str)> = timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .filter(|i| i["key"].as_str().unwrap().contains("case-review") && i["deadline"].is_string())
        .map(|i| {
            (
                i["key"].as_str().unwrap(),
                i["deadline"].as_str().unwrap(),
                i["status"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        reviews
            .iter()
            .all(|(_, due, _)| *due <= "2026-09-01" || *due > "2026-11-20"),
        "nothing due while out of care: {reviews:?}"
    );
    // 20 working days from Friday 20/11/2026: Friday 18/12/2026.
    let first = crate::util::item(&timeline, "return-case-review-1");
    assert_eq!(first["deadline"], "2026-12-18", "{first:#}");
    let rule = first["rule"].as_str().unwrap();
    assert!(rule.contains("return to care on 20/11/2026"), "{rule}");
    assert!(rule.contains("reg 33(1)"), "{rule}");
    let stdout = setup.ok(&["timeline", "A1"]);
    let late_reviews: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("breached") && l.contains("case-review"))
        .collect();
    assert!(late_reviews.is_empty(), "{stdout}");
}

/// A child who left care under an order and came back twice (the bug:
/// only the latest break was followed, so the reviews due in the first
/// gap showed as breached): nothing falls due in either gap, and the
/// second return's first review is due 20 working days from it, named
/// apart from the first return's.
#[test]
fn a_child_back_in_care_twice_has_nothing_due_in_either_gap() {
    let setup = Setup::new();
    // Looked after since 19/08/2026: the first review was due 16/09/2026.
    setup.ok(&["record", "A1", "case-review", "--on", "10/09/2026"]);
    setup.ok(&["record", "A1", "special-guardianship-order", "--on", "01/10/2026"]);
    setup.ok(&["record", "A1", "interim-care-order", "--on", "15/10/2026"]);
    setup.ok(&["record", "A1", "case-review", "--on", "22/10/2026"]);
    setup.ok(&["record", "A1", "child-arrangements-order", "--on", "05/11/2026"]);
    setup.ok(&["record", "A1", "interim-care-order", "--on", "20/11/2026"]);
    let timeline: serde_json::Value =
        serde_json::from_str(&setup.ok(&["timeline", "A1", "--json", "--as-of", "2026-12-06"])).unwrap();
    let reviews: Vec<(&str, &str)> = timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap())
        .filter(|i| i["key"].as_str().unwrap().contains("case-review") && i["deadline"].is_string())
        .filter(|i| i["status"] != "done")
        .map(|i| (i["key"].as_str().unwrap(), i["deadline"].as_str().unwrap()))
        .collect();
    let out_of_care =
        |due: &str| ("2026-10-01" < due && due < "2026-10-15") || ("2026-11-05" < due && due < "2026-11-20");
    assert!(
        !reviews.iter().any(|(_, due)| out_of_care(due)),
        "nothing due while out of care but held: {reviews:?}"
    );
    // 20 working days from Friday 20/11/2026: Friday 18/12/2026.
    let first = crate::util::item(&timeline, "return-2-case-review-1");
    assert_eq!(first["deadline"], "2026-12-18", "{first:#}");
    assert_eq!(first["title"], "1st case review since the 2nd return to care");
    let held = crate::util::item(&timeline, "return-case-review-1");
    assert_eq!(held["status"], "done", "{held:#}");
    let stdout = setup.ok(&["timeline", "A1", "--as-of", "2026-12-06"]);
    let late_reviews: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("breached") && l.contains("case-review"))
        .collect();
    assert!(late_reviews.is_empty(), "{stdout}");
}
