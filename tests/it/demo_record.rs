//! The demo's record for a seed (issue 19): however the demo writes it,
//! one seed gives the same children, workers, carers, plans, events, done
//! items, families, chronologies and Gateway papers, and the same audit
//! entries. The binary's `demo` is run on a small caseload and every table
//! it writes is read back in a canonical form (rows sorted, the moment it
//! was written and who ran it left out), each table summed up as its row
//! count and a digest in [`SEED_7`], taken before the demo learnt to
//! write in bulk. (Written here, not as an insta snapshot: snapshots are
//! the screens', which are never drawn from the demo.) The stored timelines are left out: they are
//! worked out from this record, and `stored_timelines.rs` checks them
//! against a fresh computation.

use crate::util::permanence;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

/// The record of `demo --seed 7 --children 300` on the tests' today, as
/// [`record`] sums it up: what the demo wrote before its bulk path.
const SEED_7: &str = "\
workers: 37 rows, 7d7690718d9a749b
children: 300 rows, ab5b14bfc9c4a8e5
carers: 121 rows, 9aec53374d7cfa90
child_carers: 186 rows, f630f7b2a369ac47
plans: 253 rows, 205554a1e01e0134
events: 6181 rows, 786545458cbdadb7
done_items: 4769 rows, 97942698fbd2256e
adhoc_items: 0 rows, e3b0c44298fc1c14
not_needed_items: 0 rows, e3b0c44298fc1c14
plan_closures: 0 rows, e3b0c44298fc1c14
families: 106 rows, 5eb7a9ebd6005eba
family_people: 867 rows, 67fd65616e39a845
family_connections: 918 rows, 544cdeb1be412271
family_couples: 339 rows, ccba63716326003c
family_parents: 746 rows, 8c1127c8adf873b6
family_meetings: 39 rows, 0c25d8810081174b
family_meeting_outcomes: 96 rows, 02bb6c832534f596
chronology_entries: 756 rows, c72e167cce1199aa
chronology_marks: 246 rows, 1c6ef01396d7c703
gateway_panels: 16 rows, 4de110846a3a45f4
gateway_papers: 62 rows, 27a05eb38af4d9a1
forms: 0 rows, e3b0c44298fc1c14
form_steps: 0 rows, e3b0c44298fc1c14
tracker_meetings: 0 rows, e3b0c44298fc1c14
tracker_attendees: 0 rows, e3b0c44298fc1c14
tracker_discussions: 0 rows, e3b0c44298fc1c14
tracker_actions: 0 rows, e3b0c44298fc1c14
permission_rules: 1 rows, 13f2c4c1f9a5c184
audit: demo caseload - - - {\"children\":300,\"workers\":36,\"plans\":253,\"synthetic\":true}
audit: create worker - <you> - {\"username\":\"<you>\",\"display_name\":\"<you>\",\"role\":\"admin\",\"team\":null}
";

/// Every table the demo writes the record into, as the user reads it.
const RECORD: &[&str] = &[
    "workers",
    "children",
    "carers",
    "child_carers",
    "plans",
    "events",
    "done_items",
    "adhoc_items",
    "not_needed_items",
    "plan_closures",
    "families",
    "family_people",
    "family_connections",
    "family_couples",
    "family_parents",
    "family_meetings",
    "family_meeting_outcomes",
    "chronology_entries",
    "chronology_marks",
    "gateway_panels",
    "gateway_papers",
    "forms",
    "form_steps",
    "tracker_meetings",
    "tracker_attendees",
    "tracker_discussions",
    "tracker_actions",
    "permission_rules",
];

/// A value as text; `None` for NULL.
fn text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(format!("{b:02x?}")),
    }
}

/// The table's rows, each a line of its columns, sorted. When a row was
/// written (`*_at`) and the user who ran the demo are the same for every
/// row and differ from run to run and machine to machine: they are
/// written as `<when>` and `<you>`, keeping whether they were there.
fn rows(conn: &Connection, table: &str, you: &str) -> Vec<String> {
    let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
    let names: Vec<String> = statement.column_names().map(str::to_string).collect();
    let mut rows: Vec<String> = statement
        .query_map([], |row| {
            let mut line = String::new();
            for (i, name) in names.iter().enumerate() {
                let value = text(row.get_ref(i)?);
                // Where an imported event came from (issue 20): none for
                // any the demo records, as for every event recorded in the
                // app, and left out then so the digests stay comparable
                // with those from before the column.
                if table == "events" && name == "source" && value.is_none() {
                    continue;
                }
                let value = value.map(|v| {
                    if name == "at" || name.ends_with("_at") {
                        "<when>".to_string()
                    } else if v == you {
                        "<you>".to_string()
                    } else {
                        v
                    }
                });
                write!(line, "{name}={value:?}|").unwrap();
            }
            Ok(line)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.sort();
    rows
}

/// Each table's row count and digest, and the audit trail's entries
/// without their times, users and hashes.
fn record(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    let you: String = conn
        .query_row("SELECT username FROM workers WHERE role = 'admin'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut out = String::new();
    for table in RECORD {
        let rows = rows(&conn, table, &you);
        let mut digest = Sha256::new();
        for row in &rows {
            digest.update(row.as_bytes());
            digest.update(b"\n");
        }
        let digest: String = digest.finalize().iter().map(|b| format!("{b:02x}")).collect();
        writeln!(out, "{table}: {} rows, {}", rows.len(), &digest[..16]).unwrap();
    }
    let mut audit = conn
        .prepare("SELECT action, entity, ref, entity_id, before, after FROM audit ORDER BY id")
        .unwrap();
    let entries = audit
        .query_map([], |r| {
            let fields: Vec<Option<String>> = (0..6).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            Ok(fields
                .into_iter()
                .map(|f| match f {
                    Some(v) if v == you => "<you>".to_string(),
                    Some(v) => v.replace(&format!("\"{you}\""), "\"<you>\""),
                    None => "-".to_string(),
                })
                .collect::<Vec<_>>()
                .join(" "))
        })
        .unwrap();
    for entry in entries {
        writeln!(out, "audit: {}", entry.unwrap()).unwrap();
    }
    out
}

#[test]
fn a_seed_gives_the_same_record_however_the_demo_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let output = permanence()
        .args(["demo", "--no-tui", "--seed", "7", "--children", "300", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the demo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let record = record(&db);
    assert!(
        record == SEED_7,
        "the demo's record for seed 7 changed:\n{record}\nwas:\n{SEED_7}"
    );
}
