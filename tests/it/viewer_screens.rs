//! The viewer, for a user with no shell (a forced SSH command): a child's
//! chronology, a child's timeline and a meeting's minutes read in the app
//! as the command line writes them, scrolled, and saved into the administrator's export folder
//! as owner-only files named by reference, never by name; and a message
//! too long for the status line wrapped at its words, not cut.

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn};
use crate::util::today;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use permanence::domain::cohort::Tracker;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::keymap::Context;

fn press(app: &mut App, store: &mut Store, library: &Library, code: KeyCode) {
    if let Some(effect) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        permanence::ui::carry_out(store, library, app, effect);
    }
}

fn keys(app: &mut App, store: &mut Store, library: &Library, text: &str) {
    for c in text.chars() {
        press(app, store, library, KeyCode::Char(c));
    }
}

/// The sixty-child fixture, the app at `width` × `height` on the first
/// child with a plan, and the chronology opened with `V` on the child's
/// Chronology tab (on the Timeline tab `V` opens the timeline).
fn chronology(width: u16, height: u16) -> (tempfile::TempDir, Store, Library, App) {
    opened(width, height, Context::ChildChronology)
}

/// As [`chronology`], with `V` pressed on the tab `tab`.
fn opened(width: u16, height: u16, tab: Context) -> (tempfile::TempDir, Store, Library, App) {
    let (dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, width, height);
    let row = store
        .caseload()
        .unwrap()
        .into_iter()
        .find(|r| r.reference == "1041025")
        .unwrap();
    app.select_child(row.id).unwrap();
    assert!(permanence::ui::load_child(&store, &library, &mut app, row.id).unwrap());
    while app.context() != tab {
        press(&mut app, &mut store, &library, KeyCode::Tab);
    }
    keys(&mut app, &mut store, &library, "V");
    assert_eq!(app.context(), Context::Viewer);
    (dir, store, library, app)
}

#[test]
fn the_chronology_reads_in_the_viewer_as_the_command_line_writes_it() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (_dir, mut store, library, mut app) = chronology(width, height);
        let text = app.viewer().unwrap().text.clone();
        assert!(text.starts_with("# Chronology"), "{text}");
        assert!(text.contains("Jade Brown (1041025)"), "{text}");
        let screen = drawn(&app, width, height);
        assert!(screen.contains("Chronology · 1041025"), "{screen}");
        insta::assert_snapshot!(format!("chronology_viewer_{width}x{height}"), screen);
        // `/` finds a word (whatever its case): its line comes to the top,
        // or as near it as the end of the text allows, highlighted.
        keys(&mut app, &mut store, &library, "/case review");
        assert_eq!(app.context(), Context::ViewerFind);
        let typing = drawn(&app, width, height);
        assert!(typing.contains("find: case review"), "{typing}");
        press(&mut app, &mut store, &library, KeyCode::Enter);
        let found = drawn(&app, width, height);
        let hit = app.viewer().unwrap().hit.unwrap();
        let scroll = app.viewer().unwrap().scroll;
        let line = found.lines().nth(1 + hit - scroll).unwrap();
        assert!(line.contains("Case review"), "{found}");
        // End shows the last line at the bottom; Esc closes, the child beneath.
        press(&mut app, &mut store, &library, KeyCode::End);
        let last = text.lines().last().unwrap().trim();
        let end = drawn(&app, width, height);
        assert!(end.contains(last), "{last:?} in\n{end}");
        press(&mut app, &mut store, &library, KeyCode::Esc);
        assert_eq!(app.context(), Context::ChildChronology);
    }
}

/// `V` on the Timeline tab: the timeline as `permanence timeline REF`
/// prints it (the same writer), saved with `s` as an owner-only text file
/// named by reference and date, the export on the audit trail.
#[test]
fn the_timeline_reads_in_the_viewer_as_the_command_line_prints_it() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (_dir, mut store, library, mut app) = opened(width, height, Context::ChildTimeline);
        let child = store.child_id("1041025").unwrap().unwrap();
        let timeline = permanence::service::timelines::timeline_of(&store, &library, child, today()).unwrap();
        let text = app.viewer().unwrap().text.clone();
        assert_eq!(
            text,
            permanence::interchange::timeline_text::text("1041025", &timeline)
        );
        assert!(text.starts_with("1041025: timeline as of 23/11/2026"), "{text}");
        let screen = drawn(&app, width, height);
        assert!(screen.contains("Timeline · 1041025"), "{screen}");
        insta::assert_snapshot!(format!("timeline_viewer_{width}x{height}"), screen);
        let folder = tempfile::tempdir().unwrap();
        app.export_folder = Some(folder.path().to_path_buf());
        keys(&mut app, &mut store, &library, "s");
        let expected = folder.path().join(format!(
            "1041025-timeline-{}.txt",
            permanence::domain::date::iso(today())
        ));
        assert_eq!(
            app.message(),
            Some(format!("Saved to {}", expected.display()).as_str())
        );
        assert_eq!(std::fs::read_to_string(&expected).unwrap(), text);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&expected).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "owner-only");
        }
        let entries = store.audit_entries(Some("1041025")).unwrap();
        let export = entries.iter().rev().find(|e| e.action == "export").unwrap();
        assert!(
            export.after.as_deref().unwrap_or("").contains("\"timeline\""),
            "{export:?}"
        );
        press(&mut app, &mut store, &library, KeyCode::Esc);
        assert_eq!(app.context(), Context::ChildTimeline);
    }
}

#[test]
fn the_minutes_read_in_the_viewer_from_the_meeting() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (_dir, mut store) = Caseload::sixty().store();
        let library = Library::load(None).unwrap();
        let mut app = app(&store, width, height);
        crate::util::screen::start_meeting(&mut store, &library, &mut app, Tracker::Permanence);
        keys(&mut app, &mut store, &library, "r");
        keys(&mut app, &mut store, &library, "m");
        assert_eq!(app.context(), Context::Viewer);
        let viewer = app.viewer().unwrap();
        let meeting = store.meetings().unwrap()[0].0;
        let stored = store.meeting(meeting).unwrap().unwrap();
        assert_eq!(
            viewer.text,
            permanence::interchange::minutes::markdown(&stored),
            "the minutes command's own text"
        );
        assert!(!viewer.file_name.contains(' '), "{}", viewer.file_name);
        let screen = drawn(&app, width, height);
        insta::assert_snapshot!(format!("minutes_viewer_{width}x{height}"), screen);
        keys(&mut app, &mut store, &library, "q");
        assert_eq!(app.context(), Context::Meeting);
    }
}

#[test]
fn s_saves_an_owner_only_file_in_the_export_folder_and_says_where() {
    let (_dir, mut store, library, mut app) = chronology(80, 24);
    // A read-only session may save too: a file is not a database write.
    app.session.read_only = true;
    let folder = tempfile::tempdir().unwrap();
    app.export_folder = Some(folder.path().to_path_buf());
    keys(&mut app, &mut store, &library, "s");
    let expected = folder.path().join(format!(
        "1041025-chronology-{}.md",
        permanence::domain::date::iso(today())
    ));
    let message = app.message().unwrap().to_string();
    assert_eq!(message, format!("Saved to {}", expected.display()));
    let saved = std::fs::read_to_string(&expected).unwrap();
    assert_eq!(saved, app.viewer().unwrap().text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&expected).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
    // The export is on the record, by reference.
    let entries = store.audit_entries(Some("1041025")).unwrap();
    let export = entries.iter().rev().find(|e| e.action == "export").unwrap();
    assert!(
        export.after.as_deref().unwrap_or("").contains("chronology"),
        "{export:?}"
    );
    // Saving again never overwrites: a second file beside the first.
    keys(&mut app, &mut store, &library, "s");
    assert!(app.message().unwrap().ends_with("-2.md"), "{:?}", app.message());
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
    // The message is shown whole: where the temporary folder's path makes
    // it longer than the line, it wraps above the status line.
    let screen = drawn(&app, 80, 24);
    let joined: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(joined.contains(app.message().unwrap()), "{screen}");
}

#[test]
fn with_no_export_folder_s_says_so_and_how_to_set_it_whole() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (_dir, mut store, library, mut app) = chronology(width, height);
        keys(&mut app, &mut store, &library, "s");
        assert_eq!(app.message(), Some(permanence::ui::app::NO_EXPORT_FOLDER));
        let screen = drawn(&app, width, height);
        // Wrapped at its words above the status line, nothing cut.
        let joined: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains(permanence::ui::app::NO_EXPORT_FOLDER), "{screen}");
        insta::assert_snapshot!(format!("no_export_folder_{width}x{height}"), screen);
    }
}

#[test]
fn a_past_meetings_minutes_are_picked_from_the_caseload() {
    let (_dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, 80, 24);
    keys(&mut app, &mut store, &library, "M");
    assert_eq!(
        app.message(),
        Some("No tracker meetings yet: press T to hold one")
    );
    crate::util::screen::start_meeting(&mut store, &library, &mut app, Tracker::Permanence);
    press(&mut app, &mut store, &library, KeyCode::Esc);
    assert_eq!(app.context(), Context::Caseload);
    keys(&mut app, &mut store, &library, "M");
    assert_eq!(app.context(), Context::Picker);
    let screen = drawn(&app, 80, 24);
    assert!(screen.contains("23/11/2026 · permanence"), "{screen}");
    press(&mut app, &mut store, &library, KeyCode::Enter);
    assert_eq!(app.context(), Context::Viewer);
    assert!(
        app.viewer()
            .unwrap()
            .text
            .starts_with("# Permanence Tracker: minutes")
    );
}

#[test]
fn v_opens_the_viewer_from_every_tab_of_the_childs_screen() {
    let (_dir, mut store) = Caseload::sixty().store();
    let library = Library::load(None).unwrap();
    let mut app = app(&store, 120, 40);
    let child = store.child_id("1041025").unwrap().unwrap();
    app.select_child(child).unwrap();
    assert!(permanence::ui::load_child(&store, &library, &mut app, child).unwrap());
    let first = app.context();
    loop {
        let tab = app.context();
        keys(&mut app, &mut store, &library, "V");
        assert_eq!(app.context(), Context::Viewer, "V did nothing on {tab:?}");
        let title = &app.viewer().unwrap().title;
        let want = if tab == Context::ChildTimeline {
            "Timeline · 1041025"
        } else {
            "Chronology · 1041025"
        };
        assert_eq!(title, want, "on {tab:?}");
        press(&mut app, &mut store, &library, KeyCode::Esc);
        assert_eq!(app.context(), tab, "Esc did not go back to {tab:?}");
        press(&mut app, &mut store, &library, KeyCode::Tab);
        if app.context() == first {
            break;
        }
    }
}
