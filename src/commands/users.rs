//! The people who use a database and the rules for what each role may
//! do: `users list|add|set-role|remove` and `permissions show|import`. The checks
//! themselves (usernames, the last administrator, rules that would lock
//! administrators out) are the use cases in `access`.

use crate::cli::{PermissionsCommand, UsersCommand};
use crate::domain::permissions::Action as Permission;
use crate::service::access::Access;
use crate::store::Store;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

pub(super) fn users(store: &mut Store, command: UsersCommand) -> Result<ExitCode> {
    use crate::domain::people::{Role, Worker};
    let role = |text: &str| {
        Role::parse(text).ok_or_else(|| {
            anyhow::anyhow!(
                "{text:?} is not a role (roles: {})",
                Role::ALL.map(Role::code).join(", ")
            )
        })
    };
    match command {
        UsersCommand::List => {
            super::authorise(store, Permission::ViewUsers, None)?;
            let mut out = super::output::stdout();
            for w in store.workers()? {
                writeln!(
                    out,
                    "{:<24} {:<28} {:<20} {}",
                    w.username,
                    crate::domain::sanitise::clean_line(&w.display_name),
                    w.role.code(),
                    crate::domain::sanitise::clean_line(w.team.as_deref().unwrap_or(""))
                )?;
            }
        }
        UsersCommand::Add {
            username,
            name,
            role: role_name,
            team,
        } => {
            super::authorise(store, Permission::ManageUsers, None)?;
            let (name, team) = typed_worker(&name, team.as_deref())?;
            let worker = Worker {
                username: username.trim().to_string(),
                display_name: name,
                role: role(&role_name)?,
                team,
            };
            crate::service::access::add_user(store, &worker)?;
            println!("added {} as {}", worker.username, worker.role.label());
        }
        UsersCommand::SetRole {
            username,
            role: role_name,
        } => {
            super::authorise(store, Permission::ManageUsers, None)?;
            let worker = crate::service::access::set_role(store, &username, role(&role_name)?)?;
            println!("{} is now {}", worker.username, worker.role.label());
        }
        UsersCommand::Remove { username } => {
            super::authorise(store, Permission::ManageUsers, None)?;
            let worker = crate::service::access::remove_user(store, &username)?;
            println!(
                "removed {} ({}); their past entries in the audit trail stay",
                worker.username,
                crate::domain::sanitise::clean_line(&worker.display_name)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `permissions show` for any user of the database (what each role may do
/// is no secret from those it binds); `permissions import` for those who
/// may administer it.
pub(super) fn permissions(store: &mut Store, command: PermissionsCommand) -> Result<ExitCode> {
    match command {
        PermissionsCommand::Show => {
            Access::resolve(store)?;
            // Checked as it is used, so a broken row is said, not shown as if in force.
            crate::service::access::policy(store)?;
            let stored = store.permission_rules()?;
            let (file, text, by) = match &stored {
                Some(s) => (
                    s.file.as_str(),
                    s.text.as_str(),
                    s.set_by.as_deref().zip(s.set_at.as_deref()),
                ),
                None => (
                    crate::domain::permissions::BUILT_IN.0,
                    crate::domain::permissions::BUILT_IN.1,
                    None,
                ),
            };
            let mut out = super::output::stdout();
            match by {
                Some((user, at)) => writeln!(
                    out,
                    "# In force: {}, put in by {} at {}",
                    crate::domain::sanitise::clean_line(file),
                    crate::domain::sanitise::clean_line(user),
                    crate::domain::sanitise::clean_line(at)
                )?,
                None => writeln!(
                    out,
                    "# In force: {file}, as this database started (or was upgraded) with them"
                )?,
            }
            for line in text.lines() {
                writeln!(out, "{}", crate::domain::sanitise::clean_line(line))?;
            }
        }
        PermissionsCommand::Import { file } => {
            super::authorise(store, Permission::Administer, None)?;
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display().to_string();
            match crate::service::access::import_rules(store, &name, &text) {
                Ok(policy) => println!(
                    "the permission rules are now those of {} ({} rules); the change is in the audit trail",
                    crate::domain::sanitise::clean_line(&name),
                    policy.rules.len()
                ),
                Err(problems) => {
                    let mut err = super::output::stderr();
                    for problem in &problems {
                        writeln!(err, "{}", crate::domain::sanitise::clean_line(problem))?;
                    }
                    writeln!(
                        err,
                        "the permission rules were not changed: {} problem{} in {}",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" },
                        crate::domain::sanitise::clean_line(&name)
                    )?;
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A new user's name and team as typed, cleaned by the one sanitiser and
/// held to a name's length.
fn typed_worker(name: &str, team: Option<&str>) -> Result<(String, Option<String>)> {
    use crate::domain::sanitise::{Size, line_field};
    let name = line_field(name, Size::Name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
    let team = match team {
        Some(team) => Some(line_field(team, Size::Name).map_err(|e| anyhow::anyhow!("--team: {e}"))?),
        None => None,
    };
    Ok((name, team.filter(|t| !t.is_empty())))
}
