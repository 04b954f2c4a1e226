//! `permanence report ...` and `permanence ics`: the caseload's timelines
//! gathered from the store, then reported on by the domain's rules.

use crate::cli::{ReportCommand, ReportFormatArg, ReportScope};
use crate::domain::cohort::{self, Scope, Tracker, TrackerReport};
use crate::domain::report::{self, Cell, ChildTimeline, PackedRows};
use crate::domain::timeliness::Period;
use crate::interchange::ics::{self, CalendarItem};
use crate::interchange::report_out::{self, ReportFormat};
use crate::service::library::Library;
use crate::service::timelines::{self, CohortInput, Gathered, gather};
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

fn format(arg: ReportFormatArg) -> ReportFormat {
    match arg {
        ReportFormatArg::Table => ReportFormat::Table,
        ReportFormatArg::Csv => ReportFormat::Csv,
        ReportFormatArg::Json => ReportFormat::Json,
        ReportFormatArg::Md => ReportFormat::Md,
    }
}

fn date(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    super::as_of_date(text, today)
}

pub fn report(
    store: &mut Store,
    library: &Library,
    command: ReportCommand,
    today: NaiveDate,
) -> Result<ExitCode> {
    let (report, fmt) = match command {
        ReportCommand::Overdue {
            as_of,
            format: f,
            scope,
        } => {
            let scope = resolve(store, &scope)?;
            let as_of = date(as_of.as_deref(), today)?;
            if from_stored(store, library, as_of, None, &scope, format(f))? {
                return Ok(ExitCode::SUCCESS);
            }
            let gathered = gathered(store, library, as_of, &scope)?;
            let workers = workers(&gathered);
            let worker_of = |r: &str| workers.get(r).copied().flatten();
            (report::overdue(&timelines(&gathered), as_of, worker_of), f)
        }
        ReportCommand::Due {
            within,
            as_of,
            format: f,
            scope,
        } => {
            let days = report::parse_window(&within).map_err(|e| anyhow!("--within: {e}"))?;
            let scope = resolve(store, &scope)?;
            let as_of = date(as_of.as_deref(), today)?;
            if from_stored(store, library, as_of, Some(days), &scope, format(f))? {
                return Ok(ExitCode::SUCCESS);
            }
            let gathered = gathered(store, library, as_of, &scope)?;
            let workers = workers(&gathered);
            let worker_of = |r: &str| workers.get(r).copied().flatten();
            (
                report::due_within(&timelines(&gathered), as_of, days, worker_of),
                f,
            )
        }
        ReportCommand::Tracker {
            name,
            as_of,
            format: f,
            scope,
        } => {
            let tracker = Tracker::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = Tracker::ALL.iter().map(|t| t.code()).collect();
                anyhow!("{name:?} is not a tracker (trackers: {})", names.join(", "))
            })?;
            let scope = resolve(store, &scope)?;
            let as_of = date(as_of.as_deref(), today)?;
            tracker_report(store, library, tracker, as_of, &scope, format(f))?;
            return Ok(ExitCode::SUCCESS);
        }
        ReportCommand::Timeliness {
            from,
            to,
            format: f,
            scope,
        } => {
            let period = timeliness_period(from.as_deref(), to.as_deref(), today)?;
            let scope = resolve(store, &scope)?;
            timeliness_report(store, library, period, today, &scope, format(f))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    // Buffered: standard output writes out each line as it is written,
    // a system call a line of a report of any length.
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    report_out::write(&report, format(fmt), &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A tracker's report in reference order from the caseload read as a
/// stream: each child's row made as they are read and their record let
/// go, only the rows the tracker lists kept (packed), then put in reference order
/// and written out a row at a time.
fn tracker_report(
    store: &mut Store,
    library: &Library,
    tracker: Tracker,
    as_of: NaiveDate,
    scope: &Scope,
    fmt: ReportFormat,
) -> Result<()> {
    // Stale stored timelines stored again first, where the store may
    // write, so that the bulk read works few out itself.
    store.refresh_timelines(as_of)?;
    let decisions = store.tracker_decisions(tracker, as_of)?;
    let report = TrackerReport::new(tracker, as_of);
    // Each row packed as it is made (its text and a few bytes, not an
    // allocation per cell): 100,000 children's rows in a few megabytes.
    let mut rows = PackedRows::new();
    let covered = |head: &crate::store::CohortHead<'_>| scope.covers_allocation(head.worker, head.team);
    timelines::each_cohort(store, library, as_of, covered, |input: CohortInput, _| {
        let decision = decisions.get(&input.id).map(String::as_str);
        if let Some(row) = report.row(&input.child(), decision) {
            rows.push(&row);
        }
        Ok::<(), crate::store::StoreError>(())
    })?;
    // In reference order, as every tracker lists its children.
    cohort::packed_in_reference_order(&mut rows);
    let out = std::io::BufWriter::new(crate::commands::output::stdout());
    let mut sink = report_out::Sink::new(&report.title, &report.columns, fmt, out);
    for row in rows.rows() {
        sink.row(&row)?;
    }
    sink.finish()?;
    Ok(())
}

/// The period `--from` and `--to` give: both, or a year from the one
/// given, or by default the last complete year to 31 March before today
/// (the SSDA903's and the scorecards' year).
fn timeliness_period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period> {
    let day = |flag: &str, text: &str| {
        crate::domain::date::parse_day(text, today).map_err(|e| anyhow!("--{flag}: {e}"))
    };
    let year = chrono::Months::new(12);
    let period = match (from, to) {
        (None, None) => return Ok(Period::last_year_to_march(today)),
        (Some(from), Some(to)) => Period {
            from: day("from", from)?,
            to: day("to", to)?,
        },
        (Some(from), None) => {
            let from = day("from", from)?;
            Period {
                from,
                to: from + year - chrono::Days::new(1),
            }
        }
        (None, Some(to)) => {
            let to = day("to", to)?;
            Period {
                from: to - year + chrono::Days::new(1),
                to,
            }
        }
    };
    if period.from > period.to {
        return Err(anyhow!(
            "--from {} is after --to {}: the period must start on or before its last day",
            crate::domain::date::uk(period.from),
            crate::domain::date::uk(period.to)
        ));
    }
    Ok(period)
}

/// The timeliness measures over the children in `scope` adopted in
/// `period` and its three years, then the clocks of those still waiting
/// on `today`; the notes (what the product reads the methodology as, what
/// it could not count) follow a table or Markdown, and go to stderr
/// beside CSV or JSON so that those stay one table a program can read.
fn timeliness_report(
    store: &Store,
    library: &Library,
    period: Period,
    today: NaiveDate,
    scope: &Scope,
    fmt: ReportFormat,
) -> Result<()> {
    use crate::domain::timeliness::{self, report as rows};
    use crate::service::timeliness as inputs;
    let thresholds = inputs::thresholds().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!("the timeliness thresholds cannot be read:\n{}", lines.join("\n"))
    })?;
    let journeys = inputs::journeys(store, library, |_, fields| scope.covers(fields))?;
    let lines = timeliness::measures(&journeys, period, &thresholds);
    let clocks = timeliness::clocks(&journeys, today, &thresholds);
    let report = rows::report(period, today, &lines, &clocks);
    let notes: Vec<String> = rows::measure_notes(&thresholds)
        .into_iter()
        .chain(timeliness::notes(&journeys))
        .collect();
    // Buffered, as every report: a national caseload's clocks are
    // 300,000 lines of JSON, each its own system call unbuffered.
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    report_out::write(&report, fmt, &mut out)?;
    match fmt {
        ReportFormat::Table | ReportFormat::Md => {
            writeln!(out)?;
            for note in &notes {
                writeln!(out, "{}{note}", if fmt == ReportFormat::Md { "- " } else { "" })?;
            }
        }
        ReportFormat::Csv | ReportFormat::Json => {
            let mut err = crate::commands::output::stderr();
            for note in &notes {
                writeln!(err, "note: {note}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// The scope the flags name, each name checked against the known users
/// and teams before anything is printed.
fn resolve(store: &Store, flags: &ReportScope) -> Result<Scope> {
    let users = if flags.worker.is_some() {
        store.workers()?.into_iter().map(|w| w.username).collect()
    } else {
        Vec::new()
    };
    let teams = if flags.team.is_some() {
        store.teams()?
    } else {
        Vec::new()
    };
    Ok(Scope::resolve(
        flags.worker.as_deref(),
        flags.team.as_deref(),
        &users,
        &teams,
    )?)
}

/// The children's timelines worked out one by one, of those in `scope`.
fn gathered(store: &Store, library: &Library, as_of: NaiveDate, scope: &Scope) -> Result<Vec<Gathered>> {
    let mut gathered = gather(store, library, as_of, None)?;
    gathered.retain(|g| scope.covers(&g.detail.fields));
    Ok(gathered)
}

/// Each child's worker's name (or username, where the name is unknown), by reference.
fn workers(gathered: &[Gathered]) -> HashMap<&str, Option<&str>> {
    gathered
        .iter()
        .map(|g| {
            let fields = &g.detail.fields;
            let name = g.detail.worker_name.as_deref().or(fields.worker.as_deref());
            (fields.reference.as_str(), name)
        })
        .collect()
}

/// The overdue report (or, given `within` days, the due report) streamed
/// from the stored timelines, after working out any that are stale;
/// `false` (nothing written) where they cannot all be had (a read-only
/// store with stale ones, or another user's changes landing twice in
/// between), and the report must be worked out child by child instead.
fn from_stored(
    store: &mut Store,
    library: &Library,
    as_of: NaiveDate,
    within: Option<u32>,
    scope: &Scope,
    fmt: ReportFormat,
) -> Result<bool> {
    let fingerprint = library.timeline_fingerprint.as_str();
    let pathway_titles: Vec<(&str, &str)> = library
        .pathways
        .iter()
        .map(|p| (p.pathway.name.as_str(), p.pathway.title.as_str()))
        .collect();
    let uk = crate::domain::date::uk;
    let until = within.map(|days| as_of + chrono::Days::new(u64::from(days)));
    let title = match until {
        None => format!("Overdue on {}", uk(as_of)),
        Some(until) => format!("Due from {} to {}", uk(as_of), uk(until)),
    };
    // Read first: most days nothing is stale, and the read finds that out
    // in its own snapshot (refreshing first looked at every stored
    // timeline once more); where it is refused, the stale ones are worked
    // out and it is read again, twice at most, as before.
    for attempt in 0..3 {
        if attempt > 0 {
            store.refresh_timelines(as_of)?;
        }
        let out = std::io::BufWriter::new(crate::commands::output::stdout());
        let mut sink = report_out::Sink::new(&title, &report::ITEM_COLUMNS, fmt, out);
        // One row's cells, refilled for every row: their text keeps its
        // room, so a report of any length copies but never allocates.
        let mut cells = [const { Cell::Text(String::new()) }; 9];
        let each = |row: crate::store::OverdueRow<'_>| {
            let texts = [
                row.reference,
                row.child,
                row.worker.unwrap_or_default(),
                row.plan,
                row.title,
            ];
            for (cell, text) in cells.iter_mut().zip(texts) {
                refill(cell, text);
            }
            cells[5] = Cell::Date(row.target);
            cells[6] = Cell::Date(row.deadline);
            refill(&mut cells[7], row.status.code());
            refill(&mut cells[8], row.responsible.unwrap_or_default());
            sink.row(&cells)
        };
        let streamed = match until {
            None => store.each_stored_overdue(fingerprint, &pathway_titles, as_of, scope, each)?,
            Some(until) => store.each_stored_due(fingerprint, &pathway_titles, as_of, until, scope, each)?,
        };
        // Not all stored timelines held in the snapshot: nothing was written.
        if !streamed? {
            if store.is_read_only() {
                return Ok(false);
            }
            continue;
        }
        sink.finish()?;
        return Ok(true);
    }
    Ok(false)
}

/// Puts `text` in a text cell, keeping the cell's room.
fn refill(cell: &mut Cell, text: &str) {
    match cell {
        Cell::Text(t) => {
            t.clear();
            t.push_str(text);
        }
        other => *other = Cell::text(text),
    }
}

fn timelines(gathered: &[Gathered]) -> Vec<ChildTimeline<'_>> {
    gathered
        .iter()
        .map(|g| ChildTimeline {
            reference: &g.detail.fields.reference,
            name: g.detail.fields.full_name(),
            timeline: &g.timeline,
        })
        .collect()
}

pub fn ics(store: &mut Store, library: &Library, worker: Option<&str>, as_of: NaiveDate) -> Result<ExitCode> {
    if let Some(w) = worker
        && store.worker(w)?.is_none()
    {
        return Err(anyhow!(
            "--worker: there is no user {w:?} (`permanence users list` lists them)"
        ));
    }
    if ics_from_stored(store, library, worker, as_of)? {
        return Ok(ExitCode::SUCCESS);
    }
    let gathered = gather(store, library, as_of, worker)?;
    let covered = gathered.len();
    crate::commands::reads::on_record(
        store,
        crate::commands::reads::Read::Covering {
            action: crate::store::AuditAction::Export,
            what: "ics",
            children: covered,
        },
    );
    let mut items = Vec::new();
    for g in &gathered {
        for plan in &g.timeline.plans {
            let name = plan.title.clone().unwrap_or_else(|| plan.plan.pathway.clone());
            for item in &plan.items {
                if !item.status.is_open() {
                    continue;
                }
                items.push(CalendarItem {
                    reference: g.detail.fields.reference.clone(),
                    plan_id: plan.plan.id.0,
                    key: item.key.clone(),
                    title: item.title.clone(),
                    plan: format!("{name} ({})", plan.plan.role.code()),
                    target: item.target,
                    deadline: item.deadline,
                    deadline_by: item.deadline_by,
                    responsible: item.responsible.clone(),
                });
            }
        }
    }
    let mut out = crate::commands::output::stdout();
    out.write_all(ics::calendar(&items, store.clock().now()).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The calendar feed streamed from the stored timelines, after working
/// out any that are stale, each entry written as it is read; `false`
/// (nothing written) where they cannot all be had, as for
/// [`from_stored`], and the feed must be worked out child by child.
fn ics_from_stored(
    store: &mut Store,
    library: &Library,
    worker: Option<&str>,
    as_of: NaiveDate,
) -> Result<bool> {
    let fingerprint = library.timeline_fingerprint.as_str();
    let title = |pathway: &str| library.pathway(pathway).map(|p| p.title.clone());
    let stamp = store.clock().now();
    // Read first, refreshing only where the read is refused, as for
    // [`from_stored`].
    for attempt in 0..3 {
        if attempt > 0 {
            store.refresh_timelines(as_of)?;
        }
        // Started at the first entry: a refused read has written nothing.
        let mut feed = None;
        let streamed = store.each_stored_open(fingerprint, as_of, worker, &title, |row| {
            let feed = match &mut feed {
                Some(feed) => feed,
                // The feed holds its own 64 KiB: no `BufWriter` to copy into.
                None => feed.insert(ics::Feed::start(crate::commands::output::stdout(), stamp)?),
            };
            feed.event(&ics::Event {
                reference: row.reference,
                plan_id: row.plan_id,
                key: row.key,
                title: row.title,
                plan: row.plan,
                target: row.target,
                deadline: row.deadline,
                deadline_by: row.deadline_by,
                responsible: row.responsible,
            })
        })?;
        let Some((covered, written)) = streamed else {
            if store.is_read_only() {
                return Ok(false);
            }
            continue;
        };
        // Recorded however far the writing got: what was written was read.
        crate::commands::reads::on_record(
            store,
            crate::commands::reads::Read::Covering {
                action: crate::store::AuditAction::Export,
                what: "ics",
                children: covered,
            },
        );
        written?;
        let feed = match feed {
            Some(feed) => feed,
            None => ics::Feed::start(crate::commands::output::stdout(), stamp)?,
        };
        feed.finish()?.flush()?;
        return Ok(true);
    }
    Ok(false)
}

pub fn minutes(store: &mut Store, id: Option<i64>, format: crate::cli::MinutesFormat) -> Result<ExitCode> {
    use crate::cli::MinutesFormat;
    use crate::interchange::minutes;
    let mut out = crate::commands::output::stdout();
    let Some(id) = id else {
        let meetings = store.meetings()?;
        if meetings.is_empty() {
            writeln!(
                out,
                "No tracker meetings yet: press T on the caseload to hold one."
            )?;
        }
        for (id, tracker, held_on, chair) in meetings {
            let held = NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
                .map_or(held_on.clone(), crate::domain::date::uk);
            writeln!(out, "{id:>5}  {held}  {tracker:<20} {chair}")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let meeting = store
        .meeting(id)?
        .ok_or_else(|| anyhow!("there is no meeting {id}; `permanence minutes` lists them"))?;
    // The minutes name every child the meeting stepped through.
    crate::commands::reads::on_record(
        store,
        crate::commands::reads::Read::Covering {
            action: crate::store::AuditAction::Export,
            what: "minutes",
            children: meeting.cohort,
        },
    );
    let text = match format {
        MinutesFormat::Md => minutes::markdown(&meeting),
        MinutesFormat::Html => minutes::html(&meeting),
        MinutesFormat::Csv => minutes::csv(&meeting)?,
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
