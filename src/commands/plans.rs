//! Plans and timelines from the command line: importing plans and
//! printing a child's timeline (events and done marks: `events.rs`).

use crate::domain::date::{iso, parse_day, uk};
use crate::domain::plan::PlanRole;
use crate::domain::plan_import::{validate_header, validate_rows};
use crate::domain::timeline::Timeline;
use crate::interchange::csv_in;
use crate::service::library::Library;
use crate::service::timelines::timeline_of;
use crate::store::{Outcome, PlanOutcome, Store, StoreError, TimelineFacts};
use anyhow::{Context, Result, anyhow};
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

/// Each child a dry run of a plans import touches: who, and what their
/// timeline is worked out from before the rows and after them.
type Rehearsed = Vec<(
    crate::domain::child::ChildId,
    String,
    TimelineFacts,
    Option<TimelineFacts>,
)>;

pub fn import(
    store: &mut Store,
    library: &Library,
    file: &Path,
    dry_run: bool,
    map: &[crate::domain::column_map::Mapping],
    blanks: crate::domain::import::Blanks,
    today: NaiveDate,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let names = library.names();
    // The child's active plan on a pathway, whose values an empty cell keeps.
    let existing = |reference: &str, pathway: &str| {
        let child = store.child_id(reference).ok().flatten()?;
        let plans = store.plans(child).ok()?;
        plans
            .into_iter()
            .find(|p| p.status == crate::domain::plan::PlanStatus::Active && p.pathway == pathway)
    };
    let mut validated = csv_in::read_csv(&bytes).and_then(|mut table| {
        crate::domain::column_map::apply(map, &mut table.header, &mut table.rows)?;
        let positions = validate_header(&table.header)?;
        crate::domain::plan_import::keep_blanks(positions, &mut table.rows, blanks, existing);
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
    let apply = |w: &mut crate::store::Writer<'_>| -> Result<([usize; 4], Rehearsed), StoreError> {
        let mut counts = [0usize; 4];
        let mut rehearsed = Rehearsed::new();
        for row in &rows {
            let child = w
                .child_id(&row.reference)?
                .ok_or_else(|| StoreError::NoSuchChild(row.reference.clone()))?;
            if dry_run && !rehearsed.iter().any(|(id, ..)| *id == child) {
                let name = w
                    .child_by_ref(&row.reference)?
                    .map(|c| c.full_name())
                    .unwrap_or_default();
                let who = format!("{} {}", row.reference, name);
                rehearsed.push((child, who, w.timeline_facts(child)?, None));
            }
            match w.put_plan(child, row)?.0 {
                PlanOutcome::Put(Outcome::Created) => counts[0] += 1,
                PlanOutcome::Put(Outcome::Updated) => counts[1] += 1,
                PlanOutcome::Put(Outcome::Unchanged) => counts[2] += 1,
                PlanOutcome::ReplacedPrimary => counts[3] += 1,
            }
        }
        w.audit(crate::store::Change {
            action: crate::store::AuditAction::Import,
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
        for (child, _, _, after) in &mut rehearsed {
            *after = Some(w.timeline_facts(*child)?);
        }
        Ok((counts, rehearsed))
    };
    let (counts, rehearsed) = if dry_run {
        store.rehearse(apply)
    } else {
        store.write(apply)
    }
    .context("the import failed and nothing was written")?;
    super::store_timelines(store, today);
    super::import::plan_dry_run(library, &rehearsed, today)?;
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
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    if json {
        crate::commands::output::json(&mut out, &timeline_json(reference, &timeline))?;
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
            "items": p.items.iter().map(|i| item_json(i, json!({
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
            }))).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// An item's JSON with the keys only some items have: `not_needed_reason`
/// where the item is marked not needed (the rest of the contract is as it
/// was, so a tool that reads it is not broken).
fn item_json(item: &crate::domain::timeline::TimelineItem, mut row: serde_json::Value) -> serde_json::Value {
    if let (Some(mark), Some(map)) = (&item.not_needed, row.as_object_mut()) {
        map.insert("not_needed_reason".into(), json!(mark.reason));
    }
    row
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
            if let Some(mark) = &item.not_needed {
                writeln!(
                    out,
                    "{:<15} {}",
                    "",
                    crate::domain::sanitise::clean_line(&mark.says())
                )?;
            }
        }
    }
    Ok(())
}
