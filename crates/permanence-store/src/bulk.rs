//! Writing a whole new database at once (the demo's): flushing every
//! commit to disk one by one is most of what such a load waits for on a
//! busy disk. (A larger page cache while loading was tried before and was
//! slower: docs/performance.md.) Inside a bulk load (one summary audit
//! entry, [`Writer::bulk_load`]) events and done items are written by one
//! statement each, without reading back what a single save reads only to
//! say in its own audit entry.

use crate::{Outcome, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::event::Event;
use permanence_domain::plan::PlanId;
use rusqlite::{Connection, params};

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

impl Writer<'_> {
    /// Records an event in a bulk load: the same row as
    /// [`Writer::record_event`] writes, and nothing where the same event
    /// on the same day already stands. An event that makes or ends an
    /// order, which the record's legal status may follow, and any event
    /// outside a bulk load, go through [`Writer::record_event`] itself.
    pub fn load_event(&mut self, child: ChildId, event: Event, on: NaiveDate) -> Result<Outcome, StoreError> {
        if !self.quiet || self.legal_status_followed(child, event)?.is_some() {
            return self.record_event(child, event, on);
        }
        let written = self
            .tx
            .prepare_cached(
                "INSERT INTO events (child_id, event, on_date, note, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, NULL, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params![child.0, event.code(), iso(on), self.actor.user, self.now])?;
        Ok(if written == 0 {
            Outcome::Unchanged
        } else {
            Outcome::Created
        })
    }

    /// Marks an item done in a bulk load: the same row as
    /// [`Writer::mark_done`] leaves (with no note). Outside a bulk load it
    /// is [`Writer::mark_done`] itself.
    pub fn load_done(&mut self, plan: PlanId, key: &str, on: NaiveDate) -> Result<(), StoreError> {
        if !self.quiet {
            return self.mark_done(plan, key, on, None).map(|_| ());
        }
        self.put_done(plan, key, on, None)
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

    /// Events (child, event, day, status, note and who), done items
    /// (plan, key, day and note) and the child's legal status.
    type Record = (
        Vec<(i64, String, String, String)>,
        Vec<(i64, String, String)>,
        String,
    );

    /// The events and done items of one child, as the record keeps them
    /// (without the moment they were written).
    fn record(store: &Store) -> Record {
        let events = store
            .conn
            .prepare("SELECT child_id, event, on_date, status || ifnull(note, '-') || recorded_by FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let done = store
            .conn
            .prepare(
                "SELECT plan_id, key, done_on || ifnull(note, '-') FROM done_items ORDER BY plan_id, key",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let status = store
            .conn
            .query_row("SELECT legal_status FROM children", [], |r| r.get(0))
            .unwrap();
        (events, done, status)
    }

    /// Writes the same events and done items one by one or loaded in
    /// bulk; what the record holds after.
    fn written(bulk: bool) -> Record {
        use permanence_domain::child::{ChildFields, LegalStatus};
        use permanence_domain::event::Event;
        use permanence_domain::plan::{PlanRole, Stage};
        use permanence_domain::plan_import::PlanRow;
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        store
            .write(|w| {
                if bulk {
                    w.bulk_load();
                }
                let child = ChildFields {
                    reference: "B1".into(),
                    given_name: "Ava".into(),
                    family_name: "Hill".into(),
                    legal_status: LegalStatus::Ico,
                    ..ChildFields::default()
                };
                w.put_child(&child)?;
                let id = w.child_id("B1")?.unwrap();
                let row = PlanRow {
                    line: 0,
                    reference: "B1".into(),
                    pathway: "adoption".into(),
                    role: PlanRole::Primary,
                    start: day(1),
                    stage: Stage::Proceedings,
                };
                let (_, plan) = w.put_plan(id, &row)?;
                // The same PPM twice, and an order the legal status follows.
                for (event, on) in [
                    (Event::Ppm, day(2)),
                    (Event::Ppm, day(2)),
                    (Event::Issue, day(3)),
                    (Event::PlacementOrder, day(9)),
                ] {
                    if bulk {
                        w.load_event(id, event, on)?;
                    } else {
                        w.record_event(id, event, on)?;
                    }
                }
                for (key, on) in [("a", day(4)), ("b", day(5)), ("c", day(6))] {
                    if bulk {
                        w.load_done(plan, key, on)?;
                    } else {
                        w.mark_done(plan, key, on, None)?;
                    }
                }
                w.end_bulk_load();
                Ok::<_, StoreError>(())
            })
            .unwrap();
        record(&store)
    }

    #[test]
    fn a_bulk_load_writes_the_events_and_done_items_one_by_one_would() {
        let one_by_one = written(false);
        let bulk = written(true);
        assert_eq!(bulk, one_by_one);
        assert_eq!(
            bulk.0.len(),
            3,
            "the second PPM on the same day is not written again"
        );
        assert_eq!(bulk.2, "po", "the legal status follows the order");
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
