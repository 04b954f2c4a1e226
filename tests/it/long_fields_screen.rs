//! One record can no longer freeze the app: a child whose fields run to
//! 100,000 characters (written straight into the database, as a file
//! from before the length limits might hold) draws every screen in a
//! bounded time. The screens look at no more of a field than fits the
//! window, so the bound does not grow with the field.

use crate::util::today;
use chrono::NaiveDate;
use permanence::domain::child::{ChildFields, Disability};
use permanence::service::library::Library;
use permanence::service::timelines;
use permanence::store::Store;
use permanence::ui::app::{App, Session};
use permanence::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

/// A debug build on a shared, busy machine; the old code took 1.5 s a
/// frame for one such field, and never finished for a million characters.
const BOUND: Duration = Duration::from_secs(2);

#[test]
fn a_record_with_huge_fields_draws_every_tab_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("long.db")).unwrap();
    let long = |c: char| std::iter::repeat_n(c, 100_000).collect::<String>();
    // One unbroken word, the worst case for word wrap, and one of words.
    let words = "word ".repeat(20_000);
    let child = ChildFields {
        reference: "L1".into(),
        given_name: long('a'),
        family_name: long('b'),
        date_of_birth: NaiveDate::from_ymd_opt(2019, 4, 3),
        gender: Some(long('g')),
        ethnicity: Some(words.clone()),
        religion: Some(long('r')),
        disability: Disability {
            disabled: true,
            note: Some(words),
        },
        placement_type: Some(long('p')),
        team: Some(long('t')),
        sibling_group: Some(long('s')),
        ..ChildFields::default()
    };
    store.write(|w| w.put_child(&child)).unwrap();
    let library = Library::load(None).unwrap();
    let session = Session {
        database: "/tmp/long.db".into(),
        user: "asmith".into(),
        today: today(),
        read_only: false,
    };
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let mut app = App::new(session.clone(), store.caseload().unwrap(), (width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let started = Instant::now();
        terminal.draw(|frame| view::draw(&app, frame)).unwrap();
        assert!(started.elapsed() < BOUND, "caseload took {:?}", started.elapsed());
        let id = store.caseload().unwrap()[0].id;
        app.show_child(
            store.child_detail(id).unwrap().unwrap(),
            timelines::timeline_of(&store, &library, id, today()).unwrap(),
        );
        // Every tab of the child's screen, and back to the first.
        for _ in 0..7 {
            let started = Instant::now();
            terminal.draw(|frame| view::draw(&app, frame)).unwrap();
            let took = started.elapsed();
            assert!(
                took < BOUND,
                "{:?} at {width}x{height} took {took:?}",
                app.context()
            );
            let screen: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            assert!(screen.contains("aaaa"), "{:?} lost the name", app.context());
            app.handle_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Tab,
                crossterm::event::KeyModifiers::NONE,
            ));
        }
    }
}
