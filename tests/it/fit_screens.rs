//! Every screen at the two sizes issue 18 tries them at, 80 × 24 and
//! 120 × 40, for the screens the other tests drew at one size or none:
//! the child's tabs, what next and a tracker meeting. Each is a snapshot,
//! read line by line for text cut mid-word when it was taken.

use crate::util::caseloads::Caseload;
use crate::util::screen::{app, drawn};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use permanence::domain::cohort::Tracker;
use permanence::service::library::Library;
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::keymap::Context;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn press(app: &mut App, store: &mut Store, library: &Library, code: KeyCode) {
    if let Some(effect) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        permanence::ui::carry_out(store, library, app, effect);
    }
}

/// The audit trail's times are the clock's, shown in the machine's time
/// zone: the History tab's snapshot shows each as `DD/MM/YYYY HH:MM`, so
/// that it reads the same on every run and in every zone.
fn without_times(screen: &str) -> String {
    screen
        .split('\n')
        .map(|line| {
            let mut out = String::new();
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                let time = i + 5 <= chars.len()
                    && chars[i].is_ascii_digit()
                    && chars[i + 1].is_ascii_digit()
                    && chars[i + 2] == ':'
                    && chars[i + 3].is_ascii_digit()
                    && chars[i + 4].is_ascii_digit();
                if time {
                    // The date before the time moves with the zone too.
                    let date = out.len() >= 11 && out.is_char_boundary(out.len() - 11) && {
                        let tail = &out[out.len() - 11..];
                        tail.as_bytes()[2] == b'/' && tail.as_bytes()[5] == b'/' && tail.ends_with(' ')
                    };
                    if date {
                        out.truncate(out.len() - 11);
                        out.push_str("DD/MM/YYYY ");
                    }
                    out.push_str("HH:MM");
                    i += 5;
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_childs_tabs_at_both_sizes() {
    for (width, height) in SIZES {
        let (_dir, mut store) = Caseload::sixty().store();
        let library = Library::load(None).unwrap();
        let mut app = app(&store, width, height);
        let child = store.child_id("1041025").unwrap().unwrap();
        app.select_child(child).unwrap();
        assert!(permanence::ui::load_child(&store, &library, &mut app, child).unwrap());
        for (tab, context) in [
            ("record", Context::ChildRecord),
            ("forms", Context::ChildForms),
            ("family", Context::ChildFamily),
            ("chronology", Context::ChildChronology),
            ("gateway", Context::ChildGateway),
            ("history", Context::ChildHistory),
        ] {
            press(&mut app, &mut store, &library, KeyCode::Tab);
            assert_eq!(app.context(), context);
            let screen = without_times(&drawn(&app, width, height));
            insta::assert_snapshot!(format!("child_{tab}_{width}x{height}"), screen);
        }
    }
}

#[test]
fn what_next_at_both_sizes() {
    for (width, height) in SIZES {
        let (_dir, mut store) = Caseload::sixty().store();
        let library = Library::load(None).unwrap();
        let mut app = app(&store, width, height);
        press(&mut app, &mut store, &library, KeyCode::Char('w'));
        assert_eq!(app.context(), Context::WhatNext);
        insta::assert_snapshot!(format!("what_next_{width}x{height}"), drawn(&app, width, height));
    }
}

#[test]
fn a_tracker_meeting_at_both_sizes() {
    for (width, height) in SIZES {
        let (_dir, mut store) = Caseload::sixty().store();
        let library = Library::load(None).unwrap();
        let mut app = app(&store, width, height);
        crate::util::screen::start_meeting(&mut store, &library, &mut app, Tracker::Permanence);
        press(&mut app, &mut store, &library, KeyCode::Char('a'));
        assert_eq!(app.context(), Context::Meeting);
        insta::assert_snapshot!(format!("meeting_{width}x{height}"), drawn(&app, width, height));
    }
}
