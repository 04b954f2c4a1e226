//! `permanence pathways list|show|check`: what the program has loaded,
//! and whether a local authority's own file is right; and the checks a
//! pathway's own rules make on what is recorded or imported for a child
//! (Appendix 10's age rule for a supervision order).

use crate::domain::import::ImportProblem;
use crate::domain::pathway::{Kind, Timing, role_label};
use crate::domain::plan_import::PlanRow;
use crate::domain::supervision;
use crate::service::library::{Library, check_pathway};
use crate::store::Store;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn list(library: &Library) -> Result<ExitCode> {
    let mut out = crate::commands::output::stdout();
    for loaded in &library.pathways {
        let p = &loaded.pathway;
        let part = p
            .breakdown_of
            .as_ref()
            .map(|whole| format!(" (each {whole} item by role; not a plan)"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<22} {:>3} items  {}{part}  [{}]",
            p.name,
            p.items.len(),
            p.title,
            loaded.origin
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(library: &Library, name: &str) -> Result<ExitCode> {
    let Some(p) = library.pathway(name) else {
        bail!(
            "no pathway {name:?} is loaded (loaded: {})",
            library.names().join(", ")
        );
    };
    let mut out = crate::commands::output::stdout();
    writeln!(out, "{} ({})", p.title, p.name)?;
    writeln!(out, "Source: {}", p.source)?;
    writeln!(
        out,
        "Week 1 begins on: {} (the plan's start)",
        p.counted_from.label()
    )?;
    if let Some(whole) = &p.breakdown_of {
        writeln!(
            out,
            "Each item's part by role for the {whole} pathway; not a plan a child is put on"
        )?;
    }
    if !p.cadence.ppms {
        writeln!(
            out,
            "No Permanence Planning Meetings: this pathway lists its own meetings"
        )?;
    }
    for item in &p.items {
        let when = match &item.timing {
            Timing::Week { .. } => {
                let from = match item.timing.anchor() {
                    Some(crate::domain::pathway::Anchor::Event(e)) if *e == p.counted_from => String::new(),
                    Some(other) => format!(" of {other}"),
                    None => String::new(),
                };
                format!("week {}{from}", item.timing.week_label().unwrap_or_default())
            }
            Timing::Within { span, of, before } => {
                if *before {
                    format!("{span} before {of}")
                } else {
                    format!("within {span} of {of}")
                }
            }
            Timing::Untimed => "no timescale".to_string(),
        };
        let mut extras = Vec::new();
        if item.kind == Kind::Deadline {
            // Who sets it, as every other screen calls it: only the law's
            // is a statutory deadline.
            extras.push(crate::domain::set_by::deadline_words(item.deadline_by).to_string());
        }
        if let Some(c) = item.condition {
            extras.push(c.label().to_string());
        }
        if let Some(r) = &item.responsible {
            extras.push(r.clone());
        }
        if let Some(every) = item.repeat {
            extras.push(format!("repeats every {every}"));
        }
        if let Some(event) = item.event {
            extras.push(format!("is the {} {}", ordinal(item.occurrence), event.code()));
        }
        if let Some(tie) = item.counts_from {
            extras.push(format!(
                "once {} is recorded: {} {} it",
                tie.event.code(),
                tie.span,
                if tie.before { "before" } else { "after" }
            ));
        }
        let extras = if extras.is_empty() {
            String::new()
        } else {
            format!(" [{}]", extras.join("; "))
        };
        writeln!(out, "{when:<24} {:<30} {}{extras}", item.key, item.title)?;
        if let Some(note) = &item.note {
            writeln!(out, "{:<24} {:<30}   The source says: {note}", "", "")?;
        }
        for (role, what) in &item.roles {
            writeln!(out, "{:<24} {:<30}   {}: {what}", "", "", role_label(role))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".to_string(),
        2 => "2nd".to_string(),
        3 => "3rd".to_string(),
        n => format!("{n}th"),
    }
}

pub fn check(path: &Path) -> Result<ExitCode> {
    match check_pathway(path) {
        Ok(pathway) => {
            println!(
                "{}: pathway {:?} is valid: {} items, week 1 begins on {}",
                path.display(),
                pathway.name,
                pathway.items.len(),
                pathway.counted_from.label()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            let mut err = crate::commands::output::stderr();
            for problem in &problems {
                writeln!(err, "{problem}")?;
            }
            writeln!(
                err,
                "{} problem{} found",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The child's name and reference, for a message.
fn who(store: &Store, child: crate::domain::child::ChildId, reference: &str) -> String {
    match store.child_detail(child) {
        Ok(Some(detail)) => format!(
            "{} {} ({reference})",
            detail.fields.given_name, detail.fields.family_name
        ),
        _ => reference.to_string(),
    }
}

/// Appendix 10's age rule for each imported plan on a supervision-order
/// pathway, judged on the plan's start (the order): one problem per
/// child too old, naming them and the rule.
pub fn supervision_refusals(
    store: &Store,
    library: &Library,
    rows: &[PlanRow],
) -> Result<Vec<ImportProblem>> {
    let mut problems = Vec::new();
    for row in rows {
        if !library.pathway(&row.pathway).is_some_and(|w| w.supervision_order) {
            continue;
        }
        let Some(child) = store.child_id(&row.reference)? else {
            continue;
        };
        let born = store.timeline_facts(child)?.child.date_of_birth;
        if let Some(why) = supervision::order_refused(born, row.start) {
            problems.push(ImportProblem {
                line: row.line,
                column: Some("pathway".into()),
                message: format!(
                    "{} cannot be put on the {} pathway: {why}",
                    who(store, child, &row.reference),
                    row.pathway
                ),
            });
        }
    }
    Ok(problems)
}
