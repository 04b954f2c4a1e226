//! The record's legal status kept in step with the orders recorded, in
//! the same transaction as the event that moves it, whatever recorded the
//! event (the timeline, `permanence record`, an item marked done, the
//! record form). The rule of which event makes which status is the
//! domain's (`legal_status`); this applies it. Each move is audited with
//! the status before, so withdrawing the only order recorded puts back
//! the status the record held before any order moved it.

use crate::AuditAction;
use crate::audit::Change;
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::{ChildId, LegalStatus};
use permanence_domain::date::iso;
use permanence_domain::event::Event;
use permanence_domain::legal_status::{follows_orders, latest, made_by_event};
use rusqlite::{OptionalExtension, params};

/// The entity of the audit entries this writes.
const ENTITY: &str = "legal-status";

/// What the legal status followed before an event was written: `None`
/// where the event does not move it; `Some(None)` where no order stood.
pub(crate) type Followed = Option<Option<LegalStatus>>;

impl Writer<'_> {
    /// Before an event is written: the status the events gave, for
    /// [`Writer::follow_legal_status`] after it.
    pub(crate) fn legal_status_followed(&self, child: ChildId, event: Event) -> Result<Followed, StoreError> {
        if made_by_event(event).is_none() {
            return Ok(None);
        }
        Ok(Some(
            latest(&crate::plans::standing_events(self.tx, child)?).map(|(s, _)| s),
        ))
    }

    /// After an event is written: the record's legal status moved to the
    /// order now standing (or, with none left, back to the record's own
    /// from before the first order), where the record still followed the
    /// events: a status set by hand since an order is left as it is.
    pub(crate) fn follow_legal_status(
        &mut self,
        child: ChildId,
        followed: Followed,
    ) -> Result<(), StoreError> {
        let Some(followed) = followed else {
            return Ok(());
        };
        let Some((now, reference)) = self.legal_status_of(child)? else {
            return Ok(());
        };
        if !follows_orders(now, followed) {
            return Ok(());
        }
        let standing = latest(&crate::plans::standing_events(self.tx, child)?);
        let target = match standing {
            Some((status, _)) => Some(status),
            None => self.status_before_orders(&reference)?,
        };
        let Some(target) = target.filter(|t| *t != now) else {
            return Ok(());
        };
        self.move_legal_status(child, &reference, now, followed.is_none(), target, standing)
    }

    /// The record's legal status now and its reference, where the child
    /// is on the record: what a move starts from and is audited under.
    pub(crate) fn legal_status_of(
        &self,
        child: ChildId,
    ) -> Result<Option<(LegalStatus, String)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT legal_status, ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .map(|(code, reference)| (LegalStatus::parse(&code).unwrap_or_default(), reference)))
    }

    /// The record's legal status moved from `now` (the record's `own`,
    /// from before any order, or not) to `target`, following the order
    /// `standing` (none: back to the record's own), audited with the
    /// status before: the one write of a move, whether worked out event
    /// by event ([`Writer::follow_legal_status`]) or for a new child's
    /// whole history at once (`imported::fresh`).
    pub(crate) fn move_legal_status(
        &mut self,
        child: ChildId,
        reference: &str,
        now: LegalStatus,
        own: bool,
        target: LegalStatus,
        standing: Option<(LegalStatus, NaiveDate)>,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE children SET legal_status = ?2, version = version + 1 WHERE id = ?1")?
            .execute(params![child.0, target.code()])?;
        self.audit(Change {
            action: AuditAction::Update,
            entity: ENTITY,
            reference: Some(reference),
            entity_id: None,
            before: Some(serde_json::json!({
                "legal_status": now.code(),
                "own": own,
            })),
            after: Some(serde_json::json!({
                "legal_status": target.code(),
                "follows": standing.map_or_else(
                    || "the record before any order".to_string(),
                    |(s, on)| format!("{} on {}", s.code(), iso(on))
                ),
            })),
        })
    }

    /// The record's own legal status from before an order first moved it,
    /// as the audit trail kept it.
    fn status_before_orders(&self, reference: &str) -> Result<Option<LegalStatus>, StoreError> {
        let befores: Vec<Option<String>> = self
            .tx
            .prepare_cached("SELECT before FROM audit WHERE ref = ?1 AND entity = ?2 ORDER BY id DESC")?
            .query_map(params![reference, ENTITY], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(befores
            .iter()
            .flatten()
            .filter_map(|text| serde_json::from_str::<serde_json::Value>(text).ok())
            .find(|before| before["own"] == serde_json::Value::Bool(true))
            .and_then(|before| before["legal_status"].as_str().and_then(LegalStatus::parse)))
    }
}
