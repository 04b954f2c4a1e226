//! Many writers at once, and writers killed mid-stream: every write that
//! was reported saved is there, the file passes SQLite's integrity check,
//! and no user ever sees "database is locked". The fast half of
//! docs/reliability.md's "Durability" and "Concurrency";
//! tests/scripts/reliability_long.sh runs the same promises many more
//! times with the release binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

/// The binary on DB, with a configuration folder beside it, so that a
/// test never reads the developer's own.
fn permanence(db: &Path) -> Command {
    let mut command = crate::util::on(db);
    let config = db.parent().map(|p| p.join("config")).unwrap_or_default();
    command.env("PERMANENCE_CONFIG_DIR", config);
    command
}

fn setup(children: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("durable.db");
    let mut csv = String::from("ref,given_name,family_name\n");
    for n in 0..children {
        csv.push_str(&format!("C{n},Child,Number{n}\n"));
    }
    let file = dir.path().join("children.csv");
    std::fs::write(&file, csv).unwrap();
    // A database is made with `init`, whose maker is its administrator;
    // the writers below act `--as` users the administrator added.
    let ok =
        |out: std::process::Output| assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    ok(permanence(&db).arg("init").output().unwrap());
    for w in 0..4 {
        let name = format!("worker{w}");
        ok(permanence(&db)
            .args(["users", "add", &name, "--name", &name, "--role", "team-manager"])
            .output()
            .unwrap());
    }
    let out = permanence(&db)
        .args(["import", "children"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, db)
}

fn events(db: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT c.ref, e.on_date FROM events e JOIN children c ON c.id = e.child_id")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// The date of the n-th write: distinct, all in the past, and 15 days
/// apart (`record` takes the same event days from another for that one
/// on the wrong date, and refuses it).
fn day(n: usize) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(15 * n as u64);
    date.format("%Y-%m-%d").to_string()
}

#[test]
fn many_writers_at_once_all_land() {
    let (_dir, db) = setup(4);
    let db = Arc::new(db);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = Arc::clone(&db);
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for n in 0..20 {
                    let out = permanence(&db)
                        .args([
                            "--as",
                            &format!("worker{w}"),
                            "record",
                            &format!("C{w}"),
                            "ppm",
                            "--on",
                        ])
                        .arg(day(n))
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(failures.is_empty(), "writes failed: {failures:#?}");
    assert_eq!(events(&db).len(), 80, "every write landed");
    assert_eq!(integrity(&db), "ok");
    let check = permanence(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn kill_9_mid_write_never_loses_a_saved_write_or_corrupts_the_file() {
    let (_dir, db) = setup(1);
    let mut saved = Vec::new();
    for n in 0..40 {
        let mut child = permanence(&db)
            .args(["record", "C0", "case-review", "--on"])
            .arg(day(n))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill some at once, some a little later, some not at all.
        let wait = Duration::from_micros((n as u64 * 7919) % 12_000);
        std::thread::sleep(wait);
        if n % 3 != 0 {
            let _ = child.kill();
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("recorded") {
            saved.push(day(n));
        }
        // Every so often, check the file is whole.
        if n % 10 == 9 {
            assert_eq!(integrity(&db), "ok", "after {n} writes");
        }
    }
    let stored: Vec<String> = events(&db).into_iter().map(|(_, on)| on).collect();
    for day in &saved {
        assert!(stored.contains(day), "{day} was reported saved but is missing");
    }
    assert!(!saved.is_empty(), "some writes should have finished");
    assert_eq!(integrity(&db), "ok");
    let check = permanence(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

fn children_named(db: &Path, prefix: &str) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM children WHERE ref LIKE ?1 || '%'",
        [prefix],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_of_it_or_none() {
    let (dir, db) = setup(1);
    let rows = 400;
    let csv = |k: usize| {
        let mut text = String::from("ref,given_name,family_name\n");
        for j in 0..rows {
            text.push_str(&format!("I{k}x{j},Child,Imported{j}\n"));
        }
        let file = dir.path().join(format!("import{k}.csv"));
        std::fs::write(&file, text).unwrap();
        file
    };
    // How long a whole import takes here, so the kills below fall from
    // its start to past its end.
    let started = std::time::Instant::now();
    let out = permanence(&db)
        .args(["import", "children"])
        .arg(csv(0))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let whole = started.elapsed();
    assert_eq!(children_named(&db, "I0x"), rows);
    let mut killed = 0;
    for k in 1..=12 {
        let mut child = permanence(&db)
            .args(["import", "children"])
            .arg(csv(k))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(k as f64 / 10.0));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let landed = children_named(&db, &format!("I{k}x"));
        assert!(
            landed == 0 || landed == rows,
            "import {k} was torn: {landed} of {rows} children"
        );
        assert_eq!(integrity(&db), "ok", "after import {k}");
    }
    assert!(killed > 0, "at least one import should have been killed part-way");
    let check = permanence(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
