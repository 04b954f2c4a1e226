//! One very large write (a national return's first import: a hundred
//! thousand children in one transaction) with SQLite's statement journal
//! kept in memory. Every statement whose triggers write (an event's,
//! a plan's, a child's: `stale_on_*`) keeps a journal of the pages it
//! changes so that it can be undone alone; SQLite keeps that journal in
//! memory until one statement's passes 64 KiB, then in a temporary file
//! for the rest of the transaction, and a long import then wrote every
//! statement's pages to that file: a fifth of its time in a profile of a
//! 20,000 import (docs/performance.md). `temp_store = MEMORY` keeps it in
//! memory, where each statement's is let go as the statement ends (a few
//! pages); the setting is put back after, so that the large sorts of
//! other commands still go to disk.
//!
//! The page cache is also made larger for the write, [`LARGE_CACHE_KIB`]
//! rather than SQLite's 2 MiB. A transaction that changes more pages than
//! the cache holds writes ("spills") changed pages into the write-ahead
//! log before it commits, and reads them back through the log's index; at
//! national scale that was a fifth of the import's profile. With 32 MiB
//! the national import took 40.5 to 47.4 s (six runs) against 44.1 to
//! 57.6 s (eight) with 2 MiB, alternating, for 11 MB more at its peak
//! (64 MiB: no faster, 45 MB more; docs/performance.md, 07/12/2026
//! evening). An earlier single run under load had found it slower; the
//! alternating runs did not. Put back after, as `temp_store` is.

/// The page cache, in KiB, for one very large write.
const LARGE_CACHE_KIB: i64 = 32 * 1024;

use crate::{Store, StoreError, Writer};

impl Store {
    /// As [`Store::write`], with temporary storage (statement journals,
    /// temporary tables and sorts) in memory for this write only. For a
    /// write whose statements each change few pages but which makes very
    /// many of them.
    pub fn write_large<T, E>(&mut self, change: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let was: i64 = self
            .conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn
            .pragma_update(None, "temp_store", "MEMORY")
            .map_err(StoreError::from)?;
        let result = self.with_large_cache(|store| store.write(change));
        let restored = self.conn.pragma_update(None, "temp_store", was);
        let value = result?;
        restored.map_err(StoreError::from)?;
        Ok(value)
    }

    /// Runs `work` with a page cache of [`LARGE_CACHE_KIB`], the setting
    /// put back after however it ends: for a transaction that changes far
    /// more pages than SQLite's 2 MiB hold (a national import, a bulk
    /// refresh of every timeline).
    pub(crate) fn with_large_cache<T, E>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let cache_was: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn
            .pragma_update(None, "cache_size", -LARGE_CACHE_KIB)
            .map_err(StoreError::from)?;
        let result = work(self);
        let restored = self.conn.pragma_update(None, "cache_size", cache_was);
        let value = result?;
        restored.map_err(StoreError::from)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_store(store: &Store) -> i64 {
        store
            .conn
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .unwrap_or(-1)
    }

    fn cache_size(store: &Store) -> i64 {
        store
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap_or(0)
    }

    #[test]
    fn the_write_has_a_larger_page_cache_and_the_setting_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("large.db")).unwrap();
        let before = cache_size(&store);
        assert_ne!(before, -LARGE_CACHE_KIB);
        let during: Result<i64, StoreError> =
            store.write_large(|w| Ok(w.tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?));
        assert_eq!(during.ok(), Some(-LARGE_CACHE_KIB));
        assert_eq!(cache_size(&store), before);
        let failed: Result<(), StoreError> = store.write_large(|_| Err(StoreError::ReadOnly));
        assert!(failed.is_err());
        assert_eq!(cache_size(&store), before);
    }

    #[test]
    fn a_bulk_refresh_has_the_larger_page_cache_and_puts_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("large.db")).unwrap();
        let before = cache_size(&store);
        let during: Result<i64, StoreError> = store.with_large_cache(|s| Ok(cache_size(s)));
        assert_eq!(during.ok(), Some(-LARGE_CACHE_KIB));
        assert_eq!(cache_size(&store), before);
        let failed: Result<(), StoreError> = store.with_large_cache(|_| Err(StoreError::ReadOnly));
        assert!(failed.is_err());
        assert_eq!(cache_size(&store), before);
        store.refresh_timelines_in_bulk(chrono::NaiveDate::MIN).unwrap();
        assert_eq!(cache_size(&store), before);
    }

    #[test]
    fn the_write_has_temporary_storage_in_memory_and_the_setting_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("large.db")).unwrap();
        let before = temp_store(&store);
        let during: Result<i64, StoreError> =
            store.write_large(|w| Ok(w.tx.query_row("PRAGMA temp_store", [], |r| r.get(0))?));
        assert_eq!(during.ok(), Some(2), "MEMORY during the write");
        assert_eq!(temp_store(&store), before);
        // And however the write ends.
        let failed: Result<(), StoreError> = store.write_large(|_| Err(StoreError::ReadOnly));
        assert!(failed.is_err());
        assert_eq!(temp_store(&store), before);
    }
}
