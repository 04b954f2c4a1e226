//! Restore and backup as an administrator meets them through the real
//! binary (issue 16): a restore that fails leaves the live database
//! byte-identical, a good one keeps the replaced database beside it; a
//! backup finishes while others write and is complete or absent whatever
//! signal arrives; `check`, `backup` and `export` create nothing and
//! refuse a file that is not a database by name.

use crate::util::{permanence, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn bin(dir: &Path) -> Command {
    let mut command = permanence();
    command.env("PERMANENCE_CONFIG_DIR", dir.join("config"));
    command
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Output {
    bin(dir).arg("--db").arg(db).args(args).output().unwrap()
}

/// A database with three children, made as a user makes one.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let csv = dir.path().join("children.csv");
    std::fs::write(
        &csv,
        "ref,given_name,family_name,date_of_birth\n\
         R1,Amara,Okafor,2019-04-03\nR2,Leo,Hughes,2015-01-01\nR3,Mia,Khan,2021-07-09\n",
    )
    .unwrap();
    let init = run(dir.path(), &db, &["init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let out = run(dir.path(), &db, &["import", "children", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

fn export(dir: &Path, db: &Path) -> String {
    let out = run(dir, db, &["export", "caseload", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies `from` into a new file at `to` with SQLite's backup API, then
/// runs `change` on the copy: how the bad candidates are made.
fn copy_then(from: &Path, to: &Path, change: &str) {
    let source = rusqlite::Connection::open(from).unwrap();
    let mut copy = rusqlite::Connection::open(to).unwrap();
    rusqlite::backup::Backup::new(&source, &mut copy)
        .unwrap()
        .step(-1)
        .unwrap();
    copy.execute_batch("PRAGMA journal_mode=DELETE").unwrap();
    copy.execute_batch(change).unwrap();
}

/// The bad candidates issue 16 names, each made in `folder`.
fn bad_candidates(db: &Path, folder: &Path) -> Vec<(&'static str, PathBuf)> {
    std::fs::create_dir_all(folder).unwrap();
    let mut made = Vec::new();

    let old = folder.join("version3.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch(
        "CREATE TABLE holiday_snaps (id INTEGER PRIMARY KEY, caption TEXT); PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    made.push(("user_version 3 with one unrelated table", old));

    let bare = folder.join("version11.db");
    let conn = rusqlite::Connection::open(&bare).unwrap();
    conn.execute_batch(
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT, user TEXT, action TEXT, entity TEXT,
             ref TEXT, entity_id INTEGER, before TEXT, after TEXT, prev_hash TEXT, hash TEXT);
         PRAGMA user_version = 11;",
    )
    .unwrap();
    drop(conn);
    made.push(("user_version 11 with an empty audit table", bare));

    let empty = folder.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    made.push(("a zero-length file", empty));

    let junk = folder.join("junk.db");
    std::fs::write(&junk, "ref,given_name\nR1,not a database at all\n".repeat(200)).unwrap();
    made.push(("a file that is not SQLite", junk));

    // A backup stopped part-way: its file and hot journal, as a signal
    // leaves them. The copy is made while the writing connection still
    // holds the transaction open, so the journal is hot.
    let scratch = folder.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let half = scratch.join("half.db");
    {
        let source = rusqlite::Connection::open(db).unwrap();
        let mut copy = rusqlite::Connection::open(&half).unwrap();
        copy.execute_batch("PRAGMA journal_mode=DELETE; PRAGMA cache_size=1;")
            .unwrap();
        let backup = rusqlite::backup::Backup::new(&source, &mut copy).unwrap();
        backup.step(3).unwrap();
        let interrupted = folder.join("interrupted.db");
        std::fs::copy(&half, &interrupted).unwrap();
        let journal = scratch.join("half.db-journal");
        assert!(journal.exists(), "the stopped backup left no journal");
        std::fs::copy(&journal, folder.join("interrupted.db-journal")).unwrap();
        made.push(("an interrupted backup with its journal", interrupted));
        let orphan = folder.join("orphan.db");
        std::fs::copy(&half, &orphan).unwrap();
        made.push(("an interrupted backup whose journal was lost", orphan));
    }

    let latest: i64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let current = folder.join("current.db");
    let conn = rusqlite::Connection::open(&current).unwrap();
    conn.execute_batch(&format!(
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT, user TEXT, action TEXT, entity TEXT,
             ref TEXT, entity_id INTEGER, before TEXT, after TEXT, prev_hash TEXT, hash TEXT);
         PRAGMA user_version = {latest};"
    ))
    .unwrap();
    drop(conn);
    made.push((
        "this version's schema number over only an empty audit table",
        current,
    ));

    let untrailed = folder.join("untrailed.db");
    let conn = rusqlite::Connection::open(db).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    let names: String = {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|n| format!("DROP TRIGGER {};", n.unwrap()))
            .collect()
    };
    // The trail is emptied and its guards put back exactly as they were.
    copy_then(
        db,
        &untrailed,
        &format!("{names} DELETE FROM audit; {};", triggers.join(";\n")),
    );
    made.push(("children with an empty audit trail", untrailed));

    let altered = folder.join("altered.db");
    copy_then(
        db,
        &altered,
        &format!(
            "{names} UPDATE audit SET user = 'mallory' WHERE id = (SELECT min(id) FROM audit); {};",
            triggers.join(";\n")
        ),
    );
    made.push(("an audit entry altered", altered));

    let unguarded = folder.join("unguarded.db");
    copy_then(db, &unguarded, &names);
    made.push(("the audit trail's guards removed", unguarded));
    made
}

#[test]
fn a_failed_restore_leaves_the_live_database_byte_identical() {
    let (dir, db) = setup();
    let d = dir.path();
    let candidates = bad_candidates(&db, &d.join("candidates"));
    let caseload = export(d, &db);
    let files = listing(d);
    for (what, candidate) in candidates {
        // Read after the last export and check, which are on the trail
        // as reads (issue 16).
        let before = std::fs::read(&db).unwrap();
        let mut key = db.clone().into_os_string();
        key.push(".audit-key");
        let key_before = std::fs::read(&key).unwrap();
        let candidate_bytes = std::fs::read(&candidate).unwrap();
        let out = run(d, &db, &["restore", candidate.to_str().unwrap(), "--yes"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what} was restored: {}",
            stdout(&out)
        );
        let said = stderr(&out);
        eprintln!("{what}: {said}");
        assert!(said.contains("the database is unchanged"), "{what}: {said}");
        assert!(
            said.contains(&candidate.display().to_string()),
            "{what}: the message does not name the file: {said}"
        );
        assert!(
            std::fs::read(&db).unwrap() == before,
            "{what}: the live file changed"
        );
        assert!(
            std::fs::read(&key).unwrap() == key_before,
            "{what}: the live audit key changed"
        );
        assert_eq!(listing(d), files, "{what}: left files beside the live database");
        assert!(
            std::fs::read(&candidate).unwrap() == candidate_bytes,
            "{what}: the candidate itself was changed"
        );
        assert_eq!(export(d, &db), caseload, "{what}");
        let check = run(d, &db, &["check"]);
        assert!(check.status.success(), "{what}: {}", stdout(&check));
    }
}

#[test]
fn a_good_restore_keeps_the_replaced_database_beside_it_and_says_where() {
    let (dir, db) = setup();
    let d = dir.path();
    let backup = d.join("backup.db");
    let out = run(d, &db, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let original = export(d, &db);
    let csv = d.join("more.csv");
    std::fs::write(&csv, "ref,given_name,family_name\nR9,New,Child\n").unwrap();
    assert!(
        run(d, &db, &["import", "children", csv.to_str().unwrap()])
            .status
            .success()
    );
    let changed = export(d, &db);
    assert_ne!(changed, original);

    let out = run(d, &db, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(export(d, &db), original);
    let kept: Vec<PathBuf> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("live.replaced-") && name.ends_with(".db")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", listing(d));
    let kept = &kept[0];
    let said = stdout(&out);
    assert!(said.contains(&kept.display().to_string()), "{said}");
    let mode = std::fs::metadata(kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The replaced database is whole: what was live before the restore.
    assert_eq!(export(d, kept), changed);
    let trail: Vec<serde_json::Value> =
        serde_json::from_slice(&run(d, &db, &["audit", "--json"]).stdout).unwrap();
    // The last change: the exports since are on the trail as reads.
    let last = trail
        .iter()
        .rfind(|e| e["action"] != "view" && e["entity"] != "caseload")
        .unwrap();
    assert_eq!(last["action"], "restore");
    let check = run(d, &db, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    // Nothing half-made is left behind.
    for name in listing(d) {
        assert!(!name.contains("restoring"), "{name} left behind");
    }
}

#[test]
fn restore_is_refused_while_someone_else_has_the_database_open() {
    let (dir, db) = setup();
    let d = dir.path();
    let backup = d.join("backup.db");
    assert!(
        run(d, &db, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    // Another worker's session: their later saves would go to a file
    // that is no longer the database.
    let other = rusqlite::Connection::open(&db).unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM children", [], |r| r.get(0))
        .unwrap();
    let before = export(d, &db);
    let out = run(d, &db, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("open"), "{}", stderr(&out));
    assert_eq!(export(d, &db), before);
    drop(other);
    let out = run(d, &db, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Adds about `megabytes` MB of form drafts, so a backup takes long
/// enough for writers and signals to meet it.
fn fatten(db: &Path, megabytes: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let text = "x".repeat(1 << 20);
    let tx = conn.unchecked_transaction().unwrap();
    for n in 0..megabytes {
        tx.execute(
            "INSERT INTO drafts (user, purpose, fields, saved_at) VALUES ('load', ?1, ?2, '2026-12-06T00:00:00Z')",
            rusqlite::params![format!("p{n}"), text],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// Waits for `child` up to `limit`, killing it if it is still running.
fn wait_for(child: &mut std::process::Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn backup_finishes_while_others_write() {
    let (dir, db) = setup();
    let d = dir.path();
    fatten(&db, 24);
    let stop = Arc::new(AtomicBool::new(false));
    let commits = Arc::new(AtomicU64::new(0));
    let writers: Vec<_> = (0..2).map(|me| {
        let (db, stop, commits) = (db.clone(), stop.clone(), commits.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(Duration::from_secs(10)).unwrap();
            let mut n = 0u64;
            // A draft autosaved as fast as the disk allows.
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                conn.execute(
                    "INSERT OR REPLACE INTO drafts (user, purpose, fields, saved_at) VALUES (?1, 'form', ?2, '2026-12-06T00:00:00Z')",
                    [format!("typist{me}"), format!("{{\"n\":{n}}}")],
                )
                .unwrap();
                commits.fetch_add(1, Ordering::Relaxed);
            }
        })
    }).collect();
    while commits.load(Ordering::Relaxed) < 5 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let backup = d.join("busy-backup.db");
    let mut child = bin(d)
        .arg("--db")
        .arg(&db)
        .args(["backup", backup.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_for(&mut child, Duration::from_secs(90));
    let during = commits.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
    let status = status.expect("the backup did not finish in 90 seconds under two writers");
    assert!(status.success(), "the backup failed");
    assert!(during > 5, "the writer was not writing");
    let check = run(d, &backup, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn a_backup_stopped_by_a_signal_is_complete_or_absent() {
    let (dir, db) = setup();
    let d = dir.path();
    fatten(&db, 24);
    let mut interrupted = 0;
    for (n, (signal, delay)) in [
        (libc::SIGINT, 5),
        (libc::SIGTERM, 20),
        (libc::SIGHUP, 40),
        (libc::SIGINT, 80),
        (libc::SIGTERM, 150),
        (libc::SIGINT, 0),
    ]
    .into_iter()
    .enumerate()
    {
        let backup = d.join(format!("backups/b{n}.db"));
        std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
        let mut child = bin(d)
            .arg("--db")
            .arg(&db)
            .args(["backup", backup.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        unsafe {
            libc::kill(child.id() as libc::pid_t, signal);
        }
        let status = wait_for(&mut child, Duration::from_secs(60)).expect("hung");
        if status.success() {
            let check = run(d, &backup, &["check"]);
            assert!(check.status.success(), "{}", stdout(&check));
        } else {
            interrupted += 1;
            assert!(
                !backup.exists(),
                "signal {signal} after {delay} ms left a file at the backup's name"
            );
            assert!(!backup.with_extension("db-journal").exists());
        }
    }
    assert!(
        interrupted > 0,
        "no backup was interrupted; the test proved nothing"
    );
    // Nor is anything half-made left under another name.
    let left: Vec<String> = listing(&d.join("backups"))
        .into_iter()
        .filter(|name| name.contains("incomplete"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn check_backup_and_export_create_nothing_and_refuse_a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let junk = d.join("notes.db");
    std::fs::write(&junk, "Meeting notes, not a database.\n".repeat(100)).unwrap();
    let junk_bytes = std::fs::read(&junk).unwrap();
    let missing = d.join("missing.db");
    let target = d.join("out.db");
    for db in [&junk, &missing] {
        for args in [
            &["check"][..],
            &["backup", target.to_str().unwrap()],
            &["export", "caseload"],
        ] {
            let before = listing(d);
            let out = run(d, db, args);
            assert_eq!(out.status.code(), Some(1), "{args:?} on {}", db.display());
            let said = stderr(&out);
            assert!(said.contains(&db.display().to_string()), "{args:?}: {said}");
            if db == &junk {
                assert!(said.contains("not a permanence database"), "{args:?}: {said}");
            } else {
                assert!(said.contains("does not exist"), "{args:?}: {said}");
            }
            assert_eq!(listing(d), before, "{args:?} on {} made a file", db.display());
        }
    }
    assert!(std::fs::read(&junk).unwrap() == junk_bytes);
}

#[test]
fn a_file_permanence_never_made_is_refused_and_left_as_it_was() {
    let (dir, db) = setup();
    let d = dir.path();
    let candidates = bad_candidates(&db, &d.join("candidates"));
    let interrupted = candidates
        .iter()
        .find(|(what, _)| what.contains("with its journal"))
        .map(|(_, path)| path.clone())
        .unwrap();
    let foreign = d.join("other-program.sqlite");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine');",
    )
    .unwrap();
    drop(conn);
    let target = d.join("out.db");
    for file in [&foreign, &interrupted] {
        for args in [
            &["check"][..],
            &["--read-only", "check"],
            &["backup", target.to_str().unwrap()],
            &["export", "caseload"],
            &["report", "overdue"],
        ] {
            let out = run(d, file, args);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{args:?} on {}: {}",
                file.display(),
                stdout(&out)
            );
            let said = stderr(&out);
            assert!(said.contains(&file.display().to_string()), "{args:?}: {said}");
            assert!(said.contains("not a permanence database"), "{args:?}: {said}");
            assert!(!target.exists(), "{args:?} made a backup");
        }
    }
    // Nothing of permanence's was written into the other program's file.
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, ["notes"]);
}

#[test]
fn restoring_a_plain_copy_of_a_database_leaves_nothing_beside_it() {
    let (dir, db) = setup();
    let d = dir.path();
    // Copied as a file while closed: still marked for WAL, as the live one is.
    let copies = d.join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    let copy = copies.join("copy of live #1.db");
    std::fs::copy(&db, &copy).unwrap();
    // With its audit key, which checks its keyed hashes (tests/audit_cli.rs).
    let mut key = db.clone().into_os_string();
    key.push(".audit-key");
    std::fs::copy(&key, copies.join("copy of live #1.db.audit-key")).unwrap();
    let bytes = std::fs::read(&copy).unwrap();
    let out = run(d, &db, &["restore", copy.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        listing(&copies),
        ["copy of live #1.db", "copy of live #1.db.audit-key"]
    );
    assert!(std::fs::read(&copy).unwrap() == bytes);
}

#[test]
fn a_backup_restores_where_the_database_was_lost_for_its_administrators_only() {
    let (dir, db) = setup();
    let d = dir.path();
    let added = run(
        d,
        &db,
        &[
            "users",
            "add",
            "alice",
            "--name",
            "Alice Smith",
            "--role",
            "business-support",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let backup = d.join("backup.db");
    assert!(
        run(d, &db, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    let caseload = export(d, &db);
    let elsewhere = d.join("new-machine");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let lost = elsewhere.join("live.db");
    let nowhere = elsewhere.join("folder").join("live.db");
    let out = run(
        d,
        &nowhere,
        &["--as", "alice", "restore", backup.to_str().unwrap(), "--yes"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(listing(&elsewhere).is_empty(), "a refused restore made a folder");

    let refused = run(
        d,
        &lost,
        &["--as", "alice", "restore", backup.to_str().unwrap(), "--yes"],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("nothing was restored"),
        "{}",
        stderr(&refused)
    );
    assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
    let read_only = run(
        d,
        &lost,
        &["--read-only", "restore", backup.to_str().unwrap(), "--yes"],
    );
    assert_eq!(read_only.status.code(), Some(1));
    assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));

    let out = run(d, &lost, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("there was no database there before"),
        "{}",
        stdout(&out)
    );
    assert_eq!(export(d, &lost), caseload);
    let mode = std::fs::metadata(&lost).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(run(d, &lost, &["check"]).status.success());
}

/// With today fixed (`PERMANENCE_TODAY`, as every test run fixes it) the
/// clock is stopped at noon that day, so every time the program writes
/// is known: the name the replaced database is kept under, and the time
/// on the restore's audit entry. (It read the wall clock, whatever day
/// the run took as today.)
#[test]
fn with_today_fixed_a_restore_is_timed_at_noon_that_day() {
    let (dir, db) = setup();
    let d = dir.path();
    let in_utc = |args: &[&str]| {
        let out = bin(d)
            .env("TZ", "UTC")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let backup = d.join("backup.db");
    in_utc(&["backup", backup.to_str().unwrap()]);
    let said = in_utc(&["restore", backup.to_str().unwrap(), "--yes"]);
    let kept = d.join("live.replaced-2026-12-06T120000Z.db");
    assert!(kept.exists(), "{:?}", listing(d));
    assert!(said.contains(&kept.display().to_string()), "{said}");
    let trail: Vec<serde_json::Value> = serde_json::from_str(&in_utc(&["audit", "--json"])).unwrap();
    let restore = trail.iter().find(|e| e["action"] == "restore").unwrap();
    assert_eq!(restore["at"], "2026-12-06T12:00:00Z", "{restore}");
}
