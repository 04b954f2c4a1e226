//! Dry runs that hold no lock: a copy of one consistent snapshot of the
//! database, for [`Store::rehearse`](super::Store::rehearse) to make its
//! changes in and throw away.
//!
//! Rehearsing in the live database held its write lock for the whole dry
//! run (29 seconds for 200,000 rows), and everyone else's saves failed
//! with "busy" meanwhile. Copying reads the database as one WAL reader
//! does, which writers carry on beside.
//!
//! A small database is copied into memory. A large one (over
//! [`IN_MEMORY_UP_TO`]) is copied into a temporary file beside it instead,
//! owner-only and removed when the rehearsal ends: a dry run of a national
//! SSDA903 import over a 920 MB record held all of it in memory (1.3 GB
//! at its peak), against the import's 300 MB.

use super::StoreError;
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long to keep trying to take the snapshot while another connection
/// holds a lock that stops even a reader (a checkpoint, a restore).
const PATIENCE: Duration = Duration::from_secs(5);

/// The largest database copied into memory for a rehearsal, bytes.
pub(super) const IN_MEMORY_UP_TO: u64 = 64 * 1024 * 1024;

/// A private copy of the database as it is now, set up as the live
/// connection is, so the same writes behave the same way in it; with the
/// temporary file it lives in, where it is not in memory (removed when
/// dropped, after the connection).
pub(super) struct Snapshot {
    pub conn: Connection,
    pub file: Option<tempfile::TempPath>,
}

pub(super) fn snapshot(live: &Connection) -> Result<Snapshot, StoreError> {
    snapshot_up_to(live, IN_MEMORY_UP_TO)
}

/// As [`snapshot`], in memory only up to `in_memory_up_to` bytes.
fn snapshot_up_to(live: &Connection, in_memory_up_to: u64) -> Result<Snapshot, StoreError> {
    let size: i64 = live.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get(0),
    )?;
    let beside = live
        .path()
        .map(Path::new)
        .and_then(Path::parent)
        .filter(|_| u64::try_from(size).unwrap_or(u64::MAX) > in_memory_up_to);
    // Owner-only (tempfile's default), beside the record it copies; where
    // no file can be made there (a folder the user may read but not
    // write), in memory as before.
    let file = beside.and_then(|dir| {
        tempfile::Builder::new()
            .prefix(".permanence-rehearsal-")
            .tempfile_in(dir)
            .ok()
            .map(tempfile::NamedTempFile::into_temp_path)
    });
    let mut copy = match &file {
        Some(file) => Connection::open(file)?,
        None => Connection::open_in_memory()?,
    };
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
    if file.is_some() {
        // Thrown away after: nothing in it need survive a crash, and its
        // journal stays in memory rather than in a second file.
        copy.pragma_update(None, "journal_mode", "MEMORY")?;
        copy.pragma_update(None, "synchronous", "OFF")?;
    }
    copy.pragma_update(None, "foreign_keys", "ON")?;
    copy.set_prepared_statement_cache_capacity(super::STATEMENTS);
    Ok(Snapshot { conn: copy, file })
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

    /// A large database is rehearsed in an owner-only copy beside it, not
    /// in memory, and the copy is gone once the rehearsal is.
    #[test]
    fn a_large_database_is_rehearsed_in_a_file_beside_it_removed_after() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        store.write(|w| w.put_child(&child("1001", "Amara"))).unwrap();
        let live = Connection::open(&path).unwrap();
        let snapshot = super::snapshot_up_to(&live, 0).unwrap();
        let file = snapshot.file.as_ref().expect("a file, not memory").to_path_buf();
        assert_eq!(file.parent(), Some(dir.path()));
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let held: i64 = snapshot
            .conn
            .query_row("SELECT count(*) FROM children WHERE ref = '1001'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(held, 1, "the copy holds the record");
        snapshot
            .conn
            .execute("UPDATE children SET given_name = 'Changed'", [])
            .unwrap();
        drop(snapshot);
        assert!(!file.exists(), "the copy is removed");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("rehearsal"))
            .collect();
        assert!(left.is_empty(), "nothing of it is left: {left:?}");
        let name: String = live
            .query_row("SELECT given_name FROM children WHERE ref = '1001'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(name, "Amara", "the live record is untouched");
    }
}
