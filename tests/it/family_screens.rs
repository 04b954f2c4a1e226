//! The Family tab's changes to the network, on F100's committed family
//! (`screens::family_store`): adding a person, a refusal in the dialog,
//! linking with names narrowed as they are typed, taking a link back, and
//! recording a family meeting, each drawn at 120×40 and 80×24 and saved
//! through the same path the event loop takes.

use crate::papers_screens::{family_store, on_papers};
use crate::screens::library;
use crate::util::screen::render;
use crate::util::text;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use permanence::store::Store;
use permanence::ui::app::{App, Effect};
use permanence::ui::keymap::Context;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// Presses each key named (`enter`, `esc`, `tab`, `down`, `delete`, or a
/// character), returning the last effect asked for.
fn keys(app: &mut App, names: &str) -> Option<Effect> {
    let mut effect = None;
    for name in names.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "down" => KeyCode::Down,
            "delete" => KeyCode::Delete,
            "backspace" => KeyCode::Backspace,
            "home" => KeyCode::Home,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        effect = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    effect
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// F100's people list, at this size.
fn people(store: &Store, width: u16, height: u16) -> App {
    let mut app = on_papers(store, width, height, 2);
    assert_eq!(app.context(), Context::ChildFamily);
    keys(&mut app, "p");
    app
}

/// Moves the list's cursor to the person called `name`.
fn select(app: &mut App, name: &str, width: u16, height: u16) {
    use permanence::ui::app::Screen;
    use permanence::ui::screens::child::papers::Pick;
    keys(app, "home");
    for _ in 0..20 {
        let Screen::Child(view) = app.screen() else {
            panic!("not on the child's screen");
        };
        let family = view.papers.family.as_ref().unwrap();
        if let Some(Pick::Person(id)) = view.selected_pick(app.dates, width)
            && family.network.person(id).is_some_and(|p| p.name == name)
        {
            return;
        }
        keys(app, "down");
    }
    panic!(
        "{name} is not in the list:\n{}",
        text(&render(app, width, height))
    );
}

fn save(store: &mut Store, app: &mut App, effect: Option<Effect>) {
    let Some(effect) = effect else {
        panic!(
            "nothing to save: {:?}\n{}",
            app.message(),
            text(&render(app, 120, 40))
        );
    };
    permanence::ui::carry_out(store, &library(), app, effect);
}

#[test]
fn a_person_is_added_and_the_list_shows_them_at_once() {
    for (width, height) in SIZES {
        let (_dir, mut store, _) = family_store();
        let mut app = people(&store, width, height);
        keys(&mut app, "a");
        assert_eq!(app.context(), Context::Form);
        insta::assert_snapshot!(
            format!("add_dialog_{width}x{height}"),
            text(&render(&app, width, height))
        );
        type_text(&mut app, "Nkechi Eze");
        keys(&mut app, "tab");
        type_text(&mut app, "female");
        keys(&mut app, "tab");
        type_text(&mut app, "14/02/1975");
        keys(&mut app, "tab");
        type_text(&mut app, "Leicester");
        keys(&mut app, "tab");
        type_text(&mut app, "godmother");
        for _ in 0..5 {
            keys(&mut app, "tab");
        }
        type_text(&mut app, "monthly, in the community");
        let effect = keys(&mut app, "enter");
        save(&mut store, &mut app, effect);
        assert_eq!(app.message(), Some("Added Nkechi Eze to the family network"));
        assert_eq!(app.context(), Context::ChildFamily);
        let screen = text(&render(&app, width, height));
        let child = store.child_id("F100").unwrap().unwrap();
        let network = store.network(child).unwrap();
        let nkechi = network.people.iter().find(|p| p.name == "Nkechi Eze").unwrap();
        let focus = network.child_person(child).unwrap().id;
        assert_eq!(network.relation_to(focus, nkechi.id), "godmother");
        select(&mut app, "Nkechi Eze", width, height);
        let screen_at_her = text(&render(&app, width, height));
        assert!(screen_at_her.contains("Nkechi Eze · godmother"), "{screen}");
        insta::assert_snapshot!(format!("after_add_{width}x{height}"), screen_at_her);
    }
}

#[test]
fn a_refusal_names_the_field_in_the_dialog() {
    for (width, height) in SIZES {
        let (_dir, mut store, _) = family_store();
        let before = store.network(store.child_id("F100").unwrap().unwrap()).unwrap();
        let mut app = people(&store, width, height);
        // A date of birth to come is refused before anything is asked of the store.
        keys(&mut app, "a");
        type_text(&mut app, "Baby Okafor");
        keys(&mut app, "tab tab");
        type_text(&mut app, "01/01/2027");
        assert_eq!(keys(&mut app, "enter"), None);
        let screen = text(&render(&app, width, height));
        assert!(screen.contains("Born: 01/01/2027 is in the future"), "{screen}");
        keys(&mut app, "esc");
        // The mother a second time: one record per person.
        keys(&mut app, "a");
        type_text(&mut app, "grace okafor");
        let effect = keys(&mut app, "enter");
        save(&mut store, &mut app, effect);
        assert_eq!(app.context(), Context::Form, "the dialog comes back");
        let screen = text(&render(&app, width, height));
        assert!(
            screen.contains("Name: Grace Okafor (born 20/01/1996) is in the network already"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("refusal_{width}x{height}"), screen);
        let child = store.child_id("F100").unwrap().unwrap();
        assert_eq!(store.network(child).unwrap(), before, "nothing was saved");
    }
}

#[test]
fn the_link_picker_narrows_as_you_type_and_refuses_a_cycle() {
    for (width, height) in SIZES {
        let (_dir, mut store, _) = family_store();
        let mut app = people(&store, width, height);
        select(&mut app, "Amara Okafor", width, height);
        keys(&mut app, "c");
        type_text(&mut app, "parent of");
        keys(&mut app, "tab");
        type_text(&mut app, "okafor");
        let screen = text(&render(&app, width, height));
        assert!(
            screen.contains("· Ruth Okafor") && screen.contains("· Grace Okafor"),
            "{screen}"
        );
        keys(
            &mut app,
            "backspace backspace backspace backspace backspace backspace",
        );
        type_text(&mut app, "ru");
        insta::assert_snapshot!(
            format!("link_picker_{width}x{height}"),
            text(&render(&app, width, height))
        );
        // Amara as her grandmother's parent would make her her own ancestor.
        let effect = keys(&mut app, "enter");
        save(&mut store, &mut app, effect);
        assert_eq!(app.context(), Context::Form);
        let screen = text(&render(&app, width, height));
        assert!(
            screen.contains("That would make a person their own ancestor"),
            "{screen}"
        );
    }
}

#[test]
fn a_link_is_drawn_and_taken_back_after_asking() {
    let (_dir, mut store, child) = family_store();
    let mut app = people(&store, 120, 40);
    select(&mut app, "Nia Brown", 120, 40);
    keys(&mut app, "c");
    type_text(&mut app, "partner");
    keys(&mut app, "tab");
    type_text(&mut app, "Daniel");
    let effect = keys(&mut app, "enter");
    save(&mut store, &mut app, effect);
    assert_eq!(app.message(), Some("Linked"));
    let network = store.network(child).unwrap();
    let nia = network.people.iter().find(|p| p.name == "Nia Brown").unwrap().id;
    assert!(network.couples.iter().any(|c| c.a == nia || c.b == nia));
    select(&mut app, "Nia Brown", 120, 40);
    keys(&mut app, "delete");
    assert_eq!(app.context(), Context::Picker);
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("partners with Daniel"), "{screen}");
    keys(&mut app, "down down down");
    let mut shown = String::new();
    for _ in 0..4 {
        shown = text(&render(&app, 120, 40));
        if shown.contains("› partners with Daniel") {
            break;
        }
        app.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    }
    assert!(shown.contains("› partners with Daniel"), "{shown}");
    assert_eq!(keys(&mut app, "enter"), None, "it asks first");
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Take back this link?"), "{screen}");
    let effect = keys(&mut app, "enter");
    save(&mut store, &mut app, effect);
    assert_eq!(app.message(), Some("Link taken back"));
    let network = store.network(child).unwrap();
    assert!(!network.couples.iter().any(|c| c.a == nia || c.b == nia));
}

#[test]
fn a_family_meeting_is_recorded_with_who_came_and_what_was_agreed() {
    for (width, height) in SIZES {
        let (_dir, mut store, child) = family_store();
        let mut app = people(&store, width, height);
        keys(&mut app, "m");
        type_text(&mut app, "family-network");
        keys(&mut app, "tab");
        type_text(&mut app, "16/11/2026");
        keys(&mut app, "tab");
        type_text(&mut app, "Grace Okafor, Jo");
        insta::assert_snapshot!(
            format!("meeting_dialog_{width}x{height}"),
            text(&render(&app, width, height))
        );
        type_text(&mut app, "y Okafor");
        keys(&mut app, "tab");
        type_text(
            &mut app,
            "2026-12-04: Joy to start the viability assessment; contact stays weekly",
        );
        // As `--timeline`: the dated outcome goes on the primary plan.
        keys(&mut app, "tab tab");
        type_text(&mut app, "y");
        let effect = keys(&mut app, "enter");
        save(&mut store, &mut app, effect);
        assert_eq!(
            app.message(),
            Some("Recorded the Family Network meeting with 2 outcomes, one of them now on the timeline")
        );
        let meetings = store.family_meetings(child).unwrap();
        let held = meetings.iter().find(|m| m.attended.len() == 2).unwrap();
        assert_eq!(held.attended, vec!["Grace Okafor", "Joy Okafor"]);
        assert_eq!(held.outcomes.len(), 2);
        assert!(held.outcomes[0].item_key.is_some() && held.outcomes[1].item_key.is_none());
        keys(&mut app, "G");
        let screen = text(&render(&app, width, height));
        assert!(screen.contains("Family Network meeting · 16/11/2026"), "{screen}");
    }
}

#[test]
fn a_read_only_database_refuses_in_the_existing_words() {
    let (_dir, store, _) = family_store();
    let mut app = people(&store, 80, 24);
    app.session.read_only = true;
    for key in ["a", "e", "c", "u", "m"] {
        assert_eq!(keys(&mut app, key), None);
        assert_eq!(
            app.message(),
            Some("Read-only: this database cannot be changed from here"),
            "{key}"
        );
        assert_eq!(app.context(), Context::ChildFamily);
    }
}

#[test]
fn an_edit_is_filled_from_the_record_and_saved() {
    let (_dir, mut store, child) = family_store();
    let mut app = people(&store, 80, 24);
    select(&mut app, "Joy Okafor", 80, 24);
    keys(&mut app, "e");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Edit: Joy Okafor"), "{screen}");
    assert!(screen.contains("positive"), "filled from the record:\n{screen}");
    insta::assert_snapshot!(screen);
    // The household corrected, and her language recorded.
    keys(&mut app, "tab tab tab");
    type_text(&mut app, "Nottingham");
    keys(&mut app, "tab tab tab");
    type_text(&mut app, "Twi");
    let effect = keys(&mut app, "enter");
    save(&mut store, &mut app, effect);
    assert_eq!(app.message(), Some("Saved Joy Okafor"));
    let network = store.network(child).unwrap();
    let joy = network.people.iter().find(|p| p.name == "Joy Okafor").unwrap();
    assert_eq!(joy.household.as_deref(), Some("Nottingham"));
    assert_eq!(joy.language.as_deref(), Some("Twi"));
    let focus = network.child_person(child).unwrap().id;
    assert!(network.connection(focus, joy.id).unwrap().potential_carer, "kept");
}

#[test]
fn the_first_person_of_a_child_with_no_network_is_added_on_screen() {
    let (_dir, mut store) = crate::util::caseloads::Caseload::sixty().first(5).store();
    let mut app = crate::util::screen::app(&store, 80, 24);
    let child = store
        .caseload()
        .unwrap()
        .into_iter()
        .find(|row| store.network(row.id).unwrap().people.len() <= 1)
        .expect("a fixture child with no network");
    app.select_child(child.id).unwrap();
    permanence::ui::load_child(&store, &library(), &mut app, child.id).unwrap();
    while app.context() != Context::ChildFamily {
        keys(&mut app, "tab");
    }
    // On the genogram, not the list: adding needs no one chosen.
    keys(&mut app, "a");
    type_text(&mut app, "Lisa Example");
    keys(&mut app, "tab tab tab tab");
    type_text(&mut app, "mother");
    let effect = keys(&mut app, "enter");
    save(&mut store, &mut app, effect);
    assert_eq!(app.message(), Some("Added Lisa Example to the family network"));
    let network = store.network(child.id).unwrap();
    let focus = network.child_person(child.id).unwrap().id;
    let lisa = network.people.iter().find(|p| p.name == "Lisa Example").unwrap();
    assert_eq!(network.relation_to(focus, lisa.id), "mother");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Lisa"), "the genogram redrawn at once:\n{screen}");
}

#[test]
fn the_help_lists_the_family_tabs_new_keys() {
    let (_dir, store, _) = family_store();
    let mut app = people(&store, 120, 40);
    keys(&mut app, "?");
    let screen = text(&render(&app, 120, 40));
    for part in [
        "Add a person, with what they are to the child",
        "Correct the selected person and their part in the plan",
        "Link the selected person to another (parent, partner...)",
        "Take back one of the selected person's links",
        "Record a Family Group Conference or Family Network meeting",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    let mut app = people(&store, 80, 24);
    keys(&mut app, "?");
    insta::assert_snapshot!(text(&render(&app, 80, 24)));
}
