//! `permanence check`, `backup` and `restore`: proving the database sound,
//! copying it whole, and putting a copy back all-or-nothing (see
//! docs/reliability.md for what each promises).

use super::context::{Ctx, authorise};
use crate::domain::permissions::Action as Permission;
use crate::store::{Store, StoreError};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::ExitCode;

/// `permanence check [--anchor FILE]`.
pub fn check(ctx: &Ctx, anchor: Option<&Path>) -> Result<ExitCode> {
    // A bad anchor file is refused before the database is opened.
    let anchor = anchor.map(super::audit::read_anchor).transpose()?;
    // No role is asked for: `check` shows no person or case, only
    // whether the file is sound, and must report on a damaged file
    // even where the damage is to the users or the rules.
    // A file SQLite cannot open (its schema or header damaged) is
    // the worst finding of all, said as the check's result.
    let store = ctx.open_for_check().map_err(|e| {
        match e.downcast_ref::<StoreError>() {
            Some(
                StoreError::NotADatabase(_) | StoreError::Migration { .. } | StoreError::Sqlite(_) | StoreError::Corrupt(_),
            ) => e.context(
                "the database is damaged or is not a permanence database, so nothing in it could be checked; do not use it, and restore from a backup",
            ),
            _ => e,
        }
    })?;
    super::audit::check(&store, anchor.as_ref())
}

/// `permanence backup FILE`.
pub fn backup(ctx: &Ctx, file: &Path) -> Result<ExitCode> {
    let store = ctx.store(Permission::Administer)?;
    let key = store
        .backup_to(file)
        .with_context(|| format!("the backup to {} failed", file.display()))?;
    match key {
        Some(key) => println!(
            "backed up to {} (checked), with its audit key in {}: keep the two together",
            file.display(),
            key.display()
        ),
        None => println!(
            "backed up to {} (checked); the database has no audit key file beside it, so the backup has none",
            file.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `permanence restore FILE --yes`.
pub fn restore(ctx: &Ctx, file: &Path, yes: bool) -> Result<ExitCode> {
    let path = ctx.database_path()?;
    if !yes {
        bail!(
            "restoring replaces everything in {} with {} (the database it replaces is kept beside it); if that is what you want, run again with --yes",
            path.display(),
            file.display()
        );
    }
    if std::fs::symlink_metadata(&path).is_err() {
        return restore_where_there_is_none(ctx, &path, file);
    }
    let mut store = ctx.store(Permission::Administer)?;
    let restored = store.restore_from(file)?;
    if let Some(kept) = &restored.kept {
        println!(
            "restored {} from {} (checked); the database it replaced is kept as {} (its audit key as {})",
            path.display(),
            file.display(),
            kept.display(),
            crate::store::key_path(kept).display()
        );
    }
    if let Some(note) = restored.key_note {
        println!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}

/// No database there (lost with its machine, say): the backup's own users
/// say who may restore it.
fn restore_where_there_is_none(ctx: &Ctx, path: &Path, file: &Path) -> Result<ExitCode> {
    if ctx.read_only {
        return Err(StoreError::ReadOnly.into());
    }
    let key = super::context::key()?;
    let restored = Store::restore_new(
        path,
        file,
        ctx.actor.clone(),
        key.as_deref(),
        ctx.clock,
        |store| {
            crate::service::access::refuse_stand_in(store)
                .map_err(|e| e.to_string())
                .and_then(|()| authorise(store, Permission::Administer, None).map_err(|e| format!("{e:#}")))
        },
    )?;
    println!(
        "restored {} from {} (checked), with its audit key in {}; there was no database there before",
        path.display(),
        file.display(),
        crate::store::key_path(path).display()
    );
    if let Some(note) = restored.key_note {
        println!("note: {note}");
    }
    Ok(ExitCode::SUCCESS)
}
