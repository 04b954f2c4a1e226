//! "What next" read from the stored timelines: every open item of the
//! children in view ranked by the domain's rule from what is stored (one
//! read of each table, in one snapshot), and only the lines near the
//! screen completed from the child's timeline worked out afresh (the rule
//! a waiting item names, the timeline item the dialogs act on). Working
//! out every child's timeline took seconds on "everyone" at 10,000
//! children; the list is now drawn after one read.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::report::{self, ChildTimeline, NextItem};
use crate::domain::timeline::{Timeline, TimelineItem};
use crate::screens::what_next::{Entry, WhatNextView};
use crate::service::library::Library;
use crate::service::timelines;
use crate::store::{ChildHead, Store, StoreError, Stored};
use std::collections::HashMap;
use std::rc::Rc;

/// A child's worker's display name, and their worker, IRO and team (user
/// names), shared by all the child's entries.
type Shared = (Option<Rc<str>>, [Option<Rc<str>>; 3]);

/// The open items of these children, most urgent first. A child whose
/// stored timeline does not hold has theirs worked out here, complete; the
/// rest are complete once [`fill`] has reached their lines.
pub(super) fn entries(
    store: &Store,
    library: &Library,
    today: chrono::NaiveDate,
    children: &[ChildId],
) -> Result<Vec<Entry>, StoreError> {
    let read = store.stored_timelines_of_many(children, &library.timeline_fingerprint, today)?;
    let mut found: Vec<(ChildHead, Timeline, bool, Shared)> = Vec::with_capacity(read.len());
    for (head, stored) in read {
        let (timeline, complete) = match stored {
            Stored::Fresh(mut timeline) => {
                // Named as working it out names them: by the pathway's title.
                for plan in &mut timeline.plans {
                    plan.title = library.pathway(&plan.plan.pathway).map(|p| p.title.clone());
                }
                (timeline, false)
            }
            Stored::NoPlans => continue,
            Stored::Stale => (timelines::timeline_of(store, library, head.id, today)?, true),
        };
        if !timeline.plans.is_empty() {
            let shared = |name: &Option<String>| name.as_deref().map(Rc::from);
            let people = [shared(&head.worker), shared(&head.iro), shared(&head.team)];
            let names = (shared(&head.worker_name), people);
            found.push((head, timeline, complete, names));
        }
    }
    let by_ref: HashMap<&str, usize> = found
        .iter()
        .enumerate()
        .map(|(i, (head, ..))| (head.reference.as_str(), i))
        .collect();
    let ranked = {
        let children: Vec<ChildTimeline<'_>> = found
            .iter()
            .map(|(head, timeline, ..)| ChildTimeline {
                reference: &head.reference,
                name: head.name.clone(),
                timeline,
            })
            .collect();
        report::what_next(&children, today)
    };
    Ok(ranked
        .into_iter()
        .filter_map(|item| {
            let (head, timeline, complete, (worker, people)) =
                &found[*by_ref.get(item.reference.as_str())?];
            let source = if *complete {
                Some(Box::new(source_of(timeline, &item)?.clone()))
            } else {
                None
            };
            Some(Entry {
                child: head.id,
                source,
                worker: worker.clone(),
                people: people.clone(),
                item,
            })
        })
        .collect())
}

/// How many children a wide view's list reads at a time.
const CHILDREN_AT_A_TIME: usize = 16;

/// A wide view's list read on until the lines near the screen are held
/// (from the start again where it is to be read again).
fn read_pages(store: &Store, library: &Library, today: chrono::NaiveDate, view: &mut WhatNextView) {
    while view.wants_more() {
        let focus = view.focus;
        let Some(pages) = view.pages.as_mut() else {
            return;
        };
        if pages.restart {
            pages.start(focus);
        }
        let Ok(children) = pages.next_children(store, CHILDREN_AT_A_TIME) else {
            return;
        };
        // No more children: the list has been read to its end.
        if children.is_empty() {
            continue;
        }
        let Ok(found) = entries(store, library, today, &children) else {
            return;
        };
        view.append(found);
    }
    if view.pages.is_some() {
        view.settle();
    }
}

/// The list read again after a change made from it, on the same focus
/// and as near the same line as there still is: a wide view's from the
/// start, page by page; a narrow one's whole.
pub(super) fn refresh(store: &Store, library: &Library, app: &mut App, children: &[ChildId]) {
    if let Some(view) = app.what_next_mut()
        && view.pages.is_some()
    {
        view.read_again();
        // A change made from the list may move every count, not only
        // those the focus keeps (a new focus leaves the total as it is).
        if let Some(pages) = view.pages.as_mut() {
            pages.total = None;
        }
    } else if let Ok(entries) = entries(store, library, app.session.today, children) {
        app.refresh_what_next(entries);
    }
    fill(store, library, app);
}

/// The timeline item a ranked item came from.
fn source_of<'t>(timeline: &'t Timeline, item: &NextItem) -> Option<&'t TimelineItem> {
    timeline
        .plans
        .iter()
        .filter(|p| p.plan.id == item.plan_id)
        .flat_map(|p| p.items.iter())
        .find(|i| i.key == item.key)
}

/// Completes the lines of the "what next" list near the screen: each of
/// their children's timeline worked out, and every entry of those
/// children given its words and timeline item from it. An item that has
/// gone since the list was read is left as it was (its dialogs say so).
pub(super) fn fill(store: &Store, library: &Library, app: &mut App) {
    let today = app.session.today;
    let Some(view) = app.what_next_mut() else {
        return;
    };
    read_pages(store, library, today, view);
    let mut fresh: HashMap<ChildId, (Timeline, Vec<NextItem>)> = HashMap::new();
    for at in view.unfilled() {
        let Some(entry) = view.entries.get(at) else {
            continue;
        };
        if fresh.contains_key(&entry.child) {
            continue;
        }
        let Ok(timeline) = timelines::timeline_of(store, library, entry.child, today) else {
            continue;
        };
        let child = ChildTimeline {
            reference: &entry.item.reference,
            name: entry.item.name.clone(),
            timeline: &timeline,
        };
        let items = report::what_next(&[child], today);
        fresh.insert(entry.child, (timeline, items));
    }
    if fresh.is_empty() {
        return;
    }
    for entry in view.entries.iter_mut().filter(|e| e.source.is_none()) {
        let Some((timeline, items)) = fresh.get(&entry.child) else {
            continue;
        };
        let same = |n: &&NextItem| n.plan_id == entry.item.plan_id && n.key == entry.item.key;
        let Some(item) = items.iter().find(same) else {
            continue;
        };
        entry.source = source_of(timeline, item).cloned().map(Box::new);
        entry.item = item.clone();
    }
}

/// Counts a wide view's open items, after its first frame: what the event
/// loop does while no key waits. Whether there was anything to count (and
/// so the screen is to be drawn again).
pub fn count_what_next(store: &Store, app: &mut App) -> bool {
    let Some(pages) = app.what_next_mut().and_then(|v| v.pages.as_mut()) else {
        return false;
    };
    if !pages.counting() {
        return false;
    }
    if pages.count(store).is_err() {
        app.show_message("The open items could not be counted; try again");
    }
    true
}
