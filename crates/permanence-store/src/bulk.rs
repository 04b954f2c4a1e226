//! Writing a whole new database at once (the demo's): flushing every
//! commit to disk one by one is most of what such a load waits for on a
//! busy disk, and writing every page to the write-ahead log and then
//! copying it back into the file doubles what is written (the load's
//! rollback journal is kept in memory instead; see `staged` for why that
//! is safe). (A larger page cache while loading was tried before and was
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
    /// out and its rollback journal in memory rather than the
    /// write-ahead log; then puts the write-ahead log back (everything
    /// written out once, synced) and syncs every commit again, however
    /// `load` ended. Only for a database this process has just created
    /// under a temporary name ([`Store::create_staged`]) and no one else
    /// uses: a power cut or a kill during the load can leave it
    /// unreadable, and it is then never given its name. A load that fails
    /// is still rolled back whole (the journal in memory undoes it).
    pub fn load_new<T>(
        &mut self,
        load: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        journal_mode(&self.conn, "memory")?;
        let result = load(self);
        let restored = restore(&self.conn).and_then(|()| crate::backup::sync_file(&self.path));
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
    /// handling and its `INSERT OR IGNORE` fails.) A load's items are
    /// nearly all new (the demo's all are), so the insert is tried first
    /// and the update made only where the item was there already: one
    /// statement an item rather than an update that finds nothing and
    /// then an insert. Only a conflict on the item's key is passed over;
    /// any other constraint still fails the load.
    pub fn load_done(&mut self, plan: PlanId, key: &str, on: NaiveDate) -> Result<(), StoreError> {
        if !self.quiet {
            return self.mark_done(plan, key, on, None).map(|_| ());
        }
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO done_items (plan_id, key, done_on, note) VALUES (?1, ?2, ?3, NULL)
                 ON CONFLICT (plan_id, key) DO NOTHING",
            )?
            .execute(params![plan.0, key, iso(on)])?;
        if inserted == 0 {
            self.put_done(plan, key, on, None)?;
        }
        Ok(())
    }
}

/// A table whose rows a bulk load writes by the thousand, whose
/// `stale_on_*` insert trigger only marks the new row's child stale (and
/// drops their stored timeline): the columns that name a row and its
/// child, and the children a set of its rows (`{rows}`) name, a done
/// item's through its plan.
struct Marked {
    table: &'static str,
    key: &'static str,
    children: &'static str,
}

/// `children` first: where it was empty before the load, its marking is
/// every other table's too (see `mark`).
const MARKED: &[Marked] = &[
    Marked {
        table: "children",
        key: "id",
        children: "SELECT id FROM {rows}",
    },
    Marked {
        table: "child_carers",
        key: "child_id, carer_id",
        children: "SELECT child_id FROM {rows}",
    },
    Marked {
        table: "plans",
        key: "id, child_id",
        children: "SELECT child_id FROM {rows}",
    },
    Marked {
        table: "events",
        key: "id, child_id",
        children: "SELECT child_id FROM {rows}",
    },
    Marked {
        table: "done_items",
        key: "plan_id, key",
        children: "SELECT p.child_id FROM {rows} d JOIN plans p ON p.id = d.plan_id",
    },
];

/// What a load taken unmarked must put back and mark: each insert
/// trigger taken down, and for each table, the rows there before (`None`:
/// it was empty, so every row in it after is the load's).
struct Unmarked {
    triggers: Vec<String>,
    before: Vec<Option<String>>,
}

impl Writer<'_> {
    /// Runs `load` (inside a bulk load) with the triggers that mark a
    /// child stale for each new child, carer link, plan, event and done
    /// item taken down, then marks at once the children of the rows the
    /// load added, as those triggers would have row by row: they were
    /// most of what writing an event cost, and a tenth of the demo's time
    /// for the children. Only the insert triggers: a row the load changes
    /// or deletes is marked by its own trigger as ever, so the marking
    /// after need only find the new rows. In a table empty before the
    /// load (a new database's, the demo's) those are all its rows; in
    /// any other, the rows whose key was not there before (the keys are
    /// copied aside first, so a large table costs a copy). In the
    /// write's transaction, so the triggers are there again however it
    /// ends. Outside a bulk load it is `load` itself.
    pub fn load_unmarked<T>(
        &mut self,
        load: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.quiet {
            return load(self);
        }
        let unmarked = self.unmark()?;
        let value = load(self)?;
        self.mark(unmarked)?;
        Ok(value)
    }

    /// Takes the insert triggers down and notes each table's rows.
    fn unmark(&mut self) -> Result<Unmarked, StoreError> {
        let mut unmarked = Unmarked {
            triggers: Vec::new(),
            before: Vec::new(),
        };
        for marked in MARKED {
            let found = self
                .tx
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'trigger' AND tbl_name = ?1 AND substr(name, 1, 9) = 'stale_on_'
                       AND instr(upper(sql), 'AFTER INSERT ON') > 0",
                )?
                .query_map([marked.table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<(String, String)>, _>>()?;
            for (name, sql) in found {
                self.tx
                    .execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
                unmarked.triggers.push(sql);
            }
            let any: bool = self.tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {})", marked.table),
                [],
                |r| r.get(0),
            )?;
            let before = any.then(|| format!("temp.loaded_before_{}", marked.table));
            if let Some(copy) = &before {
                self.tx.execute_batch(&format!(
                    "DROP TABLE IF EXISTS {copy}; CREATE TEMP TABLE {} AS SELECT {} FROM {};",
                    copy.trim_start_matches("temp."),
                    marked.key,
                    marked.table
                ))?;
            }
            unmarked.before.push(before);
        }
        Ok(unmarked)
    }

    /// Puts the triggers back and marks the children of the new rows.
    fn mark(&mut self, unmarked: Unmarked) -> Result<(), StoreError> {
        for sql in &unmarked.triggers {
            self.tx.execute_batch(sql)?;
        }
        // Every table here names its children through `children`'s key,
        // so where that was empty before the load (a new database's) its
        // own marking, every child, is all the others' too, and their
        // rows (millions of events and done items) need not be read.
        let every_child_new = unmarked.before.first().is_some_and(Option::is_none);
        for (i, (marked, before)) in MARKED.iter().zip(&unmarked.before).enumerate() {
            if i > 0 && every_child_new {
                if let Some(copy) = before {
                    self.tx.execute_batch(&format!("DROP TABLE {copy}"))?;
                }
                continue;
            }
            let rows = match before {
                None => marked.table.to_string(),
                Some(copy) => format!(
                    "(SELECT {key} FROM {table} EXCEPT SELECT {key} FROM {copy})",
                    key = marked.key,
                    table = marked.table
                ),
            };
            let children = marked.children.replace("{rows}", &rows);
            self.tx.execute_batch(&format!(
                "DELETE FROM stored_timelines WHERE child_id IN ({children});
                 INSERT OR IGNORE INTO stale_timelines {children};"
            ))?;
            if let Some(copy) = before {
                self.tx.execute_batch(&format!("DROP TABLE {copy}"))?;
            }
        }
        Ok(())
    }
}

/// Back to every commit synced and the write-ahead log (as `configure`
/// sets). The load wrote into the file itself (the log is empty), which
/// the caller then syncs.
fn restore(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "synchronous", "FULL")?;
    journal_mode(conn, "wal")
}

/// Sets the journal mode, refusing to go on in any other (SQLite answers
/// with the mode it is in, and keeps the old one where it cannot change).
fn journal_mode(conn: &Connection, mode: &str) -> Result<(), StoreError> {
    let now: String = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))?;
    if now.eq_ignore_ascii_case(mode) {
        Ok(())
    } else {
        Err(StoreError::Corrupt(format!(
            "the database stayed in journal mode {now}, not {mode}"
        )))
    }
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

    /// The children stale and those with a stored timeline after a load
    /// gives one child an event, one a done item, one a carer and one a
    /// plan, and adds a child, with the triggers up or `unmarked`; a
    /// fifth child, who already had an event, a done item and a carer,
    /// is left alone by the load. And every trigger's SQL after.
    fn marked(unmarked: bool) -> (Vec<i64>, Vec<i64>, Vec<String>) {
        use permanence_domain::child::ChildFields;
        use permanence_domain::event::Event;
        use permanence_domain::people::Carer;
        use permanence_domain::plan::{PlanRole, Stage};
        use permanence_domain::plan_import::PlanRow;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("u.db")).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO children (id, ref, given_name, family_name)
                     VALUES (1, 'U1', 'Ava', 'Hill'), (2, 'U2', 'Kai', 'Hill'), (3, 'U3', 'Leo', 'Hill'),
                            (4, 'U4', 'Mia', 'Hill'), (5, 'U5', 'Noa', 'Hill');
                 INSERT INTO plans (id, child_id, pathway, role, start, stage)
                     VALUES (7, 2, 'adoption', 'primary', '2026-01-05', 'proceedings'),
                            (8, 5, 'adoption', 'primary', '2026-01-05', 'proceedings');
                 INSERT INTO carers (id, name, relationship, connected_person) VALUES (1, 'Sam Hill', 'Aunt', 1);
                 INSERT INTO child_carers (child_id, carer_id) VALUES (5, 1);
                 INSERT INTO events (child_id, event, on_date) VALUES (5, 'ppm', '2026-01-06');
                 INSERT INTO done_items (plan_id, key, done_on) VALUES (8, 'a', '2026-01-06');
                 DELETE FROM stale_timelines;
                 INSERT INTO stored_timelines (child_id, library, worked_out_for)
                     SELECT id, 'x', '2026-01-01' FROM children;",
            )
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        store
            .write(|w| {
                w.bulk_load();
                let load = |w: &mut Writer<'_>| {
                    w.load_event(ChildId(1), Event::Ppm, day)?;
                    w.load_done(PlanId(7), "a", day)?;
                    let carer = Carer {
                        name: "Jo Hill".into(),
                        relationship: "Grandmother".into(),
                        connected_person: true,
                    };
                    w.add_carer(&carer, &["U3"])?;
                    let row = PlanRow {
                        line: 0,
                        reference: "U4".into(),
                        pathway: "adoption".into(),
                        role: PlanRole::Primary,
                        start: day,
                        stage: Stage::Proceedings,
                        basis: Default::default(),
                    };
                    w.put_plan(ChildId(4), &row)?;
                    let child = ChildFields {
                        reference: "U6".into(),
                        given_name: "Ola".into(),
                        family_name: "Hill".into(),
                        ..ChildFields::default()
                    };
                    w.put_child(&child).map(|_| ())
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

    /// The children stale after a load into a new database writes three
    /// children, a plan for the second and an event for the first (and
    /// nothing for the third), with the triggers up or `unmarked`.
    fn marked_new(unmarked: bool) -> Vec<i64> {
        use permanence_domain::child::ChildFields;
        use permanence_domain::event::Event;
        use permanence_domain::plan::{PlanRole, Stage};
        use permanence_domain::plan_import::PlanRow;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("n.db")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        store
            .write(|w| {
                w.bulk_load();
                let load = |w: &mut Writer<'_>| {
                    for reference in ["N1", "N2", "N3"] {
                        let child = ChildFields {
                            reference: reference.into(),
                            given_name: "Ava".into(),
                            family_name: "Hill".into(),
                            ..ChildFields::default()
                        };
                        w.put_child(&child)?;
                    }
                    let row = PlanRow {
                        line: 0,
                        reference: "N2".into(),
                        pathway: "adoption".into(),
                        role: PlanRole::Primary,
                        start: day,
                        stage: Stage::Proceedings,
                        basis: Default::default(),
                    };
                    w.put_plan(ChildId(2), &row)?;
                    w.load_event(ChildId(1), Event::Ppm, day).map(|_| ())
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
        let mut statement = store
            .conn
            .prepare("SELECT child_id FROM stale_timelines ORDER BY 1")
            .unwrap();
        statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_load_unmarked_into_a_new_database_marks_every_child_it_wrote() {
        let unmarked = marked_new(true);
        assert_eq!(unmarked, marked_new(false));
        assert_eq!(unmarked, [1, 2, 3], "the child with no plan or event too");
    }

    #[test]
    fn a_load_unmarked_marks_the_children_the_triggers_would_and_keeps_them() {
        let unmarked = marked(true);
        assert_eq!(unmarked, marked(false));
        assert_eq!(
            unmarked.0,
            [1, 2, 3, 4, 6],
            "stale: the children with a new event, done item, carer and plan, and the new child"
        );
        assert_eq!(
            unmarked.1,
            [5],
            "theirs are no longer stored; the child the load left alone keeps theirs"
        );
        for trigger in [
            "stale_on_event_insert",
            "stale_on_done_insert",
            "stale_on_child_insert",
            "stale_on_carer_link",
            "stale_on_plan_insert",
        ] {
            assert!(
                unmarked.2.iter().any(|t| t.starts_with(trigger)),
                "{trigger} is put back"
            );
        }
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
                let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
                assert_eq!(mode, "memory", "no write-ahead log while loading");
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
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "the write-ahead log back however the load ended");
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}
