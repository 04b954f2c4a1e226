//! `permanence done REF KEY --not-needed --reason TEXT` and `undo` of
//! such a mark: the command line's way to say an item will not be done,
//! and to take that back, through the same use case as the screen's `n`
//! (`service::not_needed`). Each prints what it does and the dates that
//! move (by the rules, none) before saving; `--dry-run` stops there.

use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, uk};
use crate::domain::plan::PlanId;
use crate::domain::timeline::TimelineItem;
use crate::service::corrections;
use crate::service::library::Library;
use crate::service::not_needed::{self, NotNeededError, Pick};
use crate::service::timelines::timeline_of;
use crate::store::Store;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::process::ExitCode;

/// Dates on the command line are shown as the seeds write them.
const DATES: DateStyle = DateStyle::DayMonthYear;

fn refused(reference: &str) -> impl Fn(NotNeededError) -> anyhow::Error + '_ {
    move |error| match &error {
        NotNeededError::Item(corrections::CorrectionError::NoSuchItem { near, .. }) if near.is_empty() => {
            anyhow!("{reference}: {error}; `permanence timeline {reference}` lists the keys")
        }
        _ => anyhow!("{reference}: {error}"),
    }
}

/// `permanence done REF KEY --not-needed --reason TEXT [--dry-run]`.
pub fn mark(
    store: &mut Store,
    library: &Library,
    (reference, id): (&str, ChildId),
    key: &str,
    reason: &str,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let timeline = timeline_of(store, library, id, today)?;
    let (plan, item) = corrections::find_item(&timeline, key)
        .map_err(NotNeededError::from)
        .map_err(refused(reference))?;
    let pick = Pick::of(plan, item);
    let facts = store.timeline_facts(id)?;
    let preview = not_needed::preview(library, &facts, std::slice::from_ref(&pick), reason, today, DATES)
        .map_err(refused(reference))?;
    let lines = preview.before_saving();
    if dry_run {
        println!("{reference}: {}", lines.join("\n"));
        println!("Dry run: nothing was written.");
        return Ok(ExitCode::SUCCESS);
    }
    not_needed::save(store, library, id, &[pick], reason, today).map_err(refused(reference))?;
    super::store_timelines(store, today);
    println!(
        "{reference}: {key} marked not needed on {}: {}",
        uk(today),
        crate::domain::sanitise::clean_line(reason.trim())
    );
    println!("{}", lines[1..].join("\n"));
    Ok(ExitCode::SUCCESS)
}

/// `permanence undo REF KEY --reason TEXT` on an item marked not needed.
pub fn undo(
    store: &mut Store,
    library: &Library,
    (reference, id): (&str, ChildId),
    (plan, item): (PlanId, &TimelineItem),
    reason: Option<&str>,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let key = &item.key;
    let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
        bail!(
            "{reference}: {key} is marked not needed; taking that back needs --reason TEXT (kept in the audit trail). Nothing was changed."
        );
    };
    if dry_run {
        println!(
            "{reference}: This takes back the not-needed mark on {key}: it is open again, and counts as overdue if it is late."
        );
        println!("No dates move.");
        println!("Dry run: nothing was written.");
        return Ok(ExitCode::SUCCESS);
    }
    not_needed::undo(store, library, id, &Pick::of(plan, item), reason, today).map_err(refused(reference))?;
    super::store_timelines(store, today);
    println!("{reference}: {key} is no longer marked not needed; it is open again");
    Ok(ExitCode::SUCCESS)
}
