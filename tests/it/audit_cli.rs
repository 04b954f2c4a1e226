//! The keyed audit trail through the real binary (issue 16): each entry's
//! keyed hash, `audit anchor` and `check --anchor`, backups and restores
//! carrying the key, and `check` leaving an older file as it was. The
//! tamper tests work on the file as an attacker with the sqlite3 shell
//! would: the trail's no-update and no-delete triggers dropped, the change
//! made, the triggers put back exactly as they were (so the schema check
//! sees nothing), and the chain hashed again where the case says so.

use crate::util::{stderr, stdout};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Output;

struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Setup {
    /// A small real database made through the binary: children, a plan
    /// and a recorded event, so the trail has a dozen entries or so.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("audit.db");
        let setup = Setup { dir, db };
        let children = setup.file(
            "children.csv",
            "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since\n\
             A1,Amara,Okafor,2022-03-01,ico,2024-12-19\n\
             L2,Leo,Hughes,2019-05-05,co,2023-01-10\n\
             M3,Maya,Patel,2020-07-07,ico,2024-06-01\n",
        );
        let plans = setup.file(
            "plans.csv",
            "ref,pathway,role,start,stage\nA1,adoption,primary,06/01/2025,proceedings\n",
        );
        for args in [
            &["init"][..],
            &["import", "children", children.to_str().unwrap()],
            &["import", "plans", plans.to_str().unwrap()],
            &["record", "A1", "case-review", "--on", "15/01/2025"],
        ] {
            let out = setup.run(&setup.db, args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        }
        setup
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The binary on `db` (the setup's or a copy) with the setup's
    /// configuration folder, and none of the developer's settings.
    fn run(&self, db: &Path, args: &[&str]) -> Output {
        crate::util::on(db)
            .env("PERMANENCE_CONFIG_DIR", self.dir.path().join("config"))
            .args(args)
            .output()
            .unwrap()
    }

    /// A copy of the database and its key under `name`, to tamper with.
    fn copy(&self, name: &str) -> PathBuf {
        let copy = self.dir.path().join(format!("{name}.db"));
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()]).unwrap();
        std::fs::copy(key_of(&self.db), key_of(&copy)).unwrap();
        copy
    }

    /// The anchor of the trail as it is now, kept in a file.
    fn anchor(&self, db: &Path) -> PathBuf {
        let out = self.run(db, &["audit", "anchor"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let line = stdout(&out);
        assert!(line.starts_with("permanence audit anchor v1: entry "), "{line}");
        let file = self
            .dir
            .path()
            .join(format!("{}.anchor", db.file_stem().unwrap().to_string_lossy()));
        std::fs::write(&file, line).unwrap();
        file
    }
}

fn key_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".audit-key");
    PathBuf::from(name)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One entry as the attacker reads it: the ten hashed fields in order.
#[derive(Clone)]
struct Row {
    id: i64,
    fields: Vec<Option<String>>,
    hash: String,
    mac: Option<String>,
}

/// The chain hash, as permanence computes it (the code is open): each
/// field length-prefixed, a missing one as u64::MAX.
fn digest(prev: &str, fields: &[Option<String>]) -> String {
    let mut hasher = Sha256::new();
    let mut parts = vec![Some(prev.to_string())];
    parts.extend(fields.iter().cloned());
    for part in parts {
        match part {
            Some(text) => {
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_le_bytes()),
        }
    }
    hex(&hasher.finalize())
}

fn keyed(key: &[u8], hash: &str) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(hash.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn key_bytes(db: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(key_of(db)).unwrap();
    let text = text.trim();
    (0..32)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The sqlite3 shell, with the trail's guards out of the way for `change`
/// and put back, word for word, afterwards.
fn by_hand(db: &Path, change: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let guards: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(guards.len(), 2);
    for (name, _) in &guards {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    change(&conn);
    for (_, sql) in &guards {
        conn.execute_batch(sql).unwrap();
    }
}

fn rows(conn: &rusqlite::Connection) -> Vec<Row> {
    conn.prepare(
        "SELECT id, at, user, os_user, action, entity, ref, entity_id, before, after, hash, mac FROM audit ORDER BY id",
    )
    .unwrap()
    .query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            fields: (1..10).map(|i| r.get(i)).collect::<Result<_, _>>()?,
            hash: r.get(10)?,
            mac: r.get(11)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn put(conn: &rusqlite::Connection, row: &Row, prev: &str) {
    let f = &row.fields;
    conn.execute(
        "UPDATE audit SET at = ?2, user = ?3, os_user = ?4, action = ?5, entity = ?6, ref = ?7,
             entity_id = ?8, before = ?9, after = ?10, prev_hash = ?11, hash = ?12, mac = ?13 WHERE id = ?1",
        rusqlite::params![
            row.id, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], prev, row.hash, row.mac
        ],
    )
    .unwrap();
}

/// Changes entry 2's user to "mallory" and hashes the whole chain again;
/// with `key`, the keyed hashes too, and without, leaves them as they were.
fn rewrite(conn: &rusqlite::Connection, key: Option<&[u8]>) {
    let mut all = rows(conn);
    all[1].fields[1] = Some("mallory".into());
    // The new hashes are set beside the old (the column is UNIQUE).
    conn.execute_batch("UPDATE audit SET hash = 'old-' || hash")
        .unwrap();
    let mut prev = GENESIS.to_string();
    for row in &mut all {
        row.hash = digest(&prev, &row.fields);
        if let Some(key) = key {
            row.mac = Some(keyed(key, &row.hash));
        }
        put(conn, row, &prev);
        prev = row.hash.clone();
    }
}

/// What a way in does to the database file (and its key).
type Tamper = Box<dyn Fn(&Path)>;

/// Each way in, and what it does to the file.
fn tampering() -> Vec<(&'static str, Tamper)> {
    vec![
        (
            "alter a field of one entry",
            Box::new(|db: &Path| {
                by_hand(db, |c| {
                    c.execute_batch("UPDATE audit SET user = 'mallory' WHERE id = 2")
                        .unwrap()
                })
            }),
        ),
        (
            "delete a middle entry",
            Box::new(|db: &Path| by_hand(db, |c| c.execute_batch("DELETE FROM audit WHERE id = 3").unwrap())),
        ),
        (
            "truncate the tail",
            Box::new(|db: &Path| {
                by_hand(db, |c| {
                    c.execute_batch("DELETE FROM audit WHERE id > (SELECT max(id) - 2 FROM audit)")
                        .unwrap()
                })
            }),
        ),
        (
            "rewrite and re-hash the whole chain without the key",
            Box::new(|db: &Path| by_hand(db, |c| rewrite(c, None))),
        ),
        (
            "rewrite and re-hash the whole chain, removing the keyed hashes",
            Box::new(|db: &Path| {
                by_hand(db, |c| {
                    rewrite(c, None);
                    c.execute_batch("UPDATE audit SET mac = NULL").unwrap();
                })
            }),
        ),
        (
            "rewrite and re-hash the whole chain with the key (a stolen key)",
            Box::new(|db: &Path| {
                let key = key_bytes(db);
                by_hand(db, |c| rewrite(c, Some(&key)));
            }),
        ),
        (
            "append a forged entry without the key",
            Box::new(|db: &Path| {
                by_hand(db, |c| {
                    let last = rows(c).pop().unwrap();
                    let fields: Vec<Option<String>> = vec![
                        Some("2026-12-06T04:00:00Z".into()),
                        Some("ada".into()),
                        Some("ada".into()),
                        Some("update".into()),
                        Some("child".into()),
                        Some("A1".into()),
                        None,
                        None,
                        Some("{\"rag\":\"green\"}".into()),
                    ];
                    let hash = digest(&last.hash, &fields);
                    let f = &fields;
                    c.execute(
                        "INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash, mac)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                        rusqlite::params![f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], last.hash, hash, "ab".repeat(32)],
                    )
                    .unwrap();
                })
            }),
        ),
        (
            "swap two entries",
            Box::new(|db: &Path| {
                by_hand(db, |c| {
                    let all = rows(c);
                    let prev = |i: usize| {
                        if i == 0 {
                            GENESIS.to_string()
                        } else {
                            all[i - 1].hash.clone()
                        }
                    };
                    let (mut a, mut b) = (all[1].clone(), all[2].clone());
                    let (prev_a, prev_b) = (prev(1), prev(2));
                    c.execute_batch("UPDATE audit SET hash = 'old-' || hash WHERE id IN (2, 3)")
                        .unwrap();
                    std::mem::swap(&mut a.id, &mut b.id);
                    put(c, &a, &prev_a);
                    put(c, &b, &prev_b);
                })
            }),
        ),
        (
            "delete the key file",
            Box::new(|db: &Path| std::fs::remove_file(key_of(db)).unwrap()),
        ),
        (
            "replace the key file",
            Box::new(|db: &Path| std::fs::write(key_of(db), format!("{}\n", "5a".repeat(32))).unwrap()),
        ),
    ]
}

/// The table docs/reliability.md gives: detected without an anchor, and
/// with an anchor taken before the tampering.
const EXPECTED: &[(&str, bool, bool)] = &[
    ("alter a field of one entry", true, true),
    ("delete a middle entry", true, true),
    ("truncate the tail", false, true),
    ("rewrite and re-hash the whole chain without the key", true, true),
    (
        "rewrite and re-hash the whole chain, removing the keyed hashes",
        true,
        true,
    ),
    (
        "rewrite and re-hash the whole chain with the key (a stolen key)",
        false,
        true,
    ),
    ("append a forged entry without the key", true, true),
    ("swap two entries", true, true),
    ("delete the key file", true, true),
    ("replace the key file", true, true),
];

#[test]
fn every_tampering_is_detected_as_documented_with_and_without_an_anchor() {
    let setup = Setup::new();
    let clean = setup.run(&setup.db, &["check"]);
    assert!(clean.status.success(), "{}", stdout(&clean));
    let mut found = Vec::new();
    for (i, (what, tamper)) in tampering().into_iter().enumerate() {
        let db = setup.copy(&format!("case{i}"));
        let anchor = setup.anchor(&db);
        let before = setup.run(&db, &["check", "--anchor", anchor.to_str().unwrap()]);
        assert!(before.status.success(), "{what}, before: {}", stdout(&before));
        tamper(&db);
        let plain = setup.run(&db, &["check"]);
        let anchored = setup.run(&db, &["check", "--anchor", anchor.to_str().unwrap()]);
        for out in [&plain, &anchored] {
            // Detected means exit 1 with the problem said; never a crash.
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{what}: {}",
                stderr(out)
            );
            assert!(!stderr(out).contains("panicked"), "{what}: {}", stderr(out));
            if !out.status.success() {
                assert!(stdout(out).contains("FAILED"), "{what}: {}", stdout(out));
            }
        }
        eprintln!(
            "{what}: without an anchor {}, with {}\n{}",
            !plain.status.success(),
            !anchored.status.success(),
            stdout(&anchored)
        );
        found.push((what, !plain.status.success(), !anchored.status.success()));
    }
    assert_eq!(found, EXPECTED);
}

#[test]
fn check_names_every_break_not_only_the_first() {
    let setup = Setup::new();
    let db = setup.copy("many");
    by_hand(&db, |c| {
        c.execute_batch(
            "UPDATE audit SET user = 'mallory' WHERE id = 2;
             UPDATE audit SET action = 'nothing' WHERE id = 4;
             DELETE FROM audit WHERE id = 6;",
        )
        .unwrap()
    });
    let out = setup.run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    for expected in [
        "audit entry 2 has been altered",
        "audit entry 4 has been altered",
        "the audit entry before entry 7 is missing",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
}

#[test]
fn the_anchor_line_and_json_name_the_head_and_record_nothing() {
    let setup = Setup::new();
    let count = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
            .unwrap()
    };
    let (head, hash): (i64, String) = rusqlite::Connection::open(&setup.db)
        .unwrap()
        .query_row("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let entries = count(&setup.db);
    let line = stdout(&setup.run(&setup.db, &["audit", "anchor"]));
    assert!(
        line.starts_with(&format!(
            "permanence audit anchor v1: entry {head}, hash {hash}, "
        )),
        "{line}"
    );
    assert!(
        line.trim_end().ends_with(&format!(", {entries} entries")),
        "{line}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&setup.run(&setup.db, &["audit", "anchor", "--json"]).stdout).unwrap();
    assert_eq!(json["entry"], head);
    assert_eq!(json["hash"], hash.as_str());
    assert_eq!(json["entries"], entries);
    assert!(json["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(count(&setup.db), entries, "the anchor was recorded");
    // The JSON is an anchor as good as the line.
    let file = setup.file("anchor.json", &json.to_string());
    let out = setup.run(&setup.db, &["check", "--anchor", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("the anchored entry {head} (")),
        "{}",
        stdout(&out)
    );
    // A trail that fails its check is not anchored.
    let db = setup.copy("broken");
    by_hand(&db, |c| {
        c.execute_batch("UPDATE audit SET user = 'x' WHERE id = 2")
            .unwrap()
    });
    let out = setup.run(&db, &["audit", "anchor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no anchor was made"), "{}", stderr(&out));
}

#[test]
fn a_bad_anchor_file_is_refused_saying_which_and_what_is_wrong() {
    let setup = Setup::new();
    let missing = setup.dir.path().join("nowhere.anchor");
    let cases = [
        (missing.clone(), "cannot read the anchor file"),
        (setup.file("empty.anchor", ""), "is not an anchor"),
        (
            setup.file("prose.anchor", "the head was 5123\n"),
            "is not an anchor",
        ),
        (
            setup.file(
                "short.anchor",
                "permanence audit anchor v1: entry 3, hash abc, 2026-12-06T04:10:00Z\n",
            ),
            "its hash is not 64",
        ),
        (
            setup.file("bad.json", "{\"entry\": \"three\"}"),
            "has no \"entry\" number",
        ),
        (
            setup.file("big.anchor", &"x".repeat(70 * 1024)),
            "an anchor is one line",
        ),
    ];
    for (file, expected) in cases {
        let out = setup.run(&setup.db, &["check", "--anchor", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let said = stderr(&out);
        assert!(said.contains(&file.display().to_string()), "{said}");
        assert!(said.contains(expected), "{expected}: {said}");
    }
    // A well-formed anchor naming an entry the trail never had.
    let line = format!(
        "permanence audit anchor v1: entry 999, hash {}, 2026-12-06T04:10:00Z\n",
        "0f".repeat(32)
    );
    let file = setup.file("future.anchor", &line);
    let out = setup.run(&setup.db, &["check", "--anchor", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("the anchored entry 999 has changed or vanished"),
        "{}",
        stdout(&out)
    );
}

/// Turns a current database into one an older version left: schema 13,
/// no keyed hashes, no key file.
fn make_older(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("ALTER TABLE audit DROP COLUMN mac; PRAGMA user_version = 13;")
        .unwrap();
    drop(conn);
    std::fs::remove_file(key_of(db)).unwrap();
}

#[test]
fn check_leaves_an_older_file_byte_identical_and_says_it_checked_an_upgraded_copy() {
    let setup = Setup::new();
    let db = setup.copy("older");
    make_older(&db);
    let bytes = std::fs::read(&db).unwrap();
    let out = setup.run(&db, &["check"]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(
            "checked as upgraded to schema 15 (the file is at schema 13); the file itself was not changed"
        ),
        "{said}"
    );
    assert!(said.contains("were written before keyed hashes"), "{said}");
    assert!(std::fs::read(&db).unwrap() == bytes, "check changed the file");
    assert!(!key_of(&db).exists(), "check made a key");
    // The first writable open upgrades it, makes its key, and seals the
    // older entries with one keyed entry.
    let out = setup.run(&db, &["audit", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let last = entries.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "seal");
    assert!(key_of(&db).exists());
    let out = setup.run(&db, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn without_its_key_nothing_is_saved_and_reading_still_works() {
    let setup = Setup::new();
    let db = setup.copy("keyless");
    std::fs::remove_file(key_of(&db)).unwrap();
    let count = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
            .unwrap()
    };
    let entries = count();
    let out = setup.run(&db, &["record", "L2", "case-review", "--on", "16/01/2025"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stderr(&out);
    assert!(said.contains(&key_of(&db).display().to_string()), "{said}");
    assert!(said.contains("nothing was saved"), "{said}");
    assert!(!key_of(&db).exists(), "a new key was made over a keyed trail");
    // Reading works, and says the read could not go on the record.
    let out = setup.run(&db, &["--read-only", "events", "A1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("audit key file"), "{}", stderr(&out));
    assert_eq!(count(), entries, "an entry was written without its keyed hash");
}

#[test]
fn a_backup_carries_its_key_and_a_restore_installs_it_keeping_the_old_one() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new();
    let d = setup.dir.path();
    let backup = d.join("backup.db");
    let out = setup.run(&setup.db, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&key_of(&backup).display().to_string()),
        "{}",
        stdout(&out)
    );
    let key = std::fs::read(key_of(&backup)).unwrap();
    assert_eq!(key, std::fs::read(key_of(&setup.db)).unwrap());
    let mode = std::fs::metadata(key_of(&backup)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Restored into a database with a key of its own, which is kept.
    let other = setup.copy("other");
    std::fs::write(key_of(&other), format!("{}\n", "5a".repeat(32))).unwrap();
    // Its trail no longer matches that key: re-key by hand for the test.
    let old_key = key_bytes(&other);
    by_hand(&other, |c| rewrite(c, Some(&old_key)));
    assert!(setup.run(&other, &["check"]).status.success());
    let old_key_file = std::fs::read(key_of(&other)).unwrap();
    let out = setup.run(&other, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(key_of(&other)).unwrap(), key);
    let kept = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("other.replaced-") && p.extension().is_some_and(|e| e == "db"))
        .unwrap();
    assert_eq!(std::fs::read(key_of(&kept)).unwrap(), old_key_file);
    assert!(
        stdout(&out).contains(&key_of(&kept).display().to_string()),
        "{}",
        stdout(&out)
    );
    assert!(setup.run(&other, &["check"]).status.success());
    assert!(setup.run(&kept, &["check"]).status.success());

    // A keyed backup without its key is refused; nothing changes.
    std::fs::remove_file(key_of(&backup)).unwrap();
    let (live, live_key) = (
        std::fs::read(&other).unwrap(),
        std::fs::read(key_of(&other)).unwrap(),
    );
    let out = setup.run(&other, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("audit key file"), "{}", stderr(&out));
    assert!(std::fs::read(&other).unwrap() == live);
    assert_eq!(std::fs::read(key_of(&other)).unwrap(), live_key);
}

#[test]
fn a_backup_from_before_keyed_hashes_restores_with_a_new_key_said_plainly() {
    let setup = Setup::new();
    let older = setup.copy("older-backup");
    make_older(&older);
    let target = setup.dir.path().join("fresh").join("restored.db");
    let out = setup.run(&target, &["restore", older.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the backup had no audit key"),
        "{}",
        stdout(&out)
    );
    assert!(key_of(&target).exists());
    let out = setup.run(&target, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_backup_is_refused_when_the_key_beside_the_database_is_not_a_key() {
    let setup = Setup::new();
    let db = setup.copy("badkey");
    std::fs::write(key_of(&db), "not a key\n").unwrap();
    let backup = setup.dir.path().join("badkey-backup.db");
    let out = setup.run(&db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stderr(&out);
    assert!(said.contains(&key_of(&db).display().to_string()), "{said}");
    assert!(said.contains("no backup was made"), "{said}");
    assert!(!backup.exists() && !key_of(&backup).exists());
}
