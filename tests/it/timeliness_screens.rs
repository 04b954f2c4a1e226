//! The adoption timeliness on the child's screen: the hand-worked
//! caseload of the report's tests (`timeliness::caseload`, made with the
//! command line), drawn on ratatui's `TestBackend` as the event loop loads
//! a child, and once through the real binary in a pseudo-terminal.

use crate::timeliness::caseload;
use crate::util::pty::Tui;
use crate::util::screen::{drawn, session};
use crate::util::{Case, binary_today};
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;
use std::time::Duration;

/// The case's child `reference` opened as the event loop opens one, on
/// the binary's today (06/12/2026, which the figures are worked on).
fn opened(case: &Case, reference: &str, width: u16, height: u16) -> (Store, App) {
    let store = Store::open(&case.db).unwrap();
    let library = Library::load(None).unwrap();
    let rows = store.caseload().unwrap();
    let id = rows.iter().find(|r| r.reference == reference).unwrap().id;
    let mut app = App::new(session(binary_today()), rows, (width, height));
    assert!(permanence::ui::load_child(&store, &library, &mut app, id).unwrap());
    (store, app)
}

/// Cy, waiting on 06/12/2026: looked after 15/10/2025, so A1 is
/// 365 + 31 + 21 = 417 days, 9 left of 426, passing on 16/12/2026; A2
/// from the Placement Order of 01/06/2026 is 30+31+31+30+31+30+5 = 188,
/// 67 over 121 since 01/10/2026 (01/06/2026 and 122 days); A3's 14 months
/// from 15/10/2025 end on 15/12/2026, so moving in by 14/12/2026 still
/// counts as under: 8 days left.
#[test]
fn a_waiting_childs_timeline_shows_the_days_so_far_on_each_measure() {
    let case = caseload();
    let (_store, app) = opened(&case, "CY", 120, 40);
    let screen = drawn(&app, 120, 40);
    for line in [
        "A1: 417 days since entering care (threshold 426): 9 days left, passes on 16/12/2026",
        "A2: 188 days since the placement order, no match yet (threshold 121): 67 days over since 01/10/2026",
        "A3: moving in by 14/12/2026 counts as under 14 months (8 days left)",
    ] {
        assert!(screen.contains(line), "{line}\n{screen}");
    }
    insta::assert_snapshot!("child_timeliness_waiting_120x40", screen);
    // At 80 columns the lines too long for it say the same in fewer words,
    // never wrapped over the list, which still shows.
    let (_store, small) = opened(&case, "CY", 80, 24);
    let screen = drawn(&small, 80, 24);
    for line in [
        " A1 417 days in care (426): passes on 16/12/2026",
        " A2 188 days since PO (121): over since 01/10/2026",
        " A3: moving in by 14/12/2026 counts as under 14 months (8 days left)",
    ] {
        assert!(screen.contains(line), "{line}\n{screen}");
    }
    assert!(screen.contains("Primary plan:"), "{screen}");
    insta::assert_snapshot!("child_timeliness_waiting_80x24", screen);
}

/// Ada, adopted 15/12/2025: A1 425 (threshold 426), A2 212 (over 121), A3
/// placed on the day 14 months on, so not under; not adopted by her
/// foster carers, so no A10 of her own. Dee, on a reunification plan, has
/// no timeliness at all.
#[test]
fn an_adopted_child_shows_their_figures_and_a_child_never_on_adoption_none() {
    let case = caseload();
    let (_store, app) = opened(&case, "ADA", 120, 40);
    let screen = drawn(&app, 120, 40);
    assert!(
        screen.contains(
            "Adopted: A1 425 days (threshold 426) · A2 212 days (threshold 121) · A3 not under 14 months"
        ),
        "{screen}"
    );
    let (_store, dee) = opened(&case, "DEE", 120, 40);
    let screen = drawn(&dee, 120, 40);
    assert!(!screen.contains("A1:"), "{screen}");
    assert!(!screen.contains("Adopted:"), "{screen}");
}

/// Through the binary: open Cy from the caseload and find her A1 line.
#[test]
fn the_binary_shows_a_waiting_childs_a1_clock_on_their_screen() {
    let case = caseload();
    let mut tui = Tui::start(&case.db, 120, 40);
    tui.wait_for("4 children");
    tui.send("/");
    tui.wait_for("Search:");
    tui.send("cy");
    tui.wait_for("1 match");
    tui.send("\r");
    let screen =
        tui.wait_for("A1: 417 days since entering care (threshold 426): 9 days left, passes on 16/12/2026");
    assert!(screen.contains("A3: moving in by 14/12/2026"), "{screen}");
    tui.escape();
    tui.wait_for("Search: cy");
    tui.escape();
    tui.wait_until_gone("Search:");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}
