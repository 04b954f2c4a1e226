//! A new database made under a temporary name beside where it will go,
//! and given its name only once it is complete (the demo's, issue 19).
//! While it is made it is written with its rollback journal in memory
//! ([`Store::load_new`]): no write-ahead log to write every page to and
//! then copy back, but a power cut or a kill part-way could leave the
//! file unreadable, and nothing unreadable may ever be at the user's
//! path. Given up (an error, Ctrl-C), the temporary file and everything
//! beside it are removed, as a backup's are.

use crate::audit_key::{key_path, link_key};
use crate::backup::Partial;
use crate::{Actor, Clock, Store, StoreError};
use std::path::{Path, PathBuf};

/// A database being made under a temporary name for `target`.
pub struct Staged {
    partial: Partial,
    target: PathBuf,
}

impl Store {
    /// As [`Store::create`], under a temporary name beside `target`
    /// (`NAME.incomplete-PID`, owner-only). Refused, with nothing made,
    /// where `target` or its audit key's name is already taken.
    pub fn create_staged(
        target: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
    ) -> Result<(Store, Staged), StoreError> {
        match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.is_file() && meta.len() == 0 => {
                return Err(StoreError::EmptyFile(target.to_path_buf()));
            }
            Ok(_) => return Err(StoreError::AlreadyExists(target.to_path_buf())),
            Err(_) => {}
        }
        let target_key = key_path(target);
        if std::fs::symlink_metadata(&target_key).is_ok() {
            return Err(StoreError::Exists(target_key));
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            crate::create_private_dir(parent)?;
        }
        let partial = Partial::beside(target, "incomplete")?;
        let mut store = Store::open_as_keyed(partial.path(), actor, key)?;
        store.clock = clock;
        Ok((
            store,
            Staged {
                partial,
                target: target.to_path_buf(),
            },
        ))
    }
}

impl Staged {
    /// Where the database is being made.
    pub fn path(&self) -> &Path {
        self.partial.path()
    }

    /// Closes `store` (its write-ahead log written back into the file)
    /// and gives the file, and its audit key, their names: never over
    /// anything already there. Returns the database's path.
    pub fn put_in_place(self, store: Store) -> Result<PathBuf, StoreError> {
        drop(store);
        let key = key_path(self.partial.path());
        let target_key = key_path(&self.target);
        let keyed = std::fs::symlink_metadata(&key).is_ok();
        if keyed {
            link_key(&key, &target_key)?;
        }
        // The key first, so that a database at its name always has its
        // key beside it; taken back if the database cannot follow.
        if let Err(e) = self.partial.keep_as(&self.target) {
            if keyed {
                let _ = std::fs::remove_file(&target_key);
            }
            return Err(e);
        }
        Ok(self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staged_database_is_at_its_name_only_once_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo.db");
        let (mut store, staged) =
            Store::create_staged(&target, Actor::system(), None, Clock::default()).unwrap();
        assert_ne!(staged.path(), target.as_path());
        store
            .load_new(|s| {
                s.conn
                    .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
                Ok(())
            })
            .unwrap();
        assert!(!target.exists(), "nothing at the user's path while it is made");
        let made = staged.put_in_place(store).unwrap();
        assert_eq!(made, target);
        assert_eq!(
            names(dir.path()),
            ["demo.db", "demo.db.audit-key"],
            "the database and its key, and nothing else beside them"
        );
        let store = Store::open_existing(&target, Actor::system(), None, Clock::default()).unwrap();
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_staged_database_given_up_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo.db");
        let (mut store, staged) =
            Store::create_staged(&target, Actor::system(), None, Clock::default()).unwrap();
        let failed = store.load_new(|s| -> Result<(), StoreError> {
            s.conn
                .execute_batch("CREATE TABLE t (x); SELECT * FROM no_such_table")?;
            Ok(())
        });
        assert!(failed.is_err());
        drop(store);
        drop(staged);
        assert!(names(dir.path()).is_empty(), "left: {:?}", names(dir.path()));
    }

    #[test]
    fn a_staged_database_refuses_a_taken_name_and_makes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo.db");
        std::fs::write(key_path(&target), "x").unwrap();
        let refused = Store::create_staged(&target, Actor::system(), None, Clock::default());
        assert!(matches!(refused, Err(StoreError::Exists(_))));
        assert_eq!(names(dir.path()), ["demo.db.audit-key"]);
        std::fs::remove_file(key_path(&target)).unwrap();
        std::fs::write(&target, "not a database").unwrap();
        let refused = Store::create_staged(&target, Actor::system(), None, Clock::default());
        assert!(matches!(refused, Err(StoreError::AlreadyExists(_))));
        assert_eq!(names(dir.path()), ["demo.db"]);
    }

    #[test]
    fn what_a_killed_run_left_is_removed_and_a_running_ones_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo.db");
        // A run killed outright (no such process) left its file, journal
        // and staged key; process 1 is running; the rest are not ours.
        let gone = "demo.db.incomplete-999999999";
        let left = [
            gone.to_string(),
            format!("{gone}-journal"),
            format!("{gone}.audit-key"),
            "demo.db.incomplete-1".to_string(),
            "demo.db.incomplete-x".to_string(),
            "other.db.incomplete-999999999".to_string(),
        ];
        for name in &left {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let (store, staged) = Store::create_staged(&target, Actor::system(), None, Clock::default()).unwrap();
        let own = staged.path().file_name().unwrap().to_string_lossy().into_owned();
        let mut kept = vec![
            "demo.db.incomplete-1".to_string(),
            "demo.db.incomplete-x".to_string(),
            "other.db.incomplete-999999999".to_string(),
        ];
        let mut found: Vec<_> = names(dir.path())
            .into_iter()
            .filter(|n| !n.starts_with(&own))
            .collect();
        found.sort();
        kept.sort();
        assert_eq!(found, kept);
        drop(store);
        drop(staged);
    }
}
