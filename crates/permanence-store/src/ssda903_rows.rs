//! The rows of the authority's SSDA903 files as they were imported
//! (`ssda903_rows`), kept so that `export ssda903` writes back what the
//! product does not model; and what an export needs of the events: where
//! each imported one stands now, and those recorded in the app.
//!
//! Written only by an import, inside its one transaction, with one audit
//! entry for each child whose rows changed: the same files again write
//! nothing, not even to the trail.

use crate::audit::Change;
use crate::{AuditAction, IMPORT_REASON, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::event::Event;
use permanence_domain::ssda903::Table;
use permanence_domain::ssda903::export::SourceNow;
use permanence_domain::ssda903::kept::KeptRow;
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, HashMap};

/// What keeping a child's rows did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeptChange {
    /// Rows added or replaced with other cells.
    pub written: usize,
    /// Rows the files no longer hold, within the span they speak for.
    pub removed: usize,
}

impl KeptChange {
    pub fn changed(&self) -> bool {
        self.written + self.removed > 0
    }
}

fn table_of(name: &str) -> Result<Table, StoreError> {
    Table::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(|| StoreError::Corrupt(format!("ssda903_rows.tbl {name:?}")))
}

fn key_text(key: Option<NaiveDate>) -> String {
    key.map(iso).unwrap_or_default()
}

fn key_of(text: &str) -> Result<Option<NaiveDate>, StoreError> {
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(crate::day::day(text, "ssda903_rows.key")?))
}

/// The cells as stored: a JSON object, column → value, in column order.
fn cells_json(row: &KeptRow) -> String {
    let map: serde_json::Map<String, serde_json::Value> = row
        .cells
        .iter()
        .map(|(c, v)| (c.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn cells_of(text: &str, table: Table) -> Result<Vec<(String, String)>, StoreError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("ssda903_rows.cells: {e}")))?;
    let Some(map) = value.as_object() else {
        return Err(StoreError::Corrupt(
            "ssda903_rows.cells is not an object".to_string(),
        ));
    };
    let mut cells: Vec<(String, String)> = map
        .iter()
        .map(|(c, v)| (c.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let columns = permanence_domain::ssda903::kept::columns(table);
    cells.sort_by_key(|(c, _)| columns.iter().position(|x| x == c).unwrap_or(usize::MAX));
    Ok(cells)
}

type Stored = HashMap<(Table, String), String>;

fn stored_of(conn: &Connection, child: ChildId) -> Result<Stored, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT tbl, key, cells FROM ssda903_rows WHERE child_id = ?1")?;
    let rows = statement.query_map([child.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (table, key, cells) = row?;
        out.insert((table_of(&table)?, key), cells);
    }
    Ok(out)
}

impl Writer<'_> {
    /// The latest day the child's kept rows reach (a row's own date, or
    /// an episode's end): files that stop before it are older than what
    /// the record holds for the child.
    pub fn ssda903_reach(&self, child: ChildId) -> Result<Option<NaiveDate>, StoreError> {
        let stored = stored_of(self.tx, child)?;
        let mut reach: Option<NaiveDate> = None;
        for ((table, key), cells) in &stored {
            let mut days = vec![key_of(key)?];
            if *table == Table::Episodes {
                let cells = cells_of(cells, *table)?;
                let dec = cells.iter().find(|(c, _)| c == "DEC").map(|(_, v)| v.as_str());
                days.push(dec.and_then(|d| permanence_domain::ssda903::rows::parse_903_date(d).ok()));
            }
            reach = reach.max(days.into_iter().flatten().max());
        }
        Ok(reach)
    }

    /// Keeps the child's rows of the files: each written where it is new
    /// or its cells changed, and each row kept before that the files no
    /// longer hold taken out where `span` (by table, the first and last
    /// day the files speak for) covers its key. Files `older` than what
    /// is kept for the child (an earlier year's return, which shows as
    /// open what has ended since) only add rows. One audit entry if
    /// anything changed.
    pub fn keep_ssda903_rows(
        &mut self,
        child: ChildId,
        rows: &[KeptRow],
        span: impl Fn(Table) -> Option<(NaiveDate, NaiveDate)>,
        older: bool,
    ) -> Result<KeptChange, StoreError> {
        let stored = stored_of(self.tx, child)?;
        self.keep_against(child, rows, &stored, span, older)
    }

    /// As [`Writer::keep_ssda903_rows`], for a child this import has just
    /// written new to the record: nothing is kept for them yet, so there
    /// is nothing to read back first (every row is written, with the one
    /// audit entry).
    pub fn keep_new_ssda903_rows(
        &mut self,
        child: ChildId,
        rows: &[KeptRow],
    ) -> Result<KeptChange, StoreError> {
        self.keep_against(child, rows, &Stored::new(), |_| None, false)
    }

    /// The rows kept against what was `stored` before.
    fn keep_against(
        &mut self,
        child: ChildId,
        rows: &[KeptRow],
        stored: &Stored,
        span: impl Fn(Table) -> Option<(NaiveDate, NaiveDate)>,
        older: bool,
    ) -> Result<KeptChange, StoreError> {
        let mut change = KeptChange::default();
        let mut held = std::collections::HashSet::new();
        for row in rows {
            let key = key_text(row.key);
            let cells = cells_json(row);
            held.insert((row.table, key.clone()));
            match stored.get(&(row.table, key.clone())) {
                Some(was) if *was == cells || older => continue,
                _ => {}
            }
            self.tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO ssda903_rows (child_id, tbl, key, cells) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![child.0, row.table.name(), key, cells])?;
            change.written += 1;
        }
        let mut gone: Vec<&(Table, String)> = stored.keys().filter(|k| !held.contains(*k)).collect();
        gone.sort();
        for (table, key) in gone {
            if older {
                break;
            }
            let Some((from, to)) = span(*table) else {
                continue;
            };
            let Some(on) = key_of(key)? else {
                continue;
            };
            if on < from || on > to {
                continue;
            }
            self.tx
                .prepare_cached("DELETE FROM ssda903_rows WHERE child_id = ?1 AND tbl = ?2 AND key = ?3")?
                .execute(params![child.0, table.name(), key])?;
            change.removed += 1;
        }
        if change.changed() {
            let reference = self.reference_of(child)?;
            self.audit(Change {
                action: AuditAction::Import,
                entity: "ssda903-rows",
                reference: Some(&reference),
                entity_id: None,
                before: None,
                after: Some(serde_json::json!({
                    "written": change.written,
                    "removed": change.removed,
                })),
            })?;
        }
        Ok(change)
    }
}

/// What an export needs of one child's events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildEvents {
    /// Each `ssda903:` source, as it stands now.
    pub sources: HashMap<String, SourceNow>,
    /// The current events recorded in the app.
    pub app: Vec<(Event, NaiveDate)>,
}

impl Store {
    /// Every kept row, by child reference, in reference order.
    pub fn ssda903_rows(&self) -> Result<BTreeMap<String, Vec<KeptRow>>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT c.ref, r.tbl, r.key, r.cells FROM ssda903_rows r JOIN children c ON c.id = r.child_id
             ORDER BY c.ref, r.tbl, r.key",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out: BTreeMap<String, Vec<KeptRow>> = BTreeMap::new();
        for row in rows {
            let (reference, table, key, cells) = row?;
            let table = table_of(&table)?;
            out.entry(reference).or_default().push(KeptRow {
                table,
                key: key_of(&key)?,
                cells: cells_of(&cells, table)?,
            });
        }
        Ok(out)
    }

    /// Every child's events as an export reads them, by reference: where
    /// each imported (`ssda903:`) source stands, and what was recorded in
    /// the app. An event is the app's where a person corrected or
    /// withdrew it (the reason is theirs, not an import's).
    pub fn ssda903_events(&self) -> Result<HashMap<String, ChildEvents>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT c.ref, e.event, e.on_date, e.status, e.reason, e.source, p.reason
             FROM events e JOIN children c ON c.id = e.child_id
             LEFT JOIN events p ON p.id = e.replaces
             WHERE e.source IS NULL OR e.source LIKE 'ssda903:%'
             ORDER BY e.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let by_person = |reason: Option<&str>| reason.is_some_and(|r| !r.starts_with(IMPORT_REASON));
        let mut out: HashMap<String, ChildEvents> = HashMap::new();
        for row in rows {
            let (reference, event, on, status, reason, source, replaced_reason) = row?;
            let event =
                Event::parse(&event).ok_or_else(|| StoreError::Corrupt(format!("events.event {event:?}")))?;
            let on = crate::day::day(&on, "events.on_date")?;
            let child = out.entry(reference).or_default();
            match (source, status.as_str()) {
                (None, "current") => child.app.push((event, on)),
                (Some(source), "current") => {
                    let in_app = by_person(replaced_reason.as_deref());
                    child
                        .sources
                        .insert(source, SourceNow::Current { event, on, in_app });
                }
                // A current entry of the source, later or earlier, is
                // what stands.
                (Some(source), "withdrawn")
                    if !matches!(child.sources.get(&source), Some(SourceNow::Current { .. })) =>
                {
                    let in_app = by_person(reason.as_deref());
                    child
                        .sources
                        .insert(source, SourceNow::Withdrawn { event, in_app });
                }
                _ => {}
            }
        }
        Ok(out)
    }
}
