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

pub fn check(store: &Store) -> Result<ExitCode> {
    let mut failed = false;
    let mut report = |name: &str, problems: Vec<String>| {
        if problems.is_empty() {
            println!("{name}: ok");
        } else {
            failed = true;
            println!("{name}: FAILED");
            for p in problems.iter().take(20) {
                println!("  {p}");
            }
        }
    };
    report(
        "integrity (SQLite's own check of the file)",
        store.integrity_problems()?,
    );
    report("references between records", store.foreign_key_problems()?);
    let version = store.file_schema_version()?;
    let expected = Store::schema_version();
    report(
        "schema",
        if version == expected {
            Vec::new()
        } else {
            vec![format!(
                "the file is at schema {version}; this program expects {expected}"
            )]
        },
    );
    match store.verify_audit()? {
        Ok(count) => {
            report("audit trail", Vec::new());
            println!("  {count} entries, each chained to the one before");
        }
        Err(broken) => report(
            "audit trail",
            vec![format!(
                "{broken}. The trail has been tampered with outside permanence; keep this database as evidence and restore from a backup."
            )],
        ),
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
