//! `permanence export ssda903 --year YYYY FOLDER`: the SSDA903 return for
//! a collection year, as the Header, Episodes, Reviews, PlacedAdoption and
//! AD1 CSV tables, written for what the product holds (the service's
//! `ssda903_export` and the domain's rules decide what that is), into a
//! new or empty folder, every file owner-only, and the read on the record.
//! What the product holds but cannot write as the return needs it is
//! listed on stderr, child by child.

use super::context::{Ctx, Session};
use super::reads::{self, Read};
use crate::domain::permissions::Action as Permission;
use crate::domain::sanitise::clean_line;
use crate::domain::ssda903::codes::YEARS;
use crate::interchange::ssda903::{code_lists, write};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(super) fn export(ctx: &Ctx, year: u16, folder: &Path) -> Result<ExitCode> {
    if !(YEARS.0..=YEARS.1).contains(&year) {
        bail!(
            "--year {year}: the code lists cover the collection years {} to {}; nothing was written",
            YEARS.0,
            YEARS.1
        );
    }
    let created = check_folder(folder)?;
    let lists = code_lists().map_err(|errors| {
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the built-in SSDA903 code lists are wrong: {}", said.join("; "))
    })?;
    let Session { mut store, .. } = ctx.session(Permission::Export, None)?;
    let export = crate::service::ssda903_export::export(&store, i32::from(year), &lists)?;
    let files = write::export_tables(&export).context("the tables could not be made")?;
    reads::on_record(
        &mut store,
        Read::Covering {
            action: crate::store::AuditAction::Export,
            what: "export ssda903",
            children: export.children(),
        },
    );
    if let Err(e) = write_all(folder, &files) {
        undo(folder, &files, created);
        bail!("{}: {e}; nothing was written", folder.display());
    }
    let mut err = crate::commands::output::stderr();
    for note in &export.notes {
        writeln!(
            err,
            "{}: {}",
            clean_line(&note.reference),
            clean_line(&note.message)
        )?;
    }
    let mut out = crate::commands::output::stdout();
    let counts: Vec<String> = export
        .tables
        .iter()
        .map(|(table, rows)| format!("{table} {}", rows.len()))
        .collect();
    let mut line = format!(
        "collection year {}-{:02} (01/04/{} to 31/03/{year}) written to {}: {} children; rows: {}",
        year - 1,
        year % 100,
        year - 1,
        folder.display(),
        export.children(),
        counts.join(", ")
    );
    if !export.notes.is_empty() {
        line.push_str(&format!(
            "; {} thing{} held but not written as {} stand{} (listed on stderr)",
            export.notes.len(),
            if export.notes.len() == 1 { "" } else { "s" },
            if export.notes.len() == 1 { "it" } else { "they" },
            if export.notes.len() == 1 { "s" } else { "" },
        ));
    }
    writeln!(out, "{}", clean_line(&line))?;
    Ok(ExitCode::SUCCESS)
}

/// The folder must be new or empty, so that no file of another return is
/// overwritten or read back mixed with this one (`import ssda903 FOLDER`
/// reads every .csv there). A new one is made, owner-only; `true` if it
/// was made here.
fn check_folder(folder: &Path) -> Result<bool> {
    match std::fs::read_dir(folder) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: export ssda903 writes only into a new or empty folder, so that no other file is overwritten or read back with the return; nothing was written",
                    folder.display()
                );
            }
            Ok(false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(0o700)
                .create(folder)
                .with_context(|| format!("{} cannot be made; nothing was written", folder.display()))?;
            Ok(true)
        }
        Err(e) => bail!("{} cannot be read: {e}; nothing was written", folder.display()),
    }
}

/// Each file new, readable by its owner only, written whole.
fn write_all(folder: &Path, files: &[(String, String)]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    for (name, text) in files {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(folder.join(name))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    Ok(())
}

/// Takes out what a failed write left: nothing half-written stays.
fn undo(folder: &Path, files: &[(String, String)], created: bool) {
    for (name, _) in files {
        let path: PathBuf = folder.join(name);
        let _ = std::fs::remove_file(path);
    }
    if created {
        let _ = std::fs::remove_dir(folder);
    }
}
