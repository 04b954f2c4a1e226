//! What the event loop does for each [`Effect`] a screen asks for: reads
//! or writes the store through the use cases, then shows the result. One
//! `match` hands each effect to a small function, grouped by use case:
//! forms, pictures of the caseload, tracker meetings, and changes to a
//! child's record (the family network's in `family`).

use super::{best_option_view, form_route, forms, load_child, meetings, record_edit};

mod family;
mod what_next;
mod what_next_pages;
use crate::app::{self, App, Effect};
use crate::domain::child::ChildId;
use crate::domain::child_places::ChildPlaces;
use crate::domain::date::DateStyle;
use crate::domain::triage::Focus;
use crate::service::library::Library;
use crate::service::timelines;
use crate::store::{Store, StoreError};
pub use what_next::count_what_next;
pub use what_next_pages::{PAGED_FROM, Pages};

/// What saving a change to a child's record did: the child, and the
/// message to show, or why nothing was saved.
type Saved = (ChildId, Result<Option<String>, StoreError>);

/// Reads or writes the store for an effect, then shows the result. Public
/// so that the screen tests carry out what a key asks as the loop does.
pub fn carry_out(store: &mut Store, library: &Library, app: &mut App, effect: Effect) {
    let dates = app.dates;
    match effect {
        Effect::Quit => {}
        Effect::OpenForm { child, kind } => {
            if let Err(message) = forms::open(store, library, app, child, &kind) {
                app.show_message(message);
            }
        }
        Effect::OpenRecordForm { child } => {
            if let Err(message) = record_edit::open(store, library, app, child) {
                app.show_message(message);
            }
        }
        Effect::PreviewRecord { data } => record_edit::preview(store, library, app, &data),
        Effect::SubmitForm { data, .. } if app.form_editor().is_some_and(|e| e.record.is_some()) => {
            if let Some(child) = record_edit::save(store, library, app, &data) {
                app.forget_summary(child);
                let _ = load_child(store, library, app, child);
            }
        }
        Effect::SubmitForm { data, json } => {
            if let Some(child) = forms::submit(store, library, app, &data, &json) {
                // A PPM record adds to the timeline: show it.
                app.forget_summary(child);
                let _ = load_child(store, library, app, child);
            }
        }
        Effect::ShowForm { form } => form_route::open(store, library, app, form),
        Effect::SignForm {
            child,
            form,
            step,
            note,
        } => form_route::sign(store, library, app, (child, form), &step, note.as_deref()),
        Effect::ReturnForm { child, form, comment } => {
            form_route::send_back(store, library, app, (child, form), &comment)
        }
        Effect::AmendForm { child, form, reason } => {
            form_route::amend(store, library, app, (child, form), &reason)
        }
        Effect::ShowQueue => form_route::queue(store, library, app),
        Effect::OpenChildForms { child, form } => {
            if may_open(store, app, child) {
                after_change(store, library, app, (child, Ok(None)));
                form_route::show(store, library, app, child, Some(form));
            }
        }
        Effect::ViewChronology { child } => {
            if let Err(message) = crate::viewing::chronology(store, library, app, child) {
                app.show_message(message);
            }
        }
        Effect::ViewTimeline { child } => crate::viewing::timeline(store, library, app, child),
        Effect::PastMeetings => crate::viewing::past_meetings(store, app),
        Effect::ViewMinutes { meeting } => {
            if let Err(message) = crate::viewing::minutes(store, app, meeting) {
                app.show_message(message);
            }
        }
        Effect::SaveText {
            folder,
            file_name,
            text,
            source,
        } => crate::viewing::save(store, app, &folder, &file_name, &text, &source),
        Effect::KeepForm => forms::leave(store, app, true),
        Effect::DiscardForm => forms::leave(store, app, false),
        Effect::OpenBestOption { child } => open_best_option(store, library, app, child),
        Effect::ShowDashboard { children, covers } => show_dashboard(store, library, app, children, covers),
        Effect::ShowWhatNext { children, covers } => show_what_next(store, library, app, &children, covers),
        Effect::RefreshWhatNext => {
            if let Some(children) = app.what_next().map(|v| v.children.clone()) {
                what_next::refresh(store, library, app, &children);
            }
        }
        Effect::FillWhatNext => what_next::fill(store, library, app),
        Effect::ReadMeetingOverdue => {
            if let Err(message) = crate::meetings::read_overdue(store, library, app) {
                app.show_message(&message);
            }
        }
        Effect::CatchUp { child, plan, key } => {
            if may_open(store, app, child) {
                after_change(store, library, app, (child, Ok(None)));
                app.show_timeline_item(plan, &key);
            }
        }
        Effect::StartMeeting {
            tracker,
            children,
            whose,
        } => {
            if let Err(message) = meetings::start(store, library, app, tracker, &children, whose) {
                app.show_message(message);
            }
        }
        Effect::WriteMinutes { meeting } => match meetings::write_minutes(store, meeting) {
            Ok(path) => app.show_message(format!("Minutes written: {} (and .html, .csv)", path.display())),
            Err(message) => app.show_message(message),
        },
        Effect::ToggleAttendee { meeting, username } => {
            match store.write(|w| w.toggle_meeting_attendee(meeting, &username)) {
                Ok(attends) => {
                    meetings::reload(store, app, meeting);
                    app.show_message(if attends {
                        format!("{username} attends")
                    } else {
                        format!("{username} no longer listed as attending")
                    });
                }
                Err(crate::store::StoreError::ReadOnly) => {
                    app.show_message("Read-only: this database cannot be changed from here")
                }
                Err(_) => app.show_message("That could not be saved; nothing was changed. Try again."),
            }
        }
        effect @ (Effect::MeetingRag { .. }
        | Effect::MeetingNote { .. }
        | Effect::MeetingStage { .. }
        | Effect::ToggleBarrier { .. }
        | Effect::NextReview { .. }
        | Effect::MeetingAction { .. }) => record_in_meeting(store, app, dates, effect),
        Effect::LoadChild(id) => {
            if may_open(store, app, id) {
                after_change(store, library, app, (id, Ok(None)));
            }
        }
        Effect::PreviewChange(pending) => preview_change(store, library, app, *pending),
        Effect::PreviewPlan(pending) => crate::plan_effects::preview(store, library, app, *pending),
        Effect::SavePlan(pending) => {
            // Marked not needed from "what next": the user stays there.
            let saved = crate::plan_effects::save(store, library, app, *pending);
            after_change_here(store, library, app, saved);
        }
        effect @ (Effect::AddPerson { .. }
        | Effect::EditPerson { .. }
        | Effect::LinkPeople { .. }
        | Effect::UnlinkPeople { .. }
        | Effect::RecordFamilyMeeting { .. }) => family::carry_out(store, library, app, effect),
        effect => {
            if let Some(saved) = change_record(store, dates, effect) {
                after_change_here(store, library, app, saved);
            }
        }
    }
}

/// Opens the best-option guidance on a child's record as it stands.
fn open_best_option(store: &Store, library: &Library, app: &mut App, child: ChildId) {
    let today = app.session.today;
    let opened = (|| -> Result<_, crate::store::StoreError> {
        let Some(detail) = store.child_detail(child)? else {
            return Ok(None);
        };
        let plans = store.plans(child)?;
        let facts = crate::domain::guidance_facts::from_record(&detail, &plans, today);
        Ok(Some(best_option_view::BestOptionView {
            child,
            label: format!("{} ({})", detail.fields.full_name(), detail.fields.reference),
            guidance: library.guidance.clone(),
            recorded: facts,
            facts,
            plans: plans
                .into_iter()
                .filter(|p| p.status == crate::domain::plan::PlanStatus::Active)
                .map(|p| (p.pathway, p.role.code().to_string()))
                .collect(),
            part: best_option_view::Part::Scenario,
            scroll: 0,
            query: String::new(),
            searching: false,
        }))
    })();
    match opened {
        Ok(Some(view)) => app.show_best_option(view),
        Ok(None) => app.show_message("That child's record has been removed"),
        Err(_) => app.show_message("The child's record could not be read; try again"),
    }
}

/// Pictures of the children in view, for a manager.
fn show_dashboard(store: &Store, library: &Library, app: &mut App, children: Vec<ChildId>, covers: String) {
    let today = app.session.today;
    match timelines::dashboard(store, library, today, &children) {
        Ok(figures) => {
            app.show_dashboard(figures, covers);
            // The timeliness panel is its own input, beside the charts',
            // worked out after their first frame ([`fill_dashboard_timeliness`]).
            app.defer_dashboard_timeliness(children);
        }
        Err(_) => app.show_message("The caseload could not be read; try again"),
    }
}

/// Works out the dashboard's timeliness panel where it waits (whether it
/// did, and so the screen is to be drawn again): what the event loop does
/// after the charts' first frame while no key waits.
pub fn fill_dashboard_timeliness(store: &Store, library: &Library, app: &mut App) -> bool {
    let Some(children) = app.take_dashboard_timeliness_pending() else {
        return false;
    };
    let wanted = ChildPlaces::of(&children);
    if let Some(panel) = timeliness_panel(store, library, &wanted, app.session.today) {
        app.set_dashboard_timeliness(panel);
    }
    true
}

/// The adoption timeliness panel for the children in view, read apart
/// from the charts (only the children who have had an adoption plan);
/// `None`, and no panel, where it cannot be read.
fn timeliness_panel(
    store: &Store,
    library: &Library,
    wanted: &ChildPlaces,
    today: chrono::NaiveDate,
) -> Option<crate::domain::timeliness::panel::Panel> {
    use crate::service::timeliness;
    let thresholds = timeliness::thresholds().ok()?;
    let journeys = timeliness::journeys(store, library, |id, _| wanted.contains(id)).ok()?;
    Some(crate::domain::timeliness::panel::Panel::of(
        &journeys,
        today,
        &thresholds,
    ))
}

/// Every open item of the children in view, most urgent first, grouped
/// by child; each child's worker is named for a manager, or where the
/// view is wider than the user's own caseload.
fn show_what_next(store: &Store, library: &Library, app: &mut App, children: &[ChildId], covers: String) {
    let today = app.session.today;
    let show_worker =
        app.manages_team() || app.caseload_view().scope != crate::domain::caseload_view::Scope::Mine;
    // A wide view is read a page at a time, the first frame after a few
    // dozen children; a narrow one (or one leaving out too many
    // children to count) whole.
    let pages = match children.len() >= app.what_next_pages_from {
        true => Pages::open(store, library, today, children),
        false => Ok(None),
    };
    let view = match pages {
        Ok(Some(pages)) => Ok(app::WhatNextView::paged(
            covers,
            children.to_vec(),
            pages,
            show_worker,
            today,
        )),
        Ok(None) => what_next::entries(store, library, today, children)
            .map(|entries| app::WhatNextView::new(covers, children.to_vec(), entries, show_worker, today)),
        Err(e) => Err(e),
    };
    match view {
        Ok(view) => {
            let nothing = view.total() == Some(0);
            app.show_what_next(view);
            what_next::fill(store, library, app);
            // A wide view's count comes after its first frame: nothing
            // read on every open item is nothing open.
            let nothing = nothing
                || app
                    .what_next()
                    .is_some_and(|v| v.total().is_none() && v.focus == Focus::All && v.rows.is_empty());
            if nothing {
                app.show_message("Nothing open for these children");
            }
        }
        Err(_) => app.show_message("The timelines could not be read; try again"),
    }
}

/// Records what a tracker meeting said about a child, then shows the
/// meeting as stored.
fn record_in_meeting(store: &mut Store, app: &mut App, dates: DateStyle, effect: Effect) {
    match effect {
        Effect::MeetingRag { meeting, child, rag } => {
            let result = store.write(|w| w.record_meeting_rag(meeting, child, rag));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| format!("RAG: {}", rag.word())),
            );
        }
        Effect::MeetingNote { meeting, child, note } => {
            let result = store.write(|w| w.record_meeting_note(meeting, child, note.as_deref()));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| "Note saved".to_string()),
            );
        }
        Effect::MeetingStage {
            meeting,
            child,
            stage,
        } => {
            let result = store.write(|w| w.record_meeting_stage(meeting, child, &stage));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| format!("Decision: {stage}")),
            );
        }
        Effect::ToggleBarrier {
            meeting,
            child,
            barrier,
        } => {
            let result = store.write(|w| w.toggle_meeting_barrier(meeting, child, &barrier));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| "Barriers updated".to_string()),
            );
        }
        Effect::NextReview { meeting, child, on } => {
            let result = store.write(|w| w.record_next_review(meeting, child, on));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| format!("Back to the meeting on {}", dates.show(on))),
            );
        }
        Effect::MeetingAction {
            meeting,
            child,
            what,
            owner,
            due,
        } => {
            let result = store.write(|w| w.add_meeting_action(meeting, child, &what, owner.as_deref(), due));
            let said = result.map(|on_timeline| {
                if on_timeline {
                    format!("Action added to the child's timeline, due {}", dates.show(due))
                } else {
                    "Action kept in the minutes: the child has no plan to add it to".to_string()
                }
            });
            meeting_saved(store, app, meeting, child, said);
        }
        // The other effects are not a meeting's.
        _ => {}
    }
}

/// Whether the user may see this child's record; their looking is
/// recorded in the audit trail. Says why not when they may not.
fn may_open(store: &mut Store, app: &mut App, id: ChildId) -> bool {
    let allowed = store.child_scope(id).map(|people| {
        app.permits(
            crate::domain::permissions::Action::ViewChild,
            Some(people.scope()),
        )
    });
    match allowed {
        Ok(Ok(())) => {}
        Ok(Err(refusal)) => {
            app.show_message(refusal.to_string());
            return false;
        }
        Err(_) => {
            app.show_message("The child's record could not be read; try again");
            return false;
        }
    }
    // Looking at a child's record is recorded, as changing it is,
    // read-only sessions too (through a connection used only for
    // the audit entry: see `Store::record_read`).
    if store.record_view(id).is_err() {
        app.show_message("Your viewing could not be recorded in the audit trail");
    }
    true
}

/// Saves a change to a child's record: the child, and what to say.
/// `None` for an effect that is not such a change.
fn change_record(store: &mut Store, dates: DateStyle, effect: Effect) -> Option<Saved> {
    let saved = match effect {
        Effect::SaveChange(pending) => {
            let result = crate::service::corrections::save_as_seen(
                store,
                pending.child,
                &pending.change,
                pending.reason.as_deref(),
                pending.item.as_ref(),
            );
            (pending.child, result.map(|_| Some(pending.saved(dates))))
        }
        Effect::UndoDone {
            child,
            plan,
            key,
            expected,
        } => {
            let unmark = crate::service::corrections::Change::Unmark {
                plan,
                key: key.clone(),
            };
            let seen = (plan, key, expected);
            let result = crate::service::corrections::save_as_seen(store, child, &unmark, None, Some(&seen));
            (child, result.map(|_| Some("No longer marked done".to_string())))
        }
        Effect::AddChronologyEntry { child, entry } => {
            let on = entry.on;
            let fields = crate::store::WrittenEntryFields {
                on_date: entry.on,
                what: entry.what,
                kind: entry.kind.code().to_string(),
                source: entry.source,
                verified: entry.verified,
            };
            let result = store.write(|w| w.add_chronology_entry(child, &fields));
            (
                child,
                result.map(|_| Some(format!("Added to the chronology on {}", dates.show(on)))),
            )
        }
        Effect::MarkForCpr { child, key, mark } => {
            let result = store.write(|w| {
                if mark {
                    w.set_chronology_mark(child, &key)
                } else {
                    w.clear_chronology_mark(child, &key)
                }
            });
            let said = if mark {
                "Marked for the CPR"
            } else {
                "No longer marked for the CPR"
            };
            (child, result.map(|_| Some(said.to_string())))
        }
        Effect::TickPaper { child, paper, dated } => {
            let result = store.write(|w| w.set_gateway_paper(child, paper.code(), dated));
            (child, result.map(|_| Some(format!("Ticked: {}", paper.label()))))
        }
        Effect::UntickPaper { child, paper } => {
            let result = store.write(|w| w.clear_gateway_paper(child, paper.code()));
            (
                child,
                result.map(|_| Some(format!("Tick taken off: {}", paper.label()))),
            )
        }
        Effect::SetGatewayPanel {
            child,
            on,
            pre_proceedings,
        } => {
            let row = crate::store::GatewayPanelRow {
                panel_date: on,
                pre_proceedings,
            };
            let result = store.write(|w| w.set_gateway_panel(child, row));
            let said = format!(
                "Panel on {}{}",
                dates.show(on),
                if pre_proceedings {
                    ", a referral into pre-proceedings"
                } else {
                    ""
                }
            );
            (child, result.map(|_| Some(said)))
        }
        Effect::OutcomeToTimeline {
            child,
            outcome,
            plan,
            target,
        } => {
            let result = store.write(|w| w.outcome_to_timeline(outcome, plan, target));
            (
                child,
                result.map(|_| Some(format!("On the timeline, due {}", dates.show(target)))),
            )
        }
        Effect::AddItem {
            child,
            plan,
            title,
            target,
            responsible,
        } => {
            let result = store.write(|w| w.add_item(plan, &title, target, responsible.as_deref()));
            (
                child,
                result.map(|_| Some(format!("Added, due {}", dates.show(target)))),
            )
        }
        _ => return None,
    };
    Some(saved)
}

/// Shows the child again after a change (or on opening them), with the
/// message; a conflict gives the user back what they typed.
fn after_change(store: &mut Store, library: &Library, app: &mut App, (child, done): Saved) {
    let message = match done {
        Ok(message) => {
            app.forget_form();
            message
        }
        Err(crate::store::StoreError::Conflict(reason)) => {
            // Someone else got there first: show their change, and give
            // the user back what they typed.
            app.forget_summary(child);
            let _ = load_child(store, library, app, child);
            app.reopen_form(reason.clone());
            app.show_message(reason);
            return;
        }
        Err(crate::store::StoreError::ReadOnly) => {
            app.show_message("Read-only: this database cannot be changed from here");
            return;
        }
        Err(crate::store::StoreError::Refused(rule)) => {
            // A rule of the record said no (an outcome already on a
            // timeline, say): what was shown was out of date, so show it
            // as it is, and why nothing was changed.
            app.forget_form();
            let _ = load_child(store, library, app, child);
            let mut reason = rule.to_string();
            if let Some(first) = reason.get(..1) {
                reason = format!("{}{}", first.to_uppercase(), &reason[1..]);
            }
            app.show_message(format!("{reason}; nothing was changed"));
            return;
        }
        Err(_) => {
            app.show_message("That could not be saved; nothing was changed. Try again.");
            return;
        }
    };
    app.forget_summary(child);
    match load_child(store, library, app, child) {
        Ok(true) => {}
        Ok(false) => app.show_message("That child's record has been removed"),
        Err(_) => app.show_message("The child's record could not be read; try again"),
    }
    if let Some(message) = message {
        app.show_message(message);
    }
}

/// After something is recorded in a meeting: the meeting as stored, and
/// the child's caseload line worked out again.
/// After a change made from "what next": the list worked out again, the
/// message shown; a conflict gives the user back what they typed.
/// After a change: one made from "what next" leaves the user there, the
/// list worked out again; any other goes on as [`after_change`] does.
fn after_change_here(store: &mut Store, library: &Library, app: &mut App, saved: Saved) {
    match app.what_next().map(|v| v.children.clone()) {
        Some(children) => after_change_in_what_next(store, library, app, &children, saved),
        None => after_change(store, library, app, saved),
    }
}

fn after_change_in_what_next(
    store: &Store,
    library: &Library,
    app: &mut App,
    children: &[ChildId],
    (child, done): Saved,
) {
    app.forget_summary(child);
    what_next::refresh(store, library, app, children);
    match done {
        Ok(message) => {
            app.forget_form();
            if let Some(message) = message {
                app.show_message(message);
            }
        }
        Err(crate::store::StoreError::Conflict(reason)) => {
            app.reopen_form(reason.clone());
            app.show_message(reason);
        }
        Err(crate::store::StoreError::ReadOnly) => {
            app.show_message("Read-only: this database cannot be changed from here")
        }
        Err(crate::store::StoreError::Refused(rule)) => {
            app.forget_form();
            app.show_message(format!("{}; nothing was changed", capitalised(&rule.to_string())));
        }
        Err(_) => app.show_message("That could not be saved; nothing was changed. Try again."),
    }
}

/// Works out what a change from a timeline dialog would do and shows it
/// to read before saving; a change the record refuses goes back to its
/// dialog with the reason.
fn preview_change(store: &mut Store, library: &Library, app: &mut App, pending: app::Pending) {
    use crate::service::corrections::{self, Change, CorrectionError};
    let facts = match store.timeline_facts(pending.child) {
        Ok(facts) => facts,
        Err(_) => {
            app.reopen_form("The child's record could not be read; try again");
            return;
        }
    };
    let dates = app.dates;
    let preview = match corrections::preview(library, &facts, &pending.change, app.session.today, dates) {
        Ok(preview) => preview,
        Err(CorrectionError::Store(_)) => {
            app.reopen_form("The child's record could not be read; try again");
            return;
        }
        Err(refusal) => return app.reopen_form(capitalised(&refusal.to_string())),
    };
    if let (Change::Record { event, .. }, Some((plan, key, _))) = (&pending.change, &pending.item)
        && !corrections::holds(&preview, *plan, key)
    {
        app.reopen_form(format!(
            "An earlier {} is not recorded yet, so this would count as that one: record it first (e)",
            event.code()
        ));
        return;
    }
    let warning = match (&pending.change, preview.near) {
        (Change::Record { .. }, Some((event, on))) => Some(format!(
            "A {} is already recorded on {}. If that date was wrong, Esc and correct it (c) instead of recording a second one.",
            event.code(),
            dates.show(on)
        )),
        _ => None,
    };
    let moves = preview.move_lines(dates);
    app.confirm_change(pending, preview.says_all(), moves, warning);
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn meeting_saved(
    store: &Store,
    app: &mut App,
    meeting: i64,
    child: ChildId,
    result: Result<String, crate::store::StoreError>,
) {
    match result {
        Ok(message) => {
            app.forget_form();
            app.forget_summary(child);
            meetings::reload(store, app, meeting);
            app.show_message(message);
        }
        Err(crate::store::StoreError::ReadOnly) => {
            app.show_message("Read-only: this database cannot be changed from here")
        }
        Err(_) => app.show_message("That could not be saved; nothing was changed. Try again."),
    }
}
