//! Drafts: unsaved dialog text kept when a session ends without the user
//! choosing to leave (the connection dropped, the terminal closed), so
//! nothing they typed is lost. Drafts belong to the user who typed them.

use crate::{Store, StoreError};
use rusqlite::params;

/// One kept draft: what it was for, and the fields' text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub purpose: String,
    pub fields: Vec<String>,
    pub saved_at: String,
}

impl Store {
    /// Keeps a draft for the acting user, replacing any for the same purpose.
    pub fn save_draft(&mut self, purpose: &str, fields: &[String]) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let now = self.clock.stamp();
        let fields = serde_json::to_string(fields).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO drafts (user, purpose, fields, saved_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user, purpose) DO UPDATE SET fields = excluded.fields, saved_at = excluded.saved_at",
            params![self.actor.user, purpose, fields, now],
        )?;
        Ok(())
    }

    /// The acting user's drafts.
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT purpose, fields, saved_at FROM drafts WHERE user = ?1 ORDER BY saved_at")?;
        let rows = statement.query_map([&self.actor.user], |r| {
            let fields: String = r.get(1)?;
            Ok(Draft {
                purpose: r.get(0)?,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                saved_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes a draft once its dialog has been saved or abandoned.
    pub fn forget_draft(&mut self, purpose: &str) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        self.conn.execute(
            "DELETE FROM drafts WHERE user = ?1 AND purpose = ?2",
            params![self.actor.user, purpose],
        )?;
        Ok(())
    }
}
