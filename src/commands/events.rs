//! What happened for a child, from the command line: recording an event,
//! marking an item done (which records the event where the item is one),
//! taking it back, listing the recorded events, and correcting or
//! withdrawing one with a reason. Each says before saving which dates it
//! moves, and `--dry-run` stops there.

use super::context::{Ctx, Session};
use crate::cli::{Command, RecordingArgs};
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, parse_day, uk};
use crate::domain::event::Event;
use crate::domain::permissions::Action as Permission;
use crate::service::corrections::{self, Change, CorrectionError};
use crate::service::library::Library;
use crate::service::timelines::timeline_of;
use crate::store::{EventStatus, Outcome, Store};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Dates on the command line are shown as the seeds write them.
const DATES: DateStyle = DateStyle::DayMonthYear;

fn child(store: &Store, reference: &str) -> Result<ChildId> {
    store
        .child_id(reference)?
        .ok_or_else(|| anyhow!("no child has the reference {reference}"))
}

fn day(text: &str, today: NaiveDate, what: &str) -> Result<NaiveDate> {
    parse_day(text, today).map_err(|e| anyhow!("{what}: {e}"))
}

fn event_named(text: &str) -> Result<Event> {
    Event::parse(text).ok_or_else(|| {
        anyhow!(
            "{text:?} is not an event (events: {})",
            Event::ALL.map(Event::code).join(", ")
        )
    })
}

/// Refused with the message alone, as every other refusal is.
/// A refusal about one child's record, naming the child first, as every
/// message about a child's events does (`A1: …`), with the command that
/// lists the keys where a key matched nothing.
fn refused_for(reference: &str) -> impl Fn(CorrectionError) -> anyhow::Error + '_ {
    move |error| match &error {
        CorrectionError::NoSuchItem { near, .. } if near.is_empty() => {
            anyhow!("{reference}: {error}; `permanence timeline {reference}` lists the keys")
        }
        _ => anyhow!("{reference}: {error}"),
    }
}

/// How a change is carried out: checked, its moves printed, then saved
/// (or not, on a dry run).
struct Run<'a> {
    store: &'a mut Store,
    library: &'a Library,
    reference: &'a str,
    child: ChildId,
    today: NaiveDate,
    dry_run: bool,
    /// Recorded though another of the same event is recorded close by.
    another: bool,
}

impl Run<'_> {
    /// Checks, previews and (unless a dry run) saves; returns whether it
    /// was saved and how.
    fn carry_out(&mut self, change: &Change, reason: Option<&str>) -> Result<Option<(Outcome, Said)>> {
        self.carry_out_as_seen(change, reason, None)
    }

    /// As `carry_out`, for a change made on an item as it was `seen`:
    /// refused if it has changed since, as on screen.
    fn carry_out_as_seen(
        &mut self,
        change: &Change,
        reason: Option<&str>,
        seen: Option<&corrections::Seen>,
    ) -> Result<Option<(Outcome, Said)>> {
        if change.needs_reason() && reason.is_none_or(|r| r.trim().is_empty()) {
            bail!(
                "--reason is needed: say why this is being put right (it is kept in the audit trail); nothing was changed"
            );
        }
        let facts = self.store.timeline_facts(self.child)?;
        let preview = corrections::preview(self.library, &facts, change, self.today, DATES)
            .map_err(|e| anyhow!("{}: {e}", self.reference))?;
        if let (Change::Record { event, on, .. }, Some((_, other)), false) =
            (change, preview.near, self.another)
        {
            bail!(
                "{reference} already has {code} recorded on {other}, {days} days from {on}; nothing was recorded.\n\
                 If that date was wrong, correct it: permanence correct {reference} {code} --on {other} --to {on} --reason TEXT\n\
                 If this is another {code}, add --another. (Same events days apart are taken for one on the wrong date: permanence's own check.)",
                reference = self.reference,
                code = event.code(),
                other = uk(other),
                on = uk(*on),
                days = (*on - other).num_days().abs(),
            );
        }
        let lines = preview.move_lines(DATES);
        if self.dry_run {
            println!("{}: {}", self.reference, preview.says);
            for line in &preview.legal {
                println!("{line}");
            }
            print_moves("Dates that would move:", "No date would move.", &lines);
            println!("Dry run: nothing was written.");
            return Ok(None);
        }
        let outcome = corrections::save_as_seen(self.store, self.child, change, reason, seen)
            .map_err(|e| anyhow!("{e}"))?;
        super::store_timelines(self.store, self.today);
        Ok(Some((
            outcome,
            Said {
                legal: preview.legal,
                moved: lines,
            },
        )))
    }
}

/// What a saved change did, for the lines after its outcome.
struct Said {
    /// What it did to the legal status (an order recorded is an order made).
    legal: Vec<String>,
    /// The dates that moved.
    moved: Vec<String>,
}

/// After the outcome's line: what the legal status did, and the dates
/// that moved.
fn print_moved(said: &Said) {
    for line in &said.legal {
        println!("{line}");
    }
    let lines = &said.moved;
    if !lines.is_empty() {
        println!("Dates that moved:");
        for line in lines {
            println!("  {line}");
        }
    }
}

fn print_moves(heading: &str, none: &str, lines: &[String]) {
    if lines.is_empty() {
        println!("{none}");
        return;
    }
    println!("{heading}");
    for line in lines {
        println!("  {line}");
    }
}

/// The event options shared by `record` and `done`.
pub struct Recording<'a> {
    pub on: &'a str,
    pub note: Option<&'a str>,
    pub another: bool,
    pub dry_run: bool,
}

impl<'a> From<&'a RecordingArgs> for Recording<'a> {
    fn from(args: &'a RecordingArgs) -> Self {
        Recording {
            on: &args.on,
            note: args.note.as_deref(),
            another: args.another,
            dry_run: args.dry_run,
        }
    }
}

pub fn record(
    store: &mut Store,
    library: &Library,
    reference: &str,
    event: &str,
    how: &Recording<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let event = event_named(event)?;
    let on = day(how.on, today, "--on")?;
    let change = Change::Record {
        event,
        on,
        note: how.note.map(String::from),
    };
    let mut run = Run {
        store,
        library,
        reference,
        child: id,
        today,
        dry_run: how.dry_run,
        another: how.another,
    };
    if let Some((outcome, moved)) = run.carry_out(&change, None)? {
        match outcome {
            Outcome::Unchanged => {
                println!("{reference}: {} on {} was already recorded", event.code(), uk(on))
            }
            _ => println!("{reference}: recorded {} on {}", event.code(), uk(on)),
        }
        print_moved(&moved);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn done(
    store: &mut Store,
    library: &Library,
    reference: &str,
    key: &str,
    how: &Recording<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let on = day(how.on, today, "--on")?;
    let timeline = timeline_of(store, library, id, today)?;
    let (plan, item) = corrections::find_item(&timeline, key).map_err(refused_for(reference))?;
    let change = corrections::done_change(plan, item, on, how.note.map(String::from), DATES)
        .map_err(refused_for(reference))?;
    // Not done as this run saw it: refused if someone marks it before the save.
    let seen = (plan, item.key.clone(), item.done_on);
    if let Change::Record { event, .. } = change {
        // The n-th review holds the n-th review item: one recorded before
        // the earlier ones are would hold an earlier item instead.
        let facts = store.timeline_facts(id)?;
        let preview =
            corrections::preview(library, &facts, &change, today, DATES).map_err(refused_for(reference))?;
        if !corrections::holds(&preview, plan, key) {
            bail!(
                "recording {} on {} would not hold {key}: an earlier one is not recorded yet, so it would count as that one.\n\
                 Record the earlier ones first (permanence record {reference} {} --on DATE); nothing was recorded",
                event.code(),
                uk(on),
                event.code()
            );
        }
    }
    let mut run = Run {
        store,
        library,
        reference,
        child: id,
        today,
        dry_run: how.dry_run,
        another: how.another,
    };
    if let Some((_, moved)) = run.carry_out_as_seen(&change, None, Some(&seen))? {
        match change {
            Change::Record { event, .. } => println!(
                "{reference}: {key} held: recorded {} on {}, which every plan counts from",
                event.code(),
                uk(on)
            ),
            _ => println!("{reference}: {key} done on {}", uk(on)),
        }
        print_moved(&moved);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn undo(
    store: &mut Store,
    library: &Library,
    reference: &str,
    key: &str,
    reason: Option<&str>,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let timeline = timeline_of(store, library, id, today)?;
    let (plan, item) = corrections::find_item(&timeline, key).map_err(refused_for(reference))?;
    if item.not_needed.is_some() {
        let who = (reference, id);
        return super::not_needed::undo(store, library, who, (plan, item), reason, dry_run, today);
    }
    let change = corrections::undo_change(plan, item).map_err(refused_for(reference))?;
    // A task's own done mark as this run saw it (one done by an event has
    // none to check: the store refuses taking it back, saying so).
    let seen = (!item.done_by_event).then(|| (plan, item.key.clone(), item.done_on));
    if let Change::Withdraw { event, on } = change
        && reason.is_none_or(|r| r.trim().is_empty())
    {
        bail!(
            "{key} is done because {} was recorded on {}; taking it back withdraws that event as recorded in error.\n\
             Say why with --reason TEXT (kept in the audit trail). To put its date right instead:\n\
             permanence correct {reference} {} --on {} --to DATE --reason TEXT\n\
             Nothing was changed.",
            event.code(),
            uk(on),
            event.code(),
            uk(on)
        );
    }
    let mut run = Run {
        store,
        library,
        reference,
        child: id,
        today,
        dry_run,
        another: false,
    };
    if let Some((_, moved)) = run.carry_out_as_seen(&change, reason, seen.as_ref())? {
        match change {
            Change::Withdraw { event, on } => println!(
                "{reference}: withdrew {} on {} as recorded in error; {key} is open again",
                event.code(),
                uk(on)
            ),
            _ => println!("{reference}: {key} is no longer marked done"),
        }
        print_moved(&moved);
    }
    Ok(ExitCode::SUCCESS)
}

/// What `correct` and `withdraw` act on: an event by its name, or a task's
/// done mark by the item's key.
fn target_change(
    store: &Store,
    library: &Library,
    id: ChildId,
    what: &str,
    on: NaiveDate,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Change> {
    if let Some(event) = Event::parse(what) {
        return Ok(match to {
            Some(to) => Change::Correct { event, from: on, to },
            None => Change::Withdraw { event, on },
        });
    }
    let timeline = timeline_of(store, library, id, today)?;
    let (plan, item) = corrections::find_item(&timeline, what).map_err(|_| {
        anyhow!(
            "{what:?} is neither an event (events: {}) nor an item of this child's plans",
            Event::ALL.map(Event::code).join(", ")
        )
    })?;
    let change = match to {
        Some(to) => corrections::correct_change(plan, item, to),
        None => corrections::undo_change(plan, item),
    }
    .map_err(|e| anyhow!("{e}"))?;
    let held = match &change {
        Change::Correct { from, .. } | Change::CorrectDone { from, .. } => Some(*from),
        Change::Withdraw { on, .. } => Some(*on),
        _ => item.done_on,
    };
    if held != Some(on) {
        bail!(
            "{what} is done on {}, not {}; nothing was changed",
            held.map_or_else(|| "no date".to_string(), uk),
            uk(on)
        );
    }
    Ok(change)
}

pub struct Putting<'a> {
    pub what: &'a str,
    pub on: &'a str,
    /// `None`: withdraw.
    pub to: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub dry_run: bool,
}

/// `permanence correct` and `permanence withdraw`.
pub fn put_right(
    store: &mut Store,
    library: &Library,
    reference: &str,
    how: &Putting<'_>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let on = day(how.on, today, "--on")?;
    let to = how.to.map(|to| day(to, today, "--to")).transpose()?;
    // Named for the child, as every refusal about a child's events is.
    let change = target_change(store, library, id, how.what, on, to, today)
        .map_err(|e| anyhow!("{reference}: {e:#}"))?;
    let mut run = Run {
        store,
        library,
        reference,
        child: id,
        today,
        dry_run: how.dry_run,
        another: false,
    };
    if let Some((_, moved)) = run.carry_out(&change, how.reason)? {
        match change {
            Change::Correct { event, from, to } => println!(
                "{reference}: corrected {} from {} to {}",
                event.code(),
                uk(from),
                uk(to)
            ),
            Change::Withdraw { event, on } => {
                println!(
                    "{reference}: withdrew {} on {} as recorded in error",
                    event.code(),
                    uk(on)
                )
            }
            Change::CorrectDone { key, from, to, .. } => {
                println!(
                    "{reference}: {key} done date corrected from {} to {}",
                    uk(from),
                    uk(to)
                )
            }
            _ => println!("{reference}: {} is no longer marked done", how.what),
        }
        print_moved(&moved);
    }
    Ok(ExitCode::SUCCESS)
}

/// `permanence events REF [--json]`.
pub fn list(store: &Store, reference: &str, json: bool) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let entries = store.recorded_events(id)?;
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    if json {
        let rows: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                let mut row = json!({
                    "event": e.event.code(),
                    "on": crate::domain::date::iso(e.on),
                    "note": e.note,
                    "recorded_by": e.recorded_by,
                    "recorded_at": e.recorded_at,
                    "status": e.status.code(),
                });
                if let (Some(to), Some(map)) = (e.corrected_to, row.as_object_mut()) {
                    map.insert("corrected_to".into(), json!(crate::domain::date::iso(to)));
                }
                // Where an imported event came from; one recorded in the
                // app has no source, and its row is as it always was.
                if let (Some(source), Some(map)) = (&e.source, row.as_object_mut()) {
                    map.insert("source".into(), json!(source));
                }
                row
            })
            .collect();
        crate::commands::output::json(&mut out, &rows)?;
    } else {
        writeln!(out, "{reference}: recorded events")?;
        if entries.is_empty() {
            writeln!(out, "none recorded")?;
        }
        writeln!(
            out,
            "{:<10} {:<19} {:<10} {:<16} {:<20} note",
            "on", "event", "status", "recorded by", "recorded at"
        )?;
        for e in &entries {
            writeln!(
                out,
                "{:<10} {:<19} {:<10} {:<16} {:<20} {}",
                uk(e.on),
                e.event.code(),
                e.status.code(),
                e.recorded_by.as_deref().unwrap_or("not known"),
                e.recorded_at.as_deref().unwrap_or("not known"),
                e.note
                    .as_deref()
                    .map(crate::domain::sanitise::clean_line)
                    .unwrap_or_default()
            )?;
            let why = e
                .reason
                .as_deref()
                .map(crate::domain::sanitise::clean_line)
                .unwrap_or_default();
            let by = e.changed_by.as_deref().unwrap_or("not known");
            match (e.status, e.corrected_to) {
                (EventStatus::Corrected, Some(to)) => {
                    writeln!(out, "{:<10} corrected to {} by {by}: {why}", "", uk(to))?
                }
                (EventStatus::Withdrawn, _) => writeln!(out, "{:<10} withdrawn by {by}: {why}", "")?,
                _ => {}
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `permanence record`, `done`, `undo`, `events`, `correct` and
/// `withdraw`: each opens the child's record with the permission it needs.
pub fn command(ctx: &Ctx, command: Command) -> Result<ExitCode> {
    let today = ctx.today;
    match command {
        Command::Record {
            reference,
            event,
            how,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            record(&mut store, &library, &reference, &event, &(&how).into(), today)
        }
        Command::Done {
            reference,
            key,
            how,
            not_needed,
            reason,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            match (not_needed, reason) {
                (true, Some(reason)) => {
                    let id = child(&store, &reference)?;
                    let who = (reference.as_str(), id);
                    super::not_needed::mark(&mut store, &library, who, &key, &reason, how.dry_run, today)
                }
                _ => done(&mut store, &library, &reference, &key, &(&how).into(), today),
            }
        }
        Command::Undo {
            reference,
            key,
            reason,
            dry_run,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            undo(
                &mut store,
                &library,
                &reference,
                &key,
                reason.as_deref(),
                dry_run,
                today,
            )
        }
        Command::Events { reference, json } => {
            let Session { mut store, .. } = ctx.session(Permission::ViewChild, Some(&reference))?;
            super::reads::on_record(&mut store, super::reads::Read::Child(&reference));
            list(&store, &reference, json)
        }
        Command::Correct {
            reference,
            event,
            on,
            to,
            reason,
            dry_run,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            let how = Putting {
                what: &event,
                on: &on,
                to: Some(&to),
                reason: reason.as_deref(),
                dry_run,
            };
            put_right(&mut store, &library, &reference, &how, today)
        }
        Command::Withdraw {
            reference,
            event,
            on,
            reason,
            dry_run,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            let how = Putting {
                what: &event,
                on: &on,
                to: None,
                reason: reason.as_deref(),
                dry_run,
            };
            put_right(&mut store, &library, &reference, &how, today)
        }
        // `run` sends only the commands above.
        _ => bail!("not a command about a child's recorded events"),
    }
}
