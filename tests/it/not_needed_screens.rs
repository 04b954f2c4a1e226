//! "Not needed" on the Timeline tab, drawn at 80x24 and 120x40 from the
//! sixty-child fixture: `N` asks the reason for the item under the
//! cursor, lists what it does under "Before saving", and the item then
//! shows "not needed" with its reason in the detail pane; a statutory
//! item is refused at once; and `M`'s catch-up dialog takes one reason
//! for every selected item instead of dates, in one save.

use crate::util::dialogs::{intro, key, open_child, submit, type_text};
use crate::util::screen::drawn;
use permanence::domain::timeline::Status;
use permanence::domain::timeline::not_needed::required;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::{App, Screen};
use permanence::ui::modal::Modal;

/// Nia Martin (1040672): reunification, with permanent fostering as the
/// contingency, both from 30/09/2025.
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
    app.resize(80, 24);
}

/// Moves the cursor down to the next item `wanted` accepts.
fn down_to(app: &mut App, wanted: impl Fn(&permanence::domain::timeline::TimelineItem) -> bool) {
    for _ in 0..80 {
        let Screen::Child(view) = app.screen() else {
            panic!("not the child")
        };
        if view.selected_item().is_some_and(|(_, i)| wanted(i)) {
            return;
        }
        key(app, "j");
    }
    panic!("no such item on Nia's timeline");
}

fn open_task(item: &permanence::domain::timeline::TimelineItem) -> bool {
    item.status.is_open() && required(item).is_none()
}

#[test]
fn n_asks_the_reason_lists_it_before_saving_and_the_item_shows_not_needed() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    down_to(&mut app, open_task);
    key(&mut app, "N");
    type_text(&mut app, "The parents' assessment already covers it");
    snapshots(&mut app, "not_needed_dialog");
    submit(&mut store, &library, &mut app);
    let said = intro(&app);
    assert!(said.contains("not needed: it stays on the timeline"), "{said}");
    assert!(said.contains("No date moves."), "{said}");
    snapshots(&mut app, "not_needed_before_saving");
    submit(&mut store, &library, &mut app);
    assert_eq!(app.message(), Some("Marked 1 item not needed"));
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    let (_, item) = view.selected_item().unwrap();
    assert_eq!(item.status, Status::NotApplicable);
    assert!(
        item.rule
            .starts_with("Not needed: The parents' assessment already covers it (recorded by ")
    );
    snapshots(&mut app, "timeline_with_a_not_needed_item");
    // `u` takes the mark back, with a reason: the item is open again.
    key(&mut app, "u");
    assert!(intro(&app).contains("Not needed: The parents' assessment already covers it"));
    assert_eq!(key(&mut app, "enter"), None, "no reason, nothing asked");
    let Some(Modal::Form(form)) = app.modal() else {
        panic!("the dialog stays: {:?}", app.message())
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .starts_with("A reason is needed")
    );
    type_text(&mut app, "The FCPM is going ahead after all");
    submit(&mut store, &library, &mut app);
    assert!(intro(&app).contains("This takes back the not-needed mark"));
    submit(&mut store, &library, &mut app);
    assert_eq!(
        app.message(),
        Some("final-care-planning-meeting is needed again: open")
    );
    let Screen::Child(view) = app.screen() else {
        panic!("not the child")
    };
    assert!(view.selected_item().unwrap().1.status.is_open());
}

#[test]
fn a_statutory_item_is_refused_at_once_naming_it() {
    let (_dir, _store, _library, mut app) = open(80, 24);
    down_to(&mut app, |i| i.status.is_open() && required(i).is_some());
    key(&mut app, "N");
    assert!(app.modal().is_none(), "no dialog opens");
    let said = app.message().unwrap_or_default().to_string();
    assert!(
        said.contains("a statutory duty cannot be waived by a worker"),
        "{said}"
    );
}

#[test]
fn the_catch_up_dialog_marks_the_selection_not_needed_with_one_reason_in_one_save() {
    let (_dir, mut store, library, mut app) = open(80, 24);
    // Two open tasks: after Space, `j` moves past the one selected.
    for _ in 0..2 {
        down_to(&mut app, open_task);
        key(&mut app, "space j");
    }
    key(&mut app, "M");
    key(&mut app, "tab tab tab");
    type_text(&mut app, "Plan changed at the PPM");
    snapshots(&mut app, "catch_up_not_needed_choice");
    submit(&mut store, &library, &mut app);
    let said = intro(&app);
    assert!(
        said.contains("This marks 2 items not needed, with the one reason"),
        "{said}"
    );
    snapshots(&mut app, "catch_up_not_needed_before_saving");
    submit(&mut store, &library, &mut app);
    assert_eq!(app.message(), Some("Marked 2 items not needed, in one save"));
    let id = store.child_id(NIA).unwrap().unwrap();
    let marks = store.timeline_facts(id).unwrap().not_needed;
    assert_eq!(marks.len(), 2);
    assert!(marks.iter().all(|m| m.reason == "Plan changed at the PPM"));
}
