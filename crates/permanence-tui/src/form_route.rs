//! The event loop's side of the Forms tab and the manager's queue: the
//! child's forms read for the tab, a stored form shown to read, the step
//! a form awaits recorded, a form returned or amended (each through the
//! route's use case, `service::forms`, which refuses in the route's
//! words), and the forms awaiting the user, counted and listed.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::form;
use crate::modal::{Modal, Picker, PickerPurpose};
use crate::screens::child::forms_tab::FormLine;
use crate::service::forms::{self, RouteError};
use crate::service::library::Library;
use crate::store::Store;

/// A time from the store (UTC) as the user reads it.
fn local(app: &App, at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            let t = t.with_timezone(&chrono::Local);
            format!("{} {}", app.dates.show(t.date_naive()), t.format("%H:%M"))
        })
        .unwrap_or_else(|_| at.to_string())
}

/// Every form of the child as the Forms tab lists it, newest first.
pub fn lines(store: &Store, library: &Library, app: &App, child: ChildId) -> Result<Vec<FormLine>, String> {
    let records = store
        .forms_of_child(child)
        .map_err(|_| "The child's forms could not be read".to_string())?;
    let names: std::collections::HashMap<String, String> = store
        .workers()
        .unwrap_or_default()
        .into_iter()
        .map(|w| (w.username, w.display_name))
        .collect();
    let me = &store.actor().user;
    // Who records each step is the permissions file's; rules that cannot
    // be read name nobody, and every step falls to sign-off-qa's words.
    let policy = crate::service::access::policy(store).unwrap_or_default();
    Ok(records
        .iter()
        .map(|record| {
            let def = library.form(&record.kind);
            FormLine {
                id: record.id,
                kind: record.kind.clone(),
                title: def.map_or_else(|| record.kind.clone(), |d| d.title.clone()),
                version: record.version,
                by: names
                    .get(&record.created_by)
                    .cloned()
                    .unwrap_or_else(|| record.created_by.clone()),
                when: record
                    .submitted_at
                    .as_deref()
                    .map(|at| local(app, at))
                    .unwrap_or_default(),
                standing: def.map_or(forms::Standing::NoRoute, |d| {
                    forms::standing(d, record, &records, &policy, app.session.today)
                }),
                mine: record.created_by == *me,
            }
        })
        .collect())
}

/// Reads the child's forms onto the Forms tab (moving to it, on `form`,
/// when asked).
pub fn show(store: &Store, library: &Library, app: &mut App, child: ChildId, form: Option<i64>) {
    let lines = lines(store, library, app, child);
    app.show_forms(lines, form);
}

/// Counts the forms awaiting the user, for the caseload's status line.
pub fn count(store: &Store, library: &Library, app: &mut App) {
    let waiting = forms::queue(store, library, app.session.today).map_or(0, |q| q.len());
    app.set_awaiting(waiting);
}

/// Shows a stored form to read: each answer under its label, then the
/// steps of its route with who recorded each and when.
pub fn open(store: &Store, library: &Library, app: &mut App, id: i64) {
    let Ok(Some(record)) = store.form(id) else {
        app.show_message("That form could not be read; try again");
        return;
    };
    let Some(def) = library.form(&record.kind) else {
        app.show_message(format!("There is no {} form in this library", record.kind));
        return;
    };
    let (data, _) = form::read_json(def, &record.data, app.session.today);
    let mut lines = vec![format!(
        "Version {} · {}",
        record.version,
        if record.submitted {
            "submitted, read only"
        } else {
            "a draft, not yours: read only"
        }
    )];
    for field in def.fields() {
        let value = match data.get(&field.id) {
            None | Some(form::FieldValue::Empty) => "—".to_string(),
            Some(value) => value.display().replace('\n', " "),
        };
        lines.push(format!("{}: {value}", field.label));
    }
    lines.extend(route_lines(store, app, def, &record, &data));
    app.show_dialog(Modal::Info {
        title: format!("{} (form {})", def.title, record.id),
        lines,
    });
}

/// The route of a stored form in its own words: each step recorded, by
/// whom (by name) and on which day, then where it stands now ("awaits
/// Quality assured by the case manager (the child's team manager)"), with
/// who stands in for the person the route names, as the permissions file
/// says. None for a form with no route and nothing recorded.
fn route_lines(
    store: &Store,
    app: &App,
    def: &crate::domain::form::FormDef,
    record: &crate::store::FormRecord,
    data: &form::FormData,
) -> Vec<String> {
    let names: std::collections::HashMap<String, String> = store
        .workers()
        .unwrap_or_default()
        .into_iter()
        .map(|w| (w.username, w.display_name))
        .collect();
    let name = |user: &str| names.get(user).cloned().unwrap_or_else(|| user.to_string());
    let day = |at: &str| local(app, at).split(' ').next().unwrap_or_default().to_string();
    let policy = crate::service::access::policy(store).unwrap_or_default();
    let versions = store.forms_of_child(record.child).unwrap_or_default();
    let standing = forms::standing(def, record, &versions, &policy, app.session.today);
    let mut lines = Vec::new();
    if let Some(at) = record.submitted_at.as_deref() {
        for words in forms::submitted_words(def) {
            lines.push(format!(
                "{words} — done by submitting, by {} on {}",
                name(&record.created_by),
                day(at)
            ));
        }
    }
    for (step, by, at, note) in &record.steps {
        let note = note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
        lines.push(format!(
            "{} — recorded by {} on {}{note}",
            forms::step_words(def, data, step),
            name(by),
            day(at)
        ));
    }
    if !matches!(standing, forms::Standing::NoRoute | forms::Standing::Draft) {
        lines.push(crate::app::capitalise(&standing.route()));
    }
    if !lines.is_empty() {
        lines.splice(0..0, [String::new(), "Route:".to_string()]);
    }
    lines
}

/// A refusal or a failure as the status line says it.
fn said(error: &RouteError) -> String {
    match error {
        RouteError::Store(crate::store::StoreError::ReadOnly) => {
            "Read-only: this database cannot be changed from here".to_string()
        }
        RouteError::Store(crate::store::StoreError::Conflict(why)) => format!("{why}; nothing was changed"),
        RouteError::Store(_) => "That could not be saved; nothing was changed. Try again.".to_string(),
        refused => format!(
            "{}; nothing was changed",
            crate::app::capitalise(&refused.to_string())
        ),
    }
}

/// After a step, a return or an amendment: the child's forms read again,
/// the count of what awaits the user, and what happened (or why not).
fn after(
    store: &Store,
    library: &Library,
    app: &mut App,
    child: ChildId,
    form: i64,
    done: Result<String, RouteError>,
) {
    app.forget_form();
    show(store, library, app, child, Some(form));
    count(store, library, app);
    match done {
        Ok(message) => app.show_message(message),
        Err(error) => app.show_message(said(&error)),
    }
}

/// Records the step form `id` awaits.
pub fn sign(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    (child, id): (ChildId, i64),
    step: &str,
    note: Option<&str>,
) {
    let today = app.session.today;
    let label = forms::awaited(store, library, id, today).map(|a| a.label);
    let done = forms::sign(store, library, id, step, note, today).map(|()| {
        format!(
            "{} recorded on form {id}",
            label.unwrap_or_else(|_| step.to_string())
        )
    });
    after(store, library, app, child, id, done);
}

/// Returns form `id` to its author with the comment.
pub fn send_back(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    (child, id): (ChildId, i64),
    comment: &str,
) {
    let done = forms::send_back(store, library, id, comment, app.session.today)
        .map(|()| format!("Form {id} returned to its author with your comments"));
    after(store, library, app, child, id, done);
}

/// Starts amending form `id` and opens the new version in the editor.
pub fn amend(store: &mut Store, library: &Library, app: &mut App, (child, id): (ChildId, i64), reason: &str) {
    match forms::amend(store, library, id, reason) {
        Ok(draft) => {
            app.forget_form();
            show(store, library, app, child, Some(draft));
            let kind = store.form(draft).ok().flatten().map(|f| f.kind);
            match kind.map(|kind| crate::forms::open(store, library, app, child, &kind)) {
                Some(Ok(())) => app.show_message(format!(
                    "Amending form {id}: your new version keeps its answers; Ctrl-s submits it"
                )),
                Some(Err(message)) => app.show_message(message),
                None => app.show_message("The new version could not be opened; it is on the Forms tab"),
            }
        }
        Err(error) => after(store, library, app, child, id, Err(error)),
    }
}

/// The forms awaiting the user's sign-off or QA, to choose one from:
/// Enter opens its child on the Forms tab.
pub fn queue(store: &Store, library: &Library, app: &mut App) {
    match forms::queue(store, library, app.session.today) {
        Ok(queued) if queued.is_empty() => {
            app.set_awaiting(0);
            app.show_message("No form awaits your sign-off or QA");
        }
        Ok(queued) => {
            app.set_awaiting(queued.len());
            let options = queued
                .iter()
                .map(|q| {
                    let when = q
                        .form
                        .submitted_at
                        .as_deref()
                        .map(|at| local(app, at))
                        .unwrap_or_default();
                    let day = when.split(' ').next().unwrap_or_default().to_string();
                    (
                        // Most telling first, where a narrow window cuts the end.
                        format!(
                            "{} ({}) · {} · {} v{} · {day}",
                            q.child_name, q.form.reference, q.awaited.label, q.title, q.form.version
                        ),
                        format!("{}:{}", q.form.child.0, q.form.id),
                    )
                })
                .collect();
            app.show_dialog(Modal::Picker(Picker {
                title: format!("Awaiting your sign-off or QA ({})", queued.len()),
                options,
                selected: 0,
                purpose: PickerPurpose::FormQueue,
            }));
        }
        Err(error) => app.show_message(said(&error)),
    }
}
