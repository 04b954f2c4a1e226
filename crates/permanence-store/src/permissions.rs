//! The permission rules in force, kept in the database (migration 13) so
//! that only an administrator, through an audited command, changes them:
//! never a file that an environment variable points at.

use crate::AuditAction;
use crate::{Change, Store, StoreError, Writer};
use rusqlite::{OptionalExtension, params};

/// The rules as stored: the text of the file they came from, its name,
/// and who put them in force when (none for the rules the database
/// started with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRules {
    pub file: String,
    pub text: String,
    pub set_by: Option<String>,
    pub set_at: Option<String>,
}

const SELECT: &str = "SELECT file, rules, set_by, set_at FROM permission_rules WHERE id = 1";

fn stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRules> {
    Ok(StoredRules {
        file: row.get(0)?,
        text: row.get(1)?,
        set_by: row.get(2)?,
        set_at: row.get(3)?,
    })
}

impl Store {
    /// The rules in force, if the database holds any (every database at
    /// schema 13 or later does, unless someone removed them by hand).
    pub fn permission_rules(&self) -> Result<Option<StoredRules>, StoreError> {
        Ok(self.conn.query_row(SELECT, [], stored).optional()?)
    }
}

impl Writer<'_> {
    /// Puts `text` (already checked) in force as the rules, read from
    /// `file`, with the old and new rules in the audit trail.
    pub fn put_permission_rules(&mut self, file: &str, text: &str) -> Result<(), StoreError> {
        let before = self.tx.query_row(SELECT, [], stored).optional()?;
        self.audit(Change {
            action: AuditAction::Replace,
            entity: "permissions",
            reference: None,
            entity_id: None,
            before: before.map(|b| serde_json::json!({ "file": b.file, "rules": b.text })),
            after: Some(serde_json::json!({ "file": file, "rules": text })),
        })?;
        let (user, now) = (self.actor.user.clone(), self.now.clone());
        self.tx.execute(
            "INSERT INTO permission_rules (id, file, rules, set_by, set_at) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET file = excluded.file, rules = excluded.rules,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![file, text, user, now],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Store, StoreError, migrations};
    use permanence_domain::people::{Role, Worker};
    use permanence_domain::permissions::BUILT_IN;

    fn admin(username: &str) -> Worker {
        Worker {
            username: username.into(),
            display_name: username.into(),
            role: Role::Admin,
            team: None,
        }
    }

    #[test]
    fn a_new_or_upgraded_database_holds_the_built_in_rules() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let store = Store::open(&path).unwrap();
        let rules = store.permission_rules().unwrap().unwrap();
        assert_eq!((rules.file.as_str(), rules.text.as_str()), BUILT_IN);
        assert_eq!(rules.set_by, None);

        let old = dir.path().join("old.db");
        {
            let mut conn = rusqlite::Connection::open(&old).unwrap();
            migrations::migrate_to(&mut conn, 12).unwrap();
            let tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'permission_rules'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(tables, 0);
        }
        let store = Store::open(&old).unwrap();
        assert_eq!(store.permission_rules().unwrap().unwrap().text, BUILT_IN.1);
    }

    #[test]
    fn replacing_the_rules_is_audited_and_the_last_administrator_stays_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        store.write(|w| w.put_worker(&admin("ada"))).unwrap();
        store
            .write(|w| w.put_permission_rules("ours.toml", "# ours\n"))
            .unwrap();
        let rules = store.permission_rules().unwrap().unwrap();
        assert_eq!(
            (rules.file.as_str(), rules.text.as_str()),
            ("ours.toml", "# ours\n")
        );
        let entry = store.audit_entries(None).unwrap().into_iter().last().unwrap();
        assert_eq!(
            (entry.entity.as_str(), entry.action.as_str()),
            ("permissions", "replace")
        );
        // Whatever writes, the schema keeps an administrator.
        let demoted = Worker {
            role: Role::Reviewer,
            ..admin("ada")
        };
        let refused = store.write(|w| w.put_worker(&demoted)).unwrap_err();
        assert!(refused.to_string().contains("last administrator"), "{refused}");
        let removed = store
            .write(|w| -> Result<_, StoreError> {
                Ok(w.tx.execute("DELETE FROM workers WHERE username = 'ada'", [])?)
            })
            .unwrap_err();
        assert!(removed.to_string().contains("cannot be removed"), "{removed}");
        store.write(|w| w.put_worker(&admin("bob"))).unwrap();
        store.write(|w| w.put_worker(&demoted)).unwrap();
    }
}
