//! `permanence pathways list|show|check`: what the program has loaded,
//! and whether a local authority's own file is right.

use crate::domain::pathway::{Kind, Timing, role_label};
use crate::library::{Library, check_pathway};
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn list(library: &Library) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for loaded in &library.pathways {
        let p = &loaded.pathway;
        writeln!(
            out,
            "{:<22} {:>3} items  {}  [{}]",
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
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({})", p.title, p.name)?;
    writeln!(out, "Source: {}", p.source)?;
    writeln!(out, "Week 1 begins on: {}", p.counted_from.label())?;
    for item in &p.items {
        let when = match &item.timing {
            Timing::Week { .. } => {
                let from = match item.timing.anchor() {
                    crate::domain::pathway::Anchor::Event(e) if *e == p.counted_from => String::new(),
                    other => format!(" of {other}"),
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
        };
        let mut extras = Vec::new();
        if item.kind == Kind::Deadline {
            extras.push("deadline".to_string());
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
        let extras = if extras.is_empty() {
            String::new()
        } else {
            format!(" [{}]", extras.join("; "))
        };
        writeln!(out, "{when:<24} {:<30} {}{extras}", item.key, item.title)?;
        for (role, what) in &item.roles {
            writeln!(out, "{:<24} {:<30}   {}: {what}", "", "", role_label(role))?;
        }
    }
    Ok(ExitCode::SUCCESS)
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
            let mut err = std::io::stderr().lock();
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
