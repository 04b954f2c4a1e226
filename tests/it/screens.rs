//! Every screen rendered to ratatui's TestBackend and compared with the
//! snapshot committed beside this file. A snapshot that changes fails
//! the test: review the new one (`INSTA_UPDATE=always cargo test`) and
//! commit it only if the change is intended.

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, fill, render};
use crate::util::{text, today};
use permanence::service::library::Library;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::keymap::Context;
use permanence::ui::view;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// A store holding the first `children` of the sixty-child fixture.
pub(crate) fn store(children: usize) -> (tempfile::TempDir, Store) {
    Caseload::sixty().first(children).store()
}

pub(crate) fn library() -> Library {
    Library::load(None).unwrap()
}

pub(crate) fn key(app: &mut App, keys: &str) -> Option<permanence::ui::app::Effect> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut effect = None;
    for name in keys.split(' ') {
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "down" => KeyCode::Down,
            "pgdn" => KeyCode::PageDown,
            "tab" => KeyCode::Tab,
            other => KeyCode::Char(other.chars().next().unwrap()),
        };
        effect = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    effect
}

fn open_selected(app: &mut App, store: &Store) {
    match key(app, "enter") {
        Some(permanence::ui::app::Effect::LoadChild(id)) => app.show_child(
            store.child_detail(id).unwrap().unwrap(),
            timelines::timeline_of(store, &library(), id, today()).unwrap(),
        ),
        other => panic!("Enter did not open a child: {other:?}"),
    }
}

#[test]
fn caseload_at_80_by_24() {
    let (_dir, store) = store(60);
    let app = app(&store, 80, 24);
    insta::assert_snapshot!(text(&render(&app, 80, 24)));
}

#[test]
fn caseload_at_120_by_40_shows_every_column() {
    let (_dir, store) = store(60);
    let app = app(&store, 120, 40);
    let screen = text(&render(&app, 120, 40));
    for title in [
        "Ref",
        "Name",
        "Age",
        "Legal",
        "Placement",
        "Worker",
        "Team",
        "RAG",
    ] {
        assert!(screen.lines().nth(1).unwrap().contains(title), "{title} missing");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn caseload_at_60_by_20_drops_columns() {
    let (_dir, store) = store(60);
    let app = app(&store, 60, 20);
    let screen = text(&render(&app, 60, 20));
    let header = screen.lines().nth(1).unwrap();
    assert!(header.contains("Name") && header.contains("RAG"));
    assert!(!header.contains("Team") && !header.contains("Placement"));
    insta::assert_snapshot!(screen);
}

#[test]
fn too_small_says_so() {
    let (_dir, store) = store(5);
    let app = app(&store, 40, 8);
    let screen = text(&render(&app, 40, 8));
    assert!(screen.contains("40×8"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn every_size_draws_without_panicking_and_fills_its_lines() {
    let (_dir, store) = store(30);
    for (w, h) in [(1, 1), (10, 3), (49, 9), (50, 10), (51, 11), (80, 24), (200, 60)] {
        let app = app(&store, w, h);
        let screen = text(&render(&app, w, h));
        assert_eq!(screen.lines().count(), h as usize);
        if w >= view::MIN_WIDTH && h >= view::MIN_HEIGHT {
            assert!(screen.contains("30 children"), "{w}×{h}:\n{screen}");
        }
    }
}

#[test]
fn search_narrows_the_table() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    key(&mut app, "/ m a r");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Search: mar"));
    assert!(screen.contains(&format!("{} of 60 children", app.shown())));
    insta::assert_snapshot!(screen);
}

#[test]
fn a_search_with_no_match_says_so() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    key(&mut app, "/ z z z");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("no child matches"));
    assert!(screen.contains("Esc clears it"));
}

#[test]
fn child_record_at_80_by_24() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    // The first child in a sibling group with a carer shows every section.
    let position = store
        .caseload()
        .unwrap()
        .iter()
        .position(|row| {
            let detail = store.child_detail(row.id).unwrap().unwrap();
            !detail.siblings.is_empty() && !detail.carers.is_empty()
        })
        .unwrap();
    for _ in 0..position {
        key(&mut app, "down");
    }
    open_selected(&mut app, &store);
    if app.context() == Context::ChildTimeline {
        key(&mut app, "tab");
    }
    let screen = text(&render(&app, 80, 24));
    for label in [
        "Date of birth",
        "Legal status",
        "Social worker",
        "Carers",
        "Siblings",
        "IRO",
    ] {
        assert!(screen.contains(label), "{label} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn child_record_narrow_is_one_column() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 60, 40);
    open_selected(&mut app, &store);
    if app.context() == Context::ChildTimeline {
        key(&mut app, "tab");
    }
    insta::assert_snapshot!(text(&render(&app, 60, 40)));
}

#[test]
fn help_lists_the_keys_of_the_screen_beneath() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    key(&mut app, "?");
    let screen = text(&render(&app, 80, 24));
    for entry in [
        "Keys · Caseload",
        "Search names and references",
        "Open the child's record",
    ] {
        assert!(screen.contains(entry), "{entry} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
    // The caseload's keys are more than 80x24 shows (the frame says how
    // many more): the last comes into view once the list is scrolled down.
    for _ in 0..4 {
        key(&mut app, "j");
    }
    let scrolled = text(&render(&app, 80, 24));
    assert!(scrolled.contains("Quit"), "Quit missing:\n{scrolled}");
    key(&mut app, "?");
    open_selected(&mut app, &store);
    key(&mut app, "?");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Keys · Child's record"));
    assert!(screen.contains("Next child in the list"));
}

#[test]
fn an_empty_caseload_explains_how_to_fill_it() {
    let (_dir, store) = store(0);
    let app = app(&store, 80, 24);
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("No children yet"));
    // A worker with no command line (a forced SSH command) adds one by key.
    assert!(screen.contains("a adds a child"), "{screen}");
    assert!(screen.contains("0 children"));
}

#[test]
fn selection_and_rag_do_not_rely_on_colour() {
    let (_dir, store) = store(60);
    let app = app(&store, 80, 24);
    let buffer = render(&app, 80, 24);
    // The selected row (line 2) is in reverse video, visible without colour.
    assert!(buffer[(5, 2)].modifier.contains(Modifier::REVERSED));
    assert!(!buffer[(5, 3)].modifier.contains(Modifier::REVERSED));
    // Every RAG cell carries its letter.
    let screen = text(&buffer);
    let rag_letters: Vec<char> = screen
        .lines()
        .skip(2)
        .take(21)
        .filter_map(|l| l.trim_end().chars().last())
        .collect();
    assert!(
        rag_letters.iter().all(|c| "RAYG·".contains(*c)),
        "{rag_letters:?}"
    );
}

/// Opens the first child whose primary plan is on `pathway`.
fn open_child_on(app: &mut App, store: &Store, pathway: &str) {
    let rows = store.caseload().unwrap();
    let position = rows
        .iter()
        .position(|row| {
            store
                .plans(row.id)
                .unwrap()
                .iter()
                .any(|p| p.pathway == pathway && p.role == permanence::domain::plan::PlanRole::Primary)
        })
        .unwrap_or_else(|| panic!("no child on {pathway}"));
    for _ in 0..position {
        key(app, "down");
    }
    open_selected(app, store);
}

#[test]
fn caseload_shows_each_childs_plan_and_lateness() {
    let (_dir, store) = store(60);
    let app = app(&store, 80, 24);
    let screen = text(&render(&app, 80, 24));
    let header = screen.lines().nth(1).unwrap();
    for title in ["Plan", "Next due", "Late", "RAG", "Calc"] {
        assert!(header.contains(title), "{title} missing: {header}");
    }
    assert!(
        ["Adoption w", "SGO w", "Reunify w", "Perm FC w"]
            .iter()
            .any(|p| screen.contains(p)),
        "{screen}"
    );
}

#[test]
fn timeline_at_80_by_24() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    open_child_on(&mut app, &store, "adoption");
    assert_eq!(app.context(), Context::ChildTimeline);
    let screen = text(&render(&app, 80, 24));
    for part in [
        "Timeline", "Week", "Adoption", "Status", "Target", "Deadline", "▼",
    ] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn timeline_at_120_by_40_shows_who() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 120, 40);
    open_child_on(&mut app, &store, "special-guardianship");
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Who"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn timeline_help_lists_its_keys() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 30);
    open_child_on(&mut app, &store, "adoption");
    key(&mut app, "?");
    let screen = text(&render(&app, 80, 30));
    for entry in [
        "Keys · Timeline",
        "Mark the item done",
        "Record when something happened",
        "Add an item",
        "Show only one role",
    ] {
        assert!(screen.contains(entry), "{entry} missing:\n{screen}");
    }
}

#[test]
fn the_mark_done_dialog() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    open_child_on(&mut app, &store, "adoption");
    key(&mut app, "d");
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Mark done:"), "{screen}");
    assert!(screen.contains("Done on: 23/11/2026"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_form_opened_from_the_child_screen_shows_its_fields_problems_and_route() {
    let (_dir, mut store) = store(60);
    let library = library();
    let mut app = app(&store, 90, 30);
    app.set_form_kinds(
        library
            .forms
            .iter()
            .map(|f| (f.kind.clone(), f.title.clone()))
            .collect(),
    );
    open_selected(&mut app, &store);
    key(&mut app, "F");
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("Fill in a form"), "{screen}");
    assert!(
        screen.contains("Financial Agreement Sign off Process"),
        "{screen}"
    );
    let Some(permanence::ui::app::Effect::OpenForm { child, kind }) = key(&mut app, "down down down enter")
    else {
        panic!("choosing a form should open it");
    };
    assert_eq!(kind, "financial-request");
    permanence::ui::forms::open(&mut store, &library, &mut app, child, &kind).unwrap();
    assert_eq!(app.context(), Context::FormEditor);
    // The request type from its options, then an amount over £20,000.
    key(&mut app, "tab tab enter");
    assert_eq!(app.context(), Context::FormChoice);
    key(&mut app, "down enter");
    key(&mut app, "2 5 0 0 0");
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("grant"), "{screen}");
    assert!(
        screen.contains("Route: Director → Departmental Management Team (DMT)"),
        "{screen}"
    );
    // A date typed into a money field is refused beside it, in words.
    key(&mut app, "x");
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("✗ 25000x is not an amount of money"), "{screen}");
    insta::assert_snapshot!(screen);
    // The help overlay lists the form's keys.
    app.handle_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::F(1),
        crossterm::event::KeyModifiers::NONE,
    ));
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("Keys · Filling in a form"), "{screen}");
    assert!(screen.contains("Add a row to the table"), "{screen}");
}

#[test]
fn an_sgo_support_plan_is_one_per_child_sharing_only_the_carers_sections() {
    use permanence::ui::form_editor::Slot;
    let (_dir, mut store) = store(60);
    let library = library();
    let mut app = app(&store, 90, 30);
    let (child, sibling) = store
        .caseload()
        .unwrap()
        .iter()
        .find_map(|row| {
            let detail = store.child_detail(row.id).unwrap().unwrap();
            detail.siblings.first().map(|s| (row.id, s.id))
        })
        .expect("the fixture caseload has a sibling group");
    let kind = "sgo-support-plan";
    permanence::ui::forms::open(&mut store, &library, &mut app, child, kind).unwrap();
    assert!(
        app.message().unwrap_or_default().contains("One plan per child"),
        "{:?}",
        app.message()
    );
    let started = store
        .open_draft(sibling, kind)
        .unwrap()
        .expect("a draft for the sibling");
    let def = library.form(kind).unwrap();
    let index = |id: &str| def.fields().position(|f| f.id == id).unwrap();
    let editor = app.form_editor_mut().unwrap();
    // The template leaves the child's name, reference and date of birth
    // to the record: the editor's, prefilled from it, are kept.
    let from_record: Vec<_> = ["child_name", "child_reference", "date_of_birth"]
        .into_iter()
        .map(|id| (index(id), editor.slots[index(id)].clone()))
        .collect();
    editor.restore(&permanence::domain::form::template(def, today()));
    for (at, slot) in from_record {
        editor.slots[at] = slot;
    }
    editor.slots[index("special_guardian_names")] = Slot::Text("Pat and Lee Gran".into());
    editor.slots[index("needs_short_term")] = Slot::Text("Only this child's needs".into());
    let (data, problems) = editor.check();
    assert!(problems.is_empty(), "{problems:?}");
    let json = permanence::domain::form::to_json(def, &data);
    assert_eq!(
        permanence::ui::forms::submit(&mut store, &library, &mut app, &data, &json),
        Some(child)
    );
    let message = app.message().unwrap_or_default().to_string();
    assert!(
        message.contains("the carers' sections were copied to"),
        "{message}"
    );
    let theirs = store.open_draft(sibling, kind).unwrap().unwrap();
    assert_eq!(theirs.id, started.id, "the sibling's own draft, updated");
    assert_eq!(theirs.data["raw"]["special_guardian_names"], "Pat and Lee Gran");
    assert_ne!(theirs.data["raw"]["needs_short_term"], "Only this child's needs");
    // The sibling's own details are theirs, not copied.
    let sibling_ref = store.child_detail(sibling).unwrap().unwrap().fields.reference;
    assert_eq!(theirs.data["raw"]["child_reference"], sibling_ref.as_str());
}

#[test]
fn best_option_reads_at_80_by_24_and_its_reference_is_searchable() {
    let (_dir, store) = store(60);
    let library = library();
    let mut app = app(&store, 80, 24);
    open_selected(&mut app, &store);
    let Some(permanence::ui::app::Effect::OpenBestOption { child }) = key(&mut app, "B") else {
        panic!("B should open the best option");
    };
    let detail = store.child_detail(child).unwrap().unwrap();
    let plans = store.plans(child).unwrap();
    let facts = permanence::domain::guidance_facts::from_record(&detail, &plans, today());
    app.show_best_option(permanence::ui::best_option_view::BestOptionView {
        child,
        label: "Test".into(),
        guidance: library.guidance.clone(),
        recorded: facts,
        facts: permanence::domain::guidance::Facts {
            age: Some(4),
            connected_people: false,
            return_home_ruled_out: true,
        },
        plans: vec![("permanent-fostering".into(), "primary".into())],
        part: permanence::ui::best_option_view::Part::Scenario,
        scroll: 0,
        query: String::new(),
        searching: false,
    });
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Scenario 1: Children under 10"), "{screen}");
    key(&mut app, "pgdn");
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("3. Contingency Permanent Fostering ◀ the primary plan"),
        "{screen}"
    );
    assert!(
        screen.contains("Have Adoption and") && screen.contains("been considered and ruled out?"),
        "{screen}"
    );
    // The orders' advantages and disadvantages, searched.
    key(&mut app, "tab");
    key(&mut app, "/");
    for c in "wealthier".chars() {
        key(&mut app, &c.to_string());
    }
    let screen = text(&render(&app, 80, 24));
    assert!(
        screen.contains("Child Arrangement Order: disadvantages"),
        "{screen}"
    );
    assert!(screen.contains("wealthier parent"), "{screen}");
    assert!(!screen.contains("Adoption: advantages"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_with_more_keys_than_fit_scrolls_and_says_so() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 16);
    key(&mut app, "?");
    let first = text(&render(&app, 80, 16));
    assert!(first.contains("more · Esc closes"), "{first}");
    assert!(first.contains("Down a line"), "{first}");
    assert!(
        !first.contains("Find any action by name"),
        "the last keys are below: {first}"
    );
    assert!(first.contains("Ctrl-c quits"), "said once, in the frame: {first}");
    for _ in 0..10 {
        key(&mut app, "j");
    }
    let scrolled = text(&render(&app, 80, 16));
    assert!(scrolled.contains("Find any action by name"), "{scrolled}");
    assert!(!scrolled.contains("Down a line"), "{scrolled}");
    // Closing and opening again starts from the top.
    key(&mut app, "esc");
    key(&mut app, "?");
    assert!(text(&render(&app, 80, 16)).contains("Down a line"));
}

#[test]
fn the_palette_at_80_by_24() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    key(&mut app, ":");
    assert_eq!(app.context(), Context::Palette);
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Actions · Caseload"), "{screen}");
    assert!(screen.contains("type a few letters"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("›Down a line") && l.contains("↓ j")),
        "the first action is highlighted with its keys:\n{screen}"
    );
    insta::assert_snapshot!(screen);

    // Typed into, it narrows to what matches, the key beside it.
    for c in "dash".chars() {
        key(&mut app, &c.to_string());
    }
    let screen = text(&render(&app, 80, 24));
    let line = screen
        .lines()
        .find(|l| l.contains("Dashboard: the caseload in pictures"))
        .unwrap_or_else(|| panic!("dashboard not listed:\n{screen}"));
    assert!(line.trim_end_matches('│').trim_end().ends_with('D'), "{line}");
    assert!(!screen.contains("Down a line"), "{screen}");
    assert!(screen.contains(": dash"), "{screen}");
}

#[test]
fn the_palette_reads_on_small_windows_and_says_when_it_scrolls() {
    let (_dir, store) = store(30);
    for (w, h) in [(50, 10), (60, 14), (80, 24), (120, 40)] {
        let mut app = app(&store, w, h);
        key(&mut app, ":");
        // Down to the last action: the window follows the highlight.
        for _ in 0..30 {
            key(&mut app, "down");
        }
        let screen = text(&render(&app, w, h));
        assert_eq!(screen.lines().count(), h as usize);
        assert!(screen.contains("Actions"), "{w}×{h}:\n{screen}");
        assert!(
            // The caseload's last action (issue 18 added "a" after q).
            screen.contains("›Add a child"),
            "the last is in view at {w}×{h}:\n{screen}"
        );
        let listed = app.palette().unwrap().matches().len();
        // Borders and the typing line leave the rest for the list.
        let room = (h as usize).saturating_sub(2).saturating_sub(3);
        if listed > room {
            assert!(screen.contains(&format!("of {listed}")), "{w}×{h}:\n{screen}");
        }
        for line in screen.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= w as usize);
        }
    }
}

/// Clicks each line of the screen in turn and checks that whatever a
/// click selects is the line drawn where it was clicked: the view and the
/// mouse agree on the layout. Returns the lines that were highlighted,
/// by a click or (the line already highlighted, where a click would open
/// it instead) before one.
fn clicks_land_where_drawn(app: &mut App, w: u16, h: u16, column: u16) -> Vec<u16> {
    let reversed = |buffer: &Buffer, y: u16| buffer[(column, y)].modifier.contains(Modifier::REVERSED);
    let mut highlighted = Vec::new();
    for y in 0..h {
        let before = render(app, w, h);
        if reversed(&before, y) {
            highlighted.push(y);
            continue;
        }
        let effect = app.click(column, y);
        assert_eq!(effect, None, "line {y}");
        let after = render(app, w, h);
        if after == before {
            continue;
        }
        highlighted.push(y);
        assert!(
            reversed(&after, y),
            "clicked line {y}, not highlighted:\n{}",
            text(&after)
        );
        let lit = (0..h).filter(|&l| reversed(&after, l)).count();
        assert_eq!(lit, 1, "clicked line {y}:\n{}", text(&after));
    }
    highlighted
}

#[test]
fn a_click_selects_the_row_drawn_there() {
    let (_dir, store) = store(60);
    let mut app = app(&store, 80, 24);
    let screen = text(&render(&app, 80, 24));
    // Every line of the table's body, below the title and the header.
    let children: Vec<u16> = (0..24u16)
        .filter(|&y| {
            let line = screen.lines().nth(y as usize).unwrap();
            store
                .caseload()
                .unwrap()
                .iter()
                .any(|r| line.contains(&r.reference))
        })
        .collect();
    assert_eq!(children.len(), 21, "{screen}");
    assert_eq!(clicks_land_where_drawn(&mut app, 80, 24, 30), children);

    let mut app = self::app(&store, 80, 24);
    open_child_on(&mut app, &store, "adoption");
    assert_eq!(app.context(), Context::ChildTimeline);
    let screen = text(&render(&app, 80, 24));
    let items: Vec<u16> = screen
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            ["✓ ", "· ", "◆ ", "! ", "✗ ", "– "]
                .iter()
                .any(|s| l.starts_with(s))
        })
        .map(|(y, _)| y as u16)
        .collect();
    assert!(items.len() > 2, "{screen}");
    // The tab bar's active tab is reverse video too: click right of it.
    assert_eq!(clicks_land_where_drawn(&mut app, 80, 24, 45), items);
}

/// Every `DD/MM/YYYY` on a screen: none should be left once another
/// style is chosen.
fn uk_dates(screen: &str) -> Vec<String> {
    let chars: Vec<char> = screen.chars().collect();
    chars
        .windows(10)
        .filter(|w| {
            w.iter().enumerate().all(|(i, c)| match i {
                2 | 5 => *c == '/',
                _ => c.is_ascii_digit(),
            })
        })
        .map(|w| w.iter().collect())
        .collect()
}

#[test]
fn the_chosen_date_style_is_used_on_the_caseload_timeline_and_record() {
    use permanence::domain::date::DateStyle;
    let (_dir, store) = store(60);
    for (style, today_shown) in [
        (DateStyle::Iso, "2026-11-23"),
        (DateStyle::Written, "23 Nov 2026"),
    ] {
        let mut app = app(&store, 100, 30);
        app.dates = style;
        let caseload = text(&render(&app, 100, 30));
        assert!(caseload.contains(today_shown), "{style:?}:\n{caseload}");
        assert_eq!(
            uk_dates(&caseload),
            Vec::<String>::new(),
            "{style:?}:\n{caseload}"
        );
        open_child_on(&mut app, &store, "adoption");
        let timeline = text(&render(&app, 100, 30));
        assert!(timeline.contains("Week"), "{timeline}");
        assert_eq!(
            uk_dates(&timeline),
            Vec::<String>::new(),
            "{style:?}:\n{timeline}"
        );
        key(&mut app, "tab");
        let record = text(&render(&app, 100, 30));
        assert!(record.contains("Date of birth"), "{record}");
        assert_eq!(uk_dates(&record), Vec::<String>::new(), "{style:?}:\n{record}");
    }
    // And the default is the British one, on the same screens.
    let app = app(&store, 100, 30);
    assert!(!uk_dates(&text(&render(&app, 100, 30))).is_empty());
}

#[test]
fn a_form_prefills_the_records_dates_in_the_chosen_style() {
    use permanence::domain::date::DateStyle;
    let (_dir, mut store) = store(60);
    let library = library();
    let mut app = app(&store, 100, 40);
    app.dates = DateStyle::Written;
    open_selected(&mut app, &store);
    let child = store.caseload().unwrap()[0].id;
    permanence::ui::forms::open(&mut store, &library, &mut app, child, "cpr-audit").unwrap();
    assert_eq!(app.context(), Context::FormEditor);
    let screen = text(&render(&app, 100, 40));
    assert!(screen.contains("23 Nov 2026"), "today, as chosen:\n{screen}");
    assert_eq!(uk_dates(&screen), Vec::<String>::new(), "{screen}");
}

/// A team manager with no children of their own (Lacey Marshall in the
/// fixture) opens on their team, and the status line says why, at both
/// sizes the issue names.
#[test]
fn a_manager_without_a_caseload_opens_on_their_team_and_is_told_why() {
    use permanence::domain::caseload_view::{Me, Scope, opening};
    let (_dir, store) = store(24);
    let rows = store.caseload().unwrap();
    let me = Me {
        name: Some("Lacey Marshall".into()),
        team: Some("Children in Care 1".into()),
    };
    assert!(rows.iter().all(|r| r.worker != me.name), "no child of her own");
    let chosen = opening(&me, true, &rows);
    for (width, height, name) in [(80, 24, "80x24"), (120, 40, "120x40")] {
        let mut app = app(&store, width, height);
        app.set_me(me.clone(), Vec::new());
        app.open_on(chosen.clone());
        fill(&mut app, &store);
        assert_eq!(app.caseload_view().scope, Scope::MyTeam);
        let screen = text(&render(&app, width, height));
        // Whole at both sizes: at 80 columns it wraps onto the line above
        // the status line rather than being cut.
        let words = "You have no caseload of your own; showing your team";
        assert!(screen.contains(words), "{screen}");
        insta::assert_snapshot!(format!("opens_on_the_team_{name}"), screen);
    }
}

/// Ctrl-S on a complete form asks before submitting, in the issue's words,
/// and the help over it lists the two answers.
#[test]
fn submitting_a_form_is_asked_first() {
    let (_dir, mut store) = store(60);
    let library = library();
    let mut app = app(&store, 90, 30);
    let child = store.caseload().unwrap()[0].id;
    permanence::ui::forms::open(&mut store, &library, &mut app, child, "financial-request").unwrap();
    // Drawn as a complete form's Ctrl-S leaves it (the editor's own tests
    // show which forms get there).
    app.form_editor_mut().unwrap().confirming = true;
    assert_eq!(app.context(), Context::FormSubmit);
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("Submit?"), "{screen}");
    assert!(
        screen.contains("A submitted form can only be amended."),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    key(&mut app, "esc");
    assert_eq!(app.context(), Context::FormEditor, "Esc goes back to filling in");
    // Leaving with something typed asks too, in a box of the same kind.
    key(&mut app, "x esc");
    assert_eq!(app.context(), Context::FormLeave);
    let screen = text(&render(&app, 90, 30));
    assert!(screen.contains("Leave the form?"), "{screen}");
    assert!(
        screen.contains("k keep it as a draft to finish later"),
        "{screen}"
    );
    assert!(screen.contains("k keep  d discard  Esc back"), "{screen}");
}
