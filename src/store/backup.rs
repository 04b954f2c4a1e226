//! Backups taken with SQLite's online backup API, which copies a
//! consistent snapshot while others go on writing (a file copy of a live
//! WAL database can be torn), and restores that check the copy first.

use crate::store::{Change, Store, StoreError, apply_key, create_private_file, migrations};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Pages copied per step; between steps other writers get their turn.
const PAGES_PER_STEP: std::ffi::c_int = 512;

impl Store {
    /// Copies the whole database to `target`, which must not exist yet;
    /// the copy is owner-only and passes SQLite's integrity check.
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        if target.exists() {
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        create_private_file(target)?;
        let result = (|| {
            let mut copy = Connection::open(target)?;
            // An encrypted database's backup is encrypted with the same key.
            apply_key(&copy, self.key.as_deref())?;
            Backup::new(&self.conn, &mut copy)?.run_to_completion(
                PAGES_PER_STEP,
                Duration::from_millis(2),
                None,
            )?;
            let problems = check_file(&copy)?;
            if let Some(problem) = problems.first() {
                return Err(StoreError::BadBackup(format!(
                    "the copy failed its check: {problem}"
                )));
            }
            Ok(())
        })();
        if result.is_err() {
            // Leave no half-made backup to be mistaken for a good one.
            let _ = std::fs::remove_file(target);
        }
        result
    }

    /// Replaces the database's contents with the backup at `source`, after
    /// checking it (integrity, schema, audit chain). The restore itself is
    /// the first entry of the restored audit trail.
    pub fn restore_from(&mut self, source: &Path) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let backup = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|_| StoreError::BadBackup(format!("{} cannot be opened", source.display())))?;
        apply_key(&backup, self.key.as_deref())?;
        let version: u32 = backup
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| {
                StoreError::BadBackup(format!("{} is not a permanence database", source.display()))
            })?;
        if version == 0 || version > migrations::latest() {
            return Err(StoreError::BadBackup(format!(
                "{} is at schema {version}; this program reads 1 to {}",
                source.display(),
                migrations::latest()
            )));
        }
        if let Some(problem) = check_file(&backup)?.first() {
            return Err(StoreError::BadBackup(format!("{}: {problem}", source.display())));
        }
        if version >= 4 {
            let checked = Store {
                conn: backup,
                path: source.to_path_buf(),
                actor: self.actor.clone(),
                read_only: true,
                permission_note: None,
                key: self.key.clone(),
                timelines: None,
            };
            if let Err(broken) = checked.verify_audit()? {
                return Err(StoreError::BadBackup(format!("{}: {broken}", source.display())));
            }
            Backup::new(&checked.conn, &mut self.conn)?.run_to_completion(
                PAGES_PER_STEP,
                Duration::from_millis(2),
                None,
            )?;
        } else {
            Backup::new(&backup, &mut self.conn)?.run_to_completion(
                PAGES_PER_STEP,
                Duration::from_millis(2),
                None,
            )?;
        }
        migrations::migrate(&mut self.conn)?;
        let from = source.file_name().map(|n| n.to_string_lossy().into_owned());
        self.write(|w| {
            w.audit(Change {
                action: "restore",
                entity: "database",
                reference: None,
                entity_id: None,
                before: None,
                after: Some(serde_json::json!({"from": from})),
            })
        })
    }
}

/// SQLite's integrity and foreign-key checks on an open connection.
fn check_file(conn: &Connection) -> Result<Vec<String>, StoreError> {
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
