//! Adding a child and editing their record, from the screen's record form
//! (and anything else that fills one): the answers are read as a row of
//! `permanence import children` and checked by the import's own rules, so
//! the screen refuses exactly what an import would. A change that is an
//! event of the child's history (a new legal status on the day it took
//! effect, becoming looked after, a new placement on its start) is
//! recorded as that event, through the same recording as `e` and
//! `permanence record`, so the timeline counts from it; the rest of the
//! record is updated. The child's carers, a table of the form, are
//! changed in the same write (see `record/carers.rs`). A save carries the
//! version of the record the user saw: where someone else has changed it
//! (or its carers) since, nothing is written and both sides are returned,
//! field by field.

use crate::corrections::{self, Change, CorrectionError};
use crate::domain::child::{ChildFields, ChildId, LegalStatus};
use crate::domain::date::DateStyle;
use crate::domain::event::Event;
use crate::domain::form::record::RecordFields;
use crate::domain::form::{FormData, FormDef};
use crate::domain::import::{self, Blanks, Column, FieldChange, ImportProblem};
use crate::domain::legal_status;
use crate::domain::people::Carer;
use crate::domain::permissions::{Action, ChildScope, Refusal};
use crate::domain::timeline::moves::Move;
use crate::library::Library;
use crate::store::{Store, StoreError, TimelineFacts, Writer};
use chrono::NaiveDate;

/// What a record form's save was refused for; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The form is not a record form (its file declares no child-record
    /// behaviour).
    #[error("this form is not the child's record")]
    NotARecord,
    /// What the import's checks found, each naming its field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldProblem>),
    /// The rule that says who may, in its words.
    #[error("{0}")]
    Refused(Refusal),
    /// Someone else changed the record since it was shown.
    #[error(
        "This record was changed by {} since you opened it; nothing was saved",
        .0.by
    )]
    Conflict(Box<Conflict>),
    #[error("that child's record has been removed")]
    Gone,
    #[error(transparent)]
    Event(CorrectionError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the acting user may take an action (on a child allocated so):
/// the app's or the command line's check, with the rule's words.
pub type Permit<'p> = &'p dyn Fn(Action, Option<ChildScope<'_>>) -> Result<(), Refusal>;

/// One thing wrong with one field of the form, by the field's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The form's field id, to put the cursor on.
    pub field: String,
    /// The import's words, with the column's name ("date_of_birth: …").
    pub message: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The record as the user saw it when the form opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub version: i64,
    pub fields: ChildFields,
    /// The child's carers, by name.
    pub carers: Vec<Carer>,
}

/// Where the record changed under the user: each field that differs
/// between theirs (now in the record) and the user's, with what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Who made the other change, by name ("someone else" where the
    /// audit trail cannot say).
    pub by: String,
    /// The record as it is now, and its version: save against this to
    /// keep the choices made.
    pub now: Seen,
    /// The record as the user would save it.
    pub mine: ChildFields,
    /// Field by field (the import's column names), theirs beside mine.
    pub fields: Vec<Sides>,
    /// The carers, where theirs and mine differ: each side in a line.
    pub carers: Option<CarerSides>,
}

/// The child's carers as they were, as they are now, and as the user
/// would save them, each in a line ("none" for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarerSides {
    pub was: String,
    pub theirs: String,
    pub mine: String,
}

/// One field both sides changed differently, or one side changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub column: Column,
    pub was: String,
    pub theirs: String,
    pub mine: String,
}

/// What an edit would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct EditPlan {
    pub before: ChildFields,
    pub after: ChildFields,
    /// Each field that changes, as an import's dry run names it.
    pub changes: Vec<FieldChange>,
    /// The events of the child's history the edit records.
    pub events: Vec<Change>,
    /// What the orders it records do to the legal status, dated
    /// (`legal_status::change_lines`).
    pub legal: Vec<String>,
    /// Every date on the timeline that would move.
    pub moves: Vec<Move>,
    /// What changes of the child's carers, and their carers after.
    pub carers: Vec<CarerStep>,
    pub carers_after: Vec<Carer>,
}

impl EditPlan {
    /// What saving will do, a line each: the fields (by the labels the
    /// form shows, not the import's column names; a legal status an order
    /// moves said with its day instead), the events and the dates that
    /// move, as the form's "Before saving" lists them.
    pub fn lines(&self, def: &FormDef, dates: DateStyle) -> Vec<String> {
        let mut lines = field_lines(def, &self.changes, &self.legal);
        lines.extend(self.legal.iter().cloned());
        lines.extend(self.events.iter().map(|e| e.says(dates)));
        lines.extend(self.moves.iter().map(|m| m.describe(dates)));
        lines.extend(self.carers.iter().map(CarerStep::says));
        lines
    }
}

/// The fields that change, by the form's labels; the legal status is
/// left to the line that says it with its date, where an order moves it.
fn field_lines(def: &FormDef, changes: &[FieldChange], legal: &[String]) -> Vec<String> {
    changes
        .iter()
        .filter(|c| legal.is_empty() || c.field != Column::LegalStatus.name())
        .map(|c| format!("{} {} \u{2192} {}", label_of(def, c.field), c.old, c.new))
        .collect()
}

/// The label the record form gives an import column (the column's own
/// name where the form has no field for it).
pub fn label_of<'a>(def: &'a FormDef, column: &'a str) -> &'a str {
    record_of(def)
        .ok()
        .and_then(|fields| fields.columns.iter().find(|(c, _)| c.name() == column))
        .and_then(|(_, id)| def.field(id))
        .map_or(column, |field| field.label.as_str())
}

/// The record form's fields, or why the form is not one.
fn record_of(def: &FormDef) -> Result<&RecordFields, RecordError> {
    def.record().ok_or(RecordError::NotARecord)
}

/// The answers read as an import row and checked by the import's rules:
/// a blank clears the field, as the form shows it blank.
fn patch(
    fields: &RecordFields,
    data: &FormData,
    today: NaiveDate,
) -> Result<import::ChildPatch, RecordError> {
    let (columns, row) = fields.row(data);
    let mut patches = import::validate_rows_with(&columns, &[row], today, Blanks::Clear)
        .map_err(|problems| RecordError::Invalid(problems.iter().map(|p| named(fields, p)).collect()))?;
    patches.pop().ok_or(RecordError::Invalid(Vec::new()))
}

/// An import problem as the form shows it: on its field, without the
/// spreadsheet line a form has not got.
fn named(fields: &RecordFields, problem: &ImportProblem) -> FieldProblem {
    let column = problem.column.as_deref().and_then(Column::parse);
    let field = column
        .and_then(|c| fields.field_of(c))
        .unwrap_or_default()
        .to_string();
    let message = match &problem.column {
        Some(c) => format!("{c}: {}", problem.message),
        None => problem.message.clone(),
    };
    FieldProblem { field, message }
}

fn problem(field: Option<&str>, message: String) -> RecordError {
    RecordError::Invalid(vec![FieldProblem {
        field: field.unwrap_or_default().to_string(),
        message,
    }])
}

/// The worker or IRO a field names, as a username: a user of this
/// database by username or name. The screen adds no users.
fn resolve(
    store: &Store,
    fields: &RecordFields,
    column: Column,
    name: &mut Option<String>,
) -> Result<(), RecordError> {
    let Some(typed) = name.clone() else {
        return Ok(());
    };
    match store.find_worker(&typed)? {
        Some(w) => {
            *name = Some(w.username);
            Ok(())
        }
        None => Err(problem(
            fields.field_of(column),
            format!(
                "{}: {} is not a user of this database (`permanence users add` adds them)",
                column.name(),
                import::excerpt(&typed)
            ),
        )),
    }
}

/// The record the answers make, from what was there (`None`: a new child).
fn after(
    store: &Store,
    fields: &RecordFields,
    data: &FormData,
    before: Option<&ChildFields>,
    today: NaiveDate,
) -> Result<ChildFields, RecordError> {
    let mut child = patch(fields, data, today)?.apply(before);
    resolve(store, fields, Column::Worker, &mut child.worker)?;
    resolve(store, fields, Column::Iro, &mut child.iro)?;
    Ok(child)
}

fn scope(child: &ChildFields) -> ChildScope<'_> {
    ChildScope {
        worker: child.worker.as_deref(),
        iro: child.iro.as_deref(),
        team: child.team.as_deref(),
    }
}

/// The events of the child's history that going from `before` to
/// `after` records, on the dates the form gives; a change without the
/// date it happened on is refused, naming the date's field. Becoming
/// looked after (accommodated, or an interim care order for a child not
/// yet looked after) sets the looked-after date where it is blank.
fn events(
    fields: &RecordFields,
    data: &FormData,
    before: &ChildFields,
    after: &mut ChildFields,
    facts: &TimelineFacts,
) -> Result<Vec<Change>, RecordError> {
    let (status_since, placed_on) = fields.since(data);
    let mut out = Vec::new();
    let record = |event, on: NaiveDate| Change::Record {
        event,
        on,
        note: Some("recorded from the child's record".to_string()),
    };
    if after.legal_status != before.legal_status {
        let Some(on) = status_since else {
            return Err(problem(
                fields.legal_status_since.as_deref(),
                format!(
                    "legal_status_since: the legal status changes to {}: on what date?",
                    after.legal_status.code()
                ),
            ));
        };
        if let Some(event) = legal_status::event_for(after.legal_status) {
            out.push(record(event, on));
        }
        let accommodated = matches!(after.legal_status, LegalStatus::S20 | LegalStatus::Ico);
        if accommodated && after.looked_after_since.is_none() {
            after.looked_after_since = Some(on);
        }
    }
    if after.looked_after_since != before.looked_after_since
        && let Some(on) = after.looked_after_since
    {
        let recorded = before.looked_after_since.filter(|from| {
            facts
                .events
                .iter()
                .any(|e| e.event == Event::LookedAfter && e.on == *from)
        });
        out.push(match recorded {
            Some(from) => Change::Correct {
                event: Event::LookedAfter,
                from,
                to: on,
            },
            None => record(Event::LookedAfter, on),
        });
    }
    if after.placement_type != before.placement_type && after.placement_type.is_some() {
        let Some(on) = placed_on else {
            return Err(problem(
                fields.placement_since.as_deref(),
                "placement_since: the placement changes: on what date did it start?".to_string(),
            ));
        };
        out.push(record(Event::Placement, on));
    }
    Ok(out)
}

/// A date the corrections refuse (in the future, before 1900), said in
/// their words on the field the date was typed in, for the cursor to go to.
fn on_field(
    fields: &RecordFields,
    data: &FormData,
    change: &Change,
    refused: CorrectionError,
) -> RecordError {
    let on = match change {
        Change::Record { on, .. } | Change::Correct { to: on, .. } => Some(*on),
        _ => None,
    };
    let (status_since, placed_on) = fields.since(data);
    let field = if on.is_some() && on == status_since {
        fields.legal_status_since.as_deref()
    } else if on.is_some() && on == placed_on {
        fields.placement_since.as_deref()
    } else {
        fields.field_of(Column::LookedAfterSince)
    };
    match field {
        Some(field) => RecordError::Invalid(vec![FieldProblem {
            field: field.to_string(),
            message: refused.to_string(),
        }]),
        None => RecordError::Event(refused),
    }
}

/// Works out what an edit of `child`'s record would do, writing nothing:
/// the checks, the record after, the events it records and the timeline
/// dates that move. The screen shows this before saving.
pub fn plan_edit(
    store: &Store,
    library: &Library,
    def: &FormDef,
    child: ChildId,
    data: &FormData,
    (today, dates): (NaiveDate, DateStyle),
) -> Result<EditPlan, RecordError> {
    let fields = record_of(def)?;
    let before = store.child_detail(child)?.ok_or(RecordError::Gone)?.fields;
    let mut after = after(store, fields, data, Some(&before), today)?;
    if after.reference != before.reference {
        return Err(problem(
            fields.field_of(Column::Ref),
            format!(
                "ref: {} is this child's reference in every import and export; it cannot be changed here",
                before.reference
            ),
        ));
    }
    let facts = store.timeline_facts(child)?;
    let events = events(fields, data, &before, &mut after, &facts)?;
    let mut facts_after = facts.clone();
    for change in &events {
        corrections::preview(library, &facts_after, change, today, dates)
            .map_err(|e| on_field(fields, data, change, e))?;
        facts_after = change.apply(&facts_after);
    }
    facts_after.child.date_of_birth = after.date_of_birth;
    facts_after.child.looked_after_since = after.looked_after_since;
    let (moves, _) = corrections::moves_between(library, &facts, &facts_after, today);
    let had = store.child_carers(child)?;
    let steps = carer_steps(store, fields, data, &had)?;
    let legal = legal_status::change_lines(before.legal_status, &facts.events, &facts_after.events, dates);
    Ok(EditPlan {
        legal,
        changes: import::field_changes(Some(&before), &after, dates),
        before,
        after,
        events,
        moves,
        carers_after: carers::after(&had, &steps),
        carers: steps,
    })
}

/// What the form's carers rows do to the carers `had` (none where the
/// form has no carers field).
fn carer_steps(
    store: &Store,
    fields: &RecordFields,
    data: &FormData,
    had: &[crate::store::KnownCarer],
) -> Result<Vec<CarerStep>, RecordError> {
    match fields.carers(data) {
        Some(rows) => carers::steps(fields, &rows, had, &store.known_carers()?),
        None => Ok(Vec::new()),
    }
}

/// Saves an edit of the record made from `seen`: refused, with both
/// sides, where the record's version has moved since; otherwise the
/// record updated and its events recorded in one write, audited.
pub fn edit_record(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    seen: &Seen,
    (def, data): (&FormDef, &FormData),
    permit: Permit<'_>,
    when: (NaiveDate, DateStyle),
) -> Result<EditPlan, RecordError> {
    let people = store.child_scope(child)?;
    permit(Action::EditTimeline, Some(people.scope())).map_err(RecordError::Refused)?;
    let plan = plan_edit(store, library, def, child, data, when)?;
    // Moving the child to someone else must be theirs to move to, too.
    permit(Action::EditTimeline, Some(scope(&plan.after))).map_err(RecordError::Refused)?;
    let saved = store.write(|w| -> Result<(), RecordError> {
        let now = w.child_version(child)?.ok_or(RecordError::Gone)?;
        if now != seen.version {
            let theirs = w.child_fields(child)?.ok_or(RecordError::Gone)?;
            let their_carers: Vec<Carer> = w.child_carers(child)?.into_iter().map(|(_, c)| c).collect();
            let mut conflict = conflict(
                seen,
                Seen {
                    version: now,
                    fields: theirs,
                    carers: their_carers.clone(),
                },
                &plan.after,
                when.1,
            );
            let mine = if fields_have_carers(def) {
                &plan.carers_after
            } else {
                &their_carers
            };
            if *mine != their_carers {
                conflict.carers = Some(CarerSides {
                    was: carers::listed(&seen.carers),
                    theirs: carers::listed(&their_carers),
                    mine: carers::listed(mine),
                });
            }
            return Err(RecordError::Conflict(Box::new(conflict)));
        }
        w.put_child(&before_orders(
            &plan.after,
            plan.before.legal_status,
            &plan.events,
        ))?;
        record_events(w, child, &plan.events)?;
        // Where the orders did not move it (one older than an order
        // standing), the status the user chose is written as chosen.
        w.put_child(&plan.after)?;
        carers::save(w, child, &plan.carers)?;
        Ok(())
    });
    match saved {
        Err(RecordError::Conflict(mut conflict)) => {
            if let Some(who) = last_changed_by(store, &conflict.now.fields.reference) {
                conflict.by = who;
            }
            Err(RecordError::Conflict(conflict))
        }
        other => other.map(|()| plan),
    }
}

/// Whether the record form lists the carers.
fn fields_have_carers(def: &FormDef) -> bool {
    def.record().is_some_and(|f| f.carers.is_some())
}

/// Who last changed the child's record, by name, as the audit trail says.
fn last_changed_by(store: &Store, reference: &str) -> Option<String> {
    let entries = store.audit_entries(Some(reference)).ok()?;
    // An order recorded moves the legal status too (entity "legal-status").
    let user = entries
        .iter()
        .rev()
        .find(|e| {
            matches!(
                e.entity.as_str(),
                "child" | "legal-status" | "child_carer" | "carer"
            )
        })?
        .user
        .clone();
    let name = store
        .worker(&user)
        .ok()
        .flatten()
        .map_or(user, |w| w.display_name);
    Some(crate::domain::sanitise::clean_line(&name))
}

/// The record as written before the events saved with it: where an order
/// among them makes the legal status, the status is left as it `was` for
/// the order to move in the same write, so the audit trail keeps what it
/// was and withdrawing the order puts it back.
fn before_orders(after: &ChildFields, was: LegalStatus, events: &[Change]) -> ChildFields {
    let ordered = events.iter().any(|change| {
        matches!(change, Change::Record { event, .. } if legal_status::made_by_event(*event).is_some())
    });
    let mut written = after.clone();
    if ordered {
        written.legal_status = was;
    }
    written
}

fn record_events(w: &mut Writer<'_>, child: ChildId, events: &[Change]) -> Result<(), RecordError> {
    for change in events {
        let reason = change
            .needs_reason()
            .then_some("the looked-after date was changed on the child's record");
        corrections::save_in(w, child, change, reason)?;
    }
    Ok(())
}

/// Both sides of every field that differs between theirs and mine.
fn conflict(seen: &Seen, now: Seen, mine: &ChildFields, dates: DateStyle) -> Conflict {
    let theirs = import::field_changes(Some(&seen.fields), &now.fields, dates);
    let mine_changes = import::field_changes(Some(&seen.fields), mine, dates);
    let between = import::field_changes(Some(&now.fields), mine, dates);
    let fields = between
        .iter()
        .filter_map(|d| {
            let column = Column::parse(d.field)?;
            let was = theirs
                .iter()
                .chain(&mine_changes)
                .find(|c| c.field == d.field)
                .map_or_else(|| d.old.clone(), |c| c.old.clone());
            Some(Sides {
                column,
                was,
                theirs: d.old.clone(),
                mine: d.new.clone(),
            })
        })
        .collect();
    Conflict {
        by: "someone else".to_string(),
        now,
        mine: mine.clone(),
        fields,
        carers: None,
    }
}

/// What adding a child would do, worked out before it is saved.
#[derive(Debug, Clone)]
pub struct AddPlan {
    pub child: ChildFields,
    /// The events of the child's history the form dates.
    pub events: Vec<Change>,
    /// The carers the child is added with.
    pub carers: Vec<CarerStep>,
    /// What the orders among them make the legal status, dated.
    pub legal: Vec<String>,
}

impl AddPlan {
    /// What saving will do, a line each: the record's fields (a legal
    /// status an order makes said with its day) and the events recorded
    /// with it.
    pub fn lines(&self, def: &FormDef, dates: DateStyle) -> Vec<String> {
        let mut lines = field_lines(def, &import::field_changes(None, &self.child, dates), &self.legal);
        lines.extend(self.legal.iter().cloned());
        lines.extend(self.events.iter().map(|e| e.says(dates)));
        lines.extend(self.carers.iter().map(CarerStep::says));
        lines
    }
}

fn duplicate(fields: &RecordFields, reference: &str) -> RecordError {
    problem(
        fields.field_of(Column::Ref),
        format!(
            "ref: {} is already the reference of another child; no two children share one",
            import::excerpt(reference)
        ),
    )
}

/// Checks a new child's answers and works out what adding them would
/// record, writing nothing: the import's checks, a reference no other
/// child has, and workers who are users.
pub fn plan_add(
    store: &Store,
    library: &Library,
    def: &FormDef,
    data: &FormData,
    (today, dates): (NaiveDate, DateStyle),
) -> Result<AddPlan, RecordError> {
    let fields = record_of(def)?;
    let mut child = after(store, fields, data, None, today)?;
    if store.child_id(&child.reference)?.is_some() {
        return Err(duplicate(fields, &child.reference));
    }
    let empty = TimelineFacts {
        child: crate::domain::timeline::ChildFacts {
            date_of_birth: child.date_of_birth,
            looked_after_since: None,
            in_sibling_group: false,
            legal_status: LegalStatus::None,
        },
        plans: Vec::new(),
        events: Vec::new(),
        done: Vec::new(),
        adhoc: Vec::new(),
        not_needed: Vec::new(),
    };
    let none = ChildFields::default();
    let events = events(fields, data, &none, &mut child, &empty)?;
    let mut facts_after = empty.clone();
    for change in &events {
        corrections::preview(library, &empty, change, today, dates)
            .map_err(|e| on_field(fields, data, change, e))?;
        facts_after = change.apply(&facts_after);
    }
    let carers = carer_steps(store, fields, data, &[])?;
    let legal = legal_status::change_lines(LegalStatus::None, &[], &facts_after.events, dates);
    Ok(AddPlan {
        child,
        events,
        carers,
        legal,
    })
}

/// Adds a child from the record form: [`plan_add`]'s checks, and the
/// user allowed to change the timeline of a child allocated as the form
/// says. The events the form dates are recorded with it, in one write.
/// Returns the new child.
pub fn add_child(
    store: &mut Store,
    library: &Library,
    def: &FormDef,
    data: &FormData,
    permit: Permit<'_>,
    when: (NaiveDate, DateStyle),
) -> Result<ChildId, RecordError> {
    let fields = record_of(def)?;
    let plan = plan_add(store, library, def, data, when)?;
    permit(Action::EditTimeline, Some(scope(&plan.child))).map_err(RecordError::Refused)?;
    store.write(|w| -> Result<ChildId, RecordError> {
        // Checked again inside the write: another may have added it since.
        if w.child_id(&plan.child.reference)?.is_some() {
            return Err(duplicate(fields, &plan.child.reference));
        }
        w.put_child(&before_orders(&plan.child, LegalStatus::None, &plan.events))?;
        let id = w.child_id(&plan.child.reference)?.ok_or(RecordError::Gone)?;
        record_events(w, id, &plan.events)?;
        w.put_child(&plan.child)?;
        carers::save(w, id, &plan.carers)?;
        Ok(id)
    })
}

pub mod carers;
pub use carers::CarerStep;

#[cfg(test)]
mod tests;
