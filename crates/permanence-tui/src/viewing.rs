//! The event loop's side of the viewer: making the text the command line
//! would print (the same use cases and writers as `permanence chronology`,
//! `permanence timeline` and `permanence minutes`), and saving it into the export folder as an
//! owner-only file, with the export on the audit trail.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::interchange::chronology::{Heading, markdown};
use crate::interchange::minutes;
use crate::service::library::Library;
use crate::store::{AuditAction, Store};
use crate::viewer::{Source, Viewer, file_name};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Opens the child's chronology in the viewer, as `permanence chronology
/// REF` writes it in Markdown.
pub fn chronology(store: &Store, library: &Library, app: &mut App, child: ChildId) -> Result<(), String> {
    let today = app.session.today;
    let detail = store
        .child_detail(child)
        .ok()
        .flatten()
        .ok_or_else(|| "The child's record could not be read; try again".to_string())?;
    let reference = detail.fields.reference.clone();
    let entries = crate::service::papers::chronology(store, library, child, &reference, today)
        .map_err(|_| "The chronology could not be read; try again".to_string())?;
    // The heading `permanence chronology REF` gives it, unfiltered.
    let heading = Heading {
        title: "Chronology".to_string(),
        child: format!("{} ({reference})", detail.fields.full_name()),
        produced_on: today,
        filter: crate::domain::chronology::Filter::default().describe(),
    };
    app.show_viewer(Viewer::new(
        format!("Chronology · {reference}"),
        markdown(&heading, &entries),
        file_name(Some(&reference), "chronology", today),
        Source {
            what: "chronology".to_string(),
            reference: Some(reference),
            children: 1,
        },
    ));
    Ok(())
}

/// Opens the child's timeline in the viewer, as `permanence timeline REF`
/// prints it (`interchange::timeline_text`, the same writer), as of today;
/// saved as plain text, since its columns are not Markdown. What went
/// wrong, if anything, is said on the status line.
pub fn timeline(store: &Store, library: &Library, app: &mut App, child: ChildId) {
    if let Err(message) = open_timeline(store, library, app, child) {
        app.show_message(message);
    }
}

fn open_timeline(store: &Store, library: &Library, app: &mut App, child: ChildId) -> Result<(), String> {
    let today = app.session.today;
    let reference = store
        .child_detail(child)
        .ok()
        .flatten()
        .map(|detail| detail.fields.reference)
        .ok_or_else(|| "The child's record could not be read; try again".to_string())?;
    let timeline = crate::service::timelines::timeline_of(store, library, child, today)
        .map_err(|_| "The timeline could not be worked out; try again".to_string())?;
    let name = file_name(Some(&reference), "timeline", today);
    let name = name
        .strip_suffix(".md")
        .map_or(name.clone(), |stem| format!("{stem}.txt"));
    app.show_viewer(Viewer::new(
        format!("Timeline · {reference}"),
        crate::interchange::timeline_text::text(&reference, &timeline),
        name,
        Source {
            what: "timeline".to_string(),
            reference: Some(reference),
            children: 1,
        },
    ));
    Ok(())
}

/// Opens a meeting's minutes in the viewer, as `permanence minutes ID`
/// writes them in Markdown; reading them is on the record as the command's
/// export is.
pub fn minutes(store: &mut Store, app: &mut App, meeting: i64) -> Result<(), String> {
    let meeting = store
        .meeting(meeting)
        .ok()
        .flatten()
        .ok_or_else(|| "The meeting could not be read; try again".to_string())?;
    let children = meeting.cohort;
    let recorded = store.record_read(
        AuditAction::Export,
        "caseload",
        None,
        Some(serde_json::json!({ "children": children, "what": "minutes" })),
    );
    let what = format!("minutes-{}-{}", meeting.tracker.code(), meeting.id);
    app.show_viewer(Viewer::new(
        format!(
            "Minutes · {} · {}",
            meeting.tracker.title(),
            app.dates.show(meeting.held_on)
        ),
        minutes::markdown(&meeting),
        file_name(None, &what, app.session.today),
        Source {
            what: "minutes".to_string(),
            reference: None,
            children,
        },
    ));
    if recorded.is_err() {
        app.show_message("Your reading could not be recorded in the audit trail");
    }
    Ok(())
}

/// Lists the tracker meetings held, newest first, to pick one whose
/// minutes to read, as `permanence minutes` without an ID lists them.
pub fn past_meetings(store: &Store, app: &mut App) {
    let meetings = match store.meetings() {
        Ok(meetings) => meetings,
        Err(_) => {
            app.show_message("The meetings could not be read; try again");
            return;
        }
    };
    if meetings.is_empty() {
        app.show_message("No tracker meetings yet: press T to hold one");
        return;
    }
    let options = meetings
        .into_iter()
        .rev()
        .map(|(id, tracker, held_on, chair)| {
            let held = chrono::NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
                .map_or(held_on.clone(), |day| app.dates.show(day));
            (
                format!("{held} · {tracker} · {chair} (meeting {id})"),
                id.to_string(),
            )
        })
        .collect();
    app.pick_minutes(options);
}

/// Saves the text into `folder` as an owner-only file, never over one
/// already there, and says where; the export is put on the record, a
/// read-only session's too (`Store::record_read`).
pub fn save(store: &mut Store, app: &mut App, folder: &Path, name: &str, text: &str, source: &Source) {
    let path = match write_new(folder, name, text) {
        Ok(path) => path,
        Err(message) => {
            app.show_message(message);
            return;
        }
    };
    let entity = if source.reference.is_some() {
        "child"
    } else {
        "caseload"
    };
    let recorded = store.record_read(
        AuditAction::Export,
        entity,
        source.reference.as_deref(),
        Some(serde_json::json!({
            "children": source.children,
            "what": source.what,
            "file": path.display().to_string(),
        })),
    );
    match recorded {
        Ok(()) => app.show_message(format!("Saved to {}", path.display())),
        Err(_) => app.show_message(format!(
            "Saved to {} (the export could not be recorded in the audit trail)",
            path.display()
        )),
    }
}

/// Writes `text` to a new file in `folder` named `name` (or `name` with
/// `-2`, `-3`… before its extension, if that is taken), readable by its
/// owner only.
fn write_new(folder: &Path, name: &str, text: &str) -> Result<PathBuf, String> {
    if !folder.is_dir() {
        return Err(format!(
            "The export folder {} is not there; ask your administrator to create it",
            folder.display()
        ));
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, "md"));
    for n in 1..100 {
        let candidate = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem}-{n}.{extension}"))
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&candidate) {
            Ok(mut file) => {
                return file
                    .write_all(text.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map(|()| candidate.clone())
                    .map_err(|e| format!("{} could not be written: {e}", candidate.display()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{} could not be written: {e}", candidate.display())),
        }
    }
    Err(format!(
        "{} already holds 99 files named {name}; move some away",
        folder.display()
    ))
}
