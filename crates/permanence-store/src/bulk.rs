//! Writing a whole new database at once (the demo's): flushing every
//! commit to disk one by one is most of what such a load waits for on a
//! busy disk, and SQLite's default page cache (2 MB) is far smaller than
//! the tables and indexes it fills.

use crate::{Store, StoreError};
use rusqlite::Connection;

/// The page cache while loading, in KiB: enough for the indexes a load of
/// 100,000 children inserts into out of order to stay in memory.
const LOAD_CACHE_KB: i64 = 128 * 1024;

/// SQLite's own default page cache, in KiB, which every other use keeps.
const DEFAULT_CACHE_KB: i64 = 2000;

impl Store {
    /// Runs `load` with its commits left to the operating system to write
    /// out and a larger page cache; then writes everything out once (a
    /// checkpoint, synced) and puts both back, however `load` ended. Only
    /// for a database this process has just created and no one else uses
    /// yet: a power cut during the load can leave it unreadable, and it
    /// is then made again, as the demo's is.
    pub fn load_new<T>(
        &mut self,
        load: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -LOAD_CACHE_KB)?;
        let result = load(self);
        let restored = restore(&self.conn);
        let value = result?;
        restored?;
        Ok(value)
    }
}

/// Back to every commit synced (as `configure` sets), with what the load
/// wrote moved from the write-ahead log into the database and synced.
fn restore(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KB)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(store: &Store, name: &str) -> i64 {
        store
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_load_is_kept_and_the_settings_put_back_however_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let full = pragma(&store, "synchronous");
        let made = store
            .load_new(|s| {
                assert_eq!(pragma(s, "synchronous"), 0, "OFF while loading");
                assert_eq!(pragma(s, "cache_size"), -LOAD_CACHE_KB);
                s.conn
                    .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
                Ok(7)
            })
            .unwrap();
        assert_eq!(made, 7);
        assert_eq!(pragma(&store, "synchronous"), full);
        assert_eq!(pragma(&store, "cache_size"), -DEFAULT_CACHE_KB);
        let failed = store.load_new(|s| -> Result<(), StoreError> {
            s.conn.execute_batch("SELECT * FROM no_such_table")?;
            Ok(())
        });
        assert!(failed.is_err());
        assert_eq!(pragma(&store, "synchronous"), full);
        assert_eq!(pragma(&store, "cache_size"), -DEFAULT_CACHE_KB);
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}
