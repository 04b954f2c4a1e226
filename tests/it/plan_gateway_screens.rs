//! The Timeline tab's `L` on a plan counted from the period of care (as
//! an SSDA903 import proposes it): a small dialog asks the day of the
//! Legal Gateway decision, prefilled with nothing, "Before saving" lists
//! the dates that move, and Enter saves through the same use case as
//! `permanence plan gateway`. Drawn at 80x24 and 120x40.

use crate::util::caseloads::Caseload;
use crate::util::dialogs::{intro, key, submit, type_text};
use crate::util::screen::{app, drawn};
use chrono::NaiveDate;
use permanence::domain::plan::{PlanBasis, PlanRole, Stage, StartFrom};
use permanence::domain::plan_import::PlanRow;
use permanence::service::library::Library;
use permanence::store::{Store, StoreError};
use permanence::ui::app::App;
use permanence::ui::modal::Modal;

/// Nia Martin (1040672): reunification (primary), with permanent
/// fostering as the contingency, both from 30/09/2025.
const NIA: &str = "1040672";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Nia's reunification plan as an import would have put it: counted from
/// the period of care, its record beginning on 02/11/2026.
fn imported(width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, mut store) = Caseload::sixty().store();
    let id = store.child_id(NIA).unwrap().unwrap();
    store
        .write(|w| {
            let row = PlanRow {
                line: 0,
                reference: NIA.into(),
                pathway: "reunification".into(),
                role: PlanRole::Primary,
                start: day(2025, 9, 30),
                stage: Stage::LookedAfter,
                basis: PlanBasis::ssda903(day(2026, 11, 2)),
            };
            w.put_plan(id, &row).map(|_| ())
        })
        .map_err(|e: StoreError| e)
        .unwrap();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, width, height);
    assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
    (dir, store, library, app)
}

fn snapshots(app: &mut App, name: &str) {
    for (width, height) in [(80, 24), (120, 40)] {
        app.resize(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), drawn(app, width, height));
    }
}

#[test]
fn l_gives_an_imported_plan_its_gateway_after_listing_the_dates_that_move() {
    let (_dir, mut store, library, mut app) = imported(80, 24);
    key(&mut app, "L");
    let said = intro(&app);
    assert!(
        said.contains("counts from the start of the period of care on 30/09/2025"),
        "{said}"
    );
    assert!(said.contains("stay not known"), "{said}");
    snapshots(&mut app, "gateway_dialog");

    // Blank is refused by the dialog itself: the record does not know
    // the day, so none is guessed.
    assert_eq!(key(&mut app, "enter"), None);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the dialog stays: {:?}", app.message())
    };
    assert_eq!(form.error.as_deref(), Some("Decided on is needed"));

    type_text(&mut app, "04/08/2025");
    submit(&mut store, &library, &mut app);
    let said = intro(&app);
    assert!(
        said.contains(
            "from its Legal Gateway decision on 04/08/2025, not the start of the period of care on 30/09/2025"
        ),
        "{said}"
    );
    assert!(said.contains("Dates that will move:"), "{said}");
    snapshots(&mut app, "gateway_before_saving");
    let id = store.child_id(NIA).unwrap().unwrap();
    let unsaved = store.plans(id).unwrap();
    assert_eq!(
        unsaved[0].basis.start,
        StartFrom::PeriodOfCare,
        "nothing saved yet"
    );

    submit(&mut store, &library, &mut app);
    let message = app.message().unwrap_or_default().to_string();
    assert!(
        message.starts_with("The reunification plan counts from its Legal Gateway decision on 04/08/2025;"),
        "{message}"
    );
    let plan = store
        .plans(id)
        .unwrap()
        .into_iter()
        .find(|p| p.pathway == "reunification")
        .unwrap();
    assert_eq!(plan.start, day(2025, 8, 4));
    assert_eq!(
        plan.basis,
        PlanBasis {
            start: StartFrom::Gateway,
            record_from: Some(day(2026, 11, 2))
        }
    );
}

/// "Before saving" with more dates that move than fit at 80x24 (a
/// hand-built list: twelve long moves, four in the dialog's list): the
/// last lines, the count of the moves not shown and the keys to save or
/// cancel, are on screen at both sizes. At 80x24 they were clipped.
#[test]
fn before_saving_keeps_its_count_and_keys_on_screen_whatever_the_moves() {
    use permanence::service::plans::PlanChange;
    use permanence::ui::screens::child::plan_dialogs::{PlanPending, PlanWork, confirm_form};
    let (_dir, store) = Caseload::sixty().store();
    let child = store.child_id(NIA).unwrap().unwrap();
    let moves: Vec<String> = (1..=12)
        .map(|n| {
            format!(
                "Task {n}: Assessment by Social Work Team indicates threshold has been reached target (Good Practice Permanence (Children Returned to Parents Following Period of Separation), primary plan): 06/10/2025 → 08/08/2025"
            )
        })
        .collect();
    let pending = PlanPending {
        child,
        work: PlanWork::Change(PlanChange::Gateway {
            pathway: "reunification".into(),
            on: day(2025, 8, 4),
        }),
        moved: 0,
    };
    let says = "This counts the reunification plan from its Legal Gateway decision on 04/08/2025, not the start of the period of care on 30/09/2025: week 1 begins then; done items stay done. Tasks due before its record began on 02/11/2026 stay not known unless you mark them done.";
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app(&store, width, height);
        app.confirm_plan(confirm_form(pending.clone(), Some(says.into()), moves.clone()));
        let screen = drawn(&app, width, height);
        assert!(screen.contains("Enter saves · Esc cancels"), "{screen}");
        assert!(screen.contains("Dates that will move:"), "{screen}");
        // Every move is either listed or counted.
        let listed = screen.matches("• Task ").count();
        assert!(listed >= 1, "{screen}");
        let counted = format!("… and {} more", 12 - listed);
        assert!(screen.contains(&counted), "{counted}: {screen}");
        insta::assert_snapshot!(format!("before_saving_many_moves_{width}x{height}"), screen);
    }
}
