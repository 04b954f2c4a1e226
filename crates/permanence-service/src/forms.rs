//! A submitted form's route, as the child's Forms tab, the manager's
//! queue and `permanence form sign` all see and walk it: where a form
//! stands (which sign-off or QA it awaits, and from whom), recording the
//! step awaited, returning a form to its author with comments, and
//! amending it (a new version with a reason, the old one kept). Each is
//! refused here, in the route's words, where the user may not: the screen
//! and the command line call these and check nothing themselves.
//!
//! Also the rule that a form cannot contradict the child's record: the
//! fields a form takes from the record (name, reference, date of birth)
//! must say what the record says.

use crate::access::{self, Access, AccessError};
use crate::domain::caseload::ChildDetail;
use crate::domain::child::ChildId;
use crate::domain::date::uk;
use crate::domain::form::{self, FieldValue, FormData, FormDef, Prefill};
use crate::domain::form_rules;
use crate::domain::permissions::{Action, ChildScope, Policy, Refusal, StepRule};
use crate::domain::sanitise::{self, Size};
use crate::domain::sgo_plan::Step;
use crate::library::Library;
use crate::store::{FormRecord, Store, StoreError};
use chrono::NaiveDate;

/// The step recorded when a form is sent back to its author.
pub const RETURNED: &str = "returned";
/// The step that keeps why a version was amended.
pub const AMENDED: &str = "amended";

/// Why a step of a route, a return or an amendment was refused; nothing
/// was stored.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error("no form has the id {0}")]
    NoSuchForm(i64),
    #[error("{0:?} is not a kind of form this library knows")]
    UnknownKind(String),
    #[error("the request is still a draft: submit it before it is signed off")]
    Draft,
    #[error("this form is still a draft: only a submitted form can be {0}")]
    NotSubmitted(&'static str),
    /// The route's own words: a step out of order, or not on the route.
    #[error("{0}")]
    Route(String),
    #[error("{0}")]
    Refused(Refusal),
    #[error("this form was returned to {author} for changes: it awaits an amendment, not a sign-off")]
    Returned { author: String },
    #[error("the route of this form is complete: nothing awaits a sign-off")]
    Complete,
    #[error("version {newer} of this form is newer: amend or sign that one")]
    NotLatest { newer: i64 },
    #[error("you already have a draft of this form for this child: finish or discard it first")]
    DraftOpen,
    #[error("{0} is needed")]
    Needed(&'static str),
    #[error("{what}: {problem}")]
    Text { what: &'static str, problem: String },
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who records a step: a step the permissions file names (`[[step]]`,
/// a financial request's levels as an SGO support plan's people) by the
/// permission it gives; any other by whoever the permission rules let
/// sign off QA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    Step(StepRule),
    SignOffQa,
}

impl Signer {
    pub fn words(&self) -> String {
        match self {
            Signer::Step(rule) => rule.permission.holder.clone(),
            Signer::SignOffQa => "a manager".to_string(),
        }
    }
}

/// The step a form awaits: its code, its words and who records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaited {
    pub step: String,
    pub label: String,
    pub signer: Signer,
    /// The steps recorded so far, as (step, by, words): a step may have to
    /// be recorded by someone other than who recorded another.
    pub recorded: Vec<(String, String, String)>,
}

/// Where a form stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Draft,
    /// A later version has been submitted, or is being written.
    Amended {
        by: i64,
        submitted: bool,
    },
    /// Sent back to its author with comments.
    Returned {
        by: String,
        comment: String,
    },
    Awaiting(Awaited),
    /// Every step of its route is recorded.
    SignedOff,
    /// A kind of form with no route: submitted is the end of it.
    NoRoute,
}

impl Standing {
    /// The status column: draft, submitted, amended, returned, signed off.
    pub fn status(&self) -> &'static str {
        match self {
            Standing::Draft => "draft",
            Standing::Amended { submitted: true, .. } => "amended",
            Standing::Amended { .. } => "being amended",
            Standing::Returned { .. } => "returned",
            Standing::Awaiting(_) | Standing::NoRoute => "submitted",
            Standing::SignedOff => "signed off",
        }
    }

    /// Where it stands on its route, in words.
    pub fn route(&self) -> String {
        match self {
            Standing::Draft => "not submitted yet".to_string(),
            Standing::Amended { by, .. } => format!("replaced by version {by}"),
            Standing::Returned { by, comment } => format!("returned by {by}: {comment}"),
            // The route's own words, then who stands in for the person
            // they name, where the permissions file says.
            Standing::Awaiting(
                a @ Awaited {
                    signer: Signer::Step(_),
                    ..
                },
            ) => format!("awaits {} ({})", a.label, a.signer.words()),
            Standing::Awaiting(a) => format!("awaits {} from {}", a.label, a.signer.words()),
            Standing::SignedOff => "every step recorded".to_string(),
            Standing::NoRoute => "no sign-off route".to_string(),
        }
    }
}

impl Standing {
    /// The step awaited, or why none may be recorded now: the same words
    /// on the screen as from `form sign`.
    pub fn awaited(&self, kind: &str, author: &str) -> Result<&Awaited, RouteError> {
        match self {
            Standing::Awaiting(awaited) => Ok(awaited),
            Standing::Draft => Err(RouteError::NotSubmitted("signed off")),
            Standing::Amended { by, .. } => Err(RouteError::NotLatest { newer: *by }),
            Standing::Returned { .. } => Err(RouteError::Returned {
                author: author.to_string(),
            }),
            Standing::SignedOff => Err(RouteError::Complete),
            Standing::NoRoute => Err(RouteError::Route(format!("a {kind} has no sign-off route"))),
        }
    }

    /// Whether a form standing so may be amended (a later version made).
    pub fn amendable(&self) -> Result<(), RouteError> {
        match self {
            Standing::Draft => Err(RouteError::NotSubmitted("amended")),
            Standing::Amended { by, .. } => Err(RouteError::NotLatest { newer: *by }),
            _ => Ok(()),
        }
    }
}

/// Whether a user with `access` may record the step `awaited`, on a
/// child whose people are `scope`: where the permissions file names who
/// records it, that permission (and someone other than who recorded the
/// steps it must be apart from); otherwise the permission to sign off QA
/// there.
pub fn may_record(
    access: &Access,
    policy: &Policy,
    scope: ChildScope<'_>,
    awaited: &Awaited,
) -> Result<(), RouteError> {
    let Access::Worker(worker) = access else {
        return Ok(());
    };
    if let Signer::Step(rule) = &awaited.signer {
        let named = policy.allows_step(
            worker,
            &rule.route,
            (&awaited.step, &awaited.label),
            scope,
            &awaited.recorded,
        );
        if let Some(verdict) = named {
            return verdict.map_err(RouteError::Refused);
        }
    }
    access
        .check(policy, Action::SignOffQa, Some(scope))
        .map_err(RouteError::Refused)
}

/// The steps of a form's route in order, with their words; empty for a
/// kind with no route.
fn route_steps(def: &FormDef, data: &FormData) -> Vec<(String, String)> {
    if let Some(fields) = def.financial() {
        let codes = form_rules::financial_steps(fields, data);
        let words = form_rules::financial_route_words(def, data);
        return codes
            .into_iter()
            .zip(words)
            .map(|(c, w)| (c.to_string(), w.to_string()))
            .collect();
    }
    match def.kind.as_str() {
        "sgo-support-plan" => Step::ALL
            .iter()
            .map(|s| (s.code().to_string(), s.label().to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The route's words for `step` of this form, as the read-only box lists
/// the steps recorded: its label ("Quality assured by the case manager",
/// "Head of Service"), what a return or an amendment is, or the code
/// itself for a step the route does not know (an older form's).
pub fn step_words(def: &FormDef, data: &FormData, step: &str) -> String {
    match step {
        RETURNED => "Returned to its author for changes".to_string(),
        AMENDED => "Amended (a new version)".to_string(),
        _ => route_steps(def, data)
            .into_iter()
            .find(|(code, _)| code == step)
            .map_or_else(|| step.to_string(), |(_, words)| words),
    }
}

/// The steps of a form's route that submitting it did, in the route's
/// words: an SGO support plan's Draft.
pub fn submitted_words(def: &FormDef) -> Vec<&'static str> {
    form_rules::submitted_steps(def)
        .into_iter()
        .map(|code| Step::parse(code).map_or(code, Step::label))
        .collect()
}

/// Who may record `step` of this form: the permission the permissions
/// file names for the step (a financial request's, where the stored file
/// names none, the built-in file's), or sign-off-qa.
pub fn signer(def: &FormDef, policy: &Policy, step: &str) -> Signer {
    policy
        .step_or_built_in(form_rules::route_name(def), step)
        .map_or(Signer::SignOffQa, |rule| Signer::Step(rule.clone()))
}

/// The steps of `form`'s route done: those recorded, and those its
/// submission does (an SGO support plan's Draft).
fn done_steps(def: &FormDef, form: &FormRecord) -> Vec<String> {
    let mut done: Vec<String> = form.steps.iter().map(|(s, ..)| s.clone()).collect();
    if form.submitted {
        for step in form_rules::submitted_steps(def) {
            if !done.iter().any(|d| d == step) {
                done.push(step.to_string());
            }
        }
    }
    done
}

/// Step `step` of `form`'s route as awaited: its words, who records it,
/// and who recorded the steps before it.
fn awaiting(
    def: &FormDef,
    policy: &Policy,
    form: &FormRecord,
    steps: &[(String, String)],
    step: &str,
) -> Awaited {
    let words = |code: &str| {
        steps
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, w)| w.clone())
    };
    Awaited {
        signer: signer(def, policy, step),
        label: words(step),
        recorded: form
            .steps
            .iter()
            .map(|(s, by, ..)| (s.clone(), by.clone(), words(s)))
            .collect(),
        step: step.to_string(),
    }
}

/// Where `form` stands, among the other versions of its series
/// (`versions`: any of the child's forms; others are ignored), with who
/// records each step as `policy` says.
pub fn standing(
    def: &FormDef,
    form: &FormRecord,
    versions: &[FormRecord],
    policy: &Policy,
    today: NaiveDate,
) -> Standing {
    if let Some(newer) = versions
        .iter()
        .filter(|v| v.series == form.series && v.version > form.version)
        .max_by_key(|v| v.version)
    {
        return Standing::Amended {
            by: newer.version,
            submitted: newer.submitted,
        };
    }
    if !form.submitted {
        return Standing::Draft;
    }
    if let Some((_, by, _, note)) = form.steps.iter().find(|(s, ..)| s == RETURNED) {
        return Standing::Returned {
            by: by.clone(),
            comment: note.clone().unwrap_or_default(),
        };
    }
    let (data, _) = form::read_json(def, &form.data, today);
    let steps = route_steps(def, &data);
    if steps.is_empty() {
        return Standing::NoRoute;
    }
    let done = done_steps(def, form);
    match steps.iter().find(|(code, _)| !done.contains(code)) {
        Some((step, _)) => Standing::Awaiting(awaiting(def, policy, form, &steps, step)),
        None => Standing::SignedOff,
    }
}

/// Whether the acting user may record `step` of `form`, a form of its
/// child: as [`may_record`] says, with the route's words.
fn may_sign(
    store: &Store,
    def: &FormDef,
    form: &FormRecord,
    data: &FormData,
    step: &str,
) -> Result<(), RouteError> {
    let access = Access::resolve(store)?;
    let policy = access::policy(store)?;
    let people = store.child_scope(form.child)?;
    let steps = route_steps(def, data);
    may_record(
        &access,
        &policy,
        people.scope(),
        &awaiting(def, &policy, form, &steps, step),
    )
}

/// A form and its definition, or why there is none.
fn form_and_def<'a>(
    store: &Store,
    library: &'a Library,
    id: i64,
) -> Result<(FormRecord, &'a FormDef), RouteError> {
    let record = store.form(id)?.ok_or(RouteError::NoSuchForm(id))?;
    let def = library
        .form(&record.kind)
        .ok_or_else(|| RouteError::UnknownKind(record.kind.clone()))?;
    Ok((record, def))
}

/// A note or comment as it is kept: one clean text, within a note's size.
fn cleaned(what: &'static str, text: &str) -> Result<String, RouteError> {
    sanitise::text_field(text, Size::Text).map_err(|e| RouteError::Text {
        what,
        problem: e.to_string(),
    })
}

/// Records `step` of form `id`'s route, with an optional note: in order,
/// on the route, by whom the route says. `form sign` and the Forms tab.
pub fn sign(
    store: &mut Store,
    library: &Library,
    id: i64,
    step: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<(), RouteError> {
    let (record, def) = form_and_def(store, library, id)?;
    let (data, _) = form::read_json(def, &record.data, today);
    if def.financial().is_some() && !record.submitted {
        return Err(RouteError::Draft);
    }
    if !record.submitted && !form_rules::submitted_steps(def).is_empty() {
        return Err(RouteError::NotSubmitted("signed off"));
    }
    if record.steps.iter().any(|(s, ..)| s == RETURNED) {
        return Err(RouteError::Returned {
            author: record.created_by.clone(),
        });
    }
    let done = done_steps(def, &record);
    form_rules::step_allowed(def, &data, step, &done).map_err(RouteError::Route)?;
    may_sign(store, def, &record, &data, step)?;
    let note = note
        .map(|n| cleaned("the note", n))
        .transpose()?
        .filter(|n| !n.is_empty());
    store.write(|w| w.record_form_step(id, step, note.as_deref()))?;
    Ok(())
}

/// The step form `id` awaits, if the acting user may record it now.
pub fn awaited(store: &Store, library: &Library, id: i64, today: NaiveDate) -> Result<Awaited, RouteError> {
    let (record, def) = form_and_def(store, library, id)?;
    let versions = store.forms_of_child(record.child)?;
    let policy = access::policy(store)?;
    standing(def, &record, &versions, &policy, today)
        .awaited(&def.kind, &record.created_by)
        .cloned()
}

/// Sends form `id` back to its author with `comment`, kept on the form
/// and shown beside it: by whoever may record the step it awaits.
pub fn send_back(
    store: &mut Store,
    library: &Library,
    id: i64,
    comment: &str,
    today: NaiveDate,
) -> Result<(), RouteError> {
    let step = awaited(store, library, id, today)?;
    let record = store.form(id)?.ok_or(RouteError::NoSuchForm(id))?;
    let access = Access::resolve(store)?;
    let policy = access::policy(store)?;
    may_record(&access, &policy, store.child_scope(record.child)?.scope(), &step)?;
    let comment = cleaned("the comment", comment)?;
    if comment.is_empty() {
        return Err(RouteError::Needed("A comment for the author"));
    }
    store.write(|w| w.record_form_step(id, RETURNED, Some(&comment)))?;
    Ok(())
}

/// Starts amending submitted form `id`: a new version, as the user's
/// draft holding the same answers, with `reason` kept on the old one,
/// which is never changed. Returns the draft's id.
pub fn amend(store: &mut Store, library: &Library, id: i64, reason: &str) -> Result<i64, RouteError> {
    let (record, def) = form_and_def(store, library, id)?;
    let versions = store.forms_of_child(record.child)?;
    standing(def, &record, &versions, &Policy::default(), NaiveDate::MIN).amendable()?;
    let access = Access::resolve(store)?;
    let policy = access::policy(store)?;
    access
        .check_child(store, &policy, Action::EditTimeline, record.child)?
        .map_err(RouteError::Refused)?;
    if store.open_draft(record.child, &record.kind)?.is_some() {
        return Err(RouteError::DraftOpen);
    }
    let reason = cleaned("the reason", reason)?;
    if reason.is_empty() {
        return Err(RouteError::Needed("A reason for the amendment"));
    }
    Ok(store.write(|w| w.start_amendment(id, &reason))?)
}

/// A form awaiting the acting user, with its child's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub form: FormRecord,
    pub child_name: String,
    pub title: String,
    pub awaited: Awaited,
}

/// The forms awaiting a sign-off or QA the acting user may record, on
/// children they may open: the manager's queue, oldest submission first.
pub fn queue(store: &Store, library: &Library, today: NaiveDate) -> Result<Vec<Queued>, RouteError> {
    let access = Access::resolve(store)?;
    let policy = access::policy(store)?;
    let mut queued = Vec::new();
    let mut names: std::collections::HashMap<ChildId, String> = std::collections::HashMap::new();
    for form in store.latest_submitted_forms()? {
        let Some(def) = library.form(&form.kind) else {
            continue;
        };
        let Standing::Awaiting(awaited) = standing(def, &form, &[], &policy, today) else {
            continue;
        };
        let people = store.child_scope(form.child)?;
        let allowed = access
            .check(&policy, Action::ViewChild, Some(people.scope()))
            .is_ok()
            && may_record(&access, &policy, people.scope(), &awaited).is_ok();
        if !allowed {
            continue;
        }
        // A child with several forms waiting is read once.
        let child_name = match names.get(&form.child) {
            Some(name) => name.clone(),
            None => {
                let name = store
                    .child_detail(form.child)?
                    .map_or_else(String::new, |d| d.fields.full_name());
                names.insert(form.child, name.clone());
                name
            }
        };
        queued.push(Queued {
            title: def.title.clone(),
            child_name,
            awaited,
            form,
        });
    }
    Ok(queued)
}

/// A field taken from the record that says something else.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{label} ({field}): the form says {form:?} but the child's record says {record:?}")]
pub struct Contradiction {
    pub label: String,
    /// The field's id, as a form file and an imported form name it.
    pub field: String,
    pub form: String,
    pub record: String,
}

/// Checks the fields a form takes from the child's record (name,
/// reference, date of birth) against the record: a form filed for a
/// child cannot say they are someone else. An empty field contradicts
/// nothing; nor does a field the record leaves blank.
pub fn check_against_record(
    def: &FormDef,
    data: &FormData,
    detail: &ChildDetail,
) -> Result<(), Contradiction> {
    let fields = &detail.fields;
    let same = |a: &str, b: &str| {
        let words = |t: &str| t.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
        words(a) == words(b)
    };
    for field in def.fields() {
        let Some(value) = data.get(&field.id) else {
            continue;
        };
        let refused = |form: String, record: String| Contradiction {
            label: field.label.clone(),
            field: field.id.clone(),
            form,
            record,
        };
        match (field.prefill, value) {
            (Some(Prefill::FullName), FieldValue::Text(text))
                if !text.trim().is_empty() && !same(text, &fields.full_name()) =>
            {
                return Err(refused(text.clone(), fields.full_name()));
            }
            (Some(Prefill::Reference), FieldValue::Text(text))
                if !text.trim().is_empty() && !same(text, &fields.reference) =>
            {
                return Err(refused(text.clone(), fields.reference.clone()));
            }
            (Some(Prefill::DateOfBirth), FieldValue::Date(born)) => match fields.date_of_birth {
                Some(record) if record != *born => return Err(refused(uk(*born), uk(record))),
                _ => {}
            },
            (Some(Prefill::DateOfBirth), FieldValue::Text(text)) if !text.trim().is_empty() => {
                if let Some(record) = fields.date_of_birth
                    && text.trim() != uk(record)
                    && text.trim() != crate::domain::date::iso(record)
                {
                    return Err(refused(text.clone(), uk(record)));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Fills the fields a form takes from the child's record (name,
/// reference, date of birth) that an imported form leaves empty or out,
/// as the screen prefills them, so a form need not type again what the
/// record holds; those it gives are checked by [`check_against_record`].
pub fn fill_from_record(def: &FormDef, json: &mut serde_json::Value, detail: &ChildDetail) {
    let Some(object) = json.as_object_mut() else {
        return;
    };
    let fields = &detail.fields;
    for field in def.fields() {
        let text = match field.prefill {
            Some(Prefill::FullName) => fields.full_name(),
            Some(Prefill::Reference) => fields.reference.clone(),
            Some(Prefill::DateOfBirth) => match fields.date_of_birth {
                Some(born) => crate::domain::date::iso(born),
                None => continue,
            },
            _ => continue,
        };
        let empty = match object.get(&field.id) {
            None | Some(serde_json::Value::Null) => true,
            Some(serde_json::Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if empty {
            object.insert(field.id.clone(), serde_json::Value::String(text));
        }
    }
}

#[cfg(test)]
mod tests;
