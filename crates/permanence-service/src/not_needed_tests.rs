//! Not needed against a real store: refusals, all or nothing, undo.

use super::*;
use crate::domain::timeline::{Status, Summary};
use crate::timelines::timeline_of;

use crate::case_under_way::{DATES, day, today, under_way};

/// Items as the screen picks them: the first `n` the filter keeps.
fn picks(
    store: &Store,
    library: &Library,
    child: ChildId,
    n: usize,
    keep: impl Fn(&TimelineItem) -> bool,
) -> Vec<Pick> {
    let timeline = timeline_of(store, library, child, today()).unwrap();
    let plan = &timeline.plans[0];
    let picks: Vec<Pick> = plan
        .items
        .iter()
        .filter(|i| keep(i))
        .take(n)
        .map(|i| Pick::of(plan.plan.id, i))
        .collect();
    assert_eq!(picks.len(), n, "the case has {n} such items");
    picks
}

fn overdue_task(i: &TimelineItem) -> bool {
    i.status == Status::Overdue && not_needed::required(i).is_none()
}

#[test]
fn marked_items_show_not_needed_with_the_reason_and_no_longer_count_as_overdue() {
    let (_dir, mut store, library, child) = under_way();
    let before = Summary::of(&timeline_of(&store, &library, child, today()).unwrap()).overdue;
    let picks = picks(&store, &library, child, 2, overdue_task);
    let facts = store.timeline_facts(child).unwrap();
    let preview = preview(
        &library,
        &facts,
        &picks,
        "the plan changed at the PPM",
        today(),
        DATES,
    )
    .unwrap();
    assert!(preview.lines.is_empty(), "no dates move: {:?}", preview.lines);
    assert_eq!(
        preview.before_saving()[1],
        "No dates move: items counted from it keep counting from its planned date."
    );
    assert_eq!(
        save(
            &mut store,
            &library,
            child,
            &picks,
            "the plan changed at the PPM",
            today()
        )
        .unwrap(),
        2
    );
    let after = timeline_of(&store, &library, child, today()).unwrap();
    assert_eq!(Summary::of(&after).overdue, before - 2);
    let item = after.plans[0]
        .items
        .iter()
        .find(|i| i.key == picks[0].key)
        .unwrap();
    assert_eq!(item.status, Status::NotApplicable);
    assert!(
        item.rule
            .starts_with("Not needed: the plan changed at the PPM (recorded by system on 06/12/2026); "),
        "{}",
        item.rule
    );
}

#[test]
fn a_required_item_is_refused_naming_it_and_nothing_is_saved() {
    let (_dir, mut store, library, child) = under_way();
    let mut chosen = picks(&store, &library, child, 1, overdue_task);
    // The case's first item with a deadline is a PPM: Warrington's
    // policy, refused in its words, not the law's.
    chosen.extend(picks(&store, &library, child, 1, |i| i.deadline.is_some()));
    let refused = save(&mut store, &library, child, &chosen, "not needed", today()).unwrap_err();
    let words = refused.to_string();
    assert!(
        words.starts_with(chosen[1].title.trim_end_matches('.')),
        "{words}"
    );
    assert!(
        words.contains("a worker cannot waive a policy requirement"),
        "{words}"
    );
    assert!(!words.contains("statutory"), "{words}");
    assert!(
        store.timeline_facts(child).unwrap().not_needed.is_empty(),
        "all or nothing"
    );
}

#[test]
fn a_reason_is_needed_and_an_item_changed_meanwhile_is_refused() {
    let (_dir, mut store, library, child) = under_way();
    let picks = picks(&store, &library, child, 2, overdue_task);
    let blank = save(&mut store, &library, child, &picks, "   ", today()).unwrap_err();
    assert!(matches!(blank, NotNeededError::ReasonNeeded), "{blank}");
    // Someone else marks the second done meanwhile.
    let done_on = day(2026, 11, 1);
    store
        .write(|w| w.mark_done(picks[1].plan, &picks[1].key, done_on, None))
        .unwrap();
    let changed = save(&mut store, &library, child, &picks, "no longer needed", today()).unwrap_err();
    assert!(matches!(changed, NotNeededError::Changed { .. }), "{changed}");
    assert!(store.timeline_facts(child).unwrap().not_needed.is_empty());
    // Seen done, it is refused as done.
    let timeline = timeline_of(&store, &library, child, today()).unwrap();
    let done = Pick::of(
        picks[1].plan,
        timeline.plans[0]
            .items
            .iter()
            .find(|i| i.key == picks[1].key)
            .unwrap(),
    );
    let refused = save(&mut store, &library, child, &[done], "no longer needed", today()).unwrap_err();
    assert!(
        refused.to_string().contains("is already done on 01/11/2026"),
        "{refused}"
    );
}

#[test]
fn taking_it_back_needs_a_reason_and_opens_the_item_again() {
    let (_dir, mut store, library, child) = under_way();
    let picks = picks(&store, &library, child, 1, overdue_task);
    save(&mut store, &library, child, &picks, "not this plan", today()).unwrap();
    let seen = Pick {
        seen_not_needed: true,
        ..picks[0].clone()
    };
    let blank = undo(&mut store, &library, child, &seen, "", today()).unwrap_err();
    assert!(matches!(blank, NotNeededError::ReasonNeeded));
    undo(
        &mut store,
        &library,
        child,
        &seen,
        "marked on the wrong child",
        today(),
    )
    .unwrap();
    let after = timeline_of(&store, &library, child, today()).unwrap();
    let item = after.plans[0]
        .items
        .iter()
        .find(|i| i.key == picks[0].key)
        .unwrap();
    assert_eq!(item.status, Status::Overdue);
    let again = undo(&mut store, &library, child, &picks[0], "again", today()).unwrap_err();
    assert!(matches!(again, NotNeededError::NotMarked { .. }), "{again}");
}
