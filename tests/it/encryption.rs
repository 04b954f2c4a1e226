//! Encryption at rest (the `encryption` feature, SQLCipher): the file on
//! disk is unreadable without the key, and everything works with it.
//! Without the feature, a key is refused rather than silently ignored.

use crate::util::on;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

fn run(db: &Path, key_file: Option<&Path>, args: &[&str]) -> Output {
    // permanence() has already cleared PERMANENCE_KEY_FILE.
    let mut command = on(db);
    if let Some(key) = key_file {
        command.env("PERMANENCE_KEY_FILE", key);
    }
    command.args(args).output().unwrap()
}

fn key_file(dir: &Path) -> std::path::PathBuf {
    let key = dir.join("key");
    std::fs::write(&key, "correct horse battery staple\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    key
}

#[cfg(feature = "encryption")]
#[test]
fn an_encrypted_database_is_unreadable_without_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secret.db");
    let key = key_file(dir.path());
    let made = run(
        &db,
        Some(&key),
        &[
            "demo",
            "--no-tui",
            "--children",
            "20",
            "--seed",
            "4",
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    // Close every connection's WAL into the file before reading its bytes.
    let checked = run(&db, Some(&key), &["check"]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    let header = std::fs::read(&db).unwrap();
    assert!(
        !header.starts_with(b"SQLite format 3"),
        "the file is plain SQLite"
    );
    let names: Vec<u8> = b"Permanence".to_vec();
    assert!(!header.windows(names.len()).any(|w| w == names.as_slice()));

    let with_key = run(&db, Some(&key), &["export", "caseload", "--format", "json"]);
    assert!(with_key.status.success());
    assert_eq!(
        serde_json::from_slice::<Vec<serde_json::Value>>(&with_key.stdout)
            .unwrap()
            .len(),
        20
    );

    let without = run(&db, None, &["export", "caseload"]);
    assert_eq!(without.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&without.stderr).contains("encrypted and the key is missing or wrong"),
        "{}",
        String::from_utf8_lossy(&without.stderr)
    );

    let backup = dir.path().join("backup.db");
    let out = run(&db, Some(&key), &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        !std::fs::read(&backup).unwrap().starts_with(b"SQLite format 3"),
        "the backup is encrypted too"
    );
    assert!(run(&backup, Some(&key), &["check"]).status.success());
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_a_key_is_refused_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let key = key_file(dir.path());
    let out = run(&db, Some(&key), &["export", "caseload"]);
    assert_eq!(out.status.code(), Some(1));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("this build of permanence cannot encrypt"),
        "{message}"
    );
    assert!(!db.exists(), "no plain database was made by mistake");
}

#[test]
fn a_key_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let key = key_file(dir.path());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&db, Some(&key), &["export", "caseload"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("can be read by others"));
}
