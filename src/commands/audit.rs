//! `permanence audit` and `permanence check`: reading the trail, and
//! proving the database sound.

use crate::store::Store;
use anyhow::Result;
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;

pub fn show(store: &Store, reference: Option<&str>, as_json: bool) -> Result<ExitCode> {
    if let Some(r) = reference
        && store.child_id(r)?.is_none()
        && store.audit_entries(Some(r))?.is_empty()
    {
        anyhow::bail!("no child has the reference {r}");
    }
    let entries = store.audit_entries(reference)?;
    let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
    let parse = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
    };
    if as_json {
        let list: Vec<Value> = entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "at": e.at,
                    "user": e.user,
                    "os_user": e.os_user,
                    "action": e.action,
                    "entity": e.entity,
                    "ref": e.reference,
                    "entity_id": e.entity_id,
                    "before": parse(&e.before),
                    "after": parse(&e.after),
                })
            })
            .collect();
        crate::commands::output::json(&mut out, &list)?;
    } else {
        for e in &entries {
            let who = if e.user == e.os_user {
                e.user.clone()
            } else {
                format!("{} (via {})", e.user, e.os_user)
            };
            writeln!(
                out,
                "{}  {:<20} {:<12} {:<8} {:<10} {}",
                e.at.replace('T', " ").trim_end_matches('Z'),
                who,
                e.action,
                e.entity,
                e.reference.as_deref().unwrap_or(""),
                crate::domain::sanitise::clean_line(e.after.as_deref().or(e.before.as_deref()).unwrap_or(""))
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Every check of the file, each part's problems listed (at most 20 a
/// part, with how many more): one problem never hides another.
pub fn check(store: &Store) -> Result<ExitCode> {
    let mut failed = false;
    for section in store.check_everything() {
        if section.problems.is_empty() {
            println!("{}: ok", section.name);
            if let Some(note) = &section.note {
                println!("  {note}");
            }
        } else {
            failed = true;
            println!("{}: FAILED", section.name);
            for p in section.problems.iter().take(20) {
                println!("  {p}");
            }
            if section.problems.len() > 20 {
                println!("  and {} more", section.problems.len() - 20);
            }
            if let Some(advice) = section.advice {
                println!("  {advice}");
            }
        }
    }
    if failed {
        println!("The database has problems: do not use it until they are resolved.");
        Ok(ExitCode::FAILURE)
    } else {
        println!("The database is sound.");
        Ok(ExitCode::SUCCESS)
    }
}

pub fn retention(store: &Store, as_of: chrono::NaiveDate) -> Result<ExitCode> {
    let children = store.all_children()?;
    let mut past = 0;
    let mut unknown = 0;
    for child in &children {
        match crate::domain::retention::keep_until(child.date_of_birth, None) {
            Some(until) if until <= as_of => {
                past += 1;
                println!(
                    "{}  kept until {}",
                    child.reference,
                    crate::domain::date::uk(until)
                );
            }
            Some(_) => {}
            None => unknown += 1,
        }
    }
    println!(
        "{past} of {} records past their retention date on {}; nothing has been deleted.{}",
        children.len(),
        crate::domain::date::uk(as_of),
        if unknown > 0 {
            format!(" {unknown} without a date of birth cannot be judged.")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}
