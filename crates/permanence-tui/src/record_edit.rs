//! The child's record as a form on screen: `a` on the caseload opens it
//! empty to add a child, `e` on the Record tab prefilled to edit theirs.
//! It is the form engine's editor with the record form (whose file
//! declares the child-record behaviour); this is what differs: Ctrl-S
//! first works out what saving would do (the fields, the events recorded
//! with their dates, the timeline dates that move) and lists it before
//! saving; saving goes through the record use case, not filing; the
//! draft is kept per user as the dialogs' are; and where someone else
//! changed the record meanwhile, a list of the fields both sides changed
//! lets the user keep theirs or the other's, field by field, then save.

use crate::action::Action;
use crate::app::App;
use crate::domain::child::ChildId;
use crate::domain::form::FormData;
use crate::domain::form::record::{CARER_COLUMNS, RecordFields};
use crate::domain::people::Carer;
use crate::domain::permissions::{Action as Permission, ChildScope};
use crate::form_editor::{EditorOutcome, FormEditor, Problem, Slot};
use crate::service::library::Library;
use crate::service::record::{self, Conflict, RecordError, Seen};
use crate::store::{Store, StoreError};

/// What the record form holds beyond the editor's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordEdit {
    /// The record as the form opened on it (its version goes with the
    /// save); `None` when adding a child.
    pub seen: Option<Seen>,
    /// What saving will do, a line each, shown before saving.
    pub before_saving: Vec<String>,
    /// Someone else's change, being chosen between.
    pub conflict: Option<Choosing>,
    /// The carers known, to fill in the relationship of one picked.
    pub known_carers: Vec<Carer>,
}

/// Choosing, field by field, between someone else's change and the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choosing {
    pub conflict: Conflict,
    /// For each of the conflict's fields, whether the user's is kept.
    pub mine: Vec<bool>,
    /// The row the cursor is on: [`ALL_THEIRS`], [`ALL_MINE`], then the fields.
    pub selected: usize,
}

/// The first row of the conflict's list: keep every one of theirs.
pub const ALL_THEIRS: usize = 0;
/// The second row: keep every one of the user's.
pub const ALL_MINE: usize = 1;
/// The rows before the fields.
pub const FIXED_ROWS: usize = 2;

const READ_ONLY: &str = "Read-only: this database cannot be changed from here";

/// The draft's purpose: one per user for a new child, one per child edited.
fn purpose(editor: &FormEditor) -> String {
    match editor.record.as_ref().and_then(|r| r.seen.as_ref()) {
        None => "child-record:new".to_string(),
        Some(_) => format!("child-record:{}", editor.child.0),
    }
}

/// Opens the record form: empty to add a child, prefilled with the
/// child's record to edit it, or carrying on from the user's draft.
pub fn open(store: &Store, library: &Library, app: &mut App, child: Option<ChildId>) -> Result<(), String> {
    if app.session.read_only {
        return Err(READ_ONLY.to_string());
    }
    let def = library
        .record
        .clone()
        .ok_or_else(|| "No form declares the child-record behaviour".to_string())?;
    let fields = def
        .record()
        .cloned()
        .ok_or_else(|| "No form declares the child-record behaviour".to_string())?;
    let unreadable = |_: StoreError| "The child's record could not be read; try again".to_string();
    let (id, label, prefill, seen) = match child {
        None => (ChildId(0), "a new child".to_string(), Vec::new(), None::<Seen>),
        Some(id) => {
            let people = store.child_scope(id).map_err(unreadable)?;
            app.permits(Permission::EditTimeline, Some(people.scope()))
                .map_err(|refusal| refusal.to_string())?;
            let detail = store
                .child_detail(id)
                .map_err(unreadable)?
                .ok_or_else(|| "That child's record has been removed".to_string())?;
            let version = store
                .child_version(id)
                .map_err(unreadable)?
                .ok_or_else(|| "That child's record has been removed".to_string())?;
            let label = format!("{} ({})", detail.fields.full_name(), detail.fields.reference);
            let prefill = fields.texts(&detail.fields, app.dates);
            let seen = Seen {
                version,
                fields: detail.fields,
                carers: detail.carers,
            };
            (id, label, prefill, Some(seen))
        }
    };
    let mut editor = FormEditor::new(def, id, label, app.session.today, &prefill);
    editor.dates = app.dates;
    if let Some(seen) = &seen {
        set_carers(&mut editor, &seen.carers);
    }
    let workers = store.workers().unwrap_or_default();
    editor.people = workers.iter().map(|w| w.display_name.clone()).collect();
    // A worker or IRO may be picked by typing their username too.
    editor.usernames = workers
        .into_iter()
        .map(|w| (w.display_name, w.username))
        .collect();
    if let Some(team) = fields.field_of(crate::domain::import::Column::Team) {
        editor.pickers = vec![(team.to_string(), store.teams().unwrap_or_default())];
    }
    let known_carers: Vec<Carer> = match fields.carers {
        Some(_) => store
            .known_carers()
            .unwrap_or_default()
            .into_iter()
            .map(|(_, c)| c)
            .collect(),
        None => Vec::new(),
    };
    if fields.carers.is_some() {
        // A carer's name picks from the carers known; a new one may be typed.
        let mut names: Vec<String> = known_carers.iter().map(|c| c.name.clone()).collect();
        names.dedup();
        editor.pickers.push((CARER_COLUMNS[0].to_string(), names));
    }
    editor.record = Some(RecordEdit {
        seen,
        before_saving: Vec::new(),
        conflict: None,
        known_carers,
    });
    let kept = store
        .drafts()
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.purpose == purpose(&editor));
    if let Some(draft) = kept
        && let Some(json) = draft.fields.first().and_then(|t| serde_json::from_str(t).ok())
        && editor.restore(&json)
    {
        // A marker: there is a draft to keep or discard on leaving.
        editor.draft = Some(0);
        app.show_message("Carrying on from your draft; Esc then d discards it");
    }
    app.open_form(editor);
    Ok(())
}

/// A known carer picked into a row of the carers table: their
/// relationship and whether they are a connected person fill the row's
/// cells left blank, so the row shows what will be saved.
pub fn fill_picked_carer(editor: &mut FormEditor) {
    let (Some(cell), Some(record)) = (editor.cell, editor.record.as_ref()) else {
        return;
    };
    let is_carers = editor.def.record().and_then(|f| f.carers.as_deref())
        == editor.def.fields().nth(editor.focus).map(|f| f.id.as_str());
    if !is_carers || cell.column != 0 {
        return;
    }
    let Some(Slot::Rows(rows)) = editor.slots.get(editor.focus) else {
        return;
    };
    let Some(name) = rows.get(cell.row).and_then(|r| r.first()) else {
        return;
    };
    let Some(known) = record.known_carers.iter().find(|c| c.name == *name).cloned() else {
        return;
    };
    if let Some(Slot::Rows(rows)) = editor.slots.get_mut(editor.focus)
        && let Some(row) = rows.get_mut(cell.row)
    {
        let filled = [
            known.relationship,
            if known.connected_person { "yes" } else { "no" }.to_string(),
        ];
        for (at, text) in filled.into_iter().enumerate() {
            if let Some(cell) = row.get_mut(at + 1)
                && cell.trim().is_empty()
            {
                *cell = text;
            }
        }
    }
}

/// Puts `carers` into the form's carers table, a row each.
fn set_carers(editor: &mut FormEditor, carers: &[crate::domain::people::Carer]) {
    let Some(id) = editor.def.record().and_then(|f| f.carers.clone()) else {
        return;
    };
    if let Some(at) = editor.def.fields().position(|f| f.id == id)
        && let Some(slot) = editor.slots.get_mut(at)
    {
        *slot = Slot::Rows(RecordFields::carer_rows(carers));
    }
}

/// Keeps what has been typed as the user's draft of this record form.
pub fn save_draft(store: &mut Store, app: &mut App) -> Result<(), StoreError> {
    let Some(editor) = app.form_editor_mut() else {
        return Ok(());
    };
    let json = editor.draft_json().to_string();
    store.save_draft(&purpose(editor), &[json])?;
    editor.draft = Some(0);
    editor.unsaved = false;
    let saved = store.clock().now().with_timezone(&chrono::Local);
    editor.saved_at = Some(saved.format("%H:%M:%S").to_string());
    Ok(())
}

/// Leaves the record form, keeping the draft or discarding it.
pub fn leave(store: &mut Store, app: &mut App, keep: bool) {
    let Some(key) = app.form_editor().map(purpose) else {
        return;
    };
    if keep {
        if save_draft(store, app).is_err() {
            app.show_message("The draft could not be saved; you are still in the form");
            return;
        }
        app.close_form();
        app.show_message("Draft kept: open the record form again to carry on");
        return;
    }
    if store.forget_draft(&key).is_err() {
        app.show_message("The draft could not be discarded; try again");
        return;
    }
    app.close_form();
    app.show_message("Draft discarded");
}

/// Works out what saving the answers would do and asks before saving;
/// or puts the cursor on what the checks refused.
pub fn preview(store: &Store, library: &Library, app: &mut App, data: &FormData) {
    let Some(editor) = app.form_editor() else {
        return;
    };
    let (def, child) = (editor.def.clone(), editor.child);
    let adding = editor.record.as_ref().is_none_or(|r| r.seen.is_none());
    let when = (app.session.today, app.dates);
    let lines = if adding {
        record::plan_add(store, library, &def, data, when).map(|p| p.lines(&def, when.1))
    } else {
        record::plan_edit(store, library, &def, child, data, when).map(|p| p.lines(&def, when.1))
    };
    match lines {
        Ok(mut lines) => {
            if lines.is_empty() {
                lines.push("Nothing has changed: saving leaves the record as it is.".to_string());
            }
            if let Some(editor) = app.form_editor_mut()
                && let Some(record) = editor.record.as_mut()
            {
                record.before_saving = lines;
                editor.confirming = true;
            }
        }
        Err(refused) => show_refusal(app, refused),
    }
}

/// Saves the record form's answers: adds the child or saves the edit,
/// then closes the form. Returns the child to show; on someone else's
/// change, opens the choice between theirs and the user's instead.
pub fn save(store: &mut Store, library: &Library, app: &mut App, data: &FormData) -> Option<ChildId> {
    let editor = app.form_editor()?.clone();
    let record = editor.record.as_ref()?;
    let when = (app.session.today, app.dates);
    let permit = |action, scope: Option<ChildScope<'_>>| app.permits(action, scope);
    let saved = match &record.seen {
        None => record::add_child(store, library, &editor.def, data, &permit, when)
            .map(|id| (id, "added".to_string())),
        Some(seen) => record::edit_record(
            store,
            library,
            editor.child,
            seen,
            (&editor.def, data),
            &permit,
            when,
        )
        .map(|plan| {
            let events = plan.events.len();
            let said = match events {
                0 => "saved".to_string(),
                1 => "saved; 1 event recorded on the timeline".to_string(),
                n => format!("saved; {n} events recorded on the timeline"),
            };
            (editor.child, said)
        }),
    };
    match saved {
        Ok((child, said)) => {
            let _ = store.forget_draft(&purpose(&editor));
            app.close_form();
            if let Ok(rows) = store.caseload() {
                app.replace_rows(rows);
            }
            app.show_message(format!("The record of {}: {said}", record_name(store, child)));
            Some(child)
        }
        Err(RecordError::Conflict(conflict)) => {
            // Short, to fit the status line at 80 columns: the box says it in full.
            let message = format!("Not saved: changed meanwhile by {}", conflict.by);
            if let Some(editor) = app.form_editor_mut()
                && let Some(record) = editor.record.as_mut()
            {
                editor.confirming = false;
                record.conflict = Some(Choosing {
                    // One more row, the carers, where they differ.
                    mine: vec![true; conflict.fields.len() + usize::from(conflict.carers.is_some())],
                    selected: FIXED_ROWS,
                    conflict: *conflict,
                });
            }
            app.show_message(message);
            None
        }
        Err(refused) => {
            if let Some(editor) = app.form_editor_mut() {
                editor.confirming = false;
            }
            show_refusal(app, refused);
            None
        }
    }
}

fn record_name(store: &Store, child: ChildId) -> String {
    store
        .child_detail(child)
        .ok()
        .flatten()
        .map_or_else(String::new, |d| {
            format!("{} ({})", d.fields.full_name(), d.fields.reference)
        })
}

/// A refusal in its rule's words; the import's checks also mark their
/// fields and put the cursor on the first, as the form's own checks do.
fn show_refusal(app: &mut App, refused: RecordError) {
    let message = match &refused {
        RecordError::Store(StoreError::ReadOnly) => READ_ONLY.to_string(),
        RecordError::Store(_) => {
            "The record could not be saved; your answers are kept. Try again.".to_string()
        }
        other => other.to_string(),
    };
    if let RecordError::Invalid(problems) = &refused
        && let Some(editor) = app.form_editor_mut()
    {
        let ids: Vec<String> = editor.def.fields().map(|f| f.id.clone()).collect();
        editor.problems = problems
            .iter()
            .filter_map(|p| {
                Some(Problem {
                    field: ids.iter().position(|id| *id == p.field)?,
                    cell: None,
                    message: p.message.clone(),
                })
            })
            .collect();
        if let Some(first) = editor.problems.first() {
            editor.focus = first.field;
            editor.cell = None;
            editor.cursor = match editor.slots.get(first.field) {
                Some(Slot::Text(t)) => t.chars().count(),
                _ => 0,
            };
        }
    }
    app.show_message(message);
}

/// The conflict list's keys: move, switch a field (or every field)
/// between theirs and the user's, Enter to take the choices into the
/// form and go on to save, Esc back to the form as typed.
pub fn apply_conflict(editor: &mut FormEditor, action: Action) -> Option<EditorOutcome> {
    let choosing = editor.record.as_mut()?.conflict.as_mut()?;
    let last = FIXED_ROWS + choosing.mine.len() - 1;
    match action {
        Action::MoveDown => choosing.selected = (choosing.selected + 1).min(last),
        Action::MoveUp => choosing.selected = choosing.selected.saturating_sub(1),
        Action::ToggleChoice => match choosing.selected {
            ALL_THEIRS => choosing.mine.iter_mut().for_each(|m| *m = false),
            ALL_MINE => choosing.mine.iter_mut().for_each(|m| *m = true),
            n => {
                if let Some(m) = choosing.mine.get_mut(n - FIXED_ROWS) {
                    *m = !*m;
                }
            }
        },
        Action::Submit => {
            let record = editor.record.as_mut()?;
            let chosen = record.conflict.take()?;
            record.seen = Some(chosen.conflict.now.clone());
            take_theirs(editor, &chosen);
            return editor.apply(Action::Submit);
        }
        Action::Cancel => {
            if let Some(record) = editor.record.as_mut() {
                record.conflict = None;
            }
        }
        _ => {}
    }
    None
}

/// Writes theirs into the form wherever the user chose theirs.
fn take_theirs(editor: &mut FormEditor, chosen: &Choosing) {
    let Some(fields) = editor.def.record().cloned() else {
        return;
    };
    let carers_row = chosen.conflict.fields.len();
    if chosen.conflict.carers.is_some() && chosen.mine.get(carers_row) == Some(&false) {
        set_carers(editor, &chosen.conflict.now.carers);
        editor.unsaved = true;
    }
    let theirs = fields.texts(&chosen.conflict.now.fields, editor.dates);
    let ids: Vec<String> = editor.def.fields().map(|f| f.id.clone()).collect();
    for (sides, mine) in chosen.conflict.fields.iter().zip(&chosen.mine) {
        if *mine {
            continue;
        }
        let Some(id) = fields.field_of(sides.column) else {
            continue;
        };
        let text = theirs.iter().find(|(i, _)| i == id).map(|(_, t)| t.clone());
        if let (Some(at), Some(text)) = (ids.iter().position(|i| i == id), text)
            && let Some(slot) = editor.slots.get_mut(at)
        {
            *slot = Slot::Text(text);
            editor.unsaved = true;
        }
    }
}
