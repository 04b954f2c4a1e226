//! "What next" read from the stored timelines against the domain's list
//! over every child's timeline worked out afresh, on the sixty-child
//! fixture with several workers, items with no dates, deadlines and
//! targets passed, and an item marked not needed: the same entries in the
//! same order with the same words, and the same screen as a store with
//! nothing stored (which works every timeline out) draws.

use crate::util::caseloads::Caseload;
use crate::util::screen::{drawn, fill, press};
use crate::util::today;
use crossterm::event::KeyCode;
use permanence::domain::caseload_view::{Me, Opening, Scope};
use permanence::domain::report::{self, ChildTimeline, NextItem};
use permanence::domain::timeline::TimelineItem;
use permanence::service::library::Library;
use permanence::service::timelines::{self, Engine};
use permanence::store::Store;
use permanence::ui::app::App;
use permanence::ui::screens::what_next::{Row, WhatNextView};

/// The fixture with one item marked not needed; `stored`: its timelines
/// worked out and stored, as a store that keeps them has them.
fn fixture(library: &Library, stored: bool) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = Caseload::sixty().store();
    let (plan, key) = {
        let timeline = store
            .caseload()
            .unwrap()
            .iter()
            .map(|row| timelines::timeline_of(&store, library, row.id, today()).unwrap())
            .find(|t| !t.plans.is_empty())
            .unwrap();
        let plan = &timeline.plans[0];
        let open = plan.items.iter().find(|i| i.status.is_open()).unwrap();
        (plan.plan.id, open.key.clone())
    };
    store
        .write(|w| w.mark_not_needed(plan, &key, "Done by the previous authority", today()))
        .unwrap();
    if stored {
        store.set_timeline_source(Box::new(Engine::new(library)), today());
        store.refresh_timelines(today()).unwrap();
        assert!(
            store
                .timelines_fresh(&library.timeline_fingerprint, today())
                .unwrap()
        );
    }
    (dir, store)
}

/// Every child's open items as the domain ranks them over timelines
/// worked out afresh, each with the timeline item it came from.
fn worked_out(store: &Store, library: &Library) -> Vec<(NextItem, TimelineItem)> {
    let mut found = Vec::new();
    for row in store.caseload().unwrap() {
        let detail = store.child_detail(row.id).unwrap().unwrap();
        let timeline = timelines::timeline_of(store, library, row.id, today()).unwrap();
        if !timeline.plans.is_empty() {
            found.push((detail, timeline));
        }
    }
    let children: Vec<ChildTimeline<'_>> = found
        .iter()
        .map(|(detail, timeline)| ChildTimeline {
            reference: &detail.fields.reference,
            name: detail.fields.full_name(),
            timeline,
        })
        .collect();
    report::what_next(&children, today())
        .into_iter()
        .map(|item| {
            let (_, timeline) = found
                .iter()
                .find(|(d, _)| d.fields.reference == item.reference)
                .unwrap();
            let source = timeline
                .plans
                .iter()
                .filter(|p| p.plan.id == item.plan_id)
                .flat_map(|p| p.items.iter())
                .find(|i| i.key == item.key)
                .unwrap()
                .clone();
            (item, source)
        })
        .collect()
}

/// A team manager of the fixture, on everyone, with "what next" open.
fn what_next(store: &mut Store, library: &Library, width: u16, height: u16) -> App {
    what_next_from(store, library, width, height, permanence::ui::effects::PAGED_FROM)
}

/// As [`what_next`], the list read a page at a time from `paged_from`
/// children.
fn what_next_from(store: &mut Store, library: &Library, width: u16, height: u16, paged_from: usize) -> App {
    let mut app = crate::util::screen::app(store, width, height);
    app.what_next_pages_from = paged_from;
    app.set_me(
        Me {
            name: Some("Lacey Marshall".into()),
            team: Some("Children in Care 1".into()),
        },
        Vec::new(),
    );
    app.open_on(Opening {
        scope: Scope::Everyone,
        why: None,
    });
    fill(&mut app, store);
    press(store, library, &mut app, KeyCode::Char('w'), false);
    app
}

#[test]
fn what_next_from_the_stored_timelines_is_the_list_worked_out_afresh() {
    let library = Library::load(None).unwrap();
    let (_dir, mut store) = fixture(&library, true);
    let expected = worked_out(&store, &library);
    let kinds = |f: &dyn Fn(&NextItem) -> bool| expected.iter().filter(|(i, _)| f(i)).count();
    assert!(
        kinds(&|i| i.why.starts_with("waiting: ")) > 0,
        "items with no dates"
    );
    assert!(kinds(&|i| i.why.starts_with("statutory deadline passed")) > 0);
    // A PPM's deadline is the policy's, read as such from what is stored.
    assert!(kinds(&|i| i.why.starts_with("policy deadline")) > 0);
    assert!(kinds(&|i| i.why.starts_with("good-practice target passed")) > 0);
    assert!(kinds(&|i| i.why.starts_with("statutory deadline in")) > 0);
    assert!(kinds(&|i| i.why.starts_with("good-practice target in")) > 0);

    let mut app = what_next(&mut store, &library, 120, 40);
    let view = app.what_next().unwrap();
    let order = |items: &mut dyn Iterator<Item = &NextItem>| -> Vec<(String, i64, String)> {
        items
            .map(|i| (i.reference.clone(), i.plan_id.0, i.key.clone()))
            .collect()
    };
    assert_eq!(
        order(&mut view.entries.iter().map(|e| &e.item)),
        order(&mut expected.iter().map(|(i, _)| i)),
        "the same items in the same order, read from what is stored"
    );
    let workers: std::collections::HashSet<_> = view.entries.iter().map(|e| &e.worker).collect();
    assert!(workers.len() > 2, "several workers' children");
    assert!(
        view.entries.iter().any(|e| e.source.is_none()),
        "lines far from the screen are left to complete as they come near"
    );
    // Down the list a page at a time, each line completed as it comes near.
    for _ in 0..view.rows.len() {
        press(&mut store, &library, &mut app, KeyCode::PageDown, false);
    }
    let view = app.what_next().unwrap();
    let got: Vec<(NextItem, TimelineItem)> = view
        .entries
        .iter()
        .map(|e| (e.item.clone(), *e.source.clone().expect("completed")))
        .collect();
    assert_eq!(got.len(), expected.len());
    for (got, expected) in got.iter().zip(&expected) {
        assert_eq!(got, expected);
    }
}

/// The screen read from what is stored is the one a store with nothing
/// stored draws (working every timeline out), at the top and further down.
#[test]
fn what_next_draws_the_same_from_the_stored_timelines() {
    let library = Library::load(None).unwrap();
    let (_a, mut stored) = fixture(&library, true);
    let (_b, mut worked) = fixture(&library, false);
    assert!(
        !worked
            .timelines_fresh(&library.timeline_fingerprint, today())
            .unwrap()
    );
    for (width, height) in [(120, 40), (80, 24)] {
        let mut from_stored = what_next(&mut stored, &library, width, height);
        let mut from_worked = what_next(&mut worked, &library, width, height);
        for key in [
            None,
            Some(KeyCode::PageDown),
            Some(KeyCode::Char('o')),
            Some(KeyCode::PageDown),
            Some(KeyCode::Char('s')),
            Some(KeyCode::Char('t')),
            Some(KeyCode::Char('a')),
            Some(KeyCode::PageDown),
        ] {
            if let Some(key) = key {
                press(&mut stored, &library, &mut from_stored, key, false);
                press(&mut worked, &library, &mut from_worked, key, false);
            }
            assert_eq!(
                drawn(&from_stored, width, height),
                drawn(&from_worked, width, height),
                "{key:?} at {width}x{height}"
            );
        }
    }
}

/// The fixture, and one more child's timeline changed after it was
/// stored (an item marked not needed): their stored timeline no longer
/// holds and is worked out again.
fn fixture_with_a_stale_child(library: &Library, stored: bool) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = fixture(library, stored);
    let rows = store.caseload().unwrap();
    let (plan, key) = rows
        .iter()
        .rev()
        .map(|row| timelines::timeline_of(&store, library, row.id, today()).unwrap())
        .find_map(|t| {
            let plan = t.plans.first()?;
            let open = plan.items.iter().find(|i| i.status.is_open())?;
            Some((plan.plan.id, open.key.clone()))
        })
        .unwrap();
    store
        .write(|w| w.mark_not_needed(plan, &key, "Held by the court", today()))
        .unwrap();
    (dir, store)
}

/// Each line of the list as what it says, whichever way it was read, and
/// why an item is there where its line has been completed (a line the
/// cursor jumped past after a change is not, either way).
fn lines(view: &WhatNextView) -> Vec<(String, Option<String>)> {
    let item = |i: usize| {
        let entry = &view.entries[i];
        let NextItem { why, .. } = &entry.item;
        let without = NextItem {
            why: String::new(),
            ..entry.item.clone()
        };
        (format!("{without:?}"), entry.source.as_ref().map(|_| why.clone()))
    };
    view.rows
        .iter()
        .map(|row| match row {
            Row::Child {
                reference,
                name,
                worker,
            } => (format!("{reference} {name} {worker:?}"), None),
            Row::Item(i) => item(*i),
            Row::Forgotten {
                count,
                since,
                noun,
                first,
            } => {
                let (line, why) = item(*first);
                (format!("  {count} {noun} {since:?} {line}"), why)
            }
        })
        .collect()
}

/// Down the list a page at a time to its end.
fn to_the_end(store: &mut Store, library: &Library, app: &mut App) {
    for _ in 0..400 {
        press(store, library, app, KeyCode::PageDown, false);
        let view = app.what_next().unwrap();
        let last = view.rows.len().saturating_sub(1);
        if view.pages.as_ref().is_none_or(|p| p.done) && view.selected >= last {
            break;
        }
    }
}

/// The list read a page at a time (as a wide view is) is the list read
/// whole, on every focus: the same lines and counts on screen as they
/// come, and the same lines once read to the end. Once from what is
/// stored with one child's stored timeline stale, and once with nothing
/// stored (every child worked out and placed from memory), each against
/// the whole list worked out afresh.
#[test]
fn what_next_read_a_page_at_a_time_is_the_list_read_whole() {
    let library = Library::load(None).unwrap();
    for stored in [true, false] {
        let (_a, mut paged_store) = fixture_with_a_stale_child(&library, stored);
        let (_b, mut whole_store) = fixture_with_a_stale_child(&library, false);
        for key in [None, Some('o'), Some('s'), Some('t'), Some('a')] {
            let (width, height) = (120, 40);
            let mut paged = what_next_from(&mut paged_store, &library, width, height, 0);
            let mut whole = what_next(&mut whole_store, &library, width, height);
            assert!(
                paged.what_next().unwrap().pages.is_some(),
                "read a page at a time"
            );
            assert!(whole.what_next().unwrap().pages.is_none(), "read whole");
            if let Some(key) = key {
                press(&mut paged_store, &library, &mut paged, KeyCode::Char(key), false);
                press(&mut whole_store, &library, &mut whole, KeyCode::Char(key), false);
            }
            assert_eq!(
                drawn(&paged, width, height),
                drawn(&whole, width, height),
                "{key:?}, stored: {stored}"
            );
            for _ in 0..3 {
                press(&mut paged_store, &library, &mut paged, KeyCode::PageDown, false);
                press(&mut whole_store, &library, &mut whole, KeyCode::PageDown, false);
                assert_eq!(drawn(&paged, width, height), drawn(&whole, width, height));
            }
            // A child opened and left: the list read again, on the same line.
            for key in [KeyCode::Enter, KeyCode::Esc] {
                press(&mut paged_store, &library, &mut paged, key, false);
                press(&mut whole_store, &library, &mut whole, key, false);
            }
            assert_eq!(drawn(&paged, width, height), drawn(&whole, width, height));
            to_the_end(&mut paged_store, &library, &mut paged);
            to_the_end(&mut whole_store, &library, &mut whole);
            let (paged, whole) = (paged.what_next().unwrap(), whole.what_next().unwrap());
            let (got, want) = (lines(paged), lines(whole));
            for (at, (got, want)) in got.iter().zip(&want).enumerate() {
                assert_eq!(got.0, want.0, "line {at}, {key:?}, stored: {stored}");
                if let (Some(got), Some(want)) = (&got.1, &want.1) {
                    assert_eq!(got, want, "line {at}, {key:?}, stored: {stored}");
                }
            }
            let completed = got.iter().filter(|(_, why)| why.is_some()).count();
            assert!(completed * 2 > got.len(), "most lines completed on the way down");
            assert_eq!(got.len(), want.len(), "{key:?}, stored: {stored}");
            assert_eq!((paged.shown(), paged.total()), (whole.shown(), whole.total()));
        }
    }
}

/// A wide view draws its first frame before counting its open items (the
/// counts read every entry of the indexes' stretches: about 0.2 s at
/// 100,000 children), and the event loop counts them while no key waits:
/// the status line says so meanwhile, then gives the count the whole list
/// gives.
#[test]
fn a_wide_what_next_counts_its_open_items_after_its_first_frame() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let library = Library::load(None).unwrap();
    let (_a, mut paged_store) = fixture_with_a_stale_child(&library, true);
    let (_b, mut whole_store) = fixture_with_a_stale_child(&library, false);
    let whole = what_next(&mut whole_store, &library, 120, 40);
    let want = whole.what_next().unwrap().total().unwrap();
    assert!(want > 0);

    let mut paged = what_next_from(&mut paged_store, &library, 120, 40, 0);
    press(&mut paged_store, &library, &mut paged, KeyCode::Esc, false);
    // `w` as the event loop carries it out, before the loop is idle.
    let effect = paged
        .handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE))
        .expect("w opens what next");
    permanence::ui::carry_out(&mut paged_store, &library, &mut paged, effect);
    let first = drawn(&paged, 120, 40);
    assert!(first.contains("counting the open items…"), "{first}");
    assert!(paged.what_next().unwrap().counting());

    assert!(permanence::ui::effects::count_what_next(&paged_store, &mut paged));
    let counted = drawn(&paged, 120, 40);
    assert!(
        counted.contains(&format!("{want} of {want} open items")),
        "{counted}"
    );
    assert!(
        !permanence::ui::effects::count_what_next(&paged_store, &mut paged),
        "counted once"
    );
}

/// An item marked done from a wide view: the list is read again and both
/// counts on the status line are counted again (the bug: the total stayed
/// as it was when the list was opened), as the whole list counts them.
#[test]
fn a_wide_what_next_counts_again_after_an_item_is_marked_done() {
    let library = Library::load(None).unwrap();
    let (_a, mut paged_store) = fixture_with_a_stale_child(&library, true);
    let (_b, mut whole_store) = fixture_with_a_stale_child(&library, false);
    let mut paged = what_next_from(&mut paged_store, &library, 120, 40, 0);
    let mut whole = what_next(&mut whole_store, &library, 120, 40);
    let before = whole.what_next().unwrap().total().unwrap();
    // The first child's first task (its visits ask for the earlier ones
    // first), under the folded visits and two visits: marked done, and
    // the dates that move confirmed.
    let (j, d) = (KeyCode::Char('j'), KeyCode::Char('d'));
    let keys = [j, j, j, d, KeyCode::Enter, KeyCode::Enter];
    for key in keys {
        press(&mut paged_store, &library, &mut paged, key, false);
        press(&mut whole_store, &library, &mut whole, key, false);
    }
    let after = whole.what_next().and_then(|v| v.total()).unwrap();
    assert_eq!(after, before - 1, "the item is done: {}", drawn(&whole, 120, 40));
    assert_eq!(paged.what_next().unwrap().total(), Some(after));
    assert_eq!(drawn(&paged, 120, 40), drawn(&whole, 120, 40));
}
