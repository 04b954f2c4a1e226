//! The event loop's side of the form screen: opening a form (with the
//! user's draft, or prefilled from the record), saving the draft within a
//! second of typing, filing the submission, and leaving.

use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::form::FormDef;
use crate::domain::form_prefill::{PrefillSource, prefill_form};
use crate::form_editor::FormEditor;
use crate::service::library::Library;
use crate::store::{FormRecord, Store, StoreError};
use std::time::{Duration, Instant};

/// The longest typing goes unsaved: a dropped SSH session loses at most
/// this much. Saving is a small write, so this can be short.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(300);

/// Opens the editor on `kind` for `child`: the user's draft if they have
/// one, otherwise a new form prefilled from the record.
pub fn open(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    child: ChildId,
    kind: &str,
) -> Result<(), String> {
    let def = library
        .form(kind)
        .ok_or_else(|| format!("There is no {kind} form"))?
        .clone();
    let (mut editor, draft) = editor_for(store, &def, child, app.session.today, app.dates)?;
    if let Some(draft) = draft {
        editor.restore(&draft.data);
        editor.draft = Some(draft.id);
        editor.saved_at = Some(local_time(&draft.updated_at, app.dates));
        app.show_message(format!(
            "Carrying on from your draft saved {}; Esc then d discards it",
            local_time(&draft.updated_at, app.dates)
        ));
    } else if def.fields().any(|f| f.shared) {
        let started = start_for_siblings(store, app, &def, child);
        if !started.is_empty() {
            app.show_message(format!(
                "One plan per child: drafts also started for {} in the sibling group",
                started.join(" and ")
            ));
        }
    }
    app.open_form(editor);
    Ok(())
}

/// An editor on `kind` for `child`, prefilled from the record, and the
/// user's draft of it if there is one (not yet restored).
fn editor_for(
    store: &Store,
    def: &FormDef,
    child: ChildId,
    today: chrono::NaiveDate,
    dates: crate::domain::date::DateStyle,
) -> Result<(FormEditor, Option<FormRecord>), String> {
    let def = def.clone();
    let kind = def.kind.clone();
    let detail = store
        .child_detail(child)
        .map_err(|_| "The child's record could not be read; try again".to_string())?
        .ok_or_else(|| "That child's record has been removed".to_string())?;
    let user = store
        .worker(&store.actor().user)
        .ok()
        .flatten()
        .map_or_else(|| store.actor().user.clone(), |w| w.display_name);
    // The record's dates go in as the user reads dates.
    let prefill: Vec<(String, String)> = prefill_form(
        &def,
        &PrefillSource {
            child: &detail,
            user: &user,
            today,
        },
    )
    .into_iter()
    .map(|(id, text)| {
        let text = dates.restyle(&text).into_owned();
        (id, text)
    })
    .collect();
    let label = format!("{} ({})", detail.fields.full_name(), detail.fields.reference);
    let mut editor = FormEditor::new(def, child, label, today, &prefill);
    editor.dates = dates;
    // The child's own people first: they are who most forms name.
    editor.people = detail.carers.iter().map(|c| c.name.clone()).collect();
    let workers = store.workers().unwrap_or_default();
    editor
        .people
        .extend(workers.iter().map(|w| w.display_name.clone()));
    // The user filling the form is someone known even without a worker
    // row of their own, so the field prefilled with them ("Completed by")
    // passes the person check of every form's person fields.
    if !editor.people.contains(&user) {
        editor.people.push(user.clone());
    }
    editor.usernames = workers
        .into_iter()
        .map(|w| (w.display_name, w.username))
        .collect();
    let draft = store
        .open_draft(child, &kind)
        .map_err(|_| "Your draft could not be read; try again".to_string())?;
    Ok((editor, draft))
}

/// The siblings the user may write for, as (id, name).
fn siblings(store: &Store, app: &App, child: ChildId) -> Vec<(ChildId, String)> {
    let Ok(Some(detail)) = store.child_detail(child) else {
        return Vec::new();
    };
    detail
        .siblings
        .iter()
        .filter(|s| {
            store.child_scope(s.id).is_ok_and(|people| {
                app.permits(
                    crate::domain::permissions::Action::EditTimeline,
                    Some(people.scope()),
                )
                .is_ok()
            })
        })
        .map(|s| (s.id, s.full_name()))
        .collect()
}

/// Starting a plan that is one per child (an SGO support plan) for a
/// child in a sibling group starts one for each sibling who has none, so
/// no child is planned for collectively. Returns their names.
fn start_for_siblings(store: &mut Store, app: &App, def: &FormDef, child: ChildId) -> Vec<String> {
    let mut started = Vec::new();
    for (sibling, name) in siblings(store, app, child) {
        let has_one = store
            .forms_of(sibling, &def.kind)
            .map_or(true, |forms| !forms.is_empty());
        if has_one {
            continue;
        }
        let Ok((editor, _)) = editor_for(store, def, sibling, app.session.today, app.dates) else {
            continue;
        };
        let json = editor.draft_json();
        if store
            .write(|w| w.save_form_draft(sibling, &def.kind, None, &json))
            .is_ok()
        {
            started.push(name);
        }
    }
    started
}

/// After a submission, copies the shared fields (the carers', not the
/// child's) into the user's drafts of the same form for the siblings.
fn share_with_siblings(store: &mut Store, app: &App, submitted: &FormEditor) -> usize {
    let mut shared = 0;
    for (sibling, _) in siblings(store, app, submitted.child) {
        let Ok((mut editor, Some(draft))) =
            editor_for(store, &submitted.def, sibling, app.session.today, app.dates)
        else {
            continue;
        };
        editor.restore(&draft.data);
        let fields: Vec<bool> = submitted.def.fields().map(|f| f.shared).collect();
        for ((slot, theirs), is_shared) in editor.slots.iter_mut().zip(&submitted.slots).zip(fields) {
            if is_shared {
                *slot = theirs.clone();
            }
        }
        let json = editor.draft_json();
        if store
            .write(|w| w.save_form_draft(sibling, &submitted.def.kind, None, &json))
            .is_ok()
        {
            shared += 1;
        }
    }
    shared
}

fn local_time(at: &str, dates: crate::domain::date::DateStyle) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            let t = t.with_timezone(&chrono::Local);
            format!("{} {}", dates.show(t.date_naive()), t.format("%H:%M:%S"))
        })
        .unwrap_or_else(|_| at.to_string())
}

/// Saves the draft if anything has been typed since the last save.
pub fn save_draft(store: &mut Store, app: &mut App) -> Result<(), StoreError> {
    let Some(editor) = app.form_editor_mut() else {
        return Ok(());
    };
    if !editor.unsaved {
        return Ok(());
    }
    // The record form is not a form filed against a child: its draft is
    // kept as a dialog's is.
    if editor.record.is_some() {
        return crate::record_edit::save_draft(store, app);
    }
    let (child, kind, amends, json) = (
        editor.child,
        editor.def.kind.clone(),
        editor.amends,
        editor.draft_json(),
    );
    let id = store.write(|w| w.save_form_draft(child, &kind, amends, &json))?;
    editor.draft = Some(id);
    editor.unsaved = false;
    let saved = store.clock().now().with_timezone(&chrono::Local);
    editor.saved_at = Some(saved.format("%H:%M:%S").to_string());
    Ok(())
}

/// Saves on a timer: called every time round the event loop. Returns
/// whether it saved (and so the status line has changed).
pub fn autosave(store: &mut Store, app: &mut App, last: &mut Instant) -> bool {
    let due = app.form_editor().is_some_and(|e| e.unsaved) && last.elapsed() >= AUTOSAVE_AFTER;
    if !due {
        return false;
    }
    *last = Instant::now();
    if save_draft(store, app).is_err() {
        app.show_message("Your draft could not be saved just now; it will be tried again");
    }
    true
}

/// Files the checked form. Returns the child to show afterwards.
pub fn submit(
    store: &mut Store,
    library: &Library,
    app: &mut App,
    data: &crate::domain::form::FormData,
    json: &serde_json::Value,
) -> Option<ChildId> {
    let editor = app.form_editor()?.clone();
    let (child, draft, amends, title) = (
        editor.child,
        editor.draft,
        editor.amends,
        editor.def.title.clone(),
    );
    let def = library.form(&editor.def.kind)?.clone();
    // Anything typed since the last autosave is in `json` itself.
    use crate::service::filing::{self, FilingError, Versions};
    let versions = Versions { draft, amends };
    match filing::submit(
        store,
        &def,
        child,
        versions,
        data,
        json,
        (app.session.today, app.dates),
    ) {
        Ok(id) => {
            app.close_form();
            let version = store.form(id).ok().flatten().map_or(1, |f| f.version);
            let shared = if def.fields().any(|f| f.shared) {
                share_with_siblings(store, app, &editor)
            } else {
                0
            };
            let siblings = match shared {
                0 => String::new(),
                1 => "; the carers' sections were copied to a sibling's draft".to_string(),
                n => format!("; the carers' sections were copied to {n} siblings' drafts"),
            };
            app.show_message(format!(
                "{title}: submitted as form {id}, version {version}{siblings}"
            ));
            Some(child)
        }
        Err(FilingError::Store(StoreError::ReadOnly)) => {
            app.show_message("Read-only: this database cannot be changed from here");
            None
        }
        // A rule said no: its words, and the draft stays open to put right.
        Err(refused @ (FilingError::Meeting { .. } | FilingError::Contradicts(_))) => {
            app.show_message(format!("{refused}; your draft is kept"));
            None
        }
        Err(FilingError::Store(_)) => {
            app.show_message("The form could not be submitted; your draft is kept. Try again.");
            None
        }
    }
}

/// Leaves the form, keeping the draft (saved now) or discarding it.
pub fn leave(store: &mut Store, app: &mut App, keep: bool) {
    if app.form_editor().is_some_and(|e| e.record.is_some()) {
        crate::record_edit::leave(store, app, keep);
        return;
    }
    if keep {
        if save_draft(store, app).is_err() {
            app.show_message("The draft could not be saved; you are still in the form");
            return;
        }
        let saved = app.form_editor().and_then(|e| e.draft).is_some();
        app.close_form();
        if saved {
            app.show_message("Draft kept: open the same form again to carry on");
        }
        return;
    }
    let draft = app.form_editor().and_then(|e| e.draft);
    if let Some(id) = draft
        && store.write(|w| w.discard_form_draft(id)).is_err()
    {
        app.show_message("The draft could not be discarded; try again");
        return;
    }
    app.close_form();
    app.show_message("Draft discarded");
}
