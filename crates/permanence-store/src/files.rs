//! The database's files on disk: kept owner-only, and opened read-only
//! where the folder (or the whole filesystem) cannot be written.
//!
//! SQLite gives the `-wal` and `-shm` files it makes the mode of the
//! database file, so a database made readable by others leaks through all
//! three; the owner's run puts all three right rather than only warning.

use super::{StoreError, apply_key, not_a_database};
use rusqlite::{Connection, OpenFlags};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The files SQLite keeps beside a database, which hold its data too.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `suffix` added to its file name (`x.db` → `x.db-wal`).
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes the database and its companion files owner-only (0600) where
/// this process's user owns them, and says what it did, or warns about
/// what it could not put right (another account's file, a read-only
/// filesystem). Nothing to say if all were owner-only already.
pub(crate) fn make_private(path: &Path) -> Option<String> {
    // SAFETY: geteuid only reads the process's credentials.
    let me = unsafe { libc::geteuid() };
    let mut made = Vec::new();
    let mut left = Vec::new();
    let files = std::iter::once(path.to_path_buf()).chain(COMPANIONS.iter().map(|s| companion(path, s)));
    for file in files {
        let Ok(meta) = std::fs::symlink_metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if !meta.is_file() || mode & 0o077 == 0 {
            continue;
        }
        let owner_only = std::fs::Permissions::from_mode(0o600);
        if meta.uid() == me && std::fs::set_permissions(&file, owner_only).is_ok() {
            made.push(format!("{} (was mode {mode:o})", file.display()));
        } else {
            left.push(format!("{} (mode {mode:o})", file.display()));
        }
    }
    let mut notes = Vec::new();
    if !made.is_empty() {
        notes.push(format!(
            "note: {} could be read by others; permanence has made it owner-only (mode 600), as records about children must be",
            made.join(", ")
        ));
    }
    if !left.is_empty() {
        notes.push(format!(
            "warning: {} can be read by others; make it owner-only with chmod 600 as the account that owns it",
            left.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// A read-only connection to the database at `path`, checked readable.
///
/// SQLite reads a WAL database through its `-shm` file, which it must be
/// able to create; in a folder this user cannot write, or on a read-only
/// filesystem, it cannot. There the database is opened as immutable,
/// which needs no `-shm`: sound when no `-wal` holds changes not yet in
/// the file, and refused, saying why, when one does. Immutable also means
/// SQLite does not look for changes while the session stays open: such a
/// folder holds an archive or a copy, which nobody is saving into.
pub(crate) fn read_only_connection(path: &Path, key: Option<&str>) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = prepared(Connection::open_with_flags(path, flags)?, key)?;
    match probe(&conn) {
        Ok(()) => return Ok(conn),
        Err(error) if !cannot_open(&error) => return Err(not_a_database(error, path)),
        Err(_) => {}
    }
    drop(conn);
    let wal = companion(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::UnreadableWal(path.to_path_buf()));
    }
    let flags = flags | OpenFlags::SQLITE_OPEN_URI;
    let conn = prepared(Connection::open_with_flags(immutable_uri(path), flags)?, key)?;
    probe(&conn).map_err(|e| not_a_database(e, path))?;
    Ok(conn)
}

fn prepared(conn: Connection, key: Option<&str>) -> Result<Connection, StoreError> {
    super::keep_statements(&conn)?;
    apply_key(&conn, key)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// Reads the schema, which is where a WAL database first needs its `-shm`.
fn probe(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map(|_| ())
}

/// Whether SQLite could not open the file's companions, rather than
/// finding something wrong with the database itself.
fn cannot_open(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

/// `file:` URI for `path` with `immutable=1`: every byte but the
/// unreserved ones and `/` escaped, so no name can add a parameter.
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_immutable_uri_escapes_what_would_read_as_a_parameter() {
        let uri = immutable_uri(Path::new("/data/a b?mode=rw#x%.db"));
        assert_eq!(uri, "file:/data/a%20b%3Fmode%3Drw%23x%25.db?immutable=1");
    }

    #[test]
    fn the_owner_s_files_are_made_owner_only_with_their_companions() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        for file in [db.clone(), companion(&db, "-wal"), companion(&db, "-shm")] {
            std::fs::write(&file, b"x").unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let note = make_private(&db).unwrap();
        assert!(note.contains("has made it owner-only"), "{note}");
        for file in [db.clone(), companion(&db, "-wal"), companion(&db, "-shm")] {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        assert_eq!(make_private(&db), None);
    }
}
