//! Backups that always finish and are complete or absent.
//!
//! SQLite's online backup, copied a few pages at a time, starts again
//! whenever another connection writes, so on a busy shared database it
//! never finished (issue 16). Here the whole copy is one step, which
//! reads one consistent snapshot that writers cannot disturb (in WAL mode
//! they carry on writing beside it). The copy is made under a temporary
//! name in the destination's folder, checked, flushed to disk, and only
//! then given its name, so whatever signal arrives, the backup's name
//! holds a whole, checked backup or nothing.
//!
//! The audit key goes with it, as `FILE.audit-key` (owner-only), made the
//! same way and named just before the backup: a restore checks the
//! backup's keyed hashes with it. A signal in the instant between the two
//! names can leave the key without its backup, never a backup without
//! its key.

use crate::audit_key::{key_path, key_text, link_key, write_new_key_file};
use crate::{Store, StoreError, apply_key, create_private_file};
use rusqlite::Connection;
use rusqlite::backup::Backup;
use std::path::{Path, PathBuf};

impl Store {
    /// Copies the whole database to `target`, which must not exist yet;
    /// the copy is owner-only and passes SQLite's integrity check.
    /// The database's audit key is written beside it as `FILE.audit-key`;
    /// returns where, or none if the database has no key file.
    pub fn backup_to(&self, target: &Path) -> Result<Option<PathBuf>, StoreError> {
        let target_key = key_path(target);
        for path in [target, target_key.as_path()] {
            if path.exists() {
                return Err(StoreError::Exists(path.to_path_buf()));
            }
        }
        let key = key_text(&key_path(&self.path))?;
        let partial = Partial::beside(target, "incomplete")?;
        // Staged as the partial's companion: its clean-up removes both.
        let staged_key = key_path(partial.path());
        if let Some(text) = &key {
            write_new_key_file(&staged_key, text)?;
        }
        {
            let mut copy = Connection::open(partial.path())?;
            // An encrypted database's backup is encrypted with the same key.
            apply_key(&copy, self.key.as_deref())?;
            snapshot(&self.conn, &mut copy)?;
            let problems = check_file(&copy)?;
            if let Some(problem) = problems.first() {
                return Err(StoreError::BadBackup(format!(
                    "the copy failed its check: {problem}"
                )));
            }
        }
        if key.is_none() {
            partial.keep_as(target)?;
            return Ok(None);
        }
        link_key(&staged_key, &target_key)?;
        if let Err(e) = partial.keep_as(target) {
            let _ = std::fs::remove_file(&target_key);
            return Err(e);
        }
        Ok(Some(target_key))
    }
}

/// How long a snapshot waits for a lock held a moment, and between tries.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
const PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Copies all of `source` into `copy` in one step: one read transaction,
/// one consistent snapshot, which no other writer can make start again.
/// The copy is left in rollback-journal mode, whole in its one file.
pub(super) fn snapshot(source: &Connection, copy: &mut Connection) -> Result<(), StoreError> {
    // The copy is a temporary file until it is checked and named: a
    // journal beside it would only be another file for a signal to strand.
    copy.pragma_update(None, "journal_mode", "OFF")?;
    {
        use rusqlite::backup::StepResult;
        let backup = Backup::new(source, copy)?;
        // -1: every page in one step. SQLite takes a read lock on the
        // source for the step and writers in WAL mode carry on beside it.
        // Busy is only a moment's lock (a WAL file being reset); the step
        // is tried again for as long as the busy timeout.
        let mut waited = std::time::Duration::ZERO;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if waited < BUSY_WAIT => {
                    std::thread::sleep(PAUSE);
                    waited += PAUSE;
                }
                _ => return Err(StoreError::Busy),
            }
        }
    }
    // The header says WAL if the source was: say rollback, so the file
    // is whole by itself and opening it reads no stray -wal beside it.
    let mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::BadBackup(format!("the copy stayed in {mode} mode")));
    }
    Ok(())
}

/// A file being made under a temporary name beside where it will go:
/// removed (with any journal SQLite left) unless it is kept. The audit key
/// staged with it (its name plus `.audit-key`) is removed in any case.
pub(super) struct Partial {
    path: PathBuf,
    kept: bool,
    /// While it is made, a signal that ends the program removes it first.
    hooks: Vec<signal_hook::SigId>,
}

impl Partial {
    /// A new owner-only file beside `target`, named after it, what it is
    /// (`incomplete`, `restoring`) and this process.
    pub(super) fn beside(target: &Path, what: &str) -> Result<Partial, StoreError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "permanence.db".into());
        let path = target.with_file_name(format!("{name}.{what}-{}", std::process::id()));
        // Left by an earlier run of this same process id, which is gone.
        let _ = std::fs::remove_file(&path);
        remove_abandoned(target, &format!("{name}.{what}-"));
        let hooks = remove_on_signal(&path);
        let partial = Partial {
            path,
            kept: false,
            hooks,
        };
        create_private_file(&partial.path)?;
        Ok(partial)
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file to disk and gives it `target`'s name, never
    /// replacing anything already there, then flushes the folder so the
    /// name survives a power cut too.
    pub(super) fn keep_as(mut self, target: &Path) -> Result<(), StoreError> {
        sync_file(&self.path)?;
        match std::fs::hard_link(&self.path, target) {
            Ok(()) => {
                let _ = std::fs::remove_file(&self.path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Exists(target.to_path_buf()));
            }
            // A file system without hard links: rename, having looked first.
            Err(_) => {
                if target.exists() {
                    return Err(StoreError::Exists(target.to_path_buf()));
                }
                std::fs::rename(&self.path, target).map_err(|source| io_error(target, source))?;
            }
        }
        self.kept = true;
        sync_folder(target)
    }

    /// Moves the file over `target`, replacing it in one step: for a
    /// restore, once everything about it has been checked.
    pub(super) fn replace(mut self, target: &Path) -> Result<(), StoreError> {
        sync_file(&self.path)?;
        std::fs::rename(&self.path, target).map_err(|source| io_error(target, source))?;
        self.kept = true;
        sync_folder(target)
    }
}

/// Removes what runs ended outright (`kill -9`, a power cut: no signal
/// to clean up on) left beside `target` as `{prefix}PID`, where that
/// process is no longer running here, with SQLite's files and the audit
/// key staged beside each. A half-made demo or restore is of no use and
/// may be as large as the database. Best effort, as the rehearsal
/// copies' sweep: what cannot be read or removed is left as it is.
fn remove_abandoned(target: &Path, prefix: &str) {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|pid| pid.parse::<u32>().ok());
        if pid.is_some_and(|pid| !crate::rehearsal::running(pid)) {
            let path = entry.path();
            let _ = std::fs::remove_file(&path);
            for companion in companions(&path) {
                let _ = std::fs::remove_file(companion);
            }
            let _ = std::fs::remove_file(key_path(&path));
        }
    }
}

/// The files SQLite may make beside a database file while it is open: its
/// rollback journal, and, while a copy taken from a WAL database is being
/// switched back to rollback mode, its `-wal` and `-shm`. A signal in that
/// moment must not strand them (seen under load: `b3.db.incomplete-…-wal`).
fn companions(path: &Path) -> [PathBuf; 3] {
    ["-journal", "-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Makes SIGINT, SIGTERM, SIGHUP and SIGQUIT remove `path` (and the files
/// SQLite makes beside it, and the audit key staged beside it) before they
/// end the program as they would have, so Ctrl-C or a closed connection
/// leaves no half-made file behind either.
fn remove_on_signal(path: &Path) -> Vec<signal_hook::SigId> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use std::os::unix::ffi::OsStrExt;
    let mut paths = vec![path.to_path_buf()];
    paths.extend(companions(path));
    paths.push(key_path(path));
    let Ok(names) = paths
        .iter()
        .map(|p| std::ffi::CString::new(p.as_os_str().as_bytes()))
        .collect::<Result<Vec<_>, _>>()
    else {
        return Vec::new();
    };
    let names = std::sync::Arc::new(names);
    let mut hooks = Vec::new();
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
        let names = std::sync::Arc::clone(&names);
        // SAFETY: the action calls only unlink(2) and then the signal's
        // default action, both async-signal-safe, on strings made before.
        let hook = unsafe {
            signal_hook::low_level::register(signal, move || {
                for name in names.iter() {
                    libc::unlink(name.as_ptr());
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            })
        };
        if let Ok(id) = hook {
            hooks.push(id);
        }
    }
    hooks
}

impl Drop for Partial {
    fn drop(&mut self) {
        for hook in self.hooks.drain(..) {
            signal_hook::low_level::unregister(hook);
        }
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
            for companion in companions(&self.path) {
                let _ = std::fs::remove_file(companion);
            }
        }
        // The key staged beside it, whether or not it was kept: once kept,
        // the key has its own name and this one is only a second name.
        let _ = std::fs::remove_file(key_path(&self.path));
    }
}

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::CreateFile {
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| io_error(path, source))
}

/// Flushes the folder holding `path`, so a new name in it is on disk.
pub(super) fn sync_folder(path: &Path) -> Result<(), StoreError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|source| io_error(folder, source))
}

/// SQLite's integrity and foreign-key checks on an open connection.
pub(super) fn check_file(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
    let broken_links: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken_links > 0 {
        problems.push(format!(
            "{broken_links} records point at records that do not exist"
        ));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy given up leaves nothing beside it: not the file, nor the
    /// journal, nor the `-wal` and `-shm` SQLite makes while a copy of a
    /// WAL database is switched back to rollback mode.
    #[test]
    fn a_partial_given_up_takes_every_file_sqlite_made_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.db");
        let partial = Partial::beside(&target, "incomplete").unwrap();
        for companion in companions(partial.path()) {
            std::fs::write(companion, b"x").unwrap();
        }
        drop(partial);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
