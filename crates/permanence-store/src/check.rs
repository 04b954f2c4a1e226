//! Every check of a database file, for `check` and for restore.
//!
//! `check` used to stop at the first value it could not read: a NULL
//! where a row id was expected in SQLite's foreign-key report made it
//! fail before the audit chain was read, so tampering in the same file
//! went unreported (issue 16). Here each check runs on its own, every
//! value is read as whatever SQLite holds, and anything unexpected (an
//! error, a missing table, a value of the wrong kind) becomes a problem
//! in the report instead of ending it.

use crate::audit::Anchor;
use crate::audit_key::{KEYED_SCHEMA, KeyState, key_path};
use crate::{Actor, Clock, Store, StoreError, apply_key, files, migrations, not_a_database, refuse_missing};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One part of the report: what was checked, and each problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSection {
    pub name: &'static str,
    pub problems: Vec<String>,
    /// What was found where all is well (how many audit entries, say).
    pub note: Option<String>,
    /// What the user should do where this part fails.
    pub advice: Option<&'static str>,
}

impl CheckSection {
    fn new(name: &'static str, problems: Vec<String>) -> CheckSection {
        CheckSection {
            name,
            problems,
            note: None,
            advice: None,
        }
    }
}

/// A database opened for `check`, which must leave the file as it was:
/// read-only, and, where its schema is older, an upgraded copy of it in
/// a temporary folder (removed when this is dropped).
pub struct ForCheck {
    pub store: Store,
    /// The file's own schema, where the copy was upgraded from it.
    pub upgraded_from: Option<u32>,
    _copy: Option<tempfile::TempDir>,
}

impl Store {
    /// Opens the database at `path` for `check` without changing it: no
    /// migration, no key made, nothing written. An older file is copied
    /// (one consistent snapshot) and the copy upgraded and checked, as a
    /// restore checks a backup.
    pub fn open_for_check(
        path: &Path,
        actor: Actor,
        key: Option<&str>,
        clock: Clock,
    ) -> Result<ForCheck, StoreError> {
        if key.is_some() && !crate::ENCRYPTION {
            return Err(StoreError::NoEncryption);
        }
        refuse_missing(path)?;
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
        let mut audit_key = KeyState::read_only(path);
        if found < KEYED_SCHEMA && !key_path(path).exists() {
            audit_key = KeyState::NotYet;
        }
        let store = |conn| Store {
            conn,
            path: path.to_path_buf(),
            actor,
            read_only: true,
            permission_note: None,
            key: key.map(String::from),
            timelines: None,
            audit_key,
            clock,
        };
        if found == migrations::latest() {
            return Ok(ForCheck {
                store: store(conn),
                upgraded_from: None,
                _copy: None,
            });
        }
        let folder = tempfile::Builder::new()
            .prefix("permanence-check-")
            .tempdir()
            .map_err(|source| StoreError::CreateDir {
                path: std::env::temp_dir(),
                source,
            })?;
        let mut copy = Connection::open(folder.path().join("upgraded.db"))?;
        apply_key(&copy, key)?;
        crate::backup::snapshot(&conn, &mut copy)?;
        drop(conn);
        copy.pragma_update(None, "foreign_keys", "ON")?;
        migrations::migrate(&mut copy)?;
        Ok(ForCheck {
            store: store(copy),
            upgraded_from: Some(found),
            _copy: Some(folder),
        })
    }

    /// Every check, in order, each run whatever the others found: SQLite's
    /// integrity check, references between records, the schema version and
    /// every table, index and trigger a fresh database has, and the audit
    /// trail (its chain, and that there is one wherever there are children).
    pub fn check_everything(&self) -> Vec<CheckSection> {
        self.check_everything_with(None)
    }

    /// As [`Store::check_everything`], and with `anchor`, whether the
    /// anchored entry is still in the trail unchanged.
    pub fn check_everything_with(&self, anchor: Option<&Anchor>) -> Vec<CheckSection> {
        let conn = &self.conn;
        let mut sections = vec![
            CheckSection::new(
                "integrity (SQLite's own check of the file)",
                or_problem(
                    integrity_problems(conn),
                    "SQLite could not finish its check of the file",
                ),
            ),
            CheckSection::new(
                "references between records",
                or_problem(
                    foreign_key_problems(conn),
                    "the references between records could not be checked",
                ),
            ),
            CheckSection::new("schema", schema_section(conn)),
            CheckSection::new(
                "text in every record",
                or_problem(unreadable_text(conn), "the records could not all be read"),
            ),
        ];
        sections.extend(self.audit_sections(anchor));
        sections
    }

    /// The trail's section, and the anchor's where one was given.
    fn audit_sections(&self, anchor: Option<&Anchor>) -> Vec<CheckSection> {
        let mut problems = Vec::new();
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        match (count("audit"), count("children")) {
            (Ok(0), Ok(children)) if children > 0 => problems.push(format!(
                "the database holds {children} children but no audit trail: the trail has been removed"
            )),
            (Ok(_), Ok(_)) => {}
            (Err(e), _) => problems.push(format!("the audit trail could not be counted: {e}")),
            (_, Err(e)) => problems.push(format!("the children could not be counted: {e}")),
        }
        let mut note = None;
        let mut anchored = None;
        match self.walk_trail(anchor) {
            Ok(report) => {
                problems.extend(report.problems());
                note = Some(report.note());
                anchored = report.anchor;
            }
            Err(e) => problems.push(format!("the audit trail could not be read to the end: {e}")),
        }
        let advice = "The trail has been tampered with outside permanence, or the file is damaged; keep this database as evidence and restore from a backup.";
        let mut sections = vec![CheckSection {
            name: "audit trail",
            problems,
            note,
            advice: Some(advice),
        }];
        if let Some(anchor) = anchor {
            let (problems, note) = match anchored {
                Some(Ok(note)) => (Vec::new(), Some(note)),
                Some(Err(problem)) => (vec![problem], None),
                None => (
                    vec![format!(
                        "the anchored entry {} could not be looked for: the trail could not be read",
                        anchor.entry
                    )],
                    None,
                ),
            };
            sections.push(CheckSection {
                name: "anchor",
                problems,
                note,
                advice: Some(advice),
            });
        }
        sections
    }
}

/// A check that could not run is itself a problem, said with its cause.
fn or_problem(result: Result<Vec<String>, StoreError>, what: &str) -> Vec<String> {
    result.unwrap_or_else(|e| vec![format!("{what}: {e}")])
}

/// A value as SQLite holds it, whatever its kind, for a message.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "(nothing)".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => permanence_domain::sanitise::clean_line(t),
        Value::Blob(b) => format!("({} bytes)", b.len()),
    }
}

/// What SQLite's integrity check says is wrong; nothing when all is well.
fn integrity_problems(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<Value> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(lines
        .iter()
        .filter(|l| !matches!(l, Value::Text(t) if t == "ok"))
        .map(shown)
        .collect())
}

/// Rows pointing at rows that do not exist. A table without row ids
/// reports no row id (a NULL): that row is named by its table alone.
fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let rows: Vec<(Value, Value, Value)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .iter()
        .map(|(table, row, parent)| match row {
            Value::Null => format!("a row of {} points at a missing {}", shown(table), shown(parent)),
            row => format!(
                "{} row {} points at a missing {}",
                shown(table),
                shown(row),
                shown(parent)
            ),
        })
        .collect())
}

/// Tables holding text that is not UTF-8, with how many values each:
/// SQLite's own check passes a damaged byte inside a value, and the
/// program would then fail on that record wherever it is shown.
fn unreadable_text(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let tables: Vec<Value> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut problems = Vec::new();
    for table in tables.iter().map(|t| plain(t.clone())) {
        let quoted = table.replace('"', "\"\"");
        let mut statement = match conn.prepare(&format!("SELECT * FROM \"{quoted}\"")) {
            Ok(statement) => statement,
            Err(e) => {
                problems.push(format!(
                    "the table {} cannot be read: {e}",
                    shown(&Value::Text(table))
                ));
                continue;
            }
        };
        let width = statement.column_count();
        let mut rows = statement.query([])?;
        let mut bad = 0usize;
        loop {
            match rows.next() {
                Ok(Some(row)) => {
                    for i in 0..width {
                        if let Ok(rusqlite::types::ValueRef::Text(bytes)) = row.get_ref(i)
                            && std::str::from_utf8(bytes).is_err()
                        {
                            bad += 1;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    problems.push(format!(
                        "the table {} cannot be read to the end: {e}",
                        shown(&Value::Text(table.clone()))
                    ));
                    break;
                }
            }
        }
        if bad > 0 {
            problems.push(format!(
                "the table {} holds {bad} text values that are not valid UTF-8: the file is damaged",
                shown(&Value::Text(table))
            ));
        }
    }
    Ok(problems)
}

/// The schema version, and every table, index and trigger against a
/// database freshly made by this version.
fn schema_section(conn: &Connection) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = migrations::latest();
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Ok(version) if version == i64::from(expected) => {}
        Ok(version) => problems.push(format!(
            "the file is at schema {version}; this program expects {expected}"
        )),
        Err(e) => problems.push(format!("the schema version could not be read: {e}")),
    }
    problems.extend(or_problem(
        schema_problems(conn),
        "the tables, indexes and triggers could not be listed",
    ));
    problems
}

/// Tables, indexes, triggers and views that differ from those of a
/// database freshly made by this version, named.
pub(super) fn schema_problems(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut fresh = Connection::open_in_memory()?;
    migrations::migrate(&mut fresh)?;
    let expected = schema(&fresh)?;
    let found = schema(conn)?;
    let mut problems = Vec::new();
    for ((kind, name), sql) in &expected {
        match found.get(&(kind.clone(), name.clone())) {
            None => problems.push(format!("the {kind} {name} is missing")),
            Some(other) if other != sql => problems.push(format!("the {kind} {name} has been changed")),
            Some(_) => {}
        }
    }
    for (kind, name) in found.keys() {
        if !expected.contains_key(&(kind.clone(), name.clone())) {
            problems.push(format!("the {kind} {name} is not one permanence makes"));
        }
    }
    Ok(problems)
}

type Schema = BTreeMap<(String, String), Option<String>>;

/// The schema as `sqlite_master` holds it; a value of an unexpected kind
/// (a damaged file) is read as text so that it shows as "changed".
fn schema(conn: &Connection) -> Result<Schema, StoreError> {
    let mut statement = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")?;
    let rows = statement.query_map([], |r| {
        let (kind, name, sql): (Value, Value, Value) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let sql = match sql {
            Value::Null => None,
            Value::Text(t) => Some(t),
            other => Some(shown(&other)),
        };
        Ok(((plain(kind), plain(name)), sql))
    })?;
    Ok(rows.collect::<Result<Schema, _>>()?)
}

/// Text as it is, anything else as shown.
fn plain(value: Value) -> String {
    match value {
        Value::Text(t) => t,
        other => shown(&other),
    }
}
