//! The SQLite database: opening it safely, its schema, what it answers and
//! the one way to change it.
//!
//! Reads return domain types. Every write goes through [`Store::write`],
//! which hands the caller a [`Writer`] inside one transaction: that is the
//! single place where the audit trail and concurrency checks hook in.

mod action;
mod adoption_read;
mod audit;
mod audit_key;
mod backup;
mod bulk;
mod by_id;
mod carers;
mod check;
mod child_version;
mod clock;
mod cohort_read;
mod day;
mod drafts;
mod events;
mod family;
mod files;
mod forms;
mod history;
mod import;
mod imported;
mod large_write;
mod legal_status;
mod meetings;
mod migrations;
mod not_needed;
mod permissions;
mod plans;
mod queries;
mod refusal;
mod rehearsal;
mod restore;
mod set_by;
mod split;
mod ssda903_rows;
mod staged;
mod stored;
mod stored_bulk;
mod stored_cohort;
mod stored_load;
mod stored_next;
mod stored_open;
mod stored_summary;
mod writer;

pub use action::AuditAction;
pub use audit::{Actor, Anchor, AuditEntry, ChainBreak, Change, TrailReport};
pub use audit_key::{KEY_SUFFIX, key_path};
pub use carers::KnownCarer;
pub use check::{CheckSection, ForCheck};
pub use clock::Clock;
pub use cohort_read::{CohortHead, CohortPlace, CohortRecord, CohortRow};
pub use drafts::Draft;
pub use events::{EventEntry, EventStatus};
pub use family::{GatewayPanelRow, WrittenEntryFields, WrittenEntryRow};
pub use forms::FormRecord;
pub use import::{ChildChange, ImportSummary, NewWorkers};
pub use imported::{HistoryStep, IMPORT_REASON, Vanished};
pub use permissions::StoredRules;
pub use plans::{AdoptionFacts, PlanOutcome, TimelineFacts};
pub use queries::ChildPeople;
pub use refusal::{Pair, RecordRule};
pub use restore::Restored;
pub use ssda903_rows::{ChildEvents, KeptChange};
pub use staged::Staged;
pub use stored::{AHEAD_DAYS, OverdueRow, Stored, TimelineSource};
pub use stored_bulk::ChildHead;
pub use stored_next::{ItemDates, NextRow, Standing};
pub use stored_open::OpenRow;
pub use writer::{Outcome, Writer};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "this database was written by a newer version of permanence (schema {found}; this version knows up to {supported}); nothing was changed. Upgrade permanence to open it."
    )]
    TooNew { found: u32, supported: u32 },
    #[error("could not upgrade the database (migration {number})")]
    Migration { number: u32, source: rusqlite::Error },
    #[error("could not create the folder {path}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("could not create {path}")]
    CreateFile { path: PathBuf, source: std::io::Error },
    #[error(
        "a key was given, but this build of permanence cannot encrypt; build it with `cargo build --release --features encryption`"
    )]
    NoEncryption,
    #[error(
        "{0} is not a permanence database (or it is damaged, or encrypted and the key is missing or wrong)"
    )]
    NotADatabase(PathBuf),
    #[error("{0} is a folder; give the path of a database file inside it, such as {0}/permanence.db")]
    IsAFolder(PathBuf),
    #[error("{0} already exists; choose a new name, so no backup is ever overwritten")]
    Exists(PathBuf),
    #[error("the backup was not restored and the database is unchanged: {0}")]
    BadBackup(String),
    /// Someone else changed the same thing first; nothing was overwritten.
    #[error("{0}")]
    Conflict(String),
    #[error("the database is open read-only: nothing can be changed")]
    ReadOnly,
    /// A read-only open where nothing can be written beside the file, and
    /// the `-wal` file holds saves not yet in it: reading the file alone
    /// would show the record as it was, silently.
    #[error(
        "{0} cannot be opened read-only here: its latest saves are still in its -wal file, which can only be read where SQLite may write beside it (this folder or filesystem is read-only to you). Open it once without --read-only where it can be written, or copy the folder somewhere writable"
    )]
    UnreadableWal(PathBuf),
    /// A mistyped path must not quietly become a new, empty database
    /// whose reports say "nothing overdue".
    #[error(
        "{0} does not exist, so there is no database there; nothing was created. `permanence init --db {0}` creates a new one"
    )]
    Missing(PathBuf),
    #[error(
        "{0} is an empty file (0 bytes), not a permanence database; nothing was changed. If it should be a new database, remove it and run `permanence init --db {0}`"
    )]
    EmptyFile(PathBuf),
    #[error(
        "{0} already exists; nothing was changed. Open it with `permanence --db {0}`, or choose a new path"
    )]
    AlreadyExists(PathBuf),
    #[error(
        "this database is at schema {found} and needs upgrading to {supported}, which a read-only open cannot do; open it once without --read-only"
    )]
    NeedsUpgrade { found: u32, supported: u32 },
    #[error("no child with reference {0}")]
    NoSuchChild(String),
    #[error("no worker with username {0}")]
    NoSuchWorker(String),
    /// Something recorded at a tracker meeting for a child it does not
    /// list; nothing was changed.
    #[error("meeting {meeting} does not list child {child}; nothing was changed")]
    NotInMeeting { meeting: i64, child: i64 },
    #[error("the database holds a value it cannot read: {0}")]
    Corrupt(String),
    /// The change would break a rule of the record (a person as their own
    /// ancestor, the last administrator removed, say); nothing was changed.
    #[error("{0}")]
    Refused(#[from] RecordRule),
    #[error(
        "the database stayed busy for more than 5 seconds (someone else is saving a large change); nothing was changed: wait a moment and try again"
    )]
    Busy,
    /// The audit trail's key cannot be used: why, naming its file.
    /// Nothing was written, since no entry is written without its keyed hash.
    #[error("{0}; nothing was saved, since every audit entry must carry its keyed hash")]
    AuditKey(String),
    #[error(transparent)]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// A write lock still held when the busy timeout runs out is said in
    /// words; nobody should see "database is locked".
    fn from(error: rusqlite::Error) -> StoreError {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(error),
        }
    }
}

/// An open database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Who the changes made through this store are attributed to.
    actor: Actor,
    read_only: bool,
    /// What opening did about the file's mode, or could not do: said once
    /// by whoever opened it (see [`Store::permission_warning`]).
    permission_note: Option<String>,
    /// The encryption key, for backups, which are encrypted alike.
    key: Option<String>,
    /// How to work timelines out, and the day to store them for: set, the
    /// store keeps stored timelines right on every write (see `stored`).
    timelines: Option<(Box<dyn TimelineSource>, chrono::NaiveDate)>,
    /// The audit trail's key (see `audit_key`), or why there is none.
    audit_key: audit_key::KeyState,
    /// What every time this store writes is read from (see `clock`).
    clock: Clock,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder,
    /// owner-only) if needed, and upgrades its schema. What it writes is
    /// stamped by a stopped clock ([`Clock::default`]): for tests; the
    /// program opens with [`Store::open_existing`] or [`Store::create`],
    /// which take the binary's clock.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_keyed(path, None)
    }

    /// Opens (creating if needed) a database encrypted with `key`, where
    /// the program is built with the `encryption` feature.
    pub fn open_keyed(path: &Path, key: Option<&str>) -> Result<Store, StoreError> {
        Store::open_with(path, key, false)
    }

    /// Opens the database at `path`; `existing`, a file that SQLite reads
    /// but that permanence never made (schema version 0: another program's
    /// database, or a backup stopped before it wrote anything) is refused
    /// by name rather than made into a new, empty database.
    fn open_with(path: &Path, key: Option<&str>, existing: bool) -> Result<Store, StoreError> {
        // Refused before anything is created: no plain file made by mistake.
        if key.is_some() && !ENCRYPTION {
            return Err(StoreError::NoEncryption);
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            create_private_dir(parent)?;
        }
        if path.is_dir() {
            return Err(StoreError::IsAFolder(path.to_path_buf()));
        }
        if !path.exists() {
            create_private_file(path)?;
        }
        // Before SQLite makes the -wal and -shm files, which copy its mode.
        let permission_note = files::make_private(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        apply_key(&conn, key)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Refuse a newer database before anything, even the journal mode, is written.
        migrations::refuse_newer(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_database(e, path),
            other => other,
        })?;
        if existing && migrations::never_made(&conn)? {
            return Err(StoreError::NotADatabase(path.to_path_buf()));
        }
        configure(&conn).map_err(|e| not_a_database(e, path))?;
        migrations::migrate(&mut conn).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_database(e, path),
            other => other,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: Actor::system(),
            read_only: false,
            permission_note,
            key: key.map(String::from),
            timelines: None,
            audit_key: audit_key::KeyState::NotYet,
            clock: Clock::default(),
        };
        store.settle_audit_key()?;
        // Copies left by dry runs that were killed part-way: theirs to
        // remove, and no one else will (`rehearsal::remove_stale`).
        rehearsal::remove_stale(path);
        Ok(store)
    }

    /// Opens the database that is already at `path`, as `actor`: a path
    /// with no file, or an empty file, is refused and nothing is created.
    /// How the program opens a database for every command but `init`
    /// and `demo`; every time it writes is read from `clock`.
    pub fn open_existing(
        path: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
    ) -> Result<Store, StoreError> {
        // A key this build cannot use is the first thing to say.
        if key.is_some() && !ENCRYPTION {
            return Err(StoreError::NoEncryption);
        }
        refuse_missing(path)?;
        let mut store = Store::open_with(path, key, true)?;
        store.actor = actor;
        store.clock = clock;
        Ok(store)
    }

    /// Creates a new database at `path`, as `actor`, refusing if anything
    /// is there already: for `init` and the demo, stamped by `clock`.
    pub fn create(path: &Path, actor: Actor, key: Option<&str>, clock: Clock) -> Result<Store, StoreError> {
        match std::fs::symlink_metadata(path) {
            // Left by something else, or a crash: not a database to open.
            Ok(meta) if meta.is_file() && meta.len() == 0 => {
                return Err(StoreError::EmptyFile(path.to_path_buf()));
            }
            Ok(_) => return Err(StoreError::AlreadyExists(path.to_path_buf())),
            Err(_) => {}
        }
        let mut store = Store::open_as_keyed(path, actor, key)?;
        store.clock = clock;
        Ok(store)
    }

    /// Opens the database read-only at the SQLite level: nothing this
    /// process does can write to it, not even an audit entry.
    pub fn open_read_only(path: &Path, actor: Actor) -> Result<Store, StoreError> {
        Store::open_read_only_keyed(path, actor, None, Clock::default())
    }

    /// As [`Store::open_read_only`], for an encrypted database, with the
    /// clock that stamps what a read-only session still records (what it
    /// read, see [`Store::record_read`]).
    pub fn open_read_only_keyed(
        path: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
    ) -> Result<Store, StoreError> {
        refuse_missing(path)?;
        let permission_note = files::make_private(path);
        let conn = files::read_only_connection(path, key)?;
        migrations::refuse_newer(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_database(e, path),
            other => other,
        })?;
        let found: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_a_database(e, path))?;
        if found == 0 {
            return Err(StoreError::NotADatabase(path.to_path_buf()));
        }
        if found < migrations::latest() {
            return Err(StoreError::NeedsUpgrade {
                found,
                supported: migrations::latest(),
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor,
            read_only: true,
            permission_note,
            key: key.map(String::from),
            timelines: None,
            audit_key: audit_key::KeyState::read_only(path),
            clock,
        })
    }

    /// A second connection to this store's file, read-only at the SQLite
    /// level, as the same person with the same key and clock: for a bulk
    /// read split in two, one part on another thread (a connection serves
    /// one thread at a time). Its reads see the database as committed when
    /// each begins, as another user's would.
    pub fn reader(&self) -> Result<Store, StoreError> {
        Store::open_read_only_keyed(&self.path, self.actor.clone(), self.key.as_deref(), self.clock)
    }

    /// Runs `read` inside one read transaction: every query it makes sees
    /// the same snapshot (a save landing part-way through is seen by none
    /// of it, as the report or panel read from it would otherwise mix two
    /// states of the record), and the file's shared lock is taken once,
    /// not once a query (a tenth of the adoption timeliness measures' time
    /// at 100,000 children, which read 10,000 children one by one). Inside
    /// a transaction already, `read` runs in that one.
    pub fn in_one_read<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return read(self);
        }
        self.conn.execute_batch("BEGIN").map_err(StoreError::from)?;
        let result = read(self);
        // A transaction that only read ends the same either way; rolled
        // back where it cannot commit, so the connection is never left in it.
        let ended = self
            .conn
            .execute_batch("COMMIT")
            .or_else(|_| self.conn.execute_batch("ROLLBACK"))
            .map_err(StoreError::from);
        let value = result?;
        ended?;
        Ok(value)
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// What opening did about a database file others could read: made
    /// owner-only (with its -wal and -shm files) where this user owns it,
    /// else a warning. Special category data should be owner-only (or, on
    /// a shared server, reachable only through the service account).
    pub fn permission_warning(&self) -> Option<String> {
        self.permission_note.clone()
    }

    /// Opens the database with every change attributed to `actor`, stamped
    /// by a stopped clock, as [`Store::open`].
    pub fn open_as(path: &Path, actor: Actor) -> Result<Store, StoreError> {
        Store::open_as_keyed(path, actor, None)
    }

    /// As [`Store::open_as`], for an encrypted database.
    pub fn open_as_keyed(path: &Path, actor: Actor, key: Option<&str>) -> Result<Store, StoreError> {
        let mut store = Store::open_keyed(path, key)?;
        store.actor = actor;
        Ok(store)
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The clock this store stamps what it writes with: for an edge that
    /// shows the time of a save.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this build of the program writes.
    pub fn schema_version() -> u32 {
        migrations::latest()
    }

    /// Runs `change` in one transaction: everything it does is committed
    /// together, or, if it returns an error, nothing is.
    pub fn write<T, E>(&mut self, change: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.transaction(change, true)
    }

    /// Like [`Store::write`], but always rolls back: for dry runs that
    /// want to know exactly what a change would do.
    ///
    /// The rehearsal runs on a copy in memory of one consistent snapshot,
    /// so it holds no lock on the database: a long dry run no longer makes
    /// everyone else's saves fail with "busy" (issue 16).
    pub fn rehearse<T, E>(&mut self, change: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.read_only {
            return Err(StoreError::ReadOnly.into());
        }
        // SQLCipher cannot copy an encrypted database into a plain one in
        // memory: an encrypted database rehearses under the write lock.
        if self.key.is_some() {
            return self.transaction(change, false);
        }
        let snapshot = rehearsal::snapshot(&self.conn)?;
        let live = std::mem::replace(&mut self.conn, snapshot.conn);
        let rehearsed = self.transaction(change, false);
        // The copy closed before its file (if any) is removed.
        drop(std::mem::replace(&mut self.conn, live));
        drop(snapshot.file);
        rehearsed
    }

    fn transaction<T, E>(
        &mut self,
        change: impl FnOnce(&mut Writer<'_>) -> Result<T, E>,
        commit: bool,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.read_only {
            return Err(StoreError::ReadOnly.into());
        }
        // IMMEDIATE takes the write lock at the start, so a transaction that
        // reads then writes cannot fail half-way for another writer's sake.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let now = self.clock.stamp();
        // Returning early on error drops `tx`, which rolls it back.
        let value = change(&mut Writer::new(&tx, &self.actor, &self.audit_key, now))?;
        // What the change made stale is worked out again before it is
        // committed, so no one ever reads a stored timeline that is wrong.
        if let (true, Some((source, today))) = (commit, &self.timelines) {
            stored::refresh_some(&tx, source.as_ref(), *today, stored::IN_A_WRITE)?;
        }
        if commit {
            tx.commit().map_err(StoreError::from)?;
        } else {
            tx.rollback().map_err(StoreError::from)?;
        }
        Ok(value)
    }
}

/// Unlocks an encrypted database. Without the `encryption` feature a key
/// is refused rather than ignored, so nobody believes a plain file is
/// encrypted.
#[cfg(feature = "encryption")]
pub(crate) fn apply_key(conn: &Connection, key: Option<&str>) -> Result<(), StoreError> {
    // SQLCipher otherwise logs to standard error, over the screen.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", key)?;
    }
    Ok(())
}

#[cfg(not(feature = "encryption"))]
pub(crate) fn apply_key(_conn: &Connection, key: Option<&str>) -> Result<(), StoreError> {
    match key {
        Some(_) => Err(StoreError::NoEncryption),
        None => Ok(()),
    }
}

/// Whether this build can encrypt databases.
pub const ENCRYPTION: bool = cfg!(feature = "encryption");

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Several workers share one database: WAL lets readers carry on while
    // one writes (and the busy timeout set on opening waits out a short
    // write lock instead of failing at once).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a transaction reported as saved survives a power cut too, not
    // only a crash of the program.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    keep_statements(conn)
}

/// How every connection the store reads or writes through keeps its
/// statements: up to [`STATEMENTS`] of them prepared, and query plans
/// that do not change with the values bound. Otherwise SQLite marks a
/// statement such as `WHERE child_id = ?1` to be planned again when a
/// bound 0 or 1 changes, and rusqlite clears a cached statement's values
/// when it is put back: every cached statement was compiled again on every
/// use, an eighth of the demo's time, and over half a dry run's (whose
/// copy of the database lacked it) at 100,000 children.
pub(crate) fn keep_statements(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// How many prepared statements a connection keeps. rusqlite keeps 16 by
/// default; a bulk write cycles through more than that (children, carers,
/// plans, events, done items, the audit trail, the stored timelines), and
/// each one pushed out is parsed and planned again on its next use: that
/// was a third of the demo's time. The family network's writes (issue 10)
/// took it past 64.
const STATEMENTS: usize = 160;

/// A folder, a path with nothing there, or an empty file is not a
/// database: said before SQLite is asked, which would make one.
fn refuse_missing(path: &Path) -> Result<(), StoreError> {
    if path.is_dir() {
        return Err(StoreError::IsAFolder(path.to_path_buf()));
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::Missing(path.to_path_buf())),
        Ok(meta) if meta.len() == 0 => Err(StoreError::EmptyFile(path.to_path_buf())),
        // Anything else (a folder that cannot be read, say) SQLite names.
        _ => Ok(()),
    }
}

fn not_a_database(error: rusqlite::Error, path: &Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Sqlite(error),
    }
}

/// Creates the database file owner-only before SQLite opens it: SQLite
/// gives its WAL and shared-memory files the same permissions.
pub(crate) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        // Another process created it first: fine, SQLite opens theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::CreateFile {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|source| StoreError::CreateDir {
            path: path.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests;
