//! Restores that are all-or-nothing.
//!
//! The old restore copied the backup over the live database and then ran
//! its migrations, so a bad file destroyed the caseload it was meant to
//! save (issue 16). Here the candidate is copied to a temporary file
//! beside the live one, brought up to date and checked in full there;
//! only a copy that passes everything is moved into place, by one rename,
//! and the database it replaces is kept beside it under a dated name.
//! Until that rename the live file is not written at all.
//!
//! The backup's audit key (`FILE.audit-key`, which `backup` writes beside
//! it) checks the candidate's keyed hashes and is installed with it; the
//! replaced key is kept beside the kept database. A backup whose entries
//! are keyed but whose key file is missing is refused; one from before
//! keyed hashes (no keyed entry, no key) is restored with a new key, and
//! the message says its entries are protected by the chain only.

use crate::AuditAction;
use crate::audit_key::{self, AuditKey, KeyState, key_path, read_key};
use crate::backup::{Partial, snapshot, sync_folder};
use crate::{Actor, Change, Clock, Store, StoreError, apply_key, configure, create_private_dir, migrations};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What every SQLite file begins with; an encrypted one does not.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

/// What a restore did, for its message.
#[derive(Debug)]
pub struct Restored {
    /// Where the replaced database was kept (none where there was none).
    pub kept: Option<PathBuf>,
    /// Said where the backup had no audit key: a new one was made.
    pub key_note: Option<String>,
}

impl Store {
    /// Replaces the database with the backup at `source`, once a copy of
    /// it has been brought up to date and has passed every check; returns
    /// where the replaced database was kept. The restore is the last
    /// entry of the restored audit trail. On any failure the live
    /// database is untouched.
    pub fn restore_from(&mut self, source: &Path) -> Result<Restored, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        preflight(source, &self.path, self.key.is_some()).map_err(|why| refused(source, why))?;
        let candidate = Partial::beside(&self.path, "restoring")?;
        let mut restored = prepare_candidate(
            source,
            candidate.path(),
            &self.actor,
            self.key.as_deref(),
            self.clock,
        )
        .map_err(|e| refusal(source, e))?;
        let kept = kept_name(&self.path, self.clock.now());
        // The restore is recorded in the restored trail, inside the copy,
        // so it arrives with it in the same rename.
        record_restore(&mut restored, source, Some(&kept))?;
        let (key, key_note) = installed_key(&restored)?;
        drop(restored);
        let staged = key_path(candidate.path());
        audit_key::write_new_key_file(&staged, &key.file_text())?;
        self.swap_in(candidate, &kept, &staged)?;
        self.audit_key = KeyState::Ready(key);
        Ok(Restored {
            kept: Some(kept),
            key_note,
        })
    }

    /// Restores the backup at `source` where there is no database: at
    /// `path`, after the same checks, once `allowed` (who may restore, as
    /// the backup's own users and roles say) agrees. For a database lost
    /// with its machine. Nothing is made unless all of it succeeds; the
    /// restore's entry is stamped by `clock`.
    pub fn restore_new(
        path: &Path,
        source: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
        allowed: impl FnOnce(&Store) -> Result<(), String>,
    ) -> Result<Restored, StoreError> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        if key.is_some() && !crate::ENCRYPTION {
            return Err(StoreError::NoEncryption);
        }
        preflight(source, path, key.is_some()).map_err(|why| refused(source, why))?;
        let made = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists());
        if let Some(folder) = made {
            create_private_dir(folder)?;
        }
        let result = Store::restore_new_into(path, source, actor, key, clock, allowed);
        if let (Err(_), Some(folder)) = (&result, made) {
            // The folder was made for this restore: gone with it.
            let _ = std::fs::remove_dir(folder);
        }
        result
    }

    fn restore_new_into(
        path: &Path,
        source: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
        allowed: impl FnOnce(&Store) -> Result<(), String>,
    ) -> Result<Restored, StoreError> {
        let candidate = Partial::beside(path, "restoring")?;
        let mut restored = prepare_candidate(source, candidate.path(), &actor, key, clock)
            .map_err(|e| refusal(source, e))?;
        allowed(&restored).map_err(|why| StoreError::Refused(crate::RecordRule::NothingRestored(why)))?;
        record_restore(&mut restored, source, None)?;
        let (key, key_note) = installed_key(&restored)?;
        drop(restored);
        // The key first: a key file without its database is harmless and
        // is removed again; a database without its key could write nothing.
        let key_file = key_path(path);
        let staged = key_path(candidate.path());
        audit_key::write_new_key_file(&staged, &key.file_text())?;
        audit_key::link_key(&staged, &key_file)?;
        if let Err(e) = candidate.keep_as(path) {
            let _ = std::fs::remove_file(&key_file);
            return Err(e);
        }
        Ok(Restored { kept: None, key_note })
    }

    /// Moves the checked copy over the live database and reopens it. The
    /// live database leaves WAL mode first (which needs every other
    /// connection closed), so no -wal file of the old database is left
    /// for the new one to read as its own.
    fn swap_in(&mut self, candidate: Partial, kept: &Path, key: &Path) -> Result<(), StoreError> {
        self.conn.busy_timeout(Duration::from_secs(1))?;
        let in_use = || {
            StoreError::BadBackup(format!(
                "someone else has {} open (a session of the app, or another command); a restore now would lose what they save next. Ask them to close it and run the restore again",
                self.path.display()
            ))
        };
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(|_| in_use())?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(in_use());
        }
        // Kept by a second name for the same file, which the rename then
        // leaves as the only name of the replaced database.
        std::fs::hard_link(&self.path, kept)
            .or_else(|_| std::fs::copy(&self.path, kept).map(|_| ()))
            .map_err(|source| StoreError::CreateFile {
                path: kept.to_path_buf(),
                source,
            })?;
        // The live key, kept by a second name beside the kept database.
        let live_key = key_path(&self.path);
        let kept_key = key_path(kept);
        let had_key = live_key.exists();
        if had_key {
            std::fs::hard_link(&live_key, &kept_key)
                .or_else(|_| std::fs::copy(&live_key, &kept_key).map(|_| ()))
                .map_err(|source| StoreError::CreateFile {
                    path: kept_key.clone(),
                    source,
                })?;
        }
        let undo_kept = || {
            let _ = std::fs::remove_file(kept);
            let _ = std::fs::remove_file(&kept_key);
        };
        // The key first: the candidate's clean-up removes its staged key.
        let replaced = std::fs::rename(key, &live_key).map_err(|source| StoreError::CreateFile {
            path: live_key.clone(),
            source,
        });
        if let Err(e) = replaced {
            undo_kept();
            return Err(e);
        }
        if let Err(e) = candidate.replace(&self.path) {
            // The old key is put back: the kept name is another name for it.
            if had_key {
                let _ = std::fs::rename(&kept_key, &live_key);
            } else {
                let _ = std::fs::remove_file(&live_key);
            }
            undo_kept();
            return Err(e);
        }
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(kept, std::fs::Permissions::from_mode(0o600));
        }
        let _ = sync_folder(kept);
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, self.key.as_deref())?;
        conn.busy_timeout(Duration::from_secs(5))?;
        configure(&conn)?;
        self.conn = conn;
        Ok(())
    }
}

/// Copies `source` into the temporary file at `path`, migrates the
/// copy and checks it in full, returning it open as `actor`, stamped by
/// `clock`.
fn prepare_candidate(
    source: &Path,
    path: &Path,
    actor: &Actor,
    key: Option<&str>,
    clock: Clock,
) -> Result<Store, StoreError> {
    let backup =
        open_candidate(source).map_err(|e| StoreError::BadBackup(format!("it cannot be opened ({e})")))?;
    apply_key(&backup, key)?;
    let version: u32 = backup
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| StoreError::BadBackup(not_permanence()))?;
    if version == 0 {
        return Err(StoreError::BadBackup(not_permanence()));
    }
    let mut copy = Connection::open(path)?;
    apply_key(&copy, key)?;
    snapshot(&backup, &mut copy)?;
    drop(backup);
    copy.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrate(&mut copy)?;
    let audit_key = candidate_key(source, &copy)?;
    let restored = Store {
        conn: copy,
        path: path.to_path_buf(),
        actor: actor.clone(),
        read_only: false,
        permission_note: None,
        key: key.map(String::from),
        timelines: None,
        audit_key,
        clock,
    };
    let problems = full_check(&restored);
    if !problems.is_empty() {
        return Err(StoreError::BadBackup(said(&problems)));
    }
    Ok(restored)
}

/// The key that checks the candidate's keyed hashes: the backup's own
/// (`FILE.audit-key`), or, for a backup none of whose entries is keyed (made
/// before keyed hashes), a new one. A keyed backup without its key is
/// refused by the full check, with every other problem: its keyed hashes
/// could not be checked.
fn candidate_key(source: &Path, copy: &Connection) -> Result<KeyState, StoreError> {
    let path = key_path(source);
    match read_key(&path) {
        Ok(Some(key)) => Ok(KeyState::Ready(key)),
        // Said with every other problem the full check finds.
        Err(why) => Ok(KeyState::Unavailable(why)),
        Ok(None) => {
            // A candidate with no audit table is refused by the full check.
            let keyed: i64 = copy
                .query_row("SELECT count(mac) FROM audit", [], |r| r.get(0))
                .unwrap_or(0);
            if keyed > 0 {
                return Ok(KeyState::Unavailable(format!(
                    "the backup's audit key file {} is missing, so the keyed hashes of its {keyed} keyed entries cannot be checked; put the key file that `backup` wrote beside it",
                    path.display()
                )));
            }
            AuditKey::random()
                .map(KeyState::New)
                .map_err(|source| StoreError::CreateFile { path, source })
        }
    }
}

/// The restore's entry in the restored copy's own trail: the backup's
/// file name, and the name the replaced database was kept as (`null`
/// where there was none, a restore onto nothing).
fn record_restore(restored: &mut Store, source: &Path, kept: Option<&Path>) -> Result<(), StoreError> {
    let name = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned());
    let (from, kept_as) = (name(source), kept.and_then(name));
    restored.write(|w| {
        w.audit(Change {
            action: AuditAction::Restore,
            entity: "database",
            reference: None,
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({"from": from, "replaced_kept_as": kept_as})),
        })
    })
}

/// The key to install with the restored database, and what to say of a
/// key made new.
fn installed_key(restored: &Store) -> Result<(AuditKey, Option<String>), StoreError> {
    match &restored.audit_key {
        KeyState::New(key) => Ok((
            key.clone(),
            Some(
                "the backup had no audit key (it was made before keyed hashes), so a new one was made: its entries are protected by their chain, and by the keyed hash of the restore's own entry after them".into(),
            ),
        )),
        KeyState::Ready(key) => Ok((key.clone(), None)),
        // prepare_candidate gives a key, or refuses the candidate.
        KeyState::NotYet | KeyState::Unavailable(_) => {
            Err(StoreError::AuditKey("the backup's audit key could not be used".into()))
        }
    }
}

/// A candidate refused, naming it and why.
fn refused(source: &Path, why: String) -> StoreError {
    StoreError::BadBackup(format!("{}: {why}", source.display()))
}

/// What went wrong with a candidate, said of the candidate.
fn refusal(source: &Path, error: StoreError) -> StoreError {
    match error {
        StoreError::BadBackup(why) => refused(source, why),
        StoreError::Migration { number, source: e } => refused(
            source,
            format!("it could not be brought up to this version's schema (migration {number}: {e})"),
        ),
        StoreError::TooNew { found, supported } => refused(
            source,
            format!(
                "it was written by a newer version of permanence (schema {found}; this version knows up to {supported})"
            ),
        ),
        StoreError::Sqlite(e) => refused(
            source,
            format!("it cannot be read as a permanence database ({e})"),
        ),
        other => other,
    }
}

/// Opens the candidate read-only. With no `-wal` beside it (as a backup
/// is made) it is opened as immutable, so SQLite leaves no `-wal` or
/// `-shm` of its own beside someone's backup; with one, that is read too.
fn open_candidate(source: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = source.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Connection::open_with_flags(source, flags);
    }
    let absolute = std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf());
    let mut uri = String::from("file:");
    for byte in absolute.as_os_str().as_encoded_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'_' | b'-' => uri.push(*byte as char),
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// The problems found, the first few in full: a file with nothing of
/// permanence in it has a hundred, and the first say enough.
fn said(problems: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut text = problems
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN {
        text.push_str(&format!("; and {} more problems", problems.len() - SHOWN));
    }
    text
}

fn not_permanence() -> String {
    "it is not a permanence database".into()
}

/// What can be said of the candidate before SQLite is asked: a missing,
/// empty or foreign file, or one with a journal beside it (a backup that
/// was stopped part-way).
fn preflight(source: &Path, live: &Path, keyed: bool) -> Result<(), String> {
    let meta = match std::fs::metadata(source) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("there is no such file".into());
        }
        Err(e) => return Err(format!("it cannot be read ({e})")),
    };
    if !meta.is_file() {
        return Err("it is not a file".into());
    }
    if meta.len() == 0 {
        return Err("it is an empty file (0 bytes), not a backup".into());
    }
    if let (Ok(a), Ok(b)) = (source.canonicalize(), live.canonicalize())
        && a == b
    {
        return Err("it is the database itself".into());
    }
    let mut journal = source.as_os_str().to_owned();
    journal.push("-journal");
    if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        return Err(format!(
            "{} lies beside it: the file was being written when it was stopped, so it is incomplete",
            Path::new(&journal).display()
        ));
    }
    if !keyed {
        use std::io::Read;
        let mut start = [0u8; 16];
        let read = std::fs::File::open(source)
            .and_then(|mut f| f.read_exact(&mut start))
            .is_ok();
        if !read || start != SQLITE_HEADER {
            return Err(not_permanence());
        }
    }
    Ok(())
}

/// Every check a candidate must pass, each problem said: the checks
/// `check` makes (SQLite's integrity and foreign-key checks, every table,
/// index and trigger a fresh database has and nothing else, readable
/// text, the audit chain, and a trail wherever there are children).
fn full_check(store: &Store) -> Vec<String> {
    store
        .check_everything()
        .into_iter()
        .flat_map(|section| section.problems)
        .collect()
}

/// Beside the live database, named for it and `now`: where the replaced
/// database is kept.
fn kept_name(live: &Path, now: chrono::DateTime<chrono::Utc>) -> PathBuf {
    let stem = live
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "permanence".into());
    let now = now.format("%Y-%m-%dT%H%M%SZ");
    let mut n = 1;
    loop {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let candidate = live.with_file_name(format!("{stem}.replaced-{now}{suffix}.db"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::schema_problems;

    /// A backup left by an older version is brought up to date on the
    /// copy and then matches a fresh database object for object, so the
    /// schema check refuses only what permanence did not make.
    #[test]
    fn backups_from_every_older_schema_are_migrated_and_restored() {
        let dir = tempfile::tempdir().unwrap();
        for version in 1..migrations::latest() {
            let old = dir.path().join(format!("v{version}.db"));
            let mut conn = Connection::open(&old).unwrap();
            migrations::migrate_to(&mut conn, version).unwrap();
            drop(conn);
            let live = dir.path().join(format!("live{version}.db"));
            let mut store = Store::open(&live).unwrap();
            let kept = store.restore_from(&old).unwrap().kept.unwrap();
            assert!(kept.exists(), "schema {version}");
            let version_now: u32 = store
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version_now, migrations::latest());
            assert!(schema_problems(&store.conn).unwrap().is_empty());
            assert_eq!(
                store.verify_audit().unwrap().unwrap(),
                1,
                "the restore's own entry"
            );
        }
    }

    #[test]
    fn a_changed_trigger_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        store
            .conn
            .execute_batch(
                "DROP TRIGGER audit_is_append_only_update;
                 CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit BEGIN SELECT 1; END;",
            )
            .unwrap();
        assert_eq!(
            schema_problems(&store.conn).unwrap(),
            ["the trigger audit_is_append_only_update has been changed"]
        );
    }
}
