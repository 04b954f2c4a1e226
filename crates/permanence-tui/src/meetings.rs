//! The event loop's side of a tracker meeting: computing the cohort and
//! opening the meeting, saving each thing recorded as it is recorded, and
//! writing the minutes to files.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::cohort::{self, Tracker};
use crate::domain::date::DateStyle;
use crate::domain::{report, triage};
use crate::interchange::{minutes, report_out};
use crate::screens::meeting::{MeetingRow, MeetingView};
use crate::service::library::Library;
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashSet;
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
    let among: HashSet<ChildId> = among.iter().copied().collect();
    let mut gathered = crate::service::timelines::gather(store, library, today, None)
        .map_err(|_| "The caseload could not be read; try again".to_string())?;
    gathered.retain(|g| among.contains(&g.detail.id));
    let children: Vec<_> = gathered
        .iter()
        .map(crate::service::timelines::cohort_child)
        .collect();
    let report = cohort::tracker(tracker, &children, today);
    let reference_at = report.columns.iter().position(|(k, _)| *k == "ref").unwrap_or(0);
    let mut rows: Vec<MeetingRow> = report
        .rows
        .iter()
        .filter_map(|row| {
            let reference = report_out::cell_text(row.get(reference_at)?);
            let g = gathered.iter().find(|g| g.detail.fields.reference == reference)?;
            Some(MeetingRow {
                child: g.detail.id,
                reference,
                name: g.detail.fields.full_name(),
                facts: report
                    .columns
                    .iter()
                    .zip(row)
                    .skip(2)
                    .map(|((_, heading), cell)| (heading.to_string(), report_out::cell_text(cell)))
                    .collect(),
                last: None,
                overdue: overdue_lines(g, today, app.dates),
            })
        })
        .collect();
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
    for row in &mut rows {
        row.last = store
            .last_discussion(tracker, row.child, id)
            .map_err(|_| "The last meeting's minutes could not be read; try again".to_string())?;
    }
    let meeting = store
        .meeting(id)
        .ok()
        .flatten()
        .ok_or_else(|| "The meeting could not be read back; try again".to_string())?;
    // Every user may be listed as attending: workers, managers, IROs.
    let users = store
        .workers()
        .map(|workers| {
            workers
                .into_iter()
                .map(|w| (w.username, w.display_name))
                .collect()
        })
        .unwrap_or_default();
    app.show_meeting(MeetingView {
        tracker,
        whose,
        users,
        held_on: today,
        rows,
        position: 0,
        meeting,
        before_scroll: 0,
    });
    Ok(())
}

/// The child's overdue items as the chair reads them, most urgent first:
/// "what next" narrowed to overdue, those long forgotten folded into one
/// line, as there.
fn overdue_lines(g: &crate::service::timelines::Gathered, today: NaiveDate, dates: DateStyle) -> Vec<String> {
    let child = [report::ChildTimeline {
        reference: &g.detail.fields.reference,
        name: g.detail.fields.full_name(),
        timeline: &g.timeline,
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
