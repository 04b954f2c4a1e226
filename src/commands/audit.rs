//! `permanence audit` and `permanence check`: reading the trail, anchoring
//! its head, and proving the database sound.

use crate::store::{Anchor, ForCheck, Store};
use anyhow::{Result, bail};
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

/// The head of the trail, to keep elsewhere; refused for a trail that
/// fails its check, which an anchor would vouch for.
pub fn anchor(store: &Store, as_json: bool) -> Result<ExitCode> {
    match store.anchor()? {
        Ok(anchor) if as_json => {
            let mut out = std::io::BufWriter::new(crate::commands::output::stdout());
            crate::commands::output::json(&mut out, &anchor.json())?;
            out.flush()?;
        }
        Ok(anchor) => println!("{}", anchor.line()),
        Err(problems) => {
            let shown = problems.iter().take(20).cloned().collect::<Vec<_>>().join("; ");
            let more = problems.len().saturating_sub(20);
            let more = if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            };
            bail!(
                "no anchor was made: the audit trail fails its check ({shown}{more}); run `permanence check`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The anchor kept in `path`, or what is wrong with the file.
pub fn read_anchor(path: &std::path::Path) -> Result<Anchor> {
    use std::io::Read;
    // An anchor is one line; a large file is not one and is not read whole.
    const LIMIT: u64 = 64 * 1024;
    let mut text = String::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(LIMIT + 1).read_to_string(&mut text));
    if let Err(e) = read {
        bail!("cannot read the anchor file {}: {e}", path.display());
    }
    if text.len() as u64 > LIMIT {
        bail!(
            "the anchor file {} is not an anchor: it is over {} KB, and an anchor is one line",
            path.display(),
            LIMIT / 1024
        );
    }
    Anchor::parse(&text).map_err(|why| {
        anyhow::anyhow!(
            "the anchor file {} is not an anchor: {}",
            path.display(),
            crate::domain::sanitise::clean_line(&why)
        )
    })
}

/// Every check of the file, each part's problems listed (at most 20 a
/// part, with how many more): one problem never hides another.
pub fn check(opened: &ForCheck, anchor: Option<&Anchor>) -> Result<ExitCode> {
    let store = &opened.store;
    if let Some(version) = opened.upgraded_from {
        println!(
            "checked as upgraded to schema {} (the file is at schema {version}); the file itself was not changed",
            Store::schema_version()
        );
    }
    let mut failed = false;
    for section in store.check_everything_with(anchor) {
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
    permissions_note(store);
    if failed {
        println!("The database has problems: do not use it until they are resolved.");
        Ok(ExitCode::FAILURE)
    } else {
        println!("The database is sound.");
        Ok(ExitCode::SUCCESS)
    }
}

/// Says so where the stored permission rules predate sign-off steps (no
/// `[[step]]`, as a database upgraded from before they were data has):
/// the SGO support plan's steps then fall to anyone who may sign off QA,
/// and no QA need be another's. Nothing is rewritten: the rules are the
/// authority's, and only their administrator applies new ones. Not a
/// failure, since the file is sound; rules that cannot be read are the
/// users-and-rules check's to report.
fn permissions_note(store: &Store) {
    let Ok(policy) = crate::service::access::policy(store) else {
        return;
    };
    if policy.predates_steps() {
        println!(
            "permissions: note: the stored permissions predate sign-off steps: run \
             `permanence permissions import data/permissions.toml` (or your own file) to apply them"
        );
        println!(
            "  until then each step of an SGO support plan is recorded by anyone who may sign off QA, \
             the two QAs need not be two people's, and a financial request's steps keep the built-in people"
        );
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
