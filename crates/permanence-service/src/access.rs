//! Who the acting user is in this database, and whether they may do what
//! they ask: the worker record behind the login or `--as` name, checked
//! against the permissions policy. Until a database has an administrator
//! (one made before `permanence init` made its creator one), whoever runs
//! the program may do everything as themselves, so that someone can set
//! it up; but nobody may act as someone else (`--as`), since nobody is
//! there to have said who may. And only the account that owns the
//! database file (a shared server's service account) may act as anyone
//! else at all.
//!
//! The rules themselves are kept in the database (see
//! `store::permissions`); adding users, changing roles and replacing the
//! rules are the use cases here, so that each of their checks lives once.

use crate::domain::child::ChildId;
use crate::domain::people::{Role, Worker, check_username};
use crate::domain::permissions::{self, Action, ChildScope, Policy, Refusal};
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Worker(Worker),
    /// No administrator exists yet: everything is allowed.
    SettingUp,
}

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error(
        "{0} is not a user of this database; an administrator can add them with `permanence users add {0} --name \"Their Name\" --role social-worker`"
    )]
    NotAUser(String),
    #[error(
        "{0} is not a user of this database, and it is the account that owns the file: on a shared server, the service account, reached through a key whose forced command names no worker. Nothing was opened. Each key's line in the service account's ~/.ssh/authorized_keys must name its worker: command=\"permanence --db FILE --as USERNAME\""
    )]
    OwnerNamesNoWorker(String),
    #[error(
        "--as {0}: this database has no administrator, so nobody may act as someone else in it; nothing was done. Run without --as, and make someone its administrator with `permanence users add USERNAME --name \"Their Name\" --role admin`"
    )]
    NoAdministrator(String),
    #[error(
        "--as {user}: only the account that owns the database file (on a shared server, its service account) may act as someone else; {path} belongs to uid {owner}, and this program runs as {os_user} (uid {uid}). Nothing was done: run without --as to act as yourself"
    )]
    NotTheOwner {
        user: String,
        path: String,
        owner: u32,
        os_user: String,
        uid: u32,
    },
    #[error("cannot tell who owns {path}: {source}")]
    Owner { path: String, source: std::io::Error },
    #[error(
        "the permission rules kept in this database cannot be read, so nothing is allowed until an administrator replaces them (`permanence permissions import FILE`):\n{0}"
    )]
    BrokenRules(String),
    #[error(
        "{0} is the only administrator, so they cannot stop being one: with no administrator nobody could add users or change the rules. Nothing was changed; make someone else an administrator first (`permanence users set-role USERNAME admin`)"
    )]
    LastAdministrator(String),
    #[error("the username {name:?} cannot be used: {problem}")]
    BadUsername { name: String, problem: String },
    #[error("{0} is already a user; `permanence users set-role` changes their role")]
    AlreadyAUser(String),
    /// A role given to someone not a user (`users set-role`).
    #[error("{0} is not a user; `permanence users add` adds them")]
    NoSuchUser(String),
    /// A removal of someone not a user; the name is cleaned to one line.
    #[error("{0} is not a user of this database; nothing was changed (`permanence users list` lists them)")]
    NoUserToRemove(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Access {
    pub fn resolve(store: &Store) -> Result<Access, AccessError> {
        refuse_stand_in(store)?;
        let user = &store.actor().user;
        match store.worker(user)? {
            Some(worker) => Ok(Access::Worker(worker)),
            // The file's owner, named by no --as, is most likely a shared
            // server's service account reached through a key whose forced
            // command forgot to name the worker: say so, rather than
            // suggest making the service account a user.
            None if store.has_admin()? && *user == store.actor().os_user && owner_runs(store) => {
                Err(AccessError::OwnerNamesNoWorker(user.clone()))
            }
            None if store.has_admin()? => Err(AccessError::NotAUser(user.clone())),
            None => Ok(Access::SettingUp),
        }
    }

    /// Whether the action is allowed, on a child where it concerns one.
    pub fn check(
        &self,
        policy: &Policy,
        action: Action,
        scope: Option<ChildScope<'_>>,
    ) -> Result<(), Refusal> {
        match self {
            Access::SettingUp => Ok(()),
            Access::Worker(worker) => policy.allows(worker, action, scope),
        }
    }

    /// As [`Access::check`], looking the child's people up in the store.
    pub fn check_child(
        &self,
        store: &Store,
        policy: &Policy,
        action: Action,
        child: ChildId,
    ) -> Result<Result<(), Refusal>, StoreError> {
        let people = store.child_scope(child)?;
        Ok(self.check(policy, action, Some(people.scope())))
    }
}

/// Whether this process runs as the owner of the database file (false
/// where that cannot be told: the plainer refusal is then given).
fn owner_runs(store: &Store) -> bool {
    crate::identity::owns(store.path()).unwrap_or(false)
}

/// Refuses acting as someone other than the account logged in (`--as`)
/// unless this process runs as the owner of the database file: anyone else
/// who can open the file (a world-writable one, say) could otherwise name
/// any user, an administrator included. And refuses it in a database with
/// no administrator: there, with no users and no policy anyone has set,
/// `--as nobody` could import and change anything under a made-up name in
/// the audit trail.
pub fn refuse_stand_in(store: &Store) -> Result<(), AccessError> {
    let actor = store.actor();
    if actor.user == actor.os_user {
        return Ok(());
    }
    let path = store.path();
    let owner = |source| AccessError::Owner {
        path: path.display().to_string(),
        source,
    };
    if !crate::identity::owns(path).map_err(owner)? {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).map_err(owner)?;
        return Err(AccessError::NotTheOwner {
            user: actor.user.clone(),
            path: path.display().to_string(),
            owner: meta.uid(),
            os_user: actor.os_user.clone(),
            uid: crate::identity::effective_uid(),
        });
    }
    if !store.has_admin()? {
        return Err(AccessError::NoAdministrator(actor.user.clone()));
    }
    Ok(())
}

/// The permission rules in force in this database. A database from before
/// the rules were kept in it has them put in by its upgrade; one whose
/// rules row was removed by hand falls back to the built-in rules, which
/// are what it started with.
pub fn policy(store: &Store) -> Result<Policy, AccessError> {
    let (file, text) = match store.permission_rules()? {
        Some(stored) => (stored.file, stored.text),
        None => (
            permissions::BUILT_IN.0.to_string(),
            permissions::BUILT_IN.1.to_string(),
        ),
    };
    permissions::parse(&file, &text).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        AccessError::BrokenRules(lines.join("\n"))
    })
}

/// Whether the acting user may add workers: only those who may manage
/// users, through an import as much as through `users add`.
pub fn may_add_workers(store: &Store, policy: &Policy) -> Result<bool, AccessError> {
    Ok(Access::resolve(store)?
        .check(policy, Action::ManageUsers, None)
        .is_ok())
}

/// Adds a user, whose username must be one a login could have.
pub fn add_user(store: &mut Store, worker: &Worker) -> Result<(), AccessError> {
    username(&worker.username)?;
    if store.worker(&worker.username)?.is_some() {
        return Err(AccessError::AlreadyAUser(worker.username.clone()));
    }
    store.write(|w| w.put_worker(worker))?;
    Ok(())
}

/// Gives a user another role, refusing to demote the last administrator.
pub fn set_role(store: &mut Store, username: &str, role: Role) -> Result<Worker, AccessError> {
    let Some(mut worker) = store.worker(username)? else {
        return Err(AccessError::NoSuchUser(username.to_string()));
    };
    let admins = store.workers()?.iter().filter(|w| w.role == Role::Admin).count();
    if worker.role == Role::Admin && role != Role::Admin && admins <= 1 {
        return Err(AccessError::LastAdministrator(username.to_string()));
    }
    worker.role = role;
    store.write(|w| w.put_worker(&worker))?;
    Ok(worker)
}

/// Removes a user. The store refuses the last administrator and anyone
/// still allocated children, inside the write, so no other writer can slip
/// between the check and the removal.
pub fn remove_user(store: &mut Store, username: &str) -> Result<Worker, AccessError> {
    if store.worker(username)?.is_none() {
        return Err(AccessError::NoUserToRemove(crate::domain::sanitise::clean_line(
            username,
        )));
    }
    Ok(store.write(|w| w.remove_worker(username))?)
}

/// Checks a username as `users add`, `--as` and imports take it.
pub fn username(name: &str) -> Result<(), AccessError> {
    check_username(name).map_err(|problem| AccessError::BadUsername {
        name: crate::domain::sanitise::clean_line(name),
        problem,
    })
}

/// Replaces the rules in force with the text of `file`, checked as the
/// built-in rules are (every problem with its line), and refused if it
/// would leave nobody able to change them again. Returns the rules read.
pub fn import_rules(store: &mut Store, file: &str, text: &str) -> Result<Policy, Vec<String>> {
    let policy = permissions::parse(file, text)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    policy
        .keeps_administration()
        .map_err(|problem| vec![format!("{file}: {problem}")])?;
    store
        .write(|w| w.put_permission_rules(file, text))
        .map_err(|e| vec![e.to_string()])?;
    Ok(policy)
}
