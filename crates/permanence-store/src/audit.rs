//! The audit trail: who changed or looked at what, when, with the values
//! before and after. Entries are written by the [`Writer`] in the same
//! transaction as the change they describe, so a change and its entry
//! stand or fall together. The table refuses updates and deletes, and
//! each entry's hash covers the previous entry's, so `permanence check`
//! finds an entry altered or removed behind the program's back. Each
//! entry also carries a keyed hash (see `audit_key`), so a chain rewritten
//! and hashed again by someone without the key shows too; and an anchor
//! (the head of the chain, kept elsewhere) shows a trail cut short or
//! rewritten even with the key.

use crate::AuditAction;
use crate::audit_key::{self, AuditKey, KeyState, key_path, read_key};
use crate::{Store, StoreError, Writer};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Who is acting: the worker, and the operating-system account the
/// program runs as (the same person on a laptop; the service account on
/// a shared server, where `--as` names the worker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub os_user: String,
}

impl Actor {
    /// For tests and tools that act as no particular person.
    pub fn system() -> Actor {
        Actor {
            user: "system".to_string(),
            os_user: "system".to_string(),
        }
    }
}

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, ISO 8601 with seconds: `2026-11-23T17:56:12Z`.
    pub at: String,
    pub user: String,
    pub os_user: String,
    /// As stored, and hashed: see [`AuditEntry::known_action`].
    pub action: String,
    pub entity: String,
    pub reference: Option<String>,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The action, where this version knows it; `None` for one an older
    /// or newer version wrote, whose text [`AuditEntry::action`] still
    /// holds as stored.
    pub fn known_action(&self) -> Option<AuditAction> {
        AuditAction::parse(&self.action)
    }

    fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for part in [
            Some(self.prev_hash.as_str()),
            Some(self.at.as_str()),
            Some(self.user.as_str()),
            Some(self.os_user.as_str()),
            Some(self.action.as_str()),
            Some(self.entity.as_str()),
            self.reference.as_deref(),
            self.entity_id.as_deref(),
            self.before.as_deref(),
            self.after.as_deref(),
        ] {
            // Length-prefixed, so no two different entries hash alike by
            // moving text from one field to the next.
            let bytes = part.map(str::as_bytes);
            match bytes {
                Some(b) => {
                    hasher.update((b.len() as u64).to_le_bytes());
                    hasher.update(b);
                }
                None => hasher.update(u64::MAX.to_le_bytes()),
            }
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What is written: the action, on what, and the values either side.
pub struct Change<'a> {
    pub action: AuditAction,
    pub entity: &'a str,
    pub reference: Option<&'a str>,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        user: row.get(2)?,
        os_user: row.get(3)?,
        action: row.get(4)?,
        entity: row.get(5)?,
        reference: row.get(6)?,
        entity_id: row.get(7)?,
        before: row.get(8)?,
        after: row.get(9)?,
        prev_hash: row.get(10)?,
        hash: row.get(11)?,
    })
}

const SELECT: &str = "SELECT id, at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash, mac FROM audit";

impl Writer<'_> {
    /// Appends an entry, chained to the last one.
    pub fn audit(&mut self, change: Change<'_>) -> Result<(), StoreError> {
        if self.quiet {
            return Ok(());
        }
        // The entry before is this write's last, once it has written one:
        // nothing else writes to the trail inside the transaction.
        let prev_hash: String = match self.last_hash.take() {
            Some(hash) => hash,
            None => self
                .tx
                .prepare_cached("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")?
                .query_row([], |r| r.get(0))
                .optional()?
                .unwrap_or_else(|| GENESIS.to_string()),
        };
        let mut entry = AuditEntry {
            id: 0,
            at: self.now.clone(),
            user: self.actor.user.clone(),
            os_user: self.actor.os_user.clone(),
            action: change.action.code().to_string(),
            entity: change.entity.to_string(),
            reference: change.reference.map(String::from),
            entity_id: change.entity_id,
            before: change.before.map(|v| v.to_string()),
            after: change.after.map(|v| v.to_string()),
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.digest();
        // Never an entry without its keyed hash: without the key, nothing.
        let mac = match self.audit_key {
            KeyState::Ready(key) | KeyState::New(key) => key.mac(&entry.hash),
            KeyState::Unavailable(why) => return Err(StoreError::AuditKey(why.clone())),
            KeyState::NotYet => {
                return Err(StoreError::AuditKey("this database has no audit key yet".into()));
            }
        };
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, user, os_user, action, entity, ref, entity_id, before, after, prev_hash, hash, mac)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                entry.at,
                entry.user,
                entry.os_user,
                entry.action,
                entry.entity,
                entry.reference,
                entry.entity_id,
                entry.before,
                entry.after,
                entry.prev_hash,
                entry.hash,
                mac
            ])?;
        self.last_hash = Some(entry.hash);
        Ok(())
    }
}

/// Where the chain is broken, and how: one for each break, so that one
/// never hides another.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {id} has been altered: its contents no longer match its hash")]
    Altered { id: i64 },
    #[error(
        "the audit entry before entry {id} is missing or has been replaced, or the entries are out of order"
    )]
    Broken { id: i64 },
    #[error(
        "audit entry {id} carries the wrong keyed hash: it was written or rewritten by someone without this database's audit key"
    )]
    BadMac { id: i64 },
    #[error(
        "audit entry {id} carries no keyed hash, though entries before it do: it was not written by permanence"
    )]
    NoMac { id: i64 },
    #[error("audit entry {id} cannot be read: {why}")]
    Unreadable { id: String, why: String },
}

/// The last entry of the trail: what an anchor keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: String,
    pub at: String,
}

/// Everything found by walking the trail from its first entry to its head.
#[derive(Debug, Clone, Default)]
pub struct TrailReport {
    pub entries: u64,
    /// Each break, in order.
    pub breaks: Vec<ChainBreak>,
    /// Problems with the keyed hashes as a whole (no key, none keyed).
    pub key_problems: Vec<String>,
    /// Entries before the first keyed one: written before keyed hashes.
    pub unkeyed: u64,
    /// Whether the keyed hashes were checked (the key could be read).
    pub macs_checked: bool,
    pub head: Option<Head>,
    /// What the anchor showed, if one was given: a note or a problem.
    pub anchor: Option<Result<String, String>>,
}

impl TrailReport {
    /// Every problem, said.
    pub fn problems(&self) -> Vec<String> {
        let mut all: Vec<String> = self.breaks.iter().map(ToString::to_string).collect();
        all.extend(self.key_problems.iter().cloned());
        all
    }

    /// What was found, where all is well.
    pub fn note(&self) -> String {
        let mut note = format!("{} entries, each chained to the one before", self.entries);
        if self.macs_checked {
            note.push_str(", each keyed entry's keyed hash checked");
        } else {
            note.push_str("; the keyed hashes were not checked (no key)");
        }
        if self.unkeyed > 0 {
            note.push_str(&format!(
                "; entries 1 to {} were written before keyed hashes and are protected by the chain, and by the keyed hash of the first entry after them where there is one",
                self.unkeyed
            ));
        }
        note
    }
}

/// The head of the chain as a person keeps it (`permanence audit anchor`)
/// and gives it back (`permanence check --anchor FILE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub entry: i64,
    pub hash: String,
    pub at: String,
    /// How many entries the trail held, up to and including `entry`.
    pub entries: Option<u64>,
}

const ANCHOR_PREFIX: &str = "permanence audit anchor v1: ";

impl Anchor {
    /// One line a person can copy: `permanence audit anchor v1: entry 5123,
    /// hash 9f…, 2026-12-06T04:10:00Z, 5123 entries`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{ANCHOR_PREFIX}entry {}, hash {}, {}",
            self.entry, self.hash, self.at
        );
        if let Some(n) = self.entries {
            line.push_str(&format!(", {n} entries"));
        }
        line
    }

    pub fn json(&self) -> Value {
        serde_json::json!({"entry": self.entry, "hash": self.hash, "at": self.at, "entries": self.entries})
    }

    /// Reads an anchor back from the line or the JSON; what is wrong if
    /// it is neither.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let text = text.trim();
        let anchor = if text.starts_with('{') {
            Anchor::from_json(text)?
        } else {
            Anchor::from_line(text)?
        };
        if anchor.entry < 1 {
            return Err(format!("entry {} is not an entry number", anchor.entry));
        }
        if anchor.hash.len() != 64
            || !anchor
                .hash
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err("its hash is not 64 lower-case hexadecimal characters".into());
        }
        Ok(anchor)
    }

    fn from_json(text: &str) -> Result<Anchor, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
        let entry = value
            .get("entry")
            .and_then(Value::as_i64)
            .ok_or("it has no \"entry\" number")?;
        let hash = value
            .get("hash")
            .and_then(Value::as_str)
            .ok_or("it has no \"hash\"")?;
        let at = value.get("at").and_then(Value::as_str).unwrap_or_default();
        let entries = match value.get("entries") {
            None | Some(Value::Null) => None,
            Some(n) => Some(n.as_u64().ok_or("its \"entries\" is not a count")?),
        };
        Ok(Anchor {
            entry,
            hash: hash.to_string(),
            at: at.to_string(),
            entries,
        })
    }

    fn from_line(text: &str) -> Result<Anchor, String> {
        let expected = "it is neither the line `permanence audit anchor` prints (permanence audit anchor v1: entry N, hash H, TIME) nor its --json";
        let rest = text.strip_prefix(ANCHOR_PREFIX).ok_or(expected)?;
        let parts: Vec<&str> = rest.split(", ").collect();
        let entry = parts
            .first()
            .and_then(|p| p.strip_prefix("entry "))
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or(expected)?;
        let hash = parts
            .get(1)
            .and_then(|p| p.strip_prefix("hash "))
            .ok_or(expected)?;
        let at = parts.get(2).copied().unwrap_or_default();
        let entries = match parts.get(3) {
            None => None,
            Some(p) => Some(
                p.strip_suffix(" entries")
                    .and_then(|n| n.parse::<u64>().ok())
                    .ok_or(expected)?,
            ),
        };
        Ok(Anchor {
            entry,
            hash: hash.to_string(),
            at: at.to_string(),
            entries,
        })
    }
}

impl Store {
    /// Entries about one child (by reference), or all, oldest first.
    pub fn audit_entries(&self, reference: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        let entries = match reference {
            Some(r) => self
                .conn
                .prepare(&format!("{SELECT} WHERE ref = ?1 ORDER BY id"))?
                .query_map([r], entry)?
                .collect::<Result<_, _>>()?,
            None => self
                .conn
                .prepare(&format!("{SELECT} ORDER BY id"))?
                .query_map([], entry)?
                .collect::<Result<_, _>>()?,
        };
        Ok(entries)
    }

    /// Walks the whole chain; the number of entries, or the first break.
    pub fn verify_audit(&self) -> Result<Result<u64, ChainBreak>, StoreError> {
        let report = self.walk_trail(None)?;
        Ok(match report.breaks.first() {
            Some(first) => Err(first.clone()),
            None => Ok(report.entries),
        })
    }

    /// Walks the whole chain from its first entry to its head, checking
    /// each entry's hash, its link to the one before, and its keyed hash,
    /// and carrying on past every break so that each is reported; with
    /// `anchor`, also whether the anchored entry is still there unchanged.
    pub fn walk_trail(&self, anchor: Option<&Anchor>) -> Result<TrailReport, StoreError> {
        let key = self.audit_key.key();
        let mut report = TrailReport {
            macs_checked: key.is_some(),
            ..TrailReport::default()
        };
        let mut statement = self.conn.prepare(&format!("{SELECT} ORDER BY id"))?;
        let mut rows = statement.query([])?;
        let mut previous = GENESIS.to_string();
        let mut keyed_seen = false;
        let mut anchored: Option<(String, u64)> = None;
        while let Some(row) = rows.next()? {
            report.entries += 1;
            // The keyed hash (HMAC-SHA256 of the chain hash); none for
            // entries written before keyed hashes (schema 14).
            let read = entry(row).and_then(|e| Ok((e, row.get::<_, Option<String>>(12)?)));
            let (e, mac) = match read {
                Ok(read) => read,
                Err(why) => {
                    let id = row
                        .get::<_, rusqlite::types::Value>(0)
                        .map(|v| format!("{v:?}"))
                        .unwrap_or_else(|_| "?".into());
                    report.breaks.push(ChainBreak::Unreadable {
                        id,
                        why: why.to_string(),
                    });
                    continue;
                }
            };
            if e.prev_hash != previous {
                report.breaks.push(ChainBreak::Broken { id: e.id });
            }
            if e.digest() != e.hash {
                report.breaks.push(ChainBreak::Altered { id: e.id });
            }
            match (&mac, key) {
                (None, _) if keyed_seen => report.breaks.push(ChainBreak::NoMac { id: e.id }),
                (None, _) => report.unkeyed += 1,
                (Some(mac), Some(key)) => {
                    keyed_seen = true;
                    if *mac != key.mac(&e.hash) {
                        report.breaks.push(ChainBreak::BadMac { id: e.id });
                    }
                }
                (Some(_), None) => keyed_seen = true,
            }
            if anchor.is_some_and(|a| a.entry == e.id) {
                anchored = Some((e.hash.clone(), report.entries));
            }
            previous = e.hash.clone();
            report.head = Some(Head {
                id: e.id,
                hash: e.hash,
                at: e.at,
            });
        }
        self.key_problems(&mut report, keyed_seen);
        if let Some(anchor) = anchor {
            report.anchor = Some(anchor_finding(anchor, anchored, &report));
        }
        Ok(report)
    }

    /// What is wrong with the keyed hashes as a whole.
    fn key_problems(&self, report: &mut TrailReport, keyed_seen: bool) {
        match &self.audit_key {
            KeyState::Unavailable(why) if keyed_seen || report.entries > 0 => report
                .key_problems
                .push(format!("the keyed hashes could not be checked: {why}")),
            KeyState::Ready(_) if report.entries > 0 && !keyed_seen => report.key_problems.push(format!(
                "none of the {} entries carries a keyed hash, though the database has an audit key: the keyed hashes have been removed",
                report.entries
            )),
            _ => {}
        }
    }

    /// The head of the trail as an anchor, once the whole trail has
    /// passed its check: an anchor of a broken trail would vouch for it.
    pub fn anchor(&self) -> Result<Result<Anchor, Vec<String>>, StoreError> {
        let report = self.walk_trail(None)?;
        let problems = report.problems();
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        Ok(match report.head {
            Some(head) => Ok(Anchor {
                entry: head.id,
                hash: head.hash,
                at: head.at,
                entries: Some(report.entries),
            }),
            None => Err(vec![
                "the audit trail is empty: there is nothing to anchor yet".into(),
            ]),
        })
    }

    /// Makes sure a writable store has its audit key: read from its file,
    /// or, for a database none of whose entries is keyed yet (new, or
    /// older than keyed hashes), made now. An older trail is then sealed
    /// by one keyed entry, whose keyed hash covers the chain before it.
    /// A trail with keyed entries whose key is missing gets no new key:
    /// nothing can be written until the key is put back.
    pub(super) fn settle_audit_key(&mut self) -> Result<(), StoreError> {
        let path = key_path(&self.path);
        let mut made = false;
        self.audit_key = match read_key(&path) {
            Ok(Some(key)) => KeyState::Ready(key),
            Err(why) => KeyState::Unavailable(why),
            Ok(None) => {
                let keyed: i64 = self
                    .conn
                    .query_row("SELECT count(mac) FROM audit", [], |r| r.get(0))?;
                if keyed > 0 {
                    KeyState::Unavailable(format!(
                        "the audit key file {} is missing, though {keyed} entries of the trail are keyed with it; put it back (a backup's FILE.audit-key holds it)",
                        path.display()
                    ))
                } else {
                    made = true;
                    self.make_audit_key(&path)
                }
            }
        };
        // Only a key made now seals: sealing under a key that was already
        // there would vouch for keyed hashes someone had stripped.
        if made && matches!(self.audit_key, KeyState::Ready(_)) {
            self.seal()?;
        }
        Ok(())
    }

    fn make_audit_key(&self, path: &std::path::Path) -> KeyState {
        let made = AuditKey::random().map_err(|e| format!("{e}")).and_then(|key| {
            match audit_key::write_key_file(path, &key) {
                Ok(()) => Ok(Some(key)),
                // Another process made it first: theirs is the key.
                Err(StoreError::Exists(_)) => Ok(None),
                Err(e) => Err(format!("{e}")),
            }
        });
        match made {
            Ok(Some(key)) => KeyState::Ready(key),
            Ok(None) => match read_key(path) {
                Ok(Some(key)) => KeyState::Ready(key),
                Ok(None) => KeyState::Unavailable(format!("the audit key file {} vanished", path.display())),
                Err(why) => KeyState::Unavailable(why),
            },
            Err(why) => KeyState::Unavailable(format!(
                "the audit key file {} could not be made ({why})",
                path.display()
            )),
        }
    }

    /// One keyed entry after a trail none of whose entries is keyed.
    fn seal(&mut self) -> Result<(), StoreError> {
        let (entries, keyed): (i64, i64) =
            self.conn
                .query_row("SELECT count(*), count(mac) FROM audit", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        if entries == 0 || keyed > 0 {
            return Ok(());
        }
        self.write(|w| {
            // Looked at again under the write lock: another process may have sealed it.
            let keyed: i64 = w.tx.query_row("SELECT count(mac) FROM audit", [], |r| r.get(0))?;
            if keyed > 0 {
                return Ok(());
            }
            w.audit(Change {
                action: AuditAction::Seal,
                entity: "audit",
                reference: None,
                entity_id: None,
                before: None,
                after: Some(serde_json::json!({ "entries_before_keyed_hashes": entries })),
            })
        })
    }
}

/// What the anchor shows: the anchored entry there, unchanged, on an
/// unbroken chain (a note), or what is wrong (a problem).
fn anchor_finding(
    anchor: &Anchor,
    found: Option<(String, u64)>,
    report: &TrailReport,
) -> Result<String, String> {
    let short = |h: &str| h.get(..12).unwrap_or(h).to_string();
    let Some((hash, position)) = found else {
        let end = report
            .head
            .as_ref()
            .map_or("the trail is empty".to_string(), |h| {
                format!("the trail now ends at entry {}", h.id)
            });
        return Err(format!(
            "the anchored entry {} has changed or vanished: there is no entry {} ({end}); entries have been removed, or the trail rewritten",
            anchor.entry, anchor.entry
        ));
    };
    if hash != anchor.hash {
        return Err(format!(
            "the anchored entry {} has changed or vanished: its hash is now {}…, not {}… as anchored; the trail has been rewritten",
            anchor.entry,
            short(&hash),
            short(&anchor.hash)
        ));
    }
    if let Some(n) = anchor.entries
        && n != position
    {
        return Err(format!(
            "the anchored entry {} is there, but {position} entries lead up to it, not {n} as anchored: entries before it have been removed or added",
            anchor.entry
        ));
    }
    if !report.breaks.is_empty() {
        return Err(format!(
            "the anchored entry {} is there unchanged, but the chain is broken (see the audit trail above), so the trail cannot be vouched for",
            anchor.entry
        ));
    }
    let head = report.head.as_ref().map_or(anchor.entry, |h| h.id);
    Ok(format!(
        "the anchored entry {} ({}) is unchanged, and the chain from the first entry to it and on to the head (entry {head}) is unbroken",
        anchor.entry,
        if anchor.at.is_empty() {
            short(&anchor.hash)
        } else {
            anchor.at.clone()
        }
    ))
}

/// A child's record as the audit trail keeps it: the import's column names.
pub fn child_json(child: &permanence_domain::child::ChildFields) -> Value {
    use permanence_domain::date::iso;
    serde_json::json!({
        "ref": child.reference,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.map(iso),
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "disability": child.disability.disabled,
        "disability_note": child.disability.note,
        "legal_status": child.legal_status.code(),
        "placement_type": child.placement_type,
        "looked_after_since": child.looked_after_since.map(iso),
        "worker": child.worker,
        "team": child.team,
        "iro": child.iro,
        "rag": child.rag.map(|r| r.word()),
        "sibling_group": child.sibling_group,
    })
}

/// The fields that differ, as (before, after) objects holding only those.
pub fn diff(before: &Value, after: &Value) -> (Value, Value) {
    let mut old = serde_json::Map::new();
    let mut new = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (key, value) in a {
            let previous = b.get(key).unwrap_or(&Value::Null);
            if previous != value {
                old.insert(key.clone(), previous.clone());
                new.insert(key.clone(), value.clone());
            }
        }
    }
    (Value::Object(old), Value::Object(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor() -> Anchor {
        Anchor {
            entry: 5123,
            hash: "9f".repeat(32),
            at: "2026-12-06T04:10:00Z".into(),
            entries: Some(5123),
        }
    }

    #[test]
    fn an_anchor_reads_back_from_its_line_and_its_json() {
        let a = anchor();
        assert_eq!(
            a.line(),
            format!(
                "permanence audit anchor v1: entry 5123, hash {}, 2026-12-06T04:10:00Z, 5123 entries",
                "9f".repeat(32)
            )
        );
        assert_eq!(Anchor::parse(&format!("  {}\n", a.line())), Ok(a.clone()));
        assert_eq!(Anchor::parse(&a.json().to_string()), Ok(a.clone()));
        // Without the count, as a person might copy only the first part.
        let short = format!("permanence audit anchor v1: entry 5123, hash {}", "9f".repeat(32));
        assert_eq!(Anchor::parse(&short).map(|a| a.entries), Ok(None));
    }

    #[test]
    fn a_bad_anchor_says_what_is_wrong() {
        let hash = "9f".repeat(32);
        for (text, expected) in [
            ("", "neither the line"),
            ("entry 3", "neither the line"),
            ("permanence audit anchor v1: entry x, hash 00", "neither the line"),
            (
                "permanence audit anchor v1: entry 0, hash 00",
                "not an entry number",
            ),
            (
                &format!(
                    "permanence audit anchor v1: entry 3, hash {}",
                    hash.to_uppercase()
                ),
                "64 lower-case",
            ),
            ("{\"entry\": 3}", "no \"hash\""),
            ("{\"entry\": 3, \"hash\": \"ab\", ", "not valid JSON"),
        ] {
            let why = Anchor::parse(text).unwrap_err();
            assert!(why.contains(expected), "{text}: {why}");
        }
    }
}
