//! Plans and timelines from the command line: importing plans, recording
//! events, marking items done, and printing a child's timeline.

use crate::domain::date::{iso, parse_day, uk};
use crate::domain::event::Event;
use crate::domain::plan::PlanRole;
use crate::domain::plan_import::{validate_header, validate_rows};
use crate::domain::timeline::Timeline;
use crate::interchange::csv_in;
use crate::library::Library;
use crate::store::{Outcome, PlanOutcome, Store, StoreError};
use crate::timelines::timeline_of;
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn child(store: &Store, reference: &str) -> Result<crate::domain::child::ChildId> {
    store
        .child_id(reference)?
        .ok_or_else(|| anyhow!("no child has the reference {reference}"))
}

fn day(text: &str, today: NaiveDate, what: &str) -> Result<NaiveDate> {
    parse_day(text, today).map_err(|e| anyhow!("{what}: {e}"))
}

pub fn import(
    store: &mut Store,
    library: &Library,
    file: &Path,
    dry_run: bool,
    map: &[crate::domain::column_map::Mapping],
    today: NaiveDate,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let names = library.names();
    let mut validated = csv_in::read_csv(&bytes).and_then(|mut table| {
        crate::domain::column_map::apply(map, &mut table.header, &mut table.rows)?;
        let positions = validate_header(&table.header)?;
        validate_rows(positions, &table.rows, &names, today)
    });
    // References are checked against the database, in the same report.
    if let Ok(rows) = &validated {
        let missing: Vec<_> = rows
            .iter()
            .filter_map(|row| match store.child_id(&row.reference) {
                Ok(Some(_)) => None,
                Ok(None) => Some(crate::domain::import::ImportProblem {
                    line: row.line,
                    column: Some("ref".into()),
                    message: format!("no child has the reference {}", row.reference),
                }),
                Err(e) => Some(crate::domain::import::ImportProblem::whole_line(
                    row.line,
                    e.to_string(),
                )),
            })
            .collect();
        if !missing.is_empty() {
            validated = Err(missing);
        }
    }
    // Appendix 10: no supervision order for a child aged 17 or over.
    if let Ok(rows) = &validated {
        let refused = super::pathways::supervision_refusals(store, library, rows)?;
        if !refused.is_empty() {
            validated = Err(refused);
        }
    }
    let rows = match validated {
        Ok(rows) => rows,
        Err(problems) => return super::refuse_import(file, &problems),
    };
    let apply = |w: &mut crate::store::Writer<'_>| -> Result<[usize; 4], StoreError> {
        let mut counts = [0usize; 4];
        for row in &rows {
            let child = w
                .child_id(&row.reference)?
                .ok_or_else(|| StoreError::NoSuchChild(row.reference.clone()))?;
            match w.put_plan(child, row)?.0 {
                PlanOutcome::Put(Outcome::Created) => counts[0] += 1,
                PlanOutcome::Put(Outcome::Updated) => counts[1] += 1,
                PlanOutcome::Put(Outcome::Unchanged) => counts[2] += 1,
                PlanOutcome::ReplacedPrimary => counts[3] += 1,
            }
        }
        w.audit(crate::store::Change {
            action: "import",
            entity: "plans",
            reference: None,
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({
                "rows": rows.len(),
                "created": counts[0],
                "updated": counts[1],
                "unchanged": counts[2],
                "replaced_primary": counts[3],
            })),
        })?;
        Ok(counts)
    };
    let counts = if dry_run {
        store.rehearse(apply)
    } else {
        store.write(apply)
    }
    .context("the import failed and nothing was written")?;
    super::store_timelines(store, today);
    let verb = if dry_run { "would be" } else { "were" };
    println!(
        "{} plans read from {}: {} {verb} created, {} {verb} updated, {} unchanged, {} {verb} made primary in place of another{}",
        rows.len(),
        file.display(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        if dry_run {
            " (dry run: nothing was written)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

pub fn record(
    store: &mut Store,
    reference: &str,
    event: &str,
    on: &str,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let event = Event::parse(event).ok_or_else(|| {
        anyhow!(
            "{event:?} is not an event (events: {})",
            Event::ALL.map(Event::code).join(", ")
        )
    })?;
    let on = day(on, today, "--on")?;
    if on > today {
        bail!(
            "--on: {} is in the future; record events once they have happened",
            uk(on)
        );
    }
    let outcome = store.write(|w| w.record_event(id, event, on))?;
    match outcome {
        Outcome::Unchanged => println!("{reference}: {} on {} was already recorded", event.code(), uk(on)),
        _ => println!("{reference}: recorded {} on {}", event.code(), uk(on)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan holding `key` in the child's timeline, primary plan first.
fn find_item(timeline: &Timeline, key: &str) -> Result<crate::domain::plan::PlanId> {
    let mut plans: Vec<_> = timeline.plans.iter().collect();
    plans.sort_by_key(|p| p.plan.role != PlanRole::Primary);
    if let Some(plan) = plans.iter().find(|p| p.items.iter().any(|i| i.key == key)) {
        return Ok(plan.plan.id);
    }
    if timeline.plans.is_empty() {
        bail!("this child has no active plan; import one with `permanence import plans`");
    }
    let words: Vec<&str> = key.split('-').filter(|w| w.len() > 2).collect();
    let mut near: Vec<&str> = timeline
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.key.as_str())
        .filter(|k| words.iter().any(|w| k.contains(w)))
        .collect();
    near.dedup();
    near.truncate(6);
    if near.is_empty() {
        bail!("no item {key:?} in this child's plans; `permanence timeline REF` lists the keys");
    }
    bail!(
        "no item {key:?} in this child's plans; did you mean {}?",
        near.join(", ")
    )
}

pub fn done(
    store: &mut Store,
    library: &Library,
    reference: &str,
    key: &str,
    on: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let on = day(on, today, "--on")?;
    if on > today {
        bail!("--on: {} is in the future", uk(on));
    }
    let timeline = timeline_of(store, library, id, today)?;
    let plan = find_item(&timeline, key)?;
    store.write(|w| w.mark_done(plan, key, on, note))?;
    println!("{reference}: {key} done on {}", uk(on));
    Ok(ExitCode::SUCCESS)
}

pub fn undo(
    store: &mut Store,
    library: &Library,
    reference: &str,
    key: &str,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let timeline = timeline_of(store, library, id, today)?;
    let plan = find_item(&timeline, key)?;
    if store.write(|w| w.undo_done(plan, key))? {
        println!("{reference}: {key} is no longer marked done");
        Ok(ExitCode::SUCCESS)
    } else {
        bail!("{key} is not marked done (an item done because its event was recorded stays done)")
    }
}

pub fn show(
    store: &Store,
    library: &Library,
    reference: &str,
    json: bool,
    as_of: Option<&str>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let as_of = match as_of {
        Some(text) => day(text, today, "--as-of")?,
        None => today,
    };
    let timeline = timeline_of(store, library, id, as_of)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &timeline_json(reference, &timeline))?;
        writeln!(out)?;
    } else {
        write_text(&mut out, reference, &timeline)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON contract of `permanence timeline REF --json`.
pub fn timeline_json(reference: &str, timeline: &Timeline) -> serde_json::Value {
    let date = |d: Option<NaiveDate>| d.map(iso);
    json!({
        "ref": reference,
        "as_of": iso(timeline.as_of),
        "plans": timeline.plans.iter().map(|p| json!({
            "pathway": p.plan.pathway,
            "role": p.plan.role.code(),
            "start": iso(p.plan.start),
            "stage": p.plan.stage.code(),
            "items": p.items.iter().map(|i| json!({
                "key": i.key,
                "title": i.title,
                "week": i.week,
                "responsible": i.responsible,
                "target": date(i.target),
                "deadline": date(i.deadline),
                "status": i.status.code(),
                "done_on": date(i.done_on),
                "rule": i.rule,
                "note": i.note,
                "counted_from": i.counted_from.map(|(event, on)| json!({"event": event.code(), "on": iso(on)})),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn write_text(out: &mut impl Write, reference: &str, timeline: &Timeline) -> std::io::Result<()> {
    writeln!(out, "{reference}: timeline as of {}", uk(timeline.as_of))?;
    if timeline.plans.is_empty() {
        writeln!(
            out,
            "no active plan; import one with `permanence import plans FILE.csv`"
        )?;
    }
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_string(), uk);
    for plan in &timeline.plans {
        writeln!(out)?;
        writeln!(
            out,
            "{} plan: {} ({}), started {}, {}",
            if plan.plan.role == PlanRole::Primary {
                "Primary"
            } else {
                "Contingency"
            },
            plan.title.as_deref().unwrap_or("pathway not loaded"),
            plan.plan.pathway,
            uk(plan.plan.start),
            plan.plan.stage.label().to_lowercase()
        )?;
        writeln!(
            out,
            "{:<15} {:<5} {:<10} {:<10} {:<28} title",
            "status", "week", "target", "deadline", "key"
        )?;
        for item in &plan.items {
            let status = match item.done_on {
                Some(on) => format!("done {}", uk(on)),
                None => item.status.code().to_string(),
            };
            writeln!(
                out,
                "{:<15} {:<5} {:<10} {:<10} {:<28} {}",
                status,
                item.week.as_deref().unwrap_or(""),
                day(item.target),
                day(item.deadline),
                item.key,
                crate::domain::sanitise::clean_line(&item.title)
            )?;
        }
    }
    Ok(())
}
