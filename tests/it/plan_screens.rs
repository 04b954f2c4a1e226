//! The Timeline tab's plan dialogs and catch-up, drawn at 80x24 and
//! 120x40 from the sixty-child fixture: `s` starts a plan, `P` makes the
//! contingency primary, `X` closes a plan, Space selects items and `M`
//! marks them done in one save. Each dialog is drawn, then its "Before
//! saving" list worked out by the event loop's own `carry_out`.

use crate::util::dialogs::{intro, key, open_child, submit, type_text};
use crate::util::screen::{app, drawn};
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Screen};
use permanence::ui::modal::Modal;

/// Nia Martin (1040672): reunification, with permanent fostering as the
/// contingency, both from 30/09/2025; no Gateway recorded.
const NIA: &str = "1040672";

fn open(width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    open_child(NIA, width, height)
}

/// The screen at both sizes, each its own snapshot.
fn snapshots(app: &mut App, name: &str) {
    for (width, height) in [(80, 24), (120, 40)] {
        app.resize(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), drawn(app, width, height));
    }
}

#[test]
fn starting_a_plan_asks_then_lists_what_starts_before_saving() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    key(&mut app, "s");
    snapshots(&mut app, "start_plan_dialog");
    type_text(&mut app, "special-guardianship");
    // Blank start: no Gateway is recorded for Nia, and the dialog says so.
    submit(&mut store, &library, &mut app);
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the dialog stays: {:?}", app.message())
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .starts_with("The Legal Gateway decision is not recorded"),
        "{:?}",
        form.error
    );
    key(&mut app, "tab tab");
    type_text(&mut app, "2025-09-30");
    submit(&mut store, &library, &mut app);
    let said = intro(&app);
    assert!(said.contains("special-guardianship plan starts: "), "{said}");
    snapshots(&mut app, "start_plan_before_saving");
    submit(&mut store, &library, &mut app);
    assert_eq!(
        app.message(),
        Some("Started the special-guardianship plan (contingency); 1 line of changes")
    );
    let id = store.child_id(NIA).unwrap().unwrap();
    assert_eq!(store.plans(id).unwrap().len(), 3);
}

#[test]
fn making_the_contingency_primary_and_closing_the_old_one() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    key(&mut app, "P");
    snapshots(&mut app, "make_primary_dialog");
    submit(&mut store, &library, &mut app);
    snapshots(&mut app, "make_primary_before_saving");
    submit(&mut store, &library, &mut app);
    let id = store.child_id(NIA).unwrap().unwrap();
    let plans = store.plans(id).unwrap();
    assert_eq!(
        plans[0].pathway, "permanent-fostering",
        "now the primary: {plans:?}"
    );
    key(&mut app, "X");
    snapshots(&mut app, "close_plan_dialog");
    type_text(&mut app, "order-made");
    submit(&mut store, &library, &mut app);
    assert!(intro(&app).contains("(order made)"), "{}", intro(&app));
    snapshots(&mut app, "close_plan_before_saving");
    submit(&mut store, &library, &mut app);
    let said = app.message().unwrap_or_default().to_string();
    assert!(
        said.starts_with("Closed the permanent-fostering plan on 23/11/2026 (order made)"),
        "{said}"
    );
    // The closed plan stays on the timeline, closed, with no items.
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    let closed = view.timeline.plans.last().unwrap();
    assert!(closed.items.is_empty());
    assert!(
        closed
            .title
            .as_deref()
            .unwrap()
            .ends_with("closed 23/11/2026 (order made)")
    );
    key(&mut app, "G");
    snapshots(&mut app, "timeline_with_a_closed_plan");
}

#[test]
fn catching_up_selects_items_and_marks_them_done_in_one_save() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    // The first three open items from the cursor down (n/a and done
    // ones cannot be selected).
    let mut chosen = 0;
    for _ in 0..40 {
        let Screen::Child(view) = app.screen() else {
            panic!("not the child")
        };
        let open = view.selected_item().is_some_and(|(_, i)| i.status.is_open());
        if open {
            key(&mut app, "space");
            chosen += 1;
        }
        if chosen == 3 {
            break;
        }
        key(&mut app, "j");
    }
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    let picked = view.picked.len();
    assert!(picked >= 2, "open items are selected: {picked}");
    snapshots(&mut app, "timeline_with_selections");
    key(&mut app, "M");
    snapshots(&mut app, "catch_up_dialog");
    // Each on its own date: two reviews on one day would be one review.
    submit(&mut store, &library, &mut app);
    snapshots(&mut app, "catch_up_before_saving");
    submit(&mut store, &library, &mut app);
    let said = app.message().unwrap_or_default().to_string();
    assert!(
        said.starts_with(&format!("Marked {picked} items done, in one save")),
        "{said}"
    );
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    assert!(view.picked.is_empty(), "done items are no longer selected");
}

#[test]
fn the_start_dialog_picks_its_pathway_as_the_user_types() {
    let (_dir, _store, _library, mut app) = open(80, 24);
    key(&mut app, "s");
    type_text(&mut app, "ad");
    snapshots(&mut app, "start_plan_picking_pathway");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("no dialog")
    };
    assert_eq!(form.fields[0].matching(), ["adoption", "adoption-tasks"]);
    // Down chooses the next match, and Tab moves on with it.
    key(&mut app, "tab");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("no dialog")
    };
    assert_eq!(form.fields[0].value, "adoption", "part typed, the chosen taken");
    key(&mut app, "tab tab");
    type_text(&mut app, "pro");
    snapshots(&mut app, "start_plan_picking_stage");
}

#[test]
fn the_close_dialog_picks_its_outcome_and_refuses_what_is_none() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    key(&mut app, "X");
    type_text(&mut app, "zzz");
    let effect = key(&mut app, "enter");
    assert_eq!(effect, None, "refused");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("no dialog")
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(
        error.starts_with("Outcome: \"zzz\" is none of the 3 known"),
        "{error}"
    );
    key(&mut app, "esc");
    key(&mut app, "X");
    type_text(&mut app, "c");
    snapshots(&mut app, "close_plan_picking_outcome");
    // Down, then Enter: the second match is taken and the dialog goes on.
    app.handle_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Down,
        crossterm::event::KeyModifiers::NONE,
    ));
    submit(&mut store, &library, &mut app);
    assert!(intro(&app).contains("(ceased)"), "{}", intro(&app));
}

/// With every plan closed while the child is still looked after, the
/// timeline says nobody is following the reviews and visits, rather than
/// show a list with nothing due as if all were well.
#[test]
fn with_no_plan_left_a_looked_after_childs_timeline_says_nothing_is_followed() {
    use permanence::domain::plan::PlanEnding;
    use permanence::service::plans::{self, PlanChange};
    for (width, height) in [(120, 40), (80, 24)] {
        let (_dir, mut store, library, _) = open(width, height);
        let id = store.child_id(NIA).unwrap().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for pathway in ["reunification", "permanent-fostering"] {
            let close = PlanChange::Close {
                pathway: pathway.into(),
                ending: PlanEnding::PlanChanged,
                on: today,
                contingencies: false,
            };
            plans::save(&mut store, &library, id, &close, today, Default::default()).unwrap();
        }
        let mut app = app(&store, width, height);
        assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
        let shown = drawn(&app, width, height);
        let warning = if width >= 110 {
            "No active plan: this looked-after child's case reviews and visits are not being followed (s starts one)"
        } else {
            "No active plan: reviews and visits not followed (s starts one)"
        };
        assert!(shown.contains(warning), "{shown}");
        // Not the role filter's words: no filter is set.
        assert!(
            shown.contains("No open plan has items to show. s starts a plan."),
            "{shown}"
        );
    }
}
