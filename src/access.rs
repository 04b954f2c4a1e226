//! Who the acting user is in this database, and whether they may do what
//! they ask: the worker record behind the login or `--as` name, checked
//! against the permissions policy. Until a database has an administrator
//! (one made before `permanence init` made its creator one), whoever runs
//! the program may do everything as themselves, so that someone can set
//! it up; but nobody may act as someone else (`--as`), since nobody is
//! there to have said who may.

use crate::domain::child::ChildId;
use crate::domain::people::Worker;
use crate::domain::permissions::{Action, ChildScope, Policy, Refusal};
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
        "--as {0}: this database has no administrator, so nobody may act as someone else in it; nothing was done. Run without --as, and make someone its administrator with `permanence users add USERNAME --name \"Their Name\" --role admin`"
    )]
    NoAdministrator(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Access {
    pub fn resolve(store: &Store) -> Result<Access, AccessError> {
        refuse_stand_in(store)?;
        let user = &store.actor().user;
        match store.worker(user)? {
            Some(worker) => Ok(Access::Worker(worker)),
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

/// Refuses acting as someone other than the account logged in (`--as`)
/// in a database with no administrator: there, with no users and no
/// policy anyone has set, `--as nobody` could import and change anything
/// under a made-up name in the audit trail.
pub fn refuse_stand_in(store: &Store) -> Result<(), AccessError> {
    let actor = store.actor();
    if actor.user != actor.os_user && !store.has_admin()? {
        return Err(AccessError::NoAdministrator(actor.user.clone()));
    }
    Ok(())
}
