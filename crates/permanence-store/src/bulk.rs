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
    /// is [`Writer::mark_done`] itself. (One upsert statement instead of
    /// an update and then an insert was tried: where the stale triggers
    /// are up, its update's trigger inherits the upsert's conflict
    /// handling and its `INSERT OR IGNORE` fails.)
    pub fn load_done(&mut self, plan: PlanId, key: &str, on: NaiveDate) -> Result<(), StoreError> {
        if !self.quiet {
            return self.mark_done(plan, key, on, None).map(|_| ());
        }
        self.put_done(plan, key, on, None)
    }
}

/// The tables whose rows a bulk load writes by the hundred thousand, whose
/// `stale_on_*` triggers only mark the row's child's stored timeline stale
/// (deleting it), and the children they name (a done item's through
/// its plan).
const MARKED: &[(&str, &str)] = &[
    ("events", "SELECT child_id FROM events"),
    (
        "done_items",
        "SELECT p.child_id FROM done_items d JOIN plans p ON p.id = d.plan_id",
    ),
];

impl Writer<'_> {
    /// Runs `load` (inside a bulk load) with the triggers that mark a
    /// child's stored timeline stale for each event and done item taken
    /// down, then marks every child with an event or done item stale at
    /// once, as the triggers would have row by row: they were most of
    /// what writing an event cost. In the write's transaction, so the
    /// triggers are there again however it ends. Outside a bulk load it
    /// is `load` itself.
    pub fn load_unmarked<T>(
        &mut self,
        load: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.quiet {
            return load(self);
        }
        let mut triggers: Vec<(String, String)> = Vec::new();
        for (table, _) in MARKED {
            let found = self
                .tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'trigger' AND tbl_name = ?1 AND substr(name, 1, 9) = 'stale_on_'",
                )?
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<(String, String)>, _>>()?;
            triggers.extend(found);
        }
        for (name, _) in &triggers {
            self.tx
                .execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
        }
        let value = load(self)?;
        for (_, sql) in &triggers {
            self.tx.execute_batch(sql)?;
        }
        for (_, children) in MARKED {
            self.tx.execute_batch(&format!(
                "DELETE FROM stored_timelines WHERE child_id IN ({children});
                 INSERT OR IGNORE INTO stale_timelines {children};"
            ))?;
        }
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
                    basis: Default::default(),
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
                // "b" again on a later day: the later day stands.
                for (key, on) in [("a", day(4)), ("b", day(5)), ("c", day(6)), ("b", day(7))] {
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

    /// The children stale and those with a stored timeline after a child
    /// with no plan gets an event and another a done item, loaded with
    /// the triggers up or `unmarked`; and every trigger's SQL after.
    fn marked(unmarked: bool) -> (Vec<i64>, Vec<i64>, Vec<String>) {
        use permanence_domain::event::Event;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("u.db")).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO children (id, ref, given_name, family_name)
                     VALUES (1, 'U1', 'Ava', 'Hill'), (2, 'U2', 'Kai', 'Hill'), (3, 'U3', 'Leo', 'Hill');
                 INSERT INTO plans (id, child_id, pathway, role, start, stage)
                     VALUES (7, 2, 'adoption', 'primary', '2026-01-05', 'proceedings');
                 DELETE FROM stale_timelines;
                 INSERT INTO stored_timelines (child_id, library, worked_out_for)
                     VALUES (1, 'x', '2026-01-01'), (2, 'x', '2026-01-01'), (3, 'x', '2026-01-01');",
            )
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        store
            .write(|w| {
                w.bulk_load();
                let load = |w: &mut Writer<'_>| {
                    w.load_event(ChildId(1), Event::Ppm, day)?;
                    w.load_done(PlanId(7), "a", day)
                };
                if unmarked {
                    w.load_unmarked(load)?;
                } else {
                    load(w)?;
                }
                w.end_bulk_load();
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let ids = |sql: &str| -> Vec<i64> {
            let mut statement = store.conn.prepare(sql).unwrap();
            statement
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let stale = ids("SELECT child_id FROM stale_timelines ORDER BY 1");
        let stored = ids("SELECT child_id FROM stored_timelines ORDER BY 1");
        let mut statement = store
            .conn
            .prepare("SELECT name || sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .unwrap();
        let triggers = statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (stale, stored, triggers)
    }

    #[test]
    fn a_load_unmarked_marks_the_children_the_triggers_would_and_keeps_them() {
        let unmarked = marked(true);
        assert_eq!(unmarked, marked(false));
        assert_eq!(
            unmarked.0,
            [1, 2],
            "stale: the child with an event, the one with a done item"
        );
        assert_eq!(unmarked.1, [3], "theirs are no longer stored");
        assert!(unmarked.2.iter().any(|t| t.starts_with("stale_on_event_insert")));
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
        let b: Vec<_> = bulk.1.iter().filter(|(_, key, _)| key == "b").collect();
        assert_eq!(b.len(), 1, "one row for an item marked done twice: {b:?}");
        assert_eq!(b[0].2, "2026-03-07-", "marked again, the later day stands");
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
