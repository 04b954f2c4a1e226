//! Dry runs that hold no lock: a copy in memory of one consistent
//! snapshot of the database, for [`Store::rehearse`](super::Store::rehearse)
//! to make its changes in and throw away.
//!
//! Rehearsing in the live database held its write lock for the whole dry
//! run (29 seconds for 200,000 rows), and everyone else's saves failed
//! with "busy" meanwhile. Copying reads the database as one WAL reader
//! does, which writers carry on beside.

use super::StoreError;
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::time::{Duration, Instant};

/// How long to keep trying to take the snapshot while another connection
/// holds a lock that stops even a reader (a checkpoint, a restore).
const PATIENCE: Duration = Duration::from_secs(5);

/// A private in-memory copy of the database as it is now, set up as the
/// live connection is, so the same writes behave the same way in it.
pub(super) fn snapshot(live: &Connection) -> Result<Connection, StoreError> {
    let mut copy = Connection::open_in_memory()?;
    let started = Instant::now();
    {
        let backup = Backup::new(live, &mut copy)?;
        // One step of every page: the copy is read inside one read
        // transaction, so no writer can make it start again.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if started.elapsed() < PATIENCE => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => return Err(StoreError::Busy),
            }
        }
    }
    copy.pragma_update(None, "foreign_keys", "ON")?;
    copy.set_prepared_statement_cache_capacity(super::STATEMENTS);
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::super::{Store, StoreError};
    use permanence_domain::child::ChildFields;
    use rusqlite::Connection;

    fn child(reference: &str, given: &str) -> ChildFields {
        ChildFields {
            reference: reference.into(),
            given_name: given.into(),
            family_name: "Okafor".into(),
            ..ChildFields::default()
        }
    }

    /// Issue 16: a dry run held the write lock from its first row to its
    /// last, so another user's save in that time failed with "busy". Here
    /// the other save happens in the middle of the rehearsal, with no
    /// waiting allowed: it must get the lock at once.
    #[test]
    fn another_connection_saves_while_a_rehearsal_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        store.write(|w| w.put_child(&child("1001", "Amara"))).unwrap();
        let other = Connection::open(&path).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        let seen = store
            .rehearse(|w| {
                w.put_child(&child("1002", "Leo"))?;
                // Another user saves now, once the rehearsal has written.
                let saved = other.execute_batch("BEGIN IMMEDIATE; COMMIT;");
                // The rehearsal sees its own change and the record as it was.
                let own = w.child_by_ref("1002")?.is_some() && w.child_by_ref("1001")?.is_some();
                Ok::<_, StoreError>((saved.map_err(|e| e.to_string()), own))
            })
            .unwrap();
        assert_eq!(seen, (Ok(()), true), "the other connection's save was refused");
        // Nothing the rehearsal did reached the database.
        assert_eq!(store.count_children().unwrap(), 1);
        assert!(store.child_id("1002").unwrap().is_none());
    }
}
