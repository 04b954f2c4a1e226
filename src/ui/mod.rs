//! The terminal interface: state ([`app`]), keys ([`keymap`], [`action`]),
//! drawing ([`view`]) and the event loop here, which is the only part that
//! talks to both the terminal and the store.

pub mod action;
pub mod app;
pub mod best_option_view;
pub mod child_view;
pub mod component;
pub mod form_editor;
pub mod forms;
pub mod history;
pub mod keymap;
pub mod layers;
pub mod meeting_view;
pub mod meetings;
pub mod modal;
pub mod papers_view;
pub mod screens;
pub mod signals;
pub mod terminal;
pub mod theme;
pub mod theme_file;
pub mod timeline_list;
pub mod view;

pub use app::Session;

use crate::domain::caseload::CaseloadRow;
use crate::domain::child::ChildId;
use crate::library::Library;
use crate::store::Store;
use crate::timelines;
use crate::ui::keymap::KeyMap;
use anyhow::{Context as _, Result, bail};
use app::{App, Effect};
use crossterm::event::{self, Event, MouseButton, MouseEventKind};
use std::process::ExitCode;
use std::time::Duration;

/// How often the loop wakes without input, to notice signals and a
/// vanished terminal. Short enough to exit well within a second.
const TICK: Duration = Duration::from_millis(200);

/// How long the user must be still before the next pages' summaries are
/// worked out: short enough to be ready for a page down, long enough not
/// to delay the next row down while a key is held.
const PREFETCH_PAUSE: Duration = Duration::from_millis(40);

/// How far one notch of the mouse wheel moves, as most programs do.
const WHEEL_LINES: isize = 3;

/// How long the terminal may be gone before the watchdog ends the
/// process, should the event loop somehow not have noticed.
const WATCHDOG_GRACE: Duration = Duration::from_millis(700);

/// Where the app opens: on a child (`permanence child REF`), perhaps with
/// a form of theirs, or on the caseload.
#[derive(Debug, Clone, Default)]
pub struct Opening {
    pub child: Option<ChildId>,
    pub form: Option<String>,
}

/// How this user likes the screens: the theme, the keys, and the view the
/// caseload opens on (from `--theme` and the configuration file).
#[derive(Debug, Clone)]
pub struct Preferences {
    pub look: theme::Chosen,
    pub keymap: KeyMap,
    pub view: Option<crate::domain::caseload_view::Scope>,
    /// What was wrong with the configuration file, said on opening.
    pub problem: Option<String>,
    /// Symbols drawn in ASCII (the Linux console, VT100s).
    pub ascii: bool,
    /// Clicks and the wheel reported (the configuration file's `mouse`).
    pub mouse: bool,
    /// How dates are shown (the configuration file's `date_format`).
    pub dates: crate::domain::date::DateStyle,
}

/// Runs the app until the user quits, a signal arrives or the terminal
/// goes away. Returns the exit status: 0 for quitting, 128 + the signal
/// number for a signal, 1 if the terminal vanished.
pub fn run(
    store: &mut Store,
    library: &Library,
    session: Session,
    rows: Vec<CaseloadRow>,
    opening: Opening,
    access: crate::access::Access,
    preferences: Preferences,
) -> Result<ExitCode> {
    let Opening {
        child: open_child,
        form: open_form,
    } = opening;
    if !terminal::still_attached() {
        bail!(
            "permanence needs a terminal to show its screens; for scripts, use `permanence export caseload` or `permanence --help`"
        );
    }
    let signals = Signals::install().context("cannot watch for signals")?;
    let mut guard =
        terminal::TerminalGuard::enter(preferences.mouse).context("cannot prepare the terminal")?;
    let size = guard.terminal.size().unwrap_or_default();
    let mut app = App::new(session, rows, (size.width, size.height));
    let Preferences {
        look,
        keymap,
        view,
        problem,
        ascii,
        mouse: _,
        dates,
    } = preferences;
    app.theme = look.theme;
    app.dates = dates;
    app.calendar = library.calendar.clone();
    app.keymap = keymap;
    let me = match &access {
        crate::access::Access::Worker(worker) => crate::domain::caseload_view::Me {
            name: Some(worker.display_name.clone()),
            team: worker.team.clone(),
        },
        crate::access::Access::SettingUp => Default::default(),
    };
    app.set_me(
        me,
        library.pathways.iter().map(|p| p.pathway.name.clone()).collect(),
    );
    app.set_access(access, crate::access::policy(store)?);
    if let Some(scope) = view {
        app.start_on(scope);
    }
    // Said last, so nothing above says something over it.
    if let Some(warning) = look.warning.or(problem) {
        app.show_message(warning);
    }
    if let Ok(drafts) = store.drafts() {
        app.set_drafts(drafts);
    }
    if let Some(warning) = store.permission_warning() {
        app.show_message(warning);
    }
    app.set_form_kinds(
        library
            .forms
            .iter()
            .map(|f| (f.kind.clone(), f.title.clone()))
            .collect(),
    );
    if let Some(child) = open_child
        && let Some(effect) = app.select_child(child)
    {
        carry_out(store, library, &mut app, effect);
        if let Some(kind) = open_form {
            carry_out(store, library, &mut app, Effect::OpenForm { child, kind });
        }
    }
    let mut last_autosave = std::time::Instant::now();
    terminal::start_watchdog(WATCHDOG_GRACE, signals.clone());
    let mut dirty = true;
    let mut seen_version = store.data_version().unwrap_or(0);
    let outcome = 'events: loop {
        if let Some(signal) = signals.received() {
            break ExitCode::from(128u8.saturating_add(signal as u8));
        }
        if !terminal::still_attached() {
            break ExitCode::FAILURE;
        }
        if dirty {
            fill_summaries(store, library, &mut app);
            let drawn = guard.terminal.draw(|frame| {
                view::draw(&app, frame);
                if ascii {
                    view::ascii::plain(frame.buffer_mut());
                }
            });
            if drawn.is_err() {
                // Writing to the terminal failed: it has gone.
                break ExitCode::FAILURE;
            }
            dirty = false;
        }
        // While the user is idle, work out the next and previous pages'
        // summaries, so that paging finds them ready.
        let mut waited = terminal::wait_for_input(PREFETCH_PAUSE);
        if waited == terminal::Input::Idle {
            let ahead: Vec<CaseloadRow> = app.summaries_ahead().into_iter().cloned().collect();
            if !ahead.is_empty() {
                let rows: Vec<&CaseloadRow> = ahead.iter().collect();
                let ids: Vec<ChildId> = ahead.iter().map(|r| r.id).collect();
                if let Ok(found) = timelines::summaries(store, library, &rows, app.session.today) {
                    app.set_summaries(&ids, found);
                }
            }
            waited = terminal::wait_for_input(TICK);
        }
        if waited == terminal::Input::Gone {
            break ExitCode::FAILURE;
        }
        // Other users' changes show within a tick or two.
        if let Ok(version) = store.data_version()
            && version != seen_version
        {
            seen_version = version;
            refresh(store, library, &mut app);
            dirty = true;
        }
        // Take everything crossterm has ready (a paste is many keys),
        // checking before each call that the terminal is still there.
        loop {
            if terminal::hung_up() {
                break 'events ExitCode::FAILURE;
            }
            match event::poll(Duration::ZERO) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => break 'events ExitCode::FAILURE,
            }
            let effect = match event::read() {
                Ok(Event::Key(key)) => app.handle_key(key),
                Ok(Event::Paste(text)) => {
                    app.paste(&text);
                    None
                }
                Ok(Event::Resize(width, height)) => {
                    app.resize(width, height);
                    None
                }
                Ok(Event::Mouse(mouse)) => match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => app.click(mouse.column, mouse.row),
                    MouseEventKind::ScrollDown => {
                        app.scroll(WHEEL_LINES);
                        None
                    }
                    MouseEventKind::ScrollUp => {
                        app.scroll(-WHEEL_LINES);
                        None
                    }
                    // Releases and other buttons mean nothing: no redraw.
                    _ => continue,
                },
                Ok(_) => None,
                Err(_) => break 'events ExitCode::FAILURE,
            };
            dirty = true;
            match effect {
                None => {}
                Some(Effect::Quit) => break 'events ExitCode::SUCCESS,
                Some(effect) => carry_out(store, library, &mut app, effect),
            }
            for spent in app.take_spent_drafts() {
                let _ = store.forget_draft(&spent);
            }
        }
        if forms::autosave(store, &mut app, &mut last_autosave) {
            dirty = true;
        }
    };
    // A form being filled in is saved as it stands, however the session ended.
    let _ = forms::save_draft(store, &mut app);
    // Whatever ended the session, nothing typed in a dialog is lost.
    if let Some((purpose, fields)) = app.unsaved_form() {
        let _ = store.save_draft(&purpose, &fields);
    }
    drop(guard);
    Ok(outcome)
}

use signals::Signals;

/// Shows a child's record, timeline, history and papers (family,
/// chronology, Gateway); `false` if the child no longer exists. Public so
/// that the screen tests open a child exactly as the event loop does.
pub fn load_child(
    store: &Store,
    library: &Library,
    app: &mut App,
    child: ChildId,
) -> Result<bool, crate::store::StoreError> {
    let Some(detail) = store.child_detail(child)? else {
        return Ok(false);
    };
    let timeline = timelines::timeline_of(store, library, child, app.session.today)?;
    let reference = detail.fields.reference.clone();
    app.show_child(detail, timeline);
    let events = store.recorded_events(child)?;
    let dates = app.dates;
    app.show_events(history::event_lines(&events, dates, |at| local_time(app, at)));
    let lines = history(store, app, &reference);
    app.show_history(lines);
    let papers = read_papers(store, library, child, &reference, app.session.today);
    app.show_papers(papers);
    Ok(true)
}

/// The child's family network, chronology and Gateway papers, read as
/// the command line reads them; each part that cannot be read says so
/// on its own tab, and the others still show.
fn read_papers(
    store: &Store,
    library: &Library,
    child: ChildId,
    reference: &str,
    today: chrono::NaiveDate,
) -> papers_view::Papers {
    let family = crate::papers::family(store, child)
        .and_then(|(network, focus)| {
            let meetings = store.family_meetings(child)?;
            Ok(papers_view::Family::new(network, focus, meetings))
        })
        .map_err(|_| "The family network could not be read".to_string());
    let chronology = crate::papers::chronology(store, library, child, reference, today)
        .map_err(|_| "The chronology could not be read".to_string());
    let gateway = crate::papers::gateway(store, library, child, reference)
        .map(|(checklist, readiness)| papers_view::Gateway { checklist, readiness })
        .map_err(|_| "The Gateway papers could not be read".to_string());
    papers_view::Papers {
        family,
        chronology,
        gateway,
    }
}

/// The child's history for the History tab, if the user may read the trail.
fn history(store: &Store, app: &App, reference: &str) -> Result<Vec<child_view::HistoryLine>, String> {
    app.permits(crate::domain::permissions::Action::ViewAudit, None)
        .map_err(|refusal| refusal.to_string())?;
    let entries = store
        .audit_entries(Some(reference))
        .map_err(|_| "The history could not be read".to_string())?;
    Ok(history::lines(&entries, |at| local_time(app, at)))
}

/// A time from the audit trail (UTC) in the user's own time and dates.
fn local_time(app: &App, at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            let t = t.with_timezone(&chrono::Local);
            format!("{} {}", app.dates.show(t.date_naive()), t.format("%H:%M"))
        })
        .unwrap_or_else(|_| at.to_string())
}

/// Reloads what is on screen after someone else's change, keeping the
/// user's place, search and any dialog they are typing in.
fn refresh(store: &Store, library: &Library, app: &mut App) {
    if let Ok(rows) = store.caseload() {
        app.replace_rows(rows);
    }
    if let Some(child) = app.open_child() {
        match load_child(store, library, app, child) {
            Ok(true) => {}
            Ok(false) => app.show_message("This child's record has been removed by someone else"),
            Err(_) => {}
        }
    }
}

/// Works out the caseload summaries of the children about to be drawn,
/// once each, so the table never waits on more than a screenful.
fn fill_summaries(store: &Store, library: &Library, app: &mut App) {
    let wanted: Vec<CaseloadRow> = app.wanted_summaries().into_iter().cloned().collect();
    if wanted.is_empty() {
        return;
    }
    let rows: Vec<&CaseloadRow> = wanted.iter().collect();
    let ids: Vec<ChildId> = wanted.iter().map(|r| r.id).collect();
    match timelines::summaries(store, library, &rows, app.session.today) {
        Ok(found) => app.set_summaries(&ids, found),
        Err(_) => {
            app.set_summaries(&ids, Default::default());
            app.show_message("Some timelines could not be read; the Plan column may be blank");
        }
    }
}

/// The open items of these children, most urgent first.
fn what_next(
    store: &Store,
    library: &Library,
    today: chrono::NaiveDate,
    children: &[ChildId],
) -> Result<Vec<(ChildId, crate::domain::report::NextItem)>, crate::store::StoreError> {
    let mut found = Vec::new();
    for &child in children {
        let Some(detail) = store.child_detail(child)? else {
            continue;
        };
        let timeline = timelines::timeline_of(store, library, child, today)?;
        if !timeline.plans.is_empty() {
            found.push((
                child,
                detail.fields.reference.clone(),
                detail.fields.full_name(),
                timeline,
            ));
        }
    }
    let by_ref: std::collections::HashMap<String, ChildId> =
        found.iter().map(|(id, r, _, _)| (r.clone(), *id)).collect();
    let timelines: Vec<crate::domain::report::ChildTimeline<'_>> = found
        .iter()
        .map(
            |(_, reference, name, timeline)| crate::domain::report::ChildTimeline {
                reference,
                name: name.clone(),
                timeline,
            },
        )
        .collect();
    Ok(crate::domain::report::what_next(&timelines, today)
        .into_iter()
        .filter_map(|item| Some((*by_ref.get(&item.reference)?, item)))
        .collect())
}

/// After something is recorded in a meeting: the meeting as stored, and
/// the child's caseload line worked out again.
/// Works out what a change from a timeline dialog would do and shows it
/// to read before saving; a change the record refuses goes back to its
/// dialog with the reason.
fn preview_change(store: &mut Store, library: &Library, app: &mut App, pending: app::Pending) {
    use crate::corrections::{self, Change, CorrectionError};
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
        Err(CorrectionError::Refused(reason)) => return app.reopen_form(capitalised(&reason)),
        Err(CorrectionError::Store(_)) => {
            app.reopen_form("The child's record could not be read; try again");
            return;
        }
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
    app.confirm_change(pending, preview.says, moves, warning);
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

/// Reads or writes the store for an effect, then shows the result. Public
/// so that the screen tests carry out what a key asks as the loop does.
pub fn carry_out(store: &mut Store, library: &Library, app: &mut App, effect: Effect) {
    let dates = app.dates;
    let (child, done) = match effect {
        Effect::Quit => return,
        Effect::OpenForm { child, kind } => {
            if let Err(message) = forms::open(store, library, app, child, &kind) {
                app.show_message(message);
            }
            return;
        }
        Effect::SubmitForm { data, json } => {
            if let Some(child) = forms::submit(store, library, app, &data, &json) {
                // A PPM record adds to the timeline: show it.
                app.forget_summary(child);
                let _ = load_child(store, library, app, child);
            }
            return;
        }
        Effect::OpenBestOption { child } => {
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
            return;
        }
        Effect::ShowDashboard { children, covers } => {
            let today = app.session.today;
            match timelines::gather(store, library, today, None) {
                Ok(gathered) => {
                    let wanted: std::collections::HashSet<ChildId> = children.into_iter().collect();
                    let chosen: Vec<_> = gathered
                        .iter()
                        .filter(|g| wanted.contains(&g.detail.id))
                        .map(timelines::cohort_child)
                        .collect();
                    app.show_dashboard(crate::domain::dashboard::Dashboard::of(&chosen, today), covers);
                }
                Err(_) => app.show_message("The caseload could not be read; try again"),
            }
            return;
        }
        Effect::ShowWhatNext { children, covers } => {
            match what_next(store, library, app.session.today, &children) {
                Ok(items) => {
                    if items.is_empty() {
                        app.show_message("Nothing open for these children");
                    }
                    app.show_what_next(app::WhatNextView {
                        covers,
                        items,
                        selected: 0,
                        offset: 0,
                    });
                }
                Err(_) => app.show_message("The timelines could not be read; try again"),
            }
            return;
        }
        Effect::StartMeeting { tracker } => {
            if let Err(message) = meetings::start(store, library, app, tracker) {
                app.show_message(message);
            }
            return;
        }
        Effect::WriteMinutes { meeting } => {
            match meetings::write_minutes(store, meeting) {
                Ok(path) => {
                    app.show_message(format!("Minutes written: {} (and .html, .csv)", path.display()))
                }
                Err(message) => app.show_message(message),
            }
            return;
        }
        Effect::MeetingRag { meeting, child, rag } => {
            let result = store.write(|w| w.record_meeting_rag(meeting, child, rag));
            meeting_saved(
                store,
                app,
                meeting,
                child,
                result.map(|_| format!("RAG: {}", rag.word())),
            );
            return;
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
            return;
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
            return;
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
            return;
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
            return;
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
            return;
        }
        Effect::KeepForm => return forms::leave(store, app, true),
        Effect::DiscardForm => return forms::leave(store, app, false),
        Effect::LoadChild(id) => {
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
                    return;
                }
                Err(_) => {
                    app.show_message("The child's record could not be read; try again");
                    return;
                }
            }
            // Looking at a child's record is recorded, as changing it is,
            // read-only sessions too (through a connection used only for
            // the audit entry: see `Store::record_read`).
            if store.record_view(id).is_err() {
                app.show_message("Your viewing could not be recorded in the audit trail");
            }
            (id, Ok(None))
        }
        Effect::PreviewChange(pending) => return preview_change(store, library, app, *pending),
        Effect::SaveChange(pending) => {
            let result = store.write(|w| {
                if let Some((plan, key, expected)) = &pending.item
                    && !matches!(pending.change, crate::corrections::Change::Record { .. })
                {
                    w.expect_done_state(*plan, key, *expected)?;
                }
                crate::corrections::save_in(w, pending.child, &pending.change, pending.reason.as_deref())
            });
            (pending.child, result.map(|_| Some(pending.saved(dates))))
        }
        Effect::UndoDone {
            child,
            plan,
            key,
            expected,
        } => {
            let result = store.write(|w| {
                w.expect_done_state(plan, &key, expected)?;
                w.undo_done(plan, &key)
            });
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
    };
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
        Err(crate::store::StoreError::Refused(reason)) => {
            // A rule of the record said no (an outcome already on a
            // timeline, say): what was shown was out of date, so show it
            // as it is, and why nothing was changed.
            app.forget_form();
            let _ = load_child(store, library, app, child);
            let mut reason = reason;
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
