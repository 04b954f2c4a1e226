//! `permanence check` through the real binary: it reports every problem
//! it finds, one never hiding another, and it never crashes, whatever
//! bytes the file holds (issue 16, point 7).

use crate::util::fixtures::AMARA_ADOPTION;
use crate::util::{Case, run_with_config as run, stderr, stdout};
use std::path::Path;
use std::process::Output;

crate::util::setup_on_a_case!();

impl Setup {
    /// A small real database made through the binary: three children, a
    /// plan with its stored timeline, and a recorded event.
    fn new() -> Setup {
        let setup = Setup(Case::new("check.db"));
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
             L2,Leo,Hughes,2019-05-05,co,2023-01-10\n\
             M3,Maya,Patel,2020-07-07,ico,2024-06-01\n",
        );
        let plans = setup.file("plans.csv", AMARA_ADOPTION);
        for args in [
            &["init"][..],
            &["import", "children", children.to_str().unwrap()],
            &["import", "plans", plans.to_str().unwrap()],
            &["record", "A1", "case-review", "--on", "15/01/2025"],
        ] {
            let out = run(&setup.config(), &setup.db, args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        }
        setup
    }

    fn check(&self, db: &Path) -> Output {
        run(&self.config(), db, &["check"])
    }
}

/// Opens the file as someone with the sqlite3 shell would, with nothing
/// of permanence's in between.
fn by_hand(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

#[test]
fn a_sound_database_is_reported_sound() {
    let setup = Setup::new();
    let out = setup.check(&setup.db);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for part in [
        "integrity (SQLite's own check of the file): ok",
        "references between records: ok",
        "schema: ok",
        "audit trail: ok",
        "The database is sound.",
    ] {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
    // The stored timeline the dangling-reference test breaks is there.
    let items: i64 = by_hand(&setup.db)
        .query_row("SELECT count(*) FROM stored_items", [], |r| r.get(0))
        .unwrap();
    assert!(items > 0, "the plan left no stored items to break");
}

#[test]
fn a_dangling_stored_item_and_a_forged_audit_entry_are_both_reported() {
    let setup = Setup::new();
    let conn = by_hand(&setup.db);
    // A stored item whose timeline is gone: SQLite's foreign-key report
    // gives a table without row ids a NULL row id, which the old `check`
    // could not read, and so it stopped before the audit trail.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO stored_items
             SELECT due, reference, position + 1000, 999999, plan_id, title_id,
                    responsible, target, deadline, shown_from, deadline_by
             FROM stored_items LIMIT 1;
         INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash)
             VALUES ('2025-01-01T00:00:00Z', 'mallory', 'mallory', 'delete', 'child', 'A1', NULL, NULL, NULL,
                     'not the hash before', 'forged');",
    )
    .unwrap();
    drop(conn);
    let out = setup.check(&setup.db);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(!stderr(&out).contains("Invalid column type"), "{}", stderr(&out));
    assert!(
        text.contains("references between records: FAILED")
            && text.contains("a row of stored_items points at a missing stored_timelines"),
        "{text}"
    );
    assert!(
        text.contains("audit trail: FAILED")
            && text.contains("is missing or has been replaced")
            && text.contains("keep this database as evidence"),
        "{text}"
    );
    assert!(text.contains("The database has problems"), "{text}");
}

#[test]
fn every_missing_table_and_trigger_and_an_emptied_trail_are_listed() {
    let setup = Setup::new();
    let conn = by_hand(&setup.db);
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_delete;
         DELETE FROM audit;
         DROP INDEX stored_items_by_child;
         DROP TABLE drafts;
         CREATE TABLE extra (x);",
    )
    .unwrap();
    drop(conn);
    let out = setup.check(&setup.db);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    for part in [
        "schema: FAILED",
        "the trigger audit_is_append_only_delete is missing",
        "the index stored_items_by_child is missing",
        "the table drafts is missing",
        "the table extra is not one permanence makes",
        "audit trail: FAILED",
        "the database holds 3 children but no audit trail",
    ] {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}

/// Everything a reader could get out of the file: its schema version and
/// every row of every table, the schema's own included; `None` where
/// SQLite cannot read it all. Two files with the same contents are the
/// same database, whatever their bytes.
fn contents(db: &Path) -> Option<Vec<Vec<rusqlite::types::Value>>> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()?;
    let mut all = vec![vec![rusqlite::types::Value::Integer(version)]];
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .ok()?
        .query_map([], |r| r.get(0))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    for table in ["sqlite_master".to_string()].iter().chain(&tables) {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).ok()?;
        let width = statement.column_count();
        let rows = statement
            .query_map([], |r| {
                (0..width).map(|i| r.get(i)).collect::<Result<Vec<_>, _>>()
            })
            .ok()?
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        all.extend(rows);
    }
    Some(all)
}

/// A small deterministic generator: the same corruptions every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn two_hundred_corrupted_copies_never_crash_check_and_changed_ones_are_reported() {
    let setup = Setup::new();
    // One file, no -wal beside it: what a copy of the database is.
    by_hand(&setup.db)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    let original = std::fs::read(&setup.db).unwrap();
    let sound = contents(&setup.db).unwrap();
    assert!(original.len() >= 4096, "{} bytes", original.len());
    let page = 4096.min(original.len());
    let mut random = XorShift(0x5eed_0016_c4ec_0007);
    let mut reported = 0;
    let mut unopened = 0;
    let mut changed = 0;
    let mut passed = Vec::new();
    let mut missed = Vec::new();
    for copy in 0..200 {
        let mut bytes = original.clone();
        let flips = 1 + random.below(16);
        for _ in 0..flips {
            // One copy in four has its flips in the header page, where
            // SQLite keeps the file's format and the schema.
            let at = if copy % 4 == 0 {
                random.below(page)
            } else {
                random.below(bytes.len())
            };
            bytes[at] ^= 1 + (random.below(255) as u8);
        }
        let path = setup.dir.path().join(format!("copy-{copy}.db"));
        std::fs::write(&path, &bytes).unwrap();
        // Read before `check` opens it, which may write its header.
        let same = contents(&path).as_ref() == Some(&sound);
        if !same {
            changed += 1;
        }
        let out = setup.check(&path);
        let (text, errors) = (stdout(&out), stderr(&out));
        assert!(
            !errors.contains("panicked") && matches!(out.status.code(), Some(0 | 1)),
            "copy {copy} ({flips} bytes flipped): exit {:?}\n{text}{errors}",
            out.status.code()
        );
        if out.status.code() == Some(1) {
            assert!(
                text.contains("The database has problems")
                    || errors.contains("so nothing in it could be checked")
                    || errors.contains("written by a newer version"),
                "copy {copy}: exit 1 without saying why:\n{text}{errors}"
            );
            reported += 1;
            if !text.contains("The database has problems") {
                unopened += 1;
            }
        } else {
            assert!(
                text.contains("The database is sound."),
                "copy {copy}:\n{text}{errors}"
            );
            passed.push(copy);
            if !same {
                // What SQLite cannot see: a value changed but still well
                // formed (the file has no checksum of each row).
                assert!(
                    contents(&path).is_some(),
                    "copy {copy}: unreadable yet sound:\n{text}"
                );
                missed.push(copy);
            }
        }
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", path.display()));
        }
    }
    eprintln!(
        "{reported} of 200 corrupted copies reported as damaged ({unopened} of them refused \
         at opening); {changed} changed in effect; passed as sound: {passed:?}; of them \
         changed in effect: {missed:?}"
    );
    // Most of a small database's file is unused space inside its pages,
    // where a flipped byte changes nothing: those copies may pass. Of
    // those whose contents changed, nine in ten at least are reported.
    assert!(changed >= 50, "only {changed} of 200 copies changed in effect");
    assert!(
        missed.len() * 10 <= changed,
        "{} of {changed} copies changed in effect passed as sound: {missed:?}",
        missed.len()
    );
}

#[test]
fn a_file_sqlite_cannot_open_is_reported_as_damaged_and_left_alone() {
    let setup = Setup::new();
    let mut bytes = std::fs::read(&setup.db).unwrap();
    // The schema's page, after the 100-byte header, overwritten.
    for (i, b) in bytes.iter_mut().enumerate().take(4096).skip(100) {
        *b = (i % 251) as u8;
    }
    let damaged = setup.dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = setup.check(&damaged);
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("so nothing in it could be checked; do not use it, and restore from a backup"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));
    assert!(
        std::fs::read(&damaged).unwrap() == bytes,
        "check changed the damaged file"
    );
}
