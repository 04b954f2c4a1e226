//! The audit trail's key: 32 random bytes, kept as hexadecimal in an
//! owner-only file beside the database (`caseload.db.audit-key`).
//!
//! The chain of hashes alone shows an entry altered or removed, but
//! anyone with the sqlite3 shell could rewrite the whole chain and hash
//! it again (issue 16). Each entry also carries a keyed hash (HMAC-SHA256
//! of its chain hash) that only someone who can read the key file can
//! make, so a rewrite by someone who can write the database but not read
//! the key shows in `permanence check`.

use crate::StoreError;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// What the key file's name adds to the database's.
pub const KEY_SUFFIX: &str = ".audit-key";

/// The schema version from which every entry is written with a keyed
/// hash (the migration that added the `mac` column).
pub const KEYED_SCHEMA: u32 = 14;

/// The key itself. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    /// 32 bytes from the operating system's random source.
    pub(crate) fn random() -> Result<AuditKey, std::io::Error> {
        use std::io::Read;
        let mut bytes = [0u8; 32];
        std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
        Ok(AuditKey(bytes))
    }

    /// The keyed hash of an entry: HMAC-SHA256 of its chain hash, which
    /// already covers every field of the entry and the entry before.
    pub fn mac(&self, hash: &str) -> String {
        // HMAC takes a key of any length, so this cannot fail; were it to,
        // an empty string is a keyed hash that never verifies.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(hash.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    pub(crate) fn file_text(&self) -> String {
        format!("{}\n", hex(&self.0))
    }

    fn parse(text: &str) -> Option<AuditKey> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(AuditKey(bytes))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    // Two digits a byte written straight in: this runs for every audit
    // entry, and a `format!` a byte was 3% of a national import.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Where the key of the database at `db` is kept.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(KEY_SUFFIX);
    PathBuf::from(name)
}

/// What an open store knows of its key.
#[derive(Debug, Clone)]
pub(crate) enum KeyState {
    /// Read from its file.
    Ready(AuditKey),
    /// Made now, for a trail none of whose entries is keyed yet (a backup
    /// from before keyed hashes being restored): until the next entry,
    /// the trail is protected by its chain only.
    New(AuditKey),
    /// The file on disk predates keyed hashes and has no key: its
    /// entries are protected by the chain only (`check` of an older file).
    NotYet,
    /// No key can be used, and why, naming the file: nothing can be
    /// written to the trail (no entry is ever written without its keyed
    /// hash), and `check` cannot check the keyed hashes.
    Unavailable(String),
}

impl KeyState {
    /// For a session that only reads: the key if it can be read, else why
    /// not (such a session writes nothing with it, and `check` says so).
    pub(crate) fn read_only(db: &Path) -> KeyState {
        let path = key_path(db);
        match read_key(&path) {
            Ok(Some(key)) => KeyState::Ready(key),
            Ok(None) => KeyState::Unavailable(format!(
                "there is no audit key file {} beside the database",
                path.display()
            )),
            Err(why) => KeyState::Unavailable(why),
        }
    }

    pub(crate) fn key(&self) -> Option<&AuditKey> {
        match self {
            KeyState::Ready(key) | KeyState::New(key) => Some(key),
            KeyState::NotYet | KeyState::Unavailable(_) => None,
        }
    }
}

/// Reads the key at `path`: none if there is no file there, or why it
/// cannot be used. A key file others could read is made owner-only where
/// this user owns it.
pub(crate) fn read_key(path: &Path) -> Result<Option<AuditKey>, String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "the audit key file {} cannot be read ({e})",
                path.display()
            ));
        }
    };
    // SAFETY: geteuid only reads the process's credentials.
    let me = unsafe { libc::geteuid() };
    if meta.permissions().mode() & 0o077 != 0 && meta.uid() == me {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    // A key is 65 bytes; anything much bigger is not one, and is not read whole.
    if meta.len() > 1024 {
        return Err(format!(
            "the audit key file {} is not a key ({} bytes; a key is 64 hexadecimal characters)",
            path.display(),
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the audit key file {} cannot be read ({e})", path.display()))?;
    AuditKey::parse(&text).map(Some).ok_or_else(|| {
        format!(
            "the audit key file {} is not a key (64 hexadecimal characters expected)",
            path.display()
        )
    })
}

/// Writes `key` to a new owner-only file at `path`, whole or not at all
/// (a temporary name, flushed, then linked to its name); refuses if
/// there is a file there already.
pub(super) fn write_key_file(path: &Path, key: &AuditKey) -> Result<(), StoreError> {
    let mut staged = path.as_os_str().to_owned();
    staged.push(format!(".incomplete-{}", std::process::id()));
    let staged = PathBuf::from(staged);
    let _ = std::fs::remove_file(&staged);
    write_new_key_file(&staged, &key.file_text())?;
    let linked = link_key(&staged, path);
    let _ = std::fs::remove_file(&staged);
    linked
}

/// Writes `text` to the new owner-only file `path`, flushed to disk: the
/// key staged beside a database or backup being made, under the same
/// temporary name plus `.audit-key`, so that the one signal handler and
/// clean-up of that file remove it too (see `backup::Partial`).
pub(super) fn write_new_key_file(path: &Path, text: &str) -> Result<(), StoreError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .map_err(|source| StoreError::CreateFile {
            path: path.to_path_buf(),
            source,
        })
}

/// Gives the staged key at `staged` the name `target`, never replacing
/// a key already there.
pub(super) fn link_key(staged: &Path, target: &Path) -> Result<(), StoreError> {
    match std::fs::hard_link(staged, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::Exists(target.to_path_buf()))
        }
        Err(source) => Err(StoreError::CreateFile {
            path: target.to_path_buf(),
            source,
        }),
    }
}

/// The key file's text at `path`, as it is, if there is one. A key file
/// that is there but cannot be used stops the backup: a backup without
/// the key its entries were written with could not be restored.
pub(super) fn key_text(path: &Path) -> Result<Option<String>, StoreError> {
    let refused = |why: String| StoreError::Refused(crate::RecordRule::NoBackupMade(why));
    read_key(path).map_err(refused)?;
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(refused(format!(
            "the audit key file {} cannot be read ({e})",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_reads_back_owner_only_and_a_bad_one_is_named() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db.audit-key");
        let key = AuditKey::random().unwrap();
        write_key_file(&path, &key).unwrap();
        assert_eq!(read_key(&path).unwrap(), Some(key.clone()));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(matches!(write_key_file(&path, &key), Err(StoreError::Exists(_))));
        assert_ne!(key.mac("a"), key.mac("b"));
        assert_ne!(key.mac("a"), AuditKey::random().unwrap().mac("a"));
        std::fs::write(&path, "not a key").unwrap();
        let why = read_key(&path).unwrap_err();
        assert!(why.contains("is not a key"), "{why}");
        assert_eq!(read_key(&dir.path().join("none")).unwrap(), None);
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        let expected: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&bytes), expected);
        assert_eq!(hex(&[0x0f, 0xa0]), "0fa0");
    }
}
