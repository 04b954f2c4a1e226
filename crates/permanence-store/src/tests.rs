//! Store tests on real database files in temporary folders.

use super::*;
use permanence_domain::child::{ChildFields, ChildId, LegalStatus, Rag};
use permanence_domain::import::ChildPatch;
use permanence_domain::people::{Carer, Role, Worker};
use std::os::unix::fs::PermissionsExt;

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("test.db");
    (dir, path)
}

fn worker(username: &str, name: &str) -> Worker {
    Worker {
        username: username.into(),
        display_name: name.into(),
        role: Role::SocialWorker,
        team: Some("Children in Care 1".into()),
    }
}

fn child(reference: &str, given: &str, family: &str) -> ChildFields {
    ChildFields {
        reference: reference.into(),
        given_name: given.into(),
        family_name: family.into(),
        legal_status: LegalStatus::Co,
        ..ChildFields::default()
    }
}

fn patch(reference: &str, given: &str, family: &str) -> ChildPatch {
    ChildPatch {
        line: 2,
        reference: reference.into(),
        given_name: given.into(),
        family_name: family.into(),
        ..ChildPatch::default()
    }
}

fn version(path: &Path, reference: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT version FROM children WHERE ref = ?1", [reference], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn a_new_database_is_created_owner_only_and_migrated() {
    let (_dir, path) = temp();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_children().unwrap(), 0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "database file is owner-only");
    let dir_mode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700, "database folder is owner-only");
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, Store::schema_version());
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    let wal_mode = std::fs::metadata(path.with_extension("db-wal"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(wal_mode, 0o600, "WAL file is owner-only too");
}

#[test]
fn reopening_does_not_migrate_again() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|w| w.put_child(&child("1", "Amara", "Okafor")))
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count_children().unwrap(), 1);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).err().unwrap();
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }), "{error}");
    assert!(error.to_string().contains("newer version of permanence"));
    assert!(std::fs::read(&path).unwrap() == before, "not a byte changed");
}

#[test]
fn a_file_that_is_not_a_database_is_named() {
    let (dir, _) = temp();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is a shopping list, not a database, and it is long enough",
    )
    .unwrap();
    let error = Store::open(&path).err().unwrap();
    assert!(matches!(error, StoreError::NotADatabase(_)), "{error}");
}

#[test]
fn put_child_creates_updates_and_leaves_identical_records_alone() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let mut amara = child("1001", "Amara", "Okafor");
    amara.worker = Some("asmith".into());
    amara.rag = Some(Rag::Amber);
    let outcome = store
        .write(|w| {
            w.put_worker(&worker("asmith", "Alice Smith"))?;
            w.put_child(&amara)
        })
        .unwrap();
    assert_eq!(outcome, Outcome::Created);
    assert_eq!(store.write(|w| w.put_child(&amara)).unwrap(), Outcome::Unchanged);
    assert_eq!(version(&path, "1001"), 1);
    amara.rag = Some(Rag::Red);
    assert_eq!(store.write(|w| w.put_child(&amara)).unwrap(), Outcome::Updated);
    assert_eq!(version(&path, "1001"), 2);
    let row = &store.caseload().unwrap()[0];
    assert_eq!(row.rag, Some(Rag::Red));
    assert_eq!(row.worker.as_deref(), Some("Alice Smith"));
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let mut orphan = child("1002", "Leo", "Hughes");
    orphan.worker = Some("nobody".into());
    let result = store.write(|w| {
        w.put_child(&child("1001", "Amara", "Okafor"))?;
        w.put_child(&orphan)
    });
    assert!(matches!(result, Err(StoreError::NoSuchWorker(ref u)) if u == "nobody"));
    assert_eq!(
        store.count_children().unwrap(),
        0,
        "the first child was rolled back too"
    );
}

#[test]
fn the_schema_refuses_what_the_domain_never_writes() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let insert = |sql: &str| conn.execute(sql, []);
    assert!(
        insert(
            "INSERT INTO children (ref, given_name, family_name, legal_status) VALUES ('1','A','B','xyz')"
        )
        .is_err()
    );
    assert!(
        insert("INSERT INTO children (ref, given_name, family_name, rag) VALUES ('1','A','B','blue')")
            .is_err()
    );
    assert!(
        insert("INSERT INTO children (ref, given_name, family_name, date_of_birth) VALUES ('1','A','B','2025-02-31')")
            .is_err()
    );
    assert!(insert("INSERT INTO children (ref, given_name, family_name) VALUES ('', 'A', 'B')").is_err());
    insert("INSERT INTO children (ref, given_name, family_name) VALUES ('1','A','B')").unwrap();
    assert!(insert("INSERT INTO children (ref, given_name, family_name) VALUES ('1','C','D')").is_err());
}

#[test]
fn import_creates_then_changes_nothing_the_second_time() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let mut first = patch("1001", "Amara", "Okafor");
    first.worker = Some(Some("Alice Smith".into()));
    first.team = Some(Some("Children in Care 1".into()));
    first.iro = Some(Some("Ian Reviewer".into()));
    let mut second = patch("1002", "Leo", "Okafor");
    second.worker = Some(Some("alice smith".into()));
    let rows = vec![first, second];

    let summary = store
        .import_children(&rows, false, crate::NewWorkers::Add)
        .unwrap();
    assert_eq!((summary.created, summary.updated, summary.unchanged), (2, 0, 0));
    assert_eq!(
        summary.workers_created,
        vec![
            "Alice Smith (alice.smith)".to_string(),
            "Ian Reviewer (ian.reviewer)".to_string()
        ]
    );
    let iro = store.worker("ian.reviewer").unwrap().unwrap();
    assert_eq!(iro.role, Role::Iro);
    let alice = store.worker("alice.smith").unwrap().unwrap();
    assert_eq!(alice.team.as_deref(), Some("Children in Care 1"));

    let again = store
        .import_children(&rows, false, crate::NewWorkers::Add)
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert!(again.workers_created.is_empty());
    assert_eq!(version(&path, "1001"), 1);
}

#[test]
fn a_dry_run_reports_exactly_and_writes_nothing() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    store
        .import_children(&[patch("1001", "Amara", "Okafor")], false, crate::NewWorkers::Add)
        .unwrap();
    let mut renamed = patch("1001", "Amara", "Okafor-Jones");
    renamed.worker = Some(Some("New Worker".into()));
    let rows = vec![renamed, patch("1002", "Leo", "Hughes")];
    let summary = store
        .import_children(&rows, true, crate::NewWorkers::Add)
        .unwrap();
    assert_eq!((summary.created, summary.updated, summary.unchanged), (1, 1, 0));
    assert_eq!(
        summary.workers_created,
        vec!["New Worker (new.worker)".to_string()]
    );
    assert_eq!(store.count_children().unwrap(), 1);
    assert_eq!(store.caseload().unwrap()[0].family_name, "Okafor");
    assert!(store.worker("new.worker").unwrap().is_none());
}

/// A picker's users are every user's username and display name, in the
/// order of their display names: the same users, in the same order, as
/// the whole list of workers gives.
#[test]
fn user_names_are_every_users_in_display_name_order() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|w| {
            w.put_worker(&worker("zed.adams", "Zed Adams"))?;
            w.put_worker(&worker("anna.young", "Anna Young"))?;
            w.put_worker(&worker("mo.khan", "Mo Khan"))
        })
        .unwrap();
    let names = store.user_names().unwrap();
    let from_workers: Vec<(String, String)> = store
        .workers()
        .unwrap()
        .into_iter()
        .map(|w| (w.username, w.display_name))
        .collect();
    assert_eq!(names, from_workers);
    let shown: Vec<&str> = names.iter().map(|(_, name)| name.as_str()).collect();
    assert!(shown.windows(2).all(|w| w[0] <= w[1]), "{shown:?}");
    assert!(names.contains(&("mo.khan".to_string(), "Mo Khan".to_string())));
}

#[test]
fn a_new_worker_whose_username_is_taken_gets_another() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|w| w.put_worker(&worker("alice.smith", "Alice Smyth")))
        .unwrap();
    let mut row = patch("1001", "Amara", "Okafor");
    row.worker = Some(Some("Alice Smith".into()));
    let summary = store
        .import_children(&[row], false, crate::NewWorkers::Add)
        .unwrap();
    assert_eq!(
        summary.workers_created,
        vec!["Alice Smith (alice.smith.2)".to_string()]
    );
}

#[test]
fn child_detail_brings_carers_and_siblings() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let mut a = child("1001", "Amara", "Okafor");
    let mut b = child("1002", "Leo", "Okafor");
    let c = child("1003", "Ben", "Hughes");
    a.sibling_group = Some("SG1".into());
    b.sibling_group = Some("SG1".into());
    store
        .write(|w| {
            for x in [&a, &b, &c] {
                w.put_child(x)?;
            }
            w.add_carer(
                &Carer {
                    name: "Sarah Okafor".into(),
                    relationship: "Maternal grandmother".into(),
                    connected_person: true,
                },
                &["1001", "1002"],
            )
        })
        .unwrap();
    let rows = store.caseload().unwrap();
    assert_eq!(
        rows.iter().map(|r| r.full_name()).collect::<Vec<_>>(),
        vec!["Ben Hughes", "Amara Okafor", "Leo Okafor"],
        "sorted by family name, then given name"
    );
    let amara = store.child_detail(rows[1].id).unwrap().unwrap();
    assert_eq!(amara.fields, a);
    assert_eq!(amara.carers.len(), 1);
    assert!(amara.carers[0].connected_person);
    assert_eq!(
        amara
            .siblings
            .iter()
            .map(|s| s.reference.as_str())
            .collect::<Vec<_>>(),
        vec!["1002"]
    );
    let ben = store.child_detail(rows[0].id).unwrap().unwrap();
    assert!(ben.siblings.is_empty() && ben.carers.is_empty());
    assert!(store.child_detail(ChildId(9999)).unwrap().is_none());
    let missing = store.write(|w| {
        w.add_carer(
            &Carer {
                name: "X".into(),
                relationship: "Y".into(),
                connected_person: false,
            },
            &["nope"],
        )
    });
    assert!(matches!(missing, Err(StoreError::NoSuchChild(_))));
}

#[test]
fn a_second_connection_sees_committed_writes() {
    let (_dir, path) = temp();
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    writer
        .write(|w| w.put_child(&child("1001", "Amara", "Okafor")))
        .unwrap();
    assert_eq!(reader.count_children().unwrap(), 1);
}

fn alice() -> Actor {
    Actor {
        user: "alice".into(),
        os_user: "service".into(),
    }
}

#[test]
fn every_change_is_audited_with_who_and_the_values_either_side() {
    let (_dir, path) = temp();
    let mut store = Store::open_as(&path, alice()).unwrap();
    let mut amara = child("1001", "Amara", "Okafor");
    store.write(|w| w.put_child(&amara)).unwrap();
    amara.rag = Some(Rag::Red);
    store.write(|w| w.put_child(&amara)).unwrap();
    store.write(|w| w.put_child(&amara)).unwrap();
    let entries = store.audit_entries(Some("1001")).unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "rag-change"],
        "an unchanged save writes nothing"
    );
    let change = &entries[1];
    assert_eq!(
        (change.user.as_str(), change.os_user.as_str()),
        ("alice", "service")
    );
    assert_eq!(change.before.as_deref(), Some(r#"{"rag":null}"#));
    assert_eq!(change.after.as_deref(), Some(r#"{"rag":"red"}"#));
    assert!(change.at.ends_with('Z') && change.at.len() == 20, "{}", change.at);
    let id = store.child_id("1001").unwrap().unwrap();
    store.record_view(id).unwrap();
    assert_eq!(
        store.audit_entries(Some("1001")).unwrap().last().unwrap().action,
        "view"
    );
}

#[test]
fn a_failed_change_leaves_no_audit_entry() {
    let (_dir, path) = temp();
    let mut store = Store::open_as(&path, alice()).unwrap();
    let mut orphan = child("1002", "Leo", "Hughes");
    orphan.worker = Some("nobody".into());
    let result = store.write(|w| {
        w.put_child(&child("1001", "Amara", "Okafor"))?;
        w.put_child(&orphan)
    });
    assert!(result.is_err());
    assert!(store.audit_entries(None).unwrap().is_empty());
}

#[test]
fn the_trail_refuses_changes_and_detects_tampering() {
    let (_dir, path) = temp();
    let mut store = Store::open_as(&path, alice()).unwrap();
    for n in 0..5 {
        store
            .write(|w| w.put_child(&child(&format!("10{n}"), "A", "B")))
            .unwrap();
    }
    assert_eq!(store.verify_audit().unwrap(), Ok(5));
    let conn = Connection::open(&path).unwrap();
    let refused = conn
        .execute("UPDATE audit SET user = 'mallory' WHERE id = 2", [])
        .unwrap_err();
    assert!(
        refused.to_string().contains("the audit trail cannot be changed"),
        "{refused}"
    );
    assert!(conn.execute("DELETE FROM audit WHERE id = 2", []).is_err());
    // Someone with the file and a SQLite shell drops the guard and edits.
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_update; UPDATE audit SET user = 'mallory' WHERE id = 2;",
    )
    .unwrap();
    assert_eq!(store.verify_audit().unwrap(), Err(ChainBreak::Altered { id: 2 }));
    let (_dir2, path2) = temp();
    let mut store2 = Store::open_as(&path2, alice()).unwrap();
    for n in 0..3 {
        store2
            .write(|w| w.put_child(&child(&format!("20{n}"), "A", "B")))
            .unwrap();
    }
    let conn2 = Connection::open(&path2).unwrap();
    conn2
        .execute_batch("DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE id = 2;")
        .unwrap();
    assert_eq!(store2.verify_audit().unwrap(), Err(ChainBreak::Broken { id: 3 }));
}

/// A new database at `path` holding Amara (1001) on an adoption plan
/// from 05/01/2026: the store, her id and the plan's.
fn amara_on_adoption(path: &Path) -> (Store, ChildId, permanence_domain::plan::PlanId) {
    use permanence_domain::plan::{PlanRole, Stage};
    use permanence_domain::plan_import::PlanRow;
    let mut store = Store::open(path).unwrap();
    store
        .write(|w| w.put_child(&child("1001", "Amara", "Okafor")))
        .unwrap();
    let id = store.child_id("1001").unwrap().unwrap();
    let row = PlanRow {
        line: 0,
        reference: "1001".into(),
        pathway: "adoption".into(),
        role: PlanRole::Primary,
        start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        stage: Stage::Proceedings,
        basis: Default::default(),
    };
    let (_, plan) = store.write(|w| w.put_plan(id, &row)).unwrap();
    (store, id, plan)
}

/// A done item's date put right while the child's stored timeline is
/// already waiting to be worked out again (the bug: the upsert's own
/// conflict handling overrode the stale trigger's `OR IGNORE`, so the
/// save failed with "UNIQUE constraint failed: stale_timelines.child_id").
#[test]
fn a_done_date_changed_while_the_child_is_stale_is_saved() {
    let (_dir, path) = temp();
    let (mut store, id, plan) = amara_on_adoption(&path);
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    store
        .write(|w| w.mark_done(plan, "cpr-started", day(20), None))
        .unwrap();
    let stale: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM stale_timelines WHERE child_id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 1, "the child waits to be worked out again");
    let outcome = store
        .write(|w| w.mark_done(plan, "cpr-started", day(21), Some("the right day")))
        .unwrap();
    assert_eq!(outcome, Outcome::Updated);
    let facts = store.timeline_facts(id).unwrap();
    assert_eq!(facts.done[0].on, day(21));
}

#[test]
fn a_save_over_someone_elses_change_is_refused_and_names_them() {
    let (_dir, path) = temp();
    let (_setup, id, plan) = amara_on_adoption(&path);
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();

    // Alice opens the dialog (the item is not done); Bob marks it done first.
    let mut alice = Store::open_as(&path, alice()).unwrap();
    let mut bob = Store::open_as(
        &path,
        Actor {
            user: "bob".into(),
            os_user: "service".into(),
        },
    )
    .unwrap();
    bob.write(|w| {
        w.expect_done_state(plan, "cpr-started", None)?;
        w.mark_done(plan, "cpr-started", day(20), Some("Bob's note"))
    })
    .unwrap();
    let refused = alice.write(|w| {
        w.expect_done_state(plan, "cpr-started", None)?;
        w.mark_done(plan, "cpr-started", day(21), Some("Alice's note"))
    });
    match refused {
        Err(StoreError::Conflict(reason)) => {
            assert!(
                reason.starts_with("bob marked this done on 20/11/2026 while you were typing"),
                "{reason}"
            )
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let facts = alice.timeline_facts(id).unwrap();
    assert_eq!(
        facts.done[0].note.as_deref(),
        Some("Bob's note"),
        "Bob's work stands"
    );
}

/// An action this version does not know (an older or newer version's) is
/// read back as stored, not refused: the trail is still shown whole.
#[test]
fn an_entry_with_an_action_this_version_does_not_know_reads_back_as_stored() {
    let (_dir, path) = temp();
    let mut store = Store::open_as(&path, alice()).unwrap();
    store
        .write(|w| w.put_child(&child("1001", "Amara", "Okafor")))
        .unwrap();
    store
        .write(|w| -> Result<_, StoreError> {
            Ok(w.tx.execute(
                "INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash)
                 VALUES ('2030-01-01T00:00:00Z', 'alice', 'alice', 'archive', 'child', '1001', NULL, NULL, NULL, 'x', 'y')",
                [],
            )?)
        })
        .unwrap();
    let entries = store.audit_entries(Some("1001")).unwrap();
    let actions: Vec<(&str, Option<AuditAction>)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.known_action()))
        .collect();
    assert_eq!(
        actions,
        [("create", Some(AuditAction::Create)), ("archive", None)]
    );
}

#[test]
fn the_caseload_read_a_few_rows_at_a_time_is_the_caseload_read_at_once() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    // Ties on both names (told apart by reference), a name in lower
    // case and one with an accent, which sort by their bytes as the index does.
    let names = [
        ("1001", "Amara", "Okafor"),
        ("1010", "Amara", "Okafor"),
        ("1002", "Amara", "Okafor"),
        ("1003", "Leo", "Okafor"),
        ("1004", "Ben", "Hughes"),
        ("1005", "ben", "Hughes"),
        ("1006", "Zoë", "de Souza"),
        ("1007", "Éva", "Ádám"),
        ("1008", "Ann", "O'Neill"),
        ("1009", "Ann", "Okafor"),
    ];
    store
        .write(|w| {
            w.put_worker(&worker("alice.smith", "Alice Smith"))?;
            for (i, (reference, given, family)) in names.iter().enumerate() {
                let mut c = child(reference, given, family);
                if i % 3 == 0 {
                    c.worker = Some("alice.smith".into());
                    c.team = Some("Adoption North".into());
                }
                w.put_child(&c)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let whole = store.caseload().unwrap();
    assert_eq!(store.count_children().unwrap(), names.len() as i64);
    for chunk in 1..=names.len() + 1 {
        let mut read = store.caseload_after(None, chunk).unwrap();
        loop {
            let more = store.caseload_after(read.last(), chunk).unwrap();
            if more.is_empty() {
                break;
            }
            assert!(more.len() <= chunk);
            read.extend(more);
        }
        assert_eq!(read, whole, "read {chunk} at a time");
    }
    assert_eq!(
        store.caseload_has("Alice Smith", Some("Adoption North")).unwrap(),
        (true, true)
    );
    assert_eq!(
        store.caseload_has("Alice Smyth", Some("Adoption South")).unwrap(),
        (false, false)
    );
    assert_eq!(store.caseload_has("alice smith", None).unwrap(), (false, false));
    let mut teams = store.caseload_teams().unwrap();
    teams.sort();
    assert_eq!(teams, vec!["Adoption North".to_string()]);
}

/// A cached statement is compiled once, not again on every use: SQLite
/// would otherwise plan `WHERE child_id = ?1` again each time rusqlite
/// clears its values on putting it back in the cache.
#[test]
fn a_cached_statement_is_not_compiled_again_on_every_use() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    for n in 0..5 {
        store
            .write(|w| w.put_child(&child(&format!("A{n}"), "Amara", "Okafor")))
            .unwrap();
    }
    let sql =
        "SELECT event, on_date FROM events WHERE child_id = ?1 AND status = 'current' ORDER BY on_date, id";
    for id in 0..20i64 {
        let mut statement = store.conn.prepare_cached(sql).unwrap();
        let _ = statement.query_map([id % 7], |_| Ok(())).unwrap().count();
    }
    let statement = store.conn.prepare_cached(sql).unwrap();
    assert_eq!(statement.get_status(rusqlite::StatementStatus::RePrepare), 0);
}

/// The plan SQLite chooses for `sql`, a line per step, each parameter
/// bound to a day: what the `EXPLAIN QUERY PLAN` tests of the hot queries
/// check (an index's order, no sort).
pub(crate) fn query_plan(store: &Store, sql: &str) -> String {
    let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = statement
        .query_map(
            rusqlite::params_from_iter(vec!["2026-12-02"; statement.parameter_count()]),
            |r| r.get::<_, String>(3),
        )
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

/// The timeliness measures read only the children who have had a plan on
/// an adoption pathway: Amara (on one) is found, a child with none is not,
/// and a pathway nobody is on finds nobody.
#[test]
fn the_children_on_a_pathway_are_found_without_the_others() {
    let (_dir, path) = temp();
    let (mut store, amara, _) = amara_on_adoption(&path);
    store
        .write(|w| w.put_child(&child("1002", "Ben", "Example")))
        .unwrap();
    assert_eq!(store.children_on_pathways(&["adoption"]).unwrap(), [amara]);
    assert_eq!(
        store.children_on_pathways(&["adoption", "adoption"]).unwrap(),
        [amara]
    );
    assert!(store.children_on_pathways(&["reunification"]).unwrap().is_empty());
    assert!(store.children_on_pathways(&[]).unwrap().is_empty());
    // What the measures then read of Amara: her plan, and nothing recorded yet.
    let facts = store.adoption_facts(amara).unwrap();
    assert_eq!(facts.plans.len(), 1);
    assert_eq!(facts.plans[0].pathway, "adoption");
    assert!(facts.events.is_empty() && facts.endings.is_empty());
}

/// Migration 23 finds the plans an SSDA903 import made before plans kept
/// their basis (their start the day of a `looked-after` event the import
/// recorded, with no Legal Gateway that day) and marks them, their record
/// beginning on the day the audit trail says the plan was created; a plan
/// whose start is a recorded Gateway, or whose looked-after event was not
/// imported, is left counted from its Gateway. Run again over an older
/// file, as every migration is.
#[test]
fn the_plan_basis_migration_marks_only_the_plans_an_import_made() {
    use permanence_domain::plan::StartFrom;
    let (_dir, path) = temp();
    let (store, amara, plan) = amara_on_adoption(&path);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO events (child_id, event, on_date, source) VALUES (?1, 'looked-after', '2026-01-05', 'ssda903:episodes:2026-01-05:RNE')",
        [amara.0],
    )
    .unwrap();
    // Back to before migration 23, its columns as a file of then would
    // read them (the default, no record day).
    conn.execute_batch(
        "UPDATE plans SET start_from = 'gateway', record_from = NULL; PRAGMA user_version = 22;",
    )
    .unwrap();
    let created: String = conn
        .query_row(
            "SELECT date(at) FROM audit WHERE entity = 'plan' AND action = 'create' AND entity_id = ?1",
            [plan.0.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let basis = store.plans(amara).unwrap()[0].basis;
    assert_eq!(basis.start, StartFrom::PeriodOfCare);
    assert_eq!(basis.record_from.map(|d| d.to_string()), Some(created));

    // A Legal Gateway recorded on the plan's start: the plan is the app's.
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO events (child_id, event, on_date) VALUES (?1, 'gateway', '2026-01-05')",
        [amara.0],
    )
    .unwrap();
    conn.execute_batch(
        "UPDATE plans SET start_from = 'gateway', record_from = NULL; PRAGMA user_version = 22;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.plans(amara).unwrap()[0].basis, Default::default());
}

#[test]
fn a_read_in_one_transaction_sees_one_snapshot_and_then_the_save_made_during_it() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    store
        .write(|w| w.put_child(&child("1001", "Amara", "Okafor")))
        .unwrap();
    let mut other = Store::open(&path).unwrap();
    let (before, during) = store
        .in_one_read(|store| {
            let before = store.count_children()?;
            other.write(|w| w.put_child(&child("1002", "Ben", "Okafor")))?;
            Ok::<_, StoreError>((before, store.count_children()?))
        })
        .unwrap();
    assert_eq!(
        (before, during),
        (1, 1),
        "the save made during the read is not seen by it"
    );
    assert_eq!(store.count_children().unwrap(), 2, "and is seen after it");
    // Nested: the inner read is the outer one's, and the outer still ends.
    let nested = store
        .in_one_read(|store| store.in_one_read(|store| store.count_children()))
        .unwrap();
    assert_eq!(nested, 2);
    assert!(
        store
            .write(|w| w.put_child(&child("1003", "Cara", "Okafor")))
            .is_ok()
    );
}
