//! Making a new database: `permanence init`, the offer the app makes on
//! the default path when there is none, and the demo's. Only these create
//! a database; every other command refuses a path with none, so a
//! mistyped `--db` never becomes an empty database whose reports say
//! nothing is overdue.

use crate::domain::people::{Role, Worker};
use crate::store::Store;
use anyhow::{Context, Result, bail};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// `permanence init [--db PATH]`.
pub(super) fn init(ctx: &super::context::Ctx) -> Result<ExitCode> {
    // Acting as someone else would make them the administrator unseen.
    let actor = &ctx.actor;
    if actor.user != actor.os_user {
        bail!(
            "--as {}: a new database's administrator is the account that creates it ({}); nothing was created. Run it without --as",
            actor.user,
            actor.os_user
        );
    }
    let path = ctx.database_path()?;
    let mut store = ctx.create(&path, None)?;
    let admin = make_administrator(&mut store)?;
    println!(
        "created the database {}; {admin} is its administrator (`permanence users add` adds colleagues)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Makes the account running the program the database's administrator
/// (unless it is already a user), so that from the start someone decides
/// who else may use it. Returns their username.
pub(super) fn make_administrator(store: &mut Store) -> Result<String> {
    let username = store.actor().os_user.clone();
    if store.worker(&username)?.is_none() {
        let worker = Worker {
            username: username.clone(),
            display_name: username.clone(),
            role: Role::Admin,
            team: None,
        };
        store
            .write(|w| w.put_worker(&worker))
            .context("cannot make you the database's administrator")?;
    }
    Ok(username)
}

/// The app started on the default path, where there is no database yet:
/// asks before creating one. With no terminal to ask on, refuses with the
/// way to create one.
pub(super) fn offer_to_create(ctx: &super::context::Ctx, path: &Path) -> Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!(
            "there is no database at {} yet; nothing was created. `permanence init` creates it (or `permanence demo` tries the program on made-up children)",
            path.display()
        );
    }
    let mut err = crate::commands::output::stderr();
    write!(err, "No database at {}. Create it? [y/N] ", path.display())?;
    err.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        bail!(
            "no database was created at {}; `permanence init` creates it when you are ready",
            path.display()
        );
    }
    let mut store = ctx.create(path, None)?;
    make_administrator(&mut store)?;
    Ok(())
}
