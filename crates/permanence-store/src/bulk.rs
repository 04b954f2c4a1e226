//! Writing a whole new database at once (the demo's): flushing every
//! commit to disk one by one is most of what such a load waits for on a
//! busy disk. (A larger page cache while loading was tried before and was
//! slower: docs/performance.md.)

use crate::{Store, StoreError};
use rusqlite::Connection;

impl Store {
    /// Runs `load` with its commits left to the operating system to write
    /// out; then writes everything out once (a checkpoint, synced) and
    /// syncs every commit again, however `load` ended. Only
    /// for a database this process has just created and no one else uses
    /// yet: a power cut during the load can leave it unreadable, and it
    /// is then made again, as the demo's is.
    pub fn load_new<T>(
        &mut self,
        load: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
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
    fn a_load_is_kept_and_syncing_put_back_however_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let full = pragma(&store, "synchronous");
        let made = store
            .load_new(|s| {
                assert_eq!(pragma(s, "synchronous"), 0, "OFF while loading");
                s.conn
                    .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
                Ok(7)
            })
            .unwrap();
        assert_eq!(made, 7);
        assert_eq!(pragma(&store, "synchronous"), full);
        let failed = store.load_new(|s| -> Result<(), StoreError> {
            s.conn.execute_batch("SELECT * FROM no_such_table")?;
            Ok(())
        });
        assert!(failed.is_err());
        assert_eq!(pragma(&store, "synchronous"), full);
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}
