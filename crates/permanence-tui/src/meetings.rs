//! The event loop's side of a tracker meeting: computing the cohort and
//! opening the meeting, saving each thing recorded as it is recorded, and
//! writing the minutes to files.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::child_places::ChildPlaces;
use crate::domain::cohort::{self, Tracker};
use crate::domain::date::DateStyle;
use crate::domain::timeline::Timeline;
use crate::domain::{report, triage};
use crate::interchange::minutes;
use crate::screens::meeting::{Facts, MeetingRow, MeetingView};
use crate::service::library::Library;
use crate::service::timelines;
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// Computes the tracker's cohort as of today, among `among` (the children
/// of the view the meeting was started from, which `whose` names), and
/// opens a meeting on it.
pub fn start(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    tracker: Tracker,
    among: &[ChildId],
    whose: String,
) -> Result<(), String> {
    let today = app.session.today;
    let among = ChildPlaces::of(among);
    let unreadable = |_| "The caseload could not be read; try again".to_string();
    // Each child's row made as they are read and their record let go:
    // only the rows of those the tracker lists are kept.
    let fold = cohort::TrackerFold::new(tracker, today);
    // The headings after the reference and name, shared by every row.
    let headings: std::sync::Arc<[&'static str]> = fold
        .columns()
        .iter()
        .skip(2)
        .map(|(_, heading)| *heading)
        .collect();
    // A national caseload is read in two halves at once
    // (`fold_cohort_rows`); the rows are put in order below.
    let mut rows: Vec<MeetingRow> = timelines::fold_cohort_rows(
        store,
        library,
        today,
        &|head| among.contains(head.id),
        Vec::new,
        |rows, row| {
            // A child the tracker cannot list by their plans and legal
            // status is passed over before their record is made (a
            // quarter of a national caseload, for the Permanence Tracker).
            if !fold.may_list(&row.plans, row.head.legal_status) {
                return Ok(());
            }
            let input = row.into_record()?;
            if let Some(row) = fold.row(&input.child()) {
                rows.push(meeting_row(&input, &headings, row));
            }
            Ok::<(), crate::store::StoreError>(())
        },
        |mut earlier, mut later| {
            // Each half without its growth slack before they are joined,
            // so that the join holds no more than the rows twice over.
            later.shrink_to_fit();
            earlier.shrink_to_fit();
            earlier.reserve_exact(later.len());
            earlier.extend(later);
            earlier
        },
    )
    .map_err(unreadable)?;
    // The rows are held while the meeting is open: without the slack of
    // the vector's growth (up to as much again for a national cohort).
    rows.shrink_to_fit();
    cohort::in_reference_order(&mut rows, |row| &row.reference);
    if rows.is_empty() {
        return Err(format!(
            "No children of {whose} are on the {} today",
            tracker.title()
        ));
    }
    let ids: Vec<_> = rows.iter().map(|r| r.child).collect();
    let id = store
        .write(|w| w.start_meeting(tracker, today, &ids))
        .map_err(|e| match e {
            crate::store::StoreError::ReadOnly => {
                "Read-only: this database cannot be changed from here".to_string()
            }
            _ => "The meeting could not be started; try again".to_string(),
        })?;
    // Every row's last discussion in one pass, not a scan of every
    // discussion ever recorded for each row.
    let ids: Vec<ChildId> = rows.iter().map(|r| r.child).collect();
    let mut last = store
        .last_discussions(tracker, &ids, id)
        .map_err(|_| "The last meeting's minutes could not be read; try again".to_string())?;
    for row in &mut rows {
        row.last = last.remove(&row.child).map(Box::new);
    }
    // As stored: only its head, since nothing is said yet (the cohort is
    // one list, and a discussion is written when something is recorded).
    let meeting = store
        .meeting(id)
        .ok()
        .flatten()
        .ok_or_else(|| "The meeting could not be read back; try again".to_string())?;
    // Every user may be listed as attending: workers, managers, IROs.
    let users = store.user_names().unwrap_or_default();
    let mut view = MeetingView {
        tracker,
        whose,
        users,
        held_on: today,
        rows,
        position: 0,
        meeting,
        before_scroll: 0,
    };
    read_overdue_of(store, library, &mut view, today, app.dates)?;
    app.show_meeting(view);
    Ok(())
}

/// The meeting's row of a child the tracker lists: the tracker's cells
/// after the reference and name, each under its heading. The reference
/// and name are taken from the row's first two cells, which hold them,
/// rather than made again: a row for each of a national cohort.
fn meeting_row(
    child: &timelines::CohortInput,
    headings: &std::sync::Arc<[&'static str]>,
    mut row: Vec<report::Cell>,
) -> MeetingRow {
    let mut taken = |at: usize, made: &dyn Fn() -> String| match row.get_mut(at) {
        Some(report::Cell::Text(text)) => std::mem::take(text),
        _ => made(),
    };
    let reference = taken(0, &|| child.fields.reference.clone());
    let name = taken(1, &|| child.fields.full_name());
    MeetingRow {
        child: child.id,
        reference,
        name,
        facts: Facts::of_cells(headings.clone(), row.get(2..).unwrap_or_default()),
        last: None,
        overdue: None,
    }
}

/// Reads the overdue items of the open meeting's child being discussed
/// and the few after it, where not read yet.
pub fn read_overdue(store: &Store, library: &Library, app: &mut App) -> Result<(), String> {
    let (today, dates) = (app.session.today, app.dates);
    match app.meeting_mut() {
        Some(view) => read_overdue_of(store, library, view, today, dates),
        None => Ok(()),
    }
}

fn read_overdue_of(
    store: &Store,
    library: &Library,
    view: &mut MeetingView,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<(), String> {
    let unread = view.unread();
    let at_of: HashMap<ChildId, usize> = unread.iter().map(|&at| (view.rows[at].child, at)).collect();
    let ids: Vec<ChildId> = at_of.keys().copied().collect();
    let mut overdue: HashMap<ChildId, Vec<String>> = HashMap::new();
    timelines::each_timeline(store, library, &ids, today, |child, timeline| {
        if let Some(row) = at_of.get(&child).map(|&at| &view.rows[at]) {
            overdue.insert(
                child,
                overdue_lines(&row.reference, &row.name, timeline, today, dates),
            );
        }
    })
    .map_err(|_| "The children's overdue items could not be read; try again".to_string())?;
    for at in unread {
        let row = &mut view.rows[at];
        // A child with no active plan has no timeline, so nothing overdue.
        row.overdue = Some(overdue.remove(&row.child).unwrap_or_default());
    }
    Ok(())
}

/// The child's overdue items as the chair reads them, most urgent first:
/// "what next" narrowed to overdue, those long forgotten folded into one
/// line, as there.
fn overdue_lines(
    reference: &str,
    name: &str,
    timeline: &Timeline,
    today: NaiveDate,
    dates: DateStyle,
) -> Vec<String> {
    let child = [report::ChildTimeline {
        reference,
        name: name.to_string(),
        timeline,
    }];
    let items = report::what_next(&child, today);
    let mut lines = Vec::new();
    for group in triage::group(&items, triage::Focus::Overdue, today) {
        if !group.forgotten.is_empty() {
            let since = group
                .forgotten_since(&items)
                .map(|s| format!(" since {}", triage::month(dates, s)))
                .unwrap_or_default();
            lines.push(format!(
                "{} {} overdue{since}",
                group.forgotten.len(),
                group.forgotten_noun(&items)
            ));
        }
        for &i in &group.items {
            lines.push(format!("{} · {}", items[i].item, dates.restyle(&items[i].why)));
        }
    }
    lines
}

/// Shows the meeting as now stored.
pub fn reload(store: &Store, app: &mut App, meeting: i64) {
    if let Ok(Some(meeting)) = store.meeting(meeting) {
        app.set_meeting(meeting);
    }
}

/// Writes the minutes as Markdown, HTML and CSV beside each other in the
/// current folder (owner-only, as every file the app makes). Returns the
/// Markdown file's path.
pub fn write_minutes(store: &Store, meeting: i64) -> Result<PathBuf, String> {
    let meeting = store
        .meeting(meeting)
        .ok()
        .flatten()
        .ok_or_else(|| "The meeting could not be read".to_string())?;
    let stem = format!(
        "minutes-{}-{}-{}",
        meeting.tracker.code(),
        crate::domain::date::iso(meeting.held_on),
        meeting.id
    );
    let folder = std::env::current_dir().map_err(|_| "The current folder cannot be found".to_string())?;
    let csv = minutes::csv(&meeting).map_err(|_| "The minutes could not be written".to_string())?;
    for (extension, text) in [
        ("md", minutes::markdown(&meeting)),
        ("html", minutes::html(&meeting)),
        ("csv", csv),
    ] {
        let path = folder.join(format!("{stem}.{extension}"));
        std::fs::write(&path, text).map_err(|e| format!("{} could not be written: {e}", path.display()))?;
    }
    Ok(folder.join(format!("{stem}.md")))
}
