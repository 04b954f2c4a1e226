//! A child's timeline as text and as JSON: what `permanence timeline REF`
//! prints (text, or `--json` for other tools), and what the app's viewer
//! shows and saves from the Timeline tab. Kept here, with the other files
//! out, so that the command line and the screen give the same text.

use crate::domain::date::{iso, uk};
use crate::domain::plan::PlanRole;
use crate::domain::timeline::{Timeline, TimelineItem};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

/// The JSON contract of `permanence timeline REF --json`.
pub fn json(reference: &str, timeline: &Timeline) -> serde_json::Value {
    let date = |d: Option<NaiveDate>| d.map(iso);
    json!({
        "ref": reference,
        "as_of": iso(timeline.as_of),
        "plans": timeline.plans.iter().map(|p| json!({
            "pathway": p.plan.pathway,
            "role": p.plan.role.code(),
            "start": iso(p.plan.start),
            "start_from": p.plan.basis.start.code(),
            "record_from": p.plan.basis.record_from.map(iso),
            "status": p.plan.status.code(),
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
/// where the item is marked not needed, `deadline_set_by` (`law` or
/// `policy`) where it has a deadline, dated or not yet (the rest of the contract is as it
/// was, so a tool that reads it is not broken).
fn item_json(item: &TimelineItem, mut row: serde_json::Value) -> serde_json::Value {
    if let (Some(mark), Some(map)) = (&item.not_needed, row.as_object_mut()) {
        map.insert("not_needed_reason".into(), json!(mark.reason));
    }
    if let (Some(by), Some(map)) = (item.deadline_by, row.as_object_mut()) {
        map.insert("deadline_set_by".into(), json!(by.code()));
    }
    row
}

/// The timeline as `permanence timeline REF` prints it: a heading, then
/// each active plan with its items in columns.
pub fn text(reference: &str, timeline: &Timeline) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out, reference, timeline);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`text`], written to `out`.
pub fn write(out: &mut impl Write, reference: &str, timeline: &Timeline) -> std::io::Result<()> {
    writeln!(out, "{reference}: timeline as of {}", uk(timeline.as_of))?;
    if timeline.plans.is_empty() {
        writeln!(
            out,
            "no active plan, so no case review, visit or PPM is followed; start one with `permanence plan start {reference} --pathway P --role primary`",
        )?;
    }
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_string(), uk);
    for plan in &timeline.plans {
        writeln!(out)?;
        writeln!(
            out,
            "{} plan: {} ({}), started {}{}, {}",
            if plan.plan.role == PlanRole::Primary {
                "Primary"
            } else {
                "Contingency"
            },
            plan.title.as_deref().unwrap_or("pathway not loaded"),
            plan.plan.pathway,
            uk(plan.plan.start),
            plan.plan
                .basis
                .words(false, uk)
                .map_or_else(String::new, |w| format!(" ({w})")),
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
