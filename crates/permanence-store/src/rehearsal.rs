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
//!
//! A dry run killed part-way cannot remove its copy, so the copy's name
//! says whose it is (`.permanence-rehearsal-PID@HOST-DATABASE-RANDOM`):
//! opening the database for writing removes the copies of that database
//! made on this machine whose process is no longer running
//! ([`remove_stale`]), and never one a live run holds.

use super::StoreError;
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::ffi::{OsStr, OsString};
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
    let name = live.path().map(Path::new).and_then(Path::file_name);
    let file = beside.zip(name).and_then(|(dir, name)| {
        tempfile::Builder::new()
            .prefix(&prefix(std::process::id(), name))
            .rand_bytes(RANDOM)
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
    // The same writes as the live connection would make, prepared once.
    super::keep_statements(&copy)?;
    Ok(Snapshot { conn: copy, file })
}

/// Every copy's name begins with this.
const COPY: &str = ".permanence-rehearsal-";

/// The random characters that end a copy's name (tempfile's own default,
/// fixed here so a name can be read back).
const RANDOM: usize = 6;

/// The start of the name of a copy of the database called `database`
/// made by process `pid` on this machine.
fn prefix(pid: u32, database: &OsStr) -> OsString {
    let mut name = OsString::from(format!("{COPY}{pid}@{}-", host()));
    name.push(database);
    name.push("-");
    name
}

/// This machine's name, as a copy's name carries it: a database in a
/// shared folder may be rehearsed on another machine, whose processes
/// this one cannot see. Letters and digits only (`_` for the rest), so
/// the name reads back; `unknown` where the system will not say.
fn host() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is as long as the length given; the name is cut
    // at its first NUL below.
    let asked = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
    let name = if asked == 0 {
        let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        String::new()
    };
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() {
        "unknown".to_string()
    } else {
        name
    }
}

/// The process on this machine that made the copy called `file`, if it
/// is a copy of the database called `database`; `None` for any other
/// file, a copy of another database in the same folder, or one made on
/// another machine.
fn maker(file: &OsStr, database: &OsStr) -> Option<u32> {
    let file = file.to_str()?;
    let (made_by, rest) = file.strip_prefix(COPY)?.split_once('-')?;
    let (pid, on) = made_by.split_once('@')?;
    if on != host() {
        return None;
    }
    let pid: u32 = pid.parse().ok()?;
    let tail = rest.strip_prefix(database.to_str()?)?.strip_prefix('-')?;
    (tail.len() == RANDOM && tail.chars().all(|c| c.is_ascii_alphanumeric())).then_some(pid)
}

/// Whether process `pid` is running. Only "no such process" counts as
/// not running: a process of another user (`EPERM`) is alive, and a pid
/// that cannot be asked about is taken as alive, so a copy is never
/// removed under a run that may still hold it.
pub(super) fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; it only asks whether `pid` exists.
    let asked = unsafe { libc::kill(pid, 0) };
    asked == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Removes the rehearsal copies of the database at `path` left by dry
/// runs that were killed (their process is no longer running); returns
/// how many. Best effort: a copy that cannot be removed, or a folder that
/// cannot be read, is left as it is, and opening carries on.
pub(super) fn remove_stale(path: &Path) -> usize {
    let (Some(dir), Some(database)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| maker(&e.file_name(), database).is_some_and(|pid| !running(pid)))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
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
        // Its statements are kept as the live connection's are: planned
        // once, not again each time a value bound changes.
        let planned_once = snapshot
            .conn
            .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
            .unwrap();
        assert!(
            planned_once,
            "query plans that do not change with the values bound"
        );
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

    /// A dry run killed part-way left its copy; the next open for writing
    /// removes it, but never a copy a live run holds, a copy of another
    /// database in the same folder or from another machine, or a file it
    /// cannot read as a copy.
    #[test]
    fn opening_removes_the_copies_of_killed_dry_runs_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        drop(Store::open(&path).unwrap());
        // A process that has ended: its pid is running no longer.
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        ended.wait().unwrap();
        let dead = ended.id();
        let live = std::process::id();
        let make = |name: String| {
            let file = dir.path().join(name);
            std::fs::write(&file, b"copy").unwrap();
            file
        };
        let host = super::host();
        let stale = make(format!(".permanence-rehearsal-{dead}@{host}-r.db-a1B2c3"));
        let held = make(format!(".permanence-rehearsal-{live}@{host}-r.db-d4E5f6"));
        let other_database = make(format!(".permanence-rehearsal-{dead}@{host}-other.db-g7H8i9"));
        // Made on another machine sharing the folder: its process cannot be seen from here.
        let elsewhere = make(format!(".permanence-rehearsal-{dead}@{host}x-r.db-j1K2l3"));
        let unknown = make(".permanence-rehearsal-x9Y8z7".to_string());
        assert_eq!(
            super::maker(stale.file_name().unwrap(), "r.db".as_ref()),
            Some(dead)
        );
        drop(Store::open(&path).unwrap());
        assert!(!stale.exists(), "the killed run's copy is removed");
        assert!(held.exists(), "a live run's copy is left");
        assert!(other_database.exists(), "another database's copy is left");
        assert!(elsewhere.exists(), "another machine's copy is left");
        assert!(unknown.exists(), "a name that says no process is left");
    }

    /// The copy a rehearsal makes carries its process and database, so
    /// that a later open can tell whose it is.
    #[test]
    fn a_copy_is_named_for_its_process_and_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let store = Store::open(&path).unwrap();
        drop(store);
        let live = Connection::open(&path).unwrap();
        let snapshot = super::snapshot_up_to(&live, 0).unwrap();
        let file = snapshot.file.as_ref().unwrap().to_path_buf();
        let made = super::maker(file.file_name().unwrap(), "r.db".as_ref());
        assert_eq!(made, Some(std::process::id()), "{file:?}");
        // Opening while it is held leaves it.
        drop(Store::open(&path).unwrap());
        assert!(file.exists());
    }
}
