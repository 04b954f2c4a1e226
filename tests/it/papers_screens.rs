//! The child's Family, Chronology and Gateway tabs rendered to ratatui's
//! TestBackend and compared with their committed snapshots, from a family
//! built through the store's API (F100): the genogram, the people list,
//! the chronology and its dialog, the Gateway's papers and deadline.

use crate::screens::{key, library, store};
use crate::util::screen::{app, render};
use crate::util::{text, today};
use chrono::NaiveDate;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::keymap::Context;

/// Amara Okafor (F100), with a sibling, a plan, a family network of three
/// generations (a deceased grandfather, parents apart, an aunt and her
/// partner being assessed, a family friend), a Family Group Conference
/// with its outcomes, written chronology entries (one unverified, one
/// marked for the CPR) and a Legal Gateway panel with two papers ticked.
/// Built through the store's API, so the screens here stay the same
/// whatever the demo's families become.
pub(crate) fn family_store() -> (tempfile::TempDir, Store, permanence::domain::child::ChildId) {
    use permanence::domain::child::{ChildFields, LegalStatus};
    use permanence::domain::family::{
        Connected, Connection, Couple, Partnership, Person, PersonId, Sex, Viability,
    };
    use permanence::domain::family_meeting::{FamilyMeetingKind, NewFamilyMeeting, NewOutcome};
    use permanence::domain::plan::{PlanRole, Stage};
    use permanence::domain::plan_import::PlanRow;
    use permanence::store::{GatewayPanelRow, WrittenEntryFields};
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("family.db")).unwrap();
    let child = |reference: &str, given: &str, born, gender: &str| ChildFields {
        reference: reference.into(),
        given_name: given.into(),
        family_name: "Okafor".into(),
        date_of_birth: Some(born),
        gender: Some(gender.into()),
        legal_status: LegalStatus::Ico,
        looked_after_since: Some(d(2026, 6, 1)),
        sibling_group: Some("SG9".into()),
        ..ChildFields::default()
    };
    let id = store
        .write(|w| -> Result<_, permanence::store::StoreError> {
            w.put_child(&child("F100", "Amara", d(2022, 3, 1), "female"))?;
            w.put_child(&child("F101", "Kemi", d(2019, 7, 11), "female"))?;
            let amara = w.child_id("F100")?.unwrap();
            w.put_plan(
                amara,
                &PlanRow {
                    line: 2,
                    reference: "F100".into(),
                    pathway: "adoption".into(),
                    role: PlanRole::Primary,
                    start: d(2026, 6, 10),
                    stage: Stage::Proceedings,
                    basis: Default::default(),
                },
            )?;
            w.record_event(amara, permanence::domain::event::Event::Gateway, d(2026, 6, 10))?;
            let family = w.ensure_family(amara)?;
            let network = w.network(amara)?;
            let person_of = |reference: &str| {
                let id = network
                    .people
                    .iter()
                    .find(|p| p.name.starts_with(reference))
                    .map(|p| p.id);
                id.unwrap()
            };
            let (amara_p, kemi_p) = (person_of("Amara"), person_of("Kemi"));
            let mut add = |name: &str, sex, born: Option<NaiveDate>, deceased, household: Option<&str>| {
                w.add_person(
                    family,
                    &Person {
                        id: PersonId(0),
                        name: name.into(),
                        sex,
                        date_of_birth: born,
                        deceased,
                        culture: None,
                        language: None,
                        religion: None,
                        contact: None,
                        household: household.map(String::from),
                        child: None,
                    },
                )
            };
            let grandmother = add(
                "Ruth Okafor",
                Sex::Female,
                Some(d(1968, 4, 2)),
                false,
                Some("Elm Road"),
            )?;
            let grandfather = add("Samuel Okafor", Sex::Male, Some(d(1965, 9, 9)), true, None)?;
            let mother = add(
                "Grace Okafor",
                Sex::Female,
                Some(d(1996, 1, 20)),
                false,
                Some("Elm Road"),
            )?;
            let father = add("Daniel Mensah", Sex::Male, Some(d(1992, 5, 5)), false, None)?;
            let aunt = add(
                "Joy Okafor",
                Sex::Female,
                Some(d(1999, 8, 30)),
                false,
                Some("Park Lane"),
            )?;
            let partner = add(
                "Tom Reid",
                Sex::Male,
                Some(d(1997, 2, 14)),
                false,
                Some("Park Lane"),
            )?;
            let friend = add("Nia Brown", Sex::Female, None, false, None)?;
            for (parent, of) in [
                (grandmother, mother),
                (grandfather, mother),
                (grandmother, aunt),
                (grandfather, aunt),
                (mother, amara_p),
                (father, amara_p),
                (mother, kemi_p),
                (father, kemi_p),
            ] {
                w.add_parent(parent, of)?;
            }
            for (a, b, partnership) in [
                (grandmother, grandfather, Partnership::Married),
                (mother, father, Partnership::Separated),
                (aunt, partner, Partnership::Partners),
            ] {
                w.add_couple(Couple { a, b, partnership })?;
            }
            let part = |person, pr, viability, time: Option<&str>, carer, connected| Connection {
                child: amara_p,
                person,
                connected,
                parental_responsibility: pr,
                viability,
                family_time: time.map(String::from),
                potential_carer: carer,
            };
            // A possible carer: no parental responsibility, no family time,
            // a viability assessment on a day.
            let carer = |person, viability, on, connected| {
                part(person, false, Some((viability, on)), None, true, connected)
            };
            for connection in [
                part(mother, true, None, Some("twice weekly, supervised"), false, None),
                part(
                    father,
                    true,
                    Some((Viability::Negative, d(2026, 9, 1))),
                    None,
                    false,
                    None,
                ),
                carer(aunt, Viability::Positive, d(2026, 10, 5), None),
                carer(partner, Viability::Positive, d(2026, 10, 5), None),
                carer(
                    friend,
                    Viability::Requested,
                    d(2026, 11, 10),
                    Some(Connected::ConnectedPerson),
                ),
            ] {
                w.set_connection(&connection)?;
            }
            let meeting = w.add_family_meeting(
                amara,
                &NewFamilyMeeting {
                    kind: FamilyMeetingKind::FamilyGroupConference,
                    held_on: d(2026, 10, 20),
                    attended: vec!["Grace Okafor".into(), "Ruth Okafor".into(), "Joy Okafor".into()],
                    notes: Some("The family offered Joy and Tom as carers".into()),
                },
            )?;
            for (text, due) in [
                (
                    "Special guardianship assessment of Joy and Tom",
                    Some(d(2026, 12, 18)),
                ),
                ("Life story book started with Amara", None),
            ] {
                w.add_outcome(
                    meeting,
                    &NewOutcome {
                        text: text.into(),
                        due,
                        child: Some(amara),
                    },
                )?;
            }
            for (on, what, kind, source, verified) in [
                (
                    d(2026, 4, 14),
                    "Police called to the family home after a neighbour's report",
                    "concern",
                    Some("police report"),
                    false,
                ),
                (
                    d(2026, 5, 2),
                    "Amara seen by the health visitor: growth on track",
                    "health",
                    Some("health visitor"),
                    true,
                ),
                (
                    d(2026, 9, 1),
                    "Viability assessment of the father: negative",
                    "assessment",
                    None,
                    true,
                ),
            ] {
                w.add_chronology_entry(
                    amara,
                    &WrittenEntryFields {
                        on_date: on,
                        what: what.into(),
                        kind: kind.into(),
                        source: source.map(String::from),
                        verified,
                    },
                )?;
            }
            w.set_chronology_mark(amara, "event:gateway:2026-06-10")?;
            w.set_gateway_panel(
                amara,
                GatewayPanelRow {
                    panel_date: d(2026, 12, 10),
                    pre_proceedings: false,
                },
            )?;
            w.set_gateway_paper(amara, "genogram", Some(d(2026, 11, 16)))?;
            w.set_gateway_paper(amara, "chronology", None)?;
            Ok(amara)
        })
        .unwrap();
    (dir, store, id)
}

/// The app on F100's screen, read as the event loop reads it, on `tabs`
/// presses of Tab from where it opens (the timeline), counted as before
/// the Forms tab came after the record: 2 the family, 3 the chronology,
/// 4 the Gateway.
pub(crate) fn on_papers(store: &Store, width: u16, height: u16, tabs: usize) -> App {
    let tabs = if tabs >= 2 { tabs + 1 } else { tabs };
    let library = library();
    let mut app = app(store, width, height);
    app.calendar = library.calendar.clone();
    let child = store.child_id("F100").unwrap().unwrap();
    app.select_child(child).unwrap();
    assert!(permanence::ui::load_child(store, &library, &mut app, child).unwrap());
    assert_eq!(app.context(), Context::ChildTimeline);
    for _ in 0..tabs {
        key(&mut app, "tab");
    }
    app
}

fn type_text(app: &mut App, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn the_family_tab_draws_the_genogram_at_80_by_24() {
    let (_dir, store, _) = family_store();
    let app = on_papers(&store, 80, 24, 2);
    assert_eq!(app.context(), Context::ChildFamily);
    let buffer = render(&app, 80, 24);
    let screen = text(&buffer);
    for part in [
        " Timeline  Record  Forms  Family  Chronology  Gateway  History",
        "Genogram · p lists the people",
        "((Amara",
        "(Grace",
        "[Daniel",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    // The child is in the title's role, the family's lines in the border's.
    let theme = permanence::ui::theme::Theme::default();
    let (x, y) = screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            l.find("((Amara")
                .map(|x| (l[..x].chars().count() as u16, y as u16))
        })
        .unwrap();
    assert_eq!(buffer[(x + 2, y)].fg, theme.title.fg.unwrap_or_default());
    insta::assert_snapshot!(screen);
}

#[test]
fn the_genogram_scrolls_to_its_key_and_sideways() {
    let (_dir, store, _) = family_store();
    let mut app = on_papers(&store, 80, 16, 2);
    let top = text(&render(&app, 80, 16));
    key(&mut app, "G");
    let bottom = text(&render(&app, 80, 16));
    assert_ne!(top, bottom, "the family and its key are taller than the window");
    assert!(bottom.contains("Key: [ ] male"), "{bottom}");
    assert!(bottom.contains("X deceased"), "{bottom}");
    assert!(
        bottom.contains("Nia Brown"),
        "the connected person, beside the tree:\n{bottom}"
    );
    // A narrow window: the tree is wider, and → shows what is beyond.
    let mut app = on_papers(&store, 50, 20, 2);
    let before = text(&render(&app, 50, 20));
    assert!(before.contains("more"), "{before}");
    key(&mut app, "l");
    let after = text(&render(&app, 50, 20));
    assert_ne!(before, after);
}

#[test]
fn the_people_list_at_80_by_24() {
    let (_dir, store, _) = family_store();
    let mut app = on_papers(&store, 80, 24, 2);
    key(&mut app, "p");
    let screen = text(&render(&app, 80, 24));
    for part in [
        "Amara Okafor · the child",
        "Grace Okafor · mother",
        "parental responsibility",
        "family time: twice weekly, supervised",
        "Ruth Okafor · maternal grandmother",
        "Samuel Okafor · maternal grandfather",
        "deceased",
        "Joy Okafor · maternal aunt",
        "viability assessment positive 05/10/2026",
        "potential carer",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
    // Further down: the conference, who came, and its outcomes.
    key(&mut app, "G");
    let screen = text(&render(&app, 80, 24));
    for part in [
        "Family Group Conference · 20/10/2026",
        "Attended: Grace Okafor, Ruth Okafor, Joy Okafor",
        "Special guardianship assessment of Joy and Tom (by 18/12/2026) · not on",
        "Life story book started with Amara · not on the timeline",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
}

#[test]
fn an_outcome_goes_on_the_timeline_from_the_people_list() {
    let (_dir, mut store, child) = family_store();
    let library = library();
    let mut app = on_papers(&store, 80, 24, 2);
    key(&mut app, "p G k");
    let Some(effect) = key(&mut app, "t") else {
        panic!("t did nothing: {:?}", app.message());
    };
    assert!(
        matches!(effect, permanence::ui::app::Effect::OutcomeToTimeline { .. }),
        "{effect:?}"
    );
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    assert_eq!(app.message(), Some("On the timeline, due 18/12/2026"));
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("Special guardianship assessment of Joy and Tom (by 18/12/2026) · on the"),
        "reloaded:\n{screen}"
    );
    let timeline = timelines::timeline_of(&store, &library, child, today()).unwrap();
    assert!(
        timeline.plans[0]
            .items
            .iter()
            .any(|i| i.title == "Special guardianship assessment of Joy and Tom"),
        "on the primary plan"
    );
}

#[test]
fn a_child_with_no_family_network_is_told_how_to_load_one() {
    let (_dir, store) = store(5);
    let library = library();
    let mut app = app(&store, 80, 24);
    let child = store
        .caseload()
        .unwrap()
        .into_iter()
        .find(|row| store.network(row.id).unwrap().people.len() <= 1)
        .expect("a fixture child with no network");
    app.select_child(child.id).unwrap();
    permanence::ui::load_child(&store, &library, &mut app, child.id).unwrap();
    while app.context() != Context::ChildFamily {
        key(&mut app, "tab");
    }
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains(&format!(
            "No family network yet: `permanence family {} --import FILE` loads one",
            child.reference
        )),
        "{screen}"
    );
}

#[test]
fn the_chronology_tab_at_80_by_24() {
    let (_dir, store, _) = family_store();
    let app = on_papers(&store, 80, 24, 3);
    assert_eq!(app.context(), Context::ChildChronology);
    let screen = text(&render(&app, 80, 24));
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("/2026 ")).collect();
    let dates: Vec<String> = rows
        .iter()
        .map(|l| {
            let d = l.trim_start().get(..10).unwrap_or_default();
            format!("{}{}{}", &d[6..10], &d[3..5], &d[..2])
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order:\n{screen}");
    let police = rows.iter().find(|l| l.contains("Police called")).unwrap();
    assert!(
        police.contains("police report") && police.trim_end().ends_with('U'),
        "{police}"
    );
    let gateway = rows
        .iter()
        .find(|l| l.contains("Legal Gateway decision"))
        .unwrap();
    assert!(gateway.trim_end().ends_with("CPR"), "{gateway}");
    assert!(gateway.contains("Recorded event"), "its origin: {gateway}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_chronology_add_dialog_shows_what_is_wrong_on_its_field() {
    let (_dir, store, _) = family_store();
    let mut app = on_papers(&store, 80, 24, 3);
    key(&mut app, "a");
    type_text(&mut app, "+1d");
    key(&mut app, "tab");
    type_text(&mut app, "Contact with Kemi");
    key(&mut app, "enter");
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("Date: 24/11/2026 is in the future (today is 23/11/2026)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn an_entry_added_and_marked_shows_in_the_chronology() {
    let (_dir, mut store, _) = family_store();
    let library = library();
    let mut app = on_papers(&store, 100, 30, 3);
    key(&mut app, "a");
    key(&mut app, "tab");
    type_text(&mut app, "Contact with Kemi went well");
    key(&mut app, "tab");
    type_text(&mut app, "family");
    let effect = key(&mut app, "enter").expect("saved");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    assert_eq!(app.message(), Some("Added to the chronology on 23/11/2026"));
    let screen = text(&render(&app, 100, 30));
    let row = screen
        .lines()
        .find(|l| l.contains("Contact with Kemi went well"))
        .unwrap();
    assert!(
        row.contains("23/11/2026") && row.contains("Family") && row.contains("unverified"),
        "{row}"
    );
    // The last entry, today's: c marks it for the CPR, and it says so.
    key(&mut app, "G");
    let effect = key(&mut app, "c").expect("marked");
    permanence::ui::carry_out(&mut store, &library, &mut app, effect);
    let screen = text(&render(&app, 100, 30));
    let row = screen
        .lines()
        .find(|l| l.contains("Contact with Kemi went well"))
        .unwrap();
    assert!(row.trim_end().ends_with("unverified CPR"), "{row}");
}

#[test]
fn the_gateway_tab_at_80_by_24() {
    let (_dir, store, _) = family_store();
    let app = on_papers(&store, 80, 24, 4);
    assert_eq!(app.context(), Context::ChildGateway);
    let screen = text(&render(&app, 80, 24));
    for part in [
        "Legal Gateway panel: Thursday 10/12/2026",
        "Papers to the Practice Co-ordinator by 17:00 on Wednesday 09/12/2026",
        "Due in 16 days",
        "[x] Genogram",
        "16/11/2026",
        "[x] Chronology",
        "[ ] Referral Form",
        "Not ready: 2 of 4 papers still to tick",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn the_gateway_tab_says_when_a_bank_holiday_moves_the_deadline() {
    let (_dir, mut store, child) = family_store();
    let library = library();
    // New Year's Day 2025 was a Wednesday: the papers were due the day before.
    store
        .write(|w| {
            w.set_gateway_panel(
                child,
                permanence::store::GatewayPanelRow {
                    panel_date: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
                    pre_proceedings: true,
                },
            )
        })
        .unwrap();
    let app = on_papers(&store, 80, 24, 4);
    let screen = text(&render(&app, 80, 24));
    for part in [
        "Legal Gateway panel: Thursday 02/01/2025 · pre-proceedings referral: yes",
        "Papers to the Practice Co-ordinator by 17:00 on Tuesday 31/12/2024",
        "(Wednesday 01/01/2025 is a bank holiday)",
        "the deadline has passed",
        "[ ] Draft Pre-Proceedings Plan",
        "Not ready: 6 of 8 papers still to tick",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    let _ = library;
    insta::assert_snapshot!(screen);
}

#[test]
fn the_papers_tabs_draw_at_every_size_without_panicking() {
    let (_dir, store, _) = family_store();
    for (w, h) in [(50, 10), (51, 11), (60, 16), (80, 24), (120, 40), (200, 60)] {
        for tabs in 2..=4 {
            for people in [false, true] {
                let mut app = on_papers(&store, w, h, tabs);
                if people && tabs == 2 {
                    key(&mut app, "p");
                }
                for keys in ["", "j", "G", "l l l", "pgdn"] {
                    if !keys.is_empty() {
                        key(&mut app, keys);
                    }
                    let screen = text(&render(&app, w, h));
                    assert_eq!(screen.lines().count(), h as usize);
                    for line in screen.lines() {
                        assert!(
                            unicode_width::UnicodeWidthStr::width(line) <= w as usize,
                            "{w}×{h}: {line}"
                        );
                    }
                    assert!(
                        screen.contains("1 of 2 children"),
                        "{w}×{h}, tab {tabs}:\n{screen}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_papers_tabs_list_their_keys_in_help_and_the_palette() {
    let (_dir, store, _) = family_store();
    for (tabs, title, description) in [
        (2, "Keys · Family", "Switch between the genogram and the list"),
        (
            3,
            "Keys · Chronology",
            "Mark for the Child Permanence Report, or unmark",
        ),
        (
            4,
            "Keys · Legal Gateway",
            "Set the date of the Legal Gateway panel",
        ),
    ] {
        let mut app = on_papers(&store, 100, 40, tabs);
        key(&mut app, "?");
        let screen = text(&render(&app, 100, 40));
        assert!(screen.contains(title), "{screen}");
        assert!(screen.contains(description), "{screen}");
        key(&mut app, "?");
        key(&mut app, ":");
        let screen = text(&render(&app, 100, 40));
        assert!(screen.contains(description), "the palette too:\n{screen}");
    }
}
