//! Catching up against a real store: all or nothing.

use super::*;
use crate::domain::timeline::Status;
use crate::timelines::timeline_of;

use crate::case_under_way::{DATES, day, today, under_way};

/// The first `n` overdue tasks (not events), picked as the screen picks
/// them, each on its target.
fn overdue_tasks(store: &Store, library: &Library, child: ChildId, n: usize) -> Vec<Pick> {
    let timeline = timeline_of(store, library, child, today()).unwrap();
    let plan = &timeline.plans[0];
    let picks: Vec<Pick> = plan
        .items
        .iter()
        .filter(|i| i.occurrence.is_none() && matches!(i.status, Status::Overdue | Status::Breached))
        .filter_map(|i| {
            Some(Pick {
                plan: plan.plan.id,
                key: i.key.clone(),
                title: i.title.clone(),
                seen_done: i.done_on,
                on: i.target?,
            })
        })
        .take(n)
        .collect();
    assert_eq!(picks.len(), n, "the case has {n} overdue tasks to catch up");
    picks
}

fn done_count(store: &Store, child: ChildId) -> usize {
    store.timeline_facts(child).unwrap().done.len()
}

#[test]
fn one_item_changed_meanwhile_and_nothing_is_saved() {
    let (_dir, mut store, library, child) = under_way();
    let picks = overdue_tasks(&store, &library, child, 3);
    // Someone else marks the second done after the user selected it.
    store
        .write(|w| w.mark_done(picks[1].plan, &picks[1].key, day(2026, 5, 1), None))
        .unwrap();
    let refused = save(&mut store, &library, child, &picks, today(), DATES);
    assert!(
        matches!(&refused, Err(CatchUpError::Changed { title }) if *title == picks[1].title),
        "{refused:?}"
    );
    assert_eq!(
        done_count(&store, child),
        1,
        "only theirs: none of the three was saved"
    );
}

#[test]
fn a_future_date_refuses_the_lot_and_good_ones_save_together() {
    let (_dir, mut store, library, child) = under_way();
    let mut picks = overdue_tasks(&store, &library, child, 3);
    picks[2].on = day(2027, 1, 4);
    let refused = save(&mut store, &library, child, &picks, today(), DATES).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!(
            "{}: 04/01/2027 is in the future; record what has happened; nothing was saved",
            picks[2].title
        )
    );
    assert_eq!(done_count(&store, child), 0);
    picks[2].on = day(2026, 6, 1);
    let before = preview(
        &library,
        &store.timeline_facts(child).unwrap(),
        &picks,
        today(),
        DATES,
    )
    .unwrap();
    assert!(
        before.lines.iter().any(|l| l.contains(" done: none \u{2192} ")),
        "{:?}",
        before.lines
    );
    assert_eq!(
        save(&mut store, &library, child, &picks, today(), DATES).unwrap(),
        3
    );
    let facts = store.timeline_facts(child).unwrap();
    for pick in &picks {
        assert!(
            facts.done.iter().any(|d| d.key == pick.key && d.on == pick.on),
            "{}",
            pick.key
        );
    }
    assert_eq!(
        save(&mut store, &library, child, &[], today(), DATES)
            .unwrap_err()
            .to_string(),
        "no items are selected: select them with Space first"
    );
}
