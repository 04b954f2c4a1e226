//! `permanence config path|show|check`: helping people find their
//! configuration file, see what it sets, and fix it.

use crate::cli::ConfigCommand;
use crate::config::{FILE, Settings};
use crate::service::library::{Library, own_themes};
use crate::ui::keymap::Context;
use crate::ui::theme::{self, Depth};
use anyhow::Result;
use chrono::Datelike;
use std::io::Write;
use std::process::ExitCode;

pub fn run(command: ConfigCommand, theme_flag: Option<&str>, today: chrono::NaiveDate) -> Result<ExitCode> {
    let dir = Library::config_dir();
    let settings = Settings::load(dir.as_deref());
    match command {
        ConfigCommand::Path => {
            let Some(dir) = dir else {
                println!("no configuration folder: there is no home directory; set PERMANENCE_CONFIG_DIR");
                return Ok(ExitCode::FAILURE);
            };
            let file = dir.join(FILE);
            let there = if file.exists() { "" } else { " (not there yet)" };
            println!("{}{there}", file.display());
            for (folder, holds) in [
                ("themes", "your own themes"),
                ("pathways", "your own pathways"),
                ("holidays", "bank-holiday changes"),
                ("forms", "your own forms"),
                ("guidance", "your own best-option guidance"),
            ] {
                println!("{}/  {holds}", dir.join(folder).display());
            }
            Ok(ExitCode::SUCCESS)
        }
        // `config show | head` stopping early is no error (main says so).
        ConfigCommand::Show => {
            show(&settings, dir.as_deref(), theme_flag, today)?;
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Check => {
            let mut lines = settings.problems.lines();
            let (own, unreadable) = own_themes();
            lines.extend(unreadable.iter().map(ToString::to_string));
            // Each theme file's own problems, with its whole path; then
            // whether the theme asked for is there among those that read.
            let mut readable = Vec::new();
            for (file, text) in own {
                match crate::ui::theme_file::parse(&file, &text) {
                    Ok(_) => readable.push((file, text)),
                    Err(errors) => lines.extend(errors.iter().map(ToString::to_string)),
                }
            }
            let wanted = theme_flag.or(settings.config.theme.as_deref());
            if wanted.is_some()
                && let Some(warning) = theme::choose(wanted, &readable, Depth::TrueColour).warning
            {
                lines.push(warning);
            }
            let name = settings
                .path
                .as_ref()
                .map_or_else(|| FILE.to_string(), |p| p.display().to_string());
            if lines.is_empty() {
                let what = if settings.exists {
                    "is right"
                } else {
                    "is not there: the defaults apply"
                };
                println!("{name} {what}");
                return Ok(ExitCode::SUCCESS);
            }
            for line in &lines {
                println!("{line}");
            }
            let consequence = if settings.problems.holidays.is_some() {
                "the program will not start until bank_holidays names a region"
            } else {
                "the program still starts: what is wrong is left out"
            };
            println!(
                "{} problem{} ({consequence})",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `config show`, written to standard output.
fn show(
    settings: &Settings,
    dir: Option<&std::path::Path>,
    theme_flag: Option<&str>,
    today: chrono::NaiveDate,
) -> std::io::Result<()> {
    let mut out = crate::commands::output::stdout();
    for line in settings.problems.lines() {
        writeln!(out, "problem: {line}")?;
    }
    let (own, _) = own_themes();
    let wanted = theme_flag.or(settings.config.theme.as_deref());
    let depth = Depth::detect(|name| std::env::var(name).ok());
    let chosen = theme::choose(wanted, &own, depth);
    writeln!(
        out,
        "theme: {} (at {}; themes: {})",
        chosen.theme.name,
        depth.name(),
        theme::names(&own).join(", ")
    )?;
    if let Some(warning) = chosen.warning {
        writeln!(out, "problem: {warning}")?;
    }
    let view = settings.config.view.unwrap_or_default();
    writeln!(out, "view on opening: {}", view.label())?;
    let mouse = if settings.config.mouse.unwrap_or(true) {
        "on"
    } else {
        "off"
    };
    writeln!(out, "mouse: {mouse}")?;
    let dates = settings.config.date_format.unwrap_or_default();
    let example = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).map(|d| dates.show(d));
    writeln!(
        out,
        "dates shown as: {} (such as {})",
        dates.code(),
        example.unwrap_or_default()
    )?;
    let region = settings.config.bank_holidays.unwrap_or_default();
    writeln!(out, "bank holidays: {} ({})", region.label(), region.code())?;
    // The next few, so that anyone can see the region is the right one.
    if let Ok(library) = Library::load_for(dir, region) {
        let calendar = &library.calendar;
        let coming: Vec<String> = [today.year(), today.year() + 1]
            .into_iter()
            .flat_map(|year| calendar.bank_holidays(year))
            .filter(|(day, _)| *day >= today)
            .take(4)
            .map(|(day, name)| format!("{} {name}", dates.show(day)))
            .collect();
        writeln!(out, "  next: {}", coming.join(", "))?;
    }
    match &settings.config.export_folder {
        Some(folder) => writeln!(
            out,
            "export folder: {} (s in the app's viewer saves there)",
            folder.display()
        )?,
        None => writeln!(
            out,
            "export folder: none (s in the app's viewer cannot save; set export_folder)"
        )?,
    }
    for context in Context::ALL {
        writeln!(out, "\n[keys.{}]  {}", context.name(), context.title())?;
        for (keys, action) in settings.keymap.help(context) {
            writeln!(
                out,
                "  {:<22} {:<18} {}",
                action.name(),
                keys.join(" "),
                action.description()
            )?;
        }
    }
    out.flush()
}
