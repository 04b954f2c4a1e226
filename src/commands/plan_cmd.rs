//! One child's plans from the command line: `permanence plan start`,
//! `primary`, `close` and `gateway`, through the same use case as the Timeline tab's
//! keys (`service::plans`). Each prints the dates that move; `--dry-run`
//! stops there.

use super::context::{Ctx, Session};
use crate::cli::PlanCommand;
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, parse_day};
use crate::domain::permissions::Action as Permission;
use crate::domain::plan::{PlanEnding, PlanRole, Stage};
use crate::service::library::Library;
use crate::service::plans::{self, OldPrimary, PlanChange};
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::process::ExitCode;

/// Dates on the command line are shown as the seeds write them.
const DATES: DateStyle = DateStyle::DayMonthYear;

fn child(store: &Store, reference: &str) -> Result<ChildId> {
    store
        .child_id(reference)?
        .ok_or_else(|| anyhow!("no child has the reference {reference}"))
}

fn day(text: Option<&str>, today: NaiveDate, what: &str) -> Result<Option<NaiveDate>> {
    text.map(|t| parse_day(t, today).map_err(|e| anyhow!("{what}: {e}")))
        .transpose()
}

fn coded<T>(text: &str, what: &str, parse: fn(&str) -> Option<T>, codes: &[&str]) -> Result<T> {
    parse(text).ok_or_else(|| anyhow!("{what}: {text:?} is not one of {}", codes.join(", ")))
}

/// The change the command asks for, read from its words.
fn change(command: &PlanCommand, today: NaiveDate) -> Result<(&str, PlanChange, bool)> {
    Ok(match command {
        PlanCommand::Start {
            reference,
            pathway,
            role,
            start,
            stage,
            dry_run,
        } => {
            let role = coded(
                role,
                "--role",
                PlanRole::parse,
                &PlanRole::ALL.map(PlanRole::code),
            )?;
            let stage = match stage {
                Some(s) => Some(coded(s, "--stage", Stage::parse, &Stage::ALL.map(Stage::code))?),
                None => None,
            };
            let change = PlanChange::Start {
                pathway: pathway.clone(),
                role,
                start: day(start.as_deref(), today, "--start")?,
                stage,
            };
            (reference, change, *dry_run)
        }
        PlanCommand::Primary {
            reference,
            plan,
            close_old,
            on,
            dry_run,
        } => {
            let on = day(on.as_deref(), today, "--on")?;
            let old = match (close_old, on) {
                (true, on) => OldPrimary::Close {
                    on: on.unwrap_or(today),
                },
                (false, None) => OldPrimary::Contingency,
                (false, Some(_)) => {
                    return Err(anyhow!(
                        "--on is the day the old primary closes: give --close-old with it"
                    ));
                }
            };
            let change = PlanChange::MakePrimary {
                pathway: plan.clone(),
                old,
            };
            (reference, change, *dry_run)
        }
        PlanCommand::Close {
            reference,
            plan,
            outcome,
            on,
            close_contingencies,
            dry_run,
        } => {
            let ending = coded(
                outcome,
                "--outcome",
                PlanEnding::parse,
                &PlanEnding::ALL.map(PlanEnding::code),
            )?;
            let change = PlanChange::Close {
                pathway: plan.clone(),
                ending,
                on: day(on.as_deref(), today, "--on")?.unwrap_or(today),
                contingencies: *close_contingencies,
            };
            (reference, change, *dry_run)
        }
        PlanCommand::Gateway {
            reference,
            plan,
            on,
            dry_run,
        } => {
            let change = PlanChange::Gateway {
                pathway: plan.clone(),
                on: parse_day(on, today).map_err(|e| anyhow!("--on: {e}"))?,
            };
            (reference, change, *dry_run)
        }
    })
}

fn print_lines(heading: &str, lines: &[String]) {
    if lines.is_empty() {
        println!("No date would move.");
        return;
    }
    println!("{heading}");
    for line in lines {
        println!("  {line}");
    }
}

/// Checks, prints what it would do, and (unless a dry run) saves.
pub fn run(
    store: &mut Store,
    library: &Library,
    reference: &str,
    change: &PlanChange,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ExitCode> {
    let id = child(store, reference)?;
    let refused = |e: plans::PlanError| anyhow!("{reference}: {e}");
    let facts = store.timeline_facts(id)?;
    let preview = match plans::preview(library, &facts, change, today, DATES) {
        // What was asked for already holds: said, and not a failure.
        Err(e @ plans::PlanError::GatewayUnchanged { .. }) => {
            println!("{reference}: {e}");
            return Ok(ExitCode::SUCCESS);
        }
        other => other.map_err(refused)?,
    };
    if dry_run {
        println!("{reference}: {}", preview.says);
        print_lines("Dates that would move:", &preview.lines);
        println!("Dry run: nothing was written.");
        return Ok(ExitCode::SUCCESS);
    }
    let saved = plans::save(store, library, id, change, today, DATES).map_err(refused)?;
    super::store_timelines(store, today);
    let done = saved.says.clone();
    println!("{reference}: saved. {done}");
    if !saved.lines.is_empty() {
        print_lines("Dates that moved:", &saved.lines);
    }
    Ok(ExitCode::SUCCESS)
}

/// `permanence plan …`: opens the child's record with the permission a
/// change to their timeline needs.
pub fn command(ctx: &Ctx, command: PlanCommand) -> Result<ExitCode> {
    let (reference, mut change, dry_run) = change(&command, ctx.today)?;
    let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(reference))?;
    if let (
        PlanCommand::Close { on: None, .. },
        PlanChange::Close {
            pathway, ending, on, ..
        },
    ) = (&command, &mut change)
        && *ending == PlanEnding::OrderMade
    {
        *on = order_date(&store, reference, pathway)?.unwrap_or(*on);
    }
    run(&mut store, &library, reference, &change, dry_run, ctx.today)
}

/// The day the order recorded since the plan on `pathway` started was
/// made, which a plan closing with an order made closes on by default.
fn order_date(store: &Store, reference: &str, pathway: &str) -> Result<Option<NaiveDate>> {
    let facts = store.timeline_facts(child(store, reference)?)?;
    Ok(facts
        .plans
        .iter()
        .find(|p| p.pathway == pathway && p.status == crate::domain::plan::PlanStatus::Active)
        .and_then(|plan| plans::order_made_on(&facts, plan.start)))
}
