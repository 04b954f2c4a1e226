//! The main screens in the `monochrome` and `high-contrast` themes,
//! snapshotted with their styles (ratatui's buffer as it debugs: the text,
//! then every change of colour and emphasis), and what each theme
//! promises checked outright: no colour at all in monochrome, with the
//! selection still shown; black under everything in high contrast.

use crate::util::caseloads::Caseload;
use crate::util::{screen, today};
use permanence::service::library::Library;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::app::{App, Effect};
use permanence::ui::theme::{self, Depth};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

fn library() -> Library {
    Library::load(None).unwrap()
}

/// A store holding the first 24 children of the sixty-child fixture.
fn store() -> (tempfile::TempDir, Store) {
    Caseload::sixty().first(24).store()
}

fn app(store: &Store, theme: &str) -> App {
    let mut app = screen::app(store, 80, 24);
    let chosen = theme::choose(Some(theme), &[], Depth::TrueColour);
    assert_eq!(chosen.warning, None);
    app.theme = chosen.theme;
    app
}

fn render(app: &App) -> Buffer {
    screen::render(app, 80, 24)
}

fn cells(buffer: &Buffer) -> impl Iterator<Item = &ratatui::buffer::Cell> {
    buffer.content.iter()
}

/// The selected caseload row: the one drawn in reverse video.
fn reversed_rows(buffer: &Buffer) -> Vec<u16> {
    (0..buffer.area.height)
        .filter(|&y| (0..buffer.area.width).all(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED)))
        .collect()
}

fn open_timeline(app: &mut App, store: &Store) {
    // The selected child, as Enter opens them.
    match app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)) {
        Some(Effect::LoadChild(child)) => {
            let timeline = timelines::timeline_of(store, &library(), child, today()).unwrap();
            let detail = store.child_detail(child).unwrap().unwrap();
            app.show_child(detail, timeline);
        }
        other => panic!("Enter did not open a child: {other:?}"),
    }
}

#[test]
fn monochrome_has_no_colour_and_shows_the_selection() {
    let (_dir, store) = store();
    let app = app(&store, "monochrome");
    let buffer = render(&app);
    for cell in cells(&buffer) {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    assert_eq!(
        reversed_rows(&buffer).len(),
        1,
        "one row selected, in reverse video"
    );
    assert!(cells(&buffer).any(|c| c.modifier.contains(Modifier::BOLD)));
    insta::assert_snapshot!("caseload_monochrome", format!("{buffer:?}"));
}

#[test]
fn high_contrast_is_bright_on_black_everywhere() {
    let (_dir, store) = store();
    let app = app(&store, "high-contrast");
    let buffer = render(&app);
    let selected = reversed_rows(&buffer);
    assert!(
        selected.is_empty(),
        "the selection is black on yellow, not reversed"
    );
    let on_yellow: Vec<u16> = (0..24)
        .filter(|&y| (0..80).all(|x| buffer[(x, y)].bg == Color::LightYellow))
        .collect();
    assert_eq!(on_yellow.len(), 1, "one row selected");
    for y in (0..24).filter(|y| !on_yellow.contains(y)) {
        for x in 0..80 {
            assert_eq!(buffer[(x, y)].bg, Color::Black, "({x}, {y})");
        }
    }
    insta::assert_snapshot!("caseload_high_contrast", format!("{buffer:?}"));
}

#[test]
fn the_timeline_in_monochrome_and_high_contrast() {
    let (_dir, store) = store();
    for name in ["monochrome", "high-contrast"] {
        let mut app = app(&store, name);
        open_timeline(&mut app, &store);
        let buffer = render(&app);
        if name == "monochrome" {
            assert!(cells(&buffer).all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
        }
        insta::assert_snapshot!(
            format!("timeline_{}", name.replace('-', "_")),
            format!("{buffer:?}")
        );
    }
}
