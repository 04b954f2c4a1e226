//! What the database answers: caseloads, records, workers. Read-only.

use super::day::optional_day;
use crate::{Store, StoreError};
use permanence_domain::caseload::{CaseloadRow, ChildDetail};
use permanence_domain::child::{ChildFields, ChildId, Disability, LegalStatus, Rag};
use permanence_domain::event::RecordedEvent;
use permanence_domain::people::{Carer, Role, Worker};
use rusqlite::{Connection, OptionalExtension, Row};

/// The children columns a write sets, in the order of its parameters.
pub(super) const CHILD_COLUMNS: [&str; 17] = [
    "ref",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "religion",
    "disabled",
    "disability_note",
    "legal_status",
    "placement_type",
    "looked_after_since",
    "worker_id",
    "team",
    "iro_id",
    "rag",
    "sibling_group",
];

/// The same columns for reading, with people as usernames.
pub(super) const CHILD_SELECT: &str = "SELECT c.ref, c.given_name, c.family_name, c.date_of_birth, c.gender,
        c.ethnicity, c.religion, c.disabled, c.disability_note, c.legal_status, c.placement_type,
        c.looked_after_since, w.username, c.team, i.username, c.rag, c.sibling_group, c.id,
        w.display_name, i.display_name
    FROM children c
    LEFT JOIN workers w ON w.id = c.worker_id
    LEFT JOIN workers i ON i.id = c.iro_id";

const CASELOAD_SELECT: &str = "SELECT c.id, c.ref, c.given_name, c.family_name, c.date_of_birth,
        c.legal_status, c.placement_type, w.display_name, c.team, c.rag
    FROM children c
    LEFT JOIN workers w ON w.id = c.worker_id";

/// The caseload's order: its index's, so reading in it needs no sort.
const CASELOAD_ORDER: &str = "ORDER BY c.family_name, c.given_name, c.ref";

/// The caseload's first `?1` rows.
fn caseload_first_sql() -> String {
    format!("{CASELOAD_SELECT} {CASELOAD_ORDER} LIMIT ?1")
}

/// The caseload's `?4` rows after the one named by `?1`-`?3` (family
/// name, given name, reference): a row value compared as the index is
/// ordered, so the index is entered at the next row.
fn caseload_after_sql() -> String {
    format!(
        "{CASELOAD_SELECT} WHERE (c.family_name, c.given_name, c.ref) > (?1, ?2, ?3)
         {CASELOAD_ORDER} LIMIT ?4"
    )
}

const CASELOAD_HAS_WORKER: &str = "SELECT EXISTS (SELECT 1 FROM workers w
    JOIN children c ON c.worker_id = w.id WHERE w.display_name = ?1)";

const CASELOAD_HAS_TEAM: &str = "SELECT EXISTS (SELECT 1 FROM children WHERE team = ?1)";

const CASELOAD_TEAMS: &str = "SELECT DISTINCT team FROM children WHERE team IS NOT NULL";

/// Turns a value SQLite holds into a domain value, naming the column if
/// the database holds something this version cannot read.
pub(super) fn decode<T>(
    value: Option<String>,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match value {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("{column}: cannot read {text:?}").into(),
            )
        }),
    }
}

pub(super) fn legal_status(row: &Row<'_>, index: usize) -> rusqlite::Result<LegalStatus> {
    Ok(decode(row.get(index)?, "legal_status", LegalStatus::parse)?.unwrap_or_default())
}

pub(super) fn child_fields(row: &Row<'_>) -> rusqlite::Result<ChildFields> {
    Ok(ChildFields {
        reference: row.get(0)?,
        given_name: row.get(1)?,
        family_name: row.get(2)?,
        date_of_birth: optional_day(row.get::<_, Option<String>>(3)?.as_deref(), "date_of_birth")?,
        gender: row.get(4)?,
        ethnicity: row.get(5)?,
        religion: row.get(6)?,
        disability: Disability {
            disabled: row.get(7)?,
            note: row.get(8)?,
        },
        legal_status: legal_status(row, 9)?,
        placement_type: row.get(10)?,
        looked_after_since: optional_day(row.get::<_, Option<String>>(11)?.as_deref(), "looked_after_since")?,
        worker: row.get(12)?,
        team: row.get(13)?,
        iro: row.get(14)?,
        rag: decode(row.get(15)?, "rag", Rag::parse)?,
        sibling_group: row.get(16)?,
    })
}

fn caseload_row(row: &Row<'_>) -> rusqlite::Result<CaseloadRow> {
    Ok(CaseloadRow {
        id: ChildId(row.get(0)?),
        reference: row.get(1)?,
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        date_of_birth: optional_day(row.get::<_, Option<String>>(4)?.as_deref(), "date_of_birth")?,
        legal_status: legal_status(row, 5)?,
        placement_type: row.get(6)?,
        worker: row.get(7)?,
        team: row.get(8)?,
        rag: decode(row.get(9)?, "rag", Rag::parse)?,
    })
}

fn worker(row: &Row<'_>) -> rusqlite::Result<Worker> {
    Ok(Worker {
        username: row.get(0)?,
        display_name: row.get(1)?,
        role: decode(row.get(2)?, "role", Role::parse)?.unwrap_or(Role::SocialWorker),
        team: row.get(3)?,
    })
}

pub(super) fn child_fields_by_ref(
    conn: &Connection,
    reference: &str,
) -> Result<Option<ChildFields>, StoreError> {
    let sql = format!("{CHILD_SELECT} WHERE c.ref = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([reference], child_fields)
        .optional()?)
}

pub(super) fn worker_by_username(conn: &Connection, username: &str) -> Result<Option<Worker>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT username, display_name, role, team FROM workers WHERE username = ?1")?
        .query_row([username], worker)
        .optional()?)
}

pub(super) fn find_worker(conn: &Connection, name: &str) -> Result<Option<Worker>, StoreError> {
    let name = name.trim();
    Ok(conn
        .prepare_cached(
            "SELECT username, display_name, role, team FROM workers
             WHERE username = ?1 COLLATE NOCASE OR display_name = ?1 COLLATE NOCASE
             ORDER BY username = ?1 COLLATE NOCASE DESC, id LIMIT 1",
        )?
        .query_row([name], worker)
        .optional()?)
}

impl Store {
    /// Every child, in the order the caseload shows them: by family name,
    /// then given name, then reference.
    pub fn caseload(&self) -> Result<Vec<CaseloadRow>, StoreError> {
        let sql = format!("{CASELOAD_SELECT} {CASELOAD_ORDER}");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], caseload_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The caseload's rows in its order after `after` (the last row
    /// already read; from the first when `None`), at most `limit` of
    /// them: the caseload read a screenful at a time, so that the first
    /// screen is drawn before the rest of a large caseload is read. Read
    /// one after another, these give exactly [`Store::caseload`]'s rows,
    /// each query walking the caseload's index from where the last ended.
    pub fn caseload_after(
        &self,
        after: Option<&CaseloadRow>,
        limit: usize,
    ) -> Result<Vec<CaseloadRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = match after {
            None => self
                .conn
                .prepare_cached(&caseload_first_sql())?
                .query_map([limit], caseload_row)?
                .collect::<Result<_, _>>()?,
            Some(row) => self
                .conn
                .prepare_cached(&caseload_after_sql())?
                .query_map(
                    rusqlite::params![row.family_name, row.given_name, row.reference, limit],
                    caseload_row,
                )?
                .collect::<Result<_, _>>()?,
        };
        Ok(rows)
    }

    /// Whether any child is allocated to a worker of this display name
    /// (the caseload's Worker column), and whether any is in `team`: what
    /// decides the view the app opens on, asked without reading every row.
    pub fn caseload_has(&self, worker: &str, team: Option<&str>) -> Result<(bool, bool), StoreError> {
        let own = self
            .conn
            .prepare_cached(CASELOAD_HAS_WORKER)?
            .query_row([worker], |r| r.get(0))?;
        let team = match team {
            Some(team) => self
                .conn
                .prepare_cached(CASELOAD_HAS_TEAM)?
                .query_row([team], |r| r.get(0))?,
            None => false,
        };
        Ok((own, team))
    }

    /// Every team a child is in, each once: what the caseload's Team
    /// column tells apart, read without reading every row.
    pub fn caseload_teams(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(CASELOAD_TEAMS)?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The whole record of one child, with carers and siblings.
    pub fn child_detail(&self, id: ChildId) -> Result<Option<ChildDetail>, StoreError> {
        let sql = format!("{CHILD_SELECT} WHERE c.id = ?1");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id.0], |row| {
                Ok((
                    child_fields(row)?,
                    row.get::<_, Option<String>>(18)?,
                    row.get::<_, Option<String>>(19)?,
                ))
            })
            .optional()?;
        let Some((fields, worker_name, iro_name)) = found else {
            return Ok(None);
        };
        let carers = self
            .conn
            .prepare_cached(
                "SELECT k.name, k.relationship, k.connected_person FROM carers k
                 JOIN child_carers l ON l.carer_id = k.id WHERE l.child_id = ?1 ORDER BY k.name",
            )?
            .query_map([id.0], |row| {
                Ok(Carer {
                    name: row.get(0)?,
                    relationship: row.get(1)?,
                    connected_person: row.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let siblings = match &fields.sibling_group {
            None => Vec::new(),
            Some(group) => {
                let sql = format!(
                    "{CASELOAD_SELECT} WHERE c.sibling_group = ?1 AND c.id <> ?2
                     ORDER BY c.date_of_birth IS NULL, c.date_of_birth, c.given_name"
                );
                self.conn
                    .prepare_cached(&sql)?
                    .query_map(rusqlite::params![group, id.0], caseload_row)?
                    .collect::<Result<_, _>>()?
            }
        };
        let events: Vec<RecordedEvent> = self
            .recorded_events(id)?
            .into_iter()
            .filter(|e| e.status == crate::EventStatus::Current)
            .map(|e| RecordedEvent {
                event: e.event,
                on: e.on,
            })
            .collect();
        let legal_since = permanence_domain::legal_status::latest(&events)
            .filter(|(status, _)| *status == fields.legal_status)
            .map(|(_, on)| on);
        Ok(Some(ChildDetail {
            id,
            legal_since,
            fields,
            worker_name,
            iro_name,
            carers,
            siblings,
        }))
    }

    /// Every child's record, ordered by reference: what an export writes.
    pub fn all_children(&self) -> Result<Vec<ChildFields>, StoreError> {
        let sql = format!("{CHILD_SELECT} ORDER BY c.ref");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], child_fields)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every user's username and display name, by display name: what a
    /// picker of users lists. Read apart from [`Store::workers`], whose
    /// roles and teams a picker does not show: starting a meeting of a
    /// national caseload lists thousands of users.
    pub fn user_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT username, display_name FROM workers ORDER BY display_name")?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn workers(&self) -> Result<Vec<Worker>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT username, display_name, role, team FROM workers ORDER BY display_name")?;
        let rows = statement.query_map([], worker)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every team named on a user or a child, in order: the teams a
    /// report can be narrowed to.
    pub fn teams(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT team FROM workers WHERE team IS NOT NULL AND team <> ''
             UNION SELECT team FROM children WHERE team IS NOT NULL AND team <> ''
             ORDER BY 1",
        )?;
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn worker(&self, username: &str) -> Result<Option<Worker>, StoreError> {
        worker_by_username(&self.conn, username)
    }

    /// A worker by username, or failing that by display name (both
    /// ignoring case), as an import names them.
    pub fn find_worker(&self, name: &str) -> Result<Option<Worker>, StoreError> {
        find_worker(&self.conn, name)
    }

    pub fn count_children(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM children", [], |r| r.get(0))?)
    }
}

impl Store {
    /// A number that changes whenever another connection commits a change
    /// to the database: how a screen notices other users' work.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

impl Store {
    /// Whether any worker is an administrator. Until one is, whoever runs
    /// the program may set it up (a new installation has no users).
    pub fn has_admin(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM workers WHERE role = 'admin')",
            [],
            |r| r.get(0),
        )?)
    }

    /// The allocated worker's and IRO's usernames and the team of a child.
    pub fn child_scope(&self, id: ChildId) -> Result<ChildPeople, StoreError> {
        Ok(self.conn.query_row(
            "SELECT w.username, i.username, c.team FROM children c
             LEFT JOIN workers w ON w.id = c.worker_id LEFT JOIN workers i ON i.id = c.iro_id
             WHERE c.id = ?1",
            [id.0],
            |r| {
                Ok(ChildPeople {
                    worker: r.get(0)?,
                    iro: r.get(1)?,
                    team: r.get(2)?,
                })
            },
        )?)
    }
}

/// Who is responsible for a child: what scoped permissions look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildPeople {
    pub worker: Option<String>,
    pub iro: Option<String>,
    pub team: Option<String>,
}

impl ChildPeople {
    pub fn scope(&self) -> permanence_domain::permissions::ChildScope<'_> {
        permanence_domain::permissions::ChildScope {
            worker: self.worker.as_deref(),
            iro: self.iro.as_deref(),
            team: self.team.as_deref(),
        }
    }
}

#[cfg(test)]
mod plans {
    //! The hot queries use their indexes: checked with SQLite's own
    //! `EXPLAIN QUERY PLAN`, so a schema change that loses one fails here
    //! rather than as a slow screen at 100,000 children.
    use super::*;

    fn plan(store: &Store, sql: &str) -> String {
        let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let parameters = vec!["1"; statement.parameter_count()];
        let rows = statement
            .query_map(rusqlite::params_from_iter(parameters), |r| r.get::<_, String>(3))
            .unwrap_or_else(|_| panic!("cannot explain {sql}"));
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn the_caseload_and_child_lookups_use_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let caseload = plan(
            &store,
            &format!("{CASELOAD_SELECT} ORDER BY c.family_name, c.given_name, c.ref"),
        );
        assert!(
            caseload.contains("USING INDEX children_in_caseload_order"),
            "{caseload}"
        );
        assert!(!caseload.contains("TEMP B-TREE"), "no sort step: {caseload}");
        let by_id = plan(&store, &format!("{CHILD_SELECT} WHERE c.id = ?1"));
        assert!(by_id.contains("INTEGER PRIMARY KEY"), "{by_id}");
        let by_ref = plan(&store, &format!("{CHILD_SELECT} WHERE c.ref = ?1"));
        assert!(
            by_ref.contains("USING INDEX") || by_ref.contains("USING COVERING INDEX"),
            "{by_ref}"
        );
        assert!(!by_ref.contains("SCAN c"), "{by_ref}");
    }

    /// The first screen is read before the rest of the caseload, and the
    /// rest a chunk at a time: each walks the caseload's index from where
    /// it starts, with no sort of the whole table before the first row.
    #[test]
    fn the_caseload_read_in_chunks_walks_its_index_from_where_it_left_off() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("q.db")).unwrap();
        let first = plan(&store, &caseload_first_sql());
        assert!(
            first.contains("SCAN c USING INDEX children_in_caseload_order"),
            "{first}"
        );
        assert!(!first.contains("TEMP B-TREE"), "no sort step: {first}");
        let after = plan(&store, &caseload_after_sql());
        assert!(
            after.contains(
                "SEARCH c USING INDEX children_in_caseload_order ((family_name,given_name,ref)>(?,?,?))"
            ),
            "entered at the row after the last read: {after}"
        );
        assert!(!after.contains("TEMP B-TREE"), "no sort step: {after}");
        let count = plan(&store, "SELECT count(*) FROM children");
        assert!(count.contains("COVERING INDEX"), "counted from an index: {count}");
        let own = plan(&store, CASELOAD_HAS_WORKER);
        assert!(
            own.contains("SEARCH c USING COVERING INDEX children_by_worker (worker_id=?)"),
            "{own}"
        );
    }
}
